//! The pages: an assembly's seats with the form that declares them, a delegation with its seats,
//! credentials and the form that puts a seat to election in the sub-body's assembly, the
//! printable credentials, and a body's delegations.

use std::collections::HashMap;

use askama::Template;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use cabildo_domain::assembly::AssemblyId;
use cabildo_domain::delegates::SeatRole;
use cabildo_domain::{Body, PersonId};
use cabildo_i18n::{Lang, tr};
use cabildo_services::assembly::AssemblyRecord;
use cabildo_services::delegates::{
    self, CredentialRecord, CredentialSheet, DelegateElectionForm, Delegation, DelegationRecord, SeatForm, Seats,
    Weighting,
};

use crate::http::csrf::CsrfForm;
use crate::http::error::page_error;
use crate::http::respond::PageResult;
use crate::http::status::{not_about_the_form, status_of};
use crate::http::{Fields, Page, Path, Viewer, WebError};
use crate::state::AppState;
use crate::ui::text::name;
use crate::ui::{Chrome, render};

type Values = HashMap<String, String>;

fn val(values: &Values, name: &str) -> String {
    values.get(name).map_or_else(String::new, |v| v.trim().to_string())
}

/// "Asiento 2 · suplente".
pub(super) fn seat_words(lang: Lang, seat: u32, role: SeatRole) -> String {
    tr(lang, "dlg-seat-role", &[("seat", seat.to_string()), ("role", name(&lang, "seat-role", role.code()))])
}

/// "3 asientos · 120 afiliados al 01/11/2026".
fn delegation_figures(lang: Lang, d: &DelegationRecord, register_on: cabildo_domain::Date) -> String {
    tr(
        lang,
        "dlg-figures",
        &[
            ("seats", d.seats.to_string()),
            ("members", lang.count(d.members)),
            ("date", register_on.format("%d/%m/%Y").to_string()),
        ],
    )
}

// --- seats ----------------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "delegates/seats.html")]
struct SeatsPage {
    page: Chrome,
    s: Seats,
    form: Fields,
}

impl SeatsPage {
    fn plan_line(&self) -> String {
        let lang = self.page.lang;
        let Some(p) = &self.s.plan else { return String::new() };
        let rule = tr(
            lang,
            &format!("dlg-rule-{}", p.rule.code()),
            &[("number", p.rule.number().to_string()), ("date", p.register_on.format("%d/%m/%Y").to_string())],
        );
        let alternates = tr(lang, if p.alternates { "dlg-with-alternates" } else { "dlg-without-alternates" }, &[]);
        let weighing = name(&lang, "weighted", p.weighted);
        format!("{rule} · {alternates} · {weighing}")
    }

    fn total(&self) -> String {
        tr(self.page.lang, "dlg-voting-seats", &[("count", self.s.voting_seats().to_string())])
    }

    fn figures(&self, d: &DelegationRecord) -> String {
        self.s.plan.as_ref().map_or_else(String::new, |p| delegation_figures(self.page.lang, d, p.register_on))
    }

    fn issued(&self, issued: &u32, seats: &u32) -> String {
        tr(self.page.lang, "dlg-issued", &[("issued", issued.to_string()), ("seats", seats.to_string())])
    }

    fn seat(&self, c: &CredentialRecord) -> String {
        seat_words(self.page.lang, c.seat, c.role)
    }

    fn ended(&self, d: &DelegationRecord) -> Option<String> {
        d.ended_on.map(|on| tr(self.page.lang, "dlg-ended-on", &[("date", on.format("%d/%m/%Y").to_string())]))
    }

    fn rules(&self) -> Vec<(String, String)> {
        ["fixed", "per_members"].iter().map(|c| (c.to_string(), self.page.t(&format!("dlg-rule-name-{c}")))).collect()
    }
}

async fn seats_render(
    state: &AppState,
    viewer: &Viewer,
    id: i64,
    form: Fields,
    status: StatusCode,
) -> Result<Response, WebError> {
    let path = format!("/assemblies/{id}/seats");
    let ctx = viewer.ctx.clone();
    let s = state.run(move |store| delegates::seats(store, &ctx, AssemblyId(id))).await.page(viewer, &path)?;
    Ok((status, render(&SeatsPage { page: viewer.chrome(path), s, form })).into_response())
}

pub(super) async fn seats_page(Page { state, viewer }: Page, Path(id): Path<i64>) -> Result<Response, WebError> {
    let mut values = Values::new();
    values.insert("seat_rule".into(), "fixed".into());
    values.insert("alternates".into(), "1".into());
    values.insert("register_on".into(), viewer.ctx.today.to_string());
    let form = Fields::new(viewer.lang, values);
    seats_render(&state, &viewer, id, form, StatusCode::OK).await
}

/// Declares the seats; refused, the page again with every problem under its field.
pub(super) async fn declare(
    axum::extract::State(state): axum::extract::State<AppState>,
    Path(id): Path<i64>,
    CsrfForm(viewer, values): CsrfForm<Values>,
) -> Result<Response, WebError> {
    let lang = viewer.lang;
    let form = SeatForm {
        rule: val(&values, "seat_rule"),
        number: val(&values, "seat_number"),
        alternates: val(&values, "alternates") == "1",
        register_on: val(&values, "register_on"),
    };
    if let Err(problems) = form.read(viewer.ctx.today) {
        let mut fields = Fields::new(lang, values);
        for (field, e) in problems.0 {
            let name = if field == cabildo_domain::Field::Date { "register_on" } else { field.id() };
            fields.put(name, e);
        }
        return seats_render(&state, &viewer, id, fields, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let ctx = viewer.ctx.clone();
    match state.run(move |store| delegates::declare_seats(store, &ctx, AssemblyId(id), &form)).await {
        Ok(_) => Ok(Redirect::to(&format!("/assemblies/{id}/seats")).into_response()),
        Err(e) if not_about_the_form(&e) && !matches!(e, cabildo_services::ServiceError::Delegate(_)) => {
            Err(page_error(lang, &format!("/assemblies/{id}/seats"), e))
        }
        Err(e) => {
            let mut fields = Fields::new(lang, values);
            fields.refused(&e, |_| None);
            seats_render(&state, &viewer, id, fields, status_of(&e)).await
        }
    }
}

// --- a delegation ---------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "delegates/delegation.html")]
struct DelegationPage {
    page: Chrome,
    d: Delegation,
    form: Fields,
}

impl DelegationPage {
    fn figures(&self) -> String {
        delegation_figures(self.page.lang, &self.d.delegation, self.d.plan.register_on)
    }

    fn seat_numbers(&self) -> Vec<u32> {
        (1..=self.d.delegation.seats).collect()
    }

    fn roles(&self) -> Vec<SeatRole> {
        if self.d.plan.alternates { vec![SeatRole::Holder, SeatRole::Alternate] } else { vec![SeatRole::Holder] }
    }

    fn role_name(&self, role: &SeatRole) -> String {
        name(&self.page.lang, "seat-role", role.code())
    }

    fn credential(&self, seat: &u32, role: &SeatRole) -> Option<&CredentialRecord> {
        self.d.credentials.iter().find(|c| c.seat == *seat && c.role == *role)
    }

    fn state_of(&self, c: &CredentialRecord) -> String {
        let lang = self.page.lang;
        match (c.revoked_on, c.used_at) {
            (Some(on), _) => tr(lang, "dlg-revoked-on", &[("date", on.format("%d/%m/%Y").to_string())]),
            (None, Some(_)) => tr(lang, "dlg-admitted", &[]),
            (None, None) => tr(lang, "dlg-issued-one", &[]),
        }
    }

    fn open_seats(&self) -> Vec<(String, String)> {
        let lang = self.page.lang;
        self.d
            .open_seats()
            .into_iter()
            .map(|(seat, role)| (format!("{seat}-{}", role.code()), seat_words(lang, seat, role)))
            .collect()
    }

    fn election_line(&self, e: &cabildo_services::delegates::DelegateElection) -> String {
        seat_words(self.page.lang, e.seat, e.role)
    }

    fn outcome(&self, m: &cabildo_services::assembly::MotionRecord) -> String {
        m.outcome.map_or_else(|| self.page.t("dlg-vote-pending"), |o| name(&self.page.lang, "outcome", o.code()))
    }

    fn ended(&self) -> Option<String> {
        self.d
            .delegation
            .ended_on
            .map(|on| tr(self.page.lang, "dlg-ended-on", &[("date", on.format("%d/%m/%Y").to_string())]))
    }

    fn default_title(&self) -> String {
        tr(self.page.lang, "dlg-election-title", &[("assembly", self.d.congress.title.clone())])
    }

    fn title_value(&self) -> String {
        let typed = self.form.v("office_title");
        if typed.is_empty() { self.default_title() } else { typed.to_string() }
    }

    fn election_rules(&self) -> Vec<(String, String)> {
        crate::ui::text::options(self.page.lang, "election-rule", ["plurality", "absolute_majority"])
    }

    fn checked(&self, person: &PersonId) -> bool {
        self.form.v("candidates").split(',').any(|p| p == person.0.to_string())
    }
}

async fn delegation_render(
    state: &AppState,
    viewer: &Viewer,
    id: i64,
    form: Fields,
    status: StatusCode,
) -> Result<Response, WebError> {
    let path = format!("/delegations/{id}");
    let ctx = viewer.ctx.clone();
    let d = state.run(move |store| delegates::delegation(store, &ctx, id)).await.page(viewer, &path)?;
    Ok((status, render(&DelegationPage { page: viewer.chrome(path), d, form })).into_response())
}

pub(super) async fn delegation_page(Page { state, viewer }: Page, Path(id): Path<i64>) -> Result<Response, WebError> {
    let mut values = Values::new();
    values.insert("election_rule".into(), "plurality".into());
    let form = Fields::new(viewer.lang, values);
    delegation_render(&state, &viewer, id, form, StatusCode::OK).await
}

/// Puts a seat to election in an assembly of the delegation's body; the vote is then run on the
/// assembly's page, and its close issues the credential.
pub(super) async fn elect(
    axum::extract::State(state): axum::extract::State<AppState>,
    Path(id): Path<i64>,
    CsrfForm(viewer, pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let lang = viewer.lang;
    let candidates: Vec<PersonId> =
        pairs.iter().filter(|(k, _)| k == "candidate").filter_map(|(_, v)| v.parse().ok()).map(PersonId).collect();
    let mut values: Values = pairs.iter().filter(|(k, _)| k != "candidate").cloned().collect();
    values.insert("candidates".into(), candidates.iter().map(|p| p.0.to_string()).collect::<Vec<_>>().join(","));
    let assembly: Option<i64> = val(&values, "assembly").parse().ok();
    let seat = val(&values, "seat");
    let parsed = seat.split_once('-').and_then(|(n, r)| Some((n.parse::<u32>().ok()?, r.parse::<SeatRole>().ok()?)));
    let mut fields = Fields::new(lang, values.clone());
    if parsed.is_none() {
        fields.note("seat", "required", tr(lang, "dlg-pick-seat", &[]));
    }
    if candidates.is_empty() {
        fields.note("candidate", "no_candidates", tr(lang, "no_candidates", &[]));
    }
    let (Some(assembly), Some((seat, role)), true) = (assembly, parsed, fields.is_clean()) else {
        return delegation_render(&state, &viewer, id, fields, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let title = val(&values, "office_title");
    let form =
        DelegateElectionForm { delegation: id, seat, role, title, rule: val(&values, "election_rule"), candidates };
    let ctx = viewer.ctx.clone();
    match state.run(move |store| delegates::add_delegate_election(store, &ctx, AssemblyId(assembly), &form)).await {
        Ok(m) => Ok(Redirect::to(&format!("/assemblies/{assembly}/motions/{}", m.id.0)).into_response()),
        Err(e)
            if not_about_the_form(&e)
                && !matches!(
                    e,
                    cabildo_services::ServiceError::Delegate(_) | cabildo_services::ServiceError::Assembly(_)
                ) =>
        {
            Err(page_error(lang, &format!("/delegations/{id}"), e))
        }
        Err(e) => {
            let mut fields = Fields::new(lang, values);
            fields.refused(&e, |_| Some("seat"));
            delegation_render(&state, &viewer, id, fields, status_of(&e)).await
        }
    }
}

// --- credentials ------------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "delegates/credentials.html")]
struct CredentialsPage {
    page: Chrome,
    sheet: CredentialSheet,
}

impl CredentialsPage {
    fn seat(&self, c: &CredentialRecord) -> String {
        seat_words(self.page.lang, c.seat, c.role)
    }

    fn bodies(&self) -> String {
        format!("{} · {}", self.sheet.delegation.congress_body.name, self.sheet.delegation.congress.title)
    }

    fn day(&self) -> String {
        self.sheet.delegation.congress.scheduled_for.format("%d/%m/%Y %H:%M").to_string()
    }
}

pub(super) async fn credentials_page(Page { state, viewer }: Page, Path(id): Path<i64>) -> Result<Response, WebError> {
    let path = format!("/delegations/{id}/credentials");
    let ctx = viewer.ctx.clone();
    let sheet = state.run(move |store| delegates::credential_sheet(store, &ctx, id)).await.page(&viewer, &path)?;
    Ok(render(&CredentialsPage { page: viewer.chrome(path), sheet }))
}

// --- a body's delegations -----------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "delegates/body.html")]
struct BodyDelegationsPage {
    page: Chrome,
    body: Body,
    list: Vec<(DelegationRecord, AssemblyRecord)>,
    weighting: Weighting,
}

impl BodyDelegationsPage {
    fn when(&self, a: &AssemblyRecord) -> String {
        a.scheduled_for.format("%d/%m/%Y").to_string()
    }

    fn seats(&self, d: &DelegationRecord) -> String {
        tr(self.page.lang, "dlg-seats-count", &[("count", d.seats.to_string())])
    }

    /// "The statute counts one vote per delegate."
    fn weighting_now(&self) -> String {
        let how = name(&self.page.lang, "weighted", self.weighting.weighted);
        tr(self.page.lang, "dlg-weighting-now", &[("how", how)])
    }
}

pub(super) async fn body_delegations(Page { state, viewer }: Page, Path(id): Path<i64>) -> Result<Response, WebError> {
    let path = format!("/bodies/{id}/delegations");
    let ctx = viewer.ctx.clone();
    let d =
        state.run(move |store| delegates::delegations_of(store, &ctx, &id.to_string())).await.page(&viewer, &path)?;
    let page = BodyDelegationsPage { page: viewer.chrome(path), body: d.body, list: d.list, weighting: d.weighting };
    Ok(render(&page))
}

/// Sets how the body's statute counts delegations at its congresses: one vote per delegate, or
/// each delegation weighed by the members it represents.
pub(super) async fn set_weighting(
    axum::extract::State(state): axum::extract::State<AppState>,
    Path(id): Path<i64>,
    CsrfForm(viewer, values): CsrfForm<Values>,
) -> Result<Response, WebError> {
    let path = format!("/bodies/{id}/delegations");
    let weigh = match val(&values, "weighted").as_str() {
        "1" => true,
        "0" => false,
        other => {
            let bad =
                cabildo_domain::DomainError::Invalid { field: cabildo_domain::Field::Choice, value: other.into() };
            return Err(page_error(viewer.lang, &path, bad.into()));
        }
    };
    let ctx = viewer.ctx.clone();
    state.run(move |store| delegates::set_weighting(store, &ctx, &id.to_string(), weigh)).await.page(&viewer, &path)?;
    Ok(Redirect::to(&format!("{path}#weighting")).into_response())
}
