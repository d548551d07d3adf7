//! The results pages: one body's results, its printable version, its radio text and the CSV.

use std::collections::HashMap;

use askama::Template;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use cabildo_domain::BodyKind;
use cabildo_domain::consulta::LevelResult;
use cabildo_domain::numbers::Form;
use cabildo_i18n::{Lang, tr, tr_count};
use cabildo_services::consulta::results::{
    self, AnswerRow, BodyResults, ChildResult, CsvWords, MISSING_PAGE, MissingBase, Pages,
};
use serde::Deserialize;

use super::words::{self, Bar, answered_line, bars, members_line, option_name_of};
use crate::http::urls::urlencode;
use crate::http::{Page, PageResult, Path, Query, Viewer, WebError};
use crate::state::AppState;
use crate::ui::{Chrome, render};

#[derive(Deserialize)]
pub(super) struct ResultsQuery {
    /// The body of the consulted subtree to show (its number or code); the asking body if none.
    #[serde(default)]
    body: Option<String>,
    /// The page of missing bases, from 1.
    #[serde(default)]
    missing: Option<u64>,
    /// The page of bodies below, from 1.
    #[serde(default)]
    below: Option<u64>,
}

impl ResultsQuery {
    fn body(&self) -> Option<String> {
        self.body.as_deref().map(str::trim).filter(|b| !b.is_empty()).map(str::to_string)
    }

    /// `?body=…` for links that keep the body shown.
    fn body_arg(&self) -> String {
        self.body().map_or_else(String::new, |b| format!("?body={}", urlencode(&b)))
    }
}

/// A body one level down, as the page lists it.
pub(super) struct ChildView {
    id: i64,
    name: String,
    answered: String,
    leading: Option<String>,
    decided: bool,
    bars: Vec<Bar>,
    /// For a base: "answered on …" or "missing".
    base_note: Option<String>,
}

/// A vote shown beside a level: a base's answer or an intermediate body's own vote.
pub(super) struct VoteView {
    adopted: String,
    counts: Vec<(String, String)>,
    when: String,
    late: bool,
}

#[derive(Template)]
#[template(path = "consulta/results.html")]
pub(super) struct ResultsPage {
    page: Chrome,
    r: BodyResults,
    /// The address of this page without the page of missing bases.
    here: String,
    body_arg: String,
    rule: String,
    kind: String,
    deadline: String,
    answered: String,
    late: String,
    members: String,
    leading: Option<String>,
    bars: Vec<Bar>,
    children: Vec<ChildView>,
    answer: Option<VoteView>,
    own_vote: Option<VoteView>,
    missing: Vec<(i64, String, String)>,
    missing_count: String,
    /// The print version lists missing bases up to this many; beyond, says how many more.
    missing_more: Option<String>,
    print: bool,
    printed_on: String,
}

fn day_of(lang: Lang, at: i64) -> String {
    chrono::DateTime::from_timestamp(at, 0)
        .map(|t| {
            let d = t.with_timezone(&chrono::Local).date_naive();
            lang.date(chrono::Datelike::year(&d), chrono::Datelike::month(&d), chrono::Datelike::day(&d))
        })
        .unwrap_or_default()
}

fn vote_view(lang: Lang, r: &BodyResults, vote: &AnswerRow) -> VoteView {
    let kind = r.consulta.kind;
    VoteView {
        adopted: vote
            .adopted
            .map_or_else(|| tr(lang, "results-adopted-none", &[]), |o| option_name_of(lang, kind, &r.options, o)),
        counts: vote
            .votes
            .iter()
            .map(|(o, n)| (option_name_of(lang, kind, &r.options, *o), tr_count(lang, "results-weight-votes", *n)))
            .collect(),
        when: tr(lang, "results-base-answered-on", &[("date", day_of(lang, vote.answered_at))]),
        late: vote.late,
    }
}

fn leading_name(lang: Lang, r: &BodyResults, level: &LevelResult) -> Option<String> {
    level.leading.map(|o| option_name_of(lang, r.consulta.kind, &r.options, o))
}

fn child_view(lang: Lang, r: &BodyResults, child: &ChildResult) -> ChildView {
    let base_note = if child.is_base && child.answer.is_none() {
        Some(tr(lang, "results-base-missing", &[]))
    } else {
        child.answer.as_ref().map(|a| {
            let mut note = tr(lang, "results-base-answered-on", &[("date", day_of(lang, a.answered_at))]);
            if a.late {
                note.push_str(" · ");
                note.push_str(&tr(lang, "results-base-late", &[]));
            }
            note
        })
    };
    ChildView {
        id: child.body.id.0,
        name: child.body.name.clone(),
        answered: answered_line(lang, &child.level),
        leading: leading_name(lang, r, &child.level),
        decided: child.level.decided,
        bars: bars(lang, r.consulta.kind, r.consulta.rule, &r.options, &child.level),
        base_note,
    }
}

fn missing_line(m: &MissingBase, lang: Lang) -> (i64, String, String) {
    let parent = m
        .parent
        .as_ref()
        .map_or_else(String::new, |p| tr(lang, "results-missing-under", &[("parent", p.name.clone())]));
    (m.body.id.0, m.body.name.clone(), parent)
}

/// The most missing bases the printable version lists.
const PRINT_MISSING: u64 = 500;

fn page_of(viewer: &Viewer, path: String, id: i64, query: &ResultsQuery, r: BodyResults, print: bool) -> ResultsPage {
    let lang = viewer.lang;
    let level = &r.level;
    let deadline = {
        let d = r.consulta.deadline;
        let date = lang.date(chrono::Datelike::year(&d), chrono::Datelike::month(&d), chrono::Datelike::day(&d));
        let id = if r.past_deadline { "results-deadline-past" } else { "results-deadline-open" };
        tr(lang, id, &[("date", date)])
    };
    let missing_total = u64::try_from(level.missing.len()).unwrap_or(u64::MAX);
    let shown = u64::try_from(r.missing.len()).unwrap_or(0);
    let missing_more =
        (print && missing_total > shown).then(|| tr_count(lang, "results-missing-more", missing_total - shown));
    ResultsPage {
        here: format!("/consultas/{id}/results{}", query.body_arg()),
        body_arg: query.body_arg(),
        rule: tr(lang, &format!("results-rule-{}", r.consulta.rule.code()), &[]),
        kind: tr(lang, &format!("results-kind-{}", r.consulta.kind.code()), &[]),
        deadline,
        answered: answered_line(lang, level),
        late: tr_count(lang, "results-bases-late", level.bases_late),
        members: members_line(lang, level),
        leading: leading_name(lang, &r, level),
        bars: bars(lang, r.consulta.kind, r.consulta.rule, &r.options, level),
        children: r.children.iter().map(|c| child_view(lang, &r, c)).collect(),
        answer: r.answer.as_ref().map(|a| vote_view(lang, &r, a)),
        own_vote: r.own_vote.as_ref().map(|a| vote_view(lang, &r, a)),
        missing: r.missing.iter().map(|m| missing_line(m, lang)).collect(),
        missing_count: tr_count(lang, "results-missing-count", missing_total),
        missing_more,
        print,
        printed_on: tr(lang, "results-printed-on", &[("date", day_of(lang, viewer.ctx.now))]),
        page: viewer.chrome(path),
        r,
    }
}

impl ResultsPage {
    fn t(&self, id: &str) -> String {
        self.page.t(id)
    }

    fn chart_title(&self) -> String {
        tr(self.page.lang, "results-chart-title", &[("body", self.r.body.name.clone())])
    }

    /// Every bar's figures in one sentence: the chart's description for screen readers.
    fn chart_desc(&self) -> String {
        self.bars.iter().map(|b| format!("{}: {} ({})", b.name, b.weight, b.share)).collect::<Vec<_>>().join("; ")
    }

    fn of(&self) -> String {
        tr(self.page.lang, "results-of", &[("body", self.r.body.name.clone())])
    }

    fn asked_by(&self) -> String {
        tr(self.page.lang, "results-asked-by", &[("body", self.r.launcher.name.clone())])
    }

    fn own_vote_title(&self) -> String {
        tr(self.page.lang, "results-own-vote", &[("body", self.r.body.name.clone())])
    }

    fn has_prev_missing(&self) -> bool {
        self.r.missing_page > 1
    }

    fn missing_link(&self, page: u64) -> String {
        let sep = if self.body_arg.is_empty() { '?' } else { '&' };
        format!("{}{sep}below={}&missing={page}#missing", self.here, self.r.below_page)
    }

    fn below_link(&self, page: u64) -> String {
        let sep = if self.body_arg.is_empty() { '?' } else { '&' };
        format!("{}{sep}below={page}&missing={}#below", self.here, self.r.missing_page)
    }

    fn has_prev_below(&self) -> bool {
        self.r.below_page > 1
    }
}

async fn load(
    state: &AppState,
    viewer: &Viewer,
    id: i64,
    query: &ResultsQuery,
    pages: Pages,
    path: &str,
) -> Result<BodyResults, WebError> {
    let body = query.body();
    let (ctx, ctx2, body2) = (viewer.ctx.clone(), viewer.ctx.clone(), body.clone());
    state
        .read(
            move |store| results::body_results_cached(store, &ctx, id, body.as_deref(), pages),
            move |store| results::body_results(store, &ctx2, id, body2.as_deref(), pages),
        )
        .await
        .page(viewer, path)
}

/// One body's results: `?body=` any body of the consulted subtree (the asking body by default),
/// `?missing=N` the page of missing bases.
pub(super) async fn results(
    Page { state, viewer }: Page,
    Path(id): Path<i64>,
    Query(query): Query<ResultsQuery>,
) -> Result<Response, WebError> {
    let path = format!("/consultas/{id}/results");
    let pages = Pages { missing: query.missing.unwrap_or(1).max(1), below: query.below.unwrap_or(1).max(1) };
    let r = load(&state, &viewer, id, &query, pages, &path).await?;
    Ok(render(&page_of(&viewer, path, id, &query, r, false)))
}

/// The same results laid out for paper (A4): no navigation, the missing bases listed whole up to
/// a limit.
pub(super) async fn print(
    Page { state, viewer }: Page,
    Path(id): Path<i64>,
    Query(query): Query<ResultsQuery>,
) -> Result<Response, WebError> {
    let path = format!("/consultas/{id}/results/print");
    let mut r = load(&state, &viewer, id, &query, Pages::FIRST, &path).await?;
    // The first page of missing bases came with the results; the printout lists more of them.
    if r.level.missing.len() > r.missing.len() {
        let (ctx, body) = (viewer.ctx.clone(), query.body());
        let pages = PRINT_MISSING / MISSING_PAGE;
        let more = state
            .run(move |store| {
                let mut all = Vec::new();
                for page in 2..=pages {
                    let next =
                        results::body_results(store, &ctx, id, body.as_deref(), Pages { missing: page, below: 1 })?;
                    let done = !next.missing_has_next;
                    all.extend(next.missing);
                    if done {
                        break;
                    }
                }
                Ok(all)
            })
            .await
            .page(&viewer, &path)?;
        r.missing.extend(more);
    }
    Ok(render(&page_of(&viewer, path, id, &query, r, true)))
}

fn plain_text(body: String) -> Response {
    let mut response = body.into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
    response
}

/// The results of one body as the radio reads them: numbers in words, each option with its
/// weight, what leads and whether it is decided, how many bases are still missing.
pub(super) fn radio_text(lang: Lang, r: &BodyResults) -> String {
    let level = &r.level;
    let rule_unit = cabildo_services::consulta::results::rule_unit(r.consulta.rule);
    let mut out = tr(
        lang,
        "results-radio-head",
        &[("launcher", r.launcher.name.clone()), ("question", r.consulta.question.clone())],
    );
    out.push('\n');
    out.push_str(&tr(
        lang,
        "results-radio-level",
        &[
            ("body", r.body.name.clone()),
            ("total", lang.count(level.bases_total)),
            ("total_words", words::words(lang, level.bases_total, Form::Feminine)),
            ("answered", lang.count(level.bases_answered)),
            ("answered_words", words::words(lang, level.bases_answered, Form::Feminine)),
        ],
    ));
    out.push('\n');
    for option in &r.options {
        let n = level.tally.get(&option.id).copied().unwrap_or(0);
        out.push_str(&tr(
            lang,
            "results-radio-option",
            &[
                ("option", words::option_name(lang, r.consulta.kind, option)),
                ("words", words::words(lang, n, words::unit_form(r.consulta.rule))),
                ("unit", tr_count(lang, &format!("results-radio-unit-{rule_unit}"), n)),
            ],
        ));
        out.push('\n');
    }
    match leading_name(lang, r, level) {
        Some(option) => out.push_str(&tr(lang, "results-radio-leading", &[("option", option)])),
        None => out.push_str(&tr(lang, "results-radio-no-leading", &[])),
    }
    out.push('\n');
    let missing = u64::try_from(level.missing.len()).unwrap_or(u64::MAX);
    if level.decided {
        out.push_str(&tr(lang, "results-radio-decided", &[]));
        out.push('\n');
    } else if missing > 0 {
        out.push_str(&tr(
            lang,
            "results-radio-not-decided",
            &[("missing", lang.count(missing)), ("missing_words", words::words(lang, missing, Form::Feminine))],
        ));
        out.push('\n');
    }
    let deadline = r.consulta.deadline.and_hms_opt(23, 59, 0).map(|at| {
        let said = cabildo_domain::spoken::day_and_time(words::speech(lang), &at);
        // The day alone, without its article ("sábado 28 de noviembre"): the message says it.
        let day = said.split(" a la").next().unwrap_or(&said).split(" at ").next().unwrap_or(&said);
        day.strip_prefix("el ").or_else(|| day.strip_prefix("on ")).unwrap_or(day).to_string()
    });
    if let Some(when) = deadline {
        let id = if r.past_deadline { "results-radio-deadline-past" } else { "results-radio-deadline-open" };
        out.push_str(&tr(lang, id, &[("when", when)]));
        out.push('\n');
    }
    out
}

pub(super) async fn radio(
    Page { state, viewer }: Page,
    Path(id): Path<i64>,
    Query(query): Query<ResultsQuery>,
) -> Result<Response, WebError> {
    let path = format!("/consultas/{id}/results/radio.txt");
    let r = load(&state, &viewer, id, &query, Pages::FIRST, &path).await?;
    Ok(plain_text(radio_text(viewer.lang, &r)))
}

/// Every level under the body shown (itself included), one line each, as a spreadsheet file.
pub(super) async fn export(
    Page { state, viewer }: Page,
    Path(id): Path<i64>,
    Query(query): Query<ResultsQuery>,
) -> Result<Response, WebError> {
    let path = format!("/consultas/{id}/results/export.csv");
    let lang = viewer.lang;
    let (ctx, body) = (viewer.ctx.clone(), query.body());
    let all =
        state.run(move |store| results::all_levels(store, &ctx, id, body.as_deref())).await.page(&viewer, &path)?;
    let headers = [
        "body",
        "code",
        "kind",
        "parent",
        "is-base",
        "bases",
        "answered",
        "late",
        "missing",
        "members-total",
        "members-represented",
        "leading",
        "decided",
        "own-vote",
    ]
    .iter()
    .map(|h| tr(lang, &format!("results-csv-{h}"), &[]))
    .collect();
    let kind_names: HashMap<&'static str, String> =
        BodyKind::ALL.iter().map(|k| (k.code(), tr(lang, &format!("kind-{}", k.code()), &[]))).collect();
    let option_labels = all.options.iter().map(|o| words::option_name(lang, all.consulta.kind, o)).collect();
    let csv_words = CsvWords {
        headers,
        option_labels,
        kind_names,
        yes: tr(lang, "results-yes", &[]),
        no: tr(lang, "results-no", &[]),
    };
    let bytes = results::results_csv(&all, &csv_words).page(&viewer, &path)?;
    let code = all.lines.first().map_or_else(String::new, |l| l.body.code.clone());
    let name: String =
        code.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '_' }).collect();
    let headers = [
        (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
        (header::CONTENT_DISPOSITION, format!("attachment; filename=\"consulta-{id}-{name}.csv\"")),
        (header::CACHE_CONTROL, "no-store".to_string()),
    ];
    Ok((headers, bytes).into_response())
}
