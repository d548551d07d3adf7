//! Bodies (organizaciones): the nodes of the structural tree, and affiliations outside it.

use std::fmt;
use std::str::FromStr;

use crate::Date;
use crate::error::{DomainError, Field};
use crate::ids::PublicId;
use crate::text;

/// Identifier of a body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BodyId(pub i64);

impl fmt::Display for BodyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// What kind of organisation a body is. Stored and typed as its Spanish `code`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BodyKind {
    Confederacion,
    Federacion,
    Central,
    Sindicato,
    Subcentral,
    Consejo,
    Parlamento,
    Instrumento,
    Filial,
    Comision,
    Otra,
}

impl BodyKind {
    pub const ALL: [BodyKind; 11] = [
        BodyKind::Confederacion,
        BodyKind::Federacion,
        BodyKind::Central,
        BodyKind::Subcentral,
        BodyKind::Sindicato,
        BodyKind::Consejo,
        BodyKind::Parlamento,
        BodyKind::Instrumento,
        BodyKind::Filial,
        BodyKind::Comision,
        BodyKind::Otra,
    ];

    pub fn code(self) -> &'static str {
        match self {
            BodyKind::Confederacion => "confederacion",
            BodyKind::Federacion => "federacion",
            BodyKind::Central => "central",
            BodyKind::Subcentral => "subcentral",
            BodyKind::Sindicato => "sindicato",
            BodyKind::Consejo => "consejo",
            BodyKind::Parlamento => "parlamento",
            BodyKind::Instrumento => "instrumento",
            BodyKind::Filial => "filial",
            BodyKind::Comision => "comision",
            BodyKind::Otra => "otra",
        }
    }

    /// The composition a body of this kind usually has, when none is given.
    pub fn default_composition(self) -> Composition {
        match self {
            BodyKind::Sindicato => Composition::Households,
            BodyKind::Parlamento | BodyKind::Comision | BodyKind::Filial => Composition::Individuals,
            BodyKind::Otra => Composition::Individuals,
            BodyKind::Confederacion
            | BodyKind::Federacion
            | BodyKind::Central
            | BodyKind::Subcentral
            | BodyKind::Consejo
            | BodyKind::Instrumento => Composition::Delegates,
        }
    }
}

impl FromStr for BodyKind {
    type Err = DomainError;

    /// Accepts the code, with or without accents, in any case ("Confederación", "FEDERACION").
    fn from_str(value: &str) -> Result<Self, Self::Err> {
        let key = text::fold(value);
        BodyKind::ALL
            .into_iter()
            .find(|kind| kind.code() == key)
            .ok_or_else(|| DomainError::UnknownBodyKind { value: value.to_string() })
    }
}

impl fmt::Display for BodyKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Who the members of a body are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Composition {
    /// Families through their parcels: a territorial sindicato.
    Households,
    /// People, one by one (a women's parliament, a commission).
    Individuals,
    /// Delegates of member organisations (a federation, a council, an instrument).
    Delegates,
    /// Anyone who comes: a cabildo abierto.
    Open,
}

impl Composition {
    pub const ALL: [Composition; 4] =
        [Composition::Households, Composition::Individuals, Composition::Delegates, Composition::Open];

    pub fn code(self) -> &'static str {
        match self {
            Composition::Households => "households",
            Composition::Individuals => "individuals",
            Composition::Delegates => "delegates",
            Composition::Open => "open",
        }
    }
}

impl FromStr for Composition {
    type Err = DomainError;

    /// Accepts the English code or its Spanish name (familias, personas, delegados, abierta).
    fn from_str(value: &str) -> Result<Self, Self::Err> {
        match text::fold(value).as_str() {
            "households" | "familias" | "hogares" => Ok(Composition::Households),
            "individuals" | "personas" | "individual" => Ok(Composition::Individuals),
            "delegates" | "delegados" => Ok(Composition::Delegates),
            "open" | "abierta" | "abierto" => Ok(Composition::Open),
            _ => Err(DomainError::UnknownComposition { value: value.to_string() }),
        }
    }
}

impl fmt::Display for Composition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A body as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    pub id: BodyId,
    /// The id other instances know the body by.
    pub public_id: PublicId,
    pub parent_id: Option<BodyId>,
    pub kind: BodyKind,
    pub composition: Composition,
    pub name: String,
    /// Short unique code, used in files and on the command line (e.g. `FED-1-C03-S07`).
    pub code: String,
    pub created_on: Date,
    pub closed_on: Option<Date>,
    /// Whether the body shows a public page: name, directiva and counts, no personal data.
    pub published: bool,
}

impl Body {
    pub fn is_open(&self) -> bool {
        self.closed_on.is_none()
    }

    /// "Sindicato San José (FED-1-C03-S07)": how errors name a body.
    pub fn label(&self) -> String {
        format!("{} ({})", self.name, self.code)
    }
}

pub const MAX_BODY_NAME: usize = 200;
pub const MAX_BODY_CODE: usize = 40;

/// A body to be created, validated.
#[derive(Debug, Clone, PartialEq)]
pub struct NewBody {
    pub parent_id: Option<BodyId>,
    pub kind: BodyKind,
    pub composition: Composition,
    pub name: String,
    pub code: String,
    pub created_on: Date,
}

impl NewBody {
    /// Validates a new body. Without a code one is made from the name (the store refuses
    /// duplicates).
    pub fn new(
        parent_id: Option<BodyId>,
        kind: BodyKind,
        composition: Option<Composition>,
        name: &str,
        code: Option<&str>,
        created_on: Date,
    ) -> Result<Self, DomainError> {
        let name = validate_name(name)?;
        let code = match code {
            Some(code) if !code.trim().is_empty() => validate_code(code)?,
            _ => code_from_name(&name),
        };
        Ok(NewBody {
            parent_id,
            kind,
            composition: composition.unwrap_or_else(|| kind.default_composition()),
            name,
            code,
            created_on,
        })
    }
}

pub fn validate_name(name: &str) -> Result<String, DomainError> {
    text::required(Field::BodyName, name, MAX_BODY_NAME)
}

/// A body code: letters, digits, `-`, `_` and `.`, at most 40 characters; stored upper case.
pub fn validate_code(code: &str) -> Result<String, DomainError> {
    let code = text::required(Field::BodyCode, code, MAX_BODY_CODE)?;
    if !code.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')) {
        return Err(DomainError::Invalid { field: Field::BodyCode, value: code });
    }
    Ok(code.to_ascii_uppercase())
}

/// "Sindicato San José de Chimoré" → "SAN-JOSE-DE-CHIMORE" (accents folded, at most 40 chars).
pub fn code_from_name(name: &str) -> String {
    let folded = text::fold(name);
    let mut code = String::new();
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            code.push(c.to_ascii_uppercase());
        } else if !code.ends_with('-') && !code.is_empty() {
            code.push('-');
        }
        if code.len() >= MAX_BODY_CODE {
            break;
        }
    }
    let code = code.trim_end_matches('-').to_string();
    if code.is_empty() { "BODY".to_string() } else { code }
}

/// What happened to a body: its history is never overwritten.
#[derive(Debug, Clone, PartialEq)]
pub enum BodyEventKind {
    Created,
    Renamed { from: String, to: String },
    Moved { from: Option<BodyId>, to: Option<BodyId> },
    Closed,
    Reopened,
}

impl BodyEventKind {
    pub fn code(&self) -> &'static str {
        match self {
            BodyEventKind::Created => "created",
            BodyEventKind::Renamed { .. } => "renamed",
            BodyEventKind::Moved { .. } => "moved",
            BodyEventKind::Closed => "closed",
            BodyEventKind::Reopened => "reopened",
        }
    }

    /// The old and new values, as text, for the history table.
    pub fn values(&self) -> (Option<String>, Option<String>) {
        let id = |b: &Option<BodyId>| b.map(|b| b.0.to_string());
        match self {
            BodyEventKind::Renamed { from, to } => (Some(from.clone()), Some(to.clone())),
            BodyEventKind::Moved { from, to } => (id(from), id(to)),
            _ => (None, None),
        }
    }

    /// Rebuilds an event from its stored code and values.
    pub fn from_stored(code: &str, from: Option<String>, to: Option<String>) -> Option<Self> {
        let id = |v: Option<String>| v.and_then(|v| v.parse().ok()).map(BodyId);
        Some(match code {
            "created" => BodyEventKind::Created,
            "renamed" => BodyEventKind::Renamed { from: from.unwrap_or_default(), to: to.unwrap_or_default() },
            "moved" => BodyEventKind::Moved { from: id(from), to: id(to) },
            "closed" => BodyEventKind::Closed,
            "reopened" => BodyEventKind::Reopened,
            _ => return None,
        })
    }
}

/// One line of a body's history.
#[derive(Debug, Clone, PartialEq)]
pub struct BodyEvent {
    pub body_id: BodyId,
    pub on: Date,
    pub kind: BodyEventKind,
}

/// Full member or observer of a host organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AffiliationKind {
    Full,
    Observer,
}

impl AffiliationKind {
    pub fn code(self) -> &'static str {
        match self {
            AffiliationKind::Full => "full",
            AffiliationKind::Observer => "observer",
        }
    }
}

impl FromStr for AffiliationKind {
    type Err = DomainError;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        match text::fold(value).as_str() {
            "full" | "plena" | "pleno" => Ok(AffiliationKind::Full),
            "observer" | "observadora" | "observador" => Ok(AffiliationKind::Observer),
            _ => Err(DomainError::Invalid { field: Field::BodyKind, value: value.to_string() }),
        }
    }
}

/// An organisation joined to another outside the structural tree.
#[derive(Debug, Clone, PartialEq)]
pub struct Affiliation {
    pub id: i64,
    pub member_id: BodyId,
    pub host_id: BodyId,
    pub kind: AffiliationKind,
    pub since: Date,
    pub until: Option<Date>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date() -> Date {
        Date::from_ymd_opt(2026, 1, 1).unwrap_or_default()
    }

    #[test]
    fn kinds_are_read_with_or_without_accents() {
        assert_eq!("Confederación".parse(), Ok(BodyKind::Confederacion));
        assert_eq!("SINDICATO".parse(), Ok(BodyKind::Sindicato));
        assert!(matches!("cooperativa".parse::<BodyKind>(), Err(DomainError::UnknownBodyKind { .. })));
    }

    #[test]
    fn a_sindicato_is_made_of_households_unless_told_otherwise() {
        let body = NewBody::new(None, BodyKind::Sindicato, None, "San José", None, date());
        assert_eq!(body.map(|b| b.composition), Ok(Composition::Households));
        let body = NewBody::new(None, BodyKind::Sindicato, Some(Composition::Individuals), "X", None, date());
        assert_eq!(body.map(|b| b.composition), Ok(Composition::Individuals));
    }

    #[test]
    fn codes_are_made_from_names_and_checked_when_given() {
        assert_eq!(code_from_name("Sindicato San José de Chimoré"), "SINDICATO-SAN-JOSE-DE-CHIMORE");
        assert_eq!(validate_code("fed-1"), Ok("FED-1".to_string()));
        assert!(matches!(validate_code("fed 1"), Err(DomainError::Invalid { .. })));
    }

    #[test]
    fn a_body_needs_a_name() {
        assert_eq!(
            NewBody::new(None, BodyKind::Central, None, "  ", None, date()),
            Err(DomainError::Required { field: Field::BodyName })
        );
    }
}
