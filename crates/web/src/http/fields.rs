//! The one field-error accumulator: a form's values and every problem found, per field. The page
//! forms show each problem next to its field; the API answers them all in one problem document.

use std::collections::HashMap;

use cabildo_domain::DomainError;
use cabildo_domain::input::Problems;
use cabildo_i18n::{Lang, tr};
use cabildo_services::ServiceError;

use crate::http::error::WebError;
use crate::http::problem::FieldProblem;
use crate::http::status::{status_of, text_of};
use crate::ui::form::{FieldKind, FormField, summary_items, summary_title};

/// A form being filled (or a JSON write being read): its values and the problems found.
#[derive(Debug)]
pub struct Fields {
    lang: Lang,
    values: HashMap<String, String>,
    problems: Vec<FieldProblem>,
    /// A problem not about one field, shown above the form.
    pub general: Option<String>,
}

impl Fields {
    pub fn new(lang: Lang, values: HashMap<String, String>) -> Fields {
        Fields { lang, values, problems: Vec::new(), general: None }
    }

    /// A form with nothing typed yet.
    pub fn blank(lang: Lang) -> Fields {
        Fields::new(lang, HashMap::new())
    }

    /// The value typed in a field ("" when none).
    pub fn v(&self, name: &str) -> &str {
        self.values.get(name).map_or("", String::as_str)
    }

    /// The value typed in a field, trimmed.
    pub fn trimmed(&self, name: &str) -> String {
        self.v(name).trim().to_string()
    }

    /// The problem of a field, if any (what the page shows next to it).
    pub fn e(&self, name: &str) -> Option<String> {
        self.problems.iter().find(|p| p.field == name).map(|p| p.message.clone())
    }

    /// Whether the field `name` has a problem (the page marks it `aria-invalid`).
    pub fn invalid(&self, name: &str) -> bool {
        self.problems.iter().any(|p| p.field == name)
    }

    /// How many problems were noted under a field.
    pub fn count(&self) -> usize {
        self.problems.len()
    }

    /// Every problem under a field, in the order noted: (field, message), one per field (the
    /// summary at the top of a form links each to its field).
    pub fn summary(&self) -> Vec<(String, String)> {
        summary_items(self.problems.iter().map(|p| (p.field.as_str(), p.message.as_str())))
    }

    /// The summary's title: "El formulario tiene 2 problemas".
    pub fn summary_title(&self) -> String {
        summary_title(self.lang, self.summary().len())
    }

    /// The type of a typed input (`date`, `number`, `datetime-local`…) as the page renders it:
    /// `text` when the field has a problem, so that what was typed (which the browser would throw
    /// away from a typed input it cannot read) is shown back as typed.
    pub fn input_type<'a>(&self, name: &str, kind: &'a str) -> &'a str {
        if self.invalid(name) { "text" } else { kind }
    }

    /// Whether no problem was found.
    pub fn is_clean(&self) -> bool {
        self.problems.is_empty() && self.general.is_none()
    }

    /// Notes a problem under `name`.
    pub fn note(&mut self, name: &str, code: &str, message: String) {
        self.problems.push(FieldProblem { field: name.to_string(), code: code.to_string(), message });
    }

    /// Notes a domain rule broken, under `name`.
    pub fn put(&mut self, name: &str, error: DomainError) {
        let code = error.code().to_string();
        self.note(name, &code, text_of(self.lang, &ServiceError::Domain(error)));
    }

    /// Notes a domain rule broken, under the field it names, else under `fallback`.
    pub fn add(&mut self, fallback: &str, error: DomainError) {
        let name = error.field().map_or(fallback, |f| f.id()).to_string();
        self.put(&name, error);
    }

    /// Notes every problem the domain found in what was typed.
    pub fn problems(&mut self, problems: Problems) {
        for (field, error) in problems.0 {
            self.put(field.id(), error);
        }
    }

    /// Runs a check on the value typed in field `name`; a failure is noted next to that field.
    pub fn check<T>(&mut self, name: &str, check: impl FnOnce(&str) -> Result<T, DomainError>) -> Option<T> {
        let value = self.v(name).to_string();
        self.check_value(name, &value, check)
    }

    /// Runs a check on a value given apart (a JSON field); a failure is noted under `name`.
    pub fn check_value<T>(
        &mut self,
        name: &str,
        value: &str,
        check: impl FnOnce(&str) -> Result<T, DomainError>,
    ) -> Option<T> {
        match check(value) {
            Ok(value) => Some(value),
            Err(e) => {
                self.put(name, e);
                None
            }
        }
    }

    /// Puts a service's refusal next to the field it is about (the domain's field, or the one
    /// `field_of` names), or above the form when the form has no such field.
    pub fn refused(&mut self, error: &ServiceError, field_of: impl Fn(&ServiceError) -> Option<&'static str>) {
        let text = text_of(self.lang, error);
        let field = match error {
            ServiceError::Domain(e) => e.field().map(|f| f.id()),
            other => field_of(other),
        };
        match field {
            Some(name) if self.values.contains_key(name) => {
                let code = error.message().id.to_string();
                self.note(name, &code, text);
            }
            _ => self.general = Some(text),
        }
    }

    /// A field of the generic form page, with its label, value and problem.
    pub fn field(&self, name: &'static str, kind: FieldKind, required: bool) -> FormField {
        FormField {
            name,
            label: tr(self.lang, &format!("field-{name}"), &[]),
            value: self.v(name).to_string(),
            kind,
            required,
            error: self.e(name),
        }
    }

    /// The API's answer naming every problem noted (422).
    pub fn refusal(self) -> WebError {
        WebError::fields(self.lang, true, self.problems)
    }

    /// The API's answer to a service's refusal of a write: a domain rule broken is about a field (`fallback` when the rule names none) and answers 422
    /// as bad fields do; the rest are plain problem documents.
    pub fn refuse_write(mut self, error: ServiceError, fallback: &str) -> WebError {
        match error {
            ServiceError::Domain(e) => {
                self.add(fallback, e);
                self.refusal()
            }
            other if status_of(&other) == axum::http::StatusCode::UNPROCESSABLE_ENTITY => {
                let (code, message) = (other.message().id.to_string(), text_of(self.lang, &other));
                self.note(fallback, &code, message);
                self.refusal()
            }
            other => WebError::api(self.lang, other),
        }
    }
}
