//! The pages: a body's inbox (paged; waiting, overdue) with the form to raise one of its
//! resolutions, its authorities, a petition with its whole path and the forms of the holder (put
//! it before an assembly, record a reply, convene the delegation), and the printable oficio.

use askama::Template;
use axum::response::{IntoResponse, Redirect, Response};
use cabildo_domain::Body;
use cabildo_domain::assembly::AssemblyId;
use cabildo_i18n::{Lang, tr};
use cabildo_services::petitions::{
    self, AuthorityForm, AuthorityRecord, InboxFilter, Oficio, PetitionLine, PetitionView, ProposeForm, RaiseForm,
    ReplyForm, ReplyRecord, Standing, resolution_number,
};
use serde::Deserialize;

use crate::http::csrf::CsrfForm;
use crate::http::status::{status_of, text_of};
use crate::http::{Page, PageResult, Path, Query, Viewer, WebError};
use crate::ui::text::name;
use crate::ui::{Chrome, render};

pub(super) fn day(lang: Lang, at: i64) -> String {
    use chrono::Datelike;
    chrono::DateTime::from_timestamp(at, 0)
        .map(|t| t.with_timezone(&chrono::Local).date_naive())
        .map(|d| lang.date(d.year(), d.month(), d.day()))
        .unwrap_or_default()
}

pub(super) fn date(lang: Lang, d: cabildo_domain::Date) -> String {
    use chrono::Datelike;
    lang.date(d.year(), d.month(), d.day())
}

/// "Esperando respuesta desde el 01/12/2026" and the like.
pub(super) fn standing_text(lang: Lang, standing: Standing) -> String {
    name(&lang, "petition-standing", standing.code())
}

/// "Reunión el 10/12/2026 10:00 en …: text".
fn reply_text(lang: Lang, r: &ReplyRecord) -> String {
    let mut out = tr(
        lang,
        "petition-reply-line",
        &[("kind", name(&lang, "petition-reply", r.kind.code())), ("on", date(lang, r.received_on))],
    );
    if let Some(at) = &r.meeting_at {
        out.push_str(" · ");
        out.push_str(&tr(
            lang,
            "petition-meeting-at",
            &[("at", at.clone()), ("place", r.meeting_place.clone().unwrap_or_default())],
        ));
    }
    out
}

/// A petition in a list.
pub(super) struct LineView {
    id: i64,
    title: String,
    what: String,
    standing: String,
    overdue: bool,
    reply: Option<String>,
}

fn line_view(lang: Lang, l: &PetitionLine) -> LineView {
    let what = tr(
        lang,
        if l.record.kind == petitions::PetitionKind::Pliego { "petition-line-pliego" } else { "petition-line" },
        &[("origin", l.origin.name.clone()), ("holder", l.holder.name.clone()), ("on", day(lang, l.record.raised_at))],
    );
    LineView {
        id: l.record.id.0,
        title: l.record.title.clone(),
        what,
        standing: standing_text(lang, l.standing),
        overdue: l.standing.is_overdue(),
        reply: l.last_reply.as_ref().map(|r| reply_text(lang, r)),
    }
}

#[derive(Deserialize, Default)]
pub(super) struct InboxQuery {
    #[serde(default)]
    filter: Option<String>,
    #[serde(default)]
    page: Option<u64>,
}

/// The filter a query names (`waiting`, `overdue`; anything else: every petition).
pub(super) fn filter_of(filter: Option<&str>, today: cabildo_domain::Date) -> InboxFilter {
    match filter {
        Some("waiting") => InboxFilter::Waiting,
        Some("overdue") => InboxFilter::Overdue(today),
        _ => InboxFilter::All,
    }
}

fn filter_code(filter: InboxFilter) -> &'static str {
    match filter {
        InboxFilter::All => "all",
        InboxFilter::Waiting => "waiting",
        InboxFilter::Overdue(_) => "overdue",
    }
}

#[derive(Deserialize, Default)]
pub(super) struct RaiseFields {
    #[serde(default)]
    resolution: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    answer_by: String,
}

#[derive(Template)]
#[template(path = "petitions/inbox.html")]
pub(super) struct InboxPage {
    page: Chrome,
    body: Body,
    filter: &'static str,
    /// (code, label with its count).
    filters: Vec<(&'static str, String)>,
    lines: Vec<LineView>,
    showing: String,
    /// Links to the previous and next page.
    prev: Option<u64>,
    next: Option<u64>,
    may_run: bool,
    parent: Option<Body>,
    resolutions: Vec<(i64, String)>,
    form: RaiseFields,
    error: Option<String>,
}

fn inbox_page(
    viewer: &Viewer,
    path: String,
    i: petitions::Inbox,
    form: RaiseFields,
    error: Option<String>,
) -> InboxPage {
    let lang = viewer.lang;
    let filters = vec![
        ("all", tr(lang, "petition-filter-all", &[])),
        ("waiting", tr(lang, "petition-filter-waiting", &[("count", lang.count(i.waiting))])),
        ("overdue", tr(lang, "petition-filter-overdue", &[("count", lang.count(i.overdue))])),
    ];
    InboxPage {
        page: viewer.chrome(path),
        filter: filter_code(i.filter),
        filters,
        lines: i.lines.iter().map(|l| line_view(lang, l)).collect(),
        showing: tr(
            lang,
            "petition-showing",
            &[("count", lang.count(i.total)), ("page", (i.page + 1).to_string()), ("pages", i.pages.to_string())],
        ),
        prev: i.page.checked_sub(1),
        next: (i.page + 1 < i.pages).then_some(i.page + 1),
        may_run: i.may_run,
        resolutions: i.resolutions.iter().map(|r| (r.id, format!("{}: {}", resolution_number(r), r.title))).collect(),
        parent: i.parent,
        body: i.body,
        form,
        error,
    }
}

/// A body's inbox: the petitions it holds (`?filter=waiting|overdue`, `?page=`), and the form to
/// raise one of its resolutions to its parent.
pub(super) async fn inbox(
    Page { state, viewer }: Page,
    Path(id): Path<i64>,
    Query(query): Query<InboxQuery>,
) -> Result<Response, WebError> {
    let path = format!("/bodies/{id}/petitions");
    let ctx = viewer.ctx.clone();
    let filter = filter_of(query.filter.as_deref(), ctx.today);
    let page = query.page.unwrap_or(0);
    let found = state
        .run(move |store| petitions::inbox(store, &ctx, &id.to_string(), filter, page))
        .await
        .page(&viewer, &path)?;
    Ok(render(&inbox_page(&viewer, path, found, RaiseFields::default(), None)))
}

/// Raises a petition; refused, the inbox again with what was typed and why.
pub(super) async fn raise(
    Page { state, .. }: Page,
    Path(id): Path<i64>,
    CsrfForm(viewer, form): CsrfForm<RaiseFields>,
) -> Result<Response, WebError> {
    let path = format!("/bodies/{id}/petitions");
    let ctx = viewer.ctx.clone();
    let input =
        RaiseForm { resolution: form.resolution.clone(), to: form.to.clone(), answer_by: form.answer_by.clone() };
    match state.run(move |store| petitions::raise(store, &ctx, &id.to_string(), &input)).await {
        Ok(record) => Ok(Redirect::to(&format!("/petitions/{}", record.id.0)).into_response()),
        Err(e) if crate::http::status::not_about_the_form(&e) => Err(WebError::new(viewer.lang, e).at(&path)),
        Err(e) => {
            let status = status_of(&e);
            let error = Some(text_of(viewer.lang, &e));
            let ctx = viewer.ctx.clone();
            let found = state
                .run(move |store| petitions::inbox(store, &ctx, &id.to_string(), InboxFilter::All, 0))
                .await
                .page(&viewer, &path)?;
            Ok((status, render(&inbox_page(&viewer, path, found, form, error))).into_response())
        }
    }
}

#[derive(Deserialize, Default)]
pub(super) struct AuthorityFields {
    #[serde(default)]
    name: String,
    #[serde(default)]
    office: String,
    #[serde(default)]
    address: String,
}

#[derive(Template)]
#[template(path = "petitions/authorities.html")]
pub(super) struct AuthoritiesPage {
    page: Chrome,
    body: Body,
    list: Vec<AuthorityRecord>,
    may_add: bool,
    form: AuthorityFields,
    error: Option<String>,
}

fn authorities_page(
    viewer: &Viewer,
    path: String,
    found: petitions::Authorities,
    form: AuthorityFields,
    error: Option<String>,
) -> AuthoritiesPage {
    let petitions::Authorities { body, list, may_add } = found;
    AuthoritiesPage { page: viewer.chrome(path), body, list, may_add, form, error }
}

/// A body's outside authorities, and the form to add one.
pub(super) async fn authorities(Page { state, viewer }: Page, Path(id): Path<i64>) -> Result<Response, WebError> {
    let path = format!("/bodies/{id}/authorities");
    let ctx = viewer.ctx.clone();
    let found =
        state.run(move |store| petitions::authorities(store, &ctx, &id.to_string())).await.page(&viewer, &path)?;
    Ok(render(&authorities_page(&viewer, path, found, AuthorityFields::default(), None)))
}

/// Adds an authority; refused, the list again with what was typed and why.
pub(super) async fn add_authority(
    Page { state, .. }: Page,
    Path(id): Path<i64>,
    CsrfForm(viewer, form): CsrfForm<AuthorityFields>,
) -> Result<Response, WebError> {
    let path = format!("/bodies/{id}/authorities");
    let ctx = viewer.ctx.clone();
    let input = AuthorityForm { name: form.name.clone(), office: form.office.clone(), address: form.address.clone() };
    match state.run(move |store| petitions::add_authority(store, &ctx, &id.to_string(), &input)).await {
        Ok(_) => Ok(Redirect::to(&path).into_response()),
        Err(e) if crate::http::status::not_about_the_form(&e) => Err(WebError::new(viewer.lang, e).at(&path)),
        Err(e) => {
            let status = status_of(&e);
            let error = Some(text_of(viewer.lang, &e));
            let ctx = viewer.ctx.clone();
            let found = state
                .run(move |store| petitions::authorities(store, &ctx, &id.to_string()))
                .await
                .page(&viewer, &path)?;
            Ok((status, render(&authorities_page(&viewer, path, found, form, error))).into_response())
        }
    }
}

/// A step of the path as the page says it.
pub(super) struct StepView {
    what: String,
    resolution: Option<(i64, String)>,
    reasons: Option<String>,
}

#[derive(Template)]
#[template(path = "petitions/view.html")]
pub(super) struct ViewPage {
    page: Chrome,
    v: PetitionView,
    heading: String,
    standing: String,
    overdue: bool,
    resolution: String,
    steps: Vec<StepView>,
    /// (reply id, text, body text, delegation assembly, whether it may be convened).
    replies: Vec<(i64, String, String, Option<i64>, bool)>,
    addressed: Option<String>,
    pliego: Option<(i64, String, String)>,
    motions: Vec<(i64, i64, String)>,
    show_propose: bool,
    show_reply: bool,
    actions: Vec<(&'static str, String)>,
    reply_kinds: Vec<(&'static str, String)>,
    delegation_title: String,
    error: Option<String>,
}

fn view_page(viewer: &Viewer, path: String, v: PetitionView, error: Option<String>) -> ViewPage {
    let lang = viewer.lang;
    let steps = v
        .steps
        .iter()
        .map(|s| StepView {
            what: tr(
                lang,
                &format!("petition-step-{}", s.step.action.code()),
                &[
                    ("body", s.body.name.clone()),
                    ("to", s.to.as_ref().map(|b| b.name.clone()).unwrap_or_default()),
                    ("on", day(lang, s.step.at)),
                ],
            ),
            resolution: s.resolution.as_ref().map(|r| {
                (
                    r.id,
                    tr(lang, "petition-cites", &[("number", resolution_number(r)), ("on", date(lang, r.adopted_on))]),
                )
            }),
            reasons: (!s.step.reasons.is_empty()).then(|| s.step.reasons.clone()),
        })
        .collect();
    let may_convene = v.may_run;
    let replies = v
        .replies
        .iter()
        .map(|r| {
            let convene =
                may_convene && r.kind == cabildo_domain::petition::ReplyKind::Meeting && r.assembly_id.is_none();
            (r.id, reply_text(lang, r), r.text.clone(), r.assembly_id.map(|a| a.0), convene)
        })
        .collect();
    let addressed = match (&v.authority, &v.oficio) {
        (Some(a), Some(reference)) => Some(tr(
            lang,
            "petition-addressed-to",
            &[
                ("authority", format!("{} — {}", a.office, a.name)),
                ("reference", reference.clone()),
                ("by", v.record.reply_by.map(|d| date(lang, d)).unwrap_or_else(|| "—".into())),
            ],
        )),
        _ => None,
    };
    let pliego = v.pliego.as_ref().map(|(p, standing, _)| (p.id.0, p.title.clone(), standing_text(lang, *standing)));
    let motions = v
        .motions
        .iter()
        .map(|(link, m)| {
            let outcome = m.outcome.map_or_else(
                || name(&lang, "asm-motion-status", m.status.code()),
                |o| name(&lang, "outcome", o.code()),
            );
            (
                m.assembly_id.0,
                m.id.0,
                format!("{} — {} — {outcome}", name(&lang, "petition-action", link.action.code()), m.title),
            )
        })
        .collect();
    let waiting = v.record.status == petitions::PetitionStatus::Waiting;
    let kind_key =
        if v.record.kind == petitions::PetitionKind::Pliego { "petition-heading-pliego" } else { "petition-heading" };
    ViewPage {
        page: viewer.chrome(path),
        heading: tr(lang, kind_key, &[("number", v.record.id.0.to_string())]),
        standing: standing_text(lang, v.standing),
        overdue: v.standing.is_overdue(),
        resolution: tr(
            lang,
            "petition-origin-resolution",
            &[
                ("body", v.origin.name.clone()),
                ("number", resolution_number(&v.resolution)),
                ("on", date(lang, v.resolution.adopted_on)),
            ],
        ),
        steps,
        replies,
        addressed,
        pliego,
        motions,
        show_propose: waiting && v.may_run,
        show_reply: v.record.status == petitions::PetitionStatus::Addressed && v.may_run,
        actions: ["endorse", "return", "merge", "address"].map(|c| (c, name(&lang, "petition-action", c))).to_vec(),
        reply_kinds: ["meeting", "partial", "full", "refusal"].map(|c| (c, name(&lang, "petition-reply", c))).to_vec(),
        delegation_title: tr(
            lang,
            "petition-delegation-default",
            &[("authority", v.authority.as_ref().map(|a| a.name.clone()).unwrap_or_default())],
        ),
        error,
        v,
    }
}

/// A petition with its whole path, for whoever may see a body on it.
pub(super) async fn view(Page { state, viewer }: Page, Path(id): Path<i64>) -> Result<Response, WebError> {
    let path = format!("/petitions/{id}");
    let ctx = viewer.ctx.clone();
    let v = state.run(move |store| petitions::view(store, &ctx, &id.to_string())).await.page(&viewer, &path)?;
    Ok(render(&view_page(&viewer, path, v, None)))
}

/// A refused form of the petition's page: the page again with why.
async fn refused(
    state: &crate::state::AppState,
    viewer: &Viewer,
    id: i64,
    e: cabildo_services::ServiceError,
) -> Result<Response, WebError> {
    let path = format!("/petitions/{id}");
    if crate::http::status::not_about_the_form(&e) {
        return Err(WebError::new(viewer.lang, e).at(&path));
    }
    let status = status_of(&e);
    let error = Some(text_of(viewer.lang, &e));
    let ctx = viewer.ctx.clone();
    let v = state.run(move |store| petitions::view(store, &ctx, &id.to_string())).await.page(viewer, &path)?;
    Ok((status, render(&view_page(viewer, path, v, error))).into_response())
}

#[derive(Deserialize, Default)]
pub(super) struct ProposeFields {
    #[serde(default)]
    assembly: Option<i64>,
    #[serde(default)]
    action: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    reasons: String,
    /// The petitions to merge with, one checkbox each (`others=12&others=14`) or typed.
    #[serde(default)]
    others: Vec<String>,
    #[serde(default)]
    authority: String,
    #[serde(default)]
    reply_by: String,
}

/// Puts the petition before an assembly in session of its holder; on to the assembly.
pub(super) async fn propose(
    Page { state, .. }: Page,
    Path(id): Path<i64>,
    CsrfForm(viewer, form): CsrfForm<ProposeFields>,
) -> Result<Response, WebError> {
    let Some(assembly) = form.assembly else {
        let text = tr(viewer.lang, "web-error-refused", &[]);
        return Err(WebError::bad_request(viewer.lang, false, text));
    };
    let ctx = viewer.ctx.clone();
    let input = ProposeForm {
        action: form.action,
        title: form.title,
        reasons: form.reasons,
        others: form.others.join(","),
        authority: form.authority,
        reply_by: form.reply_by,
    };
    match state.run(move |store| petitions::propose(store, &ctx, &id.to_string(), AssemblyId(assembly), &input)).await {
        Ok(motion) => {
            Ok(Redirect::to(&format!("/assemblies/{}#motion-{}", motion.assembly_id.0, motion.id.0)).into_response())
        }
        Err(e) => refused(&state, &viewer, id, e).await,
    }
}

#[derive(Deserialize, Default)]
pub(super) struct ReplyFields {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    received_on: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    meeting_at: String,
    #[serde(default)]
    meeting_place: String,
}

/// Records an authority's reply; back to the petition.
pub(super) async fn reply(
    Page { state, .. }: Page,
    Path(id): Path<i64>,
    CsrfForm(viewer, form): CsrfForm<ReplyFields>,
) -> Result<Response, WebError> {
    let ctx = viewer.ctx.clone();
    let input = ReplyForm {
        kind: form.kind,
        received_on: form.received_on,
        text: form.text,
        meeting_at: form.meeting_at.replace('T', " "),
        meeting_place: form.meeting_place,
    };
    match state.run(move |store| petitions::reply(store, &ctx, &id.to_string(), &input)).await {
        Ok(r) => Ok(Redirect::to(&format!("/petitions/{id}#reply-{}", r.id)).into_response()),
        Err(e) => refused(&state, &viewer, id, e).await,
    }
}

#[derive(Deserialize, Default)]
pub(super) struct DelegationFields {
    #[serde(default)]
    reply: i64,
    #[serde(default)]
    title: String,
}

/// Convenes the delegation for a meeting date; on to its assembly.
pub(super) async fn delegation(
    Page { state, .. }: Page,
    Path(id): Path<i64>,
    CsrfForm(viewer, form): CsrfForm<DelegationFields>,
) -> Result<Response, WebError> {
    let ctx = viewer.ctx.clone();
    match state
        .run(move |store| petitions::convene_delegation(store, &ctx, &id.to_string(), form.reply, &form.title))
        .await
    {
        Ok(a) => Ok(Redirect::to(&format!("/assemblies/{}", a.id.0)).into_response()),
        Err(e) => refused(&state, &viewer, id, e).await,
    }
}

#[derive(Template)]
#[template(path = "petitions/oficio.html")]
pub(super) struct OficioPage {
    page: Chrome,
    o: Oficio,
    place_date: String,
    citations: Vec<String>,
}

/// The oficio, a letter to print (A4): reference, authority, what is asked, the resolutions of
/// every level, the signature lines of the holder's officers.
pub(super) async fn oficio(Page { state, viewer }: Page, Path(id): Path<i64>) -> Result<Response, WebError> {
    let path = format!("/petitions/{id}/oficio");
    let ctx = viewer.ctx.clone();
    let o = state.run(move |store| petitions::oficio(store, &ctx, &id.to_string())).await.page(&viewer, &path)?;
    let lang = viewer.lang;
    let citations = o
        .view
        .citations
        .iter()
        .map(|c| {
            tr(
                lang,
                "petition-citation",
                &[
                    ("number", resolution_number(&c.resolution)),
                    ("body", c.body.name.clone()),
                    ("on", date(lang, c.resolution.adopted_on)),
                    ("title", c.resolution.title.clone()),
                ],
            )
        })
        .collect();
    let place_date = day(lang, o.dated);
    Ok(render(&OficioPage { page: viewer.chrome(path), o, place_date, citations }))
}
