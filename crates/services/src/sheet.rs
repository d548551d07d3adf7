//! Reading a spreadsheet export, shared by every import of one (the padrón, the ledger's
//! payments): the CSV reader of the decoded text, the header among the first lines, and the
//! problem of a line the reader could not read.

use cabildo_domain::padron::HeaderError;

use crate::decode::{Detected, detect_delimiter_in};
use crate::import::{ImportError, RowProblem};
use crate::{Result, ServiceError};

/// The CSV reader of a spreadsheet export decoded to UTF-8 (see [`crate::decode`]), and its
/// delimiter, found in `head`; a UTF-8 file with lines that are not is refused naming them.
/// Shared by every import of a spreadsheet (the padrón, the ledger's payments).
pub(crate) fn sheet_reader<R: std::io::Read>(
    detected: &Detected,
    reader: R,
    head: &str,
) -> std::result::Result<(csv::Reader<R>, u8), ImportError> {
    if !detected.bad_lines.is_empty() {
        let problems: Vec<RowProblem> = detected
            .bad_lines
            .iter()
            .map(|line| RowProblem {
                line: *line,
                column: None,
                value: String::new(),
                error: ServiceError::NotUtf8Line,
            })
            .collect();
        let bad_rows = problems.len() as u64;
        return Err(ImportError::Rejected { problems, bad_rows, rows: 0 });
    }
    let delimiter = detect_delimiter_in(head);
    let csv = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        // Records end at `\n` only: a `\r` before it is trimmed with the last cell. (With CRLF
        // terminators the csv crate reports line numbers one too low.)
        .terminator(csv::Terminator::Any(b'\n'))
        .from_reader(reader);
    Ok((csv, delimiter))
}

/// The problem of a record the CSV reader could not read, on its line.
pub(crate) fn unreadable_record(e: &csv::Error) -> RowProblem {
    let line = e.position().map_or(0, |p| p.line());
    RowProblem {
        line,
        column: None,
        value: String::new(),
        error: ServiceError::UnreadableLine { reason: e.to_string() },
    }
}

/// The first line (of the first ten) that `recognise` takes for the header, with its cells as
/// the file writes them (trimmed, without a BOM); else why the first non-blank line is not one.
pub(crate) fn find_header_by<R: std::io::Read, M>(
    csv: &mut csv::Reader<R>,
    recognise: impl Fn(&[String]) -> std::result::Result<M, HeaderError>,
) -> Result<(M, Vec<String>)> {
    let mut first_error = None;
    let mut record = csv::StringRecord::new();
    for _ in 0..10 {
        match csv.read_record(&mut record) {
            Ok(true) => {
                let headers: Vec<String> = record.iter().map(str::to_string).collect();
                if headers.iter().all(|h| h.trim().is_empty()) {
                    continue;
                }
                match recognise(&headers) {
                    Ok(map) => {
                        let headers =
                            headers.iter().map(|h| h.trim().trim_start_matches('\u{feff}').to_string()).collect();
                        return Ok((map, headers));
                    }
                    Err(e) => {
                        first_error.get_or_insert(e);
                    }
                }
            }
            Ok(false) => break,
            Err(e) => {
                return Err(ServiceError::UnreadableLine { reason: e.to_string() });
            }
        }
    }
    Err(ServiceError::Header(first_error.unwrap_or(HeaderError::Empty)))
}
