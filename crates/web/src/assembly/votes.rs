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
use cabildo_services::assembly::{self, AssemblyView, MotionView, PhoneAnswer};

use super::common::{Values, method_options, parse_count, rule_options, val};
use crate::http::csrf::CsrfForm;
use crate::http::error::page_error;
use crate::http::status::{not_about_the_form, status_of, text_of};
use crate::http::urls::urlencode;
use crate::http::{Fields, Path, Viewer, WebError};
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
    /// Secret-ballot codes just made (shown once, to print).
    codes: Vec<String>,
    /// The ballot page's address with the options of this vote.
    ballot_query: String,
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

    fn quorum_line(&self) -> String {
        quorum_line(self.page.lang, &self.v)
    }
}

/// The query naming a vote's options for the anonymous ballot and phone pages.
fn options_query(m: &MotionView) -> String {
    let mut q = format!("motion={}", m.motion.id.0);
    for c in &m.candidates {
        q.push_str(&format!("&c={}", urlencode(&format!("{}:{}", c.id, c.name.display()))));
    }
    q
}

pub(super) async fn motion_render(
    state: &AppState,
    viewer: &Viewer,
    id: i64,
    motion: i64,
    form: Fields,
    codes: Vec<String>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let path = format!("/assemblies/{id}/motions/{motion}");
    let ctx = viewer.ctx.clone();
    match state.run(move |store| assembly::view(store, &ctx, AssemblyId(id))).await {
        Ok(v) => {
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
            let page = MotionPage {
                page: viewer.chrome(path),
                ballot_query: options_query(&m),
                v,
                m,
                roll,
                methods: method_options(lang),
                rules: rule_options(lang),
                form,
                codes,
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
    motion_render(&state, &viewer, id, m, form, Vec::new(), StatusCode::OK).await
}

pub(super) async fn motion_action(
    State(state): State<AppState>,
    Path((id, m, action)): Path<(i64, i64, String)>,
    CsrfForm(viewer, values): CsrfForm<Values>,
) -> Result<Response, WebError> {
    let back = format!("/assemblies/{id}/motions/{m}");
    let motion = MotionId(m);
    let ctx = viewer.ctx.clone();
    let _lang = viewer.lang;
    let mut form = Fields::new(viewer.lang, values.clone());
    let result: Result<Vec<String>, ServiceError> = match action.as_str() {
        "open" => {
            let method = val(&values, "vote_method").parse::<VoteMethod>();
            let rule = match val(&values, "decision_rule") {
                r if r.is_empty() => Ok(DecisionRule::MajorityOfVotesCast),
                r => r.parse::<DecisionRule>(),
            };
            match (method, rule) {
                (Ok(method), Ok(rule)) => {
                    state
                        .run(move |store| assembly::open_vote(store, &ctx, motion, method, rule).map(|o| o.codes))
                        .await
                }
                (Err(e), _) | (_, Err(e)) => Err(ServiceError::Domain(e)),
            }
        }
        "hands" => {
            let mut counts = Vec::new();
            let mut ok = true;
            for (name, field, option) in [
                ("votes_for", Field::VotesFor, BallotOption::For),
                ("votes_against", Field::VotesAgainst, BallotOption::Against),
                ("abstentions", Field::Abstentions, BallotOption::Abstain),
            ] {
                if values.contains_key(name) {
                    match parse_count(&mut form, name, field) {
                        Some(n) => counts.push((option, n)),
                        None => ok = false,
                    }
                }
            }
            let mut keys: Vec<&String> = values.keys().filter(|k| k.starts_with('c') && k.len() > 1).collect();
            keys.sort();
            for key in keys {
                let Ok(candidate) = key[1..].parse::<i64>() else { continue };
                match parse_count(&mut form, key, Field::Candidate) {
                    Some(n) => counts.push((BallotOption::Candidate(candidate), n)),
                    None => ok = false,
                }
            }
            if !ok {
                return motion_render(&state, &viewer, id, m, form, Vec::new(), StatusCode::UNPROCESSABLE_ENTITY).await;
            }
            state.run(move |store| assembly::record_hands(store, &ctx, motion, &counts).map(|_| Vec::new())).await
        }
        "roll" => {
            let person = val(&values, "person").parse::<i64>().map(PersonId);
            match (person, BallotOption::parse(&val(&values, "option"))) {
                (Ok(person), Ok(option)) => {
                    state
                        .run(move |store| {
                            assembly::roll_call_vote(store, &ctx, motion, person, option).map(|()| Vec::new())
                        })
                        .await
                }
                (_, Err(e)) => Err(ServiceError::Domain(e)),
                (Err(_), _) => Err(ServiceError::Domain(DomainError::Required { field: Field::Candidate })),
            }
        }
        "close" => state.run(move |store| assembly::close_vote(store, &ctx, motion).map(|_| Vec::new())).await,
        "withdraw" => state.run(move |store| assembly::withdraw(store, &ctx, motion).map(|_| Vec::new())).await,
        "no-quorum" => state.run(move |store| assembly::fail_quorum(store, &ctx, motion).map(|_| Vec::new())).await,
        _ => Err(ServiceError::Assembly(cabildo_services::error::Refusal::UnknownMotion { id: m })),
    };
    match result {
        // A secret ballot's codes are shown once, in this answer, to be printed.
        Ok(codes) if !codes.is_empty() => motion_render(&state, &viewer, id, m, form, codes, StatusCode::OK).await,
        Ok(_) => Ok(Redirect::to(&back).into_response()),
        Err(e) if not_about_the_form(&e) => Err(page_error(viewer.lang, &back, e)),
        Err(e) => {
            form.refused(&e, |_| None);
            motion_render(&state, &viewer, id, m, form, Vec::new(), status_of(&e)).await
        }
    }
}

// --- anonymous secret ballots and phone votes -----------------------------------------------------

#[derive(Template)]
#[template(path = "assembly/ballot.html")]
pub(super) struct BallotPage {
    page: Chrome,
    action: String,
    motion: String,
    /// Option code and label.
    options: Vec<(String, String)>,
    query: String,
    /// Whether the page asks for a ballot code (secret ballot) or a ticket (phone vote).
    secret: bool,
    code: String,
    ok: Option<String>,
    error: Option<String>,
}

/// The options of a vote: for/against/abstain, or the candidates named in the query.
fn ballot_options(lang: Lang, pairs: &[(String, String)]) -> Vec<(String, String)> {
    let candidates: Vec<(String, String)> = pairs
        .iter()
        .filter(|(k, _)| k == "c")
        .filter_map(|(_, v)| v.split_once(':'))
        .filter_map(|(id, who)| Some((BallotOption::Candidate(id.parse().ok()?).code(), who.to_string())))
        .collect();
    let choices: &[&str] = if candidates.is_empty() { &["for", "against", "abstain"] } else { &["abstain"] };
    candidates.into_iter().chain(choices.iter().map(|c| (c.to_string(), name(&lang, "choice", c)))).collect()
}

fn ballot_page_for(
    viewer: &Viewer,
    secret: bool,
    motion: String,
    raw_query: &str,
    code: String,
    ok: Option<String>,
    error: Option<String>,
) -> BallotPage {
    let pairs: Vec<(String, String)> = form_urlencoded::parse(raw_query.as_bytes()).into_owned().collect();
    let action = if secret { "/ballot".to_string() } else { format!("/vote/{motion}") };
    let path = if raw_query.is_empty() { action.clone() } else { format!("{action}?{raw_query}") };
    let query = if raw_query.is_empty() { String::new() } else { format!("?{raw_query}") };
    BallotPage {
        page: viewer.chrome(path),
        options: ballot_options(viewer.lang, &pairs),
        action,
        motion,
        query,
        secret,
        code,
        ok,
        error,
    }
}

pub(super) async fn ballot_page(viewer: Viewer, uri: axum::http::Uri) -> Result<Response, WebError> {
    let raw = uri.query().unwrap_or("").to_string();
    let pairs: Vec<(String, String)> = form_urlencoded::parse(raw.as_bytes()).into_owned().collect();
    let motion = pairs.iter().find(|(k, _)| k == "motion").map(|(_, v)| v.clone()).unwrap_or_default();
    Ok(render(&ballot_page_for(&viewer, true, motion, &raw, String::new(), None, None)))
}

pub(super) async fn cast_ballot(
    State(state): State<AppState>,
    uri: axum::http::Uri,
    CsrfForm(viewer, values): CsrfForm<Values>,
) -> Result<Response, WebError> {
    let raw = uri.query().unwrap_or("").to_string();
    let motion_text = val(&values, "motion");
    let code = val(&values, "code");
    let lang = viewer.lang;
    let parsed = match (motion_text.parse::<i64>(), BallotOption::parse(&val(&values, "choice"))) {
        (Ok(m), Ok(option)) => Ok((MotionId(m), option)),
        (Err(_), _) => Err(ServiceError::Assembly(cabildo_services::error::Refusal::UnknownMotion { id: 0 })),
        (_, Err(e)) => Err(ServiceError::Domain(e)),
    };
    let ballot = code.clone();
    let result = match parsed {
        Ok((motion, option)) => {
            state.run(move |store| assembly::cast_secret_ballot(store, motion, &ballot, option)).await
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => {
            let ok = Some(tr(lang, "asm-ballot-counted", &[]));
            Ok(render(&ballot_page_for(&viewer, true, motion_text, &raw, String::new(), ok, None)))
        }
        Err(e) => {
            let status = status_of(&e);
            let error = Some(text_of(lang, &e));
            Ok((status, render(&ballot_page_for(&viewer, true, motion_text, &raw, code, None, error))).into_response())
        }
    }
}

pub(super) async fn phone_page(
    viewer: Viewer,
    Path(motion): Path<i64>,
    uri: axum::http::Uri,
) -> Result<Response, WebError> {
    let raw = uri.query().unwrap_or("").to_string();
    Ok(render(&ballot_page_for(&viewer, false, motion.to_string(), &raw, String::new(), None, None)))
}

pub(super) async fn phone_vote(
    State(state): State<AppState>,
    Path(motion): Path<i64>,
    uri: axum::http::Uri,
    CsrfForm(viewer, values): CsrfForm<Values>,
) -> Result<Response, WebError> {
    let raw = uri.query().unwrap_or("").to_string();
    let lang = viewer.lang;
    let ticket = val(&values, "code");
    let outcome = super::common::cast_phone_vote(&state, MotionId(motion), &ticket, &val(&values, "choice")).await;
    match outcome {
        Ok(answer) => {
            let id = match answer {
                PhoneAnswer::Recorded => "asm-vote-recorded",
                PhoneAnswer::AlreadyRecorded => "asm-vote-already-recorded",
            };
            let ok = Some(tr(lang, id, &[]));
            Ok(render(&ballot_page_for(&viewer, false, motion.to_string(), &raw, String::new(), ok, None)))
        }
        Err(e) => {
            let status = status_of(&e);
            let error = Some(text_of(lang, &e));
            Ok((status, render(&ballot_page_for(&viewer, false, motion.to_string(), &raw, ticket, None, error)))
                .into_response())
        }
    }
}
