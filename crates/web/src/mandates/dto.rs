//! The JSON shapes of mandates.

use cabildo_services::mandates::{Check, MandateReport};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::http::dto::Body;

/// One delegate's vote against the mandate.
#[derive(Serialize, ToSchema)]
pub struct DelegateVote {
    /// The person's number.
    pub person: i64,
    pub name: String,
    /// The option voted (`for`, `against`, `abstain`, `c<candidate>`, `o<option>`); `null`: did not vote.
    #[schema(required = true)]
    pub vote: Option<String>,
    /// The name of the candidate or option voted, for an election or a choice.
    #[schema(required = true)]
    pub vote_label: Option<String>,
    /// `kept`, `broken` or `absent`.
    pub keeping: &'static str,
}

/// A vote under the mandate's item and what it tells of the mandate.
#[derive(Serialize, ToSchema)]
pub struct MandateVote {
    /// The motion's number in this instance.
    pub motion: i64,
    pub motion_title: String,
    /// The option the mandate asks for on this motion.
    pub asked: String,
    #[schema(required = true)]
    pub asked_label: Option<String>,
    /// `pending` (not voted yet), `not_comparable` (a method that records no one's vote) or
    /// `compared` (a roll call).
    pub status: &'static str,
    /// The vote's method, once voted.
    #[schema(required = true)]
    pub method: Option<&'static str>,
    /// The delegation as a whole: `kept`, `broken` (some delegate broke it) or `absent`; `null`
    /// unless compared.
    #[schema(required = true)]
    pub keeping: Option<&'static str>,
    /// The base's delegates present (empty when it had none, or when not compared).
    pub delegates: Vec<DelegateVote>,
}

/// A mandate, its item and how it was kept.
#[derive(Serialize, ToSchema)]
pub struct Mandate {
    pub id: i64,
    /// The base that gave it.
    pub base: Body,
    /// The congress or ampliado and its body.
    pub assembly: i64,
    pub assembly_title: String,
    pub assembly_body: Body,
    /// The item's number on the agenda, and its title.
    pub item: i64,
    pub item_title: String,
    /// `for`, `against`, `abstain` or `option`.
    pub position: &'static str,
    /// The option's or candidate's name, for `option`.
    #[schema(required = true)]
    pub option: Option<String>,
    /// The base's resolution that gave it (`number/year`) and the motion adopted.
    pub resolution: String,
    pub motion: i64,
    /// When it was given (Unix seconds).
    pub given_at: i64,
    pub votes: Vec<MandateVote>,
}

pub fn mandate_dto(r: &MandateReport) -> Mandate {
    Mandate {
        id: r.record.id,
        base: Body::from(&r.base),
        assembly: r.higher.id.0,
        assembly_title: r.higher.title.clone(),
        assembly_body: Body::from(&r.higher_body),
        item: r.record.item.position,
        item_title: r.record.item.title.clone(),
        position: r.record.mandate.position.code(),
        option: r.record.mandate.option.clone(),
        resolution: format!("{}/{}", r.record.resolution_number, r.record.resolution_year),
        motion: r.record.motion_id.0,
        given_at: r.record.given_at,
        votes: r
            .votes
            .iter()
            .map(|v| {
                let (status, delegates) = match &v.check {
                    Check::Pending => ("pending", Vec::new()),
                    Check::NotComparable(_) => ("not_comparable", Vec::new()),
                    Check::Compared(list) => (
                        "compared",
                        list.iter()
                            .map(|d| DelegateVote {
                                person: d.person_id.0,
                                name: d.name.display(),
                                vote: d.vote.clone(),
                                vote_label: d.vote_label.clone(),
                                keeping: d.keeping.code(),
                            })
                            .collect(),
                    ),
                };
                MandateVote {
                    motion: v.motion.id.0,
                    motion_title: v.motion.title.clone(),
                    asked: v.asked.clone(),
                    asked_label: v.asked_label.clone(),
                    status,
                    method: v.motion.method.map(|m| m.code()),
                    keeping: v.keeping().map(|k| k.code()),
                    delegates,
                }
            })
            .collect(),
    }
}

/// A base's mandates.
#[derive(Serialize, ToSchema)]
pub struct BaseMandates {
    pub body: Body,
    pub mandates: Vec<Mandate>,
}

/// The mandates on an assembly's items.
#[derive(Serialize, ToSchema)]
pub struct AssemblyMandates {
    pub assembly: i64,
    /// Whether every base's mandates are listed (an officer of the assembly's body), or only
    /// those of the viewer's bases (a delegate).
    pub sees_all: bool,
    pub mandates: Vec<Mandate>,
}

/// A mandate to put to a base's assembly in session.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewMandate {
    /// The congress's or ampliado's number.
    pub assembly: i64,
    /// The item's number on its agenda (from 1).
    pub item: i64,
    /// `for`, `against`, `abstain` or `option`.
    pub position: String,
    /// The option's or candidate's name, for `option`.
    #[serde(default)]
    pub option: String,
    /// The motion's text (empty: a text in the viewer's language naming the item and the mandate).
    #[serde(default)]
    pub text: String,
}

/// The motion that puts a mandate to the assembly, or the motion placed under an item.
#[derive(Serialize, ToSchema)]
pub struct MandateMotion {
    pub motion: i64,
    pub assembly: i64,
    pub number: i64,
    pub title: String,
}

impl From<&cabildo_services::assembly::MotionRecord> for MandateMotion {
    fn from(m: &cabildo_services::assembly::MotionRecord) -> Self {
        MandateMotion { motion: m.id.0, assembly: m.assembly_id.0, number: m.number, title: m.title.clone() }
    }
}

/// The item to place a motion under.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MotionItem {
    /// The item's number on the motion's assembly's agenda.
    pub item: i64,
}
