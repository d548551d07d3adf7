//! The arrears of every family below a body, summed per body (issue 15, item 8): a page without
//! JavaScript (a table per body right below, with the bodies under it indented, and the totals),
//! its CSV for Excel, and the same in JSON. Counts and amounts only, no family's name.

use askama::Template;
use axum::Json;
use axum::response::{IntoResponse, Response};
use cabildo_i18n::{Lang, tr};
use cabildo_services::ledger::{self, ArrearsBelow, ArrearsRow};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::http::dto::Body;
use crate::http::problem::ValidationProblem;
use crate::http::responses::{MayNotSeeBody, SignInRequired, UnknownBody};
use crate::http::status::{not_about_the_form, text_of};
use crate::http::{Api, Page, PageResult, Path, Query, WebError};
use crate::ui::{Chrome, render};

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct ArrearsParams {
    /// The day ("30/11/2026" or "2026-11-30"); today when left out.
    #[serde(default)]
    day: String,
}

fn date(lang: Lang, d: cabildo_domain::Date) -> String {
    use chrono::Datelike;
    lang.date(d.year(), d.month(), d.day())
}

/// "1 familia", "232 familias".
fn families(lang: Lang, n: u64) -> String {
    tr(lang, "arrears-families-count", &[("count", lang.count(n))])
}

/// A line of a table.
pub(super) struct ArrearsLine {
    id: i64,
    label: String,
    /// "· " for each level below the table's body.
    indent: String,
    families: String,
    owed: String,
    owes: bool,
}

/// A body right below, with the bodies under it.
pub(super) struct ArrearsGroup {
    id: i64,
    title: String,
    rows: Vec<ArrearsLine>,
    total: ArrearsLine,
}

#[derive(Template)]
#[template(path = "ledger/arrears.html")]
pub(super) struct ArrearsPage {
    page: Chrome,
    body_id: i64,
    body_name: String,
    title: String,
    intro: String,
    day: String,
    summary: String,
    groups: Vec<ArrearsGroup>,
    total: ArrearsLine,
    error: Option<String>,
}

fn own_line(lang: Lang, r: &ArrearsRow, depth: usize, label: String) -> ArrearsLine {
    ArrearsLine {
        id: r.body.id.0,
        label,
        indent: "· ".repeat(depth),
        families: families(lang, r.own_families),
        owed: r.own_owed.to_string(),
        owes: r.own_owed.is_positive(),
    }
}

fn total_line(lang: Lang, r: &ArrearsRow, label: String) -> ArrearsLine {
    ArrearsLine {
        id: r.body.id.0,
        label,
        indent: String::new(),
        families: families(lang, r.families),
        owed: r.owed.to_string(),
        owes: r.owed.is_positive(),
    }
}

/// The tables: one per body right below (its own families first if it has any, then every body
/// under it, indented), or the body alone when nothing is below it.
fn groups(lang: Lang, s: &ArrearsBelow) -> Vec<ArrearsGroup> {
    let mut out: Vec<ArrearsGroup> = Vec::new();
    let Some(root) = s.rows.first() else { return out };
    let root_group = |rows: Vec<ArrearsLine>| ArrearsGroup {
        id: root.body.id.0,
        title: root.body.name.clone(),
        rows,
        total: total_line(lang, root, tr(lang, "arrears-group-total", &[("body", root.body.name.clone())])),
    };
    if s.rows.len() == 1 {
        return vec![root_group(vec![own_line(lang, root, 0, root.body.name.clone())])];
    }
    if root.own_families > 0 || root.own_owed.0 != 0 {
        let label = tr(lang, "arrears-own", &[("body", root.body.name.clone())]);
        let mut own = root_group(vec![own_line(lang, root, 0, label)]);
        own.total = own_line(lang, root, 0, tr(lang, "arrears-group-total", &[("body", root.body.name.clone())]));
        out.push(own);
    }
    for r in s.rows.iter().skip(1) {
        if r.depth == 1 {
            let title = r.body.name.clone();
            let first = if r.own_families > 0
                || r.own_owed.0 != 0
                || s.rows.iter().all(|b| b.body.parent_id != Some(r.body.id))
            {
                let label = if s.rows.iter().any(|b| b.body.parent_id == Some(r.body.id)) {
                    tr(lang, "arrears-own", &[("body", r.body.name.clone())])
                } else {
                    r.body.name.clone()
                };
                vec![own_line(lang, r, 0, label)]
            } else {
                Vec::new()
            };
            out.push(ArrearsGroup {
                id: r.body.id.0,
                title,
                rows: first,
                total: total_line(lang, r, tr(lang, "arrears-group-total", &[("body", r.body.name.clone())])),
            });
        } else if let Some(group) = out.last_mut() {
            group.rows.push(own_line(lang, r, r.depth.saturating_sub(2), r.body.name.clone()));
        }
    }
    out
}

/// The page: the arrears of every family below the body on a day (today when none is given).
pub(super) async fn page(
    Page { state, viewer }: Page,
    Path(id): Path<i64>,
    Query(q): Query<ArrearsParams>,
) -> Result<Response, WebError> {
    let path = format!("/bodies/{id}/ledger/arrears");
    let lang = viewer.lang;
    let ctx = viewer.ctx.clone();
    let asked = q.day.clone();
    let found = state.run(move |store| ledger::arrears_below(store, &ctx, &id.to_string(), &asked)).await;
    let (s, error) = match found {
        Ok(s) => (s, None),
        Err(e) if not_about_the_form(&e) => return Err(WebError::new(lang, e).at(&path)),
        Err(e) => {
            // The day did not parse: the form again with what was typed and the message; today's
            // figures are read only for the body's name and the right to see it.
            let ctx = viewer.ctx.clone();
            let s = state
                .run(move |store| ledger::arrears_below(store, &ctx, &id.to_string(), ""))
                .await
                .page(&viewer, &path)?;
            (s, Some(text_of(lang, &e)))
        }
    };
    let name = s.body.name.clone();
    let summary = tr(
        lang,
        "arrears-summary",
        &[
            ("count", lang.count(s.total_families())),
            ("day", date(lang, s.day)),
            ("body", name.clone()),
            ("amount", s.total_owed().to_string()),
        ],
    );
    let total = s.rows.first().map_or_else(
        || ArrearsLine {
            id,
            label: String::new(),
            indent: String::new(),
            families: families(lang, 0),
            owed: cabildo_domain::ledger::Centavos::ZERO.to_string(),
            owes: false,
        },
        |r| total_line(lang, r, tr(lang, "arrears-total", &[("body", name.clone())])),
    );
    let page = ArrearsPage {
        page: viewer.chrome(path),
        body_id: id,
        title: tr(lang, "arrears-title", &[("body", name.clone())]),
        intro: tr(lang, "arrears-intro", &[]),
        body_name: name,
        day: if error.is_some() { q.day.clone() } else { date(lang, s.day) },
        summary,
        groups: if error.is_some() { Vec::new() } else { groups(lang, &s) },
        total,
        error: error.clone(),
    };
    if error.is_some() {
        return Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response());
    }
    Ok(render(&page))
}

/// The summary as a spreadsheet Excel in Bolivia opens: one row per body in tree order.
pub(super) async fn csv(
    Page { state, viewer }: Page,
    Path(id): Path<i64>,
    Query(q): Query<ArrearsParams>,
) -> Result<Response, WebError> {
    use axum::http::header;
    let path = format!("/bodies/{id}/ledger/arrears.csv");
    let ctx = viewer.ctx.clone();
    let s = state
        .run(move |store| ledger::arrears_below(store, &ctx, &id.to_string(), &q.day))
        .await
        .page(&viewer, &path)?;
    let lang = viewer.lang;
    let t = |id: &str| tr(lang, id, &[]);
    let mut rows = vec![vec![
        t("arrears-body"),
        t("arrears-csv-depth"),
        t("arrears-csv-own-families"),
        t("arrears-csv-own-owed"),
        t("arrears-csv-families"),
        t("arrears-csv-owed"),
    ]];
    for r in &s.rows {
        rows.push(vec![
            r.body.name.clone(),
            r.depth.to_string(),
            r.own_families.to_string(),
            r.own_owed.plain(),
            r.families.to_string(),
            r.owed.plain(),
        ]);
    }
    let bytes = state.run(move |_| ledger::spreadsheet_csv(&rows)).await.page(&viewer, &path)?;
    let file: String =
        s.body.code.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '_' }).collect();
    let headers = [
        (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
        (header::CONTENT_DISPOSITION, format!("attachment; filename=\"deudas-{file}-{}.csv\"", s.day)),
        (header::CACHE_CONTROL, "no-store".to_string()),
    ];
    Ok((headers, bytes).into_response())
}

/// A body of the summary.
#[derive(Serialize, ToSchema)]
pub struct ArrearsOfBody {
    body_id: i64,
    body: String,
    code: String,
    /// How far below the summary's body (0: the body itself).
    depth: usize,
    /// Its own families owing on charges due by the day, and what they owe.
    own_families: u64,
    own_owed_centavos: i64,
    /// The same with every body below it.
    families: u64,
    owed_centavos: i64,
}

/// The arrears of every family below a body.
#[derive(Serialize, ToSchema)]
pub struct Arrears {
    body: Body,
    /// The day, "2026-11-30".
    day: String,
    /// The body first, then every body below it, parents before children.
    bodies: Vec<ArrearsOfBody>,
    families: u64,
    owed_centavos: i64,
}

/// Families' arrears below a body
///
/// For any day (today when none is given): for the body and every body below it, how many of its
/// families owe on charges due by that day and how much, with the same summed over each body's
/// sub-tree. Counts and amounts only, no family's name. For the body's officers (and those above).
#[utoipa::path(
    get,
    path = "/api/v1/bodies/{id}/ledger/arrears",
    operation_id = "ledger_arrears",
    tag = "ledger",
    params(("id" = i64, Path, description = "The body's number."), ArrearsParams),
    responses(
        (status = 200, description = "The summary.", body = Arrears),
        SignInRequired,
        MayNotSeeBody,
        UnknownBody,
        (status = 422, description = "The day does not parse (`bad_date`, `no_such_date`).", body = ValidationProblem,
            content_type = "application/problem+json"),
    ),
)]
pub(super) async fn api(api: Api, Path(id): Path<i64>, Query(q): Query<ArrearsParams>) -> Result<Response, WebError> {
    let s = api.run(move |store, ctx| ledger::arrears_below(store, ctx, &id.to_string(), &q.day)).await?;
    Ok(Json(Arrears {
        body: Body::from(&s.body),
        day: s.day.to_string(),
        families: s.total_families(),
        owed_centavos: s.total_owed().0,
        bodies: s
            .rows
            .iter()
            .map(|r| ArrearsOfBody {
                body_id: r.body.id.0,
                body: r.body.name.clone(),
                code: r.body.code.clone(),
                depth: r.depth,
                own_families: r.own_families,
                own_owed_centavos: r.own_owed.0,
                families: r.families,
                owed_centavos: r.owed.0,
            })
            .collect(),
    })
    .into_response())
}
