//! An assembly's acta (notes, signatures, sealing) and the verification of a body's sealed
//! actas.

use std::collections::HashMap;

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use cabildo_domain::access::Role;
use cabildo_domain::assembly::AssemblyId;
use cabildo_i18n::message;
use cabildo_services::ServiceError;
use cabildo_services::access::Attempt;
use cabildo_services::acta::{self, ActaView};
use cabildo_services::assembly::{AttendanceRecord, MotionView};

use crate::http::csrf::CsrfForm;
use crate::http::error::page_error;
use crate::http::status::{not_about_the_form, status_of, text_of};
use crate::http::{ClientAddr, Fields, Path, Viewer, WebError};
use crate::state::AppState;
use crate::ui::text::{name, quorum_line};
use crate::ui::{Chrome, render};

#[derive(Template)]
#[template(path = "acta/acta.html")]
pub(super) struct ActaPage {
    page: Chrome,
    a: ActaView,
    roles: Vec<(String, String)>,
    form: Fields,
}

impl ActaPage {
    fn sealed(&self) -> bool {
        self.a.acta.status == cabildo_domain::assembly::ActaStatus::Sealed
    }

    fn role_name(&self, role: &Role) -> String {
        name(&self.page.lang, "asm-role", role.code())
    }

    fn method(&self, m: &MotionView) -> String {
        m.motion.method.map_or_else(String::new, |o| name(&self.page.lang, "vote-method", o.code()))
    }

    fn rule(&self, m: &MotionView) -> String {
        m.motion.rule.map_or_else(String::new, |o| name(&self.page.lang, "decision-rule", o.code()))
    }

    fn outcome(&self, m: &MotionView) -> String {
        m.motion.outcome.map_or_else(String::new, |o| name(&self.page.lang, "outcome", o.code()))
    }

    fn status_name(&self, r: &AttendanceRecord) -> String {
        name(&self.page.lang, "attendance", r.status.code())
    }

    fn quorum_line(&self) -> String {
        quorum_line(self.page.lang, &self.a.view)
    }

    /// The head of the body's chain as this acta's sealing left it, as `cabildo verify --head`
    /// takes it: `CODE=number:chain hash`.
    fn head(&self) -> Option<String> {
        match (self.a.acta.seq, &self.a.acta.chain_hash) {
            (Some(seq), Some(hash)) if self.sealed() => Some(format!("{}={seq}:{hash}", self.a.view.body.code)),
            _ => None,
        }
    }
}

pub(super) async fn acta_render(
    state: &AppState,
    viewer: &Viewer,
    id: i64,
    form: Option<Fields>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let path = format!("/assemblies/{id}/acta");
    let ctx = viewer.ctx.clone();
    match state.run(move |store| acta::view(store, &ctx, AssemblyId(id))).await {
        Ok(a) => {
            let form = form.unwrap_or_else(|| {
                let role = a.missing.first().or(a.required.first()).map_or("", |r| r.code()).to_string();
                Fields::new(
                    viewer.lang,
                    HashMap::from([("notes".to_string(), a.acta.notes.clone()), ("role".to_string(), role)]),
                )
            });
            // Only the roles the viewer holds are offered: someone who holds none sees no form.
            let held: Vec<Role> = match &viewer.ctx.actor {
                cabildo_services::Actor::Account { grants, .. } => grants.iter().map(|g| g.role).collect(),
                _ => Vec::new(),
            };
            let roles = crate::ui::text::options(
                viewer.lang,
                "asm-role",
                a.required.iter().filter(|r| held.contains(r)).map(|r| r.code()),
            );
            Ok((status, render(&ActaPage { page: viewer.chrome(path), a, roles, form })).into_response())
        }
        Err(e) => Err(page_error(viewer.lang, &path, e)),
    }
}

pub(super) async fn acta_page(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    acta_render(&state, &viewer, id, None, StatusCode::OK).await
}

pub(super) async fn acta_action(
    State(state): State<AppState>,
    Path((id, action)): Path<(i64, String)>,
    addr: ClientAddr,
    CsrfForm(viewer, values): CsrfForm<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let path = format!("/assemblies/{id}/acta");
    let ctx = viewer.ctx.clone();
    let assembly = AssemblyId(id);
    let result = match action.as_str() {
        "notes" => {
            let notes = values.get("notes").cloned().unwrap_or_default();
            state.run(move |store| acta::edit_notes(store, &ctx, assembly, &notes).map(drop)).await
        }
        "sign" => match values.get("role").map_or("", |r| r.trim()).parse::<Role>() {
            Ok(role) => {
                let cost = state.password_cost;
                let password = values.get("password").cloned().unwrap_or_default();
                let (limiter, address) = (state.limiter.clone(), addr.key());
                state
                    .run(move |store| {
                        let attempt = Attempt { limiter: &limiter, address: &address };
                        acta::sign(store, &ctx, cost, attempt, assembly, role, &password)
                    })
                    .await
            }
            Err(e) => Err(ServiceError::Domain(e)),
        },
        "seal" => state.run(move |store| acta::seal(store, &ctx, assembly).map(drop)).await,
        _ => Err(ServiceError::Assembly(cabildo_services::error::Refusal::NoActa)),
    };
    match result {
        Ok(()) => Ok(Redirect::to(&path).into_response()),
        Err(e) if not_about_the_form(&e) => Err(page_error(viewer.lang, &path, e)),
        Err(e) => {
            let mut values = values;
            values.remove("password");
            let mut form = Fields::new(viewer.lang, values);
            form.general = Some(text_of(viewer.lang, &e));
            if matches!(e, ServiceError::BadCredentials | ServiceError::TooManyAttempts { .. }) {
                form.note("password", e.message().id, text_of(viewer.lang, &e));
                form.general = None;
            }
            acta_render(&state, &viewer, id, Some(form), status_of(&e)).await
        }
    }
}

#[derive(Template)]
#[template(path = "acta/verify.html")]
pub(super) struct VerifyPage {
    page: Chrome,
    id: i64,
    /// Each body: its label, how many actas it sealed, and its head to give `--head` (`CODE=count:hash`).
    bodies: Vec<(String, usize, String)>,
    problems: Vec<String>,
    warnings: Vec<String>,
    later: Vec<String>,
    /// The pin the server was given (`serve --key-pin`), if any, and whether the key log holds it.
    pin: Option<String>,
    pin_holds: bool,
    /// "F1: 312 actas selladas en 94 organismos": the whole sub-tree at a glance.
    summary: String,
    /// Each body whose chain has findings, said with their number.
    with_findings: Vec<String>,
}

pub(super) async fn verify_page(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let path = format!("/bodies/{id}/verify");
    let ctx = viewer.ctx.clone();
    let key_pin = state.key_pin.clone();
    let pinned = key_pin.clone();
    match state.run(move |store| acta::verify_pinned(store, &ctx, Some(&id.to_string()), pinned.as_ref())).await {
        Ok(found) => {
            let lang = viewer.lang;
            let pin = key_pin.map(|p| p.to_string());
            let pin_holds = found.keys_pinned;
            let problems = found
                .problems
                .iter()
                .map(|p| message(lang, p.code(), &p.args()))
                .chain(found.key_problems.iter().map(|p| message(lang, p.code(), &p.args())))
                .collect();
            let warnings = found.warnings.iter().map(|p| message(lang, p.code(), &p.args())).collect();
            let later = found
                .later
                .iter()
                .map(|c| {
                    let args = [
                        ("acta", c.acta.clone()),
                        ("key", c.key.clone()),
                        ("sealed", c.sealed.clone()),
                        ("now", c.now.clone()),
                    ];
                    message(lang, "acta-later-change", &args)
                })
                .collect();
            let root = found.scope.clone().unwrap_or_default();
            let actas: usize = found.bodies.iter().map(|(_, n)| n).sum();
            let summary = cabildo_i18n::tr(
                lang,
                "leader-verify-summary",
                &[("body", root), ("actas", actas.to_string()), ("bodies", found.bodies.len().to_string())],
            );
            let with_findings = found
                .with_findings
                .iter()
                .map(|(body, n)| {
                    cabildo_i18n::tr(
                        lang,
                        "leader-verify-body-findings",
                        &[("body", body.clone()), ("count", n.to_string())],
                    )
                })
                .collect();
            let bodies = found
                .bodies
                .into_iter()
                .zip(found.heads)
                .map(|((label, n), (_, code, head))| (label, n, format!("{code}={head}")))
                .collect();
            Ok(render(&VerifyPage {
                pin,
                pin_holds,
                page: viewer.chrome(path),
                id,
                bodies,
                problems,
                warnings,
                later,
                summary,
                with_findings,
            }))
        }
        Err(e) => Err(page_error(viewer.lang, &path, e)),
    }
}
