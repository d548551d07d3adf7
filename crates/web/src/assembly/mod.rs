//! Assemblies: the convocatoria and its printable notice, radio text and Atom feed; the statute;
//! the door (check-in) and member cards; motions, elections and their votes by four methods;
//! anonymous secret ballots and phone votes; the live projector view — as pages and JSON. The
//! acta of an assembly is its own feature (`acta`).

mod api;
mod door;
mod live;
mod pages;
mod votes;

use std::collections::HashMap;

use axum::routing::{get, post};
use cabildo_domain::assembly::{AssemblyKind, DecisionRule, ElectionRule, MotionId, VoteMethod};
use cabildo_domain::{DomainError, Field};
use cabildo_i18n::Lang;
use cabildo_services::ServiceError;
use cabildo_services::assembly::PhoneAnswer;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::http::Fields;
use crate::state::AppState;
use crate::ui::text::options;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route("/bodies/{id}/assemblies", get(pages::list_page).post(pages::convene))
        .route("/bodies/{id}/assemblies.atom", get(pages::atom_feed))
        .route("/bodies/{id}/statute", get(pages::statute_page).post(pages::update_statute))
        .route("/assemblies/{id}", get(pages::assembly_page))
        .route("/assemblies/{id}/notice.txt", get(pages::notice_text))
        .route("/assemblies/{id}/open", post(pages::open))
        .route("/assemblies/{id}/close", post(pages::close))
        .route("/assemblies/{id}/cancel", post(pages::cancel))
        .route("/assemblies/{id}/tickets", post(pages::tickets))
        .route("/assemblies/{id}/motions", post(pages::add_motion))
        .route("/assemblies/{id}/elections", post(pages::add_election))
        .route("/assemblies/{id}/door", get(door::door_page).post(door::check_in))
        .route("/assemblies/{id}/cards", get(door::cards_page))
        .route("/assemblies/{id}/motions/{m}", get(votes::motion_page))
        .route("/assemblies/{id}/motions/{m}/{action}", post(votes::motion_action))
        .route("/ballot", get(votes::ballot_page).post(votes::cast_ballot))
        .route("/vote/{motion}", get(votes::phone_page).post(votes::phone_vote))
        .route("/assemblies/{id}/live", get(live::live_page))
        .route("/assemblies/{id}/events", get(live::live_events))
        .routes(routes!(api::list_assemblies, api::convene))
        .routes(routes!(api::get_statute, api::update_statute))
        .routes(routes!(api::resolutions))
        .routes(routes!(api::get_assembly))
        .routes(routes!(api::open_assembly))
        .routes(routes!(api::close_assembly))
        .routes(routes!(api::cancel_assembly))
        .routes(routes!(api::door, api::check_in))
        .routes(routes!(api::add_motion))
        .routes(routes!(api::add_election))
        .routes(routes!(api::issue_tickets))
        .routes(routes!(api::open_vote))
        .routes(routes!(api::record_hands))
        .routes(routes!(api::roll_call))
        .routes(routes!(api::close_vote))
        .routes(routes!(api::withdraw))
        .routes(routes!(api::no_quorum))
        .routes(routes!(api::cast_ballot))
        .routes(routes!(api::phone_vote))
}

/// A submitted form's values by name.
type Values = HashMap<String, String>;

/// A form value, trimmed ("" when missing).
fn val(values: &Values, name: &str) -> String {
    values.get(name).map_or_else(String::new, |v| v.trim().to_string())
}

fn kind_options(lang: Lang) -> Vec<(String, String)> {
    options(lang, "assembly-kind", AssemblyKind::ALL.iter().map(|k| k.code()))
}

fn method_options(lang: Lang) -> Vec<(String, String)> {
    options(lang, "vote-method", VoteMethod::ALL.iter().map(|k| k.code()))
}

fn rule_options(lang: Lang) -> Vec<(String, String)> {
    options(lang, "decision-rule", DecisionRule::ALL.iter().map(|k| k.code()))
}

fn election_rule_options(lang: Lang) -> Vec<(String, String)> {
    options(lang, "election-rule", ElectionRule::ALL.iter().map(|k| k.code()))
}

/// A count typed in a form (empty is zero); a failure is noted next to the field.
fn parse_count(form: &mut Fields, name: &str, field: Field) -> Option<u64> {
    form.check(name, |v| {
        let v = v.trim();
        if v.is_empty() {
            return Ok(0);
        }
        v.parse::<u64>().map_err(|_| DomainError::BadNumber { field, value: v.to_string() })
    })
}

/// Hands a phone vote to the vote box and waits, without a blocking thread, until its batch has
/// committed: only then is the phone told it was counted.
async fn cast_phone_vote(
    state: &AppState,
    motion: MotionId,
    ticket: &str,
    option: &str,
) -> Result<PhoneAnswer, ServiceError> {
    let (now, _) = state.now();
    let (sender, answer) = tokio::sync::oneshot::channel();
    state.phones.submit(&state.store, motion, ticket, option, now, move |result| {
        drop(sender.send(result));
    });
    answer.await.map_err(|_| ServiceError::Unavailable("the vote box stopped".into()))?
}
