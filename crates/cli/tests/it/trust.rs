//! What issue 11 left open, on both backends: a padrón import that never holds the write lock for
//! the whole file yet shows all of it or nothing; the verification page checking the key log
//! against the server's pin; accounts whose key an administrator endorses at creation; API
//! tokens' last use; the index behind `registered_in`; an election whose winner left the
//! register while the vote was open.

use std::cell::Cell;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use axum::http::StatusCode;
use cabildo_domain::BodyKind;
use cabildo_domain::acta::SigningKey;
use cabildo_domain::assembly::{BallotOption, DecisionRule, VoteMethod};
use cabildo_domain::keylog::KeyKind;
use cabildo_services::ServiceError;
use cabildo_services::access::{self};
use cabildo_services::assembly::{self, Attendee, ConveneForm, ElectionForm};
use cabildo_services::import::{ImportError, import_file};
use cabildo_services::keys::{self, KeyPin};
use cabildo_services::registry::{self, BodyForm};
use cabildo_store::Store;

use crate::keys::{ADMIN_PASSWORD, COST, PASSWORD, cli, federation, findings, head, plant_key, sealed_assembly};
use crate::support::{Db, NOW, TestApp, on_both_backends, op, today};

on_both_backends!(
    a_staged_import_shows_nothing_until_its_swap_and_nothing_when_the_swap_fails,
    other_writers_get_the_lock_between_the_chunks_of_an_import,
    a_file_bad_past_its_first_chunks_names_every_bad_line_and_leaves_nothing,
    a_swap_that_misses_staged_rows_is_refused_whole,
    the_verification_page_checks_the_keys_against_the_servers_pin,
    an_account_made_with_an_administrators_endorsement_needs_no_new_pin,
    an_api_tokens_last_use_is_recorded_once_a_minute_and_shown,
    the_register_lookup_by_person_uses_an_index,
    an_election_whose_winner_left_the_register_is_not_closed,
    the_padron_is_downloaded_and_printed_with_its_pages_counted,
    a_title_line_and_unknown_columns_on_the_import_form,
);

/// A central with an empty sindicato `code` under it.
fn empty_sindicato(s: &Store, code: &str) {
    for (parent, kind, code) in [
        (None, BodyKind::Central, format!("C-{code}")),
        (Some(format!("C-{code}")), BodyKind::Sindicato, code.to_string()),
    ] {
        let form =
            BodyForm { parent, kind, composition: None, name: format!("Organización {code}"), code: Some(code) };
        registry::create_body(s, &op(), &form).unwrap();
    }
}

/// A padrón of `n` families, one parcel each (`L-1`…).
fn padron(dir: &tempfile::TempDir, n: usize) -> std::path::PathBuf {
    let given = ["Juana", "Pedro", "Rosa", "Eusebio", "Santos", "María", "Felipa", "Lucio"];
    let mut text = String::from("N°;Apellido Paterno;Nombres;Nro. Lote\n");
    for i in 1..=n {
        text.push_str(&format!("{i};Mamani;{} {};L-{i}\n", given[i % 8], given[(i / 8) % 8]));
    }
    let path = dir.path().join("padron.csv");
    std::fs::write(&path, text).unwrap();
    path
}

fn households_in(db: &Db, code: &str) -> i64 {
    db.raw_count_where("households", &format!("body_id = (SELECT id FROM bodies WHERE code = '{code}')"))
}

fn a_staged_import_shows_nothing_until_its_swap_and_nothing_when_the_swap_fails(db: &Db) {
    let s = &db.store;
    empty_sindicato(s, "S9");
    let dir = tempfile::tempdir().unwrap();
    let file = padron(&dir, 30);

    // What a process killed mid-import leaves: an import staged two days ago, never swapped. It
    // is in no padrón and no count, and the next import drops it.
    db.raw_execute(&format!(
        "INSERT INTO padron_imports (id, body_id, started_at) SELECT 99, id, {} FROM bodies WHERE code = 'S9'",
        NOW - 2 * 86_400
    ));
    let ghost =
        if db.is_postgres() { "'0190a0f0-0000-7000-8000-000000000001'" } else { "X'0190A0F0000070008000000000000001'" };
    let ghost_person =
        if db.is_postgres() { "'0190a0f0-0000-7000-8000-000000000002'" } else { "X'0190A0F0000070008000000000000002'" };
    db.raw_execute(&format!(
        "INSERT INTO import_households (import_id, body_id, public_id, person_public_id, given_names, first_surname, \
         search_key, register_number) SELECT 99, id, {ghost}, {ghost_person}, 'Fantasma', 'Mamani', 'fantasma mamani', '999' \
         FROM bodies WHERE code = 'S9'"
    ));
    assert_eq!(registry::body_overview(s, &op(), "S9").unwrap().members, 0, "the staged family counts nowhere");
    assert_eq!(registry::padron_page(s, &op(), "S9", None, 0, 50).unwrap(), vec![]);

    // `progress` is called at the end of each pass over the file: checking, then staging; the
    // second call comes before the swap.
    let calls = Cell::new(0);
    let seen_before_swap = Cell::new((-1, -1));
    let report = import_file(s, &op(), &file, "S9", &[], &|_| {
        calls.set(calls.get() + 1);
        if calls.get() == 2 {
            seen_before_swap.set((households_in(db, "S9"), db.raw_count("import_households")));
        }
    })
    .unwrap();
    assert_eq!(seen_before_swap.get(), (0, 30), "staged, and not yet in the register (the abandoned import dropped)");
    assert_eq!((report.households_created, report.parcels_created), (30, 30));
    assert_eq!(households_in(db, "S9"), 30);
    assert_eq!(db.raw_count("import_households") + db.raw_count("padron_imports"), 0, "staging emptied");
    let timings = report.timings.unwrap();
    assert!(timings.swap <= timings.written && timings.longest_lock <= timings.written, "{timings:?}");

    // A second file, while someone else takes one of its parcel codes between the staging and
    // the swap: the whole swap is refused, nothing of the file is in the register.
    let more = dir.path().join("more.csv");
    let mut text = String::from("N°;Apellido Paterno;Nombres;Nro. Lote\n");
    for i in 31..=40 {
        text.push_str(&format!("{i};Quispe;Lucio;L-{i}\n"));
    }
    std::fs::write(&more, text).unwrap();
    let calls = Cell::new(0);
    let refused = import_file(s, &op(), &more, "S9", &[], &|_| {
        calls.set(calls.get() + 1);
        if calls.get() == 2 {
            db.raw_execute(
                "INSERT INTO parcels (body_id, household_id, code, public_id) \
                 SELECT body_id, id, 'L-40', public_id FROM households WHERE register_number = '1'",
            );
        }
    });
    assert!(matches!(refused, Err(ImportError::Service(ServiceError::ImportChangedMeanwhile))), "{refused:?}");
    assert_eq!(households_in(db, "S9"), 30, "none of the second file's families");
    assert_eq!(db.raw_count_where("parcels", "code = 'L-31'"), 0);
    assert_eq!(db.raw_count("import_households") + db.raw_count("padron_imports"), 0, "staging emptied");

    // A registered family changed by a file is changed only at the swap.
    let changed = dir.path().join("changed.csv");
    std::fs::write(&changed, "N°;Apellido Paterno;Nombres;Nro. Lote\n1;Mamani;Juana Corregida;L-1\n").unwrap();
    let calls = Cell::new(0);
    let before = Cell::new(String::new());
    import_file(s, &op(), &changed, "S9", &[], &|_| {
        calls.set(calls.get() + 1);
        if calls.get() == 2 {
            before.set(db.raw_texts("SELECT given_names FROM persons p JOIN households h ON h.person_id = p.id WHERE h.register_number = '1'").concat());
        }
    })
    .unwrap();
    assert_ne!(before.take(), "Juana Corregida", "not changed before the swap");
    let after = db.raw_texts(
        "SELECT given_names FROM persons p JOIN households h ON h.person_id = p.id WHERE h.register_number = '1'",
    );
    assert_eq!(after, ["Juana Corregida"]);
}

/// The import writes 6,000 families in chunks of 2,000: another connection, writing all along,
/// gets the write lock while only part of the file is staged (on SQLite, a `BEGIN IMMEDIATE`
/// transaction; on PostgreSQL, whose writers do not lock each other, it sees the chunks commit).
fn other_writers_get_the_lock_between_the_chunks_of_an_import(db: &Db) {
    let s = &db.store;
    empty_sindicato(s, "S9");
    let dir = tempfile::tempdir().unwrap();
    let file = padron(&dir, 6_000);
    let done = Arc::new(AtomicBool::new(false));
    let observer = {
        let done = Arc::clone(&done);
        let location = db.location.clone();
        let postgres = db.is_postgres();
        std::thread::spawn(move || {
            let mut counts = Vec::new();
            if postgres {
                let url = std::env::var("CABILDO_TEST_POSTGRES_URL").unwrap();
                let schema = location.split("search_path%3D").nth(1).unwrap().to_string();
                let mut client = ::postgres::Client::connect(&url, ::postgres::NoTls).unwrap();
                client.batch_execute(&format!("SET search_path TO {schema}")).unwrap();
                while !done.load(Ordering::SeqCst) {
                    let mut tx = client.transaction().unwrap();
                    tx.batch_execute("UPDATE bodies SET name = name WHERE code = 'S9'").unwrap();
                    let n: i64 = tx.query_one("SELECT count(*) FROM import_households", &[]).unwrap().get(0);
                    tx.commit().unwrap();
                    counts.push(n);
                    std::thread::sleep(Duration::from_millis(5));
                }
            } else {
                let conn = rusqlite::Connection::open(&location).unwrap();
                conn.busy_timeout(Duration::from_secs(60)).unwrap();
                while !done.load(Ordering::SeqCst) {
                    conn.execute_batch("BEGIN IMMEDIATE").unwrap();
                    let n: i64 = conn.query_row("SELECT count(*) FROM import_households", [], |r| r.get(0)).unwrap();
                    conn.execute_batch("COMMIT").unwrap();
                    counts.push(n);
                    std::thread::sleep(Duration::from_millis(5));
                }
            }
            counts
        })
    };
    let report = import_file(s, &op(), &file, "S9", &[], &|_| {}).unwrap();
    done.store(true, Ordering::SeqCst);
    let counts = observer.join().unwrap();
    assert_eq!(report.households_created, 6_000);
    let between: Vec<i64> = counts.iter().copied().filter(|n| *n > 0 && *n < 6_000).collect();
    assert!(!between.is_empty(), "no write got in while the file was part-staged: {counts:?}");
    assert!(between.iter().all(|n| n % 2_000 == 0), "only whole chunks are seen: {between:?}");
}

/// A file bad far past its first chunks: every bad line is named, and since the whole file is
/// checked before anything is staged, nothing is staged at all; the register shows nothing of it.
fn a_file_bad_past_its_first_chunks_names_every_bad_line_and_leaves_nothing(db: &Db) {
    let s = &db.store;
    empty_sindicato(s, "S9");
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("N°;Apellido Paterno;Nombres;Nro. Lote;Superficie (ha)\n");
    for i in 1..=9_000 {
        let area = match i {
            6_500 => "mucho",
            8_999 => "x",
            _ => "2",
        };
        text.push_str(&format!("{i};Mamani;Juana;L-{i};{area}\n"));
    }
    // A parcel twice, past the first bad line: still named.
    text.push_str("9001;Quispe;Lucio;L-17;2\n");
    let path = dir.path().join("bad.csv");
    std::fs::write(&path, text).unwrap();
    let staged_during = Cell::new(0);
    let refused = import_file(s, &op(), &path, "S9", &[], &|_| {
        staged_during.set(staged_during.get().max(db.raw_count("import_households")));
    });
    let Err(ImportError::Rejected { problems, bad_rows, rows }) = refused else { panic!("{refused:?}") };
    assert_eq!((bad_rows, rows), (3, 9_001), "{problems:?}");
    let lines: Vec<u64> = problems.iter().map(|p| p.line).collect();
    assert_eq!(lines, [6_501, 9_000, 9_002], "{problems:?}");
    assert_eq!(problems[0].value, "mucho");
    assert!(matches!(problems[2].error, ServiceError::DuplicateParcelInFile { first_line: 18, .. }), "{problems:?}");
    assert_eq!(staged_during.get(), 0, "refused by the check, before any staging");
    assert_eq!(households_in(db, "S9"), 0, "nothing of the file in the register");
    assert_eq!(db.raw_count("import_households") + db.raw_count("padron_imports"), 0, "staging emptied");

    // A file whose header is not a padrón's, and an import by someone who may not edit the
    // register, are refused before an import begins.
    std::fs::write(&path, "Fecha;Monto\n2026-01-01;5\n").unwrap();
    let refused = import_file(s, &op(), &path, "S9", &[], &|_| {});
    assert!(matches!(refused, Err(ImportError::Service(ServiceError::Header(_)))), "{refused:?}");
    let good = padron(&dir, 10);
    let stranger = cabildo_services::Ctx { actor: cabildo_services::access::Actor::Anonymous, ..op() };
    let refused = import_file(s, &stranger, &good, "S9", &[], &|_| {});
    assert!(matches!(refused, Err(ImportError::Service(ServiceError::SignInRequired))), "{refused:?}");
    assert_eq!(db.raw_count("padron_imports"), 0);
    assert_eq!(households_in(db, "S9"), 0);
}

/// The swap counts the rows it finds against those the import staged: staged rows lost between
/// the staging and the swap (on PostgreSQL, unlogged tables emptied by a crash of the server)
/// refuse the whole import instead of swapping part of the file.
fn a_swap_that_misses_staged_rows_is_refused_whole(db: &Db) {
    let s = &db.store;
    empty_sindicato(s, "S9");
    let dir = tempfile::tempdir().unwrap();
    let file = padron(&dir, 30);
    for lost in ["import_parcels", "import_households"] {
        let refused = import_file(s, &op(), &file, "S9", &[], &|_| {
            db.raw_execute(&format!("DELETE FROM {lost} WHERE id IN (SELECT MAX(id) FROM {lost})"));
        });
        assert!(matches!(refused, Err(ImportError::Service(ServiceError::ImportChangedMeanwhile))), "{refused:?}");
        assert_eq!(households_in(db, "S9"), 0, "{lost}: nothing swapped");
        assert_eq!(db.raw_count("import_households") + db.raw_count("padron_imports"), 0, "staging emptied");
    }
    // Changes to registered families are counted too.
    import_file(s, &op(), &file, "S9", &[], &|_| {}).unwrap();
    let changed = dir.path().join("changed.csv");
    std::fs::write(&changed, "N°;Apellido Paterno;Nombres;Nro. Lote\n1;Mamani;Juana Corregida;L-1\n").unwrap();
    let refused = import_file(s, &op(), &changed, "S9", &[], &|_| {
        db.raw_execute("DELETE FROM import_person_updates");
    });
    assert!(matches!(refused, Err(ImportError::Service(ServiceError::ImportChangedMeanwhile))), "{refused:?}");
    let names = db.raw_texts(
        "SELECT given_names FROM persons p JOIN households h ON h.person_id = p.id WHERE h.register_number = '1'",
    );
    assert_ne!(names, ["Juana Corregida"]);
    let report = import_file(s, &op(), &changed, "S9", &[], &|_| {}).unwrap();
    assert_eq!(report.households_updated, 1);
}

fn verify_page(app: &TestApp, cookie: &str, body: i64) -> String {
    let reply = app.block_on(app.request("GET", &format!("/bodies/{body}/verify")).cookie(cookie).send());
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.body
}

/// The page says whether the keys are pinned; with the server's pin it finds a key planted after
/// it (a self-signed entry appended to the log); a pin that does not match is said so.
fn the_verification_page_checks_the_keys_against_the_servers_pin(db: &Db) {
    let mut app = TestApp::empty(db).build();
    let s = Arc::clone(&app.state.store);
    let households = federation(&s);
    sealed_assembly(&s, &households, 1, PASSWORD, 1000);
    let pin = head(&s);
    let cookie = app.block_on(app.sign_in("ana", ADMIN_PASSWORD));
    let s7 = app.body("S7");

    let page = verify_page(&app, &cookie, s7);
    assert!(page.contains("id=\"keys-unpinned\"") && page.contains("cabildo serve --key-pin"), "{page}");
    assert!(page.contains("id=\"chain-ok\""), "{page}");

    app.state.configure().expect("no request under way").key_pin = Some(pin.clone());
    let page = verify_page(&app, &cookie, s7);
    assert!(page.contains("id=\"keys-pinned\"") && page.contains(&pin.to_string()), "{page}");
    assert!(page.contains("id=\"chain-ok\""), "{page}");
    let verification =
        || app.block_on(app.request("GET", &format!("/api/v1/bodies/{s7}/verification")).cookie(&cookie).api());
    let (status, json) = verification();
    assert_eq!(
        (status, json["keys_pinned"].as_bool(), json["clean"].as_bool()),
        (StatusCode::OK, Some(true), Some(true))
    );

    // A key planted after the pin: a well-formed, self-signed entry for a new account.
    let mallory = access::create_account(&s, &op(), COST, "mallory", "Mallory", PASSWORD).unwrap();
    let planted = SigningKey::from_seed(&[9; 32]);
    plant_key(&s, &mallory, &planted);
    let page = verify_page(&app, &cookie, s7);
    assert!(!page.contains("id=\"chain-ok\""), "{page}");
    assert!(page.contains("ninguna clave de confianza la avala"), "{page}");
    let (_, json) = verification();
    assert_eq!(json["clean"].as_bool(), Some(false), "{json}");
    assert!(json["problems"].as_array().unwrap().iter().any(|p| p["code"] == "key_unendorsed"), "{json}");
    // Without the pin the same log is taken as found: the planted key passes unseen.
    app.state.configure().expect("no request under way").key_pin = None;
    let page = verify_page(&app, &cookie, s7);
    assert!(page.contains("id=\"keys-unpinned\"") && page.contains("id=\"chain-ok\""), "{page}");

    // A pin that does not match the log (another hash for its entry).
    let wrong: KeyPin = format!("cabildo-keys:{}:{}", pin.seq, "ab".repeat(32)).parse().unwrap();
    app.state.configure().expect("no request under way").key_pin = Some(wrong);
    let page = verify_page(&app, &cookie, s7);
    assert!(page.contains("id=\"keys-pin-mismatch\""), "{page}");
    assert!(!page.contains("id=\"chain-ok\""), "{page}");

    // The server refuses a pin it cannot read.
    let (code, text) = cli(db, &["serve", "--listen", "127.0.0.1:0", "--key-pin", "cabildo-keys:1:nope"], "");
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("no es una referencia del registro de claves"), "{text}");
}

/// `cabildo user add --endorse-by`: the key is made at creation and endorsed by the
/// administrator's, so the pin taken before still vouches for it; a wrong administrator's
/// password makes no account; without it, the command says the key will be self-signed.
fn an_account_made_with_an_administrators_endorsement_needs_no_new_pin(db: &Db) {
    let s = &db.store;
    let households = federation(s);
    sealed_assembly(s, &households, 1, PASSWORD, 1000);
    let pin = head(s);

    let (code, text) = cli(
        db,
        &["user", "add", "lucia", "--name", "Lucía Condori", "--password-stdin", "--endorse-by", "ana"],
        &format!("{ADMIN_PASSWORD}\n{PASSWORD}\n"),
    );
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("respaldada por la clave de ana"), "{text}");
    let (entries, trust) = keys::key_log(s, &op(), Some(&pin)).unwrap();
    assert_eq!(trust.problems, vec![], "the old pin still vouches for the log");
    let lucia = entries.iter().find(|e| e.username == "lucia").unwrap();
    assert_eq!(lucia.kind, KeyKind::Issued);
    assert!(trust.key(&lucia.public_key).is_some(), "lucia's key is trusted");
    assert_eq!(findings(s, Some(&pin)), Vec::<String>::new());

    // A wrong administrator's password: no account, no key.
    let (code, text) = cli(
        db,
        &["user", "add", "pablo", "--name", "Pablo", "--password-stdin", "--endorse-by", "ana"],
        &format!("no es esta\n{PASSWORD}\n"),
    );
    assert_eq!(code, Some(1), "{text}");
    assert!(s.read(|repo| repo.account_by_username("pablo")).unwrap().is_none());
    // Someone without the right to manage accounts cannot endorse.
    let (code, text) = cli(
        db,
        &["user", "add", "pablo", "--name", "Pablo", "--password-stdin", "--endorse-by", "rosa"],
        &format!("{PASSWORD}\n{PASSWORD}\n"),
    );
    assert_eq!(code, Some(1), "{text}");
    assert!(s.read(|repo| repo.account_by_username("pablo")).unwrap().is_none());

    // Without --endorse-by the operator is told what it means and what to do.
    let (code, text) =
        cli(db, &["user", "add", "pablo", "--name", "Pablo", "--password-stdin"], &format!("{PASSWORD}\n"));
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("--endorse-by"), "{text}");
}

fn an_api_tokens_last_use_is_recorded_once_a_minute_and_shown(db: &Db) {
    let app = TestApp::demo(db).families(20).build();
    let last_used = || {
        db.raw_texts("SELECT CAST(last_used_at AS TEXT) FROM api_tokens t JOIN accounts a ON a.id = t.account_id WHERE a.username = 'actas' AND last_used_at IS NOT NULL")
    };
    assert_eq!(last_used(), Vec::<String>::new());
    let sindicato = app.sindicato();
    let path = format!("/api/v1/bodies/{sindicato}");
    app.block_on(app.api_ok("GET", &path, "actas", None, StatusCode::OK));
    assert_eq!(last_used(), [NOW.to_string()]);
    app.set_clock(NOW + 59, today());
    app.block_on(app.api_ok("GET", &path, "actas", None, StatusCode::OK));
    assert_eq!(last_used(), [NOW.to_string()], "not again within the minute");
    app.set_clock(NOW + 61, today());
    app.block_on(app.api_ok("GET", &path, "actas", None, StatusCode::OK));
    assert_eq!(last_used(), [(NOW + 61).to_string()]);
    // A forged token records nothing and gets in nowhere.
    let reply = app.block_on(app.request("GET", &path).header("Authorization", "Bearer forged").send());
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    // Shown in the account's token list.
    let page = app.block_on(app.get("/accounts/actas", "actas"));
    assert!(page.body.contains("Último uso"), "{}", page.body);
    let moment = chrono::DateTime::from_timestamp(NOW + 61, 0).unwrap().with_timezone(&chrono::Local);
    assert!(page.body.contains(&moment.format("%d/%m/%Y %H:%M").to_string()), "{}", page.body);
}

/// `registered_in` asks the three registers by person: each has an index the planner takes.
fn the_register_lookup_by_person_uses_an_index(db: &Db) {
    let sql = "SELECT person_id, body_id FROM households WHERE ended_on IS NULL AND person_id IN (1, 2) \
               UNION SELECT person_id, body_id FROM memberships WHERE until IS NULL AND person_id IN (1, 2) \
               UNION SELECT person_id, body_id FROM offices WHERE ended_on IS NULL AND person_id IN (1, 2)";
    let plan = if db.is_postgres() {
        let url = std::env::var("CABILDO_TEST_POSTGRES_URL").unwrap();
        let schema = db.location.split("search_path%3D").nth(1).unwrap().to_string();
        let mut client = ::postgres::Client::connect(&url, ::postgres::NoTls).unwrap();
        // The test's tables are tiny: a sequential scan would win on cost. Forbidding it shows
        // whether an index fits the query at all.
        client.batch_execute(&format!("SET search_path TO {schema}; SET enable_seqscan = off")).unwrap();
        let rows = client.query(&format!("EXPLAIN {sql}"), &[]).unwrap();
        rows.iter().map(|r| r.get::<_, String>(0)).collect::<Vec<_>>().join("\n")
    } else {
        let conn = rusqlite::Connection::open(&db.location).unwrap();
        let mut statement = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        let rows = statement.query_map([], |r| r.get::<_, String>(3)).unwrap();
        rows.map(|r| r.unwrap()).collect::<Vec<_>>().join("\n")
    };
    for index in ["households_current_person", "memberships_current_person", "offices_current_person"] {
        assert!(plan.contains(index), "{index} not used:\n{plan}");
    }
}

/// The winner's family leaves the padrón while the vote is open: the close is refused, naming
/// them, and no office is given; back on the register, the close goes through.
fn an_election_whose_winner_left_the_register_is_not_closed(db: &Db) {
    let s = &db.store;
    let households = federation(s);
    let form = ConveneForm {
        kind: "ordinaria".into(),
        title: "Elección".into(),
        scheduled_for: "2026-03-15 09:00".into(),
        place: "Cancha".into(),
        agenda: "Elección".into(),
    };
    let id = assembly::convene(s, &op(), "S7", &form).unwrap().id;
    for h in &households[..4] {
        assembly::check_in(s, &op(), id, &Attendee::Household(*h), false).unwrap();
    }
    assembly::open(s, &op(), id).unwrap();
    let persons: Vec<i64> = households[..2]
        .iter()
        .map(|h| s.read(|repo| repo.household(*h)).unwrap().unwrap().representative.id.0)
        .collect();
    let election = ElectionForm {
        office_title: "Secretario General".into(),
        term_end: None,
        rule: "plurality".into(),
        candidates: persons.iter().map(|p| cabildo_domain::PersonId(*p)).collect(),
    };
    let motion = assembly::add_election(s, &op(), id, &election).unwrap().id;
    let view = assembly::view(s, &op(), id).unwrap();
    let candidates = view.motions.into_iter().find(|v| v.motion.id == motion).unwrap().candidates;
    assembly::open_vote(s, &op(), motion, VoteMethod::ShowOfHands, DecisionRule::MajorityOfVotesCast).unwrap();
    let winner = candidates.iter().find(|c| c.person_id.0 == persons[0]).unwrap();
    let loser = candidates.iter().find(|c| c.person_id.0 == persons[1]).unwrap();
    assembly::record_hands(
        s,
        &op(),
        motion,
        &[(BallotOption::Candidate(winner.id), 3), (BallotOption::Candidate(loser.id), 1)],
    )
    .unwrap();
    db.raw_execute(&format!("UPDATE households SET ended_on = '2026-03-15' WHERE person_id = {}", persons[0]));
    let offices_before = db.raw_count("offices");
    match assembly::close_vote(s, &op(), motion) {
        Err(ServiceError::Assembly(cabildo_services::Refusal::ElectedNotRegistered { name, body })) => {
            assert!(name.contains("Juana A"), "{name}");
            assert!(body.contains("S7"), "{body}");
        }
        other => panic!("closed anyway: {other:?}"),
    }
    assert_eq!(db.raw_count("offices"), offices_before, "no office given");
    db.raw_execute(&format!("UPDATE households SET ended_on = NULL WHERE person_id = {}", persons[0]));
    let result = assembly::close_vote(s, &op(), motion).unwrap();
    assert_eq!(result.elected.map(|n| n.display()).as_deref(), Some("Juana A Mamani Quispe"));
    assert_eq!(db.raw_count("offices"), offices_before + 1);
}

fn multipart(csrf: &str, file: &str) -> (String, String) {
    let boundary = "cabildo-trust-boundary";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"p.csv\"\r\n\r\n{file}\r\n--{boundary}--\r\n"
    );
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// The padrón page counts its pages ("Página 1 de N"); the padrón downloads as the file the
/// import reads (importing it back changes nothing) and prints in numbered sheets. Another
/// federation's padrón is neither downloaded nor printed, and nobody signed out gets it.
fn the_padron_is_downloaded_and_printed_with_its_pages_counted(db: &Db) {
    let app = TestApp::demo(db).families(400).build();
    let sindicato = app.sindicato();
    let total = db.raw_count_where("households", &format!("body_id = {sindicato} AND ended_on IS NULL"));
    assert!(total > 50, "the demo sindicato needs more than a page: {total}");
    let pages = (total + 49) / 50;
    let prints = (total + 29) / 30;
    let (page, csv, print, other_csv, other_print, anonymous) = app.block_on(async {
        (
            app.get(&format!("/bodies/{sindicato}/padron"), "actas").await,
            app.get(&format!("/bodies/{sindicato}/padron.csv"), "actas").await,
            app.get(&format!("/bodies/{sindicato}/padron/print"), "actas").await,
            app.get(&format!("/bodies/{}/padron.csv", app.other_sindicato()), "actas").await,
            app.get(&format!("/bodies/{}/padron/print", app.other_sindicato()), "actas").await,
            app.get(&format!("/bodies/{sindicato}/padron.csv"), crate::support::Who::Anonymous).await,
        )
    });
    assert!(page.body.contains(&format!("Página 1 de {pages}")), "{}", page.body);
    assert!(page.body.contains(&format!("{total} familias")), "{}", page.body);
    assert!(page.body.contains(&format!("href=\"/bodies/{sindicato}/padron.csv\"")), "{}", page.body);

    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(csv.content_type(), "text/csv; charset=utf-8");
    let disposition = csv.headers.get("content-disposition").unwrap().to_str().unwrap();
    assert_eq!(disposition, "attachment; filename=\"padron-F1-C01-S01.csv\"");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bajado.csv");
    std::fs::write(&file, &csv.bytes).unwrap();
    let report = import_file(&app.state.store, &op(), &file, "F1-C01-S01", &[], &|_| {}).unwrap();
    assert_eq!(report.rows, report.rows_unchanged, "the download imports back to the same padrón");
    assert_eq!(report.households_created + report.parcels_created + report.households_updated, 0);
    assert!(report.rows as i64 >= total);

    assert_eq!(print.status, StatusCode::OK);
    assert!(print.body.contains(&format!("Página 1 de {prints}")), "{}", print.body);
    assert!(print.body.contains(&format!("Página {prints} de {prints}")), "{}", print.body);
    assert_eq!(print.body.matches("<td class=\"signature\">").count() as i64, total);

    // Another federation's padrón: refused, with none of its names.
    let other_name = db.raw_texts(&format!(
        "SELECT p.first_surname || ', ' || p.given_names FROM households h JOIN persons p ON p.id = h.person_id \
         WHERE h.body_id = {} LIMIT 1",
        app.other_sindicato()
    ));
    for reply in [&other_csv, &other_print] {
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", reply.body);
        assert!(!reply.body.contains(&other_name[0]), "{}", reply.body);
    }
    assert_ne!(anonymous.status, StatusCode::OK);
    assert!(!anonymous.body.contains("Código Sindicato"));
}

/// A file with a title line without separators above its header, and a column the import does not
/// know ("Firma"), through the web form: imported, and the column listed as ignored. The same
/// form posted with a forged token imports nothing.
fn a_title_line_and_unknown_columns_on_the_import_form(db: &Db) {
    let app = TestApp::demo(db).families(20).build();
    let before = db.raw_count("households");
    let file = "PADRÓN DEL SINDICATO SAN JOSÉ 2026\r\nN°;Apellido Paterno;Nombres;Nro. Lote;Firma\r\n901;Mamani;Juana;T-901;\r\n902;Choque;Pedro;T-902;\r\n";
    let path = format!("/bodies/{}/import", app.sindicato());
    let reply = app.block_on(async {
        let (content_type, body) = multipart("forged-token", file);
        app.request("POST", &path).by("actas").body(&content_type, body).send().await
    });
    assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", reply.body);
    assert_eq!(db.raw_count("households"), before);
    let reply = app.block_on(async {
        let (content_type, body) = multipart(app.csrf("actas"), file);
        app.request("POST", &path).by("actas").body(&content_type, body).send().await
    });
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert!(reply.body.contains("2 familias nuevas"), "{}", reply.body);
    assert!(reply.body.contains("Columnas ignoradas: Firma"), "{}", reply.body);
    assert_eq!(db.raw_count("households"), before + 2);
}
