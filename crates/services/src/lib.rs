//! Cabildo's use-cases. Each public function is one use-case: it combines domain rules with the
//! store inside one transaction, so that it either happens whole or changes nothing.
//!
//! **Architecture invariant:** services know the domain and the store's contract, never a
//! driver, HTTP or a template. Time is a parameter (`today`): nothing here reads the clock.
//!
//! Permissions: the command line acts as the operator of the database file or server. Accounts
//! and roles by body arrive with the web layer; they will be checked here, in the use-cases.

pub mod access;
pub mod acta;
pub mod assembly;
pub mod decode;
pub mod demo;
pub mod error;
pub mod export;
pub mod import;
pub mod registry;

pub use access::{Actor, Ctx};
pub use error::{Refusal, RefusalKind, ServiceError, ServiceErrorKind};

pub type Result<T, E = ServiceError> = std::result::Result<T, E>;
