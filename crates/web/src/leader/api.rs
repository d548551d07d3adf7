//! The same reads in JSON: a body's decisions (resolutions with their assembly, vote and acta),
//! the leader's view of a sub-tree, and the signed-in account's family.

use axum::Json;
use axum::response::{IntoResponse, Response};
use cabildo_services::leader::ResolutionLine;
use cabildo_services::leader::{self, MyFamily, OverviewFilter, OverviewQuery, OverviewRow};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::http::dto::{Body, BodyNumber};
use crate::http::responses::{ReadBody, SignInRequired};
use crate::http::{Api, Path, Query, WebError};

/// The tally of a vote, per option (`for`, `against`, `abstain`).
#[derive(Serialize, ToSchema)]
pub struct OptionCount {
    option: String,
    count: u64,
}

/// The assembly a resolution was adopted at.
#[derive(Serialize, ToSchema)]
pub struct AssemblyLink {
    id: i64,
    title: String,
    /// `yyyy-mm-ddThh:mm`, local time.
    scheduled_for: String,
}

/// A resolution with the body that adopted it, its assembly, its vote and its acta.
#[derive(Serialize, ToSchema)]
pub struct Decision {
    id: i64,
    #[schema(format = "uuid")]
    public_id: String,
    /// "12/2026".
    number: String,
    title: String,
    text: String,
    #[schema(format = Date)]
    adopted_on: String,
    body: Body,
    #[schema(required = true)]
    assembly: Option<AssemblyLink>,
    /// `adopted`, … ; `null` for a resolution recorded without a vote.
    #[schema(required = true)]
    outcome: Option<&'static str>,
    counts: Vec<OptionCount>,
    /// `sealed`, `pending` (the assembly closed, its acta is not sealed) or `not_due`.
    acta: &'static str,
    /// The acta's page, when there is an assembly.
    #[schema(required = true)]
    acta_url: Option<String>,
}

/// One page of a body's decisions, newest first.
#[derive(Serialize, ToSchema)]
pub struct DecisionList {
    body: Body,
    /// Whether those of the bodies below are included.
    below: bool,
    page: u64,
    per_page: u64,
    has_next: bool,
    decisions: Vec<Decision>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct DecisionsQuery {
    /// Include the resolutions of every body below.
    #[serde(default)]
    below: Option<bool>,
    /// From 1.
    #[serde(default)]
    page: Option<u64>,
    /// 1 to 100.
    #[serde(default)]
    #[param(minimum = 1, maximum = 100, default = 20)]
    per_page: Option<u64>,
}

pub(super) fn decision(body: &cabildo_domain::Body, line: &ResolutionLine) -> Decision {
    let r = &line.resolution;
    Decision {
        id: r.id,
        public_id: r.public_id.to_string(),
        number: format!("{}/{}", r.number, r.year),
        title: r.title.clone(),
        text: r.text.clone(),
        adopted_on: r.adopted_on.to_string(),
        body: Body::from(body),
        assembly: line.assembly.as_ref().map(|a| AssemblyLink {
            id: a.id.0,
            title: a.title.clone(),
            scheduled_for: a.scheduled_for.format("%Y-%m-%dT%H:%M").to_string(),
        }),
        outcome: line.outcome.map(|o| o.code()),
        counts: line.counts.iter().map(|(o, n)| OptionCount { option: o.clone(), count: *n }).collect(),
        acta: super::pages::line_mark(line).code(),
        acta_url: line.assembly.as_ref().map(|a| format!("/assemblies/{}/acta", a.id.0)),
    }
}

/// A body's decisions
///
/// Its resolutions (with `below=true`, also those of every body under it), newest first, each
/// with its assembly, its vote and whether that assembly's acta is sealed. Paged.
#[utoipa::path(
    get, path = "/api/v1/bodies/{id}/decisions",
    tag = "assemblies",
    params(BodyNumber, DecisionsQuery),
    responses((status = 200, description = "One page of decisions.", body = DecisionList), ReadBody),
)]
pub(super) async fn list_decisions(
    api: Api,
    Path(id): Path<i64>,
    Query(query): Query<DecisionsQuery>,
) -> Result<Response, WebError> {
    let below = query.below.unwrap_or(false);
    let page = query.page.unwrap_or(1);
    let per_page = query.per_page.unwrap_or(super::pages::RESOLUTIONS_PAGE);
    let p = api.run(move |store, ctx| leader::resolutions(store, ctx, &id.to_string(), below, page, per_page)).await?;
    Ok(Json(DecisionList {
        body: Body::from(&p.body),
        below: p.below,
        page: p.page,
        per_page: p.per_page,
        has_next: p.has_next,
        decisions: p.items.iter().map(|i| decision(&i.body, &i.line)).collect(),
    })
    .into_response())
}

/// A body's activity in the leader's view, its whole sub-tree added up.
#[derive(Serialize, ToSchema)]
pub struct Activity {
    body: Body,
    /// Base bodies (sindicatos) in its sub-tree that are open; 1 for a base body.
    bases: u64,
    /// Of those, how many held no assembly in the last 3 months.
    quiet: u64,
    /// Households on the padrón.
    padron: u64,
    /// Closed assemblies scheduled in the last 3 months.
    assemblies_recent: u64,
    assemblies_held: u64,
    /// `yyyy-mm-ddThh:mm` of the last closed assembly.
    #[schema(required = true)]
    last_assembly: Option<String>,
    actas_sealed: u64,
    actas_pending: u64,
    /// Pending more than 30 days after the assembly closed.
    actas_overdue: u64,
    resolutions: u64,
    fines: u64,
    /// Bolivianos, as text ("240.00").
    fines_amount: String,
    /// Unix seconds of the last change recorded about it.
    #[schema(required = true)]
    last_activity: Option<i64>,
}

fn activity(row: &OverviewRow) -> Activity {
    let a = &row.activity;
    Activity {
        body: Body::from(&row.body),
        bases: row.bases,
        quiet: row.quiet,
        padron: row.members,
        assemblies_recent: a.held_recently,
        assemblies_held: a.held,
        last_assembly: a.last_held.map(|t| t.format("%Y-%m-%dT%H:%M").to_string()),
        actas_sealed: a.actas_sealed,
        actas_pending: a.actas_pending,
        actas_overdue: a.actas_overdue,
        resolutions: a.resolutions,
        fines: a.fines,
        fines_amount: cabildo_domain::assembly::format_amount(a.fines_amount),
        last_activity: a.last_activity,
    }
}

/// The leader's view of a sub-tree.
#[derive(Serialize, ToSchema)]
pub struct OverviewDoc {
    total: Activity,
    /// The bodies right below, each added up.
    groups: Vec<Activity>,
    /// The base bodies that match, one page.
    bases: Vec<Activity>,
    matched: u64,
    page: u64,
    per_page: u64,
    has_next: bool,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct OverviewParams {
    /// Part of a name or a code (case and accents ignored).
    #[serde(default)]
    q: Option<String>,
    /// `all`, `quiet` (no assembly in 3 months), `pending` (actas pending), `overdue`, `fines`.
    #[serde(default)]
    filter: Option<String>,
    #[serde(default)]
    page: Option<u64>,
    #[serde(default)]
    #[param(minimum = 1, maximum = 100, default = 15)]
    per_page: Option<u64>,
}

/// The leader's view
///
/// For the officers of a federation, a central or the confederation: every body below with its
/// assemblies, actas (sealed, pending, overdue), resolutions, fines, padrón and last activity.
#[utoipa::path(
    get, path = "/api/v1/bodies/{id}/overview",
    tag = "assemblies",
    params(BodyNumber, OverviewParams),
    responses((status = 200, description = "The view.", body = OverviewDoc), ReadBody),
)]
pub(super) async fn body_overview(
    api: Api,
    Path(id): Path<i64>,
    Query(params): Query<OverviewParams>,
) -> Result<Response, WebError> {
    let query = OverviewQuery {
        search: params.q.filter(|q| !q.trim().is_empty()),
        filter: params.filter.as_deref().map(OverviewFilter::parse).unwrap_or_default(),
        page: params.page.unwrap_or(1),
        per_page: params.per_page.unwrap_or(super::pages::OVERVIEW_PAGE),
    };
    let o = api.run(move |store, ctx| leader::overview(store, ctx, &id.to_string(), &query)).await?;
    Ok(Json(OverviewDoc {
        total: activity(&o.total),
        groups: o.groups.iter().map(activity).collect(),
        bases: o.rows.iter().map(activity).collect(),
        matched: o.matched,
        page: o.page,
        per_page: o.per_page,
        has_next: o.has_next,
    })
    .into_response())
}

/// An assembly on a family's record.
#[derive(Serialize, ToSchema)]
pub struct FamilyAssembly {
    id: i64,
    title: String,
    scheduled_for: String,
    /// `present`, `late`, `excused`, `absent` or `not_yet` (still open).
    attendance: &'static str,
    /// Bolivianos owed for this assembly, as text.
    #[schema(required = true)]
    fine: Option<String>,
    /// `sealed`, `pending`, `overdue` or `not_due`.
    acta: &'static str,
}

/// A parcel of the family.
#[derive(Serialize, ToSchema)]
pub struct FamilyParcel {
    code: String,
    #[schema(required = true)]
    area_m2: Option<i64>,
}

/// A family as the register holds it, with its record at the assemblies.
#[derive(Serialize, ToSchema)]
pub struct Family {
    household_id: i64,
    /// The person who represents the family.
    representative: String,
    #[schema(required = true)]
    register_number: Option<String>,
    body: Body,
    parcels: Vec<FamilyParcel>,
    assemblies: Vec<FamilyAssembly>,
    /// Bolivianos owed in fines, as text.
    fines_total: String,
    /// Resolutions of the assemblies the family attended.
    resolutions: Vec<Decision>,
}

/// The signed-in account's family.
#[derive(Serialize, ToSchema)]
pub struct MyFamilyDoc {
    /// Whether the account is linked to a person of the register (an administrator links it).
    linked: bool,
    families: Vec<Family>,
}

/// My family
///
/// The family of the person the signed-in account is linked to: household, parcels, attendance
/// at the assemblies of its sindicato, fines, and the resolutions of the assemblies it attended.
#[utoipa::path(
    get, path = "/api/v1/account/family",
    tag = "assemblies",
    responses(
        (status = 200, description = "The family (none when the account is not linked).", body = MyFamilyDoc),
        SignInRequired,
    ),
)]
pub(super) async fn my_family(api: Api) -> Result<Response, WebError> {
    let (linked, records) = match api.run(leader::my_family).await? {
        MyFamily::NotLinked => (false, Vec::new()),
        MyFamily::NoFamily { .. } => (true, Vec::new()),
        MyFamily::Families { families, .. } => (true, families),
    };
    let families = records
        .iter()
        .map(|f| Family {
            household_id: f.household.id.0,
            representative: f.household.representative.name.display(),
            register_number: f.household.register_number.clone(),
            body: Body::from(&f.body),
            parcels: f
                .parcels
                .iter()
                .map(|p| FamilyParcel { code: p.code.to_string(), area_m2: p.area.map(|a| a.square_metres) })
                .collect(),
            assemblies: f
                .lines
                .iter()
                .map(|l| FamilyAssembly {
                    id: l.assembly.id.0,
                    title: l.assembly.title.clone(),
                    scheduled_for: l.assembly.scheduled_for.format("%Y-%m-%dT%H:%M").to_string(),
                    attendance: l.attendance.code(),
                    fine: l.fine.map(cabildo_domain::assembly::format_amount),
                    acta: l.acta.code(),
                })
                .collect(),
            fines_total: cabildo_domain::assembly::format_amount(f.fines_total),
            resolutions: f.resolutions.iter().map(|r| decision(&f.body, r)).collect(),
        })
        .collect();
    Ok(Json(MyFamilyDoc { linked, families }).into_response())
}
