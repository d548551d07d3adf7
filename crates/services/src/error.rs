//! The services' error: every refusal a user can cause, with a stable code that is also its
//! message id in the catalogues (`cabildo-i18n`), and the arguments the message needs.

use cabildo_domain::padron::HeaderError;
use cabildo_domain::{DomainError, Message};
use cabildo_store::StoreError;

/// [`ServiceErrorKind`] is the list of its variants without data (`ServiceErrorKind::iter()`),
/// from which the catalogue test builds one of each and checks its message.
#[derive(Debug, Clone, PartialEq, thiserror::Error, strum::EnumDiscriminants)]
#[strum_discriminants(name(ServiceErrorKind), derive(strum::EnumIter))]
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
    /// A line of a UTF-8 file holds bytes that are not UTF-8 (the file is not re-read as
    /// Windows-1252: that would garble every accented letter of the other lines).
    #[error("the line has bytes that are not UTF-8, in a file that is UTF-8 elsewhere")]
    NotUtf8Line,
    /// One import runs at a time on a server; another was asked for meanwhile.
    #[error("another padrón import is running: try again when it has finished")]
    ImportRunning,
    /// The register changed between the staging of an import and its swap (a family it changes
    /// was removed, a parcel code was taken meanwhile), or its staged rows were dropped.
    #[error("the register changed while the file was being imported; nothing was imported")]
    ImportChangedMeanwhile,
    #[error("you may not do this in {body}: ask an officer of the body for a role")]
    Forbidden { body: String },
    #[error("sign in first")]
    SignInRequired,
    #[error("wrong username or password")]
    BadCredentials,
    #[error("too many failed password checks: locked until {until} (Unix time), in {seconds} seconds")]
    TooManyAttempts { until: i64, seconds: i64 },
    #[error("this account was disabled by an administrator")]
    AccountDisabled,
    #[error("you cannot disable your own account")]
    CannotDisableSelf,
    #[error("{name} is already linked to the account {username}")]
    PersonHasAccount { name: String, username: String },
    #[error("there is no API token {id} of this account")]
    UnknownToken { id: i64 },
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
    #[error("migration {migration} was edited after this database applied it")]
    MigrationChanged { migration: String },
    #[error("{0}")]
    Assembly(#[from] Refusal),
    /// Boxed: its variants name several things, and every `Result` carries a `ServiceError`.
    #[error(transparent)]
    Recall(Box<RecallRefusal>),
    #[error("{0}")]
    Instruction(#[from] crate::instructions::InstructionRefusal),
    /// Boxed: a refusal that names the first answer carries four texts, and every `Result` of
    /// the services would grow with it.
    #[error("{0}")]
    Consulta(Box<crate::consulta::ConsultaRefusal>),
    /// Boxed, as the consultas': a refusal at the door names a person, a seat and a body.
    #[error("{0}")]
    Delegate(Box<crate::delegates::DelegateRefusal>),
    /// Boxed like a consulta's: a refusal names an item, a body and a resolution.
    #[error("{0}")]
    Mandate(Box<crate::mandates::MandateRefusal>),
    /// Boxed, as the consultas' refusals are.
    #[error("{0}")]
    Obligation(Box<crate::obligations::ObligationRefusal>),
    #[error("{0}")]
    Petition(#[from] crate::petitions::PetitionRefusal),
    /// Boxed, as the consultas' refusals are.
    #[error("{0}")]
    Ledger(Box<crate::ledger::LedgerRefusal>),
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
            StoreError::MigrationChanged { version, name, .. } => {
                ServiceError::MigrationChanged { migration: format!("{version:04}_{name}") }
            }
            StoreError::Conflict(m) => ServiceError::Conflict(m),
            StoreError::NotFound => ServiceError::Internal("a record vanished during the change".into()),
            StoreError::Corrupt(m) | StoreError::Internal(m) => ServiceError::Internal(m),
        }
    }
}

impl From<crate::consulta::ConsultaRefusal> for ServiceError {
    fn from(refusal: crate::consulta::ConsultaRefusal) -> Self {
        ServiceError::Consulta(Box::new(refusal))
    }
}

impl From<crate::delegates::DelegateRefusal> for ServiceError {
    fn from(refusal: crate::delegates::DelegateRefusal) -> Self {
        ServiceError::Delegate(Box::new(refusal))
    }
}

impl From<crate::mandates::MandateRefusal> for ServiceError {
    fn from(refusal: crate::mandates::MandateRefusal) -> Self {
        ServiceError::Mandate(Box::new(refusal))
    }
}

impl From<HeaderError> for ServiceError {
    fn from(error: HeaderError) -> Self {
        ServiceError::Header(error)
    }
}

/// The hour and minute of a Unix time in the server's time zone (the one its pages show times in).
fn clock_time(at: i64) -> String {
    chrono::DateTime::from_timestamp(at, 0)
        .map(|t| t.with_timezone(&chrono::Local).format("%H:%M").to_string())
        .unwrap_or_default()
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
            ServiceError::NotUtf8Line => m("not_utf8_line"),
            ServiceError::ImportRunning => m("import_running"),
            ServiceError::ImportChangedMeanwhile => m("import_changed_meanwhile"),
            ServiceError::Forbidden { body } if body.is_empty() => m("forbidden_anywhere"),
            ServiceError::Forbidden { body } => m("forbidden").arg("body", body),
            ServiceError::SignInRequired => m("sign_in_required"),
            ServiceError::BadCredentials => m("bad_credentials"),
            ServiceError::TooManyAttempts { until, seconds } => {
                m("too_many_attempts").arg("until", clock_time(*until)).arg("minutes", (seconds + 59).max(60) / 60)
            }
            ServiceError::AccountDisabled => m("account_disabled"),
            ServiceError::CannotDisableSelf => m("cannot_disable_self"),
            ServiceError::PersonHasAccount { name, username } => {
                m("person_has_account").arg("name", name).arg("username", username)
            }
            ServiceError::UnknownToken { id } => m("unknown_token").arg("id", id),
            ServiceError::DuplicateUsername { username } => m("duplicate_username").arg("username", username),
            ServiceError::UnknownAccount { username } => m("unknown_account").arg("username", username),
            ServiceError::DatabaseNotEmpty => m("database_not_empty"),
            ServiceError::Unreadable { path, reason } => m("unreadable_file").arg("path", path).arg("reason", reason),
            ServiceError::Unwritable { path, reason } => m("unwritable_file").arg("path", path).arg("reason", reason),
            ServiceError::Unavailable(reason) => m("database_unavailable").arg("reason", reason),
            ServiceError::DatabaseAhead { found, known } => m("database_ahead").arg("found", found).arg("known", known),
            ServiceError::MigrationChanged { migration } => m("migration_changed").arg("migration", migration),
            ServiceError::Assembly(refusal) => refusal.message(),
            ServiceError::Recall(refusal) => refusal.message(),
            ServiceError::Instruction(refusal) => refusal.message(),
            ServiceError::Consulta(refusal) => refusal.message(),
            ServiceError::Delegate(refusal) => refusal.message(),
            ServiceError::Mandate(refusal) => refusal.message(),
            ServiceError::Obligation(refusal) => refusal.message(),
            ServiceError::Petition(refusal) => refusal.message(),
            ServiceError::Ledger(refusal) => refusal.message(),
            ServiceError::Conflict(reason) => m("conflict").arg("reason", reason),
            ServiceError::Internal(reason) => m("internal").arg("reason", reason),
        }
    }
}

/// What an assembly refuses: a step out of order, a second ballot, a missing signature. Each is a
/// clear message in the user's language, and nothing changes. [`RefusalKind`] lists the variants.
#[derive(Debug, Clone, PartialEq, thiserror::Error, strum::EnumDiscriminants)]
#[strum_discriminants(name(RefusalKind), derive(strum::EnumIter))]
pub enum Refusal {
    #[error("no assembly {id}")]
    UnknownAssembly { id: i64 },
    #[error("no motion {id}")]
    UnknownMotion { id: i64 },
    #[error("no resolution {reference}")]
    UnknownResolution { reference: String },
    #[error("{name} is not entitled to attend this assembly")]
    NotEligible { name: String },
    #[error("nobody matches {code}: check the card's code")]
    UnknownCard { code: String },
    #[error("the assembly is not in session (it is {status})")]
    AssemblyNotOpen { status: String },
    #[error("the assembly is already {status}: nothing more can be recorded")]
    AssemblyFinished { status: String },
    #[error("the assembly is already in session")]
    AssemblyAlreadyOpen,
    #[error("the vote on motion {number} is not open (voting after closing is refused)")]
    VoteNotOpen { number: i64 },
    #[error("motion {number} was already {outcome}")]
    MotionDecided { number: i64, outcome: String },
    #[error("the vote on motion {number} is still open: close it first")]
    VoteStillOpen { number: i64 },
    #[error("no quorum: {present} present, {required} needed")]
    NoQuorum { present: u64, required: u64 },
    #[error("there is quorum ({present} present, {required} needed): put it to the vote")]
    HasQuorum { present: u64, required: u64 },
    #[error("motion {number} is voted by {method}, not this way")]
    WrongMethod { number: i64, method: String },
    #[error("phone voting needs tickets: issue tickets for the assembly first")]
    NoTickets,
    #[error("phone voting is only for assemblies without a register of who may vote (a cabildo abierto)")]
    PhoneVotingNotOffered,
    #[error("{name} is not present")]
    NotPresent { name: String },
    #[error("{name} has already voted on this motion")]
    AlreadyVoted { name: String },
    #[error("no ballot of this vote has this code: check it letter by letter")]
    BallotCodeUnknown,
    #[error("this ballot code was already used: each code votes once")]
    BallotCodeUsed,
    #[error("the first ballot was cast: the codes can no longer be printed or issued again")]
    BallotSheetClosed,
    #[error("this server no longer holds the codes of this vote (it restarted): issue new ones")]
    BallotSheetLost,
    #[error("a ballot of this code is already in the ballot box, waiting to be counted with others")]
    BallotInTheBox,
    #[error("this ticket is not valid for the assembly")]
    UnknownTicket,
    #[error("this ticket has already voted otherwise on this motion: the first vote stands")]
    TicketAlreadyVoted,
    #[error("{option} is not a choice in this vote")]
    UnknownOption { option: String },
    #[error("an election needs at least two candidates, or one for a single seat by acclamation")]
    NoCandidates,
    #[error("an election takes at most {max} candidates ({count} given)")]
    TooManyCandidates { count: usize, max: usize },
    #[error("no person {id} in the bodies you may see")]
    UnknownPerson { id: i64 },
    #[error("{name} is not on the register of {body} or of a body below it: candidates come from there")]
    CandidateOutsideRegister { name: String, body: String },
    /// At the close of an election, the winner is no longer on the register the candidates came
    /// from (their family left it, their membership or office ended, while the vote was open).
    #[error("{name} won, but is no longer on the register of {body}: the office cannot be given to them")]
    ElectedNotRegistered { name: String, body: String },
    #[error("the acta is sealed: it cannot change")]
    ActaSealed,
    #[error("the acta is drafted when the assembly closes")]
    NoActa,
    #[error("the acta still needs the signature of: {roles}")]
    MissingSignatures { roles: String },
    #[error("you do not hold the role {role} in this body: you cannot sign as {role}")]
    NotSigner { role: String },
    #[error("you have already signed this acta")]
    AlreadySigned,
    #[error("your account is not linked to a person: an administrator links it on the account's page")]
    NotLinked,
    #[error("the person your account is linked to does not hold the office {office} in {body}")]
    NotOfficeHolder { office: String, body: String },
    #[error("only signed-in accounts sign actas")]
    AccountRequired,
    #[error("your signing key does not come from your password: ask an administrator to reset your password")]
    KeyNotDerived,
}

impl Refusal {
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::UnknownAssembly { .. } => "unknown_assembly",
            Refusal::UnknownMotion { .. } => "unknown_motion",
            Refusal::UnknownResolution { .. } => "unknown_resolution",
            Refusal::NotEligible { .. } => "not_eligible",
            Refusal::UnknownCard { .. } => "unknown_card",
            Refusal::AssemblyNotOpen { .. } => "assembly_not_open",
            Refusal::AssemblyFinished { .. } => "assembly_finished",
            Refusal::AssemblyAlreadyOpen => "assembly_already_open",
            Refusal::VoteNotOpen { .. } => "vote_not_open",
            Refusal::MotionDecided { .. } => "motion_decided",
            Refusal::VoteStillOpen { .. } => "vote_still_open",
            Refusal::NoQuorum { .. } => "no_quorum",
            Refusal::HasQuorum { .. } => "has_quorum",
            Refusal::WrongMethod { .. } => "wrong_method",
            Refusal::NoTickets => "no_tickets",
            Refusal::PhoneVotingNotOffered => "phone_voting_not_offered",
            Refusal::NotPresent { .. } => "not_present",
            Refusal::AlreadyVoted { .. } => "already_voted",
            Refusal::BallotCodeUnknown => "ballot_code_unknown",
            Refusal::BallotCodeUsed => "ballot_code_used",
            Refusal::BallotSheetClosed => "ballot_sheet_closed",
            Refusal::BallotSheetLost => "ballot_sheet_lost",
            Refusal::BallotInTheBox => "ballot_in_the_box",
            Refusal::UnknownTicket => "unknown_ticket",
            Refusal::TicketAlreadyVoted => "ticket_already_voted",
            Refusal::UnknownOption { .. } => "unknown_option",
            Refusal::NoCandidates => "no_candidates",
            Refusal::TooManyCandidates { .. } => "too_many_candidates",
            Refusal::UnknownPerson { .. } => "unknown_person",
            Refusal::CandidateOutsideRegister { .. } => "candidate_outside_register",
            Refusal::ElectedNotRegistered { .. } => "elected_not_registered",
            Refusal::ActaSealed => "acta_sealed",
            Refusal::NoActa => "no_acta",
            Refusal::MissingSignatures { .. } => "missing_signatures",
            Refusal::NotSigner { .. } => "not_signer",
            Refusal::AlreadySigned => "already_signed",
            Refusal::NotLinked => "not_linked",
            Refusal::NotOfficeHolder { .. } => "not_office_holder",
            Refusal::AccountRequired => "account_required",
            Refusal::KeyNotDerived => "key_not_derived",
        }
    }

    /// Whether the refusal means "there is no such thing" (HTTP 404) rather than "not now".
    pub fn is_not_found(&self) -> bool {
        matches!(
            self,
            Refusal::UnknownAssembly { .. }
                | Refusal::UnknownMotion { .. }
                | Refusal::UnknownResolution { .. }
                | Refusal::UnknownPerson { .. }
        )
    }

    pub fn message(&self) -> Message {
        let m = Message::new(self.code());
        match self {
            Refusal::UnknownAssembly { id } | Refusal::UnknownMotion { id } | Refusal::UnknownPerson { id } => {
                m.arg("id", id)
            }
            Refusal::TooManyCandidates { count, max } => m.arg("count", count).arg("max", max),
            Refusal::CandidateOutsideRegister { name, body } | Refusal::ElectedNotRegistered { name, body } => {
                m.arg("name", name).arg("body", body)
            }
            Refusal::UnknownResolution { reference } => m.arg("reference", reference),
            Refusal::NotEligible { name } | Refusal::NotPresent { name } | Refusal::AlreadyVoted { name } => {
                m.arg("name", name)
            }
            Refusal::UnknownCard { code } => m.arg("code", code),
            Refusal::AssemblyNotOpen { status } | Refusal::AssemblyFinished { status } => m.arg("status", status),
            Refusal::VoteNotOpen { number } | Refusal::VoteStillOpen { number } => m.arg("number", number),
            Refusal::MotionDecided { number, outcome } => m.arg("number", number).arg("outcome", outcome),
            Refusal::NoQuorum { present, required } | Refusal::HasQuorum { present, required } => {
                m.arg("present", present).arg("required", required)
            }
            Refusal::WrongMethod { number, method } => m.arg("number", number).arg("method", method),
            Refusal::UnknownOption { option } => m.arg("option", option),
            Refusal::MissingSignatures { roles } => m.arg("roles", roles),
            Refusal::NotSigner { role } => m.arg("role", role),
            Refusal::NotOfficeHolder { office, body } => m.arg("office", office).arg("body", body),
            Refusal::AssemblyAlreadyOpen
            | Refusal::NoTickets
            | Refusal::PhoneVotingNotOffered
            | Refusal::BallotCodeUnknown
            | Refusal::BallotCodeUsed
            | Refusal::BallotSheetClosed
            | Refusal::BallotSheetLost
            | Refusal::BallotInTheBox
            | Refusal::UnknownTicket
            | Refusal::TicketAlreadyVoted
            | Refusal::NoCandidates
            | Refusal::ActaSealed
            | Refusal::NoActa
            | Refusal::AlreadySigned
            | Refusal::NotLinked
            | Refusal::AccountRequired
            | Refusal::KeyNotDerived => m,
        }
    }
}

/// What a recall (revocatoria) refuses. Each names what is wrong and, where there is one, what to
/// do; nothing changes. [`RecallRefusalKind`] lists the variants.
#[derive(Debug, Clone, PartialEq, thiserror::Error, strum::EnumDiscriminants)]
#[strum_discriminants(name(RecallRefusalKind), derive(strum::EnumIter))]
pub enum RecallRefusal {
    #[error("no recall {id}")]
    UnknownRecall { id: i64 },
    /// The assembly's body is neither the office's body nor a base below it.
    #[error("{mover} has no say over the office {office} of {body}: only {body} itself or a base below it")]
    NoSay { mover: String, office: String, body: String },
    #[error("the office {office} of {body} held by {holder} has already ended")]
    OfficeEnded { office: String, body: String, holder: String },
    #[error("{base} already counted in the recall of {office} of {body} (resolution {resolution})")]
    AlreadyCounted { base: String, office: String, body: String, resolution: String },
    #[error("the window of the recall of {office} of {body} closed on {closed}")]
    WindowClosed { office: String, body: String, closed: String },
    #[error("the statute of {body} sets no share of bases for a recall: set one in its statute (e.g. 1/3)")]
    NoShare { body: String },
}

impl From<RecallRefusal> for ServiceError {
    fn from(refusal: RecallRefusal) -> Self {
        ServiceError::Recall(Box::new(refusal))
    }
}

impl RecallRefusal {
    pub fn code(&self) -> &'static str {
        match self {
            RecallRefusal::UnknownRecall { .. } => "unknown_recall",
            RecallRefusal::NoSay { .. } => "recall_no_say",
            RecallRefusal::OfficeEnded { .. } => "recall_office_ended",
            RecallRefusal::AlreadyCounted { .. } => "recall_already_counted",
            RecallRefusal::WindowClosed { .. } => "recall_window_closed",
            RecallRefusal::NoShare { .. } => "recall_no_share",
        }
    }

    /// Whether the refusal means "there is no such thing" (HTTP 404) rather than "not now".
    pub fn is_not_found(&self) -> bool {
        matches!(self, RecallRefusal::UnknownRecall { .. })
    }

    pub fn message(&self) -> Message {
        let m = Message::new(self.code());
        match self {
            RecallRefusal::UnknownRecall { id } => m.arg("id", id),
            RecallRefusal::NoSay { mover, office, body } => {
                m.arg("mover", mover).arg("office", office).arg("body", body)
            }
            RecallRefusal::OfficeEnded { office, body, holder } => {
                m.arg("office", office).arg("body", body).arg("holder", holder)
            }
            RecallRefusal::AlreadyCounted { base, office, body, resolution } => {
                m.arg("base", base).arg("office", office).arg("body", body).arg("resolution", resolution)
            }
            RecallRefusal::WindowClosed { office, body, closed } => {
                m.arg("office", office).arg("body", body).arg("closed", closed)
            }
            RecallRefusal::NoShare { body } => m.arg("body", body),
        }
    }
}
