//! A crowd that votes by phone: issuing tickets (no count prefilled, a confirmation without
//! JavaScript above [`CONFIRM_TICKETS_ABOVE`], a maximum per request), the printable ticket sheet
//! (each ticket with the full address of the phone page, a QR code drawn here and its code), the
//! organisers' estimate of the crowd, and the address a ticket leads to.
//!
//! Tickets are secrets: the sheet is shown only to those who run the assembly, and never stored
//! by a browser or a proxy (`Cache-Control: no-store`).

use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use cabildo_domain::assembly::{AssemblyId, normalize_code};
use cabildo_domain::{DomainError, Field};
use cabildo_i18n::tr;
use cabildo_services::ServiceError;
use cabildo_services::assembly::{self, CONFIRM_TICKETS_ABOVE, MAX_TICKETS, PhoneTarget, SHEET_TICKETS, TicketSheet};

use super::common::{Values, val};
use crate::http::csrf::CsrfForm;
use crate::http::error::page_error;
use crate::http::status::status_of;
use crate::http::urls::public_base_of;
use crate::http::{Fields, Path, Query, Viewer, WebError};
use crate::state::AppState;
use crate::ui::text::tr1;
use crate::ui::{Chrome, render};

/// The address a ticket leads to: the phone page of whatever the assembly votes by phone now.
pub(super) fn vote_address(base: &str, id: i64) -> String {
    format!("{base}/assemblies/{id}/vote")
}

/// One ticket as printed.
pub(super) struct PrintedTicket {
    /// Its number, from 1.
    number: u64,
    code: String,
    /// The QR code of the vote address with the ticket in it, as inline SVG.
    qr: String,
}

#[derive(Template)]
#[template(path = "assembly/tickets.html")]
pub(super) struct TicketsPage {
    page: Chrome,
    sheet: TicketSheet,
    form: Fields,
    /// A count above the threshold, waiting for its confirmation.
    confirm: Option<u64>,
    /// The address printed on every ticket.
    vote_url: String,
    tickets: Vec<PrintedTicket>,
    /// What may be printed: the first ticket of each part of a batch, and its label.
    ranges: Vec<(u64, String)>,
    max: u64,
}

impl TicketsPage {
    fn count_line(&self) -> String {
        tr(
            self.page.lang,
            "abierto-tickets-issued-used",
            &[("issued", self.sheet.issued.to_string()), ("used", self.sheet.used.to_string())],
        )
    }

    fn confirm_text(&self, n: impl std::fmt::Display) -> String {
        tr1(&self.page.lang, "abierto-tickets-confirm", "count", n)
    }

    fn confirm_button(&self, n: impl std::fmt::Display) -> String {
        tr1(&self.page.lang, "abierto-tickets-confirm-button", "count", n)
    }

    fn ticket_number(&self, n: impl std::fmt::Display) -> String {
        tr1(&self.page.lang, "abierto-ticket-number", "number", n)
    }

    fn showing(&self) -> String {
        match (self.tickets.first(), self.tickets.last()) {
            (Some(first), Some(last)) => tr(
                self.page.lang,
                "abierto-tickets-showing",
                &[
                    ("from", first.number.to_string()),
                    ("to", last.number.to_string()),
                    ("issued", self.sheet.issued.to_string()),
                ],
            ),
            _ => String::new(),
        }
    }
}

/// `?from=` — the number (from 1) of the first ticket to show.
#[derive(serde::Deserialize)]
pub(super) struct SheetQuery {
    #[serde(default)]
    from: Option<String>,
}

/// What may be printed: each batch in parts of [`SHEET_TICKETS`], labelled by ticket numbers.
fn ranges(lang: cabildo_i18n::Lang, sheet: &TicketSheet) -> Vec<(u64, String)> {
    let mut out = Vec::new();
    for batch in &sheet.batches {
        let mut from = batch.first;
        let end = batch.first + batch.count;
        while from < end {
            let to = (from + SHEET_TICKETS).min(end);
            let label = tr(lang, "abierto-tickets-range", &[("from", (from + 1).to_string()), ("to", to.to_string())]);
            out.push((from + 1, label));
            from = to;
        }
    }
    out
}

#[allow(clippy::too_many_arguments)]
async fn sheet_and_render(
    state: &AppState,
    viewer: &Viewer,
    headers: &HeaderMap,
    id: i64,
    from: Option<u64>,
    form: Fields,
    confirm: Option<u64>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let path = format!("/assemblies/{id}/tickets");
    let ctx = viewer.ctx.clone();
    let serial = from.map(|n| n.saturating_sub(1));
    let sheet = match state.run(move |store| assembly::ticket_sheet(store, &ctx, AssemblyId(id), serial)).await {
        Ok(sheet) => sheet,
        Err(e) => return Err(page_error(viewer.lang, &path, e)),
    };
    let base = public_base_of(state.public_url.as_deref(), headers, state.secure_cookies);
    let vote_url = vote_address(&base, id);
    let label = tr(viewer.lang, "abierto-qr-label", &[]);
    let tickets = sheet
        .tickets
        .iter()
        .map(|(serial, code)| {
            let compact = normalize_code(code).unwrap_or_default();
            PrintedTicket {
                number: serial + 1,
                code: code.clone(),
                qr: super::qr::svg(&format!("{vote_url}?t={compact}"), &label),
            }
        })
        .collect::<Vec<_>>();
    let shows_codes = !tickets.is_empty();
    let page = TicketsPage {
        page: viewer.chrome(path),
        ranges: ranges(viewer.lang, &sheet),
        sheet,
        form,
        confirm,
        vote_url,
        tickets,
        max: MAX_TICKETS,
    };
    let mut response = (status, render(&page)).into_response();
    if shows_codes {
        response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    Ok(response)
}

pub(super) async fn tickets_page(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Query(query): Query<SheetQuery>,
) -> Result<Response, WebError> {
    let from = query.from.and_then(|f| f.trim().parse::<u64>().ok()).filter(|n| *n > 0);
    sheet_and_render(&state, &viewer, &headers, id, from, Fields::blank(viewer.lang), None, StatusCode::OK).await
}

/// Issues tickets: a count above the threshold comes back asking to confirm it; once issued, the
/// sheet of the new batch.
pub(super) async fn issue(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    CsrfForm(viewer, values): CsrfForm<Values>,
) -> Result<Response, WebError> {
    let lang = viewer.lang;
    let raw = val(&values, "count");
    let n = raw.parse::<u64>().ok();
    // Only a number goes back into the number field: anything else the browser would discard.
    let kept = n.map(|n| vec![("count".to_string(), n.to_string())]).unwrap_or_default();
    let mut form = Fields::new(lang, kept.into_iter().collect());
    let n = match n {
        Some(n) => n,
        None => {
            let error = if raw.is_empty() {
                DomainError::Required { field: Field::Count }
            } else {
                DomainError::BadNumber { field: Field::Count, value: raw }
            };
            form.put("count", error);
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            return sheet_and_render(&state, &viewer, &headers, id, None, form, None, status).await;
        }
    };
    if n > CONFIRM_TICKETS_ABOVE && n <= MAX_TICKETS && val(&values, "confirm") != "yes" {
        return sheet_and_render(&state, &viewer, &headers, id, None, form, Some(n), StatusCode::OK).await;
    }
    let ctx = viewer.ctx.clone();
    match state.run(move |store| assembly::issue_tickets(store, &ctx, AssemblyId(id), n)).await {
        Ok(issued) => Ok(Redirect::to(&format!("/assemblies/{id}/tickets?from={}", issued.first + 1)).into_response()),
        Err(ServiceError::Domain(e)) => {
            let status = status_of(&ServiceError::Domain(e.clone()));
            form.put("count", e);
            sheet_and_render(&state, &viewer, &headers, id, None, form, None, status).await
        }
        Err(e) => Err(page_error(lang, &format!("/assemblies/{id}/tickets"), e)),
    }
}

/// Records the organisers' estimate of the crowd (empty removes it), then back to the assembly.
pub(super) async fn crowd(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm(viewer, values): CsrfForm<Values>,
) -> Result<Response, WebError> {
    let raw = val(&values, "crowd_estimate").replace(['.', ',', ' '], "");
    let estimate = if raw.is_empty() {
        None
    } else {
        match raw.parse::<u64>() {
            Ok(n) => Some(n),
            Err(_) => {
                let e = ServiceError::Domain(DomainError::BadNumber { field: Field::CrowdEstimate, value: raw });
                return Err(page_error(viewer.lang, &format!("/assemblies/{id}"), e));
            }
        }
    };
    let ctx = viewer.ctx.clone();
    match state.run(move |store| assembly::set_crowd_estimate(store, &ctx, AssemblyId(id), estimate)).await {
        Ok(()) => Ok(Redirect::to(&format!("/assemblies/{id}")).into_response()),
        Err(e) => Err(page_error(viewer.lang, &format!("/assemblies/{id}"), e)),
    }
}

/// `?t=` — the ticket, as the QR code on it carries it.
#[derive(serde::Deserialize)]
pub(super) struct TicketQuery {
    #[serde(default)]
    t: Option<String>,
}

/// The address on a ticket: the phone page of the motion voted by phone now, with the ticket
/// filled in when the QR code carried it; while nothing is voted by phone, a page that says so.
pub(super) async fn vote_page(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    Query(query): Query<TicketQuery>,
) -> Result<Response, WebError> {
    // Only something that reads as a code goes into the page.
    let ticket = query.t.as_deref().and_then(normalize_code).filter(|c| c.len() <= 16).unwrap_or_default();
    let mut response = match state.run(move |store| assembly::phone_motion(store, AssemblyId(id))).await {
        Ok(PhoneTarget { motion: Some(motion), .. }) => {
            super::votes::phone_page_with(&state, &viewer, motion.0, ticket).await
        }
        Ok(target) => {
            let again = if ticket.is_empty() { String::new() } else { format!("?t={ticket}") };
            let page = PhoneWait { page: viewer.chrome(format!("/assemblies/{id}/vote")), target, id, again };
            render(&page)
        }
        Err(e) => return Err(page_error(viewer.lang, &format!("/assemblies/{id}/vote"), e)),
    };
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// A ticket's address while nothing is voted by phone.
#[derive(Template)]
#[template(path = "assembly/phone_wait.html")]
pub(super) struct PhoneWait {
    page: Chrome,
    target: PhoneTarget,
    id: i64,
    /// The query that keeps the ticket when the page is loaded again.
    again: String,
}
