//! What the integration tests share: fresh databases on both backends (`db`), the web application
//! in process with its accounts signed in (`app`), requests to it and their answers (`http`), a
//! fixed clock, and bounded waits.

mod app;
mod db;
mod http;
pub mod pages;

use std::time::{Duration, Instant};

use cabildo_domain::Date;

pub use app::{ASSEMBLY_SINDICATO, PUBLIC_URL, TestApp};
pub use db::{Db, RawRow};
pub use http::{Reply, Req, Who};

/// The day every test lives in, unless it says otherwise.
pub fn today() -> Date {
    Date::from_ymd_opt(2026, 11, 23).unwrap_or_default()
}

/// The Unix time every test lives at, unless it says otherwise (some days before `today()`: the
/// tests have always used both as they are).
pub const NOW: i64 = 1_795_000_000;

/// A password check as the command line makes it (no address), through a limiter of its own.
pub fn local() -> cabildo_services::access::Attempt<'static> {
    cabildo_services::access::Attempt { limiter: Box::leak(Box::default()), address: "" }
}

/// The operator (the command line's actor) acting today.
pub fn op() -> cabildo_services::Ctx {
    cabildo_services::Ctx::operator(NOW, today())
}

/// The operator acting on `day`.
pub fn at(day: Date) -> cabildo_services::Ctx {
    cabildo_services::Ctx::operator(NOW, day)
}

/// The operator acting on `day`, with the clock as many days after `NOW` as `day` is after
/// `today()`.
pub fn op_on(day: Date) -> cabildo_services::Ctx {
    let days = (day - today()).num_days();
    cabildo_services::Ctx::operator(NOW + days * 86_400, day)
}

/// Convenes an assembly of `body` (a code) of `kind` for `when` ("2026-11-30 09:00"), checks in
/// everyone entitled and opens it: its number and who is present.
pub fn hold_assembly(
    store: &cabildo_services::Store,
    ctx: &cabildo_services::Ctx,
    body: &str,
    kind: &str,
    when: &str,
) -> (cabildo_domain::assembly::AssemblyId, Vec<cabildo_domain::PersonId>) {
    use cabildo_services::assembly::{self, Attendee, ConveneForm};
    let form = ConveneForm {
        kind: kind.into(),
        title: format!("Asamblea {kind} de {body}"),
        scheduled_for: when.into(),
        place: "Sede".into(),
        agenda: "Consulta de las bases".into(),
    };
    let a = assembly::convene(store, ctx, body, &form).unwrap();
    let found = store.read(|r| r.body_by_code(body)).unwrap().unwrap();
    let people = store.read(|r| assembly::eligible(r, &found, a.kind, a.scheduled_for.date())).unwrap();
    assert!(!people.is_empty(), "{body} has nobody to hold a {kind}");
    for p in &people {
        assembly::check_in(store, ctx, a.id, &Attendee::Person(p.person_id), false).unwrap();
    }
    assembly::open(store, ctx, a.id).unwrap();
    (a.id, people.iter().map(|p| p.person_id).collect())
}

/// Creates a body (no composition given: the kind's default) as the operator acting today.
pub fn add_body(
    store: &cabildo_services::Store,
    parent: Option<&str>,
    kind: cabildo_domain::BodyKind,
    name: &str,
    code: &str,
) -> cabildo_domain::Body {
    let form = cabildo_services::registry::BodyForm {
        parent: parent.map(Into::into),
        kind,
        composition: None,
        name: name.into(),
        code: Some(code.into()),
    };
    cabildo_services::registry::create_body(store, &op(), &form).unwrap()
}

/// A person known by name only (no ID number, no phone).
pub fn person(given_names: &str, first_surname: &str, second_surname: &str) -> cabildo_domain::PersonData {
    let name = cabildo_domain::PersonName::new(given_names, first_surname, second_surname).unwrap();
    cabildo_domain::PersonData { name, id_number: None, phone: None }
}

/// A parcel known by its code only.
pub fn parcel(code: &str) -> cabildo_domain::ParcelData {
    cabildo_domain::ParcelData {
        code: cabildo_domain::ParcelCode::new(code).unwrap(),
        area: None,
        place: None,
        coordinates: None,
    }
}

pub fn date(y: i32, m: u32, d: u32) -> Date {
    Date::from_ymd_opt(y, m, d).unwrap_or_default()
}

/// Polls `condition` until it holds or `timeout` has passed; whether it held. Looks again after
/// 1 ms, then twice as long each time up to 10 ms, so that a condition met soon is seen soon and
/// one met late costs little. For waiting on something observable instead of sleeping.
pub fn wait_until(timeout: Duration, mut condition: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    let mut pause = Duration::from_millis(1);
    loop {
        if condition() {
            return true;
        }
        if start.elapsed() >= timeout {
            return false;
        }
        std::thread::sleep(pause.min(timeout.saturating_sub(start.elapsed())));
        pause = (pause * 2).min(Duration::from_millis(10));
    }
}

/// Declares each listed test function (taking `&Db`) twice: `sqlite::name` and `postgres::name`.
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[test]
                fn $name() {
                    let db = $crate::support::Db::sqlite();
                    super::$name(&db);
                }
            )*
        }
        mod postgres {
            $(
                #[test]
                fn $name() {
                    if let Some(db) = $crate::support::Db::postgres() {
                        super::$name(&db);
                    }
                }
            )*
        }
    };
}
pub(crate) use on_both_backends;

/// The `cabildo` binary on the database at `location`, in Spanish: its exit code and what it
/// printed (standard output, then standard error). It must not panic.
pub fn cabildo_cli(location: &str, args: &[&str]) -> (Option<i32>, String) {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_cabildo"))
        .args(["--db", location, "--lang", "es"])
        .args(args)
        .env_remove("DATABASE_URL")
        .output()
        .unwrap();
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(!text.contains("panicked"), "{text}");
    (output.status.code(), text)
}

/// Runs futures side by side on the current task and returns their outputs in order (requests of
/// a crowd, in process).
pub async fn join_all<F: std::future::Future>(futures: Vec<F>) -> Vec<F::Output> {
    use std::task::Poll;
    let mut futures: Vec<std::pin::Pin<Box<F>>> = futures.into_iter().map(Box::pin).collect();
    let mut outputs: Vec<Option<F::Output>> = futures.iter().map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut pending = false;
        for (future, output) in futures.iter_mut().zip(outputs.iter_mut()) {
            if output.is_none() {
                match future.as_mut().poll(cx) {
                    Poll::Ready(value) => *output = Some(value),
                    Poll::Pending => pending = true,
                }
            }
        }
        if pending { Poll::Pending } else { Poll::Ready(()) }
    })
    .await;
    outputs.into_iter().map(|o| o.expect("every future finished")).collect()
}

/// Makes the account `username` the holder of `office` in the body `body` (a code), as the
/// directiva's record says: a new person takes the office from 2020 on, without an end, and the
/// account is linked to them. Actas are signed by office holders through their linked accounts.
pub fn hold_office(
    store: &cabildo_services::Store,
    username: &str,
    body: &str,
    office: &str,
) -> cabildo_domain::PersonId {
    let holder = cabildo_domain::PersonData {
        name: cabildo_domain::PersonName::new("Jhonny", "Yupanqui", &format!("de {username}")).unwrap(),
        id_number: None,
        phone: None,
    };
    let office = cabildo_domain::NewOffice::new(office, date(2020, 1, 1), None).unwrap();
    let held = cabildo_services::registry::add_office(store, &op(), body, &holder, &office).unwrap();
    cabildo_services::accounts::link_person(store, &op(), username, Some(held.person_id)).unwrap();
    held.person_id
}
