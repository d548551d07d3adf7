//! A consulta a las bases in a real browser (as `browser_assembly.rs`, whose steps it uses): the
//! federation's dirigente launches it from the form (a missing question comes back next to its
//! field), reads its page and radio text; the sindicato's secretario de actas sees it on the
//! sindicato's page, convenes an assembly, checks people in, puts the consulta on the agenda,
//! votes it by show of hands and closes the vote; the consulta's page then shows the answer.

use super::browser::{
    absolute, click, fill, open_own_sindicato, run, sign_in, text, wait_for, wait_for_path_where, wait_for_text,
};
use super::browser_assembly::{check_in_cards, convene, open_vote};

#[test]
fn launches_a_consulta_and_a_base_answers_it_from_its_assembly() {
    run(|c, base| async move {
        sign_in(&c, &base, "dirigente").await;
        // The federation's number, as the API tells the signed-in page.
        let script = r#"const done = arguments[0];
            fetch('/api/v1/bodies').then(r => r.json()).then(j => done(j.bodies.find(b => b.code === 'F1').id));"#;
        let f1 = c.execute_async(script, vec![]).await.unwrap().as_i64().unwrap();
        c.goto(&format!("{base}/bodies/{f1}/consultas")).await.unwrap();
        wait_for_text(&c, "h1", "Consultas a las bases").await;

        // A choice with one option comes back with the problem next to the field, the rest kept.
        fill(&c, "question", "¿Marchamos a La Paz el lunes?").await;
        fill(&c, "consulta_text", "La directiva propone marchar con todas las bases.").await;
        wait_for(&c, "select[name='consulta_kind']").await.select_by_value("choice").await.unwrap();
        fill(&c, "consulta_option", "Marchar").await;
        c.execute("document.querySelector(\"[name='deadline']\").type='text'", vec![]).await.unwrap();
        fill(&c, "deadline", "2099-12-15").await;
        click(&c, "#launch-form button.primary").await;
        wait_for(&c, "#error-consulta_option").await;
        assert_eq!(super::browser::value(&c, "question").await, "¿Marchamos a La Paz el lunes?");
        wait_for(&c, "select[name='consulta_kind']").await.select_by_value("yes_no").await.unwrap();
        c.execute("document.querySelector(\"[name='deadline']\").type='text'", vec![]).await.unwrap();
        fill(&c, "deadline", "2099-12-15").await;
        click(&c, "#launch-form button.primary").await;
        let path = wait_for_path_where(&c, "/consultas/N", |p| p.starts_with("/consultas/")).await;
        let consulta = absolute(&base, &path);
        let id = path.trim_start_matches("/consultas/").to_string();
        wait_for_text(&c, "h1", "¿Marchamos a La Paz el lunes?").await;
        assert!(text(&c, "#answered").await.starts_with("0 de "), "{}", text(&c, "#answered").await);
        c.goto(&format!("{consulta}/notice.txt")).await.unwrap();
        let radio = text(&c, "body").await;
        assert!(radio.contains("¿Marchamos a La Paz el lunes?") && radio.contains("15 de diciembre"), "{radio}");

        // The sindicato is told on its page, and answers from an assembly.
        sign_in(&c, &base, "actas").await;
        open_own_sindicato(&c).await;
        let notice = text(&c, "#consultas").await;
        assert!(notice.contains("¿Marchamos a La Paz el lunes?") && notice.contains("Sin responder"), "{notice}");
        let assembly_path =
            convene(&c, "extraordinaria", "Asamblea por la consulta", "Sede", "Consulta", "2099-12-01 09:00").await;
        let assembly = absolute(&base, &assembly_path);
        c.goto(&format!("{assembly}/cards")).await.unwrap();
        let assembly_id = assembly_path.trim_start_matches("/assemblies/").to_string();
        let checked = check_in_cards(&c, &assembly_id, 0, 1000).await;
        c.goto(&assembly).await.unwrap();
        click(&c, "#open-assembly").await;
        wait_for_text(&c, "#assembly-status", "En sesión").await;
        click(&c, &format!("#agenda-consulta-{id} button")).await;
        wait_for(&c, "#motion-consulta").await;
        open_vote(&c, "show_of_hands").await;
        let (yes, no) = (checked - checked / 4, checked / 4);
        fill(&c, "votes_for", &yes.to_string()).await;
        fill(&c, "votes_against", &no.to_string()).await;
        click(&c, "#hands button").await;
        wait_for(&c, "#tally").await;
        click(&c, "#close-vote button").await;
        click(&c, "#confirm-close button").await;
        wait_for_text(&c, "#outcome", "Aprobada").await;

        // The consulta's page shows the answer, and the sindicato's page says it answered.
        c.goto(&consulta).await.unwrap();
        let answers = text(&c, "#answers").await;
        assert!(answers.contains("Sí") && answers.contains("Asamblea por la consulta"), "{answers}");
        assert!(answers.contains(&format!("Sí: {yes}")), "{answers}");
        assert!(text(&c, "#answered").await.starts_with("1 de "));
    });
}
