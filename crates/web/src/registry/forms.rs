//! Forms that change the register: a family with its first parcel, a family's data, a parcel, a
//! sub-body, a new name, a move, closing a body, an office and its end. A form with bad input
//! comes back with the user's values kept and every problem next to its field, in the user's
//! language; nothing is half-saved (each form is one use-case, one transaction). What is typed is
//! read by the domain's `input` readers, the same the API and the command line use.

use std::collections::HashMap;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use cabildo_domain::input::{BodyText, HouseholdText, NameText, NewHouseholdText, OfficeText, ParcelText, PersonText};
use cabildo_domain::{
    Body, BodyKind, Composition, Date, DomainError, Field, Household, HouseholdId, Office, OfficeEnd, OfficeId,
};
use cabildo_i18n::{Lang, tr};
use cabildo_services::ServiceError;
use cabildo_services::registry::{self, BodyForm};

use crate::http::csrf::{CsrfForm, NoFields};
use crate::http::respond::body_to_edit;
use crate::http::status::{not_about_the_form, status_of, text_of};
use crate::http::{Fields, Page, PageResult, Path, Viewer, WebError};
use crate::state::AppState;
use crate::ui::{FieldKind, FormPage, FormPlace, render};

type Values = HashMap<String, String>;

/// The form page again, with the problems found (422, or the refusal's status).
fn again(status: StatusCode, page: FormPage) -> Result<Response, WebError> {
    Ok((status, render(&page)).into_response())
}

fn place(path: String, title: String, back: &Body) -> FormPlace {
    FormPlace { path, title, back_href: format!("/bodies/{}", back.id.0), back_label: back.name.clone() }
}

fn date_text(lang: Lang, date: Date) -> String {
    use chrono::Datelike;
    lang.date(date.year(), date.month(), date.day())
}

fn person_text(f: &Fields) -> PersonText {
    PersonText {
        name: NameText {
            given_names: f.v("given_names").into(),
            first_surname: f.v("first_surname").into(),
            second_surname: f.v("second_surname").into(),
        },
        id_number: f.v("id_number").into(),
        phone: f.v("phone").into(),
    }
}

fn household_text(f: &Fields) -> HouseholdText {
    HouseholdText {
        person: person_text(f),
        register_number: f.v("register_number").into(),
        affiliated_on: f.v("affiliated_on").into(),
    }
}

fn parcel_text(f: &Fields) -> ParcelText {
    ParcelText {
        code: f.v("parcel_code").into(),
        area: f.v("area").into(),
        place: f.v("place").into(),
        ..ParcelText::default()
    }
}

// --- A family with its first parcel -------------------------------------------------------

const HOUSEHOLD_FIELDS: [&str; 10] = [
    "given_names",
    "first_surname",
    "second_surname",
    "id_number",
    "phone",
    "register_number",
    "affiliated_on",
    "parcel_code",
    "area",
    "place",
];

fn household_page(viewer: &Viewer, body: &Body, fields: &Fields) -> FormPage {
    let required = ["given_names", "first_surname", "parcel_code"];
    let inputs = HOUSEHOLD_FIELDS
        .iter()
        .map(|name| fields.field(name, FieldKind::Input("text"), required.contains(name)))
        .collect();
    let title = tr(viewer.lang, "web-new-household", &[]);
    let place = place(format!("/bodies/{}/households/new", body.id.0), title, body);
    FormPage { general_error: fields.general.clone(), ..FormPage::new(viewer, place, inputs) }
}

pub(super) async fn new_household(Page { state, viewer }: Page, Path(id): Path<i64>) -> Result<Response, WebError> {
    let body = body_to_edit(&state, &viewer, id, &format!("/bodies/{id}/households/new")).await?;
    Ok(render(&household_page(&viewer, &body, &Fields::blank(viewer.lang))))
}

pub(super) async fn create_household(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm(viewer, values): CsrfForm<Values>,
) -> Result<Response, WebError> {
    let body = body_to_edit(&state, &viewer, id, &format!("/bodies/{id}/households/new")).await?;
    let mut fields = Fields::new(viewer.lang, values);
    let text = NewHouseholdText { household: household_text(&fields), parcel: parcel_text(&fields) };
    let (person, household, parcel) = match text.parse() {
        Ok(read) => read,
        Err(problems) => {
            fields.problems(problems);
            return again(StatusCode::UNPROCESSABLE_ENTITY, household_page(&viewer, &body, &fields));
        }
    };
    let ctx = viewer.ctx.clone();
    let created = state
        .run(move |store| registry::add_household(store, &ctx, &id.to_string(), &person, &household, &[parcel]))
        .await;
    match created {
        Ok(household) => Ok(Redirect::to(&format!("/households/{}", household.0)).into_response()),
        Err(e) => {
            fields.refused(&e, |e| matches!(e, ServiceError::DuplicateParcelCode { .. }).then_some("parcel_code"));
            again(status_of(&e), household_page(&viewer, &body, &fields))
        }
    }
}

// --- A parcel for a family ----------------------------------------------------------------

fn parcel_page(viewer: &Viewer, id: i64, fields: &Fields) -> FormPage {
    let place = FormPlace {
        path: format!("/households/{id}/parcels/new"),
        title: tr(viewer.lang, "web-new-parcel", &[]),
        back_href: format!("/households/{id}"),
        back_label: tr(viewer.lang, "web-household", &[]),
    };
    let inputs = vec![
        fields.field("parcel_code", FieldKind::Input("text"), true),
        fields.field("area", FieldKind::Input("text"), false),
        fields.field("place", FieldKind::Input("text"), false),
    ];
    FormPage { general_error: fields.general.clone(), ..FormPage::new(viewer, place, inputs) }
}

pub(super) async fn new_parcel(viewer: Viewer, Path(id): Path<i64>) -> Result<Response, WebError> {
    if !viewer.signed_in() {
        return Err(
            WebError::new(viewer.lang, ServiceError::SignInRequired).at(format!("/households/{id}/parcels/new"))
        );
    }
    Ok(render(&parcel_page(&viewer, id, &Fields::blank(viewer.lang))))
}

pub(super) async fn create_parcel(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm(viewer, values): CsrfForm<Values>,
) -> Result<Response, WebError> {
    let mut fields = Fields::new(viewer.lang, values);
    let parcel = match parcel_text(&fields).parse() {
        Ok(parcel) => parcel,
        Err(problems) => {
            fields.problems(problems);
            return again(StatusCode::UNPROCESSABLE_ENTITY, parcel_page(&viewer, id, &fields));
        }
    };
    let ctx = viewer.ctx.clone();
    match state.run(move |store| registry::add_parcel(store, &ctx, HouseholdId(id), &parcel)).await {
        Ok(_) => Ok(Redirect::to(&format!("/households/{id}")).into_response()),
        Err(e) if not_about_the_form(&e) => Err(WebError::new(viewer.lang, e).at(format!("/households/{id}"))),
        Err(e) => {
            fields.refused(&e, |e| matches!(e, ServiceError::DuplicateParcelCode { .. }).then_some("parcel_code"));
            again(status_of(&e), parcel_page(&viewer, id, &fields))
        }
    }
}

// --- A body below another, and a new name ---------------------------------------------------

fn kind_options(lang: Lang) -> Vec<(String, String)> {
    BodyKind::ALL.iter().map(|k| (k.code().to_string(), tr(lang, &format!("kind-{}", k.code()), &[]))).collect()
}

fn composition_options(lang: Lang) -> Vec<(String, String)> {
    std::iter::once((String::new(), tr(lang, "web-composition-default", &[])))
        .chain(
            Composition::ALL
                .iter()
                .map(|c| (c.code().to_string(), tr(lang, &format!("composition-{}", c.code()), &[]))),
        )
        .collect()
}

fn body_page(viewer: &Viewer, parent: &Body, fields: &Fields) -> FormPage {
    let place = place(format!("/bodies/{}/bodies/new", parent.id.0), tr(viewer.lang, "web-new-body", &[]), parent);
    let inputs = vec![
        fields.field("body_name", FieldKind::Input("text"), true),
        fields.field("body_code", FieldKind::Input("text"), false),
        fields.field("body_kind", FieldKind::Select(kind_options(viewer.lang)), true),
        fields.field("composition", FieldKind::Select(composition_options(viewer.lang)), false),
    ];
    FormPage { general_error: fields.general.clone(), ..FormPage::new(viewer, place, inputs) }
}

pub(super) async fn new_body(Page { state, viewer }: Page, Path(id): Path<i64>) -> Result<Response, WebError> {
    let parent = body_to_edit(&state, &viewer, id, &format!("/bodies/{id}/bodies/new")).await?;
    let defaults = HashMap::from([("body_kind".to_string(), BodyKind::Sindicato.code().to_string())]);
    Ok(render(&body_page(&viewer, &parent, &Fields::new(viewer.lang, defaults))))
}

pub(super) async fn create_body(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm(viewer, values): CsrfForm<Values>,
) -> Result<Response, WebError> {
    let parent = body_to_edit(&state, &viewer, id, &format!("/bodies/{id}/bodies/new")).await?;
    let mut fields = Fields::new(viewer.lang, values);
    let text = BodyText {
        name: fields.v("body_name").into(),
        code: fields.v("body_code").into(),
        kind: fields.v("body_kind").into(),
        composition: fields.v("composition").into(),
    };
    let read = match text.parse() {
        Ok(read) => read,
        Err(problems) => {
            fields.problems(problems);
            return again(StatusCode::UNPROCESSABLE_ENTITY, body_page(&viewer, &parent, &fields));
        }
    };
    let form = BodyForm::below(id.to_string(), read);
    let ctx = viewer.ctx.clone();
    match state.run(move |store| registry::create_body(store, &ctx, &form)).await {
        Ok(created) => Ok(Redirect::to(&format!("/bodies/{}", created.id.0)).into_response()),
        Err(e) => {
            fields.refused(&e, |e| matches!(e, ServiceError::DuplicateBodyCode { .. }).then_some("body_code"));
            again(status_of(&e), body_page(&viewer, &parent, &fields))
        }
    }
}

fn rename_page(viewer: &Viewer, body: &Body, fields: &Fields) -> FormPage {
    let place = place(format!("/bodies/{}/edit", body.id.0), tr(viewer.lang, "web-rename-body", &[]), body);
    let inputs = vec![fields.field("body_name", FieldKind::Input("text"), true)];
    FormPage { general_error: fields.general.clone(), ..FormPage::new(viewer, place, inputs) }
}

pub(super) async fn edit_body(Page { state, viewer }: Page, Path(id): Path<i64>) -> Result<Response, WebError> {
    let body = body_to_edit(&state, &viewer, id, &format!("/bodies/{id}/edit")).await?;
    let fields = Fields::new(viewer.lang, HashMap::from([("body_name".to_string(), body.name.clone())]));
    Ok(render(&rename_page(&viewer, &body, &fields)))
}

pub(super) async fn rename_body(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm(viewer, values): CsrfForm<Values>,
) -> Result<Response, WebError> {
    let body = body_to_edit(&state, &viewer, id, &format!("/bodies/{id}/edit")).await?;
    let mut fields = Fields::new(viewer.lang, values);
    let Some(name) = fields.check("body_name", cabildo_domain::body::validate_name) else {
        return again(StatusCode::UNPROCESSABLE_ENTITY, rename_page(&viewer, &body, &fields));
    };
    let ctx = viewer.ctx.clone();
    match state.run(move |store| registry::rename_body(store, &ctx, &id.to_string(), &name)).await {
        Ok(_) => Ok(Redirect::to(&format!("/bodies/{id}")).into_response()),
        Err(e) => {
            fields.refused(&e, |_| None);
            again(status_of(&e), rename_page(&viewer, &body, &fields))
        }
    }
}

// --- An office of the directiva ------------------------------------------------------------

fn office_page(viewer: &Viewer, body: &Body, fields: &Fields) -> FormPage {
    let place = place(format!("/bodies/{}/offices/new", body.id.0), tr(viewer.lang, "web-new-office", &[]), body);
    let inputs = vec![
        fields.field("office_title", FieldKind::Input("text"), true),
        fields.field("given_names", FieldKind::Input("text"), true),
        fields.field("first_surname", FieldKind::Input("text"), true),
        fields.field("second_surname", FieldKind::Input("text"), false),
        fields.field("term_start", FieldKind::Input("text"), true),
        fields.field("term_end", FieldKind::Input("text"), false),
    ];
    FormPage { general_error: fields.general.clone(), ..FormPage::new(viewer, place, inputs) }
}

pub(super) async fn new_office(Page { state, viewer }: Page, Path(id): Path<i64>) -> Result<Response, WebError> {
    let body = body_to_edit(&state, &viewer, id, &format!("/bodies/{id}/offices/new")).await?;
    Ok(render(&office_page(&viewer, &body, &Fields::blank(viewer.lang))))
}

pub(super) async fn create_office(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm(viewer, values): CsrfForm<Values>,
) -> Result<Response, WebError> {
    let body = body_to_edit(&state, &viewer, id, &format!("/bodies/{id}/offices/new")).await?;
    let mut fields = Fields::new(viewer.lang, values);
    let text = OfficeText {
        title: fields.v("office_title").into(),
        holder: person_text(&fields).name,
        term_start: fields.v("term_start").into(),
        term_end: fields.v("term_end").into(),
    };
    let (holder, office) = match text.parse() {
        Ok(read) => read,
        Err(problems) => {
            fields.problems(problems);
            return again(StatusCode::UNPROCESSABLE_ENTITY, office_page(&viewer, &body, &fields));
        }
    };
    let ctx = viewer.ctx.clone();
    match state.run(move |store| registry::add_office(store, &ctx, &id.to_string(), &holder, &office)).await {
        Ok(_) => Ok(Redirect::to(&format!("/bodies/{id}")).into_response()),
        Err(e) => {
            fields.refused(&e, |_| None);
            again(status_of(&e), office_page(&viewer, &body, &fields))
        }
    }
}

// --- A family's data ------------------------------------------------------------------------

/// The fields of a family's own data (its parcels have their own forms).
const HOUSEHOLD_DATA_FIELDS: [&str; 7] =
    ["given_names", "first_surname", "second_surname", "id_number", "phone", "register_number", "affiliated_on"];

fn household_edit_page(viewer: &Viewer, id: i64, fields: &Fields) -> FormPage {
    let required = ["given_names", "first_surname"];
    let place = FormPlace {
        path: format!("/households/{id}/edit"),
        title: tr(viewer.lang, "web-edit-household", &[]),
        back_href: format!("/households/{id}"),
        back_label: tr(viewer.lang, "web-household", &[]),
    };
    let inputs = HOUSEHOLD_DATA_FIELDS
        .iter()
        .map(|name| fields.field(name, FieldKind::Input("text"), required.contains(name)))
        .collect();
    FormPage { general_error: fields.general.clone(), ..FormPage::new(viewer, place, inputs) }
}

fn household_values(lang: Lang, h: &Household) -> Values {
    let p = &h.representative;
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    HashMap::from([
        ("given_names".to_string(), p.name.given_names.clone()),
        ("first_surname".to_string(), p.name.first_surname.clone()),
        ("second_surname".to_string(), opt(&p.name.second_surname)),
        ("id_number".to_string(), opt(&p.id_number)),
        ("phone".to_string(), opt(&p.phone)),
        ("register_number".to_string(), opt(&h.register_number)),
        ("affiliated_on".to_string(), h.affiliated_on.map(|d| date_text(lang, d)).unwrap_or_default()),
    ])
}

pub(super) async fn edit_household(Page { state, viewer }: Page, Path(id): Path<i64>) -> Result<Response, WebError> {
    let ctx = viewer.ctx.clone();
    let path = format!("/households/{id}/edit");
    let h = state
        .run(move |store| registry::household_for_edit(store, &ctx, HouseholdId(id)))
        .await
        .page(&viewer, &path)?;
    let fields = Fields::new(viewer.lang, household_values(viewer.lang, &h));
    Ok(render(&household_edit_page(&viewer, id, &fields)))
}

pub(super) async fn update_household(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm(viewer, values): CsrfForm<Values>,
) -> Result<Response, WebError> {
    let path = format!("/households/{id}/edit");
    // Whoever may not edit the family learns that, not what is wrong with the values.
    let ctx = viewer.ctx.clone();
    state.run(move |store| registry::household_for_edit(store, &ctx, HouseholdId(id))).await.page(&viewer, &path)?;
    let mut fields = Fields::new(viewer.lang, values);
    let (person, household) = match household_text(&fields).parse() {
        Ok(read) => read,
        Err(problems) => {
            fields.problems(problems);
            return again(StatusCode::UNPROCESSABLE_ENTITY, household_edit_page(&viewer, id, &fields));
        }
    };
    let ctx = viewer.ctx.clone();
    match state.run(move |store| registry::update_household(store, &ctx, HouseholdId(id), &person, &household)).await {
        Ok(_) => Ok(Redirect::to(&format!("/households/{id}")).into_response()),
        Err(e) if not_about_the_form(&e) => Err(WebError::new(viewer.lang, e).at(path)),
        Err(e) => {
            fields.refused(&e, |_| None);
            again(status_of(&e), household_edit_page(&viewer, id, &fields))
        }
    }
}

// --- The end of an office ---------------------------------------------------------------------

/// The ways an office ends, as the forms offer them (here and on the body's page).
pub fn end_reasons(lang: &Lang) -> Vec<(String, String)> {
    let lang = *lang;
    [OfficeEnd::Term, OfficeEnd::Resignation, OfficeEnd::Recall]
        .iter()
        .map(|r| (r.code().to_string(), tr(lang, &format!("web-end-{}", r.code()), &[])))
        .collect()
}

fn end_office_page(viewer: &Viewer, office: &Office, body: &Body, fields: &Fields) -> FormPage {
    let title = tr(viewer.lang, "web-end-office", &[]);
    let place = place(
        format!("/offices/{}/end", office.id.0),
        format!("{title}: {} ({})", office.title, office.holder.display()),
        body,
    );
    let inputs = vec![
        fields.field("reason", FieldKind::Select(end_reasons(&viewer.lang)), true),
        fields.field("on", FieldKind::Input("text"), true),
    ];
    let (office_title, holder) = (office.title.clone(), office.holder.display());
    FormPage {
        submit: tr(
            viewer.lang,
            "web-end-office-named",
            &[("office", office_title.clone()), ("holder", holder.clone())],
        ),
        intro: Some(tr(viewer.lang, "web-end-office-confirm", &[("office", office_title), ("holder", holder)])),
        general_error: fields.general.clone(),
        ..FormPage::new(viewer, place, inputs)
    }
}

async fn office_of(state: &AppState, viewer: &Viewer, id: i64) -> Result<(Office, Body), WebError> {
    let ctx = viewer.ctx.clone();
    state
        .run(move |store| registry::office_for_edit(store, &ctx, OfficeId(id)))
        .await
        .page(viewer, &format!("/offices/{id}/end"))
}

pub(super) async fn end_office_form(Page { state, viewer }: Page, Path(id): Path<i64>) -> Result<Response, WebError> {
    let (office, body) = office_of(&state, &viewer, id).await?;
    let values = HashMap::from([
        ("reason".to_string(), OfficeEnd::Term.code().to_string()),
        ("on".to_string(), date_text(viewer.lang, viewer.ctx.today)),
    ]);
    Ok(render(&end_office_page(&viewer, &office, &body, &Fields::new(viewer.lang, values))))
}

pub(super) async fn end_office(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm(viewer, values): CsrfForm<Values>,
) -> Result<Response, WebError> {
    let (office, body) = office_of(&state, &viewer, id).await?;
    let mut fields = Fields::new(viewer.lang, values);
    let reason = fields.check("reason", OfficeEnd::parse);
    let on = fields.check("on", |v| cabildo_domain::padron::parse_date(Field::Date, v));
    let (Some(reason), Some(on)) = (reason, on) else {
        return again(StatusCode::UNPROCESSABLE_ENTITY, end_office_page(&viewer, &office, &body, &fields));
    };
    let ctx = viewer.ctx.clone();
    match state.run(move |store| registry::end_office(store, &ctx, OfficeId(id), on, reason)).await {
        Ok(ended) => Ok(Redirect::to(&format!("/bodies/{}", ended.body_id.0)).into_response()),
        Err(e) if not_about_the_form(&e) => Err(WebError::new(viewer.lang, e).at(format!("/offices/{id}/end"))),
        Err(e) => {
            // A date before the term is about the date; anything else is about the office.
            match &e {
                ServiceError::Domain(DomainError::EndBeforeStart { .. }) => {
                    fields.note("on", e.message().id, text_of(viewer.lang, &e));
                }
                _ => fields.general = Some(text_of(viewer.lang, &e)),
            }
            again(status_of(&e), end_office_page(&viewer, &office, &body, &fields))
        }
    }
}

// --- A body under another parent --------------------------------------------------------------

fn move_page(viewer: &Viewer, found: &registry::MoveTargets, fields: &Fields) -> FormPage {
    let body = &found.body;
    let options = std::iter::once((String::new(), tr(viewer.lang, "web-choose", &[])))
        .chain(found.targets.iter().map(|(b, depth)| {
            (b.id.0.to_string(), format!("{}{} ({})", "\u{a0}\u{a0}".repeat(*depth), b.name, b.code))
        }))
        .collect();
    let title = format!("{}: {}", tr(viewer.lang, "web-move-body", &[]), body.name);
    let inputs = vec![fields.field("parent", FieldKind::Select(options), true)];
    FormPage {
        submit: tr(viewer.lang, "web-move", &[]),
        general_error: fields.general.clone(),
        ..FormPage::new(viewer, place(format!("/bodies/{}/move", body.id.0), title, body), inputs)
    }
}

async fn move_targets(state: &AppState, viewer: &Viewer, id: i64) -> Result<registry::MoveTargets, WebError> {
    let ctx = viewer.ctx.clone();
    state
        .run(move |store| registry::move_targets(store, &ctx, &id.to_string()))
        .await
        .page(viewer, &format!("/bodies/{id}/move"))
}

pub(super) async fn move_form(Page { state, viewer }: Page, Path(id): Path<i64>) -> Result<Response, WebError> {
    let found = move_targets(&state, &viewer, id).await?;
    let parent = found.body.parent_id.map(|p| p.0.to_string()).unwrap_or_default();
    let fields = Fields::new(viewer.lang, HashMap::from([("parent".to_string(), parent)]));
    Ok(render(&move_page(&viewer, &found, &fields)))
}

pub(super) async fn move_body(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm(viewer, values): CsrfForm<Values>,
) -> Result<Response, WebError> {
    // The form comes back only to whoever may move the body.
    let found = move_targets(&state, &viewer, id).await?;
    let mut fields = Fields::new(viewer.lang, values);
    let parent = fields.check("parent", |v| {
        let v = v.trim();
        if v.is_empty() {
            return Err(DomainError::Required { field: Field::Parent });
        }
        v.parse::<i64>().map_err(|_| DomainError::Invalid { field: Field::Parent, value: v.to_string() })
    });
    let Some(parent) = parent else {
        return again(StatusCode::UNPROCESSABLE_ENTITY, move_page(&viewer, &found, &fields));
    };
    let ctx = viewer.ctx.clone();
    let moved =
        state.run(move |store| registry::move_body(store, &ctx, &id.to_string(), Some(&parent.to_string()))).await;
    match moved {
        Ok(_) => Ok(Redirect::to(&format!("/bodies/{id}")).into_response()),
        Err(e) => {
            // The body is the viewer's to move, so a refusal is about the parent chosen.
            fields.refused(&e, |e| {
                matches!(
                    e,
                    ServiceError::Forbidden { .. } | ServiceError::UnknownBody { .. } | ServiceError::BodyClosed { .. }
                )
                .then_some("parent")
            });
            again(status_of(&e), move_page(&viewer, &found, &fields))
        }
    }
}

// --- Closing a body ----------------------------------------------------------------------------

fn close_page(viewer: &Viewer, body: &Body, general: Option<String>) -> FormPage {
    let title = format!("{}: {}", tr(viewer.lang, "web-close-body", &[]), body.name);
    FormPage {
        submit: tr(viewer.lang, "web-close-body-named", &[("body", body.name.clone())]),
        intro: Some(tr(viewer.lang, "web-close-body-confirm", &[("body", body.name.clone())])),
        general_error: general,
        ..FormPage::new(viewer, place(format!("/bodies/{}/close", body.id.0), title, body), Vec::new())
    }
}

pub(super) async fn close_form(Page { state, viewer }: Page, Path(id): Path<i64>) -> Result<Response, WebError> {
    let body = body_to_edit(&state, &viewer, id, &format!("/bodies/{id}/close")).await?;
    Ok(render(&close_page(&viewer, &body, None)))
}

pub(super) async fn close_body(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm(viewer, NoFields {}): CsrfForm<NoFields>,
) -> Result<Response, WebError> {
    let path = format!("/bodies/{id}/close");
    let ctx = viewer.ctx.clone();
    match state.run(move |store| registry::close_body(store, &ctx, &id.to_string())).await {
        Ok(_) => Ok(Redirect::to(&format!("/bodies/{id}")).into_response()),
        Err(e) if not_about_the_form(&e) => Err(WebError::new(viewer.lang, e).at(path)),
        Err(e) => {
            let body = body_to_edit(&state, &viewer, id, &path).await?;
            again(status_of(&e), close_page(&viewer, &body, Some(text_of(viewer.lang, &e))))
        }
    }
}
