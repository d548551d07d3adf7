//! The HTTP status and the translated text of every service error: one mapping for pages, the
//! API and form fields alike.

use axum::http::StatusCode;
use cabildo_i18n::{Lang, message};
use cabildo_services::ServiceError;

/// The HTTP status of each kind of refusal.
pub fn status_of(error: &ServiceError) -> StatusCode {
    use ServiceError::*;
    match error {
        Domain(_) | Header(_) | AmbiguousSindicato { .. } | UnreadableLine { .. } | NotText { .. } | NotUtf8Line => {
            StatusCode::UNPROCESSABLE_ENTITY
        }
        ImportRunning | ImportChangedMeanwhile => StatusCode::CONFLICT,
        UnknownBody { .. }
        | UnknownHousehold { .. }
        | UnknownOffice { .. }
        | UnknownAffiliation { .. }
        | UnknownAccount { .. }
        | UnknownToken { .. } => StatusCode::NOT_FOUND,
        DuplicateBodyCode { .. }
        | DuplicateParcelCode { .. }
        | DuplicateUsername { .. }
        | Conflict(_)
        | DatabaseNotEmpty
        | CannotDisableSelf
        | PersonHasAccount { .. } => StatusCode::CONFLICT,
        BodyClosed { .. } | HasOpenChildren { .. } | NotHouseholdBody { .. } | NotIndividualBody { .. } => {
            StatusCode::CONFLICT
        }
        SindicatoOutsideTarget { .. } | DuplicateParcelInFile { .. } | RegisterNumberConflict { .. } => {
            StatusCode::UNPROCESSABLE_ENTITY
        }
        Assembly(refusal) if refusal.is_not_found() => StatusCode::NOT_FOUND,
        Assembly(_) => StatusCode::CONFLICT,
        Recall(refusal) if refusal.is_not_found() => StatusCode::NOT_FOUND,
        Recall(_) => StatusCode::CONFLICT,
        Instruction(refusal) => instruction_status(refusal),
        Consulta(refusal) if refusal.is_not_found() => StatusCode::NOT_FOUND,
        Consulta(_) => StatusCode::CONFLICT,
        Delegate(refusal) if refusal.is_not_found() => StatusCode::NOT_FOUND,
        Delegate(_) => StatusCode::CONFLICT,
        Mandate(refusal) if refusal.is_not_found() => StatusCode::NOT_FOUND,
        Mandate(_) => StatusCode::CONFLICT,
        Obligation(refusal) if refusal.is_not_found() => StatusCode::NOT_FOUND,
        Obligation(refusal) if refusal.is_about_the_form() => StatusCode::UNPROCESSABLE_ENTITY,
        Obligation(refusal) if refusal.code() == "informe_not_holder" => StatusCode::FORBIDDEN,
        Obligation(_) => StatusCode::CONFLICT,
        Petition(refusal) => petition_status(refusal),
        Ledger(refusal) if refusal.is_not_found() => StatusCode::NOT_FOUND,
        Ledger(refusal) if refusal.code() == "ledger_amount_not_positive" => StatusCode::UNPROCESSABLE_ENTITY,
        Ledger(refusal) if refusal.code() == "ledger_import_too_large" => StatusCode::PAYLOAD_TOO_LARGE,
        Ledger(_) => StatusCode::CONFLICT,
        Forbidden { .. } | AccountDisabled => StatusCode::FORBIDDEN,
        SignInRequired | BadCredentials => StatusCode::UNAUTHORIZED,
        TooManyAttempts { .. } => StatusCode::TOO_MANY_REQUESTS,
        Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
        DatabaseAhead { .. } | MigrationChanged { .. } | Unreadable { .. } | Unwritable { .. } | Internal(_) => {
            StatusCode::INTERNAL_SERVER_ERROR
        }
    }
}

/// The HTTP status of what instructions refuse: an unknown one is not found, a scope or a
/// resolution the sender may not use is a bad request's content, an account without office in the
/// body is forbidden, and the rest conflict with what was recorded.
fn instruction_status(refusal: &cabildo_services::instructions::InstructionRefusal) -> StatusCode {
    use cabildo_services::instructions::InstructionRefusal::*;
    match refusal {
        UnknownInstruction { .. } => StatusCode::NOT_FOUND,
        OutsideSubtree { .. } | NotOwnResolution { .. } | NoRecipients { .. } => StatusCode::UNPROCESSABLE_ENTITY,
        NoOffice { .. } => StatusCode::FORBIDDEN,
        NotRecipient { .. } | AlreadyAcknowledged { .. } | AlreadyAcknowledgedByAssembly { .. } => StatusCode::CONFLICT,
    }
}

/// The HTTP status of what petitions refuse: an unknown petition or authority is not found, a
/// form that asks what cannot be (a skipped level, a return without reasons) is a bad request's
/// content, and the rest conflict with how the petition stands.
fn petition_status(refusal: &cabildo_services::petitions::PetitionRefusal) -> StatusCode {
    use cabildo_services::petitions::PetitionRefusal::*;
    match refusal {
        UnknownPetition { .. } | UnknownAuthority { .. } => StatusCode::NOT_FOUND,
        SkipsLevel { .. }
        | NoParent { .. }
        | NotOwnResolution { .. }
        | ReasonsRequired
        | NothingToMerge
        | MeetingRequired => StatusCode::UNPROCESSABLE_ENTITY,
        AlreadyRaised { .. } | NotHolder { .. } | NotWaiting { .. } | NotSent | NoMeetingToConvene => {
            StatusCode::CONFLICT
        }
    }
}

/// The translated text of a service error.
pub fn text_of(lang: Lang, error: &ServiceError) -> String {
    let m = error.message();
    message(lang, m.id, &m.args)
}

/// Whether a refusal is about the viewer's access or what the address names (no right, nothing
/// there) rather than about a form's values: such a refusal gets the error page, not the form
/// again.
pub fn not_about_the_form(error: &ServiceError) -> bool {
    match error {
        ServiceError::Forbidden { .. }
        | ServiceError::SignInRequired
        | ServiceError::UnknownBody { .. }
        | ServiceError::UnknownHousehold { .. }
        | ServiceError::UnknownOffice { .. } => true,
        ServiceError::Assembly(r) => r.is_not_found(),
        ServiceError::Recall(r) => r.is_not_found(),
        ServiceError::Instruction(r) => r.is_not_found(),
        ServiceError::Consulta(r) => r.is_not_found(),
        ServiceError::Delegate(r) => r.is_not_found(),
        ServiceError::Mandate(r) => r.is_not_found(),
        ServiceError::Obligation(r) => r.is_not_found(),
        ServiceError::Petition(r) => r.is_not_found(),
        ServiceError::Ledger(r) => r.is_not_found(),
        _ => false,
    }
}
