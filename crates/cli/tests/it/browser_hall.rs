//! The door and a paper-ballot vote as they happen in a hall, in a real browser at 360 px (the
//! harness of `browser.rs`, against `cabildo demo` as a real process): the secretario de actas
//! convenes, checks families in and sees the door's counter move and the families marked, opens
//! the assembly, puts a motion to paper ballots counted by hand, enters the counts (refused
//! above those present), closes the vote after confirming and sees the result; then opens a
//! secret ballot, whose sheet of codes prints and whose ballot page names the assembly and the
//! motion.

use fantoccini::Locator;

use super::browser::{
    absolute, click, fill, open_own_sindicato, run, sign_in, text, wait_for, wait_for_all, wait_for_text,
};
use super::browser_assembly::{check_in_cards, convene};

/// The numbers of the door's counter, in order: present, quorum, missing (when shown).
fn numbers(counter: &str) -> Vec<u64> {
    counter.split(|ch: char| !ch.is_ascii_digit()).filter_map(|n| n.parse().ok()).collect()
}

#[test]
fn a_hall_checks_in_counts_paper_ballots_and_shows_the_ballot() {
    run(|c, base| async move {
        sign_in(&c, &base, "actas").await;
        open_own_sindicato(&c).await;
        let path = convene(
            &c,
            "ordinaria",
            "Asamblea de la sala",
            "Sede del sindicato",
            "Informe\nGenerador",
            "2026-11-28 09:00",
        )
        .await;
        let assembly = absolute(&base, &path);
        let id = path.trim_start_matches("/assemblies/").to_string();

        // The door: nobody yet, then one family by its button, which names whom it acts on.
        c.goto(&format!("{assembly}/door")).await.unwrap();
        let counter = text(&c, "#door-count strong").await;
        assert!(counter.starts_with("0 presentes · quórum "), "{counter}");
        let quorum = numbers(&counter)[1];
        let who = text(&c, "li.door-line .who").await;
        let button = wait_for(&c, "li.door-line button.primary").await;
        let label = button.text().await.unwrap();
        let hidden = button.find(Locator::Css(".vh")).await.unwrap().prop("textContent").await.unwrap().unwrap();
        assert!(label.starts_with("Presente"), "the short word first: {label}");
        assert!(
            who.starts_with(hidden.trim_start_matches(": ")),
            "the accessible name has the person: {hidden} / {who}"
        );
        let size = button.rectangle().await.unwrap();
        assert!(size.2 >= 24.0 && size.3 >= 24.0, "a target of at least 24×24 px: {size:?}");
        button.click().await.unwrap();
        wait_for(&c, "#done").await;
        assert_eq!(
            text(&c, "#door-count strong").await,
            format!("1 presente · quórum {quorum} · faltan {}", quorum - 1)
        );
        let first = text(&c, "li.door-line").await;
        assert!(
            first.contains("Presente") && first.contains("Cambiar a justificado"),
            "marked, with a correction: {first}"
        );

        // Enough families for quorum, by their member cards, through the same door form.
        c.goto(&format!("{assembly}/cards")).await.unwrap();
        let checked = check_in_cards(&c, &id, 1, 2 + quorum as i64).await;
        assert_eq!(checked, quorum + 1);
        c.goto(&format!("{assembly}/door")).await.unwrap();
        let counter = text(&c, "#door-count strong").await;
        assert_eq!(counter, format!("{} presentes · quórum {quorum} · hay quórum", quorum + 2));
        let present = quorum + 2;
        c.goto(&assembly).await.unwrap();
        click(&c, "#open-assembly").await;
        wait_for_text(&c, "#assembly-status", "En sesión").await;

        // A motion voted by paper ballots counted by hand.
        fill(&c, "motion_title", "Compra de un generador").await;
        fill(&c, "motion_text", "Con fondos de la caja.").await;
        fill(&c, "proposer", "Wara Condori").await;
        click(&c, "#motion-form button.primary").await;
        wait_for_text(&c, "h1", "Compra de un generador").await;
        let select = wait_for(&c, "#open-vote select[name='vote_method']").await;
        select.select_by_value("paper_ballot").await.unwrap();
        click(&c, "#open-vote button.primary").await;
        wait_for_text(&c, "#motion-status", "En votación").await;
        fill(&c, "votes_for", &(present - 3).to_string()).await;
        fill(&c, "votes_against", "3").await;
        fill(&c, "abstentions", "1").await;
        click(&c, "#paper button").await;
        wait_for(&c, "#error-votes_for").await;
        let refusal = text(&c, "#error-votes_for").await;
        assert!(
            refusal.contains(&format!("{} votos", present + 1)) && refusal.contains(&format!("{present} presentes")),
            "{refusal}"
        );
        fill(&c, "abstentions", "0").await;
        click(&c, "#paper button").await;
        wait_for_text(&c, "#paper-total", &format!("{present} papeletas contadas")).await;
        click(&c, "#close-vote button").await;
        wait_for_text(&c, "#close-confirm", "No se puede deshacer").await;
        click(&c, "#confirm-close button").await;
        wait_for_text(&c, "#outcome", "Aprobada").await;
        let tally = text(&c, "#tally").await;
        assert!(tally.contains(&format!("A favor {}", present - 3)) && tally.contains("En contra 3"), "{tally}");

        // A secret ballot: its sheet prints several codes per page; the ballot page says what
        // is voted, built on the server.
        c.goto(&assembly).await.unwrap();
        fill(&c, "motion_title", "Fecha de la feria").await;
        fill(&c, "motion_text", "La feria pasa al sábado.").await;
        fill(&c, "proposer", "Wara Condori").await;
        click(&c, "#motion-form button.primary").await;
        wait_for_text(&c, "h1", "Fecha de la feria").await;
        let motion = c.current_url().await.unwrap().path().rsplit('/').next().unwrap().to_string();
        let select = wait_for(&c, "#open-vote select[name='vote_method']").await;
        select.select_by_value("secret").await.unwrap();
        click(&c, "#open-vote button.primary").await;
        let codes = wait_for_all(&c, ".ballot-code").await;
        assert_eq!(codes.len() as u64, present);
        c.goto(&format!("{base}/ballot?motion={motion}")).await.unwrap();
        wait_for_text(&c, "#ballot-motion-title", "Fecha de la feria").await;
        assert!(text(&c, "#ballot-assembly").await.starts_with("Asamblea de la sala · "));
        let width: f64 =
            c.execute("return document.documentElement.scrollWidth", vec![]).await.unwrap().as_f64().unwrap();
        assert!(width <= 360.0, "the ballot page fits 360 px: {width}");
    });
}
