//! The pages kept rendered and gzipped ([`PageCache`]), which `remember` fills and serves: the
//! store of the server's state, apart so that the state needs nothing else of the kit.

use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use axum::body::Bytes;
use cabildo_domain::Date;
use cabildo_i18n::Lang;

/// The most bytes (plain and compressed) the kept pages may hold.
pub const PAGE_CACHE_BUDGET: usize = 32 << 20;

/// The largest page kept (a padrón page of 50 families is about 40 KB plain).
pub(crate) const LARGEST_PAGE: usize = 1 << 20;

/// The kept pages of this server.
#[derive(Default)]
pub struct PageCache {
    hasher: RandomState,
    pages: Mutex<Kept>,
    /// Pages kept with a hole for a visitor's token (the phone page).
    pub(crate) holed: crate::http::holed::HoledPages,
}

#[derive(Default)]
struct Kept {
    by_key: HashMap<u64, Arc<KeptPage>>,
    bytes: usize,
}

/// One page, plain and compressed, and what it was rendered from.
pub(crate) struct KeptPage {
    pub(crate) session: Box<str>,
    pub(crate) lang: Lang,
    pub(crate) uri: Box<str>,
    pub(crate) generation: u64,
    pub(crate) today: Date,
    pub(crate) born: Instant,
    pub(crate) plain: Bytes,
    pub(crate) gzip: Bytes,
}

impl KeptPage {
    fn size(&self) -> usize {
        self.plain.len() + self.gzip.len() + self.uri.len() + self.session.len()
    }
}

impl PageCache {
    pub(crate) fn key(&self, session: &str, lang: Lang, uri: &str) -> u64 {
        self.hasher.hash_one((session, lang.code(), uri))
    }

    pub(crate) fn get(&self, key: u64) -> Option<Arc<KeptPage>> {
        self.pages.lock().unwrap_or_else(PoisonError::into_inner).by_key.get(&key).cloned()
    }

    pub(crate) fn put(&self, key: u64, page: Arc<KeptPage>, generation: u64) {
        let mut kept = self.pages.lock().unwrap_or_else(PoisonError::into_inner);
        if kept.bytes + page.size() > PAGE_CACHE_BUDGET {
            // Out-of-date pages go first, then everything.
            kept.by_key.retain(|_, p| p.generation == generation);
            kept.bytes = kept.by_key.values().map(|p| p.size()).sum();
            if kept.bytes + page.size() > PAGE_CACHE_BUDGET {
                kept.by_key.clear();
                kept.bytes = 0;
            }
        }
        kept.bytes += page.size();
        if let Some(old) = kept.by_key.insert(key, page) {
            kept.bytes = kept.bytes.saturating_sub(old.size());
        }
    }

    /// Pages kept now (tests and diagnostics).
    pub fn len(&self) -> usize {
        self.pages.lock().unwrap_or_else(PoisonError::into_inner).by_key.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
