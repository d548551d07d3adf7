//! An assembly of a sindicato run end to end in a real browser (chromium driven by chromedriver,
//! against `cabildo demo` started as a real process): the secretario de actas convenes it,
//! checks people in at the door (by search and by member card) until there is quorum, opens it,
//! moves motions voted by show of hands, by roll call and by secret ballot (cast anonymously on
//! /ballot with the printed codes), holds an election, closes it, signs the acta and seals it.
//!
//! Same needs and rules as `browser.rs` (skips without chromium unless
//! `CABILDO_REQUIRE_BROWSER=1`), whose harness and steps it uses.

use fantoccini::{Client, Locator};
use serde_json::json;

use super::browser::{
    absolute, click, encode, fill, open_own_sindicato, poll, run, sign_in, text, value, wait_for, wait_for_all,
    wait_for_path_where, wait_for_query, wait_for_text,
};

const PASSWORD: &str = "cabildo-demo";

#[test]
fn runs_an_assembly_from_convocatoria_to_sealed_acta() {
    run(|c, base| async move {
        sign_in(&c, &base, "actas").await;
        open_own_sindicato(&c).await;
        click(&c, "a[href$='/assemblies']").await;
        wait_for_text(&c, "h1", "Asambleas").await;

        // Convene: a bad date comes back next to its field, the rest kept.
        fill(&c, "assembly_title", "Asamblea ordinaria de noviembre").await;
        fill(&c, "place", "Sede del sindicato").await;
        fill(&c, "agenda", "Informe del dirigente\nCamino vecinal\nElección del secretario de deportes").await;
        c.execute("document.querySelector(\"[name='scheduled_for']\").type='text'", vec![]).await.unwrap();
        fill(&c, "scheduled_for", "31/02/2026 09:00").await;
        click(&c, "main form button.primary").await;
        wait_for(&c, "#error-scheduled_for").await;
        assert_eq!(value(&c, "assembly_title").await, "Asamblea ordinaria de noviembre");
        c.execute("document.querySelector(\"[name='scheduled_for']\").type='text'", vec![]).await.unwrap();
        fill(&c, "scheduled_for", "2026-11-28 09:00").await;
        click(&c, "main form button.primary").await;
        let path = wait_for_path_where(&c, "/assemblies/N", |p| p.starts_with("/assemblies/")).await;
        let assembly = absolute(&base, &path);
        wait_for_text(&c, "h1", "Convocatoria: Asamblea ordinaria de noviembre").await;
        assert_eq!(text(&c, "#assembly-status").await, "Convocada");
        assert!(text(&c, "ol.agenda").await.contains("Camino vecinal"));
        let quorum = text(&c, "#quorum").await;
        assert!(quorum.starts_with("Sin quórum: 0 presentes de"), "{quorum}");
        let numbers: Vec<u64> = quorum.split(|ch: char| !ch.is_ascii_digit()).filter_map(|n| n.parse().ok()).collect();
        let (eligible, required) = (numbers[1], numbers[2]);
        assert_eq!(required, eligible / 2 + 1, "{quorum}");

        // The notice for the radio is plain text.
        c.goto(&format!("{assembly}/notice.txt")).await.unwrap();
        let notice = text(&c, "body").await;
        assert!(
            notice.contains("el sábado 28 de noviembre a las nueve de la mañana")
                && notice.contains("2. Camino vecinal"),
            "{notice}"
        );

        // At the door: one by name search, one by member card code.
        c.goto(&format!("{assembly}/door")).await.unwrap();
        let first = text(&c, "li.door-line .who").await;
        let surname = first.split([' ', ',']).next().unwrap().to_string();
        let search = wait_for(&c, "#door-search input[name='q']").await;
        search.send_keys(&surname).await.unwrap();
        click(&c, "#door-search button").await;
        wait_for_query(&c, &format!("q={}", encode(&surname))).await;
        click(&c, "li.door-line button.primary").await;
        wait_for(&c, "#done").await;
        assert!(text(&c, "#done").await.contains("Presente"));
        assert_eq!(value(&c, "q").await, surname, "back on the same search");

        c.goto(&format!("{assembly}/cards")).await.unwrap();
        let cards = wait_for_all(&c, ".card-code").await;
        let code = cards[1].text().await.unwrap();
        c.goto(&format!("{assembly}/door")).await.unwrap();
        fill(&c, "code", &code).await;
        click(&c, "#card-form button").await;
        wait_for_text(&c, "#done", "Presente").await;

        // The rest of those who came, through the same door form (ten stay away).
        c.goto(&format!("{assembly}/cards")).await.unwrap();
        let id = path.trim_start_matches("/assemblies/").to_string();
        // Ten stay away.
        let checked = check_in_cards(&c, &id, 2, -10).await;
        assert!(checked + 12 >= eligible - 1, "everyone but ten came: {checked}");

        c.goto(&assembly).await.unwrap();
        let quorum = text(&c, "#quorum").await;
        assert!(quorum.starts_with("Hay quórum: "), "{quorum}");
        let present: u64 = quorum.split(|ch: char| !ch.is_ascii_digit()).find_map(|n| n.parse().ok()).unwrap();
        assert!(present >= required && present <= eligible - 10, "{quorum}");
        click(&c, "#open-assembly").await;
        wait_for_text(&c, "#assembly-status", "En sesión").await;

        // Motion 1: show of hands.
        let m1 = move_motion(&c, "Arreglo del camino vecinal", "Cada familia aporta un jornal.").await;
        open_vote(&c, "show_of_hands").await;
        fill(&c, "votes_for", &(present - 10).to_string()).await;
        fill(&c, "votes_against", "6").await;
        fill(&c, "abstentions", "4").await;
        click(&c, "#hands button").await;
        wait_for(&c, "#tally").await;
        click(&c, "#close-vote button").await;
        click(&c, "#confirm-close button").await;
        wait_for_text(&c, "#outcome", "Aprobada").await;
        assert_eq!(text(&c, "#resolution").await, "Resolución 1/2026");

        // Motion 2: roll call, three for and one against.
        let _m2 = move_motion(&c, "Compra de una motosierra", "Con fondos de la caja.").await;
        open_vote(&c, "roll_call").await;
        for option in ["for", "for", "against", "for"] {
            let before = c.find_all(Locator::Css("li.roll-line")).await.unwrap().len();
            click(&c, &format!("li.roll-line button[value='{option}']")).await;
            poll(&c, "one voter fewer", || async {
                let now = c.find_all(Locator::Css("li.roll-line")).await.ok()?.len();
                (now == before - 1).then_some(())
            })
            .await;
        }
        click(&c, "#close-vote button").await;
        click(&c, "#confirm-close button").await;
        wait_for_text(&c, "#outcome", "Aprobada").await;
        assert_eq!(text(&c, "#resolution").await, "Resolución 2/2026");
        let tally = text(&c, "#tally").await;
        assert!(tally.contains("A favor 3") && tally.contains("En contra 1"), "{tally}");

        // Motion 3: secret ballot; the codes are printed once, votes are cast anonymously.
        let m3 = move_motion(&c, "Cambio de la fecha de la feria", "La feria pasa al sábado.").await;
        let motion_page = c.current_url().await.unwrap().to_string();
        // Opening a secret ballot leads to the sheet of its codes, to print.
        let select = wait_for(&c, "#open-vote select[name='vote_method']").await;
        select.select_by_value("secret").await.unwrap();
        click(&c, "#open-vote button.primary").await;
        let codes = wait_for_all(&c, ".ballot-code").await;
        assert_eq!(codes.len() as u64, present, "one code per person present");
        let mut printed = Vec::new();
        for code in codes.iter().take(4) {
            printed.push(code.text().await.unwrap());
        }
        let ballot_page = format!("{base}/ballot?motion={m3}");
        // One voter after the other, each on a fresh page (so that no wait below can be answered
        // by the previous voter's page): each ballot waits in the box, to be written with others
        // or at the close, and the page says so.
        for (code, choice) in printed.iter().zip(["for", "for", "for", "against"]) {
            c.goto(&ballot_page).await.unwrap();
            fill(&c, "code", code).await;
            click(&c, &format!("#ballot button[value='{choice}']")).await;
            wait_for_text(&c, "#ballot-waiting", "en la urna").await;
        }
        c.goto(&ballot_page).await.unwrap();
        fill(&c, "code", &printed[0]).await;
        click(&c, "#ballot button[value='against']").await;
        wait_for_text(&c, "p.error", "ya está en la urna").await;
        c.goto(&motion_page).await.unwrap();
        click(&c, "#close-vote button").await;
        click(&c, "#confirm-close button").await;
        wait_for_text(&c, "#outcome", "Aprobada").await;
        assert_eq!(text(&c, "#resolution").await, "Resolución 3/2026");

        // An election between two of those present, by show of hands.
        c.goto(&assembly).await.unwrap();
        fill(&c, "office_title", "Secretario de deportes").await;
        let boxes = wait_for_all(&c, "#election-form input[name='candidate']").await;
        boxes[0].click().await.unwrap();
        boxes[1].click().await.unwrap();
        click(&c, "#election-form button.primary").await;
        wait_for_text(&c, "h1", "Secretario de deportes").await;
        elect_by_hands(&c, [&(present / 2).to_string(), &(present / 4).to_string()]).await;

        // The assembly page shows every result.
        c.goto(&assembly).await.unwrap();
        let motions = text(&c, "ol.motions").await;
        for shown in ["Resolución 1/2026", "Resolución 2/2026", "Resolución 3/2026", "Elegido", "Mano alzada"] {
            assert!(motions.contains(shown), "{shown}: {motions}");
        }
        assert!(m1 != m3);
        click(&c, "#close-assembly").await;
        wait_for_text(&c, "#assembly-status", "Clausurada").await;

        // The acta: signed by the secretario de actas, then sealed.
        click(&c, "a[href$='/acta']").await;
        wait_for_text(&c, "#acta-status", "Borrador").await;
        assert!(text(&c, "#missing").await.contains("Secretario de Actas"));
        let acta = text(&c, "article.acta").await;
        assert!(acta.contains("Arreglo del camino vecinal") && acta.contains("Votación nominal"), "{acta}");
        fill(&c, "password", "no-es-la-clave").await;
        click(&c, "#sign-form button").await;
        wait_for(&c, "#error-password").await;
        fill(&c, "password", PASSWORD).await;
        click(&c, "#sign-form button").await;
        wait_for_text(&c, ".signed", "Secretario de Actas").await;
        assert!(c.find(Locator::Css("#missing")).await.is_err());
        click(&c, "#seal-form button").await;
        wait_for_text(&c, "#acta-status", "Acta sellada").await;
        assert!(c.find(Locator::Css("#sign-form")).await.is_err(), "a sealed acta cannot be signed");

        click(&c, "a[href$='/verify']").await;
        wait_for_text(&c, "#chain-ok", "intacta").await;
    });
}

/// Moves a motion from the assembly page; returns its id, on its page.
async fn move_motion(c: &Client, title: &str, text_: &str) -> String {
    let assembly = c.current_url().await.unwrap();
    let path = assembly.path().to_string();
    let base = path.split("/motions/").next().unwrap().to_string();
    if path != base {
        let url = assembly.join(&base).unwrap();
        c.goto(url.as_str()).await.unwrap();
    }
    fill(c, "motion_title", title).await;
    fill(c, "motion_text", text_).await;
    fill(c, "proposer", "Wara Condori").await;
    click(c, "#motion-form button.primary").await;
    wait_for_text(c, "h1", title).await;
    let url = c.current_url().await.unwrap();
    url.path().rsplit('/').next().unwrap().to_string()
}

/// Convenes an assembly of `kind` from the sindicato page now open, through its assemblies page
/// (the date typed as a secretary would, in a text field); returns the new assembly's path.
pub(crate) async fn convene(c: &Client, kind: &str, title: &str, place: &str, agenda: &str, at: &str) -> String {
    click(c, "a[href$='/assemblies']").await;
    wait_for_text(c, "h1", "Asambleas").await;
    wait_for(c, "select[name='assembly_kind']").await.select_by_value(kind).await.unwrap();
    fill(c, "assembly_title", title).await;
    fill(c, "place", place).await;
    fill(c, "agenda", agenda).await;
    c.execute("document.querySelector(\"[name='scheduled_for']\").type='text'", vec![]).await.unwrap();
    fill(c, "scheduled_for", at).await;
    click(c, "main form button.primary").await;
    wait_for_path_where(c, "/assemblies/N", |p| p.starts_with("/assemblies/")).await
}

/// Checks in, through the door form, the people whose member cards stand at `from..to` on the
/// cards page now open (JavaScript's `slice`: a negative `to` counts from the end), one after the
/// other as at the door; answers how many the server accepted.
pub(crate) async fn check_in_cards(c: &Client, assembly: &str, from: i64, to: i64) -> u64 {
    let script = r#"
        const [id, from, to, done] = arguments;
        const csrf = document.querySelector("input[name='csrf']").value;
        const codes = [...document.querySelectorAll('.card-code')].map(e => e.textContent.trim());
        (async () => {
            let n = 0;
            for (const code of codes.slice(from, to)) {
                const body = 'csrf=' + encodeURIComponent(csrf) + '&code=' + encodeURIComponent(code);
                const r = await fetch('/assemblies/' + id + '/door', {method: 'POST', body,
                    headers: {'content-type': 'application/x-www-form-urlencoded'}});
                if (r.ok) n++;
            }
            done(n);
        })();"#;
    let checked = c.execute_async(script, vec![json!(assembly), json!(from), json!(to)]).await.unwrap();
    checked.as_u64().unwrap()
}

/// Votes the election on screen by show of hands: `counts` for its first two options, then closes
/// the vote, which elects.
pub(crate) async fn elect_by_hands(c: &Client, counts: [&str; 2]) {
    open_vote(c, "show_of_hands").await;
    let inputs = wait_for_all(c, "#hands input[type='number']").await;
    for (input, count) in inputs.iter().zip(counts) {
        input.send_keys(count).await.unwrap();
    }
    click(c, "#hands button").await;
    wait_for(c, "#tally").await;
    click(c, "#close-vote button").await;
    click(c, "#confirm-close button").await;
    wait_for_text(c, "#outcome", "Elegido").await;
}

/// Opens the vote of the motion on screen by `method`.
pub(crate) async fn open_vote(c: &Client, method: &str) {
    let select = wait_for(c, "#open-vote select[name='vote_method']").await;
    select.select_by_value(method).await.unwrap();
    click(c, "#open-vote button.primary").await;
    wait_for_text(c, "#motion-status", "En votación").await;
}
