//! Domain errors. Each has a stable `snake_case` code that is also the id of its message in the
//! translation catalogues, and named arguments for that message.

use std::fmt;

/// A field of a form, a file or a command that a user can get wrong. `Field::iter()`
/// (`strum::IntoEnumIterator`) lists them all: the catalogue test checks each has a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, strum::EnumIter)]
pub enum Field {
    BodyName,
    BodyCode,
    BodyKind,
    Composition,
    Parent,
    GivenNames,
    FirstSurname,
    SecondSurname,
    FullName,
    IdNumber,
    Phone,
    RegisterNumber,
    ParcelCode,
    Area,
    Place,
    Latitude,
    Longitude,
    AffiliatedOn,
    Sindicato,
    SindicatoCode,
    OfficeTitle,
    TermStart,
    TermEnd,
    Date,
    Username,
    Password,
    TokenName,
    Role,
    AssemblyKind,
    AssemblyTitle,
    ScheduledFor,
    Agenda,
    Status,
    QuorumRule,
    AbsenceFine,
    SignerRoles,
    SignerOffices,
    TermYears,
    RecallRule,
    RecallShare,
    RecallWindow,
    Resolution,
    VoteMethod,
    DecisionRule,
    Choice,
    ElectionRule,
    MotionTitle,
    MotionText,
    Proposer,
    VotesFor,
    VotesAgainst,
    Abstentions,
    Code,
    Candidate,
    Notes,
    Count,
    PublicId,
    CrowdEstimate,
    ConsultaKind,
    AggregationRule,
    Question,
    Deadline,
    ConsultaOption,
    BaseKind,
    ConsultaText,
    SeatRule,
    SeatNumber,
    AgendaItem,
    MandatePosition,
    MandateOption,
    Cadence,
    PetitionAction,
    ReplyKind,
    Authority,
    AuthorityName,
    Address,
    Amount,
    Period,
    Purpose,
    Memo,
    Household,
}

impl Field {
    /// Stable identifier, used in message ids (`field-<id>`) and in JSON errors.
    pub fn id(self) -> &'static str {
        match self {
            Field::BodyName => "body_name",
            Field::BodyCode => "body_code",
            Field::BodyKind => "body_kind",
            Field::Composition => "composition",
            Field::Parent => "parent",
            Field::GivenNames => "given_names",
            Field::FirstSurname => "first_surname",
            Field::SecondSurname => "second_surname",
            Field::FullName => "full_name",
            Field::IdNumber => "id_number",
            Field::Phone => "phone",
            Field::RegisterNumber => "register_number",
            Field::ParcelCode => "parcel_code",
            Field::Area => "area",
            Field::Place => "place",
            Field::Latitude => "latitude",
            Field::Longitude => "longitude",
            Field::AffiliatedOn => "affiliated_on",
            Field::Sindicato => "sindicato",
            Field::SindicatoCode => "sindicato_code",
            Field::OfficeTitle => "office_title",
            Field::TermStart => "term_start",
            Field::TermEnd => "term_end",
            Field::Date => "date",
            Field::Username => "username",
            Field::Password => "password",
            Field::TokenName => "token_name",
            Field::Role => "role",
            Field::AssemblyKind => "assembly_kind",
            Field::AssemblyTitle => "assembly_title",
            Field::ScheduledFor => "scheduled_for",
            Field::Agenda => "agenda",
            Field::Status => "status",
            Field::QuorumRule => "quorum_rule",
            Field::AbsenceFine => "absence_fine",
            Field::SignerRoles => "signer_roles",
            Field::SignerOffices => "signer_offices",
            Field::TermYears => "term_years",
            Field::RecallRule => "recall_rule",
            Field::RecallShare => "recall_share",
            Field::RecallWindow => "recall_window",
            Field::Resolution => "resolution",
            Field::VoteMethod => "vote_method",
            Field::DecisionRule => "decision_rule",
            Field::Choice => "choice",
            Field::ElectionRule => "election_rule",
            Field::MotionTitle => "motion_title",
            Field::MotionText => "motion_text",
            Field::Proposer => "proposer",
            Field::VotesFor => "votes_for",
            Field::VotesAgainst => "votes_against",
            Field::Abstentions => "abstentions",
            Field::Code => "code",
            Field::Candidate => "candidate",
            Field::Notes => "notes",
            Field::Count => "count",
            Field::PublicId => "public_id",
            Field::CrowdEstimate => "crowd_estimate",
            Field::ConsultaKind => "consulta_kind",
            Field::AggregationRule => "aggregation_rule",
            Field::Question => "question",
            Field::Deadline => "deadline",
            Field::ConsultaOption => "consulta_option",
            Field::BaseKind => "base_kind",
            Field::ConsultaText => "consulta_text",
            Field::SeatRule => "seat_rule",
            Field::SeatNumber => "seat_number",
            Field::AgendaItem => "agenda_item",
            Field::MandatePosition => "mandate_position",
            Field::MandateOption => "mandate_option",
            Field::Cadence => "cadence",
            Field::PetitionAction => "petition_action",
            Field::ReplyKind => "reply_kind",
            Field::Authority => "authority",
            Field::AuthorityName => "authority_name",
            Field::Address => "address",
            Field::Amount => "amount",
            Field::Period => "period",
            Field::Purpose => "purpose",
            Field::Memo => "memo",
            Field::Household => "household",
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// A message ready for translation: a stable id and named arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub id: &'static str,
    pub args: Vec<(&'static str, String)>,
}

impl Message {
    pub fn new(id: &'static str) -> Self {
        Message { id, args: Vec::new() }
    }

    pub fn arg(mut self, name: &'static str, value: impl ToString) -> Self {
        self.args.push((name, value.to_string()));
        self
    }
}

/// Everything the domain rules can refuse. [`DomainErrorKind`] is its list of variants without
/// data (`DomainErrorKind::iter()`), from which the catalogue test builds one of each.
#[derive(Debug, Clone, PartialEq, thiserror::Error, strum::EnumDiscriminants)]
#[strum_discriminants(name(DomainErrorKind), derive(strum::EnumIter))]
pub enum DomainError {
    #[error("{field} is required")]
    Required { field: Field },
    #[error("{field} is too long: at most {max} characters")]
    TooLong { field: Field, max: usize },
    #[error("{field} is too short: at least {min} characters")]
    TooShort { field: Field, min: usize },
    #[error("this password is one of the most common ones, guessed first by any attacker")]
    CommonPassword,
    /// An invisible control character (NUL, escape…) or a bidirectional override; `code` is the
    /// character as `U+0000`.
    #[error("{field} holds the control character {code}")]
    ControlCharacter { field: Field, code: String },
    #[error("{field}: {value:?} is not a valid value")]
    Invalid { field: Field, value: String },
    #[error("{value:?} is not a date: write dd/mm/yyyy or yyyy-mm-dd")]
    BadDate { field: Field, value: String },
    /// Written as a date, but no such day exists ("31/02/2020").
    #[error("{value:?} does not exist: no such day in the calendar")]
    NoSuchDate { field: Field, value: String },
    #[error("{value:?} is not a number")]
    BadNumber { field: Field, value: String },
    #[error("{field}: {value} is out of range ({min} to {max})")]
    OutOfRange { field: Field, value: String, min: String, max: String },
    #[error("unknown body kind {value:?}")]
    UnknownBodyKind { value: String },
    #[error("unknown composition {value:?}")]
    UnknownComposition { value: String },
    #[error("moving body {body} under {new_parent} would make a cycle: {new_parent} is inside {body}")]
    Cycle { body: String, new_parent: String },
    #[error("body {body} is closed")]
    BodyClosed { body: String },
    #[error("body {body} takes {expected} as members, not households")]
    NotHouseholdBody { body: String, expected: String },
    #[error("an organisation cannot be affiliated to itself or to a body of its own tree branch")]
    AffiliationInTree,
    #[error("the end date {end} is before the start date {start}")]
    EndBeforeStart { start: String, end: String },
    #[error("office {title} is already ended")]
    OfficeAlreadyEnded { title: String },
    #[error("{total} votes were counted but only {present} are present")]
    CountsExceedPresent { total: u64, present: u64 },
    #[error(
        "{value:?} is not a public id: expected a version 7 UUID in lowercase, like 0190f2a4-7b3c-7d2e-8f00-1a2b3c4d5e6f"
    )]
    BadPublicId { value: String },
    #[error(
        "{value:?} is not a chain head: expected the count of sealed actas, a colon and at least 16 digits of the chain hash, like 3:9f2c4e1a7b3d5f60"
    )]
    BadChainHead { value: String },
    #[error("{value:?} is not a period: write 2026, 2026-03, 2026-Q2 or 01/03/2026-31/05/2026")]
    BadPeriod { value: String },
}

impl DomainError {
    /// Stable code: the message id in the catalogues and the JSON `type`.
    pub fn code(&self) -> &'static str {
        match self {
            DomainError::Required { .. } => "required",
            DomainError::TooLong { .. } => "too_long",
            DomainError::TooShort { .. } => "too_short",
            DomainError::CommonPassword => "common_password",
            DomainError::ControlCharacter { .. } => "control_character",
            DomainError::Invalid { .. } => "invalid",
            DomainError::BadDate { .. } => "bad_date",
            DomainError::NoSuchDate { .. } => "no_such_date",
            DomainError::BadNumber { .. } => "bad_number",
            DomainError::OutOfRange { .. } => "out_of_range",
            DomainError::UnknownBodyKind { .. } => "unknown_body_kind",
            DomainError::UnknownComposition { .. } => "unknown_composition",
            DomainError::Cycle { .. } => "cycle",
            DomainError::BodyClosed { .. } => "body_closed",
            DomainError::NotHouseholdBody { .. } => "not_household_body",
            DomainError::AffiliationInTree => "affiliation_in_tree",
            DomainError::EndBeforeStart { .. } => "end_before_start",
            DomainError::OfficeAlreadyEnded { .. } => "office_already_ended",
            DomainError::CountsExceedPresent { .. } => "counts_exceed_present",
            DomainError::BadPublicId { .. } => "bad_public_id",
            DomainError::BadChainHead { .. } => "bad_chain_head",
            DomainError::BadPeriod { .. } => "bad_period",
        }
    }

    /// The message for translation, with every value the user needs to find what to fix.
    pub fn message(&self) -> Message {
        let m = Message::new(self.code());
        match self {
            DomainError::Required { field } => m.arg("field", field.id()),
            DomainError::TooLong { field, max } => m.arg("field", field.id()).arg("max", max),
            DomainError::TooShort { field, min } => m.arg("field", field.id()).arg("min", min),
            DomainError::ControlCharacter { field, code } => m.arg("field", field.id()).arg("code", code),
            DomainError::Invalid { field, value }
            | DomainError::BadDate { field, value }
            | DomainError::NoSuchDate { field, value }
            | DomainError::BadNumber { field, value } => m.arg("field", field.id()).arg("value", value),
            DomainError::OutOfRange { field, value, min, max } => {
                m.arg("field", field.id()).arg("value", value).arg("min", min).arg("max", max)
            }
            DomainError::UnknownBodyKind { value } | DomainError::UnknownComposition { value } => m.arg("value", value),
            DomainError::BadPublicId { value } => m.arg("field", Field::PublicId.id()).arg("value", value),
            DomainError::BadChainHead { value } => m.arg("value", value),
            DomainError::BadPeriod { value } => m.arg("field", Field::Period.id()).arg("value", value),
            DomainError::Cycle { body, new_parent } => m.arg("body", body).arg("new_parent", new_parent),
            DomainError::BodyClosed { body } => m.arg("body", body),
            DomainError::NotHouseholdBody { body, expected } => m.arg("body", body).arg("expected", expected),
            DomainError::AffiliationInTree | DomainError::CommonPassword => m,
            DomainError::EndBeforeStart { start, end } => m.arg("start", start).arg("end", end),
            DomainError::OfficeAlreadyEnded { title } => m.arg("title", title),
            DomainError::CountsExceedPresent { total, present } => m.arg("total", total).arg("present", present),
        }
    }

    /// The field the error is about, when there is one (forms show the message next to it).
    pub fn field(&self) -> Option<Field> {
        match self {
            DomainError::Required { field }
            | DomainError::TooLong { field, .. }
            | DomainError::TooShort { field, .. }
            | DomainError::ControlCharacter { field, .. }
            | DomainError::Invalid { field, .. }
            | DomainError::BadDate { field, .. }
            | DomainError::NoSuchDate { field, .. }
            | DomainError::BadNumber { field, .. }
            | DomainError::OutOfRange { field, .. } => Some(*field),
            DomainError::UnknownBodyKind { .. } => Some(Field::BodyKind),
            DomainError::UnknownComposition { .. } => Some(Field::Composition),
            DomainError::Cycle { .. } => Some(Field::Parent),
            DomainError::CountsExceedPresent { .. } => Some(Field::VotesFor),
            DomainError::BadPublicId { .. } => Some(Field::PublicId),
            DomainError::BadPeriod { .. } => Some(Field::Period),
            DomainError::CommonPassword => Some(Field::Password),
            _ => None,
        }
    }
}
