//! People, households (familias), parcels (parcelas) and offices (cargos).
//!
//! Least personal data: a person is a name, with an optional ID number and phone; the ID number is
//! never required and never shown in lists.

use std::fmt;

use crate::Date;
use crate::body::BodyId;
use crate::error::{DomainError, Field};
use crate::ids::PublicId;
use crate::text;

macro_rules! id_type {
    ($name:ident) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.0)
            }
        }
    };
}

id_type!(PersonId);
id_type!(HouseholdId);
id_type!(ParcelId);
id_type!(OfficeId);

pub const MAX_NAME: usize = 100;
pub const MAX_ID_NUMBER: usize = 20;
pub const MAX_PHONE: usize = 30;
pub const MAX_PARCEL_CODE: usize = 40;
pub const MAX_PLACE: usize = 120;
pub const MAX_REGISTER_NUMBER: usize = 20;
pub const MAX_OFFICE_TITLE: usize = 100;

/// A person's name as Bolivian registers write it: given names, first (paternal) surname and an
/// optional second (maternal) surname.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PersonName {
    pub given_names: String,
    pub first_surname: String,
    pub second_surname: Option<String>,
}

impl PersonName {
    pub fn new(given: &str, first: &str, second: &str) -> Result<Self, DomainError> {
        Ok(PersonName {
            given_names: text::required(Field::GivenNames, given, MAX_NAME)?,
            first_surname: text::required(Field::FirstSurname, first, MAX_NAME)?,
            second_surname: text::optional(Field::SecondSurname, second, MAX_NAME)?,
        })
    }

    /// "MAMANI QUISPE, Juan Carlos": surnames first, as padrones are sorted.
    pub fn sortable(&self) -> String {
        match &self.second_surname {
            Some(second) => format!("{} {}, {}", self.first_surname, second, self.given_names),
            None => format!("{}, {}", self.first_surname, self.given_names),
        }
    }

    /// "Juan Carlos Mamani Quispe".
    pub fn display(&self) -> String {
        match &self.second_surname {
            Some(second) => format!("{} {} {}", self.given_names, self.first_surname, second),
            None => format!("{} {}", self.given_names, self.first_surname),
        }
    }

    /// Search key: folded surnames then given names.
    pub fn search_key(&self) -> String {
        text::fold(&self.display())
    }
}

/// Which way round a one-column name is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameOrder {
    /// "Juan Carlos Mamani Quispe" ("Nombres y Apellidos", "Nombre completo").
    GivenFirst,
    /// "Mamani Quispe Juan Carlos" ("Apellidos y Nombres").
    SurnamesFirst,
}

/// Splits a name written in one column. A comma always separates surnames from given names
/// ("Mamani Quispe, Juan"). Otherwise two surnames are assumed, on the side `order` says; particles
/// ("de", "del", "de la", "vda. de") stay with the surname they introduce.
pub fn split_full_name(full: &str, order: NameOrder) -> Result<PersonName, DomainError> {
    let full = text::collapse_spaces(full);
    if full.is_empty() {
        return Err(DomainError::Required { field: Field::FullName });
    }
    if let Some((surnames, given)) = full.split_once(',') {
        let words = group_particles(surnames);
        return name_from_groups(given, &words, &full);
    }
    let words = group_particles(&full);
    if words.len() < 2 {
        return Err(DomainError::Invalid { field: Field::FullName, value: full });
    }
    // Keep at least one given name: two words are "given surname", three "given s1 s2" etc.
    let n_surnames = if words.len() >= 3 { 2 } else { 1 };
    let (given, surnames) = match order {
        NameOrder::GivenFirst => {
            let cut = words.len() - n_surnames;
            (words[..cut].join(" "), words[cut..].to_vec())
        }
        NameOrder::SurnamesFirst => (words[n_surnames..].join(" "), words[..n_surnames].to_vec()),
    };
    name_from_groups(&given, &surnames, &full)
}

fn name_from_groups(given: &str, surnames: &[String], full: &str) -> Result<PersonName, DomainError> {
    match surnames {
        [first] => PersonName::new(given, first, ""),
        [first, second] => PersonName::new(given, first, second),
        [first, rest @ ..] => PersonName::new(given, first, &rest.join(" ")),
        [] => Err(DomainError::Invalid { field: Field::FullName, value: full.to_string() }),
    }
}

/// Splits into words, gluing particles to the word that follows ("de la Cruz" is one surname).
fn group_particles(value: &str) -> Vec<String> {
    const PARTICLES: [&str; 6] = ["de", "del", "la", "las", "los", "vda."];
    let mut out: Vec<String> = Vec::new();
    let mut pending = String::new();
    for word in value.split_whitespace() {
        if PARTICLES.contains(&text::fold(word).as_str()) {
            if !pending.is_empty() {
                pending.push(' ');
            }
            pending.push_str(word);
            continue;
        }
        if pending.is_empty() {
            out.push(word.to_string());
        } else {
            out.push(format!("{pending} {word}"));
            pending.clear();
        }
    }
    if !pending.is_empty() {
        out.push(pending);
    }
    out
}

/// A person as stored. `id_number` is private data: never listed, never public.
#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    pub id: PersonId,
    pub public_id: PublicId,
    pub name: PersonName,
    pub id_number: Option<String>,
    pub phone: Option<String>,
}

pub fn validate_id_number(value: &str) -> Result<Option<String>, DomainError> {
    let value = text::optional(Field::IdNumber, value, MAX_ID_NUMBER)?;
    if let Some(v) = &value
        && !v.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | ' ' | '.'))
    {
        return Err(DomainError::Invalid { field: Field::IdNumber, value: v.clone() });
    }
    Ok(value)
}

pub fn validate_phone(value: &str) -> Result<Option<String>, DomainError> {
    let value = text::optional(Field::Phone, value, MAX_PHONE)?;
    if let Some(v) = &value
        && !v.chars().all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | ' ' | '(' | ')'))
    {
        return Err(DomainError::Invalid { field: Field::Phone, value: v.clone() });
    }
    Ok(value)
}

/// What is stored about a person, without its id.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonData {
    pub name: PersonName,
    pub id_number: Option<String>,
    pub phone: Option<String>,
}

/// What is stored about a household besides its body and representative.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct HouseholdData {
    pub register_number: Option<String>,
    pub affiliated_on: Option<Date>,
}

/// What is stored about a parcel besides its body and household.
#[derive(Debug, Clone, PartialEq)]
pub struct ParcelData {
    pub code: ParcelCode,
    pub area: Option<Area>,
    pub place: Option<String>,
    pub coordinates: Option<Coordinates>,
}

/// A family, represented by one person, member of a territorial sindicato through its parcels.
#[derive(Debug, Clone, PartialEq)]
pub struct Household {
    pub id: HouseholdId,
    pub public_id: PublicId,
    pub body_id: BodyId,
    pub representative: Person,
    /// The number the sindicato's own register gives the family ("N°"), when it keeps one.
    pub register_number: Option<String>,
    pub affiliated_on: Option<Date>,
}

/// A parcel code, unique within its sindicato ("Lote 12", "A-103").
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ParcelCode(String);

impl ParcelCode {
    pub fn new(value: &str) -> Result<Self, DomainError> {
        Ok(ParcelCode(text::required(Field::ParcelCode, value, MAX_PARCEL_CODE)?))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ParcelCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An area, kept exactly in square metres (1 ha = 10,000 m²) so that it round-trips.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Area {
    pub square_metres: i64,
}

/// The largest parcel accepted: 100,000 ha is far beyond any family plot and catches typos.
pub const MAX_AREA_M2: i64 = 100_000 * 10_000;

impl Area {
    pub fn from_square_metres(square_metres: i64) -> Result<Self, DomainError> {
        if !(0..=MAX_AREA_M2).contains(&square_metres) {
            return Err(DomainError::OutOfRange {
                field: Field::Area,
                value: Area { square_metres }.hectares_text('.'),
                min: "0".into(),
                max: "100000".into(),
            });
        }
        Ok(Area { square_metres })
    }

    /// Hectares with up to four decimals, trailing zeros dropped: "2.5", "0.0125", "10".
    pub fn hectares_text(self, decimal_separator: char) -> String {
        let whole = self.square_metres / 10_000;
        let frac = (self.square_metres % 10_000).abs();
        if frac == 0 {
            return whole.to_string();
        }
        let frac = format!("{frac:04}");
        format!("{whole}{decimal_separator}{}", frac.trim_end_matches('0'))
    }
}

/// A point in WGS84 degrees.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Coordinates {
    pub latitude: f64,
    pub longitude: f64,
}

impl Coordinates {
    pub fn new(latitude: f64, longitude: f64) -> Result<Self, DomainError> {
        if !(-90.0..=90.0).contains(&latitude) {
            return Err(DomainError::OutOfRange {
                field: Field::Latitude,
                value: latitude.to_string(),
                min: "-90".into(),
                max: "90".into(),
            });
        }
        if !(-180.0..=180.0).contains(&longitude) {
            return Err(DomainError::OutOfRange {
                field: Field::Longitude,
                value: longitude.to_string(),
                min: "-180".into(),
                max: "180".into(),
            });
        }
        Ok(Coordinates { latitude, longitude })
    }
}

/// A plot of land, attached to a sindicato and held by a household.
#[derive(Debug, Clone, PartialEq)]
pub struct Parcel {
    pub id: ParcelId,
    pub public_id: PublicId,
    pub body_id: BodyId,
    pub household_id: HouseholdId,
    pub code: ParcelCode,
    pub area: Option<Area>,
    pub place: Option<String>,
    pub coordinates: Option<Coordinates>,
}

/// How an office ended, when it did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OfficeEnd {
    Term,
    Resignation,
    Recall,
}

impl OfficeEnd {
    pub fn code(self) -> &'static str {
        match self {
            OfficeEnd::Term => "term",
            OfficeEnd::Resignation => "resignation",
            OfficeEnd::Recall => "recall",
        }
    }

    pub fn parse(value: &str) -> Result<Self, DomainError> {
        match text::fold(value).as_str() {
            "term" | "gestion" | "fin de gestion" => Ok(OfficeEnd::Term),
            "resignation" | "renuncia" => Ok(OfficeEnd::Resignation),
            "recall" | "revocatoria" | "revocado" => Ok(OfficeEnd::Recall),
            _ => Err(DomainError::Invalid { field: Field::Date, value: value.to_string() }),
        }
    }
}

/// An office (cargo) of a body's directiva, held by a person for a term.
#[derive(Debug, Clone, PartialEq)]
pub struct Office {
    pub id: OfficeId,
    pub public_id: PublicId,
    pub body_id: BodyId,
    pub person_id: PersonId,
    /// The holder's public id.
    pub person_public_id: PublicId,
    pub holder: PersonName,
    pub title: String,
    pub term_start: Date,
    pub term_end: Option<Date>,
    pub ended_on: Option<Date>,
    pub end_reason: Option<OfficeEnd>,
}

impl Office {
    /// Whether the office is held on `day`.
    pub fn is_current(&self, day: Date) -> bool {
        self.term_start <= day
            && self.ended_on.is_none_or(|end| day < end)
            && self.term_end.is_none_or(|end| day <= end)
    }
}

/// An office to be created, validated.
#[derive(Debug, Clone, PartialEq)]
pub struct NewOffice {
    pub title: String,
    pub term_start: Date,
    pub term_end: Option<Date>,
}

impl NewOffice {
    pub fn new(title: &str, term_start: Date, term_end: Option<Date>) -> Result<Self, DomainError> {
        let title = text::required(Field::OfficeTitle, title, MAX_OFFICE_TITLE)?;
        if let Some(end) = term_end
            && end < term_start
        {
            return Err(DomainError::EndBeforeStart { start: term_start.to_string(), end: end.to_string() });
        }
        Ok(NewOffice { title, term_start, term_end })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(given: &str, first: &str, second: Option<&str>) -> PersonName {
        PersonName { given_names: given.into(), first_surname: first.into(), second_surname: second.map(Into::into) }
    }

    #[test]
    fn one_column_names_are_split_by_the_order_the_header_says() {
        assert_eq!(
            split_full_name("Juan Carlos Mamani Quispe", NameOrder::GivenFirst),
            Ok(name("Juan Carlos", "Mamani", Some("Quispe")))
        );
        assert_eq!(
            split_full_name("MAMANI QUISPE JUAN CARLOS", NameOrder::SurnamesFirst),
            Ok(name("JUAN CARLOS", "MAMANI", Some("QUISPE")))
        );
        assert_eq!(split_full_name("Rosa Choque", NameOrder::GivenFirst), Ok(name("Rosa", "Choque", None)));
    }

    #[test]
    fn a_comma_separates_surnames_from_given_names() {
        assert_eq!(
            split_full_name("de la Cruz Mamani, María Elena", NameOrder::GivenFirst),
            Ok(name("María Elena", "de la Cruz", Some("Mamani")))
        );
    }

    #[test]
    fn particles_stay_with_their_surname() {
        assert_eq!(
            split_full_name("Ana María del Castillo Flores", NameOrder::GivenFirst),
            Ok(name("Ana María", "del Castillo", Some("Flores")))
        );
    }

    #[test]
    fn a_single_word_is_not_a_name() {
        assert!(split_full_name("Juan", NameOrder::GivenFirst).is_err());
        assert_eq!(split_full_name("  ", NameOrder::GivenFirst), Err(DomainError::Required { field: Field::FullName }));
    }

    #[test]
    fn areas_print_as_hectares_exactly() {
        assert_eq!(Area { square_metres: 25_000 }.hectares_text(','), "2,5");
        assert_eq!(Area { square_metres: 100_000 }.hectares_text('.'), "10");
        assert_eq!(Area { square_metres: 125 }.hectares_text('.'), "0.0125");
        assert!(Area::from_square_metres(-1).is_err());
    }

    #[test]
    fn coordinates_must_be_on_earth() {
        assert!(Coordinates::new(-16.95, -65.4).is_ok());
        assert!(Coordinates::new(-95.0, -65.4).is_err());
        assert!(Coordinates::new(-16.0, 181.0).is_err());
    }

    #[test]
    fn id_numbers_and_phones_are_optional_but_checked() {
        assert_eq!(validate_id_number(""), Ok(None));
        assert_eq!(validate_id_number(" 4567890-1B "), Ok(Some("4567890-1B".into())));
        assert!(validate_id_number("=HYPERLINK(1)").is_err());
        assert!(validate_phone("7123abcd").is_err());
    }

    #[test]
    fn an_office_term_cannot_end_before_it_starts() {
        let d = |y, m, dd| Date::from_ymd_opt(y, m, dd).unwrap_or_default();
        assert!(NewOffice::new("Secretario General", d(2026, 1, 1), Some(d(2025, 1, 1))).is_err());
        assert!(NewOffice::new("Secretario General", d(2026, 1, 1), Some(d(2028, 1, 1))).is_ok());
    }
}
