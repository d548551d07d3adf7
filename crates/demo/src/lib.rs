//! A synthetic Trópico de Cochabamba, for demos, manual testing and load tests.
//!
//! [`DemoPlan::new`] builds, from a seed, the structural tree (one coordinadora, six federations,
//! their centrales and sindicatos), each body's directiva, and a padrón of families per sindicato.
//! Everything is pure and deterministic: no I/O, no clock, no global randomness — the same
//! [`DemoConfig`] always gives the same plan and the same rows, on every platform.
//!
//! The padrón is generated lazily by [`DemoPlan::padron`], sindicato after sindicato, so that
//! millions of rows never sit in memory at once.

mod names;
mod padron;
mod rng;

use cabildo_domain::padron::PadronRow;
use cabildo_domain::{BodyKind, Date, PersonName};

use crate::names::{
    CENTRAL_PLACES, CONFEDERATION_CODE, CONFEDERATION_NAME, FEDERATIONS, GIVEN_FEMALE, GIVEN_MALE, OFFICE_TITLES,
    PLACE_QUALIFIERS, SINDICATO_NAMES, SURNAMES, WOMENS_OFFICE,
};
pub use crate::padron::PadronRows;
use crate::rng::{Rng, derive};

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct DemoConfig {
    /// Same seed, same Trópico.
    pub seed: u64,
    /// Total number of families in the padrón; `None` for the natural size (6 federations of
    /// 5–30 centrales of 2–10 sindicatos of 100–200 families: about 95,000 families).
    pub families: Option<u64>,
}

/// A body of the structural tree. Parents always come before their children.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoBody {
    /// Short unique code: `TROPICO`, `F1`, `F1-C03`, `F1-C03-S07`.
    pub code: String,
    pub name: String,
    pub kind: BodyKind,
    pub parent_code: Option<String>,
}

/// An office of a body's directiva and who holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoOffice {
    pub body_code: String,
    pub title: String,
    pub name: PersonName,
    pub term_start: Date,
    pub term_end: Date,
}

/// A sindicato's share of the padrón: how many families it has and the seed of its rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoSindicato {
    pub code: String,
    pub families: u64,
    pub seed: u64,
    /// Index of its first family in the whole padrón (keeps ID numbers unique).
    pub(crate) first_family: u64,
    /// Centre of its territory, in units of 10^-7 degrees (latitude, longitude).
    pub(crate) centre: (i64, i64),
}

/// The whole synthetic Trópico: bodies, offices, and the recipe of the padrón.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoPlan {
    /// Root first, then each federation followed by its centrales, each central followed by its
    /// sindicatos (depth-first, parents before children).
    pub bodies: Vec<DemoBody>,
    /// The directiva of every body, in the order of `bodies`.
    pub offices: Vec<DemoOffice>,
    /// Every sindicato, in the order their rows come out of [`DemoPlan::padron`].
    pub sindicatos: Vec<DemoSindicato>,
    /// Key of the permutation that makes ID numbers.
    pub(crate) id_key: u64,
}

/// Families per sindicato, per central, per federation.
type Shape = Vec<Vec<Vec<u64>>>;

/// Most sindicatos a scaled plan makes (beyond that, sindicatos just get bigger).
const MAX_SINDICATOS: u64 = 200_000;

// The Trópico, in units of 10^-7 degrees.
pub(crate) const LAT_NORTH: i64 = -165_000_000;
pub(crate) const LAT_SOUTH: i64 = -172_000_000;
pub(crate) const LON_EAST: i64 = -645_000_000;
pub(crate) const LON_WEST: i64 = -658_000_000;

impl DemoPlan {
    /// Builds the tree, the directivas and the padrón's recipe for `config`.
    pub fn new(config: &DemoConfig) -> DemoPlan {
        let mut rng = Rng::new(derive(config.seed, u64::MAX));
        let shape = match config.families {
            None => natural_shape(&mut rng),
            Some(n) => scaled_shape(n, &mut rng),
        };
        let mut plan =
            DemoPlan { bodies: Vec::new(), offices: Vec::new(), sindicatos: Vec::new(), id_key: rng.next_u64() };
        plan.build(config.seed, &shape, &mut rng);
        plan
    }

    /// Total number of families (households) in the padrón; a family with two parcels has two
    /// rows but counts once.
    pub fn n_families(&self) -> u64 {
        self.sindicatos.iter().map(|s| s.families).sum()
    }

    /// Rows of the padrón, sindicato after sindicato, generated lazily. Within a sindicato,
    /// families are numbered "1".."n" (`register_number`); a family with two parcels gives two
    /// consecutive rows with the same number and name.
    pub fn padron(&self) -> impl Iterator<Item = PadronRow> + '_ {
        PadronRows::new(&self.sindicatos, self.id_key)
    }

    /// Rows of one sindicato's padrón (the `index`-th of [`DemoPlan::sindicatos`]); empty when
    /// there is no such sindicato. The same rows [`DemoPlan::padron`] gives for it.
    pub fn sindicato_padron(&self, index: usize) -> impl Iterator<Item = PadronRow> + '_ {
        let sindicatos = self.sindicatos.get(index..=index).unwrap_or_default();
        PadronRows::new(sindicatos, self.id_key)
    }

    fn build(&mut self, seed: u64, shape: &Shape, rng: &mut Rng) {
        self.push_body(
            CONFEDERATION_CODE.to_string(),
            CONFEDERATION_NAME.to_string(),
            BodyKind::Confederacion,
            None,
            rng,
        );
        let mut first_family = 0;
        for (f, (centrales, fed_name)) in shape.iter().zip(FEDERATIONS).enumerate() {
            let fed_code = format!("F{}", f + 1);
            // The federations lie west to east along the road from Villa Tunari to Bulo Bulo.
            let fed_centre = (
                -169_000_000 + rng.range_i64(-1_500_000, 1_500_000),
                -655_000_000 + f as i64 * 1_800_000 + rng.range_i64(-400_000, 400_000),
            );
            self.push_body(fed_code.clone(), fed_name.to_string(), BodyKind::Federacion, Some(CONFEDERATION_CODE), rng);
            let central_names = unique_names(rng, centrales.len(), &CENTRAL_PLACES, &PLACE_QUALIFIERS);
            // At least two digits, more when a scaled plan has 100 centrales or more: codes sort.
            let width = centrales.len().to_string().len().max(2);
            for (c, (sindicatos, central_name)) in centrales.iter().zip(central_names).enumerate() {
                let central_code = format!("{fed_code}-C{:0width$}", c + 1);
                let central_centre = (
                    fed_centre.0 + rng.range_i64(-1_000_000, 1_000_000),
                    fed_centre.1 + rng.range_i64(-1_000_000, 1_000_000),
                );
                self.push_body(
                    central_code.clone(),
                    format!("Central {central_name}"),
                    BodyKind::Central,
                    Some(&fed_code),
                    rng,
                );
                let sindicato_names = unique_names(rng, sindicatos.len(), &SINDICATO_NAMES, &PLACE_QUALIFIERS[..5]);
                for (s, (&families, sindicato_name)) in sindicatos.iter().zip(sindicato_names).enumerate() {
                    let code = format!("{central_code}-S{:02}", s + 1);
                    let centre = (
                        (central_centre.0 + rng.range_i64(-400_000, 400_000))
                            .clamp(LAT_SOUTH + 300_000, LAT_NORTH - 300_000),
                        (central_centre.1 + rng.range_i64(-400_000, 400_000))
                            .clamp(LON_WEST + 300_000, LON_EAST - 300_000),
                    );
                    self.push_body(
                        code.clone(),
                        format!("Sindicato {sindicato_name}"),
                        BodyKind::Sindicato,
                        Some(&central_code),
                        rng,
                    );
                    self.sindicatos.push(DemoSindicato {
                        seed: derive(seed, self.sindicatos.len() as u64),
                        code,
                        families,
                        first_family,
                        centre,
                    });
                    first_family += families;
                }
            }
        }
    }

    /// Adds a body and its directiva.
    fn push_body(&mut self, code: String, name: String, kind: BodyKind, parent_code: Option<&str>, rng: &mut Rng) {
        let n_offices = match kind {
            BodyKind::Sindicato => 5,
            BodyKind::Central => 6,
            BodyKind::Federacion => 7,
            _ => 8,
        };
        // A directiva is elected together: one term for all its offices.
        let year = rng.range(2024, 2025) as i32;
        let month = rng.range(1, 12) as u32;
        let day = rng.range(1, 28) as u32;
        let term_start = Date::from_ymd_opt(year, month, day).unwrap_or_default();
        let term_end = Date::from_ymd_opt(year + 2, month, day).unwrap_or_default();
        for title in OFFICE_TITLES.iter().take(n_offices) {
            let female = *title == WOMENS_OFFICE || rng.chance(150);
            self.offices.push(DemoOffice {
                body_code: code.clone(),
                title: (*title).to_string(),
                name: person_name(rng, female),
                term_start,
                term_end,
            });
        }
        self.bodies.push(DemoBody { code, name, kind, parent_code: parent_code.map(str::to_string) });
    }
}

/// The natural Trópico: 6 federations of 5–30 centrales of 2–10 sindicatos of 100–200 families.
fn natural_shape(rng: &mut Rng) -> Shape {
    (0..FEDERATIONS.len())
        .map(|_| (0..rng.range(5, 30)).map(|_| (0..rng.range(2, 10)).map(|_| rng.range(100, 200)).collect()).collect())
        .collect()
}

/// A Trópico of exactly `n` families: as many sindicatos as keep 100–200 families each (about
/// 150), grouped 2–10 per central; the centrales spread over the six federations (5–30 each when
/// the numbers allow, more for a very large `n`). A small `n` gets one central of one sindicato
/// per federation, with fewer families each.
fn scaled_shape(n: u64, rng: &mut Rng) -> Shape {
    let n_federations = FEDERATIONS.len() as u64;
    let sindicatos = (n + 75) / 150;
    let sindicatos =
        sindicatos.clamp(n.div_ceil(200), (n / 100).max(n.div_ceil(200))).clamp(n_federations, MAX_SINDICATOS);
    let centrales = (sindicatos + 3) / 6;
    let (lo, hi) = (sindicatos.div_ceil(10), (sindicatos / 2).max(sindicatos.div_ceil(10)));
    let centrales =
        if lo.max(30) <= hi.min(180) { centrales.clamp(lo.max(30), hi.min(180)) } else { centrales.clamp(lo, hi) }
            .clamp(n_federations, sindicatos);
    let per_federation = split(centrales, n_federations, 5, 30, rng);
    let per_central = split(sindicatos, centrales, 2, 10, rng);
    let families = split(n, sindicatos, 100, 200, rng);
    let mut per_central = per_central.into_iter();
    let mut families = families.into_iter();
    per_federation
        .into_iter()
        .map(|n_centrales| {
            (0..n_centrales)
                .map(|_| {
                    let n_sindicatos = per_central.next().unwrap_or(0);
                    families.by_ref().take(n_sindicatos as usize).collect()
                })
                .collect()
        })
        .collect()
}

/// Splits `total` into `parts` (≥ 1) numbers that add up to `total`, each within `lo..=hi` when
/// that is possible (otherwise as close to even as the bounds allow), in random proportions.
fn split(total: u64, parts: u64, lo: u64, hi: u64, rng: &mut Rng) -> Vec<u64> {
    let parts = parts.max(1);
    let base = total / parts;
    let extra = total % parts;
    let mut values: Vec<u64> = (0..parts).map(|i| base + u64::from(i < extra)).collect();
    let lo = lo.min(base);
    let hi = hi.max(base + u64::from(extra > 0));
    let len = values.len() as u64;
    // Random transfers between pairs keep the sum and the bounds.
    for _ in 0..len * 3 {
        let i = rng.below(len) as usize;
        let j = rng.below(len) as usize;
        if i == j {
            continue;
        }
        let room = (values[i] - lo).min(hi - values[j]);
        if room == 0 {
            continue;
        }
        let amount = rng.range(1, room);
        values[i] -= amount;
        values[j] += amount;
    }
    values
}

/// `count` distinct names made of `bases` and `qualifiers` ("Chimoré", "Chimoré Norte"…): every
/// base with the first qualifier (in random order) before any with the second, and so on; numbered
/// ("Chimoré 2") only when all combinations are used.
fn unique_names(rng: &mut Rng, count: usize, bases: &[&str], qualifiers: &[&str]) -> Vec<String> {
    let mut names = Vec::with_capacity(count);
    let mut order: Vec<usize> = (0..bases.len()).collect();
    let mut round = 0;
    while names.len() < count && !bases.is_empty() {
        rng.shuffle(&mut order);
        for &i in order.iter().take(count - names.len()) {
            let base = bases[i];
            names.push(match qualifiers.get(round) {
                Some(qualifier) => format!("{base}{qualifier}"),
                None => format!("{base} {}", round + 2 - qualifiers.len()),
            });
        }
        round += 1;
    }
    names
}

/// A person's name: one or two given names, usually two surnames.
pub(crate) fn person_name(rng: &mut Rng, female: bool) -> PersonName {
    let given: &[&str] = if female { &GIVEN_FEMALE } else { &GIVEN_MALE };
    let first = rng.pick(given);
    let mut given_names = String::with_capacity(24);
    given_names.push_str(first);
    if rng.chance(400) {
        let second = rng.pick(given);
        if second != first {
            given_names.push(' ');
            given_names.push_str(second);
        }
    }
    let first_surname = rng.pick_skewed(&SURNAMES).to_string();
    let second_surname = (!rng.chance(80)).then(|| rng.pick_skewed(&SURNAMES).to_string());
    PersonName { given_names, first_surname, second_surname }
}

#[cfg(test)]
mod tests;
