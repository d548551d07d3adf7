//! The union's money: amounts in integer centavos of bolivianos, the accounts of a body's book,
//! entries whose lines balance, the allocation of a payment over a family's open charges, and the
//! periods a treasurer speaks of ("2026", "2026-03", "2026-Q2", "01/03/2026–31/05/2026").
//!
//! Double entry inside: every entry is a set of lines, each an account and a signed amount
//! (positive: debit, negative: credit) that sum to zero. Simple words outside: what a family owes
//! and paid, what the body has in cash and owes to others.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Months, NaiveDate};

use crate::body::BodyId;
use crate::error::{DomainError, Field};
use crate::household::HouseholdId;
use crate::numbers::{self, Form};
use crate::spoken::Speech;

/// An amount of bolivianos in centavos. Never a float: 1,10 + 2,20 is exactly 3,30.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Centavos(pub i64);

/// The largest amount a single charge or payment takes: Bs 100.000.000 (more is a typing error).
pub const MAX_AMOUNT: Centavos = Centavos(10_000_000_000);

impl Centavos {
    pub const ZERO: Centavos = Centavos(0);

    pub fn checked_add(self, other: Centavos) -> Option<Centavos> {
        self.0.checked_add(other.0).map(Centavos)
    }

    pub fn checked_sub(self, other: Centavos) -> Option<Centavos> {
        self.0.checked_sub(other.0).map(Centavos)
    }

    pub fn checked_neg(self) -> Option<Centavos> {
        self.0.checked_neg().map(Centavos)
    }

    /// `self × n`, for dues per member.
    pub fn checked_mul(self, n: i64) -> Option<Centavos> {
        self.0.checked_mul(n).map(Centavos)
    }

    pub fn is_positive(self) -> bool {
        self.0 > 0
    }

    /// The sum of `amounts`, or `None` on overflow.
    pub fn sum(amounts: impl IntoIterator<Item = Centavos>) -> Option<Centavos> {
        amounts.into_iter().try_fold(Centavos::ZERO, Centavos::checked_add)
    }

    /// Reads an amount the way Bolivians write it: "20", "Bs 20", "1.234,50", "1234,5",
    /// "12.50" (a dot followed by one or two digits is a decimal point; followed by three, a
    /// thousands separator). A leading minus is read (the caller refuses what is not positive).
    pub fn parse(field: Field, value: &str) -> Result<Centavos, DomainError> {
        let bad = || DomainError::BadNumber { field, value: value.to_string() };
        let mut text = value.trim();
        for prefix in ["Bs.", "Bs", "bs.", "bs", "BS"] {
            if let Some(rest) = text.strip_prefix(prefix) {
                text = rest.trim_start();
                break;
            }
        }
        let (negative, text) = match text.strip_prefix('-') {
            Some(rest) => (true, rest.trim_start()),
            None => (false, text),
        };
        if text.is_empty() || !text.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',') {
            return Err(bad());
        }
        let (whole, fraction) = match text.split_once(',') {
            Some((whole, fraction)) => (whole, Some(fraction)),
            None => match text.rsplit_once('.') {
                Some((whole, fraction)) if fraction.len() <= 2 && !whole.is_empty() && !whole.contains('.') => {
                    (whole, Some(fraction))
                }
                _ => (text, None),
            },
        };
        if fraction.is_some_and(|f| f.is_empty() || f.len() > 2 || !f.chars().all(|c| c.is_ascii_digit())) {
            return Err(bad());
        }
        // Thousands separators: groups of three after the first group of one to three digits.
        let groups: Vec<&str> = whole.split('.').collect();
        let grouped = groups.len() == 1
            || (groups.first().is_some_and(|g| (1..=3).contains(&g.len()))
                && groups.iter().skip(1).all(|g| g.len() == 3));
        if whole.is_empty() || !grouped {
            return Err(bad());
        }
        let digits: String = groups.concat();
        let units: i64 = digits.parse().map_err(|_| bad())?;
        let cents: i64 = match fraction {
            Some(f) if f.len() == 1 => f.parse::<i64>().map_err(|_| bad())? * 10,
            Some(f) => f.parse().map_err(|_| bad())?,
            None => 0,
        };
        let amount = units.checked_mul(100).and_then(|u| u.checked_add(cents)).ok_or_else(bad)?;
        if amount > MAX_AMOUNT.0 {
            return Err(DomainError::OutOfRange {
                field,
                value: value.to_string(),
                min: "0".into(),
                max: MAX_AMOUNT.plain(),
            });
        }
        Ok(Centavos(if negative { -amount } else { amount }))
    }

    /// "1.234,50" (no currency): what a CSV cell or a form field holds.
    pub fn plain(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let units = (abs / 100).to_string();
        let mut grouped = String::with_capacity(units.len() + units.len() / 3);
        for (i, c) in units.chars().enumerate() {
            if i > 0 && (units.len() - i).is_multiple_of(3) {
                grouped.push('.');
            }
            grouped.push(c);
        }
        format!("{sign}{grouped},{:02}", abs % 100)
    }

    /// The amount in words as a Bolivian receipt writes it: "mil doscientos treinta y cuatro
    /// 50/100 bolivianos".
    pub fn in_words(self, speech: Speech) -> String {
        let abs = self.0.unsigned_abs();
        let words = numbers::in_words(speech, abs / 100, Form::Alone);
        let currency = match speech {
            Speech::Spanish => "bolivianos",
            Speech::English => "bolivianos",
        };
        let minus = match (self.0 < 0, speech) {
            (false, _) => "",
            (true, Speech::Spanish) => "menos ",
            (true, Speech::English) => "minus ",
        };
        format!("{minus}{words} {:02}/100 {currency}", abs % 100)
    }
}

impl fmt::Display for Centavos {
    /// "Bs 1.234,50".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Bs {}", self.plain())
    }
}

/// What money is spent on: the purpose of an expense (and of a levy).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, strum::EnumIter)]
pub enum Purpose {
    /// The body's own works: a bridge, a school roof.
    Projects,
    /// A delegation's travel.
    Travel,
    /// Stationery, the office, the radio.
    Administration,
    /// A political campaign.
    Campaign,
    /// Solidarity with another body (after a flood).
    Solidarity,
    Other,
}

impl Purpose {
    pub fn code(self) -> &'static str {
        match self {
            Purpose::Projects => "projects",
            Purpose::Travel => "travel",
            Purpose::Administration => "administration",
            Purpose::Campaign => "campaign",
            Purpose::Solidarity => "solidarity",
            Purpose::Other => "other",
        }
    }
}

impl FromStr for Purpose {
    type Err = DomainError;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        use strum::IntoEnumIterator;
        let folded = crate::text::fold(value);
        Purpose::iter()
            .find(|p| p.code() == folded.trim())
            .ok_or_else(|| DomainError::Invalid { field: Field::Purpose, value: value.to_string() })
    }
}

/// What a family is charged for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, strum::EnumIter)]
pub enum ChargeKind {
    /// Regular dues (cuotas) from the statute.
    Dues,
    /// A contribution levied by an assembly's resolution (aporte).
    Contribution,
    /// A fine (for absence from an assembly).
    Fine,
}

impl ChargeKind {
    pub fn code(self) -> &'static str {
        match self {
            ChargeKind::Dues => "dues",
            ChargeKind::Contribution => "contribution",
            ChargeKind::Fine => "fine",
        }
    }

    /// The account a charge of this kind is owed on.
    pub fn receivable(self) -> Account {
        match self {
            ChargeKind::Dues => Account::DuesReceivable,
            ChargeKind::Contribution => Account::ContributionsReceivable,
            ChargeKind::Fine => Account::FinesReceivable,
        }
    }

    /// The income account a charge of this kind is earned on.
    pub fn income(self) -> Account {
        match self {
            ChargeKind::Dues => Account::IncomeDues,
            ChargeKind::Contribution => Account::IncomeContributions,
            ChargeKind::Fine => Account::IncomeFines,
        }
    }
}

impl FromStr for ChargeKind {
    type Err = DomainError;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        use strum::IntoEnumIterator;
        ChargeKind::iter()
            .find(|k| k.code() == value.trim())
            .ok_or_else(|| DomainError::Invalid { field: Field::Status, value: value.to_string() })
    }
}

/// The accounts of a body's book: a small fixed list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Account {
    /// Cash in the treasurer's box (and the bank).
    Cash,
    DuesReceivable,
    ContributionsReceivable,
    FinesReceivable,
    /// What the body owes a family that paid in advance (a credit balance).
    FamilyCredit,
    IncomeDues,
    IncomeContributions,
    IncomeFines,
    IncomeOther,
    /// Money received from another body (its line names the counterpart).
    IncomeTransfers,
    /// Money sent to another body: a dues share, a contribution (its line names the counterpart).
    TransfersOut,
    Expense(Purpose),
    /// What the body owes another body (its line names the counterpart).
    Payable,
    /// What another body owes this one (its line names the counterpart).
    Receivable,
}

impl Account {
    /// The stored code: "cash", "expense:travel", …
    pub fn code(self) -> String {
        match self {
            Account::Expense(purpose) => format!("expense:{}", purpose.code()),
            other => other.simple_code().to_string(),
        }
    }

    fn simple_code(self) -> &'static str {
        match self {
            Account::Cash => "cash",
            Account::DuesReceivable => "dues_receivable",
            Account::ContributionsReceivable => "contributions_receivable",
            Account::FinesReceivable => "fines_receivable",
            Account::FamilyCredit => "family_credit",
            Account::IncomeDues => "income:dues",
            Account::IncomeContributions => "income:contributions",
            Account::IncomeFines => "income:fines",
            Account::IncomeOther => "income:other",
            Account::IncomeTransfers => "income:transfers",
            Account::TransfersOut => "transfers_out",
            Account::Payable => "payable",
            Account::Receivable => "receivable",
            Account::Expense(_) => "expense",
        }
    }

    /// Whether a line on this account is a family's (it must name the household).
    pub fn is_family(self) -> bool {
        matches!(
            self,
            Account::DuesReceivable
                | Account::ContributionsReceivable
                | Account::FinesReceivable
                | Account::FamilyCredit
        )
    }

    /// Whether a line on this account is with another body (it must name the counterpart).
    pub fn is_interbody(self) -> bool {
        matches!(self, Account::Payable | Account::Receivable | Account::IncomeTransfers | Account::TransfersOut)
    }
}

impl FromStr for Account {
    type Err = DomainError;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        if let Some(purpose) = value.strip_prefix("expense:") {
            return Ok(Account::Expense(purpose.parse()?));
        }
        const SIMPLE: [Account; 13] = [
            Account::Cash,
            Account::DuesReceivable,
            Account::ContributionsReceivable,
            Account::FinesReceivable,
            Account::FamilyCredit,
            Account::IncomeDues,
            Account::IncomeContributions,
            Account::IncomeFines,
            Account::IncomeOther,
            Account::IncomeTransfers,
            Account::TransfersOut,
            Account::Payable,
            Account::Receivable,
        ];
        SIMPLE
            .into_iter()
            .find(|a| a.simple_code() == value)
            .ok_or_else(|| DomainError::Invalid { field: Field::Status, value: value.to_string() })
    }
}

/// A charge's number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ChargeId(pub i64);

impl fmt::Display for ChargeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// One line of an entry: an account, whose (family, other body, charge) it is, and a signed
/// amount (positive: debit; negative: credit).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line {
    pub account: Account,
    pub household: Option<HouseholdId>,
    pub counterpart: Option<BodyId>,
    pub charge: Option<ChargeId>,
    pub amount: Centavos,
}

impl Line {
    pub fn new(account: Account, amount: Centavos) -> Line {
        Line { account, household: None, counterpart: None, charge: None, amount }
    }

    pub fn family(account: Account, household: HouseholdId, charge: Option<ChargeId>, amount: Centavos) -> Line {
        Line { account, household: Some(household), counterpart: None, charge, amount }
    }

    pub fn with_body(account: Account, counterpart: BodyId, amount: Centavos) -> Line {
        Line { account, household: None, counterpart: Some(counterpart), charge: None, amount }
    }
}

/// Why a set of lines is not an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unbalanced {
    /// No line, or only lines of zero.
    Empty,
    /// The lines sum to this, not zero.
    Off(Centavos),
    /// The sum does not fit in 64 bits.
    Overflow,
    /// A family's account without the family, or a line with another body without the body.
    Unnamed,
}

impl fmt::Display for Unbalanced {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unbalanced::Empty => f.write_str("an entry without amounts"),
            Unbalanced::Off(sum) => write!(f, "the lines sum to {sum}, not zero"),
            Unbalanced::Overflow => f.write_str("the lines' sum overflows"),
            Unbalanced::Unnamed => f.write_str("a family's or another body's line does not name it"),
        }
    }
}

/// Checks that `lines` make an entry: at least one amount, each family's line naming its family
/// and each line with another body naming it, and a sum of zero. Called before every write.
pub fn check_balanced(lines: &[Line]) -> Result<(), Unbalanced> {
    if lines.iter().all(|l| l.amount == Centavos::ZERO) {
        return Err(Unbalanced::Empty);
    }
    if lines.iter().any(|l| {
        (l.account.is_family() && l.household.is_none()) || (l.account.is_interbody() && l.counterpart.is_none())
    }) {
        return Err(Unbalanced::Unnamed);
    }
    match Centavos::sum(lines.iter().map(|l| l.amount)) {
        None => Err(Unbalanced::Overflow),
        Some(Centavos::ZERO) => Ok(()),
        Some(sum) => Err(Unbalanced::Off(sum)),
    }
}

/// The lines of the entry that reverses one with `lines`: the same lines, every amount negated.
pub fn reversal(lines: &[Line]) -> Option<Vec<Line>> {
    lines.iter().map(|l| l.amount.checked_neg().map(|amount| Line { amount, ..*l })).collect()
}

/// How a payment is spread over a family's open charges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Allocation {
    /// The charges paid, oldest first, and how much of each.
    pub parts: Vec<(ChargeId, Centavos)>,
    /// What is left over: the family's credit for its next charges.
    pub credit: Centavos,
}

/// Spreads `paid` over `open` (each charge and what is still owed on it, oldest first): each
/// charge is paid in full before the next; what is left over becomes credit. Charges owing
/// nothing (or less) are skipped.
pub fn allocate(open: &[(ChargeId, Centavos)], paid: Centavos) -> Allocation {
    let mut left = paid.0.max(0);
    let mut parts = Vec::new();
    for (charge, owed) in open {
        if left == 0 {
            break;
        }
        let take = owed.0.min(left);
        if take > 0 {
            parts.push((*charge, Centavos(take)));
            left -= take;
        }
    }
    Allocation { parts, credit: Centavos(left) }
}

/// A levy per hectare: `per_hectare` × `area_m2` / 10 000, rounded to the nearest centavo (a
/// half up). `None` on overflow.
pub fn per_hectare(per_hectare: Centavos, area_m2: i64) -> Option<Centavos> {
    let product = i128::from(per_hectare.0).checked_mul(i128::from(area_m2))?;
    let rounded = (product + 5_000).div_euclid(10_000);
    i64::try_from(rounded).ok().map(Centavos)
}

/// Who a rule charges: each household once, each member of a household, or each hectare of its
/// parcels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, strum::EnumIter)]
pub enum Basis {
    Household,
    Member,
    Hectare,
}

impl Basis {
    pub fn code(self) -> &'static str {
        match self {
            Basis::Household => "household",
            Basis::Member => "member",
            Basis::Hectare => "hectare",
        }
    }
}

impl FromStr for Basis {
    type Err = DomainError;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        match crate::text::fold(value).trim() {
            "household" | "familia" | "hogar" | "" => Ok(Basis::Household),
            "member" | "afiliado" | "miembro" => Ok(Basis::Member),
            "hectare" | "hectarea" | "ha" => Ok(Basis::Hectare),
            _ => Err(DomainError::Invalid { field: Field::Cadence, value: value.to_string() }),
        }
    }
}

/// How often the statute's dues fall due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, strum::EnumIter)]
pub enum DuesCadence {
    Monthly,
    Quarterly,
    Yearly,
}

impl DuesCadence {
    pub fn code(self) -> &'static str {
        match self {
            DuesCadence::Monthly => "monthly",
            DuesCadence::Quarterly => "quarterly",
            DuesCadence::Yearly => "yearly",
        }
    }

    fn months(self) -> u32 {
        match self {
            DuesCadence::Monthly => 1,
            DuesCadence::Quarterly => 3,
            DuesCadence::Yearly => 12,
        }
    }

    /// The dues periods of this cadence that begin inside `within`, in order: the months of
    /// "2026" for monthly dues, its quarters for quarterly ones.
    pub fn periods(self, within: &Period) -> Vec<Period> {
        let step = self.months();
        let mut out = Vec::new();
        // The first period of the cadence that starts on or after `within.start`.
        let month0 = within.start.month0();
        let aligned = month0.div_ceil(step) * step;
        let mut start = match NaiveDate::from_ymd_opt(within.start.year(), 1, 1)
            .and_then(|jan| jan.checked_add_months(Months::new(aligned)))
        {
            Some(d) => d,
            None => return out,
        };
        if start < within.start {
            return out;
        }
        while start <= within.end {
            let Some(next) = start.checked_add_months(Months::new(step)) else { break };
            let Some(end) = next.pred_opt() else { break };
            out.push(Period { start, end });
            start = next;
        }
        out
    }
}

impl FromStr for DuesCadence {
    type Err = DomainError;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        match crate::text::fold(value).trim() {
            "monthly" | "mensual" => Ok(DuesCadence::Monthly),
            "quarterly" | "trimestral" => Ok(DuesCadence::Quarterly),
            "yearly" | "anual" => Ok(DuesCadence::Yearly),
            _ => Err(DomainError::Invalid { field: Field::Cadence, value: value.to_string() }),
        }
    }
}

/// A span of days, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Period {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl Period {
    /// Reads "2026", "2026-03", "2026-Q2" (or "2026-T2", trimestre), "01/03/2026–31/05/2026"
    /// (an en dash, a hyphen or " a " between two dates in dd/mm/yyyy or yyyy-mm-dd).
    pub fn parse(value: &str) -> Result<Period, DomainError> {
        let bad = || DomainError::BadPeriod { value: value.to_string() };
        let text = value.trim();
        let ymd = |y: i32, m: u32, d: u32| NaiveDate::from_ymd_opt(y, m, d).ok_or_else(bad);
        let year = |s: &str| -> Result<i32, DomainError> {
            if s.len() == 4 && s.chars().all(|c| c.is_ascii_digit()) {
                s.parse::<i32>().map_err(|_| bad()).and_then(|y| if y >= 1900 { Ok(y) } else { Err(bad()) })
            } else {
                Err(bad())
            }
        };
        // A year.
        if let Ok(y) = year(text) {
            return Ok(Period { start: ymd(y, 1, 1)?, end: ymd(y, 12, 31)? });
        }
        // A month or a quarter.
        if let Some((y, rest)) = text.split_once('-')
            && let Ok(y) = year(y)
        {
            let upper = rest.to_ascii_uppercase();
            if let Some(q) = upper.strip_prefix('Q').or_else(|| upper.strip_prefix('T')) {
                let q: u32 = q.parse().map_err(|_| bad())?;
                if !(1..=4).contains(&q) {
                    return Err(bad());
                }
                let start = ymd(y, 3 * q - 2, 1)?;
                return Ok(Period { start, end: month_end(ymd(y, 3 * q, 1)?).ok_or_else(bad)? });
            }
            if rest.len() <= 2 && rest.chars().all(|c| c.is_ascii_digit()) {
                let m: u32 = rest.parse().map_err(|_| bad())?;
                let start = ymd(y, m, 1)?;
                return Ok(Period { start, end: month_end(start).ok_or_else(bad)? });
            }
        }
        // Two dates.
        let halves = ["–", "—", " a ", " to ", ".."]
            .iter()
            .find_map(|sep| text.split_once(sep))
            .or_else(|| {
                // A hyphen between two dd/mm/yyyy dates (ISO dates hold hyphens themselves).
                text.split_once(" - ").or_else(|| text.contains('/').then(|| text.split_once('-')).flatten())
            })
            .ok_or_else(bad)?;
        let date = |s: &str| crate::padron::parse_date(Field::Period, s.trim()).map_err(|_| bad());
        let (start, end) = (date(halves.0)?, date(halves.1)?);
        if end < start {
            return Err(bad());
        }
        Ok(Period { start, end })
    }

    pub fn contains(&self, day: NaiveDate) -> bool {
        self.start <= day && day <= self.end
    }

    pub fn overlaps(&self, other: &Period) -> bool {
        self.start <= other.end && other.start <= self.end
    }

    /// "2026", "2026-03", "2026-Q2", or "2026-03-01..2026-05-31": the shortest name that reads
    /// back as the same period.
    pub fn label(&self) -> String {
        let (y, m, d) = (self.start.year(), self.start.month(), self.start.day());
        let end_of = |months: u32| {
            self.start.checked_add_months(Months::new(months)).and_then(|n| n.pred_opt()) == Some(self.end)
        };
        if d == 1 && m == 1 && end_of(12) {
            format!("{y}")
        } else if d == 1 && end_of(1) {
            format!("{y}-{m:02}")
        } else if d == 1 && (m - 1) % 3 == 0 && end_of(3) {
            format!("{y}-Q{}", (m - 1) / 3 + 1)
        } else {
            format!("{}..{}", self.start, self.end)
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label())
    }
}

fn month_end(first: NaiveDate) -> Option<NaiveDate> {
    first.checked_add_months(Months::new(1)).and_then(|n| n.pred_opt())
}

/// A body's share of dues owed upward, in basis points (1000 = 10 %), applied to an amount:
/// rounded down to the centavo (the higher body never gets more than its share).
pub fn share_of(amount: Centavos, basis_points: i64) -> Option<Centavos> {
    let product = i128::from(amount.0).checked_mul(i128::from(basis_points))?;
    i64::try_from(product.div_euclid(10_000)).ok().map(Centavos)
}

/// Reads a share as people write it: "10 %", "10", "2,5 %" — into basis points (1000 = 10 %).
pub fn parse_share(field: Field, value: &str) -> Result<i64, DomainError> {
    let text = value.trim().trim_end_matches('%').trim();
    let centi = Centavos::parse(field, text)?;
    if !(0..=10_000).contains(&centi.0) {
        return Err(DomainError::OutOfRange { field, value: value.to_string(), min: "0".into(), max: "100".into() });
    }
    Ok(centi.0)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    fn bs(text: &str) -> Centavos {
        Centavos::parse(Field::Amount, text).unwrap()
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn amounts_are_read_as_bolivians_write_them() {
        assert_eq!(bs("20"), Centavos(2000));
        assert_eq!(bs("Bs 20"), Centavos(2000));
        assert_eq!(bs("Bs. 1.234,50"), Centavos(123_450));
        assert_eq!(bs("1234,5"), Centavos(123_450));
        assert_eq!(bs("12.50"), Centavos(1250));
        assert_eq!(bs("1.234"), Centavos(123_400));
        assert_eq!(bs("1.234.567,89"), Centavos(123_456_789));
        assert_eq!(bs("-5"), Centavos(-500));
        for wrong in ["", "Bs", "veinte", "1,234,5", "12,345", "1.23.4", "1e3", "12,", ",5", "1 000", "--5"] {
            assert!(Centavos::parse(Field::Amount, wrong).is_err(), "{wrong:?} was read");
        }
        assert!(matches!(Centavos::parse(Field::Amount, "999.999.999.999"), Err(DomainError::OutOfRange { .. })));
    }

    #[test]
    fn amounts_are_written_as_bolivians_read_them() {
        assert_eq!(Centavos(123_450).to_string(), "Bs 1.234,50");
        assert_eq!(Centavos(2000).to_string(), "Bs 20,00");
        assert_eq!(Centavos(5).plain(), "0,05");
        assert_eq!(Centavos(-100_000).plain(), "-1.000,00");
        assert_eq!(Centavos(123_450).in_words(Speech::Spanish), "mil doscientos treinta y cuatro 50/100 bolivianos");
        assert_eq!(Centavos(2000).in_words(Speech::Spanish), "veinte 00/100 bolivianos");
        assert_eq!(Centavos(2000).in_words(Speech::English), "twenty 00/100 bolivianos");
    }

    #[test]
    fn periods_are_read_in_every_way_a_treasurer_writes_them() {
        let p = |t: &str| Period::parse(t).unwrap();
        assert_eq!(p("2026"), Period { start: day(2026, 1, 1), end: day(2026, 12, 31) });
        assert_eq!(p("2026-03"), Period { start: day(2026, 3, 1), end: day(2026, 3, 31) });
        assert_eq!(p("2026-02"), Period { start: day(2026, 2, 1), end: day(2026, 2, 28) });
        assert_eq!(p("2026-Q2"), Period { start: day(2026, 4, 1), end: day(2026, 6, 30) });
        assert_eq!(p("2026-t4"), Period { start: day(2026, 10, 1), end: day(2026, 12, 31) });
        assert_eq!(p("01/03/2026–31/05/2026"), Period { start: day(2026, 3, 1), end: day(2026, 5, 31) });
        assert_eq!(p("01/03/2026-31/05/2026"), p("01/03/2026–31/05/2026"));
        assert_eq!(p("2026-03-01..2026-05-31"), p("01/03/2026 a 31/05/2026"));
        for wrong in ["", "26", "2026-13", "2026-Q5", "marzo", "31/05/2026–01/03/2026", "31/02/2026–01/03/2026"] {
            assert!(matches!(Period::parse(wrong), Err(DomainError::BadPeriod { .. })), "{wrong:?} was read");
        }
        for label in ["2026", "2026-03", "2026-Q2", "2026-03-05..2026-04-01"] {
            assert_eq!(p(label).label(), label);
        }
    }

    #[test]
    fn dues_periods_are_the_months_or_quarters_inside() {
        let year = Period::parse("2026").unwrap();
        let months = DuesCadence::Monthly.periods(&year);
        assert_eq!(months.len(), 12);
        assert_eq!(months[1].label(), "2026-02");
        let quarters = DuesCadence::Quarterly.periods(&year);
        assert_eq!(
            quarters.iter().map(Period::label).collect::<Vec<_>>(),
            ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
        );
        assert_eq!(DuesCadence::Yearly.periods(&year), vec![year]);
        assert_eq!(DuesCadence::Monthly.periods(&Period::parse("2026-03").unwrap()).len(), 1);
        assert!(DuesCadence::Yearly.periods(&Period::parse("2026-03").unwrap()).is_empty());
    }

    #[test]
    fn payments_pay_the_oldest_charges_first_and_the_rest_is_credit() {
        let open = [(ChargeId(1), Centavos(2000)), (ChargeId(2), Centavos(0)), (ChargeId(3), Centavos(3000))];
        assert_eq!(
            allocate(&open, Centavos(1500)),
            Allocation { parts: vec![(ChargeId(1), Centavos(1500))], credit: Centavos(0) }
        );
        assert_eq!(
            allocate(&open, Centavos(6000)),
            Allocation {
                parts: vec![(ChargeId(1), Centavos(2000)), (ChargeId(3), Centavos(3000))],
                credit: Centavos(1000)
            }
        );
    }

    #[test]
    fn entries_must_balance_and_name_whose_line_it_is() {
        let h = HouseholdId(7);
        let ok =
            [Line::new(Account::Cash, Centavos(100)), Line::family(Account::DuesReceivable, h, None, Centavos(-100))];
        assert_eq!(check_balanced(&ok), Ok(()));
        assert_eq!(
            check_balanced(&[Line::new(Account::Cash, Centavos(100)), Line::new(Account::IncomeDues, Centavos(-90))]),
            Err(Unbalanced::Off(Centavos(10)))
        );
        assert_eq!(check_balanced(&[Line::new(Account::Cash, Centavos(0))]), Err(Unbalanced::Empty));
        assert_eq!(
            check_balanced(&[Line::new(Account::Cash, Centavos(1)), Line::new(Account::FamilyCredit, Centavos(-1))]),
            Err(Unbalanced::Unnamed)
        );
        assert_eq!(
            check_balanced(&[
                Line::new(Account::Cash, Centavos(i64::MAX)),
                Line::new(Account::IncomeOther, Centavos(1))
            ]),
            Err(Unbalanced::Overflow)
        );
        let back = reversal(&ok).unwrap();
        assert_eq!(check_balanced(&back), Ok(()));
        assert_eq!(back[0].amount, Centavos(-100));
    }

    #[test]
    fn accounts_read_back_from_their_codes() {
        for a in [
            Account::Cash,
            Account::FamilyCredit,
            Account::IncomeTransfers,
            Account::TransfersOut,
            Account::Expense(Purpose::Travel),
        ] {
            assert_eq!(a.code().parse::<Account>(), Ok(a));
        }
        assert!("expense:beer".parse::<Account>().is_err());
    }

    #[test]
    fn hectares_and_shares_round_as_a_treasurer_would() {
        assert_eq!(per_hectare(Centavos(1000), 25_000), Some(Centavos(2500)));
        assert_eq!(per_hectare(Centavos(1000), 12_345), Some(Centavos(1235)));
        assert_eq!(share_of(Centavos(2005), 1000), Some(Centavos(200)));
        assert_eq!(parse_share(Field::Amount, "10 %"), Ok(1000));
        assert_eq!(parse_share(Field::Amount, "2,5%"), Ok(250));
        assert!(parse_share(Field::Amount, "120").is_err());
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod properties {
    //! Whatever the sequence of charges, payments and reversals, a book balances, and what each
    //! family owes less its credit is what it was charged less what it paid.

    use std::collections::HashMap;

    use proptest::prelude::*;

    use super::*;

    #[derive(Debug, Clone)]
    enum Op {
        Charge { family: i64, amount: i64 },
        Pay { family: i64, amount: i64 },
        Reverse { pick: usize },
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            (0i64..4, 1i64..50_000).prop_map(|(family, amount)| Op::Charge { family, amount }),
            (0i64..4, 1i64..80_000).prop_map(|(family, amount)| Op::Pay { family, amount }),
            (0usize..64).prop_map(|pick| Op::Reverse { pick }),
        ]
    }

    /// A book as the services keep it: entries of lines, charges owed line by line.
    #[derive(Default)]
    struct Book {
        entries: Vec<(Vec<Line>, bool, bool)>, // lines, is a reversal, was reversed
        charges: Vec<(ChargeId, HouseholdId)>,
        charged: HashMap<i64, i64>,
        paid: HashMap<i64, i64>,
    }

    impl Book {
        fn owed(&self, charge: ChargeId) -> Centavos {
            Centavos(self.lines().filter(|l| l.charge == Some(charge)).map(|l| l.amount.0).sum())
        }

        fn lines(&self) -> impl Iterator<Item = &Line> {
            self.entries.iter().flat_map(|(lines, _, _)| lines.iter())
        }

        fn post(&mut self, lines: Vec<Line>, is_reversal: bool) {
            assert_eq!(check_balanced(&lines), Ok(()));
            self.entries.push((lines, is_reversal, false));
        }
    }

    proptest! {
        #[test]
        fn books_balance_and_families_owe_what_they_were_charged_less_what_they_paid(ops in prop::collection::vec(op(), 1..60)) {
            let mut book = Book::default();
            for op in ops {
                match op {
                    Op::Charge { family, amount } => {
                        let h = HouseholdId(family);
                        let id = ChargeId(book.charges.len() as i64 + 1);
                        book.charges.push((id, h));
                        book.post(vec![
                            Line::family(Account::DuesReceivable, h, Some(id), Centavos(amount)),
                            Line::new(Account::IncomeDues, Centavos(-amount)),
                        ], false);
                        *book.charged.entry(family).or_default() += amount;
                    }
                    Op::Pay { family, amount } => {
                        let h = HouseholdId(family);
                        let open: Vec<_> = book.charges.iter().filter(|(_, o)| *o == h).map(|(c, _)| (*c, book.owed(*c))).collect();
                        let allocation = allocate(&open, Centavos(amount));
                        let mut lines = vec![Line::new(Account::Cash, Centavos(amount))];
                        for (charge, part) in &allocation.parts {
                            lines.push(Line::family(Account::DuesReceivable, h, Some(*charge), Centavos(-part.0)));
                        }
                        if allocation.credit.is_positive() {
                            lines.push(Line::family(Account::FamilyCredit, h, None, Centavos(-allocation.credit.0)));
                        }
                        book.post(lines, false);
                        *book.paid.entry(family).or_default() += amount;
                    }
                    Op::Reverse { pick } => {
                        if book.entries.is_empty() { continue; }
                        let i = pick % book.entries.len();
                        let (lines, is_reversal, reversed) = book.entries[i].clone();
                        // Refused: a reversal of a reversal, a second reversal.
                        if is_reversal || reversed { continue; }
                        let back = reversal(&lines).unwrap();
                        for l in &lines {
                            if let (Some(h), Account::Cash) = (lines.iter().find_map(|l| l.household), l.account) {
                                *book.paid.entry(h.0).or_default() -= l.amount.0;
                            }
                            if let (Account::IncomeDues, Some(h)) = (l.account, lines.iter().find_map(|l| l.household)) {
                                *book.charged.entry(h.0).or_default() += l.amount.0;
                            }
                        }
                        book.entries[i].2 = true;
                        book.post(back, true);
                    }
                }
            }
            prop_assert_eq!(Centavos::sum(book.lines().map(|l| l.amount)), Some(Centavos::ZERO));
            for family in 0..4 {
                let net: i64 = book.lines().filter(|l| l.household == Some(HouseholdId(family))).map(|l| l.amount.0).sum();
                let expected = book.charged.get(&family).copied().unwrap_or(0) - book.paid.get(&family).copied().unwrap_or(0);
                prop_assert_eq!(net, expected, "family {}", family);
            }
            let cash: i64 = book.lines().filter(|l| l.account == Account::Cash).map(|l| l.amount.0).sum();
            prop_assert_eq!(cash, book.paid.values().sum::<i64>());
        }
    }
}
