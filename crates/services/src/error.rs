//! The services' error: every refusal a user can cause, with a stable code that is also its
//! message id in the catalogues (`cabildo-i18n`), and the arguments the message needs.

use cabildo_domain::padron::HeaderError;
use cabildo_domain::{DomainError, Message};
use cabildo_store::StoreError;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ServiceError {
    #[error(transparent)]
    Domain(#[from] DomainError),
    #[error("no body {reference:?}: give its number or its code (see `cabildo body list`)")]
    UnknownBody { reference: String },
    #[error("there is already a body with code {code}")]
    DuplicateBodyCode { code: String },
    #[error("parcel {code} already exists in {body}")]
    DuplicateParcelCode { code: String, body: String },
    #[error("{body} is closed: reopen it or choose an open body")]
    BodyClosed { body: String },
    #[error("{body} still has {count} open sub-bodies: close or move them first")]
    HasOpenChildren { body: String, count: usize },
    #[error("{body} is not made of households: families can only join a sindicato of households")]
    NotHouseholdBody { body: String },
    #[error("{body} is not made of individuals: people join it through their organisations")]
    NotIndividualBody { body: String },
    #[error("no household {id}")]
    UnknownHousehold { id: i64 },
    #[error("no office {id}")]
    UnknownOffice { id: i64 },
    #[error("no affiliation {id}")]
    UnknownAffiliation { id: i64 },
    #[error("sindicato {reference:?} is not under {target}")]
    SindicatoOutsideTarget { reference: String, target: String },
    #[error("{count} sindicatos under {target} are called {name:?}: add a \"Código Sindicato\" column")]
    AmbiguousSindicato { name: String, count: usize, target: String },
    #[error("parcel {code} of {body} appears twice in the file (first on line {first_line})")]
    DuplicateParcelInFile { code: String, body: String, first_line: u64 },
    #[error("N° {number} of {body} is given to two different people (first on line {first_line})")]
    RegisterNumberConflict { number: String, body: String, first_line: u64 },
    #[error("the line cannot be read: {reason}")]
    UnreadableLine { reason: String },
    #[error("{path} is not a text (CSV) file: save the spreadsheet as CSV")]
    NotText { path: String },
    #[error("you may not do this in {body}: ask an officer of the body for a role")]
    Forbidden { body: String },
    #[error("sign in first")]
    SignInRequired,
    #[error("wrong username or password")]
    BadCredentials,
    #[error("too many sign-in attempts: wait {seconds} seconds")]
    TooManyAttempts { seconds: i64 },
    #[error("there is already an account {username}")]
    DuplicateUsername { username: String },
    #[error("there is no account {username}")]
    UnknownAccount { username: String },
    #[error("the database is not empty: the demo only fills an empty database (use a new --db)")]
    DatabaseNotEmpty,
    #[error("{0}")]
    Header(HeaderError),
    #[error("cannot read {path}: {reason}")]
    Unreadable { path: String, reason: String },
    #[error("cannot write {path}: {reason}")]
    Unwritable { path: String, reason: String },
    #[error("the database cannot be reached: {0}")]
    Unavailable(String),
    #[error("the database was written by a newer cabildo (migration {found}, this one knows {known}): upgrade cabildo")]
    DatabaseAhead { found: i64, known: i64 },
    #[error("{0}")]
    Conflict(String),
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<StoreError> for ServiceError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Unavailable(m) => ServiceError::Unavailable(m),
            StoreError::MigrationAhead { found, known } => ServiceError::DatabaseAhead { found, known },
            StoreError::Conflict(m) => ServiceError::Conflict(m),
            StoreError::NotFound => ServiceError::Internal("a record vanished during the change".into()),
            StoreError::Corrupt(m) | StoreError::Internal(m) => ServiceError::Internal(m),
        }
    }
}

impl From<HeaderError> for ServiceError {
    fn from(error: HeaderError) -> Self {
        ServiceError::Header(error)
    }
}

impl ServiceError {
    /// The message id and arguments for translation.
    pub fn message(&self) -> Message {
        let m = |id| Message::new(id);
        match self {
            ServiceError::Domain(e) => e.message(),
            ServiceError::Header(e) => e.message(),
            ServiceError::UnknownBody { reference } => m("unknown_body").arg("reference", reference),
            ServiceError::DuplicateBodyCode { code } => m("duplicate_body_code").arg("code", code),
            ServiceError::DuplicateParcelCode { code, body } => {
                m("duplicate_parcel_code").arg("code", code).arg("body", body)
            }
            ServiceError::BodyClosed { body } => m("body_closed").arg("body", body),
            ServiceError::HasOpenChildren { body, count } => {
                m("has_open_children").arg("body", body).arg("count", count)
            }
            ServiceError::NotHouseholdBody { body } => m("not_household_body").arg("body", body),
            ServiceError::NotIndividualBody { body } => m("not_individual_body").arg("body", body),
            ServiceError::UnknownHousehold { id } => m("unknown_household").arg("id", id),
            ServiceError::UnknownOffice { id } => m("unknown_office").arg("id", id),
            ServiceError::UnknownAffiliation { id } => m("unknown_affiliation").arg("id", id),
            ServiceError::SindicatoOutsideTarget { reference, target } => {
                m("sindicato_outside_target").arg("reference", reference).arg("target", target)
            }
            ServiceError::AmbiguousSindicato { name, count, target } => {
                m("ambiguous_sindicato").arg("name", name).arg("count", count).arg("target", target)
            }
            ServiceError::DuplicateParcelInFile { code, body, first_line } => {
                let id = if *first_line == 0 { "duplicate_parcel_in_file_earlier" } else { "duplicate_parcel_in_file" };
                m(id).arg("code", code).arg("body", body).arg("first_line", first_line)
            }
            ServiceError::RegisterNumberConflict { number, body, first_line } => {
                let id = if *first_line == 0 { "register_number_conflict_earlier" } else { "register_number_conflict" };
                m(id).arg("number", number).arg("body", body).arg("first_line", first_line)
            }
            ServiceError::UnreadableLine { reason } => m("unreadable_line").arg("reason", reason),
            ServiceError::NotText { path } => m("not_text_file").arg("path", path),
            ServiceError::Forbidden { body } if body.is_empty() => m("forbidden_anywhere"),
            ServiceError::Forbidden { body } => m("forbidden").arg("body", body),
            ServiceError::SignInRequired => m("sign_in_required"),
            ServiceError::BadCredentials => m("bad_credentials"),
            ServiceError::TooManyAttempts { seconds } => m("too_many_attempts").arg("seconds", seconds),
            ServiceError::DuplicateUsername { username } => m("duplicate_username").arg("username", username),
            ServiceError::UnknownAccount { username } => m("unknown_account").arg("username", username),
            ServiceError::DatabaseNotEmpty => m("database_not_empty"),
            ServiceError::Unreadable { path, reason } => m("unreadable_file").arg("path", path).arg("reason", reason),
            ServiceError::Unwritable { path, reason } => m("unwritable_file").arg("path", path).arg("reason", reason),
            ServiceError::Unavailable(reason) => m("database_unavailable").arg("reason", reason),
            ServiceError::DatabaseAhead { found, known } => m("database_ahead").arg("found", found).arg("known", known),
            ServiceError::Conflict(reason) => m("conflict").arg("reason", reason),
            ServiceError::Internal(reason) => m("internal").arg("reason", reason),
        }
    }
}
