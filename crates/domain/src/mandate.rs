//! Mandates (mandatos): a base's assembly tells its delegates how to vote on an agenda item of a
//! higher assembly — for, against, abstain, or for a named option or candidate — and whether each
//! delegate kept it is computed from the roll-call votes, never declared.

use std::fmt;
use std::str::FromStr;

use crate::assembly::{VoteMethod, coded_enum};
use crate::error::{DomainError, Field};
use crate::text;

/// The longest name of an option or candidate a mandate may carry.
pub const OPTION_MAX: usize = 200;

/// What a mandate asks of the delegates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Position {
    For,
    Against,
    Abstain,
    /// For a named option or candidate of the item.
    Option,
}

coded_enum!(Position, Field::MandatePosition, {
    For => "for" | "a_favor",
    Against => "against" | "en_contra",
    Abstain => "abstain" | "abstencion",
    Option => "option" | "opcion",
});

/// A mandate as given: its position and, for [`Position::Option`], the option's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mandate {
    pub position: Position,
    pub option: Option<String>,
}

impl Mandate {
    /// Reads a mandate from what was typed: an option's name is required for `option` and
    /// refused for the others (it would be silently ignored).
    pub fn read(position: &str, option: &str) -> Result<Mandate, DomainError> {
        let position: Position = position.parse()?;
        let option = text::optional(Field::MandateOption, option, OPTION_MAX)?;
        match (position, option) {
            (Position::Option, None) => Err(DomainError::Required { field: Field::MandateOption }),
            (Position::Option, Some(name)) => Ok(Mandate { position, option: Some(name) }),
            (_, Some(name)) => Err(DomainError::Invalid { field: Field::MandateOption, value: name }),
            (_, None) => Ok(Mandate { position, option: None }),
        }
    }
}

/// What a motion of the higher assembly offers its voters, as the comparison needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ballot {
    /// A motion voted for, against or abstaining.
    Motion,
    /// An election's candidates or a choice's options: each option's code (`c<id>`, `o<id>`) and
    /// the name it shows.
    Choice(Vec<(String, String)>),
}

/// Whether a name is one of the options, case, accents and spacing ignored.
pub fn offers(options: &[String], name: &str) -> bool {
    let key = text::fold(name);
    options.iter().any(|o| text::fold(o) == key)
}

/// The vote a mandate asks for on a ballot, as the ballot's option code; `None` when the mandate
/// does not speak to this ballot (an option named on a plain motion, a position on an election,
/// an option this election or choice does not offer: another vote under the same item).
pub fn asked(mandate: &Mandate, ballot: &Ballot) -> Option<String> {
    match (mandate.position, ballot) {
        (Position::For, Ballot::Motion) => Some("for".into()),
        (Position::Against, Ballot::Motion) => Some("against".into()),
        (Position::Abstain, _) => Some("abstain".into()),
        (Position::Option, Ballot::Choice(options)) => {
            let key = text::fold(mandate.option.as_deref()?);
            options.iter().find(|(_, label)| text::fold(label) == key).map(|(code, _)| code.clone())
        }
        _ => None,
    }
}

/// How one delegate stood to the mandate in one vote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Keeping {
    /// Voted as mandated.
    Kept,
    /// Voted otherwise: a deviation, shown to the base.
    Broken,
    /// Did not vote (or the base had no delegate there).
    Absent,
}

impl Keeping {
    pub fn code(self) -> &'static str {
        match self {
            Keeping::Kept => "kept",
            Keeping::Broken => "broken",
            Keeping::Absent => "absent",
        }
    }
}

/// A delegate's vote (an option code, `None` if they did not vote) against the vote asked.
pub fn keeping(asked: &str, vote: Option<&str>) -> Keeping {
    match vote {
        None => Keeping::Absent,
        Some(v) if v == asked => Keeping::Kept,
        Some(_) => Keeping::Broken,
    }
}

/// Whether a vote by this method can be compared with mandates: only a roll call records each
/// delegate's vote; a secret ballot, a phone vote, a show of hands or a paper ballot does not.
pub fn comparable(method: VoteMethod) -> bool {
    method == VoteMethod::RollCall
}

impl Mandate {
    /// The ballot code a person would read, for the pages (`for`, `against`, `abstain`, or the
    /// option's name).
    pub fn describe(&self) -> String {
        match (&self.position, &self.option) {
            (Position::Option, Some(name)) => name.clone(),
            (p, _) => p.code().to_string(),
        }
    }
}

impl fmt::Display for Mandate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    fn choice() -> Ballot {
        Ballot::Choice(vec![("c1".into(), "Juana Mamani".into()), ("c2".into(), "Pedro Quispe".into())])
    }

    #[test]
    fn a_mandate_is_read_with_its_option_only_when_it_names_one() {
        assert_eq!(Mandate::read("en contra", "").unwrap(), Mandate { position: Position::Against, option: None });
        assert_eq!(
            Mandate::read("option", "  Juana  Mamani ").unwrap().option.as_deref(),
            Some("Juana Mamani"),
            "spaces are trimmed"
        );
        assert_eq!(Mandate::read("option", " ").unwrap_err(), DomainError::Required { field: Field::MandateOption });
        assert!(matches!(
            Mandate::read("for", "Juana").unwrap_err(),
            DomainError::Invalid { field: Field::MandateOption, .. }
        ));
        assert!(matches!(
            Mandate::read("maybe", "").unwrap_err(),
            DomainError::Invalid { field: Field::MandatePosition, .. }
        ));
    }

    #[test]
    fn the_vote_asked_depends_on_the_ballot() {
        let against = Mandate::read("against", "").unwrap();
        assert_eq!(asked(&against, &Ballot::Motion).as_deref(), Some("against"));
        assert_eq!(asked(&against, &choice()), None, "a position says nothing of an election");
        let juana = Mandate::read("option", "juana mamaní").unwrap();
        assert_eq!(asked(&juana, &choice()).as_deref(), Some("c1"), "accents and case ignored");
        assert_eq!(asked(&juana, &Ballot::Motion), None);
        let other = Mandate::read("option", "Rosa Flores").unwrap();
        assert_eq!(asked(&other, &choice()), None, "an election without her is another vote");
        let abstain = Mandate::read("abstain", "").unwrap();
        assert_eq!(asked(&abstain, &choice()).as_deref(), Some("abstain"));
    }

    #[test]
    fn a_vote_keeps_breaks_or_is_absent() {
        assert_eq!(keeping("against", Some("against")), Keeping::Kept);
        assert_eq!(keeping("against", Some("for")), Keeping::Broken);
        assert_eq!(keeping("against", Some("abstain")), Keeping::Broken);
        assert_eq!(keeping("c1", None), Keeping::Absent);
        assert!(comparable(VoteMethod::RollCall));
        for m in [VoteMethod::Secret, VoteMethod::Phone, VoteMethod::ShowOfHands, VoteMethod::PaperBallot] {
            assert!(!comparable(m), "{m:?}");
        }
        assert!(offers(&["Juana Mamani".into()], "JUANA  mamani"));
    }
}
