//! Reading spreadsheet exports as they come: UTF-8 with or without BOM, or Windows-1252 (what
//! Excel writes in Bolivia); comma, semicolon or tab.

use std::fs::File;
use std::io::{self, BufReader, Read};
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

/// Decides a file's encoding by reading it once: valid UTF-8 throughout means UTF-8, anything
/// else is taken as Windows-1252 (every byte is a character there, so nothing is lost).
pub fn detect_encoding(path: &Path) -> Result<TextEncoding> {
    let mut file = BufReader::with_capacity(1 << 16, File::open(path).map_err(|e| unreadable(path, &e))?);
    let mut buffer = vec![0u8; 1 << 16];
    let mut carry: Vec<u8> = Vec::new();
    let mut first = true;
    let mut bom = false;
    loop {
        let n = file.read(&mut buffer).map_err(|e| unreadable(path, &e))?;
        if n == 0 {
            break;
        }
        let mut chunk = std::mem::take(&mut carry);
        chunk.extend_from_slice(&buffer[..n]);
        if first {
            first = false;
            // Spreadsheets saved as CSV never hold NUL bytes; images, .xlsx and .ods files do.
            if chunk.contains(&0) {
                return Err(ServiceError::NotText { path: path.display().to_string() });
            }
            if chunk.starts_with(&[0xEF, 0xBB, 0xBF]) {
                bom = true;
            }
        }
        match std::str::from_utf8(&chunk) {
            Ok(_) => {}
            Err(e) if e.error_len().is_none() => carry = chunk[e.valid_up_to()..].to_vec(),
            Err(_) => return Ok(TextEncoding::Windows1252),
        }
    }
    if !carry.is_empty() {
        return Ok(TextEncoding::Windows1252);
    }
    Ok(if bom { TextEncoding::Utf8Bom } else { TextEncoding::Utf8 })
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

/// Opens `path` decoded to UTF-8, and returns its encoding and its first non-blank lines (the
/// header must be among them).
pub fn open_text(path: &Path) -> Result<(TextEncoding, DecodingReader<BufReader<File>>, String)> {
    let encoding = detect_encoding(path)?;
    let mut head = String::new();
    let mut reader = DecodingReader::new(BufReader::new(File::open(path).map_err(|e| unreadable(path, &e))?), encoding);
    // Read a little to find the header line for delimiter detection, then reopen.
    let mut buffer = vec![0u8; 1 << 14];
    let n = reader.read(&mut buffer).map_err(|e| unreadable(path, &e))?;
    head.push_str(&String::from_utf8_lossy(&buffer[..n]));
    let reader = DecodingReader::new(BufReader::new(File::open(path).map_err(|e| unreadable(path, &e))?), encoding);
    Ok((encoding, reader, head))
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

    #[test]
    fn a_bom_is_dropped() {
        let bytes: &[u8] = b"\xEF\xBB\xBFN\xC2\xB0;Lote";
        let mut out = String::new();
        let read = DecodingReader::new(bytes, TextEncoding::Utf8Bom).read_to_string(&mut out);
        assert!(read.is_ok());
        assert_eq!(out, "N°;Lote");
    }
}
