//! JSON shapes several features answer with: a body of the organisation, as every answer that
//! names one shows it; and the numbers in the paths of many operations, documented once.

use cabildo_domain::{self as domain, BodyKind, Composition};
use serde::Serialize;
use utoipa::openapi::schema::Object;
use utoipa::{IntoParams, ToSchema};

use crate::http::problem::codes;

/// A body of the organisation: a confederation, federation, central, sindicato, council, …
#[derive(Serialize, ToSchema)]
pub struct Body {
    id: i64,
    /// The record's id on every instance (a UUIDv7): how another instance names it.
    #[schema(format = "uuid", example = "0192f0c1-7a3e-7c4d-9a51-3f0e6b2d8c11")]
    public_id: String,
    /// The body it belongs to in the tree; `null` for a root.
    #[schema(required = true)]
    parent_id: Option<i64>,
    /// Its short code, unique ("F1-C01-S01").
    code: String,
    name: String,
    #[schema(schema_with = body_kinds)]
    kind: &'static str,
    #[schema(schema_with = compositions)]
    composition: &'static str,
    #[schema(format = Date)]
    created_on: String,
    /// When it was closed; `null` while it is open.
    #[schema(format = Date, required = true)]
    closed_on: Option<String>,
}

impl From<&domain::Body> for Body {
    fn from(b: &domain::Body) -> Self {
        Body {
            id: b.id.0,
            public_id: b.public_id.to_string(),
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

pub fn body_kinds() -> Object {
    codes("What kind of body it is.", BodyKind::ALL.map(BodyKind::code), false)
}

pub fn compositions() -> Object {
    let description = "Who its members are: households (through their parcels), individuals, delegates of member \
                       organisations, or anyone who comes.";
    codes(description, Composition::ALL.map(Composition::code), false)
}

/// The number in a path such as `/api/v1/bodies/{id}`, documented once for every operation on
/// one body.
#[derive(IntoParams)]
#[into_params(parameter_in = Path)]
pub struct BodyNumber {
    /// The body's number.
    pub id: i64,
}

/// The number in a path such as `/api/v1/assemblies/{id}`.
#[derive(IntoParams)]
#[into_params(parameter_in = Path)]
pub struct AssemblyNumber {
    /// The assembly's number.
    pub id: i64,
}

/// The number in a path such as `/api/v1/households/{id}`.
#[derive(IntoParams)]
#[into_params(parameter_in = Path)]
pub struct HouseholdNumber {
    /// The household's number.
    pub id: i64,
}

/// The number in a path such as `/api/v1/motions/{id}`.
#[derive(IntoParams)]
#[into_params(parameter_in = Path)]
pub struct MotionNumber {
    /// The motion's number.
    pub id: i64,
}
