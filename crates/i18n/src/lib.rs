//! Cabildo's message catalogues. Spanish is the default, English is complete, and a language is
//! a Fluent file in `locales/` (room for Quechua and Aymara: add `qu.ftl` / `ay.ftl` and a
//! [`Lang`] variant).
//!
//! Message ids are the stable error codes of the lower layers, so that one code names the same
//! problem in the API, the pages, the command line and the tests.

use std::collections::HashMap;
use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::types::{FluentNumber, FluentNumberOptions};
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
    /// lower layers), the assembly pages, the key log with passwords, and one file per feature
    /// added since (trust, the leader's pages, the forms kit, ...).
    fn sources(self) -> &'static [&'static str] {
        match self {
            Lang::Es => &[
                include_str!("../locales/es.ftl"),
                include_str!("../locales/es-assembly.ftl"),
                include_str!("../locales/es-assembly-web.ftl"),
                include_str!("../locales/es-keys.ftl"),
                include_str!("../locales/es-trust.ftl"),
                include_str!("../locales/es-leader.ftl"),
                include_str!("../locales/es-forms.ftl"),
                include_str!("../locales/es-acta.ftl"),
                include_str!("../locales/es-abierto.ftl"),
                include_str!("../locales/es-hall.ftl"),
                include_str!("../locales/es-consulta.ftl"),
                include_str!("../locales/es-recall.ftl"),
                include_str!("../locales/es-instructions.ftl"),
                include_str!("../locales/es-results.ftl"),
                include_str!("../locales/es-delegates.ftl"),
                include_str!("../locales/es-mandates.ftl"),
                include_str!("../locales/es-obligations.ftl"),
                include_str!("../locales/es-petitions.ftl"),
                include_str!("../locales/es-ledger.ftl"),
                include_str!("../locales/es-transfers.ftl"),
                include_str!("../locales/es-books.ftl"),
                include_str!("../locales/es-replicas.ftl"),
                include_str!("../locales/es-publish.ftl"),
                include_str!("../locales/es-arrears.ftl"),
            ],
            Lang::En => &[
                include_str!("../locales/en.ftl"),
                include_str!("../locales/en-assembly.ftl"),
                include_str!("../locales/en-assembly-web.ftl"),
                include_str!("../locales/en-keys.ftl"),
                include_str!("../locales/en-trust.ftl"),
                include_str!("../locales/en-leader.ftl"),
                include_str!("../locales/en-forms.ftl"),
                include_str!("../locales/en-acta.ftl"),
                include_str!("../locales/en-abierto.ftl"),
                include_str!("../locales/en-hall.ftl"),
                include_str!("../locales/en-consulta.ftl"),
                include_str!("../locales/en-recall.ftl"),
                include_str!("../locales/en-instructions.ftl"),
                include_str!("../locales/en-results.ftl"),
                include_str!("../locales/en-delegates.ftl"),
                include_str!("../locales/en-mandates.ftl"),
                include_str!("../locales/en-obligations.ftl"),
                include_str!("../locales/en-petitions.ftl"),
                include_str!("../locales/en-ledger.ftl"),
                include_str!("../locales/en-transfers.ftl"),
                include_str!("../locales/en-books.ftl"),
                include_str!("../locales/en-replicas.ftl"),
                include_str!("../locales/en-publish.ftl"),
                include_str!("../locales/en-arrears.ftl"),
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
            match lang {
                Lang::Es => bundle.set_formatter(Some(show_number_es)),
                Lang::En => bundle.set_formatter(Some(show_number_en)),
            }
            for source in lang.sources() {
                let resource = FluentResource::try_new(source.to_string()).unwrap_or_else(|(partial, _)| partial);
                // A duplicate id would be a bug in the files; the test below catches it.
                drop(bundle.add_resource(resource));
            }
            (lang, Catalog { bundle })
        })
        .collect()
});

/// An argument as Fluent sees it. A whole number — plain digits ("3", "2026") or grouped as
/// [`Lang::count`] writes it ("360.000") — is a Fluent number, so that a message can choose its
/// plural (`{ $count -> [one] … *[other] … }`); it is shown exactly as it was given (grouped or
/// not, see [`show_number`]). Anything else is text.
fn fluent_value(lang: Lang, text: &str) -> FluentValue<'_> {
    match whole_number(lang, text) {
        // A plain number keeps the default options, so that it equals a variant key such as
        // `[0]` (Fluent compares options too); a grouped one is marked by a fraction-digit option
        // that changes nothing shown (it is whole) and that no key carries.
        Some((n, grouped)) => FluentValue::Number(FluentNumber::new(
            n as f64,
            if grouped {
                FluentNumberOptions { minimum_fraction_digits: Some(0), ..FluentNumberOptions::default() }
            } else {
                FluentNumberOptions::default()
            },
        )),
        None => FluentValue::from(text),
    }
}

/// The value of a whole number as `lang` writes it, and whether it was grouped.
fn whole_number(lang: Lang, text: &str) -> Option<(u64, bool)> {
    if text.is_empty() || text.len() > 15 || (text.len() > 1 && text.starts_with('0')) {
        return None;
    }
    if text.chars().all(|c| c.is_ascii_digit()) {
        return text.parse().ok().map(|n| (n, false));
    }
    let plain: String = text.chars().filter(char::is_ascii_digit).collect();
    let n: u64 = plain.parse().ok()?;
    (lang.count(n) == text).then_some((n, true))
}

/// Shows a number argument as it was given: grouped with the language's separator when it came
/// grouped, plain digits otherwise (a year, a line, a resolution number).
fn show_number(lang: Lang, value: &FluentValue) -> Option<String> {
    match value {
        FluentValue::Number(n) if n.value >= 0.0 && n.value.fract() == 0.0 && n.value < 1e15 => {
            let whole = n.value as u64;
            Some(if n.options.minimum_fraction_digits == Some(0) { lang.count(whole) } else { whole.to_string() })
        }
        _ => None,
    }
}

fn show_number_es<M>(value: &FluentValue, _: &M) -> Option<String> {
    show_number(Lang::Es, value)
}

fn show_number_en<M>(value: &FluentValue, _: &M) -> Option<String> {
    show_number(Lang::En, value)
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
        fluent_args.set(*name, fluent_value(lang, value));
    }
    let mut errors = Vec::new();
    catalog.bundle.format_pattern(pattern, Some(&fluent_args), &mut errors).into_owned()
}

/// A message about a count of things: `$count` is the number itself, so that the message's
/// plural variants (`{ $count -> [one] … *[other] … }`) choose by it, and `$shown` the number as
/// the language writes it (`20.000`).
pub fn tr_count(lang: Lang, id: &str, n: u64) -> String {
    let Some(catalog) = CATALOGS.get(&lang) else {
        return id.to_string();
    };
    let Some(pattern) = catalog.bundle.get_message(id).and_then(|m| m.value()) else {
        return id.to_string();
    };
    let mut fluent_args = FluentArgs::new();
    fluent_args.set("count", FluentValue::from(n));
    fluent_args.set("shown", FluentValue::from(lang.count(n)));
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
        fluent_args.set(*name, fluent_value(lang, &value).into_owned());
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
    #[test]
    fn whole_numbers_select_plural_variants_and_other_text_stays_text() {
        use super::{Lang, tr};
        assert_eq!(tr(Lang::Es, "acta-term-years", &[("years", "1".into())]), "un año");
        assert_eq!(tr(Lang::Es, "acta-term-years", &[("years", "2".into())]), "2 años");
        assert_eq!(tr(Lang::En, "acta-term-years", &[("years", "1".into())]), "one year");
        assert_eq!(tr(Lang::Es, "acta-term-years", &[("years", "007".into())]), "007 años");
    }

    use super::*;

    #[test]
    fn counts_choose_their_plural_and_numbers_show_as_given() {
        let n = |lang, id, count: &str| tr(lang, id, &[("count", count.to_string())]);
        assert_eq!(n(Lang::Es, "asm-sealed-count", "1"), "1 acta sellada");
        assert_eq!(n(Lang::Es, "asm-sealed-count", "2"), "2 actas selladas");
        assert_eq!(n(Lang::Es, "asm-sealed-count", "0"), "0 actas selladas");
        assert_eq!(n(Lang::En, "asm-sealed-count", "1"), "1 sealed acta");
        assert_eq!(n(Lang::Es, "web-members", &Lang::Es.count(1)), "1 miembro");
        // Grouped as Lang::count writes it, and so shown; still a number for the plural.
        assert_eq!(n(Lang::Es, "web-members", &Lang::Es.count(360_000)), "360.000 miembros");
        assert_eq!(n(Lang::En, "web-members", &Lang::En.count(1_234)), "1,234 members");
        // Plain digits stay plain: a year is not "2.026".
        let r = tr(Lang::Es, "resolution-number", &[("number", "3".into()), ("year", "2026".into())]);
        assert_eq!(r, "Resolución 3/2026");
        // What is not a whole number stays text: leading zeros, decimals, codes.
        for text in ["007", "20,00", "1.5", "F1-C01", "-3", "1.23"] {
            assert_eq!(n(Lang::Es, "asm-present-count", text), format!("{text} presentes"), "{text}");
        }
        let rows = tr(Lang::Es, "cli-import-rejected", &[("total", "1".into())]);
        assert!(rows.starts_with("1 fila con errores;"), "{rows}");
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
    fn counts_choose_their_plural_and_show_the_separator() {
        assert_eq!(tr_count(Lang::Es, "trust-padron-families", 1), "1 familia");
        assert_eq!(tr_count(Lang::Es, "trust-padron-families", 20_000), "20.000 familias");
        assert_eq!(tr_count(Lang::En, "trust-padron-families", 1), "1 family");
        assert_eq!(tr_count(Lang::En, "trust-padron-families", 0), "0 families");
    }

    #[test]
    fn counts_use_the_language_separator() {
        assert_eq!(Lang::Es.count(360_000), "360.000");
        assert_eq!(Lang::En.count(3_000_000), "3,000,000");
        assert_eq!(Lang::En.count(999), "999");
    }
}
