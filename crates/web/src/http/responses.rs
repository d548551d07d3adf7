//! Refusals many API operations share, documented once: each type is one response of the
//! OpenAPI document (`responses(..., BadJson, SignInRequired)` in a `#[utoipa::path]`). The
//! answers themselves come from `http::error`; these only describe them. A few sets that go
//! together ([`ReadBody`], [`ReadAssembly`], [`RunAssembly`], [`RunMotion`]) are one type each.

use std::collections::BTreeMap;

use utoipa::IntoResponses;
use utoipa::openapi::{RefOr, Response};

use crate::http::problem::{Problem, ValidationProblem};

/// 400: the body is not JSON of the documented shape.
#[derive(IntoResponses)]
#[response(
    status = 400,
    description = "The request is not JSON of this shape (`bad_request`).",
    content_type = "application/problem+json"
)]
pub struct BadJson(pub Problem);

/// 401: a write, or a read that needs credentials, without them.
#[derive(IntoResponses)]
#[response(
    status = 401,
    description = "Not signed in (`sign_in_required`).",
    content_type = "application/problem+json"
)]
pub struct SignInRequired(pub Problem);

/// 401: no credentials, or a token or session that is unknown, revoked or expired.
#[derive(IntoResponses)]
#[response(
    status = 401,
    description = "Not signed in (`sign_in_required`), or the token or session is unknown.",
    content_type = "application/problem+json"
)]
pub struct UnknownCredentials(pub Problem);

/// 404: no body by that number.
#[derive(IntoResponses)]
#[response(
    status = 404,
    description = "There is no such body (`unknown_body`).",
    content_type = "application/problem+json"
)]
pub struct UnknownBody(pub Problem);

/// 404: no assembly by that number.
#[derive(IntoResponses)]
#[response(
    status = 404,
    description = "There is no such assembly (`unknown_assembly`).",
    content_type = "application/problem+json"
)]
pub struct UnknownAssembly(pub Problem);

/// 404: no motion by that number.
#[derive(IntoResponses)]
#[response(
    status = 404,
    description = "There is no such motion (`unknown_motion`).",
    content_type = "application/problem+json"
)]
pub struct UnknownMotion(pub Problem);

/// 403: the viewer holds no role that runs the assembly.
#[derive(IntoResponses)]
#[response(
    status = 403,
    description = "The viewer may not run the assembly (`forbidden`).",
    content_type = "application/problem+json"
)]
pub struct MayNotRunAssembly(pub Problem);

/// 403: the viewer holds no role that runs the assembly or motion at hand.
#[derive(IntoResponses)]
#[response(
    status = 403,
    description = "The viewer may not run it (`forbidden`).",
    content_type = "application/problem+json"
)]
pub struct MayNotRunIt(pub Problem);

/// 403: the body is outside every sub-tree the viewer's roles reach.
#[derive(IntoResponses)]
#[response(
    status = 403,
    description = "The viewer may not see this body (`forbidden`).",
    content_type = "application/problem+json"
)]
pub struct MayNotSeeBody(pub Problem);

/// 403: the viewer may see the body but not its members' names.
#[derive(IntoResponses)]
#[response(
    status = 403,
    description = "The viewer may not see the body's members (`forbidden`).",
    content_type = "application/problem+json"
)]
pub struct MayNotSeeMembers(pub Problem);

/// 404: no household by that number.
#[derive(IntoResponses)]
#[response(
    status = 404,
    description = "There is no such household (`unknown_household`).",
    content_type = "application/problem+json"
)]
pub struct UnknownHousehold(pub Problem);

/// 409: the body is closed and takes no new records.
#[derive(IntoResponses)]
#[response(
    status = 409,
    description = "The body is closed (`body_closed`).",
    content_type = "application/problem+json"
)]
pub struct BodyClosed(pub Problem);

/// 422: fields that do not pass, every one named in `errors`; nothing was written.
#[derive(IntoResponses)]
#[response(
    status = 422,
    description = "Bad fields, every one named in `errors`.",
    content_type = "application/problem+json"
)]
pub struct BadFields(pub ValidationProblem);

/// Adds the responses of each type to one map: a set of refusals documented once.
fn merged(sets: [BTreeMap<String, RefOr<Response>>; 3]) -> BTreeMap<String, RefOr<Response>> {
    sets.into_iter().flatten().collect()
}

/// 401, 403, 404: what a read of a body's records answers someone not signed in, a viewer whose
/// roles do not reach the body, and a body that does not exist.
pub struct ReadBody;

impl IntoResponses for ReadBody {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        merged([SignInRequired::responses(), MayNotSeeBody::responses(), UnknownBody::responses()])
    }
}

/// 401, 403, 404: what a step in an assembly (or one of its motions) answers someone not signed
/// in, a viewer who may not run it, and an assembly that does not exist.
pub struct RunAssembly;

impl IntoResponses for RunAssembly {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        merged([SignInRequired::responses(), MayNotRunIt::responses(), UnknownAssembly::responses()])
    }
}

/// 401, 403, 404: what a read of an assembly's records answers someone not signed in, a viewer
/// who may not see the body's members, and an assembly that does not exist.
pub struct ReadAssembly;

impl IntoResponses for ReadAssembly {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        merged([SignInRequired::responses(), MayNotSeeMembers::responses(), UnknownAssembly::responses()])
    }
}

/// 401, 403, 404: what a step in a motion's vote answers someone not signed in, a viewer who may
/// not run its assembly, and a motion that does not exist.
pub struct RunMotion;

impl IntoResponses for RunMotion {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        merged([SignInRequired::responses(), MayNotRunAssembly::responses(), UnknownMotion::responses()])
    }
}
