//! The secretario de actas' journey in a real browser on a 360-px phone (chromium driven by
//! chromedriver, against `cabildo demo` started as a real process), from the convocatoria to the
//! printed sealed acta: the convocatoria names who convenes and the fine, the radio text says
//! the day and the hour in words, the door lets most in, an election is held without typing a
//! term end, and the sealed acta — read as it prints, without the screen's status lines — names
//! the winner with the statute's term and everyone by attendance, with a line to sign under the
//! digital signature.
//!
//! Same needs and rules as `browser.rs` (skips without chromium unless
//! `CABILDO_REQUIRE_BROWSER=1`), whose harness and steps it uses.

use super::browser::{
    absolute, click, fill, open_own_sindicato, run, sign_in, target_dir, text, wait_for_all, wait_for_text,
};
use super::browser_assembly::{check_in_cards, convene, elect_by_hands};

const PASSWORD: &str = "cabildo-demo";

/// The text of `article.acta` as it prints: without what the print style sheet hides.
const PRINTED: &str = r#"
    const article = document.querySelector('article.acta').cloneNode(true);
    article.querySelectorAll('.screen-only').forEach(e => e.remove());
    return article.innerText;"#;

#[test]
fn the_secretary_goes_from_the_convocatoria_to_the_printed_sealed_acta() {
    run(|c, base| async move {
        sign_in(&c, &base, "actas").await;
        open_own_sindicato(&c).await;
        let agenda = "Control de asistencia\nElección del secretario general";
        let path =
            convene(&c, "ordinaria", "Asamblea de gestión", "Sede del sindicato", agenda, "2026-11-28 10:00").await;
        let assembly = absolute(&base, &path);

        // The convocatoria: the sindicato with its central and federation, who convenes, the fine.
        wait_for_text(&c, "h1", "Convocatoria: Asamblea de gestión").await;
        let bodies = text(&c, "#notice-bodies").await;
        assert!(bodies.lines().count() >= 3, "sindicato, central and federation: {bodies}");
        let convener = text(&c, "#convener").await;
        assert!(convener.ends_with(", Secretario de Actas"), "{convener}");
        c.goto(&format!("{assembly}/notice.txt")).await.unwrap();
        let notice = text(&c, "body").await;
        assert!(notice.contains("el sábado 28 de noviembre a las diez de la mañana"), "{notice}");
        assert!(!notice.contains("28/11/2026"), "{notice}");

        // At the door, everyone but five comes in (by their member cards).
        c.goto(&format!("{assembly}/cards")).await.unwrap();
        let names: Vec<String> = {
            let mut out = Vec::new();
            for card in wait_for_all(&c, ".card strong").await {
                out.push(card.text().await.unwrap());
            }
            out
        };
        let id = path.trim_start_matches("/assemblies/").to_string();
        let checked = check_in_cards(&c, &id, 0, -5).await;
        assert_eq!(checked as usize, names.len() - 5, "all but five came");
        let (came, away) = (names[0].clone(), names[names.len() - 1].clone());

        c.goto(&assembly).await.unwrap();
        click(&c, "#open-assembly").await;
        wait_for_text(&c, "#assembly-status", "En sesión").await;

        // An election without a term end: the statute's gestión gives it.
        let hint = text(&c, "#election-form").await;
        assert!(hint.contains("27/11/2028"), "the form says what an empty end means: {hint}");
        fill(&c, "office_title", "Secretario General").await;
        let boxes = wait_for_all(&c, "#election-form input[name='candidate']").await;
        boxes[0].click().await.unwrap();
        boxes[1].click().await.unwrap();
        let winner = boxes[1].find(fantoccini::Locator::XPath("..")).await.unwrap().text().await.unwrap();
        let winner = winner.trim().to_string();
        click(&c, "#election-form button.primary").await;
        wait_for_text(&c, "h1", "Secretario General").await;
        assert!(
            c.find(fantoccini::Locator::Css("form[action$='/withdraw']")).await.is_err(),
            "an election offers no \"Retirar la moción\""
        );
        elect_by_hands(&c, ["3", "9"]).await;

        c.goto(&assembly).await.unwrap();
        click(&c, "#close-assembly").await;
        wait_for_text(&c, "#assembly-status", "Clausurada").await;

        // The acta: signed by the Secretario de Actas as the holder of the office, then sealed.
        click(&c, "a[href$='/acta']").await;
        wait_for_text(&c, "#acta-status", "Borrador").await;
        fill(&c, "password", PASSWORD).await;
        click(&c, "#sign-form button").await;
        wait_for_text(&c, ".signed", ", Secretario de Actas").await;
        click(&c, "#seal-form button").await;
        wait_for_text(&c, "#acta-status", "Acta sellada").await;

        // Nothing wider than the phone.
        let width = c.execute("return document.documentElement.scrollWidth", vec![]).await.unwrap();
        assert!(width.as_u64().is_some_and(|w| w <= 360), "the acta is wider than the screen: {width}");
        let png = c.screenshot().await.unwrap();
        std::fs::write(target_dir().join("browser-acta-360.png"), &png).unwrap();

        // The acta as it prints: the winner with the term, everyone by attendance, the statute in
        // words, the times, the signer as a person with the office, a line to sign, the chain head.
        let printed = c.execute(PRINTED, vec![]).await.unwrap().as_str().unwrap().to_string();
        let elected = format!("Elegido: {winner}, Secretario General, del 28/11/2026 al 27/11/2028.");
        assert!(printed.contains(&elected), "{elected} not in: {printed}");
        assert!(printed.contains(&came) && printed.contains(&away), "{came} and {away} not in: {printed}");
        assert!(printed.contains("Ausentes (5)") && printed.contains("Notas"), "{printed}");
        assert!(printed.contains("mitad más uno de los habilitados") && printed.contains("2 años"), "{printed}");
        assert!(printed.contains("Apertura") && printed.contains("Clausura"), "{printed}");
        assert!(printed.contains("Firma o huella") && printed.contains("Cabeza de la cadena"), "{printed}");
        for raw in ["half_plus_one", "secretario_actas", "Versión 0", "Borrador", "proponente: actas"] {
            assert!(!printed.contains(raw), "{raw} in the printed acta: {printed}");
        }
    });
}
