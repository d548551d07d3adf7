//! The JSON API of mandates under `/api/v1`: a base's mandates with how they were kept, the
//! mandates on an assembly's items, putting a mandate to a base's assembly, and placing a motion
//! under an item. One service call per request; the services check permissions.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::response::{IntoResponse, Response};
use cabildo_domain::assembly::{AssemblyId, MotionId};
use cabildo_services::mandates::{self, MandateForm};

use super::dto::*;
use crate::http::dto::{AssemblyNumber, Body, BodyNumber};
use crate::http::problem::{Problem, ValidationProblem};
use crate::http::respond::created;
use crate::http::responses::{BadJson, ReadBody, RunAssembly, UnknownBody, UnknownCredentials};
use crate::http::{Api, Path, WebError};

/// A base's mandates
///
/// Every mandate the body's assemblies gave its delegates, newest first, with each roll call
/// under the item compared with it: kept, broken or absent per delegate. Public for a body that
/// publishes its page, like its page and feed; otherwise for whoever may see the body.
#[utoipa::path(
    get, path = "/api/v1/bodies/{id}/mandates",
    operation_id = "base_mandates",
    tag = "mandates",
    params(BodyNumber),
    responses(
        (status = 200, description = "The mandates.", body = BaseMandates),
        UnknownCredentials,
        UnknownBody,
    ),
)]
pub(super) async fn base_mandates(api: Api, Path(id): Path<i64>) -> Result<Response, WebError> {
    let found = api.run(move |store, ctx| mandates::for_base(store, ctx, &id.to_string())).await?;
    Ok(Json(BaseMandates { body: Body::from(&found.body), mandates: found.mandates.iter().map(mandate_dto).collect() })
        .into_response())
}

/// The mandates on an assembly's items
///
/// Every base's for whoever may see the assembly's body; a delegate's own bases' for an account
/// of a base with a mandate there.
#[utoipa::path(
    get, path = "/api/v1/assemblies/{id}/mandates",
    operation_id = "assembly_mandates",
    tag = "mandates",
    params(AssemblyNumber),
    responses(
        (status = 200, description = "The mandates.", body = AssemblyMandates),
        UnknownCredentials,
        ReadBody,
    ),
)]
pub(super) async fn assembly_mandates(api: Api, Path(id): Path<i64>) -> Result<Response, WebError> {
    let found = api.run(move |store, ctx| mandates::for_assembly(store, ctx, AssemblyId(id))).await?;
    Ok(Json(AssemblyMandates {
        assembly: found.assembly.id.0,
        sees_all: found.sees_all,
        mandates: found.mandates.iter().map(mandate_dto).collect(),
    })
    .into_response())
}

/// Put a mandate to a base's assembly
///
/// A motion in the base's assembly (in session) linked to an item of a congress or ampliado of a
/// body above it; adopting it gives the delegates the mandate, with its resolution. Needs the
/// right to run the base's assembly.
#[utoipa::path(
    post, path = "/api/v1/assemblies/{id}/mandates",
    operation_id = "put_mandate_on_agenda",
    tag = "mandates",
    params(AssemblyNumber),
    request_body = NewMandate,
    responses(
        (status = 201, description = "The motion.", body = MandateMotion),
        BadJson,
        UnknownCredentials,
        RunAssembly,
        (status = 409, description = "The higher assembly is not of a body above (`mandate_not_ancestor`), not a \
            congress or ampliado, finished (`mandate_assembly_finished`); the base gave a mandate on the item \
            already (`mandate_already_given`); the item was voted; the option is not on it \
            (`mandate_option_not_on_item`); or the assembly is not in session.", body = Problem,
            content_type = "application/problem+json"),
        (status = 422, description = "The position or option is wrong; `errors` says so.", body = ValidationProblem,
            content_type = "application/problem+json"),
    ),
)]
pub(super) async fn give(
    api: Api,
    Path(id): Path<i64>,
    payload: Result<Json<NewMandate>, JsonRejection>,
) -> Result<Response, WebError> {
    let input = api.admit_json(payload)?;
    let form = MandateForm {
        assembly: input.assembly.to_string(),
        item: input.item.to_string(),
        position: input.position,
        option: input.option,
        text: input.text,
    };
    let lang = api.lang();
    let motion = api
        .write("mandate_position", move |store, ctx| {
            super::pages::give_with_text(store, ctx, lang, AssemblyId(id), form)
        })
        .await?;
    let location = format!("/api/v1/motions/{}", motion.id.0);
    Ok(created(
        Some(location),
        MandateMotion {
            motion: motion.id.0,
            assembly: motion.assembly_id.0,
            number: motion.number,
            title: motion.title,
        },
    ))
}

/// Place a motion under an agenda item
///
/// Before its vote opens, a motion of a congress or ampliado is placed under one of its items:
/// the bases' mandates on the item then apply to it. Once only. Needs the right to run the
/// assembly.
#[utoipa::path(
    post, path = "/api/v1/assemblies/{id}/motions/{motion}/item",
    operation_id = "place_motion_under_item",
    tag = "mandates",
    params(
        ("id" = i64, Path, description = "The assembly's number."),
        ("motion" = i64, Path, description = "The motion's number in this instance."),
    ),
    request_body = MotionItem,
    responses(
        (status = 200, description = "The motion, placed.", body = MandateMotion),
        BadJson,
        UnknownCredentials,
        RunAssembly,
        (status = 409, description = "The motion was voted or is being voted (`mandate_motion_not_pending`), or is \
            under an item already (`mandate_motion_placed`).", body = Problem,
            content_type = "application/problem+json"),
    ),
)]
pub(super) async fn place(
    api: Api,
    Path((id, motion)): Path<(i64, i64)>,
    payload: Result<Json<MotionItem>, JsonRejection>,
) -> Result<Response, WebError> {
    let input = api.admit_json(payload)?;
    let item = input.item.to_string();
    let placed = api
        .write("agenda_item", move |store, ctx| {
            mandates::place_motion(store, ctx, AssemblyId(id), MotionId(motion), &item)
        })
        .await?;
    Ok(Json(MandateMotion::from(&placed)).into_response())
}
