//! The door of an assembly (check-in, by name, parcel or member card) and the member cards.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use cabildo_domain::assembly::{AssemblyId, AttendanceStatus};
use cabildo_domain::{DomainError, Field, HouseholdId, PersonId};
use cabildo_i18n::{Lang, tr};
use cabildo_services::ServiceError;
use cabildo_services::assembly::{self, Attendee, Door, DoorLine};
use serde::Deserialize;

use super::common::{Values, val};
use crate::http::csrf::CsrfForm;
use crate::http::error::page_error;
use crate::http::status::{not_about_the_form, status_of, text_of};
use crate::http::urls::urlencode;
use crate::http::{Page, Path, Query, Viewer, WebError};
use crate::state::AppState;
use crate::ui::text::name;
use crate::ui::{Chrome, render};

#[derive(Template)]
#[template(path = "assembly/door.html")]
pub(super) struct DoorPage {
    page: Chrome,
    id: i64,
    q: String,
    door: Door,
    done: Option<String>,
    error: Option<String>,
    /// Whether the viewer may check people in (the buttons are shown only then).
    may_run: bool,
}

impl DoorPage {
    fn status_name(&self, line: &DoorLine) -> String {
        line.status.map_or_else(String::new, |s| name(&self.page.lang, "attendance", s.code()))
    }

    /// "43 presentes · quórum 76 · faltan 33", kept current by every reload and check-in.
    fn counter(&self) -> String {
        door_counter(self.page.lang, &self.door)
    }

    /// "150 habilitados · 2 justificados".
    fn others(&self) -> String {
        let c = &self.door.count;
        tr(
            self.page.lang,
            "hall-door-others",
            &[("eligible", c.eligible.to_string()), ("excused", c.excused.to_string())],
        )
    }

    /// What the code field takes: a member card's code, or a delegate's credential's.
    fn code_label(&self) -> String {
        self.page.t(if self.door.by_credential { "dlg-card-code-label" } else { "asm-card-code" })
    }

    fn is_here(line: &DoorLine) -> bool {
        line.status.is_some_and(|s| s.is_here())
    }

    fn is_excused(line: &DoorLine) -> bool {
        line.status == Some(AttendanceStatus::Excused)
    }
}

/// The door's counter in `lang`.
pub(super) fn door_counter(lang: Lang, door: &Door) -> String {
    let c = &door.count;
    if !c.has_quorum_rule {
        return tr(lang, "hall-door-count-open", &[("present", c.present.to_string())]);
    }
    let args = [
        ("present", c.present.to_string()),
        ("required", c.quorum_required.to_string()),
        ("missing", c.missing().to_string()),
    ];
    tr(lang, "hall-door-count", &args)
}

#[derive(Deserialize, Default)]
pub(super) struct DoorQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    done: String,
}

/// People listed at the door per search.
const DOOR_LINES: usize = 30;

pub(super) async fn door_render(
    state: &AppState,
    viewer: &Viewer,
    id: i64,
    q: String,
    done: Option<String>,
    error: Option<String>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let path = format!("/assemblies/{id}/door");
    let ctx = viewer.ctx.clone();
    let search = q.clone();
    let found = state
        .run(move |store| {
            let search = Some(search.as_str()).filter(|s| !s.trim().is_empty());
            let door = assembly::door_view(store, &ctx, AssemblyId(id), search, DOOR_LINES)?;
            Ok((door, cabildo_services::leader::may_run(store, &ctx, AssemblyId(id))?))
        })
        .await;
    match found {
        Ok((door, may_run)) => {
            let page = DoorPage { page: viewer.chrome(path), id, q, door, done, error, may_run };
            Ok((status, render(&page)).into_response())
        }
        Err(e) => Err(page_error(viewer.lang, &path, e)),
    }
}

pub(super) async fn door_page(
    Page { state, viewer }: Page,
    Path(id): Path<i64>,
    Query(query): Query<DoorQuery>,
) -> Result<Response, WebError> {
    let done = Some(query.done).filter(|d| !d.is_empty());
    door_render(&state, &viewer, id, query.q, done, None, StatusCode::OK).await
}

pub(super) async fn check_in(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm(viewer, values): CsrfForm<Values>,
) -> Result<Response, WebError> {
    let q = val(&values, "q");
    let code = val(&values, "code");
    let who = if !code.is_empty() {
        Attendee::Card(code)
    } else if let Ok(h) = val(&values, "household").parse::<i64>() {
        Attendee::Household(HouseholdId(h))
    } else {
        match val(&values, "person").parse::<i64>() {
            Ok(p) => Attendee::Person(PersonId(p)),
            Err(_) => {
                let e = ServiceError::Domain(DomainError::Required { field: Field::Code });
                let text = text_of(viewer.lang, &e);
                return door_render(&state, &viewer, id, q, None, Some(text), StatusCode::UNPROCESSABLE_ENTITY).await;
            }
        }
    };
    let excused = val(&values, "excused") == "1";
    let ctx = viewer.ctx.clone();
    match state.run(move |store| assembly::check_in(store, &ctx, AssemblyId(id), &who, excused)).await {
        Ok((person, status)) => {
            let done = format!("{} — {}", person.display(), name(&viewer.lang, "attendance", status.code()));
            Ok(Redirect::to(&format!("/assemblies/{id}/door?q={}&done={}", urlencode(&q), urlencode(&done)))
                .into_response())
        }
        Err(e) if not_about_the_form(&e) && !matches!(e, ServiceError::Assembly(_) | ServiceError::Delegate(_)) => {
            Err(page_error(viewer.lang, &format!("/assemblies/{id}/door"), e))
        }
        Err(e) => {
            let text = text_of(viewer.lang, &e);
            door_render(&state, &viewer, id, q, None, Some(text), status_of(&e)).await
        }
    }
}

#[derive(Template)]
#[template(path = "assembly/cards.html")]
pub(super) struct CardsPage {
    page: Chrome,
    id: i64,
    door: Door,
}

impl CardsPage {
    /// "Sindicato X · Central Y · Federación Z": the body the card is of, with those above it.
    fn bodies(&self) -> String {
        // The sindicato, its central and its federation: what a card names (not the whole tree).
        self.door.bodies.iter().take(3).map(|b| b.name.as_str()).collect::<Vec<_>>().join(" · ")
    }
}

pub(super) async fn cards_page(Page { state, viewer }: Page, Path(id): Path<i64>) -> Result<Response, WebError> {
    let path = format!("/assemblies/{id}/cards");
    let ctx = viewer.ctx.clone();
    match state.run(move |store| assembly::door_view(store, &ctx, AssemblyId(id), None, 100_000)).await {
        Ok(mut door) => {
            door.lines.retain(|l| l.eligible.card_code.is_some());
            Ok(render(&CardsPage { page: viewer.chrome(path), id, door }))
        }
        Err(e) => Err(page_error(viewer.lang, &path, e)),
    }
}
