//! Secret ballots, secret on disk: the attack of issue 11, run against the files.
//!
//! Six ballots cast one after the other used to leave, in SQLite's WAL, one transaction per ballot:
//! the page of `ballot_codes` with one code turned used, and the page of `vote_counts` with one
//! counter one higher. Whoever copied the files and knew who got which printed code read every
//! vote. And the codes lay in the table's page in the order of the printed sheet.
//!
//! Here the attacker's tools are a parser of SQLite's file format (the database file, then the
//! WAL's frames, transaction by transaction) and, on PostgreSQL, the row versions' transaction
//! ids. They look for a code whose choice they can tell: by the transaction (or WAL frame) it was
//! marked used in, by what else changed there, by where its row lies. They must find none.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use cabildo_domain::assembly::{AssemblyId, BallotOption, DecisionRule, MotionId, VoteMethod};
use cabildo_services::assembly::{self, Attendee, BallotReceipt, ConveneForm, ElectionForm, MIX, MotionForm};
use cabildo_store::Store;

use crate::support::{Db, TestApp, on_both_backends, op};

on_both_backends!(
    ballots_reach_the_database_only_in_mixed_batches,
    a_ballot_waiting_in_the_box_is_counted_at_the_close_and_refused_twice,
    the_ballot_and_phone_pages_take_nothing_but_the_motion_from_the_link,
);

/// A sindicato of `n` families in session, and a motion open to a secret ballot: the assembly,
/// the motion, and its codes in the order of the printed sheet.
pub fn secret_vote(store: &Store, code: &str, n: usize) -> (AssemblyId, MotionId, Vec<String>) {
    let households = crate::assembly::sindicato(store, code, n);
    let convene = ConveneForm {
        kind: "ordinaria".into(),
        title: "Asamblea del voto secreto".into(),
        scheduled_for: "2026-11-30 09:00".into(),
        place: "Sede".into(),
        agenda: "Revocatoria".into(),
    };
    let id = assembly::convene(store, &op(), code, &convene).unwrap().id;
    for h in &households {
        assembly::check_in(store, &op(), id, &Attendee::Household(*h), false).unwrap();
    }
    assembly::open(store, &op(), id).unwrap();
    let motion = MotionForm {
        title: "Revocatoria del delegado".into(),
        text: "La asamblea revoca al delegado.".into(),
        proposer: "Base".into(),
        origin: None,
        amends: None,
    };
    let m = assembly::add_motion(store, &op(), id, &motion).unwrap().id;
    let opened = assembly::open_vote(store, &op(), m, VoteMethod::Secret, DecisionRule::MajorityOfVotesCast).unwrap();
    assert_eq!(opened.codes.len(), n);
    (id, m, opened.codes)
}

/// The choice of the `i`-th voter: never five alike in a row, so that a batch's counters never
/// give its ballots away by being unanimous.
fn choice(i: usize) -> &'static str {
    ["for", "against", "for", "abstain", "for", "against", "against"][i % 7]
}

// --- SQLite's files, read as the attacker did -----------------------------------------------------

/// A value of a record in SQLite's format.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Int(i64),
    Text(String),
    Other,
}

fn varint(bytes: &[u8], at: usize) -> (u64, usize) {
    let mut value = 0u64;
    for i in 0..9 {
        let Some(&b) = bytes.get(at + i) else { return (value, i) };
        if i == 8 {
            return ((value << 8) | u64::from(b), 9);
        }
        value = (value << 7) | u64::from(b & 0x7f);
        if b & 0x80 == 0 {
            return (value, i + 1);
        }
    }
    (value, 9)
}

/// The values of a record (header of serial types, then the body).
fn record(bytes: &[u8]) -> Option<Vec<Value>> {
    let (header_len, n) = varint(bytes, 0);
    let header_len = usize::try_from(header_len).ok()?;
    let mut at = n;
    let mut types = Vec::new();
    while at < header_len {
        let (t, n) = varint(bytes, at);
        types.push(t);
        at += n;
    }
    let mut body = header_len;
    let mut values = Vec::new();
    for t in types {
        let (value, len) = match t {
            0 => (Value::Other, 0),
            1..=6 => {
                let len = [0, 1, 2, 3, 4, 6, 8][t as usize];
                let raw = bytes.get(body..body + len)?;
                let mut v: i64 = if raw.first().is_some_and(|b| b & 0x80 != 0) { -1 } else { 0 };
                for b in raw {
                    v = (v << 8) | i64::from(*b);
                }
                (Value::Int(v), len)
            }
            7 => (Value::Other, 8),
            8 => (Value::Int(0), 0),
            9 => (Value::Int(1), 0),
            t if t >= 13 && t % 2 == 1 => {
                let len = ((t - 13) / 2) as usize;
                (Value::Text(String::from_utf8_lossy(bytes.get(body..body + len)?).into_owned()), len)
            }
            t if t >= 12 => (Value::Other, ((t - 12) / 2) as usize),
            _ => return None,
        };
        values.push(value);
        body += len;
    }
    Some(values)
}

/// The records of a leaf page of an index b-tree (`WITHOUT ROWID` tables are such trees), with
/// each record's byte offset in the page. Other pages give nothing.
fn leaf_records(page: &[u8], page_number: u32) -> Vec<(usize, Vec<Value>)> {
    let header = if page_number == 1 { 100 } else { 0 };
    if page.get(header) != Some(&0x0a) {
        return Vec::new();
    }
    let cells = usize::from(u16::from_be_bytes([page[header + 3], page[header + 4]]));
    let mut out = Vec::new();
    for c in 0..cells {
        let at = header + 8 + 2 * c;
        let Some(pointer) = page.get(at..at + 2) else { break };
        let offset = usize::from(u16::from_be_bytes([pointer[0], pointer[1]]));
        let (payload, n) = varint(page, offset);
        let Some(bytes) = page.get(offset + n..offset + n + payload as usize) else { continue };
        if let Some(values) = record(bytes) {
            out.push((offset, values));
        }
    }
    out
}

/// What the attacker looks for in a page: codes (by hash) with their `used` mark and byte
/// offset, and the counters of the motion.
#[derive(Debug, Default)]
struct Seen {
    codes: HashMap<String, (bool, usize)>,
    counters: BTreeMap<String, i64>,
}

fn look(page: &[u8], page_number: u32, hashes: &BTreeSet<String>, motion: i64) -> Seen {
    let mut seen = Seen::default();
    for (offset, values) in leaf_records(page, page_number) {
        match values.as_slice() {
            [Value::Text(hash), Value::Int(m), Value::Int(used)] if *m == motion && hashes.contains(hash) => {
                seen.codes.insert(hash.clone(), (*used == 1, offset));
            }
            [Value::Int(m), Value::Text(option), Value::Int(count)]
                if *m == motion && ["for", "against", "abstain"].contains(&option.as_str()) =>
            {
                seen.counters.insert(option.clone(), *count);
            }
            _ => {}
        }
    }
    seen
}

/// One commit found in the files: the codes it turned used, and what it added to each counter.
#[derive(Debug)]
struct Commit {
    used: BTreeSet<String>,
    added: BTreeMap<String, i64>,
}

/// Reads a copy of the database file and its WAL as a forensic tool would: the pages of the file,
/// then each transaction of the WAL (frames up to a commit frame, with the WAL's salt) applied in
/// order. Returns every transaction that touched the codes or the counters of `motion`, and the
/// last state of every code: used or not, and its byte offset in its page.
fn replay(
    db: &[u8],
    wal: &[u8],
    hashes: &BTreeSet<String>,
    motion: i64,
) -> (Vec<Commit>, HashMap<String, (bool, usize)>) {
    let page_size = match u16::from_be_bytes([db[16], db[17]]) {
        1 => 65536,
        n => usize::from(n),
    };
    let mut used: HashMap<String, (bool, usize)> = HashMap::new();
    let mut counters: BTreeMap<String, i64> = BTreeMap::new();
    for (i, page) in db.chunks(page_size).enumerate() {
        let seen = look(page, i as u32 + 1, hashes, motion);
        used.extend(seen.codes);
        counters.extend(seen.counters);
    }
    let mut commits = Vec::new();
    if wal.len() < 32 {
        return (commits, used);
    }
    assert_eq!(u32::from_be_bytes(wal[8..12].try_into().unwrap()) as usize, page_size, "the WAL's page size");
    let salt = &wal[16..24];
    let mut frames: Vec<(u32, &[u8])> = Vec::new();
    let mut at = 32;
    while at + 24 + page_size <= wal.len() {
        let header = &wal[at..at + 24];
        if &header[8..16] != salt {
            break; // frames of an earlier generation of the WAL, overwritten
        }
        let page_number = u32::from_be_bytes(header[0..4].try_into().unwrap());
        frames.push((page_number, &wal[at + 24..at + 24 + page_size]));
        let commit = u32::from_be_bytes(header[4..8].try_into().unwrap()) != 0;
        if commit {
            let mut turned = BTreeSet::new();
            let mut added = BTreeMap::new();
            for (page_number, page) in frames.drain(..) {
                let seen = look(page, page_number, hashes, motion);
                for (hash, (now, offset)) in seen.codes {
                    let before = used.insert(hash.clone(), (now, offset)).is_some_and(|(b, _)| b);
                    if now && !before {
                        turned.insert(hash);
                    }
                }
                for (option, count) in seen.counters {
                    let before = counters.insert(option.clone(), count).unwrap_or(0);
                    if count != before {
                        added.insert(option, count - before);
                    }
                }
            }
            if !turned.is_empty() || !added.is_empty() {
                commits.push(Commit { used: turned, added });
            }
        }
        at += 24 + page_size;
    }
    (commits, used)
}

fn copy(path: &str) -> (Vec<u8>, Vec<u8>) {
    let db = std::fs::read(path).unwrap();
    let wal = std::fs::read(format!("{path}-wal")).unwrap_or_default();
    (db, wal)
}

/// What the attacker concludes from one copy: for each code, the choices it may have made. Every
/// transaction that marked codes used must mark at least MIX of them, add as many votes as codes,
/// and leave each of its codes more than one possible choice.
fn attack(copy: &(Vec<u8>, Vec<u8>), hashes: &BTreeSet<String>, motion: i64, moment: &str) -> usize {
    let (commits, _) = replay(&copy.0, &copy.1, hashes, motion);
    let mut marked = 0;
    for commit in &commits {
        let votes: i64 = commit.added.values().sum();
        if commit.used.is_empty() {
            continue; // the close writing the final tally over the counters
        }
        assert!(
            commit.used.len() >= MIX,
            "{moment}: a transaction marked only {} code(s) used, next to {:?}: they are linked to their choices",
            commit.used.len(),
            commit.added
        );
        assert_eq!(votes, commit.used.len() as i64, "{moment}: as many votes as codes, in one transaction");
        let possible = commit.added.values().filter(|n| **n > 0).count();
        assert!(possible >= 2, "{moment}: every code of a batch could have made any of {:?}", commit.added);
        marked += commit.used.len();
    }
    marked
}

#[test]
fn the_files_of_a_sqlite_database_never_link_a_code_to_its_choice() {
    let db = Db::sqlite();
    let s = &db.store;
    let (_, m, codes) = secret_vote(s, "SB", 23);
    let hashes: BTreeSet<String> = codes.iter().map(|c| assembly::code_hash(c).unwrap()).collect();
    // The setup's history out of the WAL, so that the WAL holds the whole vote below.
    db.raw_execute("PRAGMA wal_checkpoint(TRUNCATE)");

    // Copies of the files after every ballot, as someone with the disk could take them.
    let mut copies = Vec::new();
    for (i, code) in codes.iter().enumerate() {
        assembly::cast_secret_ballot(s, m, code, BallotOption::parse(choice(i)).unwrap()).unwrap();
        copies.push((format!("after ballot {}", i + 1), copy(&db.location)));
    }
    let result = assembly::close_vote(s, &op(), m).unwrap();
    let expected = |o: &str| (0..codes.len()).filter(|i| choice(*i) == o).count() as u64;
    assert_eq!(
        (result.tally.for_, result.tally.against, result.tally.abstain),
        (expected("for"), expected("against"), expected("abstain"))
    );
    copies.push(("after the close".into(), copy(&db.location)));

    for (moment, files) in &copies {
        attack(files, &hashes, m.0, moment);
    }
    // The last copy holds every ballot in its WAL: each one was marked used in a mixed batch.
    let (moment, last) = copies.last().unwrap();
    assert_eq!(attack(last, &hashes, m.0, moment), codes.len(), "the attacker parsed every ballot's commit");
    // Mid-vote, what waits in the box is on no disk at all.
    let (_, fourth) = &copies[3];
    assert_eq!(attack(fourth, &hashes, m.0, "after ballot 4"), 0, "four ballots are not yet written");

    // Where the rows lie: the byte offsets of the codes in their page do not follow the sheet.
    let (_, state) = replay(&last.0, &last.1, &hashes, m.0);
    let mut by_offset: Vec<(usize, usize)> =
        codes.iter().enumerate().map(|(sheet, code)| (state[&assembly::code_hash(code).unwrap()].1, sheet)).collect();
    by_offset.sort_unstable();
    let order: Vec<usize> = by_offset.iter().map(|(_, sheet)| *sheet).collect();
    let ascending: Vec<usize> = (0..codes.len()).collect();
    let descending: Vec<usize> = (0..codes.len()).rev().collect();
    assert!(order != ascending && order != descending, "the rows lie in the order of the printed sheet: {order:?}");
    // Nor does the row hold anything but the hash, the motion and the mark.
    assert_eq!(
        db.raw_texts("SELECT name FROM pragma_table_info('ballot_codes') ORDER BY name"),
        ["code_hash", "motion_id", "used"]
    );
}

/// On both backends: after each ballot the database holds no code marked used alone; on
/// PostgreSQL the row versions of the used codes, grouped by the transaction that wrote them
/// (`xmin`), come in groups of at least MIX; and no table of votes keeps a time.
fn ballots_reach_the_database_only_in_mixed_batches(db: &Db) {
    let s = &db.store;
    let (_, m, codes) = secret_vote(s, "SM", 17);
    let used = || db.raw_count_where("ballot_codes", &format!("motion_id = {} AND used = 1", m.0));
    let mut seen = Vec::new();
    for (i, code) in codes.iter().enumerate() {
        let receipt = assembly::cast_secret_ballot(s, m, code, BallotOption::parse(choice(i)).unwrap()).unwrap();
        // With nobody waiting on a reply, the one who fills the box is kept back with the newest.
        assert_eq!(receipt, BallotReceipt::InTheBox);
        let n = used();
        assert!(n == 0 || n >= MIX as i64, "after ballot {}: {n} code(s) used", i + 1);
        seen.push(n);
    }
    assert_eq!(seen.iter().filter(|n| **n > 0).min(), Some(&((2 * MIX - MIX) as i64)), "{seen:?}");
    let waiting = s.ballots_waiting(m).unwrap();
    assert!(waiting >= MIX, "the newest {MIX} at least wait for the close: {waiting}");
    assert_eq!(used() as usize + waiting, codes.len());
    if db.is_postgres() {
        let groups = db.raw_texts(&format!(
            "SELECT count(*)::text FROM ballot_codes WHERE motion_id = {} AND used = 1 GROUP BY xmin::text",
            m.0
        ));
        assert!(!groups.is_empty());
        for group in &groups {
            assert!(group.parse::<usize>().unwrap() >= MIX, "a transaction marked {group} code(s) used: {groups:?}");
        }
    }
    assembly::close_vote(s, &op(), m).unwrap();
    assert_eq!(used() as usize, codes.len());
    if db.is_postgres() {
        let groups = db.raw_texts(&format!(
            "SELECT count(*)::text FROM ballot_codes WHERE motion_id = {} AND used = 1 GROUP BY xmin::text",
            m.0
        ));
        assert!(groups.iter().all(|g| g.parse::<usize>().unwrap() >= MIX), "{groups:?}");
    }
    // No time per ballot or per phone vote, no row per ballot.
    for table in ["ballot_codes", "vote_counts", "phone_votes"] {
        let columns = db.raw_columns(table);
        for column in &columns {
            assert!(
                !["at", "created_at", "cast_at", "voted_at", "time"].contains(&column.as_str()),
                "{table}.{column} keeps a time"
            );
        }
    }
    assert_eq!(db.raw_columns("phone_votes"), ["motion_id", "option", "ticket_hash"]);
}

fn a_ballot_waiting_in_the_box_is_counted_at_the_close_and_refused_twice(db: &Db) {
    let s = &db.store;
    let (_, m, codes) = secret_vote(s, "SW", 3);
    assembly::cast_secret_ballot(s, m, &codes[0], BallotOption::For).unwrap();
    let twice = assembly::cast_secret_ballot(s, m, &codes[0], BallotOption::Against).unwrap_err();
    assert_eq!(twice.message().id, "ballot_in_the_box");
    let bad = assembly::cast_secret_ballot(s, m, &codes[1], BallotOption::Candidate(9)).unwrap_err();
    assert_eq!(bad.message().id, "unknown_option");
    assembly::cast_secret_ballot(s, m, &codes[1], BallotOption::Against).unwrap();
    assert_eq!(db.raw_count_where("ballot_codes", &format!("motion_id = {} AND used = 1", m.0)), 0);
    // Fewer ballots than MIX in the whole vote: written with the close, whose tally says as much.
    let result = assembly::close_vote(s, &op(), m).unwrap();
    assert_eq!((result.tally.for_, result.tally.against, result.tally.abstain), (1, 1, 0));
    assert_eq!(db.raw_count_where("ballot_codes", &format!("motion_id = {} AND used = 1", m.0)), 2);
    assert_eq!(s.ballots_waiting(m).unwrap(), 0);
    let late = assembly::cast_secret_ballot(s, m, &codes[2], BallotOption::For).unwrap_err();
    assert_eq!(late.message().id, "vote_not_open");
    let used = assembly::cast_secret_ballot(s, m, &codes[0], BallotOption::For).unwrap_err();
    assert_eq!(used.message().id, "vote_not_open");
}

// --- the pages: every label from the database ---------------------------------------------------

/// The choices a ballot page offers: each button's value and label.
fn buttons(html: &str) -> Vec<(String, String)> {
    html.split("<button class=\"choice\" name=\"choice\" value=\"")
        .skip(1)
        .map(|rest| {
            let (value, rest) = rest.split_once('"').unwrap();
            let label = rest.trim_start_matches('>').split("</button>").next().unwrap();
            (value.to_string(), label.to_string())
        })
        .collect()
}

/// The page's main content, without what changes from one request to the next (form tokens).
fn content(html: &str) -> String {
    let main = html.split("<main").nth(1).unwrap_or(html).split("</main>").next().unwrap_or_default();
    main.split("name=\"csrf\" value=\"")
        .enumerate()
        .map(|(i, part)| if i == 0 { part } else { part.split_once('"').map_or(part, |(_, r)| r) })
        .collect()
}

fn the_ballot_and_phone_pages_take_nothing_but_the_motion_from_the_link(db: &Db) {
    let s = &db.store;
    let (id, first, _) = secret_vote(s, "SL", 6);
    assembly::close_vote(s, &op(), first).unwrap();
    let door = assembly::door(s, &op(), id, None, 100).unwrap();
    let (a, b) = (&door[0].eligible, &door[1].eligible);
    let election = |title: &str| ElectionForm {
        office_title: title.into(),
        term_end: None,
        rule: "plurality".into(),
        candidates: vec![a.person_id, b.person_id],
    };
    let e = assembly::add_election(s, &op(), id, &election("Delegado")).unwrap().id;
    assembly::open_vote(s, &op(), e, VoteMethod::Secret, DecisionRule::MajorityOfVotesCast).unwrap();
    let candidates = s.read(|r| r.candidates(e)).unwrap();
    let (ca, cb) = (&candidates[0], &candidates[1]);
    let app = TestApp::empty(db).build();

    let plain = app.block_on(app.get(&format!("/ballot?motion={}", e.0), crate::support::Who::Anonymous));
    assert_eq!(plain.status, 200);
    let offered = buttons(&plain.body);
    assert_eq!(
        offered,
        [
            (format!("c{}", ca.id), ca.name.display()),
            (format!("c{}", cb.id), cb.name.display()),
            ("abstain".to_string(), "Abstención".to_string()),
        ]
    );
    assert!(plain.body.contains("Delegado"), "the page names the vote");

    // Names swapped, a candidate invented, options and titles added: nothing shown changes.
    let forged = [
        format!(
            "motion={}&c={}:{}&c={}:{}",
            e.0,
            ca.id,
            urlencoding(&cb.name.display()),
            cb.id,
            urlencoding(&ca.name.display())
        ),
        format!("motion={}&c=999:Impostor&title=Otra&for=Robar", e.0),
        format!("c={}:{}&motion={}&option=for&label=Otro", cb.id, urlencoding(&ca.name.display()), e.0),
    ];
    for query in &forged {
        let page = app.block_on(app.get(&format!("/ballot?{query}"), crate::support::Who::Anonymous));
        assert_eq!(page.status, 200, "{query}");
        assert_eq!(buttons(&page.body), offered, "{query}");
        assert_eq!(content(&page.body), content(&plain.body), "{query}");
        assert!(!page.body.contains("Impostor") && !page.body.contains("Robar"), "{query}");
        // The form posts to the ballot box's address alone: nothing of the link goes along.
        assert!(page.body.contains("action=\"/ballot\""), "{query}");
    }
    // A ballot posted through a forged link counts for the button pressed, as the page named it.
    let cast = app.block_on(app.visitor_post(
        &format!("/ballot?motion={}&c={}:{}", e.0, ca.id, urlencoding(&cb.name.display())),
        &format!("motion={}&code=NOT-A-CODE&choice=c{}", e.0, ca.id),
    ));
    assert_eq!(cast.status, 409, "{}", cast.body);
    assert_eq!(buttons(&cast.body), offered, "the answer's page also builds its labels on the server");

    // Once the vote is closed, the page offers no choices at all, whatever the link says.
    assembly::close_vote(s, &op(), e).unwrap();
    let closed =
        app.block_on(app.get(&format!("/ballot?motion={}&c={}:X", e.0, ca.id), crate::support::Who::Anonymous));
    assert!(buttons(&closed.body).is_empty(), "{}", closed.body);
    assert!(closed.body.contains("no está abierta"), "{}", closed.body);

    // The phone page: the same, for a vote by phone (in a cabildo abierto of the sindicato: phone
    // voting does not fit an ordinaria).
    let cabildo = ConveneForm {
        kind: "cabildo_abierto".into(),
        title: "Cabildo del voto por celular".into(),
        scheduled_for: "2026-11-30 11:00".into(),
        place: "Plaza".into(),
        agenda: "Vocal".into(),
    };
    let open_id = assembly::convene(s, &op(), "SL", &cabildo).unwrap().id;
    assembly::open(s, &op(), open_id).unwrap();
    assembly::issue_tickets(s, &op(), open_id, 3).unwrap();
    let p = assembly::add_election(s, &op(), open_id, &election("Vocal")).unwrap().id;
    assembly::open_vote(s, &op(), p, VoteMethod::Phone, DecisionRule::MajorityOfVotesCast).unwrap();
    let candidates = s.read(|r| r.candidates(p)).unwrap();
    let phone = app.block_on(app.get(&format!("/vote/{}", p.0), crate::support::Who::Anonymous));
    let offered: Vec<(String, String)> = buttons(&phone.body);
    assert_eq!(offered.len(), 3);
    assert_eq!(offered[0], (format!("c{}", candidates[0].id), candidates[0].name.display()));
    let forged = format!(
        "/vote/{}?c={}:Impostor&c={}:{}",
        p.0,
        candidates[0].id,
        candidates[1].id,
        urlencoding(&candidates[0].name.display())
    );
    let page = app.block_on(app.get(&forged, crate::support::Who::Anonymous));
    assert_eq!(buttons(&page.body), offered);
    assert_eq!(content(&page.body), content(&phone.body));
    assert!(page.body.contains(&format!("action=\"/vote/{}\"", p.0)));
    // A secret ballot's motion on the phone page (or the reverse) offers nothing.
    let wrong = app.block_on(app.get(&format!("/ballot?motion={}", p.0), crate::support::Who::Anonymous));
    assert!(buttons(&wrong.body).is_empty());
    drop(app);
}

fn urlencoding(text: &str) -> String {
    text.bytes()
        .map(|b| if b.is_ascii_alphanumeric() { char::from(b).to_string() } else { format!("%{b:02X}") })
        .collect()
}
