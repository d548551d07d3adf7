//! Actas in JSON: an assembly's acta, its notes, signatures and sealing, and the verification of
//! a body's sealed actas.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::response::{IntoResponse, Response};
use cabildo_domain::assembly::AssemblyId;
use cabildo_services::access::Attempt;
use cabildo_services::acta::{self, ActaView};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::http::dto::{AssemblyNumber, BodyNumber};
use crate::http::problem::{Problem, ValidationProblem};
use crate::http::respond::created;
use crate::http::responses::{
    BadJson, MayNotRunAssembly, MayNotSeeMembers, ReadAssembly, ReadBody, SignInRequired, UnknownAssembly,
};
use crate::http::{Api, ClientAddr, Path, WebError};

/// One line of an acta's canonical content.
#[derive(Serialize, ToSchema)]
pub struct ContentLine {
    key: String,
    value: String,
}

/// A signature on an acta.
#[derive(Serialize, ToSchema)]
pub struct Signature {
    /// The signing account's name.
    signer: String,
    /// The office of the directiva signed as ("Secretario de Actas"); in actas sealed before
    /// signers were offices, the account role (`secretario_actas`).
    role: String,
    /// The person who holds the office, when signed as an office (a name: only to those who may
    /// see the body's members, as the whole acta).
    #[schema(required = true)]
    person: Option<String>,
    /// Ed25519, hex.
    public_key: String,
    /// Unix seconds.
    signed_at: i64,
}

/// An acta: the content signed and sealed, its signatures, and what it still needs.
#[derive(Serialize, ToSchema)]
pub struct Acta {
    id: i64,
    /// The record's id on every instance (a UUIDv7): how another instance names it.
    #[schema(format = "uuid", example = "0192f0c1-7a3e-7c4d-9a51-3f0e6b2d8c11")]
    public_id: String,
    assembly_id: i64,
    /// `draft` or `sealed`.
    status: &'static str,
    notes: String,
    content: Vec<ContentLine>,
    /// SHA-256 of the canonical content, hex.
    content_hash: String,
    signatures: Vec<Signature>,
    /// The offices whose holders must sign (from the statute; account roles in actas sealed
    /// before signers were offices).
    required: Vec<String>,
    /// Required signers without a valid signature on the current content.
    missing: Vec<String>,
    #[schema(required = true)]
    seq: Option<u64>,
    #[schema(required = true)]
    chain_hash: Option<String>,
}

fn acta_dto(a: &ActaView) -> Acta {
    Acta {
        id: a.acta.id,
        public_id: a.acta.public_id.to_string(),
        assembly_id: a.acta.assembly_id.0,
        status: a.acta.status.code(),
        notes: a.acta.notes.clone(),
        content: a
            .content
            .entries()
            .map(|(key, value)| ContentLine { key: key.to_string(), value: value.to_string() })
            .collect(),
        content_hash: a.content_hash.clone(),
        signatures: a
            .signatures
            .iter()
            .map(|s| Signature {
                signer: s.signer.clone(),
                role: s.signed_as.key().to_string(),
                person: match &s.signed_as {
                    acta::SignedAs::Office { name, .. } => Some(name.display()),
                    acta::SignedAs::Role(_) => None,
                },
                public_key: s.public_key.clone(),
                signed_at: s.signed_at,
            })
            .collect(),
        required: a.required.clone(),
        missing: a.missing.clone(),
        seq: a.acta.seq,
        chain_hash: a.acta.chain_hash.clone(),
    }
}

/// A body checked, with its sealed actas.
#[derive(Serialize, ToSchema)]
pub struct VerifiedBody {
    body: String,
    sealed_actas: u64,
    /// The head of the body's chain as found now, `count:hash` (what `cabildo verify --head`
    /// takes after `CODE=`); `0:` when nothing is sealed.
    head: String,
}

/// A difference between a sealed acta and the register that the register explains (a body
/// renamed, a name corrected after sealing): not tampering.
#[derive(Serialize, ToSchema)]
pub struct LaterChange {
    acta: String,
    /// The acta's key: `body.name`, `attendance.00000012.name`, …
    key: String,
    sealed: String,
    now: String,
    /// In the language of `Accept-Language`.
    message: String,
}

/// A problem found in a chain of sealed actas.
#[derive(Serialize, ToSchema)]
pub struct ChainProblem {
    /// `acta_content_hash`, `acta_chain_broken`, `acta_field_changed`, …
    code: &'static str,
    acta: String,
    /// In the language of `Accept-Language`.
    message: String,
}

/// What a verification of sealed actas found.
#[derive(Serialize, ToSchema)]
pub struct Verification {
    /// No sign of tampering (warnings do not count).
    clean: bool,
    /// Whether the key log was checked against the pin the server was given (`serve --key-pin`);
    /// otherwise the log was taken as found, and a complete rewrite of it would go unnoticed.
    keys_pinned: bool,
    bodies: Vec<VerifiedBody>,
    /// Signs of tampering.
    problems: Vec<ChainProblem>,
    /// Not tampering: actas owed (`acta_overdue`).
    warnings: Vec<ChainProblem>,
    later_changes: Vec<LaterChange>,
}

/// The acta's free-text notes.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"notes": "Se levantó la sesión a las 13:00."}))]
pub struct ActaNotes {
    notes: String,
}

/// A signature: the office signed as, and the signer's password (the signing key derives from it).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"role": "Secretario de Actas", "password": "…"}))]
pub struct SignatureRequest {
    /// One of the offices the statute names as signers ("Secretario de Actas"); the account must be
    /// linked to the person who holds it in the assembly's body.
    role: String,
    password: String,
}

/// An assembly's acta
///
/// Its canonical content (the draft's, rebuilt from the records, until sealed), signatures, and
/// the roles that still have to sign.
#[utoipa::path(
    get, path = "/api/v1/assemblies/{id}/acta",
    tag = "actas",
    params(AssemblyNumber),
    responses(
        (status = 200, description = "The acta.", body = Acta),
        ReadAssembly,
        (status = 409, description = "The assembly has no acta yet (`no_acta`).", body = Problem,
            content_type = "application/problem+json"),
    ),
)]
pub(super) async fn get_acta(api: Api, Path(id): Path<i64>) -> Result<Response, WebError> {
    let view = api.run(move |store, ctx| acta::view(store, ctx, AssemblyId(id))).await?;
    Ok(Json(acta_dto(&view)).into_response())
}

/// Edit an acta's notes
///
/// Only a draft; signatures already given no longer apply and are removed.
#[utoipa::path(
    put, path = "/api/v1/assemblies/{id}/acta/notes",
    tag = "actas",
    params(AssemblyNumber),
    request_body = ActaNotes,
    responses(
        (status = 200, description = "The acta.", body = Acta),
        BadJson,
        SignInRequired,
        MayNotRunAssembly,
        UnknownAssembly,
        (status = 409, description = "The acta is sealed (`acta_sealed`) or does not exist yet (`no_acta`).",
            body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The notes are too long.", body = ValidationProblem,
            content_type = "application/problem+json"),
    ),
)]
pub(super) async fn edit_acta_notes(
    api: Api,
    Path(id): Path<i64>,
    payload: Result<Json<ActaNotes>, JsonRejection>,
) -> Result<Response, WebError> {
    let input = api.admit_json(payload)?;
    let view = api
        .write("notes", move |store, ctx| {
            acta::edit_notes(store, ctx, AssemblyId(id), &input.notes)?;
            acta::view(store, ctx, AssemblyId(id))
        })
        .await?;
    Ok(Json(acta_dto(&view)).into_response())
}

/// Sign an acta
///
/// As the holder of an office the statute names: the account must be linked to the person who
/// holds it in the assembly's body. The signer confirms with their password (their signing key
/// derives from it). Needs an account (a token or a session).
#[utoipa::path(
    post, path = "/api/v1/assemblies/{id}/acta/signatures",
    tag = "actas",
    params(AssemblyNumber),
    request_body = SignatureRequest,
    responses(
        (status = 201, description = "Signed: the acta.", body = Acta),
        BadJson,
        (status = 401, description = "Not signed in (`sign_in_required`), or a wrong password \
            (`bad_credentials`).", body = Problem, content_type = "application/problem+json"),
        MayNotSeeMembers,
        UnknownAssembly,
        (status = 409, description = "Sealed (`acta_sealed`), not an office that signs (`not_signer`), an account \
            linked to nobody (`not_linked`) or to someone who does not hold the office (`not_office_holder`), \
            already signed (`already_signed`), or no acta yet (`no_acta`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 429, description = "Too many wrong passwords (`too_many_attempts`): the title says when it \
            unlocks.", body = Problem, content_type = "application/problem+json"),
    ),
)]
pub(super) async fn sign_acta(
    addr: ClientAddr,
    api: Api,
    Path(id): Path<i64>,
    payload: Result<Json<SignatureRequest>, JsonRejection>,
) -> Result<Response, WebError> {
    let input = api.admit_json(payload)?;
    let office = input.role;
    let cost = api.state.password_cost;
    let (limiter, address) = (api.state.limiter.clone(), addr.key());
    let view = api
        .write("role", move |store, ctx| {
            let attempt = Attempt { limiter: &limiter, address: &address };
            acta::sign(store, ctx, cost, attempt, AssemblyId(id), &office, &input.password)?;
            acta::view(store, ctx, AssemblyId(id))
        })
        .await?;
    Ok(created(None, acta_dto(&view)))
}

/// Seal an acta
///
/// Its content is fixed, hashed and chained to the body's previous acta. Refused without the
/// signatures the statute requires.
#[utoipa::path(
    post, path = "/api/v1/assemblies/{id}/acta/seal",
    tag = "actas",
    params(AssemblyNumber),
    responses(
        (status = 200, description = "Sealed: the acta.", body = Acta),
        SignInRequired,
        MayNotRunAssembly,
        UnknownAssembly,
        (status = 409, description = "Signatures are missing (`missing_signatures`), already sealed \
            (`acta_sealed`), or no acta yet (`no_acta`).", body = Problem,
            content_type = "application/problem+json"),
    ),
)]
pub(super) async fn seal_acta(api: Api, Path(id): Path<i64>) -> Result<Response, WebError> {
    api.admit()?;
    let view = api
        .run(move |store, ctx| {
            acta::seal(store, ctx, AssemblyId(id))?;
            acta::view(store, ctx, AssemblyId(id))
        })
        .await?;
    Ok(Json(acta_dto(&view)).into_response())
}

/// Verify a body's sealed actas
///
/// Hashes, links, signatures, and each field against the records they were drafted from.
#[utoipa::path(
    get, path = "/api/v1/bodies/{id}/verification",
    tag = "actas",
    params(BodyNumber),
    responses((status = 200, description = "What was found.", body = Verification), ReadBody),
)]
pub(super) async fn verify_actas(api: Api, Path(id): Path<i64>) -> Result<Response, WebError> {
    let lang = api.lang();
    let problem = |p: &cabildo_domain::acta::ChainProblem| ChainProblem {
        code: p.code(),
        acta: p.acta().to_string(),
        message: cabildo_i18n::message(lang, p.code(), &p.args()),
    };
    let pin = api.state.key_pin.clone();
    let v = api.run(move |store, ctx| acta::verify_pinned(store, ctx, Some(&id.to_string()), pin.as_ref())).await?;
    Ok(Json(Verification {
        clean: v.is_clean(),
        keys_pinned: v.keys_pinned,
        bodies: v
            .bodies
            .iter()
            .zip(&v.heads)
            .map(|((body, n), (_, _, head))| VerifiedBody {
                body: body.clone(),
                sealed_actas: *n as u64,
                head: head.text(),
            })
            .collect(),
        problems: v
            .problems
            .iter()
            .map(problem)
            .chain(v.key_problems.iter().map(|p| ChainProblem {
                code: p.code(),
                acta: p.subject(),
                message: cabildo_i18n::message(lang, p.code(), &p.args()),
            }))
            .collect(),
        warnings: v.warnings.iter().map(problem).collect(),
        later_changes: v
            .later
            .iter()
            .map(|c| LaterChange {
                acta: c.acta.clone(),
                key: c.key.clone(),
                sealed: c.sealed.clone(),
                now: c.now.clone(),
                message: cabildo_i18n::message(
                    lang,
                    "acta-later-change",
                    &[
                        ("acta", c.acta.clone()),
                        ("key", c.key.clone()),
                        ("sealed", c.sealed.clone()),
                        ("now", c.now.clone()),
                    ],
                ),
            })
            .collect(),
    })
    .into_response())
}
