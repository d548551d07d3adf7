//! Assemblies: convocatoria and its printable notice, radio text and Atom feed; the statute; the
//! door (check-in) and member cards; motions, elections and their votes by four methods;
//! anonymous secret ballots and phone votes; the live projector view; the acta and its
//! verification. Handlers parse, call one service with the viewer's `Ctx`, and render.

use std::collections::HashMap;

use askama::Template;
use axum::extract::State;

use crate::extract::{Form, Path, Query};
use axum::Router;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use cabildo_domain::access::Role;
use cabildo_domain::assembly::{
    AssemblyId, AssemblyKind, AssemblyStatus, BallotOption, DecisionRule, ElectionRule, MotionId, VoteMethod,
    format_amount,
};
use cabildo_domain::{Body, DomainError, Field, HouseholdId, PersonId};
use cabildo_i18n::{Lang, message, tr};
use cabildo_services::ServiceError;
use cabildo_services::acta::{self, ActaView};
use cabildo_services::assembly::{self, AssemblyView, Attendee, DoorLine, MotionView, PhoneAnswer, StatuteView};
use cabildo_store::{AssemblyRecord, AttendanceRecord, MotionKind, MotionStatus, ResolutionRecord};
use serde::Deserialize;

use crate::AppState;
use crate::error::{WebError, render, status_of, text_of, urlencode};
use crate::forms::refuse_cross_site;
use crate::pages::Chrome;
use crate::viewer::Viewer;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/bodies/{id}/assemblies", get(list_page).post(convene))
        .route("/bodies/{id}/assemblies.atom", get(atom_feed))
        .route("/bodies/{id}/statute", get(statute_page).post(update_statute))
        .route("/bodies/{id}/verify", get(verify_page))
        .route("/assemblies/{id}", get(assembly_page))
        .route("/assemblies/{id}/notice.txt", get(notice_text))
        .route("/assemblies/{id}/open", post(open))
        .route("/assemblies/{id}/close", post(close))
        .route("/assemblies/{id}/cancel", post(cancel))
        .route("/assemblies/{id}/tickets", post(tickets))
        .route("/assemblies/{id}/door", get(door_page).post(check_in))
        .route("/assemblies/{id}/cards", get(cards_page))
        .route("/assemblies/{id}/motions", post(add_motion))
        .route("/assemblies/{id}/elections", post(add_election))
        .route("/assemblies/{id}/motions/{m}", get(motion_page))
        .route("/assemblies/{id}/motions/{m}/{action}", post(motion_action))
        .route("/assemblies/{id}/live", get(live_page))
        .route("/assemblies/{id}/events", get(live_events))
        .route("/assemblies/{id}/acta", get(acta_page))
        .route("/assemblies/{id}/acta/{action}", post(acta_action))
        .route("/ballot", get(ballot_page).post(cast_ballot))
        .route("/vote/{motion}", get(phone_page).post(phone_vote))
}

// --- helpers shared by the templates ---------------------------------------------------------

/// A translated name of a coded value: `name(lang, "outcome", "adopted")` → "Aprobada".
pub fn name(lang: &Lang, prefix: &str, code: impl std::fmt::Display) -> String {
    tr(*lang, &format!("{prefix}-{code}"), &[])
}

/// The text of a page message with one argument.
pub fn tr1(lang: &Lang, id: &str, key: &'static str, value: impl std::fmt::Display) -> String {
    tr(*lang, id, &[(key, value.to_string())])
}

/// "Resolución 3/2026".
pub fn resolution(lang: &Lang, r: &ResolutionRecord) -> String {
    tr(*lang, "resolution-number", &[("number", r.number.to_string()), ("year", r.year.to_string())])
}

/// The option name of a vote count: a choice, or a candidate's name.
pub fn option_name(lang: &Lang, m: &MotionView, option: &str) -> String {
    if let Some(c) = m.candidates.iter().find(|c| format!("c{}", c.id) == option) {
        return c.name.display();
    }
    name(lang, "choice", option)
}

/// A meeting's date and time as people write it.
pub fn when(at: &cabildo_store::DateTime) -> String {
    at.format("%d/%m/%Y %H:%M").to_string()
}

/// A moment (Unix seconds) in local time.
pub fn moment(at: &i64) -> String {
    chrono::DateTime::from_timestamp(*at, 0)
        .map(|t| t.with_timezone(&chrono::Local).format("%d/%m/%Y %H:%M").to_string())
        .unwrap_or_default()
}

pub fn amount(centavos: &i64) -> String {
    format!("Bs {}", format_amount(*centavos))
}

/// The values of a form and the problems found, per field (a field's name is its `Field` id).
#[derive(Default)]
pub struct FormState {
    values: HashMap<String, String>,
    errors: HashMap<String, String>,
    pub general: Option<String>,
}

impl FormState {
    fn with(values: HashMap<String, String>) -> FormState {
        FormState { values, ..FormState::default() }
    }

    pub fn v(&self, name: &str) -> &str {
        self.values.get(name).map_or("", String::as_str)
    }

    pub fn e(&self, name: &str) -> Option<String> {
        self.errors.get(name).cloned()
    }

    /// Puts a refusal next to its field, or above the form.
    fn refused(&mut self, lang: Lang, error: &ServiceError) {
        let text = text_of(lang, error);
        let field = match error {
            ServiceError::Domain(e) => e.field().map(Field::id),
            _ => None,
        };
        match field {
            Some(f) if self.values.contains_key(f) => {
                self.errors.insert(f.to_string(), text);
            }
            _ => self.general = Some(text),
        }
    }
}

type Values = HashMap<String, String>;

fn val(values: &Values, name: &str) -> String {
    values.get(name).map_or_else(String::new, |v| v.trim().to_string())
}

fn csrf_of(values: &Values) -> &str {
    values.get("csrf").map_or("", String::as_str)
}

fn page_error(viewer: &Viewer, path: &str, error: ServiceError) -> Response {
    let mut e = WebError::new(viewer.lang, error);
    e.return_to = Some(path.to_string());
    e.into_response()
}

/// A refusal not about the form's values (no right, nothing there) gets an error page.
fn not_about_the_form(error: &ServiceError) -> bool {
    match error {
        ServiceError::Forbidden { .. } | ServiceError::SignInRequired | ServiceError::UnknownBody { .. } => true,
        ServiceError::Assembly(r) => r.is_not_found(),
        _ => false,
    }
}

fn kind_options(lang: Lang) -> Vec<(String, String)> {
    AssemblyKind::ALL.iter().map(|k| (k.code().to_string(), name(&lang, "assembly-kind", k.code()))).collect()
}

fn method_options(lang: Lang) -> Vec<(String, String)> {
    VoteMethod::ALL.iter().map(|k| (k.code().to_string(), name(&lang, "vote-method", k.code()))).collect()
}

fn rule_options(lang: Lang) -> Vec<(String, String)> {
    DecisionRule::ALL.iter().map(|k| (k.code().to_string(), name(&lang, "decision-rule", k.code()))).collect()
}

fn election_rule_options(lang: Lang) -> Vec<(String, String)> {
    ElectionRule::ALL.iter().map(|k| (k.code().to_string(), name(&lang, "election-rule", k.code()))).collect()
}

fn role_options(lang: Lang, roles: &[Role]) -> Vec<(String, String)> {
    roles.iter().map(|r| (r.code().to_string(), name(&lang, "asm-role", r.code()))).collect()
}

fn parse_count(form: &mut FormState, lang: Lang, name: &str, field: Field) -> Option<u64> {
    let v = form.v(name).trim().to_string();
    if v.is_empty() {
        return Some(0);
    }
    match v.parse::<u64>() {
        Ok(n) => Some(n),
        Err(_) => {
            let e = ServiceError::Domain(DomainError::BadNumber { field, value: v });
            form.errors.insert(name.to_string(), text_of(lang, &e));
            None
        }
    }
}

// --- a body's assemblies and convening one --------------------------------------------------

#[derive(Template)]
#[template(path = "assembly_list.html")]
struct ListPage {
    page: Chrome,
    body: Body,
    assemblies: Vec<AssemblyRecord>,
    form: FormState,
    kinds: Vec<(String, String)>,
}

async fn list_and_render(state: &AppState, viewer: &Viewer, id: i64, form: FormState, status: StatusCode) -> Response {
    let path = format!("/bodies/{id}/assemblies");
    let ctx = viewer.ctx.clone();
    match state.run(move |store| assembly::list(store, &ctx, &id.to_string())).await {
        Ok((body, assemblies)) => {
            let page =
                ListPage { page: Chrome::of(viewer, path), body, assemblies, form, kinds: kind_options(viewer.lang) };
            (status, render(&page)).into_response()
        }
        Err(e) => page_error(viewer, &path, e),
    }
}

async fn list_page(State(state): State<AppState>, viewer: Viewer, Path(id): Path<i64>) -> Response {
    let form = FormState::with(HashMap::from([("assembly_kind".to_string(), "ordinaria".to_string())]));
    list_and_render(&state, &viewer, id, form, StatusCode::OK).await
}

async fn convene(
    State(state): State<AppState>,
    headers: HeaderMap,
    viewer: Viewer,
    Path(id): Path<i64>,
    Form(values): Form<Values>,
) -> Response {
    if let Some(refused) = refuse_cross_site(&viewer, &headers, csrf_of(&values)) {
        return refused;
    }
    let form = assembly::ConveneForm {
        kind: val(&values, "assembly_kind"),
        title: val(&values, "assembly_title"),
        scheduled_for: val(&values, "scheduled_for"),
        place: val(&values, "place"),
        agenda: values.get("agenda").cloned().unwrap_or_default(),
    };
    let ctx = viewer.ctx.clone();
    match state.run(move |store| assembly::convene(store, &ctx, &id.to_string(), &form)).await {
        Ok(a) => Redirect::to(&format!("/assemblies/{}", a.id.0)).into_response(),
        Err(e) if not_about_the_form(&e) => page_error(&viewer, &format!("/bodies/{id}/assemblies"), e),
        Err(e) => {
            let mut form = FormState::with(values);
            form.refused(viewer.lang, &e);
            list_and_render(&state, &viewer, id, form, status_of(&e)).await
        }
    }
}

// --- the statute ------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "assembly_statute.html")]
struct StatutePage {
    page: Chrome,
    s: StatuteView,
    form: FormState,
}

async fn statute_and_render(
    state: &AppState,
    viewer: &Viewer,
    id: i64,
    form: Option<FormState>,
    status: StatusCode,
) -> Response {
    let path = format!("/bodies/{id}/statute");
    let ctx = viewer.ctx.clone();
    match state.run(move |store| assembly::statute(store, &ctx, &id.to_string())).await {
        Ok(s) => {
            let form = form.unwrap_or_else(|| {
                FormState::with(HashMap::from([
                    ("quorum_rule".to_string(), s.current.quorum.code()),
                    ("absence_fine".to_string(), format_amount(s.current.absence_fine)),
                    ("signer_roles".to_string(), s.current.signers_code()),
                ]))
            });
            (status, render(&StatutePage { page: Chrome::of(viewer, path), s, form })).into_response()
        }
        Err(e) => page_error(viewer, &path, e),
    }
}

async fn statute_page(State(state): State<AppState>, viewer: Viewer, Path(id): Path<i64>) -> Response {
    statute_and_render(&state, &viewer, id, None, StatusCode::OK).await
}

async fn update_statute(
    State(state): State<AppState>,
    headers: HeaderMap,
    viewer: Viewer,
    Path(id): Path<i64>,
    Form(values): Form<Values>,
) -> Response {
    if let Some(refused) = refuse_cross_site(&viewer, &headers, csrf_of(&values)) {
        return refused;
    }
    let form = assembly::StatuteForm {
        quorum: val(&values, "quorum_rule"),
        absence_fine: val(&values, "absence_fine"),
        signers: val(&values, "signer_roles"),
    };
    let ctx = viewer.ctx.clone();
    match state.run(move |store| assembly::update_statute(store, &ctx, &id.to_string(), &form)).await {
        Ok(_) => Redirect::to(&format!("/bodies/{id}/statute")).into_response(),
        Err(e) if not_about_the_form(&e) => page_error(&viewer, &format!("/bodies/{id}/statute"), e),
        Err(e) => {
            let mut form = FormState::with(values);
            form.refused(viewer.lang, &e);
            statute_and_render(&state, &viewer, id, Some(form), status_of(&e)).await
        }
    }
}

// --- an assembly ---------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "assembly_view.html")]
struct AssemblyPage {
    page: Chrome,
    v: AssemblyView,
    /// Those present, as candidates for an election.
    present: Vec<AttendanceRecord>,
    /// Sub-body resolutions that may be brought up: id and label.
    origins: Vec<(i64, String)>,
    /// Pending motions that may be amended: number and title.
    pending: Vec<(i64, String)>,
    motion_form: FormState,
    election_form: FormState,
    election_rules: Vec<(String, String)>,
    /// Phone-vote tickets just issued (shown once).
    tickets: Vec<String>,
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

    fn is_cabildo(&self) -> bool {
        self.v.assembly.kind == AssemblyKind::CabildoAbierto
    }
}

pub fn quorum_line(lang: Lang, v: &AssemblyView) -> String {
    let id = if v.has_quorum() { "asm-quorum-reached" } else { "asm-quorum-missing" };
    tr(
        lang,
        id,
        &[
            ("present", v.present.to_string()),
            ("eligible", v.eligible.to_string()),
            ("required", v.quorum_required.to_string()),
        ],
    )
}

fn present_of(v: &AssemblyView) -> Vec<AttendanceRecord> {
    v.attendance.iter().flatten().filter(|r| r.status.is_here()).cloned().collect()
}

async fn assembly_and_render(
    state: &AppState,
    viewer: &Viewer,
    id: i64,
    motion_form: FormState,
    election_form: FormState,
    tickets: Vec<String>,
    status: StatusCode,
) -> Response {
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
                page: Chrome::of(viewer, path),
                present: present_of(&v),
                v,
                origins,
                pending,
                motion_form,
                election_form,
                election_rules: election_rule_options(lang),
                tickets,
            };
            (status, render(&page)).into_response()
        }
        Err(e) => page_error(viewer, &path, e),
    }
}

async fn assembly_page(State(state): State<AppState>, viewer: Viewer, Path(id): Path<i64>) -> Response {
    let election = FormState::with(HashMap::from([("election_rule".to_string(), "plurality".to_string())]));
    assembly_and_render(&state, &viewer, id, FormState::default(), election, Vec::new(), StatusCode::OK).await
}

#[derive(Deserialize)]
struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

/// Runs a step of an assembly that needs no input, then goes back to its page.
async fn step(
    state: AppState,
    headers: HeaderMap,
    viewer: Viewer,
    id: i64,
    csrf: &str,
    f: impl FnOnce(&cabildo_store::Store, &cabildo_services::Ctx) -> Result<(), ServiceError> + Send + 'static,
    back: String,
) -> Response {
    if let Some(refused) = refuse_cross_site(&viewer, &headers, csrf) {
        return refused;
    }
    let ctx = viewer.ctx.clone();
    match state.run(move |store| f(store, &ctx)).await {
        Ok(()) => Redirect::to(&back).into_response(),
        Err(e) => page_error(&viewer, &format!("/assemblies/{id}"), e),
    }
}

async fn open(
    State(state): State<AppState>,
    headers: HeaderMap,
    viewer: Viewer,
    Path(id): Path<i64>,
    Form(form): Form<CsrfForm>,
) -> Response {
    let f = move |s: &_, c: &_| assembly::open(s, c, AssemblyId(id)).map(drop);
    step(state, headers, viewer, id, &form.csrf, f, format!("/assemblies/{id}")).await
}

async fn close(
    State(state): State<AppState>,
    headers: HeaderMap,
    viewer: Viewer,
    Path(id): Path<i64>,
    Form(form): Form<CsrfForm>,
) -> Response {
    let f = move |s: &_, c: &_| assembly::close(s, c, AssemblyId(id)).map(drop);
    step(state, headers, viewer, id, &form.csrf, f, format!("/assemblies/{id}")).await
}

async fn cancel(
    State(state): State<AppState>,
    headers: HeaderMap,
    viewer: Viewer,
    Path(id): Path<i64>,
    Form(form): Form<CsrfForm>,
) -> Response {
    let f = move |s: &_, c: &_| assembly::cancel(s, c, AssemblyId(id)).map(drop);
    step(state, headers, viewer, id, &form.csrf, f, format!("/assemblies/{id}")).await
}

async fn tickets(
    State(state): State<AppState>,
    headers: HeaderMap,
    viewer: Viewer,
    Path(id): Path<i64>,
    Form(values): Form<Values>,
) -> Response {
    if let Some(refused) = refuse_cross_site(&viewer, &headers, csrf_of(&values)) {
        return refused;
    }
    let raw = val(&values, "count");
    let n = match raw.parse::<u64>() {
        Ok(n) => n,
        Err(_) => {
            let e = ServiceError::Domain(DomainError::BadNumber { field: Field::Count, value: raw });
            return page_error(&viewer, &format!("/assemblies/{id}"), e);
        }
    };
    let ctx = viewer.ctx.clone();
    match state.run(move |store| assembly::issue_tickets(store, &ctx, AssemblyId(id), n)).await {
        Ok(codes) => {
            assembly_and_render(&state, &viewer, id, FormState::default(), FormState::default(), codes, StatusCode::OK)
                .await
        }
        Err(e) => page_error(&viewer, &format!("/assemblies/{id}"), e),
    }
}

async fn add_motion(
    State(state): State<AppState>,
    headers: HeaderMap,
    viewer: Viewer,
    Path(id): Path<i64>,
    Form(values): Form<Values>,
) -> Response {
    if let Some(refused) = refuse_cross_site(&viewer, &headers, csrf_of(&values)) {
        return refused;
    }
    let form = assembly::MotionForm {
        title: val(&values, "motion_title"),
        text: val(&values, "motion_text"),
        proposer: val(&values, "proposer"),
        origin: val(&values, "origin").parse().ok(),
        amends: val(&values, "amends").parse().ok(),
    };
    let ctx = viewer.ctx.clone();
    match state.run(move |store| assembly::add_motion(store, &ctx, AssemblyId(id), &form)).await {
        Ok(m) => Redirect::to(&format!("/assemblies/{id}/motions/{}", m.id.0)).into_response(),
        Err(e) if not_about_the_form(&e) => page_error(&viewer, &format!("/assemblies/{id}"), e),
        Err(e) => {
            let mut form = FormState::with(values);
            form.refused(viewer.lang, &e);
            let election = FormState::with(HashMap::from([("election_rule".to_string(), "plurality".to_string())]));
            assembly_and_render(&state, &viewer, id, form, election, Vec::new(), status_of(&e)).await
        }
    }
}

async fn add_election(
    State(state): State<AppState>,
    headers: HeaderMap,
    viewer: Viewer,
    Path(id): Path<i64>,
    axum::extract::RawForm(raw): axum::extract::RawForm,
) -> Response {
    // Candidates come as repeated `candidate` fields.
    let pairs: Vec<(String, String)> = serde_urlencoded_pairs(&raw);
    let values: Values = pairs.iter().filter(|(k, _)| k != "candidate").cloned().collect();
    if let Some(refused) = refuse_cross_site(&viewer, &headers, csrf_of(&values)) {
        return refused;
    }
    let candidates: Vec<PersonId> =
        pairs.iter().filter(|(k, _)| k == "candidate").filter_map(|(_, v)| v.parse().ok()).map(PersonId).collect();
    let mut form = FormState::with(values.clone());
    let term_end = {
        let v = val(&values, "term_end");
        if v.is_empty() {
            Some(None)
        } else {
            match cabildo_domain::padron::parse_date(Field::TermEnd, &v) {
                Ok(d) => Some(Some(d)),
                Err(e) => {
                    form.refused(viewer.lang, &ServiceError::Domain(e));
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
            FormState::default(),
            form,
            Vec::new(),
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
        Ok(m) => Redirect::to(&format!("/assemblies/{id}/motions/{}", m.id.0)).into_response(),
        Err(e) if not_about_the_form(&e) => page_error(&viewer, &format!("/assemblies/{id}"), e),
        Err(e) => {
            form.refused(viewer.lang, &e);
            assembly_and_render(&state, &viewer, id, FormState::default(), form, Vec::new(), status_of(&e)).await
        }
    }
}

/// Decodes an `application/x-www-form-urlencoded` body into its pairs, repeated names kept.
fn serde_urlencoded_pairs(raw: &[u8]) -> Vec<(String, String)> {
    fn decode(s: &str) -> String {
        let bytes = s.as_bytes();
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'+' => out.push(b' '),
                b'%' if i + 2 < bytes.len() => {
                    let hex =
                        std::str::from_utf8(&bytes[i + 1..i + 3]).ok().and_then(|h| u8::from_str_radix(h, 16).ok());
                    match hex {
                        Some(b) => {
                            out.push(b);
                            i += 2;
                        }
                        None => out.push(b'%'),
                    }
                }
                b => out.push(b),
            }
            i += 1;
        }
        String::from_utf8_lossy(&out).into_owned()
    }
    String::from_utf8_lossy(raw)
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect()
}

// --- notice for the radio, Atom feed ------------------------------------------------------------

fn plain_text(body: String) -> Response {
    let mut response = body.into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
    response
}

async fn notice_text(State(state): State<AppState>, viewer: Viewer, Path(id): Path<i64>) -> Response {
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
        Err(e) => page_error(&viewer, &format!("/assemblies/{id}/notice.txt"), e),
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

async fn atom_feed(State(state): State<AppState>, viewer: Viewer, Path(code): Path<String>) -> Response {
    let lookup = code.clone();
    match state.run(move |store| assembly::public_assemblies(store, &lookup)).await {
        Ok((body, list)) => {
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
            response
        }
        Err(e) => page_error(&viewer, &format!("/bodies/{code}/assemblies.atom"), e),
    }
}

// --- the door and member cards --------------------------------------------------------------

#[derive(Template)]
#[template(path = "assembly_door.html")]
struct DoorPage {
    page: Chrome,
    id: i64,
    q: String,
    lines: Vec<DoorLine>,
    done: Option<String>,
    error: Option<String>,
}

impl DoorPage {
    fn status_name(&self, line: &DoorLine) -> String {
        line.status.map_or_else(String::new, |s| name(&self.page.lang, "attendance", s.code()))
    }
}

#[derive(Deserialize, Default)]
struct DoorQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    done: String,
}

/// People listed at the door per search.
const DOOR_LINES: usize = 30;

async fn door_render(
    state: &AppState,
    viewer: &Viewer,
    id: i64,
    q: String,
    done: Option<String>,
    error: Option<String>,
    status: StatusCode,
) -> Response {
    let path = format!("/assemblies/{id}/door");
    let ctx = viewer.ctx.clone();
    let search = q.clone();
    let found = state
        .run(move |store| {
            let search = Some(search.as_str()).filter(|s| !s.trim().is_empty());
            assembly::door(store, &ctx, AssemblyId(id), search, DOOR_LINES)
        })
        .await;
    match found {
        Ok(lines) => {
            let page = DoorPage { page: Chrome::of(viewer, path), id, q, lines, done, error };
            (status, render(&page)).into_response()
        }
        Err(e) => page_error(viewer, &path, e),
    }
}

async fn door_page(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    Query(query): Query<DoorQuery>,
) -> Response {
    let done = Some(query.done).filter(|d| !d.is_empty());
    door_render(&state, &viewer, id, query.q, done, None, StatusCode::OK).await
}

async fn check_in(
    State(state): State<AppState>,
    headers: HeaderMap,
    viewer: Viewer,
    Path(id): Path<i64>,
    Form(values): Form<Values>,
) -> Response {
    if let Some(refused) = refuse_cross_site(&viewer, &headers, csrf_of(&values)) {
        return refused;
    }
    let q = val(&values, "q");
    let code = val(&values, "code");
    let who = if !code.is_empty() {
        Attendee::Card(code)
    } else if let Ok(h) = val(&values, "household").parse::<i64>() {
        Attendee::Household(HouseholdId(h))
    } else {
        match val(&values, "person").parse::<i64>() {
            Ok(p) => Attendee::Person(PersonId(p)),
            Err(_) => {
                let e = ServiceError::Domain(DomainError::Required { field: Field::Code });
                let text = text_of(viewer.lang, &e);
                return door_render(&state, &viewer, id, q, None, Some(text), StatusCode::UNPROCESSABLE_ENTITY).await;
            }
        }
    };
    let excused = val(&values, "excused") == "1";
    let ctx = viewer.ctx.clone();
    match state.run(move |store| assembly::check_in(store, &ctx, AssemblyId(id), &who, excused)).await {
        Ok((person, status)) => {
            let done = format!("{} — {}", person.display(), name(&viewer.lang, "attendance", status.code()));
            Redirect::to(&format!("/assemblies/{id}/door?q={}&done={}", urlencode(&q), urlencode(&done)))
                .into_response()
        }
        Err(e) if not_about_the_form(&e) && !matches!(e, ServiceError::Assembly(_)) => {
            page_error(&viewer, &format!("/assemblies/{id}/door"), e)
        }
        Err(e) => {
            let text = text_of(viewer.lang, &e);
            door_render(&state, &viewer, id, q, None, Some(text), status_of(&e)).await
        }
    }
}

#[derive(Template)]
#[template(path = "assembly_cards.html")]
struct CardsPage {
    page: Chrome,
    id: i64,
    lines: Vec<DoorLine>,
}

async fn cards_page(State(state): State<AppState>, viewer: Viewer, Path(id): Path<i64>) -> Response {
    let path = format!("/assemblies/{id}/cards");
    let ctx = viewer.ctx.clone();
    match state.run(move |store| assembly::door(store, &ctx, AssemblyId(id), None, 100_000)).await {
        Ok(lines) => {
            let lines = lines.into_iter().filter(|l| l.eligible.card_code.is_some()).collect();
            render(&CardsPage { page: Chrome::of(&viewer, path), id, lines })
        }
        Err(e) => page_error(&viewer, &path, e),
    }
}

// --- a motion and its vote ----------------------------------------------------------------------

#[derive(Template)]
#[template(path = "assembly_motion.html")]
struct MotionPage {
    page: Chrome,
    v: AssemblyView,
    m: MotionView,
    /// Present voters who have not yet voted by roll call: person id and name.
    roll: Vec<(i64, String)>,
    methods: Vec<(String, String)>,
    rules: Vec<(String, String)>,
    form: FormState,
    /// Secret-ballot codes just made (shown once, to print).
    codes: Vec<String>,
    /// The ballot page's address with the options of this vote.
    ballot_query: String,
}

impl MotionPage {
    fn outcome(&self) -> String {
        self.m.motion.outcome.map_or_else(String::new, |o| name(&self.page.lang, "outcome", o.code()))
    }

    fn method(&self) -> String {
        self.m.motion.method.map_or_else(String::new, |o| name(&self.page.lang, "vote-method", o.code()))
    }

    fn rule(&self) -> String {
        self.m.motion.rule.map_or_else(String::new, |o| name(&self.page.lang, "decision-rule", o.code()))
    }

    fn status(&self) -> String {
        name(&self.page.lang, "asm-motion-status", self.m.motion.status.code())
    }

    fn is(&self, status: &str) -> bool {
        self.m.motion.status.code() == status
    }

    fn method_is(&self, method: &str) -> bool {
        self.m.motion.method.is_some_and(|m| m.code() == method)
    }

    fn is_election(&self) -> bool {
        self.m.motion.kind == MotionKind::Election
    }

    fn quorum_line(&self) -> String {
        quorum_line(self.page.lang, &self.v)
    }
}

/// The query naming a vote's options for the anonymous ballot and phone pages.
fn options_query(m: &MotionView) -> String {
    let mut q = format!("motion={}", m.motion.id.0);
    for c in &m.candidates {
        q.push_str(&format!("&c={}", urlencode(&format!("{}:{}", c.id, c.name.display()))));
    }
    q
}

async fn motion_render(
    state: &AppState,
    viewer: &Viewer,
    id: i64,
    motion: i64,
    form: FormState,
    codes: Vec<String>,
    status: StatusCode,
) -> Response {
    let path = format!("/assemblies/{id}/motions/{motion}");
    let ctx = viewer.ctx.clone();
    match state.run(move |store| assembly::view(store, &ctx, AssemblyId(id))).await {
        Ok(v) => {
            let Some(m) = v.motions.iter().find(|m| m.motion.id.0 == motion).cloned() else {
                let e = ServiceError::Assembly(cabildo_services::error::Refusal::UnknownMotion { id: motion });
                return page_error(viewer, &path, e);
            };
            let roll = present_of(&v)
                .into_iter()
                .filter(|r| !m.roll_call.iter().any(|c| c.person_id == r.person_id))
                .map(|r| (r.person_id.0, r.name.display()))
                .collect();
            let lang = viewer.lang;
            let page = MotionPage {
                page: Chrome::of(viewer, path),
                ballot_query: options_query(&m),
                v,
                m,
                roll,
                methods: method_options(lang),
                rules: rule_options(lang),
                form,
                codes,
            };
            (status, render(&page)).into_response()
        }
        Err(e) => page_error(viewer, &path, e),
    }
}

async fn motion_page(State(state): State<AppState>, viewer: Viewer, Path((id, m)): Path<(i64, i64)>) -> Response {
    let form = FormState::with(HashMap::from([
        ("vote_method".to_string(), "show_of_hands".to_string()),
        ("decision_rule".to_string(), "majority".to_string()),
    ]));
    motion_render(&state, &viewer, id, m, form, Vec::new(), StatusCode::OK).await
}

async fn motion_action(
    State(state): State<AppState>,
    headers: HeaderMap,
    viewer: Viewer,
    Path((id, m, action)): Path<(i64, i64, String)>,
    Form(values): Form<Values>,
) -> Response {
    if let Some(refused) = refuse_cross_site(&viewer, &headers, csrf_of(&values)) {
        return refused;
    }
    let back = format!("/assemblies/{id}/motions/{m}");
    let motion = MotionId(m);
    let ctx = viewer.ctx.clone();
    let lang = viewer.lang;
    let mut form = FormState::with(values.clone());
    let result: Result<Vec<String>, ServiceError> = match action.as_str() {
        "open" => {
            let method = val(&values, "vote_method").parse::<VoteMethod>();
            let rule = match val(&values, "decision_rule") {
                r if r.is_empty() => Ok(DecisionRule::MajorityOfVotesCast),
                r => r.parse::<DecisionRule>(),
            };
            match (method, rule) {
                (Ok(method), Ok(rule)) => {
                    state
                        .run(move |store| assembly::open_vote(store, &ctx, motion, method, rule).map(|o| o.codes))
                        .await
                }
                (Err(e), _) | (_, Err(e)) => Err(ServiceError::Domain(e)),
            }
        }
        "hands" => {
            let mut counts = Vec::new();
            let mut ok = true;
            for (name, field, option) in [
                ("votes_for", Field::VotesFor, BallotOption::For),
                ("votes_against", Field::VotesAgainst, BallotOption::Against),
                ("abstentions", Field::Abstentions, BallotOption::Abstain),
            ] {
                if values.contains_key(name) {
                    match parse_count(&mut form, lang, name, field) {
                        Some(n) => counts.push((option, n)),
                        None => ok = false,
                    }
                }
            }
            let mut keys: Vec<&String> = values.keys().filter(|k| k.starts_with('c') && k.len() > 1).collect();
            keys.sort();
            for key in keys {
                let Ok(candidate) = key[1..].parse::<i64>() else { continue };
                match parse_count(&mut form, lang, key, Field::Candidate) {
                    Some(n) => counts.push((BallotOption::Candidate(candidate), n)),
                    None => ok = false,
                }
            }
            if !ok {
                return motion_render(&state, &viewer, id, m, form, Vec::new(), StatusCode::UNPROCESSABLE_ENTITY).await;
            }
            state.run(move |store| assembly::record_hands(store, &ctx, motion, &counts).map(|_| Vec::new())).await
        }
        "roll" => {
            let person = val(&values, "person").parse::<i64>().map(PersonId);
            match (person, BallotOption::parse(&val(&values, "option"))) {
                (Ok(person), Ok(option)) => {
                    state
                        .run(move |store| {
                            assembly::roll_call_vote(store, &ctx, motion, person, option).map(|()| Vec::new())
                        })
                        .await
                }
                (_, Err(e)) => Err(ServiceError::Domain(e)),
                (Err(_), _) => Err(ServiceError::Domain(DomainError::Required { field: Field::Candidate })),
            }
        }
        "close" => state.run(move |store| assembly::close_vote(store, &ctx, motion).map(|_| Vec::new())).await,
        "withdraw" => state.run(move |store| assembly::withdraw(store, &ctx, motion).map(|_| Vec::new())).await,
        "no-quorum" => state.run(move |store| assembly::fail_quorum(store, &ctx, motion).map(|_| Vec::new())).await,
        _ => Err(ServiceError::Assembly(cabildo_services::error::Refusal::UnknownMotion { id: m })),
    };
    match result {
        // A secret ballot's codes are shown once, in this answer, to be printed.
        Ok(codes) if !codes.is_empty() => motion_render(&state, &viewer, id, m, form, codes, StatusCode::OK).await,
        Ok(_) => Redirect::to(&back).into_response(),
        Err(e) if not_about_the_form(&e) => page_error(&viewer, &back, e),
        Err(e) => {
            form.refused(lang, &e);
            motion_render(&state, &viewer, id, m, form, Vec::new(), status_of(&e)).await
        }
    }
}

// --- anonymous secret ballots and phone votes -----------------------------------------------------

#[derive(Template)]
#[template(path = "assembly_ballot.html")]
struct BallotPage {
    page: Chrome,
    action: String,
    motion: String,
    /// Option code and label.
    options: Vec<(String, String)>,
    query: String,
    /// Whether the page asks for a ballot code (secret ballot) or a ticket (phone vote).
    secret: bool,
    code: String,
    ok: Option<String>,
    error: Option<String>,
}

/// The options of a vote: for/against/abstain, or the candidates named in the query.
fn ballot_options(lang: Lang, pairs: &[(String, String)]) -> Vec<(String, String)> {
    let candidates: Vec<(String, String)> = pairs
        .iter()
        .filter(|(k, _)| k == "c")
        .filter_map(|(_, v)| v.split_once(':'))
        .filter(|(id, _)| id.parse::<i64>().is_ok())
        .map(|(id, who)| (format!("c{id}"), who.to_string()))
        .collect();
    let choices: &[&str] = if candidates.is_empty() { &["for", "against", "abstain"] } else { &["abstain"] };
    candidates.into_iter().chain(choices.iter().map(|c| (c.to_string(), name(&lang, "choice", c)))).collect()
}

fn ballot_page_for(
    viewer: &Viewer,
    secret: bool,
    motion: String,
    raw_query: &str,
    code: String,
    ok: Option<String>,
    error: Option<String>,
) -> BallotPage {
    let pairs = serde_urlencoded_pairs(raw_query.as_bytes());
    let action = if secret { "/ballot".to_string() } else { format!("/vote/{motion}") };
    let path = if raw_query.is_empty() { action.clone() } else { format!("{action}?{raw_query}") };
    let query = if raw_query.is_empty() { String::new() } else { format!("?{raw_query}") };
    BallotPage {
        page: Chrome::of(viewer, path),
        options: ballot_options(viewer.lang, &pairs),
        action,
        motion,
        query,
        secret,
        code,
        ok,
        error,
    }
}

async fn ballot_page(viewer: Viewer, uri: axum::http::Uri) -> Response {
    let raw = uri.query().unwrap_or("").to_string();
    let pairs = serde_urlencoded_pairs(raw.as_bytes());
    let motion = pairs.iter().find(|(k, _)| k == "motion").map(|(_, v)| v.clone()).unwrap_or_default();
    render(&ballot_page_for(&viewer, true, motion, &raw, String::new(), None, None))
}

async fn cast_ballot(
    State(state): State<AppState>,
    viewer: Viewer,
    uri: axum::http::Uri,
    Form(values): Form<Values>,
) -> Response {
    let raw = uri.query().unwrap_or("").to_string();
    let motion_text = val(&values, "motion");
    let code = val(&values, "code");
    let lang = viewer.lang;
    let parsed = match (motion_text.parse::<i64>(), BallotOption::parse(&val(&values, "choice"))) {
        (Ok(m), Ok(option)) => Ok((MotionId(m), option)),
        (Err(_), _) => Err(ServiceError::Assembly(cabildo_services::error::Refusal::UnknownMotion { id: 0 })),
        (_, Err(e)) => Err(ServiceError::Domain(e)),
    };
    let ballot = code.clone();
    let result = match parsed {
        Ok((motion, option)) => {
            state.run(move |store| assembly::cast_secret_ballot(store, motion, &ballot, option)).await
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => {
            let ok = Some(tr(lang, "asm-ballot-counted", &[]));
            render(&ballot_page_for(&viewer, true, motion_text, &raw, String::new(), ok, None))
        }
        Err(e) => {
            let status = status_of(&e);
            let error = Some(text_of(lang, &e));
            (status, render(&ballot_page_for(&viewer, true, motion_text, &raw, code, None, error))).into_response()
        }
    }
}

async fn phone_page(viewer: Viewer, Path(motion): Path<i64>, uri: axum::http::Uri) -> Response {
    let raw = uri.query().unwrap_or("").to_string();
    render(&ballot_page_for(&viewer, false, motion.to_string(), &raw, String::new(), None, None))
}

async fn phone_vote(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(motion): Path<i64>,
    uri: axum::http::Uri,
    Form(values): Form<Values>,
) -> Response {
    let raw = uri.query().unwrap_or("").to_string();
    let lang = viewer.lang;
    let ticket = val(&values, "code");
    let (now, _) = state.now();
    let outcome = async {
        let vote = assembly::phone_vote(MotionId(motion), &ticket, &val(&values, "choice"), now)?;
        let (tx, rx) = tokio::sync::oneshot::channel();
        state.votebox()?.submit(
            vote.clone(),
            Box::new(move |r| {
                let _ = tx.send(r);
            }),
        );
        let outcome = rx.await.map_err(|_| ServiceError::Unavailable("vote box stopped".into()))??;
        assembly::phone_answer(outcome, &vote)
    }
    .await;
    match outcome {
        Ok(answer) => {
            let id = match answer {
                PhoneAnswer::Recorded => "asm-vote-recorded",
                PhoneAnswer::AlreadyRecorded => "asm-vote-already-recorded",
            };
            let ok = Some(tr(lang, id, &[]));
            render(&ballot_page_for(&viewer, false, motion.to_string(), &raw, String::new(), ok, None))
        }
        Err(e) => {
            let status = status_of(&e);
            let error = Some(text_of(lang, &e));
            (status, render(&ballot_page_for(&viewer, false, motion.to_string(), &raw, ticket, None, error)))
                .into_response()
        }
    }
}

// --- the live view ------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "assembly_live.html")]
struct LivePage {
    page: Chrome,
    v: AssemblyView,
    fragment: String,
}

#[derive(Template)]
#[template(path = "assembly_live_fragment.html")]
struct LiveFragment {
    lang: Lang,
    quorum: String,
    has_quorum: bool,
    m: Option<MotionView>,
}

impl LiveFragment {
    fn t(&self, id: &str) -> String {
        tr(self.lang, id, &[])
    }

    fn of(lang: Lang, v: &AssemblyView) -> LiveFragment {
        LiveFragment { lang, quorum: quorum_line(lang, v), has_quorum: v.has_quorum(), m: v.current_motion().cloned() }
    }

    fn outcome(&self, m: &MotionView) -> String {
        m.motion.outcome.map_or_else(String::new, |o| name(&self.lang, "outcome", o.code()))
    }

    fn method(&self, m: &MotionView) -> String {
        m.motion.method.map_or_else(String::new, |o| name(&self.lang, "vote-method", o.code()))
    }

    fn voting(&self, m: &MotionView) -> bool {
        m.motion.status == MotionStatus::Voting
    }

    fn hidden(&self, m: &MotionView) -> bool {
        m.motion.status == MotionStatus::Voting && m.motion.method == Some(VoteMethod::Secret)
    }
}

async fn live_page(State(state): State<AppState>, viewer: Viewer, Path(id): Path<i64>) -> Response {
    let path = format!("/assemblies/{id}/live");
    let ctx = viewer.ctx.clone();
    match state.run(move |store| assembly::view(store, &ctx, AssemblyId(id))).await {
        Ok(v) => {
            let fragment = LiveFragment::of(viewer.lang, &v).render().unwrap_or_default();
            render(&LivePage { page: Chrome::of(&viewer, path), v, fragment })
        }
        Err(e) => page_error(&viewer, &path, e),
    }
}

/// Server-sent events for the projector: each answer carries the current state as one event and
/// asks the browser to come back in a second (`retry`), so every stream is short and bounded and
/// no connection stays open through the request timeout.
async fn live_events(State(state): State<AppState>, viewer: Viewer, Path(id): Path<i64>) -> Response {
    let ctx = viewer.ctx.clone();
    let lang = viewer.lang;
    let body = match state.run(move |store| assembly::view(store, &ctx, AssemblyId(id))).await {
        Ok(v) => {
            let html = LiveFragment::of(lang, &v).render().unwrap_or_default();
            let data: String = html.lines().map(|l| format!("data: {l}\n")).collect();
            format!("retry: 1000\nevent: message\n{data}\n")
        }
        // Sign-in lost or the assembly gone: tell the page to stop asking.
        Err(e) => {
            let status = status_of(&e);
            return (status, text_of(lang, &e)).into_response();
        }
    };
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/event-stream"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

// --- the acta -----------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "assembly_acta.html")]
struct ActaPage {
    page: Chrome,
    a: ActaView,
    roles: Vec<(String, String)>,
    form: FormState,
}

impl ActaPage {
    fn sealed(&self) -> bool {
        self.a.acta.status == cabildo_store::ActaStatus::Sealed
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
}

async fn acta_render(
    state: &AppState,
    viewer: &Viewer,
    id: i64,
    form: Option<FormState>,
    status: StatusCode,
) -> Response {
    let path = format!("/assemblies/{id}/acta");
    let ctx = viewer.ctx.clone();
    match state.run(move |store| acta::view(store, &ctx, AssemblyId(id))).await {
        Ok(a) => {
            let form = form.unwrap_or_else(|| {
                let role = a.missing.first().or(a.required.first()).map_or("", |r| r.code()).to_string();
                FormState::with(HashMap::from([
                    ("notes".to_string(), a.acta.notes.clone()),
                    ("role".to_string(), role),
                ]))
            });
            let roles = role_options(viewer.lang, &a.required);
            (status, render(&ActaPage { page: Chrome::of(viewer, path), a, roles, form })).into_response()
        }
        Err(e) => page_error(viewer, &path, e),
    }
}

async fn acta_page(State(state): State<AppState>, viewer: Viewer, Path(id): Path<i64>) -> Response {
    acta_render(&state, &viewer, id, None, StatusCode::OK).await
}

async fn acta_action(
    State(state): State<AppState>,
    headers: HeaderMap,
    viewer: Viewer,
    Path((id, action)): Path<(i64, String)>,
    Form(values): Form<Values>,
) -> Response {
    if let Some(refused) = refuse_cross_site(&viewer, &headers, csrf_of(&values)) {
        return refused;
    }
    let path = format!("/assemblies/{id}/acta");
    let ctx = viewer.ctx.clone();
    let assembly = AssemblyId(id);
    let result = match action.as_str() {
        "notes" => {
            let notes = values.get("notes").cloned().unwrap_or_default();
            state.run(move |store| acta::edit_notes(store, &ctx, assembly, &notes).map(drop)).await
        }
        "sign" => match val(&values, "role").parse::<Role>() {
            Ok(role) => {
                let cost = state.password_cost;
                let password = values.get("password").cloned().unwrap_or_default();
                state.run(move |store| acta::sign(store, &ctx, cost, assembly, role, &password)).await
            }
            Err(e) => Err(ServiceError::Domain(e)),
        },
        "seal" => state.run(move |store| acta::seal(store, &ctx, assembly).map(drop)).await,
        _ => Err(ServiceError::Assembly(cabildo_services::error::Refusal::NoActa)),
    };
    match result {
        Ok(()) => Redirect::to(&path).into_response(),
        Err(e) if not_about_the_form(&e) => page_error(&viewer, &path, e),
        Err(e) => {
            let mut values = values;
            values.remove("password");
            let mut form = FormState::with(values);
            form.general = Some(text_of(viewer.lang, &e));
            if matches!(e, ServiceError::BadCredentials) {
                form.errors.insert("password".into(), text_of(viewer.lang, &e));
                form.general = None;
            }
            acta_render(&state, &viewer, id, Some(form), status_of(&e)).await
        }
    }
}

#[derive(Template)]
#[template(path = "assembly_verify.html")]
struct VerifyPage {
    page: Chrome,
    id: i64,
    bodies: Vec<(String, usize)>,
    problems: Vec<String>,
}

async fn verify_page(State(state): State<AppState>, viewer: Viewer, Path(id): Path<i64>) -> Response {
    let path = format!("/bodies/{id}/verify");
    let ctx = viewer.ctx.clone();
    match state.run(move |store| acta::verify(store, &ctx, Some(&id.to_string()))).await {
        Ok(found) => {
            let problems = found.problems.iter().map(|p| message(viewer.lang, p.code(), &p.args())).collect();
            render(&VerifyPage { page: Chrome::of(&viewer, path), id, bodies: found.bodies, problems })
        }
        Err(e) => page_error(&viewer, &path, e),
    }
}
