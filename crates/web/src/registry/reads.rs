//! The register's most-read pages, answered from the store's cache when it can.

use cabildo_services::registry::{self, BodyOverview};
use cabildo_services::{Ctx, ServiceError, Store};

use crate::state::AppState;

/// A body's page, from the cache when it can (see `AppState::read`).
pub(super) async fn body_overview(state: &AppState, ctx: &Ctx, id: i64) -> Result<BodyOverview, ServiceError> {
    let reference = id.to_string();
    let cached = |store: &Store| registry::body_overview_cached(store, ctx, &reference);
    let ctx = ctx.clone();
    state.read(cached, move |store: &Store| registry::body_overview(store, &ctx, &id.to_string())).await
}
