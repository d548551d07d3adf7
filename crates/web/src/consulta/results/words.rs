//! What the results' pages, radio text and CSV say in the viewer's language: option names,
//! weights with their unit, shares, and the bars drawn as SVG.

use cabildo_domain::consulta::{AggregationRule, ConsultaKind, ConsultaOptionId, LevelResult};
use cabildo_domain::numbers::{Form, in_words};
use cabildo_domain::spoken::Speech;
use cabildo_i18n::{Lang, has, tr, tr_count};
use cabildo_services::consulta::results::{ConsultaOptionRow, per_mille, rule_unit, tally_total};

/// An option's name: a yes/no consulta's options are said in the viewer's language; the others'
/// labels are what the launcher wrote.
pub fn option_name(lang: Lang, kind: ConsultaKind, option: &ConsultaOptionRow) -> String {
    let id = format!("results-option-{}", option.label.trim().to_lowercase());
    if kind == ConsultaKind::YesNo && has(lang, &id) { tr(lang, &id, &[]) } else { option.label.clone() }
}

/// The name of an option by id, among `options`.
pub fn option_name_of(lang: Lang, kind: ConsultaKind, options: &[ConsultaOptionRow], id: ConsultaOptionId) -> String {
    options.iter().find(|o| o.id == id).map(|o| option_name(lang, kind, o)).unwrap_or_default()
}

/// "1.250 votos", "3 bases", "4.500 afiliados": a weight under the rule.
pub fn weight(lang: Lang, rule: AggregationRule, n: u64) -> String {
    tr_count(lang, &format!("results-weight-{}", rule_unit(rule)), n)
}

/// "62,5 %" (es) or "62.5 %" (en).
pub fn share(lang: Lang, part: u64, whole: u64) -> String {
    let tenths = per_mille(part, whole);
    let decimal = if lang == Lang::Es { ',' } else { '.' };
    tr(lang, "results-share", &[("share", format!("{}{decimal}{}", tenths / 10, tenths % 10))])
}

pub fn speech(lang: Lang) -> Speech {
    match lang {
        Lang::Es => Speech::Spanish,
        Lang::En => Speech::English,
    }
}

/// A number in words, as the radio says it, agreeing with what it counts ("veintiún votos",
/// "veintiuna bases").
pub fn words(lang: Lang, n: u64, form: Form) -> String {
    in_words(speech(lang), n, form)
}

/// The form of a number of what a rule counts: votes and members are masculine, bases feminine.
pub fn unit_form(rule: AggregationRule) -> Form {
    match rule {
        AggregationRule::OneVoicePerBase => Form::Feminine,
        AggregationRule::SumOfVotes | AggregationRule::WeightedByMembers => Form::Masculine,
    }
}

/// One option's bar: its name, its weight and share as text, the bar's length in hundredths.
pub struct Bar {
    pub name: String,
    pub weight: String,
    pub share: String,
    /// 0 to 100, with one decimal.
    pub length: String,
    pub leading: bool,
}

/// The bars of a level, one per option, in the options' order.
pub fn bars(
    lang: Lang,
    kind: ConsultaKind,
    rule: AggregationRule,
    options: &[ConsultaOptionRow],
    level: &LevelResult,
) -> Vec<Bar> {
    let total = tally_total(level);
    options
        .iter()
        .map(|o| {
            let n = level.tally.get(&o.id).copied().unwrap_or(0);
            let tenths = per_mille(n, total);
            Bar {
                name: option_name(lang, kind, o),
                weight: weight(lang, rule, n),
                share: share(lang, n, total),
                length: format!("{}.{}", tenths / 10, tenths % 10),
                leading: level.leading == Some(o.id),
            }
        })
        .collect()
}

/// The short line of a level: "32 de 40 bases respondieron".
pub fn answered_line(lang: Lang, level: &LevelResult) -> String {
    tr(
        lang,
        "results-bases-answered",
        &[("answered", lang.count(level.bases_answered)), ("total", lang.count(level.bases_total))],
    )
}

/// "12.000 de 15.000 afiliados".
pub fn members_line(lang: Lang, level: &LevelResult) -> String {
    tr(
        lang,
        "results-members-represented",
        &[("represented", lang.count(level.members_represented)), ("total", lang.count(level.members_total))],
    )
}
