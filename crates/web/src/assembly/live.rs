//! The live view for a projector: quorum and the vote under way, refreshed as it changes.

use askama::Template;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use cabildo_domain::assembly::{AssemblyId, MotionStatus, VoteMethod};
use cabildo_i18n::{Lang, tr};
use cabildo_services::assembly::{self, AssemblyView, MotionView};

use crate::http::error::page_error;
use crate::http::status::{status_of, text_of};
use crate::http::{Path, Viewer, WebError};
use crate::state::AppState;
use crate::ui::text::{name, quorum_line};
use crate::ui::{Chrome, render};

#[derive(Template)]
#[template(path = "assembly/live.html")]
pub(super) struct LivePage {
    page: Chrome,
    v: AssemblyView,
    fragment: String,
}

#[derive(Template)]
#[template(path = "assembly/live_fragment.html")]
pub(super) struct LiveFragment {
    lang: Lang,
    quorum: String,
    has_quorum: bool,
    m: Option<MotionView>,
}

impl LiveFragment {
    fn t(&self, id: &str) -> String {
        tr(self.lang, id, &[])
    }

    fn of(lang: Lang, v: &AssemblyView) -> LiveFragment {
        LiveFragment { lang, quorum: quorum_line(lang, v), has_quorum: v.has_quorum(), m: v.current_motion().cloned() }
    }

    fn outcome(&self, m: &MotionView) -> String {
        m.motion.outcome.map_or_else(String::new, |o| name(&self.lang, "outcome", o.code()))
    }

    fn method(&self, m: &MotionView) -> String {
        m.motion.method.map_or_else(String::new, |o| name(&self.lang, "vote-method", o.code()))
    }

    fn voting(&self, m: &MotionView) -> bool {
        m.motion.status == MotionStatus::Voting
    }

    fn hidden(&self, m: &MotionView) -> bool {
        m.motion.status == MotionStatus::Voting && m.motion.method == Some(VoteMethod::Secret)
    }
}

pub(super) async fn live_page(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let path = format!("/assemblies/{id}/live");
    let ctx = viewer.ctx.clone();
    match state.run(move |store| assembly::view(store, &ctx, AssemblyId(id))).await {
        Ok(v) => {
            let fragment = LiveFragment::of(viewer.lang, &v).render().unwrap_or_default();
            Ok(render(&LivePage { page: viewer.chrome(path), v, fragment }))
        }
        Err(e) => Err(page_error(viewer.lang, &path, e)),
    }
}

/// Server-sent events for the projector: each answer carries the current state as one event and
/// asks the browser to come back in a second (`retry`), so every stream is short and bounded and
/// no connection stays open through the request timeout.
pub(super) async fn live_events(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let ctx = viewer.ctx.clone();
    let lang = viewer.lang;
    let body = match state.run(move |store| assembly::view(store, &ctx, AssemblyId(id))).await {
        Ok(v) => {
            let html = LiveFragment::of(lang, &v).render().unwrap_or_default();
            let data: String = html.lines().map(|l| format!("data: {l}\n")).collect();
            format!("retry: 1000\nevent: message\n{data}\n")
        }
        // Sign-in lost or the assembly gone: tell the page to stop asking.
        Err(e) => {
            let status = status_of(&e);
            return Ok((status, text_of(lang, &e)).into_response());
        }
    };
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/event-stream"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}
