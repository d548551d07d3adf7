//! What obligations, visiting officers, demands for explanation and informes refuse.

use cabildo_domain::Message;

/// What the obligations part refuses. [`ObligationRefusalKind`] lists the variants.
#[derive(Debug, Clone, PartialEq, thiserror::Error, strum::EnumDiscriminants)]
#[strum_discriminants(name(ObligationRefusalKind), derive(strum::EnumIter))]
pub enum ObligationRefusal {
    #[error("no obligation {reference}")]
    UnknownObligation { reference: String },
    #[error("{body} has no office «{office}» in its directiva: an obligation binds an office that exists")]
    NoSuchOffice { office: String, body: String },
    #[error("the office «{office}» is of {owner}, not of {body}: a body binds only its own officers")]
    OfficeOfAnotherBody { office: String, owner: String, body: String },
    #[error("{target} is neither above nor below {body}")]
    TargetUnrelated { target: String, body: String },
    #[error("no open body below {body} is owed the obligation")]
    NothingOwed { body: String },
    #[error("{name} is bound by no obligation towards {body}, and no demand brings them here")]
    VisitorNotObliged { name: String, body: String },
    #[error("{name} is already recorded at this assembly")]
    VisitorAlreadyRecorded { name: String },
    #[error("no demand for explanation {reference}")]
    UnknownDemand { reference: String },
    #[error("the office «{office}» is of {owner}, neither {body} nor a body above it")]
    DemandOfficeOutside { office: String, owner: String, body: String },
    #[error("the office «{office}» ended on {on}")]
    OfficeEnded { office: String, on: String },
    #[error("{body} is the officer's own body: there is no higher body to hear the informe at")]
    DemandNoHigherBody { body: String },
    #[error("the demand is {status}, not open")]
    DemandNotOpen { status: String },
    #[error("the demand has not been placed on an assembly's agenda yet")]
    DemandNotPlaced,
    #[error("{name} has not been recorded present at {assembly}")]
    DemandOfficerAbsent { name: String, assembly: String },
    #[error("you do not hold the office «{office}»: only its holder submits its informe")]
    InformeNotHolder { office: String },
    #[error("the assembly has no agenda item {item}")]
    UnknownAgendaItem { item: String },
    #[error("the obligation already ended on {on}")]
    ObligationEnded { on: String },
    #[error("the obligation binds from {since}: it cannot end before, on {on}")]
    EndsBeforeItBegins { since: String, on: String },
}

impl ObligationRefusal {
    pub fn code(&self) -> &'static str {
        match self {
            ObligationRefusal::UnknownObligation { .. } => "unknown_obligation",
            ObligationRefusal::NoSuchOffice { .. } => "obligation_no_such_office",
            ObligationRefusal::OfficeOfAnotherBody { .. } => "obligation_office_of_another_body",
            ObligationRefusal::TargetUnrelated { .. } => "obligation_target_unrelated",
            ObligationRefusal::NothingOwed { .. } => "obligation_nothing_owed",
            ObligationRefusal::VisitorNotObliged { .. } => "visitor_not_obliged",
            ObligationRefusal::VisitorAlreadyRecorded { .. } => "visitor_already_recorded",
            ObligationRefusal::UnknownDemand { .. } => "unknown_demand",
            ObligationRefusal::DemandOfficeOutside { .. } => "demand_office_outside",
            ObligationRefusal::OfficeEnded { .. } => "demand_office_ended",
            ObligationRefusal::DemandNoHigherBody { .. } => "demand_no_higher_body",
            ObligationRefusal::DemandNotOpen { .. } => "demand_not_open",
            ObligationRefusal::DemandNotPlaced => "demand_not_placed",
            ObligationRefusal::DemandOfficerAbsent { .. } => "demand_officer_absent",
            ObligationRefusal::InformeNotHolder { .. } => "informe_not_holder",
            ObligationRefusal::UnknownAgendaItem { .. } => "unknown_agenda_item",
            ObligationRefusal::ObligationEnded { .. } => "obligation_ended",
            ObligationRefusal::EndsBeforeItBegins { .. } => "obligation_ends_before_it_begins",
        }
    }

    /// Whether the refusal means "there is no such thing" (HTTP 404).
    pub fn is_not_found(&self) -> bool {
        matches!(
            self,
            ObligationRefusal::UnknownObligation { .. }
                | ObligationRefusal::UnknownDemand { .. }
                | ObligationRefusal::UnknownAgendaItem { .. }
        )
    }

    /// Whether the refusal is about what a form says (HTTP 422) rather than what was recorded.
    pub fn is_about_the_form(&self) -> bool {
        matches!(
            self,
            ObligationRefusal::NoSuchOffice { .. }
                | ObligationRefusal::OfficeOfAnotherBody { .. }
                | ObligationRefusal::TargetUnrelated { .. }
                | ObligationRefusal::NothingOwed { .. }
                | ObligationRefusal::DemandOfficeOutside { .. }
                | ObligationRefusal::DemandNoHigherBody { .. }
                | ObligationRefusal::EndsBeforeItBegins { .. }
        )
    }

    pub fn message(&self) -> Message {
        let m = Message::new(self.code());
        match self {
            ObligationRefusal::UnknownObligation { reference } | ObligationRefusal::UnknownDemand { reference } => {
                m.arg("reference", reference)
            }
            ObligationRefusal::NoSuchOffice { office, body } => m.arg("office", office).arg("body", body),
            ObligationRefusal::OfficeOfAnotherBody { office, owner, body }
            | ObligationRefusal::DemandOfficeOutside { office, owner, body } => {
                m.arg("office", office).arg("owner", owner).arg("body", body)
            }
            ObligationRefusal::TargetUnrelated { target, body } => m.arg("target", target).arg("body", body),
            ObligationRefusal::NothingOwed { body } | ObligationRefusal::DemandNoHigherBody { body } => {
                m.arg("body", body)
            }
            ObligationRefusal::VisitorNotObliged { name, body } => m.arg("name", name).arg("body", body),
            ObligationRefusal::VisitorAlreadyRecorded { name } => m.arg("name", name),
            ObligationRefusal::OfficeEnded { office, on } => m.arg("office", office).arg("on", on),
            ObligationRefusal::DemandNotOpen { status } => m.arg("status", status),
            ObligationRefusal::DemandNotPlaced => m,
            ObligationRefusal::DemandOfficerAbsent { name, assembly } => m.arg("name", name).arg("assembly", assembly),
            ObligationRefusal::InformeNotHolder { office } => m.arg("office", office),
            ObligationRefusal::UnknownAgendaItem { item } => m.arg("item", item),
            ObligationRefusal::ObligationEnded { on } => m.arg("on", on),
            ObligationRefusal::EndsBeforeItBegins { since, on } => m.arg("since", since).arg("on", on),
        }
    }
}

impl From<ObligationRefusal> for crate::ServiceError {
    fn from(refusal: ObligationRefusal) -> Self {
        crate::ServiceError::Obligation(Box::new(refusal))
    }
}
