//! How obligations are said: an obligation in words, a period, a standing, the counts — the
//! pages' and nothing else's (the API answers codes).

use cabildo_domain::obligation::{Cadence, Period, Standing, Summary};
use cabildo_i18n::{Lang, tr};
use cabildo_services::obligations::{DemandStatus, Ledger, LedgerLine};

use crate::ui::text::name;

/// "3/2026" as the viewer's language writes a day.
pub(super) fn day(lang: Lang, d: cabildo_domain::Date) -> String {
    use chrono::Datelike;
    lang.date(d.year(), d.month(), d.day())
}

/// "Secretario General", or "la directiva".
pub(super) fn office_words(lang: Lang, title: Option<&str>) -> String {
    match title {
        Some(t) => t.to_string(),
        None => tr(lang, "oblig-directiva", &[]),
    }
}

/// "attends an assembly of each central below it every quarter, since 01/01/2025".
pub(super) fn duty_words(lang: Lang, l: &Ledger) -> String {
    let r = &l.record;
    let kind = r.assembly_kind.map_or_else(String::new, |k| {
        format!(" {}", tr(lang, "oblig-of-kind", &[("kind", name(&lang, "assembly-kind", k.code()))]))
    });
    let target = match (&l.target, r.child_kind) {
        (Some(t), _) => tr(lang, "oblig-target-body", &[("body", t.name.clone())]),
        (None, Some(k)) => tr(lang, "oblig-target-children-kind", &[("kind", name(&lang, "kind", k.code()))]),
        (None, None) => tr(lang, "oblig-target-children", &[]),
    };
    let id = match r.cadence {
        Cadence::EveryAssembly => "oblig-duty-every",
        Cadence::Month => "oblig-duty-month",
        Cadence::Quarter => "oblig-duty-quarter",
        Cadence::Year => "oblig-duty-year",
    };
    tr(
        lang,
        id,
        &[
            ("office", office_words(lang, r.office_title.as_deref())),
            ("kind", kind),
            ("target", target),
            ("since", day(lang, r.since)),
        ],
    )
}

/// "T4 2026", "11/2026", "2026": short, for a column's head.
pub(super) fn period_short(lang: Lang, cadence: Cadence, p: &Period) -> String {
    let id = match cadence {
        Cadence::Month => "oblig-period-month",
        Cadence::Quarter => "oblig-period-quarter",
        Cadence::Year | Cadence::EveryAssembly => "oblig-period-year",
    };
    tr(lang, id, &[("index", p.index.to_string()), ("year", p.year.to_string())])
}

/// The standing's word.
pub(super) fn standing_word(lang: Lang, s: Standing) -> String {
    tr(lang, &format!("oblig-standing-{}", s.code()), &[])
}

/// A cell: the word, and the day of the assembly that decided it.
pub(super) fn cell_words(lang: Lang, line: &LedgerLine) -> (String, String) {
    let word = standing_word(lang, line.standing);
    match (line.standing.assembly(), &line.assembly) {
        (Some(_), Some(a)) => (word, day(lang, a.day)),
        _ => (word, String::new()),
    }
}

/// "8 owed · 5 attended · 1 excused · 1 overdue · 1 pending".
pub(super) fn summary_words(lang: Lang, s: &Summary) -> String {
    tr(lang, "oblig-summary", &cabildo_services::obligations::summary_args(s))
}

pub(super) fn demand_status_word(lang: Lang, s: DemandStatus) -> String {
    tr(lang, &format!("demand-status-{}", s.code().replace('_', "-")), &[])
}
