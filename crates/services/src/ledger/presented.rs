//! The treasurer's report presented to the assembly (issue 15, part 5): the report of a period is
//! moved as a motion of an assembly in session, placed under one of its agenda items, with the
//! report's totals written into the motion's text. The motion is voted like any other: the acta
//! records that the report was presented, its frozen totals, and whether the assembly approved
//! or rejected it. Entries recorded later change the books, never what was approved.

use cabildo_domain::assembly::AssemblyId;
use cabildo_store::MotionRecord;

use super::Report;
use crate::assembly::{self, MotionForm};
use crate::{Ctx, Result, ServiceError, Store};

/// What an officer names to present the report.
#[derive(Debug, Clone, Default)]
pub struct PresentForm {
    /// The period ("2026", "2026-Q2").
    pub period: String,
    /// The agenda item's position ("2").
    pub item: String,
}

/// Says a message of the catalogues (`id` and its arguments) in the caller's language: the
/// motion is worded as the people who vote it read.
pub type Translate<'a> = &'a dyn Fn(&str, &[(&str, String)]) -> String;

/// The motion's title and text for a report: the figures are the report's at this moment.
fn wording(report: &Report, translate: Translate<'_>) -> (String, String) {
    let title =
        translate("books-present-title", &[("period", report.period.label()), ("body", report.body.name.clone())]);
    let text = translate(
        "books-present-text",
        &[
            ("period", report.period.label()),
            ("opening", report.opening_cash.to_string()),
            ("income", report.total_income().to_string()),
            ("expenses", report.total_expenses().to_string()),
            ("closing", report.closing_cash.to_string()),
            ("families", report.arrears.len().to_string()),
            ("arrears", report.total_arrears().to_string()),
        ],
    );
    (title, text)
}

/// Presents `body`'s report for `form.period` to assembly `assembly` (in session, of that body),
/// under agenda item `form.item`: a motion whose text freezes the report's totals, moved in the
/// treasurer's name. Needs the right to see the books and to run the assembly.
pub fn present_report(
    store: &Store,
    ctx: &Ctx,
    body: &str,
    assembly: AssemblyId,
    form: &PresentForm,
    translate: Translate<'_>,
) -> Result<(Report, MotionRecord)> {
    let report = super::report(store, ctx, body, &form.period)?;
    let meeting = store.read(|repo| {
        repo.assembly(assembly)?.ok_or(ServiceError::from(crate::Refusal::UnknownAssembly { id: assembly.0 }))
    })?;
    if meeting.body_id != report.body.id {
        return Err(crate::Refusal::UnknownAssembly { id: assembly.0 }.into());
    }
    // The item is checked before the motion is moved: a wrong item leaves no motion behind.
    let (proposer, items) = store.read(|repo| {
        Ok::<_, ServiceError>((super::view::treasurer_name(repo, ctx, &report.body)?, repo.agenda_items(assembly)?))
    })?;
    if !form.item.trim().parse::<i64>().is_ok_and(|position| items.iter().any(|i| i.position == position)) {
        let item = form.item.trim().to_string();
        return Err(crate::mandates::MandateRefusal::UnknownItem { assembly: assembly.0.to_string(), item }.into());
    }
    let (title, text) = wording(&report, translate);
    let motion = MotionForm { title, text, proposer, origin: None, amends: None };
    let moved = assembly::add_motion(store, ctx, assembly, &motion)?;
    crate::mandates::place_motion(store, ctx, assembly, moved.id, &form.item)?;
    Ok((report, moved))
}
