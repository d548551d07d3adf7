//! A mandate's report as lines of text in the viewer's language, shared by the base's page and
//! the assembly's page.

use cabildo_domain::mandate::Keeping;
use cabildo_i18n::{Lang, tr};
use cabildo_services::mandates::{Check, MandateReport};

use crate::ui::text::{mandate, name, vote_cast};

/// One delegate's vote and how it stood to the mandate.
pub(super) struct DelegateLine {
    pub text: String,
    /// `kept`, `broken` or `absent` (the class the page colours by).
    pub keeping: &'static str,
    pub keeping_name: String,
}

/// One vote under the mandate's item.
pub(super) struct VoteLine {
    pub motion: String,
    /// What the vote tells: pending, not comparable, or the delegation's standing.
    pub state: String,
    pub keeping: Option<&'static str>,
    pub delegates: Vec<DelegateLine>,
}

/// A mandate with its item, who gave it, and its votes.
pub(super) struct MandateLine {
    pub id: i64,
    pub item: String,
    pub given: String,
    pub votes: Vec<VoteLine>,
    /// Counts of delegates' votes kept, broken and absent, said with plurals.
    pub summary: String,
}

pub(super) fn mandate_line(lang: Lang, r: &MandateReport) -> MandateLine {
    let item = tr(
        lang,
        "mandate-item",
        &[
            ("position", r.record.item.position.to_string()),
            ("item", r.record.item.title.clone()),
            ("assembly", r.higher.title.clone()),
            ("body", r.higher_body.name.clone()),
        ],
    );
    let date = chrono::DateTime::from_timestamp(r.record.given_at, 0)
        .map(|t| t.date_naive().format("%d/%m/%Y").to_string())
        .unwrap_or_default();
    let given = tr(
        lang,
        "mandate-given-by",
        &[
            ("body", r.base.name.clone()),
            ("what", mandate(&lang, &r.record.mandate)),
            ("number", format!("{}/{}", r.record.resolution_number, r.record.resolution_year)),
            ("date", date),
        ],
    );
    let (mut kept, mut broken, mut absent) = (0u64, 0u64, 0u64);
    let mut votes = Vec::new();
    for v in &r.votes {
        let asked = vote_cast(&lang, &v.asked, v.asked_label.as_deref());
        let asked = match &v.asked_label {
            Some(_) => tr(lang, "mandate-asks-option", &[("option", asked)]),
            None => mandate(&lang, &r.record.mandate),
        };
        let motion = tr(lang, "mandate-in-motion", &[("motion", v.motion.title.clone()), ("asked", asked)]);
        let (state, delegates) = match &v.check {
            Check::Pending => (tr(lang, "mandate-pending", &[]), Vec::new()),
            Check::NotComparable(method) => (
                tr(lang, "mandate-not-comparable", &[("method", name(&lang, "vote-method", method.code()))]),
                Vec::new(),
            ),
            Check::Compared(list) if list.is_empty() => {
                absent += 1;
                (tr(lang, "mandate-no-delegation", &[("body", r.base.name.clone())]), Vec::new())
            }
            Check::Compared(list) => {
                let lines = list
                    .iter()
                    .map(|d| {
                        match d.keeping {
                            Keeping::Kept => kept += 1,
                            Keeping::Broken => broken += 1,
                            Keeping::Absent => absent += 1,
                        }
                        let vote = d.vote.as_deref().map_or_else(
                            || tr(lang, "mandate-did-not-vote", &[]),
                            |code| vote_cast(&lang, code, d.vote_label.as_deref()),
                        );
                        DelegateLine {
                            text: tr(lang, "mandate-vote", &[("delegate", d.name.display()), ("vote", vote)]),
                            keeping: d.keeping.code(),
                            keeping_name: name(&lang, "mandate-keeping", d.keeping.code()),
                        }
                    })
                    .collect();
                (String::new(), lines)
            }
        };
        let keeping = v.keeping().map(Keeping::code);
        let state = match (keeping, state.is_empty()) {
            (Some(k), true) => name(&lang, "mandate-keeping", k),
            _ => state,
        };
        votes.push(VoteLine { motion, state, keeping, delegates });
    }
    let summary = tr(
        lang,
        "mandate-summary",
        &[("kept", kept.to_string()), ("broken", broken.to_string()), ("absent", absent.to_string())],
    );
    MandateLine { id: r.record.id, item, given, votes, summary }
}
