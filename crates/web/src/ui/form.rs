//! The generic form page: a title, fields with their labels, values and problems, one button.

use askama::Template;
use cabildo_i18n::tr;

use crate::http::viewer::Viewer;
use crate::ui::chrome::Chrome;

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
#[template(path = "ui/form.html")]
pub struct FormPage {
    pub page: Chrome,
    pub title: String,
    pub back_href: String,
    pub back_label: String,
    pub action: String,
    pub multipart: bool,
    pub submit: String,
    pub general_error: Option<String>,
    pub fields: Vec<FormField>,
    /// Import problems: line, column, value, reason.
    pub problems: Vec<(u64, String, String, String)>,
    pub success: Option<String>,
}

/// Where a form page is and where it leads back to.
pub struct FormPlace {
    /// The form's own address (also where it posts).
    pub path: String,
    pub title: String,
    pub back_href: String,
    pub back_label: String,
}

impl FormPage {
    /// A form page with the usual defaults: urlencoded, a "Save" button, no message yet.
    pub fn new(viewer: &Viewer, place: FormPlace, fields: Vec<FormField>) -> FormPage {
        FormPage {
            page: viewer.chrome(place.path.clone()),
            title: place.title,
            back_href: place.back_href,
            back_label: place.back_label,
            action: place.path,
            multipart: false,
            submit: tr(viewer.lang, "web-save", &[]),
            general_error: None,
            fields,
            problems: Vec::new(),
            success: None,
        }
    }
}
