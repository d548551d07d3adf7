//! The generic form page: a title, fields with their labels, values and problems, one button.

use askama::Template;
use cabildo_i18n::{Lang, tr};

use crate::http::viewer::Viewer;
use crate::ui::chrome::Chrome;

/// The first problem of each field, in order: what a form's summary lists.
pub fn summary_items<'a>(problems: impl Iterator<Item = (&'a str, &'a str)>) -> Vec<(String, String)> {
    let mut items: Vec<(String, String)> = Vec::new();
    for (field, message) in problems {
        if !items.iter().any(|(f, _)| f == field) {
            items.push((field.to_string(), message.to_string()));
        }
    }
    items
}

/// The title of a form's summary of problems, with the count in words of the language.
pub fn summary_title(lang: Lang, count: usize) -> String {
    tr(lang, "form-problems", &[("count", lang.count(count as u64))])
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
#[template(path = "ui/form.html")]
pub struct FormPage {
    pub page: Chrome,
    pub title: String,
    pub back_href: String,
    pub back_label: String,
    pub action: String,
    pub multipart: bool,
    pub submit: String,
    /// What the form does, said before it (a confirmation page says what will change).
    pub intro: Option<String>,
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
    /// The problems of the fields, for the summary at the top: (field, message).
    pub fn summary(&self) -> Vec<(String, String)> {
        summary_items(self.fields.iter().filter_map(|f| f.error.as_deref().map(|e| (f.name, e))))
    }

    /// The summary's title, with the number of problems.
    pub fn summary_title(&self) -> String {
        summary_title(self.page.lang, self.summary().len())
    }

    /// Whether a field is required (the form then says what the mark means).
    pub fn has_required(&self) -> bool {
        self.fields.iter().any(|f| f.required && !matches!(f.kind, FieldKind::Select(_)))
    }

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
            intro: None,
            general_error: None,
            fields,
            problems: Vec::new(),
            success: None,
        }
    }
}
