//! Accounts that can be revoked, and one rate limiter for every password check, attacked as the
//! issue did: a disabled account's live session and token, a revoked token, 20 wrong passwords at
//! acta signing, a hall behind one address signing in, a forged `X-Forwarded-For`, a common
//! password.

use axum::http::StatusCode;
use cabildo_domain::DomainError;
use cabildo_domain::access::Role;
use cabildo_services::access::{self, PasswordCost};
use cabildo_services::{ServiceError, accounts};
use cabildo_web::http::proxies::TrustedProxies;
use serde_json::json;

use crate::support::{ASSEMBLY_SINDICATO, Db, NOW, TestApp, Who, on_both_backends, op, today};

on_both_backends!(
    disabling_an_account_ends_its_session_and_token_at_once,
    tokens_are_listed_without_their_secret_and_a_revoked_one_is_refused,
    an_administrator_manages_only_accounts_within_their_reach,
    sessions_are_listed_and_ended,
    twenty_wrong_signing_passwords_lock_and_say_when_it_unlocks,
    a_common_password_is_refused_wherever_a_password_is_set,
    an_account_is_linked_to_the_person_it_belongs_to,
    a_large_demo_grants_its_accounts_on_the_first_sindicato_whatever_its_code,
);

const PASSWORD: &str = cabildo_services::demo::DEMO_PASSWORD;

/// Whether a page was served to someone signed in (the chrome links to their account).
fn signed_in(body: &str) -> bool {
    body.contains("href=\"/account\"")
}

fn padron(app: &TestApp) -> String {
    format!("/api/v1/bodies/{}/padron", app.sindicato())
}

fn disabling_an_account_ends_its_session_and_token_at_once(db: &Db) {
    let app = TestApp::demo(db).with_user("juana", Role::SecretarioActas, "F1-C01-S01").build();
    let padron = padron(&app);
    app.block_on(async {
        // Juana is signed in and her token works.
        assert!(signed_in(&app.get("/bodies", "juana").await.body));
        app.api_ok("GET", &padron, "juana", None, StatusCode::OK).await;

        let reply = app.post_form("/accounts/juana/disable", "admin", "").await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);

        // The very next requests with them are refused as signed out.
        let page = app.get("/bodies", "juana").await;
        assert!(!signed_in(&page.body), "the session still works");
        let (status, problem) = app.api("GET", &padron, "juana", None).await;
        assert_eq!((status, problem["code"].as_str()), (StatusCode::UNAUTHORIZED, Some("sign_in_required")));
        // A form posted with the old session is not hers any more.
        let reply = app.post_form("/accounts/juana/sessions/end", "juana", "").await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", reply.body);

        // She cannot sign in; told so only once she gave the right password.
        let reply = app.visitor_post("/login", &format!("username=juana&password={PASSWORD}")).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN);
        assert!(reply.body.contains("desactivó esta cuenta"), "{}", reply.body);
        let reply = app.visitor_post("/login", "username=juana&password=otra-cosa-larga").await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);

        let page = app.get("/accounts/juana", "admin").await;
        assert!(page.body.contains("id=\"enable-form\""), "{}", page.body);
        let reply = app.post_form("/accounts/juana/enable", "admin", "").await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER);
        // Enabled again: she signs in anew, and the old token stays revoked.
        app.sign_in("juana", PASSWORD).await;
        let (status, _) = app.api("GET", &padron, "juana", None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    });
    let audit = db.raw_count_where("audit_events", "action IN ('account.disable', 'account.enable')");
    assert_eq!(audit, 2);
    assert_eq!(
        db.raw_count_where(
            "api_tokens",
            "revoked_at IS NULL AND account_id = (SELECT id FROM accounts WHERE username = 'juana')"
        ),
        0
    );
}

fn tokens_are_listed_without_their_secret_and_a_revoked_one_is_refused(db: &Db) {
    let app = TestApp::demo(db).with_user("juana", Role::SecretarioActas, "F1-C01-S01").build();
    let padron = padron(&app);
    let first = app.token("juana").to_string();
    app.block_on(async {
        let page = app.get("/accounts/juana", "juana").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("id=\"tokens\"") && page.body.contains(">test<"), "{}", page.body);
        assert!(!page.body.contains(&first), "the page shows a token's secret");

        // A new token needs the password.
        let reply = app.post_form("/accounts/juana/tokens", "juana", "name=radio&password=no-es-la-clave").await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
        assert!(reply.body.contains("id=\"error-password\""), "{}", reply.body);
        let reply = app.post_form("/accounts/juana/tokens", "juana", &format!("name=radio&password={PASSWORD}")).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        let shown = reply.body.split("<code>").nth(1).and_then(|s| s.split("</code>").next()).unwrap().to_string();
        assert_eq!(shown.len(), 43);
        app.api_ok("GET", &padron, Who::Token(&shown), None, StatusCode::OK).await;
        // Shown once: the page does not show it again.
        assert!(!app.get("/accounts/juana", "juana").await.body.contains(&shown));
        // Nobody makes a token for someone else.
        let reply = app.post_form("/accounts/juana/tokens", "admin", &format!("name=x&password={PASSWORD}")).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN);
    });
    let tokens = accounts::account_detail(&db.store, &op(), "juana", None).unwrap().tokens;
    let id_of = |name: &str| tokens.iter().find(|t| t.name == name).unwrap().id;
    app.block_on(async {
        // Juana revokes the new one; the administrator the first one; another account neither.
        let reply = app.post_form(&format!("/accounts/juana/tokens/{}/revoke", id_of("test")), "afiliado", "").await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN);
        let reply = app.post_form(&format!("/accounts/juana/tokens/{}/revoke", id_of("radio")), "juana", "").await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER);
        let reply = app.post_form(&format!("/accounts/juana/tokens/{}/revoke", id_of("test")), "admin", "").await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER);
        let (status, _) = app.api("GET", &padron, Who::Token(&first), None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "a revoked token still works");
        let reply = app.post_form("/accounts/juana/tokens/999999/revoke", "juana", "").await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND);
    });
    // A token of another account is unknown there.
    assert_eq!(
        accounts::revoke_token(&db.store, &op(), "admin", id_of("radio")),
        Err(ServiceError::UnknownToken { id: id_of("radio") })
    );
}

fn an_administrator_manages_only_accounts_within_their_reach(db: &Db) {
    let app = TestApp::demo(db).with_user("sadmin", Role::Administrador, "F1-C01-S01").build();
    app.block_on(async {
        // The sindicato's administrador cannot disable the confederación's.
        let reply = app.post_form("/accounts/admin/disable", "sadmin", "").await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN);
        assert_eq!(app.get("/accounts/admin", "sadmin").await.status, StatusCode::FORBIDDEN);
        // Nor their own account.
        let reply = app.post_form("/accounts/sadmin/disable", "sadmin", "").await;
        assert_eq!(reply.status, StatusCode::CONFLICT);
        // The list shows only the accounts within the sindicato.
        let list = app.get("/accounts", "sadmin").await;
        assert!(list.body.contains(">afiliado<") && !list.body.contains(">admin<"), "{}", list.body);
        assert_eq!(app.get("/accounts", "afiliado").await.status, StatusCode::FORBIDDEN);
        let reply = app.post_form("/accounts/afiliado/disable", "sadmin", "").await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER);
        // A plain member manages nobody.
        let reply = app.post_form("/accounts/actas/disable", "hacienda", "").await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN);
    });
}

fn sessions_are_listed_and_ended(db: &Db) {
    let app = TestApp::demo(db).with_user("juana", Role::SecretarioActas, "F1-C01-S01").build();
    app.block_on(async {
        let second = app.sign_in("juana", PASSWORD).await;
        let page = app.get("/accounts/juana", "juana").await;
        assert_eq!(page.body.matches("<li>").count(), 2, "{}", page.body);
        assert!(page.body.contains("esta sesión"));
        // Juana ends her other sessions: the one she uses stays.
        let reply = app.post_form("/accounts/juana/sessions/end", "juana", "").await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER);
        assert!(signed_in(&app.get("/bodies", "juana").await.body));
        assert!(!signed_in(&app.request("GET", "/bodies").cookie(&second).send().await.body));
        // The administrator ends all of hers.
        let reply = app.post_form("/accounts/juana/sessions/end", "admin", "").await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER);
        assert!(!signed_in(&app.get("/bodies", "juana").await.body));
        assert!(signed_in(&app.get("/bodies", "admin").await.body));
    });
}

/// "HH:MM" of a Unix time in the server's time zone, as the messages give it.
fn clock(at: i64) -> String {
    chrono::DateTime::from_timestamp(at, 0).unwrap().with_timezone(&chrono::Local).format("%H:%M").to_string()
}

fn twenty_wrong_signing_passwords_lock_and_say_when_it_unlocks(db: &Db) {
    let app = TestApp::assembly_sindicato(db);
    let body = app.body(ASSEMBLY_SINDICATO);
    let a = app.block_on(async {
        let convocatoria = json!({"kind": "cabildo_abierto", "title": "Cabildo", "scheduled_for": "2026-11-30T09:00",
            "place": "Sede", "agenda": ["Informe"]});
        let path = format!("/api/v1/bodies/{body}/assemblies");
        let a =
            app.api_ok("POST", &path, "actas", Some(convocatoria), StatusCode::CREATED).await["id"].as_i64().unwrap();
        app.api_ok("POST", &format!("/api/v1/assemblies/{a}/open"), "actas", None, StatusCode::OK).await;
        app.api_ok("POST", &format!("/api/v1/assemblies/{a}/close"), "actas", None, StatusCode::OK).await;
        a
    });
    let sign = format!("/assemblies/{a}/acta/sign");
    let unlock = clock(NOW + 15 * 60);
    app.block_on(async {
        let mut statuses = Vec::new();
        for i in 0..20 {
            let reply = app.post_form(&sign, "actas", &format!("role=secretario_actas&password=intento-{i}")).await;
            statuses.push(reply.status.as_u16());
            if i >= 9 {
                assert!(reply.body.contains(&format!("se desbloquea a las {unlock}")), "{}", reply.body);
            }
        }
        assert_eq!(statuses, [[401; 9].as_slice(), [429; 11].as_slice()].concat());
        // Even the right password waits, through the API too (in English there).
        let reply = app.post_form(&sign, "actas", &format!("role=secretario_actas&password={PASSWORD}")).await;
        assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
        let path = format!("/api/v1/assemblies/{a}/acta/signatures");
        let (status, problem) = app
            .request("POST", &path)
            .token("actas")
            .header("accept-language", "en")
            .json(&json!({"role": "secretario_actas", "password": PASSWORD}))
            .api()
            .await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
        assert!(problem["title"].as_str().unwrap().contains(&format!("unlocks at {unlock}")), "{problem}");
        // Once it unlocks, the right password signs.
        app.set_clock(NOW + 15 * 60, today());
        let reply = app.post_form(&sign, "actas", &format!("role=secretario_actas&password={PASSWORD}")).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    });
    assert_eq!(db.raw_count("acta_signatures"), 1);
}

fn a_common_password_is_refused_wherever_a_password_is_set(db: &Db) {
    let created = access::create_account(&db.store, &op(), PasswordCost::TESTS_ONLY, "juana", "Juana", "Password123");
    assert_eq!(created.map(|a| a.username), Err(ServiceError::Domain(DomainError::CommonPassword)));
    let app = TestApp::empty(db).build();
    app.block_on(async {
        let reply = app.visitor_post("/setup", "username=primera&display_name=Primera&password=QWERTYUIOP").await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(reply.body.contains("entre las más usadas"), "{}", reply.body);
        let reply = app.visitor_post("/setup", "username=primera&display_name=Primera&password=corto").await;
        assert!(reply.body.contains("al menos 10"), "{}", reply.body);
        let reply =
            app.visitor_post("/setup", "username=primera&display_name=Primera&password=la-chacra-de-mi-abuela").await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    });
}

/// A hall behind one address: everyone signs in from it, some mistyping, and nobody is locked.
#[test]
fn successful_sign_ins_from_one_address_never_lock_it() {
    let db = Db::sqlite();
    let app = TestApp::demo(&db).build();
    app.block_on(async {
        for round in 0..40 {
            for username in ["admin", "dirigente", "actas", "hacienda", "afiliado", "observador"] {
                let reply = app
                    .request("POST", "/login")
                    .peer_at("200.87.1.1:5000")
                    .cookie("cabildo_form=t")
                    .form(&format!("username={username}&password={PASSWORD}&csrf=t"))
                    .send()
                    .await;
                assert_eq!(reply.status, StatusCode::SEE_OTHER, "round {round}, {username}: {}", reply.body);
            }
            // Someone mistypes now and then.
            if round % 10 == 0 {
                let reply = app
                    .request("POST", "/login")
                    .peer_at("200.87.1.1:5000")
                    .cookie("cabildo_form=t")
                    .form("username=afiliado&password=me-equivoque&csrf=t")
                    .send()
                    .await;
                assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
            }
        }
    });
}

fn login_from(app: &TestApp, peer: &str, forwarded: Option<&str>, username: &str, password: &str) -> StatusCode {
    let mut request = app
        .request("POST", "/login")
        .peer_at(peer)
        .cookie("cabildo_form=t")
        .form(&format!("username={username}&password={password}&csrf=t"));
    if let Some(forwarded) = forwarded {
        request = request.header("x-forwarded-for", forwarded);
    }
    app.block_on(request.send()).status
}

/// An attacker who is not a trusted proxy cannot choose their address with `X-Forwarded-For`,
/// and a locked account's owner signs in from elsewhere.
#[test]
fn a_forged_forwarded_address_from_an_untrusted_peer_is_ignored() {
    let db = Db::sqlite();
    let mut app = TestApp::demo(&db).build();
    app.state.configure().expect("no request yet").trusted_proxies =
        std::sync::Arc::new(TrustedProxies::parse(&["127.0.0.1"]).unwrap());
    let attacker = "203.0.113.5:40000";
    for i in 0..9 {
        let forged = format!("10.0.{i}.1");
        assert_eq!(login_from(&app, attacker, Some(&forged), "admin", "adivinando"), StatusCode::UNAUTHORIZED);
    }
    // The tenth failure locks the attacker's own address, whatever the header said.
    assert_eq!(login_from(&app, attacker, Some("10.9.9.9"), "admin", "adivinando"), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(login_from(&app, attacker, Some("198.51.100.77"), "admin", PASSWORD), StatusCode::TOO_MANY_REQUESTS);
    // The owner, elsewhere, behind the trusted proxy: not locked out.
    assert_eq!(login_from(&app, "127.0.0.1:3000", Some("198.51.100.7"), "admin", PASSWORD), StatusCode::SEE_OTHER);
    // The same attacker through the proxy is recognised (right-most untrusted hop), even when
    // they prepend a forged hop of their own.
    let through = "10.1.1.1, 203.0.113.5";
    assert_eq!(login_from(&app, "127.0.0.1:3000", Some(through), "admin", PASSWORD), StatusCode::TOO_MANY_REQUESTS);
}

fn an_account_is_linked_to_the_person_it_belongs_to(db: &Db) {
    let app = TestApp::demo(db)
        .with_user("juana", Role::SecretarioActas, "F1-C01-S01")
        .with_user("sadmin", Role::Administrador, "F1-C01-S01")
        .with_user("pedro", Role::SecretarioActas, "F2-C01-S01")
        .build();
    let linked = |username: &str| accounts::account_detail(&db.store, &op(), username, None).unwrap().account.person;
    // The demo links its officers to the holders of their offices, its afiliado to a family.
    let people = accounts::linkable_people(&db.store, &op(), "juana").unwrap();
    let officer = |title: &str| {
        people
            .iter()
            .find(|p| matches!(&p.link, accounts::Linkable::Office { title: t } if t == title))
            .unwrap_or_else(|| panic!("no {title} in {people:?}"))
    };
    let secretary = officer("Secretario de Actas");
    assert_eq!(linked("actas"), Some((secretary.id, secretary.name.clone())));
    assert_eq!(linked("hacienda").map(|p| p.0), Some(officer("Secretario de Hacienda").id));
    assert!(linked("afiliado").is_some());
    assert_eq!(linked("admin"), None);
    // Families of the sindicato are offered too, with their register numbers.
    assert!(people.iter().filter(|p| matches!(p.link, accounts::Linkable::Household { .. })).count() > 50);

    // (Each request runs on its own: the store is read between them, outside the runtime.)
    // The page offers the people to an administrator who manages the account...
    let page = app.block_on(app.get("/accounts/juana", "sadmin"));
    assert!(page.body.contains("id=\"person-form\""), "{}", page.body);
    assert!(page.body.contains("Secretario General"), "{}", page.body);
    // ...never to the account's owner, who could otherwise sign as anyone.
    let page = app.block_on(app.get("/accounts/juana", "juana"));
    assert!(!page.body.contains("id=\"person-form\""));
    let general = officer("Secretario General");
    let form = format!("person={}", general.id.0);
    let reply = app.block_on(app.post_form("/accounts/juana/person", "juana", &form));
    assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", reply.body);
    assert_eq!(linked("juana"), None);

    let reply = app.block_on(app.post_form("/accounts/juana/person", "sadmin", &form));
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert_eq!(linked("juana"), Some((general.id, general.name.clone())));
    let page = app.block_on(app.get("/accounts/juana", "juana"));
    assert!(page.body.contains(&general.name), "{}", page.body);

    // A person already linked to another account is refused, naming that account.
    let form = format!("person={}", secretary.id.0);
    let reply = app.block_on(app.post_form("/accounts/juana/person", "sadmin", &form));
    assert_eq!(reply.status, StatusCode::CONFLICT, "{}", reply.body);
    assert!(reply.body.contains("actas"), "{}", reply.body);
    assert_eq!(linked("juana").map(|p| p.0), Some(general.id));

    // A person of another federation, or one that does not exist, is not found.
    let elsewhere = accounts::linkable_people(&db.store, &op(), "pedro").unwrap();
    let far = elsewhere.iter().find(|p| !people.iter().any(|q| q.id == p.id)).expect("families of F2");
    for form in [format!("person={}", far.id.0), "person=99999999".to_string(), "person=x".to_string()] {
        let reply = app.block_on(app.post_form("/accounts/juana/person", "sadmin", &form));
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{form}: {}", reply.body);
        assert_eq!(linked("juana").map(|p| p.0), Some(general.id), "{form}");
    }
    // A forged form changes nothing.
    let reply =
        app.block_on(app.request("POST", "/accounts/juana/person").cookie(app.cookie("sadmin")).form("person=").send());
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert!(linked("juana").is_some());

    // Unlinked with the empty choice.
    let reply = app.block_on(app.post_form("/accounts/juana/person", "sadmin", "person="));
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(linked("juana"), None);
    let audit = db.raw_count_where("audit_events", "action IN ('account.link_person', 'account.unlink_person')");
    // The demo's links (each linked demo account once), then Juana's link and unlink.
    let demo_links = cabildo_services::demo::DEMO_ACCOUNTS.iter().filter(|(u, _, _)| linked(u).is_some()).count();
    assert_eq!(audit, demo_links as i64 + 2);
}

/// A Trópico of over a hundred centrales a federation pads their numbers (`F1-C001-S01`): the demo
/// accounts of a sindicato get the first sindicato of the first central, not a code that is not
/// there (`cabildo demo --families 3000000` refused to serve).
fn a_large_demo_grants_its_accounts_on_the_first_sindicato_whatever_its_code(db: &Db) {
    use crate::support::add_body;
    use cabildo_domain::BodyKind;
    let store = &db.store;
    add_body(store, None, BodyKind::Confederacion, "Trópico", "TROPICO");
    add_body(store, Some("TROPICO"), BodyKind::Federacion, "Federación Uno", "F1");
    add_body(store, Some("F1"), BodyKind::Central, "Central Uno", "F1-C001");
    add_body(store, Some("F1"), BodyKind::Central, "Central Dos", "F1-C002");
    add_body(store, Some("F1-C002"), BodyKind::Sindicato, "San Pedro", "F1-C002-S01");
    add_body(store, Some("F1-C001"), BodyKind::Sindicato, "San José", "F1-C001-S02");
    add_body(store, Some("F1-C001"), BodyKind::Sindicato, "San Juan", "F1-C001-S01");
    let granted = cabildo_services::demo::ensure_demo_accounts(store, &op(), PasswordCost::TESTS_ONLY).unwrap();
    let body_of = |who: &str| granted.iter().find(|(u, _, _)| *u == who).map(|(_, _, b)| b.clone()).unwrap();
    assert_eq!(body_of("actas"), "F1-C001-S01");
    assert_eq!(body_of("afiliado"), "F1-C001-S01");
    assert_eq!(body_of("dirigente"), "F1");
    assert_eq!(body_of("admin"), "TROPICO");
}
