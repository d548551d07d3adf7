//! The vote as it happens in a hall: the printable sheet of a secret ballot's codes (until its
//! first ballot) and the confirmation asked before a vote is closed — both without JavaScript.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use cabildo_domain::assembly::{AssemblyId, MotionId, MotionKind};
use cabildo_i18n::tr;
use cabildo_services::ServiceError;
use cabildo_services::assembly::{self, AssemblyView, BallotSheet, MotionView};
use cabildo_services::error::Refusal;

use crate::http::error::page_error;
use crate::http::{Page, Path, Viewer, WebError};
use crate::state::AppState;
use crate::ui::text::name;
use crate::ui::{Chrome, render};

#[derive(Template)]
#[template(path = "assembly/sheet.html")]
pub(super) struct SheetPage {
    page: Chrome,
    sheet: BallotSheet,
}

impl SheetPage {
    fn note(&self) -> String {
        tr(self.page.lang, "hall-sheet-note", &[("count", self.sheet.codes.len().to_string())])
    }

    fn slip(&self) -> String {
        tr(self.page.lang, "hall-sheet-slip", &[("number", self.sheet.motion.id.0.to_string())])
    }
}

#[derive(Template)]
#[template(path = "assembly/sheet_gone.html")]
pub(super) struct SheetGonePage {
    page: Chrome,
    assembly: i64,
    motion: i64,
    message: String,
    /// Whether new codes may be issued (the server lost them, nobody voted yet).
    may_reissue: bool,
}

/// `GET /assemblies/{id}/motions/{m}/codes`: the sheet of a secret ballot's codes, several per
/// A4 page, for whoever runs the assembly, until the first ballot is cast.
pub(super) async fn codes_page(
    Page { state, viewer }: Page,
    Path((id, m)): Path<(i64, i64)>,
) -> Result<Response, WebError> {
    let path = format!("/assemblies/{id}/motions/{m}/codes");
    let ctx = viewer.ctx.clone();
    match state.run(move |store| assembly::ballot_sheet(store, &ctx, MotionId(m))).await {
        Ok(sheet) if sheet.assembly.id == AssemblyId(id) => Ok(render(&SheetPage { page: viewer.chrome(path), sheet })),
        Ok(_) => Err(page_error(viewer.lang, &path, ServiceError::Assembly(Refusal::UnknownMotion { id: m }))),
        Err(ServiceError::Assembly(refusal @ (Refusal::BallotSheetClosed | Refusal::BallotSheetLost))) => {
            let may_reissue = refusal == Refusal::BallotSheetLost;
            let message = crate::http::status::text_of(viewer.lang, &ServiceError::Assembly(refusal));
            let page = SheetGonePage { page: viewer.chrome(path), assembly: id, motion: m, message, may_reissue };
            Ok((StatusCode::CONFLICT, render(&page)).into_response())
        }
        Err(e) => Err(page_error(viewer.lang, &path, e)),
    }
}

#[derive(Template)]
#[template(path = "assembly/close_vote.html")]
pub(super) struct CloseVotePage {
    page: Chrome,
    v: AssemblyView,
    m: MotionView,
}

impl CloseVotePage {
    /// What closing will do, in words.
    fn effects(&self) -> String {
        let lang = self.page.lang;
        match self.m.motion.kind {
            MotionKind::Election => {
                let office = self.m.motion.office_title.clone().unwrap_or_else(|| self.m.motion.title.clone());
                tr(lang, "hall-close-election", &[("office", office)])
            }
            MotionKind::Motion => {
                let rule = self.m.motion.rule.map_or_else(String::new, |r| name(&lang, "decision-rule", r.code()));
                tr(lang, "hall-close-motion", &[("rule", rule)])
            }
        }
    }

    fn method(&self) -> String {
        self.m.motion.method.map_or_else(String::new, |o| name(&self.page.lang, "vote-method", o.code()))
    }

    fn is_secret(&self) -> bool {
        self.m.ballots.is_some()
    }

    fn ballots_cast(&self) -> Option<String> {
        self.m.ballots.map(|b| {
            tr(self.page.lang, "hall-ballots-cast", &[("cast", b.cast.to_string()), ("issued", b.issued.to_string())])
        })
    }
}

/// The page asking to confirm that a vote be closed, with what will happen and the counts so
/// far; its button posts the close with `confirm=1`.
pub(super) async fn close_confirmation(
    state: &AppState,
    viewer: &Viewer,
    id: i64,
    motion: i64,
) -> Result<Response, WebError> {
    let path = format!("/assemblies/{id}/motions/{motion}/close");
    let ctx = viewer.ctx.clone();
    let v = match state.run(move |store| assembly::view(store, &ctx, AssemblyId(id))).await {
        Ok(v) => v,
        Err(e) => return Err(page_error(viewer.lang, &path, e)),
    };
    let Some(m) = v.motions.iter().find(|m| m.motion.id.0 == motion).cloned() else {
        return Err(page_error(viewer.lang, &path, ServiceError::Assembly(Refusal::UnknownMotion { id: motion })));
    };
    if !v.may_run {
        let e = ServiceError::Forbidden { body: v.body.label() };
        return Err(page_error(viewer.lang, &path, e));
    }
    if m.motion.status != cabildo_domain::assembly::MotionStatus::Voting {
        let e = ServiceError::Assembly(Refusal::VoteNotOpen { number: m.motion.number });
        return Err(page_error(viewer.lang, &path, e));
    }
    Ok(render(&CloseVotePage { page: viewer.chrome(path), v, m }))
}

/// `GET /assemblies/{id}/motions/{m}/{action}`: only `close` has a page (its confirmation).
pub(super) async fn action_page(
    Page { state, viewer }: Page,
    Path((id, m, action)): Path<(i64, i64, String)>,
) -> Result<Response, WebError> {
    if action == "close" {
        return close_confirmation(&state, &viewer, id, m).await;
    }
    let path = format!("/assemblies/{id}/motions/{m}/{action}");
    Err(page_error(viewer.lang, &path, ServiceError::Assembly(Refusal::UnknownMotion { id: m })))
}
