//! Refusals many API operations share, documented once: each type is one response of the
//! OpenAPI document (`responses(..., BadJson, SignInRequired)` in a `#[utoipa::path]`). The
//! answers themselves come from `http::error`; these only describe them.

use utoipa::IntoResponses;

use crate::http::problem::Problem;

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
