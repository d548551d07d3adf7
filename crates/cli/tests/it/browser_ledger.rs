//! The treasurer's desk in a real browser at 360 px (chromium driven by chromedriver, against
//! `cabildo demo` started as a real process): the statute's dues set and a month charged from the
//! book's page, a family found at the desk by name, a payment recorded, its numbered receipt
//! shown and printed — the printed receipt is one page.
//!
//! Same needs and rules as `browser.rs` (skips without chromium unless
//! `CABILDO_REQUIRE_BROWSER=1`), whose harness and steps it uses.

use fantoccini::{Client, Locator};

use super::browser::{click, poll, run, sign_in, target_dir, text, wait_for, wait_for_path_where, walk_to_sindicato};

/// Types `value` into the field `name` of the form `form`.
async fn type_into(c: &Client, form: &str, name: &str, value: &str) {
    let field = wait_for(c, &format!("{form} [name='{name}']")).await;
    field.clear().await.unwrap();
    field.send_keys(value).await.unwrap();
}

/// The page is no wider than the 360-px screen; its screenshot is left in the target folder.
async fn fits(c: &Client, what: &str) {
    let width = c.execute("return [window.innerWidth, document.documentElement.scrollWidth]", vec![]).await.unwrap();
    assert!(width[1].as_u64().is_some_and(|w| w <= 360), "{what} is wider than the screen: {width}");
    let file = target_dir().join(format!("browser-ledger-{what}.png"));
    std::fs::write(&file, c.screenshot().await.unwrap()).unwrap();
    eprintln!("screenshot of the {what} at 360 px: {}", file.display());
}

#[test]
fn the_treasurer_records_a_payment_at_the_desk_and_prints_its_receipt() {
    run(|c, base| async move {
        sign_in(&c, &base, "admin").await;
        walk_to_sindicato(&c).await;
        let sindicato = c.current_url().await.unwrap().path().to_string();

        // The statute's dues, then this month's charged to every family, from the book's page.
        c.goto(&format!("{base}{sindicato}/ledger")).await.unwrap();
        type_into(&c, "#dues-rule-form", "amount", "Bs 15").await;
        click(&c, "#dues-rule-form button").await;
        // Saved: the book's page again, its form empty, no error.
        poll(&c, "the book's page after the dues were saved", || async {
            let field = c.find(Locator::Css("#dues-rule-form [name='amount']")).await.ok()?;
            field.prop("value").await.ok()?.filter(|v| v.is_empty())
        })
        .await;
        assert!(c.find(Locator::Css("#errors, .error")).await.is_err(), "{}", text(&c, "main").await);
        type_into(&c, "#dues-form", "period", "2026-11").await;
        click(&c, "#dues-form button").await;
        poll(&c, "the month charged to the families", || async {
            let owed = c.find(Locator::Css("#receivable")).await.ok()?.text().await.ok()?;
            (owed != "Bs 0,00").then_some(())
        })
        .await;
        fits(&c, "book").await;

        // At the desk: a family found by name, its statement, a payment of the month.
        click(&c, "#desk-link").await;
        type_into(&c, "#desk-search", "q", "Mamani").await;
        click(&c, "#desk-search button").await;
        let family = wait_for(&c, "#families li h2 a").await;
        family.click().await.unwrap();
        wait_for(&c, "#pay-form").await;
        assert!(text(&c, "#owed").await.contains("15,00"), "{}", text(&c, "#balance").await);
        type_into(&c, "#pay-form", "amount", "15").await;
        click(&c, "#pay-form button.primary").await;
        wait_for_path_where(&c, "a receipt", |p| p.contains("/ledger/receipts/")).await;

        // The receipt reads like the union's own: number, family, amount in figures and words.
        let receipt = text(&c, "#receipt").await;
        for expected in ["Recibo N° 1/2026", "Bs 15,00", "quince 00/100 bolivianos", "Cuota"] {
            assert!(receipt.contains(expected), "{expected} not on the receipt: {receipt}");
        }
        // The demo's directiva ended its term: the receipt names whoever recorded it, not a login.
        let signer = text(&c, "#treasurer").await;
        assert!(signer.starts_with("Demo administrador"), "signed by {signer:?}");
        // ...under a caption that is true whoever signs, not an office the signer may not hold.
        assert!(signer.ends_with("Recibí conforme"), "signed as {signer:?}");
        fits(&c, "receipt").await;

        // Printed: one page, as the treasurer hands it over.
        let pdf = c.print(fantoccini::wd::PrintConfiguration::default()).await.unwrap();
        assert!(pdf.starts_with(b"%PDF"), "not a PDF");
        std::fs::write(target_dir().join("browser-ledger-receipt.pdf"), &pdf).unwrap();
        let pdf = String::from_utf8_lossy(&pdf);
        let pages = pdf.matches("/Type /Page").count() - pdf.matches("/Type /Pages").count();
        assert_eq!(pages, 1, "the receipt prints on one page");
    });
}
