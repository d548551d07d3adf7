//! The pages: a body's instructions with the form to send one, an instruction at one level of the
//! tree, the CSV of those that have not acknowledged, and the two forms of a recipient (acknowledge
//! as an officer, put it before an assembly in session).

use askama::Template;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use cabildo_domain::Body;
use cabildo_domain::assembly::AssemblyId;
use cabildo_i18n::{Lang, tr};
use cabildo_services::instructions::{
    self, AckRecord, BodyInstructions, InstructionLine, InstructionView, SendForm, Standing, resolution_number,
    who_acknowledged,
};
use cabildo_services::{Ctx, Store};
use serde::Deserialize;

use crate::http::csrf::CsrfForm;
use crate::http::respond::{FormWrite, load, write_form};
use crate::http::urls::urlencode;
use crate::http::{Fields, Page, Path, Query, Viewer, WebError};
use crate::state::AppState;
use crate::ui::text::name;
use crate::ui::{Chrome, render};

/// The most missing bodies an instruction's page lists (the CSV has them all).
pub const MISSING_SHOWN: usize = 200;

/// "Acknowledged: 3 of 5 bodies".
fn standing_text(lang: Lang, s: &Standing) -> String {
    tr(
        lang,
        "instr-standing",
        &[("acknowledged", lang.count(s.acknowledged)), ("recipients", s.recipients.to_string())],
    )
}

fn missing_text(lang: Lang, s: &Standing) -> String {
    tr(lang, "instr-missing-count", &[("count", s.missing().to_string())])
}

fn day(lang: Lang, at: i64) -> String {
    use chrono::Datelike;
    chrono::DateTime::from_timestamp(at, 0)
        .map(|t| t.with_timezone(&chrono::Local).date_naive())
        .map(|d| lang.date(d.year(), d.month(), d.day()))
        .unwrap_or_default()
}

fn date(lang: Lang, d: cabildo_domain::Date) -> String {
    use chrono::Datelike;
    lang.date(d.year(), d.month(), d.day())
}

/// How an acknowledgement is said: by whom, or by the assembly with its resolution.
fn ack_text(lang: Lang, ack: &AckRecord, resolution: Option<&str>) -> String {
    let on = day(lang, ack.acknowledged_at);
    match (ack.resolution_id, resolution) {
        (Some(_), Some(number)) => tr(lang, "instr-ack-assembly", &[("on", on), ("resolution", number.to_string())]),
        _ => tr(lang, "instr-ack-officer", &[("on", on), ("by", who_acknowledged(ack))]),
    }
}

/// An instruction in a list.
pub(super) struct LineView {
    id: i64,
    heading: String,
    standing: String,
    missing: String,
    /// For the body itself, when it is a recipient: acknowledged or not.
    mark: Option<(bool, String)>,
    until: Option<String>,
}

fn line_view(lang: Lang, l: &InstructionLine) -> LineView {
    let heading = tr(
        lang,
        "instr-pending-line",
        &[
            ("number", resolution_number(&l.resolution)),
            ("sender", l.sender.name.clone()),
            ("title", l.resolution.title.clone()),
        ],
    );
    let mark = l.own.as_ref().map(|own| {
        let acked = own.is_some();
        (acked, tr(lang, if acked { "instr-acknowledged-mark" } else { "instr-pending-mark" }, &[]))
    });
    LineView {
        id: l.record.id.0,
        heading,
        standing: standing_text(lang, &l.standing),
        missing: missing_text(lang, &l.standing),
        mark,
        until: l.record.ack_by.map(|d| tr(lang, "instr-until", &[("date", date(lang, d))])),
    }
}

/// What the send form was given, to show it again when refused.
#[derive(Deserialize, Default)]
pub(super) struct SendFields {
    #[serde(default)]
    resolution: String,
    #[serde(default)]
    under: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    ack_by: String,
}

#[derive(Template)]
#[template(path = "instructions/list.html")]
pub(super) struct ListPage {
    page: Chrome,
    body: Body,
    received: Vec<LineView>,
    sent: Vec<LineView>,
    may_send: bool,
    /// (id, "3/2026: title").
    resolutions: Vec<(i64, String)>,
    /// (id, "To X and the bodies below it").
    below: Vec<(i64, String)>,
    /// (code, name).
    kinds: Vec<(&'static str, String)>,
    form: SendFields,
    error: Option<String>,
}

fn list_page(
    viewer: &Viewer,
    path: String,
    found: BodyInstructions,
    form: SendFields,
    error: Option<String>,
) -> ListPage {
    let lang = viewer.lang;
    ListPage {
        page: viewer.chrome(path),
        received: found.received.iter().map(|l| line_view(lang, l)).collect(),
        sent: found.sent.iter().map(|l| line_view(lang, l)).collect(),
        may_send: found.may_send,
        resolutions: found
            .resolutions
            .iter()
            .map(|r| (r.id, format!("{}: {}", resolution_number(r), r.title)))
            .collect(),
        below: found.below.iter().map(|b| (b.id.0, tr(lang, "instr-to-under", &[("body", b.name.clone())]))).collect(),
        kinds: found.kinds.iter().map(|k| (k.code(), name(&lang, "kind", k.code()))).collect(),
        body: found.body,
        form,
        error,
    }
}

/// A body's instructions: received (those it must still acknowledge first), sent, and the form
/// to send one of its resolutions down.
pub(super) async fn list(Page { state, viewer }: Page, Path(id): Path<i64>) -> Result<Response, WebError> {
    let path = format!("/bodies/{id}/instructions");
    let found =
        load(&state, &viewer, &path, move |store, ctx| instructions::for_body(store, ctx, &id.to_string())).await?;
    Ok(render(&list_page(&viewer, path, found, SendFields::default(), None)))
}

/// Sends an instruction; refused, the list again with what was typed and why.
pub(super) async fn send(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm(viewer, form): CsrfForm<SendFields>,
) -> Result<Response, WebError> {
    let path = format!("/bodies/{id}/instructions");
    let input = SendForm {
        resolution: form.resolution.clone(),
        under: form.under.clone(),
        kind: form.kind.clone(),
        note: form.note.clone(),
        ack_by: form.ack_by.clone(),
    };
    let send = move |store: &Store, ctx: &Ctx| instructions::send(store, ctx, &id.to_string(), &input);
    match write_form(&state, &viewer, &path, Fields::blank(viewer.lang), |_| None, send).await? {
        FormWrite::Done(record) => Ok(Redirect::to(&format!("/instructions/{}", record.id.0)).into_response()),
        FormWrite::Again(refused, status) => {
            let found =
                load(&state, &viewer, &path, move |store, ctx| instructions::for_body(store, ctx, &id.to_string()))
                    .await?;
            Ok((status, render(&list_page(&viewer, path, found, form, refused.general))).into_response())
        }
    }
}

#[derive(Deserialize)]
pub(super) struct LevelQuery {
    #[serde(default)]
    body: Option<String>,
}

/// A body right below the level, as its table row shows it.
pub(super) struct ChildView {
    id: i64,
    name: String,
    own: String,
    own_acked: Option<bool>,
    acknowledged: String,
    missing: u64,
    has_below: bool,
}

#[derive(Template)]
#[template(path = "instructions/view.html")]
pub(super) struct ViewPage {
    page: Chrome,
    id: i64,
    public_id: String,
    heading: String,
    title: String,
    text: String,
    note: String,
    sender: Body,
    sent_on: String,
    scope: String,
    ack_by: Option<String>,
    level: Body,
    path: Vec<Body>,
    sees_sender: bool,
    at_level: String,
    standing: String,
    /// For `<progress>`: acknowledged and recipients.
    progress: (u64, u64),
    own: Option<String>,
    may_acknowledge: bool,
    assemblies: Vec<(i64, String)>,
    /// Whether the level still has to acknowledge and the viewer runs its assemblies: the agenda
    /// form (or why it cannot be used) is shown.
    show_agenda: bool,
    motions: Vec<(i64, String)>,
    children: Vec<ChildView>,
    missing: Vec<(Body, Option<Body>)>,
    missing_more: Option<String>,
    /// Each acknowledgement: the body, how it was given, and the resolution of the assembly that
    /// gave it (its id, for a link), if it was.
    acknowledged: Vec<(Body, String, Option<i64>)>,
}

impl ViewPage {
    fn level_arg(&self) -> String {
        urlencode(&self.level.id.0.to_string())
    }
}

fn view_page(viewer: &Viewer, path: String, v: InstructionView) -> ViewPage {
    let lang = viewer.lang;
    let number = resolution_number(&v.resolution);
    let mut scope = match &v.scope_body {
        Some(b) => tr(lang, "instr-scope-under", &[("body", b.name.clone())]),
        None => tr(lang, "instr-scope-all", &[("body", v.sender.name.clone())]),
    };
    if let Some(kind) = v.record.scope_kind {
        scope.push_str(" · ");
        scope.push_str(&tr(lang, "instr-scope-kind", &[("kind", name(&lang, "kind", kind.code()))]));
    }
    let own = v.own.as_ref().map(|own| match own {
        None => tr(lang, "instr-own-pending", &[("body", v.level.name.clone())]),
        Some(ack) => own_text(lang, &v.level, ack, &v.ack_numbers),
    });
    let children = v
        .children
        .iter()
        .map(|c| ChildView {
            id: c.body.id.0,
            name: c.body.name.clone(),
            own: match &c.own {
                None => tr(lang, "instr-own-none", &[]),
                Some(None) => tr(lang, "instr-own-no", &[]),
                Some(Some(ack)) => {
                    format!("{} ({})", tr(lang, "instr-own-yes", &[]), day(lang, ack.acknowledged_at))
                }
            },
            own_acked: c.own.as_ref().map(Option::is_some),
            acknowledged: format!("{} / {}", lang.count(c.standing.acknowledged), lang.count(c.standing.recipients)),
            missing: c.standing.missing(),
            has_below: c.has_below,
        })
        .collect();
    let missing_total = v.missing.len();
    let missing_more = (missing_total > MISSING_SHOWN)
        .then(|| tr(lang, "instr-missing-more", &[("count", (missing_total - MISSING_SHOWN).to_string())]));
    let acknowledged = v
        .acknowledged
        .iter()
        .map(|(b, ack)| {
            (b.clone(), ack_text(lang, ack, v.ack_numbers.get(&ack.body_id).map(String::as_str)), ack.resolution_id)
        })
        .collect();
    ViewPage {
        page: viewer.chrome(path),
        id: v.record.id.0,
        public_id: v.record.public_id.to_string(),
        heading: tr(lang, "instr-heading", &[("number", number)]),
        title: v.resolution.title.clone(),
        text: v.resolution.text.clone(),
        note: v.record.note.clone(),
        sent_on: day(lang, v.record.sent_at),
        scope,
        ack_by: v.record.ack_by.map(|d| date(lang, d)),
        at_level: tr(lang, "instr-at-level", &[("body", v.level.name.clone())]),
        standing: format!("{} · {}", standing_text(lang, &v.total), missing_text(lang, &v.total)),
        progress: (v.total.acknowledged, v.total.recipients.max(1)),
        own,
        may_acknowledge: v.may_acknowledge,
        show_agenda: matches!(v.own, Some(None)) && v.may_run,
        assemblies: v.assemblies.iter().map(|a| (a.id.0, a.title.clone())).collect(),
        motions: v
            .motions
            .iter()
            .map(|m| {
                (
                    m.assembly_id.0,
                    format!(
                        "{} — {}",
                        m.title,
                        m.outcome.map_or_else(
                            || name(&lang, "asm-motion-status", m.status.code()),
                            |o| name(&lang, "outcome", o.code())
                        )
                    ),
                )
            })
            .collect(),
        children,
        missing: v.missing.into_iter().take(MISSING_SHOWN).collect(),
        missing_more,
        acknowledged,
        sender: v.sender,
        level: v.level,
        path: v.path,
        sees_sender: v.sees_sender,
    }
}

fn own_text(
    lang: Lang,
    level: &Body,
    ack: &AckRecord,
    numbers: &std::collections::HashMap<cabildo_domain::BodyId, String>,
) -> String {
    let on = day(lang, ack.acknowledged_at);
    match numbers.get(&ack.body_id) {
        Some(number) if ack.resolution_id.is_some() => tr(
            lang,
            "instr-own-by-assembly",
            &[("body", level.name.clone()), ("on", on), ("resolution", number.clone())],
        ),
        _ => tr(
            lang,
            "instr-own-acknowledged",
            &[("body", level.name.clone()), ("on", on), ("by", who_acknowledged(ack))],
        ),
    }
}

/// An instruction at one level of the tree (`?body=`; by default the highest the viewer sees).
pub(super) async fn view(
    Page { state, viewer }: Page,
    Path(id): Path<i64>,
    Query(query): Query<LevelQuery>,
) -> Result<Response, WebError> {
    let path = format!("/instructions/{id}");
    let level = query.body.clone();
    let v = load(&state, &viewer, &path, move |store, ctx| {
        instructions::view(store, ctx, &id.to_string(), level.as_deref())
    })
    .await?;
    Ok(render(&view_page(&viewer, path, v)))
}

/// The recipients of one level's subtree that have not acknowledged, for a spreadsheet.
pub(super) async fn missing_csv(
    Page { state, viewer }: Page,
    Path(id): Path<i64>,
    Query(query): Query<LevelQuery>,
) -> Result<Response, WebError> {
    let path = format!("/instructions/{id}/missing.csv");
    let lang = viewer.lang;
    let level = query.body.clone();
    let csv = load(&state, &viewer, &path, move |store, ctx| {
        let v = instructions::view(store, ctx, &id.to_string(), level.as_deref())?;
        let headers =
            ["instr-csv-code", "instr-csv-name", "instr-csv-kind", "instr-csv-parent"].map(|h| tr(lang, h, &[]));
        instructions::missing_csv(&v, [&headers[0], &headers[1], &headers[2], &headers[3]], |k| {
            name(&lang, "kind", k.code())
        })
    })
    .await?;
    let mut response = csv.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
    headers.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_str(&format!("attachment; filename=\"instructivo-{id}-faltan.csv\""))
            .unwrap_or(HeaderValue::from_static("attachment")),
    );
    Ok(response)
}

#[derive(Deserialize)]
pub(super) struct AcknowledgeForm {
    #[serde(default)]
    body: String,
}

/// An officer acknowledges for the body; back to the instruction at that body.
pub(super) async fn acknowledge(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm(viewer, form): CsrfForm<AcknowledgeForm>,
) -> Result<Response, WebError> {
    let path = format!("/instructions/{id}");
    let body = form.body.clone();
    let ack =
        load(&state, &viewer, &path, move |store, ctx| instructions::acknowledge(store, ctx, &id.to_string(), &body))
            .await?;
    Ok(Redirect::to(&format!("/instructions/{id}?body={}", ack.body_id.0)).into_response())
}

#[derive(Deserialize)]
pub(super) struct AgendaForm {
    #[serde(default)]
    assembly: Option<i64>,
}

/// Puts the instruction on an assembly's agenda; on to the assembly, where it is voted.
pub(super) async fn agenda(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm(viewer, form): CsrfForm<AgendaForm>,
) -> Result<Response, WebError> {
    let path = format!("/instructions/{id}");
    let Some(assembly) = form.assembly else {
        let text = tr(viewer.lang, "web-error-refused", &[]);
        return Err(WebError::bad_request(viewer.lang, false, text));
    };
    let motion = load(&state, &viewer, &path, move |store, ctx| {
        instructions::put_on_agenda(store, ctx, &id.to_string(), AssemblyId(assembly))
    })
    .await?;
    Ok(Redirect::to(&format!("/assemblies/{}#motion-{}", motion.assembly_id.0, motion.id.0)).into_response())
}
