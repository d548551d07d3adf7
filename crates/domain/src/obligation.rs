//! Attendance obligations of officers (issue 14, item 4): a body states that the holder of one of
//! its offices (or its whole directiva) attends an assembly of each body right below it every
//! month, quarter or year, or attends every assembly (of one kind) of a given body. Whether an
//! obligation was kept is decided here, from the assemblies held and the attendance recorded at
//! them — never declared: [`assess`] turns them into one [`Cell`] per period and body owed.

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

use chrono::Datelike;

use crate::assembly::AssemblyId;
use crate::body::BodyId;
use crate::error::{DomainError, Field};
use crate::{Date, text};

/// Identifier of an obligation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ObligationId(pub i64);

impl fmt::Display for ObligationId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// How often an obligation falls due: once a period for each body owed, or at every assembly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cadence {
    Month,
    Quarter,
    Year,
    /// Every assembly of the body owed (of the kind given).
    EveryAssembly,
}

impl Cadence {
    pub const ALL: [Cadence; 4] = [Cadence::Month, Cadence::Quarter, Cadence::Year, Cadence::EveryAssembly];

    pub fn code(self) -> &'static str {
        match self {
            Cadence::Month => "month",
            Cadence::Quarter => "quarter",
            Cadence::Year => "year",
            Cadence::EveryAssembly => "every_assembly",
        }
    }
}

impl FromStr for Cadence {
    type Err = DomainError;

    /// Accepts the code, and the Spanish words ("trimestral", "cada asamblea").
    fn from_str(value: &str) -> Result<Self, Self::Err> {
        let folded = text::fold(value).replace([' ', '-'], "_");
        match folded.as_str() {
            "month" | "monthly" | "mes" | "mensual" => Ok(Cadence::Month),
            "quarter" | "quarterly" | "trimestre" | "trimestral" => Ok(Cadence::Quarter),
            "year" | "yearly" | "annual" | "ano" | "anual" => Ok(Cadence::Year),
            "every_assembly" | "assembly" | "cada_asamblea" | "toda_asamblea" => Ok(Cadence::EveryAssembly),
            _ => Err(DomainError::Invalid { field: Field::Cadence, value: value.trim().to_string() }),
        }
    }
}

impl fmt::Display for Cadence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// One period of a periodic obligation: the month, quarter or year `index` (1-based; 1 for a
/// year) of `year`, from `start` to `end`, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Period {
    pub year: i32,
    pub index: u32,
    pub start: Date,
    pub end: Date,
}

/// The first day of the month `month` (1–12) of `year`, or of the next year's January for 13.
fn first_of(year: i32, month: u32) -> Option<Date> {
    if month > 12 { Date::from_ymd_opt(year + 1, month - 12, 1) } else { Date::from_ymd_opt(year, month, 1) }
}

impl Period {
    /// The period of `cadence` that holds `day`; `None` for [`Cadence::EveryAssembly`].
    pub fn containing(cadence: Cadence, day: Date) -> Option<Period> {
        let (months, index) = match cadence {
            Cadence::Month => (1, day.month()),
            Cadence::Quarter => (3, (day.month() - 1) / 3 + 1),
            Cadence::Year => (12, 1),
            Cadence::EveryAssembly => return None,
        };
        let first_month = (index - 1) * months + 1;
        let start = first_of(day.year(), first_month)?;
        let end = first_of(day.year(), first_month + months)?.pred_opt()?;
        Some(Period { year: day.year(), index, start, end })
    }

    /// The period right after this one.
    pub fn next(&self, cadence: Cadence) -> Option<Period> {
        Period::containing(cadence, self.end.succ_opt()?)
    }

    pub fn holds(&self, day: Date) -> bool {
        self.start <= day && day <= self.end
    }
}

/// Every period of `cadence` from the one holding `since` to the one holding `today`, oldest
/// first (none when `since` is after `today`, and none for [`Cadence::EveryAssembly`]).
pub fn periods(cadence: Cadence, since: Date, today: Date) -> Vec<Period> {
    let mut out = Vec::new();
    let mut at = Period::containing(cadence, since);
    while let Some(period) = at {
        if period.start > today {
            break;
        }
        out.push(period);
        at = period.next(cadence);
    }
    out
}

/// An assembly of a body owed, as the obligation sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Held {
    pub id: AssemblyId,
    pub body: BodyId,
    pub day: Date,
    /// Closed: whoever was not recorded there did not come.
    pub closed: bool,
}

/// What was recorded at an assembly of the person the obligation binds on that day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seen {
    /// Present (or late).
    Present,
    /// Excused.
    Excused,
}

/// How one period (or one assembly) of an obligation stands for one body owed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// The officer was recorded present at this assembly (the first such in the period).
    Attended(AssemblyId),
    /// Not present anywhere in the period, but excused at this assembly.
    Excused(AssemblyId),
    /// The period ended (the assembly closed) without the officer.
    Overdue,
    /// The period is running (the assembly has not closed).
    Pending,
}

impl Standing {
    pub fn code(self) -> &'static str {
        match self {
            Standing::Attended(_) => "attended",
            Standing::Excused(_) => "excused",
            Standing::Overdue => "overdue",
            Standing::Pending => "pending",
        }
    }

    /// The assembly that decided it, if one did.
    pub fn assembly(self) -> Option<AssemblyId> {
        match self {
            Standing::Attended(a) | Standing::Excused(a) => Some(a),
            Standing::Overdue | Standing::Pending => None,
        }
    }
}

/// One thing owed: a body in a period, or one assembly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cell {
    pub body: BodyId,
    /// The period (`None` for an obligation due at every assembly).
    pub period: Option<Period>,
    /// The assembly owed, for an obligation due at every assembly.
    pub owed: Option<AssemblyId>,
    pub standing: Standing,
}

/// Counts of an obligation's cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Summary {
    pub required: u64,
    pub attended: u64,
    pub excused: u64,
    pub overdue: u64,
    pub pending: u64,
}

impl Summary {
    pub fn of(cells: &[Cell]) -> Summary {
        let mut s = Summary::default();
        for cell in cells {
            s.add(cell.standing);
        }
        s
    }

    pub fn add(&mut self, standing: Standing) {
        self.required += 1;
        match standing {
            Standing::Attended(_) => self.attended += 1,
            Standing::Excused(_) => self.excused += 1,
            Standing::Overdue => self.overdue += 1,
            Standing::Pending => self.pending += 1,
        }
    }

    pub fn plus(self, other: Summary) -> Summary {
        Summary {
            required: self.required + other.required,
            attended: self.attended + other.attended,
            excused: self.excused + other.excused,
            overdue: self.overdue + other.overdue,
            pending: self.pending + other.pending,
        }
    }
}

/// The standing of one assembly for the officer: present beats excused.
fn seen_at(seen: &HashMap<AssemblyId, Seen>, assembly: AssemblyId) -> Option<Seen> {
    seen.get(&assembly).copied()
}

/// Every cell of an obligation on `today`, counted from `since` to `until` (today, or the day the
/// obligation or the office ended if earlier): for a periodic one, each period from the one
/// holding `since` to the one holding `until`, for each body owed (in the order given); for one
/// due at every assembly, each assembly held by a body owed from `since` to `until`, oldest first.
/// A period or assembly with nobody recorded is overdue once it is over on `today`. `held` are the assemblies of
/// the bodies owed (of the kind the obligation names, cancelled ones left out); `seen` what was
/// recorded at them of whoever held the office on the assembly's day.
pub fn assess(
    cadence: Cadence,
    since: Date,
    until: Date,
    today: Date,
    owed: &[BodyId],
    held: &[Held],
    seen: &HashMap<AssemblyId, Seen>,
) -> Vec<Cell> {
    let mut by_body: HashMap<BodyId, Vec<&Held>> = HashMap::new();
    // Assemblies convened ahead are owed while the obligation binds; none after it ended.
    for h in held.iter().filter(|h| h.day >= since && (h.day <= until || until >= today)) {
        by_body.entry(h.body).or_default().push(h);
    }
    for list in by_body.values_mut() {
        list.sort_by_key(|h| (h.day, h.id));
    }
    let mut cells = Vec::new();
    if cadence == Cadence::EveryAssembly {
        for body in owed {
            for h in by_body.get(body).into_iter().flatten() {
                let standing = match seen_at(seen, h.id) {
                    Some(Seen::Present) => Standing::Attended(h.id),
                    Some(Seen::Excused) => Standing::Excused(h.id),
                    None if h.closed => Standing::Overdue,
                    None => Standing::Pending,
                };
                cells.push(Cell { body: *body, period: None, owed: Some(h.id), standing });
            }
        }
        cells.sort_by_key(|c| c.owed.and_then(|a| held.iter().find(|h| h.id == a)).map(|h| (h.day, h.id)));
        return cells;
    }
    for period in periods(cadence, since, until) {
        for body in owed {
            let within: Vec<&&Held> = by_body.get(body).into_iter().flatten().filter(|h| period.holds(h.day)).collect();
            let present = within.iter().find(|h| seen_at(seen, h.id) == Some(Seen::Present));
            let excused = within.iter().find(|h| seen_at(seen, h.id) == Some(Seen::Excused));
            let standing = match (present, excused) {
                (Some(h), _) => Standing::Attended(h.id),
                (None, Some(h)) => Standing::Excused(h.id),
                (None, None) if period.end < today => Standing::Overdue,
                (None, None) => Standing::Pending,
            };
            cells.push(Cell { body: *body, period: Some(period), owed: None, standing });
        }
    }
    cells
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Date {
        Date::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn quarters_cover_the_calendar_without_gaps() {
        let q = Period::containing(Cadence::Quarter, d(2026, 11, 23)).unwrap();
        assert_eq!((q.year, q.index, q.start, q.end), (2026, 4, d(2026, 10, 1), d(2026, 12, 31)));
        let all = periods(Cadence::Quarter, d(2025, 2, 10), d(2026, 11, 23));
        assert_eq!(all.len(), 8);
        for pair in all.windows(2) {
            assert_eq!(pair[0].end.succ_opt().unwrap(), pair[1].start);
        }
        let months = periods(Cadence::Month, d(2024, 12, 31), d(2025, 3, 1));
        assert_eq!(
            months.iter().map(|p| (p.year, p.index)).collect::<Vec<_>>(),
            [(2024, 12), (2025, 1), (2025, 2), (2025, 3)]
        );
        assert_eq!(periods(Cadence::Year, d(2026, 5, 1), d(2025, 1, 1)), []);
        assert_eq!(Period::containing(Cadence::Month, d(2024, 2, 10)).unwrap().end, d(2024, 2, 29));
        assert!(periods(Cadence::EveryAssembly, d(2020, 1, 1), d(2026, 1, 1)).is_empty());
    }

    #[test]
    fn a_quarter_is_attended_excused_overdue_or_pending_from_what_was_recorded() {
        let (a, b) = (BodyId(1), BodyId(2));
        let held = vec![
            Held { id: AssemblyId(10), body: a, day: d(2026, 2, 1), closed: true },
            Held { id: AssemblyId(11), body: a, day: d(2026, 5, 1), closed: true },
            Held { id: AssemblyId(12), body: b, day: d(2026, 2, 3), closed: true },
            Held { id: AssemblyId(13), body: b, day: d(2026, 3, 3), closed: true },
            Held { id: AssemblyId(14), body: b, day: d(2026, 8, 3), closed: true },
        ];
        let seen: HashMap<_, _> =
            [(AssemblyId(10), Seen::Present), (AssemblyId(12), Seen::Excused), (AssemblyId(13), Seen::Present)]
                .into_iter()
                .collect();
        let cells = assess(Cadence::Quarter, d(2026, 1, 1), d(2026, 11, 23), d(2026, 11, 23), &[a, b], &held, &seen);
        let got: Vec<(i64, u32, &str)> =
            cells.iter().map(|c| (c.body.0, c.period.unwrap().index, c.standing.code())).collect();
        assert_eq!(
            got,
            [
                (1, 1, "attended"),
                (2, 1, "attended"),
                (1, 2, "overdue"),
                (2, 2, "overdue"),
                (1, 3, "overdue"),
                (2, 3, "overdue"),
                (1, 4, "pending"),
                (2, 4, "pending"),
            ]
        );
        assert_eq!(cells[1].standing, Standing::Attended(AssemblyId(13)));
        let s = Summary::of(&cells);
        assert_eq!((s.required, s.attended, s.excused, s.overdue, s.pending), (8, 2, 0, 4, 2));
        // Excused only when not present anywhere in the period.
        let only_excused: HashMap<_, _> = [(AssemblyId(12), Seen::Excused)].into_iter().collect();
        let cells = assess(Cadence::Quarter, d(2026, 1, 1), d(2026, 3, 31), d(2026, 3, 31), &[b], &held, &only_excused);
        assert_eq!(cells[0].standing, Standing::Excused(AssemblyId(12)));
    }

    #[test]
    fn an_ended_obligation_counts_up_to_its_end_and_its_last_period_is_overdue_once_over() {
        let b = BodyId(2);
        let held = vec![Held { id: AssemblyId(30), body: b, day: d(2026, 8, 1), closed: true }];
        let seen: HashMap<_, _> = [(AssemblyId(30), Seen::Present)].into_iter().collect();
        // Ended on 30 June, looked at in November: two quarters, both over, neither kept; the
        // visit of August is after the end and counts for nothing.
        let cells = assess(Cadence::Quarter, d(2026, 1, 1), d(2026, 6, 30), d(2026, 11, 30), &[b], &held, &seen);
        assert_eq!(cells.iter().map(|c| c.standing).collect::<Vec<_>>(), vec![Standing::Overdue, Standing::Overdue]);
        let every = assess(Cadence::EveryAssembly, d(2026, 1, 1), d(2026, 6, 30), d(2026, 11, 30), &[b], &held, &seen);
        assert!(every.is_empty());
    }

    #[test]
    fn every_assembly_is_owed_once_closed_and_pending_before() {
        let y = BodyId(5);
        let held = vec![
            Held { id: AssemblyId(2), body: y, day: d(2026, 6, 1), closed: true },
            Held { id: AssemblyId(1), body: y, day: d(2026, 3, 1), closed: true },
            Held { id: AssemblyId(3), body: y, day: d(2026, 12, 1), closed: false },
            Held { id: AssemblyId(4), body: y, day: d(2025, 12, 1), closed: true },
        ];
        let seen: HashMap<_, _> = [(AssemblyId(1), Seen::Present)].into_iter().collect();
        let cells = assess(Cadence::EveryAssembly, d(2026, 1, 1), d(2026, 11, 23), d(2026, 11, 23), &[y], &held, &seen);
        let got: Vec<(i64, &str)> = cells.iter().map(|c| (c.owed.unwrap().0, c.standing.code())).collect();
        assert_eq!(got, [(1, "attended"), (2, "overdue"), (3, "pending")]);
        assert_eq!("Trimestral".parse::<Cadence>().unwrap(), Cadence::Quarter);
        assert!("weekly".parse::<Cadence>().is_err());
    }
}
