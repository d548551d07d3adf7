//! Who may do what, where: roles granted on a body reach its whole sub-tree. Deny by default.
//!
//! Personal data (names, parcels) is visible only inside a body and above it; contact data (ID
//! number, phone) only to the officers who need it. A body's public page shows no personal data.

use std::fmt;
use std::str::FromStr;

use crate::body::BodyId;
use crate::error::{DomainError, Field};
use crate::text;
use crate::tree::Tree;

/// Identifier of an account (a person who signs in).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AccountId(pub i64);

impl fmt::Display for AccountId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A role, granted to an account on a body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Administrador,
    SecretarioActas,
    SecretarioHacienda,
    Dirigente,
    Afiliado,
    Observador,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::Administrador,
        Role::SecretarioActas,
        Role::SecretarioHacienda,
        Role::Dirigente,
        Role::Afiliado,
        Role::Observador,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Role::Administrador => "administrador",
            Role::SecretarioActas => "secretario_actas",
            Role::SecretarioHacienda => "secretario_hacienda",
            Role::Dirigente => "dirigente",
            Role::Afiliado => "afiliado",
            Role::Observador => "observador",
        }
    }

    /// What this role may do on the body it is granted on, and below.
    pub fn allows(self, action: Action) -> bool {
        use Action::*;
        match self {
            Role::Administrador => true,
            // The body's own secretary keeps its statute: each change is recorded with the
            // resolution of the assembly that adopted it.
            Role::SecretarioActas => matches!(
                action,
                ViewBody | ViewMembers | ViewContact | EditRegister | ViewAudit | RunAssembly | EditStatute | ViewBooks
            ),
            // The treasurer keeps the body's book.
            Role::SecretarioHacienda => {
                matches!(action, ViewBody | ViewMembers | ViewContact | ViewAudit | ViewBooks | KeepBooks)
            }
            Role::Dirigente => matches!(
                action,
                ViewBody | ViewMembers | ViewContact | ViewAudit | RunAssembly | EditStatute | ViewBooks
            ),
            Role::Afiliado => matches!(action, ViewBody | ViewMembers),
            Role::Observador => matches!(action, ViewBody),
        }
    }
}

impl FromStr for Role {
    type Err = DomainError;

    /// Accepts the code or the Spanish name ("Secretario de Actas", "administradora").
    fn from_str(value: &str) -> Result<Self, Self::Err> {
        let folded = text::fold(value).replace(['-', '_'], " ");
        let words: Vec<&str> = folded
            .split_whitespace()
            .filter(|w| *w != "de")
            .map(|w| match w {
                "secretaria" => "secretario",
                "administradora" => "administrador",
                "afiliada" => "afiliado",
                "observadora" => "observador",
                other => other,
            })
            .collect();
        let key = words.join("_");
        Role::ALL
            .into_iter()
            .find(|role| role.code() == key)
            .ok_or_else(|| DomainError::Invalid { field: Field::Role, value: value.to_string() })
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Something a person may want to do on a body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// The body's page: sub-bodies, directiva, affiliations, counts.
    ViewBody,
    /// Names of members, households and parcels.
    ViewMembers,
    /// ID numbers and phones.
    ViewContact,
    /// Create and change bodies below, households, parcels, members, offices; import the padrón.
    EditRegister,
    /// Who changed what, and when.
    ViewAudit,
    /// Create accounts and grant roles on the body and below.
    ManageAccounts,
    /// Convene and run assemblies: check-in, motions, votes, elections, the acta's draft.
    RunAssembly,
    /// Change the body's statute (quorum, fines, who signs actas).
    EditStatute,
    /// The body's book: every family's debts and payments, receipts, the treasurer's report.
    ViewBooks,
    /// Record in the body's book: charges, payments, receipts, reversals, transfers, closing.
    KeepBooks,
}

/// A role on a body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Grant {
    pub body: BodyId,
    pub role: Role,
}

/// Whether an account with `grants` may do `action` on `body`: some grant on the body itself or
/// on a body above it must allow it. Nothing is allowed by default.
pub fn allows(grants: &[Grant], tree: &Tree, action: Action, body: BodyId) -> bool {
    grants.iter().any(|grant| grant.role.allows(action) && tree.is_within(body, grant.body))
}

/// A username: 3 to 40 letters, digits, `.`, `-` or `_`, stored lower case.
pub fn validate_username(value: &str) -> Result<String, DomainError> {
    let value = text::required(Field::Username, value, 40)?.to_lowercase();
    if value.chars().count() < 3 || !value.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')) {
        return Err(DomainError::Invalid { field: Field::Username, value });
    }
    Ok(value)
}

/// The 10,000 most common passwords of leaked password lists, lowercase, most common first
/// (the ranked list zxcvbn ships, from Xato's ten million passwords).
const COMMON_PASSWORDS: &str = include_str!("common_passwords.txt");

/// Whether a password is on the list of the most common ones, whatever its case.
pub fn is_common_password(value: &str) -> bool {
    let lower = value.trim().to_lowercase();
    COMMON_PASSWORDS.lines().any(|common| common == lower)
}

/// The one rule for every new password (an account's creation, the first run, a change or a
/// reset): at least 10 characters, at most 200, and not one of the most common passwords.
pub fn validate_password(value: &str) -> Result<(), DomainError> {
    if value.chars().count() < 10 {
        return Err(DomainError::TooShort { field: Field::Password, min: 10 });
    }
    if value.chars().count() > 200 {
        return Err(DomainError::TooLong { field: Field::Password, max: 200 });
    }
    if is_common_password(value) {
        return Err(DomainError::CommonPassword);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_passwords_are_refused_whatever_their_case() {
        assert_eq!(validate_password("1234567890"), Err(DomainError::CommonPassword));
        assert_eq!(validate_password("QwertyUIOP"), Err(DomainError::CommonPassword));
        assert_eq!(validate_password("password123"), Err(DomainError::CommonPassword));
        assert_eq!(validate_password("qwerty"), Err(DomainError::TooShort { field: Field::Password, min: 10 }));
        assert_eq!(validate_password("una frase larga de Juana"), Ok(()));
        assert!(is_common_password("Dragon") && !is_common_password("chapare-1987-cocalero"));
        assert_eq!(COMMON_PASSWORDS.lines().count(), 10_000);
    }

    fn b(n: i64) -> BodyId {
        BodyId(n)
    }

    /// 1 → (2 → 4, 3)
    fn tree() -> Tree {
        Tree::new([(b(1), None), (b(2), Some(b(1))), (b(3), Some(b(1))), (b(4), Some(b(2)))])
    }

    #[test]
    fn a_role_reaches_the_whole_subtree_and_nothing_above_or_beside() {
        let grants = [Grant { body: b(2), role: Role::SecretarioActas }];
        assert!(allows(&grants, &tree(), Action::EditRegister, b(2)));
        assert!(allows(&grants, &tree(), Action::EditRegister, b(4)));
        assert!(!allows(&grants, &tree(), Action::EditRegister, b(1)));
        assert!(!allows(&grants, &tree(), Action::ViewBody, b(3)));
    }

    #[test]
    fn nothing_is_allowed_without_a_grant() {
        for action in [Action::ViewBody, Action::ViewMembers, Action::EditRegister, Action::ManageAccounts] {
            assert!(!allows(&[], &tree(), action, b(1)));
        }
    }

    #[test]
    fn contact_data_is_for_officers_and_names_for_members() {
        let afiliado = [Grant { body: b(4), role: Role::Afiliado }];
        assert!(allows(&afiliado, &tree(), Action::ViewMembers, b(4)));
        assert!(!allows(&afiliado, &tree(), Action::ViewContact, b(4)));
        assert!(!allows(&afiliado, &tree(), Action::EditRegister, b(4)));
        let observador = [Grant { body: b(1), role: Role::Observador }];
        assert!(allows(&observador, &tree(), Action::ViewBody, b(4)));
        assert!(!allows(&observador, &tree(), Action::ViewMembers, b(4)));
        let dirigente = [Grant { body: b(1), role: Role::Dirigente }];
        assert!(allows(&dirigente, &tree(), Action::ViewContact, b(4)));
        assert!(!allows(&dirigente, &tree(), Action::ManageAccounts, b(4)));
    }

    #[test]
    fn roles_are_read_as_people_write_them() {
        assert_eq!("Secretario de Actas".parse(), Ok(Role::SecretarioActas));
        assert_eq!("secretaria de hacienda".parse(), Ok(Role::SecretarioHacienda));
        assert_eq!("ADMINISTRADORA".parse(), Ok(Role::Administrador));
        assert_eq!("afiliada".parse(), Ok(Role::Afiliado));
        assert!("presidente".parse::<Role>().is_err());
    }

    #[test]
    fn usernames_and_passwords_are_checked() {
        assert_eq!(validate_username(" Juana.Mamani "), Ok("juana.mamani".into()));
        assert!(validate_username("ju").is_err());
        assert!(validate_username("juana mamani").is_err());
        assert!(validate_password("corta").is_err());
        assert!(validate_password("una frase larga").is_ok());
    }
}
