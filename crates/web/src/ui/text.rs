//! Helpers the templates call to say things in the viewer's language.

use cabildo_domain::assembly::{BallotOption, format_amount};
use cabildo_i18n::Lang;
use cabildo_services::assembly::{AssemblyView, MotionView, ResolutionRecord};

pub use cabildo_i18n::{tr, tr_count};

/// A translated name of a coded value: `name(lang, "outcome", "adopted")` → "Aprobada".
pub fn name(lang: &Lang, prefix: &str, code: impl std::fmt::Display) -> String {
    tr(*lang, &format!("{prefix}-{code}"), &[])
}

/// The text of a page message with one argument.
pub fn tr1(lang: &Lang, id: &str, key: &'static str, value: impl std::fmt::Display) -> String {
    tr(*lang, id, &[(key, value.to_string())])
}

/// "Resolución 3/2026".
pub fn resolution(lang: &Lang, r: &ResolutionRecord) -> String {
    tr(*lang, "resolution-number", &[("number", r.number.to_string()), ("year", r.year.to_string())])
}

/// The option name of a vote count: a choice, or a candidate's name.
pub fn option_name(lang: &Lang, m: &MotionView, option: &str) -> String {
    let chosen = BallotOption::parse(option).ok();
    if let Some(c) = m.candidates.iter().find(|c| chosen == Some(BallotOption::Candidate(c.id))) {
        return c.name.display();
    }
    if let Some((_, label)) = m.consulta.iter().flat_map(|c| c.options.iter()).find(|(code, _)| code == option) {
        return label.clone();
    }
    if let Some(BallotOption::Candidate(id)) = chosen {
        // The candidates' names are withheld from this viewer: the count is shown by number.
        return tr1(lang, "asm-candidate-number", "number", id);
    }
    name(lang, "choice", option)
}

/// A meeting's date and time as people write it.
pub fn when(at: &chrono::NaiveDateTime) -> String {
    at.format("%d/%m/%Y %H:%M").to_string()
}

/// A moment (Unix seconds) in local time.
pub fn moment(at: &i64) -> String {
    chrono::DateTime::from_timestamp(*at, 0)
        .map(|t| t.with_timezone(&chrono::Local).format("%d/%m/%Y %H:%M").to_string())
        .unwrap_or_default()
}

/// An amount of money in bolivianos ("Bs 20,00").
pub fn amount(centavos: &i64) -> String {
    format!("Bs {}", format_amount(*centavos).replace('.', ","))
}

/// The options of a select: each code with its name in the viewer's language.
pub fn options<'a>(lang: Lang, prefix: &str, codes: impl IntoIterator<Item = &'a str>) -> Vec<(String, String)> {
    codes.into_iter().map(|code| (code.to_string(), name(&lang, prefix, code))).collect()
}

/// "12 presentes de 30; hacen falta 16": where an assembly stands against its quorum. Where
/// anyone may attend there is no register and no quorum: what is true instead, the participation.
pub fn quorum_line(lang: Lang, v: &AssemblyView) -> String {
    if v.eligibility == cabildo_domain::assembly::Eligibility::Anyone {
        return participation_line(lang, v);
    }
    let id = if v.has_quorum() { "asm-quorum-reached" } else { "asm-quorum-missing" };
    tr(
        lang,
        id,
        &[
            ("present", v.present.to_string()),
            ("eligible", v.eligible.to_string()),
            ("required", v.quorum_required.to_string()),
        ],
    )
}

/// A line of the change history in words, in the viewer's language.
pub fn history(lang: Lang, line: &cabildo_services::history::HistoryLine) -> String {
    use cabildo_services::history::Arg;
    let args: Vec<(&str, String)> = line
        .args
        .iter()
        .map(|(k, v)| {
            let value = match v {
                Arg::Text(t) => t.clone(),
                Arg::Count(n) => n.to_string(),
                Arg::Code(prefix, code) => name(&lang, prefix, code),
            };
            (*k, value)
        })
        .collect();
    tr(lang, line.id, &args)
}

/// A quorum rule in words: "mitad más uno de los habilitados".
pub fn quorum_words(lang: Lang, rule: cabildo_domain::assembly::QuorumRule) -> String {
    tr(lang, "acta-quorum-rule", &rule.message_args())
}

/// A statute's gestión in words: "2 años".
pub fn term_words(lang: Lang, statute: &cabildo_domain::assembly::Statute) -> String {
    tr(lang, "acta-term-years", &[("years", statute.term_years.to_string())])
}

/// "30 boletos usados de 200 emitidos · unas 5.000 personas según los organizadores": who took
/// part where nobody keeps a register of those present.
pub fn participation_line(lang: Lang, v: &AssemblyView) -> String {
    let mut line =
        tr(lang, "abierto-participation", &[("used", v.tickets_used.to_string()), ("issued", v.tickets.to_string())]);
    if let Some(n) = v.crowd_estimate {
        line.push_str(" · ");
        line.push_str(&tr1(&lang, "abierto-crowd-estimate", "count", n));
    }
    line
}

/// What a statute says of recalls, in words: the rule of the body's own assembly, and the share
/// of the bases below with its window ("1 de cada 3 sindicatos de abajo, en 30 días"), or that it
/// sets none.
pub fn recall_words(lang: Lang, terms: &cabildo_domain::recall::RecallTerms) -> (String, String) {
    let rule = name(&lang, "decision-rule", terms.rule.code());
    let share = match terms.share {
        Some(share) => share_words(lang, share, terms.window_days),
        None => tr(lang, "recall-no-share", &[]),
    };
    (rule, share)
}

/// "1 de cada 3 sindicatos de abajo, en 30 días".
pub fn share_words(lang: Lang, share: cabildo_domain::recall::Share, days: u32) -> String {
    tr(
        lang,
        "recall-share-words",
        &[("num", share.num().to_string()), ("den", share.den().to_string()), ("days", days.to_string())],
    )
}

/// What a mandate asks, in words: "votar en contra", "votar por «Juana Mamani»".
pub fn mandate(lang: &Lang, m: &cabildo_domain::mandate::Mandate) -> String {
    match (m.position, &m.option) {
        (cabildo_domain::mandate::Position::Option, Some(option)) => tr1(lang, "mandate-asks-option", "option", option),
        (position, _) => name(lang, "mandate-position", position.code()),
    }
}

/// A vote of a roll call in words: for, against, abstain, or the option's or candidate's name.
pub fn vote_cast(lang: &Lang, code: &str, label: Option<&str>) -> String {
    match label {
        Some(label) => label.to_string(),
        None => name(lang, "choice", code),
    }
}

/// A deviation from a mandate, naming the delegate, the item, the mandate and the vote (the
/// base's page, the public page and the feed say it alike).
pub fn deviation(lang: &Lang, d: &cabildo_services::mandates::Deviation) -> String {
    let vote = d.delegate.vote.as_deref().map_or_else(
        || tr(*lang, "mandate-did-not-vote", &[]),
        |code| vote_cast(lang, code, d.delegate.vote_label.as_deref()),
    );
    tr(
        *lang,
        "mandate-deviation",
        &[
            ("delegate", d.delegate.name.display()),
            ("vote", vote),
            ("motion", d.vote.motion.title.clone()),
            ("item", d.report.record.item.title.clone()),
            ("assembly", d.report.higher.title.clone()),
            ("body", d.report.base.name.clone()),
            ("mandate", mandate(lang, &d.report.record.mandate)),
        ],
    )
}

/// The title of a deviation's feed entry.
pub fn deviation_title(lang: &Lang, d: &cabildo_services::mandates::Deviation) -> String {
    tr(
        *lang,
        "mandate-feed-title",
        &[("delegate", d.delegate.name.display()), ("item", d.report.record.item.title.clone())],
    )
}
