//! Who may attend an assembly: one representative per household, the members, the officers of
//! the body and of those below it, or — where the assembly uses delegates — the holders of its
//! credentials; and how many of them count for the quorum.

use cabildo_domain::assembly::{self, AssemblyKind, Eligibility};
use cabildo_domain::{Body, BodyId, Date, HouseholdId, PersonId, PersonName};
use cabildo_store::{AssemblyRecord, Repo};

use crate::Result;

/// Someone entitled to attend.
#[derive(Debug, Clone, PartialEq)]
pub struct Eligible {
    pub person_id: PersonId,
    pub household_id: Option<HouseholdId>,
    /// The sub-body an officer speaks for (ampliado, congress).
    pub represents: Option<BodyId>,
    pub name: PersonName,
    /// Register number, or the office and body of an officer.
    pub label: String,
    /// The short code on a household's member card.
    pub card_code: Option<String>,
}

/// Who may attend an assembly of `body` of this kind, on `day`.
pub fn eligible(repo: &mut dyn Repo, body: &Body, kind: AssemblyKind, day: Date) -> Result<Vec<Eligible>> {
    Ok(match Eligibility::of(kind, body.composition) {
        Eligibility::Households => {
            let key = repo.member_cards_key()?;
            repo.household_representatives(body.id, day)?
                .into_iter()
                .map(|r| Eligible {
                    person_id: r.person_id,
                    household_id: Some(r.household_id),
                    represents: None,
                    name: r.name,
                    label: r.register_number.unwrap_or_default(),
                    card_code: Some(assembly::member_card_code(&key, r.household_id.0)),
                })
                .collect()
        }
        Eligibility::Members => repo
            .memberships(body.id)?
            .into_iter()
            .filter(|m| m.until.is_none_or(|u| u >= day))
            .map(|m| Eligible {
                person_id: m.person_id,
                household_id: None,
                represents: None,
                name: m.name,
                label: String::new(),
                card_code: None,
            })
            .collect(),
        Eligibility::Officers | Eligibility::Delegates => {
            let mut out: Vec<Eligible> = Vec::new();
            let mut bodies = vec![body.clone()];
            bodies.extend(repo.bodies()?.into_iter().filter(|b| b.parent_id == Some(body.id) && b.is_open()));
            for b in bodies {
                for office in repo.offices(b.id)? {
                    let current = office.ended_on.is_none() && office.term_end.is_none_or(|end| end >= day);
                    if current && !out.iter().any(|e| e.person_id == office.person_id) {
                        out.push(Eligible {
                            person_id: office.person_id,
                            household_id: None,
                            represents: (b.id != body.id).then_some(b.id),
                            name: office.holder,
                            label: format!("{} — {}", office.title, b.name),
                            card_code: None,
                        });
                    }
                }
            }
            out
        }
        Eligibility::Anyone => Vec::new(),
    })
}

/// Who may attend this assembly: its accredited delegates where it uses delegates (see
/// [`crate::delegates`]), else as [`eligible`] says from its kind and the body's composition.
pub(crate) fn eligible_in(repo: &mut dyn Repo, assembly: &AssemblyRecord, body: &Body) -> Result<Vec<Eligible>> {
    if crate::delegates::uses_delegates(repo, assembly, body)? {
        return crate::delegates::eligible(repo, assembly.id);
    }
    eligible(repo, body, assembly.kind, assembly.scheduled_for.date())
}

/// How many are entitled to vote, for the quorum: the voting seats where the assembly uses
/// delegates (an alternate fills a seat, never adds one; observers hold no vote), else everyone
/// entitled to attend.
pub(crate) fn entitled(repo: &mut dyn Repo, assembly: &AssemblyRecord, body: &Body) -> Result<u64> {
    if crate::delegates::uses_delegates(repo, assembly, body)? {
        return crate::delegates::voting_seats(repo, assembly.id);
    }
    Ok(eligible(repo, body, assembly.kind, assembly.scheduled_for.date())?.len() as u64)
}
