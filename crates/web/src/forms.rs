//! Forms that change the register: a family with its first parcel, a family's data, a parcel, a
//! sub-body, a new name, a move, closing a body, an office and its end, a padrón import. A form with bad input comes back with the user's values kept
//! and each problem next to its field, in the user's language; nothing is half-saved (each form
//! is one use-case, one transaction).

use askama::Template;
use axum::extract::{Multipart, State};

use crate::extract::{Form, Path};
use axum::Router;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use cabildo_domain::household::{validate_id_number, validate_phone};
use cabildo_domain::padron::{parse_decimal, parse_optional_date};
use cabildo_domain::{
    Area, BodyKind, Composition, Date, DomainError, Field, Household, HouseholdData, HouseholdId, NewOffice, Office,
    OfficeEnd, OfficeId, ParcelCode, ParcelData, PersonData, PersonName, text,
};
use cabildo_i18n::{Lang, tr};
use cabildo_services::import::{ImportError, import_file};
use cabildo_services::registry::{self, BodyForm};
use cabildo_services::{Ctx, ServiceError};
use std::collections::HashMap;

use crate::AppState;
use crate::error::{render, status_of, text_of};
use crate::pages::{Chrome, same_origin};
use crate::viewer::Viewer;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/bodies/{id}/households/new", get(new_household).post(create_household))
        .route("/bodies/{id}/households", axum::routing::post(create_household))
        .route("/households/{id}/parcels/new", get(new_parcel).post(create_parcel))
        .route("/bodies/{id}/bodies/new", get(new_body).post(create_body))
        .route("/bodies/{id}/edit", get(edit_body).post(rename_body))
        .route("/bodies/{id}/offices/new", get(new_office).post(create_office))
        .route("/bodies/{id}/import", get(import_form).post(import))
        .route("/households/{id}/edit", get(edit_household).post(update_household))
        .route("/offices/{id}/end", get(end_office_form).post(end_office))
        .route("/bodies/{id}/move", get(move_form).post(move_body))
        .route("/bodies/{id}/close", get(close_form).post(close_body))
}

/// How a field is entered.
pub enum FieldKind {
    Input(&'static str),
    Select(Vec<(String, String)>),
    TextArea,
    File,
}

pub struct FormField {
    pub name: &'static str,
    pub label: String,
    pub value: String,
    pub kind: FieldKind,
    pub required: bool,
    pub error: Option<String>,
}

#[derive(Template)]
#[template(path = "form.html")]
struct FormPage {
    page: Chrome,
    title: String,
    back_href: String,
    back_label: String,
    action: String,
    multipart: bool,
    submit: String,
    general_error: Option<String>,
    fields: Vec<FormField>,
    /// Import problems: line, column, value, reason.
    problems: Vec<(u64, String, String, String)>,
    success: Option<String>,
}

impl FormPage {
    /// A form page with the usual defaults: urlencoded, a "Save" button, no message yet.
    fn new(
        viewer: &Viewer,
        path: String,
        title: String,
        back_href: String,
        back_label: String,
        action: String,
        fields: Vec<FormField>,
    ) -> FormPage {
        FormPage {
            page: Chrome::of(viewer, path),
            title,
            back_href,
            back_label,
            action,
            multipart: false,
            submit: tr(viewer.lang, "web-save", &[]),
            general_error: None,
            fields,
            problems: Vec::new(),
            success: None,
        }
    }
}

/// A form being filled: its values and the problems found, per field.
struct Filled {
    values: HashMap<String, String>,
    errors: HashMap<&'static str, String>,
    lang: Lang,
}

impl Filled {
    fn new(lang: Lang, values: HashMap<String, String>) -> Filled {
        Filled { values, errors: HashMap::new(), lang }
    }

    fn get(&self, name: &str) -> &str {
        self.values.get(name).map_or("", String::as_str)
    }

    /// Runs a check on a field; on failure the message goes next to that field.
    fn check<T>(&mut self, name: &'static str, check: impl FnOnce(&str) -> Result<T, DomainError>) -> Option<T> {
        match check(self.get(name)) {
            Ok(value) => Some(value),
            Err(e) => {
                self.errors.insert(name, text_of(self.lang, &ServiceError::Domain(e)));
                None
            }
        }
    }

    /// Puts a service's refusal next to the field it is about, or above the form.
    fn refused(
        &mut self,
        error: &ServiceError,
        field_of: impl Fn(&ServiceError) -> Option<&'static str>,
    ) -> Option<String> {
        let text = text_of(self.lang, error);
        let field = match error {
            ServiceError::Domain(e) => e.field().map(field_name),
            other => field_of(other),
        };
        match field {
            Some(name) if self.values.contains_key(name) => {
                self.errors.insert(name, text);
                None
            }
            _ => Some(text),
        }
    }

    fn field(&self, name: &'static str, kind: FieldKind, required: bool) -> FormField {
        let label = tr(self.lang, &format!("field-{name}"), &[]);
        FormField {
            name,
            label,
            value: self.get(name).to_string(),
            kind,
            required,
            error: self.errors.get(name).cloned(),
        }
    }
}

/// The form field that shows a domain field's problems.
fn field_name(field: Field) -> &'static str {
    match field {
        Field::BodyName => "body_name",
        Field::BodyCode => "body_code",
        Field::BodyKind => "body_kind",
        Field::Composition => "composition",
        Field::Parent => "parent",
        Field::GivenNames => "given_names",
        Field::FirstSurname => "first_surname",
        Field::SecondSurname => "second_surname",
        Field::IdNumber => "id_number",
        Field::Phone => "phone",
        Field::RegisterNumber => "register_number",
        Field::ParcelCode => "parcel_code",
        Field::Area => "area",
        Field::Place => "place",
        Field::AffiliatedOn => "affiliated_on",
        Field::OfficeTitle => "office_title",
        Field::TermStart => "term_start",
        Field::TermEnd => "term_end",
        _ => "",
    }
}

/// Refuses a form posted from another site or without the session's token.
pub(crate) fn refuse_cross_site(viewer: &Viewer, headers: &HeaderMap, csrf: &str) -> Option<Response> {
    if same_origin(headers) && viewer.csrf.as_deref() == Some(csrf) {
        return None;
    }
    Some(crate::error::WebError::new(viewer.lang, ServiceError::Forbidden { body: String::new() }).into_response())
}

fn body_label(state_body: &Result<cabildo_domain::Body, ServiceError>) -> (String, String) {
    match state_body {
        Ok(body) => (format!("/bodies/{}", body.id.0), body.name.clone()),
        Err(_) => ("/bodies".into(), String::new()),
    }
}

async fn body_of(state: &AppState, ctx: &Ctx, id: i64) -> Result<cabildo_domain::Body, ServiceError> {
    let ctx = ctx.clone();
    state.run(move |store| registry::body_for_edit(store, &ctx, &id.to_string())).await
}

fn page_error(viewer: &Viewer, path: &str, error: ServiceError) -> Response {
    let mut e = crate::error::WebError::new(viewer.lang, error);
    e.return_to = Some(path.to_string());
    e.into_response()
}

fn parse_area(value: &str) -> Result<Option<Area>, DomainError> {
    if value.trim().is_empty() {
        return Ok(None);
    }
    Area::from_square_metres(parse_decimal(Field::Area, value, 4)?).map(Some)
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

fn household_page(
    viewer: &Viewer,
    id: i64,
    body: &Result<cabildo_domain::Body, ServiceError>,
    filled: &Filled,
    general: Option<String>,
) -> FormPage {
    let (back_href, back_label) = body_label(body);
    let required = ["given_names", "first_surname", "parcel_code"];
    let fields = HOUSEHOLD_FIELDS
        .iter()
        .map(|name| filled.field(name, FieldKind::Input("text"), required.contains(name)))
        .collect();
    FormPage {
        general_error: general,
        ..FormPage::new(
            viewer,
            format!("/bodies/{id}/households/new"),
            tr(viewer.lang, "web-new-household", &[]),
            back_href,
            back_label,
            format!("/bodies/{id}/households"),
            fields,
        )
    }
}

async fn new_household(State(state): State<AppState>, viewer: Viewer, Path(id): Path<i64>) -> Response {
    let body = body_of(&state, &viewer.ctx, id).await;
    if let Err(e) = &body {
        return page_error(&viewer, &format!("/bodies/{id}/households/new"), e.clone());
    }
    render(&household_page(&viewer, id, &body, &Filled::new(viewer.lang, HashMap::new()), None))
}

async fn create_household(
    State(state): State<AppState>,
    headers: HeaderMap,
    viewer: Viewer,
    Path(id): Path<i64>,
    Form(values): Form<HashMap<String, String>>,
) -> Response {
    if let Some(refused) = refuse_cross_site(&viewer, &headers, values.get("csrf").map_or("", String::as_str)) {
        return refused;
    }
    let mut filled = Filled::new(viewer.lang, values);
    let given = filled.check("given_names", |v| text::required(Field::GivenNames, v, 100));
    let first = filled.check("first_surname", |v| text::required(Field::FirstSurname, v, 100));
    let second = filled.check("second_surname", |v| text::optional(Field::SecondSurname, v, 100));
    let id_number = filled.check("id_number", validate_id_number);
    let phone = filled.check("phone", validate_phone);
    let register_number = filled.check("register_number", |v| text::optional(Field::RegisterNumber, v, 20));
    let affiliated_on = filled.check("affiliated_on", |v| parse_optional_date(Field::AffiliatedOn, v));
    let code = filled.check("parcel_code", ParcelCode::new);
    let area = filled.check("area", parse_area);
    let place = filled.check("place", |v| text::optional(Field::Place, v, 120));
    let body = body_of(&state, &viewer.ctx, id).await;
    let (
        Some(given),
        Some(first),
        Some(second),
        Some(id_number),
        Some(phone),
        Some(register_number),
        Some(affiliated_on),
        Some(code),
        Some(area),
        Some(place),
    ) = (given, first, second, id_number, phone, register_number, affiliated_on, code, area, place)
    else {
        return (StatusCode::UNPROCESSABLE_ENTITY, render(&household_page(&viewer, id, &body, &filled, None)))
            .into_response();
    };
    let name = PersonName { given_names: given, first_surname: first, second_surname: second };
    let person = PersonData { name, id_number, phone };
    let household = HouseholdData { register_number, affiliated_on };
    let parcel = ParcelData { code, area, place, coordinates: None };
    let ctx = viewer.ctx.clone();
    let created = state
        .run(move |store| registry::add_household(store, &ctx, &id.to_string(), &person, &household, &[parcel]))
        .await;
    match created {
        Ok(household) => Redirect::to(&format!("/households/{}", household.0)).into_response(),
        Err(e) => {
            let status = status_of(&e);
            let general = filled.refused(&e, |e| match e {
                ServiceError::DuplicateParcelCode { .. } => Some("parcel_code"),
                _ => None,
            });
            (status, render(&household_page(&viewer, id, &body, &filled, general))).into_response()
        }
    }
}

// --- A parcel for a family ----------------------------------------------------------------

fn parcel_page(viewer: &Viewer, id: i64, filled: &Filled, general: Option<String>) -> FormPage {
    FormPage {
        general_error: general,
        ..FormPage::new(
            viewer,
            format!("/households/{id}/parcels/new"),
            tr(viewer.lang, "web-new-parcel", &[]),
            format!("/households/{id}"),
            tr(viewer.lang, "web-household", &[]),
            format!("/households/{id}/parcels/new"),
            vec![
                filled.field("parcel_code", FieldKind::Input("text"), true),
                filled.field("area", FieldKind::Input("text"), false),
                filled.field("place", FieldKind::Input("text"), false),
            ],
        )
    }
}

async fn new_parcel(viewer: Viewer, Path(id): Path<i64>) -> Response {
    if !viewer.signed_in() {
        return page_error(&viewer, &format!("/households/{id}/parcels/new"), ServiceError::SignInRequired);
    }
    render(&parcel_page(&viewer, id, &Filled::new(viewer.lang, HashMap::new()), None))
}

async fn create_parcel(
    State(state): State<AppState>,
    headers: HeaderMap,
    viewer: Viewer,
    Path(id): Path<i64>,
    Form(values): Form<HashMap<String, String>>,
) -> Response {
    if let Some(refused) = refuse_cross_site(&viewer, &headers, values.get("csrf").map_or("", String::as_str)) {
        return refused;
    }
    let mut filled = Filled::new(viewer.lang, values);
    let code = filled.check("parcel_code", ParcelCode::new);
    let area = filled.check("area", parse_area);
    let place = filled.check("place", |v| text::optional(Field::Place, v, 120));
    let (Some(code), Some(area), Some(place)) = (code, area, place) else {
        return (StatusCode::UNPROCESSABLE_ENTITY, render(&parcel_page(&viewer, id, &filled, None))).into_response();
    };
    let ctx = viewer.ctx.clone();
    let parcel = ParcelData { code, area, place, coordinates: None };
    match state.run(move |store| registry::add_parcel(store, &ctx, HouseholdId(id), &parcel)).await {
        Ok(_) => Redirect::to(&format!("/households/{id}")).into_response(),
        Err(e) => {
            let general =
                filled.refused(&e, |e| matches!(e, ServiceError::DuplicateParcelCode { .. }).then_some("parcel_code"));
            (status_of(&e), render(&parcel_page(&viewer, id, &filled, general))).into_response()
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

fn body_page(
    viewer: &Viewer,
    id: i64,
    body: &Result<cabildo_domain::Body, ServiceError>,
    filled: &Filled,
    general: Option<String>,
) -> FormPage {
    let (back_href, back_label) = body_label(body);
    FormPage {
        general_error: general,
        ..FormPage::new(
            viewer,
            format!("/bodies/{id}/bodies/new"),
            tr(viewer.lang, "web-new-body", &[]),
            back_href,
            back_label,
            format!("/bodies/{id}/bodies/new"),
            vec![
                filled.field("body_name", FieldKind::Input("text"), true),
                filled.field("body_code", FieldKind::Input("text"), false),
                filled.field("body_kind", FieldKind::Select(kind_options(viewer.lang)), true),
                filled.field("composition", FieldKind::Select(composition_options(viewer.lang)), false),
            ],
        )
    }
}

async fn new_body(State(state): State<AppState>, viewer: Viewer, Path(id): Path<i64>) -> Response {
    let body = body_of(&state, &viewer.ctx, id).await;
    if let Err(e) = &body {
        return page_error(&viewer, &format!("/bodies/{id}/bodies/new"), e.clone());
    }
    let defaults = HashMap::from([("body_kind".to_string(), "sindicato".to_string())]);
    render(&body_page(&viewer, id, &body, &Filled::new(viewer.lang, defaults), None))
}

async fn create_body(
    State(state): State<AppState>,
    headers: HeaderMap,
    viewer: Viewer,
    Path(id): Path<i64>,
    Form(values): Form<HashMap<String, String>>,
) -> Response {
    if let Some(refused) = refuse_cross_site(&viewer, &headers, values.get("csrf").map_or("", String::as_str)) {
        return refused;
    }
    let mut filled = Filled::new(viewer.lang, values);
    let name = filled.check("body_name", cabildo_domain::body::validate_name);
    let code = filled.check("body_code", |v| {
        if v.trim().is_empty() { Ok(None) } else { cabildo_domain::body::validate_code(v).map(Some) }
    });
    let kind = filled.check("body_kind", str::parse::<BodyKind>);
    let composition =
        filled.check("composition", |v| if v.is_empty() { Ok(None) } else { v.parse::<Composition>().map(Some) });
    let body = body_of(&state, &viewer.ctx, id).await;
    let (Some(name), Some(code), Some(kind), Some(composition)) = (name, code, kind, composition) else {
        return (StatusCode::UNPROCESSABLE_ENTITY, render(&body_page(&viewer, id, &body, &filled, None)))
            .into_response();
    };
    let form = BodyForm { parent: Some(id.to_string()), kind, composition, name, code };
    let ctx = viewer.ctx.clone();
    match state.run(move |store| registry::create_body(store, &ctx, &form)).await {
        Ok(created) => Redirect::to(&format!("/bodies/{}", created.id.0)).into_response(),
        Err(e) => {
            let general =
                filled.refused(&e, |e| matches!(e, ServiceError::DuplicateBodyCode { .. }).then_some("body_code"));
            (status_of(&e), render(&body_page(&viewer, id, &body, &filled, general))).into_response()
        }
    }
}

fn rename_page(
    viewer: &Viewer,
    id: i64,
    body: &Result<cabildo_domain::Body, ServiceError>,
    filled: &Filled,
    general: Option<String>,
) -> FormPage {
    let (back_href, back_label) = body_label(body);
    FormPage {
        general_error: general,
        ..FormPage::new(
            viewer,
            format!("/bodies/{id}/edit"),
            tr(viewer.lang, "web-rename-body", &[]),
            back_href,
            back_label,
            format!("/bodies/{id}/edit"),
            vec![filled.field("body_name", FieldKind::Input("text"), true)],
        )
    }
}

async fn edit_body(State(state): State<AppState>, viewer: Viewer, Path(id): Path<i64>) -> Response {
    let body = body_of(&state, &viewer.ctx, id).await;
    let name = match &body {
        Ok(b) => b.name.clone(),
        Err(e) => return page_error(&viewer, &format!("/bodies/{id}/edit"), e.clone()),
    };
    let filled = Filled::new(viewer.lang, HashMap::from([("body_name".to_string(), name)]));
    render(&rename_page(&viewer, id, &body, &filled, None))
}

async fn rename_body(
    State(state): State<AppState>,
    headers: HeaderMap,
    viewer: Viewer,
    Path(id): Path<i64>,
    Form(values): Form<HashMap<String, String>>,
) -> Response {
    if let Some(refused) = refuse_cross_site(&viewer, &headers, values.get("csrf").map_or("", String::as_str)) {
        return refused;
    }
    let mut filled = Filled::new(viewer.lang, values);
    let body = body_of(&state, &viewer.ctx, id).await;
    let Some(name) = filled.check("body_name", cabildo_domain::body::validate_name) else {
        return (StatusCode::UNPROCESSABLE_ENTITY, render(&rename_page(&viewer, id, &body, &filled, None)))
            .into_response();
    };
    let ctx = viewer.ctx.clone();
    match state.run(move |store| registry::rename_body(store, &ctx, &id.to_string(), &name)).await {
        Ok(_) => Redirect::to(&format!("/bodies/{id}")).into_response(),
        Err(e) => {
            let general = filled.refused(&e, |_| None);
            (status_of(&e), render(&rename_page(&viewer, id, &body, &filled, general))).into_response()
        }
    }
}

// --- An office of the directiva ------------------------------------------------------------

fn office_page(
    viewer: &Viewer,
    id: i64,
    body: &Result<cabildo_domain::Body, ServiceError>,
    filled: &Filled,
    general: Option<String>,
) -> FormPage {
    let (back_href, back_label) = body_label(body);
    FormPage {
        general_error: general,
        ..FormPage::new(
            viewer,
            format!("/bodies/{id}/offices/new"),
            tr(viewer.lang, "web-new-office", &[]),
            back_href,
            back_label,
            format!("/bodies/{id}/offices/new"),
            vec![
                filled.field("office_title", FieldKind::Input("text"), true),
                filled.field("given_names", FieldKind::Input("text"), true),
                filled.field("first_surname", FieldKind::Input("text"), true),
                filled.field("second_surname", FieldKind::Input("text"), false),
                filled.field("term_start", FieldKind::Input("text"), true),
                filled.field("term_end", FieldKind::Input("text"), false),
            ],
        )
    }
}

async fn new_office(State(state): State<AppState>, viewer: Viewer, Path(id): Path<i64>) -> Response {
    let body = body_of(&state, &viewer.ctx, id).await;
    if let Err(e) = &body {
        return page_error(&viewer, &format!("/bodies/{id}/offices/new"), e.clone());
    }
    render(&office_page(&viewer, id, &body, &Filled::new(viewer.lang, HashMap::new()), None))
}

async fn create_office(
    State(state): State<AppState>,
    headers: HeaderMap,
    viewer: Viewer,
    Path(id): Path<i64>,
    Form(values): Form<HashMap<String, String>>,
) -> Response {
    if let Some(refused) = refuse_cross_site(&viewer, &headers, values.get("csrf").map_or("", String::as_str)) {
        return refused;
    }
    let mut filled = Filled::new(viewer.lang, values);
    let title = filled.check("office_title", |v| text::required(Field::OfficeTitle, v, 100));
    let given = filled.check("given_names", |v| text::required(Field::GivenNames, v, 100));
    let first = filled.check("first_surname", |v| text::required(Field::FirstSurname, v, 100));
    let second = filled.check("second_surname", |v| text::optional(Field::SecondSurname, v, 100));
    let start = filled.check("term_start", |v| cabildo_domain::padron::parse_date(Field::TermStart, v));
    let end = filled.check("term_end", |v| parse_optional_date(Field::TermEnd, v));
    let body = body_of(&state, &viewer.ctx, id).await;
    let (Some(title), Some(given), Some(first), Some(second), Some(start), Some(end)) =
        (title, given, first, second, start, end)
    else {
        return (StatusCode::UNPROCESSABLE_ENTITY, render(&office_page(&viewer, id, &body, &filled, None)))
            .into_response();
    };
    let office = match NewOffice::new(&title, start, end) {
        Ok(office) => office,
        Err(e) => {
            filled.errors.insert("term_end", text_of(viewer.lang, &ServiceError::Domain(e)));
            return (StatusCode::UNPROCESSABLE_ENTITY, render(&office_page(&viewer, id, &body, &filled, None)))
                .into_response();
        }
    };
    let holder = PersonData {
        name: PersonName { given_names: given, first_surname: first, second_surname: second },
        id_number: None,
        phone: None,
    };
    let ctx = viewer.ctx.clone();
    match state.run(move |store| registry::add_office(store, &ctx, &id.to_string(), &holder, &office)).await {
        Ok(_) => Redirect::to(&format!("/bodies/{id}")).into_response(),
        Err(e) => {
            let general = filled.refused(&e, |_| None);
            (status_of(&e), render(&office_page(&viewer, id, &body, &filled, general))).into_response()
        }
    }
}

// --- Padrón import -----------------------------------------------------------------------------

fn import_page(
    viewer: &Viewer,
    id: i64,
    body: &Result<cabildo_domain::Body, ServiceError>,
    mappings: &str,
) -> FormPage {
    let (back_href, back_label) = body_label(body);
    let filled = Filled::new(viewer.lang, HashMap::from([("mappings".to_string(), mappings.to_string())]));
    FormPage {
        multipart: true,
        submit: tr(viewer.lang, "web-import", &[]),
        ..FormPage::new(
            viewer,
            format!("/bodies/{id}/import"),
            tr(viewer.lang, "web-import-title", &[]),
            back_href,
            back_label,
            format!("/bodies/{id}/import"),
            vec![filled.field("file", FieldKind::File, true), filled.field("mappings", FieldKind::TextArea, false)],
        )
    }
}

async fn import_form(State(state): State<AppState>, viewer: Viewer, Path(id): Path<i64>) -> Response {
    let body = body_of(&state, &viewer.ctx, id).await;
    if let Err(e) = &body {
        return page_error(&viewer, &format!("/bodies/{id}/import"), e.clone());
    }
    render(&import_page(&viewer, id, &body, ""))
}

/// A temporary copy of an uploaded file, removed when dropped.
struct Upload(std::path::PathBuf);

impl Drop for Upload {
    fn drop(&mut self) {
        drop(std::fs::remove_file(&self.0));
    }
}

async fn import(
    State(state): State<AppState>,
    headers: HeaderMap,
    viewer: Viewer,
    Path(id): Path<i64>,
    mut multipart: Multipart,
) -> Response {
    let mut csrf = String::new();
    let mut mappings = String::new();
    let mut bytes = Vec::new();
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) => {
                let name = field.name().unwrap_or("").to_string();
                let data = match field.bytes().await {
                    Ok(data) => data,
                    Err(e) => return page_error(&viewer, "", ServiceError::UnreadableLine { reason: e.to_string() }),
                };
                match name.as_str() {
                    "csrf" => csrf = String::from_utf8_lossy(&data).into_owned(),
                    "mappings" => mappings = String::from_utf8_lossy(&data).into_owned(),
                    "file" => bytes = data.to_vec(),
                    _ => {}
                }
            }
            Ok(None) => break,
            Err(e) => return page_error(&viewer, "", ServiceError::UnreadableLine { reason: e.to_string() }),
        }
    }
    if let Some(refused) = refuse_cross_site(&viewer, &headers, &csrf) {
        return refused;
    }
    let body = body_of(&state, &viewer.ctx, id).await;
    let mut page = import_page(&viewer, id, &body, &mappings);
    let (now, _) = state.now();
    let upload = Upload(std::env::temp_dir().join(format!("cabildo-import-{}-{now}-{}.csv", std::process::id(), id)));
    if let Err(e) = std::fs::write(&upload.0, &bytes) {
        return page_error(
            &viewer,
            "",
            ServiceError::Unwritable { path: upload.0.display().to_string(), reason: e.to_string() },
        );
    }
    let lines: Vec<String> = mappings.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect();
    let ctx = viewer.ctx.clone();
    let path = upload.0.clone();
    let result = state
        .run(move |store| Ok(import_file(store, &ctx, &path, &id.to_string(), &lines, &|_| {})))
        .await
        .unwrap_or_else(|e| Err(ImportError::Service(e)));
    drop(upload);
    let lang = viewer.lang;
    match result {
        Ok(report) => {
            page.success = Some(tr(
                lang,
                "cli-import-ok",
                &[
                    ("rows", lang.count(report.rows)),
                    ("encoding", report.encoding.map(|e| e.label().to_string()).unwrap_or_default()),
                    ("delimiter", report.delimiter.map(|d| d.to_string()).unwrap_or_default()),
                    ("households_created", lang.count(report.households_created)),
                    ("parcels_created", lang.count(report.parcels_created)),
                    ("households_updated", lang.count(report.households_updated)),
                    ("parcels_updated", lang.count(report.parcels_updated)),
                    ("unchanged", lang.count(report.rows_unchanged)),
                ],
            ));
            render(&page)
        }
        Err(ImportError::Rejected { problems, bad_rows, .. }) => {
            page.general_error = Some(tr(lang, "cli-import-rejected", &[("total", lang.count(bad_rows))]));
            page.problems = problems
                .iter()
                .take(1000)
                .map(|p| (p.line, p.column.clone().unwrap_or_default(), p.value.clone(), text_of(lang, &p.error)))
                .collect();
            (StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response()
        }
        Err(ImportError::Service(e)) => {
            page.general_error = Some(text_of(lang, &e));
            (status_of(&e), render(&page)).into_response()
        }
    }
}

// --- A family's data ------------------------------------------------------------------------

/// The fields of a family's own data (its parcels have their own forms).
const HOUSEHOLD_DATA_FIELDS: [&str; 7] =
    ["given_names", "first_surname", "second_surname", "id_number", "phone", "register_number", "affiliated_on"];

fn date_text(lang: Lang, date: Date) -> String {
    use chrono::Datelike;
    lang.date(date.year(), date.month(), date.day())
}

/// A refusal that is not about the form's values (no right, nothing there) gets an error page.
fn not_about_the_form(error: &ServiceError) -> bool {
    matches!(
        error,
        ServiceError::Forbidden { .. }
            | ServiceError::SignInRequired
            | ServiceError::UnknownBody { .. }
            | ServiceError::UnknownHousehold { .. }
            | ServiceError::UnknownOffice { .. }
    )
}

fn household_edit_page(viewer: &Viewer, id: i64, filled: &Filled, general: Option<String>) -> FormPage {
    let required = ["given_names", "first_surname"];
    FormPage {
        general_error: general,
        ..FormPage::new(
            viewer,
            format!("/households/{id}/edit"),
            tr(viewer.lang, "web-edit-household", &[]),
            format!("/households/{id}"),
            tr(viewer.lang, "web-household", &[]),
            format!("/households/{id}/edit"),
            HOUSEHOLD_DATA_FIELDS
                .iter()
                .map(|name| filled.field(name, FieldKind::Input("text"), required.contains(name)))
                .collect(),
        )
    }
}

fn household_values(lang: Lang, h: &Household) -> HashMap<String, String> {
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

/// A family's representative and register data from the form, or `None` with the problems noted.
fn household_data(filled: &mut Filled) -> Option<(PersonData, HouseholdData)> {
    let given = filled.check("given_names", |v| text::required(Field::GivenNames, v, 100));
    let first = filled.check("first_surname", |v| text::required(Field::FirstSurname, v, 100));
    let second = filled.check("second_surname", |v| text::optional(Field::SecondSurname, v, 100));
    let id_number = filled.check("id_number", validate_id_number);
    let phone = filled.check("phone", validate_phone);
    let register_number = filled.check("register_number", |v| text::optional(Field::RegisterNumber, v, 20));
    let affiliated_on = filled.check("affiliated_on", |v| parse_optional_date(Field::AffiliatedOn, v));
    let name = PersonName { given_names: given?, first_surname: first?, second_surname: second? };
    let person = PersonData { name, id_number: id_number?, phone: phone? };
    Some((person, HouseholdData { register_number: register_number?, affiliated_on: affiliated_on? }))
}

async fn edit_household(State(state): State<AppState>, viewer: Viewer, Path(id): Path<i64>) -> Response {
    let ctx = viewer.ctx.clone();
    match state.run(move |store| registry::household_for_edit(store, &ctx, HouseholdId(id))).await {
        Ok(h) => {
            let filled = Filled::new(viewer.lang, household_values(viewer.lang, &h));
            render(&household_edit_page(&viewer, id, &filled, None))
        }
        Err(e) => page_error(&viewer, &format!("/households/{id}/edit"), e),
    }
}

async fn update_household(
    State(state): State<AppState>,
    headers: HeaderMap,
    viewer: Viewer,
    Path(id): Path<i64>,
    Form(values): Form<HashMap<String, String>>,
) -> Response {
    if let Some(refused) = refuse_cross_site(&viewer, &headers, values.get("csrf").map_or("", String::as_str)) {
        return refused;
    }
    let mut filled = Filled::new(viewer.lang, values);
    let Some((person, household)) = household_data(&mut filled) else {
        // Whoever may not edit the family learns that, not what is wrong with the values.
        let ctx = viewer.ctx.clone();
        if let Err(e) = state.run(move |store| registry::household_for_edit(store, &ctx, HouseholdId(id))).await {
            return page_error(&viewer, &format!("/households/{id}/edit"), e);
        }
        return (StatusCode::UNPROCESSABLE_ENTITY, render(&household_edit_page(&viewer, id, &filled, None)))
            .into_response();
    };
    let ctx = viewer.ctx.clone();
    match state.run(move |store| registry::update_household(store, &ctx, HouseholdId(id), &person, &household)).await {
        Ok(_) => Redirect::to(&format!("/households/{id}")).into_response(),
        Err(e) if not_about_the_form(&e) => page_error(&viewer, &format!("/households/{id}/edit"), e),
        Err(e) => {
            let general = filled.refused(&e, |_| None);
            (status_of(&e), render(&household_edit_page(&viewer, id, &filled, general))).into_response()
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

fn end_office_page(viewer: &Viewer, office: &Office, body: &cabildo_domain::Body, filled: &Filled) -> FormPage {
    let id = office.id.0;
    let title = tr(viewer.lang, "web-end-office", &[]);
    FormPage {
        submit: tr(viewer.lang, "web-end", &[]),
        general_error: filled.errors.get("").cloned(),
        ..FormPage::new(
            viewer,
            format!("/offices/{id}/end"),
            format!("{title}: {} ({})", office.title, office.holder.display()),
            format!("/bodies/{}", body.id.0),
            body.name.clone(),
            format!("/offices/{id}/end"),
            vec![
                filled.field("reason", FieldKind::Select(end_reasons(&viewer.lang)), true),
                filled.field("on", FieldKind::Input("text"), true),
            ],
        )
    }
}

async fn end_office_form(State(state): State<AppState>, viewer: Viewer, Path(id): Path<i64>) -> Response {
    let ctx = viewer.ctx.clone();
    match state.run(move |store| registry::office_for_edit(store, &ctx, OfficeId(id))).await {
        Ok((office, body)) => {
            let values = HashMap::from([
                ("reason".to_string(), OfficeEnd::Term.code().to_string()),
                ("on".to_string(), date_text(viewer.lang, viewer.ctx.today)),
            ]);
            render(&end_office_page(&viewer, &office, &body, &Filled::new(viewer.lang, values)))
        }
        Err(e) => page_error(&viewer, &format!("/offices/{id}/end"), e),
    }
}

async fn end_office(
    State(state): State<AppState>,
    headers: HeaderMap,
    viewer: Viewer,
    Path(id): Path<i64>,
    Form(values): Form<HashMap<String, String>>,
) -> Response {
    if let Some(refused) = refuse_cross_site(&viewer, &headers, values.get("csrf").map_or("", String::as_str)) {
        return refused;
    }
    let path = format!("/offices/{id}/end");
    let ctx = viewer.ctx.clone();
    let (office, body) = match state.run(move |store| registry::office_for_edit(store, &ctx, OfficeId(id))).await {
        Ok(found) => found,
        Err(e) => return page_error(&viewer, &path, e),
    };
    let mut filled = Filled::new(viewer.lang, values);
    let reason = filled.check("reason", OfficeEnd::parse);
    let on = filled.check("on", |v| cabildo_domain::padron::parse_date(Field::Date, v));
    let (Some(reason), Some(on)) = (reason, on) else {
        return (StatusCode::UNPROCESSABLE_ENTITY, render(&end_office_page(&viewer, &office, &body, &filled)))
            .into_response();
    };
    let ctx = viewer.ctx.clone();
    match state.run(move |store| registry::end_office(store, &ctx, OfficeId(id), on, reason)).await {
        Ok(ended) => Redirect::to(&format!("/bodies/{}", ended.body_id.0)).into_response(),
        Err(e) if not_about_the_form(&e) => page_error(&viewer, &path, e),
        Err(e) => {
            let text = text_of(viewer.lang, &e);
            // A date before the term is about the date; anything else is about the office.
            let field = match &e {
                ServiceError::Domain(DomainError::EndBeforeStart { .. }) => "on",
                _ => "",
            };
            filled.errors.insert(field, text);
            (status_of(&e), render(&end_office_page(&viewer, &office, &body, &filled))).into_response()
        }
    }
}

// --- A body under another parent --------------------------------------------------------------

fn move_page(viewer: &Viewer, found: &registry::MoveTargets, filled: &Filled, general: Option<String>) -> FormPage {
    let id = found.body.id.0;
    let options = std::iter::once((String::new(), tr(viewer.lang, "web-choose", &[])))
        .chain(found.targets.iter().map(|(b, depth)| {
            (b.id.0.to_string(), format!("{}{} ({})", "\u{a0}\u{a0}".repeat(*depth), b.name, b.code))
        }))
        .collect();
    FormPage {
        submit: tr(viewer.lang, "web-move", &[]),
        general_error: general,
        ..FormPage::new(
            viewer,
            format!("/bodies/{id}/move"),
            format!("{}: {}", tr(viewer.lang, "web-move-body", &[]), found.body.name),
            format!("/bodies/{id}"),
            found.body.name.clone(),
            format!("/bodies/{id}/move"),
            vec![filled.field("parent", FieldKind::Select(options), true)],
        )
    }
}

async fn move_targets(state: &AppState, viewer: &Viewer, id: i64) -> Result<registry::MoveTargets, ServiceError> {
    let ctx = viewer.ctx.clone();
    state.run(move |store| registry::move_targets(store, &ctx, &id.to_string())).await
}

async fn move_form(State(state): State<AppState>, viewer: Viewer, Path(id): Path<i64>) -> Response {
    match move_targets(&state, &viewer, id).await {
        Ok(found) => {
            let parent = found.body.parent_id.map(|p| p.0.to_string()).unwrap_or_default();
            let filled = Filled::new(viewer.lang, HashMap::from([("parent".to_string(), parent)]));
            render(&move_page(&viewer, &found, &filled, None))
        }
        Err(e) => page_error(&viewer, &format!("/bodies/{id}/move"), e),
    }
}

async fn move_body(
    State(state): State<AppState>,
    headers: HeaderMap,
    viewer: Viewer,
    Path(id): Path<i64>,
    Form(values): Form<HashMap<String, String>>,
) -> Response {
    if let Some(refused) = refuse_cross_site(&viewer, &headers, values.get("csrf").map_or("", String::as_str)) {
        return refused;
    }
    let path = format!("/bodies/{id}/move");
    let mut filled = Filled::new(viewer.lang, values);
    let parent = filled.check("parent", |v| {
        let v = v.trim();
        if v.is_empty() {
            return Err(DomainError::Required { field: Field::Parent });
        }
        v.parse::<i64>().map_err(|_| DomainError::Invalid { field: Field::Parent, value: v.to_string() })
    });
    let result = match parent {
        Some(parent) => {
            let ctx = viewer.ctx.clone();
            state
                .run(move |store| registry::move_body(store, &ctx, &id.to_string(), Some(&parent.to_string())))
                .await
                .map(|_| ())
        }
        None => Err(ServiceError::Domain(DomainError::Required { field: Field::Parent })),
    };
    let error = match result {
        Ok(()) => return Redirect::to(&format!("/bodies/{id}")).into_response(),
        Err(e) => e,
    };
    // The form comes back only to whoever may move the body.
    let found = match move_targets(&state, &viewer, id).await {
        Ok(found) => found,
        Err(e) => return page_error(&viewer, &path, e),
    };
    let general = if filled.errors.is_empty() {
        // The body is the viewer's to move, so a refusal is about the parent chosen.
        filled.refused(&error, |e| {
            matches!(
                e,
                ServiceError::Forbidden { .. } | ServiceError::UnknownBody { .. } | ServiceError::BodyClosed { .. }
            )
            .then_some("parent")
        })
    } else {
        None
    };
    (status_of(&error), render(&move_page(&viewer, &found, &filled, general))).into_response()
}

// --- Closing a body ----------------------------------------------------------------------------

fn close_page(viewer: &Viewer, body: &cabildo_domain::Body, general: Option<String>) -> FormPage {
    let id = body.id.0;
    FormPage {
        submit: tr(viewer.lang, "web-close-body", &[]),
        general_error: general,
        ..FormPage::new(
            viewer,
            format!("/bodies/{id}/close"),
            format!("{}: {}", tr(viewer.lang, "web-close-body", &[]), body.name),
            format!("/bodies/{id}"),
            body.name.clone(),
            format!("/bodies/{id}/close"),
            Vec::new(),
        )
    }
}

async fn close_form(State(state): State<AppState>, viewer: Viewer, Path(id): Path<i64>) -> Response {
    match body_of(&state, &viewer.ctx, id).await {
        Ok(body) => render(&close_page(&viewer, &body, None)),
        Err(e) => page_error(&viewer, &format!("/bodies/{id}/close"), e),
    }
}

async fn close_body(
    State(state): State<AppState>,
    headers: HeaderMap,
    viewer: Viewer,
    Path(id): Path<i64>,
    Form(values): Form<HashMap<String, String>>,
) -> Response {
    if let Some(refused) = refuse_cross_site(&viewer, &headers, values.get("csrf").map_or("", String::as_str)) {
        return refused;
    }
    let path = format!("/bodies/{id}/close");
    let ctx = viewer.ctx.clone();
    match state.run(move |store| registry::close_body(store, &ctx, &id.to_string())).await {
        Ok(_) => Redirect::to(&format!("/bodies/{id}")).into_response(),
        Err(e) if not_about_the_form(&e) => page_error(&viewer, &path, e),
        Err(e) => match body_of(&state, &viewer.ctx, id).await {
            Ok(body) => {
                (status_of(&e), render(&close_page(&viewer, &body, Some(text_of(viewer.lang, &e))))).into_response()
            }
            Err(other) => page_error(&viewer, &path, other),
        },
    }
}
