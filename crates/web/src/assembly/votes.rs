//! A motion and its vote by any of the four methods, and the anonymous secret-ballot and phone
//! pages.

use std::collections::HashMap;

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use cabildo_domain::assembly::{AssemblyId, BallotOption, DecisionRule, MotionId, MotionKind, VoteMethod};
use cabildo_domain::{DomainError, Field, PersonId};
use cabildo_i18n::{Lang, tr};
use cabildo_services::ServiceError;
use cabildo_services::assembly::{self, AssemblyView, BallotForm, BallotReceipt, MIX, MotionView, PhoneAnswer};

use super::common::{Values, method_options, parse_count, rule_options, val};
use crate::http::csrf::CsrfForm;
use crate::http::error::page_error;
use crate::http::status::{not_about_the_form, status_of, text_of};
use crate::http::{Fields, Path, Query, Viewer, WebError};
use crate::state::AppState;
use crate::ui::text::{name, quorum_line};
use crate::ui::{Chrome, render};

#[derive(Template)]
#[template(path = "assembly/motion.html")]
pub(super) struct MotionPage {
    page: Chrome,
    v: AssemblyView,
    m: MotionView,
    /// Present voters who have not yet voted by roll call: person id and name.
    roll: Vec<(i64, String)>,
    methods: Vec<(String, String)>,
    rules: Vec<(String, String)>,
    form: Fields,
    /// The ballot page's query: only the motion.
    ballot_query: String,
    /// For a recall: what it recalls and the rule it is voted by, and the recall by the bases it
    /// counts in.
    recall: Option<(String, Option<i64>)>,
}

impl MotionPage {
    fn outcome(&self) -> String {
        self.m.motion.outcome.map_or_else(String::new, |o| name(&self.page.lang, "outcome", o.code()))
    }

    fn method(&self) -> String {
        self.m.motion.method.map_or_else(String::new, |o| name(&self.page.lang, "vote-method", o.code()))
    }

    fn rule(&self) -> String {
        self.m.motion.rule.map_or_else(String::new, |o| name(&self.page.lang, "decision-rule", o.code()))
    }

    fn status(&self) -> String {
        name(&self.page.lang, "asm-motion-status", self.m.motion.status.code())
    }

    fn is(&self, status: &str) -> bool {
        self.m.motion.status.code() == status
    }

    fn method_is(&self, method: &str) -> bool {
        self.m.motion.method.is_some_and(|m| m.code() == method)
    }

    fn is_election(&self) -> bool {
        self.m.motion.kind == MotionKind::Election
    }

    /// A choice consulta's options (code, label), when the motion answers one.
    fn consulta_options(&self) -> Vec<(String, String)> {
        self.m.consulta.as_ref().map(|c| c.options.clone()).unwrap_or_default()
    }

    fn quorum_line(&self) -> String {
        quorum_line(self.page.lang, &self.v)
    }

    /// Whether the secretary enters this vote's counts (hands, paper ballots).
    fn counted_in_the_hall(&self) -> bool {
        self.m.motion.method.is_some_and(VoteMethod::counted_in_the_hall)
    }

    /// Where the counts of a vote counted in the hall are posted: `paper` or `hands`.
    fn count_step(&self) -> &'static str {
        if self.method_is("paper_ballot") { "paper" } else { "hands" }
    }

    /// "12 de 67 han votado", while a secret ballot is open.
    fn ballots_cast(&self) -> Option<String> {
        self.m.ballots.map(|b| {
            tr(self.page.lang, "hall-ballots-cast", &[("cast", b.cast.to_string()), ("issued", b.issued.to_string())])
        })
    }

    /// "65 papeletas contadas · 67 presentes", once a paper-ballot count was entered.
    fn paper_total(&self) -> Option<String> {
        let total: u64 = self.m.counts.iter().map(|(_, n)| n).sum();
        (self.method_is("paper_ballot") && !self.m.counts.is_empty()).then(|| {
            tr(
                self.page.lang,
                "hall-paper-total",
                &[("total", total.to_string()), ("present", self.v.present.to_string())],
            )
        })
    }

    /// A count's value to show in the form: what was typed, or else what was recorded.
    fn count_value(&self, name: &str, option: &str) -> String {
        let typed = self.form.v(name);
        if !typed.is_empty() || self.form.general.is_some() {
            return typed.to_string();
        }
        self.m.counts.iter().find(|(o, _)| o == option).map_or_else(String::new, |(_, n)| n.to_string())
    }
}

/// The ballot page's query: the motion, nothing else (its labels come from the database).
fn options_query(m: &MotionView) -> String {
    format!("motion={}", m.motion.id.0)
}

pub(super) async fn motion_render(
    state: &AppState,
    viewer: &Viewer,
    id: i64,
    motion: i64,
    form: Fields,
    status: StatusCode,
) -> Result<Response, WebError> {
    let path = format!("/assemblies/{id}/motions/{motion}");
    let ctx = viewer.ctx.clone();
    let read = move |store: &cabildo_services::Store| {
        let recall = assembly::motion_recall(store, &ctx, cabildo_domain::assembly::MotionId(motion))?;
        Ok((assembly::view(store, &ctx, AssemblyId(id))?, recall))
    };
    match state.run(read).await {
        Ok((v, recall)) => {
            let recall = recall.map(|r| {
                let args = [
                    ("holder", r.office.holder.display()),
                    ("office", r.office.title.clone()),
                    ("body", r.body.clone()),
                    ("rule", name(&viewer.lang, "decision-rule", r.rule.code())),
                ];
                (cabildo_i18n::tr(viewer.lang, "recall-motion-note", &args), r.recall)
            });
            let Some(m) = v.motions.iter().find(|m| m.motion.id.0 == motion).cloned() else {
                let e = ServiceError::Assembly(cabildo_services::error::Refusal::UnknownMotion { id: motion });
                return Err(page_error(viewer.lang, &path, e));
            };
            let roll = super::pages::present_of(&v)
                .into_iter()
                .filter(|r| !m.roll_call.iter().any(|c| c.person_id == r.person_id))
                .map(|r| (r.person_id.0, r.name.display()))
                .collect();
            let lang = viewer.lang;
            let methods = method_options(lang, v.phone_voting);
            let page = MotionPage {
                page: viewer.chrome(path),
                ballot_query: options_query(&m),
                v,
                m,
                roll,
                methods,
                rules: rule_options(lang),
                form,
                recall,
            };
            Ok((status, render(&page)).into_response())
        }
        Err(e) => Err(page_error(viewer.lang, &path, e)),
    }
}

pub(super) async fn motion_page(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((id, m)): Path<(i64, i64)>,
) -> Result<Response, WebError> {
    let form = Fields::new(
        viewer.lang,
        HashMap::from([
            ("vote_method".to_string(), "show_of_hands".to_string()),
            ("decision_rule".to_string(), "majority".to_string()),
        ]),
    );
    motion_render(&state, &viewer, id, m, form, StatusCode::OK).await
}

/// The counts typed in the hands or paper-ballot form: for, against, abstentions, and a count
/// per candidate (`c<id>`). `None` when one of them is not a number (noted next to its field).
fn typed_counts(values: &Values, form: &mut Fields) -> Option<Vec<(BallotOption, u64)>> {
    let mut counts = Vec::new();
    let mut ok = true;
    for (name, field, option) in [
        ("votes_for", Field::VotesFor, BallotOption::For),
        ("votes_against", Field::VotesAgainst, BallotOption::Against),
        ("abstentions", Field::Abstentions, BallotOption::Abstain),
    ] {
        if values.contains_key(name) {
            match parse_count(form, name, field) {
                Some(n) => counts.push((option, n)),
                None => ok = false,
            }
        }
    }
    let mut keys: Vec<&String> = values.keys().filter(|k| k.starts_with('c') && k.len() > 1).collect();
    keys.sort();
    for key in keys {
        let Ok(candidate) = key[1..].parse::<i64>() else { continue };
        match parse_count(form, key, Field::Candidate) {
            Some(n) => counts.push((BallotOption::Candidate(candidate), n)),
            None => ok = false,
        }
    }
    // A consulta's options (`o<id>`), when the motion answers a choice consulta.
    let mut keys: Vec<&String> = values.keys().filter(|k| k.starts_with('o') && k.len() > 1).collect();
    keys.sort();
    for key in keys {
        let Ok(option) = key[1..].parse::<i64>() else { continue };
        match parse_count(form, key, Field::ConsultaOption) {
            Some(n) => counts.push((BallotOption::ConsultaOption(option), n)),
            None => ok = false,
        }
    }
    ok.then_some(counts)
}

/// Where a motion's step leads.
enum Done {
    /// Back to the motion's page.
    Back,
    /// To the sheet of the secret ballot's codes, to print.
    Sheet,
}

pub(super) async fn motion_action(
    State(state): State<AppState>,
    Path((id, m, action)): Path<(i64, i64, String)>,
    CsrfForm(viewer, values): CsrfForm<Values>,
) -> Result<Response, WebError> {
    let back = format!("/assemblies/{id}/motions/{m}");
    let motion = MotionId(m);
    let ctx = viewer.ctx.clone();
    let mut form = Fields::new(viewer.lang, values.clone());
    let result: Result<Done, ServiceError> = match action.as_str() {
        "open" => {
            let method = val(&values, "vote_method").parse::<VoteMethod>();
            let rule = match val(&values, "decision_rule") {
                r if r.is_empty() => Ok(DecisionRule::MajorityOfVotesCast),
                r => r.parse::<DecisionRule>(),
            };
            match (method, rule) {
                (Ok(method), Ok(rule)) => {
                    state
                        .run(move |store| {
                            // A secret ballot's sheet of codes is printed next, from its own page.
                            assembly::open_vote(store, &ctx, motion, method, rule)
                                .map(|o| if o.codes.is_empty() { Done::Back } else { Done::Sheet })
                        })
                        .await
                }
                (Err(e), _) | (_, Err(e)) => Err(ServiceError::Domain(e)),
            }
        }
        "hands" | "paper" => {
            let Some(counts) = typed_counts(&values, &mut form) else {
                return motion_render(&state, &viewer, id, m, form, StatusCode::UNPROCESSABLE_ENTITY).await;
            };
            let paper = action == "paper";
            state
                .run(move |store| {
                    let recorded = if paper {
                        assembly::record_paper_tally(store, &ctx, motion, &counts)
                    } else {
                        assembly::record_hands(store, &ctx, motion, &counts)
                    };
                    recorded.map(|_| Done::Back)
                })
                .await
        }
        "roll" => {
            let person = val(&values, "person").parse::<i64>().map(PersonId);
            match (person, BallotOption::parse(&val(&values, "option"))) {
                (Ok(person), Ok(option)) => {
                    state
                        .run(move |store| {
                            assembly::roll_call_vote(store, &ctx, motion, person, option).map(|()| Done::Back)
                        })
                        .await
                }
                (_, Err(e)) => Err(ServiceError::Domain(e)),
                (Err(_), _) => Err(ServiceError::Domain(DomainError::Required { field: Field::Candidate })),
            }
        }
        // Closing a vote asks first: the motion page's button leads to the confirmation, whose
        // button says `confirm=1`.
        "close" if val(&values, "confirm") != "1" => {
            return super::hall::close_confirmation(&state, &viewer, id, m).await;
        }
        "close" => state.run(move |store| assembly::close_vote(store, &ctx, motion).map(|_| Done::Back)).await,
        "reissue" => {
            state.run(move |store| assembly::reissue_ballot_codes(store, &ctx, motion).map(|_| Done::Sheet)).await
        }
        "withdraw" => state.run(move |store| assembly::withdraw(store, &ctx, motion).map(|_| Done::Back)).await,
        "no-quorum" => state.run(move |store| assembly::fail_quorum(store, &ctx, motion).map(|_| Done::Back)).await,
        _ => Err(ServiceError::Assembly(cabildo_services::error::Refusal::UnknownMotion { id: m })),
    };
    match result {
        Ok(Done::Sheet) => Ok(Redirect::to(&format!("{back}/codes")).into_response()),
        Ok(Done::Back) => Ok(Redirect::to(&back).into_response()),
        Err(e) if not_about_the_form(&e) => Err(page_error(viewer.lang, &back, e)),
        Err(e) => {
            form.refused(&e, |_| None);
            motion_render(&state, &viewer, id, m, form, status_of(&e)).await
        }
    }
}

// --- anonymous secret ballots and phone votes -----------------------------------------------------

/// The ballot and phone pages. Every label comes from the database through
/// `assembly::ballot_form`: the link names only the motion, and a link carrying candidates'
/// names or other options changes nothing shown (a swapped name would make a voter vote for
/// someone else).
#[derive(Template)]
#[template(path = "assembly/ballot.html")]
pub(super) struct BallotPage {
    page: Chrome,
    action: String,
    /// The motion's id as the link gave it ("" when none: the page asks for it first).
    motion: String,
    /// "Motion 3: title", when the vote is open.
    heading: Option<String>,
    /// The assembly, its body and its day, when the vote is open.
    assembly: Option<String>,
    /// Option code and label, built here from the database.
    options: Vec<(String, String)>,
    /// Whether the page asks for a ballot code (secret ballot) or a ticket (phone vote).
    secret: bool,
    code: String,
    ok: Option<String>,
    /// The ballot is in the box, waiting to be counted with others.
    waiting: Option<String>,
    error: Option<String>,
}

/// The labels of a vote's options in the viewer's language.
fn labelled(lang: Lang, form: &BallotForm) -> Vec<(String, String)> {
    form.options
        .iter()
        .map(|(option, who)| {
            let label = match (who, form.labels.iter().find(|(o, _)| o == option)) {
                (Some(who), _) => who.display(),
                (None, Some((_, label))) => label.clone(),
                (None, None) => name(&lang, "choice", option.code()),
            };
            (option.code(), label)
        })
        .collect()
}

/// What the page says besides the form: a result, or why the vote cannot be cast.
struct Said {
    code: String,
    ok: Option<String>,
    waiting: Option<String>,
    error: Option<String>,
}

impl Said {
    fn nothing() -> Said {
        Said { code: String::new(), ok: None, waiting: None, error: None }
    }
}

async fn ballot_page_for(state: &AppState, viewer: &Viewer, secret: bool, motion: String, said: Said) -> BallotPage {
    let lang = viewer.lang;
    let method = if secret { VoteMethod::Secret } else { VoteMethod::Phone };
    let action = if secret { "/ballot".to_string() } else { format!("/vote/{motion}") };
    let path = if secret && !motion.is_empty() { format!("/ballot?motion={motion}") } else { action.clone() };
    let mut error = said.error;
    let mut heading = None;
    let mut assembly_line = None;
    let mut options = Vec::new();
    if !motion.is_empty() {
        let form = match motion.parse::<i64>() {
            Ok(id) => ballot_form(state, MotionId(id), method).await,
            Err(_) => Err(ServiceError::Assembly(cabildo_services::error::Refusal::UnknownMotion { id: 0 })),
        };
        let form = form.and_then(|kept| (*kept).clone());
        match form {
            Ok(form) => {
                options = labelled(lang, &form);
                // The number the voter typed or followed (the motion's id), with its title.
                heading =
                    Some(tr(lang, "asm-ballot-heading", &[("number", motion.clone()), ("title", form.title.clone())]));
                let args = [
                    ("assembly", form.assembly_title.clone()),
                    ("body", form.body_name.clone()),
                    ("when", crate::ui::text::when(&form.scheduled_for)),
                ];
                assembly_line = Some(tr(lang, "hall-ballot-assembly", &args));
            }
            // The vote's own refusal (closed, not this way, no such motion) unless the answer
            // to a ballot already says something.
            Err(e) => error = error.or_else(|| Some(text_of(lang, &e))),
        }
    }
    BallotPage {
        page: viewer.chrome(path),
        action,
        motion,
        heading,
        assembly: assembly_line,
        options,
        secret,
        code: said.code,
        ok: said.ok,
        waiting: said.waiting,
        error,
    }
}

/// A motion's ballot form: read once per write, not once per phone (`cached_ballot_form`); a
/// cached form costs no thread hand-off either.
async fn ballot_form(
    state: &AppState,
    id: MotionId,
    method: VoteMethod,
) -> Result<assembly::CachedBallotForm, ServiceError> {
    state
        .read(
            |store| Ok(assembly::peek_ballot_form(store, id, method)),
            move |store| assembly::cached_ballot_form(store, id, method),
        )
        .await
}

/// The page's answer: 200, or the refusal's status when the page shows one.
fn answer(page: BallotPage, status: StatusCode) -> Response {
    (status, render(&page)).into_response()
}

/// `?motion=` — the only thing the link carries. Anything else in the query is ignored.
#[derive(serde::Deserialize)]
pub(super) struct BallotQuery {
    #[serde(default)]
    motion: Option<String>,
}

pub(super) async fn ballot_page(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(query): Query<BallotQuery>,
) -> Result<Response, WebError> {
    let motion = query.motion.map(|m| m.trim().to_string()).unwrap_or_default();
    Ok(answer(ballot_page_for(&state, &viewer, true, motion, Said::nothing()).await, StatusCode::OK))
}

pub(super) async fn cast_ballot(
    State(state): State<AppState>,
    CsrfForm(viewer, values): CsrfForm<Values>,
) -> Result<Response, WebError> {
    let motion_text = val(&values, "motion");
    let code = val(&values, "code");
    let lang = viewer.lang;
    let parsed = match (motion_text.parse::<i64>(), BallotOption::parse(&val(&values, "choice"))) {
        (Ok(m), Ok(option)) => Ok((MotionId(m), option)),
        (Err(_), _) => Err(ServiceError::Assembly(cabildo_services::error::Refusal::UnknownMotion { id: 0 })),
        (_, Err(e)) => Err(ServiceError::Domain(e)),
    };
    let result = match parsed {
        Ok((motion, option)) => super::common::cast_ballot(&state, motion, code.clone(), option).await,
        Err(e) => Err(e),
    };
    let (said, status) = match result {
        Ok(BallotReceipt::Counted) => {
            (Said { ok: Some(tr(lang, "asm-ballot-counted", &[])), ..Said::nothing() }, StatusCode::OK)
        }
        Ok(BallotReceipt::InTheBox) => {
            let text = tr(lang, "asm-ballot-in-the-box", &[("others", (MIX - 1).to_string())]);
            (Said { waiting: Some(text), ..Said::nothing() }, StatusCode::ACCEPTED)
        }
        Err(e) => (Said { code, error: Some(text_of(lang, &e)), ..Said::nothing() }, status_of(&e)),
    };
    Ok(answer(ballot_page_for(&state, &viewer, true, motion_text, said).await, status))
}

pub(super) async fn phone_page(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(motion): Path<i64>,
    headers: axum::http::HeaderMap,
) -> Result<Response, WebError> {
    if let Some(kept) = kept_phone_page(&state, &viewer, motion, &headers).await {
        return Ok(kept);
    }
    Ok(answer(ballot_page_for(&state, &viewer, false, motion.to_string(), Said::nothing()).await, StatusCode::OK))
}

/// A visitor's phone page while the vote is open: the same for every visitor but the form token,
/// so kept rendered and compressed with a hole for the token (`http::holed`) while the motion's
/// ballot form is the one it was rendered from. `None` (render it) for a signed-in viewer, a vote
/// not open, or a token that does not fit.
async fn kept_phone_page(
    state: &AppState,
    viewer: &Viewer,
    motion: i64,
    headers: &axum::http::HeaderMap,
) -> Option<Response> {
    use crate::http::holed::{HOLE, Holed};
    if viewer.account.is_some() || viewer.session.is_some() {
        return None;
    }
    let token = viewer.csrf.as_deref()?;
    let form = ballot_form(state, MotionId(motion), VoteMethod::Phone).await.ok()?;
    if form.is_err() {
        return None;
    }
    let source: crate::http::holed::Source = form;
    let key = state.pages.key("", viewer.lang, &format!("/vote/{motion}"));
    let holed = match state.pages.holed.get(key, &source) {
        Some(holed) => holed,
        None => {
            let mut page = ballot_page_for(state, viewer, false, motion.to_string(), Said::nothing()).await;
            page.page.csrf = Some(HOLE.to_string());
            let holed = std::sync::Arc::new(Holed::new(&page.render().ok()?)?);
            state.pages.holed.put(key, source, std::sync::Arc::clone(&holed));
            holed
        }
    };
    holed.response(headers, token)
}

/// The phone page of a motion reached from a ticket's address, with the ticket filled in.
pub(super) async fn phone_page_with(state: &AppState, viewer: &Viewer, motion: i64, ticket: String) -> Response {
    let said = Said { code: ticket, ..Said::nothing() };
    answer(ballot_page_for(state, viewer, false, motion.to_string(), said).await, StatusCode::OK)
}

pub(super) async fn phone_vote(
    State(state): State<AppState>,
    Path(motion): Path<i64>,
    CsrfForm(viewer, values): CsrfForm<Values>,
) -> Result<Response, WebError> {
    let lang = viewer.lang;
    let ticket = val(&values, "code");
    let outcome = super::common::cast_phone_vote(&state, MotionId(motion), &ticket, &val(&values, "choice")).await;
    let (said, status) = match outcome {
        Ok(answer) => {
            let id = match answer {
                PhoneAnswer::Recorded => "asm-vote-recorded",
                PhoneAnswer::AlreadyRecorded => "asm-vote-already-recorded",
            };
            (Said { ok: Some(tr(lang, id, &[])), ..Said::nothing() }, StatusCode::OK)
        }
        Err(e) => (Said { code: ticket, error: Some(text_of(lang, &e)), ..Said::nothing() }, status_of(&e)),
    };
    Ok(answer(ballot_page_for(&state, &viewer, false, motion.to_string(), said).await, status))
}
