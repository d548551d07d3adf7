//! The pages: a base's mandates and how they were kept (public, like the base's page and feed),
//! and an assembly's mandates page with its two forms.

use std::collections::HashMap;

use askama::Template;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use cabildo_domain::Body;
use cabildo_domain::assembly::{AssemblyId, AssemblyKind, AssemblyStatus, MotionId, MotionStatus};
use cabildo_domain::mandate::Position;
use cabildo_i18n::{Lang, tr};
use cabildo_services::mandates::{self, MandateForm, Target};
use cabildo_services::{Ctx, ServiceError, Store, assembly};

use super::lines::{MandateLine, mandate_line};
use crate::http::csrf::CsrfForm;
use crate::http::status::{not_about_the_form, status_of, text_of};
use crate::http::{Page, PageResult, Path, Viewer, WebError};
use crate::state::AppState;
use crate::ui::text::{deviation, name};
use crate::ui::{Chrome, render};

/// A submitted form's values by name.
type Values = HashMap<String, String>;

fn val(values: &Values, name: &str) -> String {
    values.get(name).map_or_else(String::new, |v| v.trim().to_string())
}

// --- a base's mandates -------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "mandates/base.html")]
pub(super) struct BasePage {
    page: Chrome,
    body: Body,
    lines: Vec<MandateLine>,
    deviations: Vec<String>,
}

pub(super) async fn base_page(Page { state, viewer }: Page, Path(id): Path<i64>) -> Result<Response, WebError> {
    let path = format!("/bodies/{id}/mandates");
    let ctx = viewer.ctx.clone();
    let found = state.run(move |store| mandates::for_base(store, &ctx, &id.to_string())).await.page(&viewer, &path)?;
    let lang = viewer.lang;
    let page = BasePage {
        page: viewer.chrome(path),
        lines: found.mandates.iter().map(|r| mandate_line(lang, r)).collect(),
        deviations: found.deviations().iter().map(|d| deviation(&lang, d)).collect(),
        body: found.body,
    };
    Ok(render(&page).into_response())
}

// --- an assembly's mandates --------------------------------------------------------------------

/// An item of the assembly's agenda with the motions placed under it.
pub(super) struct ItemLine {
    position: i64,
    title: String,
    motions: Vec<String>,
}

#[derive(Template)]
#[template(path = "mandates/assembly.html")]
pub(super) struct AssemblyPage {
    page: Chrome,
    assembly_id: i64,
    title: String,
    /// Whether the assembly is a congress or ampliado, whose items take the bases' mandates.
    takes_mandates: bool,
    body: Body,
    sees_all: bool,
    lines: Vec<MandateLine>,
    items: Vec<ItemLine>,
    /// Motions of this assembly still pending and under no item: number and label.
    unplaced: Vec<(i64, String)>,
    /// Items to place them under: position and label.
    item_choices: Vec<(i64, String)>,
    /// Where this base's assembly may give mandates: `assembly:item` and a label.
    targets: Vec<(String, String)>,
    positions: Vec<(String, String)>,
    may_give: bool,
    error: Option<String>,
    values: Values,
}

impl AssemblyPage {
    fn value(&self, name: &str) -> String {
        val(&self.values, name)
    }
}

/// Everything the assembly's mandates page shows, read in one go.
struct Gathered {
    report: mandates::AssemblyMandates,
    items: Vec<ItemLine>,
    unplaced: Vec<(i64, String)>,
    targets: Vec<Target>,
    may_give: bool,
}

fn gather(store: &Store, ctx: &Ctx, id: AssemblyId) -> Result<Gathered, ServiceError> {
    let report = mandates::for_assembly(store, ctx, id)?;
    let (mut items, mut unplaced, mut targets, mut may_give) = (Vec::new(), Vec::new(), Vec::new(), false);
    if report.sees_all {
        let view = assembly::view(store, ctx, id)?;
        let placed = mandates::items(store, ctx, id)?;
        let title_of = |m: &MotionId| view.motions.iter().find(|v| v.motion.id == *m).map(|v| v.motion.title.clone());
        for (item, motions) in &placed {
            items.push(ItemLine {
                position: item.position,
                title: item.title.clone(),
                motions: motions.iter().filter_map(title_of).collect(),
            });
        }
        let open = view.assembly.status == AssemblyStatus::Open;
        if view.may_run && open {
            for m in view.motions.iter().filter(|m| m.motion.status == MotionStatus::Pending) {
                if !placed.iter().any(|(_, list)| list.contains(&m.motion.id)) {
                    unplaced.push((m.motion.id.0, format!("{}. {}", m.motion.number, m.motion.title)));
                }
            }
            targets = mandates::targets(store, ctx, id)?;
            may_give = true;
        }
    }
    Ok(Gathered { report, items, unplaced, targets, may_give })
}

fn target_choices(targets: &[Target]) -> Vec<(String, String)> {
    targets
        .iter()
        .flat_map(|t| {
            t.items.iter().map(move |i| {
                (
                    format!("{}:{}", t.assembly.id.0, i.position),
                    format!("{}. {} — {} ({})", i.position, i.title, t.assembly.title, t.body.name),
                )
            })
        })
        .collect()
}

async fn assembly_render(
    state: &AppState,
    viewer: &Viewer,
    id: i64,
    error: Option<(StatusCode, String)>,
    values: Values,
) -> Result<Response, WebError> {
    let path = format!("/assemblies/{id}/mandates");
    let ctx = viewer.ctx.clone();
    let g = state.run(move |store| gather(store, &ctx, AssemblyId(id))).await.page(viewer, &path)?;
    let lang = viewer.lang;
    let (status, error) = match error {
        Some((status, text)) => (status, Some(text)),
        None => (StatusCode::OK, None),
    };
    let page = AssemblyPage {
        page: viewer.chrome(path),
        assembly_id: id,
        title: g.report.assembly.title.clone(),
        takes_mandates: matches!(g.report.assembly.kind, AssemblyKind::Congreso | AssemblyKind::Ampliado),
        sees_all: g.report.sees_all,
        lines: g.report.mandates.iter().map(|r| mandate_line(lang, r)).collect(),
        item_choices: g.items.iter().map(|i| (i.position, format!("{}. {}", i.position, i.title))).collect(),
        items: g.items,
        unplaced: g.unplaced,
        targets: target_choices(&g.targets),
        positions: [Position::For, Position::Against, Position::Abstain, Position::Option]
            .iter()
            .map(|p| (p.code().to_string(), name(&lang, "mandate-position", p.code())))
            .collect(),
        may_give: g.may_give,
        body: g.report.body,
        error,
        values,
    };
    Ok((status, render(&page)).into_response())
}

pub(super) async fn assembly_page(Page { state, viewer }: Page, Path(id): Path<i64>) -> Result<Response, WebError> {
    assembly_render(&state, &viewer, id, None, Values::new()).await
}

/// The motion's text as the base's assembly reads it, in the secretary's language.
pub(super) fn motion_text(lang: Lang, base: &str, target: Option<&Target>, item: &str, form: &MandateForm) -> String {
    let Some(t) = target else { return String::new() };
    let Some(i) = t.items.iter().find(|i| i.position.to_string() == item.trim()) else { return String::new() };
    let Ok(m) = cabildo_domain::mandate::Mandate::read(&form.position, &form.option) else { return String::new() };
    tr(
        lang,
        "mandate-motion-text",
        &[
            ("body", base.to_string()),
            ("item", i.title.clone()),
            ("assembly", t.assembly.title.clone()),
            ("what", crate::ui::text::mandate(&lang, &m)),
        ],
    )
}

/// Puts a mandate to the base's assembly in session, with its text in the secretary's language.
pub(super) fn give_with_text(
    store: &Store,
    ctx: &Ctx,
    lang: Lang,
    id: AssemblyId,
    form: MandateForm,
) -> Result<cabildo_services::assembly::MotionRecord, ServiceError> {
    let mut form = form;
    if form.text.trim().is_empty() {
        let targets = mandates::targets(store, ctx, id)?;
        let target = targets.iter().find(|t| t.assembly.id.0.to_string() == form.assembly.trim());
        let base = assembly::view(store, ctx, id)?.body.name;
        form.text = motion_text(lang, &base, target, &form.item, &form);
    }
    mandates::put_on_agenda(store, ctx, id, &form)
}

pub(super) async fn give(
    axum::extract::State(state): axum::extract::State<AppState>,
    Path(id): Path<i64>,
    CsrfForm(viewer, values): CsrfForm<Values>,
) -> Result<Response, WebError> {
    let target = val(&values, "target");
    let (higher, item) = target.split_once(':').unwrap_or((target.as_str(), ""));
    let form = MandateForm {
        assembly: higher.to_string(),
        item: item.to_string(),
        position: val(&values, "mandate_position"),
        option: val(&values, "mandate_option"),
        text: String::new(),
    };
    let (ctx, lang) = (viewer.ctx.clone(), viewer.lang);
    match state.run(move |store| give_with_text(store, &ctx, lang, AssemblyId(id), form)).await {
        Ok(motion) => Ok(Redirect::to(&format!("/assemblies/{id}/motions/{}", motion.id.0)).into_response()),
        Err(e) if not_about_the_form(&e) => Err(WebError::new(viewer.lang, e).at(format!("/assemblies/{id}/mandates"))),
        Err(e) => {
            let error = Some((status_of(&e), text_of(viewer.lang, &e)));
            assembly_render(&state, &viewer, id, error, values).await
        }
    }
}

pub(super) async fn place(
    axum::extract::State(state): axum::extract::State<AppState>,
    Path(id): Path<i64>,
    CsrfForm(viewer, values): CsrfForm<Values>,
) -> Result<Response, WebError> {
    let motion = val(&values, "motion").parse::<i64>().unwrap_or(0);
    let item = val(&values, "agenda_item");
    let ctx = viewer.ctx.clone();
    match state.run(move |store| mandates::place_motion(store, &ctx, AssemblyId(id), MotionId(motion), &item)).await {
        Ok(_) => Ok(Redirect::to(&format!("/assemblies/{id}/mandates#items")).into_response()),
        Err(e) if not_about_the_form(&e) => Err(WebError::new(viewer.lang, e).at(format!("/assemblies/{id}/mandates"))),
        Err(e) => {
            let error = Some((status_of(&e), text_of(viewer.lang, &e)));
            assembly_render(&state, &viewer, id, error, values).await
        }
    }
}
