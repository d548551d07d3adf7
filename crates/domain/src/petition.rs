//! Petitions up the tree (solicitudes): a base's resolution raised to its parent body, one level
//! at a time, until a body addresses it to an outside authority with a letter (oficio) and
//! records the authority's replies. Which body may receive a petition, when one is overdue and how
//! an oficio is numbered are decided here; nothing here reads the clock (`today` comes in).

use std::fmt;
use std::str::FromStr;

use crate::Date;
use crate::assembly::coded_enum;
use crate::body::BodyId;
use crate::error::{DomainError, Field};
use crate::text;
use crate::tree::Tree;

/// Identifier of a petition (or of a pliego, which is a petition made of others).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PetitionId(pub i64);

impl fmt::Display for PetitionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Identifier of an outside authority a body keeps as a contact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AuthorityId(pub i64);

impl fmt::Display for AuthorityId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A single base's petition, or a list of demands (pliego) merged from several.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PetitionKind {
    Petition,
    Pliego,
}

coded_enum!(PetitionKind, Field::Status, {
    Petition => "petition",
    Pliego => "pliego",
});

/// How a petition stands in the inbox of the body that holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PetitionStatus {
    /// In the holder's inbox, for its assembly to decide.
    Waiting,
    /// Sent back to the body that raised it, with reasons.
    Returned,
    /// Taken into a pliego, which goes on in its place.
    Merged,
    /// Addressed by the holder to an outside authority.
    Addressed,
}

coded_enum!(PetitionStatus, Field::Status, {
    Waiting => "waiting",
    Returned => "returned",
    Merged => "merged",
    Addressed => "addressed",
});

/// What the holder's assembly decides on a petition (a motion linked to it says which).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PetitionAction {
    /// It rises one level further, to the holder's parent.
    Endorse,
    /// It goes back to the body that raised it, with reasons.
    Return,
    /// It and others of the inbox become one pliego, held by the same body.
    Merge,
    /// The holder sends it to an outside authority.
    Address,
}

coded_enum!(PetitionAction, Field::PetitionAction, {
    Endorse => "endorse" | "respaldar" | "elevar",
    Return => "return" | "devolver",
    Merge => "merge" | "pliego" | "unir",
    Address => "address" | "dirigir",
});

/// A step of a petition's path, as recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StepAction {
    Raised,
    Endorsed,
    Returned,
    Merged,
    Addressed,
}

coded_enum!(StepAction, Field::PetitionAction, {
    Raised => "raised",
    Endorsed => "endorsed",
    Returned => "returned",
    Merged => "merged",
    Addressed => "addressed",
});

impl PetitionAction {
    /// The step an adopted motion of this action records.
    pub fn step(self) -> StepAction {
        match self {
            PetitionAction::Endorse => StepAction::Endorsed,
            PetitionAction::Return => StepAction::Returned,
            PetitionAction::Merge => StepAction::Merged,
            PetitionAction::Address => StepAction::Addressed,
        }
    }
}

/// What an authority answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReplyKind {
    /// A date (and place) for a meeting.
    Meeting,
    /// An answer to part of what was asked.
    Partial,
    /// An answer to all of it.
    Full,
    /// A refusal.
    Refusal,
}

coded_enum!(ReplyKind, Field::ReplyKind, {
    Meeting => "meeting" | "reunion",
    Partial => "partial" | "parcial",
    Full => "full" | "total" | "completa",
    Refusal => "refusal" | "rechazo",
});

impl ReplyKind {
    /// Whether the reply settles the petition (nothing more is awaited from the authority).
    pub fn is_final(self) -> bool {
        matches!(self, ReplyKind::Full | ReplyKind::Refusal)
    }
}

/// Why a body may not be sent a petition by another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LevelProblem {
    /// The sender is at the top of the tree: there is no body above it.
    NoParent,
    /// The body asked for is not the sender's parent (one above it, beside it or below it).
    SkipsLevel,
}

/// The body a petition of `from` goes up to: its parent, and only its parent. `to`, when the
/// sender named one, must be that parent — a petition never skips a level.
pub fn next_level(tree: &Tree, from: BodyId, to: Option<BodyId>) -> Result<BodyId, LevelProblem> {
    let parent = tree.parent(from).ok_or(LevelProblem::NoParent)?;
    match to {
        Some(to) if to != parent => Err(LevelProblem::SkipsLevel),
        _ => Ok(parent),
    }
}

/// Whether a deadline has passed with nothing received: `by` is the last day allowed, so a
/// petition is overdue from the day after. Without a deadline nothing is ever overdue.
pub fn is_overdue(by: Option<Date>, today: Date, received: bool) -> bool {
    !received && by.is_some_and(|by| today > by)
}

/// How a petition stands for its readers, computed from what is stored and today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Waiting in a body's inbox; overdue once past the date its sender asked for a decision.
    Waiting {
        overdue: bool,
    },
    Returned,
    Merged,
    /// Sent to an authority: the last reply so far, and whether its silence is past the deadline.
    Addressed {
        last_reply: Option<ReplyKind>,
        overdue: bool,
    },
}

impl Standing {
    /// The standing of a petition in `status`, with the dates the bodies set and the kinds of the
    /// replies received so far (oldest first).
    pub fn of(
        status: PetitionStatus,
        answer_by: Option<Date>,
        reply_by: Option<Date>,
        replies: &[ReplyKind],
        today: Date,
    ) -> Standing {
        match status {
            PetitionStatus::Waiting => Standing::Waiting { overdue: is_overdue(answer_by, today, false) },
            PetitionStatus::Returned => Standing::Returned,
            PetitionStatus::Merged => Standing::Merged,
            PetitionStatus::Addressed => Standing::Addressed {
                last_reply: replies.last().copied(),
                overdue: is_overdue(reply_by, today, !replies.is_empty()),
            },
        }
    }

    pub fn is_overdue(self) -> bool {
        matches!(self, Standing::Waiting { overdue: true } | Standing::Addressed { overdue: true, .. })
    }

    /// A stable code for the standing: `waiting`, `overdue`, `returned`, `merged`, `addressed`,
    /// `silence` (addressed, overdue) or `replied_<kind>`.
    pub fn code(self) -> String {
        match self {
            Standing::Waiting { overdue: false } => "waiting".into(),
            Standing::Waiting { overdue: true } => "overdue".into(),
            Standing::Returned => "returned".into(),
            Standing::Merged => "merged".into(),
            Standing::Addressed { last_reply: None, overdue: false } => "addressed".into(),
            Standing::Addressed { last_reply: None, overdue: true } => "silence".into(),
            Standing::Addressed { last_reply: Some(kind), .. } => format!("replied_{}", kind.code()),
        }
    }
}

/// The reference an oficio carries: the addressing body's code, its number among that body's
/// oficios of the year, and the year ("F1-OF-3/2026").
pub fn oficio_reference(body_code: &str, number: i64, year: i32) -> String {
    format!("{body_code}-OF-{number}/{year}")
}

/// A meeting's date and time as a reply gives it: "2026-12-10 10:00" (or "10/12/2026 10:00"),
/// read to the canonical "YYYY-MM-DD HH:MM".
pub fn read_meeting_at(value: &str) -> Result<String, DomainError> {
    let value = value.trim();
    let invalid = || DomainError::Invalid { field: Field::ScheduledFor, value: value.to_string() };
    if value.is_empty() {
        return Err(DomainError::Required { field: Field::ScheduledFor });
    }
    let (day, time) = value.split_once([' ', 'T']).ok_or_else(invalid)?;
    let day = crate::padron::parse_date(Field::ScheduledFor, day)?;
    let time = chrono::NaiveTime::parse_from_str(time.trim(), "%H:%M").map_err(|_| invalid())?;
    Ok(format!("{} {}", day, time.format("%H:%M")))
}

/// Reads a petition action typed by a person (`endorse`, `devolver`, …).
pub fn read_action(value: &str) -> Result<PetitionAction, DomainError> {
    if value.trim().is_empty() {
        return Err(DomainError::Required { field: Field::PetitionAction });
    }
    PetitionAction::from_str(value)
}

/// Reads a reply's kind typed by a person.
pub fn read_reply_kind(value: &str) -> Result<ReplyKind, DomainError> {
    if value.trim().is_empty() {
        return Err(DomainError::Required { field: Field::ReplyKind });
    }
    ReplyKind::from_str(value)
}

/// The longest name, office or address of an authority.
pub const MAX_CONTACT: usize = 300;

/// Reads an authority's one-line field: trimmed, required, at most [`MAX_CONTACT`] characters.
pub fn read_contact(field: Field, value: &str) -> Result<String, DomainError> {
    text::required(field, value, MAX_CONTACT)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    fn b(n: i64) -> BodyId {
        BodyId(n)
    }

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    /// 1 (confederación) → 2 (federación) → 3 (central) → 4, 5 (sindicatos); 1 → 6 (federación).
    fn tree() -> Tree {
        Tree::new([
            (b(1), None),
            (b(2), Some(b(1))),
            (b(3), Some(b(2))),
            (b(4), Some(b(3))),
            (b(5), Some(b(3))),
            (b(6), Some(b(1))),
        ])
    }

    #[test]
    fn a_petition_goes_to_the_parent_and_never_skips_a_level() {
        let t = tree();
        assert_eq!(next_level(&t, b(4), None), Ok(b(3)));
        assert_eq!(next_level(&t, b(4), Some(b(3))), Ok(b(3)));
        for skipped in [b(2), b(1), b(5), b(6), b(4)] {
            assert_eq!(next_level(&t, b(4), Some(skipped)), Err(LevelProblem::SkipsLevel), "{skipped}");
        }
        assert_eq!(next_level(&t, b(1), None), Err(LevelProblem::NoParent));
    }

    #[test]
    fn overdue_is_the_day_after_the_deadline_with_nothing_received() {
        assert!(!is_overdue(Some(d("2026-12-01")), d("2026-12-01"), false));
        assert!(is_overdue(Some(d("2026-12-01")), d("2026-12-02"), false));
        assert!(!is_overdue(Some(d("2026-12-01")), d("2026-12-02"), true));
        assert!(!is_overdue(None, d("2030-01-01"), false));
    }

    #[test]
    fn the_standing_says_silence_waiting_and_the_last_reply() {
        let today = d("2026-12-10");
        let late = Some(d("2026-12-01"));
        let addressed = |replies: &[ReplyKind]| Standing::of(PetitionStatus::Addressed, None, late, replies, today);
        assert_eq!(addressed(&[]).code(), "silence");
        assert!(addressed(&[]).is_overdue());
        assert_eq!(addressed(&[ReplyKind::Meeting]).code(), "replied_meeting");
        assert!(!addressed(&[ReplyKind::Meeting]).is_overdue());
        assert_eq!(Standing::of(PetitionStatus::Waiting, late, None, &[], today).code(), "overdue");
        assert_eq!(Standing::of(PetitionStatus::Waiting, None, None, &[], today).code(), "waiting");
        assert_eq!(Standing::of(PetitionStatus::Merged, late, None, &[], today).code(), "merged");
        assert!(ReplyKind::Refusal.is_final() && !ReplyKind::Meeting.is_final());
    }

    #[test]
    fn actions_and_meetings_are_read_in_either_language() {
        assert_eq!(read_action("Devolver"), Ok(PetitionAction::Return));
        assert_eq!(read_action("endorse"), Ok(PetitionAction::Endorse));
        assert!(matches!(read_action(""), Err(DomainError::Required { .. })));
        assert!(matches!(read_action("archivar"), Err(DomainError::Invalid { .. })));
        assert_eq!(read_reply_kind("reunión"), Ok(ReplyKind::Meeting));
        assert_eq!(read_meeting_at("10/12/2026 9:30").unwrap(), "2026-12-10 09:30");
        assert_eq!(read_meeting_at("2026-12-10T10:00").unwrap(), "2026-12-10 10:00");
        assert!(read_meeting_at("mañana").is_err());
        assert_eq!(oficio_reference("F1", 3, 2026), "F1-OF-3/2026");
    }
}
