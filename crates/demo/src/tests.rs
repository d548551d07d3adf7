use std::collections::{HashMap, HashSet};

use cabildo_domain::body::validate_code;
use cabildo_domain::padron::{PadronRow, SindicatoRef};
use cabildo_domain::{BodyKind, Date, PersonName};

use super::*;

fn plan(seed: u64, families: Option<u64>) -> DemoPlan {
    DemoPlan::new(&DemoConfig { seed, families })
}

fn date(y: i32, m: u32, d: u32) -> Date {
    Date::from_ymd_opt(y, m, d).unwrap_or_default()
}

fn sindicato_code(row: &PadronRow) -> &str {
    match &row.sindicato {
        Some(SindicatoRef::Code(code)) => code,
        other => unreachable!("row without a sindicato code: {other:?}"),
    }
}

fn assert_valid_name(name: &PersonName) {
    let rebuilt = PersonName::new(&name.given_names, &name.first_surname, name.second_surname.as_deref().unwrap_or(""));
    assert_eq!(rebuilt.as_ref(), Ok(name), "invalid name {name:?}");
}

/// What a whole padrón says, checked row by row on the way.
#[derive(Debug, Default)]
struct Summary {
    rows: u64,
    families: u64,
    families_per_sindicato: HashMap<String, u64>,
    with_id: u64,
    with_phone: u64,
    with_coordinates: u64,
    two_parcels: u64,
}

/// Walks the padrón once, checking every row, without keeping the rows.
fn summarise(plan: &DemoPlan) -> Summary {
    let mut summary = Summary::default();
    let mut seen_sindicatos: HashSet<String> = HashSet::new();
    let mut current = String::new();
    let mut registers: HashMap<String, PadronRow> = HashMap::new();
    let mut parcels: HashSet<String> = HashSet::new();
    let (earliest, latest) = (date(1975, 1, 1), date(2025, 12, 31));
    for row in plan.padron() {
        summary.rows += 1;
        let code = sindicato_code(&row);
        if code != current {
            assert!(seen_sindicatos.insert(code.to_string()), "sindicato {code} comes twice");
            current = code.to_string();
            registers.clear();
            parcels.clear();
        }
        assert_valid_name(&row.name);
        assert!(parcels.insert(row.parcel_code.as_str().to_string()), "parcel {} twice in {code}", row.parcel_code);
        let number = row.register_number.clone().unwrap_or_default();
        assert!(number.parse::<u64>().is_ok_and(|n| n >= 1), "{number:?}");
        match registers.get(&number) {
            // The second parcel of a family: same person.
            Some(first) => {
                assert_eq!((&first.name, &first.id_number, &first.phone), (&row.name, &row.id_number, &row.phone));
                summary.two_parcels += 1;
                continue;
            }
            None => {
                summary.families += 1;
                *summary.families_per_sindicato.entry(code.to_string()).or_default() += 1;
            }
        }
        if let Some(id) = &row.id_number {
            summary.with_id += 1;
            assert!(id.len() == 7 && id.bytes().all(|b| b.is_ascii_digit()), "{id}");
        }
        if let Some(phone) = &row.phone {
            summary.with_phone += 1;
            assert!(
                phone.len() == 8
                    && (phone.starts_with('6') || phone.starts_with('7'))
                    && phone.bytes().all(|b| b.is_ascii_digit()),
                "{phone}"
            );
        }
        if let Some(area) = row.area {
            assert!((10_000..=250_000).contains(&area.square_metres), "{area:?}");
            assert_eq!(area.square_metres % 100, 0, "two decimals of a hectare");
        }
        if let Some(c) = row.coordinates {
            summary.with_coordinates += 1;
            assert!((-17.2..=-16.5).contains(&c.latitude), "{c:?}");
            assert!((-65.8..=-64.5).contains(&c.longitude), "{c:?}");
        }
        let affiliated = row.affiliated_on.unwrap_or_default();
        assert!((earliest..=latest).contains(&affiliated), "{affiliated}");
        assert!(row.place.as_ref().is_none_or(|p| !p.is_empty()));
        registers.insert(number, row);
    }
    summary
}

/// Every sindicato's row count matches the plan, and the families per sindicato are in range.
fn assert_padron_matches(plan: &DemoPlan, summary: &Summary) {
    assert_eq!(summary.families, plan.n_families());
    for sindicato in &plan.sindicatos {
        let families = summary.families_per_sindicato.get(&sindicato.code).copied().unwrap_or(0);
        assert_eq!(families, sindicato.families, "{}", sindicato.code);
    }
}

fn count(plan: &DemoPlan, kind: BodyKind) -> usize {
    plan.bodies.iter().filter(|b| b.kind == kind).count()
}

/// Children of each body, by code.
fn children(plan: &DemoPlan) -> HashMap<&str, Vec<&DemoBody>> {
    let mut map: HashMap<&str, Vec<&DemoBody>> = HashMap::new();
    for body in &plan.bodies {
        if let Some(parent) = &body.parent_code {
            map.entry(parent.as_str()).or_default().push(body);
        }
    }
    map
}

/// The tree is well formed: one root, parents before children, kinds by level, codes valid and
/// unique, sindicato names unique within their central.
fn assert_tree(plan: &DemoPlan) {
    let mut seen: HashMap<&str, BodyKind> = HashMap::new();
    for body in &plan.bodies {
        assert_eq!(validate_code(&body.code).as_deref(), Ok(body.code.as_str()));
        assert!(body.code.len() <= 40);
        assert!(body.code.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-'), "{}", body.code);
        assert!(!body.name.trim().is_empty() && body.name.chars().count() <= 200);
        let parent_kind = body.parent_code.as_deref().map(|p| seen.get(p).copied().unwrap_or(BodyKind::Otra));
        let expected_parent = match body.kind {
            BodyKind::Confederacion => None,
            BodyKind::Federacion => Some(BodyKind::Confederacion),
            BodyKind::Central => Some(BodyKind::Federacion),
            BodyKind::Sindicato => Some(BodyKind::Central),
            other => unreachable!("unexpected kind {other}"),
        };
        assert_eq!(parent_kind, expected_parent, "{}", body.code);
        assert!(seen.insert(&body.code, body.kind).is_none(), "{} twice", body.code);
    }
    assert_eq!(count(plan, BodyKind::Confederacion), 1);
    assert_eq!(count(plan, BodyKind::Federacion), 6);
    let sindicato_codes: Vec<&str> =
        plan.bodies.iter().filter(|b| b.kind == BodyKind::Sindicato).map(|b| b.code.as_str()).collect();
    let planned: Vec<&str> = plan.sindicatos.iter().map(|s| s.code.as_str()).collect();
    assert_eq!(sindicato_codes, planned);
    for (parent, kids) in children(plan) {
        let names: HashSet<&str> = kids.iter().map(|b| b.name.as_str()).collect();
        assert_eq!(names.len(), kids.len(), "names repeat under {parent}");
    }
}

#[test]
fn the_same_seed_gives_the_same_tropico() {
    for families in [None, Some(5_000)] {
        let a = plan(7, families);
        let b = plan(7, families);
        assert_eq!(a, b);
        assert!(a.padron().eq(b.padron()));
        assert_ne!(a, plan(8, families));
    }
    let a: Vec<PadronRow> = plan(1, Some(3_000)).padron().collect();
    let b: Vec<PadronRow> = plan(2, Some(3_000)).padron().collect();
    assert_ne!(a, b);
}

#[test]
fn the_natural_tropico_follows_the_ranges() {
    for seed in 0..20 {
        let plan = plan(seed, None);
        assert_tree(&plan);
        let children = children(&plan);
        for federation in &children["TROPICO"] {
            let centrales = &children[federation.code.as_str()];
            assert!((5..=30).contains(&centrales.len()), "{}", federation.code);
            for central in centrales {
                let sindicatos = &children[central.code.as_str()];
                assert!((2..=10).contains(&sindicatos.len()), "{}", central.code);
            }
        }
        for sindicato in &plan.sindicatos {
            assert!((100..=200).contains(&sindicato.families), "{sindicato:?}");
        }
    }
    let plan = plan(3, None);
    let summary = summarise(&plan);
    assert_padron_matches(&plan, &summary);
    // Shares of optional data, roughly as configured.
    let share = |n: u64| n * 1000 / summary.families;
    assert!((650..=750).contains(&share(summary.with_id)), "{summary:?}");
    assert!((450..=550).contains(&share(summary.with_phone)), "{summary:?}");
    assert!((30..=70).contains(&share(summary.two_parcels)), "{summary:?}");
    assert!(summary.with_coordinates > 0);
    assert_eq!(summary.rows, summary.families + summary.two_parcels);
}

#[test]
fn a_scaled_tropico_has_exactly_the_families_asked_for() {
    let plan = plan(11, Some(360_000));
    assert_eq!(plan.n_families(), 360_000);
    assert_tree(&plan);
    for sindicato in &plan.sindicatos {
        assert!((100..=200).contains(&sindicato.families), "{sindicato:?}");
    }
    let summary = summarise(&plan);
    assert_padron_matches(&plan, &summary);
    assert_eq!(summary.families, 360_000);
}

#[test]
fn three_million_families_are_planned_without_generating_them() {
    let plan = plan(5, Some(3_000_000));
    assert_eq!(plan.n_families(), 3_000_000);
    assert_tree(&plan);
    for sindicato in &plan.sindicatos {
        assert!((100..=200).contains(&sindicato.families), "{sindicato:?}");
    }
    let children = children(&plan);
    for central in plan.bodies.iter().filter(|b| b.kind == BodyKind::Central) {
        let sindicatos = &children[central.code.as_str()];
        assert!((2..=10).contains(&sindicatos.len()), "{}", central.code);
    }
}

#[test]
fn any_number_of_families_keeps_the_six_federations() {
    for n in [0, 1, 5, 6, 7, 99, 100, 150, 300, 599, 600, 601, 1_000, 1_234, 9_001, 27_000, 94_999] {
        let plan = plan(n, Some(n));
        assert_eq!(plan.n_families(), n, "n = {n}");
        assert_tree(&plan);
        let children = children(&plan);
        for federation in &children["TROPICO"] {
            assert!(children.contains_key(federation.code.as_str()), "n = {n}");
        }
        for central in plan.bodies.iter().filter(|b| b.kind == BodyKind::Central) {
            assert!(children.contains_key(central.code.as_str()), "n = {n}");
        }
        if n >= 600 {
            for sindicato in &plan.sindicatos {
                assert!((100..=200).contains(&sindicato.families), "n = {n}: {sindicato:?}");
            }
        }
        if n >= 9_000 {
            for federation in &children["TROPICO"] {
                let centrales = children[federation.code.as_str()].len();
                assert!((5..=30).contains(&centrales), "n = {n}");
            }
        }
        let summary = summarise(&plan);
        assert_padron_matches(&plan, &summary);
    }
}

#[test]
fn one_sindicato_padron_is_its_part_of_the_whole() {
    let plan = plan(4, Some(2_000));
    let index = 3;
    let code = &plan.sindicatos[index].code;
    let part: Vec<PadronRow> = plan.sindicato_padron(index).collect();
    let from_whole: Vec<PadronRow> = plan.padron().filter(|row| sindicato_code(row) == code).collect();
    assert!(!part.is_empty());
    assert_eq!(part, from_whole);
    assert_eq!(plan.sindicato_padron(plan.sindicatos.len()).count(), 0);
    let rows = plan.padron().count() as u64;
    assert_eq!(plan.padron().size_hint().0 as u64, plan.n_families());
    assert!(rows >= plan.n_families());
}

#[test]
fn every_body_has_a_directiva() {
    let plan = plan(9, None);
    let mut offices: HashMap<&str, Vec<&DemoOffice>> = HashMap::new();
    for office in &plan.offices {
        offices.entry(office.body_code.as_str()).or_default().push(office);
    }
    assert_eq!(offices.len(), plan.bodies.len());
    for body in &plan.bodies {
        let directiva = &offices[body.code.as_str()];
        let expected = match body.kind {
            BodyKind::Sindicato => 5,
            BodyKind::Central => 6,
            BodyKind::Federacion => 7,
            _ => 8,
        };
        assert_eq!(directiva.len(), expected, "{}", body.code);
        let titles: HashSet<&str> = directiva.iter().map(|o| o.title.as_str()).collect();
        assert_eq!(titles.len(), expected);
        for title in [
            "Secretario General",
            "Secretario de Relaciones",
            "Secretario de Actas",
            "Secretario de Hacienda",
            "Secretaria de la Mujer",
        ] {
            assert!(titles.contains(title), "{} lacks {title}", body.code);
        }
        for office in directiva {
            assert_valid_name(&office.name);
            assert!(office.term_start < office.term_end);
            assert!((date(2026, 1, 1)..=date(2027, 12, 31)).contains(&office.term_end), "{office:?}");
            assert!(office.term_start >= date(2024, 1, 1));
        }
    }
}
