//! The pages, without JavaScript: a body's book (totals for members; entries, charging, closing
//! and reversing for its officers), the treasurer's desk (find a family as at the door), a
//! family's statement with the payment form, the printable receipt, and the treasurer's report
//! (with its chart drawn on the server and its CSV).

use askama::Template;
use axum::response::{IntoResponse, Redirect, Response};
use cabildo_domain::ledger::Centavos;
use cabildo_i18n::{Lang, tr};
use cabildo_services::ledger::{self, Desk, Overview, PayForm, ReceiptView, Report, Statement};
use serde::Deserialize;

use crate::http::csrf::CsrfForm;
use crate::http::status::{status_of, text_of};
use crate::http::{Page, PageResult, Path, Query, Viewer, WebError};
use crate::ui::text::name;
use crate::ui::{Chrome, render};

/// "Bs 1.234,50".
pub(super) fn bs(amount: Centavos) -> String {
    amount.to_string()
}

fn date(lang: Lang, d: cabildo_domain::Date) -> String {
    use chrono::Datelike;
    lang.date(d.year(), d.month(), d.day())
}

/// An entry in a list.
pub(super) struct EntryLine {
    number: i64,
    on: String,
    kind: String,
    memo: String,
    reversal: bool,
    reason: Option<String>,
    /// An expense: its document is attached or downloaded on a page of its own.
    expense: bool,
}

#[derive(Template)]
#[template(path = "ledger/overview.html")]
pub(super) struct OverviewPage {
    page: Chrome,
    o: Overview,
    cash: String,
    receivable: String,
    credit: String,
    entries: Vec<EntryLine>,
    error: Option<String>,
    form: WriteFields,
    /// The latest transfers with other bodies (officers only).
    transfers: Vec<super::transfers::TransferLine>,
    /// Whether the totals are published on the body's public page, and since when, by whom.
    published: bool,
    publication: String,
}

/// "Se publican desde el 30/11/2026 10:00; lo decidió admin." or why nothing is shown.
fn publication_text(lang: Lang, o: &Overview) -> String {
    match &o.publication {
        None => tr(lang, "publish-off", &[]),
        Some(p) => {
            let when = crate::ui::text::moment(&p.record.set_at);
            let mut args = vec![("date", when), ("who", p.record.set_by.clone())];
            let key = match (&p.resolution, p.published()) {
                (Some(r), true) => {
                    args.push(("resolution", r.clone()));
                    "publish-on-resolution"
                }
                (None, true) => "publish-on",
                (_, false) => "publish-off-since",
            };
            tr(lang, key, &args)
        }
    }
}

/// An entry's memo as people read it: a charge run's memo names its kind by code ("dues
/// 2026-11", "fines", "campaign: Campaña en Pando"), and a reversal's repeats the memo it
/// reverses after its number ("#12 dues 2026-11"); other memos are people's words, shown as typed.
fn shown_memo(lang: Lang, kind: &str, memo: &str) -> String {
    if kind == "reversal"
        && let Some((number, rest)) = memo.split_once(' ')
        && number.starts_with('#')
    {
        return format!("{number} {}", shown_memo(lang, "charges", rest));
    }
    if kind != "charges" {
        return memo.to_string();
    }
    if let Some(period) = memo.strip_prefix("dues ") {
        return format!("{} {period}", name(&lang, "ledger-charge", "dues"));
    }
    if memo == "fines" {
        return name(&lang, "ledger-charge", "fine");
    }
    match memo.split_once(": ") {
        Some((purpose, what)) if purpose.parse::<cabildo_domain::ledger::Purpose>().is_ok() => {
            format!("{}: {what}", name(&lang, "ledger-purpose", purpose))
        }
        _ => memo.to_string(),
    }
}

fn overview_page(
    viewer: &Viewer,
    path: String,
    o: Overview,
    form: WriteFields,
    error: Option<String>,
    transfers: Vec<super::transfers::TransferLine>,
) -> OverviewPage {
    let lang = viewer.lang;
    let entries = o
        .entries
        .iter()
        .map(|e| EntryLine {
            number: e.number,
            on: date(lang, e.occurred_on),
            kind: name(&lang, "ledger-entry-kind", &e.kind),
            memo: shown_memo(lang, &e.kind, &e.memo),
            reversal: e.reverses.is_some(),
            reason: e.reason.clone(),
            expense: e.kind == "expense",
        })
        .collect();
    OverviewPage {
        published: o.publication.as_ref().is_some_and(ledger::Publication::published),
        publication: publication_text(lang, &o),
        page: viewer.chrome(path),
        cash: bs(o.cash),
        receivable: bs(o.receivable),
        credit: bs(o.credit),
        entries,
        o,
        error,
        form,
        transfers,
    }
}

/// A body's book: totals for every member, the latest entries and the treasurer's forms for its
/// officers.
pub(super) async fn overview(Page { state, viewer }: Page, Path(id): Path<i64>) -> Result<Response, WebError> {
    let path = format!("/bodies/{id}/ledger");
    let ctx = viewer.ctx.clone();
    let o = state.run(move |store| ledger::overview(store, &ctx, &id.to_string())).await.page(&viewer, &path)?;
    let transfers = if o.may_view_books { super::transfers::latest(&state, &viewer, id, 5).await } else { Vec::new() };
    Ok(render(&overview_page(&viewer, path, o, WriteFields::default(), None, transfers)))
}

#[derive(Deserialize, Default)]
pub(super) struct WriteFields {
    /// `set_dues`, `levy`, `dues`, `fines`, `reverse`, `close`, `publish` or `unpublish`.
    #[serde(default)]
    operation: String,
    #[serde(default)]
    period: String,
    #[serde(default)]
    entry: String,
    #[serde(default)]
    reason: String,
    /// The statute's dues, or a levy's amount.
    #[serde(default)]
    amount: String,
    #[serde(default)]
    cadence: String,
    #[serde(default)]
    resolution: String,
    #[serde(default)]
    purpose: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    basis: String,
    #[serde(default)]
    due_on: String,
}

/// The writes from the book's page: the statute's dues (whoever may change the statute), a
/// contribution levied by a resolution on every family, charge dues for a period, take over
/// fines, reverse an entry, close a period; publish the totals on the public page or withdraw them
/// (whoever may change the statute). Refused: the page again with what was typed and why.
pub(super) async fn write(
    Page { state, .. }: Page,
    Path(id): Path<i64>,
    CsrfForm(viewer, form): CsrfForm<WriteFields>,
) -> Result<Response, WebError> {
    let path = format!("/bodies/{id}/ledger");
    let ctx = viewer.ctx.clone();
    let (operation, period, entry, reason) =
        (form.operation.clone(), form.period.clone(), form.entry.clone(), form.reason.clone());
    let resolution = form.resolution.clone();
    let dues = ledger::DuesForm { amount: form.amount.clone(), cadence: form.cadence.clone(), share: String::new() };
    let levy = ledger::LevyForm {
        resolution: form.resolution.clone(),
        purpose: form.purpose.clone(),
        description: form.description.clone(),
        basis: form.basis.clone(),
        amount: form.amount.clone(),
        due_on: form.due_on.clone(),
    };
    let done = state
        .run(move |store| {
            let body = id.to_string();
            match operation.as_str() {
                "set_dues" => ledger::set_dues(store, &ctx, &body, &dues).map(drop),
                "levy" => ledger::levy(store, &ctx, &body, &levy).map(drop),
                "dues" => ledger::charge_dues(store, &ctx, &body, &period).map(drop),
                "fines" => ledger::take_over_fines(store, &ctx, &body).map(drop),
                "reverse" => ledger::reverse(store, &ctx, &body, &entry, &reason).map(drop),
                "publish" | "unpublish" => {
                    ledger::set_publication(store, &ctx, &body, operation == "publish", &resolution).map(drop)
                }
                _ => ledger::close_period(store, &ctx, &body, &period).map(drop),
            }
        })
        .await;
    match done {
        Ok(()) => Ok(Redirect::to(&path).into_response()),
        Err(e) if crate::http::status::not_about_the_form(&e) => Err(WebError::new(viewer.lang, e).at(&path)),
        Err(e) => {
            let status = status_of(&e);
            let error = Some(text_of(viewer.lang, &e));
            let ctx = viewer.ctx.clone();
            let o =
                state.run(move |store| ledger::overview(store, &ctx, &id.to_string())).await.page(&viewer, &path)?;
            let transfers =
                if o.may_view_books { super::transfers::latest(&state, &viewer, id, 5).await } else { Vec::new() };
            Ok((status, render(&overview_page(&viewer, path, o, form, error, transfers))).into_response())
        }
    }
}

#[derive(Deserialize, Default)]
pub(super) struct DeskQuery {
    #[serde(default)]
    q: String,
}

/// A family found at the desk.
pub(super) struct DeskLine {
    id: i64,
    name: String,
    detail: String,
    owed: String,
    owes: bool,
    credit: Option<String>,
}

#[derive(Template)]
#[template(path = "ledger/desk.html")]
pub(super) struct DeskPage {
    page: Chrome,
    desk: Desk,
    lines: Vec<DeskLine>,
    found: String,
}

/// The treasurer's desk: find a family by name, parcel, register number or member card.
pub(super) async fn desk(
    Page { state, viewer }: Page,
    Path(id): Path<i64>,
    Query(q): Query<DeskQuery>,
) -> Result<Response, WebError> {
    let path = format!("/bodies/{id}/ledger/desk");
    let ctx = viewer.ctx.clone();
    let desk =
        state.run(move |store| ledger::desk(store, &ctx, &id.to_string(), &q.q, 50)).await.page(&viewer, &path)?;
    let lang = viewer.lang;
    let lines = desk
        .families
        .iter()
        .map(|f| {
            let mut detail: Vec<String> = f.register_number.iter().map(|n| format!("N° {n}")).collect();
            detail.extend(f.parcels.iter().cloned());
            DeskLine {
                id: f.id.0,
                name: f.name.clone(),
                detail: detail.join(" · "),
                owed: bs(f.owed),
                owes: f.owed.is_positive(),
                credit: f.credit.is_positive().then(|| bs(f.credit)),
            }
        })
        .collect();
    let found = tr(lang, "ledger-desk-found", &[("count", lang.count(desk.families.len() as u64))]);
    Ok(render(&DeskPage { page: viewer.chrome(path), desk, lines, found }))
}

/// A charge on the statement.
pub(super) struct ChargeLine {
    id: i64,
    kind: String,
    what: String,
    due: String,
    amount: String,
    owed: String,
    open: bool,
    /// Ticked in the form just refused.
    checked: bool,
}

#[derive(Template)]
#[template(path = "ledger/statement.html")]
pub(super) struct StatementPage {
    page: Chrome,
    s: Statement,
    name: String,
    owed: String,
    credit: String,
    charges: Vec<ChargeLine>,
    any_open: bool,
    receipts: Vec<(String, String, String, String)>,
    form: PayFields,
    error: Option<String>,
}

fn statement_page(
    viewer: &Viewer,
    path: String,
    s: Statement,
    form: PayFields,
    error: Option<String>,
) -> StatementPage {
    let lang = viewer.lang;
    let charges = s
        .charges
        .iter()
        .map(|c| ChargeLine {
            id: c.id.0,
            kind: name(&lang, "ledger-charge", c.kind.code()),
            what: match c.kind {
                cabildo_domain::ledger::ChargeKind::Dues => c.period.clone().unwrap_or_default(),
                _ => String::new(),
            },
            due: date(lang, c.due_on),
            amount: bs(c.amount),
            owed: bs(c.owed),
            open: c.owed.is_positive(),
            checked: form.charge.contains(&c.id.0.to_string()),
        })
        .collect();
    let any_open = s.charges.iter().any(|c| c.owed.is_positive());
    let receipts = s
        .receipts
        .iter()
        .map(|r| (r.code.clone(), format!("{}/{}", r.number, r.year), date(lang, r.issued_on), bs(r.amount)))
        .collect();
    StatementPage {
        page: viewer.chrome(path),
        name: s.household.representative.name.display(),
        owed: bs(s.owed),
        credit: bs(s.credit),
        charges,
        any_open,
        receipts,
        s,
        form,
        error,
    }
}

/// A family's statement: for the body's officers and the family itself; the treasurer's payment
/// form under it.
pub(super) async fn statement(
    Page { state, viewer }: Page,
    Path((id, family)): Path<(i64, i64)>,
) -> Result<Response, WebError> {
    let path = format!("/bodies/{id}/ledger/families/{family}");
    let ctx = viewer.ctx.clone();
    let s = state
        .run(move |store| ledger::statement(store, &ctx, &id.to_string(), &family.to_string()))
        .await
        .page(&viewer, &path)?;
    Ok(render(&statement_page(&viewer, path, s, PayFields::default(), None)))
}

/// The payment form as posted: a ticked box sends `charge` once per charge, so the pairs are
/// read as they come.
#[derive(Default)]
pub(super) struct PayFields {
    amount: String,
    day: String,
    /// The charges ticked to pay first.
    charge: Vec<String>,
}

impl PayFields {
    fn from_pairs(pairs: Vec<(String, String)>) -> PayFields {
        let mut form = PayFields::default();
        for (key, value) in pairs {
            match key.as_str() {
                "amount" => form.amount = value,
                "day" => form.day = value,
                "charge" => form.charge.push(value),
                _ => {}
            }
        }
        form
    }
}

/// Records a payment at the table and shows its receipt; refused, the statement again with what
/// was typed and why.
pub(super) async fn pay(
    Page { state, .. }: Page,
    Path((id, family)): Path<(i64, i64)>,
    CsrfForm(viewer, pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let form = PayFields::from_pairs(pairs);
    let path = format!("/bodies/{id}/ledger/families/{family}");
    let ctx = viewer.ctx.clone();
    let input = PayForm {
        family: family.to_string(),
        amount: form.amount.clone(),
        day: form.day.clone(),
        charges: form.charge.join(","),
    };
    match state.run(move |store| ledger::pay(store, &ctx, &id.to_string(), &input)).await {
        Ok(p) => Ok(Redirect::to(&format!("/bodies/{id}/ledger/receipts/{}", p.receipt.code)).into_response()),
        Err(e) if crate::http::status::not_about_the_form(&e) => Err(WebError::new(viewer.lang, e).at(&path)),
        Err(e) => {
            let status = status_of(&e);
            let error = Some(text_of(viewer.lang, &e));
            let ctx = viewer.ctx.clone();
            let s = state
                .run(move |store| ledger::statement(store, &ctx, &id.to_string(), &family.to_string()))
                .await
                .page(&viewer, &path)?;
            Ok((status, render(&statement_page(&viewer, path, s, form, error))).into_response())
        }
    }
}

#[derive(Template)]
#[template(path = "ledger/receipt.html")]
pub(super) struct ReceiptPage {
    page: Chrome,
    r: ReceiptView,
    issued: String,
    amount: String,
    words: String,
    items: Vec<(String, String, String)>,
    credit: Option<String>,
}

/// A receipt to print (A4, and readable at 360 px).
pub(super) async fn receipt(
    Page { state, viewer }: Page,
    Path((id, code)): Path<(i64, String)>,
) -> Result<Response, WebError> {
    let path = format!("/bodies/{id}/ledger/receipts/{code}");
    let ctx = viewer.ctx.clone();
    let r = state.run(move |store| ledger::receipt(store, &ctx, &id.to_string(), &code)).await.page(&viewer, &path)?;
    let lang = viewer.lang;
    let items = r
        .items
        .iter()
        .map(|i| {
            (i.kind.map_or_else(String::new, |k| name(&lang, "ledger-charge", k.code())), i.what.clone(), bs(i.amount))
        })
        .collect();
    Ok(render(&ReceiptPage {
        page: viewer.chrome(path),
        issued: date(lang, r.receipt.issued_on),
        amount: bs(r.receipt.amount),
        words: r.receipt.amount.in_words(cabildo_domain::spoken::Speech::Spanish),
        credit: r.credit.is_positive().then(|| bs(r.credit)),
        items,
        r,
    }))
}

#[derive(Deserialize, Default)]
pub(super) struct ReportQuery {
    #[serde(default)]
    period: Option<String>,
}

#[derive(Template)]
#[template(path = "ledger/report.html")]
pub(super) struct ReportPage {
    page: Chrome,
    r: Report,
    period: String,
    rows: Vec<(String, String)>,
    expenses: Vec<(String, String)>,
    arrears: Vec<(i64, String, String)>,
    totals: [String; 5],
    chart: String,
    arrears_count: String,
}

/// The treasurer's report for a period (`?period=2026-Q2`; the current year without one), with
/// its chart and a link to its CSV.
pub(super) async fn report(
    Page { state, viewer }: Page,
    Path(id): Path<i64>,
    Query(q): Query<ReportQuery>,
) -> Result<Response, WebError> {
    let path = format!("/bodies/{id}/ledger/report");
    let ctx = viewer.ctx.clone();
    let period = q.period.unwrap_or_else(|| chrono::Datelike::year(&ctx.today).to_string());
    let asked = period.clone();
    let r = state.run(move |store| ledger::report(store, &ctx, &id.to_string(), &asked)).await.page(&viewer, &path)?;
    let lang = viewer.lang;
    let rows =
        r.income.iter().map(|(a, c)| (name(&lang, "ledger-account", a.code().replace(':', "-")), bs(*c))).collect();
    let expenses = r.expenses.iter().map(|(p, c)| (name(&lang, "ledger-purpose", p.code()), bs(*c))).collect();
    let arrears = r.arrears.iter().map(|a| (a.household.0, a.name.clone(), bs(a.owed))).collect();
    let totals =
        [bs(r.opening_cash), bs(r.total_income()), bs(r.total_expenses()), bs(r.closing_cash), bs(r.total_arrears())];
    let chart = super::chart::bars(lang, &r);
    let arrears_count = tr(lang, "ledger-arrears-count", &[("count", lang.count(r.arrears.len() as u64))]);
    Ok(render(&ReportPage {
        page: viewer.chrome(path),
        period: r.period.label(),
        r,
        rows,
        expenses,
        arrears,
        totals,
        chart,
        arrears_count,
    }))
}

/// The report as a spreadsheet (`;`, decimal commas, UTF-8 with BOM): what Excel in Bolivia
/// opens.
pub(super) async fn report_csv(
    Page { state, viewer }: Page,
    Path(id): Path<i64>,
    Query(q): Query<ReportQuery>,
) -> Result<Response, WebError> {
    use axum::http::header;
    let path = format!("/bodies/{id}/ledger/report.csv");
    let ctx = viewer.ctx.clone();
    let period = q.period.unwrap_or_else(|| chrono::Datelike::year(&ctx.today).to_string());
    let r = state.run(move |store| ledger::report(store, &ctx, &id.to_string(), &period)).await.page(&viewer, &path)?;
    let lang = viewer.lang;
    let t = |id: &str| tr(lang, id, &[]);
    let line = |a: String, b: String, c: Centavos| vec![a, b, c.plain()];
    let mut rows = vec![vec![t("ledger-csv-section"), t("ledger-csv-item"), t("ledger-csv-amount")]];
    rows.push(line(t("ledger-opening-cash"), r.period.label(), r.opening_cash));
    for (a, c) in &r.income {
        rows.push(line(t("ledger-income"), name(&lang, "ledger-account", a.code().replace(':', "-")), *c));
    }
    for (p, c) in &r.expenses {
        rows.push(line(t("ledger-expenses"), name(&lang, "ledger-purpose", p.code()), *c));
    }
    for (_, body, c) in &r.transfers {
        rows.push(line(t("ledger-transfers"), body.clone(), *c));
    }
    rows.push(line(t("ledger-closing-cash"), r.period.label(), r.closing_cash));
    for a in &r.arrears {
        rows.push(line(t("ledger-arrears"), a.name.clone(), a.owed));
    }
    let bytes = state.run(move |_| ledger::spreadsheet_csv(&rows)).await.page(&viewer, &path)?;
    let file: String =
        r.body.code.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '_' }).collect();
    let headers = [
        (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
        (header::CONTENT_DISPOSITION, format!("attachment; filename=\"informe-{file}-{}.csv\"", r.period.label())),
        (header::CACHE_CONTROL, "no-store".to_string()),
    ];
    Ok((headers, bytes).into_response())
}

/// What the report's form to present it to an assembly sends.
#[derive(Deserialize)]
pub(super) struct PresentFields {
    #[serde(default)]
    period: String,
    #[serde(default)]
    assembly: String,
    #[serde(default)]
    item: String,
}

/// Presents the report to an assembly in session and shows the assembly, where it is voted.
pub(super) async fn present(
    Page { state, .. }: Page,
    Path(id): Path<i64>,
    CsrfForm(viewer, form): CsrfForm<PresentFields>,
) -> Result<Response, WebError> {
    let path = format!("/bodies/{id}/ledger/report");
    let lang = viewer.lang;
    let assembly = form.assembly.trim().trim_start_matches('#').parse::<i64>().map_err(|_| {
        let unknown = cabildo_services::Refusal::UnknownAssembly { id: 0 };
        WebError::new(lang, unknown.into()).at(&path)
    })?;
    let ctx = viewer.ctx.clone();
    let asked = ledger::PresentForm { period: form.period, item: form.item };
    let translate = move |id: &str, args: &[(&str, String)]| tr(lang, id, args);
    let assembly = cabildo_domain::assembly::AssemblyId(assembly);
    state
        .run(move |store| ledger::present_report(store, &ctx, &id.to_string(), assembly, &asked, &translate))
        .await
        .page(&viewer, &path)?;
    Ok(Redirect::to(&format!("/assemblies/{}", assembly.0)).into_response())
}

#[cfg(test)]
mod tests {
    use cabildo_i18n::Lang;

    #[test]
    fn a_charge_runs_memo_is_shown_in_words_and_peoples_words_as_typed() {
        let shown = |kind, memo| super::shown_memo(Lang::Es, kind, memo);
        assert_eq!(shown("charges", "dues 2026-11"), "Cuota 2026-11");
        assert_eq!(shown("charges", "fines"), "Multa");
        assert_eq!(shown("charges", "campaign: Campaña en Pando"), "Campaña: Campaña en Pando");
        assert_eq!(shown("reversal", "#12 dues 2026-11"), "#12 Cuota 2026-11");
        assert_eq!(shown("payment", "dues Mamani"), "dues Mamani", "a name is never translated");
        assert_eq!(shown("charges", "other words: as typed"), "other words: as typed");
    }
}
