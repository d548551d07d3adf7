//! The pages: a body's resolutions, "my family", and the leader's view of the tree.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use cabildo_domain::Body;
use cabildo_i18n::{Lang, tr};
use cabildo_services::leader::ResolutionLine;
use cabildo_services::leader::{
    self, ActaMark, FamilyRecord, MyFamily, OverviewFilter, OverviewQuery, OverviewRow, ResolutionItem,
};
use serde::Deserialize;

use crate::http::urls::urlencode;
use crate::http::{Page, PageResult, Path, Query, Viewer, WebError};
use crate::state::AppState;
use crate::ui::text::{amount, moment, name, when};

/// The day of a moment (Unix seconds), in local time.
fn day(at: &i64) -> String {
    moment(at).split(' ').next().unwrap_or_default().to_string()
}
use crate::ui::{Chrome, render};

/// Resolutions per page.
pub const RESOLUTIONS_PAGE: u64 = 20;
/// Bodies per page of the leader's view: a few screenfuls of a phone.
pub const OVERVIEW_PAGE: u64 = 15;

#[derive(Deserialize)]
pub(super) struct ResolutionsQuery {
    #[serde(default)]
    below: Option<String>,
    #[serde(default)]
    page: Option<u64>,
}

#[derive(Template)]
#[template(path = "leader/resolutions.html")]
pub(super) struct ResolutionsPage {
    page: Chrome,
    body: Body,
    below: bool,
    items: Vec<ResolutionItem>,
    page_number: u64,
    has_next: bool,
    sees_actas: bool,
}

/// "Resolución 3/2026".
pub(super) fn number(lang: Lang, line: &ResolutionLine) -> String {
    let r = &line.resolution;
    tr(lang, "resolution-number", &[("number", r.number.to_string()), ("year", r.year.to_string())])
}

/// "A favor: 40 · En contra: 3 · Abstención: 2".
pub(super) fn tally(lang: Lang, line: &ResolutionLine) -> String {
    line.counts
        .iter()
        .map(|(option, n)| format!("{}: {}", name(&lang, "choice", option), lang.count(*n)))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// Where a resolution's acta stands: sealed, pending (its assembly closed), or not due yet.
pub(super) fn line_mark(line: &ResolutionLine) -> ActaMark {
    match (line.acta, &line.assembly) {
        (Some(cabildo_services::leader::ActaStatus::Sealed), _) => ActaMark::Sealed,
        (_, Some(a)) if a.status == cabildo_domain::assembly::AssemblyStatus::Closed => ActaMark::Pending,
        _ => ActaMark::NotDue,
    }
}

impl ResolutionsPage {
    fn number(&self, line: &ResolutionLine) -> String {
        number(self.page.lang, line)
    }

    fn tally(&self, line: &ResolutionLine) -> String {
        tally(self.page.lang, line)
    }

    fn outcome(&self, line: &ResolutionLine) -> String {
        line.outcome.map_or_else(String::new, |o| name(&self.page.lang, "outcome", o.code()))
    }

    fn mark(&self, line: &ResolutionLine) -> String {
        name(&self.page.lang, "leader-acta", line_mark(line).code())
    }

    fn sealed(&self, line: &ResolutionLine) -> bool {
        line_mark(line) == ActaMark::Sealed
    }

    fn adopted(&self, line: &ResolutionLine) -> String {
        self.page.date(line.resolution.adopted_on)
    }

    fn below_arg(&self) -> &'static str {
        if self.below { "&amp;below=1" } else { "" }
    }
}

/// A body's resolutions, newest first, each with its assembly, vote and acta; with `?below=1`
/// those of every body under it too.
pub(super) async fn resolutions(
    Page { state, viewer }: Page,
    Path(id): Path<i64>,
    Query(query): Query<ResolutionsQuery>,
) -> Result<Response, WebError> {
    let path = format!("/bodies/{id}/resolutions");
    let below = query.below.as_deref().is_some_and(|b| b == "1" || b == "true" || b == "on");
    let page_number = query.page.unwrap_or(1).max(1);
    let ctx = viewer.ctx.clone();
    let found = state
        .run(move |store| leader::resolutions(store, &ctx, &id.to_string(), below, page_number, RESOLUTIONS_PAGE))
        .await
        .page(&viewer, &path)?;
    Ok(render(&ResolutionsPage {
        page: viewer.chrome(path),
        body: found.body,
        below,
        items: found.items,
        page_number,
        has_next: found.has_next,
        sees_actas: found.sees_actas,
    }))
}

/// An assembly on the family page.
pub(super) struct FamilyAssemblyView {
    id: i64,
    title: String,
    when: String,
    attendance_code: &'static str,
    attendance: String,
    fine: Option<String>,
    acta: String,
    acta_sealed: bool,
}

/// A family on the family page.
pub(super) struct FamilyView {
    record: FamilyRecord,
    path: String,
    assemblies: Vec<FamilyAssemblyView>,
    summary: String,
    fines: String,
}

#[derive(Template)]
#[template(path = "leader/family.html")]
pub(super) struct FamilyPage {
    page: Chrome,
    linked: bool,
    name: String,
    families: Vec<FamilyView>,
}

impl FamilyPage {
    fn number(&self, line: &ResolutionLine) -> String {
        number(self.page.lang, line)
    }

    fn tally(&self, line: &ResolutionLine) -> String {
        tally(self.page.lang, line)
    }
}

fn family_view(lang: Lang, record: FamilyRecord) -> FamilyView {
    let assemblies = record
        .lines
        .iter()
        .map(|l| FamilyAssemblyView {
            id: l.assembly.id.0,
            title: l.assembly.title.clone(),
            when: when(&l.assembly.scheduled_for),
            attendance_code: l.attendance.code(),
            attendance: name(&lang, "leader-attendance", l.attendance.code()),
            fine: l.fine.map(|f| amount(&f)),
            acta: name(&lang, "leader-acta", l.acta.code()),
            acta_sealed: l.acta == ActaMark::Sealed,
        })
        .collect();
    let count = |code: &str| lang.count(record.count(code));
    let summary = tr(
        lang,
        "leader-attendance-summary",
        &[
            ("present", count("present")),
            ("late", count("late")),
            ("excused", count("excused")),
            ("absent", count("absent")),
        ],
    );
    let fines = tr(
        lang,
        "leader-fines-owed",
        &[("count", record.fines_count.to_string()), ("amount", amount(&record.fines_total))],
    );
    let path =
        record.path.iter().chain(std::iter::once(&record.body)).map(|b| b.name.clone()).collect::<Vec<_>>().join(" › ");
    FamilyView { record, path, assemblies, summary, fines }
}

/// The family of the person the signed-in account is linked to.
pub(super) async fn my_family(State(state): State<AppState>, viewer: Viewer) -> Result<Response, WebError> {
    let path = "/my-family".to_string();
    let ctx = viewer.ctx.clone();
    let found = state.run(move |store| leader::my_family(store, &ctx)).await.page(&viewer, &path)?;
    let lang = viewer.lang;
    let (linked, name, families) = match found {
        MyFamily::NotLinked => (false, String::new(), Vec::new()),
        MyFamily::NoFamily { name, .. } => (true, name, Vec::new()),
        MyFamily::Families { name, families, .. } => {
            (true, name, families.into_iter().map(|f| family_view(lang, f)).collect())
        }
    };
    Ok(render(&FamilyPage { page: viewer.chrome(path), linked, name, families }))
}

#[derive(Deserialize)]
pub(super) struct OverviewParams {
    #[serde(default)]
    q: String,
    #[serde(default)]
    filter: String,
    #[serde(default)]
    page: Option<u64>,
}

/// A body in the leader's view, said in the viewer's language.
pub(super) struct UnitView {
    id: i64,
    name: String,
    code: String,
    /// The body it hangs from, for a base body.
    parent: Option<String>,
    figures: Vec<String>,
    /// What needs attention ("no assembly in 3 months", "2 actas overdue").
    flags: Vec<String>,
    /// Whether it has bodies below (then it links to its own overview).
    has_below: bool,
}

/// A body's figures; `compact` (a group in the list of bodies right below) keeps those a leader
/// scans first: sindicatos, assemblies, actas, fines.
fn unit(lang: Lang, row: &OverviewRow, has_below: bool, compact: bool) -> UnitView {
    let a = &row.activity;
    let n = |v: u64| lang.count(v);
    let mut figures = Vec::new();
    if has_below {
        figures.push(tr(lang, "leader-fig-bases", &[("count", n(row.bases))]));
    }
    figures.push(tr(
        lang,
        "leader-fig-held",
        &[("count", n(a.held_recently)), ("months", leader::QUIET_MONTHS.to_string())],
    ));
    figures.push(tr(lang, "leader-fig-actas", &[("sealed", n(a.actas_sealed)), ("pending", n(a.actas_pending))]));
    if !compact {
        figures.push(tr(lang, "leader-fig-resolutions", &[("count", n(a.resolutions))]));
    }
    figures.push(tr(lang, "leader-fig-fines", &[("count", n(a.fines)), ("amount", amount(&a.fines_amount))]));
    if !compact {
        figures.push(tr(lang, "leader-fig-padron", &[("count", n(row.members))]));
        figures.push(match a.last_activity {
            Some(at) => tr(lang, "leader-fig-last", &[("when", day(&at))]),
            None => tr(lang, "leader-fig-never", &[]),
        });
    }
    let mut flags = Vec::new();
    if a.actas_overdue > 0 {
        flags.push(tr(lang, "leader-flag-overdue", &[("count", n(a.actas_overdue))]));
    }
    if has_below {
        if row.quiet > 0 {
            flags.push(tr(
                lang,
                "leader-flag-quiet-bases",
                &[("count", n(row.quiet)), ("months", leader::QUIET_MONTHS.to_string())],
            ));
        }
    } else if row.quiet > 0 {
        flags.push(tr(lang, "leader-flag-quiet", &[("months", leader::QUIET_MONTHS.to_string())]));
    }
    UnitView {
        id: row.body.id.0,
        name: row.body.name.clone(),
        code: row.body.code.clone(),
        parent: row.parent.as_ref().map(|p| p.name.clone()),
        figures,
        flags,
        has_below,
    }
}

#[derive(Template)]
#[template(path = "leader/overview.html")]
pub(super) struct OverviewPage {
    page: Chrome,
    body: Body,
    total: UnitView,
    groups: Vec<UnitView>,
    rows: Vec<UnitView>,
    matched: String,
    q: String,
    filter: &'static str,
    filters: Vec<(&'static str, String)>,
    /// The query string of this view without its page (`q=…&filter=…`).
    query: String,
    page_number: u64,
    has_next: bool,
}

/// The leader's view of a body's sub-tree.
pub(super) async fn overview(
    Page { state, viewer }: Page,
    Path(id): Path<i64>,
    Query(params): Query<OverviewParams>,
) -> Result<Response, WebError> {
    let path = format!("/bodies/{id}/overview");
    let filter = OverviewFilter::parse(params.filter.trim());
    let q = params.q.trim().to_string();
    let query = OverviewQuery {
        search: Some(q.clone()).filter(|s| !s.is_empty()),
        filter,
        page: params.page.unwrap_or(1).max(1),
        per_page: OVERVIEW_PAGE,
    };
    let ctx = viewer.ctx.clone();
    let found = state
        .run(move |store| {
            let found = leader::overview(store, &ctx, &id.to_string(), &query)?;
            Ok((found, query.page))
        })
        .await
        .page(&viewer, &path)?;
    let (o, page_number) = found;
    let lang = viewer.lang;
    let groups = o.groups.iter().map(|g| unit(lang, g, g.has_below, true)).collect();
    let rows = o.rows.iter().map(|r| unit(lang, r, false, false)).collect();
    let filters = OverviewFilter::ALL.iter().map(|f| (f.code(), name(&lang, "leader-filter", f.code()))).collect();
    Ok(render(&OverviewPage {
        page: viewer.chrome(path),
        body: o.total.body.clone(),
        total: unit(lang, &o.total, o.total.has_below, false),
        groups,
        rows,
        matched: tr(lang, "leader-matched", &[("count", o.matched.to_string())]),
        query: format!("q={}&filter={}", urlencode(&q), filter.code()),
        q,
        filter: filter.code(),
        filters,
        page_number,
        has_next: o.has_next,
    }))
}
