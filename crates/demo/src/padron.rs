//! The padrón, generated lazily: one sindicato's generator at a time.

use cabildo_domain::padron::{PadronRow, SindicatoRef};
use cabildo_domain::{Area, Coordinates, Date, ParcelCode};

use crate::names::ZONES;
use crate::rng::{Rng, mix};
use crate::{DemoSindicato, LAT_NORTH, LAT_SOUTH, LON_EAST, LON_WEST, person_name};

/// The rows of a padrón: see [`crate::DemoPlan::padron`].
#[derive(Debug, Clone)]
pub struct PadronRows<'a> {
    sindicatos: &'a [DemoSindicato],
    id_key: u64,
    next_sindicato: usize,
    current: Option<SindicatoRows<'a>>,
}

impl<'a> PadronRows<'a> {
    pub(crate) fn new(sindicatos: &'a [DemoSindicato], id_key: u64) -> Self {
        PadronRows { sindicatos, id_key, next_sindicato: 0, current: None }
    }
}

impl Iterator for PadronRows<'_> {
    type Item = PadronRow;

    fn next(&mut self) -> Option<PadronRow> {
        loop {
            if let Some(current) = &mut self.current {
                if let Some(row) = current.next() {
                    return Some(row);
                }
                self.current = None;
            }
            let sindicato = self.sindicatos.get(self.next_sindicato)?;
            self.next_sindicato += 1;
            self.current = Some(SindicatoRows::new(sindicato, self.id_key));
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let current = self.current.as_ref().map_or(0, |c| c.sindicato.families - c.next_family);
        let later: u64 =
            self.sindicatos.get(self.next_sindicato..).unwrap_or_default().iter().map(|s| s.families).sum();
        (usize::try_from(current + later).unwrap_or(usize::MAX), None)
    }
}

/// Share of families (per mille) with each optional field, or with two parcels.
const WITH_ID_NUMBER: u64 = 700;
const WITH_PHONE: u64 = 500;
const WITH_AREA: u64 = 930;
const WITH_PLACE: u64 = 850;
const WITH_COORDINATES: u64 = 600;
const WITH_TWO_PARCELS: u64 = 50;
const WOMEN: u64 = 300;

/// Zones a sindicato's parcels lie in.
const ZONES_PER_SINDICATO: usize = 4;

/// Generates one sindicato's rows.
#[derive(Debug, Clone)]
struct SindicatoRows<'a> {
    sindicato: &'a DemoSindicato,
    id_key: u64,
    rng: Rng,
    zones: [&'static str; ZONES_PER_SINDICATO],
    next_family: u64,
    next_parcel: u64,
    /// The second parcel of the family just emitted.
    pending: Option<PadronRow>,
    buffer: String,
}

impl<'a> SindicatoRows<'a> {
    fn new(sindicato: &'a DemoSindicato, id_key: u64) -> Self {
        let mut rng = Rng::new(sindicato.seed);
        let mut zones = [""; ZONES_PER_SINDICATO];
        for zone in &mut zones {
            *zone = rng.pick(&ZONES);
        }
        SindicatoRows {
            sindicato,
            id_key,
            rng,
            zones,
            next_family: 0,
            next_parcel: 0,
            pending: None,
            buffer: String::with_capacity(24),
        }
    }

    fn family(&mut self) -> Option<PadronRow> {
        let rng = &mut self.rng;
        let female = rng.chance(WOMEN);
        let name = person_name(rng, female);
        let mut register_number = String::with_capacity(4);
        push_decimal(&mut register_number, self.next_family + 1, 1);
        let id_number = rng.chance(WITH_ID_NUMBER).then(|| {
            let mut id = String::with_capacity(7);
            let index = self.sindicato.first_family + self.next_family;
            push_decimal(&mut id, id_number(index, self.id_key), 7);
            id
        });
        let phone = rng.chance(WITH_PHONE).then(|| {
            let mut phone = String::with_capacity(8);
            push_decimal(&mut phone, rng.range(6, 7), 1);
            push_decimal(&mut phone, rng.below(10_000_000), 7);
            phone
        });
        // Most families came in the colonisation of the 1970s–90s; the young ones since.
        let year = if rng.chance(600) { rng.range(1975, 1999) } else { rng.range(2000, 2025) };
        let affiliated_on = Date::from_yo_opt(year as i32, rng.range(1, 365) as u32);
        let first = PadronRow {
            sindicato: Some(SindicatoRef::Code(self.sindicato.code.clone())),
            register_number: Some(register_number),
            name,
            id_number,
            phone,
            parcel_code: self.parcel_code()?,
            area: self.area(),
            place: self.place(),
            coordinates: self.coordinates(),
            affiliated_on,
        };
        if self.rng.chance(WITH_TWO_PARCELS) {
            self.pending = Some(PadronRow {
                sindicato: first.sindicato.clone(),
                register_number: first.register_number.clone(),
                name: first.name.clone(),
                id_number: first.id_number.clone(),
                phone: first.phone.clone(),
                parcel_code: self.parcel_code()?,
                area: self.area(),
                place: self.place(),
                coordinates: self.coordinates(),
                affiliated_on: first.affiliated_on,
            });
        }
        Some(first)
    }

    /// "L-001", "L-002"…: unique within the sindicato.
    fn parcel_code(&mut self) -> Option<ParcelCode> {
        self.next_parcel += 1;
        self.buffer.clear();
        self.buffer.push_str("L-");
        push_decimal(&mut self.buffer, self.next_parcel, 3);
        // Never fails: the code is short and not blank.
        ParcelCode::new(&self.buffer).ok()
    }

    /// 1–25 ha, often a round number of hectares, else up to two decimals.
    fn area(&mut self) -> Option<Area> {
        if !self.rng.chance(WITH_AREA) {
            return None;
        }
        let hundredths = if self.rng.chance(400) { self.rng.range(1, 25) * 100 } else { self.rng.range(100, 2500) };
        Area::from_square_metres(hundredths as i64 * 100).ok()
    }

    fn place(&mut self) -> Option<String> {
        self.rng.chance(WITH_PLACE).then(|| self.rng.pick(&self.zones).to_string())
    }

    /// Near the sindicato's centre, within the Trópico; exact in seven decimals.
    fn coordinates(&mut self) -> Option<Coordinates> {
        if !self.rng.chance(WITH_COORDINATES) {
            return None;
        }
        let (lat, lon) = self.sindicato.centre;
        let lat = (lat + self.rng.range_i64(-150_000, 150_000)).clamp(LAT_SOUTH, LAT_NORTH);
        let lon = (lon + self.rng.range_i64(-150_000, 150_000)).clamp(LON_WEST, LON_EAST);
        Coordinates::new(lat as f64 / 1e7, lon as f64 / 1e7).ok()
    }
}

impl Iterator for SindicatoRows<'_> {
    type Item = PadronRow;

    fn next(&mut self) -> Option<PadronRow> {
        if let Some(row) = self.pending.take() {
            return Some(row);
        }
        if self.next_family >= self.sindicato.families {
            return None;
        }
        let row = self.family();
        self.next_family += 1;
        row
    }
}

/// Seven-digit ID numbers (1000000–9999999), distinct for the first nine million families: a
/// keyed permutation of the family's index (a Feistel network on 24 bits, cycle-walking into
/// range).
fn id_number(index: u64, key: u64) -> u64 {
    const RANGE: u64 = 9_000_000;
    let mut x = index % RANGE;
    loop {
        x = feistel24(x, key);
        if x < RANGE {
            return 1_000_000 + x;
        }
    }
}

fn feistel24(x: u64, key: u64) -> u64 {
    const MASK: u64 = 0xFFF;
    let (mut left, mut right) = ((x >> 12) & MASK, x & MASK);
    for round in 0..4u64 {
        let f = mix(right ^ key.rotate_left(round as u32 * 16) ^ (round << 40)) & MASK;
        (left, right) = (right, left ^ f);
    }
    (left << 12) | right
}

/// Appends `value` in decimal, zero-padded to at least `width` digits.
fn push_decimal(out: &mut String, mut value: u64, width: usize) {
    let mut digits = [0u8; 20];
    let mut n = 0;
    loop {
        digits[n] = b'0' + (value % 10) as u8;
        n += 1;
        value /= 10;
        if value == 0 {
            break;
        }
    }
    for _ in n..width {
        out.push('0');
    }
    for &digit in digits[..n].iter().rev() {
        out.push(char::from(digit));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_padded() {
        let mut s = String::new();
        push_decimal(&mut s, 7, 3);
        s.push('|');
        push_decimal(&mut s, 1234, 3);
        s.push('|');
        push_decimal(&mut s, 0, 1);
        s.push('|');
        push_decimal(&mut s, u64::MAX, 1);
        assert_eq!(s, format!("007|1234|0|{}", u64::MAX));
    }

    #[test]
    fn id_numbers_are_distinct_seven_digit_numbers() {
        let mut seen = std::collections::HashSet::new();
        for index in 0..200_000 {
            let id = id_number(index, 99);
            assert!((1_000_000..=9_999_999).contains(&id));
            assert!(seen.insert(id), "duplicate {id}");
        }
    }
}
