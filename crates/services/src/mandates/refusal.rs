//! What mandates refuse: each refusal has a stable code, which is also its message id in the
//! catalogues (`es-mandates.ftl`, `en-mandates.ftl`), and nothing changes.

use cabildo_domain::Message;

/// The refusals of mandates. [`MandateRefusalKind`] lists the variants (the catalogue test walks it).
#[derive(Debug, Clone, PartialEq, thiserror::Error, strum::EnumDiscriminants)]
#[strum_discriminants(name(MandateRefusalKind), derive(strum::EnumIter))]
pub enum MandateRefusal {
    #[error("assembly {assembly} has no agenda item {item}")]
    UnknownItem { assembly: String, item: String },
    #[error("assembly {assembly} is not an assembly of a body above {body}")]
    NotAncestor { assembly: String, body: String },
    #[error("a mandate is given for a congress or an ampliado, not for an assembly of kind {kind}")]
    NotDelegatesAssembly { kind: String },
    #[error("the assembly \"{assembly}\" has finished: its items take no more mandates")]
    HigherFinished { assembly: String },
    #[error("{body} already gave a mandate on \"{item}\" (resolution {resolution}): a base gives one per item")]
    AlreadyGiven { body: String, item: String, resolution: String },
    #[error("\"{item}\" was voted already: a mandate comes before the vote")]
    ItemVoted { item: String },
    #[error("\"{option}\" is not among the options of \"{item}\" ({options})")]
    OptionNotOnItem { option: String, item: String, options: String },
    #[error("motion {number} of this assembly already puts a mandate on this item")]
    AlreadyOnAgenda { number: i64 },
    #[error("motion {number} is voted or being voted: it can no longer be placed under an item")]
    MotionNotPending { number: i64 },
    #[error("motion {number} is already under item {item}")]
    MotionPlaced { number: i64, item: String },
}

impl MandateRefusal {
    pub fn code(&self) -> &'static str {
        match self {
            MandateRefusal::UnknownItem { .. } => "mandate_unknown_item",
            MandateRefusal::NotAncestor { .. } => "mandate_not_ancestor",
            MandateRefusal::NotDelegatesAssembly { .. } => "mandate_not_delegates_assembly",
            MandateRefusal::HigherFinished { .. } => "mandate_assembly_finished",
            MandateRefusal::AlreadyGiven { .. } => "mandate_already_given",
            MandateRefusal::ItemVoted { .. } => "mandate_item_voted",
            MandateRefusal::OptionNotOnItem { .. } => "mandate_option_not_on_item",
            MandateRefusal::AlreadyOnAgenda { .. } => "mandate_already_on_agenda",
            MandateRefusal::MotionNotPending { .. } => "mandate_motion_not_pending",
            MandateRefusal::MotionPlaced { .. } => "mandate_motion_placed",
        }
    }

    /// Whether the refusal means "there is no such thing" (HTTP 404) rather than "not now".
    pub fn is_not_found(&self) -> bool {
        matches!(self, MandateRefusal::UnknownItem { .. })
    }

    pub fn message(&self) -> Message {
        let m = Message::new(self.code());
        match self {
            MandateRefusal::UnknownItem { assembly, item } => m.arg("assembly", assembly).arg("item", item),
            MandateRefusal::NotAncestor { assembly, body } => m.arg("assembly", assembly).arg("body", body),
            MandateRefusal::NotDelegatesAssembly { kind } => m.arg("kind", kind),
            MandateRefusal::HigherFinished { assembly } => m.arg("assembly", assembly),
            MandateRefusal::AlreadyGiven { body, item, resolution } => {
                m.arg("body", body).arg("item", item).arg("resolution", resolution)
            }
            MandateRefusal::ItemVoted { item } => m.arg("item", item),
            MandateRefusal::OptionNotOnItem { option, item, options } => {
                m.arg("option", option).arg("item", item).arg("options", options)
            }
            MandateRefusal::AlreadyOnAgenda { number } | MandateRefusal::MotionNotPending { number } => {
                m.arg("number", number)
            }
            MandateRefusal::MotionPlaced { number, item } => m.arg("number", number).arg("item", item),
        }
    }
}
