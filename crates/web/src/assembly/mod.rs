//! Assemblies: the convocatoria and its printable notice, radio text and Atom feed; the statute;
//! the door (check-in) and member cards; motions, elections and their votes by four methods;
//! anonymous secret ballots and phone votes; a crowd's tickets and their printable sheet; the
//! live projector view — as pages and JSON. The
//! acta of an assembly is its own feature (`acta`).

mod api;
mod common;
mod door;
mod dto;
mod hall;
mod live;
mod pages;
mod qr;
mod tickets;
mod vote_api;
mod votes;

use axum::routing::{get, post};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::state::AppState;

pub(crate) use vote_api::phone_vote_direct;

/// The address of the phone-vote API, which the server routes ahead of its layers
/// ([`phone_vote_direct`]).
pub(crate) const PHONE_VOTE_PATH: &str = "/api/v1/motions/{id}/phone-votes";

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
        .route("/assemblies/{id}/tickets", get(tickets::tickets_page).post(tickets::issue))
        .route("/assemblies/{id}/crowd", post(tickets::crowd))
        .route("/assemblies/{id}/vote", get(tickets::vote_page))
        .route("/assemblies/{id}/motions", post(pages::add_motion))
        .route("/assemblies/{id}/elections", post(pages::add_election))
        .route("/assemblies/{id}/door", get(door::door_page).post(door::check_in))
        .route("/assemblies/{id}/cards", get(door::cards_page))
        .route("/assemblies/{id}/motions/{m}", get(votes::motion_page))
        .route("/assemblies/{id}/motions/{m}/codes", get(hall::codes_page))
        .route("/assemblies/{id}/motions/{m}/{action}", get(hall::action_page).post(votes::motion_action))
        .route("/ballot", get(votes::ballot_page).post(votes::cast_ballot))
        .route("/vote/{motion}", get(votes::phone_page).post(votes::phone_vote))
        .route("/assemblies/{id}/live", get(live::live_page))
        .route("/assemblies/{id}/events", get(live::live_events))
        .routes(routes!(api::list_assemblies, api::convene_assembly))
        .routes(routes!(api::get_statute, api::update_statute))
        .routes(routes!(api::list_resolutions))
        .routes(routes!(api::get_assembly))
        .routes(routes!(api::open_assembly))
        .routes(routes!(api::close_assembly))
        .routes(routes!(api::cancel_assembly))
        .routes(routes!(api::get_attendance, api::check_in))
        .routes(routes!(api::add_motion))
        .routes(routes!(api::add_election))
        .routes(routes!(vote_api::issue_tickets))
        .routes(routes!(vote_api::open_vote))
        .routes(routes!(vote_api::record_hands))
        .routes(routes!(vote_api::record_paper_tally))
        .routes(routes!(vote_api::ballot_codes, vote_api::reissue_ballot_codes))
        .routes(routes!(vote_api::roll_call))
        .routes(routes!(vote_api::close_vote))
        .routes(routes!(vote_api::withdraw))
        .routes(routes!(vote_api::no_quorum))
        .routes(routes!(vote_api::cast_ballot))
        .routes(routes!(vote_api::phone_vote))
}
