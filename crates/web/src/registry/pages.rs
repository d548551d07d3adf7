//! The register's pages: the tree of bodies, a body, a family, a body's change history, and a
//! body's public page.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use cabildo_domain::{Body, Household, HouseholdId, Office, Parcel};
use cabildo_services::assembly;
use cabildo_services::history;
use cabildo_services::registry::{self, BodyOverview, TreeLine};
use serde::Deserialize;

use crate::http::csrf::CsrfForm;
use crate::http::{Page, PageResult, Path, Remember, Viewer, WebError};
use crate::state::AppState;
use crate::ui::{Chrome, render};

#[derive(Template)]
#[template(path = "registry/tree.html")]
struct TreePage {
    page: Chrome,
    lines: Vec<TreeLine>,
    truncated: bool,
}

/// Levels shown under each top body: the rest is one click away, and the page stays small.
const TREE_DEPTH: usize = 2;

pub(super) async fn tree(State(state): State<AppState>, viewer: Viewer) -> Result<Response, WebError> {
    let path = "/bodies";
    if !viewer.signed_in() {
        return Err(WebError::new(viewer.lang, cabildo_services::ServiceError::SignInRequired).at(path));
    }
    let ctx = viewer.ctx.clone();
    let lines = state.run(move |store| registry::tree_report(store, &ctx, None)).await.page(&viewer, path)?;
    let truncated = lines.iter().any(|l| l.depth > TREE_DEPTH);
    let lines = lines.into_iter().filter(|l| l.depth <= TREE_DEPTH).collect();
    Ok(render(&TreePage { page: viewer.chrome(path), lines, truncated }))
}

#[derive(Template)]
#[template(path = "registry/body.html")]
struct BodyPage {
    page: Chrome,
    o: BodyOverview,
    kind_id: String,
    current_offices: Vec<Office>,
    may_see_members: bool,
    /// The recalls under way of the body's officers or that it is a base of: each recall's
    /// number and what it says.
    recalls: Vec<(i64, String)>,
    /// Instructions from above the body has not acknowledged yet: (id, what, by when).
    pending_instructions: Vec<(i64, String, Option<String>)>,
    /// The open consultas that reach the body: what is asked, by whom, by when, answered or not.
    consultas: Vec<cabildo_services::consulta::ConsultaNotice>,
    /// The petitions the body raised or that passed through it, and their pliegos: (id, title,
    /// origin and holder, standing, last reply, overdue).
    petitions: Vec<(i64, String, String, String, Option<String>, bool)>,
}

impl BodyPage {
    /// "Respondida en «Asamblea ordinaria» del 12/12/2026" or "Sin responder; plazo: 15/12/2026".
    fn consulta_state(&self, n: &cabildo_services::consulta::ConsultaNotice) -> String {
        let lang = self.page.lang;
        let deadline = n.consulta.deadline.format("%d/%m/%Y").to_string();
        match &n.answer {
            Some(a) => cabildo_i18n::tr(
                lang,
                if a.late { "consulta-answered-late" } else { "consulta-answered-in" },
                &[("assembly", a.assembly_title.clone()), ("date", a.scheduled_for.format("%d/%m/%Y").to_string())],
            ),
            None if n.overdue => cabildo_i18n::tr(lang, "consulta-unanswered-overdue", &[("deadline", deadline)]),
            None => cabildo_i18n::tr(lang, "consulta-unanswered", &[("deadline", deadline)]),
        }
    }
}

/// A body's page, kept rendered and gzipped for the viewer until the next write (`Remember`).
pub(super) async fn body(page: Page, remember: Remember, id: Path<i64>) -> Result<Response, WebError> {
    if let Some(kept) = remember.hit(&page.state, &page.viewer) {
        return Ok(kept);
    }
    let (state, viewer) = (page.state.clone(), page.viewer.clone());
    let rendered = body_page(page, id).await?;
    Ok(remember.keep(&state, &viewer, rendered).await)
}

async fn body_page(Page { state, viewer }: Page, Path(id): Path<i64>) -> Result<Response, WebError> {
    let path = format!("/bodies/{id}");
    let o = super::reads::body_overview(&state, &viewer.ctx, id).await.page(&viewer, &path)?;
    let may_see_members = o.may_see_members;
    let today = viewer.ctx.today;
    let current_offices = o.offices.iter().filter(|office| office.is_current(today)).cloned().collect();
    let kind_id = format!("kind-{}", o.body.kind.code());
    let ctx = viewer.ctx.clone();
    let (_, lines) = state
        .run(move |store| cabildo_services::assembly::body_recalls(store, &ctx, &id.to_string()))
        .await
        .page(&viewer, &path)?;
    let recalls = lines
        .iter()
        .filter(|l| l.status == cabildo_domain::recall::RecallStatus::UnderWay)
        .map(|l| {
            let args = [
                ("holder", l.office.holder.display()),
                ("office", l.office.title.clone()),
                ("body", l.body.clone()),
                ("adopted", l.adopted.to_string()),
                ("needed", l.needed.to_string()),
                ("closes", l.recall.closes_on.format("%d/%m/%Y").to_string()),
            ];
            (l.recall.id, cabildo_i18n::tr(viewer.lang, "recall-under-way-line", &args))
        })
        .collect();
    let body_id = o.body.id;
    let ctx = viewer.ctx.clone();
    let lang = viewer.lang;
    let cached =
        |store: &cabildo_services::Store| cabildo_services::instructions::pending_cached(store, &viewer.ctx, body_id);
    let pending = state
        .read(cached, move |store| cabildo_services::instructions::pending_for(store, &ctx, body_id))
        .await
        .page(&viewer, &path)?;
    let pending_instructions = pending
        .0
        .iter()
        .map(|p| {
            let what = cabildo_i18n::tr(
                lang,
                "instr-pending-line",
                &[
                    ("number", cabildo_services::instructions::resolution_number(&p.resolution)),
                    ("sender", p.sender.name.clone()),
                    ("title", p.resolution.title.clone()),
                ],
            );
            let until = p.record.ack_by.map(|d| {
                use chrono::Datelike;
                cabildo_i18n::tr(lang, "instr-until", &[("date", lang.date(d.year(), d.month(), d.day()))])
            });
            (p.record.id.0, what, until)
        })
        .collect();
    let ctx = viewer.ctx.clone();
    let consultas = state
        .run(move |store| cabildo_services::consulta::notices(store, &ctx, &id.to_string()))
        .await
        .page(&viewer, &path)?;
    let ctx = viewer.ctx.clone();
    let petitions = state
        .run(move |store| cabildo_services::petitions::for_body(store, &ctx, body_id))
        .await
        .page(&viewer, &path)?
        .iter()
        .map(|l| {
            let who = cabildo_i18n::tr(
                lang,
                "petition-on-body",
                &[("origin", l.origin.name.clone()), ("holder", l.holder.name.clone())],
            );
            let reply = l.last_reply.as_ref().map(|r| {
                use chrono::Datelike;
                let on = lang.date(r.received_on.year(), r.received_on.month(), r.received_on.day());
                let kind = crate::ui::text::name(&lang, "petition-reply", r.kind.code());
                let mut text = cabildo_i18n::tr(lang, "petition-reply-line", &[("kind", kind), ("on", on)]);
                if let Some(at) = &r.meeting_at {
                    let place = r.meeting_place.clone().unwrap_or_default();
                    text.push_str(" · ");
                    text.push_str(&cabildo_i18n::tr(
                        lang,
                        "petition-meeting-at",
                        &[("at", at.clone()), ("place", place)],
                    ));
                }
                text
            });
            let standing = crate::ui::text::name(&lang, "petition-standing", l.standing.code());
            (l.record.id.0, l.record.title.clone(), who, standing, reply, l.standing.is_overdue())
        })
        .collect();
    Ok(render(&BodyPage {
        page: viewer.chrome(path),
        o,
        petitions,
        kind_id,
        current_offices,
        may_see_members,
        recalls,
        pending_instructions,
        consultas,
    }))
}

#[derive(Template)]
#[template(path = "registry/household.html")]
struct HouseholdPage {
    page: Chrome,
    h: Household,
    parcels: Vec<Parcel>,
    /// Whether the viewer may edit the family (the page links to its forms).
    may_edit: bool,
}

pub(super) async fn household(Page { state, viewer }: Page, Path(id): Path<i64>) -> Result<Response, WebError> {
    let path = format!("/households/{id}");
    let ctx = viewer.ctx.clone();
    let ((h, parcels), may_edit) = state
        .run(move |store| {
            let detail = registry::household_detail(store, &ctx, HouseholdId(id))?;
            Ok((detail, registry::may_edit_household(store, &ctx, HouseholdId(id))))
        })
        .await
        .page(&viewer, &path)?;
    Ok(render(&HouseholdPage { page: viewer.chrome(path), h, parcels, may_edit }))
}

#[derive(Template)]
#[template(path = "registry/audit.html")]
struct AuditPage {
    page: Chrome,
    body: Body,
    /// When (local time), who, and what happened, in words.
    events: Vec<(String, String, String)>,
    page_number: u64,
    has_next: bool,
}

#[derive(Deserialize)]
pub(super) struct AuditQuery {
    #[serde(default)]
    page: Option<u64>,
}

/// Lines of history per page.
const AUDIT_PAGE: u64 = 50;

/// Who changed what in a body and below it, in words: for its officers.
pub(super) async fn audit(
    Page { state, viewer }: Page,
    Path(id): Path<i64>,
    crate::http::Query(query): crate::http::Query<AuditQuery>,
) -> Result<Response, WebError> {
    let path = format!("/bodies/{id}/audit");
    let ctx = viewer.ctx.clone();
    let page_number = query.page.unwrap_or(1).max(1);
    let found = state
        .run(move |store| history::history(store, &ctx, &id.to_string(), page_number, AUDIT_PAGE))
        .await
        .page(&viewer, &path)?;
    let lang = viewer.lang;
    let events = found
        .lines
        .iter()
        .map(|l| (crate::ui::text::moment(&l.at), l.actor.clone(), crate::ui::text::history(lang, l)))
        .collect();
    Ok(render(&AuditPage {
        page: viewer.chrome(path),
        body: found.body,
        events,
        page_number,
        has_next: found.has_next,
    }))
}

#[derive(Deserialize)]
pub(super) struct PublishForm {
    published: String,
}

pub(super) async fn publish(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm(viewer, form): CsrfForm<PublishForm>,
) -> Result<Response, WebError> {
    let ctx = viewer.ctx.clone();
    let published = form.published == "1";
    let path = format!("/bodies/{id}");
    state
        .run(move |store| registry::set_published(store, &ctx, &id.to_string(), published))
        .await
        .page(&viewer, &path)?;
    Ok(Redirect::to(&path).into_response())
}

#[derive(Template)]
#[template(path = "registry/public.html")]
struct PublicPageView {
    page: Chrome,
    p: registry::PublicPage,
    kind_id: String,
    /// The convocatorias the body publishes (those of its Atom feed, whose entries link here).
    assemblies: Vec<assembly::PublicAssembly>,
    /// The open consultas that reach the body (also in its feed): what is asked, by whom, by when.
    consultas: Vec<cabildo_services::consulta::ConsultaNotice>,
    /// The mandates its delegates broke, each naming the delegate, the item, the mandate and the vote.
    deviations: Vec<String>,
    /// The petitions it raised or that passed through it, with the authority's last reply (also
    /// in its feed).
    petitions: Vec<cabildo_services::petitions::PetitionLine>,
    /// The totals of its book, when it publishes them (none: nothing of the ledger is shown).
    ledger: Vec<PublicYearView>,
}

/// A year of the totals a body publishes, in words and "Bs 1.234,50": never a family.
struct PublicYearView {
    year: i32,
    caption: String,
    income: Vec<(String, String)>,
    total_income: String,
    expenses: Vec<(String, String)>,
    total_expenses: String,
    transfers_in: String,
    transfers_out: String,
    cash: String,
    arrears: String,
    arrears_families: String,
}

fn public_years(
    lang: cabildo_i18n::Lang,
    totals: Option<cabildo_services::ledger::PublicTotals>,
) -> Vec<PublicYearView> {
    use crate::ui::text::name;
    use chrono::Datelike;
    let years = totals.map(|t| t.years).unwrap_or_default();
    years
        .iter()
        .map(|y| PublicYearView {
            year: y.year,
            caption: cabildo_i18n::tr(
                lang,
                "public-ledger-year",
                &[("year", y.year.to_string()), ("date", lang.date(y.until.year(), y.until.month(), y.until.day()))],
            ),
            income: y
                .income
                .iter()
                .map(|(a, c)| (name(&lang, "ledger-account", a.code().replace(':', "-")), c.to_string()))
                .collect(),
            total_income: y.total_income().to_string(),
            expenses: y
                .expenses
                .iter()
                .map(|(p, c)| (name(&lang, "ledger-purpose", p.code()), c.to_string()))
                .collect(),
            total_expenses: y.total_expenses().to_string(),
            transfers_in: y.transfers_in.to_string(),
            transfers_out: y.transfers_out.to_string(),
            cash: y.cash.to_string(),
            arrears: y.arrears.to_string(),
            arrears_families: cabildo_i18n::tr(
                lang,
                "public-ledger-arrears-families",
                &[("count", lang.count(y.families_in_arrears))],
            ),
        })
        .collect()
}

impl PublicPageView {
    /// "reunión el 2026-12-10 10:00 en Despacho del Ministro".
    fn meeting(&self, r: &cabildo_services::petitions::ReplyRecord) -> String {
        cabildo_i18n::tr(
            self.page.lang,
            "petition-meeting-at",
            &[("at", r.meeting_at.clone().unwrap_or_default()), ("place", r.meeting_place.clone().unwrap_or_default())],
        )
    }
}

/// A body's public page: anyone may read it, signed in or not. No personal data.
pub(super) async fn public(Page { state, viewer }: Page, Path(code): Path<String>) -> Result<Response, WebError> {
    let today = viewer.ctx.today;
    let lookup = code.clone();
    let path = format!("/p/{code}");
    let (p, assemblies, consultas, deviations, petitions, ledger) = state
        .run(move |store| {
            let p = registry::public_page(store, &lookup, today)?;
            let (_, assemblies, _) = assembly::public_assemblies(store, &p.body.code)?;
            let consultas = cabildo_services::consulta::public_notices(store, &p.body.code, today)?;
            let deviations = cabildo_services::mandates::public_deviations(store, &p.body.code)?;
            let petitions = cabildo_services::petitions::public_for_body(store, &p.body.code, today)?;
            let ledger = cabildo_services::ledger::public_totals(store, &p.body.code, today)?;
            Ok((p, assemblies, consultas, deviations, petitions, ledger))
        })
        .await
        .page(&viewer, &path)?;
    let ledger = public_years(viewer.lang, ledger);
    let kind_id = format!("kind-{}", p.body.kind.code());
    let deviations = deviations.iter().map(|d| crate::ui::text::deviation(&viewer.lang, d)).collect();
    Ok(render(&PublicPageView {
        page: viewer.chrome(path),
        p,
        kind_id,
        assemblies,
        consultas,
        deviations,
        petitions,
        ledger,
    }))
}
