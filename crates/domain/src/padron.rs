//! The padrón (member register) as sindicatos keep it in spreadsheets: which header means which
//! field, how values are written (dd/mm/yyyy, decimal commas, names in one or several columns),
//! and how cells are guarded against formula injection. Pure functions on text; reading bytes and
//! CSV records is the services layer's job.

use crate::Date;
use crate::error::{DomainError, Field};
use crate::household::{
    Area, Coordinates, MAX_PLACE, MAX_REGISTER_NUMBER, NameOrder, ParcelCode, PersonName, split_full_name,
    validate_id_number, validate_phone,
};
use crate::text;

/// What a column of the padrón holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    RegisterNumber,
    GivenNames,
    FirstSurname,
    SecondSurname,
    /// Both surnames in one column ("Apellidos").
    Surnames,
    /// The whole name, given names first ("Nombre completo").
    FullNameGivenFirst,
    /// The whole name, surnames first ("Apellidos y Nombres").
    FullNameSurnamesFirst,
    IdNumber,
    Phone,
    ParcelCode,
    AreaHectares,
    AreaSquareMetres,
    Place,
    Latitude,
    Longitude,
    AffiliatedOn,
    Sindicato,
    SindicatoCode,
}

impl Column {
    pub const ALL: [Column; 18] = [
        Column::RegisterNumber,
        Column::GivenNames,
        Column::FirstSurname,
        Column::SecondSurname,
        Column::Surnames,
        Column::FullNameGivenFirst,
        Column::FullNameSurnamesFirst,
        Column::IdNumber,
        Column::Phone,
        Column::ParcelCode,
        Column::AreaHectares,
        Column::AreaSquareMetres,
        Column::Place,
        Column::Latitude,
        Column::Longitude,
        Column::AffiliatedOn,
        Column::Sindicato,
        Column::SindicatoCode,
    ];

    /// The id used in `--map` options and in messages.
    pub fn id(self) -> &'static str {
        match self {
            Column::RegisterNumber => "register_number",
            Column::GivenNames => "given_names",
            Column::FirstSurname => "first_surname",
            Column::SecondSurname => "second_surname",
            Column::Surnames => "surnames",
            Column::FullNameGivenFirst => "full_name",
            Column::FullNameSurnamesFirst => "full_name_surnames_first",
            Column::IdNumber => "id_number",
            Column::Phone => "phone",
            Column::ParcelCode => "parcel_code",
            Column::AreaHectares => "area_ha",
            Column::AreaSquareMetres => "area_m2",
            Column::Place => "place",
            Column::Latitude => "latitude",
            Column::Longitude => "longitude",
            Column::AffiliatedOn => "affiliated_on",
            Column::Sindicato => "sindicato",
            Column::SindicatoCode => "sindicato_code",
        }
    }

    pub fn from_id(id: &str) -> Option<Column> {
        let id = id.trim();
        Column::ALL.into_iter().find(|c| c.id() == id)
    }

    /// The header the export writes: Spanish, as sindicatos write it, and recognised on import.
    pub fn export_header(self) -> &'static str {
        match self {
            Column::RegisterNumber => "N°",
            Column::GivenNames => "Nombres",
            Column::FirstSurname => "Apellido Paterno",
            Column::SecondSurname => "Apellido Materno",
            Column::Surnames => "Apellidos",
            Column::FullNameGivenFirst => "Nombre Completo",
            Column::FullNameSurnamesFirst => "Apellidos y Nombres",
            Column::IdNumber => "CI",
            Column::Phone => "Celular",
            Column::ParcelCode => "Nro. Lote",
            Column::AreaHectares => "Superficie (Ha.)",
            Column::AreaSquareMetres => "Superficie (m2)",
            Column::Place => "Lugar",
            Column::Latitude => "Latitud",
            Column::Longitude => "Longitud",
            Column::AffiliatedOn => "Fecha Afiliación",
            Column::Sindicato => "Sindicato",
            Column::SindicatoCode => "Código Sindicato",
        }
    }
}

/// Header spellings, after [`header_key`] normalisation, in Spanish and English.
const SYNONYMS: &[(Column, &[&str])] = &[
    (
        Column::RegisterNumber,
        &[
            "n",
            "no",
            "nro",
            "num",
            "numero",
            "#",
            "nro de registro",
            "numero de registro",
            "nro afiliado",
            "numero de afiliado",
            "nro de afiliado",
            "register number",
            "member number",
            "number",
            "item",
            "nro registro",
        ],
    ),
    (
        Column::GivenNames,
        &["nombres", "nombre", "given names", "given name", "first name", "first names", "names", "nombre s"],
    ),
    (
        Column::FirstSurname,
        &[
            "apellido paterno",
            "ap paterno",
            "paterno",
            "primer apellido",
            "apellido 1",
            "first surname",
            "paternal surname",
            "surname 1",
            "ap pat",
            "apellido pat",
        ],
    ),
    (
        Column::SecondSurname,
        &[
            "apellido materno",
            "ap materno",
            "materno",
            "segundo apellido",
            "apellido 2",
            "second surname",
            "maternal surname",
            "surname 2",
            "ap mat",
            "apellido mat",
        ],
    ),
    (Column::Surnames, &["apellidos", "apellido", "surnames", "surname", "last name", "last names", "family name"]),
    (
        Column::FullNameGivenFirst,
        &[
            "nombre completo",
            "nombres y apellidos",
            "nombre y apellido",
            "nombre y apellidos",
            "full name",
            "name",
            "afiliado",
            "nombre del afiliado",
            "socio",
        ],
    ),
    (
        Column::FullNameSurnamesFirst,
        &[
            "apellidos y nombres",
            "apellido y nombre",
            "apellidos y nombre",
            "surnames and names",
            "surname and name",
            "last name first name",
        ],
    ),
    (
        Column::IdNumber,
        &[
            "ci",
            "c i",
            "cedula",
            "cedula de identidad",
            "carnet",
            "carnet de identidad",
            "nro ci",
            "n ci",
            "documento",
            "id number",
            "id",
            "identity card",
            "dni",
            "ci n",
        ],
    ),
    (
        Column::Phone,
        &["telefono", "celular", "cel", "telf", "tel", "phone", "mobile", "cell", "nro celular", "telefono celular"],
    ),
    (
        Column::ParcelCode,
        &[
            "nro lote",
            "n lote",
            "no lote",
            "lote",
            "numero de lote",
            "nro de lote",
            "lote n",
            "parcela",
            "nro parcela",
            "n parcela",
            "codigo parcela",
            "codigo de parcela",
            "cod parcela",
            "parcel",
            "parcel code",
            "plot",
            "lot",
            "lot number",
            "plot number",
        ],
    ),
    (
        Column::AreaHectares,
        &[
            "superficie",
            "superficie ha",
            "sup ha",
            "sup",
            "area",
            "area ha",
            "hectareas",
            "has",
            "ha",
            "area hectares",
            "hectares",
            "area in hectares",
            "superficie en ha",
            "superficie hectareas",
            "superficie has",
            "extension",
            "extension ha",
        ],
    ),
    (
        Column::AreaSquareMetres,
        &["superficie m2", "area m2", "sup m2", "metros cuadrados", "square metres", "square meters", "m2"],
    ),
    (Column::Place, &["lugar", "comunidad", "zona", "localidad", "ubicacion", "place", "location", "community"]),
    (Column::Latitude, &["latitud", "lat", "latitude"]),
    (Column::Longitude, &["longitud", "lon", "long", "lng", "longitude"]),
    (
        Column::AffiliatedOn,
        &[
            "fecha afiliacion",
            "fecha de afiliacion",
            "afiliacion",
            "fecha de ingreso",
            "fecha ingreso",
            "affiliated on",
            "affiliation date",
            "date of affiliation",
            "joined",
            "date joined",
            "f afiliacion",
        ],
    ),
    (
        Column::Sindicato,
        &["sindicato", "nombre sindicato", "nombre del sindicato", "union", "sindicato agrario", "organizacion"],
    ),
    (
        Column::SindicatoCode,
        &[
            "codigo sindicato",
            "cod sindicato",
            "codigo del sindicato",
            "sindicato code",
            "union code",
            "body code",
            "codigo organizacion",
        ],
    ),
];

/// Normalises a header as people write it: "  N°  " → "n", "Superficie (Ha.)" → "superficie ha",
/// "Fecha Afiliación:" → "fecha afiliacion".
pub fn header_key(header: &str) -> String {
    let folded = text::fold(header.trim_start_matches('\u{feff}'));
    let cleaned: String = folded
        .chars()
        .map(|c| if (c.is_alphanumeric() && !matches!(c, 'º' | 'ª')) || c == '#' { c } else { ' ' })
        .collect();
    text::collapse_spaces(&cleaned)
}

/// The column a header names, if it is one Cabildo knows.
pub fn recognise_header(header: &str) -> Option<Column> {
    let key = header_key(header);
    SYNONYMS.iter().find(|(_, names)| names.contains(&key.as_str())).map(|(column, _)| *column)
}

/// A problem with the header line: what to fix before any row can be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error, strum::EnumDiscriminants)]
#[strum_discriminants(name(HeaderErrorKind), derive(strum::EnumIter))]
pub enum HeaderError {
    #[error("the column {header:?} appears twice (both mean {column})")]
    Duplicate { header: String, column: &'static str },
    #[error(
        "the file has no column for the parcel code (e.g. \"Nro. Lote\"); families belong to a sindicato through their parcels"
    )]
    NoParcelColumn,
    #[error(
        "the file has no name columns: give \"Nombres\" and \"Apellido Paterno\", or one \"Nombre Completo\" column"
    )]
    NoNameColumns,
    #[error("the mapping {mapping:?} names no column of the file")]
    UnknownMappedHeader { mapping: String },
    #[error("the mapping {mapping:?} names no Cabildo field; fields are: {fields}")]
    UnknownMappedField { mapping: String, fields: String },
    #[error("the file is empty: it has no header line")]
    Empty,
    #[error("the payments file has no column naming the family (e.g. \"Carnet\", \"N°\", \"Nombre\")")]
    NoFamilyColumn,
    #[error("the payments file has no column for the amount (e.g. \"Monto\")")]
    NoAmountColumn,
}

impl HeaderError {
    pub fn code(&self) -> &'static str {
        match self {
            HeaderError::Duplicate { .. } => "padron_duplicate_column",
            HeaderError::NoParcelColumn => "padron_no_parcel_column",
            HeaderError::NoNameColumns => "padron_no_name_columns",
            HeaderError::UnknownMappedHeader { .. } => "padron_unknown_mapped_header",
            HeaderError::UnknownMappedField { .. } => "padron_unknown_mapped_field",
            HeaderError::Empty => "padron_empty",
            HeaderError::NoFamilyColumn => "ledger_import_no_family_column",
            HeaderError::NoAmountColumn => "ledger_import_no_amount_column",
        }
    }

    pub fn message(&self) -> crate::Message {
        let m = crate::Message::new(self.code());
        match self {
            HeaderError::Duplicate { header, column } => m.arg("header", header).arg("column", column),
            HeaderError::UnknownMappedHeader { mapping } => m.arg("mapping", mapping),
            HeaderError::UnknownMappedField { mapping, fields } => m.arg("mapping", mapping).arg("fields", fields),
            HeaderError::NoParcelColumn
            | HeaderError::NoNameColumns
            | HeaderError::Empty
            | HeaderError::NoFamilyColumn
            | HeaderError::NoAmountColumn => m,
        }
    }
}

/// Which file column feeds which field; columns not listed are ignored (e.g. "Firma").
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnMap {
    /// `(column index in the file, field)`.
    pub columns: Vec<(usize, Column)>,
    /// Headers that were not recognised and are ignored.
    pub ignored: Vec<String>,
}

impl ColumnMap {
    /// Recognises the headers, applying explicit `mappings` ("Header in file=field_id") first.
    pub fn from_headers(headers: &[String], mappings: &[String]) -> Result<ColumnMap, HeaderError> {
        if headers.iter().all(|h| h.trim().is_empty()) {
            return Err(HeaderError::Empty);
        }
        let mut explicit: Vec<(String, Column)> = Vec::new();
        for mapping in mappings {
            let (header, field) = mapping
                .rsplit_once('=')
                .ok_or_else(|| HeaderError::UnknownMappedField { mapping: mapping.clone(), fields: all_field_ids() })?;
            let column = Column::from_id(field)
                .ok_or_else(|| HeaderError::UnknownMappedField { mapping: mapping.clone(), fields: all_field_ids() })?;
            if !headers.iter().any(|h| header_key(h) == header_key(header)) {
                return Err(HeaderError::UnknownMappedHeader { mapping: mapping.clone() });
            }
            explicit.push((header_key(header), column));
        }
        let mut columns: Vec<(usize, Column)> = Vec::new();
        let mut ignored = Vec::new();
        for (index, header) in headers.iter().enumerate() {
            let key = header_key(header);
            let column = explicit.iter().find(|(h, _)| *h == key).map(|(_, c)| *c).or_else(|| recognise_header(header));
            match column {
                Some(column) => {
                    if columns.iter().any(|(_, c)| *c == column) {
                        return Err(HeaderError::Duplicate { header: header.trim().to_string(), column: column.id() });
                    }
                    columns.push((index, column));
                }
                None if key.is_empty() => {}
                None => ignored.push(header.trim().to_string()),
            }
        }
        let map = ColumnMap { columns, ignored };
        if !map.has(Column::ParcelCode) {
            return Err(HeaderError::NoParcelColumn);
        }
        let split_names = map.has(Column::GivenNames) && (map.has(Column::FirstSurname) || map.has(Column::Surnames));
        if !split_names && !map.has(Column::FullNameGivenFirst) && !map.has(Column::FullNameSurnamesFirst) {
            return Err(HeaderError::NoNameColumns);
        }
        Ok(map)
    }

    pub fn has(&self, column: Column) -> bool {
        self.columns.iter().any(|(_, c)| *c == column)
    }

    /// Whether rows say which sindicato they belong to.
    pub fn names_sindicato(&self) -> bool {
        self.has(Column::Sindicato) || self.has(Column::SindicatoCode)
    }
}

fn all_field_ids() -> String {
    Column::ALL.iter().map(|c| c.id()).collect::<Vec<_>>().join(", ")
}

/// Which sindicato a row says it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum SindicatoRef {
    Code(String),
    Name(String),
}

/// One family's line of the padrón, validated.
#[derive(Debug, Clone, PartialEq)]
pub struct PadronRow {
    pub sindicato: Option<SindicatoRef>,
    pub register_number: Option<String>,
    pub name: PersonName,
    pub id_number: Option<String>,
    pub phone: Option<String>,
    pub parcel_code: ParcelCode,
    pub area: Option<Area>,
    pub place: Option<String>,
    pub coordinates: Option<Coordinates>,
    pub affiliated_on: Option<Date>,
}

/// What is wrong with one cell (or with a row as a whole when `column` is `None`).
#[derive(Debug, Clone, PartialEq)]
pub struct CellError {
    /// Index of the column in the file.
    pub column: Option<usize>,
    pub value: String,
    pub error: DomainError,
}

/// Reads one record of the file with `map`. `Ok(None)` for a blank line (or one with nothing but
/// its number, as spreadsheets leave at the bottom). Every problem in the row is reported.
///
/// Each cell is read once: trimmed, checked and turned into its field in one step (the import
/// reads every line of a 378,000-line padrón twice, and this was most of its time).
pub fn parse_row(map: &ColumnMap, cells: &[&str]) -> Result<Option<PadronRow>, Vec<CellError>> {
    let blank = map
        .columns
        .iter()
        .filter(|(_, c)| *c != Column::RegisterNumber)
        .all(|(i, _)| cells.get(*i).is_none_or(|v| v.trim().is_empty()));
    if blank {
        return Ok(None);
    }
    let get = |column: Column| -> Option<(usize, &str)> {
        map.columns
            .iter()
            .find(|(_, c)| *c == column)
            .map(|(i, _)| (*i, unguard_cell(cells.get(*i).copied().unwrap_or("")).trim()))
    };
    let mut errors = Vec::new();
    // A column the file has is parsed from its cell, naming the cell when it is bad (`None`
    // then); a column it lacks reads as an empty cell.
    let mut cell = |column: Column, parse: &dyn Fn(&str) -> Result<Cell, DomainError>| -> Option<Cell> {
        match get(column) {
            Some((index, value)) => match parse(value) {
                Ok(parsed) => Some(parsed),
                Err(error) => {
                    errors.push(CellError { column: Some(index), value: value.to_string(), error });
                    None
                }
            },
            None => parse("").ok(),
        }
    };
    // Every cell is checked, in this order, so that every problem of the row is named.
    let register_number = cell(Column::RegisterNumber, &|v| {
        text::optional(Field::RegisterNumber, v, MAX_REGISTER_NUMBER).map(Cell::Text)
    });
    let id_number = cell(Column::IdNumber, &|v| validate_id_number(v).map(Cell::Text));
    let phone = cell(Column::Phone, &|v| validate_phone(v).map(Cell::Text));
    let parcel_code = cell(Column::ParcelCode, &|v| ParcelCode::new(v).map(Cell::Parcel));
    let hectares = cell(Column::AreaHectares, &|v| parse_area(v, AreaUnit::Hectares).map(Cell::Area));
    let square_metres = cell(Column::AreaSquareMetres, &|v| parse_area(v, AreaUnit::SquareMetres).map(Cell::Area));
    let place = cell(Column::Place, &|v| text::optional(Field::Place, v, MAX_PLACE).map(Cell::Text));
    let latitude = cell(Column::Latitude, &|v| parse_coordinate(Field::Latitude, v).map(Cell::Degrees));
    let longitude = cell(Column::Longitude, &|v| parse_coordinate(Field::Longitude, v).map(Cell::Degrees));
    let affiliated_on = cell(Column::AffiliatedOn, &|v| parse_optional_date(Field::AffiliatedOn, v).map(Cell::Date));
    let sindicato_name = cell(Column::Sindicato, &|v| {
        text::required(Field::Sindicato, v, crate::body::MAX_BODY_NAME).map(|name| Cell::Text(Some(name)))
    });
    let sindicato_code =
        cell(Column::SindicatoCode, &|v| crate::body::validate_code(v).map(|code| Cell::Text(Some(code))));
    let name = read_name(map, &get);
    if let Err(e) = &name {
        errors.push(e.clone());
    }
    let coordinates = read_coordinates(&get, latitude.as_ref(), longitude.as_ref());
    if let Err(e) = &coordinates {
        errors.push(e.clone());
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    // Every cell is valid: build the row.
    let missing = || {
        vec![CellError {
            column: None,
            value: String::new(),
            error: DomainError::Required { field: Field::ParcelCode },
        }]
    };
    let sindicato = if map.has(Column::SindicatoCode) {
        sindicato_code.and_then(Cell::text).map(SindicatoRef::Code)
    } else if map.has(Column::Sindicato) {
        sindicato_name.and_then(Cell::text).map(SindicatoRef::Name)
    } else {
        None
    };
    let area = if map.has(Column::AreaHectares) { hectares } else { square_metres };
    Ok(Some(PadronRow {
        sindicato,
        register_number: register_number.and_then(Cell::text),
        name: name.map_err(|e| vec![e])?,
        id_number: id_number.and_then(Cell::text),
        phone: phone.and_then(Cell::text),
        parcel_code: match parcel_code {
            Some(Cell::Parcel(code)) => code,
            _ => return Err(missing()),
        },
        area: match area {
            Some(Cell::Area(area)) => area,
            _ => None,
        },
        place: place.and_then(Cell::text),
        coordinates: coordinates.map_err(|e| vec![e])?,
        affiliated_on: match affiliated_on {
            Some(Cell::Date(date)) => date,
            _ => None,
        },
    }))
}

/// One cell of a row, read.
#[derive(Debug, Clone, PartialEq)]
enum Cell {
    Text(Option<String>),
    Parcel(ParcelCode),
    Area(Option<Area>),
    Degrees(Option<f64>),
    Date(Option<Date>),
}

impl Cell {
    fn text(self) -> Option<String> {
        match self {
            Cell::Text(text) => text,
            _ => None,
        }
    }

    fn degrees(&self) -> Option<f64> {
        match self {
            Cell::Degrees(degrees) => *degrees,
            _ => None,
        }
    }
}

type Getter<'a> = dyn Fn(Column) -> Option<(usize, &'a str)> + 'a;

fn read_name<'a>(map: &ColumnMap, get: &Getter<'a>) -> Result<PersonName, CellError> {
    let at = |column: Column, error: DomainError| {
        let (index, value) = get(column).unwrap_or_default();
        CellError { column: Some(index), value: value.to_string(), error }
    };
    let value = |column: Column| get(column).map(|(_, v)| v).unwrap_or_default();
    if map.has(Column::GivenNames) && (map.has(Column::FirstSurname) || map.has(Column::Surnames)) {
        let given = value(Column::GivenNames);
        let (first, second) = if map.has(Column::FirstSurname) {
            (value(Column::FirstSurname).to_string(), value(Column::SecondSurname).to_string())
        } else {
            let mut words = value(Column::Surnames).split_whitespace();
            let first = words.next().unwrap_or("").to_string();
            (first, words.collect::<Vec<_>>().join(" "))
        };
        return PersonName::new(given, &first, &second).map_err(|error| {
            let column = match error.field() {
                Some(Field::GivenNames) => Column::GivenNames,
                Some(Field::SecondSurname) => Column::SecondSurname,
                _ if map.has(Column::FirstSurname) => Column::FirstSurname,
                _ => Column::Surnames,
            };
            at(column, error)
        });
    }
    let (column, order) = if map.has(Column::FullNameSurnamesFirst) {
        (Column::FullNameSurnamesFirst, NameOrder::SurnamesFirst)
    } else {
        (Column::FullNameGivenFirst, NameOrder::GivenFirst)
    };
    split_full_name(value(column), order).map_err(|error| at(column, error))
}

/// The coordinates of a row from its two cells, each already read (`None`: bad, and named).
fn read_coordinates<'a>(
    get: &Getter<'a>,
    latitude: Option<&Cell>,
    longitude: Option<&Cell>,
) -> Result<Option<Coordinates>, CellError> {
    let lat = get(Column::Latitude).filter(|(_, v)| !v.is_empty());
    let lon = get(Column::Longitude).filter(|(_, v)| !v.is_empty());
    match (lat, lon) {
        (None, None) => Ok(None),
        (Some(_), Some((index, lon))) => {
            let (Some(la), Some(lo)) = (latitude.and_then(Cell::degrees), longitude.and_then(Cell::degrees)) else {
                // The cell checks already named the bad value.
                return Ok(None);
            };
            Coordinates::new(la, lo).map(Some).map_err(|error| CellError {
                column: Some(index),
                value: lon.to_string(),
                error,
            })
        }
        (Some((index, value)), None) => Err(CellError {
            column: Some(index),
            value: value.to_string(),
            error: DomainError::Required { field: Field::Longitude },
        }),
        (None, Some((index, value))) => Err(CellError {
            column: Some(index),
            value: value.to_string(),
            error: DomainError::Required { field: Field::Latitude },
        }),
    }
}

/// Parses a date as spreadsheets write it: `dd/mm/yyyy`, `d/m/yyyy`, `dd-mm-yyyy`, `dd.mm.yyyy`,
/// ISO `yyyy-mm-dd`, with or without a trailing `00:00:00`; two-digit years 00–49 are 2000–2049
/// and 50–99 are 1950–1999.
pub fn parse_date(field: Field, value: &str) -> Result<Date, DomainError> {
    let bad = || DomainError::BadDate { field, value: value.to_string() };
    let value_trimmed = value.trim();
    let date_part = value_trimmed.split_whitespace().next().ok_or_else(bad)?;
    if let Some(time) = value_trimmed.split_whitespace().nth(1)
        && !time.chars().all(|c| c == '0' || c == ':')
    {
        return Err(bad());
    }
    let parts: Vec<&str> = date_part.split(['/', '-', '.']).collect();
    let [a, b, c] = parts.as_slice() else {
        return Err(bad());
    };
    let number = |s: &str| -> Result<u32, DomainError> {
        if s.is_empty() || s.len() > 4 || !s.chars().all(|c| c.is_ascii_digit()) {
            return Err(bad());
        }
        s.parse().map_err(|_| bad())
    };
    let (year, month, day) = if a.len() == 4 {
        (number(a)?, number(b)?, number(c)?)
    } else {
        let year = number(c)?;
        let year = match c.len() {
            2 if year < 50 => 2000 + year,
            2 => 1900 + year,
            4 => year,
            _ => return Err(bad()),
        };
        (year, number(b)?, number(a)?)
    };
    let year = i32::try_from(year).map_err(|_| bad())?;
    // Written as a date, but not a day of the calendar (31/02, 00/05, month 13).
    Date::from_ymd_opt(year, month, day).ok_or_else(|| DomainError::NoSuchDate { field, value: date_part.to_string() })
}

pub fn parse_optional_date(field: Field, value: &str) -> Result<Option<Date>, DomainError> {
    if value.trim().is_empty() { Ok(None) } else { parse_date(field, value).map(Some) }
}

/// A decimal number written with a decimal comma or point, with optional thousands separators:
/// "2,5", "2.5", "1.234,5", "1,234.5", "-17,39". Returns the value scaled by 10^`scale`, rounded
/// half away from zero, so that it is exact.
pub fn parse_decimal(field: Field, value: &str, scale: u32) -> Result<i64, DomainError> {
    let bad = || DomainError::BadNumber { field, value: value.to_string() };
    let trimmed = value.trim().replace([' ', '\u{a0}'], "");
    let (negative, digits) = match trimmed.strip_prefix('-') {
        Some(rest) => (true, rest.to_string()),
        None => (false, trimmed.trim_start_matches('+').to_string()),
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit() || c == ',' || c == '.') {
        return Err(bad());
    }
    let n_commas = digits.matches(',').count();
    let n_dots = digits.matches('.').count();
    let decimal_separator = match (n_commas, n_dots) {
        (0, 0) => None,
        (1, 0) => Some(','),
        (0, 1) => Some('.'),
        (_, 0) | (0, _) => None, // "1.234.567" or "1,234,567": thousands only
        _ => digits.rfind([',', '.']).and_then(|i| digits[i..].chars().next()),
    };
    let (whole, fraction) = match decimal_separator {
        Some(sep) => digits.rsplit_once(sep).ok_or_else(bad)?,
        None => (digits.as_str(), ""),
    };
    if fraction.contains([',', '.']) || !valid_thousands(whole) {
        return Err(bad());
    }
    let whole: String = whole.chars().filter(|c| c.is_ascii_digit()).collect();
    if whole.is_empty() && fraction.is_empty() {
        return Err(bad());
    }
    let whole: i64 = if whole.is_empty() { 0 } else { whole.parse().map_err(|_| bad())? };
    let factor = 10i64.pow(scale);
    let mut scaled = whole.checked_mul(factor).ok_or_else(bad)?;
    let mut fraction_digits = fraction.chars();
    let mut place = factor / 10;
    while place > 0 {
        let digit = fraction_digits.next().and_then(|c| c.to_digit(10)).unwrap_or(0);
        scaled += i64::from(digit) * place;
        place /= 10;
    }
    if fraction_digits.next().and_then(|c| c.to_digit(10)).is_some_and(|d| d >= 5) {
        scaled += 1;
    }
    Ok(if negative { -scaled } else { scaled })
}

/// "1.234.567" and "1,234" are grouped by thousands; "1,2,3" and "1.234,567.8" are not.
fn valid_thousands(whole: &str) -> bool {
    let separators: Vec<char> = whole.chars().filter(|c| !c.is_ascii_digit()).collect();
    let Some(first) = separators.first() else {
        return true;
    };
    if separators.iter().any(|c| c != first) {
        return false;
    }
    let mut groups = whole.split(*first);
    let head = groups.next().unwrap_or("");
    !head.is_empty() && head.len() <= 3 && groups.all(|g| g.len() == 3)
}

#[derive(Debug, Clone, Copy)]
enum AreaUnit {
    Hectares,
    SquareMetres,
}

fn parse_area(value: &str, unit: AreaUnit) -> Result<Option<Area>, DomainError> {
    if value.trim().is_empty() {
        return Ok(None);
    }
    let square_metres = match unit {
        AreaUnit::Hectares => parse_decimal(Field::Area, value, 4)?,
        AreaUnit::SquareMetres => parse_decimal(Field::Area, value, 0)?,
    };
    Area::from_square_metres(square_metres).map(Some)
}

pub fn parse_coordinate(field: Field, value: &str) -> Result<Option<f64>, DomainError> {
    if value.trim().is_empty() {
        return Ok(None);
    }
    let micro = parse_decimal(field, value, 7)?;
    let degrees = micro as f64 / 1e7;
    let limit = if field == Field::Latitude { 90.0 } else { 180.0 };
    if degrees.abs() > limit {
        return Err(DomainError::OutOfRange {
            field,
            value: value.to_string(),
            min: format!("-{limit}"),
            max: format!("{limit}"),
        });
    }
    Ok(Some(degrees))
}

/// A coordinate as the export writes it: up to seven decimals, trailing zeros dropped.
pub fn coordinate_text(degrees: f64, decimal_separator: char) -> String {
    let text = format!("{degrees:.7}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    text.replace('.', &decimal_separator.to_string())
}

const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Guards a cell against formula injection when a spreadsheet opens the file: a value starting
/// with `= + - @`, tab or carriage return gets a leading apostrophe, unless it is a plain number
/// (a negative latitude like "-16,95" is data, not a formula).
pub fn guard_cell(value: &str) -> String {
    let risky = value.starts_with(FORMULA_STARTS);
    if risky && parse_decimal(Field::Area, value, 0).is_err() { format!("'{value}") } else { value.to_string() }
}

/// Undoes [`guard_cell`] on import, so that an exported file imports back to the same data.
pub fn unguard_cell(value: &str) -> &str {
    match value.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) => rest,
        _ => value,
    }
}

/// What a padrón search looks at for one family: the folded name of its representative and the
/// folded codes of its parcels, one per line. A folded query holds no line break, so a match
/// never spans a name and a code.
pub fn search_text(name: &PersonName, parcel_codes: &[String]) -> String {
    let mut out = name.search_key();
    for code in parcel_codes {
        out.push('\n');
        out.push_str(&text::fold(code));
    }
    out
}

/// What someone typed in a padrón search, folded (case, accents and spacing ignored); `None`
/// when nothing is left to look for.
pub fn search_query(typed: &str) -> Option<String> {
    Some(text::fold(typed)).filter(|q| !q.is_empty())
}

/// The search texts of a list (a sindicato's families, in register order) end to end in one
/// string, each followed by a line break, so that a search is one pass over contiguous memory
/// rather than one per family. A [`search_query`] holds no line break, so a match never spans two
/// entries.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchIndex {
    text: String,
    /// Where each entry's text ends (after its line break).
    ends: Vec<usize>,
}

impl SearchIndex {
    /// Adds the next entry's [`search_text`].
    pub fn push(&mut self, search_text: &str) {
        self.text.push_str(search_text);
        self.text.push('\n');
        self.ends.push(self.text.len());
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The entries (by position, ascending, each once) whose text holds `query`: any part of the
    /// name or of a parcel code. An empty query holds nothing to look for and finds every entry.
    pub fn matching(&self, query: &str) -> Vec<usize> {
        if query.is_empty() {
            return (0..self.len()).collect();
        }
        let mut found: Vec<usize> = Vec::new();
        for (at, _) in self.text.match_indices(query) {
            let entry = self.ends.partition_point(|&end| end <= at);
            if entry < self.len() && found.last() != Some(&entry) {
                found.push(entry);
            }
        }
        found
    }
}

/// Page `page` (from 0) of `per_page` items (at least 1), and whether another page follows.
pub fn page_of<T>(items: impl Iterator<Item = T>, page: u64, per_page: u64) -> (Vec<T>, bool) {
    let per_page = usize::try_from(per_page.max(1)).unwrap_or(usize::MAX);
    let skip = usize::try_from(page).unwrap_or(usize::MAX).saturating_mul(per_page);
    // One more than a page tells whether there is a next one.
    let mut found: Vec<T> = items.skip(skip).take(per_page.saturating_add(1)).collect();
    let has_next = found.len() > per_page;
    found.truncate(per_page);
    (found, has_next)
}

#[cfg(test)]
mod tests {
    proptest::proptest! {
        /// Walking the pages until none follows gives every item once, in order.
        #[test]
        fn pages_cover_every_item_once_in_order(n in 0usize..300, per_page in 0u64..60) {
            let mut seen = Vec::new();
            let mut page = 0;
            loop {
                let (items, has_next) = page_of(0..n, page, per_page);
                proptest::prop_assert!(items.len() as u64 <= per_page.max(1));
                proptest::prop_assert!(!has_next || items.len() as u64 == per_page.max(1));
                seen.extend(items);
                if !has_next {
                    break;
                }
                page += 1;
            }
            proptest::prop_assert_eq!(seen, (0..n).collect::<Vec<_>>());
            // Past the end: an empty page, none after it.
            proptest::prop_assert_eq!(page_of(0..n, page + 1, per_page), (Vec::new(), false));
        }
    }

    fn family(given: &str, first: &str, second: Option<&str>, codes: &[&str]) -> String {
        let name = PersonName {
            given_names: given.into(),
            first_surname: first.into(),
            second_surname: second.map(Into::into),
        };
        search_text(&name, &codes.iter().map(|c| c.to_string()).collect::<Vec<_>>())
    }

    /// Whether a search for what someone `typed` finds a family with this search text.
    fn finds(text: &str, typed: &str) -> bool {
        let mut index = SearchIndex::default();
        index.push(text);
        search_query(typed).is_some_and(|q| index.matching(&q) == [0])
    }

    #[test]
    fn a_padron_search_ignores_case_accents_and_spacing_in_names() {
        let text = family("Andrónico", "Mamani", Some("Quispe"), &[]);
        for typed in ["mamani", "MAMANI", "andronico", "Andrónico", "  mamani   quispe ", "ni qui"] {
            assert!(finds(&text, typed), "{typed:?} should find {text:?}");
        }
        for typed in ["choque", "mamaniquispe"] {
            assert!(!finds(&text, typed), "{typed:?} should not find {text:?}");
        }
    }

    #[test]
    fn a_padron_search_finds_any_part_of_a_parcel_code_in_any_case() {
        let text = family("Rosa", "Choque", None, &["L-012", "Ñuflo 3"]);
        for typed in ["l-012", "012", "L-0", "ñuflo", "NUFLO 3"] {
            assert!(finds(&text, typed), "{typed:?} should find {text:?}");
        }
    }

    #[test]
    fn a_padron_search_never_spans_a_name_and_a_code_or_two_families() {
        // The name ends in "choque", the code starts with "l-": together they would read "quel-".
        let text = family("Rosa", "Choque", None, &["L-012"]);
        assert!(!finds(&text, "quel-"));
        assert!(!finds(&text, "choque l-012"));
        let mut index = SearchIndex::default();
        index.push(&family("Rosa", "Choque", None, &["L-012"]));
        index.push(&family("Ana", "Apaza", None, &[]));
        assert_eq!(index.matching("012apaza"), Vec::<usize>::new());
        assert_eq!(index.matching("a"), [0, 1], "each entry once, in order");
        assert_eq!(index.matching(""), [0, 1]);
    }

    proptest::proptest! {
        /// Searching the index finds exactly the entries whose own text holds the query.
        #[test]
        fn the_search_index_finds_what_each_entry_holds(
            entries in proptest::collection::vec(("[a-cñ ]{0,8}", proptest::collection::vec("[A-C0-2-]{1,4}", 0..3)), 0..30),
            typed in "[a-cñA-C0-2 -]{1,4}",
        ) {
            let mut index = SearchIndex::default();
            let texts: Vec<String> = entries
                .iter()
                .map(|(surname, codes)| family("Ana", surname, None, &codes.iter().map(String::as_str).collect::<Vec<_>>()))
                .collect();
            for text in &texts {
                index.push(text);
            }
            if let Some(query) = search_query(&typed) {
                let expected: Vec<usize> = (0..texts.len()).filter(|&i| texts[i].contains(query.as_str())).collect();
                proptest::prop_assert_eq!(index.matching(&query), expected);
            }
        }
    }

    #[test]
    fn an_empty_padron_search_looks_for_nothing() {
        assert_eq!(search_query(""), None);
        assert_eq!(search_query("   \t "), None);
        assert_eq!(search_query(" Mamani "), Some("mamani".to_string()));
    }

    use super::*;

    fn headers(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    fn d(y: i32, m: u32, day: u32) -> Date {
        Date::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    /// `check(header, expected)`: how people write headers, and what Cabildo reads in them.
    #[test]
    fn headers_are_recognised_as_people_write_them() {
        let check = |header: &str, expected: Option<Column>| {
            assert_eq!(recognise_header(header), expected, "header {header:?}");
        };
        check("N°", Some(Column::RegisterNumber));
        check("Nº", Some(Column::RegisterNumber));
        check("Nro.", Some(Column::RegisterNumber));
        check("\u{feff}N°", Some(Column::RegisterNumber));
        check("NOMBRES", Some(Column::GivenNames));
        check("Apellido Paterno", Some(Column::FirstSurname));
        check("Ap. Materno", Some(Column::SecondSurname));
        check("Apellidos y Nombres", Some(Column::FullNameSurnamesFirst));
        check("Nombre completo", Some(Column::FullNameGivenFirst));
        check("Nro. Lote", Some(Column::ParcelCode));
        check("N° de Lote", None);
        check("Nro de Lote", Some(Column::ParcelCode));
        check("Superficie (Ha.)", Some(Column::AreaHectares));
        check("Superficie (m2)", Some(Column::AreaSquareMetres));
        check("Fecha Afiliación", Some(Column::AffiliatedOn));
        check("Fecha de afiliación:", Some(Column::AffiliatedOn));
        check("C.I.", Some(Column::IdNumber));
        check("Celular", Some(Column::Phone));
        check("Parcel code", Some(Column::ParcelCode));
        check("Given names", Some(Column::GivenNames));
        check("Código Sindicato", Some(Column::SindicatoCode));
        check("Firma", None);
    }

    #[test]
    fn a_map_needs_parcels_and_names_and_ignores_the_rest() {
        let map = ColumnMap::from_headers(&headers(&["N°", "Nombres", "Apellido Paterno", "Nro. Lote", "Firma"]), &[]);
        let map = map.unwrap_or_else(|e| unreachable!("{e}"));
        assert_eq!(map.ignored, vec!["Firma".to_string()]);
        assert_eq!(
            ColumnMap::from_headers(&headers(&["Nombres", "Apellido Paterno"]), &[]),
            Err(HeaderError::NoParcelColumn)
        );
        assert_eq!(ColumnMap::from_headers(&headers(&["Lote", "CI"]), &[]), Err(HeaderError::NoNameColumns));
        assert!(matches!(
            ColumnMap::from_headers(&headers(&["Lote", "Parcela", "Nombre completo"]), &[]),
            Err(HeaderError::Duplicate { .. })
        ));
    }

    #[test]
    fn explicit_mappings_win_and_are_checked() {
        let h = headers(&["Socio titular", "Terreno", "Extensión"]);
        let map = ColumnMap::from_headers(&h, &["Socio titular=full_name".into(), "Terreno=parcel_code".into()]);
        let map = map.unwrap_or_else(|e| unreachable!("{e}"));
        assert!(map.has(Column::FullNameGivenFirst) && map.has(Column::ParcelCode) && map.has(Column::AreaHectares));
        assert!(matches!(
            ColumnMap::from_headers(&h, &["Socio=full_name".into()]),
            Err(HeaderError::UnknownMappedHeader { .. })
        ));
        assert!(matches!(
            ColumnMap::from_headers(&h, &["Terreno=lote".into()]),
            Err(HeaderError::UnknownMappedField { .. })
        ));
    }

    #[test]
    fn dates_are_read_in_bolivian_and_iso_forms() {
        let ok = |s: &str| parse_date(Field::Date, s);
        assert_eq!(ok("05/03/2024"), Ok(d(2024, 3, 5)));
        assert_eq!(ok("5/3/2024"), Ok(d(2024, 3, 5)));
        assert_eq!(ok("05-03-2024"), Ok(d(2024, 3, 5)));
        assert_eq!(ok("2024-03-05"), Ok(d(2024, 3, 5)));
        assert_eq!(ok("2024-03-05 00:00:00"), Ok(d(2024, 3, 5)));
        assert_eq!(ok("05/03/98"), Ok(d(1998, 3, 5)));
        // Written as a date, but not a day of the calendar: called that, with what was written.
        let no_such = |v: &str| Err(DomainError::NoSuchDate { field: Field::Date, value: v.to_string() });
        assert_eq!(ok("31/02/2024"), no_such("31/02/2024"));
        assert_eq!(ok("29/02/2023 00:00"), no_such("29/02/2023"));
        assert_eq!(ok("2024/13/01"), no_such("2024/13/01"));
        assert_eq!(ok("29/02/2024"), Ok(d(2024, 2, 29)));
        assert_eq!(ok("ayer"), Err(DomainError::BadDate { field: Field::Date, value: "ayer".into() }));
        assert!(ok("05/03/2024 14:30").is_err());
    }

    #[test]
    fn decimals_are_read_with_commas_points_and_thousands() {
        let ha = |s: &str| parse_decimal(Field::Area, s, 4);
        assert_eq!(ha("2,5"), Ok(25_000));
        assert_eq!(ha("2.5"), Ok(25_000));
        assert_eq!(ha("1.234,5"), Ok(12_345_000));
        assert_eq!(ha("1,234.5"), Ok(12_345_000));
        assert_eq!(ha("10"), Ok(100_000));
        assert_eq!(ha("0,00005"), Ok(1));
        assert_eq!(ha("-17,39"), Ok(-173_900));
        assert!(ha("2,5 ha").is_err());
        assert!(ha("").is_err());
        assert!(ha("1,2,3.4.5").is_err());
    }

    #[test]
    fn guarded_cells_import_back_unchanged() {
        for value in ["=HYPERLINK(\"x\")", "+591 7123", "@SUM", "-16,95", "Lote 5", "'quoted"] {
            assert_eq!(unguard_cell(&guard_cell(value)), value);
        }
        assert_eq!(guard_cell("=1+1"), "'=1+1");
        assert_eq!(guard_cell("-16,95"), "-16,95");
    }

    fn row(cells: &[&str], header: &[&str]) -> Result<Option<PadronRow>, Vec<CellError>> {
        let map = ColumnMap::from_headers(&headers(header), &[]).unwrap_or_else(|e| unreachable!("{e}"));
        parse_row(&map, cells)
    }

    #[test]
    fn a_good_row_is_read_whole() {
        let header = [
            "N°",
            "Nombres",
            "Apellido Paterno",
            "Apellido Materno",
            "Nro. Lote",
            "Superficie (Ha.)",
            "Fecha Afiliación",
            "Latitud",
            "Longitud",
        ];
        let parsed = row(&["7", "Juana", "Mamani", "Quispe", "L-12", "2,5", "05/03/2024", "-16,95", "-65,41"], &header);
        let parsed = parsed.ok().flatten().unwrap_or_else(|| unreachable!());
        assert_eq!(parsed.name.display(), "Juana Mamani Quispe");
        assert_eq!(parsed.register_number.as_deref(), Some("7"));
        assert_eq!(parsed.area, Some(Area { square_metres: 25_000 }));
        assert_eq!(parsed.affiliated_on, Some(d(2024, 3, 5)));
        assert_eq!(parsed.coordinates, Some(Coordinates { latitude: -16.95, longitude: -65.41 }));
    }

    #[test]
    fn every_bad_cell_of_a_row_is_named() {
        let header = ["Nombres", "Apellido Paterno", "Nro. Lote", "Superficie (Ha.)", "Fecha Afiliación"];
        let errors = row(&["Juana", "", "", "dos", "31/02/2024"], &header).err().unwrap_or_default();
        let columns: Vec<Option<usize>> = errors.iter().map(|e| e.column).collect();
        assert_eq!(columns.len(), 4, "{errors:?}");
        for column in [Some(1), Some(2), Some(3), Some(4)] {
            assert!(columns.contains(&column), "{errors:?}");
        }
    }

    #[test]
    fn blank_and_number_only_lines_are_skipped() {
        let header = ["N°", "Nombre completo", "Lote"];
        assert_eq!(row(&["", "", ""], &header), Ok(None));
        assert_eq!(row(&["41", " ", ""], &header), Ok(None));
    }
}
