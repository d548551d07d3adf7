//! Printing in the user's language.

use cabildo_domain::{Date, Message};
use cabildo_i18n::{Lang, message, tr};
use cabildo_services::ServiceError;
use chrono::Datelike;

#[derive(Debug, Clone, Copy)]
pub struct Out {
    pub lang: Lang,
}

impl Out {
    pub fn text(&self, id: &str, args: &[(&str, String)]) -> String {
        tr(self.lang, id, args)
    }

    pub fn say(&self, id: &str, args: &[(&str, String)]) {
        println!("{}", self.text(id, args));
    }

    pub fn date(&self, date: Date) -> String {
        self.lang.date(date.year(), date.month(), date.day())
    }

    pub fn opt_date(&self, date: Option<Date>) -> String {
        date.map_or_else(|| self.text("cli-none", &[]), |d| self.date(d))
    }

    pub fn count(&self, n: u64) -> String {
        self.lang.count(n)
    }

    pub fn message(&self, m: &Message) -> String {
        message(self.lang, m.id, &m.args)
    }

    pub fn error_text(&self, error: &ServiceError) -> String {
        self.message(&error.message())
    }

    /// Prints `error: <message>` on standard error.
    pub fn error(&self, error: &ServiceError) {
        eprintln!("{}: {}", self.text("cli-error", &[]), self.error_text(error));
    }
}
