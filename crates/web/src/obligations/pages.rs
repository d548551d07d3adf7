//! The pages: a body's obligations (what its officers owe and what others owe it, its demands,
//! the form to state one), an officer's record, a demand for explanation, and an assembly's
//! accountability (visiting officers, demands heard there, informes, the demand form).

use std::collections::HashMap;

use askama::Template;
use axum::response::{IntoResponse, Redirect, Response};
use cabildo_domain::Body;
use cabildo_domain::assembly::{AssemblyId, AssemblyKind};
use cabildo_domain::obligation::{Cadence, Standing};
use cabildo_i18n::{Lang, tr};
use cabildo_services::obligations::{
    self, AssemblyAccountability, BodyObligations, DemandForm, DemandView, InformeForm, Ledger, ObligationForm,
    OfficerRecord,
};

use super::words::{
    cell_words, day, demand_status_word, duty_words, office_words, period_short, standing_word, summary_words,
};
use crate::http::csrf::CsrfForm;
use crate::http::status::{not_about_the_form, status_of, text_of};
use crate::http::{Page, PageResult, Path, Viewer, WebError};
use crate::ui::text::name;
use crate::ui::{Chrome, render};

type Values = HashMap<String, String>;

fn val(values: &Values, name: &str) -> String {
    values.get(name).map_or_else(String::new, |v| v.trim().to_string())
}

fn class_of(s: Standing) -> &'static str {
    match s {
        Standing::Attended(_) => "kept",
        Standing::Excused(_) => "excused",
        Standing::Overdue => "overdue",
        Standing::Pending => "pending",
    }
}

/// A row of an obligation due at every assembly.
pub(super) struct AssemblyRow {
    body: String,
    date: String,
    title: String,
    assembly: Option<i64>,
    class: &'static str,
    word: String,
}

/// A body owed and its periods.
pub(super) struct GridRow {
    body_id: i64,
    body: String,
    /// (class, word, day).
    cells: Vec<(&'static str, String, String)>,
}

/// An obligation as a page shows it.
pub(super) struct LedgerBlock {
    id: i64,
    heading: String,
    duty: String,
    summary: String,
    /// (office id, "Juan Pérez"): who holds the office today (links to their record).
    holders: Vec<(i64, String)>,
    heads: Vec<String>,
    grid: Vec<GridRow>,
    rows: Vec<AssemblyRow>,
    overdue: u64,
    /// "Ended on 31/12/2026: …", once ended.
    ended: Option<String>,
    /// Whether the viewer may end it here (on the stating body's page, who may change its statute).
    may_end: bool,
    today: String,
}

fn block(lang: Lang, l: &Ledger, may_end: bool, today: cabildo_domain::Date) -> LedgerBlock {
    let office = office_words(lang, l.record.office_title.as_deref());
    let heading = tr(lang, "oblig-heading", &[("office", office), ("body", l.body.name.clone())]);
    let holders = l.holders.iter().map(|o| (o.id.0, format!("{} ({})", o.holder.display(), o.title))).collect();
    let mut heads = Vec::new();
    let mut grid = Vec::new();
    let mut rows = Vec::new();
    if l.record.cadence == Cadence::EveryAssembly {
        let names: HashMap<_, _> = l.owed.iter().map(|b| (b.id, b.name.clone())).collect();
        for line in &l.lines {
            rows.push(AssemblyRow {
                body: names.get(&line.body).cloned().unwrap_or_default(),
                date: line.assembly.as_ref().map(|a| day(lang, a.day)).unwrap_or_default(),
                title: line.assembly.as_ref().map(|a| a.title.clone()).unwrap_or_default(),
                assembly: line.assembly.as_ref().map(|a| a.id.0),
                class: class_of(line.standing),
                word: standing_word(lang, line.standing),
            });
        }
    } else {
        let mut periods: Vec<_> = l.lines.iter().filter_map(|x| x.period).collect();
        periods.dedup();
        heads = periods.iter().map(|p| period_short(lang, l.record.cadence, p)).collect();
        for (body, lines) in l.by_body() {
            grid.push(GridRow {
                body_id: body.id.0,
                body: body.name.clone(),
                cells: lines
                    .iter()
                    .map(|x| {
                        let (word, day) = cell_words(lang, x);
                        (class_of(x.standing), word, day)
                    })
                    .collect(),
            });
        }
    }
    LedgerBlock {
        id: l.record.id.0,
        heading,
        duty: duty_words(lang, l),
        summary: summary_words(lang, &l.summary),
        holders,
        heads,
        grid,
        rows,
        overdue: l.summary.overdue,
        ended: l.record.ended_on.map(|d| tr(lang, "oblig-ended", &[("on", day(lang, d))])),
        may_end: may_end && l.record.ended_on.is_none(),
        today: today.to_string(),
    }
}

/// A demand in a list.
pub(super) struct DemandLine {
    id: i64,
    text: String,
    status: String,
    open: bool,
    place: Option<String>,
}

fn demand_line(lang: Lang, d: &DemandView) -> DemandLine {
    let text = tr(
        lang,
        "demand-line",
        &[
            ("base", d.base.name.clone()),
            ("holder", d.office.holder.display()),
            ("office", d.office.title.clone()),
            ("body", d.venue.name.clone()),
        ],
    );
    let place = d.venue_assembly.as_ref().map(|a| {
        tr(lang, "demand-place", &[("assembly", a.title.clone()), ("date", day(lang, a.scheduled_for.date()))])
    });
    DemandLine { id: d.record.id, text, status: demand_status_word(lang, d.record.status), open: d.is_open(), place }
}

// --- a body's obligations ----------------------------------------------------------------------

#[derive(Template)]
#[template(path = "obligations/body.html")]
pub(super) struct BodyPage {
    page: Chrome,
    body: Body,
    summary: String,
    stated: Vec<LedgerBlock>,
    towards: Vec<LedgerBlock>,
    demands: Vec<DemandLine>,
    may_state: bool,
    offices: Vec<(String, String)>,
    kinds: Vec<(String, String)>,
    assembly_kinds: Vec<(String, String)>,
    cadences: Vec<(String, String)>,
    form: Values,
    error: Option<String>,
}

impl BodyPage {
    fn chosen(&self, field: &str, value: &str) -> bool {
        val(&self.form, field) == value
    }

    fn value(&self, field: &str) -> String {
        val(&self.form, field)
    }
}

fn body_page(viewer: &Viewer, path: String, found: BodyObligations, form: Values, error: Option<String>) -> BodyPage {
    let lang = viewer.lang;
    let mut offices = vec![(String::new(), tr(lang, "oblig-directiva-whole", &[]))];
    offices.extend(found.offices.iter().map(|o| (o.title.clone(), o.title.clone())));
    BodyPage {
        page: viewer.chrome(path),
        summary: summary_words(lang, &found.summary),
        stated: found.stated.iter().map(|l| block(lang, l, found.may_state, viewer.ctx.today)).collect(),
        towards: found.towards.iter().map(|l| block(lang, l, false, viewer.ctx.today)).collect(),
        demands: found.demands.iter().map(|d| demand_line(lang, d)).collect(),
        may_state: found.may_state,
        offices,
        kinds: found.kinds.iter().map(|k| (k.code().to_string(), name(&lang, "kind", k.code()))).collect(),
        assembly_kinds: AssemblyKind::ALL
            .iter()
            .map(|k| (k.code().to_string(), name(&lang, "assembly-kind", k.code())))
            .collect(),
        cadences: Cadence::ALL
            .iter()
            .map(|c| (c.code().to_string(), tr(lang, &format!("oblig-cadence-{}", c.code().replace('_', "-")), &[])))
            .collect(),
        body: found.body,
        form,
        error,
    }
}

/// A body's obligations: what its officers owe, what officers of other bodies owe it, its demands
/// for explanation, and the form to state an obligation.
pub(super) async fn body_obligations(Page { state, viewer }: Page, Path(id): Path<i64>) -> Result<Response, WebError> {
    let path = format!("/bodies/{id}/obligations");
    let ctx = viewer.ctx.clone();
    let found =
        state.run(move |store| obligations::for_body(store, &ctx, &id.to_string())).await.page(&viewer, &path)?;
    let mut form = Values::new();
    form.insert("cadence".into(), "quarter".into());
    Ok(render(&body_page(&viewer, path, found, form, None)))
}

/// States an obligation; refused, the page again with what was typed and why.
pub(super) async fn state_obligation(
    axum::extract::State(state): axum::extract::State<crate::state::AppState>,
    Path(id): Path<i64>,
    CsrfForm(viewer, form): CsrfForm<Values>,
) -> Result<Response, WebError> {
    let path = format!("/bodies/{id}/obligations");
    let ctx = viewer.ctx.clone();
    let input = ObligationForm {
        office: val(&form, "office"),
        target: val(&form, "target"),
        child_kind: val(&form, "child_kind"),
        assembly_kind: val(&form, "assembly_kind"),
        cadence: val(&form, "cadence"),
        since: val(&form, "since"),
    };
    match state.run(move |store| obligations::state(store, &ctx, &id.to_string(), &input)).await {
        Ok(record) => Ok(Redirect::to(&format!("/bodies/{id}/obligations#obligation-{}", record.id.0)).into_response()),
        Err(e) if not_about_the_form(&e) => Err(WebError::new(viewer.lang, e).at(&path)),
        Err(e) => {
            let status = status_of(&e);
            let error = Some(text_of(viewer.lang, &e));
            let ctx = viewer.ctx.clone();
            let found = state
                .run(move |store| obligations::for_body(store, &ctx, &id.to_string()))
                .await
                .page(&viewer, &path)?;
            Ok((status, render(&body_page(&viewer, path, found, form, error))).into_response())
        }
    }
}

/// Ends an obligation from its body's page; refused, the page again with the message on top.
pub(super) async fn end_obligation(
    axum::extract::State(state): axum::extract::State<crate::state::AppState>,
    Path(id): Path<i64>,
    CsrfForm(viewer, form): CsrfForm<Values>,
) -> Result<Response, WebError> {
    let ctx = viewer.ctx.clone();
    let on = val(&form, "on");
    let ended = state.run(move |store| obligations::end(store, &ctx, &id.to_string(), &on)).await;
    match ended {
        Ok(record) => {
            let to = format!("/bodies/{}/obligations#obligation-{id}", record.body_id.0);
            Ok(Redirect::to(&to).into_response())
        }
        Err(e) if not_about_the_form(&e) && status_of(&e) != axum::http::StatusCode::CONFLICT => {
            Err(WebError::new(viewer.lang, e).at(format!("/obligations/{id}/end")))
        }
        Err(e) => {
            let status = status_of(&e);
            let error = Some(text_of(viewer.lang, &e));
            let ctx = viewer.ctx.clone();
            let body = state
                .run(move |store| obligations::view(store, &ctx, &id.to_string()))
                .await
                .page(&viewer, "/")?
                .body
                .id;
            let path = format!("/bodies/{}/obligations", body.0);
            let ctx = viewer.ctx.clone();
            let found = state
                .run(move |store| obligations::for_body(store, &ctx, &body.0.to_string()))
                .await
                .page(&viewer, &path)?;
            Ok((status, render(&body_page(&viewer, path, found, Values::new(), error))).into_response())
        }
    }
}

// --- an officer's record -----------------------------------------------------------------------

#[derive(Template)]
#[template(path = "obligations/office.html")]
pub(super) struct OfficePage {
    page: Chrome,
    heading: String,
    body: Body,
    term: String,
    summary: String,
    ledgers: Vec<LedgerBlock>,
    demands: Vec<DemandLine>,
}

/// The record of an office's holder: each obligation over their term, and the demands made of them.
pub(super) async fn office_record(Page { state, viewer }: Page, Path(id): Path<i64>) -> Result<Response, WebError> {
    let path = format!("/offices/{id}/obligations");
    let ctx = viewer.ctx.clone();
    let found: OfficerRecord =
        state.run(move |store| obligations::for_office(store, &ctx, id)).await.page(&viewer, &path)?;
    let lang = viewer.lang;
    let o = &found.office;
    let term = match o.ended_on.or(o.term_end) {
        Some(until) => {
            tr(lang, "oblig-office-term-until", &[("from", day(lang, o.term_start)), ("until", day(lang, until))])
        }
        None => tr(lang, "oblig-office-term", &[("from", day(lang, o.term_start))]),
    };
    Ok(render(&OfficePage {
        page: viewer.chrome(path),
        heading: tr(lang, "oblig-office-heading", &[("holder", o.holder.display()), ("office", o.title.clone())]),
        term,
        summary: summary_words(lang, &found.summary),
        ledgers: found.ledgers.iter().map(|l| block(lang, l, false, viewer.ctx.today)).collect(),
        demands: found.demands.iter().map(|d| demand_line(lang, d)).collect(),
        body: found.body,
    }))
}

// --- a demand for explanation ------------------------------------------------------------------

#[derive(Template)]
#[template(path = "obligations/demand.html")]
pub(super) struct DemandPage {
    page: Chrome,
    line: DemandLine,
    base: Body,
    venue: Body,
    office_id: i64,
    resolution: Option<String>,
    opened: Option<String>,
    closed: Option<String>,
    venue_assembly: Option<(i64, String)>,
    item: Option<String>,
    present: String,
    informes: Vec<(String, String)>,
    may_close: bool,
    error: Option<String>,
}

fn moment_day(lang: Lang, at: i64) -> String {
    chrono::DateTime::from_timestamp(at, 0).map(|t| day(lang, t.date_naive())).unwrap_or_default()
}

fn demand_page(viewer: &Viewer, path: String, d: DemandView, error: Option<String>) -> DemandPage {
    let lang = viewer.lang;
    DemandPage {
        page: viewer.chrome(path),
        line: demand_line(lang, &d),
        office_id: d.office.id.0,
        resolution: d.resolution.clone(),
        opened: d.record.opened_at.map(|t| moment_day(lang, t)),
        closed: d.record.closed_at.map(|t| {
            tr(
                lang,
                "demand-closed-on",
                &[("date", moment_day(lang, t)), ("by", d.record.closed_by.clone().unwrap_or_default())],
            )
        }),
        venue_assembly: d
            .venue_assembly
            .as_ref()
            .map(|a| (a.id.0, format!("{} — {}", a.title, day(lang, a.scheduled_for.date())))),
        item: d.item.as_ref().map(|i| format!("{}. {}", i.position, i.title)),
        present: tr(lang, if d.officer_present { "demand-officer-present" } else { "demand-officer-not-present" }, &[]),
        informes: d.informes.iter().map(|i| (moment_day(lang, i.submitted_at), i.text.clone())).collect(),
        may_close: d.may_close && d.venue_assembly.is_some(),
        base: d.base,
        venue: d.venue,
        error,
    }
}

pub(super) async fn demand(Page { state, viewer }: Page, Path(id): Path<i64>) -> Result<Response, WebError> {
    let path = format!("/demands/{id}");
    let ctx = viewer.ctx.clone();
    let d =
        state.run(move |store| obligations::demand_view(store, &ctx, &id.to_string())).await.page(&viewer, &path)?;
    Ok(render(&demand_page(&viewer, path, d, None)))
}

/// Marks the demand's item dealt with; refused (the officer not recorded present), the page again
/// saying why.
pub(super) async fn close_demand(
    axum::extract::State(state): axum::extract::State<crate::state::AppState>,
    Path(id): Path<i64>,
    CsrfForm(viewer, _form): CsrfForm<Values>,
) -> Result<Response, WebError> {
    let path = format!("/demands/{id}");
    let ctx = viewer.ctx.clone();
    match state.run(move |store| obligations::close_demand(store, &ctx, &id.to_string())).await {
        Ok(_) => Ok(Redirect::to(&path).into_response()),
        Err(e) if not_about_the_form(&e) => Err(WebError::new(viewer.lang, e).at(&path)),
        Err(e) => {
            let status = status_of(&e);
            let error = Some(text_of(viewer.lang, &e));
            let ctx = viewer.ctx.clone();
            let d = state
                .run(move |store| obligations::demand_view(store, &ctx, &id.to_string()))
                .await
                .page(&viewer, &path)?;
            Ok((status, render(&demand_page(&viewer, path, d, error))).into_response())
        }
    }
}

// --- an assembly's accountability --------------------------------------------------------------

#[derive(Template)]
#[template(path = "obligations/assembly.html")]
pub(super) struct AssemblyPage {
    page: Chrome,
    id: i64,
    title: String,
    body: Body,
    open: bool,
    may_run: bool,
    /// (office id, "Juan Pérez, Secretario General de F1").
    expected: Vec<(i64, String)>,
    /// ("Juan Pérez, Secretario General de F1", status).
    visitors: Vec<(String, String)>,
    demands: Vec<DemandLine>,
    /// (item, office, text).
    informes: Vec<(String, String, String)>,
    items: Vec<(i64, String)>,
    my_offices: Vec<(i64, String)>,
    demandable: Vec<(i64, String)>,
    form: Values,
    error: Option<String>,
}

impl AssemblyPage {
    fn value(&self, field: &str) -> String {
        val(&self.form, field)
    }
}

fn who(lang: Lang, holder: String, office: &str, body: &str) -> String {
    tr(lang, "oblig-who", &[("holder", holder), ("office", office.to_string()), ("body", body.to_string())])
}

fn assembly_page(
    viewer: &Viewer,
    path: String,
    a: AssemblyAccountability,
    form: Values,
    error: Option<String>,
) -> AssemblyPage {
    let lang = viewer.lang;
    AssemblyPage {
        page: viewer.chrome(path),
        id: a.assembly.id.0,
        title: format!("{} — {}", a.assembly.title, day(lang, a.assembly.scheduled_for.date())),
        open: a.assembly.status == cabildo_domain::assembly::AssemblyStatus::Open,
        may_run: a.may_run,
        expected: a.expected.iter().map(|(o, b)| (o.id.0, who(lang, o.holder.display(), &o.title, &b.name))).collect(),
        visitors: a
            .visitors
            .iter()
            .map(|v| {
                (
                    who(lang, v.office.holder.display(), &v.office.title, &v.body.name),
                    name(&lang, "attendance", v.record.status.code()),
                )
            })
            .collect(),
        demands: a.demands.iter().map(|d| demand_line(lang, d)).collect(),
        informes: a
            .informes
            .iter()
            .map(|i| {
                (
                    i.item.as_ref().map(|x| format!("{}. {}", x.position, x.title)).unwrap_or_default(),
                    who(lang, i.office.holder.display(), &i.office.title, &i.body.name),
                    i.record.text.clone(),
                )
            })
            .collect(),
        items: a.items.iter().map(|i| (i.position, format!("{}. {}", i.position, i.title))).collect(),
        my_offices: a.my_offices.iter().map(|o| (o.id.0, o.title.clone())).collect(),
        demandable: a
            .demandable
            .iter()
            .map(|(o, b)| (o.id.0, who(lang, o.holder.display(), &o.title, &b.name)))
            .collect(),
        body: a.body,
        form,
        error,
    }
}

async fn accountability_page(
    state: &crate::state::AppState,
    viewer: &Viewer,
    id: i64,
    form: Values,
    error: Option<String>,
) -> Result<AssemblyPage, WebError> {
    let path = format!("/assemblies/{id}/accountability");
    let ctx = viewer.ctx.clone();
    let a = state
        .run(move |store| obligations::assembly_accountability(store, &ctx, AssemblyId(id)))
        .await
        .page(viewer, &path)?;
    Ok(assembly_page(viewer, path, a, form, error))
}

pub(super) async fn accountability(Page { state, viewer }: Page, Path(id): Path<i64>) -> Result<Response, WebError> {
    Ok(render(&accountability_page(&state, &viewer, id, Values::new(), None).await?))
}

/// What a form of the accountability page did: back to the page, or the page with why not.
async fn after(
    state: &crate::state::AppState,
    viewer: &Viewer,
    id: i64,
    form: Values,
    done: Result<(), cabildo_services::ServiceError>,
) -> Result<Response, WebError> {
    let path = format!("/assemblies/{id}/accountability");
    match done {
        Ok(()) => Ok(Redirect::to(&path).into_response()),
        Err(e) if not_about_the_form(&e) => Err(WebError::new(viewer.lang, e).at(&path)),
        Err(e) => {
            let status = status_of(&e);
            let error = Some(text_of(viewer.lang, &e));
            Ok((status, render(&accountability_page(state, viewer, id, form, error).await?)).into_response())
        }
    }
}

/// Records a visiting officer at the door (present, or excused with `excused=1`).
pub(super) async fn record_visitor(
    axum::extract::State(state): axum::extract::State<crate::state::AppState>,
    Path(id): Path<i64>,
    CsrfForm(viewer, form): CsrfForm<Values>,
) -> Result<Response, WebError> {
    let ctx = viewer.ctx.clone();
    let office = val(&form, "office").parse::<i64>().unwrap_or(0);
    let excused = val(&form, "excused") == "1";
    let done =
        state.run(move |store| obligations::record_visit(store, &ctx, AssemblyId(id), office, excused).map(drop)).await;
    after(&state, &viewer, id, form, done).await
}

/// Moves a demand for explanation in the assembly.
pub(super) async fn move_demand(
    axum::extract::State(state): axum::extract::State<crate::state::AppState>,
    Path(id): Path<i64>,
    CsrfForm(viewer, form): CsrfForm<Values>,
) -> Result<Response, WebError> {
    let ctx = viewer.ctx.clone();
    let input = DemandForm {
        office: val(&form, "office"),
        venue: val(&form, "venue"),
        title: val(&form, "title"),
        text: val(&form, "text"),
    };
    let done = state.run(move |store| obligations::move_demand(store, &ctx, AssemblyId(id), &input).map(drop)).await;
    after(&state, &viewer, id, form, done).await
}

/// Submits an informe under an agenda item.
pub(super) async fn submit_informe(
    axum::extract::State(state): axum::extract::State<crate::state::AppState>,
    Path(id): Path<i64>,
    CsrfForm(viewer, form): CsrfForm<Values>,
) -> Result<Response, WebError> {
    let ctx = viewer.ctx.clone();
    let input = InformeForm { office: val(&form, "office"), item: val(&form, "item"), text: val(&form, "text") };
    let done = state.run(move |store| obligations::submit_informe(store, &ctx, AssemblyId(id), &input).map(drop)).await;
    after(&state, &viewer, id, form, done).await
}
