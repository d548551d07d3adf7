//! Dates and times in the words people say aloud: what the radio reads of a convocatoria
//! ("el sábado 30 de noviembre a las diez de la mañana"). Pure: the caller gives the moment and
//! the language.

use chrono::{Datelike, NaiveDateTime, Timelike, Weekday};

/// The languages a moment can be spoken in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Speech {
    Spanish,
    English,
}

/// The day and the hour of a meeting as a sentence fragment: "el sábado 30 de noviembre a las
/// diez de la mañana", "on Saturday 30 November at ten in the morning".
pub fn day_and_time(speech: Speech, at: &NaiveDateTime) -> String {
    match speech {
        Speech::Spanish => format!("el {} {}", spanish_day(at), spanish_time(at.hour(), at.minute())),
        Speech::English => format!("on {} {}", english_day(at), english_time(at.hour(), at.minute())),
    }
}

/// A day as a sentence fragment, without an hour: "el martes 15 de diciembre", "on Tuesday 15
/// December" (a consulta's deadline).
pub fn day(speech: Speech, day: crate::Date) -> String {
    let at = day.and_time(chrono::NaiveTime::MIN);
    match speech {
        Speech::Spanish => format!("el {}", spanish_day(&at)),
        Speech::English => format!("on {}", english_day(&at)),
    }
}

/// "sábado 30 de noviembre".
fn spanish_day(at: &NaiveDateTime) -> String {
    const MONTHS: [&str; 12] = [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ];
    let weekday = match at.weekday() {
        Weekday::Mon => "lunes",
        Weekday::Tue => "martes",
        Weekday::Wed => "miércoles",
        Weekday::Thu => "jueves",
        Weekday::Fri => "viernes",
        Weekday::Sat => "sábado",
        Weekday::Sun => "domingo",
    };
    let month = MONTHS.get(at.month0() as usize).copied().unwrap_or_default();
    format!("{weekday} {} de {month}", at.day())
}

/// "Saturday 30 November".
fn english_day(at: &NaiveDateTime) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let weekday = match at.weekday() {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    };
    let month = MONTHS.get(at.month0() as usize).copied().unwrap_or_default();
    format!("{weekday} {} {month}", at.day())
}

/// Spanish numbers from 0 to 59, as said.
fn spanish_number(n: u32) -> String {
    crate::numbers::in_words(Speech::Spanish, u64::from(n), crate::numbers::Form::Alone)
}

/// "a las diez y media de la mañana", "al mediodía", "a la una de la tarde".
fn spanish_time(hour: u32, minute: u32) -> String {
    match (hour, minute) {
        (0, 0) => return "a la medianoche".into(),
        (12, 0) => return "al mediodía".into(),
        _ => {}
    }
    let twelve = match hour % 12 {
        0 => 12,
        h => h,
    };
    let clock = if twelve == 1 { "a la una".to_string() } else { format!("a las {}", spanish_number(twelve)) };
    let minutes = match minute {
        0 => String::new(),
        15 => " y cuarto".into(),
        30 => " y media".into(),
        m => format!(" y {}", spanish_number(m)),
    };
    let part = match hour {
        0..=5 => "de la madrugada",
        6..=11 => "de la mañana",
        12..=18 => "de la tarde",
        _ => "de la noche",
    };
    format!("{clock}{minutes} {part}")
}

/// English numbers from 0 to 59, as said.
fn english_number(n: u32) -> String {
    crate::numbers::in_words(Speech::English, u64::from(n), crate::numbers::Form::Alone)
}

/// "at half past ten in the morning", "at noon", "at nine forty-five in the evening".
fn english_time(hour: u32, minute: u32) -> String {
    match (hour, minute) {
        (0, 0) => return "at midnight".into(),
        (12, 0) => return "at noon".into(),
        _ => {}
    }
    let twelve = match hour % 12 {
        0 => 12,
        h => h,
    };
    let number = english_number(twelve);
    let clock = match minute {
        0 => number,
        15 => format!("a quarter past {number}"),
        30 => format!("half past {number}"),
        m if m < 10 => format!("{number} oh {}", english_number(m)),
        m => format!("{number} {}", english_number(m)),
    };
    let part = match hour {
        0..=4 | 22..=23 => "at night",
        5..=11 => "in the morning",
        12..=17 => "in the afternoon",
        _ => "in the evening",
    };
    format!("at {clock} {part}")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn at(hour: u32, minute: u32) -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap().and_hms_opt(hour, minute, 0).unwrap()
    }

    #[test]
    fn the_radio_says_the_day_and_the_hour_in_spanish() {
        let cases = [
            ((10, 0), "el sábado 28 de noviembre a las diez de la mañana"),
            ((10, 30), "el sábado 28 de noviembre a las diez y media de la mañana"),
            ((14, 15), "el sábado 28 de noviembre a las dos y cuarto de la tarde"),
            ((19, 0), "el sábado 28 de noviembre a las siete de la noche"),
            ((12, 0), "el sábado 28 de noviembre al mediodía"),
            ((0, 0), "el sábado 28 de noviembre a la medianoche"),
            ((13, 0), "el sábado 28 de noviembre a la una de la tarde"),
            ((9, 45), "el sábado 28 de noviembre a las nueve y cuarenta y cinco de la mañana"),
            ((4, 5), "el sábado 28 de noviembre a las cuatro y cinco de la madrugada"),
            ((12, 20), "el sábado 28 de noviembre a las doce y veinte de la tarde"),
        ];
        for ((hour, minute), said) in cases {
            assert_eq!(day_and_time(Speech::Spanish, &at(hour, minute)), said, "{hour}:{minute:02}");
        }
    }

    #[test]
    fn a_deadline_is_said_as_a_day_alone() {
        let due = chrono::NaiveDate::from_ymd_opt(2026, 12, 15).unwrap();
        assert_eq!(day(Speech::Spanish, due), "el martes 15 de diciembre");
        assert_eq!(day(Speech::English, due), "on Tuesday 15 December");
    }

    #[test]
    fn the_radio_says_the_day_and_the_hour_in_english() {
        let cases = [
            ((10, 0), "on Saturday 28 November at ten in the morning"),
            ((10, 30), "on Saturday 28 November at half past ten in the morning"),
            ((14, 15), "on Saturday 28 November at a quarter past two in the afternoon"),
            ((19, 0), "on Saturday 28 November at seven in the evening"),
            ((12, 0), "on Saturday 28 November at noon"),
            ((0, 0), "on Saturday 28 November at midnight"),
            ((9, 45), "on Saturday 28 November at nine forty-five in the morning"),
            ((13, 5), "on Saturday 28 November at one oh five in the afternoon"),
            ((23, 30), "on Saturday 28 November at half past eleven at night"),
        ];
        for ((hour, minute), said) in cases {
            assert_eq!(day_and_time(Speech::English, &at(hour, minute)), said, "{hour}:{minute:02}");
        }
    }

    #[test]
    fn every_minute_of_the_day_is_said_in_words() {
        for hour in 0..24 {
            for minute in 0..60 {
                for speech in [Speech::Spanish, Speech::English] {
                    let said = day_and_time(speech, &at(hour, minute));
                    assert!(!said.replace("28", "").chars().any(|c| c.is_ascii_digit()), "{said}");
                    assert!(!said.contains("  ") && !said.ends_with(' '), "{said}");
                }
            }
        }
    }

    #[test]
    fn weekdays_and_months_follow_the_calendar() {
        let day = chrono::NaiveDate::from_ymd_opt(2027, 1, 6).unwrap().and_hms_opt(8, 0, 0).unwrap();
        assert_eq!(day_and_time(Speech::Spanish, &day), "el miércoles 6 de enero a las ocho de la mañana");
        assert_eq!(day_and_time(Speech::English, &day), "on Wednesday 6 January at eight in the morning");
    }
}
