//! The `cabildo` binary as a user runs it: every bad input gets one clear line in the user's
//! language, a non-zero exit code, and changes nothing.

use std::process::{Command, Output};

use crate::support::Db;

fn cabildo(db: &str, lang: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cabildo"))
        .args(["--db", db, "--lang", lang])
        .args(args)
        .env_remove("DATABASE_URL")
        .output()
        .expect("run cabildo")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Runs a command that must fail, and returns its error output.
fn refused(db: &str, lang: &str, args: &[&str]) -> String {
    let output = cabildo(db, lang, args);
    assert_eq!(output.status.code(), Some(1), "{args:?} should fail: {}", stdout(&output));
    let err = stderr(&output);
    assert!(!err.contains("panicked"), "{err}");
    err
}

fn ok(db: &str, args: &[&str]) -> String {
    let output = cabildo(db, "es", args);
    assert!(output.status.success(), "{args:?}: {}", stderr(&output));
    stdout(&output)
}

/// A fresh folder with a database holding [`tree`]: the folder (the database goes with it) and
/// the database's path.
fn with_tree() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db").display().to_string();
    tree(&db);
    (dir, db)
}

fn tree(db: &str) {
    ok(db, &["body", "add", "--kind", "federacion", "--name", "Federación Especial", "--code", "F1"]);
    ok(db, &["body", "add", "--kind", "central", "--name", "Central Ichoa", "--code", "C1", "--parent", "F1"]);
    ok(
        db,
        &["body", "add", "--kind", "sindicato", "--name", "Sindicato San Gabriel", "--code", "S1", "--parent", "C1"],
    );
}

#[test]
fn the_demo_fills_an_empty_database_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db").display().to_string();
    let out = ok(&db, &["demo", "--families", "600", "--no-serve"]);
    assert!(out.contains("600 familias"), "{out}");
    let list = ok(&db, &["body", "list", "--depth", "1"]);
    assert_eq!(list.lines().count(), 8, "the coordinadora, six federations and the departmental council:\n{list}");
    assert!(list.contains("Consejo Departamental del Trópico [CDT]"), "{list}");
    assert!(out.contains("Delegados: el congreso de la federación"), "{out}");
    assert!(list.lines().next().unwrap().contains("600 miembros"), "{list}");
    // Again on the same database: it is shown, not changed.
    let again = ok(&db, &["demo", "--no-serve"]);
    assert!(again.contains("ya tiene el Trópico de demostración (600 miembros)"), "{again}");
    // On a database that holds something else, the demo refuses.
    let other = dir.path().join("other.db").display().to_string();
    ok(&other, &["body", "add", "--kind", "sindicato", "--name", "San Gabriel"]);
    let err = refused(&other, "es", &["demo", "--no-serve"]);
    assert!(err.contains("no está vacía"), "{err}");
    let err = refused(&other, "en", &["demo", "--no-serve"]);
    assert!(err.contains("is not empty"), "{err}");
}

#[test]
fn unknown_bodies_and_cycles_are_refused_in_the_users_language() {
    let (_dir, db) = with_tree();
    let err = refused(&db, "es", &["body", "show", "NOPE"]);
    assert_eq!(
        err.trim(),
        "error: No existe la organización «NOPE»: indique su número o su código (vea `cabildo body list`)."
    );
    let err = refused(&db, "en", &["body", "show", "NOPE"]);
    assert!(err.starts_with("error: There is no body \"NOPE\""), "{err}");
    let err = refused(&db, "es", &["body", "move", "F1", "--to", "S1"]);
    assert!(err.contains("No se puede mover Federación Especial (F1) debajo de Sindicato San Gabriel (S1)"), "{err}");
    let err = refused(&db, "es", &["body", "add", "--kind", "cooperativa", "--name", "X"]);
    assert!(err.contains("«cooperativa» no es un tipo de organización"), "{err}");
    let err = refused(&db, "en", &["body", "add", "--kind", "central", "--name", "X", "--code", "c1"]);
    assert!(err.contains("There is already a body with code C1"), "{err}");
    let shown = ok(&db, &["body", "show", "F1"]);
    assert!(shown.contains("Historia:"));
    // The public id shown names the same body wherever a number or a code is accepted.
    let public_id = shown.lines().find_map(|l| l.strip_prefix("Identificador público: ")).unwrap();
    assert_eq!(public_id.parse::<cabildo_domain::PublicId>().map(|id| id.to_string()).as_deref(), Ok(public_id));
    assert!(ok(&db, &["body", "show", public_id]).starts_with("Federación Especial [F1]"));
    let err = refused(&db, "en", &["body", "show", "0190f2a4-7b3c-7d2e-8f00-1a2b3c4d5e6f"]);
    assert!(err.starts_with("error: There is no body \"0190f2a4-7b3c-7d2e-8f00-1a2b3c4d5e6f\""), "{err}");
    assert_eq!(ok(&db, &["body", "list"]).lines().count(), 3, "nothing was added or moved");
}

#[test]
fn a_duplicate_parcel_code_is_refused_and_nothing_is_half_saved() {
    let (_dir, db) = with_tree();
    let family = [
        "household",
        "add",
        "--body",
        "S1",
        "--given-names",
        "Juana",
        "--first-surname",
        "Mamani",
        "--parcel",
        "L-1",
        "--area",
        "2,5",
    ];
    ok(&db, &family);
    let err = refused(&db, "es", &family);
    assert!(err.contains("El lote L-1 ya existe en Sindicato San Gabriel (S1)"), "{err}");
    let err = refused(
        &db,
        "es",
        &[
            "household",
            "add",
            "--body",
            "S1",
            "--given-names",
            "Rosa",
            "--first-surname",
            "Ñuflo",
            "--parcel",
            "L-2",
            "--area",
            "dos",
        ],
    );
    assert!(err.contains("Superficie: «dos» no es un número"), "{err}");
    let padron = ok(&db, &["household", "list", "S1"]);
    assert_eq!(padron.lines().count(), 1, "{padron}");
    assert!(padron.contains("Mamani, Juana"), "{padron}");
}

#[test]
fn an_import_with_bad_rows_names_each_one_and_imports_nothing() {
    let (dir, db) = with_tree();
    let file = dir.path().join("padron.csv");
    std::fs::write(&file, "N°;Apellido Paterno;Nombres;Nro. Lote;Superficie (Ha.)\n1;Mamani;Juana;L-1;2,5\n2;Choque;;L-2;1\n3;Condori;Pedro;L-3;dos\n").unwrap();
    let err = refused(&db, "es", &["import", file.to_str().unwrap(), "--body", "S1"]);
    assert!(err.contains("línea 3, columna «Nombres», valor «»: Falta nombres: es obligatorio."), "{err}");
    assert!(err.contains("línea 4, columna «Superficie (Ha.)», valor «dos»"), "{err}");
    assert!(err.contains("2 filas con errores; no se importó nada."), "{err}");
    assert!(ok(&db, &["household", "list", "S1"]).contains("Ninguna familia"));
    std::fs::write(
        &file,
        "N°;Apellido Paterno;Nombres;Nro. Lote;Superficie (Ha.)\n1;Mamani;Juana;L-1;2,5\n2;Choque;Ana;L-2;1\n",
    )
    .unwrap();
    let out = ok(&db, &["import", file.to_str().unwrap(), "--body", "S1"]);
    assert!(out.contains("2 familias nuevas"), "{out}");
}

#[test]
fn unreadable_files_are_named() {
    let (dir, db) = with_tree();
    let err = refused(&db, "es", &["import", "/nonexistent/padron.csv", "--body", "S1"]);
    assert!(err.starts_with("error: No se puede leer /nonexistent/padron.csv"), "{err}");
    let binary = dir.path().join("foto.csv");
    std::fs::write(&binary, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00").unwrap();
    let err = refused(&db, "en", &["import", binary.to_str().unwrap(), "--body", "S1"]);
    assert!(err.contains("is not a text (CSV) file"), "{err}");
}

#[test]
fn an_unreachable_database_is_one_clear_line() {
    let err = refused("postgres://cabildo@127.0.0.1:1/cabildo", "es", &["body", "list"]);
    assert!(
        err.starts_with("error: No se puede abrir la base de datos: postgres://cabildo@127.0.0.1:1/cabildo"),
        "{err}"
    );
    let err = refused("/nonexistent/dir/cabildo.db", "en", &["body", "list"]);
    assert!(err.starts_with("error: Cannot open the database"), "{err}");
    let err = refused("postgres://cabildo:secret@127.0.0.1:1/cabildo", "en", &["body", "list"]);
    assert!(!err.contains("secret"), "passwords never show: {err}");
}

#[test]
fn a_database_from_a_newer_cabildo_is_refused() {
    let db = Db::sqlite();
    db.raw_execute("INSERT INTO schema_migrations (version, name) VALUES (999, 'future')");
    let err = refused(&db.location, "es", &["body", "list"]);
    assert!(err.contains("fue escrita por un cabildo más nuevo (migración 999"), "{err}");
}

#[test]
fn postgres_urls_reach_the_same_commands() {
    let Some(db) = Db::postgres() else { return };
    tree(&db.location);
    let out = ok(&db.location, &["body", "count", "F1"]);
    assert!(out.contains("F1: 0 miembros"), "{out}");
}

/// A consulta from the command line: launched over the bases below a body (a body without any
/// refused), listed, its deadline extended (an earlier one refused in words), shown and closed.
#[test]
fn a_consulta_is_launched_extended_and_closed_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("consulta.db").display().to_string();
    tree(&db);
    ok(&db, &["body", "add", "--kind", "sindicato", "--name", "Sindicato Ichoa", "--code", "S2", "--parent", "C1"]);
    let launched = ok(
        &db,
        &[
            "consulta",
            "launch",
            "--body",
            "F1",
            "--question",
            "¿Marchamos?",
            "--kind",
            "yes_no",
            "--deadline",
            "2099-12-15",
        ],
    );
    assert!(launched.contains("Consulta 1 lanzada: ¿Marchamos? (2 bases; plazo 2099-12-15)"), "{launched}");
    let err = refused(
        &db,
        "es",
        &["consulta", "launch", "--body", "S1", "--question", "¿Sí?", "--kind", "yes_no", "--deadline", "2099-12-15"],
    );
    assert!(err.contains("No hay ningún sindicato abierto debajo de"), "{err}");
    let list = ok(&db, &["consulta", "list", "--body", "F1"]);
    assert!(list.contains("1. ¿Marchamos? — Sí o no; plazo 2099-12-15; Abierta"), "{list}");
    let err = refused(&db, "en", &["consulta", "extend", "1", "--deadline", "2099-12-01"]);
    assert!(err.contains("must be later than the present one, 2099-12-15"), "{err}");
    assert!(ok(&db, &["consulta", "extend", "1", "--deadline", "2099-12-20"]).contains("2099-12-20"));
    let shown = ok(&db, &["consulta", "show", "1"]);
    assert!(shown.contains("0 de 2 bases respondieron."), "{shown}");
    assert!(ok(&db, &["consulta", "close", "1"]).contains("Consulta 1 cerrada"));
    let err = refused(&db, "es", &["consulta", "close", "1"]);
    assert!(err.contains("está cerrada"), "{err}");
}
