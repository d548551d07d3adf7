//! Every error and refusal the program can show a person has a message in every language, and
//! the message formats with the arguments the code gives it: no `{$var}` left, no Fluent error.
//!
//! The lists are the compiler's, not kept by hand: each error enum derives a data-less twin
//! (`strum::EnumDiscriminants`, e.g. `RefusalKind`) that `iter()` walks, and the `match`es below
//! build one value of each kind. A new variant does not compile until it has a sample here, and
//! then it fails the test until both catalogues have its message.

use cabildo_domain::acta::{ActaError, ActaErrorKind, ChainProblem, ChainProblemKind};
use cabildo_domain::chain::HeadWitness;
use cabildo_domain::keylog::{KeyProblem, KeyProblemKind};
use cabildo_domain::padron::{HeaderError, HeaderErrorKind};
use cabildo_domain::{DomainError, DomainErrorKind, Field, Message};
use cabildo_i18n::{Lang, check};
use cabildo_services::consulta::{ConsultaRefusal, ConsultaRefusalKind};
use cabildo_services::delegates::{DelegateRefusal, DelegateRefusalKind};
use cabildo_services::instructions::{InstructionRefusal, InstructionRefusalKind};
use cabildo_services::ledger::{LedgerRefusal, LedgerRefusalKind};
use cabildo_services::mandates::{MandateRefusal, MandateRefusalKind};
use cabildo_services::obligations::{ObligationRefusal, ObligationRefusalKind};
use cabildo_services::petitions::{PetitionRefusal, PetitionRefusalKind};
use cabildo_services::{RecallRefusal, RecallRefusalKind, Refusal, RefusalKind, ServiceError, ServiceErrorKind};
use cabildo_store::{StoreError, StoreErrorKind};
use strum::IntoEnumIterator;

fn s(text: &str) -> String {
    text.to_string()
}

fn domain_error(kind: DomainErrorKind) -> DomainError {
    match kind {
        DomainErrorKind::Required => DomainError::Required { field: Field::Area },
        DomainErrorKind::TooLong => DomainError::TooLong { field: Field::BodyName, max: 120 },
        DomainErrorKind::TooShort => DomainError::TooShort { field: Field::Password, min: 10 },
        DomainErrorKind::CommonPassword => DomainError::CommonPassword,
        DomainErrorKind::ControlCharacter => {
            DomainError::ControlCharacter { field: Field::GivenNames, code: "U+0000".into() }
        }
        DomainErrorKind::Invalid => DomainError::Invalid { field: Field::Phone, value: s("abc") },
        DomainErrorKind::BadDate => DomainError::BadDate { field: Field::AffiliatedOn, value: s("31/02/2026") },
        DomainErrorKind::NoSuchDate => DomainError::NoSuchDate { field: Field::AffiliatedOn, value: s("31/02/2026") },
        DomainErrorKind::BadNumber => DomainError::BadNumber { field: Field::Area, value: s("dos") },
        DomainErrorKind::OutOfRange => {
            DomainError::OutOfRange { field: Field::Latitude, value: s("91"), min: s("-90"), max: s("90") }
        }
        DomainErrorKind::UnknownBodyKind => DomainError::UnknownBodyKind { value: s("cooperativa") },
        DomainErrorKind::UnknownComposition => DomainError::UnknownComposition { value: s("socios") },
        DomainErrorKind::Cycle => DomainError::Cycle { body: s("F1"), new_parent: s("S1") },
        DomainErrorKind::BodyClosed => DomainError::BodyClosed { body: s("S1") },
        DomainErrorKind::NotHouseholdBody => DomainError::NotHouseholdBody { body: s("F1"), expected: s("delegates") },
        DomainErrorKind::AffiliationInTree => DomainError::AffiliationInTree,
        DomainErrorKind::EndBeforeStart => DomainError::EndBeforeStart { start: s("2026-01-01"), end: s("2025-01-01") },
        DomainErrorKind::OfficeAlreadyEnded => DomainError::OfficeAlreadyEnded { title: s("Secretario General") },
        DomainErrorKind::CountsExceedPresent => DomainError::CountsExceedPresent { total: 151, present: 150 },
        DomainErrorKind::BadChainHead => DomainError::BadChainHead { value: s("S4=3:xyz") },
        DomainErrorKind::BadPeriod => DomainError::BadPeriod { value: s("marzo") },
        DomainErrorKind::BadPublicId => DomainError::BadPublicId { value: s("0192-no-es-un-id") },
    }
}

fn header_error(kind: HeaderErrorKind) -> HeaderError {
    match kind {
        HeaderErrorKind::Duplicate => HeaderError::Duplicate { header: s("Lote"), column: "parcel_code" },
        HeaderErrorKind::NoParcelColumn => HeaderError::NoParcelColumn,
        HeaderErrorKind::NoNameColumns => HeaderError::NoNameColumns,
        HeaderErrorKind::UnknownMappedHeader => HeaderError::UnknownMappedHeader { mapping: s("Finca=parcel_code") },
        HeaderErrorKind::UnknownMappedField => {
            HeaderError::UnknownMappedField { mapping: s("Lote=finca"), fields: s("parcel_code, area") }
        }
        HeaderErrorKind::Empty => HeaderError::Empty,
        HeaderErrorKind::NoFamilyColumn => HeaderError::NoFamilyColumn,
        HeaderErrorKind::NoAmountColumn => HeaderError::NoAmountColumn,
    }
}

fn acta_error(kind: ActaErrorKind) -> ActaError {
    match kind {
        ActaErrorKind::BadKey => ActaError::BadKey { key: s("a=b") },
        ActaErrorKind::DuplicateKey => ActaError::DuplicateKey { key: s("assembly.title") },
        ActaErrorKind::BadHeader => ActaError::BadHeader,
        ActaErrorKind::BadLine => ActaError::BadLine { line: 3 },
        ActaErrorKind::BadEscape => ActaError::BadEscape { line: 4 },
    }
}

/// Every kind of chain problem; a changed field in its three forms (changed, added, removed).
fn chain_problems(kind: ChainProblemKind) -> Vec<ChainProblem> {
    let acta = || s("Acta 1 Sindicato San Gabriel (#1)");
    match kind {
        ChainProblemKind::ContentHash => vec![ChainProblem::ContentHash { acta: acta() }],
        ChainProblemKind::ChainBroken => vec![ChainProblem::ChainBroken { acta: acta() }],
        ChainProblemKind::SequenceGap => vec![ChainProblem::SequenceGap { acta: acta(), expected: 2 }],
        ChainProblemKind::BadSignature => vec![ChainProblem::BadSignature { acta: acta(), signer: s("actas") }],
        ChainProblemKind::MissingSignature => {
            vec![ChainProblem::MissingSignature { acta: acta(), role: s("secretario_actas") }]
        }
        ChainProblemKind::FieldChanged => [(Some("1"), Some("2")), (None, Some("2")), (Some("1"), None)]
            .into_iter()
            .map(|(sealed, now)| ChainProblem::FieldChanged {
                acta: acta(),
                field: s("motion.01.count.for"),
                sealed: sealed.map(s),
                now: now.map(s),
            })
            .collect(),
        ChainProblemKind::Unreadable => vec![ChainProblem::Unreadable { acta: acta() }],
        ChainProblemKind::NotRebuilt => vec![ChainProblem::NotRebuilt { acta: acta(), reason: s("no assembly 7") }],
        ChainProblemKind::NameChanged => vec![ChainProblem::NameChanged {
            acta: acta(),
            field: s("body.name"),
            sealed: s("Sindicato San Gabriel"),
            now: s("Sindicato Otro"),
        }],
        ChainProblemKind::Unsealed => vec![ChainProblem::Unsealed { acta: acta() }],
        ChainProblemKind::ShorterThanHead | ChainProblemKind::DivergesFromHead => {
            let witnesses = [
                HeadWitness::Given,
                HeadWitness::Kept { keeper: s("Central Norte (CN)"), on: cabildo_domain::Date::MIN },
            ];
            witnesses
                .into_iter()
                .map(|witness| {
                    let (acta, head) = (s("Sindicato San Gabriel (SG)"), s("3:9f2c4e1a7b3d5f60"));
                    match kind {
                        ChainProblemKind::ShorterThanHead => {
                            ChainProblem::ShorterThanHead { acta, found: 2, head, witness }
                        }
                        _ => ChainProblem::DivergesFromHead { acta, head, witness },
                    }
                })
                .collect()
        }
        ChainProblemKind::ActaOverdue => vec![ChainProblem::ActaOverdue { acta: acta(), days: 45 }],
    }
}

/// Every kind of key log problem.
fn key_problem(kind: KeyProblemKind) -> KeyProblem {
    let acta = || s("Acta 1 Sindicato San Gabriel (#1)");
    match kind {
        KeyProblemKind::LogBroken => KeyProblem::LogBroken { seq: 3 },
        KeyProblemKind::PinMismatch => KeyProblem::PinMismatch { seq: 4 },
        KeyProblemKind::BadEndorsement => KeyProblem::BadEndorsement { seq: 5, username: s("rosa") },
        KeyProblemKind::Unendorsed => KeyProblem::Unendorsed { seq: 6, username: s("mallory") },
        KeyProblemKind::UntrustedKey => KeyProblem::UntrustedKey { acta: acta(), signer: s("Rosa Mamani") },
        KeyProblemKind::KeySuperseded => KeyProblem::KeySuperseded { acta: acta(), signer: s("Rosa Mamani") },
    }
}

fn refusal(kind: RefusalKind) -> Refusal {
    match kind {
        RefusalKind::UnknownAssembly => Refusal::UnknownAssembly { id: 7 },
        RefusalKind::UnknownMotion => Refusal::UnknownMotion { id: 8 },
        RefusalKind::UnknownResolution => Refusal::UnknownResolution { reference: s("3/2026") },
        RefusalKind::NotEligible => Refusal::NotEligible { name: s("#12") },
        RefusalKind::UnknownCard => Refusal::UnknownCard { code: s("ZZ-1") },
        RefusalKind::AssemblyNotOpen => Refusal::AssemblyNotOpen { status: s("convened") },
        RefusalKind::AssemblyFinished => Refusal::AssemblyFinished { status: s("closed") },
        RefusalKind::AssemblyAlreadyOpen => Refusal::AssemblyAlreadyOpen,
        RefusalKind::VoteNotOpen => Refusal::VoteNotOpen { number: 1 },
        RefusalKind::MotionDecided => Refusal::MotionDecided { number: 1, outcome: s("adopted") },
        RefusalKind::VoteStillOpen => Refusal::VoteStillOpen { number: 2 },
        RefusalKind::NoQuorum => Refusal::NoQuorum { present: 10, required: 76 },
        RefusalKind::HasQuorum => Refusal::HasQuorum { present: 80, required: 76 },
        RefusalKind::WrongMethod => Refusal::WrongMethod { number: 1, method: s("roll_call") },
        RefusalKind::NoTickets => Refusal::NoTickets,
        RefusalKind::PhoneVotingNotOffered => Refusal::PhoneVotingNotOffered,
        RefusalKind::NotPresent => Refusal::NotPresent { name: s("#12") },
        RefusalKind::AlreadyVoted => Refusal::AlreadyVoted { name: s("Juana Mamani") },
        RefusalKind::BallotCodeUnknown => Refusal::BallotCodeUnknown,
        RefusalKind::BallotCodeUsed => Refusal::BallotCodeUsed,
        RefusalKind::BallotSheetClosed => Refusal::BallotSheetClosed,
        RefusalKind::BallotSheetLost => Refusal::BallotSheetLost,
        RefusalKind::BallotInTheBox => Refusal::BallotInTheBox,
        RefusalKind::UnknownTicket => Refusal::UnknownTicket,
        RefusalKind::TicketAlreadyVoted => Refusal::TicketAlreadyVoted,
        RefusalKind::UnknownOption => Refusal::UnknownOption { option: s("c999") },
        RefusalKind::NoCandidates => Refusal::NoCandidates,
        RefusalKind::TooManyCandidates => Refusal::TooManyCandidates { count: 2_000, max: 50 },
        RefusalKind::UnknownPerson => Refusal::UnknownPerson { id: 7 },
        RefusalKind::CandidateOutsideRegister => {
            Refusal::CandidateOutsideRegister { name: "#7".into(), body: "Sindicato San Pedro".into() }
        }
        RefusalKind::ElectedNotRegistered => {
            Refusal::ElectedNotRegistered { name: "Juana Mamani".into(), body: "Sindicato San Pedro".into() }
        }
        RefusalKind::ActaSealed => Refusal::ActaSealed,
        RefusalKind::NoActa => Refusal::NoActa,
        RefusalKind::MissingSignatures => Refusal::MissingSignatures { roles: s("secretario_actas") },
        RefusalKind::NotSigner => Refusal::NotSigner { role: s("Presidente") },
        RefusalKind::AlreadySigned => Refusal::AlreadySigned,
        RefusalKind::NotLinked => Refusal::NotLinked,
        RefusalKind::NotOfficeHolder => {
            Refusal::NotOfficeHolder { office: s("Secretario de Actas"), body: s("Sindicato San Juan") }
        }
        RefusalKind::AccountRequired => Refusal::AccountRequired,
        RefusalKind::KeyNotDerived => Refusal::KeyNotDerived,
    }
}

fn instruction_refusal(kind: InstructionRefusalKind) -> InstructionRefusal {
    let body = || s("Sindicato San Gabriel (S1)");
    match kind {
        InstructionRefusalKind::UnknownInstruction => InstructionRefusal::UnknownInstruction { reference: s("12") },
        InstructionRefusalKind::OutsideSubtree => InstructionRefusal::OutsideSubtree { target: s("F2"), body: s("F1") },
        InstructionRefusalKind::NotOwnResolution => {
            InstructionRefusal::NotOwnResolution { resolution: s("3/2026"), owner: s("C1"), body: s("F1") }
        }
        InstructionRefusalKind::NoRecipients => InstructionRefusal::NoRecipients { body: s("F1") },
        InstructionRefusalKind::NotRecipient => InstructionRefusal::NotRecipient { body: body() },
        InstructionRefusalKind::AlreadyAcknowledged => InstructionRefusal::AlreadyAcknowledged {
            body: body(),
            by: s("Jhonny Yupanqui (Secretario General)"),
            on: s("2026-11-23"),
        },
        InstructionRefusalKind::AlreadyAcknowledgedByAssembly => InstructionRefusal::AlreadyAcknowledgedByAssembly {
            body: body(),
            resolution: s("4/2026"),
            on: s("2026-11-23"),
        },
        InstructionRefusalKind::NoOffice => InstructionRefusal::NoOffice { body: body() },
    }
}

fn delegate_refusal(kind: DelegateRefusalKind) -> DelegateRefusal {
    let s = |v: &str| v.to_string();
    let name = || s("Juana Mamani Quispe");
    let body = || s("Sindicato Uno (F1-C01-S01)");
    match kind {
        DelegateRefusalKind::UnknownDelegation => DelegateRefusal::UnknownDelegation { id: 12 },
        DelegateRefusalKind::SeatsNotForKind => DelegateRefusal::SeatsNotForKind { kind: s("ordinaria") },
        DelegateRefusalKind::SeatsAlreadyDeclared => DelegateRefusal::SeatsAlreadyDeclared,
        DelegateRefusalKind::NoSubBodies => DelegateRefusal::NoSubBodies { body: body() },
        DelegateRefusalKind::DelegationNotOfBody => {
            DelegateRefusal::DelegationNotOfBody { delegation: s("Sindicato Dos"), body: body() }
        }
        DelegateRefusalKind::DelegationEnded => DelegateRefusal::DelegationEnded { body: body(), on: s("2026-11-01") },
        DelegateRefusalKind::NoSuchSeat => DelegateRefusal::NoSuchSeat { seat: 4, seats: 3 },
        DelegateRefusalKind::NoAlternates => DelegateRefusal::NoAlternates,
        DelegateRefusalKind::SecondCredential => {
            DelegateRefusal::SecondCredential { body: body(), seat: 1, role: s("alternate"), holder: name() }
        }
        DelegateRefusalKind::CongressFinished => {
            DelegateRefusal::CongressFinished { assembly: s("Congreso ordinario") }
        }
        DelegateRefusalKind::CredentialRequired => DelegateRefusal::CredentialRequired { name: name() },
        DelegateRefusalKind::CredentialMalformed => DelegateRefusal::CredentialMalformed { code: s("K7Q2M-9APXR-Z") },
        DelegateRefusalKind::UnknownCredential => DelegateRefusal::UnknownCredential { code: s("K7Q2M-9APXR-C") },
        DelegateRefusalKind::CredentialOtherAssembly => {
            DelegateRefusal::CredentialOtherAssembly { code: s("K7Q2M-9APXR-C") }
        }
        DelegateRefusalKind::CredentialRevoked => {
            DelegateRefusal::CredentialRevoked { name: name(), body: body(), on: s("2026-11-01") }
        }
        DelegateRefusalKind::CredentialUsed => DelegateRefusal::CredentialUsed { name: name(), body: body() },
        DelegateRefusalKind::HolderPresent => {
            DelegateRefusal::HolderPresent { name: name(), seat: 2, body: body(), holder: s("Pedro Choque") }
        }
        DelegateRefusalKind::AlternateSeated => {
            DelegateRefusal::AlternateSeated { name: name(), seat: 2, body: body(), alternate: s("Pedro Choque") }
        }
        DelegateRefusalKind::ObserverCannotVote => DelegateRefusal::ObserverCannotVote { name: name(), body: body() },
        DelegateRefusalKind::StatuteFirst => DelegateRefusal::StatuteFirst { body: body() },
    }
}

fn obligation_refusal(kind: ObligationRefusalKind) -> ObligationRefusal {
    let office = || s("Secretario General");
    match kind {
        ObligationRefusalKind::UnknownObligation => ObligationRefusal::UnknownObligation { reference: s("9") },
        ObligationRefusalKind::NoSuchOffice => ObligationRefusal::NoSuchOffice { office: s("Tesorero"), body: s("F1") },
        ObligationRefusalKind::OfficeOfAnotherBody => {
            ObligationRefusal::OfficeOfAnotherBody { office: office(), owner: s("F2"), body: s("F1") }
        }
        ObligationRefusalKind::TargetUnrelated => ObligationRefusal::TargetUnrelated { target: s("F2"), body: s("F1") },
        ObligationRefusalKind::NothingOwed => ObligationRefusal::NothingOwed { body: s("F1") },
        ObligationRefusalKind::VisitorNotObliged => {
            ObligationRefusal::VisitorNotObliged { name: s("Juan Pérez"), body: s("C1") }
        }
        ObligationRefusalKind::VisitorAlreadyRecorded => {
            ObligationRefusal::VisitorAlreadyRecorded { name: s("Juan Pérez") }
        }
        ObligationRefusalKind::UnknownDemand => ObligationRefusal::UnknownDemand { reference: s("4") },
        ObligationRefusalKind::DemandOfficeOutside => {
            ObligationRefusal::DemandOfficeOutside { office: office(), owner: s("F2"), body: s("S1") }
        }
        ObligationRefusalKind::OfficeEnded => ObligationRefusal::OfficeEnded { office: office(), on: s("2026-01-01") },
        ObligationRefusalKind::DemandNoHigherBody => ObligationRefusal::DemandNoHigherBody { body: s("S1") },
        ObligationRefusalKind::DemandNotOpen => ObligationRefusal::DemandNotOpen { status: s("closed") },
        ObligationRefusalKind::DemandNotPlaced => ObligationRefusal::DemandNotPlaced,
        ObligationRefusalKind::DemandOfficerAbsent => {
            ObligationRefusal::DemandOfficerAbsent { name: s("Juan Pérez"), assembly: s("Ordinaria") }
        }
        ObligationRefusalKind::InformeNotHolder => ObligationRefusal::InformeNotHolder { office: office() },
        ObligationRefusalKind::UnknownAgendaItem => ObligationRefusal::UnknownAgendaItem { item: s("7") },
        ObligationRefusalKind::ObligationEnded => ObligationRefusal::ObligationEnded { on: s("30/06/2026") },
        ObligationRefusalKind::EndsBeforeItBegins => {
            ObligationRefusal::EndsBeforeItBegins { since: s("01/10/2024"), on: s("30/09/2024") }
        }
    }
}

fn petition_refusal(kind: PetitionRefusalKind) -> PetitionRefusal {
    let body = || s("Sindicato San Gabriel (S1)");
    match kind {
        PetitionRefusalKind::UnknownPetition => PetitionRefusal::UnknownPetition { reference: s("12") },
        PetitionRefusalKind::UnknownAuthority => PetitionRefusal::UnknownAuthority { reference: s("3"), body: body() },
        PetitionRefusalKind::SkipsLevel => {
            PetitionRefusal::SkipsLevel { target: s("F1"), body: body(), parent: s("Central Norte (C1)") }
        }
        PetitionRefusalKind::NoParent => PetitionRefusal::NoParent { body: s("Confederación (TROPICO)") },
        PetitionRefusalKind::NotOwnResolution => {
            PetitionRefusal::NotOwnResolution { resolution: s("3/2026"), owner: s("C1"), body: body() }
        }
        PetitionRefusalKind::AlreadyRaised => {
            PetitionRefusal::AlreadyRaised { resolution: s("3/2026"), petition: s("7") }
        }
        PetitionRefusalKind::NotHolder => PetitionRefusal::NotHolder { holder: s("Central Norte (C1)"), body: s("F2") },
        PetitionRefusalKind::NotWaiting => PetitionRefusal::NotWaiting { status: s("addressed") },
        PetitionRefusalKind::NotSent => PetitionRefusal::NotSent,
        PetitionRefusalKind::ReasonsRequired => PetitionRefusal::ReasonsRequired,
        PetitionRefusalKind::NothingToMerge => PetitionRefusal::NothingToMerge,
        PetitionRefusalKind::MeetingRequired => PetitionRefusal::MeetingRequired,
        PetitionRefusalKind::NoMeetingToConvene => PetitionRefusal::NoMeetingToConvene,
    }
}

fn ledger_refusal(kind: LedgerRefusalKind) -> LedgerRefusal {
    let body = || s("Sindicato San Gabriel (S1)");
    match kind {
        LedgerRefusalKind::UnknownFamily => LedgerRefusal::UnknownFamily { reference: s("Lote 99"), body: body() },
        LedgerRefusalKind::AmountNotPositive => LedgerRefusal::AmountNotPositive { amount: s("Bs 0,00") },
        LedgerRefusalKind::ReverseReversal => LedgerRefusal::ReverseReversal { entry: s("7") },
        LedgerRefusalKind::AlreadyReversed => LedgerRefusal::AlreadyReversed { entry: s("7"), by: s("9") },
        LedgerRefusalKind::TransferNotReversible => LedgerRefusal::TransferNotReversible { entry: s("7") },
        LedgerRefusalKind::PeriodClosed => {
            LedgerRefusal::PeriodClosed { period: s("2026-03"), body: body(), day: s("15/03/2026") }
        }
        LedgerRefusalKind::UnrelatedBody => LedgerRefusal::UnrelatedBody { from: body(), to: s("Central Sur (C2)") },
        LedgerRefusalKind::UnknownEntry => LedgerRefusal::UnknownEntry { reference: s("99"), body: body() },
        LedgerRefusalKind::UnknownReceipt => LedgerRefusal::UnknownReceipt { reference: s("K7Q2-M9XA") },
        LedgerRefusalKind::NoDuesRule => LedgerRefusal::NoDuesRule { body: body() },
        LedgerRefusalKind::ChargePaid => LedgerRefusal::ChargePaid { entry: s("3") },
        LedgerRefusalKind::ReasonRequired => LedgerRefusal::ReasonRequired,
        LedgerRefusalKind::NothingToCharge => LedgerRefusal::NothingToCharge { body: body() },
        LedgerRefusalKind::UnknownTransfer => LedgerRefusal::UnknownTransfer { reference: s("4") },
        LedgerRefusalKind::TransferNotPending => LedgerRefusal::TransferNotPending { reference: s("4"), body: body() },
        LedgerRefusalKind::TransferToItself => LedgerRefusal::TransferToItself { body: body() },
        LedgerRefusalKind::ShareNotOwed => LedgerRefusal::ShareNotOwed { from: body(), to: s("Central Sur (C2)") },
        LedgerRefusalKind::TransferExceedsCash => {
            LedgerRefusal::TransferExceedsCash { body: body(), cash: s("Bs 120,00"), amount: s("Bs 500,00") }
        }
        LedgerRefusalKind::TransferAlreadyConfirmed => {
            LedgerRefusal::TransferAlreadyConfirmed { reference: s("4"), by: s("Juana Mamani"), entry: s("12") }
        }
        LedgerRefusalKind::UnknownLevy => LedgerRefusal::UnknownLevy { reference: s("9"), body: body() },
        LedgerRefusalKind::ImportTooLarge => LedgerRefusal::ImportTooLarge { rows: s("5000"), size: s("1024 KB") },
        LedgerRefusalKind::DocumentTooLarge => LedgerRefusal::DocumentTooLarge { size: s("5 MB") },
        LedgerRefusalKind::DocumentType => LedgerRefusal::DocumentType,
        LedgerRefusalKind::DocumentExists => LedgerRefusal::DocumentExists { entry: s("7") },
        LedgerRefusalKind::NotAnExpense => LedgerRefusal::NotAnExpense { entry: s("7") },
        LedgerRefusalKind::UnknownDocument => LedgerRefusal::UnknownDocument { reference: s("3") },
        LedgerRefusalKind::AmbiguousFamily => {
            LedgerRefusal::AmbiguousFamily { reference: s("Juan Mamani"), body: body(), count: s("2") }
        }
    }
}

fn consulta_refusal(kind: ConsultaRefusalKind) -> ConsultaRefusal {
    let question = || s("¿Marchamos a La Paz?");
    match kind {
        ConsultaRefusalKind::UnknownConsulta => ConsultaRefusal::UnknownConsulta { reference: s("99") },
        ConsultaRefusalKind::ConsultaClosed => ConsultaRefusal::ConsultaClosed { question: question() },
        ConsultaRefusalKind::NotAsked => {
            ConsultaRefusal::NotAsked { body: s("Federación Dos (F2)"), question: question() }
        }
        ConsultaRefusalKind::AlreadyAnswered => ConsultaRefusal::AlreadyAnswered {
            body: s("Sindicato San Gabriel (S1)"),
            question: question(),
            assembly: s("Asamblea ordinaria de diciembre"),
            date: s("01/12/2026"),
        },
        ConsultaRefusalKind::AlreadyOnAgenda => ConsultaRefusal::AlreadyOnAgenda { number: 3 },
        ConsultaRefusalKind::VoteUnderWay => {
            ConsultaRefusal::VoteUnderWay { assembly: s("Asamblea ordinaria de diciembre"), number: 2 }
        }
        ConsultaRefusalKind::NoBases => {
            ConsultaRefusal::NoBases { body: s("Central Norte (C1)"), kind: s("parlamento") }
        }
        ConsultaRefusalKind::DeadlineNotLater => {
            ConsultaRefusal::DeadlineNotLater { deadline: s("2026-12-01"), current: s("2026-12-15") }
        }
        ConsultaRefusalKind::NotNomination => ConsultaRefusal::NotNomination { question: question() },
        ConsultaRefusalKind::NominationNeedsCandidates => ConsultaRefusal::NominationNeedsCandidates,
        ConsultaRefusalKind::NoNominees => ConsultaRefusal::NoNominees,
        ConsultaRefusalKind::NotLaunchersAssembly => {
            ConsultaRefusal::NotLaunchersAssembly { body: s("Federación Uno (F1)") }
        }
    }
}

fn store_error(kind: StoreErrorKind) -> StoreError {
    match kind {
        StoreErrorKind::NotFound => StoreError::NotFound,
        StoreErrorKind::Conflict => StoreError::Conflict(s("UNIQUE constraint failed: bodies.code")),
        StoreErrorKind::Unavailable => StoreError::Unavailable(s("connection refused")),
        StoreErrorKind::MigrationAhead => StoreError::MigrationAhead { found: 99, known: 12 },
        StoreErrorKind::Corrupt => StoreError::Corrupt(s("motions.rule: \"mayoria\"")),
        StoreErrorKind::Internal => StoreError::Internal(s("disk I/O error")),
        StoreErrorKind::MigrationChanged => {
            StoreError::MigrationChanged { version: 2, name: s("accounts"), found: s("0f3a"), expected: s("9c1e") }
        }
    }
}

fn recall_refusal(kind: RecallRefusalKind) -> RecallRefusal {
    let (office, body) = (s("Secretario General"), s("Federación Norte (F1)"));
    match kind {
        RecallRefusalKind::UnknownRecall => RecallRefusal::UnknownRecall { id: 9 },
        RecallRefusalKind::NoSay => RecallRefusal::NoSay { mover: s("Sindicato Sur (F2-S1)"), office, body },
        RecallRefusalKind::OfficeEnded => RecallRefusal::OfficeEnded { office, body, holder: s("Juana Mamani") },
        RecallRefusalKind::AlreadyCounted => {
            RecallRefusal::AlreadyCounted { base: s("Sindicato 1 (S1)"), office, body, resolution: s("3/2026") }
        }
        RecallRefusalKind::WindowClosed => RecallRefusal::WindowClosed { office, body, closed: s("31/03/2026") },
        RecallRefusalKind::NoShare => RecallRefusal::NoShare { body },
    }
}

fn mandate_refusal(kind: MandateRefusalKind) -> MandateRefusal {
    let item = || s("Pliego petitorio");
    match kind {
        MandateRefusalKind::UnknownItem => MandateRefusal::UnknownItem { assembly: s("12"), item: s("9") },
        MandateRefusalKind::NotAncestor => {
            MandateRefusal::NotAncestor { assembly: s("12"), body: s("Sindicato Río Ichilo (F1-S91)") }
        }
        MandateRefusalKind::NotDelegatesAssembly => MandateRefusal::NotDelegatesAssembly { kind: s("ordinaria") },
        MandateRefusalKind::HigherFinished => MandateRefusal::HigherFinished { assembly: s("Congreso de F1") },
        MandateRefusalKind::AlreadyGiven => MandateRefusal::AlreadyGiven {
            body: s("Sindicato Río Ichilo (F1-S91)"),
            item: item(),
            resolution: s("3/2026"),
        },
        MandateRefusalKind::ItemVoted => MandateRefusal::ItemVoted { item: item() },
        MandateRefusalKind::OptionNotOnItem => {
            MandateRefusal::OptionNotOnItem { option: s("Juana Mamani"), item: item(), options: s("Rosa Flores") }
        }
        MandateRefusalKind::AlreadyOnAgenda => MandateRefusal::AlreadyOnAgenda { number: 2 },
        MandateRefusalKind::MotionNotPending => MandateRefusal::MotionNotPending { number: 2 },
        MandateRefusalKind::MotionPlaced => MandateRefusal::MotionPlaced { number: 2, item: item() },
    }
}

/// Every kind of service error, with the wrapped errors of every kind, and both forms of the
/// errors whose message depends on a value.
fn service_errors(kind: ServiceErrorKind) -> Vec<ServiceError> {
    let one = |e: ServiceError| vec![e];
    match kind {
        ServiceErrorKind::Domain => DomainErrorKind::iter().map(|k| ServiceError::Domain(domain_error(k))).collect(),
        ServiceErrorKind::Header => HeaderErrorKind::iter().map(|k| ServiceError::Header(header_error(k))).collect(),
        ServiceErrorKind::Assembly => RefusalKind::iter().map(|k| ServiceError::Assembly(refusal(k))).collect(),
        ServiceErrorKind::Recall => RecallRefusalKind::iter().map(|k| ServiceError::from(recall_refusal(k))).collect(),
        ServiceErrorKind::Instruction => {
            InstructionRefusalKind::iter().map(|k| ServiceError::Instruction(instruction_refusal(k))).collect()
        }
        ServiceErrorKind::Consulta => {
            ConsultaRefusalKind::iter().map(|k| ServiceError::from(consulta_refusal(k))).collect()
        }
        ServiceErrorKind::Delegate => {
            DelegateRefusalKind::iter().map(|k| ServiceError::from(delegate_refusal(k))).collect()
        }
        ServiceErrorKind::Mandate => {
            MandateRefusalKind::iter().map(|k| ServiceError::from(mandate_refusal(k))).collect()
        }
        ServiceErrorKind::Obligation => {
            ObligationRefusalKind::iter().map(|k| ServiceError::from(obligation_refusal(k))).collect()
        }
        ServiceErrorKind::Petition => {
            PetitionRefusalKind::iter().map(|k| ServiceError::Petition(petition_refusal(k))).collect()
        }
        ServiceErrorKind::Ledger => LedgerRefusalKind::iter().map(|k| ServiceError::from(ledger_refusal(k))).collect(),
        ServiceErrorKind::UnknownBody => one(ServiceError::UnknownBody { reference: s("NOPE") }),
        ServiceErrorKind::DuplicateBodyCode => one(ServiceError::DuplicateBodyCode { code: s("C1") }),
        ServiceErrorKind::DuplicateParcelCode => {
            one(ServiceError::DuplicateParcelCode { code: s("L-1"), body: s("Sindicato San Gabriel (S1)") })
        }
        ServiceErrorKind::BodyClosed => one(ServiceError::BodyClosed { body: s("S1") }),
        ServiceErrorKind::HasOpenChildren => one(ServiceError::HasOpenChildren { body: s("C1"), count: 2 }),
        ServiceErrorKind::NotHouseholdBody => one(ServiceError::NotHouseholdBody { body: s("F1") }),
        ServiceErrorKind::NotIndividualBody => one(ServiceError::NotIndividualBody { body: s("S1") }),
        ServiceErrorKind::UnknownHousehold => one(ServiceError::UnknownHousehold { id: 4 }),
        ServiceErrorKind::UnknownOffice => one(ServiceError::UnknownOffice { id: 5 }),
        ServiceErrorKind::UnknownAffiliation => one(ServiceError::UnknownAffiliation { id: 6 }),
        ServiceErrorKind::SindicatoOutsideTarget => {
            one(ServiceError::SindicatoOutsideTarget { reference: s("S9"), target: s("C1") })
        }
        ServiceErrorKind::AmbiguousSindicato => {
            one(ServiceError::AmbiguousSindicato { name: s("San Gabriel"), count: 2, target: s("F1") })
        }
        ServiceErrorKind::DuplicateParcelInFile => [0, 12]
            .into_iter()
            .map(|first_line| ServiceError::DuplicateParcelInFile { code: s("L-1"), body: s("S1"), first_line })
            .collect(),
        ServiceErrorKind::RegisterNumberConflict => [0, 12]
            .into_iter()
            .map(|first_line| ServiceError::RegisterNumberConflict { number: s("7"), body: s("S1"), first_line })
            .collect(),
        ServiceErrorKind::UnreadableLine => one(ServiceError::UnreadableLine { reason: s("unclosed quote") }),
        ServiceErrorKind::NotText => one(ServiceError::NotText { path: s("foto.csv") }),
        ServiceErrorKind::NotUtf8Line => one(ServiceError::NotUtf8Line),
        ServiceErrorKind::ImportRunning => one(ServiceError::ImportRunning),
        ServiceErrorKind::ImportChangedMeanwhile => one(ServiceError::ImportChangedMeanwhile),
        ServiceErrorKind::Forbidden => {
            vec![ServiceError::Forbidden { body: String::new() }, ServiceError::Forbidden { body: s("F1") }]
        }
        ServiceErrorKind::SignInRequired => one(ServiceError::SignInRequired),
        ServiceErrorKind::BadCredentials => one(ServiceError::BadCredentials),
        ServiceErrorKind::TooManyAttempts => one(ServiceError::TooManyAttempts { until: 1_764_500_000, seconds: 300 }),
        ServiceErrorKind::AccountDisabled => one(ServiceError::AccountDisabled),
        ServiceErrorKind::CannotDisableSelf => one(ServiceError::CannotDisableSelf),
        ServiceErrorKind::PersonHasAccount => {
            one(ServiceError::PersonHasAccount { name: "Juana Mamani".into(), username: "juana".into() })
        }
        ServiceErrorKind::UnknownToken => one(ServiceError::UnknownToken { id: 7 }),
        ServiceErrorKind::DuplicateUsername => one(ServiceError::DuplicateUsername { username: s("actas") }),
        ServiceErrorKind::UnknownAccount => one(ServiceError::UnknownAccount { username: s("nadie") }),
        ServiceErrorKind::DatabaseNotEmpty => one(ServiceError::DatabaseNotEmpty),
        ServiceErrorKind::Unreadable => {
            one(ServiceError::Unreadable { path: s("padron.csv"), reason: s("No such file or directory") })
        }
        ServiceErrorKind::Unwritable => {
            one(ServiceError::Unwritable { path: s("padron.csv"), reason: s("Permission denied") })
        }
        ServiceErrorKind::Unavailable => one(ServiceError::Unavailable(s("connection refused"))),
        ServiceErrorKind::DatabaseAhead => one(ServiceError::DatabaseAhead { found: 99, known: 12 }),
        ServiceErrorKind::MigrationChanged => one(ServiceError::MigrationChanged { migration: s("0002_accounts") }),
        ServiceErrorKind::Conflict => one(ServiceError::Conflict(s("UNIQUE constraint failed"))),
        ServiceErrorKind::Internal => one(ServiceError::Internal(s("a record vanished during the change"))),
    }
}

/// Every message the errors of the program can show: the services' errors (which wrap the
/// domain's, the padrón header's and the assemblies' refusals), what the store's errors become,
/// and the acta checks.
fn every_error_message() -> Vec<Message> {
    let mut messages: Vec<Message> = ServiceErrorKind::iter().flat_map(service_errors).map(|e| e.message()).collect();
    messages.extend(StoreErrorKind::iter().map(|k| ServiceError::from(store_error(k)).message()));
    messages.extend(ActaErrorKind::iter().map(|k| acta_error(k).message()));
    messages.extend(ChainProblemKind::iter().flat_map(chain_problems).map(|p| p.message()));
    messages.extend(KeyProblemKind::iter().map(|k| key_problem(k).message()));
    messages
}

/// The problems of each message in each language; empty when all is well.
fn problems_of(messages: &[Message]) -> Vec<String> {
    let mut problems = Vec::new();
    for lang in Lang::ALL {
        for message in messages {
            match check(lang, message.id, &message.args) {
                Ok(text) if text.trim().is_empty() => problems.push(format!("{lang:?}: {} is empty", message.id)),
                Ok(_) => {}
                Err(found) => problems.extend(found),
            }
        }
    }
    problems
}

#[test]
fn every_error_has_a_message_in_every_language() {
    let messages = every_error_message();
    // One of each, and more than the old hand-kept list had (it missed every refusal).
    assert!(messages.len() > 100, "{} messages", messages.len());
    let problems = problems_of(&messages);
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}

#[test]
fn every_field_has_a_name_in_every_language() {
    let messages: Vec<Message> = Field::iter().map(|field| DomainError::Required { field }.message()).collect();
    assert!(messages.len() > 40);
    let problems = problems_of(&messages);
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}

#[test]
fn a_missing_message_or_argument_is_a_problem() {
    let missing = Message::new("no_such_error");
    let unresolved = Message::new("too_long").arg("field", "area");
    let problems = problems_of(&[missing, unresolved]);
    for lang in ["es", "en"] {
        assert!(problems.contains(&format!("{lang}: no message no_such_error")), "{problems:?}");
        assert!(
            problems.iter().any(|p| p.starts_with(&format!("{lang}: too_long")) && p.contains("max")),
            "{problems:?}"
        );
    }
}
