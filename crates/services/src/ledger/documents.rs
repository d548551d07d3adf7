//! Documents on expenses (issue 15, part 5): a photo or PDF of the invoice or receipt behind an
//! expense, kept in the database with the media type read from its bytes (never the one the
//! upload claims), its size and SHA-256. Written once, like the entries; read by whoever may see
//! the books.

use cabildo_domain::access::Action;
use cabildo_domain::{Body, Date, text};
pub use cabildo_store::DocumentRecord;
use cabildo_store::{EntryRecord, NewDocument, Repo, Store};
use sha2::{Digest, Sha256};

use super::{LedgerRefusal, open_body};
use crate::registry::Registry;
use crate::{Ctx, Result, ServiceError};

/// The largest document taken (bytes): a phone's photo of an invoice, or a scanned PDF.
pub const MAX_DOCUMENT_BYTES: usize = 5 * 1024 * 1024;

/// The media type of a document, from its first bytes: JPEG, PNG or PDF, nothing else.
pub fn sniff_media_type(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else {
        None
    }
}

/// The file's name as offered back on download: its last path component, without quotes,
/// control characters or anything but letters, digits and `.-_ `, at most 100 characters,
/// with the extension of what it really is.
pub fn clean_file_name(name: &str, media_type: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or("");
    let stem = last.rsplit_once('.').map_or(last, |(stem, _)| stem);
    let kept: String = text::fold(stem)
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || matches!(c, '-' | '_') { c } else { '_' })
        .take(100)
        .collect();
    let stem = if kept.trim_matches('_').is_empty() { "documento".to_string() } else { kept };
    let extension = match media_type {
        "image/jpeg" => "jpg",
        "image/png" => "png",
        _ => "pdf",
    };
    format!("{stem}.{extension}")
}

fn expense_entry(repo: &mut dyn Repo, body: &Body, number: &str) -> Result<EntryRecord> {
    let unknown = || LedgerRefusal::UnknownEntry { reference: number.trim().to_string(), body: body.label() };
    let n: i64 = number.trim().trim_start_matches('#').parse().map_err(|_| unknown())?;
    let entry = repo.entry_by_number(body.id, n)?.ok_or_else(unknown)?;
    if entry.kind != "expense" {
        return Err(LedgerRefusal::NotAnExpense { entry: entry.number.to_string() }.into());
    }
    Ok(entry)
}

/// Attaches a document (`bytes`, uploaded as `file_name`) to expense `entry` of `body`'s book:
/// JPEG, PNG or PDF by its bytes, at most [`MAX_DOCUMENT_BYTES`], one per expense and never
/// replaced. For whoever keeps the book.
pub fn attach_document(
    store: &Store,
    ctx: &Ctx,
    body: &str,
    entry: &str,
    file_name: &str,
    bytes: &[u8],
) -> Result<DocumentRecord> {
    if bytes.len() > MAX_DOCUMENT_BYTES {
        let size = format!("{} MB", MAX_DOCUMENT_BYTES / (1024 * 1024));
        return Err(LedgerRefusal::DocumentTooLarge { size }.into());
    }
    let media_type = sniff_media_type(bytes).ok_or(LedgerRefusal::DocumentType)?;
    let file_name = clean_file_name(file_name, media_type);
    let sha256 = cabildo_domain::acta::to_hex(&Sha256::digest(bytes));
    store.write(|repo| {
        let registry = Registry::load(repo)?;
        let body = open_body(&registry, body)?;
        registry.require(ctx, Action::KeepBooks, body.id)?;
        let entry = expense_entry(repo, &body, entry)?;
        if repo.document_of_entry(entry.id)?.is_some() {
            return Err(LedgerRefusal::DocumentExists { entry: entry.number.to_string() }.into());
        }
        let actor = ctx.actor_name();
        let document = NewDocument {
            entry_id: entry.id,
            body_id: body.id,
            media_type,
            file_name: &file_name,
            sha256: &sha256,
            content: bytes,
            added_at: ctx.now,
            added_by: &actor,
        };
        repo.insert_document(&document)?;
        let record = repo
            .document_of_entry(entry.id)?
            .ok_or_else(|| ServiceError::Internal("a new document vanished".into()))?;
        ctx.audit(repo, Some(body.id), "ledger.document", format!("{}: {file_name} {sha256}", entry.number))?;
        Ok(record)
    })
}

/// A document of `body`'s book and its bytes, for whoever may see the books.
pub fn document(store: &Store, ctx: &Ctx, body: &str, id: i64) -> Result<(DocumentRecord, Vec<u8>)> {
    store.read(|repo| {
        let registry = Registry::load(repo)?;
        let body = registry.resolve(body)?.clone();
        registry.require(ctx, Action::ViewBooks, body.id)?;
        let unknown = || LedgerRefusal::UnknownDocument { reference: id.to_string() };
        let (record, bytes) = repo.document(id)?.ok_or_else(unknown)?;
        // Another body's document is not found here, whatever the viewer may see elsewhere.
        if record.body_id != body.id {
            return Err(unknown().into());
        }
        Ok((record, bytes))
    })
}

/// An expense and its document, if it has one, as its page shows them.
#[derive(Debug, Clone, PartialEq)]
pub struct ExpensePage {
    pub body: Body,
    pub entry: EntryRecord,
    pub document: Option<DocumentRecord>,
    /// Whether the viewer keeps the book (and may attach the document it lacks).
    pub may_keep_books: bool,
}

/// Expense `entry` of `body`'s book with its document, for whoever may see the books.
pub fn expense(store: &Store, ctx: &Ctx, body: &str, entry: &str) -> Result<ExpensePage> {
    store.read(|repo| {
        let registry = Registry::load(repo)?;
        let body = registry.resolve(body)?.clone();
        registry.require(ctx, Action::ViewBooks, body.id)?;
        let entry = expense_entry(repo, &body, entry)?;
        let document = repo.document_of_entry(entry.id)?;
        let may_keep_books = registry.require(ctx, Action::KeepBooks, body.id).is_ok();
        Ok(ExpensePage { body, entry, document, may_keep_books })
    })
}

/// An expense with its document, as the report lists them.
#[derive(Debug, Clone, PartialEq)]
pub struct ExpenseDocument {
    pub entry: EntryRecord,
    pub document: DocumentRecord,
}

/// The documents of `body`'s expenses dated inside the period, in the order of the book.
pub(crate) fn documents_between(
    repo: &mut dyn Repo,
    body: &Body,
    from: Date,
    to: Date,
) -> Result<Vec<ExpenseDocument>> {
    let mut out = Vec::new();
    for document in repo.documents_between(body.id, from, to)? {
        if let Some(entry) = repo.entry(document.entry_id)? {
            out.push(ExpenseDocument { entry, document });
        }
    }
    Ok(out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn the_media_type_is_read_from_the_bytes_and_the_name_cleaned() {
        assert_eq!(sniff_media_type(b"\xFF\xD8\xFF\xE0rest"), Some("image/jpeg"));
        assert_eq!(sniff_media_type(b"\x89PNG\r\n\x1a\nrest"), Some("image/png"));
        assert_eq!(sniff_media_type(b"%PDF-1.7\n"), Some("application/pdf"));
        assert_eq!(sniff_media_type(b"<html><script>"), None);
        assert_eq!(sniff_media_type(b"GIF89a"), None);
        assert_eq!(clean_file_name("C:\\fotos\\Factura Nº 12.JPG", "image/jpeg"), "factura_n__12.jpg");
        assert_eq!(clean_file_name("x\";.pdf.html", "application/pdf"), "x___pdf.pdf");
        assert_eq!(clean_file_name("../../", "image/png"), "documento.png");
    }
}
