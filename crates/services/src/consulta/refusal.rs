//! What a consulta refuses: each refusal has a stable code, which is also its message id in the
//! catalogues (`es-consulta.ftl`, `en-consulta.ftl`), and nothing changes.

use cabildo_domain::Message;

/// A consulta's refusals. [`ConsultaRefusalKind`] lists the variants (the catalogue test walks it).
#[derive(Debug, Clone, PartialEq, thiserror::Error, strum::EnumDiscriminants)]
#[strum_discriminants(name(ConsultaRefusalKind), derive(strum::EnumIter))]
pub enum ConsultaRefusal {
    #[error("no consulta {reference}")]
    UnknownConsulta { reference: String },
    #[error("the consulta \"{question}\" is closed: it takes no more answers")]
    ConsultaClosed { question: String },
    #[error("{body} was not asked \"{question}\": it is neither a base of the consulta nor a body above one")]
    NotAsked { body: String, question: String },
    #[error("{body} already answered \"{question}\" in the assembly \"{assembly}\" of {date}: a body answers once")]
    AlreadyAnswered { body: String, question: String, assembly: String, date: String },
    #[error("motion {number} of this assembly already answers the consulta")]
    AlreadyOnAgenda { number: i64 },
    #[error("the consulta is being voted already in \"{assembly}\" (motion {number}): a body answers once")]
    VoteUnderWay { assembly: String, number: i64 },
    #[error("there is no {kind} below {body} to ask: choose another kind of base")]
    NoBases { body: String, kind: String },
    #[error("the new deadline {deadline} must be later than the present one, {current}")]
    DeadlineNotLater { deadline: String, current: String },
    #[error("the consulta \"{question}\" is not a nomination")]
    NotNomination { question: String },
    #[error("a nomination is answered by an election: name the candidates the assembly proposes")]
    NominationNeedsCandidates,
    #[error("no base has nominated anyone yet")]
    NoNominees,
    #[error("the assembly is not of {body}, which launched the consulta")]
    NotLaunchersAssembly { body: String },
}

impl ConsultaRefusal {
    pub fn code(&self) -> &'static str {
        match self {
            ConsultaRefusal::UnknownConsulta { .. } => "unknown_consulta",
            ConsultaRefusal::ConsultaClosed { .. } => "consulta_closed",
            ConsultaRefusal::NotAsked { .. } => "consulta_not_asked",
            ConsultaRefusal::AlreadyAnswered { .. } => "consulta_already_answered",
            ConsultaRefusal::AlreadyOnAgenda { .. } => "consulta_already_on_agenda",
            ConsultaRefusal::VoteUnderWay { .. } => "consulta_vote_under_way",
            ConsultaRefusal::NoBases { .. } => "consulta_no_bases",
            ConsultaRefusal::DeadlineNotLater { .. } => "consulta_deadline_not_later",
            ConsultaRefusal::NotNomination { .. } => "consulta_not_nomination",
            ConsultaRefusal::NominationNeedsCandidates => "consulta_nomination_needs_candidates",
            ConsultaRefusal::NoNominees => "consulta_no_nominees",
            ConsultaRefusal::NotLaunchersAssembly { .. } => "consulta_not_launchers_assembly",
        }
    }

    /// Whether the refusal means "there is no such thing" (HTTP 404) rather than "not now".
    pub fn is_not_found(&self) -> bool {
        matches!(self, ConsultaRefusal::UnknownConsulta { .. })
    }

    pub fn message(&self) -> Message {
        let m = Message::new(self.code());
        match self {
            ConsultaRefusal::UnknownConsulta { reference } => m.arg("reference", reference),
            ConsultaRefusal::ConsultaClosed { question } | ConsultaRefusal::NotNomination { question } => {
                m.arg("question", question)
            }
            ConsultaRefusal::NotAsked { body, question } => m.arg("body", body).arg("question", question),
            ConsultaRefusal::AlreadyAnswered { body, question, assembly, date } => {
                m.arg("body", body).arg("question", question).arg("assembly", assembly).arg("date", date)
            }
            ConsultaRefusal::AlreadyOnAgenda { number } => m.arg("number", number),
            ConsultaRefusal::VoteUnderWay { assembly, number } => m.arg("assembly", assembly).arg("number", number),
            ConsultaRefusal::NoBases { body, kind } => m.arg("body", body).arg("kind", kind),
            ConsultaRefusal::DeadlineNotLater { deadline, current } => {
                m.arg("deadline", deadline).arg("current", current)
            }
            ConsultaRefusal::NotLaunchersAssembly { body } => m.arg("body", body),
            ConsultaRefusal::NominationNeedsCandidates | ConsultaRefusal::NoNominees => m,
        }
    }
}
