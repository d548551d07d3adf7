//! Reading spreadsheet exports as they come: UTF-8 with or without BOM, or Windows-1252 (what
//! Excel writes in Bolivia); comma, semicolon or tab.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

use encoding_rs::{Decoder, Encoding, UTF_8, WINDOWS_1252};

use crate::{Result, ServiceError};

/// The text encoding of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    Utf8,
    Utf8Bom,
    Windows1252,
}

impl TextEncoding {
    pub fn label(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf8Bom => "UTF-8 (BOM)",
            TextEncoding::Windows1252 => "Windows-1252",
        }
    }
}

fn unreadable(path: &Path, error: &io::Error) -> ServiceError {
    ServiceError::Unreadable { path: path.display().to_string(), reason: error.to_string() }
}

/// What reading a file once tells about its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detected {
    pub encoding: TextEncoding,
    /// Lines (from 1) of a UTF-8 file whose bytes are not UTF-8: the file is refused naming them.
    pub bad_lines: Vec<u64>,
}

/// Lines named in [`Detected::bad_lines`]; past this only the first are kept.
const MAX_BAD_LINES: usize = 1_000;

/// Decides a file's encoding by reading it once, line by line:
///
/// - valid UTF-8 throughout (a BOM or not) is UTF-8;
/// - otherwise the file is UTF-8 with some bad lines when it holds **more** well-formed multi-byte
///   UTF-8 characters than malformed sequences: a UTF-8 file into which a few lines were pasted
///   from elsewhere. Those lines are named and the file is refused: re-reading the whole file as
///   Windows-1252 would garble every accented letter of the good lines (`Ã±` for `ñ`);
/// - otherwise it is Windows-1252 (what Excel writes in Bolivia): there an accented letter is one
///   byte followed by ASCII, which is never well-formed UTF-8, so such a file holds (nearly) no
///   well-formed multi-byte sequence at all. Every byte is a character there, so nothing is lost.
pub fn detect_encoding(path: &Path) -> Result<Detected> {
    let file = BufReader::with_capacity(1 << 16, File::open(path).map_err(|e| unreadable(path, &e))?);
    detect_encoding_in(file, path)
}

/// [`detect_encoding`] of text already in memory (an upload), named `name` in a refusal.
pub fn detect_encoding_of(bytes: &[u8], name: &Path) -> Result<Detected> {
    detect_encoding_in(bytes, name)
}

fn detect_encoding_in(mut file: impl BufRead, path: &Path) -> Result<Detected> {
    let mut line: Vec<u8> = Vec::new();
    let (mut number, mut read) = (0u64, 0usize);
    let (mut well_formed, mut malformed) = (0u64, 0u64);
    let mut bad_lines = Vec::new();
    let mut bom = false;
    loop {
        line.clear();
        let n = file.read_until(b'\n', &mut line).map_err(|e| unreadable(path, &e))?;
        if n == 0 {
            break;
        }
        number += 1;
        if number == 1 && line.starts_with(&[0xEF, 0xBB, 0xBF]) {
            bom = true;
        }
        // Spreadsheets saved as CSV never hold NUL bytes; images, .xlsx and .ods files do.
        if read < 1 << 16 && line.contains(&0) {
            return Err(ServiceError::NotText { path: path.display().to_string() });
        }
        read = read.saturating_add(n);
        if line.is_ascii() {
            continue;
        }
        let mut bad = false;
        for chunk in line.utf8_chunks() {
            well_formed += chunk.valid().chars().filter(|c| !c.is_ascii()).count() as u64;
            if !chunk.invalid().is_empty() {
                malformed += 1;
                bad = true;
            }
        }
        if bad && bad_lines.len() < MAX_BAD_LINES {
            bad_lines.push(number);
        }
    }
    let encoding = if bom { TextEncoding::Utf8Bom } else { TextEncoding::Utf8 };
    Ok(match (malformed, well_formed) {
        (0, _) => Detected { encoding, bad_lines: Vec::new() },
        (bad, good) if good > bad => Detected { encoding, bad_lines },
        _ => Detected { encoding: TextEncoding::Windows1252, bad_lines: Vec::new() },
    })
}

/// A reader that turns the file's bytes into UTF-8, dropping a BOM.
pub struct DecodingReader<R: Read> {
    inner: R,
    decoder: Decoder,
    input: Vec<u8>,
    output: Vec<u8>,
    output_pos: usize,
    done: bool,
}

impl<R: Read> DecodingReader<R> {
    pub fn new(inner: R, encoding: TextEncoding) -> Self {
        let encoding: &'static Encoding = match encoding {
            TextEncoding::Utf8 | TextEncoding::Utf8Bom => UTF_8,
            TextEncoding::Windows1252 => WINDOWS_1252,
        };
        DecodingReader {
            inner,
            decoder: encoding.new_decoder_with_bom_removal(),
            input: vec![0; 1 << 16],
            output: Vec::with_capacity(3 << 16),
            output_pos: 0,
            done: false,
        }
    }

    fn fill(&mut self) -> io::Result<()> {
        self.output.clear();
        self.output_pos = 0;
        while self.output.is_empty() && !self.done {
            let n = self.inner.read(&mut self.input)?;
            let last = n == 0;
            let needed = self.decoder.max_utf8_buffer_length(n).unwrap_or(3 * n + 16);
            self.output.resize(needed, 0);
            let (_, _, written, _) = self.decoder.decode_to_utf8(&self.input[..n], &mut self.output, last);
            self.output.truncate(written);
            self.done = last;
        }
        Ok(())
    }
}

impl<R: Read> Read for DecodingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.output_pos >= self.output.len() {
            self.fill()?;
        }
        let available = &self.output[self.output_pos..];
        let n = available.len().min(buf.len());
        buf[..n].copy_from_slice(&available[..n]);
        self.output_pos += n;
        Ok(n)
    }
}

/// The field separator, guessed from the header line: the most frequent of `;`, `,` and tab
/// outside quotes.
pub fn detect_delimiter(first_line: &str) -> u8 {
    let mut counts = [(b';', 0usize), (b',', 0), (b'\t', 0)];
    let mut quoted = false;
    for byte in first_line.bytes() {
        if byte == b'"' {
            quoted = !quoted;
        } else if !quoted && let Some(count) = counts.iter_mut().find(|(d, _)| *d == byte) {
            count.1 += 1;
        }
    }
    counts.iter().max_by_key(|(_, n)| *n).filter(|(_, n)| *n > 0).map_or(b',', |(d, _)| *d)
}

/// The delimiter of a file from its first lines: that of the line (of the first ten non-blank
/// ones) with the most separators. A title line above the header ("Padrón del Sindicato San
/// José") has none or few; the header has one fewer than it has columns.
pub fn detect_delimiter_in(head: &str) -> u8 {
    let mut best = (b',', 0usize);
    for line in head.lines().filter(|l| !l.trim().is_empty()).take(10) {
        let delimiter = detect_delimiter(line);
        let count = line.bytes().filter(|b| *b == delimiter).count();
        if count > best.1 {
            best = (delimiter, count);
        }
    }
    best.0
}

/// Text in memory (an upload of `name`) decoded to UTF-8, with what detection found and its
/// first lines, as [`open_text`] gives a file's.
pub fn open_bytes<'a>(bytes: &'a [u8], name: &Path) -> Result<(Detected, DecodingReader<&'a [u8]>, String)> {
    let detected = detect_encoding_of(bytes, name)?;
    let mut head = String::new();
    let mut reader = DecodingReader::new(bytes, detected.encoding);
    let mut buffer = vec![0u8; 1 << 14];
    let n = reader.read(&mut buffer).map_err(|e| unreadable(name, &e))?;
    head.push_str(&String::from_utf8_lossy(&buffer[..n]));
    let encoding = detected.encoding;
    Ok((detected, DecodingReader::new(bytes, encoding), head))
}

/// Opens `path` decoded to UTF-8, and returns what detection found and its first non-blank lines
/// (the header must be among them).
pub fn open_text(path: &Path) -> Result<(Detected, DecodingReader<BufReader<File>>, String)> {
    let detected = detect_encoding(path)?;
    let encoding = detected.encoding;
    let mut head = String::new();
    let mut reader = DecodingReader::new(BufReader::new(File::open(path).map_err(|e| unreadable(path, &e))?), encoding);
    // Read a little to find the header line for delimiter detection, then reopen.
    let mut buffer = vec![0u8; 1 << 14];
    let n = reader.read(&mut buffer).map_err(|e| unreadable(path, &e))?;
    head.push_str(&String::from_utf8_lossy(&buffer[..n]));
    let reader = DecodingReader::new(BufReader::new(File::open(path).map_err(|e| unreadable(path, &e))?), encoding);
    Ok((detected, reader, head))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_delimiter_is_the_commonest_separator_outside_quotes() {
        assert_eq!(detect_delimiter("N°;Nombres;Apellido Paterno"), b';');
        assert_eq!(detect_delimiter("\"Mamani, Juan\";Lote"), b';');
        assert_eq!(detect_delimiter("a\tb\tc"), b'\t');
        assert_eq!(detect_delimiter("a,b"), b',');
        assert_eq!(detect_delimiter("solo"), b',');
    }

    #[test]
    fn windows_1252_is_decoded_to_utf8() {
        let bytes: &[u8] = b"Fern\xe1ndez;Ca\xf1a";
        let mut out = String::new();
        let read = DecodingReader::new(bytes, TextEncoding::Windows1252).read_to_string(&mut out);
        assert!(read.is_ok());
        assert_eq!(out, "Fernández;Caña");
    }

    fn detect(bytes: &[u8]) -> Result<Detected> {
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("cabildo-decode-{}-{n}", std::process::id()));
        assert!(std::fs::write(&dir, bytes).is_ok());
        let detected = detect_encoding(&dir);
        drop(std::fs::remove_file(&dir));
        detected
    }

    #[test]
    fn a_utf8_file_with_a_few_bad_bytes_is_utf8_with_those_lines_named() {
        // A Rust string cannot hold the bad bytes: the file is put together from parts.
        let bytes: Vec<u8> = [
            "N°;Nombres;Apellido\n1;Ñuflo;Pérez\n2;Jos".as_bytes(),
            &[0xE9],
            ";Mamani\n3;María;Quispe\n4;Ana".as_bytes(),
            &[0xFF],
            ";Condori\n".as_bytes(),
        ]
        .concat();
        assert_eq!(detect(&bytes), Ok(Detected { encoding: TextEncoding::Utf8, bad_lines: vec![3, 5] }));
    }

    #[test]
    fn a_windows_1252_file_stays_windows_1252() {
        let bytes: &[u8] = b"N\xb0;Nombres;Apellido\n1;\xd1uflo;P\xe9rez\n2;Jos\xe9;Mam\xe1ni\n";
        assert_eq!(detect(bytes), Ok(Detected { encoding: TextEncoding::Windows1252, bad_lines: Vec::new() }));
        let plain: &[u8] = b"N;Nombres\n1;Juan\n";
        assert_eq!(detect(plain), Ok(Detected { encoding: TextEncoding::Utf8, bad_lines: Vec::new() }));
        let bom: &[u8] = b"\xEF\xBB\xBFN\xC2\xB0;Lote\n";
        assert_eq!(detect(bom), Ok(Detected { encoding: TextEncoding::Utf8Bom, bad_lines: Vec::new() }));
    }

    #[test]
    fn a_bom_is_dropped() {
        let bytes: &[u8] = b"\xEF\xBB\xBFN\xC2\xB0;Lote";
        let mut out = String::new();
        let read = DecodingReader::new(bytes, TextEncoding::Utf8Bom).read_to_string(&mut out);
        assert!(read.is_ok());
        assert_eq!(out, "N°;Lote");
    }
}
