//! One function per command: parse the arguments into domain values, call a service, print.

use std::process::ExitCode;
use std::str::FromStr;

use cabildo_demo::DemoConfig;
use cabildo_domain::access::Role;
use cabildo_domain::input::{HouseholdText, NameText, NewHouseholdText, OfficeText, ParcelText, PersonText, Problems};
use cabildo_domain::padron::parse_date;
use cabildo_domain::{
    AffiliationKind, BodyEventKind, BodyKind, Composition, Date, DomainError, Field, HouseholdId, OfficeEnd, OfficeId,
    ParcelData, PersonData,
};
use cabildo_i18n::Lang;
use cabildo_services::access::{self, PasswordCost};
use cabildo_services::export::ExportFormat;
use cabildo_services::import::ImportError;
use cabildo_services::registry::{self, BodyForm};
use cabildo_services::{Ctx, ServiceError, demo, export, import};
use cabildo_store::Store;
use indicatif::{ProgressBar, ProgressStyle};

use crate::output::Out;
use crate::{
    BodyCommand, Cli, Command, HouseholdCommand, MemberCommand, OfficeCommand, ParcelArgs, ParcelCommand, PersonArgs,
    UserCommand,
};

type Outcome = Result<(), ServiceError>;

/// Opens the database and brings it to this binary's schema.
pub fn open_store(location: &str) -> Result<Store, ServiceError> {
    let store = Store::open(location)?;
    store.migrate()?;
    Ok(store)
}

pub fn run(cli: Cli, lang: Lang, ctx: &Ctx) -> ExitCode {
    let out = Out { lang };
    if let Command::Demo(args) = &cli.command
        && let Some(path) = &args.csv
    {
        return finish(out, demo_csv(out, args, path));
    }
    if let Command::Bench(args) = &cli.command {
        return finish(out, crate::bench::run(out, args, &cli.db, ctx));
    }
    let store = match open_store(&cli.db) {
        Ok(store) => store,
        Err(e) => return finish(out, Err(e)),
    };
    let result = match cli.command {
        Command::Migrate => migrate(out, &store),
        Command::Serve(args) => return serve(out, store, &args, &cli.db),
        Command::Demo(args) => return demo(out, store, &args, &cli.db, ctx),
        Command::Body(command) => body(out, &store, command, ctx),
        Command::Household(command) => household(out, &store, command, ctx),
        Command::Parcel(command) => parcel(out, &store, command, ctx),
        Command::Member(command) => member(out, &store, command, ctx),
        Command::Office(command) => office(out, &store, command, ctx),
        Command::Import(args) => return import(out, &store, &args, ctx),
        Command::Export(args) => export(out, &store, &args, ctx),
        Command::User(UserCommand::Add { username, name, password_stdin, endorse_by: Some(admin) }) => {
            crate::keys_cmd::add_user_endorsed(out, &store, ctx, (&username, &name), password_stdin, &admin)
        }
        Command::User(UserCommand::Add { username, name, password_stdin, endorse_by: None }) => {
            add_user(out, &store, ctx, &username, &name, password_stdin)
        }
        Command::User(UserCommand::Password { username }) => {
            crate::keys_cmd::change_password(out, &store, ctx, &username)
        }
        Command::User(UserCommand::Reset { username, admin }) => {
            crate::keys_cmd::reset_password(out, &store, ctx, &username, &admin)
        }
        Command::User(command) => crate::account_cmd::user(out, &store, ctx, command),
        Command::Grant { username, body, role } => grant(out, &store, ctx, &username, &body, &role),
        Command::Token { username, name } => token(out, &store, ctx, &username, &name),
        Command::Audit { body, limit } => audit(out, &store, ctx, &body, limit),
        Command::Bench(_) => Ok(()),
        Command::Assembly(command) => crate::assembly_cmd::assembly(out, &store, command, ctx),
        Command::Statute(command) => crate::assembly_cmd::statute(out, &store, command, ctx),
        Command::Consulta(command) => crate::consulta_cmd::consulta(out, &store, command, ctx),
        Command::Keys(command) => return crate::keys_cmd::run(out, &store, ctx, command),
        Command::Instruction(command) => crate::instruction_cmd::instruction(out, &store, command, ctx),
        Command::Delegates(command) => crate::delegates_cmd::delegates(out, &store, command, ctx),
        Command::Mandate(command) => crate::mandate_cmd::mandate(out, &store, command, ctx),
        Command::Obligation(command) => crate::obligation_cmd::obligation(out, &store, command, ctx),
        Command::Petition(command) => crate::petition_cmd::petition(out, &store, command, ctx),
        Command::Ledger(crate::ledger_cmd::LedgerCommand::Import { body, file, all }) => {
            return crate::ledger_cmd::import(out, &store, &body, &file, all, ctx);
        }
        Command::Ledger(command) => crate::ledger_cmd::ledger(out, &store, command, ctx),
        Command::Verify { body, heads, pin, pin_file } => {
            let pin = match crate::keys_cmd::pin_arg(out, pin.as_deref(), pin_file.as_deref()) {
                Ok(pin) => pin,
                Err(e) => return finish(out, Err(e)),
            };
            return crate::assembly_cmd::verify(out, &store, ctx, body.as_deref(), &heads, pin.as_ref());
        }
    };
    finish(out, result)
}

fn finish(out: Out, result: Outcome) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            out.error(&e);
            ExitCode::FAILURE
        }
    }
}

fn date_arg(value: Option<&str>, today: Date) -> Result<Date, ServiceError> {
    match value {
        None => Ok(today),
        Some(v) => Ok(parse_date(Field::Date, v)?),
    }
}

/// What the domain's readers found wrong, as the one line the command line prints: the first
/// problem (the page forms and the API show them all).
fn read<T>(read: Result<T, Problems>) -> Result<T, ServiceError> {
    read.map_err(|problems| match problems.0.into_iter().next() {
        Some((_, error)) => ServiceError::Domain(error),
        None => ServiceError::Internal("a reader refused without a problem".into()),
    })
}

fn person_text(args: &PersonArgs) -> PersonText {
    PersonText {
        name: NameText {
            given_names: args.given_names.clone(),
            first_surname: args.first_surname.clone(),
            second_surname: args.second_surname.clone(),
        },
        id_number: args.id_number.clone(),
        phone: args.phone.clone(),
    }
}

fn person_arg(args: &PersonArgs) -> Result<PersonData, ServiceError> {
    read(person_text(args).parse())
}

fn parcel_text(args: &ParcelArgs) -> ParcelText {
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    ParcelText {
        code: args.code.clone(),
        area: text(&args.area),
        place: text(&args.place),
        latitude: text(&args.latitude),
        longitude: text(&args.longitude),
    }
}

fn parcel_arg(args: &ParcelArgs) -> Result<ParcelData, ServiceError> {
    read(parcel_text(args).parse())
}

fn migrate(out: Out, store: &Store) -> Outcome {
    // Opening the store already migrated; report where the database stands.
    let report = store.migrate()?;
    out.say(
        "cli-migrated",
        &[("version", report.to_version.to_string()), ("applied", report.applied.len().to_string())],
    );
    Ok(())
}

fn progress_bar(out: Out, total: u64) -> ProgressBar {
    let bar = ProgressBar::new(total);
    let template = format!("{{bar:40}} {{pos}}/{{len}} {} ({{per_sec}}, {{eta}})", out.text("cli-progress-rows", &[]));
    if let Ok(style) = ProgressStyle::with_template(&template) {
        bar.set_style(style);
    }
    bar
}

fn demo(out: Out, store: Store, args: &crate::DemoArgs, db: &str, ctx: &Ctx) -> ExitCode {
    let config = DemoConfig { seed: args.seed, families: args.families };
    let bar = progress_bar(out, if args.bodies_only { 0 } else { cabildo_demo::DemoPlan::new(&config).n_families() });
    let result = demo::seed(&store, &config, ctx, &|n| bar.set_position(n), !args.bodies_only);
    bar.finish_and_clear();
    match result {
        Ok(report) => {
            out.say(
                "cli-demo-ok",
                &[
                    ("bodies", out.count(report.bodies)),
                    ("offices", out.count(report.offices)),
                    ("households", out.count(report.import.households_created)),
                    ("parcels", out.count(report.import.parcels_created)),
                    ("root", report.root_code),
                ],
            );
            if !args.bodies_only {
                match demo::seed_delegates(&store, ctx) {
                    Ok(d) => out.say(
                        "dlg-cli-demo",
                        &[
                            ("congress", d.congress.0.to_string()),
                            ("council", d.council.0.to_string()),
                            ("count", d.credentials.to_string()),
                        ],
                    ),
                    Err(e) => return finish(out, Err(e)),
                }
            }
            demo_serve(out, store, args, db, ctx)
        }
        // Running the demo again on its own database shows it instead of failing.
        Err(ImportError::Service(ServiceError::DatabaseNotEmpty))
            if registry::resolve_body_in(&store, "TROPICO").is_ok() && !args.bodies_only =>
        {
            let members = registry::count_members(&store, ctx, "TROPICO").unwrap_or(0);
            out.say("cli-demo-exists", &[("db", db.to_string()), ("members", out.count(members))]);
            demo_serve(out, store, args, db, ctx)
        }
        Err(e) => import_failed(out, e, false),
    }
}

fn demo_csv(out: Out, args: &crate::DemoArgs, path: &std::path::Path) -> Outcome {
    let config = DemoConfig { seed: args.seed, families: args.families };
    let format = if args.plain { ExportFormat::Plain } else { ExportFormat::Spreadsheet };
    let lines = demo::write_padron_file(&config, path, format)?;
    out.say("cli-demo-csv-ok", &[("path", path.display().to_string()), ("lines", out.count(lines))]);
    Ok(())
}

fn body(out: Out, store: &Store, command: BodyCommand, ctx: &Ctx) -> Outcome {
    match command {
        BodyCommand::Add { kind, name, parent, code, composition } => {
            let form = BodyForm {
                parent,
                kind: BodyKind::from_str(&kind)?,
                composition: composition.as_deref().map(Composition::from_str).transpose()?,
                name,
                code,
            };
            let body = registry::create_body(store, ctx, &form)?;
            out.say("cli-body-created", &[("body", body.label()), ("id", body.id.to_string())]);
        }
        BodyCommand::List { root, depth } => {
            for line in registry::tree_report(store, ctx, root.as_deref())? {
                if depth.is_some_and(|d| line.depth > d) {
                    continue;
                }
                let closed = if line.body.is_open() { String::new() } else { out.text("cli-closed-mark", &[]) };
                out.say(
                    "cli-tree-line",
                    &[
                        ("indent", "  ".repeat(line.depth)),
                        ("name", line.body.name.clone()),
                        ("code", line.body.code.clone()),
                        ("kind", line.body.kind.code().to_string()),
                        ("members", out.count(line.members)),
                        ("closed", closed),
                    ],
                );
            }
        }
        BodyCommand::Show { body } => show_body(out, store, &body, ctx)?,
        BodyCommand::Overview { body, search, filter } => {
            use cabildo_services::leader::{self, OverviewFilter, OverviewQuery, OverviewRow};
            let line = |row: &OverviewRow| {
                let a = &row.activity;
                let n = |v: u64| out.count(v);
                out.say(
                    if row.has_below { "cli-overview-line" } else { "cli-overview-base-line" },
                    &[
                        ("name", row.body.label()),
                        ("bases", n(row.bases)),
                        ("quiet", n(row.quiet)),
                        ("held", n(a.held_recently)),
                        ("sealed", n(a.actas_sealed)),
                        ("pending", n(a.actas_pending)),
                        ("overdue", n(a.actas_overdue)),
                        ("resolutions", n(a.resolutions)),
                        ("fines", n(a.fines)),
                        ("amount", cabildo_domain::ledger::Centavos(a.fines_amount).to_string()),
                        ("padron", n(row.members)),
                    ],
                );
            };
            let mut query = OverviewQuery {
                search,
                filter: OverviewFilter::parse(&filter),
                page: 1,
                per_page: leader::MAX_PER_PAGE,
            };
            let first = leader::overview(store, ctx, &body, &query)?;
            line(&first.total);
            first.groups.iter().for_each(line);
            out.say("cli-overview-matched", &[("count", out.count(first.matched))]);
            first.rows.iter().for_each(line);
            let mut more = first.has_next;
            while more {
                query.page += 1;
                let next = leader::overview(store, ctx, &body, &query)?;
                next.rows.iter().for_each(line);
                more = next.has_next;
            }
        }
        BodyCommand::Count { body } => {
            let members = registry::count_members(store, ctx, &body)?;
            out.say("cli-members-under", &[("body", body.clone()), ("members", out.count(members))]);
            for level in registry::counts_per_level(store, ctx, &body)? {
                out.say(
                    "cli-level-line",
                    &[
                        ("depth", level.depth.to_string()),
                        ("kind", level.kind.code().to_string()),
                        ("bodies", out.count(level.bodies)),
                        ("members", out.count(level.members)),
                    ],
                );
            }
        }
        BodyCommand::Rename { body, name } => {
            let body = registry::rename_body(store, ctx, &body, &name)?;
            out.say("cli-body-renamed", &[("body", body.code.clone()), ("name", body.name)]);
        }
        BodyCommand::Move { body, to, root } => {
            let parent = if root { None } else { Some(to.ok_or(DomainError::Required { field: Field::Parent })?) };
            let body = registry::move_body(store, ctx, &body, parent.as_deref())?;
            out.say("cli-body-moved", &[("body", body.label())]);
        }
        BodyCommand::Close { body } => {
            let body = registry::close_body(store, ctx, &body)?;
            out.say("cli-body-closed", &[("body", body.label()), ("date", out.date(ctx.today))]);
        }
        BodyCommand::Reopen { body } => {
            let body = registry::reopen_body(store, ctx, &body)?;
            out.say("cli-body-reopened", &[("body", body.label())]);
        }
        BodyCommand::Affiliate { member, host, observer, since } => {
            let kind = if observer { AffiliationKind::Observer } else { AffiliationKind::Full };
            let since = date_arg(since.as_deref(), ctx.today)?;
            let affiliation = registry::affiliate(store, ctx, &member, &host, kind, since)?;
            out.say(
                "cli-affiliated",
                &[
                    ("id", affiliation.id.to_string()),
                    ("member", member),
                    ("host", host),
                    ("kind", kind.code().to_string()),
                    ("since", out.date(since)),
                ],
            );
        }
        BodyCommand::Unaffiliate { id, on } => {
            let on = date_arg(on.as_deref(), ctx.today)?;
            registry::end_affiliation(store, ctx, id, on)?;
            out.say("cli-affiliation-ended", &[("id", id.to_string()), ("date", out.date(on))]);
        }
    }
    Ok(())
}

fn show_body(out: Out, store: &Store, reference: &str, ctx: &Ctx) -> Outcome {
    let overview = registry::body_overview(store, ctx, reference)?;
    let body = &overview.body;
    out.say(
        "cli-body-show-title",
        &[
            ("name", body.name.clone()),
            ("code", body.code.clone()),
            ("kind", body.kind.code().to_string()),
            ("composition", body.composition.code().to_string()),
            ("id", body.id.to_string()),
        ],
    );
    out.say("cli-body-show-public-id", &[("public_id", body.public_id.to_string())]);
    if !overview.ancestors.is_empty() {
        let path: Vec<String> = overview.ancestors.iter().map(|b| b.label()).collect();
        out.say("cli-body-show-path", &[("path", path.join(" › "))]);
    }
    out.say("cli-body-show-members", &[("members", out.count(overview.members))]);
    if !overview.children.is_empty() {
        out.say("cli-body-show-children", &[]);
        for (child, members) in &overview.children {
            let closed = if child.is_open() { String::new() } else { out.text("cli-closed-mark", &[]) };
            out.say(
                "cli-tree-line",
                &[
                    ("indent", "  ".into()),
                    ("name", child.name.clone()),
                    ("code", child.code.clone()),
                    ("kind", child.kind.code().to_string()),
                    ("members", out.count(*members)),
                    ("closed", closed),
                ],
            );
        }
    }
    if !overview.offices.is_empty() {
        out.say("cli-body-show-offices", &[]);
        for office in &overview.offices {
            let ended = match (office.ended_on, office.end_reason) {
                (Some(date), Some(reason)) => out.text(
                    "cli-body-show-office-ended",
                    &[("date", out.date(date)), ("reason", reason.code().to_string())],
                ),
                _ => String::new(),
            };
            out.say(
                "cli-body-show-office",
                &[
                    ("id", office.id.to_string()),
                    ("title", office.title.clone()),
                    ("name", office.holder.display()),
                    ("from", out.date(office.term_start)),
                    ("to", out.opt_date(office.term_end)),
                    ("ended", ended),
                ],
            );
        }
    }
    if !overview.affiliations.is_empty() {
        out.say("cli-body-show-affiliations", &[]);
        for (affiliation, other) in &overview.affiliations {
            let direction =
                if affiliation.member_id == body.id { "cli-affiliation-member-of" } else { "cli-affiliation-host-of" };
            let until = affiliation
                .until
                .map(|d| out.text("cli-affiliation-until", &[("date", out.date(d))]))
                .unwrap_or_default();
            out.say(
                "cli-body-show-affiliation",
                &[
                    ("id", affiliation.id.to_string()),
                    ("direction", out.text(direction, &[])),
                    ("other", other.label()),
                    ("kind", affiliation.kind.code().to_string()),
                    ("since", out.date(affiliation.since)),
                    ("until", until),
                ],
            );
        }
    }
    out.say("cli-body-show-history", &[]);
    for event in &overview.history {
        let date = ("date", out.date(event.on));
        let parent = |id: Option<cabildo_domain::BodyId>| {
            id.map_or_else(|| out.text("cli-history-root", &[]), |id| id.to_string())
        };
        match &event.kind {
            BodyEventKind::Created => out.say("cli-history-created", &[date]),
            BodyEventKind::Renamed { from, to } => {
                out.say("cli-history-renamed", &[date, ("from", from.clone()), ("to", to.clone())]);
            }
            BodyEventKind::Moved { from, to } => {
                out.say("cli-history-moved", &[date, ("from", parent(*from)), ("to", parent(*to))]);
            }
            BodyEventKind::Closed => out.say("cli-history-closed", &[date]),
            BodyEventKind::Reopened => out.say("cli-history-reopened", &[date]),
        }
    }
    Ok(())
}

fn household(out: Out, store: &Store, command: HouseholdCommand, ctx: &Ctx) -> Outcome {
    match command {
        HouseholdCommand::Add { body, person, register_number, affiliated_on, parcel } => {
            let text = NewHouseholdText {
                household: HouseholdText {
                    person: person_text(&person),
                    register_number: register_number.unwrap_or_default(),
                    affiliated_on: affiliated_on.unwrap_or_default(),
                },
                parcel: parcel_text(&parcel),
            };
            let (person, household, parcel) = read(text.parse())?;
            let id = registry::add_household(store, ctx, &body, &person, &household, &[parcel])?;
            out.say("cli-household-created", &[("id", id.to_string()), ("body", body)]);
        }
        HouseholdCommand::List { body, search, page, per_page } => {
            let page = registry::padron_page(store, ctx, &body, search.as_deref(), page.saturating_sub(1), per_page)?;
            if page.is_empty() {
                out.say("cli-padron-empty", &[]);
            }
            for household in page {
                out.say(
                    "cli-padron-line",
                    &[
                        ("number", household.register_number.unwrap_or_else(|| "·".into())),
                        ("name", household.name.sortable()),
                        ("parcels", household.parcel_codes.join(", ")),
                        ("id", household.id.to_string()),
                    ],
                );
            }
        }
        HouseholdCommand::Show { id } => {
            let (household, parcels) = registry::household_detail(store, ctx, HouseholdId(id))?;
            let none = || out.text("cli-none", &[]);
            out.say(
                "cli-household-show",
                &[
                    ("id", household.id.to_string()),
                    ("body", household.body_id.to_string()),
                    ("name", household.representative.name.display()),
                ],
            );
            out.say(
                "cli-household-private",
                &[
                    ("id_number", household.representative.id_number.clone().unwrap_or_else(none)),
                    ("phone", household.representative.phone.clone().unwrap_or_else(none)),
                    ("number", household.register_number.clone().unwrap_or_else(none)),
                    ("since", out.opt_date(household.affiliated_on)),
                ],
            );
            let decimal = if out.lang == Lang::Es { ',' } else { '.' };
            for parcel in parcels {
                let coordinates =
                    parcel.coordinates.map(|c| format!(" ({}, {})", c.latitude, c.longitude)).unwrap_or_default();
                out.say(
                    "cli-parcel-line",
                    &[
                        ("code", parcel.code.to_string()),
                        ("area", parcel.area.map_or_else(none, |a| a.hectares_text(decimal))),
                        ("place", parcel.place.unwrap_or_else(none)),
                        ("coordinates", coordinates),
                    ],
                );
            }
        }
    }
    Ok(())
}

fn parcel(out: Out, store: &Store, command: ParcelCommand, ctx: &Ctx) -> Outcome {
    let ParcelCommand::Add { household, parcel } = command;
    let parcel = registry::add_parcel(store, ctx, HouseholdId(household), &parcel_arg(&parcel)?)?;
    out.say("cli-parcel-created", &[("code", parcel.code.to_string()), ("household", household.to_string())]);
    Ok(())
}

fn member(out: Out, store: &Store, command: MemberCommand, ctx: &Ctx) -> Outcome {
    match command {
        MemberCommand::Add { body, person, since } => {
            let since = date_arg(since.as_deref(), ctx.today)?;
            let membership = registry::add_member(store, ctx, &body, &person_arg(&person)?, since)?;
            out.say(
                "cli-member-added",
                &[("name", membership.name.display()), ("body", body), ("since", out.date(since))],
            );
        }
        MemberCommand::List { body } => {
            for m in registry::members(store, ctx, &body)? {
                let until =
                    m.until.map(|d| out.text("cli-affiliation-until", &[("date", out.date(d))])).unwrap_or_default();
                out.say(
                    "cli-member-line",
                    &[
                        ("id", m.id.to_string()),
                        ("name", m.name.sortable()),
                        ("since", out.date(m.since)),
                        ("until", until),
                    ],
                );
            }
        }
    }
    Ok(())
}

fn office(out: Out, store: &Store, command: OfficeCommand, ctx: &Ctx) -> Outcome {
    match command {
        OfficeCommand::Add { body, title, person, from, to } => {
            let text = OfficeText {
                title,
                holder: person_text(&person).name,
                term_start: from.unwrap_or_else(|| ctx.today.format("%d/%m/%Y").to_string()),
                term_end: to.unwrap_or_default(),
            };
            let (_, new_office) = read(text.parse())?;
            // The holder with what else the command line may give of them (ID number, phone).
            let holder = person_arg(&person)?;
            let from = new_office.term_start;
            let office = registry::add_office(store, ctx, &body, &holder, &new_office)?;
            out.say(
                "cli-office-added",
                &[
                    ("id", office.id.to_string()),
                    ("title", office.title),
                    ("body", body),
                    ("name", office.holder.display()),
                    ("from", out.date(from)),
                ],
            );
        }
        OfficeCommand::End { id, reason, on } => {
            let on = date_arg(on.as_deref(), ctx.today)?;
            let reason = OfficeEnd::parse(&reason)?;
            registry::end_office(store, ctx, OfficeId(id), on, reason)?;
            out.say(
                "cli-office-ended",
                &[("id", id.to_string()), ("date", out.date(on)), ("reason", reason.code().to_string())],
            );
        }
    }
    Ok(())
}

/// Prints why an import wrote nothing: every bad row, with line, column, value and reason.
pub(crate) fn import_failed(out: Out, error: ImportError, all: bool) -> ExitCode {
    match error {
        ImportError::Service(e) => {
            out.error(&e);
        }
        ImportError::Rejected { problems, bad_rows, .. } => {
            let shown = if all { problems.len() } else { problems.len().min(200) };
            for problem in &problems[..shown] {
                let reason = out.error_text(&problem.error);
                match &problem.column {
                    Some(column) => eprintln!(
                        "{}",
                        out.text(
                            "cli-import-problem",
                            &[
                                ("line", problem.line.to_string()),
                                ("column", column.clone()),
                                ("value", problem.value.clone()),
                                ("reason", reason),
                            ],
                        )
                    ),
                    None => eprintln!(
                        "{}",
                        out.text("cli-import-problem-line", &[("line", problem.line.to_string()), ("reason", reason)])
                    ),
                }
            }
            if problems.len() > shown {
                let more = (problems.len() - shown) as u64;
                eprintln!("{}", out.text("cli-import-more", &[("more", out.count(more))]));
            }
            let rejected = out.text("cli-import-rejected", &[("total", out.count(bad_rows))]);
            eprintln!("{}: {rejected}", out.text("cli-error", &[]));
        }
    }
    ExitCode::FAILURE
}

fn import(out: Out, store: &Store, args: &crate::ImportArgs, ctx: &Ctx) -> ExitCode {
    let bar = ProgressBar::new_spinner();
    let result = import::import_file(store, ctx, &args.file, &args.body, &args.mappings, &|n| bar.set_position(n));
    bar.finish_and_clear();
    match result {
        Ok(report) => {
            out.say(
                "cli-import-ok",
                &[
                    ("rows", out.count(report.rows)),
                    ("encoding", report.encoding.map(|e| e.label().to_string()).unwrap_or_default()),
                    (
                        "delimiter",
                        report
                            .delimiter
                            .map(|d| if d == '\t' { "TAB".to_string() } else { d.to_string() })
                            .unwrap_or_default(),
                    ),
                    ("households_created", out.count(report.households_created)),
                    ("parcels_created", out.count(report.parcels_created)),
                    ("households_updated", out.count(report.households_updated)),
                    ("parcels_updated", out.count(report.parcels_updated)),
                    ("unchanged", out.count(report.rows_unchanged)),
                ],
            );
            if !report.ignored_columns.is_empty() {
                out.say("cli-import-ignored", &[("columns", report.ignored_columns.join(", "))]);
            }
            ExitCode::SUCCESS
        }
        Err(e) => import_failed(out, e, args.all_problems),
    }
}

fn export(out: Out, store: &Store, args: &crate::ExportArgs, ctx: &Ctx) -> Outcome {
    let format = if args.plain { ExportFormat::Plain } else { ExportFormat::Spreadsheet };
    let lines = export::export_file(store, ctx, &args.body, &args.file, format, !args.without_id_numbers)?;
    out.say("cli-export-ok", &[("lines", out.count(lines)), ("path", args.file.display().to_string())]);
    Ok(())
}

fn add_user(out: Out, store: &Store, ctx: &Ctx, username: &str, name: &str, password_stdin: bool) -> Outcome {
    let password = if password_stdin {
        let mut line = String::new();
        std::io::stdin()
            .read_line(&mut line)
            .map_err(|e| ServiceError::Unreadable { path: "stdin".into(), reason: e.to_string() })?;
        line.trim_end_matches(['\r', '\n']).to_string()
    } else {
        std::env::var("CABILDO_PASSWORD").map_err(|_| DomainError::Required { field: Field::Password })?
    };
    let account = access::create_account(store, ctx, PasswordCost::STANDARD, username, name, &password)?;
    out.say("cli-user-created", &[("username", account.username), ("id", account.id.to_string())]);
    if !cabildo_services::keys::key_log(store, ctx, None)?.0.is_empty() {
        // The key log has an administrator's key: this account's key will be self-signed.
        eprintln!("{}", out.text("cli-user-key-not-endorsed", &[("username", username.trim().to_lowercase())]));
    }
    Ok(())
}

/// A role as people name it ("Secretario de actas"), never its code.
fn role_name(out: Out, role: Role) -> String {
    out.text(&format!("asm-role-{}", role.code()), &[])
}

fn grant(out: Out, store: &Store, ctx: &Ctx, username: &str, body: &str, role: &str) -> Outcome {
    let role = Role::from_str(role)?;
    access::grant(store, ctx, username, body, role)?;
    let args = [("username", username.to_string()), ("role", role_name(out, role)), ("body", body.to_string())];
    out.say("cli-granted", &args);
    Ok(())
}

fn token(out: Out, store: &Store, ctx: &Ctx, username: &str, name: &str) -> Outcome {
    let token = access::create_api_token(store, ctx, username, name)?;
    eprintln!("{}", out.text("cli-token-created", &[("username", username.to_string())]));
    println!("{token}");
    Ok(())
}

fn audit(out: Out, store: &Store, ctx: &Ctx, body: &str, limit: u64) -> Outcome {
    for event in access::audit_trail(store, ctx, body, limit)? {
        let at = chrono::DateTime::from_timestamp(event.at, 0)
            .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
            .unwrap_or_default();
        let args = [("at", at), ("actor", event.actor), ("action", event.action), ("detail", event.detail)];
        out.say("cli-audit-line", &args);
    }
    Ok(())
}

/// After seeding: the demo accounts, then the server (unless --no-serve).
fn demo_serve(out: Out, store: Store, args: &crate::DemoArgs, db: &str, ctx: &Ctx) -> ExitCode {
    if args.no_serve {
        out.say("cli-demo-next", &[("db", db.to_string())]);
        return ExitCode::SUCCESS;
    }
    let accounts = match demo::ensure_demo_accounts(&store, ctx, PasswordCost::STANDARD) {
        Ok(accounts) => accounts,
        Err(e) => {
            out.error(&e);
            return ExitCode::FAILURE;
        }
    };
    out.say("cli-demo-accounts", &[("password", demo::DEMO_PASSWORD.to_string())]);
    for (username, role, body) in accounts {
        out.say(
            "cli-demo-account",
            &[("username", username.to_string()), ("role", role_name(out, role)), ("body", body.to_string())],
        );
    }
    serve(out, store, &args.serve, db)
}

/// Serves the pages and the API until Ctrl-C or SIGTERM.
fn serve(out: Out, store: Store, args: &crate::ServeArgs, db: &str) -> ExitCode {
    drop(
        tracing_subscriber::fmt()
            .with_env_filter(
                tracing_subscriber::EnvFilter::try_from_default_env()
                    .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,tower_http=info")),
            )
            .with_writer(std::io::stderr)
            .try_init(),
    );
    let mut store = store;
    if !args.replicas.is_empty() {
        if store.backend() != cabildo_store::Backend::Postgres {
            eprintln!("{}: {}", out.text("cli-error", &[]), out.text("cli-replica-needs-postgres", &[]));
            return ExitCode::FAILURE;
        }
        let lag = std::time::Duration::try_from_secs_f64(args.replica_max_lag).ok().filter(|lag| !lag.is_zero());
        let Some(lag) = lag else {
            eprintln!(
                "{}: {}",
                out.text("cli-error", &[]),
                out.text("cli-bad-replica-max-lag", &[("value", args.replica_max_lag.to_string())])
            );
            return ExitCode::FAILURE;
        };
        if let Err(e) = store.add_replicas(&args.replicas, lag) {
            out.error(&e.into());
            return ExitCode::FAILURE;
        }
        out.say(
            "cli-serving-replicas",
            &[("count", args.replicas.len().to_string()), ("lag", format!("{:.1}", lag.as_secs_f64()))],
        );
    }
    let mut state = cabildo_web::Shared::new(store);
    state.secure_cookies = args.behind_tls;
    if let Some(url) = &args.public_url {
        match cabildo_web::http::urls::public_url(url) {
            Some(url) => state.public_url = Some(url.into()),
            None => {
                eprintln!(
                    "{}: {}",
                    out.text("cli-error", &[]),
                    out.text("cli-bad-public-url", &[("value", url.clone())])
                );
                return ExitCode::FAILURE;
            }
        }
    }
    match cabildo_web::http::proxies::TrustedProxies::parse(&args.trusted_proxies) {
        Ok(proxies) => state.trusted_proxies = std::sync::Arc::new(proxies),
        Err(item) => {
            eprintln!("{}: {}", out.text("cli-error", &[]), out.text("cli-bad-trusted-proxy", &[("value", item)]));
            return ExitCode::FAILURE;
        }
    }
    match crate::keys_cmd::pin_arg(out, args.key_pin.as_deref(), None) {
        Ok(pin) => state.key_pin = pin,
        Err(e) => {
            out.error(&e);
            return ExitCode::FAILURE;
        }
    }
    let state = cabildo_web::AppState::from(state);
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(e) => {
            out.error(&ServiceError::Internal(e.to_string()));
            return ExitCode::FAILURE;
        }
    };
    let db = db.to_string();
    let served = runtime.block_on(cabildo_web::serve(state, args.listen, |address| {
        out.say("cli-serving", &[("address", format!("http://{address}/")), ("db", db.clone())]);
    }));
    match served {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            out.error(&ServiceError::Unavailable(format!("{}: {e}", args.listen)));
            ExitCode::FAILURE
        }
    }
}
