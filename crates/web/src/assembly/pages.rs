//! An assembly's pages: a body's assemblies and convening one, the statute, an assembly with its
//! motions and elections, the notice for the radio and the Atom feed.

use std::collections::HashMap;

use askama::Template;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use cabildo_domain::assembly::{AssemblyId, AssemblyStatus, MotionKind, MotionStatus, format_amount};
use cabildo_domain::{Body, Field, PersonId};
use cabildo_i18n::tr;
use cabildo_services::assembly::{self, AssemblyRecord, AssemblyView, AttendanceRecord, StatuteView};
use cabildo_services::{Ctx, ServiceError, Store};

use super::common::{Values, election_rule_options, kind_options, val};
use crate::http::csrf::{CsrfForm, NoFields};
use crate::http::error::page_error;
use crate::http::status::{not_about_the_form, status_of};
use crate::http::urls::urlencode;
use crate::http::{Fields, Path, Viewer, WebError};
use crate::state::AppState;
use crate::ui::text::{name, quorum_line, resolution, when};
use crate::ui::{Chrome, render};

#[derive(Template)]
#[template(path = "assembly/list.html")]
pub(super) struct ListPage {
    page: Chrome,
    body: Body,
    assemblies: Vec<AssemblyRecord>,
    form: Fields,
    kinds: Vec<(String, String)>,
}

pub(super) async fn list_and_render(
    state: &AppState,
    viewer: &Viewer,
    id: i64,
    form: Fields,
    status: StatusCode,
) -> Result<Response, WebError> {
    let path = format!("/bodies/{id}/assemblies");
    let ctx = viewer.ctx.clone();
    match state.run(move |store| assembly::list(store, &ctx, &id.to_string())).await {
        Ok((body, assemblies)) => {
            let page = ListPage { page: viewer.chrome(path), body, assemblies, form, kinds: kind_options(viewer.lang) };
            Ok((status, render(&page)).into_response())
        }
        Err(e) => Err(page_error(viewer.lang, &path, e)),
    }
}

pub(super) async fn list_page(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let form = Fields::new(viewer.lang, HashMap::from([("assembly_kind".to_string(), "ordinaria".to_string())]));
    list_and_render(&state, &viewer, id, form, StatusCode::OK).await
}

pub(super) async fn convene(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm(viewer, values): CsrfForm<Values>,
) -> Result<Response, WebError> {
    let form = assembly::ConveneForm {
        kind: val(&values, "assembly_kind"),
        title: val(&values, "assembly_title"),
        scheduled_for: val(&values, "scheduled_for"),
        place: val(&values, "place"),
        agenda: values.get("agenda").cloned().unwrap_or_default(),
    };
    let ctx = viewer.ctx.clone();
    match state.run(move |store| assembly::convene(store, &ctx, &id.to_string(), &form)).await {
        Ok(a) => Ok(Redirect::to(&format!("/assemblies/{}", a.id.0)).into_response()),
        Err(e) if not_about_the_form(&e) => Err(page_error(viewer.lang, &format!("/bodies/{id}/assemblies"), e)),
        Err(e) => {
            let mut form = Fields::new(viewer.lang, values);
            form.refused(&e, |_| None);
            list_and_render(&state, &viewer, id, form, status_of(&e)).await
        }
    }
}

// --- the statute ------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "assembly/statute.html")]
pub(super) struct StatutePage {
    page: Chrome,
    s: StatuteView,
    form: Fields,
}

pub(super) async fn statute_and_render(
    state: &AppState,
    viewer: &Viewer,
    id: i64,
    form: Option<Fields>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let path = format!("/bodies/{id}/statute");
    let ctx = viewer.ctx.clone();
    match state.run(move |store| assembly::statute(store, &ctx, &id.to_string())).await {
        Ok(s) => {
            let form = form.unwrap_or_else(|| {
                Fields::new(
                    viewer.lang,
                    HashMap::from([
                        ("quorum_rule".to_string(), s.current.quorum.code()),
                        ("absence_fine".to_string(), format_amount(s.current.absence_fine)),
                        ("signer_roles".to_string(), s.current.signers_code()),
                    ]),
                )
            });
            Ok((status, render(&StatutePage { page: viewer.chrome(path), s, form })).into_response())
        }
        Err(e) => Err(page_error(viewer.lang, &path, e)),
    }
}

pub(super) async fn statute_page(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    statute_and_render(&state, &viewer, id, None, StatusCode::OK).await
}

pub(super) async fn update_statute(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm(viewer, values): CsrfForm<Values>,
) -> Result<Response, WebError> {
    let form = assembly::StatuteForm {
        quorum: val(&values, "quorum_rule"),
        absence_fine: val(&values, "absence_fine"),
        signers: val(&values, "signer_roles"),
    };
    let ctx = viewer.ctx.clone();
    match state.run(move |store| assembly::update_statute(store, &ctx, &id.to_string(), &form)).await {
        Ok(_) => Ok(Redirect::to(&format!("/bodies/{id}/statute")).into_response()),
        Err(e) if not_about_the_form(&e) => Err(page_error(viewer.lang, &format!("/bodies/{id}/statute"), e)),
        Err(e) => {
            let mut form = Fields::new(viewer.lang, values);
            form.refused(&e, |_| None);
            statute_and_render(&state, &viewer, id, Some(form), status_of(&e)).await
        }
    }
}

// --- an assembly ---------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "assembly/view.html")]
pub(super) struct AssemblyPage {
    page: Chrome,
    v: AssemblyView,
    /// Those present, as candidates for an election.
    present: Vec<AttendanceRecord>,
    /// Sub-body resolutions that may be brought up: id and label.
    origins: Vec<(i64, String)>,
    /// Pending motions that may be amended: number and title.
    pending: Vec<(i64, String)>,
    motion_form: Fields,
    election_form: Fields,
    election_rules: Vec<(String, String)>,
}

impl AssemblyPage {
    fn status_name(&self) -> String {
        name(&self.page.lang, "assembly-status", self.v.assembly.status.code())
    }

    fn kind_name(&self) -> String {
        name(&self.page.lang, "assembly-kind", self.v.assembly.kind.code())
    }

    fn quorum_line(&self) -> String {
        quorum_line(self.page.lang, &self.v)
    }

    fn is(&self, status: &str) -> bool {
        self.v.assembly.status.code() == status
    }

    fn acta_sealed(&self) -> bool {
        self.v.acta.as_ref().is_some_and(|a| a.status == cabildo_domain::assembly::ActaStatus::Sealed)
    }

    /// The crowd estimate as the field shows it ("" when none).
    fn crowd_value(&self) -> String {
        self.v.crowd_estimate.map_or_else(String::new, |n| n.to_string())
    }
}

pub(super) fn present_of(v: &AssemblyView) -> Vec<AttendanceRecord> {
    v.attendance.iter().flatten().filter(|r| r.status.is_here()).cloned().collect()
}

pub(super) async fn assembly_and_render(
    state: &AppState,
    viewer: &Viewer,
    id: i64,
    motion_form: Fields,
    election_form: Fields,
    status: StatusCode,
) -> Result<Response, WebError> {
    let path = format!("/assemblies/{id}");
    let ctx = viewer.ctx.clone();
    let found = state
        .run(move |store| {
            let v = assembly::view(store, &ctx, AssemblyId(id))?;
            let origins = if v.may_run && v.assembly.status == AssemblyStatus::Open {
                assembly::sub_body_resolutions(store, &ctx, v.body.id).unwrap_or_default()
            } else {
                Vec::new()
            };
            Ok((v, origins))
        })
        .await;
    match found {
        Ok((v, origins)) => {
            let lang = viewer.lang;
            let origins = origins
                .iter()
                .map(|(b, r)| (r.id, format!("{} — {}: {}", b.name, resolution(&lang, r), r.title)))
                .collect();
            let pending = v
                .motions
                .iter()
                .filter(|m| m.motion.kind == MotionKind::Motion && m.motion.status == MotionStatus::Pending)
                .map(|m| (m.motion.number, m.motion.title.clone()))
                .collect();
            let page = AssemblyPage {
                page: viewer.chrome(path),
                present: present_of(&v),
                v,
                origins,
                pending,
                motion_form,
                election_form,
                election_rules: election_rule_options(lang),
            };
            Ok((status, render(&page)).into_response())
        }
        Err(e) => Err(page_error(viewer.lang, &path, e)),
    }
}

pub(super) async fn assembly_page(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let election = Fields::new(viewer.lang, HashMap::from([("election_rule".to_string(), "plurality".to_string())]));
    assembly_and_render(&state, &viewer, id, Fields::blank(viewer.lang), election, StatusCode::OK).await
}

/// Runs a step of an assembly that needs no input, then goes back to its page.
pub(super) async fn step(
    state: AppState,
    viewer: Viewer,
    id: i64,
    f: impl FnOnce(&Store, &Ctx) -> Result<(), ServiceError> + Send + 'static,
    back: String,
) -> Result<Response, WebError> {
    let ctx = viewer.ctx.clone();
    match state.run(move |store| f(store, &ctx)).await {
        Ok(()) => Ok(Redirect::to(&back).into_response()),
        Err(e) => Err(page_error(viewer.lang, &format!("/assemblies/{id}"), e)),
    }
}

pub(super) async fn open(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm(viewer, NoFields {}): CsrfForm<NoFields>,
) -> Result<Response, WebError> {
    let f = move |s: &_, c: &_| assembly::open(s, c, AssemblyId(id)).map(drop);
    step(state, viewer, id, f, format!("/assemblies/{id}")).await
}

pub(super) async fn close(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm(viewer, NoFields {}): CsrfForm<NoFields>,
) -> Result<Response, WebError> {
    let f = move |s: &_, c: &_| assembly::close(s, c, AssemblyId(id)).map(drop);
    step(state, viewer, id, f, format!("/assemblies/{id}")).await
}

pub(super) async fn cancel(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm(viewer, NoFields {}): CsrfForm<NoFields>,
) -> Result<Response, WebError> {
    let f = move |s: &_, c: &_| assembly::cancel(s, c, AssemblyId(id)).map(drop);
    step(state, viewer, id, f, format!("/assemblies/{id}")).await
}

pub(super) async fn add_motion(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm(viewer, values): CsrfForm<Values>,
) -> Result<Response, WebError> {
    let form = assembly::MotionForm {
        title: val(&values, "motion_title"),
        text: val(&values, "motion_text"),
        proposer: val(&values, "proposer"),
        origin: val(&values, "origin").parse().ok(),
        amends: val(&values, "amends").parse().ok(),
    };
    let ctx = viewer.ctx.clone();
    match state.run(move |store| assembly::add_motion(store, &ctx, AssemblyId(id), &form)).await {
        Ok(m) => Ok(Redirect::to(&format!("/assemblies/{id}/motions/{}", m.id.0)).into_response()),
        Err(e) if not_about_the_form(&e) => Err(page_error(viewer.lang, &format!("/assemblies/{id}"), e)),
        Err(e) => {
            let mut form = Fields::new(viewer.lang, values);
            form.refused(&e, |_| None);
            let election =
                Fields::new(viewer.lang, HashMap::from([("election_rule".to_string(), "plurality".to_string())]));
            assembly_and_render(&state, &viewer, id, form, election, status_of(&e)).await
        }
    }
}

pub(super) async fn add_election(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm(viewer, pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    // Candidates come as repeated `candidate` fields.
    let values: Values = pairs.iter().filter(|(k, _)| k != "candidate").cloned().collect();
    let candidates: Vec<PersonId> =
        pairs.iter().filter(|(k, _)| k == "candidate").filter_map(|(_, v)| v.parse().ok()).map(PersonId).collect();
    let mut form = Fields::new(viewer.lang, values.clone());
    let term_end = {
        let v = val(&values, "term_end");
        if v.is_empty() {
            Some(None)
        } else {
            match cabildo_domain::padron::parse_date(Field::TermEnd, &v) {
                Ok(d) => Some(Some(d)),
                Err(e) => {
                    form.refused(&ServiceError::Domain(e), |_| None);
                    None
                }
            }
        }
    };
    let Some(term_end) = term_end else {
        return assembly_and_render(
            &state,
            &viewer,
            id,
            Fields::blank(viewer.lang),
            form,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    let election = assembly::ElectionForm {
        office_title: val(&values, "office_title"),
        term_end,
        rule: val(&values, "election_rule"),
        candidates,
    };
    let ctx = viewer.ctx.clone();
    match state.run(move |store| assembly::add_election(store, &ctx, AssemblyId(id), &election)).await {
        Ok(m) => Ok(Redirect::to(&format!("/assemblies/{id}/motions/{}", m.id.0)).into_response()),
        Err(e) if not_about_the_form(&e) => Err(page_error(viewer.lang, &format!("/assemblies/{id}"), e)),
        Err(e) => {
            form.refused(&e, |_| None);
            assembly_and_render(&state, &viewer, id, Fields::blank(viewer.lang), form, status_of(&e)).await
        }
    }
}

// --- notice for the radio, Atom feed ------------------------------------------------------------

fn plain_text(body: String) -> Result<Response, WebError> {
    let mut response = body.into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
    Ok(response)
}

pub(super) async fn notice_text(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let ctx = viewer.ctx.clone();
    match state.run(move |store| assembly::view(store, &ctx, AssemblyId(id))).await {
        Ok(v) => {
            let lang = viewer.lang;
            let a = &v.assembly;
            let mut out = tr(
                lang,
                "asm-radio-notice",
                &[
                    ("body", v.body.name.clone()),
                    ("kind", name(&lang, "assembly-kind", a.kind.code())),
                    ("when", when(&a.scheduled_for)),
                    ("place", a.place.clone()),
                ],
            );
            out.push('\n');
            out.push_str(&a.title);
            out.push('\n');
            if !v.agenda.is_empty() {
                out.push_str(&tr(lang, "asm-agenda", &[]));
                out.push_str(":\n");
                for (i, item) in v.agenda.iter().enumerate() {
                    out.push_str(&format!("{}. {item}\n", i + 1));
                }
            }
            if a.status == AssemblyStatus::Cancelled {
                out.push_str(&name(&lang, "assembly-status", a.status.code()));
                out.push('\n');
            }
            plain_text(out)
        }
        Err(e) => Err(page_error(viewer.lang, &format!("/assemblies/{id}/notice.txt"), e)),
    }
}

fn xml(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn rfc3339(at: i64) -> String {
    chrono::DateTime::from_timestamp(at, 0)
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
        .unwrap_or_default()
}

pub(super) async fn atom_feed(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(code): Path<String>,
) -> Result<Response, WebError> {
    let lookup = code.clone();
    match state.run(move |store| assembly::public_assemblies(store, &lookup)).await {
        Ok((body, list, head)) => {
            let lang = viewer.lang;
            let updated = list.iter().map(|(a, _)| a.convened_at).max().unwrap_or(0);
            let mut out = String::from(
                "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n",
            );
            out.push_str(&format!("<id>urn:cabildo:body:{}:assemblies</id>\n", xml(&body.code)));
            out.push_str(&format!(
                "<title>{}</title>\n",
                xml(&tr(lang, "asm-feed-title", &[("body", body.name.clone())]))
            ));
            out.push_str(&format!("<updated>{}</updated>\n", rfc3339(updated)));
            out.push_str(&format!("<author><name>{}</name></author>\n", xml(&body.name)));
            out.push_str(&format!("<link href=\"/p/{}\"/>\n", xml(&urlencode(&body.code))));
            if head.count > 0 {
                // The head of the body's chain of sealed actas: whoever reads the feed keeps it.
                let text = format!(
                    "{}: {}={head}",
                    tr(lang, "asm-chain-head-so-far", &[("count", head.count.to_string())]),
                    body.code
                );
                out.push_str(&format!("<subtitle>{}</subtitle>\n", xml(&text)));
            }
            for (a, agenda) in &list {
                let mut text = format!(
                    "{} · {} · {}",
                    name(&lang, "assembly-kind", a.kind.code()),
                    when(&a.scheduled_for),
                    a.place
                );
                for (i, item) in agenda.iter().enumerate() {
                    text.push_str(&format!("\n{}. {item}", i + 1));
                }
                out.push_str("<entry>\n");
                out.push_str(&format!("<id>urn:cabildo:assembly:{}</id>\n", a.id.0));
                out.push_str(&format!("<title>{}</title>\n", xml(&a.title)));
                out.push_str(&format!("<updated>{}</updated>\n", rfc3339(a.convened_at)));
                out.push_str(&format!("<content type=\"text\">{}</content>\n", xml(&text)));
                out.push_str("</entry>\n");
            }
            out.push_str("</feed>\n");
            let mut response = out.into_response();
            response
                .headers_mut()
                .insert(header::CONTENT_TYPE, HeaderValue::from_static("application/atom+xml; charset=utf-8"));
            Ok(response)
        }
        Err(e) => Err(page_error(viewer.lang, &format!("/bodies/{code}/assemblies.atom"), e)),
    }
}
