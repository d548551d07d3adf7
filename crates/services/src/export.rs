//! Padrón export: a file that imports back to the same data, written as Bolivian spreadsheets
//! expect it (or plainly), with cells guarded against formula injection.

use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::Path;

use cabildo_domain::padron::{Column, coordinate_text, guard_cell};
use cabildo_domain::{Body, Composition, Date, HouseholdData, ParcelData, PersonData};
use cabildo_store::{Repo, Store};

use crate::registry::{Registry, resolve_body};
use crate::{Ctx, Result, ServiceError};
use cabildo_domain::access::Action;

/// How the file is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// What Excel in Bolivia reads without questions: `;`, UTF-8 with BOM, CRLF, decimal comma,
    /// dates dd/mm/yyyy.
    Spreadsheet,
    /// For programs: `,`, UTF-8, LF, decimal point, ISO dates.
    Plain,
}

/// The columns of an exported padrón, in order.
pub const EXPORT_COLUMNS: [Column; 14] = [
    Column::SindicatoCode,
    Column::Sindicato,
    Column::RegisterNumber,
    Column::FirstSurname,
    Column::SecondSurname,
    Column::GivenNames,
    Column::IdNumber,
    Column::Phone,
    Column::ParcelCode,
    Column::AreaHectares,
    Column::Place,
    Column::Latitude,
    Column::Longitude,
    Column::AffiliatedOn,
];

/// Writes padrón lines in one format.
pub struct PadronWriter<W: Write> {
    csv: csv::Writer<W>,
    format: ExportFormat,
    include_id_numbers: bool,
    pub lines: u64,
}

impl<W: Write> PadronWriter<W> {
    pub fn new(mut out: W, format: ExportFormat, include_id_numbers: bool) -> std::io::Result<Self> {
        let mut builder = csv::WriterBuilder::new();
        match format {
            ExportFormat::Spreadsheet => {
                out.write_all(b"\xEF\xBB\xBF")?;
                builder.delimiter(b';').terminator(csv::Terminator::CRLF);
            }
            ExportFormat::Plain => {
                builder.delimiter(b',').terminator(csv::Terminator::Any(b'\n'));
            }
        }
        let mut csv = builder.from_writer(out);
        let headers =
            EXPORT_COLUMNS.iter().filter(|c| include_id_numbers || **c != Column::IdNumber).map(|c| c.export_header());
        csv.write_record(headers).map_err(std::io::Error::other)?;
        Ok(PadronWriter { csv, format, include_id_numbers, lines: 0 })
    }

    fn date(&self, date: Option<Date>) -> String {
        match (date, self.format) {
            (None, _) => String::new(),
            (Some(d), ExportFormat::Spreadsheet) => d.format("%d/%m/%Y").to_string(),
            (Some(d), ExportFormat::Plain) => d.format("%Y-%m-%d").to_string(),
        }
    }

    fn decimal(&self) -> char {
        match self.format {
            ExportFormat::Spreadsheet => ',',
            ExportFormat::Plain => '.',
        }
    }

    /// Writes one parcel's line.
    pub fn write(
        &mut self,
        body_code: &str,
        body_name: &str,
        person: &PersonData,
        household: &HouseholdData,
        parcel: &ParcelData,
    ) -> std::io::Result<()> {
        let text = |v: &Option<String>| v.as_deref().map(guard_cell).unwrap_or_default();
        let decimal = self.decimal();
        let mut cells: Vec<String> = vec![
            guard_cell(body_code),
            guard_cell(body_name),
            text(&household.register_number),
            guard_cell(&person.name.first_surname),
            text(&person.name.second_surname),
            guard_cell(&person.name.given_names),
        ];
        if self.include_id_numbers {
            cells.push(text(&person.id_number));
        }
        cells.extend([
            text(&person.phone),
            guard_cell(parcel.code.as_str()),
            parcel.area.map(|a| a.hectares_text(decimal)).unwrap_or_default(),
            text(&parcel.place),
            parcel.coordinates.map(|c| coordinate_text(c.latitude, decimal)).unwrap_or_default(),
            parcel.coordinates.map(|c| coordinate_text(c.longitude, decimal)).unwrap_or_default(),
            self.date(household.affiliated_on),
        ]);
        self.csv.write_record(&cells).map_err(std::io::Error::other)?;
        self.lines += 1;
        Ok(())
    }

    pub fn finish(self) -> std::io::Result<W> {
        self.csv.into_inner().map_err(|e| std::io::Error::other(e.to_string()))
    }
}

/// Writes the padrón of `target` and every sindicato below it to `out`; `shown` names the
/// destination in a refusal. Returns the lines written and `out`.
fn write_padron<W: Write>(
    repo: &mut dyn Repo,
    registry: &Registry,
    target: &Body,
    out: W,
    format: ExportFormat,
    include_id_numbers: bool,
    shown: &str,
) -> Result<(u64, W)> {
    let unwritable = |e: std::io::Error| ServiceError::Unwritable { path: shown.to_string(), reason: e.to_string() };
    let sindicatos: Vec<_> =
        registry.subtree(target.id).into_iter().filter(|b| b.composition == Composition::Households).cloned().collect();
    let mut writer = PadronWriter::new(out, format, include_id_numbers).map_err(unwritable)?;
    for body in &sindicatos {
        repo.padron(&[body.id], &mut |entry| {
            writer
                .write(&body.code, &body.name, &entry.person, &entry.household, &entry.parcel)
                .map_err(|e| cabildo_store::StoreError::Internal(e.to_string()))
        })
        .map_err(|e| match e {
            cabildo_store::StoreError::Internal(reason) => ServiceError::Unwritable { path: shown.to_string(), reason },
            other => other.into(),
        })?;
    }
    let lines = writer.lines;
    Ok((lines, writer.finish().map_err(unwritable)?))
}

/// The padrón of `target` and every sindicato below it as a download: the spreadsheet format
/// the import reads back. Only viewers who may see the members get it; the ID numbers only those
/// who may see contact details too. Returns the body and the file's bytes.
pub fn padron_download(store: &Store, ctx: &Ctx, target: &str) -> Result<(Body, Vec<u8>)> {
    store.read(|repo| {
        let target = resolve_body(repo, target)?;
        let registry = Registry::load(repo)?;
        registry.require(ctx, Action::ViewMembers, target.id)?;
        let include_id_numbers = ctx.may(&registry.tree, Action::ViewContact, target.id);
        let shown = format!("{}.csv", target.code);
        let (_, bytes) =
            write_padron(repo, &registry, &target, Vec::new(), ExportFormat::Spreadsheet, include_id_numbers, &shown)?;
        Ok((target, bytes))
    })
}

/// Exports the padrón of `target` and every sindicato below it to `path`. The file appears
/// whole or not at all. Returns the number of lines (parcels) written.
pub fn export_file(
    store: &Store,
    ctx: &Ctx,
    target: &str,
    path: &Path,
    format: ExportFormat,
    include_id_numbers: bool,
) -> Result<u64> {
    let unwritable =
        |e: std::io::Error| ServiceError::Unwritable { path: path.display().to_string(), reason: e.to_string() };
    let partial = path.with_extension("partial");
    let file = File::create(&partial).map_err(unwritable)?;
    let shown = path.display().to_string();
    let result = store.read(|repo| {
        let target = resolve_body(repo, target)?;
        let registry = Registry::load(repo)?;
        let needed = if include_id_numbers { Action::ViewContact } else { Action::ViewMembers };
        registry.require(ctx, needed, target.id)?;
        let (lines, mut out) =
            write_padron(repo, &registry, &target, BufWriter::new(file), format, include_id_numbers, &shown)?;
        out.flush().map_err(unwritable)?;
        Ok(lines)
    });
    match result {
        Ok(lines) => {
            fs::rename(&partial, path).map_err(unwritable)?;
            Ok(lines)
        }
        Err(e) => {
            // The half-written file goes; the error says what went wrong.
            drop(fs::remove_file(&partial));
            Err(e)
        }
    }
}
