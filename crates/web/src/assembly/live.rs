//! The live view for a projector: quorum (or, where nobody keeps a register, participation) and
//! the vote under way with totals and percentages, refreshed as it changes. Where phone voting
//! fits, it is public (no sign-in: the crowd watches it) and shows where to vote, address and QR.
//!
//! Without JavaScript the page never reloads under a reader's feet: it has a "Refresh" link. The
//! projector's address (`?projector=1`) reloads itself every 10 seconds when scripts are off, for
//! an unattended screen that nobody reads with assistive technology. With JavaScript both follow
//! the server-sent events (one open stream per screen, pushed when the tally changes) and change
//! only the numbers that changed, announcing only those.

use askama::Template;
use axum::http::{HeaderMap, HeaderValue, header};
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::response::{IntoResponse, Response};
use cabildo_domain::assembly::{AssemblyId, MotionStatus, VoteMethod};
use cabildo_i18n::{Lang, tr};
use cabildo_services::assembly::{self, AssemblyView, LiveFeed, MotionView};
use futures_util::StreamExt;

use crate::http::error::page_error;
use crate::http::status::{status_of, text_of};
use crate::http::urls::public_base_of;
use crate::http::{Page, Path, Query, WebError};
use crate::ui::text::{name, option_name, quorum_line, tr1};
use crate::ui::{Chrome, render};

#[derive(Template)]
#[template(path = "assembly/live.html")]
pub(super) struct LivePage {
    page: Chrome,
    v: AssemblyView,
    fragment: String,
    /// The projector's address: reloads itself without JavaScript.
    projector: bool,
    /// Where to vote by phone, with its QR code, where phone voting fits.
    vote_url: Option<String>,
    qr: String,
}

/// One option of the vote under way as the screen shows it.
pub(super) struct LiveRow {
    /// A stable key for the script that changes only what changed.
    key: String,
    label: String,
    count: u64,
    percent: String,
}

#[derive(Template)]
#[template(path = "assembly/live_fragment.html")]
pub(super) struct LiveFragment {
    lang: Lang,
    quorum: String,
    has_quorum: bool,
    m: Option<MotionView>,
    rows: Vec<LiveRow>,
    total: u64,
}

/// `n` of `total` as a whole percentage, rounded half up.
fn percent(n: u64, total: u64) -> u64 {
    if total == 0 { 0 } else { (n.saturating_mul(200) + total) / (2 * total) }
}

impl LiveFragment {
    fn t(&self, id: &str) -> String {
        tr(self.lang, id, &[])
    }

    fn of(lang: Lang, v: &AssemblyView) -> LiveFragment {
        let m = v.current_motion().cloned();
        let secret = m
            .as_ref()
            .is_some_and(|m| m.motion.status == MotionStatus::Voting && m.motion.method == Some(VoteMethod::Secret));
        let counts: &[(String, u64)] = match &m {
            Some(m) if !secret => &m.counts,
            _ => &[],
        };
        let total: u64 = counts.iter().map(|(_, n)| n).sum();
        // For, against, then abstentions last, as a ballot reads; candidates in their order.
        let mut counts = counts.to_vec();
        counts.sort_by_key(|(option, _)| match option.as_str() {
            "for" => 0,
            "against" => 1,
            "abstain" => 3,
            _ => 2,
        });
        let rows = match &m {
            Some(m) => counts
                .iter()
                .map(|(option, n)| LiveRow {
                    key: format!("option-{option}"),
                    label: option_name(&lang, m, option),
                    count: *n,
                    percent: tr1(&lang, "abierto-percent", "percent", percent(*n, total)),
                })
                .collect(),
            None => Vec::new(),
        };
        LiveFragment { lang, quorum: quorum_line(lang, v), has_quorum: v.has_quorum(), m, rows, total }
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

    fn total_line(&self) -> String {
        tr1(&self.lang, "abierto-live-total", "count", self.total)
    }
}

/// `?projector=1` — the projector's address.
#[derive(serde::Deserialize)]
pub(super) struct LiveQuery {
    #[serde(default)]
    projector: Option<String>,
}

pub(super) async fn live_page(
    Page { state, viewer }: Page,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Query(query): Query<LiveQuery>,
) -> Result<Response, WebError> {
    let path = format!("/assemblies/{id}/live");
    let ctx = viewer.ctx.clone();
    match state.run(move |store| assembly::live_view(store, &ctx, AssemblyId(id))).await {
        Ok(v) => {
            let fragment = LiveFragment::of(viewer.lang, &v).render().unwrap_or_default();
            let vote_url = v.phone_voting.then(|| {
                let base = public_base_of(state.public_url.as_deref(), &headers, state.secure_cookies);
                super::tickets::vote_address(&base, id)
            });
            let qr = vote_url
                .as_deref()
                .map_or_else(String::new, |url| super::qr::svg(url, &tr(viewer.lang, "abierto-qr-label", &[])));
            let projector = query.projector.is_some_and(|p| p == "1");
            Ok(render(&LivePage { page: viewer.chrome(path), v, fragment, projector, vote_url, qr }))
        }
        Err(e) => Err(page_error(viewer.lang, &path, e)),
    }
}

/// Server-sent events for the projector: one stream per watcher, fed by the assembly's live tally
/// ([`assembly::LiveHub`]: read once per change for all watchers, never per watcher). The first
/// event is the current state; then one event each time what the screen shows changes, and a
/// comment after [`KEEP_ALIVE`] without one so that proxies keep the connection. When the assembly
/// ends, the final state comes as an `end` event and the stream ends. A viewer who may not see the
/// assembly is refused as by the live page. Each event's bytes are made once per tally and
/// language and shared by every stream (10,000 screens get the same frame, not 10,000 copies).
pub(super) async fn live_events(Page { state, viewer }: Page, Path(id): Path<i64>) -> Result<Response, WebError> {
    let ctx = viewer.ctx.clone();
    let lang = viewer.lang;
    let (store, hub) = (state.store.clone(), state.live.clone());
    // A crowd's screens join a public tally already watched without a thread hand-off or a query.
    let joined = match state.live.subscribe_public(AssemblyId(id)) {
        Some(feed) => Ok(feed),
        None => state.run(move |_| hub.subscribe(&store, &ctx, AssemblyId(id))).await,
    };
    let feed = match joined {
        Ok(feed) => feed,
        // Sign-in lost or the assembly gone: tell the page to stop asking.
        Err(e) => return Ok((status_of(&e), text_of(lang, &e)).into_response()),
    };
    let watcher = Watcher { feed, lang, last: None, done: false };
    let reconnect = futures_util::stream::once(std::future::ready(Ok(Bytes::from_static(RECONNECT))));
    let frames = reconnect.chain(futures_util::stream::unfold(watcher, Watcher::next));
    let mut response = Body::from_stream(frames).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/event-stream"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// How long an idle stream waits before it sends a comment.
pub(super) const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// How long a browser waits before it reconnects a stream that broke: the stream's first field.
const RECONNECT: &[u8] = b"retry: 2000\n\n";

/// What an idle stream sends: a comment, which browsers ignore.
const COMMENT: &[u8] = b":\n\n";

/// One watcher's stream: the tally it follows and the frame it was sent last (`None`: nothing yet).
struct Watcher {
    feed: LiveFeed,
    lang: Lang,
    last: Option<Arc<str>>,
    done: bool,
}

/// An event's bytes, shared by every stream that sends it.
struct Frame(Arc<str>);

impl AsRef<[u8]> for Frame {
    fn as_ref(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

impl Watcher {
    /// The next bytes to send: the tally's frame when it
    /// differs from the last one sent, made once per tally and language for all watchers; a
    /// comment after [`KEEP_ALIVE`] without a change.
    async fn next(mut self) -> Option<(Result<Bytes, Infallible>, Watcher)> {
        if self.done {
            return None;
        }
        loop {
            let tally = self.feed.borrow_and_update().clone();
            let (lang, ended) = (self.lang, tally.ended);
            let frame = tally.shown(lang.code(), |v| {
                let html = LiveFragment::of(lang, v).render().unwrap_or_default();
                event_frame(ended.then_some("end"), &html)
            });
            if tally.ended {
                self.done = true;
                return Some((Ok(Bytes::from_owner(Frame(frame))), self));
            }
            if self.last.as_deref() != Some(&*frame) {
                self.last = Some(Arc::clone(&frame));
                return Some((Ok(Bytes::from_owner(Frame(frame))), self));
            }
            // The hub is gone only when the server stops.
            match tokio::time::timeout(KEEP_ALIVE, self.feed.changed()).await {
                Ok(changed) => changed.ok()?,
                Err(_) => return Some((Ok(Bytes::from_static(COMMENT)), self)),
            }
        }
    }
}

/// An event as the stream sends it: its name (none: a message), then each line of `data` as a
/// `data:` field, then a blank line.
fn event_frame(name: Option<&str>, data: &str) -> String {
    let mut frame = String::with_capacity(data.len() + 32);
    if let Some(name) = name {
        frame.push_str("event: ");
        frame.push_str(name);
        frame.push('\n');
    }
    for line in data.lines() {
        frame.push_str("data: ");
        frame.push_str(line);
        frame.push('\n');
    }
    frame.push('\n');
    frame
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_event_frame_has_a_data_field_per_line_and_ends_with_a_blank_line() {
        assert_eq!(super::event_frame(None, "<p>a</p>\n<p>b</p>"), "data: <p>a</p>\ndata: <p>b</p>\n\n");
        assert_eq!(super::event_frame(Some("end"), "<p>x</p>"), "event: end\ndata: <p>x</p>\n\n");
    }

    #[test]
    fn percentages_round_half_up() {
        assert_eq!(super::percent(0, 0), 0);
        assert_eq!(super::percent(1, 3), 33);
        assert_eq!(super::percent(2, 3), 67);
        assert_eq!(super::percent(1, 8), 13);
        assert_eq!(super::percent(5, 5), 100);
    }
}
