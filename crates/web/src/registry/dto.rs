//! The register's JSON shapes: what the API answers (bodies, offices, affiliations, households,
//! parcels) and what its writes take. Each derives `ToSchema`, so the OpenAPI document says
//! exactly this.

use cabildo_domain::{self as domain, AffiliationKind, Composition, OfficeEnd};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa::openapi::schema::{Object, ObjectBuilder, SchemaType, Type};

use crate::http::dto::{Body, body_kinds};
use crate::http::problem::codes;

// Every field of the answers below is always written, `null` when there is nothing: the `Option`
// fields are marked `required` so that the schema says so (for utoipa, `Option` means "may be
// left out").

/// One line of the tree: a body, how deep it is below the top the viewer sees, and its members.
#[derive(Serialize, ToSchema)]
pub struct TreeLine {
    #[serde(flatten)]
    pub(super) body: Body,
    /// 0 for a top body the viewer sees, 1 for its sub-bodies, and so on.
    pub(super) depth: usize,
    /// Members in the body's whole sub-tree.
    pub(super) members: u64,
}

/// The bodies the viewer may see, parents first.
#[derive(Serialize, ToSchema)]
pub struct BodyList {
    pub(super) bodies: Vec<TreeLine>,
}

/// A sub-body with its members.
#[derive(Serialize, ToSchema)]
pub struct Child {
    pub(super) body: Body,
    /// Members in the sub-body's whole sub-tree.
    pub(super) members: u64,
}

/// An office of the directiva, held or past.
#[derive(Serialize, ToSchema)]
pub struct Office {
    pub(super) id: i64,
    /// The record's id on every instance (a UUIDv7): how another instance names it.
    #[schema(format = "uuid", example = "0192f0c1-7a3e-7c4d-9a51-3f0e6b2d8c11")]
    pub(super) public_id: String,
    /// "Secretario General", …
    pub(super) title: String,
    /// The holder's full name.
    pub(super) holder: String,
    #[schema(format = Date)]
    pub(super) term_start: String,
    /// When the term is due to end, if known.
    #[schema(format = Date, required = true)]
    pub(super) term_end: Option<String>,
    /// When the holder left office; `null` while in office.
    #[schema(format = Date, required = true)]
    pub(super) ended_on: Option<String>,
    #[schema(schema_with = office_ends, required = true)]
    pub(super) end_reason: Option<&'static str>,
}

/// An affiliation outside the tree: `member_id` belongs to `host_id`.
#[derive(Serialize, ToSchema)]
pub struct Affiliation {
    pub(super) id: i64,
    pub(super) member_id: i64,
    pub(super) host_id: i64,
    /// The body at the other end of the affiliation.
    pub(super) other: Body,
    #[schema(schema_with = affiliation_kinds)]
    pub(super) kind: &'static str,
    #[schema(format = Date)]
    pub(super) since: String,
    /// When it ended; `null` while it holds.
    #[schema(format = Date, required = true)]
    pub(super) until: Option<String>,
}

/// A body with its place in the tree, sub-bodies, directiva and affiliations.
#[derive(Serialize, ToSchema)]
pub struct BodyOverview {
    pub(super) body: Body,
    /// From the top of the tree down to the parent.
    pub(super) ancestors: Vec<Body>,
    /// Members in the body's whole sub-tree.
    pub(super) members: u64,
    pub(super) children: Vec<Child>,
    pub(super) offices: Vec<Office>,
    pub(super) affiliations: Vec<Affiliation>,
}

/// The person who represents a household.
#[derive(Serialize, ToSchema)]
pub struct Representative {
    pub(super) given_names: String,
    pub(super) first_surname: String,
    #[schema(required = true)]
    pub(super) second_surname: Option<String>,
    /// Private: `null` unless the viewer may see contact data.
    #[schema(required = true)]
    pub(super) id_number: Option<String>,
    /// Private: `null` unless the viewer may see contact data.
    #[schema(required = true)]
    pub(super) phone: Option<String>,
}

/// A parcel of land, through which a family belongs to its sindicato.
#[derive(Serialize, ToSchema)]
pub struct Parcel {
    pub(super) id: i64,
    /// The record's id on every instance (a UUIDv7): how another instance names it.
    #[schema(format = "uuid", example = "0192f0c1-7a3e-7c4d-9a51-3f0e6b2d8c11")]
    pub(super) public_id: String,
    /// The parcel's code, unique within its sindicato ("L-12").
    pub(super) code: String,
    /// The area in square metres (1 ha = 10,000 m²).
    #[schema(required = true)]
    area_m2: Option<i64>,
    #[schema(required = true)]
    pub(super) place: Option<String>,
    #[schema(required = true)]
    pub(super) latitude: Option<f64>,
    #[schema(required = true)]
    pub(super) longitude: Option<f64>,
}

/// A household with its representative and parcels.
#[derive(Serialize, ToSchema)]
pub struct Household {
    pub(super) id: i64,
    /// The record's id on every instance (a UUIDv7): how another instance names it.
    #[schema(format = "uuid", example = "0192f0c1-7a3e-7c4d-9a51-3f0e6b2d8c11")]
    pub(super) public_id: String,
    /// The sindicato it belongs to.
    pub(super) body_id: i64,
    /// The number the sindicato's own register gives the family ("N°"), when it keeps one.
    #[schema(required = true)]
    pub(super) register_number: Option<String>,
    #[schema(format = Date, required = true)]
    pub(super) affiliated_on: Option<String>,
    pub(super) representative: Representative,
    pub(super) parcels: Vec<Parcel>,
}

pub(super) fn parcel_dto(p: domain::Parcel) -> Parcel {
    Parcel {
        id: p.id.0,
        public_id: p.public_id.to_string(),
        code: p.code.as_str().to_string(),
        area_m2: p.area.map(|a| a.square_metres),
        place: p.place,
        latitude: p.coordinates.map(|c| c.latitude),
        longitude: p.coordinates.map(|c| c.longitude),
    }
}

pub(super) fn household_dto(h: domain::Household, parcels: Vec<domain::Parcel>) -> Household {
    let person = h.representative;
    Household {
        id: h.id.0,
        public_id: h.public_id.to_string(),
        body_id: h.body_id.0,
        register_number: h.register_number,
        affiliated_on: h.affiliated_on.map(|d| d.to_string()),
        representative: Representative {
            given_names: person.name.given_names,
            first_surname: person.name.first_surname,
            second_surname: person.name.second_surname,
            id_number: person.id_number,
            phone: person.phone,
        },
        parcels: parcels.into_iter().map(parcel_dto).collect(),
    }
}

pub(super) fn office_dto(office: &domain::Office) -> Office {
    Office {
        id: office.id.0,
        public_id: office.public_id.to_string(),
        title: office.title.clone(),
        holder: office.holder.display(),
        term_start: office.term_start.to_string(),
        term_end: office.term_end.map(|d| d.to_string()),
        ended_on: office.ended_on.map(|d| d.to_string()),
        end_reason: office.end_reason.map(|r| r.code()),
    }
}

pub(super) fn affiliation_kinds() -> Object {
    // The match stops compiling when a kind is added: add it to the list too.
    let all = [AffiliationKind::Full, AffiliationKind::Observer];
    let codes_of = all.map(|k| match k {
        AffiliationKind::Full | AffiliationKind::Observer => k.code(),
    });
    codes("A full member, or an observer.", codes_of, false)
}

pub(super) fn office_ends() -> Object {
    // The match stops compiling when a reason is added: add it to the list too.
    let all = [OfficeEnd::Term, OfficeEnd::Resignation, OfficeEnd::Recall];
    let codes_of = all.map(|r| match r {
        OfficeEnd::Term | OfficeEnd::Resignation | OfficeEnd::Recall => r.code(),
    });
    codes("Why the holder left office (end of term, resignation or recall); `null` while in office.", codes_of, true)
}

pub(super) fn decimal_schema() -> Object {
    ObjectBuilder::new()
        .schema_type(SchemaType::from_iter([Type::String, Type::Number, Type::Null]))
        .description(Some(
            "The area in hectares, a number (`2.5`) or a text with a decimal comma or point (`\"2,5\"`, \
             `\"1.234,5\"`); at most four decimals.",
        ))
        .examples(["2,5"])
        .build()
}

pub(super) fn optional_compositions() -> Object {
    let description = "Who its members are (households, individuals, member organisations, anyone who comes); \
                       `null` or left out: what its kind usually has.";
    codes(description, Composition::ALL.map(Composition::code), true)
}

/// A parcel to add: its code, unique within the sindicato, and what is known of it.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"code": "L-12", "area_ha": "2,5", "place": "Pampa Grande"}))]
pub struct NewParcel {
    /// The parcel's code, unique within its sindicato ("L-12").
    pub(super) code: String,
    #[serde(default)]
    #[schema(schema_with = decimal_schema)]
    pub(super) area_ha: Option<serde_json::Value>,
    #[serde(default)]
    pub(super) place: Option<String>,
    /// WGS84 degrees, with `longitude`.
    #[serde(default)]
    pub(super) latitude: Option<f64>,
    /// WGS84 degrees, with `latitude`.
    #[serde(default)]
    pub(super) longitude: Option<f64>,
}

/// A family to register in a sindicato: its representative and its first parcel.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "given_names": "Rosa",
    "first_surname": "Flores",
    "second_surname": "Quispe",
    "affiliated_on": "2024-03-15",
    "parcel": {"code": "L-12", "area_ha": "2,5"}
}))]
pub struct NewHousehold {
    pub(super) given_names: String,
    pub(super) first_surname: String,
    #[serde(default)]
    pub(super) second_surname: Option<String>,
    /// The representative's ID number (cédula), private.
    #[serde(default)]
    pub(super) id_number: Option<String>,
    /// Private.
    #[serde(default)]
    pub(super) phone: Option<String>,
    /// The number the sindicato's own register gives the family ("N°").
    #[serde(default)]
    pub(super) register_number: Option<String>,
    /// `yyyy-mm-dd` or `dd/mm/yyyy`.
    #[serde(default)]
    pub(super) affiliated_on: Option<String>,
    pub(super) parcel: NewParcel,
}

/// A body to create below another.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "Sindicato Nueva Esperanza", "kind": "sindicato"}))]
pub struct NewBody {
    pub(super) name: String,
    /// Its short code, unique; left out: made from the parent's code.
    #[serde(default)]
    pub(super) code: Option<String>,
    #[schema(schema_with = body_kinds)]
    pub(super) kind: String,
    #[serde(default)]
    #[schema(schema_with = optional_compositions)]
    pub(super) composition: Option<String>,
}

/// A body's new name.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "Sindicato Nueva Esperanza Alta"}))]
pub struct BodyRename {
    pub(super) name: String,
}

/// An office of the directiva given to a person for a term.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "title": "Secretario General",
    "given_names": "Inti",
    "first_surname": "Choque",
    "term_start": "2026-01-01",
    "term_end": "2027-12-31"
}))]
pub struct NewOffice {
    /// "Secretario General", …
    pub(super) title: String,
    pub(super) given_names: String,
    pub(super) first_surname: String,
    #[serde(default)]
    pub(super) second_surname: Option<String>,
    /// `yyyy-mm-dd` or `dd/mm/yyyy`.
    pub(super) term_start: String,
    /// When the term is due to end, if known: `yyyy-mm-dd` or `dd/mm/yyyy`.
    #[serde(default)]
    pub(super) term_end: Option<String>,
}
