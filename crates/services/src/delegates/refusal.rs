//! What the delegates' use-cases refuse: each refusal has a stable code, which is also its message
//! id in the catalogues (`es-delegates.ftl`, `en-delegates.ftl`), and nothing changes.

use cabildo_domain::Message;

/// The delegates' refusals. [`DelegateRefusalKind`] lists the variants (the catalogue test walks it).
#[derive(Debug, Clone, PartialEq, thiserror::Error, strum::EnumDiscriminants)]
#[strum_discriminants(name(DelegateRefusalKind), derive(strum::EnumIter))]
pub enum DelegateRefusal {
    #[error("no delegation {id}")]
    UnknownDelegation { id: i64 },
    #[error("a {kind} does not seat delegates: only a congress or an ampliado declares seats")]
    SeatsNotForKind { kind: String },
    #[error("the seats of this assembly were declared already")]
    SeatsAlreadyDeclared,
    #[error("{body} has no open sub-body nor affiliated organisation to give seats to")]
    NoSubBodies { body: String },
    #[error("the delegation is of {delegation}, not of {body}: it elects its delegates in its own assembly")]
    DelegationNotOfBody { delegation: String, body: String },
    #[error("the delegation of {body} ended on {on}, when its affiliation ended")]
    DelegationEnded { body: String, on: String },
    #[error("the delegation has {seats} seats: there is no seat {seat}")]
    NoSuchSeat { seat: u32, seats: u32 },
    #[error("the seats of this assembly have no alternates")]
    NoAlternates,
    #[error("seat {seat} ({role}) of {body} already has a credential, issued to {holder}")]
    SecondCredential { body: String, seat: u32, role: String, holder: String },
    #[error("{assembly} has met already: no more credentials are issued for it")]
    CongressFinished { assembly: String },
    #[error("{name} is a delegate: admit them with their credential's code")]
    CredentialRequired { name: String },
    #[error("{code} is not a credential code: check it letter by letter")]
    CredentialMalformed { code: String },
    #[error("no credential has the code {code}")]
    UnknownCredential { code: String },
    #[error("the credential {code} is for another assembly")]
    CredentialOtherAssembly { code: String },
    #[error("the credential of {name} ({body}) was revoked on {on}: the affiliation it sat by ended")]
    CredentialRevoked { name: String, body: String, on: String },
    #[error("the credential of {name} ({body}) was used already: a code admits once")]
    CredentialUsed { name: String, body: String },
    #[error("{name} is the alternate of seat {seat} of {body}, whose holder {holder} is here")]
    HolderPresent { name: String, seat: u32, body: String, holder: String },
    #[error("{name} holds seat {seat} of {body}, which the alternate {alternate} took")]
    AlternateSeated { name: String, seat: u32, body: String, alternate: String },
    #[error("{name} sits for {body}, an observer: observers speak but do not vote")]
    ObserverCannotVote { name: String, body: String },
    #[error("{body} has no statute of its own yet: adopt one before saying how it weighs delegations")]
    StatuteFirst { body: String },
}

impl DelegateRefusal {
    pub fn code(&self) -> &'static str {
        match self {
            DelegateRefusal::UnknownDelegation { .. } => "unknown_delegation",
            DelegateRefusal::SeatsNotForKind { .. } => "seats_not_for_kind",
            DelegateRefusal::SeatsAlreadyDeclared => "seats_already_declared",
            DelegateRefusal::NoSubBodies { .. } => "seats_no_sub_bodies",
            DelegateRefusal::DelegationNotOfBody { .. } => "delegation_not_of_body",
            DelegateRefusal::DelegationEnded { .. } => "delegation_ended",
            DelegateRefusal::NoSuchSeat { .. } => "no_such_seat",
            DelegateRefusal::NoAlternates => "seats_no_alternates",
            DelegateRefusal::SecondCredential { .. } => "second_credential",
            DelegateRefusal::CongressFinished { .. } => "congress_finished",
            DelegateRefusal::CredentialRequired { .. } => "credential_required",
            DelegateRefusal::CredentialMalformed { .. } => "credential_malformed",
            DelegateRefusal::UnknownCredential { .. } => "unknown_credential",
            DelegateRefusal::CredentialOtherAssembly { .. } => "credential_other_assembly",
            DelegateRefusal::CredentialRevoked { .. } => "credential_revoked",
            DelegateRefusal::CredentialUsed { .. } => "credential_used",
            DelegateRefusal::HolderPresent { .. } => "credential_holder_present",
            DelegateRefusal::AlternateSeated { .. } => "credential_alternate_seated",
            DelegateRefusal::ObserverCannotVote { .. } => "observer_cannot_vote",
            DelegateRefusal::StatuteFirst { .. } => "delegates_statute_first",
        }
    }

    /// Whether the refusal means "there is no such thing" (HTTP 404) rather than "not now".
    pub fn is_not_found(&self) -> bool {
        matches!(self, DelegateRefusal::UnknownDelegation { .. })
    }

    pub fn message(&self) -> Message {
        let m = Message::new(self.code());
        match self {
            DelegateRefusal::UnknownDelegation { id } => m.arg("id", id),
            DelegateRefusal::SeatsNotForKind { kind } => m.arg("kind", kind),
            DelegateRefusal::SeatsAlreadyDeclared | DelegateRefusal::NoAlternates => m,
            DelegateRefusal::NoSubBodies { body } | DelegateRefusal::StatuteFirst { body } => m.arg("body", body),
            DelegateRefusal::DelegationNotOfBody { delegation, body } => {
                m.arg("delegation", delegation).arg("body", body)
            }
            DelegateRefusal::DelegationEnded { body, on } => m.arg("body", body).arg("on", on),
            DelegateRefusal::NoSuchSeat { seat, seats } => m.arg("seat", seat).arg("seats", seats),
            DelegateRefusal::SecondCredential { body, seat, role, holder } => {
                m.arg("body", body).arg("seat", seat).arg("role", role).arg("holder", holder)
            }
            DelegateRefusal::CongressFinished { assembly } => m.arg("assembly", assembly),
            DelegateRefusal::CredentialRequired { name } => m.arg("name", name),
            DelegateRefusal::CredentialMalformed { code }
            | DelegateRefusal::UnknownCredential { code }
            | DelegateRefusal::CredentialOtherAssembly { code } => m.arg("code", code),
            DelegateRefusal::CredentialRevoked { name, body, on } => {
                m.arg("name", name).arg("body", body).arg("on", on)
            }
            DelegateRefusal::CredentialUsed { name, body } | DelegateRefusal::ObserverCannotVote { name, body } => {
                m.arg("name", name).arg("body", body)
            }
            DelegateRefusal::HolderPresent { name, seat, body, holder } => {
                m.arg("name", name).arg("seat", seat).arg("body", body).arg("holder", holder)
            }
            DelegateRefusal::AlternateSeated { name, seat, body, alternate } => {
                m.arg("name", name).arg("seat", seat).arg("body", body).arg("alternate", alternate)
            }
        }
    }
}
