//! Cabildo's domain: the types and rules of a federated grassroots organisation.
//!
//! **Architecture invariant:** this crate does no I/O. It knows nothing of SQL, HTTP, templates or
//! the wall clock: dates come in as parameters. Everything here is testable with plain values.

pub mod access;
pub mod acta;
pub mod assembly;
pub mod body;
pub mod chain;
pub mod consulta;
#[cfg(test)]
mod consulta_properties;
pub mod delegates;
pub mod error;
pub mod household;
pub mod ids;
pub mod input;
pub mod instruction;
pub mod keylog;
pub mod ledger;
pub mod ledger_sheet;
pub mod mandate;
pub mod numbers;
pub mod obligation;
pub mod padron;
pub mod petition;
pub mod recall;
pub mod spoken;
pub mod text;
pub mod transfer;
pub mod tree;

pub use body::{Affiliation, AffiliationKind, Body, BodyEvent, BodyEventKind, BodyId, BodyKind, Composition, NewBody};
pub use error::{DomainError, DomainErrorKind, Field, Message};
pub use household::{
    Area, Coordinates, Household, HouseholdData, HouseholdId, NameOrder, NewOffice, Office, OfficeEnd, OfficeId,
    Parcel, ParcelCode, ParcelData, ParcelId, Person, PersonData, PersonId, PersonName, split_full_name,
};
pub use ids::{IdSequence, PublicId};
pub use tree::Tree;

/// A calendar date (no time zone): affiliation dates, terms, history.
pub type Date = chrono::NaiveDate;
