//! Whole numbers in the words the radio says them: "tres millones doscientos mil", "three million
//! two hundred thousand". Pure: the caller gives the number and the language.

use crate::spoken::Speech;

/// How a number is said in Spanish, where it agrees with what it counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// Alone, as counting: "uno", "veintiuno", "doscientos".
    Alone,
    /// Before a masculine noun: "un voto", "veintiún sindicatos", "doscientos afiliados".
    Masculine,
    /// Of a feminine noun: "una base", "veintiuna bases", "doscientas bases".
    Feminine,
}

/// `n` in words, in the form it takes beside what it counts (Spanish; English has one form).
pub fn in_words(speech: Speech, n: u64, form: Form) -> String {
    match speech {
        Speech::Spanish => {
            let words = spanish(n, form == Form::Feminine);
            if form == Form::Masculine { shorten_final_uno(&words) } else { words }
        }
        Speech::English => english(n),
    }
}

const ES_UNITS: [&str; 30] = [
    "cero",
    "uno",
    "dos",
    "tres",
    "cuatro",
    "cinco",
    "seis",
    "siete",
    "ocho",
    "nueve",
    "diez",
    "once",
    "doce",
    "trece",
    "catorce",
    "quince",
    "dieciséis",
    "diecisiete",
    "dieciocho",
    "diecinueve",
    "veinte",
    "veintiuno",
    "veintidós",
    "veintitrés",
    "veinticuatro",
    "veinticinco",
    "veintiséis",
    "veintisiete",
    "veintiocho",
    "veintinueve",
];

const ES_TENS: [&str; 10] =
    ["", "", "", "treinta", "cuarenta", "cincuenta", "sesenta", "setenta", "ochenta", "noventa"];

const ES_HUNDREDS: [&str; 10] = [
    "",
    "ciento",
    "doscientos",
    "trescientos",
    "cuatrocientos",
    "quinientos",
    "seiscientos",
    "setecientos",
    "ochocientos",
    "novecientos",
];

fn index(n: u64) -> usize {
    usize::try_from(n).unwrap_or(0)
}

/// 0 to 999; feminine: "doscientas", "veintiuna", "una".
fn spanish_below_thousand(n: u64, feminine: bool) -> String {
    let words = spanish_below_thousand_masculine(n);
    if !feminine {
        return words;
    }
    let words = words.replace("ientos", "ientas");
    if let Some(stem) = words.strip_suffix("veintiuno") {
        return format!("{stem}veintiuna");
    }
    match words.strip_suffix("uno") {
        Some(stem) if stem.is_empty() || stem.ends_with(' ') => format!("{stem}una"),
        _ => words,
    }
}

fn spanish_below_thousand_masculine(n: u64) -> String {
    if n == 100 {
        return "cien".into();
    }
    let (hundreds, rest) = (n / 100, n % 100);
    let rest_words = match rest {
        0 => String::new(),
        1..=29 => ES_UNITS[index(rest)].to_string(),
        _ => match rest % 10 {
            0 => ES_TENS[index(rest / 10)].to_string(),
            unit => format!("{} y {}", ES_TENS[index(rest / 10)], ES_UNITS[index(unit)]),
        },
    };
    match (hundreds, rest_words.is_empty()) {
        (0, _) => rest_words,
        (h, true) => ES_HUNDREDS[index(h)].to_string(),
        (h, false) => format!("{} {rest_words}", ES_HUNDREDS[index(h)]),
    }
}

fn shorten_final_uno(words: &str) -> String {
    if let Some(stem) = words.strip_suffix("veintiuno") {
        return format!("{stem}veintiún");
    }
    match words.strip_suffix("uno") {
        Some(stem) if stem.is_empty() || stem.ends_with(' ') => format!("{stem}un"),
        _ => words.to_string(),
    }
}

fn spanish(n: u64, feminine: bool) -> String {
    if n == 0 {
        return "cero".into();
    }
    // Groups of six digits: units, millones, billones (a million millions), trillones.
    const BIG: [(&str, &str); 4] =
        [("", ""), ("un millón", "millones"), ("un billón", "billones"), ("un trillón", "trillones")];
    let mut parts: Vec<String> = Vec::new();
    let mut rest = n;
    let mut group = 0;
    while rest > 0 {
        let six = rest % 1_000_000;
        rest /= 1_000_000;
        if six > 0 {
            // Millions are counted as a masculine noun: "doscientos millones de bases".
            let words = spanish_below_million(six, feminine && group == 0);
            let (one, many) = BIG[group.min(BIG.len() - 1)];
            parts.push(match group {
                0 => words,
                _ if six == 1 => one.to_string(),
                _ => format!("{} {many}", shorten_final_uno(&words)),
            });
        }
        group += 1;
    }
    parts.reverse();
    parts.join(" ")
}

/// 1 to 999,999 ("veintiún mil" before "mil" in both genders, which both are said).
fn spanish_below_million(n: u64, feminine: bool) -> String {
    let (thousands, rest) = (n / 1000, n % 1000);
    let thousands_words = match thousands {
        0 => String::new(),
        1 => "mil".to_string(),
        t => format!(
            "{} mil",
            shorten_final_uno(&spanish_below_thousand_masculine(t))
                .replace("ientos", if feminine { "ientas" } else { "ientos" })
        ),
    };
    match (thousands_words.is_empty(), rest) {
        (true, r) => spanish_below_thousand(r, feminine),
        (false, 0) => thousands_words,
        (false, r) => format!("{thousands_words} {}", spanish_below_thousand(r, feminine)),
    }
}

const EN_UNITS: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];

const EN_TENS: [&str; 10] = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];

/// 1 to 999.
fn english_below_thousand(n: u64) -> String {
    let (hundreds, rest) = (n / 100, n % 100);
    let rest_words = match rest {
        0 => String::new(),
        1..=19 => EN_UNITS[index(rest)].to_string(),
        _ => match rest % 10 {
            0 => EN_TENS[index(rest / 10)].to_string(),
            unit => format!("{}-{}", EN_TENS[index(rest / 10)], EN_UNITS[index(unit)]),
        },
    };
    match (hundreds, rest_words.is_empty()) {
        (0, _) => rest_words,
        (h, true) => format!("{} hundred", EN_UNITS[index(h)]),
        (h, false) => format!("{} hundred {rest_words}", EN_UNITS[index(h)]),
    }
}

fn english(n: u64) -> String {
    if n == 0 {
        return "zero".into();
    }
    const SCALES: [&str; 7] = ["", "thousand", "million", "billion", "trillion", "quadrillion", "quintillion"];
    let mut parts: Vec<String> = Vec::new();
    let mut rest = n;
    let mut scale = 0;
    while rest > 0 {
        let three = rest % 1000;
        rest /= 1000;
        if three > 0 {
            let words = english_below_thousand(three);
            parts.push(if scale == 0 { words } else { format!("{words} {}", SCALES[scale.min(SCALES.len() - 1)]) });
        }
        scale += 1;
    }
    parts.reverse();
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn es(n: u64) -> String {
        in_words(Speech::Spanish, n, Form::Alone)
    }

    #[test]
    fn spanish_numbers_as_said() {
        let cases = [
            (0, "cero"),
            (1, "uno"),
            (16, "dieciséis"),
            (21, "veintiuno"),
            (31, "treinta y uno"),
            (100, "cien"),
            (101, "ciento uno"),
            (115, "ciento quince"),
            (500, "quinientos"),
            (999, "novecientos noventa y nueve"),
            (1000, "mil"),
            (1001, "mil uno"),
            (2400, "dos mil cuatrocientos"),
            (21_000, "veintiún mil"),
            (31_000, "treinta y un mil"),
            (100_000, "cien mil"),
            (360_000, "trescientos sesenta mil"),
            (1_000_000, "un millón"),
            (2_000_000, "dos millones"),
            (3_000_000, "tres millones"),
            (21_000_000, "veintiún millones"),
            (3_200_001, "tres millones doscientos mil uno"),
            (1_000_000_000_000, "un billón"),
        ];
        for (n, words) in cases {
            assert_eq!(es(n), words, "{n}");
        }
        let he = |n| in_words(Speech::Spanish, n, Form::Masculine);
        assert_eq!(he(21), "veintiún");
        assert_eq!(he(1), "un");
        assert_eq!(he(41), "cuarenta y un");
        assert_eq!(he(1001), "mil un");
        assert_eq!(he(7), "siete");
        let she = |n| in_words(Speech::Spanish, n, Form::Feminine);
        assert_eq!(she(1), "una");
        assert_eq!(she(21), "veintiuna");
        assert_eq!(she(501), "quinientas una");
        assert_eq!(she(600), "seiscientas");
        assert_eq!(she(230_000), "doscientas treinta mil");
        assert_eq!(she(2_300_000), "dos millones trescientas mil");
        assert_eq!(she(200_000_000), "doscientos millones");
    }

    #[test]
    fn english_numbers_as_said() {
        let cases = [
            (0, "zero"),
            (13, "thirteen"),
            (42, "forty-two"),
            (100, "one hundred"),
            (115, "one hundred fifteen"),
            (2400, "two thousand four hundred"),
            (360_000, "three hundred sixty thousand"),
            (3_000_000, "three million"),
            (1_000_001, "one million one"),
        ];
        for (n, words) in cases {
            assert_eq!(in_words(Speech::English, n, Form::Feminine), words, "{n}");
        }
    }
}
