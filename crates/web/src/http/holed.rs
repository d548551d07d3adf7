//! Pages that differ from one request to the next only in one short token (the phone page's form
//! token, new for each visitor): rendered and compressed once, then served with the token filled
//! in. The gzip stream is put together from the text before the token compressed once (ending on
//! a byte boundary, `Z_SYNC_FLUSH`), the token in a stored (uncompressed) deflate block, and the
//! text after it compressed once as the final block; the CRC is counted over the whole page. A
//! 1.3 KB page compressed per request cost a third of its serving (BENCHMARKS.md, "The phone page
//! with its token in a hole").

use std::any::Any;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use flate2::{Compress, Compression, Crc, FlushCompress};

/// What a page is rendered with in place of its token: a value the templates print unescaped,
/// as they print a token.
pub const HOLE: &str = "holeforthetoken0123456789holeforthetoken0123";

/// The most pages kept with a hole (one per motion and language).
const MOST_KEPT: usize = 4096;

/// A page with a hole where its token goes.
pub struct Holed {
    before: Bytes,
    after: Bytes,
    /// `before` as raw deflate, not final, ending on a byte boundary.
    deflated_before: Bytes,
    /// `after` as raw deflate, ending with the final block.
    deflated_after: Bytes,
}

/// gzip's header: deflate, no name, no time, unknown system.
const GZIP_HEADER: [u8; 10] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];

fn deflate(text: &[u8], flush: FlushCompress) -> Option<Vec<u8>> {
    let mut compress = Compress::new(Compression::best(), false);
    let mut out = Vec::with_capacity(text.len() / 2 + 64);
    loop {
        let read = usize::try_from(compress.total_in()).ok()?;
        let rest = text.get(read..)?;
        out.reserve(256);
        let status = compress.compress_vec(rest, &mut out, flush).ok()?;
        let done = usize::try_from(compress.total_in()).ok()? == text.len();
        match (flush, status) {
            (FlushCompress::Finish, flate2::Status::StreamEnd) => return Some(out),
            // A sync flush is done when all was read and the output did not fill up.
            (FlushCompress::Sync, _) if done && out.len() < out.capacity() => return Some(out),
            _ => {}
        }
    }
}

/// Whether `token` may fill a hole: the characters of a URL-safe base64 token, and short.
fn fits(token: &str) -> bool {
    !token.is_empty()
        && token.len() <= 256
        && token.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

impl Holed {
    /// The page `html`, rendered with [`HOLE`] once where the token goes; `None` when the hole is
    /// not there exactly once.
    pub fn new(html: &str) -> Option<Holed> {
        let (before, after) = html.split_once(HOLE)?;
        if after.contains(HOLE) {
            return None;
        }
        Some(Holed {
            deflated_before: deflate(before.as_bytes(), FlushCompress::Sync)?.into(),
            deflated_after: deflate(after.as_bytes(), FlushCompress::Finish)?.into(),
            before: Bytes::copy_from_slice(before.as_bytes()),
            after: Bytes::copy_from_slice(after.as_bytes()),
        })
    }

    /// The page with `token` in the hole; `None` for a token that does not fit.
    pub fn plain(&self, token: &str) -> Option<Vec<u8>> {
        fits(token).then(|| [&self.before[..], token.as_bytes(), &self.after[..]].concat())
    }

    /// The page with `token` in the hole, as gzip; `None` for a token that does not fit.
    pub fn gzip(&self, token: &str) -> Option<Vec<u8>> {
        if !fits(token) {
            return None;
        }
        let length = u16::try_from(token.len()).ok()?;
        let mut crc = Crc::new();
        for part in [&self.before[..], token.as_bytes(), &self.after[..]] {
            crc.update(part);
        }
        let mut out = Vec::with_capacity(
            GZIP_HEADER.len() + self.deflated_before.len() + token.len() + 5 + self.deflated_after.len() + 8,
        );
        out.extend_from_slice(&GZIP_HEADER);
        out.extend_from_slice(&self.deflated_before);
        // A stored block, not the last: its header byte, then LEN and NLEN, then the bytes.
        out.push(0);
        out.extend_from_slice(&length.to_le_bytes());
        out.extend_from_slice(&(!length).to_le_bytes());
        out.extend_from_slice(token.as_bytes());
        out.extend_from_slice(&self.deflated_after);
        out.extend_from_slice(&crc.sum().to_le_bytes());
        out.extend_from_slice(&crc.amount().to_le_bytes());
        Some(out)
    }

    /// The page with `token` in the hole, gzipped when the request accepts it; `None` for a token
    /// that does not fit.
    pub fn response(&self, request: &HeaderMap, token: &str) -> Option<Response> {
        let gzip = crate::http::encoding::accepts_gzip(request.get_all(header::ACCEPT_ENCODING).iter());
        let body = if gzip { self.gzip(token)? } else { self.plain(token)? };
        let mut response = (StatusCode::OK, body).into_response();
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        if gzip {
            headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        }
        Some(response)
    }
}

/// The pages kept with a hole, each with what it was rendered from: it is served while that is
/// still what the page would be rendered from (the same `Arc`).
#[derive(Default)]
pub struct HoledPages {
    pages: Mutex<HashMap<u64, (Source, Arc<Holed>)>>,
}

/// What a page was rendered from.
pub type Source = Arc<dyn Any + Send + Sync>;

impl HoledPages {
    /// The page kept under `key`, if it was rendered from `source`.
    pub fn get(&self, key: u64, source: &Source) -> Option<Arc<Holed>> {
        let pages = self.pages.lock().unwrap_or_else(PoisonError::into_inner);
        let (from, page) = pages.get(&key)?;
        Arc::ptr_eq(from, source).then(|| Arc::clone(page))
    }

    pub fn put(&self, key: u64, source: Source, page: Arc<Holed>) {
        let mut pages = self.pages.lock().unwrap_or_else(PoisonError::into_inner);
        if pages.len() >= MOST_KEPT {
            pages.clear();
        }
        pages.insert(key, (source, page));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn gunzip(bytes: &[u8]) -> String {
        let mut text = String::new();
        flate2::read::GzDecoder::new(bytes).read_to_string(&mut text).map(drop).unwrap_or_else(|e| unreachable!("{e}"));
        text
    }

    #[test]
    fn a_filled_page_reads_as_the_page_rendered_with_its_token() {
        let page = |token: &str| {
            let options: String = (1..40)
                .map(|i| format!("<label><input type=radio name=choice value={i}> Opción {i}</label>\n"))
                .collect();
            format!("<!doctype html><form><input type=hidden name=csrf value=\"{token}\">\n{options}</form>")
        };
        let holed = Holed::new(&page(HOLE)).unwrap_or_else(|| unreachable!("one hole"));
        for token in ["_UlHVUOpOIMk5nBv2Bm047gpMXmoR3FvY-45LtHeNyY", "a", &"x".repeat(256)] {
            let gzip = holed.gzip(token).unwrap_or_default();
            assert_eq!(gunzip(&gzip), page(token));
            assert_eq!(holed.plain(token).unwrap_or_default(), page(token).into_bytes());
            assert!(gzip.len() < page(token).len() / 2, "compressed: {} of {}", gzip.len(), page(token).len());
        }
    }

    #[test]
    fn only_a_token_fills_a_hole_and_a_page_has_one_hole() {
        let holed = Holed::new(&format!("<p>{HOLE}</p>")).unwrap_or_else(|| unreachable!("one hole"));
        for bad in ["", "\"><script>", "a b", "ñ", &"x".repeat(257)] {
            assert_eq!(holed.gzip(bad), None, "{bad:?}");
            assert_eq!(holed.plain(bad), None, "{bad:?}");
        }
        assert!(Holed::new("<p>no hole</p>").is_none());
        assert!(Holed::new(&format!("{HOLE}{HOLE}")).is_none());
        assert_eq!(gunzip(&holed.gzip("t").unwrap_or_default()), "<p>t</p>");
        // Nothing before or after the hole.
        let bare = Holed::new(HOLE).unwrap_or_else(|| unreachable!("one hole"));
        assert_eq!(gunzip(&bare.gzip("t").unwrap_or_default()), "t");
    }
}
