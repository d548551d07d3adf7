//! What every import of a spreadsheet answers when it refuses the file (the padrón, the ledger's
//! payments): every bad row named, as a problem document for the API and as the rows of a form
//! page's table.

use axum::http::StatusCode;
use axum::response::Response;
use cabildo_i18n::{Lang, tr};
use cabildo_services::import::RowProblem;
use serde::Serialize;
use utoipa::ToSchema;

use crate::http::problem::{Problem, problem_response};
use crate::http::status::text_of;

/// A refused import: nothing was written. `problems` names every problem of every bad row
/// (empty when the file is refused as a whole: its header, its encoding).
#[derive(Serialize, ToSchema)]
#[schema(example = json!({
    "type": "urn:cabildo:problem:import_rejected",
    "title": "1 rows with errors; nothing was imported. Fix the file and import it again.",
    "status": 422,
    "code": "import_rejected",
    "problems": [
        {"line": 3, "column": "Socio", "value": "Pedro", "code": "required",
         "message": "The first surname is missing."}
    ]
}))]
pub struct ImportRejected {
    #[serde(flatten)]
    pub problem: Problem,
    pub problems: Vec<ImportProblem>,
}

/// One problem of one row of an imported file.
#[derive(Serialize, ToSchema)]
pub struct ImportProblem {
    /// The line of the file, from 1 (the header is a line).
    line: u64,
    /// The column's header as the file writes it, when the problem is in one cell.
    #[schema(required = true)]
    column: Option<String>,
    /// The cell's value (or the line's, when the problem is not in one cell).
    value: String,
    /// A stable code for programs: `required`, `bad_number`, `duplicate_parcel_in_file`, …
    code: String,
    /// What to fix, in the language of `Accept-Language`.
    message: String,
}

/// The 422 answer of an import whose `bad_rows` rows have `problems`.
pub fn rejected_response(lang: Lang, problems: Vec<RowProblem>, bad_rows: u64) -> Response {
    let status = StatusCode::UNPROCESSABLE_ENTITY;
    let title = tr(lang, "cli-import-rejected", &[("total", lang.count(bad_rows))]);
    let problems = problems
        .into_iter()
        .map(|p| ImportProblem {
            line: p.line,
            column: p.column,
            value: p.value,
            code: p.error.message().id.to_string(),
            message: text_of(lang, &p.error),
        })
        .collect();
    let problem = Problem::new(status, "import_rejected", title);
    problem_response(status, &ImportRejected { problem, problems })
}

/// The 422 answer of an import refused as a whole (its header, its encoding): `problems` empty.
pub fn refused_file(lang: Lang, error: &cabildo_services::ServiceError) -> Response {
    let status = StatusCode::UNPROCESSABLE_ENTITY;
    let problem = Problem::new(status, error.message().id, text_of(lang, error));
    problem_response(status, &ImportRejected { problem, problems: Vec::new() })
}

/// The rows of a form page's table of problems (line, column, value, reason): the first
/// thousand.
pub fn page_problems(lang: Lang, problems: &[RowProblem]) -> Vec<(u64, String, String, String)> {
    problems
        .iter()
        .take(1000)
        .map(|p| (p.line, p.column.clone().unwrap_or_default(), p.value.clone(), text_of(lang, &p.error)))
        .collect()
}
