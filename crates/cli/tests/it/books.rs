//! The union's books, parts 3, 5 and 6 of issue 15, on both backends: payments imported from a
//! spreadsheet as Excel in Bolivia writes it, all or nothing with every bad row named.

use axum::http::StatusCode;
use cabildo_domain::HouseholdId;
use cabildo_domain::ledger::Centavos;
use cabildo_services::import::ImportError;
use cabildo_services::ledger::{self, DuesForm, ExpenseForm, LedgerRefusal};
use cabildo_services::{ServiceError, Store, registry};

use crate::support::{Db, TestApp, cabildo_cli, on_both_backends, op};

on_both_backends!(
    payments_are_imported_from_an_excel_sheet_each_with_its_receipt,
    a_bad_sheet_imports_nothing_and_names_every_bad_row,
    payments_are_imported_on_the_page_through_the_api_and_the_command_line,
    an_expense_carries_one_document_sniffed_from_its_bytes_and_downloaded_as_an_attachment,
    the_report_presented_to_the_assembly_is_frozen_in_the_acta_with_its_outcome,
);

const SINDICATO: &str = "F1-C01-S01";
const OTHER: &str = "F2-C01-S01";

/// The rows of every table a payment writes: what a refused import must leave as it was.
fn rows(db: &Db) -> [i64; 5] {
    ["ledger_entries", "ledger_lines", "receipts", "receipt_counters", "audit_events"].map(|t| db.raw_count(t))
}

fn padron(store: &Store, body: &str) -> Vec<registry::HouseholdSummary> {
    registry::padron_page(store, &op(), body, None, 0, 10_000).unwrap().iter().map(|h| (*h).clone()).collect()
}

fn card(store: &Store, family: HouseholdId) -> String {
    let key = store.read(|r| r.member_cards_key()).unwrap();
    cabildo_domain::assembly::member_card_code(&key, family.0)
}

/// Dues of Bs 20 for 2026 charged to every family: what the imported payments pay.
fn dues(store: &Store) {
    let form = DuesForm { amount: "20".into(), cadence: "yearly".into(), share: String::new() };
    ledger::set_dues(store, &op(), SINDICATO, &form).unwrap();
    ledger::charge_dues(store, &op(), SINDICATO, "2026").unwrap();
}

fn owed(store: &Store, family: HouseholdId) -> Centavos {
    ledger::statement(store, &op(), SINDICATO, &family.0.to_string()).unwrap().owed
}

fn import(store: &Store, file: &str) -> Result<ledger::PaymentImport, ImportError> {
    ledger::import_payments(store, &op(), SINDICATO, "pagos.csv", file.as_bytes())
}

/// A family whose representative's name no other family of the sindicato shares.
fn unique_name(families: &[registry::HouseholdSummary]) -> &registry::HouseholdSummary {
    families.iter().find(|h| families.iter().filter(|o| o.name.display() == h.name.display()).count() == 1).unwrap()
}

fn payments_are_imported_from_an_excel_sheet_each_with_its_receipt(db: &Db) {
    let _app = TestApp::demo(db).families(300).build();
    let s = &db.store;
    dues(s);
    let families = padron(s, SINDICATO);
    let named = unique_name(&families);
    let by_card = &families[1];
    let by_number = &families[2];
    let parcel = families[3].parcel_codes[0].clone();
    // As Excel saves it in Bolivia: a BOM, a title line, `;`, decimal commas, dd/mm/yyyy, a
    // column it does not know, CRLF; the name written surnames first and without accents.
    let file = format!(
        "\u{feff}Cobros de noviembre;;;;;\r\n\
         Carnet;N°;Lote;Nombre;Monto;Fecha;Observación;Firma\r\n\
         {card};;;;20,00;15/11/2026;cuota anual;\r\n\
         ;{number};;;\"1.234,50\";16/11/2026;adelanto;\r\n\
         ;;{parcel};;12,5;;;\r\n\
         ;;;;;;;\r\n\
         ;;;{name};Bs 20;17/11/2026;;\r\n",
        card = card(s, by_card.id),
        number = by_number.register_number.clone().unwrap(),
        name = cabildo_domain::text::fold(&named.name.sortable()).to_uppercase(),
    );
    let before = db.raw_count("receipts");
    let report = import(s, &file).unwrap();
    assert_eq!(report.delimiter, ';');
    assert_eq!(report.ignored_columns, ["Firma"]);
    assert_eq!(report.receipts.len(), 4, "the blank line is no payment");
    assert_eq!(db.raw_count("receipts"), before + 4);
    // Numbered one after another, each its own receipt, for the family each row names.
    let numbers: Vec<i64> = report.receipts.iter().map(|r| r.number).collect();
    assert_eq!(numbers, [1, 2, 3, 4]);
    let paid: Vec<(HouseholdId, i64)> = report.receipts.iter().map(|r| (r.household_id, r.amount.0)).collect();
    assert_eq!(
        paid,
        [(by_card.id, 2000), (by_number.id, 123_450), (families[3].id, 1250), (named.id, 2000)],
        "{report:?}"
    );
    assert_eq!(report.total, Centavos(2000 + 123_450 + 1250 + 2000));
    // Allocated as at the desk: the dues paid, the rest as credit, a partial payment.
    assert_eq!(owed(s, by_card.id), Centavos::ZERO);
    let statement = ledger::statement(s, &op(), SINDICATO, &by_number.id.0.to_string()).unwrap();
    assert_eq!((statement.owed, statement.credit), (Centavos::ZERO, Centavos(123_450 - 2000)));
    assert_eq!(owed(s, families[3].id), Centavos(750));
    assert_eq!(owed(s, named.id), Centavos::ZERO);
    // The day of the row, or today when empty; the note on the entry.
    assert_eq!(report.receipts[1].issued_on.to_string(), "2026-11-16");
    assert_eq!(report.receipts[2].issued_on, crate::support::today());
    let memo = s.read(|r| r.entry(report.receipts[0].entry_id)).unwrap().unwrap().memo;
    assert!(memo.ends_with("· cuota anual"), "{memo}");
    // The plain `,` of other spreadsheets, and a Windows-1252 file, read alike.
    let file = format!("Familia,Monto,Fecha\n{},\"7,50\",2026-11-20\n", families[4].register_number.clone().unwrap());
    let report = import(s, &file).unwrap();
    assert_eq!((report.delimiter, report.receipts[0].number, report.receipts[0].amount), (',', 5, Centavos(750)));
    let mut latin = b"N\xba;Monto;Observaci\xf3n\r\n".to_vec();
    latin.extend_from_slice(format!("{};5;", families[5].register_number.clone().unwrap()).as_bytes());
    latin.extend_from_slice(b"ca\xf1a\r\n");
    let report = ledger::import_payments(s, &op(), SINDICATO, "pagos.csv", &latin).unwrap();
    let memo = s.read(|r| r.entry(report.receipts[0].entry_id)).unwrap().unwrap().memo;
    assert!(memo.ends_with("· caña"), "{memo}");
    // One audit line for the import, besides each payment's.
    assert_eq!(db.raw_count_where("audit_events", "action = 'ledger.import'"), 3);
}

fn problem_lines(e: ImportError) -> Vec<(u64, Option<String>, String)> {
    match e {
        ImportError::Rejected { problems, .. } => {
            problems.into_iter().map(|p| (p.line, p.column, p.error.message().id.to_string())).collect()
        }
        other => panic!("not rejected: {other:?}"),
    }
}

fn a_bad_sheet_imports_nothing_and_names_every_bad_row(db: &Db) {
    let _app = TestApp::demo(db).families(300).build();
    let s = &db.store;
    dues(s);
    let families = padron(s, SINDICATO);
    let n = |i: usize| families[i % families.len()].register_number.clone().unwrap();
    let before = rows(db);

    // A zero amount in row 57 of a file otherwise good: nothing imported, row 57 named.
    let mut file = String::from("N°;Monto;Fecha\n");
    for line in 2..=80 {
        let amount = if line == 57 { "0,00" } else { "10" };
        file.push_str(&format!("{};{amount};20/11/2026\n", n(line)));
    }
    let problems = problem_lines(import(s, &file).unwrap_err());
    assert_eq!(problems, [(57, Some("Monto".to_string()), "ledger_amount_not_positive".to_string())]);
    assert_eq!(rows(db), before, "a refused import wrote something");

    // Every bad row named, each with its column: a family of another body (by its member card
    // and by its register number there), one nobody has, a negative amount, words, an impossible
    // day, no family at all, a day in a closed period, a line the reader cannot read.
    ledger::close_period(s, &op(), SINDICATO, "2026-01").unwrap();
    let before = rows(db);
    let stranger = &padron(s, OTHER)[0];
    // (Parcel and register numbers repeat from one sindicato to the next: a family of another
    // body is named by its card or its number in the whole register.)
    assert!(stranger.id.0 > families.len() as i64);
    let file = format!(
        "Carnet;N°;Lote;Monto;Fecha;Nota\n\
         {stranger_card};;;10;;\n\
         ;{stranger_id};;10;;\n\
         ;;NO-EXISTE;10;;\n\
         ;;{good};-5;;\n\
         ;;{good};veinte;31/02/2026;\n\
         ;;;10;;sin familia\n\
         ;;{good};10;15/01/2026;\n\
         ;;{good};10;;ok\n",
        stranger_card = card(s, stranger.id),
        stranger_id = stranger.id.0,
        good = families[0].parcel_codes[0],
    );
    let problems = problem_lines(import(s, &file).unwrap_err());
    let expected: Vec<(u64, Option<String>, String)> = [
        (2, "Carnet", "ledger_unknown_family"),
        (3, "N°", "ledger_unknown_family"),
        (4, "Lote", "ledger_unknown_family"),
        (5, "Monto", "ledger_amount_not_positive"),
        (6, "Monto", "bad_number"),
        (6, "Fecha", "no_such_date"),
        (7, "Carnet", "required"),
        (8, "Fecha", "ledger_period_closed"),
    ]
    .into_iter()
    .map(|(l, c, code)| (l, Some(c.to_string()), code.to_string()))
    .collect();
    assert_eq!(problems, expected);
    assert_eq!(rows(db), before, "a refused import wrote something");

    // A name two families share is not guessed.
    let twins = families.iter().find(|h| families.iter().filter(|o| o.name.display() == h.name.display()).count() > 1);
    if let Some(twin) = twins {
        let file = format!("Nombre;Monto\n{};10\n", twin.name.display());
        assert_eq!(problem_lines(import(s, &file).unwrap_err())[0].2, "ledger_ambiguous_family");
    }

    // A file that is no payments sheet, an empty one, a huge one, one with too many rows.
    let header = |e: ImportError| match e {
        ImportError::Service(ServiceError::Header(h)) => h.code(),
        other => panic!("{other:?}"),
    };
    assert_eq!(header(import(s, "Monto;Fecha\n10;\n").unwrap_err()), "ledger_import_no_family_column");
    assert_eq!(header(import(s, "Carnet;Fecha\nX;\n").unwrap_err()), "ledger_import_no_amount_column");
    assert_eq!(header(import(s, "").unwrap_err()), "padron_empty");
    let too_large = |e: ImportError| matches!(e, ImportError::Service(ServiceError::Ledger(ref r)) if matches!(**r, LedgerRefusal::ImportTooLarge { .. }));
    let huge = format!("N°;Monto\n{}", "1;10\n".repeat(ledger::MAX_IMPORT_BYTES / 5 + 1));
    assert!(too_large(import(s, &huge).unwrap_err()));
    let many = format!("N°;Monto\n{}", "1;10\n".repeat(ledger::MAX_IMPORT_ROWS as usize + 1));
    assert!(many.len() < ledger::MAX_IMPORT_BYTES);
    assert!(too_large(import(s, &many).unwrap_err()));
    assert!(matches!(
        ledger::import_payments(s, &op(), SINDICATO, "foto.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap_err(),
        ImportError::Service(ServiceError::NotText { .. })
    ));
    assert_eq!(rows(db), before, "a refused import wrote something");
}

/// A multipart form as the browser posts the import page's.
fn multipart(csrf: &str, file: &str) -> (String, String) {
    let boundary = "cabildo-books";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"sheet\"; filename=\"pagos.csv\"\r\n\
         Content-Type: text/csv\r\n\r\n{file}\r\n--{boundary}--\r\n"
    );
    (format!("multipart/form-data; boundary={boundary}"), body)
}

fn payments_are_imported_on_the_page_through_the_api_and_the_command_line(db: &Db) {
    let app = TestApp::demo(db).families(300).build();
    let s = &db.store;
    dues(s);
    let families = padron(s, SINDICATO);
    let sindicato = app.sindicato();
    let page = format!("/bodies/{sindicato}/ledger/import");
    // The form, linked from the desk, for the treasurer only.
    let desk = app.block_on(app.get(&format!("/bodies/{sindicato}/ledger/desk"), "hacienda"));
    assert!(desk.body.contains(&format!("href=\"{page}\"")), "{}", desk.body);
    let form = app.block_on(app.get(&page, "hacienda"));
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("enctype=\"multipart/form-data\"") && form.body.contains("name=\"sheet\""));
    assert_eq!(app.block_on(app.get(&page, "afiliado")).status, StatusCode::FORBIDDEN);

    let post = |who: &str, file: &str| {
        let (content_type, body) = multipart(app.csrf(who), file);
        app.block_on(app.request("POST", &page).by(who).body(&content_type, body).send())
    };
    let good = format!(
        "N°;Monto\n{};20\n{};20\n",
        families[0].register_number.clone().unwrap(),
        families[1].register_number.clone().unwrap()
    );
    // Another member may not import, and nothing is written.
    let before = rows(db);
    assert_eq!(post("afiliado", &good).status, StatusCode::FORBIDDEN);
    assert_eq!(rows(db), before);
    let done = post("hacienda", &good);
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert!(
        done.body.contains("Se registraron 2 pagos") && done.body.contains("recibos 1/2026 a 2/2026"),
        "{}",
        done.body
    );
    // A bad row named on the page, in Spanish, with its line and column.
    let before = rows(db);
    let bad = format!(
        "N°;Monto\n{};20\n{};0\n",
        families[2].register_number.clone().unwrap(),
        families[3].register_number.clone().unwrap()
    );
    let refused = post("hacienda", &bad);
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("<td>3</td>") && refused.body.contains("mayor que cero"), "{}", refused.body);
    // A file past the limit: refused clearly, not read to its end.
    let huge = "1;10\n".repeat(ledger::MAX_IMPORT_BYTES / 5 + 10);
    let refused = post("hacienda", &format!("N°;Monto\n{huge}"));
    assert_eq!(refused.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(refused.body.contains("demasiado grande"), "{}", refused.body);
    assert_eq!(rows(db), before);

    // The API: the file as the body; the receipts back; every bad row named.
    let api = format!("/api/v1/bodies/{sindicato}/ledger/import");
    let send = |file: String| app.block_on(app.request("POST", &api).token("hacienda").body("text/csv", file).api());
    let (status, done) = send(format!("N°,Monto\n{},\"35,00\"\n", families[4].register_number.clone().unwrap()));
    assert_eq!(status, StatusCode::OK, "{done}");
    assert_eq!((done["count"].as_u64(), done["total_centavos"].as_i64()), (Some(1), Some(3500)));
    assert_eq!(done["receipts"][0]["number"].as_i64(), Some(3));
    let (status, refused) = send("N°;Monto\n999999;10\n1;abc\n".into());
    assert_eq!((status, refused["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("import_rejected")));
    assert_eq!(refused["problems"].as_array().unwrap().len(), 2, "{refused}");
    assert_eq!(refused["problems"][0]["code"].as_str(), Some("ledger_unknown_family"));
    let (status, refused) = send(format!("N°;Monto\n{huge}"));
    assert_eq!((status, refused["code"].as_str()), (StatusCode::PAYLOAD_TOO_LARGE, Some("ledger_import_too_large")));
    let (status, refused) = send("Monto\n10\n".into());
    assert_eq!(
        (status, refused["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("ledger_import_no_family_column"))
    );
    let (status, _) = app.block_on(app.request("POST", &api).token("afiliado").body("text/csv", good.clone()).api());
    assert_eq!(status, StatusCode::FORBIDDEN);

    // The command line: the same file, its receipts; a bad one named row by row, failing.
    let path = std::env::temp_dir().join(format!("cabildo-books-{}-{}.csv", std::process::id(), db.location.len()));
    std::fs::write(&path, format!("N°;Monto;Fecha\n{};20;20/11/2026\n", families[5].register_number.clone().unwrap()))
        .unwrap();
    let (code, said) = cabildo_cli(&db.location, &["ledger", "import", SINDICATO, path.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{said}");
    assert!(said.contains("Se registró un pago por Bs 20,00; recibos 4/2026 a 4/2026"), "{said}");
    std::fs::write(&path, "N°;Monto\n1;10\n2;0\n").unwrap();
    let before = rows(db);
    let (code, said) = cabildo_cli(&db.location, &["ledger", "import", SINDICATO, path.to_str().unwrap()]);
    assert_ne!(code, Some(0));
    assert!(said.contains("3") && said.contains("Monto") && said.contains("mayor que cero"), "{said}");
    assert_eq!(rows(db), before);
    drop(std::fs::remove_file(&path));
}

/// A JPEG's first bytes (what the sniffing reads), and some more.
const JPEG: &[u8] = b"\xFF\xD8\xFF\xE0\x00\x10JFIF\x00factura de cemento";
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer\n%%EOF\n";

fn ledger_refusal(e: ServiceError) -> LedgerRefusal {
    match e {
        ServiceError::Ledger(r) => *r,
        other => panic!("not a ledger refusal: {other:?}"),
    }
}

fn an_expense_carries_one_document_sniffed_from_its_bytes_and_downloaded_as_an_attachment(db: &Db) {
    let app = TestApp::demo(db).families(300).build();
    let s = &db.store;
    dues(s);
    let spend = |memo: &str| {
        let form =
            ExpenseForm { amount: "150".into(), purpose: "projects".into(), memo: memo.into(), day: String::new() };
        ledger::spend(s, &op(), SINDICATO, &form).unwrap().number.to_string()
    };
    let cement = spend("Factura 123, cemento");
    let travel = spend("Pasajes a Cochabamba");
    let hacienda = account(s, "hacienda");
    // Attached: the type read from the bytes, whatever the name says; the SHA-256 of the bytes.
    let d = ledger::attach_document(s, &hacienda, SINDICATO, &cement, "C:\\fotos\\factura.pdf", JPEG).unwrap();
    assert_eq!((d.media_type.as_str(), d.file_name.as_str()), ("image/jpeg", "factura.jpg"));
    let digest = cabildo_domain::acta::to_hex(&<sha2::Sha256 as sha2::Digest>::digest(JPEG));
    assert_eq!((d.sha256.clone(), d.size_bytes), (digest, JPEG.len() as i64));
    // Written once: not replaced, not attached to what is no expense; only photos and PDFs,
    // within the size; only by the treasurer. Nothing changes.
    let before = (db.raw_count("ledger_documents"), db.raw_count("audit_events"));
    let e = ledger::attach_document(s, &hacienda, SINDICATO, &cement, "otra.pdf", PDF).unwrap_err();
    assert!(matches!(ledger_refusal(e), LedgerRefusal::DocumentExists { .. }));
    let e = ledger::attach_document(s, &hacienda, SINDICATO, "1", "cuotas.pdf", PDF).unwrap_err();
    assert!(matches!(ledger_refusal(e), LedgerRefusal::NotAnExpense { .. }));
    for bytes in [&b"<html><script>alert(1)</script>"[..], b"GIF89a....", b"", b"MZ\x90\x00"] {
        let e = ledger::attach_document(s, &hacienda, SINDICATO, &travel, "foto.jpg", bytes).unwrap_err();
        assert!(matches!(ledger_refusal(e), LedgerRefusal::DocumentType), "{bytes:?}");
    }
    let mut huge = PDF.to_vec();
    huge.resize(ledger::MAX_DOCUMENT_BYTES + 1, b' ');
    let e = ledger::attach_document(s, &hacienda, SINDICATO, &travel, "grande.pdf", &huge).unwrap_err();
    assert!(matches!(ledger_refusal(e), LedgerRefusal::DocumentTooLarge { .. }));
    let afiliado = account(s, "afiliado");
    let e = ledger::attach_document(s, &afiliado, SINDICATO, &travel, "x.pdf", PDF).unwrap_err();
    assert!(matches!(e, ServiceError::Forbidden { .. }), "{e:?}");
    assert_eq!((db.raw_count("ledger_documents"), db.raw_count("audit_events")), before);
    // Nor behind the application's back.
    for sql in ["UPDATE ledger_documents SET media_type = 'text/html'", "DELETE FROM ledger_documents"] {
        assert!(db.raw_try(sql).is_err(), "{sql} was accepted");
    }

    // On the pages: the expense's link, the form, the upload, the download as an attachment.
    let sindicato = app.sindicato();
    let book = app.block_on(app.get(&format!("/bodies/{sindicato}/ledger"), "hacienda"));
    let page = format!("/bodies/{sindicato}/ledger/entries/{travel}/document");
    assert!(book.body.contains(&format!("href=\"{page}\"")), "{}", book.body);
    let form = app.block_on(app.get(&page, "hacienda"));
    assert!(form.body.contains("id=\"document-form\"") && form.body.contains("enctype=\"multipart/form-data\""));
    let upload = |who: &str, name: &str, bytes: &[u8]| {
        let boundary = "cabildo-document";
        let mut body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{}\r\n--{boundary}\r\n\
             Content-Disposition: form-data; name=\"document\"; filename=\"{name}\"\r\nContent-Type: text/html\r\n\r\n",
            app.csrf(who)
        )
        .into_bytes();
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let content_type = format!("multipart/form-data; boundary={boundary}");
        app.block_on(app.request("POST", &page).by(who).bytes(&content_type, body).send())
    };
    // What claims to be a PDF but is a page with a script: refused on the form.
    let refused = upload("hacienda", "factura.pdf", b"<html><script>alert(1)</script></html>");
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(refused.body.contains("foto (JPEG o PNG) o un PDF"), "{}", refused.body);
    assert_eq!(upload("afiliado", "x.pdf", PDF).status, StatusCode::FORBIDDEN);
    let done = upload("hacienda", "pasajes.pdf", PDF);
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let shown = app.block_on(app.get(&page, "hacienda"));
    assert!(shown.body.contains("pasajes.pdf") && shown.body.contains("id=\"download\""), "{}", shown.body);
    let id = store_document_id(db, &travel);
    let download = format!("/bodies/{sindicato}/ledger/documents/{id}");
    let got = app.block_on(app.get(&download, "hacienda"));
    assert_eq!(got.status, StatusCode::OK);
    assert_eq!(got.bytes.as_ref(), PDF);
    assert_eq!(got.headers["content-type"], "application/pdf");
    assert_eq!(got.headers["content-disposition"], "attachment; filename=\"pasajes.pdf\"");
    assert_eq!(got.headers["x-content-type-options"], "nosniff");
    // Listed in the report, with its link.
    let report = app.block_on(app.get(&format!("/bodies/{sindicato}/ledger/report?period=2026"), "hacienda"));
    assert!(report.body.contains("id=\"documents\"") && report.body.contains(&download), "{}", report.body);
    // Who may see the books downloads it; a member who may not, or another body's officer, not.
    assert_eq!(app.block_on(app.get(&download, "afiliado")).status, StatusCode::FORBIDDEN);
    let other = app.other_sindicato();
    let elsewhere = format!("/bodies/{other}/ledger/documents/{id}");
    assert_eq!(app.block_on(app.get(&elsewhere, "admin")).status, StatusCode::NOT_FOUND);

    // The API: attach with the bytes as the body, download the same bytes.
    let api = format!("/api/v1/bodies/{sindicato}/ledger/entries/{}/document?name=recibo.png", spend("Herramientas"));
    let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR".to_vec();
    let reply =
        app.block_on(app.request("POST", &api).token("hacienda").bytes("application/octet-stream", png.clone()).send());
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    let created = reply.json();
    assert_eq!(
        (created["media_type"].as_str(), created["file_name"].as_str()),
        (Some("image/png"), Some("recibo.png"))
    );
    let location = reply.headers["location"].to_str().unwrap().to_string();
    let got = app.block_on(app.request("GET", &location).token("hacienda").send());
    assert_eq!((got.status, got.bytes.as_ref()), (StatusCode::OK, &png[..]));
    let (status, problem) = app.block_on(app.request("GET", &location).token("afiliado").api());
    assert_eq!((status, problem["code"].as_str()), (StatusCode::FORBIDDEN, Some("forbidden")));

    // The command line.
    let path = std::env::temp_dir().join(format!("cabildo-books-doc-{}-{}.jpg", std::process::id(), db.location.len()));
    std::fs::write(&path, JPEG).unwrap();
    let entry = spend("Refrigerio");
    let (code, said) = cabildo_cli(&db.location, &["ledger", "attach", SINDICATO, &entry, path.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{said}");
    assert!(said.contains("adjuntado al gasto"), "{said}");
    let (code, said) = cabildo_cli(&db.location, &["ledger", "attach", SINDICATO, &entry, path.to_str().unwrap()]);
    assert_ne!(code, Some(0));
    assert!(said.contains("ya tiene su documento"), "{said}");
    drop(std::fs::remove_file(&path));
}

fn store_document_id(db: &Db, entry: &str) -> i64 {
    let sql = format!(
        "SELECT CAST(d.id AS TEXT) FROM ledger_documents d JOIN ledger_entries e ON e.id = d.entry_id WHERE e.number = {entry} \
         AND e.body_id = (SELECT id FROM bodies WHERE code = '{SINDICATO}')"
    );
    db.raw_texts(&sql)[0].parse().unwrap()
}

/// The context of a demo account, as the web gives it.
fn account(store: &Store, username: &str) -> cabildo_services::Ctx {
    let (id, grants) = store
        .read(|r| {
            let a = r.account_by_username(username)?.unwrap();
            let grants = r.grants(a.id)?;
            Ok::<_, cabildo_store::StoreError>((a.id, grants))
        })
        .unwrap();
    let actor = cabildo_services::Actor::Account { id, username: username.into(), grants };
    cabildo_services::Ctx { actor, now: crate::support::NOW, today: crate::support::today() }
}

fn the_report_presented_to_the_assembly_is_frozen_in_the_acta_with_its_outcome(db: &Db) {
    use cabildo_domain::assembly::{BallotOption, DecisionRule, VoteMethod};
    use cabildo_services::{acta, assembly};
    let app = TestApp::demo(db).families(300).build();
    let s = &db.store;
    dues(s);
    let families = padron(s, SINDICATO);
    let pay = |family: HouseholdId, amount: &str| {
        let form = ledger::PayForm { family: family.0.to_string(), amount: amount.into(), ..Default::default() };
        ledger::pay(s, &op(), SINDICATO, &form).unwrap();
    };
    pay(families[0].id, "20");
    pay(families[1].id, "35");
    let (a, present) = crate::support::hold_assembly(s, &op(), SINDICATO, "ordinaria", "2026-11-20 09:00");
    let before = ledger::report(s, &op(), SINDICATO, "2026").unwrap();
    assert_eq!(before.closing_cash, Centavos(5500));

    // A wrong item or period, another body's assembly, a member without the right: refused, and
    // no motion is left behind.
    let run = |args: &[&str]| cabildo_cli(&db.location, args);
    let a_text = a.0.to_string();
    let motions = |db: &Db| db.raw_count("motions");
    let count = motions(db);
    let (code, said) = run(&["ledger", "present", SINDICATO, "--assembly", &a_text, "--item", "9", "--period", "2026"]);
    assert_ne!(code, Some(0), "{said}");
    let (code, _) = run(&["ledger", "present", SINDICATO, "--assembly", &a_text, "--item", "1", "--period", "marzo"]);
    assert_ne!(code, Some(0));
    let (code, _) = run(&["ledger", "present", OTHER, "--assembly", &a_text, "--item", "1", "--period", "2026"]);
    assert_ne!(code, Some(0));
    let afiliado = account(s, "afiliado");
    let form = ledger::PresentForm { period: "2026".into(), item: "1".into() };
    let words = |id: &str, args: &[(&str, String)]| cabildo_i18n::tr(cabildo_i18n::Lang::Es, id, args);
    assert!(ledger::present_report(s, &afiliado, SINDICATO, a, &form, &words).is_err());
    assert_eq!(motions(db), count);

    // On the report's page: refused to a member, then presented under item 1.
    let sindicato = app.sindicato();
    let report = app.block_on(app.get(&format!("/bodies/{sindicato}/ledger/report?period=2026"), "admin"));
    assert!(report.body.contains("id=\"present-form\""), "{}", report.body);
    let present_path = format!("/bodies/{sindicato}/ledger/report/present");
    let form = format!("period=2026&assembly={a_text}&item=1");
    assert_eq!(app.block_on(app.post_form(&present_path, "afiliado", &form)).status, StatusCode::FORBIDDEN);
    assert_eq!(motions(db), count);
    let done = app.block_on(app.post_form(&present_path, "admin", &form));
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(done.headers["location"], format!("/assemblies/{a_text}").as_str());
    let view = assembly::view(s, &op(), a).unwrap();
    let motion = view.motions.iter().find(|m| m.motion.title.starts_with("Informe económico 2026")).unwrap();
    assert!(motion.motion.text.contains("caja al cierre Bs 55,00"), "{}", motion.motion.text);
    assert!(
        motion.motion.text.contains(&format!("{} familias en mora", before.arrears.len())),
        "{}",
        motion.motion.text
    );
    let placed = cabildo_services::mandates::items(s, &op(), a).unwrap();
    assert!(placed[0].1.contains(&motion.motion.id), "{placed:?}");

    // The assembly approves it; the books move on; the acta keeps what was approved.
    let m = motion.motion.id;
    assembly::open_vote(s, &op(), m, VoteMethod::ShowOfHands, DecisionRule::MajorityOfVotesCast).unwrap();
    assembly::record_hands(s, &op(), m, &[(BallotOption::For, present.len() as u64)]).unwrap();
    assembly::close_vote(s, &op(), m).unwrap();
    assembly::close(s, &op(), a).unwrap();
    pay(families[2].id, "100");
    assert_eq!(ledger::report(s, &op(), SINDICATO, "2026").unwrap().closing_cash, Centavos(15_500));
    let content = acta::view(s, &op(), a).unwrap().content;
    let entries: Vec<(String, String)> = content.entries().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    let key = entries.iter().find(|(_, v)| v.starts_with("Informe económico 2026")).map(|(k, _)| k.clone()).unwrap();
    let motion_key = key.trim_end_matches(".title");
    let value =
        |suffix: &str| entries.iter().find(|(k, _)| *k == format!("{motion_key}.{suffix}")).map(|(_, v)| v.clone());
    assert!(value("text").unwrap().contains("caja al cierre Bs 55,00"), "{entries:?}");
    assert_eq!(value("outcome").as_deref(), Some("adopted"), "{entries:?}");
    // Shown on the acta's page.
    let page = app.block_on(app.get(&format!("/assemblies/{}/acta", a.0), "actas"));
    assert!(page.body.contains("caja al cierre Bs 55,00"), "{}", page.body);
}
