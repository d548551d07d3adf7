//! Cabildo's use-cases. Each public function is one use-case: it combines domain rules with the
//! store inside one transaction, so that it either happens whole or changes nothing.
//!
//! **Architecture invariant:** services know the domain and the store's contract, never a
//! driver, HTTP or a template. Time is a parameter (`today`): nothing here reads the clock.
//!
//! Permissions: the command line acts as the operator of the database file or server. Accounts
//! and roles by body arrive with the web layer; they will be checked here, in the use-cases.

pub mod access;
pub mod accounts;
pub mod acta;
pub mod assembly;
pub mod chain;
pub mod consulta;
pub mod decode;
pub mod delegates;
pub mod demo;
pub mod error;
pub mod export;
pub mod history;
pub mod import;
pub mod instructions;
pub mod keys;
pub mod leader;
pub mod ledger;
pub mod limiter;
pub mod mandates;
pub mod obligations;
pub mod petitions;
pub mod registry;
mod sheet;

pub use access::{Actor, Ctx};
/// The database handle the front ends hold and hand to every use-case (they never query it
/// themselves), with what they need to know of it.
pub use cabildo_store::{Backend, SHARED_CACHE_MAX_AGE, Store};
pub use error::{RecallRefusal, RecallRefusalKind, Refusal, RefusalKind, ServiceError, ServiceErrorKind};

pub type Result<T, E = ServiceError> = std::result::Result<T, E>;

/// The schema version of the database: the health check's proof that the database answers.
pub fn schema_version(store: &Store) -> Result<i64> {
    Ok(store.schema_version()?)
}
