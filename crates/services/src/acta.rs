//! The acta of an assembly: drafted from what was recorded, signed by the officers the statute
//! names (Ed25519, a key per account derived from its password), then sealed — its canonical
//! content hashed and chained to the body's previous acta — and verified against the records.

use cabildo_domain::BodyId;
use cabildo_domain::access::{Action, Role};
use cabildo_domain::acta::{self, Canonical, ChainProblem, SealedActa};
use cabildo_domain::assembly::{AssemblyId, AssemblyStatus, Statute, format_amount};
use cabildo_store::{AccountKey, ActaSeal, ActaStatus, Repo, Store, StoreError};
pub use cabildo_store::{ActaRecord, SignatureRecord};

use crate::access::PasswordCost;
use crate::assembly::{self as assemblies, AssemblyView};
use crate::error::Refusal;
use crate::registry::Registry;
use crate::{Actor, Ctx, Result, ServiceError};

const MAX_NOTES: usize = 50_000;

/// The canonical content of an assembly's acta, rebuilt from what was recorded. The same records
/// always give the same text; this is what is hashed, signed, sealed and later re-checked.
pub fn content(view: &AssemblyView, notes: &str) -> Canonical {
    let mut c = Canonical::new();
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
    c.push("statute.signers", view.statute.signers_code());
    for (i, item) in view.agenda.iter().enumerate() {
        c.push(format!("agenda.{:02}", i + 1), item);
    }
    c.push("attendance.present", view.present);
    c.push("attendance.excused", view.excused);
    c.push("attendance.tickets", view.tickets);
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
    pub required: Vec<Role>,
    /// Required roles without a valid signature on the current content.
    pub missing: Vec<Role>,
}

fn acta_of(repo: &mut dyn Repo, id: AssemblyId) -> Result<ActaRecord> {
    repo.acta_of(id)?.ok_or_else(|| Refusal::NoActa.into())
}

fn valid_signature(s: &SignatureRecord, content_hash: &str) -> bool {
    acta::verify_signature(&s.public_key, &acta::signing_message(content_hash), &s.signature)
}

fn missing_roles(required: &[Role], signatures: &[SignatureRecord], content_hash: &str) -> Vec<Role> {
    required
        .iter()
        .filter(|role| !signatures.iter().any(|s| s.role == **role && valid_signature(s, content_hash)))
        .copied()
        .collect()
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
    let required = view.statute.signer_roles.clone();
    let missing = missing_roles(&required, &signatures, &content_hash);
    Ok(ActaView { view, acta, content, content_hash, signatures, required, missing })
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

/// The signing key of an account, derived from its password; a new key is registered the first
/// time, and again after a change of password (old keys stay to verify old signatures).
fn signing_key(
    repo: &mut dyn Repo,
    cost: PasswordCost,
    account: cabildo_domain::access::AccountId,
    password: &str,
    now: i64,
) -> Result<acta::SigningKey> {
    if let Some(key) = repo.account_keys(account)?.pop() {
        let salt = acta::from_hex(&key.salt)
            .filter(|salt| !salt.is_empty())
            .ok_or_else(|| StoreError::corrupt("account_keys.salt", &key.salt))?;
        let signing = acta::SigningKey::from_seed(&cost.derive_key(password, &salt)?);
        if signing.public_key_hex() == key.public_key {
            return Ok(signing);
        }
    }
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| ServiceError::Internal(e.to_string()))?;
    let signing = acta::SigningKey::from_seed(&cost.derive_key(password, &salt)?);
    repo.insert_account_key(&AccountKey {
        account_id: account,
        public_key: signing.public_key_hex(),
        salt: acta::to_hex(&salt),
        created_at: now,
    })?;
    Ok(signing)
}

/// Signs the draft acta as the holder of `role` (the signer confirms with their password).
pub fn sign(store: &Store, ctx: &Ctx, cost: PasswordCost, id: AssemblyId, role: Role, password: &str) -> Result<()> {
    let Actor::Account { id: account_id, grants, .. } = &ctx.actor else {
        return Err(Refusal::AccountRequired.into());
    };
    store.write(|repo| {
        let view = acta_view_in(repo, ctx, id)?;
        if view.acta.status == ActaStatus::Sealed {
            return Err(Refusal::ActaSealed.into());
        }
        let registry = Registry::load(repo)?;
        let holds = grants.iter().any(|g| g.role == role && registry.tree.is_within(view.body_id(), g.body));
        if !holds {
            return Err(Refusal::NotSigner { role: role.code().into() }.into());
        }
        let account = repo.account(*account_id)?.ok_or(ServiceError::BadCredentials)?;
        if !cost.verify(password, &account.password_hash)? {
            return Err(ServiceError::BadCredentials);
        }
        if view.signatures.iter().any(|s| s.account_id == *account_id && s.role == role) {
            return Err(Refusal::AlreadySigned.into());
        }
        let key = signing_key(repo, cost, *account_id, password, ctx.now)?;
        let signature = key.sign(&acta::signing_message(&view.content_hash));
        repo.insert_signature(&SignatureRecord {
            acta_id: view.acta.id,
            account_id: *account_id,
            signer: account.display_name.clone(),
            role,
            public_key: key.public_key_hex(),
            signature,
            signed_at: ctx.now,
        })?;
        ctx.audit(repo, Some(view.body_id()), "acta.sign", format!("{}: {}", view.acta.id, role.code()))?;
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
        let view = acta_view_in(repo, ctx, id)?;
        ctx.require(repo, Action::RunAssembly, view.body_id())?;
        if view.acta.status == ActaStatus::Sealed {
            return Err(Refusal::ActaSealed.into());
        }
        if view.view.assembly.status != AssemblyStatus::Closed {
            return Err(Refusal::NoActa.into());
        }
        if !view.missing.is_empty() {
            let roles: Vec<&str> = view.missing.iter().map(|r| r.code()).collect();
            return Err(Refusal::MissingSignatures { roles: roles.join(", ") }.into());
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
    pub problems: Vec<ChainProblem>,
}

impl Verification {
    pub fn is_clean(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Checks the chains of sealed actas — of one body, or of every body the actor may see — and
/// every acta against the records it was drafted from: hashes, links, signatures (by keys of
/// the signers' accounts), and each field.
pub fn verify(store: &Store, ctx: &Ctx, body: Option<&str>) -> Result<Verification> {
    store.read(|repo| {
        let registry = Registry::load(repo)?;
        let bodies: Vec<BodyId> = match body {
            Some(reference) => {
                let b = registry.resolve(reference)?;
                registry.require(ctx, Action::ViewBody, b.id)?;
                vec![b.id]
            }
            None => repo
                .bodies_with_sealed_actas()?
                .into_iter()
                .filter(|b| ctx.may(&registry.tree, Action::ViewBody, *b))
                .collect(),
        };
        let mut out = Verification { bodies: Vec::new(), problems: Vec::new() };
        for body_id in bodies {
            let sees_values = ctx.may(&registry.tree, Action::ViewMembers, body_id);
            let (chain, mut problems) = sealed_chain(repo, &registry, body_id)?;
            let required: std::collections::HashMap<String, Vec<String>> = chain
                .iter()
                .map(|a| {
                    let roles = Canonical::parse(&a.content)
                        .ok()
                        .and_then(|c| c.get("statute.signers").map(|s| s.to_string()))
                        .and_then(|s| Statute::parse_signers(&s).ok())
                        .unwrap_or_default();
                    (a.label.clone(), roles.iter().map(|r| r.code().to_string()).collect())
                })
                .collect();
            problems.extend(acta::verify_chain(&chain, |a| required.get(&a.label).cloned().unwrap_or_default()));
            if !sees_values {
                for p in &mut problems {
                    if let ChainProblem::FieldChanged { sealed, now, .. } = p {
                        *sealed = sealed.as_ref().map(|_| "…".to_string());
                        *now = now.as_ref().map(|_| "…".to_string());
                    }
                }
            }
            out.bodies.push((registry.label(body_id), chain.len()));
            out.problems.extend(problems);
        }
        Ok(out)
    })
}

/// A body's sealed actas as the verifier needs them, each with its content rebuilt from the
/// records; signatures made with a key that is not one of the signer's are reported here.
fn sealed_chain(
    repo: &mut dyn Repo,
    registry: &Registry,
    body: BodyId,
) -> Result<(Vec<SealedActa>, Vec<ChainProblem>)> {
    let operator = Ctx::operator(0, chrono::NaiveDate::MIN);
    let mut chain = Vec::new();
    let mut problems = Vec::new();
    for record in repo.sealed_actas(body)? {
        // A sealed acta has every sealed field; one without was changed behind Cabildo's back.
        let sealed = |value: Option<String>, column: &str| value.ok_or_else(|| StoreError::missing(column, record.id));
        let seq = record.seq.ok_or_else(|| StoreError::missing("actas.seq", record.id))?;
        let sealed_content = sealed(record.content, "actas.content")?;
        let content_hash = sealed(record.content_hash, "actas.content_hash")?;
        let chain_hash = sealed(record.chain_hash, "actas.chain_hash")?;
        // Only an assembly that is gone leaves nothing to compare with; any other error is raised.
        let view = match assemblies::view_in(repo, &operator, record.assembly_id) {
            Ok(view) => Some(view),
            Err(ServiceError::Assembly(Refusal::UnknownAssembly { .. })) => None,
            Err(e) => return Err(e),
        };
        let label = match &view {
            Some(v) => format!(
                "{seq} {} ({}, {})",
                registry.label(body),
                v.assembly.title,
                v.assembly.scheduled_for.format("%Y-%m-%d")
            ),
            None => format!("{seq} {} (#{})", registry.label(body), record.id),
        };
        let recomputed = view.as_ref().map(|v| content(v, &record.notes).text());
        let mut signatures = Vec::new();
        for s in repo.signatures(record.id)? {
            let keys = repo.account_keys(s.account_id)?;
            if keys.iter().any(|k| k.public_key == s.public_key) {
                signatures.push(acta::SignatureRecord {
                    signer: s.signer,
                    role: s.role.code().to_string(),
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
            recomputed,
        });
    }
    Ok((chain, problems))
}
