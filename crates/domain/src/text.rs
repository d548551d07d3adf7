//! Small text rules shared by every entity: trimming, length limits, search keys.

use crate::error::{DomainError, Field};

/// Trims `value` and checks it is present and at most `max` characters long.
pub fn required(field: Field, value: &str, max: usize) -> Result<String, DomainError> {
    let value = collapse_spaces(value);
    if value.is_empty() {
        return Err(DomainError::Required { field });
    }
    if value.chars().count() > max {
        return Err(DomainError::TooLong { field, max });
    }
    Ok(value)
}

/// Like [`required`] but an empty value is `None`.
pub fn optional(field: Field, value: &str, max: usize) -> Result<Option<String>, DomainError> {
    let value = collapse_spaces(value);
    if value.is_empty() {
        return Ok(None);
    }
    if value.chars().count() > max {
        return Err(DomainError::TooLong { field, max });
    }
    Ok(Some(value))
}

/// Trims and collapses runs of whitespace (spreadsheets are full of double spaces).
pub fn collapse_spaces(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for word in value.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// A search key: lower case, accents removed, spaces collapsed. "Ñuflo  PÉREZ" → "nuflo perez".
pub fn fold(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for word in value.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in word.chars() {
            for lower in c.to_lowercase() {
                out.push(strip_accent(lower));
            }
        }
    }
    out
}

fn strip_accent(c: char) -> char {
    match c {
        'á' | 'à' | 'ä' | 'â' | 'ã' => 'a',
        'é' | 'è' | 'ë' | 'ê' => 'e',
        'í' | 'ì' | 'ï' | 'î' => 'i',
        'ó' | 'ò' | 'ö' | 'ô' | 'õ' => 'o',
        'ú' | 'ù' | 'ü' | 'û' => 'u',
        'ñ' => 'n',
        'ç' => 'c',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_makes_search_keys_without_accents_or_case() {
        assert_eq!(fold("  Ñuflo   PÉREZ "), "nuflo perez");
        assert_eq!(fold("Quispe Mamani"), "quispe mamani");
    }

    #[test]
    fn required_trims_and_refuses_empty_or_long() {
        assert_eq!(required(Field::BodyName, "  San  José ", 10), Ok("San José".to_string()));
        assert_eq!(required(Field::BodyName, "   ", 10), Err(DomainError::Required { field: Field::BodyName }));
        assert_eq!(
            required(Field::BodyName, "abcdef", 5),
            Err(DomainError::TooLong { field: Field::BodyName, max: 5 })
        );
        assert_eq!(optional(Field::Phone, " ", 5), Ok(None));
    }
}
