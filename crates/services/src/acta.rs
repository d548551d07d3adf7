//! The acta of an assembly: drafted from what was recorded, signed by the officers the statute
//! names (Ed25519, a key per account derived from its password), then sealed — its canonical
//! content hashed and chained to the body's previous acta — and verified against the records.

use cabildo_domain::BodyId;
use cabildo_domain::access::Action;
use std::collections::HashMap;

use cabildo_domain::acta::{self, Canonical, ChainProblem, Rebuilt, SealedActa};
use cabildo_domain::assembly::{AssemblyId, AssemblyStatus, Statute, format_amount};
use cabildo_domain::chain::ChainHead;
pub use cabildo_store::{ActaRecord, SignatureRecord, SignedAs};
use cabildo_store::{ActaSeal, ActaStatus, Repo, Store, StoreError};

use crate::access::{Attempt, PasswordCost};
use crate::assembly::{self as assemblies, AssemblyView};
use crate::chain::{self, NameThen};
pub use crate::chain::{GivenHead, LaterChange};
use crate::error::Refusal;
use crate::keys::{self, KeyPin, KeyProblem};
use crate::registry::Registry;
use crate::{Actor, Ctx, Result, ServiceError};

const MAX_NOTES: usize = 50_000;

/// The canonical content of an assembly's acta in the current format, rebuilt from what was
/// recorded. The same records always give the same text; this is what is hashed, signed, sealed
/// and later re-checked.
pub fn content(view: &AssemblyView, notes: &str) -> Canonical {
    content_in(view, notes, acta::CURRENT_VERSION)
}

/// The canonical content in the format `version`: an acta sealed in an earlier format is rebuilt
/// in that format to be compared (see [`acta::CURRENT_VERSION`] for what each adds).
pub fn content_in(view: &AssemblyView, notes: &str, version: u32) -> Canonical {
    let v2 = version >= 2;
    let mut c = Canonical::with_version(version);
    let a = &view.assembly;
    c.push("body.id", view.body.id.0);
    c.push("body.code", &view.body.code);
    c.push("body.name", &view.body.name);
    c.push("assembly.id", a.id.0);
    c.push("assembly.kind", a.kind.code());
    c.push("assembly.title", &a.title);
    c.push("assembly.scheduled_for", a.scheduled_for.format("%Y-%m-%dT%H:%M"));
    c.push("assembly.place", &a.place);
    c.push("assembly.status", a.status.code());
    c.push("assembly.opened_at", a.opened_at.map_or_else(String::new, |t| t.to_string()));
    c.push("assembly.closed_at", a.closed_at.map_or_else(String::new, |t| t.to_string()));
    c.push("assembly.eligible", view.eligible);
    c.push("assembly.quorum_required", view.quorum_required);
    c.push("statute.version", view.statute.version);
    c.push("statute.quorum", view.statute.quorum.code());
    c.push("statute.absence_fine", format_amount(view.statute.absence_fine));
    if v2 {
        c.push("statute.term_years", view.statute.term_years);
        for (i, office) in view.statute.signer_offices.iter().enumerate() {
            c.push(format!("statute.signer.{}", i + 1), office);
        }
    } else {
        c.push("statute.signers", view.statute.signers_code());
    }
    for (i, item) in view.agenda.iter().enumerate() {
        c.push(format!("agenda.{:02}", i + 1), item);
    }
    c.push("attendance.present", view.present);
    c.push("attendance.excused", view.excused);
    if v2 {
        c.push("attendance.absent", view.absent);
    }
    c.push("attendance.tickets", view.tickets);
    // Where phone voting fits, nobody keeps a register: what is known of the participation.
    if view.phone_voting {
        c.push("attendance.tickets_used", view.tickets_used);
        if let Some(n) = view.crowd_estimate {
            c.push("attendance.crowd_estimate", n);
        }
    }
    for r in view.attendance.iter().flatten() {
        let key = format!("attendance.{:08}", r.person_id.0);
        c.push(format!("{key}.name"), r.name.display());
        c.push(format!("{key}.status"), r.status.code());
        if let Some(b) = r.represents_id {
            c.push(format!("{key}.represents"), b.0);
        }
    }
    for f in view.fines.iter().flatten() {
        c.push(format!("fine.{:08}", f.person_id.0), format_amount(f.amount));
    }
    for m in &view.motions {
        let r = &m.motion;
        let key = format!("motion.{:02}", r.number);
        c.push(format!("{key}.kind"), r.kind.code());
        c.push(format!("{key}.title"), &r.title);
        if !r.text.is_empty() {
            c.push(format!("{key}.text"), &r.text);
        }
        c.push(format!("{key}.proposer"), &r.proposer);
        if let Some(origin) = r.origin_id {
            c.push(format!("{key}.origin_resolution"), origin);
        }
        if let Some(amends) = r.amends_id {
            c.push(format!("{key}.amends"), amends.0);
        }
        if let Some(of) = r.runoff_of {
            c.push(format!("{key}.runoff_of"), of.0);
        }
        if let Some(end) = r.term_end {
            c.push(format!("{key}.term_end"), end);
        }
        if let Some(rule) = r.election_rule {
            c.push(format!("{key}.election_rule"), rule.code());
        }
        for cand in &m.candidates {
            c.push(format!("{key}.candidate.c{}", cand.id), cand.name.display());
        }
        c.push(format!("{key}.method"), r.method.map_or("", |m| m.code()));
        c.push(format!("{key}.rule"), r.rule.map_or("", |m| m.code()));
        c.push(format!("{key}.present"), r.present_at_open.unwrap_or(0));
        for (option, n) in &m.counts {
            c.push(format!("{key}.count.{option}"), n);
        }
        for v in &m.roll_call {
            c.push(format!("{key}.roll_call.{:08}", v.person_id.0), &v.option);
        }
        c.push(format!("{key}.outcome"), r.outcome.map_or("", |o| o.code()));
        if let Some(winner) = m.elected.as_ref().filter(|_| v2) {
            c.push(format!("{key}.elected"), winner.name.display());
            c.push(format!("{key}.elected.person"), winner.person_id.0);
        }
        if let Some(res) = &m.resolution {
            c.push(format!("{key}.resolution"), format!("{}/{}", res.number, res.year));
        }
    }
    c.push("notes", notes);
    c
}

/// An acta with what it still needs.
pub struct ActaView {
    pub view: AssemblyView,
    pub acta: ActaRecord,
    /// The text signed and sealed: the stored one once sealed, the draft's otherwise.
    pub content: Canonical,
    pub content_hash: String,
    pub signatures: Vec<SignatureRecord>,
    /// Who must sign: the offices the statute names (account role codes in an acta sealed in the
    /// first format; see [`ActaView::by_roles`]).
    pub required: Vec<String>,
    /// Required signers without a valid signature on the current content.
    pub missing: Vec<String>,
    /// The offices the viewer may sign as (see `offices_of_viewer`).
    pub mine: Vec<String>,
}

fn acta_of(repo: &mut dyn Repo, id: AssemblyId) -> Result<ActaRecord> {
    repo.acta_of(id)?.ok_or_else(|| Refusal::NoActa.into())
}

fn valid_signature(s: &SignatureRecord, content_hash: &str) -> bool {
    acta::verify_signature(&s.public_key, &acta::signing_message(content_hash), &s.signature)
}

fn missing_signers(required: &[String], signatures: &[SignatureRecord], content_hash: &str) -> Vec<String> {
    required
        .iter()
        .filter(|key| !signatures.iter().any(|s| s.signed_as.key() == key.as_str() && valid_signature(s, content_hash)))
        .cloned()
        .collect()
}

/// Who had to sign an acta, read from its content: the offices (`statute.signer.N`) or, in the
/// first format, the role codes of `statute.signers`. `None` when it cannot be read.
pub fn required_signers(content: &Canonical) -> Option<Vec<String>> {
    if content.version() >= 2 {
        let offices: Vec<String> =
            (1..).map_while(|i| content.get(&format!("statute.signer.{i}")).map(str::to_string)).collect();
        return (!offices.is_empty()).then_some(offices);
    }
    let roles = Statute::parse_signers(content.get("statute.signers")?).ok()?;
    Some(roles.iter().map(|r| r.code().to_string()).collect())
}

fn acta_view_in(repo: &mut dyn Repo, ctx: &Ctx, id: AssemblyId) -> Result<ActaView> {
    let view = assemblies::view_in(repo, ctx, id)?;
    ctx.require(repo, Action::ViewMembers, view.body.id)?;
    let acta = acta_of(repo, id)?;
    let content = match acta.status {
        ActaStatus::Sealed => {
            let text = acta.content.as_deref().ok_or_else(|| StoreError::missing("actas.content", acta.id))?;
            Canonical::parse(text)
                .map_err(|e| StoreError::Corrupt(format!("actas.content of acta {} cannot be read: {e}", acta.id)))?
        }
        ActaStatus::Draft => content(&view, &acta.notes),
    };
    let content_hash = acta::content_hash(&content.text());
    let signatures = repo.signatures(acta.id)?;
    let required = required_signers(&content)
        .ok_or_else(|| StoreError::Corrupt(format!("actas.content of acta {} does not say who signs", acta.id)))?;
    let missing = missing_signers(&required, &signatures, &content_hash);
    let mine = offices_of_viewer(repo, ctx, &view, &acta, &required)?;
    Ok(ActaView { view, acta, content, content_hash, signatures, required, missing, mine })
}

/// The signing offices the viewer may sign as: those of a draft that the person linked to their
/// account holds in the body (on the meeting day or today). Empty for a sealed acta, a visitor, or
/// an account linked to nobody: the page then shows no signing form.
fn offices_of_viewer(
    repo: &mut dyn Repo,
    ctx: &Ctx,
    view: &AssemblyView,
    acta: &ActaRecord,
    required: &[String],
) -> Result<Vec<String>> {
    let Actor::Account { id, .. } = &ctx.actor else { return Ok(Vec::new()) };
    if acta.status == ActaStatus::Sealed {
        return Ok(Vec::new());
    }
    let Some(person) = repo.account(*id)?.and_then(|a| a.person_id) else { return Ok(Vec::new()) };
    let meeting_day = view.assembly.scheduled_for.date();
    let mut mine = Vec::new();
    for office in required {
        if assemblies::holds_office(repo, person, view.body.id, office, meeting_day)?
            || assemblies::holds_office(repo, person, view.body.id, office, ctx.today)?
        {
            mine.push(office.clone());
        }
    }
    Ok(mine)
}

/// An assembly's acta: its content, signatures, and what it still needs to be sealed.
pub fn view(store: &Store, ctx: &Ctx, id: AssemblyId) -> Result<ActaView> {
    store.read(|repo| acta_view_in(repo, ctx, id))
}

/// Changes the free-text notes of a draft. The content changes, so signatures already given no
/// longer apply and are removed.
pub fn edit_notes(store: &Store, ctx: &Ctx, id: AssemblyId, notes: &str) -> Result<ActaRecord> {
    let notes = cabildo_domain::text::multiline(cabildo_domain::Field::Notes, notes, MAX_NOTES)?;
    store.write(|repo| {
        let assembly = repo.assembly(id)?.ok_or(Refusal::UnknownAssembly { id: id.0 })?;
        ctx.require(repo, Action::RunAssembly, assembly.body_id)?;
        let acta = acta_of(repo, id)?;
        if acta.status == ActaStatus::Sealed {
            return Err(Refusal::ActaSealed.into());
        }
        repo.set_acta_notes(acta.id, &notes)?;
        repo.delete_signatures(acta.id)?;
        ctx.audit(repo, Some(assembly.body_id), "acta.notes", format!("{}", acta.id))?;
        acta_of(repo, id)
    })
}

/// Signs the draft acta as the holder of `office`, one of the offices the statute names (the
/// signer confirms with their password). The account must be linked to the person who holds that
/// office in the assembly's body — on the day of the assembly or on the day of signing — and is
/// refused otherwise, saying which. The password goes through the rate limiter of every password
/// check (`attempt`).
pub fn sign(
    store: &Store,
    ctx: &Ctx,
    cost: PasswordCost,
    attempt: Attempt<'_>,
    id: AssemblyId,
    office: &str,
    password: &str,
) -> Result<()> {
    let Actor::Account { id: account_id, .. } = &ctx.actor else {
        return Err(Refusal::AccountRequired.into());
    };
    store.write(|repo| {
        let view = acta_view_in(repo, ctx, id)?;
        if view.acta.status == ActaStatus::Sealed {
            return Err(Refusal::ActaSealed.into());
        }
        let Some(office) = view.view.statute.signer_office(office).map(str::to_string) else {
            return Err(Refusal::NotSigner { role: office.trim().to_string() }.into());
        };
        let account = repo.account(*account_id)?.ok_or(ServiceError::BadCredentials)?;
        let Some(person) = account.person_id else {
            return Err(Refusal::NotLinked.into());
        };
        let body = view.body_id();
        let meeting_day = view.view.assembly.scheduled_for.date();
        let holds = assemblies::holds_office(repo, person, body, &office, meeting_day)?
            || assemblies::holds_office(repo, person, body, &office, ctx.today)?;
        if !holds {
            return Err(Refusal::NotOfficeHolder { office, body: view.view.body.name.clone() }.into());
        }
        attempt
            .limiter
            .check(ctx.now, &account.username, attempt.address, || cost.verify(password, &account.password_hash))?;
        if view.signatures.iter().any(|s| s.account_id == *account_id) {
            return Err(Refusal::AlreadySigned.into());
        }
        let name = repo.person_name(person)?.ok_or_else(|| StoreError::missing("persons", person.0))?;
        let key = crate::keys::signing_key(repo, cost, &account, password, ctx.now)?;
        let signature = key.sign(&acta::signing_message(&view.content_hash));
        repo.insert_signature(&SignatureRecord {
            acta_id: view.acta.id,
            account_id: *account_id,
            signer: account.display_name.clone(),
            signed_as: SignedAs::Office { office: office.clone(), person_id: person, name },
            public_key: key.public_key_hex(),
            signature,
            signed_at: ctx.now,
        })?;
        ctx.audit(repo, Some(body), "acta.sign", format!("{}: {office}", view.acta.id))?;
        Ok(())
    })
}

impl ActaView {
    pub fn body_id(&self) -> BodyId {
        self.view.body.id
    }
}

/// Seals a signed acta: its content is fixed, hashed and chained to the body's previous acta.
/// Refused without the signatures the statute requires.
pub fn seal(store: &Store, ctx: &Ctx, id: AssemblyId) -> Result<ActaRecord> {
    store.write(|repo| {
        // Permission first: whoever may not seal learns nothing of the acta's state.
        let assembly = repo.assembly(id)?.ok_or(Refusal::UnknownAssembly { id: id.0 })?;
        ctx.require(repo, Action::RunAssembly, assembly.body_id)?;
        let view = acta_view_in(repo, ctx, id)?;
        if view.acta.status == ActaStatus::Sealed {
            return Err(Refusal::ActaSealed.into());
        }
        if view.view.assembly.status != AssemblyStatus::Closed {
            return Err(Refusal::NoActa.into());
        }
        if !view.missing.is_empty() {
            return Err(Refusal::MissingSignatures { roles: view.missing.join(", ") }.into());
        }
        let previous = repo.sealed_actas(view.body_id())?.pop();
        let (seq, prev_hash) = match previous {
            None => (1, None),
            Some(p) => {
                let seq = p.seq.ok_or_else(|| StoreError::missing("actas.seq", p.id))?;
                let chain_hash = p.chain_hash.ok_or_else(|| StoreError::missing("actas.chain_hash", p.id))?;
                (seq + 1, Some(chain_hash))
            }
        };
        let chain_hash = acta::chain_hash(prev_hash.as_deref(), &view.content_hash, seq);
        let head = ChainHead { count: seq, hash: chain_hash.clone() };
        chain::record_head(repo, ctx, &view.view.body, head, view.acta.public_id)?;
        repo.seal_acta(
            view.acta.id,
            &ActaSeal {
                seq,
                content: view.content.text(),
                content_hash: view.content_hash.clone(),
                prev_hash,
                chain_hash,
                sealed_at: ctx.now,
            },
        )?;
        ctx.audit(repo, Some(view.body_id()), "acta.seal", format!("{}: #{seq} {}", view.acta.id, view.content_hash))?;
        acta_of(repo, id)
    })
}

/// What a verification found.
pub struct Verification {
    /// Bodies checked, with how many sealed actas each has.
    pub bodies: Vec<(String, usize)>,
    /// The head of each body checked, as found now: what to write down or publish.
    pub heads: Vec<(String, String, ChainHead)>,
    /// Evidence of tampering: any one makes the verification fail.
    pub problems: Vec<ChainProblem>,
    /// Not tampering, but owed: closed assemblies whose acta is overdue.
    pub warnings: Vec<ChainProblem>,
    /// Differences the register explains (a rename, a corrected name): shown, not failures.
    pub later: Vec<LaterChange>,
    /// What the key log and the signatures' keys showed (see [`crate::keys`]).
    pub key_problems: Vec<KeyProblem>,
    /// Whether the key log was checked against a pin (otherwise it was taken as found).
    pub keys_pinned: bool,
    /// Each body checked whose chain has findings, with how many.
    pub with_findings: Vec<(String, usize)>,
    /// The body asked for (its sub-tree was checked); `None` when every body was.
    pub scope: Option<String>,
}

impl Verification {
    pub fn is_clean(&self) -> bool {
        self.problems.is_empty() && self.key_problems.is_empty()
    }
}

/// Checks the chains of sealed actas — of one body, or of every body the actor may see — and
/// every acta against the records it was drafted from: hashes, links, signatures (by keys of
/// the signers' accounts), and each field; and each chain against the heads the bodies above
/// keep of it.
pub fn verify(store: &Store, ctx: &Ctx, body: Option<&str>) -> Result<Verification> {
    verify_with(store, ctx, body, &[], None)
}

/// [`verify`], and each chain against heads given by whoever verifies (read off a printed acta or
/// convocatoria, or a public page): a chain shorter than a head, or not passing through it, is a
/// finding. The bodies of the given heads are checked too.
pub fn verify_against(store: &Store, ctx: &Ctx, body: Option<&str>, given: &[GivenHead]) -> Result<Verification> {
    verify_with(store, ctx, body, given, None)
}

/// [`verify`], with the signatures' keys trusted only through the key log checked against `pin`
/// (without one, the log is taken as found: its hashes and endorsements are still checked).
pub fn verify_pinned(store: &Store, ctx: &Ctx, body: Option<&str>, pin: Option<&KeyPin>) -> Result<Verification> {
    verify_with(store, ctx, body, &[], pin)
}

/// [`verify_against`] the `given` heads and [`verify_pinned`] to `pin` at once.
pub fn verify_with(
    store: &Store,
    ctx: &Ctx,
    body: Option<&str>,
    given: &[GivenHead],
    pin: Option<&KeyPin>,
) -> Result<Verification> {
    store.read(|repo| {
        let trust = keys::trust(repo, pin)?;
        let registry = Registry::load(repo)?;
        let scope = body.map(|r| registry.resolve(r).map(|b| b.label())).transpose()?;
        let mut bodies: Vec<BodyId> = match body {
            Some(reference) => {
                // A body and every body below it with a chain, a head kept of it, or an acta owed:
                // a federation's verification covers its sindicatos.
                let b = registry.resolve(reference)?;
                registry.require(ctx, Action::ViewBody, b.id)?;
                let mut all = vec![b.id];
                all.extend(repo.bodies_with_sealed_actas()?);
                all.extend(repo.bodies_with_chain_heads()?);
                all.extend(repo.unsealed_closed_assemblies(None)?.into_iter().map(|a| a.body_id));
                all.into_iter().filter(|x| registry.tree.is_within(*x, b.id)).collect()
            }
            None => {
                // Every body with a chain, or with a head kept of it (a chain deleted whole leaves
                // only that), or with an assembly whose acta is owed.
                let mut all = repo.bodies_with_sealed_actas()?;
                all.extend(repo.bodies_with_chain_heads()?);
                all.extend(repo.unsealed_closed_assemblies(None)?.into_iter().map(|a| a.body_id));
                all.into_iter().filter(|b| ctx.may(&registry.tree, Action::ViewBody, *b)).collect()
            }
        };
        let mut given_by_body: HashMap<BodyId, Vec<ChainHead>> = HashMap::new();
        for g in given {
            let b = registry.resolve(&g.body)?;
            registry.require(ctx, Action::ViewBody, b.id)?;
            given_by_body.entry(b.id).or_default().push(g.head.clone());
            bodies.push(b.id);
        }
        bodies.sort();
        bodies.dedup();
        let mut out = Verification {
            bodies: Vec::new(),
            heads: Vec::new(),
            problems: Vec::new(),
            warnings: Vec::new(),
            later: Vec::new(),
            key_problems: keys::log_problems(ctx, &trust),
            keys_pinned: trust.pinned,
            with_findings: Vec::new(),
            scope,
        };
        for body_id in bodies {
            let sees_values = ctx.may(&registry.tree, Action::ViewMembers, body_id);
            let Sealed { chain, mut problems, mut later } = sealed_chain(repo, &registry, body_id)?;
            out.key_problems.extend(keys::signature_problems(repo, &trust, &chain)?);
            let mut required: HashMap<String, Vec<String>> = HashMap::new();
            for a in &chain {
                match Canonical::parse(&a.content).ok().as_ref().and_then(required_signers) {
                    Some(signers) => {
                        required.insert(a.label.clone(), signers);
                    }
                    // Who had to sign cannot be read: a finding, never "nobody had to".
                    None => problems.push(ChainProblem::Unreadable { acta: a.label.clone() }),
                }
            }
            problems.extend(acta::verify_chain(&chain, |a| required.get(&a.label).cloned().unwrap_or_default()));
            for record in repo.unsealed_with_seal(body_id)? {
                problems.push(ChainProblem::Unsealed { acta: acta_label(repo, &registry, &record)? });
            }
            let given = given_by_body.get(&body_id).map_or(&[][..], Vec::as_slice);
            problems.extend(chain::head_problems(repo, &registry, body_id, &chain, given)?);
            if !sees_values {
                for p in &mut problems {
                    if let ChainProblem::FieldChanged { sealed, now, .. } = p {
                        *sealed = sealed.as_ref().map(|_| "…".to_string());
                        *now = now.as_ref().map(|_| "…".to_string());
                    }
                }
                later.retain(|c| c.key == "body.name");
            }
            for (assembly, days) in chain::overdue(repo, Some(body_id), ctx.now)? {
                let label = format!(
                    "{} ({}, {})",
                    registry.label(body_id),
                    assembly.title,
                    assembly.scheduled_for.format("%Y-%m-%d")
                );
                out.warnings.push(ChainProblem::ActaOverdue { acta: label, days });
            }
            let label = registry.label(body_id);
            let code = registry.bodies.get(&body_id).map_or_else(|| body_id.to_string(), |b| b.code.clone());
            out.heads.push((label.clone(), code, ChainHead::of(&chain)));
            if !problems.is_empty() {
                out.with_findings.push((label.clone(), problems.len()));
            }
            out.bodies.push((label, chain.len()));
            out.problems.extend(problems);
            out.later.extend(later);
        }
        Ok(out)
    })
}

/// How problems name an acta that is not in the chain (a draft): by its assembly when it is there.
fn acta_label(repo: &mut dyn Repo, registry: &Registry, record: &ActaRecord) -> Result<String> {
    let body = registry.label(record.body_id);
    Ok(match repo.assembly(record.assembly_id)? {
        Some(a) => format!("{body} ({}, {})", a.title, a.scheduled_for.format("%Y-%m-%d")),
        None => format!("{body} (#{})", record.id),
    })
}

/// A body's sealed actas as the verifier needs them, what was already found wrong while reading
/// them, and the later changes the register explains.
struct Sealed {
    chain: Vec<SealedActa>,
    problems: Vec<ChainProblem>,
    later: Vec<LaterChange>,
}

/// A body's sealed actas as the verifier needs them, each with its content rebuilt from the
/// records — with the body's name as it was at sealing, where its history explains a rename;
/// signatures made with a key that is not one of the signer's are reported here.
fn sealed_chain(repo: &mut dyn Repo, registry: &Registry, body: BodyId) -> Result<Sealed> {
    let operator = Ctx::operator(0, chrono::NaiveDate::MIN);
    let mut chain = Vec::new();
    let mut problems = Vec::new();
    let mut later = Vec::new();
    for record in repo.sealed_actas(body)? {
        // A sealed acta has every sealed field; one without was changed behind Cabildo's back.
        let sealed = |value: Option<String>, column: &str| value.ok_or_else(|| StoreError::missing(column, record.id));
        let seq = record.seq.ok_or_else(|| StoreError::missing("actas.seq", record.id))?;
        let sealed_content = sealed(record.content, "actas.content")?;
        let content_hash = sealed(record.content_hash, "actas.content_hash")?;
        let chain_hash = sealed(record.chain_hash, "actas.chain_hash")?;
        let sealed_at = record.sealed_at.ok_or_else(|| StoreError::missing("actas.sealed_at", record.id))?;
        // Whatever keeps the acta from being rebuilt is a finding for this acta, never a reason
        // to skip the comparison; only a database that stops answering stops the verification.
        let view = match assemblies::view_in(repo, &operator, record.assembly_id) {
            Ok(view) => Ok(view),
            Err(e @ (ServiceError::Unavailable(_) | ServiceError::DatabaseAhead { .. })) => return Err(e),
            Err(e) => Err(e.to_string()),
        };
        let label = match &view {
            Ok(v) => format!(
                "{seq} {} ({}, {})",
                registry.label(body),
                v.assembly.title,
                v.assembly.scheduled_for.format("%Y-%m-%d")
            ),
            Err(_) => format!("{seq} {} (#{})", registry.label(body), record.id),
        };
        let rebuilt = match view {
            Ok(mut view) => {
                let sealed_name =
                    Canonical::parse(&sealed_content).ok().and_then(|c| c.get("body.name").map(str::to_string));
                if let Some(sealed_name) = sealed_name.filter(|n| *n != view.body.name) {
                    match chain::body_name_then(repo, &view.body, &sealed_name, sealed_at)? {
                        NameThen::Borne => later.push(LaterChange {
                            acta: label.clone(),
                            key: "body.name".into(),
                            sealed: sealed_name.clone(),
                            now: view.body.name.clone(),
                        }),
                        NameThen::Unexplained => problems.push(ChainProblem::NameChanged {
                            acta: label.clone(),
                            field: "body.name".into(),
                            sealed: sealed_name.clone(),
                            now: view.body.name.clone(),
                        }),
                    }
                    // Compared as it was at sealing; the difference is reported above, once.
                    view.body.name = sealed_name;
                }
                // Rebuilt in the format it was sealed in: an acta of the first format stays one.
                let version = Canonical::parse(&sealed_content).map_or(acta::CURRENT_VERSION, |c| c.version());
                let text = content_in(&view, &record.notes, version).text();
                later.extend(
                    acta::later_changes(&sealed_content, &text).into_iter().map(|c| LaterChange::from_field(&label, c)),
                );
                Rebuilt::Content(text)
            }
            Err(reason) => Rebuilt::Failed { reason },
        };
        let mut signatures = Vec::new();
        for s in repo.signatures(record.id)? {
            let keys = repo.account_keys(s.account_id)?;
            if keys.iter().any(|k| k.public_key == s.public_key) {
                signatures.push(acta::SignatureRecord {
                    role: s.signed_as.key().to_string(),
                    signer: s.signer,
                    public_key: s.public_key,
                    signature: s.signature,
                });
            } else {
                problems.push(ChainProblem::BadSignature { acta: label.clone(), signer: s.signer });
            }
        }
        chain.push(SealedActa {
            id: record.id,
            label,
            seq,
            content: sealed_content,
            content_hash,
            prev_hash: record.prev_hash,
            chain_hash,
            signatures,
            rebuilt,
        });
    }
    Ok(Sealed { chain, problems, later })
}
