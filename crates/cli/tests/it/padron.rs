//! Importing and exporting the padrón as sindicatos keep it, on both backends.

use std::path::{Path, PathBuf};

use cabildo_domain::padron::HeaderError;
use cabildo_domain::{Area, BodyKind, DomainError, Field};
use cabildo_services::ServiceError;
use cabildo_services::export::{ExportFormat, export_file};
use cabildo_services::import::{ImportError, ImportReport, import_file};
use cabildo_services::registry;
use cabildo_store::Store;

use crate::support::{Db, add_body, date, on_both_backends, op};

on_both_backends!(
    a_messy_spreadsheet_is_imported_exactly,
    a_file_with_bad_rows_imports_nothing_and_names_every_bad_row,
    importing_the_same_file_twice_changes_nothing,
    a_changed_file_updates_only_what_changed,
    an_export_imports_back_to_the_same_data,
    exported_cells_are_guarded_against_formula_injection,
    a_federation_file_says_which_sindicato_each_family_is_in,
    unknown_headers_can_be_mapped_by_hand,
    a_file_without_the_needed_columns_is_refused_before_any_row,
    a_sindicato_that_comes_back_later_in_the_file_keeps_its_families,
);

fn sample_tree(store: &Store) {
    let add = |parent, kind, name, code| {
        add_body(store, parent, kind, name, code);
    };
    add(None, BodyKind::Federacion, "Federación Especial", "F1");
    add(Some("F1"), BodyKind::Central, "Central Ichoa", "C1");
    add(Some("C1"), BodyKind::Sindicato, "Sindicato San Gabriel", "S1");
    add(Some("C1"), BodyKind::Sindicato, "Sindicato 12 de Octubre", "S2");
}

/// Writes `text` as Excel in Bolivia does: Windows-1252, CRLF line ends.
fn windows_1252_file(dir: &Path, name: &str, text: &str) -> PathBuf {
    let crlf = text.replace('\n', "\r\n");
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&crlf);
    assert!(!unmappable);
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn utf8_file(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// A title line, a blank line, headers in Spanish with split surnames, a column Cabildo does not
/// know ("Firma"), decimal commas and thousands points, dd/mm/yyyy and ISO dates, a family with
/// two parcels, and blank lines at the end.
const MESSY: &str = "\"PADRÓN DE AFILIADOS — SINDICATO SAN GABRIEL\";;;;;;;;
;;;;;;;;
N°;Apellido Paterno;Apellido Materno;Nombres;C.I.;Nro. Lote;Superficie (Ha.);Fecha Afiliación;Firma
1;Mamani;Quispe;Juana;4567890;L-1;2,5;05/03/1998;
2;Fernández;Choque;José Luis;;L-2;10;1999-07-21;
3;Ñuflo;;Rosa;;L-3;0,75;;
3;Ñuflo;;Rosa;;L-4;1,25;;
4;  Gutiérrez ;Ayma;Evo  Marcelo;;L-5;1.234,5;12/12/2001;firmado
;;;;;;;;

";

fn import(db: &Db, path: &Path, target: &str) -> Result<ImportReport, ImportError> {
    import_file(&db.store, &op(), path, target, &[], &|_| {})
}

fn padron_text(db: &Db, dir: &Path, target: &str, format: ExportFormat) -> String {
    let path = dir.join(format!("export-{target}.csv"));
    export_file(&db.store, &op(), target, &path, format, true).unwrap();
    String::from_utf8(std::fs::read(&path).unwrap()).unwrap()
}

fn a_messy_spreadsheet_is_imported_exactly(db: &Db) {
    sample_tree(&db.store);
    let dir = tempfile::tempdir().unwrap();
    let path = windows_1252_file(dir.path(), "padron.csv", MESSY);
    let report = import(db, &path, "S1").unwrap();
    assert_eq!((report.rows, report.households_created, report.parcels_created), (5, 4, 5));
    assert_eq!(report.ignored_columns, ["Firma"]);
    assert_eq!(report.delimiter, Some(';'));
    let page = registry::padron_page(&db.store, &op(), "S1", None, 0, 50).unwrap();
    let names: Vec<String> = page.iter().map(|h| h.name.sortable()).collect();
    assert_eq!(
        names,
        ["Mamani Quispe, Juana", "Fernández Choque, José Luis", "Ñuflo, Rosa", "Gutiérrez Ayma, Evo Marcelo"]
    );
    assert_eq!(page[2].parcel_codes, ["L-3", "L-4"], "one family, two parcels");
    let (juana, parcels) = registry::household_detail(&db.store, &op(), page[0].id).unwrap();
    assert_eq!(juana.representative.id_number.as_deref(), Some("4567890"));
    assert_eq!(juana.affiliated_on, Some(date(1998, 3, 5)));
    assert_eq!(parcels[0].area, Some(Area { square_metres: 25_000 }));
    let (evo, parcels) = registry::household_detail(&db.store, &op(), page[3].id).unwrap();
    assert_eq!(evo.affiliated_on, Some(date(2001, 12, 12)));
    assert_eq!(parcels[0].area, Some(Area { square_metres: 12_345_000 }), "1.234,5 ha");
    let (jose, _) = registry::household_detail(&db.store, &op(), page[1].id).unwrap();
    assert_eq!(jose.affiliated_on, Some(date(1999, 7, 21)));
    assert_eq!(jose.representative.id_number, None, "an ID number is never required");
}

fn a_file_with_bad_rows_imports_nothing_and_names_every_bad_row(db: &Db) {
    sample_tree(&db.store);
    let dir = tempfile::tempdir().unwrap();
    let bad = "N°;Apellido Paterno;Nombres;Nro. Lote;Superficie (Ha.);Fecha Afiliación
1;Mamani;Juana;L-1;2,5;05/03/1998
2;Choque;;L-2;1;01/01/2000
3;Condori;Pedro;L-3;dos;31/02/2024
4;Colque;Wilma;L-1;1;
5;Villca;Inti;L-5;3;
";
    let path = windows_1252_file(dir.path(), "bad.csv", bad);
    let Err(ImportError::Rejected { problems, bad_rows, .. }) = import(db, &path, "S1") else {
        panic!("a file with bad rows must be refused");
    };
    assert_eq!(bad_rows, 3);
    let found: Vec<(u64, Option<&str>, &str)> =
        problems.iter().map(|p| (p.line, p.column.as_deref(), p.value.as_str())).collect();
    assert_eq!(
        found,
        [
            (3, Some("Nombres"), ""),
            (4, Some("Superficie (Ha.)"), "dos"),
            (4, Some("Fecha Afiliación"), "31/02/2024"),
            (5, None, "L-1"),
        ]
    );
    assert_eq!(problems[0].error, ServiceError::Domain(DomainError::Required { field: Field::GivenNames }));
    assert!(matches!(problems[3].error, ServiceError::DuplicateParcelInFile { first_line: 2, .. }));
    for table in ["households", "parcels", "persons"] {
        assert_eq!(db.raw_count(table), 0, "{table} must stay empty");
    }
}

fn importing_the_same_file_twice_changes_nothing(db: &Db) {
    sample_tree(&db.store);
    let dir = tempfile::tempdir().unwrap();
    let path = windows_1252_file(dir.path(), "padron.csv", MESSY);
    import(db, &path, "S1").unwrap();
    let before = padron_text(db, dir.path(), "S1", ExportFormat::Plain);
    let counts = |db: &Db| ["households", "parcels", "persons"].map(|t| db.raw_count(t));
    let rows_before = counts(db);
    let again = import(db, &path, "S1").unwrap();
    assert_eq!(
        (
            again.households_created,
            again.parcels_created,
            again.households_updated,
            again.parcels_updated,
            again.rows_unchanged
        ),
        (0, 0, 0, 0, 5)
    );
    assert_eq!(counts(db), rows_before);
    assert_eq!(padron_text(db, dir.path(), "S1", ExportFormat::Plain), before);
}

fn a_changed_file_updates_only_what_changed(db: &Db) {
    sample_tree(&db.store);
    let dir = tempfile::tempdir().unwrap();
    import(db, &windows_1252_file(dir.path(), "padron.csv", MESSY), "S1").unwrap();
    // One area changes, spacing is tidied (the same after normalisation), one family joins.
    let changed = MESSY
        .replace("2;Fernández;Choque;José Luis;;L-2;10;", "2;Fernández;Choque;José Luis;;L-2;12;")
        .replace("4;  Gutiérrez ;Ayma;Evo  Marcelo;", "4;Gutiérrez;Ayma;Evo Marcelo;")
        .replace(";;;;;;;;\n\n", "5;Vargas;Rojas;Killa;;L-6;3;;\n");
    let report = import(db, &windows_1252_file(dir.path(), "changed.csv", &changed), "S1").unwrap();
    assert_eq!(
        (
            report.households_created,
            report.parcels_created,
            report.households_updated,
            report.parcels_updated,
            report.rows_unchanged
        ),
        (1, 1, 0, 1, 4)
    );
}

fn an_export_imports_back_to_the_same_data(db: &Db) {
    sample_tree(&db.store);
    let dir = tempfile::tempdir().unwrap();
    import(db, &windows_1252_file(dir.path(), "padron.csv", MESSY), "S1").unwrap();
    for format in [ExportFormat::Spreadsheet, ExportFormat::Plain] {
        let exported = dir.path().join("export.csv");
        export_file(&db.store, &op(), "F1", &exported, format, true).unwrap();
        let first = std::fs::read(&exported).unwrap();
        // Into a new database with the same tree: the same export comes out, byte for byte.
        let fresh = Db::sqlite();
        sample_tree(&fresh.store);
        let report = import(&fresh, &exported, "F1").unwrap();
        assert_eq!((report.households_created, report.parcels_created), (4, 5));
        let again = dir.path().join("again.csv");
        export_file(&fresh.store, &op(), "F1", &again, format, true).unwrap();
        assert_eq!(
            String::from_utf8_lossy(&std::fs::read(&again).unwrap()),
            String::from_utf8_lossy(&first),
            "{format:?}"
        );
    }
    let spreadsheet = padron_text(db, dir.path(), "S1", ExportFormat::Spreadsheet);
    assert!(spreadsheet.starts_with('\u{feff}'), "BOM for Excel");
    assert!(spreadsheet.contains("\r\n"));
    assert!(spreadsheet.contains(";1;Mamani;Quispe;Juana;4567890;;L-1;2,5;;;;05/03/1998\r\n"), "{spreadsheet}");
}

fn exported_cells_are_guarded_against_formula_injection(db: &Db) {
    sample_tree(&db.store);
    let dir = tempfile::tempdir().unwrap();
    let risky = "Nombres,Apellido Paterno,Nro. Lote,Lugar,Latitud,Longitud
=HYPERLINK(\"http://x\"),Mamani,L-1,@SUM(A1),-16.95,-65.41
Juan,+Choque,-L2,\"=cmd|' /C calc'!A0\",,
";
    import(db, &utf8_file(dir.path(), "risky.csv", risky), "S1").unwrap();
    let text = padron_text(db, dir.path(), "S1", ExportFormat::Plain);
    for guarded in ["'=HYPERLINK", "'@SUM(A1)", "'+Choque", "'-L2", "'=cmd"] {
        assert!(text.contains(guarded), "{guarded} not guarded in {text}");
    }
    assert!(text.contains(",-16.95,-65.41,"), "numbers are data, not formulas: {text}");
    // And the guarded file imports back to the original values.
    let fresh = Db::sqlite();
    sample_tree(&fresh.store);
    import(&fresh, &utf8_file(dir.path(), "guarded.csv", &text), "F1").unwrap();
    assert_eq!(padron_text(&fresh, dir.path(), "S1", ExportFormat::Plain), text);
}

fn a_federation_file_says_which_sindicato_each_family_is_in(db: &Db) {
    sample_tree(&db.store);
    let dir = tempfile::tempdir().unwrap();
    let file = "Sindicato\tNombre completo\tLote
Sindicato San Gabriel\tJuana Mamani Quispe\tL-1
sindicato 12 de octubre\tPedro Choque\tL-1
Sindicato Inexistente\tRosa Ñuflo\tL-9
";
    let Err(ImportError::Rejected { problems, .. }) = import(db, &utf8_file(dir.path(), "f.tsv", file), "F1") else {
        panic!("an unknown sindicato must be refused");
    };
    assert_eq!(problems.len(), 1);
    assert_eq!(
        (problems[0].line, problems[0].column.as_deref(), problems[0].value.as_str()),
        (4, Some("Sindicato"), "Sindicato Inexistente")
    );
    let fixed = file.replace("Sindicato Inexistente", "Sindicato San Gabriel");
    let report = import(db, &utf8_file(dir.path(), "f.tsv", &fixed), "F1").unwrap();
    assert_eq!(report.delimiter, Some('\t'));
    assert_eq!(registry::count_members(&db.store, &op(), "S1"), Ok(2));
    assert_eq!(registry::count_members(&db.store, &op(), "S2"), Ok(1));
    // A file for one sindicato cannot reach into another branch.
    let Err(ImportError::Rejected { problems, .. }) = import(db, &utf8_file(dir.path(), "f.tsv", &fixed), "S1") else {
        panic!("sindicatos outside the target must be refused");
    };
    assert!(matches!(problems[0].error, ServiceError::SindicatoOutsideTarget { .. }));
}

fn unknown_headers_can_be_mapped_by_hand(db: &Db) {
    sample_tree(&db.store);
    let dir = tempfile::tempdir().unwrap();
    let path = utf8_file(dir.path(), "m.csv", "Socio titular,Terreno,Extensión\nJuana Mamani,T-1,\"2,5\"\n");
    let refused = import(db, &path, "S1");
    assert_eq!(refused, Err(ImportError::Service(ServiceError::Header(HeaderError::NoParcelColumn))));
    let mappings = ["Socio titular=full_name".to_string(), "Terreno=parcel_code".to_string()];
    let report = import_file(&db.store, &op(), &path, "S1", &mappings, &|_| {}).unwrap();
    assert_eq!(report.households_created, 1);
}

fn a_file_without_the_needed_columns_is_refused_before_any_row(db: &Db) {
    sample_tree(&db.store);
    let dir = tempfile::tempdir().unwrap();
    let no_parcels = utf8_file(dir.path(), "a.csv", "Nombres;Apellido Paterno\nJuana;Mamani\n");
    assert_eq!(
        import(db, &no_parcels, "S1"),
        Err(ImportError::Service(ServiceError::Header(HeaderError::NoParcelColumn)))
    );
    let empty = utf8_file(dir.path(), "b.csv", "\n\n");
    assert_eq!(import(db, &empty, "S1"), Err(ImportError::Service(ServiceError::Header(HeaderError::Empty))));
    let missing = import(db, &dir.path().join("nowhere.csv"), "S1");
    assert!(matches!(missing, Err(ImportError::Service(ServiceError::Unreadable { .. }))));
    let not_a_sindicato = utf8_file(dir.path(), "c.csv", "Nombres;Apellido Paterno;Lote\nJuana;Mamani;L-1\n");
    assert!(matches!(
        import(db, &not_a_sindicato, "C1"),
        Err(ImportError::Service(ServiceError::NotHouseholdBody { .. }))
    ));
    assert!(matches!(
        import(db, &not_a_sindicato, "NOPE"),
        Err(ImportError::Service(ServiceError::UnknownBody { .. }))
    ));
    assert_eq!(db.raw_count("households"), 0);
}

fn a_sindicato_that_comes_back_later_in_the_file_keeps_its_families(db: &Db) {
    sample_tree(&db.store);
    let dir = tempfile::tempdir().unwrap();
    let file = "Código Sindicato;N°;Nombre completo;Lote
S1;1;Juana Mamani;L-1
S1;2;Pedro Choque;L-2
S2;1;Rosa Ñuflo;L-1
S1;1;Juana Mamani;L-3
";
    let report = import(db, &utf8_file(dir.path(), "a.csv", file), "F1").unwrap();
    assert_eq!((report.households_created, report.parcels_created), (3, 4));
    let s1 = registry::padron_page(&db.store, &op(), "S1", None, 0, 50).unwrap();
    assert_eq!(s1.len(), 2);
    assert_eq!(s1[0].parcel_codes, ["L-1", "L-3"], "the family's second parcel joined it across the file");
    // Duplicates against an earlier part of the same sindicato are still found.
    let fresh = Db::sqlite();
    sample_tree(&fresh.store);
    let bad = format!("{file}S1;2;Ana Flores;L-9\nS1;5;Luis Colque;L-2\n");
    let Err(ImportError::Rejected { problems, bad_rows, .. }) =
        import(&fresh, &utf8_file(dir.path(), "b.csv", &bad), "F1")
    else {
        panic!("duplicates across parts of the file must be refused");
    };
    assert_eq!(bad_rows, 2);
    assert!(matches!(problems[0].error, ServiceError::RegisterNumberConflict { first_line: 0, .. }), "{problems:?}");
    assert!(matches!(problems[1].error, ServiceError::DuplicateParcelInFile { first_line: 0, .. }), "{problems:?}");
    assert_eq!(fresh.raw_count("households"), 0);
}
