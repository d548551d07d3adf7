//! PostgreSQL as a server: the connection pool, reconnection after the server restarts, TLS, and
//! snapshot reads.
//!
//! The restart and TLS tests start their OWN throwaway cluster (`scripts/pg-cluster.sh` in a
//! temporary directory): they restart it or change its settings, which the shared test server of
//! `CABILDO_TEST_POSTGRES_URL` must never see. They run wherever the PostgreSQL server binaries
//! are installed, skip where they are not, and fail instead with `CABILDO_REQUIRE_POSTGRES=1`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use cabildo_store::{CastOutcome, PhoneVote, Store, StoreError};

use crate::support::{Db, on_both_backends, wait_until};

on_both_backends!(reads_see_one_snapshot_and_never_write);

/// A cluster of our own, stopped and removed when dropped.
struct Cluster {
    dir: tempfile::TempDir,
    url: String,
    /// Where `pg-cluster.sh` starts looking for a free port: each test its own range, away from
    /// the shared test server's, so that no other cluster takes a port while its owner restarts.
    base_port: u16,
}

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/pg-cluster.sh")
}

/// Whether `initdb` is where `pg-cluster.sh` looks for it.
fn server_binaries_present() -> bool {
    if let Ok(dir) = std::env::var("PG_BINDIR") {
        return Path::new(&dir).join("initdb").exists();
    }
    let versioned = std::fs::read_dir("/usr/lib/postgresql")
        .map(|dirs| dirs.flatten().any(|d| d.path().join("bin/initdb").exists()))
        .unwrap_or(false);
    versioned
        || std::env::var_os("PATH")
            .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join("initdb").exists()))
}

impl Cluster {
    /// A new directory for a cluster, or `None` (skip) without the server binaries.
    fn dir() -> Option<tempfile::TempDir> {
        if !server_binaries_present() {
            assert!(
                std::env::var("CABILDO_REQUIRE_POSTGRES").as_deref() != Ok("1"),
                "CABILDO_REQUIRE_POSTGRES=1 but the PostgreSQL server binaries (initdb) are not installed"
            );
            eprintln!("skipping: the PostgreSQL server binaries (initdb) are not installed");
            return None;
        }
        // Under /tmp: when the tests run as root the server runs as another user, who must reach it.
        Some(tempfile::Builder::new().prefix("cabildo-pg-").tempdir_in("/tmp").expect("a directory for a cluster"))
    }

    fn start_in(dir: tempfile::TempDir, base_port: u16) -> Cluster {
        let mut cluster = Cluster { dir, url: String::new(), base_port };
        cluster.run("start");
        cluster.url = cluster.run("url").trim().to_string();
        cluster
    }

    fn run(&self, command: &str) -> String {
        let out = Command::new("bash")
            .arg(script())
            .arg(command)
            .arg(self.dir.path())
            .env("PG_CLUSTER_BASE_PORT", self.base_port.to_string())
            .output()
            .expect("bash runs");
        assert!(
            out.status.success(),
            "pg-cluster.sh {command} failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn port(&self) -> u16 {
        self.url
            .rsplit(':')
            .next()
            .and_then(|rest| rest.split('/').next())
            .and_then(|p| p.parse().ok())
            .expect("a port")
    }

    /// The superuser, without TLS.
    fn admin(&self) -> ::postgres::Client {
        ::postgres::Client::connect(&self.url, ::postgres::NoTls).expect("connect as the superuser")
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        drop(Command::new("bash").arg(script()).arg("stop").arg(self.dir.path()).output());
    }
}

fn vote(ticket: &str) -> PhoneVote {
    PhoneVote { motion_id: 1, ticket_hash: ticket.into(), option: "for".into() }
}

fn add_account(store: &Store, username: &str) -> Result<(), StoreError> {
    store.write(|repo| repo.insert_account(username, username, "not-a-hash", 1_795_000_000).map(|_| ()))
}

fn accounts(store: &Store) -> Result<u64, StoreError> {
    store.read(|repo| repo.count_accounts())
}

#[test]
fn postgres_pool_reconnects_after_the_server_restarts() {
    let Some(dir) = Cluster::dir() else { return };
    let cluster = Cluster::start_in(dir, 56432);
    let store = Store::open(&cluster.url).unwrap();
    store.migrate().unwrap();
    add_account(&store, "ana").unwrap();
    assert_eq!(accounts(&store), Ok(1));
    // A phone vote open, and the vote box on its own connection.
    cluster
        .admin()
        .batch_execute(
            "INSERT INTO bodies (id, kind, composition, name, code, created_on, public_id) \
               VALUES (1, 'sindicato', 'households', 'Sindicato San Gabriel', 'S1', '2020-01-01', \
                       '0190f2a4-7b3c-7d2e-8f00-1a2b3c4d5e01');
             INSERT INTO assemblies (id, body_id, kind, title, scheduled_for, place, status, convened_at, public_id) \
               VALUES (1, 1, 'cabildo', 'Cabildo abierto', '2026-11-23T09:00', 'Plaza', 'open', 0, \
                       '0190f2a4-7b3c-7d2e-8f00-1a2b3c4d5e02');
             INSERT INTO motions (id, assembly_id, number, kind, title, text, proposer, status, method, public_id) \
               VALUES (1, 1, 1, 'motion', 'Bloqueo de caminos', '…', 'Base', 'voting', 'phone', \
                       '0190f2a4-7b3c-7d2e-8f00-1a2b3c4d5e03');
             INSERT INTO tickets (ticket_hash, assembly_id, issued_at) VALUES ('t1', 1, 0), ('t2', 1, 0);",
        )
        .unwrap();
    let votes = store.vote_box().unwrap();
    assert_eq!(votes.cast(vote("t1")), Ok(CastOutcome::Recorded));

    // Stopped: use-cases fail as "unavailable" (not as an internal error), and fail fast.
    cluster.run("stop");
    let started = Instant::now();
    assert!(matches!(accounts(&store), Err(StoreError::Unavailable(_))), "{:?}", accounts(&store));
    assert!(matches!(add_account(&store, "lost"), Err(StoreError::Unavailable(_))));
    assert!(started.elapsed() < Duration::from_secs(10), "{:?}", started.elapsed());

    // Started again on the same port: the connections of before are dead, and the next
    // use-cases do not see it.
    let port = cluster.port();
    cluster.run("start");
    assert_eq!(cluster.run("url").trim(), cluster.url, "the cluster came back on another port than {port}");
    assert_eq!(accounts(&store), Ok(1), "the write refused while the server was down did not happen");
    add_account(&store, "berta").unwrap();
    assert_eq!(accounts(&store), Ok(2));

    // A restart while connections are idle in the pool, with no use-case in between; the vote
    // box's connection is dead too, and its next batch is not lost for it.
    cluster.run("stop");
    cluster.run("start");
    add_account(&store, "carla").unwrap();
    assert_eq!(accounts(&store), Ok(3));
    assert_eq!(votes.cast(vote("t2")), Ok(CastOutcome::Recorded));
    assert_eq!(votes.cast(vote("t1")), Ok(CastOutcome::AlreadyRecorded));
    let pool = store.pool_status().unwrap();
    assert!(pool.open >= 1 && pool.open <= pool.size, "{pool:?}");
}

#[test]
fn postgres_pool_runs_use_cases_side_by_side_within_its_size() {
    let Some(db) = Db::postgres() else { return };
    let store = Arc::new(Store::open(&format!("{}&pool_size=3", db.location)).unwrap());
    assert_eq!(store.pool_status().map(|p| (p.size, p.open)), Some((3, 1)));

    // Three reads that each hold their connection for 300 ms run at once, not one after another.
    let barrier = Arc::new(Barrier::new(3));
    let started = Instant::now();
    let threads: Vec<_> = (0..3)
        .map(|_| {
            let (store, barrier) = (Arc::clone(&store), Arc::clone(&barrier));
            std::thread::spawn(move || {
                barrier.wait();
                store.read(|repo| {
                    // Not a wait for something: holding the connection a while is the point.
                    std::thread::sleep(Duration::from_millis(300));
                    repo.count_accounts()
                })
            })
        })
        .collect();
    for thread in threads {
        assert_eq!(thread.join().unwrap(), Ok(0));
    }
    let elapsed = started.elapsed();
    assert!(elapsed < Duration::from_millis(850), "three 300 ms reads took {elapsed:?}: they waited for each other");
    assert_eq!(store.pool_status().map(|p| p.open), Some(3));

    // Eight at once on three connections: all served, never more than three open.
    let threads: Vec<_> = (0..8)
        .map(|i| {
            let store = Arc::clone(&store);
            std::thread::spawn(move || {
                for j in 0..5 {
                    if j % 2 == 0 {
                        add_account(&store, &format!("user{i}_{j}"))?;
                    } else {
                        store.read(|repo| repo.count_accounts())?;
                    }
                    let open = store.pool_status().map_or(0, |p| p.open);
                    assert!(open <= 3, "{open} connections open");
                }
                Ok::<_, StoreError>(())
            })
        })
        .collect();
    for thread in threads {
        thread.join().unwrap().unwrap();
    }
    assert_eq!(accounts(&store), Ok(24));

    // A failed write gives its connection back, rolled back and usable.
    let refused = add_account(&store, "user0_0");
    assert!(matches!(refused, Err(StoreError::Conflict(_))), "{refused:?}");
    assert_eq!(accounts(&store), Ok(24));
    assert!(store.pool_status().is_some_and(|p| p.open <= 3));
}

/// A read sees the database as it was when it began, whatever commits meanwhile; and it cannot
/// write.
fn reads_see_one_snapshot_and_never_write(db: &Db) {
    add_account(&db.store, "ana").unwrap();
    let (before, after) = db
        .store
        .read(|repo| {
            let before = repo.count_accounts()?;
            // Someone else commits while the read is under way.
            db.raw_execute(
                "INSERT INTO accounts (username, display_name, password_hash, created_at) VALUES ('eva', 'Eva', 'x', 1)",
            );
            let after = repo.count_accounts()?;
            Ok::<_, StoreError>((before, after))
        })
        .unwrap();
    assert_eq!((before, after), (1, 1));
    assert_eq!(accounts(&db.store), Ok(2));

    let written = db.store.read(|repo| repo.insert_account("zoe", "Zoe", "x", 1));
    assert!(written.is_err(), "a read wrote: {written:?}");
    assert_eq!(accounts(&db.store), Ok(2));
}

/// A certificate for `localhost` signed by a CA of the test's own, in PEM: (CA, server
/// certificate, server key).
fn certificates() -> (String, String, String) {
    let ca_key = rcgen::KeyPair::generate().unwrap();
    let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    ca_params.distinguished_name.push(rcgen::DnType::CommonName, "Cabildo test CA");
    let ca_cert = ca_params.self_signed(&ca_key).unwrap();
    let issuer = rcgen::Issuer::new(ca_params, ca_key);
    let server_key = rcgen::KeyPair::generate().unwrap();
    let mut server_params = rcgen::CertificateParams::new(vec!["localhost".to_string()]).unwrap();
    server_params.distinguished_name.push(rcgen::DnType::CommonName, "localhost");
    let server_cert = server_params.signed_by(&server_key, &issuer).unwrap();
    (ca_cert.pem(), server_cert.pem(), server_key.serialize_pem())
}

/// Waits until a new connection sees `check` hold (the server reloads its settings on its own
/// time).
fn eventually(what: &str, check: impl FnMut() -> bool) {
    assert!(wait_until(Duration::from_secs(10), check), "the server did not take the new settings: {what}");
}

#[test]
fn postgres_tls_encrypts_when_the_url_asks_and_verifies_when_told_to() {
    let Some(dir) = Cluster::dir() else { return };
    let (ca, cert, key) = certificates();
    // Written before the cluster starts, which gives the directory to the server's user.
    std::fs::write(dir.path().join("ca.crt"), &ca).unwrap();
    std::fs::write(dir.path().join("server.crt"), &cert).unwrap();
    std::fs::write(dir.path().join("server.key"), &key).unwrap();
    std::fs::set_permissions(dir.path().join("server.key"), std::os::unix::fs::PermissionsExt::from_mode(0o600))
        .unwrap();
    let cluster = Cluster::start_in(dir, 57432);
    let dir = cluster.dir.path().to_path_buf();

    // TLS on, and a role that the server lets in only over TLS.
    let mut admin = cluster.admin();
    let hba_file: String = admin.query_one("SHOW hba_file", &[]).unwrap().get(0);
    for sql in [
        format!("ALTER SYSTEM SET ssl_cert_file = '{}'", dir.join("server.crt").display()),
        format!("ALTER SYSTEM SET ssl_key_file = '{}'", dir.join("server.key").display()),
        "ALTER SYSTEM SET ssl = on".to_string(),
        "CREATE ROLE tls_only LOGIN SUPERUSER".to_string(),
    ] {
        admin.batch_execute(&sql).unwrap();
    }
    let hba = std::fs::read_to_string(&hba_file).unwrap();
    std::fs::write(&hba_file, format!("hostnossl all tls_only 127.0.0.1/32 reject\n{hba}")).unwrap();
    admin.batch_execute("SELECT pg_reload_conf()").unwrap();
    let port = cluster.port();
    let plain_tls_only = format!("postgres://tls_only@127.0.0.1:{port}/cabildo_test");
    eventually("ssl = on and hostnossl reject", || {
        let ssl_on = ::postgres::Client::connect(&cluster.url, ::postgres::NoTls)
            .and_then(|mut c| c.query_one("SHOW ssl", &[]))
            .is_ok_and(|row| row.get::<_, String>(0) == "on");
        ssl_on && ::postgres::Client::connect(&plain_tls_only, ::postgres::NoTls).is_err()
    });

    // `sslmode=require`: encrypted (the server lets tls_only in), without checking the certificate.
    let store = Store::open(&format!("{plain_tls_only}?sslmode=require")).unwrap();
    store.migrate().unwrap();
    add_account(&store, "ana").unwrap();
    assert_eq!(accounts(&store), Ok(1));
    // The vote box connects the same way.
    drop(store.vote_box().unwrap());
    drop(store);

    // Without TLS the server refuses that role, and the message says why...
    match Store::open(&format!("{plain_tls_only}?sslmode=disable")) {
        Err(StoreError::Unavailable(reason)) => assert!(reason.contains("no encryption"), "{reason}"),
        other => panic!("a plain connection as tls_only: {other:?}"),
    }
    // ...while `sslmode=disable` works as before for a role allowed without it.
    let plain = Store::open(&format!("{}?sslmode=disable", cluster.url)).unwrap();
    assert_eq!(accounts(&plain), Ok(1));
    // The default (libpq's `prefer`) takes TLS when the server offers it.
    assert_eq!(accounts(&Store::open(&plain_tls_only).unwrap()), Ok(1));

    // Verifying modes: against the test's CA, the chain holds; the name is `localhost`, not
    // 127.0.0.1, so only `verify-ca` accepts it there; against the system's roots, nothing does.
    let ca_file = dir.join("ca.crt").display().to_string();
    let at = |host: &str, mode: &str, roots: &str| {
        Store::open(&format!("postgres://tls_only@{host}:{port}/cabildo_test?sslmode={mode}&sslrootcert={roots}"))
    };
    assert_eq!(accounts(&at("127.0.0.1", "verify-ca", &ca_file).unwrap()), Ok(1));
    assert_eq!(accounts(&at("localhost", "verify-full", &ca_file).unwrap()), Ok(1));
    for (host, mode, roots, why) in [
        ("127.0.0.1", "verify-full", ca_file.as_str(), "not valid for name"),
        ("localhost", "verify-full", "system", "UnknownIssuer"),
        ("localhost", "verify-ca", "system", "UnknownIssuer"),
    ] {
        match at(host, mode, roots) {
            // (A system without any root certificate says so instead.)
            Err(StoreError::Unavailable(reason)) => assert!(
                reason.contains(why) || (roots == "system" && reason.contains("no trusted root certificates")),
                "{host} {mode} {roots}: {reason}"
            ),
            other => panic!("{host} {mode} {roots}: {other:?}"),
        }
    }
    // A root certificate file that is not there is named.
    match at("localhost", "verify-full", "/nonexistent/root.crt") {
        Err(StoreError::Unavailable(reason)) => assert!(reason.contains("/nonexistent/root.crt"), "{reason}"),
        other => panic!("{other:?}"),
    }
}
