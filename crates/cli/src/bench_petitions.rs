//! `cabildo bench --petitions N`: the petition inbox's figures (issue 14, item 7), rerunnable.
//! On an empty database, writes a confederation of 6 federations of 30 centrales of 10 sindicatos
//! (1,987 bodies) and N petitions raised by the federations to the confederation — a third of
//! them waiting past the date asked for a decision, a fifth addressed to a ministry and half of
//! those answered — then times the confederation's inbox as its page reads it (the page of 25,
//! the counts of waiting and overdue, each line's bodies and last reply), from the database:
//! every filter, and a page deep in the list; and, apart, the tree's snapshot the inbox (like
//! every page) reads from the store's cache, computed again after any write. Timing is measured here, never asserted in tests.

use std::time::{Duration, Instant};

use super::ms;

use cabildo_domain::petition::{AuthorityId, PetitionKind, ReplyKind, StepAction};
use cabildo_domain::{BodyKind, NewBody};
use cabildo_services::petitions::{self, InboxFilter};
use cabildo_services::{Ctx, ServiceError};
use cabildo_store::{AuthorityRecord, NewPetition, NewResolution, ReplyRecord, StepRecord, Store};

/// The median and the slowest of `repeat` runs, after a warm-up.
fn timed<T>(
    repeat: usize,
    mut f: impl FnMut() -> Result<T, ServiceError>,
) -> Result<(Duration, Duration), ServiceError> {
    f()?;
    let mut samples = Vec::with_capacity(repeat);
    for _ in 0..repeat.max(1) {
        let start = Instant::now();
        f()?;
        samples.push(start.elapsed());
    }
    let slowest = samples.iter().max().copied().unwrap_or_default();
    Ok((super::median(samples), slowest))
}

/// Writes the tree and the petitions in one transaction.
fn generate(store: &Store, ctx: &Ctx, petitions: u64) -> Result<(), ServiceError> {
    let mut minter = ctx.minter()?;
    store.write(|repo| {
        let body = |repo: &mut dyn cabildo_store::Repo,
                    minter: &mut cabildo_store::Minter,
                    parent,
                    kind: BodyKind,
                    code: String| {
            let new = NewBody {
                parent_id: parent,
                kind,
                composition: kind.default_composition(),
                name: format!("Organización {code}"),
                code,
                created_on: ctx.today,
            };
            repo.insert_body(&new, minter.mint()?).map_err(ServiceError::from)
        };
        let top = body(repo, &mut minter, None, BodyKind::Confederacion, "BENCH".into())?;
        let mut federations = Vec::new();
        for f in 1..=6 {
            let federation = body(repo, &mut minter, Some(top), BodyKind::Federacion, format!("BF{f}"))?;
            federations.push(federation);
            for c in 1..=30 {
                let central = body(repo, &mut minter, Some(federation), BodyKind::Central, format!("BF{f}-C{c:02}"))?;
                for s in 1..=10 {
                    body(repo, &mut minter, Some(central), BodyKind::Sindicato, format!("BF{f}-C{c:02}-S{s:02}"))?;
                }
            }
        }
        let ministry = repo.insert_authority(&AuthorityRecord {
            id: AuthorityId(0),
            public_id: minter.mint()?,
            body_id: top,
            name: "Ministerio de Desarrollo Rural y Tierras".into(),
            office: "Ministro".into(),
            address: "Av. Camacho 1471, La Paz".into(),
            created_at: ctx.now,
        })?;
        let past = ctx.today - chrono::Duration::days(3);
        let later = ctx.today + chrono::Duration::days(30);
        for n in 0..petitions {
            let origin = federations[(n % 6) as usize];
            let resolution = repo.insert_resolution(
                &NewResolution {
                    body_id: origin,
                    year: 2026,
                    motion_id: None,
                    title: format!("Demanda {n}"),
                    text: format!("La federación resuelve elevar la demanda {n}."),
                    adopted_on: ctx.today,
                },
                minter.mint()?,
            )?;
            let at = ctx.now - i64::try_from(petitions - n).unwrap_or(0) * 60;
            let id = repo.insert_petition(
                &NewPetition {
                    kind: PetitionKind::Petition,
                    origin_body_id: origin,
                    resolution_id: resolution.id,
                    title: resolution.title.clone(),
                    holder_body_id: top,
                    answer_by: Some(if n % 3 == 0 { past } else { later }),
                    raised_at: at,
                },
                minter.mint()?,
            )?;
            repo.insert_petition_step(&StepRecord {
                petition_id: id,
                action: StepAction::Raised,
                body_id: origin,
                to_body_id: Some(top),
                resolution_id: Some(resolution.id),
                reasons: String::new(),
                at,
                actor: "bench".into(),
            })?;
            if n % 5 == 1 {
                repo.address_petition(id, ministry, 2026, i64::try_from(n).unwrap_or(0), Some(later), at)?;
                if n % 10 == 1 {
                    repo.insert_petition_reply(&ReplyRecord {
                        id: 0,
                        petition_id: id,
                        kind: ReplyKind::Meeting,
                        received_on: ctx.today,
                        text: "El Ministro recibirá a la delegación.".into(),
                        meeting_at: Some("2026-12-10 10:00".into()),
                        meeting_place: Some("Despacho del Ministro".into()),
                        assembly_id: None,
                        recorded_at: at,
                        recorded_by: "bench".into(),
                    })?;
                }
            }
        }
        Ok::<_, ServiceError>(())
    })
}

pub fn run(db: &str, ctx: &Ctx, petitions: u64, repeat: usize) -> Result<(), ServiceError> {
    let store = Store::open(db)?;
    store.migrate()?;
    let backend = store.backend();
    let start = Instant::now();
    generate(&store, ctx, petitions)?;
    eprintln!("generated 1,987 bodies and {petitions} petitions in {:.1} s", start.elapsed().as_secs_f64());
    println!("Petition inbox benchmark on {backend}: the confederation's inbox with {petitions} petitions.");
    println!();
    println!("| measure (median / slowest of {repeat}) | {backend} |");
    println!("|---|---|");
    let overdue = InboxFilter::Overdue(ctx.today);
    let mut checked = None;
    for (what, filter, page) in [
        ("first page of 25, every petition", InboxFilter::All, 0),
        ("first page, waiting", InboxFilter::Waiting, 0),
        ("first page, overdue", overdue, 0),
        ("page 200 of every petition", InboxFilter::All, 199),
    ] {
        let (median, slowest) = timed(repeat, || petitions::inbox(&store, ctx, "BENCH", filter, page))?;
        let found = petitions::inbox(&store, ctx, "BENCH", filter, page)?;
        if checked.is_none() {
            checked = Some((found.total, found.waiting, found.overdue));
        }
        println!("| {what} ({} lines) | **{}** / {} |", found.lines.len(), ms(median), ms(slowest));
    }
    let (median, slowest) = timed(repeat.min(5), || cabildo_services::registry::compute_snapshot(&store))?;
    println!(
        "| the tree's snapshot the inbox reads, computed again after a write (1,987 bodies, member counts) | {} / {} |",
        ms(median),
        ms(slowest)
    );
    if let Some((total, waiting, overdue)) = checked {
        println!();
        println!("Counted: {total} in the inbox, {waiting} waiting, {overdue} overdue.");
    }
    Ok(())
}
