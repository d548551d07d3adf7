//! A cabildo abierto in a real browser at 360 px (chromium driven by chromedriver, against
//! `cabildo demo` started as a real process): the secretario de actas convenes it, issues tickets
//! (the count field empty), opens the ticket sheet with each ticket's address, QR code and code,
//! opens a vote by phone; a phone follows a ticket's address and votes; and the public live
//! screen, signed out, counts the vote.
//!
//! Same needs and rules as `browser.rs` (skips without chromium unless
//! `CABILDO_REQUIRE_BROWSER=1`), whose harness and steps it uses.

use fantoccini::Client;

use super::browser::{
    absolute, click, fill, open_own_sindicato, poll, run, sign_in, target_dir, text, value, wait_for, wait_for_all,
    wait_for_path_where, wait_for_text,
};
use super::browser_assembly::convene;

/// Fails when the page is wider than the 360-px screen.
async fn fits_the_phone(c: &Client, what: &str) {
    let width = c.execute("return [window.innerWidth, document.documentElement.scrollWidth]", vec![]).await.unwrap();
    assert!(width[1].as_u64().is_some_and(|w| w <= 360), "{what} is wider than the screen: {width}");
}

#[test]
fn a_cabildo_abierto_issues_tickets_votes_by_phone_and_shows_it_on_the_public_screen() {
    run(|c, base| async move {
        sign_in(&c, &base, "actas").await;
        open_own_sindicato(&c).await;

        // Convene a cabildo abierto.
        let path =
            convene(&c, "cabildo_abierto", "Cabildo por el puente", "Plaza principal", "El puente", "2026-11-29 10:00")
                .await;
        let assembly = absolute(&base, &path);
        let id = path.trim_start_matches("/assemblies/").to_string();
        wait_for_text(&c, "h1", "Cabildo por el puente").await;

        // Tickets: the field starts empty; 12 are 12.
        click(&c, "#tickets-link").await;
        wait_for_text(&c, "h1", "Boletos para votar por celular").await;
        assert_eq!(value(&c, "count").await, "", "no number prefilled");
        fill(&c, "count", "12").await;
        click(&c, "#tickets-form button.primary").await;
        wait_for_path_where(&c, "the ticket sheet", |p| p.ends_with("/tickets")).await;
        let tickets = wait_for_all(&c, "article.ticket").await;
        assert_eq!(tickets.len(), 12);
        assert!(c.current_url().await.unwrap().query().is_some_and(|q| q == "from=1"));
        let address = text(&c, "article.ticket .ticket-url").await;
        assert_eq!(address, format!("{base}/assemblies/{id}/vote"), "the full address of the phone page");
        assert_eq!(wait_for_all(&c, "article.ticket svg.qr path").await.len(), 12, "a QR code on every ticket");
        let code = text(&c, "article.ticket .ticket-code").await;
        assert_eq!(code.len(), 12, "a readable code, K7QX-3M9A-PT: {code}");
        fits_the_phone(&c, "the ticket sheet").await;
        std::fs::write(target_dir().join("browser-tickets.png"), c.screenshot().await.unwrap()).unwrap();

        // Open the cabildo, move a motion and open its vote by phone.
        c.goto(&assembly).await.unwrap();
        click(&c, "#open-assembly").await;
        wait_for_text(&c, "#assembly-status", "En sesión").await;
        fill(&c, "motion_title", "Construir el puente").await;
        fill(&c, "motion_text", "El cabildo pide el puente sobre el río.").await;
        fill(&c, "proposer", "Vecinos del barrio").await;
        click(&c, "#motion-form button.primary").await;
        wait_for_text(&c, "h1", "Construir el puente").await;
        let method = wait_for(&c, "#open-vote select[name='vote_method']").await;
        method.select_by_value("phone").await.unwrap();
        click(&c, "#open-vote button.primary").await;
        wait_for_text(&c, "#motion-status", "En votación").await;

        // Signed out, a phone follows the ticket's address (as its QR code carries it) and votes.
        click(&c, "header form button").await;
        wait_for(&c, "a[href='/login']").await;
        let compact: String = code.chars().filter(|ch| *ch != '-').collect();
        c.goto(&format!("{address}?t={compact}")).await.unwrap();
        wait_for_text(&c, "#ballot-motion-title", "Construir el puente").await;
        assert!(text(&c, "#ballot-assembly").await.contains("Cabildo por el puente"));
        assert_eq!(value(&c, "code").await, compact, "the ticket is filled in");
        fits_the_phone(&c, "the phone page").await;
        click(&c, "button.choice[value='for']").await;
        wait_for(&c, "#ballot-ok").await;

        // The public live screen, without signing in, counts it.
        c.goto(&format!("{assembly}/live")).await.unwrap();
        wait_for_text(&c, ".live-title", "Construir el puente").await;
        poll(&c, "the vote counted on the live screen", || async {
            let n = text(&c, "tr[data-k='option-for'] td.n").await;
            (n == "1").then_some(())
        })
        .await;
        assert_eq!(text(&c, "tr[data-k='option-for'] td.pct").await, "100 %");
        assert_eq!(text(&c, "#live-where .live-url").await, address);
        assert!(text(&c, ".live-quorum").await.contains("de 12 emitidos"), "tickets used of those issued");
        assert!(c.find(fantoccini::Locator::Css("main")).await.is_ok(), "a main landmark");
        fits_the_phone(&c, "the live screen").await;
        std::fs::write(target_dir().join("browser-live.png"), c.screenshot().await.unwrap()).unwrap();
    });
}
