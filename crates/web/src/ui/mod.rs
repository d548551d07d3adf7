//! What every page shares: the chrome around the content (language switch, who is signed in,
//! the CSRF token), the error page, the one generic form page, and the helpers templates call to
//! say things in the viewer's language. Imports no feature.

pub mod chrome;
pub mod form;
pub mod text;

pub use chrome::{Chrome, ErrorPage, Val, render};
pub use form::{FieldKind, FormField, FormPage, FormPlace};
