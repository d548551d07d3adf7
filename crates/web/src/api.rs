//! The JSON API under `/api/v1`: what the pages show, for programs. Authentication by bearer
//! token (`cabildo token`) or the session cookie; errors are RFC 7807 problem documents.

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use cabildo_domain::{Body, HouseholdId};
use cabildo_services::registry;
use serde::{Deserialize, Serialize};

use crate::AppState;
use crate::error::WebError;
use crate::viewer::Viewer;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/bodies", get(bodies))
        .route("/bodies/{id}", get(body))
        .route("/bodies/{id}/padron", get(padron))
        .route("/households/{id}", get(household))
}

#[derive(Serialize)]
struct BodyDto {
    id: i64,
    parent_id: Option<i64>,
    code: String,
    name: String,
    kind: &'static str,
    composition: &'static str,
    created_on: String,
    closed_on: Option<String>,
}

impl From<&Body> for BodyDto {
    fn from(b: &Body) -> Self {
        BodyDto {
            id: b.id.0,
            parent_id: b.parent_id.map(|p| p.0),
            code: b.code.clone(),
            name: b.name.clone(),
            kind: b.kind.code(),
            composition: b.composition.code(),
            created_on: b.created_on.to_string(),
            closed_on: b.closed_on.map(|d| d.to_string()),
        }
    }
}

#[derive(Serialize)]
struct TreeLineDto {
    #[serde(flatten)]
    body: BodyDto,
    depth: usize,
    members: u64,
}

fn fail(viewer: &Viewer, error: cabildo_services::ServiceError) -> Response {
    WebError::api(viewer.lang, error).into_response()
}

/// Every body the viewer may see, with member counts rolled up.
async fn bodies(State(state): State<AppState>, viewer: Viewer) -> Response {
    let ctx = viewer.ctx.clone();
    match state.run(move |store| registry::tree_report(store, &ctx, None)).await {
        Ok(lines) => {
            let lines: Vec<TreeLineDto> = lines
                .iter()
                .map(|l| TreeLineDto { body: BodyDto::from(&l.body), depth: l.depth, members: l.members })
                .collect();
            Json(serde_json::json!({ "bodies": lines })).into_response()
        }
        Err(e) => fail(&viewer, e),
    }
}

async fn body(State(state): State<AppState>, viewer: Viewer, Path(id): Path<i64>) -> Response {
    let ctx = viewer.ctx.clone();
    match state.run(move |store| registry::body_overview(store, &ctx, &id.to_string())).await {
        Ok(o) => Json(serde_json::json!({
            "body": BodyDto::from(&o.body),
            "ancestors": o.ancestors.iter().map(BodyDto::from).collect::<Vec<_>>(),
            "members": o.members,
            "children": o.children.iter().map(|(b, n)| serde_json::json!({"body": BodyDto::from(b), "members": n})).collect::<Vec<_>>(),
            "offices": o.offices.iter().map(|office| serde_json::json!({
                "id": office.id.0,
                "title": office.title,
                "holder": office.holder.display(),
                "term_start": office.term_start.to_string(),
                "term_end": office.term_end.map(|d| d.to_string()),
                "ended_on": office.ended_on.map(|d| d.to_string()),
                "end_reason": office.end_reason.map(|r| r.code()),
            })).collect::<Vec<_>>(),
            "affiliations": o.affiliations.iter().map(|(a, other)| serde_json::json!({
                "id": a.id,
                "member_id": a.member_id.0,
                "host_id": a.host_id.0,
                "other": BodyDto::from(other),
                "kind": a.kind.code(),
                "since": a.since.to_string(),
                "until": a.until.map(|d| d.to_string()),
            })).collect::<Vec<_>>(),
        }))
        .into_response(),
        Err(e) => fail(&viewer, e),
    }
}

#[derive(Deserialize)]
struct PadronQuery {
    #[serde(default)]
    q: String,
    /// From 1.
    #[serde(default)]
    page: Option<u64>,
    #[serde(default)]
    per_page: Option<u64>,
}

async fn padron(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    Query(query): Query<PadronQuery>,
) -> Response {
    let ctx = viewer.ctx.clone();
    let page = query.page.unwrap_or(1).max(1);
    let per_page = query.per_page.unwrap_or(50).clamp(1, 500);
    let search = query.q.trim().to_string();
    let result = state
        .run(move |store| {
            let search = Some(search.as_str()).filter(|s| !s.is_empty());
            registry::padron(store, &ctx, &id.to_string(), search, page - 1, per_page)
        })
        .await;
    match result {
        Ok(found) => Json(serde_json::json!({
            "body": BodyDto::from(&found.body),
            "page": page,
            "per_page": per_page,
            "has_next": found.has_next,
            "households": found.households.iter().map(|h| serde_json::json!({
                "id": h.id.0,
                "register_number": h.register_number,
                "given_names": h.name.given_names,
                "first_surname": h.name.first_surname,
                "second_surname": h.name.second_surname,
                "parcels": h.parcel_codes,
            })).collect::<Vec<_>>(),
        }))
        .into_response(),
        Err(e) => fail(&viewer, e),
    }
}

async fn household(State(state): State<AppState>, viewer: Viewer, Path(id): Path<i64>) -> Response {
    let ctx = viewer.ctx.clone();
    match state.run(move |store| registry::household_detail(store, &ctx, HouseholdId(id))).await {
        Ok((h, parcels)) => Json(serde_json::json!({
            "id": h.id.0,
            "body_id": h.body_id.0,
            "register_number": h.register_number,
            "affiliated_on": h.affiliated_on.map(|d| d.to_string()),
            "representative": {
                "given_names": h.representative.name.given_names,
                "first_surname": h.representative.name.first_surname,
                "second_surname": h.representative.name.second_surname,
                "id_number": h.representative.id_number,
                "phone": h.representative.phone,
            },
            "parcels": parcels.iter().map(|p| serde_json::json!({
                "id": p.id.0,
                "code": p.code.as_str(),
                "area_m2": p.area.map(|a| a.square_metres),
                "place": p.place,
                "latitude": p.coordinates.map(|c| c.latitude),
                "longitude": p.coordinates.map(|c| c.longitude),
            })).collect::<Vec<_>>(),
        }))
        .into_response(),
        Err(e) => fail(&viewer, e),
    }
}
