//! The credential door in a real browser at 360 px (the harness of `browser.rs`, against
//! `cabildo demo`, which makes a federation congress whose first central elected the holder and
//! the alternate of its seat): the congress's seats page leads to the delegation, whose credentials
//! print with their codes; at the door a forged code and a mistyped one are refused with their
//! reasons, the alternate is admitted while the holder is absent, the alternate's code is refused
//! once used, and the holder is then refused because the alternate took the seat.

use super::browser::{click, fill, run, sign_in, text, wait_for, wait_for_all, wait_for_text};

/// The demo's first assembly: the federation's congress (see `demo::seed_delegates`).
const CONGRESS: &str = "/assemblies/1";

#[test]
fn the_credential_door_admits_the_alternate_and_refuses_forged_used_and_displaced_codes() {
    run(|c, base| async move {
        sign_in(&c, &base, "admin").await;
        c.goto(&format!("{base}{CONGRESS}")).await.unwrap();
        click(&c, "#seats-link").await;
        wait_for_text(&c, "h1", "Asientos y credenciales").await;
        wait_for_text(&c, "#plan", "Un asiento por cada 500 afiliados").await;
        click(&c, "li.delegation h3 a").await;
        wait_for_text(&c, "h1", "Delegación de ").await;
        click(&c, "#print-credentials").await;
        let cards = wait_for_all(&c, ".card.credential").await;
        assert_eq!(cards.len(), 2, "the holder's and the alternate's");
        let mut codes = Vec::new();
        for card in &cards {
            let code = card.find(fantoccini::Locator::Css(".card-code")).await.unwrap().text().await.unwrap();
            let seat = card.find(fantoccini::Locator::Css(".card-name")).await.unwrap().text().await.unwrap();
            codes.push((seat.contains("suplente"), code));
        }
        let holder = codes.iter().find(|(alternate, _)| !alternate).unwrap().1.clone();
        let alternate = codes.iter().find(|(alternate, _)| *alternate).unwrap().1.clone();

        let door = format!("{base}{CONGRESS}/door");
        c.goto(&door).await.unwrap();
        assert_eq!(
            wait_for(&c, "#card-form input[name='code']").await.attr("placeholder").await.unwrap().as_deref(),
            Some("Código de la credencial")
        );
        let admit = |code: String| {
            let c = c.clone();
            async move {
                fill(&c, "code", &code).await;
                click(&c, "#card-form button.primary").await;
            }
        };
        // A forged code with a good check character, then one mistyped.
        let forged =
            cabildo_domain::delegates::credential_code(b"a guess", 1, 1, cabildo_domain::delegates::SeatRole::Holder);
        admit(forged).await;
        wait_for_text(&c, "p.error", "Ninguna credencial tiene el código").await;
        let mut typo = holder.clone();
        let last = typo.pop().unwrap();
        typo.push(if last == 'A' { 'B' } else { 'A' });
        admit(typo).await;
        wait_for_text(&c, "p.error", "no es un código de credencial").await;
        // The alternate, while the holder is absent: admitted.
        admit(alternate.clone()).await;
        wait_for_text(&c, "#done", "Presente").await;
        let count = text(&c, "#door-count strong").await;
        assert!(count.starts_with("1 presente"), "{count}");
        // The same code again: used.
        admit(alternate).await;
        wait_for_text(&c, "p.error", "ya fue usada").await;
        // The holder, now that the alternate took the seat.
        admit(holder).await;
        wait_for_text(&c, "p.error", "que ya ocupó su suplente").await;
    });
}
