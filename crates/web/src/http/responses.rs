//! Refusals many API operations share, documented once: each type is one response of the
//! OpenAPI document (`responses(..., BadJson, SignInRequired)` in a `#[utoipa::path]`). The
//! answers themselves come from `http::error`; these only describe them.

use utoipa::IntoResponses;

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
