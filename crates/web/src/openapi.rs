//! The OpenAPI document of `/api/v1`, collected from the `#[utoipa::path]` of every handler that
//! the features' routers register (utoipa-axum's `OpenApiRouter`): a handler cannot be routed
//! without being documented, nor documented without being routed.

use std::sync::OnceLock;

use axum::Json;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::http::cookies::SESSION_COOKIE;
use crate::http::problem::{Problem, ValidationProblem};

/// What the document says besides its paths: title, description, security, tags.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Cabildo API",
        version = env!("CARGO_PKG_VERSION"),
        description = "The register of a federated organisation (bodies, their directivas and affiliations, \
                       the padrón of households), as the viewer's roles allow: what the web pages show \
                       and what their forms change.\n\n\
                       Authenticate with `Authorization: Bearer <token>` (a token is printed once by \
                       `cabildo token USERNAME`) or with the session cookie of the web pages; a write \
                       made with the session cookie must carry the session's CSRF token in the \
                       `X-CSRF-Token` header. Errors are RFC 7807 problem documents \
                       (`application/problem+json`) with a stable `code`; their `title` follows the \
                       `Accept-Language` header (Spanish by default). A write with bad fields is refused \
                       whole (422), with every bad field named in `errors`.",
        license(name = "AGPL-3.0-or-later", url = "https://www.gnu.org/licenses/agpl-3.0.html"),
    ),
    components(schemas(Problem, ValidationProblem)),
    modifiers(&SecuritySchemes),
    security(("bearer_token" = []), ("session_cookie" = [])),
    tags(
        (name = "register", description = "Bodies, their directivas and affiliations, and the padrón."),
        (name = "assemblies", description = "Assemblies: convocatorias, statutes, attendance and quorum, motions, \
            elections and resolutions."),
        (name = "votes", description = "Votes by show of hands, roll call, secret ballot and phone."),
        (name = "instructions", description = "Instructions down the tree (instructivos): a body's resolution sent \
            to the bodies below it, each one's acknowledgement, and who has and who has not at every level."),
        (name = "delegates", description = "Delegates, seats and credentials: a congress's seats per sub-body, \
            the elections of each seat in the sub-body's own assembly, the credentials they issue, admission by \
            credential code at the door, observers who may not vote."),
        (name = "obligations", description = "Attendance obligations of officers, computed from recorded \
            attendance; demands for explanation, visiting officers and informes."),
        (name = "actas", description = "Actas: drafted from the records, signed, sealed in a chain, verified."),
        (name = "consultas", description = "Consultas a las bases: a question asked of every base below a body, \
            answered from each base's assembly."),
        (name = "mandates", description = "Mandates: a base's assembly tells its delegates how to vote on an item \
            of a higher congress or ampliado; roll calls are compared with them, and every deviation is shown."),
        (name = "petitions", description = "Petitions up the tree (solicitudes): a base's resolution raised to its \
            parent, endorsed, returned or merged level by level, addressed to an outside authority with an oficio, \
            and the authority's replies."),
        (name = "ledger", description = "The union's money: dues, contributions and fines charged to families, \
            payments with numbered receipts, reversals, closed periods, the treasurer's report. Amounts in centavos."),
        (name = "meta", description = "About the API itself."),
    ),
)]
pub struct ApiDoc;

/// The security schemes: they are not derived, so they are added here.
struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer_token",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "`Authorization: Bearer <token>`. `cabildo token USERNAME --name NAME` creates a token \
                         with the roles of that account and prints it once.",
                    ))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "session_cookie",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                SESSION_COOKIE,
                "The session cookie set by signing in on the web pages. A write made with it must carry the \
                 session's CSRF token in the `X-CSRF-Token` header (the value of the forms' hidden `csrf` field).",
            ))),
        );
    }
}

/// The whole document: [`ApiDoc`] with the paths of every feature's routes.
pub fn document() -> &'static utoipa::openapi::OpenApi {
    static DOCUMENT: OnceLock<utoipa::openapi::OpenApi> = OnceLock::new();
    DOCUMENT.get_or_init(|| crate::routes().split_for_parts().1)
}

/// This document
///
/// The OpenAPI description of this API, generated from the code. Public.
#[utoipa::path(
    get,
    path = "/api/v1/openapi.json",
    operation_id = "get_openapi",
    tag = "meta",
    security(()),
    responses((status = 200, description = "The OpenAPI document.", body = Object)),
)]
pub(crate) async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(document().clone())
}
