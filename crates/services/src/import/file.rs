//! Reading a padrón file for the import: its text, its header and its lines, parsed on a thread
//! of their own.

use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use cabildo_domain::padron::{CellError, Column, ColumnMap, parse_row};

use super::{ImportError, ImportReport, Present, RowProblem, SourceRow};
use crate::Result;
use crate::ServiceError;
use crate::decode::{DecodingReader, open_text};
use crate::sheet::{find_header_by, sheet_reader, unreadable_record};

/// Lines parsed ahead of the engine travel in batches of this many, at most this many batches
/// ahead.
const PARSED_BATCH: usize = 500;
const PARSED_BATCHES_AHEAD: usize = 8;

/// Opens `path`, finds its header, calls `begin` (whose refusal ends the import before any row is
/// read), and hands `import` what it returned and the rows of the file; the report it returns gets
/// the file's encoding, delimiter and ignored columns.
pub(super) fn with_file_rows<S: Copy>(
    path: &Path,
    mappings: &[String],
    begin: impl FnOnce() -> std::result::Result<S, ImportError>,
    import: impl FnOnce(
        S,
        Present,
        Option<&str>,
        &mut dyn Iterator<Item = SourceRow>,
    ) -> std::result::Result<ImportReport, ImportError>,
) -> std::result::Result<ImportReport, ImportError> {
    let (detected, reader, head) = open_text(path)?;
    let encoding = detected.encoding;
    let (mut csv, delimiter) = sheet_reader(&detected, reader, &head)?;
    let (map, headers) = find_header(&mut csv, mappings)?;
    let started = begin()?;
    let name_of = |index: Option<usize>| index.and_then(|i| headers.get(i).cloned());
    let sindicato_column = map
        .columns
        .iter()
        .find(|(_, c)| matches!(c, Column::SindicatoCode | Column::Sindicato))
        .and_then(|(i, _)| name_of(Some(*i)));
    let present = Present::from_map(&map);
    let ignored_columns = map.ignored.clone();
    // The lines are read and parsed on a thread of their own while the engine checks and writes
    // what came before: parsing was half of a pass over the file, and a machine has two cores.
    let (sender, receiver) = std::sync::mpsc::sync_channel::<Vec<SourceRow>>(PARSED_BATCHES_AHEAD);
    let mut report = std::thread::scope(|scope| {
        // The sender moves into the thread: its end ends the engine's rows.
        scope.spawn(move || {
            let mut record = csv::StringRecord::new();
            let mut batch = Vec::with_capacity(PARSED_BATCH);
            loop {
                let row = match csv.read_record(&mut record) {
                    Ok(false) => break,
                    Ok(true) => {
                        let line = record.position().map_or(0, |p| p.line());
                        let cells: Vec<&str> = record.iter().collect();
                        let parsed = parse_row(&map, &cells)
                            .map_err(|errors| errors.into_iter().map(|e| cell_problem(line, e, &name_of)).collect());
                        (line, parsed)
                    }
                    Err(e) => {
                        let problem = unreadable_record(&e);
                        (problem.line, Err(vec![problem]))
                    }
                };
                batch.push(row);
                if batch.len() == PARSED_BATCH {
                    // The engine stopped (a refusal): nobody wants the rest of the file.
                    if sender.send(std::mem::replace(&mut batch, Vec::with_capacity(PARSED_BATCH))).is_err() {
                        return;
                    }
                }
            }
            sender.send(batch).ok();
        });
        let mut rows = receiver.into_iter().flatten();
        import(started, present, sindicato_column.as_deref(), &mut rows)
    })?;
    report.encoding = Some(encoding);
    report.delimiter = Some(char::from(delimiter));
    report.ignored_columns = ignored_columns;
    Ok(report)
}

fn cell_problem(line: u64, error: CellError, name_of: &dyn Fn(Option<usize>) -> Option<String>) -> RowProblem {
    RowProblem { line, column: name_of(error.column), value: error.value, error: ServiceError::Domain(error.error) }
}

/// The header is the first line (of the first ten) that names the padrón's columns: spreadsheets
/// often carry a title line or two above it.
fn find_header(
    csv: &mut csv::Reader<DecodingReader<BufReader<File>>>,
    mappings: &[String],
) -> Result<(ColumnMap, Vec<String>)> {
    find_header_by(csv, |headers| ColumnMap::from_headers(headers, mappings))
}
