//! Payments imported from a spreadsheet (issue 15, part 3): the file is read as the padrón's is
//! (`crate::import`: any usual encoding and separator, a title line above the header, decimal
//! commas, dd/mm/yyyy), and is ALL OR NOTHING: every row is checked — its family known in the
//! body, its amount more than zero, its day readable and in an open period — and if any is bad,
//! every bad row is named and nothing is written. Otherwise each row is recorded exactly as a
//! payment at the desk (spread over the oldest open charges, the rest as credit) with its own
//! numbered receipt, all in one transaction.

use std::collections::HashMap;
use std::path::Path;

use cabildo_domain::access::Action;
use cabildo_domain::ledger::Centavos;
use cabildo_domain::ledger_sheet::{PaymentColumn, PaymentColumns};
use cabildo_domain::padron::unguard_cell;
use cabildo_domain::{Body, Date, DomainError, Field, HouseholdId, text};
use cabildo_store::{HouseholdSummary, ReceiptRecord, Repo, Store};

use super::{LedgerRefusal, household_body, open_body, positive_amount, record_payment, require_open_day};
use crate::decode::{TextEncoding, open_bytes};
use crate::import::{ImportError, RowProblem};
use crate::registry::Registry;
use crate::sheet::{find_header_by, sheet_reader, unreadable_record};
use crate::{Ctx, Result, ServiceError};

/// The largest payments file taken (bytes): a treasurer's sheet of a few thousand rows.
pub const MAX_IMPORT_BYTES: usize = 1024 * 1024;
/// The most payments one file records: they are written in one transaction.
pub const MAX_IMPORT_ROWS: u64 = 5_000;
/// Problems named in a refusal; past this only the count of bad rows grows.
const MAX_PROBLEMS_KEPT: usize = 10_000;

/// What an import of payments recorded.
#[derive(Debug, Clone, PartialEq)]
pub struct PaymentImport {
    pub encoding: TextEncoding,
    pub delimiter: char,
    pub ignored_columns: Vec<String>,
    /// The payments' receipts, in the order of the file's rows.
    pub receipts: Vec<ReceiptRecord>,
    pub total: Centavos,
}

/// Who paid, as a row of the file names the family.
#[derive(Debug, Clone, PartialEq)]
enum FamilyRef {
    Card(String),
    Number(String),
    Parcel(String),
    Name(String),
}

/// A row read and checked on its own (before looking its family up).
struct Row {
    family: (usize, FamilyRef),
    amount: Centavos,
    day: (Option<usize>, Date),
    note: Option<String>,
}

/// A row's cells and what is wrong with them, by column index.
struct Checked {
    line: u64,
    problems: Vec<(Option<usize>, String, ServiceError)>,
    row: Option<Row>,
}

fn too_large() -> ImportError {
    let size = format!("{} KB", MAX_IMPORT_BYTES / 1024);
    ImportError::Service(LedgerRefusal::ImportTooLarge { rows: MAX_IMPORT_ROWS.to_string(), size }.into())
}

/// Imports the payments of `bytes` (a CSV file, named `name` in a refusal) into `body`'s book.
pub fn import_payments(
    store: &Store,
    ctx: &Ctx,
    body: &str,
    name: &str,
    bytes: &[u8],
) -> std::result::Result<PaymentImport, ImportError> {
    // Who may not keep this book learns nothing of the file, not even whether it reads.
    store.read(|repo| {
        let registry = Registry::load(repo)?;
        let body = open_body(&registry, body)?;
        registry.require(ctx, Action::KeepBooks, body.id)?;
        household_body(&body)
    })?;
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(too_large());
    }
    let (detected, reader, head) = open_bytes(bytes, Path::new(name))?;
    let (mut csv, delimiter) = sheet_reader(&detected, reader, &head)?;
    let (map, headers) = find_header_by(&mut csv, PaymentColumns::from_headers)?;
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        match csv.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = record.position().map_or(0, |p| p.line());
                let cells: Vec<&str> = record.iter().collect();
                if let Some(checked) = check_row(&map, line, &cells, ctx.today) {
                    rows.push(checked);
                }
            }
            Err(e) => {
                let problem = unreadable_record(&e);
                rows.push(Checked {
                    line: problem.line,
                    problems: vec![(None, String::new(), problem.error)],
                    row: None,
                });
            }
        }
        if rows.len() as u64 > MAX_IMPORT_ROWS {
            return Err(too_large());
        }
    }
    let column_name = |index: Option<usize>| index.and_then(|i| headers.get(i).cloned());
    store.write(|repo| {
        let registry = Registry::load(repo)?;
        let body = open_body(&registry, body)?;
        registry.require(ctx, Action::KeepBooks, body.id)?;
        household_body(&body)?;
        let mut finder = FamilyFinder::load(repo, &body)?;
        let mut good = Vec::with_capacity(rows.len());
        let (mut problems, mut bad_rows) = (Vec::new(), 0u64);
        for mut checked in rows {
            if let Some(row) = checked.row.take() {
                match finder.find_ref(repo, &row.family.1) {
                    Ok(family) => {
                        if let Err(e) = require_open_day(repo, &body, row.day.1) {
                            let value = row.day.1.format("%d/%m/%Y").to_string();
                            checked.problems.push((row.day.0, value, e));
                        }
                        good.push((family, row));
                    }
                    Err(e) => {
                        let (FamilyRef::Card(v) | FamilyRef::Number(v) | FamilyRef::Parcel(v) | FamilyRef::Name(v)) =
                            &row.family.1;
                        checked.problems.push((Some(row.family.0), v.clone(), e));
                    }
                }
            }
            if !checked.problems.is_empty() {
                bad_rows += 1;
                for (column, value, error) in checked.problems {
                    if problems.len() < MAX_PROBLEMS_KEPT {
                        problems.push(RowProblem { line: checked.line, column: column_name(column), value, error });
                    }
                }
            }
        }
        if bad_rows > 0 {
            let rows = good.len() as u64 + bad_rows;
            return Err(ImportError::Rejected { problems, bad_rows, rows });
        }
        let mut receipts = Vec::with_capacity(good.len());
        let mut total = Centavos::ZERO;
        for (family, row) in good {
            let household = repo.household(family)?.ok_or(ServiceError::UnknownHousehold { id: family.0 })?;
            let paid = record_payment(repo, ctx, &body, &household, row.amount, row.day.1, &[], row.note.as_deref())?;
            total = total.checked_add(paid.receipt.amount).ok_or_else(|| ServiceError::Internal("overflow".into()))?;
            receipts.push(paid.receipt);
        }
        let detail = format!("{} payments, {}", receipts.len(), total.plain());
        ctx.audit(repo, Some(body.id), "ledger.import", detail)?;
        Ok(PaymentImport {
            encoding: detected.encoding,
            delimiter: char::from(delimiter),
            ignored_columns: map.ignored.clone(),
            receipts,
            total,
        })
    })
}

/// Reads one line of the file: `None` for a blank one; else the row, or every problem of it.
fn check_row(map: &PaymentColumns, line: u64, cells: &[&str], today: Date) -> Option<Checked> {
    let cell = |column: PaymentColumn| {
        map.index(column).map(|i| (i, unguard_cell(cells.get(i).copied().unwrap_or("")).trim().to_string()))
    };
    if map.columns.iter().all(|(i, _)| cells.get(*i).is_none_or(|c| c.trim().is_empty())) {
        return None;
    }
    let mut problems = Vec::new();
    let family = PaymentColumn::FAMILY.iter().find_map(|c| cell(*c).filter(|(_, v)| !v.is_empty()).map(|v| (*c, v)));
    let family = match family {
        Some((column, (i, value))) => Some((
            i,
            match column {
                PaymentColumn::Card => FamilyRef::Card(value),
                PaymentColumn::Number => FamilyRef::Number(value),
                PaymentColumn::Parcel => FamilyRef::Parcel(value),
                _ => FamilyRef::Name(value),
            },
        )),
        None => {
            let first = PaymentColumn::FAMILY.iter().find_map(|c| map.index(*c));
            problems.push((first, String::new(), DomainError::Required { field: Field::Household }.into()));
            None
        }
    };
    let amount = cell(PaymentColumn::Amount)
        .and_then(|(i, value)| positive_amount(&value).map_err(|e| problems.push((Some(i), value, e))).ok());
    let day = match cell(PaymentColumn::Date) {
        Some((i, value)) if !value.is_empty() => cabildo_domain::padron::parse_date(Field::Date, &value)
            .map(|d| (Some(i), d))
            .map_err(|e| problems.push((Some(i), value, e.into())))
            .ok(),
        _ => Some((None, today)),
    };
    let note = match cell(PaymentColumn::Note) {
        Some((i, value)) => text::optional(Field::Memo, &value, super::MAX_TEXT)
            .map_err(|e| problems.push((Some(i), value, e.into())))
            .ok(),
        None => Some(None),
    };
    let row = match (family, amount, day, note) {
        (Some(family), Some(amount), Some(day), Some(note)) if problems.is_empty() => {
            Some(Row { family, amount, day, note })
        }
        _ => None,
    };
    Some(Checked { line, problems, row })
}

/// Finds the families of a body as people name them: member card, register number, parcel code
/// or name; cards are computed once, when first asked for.
pub(crate) struct FamilyFinder {
    body: String,
    roster: Vec<HouseholdSummary>,
    cards: Option<HashMap<String, HouseholdId>>,
}

impl FamilyFinder {
    pub(crate) fn load(repo: &mut dyn Repo, body: &Body) -> Result<FamilyFinder> {
        Ok(FamilyFinder { body: body.label(), roster: repo.roster(body.id)?, cards: None })
    }

    fn unknown(&self, reference: &str) -> ServiceError {
        LedgerRefusal::UnknownFamily { reference: reference.to_string(), body: self.body.clone() }.into()
    }

    fn by_card(&mut self, repo: &mut dyn Repo, code: &str) -> Result<Option<HouseholdId>> {
        let Some(code) = cabildo_domain::assembly::read_member_card_code(code) else {
            return Ok(None);
        };
        if self.cards.is_none() {
            let key = repo.member_cards_key()?;
            let cards =
                self.roster.iter().map(|h| (cabildo_domain::assembly::member_card_code(&key, h.id.0), h.id)).collect();
            self.cards = Some(cards);
        }
        Ok(self.cards.as_ref().and_then(|cards| cards.get(&code).copied()))
    }

    fn by_register_or_parcel(&self, reference: &str) -> Option<HouseholdId> {
        self.roster
            .iter()
            .find(|h| {
                h.register_number.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(reference))
                    || h.parcel_codes.iter().any(|c| c.eq_ignore_ascii_case(reference))
            })
            .map(|h| h.id)
    }

    /// A family by member card, register number or parcel code, as the desk finds one.
    pub(crate) fn find(&mut self, repo: &mut dyn Repo, reference: &str) -> Result<Option<HouseholdId>> {
        if let Some(found) = self.by_card(repo, reference)? {
            return Ok(Some(found));
        }
        Ok(self.by_register_or_parcel(reference))
    }

    /// The family a row of a file names, in the way its column says; unknown or, by name, more
    /// than one: refused.
    fn find_ref(&mut self, repo: &mut dyn Repo, reference: &FamilyRef) -> Result<HouseholdId> {
        let found = match reference {
            FamilyRef::Card(code) => self.by_card(repo, code)?,
            FamilyRef::Number(number) => self
                .roster
                .iter()
                .find(|h| h.register_number.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(number)))
                .or_else(|| self.roster.iter().find(|h| number.parse().is_ok_and(|id: i64| h.id.0 == id)))
                .map(|h| h.id),
            FamilyRef::Parcel(code) => {
                self.roster.iter().find(|h| h.parcel_codes.iter().any(|c| c.eq_ignore_ascii_case(code))).map(|h| h.id)
            }
            FamilyRef::Name(name) => {
                let key = name_key(name);
                let matches: Vec<HouseholdId> = self
                    .roster
                    .iter()
                    .filter(|h| name_key(&h.name.display()) == key || name_key(&h.name.sortable()) == key)
                    .map(|h| h.id)
                    .collect();
                if matches.len() > 1 {
                    return Err(LedgerRefusal::AmbiguousFamily {
                        reference: name.clone(),
                        body: self.body.clone(),
                        count: matches.len().to_string(),
                    }
                    .into());
                }
                matches.first().copied()
            }
        };
        let (FamilyRef::Card(v) | FamilyRef::Number(v) | FamilyRef::Parcel(v) | FamilyRef::Name(v)) = reference;
        found.ok_or_else(|| self.unknown(v))
    }
}

/// A name as compared: folded (no accents, lower case), commas dropped, spaces collapsed.
fn name_key(name: &str) -> String {
    text::collapse_spaces(&text::fold(name).replace(',', " "))
}
