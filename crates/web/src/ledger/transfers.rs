//! Transfers between bodies as pages, without JavaScript: a body's transfers sent and received
//! (pending or confirmed, with the button that confirms one), the form that sends money to a
//! related body and the one that sets the share of dues the bodies below owe; and what every body
//! below owes it for a period (the federation's arrears summary).

use askama::Template;
use axum::response::{IntoResponse, Redirect, Response};
use cabildo_i18n::{Lang, tr};
use cabildo_services::ledger::{self, OwedSummary, TransferBook, TransferForm, TransferView};
use serde::Deserialize;

use crate::http::csrf::CsrfForm;
use crate::http::status::{status_of, text_of};
use crate::http::{Page, PageResult, Path, Query, Viewer, WebError};
use crate::ui::text::name;
use crate::ui::{Chrome, render};

fn date(lang: Lang, d: cabildo_domain::Date) -> String {
    use chrono::Datelike;
    lang.date(d.year(), d.month(), d.day())
}

/// A transfer in a list (here and on the book's overview).
pub(super) struct TransferLine {
    pub(super) reference: String,
    /// The body at the other end.
    pub(super) other: String,
    /// Whether the body whose page it is sent it.
    pub(super) sent: bool,
    /// "Parte de cuotas: 2026", "Aporte: Campaña en Pando".
    pub(super) what: String,
    pub(super) on: String,
    pub(super) amount: String,
    pub(super) confirmed: bool,
    /// "Confirmada por …", "Por confirmar".
    pub(super) status: String,
}

fn line(lang: Lang, t: &TransferView, sent: bool) -> TransferLine {
    let kind = name(&lang, "transfers-kind", &t.record.kind);
    let what = match (&t.record.period, t.record.memo.as_str()) {
        (Some(period), "") => format!("{kind}: {period}"),
        (_, "") => kind,
        (_, memo) => format!("{kind}: {memo}"),
    };
    TransferLine {
        reference: t.record.public_id.to_string(),
        other: if sent { t.to.clone() } else { t.from.clone() },
        sent,
        what,
        on: date(lang, t.record.sent_on),
        amount: t.record.amount.to_string(),
        confirmed: t.record.confirmed,
        status: match &t.confirmed_by {
            Some(by) => tr(lang, "transfers-confirmed-by", &[("name", by.clone())]),
            None => tr(lang, "transfers-pending", &[]),
        },
    }
}

/// The latest transfers of body `id` for its book's overview: none for a viewer who may not see
/// them (the overview says nothing more to a member than its totals).
pub(super) async fn latest(state: &crate::state::AppState, viewer: &Viewer, id: i64, n: usize) -> Vec<TransferLine> {
    let ctx = viewer.ctx.clone();
    match state.run(move |store| ledger::transfers(store, &ctx, &id.to_string())).await {
        Ok(book) => book.transfers.iter().take(n).map(|t| line(viewer.lang, t, t.is_sent_by(book.body.id))).collect(),
        Err(_) => Vec::new(),
    }
}

#[derive(Deserialize, Default)]
pub(super) struct TransferFields {
    /// `send`, `confirm` or `share`.
    #[serde(default)]
    operation: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    period: String,
    #[serde(default)]
    levy: String,
    #[serde(default)]
    amount: String,
    #[serde(default)]
    memo: String,
    #[serde(default)]
    transfer: String,
    #[serde(default)]
    share: String,
}

#[derive(Template)]
#[template(path = "ledger/transfers.html")]
pub(super) struct TransfersPage {
    page: Chrome,
    book: TransferBook,
    title: String,
    share: String,
    sent: Vec<TransferLine>,
    received: Vec<TransferLine>,
    levies: Vec<(String, String)>,
    form: TransferFields,
    error: Option<String>,
}

fn transfers_page(
    viewer: &Viewer,
    path: String,
    book: TransferBook,
    form: TransferFields,
    error: Option<String>,
) -> TransfersPage {
    let lang = viewer.lang;
    let (mut sent, mut received) = (Vec::new(), Vec::new());
    for t in &book.transfers {
        if t.is_sent_by(book.body.id) {
            sent.push(line(lang, t, true));
        } else {
            received.push(line(lang, t, false));
        }
    }
    let share = match book.share_bp {
        0 => tr(lang, "transfers-share-none", &[]),
        bp => tr(lang, "transfers-share-current", &[("share", ledger::share_text(bp))]),
    };
    TransfersPage {
        page: viewer.chrome(path),
        title: tr(lang, "transfers-title", &[("body", book.body.name.clone())]),
        share,
        sent,
        received,
        levies: book.levies.iter().map(|(id, d)| (id.to_string(), d.clone())).collect(),
        book,
        form,
        error,
    }
}

/// A body's transfers: sent and received, the confirm buttons, the forms to send and to set the
/// share. For its officers.
pub(super) async fn transfers(Page { state, viewer }: Page, Path(id): Path<i64>) -> Result<Response, WebError> {
    let path = format!("/bodies/{id}/ledger/transfers");
    let ctx = viewer.ctx.clone();
    let book = state.run(move |store| ledger::transfers(store, &ctx, &id.to_string())).await.page(&viewer, &path)?;
    Ok(render(&transfers_page(&viewer, path, book, TransferFields::default(), None)))
}

/// Sends money to another body, confirms a transfer received, or sets the share of dues owed.
/// Refused: the page again with what was typed and why, nothing written.
pub(super) async fn write(
    Page { state, .. }: Page,
    Path(id): Path<i64>,
    CsrfForm(viewer, form): CsrfForm<TransferFields>,
) -> Result<Response, WebError> {
    let path = format!("/bodies/{id}/ledger/transfers");
    let ctx = viewer.ctx.clone();
    let operation = form.operation.clone();
    let input = TransferForm {
        to: form.to.clone(),
        kind: form.kind.clone(),
        period: form.period.clone(),
        levy: form.levy.clone(),
        amount: form.amount.clone(),
        memo: form.memo.clone(),
        day: String::new(),
    };
    let (transfer, share) = (form.transfer.clone(), form.share.clone());
    let done = state
        .run(move |store| {
            let body = id.to_string();
            match operation.as_str() {
                "confirm" => ledger::confirm_transfer(store, &ctx, &body, &transfer).map(drop),
                "share" => ledger::set_share(store, &ctx, &body, &share).map(drop),
                _ => ledger::send_transfer(store, &ctx, &body, &input).map(drop),
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
            let book =
                state.run(move |store| ledger::transfers(store, &ctx, &id.to_string())).await.page(&viewer, &path)?;
            Ok((status, render(&transfers_page(&viewer, path, book, form, error))).into_response())
        }
    }
}

#[derive(Deserialize, Default)]
pub(super) struct OwedQuery {
    #[serde(default)]
    period: String,
}

/// A body below in the summary.
pub(super) struct OwedLine {
    id: i64,
    label: String,
    /// "· " for each level below the first.
    indent: String,
    collected: String,
    owed: String,
    sent: String,
    outstanding: String,
    owes: bool,
}

#[derive(Template)]
#[template(path = "ledger/owed.html")]
pub(super) struct OwedPage {
    page: Chrome,
    body_id: i64,
    body_name: String,
    title: String,
    intro: String,
    period: String,
    count: String,
    rows: Vec<OwedLine>,
    total: Option<OwedLine>,
    error: Option<String>,
}

/// What every body below owes this one for a period (this year when none is given): the dues
/// each collected, the share, what it sent and what it still owes.
pub(super) async fn owed(
    Page { state, viewer }: Page,
    Path(id): Path<i64>,
    Query(q): Query<OwedQuery>,
) -> Result<Response, WebError> {
    use chrono::Datelike;
    let path = format!("/bodies/{id}/ledger/owed");
    let lang = viewer.lang;
    let period = match q.period.trim() {
        "" => viewer.ctx.today.year().to_string(),
        p => p.to_string(),
    };
    let ctx = viewer.ctx.clone();
    let asked = period.clone();
    let found = state.run(move |store| ledger::owed(store, &ctx, &id.to_string(), &asked)).await;
    let (summary, error): (Option<OwedSummary>, Option<String>) = match found {
        Ok(s) => (Some(s), None),
        Err(e) if crate::http::status::not_about_the_form(&e) => return Err(WebError::new(lang, e).at(&path)),
        Err(e) => (None, Some(text_of(lang, &e))),
    };
    let cell = |label: String, id: i64, depth: usize, o: &cabildo_domain::transfer::ShareOwed| OwedLine {
        id,
        label,
        indent: "· ".repeat(depth.saturating_sub(1)),
        collected: o.collected.to_string(),
        owed: o.owed.to_string(),
        sent: o.sent.to_string(),
        outstanding: o.outstanding.to_string(),
        owes: o.outstanding.is_positive(),
    };
    let Some(s) = summary else {
        // The period did not parse: the form again with the message, nothing computed.
        let body = viewer.ctx.clone();
        let b = state
            .run(move |store| ledger::transfers(store, &body, &id.to_string()).map(|b| b.body))
            .await
            .page(&viewer, &path)?;
        let page = OwedPage {
            page: viewer.chrome(path),
            body_id: id,
            title: tr(lang, "owed-title", &[("body", b.name.clone())]),
            intro: tr(lang, "owed-intro", &[("body", b.name.clone()), ("share", "—".into())]),
            body_name: b.name,
            period,
            count: String::new(),
            rows: Vec::new(),
            total: None,
            error,
        };
        return Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response());
    };
    let rows: Vec<OwedLine> = s.rows.iter().map(|r| cell(r.label.clone(), r.body.0, r.depth, &r.owed)).collect();
    let total = (!rows.is_empty()).then(|| cell(tr(lang, "owed-total", &[]), 0, 0, &s.total()));
    let share = ledger::share_text(s.share_bp);
    Ok(render(&OwedPage {
        page: viewer.chrome(path),
        body_id: id,
        title: tr(lang, "owed-title", &[("body", s.body.name.clone())]),
        intro: tr(lang, "owed-intro", &[("body", s.body.name.clone()), ("share", share)]),
        body_name: s.body.name.clone(),
        period: s.period.label(),
        count: tr(lang, "owed-none", &[("count", lang.count(rows.len() as u64))]),
        rows,
        total,
        error,
    }))
}
