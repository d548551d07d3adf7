//! What the padrón's pages and API share: a page of the padrón (from the cache when it can) and
//! an uploaded file imported.

use cabildo_services::import::{ImportError, ImportReport, import_file};
use cabildo_services::registry::{self, PadronPage};
use cabildo_services::{Ctx, ServiceError, Store};

use crate::http::Viewer;
use crate::state::AppState;

/// Page `page` (from 0) of a body's padrón, from the cache when it can (see `AppState::read`).
pub(super) async fn padron_page(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    search: Option<String>,
    page: u64,
    per_page: u64,
) -> Result<PadronPage, ServiceError> {
    let reference = id.to_string();
    let cached = |store: &Store| registry::padron_cached(store, ctx, &reference, search.as_deref(), page, per_page);
    let (ctx, owned) = (ctx.clone(), search.clone());
    let load = move |store: &Store| registry::padron(store, &ctx, &id.to_string(), owned.as_deref(), page, per_page);
    state.read(cached, load).await
}

/// An uploaded padrón file, kept in a temporary file until it has been imported (removed when
/// dropped).
pub(super) struct Upload(std::path::PathBuf);

impl Upload {
    /// Writes `bytes` to a new temporary file (on a blocking thread).
    pub(super) async fn write(state: &AppState, id: i64, bytes: &[u8]) -> Result<Upload, ServiceError> {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let (now, _) = state.now();
        let upload =
            Upload(std::env::temp_dir().join(format!("cabildo-import-{}-{now}-{id}-{n}.csv", std::process::id())));
        let (path, bytes) = (upload.0.clone(), bytes.to_vec());
        tokio::task::spawn_blocking(move || std::fs::write(&path, bytes))
            .await
            .map_err(|e| ServiceError::Internal(e.to_string()))?
            .map_err(|e| ServiceError::Unwritable { path: upload.0.display().to_string(), reason: e.to_string() })?;
        Ok(upload)
    }
}

impl Drop for Upload {
    fn drop(&mut self) {
        drop(std::fs::remove_file(&self.0));
    }
}

/// Imports an uploaded file into body `id` (and the sindicatos it names below it). The file's
/// temporary name never reaches the user: a refusal that names a file names "the file".
pub(super) async fn import_upload(
    state: &AppState,
    viewer: &Viewer,
    id: i64,
    upload: &Upload,
    mappings: Vec<String>,
) -> Result<ImportReport, ImportError> {
    // Held by the import itself (even if the client goes away), so another one meanwhile is
    // refused at once rather than queued behind it.
    let Ok(running) = state.imports.clone().try_acquire_owned() else {
        return Err(ImportError::Service(ServiceError::ImportRunning));
    };
    let ctx = viewer.ctx.clone();
    let path = upload.0.clone();
    let shown = cabildo_i18n::tr(viewer.lang, "web-uploaded-file", &[]);
    let result = state
        .run(move |store| {
            let _running = running;
            Ok(import_file(store, &ctx, &path, &id.to_string(), &mappings, &|_| {}))
        })
        .await
        .unwrap_or_else(|e| Err(ImportError::Service(e)));
    result.map_err(|e| match e {
        ImportError::Service(ServiceError::NotText { .. }) => {
            ImportError::Service(ServiceError::NotText { path: shown })
        }
        ImportError::Service(ServiceError::Unreadable { reason, .. }) => {
            ImportError::Service(ServiceError::Unreadable { path: shown, reason })
        }
        other => other,
    })
}
