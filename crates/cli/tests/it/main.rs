//! Cabildo's integration tests: one binary (linking dominates build time on two cores).
//!
//! - `store`: the repository contract, run on SQLite and on PostgreSQL. The PostgreSQL tests
//!   need `CABILDO_TEST_POSTGRES_URL`; with `CABILDO_REQUIRE_POSTGRES=1` (as in CI) they fail
//!   instead of skipping when it is missing.
//! - `padron`: importing and exporting member lists as sindicatos keep them.
//! - `cli`: the `cabildo` binary as a user runs it: outputs, errors, exit codes.
//! - `catalogue`: every error the program can show has a message in every language.
//! - `refusals`: assembly refusals through the JSON API: status, code, and nothing changed.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly: a panic is a failed assertion"
)]

mod support;

mod access;
mod api;
mod api_assembly;
mod assembly;
mod browser;
mod browser_assembly;
mod catalogue;
mod cli;
mod crash;
mod forgery;
mod forms;
mod ids;
mod logging;
mod openapi;
mod padron;
mod pg_server;
mod refusals;
mod schema;
mod store;
mod tidy;
mod votebox;
mod web;
