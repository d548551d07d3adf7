//! Rows to records: the `SELECT` lists of the assemblies' tables and the readers of their rows,
//! shared by the SQL of both backends (`sql.rs`).

use cabildo_domain::assembly::{AssemblyId, MotionId, QuorumRule, Statute};
use cabildo_domain::{BodyId, PersonName};

use crate::conn::{Row, Value};
use crate::{Result, StoreError};

use super::*;

pub(super) fn statute_from_row(row: &dyn Row) -> Result<StatuteRecord> {
    let id = row.i64(0)?;
    let quorum: QuorumRule = parsed("statutes.quorum_rule", row.text(3)?)?;
    let signers = row.text(5)?;
    // Versions adopted since migration 14 name offices only: their roles are empty.
    let signer_roles = if signers.is_empty() {
        Vec::new()
    } else {
        Statute::parse_signers(&signers).map_err(|_| corrupt("statutes.signer_roles", &signers))?
    };
    let term_years = row.opt_i64(8)?.ok_or_else(|| StoreError::missing("statute_terms.term_years", id))?;
    let term_years = u32::try_from(term_years)
        .ok()
        .filter(|y| *y >= 1)
        .ok_or_else(|| corrupt("statute_terms.term_years", &term_years.to_string()))?;
    let offices = row.opt_text(9)?.ok_or_else(|| StoreError::missing("statute_terms.signer_offices", id))?;
    let signer_offices =
        Statute::parse_signer_offices(&offices).map_err(|_| corrupt("statute_terms.signer_offices", &offices))?;
    let resolution = match (row.opt_i64(10)?, row.opt_i64(11)?, row.opt_i64(12)?, row.opt_text(13)?) {
        (Some(id), Some(number), Some(year), Some(title)) => Some(StatuteResolution {
            id,
            number,
            year: i32::try_from(year).map_err(|_| corrupt("resolutions.year", &year.to_string()))?,
            title,
        }),
        _ => None,
    };
    Ok(StatuteRecord {
        id,
        body_id: BodyId(row.i64(1)?),
        statute: Statute {
            version: row.i64(2)?,
            quorum,
            absence_fine: row.i64(4)?,
            signer_roles,
            term_years,
            signer_offices,
        },
        adopted_at: row.i64(6)?,
        adopted_by: row.text(7)?,
        resolution,
    })
}

pub(super) const ASSEMBLY_SELECT: &str = "SELECT id, body_id, kind, title, scheduled_for, place, status, statute_id, eligible, \
     quorum_required, convened_at, opened_at, closed_at, public_id FROM assemblies";

pub(super) fn assembly_from_row(row: &dyn Row) -> Result<AssemblyRecord> {
    let when = row.text(4)?;
    Ok(AssemblyRecord {
        id: AssemblyId(row.i64(0)?),
        public_id: row.public_id(13)?,
        body_id: BodyId(row.i64(1)?),
        kind: parsed("assemblies.kind", row.text(2)?)?,
        title: row.text(3)?,
        scheduled_for: DateTime::parse_from_str(&when, DATETIME_FORMAT)
            .map_err(|_| corrupt("assemblies.scheduled_for", &when))?,
        place: row.text(5)?,
        status: parsed("assemblies.status", row.text(6)?)?,
        statute_id: row.opt_i64(7)?,
        eligible: opt_count("assemblies.eligible", row.opt_i64(8)?)?,
        quorum_required: opt_count("assemblies.quorum_required", row.opt_i64(9)?)?,
        convened_at: row.i64(10)?,
        opened_at: row.opt_i64(11)?,
        closed_at: row.opt_i64(12)?,
    })
}

pub(super) fn name_at(row: &dyn Row, i: usize) -> Result<PersonName> {
    Ok(PersonName { given_names: row.text(i)?, first_surname: row.text(i + 1)?, second_surname: row.opt_text(i + 2)? })
}

pub(super) const MOTION_SELECT: &str = "SELECT id, assembly_id, number, kind, title, text, proposer, origin_id, amends_id, \
     runoff_of, office_title, term_end, election_rule, status, method, rule, present_at_open, opened_at, closed_at, \
     outcome, public_id FROM motions";

pub(super) fn motion_from_row(row: &dyn Row) -> Result<MotionRecord> {
    let kind = match row.text(3)?.as_str() {
        "motion" => MotionKind::Motion,
        "election" => MotionKind::Election,
        other => return Err(corrupt("motions.kind", other)),
    };
    let status = row.text(13)?;
    Ok(MotionRecord {
        id: MotionId(row.i64(0)?),
        public_id: row.public_id(20)?,
        assembly_id: AssemblyId(row.i64(1)?),
        number: row.i64(2)?,
        kind,
        title: row.text(4)?,
        text: row.text(5)?,
        proposer: row.text(6)?,
        origin_id: row.opt_i64(7)?,
        amends_id: row.opt_i64(8)?.map(MotionId),
        runoff_of: row.opt_i64(9)?.map(MotionId),
        office_title: row.opt_text(10)?,
        term_end: row.opt_date(11)?,
        election_rule: opt_parsed("motions.election_rule", row.opt_text(12)?)?,
        status: MotionStatus::parse(&status).ok_or_else(|| corrupt("motions.status", &status))?,
        method: opt_parsed("motions.method", row.opt_text(14)?)?,
        rule: opt_parsed("motions.rule", row.opt_text(15)?)?,
        present_at_open: opt_count("motions.present_at_open", row.opt_i64(16)?)?,
        opened_at: row.opt_i64(17)?,
        closed_at: row.opt_i64(18)?,
        outcome: opt_parsed("motions.outcome", row.opt_text(19)?)?,
    })
}

pub(super) const RESOLUTION_SELECT: &str =
    "SELECT id, body_id, year, number, motion_id, title, text, adopted_on, public_id FROM resolutions";

pub(super) fn resolution_from_row(row: &dyn Row) -> Result<ResolutionRecord> {
    Ok(ResolutionRecord {
        id: row.i64(0)?,
        public_id: row.public_id(8)?,
        body_id: BodyId(row.i64(1)?),
        year: {
            let year = row.i64(2)?;
            i32::try_from(year).map_err(|_| corrupt("resolutions.year", &year.to_string()))?
        },
        number: row.i64(3)?,
        motion_id: row.opt_i64(4)?.map(MotionId),
        title: row.text(5)?,
        text: row.text(6)?,
        adopted_on: row.date(7)?,
    })
}

pub(super) const ACTA_SELECT: &str = "SELECT id, assembly_id, body_id, notes, status, seq, content, content_hash, prev_hash, \
     chain_hash, sealed_at, public_id FROM actas";

pub(super) fn acta_from_row(row: &dyn Row) -> Result<ActaRecord> {
    let status = match row.text(4)?.as_str() {
        "draft" => ActaStatus::Draft,
        "sealed" => ActaStatus::Sealed,
        other => return Err(corrupt("actas.status", other)),
    };
    Ok(ActaRecord {
        id: row.i64(0)?,
        public_id: row.public_id(11)?,
        assembly_id: AssemblyId(row.i64(1)?),
        body_id: BodyId(row.i64(2)?),
        notes: row.text(3)?,
        status,
        seq: opt_count("actas.seq", row.opt_i64(5)?)?,
        content: row.opt_text(6)?,
        content_hash: row.opt_text(7)?,
        prev_hash: row.opt_text(8)?,
        chain_hash: row.opt_text(9)?,
        sealed_at: row.opt_i64(10)?,
    })
}

pub(super) fn options_from_rows(row: &dyn Row) -> Result<(String, u64)> {
    Ok((row.text(0)?, count("vote_counts.count", row.i64(1)?)?))
}

pub(super) fn n(v: u64) -> Value<'static> {
    Value::I64(i64::try_from(v).unwrap_or(i64::MAX))
}
