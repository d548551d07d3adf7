//! Forms that say what is wrong where the eye is (the kit: `http/fields.rs`, `ui/form.rs`,
//! `templates/ui/fields.html`): every problem at once, a summary at the top announced as an
//! alert with a link to each field, each field `aria-invalid` and described by its message, a bad
//! value never put back into a typed input the browser would discard; and the sindicato's page,
//! whose dangerous buttons confirm first and name whom they act on.

use axum::http::StatusCode;

use crate::support::pages::Places;
use crate::support::{Db, Reply, TestApp, Who, on_both_backends};

on_both_backends!(
    the_convene_form_names_every_problem_at_once_next_to_its_field_and_in_a_summary,
    the_motion_form_marks_its_required_proposer_and_names_every_problem,
    the_generic_forms_link_their_summary_to_their_fields,
    the_sindicato_page_confirms_before_ending_an_office_or_closing_and_names_whom_it_acts_on,
);

/// The `<input …>` (or select, textarea) tag of field `name`.
fn tag_of<'p>(page: &'p str, name: &str) -> &'p str {
    let at = page.find(&format!("name=\"{name}\"")).unwrap_or_else(|| panic!("no field {name}: {page}"));
    let start = page[..at].rfind('<').unwrap();
    let end = at + page[at..].find('>').unwrap();
    &page[start..=end]
}

/// Checks a field carries its problem as assistive technology needs it, and returns the message.
fn invalid_field(page: &str, name: &str) -> String {
    let tag = tag_of(page, name);
    assert!(tag.contains("aria-invalid=\"true\""), "{name} is marked invalid: {tag}");
    assert!(tag.contains(&format!("aria-describedby=\"error-{name}\"")), "{name} is described by its message: {tag}");
    assert!(tag.contains(&format!("id=\"field-{name}\"")), "{name} has the id the summary links to: {tag}");
    let marker = format!("<p class=\"field-error\" id=\"error-{name}\">");
    let message = page.split(&marker).nth(1).unwrap_or_else(|| panic!("no message for {name}: {page}"));
    let message = &message[..message.find("</p>").unwrap()];
    // Right after the field, not somewhere else on the page.
    let field_at = page.find(tag).unwrap();
    let message_at = page.find(&marker).unwrap();
    assert!(message_at > field_at && message_at - field_at < tag.len() + 80, "{name}'s message is next to it");
    message.to_string()
}

/// The summary: first in the form's section, an alert that can take focus, one link per field.
fn summary_links(page: &str) -> Vec<String> {
    let start =
        page.find("<div class=\"error-summary\" id=\"errors\" role=\"alert\" tabindex=\"-1\">").expect("a summary");
    let end = start + page[start..].find("</div>").unwrap();
    page[start..end].split("<a href=\"#field-").skip(1).map(|s| s.split('"').next().unwrap().to_string()).collect()
}

fn the_convene_form_names_every_problem_at_once_next_to_its_field_and_in_a_summary(db: &Db) {
    let app = TestApp::demo(db).families(100).build();
    let path = format!("/bodies/{}/assemblies", app.sindicato());
    app.block_on(async {
        // An empty title, a day that does not exist, an empty place: three problems, all named.
        let form = "assembly_kind=ordinaria&assembly_title=&scheduled_for=31%2F02%2F2026+09%3A00&place=+&agenda=";
        let Reply { status, body: page, .. } = app.post_form(&path, "actas", form).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(summary_links(&page), ["assembly_title", "scheduled_for", "place"], "{page}");
        assert!(page.contains("El formulario tiene 3 problemas:"), "{page}");
        assert!(invalid_field(&page, "assembly_title").contains("es obligatorio"));
        assert_eq!(invalid_field(&page, "scheduled_for"), "Fecha y hora: el 31/02/2026 no existe.");
        assert!(invalid_field(&page, "place").contains("es obligatorio"));
        // The summary comes before the form, and the form comes back to it.
        let summary_at = page.find("id=\"errors\"").unwrap();
        let form_at = page.find(&format!("action=\"{path}#errors\"")).expect("the form posts to #errors");
        assert!(summary_at < form_at);
        // What was typed for a datetime-local input comes back in a text input, as typed.
        let tag = tag_of(&page, "scheduled_for");
        assert!(tag.contains("type=\"text\"") && tag.contains("value=\"31/02/2026 09:00\""), "{tag}");
        // Fields without a problem are not marked.
        assert!(!tag_of(&page, "agenda").contains("aria-invalid"), "{page}");

        // In English too, with the plural chosen by the count.
        let english = app.request("POST", &path).by("actas").lang("en");
        let token = app.csrf("actas");
        let one = "assembly_kind=ordinaria&assembly_title=Asamblea&scheduled_for=2026-11-30T09%3A00&place=";
        let Reply { body: page, .. } = english.form(&format!("{one}&csrf={token}")).send().await;
        assert!(page.contains("The form has one problem:"), "{page}");
        assert_eq!(summary_links(&page), ["place"]);
        // The good date was kept in its own typed input.
        let tag = tag_of(&page, "scheduled_for");
        assert!(tag.contains("type=\"datetime-local\"") && tag.contains("value=\"2026-11-30T09:00\""), "{tag}");

        // Markup typed into a field is shown as text, never as markup.
        let hostile =
            "assembly_kind=ordinaria&assembly_title=%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E&scheduled_for=x&place=";
        let Reply { body: page, .. } = app.post_form(&path, "actas", hostile).await;
        assert!(!page.contains("<script>alert(1)"), "{page}");
        assert!(tag_of(&page, "assembly_title").contains("value=\"&#34;&#62;&#60;script&#62;alert(1)"), "{page}");

        // A good form convenes.
        let good = "assembly_kind=ordinaria&assembly_title=Asamblea&scheduled_for=2026-11-30T09%3A00&place=Cancha";
        let Reply { status, .. } = app.post_form(&path, "actas", good).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
    });
}

fn the_motion_form_marks_its_required_proposer_and_names_every_problem(db: &Db) {
    let app = TestApp::demo(db).families(100).build();
    let places = Places::make(&app);
    let path = format!("/assemblies/{}/motions", places.assembly.0);
    app.block_on(async {
        let page = app.get(&format!("/assemblies/{}", places.assembly.0), "actas").await.body;
        let proposer = tag_of(&page, "proposer");
        assert!(proposer.contains(" required"), "{proposer}");
        let label = page.split("<label for=\"field-proposer\">").nth(1).unwrap();
        assert!(label[..label.find("</label>").unwrap()].contains("class=\"required\""), "the proposer is marked");

        let Reply { status, body: page, .. } =
            app.post_form(&path, "actas", "motion_title=&motion_text=Texto&proposer=").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(summary_links(&page), ["motion_title", "proposer"], "{page}");
        invalid_field(&page, "motion_title");
        invalid_field(&page, "proposer");
        // What was typed is kept.
        assert!(page.contains(">Texto</textarea>"), "{page}");
    });
}

fn the_generic_forms_link_their_summary_to_their_fields(db: &Db) {
    let app = TestApp::demo(db).families(100).build();
    let path = format!("/bodies/{}/households", app.sindicato());
    app.block_on(async {
        let bad = "given_names=Rosa&first_surname=&parcel_code=Z-1&area=dos&affiliated_on=31/02/2020";
        let Reply { status, body: page, .. } = app.post_form(&path, "actas", bad).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        // In the order of the fields on the page.
        assert_eq!(summary_links(&page), ["first_surname", "affiliated_on", "area"], "{page}");
        assert!(invalid_field(&page, "affiliated_on").contains("el 31/02/2020 no existe"), "{page}");
        assert!(page.contains("Los campos marcados con * son obligatorios."), "{page}");
        let form_at = page.find("<form class=\"stack\"").unwrap();
        assert!(page.find("id=\"errors\"").unwrap() < form_at, "the summary is above the form");
    });
}

fn the_sindicato_page_confirms_before_ending_an_office_or_closing_and_names_whom_it_acts_on(db: &Db) {
    let app = TestApp::demo(db).families(100).build();
    let (s, office) = (app.sindicato(), app.office());
    let record = db.store.read(|r| r.office(cabildo_domain::OfficeId(office))).unwrap().unwrap();
    let holder = record.holder.display();
    app.block_on(async {
        let page = app.get(&format!("/bodies/{s}"), "admin").await.body;
        // Asambleas is the primary action; publishing is a plain button.
        assert!(page.contains(&format!("<a class=\"button primary\" href=\"/bodies/{s}/assemblies\"")), "{page}");
        assert_eq!(page.matches("class=\"primary\"").count() + page.matches("class=\"button primary\"").count(), 1);
        // Ending an office and closing the body are links to a confirmation, never one-tap posts.
        assert!(!page.contains(&format!("action=\"/offices/{office}/end\"")), "{page}");
        assert!(!page.contains(&format!("action=\"/bodies/{s}/close\"")), "{page}");
        let name = format!("aria-label=\"Concluir: {}, {holder}\"", record.title);
        assert!(
            page.contains(&format!("<a class=\"button\" href=\"/offices/{office}/end\" {name}>Concluir</a>")),
            "{page}"
        );
        // The confirmation says what will happen, to whom, and its button names them.
        let confirm = app.get(&format!("/offices/{office}/end"), "admin").await.body;
        assert!(confirm.contains(&format!("{holder} deja de ser {}", record.title)), "{confirm}");
        assert!(confirm.contains(&format!(">Concluir: {}, {holder}</button>", record.title)), "{confirm}");
        let close = app.get(&format!("/bodies/{s}/close"), "admin").await.body;
        assert!(close.contains("¿Cerrar Sindicato"), "{close}");
        assert!(close.contains(">Cerrar Sindicato"), "{close}");

        // Who may only look sees no form but the sign-out, and no button acting on the body.
        let page = app.get(&format!("/bodies/{s}"), "afiliado").await.body;
        assert_eq!(page.matches("<form method=\"post\"").count(), 1, "only the sign-out: {page}");
        assert!(!page.contains("/end\"") && !page.contains("/close\"") && !page.contains("/publish\""), "{page}");
        let page = app.get(&format!("/bodies/{s}"), Who::Anonymous).await;
        assert_ne!(page.status, StatusCode::OK, "a visitor does not see a sindicato's inside page");
    });
}
