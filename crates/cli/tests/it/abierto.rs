//! A crowd that votes by phone (a cabildo abierto), on both backends, as the organisers, the
//! crowd and an attacker use it: no prefilled ticket count, a confirmation above 500 and a
//! maximum per request; the printable ticket sheet, whose QR codes decode (with a decoder, not
//! our encoder) to each ticket's address; the sheet refused to anyone but the organisers;
//! participation (tickets used, the crowd estimate) on the page, the live screen and the acta
//! instead of "0 presentes de 0"; the public live screen only where phone voting fits; phone
//! voting refused in an ordinaria.

use axum::http::{StatusCode, header};
use cabildo_domain::assembly::{AssemblyId, normalize_code};
use cabildo_services::{acta, assembly};
use serde_json::json;

use crate::support::{ASSEMBLY_SINDICATO, Db, PUBLIC_URL, TestApp, Who, on_both_backends, op};

on_both_backends!(
    the_ticket_count_has_no_default_asks_above_500_and_stops_at_the_maximum,
    the_ticket_sheet_prints_every_ticket_with_its_address_and_a_qr_code_that_decodes_to_it,
    the_ticket_sheet_and_its_tickets_are_the_organisers_alone,
    phone_voting_is_refused_where_there_is_a_register,
    participation_is_on_the_page_the_public_live_screen_and_the_acta,
    the_live_screen_needs_a_sign_in_where_there_is_a_register,
    the_phone_page_weighs_under_3_kb_gzipped_has_no_script_and_follows_the_vote,
    the_phone_page_kept_with_a_hole_gives_each_visitor_their_own_token_and_takes_their_vote,
    the_phone_vote_api_routed_ahead_of_the_layers_keeps_headers_and_refusals,
);

impl TestApp {
    /// Convenes an assembly of `kind` in [`ASSEMBLY_SINDICATO`] as `actas`.
    pub(crate) async fn convene_kind(&self, kind: &str) -> i64 {
        let s = self.body(ASSEMBLY_SINDICATO);
        let convocatoria = json!({
            "kind": kind,
            "title": if kind == "cabildo_abierto" { "Cabildo por el camino" } else { "Asamblea de noviembre" },
            "scheduled_for": "2026-11-30 10:00",
            "place": "Plaza principal"
        });
        self.api_ok("POST", &format!("/api/v1/bodies/{s}/assemblies"), "actas", Some(convocatoria), StatusCode::CREATED)
            .await["id"]
            .as_i64()
            .unwrap()
    }

    /// Issues `n` tickets through the API; their codes.
    pub(crate) async fn issue(&self, a: i64, n: u64) -> Vec<String> {
        let answer = self
            .api_ok(
                "POST",
                &format!("/api/v1/assemblies/{a}/tickets"),
                "actas",
                Some(json!({"count": n})),
                StatusCode::CREATED,
            )
            .await;
        answer["codes"].as_array().unwrap().iter().map(|c| c.as_str().unwrap().to_string()).collect()
    }

    /// Opens the assembly, moves a motion and opens its vote by phone; the motion's id.
    pub(crate) async fn phone_motion(&self, a: i64, title: &str) -> i64 {
        self.api_ok("POST", &format!("/api/v1/assemblies/{a}/open"), "actas", None, StatusCode::OK).await;
        let motion = json!({"title": title, "text": "Que se decida.", "proposer": "Vecinos"});
        let m = self
            .api_ok("POST", &format!("/api/v1/assemblies/{a}/motions"), "actas", Some(motion), StatusCode::CREATED)
            .await["id"]
            .as_i64()
            .unwrap();
        let opening = json!({"method": "phone"});
        self.api_ok("POST", &format!("/api/v1/motions/{m}/vote"), "actas", Some(opening), StatusCode::OK).await;
        m
    }

    /// Tickets issued for the assembly, read behind the application's back (the store is
    /// synchronous: off the runtime's thread).
    fn tickets_issued(&self, a: i64) -> u64 {
        tokio::task::block_in_place(|| assembly::view(&self.state.store, &op(), AssemblyId(a)).unwrap().tickets)
    }
}

fn the_ticket_count_has_no_default_asks_above_500_and_stops_at_the_maximum(db: &Db) {
    let app = TestApp::assembly_sindicato(db);
    app.block_on(async {
        let a = app.convene_kind("cabildo_abierto").await;
        let page = app.get(&format!("/assemblies/{a}"), "actas").await;
        assert!(page.body.contains(&format!("href=\"/assemblies/{a}/tickets\"")), "{}", page.body);
        assert!(!page.body.contains("value=\"100\""), "no prefilled count on the assembly page");
        let sheet = app.get(&format!("/assemblies/{a}/tickets"), "actas").await;
        assert_eq!(sheet.status, StatusCode::OK);
        let field = sheet.body.split("name=\"count\"").nth(1).unwrap().split('>').next().unwrap().to_string();
        assert!(field.contains("value=\"\""), "the count field starts empty: {field}");

        // 501: asked to confirm, nothing issued yet; the confirmation carries the number.
        let tickets = format!("/assemblies/{a}/tickets");
        let asked = app.post_form(&tickets, "actas", "count=501").await;
        assert_eq!(asked.status, StatusCode::OK);
        assert!(asked.body.contains("id=\"tickets-confirm\""), "{}", asked.body);
        assert!(asked.body.contains("name=\"count\" value=\"501\""), "{}", asked.body);
        assert!(asked.body.contains("501 boletos"), "{}", asked.body);
        assert_eq!(app.tickets_issued(a), 0);
        let done = app.post_form(&tickets, "actas", "count=501&confirm=yes").await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
        assert_eq!(done.headers[header::LOCATION], format!("/assemblies/{a}/tickets?from=1").as_str());
        assert_eq!(app.tickets_issued(a), 501);

        // The reported bug: "20" typed after a prefilled 100 made 20,100. Now 20 is 20, at once.
        let twenty = app.post_form(&tickets, "actas", "count=20").await;
        assert_eq!(twenty.status, StatusCode::SEE_OTHER);
        assert_eq!(twenty.headers[header::LOCATION], format!("/assemblies/{a}/tickets?from=502").as_str());
        assert_eq!(app.tickets_issued(a), 521);

        // Above the maximum, even confirmed: refused next to the field, naming the maximum.
        let huge = app.post_form(&tickets, "actas", "count=20100&confirm=yes").await;
        assert_eq!(huge.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(huge.body.contains("id=\"error-count\""), "{}", huge.body);
        assert!(huge.body.contains("10000"), "the message names the maximum: {}", huge.body);
        assert!(huge.body.contains("aria-invalid=\"true\""), "{}", huge.body);
        // A number no machine holds, a negative one, none: refused, and never echoed back.
        for bad in ["99999999999999999999999999", "-5", "20abc", ""] {
            let refused = app.post_form(&tickets, "actas", &format!("count={bad}&confirm=yes")).await;
            assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
            assert!(refused.body.contains("id=\"error-count\""), "{bad}: {}", refused.body);
            let field = refused.body.split("name=\"count\"").nth(1).unwrap().split('>').next().unwrap().to_string();
            assert!(field.contains("value=\"\""), "{bad} is not echoed into the number field: {field}");
        }
        // The API has the same maximum.
        let (status, problem) = app
            .api(
                "POST",
                &tickets.replace("/assemblies", "/api/v1/assemblies"),
                "actas",
                Some(&json!({"count": 10_001})),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
        assert_eq!(app.tickets_issued(a), 521);
    });
}

/// The QR codes of a page's tickets, read back by a decoder from the SVG the server drew.
fn decode_qr_codes(html: &str) -> Vec<String> {
    html.split("<svg class=\"qr\"").skip(1).map(decode_svg).collect()
}

fn decode_svg(svg: &str) -> String {
    let size: usize = svg.split("viewBox=\"0 0 ").nth(1).unwrap().split(' ').next().unwrap().parse().unwrap();
    let path = svg.split(" d=\"").nth(1).unwrap().split('"').next().unwrap();
    let mut dark = vec![false; size * size];
    for run in path.split('M').filter(|r| !r.is_empty()) {
        // "x yhwv1h-wz"
        let (xy, rest) = run.split_once('h').unwrap();
        let (x, y) = xy.split_once(' ').unwrap();
        let (x, y): (usize, usize) = (x.parse().unwrap(), y.parse().unwrap());
        let w: usize = rest.split('v').next().unwrap().parse().unwrap();
        for i in x..x + w {
            dark[y * size + i] = true;
        }
    }
    const SCALE: usize = 6;
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(size * SCALE, size * SCALE, |x, y| {
        if dark[(y / SCALE) * size + x / SCALE] { 0 } else { 255 }
    });
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code in the drawing");
    grids[0].decode().unwrap().1
}

fn the_ticket_sheet_prints_every_ticket_with_its_address_and_a_qr_code_that_decodes_to_it(db: &Db) {
    let app = TestApp::assembly_sindicato(db);
    app.block_on(async {
        let a = app.convene_kind("cabildo_abierto").await;
        let codes = app.issue(a, 3).await;
        let sheet = app.get(&format!("/assemblies/{a}/tickets?from=1"), "actas").await;
        assert_eq!(sheet.status, StatusCode::OK);
        assert_eq!(sheet.headers[header::CACHE_CONTROL], "no-store", "tickets are secrets: never cached");
        assert_eq!(sheet.body.matches("<article class=\"ticket\">").count(), 3);
        let address = format!("{PUBLIC_URL}/assemblies/{a}/vote");
        assert_eq!(sheet.body.matches(&format!("<p class=\"ticket-url\">{address}</p>")).count(), 3, "{}", sheet.body);
        assert!(sheet.body.contains("Sindicato Asamblea Grande") && sheet.body.contains("Cabildo por el camino"));
        let decoded = decode_qr_codes(&sheet.body);
        let wanted: Vec<String> = codes.iter().map(|c| format!("{address}?t={}", normalize_code(c).unwrap())).collect();
        assert_eq!(decoded, wanted, "each QR code is its own ticket's address");
        for code in &codes {
            assert!(sheet.body.contains(&format!("<p class=\"ticket-code\">{code}</p>")), "{code} readable");
        }
        // Printed again later: the same tickets (worked out again, not stored in the clear).
        let again = app.get(&format!("/assemblies/{a}/tickets?from=1"), "actas").await;
        assert_eq!(decode_qr_codes(&again.body), wanted);
        // The page without a range lists what may be printed, and shows no code.
        let index = app.get(&format!("/assemblies/{a}/tickets"), "actas").await;
        assert!(index.body.contains(&format!("href=\"/assemblies/{a}/tickets?from=1\"")), "{}", index.body);
        assert!(!index.body.contains(&codes[0]));

        // Before the vote the address says there is nothing to vote yet.
        let ticket = normalize_code(&codes[1]).unwrap();
        let waiting = app.get(&format!("/assemblies/{a}/vote?t={ticket}"), Who::Anonymous).await;
        assert_eq!(waiting.status, StatusCode::OK);
        assert!(waiting.body.contains("id=\"phone-wait\""), "{}", waiting.body);
        // Scanned during the vote: the phone page names assembly and motion, the ticket filled in.
        let m = app.phone_motion(a, "Arreglo del camino").await;
        let phone = app.get(&format!("/assemblies/{a}/vote?t={ticket}"), Who::Anonymous).await;
        assert_eq!(phone.status, StatusCode::OK);
        assert!(phone.body.contains("Arreglo del camino"), "{}", phone.body);
        assert!(
            phone.body.contains("Sindicato Asamblea Grande") && phone.body.contains("Cabildo por el camino"),
            "{}",
            phone.body
        );
        assert!(phone.body.contains(&format!("name=\"code\" value=\"{ticket}\"")), "{}", phone.body);
        assert!(phone.body.contains(&format!("action=\"/vote/{m}\"")), "{}", phone.body);
        // Something that is not a code never reaches the page.
        let hostile = app.get(&format!("/assemblies/{a}/vote?t=%22%3E%3Cscript%3E"), Who::Anonymous).await;
        assert!(!hostile.body.contains("<script>") && hostile.body.contains("name=\"code\" value=\"\""));
        let voted = app.visitor_post(&format!("/vote/{m}"), &format!("code={ticket}&choice=for")).await;
        assert_eq!(voted.status, StatusCode::OK, "{}", voted.body);
        assert!(voted.body.contains("id=\"ballot-ok\""), "{}", voted.body);
    });
}

fn the_ticket_sheet_and_its_tickets_are_the_organisers_alone(db: &Db) {
    let app = TestApp::assembly_sindicato(db);
    app.block_on(async {
        let a = app.convene_kind("cabildo_abierto").await;
        let codes = app.issue(a, 2).await;
        let sheet = format!("/assemblies/{a}/tickets?from=1");
        // An afiliado, the organisers of another sindicato, and nobody signed in: no sheet.
        for who in [Who::User("afiliado"), Who::User("hacienda"), Who::Anonymous] {
            let refused = app.get(&sheet, who).await;
            assert_ne!(refused.status, StatusCode::OK, "{who:?}");
            assert!(!codes.iter().any(|c| refused.body.contains(c.as_str())), "{who:?} saw a ticket");
        }
        // Another body's organisers cannot issue tickets here, by the page or the API.
        let tickets = format!("/assemblies/{a}/tickets");
        let forbidden = app.post_form(&tickets, "hacienda", "count=5").await;
        assert_eq!(forbidden.status, StatusCode::FORBIDDEN, "{}", forbidden.body);
        let (status, _) =
            app.api("POST", &format!("/api/v1/assemblies/{a}/tickets"), "hacienda", Some(&json!({"count": 5}))).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        // A forged form token, from the organiser's own browser: refused.
        let forged = app.request("POST", &tickets).by("actas").form("csrf=forged&count=5&confirm=yes").send().await;
        assert_eq!(forged.status, StatusCode::FORBIDDEN);
        assert_eq!(app.tickets_issued(a), 2);
        // A ticket of this cabildo does not vote in another one.
        let other = app.convene_kind("cabildo_abierto").await;
        app.issue(other, 1).await;
        let m = app.phone_motion(other, "Otra plaza").await;
        let (status, problem) = app
            .request("POST", &format!("/api/v1/motions/{m}/phone-votes"))
            .json(&json!({"ticket": codes[0], "option": "for"}))
            .api()
            .await;
        assert_eq!((status, problem["code"].as_str()), (StatusCode::CONFLICT, Some("unknown_ticket")), "{problem}");
    });
}

fn phone_voting_is_refused_where_there_is_a_register(db: &Db) {
    let app = TestApp::assembly_sindicato(db);
    app.block_on(async {
        let o = app.convene_kind("ordinaria").await;
        let page = app.get(&format!("/assemblies/{o}"), "actas").await;
        assert!(!page.body.contains(&format!("/assemblies/{o}/tickets")), "no tickets offered in an ordinaria");
        let (status, problem) =
            app.api("POST", &format!("/api/v1/assemblies/{o}/tickets"), "actas", Some(&json!({"count": 5}))).await;
        assert_eq!((status, problem["code"].as_str()), (StatusCode::CONFLICT, Some("phone_voting_not_offered")));
        assert!(problem["title"].as_str().unwrap().contains("cabildo abierto"), "{problem}");
        let form = app.post_form(&format!("/assemblies/{o}/tickets"), "actas", "count=5").await;
        assert_eq!(form.status, StatusCode::CONFLICT, "{}", form.body);
        assert!(form.body.contains("cabildo abierto"), "{}", form.body);
        let sheet = app.get(&format!("/assemblies/{o}/tickets"), "actas").await;
        assert_eq!(sheet.status, StatusCode::CONFLICT);
        // Opening a vote by phone is refused in the service, before any quorum question.
        app.api_ok("POST", &format!("/api/v1/assemblies/{o}/open"), "actas", None, StatusCode::OK).await;
        let motion = json!({"title": "Cuota", "text": "Subir la cuota.", "proposer": "Directiva"});
        let m = app
            .api_ok("POST", &format!("/api/v1/assemblies/{o}/motions"), "actas", Some(motion), StatusCode::CREATED)
            .await["id"]
            .as_i64()
            .unwrap();
        let (status, problem) =
            app.api("POST", &format!("/api/v1/motions/{m}/vote"), "actas", Some(&json!({"method": "phone"}))).await;
        assert_eq!((status, problem["code"].as_str()), (StatusCode::CONFLICT, Some("phone_voting_not_offered")));
        assert_eq!(app.tickets_issued(o), 0);
    });
}

fn participation_is_on_the_page_the_public_live_screen_and_the_acta(db: &Db) {
    let app = TestApp::assembly_sindicato(db);
    app.block_on(async {
        let a = app.convene_kind("cabildo_abierto").await;
        let codes = app.issue(a, 40).await;
        let m = app.phone_motion(a, "Bloqueo del camino").await;
        for (i, code) in codes.iter().take(30).enumerate() {
            let option = if i < 20 { "for" } else { "against" };
            let (status, answer) = app
                .request("POST", &format!("/api/v1/motions/{m}/phone-votes"))
                .json(&json!({"ticket": code, "option": option}))
                .api()
                .await;
            assert_eq!(status, StatusCode::OK, "{answer}");
        }
        let estimated = app.post_form(&format!("/assemblies/{a}/crowd"), "actas", "crowd_estimate=5.000").await;
        assert_eq!(estimated.status, StatusCode::SEE_OTHER, "{}", estimated.body);

        // The public live screen: nobody signed in, totals, percentages, where to vote.
        let live = app.get(&format!("/assemblies/{a}/live"), Who::Anonymous).await;
        assert_eq!(live.status, StatusCode::OK, "{}", live.body);
        assert!(live.body.contains("<main>") && live.body.contains("Bloqueo del camino"), "{}", live.body);
        assert!(live.body.contains(">20</td><td class=\"pct\">67 %<"), "{}", live.body);
        assert!(live.body.contains(">10</td><td class=\"pct\">33 %<"), "{}", live.body);
        assert!(live.body.contains("30 votos en total"), "{}", live.body);
        assert!(live.body.contains("30 boletos usados para votar de 40 emitidos"), "{}", live.body);
        assert!(live.body.contains("unas 5000 personas"), "{}", live.body);
        assert!(!live.body.contains("presentes de 0"), "{}", live.body);
        assert!(live.body.contains(&format!("<p class=\"live-url\">{PUBLIC_URL}/assemblies/{a}/vote</p>")));
        assert_eq!(decode_qr_codes(&live.body), vec![format!("{PUBLIC_URL}/assemblies/{a}/vote")]);
        assert!(!live.body.contains("http-equiv=\"refresh\""), "no reload under a reader's feet");
        assert!(live.body.contains("id=\"live-refresh\""));
        assert!(!live.body.contains("Vecinos"), "no proposer on the public screen");
        let projector = app.get(&format!("/assemblies/{a}/live?projector=1"), Who::Anonymous).await;
        assert!(projector.body.contains("<noscript><meta http-equiv=\"refresh\" content=\"10\"></noscript>"));
        let mut events = crate::live_stream::Events::open(&app, a, Who::Anonymous).await;
        let (_, first) = events.next().await.expect("the current state first");
        assert!(first.contains("data-k=\"option-for\""), "{first}");

        // The assembly's page says the same, then the acta records it.
        let page = app.get(&format!("/assemblies/{a}"), "actas").await;
        assert!(page.body.contains("30 boletos usados para votar de 40 emitidos"), "{}", page.body);
        assert!(!page.body.contains("presentes de 0"), "{}", page.body);
        app.api_ok("POST", &format!("/api/v1/motions/{m}/close"), "actas", None, StatusCode::OK).await;
        app.api_ok("POST", &format!("/api/v1/assemblies/{a}/close"), "actas", None, StatusCode::OK).await;
        let acta_page = app.get(&format!("/assemblies/{a}/acta"), "actas").await;
        assert_eq!(acta_page.status, StatusCode::OK, "{}", acta_page.body);
        assert!(acta_page.body.contains("<dd id=\"acta-tickets-used\">30</dd>"), "{}", acta_page.body);
        assert!(acta_page.body.contains("<dd id=\"acta-tickets-issued\">40</dd>"), "{}", acta_page.body);
        assert!(acta_page.body.contains("unas 5000 personas según los organizadores"), "{}", acta_page.body);
        assert!(!acta_page.body.contains("presentes de 0"), "{}", acta_page.body);
        let content =
            tokio::task::block_in_place(|| acta::view(&app.state.store, &op(), AssemblyId(a)).unwrap().content.text());
        assert!(content.contains("attendance.tickets_used=30\n"), "{content}");
        assert!(content.contains("attendance.crowd_estimate=5000\n"), "{content}");
    });
}

fn the_live_screen_needs_a_sign_in_where_there_is_a_register(db: &Db) {
    let app = TestApp::assembly_sindicato(db);
    app.block_on(async {
        let o = app.convene_kind("ordinaria").await;
        for path in [format!("/assemblies/{o}/live"), format!("/assemblies/{o}/events")] {
            let anonymous = app.get(&path, Who::Anonymous).await;
            assert_ne!(anonymous.status, StatusCode::OK, "{path}: {}", anonymous.body);
            assert!(!anonymous.body.contains("Asamblea de noviembre"), "{path}");
        }
        // Those who may see the sindicato see its live screen, with its quorum.
        let signed_in = app.get(&format!("/assemblies/{o}/live"), "actas").await;
        assert_eq!(signed_in.status, StatusCode::OK);
        assert!(signed_in.body.contains("presentes de 150"), "{}", signed_in.body);
        assert!(!signed_in.body.contains("id=\"live-where\""), "no phone voting offered in an ordinaria");
    });
}

/// The page a participant's phone opens: under 3 KB as sent (gzip), no script, and — read from
/// the cache once per write, not once per phone — it shows the vote closed once it is.
fn the_phone_page_weighs_under_3_kb_gzipped_has_no_script_and_follows_the_vote(db: &Db) {
    let app = TestApp::assembly_sindicato(db);
    app.block_on(async {
        let a = app.convene_kind("cabildo_abierto").await;
        app.issue(a, 1).await;
        let m = app.phone_motion(a, "Arreglo del camino por la quebrada de abajo").await;
        let path = format!("/vote/{m}");
        for round in 0..2 {
            let page = app.request("GET", &path).header(header::ACCEPT_ENCODING, "gzip").send().await;
            assert_eq!(page.status, StatusCode::OK, "{}", page.body);
            assert_eq!(page.headers[header::CONTENT_ENCODING], "gzip", "the phone page is compressed");
            let bytes = page.bytes.len();
            assert!(bytes < 3 * 1024, "the phone page weighs {bytes} bytes gzipped (round {round})");
            let plain = app.get(&path, Who::Anonymous).await;
            // A first visit downloads the page and its style sheet: both together under 3 KB.
            let sheet =
                plain.body.split("rel=\"stylesheet\" href=\"").nth(1).and_then(|r| r.split('"').next()).unwrap();
            assert_eq!(sheet, "/static/phone.css", "the phone page has its own small style sheet");
            let css = app.request("GET", sheet).header(header::ACCEPT_ENCODING, "gzip").send().await;
            assert_eq!(css.status, StatusCode::OK);
            let first_visit = bytes + css.bytes.len();
            assert!(first_visit < 3 * 1024, "page and style sheet weigh {first_visit} bytes gzipped");
            assert!(plain.body.contains("Arreglo del camino por la quebrada de abajo"), "{}", plain.body);
            assert!(plain.body.contains(&format!("action=\"/vote/{m}\"")), "{}", plain.body);
            assert!(!plain.body.contains("<script"), "the phone page works without JavaScript: {}", plain.body);
        }
        // The vote closes: the page (cached while the vote was open) says so at once.
        app.api_ok("POST", &format!("/api/v1/motions/{m}/close"), "actas", None, StatusCode::OK).await;
        let closed = app.get(&path, Who::Anonymous).await;
        assert!(!closed.body.contains(&format!("action=\"/vote/{m}\"")), "{}", closed.body);
        assert!(!closed.body.contains("name=\"choice\""), "{}", closed.body);
    });
}

/// The phone page is kept rendered and gzipped with a hole for the visitor's form token
/// (`http::holed`): each visitor still gets a token of their own, in the page and in the cookie;
/// gzipped and plain it is the same page; the vote posted with it is taken; a cookie that is not
/// a token, or a signed-in viewer, gets the page rendered as before.
fn the_phone_page_kept_with_a_hole_gives_each_visitor_their_own_token_and_takes_their_vote(db: &Db) {
    use std::io::Read;
    let app = TestApp::assembly_sindicato(db);
    app.block_on(async {
        let a = app.convene_kind("cabildo_abierto").await;
        let tickets = app.issue(a, 2).await;
        let m = app.phone_motion(a, "Arreglo del camino").await;
        let path = format!("/vote/{m}");
        let mut seen = Vec::new();
        for visitor in 0..3 {
            let page = app.request("GET", &path).header(header::ACCEPT_ENCODING, "gzip").send().await;
            assert_eq!(page.status, StatusCode::OK, "{}", page.body);
            assert_eq!(page.headers[header::CONTENT_ENCODING], "gzip");
            assert_eq!(page.headers[header::VARY], "accept-encoding");
            let mut html = String::new();
            flate2::read::GzDecoder::new(&page.bytes[..]).read_to_string(&mut html).unwrap();
            let token = html.split("name=\"csrf\" value=\"").nth(1).and_then(|r| r.split('"').next()).unwrap();
            let cookie = page.set_cookie("cabildo_form").expect("a visitor gets a form token");
            assert_eq!(cookie, format!("cabildo_form={token}"), "visitor {visitor}: the page's token is the cookie's");
            seen.push((cookie.clone(), html.replace(token, "TOKEN")));
            // The same page without gzip, for the same visitor.
            let plain = app.request("GET", &path).cookie(&cookie).send().await;
            assert_eq!(plain.headers.get(header::CONTENT_ENCODING), None);
            assert_eq!(plain.body, html, "visitor {visitor}: plain and gzipped are one page");
        }
        assert!(seen.windows(2).all(|w| w[0].0 != w[1].0), "each visitor their own token");
        assert!(seen.windows(2).all(|w| w[0].1 == w[1].1), "and otherwise the same page");
        assert!(seen[0].1.contains("Arreglo del camino") && seen[0].1.contains("name=\"choice\""), "{}", seen[0].1);

        // The first visitor votes with their token.
        let (cookie, _) = &seen[0];
        let token = cookie.trim_start_matches("cabildo_form=");
        let ticket = &tickets[0];
        let voted = app
            .request("POST", &path)
            .cookie(cookie)
            .form(&format!("code={ticket}&choice=for&csrf={token}"))
            .send()
            .await;
        assert_eq!(voted.status, StatusCode::OK, "{}", voted.body);
        let recorded = app.request("GET", &path).cookie(cookie).send().await;
        assert_eq!(recorded.status, StatusCode::OK);
        // Another visitor's token does not do for this one.
        let (other, _) = &seen[1];
        let other_token = other.trim_start_matches("cabildo_form=");
        let forged = app
            .request("POST", &path)
            .cookie(cookie)
            .form(&format!("code={}&choice=for&csrf={other_token}", tickets[1]))
            .send()
            .await;
        assert_eq!(forged.status, StatusCode::FORBIDDEN, "{}", forged.body);

        // A cookie that is not a token: the page is rendered as ever, the value escaped.
        let odd = app.request("GET", &path).cookie("cabildo_form=a%22b").send().await;
        assert_eq!(odd.status, StatusCode::OK);
        assert!(odd.body.contains("name=\"csrf\" value=\"a%22b\""), "{}", odd.body);
        // A signed-in viewer's page carries their session's token, not a visitor's.
        let signed_in = app.get(&path, "actas").await;
        assert_eq!(signed_in.status, StatusCode::OK);
        assert!(signed_in.set_cookie("cabildo_form").is_none(), "a session needs no form cookie");
        assert!(!signed_in.csrf().is_empty() && signed_in.csrf() != "TOKEN");
    });
}

/// The phone-vote API is routed ahead of the application's layers (a crowd's votes do not need
/// them): its answers still carry the security headers, a refusal is still a problem document,
/// another method on its address still goes through the layers (405), a word where the motion's
/// number goes is a 404, and a body that is not JSON a 400.
fn the_phone_vote_api_routed_ahead_of_the_layers_keeps_headers_and_refusals(db: &Db) {
    let app = TestApp::assembly_sindicato(db);
    app.block_on(async {
        let a = app.convene_kind("cabildo_abierto").await;
        let codes = app.issue(a, 2).await;
        let m = app.phone_motion(a, "Agua para el barrio").await;
        let path = format!("/api/v1/motions/{m}/phone-votes");
        let vote =
            |ticket: &str, option: &str| app.request("POST", &path).json(&json!({"ticket": ticket, "option": option}));
        let recorded = vote(&codes[0], "for").send().await;
        assert_eq!(recorded.status, StatusCode::OK, "{}", recorded.body);
        assert_eq!(recorded.json(), json!({"status": "recorded"}));
        let changed = vote(&codes[0], "against").send().await;
        assert_eq!(changed.status, StatusCode::CONFLICT, "{}", changed.body);
        assert_eq!(changed.json()["code"], "ticket_already_voted");
        assert_eq!(changed.content_type(), "application/problem+json");
        let unknown = vote("ZZZZ-ZZZZ-ZZZZ", "for").send().await;
        assert_eq!(unknown.json()["code"], "unknown_ticket", "{}", unknown.body);
        let other_method = app.request("GET", &path).send().await;
        assert_eq!(other_method.status, StatusCode::METHOD_NOT_ALLOWED);
        let word = app
            .request("POST", "/api/v1/motions/uno/phone-votes")
            .json(&json!({"ticket": codes[1], "option": "for"}))
            .send()
            .await;
        assert_eq!(word.status, StatusCode::NOT_FOUND, "{}", word.body);
        assert_eq!(word.content_type(), "application/problem+json");
        let garbled = app.request("POST", &path).body("application/json", "{\"ticket\": ").send().await;
        assert_eq!(garbled.status, StatusCode::BAD_REQUEST, "{}", garbled.body);
        for reply in [&recorded, &changed, &unknown, &other_method, &word, &garbled] {
            assert_eq!(reply.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
            assert_eq!(reply.headers[header::X_FRAME_OPTIONS], "DENY");
            assert_eq!(reply.headers[header::REFERRER_POLICY], "same-origin");
            assert!(reply.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap().contains("default-src 'none'"));
        }
        // The second ticket still votes: nothing above spent it.
        assert_eq!(vote(&codes[1], "against").send().await.status, StatusCode::OK);
    });
}
