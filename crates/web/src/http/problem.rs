//! RFC 7807 problem documents: the shape of every refusal of the API.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa::openapi::schema::{Object, ObjectBuilder, SchemaType, Type};

/// A refusal, as an RFC 7807 problem document (`application/problem+json`).
#[derive(Serialize, ToSchema)]
#[schema(example = json!({
    "type": "urn:cabildo:problem:forbidden",
    "title": "You may not do this in Sindicato Villa Nueva (F2-C01-S01): ask the body's officers for a role.",
    "status": 403,
    "code": "forbidden"
}))]
pub struct Problem {
    /// `urn:cabildo:problem:` followed by `code`.
    #[serde(rename = "type")]
    #[schema(format = "uri")]
    problem_type: String,
    /// What went wrong, in plain words, in the language of `Accept-Language` (Spanish by default).
    title: String,
    /// The HTTP status code.
    status: u16,
    /// A stable code for programs: `sign_in_required`, `forbidden`, `unknown_body`,
    /// `unknown_household`, …
    code: String,
}

impl Problem {
    pub fn new(status: StatusCode, code: &str, title: String) -> Problem {
        Problem {
            problem_type: format!("urn:cabildo:problem:{code}"),
            title,
            status: status.as_u16(),
            code: code.to_string(),
        }
    }
}

/// A write refused for its fields: a problem document whose `code` and `title` are those of the
/// first bad field, with every bad field named in `errors`. Nothing was written.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({
    "type": "urn:cabildo:problem:required",
    "title": "The first surname is missing.",
    "status": 422,
    "code": "required",
    "errors": [
        {"field": "first_surname", "code": "required", "message": "The first surname is missing."},
        {"field": "area", "code": "bad_number", "message": "\"dos\" is not a number."}
    ]
}))]
pub struct ValidationProblem {
    #[serde(flatten)]
    pub problem: Problem,
    /// Every bad field, in the order of the request.
    pub errors: Vec<FieldProblem>,
}

/// One bad field of a write.
#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct FieldProblem {
    /// The field, by its stable name: the request's own key (`given_names`, `first_surname`,
    /// `second_surname`, `id_number`, `phone`, `register_number`, `affiliated_on`, `place`,
    /// `latitude`, `longitude`, `term_start`, `term_end`, `composition`), except `body_name`,
    /// `body_code` and `body_kind` for a body's `name`, `code` and `kind`, `office_title` for an
    /// office's `title`, `parcel_code` for a parcel's `code` and `area` for `area_ha`.
    pub field: String,
    /// A stable code for programs: `required`, `too_long`, `invalid`, `bad_date`, `bad_number`,
    /// `out_of_range`, `unknown_body_kind`, `end_before_start`, …
    pub code: String,
    /// What is wrong, in the language of `Accept-Language`.
    pub message: String,
}

/// A problem document (with whatever it carries beyond the four fields) as an answer.
pub fn problem_response(status: StatusCode, document: &impl Serialize) -> Response {
    let mut response = match serde_json::to_string(document) {
        Ok(body) => (status, body).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "a problem document could not be written");
            let body =
                r#"{"type":"urn:cabildo:problem:internal","title":"Internal error","status":500,"code":"internal"}"#;
            (StatusCode::INTERNAL_SERVER_ERROR, body).into_response()
        }
    };
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
    response
}

/// A string schema whose values are the given codes (and `null` when `nullable`). A field with
/// `schema_with` loses its doc comment: the description comes with the schema.
pub fn codes(description: &str, codes: impl IntoIterator<Item = &'static str>, nullable: bool) -> Object {
    let mut values: Vec<serde_json::Value> = codes.into_iter().map(Into::into).collect();
    let schema_type = if nullable {
        values.push(serde_json::Value::Null);
        SchemaType::from_iter([Type::String, Type::Null])
    } else {
        SchemaType::Type(Type::String)
    };
    ObjectBuilder::new().schema_type(schema_type).description(Some(description)).enum_values(Some(values)).build()
}
