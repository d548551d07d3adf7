//! Obligations in JSON under `/api/v1`: a body's obligations (and stating one), one obligation,
//! an officer's record, demands for explanation, visiting officers and informes. Compliance is
//! read, never written: there is no route that declares an obligation kept.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::response::{IntoResponse, Response};
use cabildo_domain::assembly::AssemblyId;
use cabildo_services::obligations::{self, DemandForm, InformeForm, ObligationForm};

use super::dto::{
    AccountabilityDoc, BodyObligationsDoc, DemandDoc, EndObligation, InformeDoc, NewDemand, NewInforme, NewObligation,
    NewVisitor, ObligationDoc, OfficerRecordDoc, VisitorDoc, demand_doc, ledger,
};
use crate::http::dto::Body;
use crate::http::problem::Problem;
use crate::http::respond::created;
use crate::http::responses::{BadFields, BadJson, MayNotRunIt, ReadBody, SignInRequired, UnknownAssembly};
use crate::http::{Api, Path, WebError};

/// A body's obligations
///
/// What the body's officers owe (each obligation with every period and body owed: `attended`,
/// `excused`, `overdue`, `pending`, computed from recorded attendance on the server's day), what
/// officers of other bodies owe it, and its demands for explanation. Readable by whoever may see
/// the body and by whoever holds a role anywhere below it.
#[utoipa::path(
    get, path = "/api/v1/bodies/{id}/obligations",
    tag = "obligations",
    params(("id" = i64, Path, description = "The body's number.")),
    responses((status = 200, description = "The body's obligations.", body = BodyObligationsDoc), ReadBody),
)]
pub(super) async fn body_obligations(api: Api, Path(id): Path<i64>) -> Result<Response, WebError> {
    let found = api.run(move |store, ctx| obligations::for_body(store, ctx, &id.to_string())).await?;
    Ok(Json(BodyObligationsDoc {
        body: Body::from(&found.body),
        stated: found.stated.iter().map(ledger).collect(),
        towards: found.towards.iter().map(ledger).collect(),
        summary: found.summary.into(),
        demands: found.demands.iter().map(demand_doc).collect(),
    })
    .into_response())
}

/// State an obligation
///
/// "The holder of office O of this body attends an assembly of each body below it (of a kind)
/// every month, quarter or year", or "… attends every assembly (of a kind) of body X". Whoever may
/// change the body's statute.
#[utoipa::path(
    post, path = "/api/v1/bodies/{id}/obligations",
    tag = "obligations",
    params(("id" = i64, Path, description = "The stating body's number.")),
    request_body = NewObligation,
    responses(
        (status = 201, description = "The obligation with what was kept of it; `Location` is its address.",
            body = ObligationDoc, headers(("Location" = String, description = "`/api/v1/obligations/{id}`."))),
        BadJson,
        SignInRequired,
        (status = 403, description = "The viewer may not change the body's statute (`forbidden`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 404, description = "There is no such body (`unknown_body`), target or office (`unknown_office`).",
            body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The body is closed (`body_closed`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 422, description = "The office does not exist in the body's directiva \
            (`obligation_no_such_office`) or is another body's (`obligation_office_of_another_body`); the target \
            is neither above nor below (`obligation_target_unrelated`); nothing is owed \
            (`obligation_nothing_owed`); a field is bad.", body = Problem, content_type = "application/problem+json"),
    ),
)]
pub(super) async fn state_obligation(
    api: Api,
    Path(id): Path<i64>,
    payload: Result<Json<NewObligation>, JsonRejection>,
) -> Result<Response, WebError> {
    let input = api.admit_json(payload)?;
    let form = ObligationForm {
        office: input.office.unwrap_or_default(),
        target: input.target.unwrap_or_default(),
        child_kind: input.child_kind.unwrap_or_default(),
        assembly_kind: input.assembly_kind.unwrap_or_default(),
        cadence: input.cadence,
        since: input.since.unwrap_or_default(),
    };
    let record = api.write("cadence", move |store, ctx| obligations::state(store, ctx, &id.to_string(), &form)).await?;
    let number = record.id.0;
    let view = api.run(move |store, ctx| obligations::view(store, ctx, &number.to_string())).await?;
    Ok(created(Some(format!("/api/v1/obligations/{number}")), ledger(&view)))
}

/// One obligation
///
/// With every period and body owed, computed on the server's day.
#[utoipa::path(
    get, path = "/api/v1/obligations/{id}",
    tag = "obligations",
    params(("id" = String, Path, description = "The obligation's number or public id.")),
    responses(
        (status = 200, description = "The obligation.", body = ObligationDoc),
        SignInRequired,
        (status = 404, description = "No such obligation, or none the viewer may read (`unknown_obligation`).",
            body = Problem, content_type = "application/problem+json"),
    ),
)]
pub(super) async fn obligation(api: Api, Path(id): Path<String>) -> Result<Response, WebError> {
    let view = api.run(move |store, ctx| obligations::view(store, ctx, &id)).await?;
    Ok(Json(ledger(&view)).into_response())
}

/// End an obligation
///
/// The statute no longer asks it: it binds up to and including `on` (today when left out) and is
/// counted no further; what was kept before stays on the record. Whoever may change the stating
/// body's statute.
#[utoipa::path(
    post, path = "/api/v1/obligations/{id}/end",
    tag = "obligations",
    params(("id" = String, Path, description = "The obligation's number or public id.")),
    request_body = EndObligation,
    responses(
        (status = 200, description = "The obligation, ended.", body = ObligationDoc),
        BadJson,
        SignInRequired,
        (status = 403, description = "The viewer may not change the body's statute (`forbidden`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 404, description = "No such obligation, or none the viewer may read (`unknown_obligation`).",
            body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The obligation already ended (`obligation_ended`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 422, description = "The day is not a date, or before the obligation began \
            (`obligation_ends_before_it_begins`).", body = Problem, content_type = "application/problem+json"),
    ),
)]
pub(super) async fn end_obligation(
    api: Api,
    Path(id): Path<String>,
    payload: Result<Json<EndObligation>, JsonRejection>,
) -> Result<Response, WebError> {
    let on = api.admit_json(payload)?.on.unwrap_or_default();
    let reference = id.clone();
    api.write("on", move |store, ctx| obligations::end(store, ctx, &reference, &on)).await?;
    let view = api.run(move |store, ctx| obligations::view(store, ctx, &id)).await?;
    Ok(Json(ledger(&view)).into_response())
}

/// An officer's record
///
/// Each obligation binding the office, counted over its holder's term only, and the demands for
/// explanation made of them.
#[utoipa::path(
    get, path = "/api/v1/offices/{id}/obligations",
    tag = "obligations",
    params(("id" = i64, Path, description = "The office's number.")),
    responses(
        (status = 200, description = "The officer's record.", body = OfficerRecordDoc),
        SignInRequired,
        (status = 404, description = "No such office, or none the viewer may read (`unknown_office`).",
            body = Problem, content_type = "application/problem+json"),
    ),
)]
pub(super) async fn office_record(api: Api, Path(id): Path<i64>) -> Result<Response, WebError> {
    let found = api.run(move |store, ctx| obligations::for_office(store, ctx, id)).await?;
    Ok(Json(OfficerRecordDoc {
        office_id: found.office.id.0,
        title: found.office.title.clone(),
        holder: found.office.holder.display(),
        body: Body::from(&found.body),
        summary: found.summary.into(),
        obligations: found.ledgers.iter().map(ledger).collect(),
        demands: found.demands.iter().map(demand_doc).collect(),
    })
    .into_response())
}

/// A demand for explanation
#[utoipa::path(
    get, path = "/api/v1/demands/{id}",
    tag = "obligations",
    params(("id" = String, Path, description = "The demand's number or public id.")),
    responses(
        (status = 200, description = "The demand.", body = DemandDoc),
        SignInRequired,
        (status = 404, description = "No such demand, or none the viewer may read (`unknown_demand`).",
            body = Problem, content_type = "application/problem+json"),
    ),
)]
pub(super) async fn demand(api: Api, Path(id): Path<String>) -> Result<Response, WebError> {
    let view = api.run(move |store, ctx| obligations::demand_view(store, ctx, &id)).await?;
    Ok(Json(demand_doc(&view)).into_response())
}

/// Close a demand for explanation
///
/// Marks the informe's item dealt with at the assembly where it was placed; the demand closes, on
/// the record, only if the officer was recorded present there. Whoever runs the venue's
/// assemblies.
#[utoipa::path(
    post, path = "/api/v1/demands/{id}/close",
    tag = "obligations",
    params(("id" = String, Path, description = "The demand's number or public id.")),
    responses(
        (status = 200, description = "The demand, closed.", body = DemandDoc),
        SignInRequired,
        MayNotRunIt,
        (status = 404, description = "No such demand (`unknown_demand`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 409, description = "The demand is not open (`demand_not_open`), not placed on an assembly yet \
            (`demand_not_placed`), or the officer was not recorded present there (`demand_officer_absent`).",
            body = Problem, content_type = "application/problem+json"),
    ),
)]
pub(super) async fn close_demand(api: Api, Path(id): Path<String>) -> Result<Response, WebError> {
    api.admit()?;
    let view = api.run(move |store, ctx| obligations::close_demand(store, ctx, &id)).await?;
    Ok(Json(demand_doc(&view)).into_response())
}

/// An assembly's accountability
///
/// The visiting officers recorded at its door, the demands for explanation heard there and the
/// informes attached to its agenda.
#[utoipa::path(
    get, path = "/api/v1/assemblies/{id}/accountability",
    tag = "obligations",
    params(("id" = i64, Path, description = "The assembly's number.")),
    responses(
        (status = 200, description = "The assembly's accountability.", body = AccountabilityDoc),
        SignInRequired,
        UnknownAssembly,
    ),
)]
pub(super) async fn accountability(api: Api, Path(id): Path<i64>) -> Result<Response, WebError> {
    let a = api.run(move |store, ctx| obligations::assembly_accountability(store, ctx, AssemblyId(id))).await?;
    Ok(Json(AccountabilityDoc {
        assembly_id: a.assembly.id.0,
        body: Body::from(&a.body),
        visitors: a
            .visitors
            .iter()
            .map(|v| VisitorDoc {
                assembly_id: v.record.assembly_id.0,
                office_id: v.office.id.0,
                holder: v.office.holder.display(),
                status: v.record.status.code(),
            })
            .collect(),
        demands: a.demands.iter().map(demand_doc).collect(),
        informes: a
            .informes
            .iter()
            .map(|i| InformeDoc {
                id: i.record.id,
                assembly_id: i.record.assembly_id.0,
                office_id: i.office.id.0,
                item: i.item.as_ref().map(|x| x.position),
                text: i.record.text.clone(),
            })
            .collect(),
    })
    .into_response())
}

/// Record a visiting officer
///
/// An officer of another body whom an obligation (or a demand for explanation) brings to this
/// assembly, recorded at its door present or excused. A visitor counts for no quorum and votes
/// nothing. Whoever runs the assembly.
#[utoipa::path(
    post, path = "/api/v1/assemblies/{id}/visitors",
    tag = "obligations",
    params(("id" = i64, Path, description = "The assembly's number.")),
    request_body = NewVisitor,
    responses(
        (status = 201, description = "The visitor as recorded.", body = VisitorDoc),
        BadJson,
        SignInRequired,
        MayNotRunIt,
        (status = 404, description = "No such assembly (`unknown_assembly`) or office (`unknown_office`).",
            body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The assembly finished (`assembly_finished`); no obligation or demand brings \
            the officer here (`visitor_not_obliged`); already recorded (`visitor_already_recorded`).",
            body = Problem, content_type = "application/problem+json"),
    ),
)]
pub(super) async fn record_visitor(
    api: Api,
    Path(id): Path<i64>,
    payload: Result<Json<NewVisitor>, JsonRejection>,
) -> Result<Response, WebError> {
    let input = api.admit_json(payload)?;
    let (office, excused) = (input.office_id, input.excused);
    let v = api.run(move |store, ctx| obligations::record_visit(store, ctx, AssemblyId(id), office, excused)).await?;
    Ok(created(
        None,
        VisitorDoc {
            assembly_id: v.assembly_id.0,
            office_id: v.office_id.0,
            holder: v.name.map(|n| n.display()).unwrap_or_default(),
            status: v.status.code(),
        },
    ))
}

/// Move a demand for explanation
///
/// A motion, in an assembly in session of a base, demanding that the holder of an office (of the
/// base or of a body above it) explain. It is voted like any motion; adopted, the demand opens and
/// the informe is placed on the agenda of the base's next assembly (or the higher body's next
/// ampliado), or of the first one convened later.
#[utoipa::path(
    post, path = "/api/v1/assemblies/{id}/demands",
    tag = "obligations",
    params(("id" = i64, Path, description = "The base's assembly's number.")),
    request_body = NewDemand,
    responses(
        (status = 201, description = "The demand, `moved`; `Location` is its address.", body = DemandDoc,
            headers(("Location" = String, description = "`/api/v1/demands/{id}`."))),
        BadJson,
        SignInRequired,
        MayNotRunIt,
        (status = 404, description = "No such assembly (`unknown_assembly`) or office (`unknown_office`).",
            body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The assembly is not in session (`assembly_not_open`, `assembly_finished`); \
            the office ended (`demand_office_ended`).", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The office is of a body neither the base nor above it \
            (`demand_office_outside`); `higher` for an office of the base itself (`demand_no_higher_body`).",
            body = Problem, content_type = "application/problem+json"),
        BadFields,
    ),
)]
pub(super) async fn move_demand(
    api: Api,
    Path(id): Path<i64>,
    payload: Result<Json<NewDemand>, JsonRejection>,
) -> Result<Response, WebError> {
    let input = api.admit_json(payload)?;
    let form = DemandForm {
        office: input.office_id.to_string(),
        venue: input.venue.unwrap_or_default(),
        title: input.title,
        text: input.text,
    };
    let view = api
        .write("motion_title", move |store, ctx| obligations::move_demand(store, ctx, AssemblyId(id), &form))
        .await?;
    Ok(created(Some(format!("/api/v1/demands/{}", view.record.id)), demand_doc(&view)))
}

/// Attach an informe
///
/// The report of an office's holder, under an agenda item of an assembly. Only the holder (the
/// account linked to them) submits it.
#[utoipa::path(
    post, path = "/api/v1/assemblies/{id}/informes",
    tag = "obligations",
    params(("id" = i64, Path, description = "The assembly's number.")),
    request_body = NewInforme,
    responses(
        (status = 201, description = "The informe.", body = InformeDoc),
        BadJson,
        SignInRequired,
        (status = 403, description = "The account is not linked to the office's holder (`informe_not_holder`).",
            body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such assembly (`unknown_assembly`), office (`unknown_office`) or agenda \
            item (`unknown_agenda_item`).", body = Problem, content_type = "application/problem+json"),
        BadFields,
    ),
)]
pub(super) async fn submit_informe(
    api: Api,
    Path(id): Path<i64>,
    payload: Result<Json<NewInforme>, JsonRejection>,
) -> Result<Response, WebError> {
    let input = api.admit_json(payload)?;
    let form = InformeForm { office: input.office_id.to_string(), item: input.item.to_string(), text: input.text };
    let r =
        api.write("notes", move |store, ctx| obligations::submit_informe(store, ctx, AssemblyId(id), &form)).await?;
    Ok(created(
        None,
        InformeDoc {
            id: r.id,
            assembly_id: r.assembly_id.0,
            office_id: r.office_id.0,
            item: Some(input.item),
            text: r.text,
        },
    ))
}
