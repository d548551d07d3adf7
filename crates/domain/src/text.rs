//! Small text rules shared by every entity: trimming, length limits, search keys.

use crate::error::{DomainError, Field};

/// Whether `c` has no place in text people type: control characters (NUL, escape, DEL, the C1
/// range…) and the bidirectional overrides and isolates that make a name display other than it
/// reads. Tabs and line ends are whitespace: single-line fields turn them into spaces, multi-line
/// ones ([`multiline`]) keep them.
pub fn is_forbidden(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Refuses text holding a character of [`is_forbidden`], naming the field.
pub fn clean(field: Field, value: &str) -> Result<(), DomainError> {
    match value.chars().find(|c| is_forbidden(*c)) {
        Some(c) => Err(DomainError::ControlCharacter { field, code: format!("U+{:04X}", u32::from(c)) }),
        None => Ok(()),
    }
}

/// A multi-line text (notes): control characters refused, tabs and line ends kept (`\r\n` read
/// as `\n`), trimmed, at most `max` characters.
pub fn multiline(field: Field, value: &str, max: usize) -> Result<String, DomainError> {
    clean(field, value)?;
    let value = value.replace("\r\n", "\n").replace('\r', "\n");
    let value = value.trim();
    if value.chars().count() > max {
        return Err(DomainError::TooLong { field, max });
    }
    Ok(value.to_string())
}

/// Trims `value` and checks it is present, free of control characters and at most `max`
/// characters long.
pub fn required(field: Field, value: &str, max: usize) -> Result<String, DomainError> {
    clean(field, value)?;
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
    clean(field, value)?;
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

    #[test]
    fn control_characters_are_refused_naming_the_field() {
        for bad in ["Ju\0an", "Juan\u{1b}[31m", "Juan\u{7f}", "Juan\u{85}x", "\u{202E}nauJ", "Jua\u{2066}n"] {
            let refused = required(Field::GivenNames, bad, 100);
            assert!(
                matches!(refused, Err(DomainError::ControlCharacter { field: Field::GivenNames, .. })),
                "{bad:?}: {refused:?}"
            );
            assert!(optional(Field::Place, bad, 100).is_err(), "{bad:?}");
            assert!(multiline(Field::Notes, bad, 100).is_err(), "{bad:?}");
        }
        assert_eq!(
            required(Field::GivenNames, "Ju\0an", 100),
            Err(DomainError::ControlCharacter { field: Field::GivenNames, code: "U+0000".into() })
        );
        // Whitespace is not refused: single-line fields make it a space, notes keep it.
        assert_eq!(required(Field::GivenNames, "Juan\tJosé\r\n", 100), Ok("Juan José".to_string()));
        assert_eq!(multiline(Field::Notes, " uno\r\n\tdos\n", 100), Ok("uno\n\tdos".to_string()));
    }
}
