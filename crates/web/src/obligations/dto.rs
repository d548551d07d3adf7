//! The JSON shapes of obligations, demands for explanation, visiting officers and informes.

use cabildo_domain::obligation::Summary;
use cabildo_services::obligations::{DemandView, Ledger, LedgerLine};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::http::dto::Body;

/// An obligation to state.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"office": "Secretario General", "child_kind": "central", "cadence": "quarter", "since": "2025-01-01"}))]
pub struct NewObligation {
    /// The office bound: its title in the body's directiva, or its number (an office of this body);
    /// left out or `"directiva"`: the whole directiva.
    #[serde(default)]
    pub office: Option<String>,
    /// The body whose assemblies are owed (number, public id or code), above or below this one;
    /// left out: each body right below this one.
    #[serde(default)]
    pub target: Option<String>,
    /// With no target: only the bodies below of this kind (`central`).
    #[serde(default)]
    pub child_kind: Option<String>,
    /// Only assemblies of this kind (`ampliado`).
    #[serde(default)]
    pub assembly_kind: Option<String>,
    /// `month`, `quarter`, `year` or `every_assembly`.
    pub cadence: String,
    /// From when it binds; left out: today.
    #[serde(default)]
    #[schema(format = Date)]
    pub since: Option<String>,
}

/// Counts of what an obligation owed.
#[derive(Serialize, ToSchema)]
pub struct SummaryDoc {
    /// Periods (or assemblies) times bodies owed, up to today.
    required: u64,
    attended: u64,
    excused: u64,
    overdue: u64,
    pending: u64,
}

impl From<Summary> for SummaryDoc {
    fn from(s: Summary) -> Self {
        SummaryDoc {
            required: s.required,
            attended: s.attended,
            excused: s.excused,
            overdue: s.overdue,
            pending: s.pending,
        }
    }
}

/// One thing owed: a body in a period (or one assembly), and how it stands.
#[derive(Serialize, ToSchema)]
pub struct LineDoc {
    body_id: i64,
    /// The period's first and last day (`null` for an obligation due at every assembly).
    #[schema(format = Date, required = true)]
    period_start: Option<String>,
    #[schema(format = Date, required = true)]
    period_end: Option<String>,
    /// `attended`, `excused`, `overdue` or `pending`: computed from recorded attendance.
    standing: &'static str,
    /// The assembly that decided it (attended, excused), or the one owed.
    #[schema(required = true)]
    assembly_id: Option<i64>,
    #[schema(format = Date, required = true)]
    assembly_date: Option<String>,
}

fn line(l: &LedgerLine) -> LineDoc {
    LineDoc {
        body_id: l.body.0,
        period_start: l.period.map(|p| p.start.to_string()),
        period_end: l.period.map(|p| p.end.to_string()),
        standing: l.standing.code(),
        assembly_id: l.assembly.as_ref().map(|a| a.id.0),
        assembly_date: l.assembly.as_ref().map(|a| a.day.to_string()),
    }
}

/// An officer holding an office bound.
#[derive(Serialize, ToSchema)]
pub struct HolderDoc {
    office_id: i64,
    title: String,
    holder: String,
}

/// The end of an obligation the statute no longer asks.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"on": "2026-12-31"}))]
pub struct EndObligation {
    /// The last day it binds; left out: today.
    #[serde(default)]
    #[schema(format = Date)]
    pub on: Option<String>,
}

/// An obligation with what was kept of it, computed on the server's day.
#[derive(Serialize, ToSchema)]
pub struct ObligationDoc {
    id: i64,
    #[schema(format = "uuid")]
    public_id: String,
    /// The stating body, whose officer it binds.
    body: Body,
    /// The office bound; `null`: the whole directiva.
    #[schema(required = true)]
    office: Option<String>,
    /// The body owed, when one is named; `null`: each body right below.
    #[schema(required = true)]
    target: Option<Body>,
    #[schema(required = true)]
    child_kind: Option<&'static str>,
    #[schema(required = true)]
    assembly_kind: Option<&'static str>,
    cadence: &'static str,
    #[schema(format = Date)]
    since: String,
    /// The last day it binds, once ended; `null`: it binds still.
    #[schema(required = true, format = Date)]
    ended_on: Option<String>,
    holders: Vec<HolderDoc>,
    owed: Vec<Body>,
    summary: SummaryDoc,
    lines: Vec<LineDoc>,
}

pub fn ledger(l: &Ledger) -> ObligationDoc {
    ObligationDoc {
        id: l.record.id.0,
        public_id: l.record.public_id.to_string(),
        body: Body::from(&l.body),
        office: l.record.office_title.clone(),
        target: l.target.as_ref().map(Body::from),
        child_kind: l.record.child_kind.map(|k| k.code()),
        assembly_kind: l.record.assembly_kind.map(|k| k.code()),
        cadence: l.record.cadence.code(),
        since: l.record.since.to_string(),
        ended_on: l.record.ended_on.map(|d| d.to_string()),
        holders: l
            .holders
            .iter()
            .map(|o| HolderDoc { office_id: o.id.0, title: o.title.clone(), holder: o.holder.display() })
            .collect(),
        owed: l.owed.iter().map(Body::from).collect(),
        summary: l.summary.into(),
        lines: l.lines.iter().map(line).collect(),
    }
}

/// A demand for explanation.
#[derive(Serialize, ToSchema)]
pub struct DemandDoc {
    id: i64,
    #[schema(format = "uuid")]
    public_id: String,
    /// `moved` (not voted yet), `open`, `closed` or `not_adopted`.
    status: &'static str,
    /// The base whose assembly demands.
    base: Body,
    motion_id: i64,
    office_id: i64,
    office: String,
    holder: String,
    /// Where the informe is heard.
    venue: Body,
    /// `ampliado` when heard at the higher body's next ampliado.
    #[schema(required = true)]
    venue_kind: Option<&'static str>,
    /// "4/2026": the resolution that opened it.
    #[schema(required = true)]
    resolution: Option<String>,
    /// The assembly where the informe is heard (placed on its agenda), and the item's number.
    #[schema(required = true)]
    venue_assembly_id: Option<i64>,
    #[schema(required = true)]
    agenda_item: Option<i64>,
    /// Whether the officer was recorded present there.
    officer_present: bool,
    informes: u64,
    #[schema(required = true)]
    closed_at: Option<i64>,
}

pub fn demand_doc(d: &DemandView) -> DemandDoc {
    DemandDoc {
        id: d.record.id,
        public_id: d.record.public_id.to_string(),
        status: d.record.status.code(),
        base: Body::from(&d.base),
        motion_id: d.record.motion_id.0,
        office_id: d.office.id.0,
        office: d.office.title.clone(),
        holder: d.office.holder.display(),
        venue: Body::from(&d.venue),
        venue_kind: d.record.venue_kind.map(|k| k.code()),
        resolution: d.resolution.clone(),
        venue_assembly_id: d.venue_assembly.as_ref().map(|a| a.id.0),
        agenda_item: d.item.as_ref().map(|i| i.position),
        officer_present: d.officer_present,
        informes: d.informes.len() as u64,
        closed_at: d.record.closed_at,
    }
}

/// A body's obligations.
#[derive(Serialize, ToSchema)]
pub struct BodyObligationsDoc {
    pub body: Body,
    /// What the body's officers owe.
    pub stated: Vec<ObligationDoc>,
    /// What officers of other bodies owe this one (its lines only).
    pub towards: Vec<ObligationDoc>,
    pub summary: SummaryDoc,
    pub demands: Vec<DemandDoc>,
}

/// An officer's record over their term.
#[derive(Serialize, ToSchema)]
pub struct OfficerRecordDoc {
    pub office_id: i64,
    pub title: String,
    pub holder: String,
    pub body: Body,
    pub summary: SummaryDoc,
    pub obligations: Vec<ObligationDoc>,
    pub demands: Vec<DemandDoc>,
}

/// A visiting officer to record at an assembly's door.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"office_id": 12}))]
pub struct NewVisitor {
    /// The office an obligation (or a demand) brings its holder here with.
    pub office_id: i64,
    /// Recorded excused rather than present.
    #[serde(default)]
    pub excused: bool,
}

/// A visiting officer as recorded.
#[derive(Serialize, ToSchema)]
pub struct VisitorDoc {
    pub assembly_id: i64,
    pub office_id: i64,
    pub holder: String,
    /// `present` or `excused`.
    pub status: &'static str,
}

/// A demand for explanation to move.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"office_id": 12, "venue": "base", "title": "Que el Secretario General explique sus ausencias", "text": ""}))]
pub struct NewDemand {
    /// The office whose holder must explain: of the assembly's body or of a body above it.
    pub office_id: i64,
    /// `base` (the base's next assembly; the default) or `higher` (the next ampliado of the
    /// office's body).
    #[serde(default)]
    pub venue: Option<String>,
    pub title: String,
    #[serde(default)]
    pub text: String,
}

/// An informe to attach.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"office_id": 12, "item": 3, "text": "Informe de gestión del trimestre."}))]
pub struct NewInforme {
    /// The office reported on: the account must be linked to its holder.
    pub office_id: i64,
    /// The agenda item's number in the assembly.
    pub item: i64,
    pub text: String,
}

/// An informe as attached.
#[derive(Serialize, ToSchema)]
pub struct InformeDoc {
    pub id: i64,
    pub assembly_id: i64,
    pub office_id: i64,
    /// The agenda item's number.
    #[schema(required = true)]
    pub item: Option<i64>,
    pub text: String,
}

/// An assembly's accountability.
#[derive(Serialize, ToSchema)]
pub struct AccountabilityDoc {
    pub assembly_id: i64,
    pub body: Body,
    pub visitors: Vec<VisitorDoc>,
    pub demands: Vec<DemandDoc>,
    pub informes: Vec<InformeDoc>,
}
