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
use crate::http::respond::{FormWrite, load, write_form};
use crate::http::urls::{public_base, urlencode};
use crate::http::{Fields, Page, Path, Viewer, WebError};
use crate::state::AppState;
use crate::ui::text::{name, quorum_line, resolution, when};
use crate::ui::{Chrome, render};

#[derive(Template)]
#[template(path = "assembly/list.html")]
pub(super) struct ListPage {
    page: Chrome,
    body: Body,
    /// Each assembly with where its acta stands.
    assemblies: Vec<(AssemblyRecord, cabildo_services::leader::ActaMark)>,
    /// Whether the viewer may convene (the form is shown only then).
    may_convene: bool,
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
    let l = load(state, viewer, &path, move |store, ctx| {
        cabildo_services::leader::assembly_listing(store, ctx, &id.to_string())
    })
    .await?;
    let page = ListPage {
        page: viewer.chrome(path),
        body: l.body,
        assemblies: l.assemblies,
        may_convene: l.may_convene,
        form,
        kinds: kind_options(viewer.lang),
    };
    Ok((status, render(&page)).into_response())
}

pub(super) async fn list_page(Page { state, viewer }: Page, Path(id): Path<i64>) -> Result<Response, WebError> {
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
    if let Err(problems) = form.read() {
        let mut fields = Fields::new(viewer.lang, values);
        fields.problems(problems);
        return list_and_render(&state, &viewer, id, fields, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let (path, fields) = (format!("/bodies/{id}/assemblies"), Fields::new(viewer.lang, values));
    let convene = move |store: &Store, ctx: &Ctx| assembly::convene(store, ctx, &id.to_string(), &form);
    match write_form(&state, &viewer, &path, fields, |_| None, convene).await? {
        FormWrite::Done(a) => Ok(Redirect::to(&format!("/assemblies/{}", a.id.0)).into_response()),
        FormWrite::Again(form, status) => list_and_render(&state, &viewer, id, form, status).await,
    }
}

// --- the statute ------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "assembly/statute.html")]
pub(super) struct StatutePage {
    page: Chrome,
    s: StatuteView,
    form: Fields,
    /// The decision rules a recall may be voted by.
    rules: Vec<(String, String)>,
}

impl StatutePage {
    fn recall_rule(&self) -> String {
        crate::ui::text::recall_words(self.page.lang, &self.s.recall).0
    }

    fn recall_share(&self) -> String {
        crate::ui::text::recall_words(self.page.lang, &self.s.recall).1
    }

    fn quorum_words(&self, rule: &cabildo_domain::assembly::QuorumRule) -> String {
        crate::ui::text::quorum_words(self.page.lang, *rule)
    }

    fn term_words(&self, statute: &cabildo_domain::assembly::Statute) -> String {
        crate::ui::text::term_words(self.page.lang, statute)
    }

    fn fine(&self, centavos: &i64) -> String {
        match centavos {
            0 => self.page.t("acta-no-fine"),
            c => crate::ui::text::amount(c),
        }
    }

    /// Who signs a version: its offices, or for versions from before offices, its roles.
    fn signers(&self, statute: &cabildo_domain::assembly::Statute) -> String {
        statute.signer_offices.join(", ")
    }

    fn resolution_label(&self, r: &cabildo_services::assembly::StatuteResolution) -> String {
        let number =
            tr(self.page.lang, "resolution-number", &[("number", r.number.to_string()), ("year", r.year.to_string())]);
        format!("{number}: {}", r.title)
    }

    fn resolution_option(&self, r: &cabildo_services::assembly::ResolutionRecord) -> String {
        format!("{}: {}", resolution(&self.page.lang, r), r.title)
    }
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
                        ("absence_fine".to_string(), format_amount(s.current.absence_fine).replace('.', ",")),
                        ("signer_offices".to_string(), s.current.signer_offices_text()),
                        ("term_years".to_string(), s.current.term_years.to_string()),
                        ("recall_rule".to_string(), s.recall.rule.code().to_string()),
                        ("recall_share".to_string(), s.recall.share.map_or_else(String::new, |v| v.to_string())),
                        ("recall_window".to_string(), s.recall.window_days.to_string()),
                    ]),
                )
            });
            let rules = super::common::rule_options(viewer.lang);
            Ok((status, render(&StatutePage { page: viewer.chrome(path), s, form, rules })).into_response())
        }
        Err(e) => Err(page_error(viewer.lang, &path, e)),
    }
}

pub(super) async fn statute_page(Page { state, viewer }: Page, Path(id): Path<i64>) -> Result<Response, WebError> {
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
        signers: values.get("signer_offices").cloned().unwrap_or_default(),
        term_years: val(&values, "term_years"),
        resolution: val(&values, "resolution").parse().ok(),
        recall_rule: val(&values, "recall_rule"),
        recall_share: val(&values, "recall_share"),
        recall_window: val(&values, "recall_window"),
    };
    let (path, fields) = (format!("/bodies/{id}/statute"), Fields::new(viewer.lang, values));
    let update = move |store: &Store, ctx: &Ctx| assembly::update_statute(store, ctx, &id.to_string(), &form);
    match write_form(&state, &viewer, &path, fields, |_| None, update).await? {
        FormWrite::Done(_) => Ok(Redirect::to(&path).into_response()),
        FormWrite::Again(form, status) => statute_and_render(&state, &viewer, id, Some(form), status).await,
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

    /// Who convenes: "Juana Mamani, Secretaria General", or the directiva when the convening
    /// account was not linked to an office holder.
    fn convener(&self) -> String {
        match &self.v.convener {
            Some(c) => format!("{}, {}", c.name.display(), c.office),
            None => self.page.t("acta-convenes-directiva"),
        }
    }

    fn fine(&self) -> String {
        match self.v.statute.absence_fine {
            0 => self.page.t("acta-no-fine"),
            c => crate::ui::text::amount(&c),
        }
    }

    /// Where the body stands on an open consulta: answered (in which assembly, on which day), or
    /// not yet, by when.
    fn consulta_state(&self, n: &cabildo_services::consulta::ConsultaNotice) -> String {
        consulta_state(self.page.lang, n)
    }

    /// What an empty term end means: the statute's gestión from the assembly's day.
    fn term_hint(&self) -> String {
        let day = self.v.assembly.scheduled_for.date();
        let end = self.v.statute.term_end(day).map_or_else(String::new, |d| d.format("%d/%m/%Y").to_string());
        let years = crate::ui::text::term_words(self.page.lang, &self.v.statute);
        tr(self.page.lang, "acta-term-placeholder", &[("end", end), ("years", years)])
    }
}

/// "Respondida en «Asamblea ordinaria» del 12/12/2026" or "Sin responder; plazo: 15/12/2026".
pub(super) fn consulta_state(lang: cabildo_i18n::Lang, n: &cabildo_services::consulta::ConsultaNotice) -> String {
    let deadline = n.consulta.deadline.format("%d/%m/%Y").to_string();
    match &n.answer {
        Some(a) => tr(
            lang,
            if a.late { "consulta-answered-late" } else { "consulta-answered-in" },
            &[("assembly", a.assembly_title.clone()), ("date", a.scheduled_for.format("%d/%m/%Y").to_string())],
        ),
        None if n.overdue => tr(lang, "consulta-unanswered-overdue", &[("deadline", deadline)]),
        None => tr(lang, "consulta-unanswered", &[("deadline", deadline)]),
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

pub(super) async fn assembly_page(Page { state, viewer }: Page, Path(id): Path<i64>) -> Result<Response, WebError> {
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
    load(&state, &viewer, &format!("/assemblies/{id}"), f).await?;
    Ok(Redirect::to(&back).into_response())
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
    if let Some(problems) = form.problems() {
        let mut fields = Fields::new(viewer.lang, values);
        fields.problems(problems);
        let election =
            Fields::new(viewer.lang, HashMap::from([("election_rule".to_string(), "plurality".to_string())]));
        return assembly_and_render(&state, &viewer, id, fields, election, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let (path, fields) = (format!("/assemblies/{id}"), Fields::new(viewer.lang, values));
    let add = move |store: &Store, ctx: &Ctx| assembly::add_motion(store, ctx, AssemblyId(id), &form);
    match write_form(&state, &viewer, &path, fields, |_| None, add).await? {
        FormWrite::Done(m) => Ok(Redirect::to(&format!("{path}/motions/{}", m.id.0)).into_response()),
        FormWrite::Again(form, status) => {
            let election =
                Fields::new(viewer.lang, HashMap::from([("election_rule".to_string(), "plurality".to_string())]));
            assembly_and_render(&state, &viewer, id, form, election, status).await
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
    let election = assembly::ElectionForm {
        office_title: val(&values, "office_title"),
        term_end: term_end.flatten(),
        rule: val(&values, "election_rule"),
        candidates,
    };
    // Every problem at once: the term end read above, then the office and the rule.
    if let Some(problems) = election.problems() {
        form.problems(problems);
    }
    if term_end.is_none() || !form.is_clean() {
        return assembly_and_render(
            &state,
            &viewer,
            id,
            Fields::blank(viewer.lang),
            form,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let path = format!("/assemblies/{id}");
    let add = move |store: &Store, ctx: &Ctx| assembly::add_election(store, ctx, AssemblyId(id), &election);
    match write_form(&state, &viewer, &path, form, |_| None, add).await? {
        FormWrite::Done(m) => Ok(Redirect::to(&format!("{path}/motions/{}", m.id.0)).into_response()),
        FormWrite::Again(form, status) => {
            assembly_and_render(&state, &viewer, id, Fields::blank(viewer.lang), form, status).await
        }
    }
}

// --- notice for the radio, Atom feed ------------------------------------------------------------

fn plain_text(body: String) -> Result<Response, WebError> {
    let mut response = body.into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
    Ok(response)
}

pub(super) async fn notice_text(Page { state, viewer }: Page, Path(id): Path<i64>) -> Result<Response, WebError> {
    let ctx = viewer.ctx.clone();
    match state.run(move |store| assembly::view(store, &ctx, AssemblyId(id))).await {
        Ok(v) => {
            let lang = viewer.lang;
            let a = &v.assembly;
            let speech = match lang {
                cabildo_i18n::Lang::Es => cabildo_domain::spoken::Speech::Spanish,
                cabildo_i18n::Lang::En => cabildo_domain::spoken::Speech::English,
            };
            // The body as people name it on the radio: with its central and its federation.
            let mut body = v.body.name.clone();
            for above in &v.above {
                body.push_str(", ");
                body.push_str(&above.name);
            }
            let mut out = tr(
                lang,
                "asm-radio-notice",
                &[
                    ("body", body),
                    ("kind", name(&lang, "assembly-kind", a.kind.code()).to_lowercase()),
                    ("when", cabildo_domain::spoken::day_and_time(speech, &a.scheduled_for)),
                    ("place", a.place.clone()),
                ],
            );
            out.push('\n');
            out.push_str(&a.title);
            out.push('\n');
            if let Some(c) = &v.convener {
                let who = format!("{}, {}", c.name.display(), c.office);
                out.push_str(&tr(lang, "acta-radio-convenes", &[("who", who)]));
                out.push('\n');
            }
            if v.statute.absence_fine > 0 {
                let amount = format_amount(v.statute.absence_fine).replace('.', ",");
                let amount = amount.strip_suffix(",00").map_or(amount.clone(), str::to_string);
                out.push_str(&tr(lang, "acta-radio-fine", &[("amount", amount)]));
                out.push('\n');
            }
            if !v.agenda.is_empty() {
                out.push_str(&tr(lang, "acta-radio-agenda", &[]));
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
    Page { state, viewer }: Page,
    headers: axum::http::HeaderMap,
    Path(code): Path<String>,
) -> Result<Response, WebError> {
    // Atom wants absolute links (RFC 4287 §4.2.7): the feed is read far from this site.
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let base = public_base(state.public_url.as_deref(), host, state.secure_cookies);
    let lookup = code.clone();
    let today = viewer.ctx.today;
    let found = state
        .run(move |store| {
            let (body, list, head) = assembly::public_assemblies(store, &lookup)?;
            // The instructions from above the body has not acknowledged yet: its bases read them.
            let instructions = cabildo_services::instructions::public_pending(store, &lookup)?;
            let consultas = cabildo_services::consulta::public_notices(store, &lookup, today)?;
            let deviations = cabildo_services::mandates::public_deviations(store, &lookup)?;
            // The petitions it raised or that passed through it, with the authority's replies.
            let petitions = cabildo_services::petitions::public_for_body(store, &lookup, today)?;
            Ok::<_, ServiceError>((body, list, head, instructions, consultas, deviations, petitions))
        })
        .await;
    match found {
        Ok((body, list, head, instructions, consultas, deviations, petitions)) => {
            let lang = viewer.lang;
            let updated = list
                .iter()
                .map(|(a, _)| a.convened_at)
                .chain(instructions.iter().map(|i| i.record.sent_at))
                .chain(deviations.iter().filter_map(|d| d.vote.motion.closed_at))
                .max()
                .unwrap_or(0);
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
            let code_path = urlencode(&body.code);
            out.push_str(&format!(
                "<link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
                xml(&format!("{base}/bodies/{code_path}/assemblies.atom"))
            ));
            out.push_str(&format!(
                "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
                xml(&format!("{base}/p/{code_path}"))
            ));
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
                out.push_str(&format!(
                    "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
                    xml(&format!("{base}/p/{code_path}#assembly-{}", a.id.0))
                ));
                out.push_str(&format!("<content type=\"text\">{}</content>\n", xml(&text)));
                out.push_str("</entry>\n");
            }
            // Recalls of the body's officers, and those it is a base of: under way, then decided.
            let (code, today) = (body.code.clone(), viewer.ctx.today);
            let recalls = state.run(move |store| assembly::public_recalls(store, &code, today)).await;
            let recalls = match recalls {
                Ok(recalls) => recalls,
                Err(e) => return Err(page_error(lang, &format!("/bodies/{}/assemblies.atom", body.code), e)),
            };
            for l in recalls {
                let args = [
                    ("holder", l.office.holder.display()),
                    ("office", l.office.title.clone()),
                    ("body", l.body.clone()),
                    ("status", name(&lang, "recall-status", l.status.code())),
                    ("adopted", l.adopted.to_string()),
                    ("needed", l.needed.to_string()),
                    ("closes", l.recall.closes_on.format("%d/%m/%Y").to_string()),
                ];
                out.push_str("<entry>\n");
                out.push_str(&format!("<id>urn:cabildo:recall:{}</id>\n", l.recall.public_id));
                out.push_str(&format!("<title>{}</title>\n", xml(&tr(lang, "recall-feed-title", &args))));
                out.push_str(&format!("<updated>{}</updated>\n", rfc3339(l.recall.opened_at)));
                out.push_str(&format!(
                    "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
                    xml(&format!("{base}/recalls/{}", l.recall.id))
                ));
                out.push_str(&format!(
                    "<content type=\"text\">{}</content>\n",
                    xml(&tr(lang, "recall-feed-text", &args))
                ));
                out.push_str("</entry>\n");
            }
            for i in &instructions {
                let number = cabildo_services::instructions::resolution_number(&i.resolution);
                let title = tr(lang, "instr-feed-entry", &[("sender", i.sender.name.clone()), ("number", number)]);
                out.push_str("<entry>\n");
                out.push_str(&format!("<id>urn:cabildo:instruction:{}</id>\n", i.record.public_id));
                out.push_str(&format!("<title>{}</title>\n", xml(&title)));
                out.push_str(&format!("<updated>{}</updated>\n", rfc3339(i.record.sent_at)));
                out.push_str(&format!(
                    "<content type=\"text\">{}</content>\n",
                    xml(&format!("{}\n{}", i.resolution.title, i.resolution.text))
                ));
                out.push_str("</entry>\n");
            }
            for p in &petitions {
                let mut text = format!(
                    "{} → {} · {}",
                    p.origin.name,
                    p.holder.name,
                    name(&lang, "petition-standing", p.standing.code())
                );
                let mut updated = p.record.addressed_at.unwrap_or(p.record.raised_at);
                if let Some(r) = &p.last_reply {
                    updated = updated.max(r.recorded_at);
                    text.push_str(&format!(
                        "\n{} ({})",
                        name(&lang, "petition-reply", r.kind.code()),
                        r.received_on.format("%d/%m/%Y")
                    ));
                    if let Some(at) = &r.meeting_at {
                        let place = r.meeting_place.clone().unwrap_or_default();
                        text.push_str(&format!(
                            "\n{}",
                            tr(lang, "petition-meeting-at", &[("at", at.clone()), ("place", place)])
                        ));
                    }
                    if !r.text.is_empty() {
                        text.push_str(&format!("\n{}", r.text));
                    }
                }
                out.push_str("<entry>\n");
                out.push_str(&format!("<id>urn:cabildo:petition:{}</id>\n", p.record.public_id));
                out.push_str(&format!(
                    "<title>{}</title>\n",
                    xml(&tr(lang, "petition-feed-title", &[("title", p.record.title.clone())]))
                ));
                out.push_str(&format!("<updated>{}</updated>\n", rfc3339(updated)));
                out.push_str(&format!(
                    "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
                    xml(&format!("{base}/p/{code_path}#petition-{}", p.record.id.0))
                ));
                out.push_str(&format!("<content type=\"text\">{}</content>\n", xml(&text)));
                out.push_str("</entry>\n");
            }
            // The open consultas that reach the body, like convocatorias: what is asked, by whom, by when.
            for n in &consultas {
                let text = format!("{} · {}", n.launcher.name, consulta_state(lang, n));
                out.push_str("<entry>\n");
                out.push_str(&format!("<id>urn:cabildo:consulta:{}</id>\n", n.consulta.public_id));
                out.push_str(&format!(
                    "<title>{}</title>\n",
                    xml(&tr(lang, "consulta-feed-title", &[("question", n.consulta.question.clone())]))
                ));
                out.push_str(&format!("<updated>{}</updated>\n", rfc3339(n.consulta.launched_at)));
                out.push_str(&format!(
                    "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
                    xml(&format!("{base}/p/{code_path}#consulta-{}", n.consulta.id.0))
                ));
                out.push_str(&format!("<content type=\"text\">{}</content>\n", xml(&text)));
                out.push_str("</entry>\n");
            }
            // Every mandate its delegates broke, naming the delegate, the item, the mandate and the vote.
            for d in &deviations {
                out.push_str("<entry>\n");
                out.push_str(&format!(
                    "<id>urn:cabildo:mandate:{}:motion:{}:person:{}</id>\n",
                    d.report.record.id, d.vote.motion.public_id, d.delegate.person_id.0
                ));
                out.push_str(&format!("<title>{}</title>\n", xml(&crate::ui::text::deviation_title(&lang, d))));
                out.push_str(&format!("<updated>{}</updated>\n", rfc3339(d.vote.motion.closed_at.unwrap_or(0))));
                out.push_str(&format!(
                    "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
                    xml(&format!("{base}/bodies/{}/mandates#mandate-{}", body.id.0, d.report.record.id))
                ));
                out.push_str(&format!(
                    "<content type=\"text\">{}</content>\n",
                    xml(&crate::ui::text::deviation(&lang, d))
                ));
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
