//! Cabildo's integration tests: one binary (linking dominates build time on two cores).
//!
//! - `store`: the repository contract, run on SQLite and on PostgreSQL. The PostgreSQL tests
//!   need `CABILDO_TEST_POSTGRES_URL`; with `CABILDO_REQUIRE_POSTGRES=1` (as in CI) they fail
//!   instead of skipping when it is missing.
//! - `padron`: importing and exporting member lists as sindicatos keep them.
//! - `cli`: the `cabildo` binary as a user runs it: outputs, errors, exit codes.
//! - `chain`: the chain of sealed actas against its heads: every way of cutting, un-sealing,
//!   reordering or damaging it is found, on both backends; a rename is not.
//! - `catalogue`: every error the program can show has a message in every language.
//! - `refusals`: assembly refusals through the JSON API: status, code, and nothing changed.
//! - `persons`: every API route that takes or gives a person, walked as every kind of viewer
//!   with ids from inside and outside the viewer's subtree (routes found in the OpenAPI document).
//! - `web`, `forms`, `api`, `api_assembly`, `forgery`, `pages`, `openapi`: the web application in
//!   process, set up by one builder (`support::TestApp`); `pages` and `openapi` compare against
//!   committed insta snapshots (`snapshots/`).
//! - `hostile`: what one hostile or careless user tries — control characters, a UTF-8 file with bad
//!   bytes, redirects to other sites, guessable member cards, missing security headers, a second
//!   import at once, thousands of slow connections — refused.
//!
//! - `register_cache`: the store's cache of the register: one load for a crowd, and on PostgreSQL
//!   a reload only when the register's version moved, whoever wrote (another instance, psql).
//!
//! `support` holds what they share: `Db` (a fresh database on either backend, read raw behind the
//! application's back), `TestApp` (the app with its accounts signed in, and requests as any of
//! them), `wait_until` (a bounded poll, instead of sleeping).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly: a panic is a failed assertion"
)]

mod support;

mod abierto;
mod access;
mod accounts;
mod acta_document;
mod api;
mod api_assembly;
mod arrears;
mod assembly;
mod ballots;
mod books;
mod browser;
mod browser_abierto;
mod browser_acta;
mod browser_assembly;
mod browser_checks;
mod browser_consulta;
mod browser_delegates;
mod browser_hall;
mod browser_leader;
mod browser_ledger;
mod browser_petitions;
mod catalogue;
mod chain;
mod checkers;
mod cli;
mod consulta;
mod consulta_results;
mod crash;
mod delegates;
mod feed;
mod forgery;
mod form_kit;
mod forms;
mod hall;
mod hostile;
mod ids;
mod instructions;
mod keys;
mod leader;
mod ledger;
mod ledger_public;
mod live_stream;
mod logging;
mod mandates;
mod obligations;
mod openapi;
mod padron;
mod page_cache;
mod pages;
mod persons;
mod petitions;
mod pg_server;
mod recall;
mod refusals;
mod register_cache;
mod replicas;
mod schema;
mod store;
mod tidy;
mod transfer_properties;
mod transfers;
mod trust;
mod votebox;
mod web;
