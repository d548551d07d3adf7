//! Cabildo's message catalogues. Spanish is the default, English is complete, and a language is
//! a Fluent file in `locales/` (room for Quechua and Aymara: add `qu.ftl` / `ay.ftl` and a
//! [`Lang`] variant).
//!
//! Message ids are the stable error codes of the lower layers, so that one code names the same
//! problem in the API, the pages, the command line and the tests.

use std::collections::HashMap;
use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::{LanguageIdentifier, langid};

/// A language Cabildo speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    Es,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Es, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Es => "es",
            Lang::En => "en",
        }
    }

    /// The language's catalogue files: the register, assemblies (the rules and errors of the
    /// lower layers), the assembly pages, and the key log with passwords.
    fn sources(self) -> [&'static str; 5] {
        match self {
            Lang::Es => [
                include_str!("../locales/es.ftl"),
                include_str!("../locales/es-assembly.ftl"),
                include_str!("../locales/es-assembly-web.ftl"),
                include_str!("../locales/es-keys.ftl"),
                include_str!("../locales/es-hall.ftl"),
            ],
            Lang::En => [
                include_str!("../locales/en.ftl"),
                include_str!("../locales/en-assembly.ftl"),
                include_str!("../locales/en-assembly-web.ftl"),
                include_str!("../locales/en-keys.ftl"),
                include_str!("../locales/en-hall.ftl"),
            ],
        }
    }

    fn langid(self) -> LanguageIdentifier {
        match self {
            Lang::Es => langid!("es-BO"),
            Lang::En => langid!("en"),
        }
    }

    /// Reads a language tag ("es", "en-US", "es_BO.UTF-8"); anything else is Spanish.
    pub fn from_tag(tag: &str) -> Lang {
        let tag = tag.trim().to_ascii_lowercase();
        if tag.starts_with("en") { Lang::En } else { Lang::Es }
    }

    /// The first language of an `Accept-Language` header that Cabildo speaks; Spanish otherwise.
    pub fn from_accept_language(header: &str) -> Lang {
        let mut choices: Vec<(f32, &str)> = header
            .split(',')
            .filter_map(|part| {
                let mut pieces = part.split(';');
                let tag = pieces.next()?.trim();
                let q = pieces.find_map(|p| p.trim().strip_prefix("q=")).and_then(|q| q.parse().ok()).unwrap_or(1.0);
                Some((q, tag))
            })
            .collect();
        choices.sort_by(|a, b| b.0.total_cmp(&a.0));
        choices
            .iter()
            .find_map(|(_, tag)| {
                let tag = tag.to_ascii_lowercase();
                Lang::ALL.into_iter().find(|l| tag.starts_with(l.code()))
            })
            .unwrap_or(Lang::Es)
    }

    /// The language of the environment: `CABILDO_LANG`, then `LC_ALL`, `LC_MESSAGES`, `LANG`.
    pub fn from_env() -> Lang {
        ["CABILDO_LANG", "LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|name| std::env::var(name).ok())
            .find(|v| !v.is_empty() && v != "C" && v != "POSIX" && !v.starts_with("C."))
            .map_or(Lang::Es, |v| Lang::from_tag(&v))
    }

    /// A whole number with the language's thousands separator: 360.000 / 360,000.
    pub fn count(self, n: u64) -> String {
        let separator = match self {
            Lang::Es => '.',
            Lang::En => ',',
        };
        let digits = n.to_string();
        let mut out = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(separator);
            }
            out.push(c);
        }
        out
    }

    /// A date as the language writes it: 05/03/2026 (es) or 2026-03-05 (en).
    pub fn date(self, year: i32, month: u32, day: u32) -> String {
        match self {
            Lang::Es => format!("{day:02}/{month:02}/{year}"),
            Lang::En => format!("{year}-{month:02}-{day:02}"),
        }
    }
}

struct Catalog {
    bundle: FluentBundle<FluentResource>,
}

static CATALOGS: LazyLock<HashMap<Lang, Catalog>> = LazyLock::new(|| {
    Lang::ALL
        .into_iter()
        .map(|lang| {
            let mut bundle = FluentBundle::new_concurrent(vec![lang.langid()]);
            bundle.set_use_isolating(false);
            for source in lang.sources() {
                let resource = FluentResource::try_new(source.to_string()).unwrap_or_else(|(partial, _)| partial);
                // A duplicate id would be a bug in the files; the test below catches it.
                drop(bundle.add_resource(resource));
            }
            (lang, Catalog { bundle })
        })
        .collect()
});

/// An argument as Fluent sees it: a whole number written plainly ("1", "43") is a number, so
/// that plural variants (`[one]`, `*[other]`) select on it; anything else ("0012", "1-1", a name)
/// is text, shown as given.
fn fluent_value(value: &str) -> FluentValue<'static> {
    match value.parse::<u64>() {
        Ok(n) if n.to_string() == value => FluentValue::from(n),
        _ => FluentValue::from(value.to_string()),
    }
}

/// The message `id` in `lang` with `args`. A missing message shows its id, never an empty line.
pub fn tr(lang: Lang, id: &str, args: &[(&str, String)]) -> String {
    let Some(catalog) = CATALOGS.get(&lang) else {
        return id.to_string();
    };
    let Some(pattern) = catalog.bundle.get_message(id).and_then(|m| m.value()) else {
        return id.to_string();
    };
    let mut fluent_args = FluentArgs::new();
    for (name, value) in args {
        fluent_args.set(*name, fluent_value(value));
    }
    let mut errors = Vec::new();
    catalog.bundle.format_pattern(pattern, Some(&fluent_args), &mut errors).into_owned()
}

/// Whether `lang` has a message `id`.
pub fn has(lang: Lang, id: &str) -> bool {
    CATALOGS.get(&lang).is_some_and(|c| c.bundle.has_message(id))
}

/// Translates a message from the lower layers; a `field` argument is itself translated.
pub fn message(lang: Lang, id: &str, args: &[(&'static str, String)]) -> String {
    let args: Vec<(&str, String)> =
        args.iter()
            .map(|(name, value)| {
                if *name == "field" {
                    (*name, tr(lang, &format!("field-{value}"), &[]))
                } else {
                    (*name, value.clone())
                }
            })
            .collect();
    let text = tr(lang, id, &args);
    capitalise(&text)
}

/// Formats a message from the lower layers as [`message`] does, but returns every problem instead
/// of hiding it: the message missing in `lang`, a `field` argument without its `field-*` name, a
/// variable the arguments do not give (Fluent would show `{$name}`), or any other Fluent error.
/// The catalogue tests run it on one value of every error variant.
pub fn check(lang: Lang, id: &str, args: &[(&'static str, String)]) -> Result<String, Vec<String>> {
    let Some(catalog) = CATALOGS.get(&lang) else {
        return Err(vec![format!("{}: no catalogue", lang.code())]);
    };
    let Some(pattern) = catalog.bundle.get_message(id).and_then(|m| m.value()) else {
        return Err(vec![format!("{}: no message {id}", lang.code())]);
    };
    let mut problems = Vec::new();
    let mut fluent_args = FluentArgs::new();
    for (name, value) in args {
        let value = if *name == "field" {
            let field = format!("field-{value}");
            if !has(lang, &field) {
                problems.push(format!("{}: {id}: no message {field} for its field", lang.code()));
            }
            tr(lang, &field, &[])
        } else {
            value.clone()
        };
        fluent_args.set(*name, fluent_value(&value));
    }
    let mut errors = Vec::new();
    let text = catalog.bundle.format_pattern(pattern, Some(&fluent_args), &mut errors).into_owned();
    problems.extend(errors.iter().map(|e| format!("{}: {id}: {e}", lang.code())));
    if text.contains("{$") || text.contains("{ $") {
        problems.push(format!("{}: {id}: unresolved variable in {text:?}", lang.code()));
    }
    if problems.is_empty() { Ok(capitalise(&text)) } else { Err(problems) }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Every message id of a language, for tests.
pub fn message_ids(lang: Lang) -> Vec<String> {
    let mut ids: Vec<String> = lang
        .sources()
        .iter()
        .flat_map(|source| source.lines())
        .filter(|line| line.chars().next().is_some_and(|c| c.is_ascii_alphabetic()))
        .filter_map(|line| line.split_once(" =").map(|(id, _)| id.trim().to_string()))
        .collect();
    ids.sort();
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers_select_plural_variants_and_other_text_stays_as_given() {
        let args = |present: &str, missing: &str| {
            vec![("present", present.to_string()), ("required", "76".to_string()), ("missing", missing.to_string())]
        };
        assert_eq!(tr(Lang::Es, "hall-door-count", &args("1", "75")), "1 presente · quórum 76 · faltan 75");
        assert_eq!(tr(Lang::Es, "hall-door-count", &args("43", "33")), "43 presentes · quórum 76 · faltan 33");
        assert_eq!(tr(Lang::Es, "hall-door-count", &args("75", "1")), "75 presentes · quórum 76 · falta 1");
        assert_eq!(tr(Lang::Es, "hall-door-count", &args("80", "0")), "80 presentes · quórum 76 · hay quórum");
        assert_eq!(tr(Lang::En, "hall-door-count", &args("1", "75")), "1 present · quorum 76 · 75 more needed");
        assert_eq!(fluent_value("0012"), FluentValue::from("0012"));
        assert_eq!(fluent_value("1-1"), FluentValue::from("1-1"));
        assert_eq!(fluent_value("12"), FluentValue::from(12u64));
    }

    #[test]
    fn every_message_exists_in_every_language() {
        let spanish = message_ids(Lang::Es);
        for lang in Lang::ALL {
            let ids = message_ids(lang);
            let missing: Vec<&String> = spanish.iter().filter(|id| !ids.contains(id)).collect();
            let extra: Vec<&String> = ids.iter().filter(|id| !spanish.contains(id)).collect();
            assert!(missing.is_empty() && extra.is_empty(), "{lang:?}: missing {missing:?}, extra {extra:?}");
        }
        assert!(spanish.len() > 100);
    }

    #[test]
    fn every_catalogue_parses_without_errors_or_duplicates() {
        for lang in Lang::ALL {
            for source in lang.sources() {
                let resource = FluentResource::try_new(source.to_string());
                assert!(resource.is_ok(), "{lang:?} does not parse");
            }
            let mut ids = message_ids(lang);
            let n = ids.len();
            ids.dedup();
            assert_eq!(ids.len(), n, "{lang:?} has duplicate ids");
            for id in message_ids(lang) {
                assert!(has(lang, &id), "{lang:?} lost {id}");
            }
        }
    }

    #[test]
    fn fields_are_translated_inside_messages() {
        let args = [("field", "parcel_code".to_string())];
        assert_eq!(message(Lang::Es, "required", &args), "Falta número de lote: es obligatorio.");
        assert_eq!(message(Lang::En, "required", &args), "Parcel code is missing: it is required.");
    }

    #[test]
    fn check_names_missing_messages_variables_and_fields() {
        let args = [("field", "parcel_code".to_string())];
        assert_eq!(check(Lang::En, "required", &args), Ok(message(Lang::En, "required", &args)));
        assert_eq!(check(Lang::Es, "no_such_message", &[]), Err(vec!["es: no message no_such_message".to_string()]));
        // `too_long` needs `max`: without it Fluent leaves the variable unresolved.
        let problems = check(Lang::En, "too_long", &args).err().unwrap_or_default();
        assert!(problems.iter().any(|p| p.contains("max")), "{problems:?}");
        let problems = check(Lang::Es, "required", &[("field", "no_such_field".to_string())]).err().unwrap_or_default();
        assert!(problems.iter().any(|p| p.contains("field-no_such_field")), "{problems:?}");
    }

    #[test]
    fn languages_come_from_tags_and_headers() {
        assert_eq!(Lang::from_accept_language("en-US,en;q=0.9,es;q=0.8"), Lang::En);
        assert_eq!(Lang::from_accept_language("qu;q=1, es-BO;q=0.9"), Lang::Es);
        assert_eq!(Lang::from_accept_language("fr"), Lang::Es);
        assert_eq!(Lang::from_tag("en_GB.UTF-8"), Lang::En);
        assert_eq!(Lang::from_tag("es_BO.UTF-8"), Lang::Es);
    }

    #[test]
    fn counts_use_the_language_separator() {
        assert_eq!(Lang::Es.count(360_000), "360.000");
        assert_eq!(Lang::En.count(3_000_000), "3,000,000");
        assert_eq!(Lang::En.count(999), "999");
    }
}
