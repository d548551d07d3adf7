//! The phone-vote box (group commit), on both backends.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use cabildo_store::{Backend, CastOutcome, PhoneVote, StoreError, VoteBox};

use crate::support::{Db, on_both_backends, wait_until};

use CastOutcome::{AlreadyRecorded, AlreadyVoted, NotOpen, Recorded, UnknownOption, UnknownTicket};

on_both_backends!(
    a_vote_is_recorded_and_counted_once,
    a_resent_vote_is_already_recorded_and_counted_once,
    a_different_option_from_the_same_ticket_is_refused_and_the_first_vote_stands,
    only_tickets_of_the_motions_assembly_may_vote,
    a_motion_takes_for_against_and_abstain_only,
    an_election_takes_abstain_and_its_own_candidates_only,
    only_motions_being_voted_by_phone_take_votes,
    a_closed_vote_takes_no_more_votes_and_keeps_those_before,
    votes_of_one_ticket_in_one_batch_are_answered_as_if_one_after_the_other,
    every_acknowledged_vote_of_concurrent_voters_is_in_the_table_and_nothing_else,
    a_close_during_voting_counts_every_vote_committed_before_it_and_refuses_the_rest,
    votes_wait_for_a_busy_database_instead_of_failing,
    dropping_the_box_commits_and_answers_every_queued_vote,
    votes_do_not_invalidate_cached_pages,
);

/// Assembly 1 (a cabildo abierto) with tickets `ta1`…`ta5`, assembly 2 with ticket `tb1`, and
/// motions: 1 a motion voted by phone; 2 an election by phone with candidates 11 and 12; 3 another
/// election with candidate 13; 4 a motion not yet voted; 5 a motion voted by show of hands; 6 a
/// motion of assembly 2 voted by phone. `bulk` more tickets `bulk-1`… for assembly 1.
fn fixture(db: &Db, bulk: u32) {
    // Public ids as each dialect writes a UUIDv7 literal: `{0}`…`{9}` in the SQL below.
    let ids: Vec<String> = (0..10)
        .map(|n| {
            let hex = format!("0190f2a47b3c7d2e8f001a2b3c4d5e{n:02x}");
            if db.is_postgres() {
                format!("'{}-{}-{}-{}-{}'", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..])
            } else {
                format!("x'{hex}'")
            }
        })
        .collect();
    let sql = "INSERT INTO bodies (id, kind, composition, name, code, created_on, public_id) \
           VALUES (1, 'sindicato', 'households', 'Sindicato San Gabriel', 'S1', '2020-01-01', {0});
         INSERT INTO persons (id, given_names, first_surname, search_key, public_id) VALUES
           (1, 'Juana', 'Quispe', 'juana quispe', {1}), (2, 'Evo', 'Mamani', 'evo mamani', {2}),
           (3, 'Rosa', 'Choque', 'rosa choque', {3});
         INSERT INTO assemblies (id, body_id, kind, title, scheduled_for, place, status, convened_at, public_id) VALUES
           (1, 1, 'cabildo', 'Cabildo abierto', '2026-11-23T09:00', 'Plaza principal', 'open', 0, {0}),
           (2, 1, 'ordinaria', 'Asamblea ordinaria', '2026-11-24T09:00', 'Sede', 'open', 0, {1});
         INSERT INTO motions (id, assembly_id, number, kind, title, text, proposer, status, method, public_id) VALUES
           (1, 1, 1, 'motion', 'Bloqueo de caminos', '…', 'Base', 'voting', 'phone', {0}),
           (2, 1, 2, 'election', 'Secretario general', '…', 'Base', 'voting', 'phone', {1}),
           (3, 1, 3, 'election', 'Secretario de actas', '…', 'Base', 'voting', 'phone', {2}),
           (4, 1, 4, 'motion', 'Cuotas', '…', 'Base', 'draft', NULL, {3}),
           (5, 1, 5, 'motion', 'Fiesta patronal', '…', 'Base', 'voting', 'hands', {4}),
           (6, 2, 1, 'motion', 'Otra asamblea', '…', 'Base', 'voting', 'phone', {5});
         INSERT INTO candidates (id, motion_id, person_id) VALUES (11, 2, 1), (12, 2, 2), (13, 3, 3);
         INSERT INTO tickets (ticket_hash, assembly_id, issued_at) VALUES
           ('ta1', 1, 0), ('ta2', 1, 0), ('ta3', 1, 0), ('ta4', 1, 0), ('ta5', 1, 0), ('tb1', 2, 0);";
    let sql = (0..10).fold(sql.to_string(), |sql, n| sql.replace(&format!("{{{n}}}"), &ids[n]));
    db.raw_execute(&sql);
    if bulk > 0 {
        db.raw_execute(&format!(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {bulk}) \
             INSERT INTO tickets (ticket_hash, assembly_id, issued_at) SELECT 'bulk-' || i, 1, 0 FROM n"
        ));
    }
}

fn vote(motion_id: i64, ticket: &str, option: &str) -> PhoneVote {
    PhoneVote { motion_id, ticket_hash: ticket.into(), option: option.into() }
}

fn bulk(i: usize) -> String {
    format!("bulk-{}", i + 1)
}

fn vote_box(db: &Db) -> VoteBox {
    db.store.vote_box().unwrap()
}

/// One number read behind the application's back, on a connection of its own.
fn raw_i64(db: &Db, sql: &str) -> i64 {
    match db.store.backend() {
        Backend::Sqlite => {
            rusqlite::Connection::open(&db.location).unwrap().query_row(sql, [], |row| row.get(0)).unwrap()
        }
        Backend::Postgres => {
            ::postgres::Client::connect(&db.location, ::postgres::NoTls).unwrap().query_one(sql, &[]).unwrap().get(0)
        }
    }
}

fn rows(db: &Db, motion: i64) -> i64 {
    raw_i64(db, &format!("SELECT COUNT(*) FROM phone_votes WHERE motion_id = {motion}"))
}

fn rows_for(db: &Db, motion: i64, ticket: &str, option: &str) -> i64 {
    raw_i64(
        db,
        &format!(
            "SELECT COUNT(*) FROM phone_votes WHERE motion_id = {motion} AND ticket_hash = '{ticket}' \
             AND option = '{option}'"
        ),
    )
}

/// Closes a vote the way the services layer does: status first, then the count, in one
/// transaction on a connection other than the vote box's.
fn close(db: &Db, motion: i64) {
    let begin = match db.store.backend() {
        Backend::Sqlite => "BEGIN IMMEDIATE",
        Backend::Postgres => "BEGIN",
    };
    db.raw_execute(&format!(
        "{begin}; UPDATE motions SET status = 'decided' WHERE id = {motion};
         INSERT INTO vote_counts (motion_id, option, count)
           SELECT motion_id, option, COUNT(*) FROM phone_votes WHERE motion_id = {motion} GROUP BY motion_id, option;
         COMMIT;"
    ));
}

/// Submits every vote without waiting; the outcomes in the order of the votes.
fn submit_all(
    vote_box: &VoteBox,
    votes: Vec<PhoneVote>,
) -> mpsc::Receiver<(usize, cabildo_store::Result<CastOutcome>)> {
    let (sender, receiver) = mpsc::channel();
    for (i, vote) in votes.into_iter().enumerate() {
        let sender = sender.clone();
        vote_box.submit(
            vote,
            Box::new(move |outcome| {
                sender.send((i, outcome)).unwrap();
            }),
        );
    }
    receiver
}

fn in_order(receiver: &mpsc::Receiver<(usize, cabildo_store::Result<CastOutcome>)>, n: usize) -> Vec<CastOutcome> {
    let mut out = vec![None; n];
    for _ in 0..n {
        let (i, outcome) = receiver.recv_timeout(Duration::from_secs(60)).unwrap();
        out[i] = Some(outcome.unwrap());
    }
    out.into_iter().map(Option::unwrap).collect()
}

fn a_vote_is_recorded_and_counted_once(db: &Db) {
    fixture(db, 0);
    let vote_box = vote_box(db);
    assert_eq!(vote_box.cast(vote(1, "ta1", "for")), Ok(Recorded));
    assert_eq!(rows(db, 1), 1);
    assert_eq!(rows_for(db, 1, "ta1", "for"), 1);
    // Nothing but the ticket and its choice: no time per vote.
    assert_eq!(db.raw_columns("phone_votes"), ["motion_id", "option", "ticket_hash"]);
}

fn a_resent_vote_is_already_recorded_and_counted_once(db: &Db) {
    fixture(db, 0);
    let vote_box = vote_box(db);
    assert_eq!(vote_box.cast(vote(1, "ta1", "against")), Ok(Recorded));
    assert_eq!(vote_box.cast(vote(1, "ta1", "against")), Ok(AlreadyRecorded));
    assert_eq!(vote_box.cast(vote(1, "ta1", "against")), Ok(AlreadyRecorded));
    assert_eq!(rows(db, 1), 1);
}

fn a_different_option_from_the_same_ticket_is_refused_and_the_first_vote_stands(db: &Db) {
    fixture(db, 0);
    let vote_box = vote_box(db);
    assert_eq!(vote_box.cast(vote(1, "ta1", "for")), Ok(Recorded));
    assert_eq!(vote_box.cast(vote(1, "ta1", "against")), Ok(AlreadyVoted));
    assert_eq!(vote_box.cast(vote(1, "ta1", "abstain")), Ok(AlreadyVoted));
    assert_eq!(rows(db, 1), 1);
    assert_eq!(rows_for(db, 1, "ta1", "for"), 1);
    // The same ticket votes on another motion of its assembly.
    assert_eq!(vote_box.cast(vote(2, "ta1", "c11")), Ok(Recorded));
}

fn only_tickets_of_the_motions_assembly_may_vote(db: &Db) {
    fixture(db, 0);
    let vote_box = vote_box(db);
    assert_eq!(vote_box.cast(vote(1, "no-such-ticket", "for")), Ok(UnknownTicket));
    assert_eq!(vote_box.cast(vote(1, "tb1", "for")), Ok(UnknownTicket), "a ticket of assembly 2");
    assert_eq!(vote_box.cast(vote(6, "ta1", "for")), Ok(UnknownTicket), "a motion of assembly 2");
    assert_eq!(vote_box.cast(vote(6, "tb1", "for")), Ok(Recorded));
    assert_eq!(rows(db, 1), 0);
    assert_eq!(rows(db, 6), 1);
}

fn a_motion_takes_for_against_and_abstain_only(db: &Db) {
    fixture(db, 0);
    let vote_box = vote_box(db);
    for option in ["yes", "FOR", "for ", "", "c11", "blank"] {
        assert_eq!(vote_box.cast(vote(1, "ta1", option)), Ok(UnknownOption), "{option:?}");
    }
    assert_eq!(vote_box.cast(vote(1, "ta1", "for")), Ok(Recorded));
    assert_eq!(vote_box.cast(vote(1, "ta2", "against")), Ok(Recorded));
    assert_eq!(vote_box.cast(vote(1, "ta3", "abstain")), Ok(Recorded));
    assert_eq!(rows(db, 1), 3);
}

fn an_election_takes_abstain_and_its_own_candidates_only(db: &Db) {
    fixture(db, 0);
    let vote_box = vote_box(db);
    for option in ["c13", "for", "against", "c011", "c", "11", "c99"] {
        assert_eq!(vote_box.cast(vote(2, "ta1", option)), Ok(UnknownOption), "{option:?}");
    }
    assert_eq!(vote_box.cast(vote(2, "ta1", "c11")), Ok(Recorded));
    assert_eq!(vote_box.cast(vote(2, "ta2", "c12")), Ok(Recorded));
    assert_eq!(vote_box.cast(vote(2, "ta3", "abstain")), Ok(Recorded));
    assert_eq!(vote_box.cast(vote(3, "ta1", "c13")), Ok(Recorded));
    assert_eq!(rows(db, 2), 3);
    assert_eq!(rows(db, 3), 1);
}

fn only_motions_being_voted_by_phone_take_votes(db: &Db) {
    fixture(db, 0);
    let vote_box = vote_box(db);
    assert_eq!(vote_box.cast(vote(4, "ta1", "for")), Ok(NotOpen { number: Some(4) }), "not yet being voted");
    assert_eq!(vote_box.cast(vote(5, "ta1", "for")), Ok(NotOpen { number: Some(5) }), "a show of hands");
    assert_eq!(vote_box.cast(vote(999, "ta1", "for")), Ok(NotOpen { number: None }), "no such motion");
    // Refused as not open before anything else is looked at.
    assert_eq!(vote_box.cast(vote(4, "no-such-ticket", "nonsense")), Ok(NotOpen { number: Some(4) }));
    assert_eq!(raw_i64(db, "SELECT COUNT(*) FROM phone_votes"), 0);
}

fn a_closed_vote_takes_no_more_votes_and_keeps_those_before(db: &Db) {
    fixture(db, 0);
    let vote_box = vote_box(db);
    assert_eq!(vote_box.cast(vote(1, "ta1", "for")), Ok(Recorded));
    assert_eq!(vote_box.cast(vote(1, "ta2", "against")), Ok(Recorded));
    close(db, 1);
    assert_eq!(vote_box.cast(vote(1, "ta3", "for")), Ok(NotOpen { number: Some(1) }));
    assert_eq!(vote_box.cast(vote(1, "ta1", "for")), Ok(NotOpen { number: Some(1) }), "even a resend");
    assert_eq!(rows(db, 1), 2);
    assert_eq!(raw_i64(db, "SELECT CAST(SUM(count) AS BIGINT) FROM vote_counts WHERE motion_id = 1"), 2);
    // The other motions of the assembly are still open.
    assert_eq!(vote_box.cast(vote(2, "ta3", "c12")), Ok(Recorded));
}

fn votes_of_one_ticket_in_one_batch_are_answered_as_if_one_after_the_other(db: &Db) {
    fixture(db, 500);
    let vote_box = vote_box(db);
    // Filler first, so that the writer is busy and the votes below queue up together.
    let mut votes: Vec<PhoneVote> = (0..500).map(|i| vote(2, &bulk(i), "abstain")).collect();
    votes.extend([
        vote(1, "ta1", "for"),
        vote(1, "ta1", "for"),
        vote(1, "ta1", "against"),
        vote(1, "ta1", "for"),
        vote(1, "ta2", "bogus"),
        vote(1, "ta2", "against"),
        vote(1, "ta2", "against"),
        vote(1, "ta2", "for"),
        vote(1, "nope", "for"),
        vote(2, "ta2", "c12"),
    ]);
    let n = votes.len();
    let outcomes = in_order(&submit_all(&vote_box, votes), n);
    assert!(outcomes[..500].iter().all(|o| *o == Recorded));
    assert_eq!(
        outcomes[500..],
        [
            Recorded,
            AlreadyRecorded,
            AlreadyVoted,
            AlreadyRecorded,
            UnknownOption,
            Recorded,
            AlreadyRecorded,
            AlreadyVoted,
            UnknownTicket,
            Recorded
        ]
    );
    assert_eq!(rows(db, 1), 2);
    assert_eq!(rows_for(db, 1, "ta1", "for"), 1);
    assert_eq!(rows_for(db, 1, "ta2", "against"), 1);
}

fn every_acknowledged_vote_of_concurrent_voters_is_in_the_table_and_nothing_else(db: &Db) {
    const THREADS: usize = 8;
    const EACH: usize = 2_000;
    fixture(db, (THREADS * EACH) as u32);
    let vote_box = vote_box(db);
    let recorded: usize = thread::scope(|scope| {
        let workers: Vec<_> = (0..THREADS)
            .map(|t| {
                let vote_box = vote_box.clone();
                scope.spawn(move || {
                    let options = ["for", "against", "abstain"];
                    let votes = (0..EACH).map(|i| vote(1, &bulk(t * EACH + i), options[i % 3])).collect();
                    let outcomes = in_order(&submit_all(&vote_box, votes), EACH);
                    outcomes.iter().filter(|o| **o == Recorded).count()
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).sum()
    });
    assert_eq!(recorded, THREADS * EACH);
    assert_eq!(rows(db, 1), recorded as i64);
    let against = THREADS * (0..EACH).filter(|i| i % 3 == 1).count();
    assert_eq!(raw_i64(db, "SELECT COUNT(*) FROM phone_votes WHERE option = 'against'"), against as i64);
}

fn a_close_during_voting_counts_every_vote_committed_before_it_and_refuses_the_rest(db: &Db) {
    const THREADS: usize = 4;
    const EACH: usize = 4_000;
    fixture(db, (THREADS * EACH) as u32);
    let vote_box = vote_box(db);
    let closed = Arc::new(AtomicBool::new(false));
    // Votes recorded so far, by all threads: the close comes once voting is well under way.
    let so_far = Arc::new(AtomicUsize::new(0));
    let recorded: usize = thread::scope(|scope| {
        let workers: Vec<_> = (0..THREADS)
            .map(|t| {
                let vote_box = vote_box.clone();
                let (closed, so_far) = (Arc::clone(&closed), Arc::clone(&so_far));
                scope.spawn(move || {
                    let mut recorded = 0;
                    for i in 0..EACH {
                        let after_close = closed.load(Ordering::SeqCst);
                        let outcome = vote_box.cast(vote(1, &bulk(t * EACH + i), "for")).unwrap();
                        match outcome {
                            Recorded => {
                                assert!(!after_close, "a vote cast after the close was recorded");
                                recorded += 1;
                                so_far.fetch_add(1, Ordering::SeqCst);
                            }
                            NotOpen { .. } if after_close => break,
                            NotOpen { .. } => {}
                            other => panic!("unexpected {other:?}"),
                        }
                    }
                    recorded
                })
            })
            .collect();
        let under_way = wait_until(Duration::from_secs(60), || so_far.load(Ordering::SeqCst) >= 400);
        assert!(under_way, "only {} votes recorded in a minute", so_far.load(Ordering::SeqCst));
        close(db, 1);
        closed.store(true, Ordering::SeqCst);
        workers.into_iter().map(|w| w.join().unwrap()).sum()
    });
    assert!(recorded > 0, "the close came before any vote: the test proves nothing");
    assert_eq!(rows(db, 1), recorded as i64, "every acknowledged vote, and only those, is in the table");
    let tally = raw_i64(db, "SELECT CAST(COALESCE(SUM(count), 0) AS BIGINT) FROM vote_counts WHERE motion_id = 1");
    assert_eq!(tally, recorded as i64, "the count taken at the close has every recorded vote");
}

fn votes_wait_for_a_busy_database_instead_of_failing(db: &Db) {
    fixture(db, 100);
    let vote_box = vote_box(db);
    // The main connection holds a write transaction while votes arrive (on SQLite: the lock).
    let receiver = db
        .store
        .write(|_repo| {
            let receiver = submit_all(&vote_box, (0..100).map(|i| vote(1, &bulk(i), "for")).collect());
            // Not a wait for something: a database busy for a while is the condition under test.
            // The votes queued in the box meanwhile must wait for the lock, not fail.
            thread::sleep(Duration::from_millis(300));
            Ok::<_, StoreError>(receiver)
        })
        .unwrap();
    assert!(in_order(&receiver, 100).iter().all(|o| *o == Recorded));
    assert_eq!(rows(db, 1), 100);
}

fn dropping_the_box_commits_and_answers_every_queued_vote(db: &Db) {
    fixture(db, 5_000);
    let vote_box = vote_box(db);
    let receiver = submit_all(&vote_box, (0..5_000).map(|i| vote(1, &bulk(i), "abstain")).collect());
    let clone = vote_box.clone();
    drop(vote_box);
    drop(clone);
    // The last drop waited for the writer: every reply has been called already.
    let outcomes: Vec<_> = receiver.try_iter().map(|(_, o)| o).collect();
    assert_eq!(outcomes.len(), 5_000);
    assert!(outcomes.iter().all(|o| *o == Ok(Recorded)));
    assert_eq!(rows(db, 1), 5_000);
}

fn votes_do_not_invalidate_cached_pages(db: &Db) {
    fixture(db, 0);
    let vote_box = vote_box(db);
    let before = db.store.generation();
    assert_eq!(vote_box.cast(vote(1, "ta1", "for")), Ok(Recorded));
    assert_eq!(db.store.generation(), before);
}

/// Throughput probe: 100,000 votes from 16 threads keeping 64 votes each in flight (1,024
/// concurrent voters). Run with
/// `cargo test --release -p cabildo --test it votebox::throughput -- --ignored --nocapture`.
mod throughput {
    use super::*;

    const VOTES: usize = 100_000;
    const THREADS: usize = 16;
    const IN_FLIGHT: usize = 64;

    fn probe(db: &Db) {
        fixture(db, VOTES as u32);
        let vote_box = vote_box(db);
        let started = Instant::now();
        let mut latencies: Vec<Duration> = thread::scope(|scope| {
            let workers: Vec<_> = (0..THREADS)
                .map(|t| {
                    let vote_box = vote_box.clone();
                    scope.spawn(move || {
                        let each = VOTES / THREADS;
                        let (sender, receiver) = mpsc::channel();
                        let submit = |i: usize| {
                            let sender = sender.clone();
                            let at = Instant::now();
                            let options = ["for", "against", "abstain"];
                            vote_box.submit(
                                vote(1, &bulk(t * each + i), options[i % 3]),
                                Box::new(move |outcome| {
                                    sender.send((at.elapsed(), outcome)).unwrap();
                                }),
                            );
                        };
                        let mut next = 0;
                        while next < IN_FLIGHT.min(each) {
                            submit(next);
                            next += 1;
                        }
                        let mut latencies = Vec::with_capacity(each);
                        while latencies.len() < each {
                            let (latency, outcome) = receiver.recv().unwrap();
                            assert_eq!(outcome, Ok(Recorded));
                            latencies.push(latency);
                            if next < each {
                                submit(next);
                                next += 1;
                            }
                        }
                        latencies
                    })
                })
                .collect();
            workers.into_iter().flat_map(|w| w.join().unwrap()).collect()
        });
        let elapsed = started.elapsed();
        latencies.sort();
        let at = |q: f64| latencies[((latencies.len() as f64 * q) as usize).min(latencies.len() - 1)];
        println!(
            "{}: {} votes in {:.2?}: {:.0} votes/s; latency p50 {:.1?}, p99 {:.1?}, max {:.1?}",
            db.store.backend(),
            latencies.len(),
            elapsed,
            latencies.len() as f64 / elapsed.as_secs_f64(),
            at(0.50),
            at(0.99),
            at(1.0),
        );
        assert_eq!(rows(db, 1), VOTES as i64);
    }

    #[test]
    #[ignore = "a throughput probe; run it in release mode"]
    fn sqlite() {
        probe(&Db::sqlite());
    }

    #[test]
    #[ignore = "a throughput probe; run it in release mode"]
    fn postgres() {
        if let Some(db) = Db::postgres() {
            probe(&db);
        }
    }
}
