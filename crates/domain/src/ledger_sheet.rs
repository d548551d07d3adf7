//! The columns of a spreadsheet of payments (issue 15, part 3), as treasurers keep them in Excel:
//! who paid — by member card, register number, parcel code or name —, how much, on which day,
//! and a note. Headers are recognised as the padrón's are ([`header_key`]), in Spanish and
//! English; columns not recognised are ignored.

use crate::padron::{Column, HeaderError, header_key, recognise_header};

/// A column a payments file may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaymentColumn {
    /// The family's member card code ("K7Q2-M9XA").
    Card,
    /// The family's number in the register ("N°").
    Number,
    /// One of the family's parcel codes.
    Parcel,
    /// The representative's name, as the padrón writes it.
    Name,
    Amount,
    /// The day paid (dd/mm/yyyy); empty: the day of the import.
    Date,
    Note,
}

impl PaymentColumn {
    /// The columns that name the family, in the order a row's family is looked for.
    pub const FAMILY: [PaymentColumn; 4] =
        [PaymentColumn::Card, PaymentColumn::Number, PaymentColumn::Parcel, PaymentColumn::Name];
}

/// Header spellings, after [`header_key`] normalisation.
const SYNONYMS: &[(PaymentColumn, &[&str])] = &[
    (
        PaymentColumn::Card,
        &["carnet", "codigo carnet", "codigo de carnet", "tarjeta", "credencial", "member card", "card", "card code"],
    ),
    // Besides every spelling of the padrón's register number ("N°", "Nro. de afiliado").
    (PaymentColumn::Number, &["familia", "family"]),
    (
        PaymentColumn::Parcel,
        &["lote", "nro lote", "parcela", "codigo de parcela", "codigo lote", "parcel", "parcel code"],
    ),
    (
        PaymentColumn::Name,
        &[
            "nombre",
            "nombres y apellidos",
            "nombre completo",
            "afiliado",
            "socio",
            "nombre del afiliado",
            "name",
            "full name",
            "member",
        ],
    ),
    (
        PaymentColumn::Amount,
        &["monto", "importe", "monto bs", "importe bs", "bs", "pago", "monto pagado", "amount", "paid", "amount bs"],
    ),
    (PaymentColumn::Date, &["fecha", "fecha de pago", "fecha pago", "dia", "date", "day", "paid on"]),
    (
        PaymentColumn::Note,
        &["nota", "notas", "observacion", "observaciones", "concepto", "detalle", "glosa", "note", "notes", "memo"],
    ),
];

/// The column a header names, if it is one of a payments file.
pub fn recognise_payment_header(header: &str) -> Option<PaymentColumn> {
    if recognise_header(header) == Some(Column::RegisterNumber) {
        return Some(PaymentColumn::Number);
    }
    let key = header_key(header);
    SYNONYMS.iter().find(|(_, names)| names.contains(&key.as_str())).map(|(column, _)| *column)
}

/// Which file column feeds which field of a payment.
#[derive(Debug, Clone, PartialEq)]
pub struct PaymentColumns {
    /// `(column index in the file, field)`.
    pub columns: Vec<(usize, PaymentColumn)>,
    /// Headers that were not recognised and are ignored.
    pub ignored: Vec<String>,
}

impl PaymentColumns {
    /// Recognises a header line: it must name the family (in at least one way) and the amount;
    /// no field twice.
    pub fn from_headers(headers: &[String]) -> Result<PaymentColumns, HeaderError> {
        if headers.iter().all(|h| h.trim().is_empty()) {
            return Err(HeaderError::Empty);
        }
        let mut columns: Vec<(usize, PaymentColumn)> = Vec::new();
        let mut ignored = Vec::new();
        for (index, header) in headers.iter().enumerate() {
            match recognise_payment_header(header) {
                Some(column) if columns.iter().any(|(_, c)| *c == column) => {
                    return Err(HeaderError::Duplicate { header: header.trim().to_string(), column: column.id() });
                }
                Some(column) => columns.push((index, column)),
                None if header_key(header).is_empty() => {}
                None => ignored.push(header.trim().to_string()),
            }
        }
        let map = PaymentColumns { columns, ignored };
        if !PaymentColumn::FAMILY.iter().any(|c| map.index(*c).is_some()) {
            return Err(HeaderError::NoFamilyColumn);
        }
        if map.index(PaymentColumn::Amount).is_none() {
            return Err(HeaderError::NoAmountColumn);
        }
        Ok(map)
    }

    /// The index of `column` in the file, if it has it.
    pub fn index(&self, column: PaymentColumn) -> Option<usize> {
        self.columns.iter().find(|(_, c)| *c == column).map(|(i, _)| *i)
    }
}

impl PaymentColumn {
    /// Stable identifier, as a duplicate column is named.
    pub fn id(self) -> &'static str {
        match self {
            PaymentColumn::Card => "member_card",
            PaymentColumn::Number => "register_number",
            PaymentColumn::Parcel => "parcel_code",
            PaymentColumn::Name => "full_name",
            PaymentColumn::Amount => "amount",
            PaymentColumn::Date => "date",
            PaymentColumn::Note => "note",
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    fn headers(line: &str) -> Vec<String> {
        line.split(';').map(str::to_string).collect()
    }

    #[test]
    fn excel_headers_are_recognised_in_spanish_and_english() {
        let map =
            PaymentColumns::from_headers(&headers("\u{feff}N°;Nombre;Monto (Bs);Fecha de pago;Observaciones;Firma"))
                .unwrap();
        assert_eq!(map.index(PaymentColumn::Number), Some(0));
        assert_eq!(map.index(PaymentColumn::Name), Some(1));
        assert_eq!(map.index(PaymentColumn::Amount), Some(2));
        assert_eq!(map.index(PaymentColumn::Date), Some(3));
        assert_eq!(map.index(PaymentColumn::Note), Some(4));
        assert_eq!(map.ignored, vec!["Firma".to_string()]);
        let map = PaymentColumns::from_headers(&headers("Member card;Amount;Date")).unwrap();
        assert_eq!(map.index(PaymentColumn::Card), Some(0));
    }

    #[test]
    fn a_file_without_family_or_amount_or_with_a_column_twice_is_refused() {
        assert_eq!(PaymentColumns::from_headers(&headers("Monto;Fecha")), Err(HeaderError::NoFamilyColumn));
        assert_eq!(PaymentColumns::from_headers(&headers("Carnet;Fecha")), Err(HeaderError::NoAmountColumn));
        assert!(matches!(
            PaymentColumns::from_headers(&headers("Carnet;Monto;Importe")),
            Err(HeaderError::Duplicate { .. })
        ));
        assert_eq!(PaymentColumns::from_headers(&headers(";;")), Err(HeaderError::Empty));
    }
}
