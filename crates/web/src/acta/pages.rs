//! An assembly's acta (notes, signatures, sealing) and the verification of a body's sealed
//! actas.

use std::collections::HashMap;

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use cabildo_domain::assembly::{AssemblyId, AttendanceStatus};
use cabildo_i18n::{message, tr};
use cabildo_services::access::Attempt;
use cabildo_services::acta::{self, ActaView, SignatureRecord, SignedAs};
use cabildo_services::assembly::MotionView;

use crate::http::csrf::CsrfForm;
use crate::http::error::page_error;
use crate::http::status::{not_about_the_form, status_of, text_of};
use crate::http::{ClientAddr, Fields, Page, Path, Viewer, WebError};
use crate::state::AppState;
use crate::ui::text::{name, quorum_line, quorum_words, term_words};
use crate::ui::{Chrome, render};

#[derive(Template)]
#[template(path = "acta/acta.html")]
pub(super) struct ActaPage {
    page: Chrome,
    a: ActaView,
    roles: Vec<(String, String)>,
    form: Fields,
    /// What the statute the assembly opened under says of recalls.
    recall: cabildo_domain::recall::RecallTerms,
}

impl ActaPage {
    fn recall_rule(&self) -> String {
        crate::ui::text::recall_words(self.page.lang, &self.recall).0
    }

    fn recall_share(&self) -> String {
        crate::ui::text::recall_words(self.page.lang, &self.recall).1
    }

    fn sealed(&self) -> bool {
        self.a.acta.status == cabildo_domain::assembly::ActaStatus::Sealed
    }

    /// A required signer as people read it: the office, or (actas sealed with roles) the role.
    fn signer_name(&self, key: &str) -> String {
        if self.a.content.version() >= 2 { key.to_string() } else { name(&self.page.lang, "asm-role", key) }
    }

    /// "Jhonny Yupanqui, Secretario de Actas" (or the account and its role, for actas signed
    /// before signers were offices).
    fn signed_by(&self, s: &SignatureRecord) -> String {
        match &s.signed_as {
            SignedAs::Office { office, name, .. } => format!("{}, {office}", name.display()),
            SignedAs::Role(role) => format!("{}, {}", s.signer, name(&self.page.lang, "asm-role", role.code())),
        }
    }

    /// For each signer the acta needs: who signed digitally (if anyone has, validly or not) and
    /// the office, with a line under it for the handwritten signature or thumbprint.
    fn signature_blocks(&self) -> Vec<(String, Option<&SignatureRecord>)> {
        self.a
            .required
            .iter()
            .map(|key| (self.signer_name(key), self.a.signatures.iter().find(|s| s.signed_as.key() == key)))
            .collect()
    }

    fn signed_at(&self, s: &SignatureRecord) -> String {
        tr(self.page.lang, "acta-signed-digitally", &[("at", crate::ui::text::moment(&s.signed_at))])
    }

    fn statute_title(&self) -> String {
        match self.a.view.statute.version {
            0 => self.page.t("acta-statute-default"),
            v => tr(self.page.lang, "acta-statute-version", &[("version", v.to_string())]),
        }
    }

    fn quorum_rule(&self) -> String {
        quorum_words(self.page.lang, self.a.view.statute.quorum)
    }

    fn fine(&self) -> String {
        match self.a.view.statute.absence_fine {
            0 => self.page.t("acta-no-fine"),
            c => crate::ui::text::amount(&c),
        }
    }

    fn term(&self) -> String {
        term_words(self.page.lang, &self.a.view.statute)
    }

    fn signers(&self) -> String {
        self.a.required.iter().map(|k| self.signer_name(k)).collect::<Vec<_>>().join(", ")
    }

    fn opened(&self) -> String {
        self.a.view.assembly.opened_at.map_or_else(|| self.page.t("acta-not-yet"), |t| crate::ui::text::moment(&t))
    }

    fn closed(&self) -> String {
        self.a.view.assembly.closed_at.map_or_else(|| self.page.t("acta-not-yet"), |t| crate::ui::text::moment(&t))
    }

    /// "Elegido: Juana Mamani, Secretario General, del 30/11/2026 al 29/11/2028."
    fn elected(&self, m: &MotionView) -> Option<String> {
        let winner = m.elected.as_ref()?;
        let office = m.motion.office_title.clone().unwrap_or_else(|| m.motion.title.clone());
        let start = self.a.view.assembly.scheduled_for.format("%d/%m/%Y").to_string();
        let mut args = vec![("name", winner.name.display()), ("office", office), ("start", start)];
        Some(match m.motion.term_end {
            Some(end) => {
                args.push(("end", end.format("%d/%m/%Y").to_string()));
                tr(self.page.lang, "acta-elected", &args)
            }
            None => tr(self.page.lang, "acta-elected-open", &args),
        })
    }

    /// The attendance by status, in the order an acta lists it: each heading with its count and
    /// the names.
    fn attendance_groups(&self) -> Vec<(String, Vec<String>)> {
        let all = self.a.view.attendance.as_deref().unwrap_or_default();
        [
            (AttendanceStatus::Present, "acta-attendance-present"),
            (AttendanceStatus::Late, "acta-attendance-late"),
            (AttendanceStatus::Excused, "acta-attendance-excused"),
            (AttendanceStatus::Absent, "acta-attendance-absent"),
        ]
        .into_iter()
        .filter_map(|(status, id)| {
            let names: Vec<String> = all.iter().filter(|r| r.status == status).map(|r| r.name.display()).collect();
            (!names.is_empty()).then(|| (tr(self.page.lang, id, &[("count", names.len().to_string())]), names))
        })
        .collect()
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
    let read = move |store: &cabildo_services::Store| {
        Ok((
            acta::view(store, &ctx, AssemblyId(id))?,
            cabildo_services::assembly::assembly_recall_terms(store, &ctx, AssemblyId(id))?,
        ))
    };
    match state.run(read).await {
        Ok((a, recall)) => {
            let form = form.unwrap_or_else(|| {
                let office = a.missing.first().or(a.required.first()).cloned().unwrap_or_default();
                Fields::new(
                    viewer.lang,
                    HashMap::from([("notes".to_string(), a.acta.notes.clone()), ("role".to_string(), office)]),
                )
            });
            // A draft is always in the current format: its signers are offices. Only those the
            // viewer's linked person holds are offered: someone who holds none sees no form.
            let roles = a.mine.iter().map(|o| (o.clone(), o.clone())).collect();
            Ok((status, render(&ActaPage { page: viewer.chrome(path), a, roles, form, recall })).into_response())
        }
        Err(e) => Err(page_error(viewer.lang, &path, e)),
    }
}

pub(super) async fn acta_page(Page { state, viewer }: Page, Path(id): Path<i64>) -> Result<Response, WebError> {
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
        "sign" => {
            let office = values.get("role").cloned().unwrap_or_default();
            let cost = state.password_cost;
            let password = values.get("password").cloned().unwrap_or_default();
            let (limiter, address) = (state.limiter.clone(), addr.key());
            state
                .run(move |store| {
                    let attempt = Attempt { limiter: &limiter, address: &address };
                    acta::sign(store, &ctx, cost, attempt, assembly, &office, &password)
                })
                .await
        }
        "seal" => state.run(move |store| acta::seal(store, &ctx, assembly).map(drop)).await,
        _ => Err(cabildo_services::ServiceError::Assembly(cabildo_services::error::Refusal::NoActa)),
    };
    match result {
        Ok(()) => Ok(Redirect::to(&path).into_response()),
        Err(e) if not_about_the_form(&e) => Err(page_error(viewer.lang, &path, e)),
        Err(e) => {
            let mut values = values;
            values.remove("password");
            let mut form = Fields::new(viewer.lang, values);
            form.general = Some(text_of(viewer.lang, &e));
            if matches!(
                e,
                cabildo_services::ServiceError::BadCredentials | cabildo_services::ServiceError::TooManyAttempts { .. }
            ) {
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

pub(super) async fn verify_page(Page { state, viewer }: Page, Path(id): Path<i64>) -> Result<Response, WebError> {
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
