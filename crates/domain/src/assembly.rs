//! Assemblies: kinds, statutes and quorum, who may attend, vote methods, decision rules, tallies,
//! elections, and the short codes printed on member cards, ballots and tickets.
//!
//! Everything here is a pure rule over plain values: the services layer loads what was recorded,
//! asks these functions what it means, and stores the answer.

use std::fmt;
use std::str::FromStr;

use crate::access::Role;
use crate::body::{Body, BodyId, Composition};
use crate::error::{DomainError, Field};
use crate::text;

/// Identifier of an assembly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AssemblyId(pub i64);

/// Identifier of a motion (or an election) of an assembly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MotionId(pub i64);

impl fmt::Display for AssemblyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl fmt::Display for MotionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Reads a stored or typed code into one of a closed list of values.
macro_rules! coded_enum {
    ($name:ident, $field:expr, { $($variant:ident => $code:literal $(| $alias:literal)*),+ $(,)? }) => {
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn code(self) -> &'static str {
                match self {
                    $($name::$variant => $code),+
                }
            }
        }

        impl FromStr for $name {
            type Err = DomainError;

            fn from_str(value: &str) -> Result<Self, Self::Err> {
                let folded = text::fold(value).replace([' ', '-'], "_");
                match folded.as_str() {
                    $($code $(| $alias)* => Ok($name::$variant),)+
                    _ => Err(DomainError::Invalid { field: $field, value: value.trim().to_string() }),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}
pub(crate) use coded_enum;

/// The kinds of assembly the unions hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AssemblyKind {
    Ordinaria,
    /// Extraordinaria or de emergencia: convened at short notice.
    Extraordinaria,
    /// The body's officers with the officers of the bodies below it.
    Ampliado,
    /// Accredited delegates of the bodies below.
    Congreso,
    /// An open town-hall meeting: anyone may come, and vote by phone with a ticket.
    CabildoAbierto,
}

coded_enum!(AssemblyKind, Field::AssemblyKind, {
    Ordinaria => "ordinaria",
    Extraordinaria => "extraordinaria" | "emergencia" | "de_emergencia",
    Ampliado => "ampliado",
    Congreso => "congreso",
    CabildoAbierto => "cabildo_abierto" | "cabildo",
});

/// Who is entitled to attend an assembly, from its kind and the body's composition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Eligibility {
    /// One representative per household of the body (a sindicato's assembly).
    Households,
    /// The current members of a body of individuals.
    Members,
    /// The current officers of the body and of the bodies directly below it.
    Officers,
    /// Accredited delegates: the holders (and alternates) of the credentials issued for the seats
    /// the assembly declared (see [`crate::delegates`]).
    Delegates,
    /// Anyone: no list, no quorum; votes by ticket.
    Anyone,
}

impl Eligibility {
    pub fn of(kind: AssemblyKind, composition: Composition) -> Eligibility {
        match kind {
            AssemblyKind::CabildoAbierto => Eligibility::Anyone,
            AssemblyKind::Ampliado => Eligibility::Officers,
            AssemblyKind::Congreso => Eligibility::Delegates,
            AssemblyKind::Ordinaria | AssemblyKind::Extraordinaria => match composition {
                Composition::Households => Eligibility::Households,
                Composition::Individuals => Eligibility::Members,
                Composition::Delegates => Eligibility::Officers,
                Composition::Open => Eligibility::Anyone,
            },
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Eligibility::Households => "households",
            Eligibility::Members => "members",
            Eligibility::Officers => "officers",
            Eligibility::Delegates => "delegates",
            Eligibility::Anyone => "anyone",
        }
    }
}

/// The most candidates one election may have. Real elections have a handful; a list of
/// thousands is an attempt to read names or to flood the ballot, and is refused whole.
pub const MAX_CANDIDATES: usize = 50;

/// The body whose register (the body and every body below it) the candidates of an election may
/// come from when anyone may attend (`Eligibility::Anyone`), so that no list of those entitled
/// bounds them: the body itself, or — for a body of open composition, which keeps no register of
/// its own (a comisión, a cabildo) — the body it hangs from, which convened it. Never a wider
/// part of the tree: a comisión below a sindicato elects people of that sindicato.
pub fn candidate_register_root(body: &Body) -> BodyId {
    match (body.composition, body.parent_id) {
        (Composition::Open, Some(parent)) => parent,
        _ => body.id,
    }
}

/// Where an assembly stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AssemblyStatus {
    /// Announced; check-in may start.
    Convened,
    /// In session: motions and votes.
    Open,
    Closed,
    Cancelled,
}

coded_enum!(AssemblyStatus, Field::Status, {
    Convened => "convened",
    Open => "open",
    Closed => "closed",
    Cancelled => "cancelled",
});

/// How many of those entitled must be present for the assembly to decide.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QuorumRule {
    /// Half of those entitled plus one (the usual rule): 150 households → 76.
    HalfPlusOne,
    /// At least this percentage, rounded up.
    Percent(u8),
    /// At least this many, whatever the size.
    Count(u32),
    /// No quorum (a cabildo abierto).
    None,
}

impl QuorumRule {
    /// The arguments of the message that says the rule in words (`acta-quorum-rule`): its kind
    /// (`half_plus_one`, `percent`, `count`, `none`) and its number, if it has one.
    pub fn message_args(self) -> [(&'static str, String); 2] {
        let (kind, n) = match self {
            QuorumRule::HalfPlusOne => ("half_plus_one", String::new()),
            QuorumRule::Percent(p) => ("percent", p.to_string()),
            QuorumRule::Count(n) => ("count", n.to_string()),
            QuorumRule::None => ("none", String::new()),
        };
        [("rule", kind.to_string()), ("n", n)]
    }

    /// How many must be present out of `eligible`.
    pub fn required(self, eligible: u64) -> u64 {
        match self {
            QuorumRule::HalfPlusOne => eligible / 2 + 1,
            // In 128 bits: `eligible * p` does not fit in 64 for the largest counts.
            QuorumRule::Percent(p) => {
                u64::try_from((u128::from(eligible) * u128::from(p)).div_ceil(100)).unwrap_or(u64::MAX)
            }
            QuorumRule::Count(n) => u64::from(n),
            QuorumRule::None => 0,
        }
    }

    pub fn code(self) -> String {
        match self {
            QuorumRule::HalfPlusOne => "half_plus_one".into(),
            QuorumRule::Percent(p) => format!("percent:{p}"),
            QuorumRule::Count(n) => format!("count:{n}"),
            QuorumRule::None => "none".into(),
        }
    }
}

impl FromStr for QuorumRule {
    type Err = DomainError;

    /// `half_plus_one` (or "mitad más uno"), `60%` / `percent:60`, `count:40` / `40`, `none`.
    fn from_str(value: &str) -> Result<Self, Self::Err> {
        let bad = || DomainError::Invalid { field: Field::QuorumRule, value: value.trim().to_string() };
        let folded = text::fold(value).replace([' ', '-'], "_");
        match folded.as_str() {
            "half_plus_one" | "mitad_mas_uno" | "50%+1" => return Ok(QuorumRule::HalfPlusOne),
            "none" | "ninguno" | "sin_quorum" => return Ok(QuorumRule::None),
            _ => {}
        }
        if let Some(p) = folded.strip_prefix("percent:").or_else(|| folded.strip_suffix('%')) {
            let p: u8 = p.trim().parse().map_err(|_| bad())?;
            return if (1..=100).contains(&p) { Ok(QuorumRule::Percent(p)) } else { Err(bad()) };
        }
        let n = folded.strip_prefix("count:").unwrap_or(&folded);
        n.trim().parse::<u32>().map(QuorumRule::Count).map_err(|_| bad())
    }
}

/// A body's statute, as far as assemblies need it. Versioned: every change is a new version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statute {
    pub version: i64,
    pub quorum: QuorumRule,
    /// Fine for an unexcused absence, in centavos.
    pub absence_fine: i64,
    /// The roles whose holders must sign an acta before it is sealed.
    pub signer_roles: Vec<Role>,
    /// How long an office elected in an assembly is held (a gestión), in years, unless the
    /// assembly sets another end.
    pub term_years: u32,
    /// The offices of the directiva whose holders sign an acta before it is sealed ("Secretario
    /// General", "Secretario de Actas"). Replaces `signer_roles` (kept for actas sealed before).
    pub signer_offices: Vec<String>,
}

/// The gestión of a body that never wrote one in its statute: two years.
pub const DEFAULT_TERM_YEARS: u32 = 2;
/// The longest gestión a statute may set.
pub const MAX_TERM_YEARS: u32 = 10;

impl Statute {
    /// What a body has before its officers write a statute: half plus one, no fine, the
    /// secretario de actas signs.
    pub fn default_for(eligibility: Eligibility) -> Statute {
        let quorum = if eligibility == Eligibility::Anyone { QuorumRule::None } else { QuorumRule::HalfPlusOne };
        Statute {
            version: 0,
            quorum,
            absence_fine: 0,
            signer_roles: vec![Role::SecretarioActas],
            term_years: DEFAULT_TERM_YEARS,
            signer_offices: vec![Statute::office_of_role(Role::SecretarioActas).unwrap_or_default().to_string()],
        }
    }

    /// The office of the directiva that a signer role of an earlier statute stood for: how
    /// statutes written with roles are read since signers are offices. An afiliado or an
    /// observador holds no office.
    pub fn office_of_role(role: Role) -> Option<&'static str> {
        match role {
            Role::SecretarioActas => Some("Secretario de Actas"),
            Role::SecretarioHacienda => Some("Secretario de Hacienda"),
            Role::Dirigente | Role::Administrador => Some("Secretario General"),
            Role::Afiliado | Role::Observador => None,
        }
    }

    /// Reads the offices that sign actas: one per line or separated by commas or semicolons
    /// ("Secretario General, Secretario de Actas"). A role code of earlier statutes
    /// ("secretario_actas") is read as its office; the same office twice counts once.
    pub fn parse_signer_offices(value: &str) -> Result<Vec<String>, DomainError> {
        let mut offices: Vec<String> = Vec::new();
        for part in value.split([',', ';', '\n']).map(str::trim).filter(|p| !p.is_empty()) {
            let office = match Role::ALL.into_iter().find(|r| r.code() == part) {
                Some(role) => Statute::office_of_role(role)
                    .ok_or_else(|| DomainError::Invalid { field: Field::SignerOffices, value: part.to_string() })?
                    .to_string(),
                None => text::required(Field::SignerOffices, part, crate::household::MAX_OFFICE_TITLE)?,
            };
            if !offices.iter().any(|o| text::fold(o) == text::fold(&office)) {
                offices.push(office);
            }
        }
        if offices.is_empty() {
            return Err(DomainError::Required { field: Field::SignerOffices });
        }
        Ok(offices)
    }

    /// The offices that sign, one per line (as stored).
    pub fn signer_offices_text(&self) -> String {
        self.signer_offices.join("\n")
    }

    /// Whether `office` (as typed or as an office's title) is one of the signing offices; the
    /// statute's own spelling of it.
    pub fn signer_office(&self, office: &str) -> Option<&str> {
        // A role code of earlier statutes and clients ("secretario_actas") names its office.
        let office = match Role::ALL.into_iter().find(|r| r.code() == office.trim()) {
            Some(role) => Statute::office_of_role(role).unwrap_or(office),
            None => office,
        };
        let folded = text::fold(office.trim());
        self.signer_offices.iter().find(|o| text::fold(o) == folded).map(String::as_str)
    }

    /// Reads a gestión in years ("2", "2 años"): 1 to [`MAX_TERM_YEARS`].
    pub fn parse_term_years(value: &str) -> Result<u32, DomainError> {
        let cleaned = text::fold(value);
        let digits = cleaned.trim_end_matches(|c: char| c.is_alphabetic() || c.is_whitespace()).trim();
        if digits.is_empty() {
            return Err(DomainError::Required { field: Field::TermYears });
        }
        match digits.parse::<u32>() {
            Ok(n) if (1..=MAX_TERM_YEARS).contains(&n) => Ok(n),
            _ => Err(DomainError::Invalid { field: Field::TermYears, value: value.trim().to_string() }),
        }
    }

    /// The last day of an office taken on `start` for this statute's gestión: the day before the
    /// same date `term_years` later (30/11/2026 for two years: 29/11/2028).
    pub fn term_end(&self, start: crate::Date) -> Option<crate::Date> {
        start.checked_add_months(chrono::Months::new(self.term_years.saturating_mul(12))).and_then(|d| d.pred_opt())
    }

    /// Reads the signer roles from "secretario_actas, dirigente" (codes or Spanish names).
    pub fn parse_signers(value: &str) -> Result<Vec<Role>, DomainError> {
        let mut roles = Vec::new();
        for part in value.split([',', ';']).map(str::trim).filter(|p| !p.is_empty()) {
            let role: Role = part
                .parse()
                .map_err(|_| DomainError::Invalid { field: Field::SignerRoles, value: part.to_string() })?;
            if !roles.contains(&role) {
                roles.push(role);
            }
        }
        if roles.is_empty() {
            return Err(DomainError::Required { field: Field::SignerRoles });
        }
        Ok(roles)
    }

    pub fn signers_code(&self) -> String {
        self.signer_roles.iter().map(|r| r.code()).collect::<Vec<_>>().join(",")
    }
}

/// Reads an amount of bolivianos ("50", "12,50", "12.5") into centavos.
pub fn parse_amount(field: Field, value: &str) -> Result<i64, DomainError> {
    let bad = || DomainError::BadNumber { field, value: value.trim().to_string() };
    let cleaned = value.trim().trim_start_matches("Bs").trim().replace(',', ".");
    if cleaned.is_empty() {
        return Ok(0);
    }
    let (whole, cents) = cleaned.split_once('.').unwrap_or((&cleaned, ""));
    if cents.len() > 2 || !whole.chars().all(|c| c.is_ascii_digit()) || !cents.chars().all(|c| c.is_ascii_digit()) {
        return Err(bad());
    }
    let whole: i64 = if whole.is_empty() { 0 } else { whole.parse().map_err(|_| bad())? };
    let cents: i64 = if cents.is_empty() { 0 } else { format!("{cents:0<2}").parse().map_err(|_| bad())? };
    whole.checked_mul(100).and_then(|w| w.checked_add(cents)).filter(|v| *v <= 100_000_000).ok_or_else(bad)
}

/// Centavos as "12.50".
pub fn format_amount(centavos: i64) -> String {
    format!("{}.{:02}", centavos / 100, (centavos % 100).abs())
}

/// How a person is recorded at an assembly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AttendanceStatus {
    Present,
    /// Arrived after the assembly opened: counts for quorum from then on.
    Late,
    /// Excused in advance: not present, not fined.
    Excused,
    /// Entitled and not there when the assembly closed (written at the close, so that the acta
    /// names the absent as they were, whatever the register says later).
    Absent,
}

coded_enum!(AttendanceStatus, Field::Status, {
    Present => "present" | "presente",
    Late => "late" | "atrasado" | "tarde",
    Excused => "excused" | "justificado" | "licencia",
    Absent => "absent" | "ausente" | "falta",
});

impl AttendanceStatus {
    pub fn is_here(self) -> bool {
        matches!(self, AttendanceStatus::Present | AttendanceStatus::Late)
    }
}

/// How a motion is voted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VoteMethod {
    /// The chair counts raised hands and records the numbers.
    ShowOfHands,
    /// Each present voter is called and their vote recorded by name.
    RollCall,
    /// One-time codes on paper; nothing links a voter to a choice.
    Secret,
    /// Phones with tickets (cabildos abiertos).
    Phone,
    /// Paper ballots cast in a box and counted by hand in the hall; the secretary enters the
    /// counts per option (refused above those present, as a show of hands is).
    PaperBallot,
}

coded_enum!(VoteMethod, Field::VoteMethod, {
    ShowOfHands => "show_of_hands" | "mano_alzada" | "hands",
    RollCall => "roll_call" | "nominal" | "lista",
    Secret => "secret" | "secreto" | "secret_ballot",
    Phone => "phone" | "celular" | "telefono",
    PaperBallot => "paper_ballot" | "papeleta" | "papeletas" | "paper" | "voto_en_papeleta",
});

impl VoteMethod {
    /// Whether the secretary enters the vote's counts (hands counted, paper ballots counted by
    /// hand) rather than the voters casting them one by one.
    pub fn counted_in_the_hall(self) -> bool {
        matches!(self, VoteMethod::ShowOfHands | VoteMethod::PaperBallot)
    }
}

/// When a motion is adopted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DecisionRule {
    /// More for than against; abstentions do not count.
    MajorityOfVotesCast,
    /// More than half of those present vote for.
    AbsoluteMajority,
    /// At least two thirds of the votes cast are for.
    TwoThirds,
    /// Nobody votes against (abstentions allowed), and somebody votes for.
    Unanimity,
}

coded_enum!(DecisionRule, Field::DecisionRule, {
    MajorityOfVotesCast => "majority" | "mayoria" | "simple_majority",
    AbsoluteMajority => "absolute_majority" | "mayoria_absoluta",
    TwoThirds => "two_thirds" | "dos_tercios",
    Unanimity => "unanimity" | "unanimidad",
});

/// A choice on a motion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Choice {
    For,
    Against,
    Abstain,
}

coded_enum!(Choice, Field::Choice, {
    For => "for" | "si" | "a_favor",
    Against => "against" | "no" | "en_contra",
    Abstain => "abstain" | "abstencion",
});

/// The option a ballot marks: a choice on a motion, a candidate in an election, or one of the
/// options of a consulta a motion answers. Stored as `for`, `against`, `abstain`,
/// `c<candidate id>` or `o<consulta option id>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum BallotOption {
    For,
    Against,
    Abstain,
    Candidate(i64),
    /// An option of the consulta the motion answers (`consulta_options.id`).
    ConsultaOption(i64),
}

impl BallotOption {
    pub fn code(self) -> String {
        match self {
            BallotOption::For => "for".into(),
            BallotOption::Against => "against".into(),
            BallotOption::Abstain => "abstain".into(),
            BallotOption::Candidate(id) => format!("c{id}"),
            BallotOption::ConsultaOption(id) => format!("o{id}"),
        }
    }

    pub fn parse(value: &str) -> Result<BallotOption, DomainError> {
        let value = value.trim();
        if let Some(id) = value.strip_prefix('c').and_then(|id| id.parse::<i64>().ok()) {
            return Ok(BallotOption::Candidate(id));
        }
        if let Some(id) = value.strip_prefix('o').and_then(|id| id.parse::<i64>().ok()) {
            return Ok(BallotOption::ConsultaOption(id));
        }
        Ok(match value.parse::<Choice>()? {
            Choice::For => BallotOption::For,
            Choice::Against => BallotOption::Against,
            Choice::Abstain => BallotOption::Abstain,
        })
    }
}

/// The counts of a motion's vote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tally {
    pub for_: u64,
    pub against: u64,
    pub abstain: u64,
}

impl Tally {
    pub fn total(&self) -> u64 {
        self.for_ + self.against + self.abstain
    }

    /// Counts of a show of hands: refused when more hands were counted than people present.
    pub fn counted(for_: u64, against: u64, abstain: u64, present: u64) -> Result<Tally, DomainError> {
        let tally = Tally { for_, against, abstain };
        if tally.total() > present {
            return Err(DomainError::CountsExceedPresent { total: tally.total(), present });
        }
        Ok(tally)
    }

    /// Adds up options as stored (`for`, `against`, `abstain`); other options are ignored.
    pub fn from_options<'a>(options: impl IntoIterator<Item = (&'a str, u64)>) -> Tally {
        let mut tally = Tally::default();
        for (option, n) in options {
            match option {
                "for" => tally.for_ += n,
                "against" => tally.against += n,
                "abstain" => tally.abstain += n,
                _ => {}
            }
        }
        tally
    }
}

/// What became of a motion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    Adopted,
    Rejected,
    /// As many for as against under a majority rule: the motion is not adopted.
    Tie,
    /// The vote could not be held: not enough present.
    NoQuorum,
    Withdrawn,
    /// An election with a winner.
    Elected,
    /// An election that needs a second round.
    Runoff,
}

coded_enum!(Outcome, Field::Status, {
    Adopted => "adopted",
    Rejected => "rejected",
    Tie => "tie",
    NoQuorum => "no_quorum",
    Withdrawn => "withdrawn",
    Elected => "elected",
    Runoff => "runoff",
});

/// What a decision rule counts: votes (whole numbers) or, where a statute weighs delegations,
/// exact shares of the members they represent. Comparisons are exact for both.
pub trait Amount: Clone + PartialOrd {
    fn zero() -> Self;
    fn plus(&self, other: &Self) -> Self;
    /// The amount times a small whole number.
    fn times(&self, k: u8) -> Self;
}

impl Amount for u64 {
    fn zero() -> Self {
        0
    }
    fn plus(&self, other: &Self) -> Self {
        self.saturating_add(*other)
    }
    fn times(&self, k: u8) -> Self {
        self.saturating_mul(u64::from(k))
    }
}

/// Applies a decision rule to a tally. `present` is the number present when the vote opened.
pub fn decide(rule: DecisionRule, tally: Tally, present: u64) -> Outcome {
    decide_amounts(rule, &tally.for_, &tally.against, &present)
}

/// Applies a decision rule to amounts for and against, with `present` the amount of all who could
/// vote: the same rule whether votes are counted or weighed.
pub fn decide_amounts<T: Amount>(rule: DecisionRule, for_: &T, against: &T, present: &T) -> Outcome {
    let cast = for_.plus(against);
    let none = T::zero();
    let adopted = match rule {
        DecisionRule::MajorityOfVotesCast => for_ > against,
        DecisionRule::AbsoluteMajority => for_.times(2) > *present,
        DecisionRule::TwoThirds => *for_ > none && for_.times(3) >= cast.times(2),
        DecisionRule::Unanimity => *for_ > none && *against == none,
    };
    let majority_rule = matches!(rule, DecisionRule::MajorityOfVotesCast | DecisionRule::AbsoluteMajority);
    if adopted {
        Outcome::Adopted
    } else if majority_rule && for_ == against && cast > none {
        Outcome::Tie
    } else {
        Outcome::Rejected
    }
}

/// Whether enough are present to vote.
pub fn has_quorum(present: u64, required: u64) -> bool {
    present >= required
}

/// How an election is won.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ElectionRule {
    /// Most votes wins; a tie at the top goes to a second round between the tied.
    Plurality,
    /// More than half of the valid votes (blank votes and abstentions are not valid), or a second
    /// round between the two first.
    AbsoluteMajority,
}

coded_enum!(ElectionRule, Field::ElectionRule, {
    Plurality => "plurality" | "mayoria_simple" | "simple",
    AbsoluteMajority => "absolute_majority" | "mayoria_absoluta" | "runoff",
});

/// The result of an election round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ElectionResult {
    Elected(i64),
    /// A second round between these candidates (best first).
    Runoff(Vec<i64>),
    /// Nobody got a vote.
    NoVotes,
}

/// Counts an election round: `votes` per candidate id.
pub fn elect(rule: ElectionRule, votes: &[(i64, u64)]) -> ElectionResult {
    elect_amounts(rule, votes)
}

/// Counts an election round where each candidate has an amount: votes, or members weighed.
pub fn elect_amounts<T: Amount + Ord>(rule: ElectionRule, votes: &[(i64, T)]) -> ElectionResult {
    let mut ranked: Vec<(i64, T)> = votes.to_vec();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let valid = ranked.iter().fold(T::zero(), |sum, (_, n)| sum.plus(n));
    let Some((first, top)) = ranked.first().cloned() else {
        return ElectionResult::NoVotes;
    };
    if top == T::zero() {
        return ElectionResult::NoVotes;
    }
    let tied_first: Vec<i64> = ranked.iter().filter(|(_, n)| *n == top).map(|(id, _)| *id).collect();
    match rule {
        ElectionRule::Plurality if tied_first.len() == 1 => ElectionResult::Elected(first),
        ElectionRule::Plurality => ElectionResult::Runoff(tied_first),
        ElectionRule::AbsoluteMajority if top.times(2) > valid => ElectionResult::Elected(first),
        ElectionRule::AbsoluteMajority if tied_first.len() >= 2 => ElectionResult::Runoff(tied_first),
        ElectionRule::AbsoluteMajority => {
            // The first and everyone tied for second place.
            let second = ranked.get(1).map_or_else(T::zero, |(_, n)| n.clone());
            let mut runoff = vec![first];
            runoff.extend(ranked.iter().skip(1).filter(|(_, n)| *n == second && second > T::zero()).map(|(id, _)| *id));
            if runoff.len() == 1 { ElectionResult::Elected(first) } else { ElectionResult::Runoff(runoff) }
        }
    }
}

/// The letters of printed codes: Crockford's base 32 (no I, L, O, U: nothing to misread).
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Reads a code as a person types it: case, spaces and hyphens ignored, I/L read as 1, O as 0.
pub fn normalize_code(value: &str) -> Option<String> {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        let c = match c.to_ascii_uppercase() {
            ' ' | '-' | '.' => continue,
            'I' | 'L' => '1',
            'O' => '0',
            c if ALPHABET.contains(&(c as u8)) && c.is_ascii() => c,
            _ => return None,
        };
        out.push(c);
    }
    if out.is_empty() { None } else { Some(out) }
}

/// Turns random bytes into a code of `len` characters, grouped by four ("K7QX-3M9A-PT").
pub fn code_from_bytes(bytes: &[u8], len: usize) -> String {
    let mut out = String::with_capacity(len + len / 4);
    for (i, b) in bytes.iter().cycle().take(len).enumerate() {
        if i > 0 && i % 4 == 0 {
            out.push('-');
        }
        out.push(char::from(ALPHABET[usize::from(*b) % 32]));
    }
    out
}

/// Characters of a phone-voting ticket: 50 bits, as the codes of secret ballots.
pub const TICKET_CODE_LENGTH: usize = 10;

/// Whether an assembly may vote by phone with tickets. Tickets fit where nobody keeps a register
/// of who may vote: a cabildo abierto, and any assembly of a body of open composition (an ampliado
/// or congress opened to a crowd of unknown size is convened by such a body). Where there is a
/// register (a sindicato's families, a federation's officers, accredited delegates), a ticket
/// could not be tied to one person present: the quorum and the "no more votes than present" checks
/// would be lost, so the hall's methods (hands, roll call, secret ballot) are used instead.
pub fn phone_voting_fits(kind: AssemblyKind, composition: Composition) -> bool {
    kind == AssemblyKind::CabildoAbierto || composition == Composition::Open
}

/// The phone-voting ticket number `serial` of an assembly, `K7QX-3M9A-PT`: ten characters of an
/// HMAC-SHA256 of the assembly's number and the serial under this instance's secret `key`. The
/// database keeps only the hashes of the tickets; the organisers can print a ticket sheet again
/// because the code is worked out anew from its serial, and nobody without the key can work out a
/// ticket from its number.
pub fn ticket_code(key: &[u8], assembly: AssemblyId, serial: u64) -> String {
    use hmac::Mac;
    // An HMAC accepts a key of any length: `new_from_slice` cannot fail for it.
    match hmac::Hmac::<sha2::Sha256>::new_from_slice(key) {
        Ok(mut mac) => {
            mac.update(b"cabildo phone ticket\0");
            mac.update(&assembly.0.to_be_bytes());
            mac.update(&serial.to_be_bytes());
            let tag = mac.finalize().into_bytes();
            code_from_bytes(&tag[..TICKET_CODE_LENGTH], TICKET_CODE_LENGTH)
        }
        Err(_) => String::new(),
    }
}

/// Characters of a member card code before its check character: 40 bits.
pub const MEMBER_CARD_DATA: usize = 8;

/// The code on a household's member card, `K7Q2-M9AP-X`: eight characters of an HMAC-SHA256 of
/// the household's number under this instance's secret `key`, and a check character. Without
/// the key nobody can tell a household's code from its number (the codes of households 41 and
/// 42 share nothing), and a guessed code names one of a sindicato's 2,000 households about once
/// in 500 million tries. The check character (Luhn mod 32) catches every single mistyped
/// character and most swaps of two neighbours, so a typo is "not a card" rather than a search.
pub fn member_card_code(key: &[u8], household_id: i64) -> String {
    use hmac::Mac;
    let mut data = String::with_capacity(MEMBER_CARD_DATA + 3);
    // An HMAC accepts a key of any length: `new_from_slice` cannot fail for it.
    if let Ok(mut mac) = hmac::Hmac::<sha2::Sha256>::new_from_slice(key) {
        mac.update(b"cabildo member card\0");
        mac.update(&household_id.to_be_bytes());
        let tag = mac.finalize().into_bytes();
        let bits = tag.iter().take(5).fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
        for i in (0..MEMBER_CARD_DATA).rev() {
            data.push(char::from(ALPHABET[((bits >> (5 * i)) & 31) as usize]));
        }
    }
    let check = luhn_32(&data);
    format!("{}-{}-{}", &data[..4], &data[4..], char::from(ALPHABET[check]))
}

/// The Luhn mod 32 check value of `data` (characters of [`ALPHABET`]).
fn luhn_32(data: &str) -> usize {
    let mut sum = 0usize;
    for (i, c) in data.bytes().rev().enumerate() {
        let value = ALPHABET.iter().position(|a| *a == c).unwrap_or(0);
        let addend = if i % 2 == 0 { value * 2 } else { value };
        sum += addend / 32 + addend % 32;
    }
    (32 - sum % 32) % 32
}

/// The character of [`ALPHABET`] for a value below 32 (codes built elsewhere in the domain).
pub(crate) fn code_char(value: usize) -> char {
    char::from(ALPHABET[value % 32])
}

/// The check character (Luhn mod 32) of a code's data.
pub(crate) fn check_char(data: &str) -> char {
    code_char(luhn_32(data))
}

/// A member card code as typed, in the printed form (`K7Q2-M9AP-X`), if it is one: the right
/// length and the check character agreeing. Case, spaces and hyphens are ignored.
pub fn read_member_card_code(value: &str) -> Option<String> {
    let code = normalize_code(value)?;
    if code.len() != MEMBER_CARD_DATA + 1 {
        return None;
    }
    let (data, check) = code.split_at(MEMBER_CARD_DATA);
    let expected = char::from(ALPHABET[luhn_32(data)]).to_string();
    (check == expected).then(|| format!("{}-{}-{}", &data[..4], &data[4..], check))
}

/// A title, place or text line of an assembly: trimmed, required, bounded.
pub fn required_text(field: Field, value: &str, max: usize) -> Result<String, DomainError> {
    text::required(field, value, max)
}

/// Whether a motion is a proposal to decide or an election of an office.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MotionKind {
    Motion,
    Election,
}

impl MotionKind {
    pub fn code(self) -> &'static str {
        match self {
            MotionKind::Motion => "motion",
            MotionKind::Election => "election",
        }
    }
}

/// Where a motion stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MotionStatus {
    /// Moved, not yet voted.
    Pending,
    /// The vote is open.
    Voting,
    /// Voted, or recorded as not voted (no quorum, withdrawn): `outcome` says which.
    Decided,
}

impl MotionStatus {
    pub fn code(self) -> &'static str {
        match self {
            MotionStatus::Pending => "pending",
            MotionStatus::Voting => "voting",
            MotionStatus::Decided => "decided",
        }
    }

    pub fn parse(value: &str) -> Option<MotionStatus> {
        match value {
            "pending" => Some(MotionStatus::Pending),
            "voting" => Some(MotionStatus::Voting),
            "decided" => Some(MotionStatus::Decided),
            _ => None,
        }
    }
}

/// Whether an acta may still change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActaStatus {
    Draft,
    Sealed,
}

impl ActaStatus {
    pub fn code(self) -> &'static str {
        match self {
            ActaStatus::Draft => "draft",
            ActaStatus::Sealed => "sealed",
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn phone_voting_fits_a_crowd_without_a_register_only() {
        assert!(phone_voting_fits(AssemblyKind::CabildoAbierto, Composition::Households));
        assert!(phone_voting_fits(AssemblyKind::Ampliado, Composition::Open));
        assert!(phone_voting_fits(AssemblyKind::Ordinaria, Composition::Open));
        assert!(!phone_voting_fits(AssemblyKind::Ordinaria, Composition::Households));
        assert!(!phone_voting_fits(AssemblyKind::Congreso, Composition::Delegates));
        assert!(!phone_voting_fits(AssemblyKind::Ampliado, Composition::Delegates));
    }

    #[test]
    fn tickets_are_stable_distinct_and_keyed() {
        let a = ticket_code(b"key one", AssemblyId(4), 0);
        assert_eq!(a, ticket_code(b"key one", AssemblyId(4), 0));
        assert_eq!(normalize_code(&a).map(|c| c.len()), Some(TICKET_CODE_LENGTH));
        assert_ne!(a, ticket_code(b"key one", AssemblyId(4), 1));
        assert_ne!(a, ticket_code(b"key one", AssemblyId(5), 0));
        assert_ne!(a, ticket_code(b"key two", AssemblyId(4), 0));
        let many: std::collections::HashSet<String> =
            (0..5_000).map(|s| ticket_code(b"key one", AssemblyId(4), s)).collect();
        assert_eq!(many.len(), 5_000);
    }

    use proptest::prelude::*;

    use super::*;

    #[test]
    fn quorum_is_half_plus_one_by_default() {
        assert_eq!(QuorumRule::HalfPlusOne.required(150), 76);
        assert_eq!(QuorumRule::HalfPlusOne.required(151), 76);
        assert_eq!(QuorumRule::Percent(60).required(150), 90);
        assert_eq!(QuorumRule::Percent(60).required(151), 91);
        assert_eq!(QuorumRule::Count(40).required(10), 40);
        assert_eq!(QuorumRule::None.required(100_000), 0);
        assert!(has_quorum(76, 76));
        assert!(!has_quorum(75, 76));
    }

    #[test]
    fn quorum_rules_are_read_as_people_write_them() {
        assert_eq!("mitad más uno".parse(), Ok(QuorumRule::HalfPlusOne));
        assert_eq!("60%".parse(), Ok(QuorumRule::Percent(60)));
        assert_eq!("percent:75".parse(), Ok(QuorumRule::Percent(75)));
        assert_eq!("40".parse(), Ok(QuorumRule::Count(40)));
        assert!("150%".parse::<QuorumRule>().is_err());
        assert!("muchos".parse::<QuorumRule>().is_err());
        for rule in [QuorumRule::HalfPlusOne, QuorumRule::Percent(60), QuorumRule::Count(3), QuorumRule::None] {
            assert_eq!(rule.code().parse(), Ok(rule));
        }
    }

    #[test]
    fn candidates_of_an_open_body_come_from_the_body_that_convened_it() {
        let body = |id, parent: Option<i64>, composition| Body {
            id: BodyId(id),
            public_id: crate::PublicId::v7(0, [0; 16]),
            parent_id: parent.map(BodyId),
            kind: crate::BodyKind::Sindicato,
            composition,
            name: "X".into(),
            code: "X".into(),
            created_on: crate::Date::MIN,
            closed_on: None,
            published: false,
        };
        assert_eq!(candidate_register_root(&body(7, Some(3), Composition::Open)), BodyId(3));
        assert_eq!(candidate_register_root(&body(7, None, Composition::Open)), BodyId(7));
        assert_eq!(candidate_register_root(&body(7, Some(3), Composition::Households)), BodyId(7));
        assert_eq!(candidate_register_root(&body(7, Some(3), Composition::Delegates)), BodyId(7));
    }

    #[test]
    fn who_may_attend_follows_kind_and_composition() {
        assert_eq!(Eligibility::of(AssemblyKind::Ordinaria, Composition::Households), Eligibility::Households);
        assert_eq!(Eligibility::of(AssemblyKind::Ordinaria, Composition::Individuals), Eligibility::Members);
        assert_eq!(Eligibility::of(AssemblyKind::Ampliado, Composition::Households), Eligibility::Officers);
        assert_eq!(Eligibility::of(AssemblyKind::Congreso, Composition::Delegates), Eligibility::Delegates);
        assert_eq!(Eligibility::of(AssemblyKind::CabildoAbierto, Composition::Delegates), Eligibility::Anyone);
        assert_eq!(Statute::default_for(Eligibility::Anyone).quorum, QuorumRule::None);
    }

    #[test]
    fn kinds_methods_and_rules_read_spanish_and_codes() {
        assert_eq!("Cabildo abierto".parse(), Ok(AssemblyKind::CabildoAbierto));
        assert_eq!("de emergencia".parse(), Ok(AssemblyKind::Extraordinaria));
        assert_eq!("mano alzada".parse(), Ok(VoteMethod::ShowOfHands));
        assert_eq!("papeleta".parse(), Ok(VoteMethod::PaperBallot));
        for method in VoteMethod::ALL {
            assert_eq!(method.code().parse(), Ok(*method));
        }
        assert_eq!("dos tercios".parse(), Ok(DecisionRule::TwoThirds));
        for kind in AssemblyKind::ALL {
            assert_eq!(kind.code().parse(), Ok(*kind));
        }
        assert_eq!(BallotOption::parse("c12"), Ok(BallotOption::Candidate(12)));
        assert_eq!(BallotOption::parse("o7"), Ok(BallotOption::ConsultaOption(7)));
        assert_eq!(BallotOption::ConsultaOption(7).code(), "o7");
        assert_eq!(BallotOption::parse("sí"), Ok(BallotOption::For));
        assert!(BallotOption::parse("quizás").is_err());
    }

    #[test]
    fn counted_hands_cannot_exceed_those_present() {
        assert_eq!(Tally::counted(50, 20, 6, 76), Ok(Tally { for_: 50, against: 20, abstain: 6 }));
        assert_eq!(Tally::counted(50, 20, 7, 76), Err(DomainError::CountsExceedPresent { total: 77, present: 76 }));
    }

    #[test]
    fn each_decision_rule_decides_as_written() {
        let t = |f, a, b| Tally { for_: f, against: a, abstain: b };
        assert_eq!(decide(DecisionRule::MajorityOfVotesCast, t(30, 29, 40), 100), Outcome::Adopted);
        assert_eq!(decide(DecisionRule::MajorityOfVotesCast, t(30, 30, 40), 100), Outcome::Tie);
        assert_eq!(decide(DecisionRule::AbsoluteMajority, t(50, 10, 0), 100), Outcome::Rejected);
        assert_eq!(decide(DecisionRule::AbsoluteMajority, t(51, 10, 0), 100), Outcome::Adopted);
        assert_eq!(decide(DecisionRule::TwoThirds, t(20, 10, 50), 80), Outcome::Adopted);
        assert_eq!(decide(DecisionRule::TwoThirds, t(19, 10, 50), 80), Outcome::Rejected);
        assert_eq!(decide(DecisionRule::Unanimity, t(70, 0, 5), 75), Outcome::Adopted);
        assert_eq!(decide(DecisionRule::Unanimity, t(70, 1, 0), 75), Outcome::Rejected);
        assert_eq!(decide(DecisionRule::Unanimity, t(0, 0, 5), 75), Outcome::Rejected);
    }

    #[test]
    fn elections_by_plurality_and_by_absolute_majority_with_runoff() {
        assert_eq!(elect(ElectionRule::Plurality, &[(1, 40), (2, 35), (3, 30)]), ElectionResult::Elected(1));
        assert_eq!(elect(ElectionRule::Plurality, &[(1, 40), (2, 40), (3, 30)]), ElectionResult::Runoff(vec![1, 2]));
        assert_eq!(
            elect(ElectionRule::AbsoluteMajority, &[(1, 40), (2, 35), (3, 30)]),
            ElectionResult::Runoff(vec![1, 2])
        );
        assert_eq!(elect(ElectionRule::AbsoluteMajority, &[(1, 60), (2, 35), (3, 4)]), ElectionResult::Elected(1));
        assert_eq!(
            elect(ElectionRule::AbsoluteMajority, &[(1, 40), (2, 30), (3, 30)]),
            ElectionResult::Runoff(vec![1, 2, 3])
        );
        assert_eq!(elect(ElectionRule::Plurality, &[(1, 0), (2, 0)]), ElectionResult::NoVotes);
        assert_eq!(elect(ElectionRule::Plurality, &[]), ElectionResult::NoVotes);
    }

    #[test]
    fn amounts_are_read_in_bolivianos_and_kept_in_centavos() {
        assert_eq!(parse_amount(Field::AbsenceFine, "50"), Ok(5000));
        assert_eq!(parse_amount(Field::AbsenceFine, "Bs 12,5"), Ok(1250));
        assert_eq!(parse_amount(Field::AbsenceFine, ""), Ok(0));
        assert!(parse_amount(Field::AbsenceFine, "doce").is_err());
        assert!(parse_amount(Field::AbsenceFine, "1.234").is_err());
        assert_eq!(format_amount(1250), "12.50");
    }

    #[test]
    fn signers_are_offices_and_old_role_codes_read_as_their_office() {
        assert_eq!(
            Statute::parse_signer_offices("Secretario General, secretario_actas;\nsecretario de actas"),
            Ok(vec!["Secretario General".to_string(), "Secretario de Actas".to_string()])
        );
        assert_eq!(Statute::parse_signer_offices("dirigente"), Ok(vec!["Secretario General".to_string()]));
        assert!(Statute::parse_signer_offices(" , ").is_err());
        assert!(Statute::parse_signer_offices("afiliado").is_err());
        let statute = Statute::default_for(Eligibility::Households);
        assert_eq!(statute.signer_office("SECRETARIO DE ACTAS"), Some("Secretario de Actas"));
        assert_eq!(statute.signer_office("Secretario General"), None);
        assert_eq!(statute.signer_office("secretario_actas"), Some("Secretario de Actas"));
    }

    #[test]
    fn a_gestion_ends_the_day_before_its_anniversary() {
        let day = |y, m, d| crate::Date::from_ymd_opt(y, m, d).unwrap_or_default();
        let statute = Statute::default_for(Eligibility::Households);
        assert_eq!(statute.term_end(day(2026, 11, 30)), Some(day(2028, 11, 29)));
        let one = Statute { term_years: 1, ..statute };
        assert_eq!(one.term_end(day(2028, 2, 29)), Some(day(2029, 2, 27)));
        assert_eq!(Statute::parse_term_years("2 años"), Ok(2));
        assert!(Statute::parse_term_years("0").is_err() && Statute::parse_term_years("11").is_err());
        assert!(Statute::parse_term_years("").is_err());
    }

    #[test]
    fn codes_forgive_what_people_mistype() {
        assert_eq!(normalize_code(" k7qx-3m9a "), Some("K7QX3M9A".into()));
        assert_eq!(normalize_code("IL0O"), Some("1100".into()));
        assert_eq!(normalize_code("K7Q!"), None);
        assert_eq!(code_from_bytes(&[0, 1, 2, 3, 4, 5, 31, 32], 8), "0123-45Z0");
    }

    /// Any rule a statute can hold: what `QuorumRule::from_str` accepts.
    fn quorum_rule() -> impl Strategy<Value = QuorumRule> {
        prop_oneof![
            Just(QuorumRule::HalfPlusOne),
            (1u8..=100).prop_map(QuorumRule::Percent),
            any::<u32>().prop_map(QuorumRule::Count),
            Just(QuorumRule::None),
        ]
    }

    proptest! {
        #[test]
        fn half_plus_one_is_the_smallest_number_more_than_half(eligible in any::<u64>()) {
            let required = QuorumRule::HalfPlusOne.required(eligible);
            prop_assert!(u128::from(required) * 2 > u128::from(eligible), "more than half");
            prop_assert!(u128::from(required - 1) * 2 <= u128::from(eligible), "one fewer is not");
            // Never more than those entitled, except when nobody is: then no quorum can be had.
            prop_assert!(required <= eligible || eligible == 0);
        }

        #[test]
        fn a_percentage_is_the_smallest_number_reaching_it(eligible in any::<u64>(), p in 1u8..=100) {
            let required = QuorumRule::Percent(p).required(eligible);
            let wanted = u128::from(eligible) * u128::from(p);
            prop_assert!(u128::from(required) * 100 >= wanted, "at least {p}%");
            prop_assert!(required == 0 || u128::from(required - 1) * 100 < wanted, "rounded up, no more");
            prop_assert!(required <= eligible, "never more than those entitled");
            prop_assert!(eligible == 0 || required >= 1, "somebody must come");
        }

        #[test]
        fn a_hundred_percent_is_everyone_and_half_is_never_more_than_half_plus_one(eligible in any::<u64>()) {
            prop_assert_eq!(QuorumRule::Percent(100).required(eligible), eligible);
            prop_assert!(QuorumRule::Percent(50).required(eligible) <= QuorumRule::HalfPlusOne.required(eligible));
        }

        #[test]
        fn a_higher_percentage_never_asks_for_fewer(eligible in any::<u64>(), p in 1u8..=100, q in 1u8..=100) {
            let (low, high) = (p.min(q), p.max(q));
            prop_assert!(QuorumRule::Percent(low).required(eligible) <= QuorumRule::Percent(high).required(eligible));
        }

        #[test]
        fn more_entitled_never_ask_for_fewer(rule in quorum_rule(), a in any::<u64>(), b in any::<u64>()) {
            let (small, large) = (a.min(b), a.max(b));
            prop_assert!(rule.required(small) <= rule.required(large), "{rule:?}: {small} and {large}");
        }

        #[test]
        fn a_count_is_that_many_whatever_the_size_and_none_is_nobody(n in any::<u32>(), eligible in any::<u64>(), present in any::<u64>()) {
            // "At least this many, whatever the size": a count larger than the body is not cut
            // down to it (such an assembly cannot reach quorum).
            prop_assert_eq!(QuorumRule::Count(n).required(eligible), u64::from(n));
            prop_assert_eq!(QuorumRule::None.required(eligible), 0);
            prop_assert!(has_quorum(present, QuorumRule::None.required(eligible)));
        }

        #[test]
        fn everyone_present_makes_quorum_unless_a_count_exceeds_the_body(rule in quorum_rule(), eligible in 1u64..1_000_000) {
            let met = has_quorum(eligible, rule.required(eligible));
            match rule {
                QuorumRule::Count(n) => prop_assert_eq!(met, u64::from(n) <= eligible),
                _ => prop_assert!(met, "{rule:?} with all {eligible} present"),
            }
        }

        #[test]
        fn a_rule_reads_back_from_its_code(rule in quorum_rule()) {
            prop_assert_eq!(rule.code().parse::<QuorumRule>(), Ok(rule));
        }

        #[test]
        fn a_member_card_reads_back_and_a_typo_is_no_card(id in 1i64..10_000_000, pos in 0usize..9, c in 0usize..32) {
            let key = b"the instance's secret";
            let code = member_card_code(key, id);
            prop_assert_eq!(read_member_card_code(&code), Some(code.clone()));
            prop_assert_eq!(read_member_card_code(&code.to_lowercase().replace('-', " ")), Some(code.clone()));
            let mut chars: Vec<u8> = code.replace('-', "").into_bytes();
            let replacement = ALPHABET[c];
            if chars[pos] != replacement {
                chars[pos] = replacement;
                let typo = String::from_utf8(chars).unwrap_or_default();
                // Luhn mod 32 catches every single substitution.
                prop_assert_eq!(read_member_card_code(&typo), None);
            }
        }

        #[test]
        fn member_cards_of_neighbouring_households_share_nothing(id in 1i64..10_000_000) {
            let key = b"the instance's secret";
            let (a, b) = (member_card_code(key, id), member_card_code(key, id + 1));
            prop_assert_ne!(&a, &b);
            // Another instance (another key) prints other codes for the same numbers.
            prop_assert_ne!(member_card_code(b"another instance", id), a.clone());
        }

        #[test]
        fn decisions_never_adopt_with_more_against_than_for(f in 0u64..500, a in 0u64..500, b in 0u64..500) {
            let tally = Tally { for_: f, against: a, abstain: b };
            let present = tally.total();
            for rule in DecisionRule::ALL {
                let outcome = decide(*rule, tally, present);
                if a >= f {
                    prop_assert_ne!(outcome, Outcome::Adopted);
                }
                if *rule == DecisionRule::MajorityOfVotesCast {
                    prop_assert_eq!(outcome == Outcome::Adopted, f > a);
                }
            }
        }

        #[test]
        fn an_elected_candidate_has_the_most_votes(votes in proptest::collection::vec(0u64..200, 1..6)) {
            let votes: Vec<(i64, u64)> = votes.into_iter().enumerate().map(|(i, n)| (i as i64 + 1, n)).collect();
            let max = votes.iter().map(|(_, n)| *n).max().unwrap_or(0);
            for rule in ElectionRule::ALL {
                match elect(*rule, &votes) {
                    ElectionResult::Elected(id) => {
                        let n = votes.iter().find(|(c, _)| *c == id).map(|(_, n)| *n).unwrap_or(0);
                        prop_assert_eq!(n, max);
                        prop_assert_eq!(votes.iter().filter(|(_, v)| *v == max).count(), 1);
                    }
                    ElectionResult::Runoff(ids) => {
                        prop_assert!(ids.len() >= 2);
                        let first = votes.iter().find(|(c, _)| *c == ids[0]).map(|(_, n)| *n).unwrap_or(0);
                        prop_assert_eq!(first, max);
                    }
                    ElectionResult::NoVotes => prop_assert_eq!(max, 0),
                }
            }
        }
    }
}
