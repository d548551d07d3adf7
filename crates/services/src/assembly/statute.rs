//! A body's statute: the version in force, its history, and adopting a new version — by the
//! body's own officers, each version recorded with the resolution of the body's assembly that
//! adopted it.

use cabildo_domain::access::Action;
use cabildo_domain::assembly::{self, AssemblyKind, DecisionRule, Eligibility, QuorumRule, Statute};
use cabildo_domain::recall::{self, RecallTerms, Share};
use cabildo_domain::{Body, Field};
use cabildo_store::{Repo, Store, StoreError};

use super::{ResolutionRecord, StatuteRecord, parse};
use crate::error::Refusal;
use crate::registry::resolve_body;
use crate::{Ctx, Result};

/// What officers fill in to change a statute.
#[derive(Debug, Clone, Default)]
pub struct StatuteForm {
    pub quorum: String,
    /// Bolivianos: "50", "12,50".
    pub absence_fine: String,
    /// The offices of the directiva whose holders sign actas, one per line or separated by
    /// commas: "Secretario General, Secretario de Actas" (role codes of earlier statutes, such as
    /// `secretario_actas`, are read as their office).
    pub signers: String,
    /// The gestión in years ("2"); empty keeps the one in force.
    pub term_years: String,
    /// The id of the body's resolution that adopted the change, if one was recorded.
    pub resolution: Option<i64>,
    /// The decision rule of a recall of the body's own officers ("two_thirds", "dos tercios");
    /// empty keeps the one in force.
    pub recall_rule: String,
    /// The share of the bases below that recalls an officer of the body ("1/3", "un tercio");
    /// "ninguna" (or "none") removes it; empty keeps the one in force.
    pub recall_share: String,
    /// The days the bases have from the first recall resolution ("30"); empty keeps the one in
    /// force.
    pub recall_window: String,
}

/// A body's statute: the version in force and the earlier ones.
pub struct StatuteView {
    pub body: Body,
    pub current: Statute,
    /// What the statute in force says of recalls.
    pub recall: RecallTerms,
    pub versions: Vec<StatuteRecord>,
    /// The body's resolutions, newest first: those a change may be recorded with.
    pub resolutions: Vec<ResolutionRecord>,
    /// Whether the viewer may change the statute (the form is shown only then).
    pub may_edit: bool,
}

/// The most resolutions offered to record a statute change with.
const RESOLUTIONS_OFFERED: u64 = 200;

pub fn statute(store: &Store, ctx: &Ctx, body: &str) -> Result<StatuteView> {
    store.read(|repo| {
        let body = resolve_body(repo, body)?;
        ctx.require(repo, Action::ViewBody, body.id)?;
        let (_, current) = statute_in_force(repo, &body, AssemblyKind::Ordinaria)?;
        let versions = repo.statutes(body.id)?;
        let recall = super::recall_terms_of(repo, body.id)?;
        let tree = crate::registry::Registry::load(repo)?.tree;
        let may_edit = ctx.may(&tree, Action::EditStatute, body.id);
        let resolutions = if may_edit { repo.resolutions(body.id, RESOLUTIONS_OFFERED)? } else { Vec::new() };
        Ok(StatuteView { body, current, recall, versions, resolutions, may_edit })
    })
}

/// Adopts a new version of a body's statute. Assemblies already open keep the version they
/// opened with. The resolution, when given, must be one of the body's own.
pub fn update_statute(store: &Store, ctx: &Ctx, body: &str, form: &StatuteForm) -> Result<StatuteRecord> {
    let quorum: QuorumRule = parse(&form.quorum, Field::QuorumRule)?;
    let absence_fine = assembly::parse_amount(Field::AbsenceFine, &form.absence_fine)?;
    let signer_offices = Statute::parse_signer_offices(&form.signers)?;
    let term_years = match form.term_years.trim() {
        "" => None,
        typed => Some(Statute::parse_term_years(typed)?),
    };
    let recall_rule = match form.recall_rule.trim() {
        "" => None,
        typed => Some(parse::<DecisionRule>(typed, Field::RecallRule)?),
    };
    let recall_share = read_share(&form.recall_share)?;
    let recall_window = match form.recall_window.trim() {
        "" => None,
        typed => Some(recall::parse_window_days(typed)?),
    };
    store.write(|repo| {
        let body = resolve_body(repo, body)?;
        ctx.require(repo, Action::EditStatute, body.id)?;
        let resolution = match form.resolution {
            None => None,
            Some(id) => match repo.resolution(id)? {
                Some(r) if r.body_id == body.id => Some(r),
                // Another body's resolution is not one this body adopted: not found, as an id
                // that does not exist.
                _ => return Err(Refusal::UnknownResolution { reference: id.to_string() }.into()),
            },
        };
        let (_, in_force) = statute_in_force(repo, &body, AssemblyKind::Ordinaria)?;
        let version = repo.current_statute(body.id)?.map_or(1, |s| s.statute.version + 1);
        let statute = Statute {
            version,
            quorum,
            absence_fine,
            signer_roles: Vec::new(),
            term_years: term_years.unwrap_or(in_force.term_years),
            signer_offices,
        };
        let id =
            repo.insert_statute(body.id, &statute, resolution.as_ref().map(|r| r.id), ctx.now, &ctx.actor_name())?;
        let in_force_recall = super::recall_terms_of(repo, body.id)?;
        let recall = RecallTerms {
            rule: recall_rule.unwrap_or(in_force_recall.rule),
            share: recall_share.unwrap_or(in_force_recall.share),
            window_days: recall_window.unwrap_or(in_force_recall.window_days),
        };
        repo.insert_statute_recall(id, &recall)?;
        let adopted_by = resolution.map_or_else(String::new, |r| format!(" (res. {}/{})", r.number, r.year));
        ctx.audit(
            repo,
            Some(body.id),
            "statute.update",
            format!(
                "v{version}: {} {} {}y {}{adopted_by}; recall {} {} {}d",
                quorum.code(),
                absence_fine,
                statute.term_years,
                statute.signer_offices.join(", "),
                recall.rule.code(),
                recall.share.map_or_else(|| "-".to_string(), |s| s.to_string()),
                recall.window_days
            ),
        )?;
        repo.statute(id)?.ok_or_else(|| StoreError::missing("statutes", id).into())
    })
}

/// The statute in force for a body (the default one if its officers never wrote one).
pub fn statute_in_force(repo: &mut dyn Repo, body: &Body, kind: AssemblyKind) -> Result<(Option<i64>, Statute)> {
    let eligibility = Eligibility::of(kind, body.composition);
    Ok(match repo.current_statute(body.id)? {
        Some(record) if eligibility != Eligibility::Anyone => (Some(record.id), record.statute),
        Some(record) => (Some(record.id), Statute { quorum: QuorumRule::None, ..record.statute }),
        None => (None, Statute::default_for(eligibility)),
    })
}

/// Reads a recall share as typed: empty keeps the one in force (`None`), "ninguna" or "none"
/// removes it (`Some(None)`), else a share ("1/3", "un tercio", "33%").
fn read_share(value: &str) -> Result<Option<Option<Share>>> {
    let folded = cabildo_domain::text::fold(value);
    Ok(match folded.trim() {
        "" => None,
        "ninguna" | "ninguno" | "none" | "-" => Some(None),
        _ => Some(Some(value.parse::<Share>()?)),
    })
}
