//! The forms that edit the register from the web pages, in process, on both backends: a family's
//! data, the end of an office, moving and closing a body; who may open and post them.

use axum::http::{StatusCode, header};
use cabildo_domain::{BodyId, HouseholdId};

use crate::support::{Db, Reply, TestApp, on_both_backends, today};

on_both_backends!(
    the_edit_forms_answer_every_role_as_the_table_says,
    a_household_is_edited_with_problems_next_to_their_fields,
    an_office_is_ended_from_the_body_page,
    a_body_moves_under_another_but_never_under_itself,
    a_body_closes_only_without_open_sub_bodies,
    who_may_only_look_cannot_post_any_edit_form,
);

/// The text shown next to a field, up to the end of its paragraph.
fn error_next_to<'a>(page: &'a str, field: &str) -> &'a str {
    let marker = format!("id=\"error-{field}\">");
    let shown = page.split(&marker).nth(1).unwrap_or_else(|| panic!("no error next to {field}: {page}"));
    shown.split("</p>").next().unwrap_or_default()
}

fn crumbs(page: &str) -> &str {
    page.split("<p class=\"crumbs\">").nth(1).unwrap().split("</p>").next().unwrap()
}

/// Columns: anonymous, admin (root), dirigente (F1), actas, hacienda and afiliado (sindicato
/// F1-C01-S01), observador (root). 303 is the way to the sign-in page.
fn the_edit_forms_answer_every_role_as_the_table_says(db: &Db) {
    let app = TestApp::demo(db).build();
    let (s, o, h, office) = (app.sindicato(), app.other_sindicato(), app.household(), app.office());
    let table: Vec<(String, [u16; 7])> = vec![
        (format!("/households/{h}/edit"), [303, 200, 403, 200, 403, 403, 403]),
        (format!("/offices/{office}/end"), [303, 200, 403, 200, 403, 403, 403]),
        (format!("/bodies/{s}/move"), [303, 200, 403, 200, 403, 403, 403]),
        (format!("/bodies/{s}/close"), [303, 200, 403, 200, 403, 403, 403]),
        (format!("/bodies/{o}/move"), [303, 200, 403, 403, 403, 403, 403]),
        (format!("/bodies/{o}/close"), [303, 200, 403, 403, 403, 403, 403]),
        ("/households/999999/edit".into(), [404, 404, 404, 404, 404, 404, 404]),
        ("/offices/999999/end".into(), [404, 404, 404, 404, 404, 404, 404]),
        ("/bodies/999999/move".into(), [404, 404, 404, 404, 404, 404, 404]),
    ];
    app.block_on(async {
        let wrong = app.mismatches(&table).await;
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
        // The pages link to the forms for editors only.
        let Reply { body: page, .. } = app.get(&format!("/households/{h}"), "actas").await;
        assert!(page.contains(&format!("href=\"/households/{h}/edit\"")), "{page}");
        let Reply { body: page, .. } = app.get(&format!("/households/{h}"), "afiliado").await;
        assert!(!page.contains("/edit\"") && !page.contains("/parcels/new"), "{page}");
        let Reply { body: page, .. } = app.get(&format!("/bodies/{s}"), "actas").await;
        for form in [format!("/bodies/{s}/move"), format!("/bodies/{s}/close"), format!("/offices/{office}/end")] {
            assert!(page.contains(&form), "{form}: {page}");
        }
        let Reply { body: page, .. } = app.get(&format!("/bodies/{s}"), "afiliado").await;
        assert!(!page.contains("/move\"") && !page.contains("/close\"") && !page.contains("/end\""), "{page}");
        // In English too.
        let english = |path: String| app.request("GET", &path).by("admin").lang("en").send();
        let Reply { body: page, .. } = english(format!("/bodies/{s}/move")).await;
        assert!(page.contains("Move under another body"), "{page}");
        let Reply { body: page, .. } = english(format!("/bodies/{s}")).await;
        assert!(page.contains("Close the body"), "{page}");
        // The reasons an office ends are on its confirmation page.
        let Reply { body: page, .. } = english(format!("/offices/{office}/end")).await;
        assert!(page.contains("Resignation"), "{page}");
    });
}

fn a_household_is_edited_with_problems_next_to_their_fields(db: &Db) {
    let app = TestApp::demo(db).build();
    let h = app.household();
    let audit_before = db.raw_count("audit_events");
    app.block_on(async {
        let path = format!("/households/{h}/edit");
        let Reply { status, body: page, .. } = app.get(&path, "actas").await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains("name=\"given_names\" value=\"") && page.contains("name=\"phone\""), "{page}");
        let bad = "given_names=Rosa+Elena&first_surname=Quispe&second_surname=&id_number=4455667\
                   &phone=llamar%21&register_number=77&affiliated_on=05/03/2019";
        let Reply { status, body: page, .. } = app.post_form(&path, "actas", bad).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(error_next_to(&page, "phone").contains("llamar!"), "{page}");
        assert!(!page.contains("id=\"error-given_names\""), "{page}");
        for kept in
            ["value=\"Rosa Elena\"", "value=\"Quispe\"", "value=\"4455667\"", "value=\"llamar!\"", "value=\"77\""]
        {
            assert!(page.contains(kept), "{kept} is kept: {page}");
        }
        let good = bad.replace("llamar%21", "71234567");
        let Reply { status, headers, .. } = app.post_form(&path, "actas", &good).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(headers.get(header::LOCATION).unwrap().to_str().unwrap(), format!("/households/{h}"));
        let Reply { body: page, .. } = app.get(&format!("/households/{h}"), "actas").await;
        for shown in ["Rosa Elena Quispe", "71234567", "4455667", "05/03/2019", ">77<"] {
            assert!(page.contains(shown), "{shown}: {page}");
        }
    });
    let household = db.store.read(|r| r.household(HouseholdId(h))).unwrap().unwrap();
    assert_eq!(household.representative.phone.as_deref(), Some("71234567"));
    assert_eq!(household.register_number.as_deref(), Some("77"));
    assert_eq!(db.raw_count("audit_events"), audit_before + 1, "one audit line: household.update");
}

fn an_office_is_ended_from_the_body_page(db: &Db) {
    let app = TestApp::demo(db).build();
    let office = db.store.read(|r| r.office(cabildo_domain::OfficeId(app.office()))).unwrap().unwrap();
    let too_early = (office.term_start - chrono::Days::new(1)).format("%d/%m/%Y").to_string();
    app.block_on(async {
        let path = format!("/offices/{}/end", app.office());
        let form = format!("reason=resignation&on={too_early}");
        let Reply { status, body: page, .. } = app.post_form(&path, "actas", &form).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(error_next_to(&page, "on").contains("es anterior a la fecha de inicio"), "{page}");
        assert!(page.contains(&format!("value=\"{too_early}\"")), "the date is kept: {page}");
        assert!(page.contains("<option value=\"resignation\" selected>"), "the reason is kept: {page}");
        let form = "reason=resignation&on=23/11/2026";
        let Reply { status, headers, .. } = app.post_form(&path, "actas", form).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let body = format!("/bodies/{}", app.sindicato());
        assert_eq!(headers.get(header::LOCATION).unwrap().to_str().unwrap(), body);
        let Reply { body: page, .. } = app.get(&body, "actas").await;
        assert!(!page.contains(&format!("action=\"{path}\"")), "no longer current: {page}");
        // Twice is refused, on the form page.
        let Reply { status, body: page, .. } = app.post_form(&path, "actas", form).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.contains("ya terminó"), "{page}");
    });
    let ended = db.store.read(|r| r.office(office.id)).unwrap().unwrap();
    assert_eq!(ended.ended_on, Some(today()));
    assert_eq!(ended.end_reason, Some(cabildo_domain::OfficeEnd::Resignation));
}

fn a_body_moves_under_another_but_never_under_itself(db: &Db) {
    let app = TestApp::demo(db).build();
    // The small demo has one central of one sindicato per federation.
    let (c1, c2) = (app.body("F1-C01"), app.body("F2-C01"));
    let moving = app.other_sindicato();
    app.block_on(async {
        let Reply { body: page, .. } = app.get(&format!("/bodies/{moving}"), "admin").await;
        assert!(crumbs(&page).contains(&format!("/bodies/{c2}\"")), "{page}");
        let Reply { body: form, .. } = app.get(&format!("/bodies/{c1}/move"), "admin").await;
        assert!(form.contains(&format!("<option value=\"{c2}\"")), "{form}");
        for own in [c1, app.sindicato()] {
            assert!(!form.contains(&format!("<option value=\"{own}\"")), "no body of its own sub-tree: {form}");
        }
        let Reply { status, headers, .. } =
            app.post_form(&format!("/bodies/{moving}/move"), "admin", &format!("parent={c1}")).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(headers.get(header::LOCATION).unwrap().to_str().unwrap(), format!("/bodies/{moving}"));
        let Reply { body: page, .. } = app.get(&format!("/bodies/{moving}"), "admin").await;
        let shown = crumbs(&page);
        assert!(shown.contains(&format!("/bodies/{c1}\"")) && !shown.contains(&format!("/bodies/{c2}\"")), "{page}");
        // A central under its own sindicato would make a cycle.
        let own = app.sindicato();
        let Reply { status, body: page, .. } =
            app.post_form(&format!("/bodies/{c1}/move"), "admin", &format!("parent={own}")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(error_next_to(&page, "parent").contains("No se puede mover"), "{page}");
        // Secretario de actas of a sindicato may not put it under a central it does not keep.
        let Reply { status, body: page, .. } =
            app.post_form(&format!("/bodies/{own}/move"), "actas", &format!("parent={c2}")).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert!(error_next_to(&page, "parent").contains("No tiene permiso"), "{page}");
    });
    let parent = |id: i64| db.store.read(|r| r.body(BodyId(id))).unwrap().unwrap().parent_id;
    assert_eq!(parent(moving), Some(BodyId(c1)));
    assert_eq!(parent(app.sindicato()), Some(BodyId(c1)), "nothing else changed");
    assert_eq!(parent(c1), Some(BodyId(app.body("F1"))), "nothing else changed");
}

fn a_body_closes_only_without_open_sub_bodies(db: &Db) {
    let app = TestApp::demo(db).build();
    let central = app.body("F2-C01");
    let sindicato = app.other_sindicato();
    app.block_on(async {
        let Reply { status, body: page, .. } = app.post_form(&format!("/bodies/{central}/close"), "admin", "").await;
        assert_eq!(status, StatusCode::CONFLICT);
        // One open sindicato below: the message says it in the singular.
        assert!(page.contains("todavía tiene 1 organización abierta debajo: ciérrela o muévala primero"), "{page}");
        // In English, the refusal is in English.
        let token = app.csrf("admin");
        let english = app.request("POST", &format!("/bodies/{central}/close")).by("admin").lang("en");
        let Reply { body: page, .. } = english.form(&format!("csrf={token}")).send().await;
        assert!(page.contains("1 open body below it"), "{page}");
        let Reply { status, .. } = app.post_form(&format!("/bodies/{sindicato}/close"), "admin", "").await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let Reply { body: page, .. } = app.get(&format!("/bodies/{sindicato}"), "admin").await;
        assert!(page.contains("cerrada"), "{page}");
        assert!(!page.contains("/close\""), "a closed body offers no edit forms: {page}");
    });
    let closed = |id: i64| db.store.read(|r| r.body(BodyId(id))).unwrap().unwrap().closed_on;
    assert_eq!(closed(central), None);
    assert_eq!(closed(sindicato), Some(today()));
}

fn who_may_only_look_cannot_post_any_edit_form(db: &Db) {
    let app = TestApp::demo(db).build();
    let (s, h, office) = (app.sindicato(), app.household(), app.office());
    let other_central = app.body("F2-C01");
    let audit_before = db.raw_count("audit_events");
    app.block_on(async {
        for (path, form) in [
            (format!("/households/{h}/edit"), "given_names=Ana&first_surname=Rojas".to_string()),
            (format!("/households/{h}/edit"), "given_names=&first_surname=".to_string()),
            (format!("/offices/{office}/end"), "reason=recall&on=23/11/2026".to_string()),
            (format!("/bodies/{s}/move"), format!("parent={other_central}")),
            (format!("/bodies/{s}/close"), String::new()),
        ] {
            let Reply { status, body: page, .. } = app.post_form(&path, "afiliado", &form).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{path}: {page}");
            assert!(!page.contains("name=\"given_names\""), "no form for whoever may not edit: {page}");
        }
        // Nor may anyone without the session's token.
        let Reply { status, .. } =
            app.request("POST", &format!("/bodies/{s}/close")).by("actas").form("csrf=wrong").send().await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    });
    assert_eq!(db.raw_count("audit_events"), audit_before, "nothing changed");
    assert_eq!(db.store.read(|r| r.body(BodyId(s))).unwrap().unwrap().closed_on, None);
}
