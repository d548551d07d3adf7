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

#[cfg(test)]
mod tests {
    use cabildo_i18n::{Lang, has};

    /// The `cli-*` message ids written in the command line's source, each once.
    fn cli_ids() -> Vec<&'static str> {
        let sources = [
            include_str!("main.rs"),
            include_str!("commands.rs"),
            include_str!("assembly_cmd.rs"),
            include_str!("keys_cmd.rs"),
            include_str!("output.rs"),
            include_str!("bench.rs"),
            include_str!("bench_assembly.rs"),
            include_str!("consulta_cmd.rs"),
        ];
        let mut ids: Vec<&str> = sources
            .iter()
            .flat_map(|source| source.match_indices("\"cli-").map(move |(at, _)| &source[at + 1..]))
            .filter_map(|rest| {
                let end = rest.find(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'))?;
                (rest[end..].starts_with('"') && end > "cli-".len()).then_some(&rest[..end])
            })
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// Every text the command line prints has a message in every language. The ids are read from
    /// the command line's own source, so the list cannot fall behind the code.
    #[test]
    fn every_cli_text_has_a_message_in_every_language() {
        let ids = cli_ids();
        assert!(ids.len() > 60, "{ids:?}");
        assert!(ids.contains(&"cli-verify-intact") && ids.contains(&"cli-error"), "{ids:?}");
        let missing: Vec<String> = Lang::ALL
            .into_iter()
            .flat_map(|lang| {
                ids.iter().filter(move |id| !has(lang, id)).map(move |id| format!("{}: {id}", lang.code()))
            })
            .collect();
        assert!(missing.is_empty(), "no message for {missing:?}");
    }
}
