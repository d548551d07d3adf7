//! Delegates in the store contract (a supertrait of [`crate::Repo`], migration 19): the seats an
//! assembly declared, each sub-body's delegation, the elections of its seats, the credentials they
//! issued (only the hash of a code is kept), and the statute's weighting flag.

use cabildo_domain::assembly::{AssemblyId, MotionId};
use cabildo_domain::delegates::{SeatRole, SeatRule};
use cabildo_domain::{BodyId, Date, PersonId, PersonName};

use crate::conn::{Row, Value};
use crate::repo::SqlRepo;
use crate::{Result, StoreError};

/// The seats an assembly declared.
#[derive(Debug, Clone, PartialEq)]
pub struct SeatPlanRecord {
    pub assembly_id: AssemblyId,
    pub rule: SeatRule,
    /// One alternate (suplente) per seat.
    pub alternates: bool,
    /// The register date the members were counted on.
    pub register_on: Date,
    /// Whether each delegation's votes are weighed by its members (the statute's flag when declared).
    pub weighted: bool,
    pub declared_at: i64,
    pub declared_by: String,
}

/// A sub-body's delegation to an assembly.
#[derive(Debug, Clone, PartialEq)]
pub struct DelegationRecord {
    pub id: i64,
    pub assembly_id: AssemblyId,
    pub body_id: BodyId,
    /// The sub-body's name and code (read back; ignored when written).
    pub body_name: String,
    pub body_code: String,
    pub members: u64,
    pub seats: u32,
    pub observer: bool,
    pub affiliation_id: Option<i64>,
    /// When the affiliation it sat by ended: its seats and credentials ended with it.
    pub ended_on: Option<Date>,
}

/// An election of one seat's holder or alternate, in the sub-body's own assembly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DelegateElection {
    pub motion_id: MotionId,
    pub delegation_id: i64,
    pub seat: u32,
    pub role: SeatRole,
}

/// A credential, with its delegation's facts the door and the votes need.
#[derive(Debug, Clone, PartialEq)]
pub struct CredentialRecord {
    pub id: i64,
    pub delegation_id: i64,
    pub assembly_id: AssemblyId,
    /// The sub-body the delegate represents.
    pub body_id: BodyId,
    pub body_name: String,
    pub seat: u32,
    pub role: SeatRole,
    pub person_id: PersonId,
    pub name: PersonName,
    pub motion_id: Option<MotionId>,
    pub issued_at: i64,
    pub revoked_on: Option<Date>,
    pub used_at: Option<i64>,
    pub observer: bool,
    pub members: u64,
    pub seats: u32,
}

/// A credential about to be issued.
#[derive(Debug, Clone, PartialEq)]
pub struct NewCredential {
    pub delegation_id: i64,
    pub seat: u32,
    pub role: SeatRole,
    pub person_id: PersonId,
    pub motion_id: Option<MotionId>,
    pub code_hash: String,
    pub issued_at: i64,
}

/// Delegates in the store contract.
pub trait DelegateRepo {
    fn insert_seat_plan(&mut self, plan: &SeatPlanRecord) -> Result<()>;
    fn seat_plan(&mut self, assembly: AssemblyId) -> Result<Option<SeatPlanRecord>>;
    fn insert_delegation(&mut self, delegation: &DelegationRecord) -> Result<i64>;
    /// An assembly's delegations, by the sub-body's code.
    fn delegations(&mut self, assembly: AssemblyId) -> Result<Vec<DelegationRecord>>;
    fn delegation(&mut self, id: i64) -> Result<Option<DelegationRecord>>;
    /// The delegations a body sends (to any assembly), newest first.
    fn delegations_of(&mut self, body: BodyId) -> Result<Vec<DelegationRecord>>;
    fn insert_delegate_election(&mut self, election: &DelegateElection) -> Result<()>;
    /// The seat a motion elects, if it elects one.
    fn delegate_election(&mut self, motion: MotionId) -> Result<Option<DelegateElection>>;
    fn insert_credential(&mut self, credential: &NewCredential) -> Result<i64>;
    /// The credential of a seat and role, if one was issued.
    fn seat_credential(&mut self, delegation: i64, seat: u32, role: SeatRole) -> Result<Option<CredentialRecord>>;
    /// An assembly's credentials, by delegation, seat and role.
    fn credentials(&mut self, assembly: AssemblyId) -> Result<Vec<CredentialRecord>>;
    fn credential_by_hash(&mut self, hash: &str) -> Result<Option<CredentialRecord>>;
    fn mark_credential_used(&mut self, id: i64, at: i64) -> Result<()>;
    /// Ends, on `on`, the delegations that sit by an affiliation and revokes their credentials,
    /// in assemblies not yet closed; answers how many credentials were revoked.
    fn end_delegations_of_affiliation(&mut self, affiliation: i64, on: Date) -> Result<u64>;
    /// The credential a person was admitted with in an assembly, if any.
    fn seated_credential(&mut self, assembly: AssemblyId, person: PersonId) -> Result<Option<CredentialRecord>>;
    /// How many of those here (present or late) sit for observer delegations.
    fn observers_present(&mut self, assembly: AssemblyId) -> Result<u64>;
    /// Whether a statute version weighs delegations by their members (`None`: it says nothing).
    fn statute_weighs_delegations(&mut self, statute: i64) -> Result<Option<bool>>;
    fn set_statute_weighs_delegations(&mut self, statute: i64, weighted: bool) -> Result<()>;
    /// The members of a body's sub-tree on a day: households and memberships that began on or
    /// before it (or whose beginning is unknown) and had not ended by it.
    fn members_on(&mut self, body: BodyId, day: Date) -> Result<u64>;
}

fn flag(b: bool) -> Value<'static> {
    Value::I64(i64::from(b))
}

fn read_flag(row: &dyn Row, i: usize, column: &str) -> Result<bool> {
    match row.i64(i)? {
        0 => Ok(false),
        1 => Ok(true),
        v => Err(StoreError::corrupt(column, &v.to_string())),
    }
}

fn whole(row: &dyn Row, i: usize, column: &str) -> Result<u64> {
    let v = row.i64(i)?;
    u64::try_from(v).map_err(|_| StoreError::corrupt(column, &v.to_string()))
}

fn small(row: &dyn Row, i: usize, column: &str) -> Result<u32> {
    let v = row.i64(i)?;
    u32::try_from(v).map_err(|_| StoreError::corrupt(column, &v.to_string()))
}

fn role(row: &dyn Row, i: usize) -> Result<SeatRole> {
    Ok(if read_flag(row, i, "credentials.alternate")? { SeatRole::Alternate } else { SeatRole::Holder })
}

const DELEGATION: &str = "SELECT d.id, d.assembly_id, d.body_id, b.name, b.code, d.members, d.seats, d.observer, \
     d.affiliation_id, d.ended_on FROM delegations d JOIN bodies b ON b.id = d.body_id";

fn delegation_from_row(row: &dyn Row) -> Result<DelegationRecord> {
    Ok(DelegationRecord {
        id: row.i64(0)?,
        assembly_id: AssemblyId(row.i64(1)?),
        body_id: BodyId(row.i64(2)?),
        body_name: row.text(3)?,
        body_code: row.text(4)?,
        members: whole(row, 5, "delegations.members")?,
        seats: small(row, 6, "delegations.seats")?,
        observer: read_flag(row, 7, "delegations.observer")?,
        affiliation_id: row.opt_i64(8)?,
        ended_on: row.opt_date(9)?,
    })
}

const CREDENTIAL: &str = "SELECT c.id, c.delegation_id, d.assembly_id, d.body_id, b.name, c.seat, c.alternate, \
     c.person_id, p.given_names, p.first_surname, p.second_surname, c.motion_id, c.issued_at, c.revoked_on, \
     c.used_at, d.observer, d.members, d.seats \
     FROM credentials c JOIN delegations d ON d.id = c.delegation_id JOIN bodies b ON b.id = d.body_id \
     JOIN persons p ON p.id = c.person_id";

fn credential_from_row(row: &dyn Row) -> Result<CredentialRecord> {
    Ok(CredentialRecord {
        id: row.i64(0)?,
        delegation_id: row.i64(1)?,
        assembly_id: AssemblyId(row.i64(2)?),
        body_id: BodyId(row.i64(3)?),
        body_name: row.text(4)?,
        seat: small(row, 5, "credentials.seat")?,
        role: role(row, 6)?,
        person_id: PersonId(row.i64(7)?),
        name: PersonName { given_names: row.text(8)?, first_surname: row.text(9)?, second_surname: row.opt_text(10)? },
        motion_id: row.opt_i64(11)?.map(MotionId),
        issued_at: row.i64(12)?,
        revoked_on: row.opt_date(13)?,
        used_at: row.opt_i64(14)?,
        observer: read_flag(row, 15, "delegations.observer")?,
        members: whole(row, 16, "delegations.members")?,
        seats: small(row, 17, "delegations.seats")?,
    })
}

impl DelegateRepo for SqlRepo<'_> {
    fn insert_seat_plan(&mut self, p: &SeatPlanRecord) -> Result<()> {
        self.conn.execute(
            "INSERT INTO seat_plans (assembly_id, rule, number, alternates, register_on, weighted, declared_at, \
             declared_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            &[
                p.assembly_id.0.into(),
                p.rule.code().into(),
                i64::from(p.rule.number()).into(),
                flag(p.alternates),
                p.register_on.into(),
                flag(p.weighted),
                p.declared_at.into(),
                p.declared_by.as_str().into(),
            ],
        )?;
        Ok(())
    }

    fn seat_plan(&mut self, assembly: AssemblyId) -> Result<Option<SeatPlanRecord>> {
        self.conn.query_opt(
            "SELECT assembly_id, rule, number, alternates, register_on, weighted, declared_at, declared_by \
             FROM seat_plans WHERE assembly_id = $1",
            &[assembly.0.into()],
            |row| {
                let code = row.text(1)?;
                let number = small(row, 2, "seat_plans.number")?;
                let rule = SeatRule::from_stored(&code, number)
                    .ok_or_else(|| StoreError::corrupt("seat_plans.rule", &code))?;
                Ok(SeatPlanRecord {
                    assembly_id: AssemblyId(row.i64(0)?),
                    rule,
                    alternates: read_flag(row, 3, "seat_plans.alternates")?,
                    register_on: row.date(4)?,
                    weighted: read_flag(row, 5, "seat_plans.weighted")?,
                    declared_at: row.i64(6)?,
                    declared_by: row.text(7)?,
                })
            },
        )
    }

    fn insert_delegation(&mut self, d: &DelegationRecord) -> Result<i64> {
        self.conn.insert_returning_id(
            "INSERT INTO delegations (assembly_id, body_id, members, seats, observer, affiliation_id, ended_on) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            &[
                d.assembly_id.0.into(),
                d.body_id.0.into(),
                i64::try_from(d.members).unwrap_or(i64::MAX).into(),
                i64::from(d.seats).into(),
                flag(d.observer),
                d.affiliation_id.into(),
                d.ended_on.into(),
            ],
        )
    }

    fn delegations(&mut self, assembly: AssemblyId) -> Result<Vec<DelegationRecord>> {
        self.conn.query_vec(
            &format!("{DELEGATION} WHERE d.assembly_id = $1 ORDER BY b.code, d.id"),
            &[assembly.0.into()],
            delegation_from_row,
        )
    }

    fn delegation(&mut self, id: i64) -> Result<Option<DelegationRecord>> {
        self.conn.query_opt(&format!("{DELEGATION} WHERE d.id = $1"), &[id.into()], delegation_from_row)
    }

    fn delegations_of(&mut self, body: BodyId) -> Result<Vec<DelegationRecord>> {
        self.conn.query_vec(
            &format!("{DELEGATION} WHERE d.body_id = $1 ORDER BY d.assembly_id DESC, d.id"),
            &[body.0.into()],
            delegation_from_row,
        )
    }

    fn insert_delegate_election(&mut self, e: &DelegateElection) -> Result<()> {
        self.conn.execute(
            "INSERT INTO delegate_elections (motion_id, delegation_id, seat, alternate) VALUES ($1, $2, $3, $4)",
            &[e.motion_id.0.into(), e.delegation_id.into(), i64::from(e.seat).into(), flag(e.role.is_alternate())],
        )?;
        Ok(())
    }

    fn delegate_election(&mut self, motion: MotionId) -> Result<Option<DelegateElection>> {
        self.conn.query_opt(
            "SELECT motion_id, delegation_id, seat, alternate FROM delegate_elections WHERE motion_id = $1",
            &[motion.0.into()],
            |row| {
                Ok(DelegateElection {
                    motion_id: MotionId(row.i64(0)?),
                    delegation_id: row.i64(1)?,
                    seat: small(row, 2, "delegate_elections.seat")?,
                    role: if read_flag(row, 3, "delegate_elections.alternate")? {
                        SeatRole::Alternate
                    } else {
                        SeatRole::Holder
                    },
                })
            },
        )
    }

    fn insert_credential(&mut self, c: &NewCredential) -> Result<i64> {
        self.conn.insert_returning_id(
            "INSERT INTO credentials (delegation_id, seat, alternate, person_id, motion_id, code_hash, issued_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            &[
                c.delegation_id.into(),
                i64::from(c.seat).into(),
                flag(c.role.is_alternate()),
                c.person_id.0.into(),
                c.motion_id.map(|m| m.0).into(),
                c.code_hash.as_str().into(),
                c.issued_at.into(),
            ],
        )
    }

    fn seat_credential(&mut self, delegation: i64, seat: u32, role: SeatRole) -> Result<Option<CredentialRecord>> {
        self.conn.query_opt(
            &format!("{CREDENTIAL} WHERE c.delegation_id = $1 AND c.seat = $2 AND c.alternate = $3"),
            &[delegation.into(), i64::from(seat).into(), flag(role.is_alternate())],
            credential_from_row,
        )
    }

    fn credentials(&mut self, assembly: AssemblyId) -> Result<Vec<CredentialRecord>> {
        self.conn.query_vec(
            &format!("{CREDENTIAL} WHERE d.assembly_id = $1 ORDER BY b.code, d.id, c.seat, c.alternate"),
            &[assembly.0.into()],
            credential_from_row,
        )
    }

    fn credential_by_hash(&mut self, hash: &str) -> Result<Option<CredentialRecord>> {
        self.conn.query_opt(&format!("{CREDENTIAL} WHERE c.code_hash = $1"), &[hash.into()], credential_from_row)
    }

    fn mark_credential_used(&mut self, id: i64, at: i64) -> Result<()> {
        self.conn.execute(
            "UPDATE credentials SET used_at = $2 WHERE id = $1 AND used_at IS NULL",
            &[id.into(), at.into()],
        )?;
        Ok(())
    }

    fn end_delegations_of_affiliation(&mut self, affiliation: i64, on: Date) -> Result<u64> {
        let open = "SELECT d.id FROM delegations d JOIN assemblies a ON a.id = d.assembly_id \
             WHERE d.affiliation_id = $1 AND a.status IN ('convened', 'open')";
        let revoked = self.conn.execute(
            &format!("UPDATE credentials SET revoked_on = $2 WHERE revoked_on IS NULL AND delegation_id IN ({open})"),
            &[affiliation.into(), on.into()],
        )?;
        self.conn.execute(
            &format!("UPDATE delegations SET ended_on = $2 WHERE ended_on IS NULL AND id IN ({open})"),
            &[affiliation.into(), on.into()],
        )?;
        Ok(revoked)
    }

    fn seated_credential(&mut self, assembly: AssemblyId, person: PersonId) -> Result<Option<CredentialRecord>> {
        self.conn.query_opt(
            &format!(
                "{CREDENTIAL} WHERE d.assembly_id = $1 AND c.person_id = $2 AND c.used_at IS NOT NULL \
                 ORDER BY c.used_at DESC"
            ),
            &[assembly.0.into(), person.0.into()],
            credential_from_row,
        )
    }

    fn observers_present(&mut self, assembly: AssemblyId) -> Result<u64> {
        let n = self
            .conn
            .query_opt(
                "SELECT COUNT(*) FROM attendance t WHERE t.assembly_id = $1 AND t.status IN ('present', 'late') \
                 AND EXISTS (SELECT 1 FROM credentials c JOIN delegations d ON d.id = c.delegation_id \
                 WHERE d.assembly_id = $1 AND c.person_id = t.person_id AND c.used_at IS NOT NULL AND d.observer = 1)",
                &[assembly.0.into()],
                |row| row.i64(0),
            )?
            .unwrap_or(0);
        u64::try_from(n).map_err(|_| StoreError::corrupt("attendance", &n.to_string()))
    }

    fn statute_weighs_delegations(&mut self, statute: i64) -> Result<Option<bool>> {
        self.conn.query_opt(
            "SELECT weigh_by_members FROM statute_delegates WHERE statute_id = $1",
            &[statute.into()],
            |row| read_flag(row, 0, "statute_delegates.weigh_by_members"),
        )
    }

    fn set_statute_weighs_delegations(&mut self, statute: i64, weighted: bool) -> Result<()> {
        self.conn.execute("DELETE FROM statute_delegates WHERE statute_id = $1", &[statute.into()])?;
        self.conn.execute(
            "INSERT INTO statute_delegates (statute_id, weigh_by_members) VALUES ($1, $2)",
            &[statute.into(), flag(weighted)],
        )?;
        Ok(())
    }

    fn members_on(&mut self, body: BodyId, day: Date) -> Result<u64> {
        let n = self
            .conn
            .query_opt(
                "WITH RECURSIVE sub(id) AS (SELECT CAST($1 AS BIGINT) UNION ALL \
                 SELECT b.id FROM bodies b JOIN sub ON b.parent_id = sub.id) \
                 SELECT (SELECT COUNT(*) FROM households h JOIN sub ON sub.id = h.body_id \
                   WHERE (h.affiliated_on IS NULL OR h.affiliated_on <= $2) AND (h.ended_on IS NULL OR h.ended_on > $2)) \
                 + (SELECT COUNT(*) FROM memberships m JOIN sub ON sub.id = m.body_id \
                   WHERE m.since <= $2 AND (m.until IS NULL OR m.until > $2))",
                &[body.0.into(), day.into()],
                |row| row.i64(0),
            )?
            .unwrap_or(0);
        u64::try_from(n).map_err(|_| StoreError::corrupt("households", &n.to_string()))
    }
}
