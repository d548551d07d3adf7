//! `cabildo`: the command line of Cabildo. Parses, calls one service, prints in the user's
//! language. The wall clock is read here and only here, and passed down as `today`.

/// mimalloc instead of the system's allocator: a server answering 1,000 phones at once spent a
/// fifth of its time in glibc's malloc and free (BENCHMARKS.md, "Phone votes beside a reference").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod account_cmd;
mod assembly_cmd;
mod bench;
mod commands;
mod consulta_cmd;
mod delegates_cmd;
mod instruction_cmd;
mod keys_cmd;
mod ledger_cmd;
mod mandate_cmd;
mod obligation_cmd;
mod output;
mod petition_cmd;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

/// Cabildo: the register and assemblies of federated grassroots organisations.
#[derive(Debug, Parser)]
#[command(name = "cabildo", version, about, long_about = None)]
pub struct Cli {
    /// The database: a SQLite file (created if missing) or a postgres:// URL.
    #[arg(long, global = true, env = "DATABASE_URL", default_value = "cabildo.db")]
    pub db: String,
    /// Language of messages: es (default) or en. Also CABILDO_LANG or LANG.
    #[arg(long, global = true)]
    pub lang: Option<String>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Apply the database migrations this cabildo knows (also done at every start).
    Migrate,
    /// Serve the web pages and the JSON API.
    Serve(ServeArgs),
    /// Fill an empty database with a synthetic Trópico de Cochabamba (or write its padrón file).
    Demo(DemoArgs),
    /// Bodies of the structural tree: create, list, show, rename, move, close, affiliate.
    #[command(subcommand)]
    Body(BodyCommand),
    /// Families of a sindicato and their parcels.
    #[command(subcommand)]
    Household(HouseholdCommand),
    /// Add a parcel to a household.
    #[command(subcommand)]
    Parcel(ParcelCommand),
    /// Members of bodies of individuals.
    #[command(subcommand)]
    Member(MemberCommand),
    /// Offices (cargos) of a body's directiva.
    #[command(subcommand)]
    Office(OfficeCommand),
    /// Import a padrón spreadsheet (CSV): all rows or none.
    Import(ImportArgs),
    /// Export a padrón as a spreadsheet file that imports back to the same data.
    Export(ExportArgs),
    /// Accounts of people who sign in to the web pages and the API.
    #[command(subcommand)]
    User(UserCommand),
    /// Grant a role on a body (and so on everything below it) to an account.
    Grant {
        username: String,
        /// Number or code of the body.
        body: String,
        /// administrador, secretario_actas, secretario_hacienda, dirigente, afiliado, observador
        role: String,
    },
    /// Create an API token for an account (shown once; only its hash is kept).
    Token {
        username: String,
        /// What the token is for, e.g. "radio".
        #[arg(long, default_value = "api")]
        name: String,
    },
    /// Who changed what, and when, in a body and below it.
    Audit {
        body: String,
        #[arg(long, default_value_t = 50)]
        limit: u64,
    },
    /// Benchmarks of the register (import and tree queries), printed as table rows.
    Bench(bench::BenchArgs),
    /// Assemblies: convene, check in, open, close, tickets for phone voting.
    #[command(subcommand)]
    Assembly(AssemblyCommand),
    /// A body's statute: quorum, fine for absence, who signs the actas.
    #[command(subcommand)]
    Statute(StatuteCommand),
    /// Consultas a las bases: launch, list, show, extend, close, put on an assembly's agenda,
    /// nominees to an election.
    #[command(subcommand)]
    Consulta(consulta_cmd::ConsultaCommand),
    /// Check every chain of sealed actas against the records and the heads kept of it (exit code
    /// 1 when anything changed).
    Verify {
        /// Only this body and the bodies below it (number or code).
        #[arg(long)]
        body: Option<String>,
        /// A head to check a body's chain against, as printed on its actas and convocatorias and
        /// published on its page: BODY=COUNT:HASH (at least 16 digits of the hash). Repeatable.
        #[arg(long = "head", value_name = "BODY=COUNT:HASH")]
        heads: Vec<String>,
        /// Trust signing keys only through the key log as this pin (from `cabildo keys pin`,
        /// kept outside the database) vouches for it: cabildo-keys:N:HASH.
        #[arg(long, env = "CABILDO_KEY_PIN")]
        pin: Option<String>,
        /// A file whose first line is the pin.
        #[arg(long, conflicts_with = "pin")]
        pin_file: Option<PathBuf>,
    },
    /// The key log of signing keys: print its pin to keep elsewhere, or list and check it.
    #[command(subcommand)]
    Keys(KeysCommand),
    /// Instructions (instructivos): send a resolution down the tree, see who acknowledged it.
    #[command(subcommand)]
    Instruction(instruction_cmd::InstructionCommand),
    /// Delegates: a congress's seats, its delegations' credentials, admission by credential code.
    #[command(subcommand)]
    Delegates(delegates_cmd::DelegatesCommand),
    /// Mandates: put one to a base's assembly, place a congress's motion under an item, list a
    /// base's mandates and how they were kept.
    #[command(subcommand)]
    Mandate(mandate_cmd::MandateCommand),
    /// Attendance obligations of officers: state one, see what was kept, record a visiting officer.
    #[command(subcommand)]
    Obligation(obligation_cmd::ObligationCommand),
    /// Petitions (solicitudes): raise a resolution up the tree, decide on it, record replies.
    #[command(subcommand)]
    Petition(petition_cmd::PetitionCommand),
    /// The union's money: dues, levies, fines, payments and receipts, reversals, the report.
    #[command(subcommand)]
    Ledger(ledger_cmd::LedgerCommand),
}

#[derive(Debug, Subcommand)]
pub enum KeysCommand {
    /// Check the key log and print its pin (cabildo-keys:N:HASH): keep it outside the database
    /// and give it to `cabildo verify --pin`. Print it again after new accounts get keys.
    Pin,
    /// Every key in the log, who endorsed it, and what checking the log found.
    List {
        #[arg(long, env = "CABILDO_KEY_PIN")]
        pin: Option<String>,
        #[arg(long, conflicts_with = "pin")]
        pin_file: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum AssemblyCommand {
    /// Convene an assembly of a body.
    Convene {
        #[arg(long)]
        body: String,
        /// ordinaria, extraordinaria, ampliado, congreso, cabildo_abierto
        #[arg(long)]
        kind: String,
        #[arg(long)]
        title: String,
        /// Local date and time: "2026-11-30 09:00" or "30/11/2026 09:00".
        #[arg(long)]
        at: String,
        #[arg(long)]
        place: String,
        /// An item of the orden del día. Repeatable, in order.
        #[arg(long)]
        agenda: Vec<String>,
    },
    /// A body's assemblies, newest first.
    List {
        #[arg(long)]
        body: String,
    },
    /// An assembly: agenda, attendance, quorum, motions and results.
    Show { id: i64 },
    /// Open the session: fixes who is entitled, the statute and the quorum.
    Open { id: i64 },
    /// Close the session: unexcused absences become fines, and the acta is drafted.
    Close { id: i64 },
    /// Issue phone-voting tickets: the codes are shown (or written) once; only hashes are kept.
    Tickets {
        id: i64,
        #[arg(long)]
        count: u64,
        /// Write the codes to this file, one per line, instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Record someone at the door, by member card code or household number.
    Checkin {
        id: i64,
        #[arg(long, conflicts_with = "household", required_unless_present = "household")]
        card: Option<String>,
        #[arg(long)]
        household: Option<i64>,
        /// Excused (justificado) instead of present.
        #[arg(long)]
        excused: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum StatuteCommand {
    /// Adopt a new version of a body's statute.
    Set {
        #[arg(long)]
        body: String,
        /// half_plus_one, 60%, count:40 or none
        #[arg(long)]
        quorum: String,
        /// Fine for an unexcused absence, in bolivianos ("20", "12,50").
        #[arg(long)]
        fine: String,
        /// Offices of the directiva that sign actas: "Secretario General, Secretario de Actas"
        /// (role codes such as secretario_actas are read as their office).
        #[arg(long)]
        signers: String,
        /// The gestión: years an elected office lasts unless the assembly sets another end
        /// (left out: the one in force, 2 for a body without a statute).
        #[arg(long)]
        term_years: Option<String>,
        /// The decision rule of a recall of the body's own officers (two_thirds, absolute_majority,
        /// majority, unanimity; left out: the one in force, two thirds by default).
        #[arg(long)]
        recall_rule: Option<String>,
        /// The share of the bases below that recalls an officer of the body: "1/3", "33%", or
        /// "none" (left out: the one in force).
        #[arg(long)]
        recall_share: Option<String>,
        /// The days the bases have from the first recall resolution (left out: the one in force,
        /// 30 by default).
        #[arg(long)]
        recall_window: Option<String>,
    },
    /// The statute in force.
    Show { body: String },
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account. The password comes from standard input (--password-stdin) or from
    /// CABILDO_PASSWORD, never from the command line.
    Add {
        username: String,
        /// The person's name as shown on pages.
        #[arg(long)]
        name: String,
        #[arg(long)]
        password_stdin: bool,
        /// Make the account's signing key now, endorsed by this administrator's key in the key
        /// log (so that a pin taken before still vouches for it): standard input gives the
        /// administrator's password first (then the new password, with --password-stdin).
        #[arg(long, value_name = "ADMIN")]
        endorse_by: Option<String>,
    },
    /// Every account: roles, whether disabled, open sessions and live API tokens.
    List,
    /// Disable an account: its sessions and API tokens end at once, and it cannot sign in.
    Disable { username: String },
    /// Enable a disabled account again (its revoked tokens stay revoked).
    Enable { username: String },
    /// End every session of an account (its owner must sign in again).
    EndSessions { username: String },
    /// An account's API tokens: number, name, created, revoked (never the token itself).
    Tokens { username: String },
    /// Revoke one API token of an account, by its number in `cabildo user tokens`.
    RevokeToken { username: String, id: i64 },
    /// Whom an account may be linked to: holders of an office, and representatives of families,
    /// in the bodies where it has a role; each with the number `cabildo user link` takes.
    People { username: String },
    /// Link an account to the person it belongs to (a number from `cabildo user people`): they
    /// sign actas with their name and office. Without --person, unlinks it.
    Link {
        username: String,
        #[arg(long)]
        person: Option<i64>,
    },
    /// Change one's password (and signing key): standard input gives the current password, then
    /// the new one, a line each. The account's sessions end.
    Password { username: String },
    /// An administrator resets an account's password (and signing key, endorsed by the
    /// administrator's): standard input gives the administrator's password, then the new one.
    Reset {
        username: String,
        /// The administrator who resets it.
        #[arg(long)]
        admin: String,
    },
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Number of families (default: the natural size, about 95,000).
    #[arg(long)]
    pub families: Option<u64>,
    /// Seed: the same seed gives the same Trópico.
    #[arg(long, default_value_t = 2026)]
    pub seed: u64,
    /// Write the demo padrón to this CSV file instead of filling the database.
    #[arg(long)]
    pub csv: Option<PathBuf>,
    /// With --csv: comma-separated, ISO dates, decimal point (default: as Excel in Bolivia).
    #[arg(long)]
    pub plain: bool,
    /// Create only the bodies and their directivas, no families.
    #[arg(long)]
    pub bodies_only: bool,
    /// Fill the database and stop, without serving it.
    #[arg(long)]
    pub no_serve: bool,
    #[command(flatten)]
    pub serve: ServeArgs,
}

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address and port to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub listen: std::net::SocketAddr,
    /// Mark session cookies Secure: set this when a TLS proxy stands in front of cabildo.
    #[arg(long)]
    pub behind_tls: bool,
    /// The address people reach cabildo at (https://cabildo.example), for absolute links such
    /// as those of the Atom feeds. Default: the scheme and the Host header of each request.
    #[arg(long, env = "CABILDO_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// A reverse proxy whose X-Forwarded-For names the client: an address (127.0.0.1) or a
    /// network (10.0.0.0/8). Repeatable, or comma-separated. From anyone else the header is ignored.
    #[arg(long = "trusted-proxy", env = "CABILDO_TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxies: Vec<String>,
    /// The key log's pin (cabildo-keys:N:HASH, from `cabildo keys pin`, kept outside the
    /// database): the verification pages then trust signing keys only as it vouches for them.
    #[arg(long = "key-pin", env = "CABILDO_KEY_PIN")]
    pub key_pin: Option<String>,
    /// A PostgreSQL read replica (a hot standby of --db): read-only use-cases go to it. Repeatable,
    /// or comma-separated.
    #[arg(long = "replica", env = "CABILDO_REPLICA_URLS", value_delimiter = ',')]
    pub replicas: Vec<String>,
    /// Seconds a replica may lag behind the primary before reads leave it for the primary.
    #[arg(long = "replica-max-lag", env = "CABILDO_REPLICA_MAX_LAG", default_value_t = 5.0)]
    pub replica_max_lag: f64,
}

#[derive(Debug, Subcommand)]
pub enum BodyCommand {
    /// Create a body.
    Add {
        /// confederacion, federacion, central, subcentral, sindicato, consejo, parlamento, instrumento, filial, comision, otra
        #[arg(long)]
        kind: String,
        #[arg(long)]
        name: String,
        /// Number or code of the parent body (none: a new root).
        #[arg(long)]
        parent: Option<String>,
        /// Short unique code (default: made from the name).
        #[arg(long)]
        code: Option<String>,
        /// households, individuals, delegates or open (default: from the kind).
        #[arg(long)]
        composition: Option<String>,
    },
    /// The tree with member counts at every level.
    List {
        /// Start at this body (default: every root).
        #[arg(long)]
        root: Option<String>,
        /// Show this many levels below the start.
        #[arg(long)]
        depth: Option<usize>,
    },
    /// A body: its place in the tree, sub-bodies, directiva, affiliations, history.
    Show {
        body: String,
    },
    /// Members under a body, and bodies and members per level.
    Count {
        body: String,
    },
    /// The leader's view: the body and every body below it with assemblies held in the last three
    /// months, actas sealed, pending and overdue, resolutions, fines, padrón and last activity,
    /// added up (what /bodies/{id}/overview shows).
    Overview {
        body: String,
        /// Only the base bodies whose name or code contains this.
        #[arg(long)]
        search: Option<String>,
        /// all, quiet (no assembly in 3 months), pending, overdue or fines.
        #[arg(long, default_value = "all")]
        filter: String,
    },
    Rename {
        body: String,
        name: String,
    },
    /// Move a body and its sub-tree under another parent.
    Move {
        body: String,
        /// New parent (number or code).
        #[arg(long, conflicts_with = "root")]
        to: Option<String>,
        /// Make it a root.
        #[arg(long)]
        root: bool,
    },
    /// Close a body; its history is kept.
    Close {
        body: String,
    },
    Reopen {
        body: String,
    },
    /// Affiliate an organisation to another outside the tree.
    Affiliate {
        member: String,
        host: String,
        /// Observer instead of full member.
        #[arg(long)]
        observer: bool,
        /// Date (dd/mm/yyyy or yyyy-mm-dd; default today).
        #[arg(long)]
        since: Option<String>,
    },
    /// End an affiliation.
    Unaffiliate {
        id: i64,
        #[arg(long)]
        on: Option<String>,
    },
}

#[derive(Debug, Args)]
pub struct PersonArgs {
    #[arg(long)]
    pub given_names: String,
    #[arg(long)]
    pub first_surname: String,
    #[arg(long, default_value = "")]
    pub second_surname: String,
    /// Optional, never shown in lists.
    #[arg(long, default_value = "")]
    pub id_number: String,
    #[arg(long, default_value = "")]
    pub phone: String,
}

#[derive(Debug, Args)]
pub struct ParcelArgs {
    /// Parcel code, unique in the sindicato.
    #[arg(long = "parcel")]
    pub code: String,
    /// Area in hectares (2,5 or 2.5).
    #[arg(long)]
    pub area: Option<String>,
    #[arg(long)]
    pub place: Option<String>,
    #[arg(long, allow_hyphen_values = true, requires = "longitude")]
    pub latitude: Option<String>,
    #[arg(long, allow_hyphen_values = true, requires = "latitude")]
    pub longitude: Option<String>,
}

#[derive(Debug, Subcommand)]
#[expect(clippy::large_enum_variant, reason = "parsed once per run from the command line")]
pub enum HouseholdCommand {
    /// Register a family in a sindicato with its representative and first parcel.
    Add {
        #[arg(long)]
        body: String,
        #[command(flatten)]
        person: PersonArgs,
        #[arg(long)]
        register_number: Option<String>,
        #[arg(long)]
        affiliated_on: Option<String>,
        #[command(flatten)]
        parcel: ParcelArgs,
    },
    /// A sindicato's padrón, a page at a time, searched by name or parcel code.
    List {
        body: String,
        #[arg(long)]
        search: Option<String>,
        /// Page number, from 1.
        #[arg(long, default_value_t = 1)]
        page: u64,
        #[arg(long, default_value_t = 50)]
        per_page: u64,
    },
    /// A family with its parcels (includes private data: ID number, phone).
    Show { id: i64 },
}

#[derive(Debug, Subcommand)]
pub enum ParcelCommand {
    Add {
        #[arg(long)]
        household: i64,
        #[command(flatten)]
        parcel: ParcelArgs,
    },
}

#[derive(Debug, Subcommand)]
pub enum MemberCommand {
    Add {
        #[arg(long)]
        body: String,
        #[command(flatten)]
        person: PersonArgs,
        #[arg(long)]
        since: Option<String>,
    },
    List {
        body: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum OfficeCommand {
    /// Give an office of a body's directiva to a person for a term.
    Add {
        #[arg(long)]
        body: String,
        /// e.g. "Secretario General"
        #[arg(long)]
        title: String,
        #[command(flatten)]
        person: PersonArgs,
        /// Start of the term (default today).
        #[arg(long)]
        from: Option<String>,
        /// End of the term.
        #[arg(long)]
        to: Option<String>,
    },
    /// End an office: term (gestion), resignation (renuncia) or recall (revocatoria).
    End {
        id: i64,
        #[arg(long, default_value = "term")]
        reason: String,
        #[arg(long)]
        on: Option<String>,
    },
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// CSV file: comma, semicolon or tab; UTF-8 or Windows-1252.
    pub file: PathBuf,
    /// The sindicato (or, if the file has a Sindicato column, the body above its sindicatos).
    #[arg(long)]
    pub body: String,
    /// Map a column Cabildo does not recognise: --map "Socio titular=full_name". Repeatable.
    #[arg(long = "map")]
    pub mappings: Vec<String>,
    /// Show every problem (default: the first 200).
    #[arg(long)]
    pub all_problems: bool,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    pub file: PathBuf,
    /// The sindicato, or a body whose sindicatos are all exported.
    #[arg(long)]
    pub body: String,
    /// Comma-separated, ISO dates, decimal point (default: as Excel in Bolivia expects).
    #[arg(long)]
    pub plain: bool,
    /// Leave ID numbers out of the file.
    #[arg(long)]
    pub without_id_numbers: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let lang = cli.lang.as_deref().map_or_else(cabildo_i18n::Lang::from_env, cabildo_i18n::Lang::from_tag);
    let now = chrono::Local::now();
    let ctx = cabildo_services::Ctx::operator(now.timestamp(), now.date_naive());
    commands::run(cli, lang, &ctx)
}
