//! The pages of recalls: the form that moves one in an assembly, a recall's page, a body's
//! recalls.

use std::collections::HashMap;

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use cabildo_domain::Body;
use cabildo_domain::assembly::AssemblyId;
use cabildo_domain::recall::RecallStatus;
use cabildo_i18n::{Lang, tr};
use cabildo_services::assembly::{
    self, AssemblyRecord, RecallChoice, RecallForm, RecallLine, RecallResolution, RecallView,
};
use cabildo_services::{Ctx, Store};

use crate::http::csrf::CsrfForm;
use crate::http::respond::{FormWrite, load, write_form};
use crate::http::{Fields, Page, Path, Viewer, WebError};
use crate::state::AppState;
use crate::ui::text::share_words;
use crate::ui::{Chrome, render};

type Values = HashMap<String, String>;

fn val(values: &Values, name: &str) -> String {
    values.get(name).map_or_else(String::new, |v| v.trim().to_string())
}

/// "Juana Mamani, Secretaria General de Federación Norte (F1)".
fn office_line(lang: Lang, holder: &str, office: &str, body: &str) -> String {
    tr(
        lang,
        "recall-office-line",
        &[("holder", holder.to_string()), ("office", office.to_string()), ("body", body.to_string())],
    )
}

/// "2 de 6 sindicatos; hacen falta 2".
fn count_line(lang: Lang, adopted: u64, bases: u64, needed: u64) -> String {
    tr(
        lang,
        "recall-count-line",
        &[("adopted", adopted.to_string()), ("bases", bases.to_string()), ("needed", needed.to_string())],
    )
}

fn day(d: &cabildo_domain::Date) -> String {
    d.format("%d/%m/%Y").to_string()
}

// --- moving a recall ----------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "recall/form.html")]
struct FormPage {
    page: Chrome,
    assembly: AssemblyRecord,
    choices: Vec<RecallChoice>,
    form: Fields,
}

impl FormPage {
    /// An office as the select offers it, with the recall by the bases under way against it.
    fn option(&self, c: &RecallChoice) -> String {
        let lang = self.page.lang;
        let mut line = office_line(lang, &c.office.holder.display(), &c.office.title, &c.body);
        if c.own {
            line.push_str(&format!(" — {}", tr(lang, "recall-own-office", &[])));
        } else if let Some(r) = &c.under_way {
            let key = if c.counted { "recall-choice-counted" } else { "recall-choice-under-way" };
            line.push_str(&format!(" — {}", tr(lang, key, &[("closes", day(&r.closes_on))])));
        } else {
            line.push_str(&format!(" — {}", tr(lang, "recall-choice-opens", &[])));
        }
        line
    }
}

async fn form_and_render(
    state: &AppState,
    viewer: &Viewer,
    id: i64,
    form: Fields,
    status: StatusCode,
) -> Result<Response, WebError> {
    let path = format!("/assemblies/{id}/recall");
    let (assembly, choices) =
        load(state, viewer, &path, move |store, ctx| assembly::recall_choices(store, ctx, AssemblyId(id))).await?;
    Ok((status, render(&FormPage { page: viewer.chrome(path), assembly, choices, form })).into_response())
}

pub(super) async fn form_page(Page { state, viewer }: Page, Path(id): Path<i64>) -> Result<Response, WebError> {
    let form = Fields::new(viewer.lang, HashMap::new());
    form_and_render(&state, &viewer, id, form, StatusCode::OK).await
}

/// Moves the recall; an empty title or text is said for the chosen office in the viewer's
/// language.
pub(super) async fn move_recall(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm(viewer, values): CsrfForm<Values>,
) -> Result<Response, WebError> {
    let lang = viewer.lang;
    let office: Option<i64> = val(&values, "office").parse().ok();
    let Some(office) = office else {
        let mut form = Fields::new(lang, values);
        form.note("office", "required", tr(lang, "recall-pick-office", &[]));
        return form_and_render(&state, &viewer, id, form, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let ctx = viewer.ctx.clone();
    let (mut title, mut text) = (val(&values, "motion_title"), val(&values, "motion_text"));
    if title.is_empty() || text.is_empty() {
        let choices = state.run(move |store| assembly::recall_choices(store, &ctx, AssemblyId(id))).await;
        if let Some(c) = choices.ok().and_then(|(_, cs)| cs.into_iter().find(|c| c.office.id.0 == office)) {
            let line = office_line(lang, &c.office.holder.display(), &c.office.title, &c.body);
            if title.is_empty() {
                title = tr(lang, "recall-default-title", &[("office", line.clone())]);
            }
            if text.is_empty() {
                text = tr(lang, "recall-default-text", &[("office", line)]);
            }
        }
    }
    let form = RecallForm {
        office,
        recall: val(&values, "recall").parse().ok(),
        title,
        text,
        proposer: val(&values, "proposer"),
    };
    let (path, fields) = (format!("/assemblies/{id}/recall"), Fields::new(lang, values));
    let move_it = move |store: &Store, ctx: &Ctx| assembly::move_recall(store, ctx, AssemblyId(id), &form);
    match write_form(&state, &viewer, &path, fields, |_| Some("office"), move_it).await? {
        FormWrite::Done(m) => Ok(Redirect::to(&format!("/assemblies/{id}/motions/{}", m.id.0)).into_response()),
        FormWrite::Again(form, status) => form_and_render(&state, &viewer, id, form, status).await,
    }
}

// --- a recall -------------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "recall/recall.html")]
struct RecallPage {
    page: Chrome,
    v: RecallView,
}

impl RecallPage {
    fn heading(&self) -> String {
        let v = &self.v;
        let office = office_line(self.page.lang, &v.office.holder.display(), &v.office.title, &v.body.label());
        tr(self.page.lang, "recall-heading", &[("office", office)])
    }

    fn status(&self) -> String {
        crate::ui::text::name(&self.page.lang, "recall-status", self.v.status.code())
    }

    fn status_class(&self) -> &'static str {
        match self.v.status {
            RecallStatus::UnderWay => "status-open",
            RecallStatus::Recalled => "status-adopted",
            RecallStatus::Failed => "status-rejected",
        }
    }

    fn share(&self) -> String {
        let r = &self.v.recall;
        let days = (r.closes_on - r.opened_on).num_days();
        share_words(self.page.lang, r.share, u32::try_from(days).unwrap_or(0))
    }

    fn counts(&self) -> String {
        count_line(self.page.lang, self.v.adopted.len() as u64, self.v.bases, self.v.needed)
    }

    fn opened(&self) -> String {
        day(&self.v.recall.opened_on)
    }

    fn closes(&self) -> String {
        day(&self.v.recall.closes_on)
    }

    fn decided(&self) -> String {
        match (self.v.status, self.v.recall.decided_on) {
            (RecallStatus::UnderWay, _) => self.page.t("recall-not-yet"),
            (_, Some(d)) => day(&d),
            // A failure computed from the dates, not yet written: the day after the window.
            (_, None) => self.v.recall.closes_on.succ_opt().map_or_else(String::new, |d| day(&d)),
        }
    }

    fn resolution(&self, r: &RecallResolution) -> String {
        tr(self.page.lang, "resolution-number", &[("number", r.number.to_string()), ("year", r.year.to_string())])
    }

    fn base(&self, b: &Body) -> String {
        b.label()
    }

    fn adopted_on(&self, r: &RecallResolution) -> String {
        day(&r.adopted_on)
    }
}

pub(super) async fn recall_page(Page { state, viewer }: Page, Path(id): Path<i64>) -> Result<Response, WebError> {
    let path = format!("/recalls/{id}");
    let v = load(&state, &viewer, &path, move |store, ctx| assembly::recall_view(store, ctx, id)).await?;
    Ok(render(&RecallPage { page: viewer.chrome(path), v }))
}

// --- a body's recalls -------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "recall/list.html")]
struct ListPage {
    page: Chrome,
    body: Body,
    lines: Vec<RecallLine>,
}

impl ListPage {
    fn office(&self, l: &RecallLine) -> String {
        office_line(self.page.lang, &l.office.holder.display(), &l.office.title, &l.body)
    }

    fn status(&self, l: &RecallLine) -> String {
        crate::ui::text::name(&self.page.lang, "recall-status", l.status.code())
    }

    fn counts(&self, l: &RecallLine) -> String {
        count_line(self.page.lang, l.adopted, l.bases, l.needed)
    }

    fn window(&self, l: &RecallLine) -> String {
        tr(
            self.page.lang,
            "recall-window-line",
            &[("opened", day(&l.recall.opened_on)), ("closes", day(&l.recall.closes_on))],
        )
    }

    /// For a base that has not counted in a recall under way: what it can do.
    fn call_to_act(&self, l: &RecallLine) -> bool {
        l.status == RecallStatus::UnderWay && l.base_here && !l.counted_here
    }
}

pub(super) async fn body_recalls(Page { state, viewer }: Page, Path(id): Path<i64>) -> Result<Response, WebError> {
    let path = format!("/bodies/{id}/recalls");
    let (body, lines) =
        load(&state, &viewer, &path, move |store, ctx| assembly::body_recalls(store, ctx, &id.to_string())).await?;
    Ok(render(&ListPage { page: viewer.chrome(path), body, lines }))
}
