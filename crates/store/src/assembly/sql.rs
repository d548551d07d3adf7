//! The assemblies' part of the store contract in SQL, for both backends: rows to records and
//! back.

use cabildo_domain::access::AccountId;
use cabildo_domain::assembly::{AssemblyId, AssemblyStatus, DecisionRule, MotionId, Outcome, Statute, VoteMethod};
use cabildo_domain::{BodyId, HouseholdId, PersonId, PublicId};

use crate::conn::{ArrayColumn, Value};
use crate::repo::SqlRepo;
use crate::{Result, StoreError};

/// The local date and time of a meeting.
pub type DateTime = chrono::NaiveDateTime;

use super::rows::*;
use super::*;

/// Persons looked up per statement by `registered_in`.
const REGISTERED_CHUNK: usize = 50;

impl AssemblyRepo for SqlRepo<'_> {
    fn insert_statute(
        &mut self,
        body: BodyId,
        statute: &Statute,
        resolution: Option<i64>,
        at: i64,
        by: &str,
    ) -> Result<i64> {
        let signers = statute.signers_code();
        let quorum = statute.quorum.code();
        let id = self.conn.insert_returning_id(
            "INSERT INTO statutes (body_id, version, quorum_rule, absence_fine, signer_roles, adopted_at, adopted_by) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            &[
                body.0.into(),
                statute.version.into(),
                quorum.as_str().into(),
                statute.absence_fine.into(),
                signers.as_str().into(),
                at.into(),
                by.into(),
            ],
        )?;
        let offices = statute.signer_offices_text();
        self.conn.execute(
            "INSERT INTO statute_terms (statute_id, term_years, signer_offices, resolution_id) VALUES ($1, $2, $3, $4)",
            &[id.into(), i64::from(statute.term_years).into(), offices.as_str().into(), resolution.into()],
        )?;
        Ok(id)
    }

    fn current_statute(&mut self, body: BodyId) -> Result<Option<StatuteRecord>> {
        let sql = format!("{STATUTE_SELECT} WHERE s.body_id = $1 ORDER BY s.version DESC LIMIT 1");
        self.conn.query_opt(&sql, &[body.0.into()], statute_from_row)
    }

    fn statute(&mut self, id: i64) -> Result<Option<StatuteRecord>> {
        let sql = format!("{STATUTE_SELECT} WHERE s.id = $1");
        self.conn.query_opt(&sql, &[id.into()], statute_from_row)
    }

    fn statutes(&mut self, body: BodyId) -> Result<Vec<StatuteRecord>> {
        let sql = format!("{STATUTE_SELECT} WHERE s.body_id = $1 ORDER BY s.version DESC");
        self.conn.query_vec(&sql, &[body.0.into()], statute_from_row)
    }

    fn insert_assembly(&mut self, a: &NewAssembly, public_id: PublicId) -> Result<AssemblyId> {
        let when = a.scheduled_for.format(DATETIME_FORMAT).to_string();
        self.conn
            .insert_returning_id(
                "INSERT INTO assemblies (body_id, kind, title, scheduled_for, place, status, convened_at, public_id) \
                 VALUES ($1, $2, $3, $4, $5, 'convened', $6, $7) RETURNING id",
                &[
                    a.body_id.0.into(),
                    a.kind.code().into(),
                    a.title.as_str().into(),
                    when.as_str().into(),
                    a.place.as_str().into(),
                    a.convened_at.into(),
                    public_id.into(),
                ],
            )
            .map(AssemblyId)
    }

    fn assembly(&mut self, id: AssemblyId) -> Result<Option<AssemblyRecord>> {
        let sql = format!("{ASSEMBLY_SELECT} WHERE id = $1");
        self.conn.query_opt(&sql, &[id.0.into()], assembly_from_row)
    }

    fn assembly_by_public_id(&mut self, public_id: PublicId) -> Result<Option<AssemblyRecord>> {
        let sql = format!("{ASSEMBLY_SELECT} WHERE public_id = $1");
        self.conn.query_opt(&sql, &[public_id.into()], assembly_from_row)
    }

    fn assemblies(&mut self, body: BodyId, limit: u64) -> Result<Vec<AssemblyRecord>> {
        let sql = format!("{ASSEMBLY_SELECT} WHERE body_id = $1 ORDER BY scheduled_for DESC, id DESC LIMIT $2");
        self.conn.query_vec(&sql, &[body.0.into(), n(limit)], assembly_from_row)
    }

    fn open_assembly(
        &mut self,
        id: AssemblyId,
        statute_id: Option<i64>,
        eligible: u64,
        quorum: u64,
        at: i64,
    ) -> Result<()> {
        self.conn.update_one(
            "UPDATE assemblies SET status = 'open', statute_id = $1, eligible = $2, quorum_required = $3, \
             opened_at = $4 WHERE id = $5",
            &[statute_id.into(), n(eligible), n(quorum), at.into(), id.0.into()],
        )
    }

    fn set_assembly_status(&mut self, id: AssemblyId, status: AssemblyStatus, at: i64) -> Result<()> {
        let closed = matches!(status, AssemblyStatus::Closed | AssemblyStatus::Cancelled).then_some(at);
        self.conn.update_one(
            "UPDATE assemblies SET status = $1, closed_at = COALESCE($2, closed_at) WHERE id = $3",
            &[status.code().into(), closed.into(), id.0.into()],
        )
    }

    fn member_cards_key(&mut self) -> Result<Vec<u8>> {
        let column = "instance_secrets.secret";
        let hex = self
            .conn
            .query_opt(
                "SELECT secret FROM instance_secrets WHERE name = $1",
                &[Value::Text(crate::MEMBER_CARDS_SECRET)],
                |row| row.text(0),
            )?
            .ok_or_else(|| StoreError::missing(column, crate::MEMBER_CARDS_SECRET))?;
        let bytes: Option<Vec<u8>> = (hex.len() == 64)
            .then(|| (0..32).map(|i| u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok()).collect())
            .flatten();
        bytes.ok_or_else(|| StoreError::corrupt(column, "(not 32 bytes in hex)"))
    }

    fn household_representatives(&mut self, body: BodyId, day: Date) -> Result<Vec<Representative>> {
        self.conn.query_vec(
            "SELECT h.id, pe.id, pe.given_names, pe.first_surname, pe.second_surname, h.register_number \
             FROM households h JOIN persons pe ON pe.id = h.person_id WHERE h.body_id = $1 \
             AND (h.ended_on IS NULL OR h.ended_on > $2) \
             ORDER BY CASE WHEN h.register_number IS NULL THEN 1 ELSE 0 END, length(h.register_number), \
             h.register_number, pe.first_surname, pe.second_surname, pe.given_names, h.id",
            &[body.0.into(), day.into()],
            |row| {
                Ok(Representative {
                    household_id: HouseholdId(row.i64(0)?),
                    person_id: PersonId(row.i64(1)?),
                    name: name_at(row, 2)?,
                    register_number: row.opt_text(5)?,
                })
            },
        )
    }

    fn insert_agenda_item(&mut self, assembly: AssemblyId, position: i64, title: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO agenda_items (assembly_id, position, title) VALUES ($1, $2, $3)",
            &[assembly.0.into(), position.into(), title.into()],
        )?;
        Ok(())
    }

    fn agenda(&mut self, assembly: AssemblyId) -> Result<Vec<String>> {
        self.conn.query_vec(
            "SELECT title FROM agenda_items WHERE assembly_id = $1 ORDER BY position",
            &[assembly.0.into()],
            |row| row.text(0),
        )
    }

    fn upsert_attendance(&mut self, assembly: AssemblyId, r: &AttendanceRecord) -> Result<()> {
        self.conn.execute(
            "INSERT INTO attendance (assembly_id, person_id, household_id, represents_id, status, at) \
             VALUES ($1, $2, $3, $4, $5, $6) \
             ON CONFLICT (assembly_id, person_id) DO UPDATE SET status = excluded.status, at = excluded.at",
            &[
                assembly.0.into(),
                r.person_id.0.into(),
                r.household_id.map(|h| h.0).into(),
                r.represents_id.map(|b| b.0).into(),
                r.status.code().into(),
                r.at.into(),
            ],
        )?;
        Ok(())
    }

    fn attendance(&mut self, assembly: AssemblyId) -> Result<Vec<AttendanceRecord>> {
        self.conn.query_vec(
            "SELECT a.person_id, a.household_id, a.represents_id, pe.given_names, pe.first_surname, \
             pe.second_surname, a.status, a.at FROM attendance a JOIN persons pe ON pe.id = a.person_id \
             WHERE a.assembly_id = $1 ORDER BY a.id",
            &[assembly.0.into()],
            |row| {
                Ok(AttendanceRecord {
                    person_id: PersonId(row.i64(0)?),
                    household_id: row.opt_i64(1)?.map(HouseholdId),
                    represents_id: row.opt_i64(2)?.map(BodyId),
                    name: name_at(row, 3)?,
                    status: parsed("attendance.status", row.text(6)?)?,
                    at: row.i64(7)?,
                })
            },
        )
    }

    fn count_present(&mut self, assembly: AssemblyId) -> Result<u64> {
        self.conn
            .query_opt(
                "SELECT count(*) FROM attendance WHERE assembly_id = $1 AND status IN ('present', 'late')",
                &[assembly.0.into()],
                |row| count("attendance (count)", row.i64(0)?),
            )?
            .ok_or_else(|| StoreError::Internal("count(*) returned no row".into()))
    }

    fn insert_fine(&mut self, f: &FineRecord) -> Result<()> {
        self.conn.execute(
            "INSERT INTO fines (assembly_id, body_id, person_id, household_id, amount, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
            &[
                f.assembly_id.0.into(),
                f.body_id.0.into(),
                f.person_id.0.into(),
                f.household_id.map(|h| h.0).into(),
                f.amount.into(),
                f.created_at.into(),
            ],
        )?;
        Ok(())
    }

    fn fines(&mut self, assembly: AssemblyId) -> Result<Vec<FineRecord>> {
        self.conn.query_vec(
            "SELECT f.assembly_id, f.body_id, f.person_id, f.household_id, pe.given_names, pe.first_surname, \
             pe.second_surname, f.amount, f.created_at FROM fines f JOIN persons pe ON pe.id = f.person_id \
             WHERE f.assembly_id = $1 ORDER BY pe.first_surname, pe.second_surname, pe.given_names, f.id",
            &[assembly.0.into()],
            |row| {
                Ok(FineRecord {
                    assembly_id: AssemblyId(row.i64(0)?),
                    body_id: BodyId(row.i64(1)?),
                    person_id: PersonId(row.i64(2)?),
                    household_id: row.opt_i64(3)?.map(HouseholdId),
                    name: name_at(row, 4)?,
                    amount: row.i64(7)?,
                    created_at: row.i64(8)?,
                })
            },
        )
    }

    fn insert_motion(&mut self, m: &NewMotion, public_id: PublicId) -> Result<MotionId> {
        let next = self
            .conn
            .query_opt(
                "SELECT COALESCE(max(number), 0) + 1 FROM motions WHERE assembly_id = $1",
                &[m.assembly_id.0.into()],
                |row| row.i64(0),
            )?
            .unwrap_or(1);
        self.conn
            .insert_returning_id(
                "INSERT INTO motions (assembly_id, number, kind, title, text, proposer, origin_id, amends_id, \
                 runoff_of, office_title, term_end, election_rule, status, public_id) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'pending', $13) RETURNING id",
                &[
                    m.assembly_id.0.into(),
                    next.into(),
                    m.kind.code().into(),
                    m.title.as_str().into(),
                    m.text.as_str().into(),
                    m.proposer.as_str().into(),
                    m.origin_id.into(),
                    m.amends_id.map(|a| a.0).into(),
                    m.runoff_of.map(|a| a.0).into(),
                    m.office_title.as_ref().into(),
                    m.term_end.into(),
                    m.election_rule.map(|r| r.code()).into(),
                    public_id.into(),
                ],
            )
            .map(MotionId)
    }

    fn motion(&mut self, id: MotionId) -> Result<Option<MotionRecord>> {
        let sql = format!("{MOTION_SELECT} WHERE id = $1");
        self.conn.query_opt(&sql, &[id.0.into()], motion_from_row)
    }

    fn motion_by_public_id(&mut self, public_id: PublicId) -> Result<Option<MotionRecord>> {
        let sql = format!("{MOTION_SELECT} WHERE public_id = $1");
        self.conn.query_opt(&sql, &[public_id.into()], motion_from_row)
    }

    fn motions(&mut self, assembly: AssemblyId) -> Result<Vec<MotionRecord>> {
        let sql = format!("{MOTION_SELECT} WHERE assembly_id = $1 ORDER BY number");
        self.conn.query_vec(&sql, &[assembly.0.into()], motion_from_row)
    }

    fn open_vote(&mut self, id: MotionId, method: VoteMethod, rule: DecisionRule, present: u64, at: i64) -> Result<()> {
        self.conn.update_one(
            "UPDATE motions SET status = 'voting', method = $1, rule = $2, present_at_open = $3, opened_at = $4 \
             WHERE id = $5 AND status = 'pending'",
            &[method.code().into(), rule.code().into(), n(present), at.into(), id.0.into()],
        )
    }

    fn decide_motion(&mut self, id: MotionId, outcome: Outcome, at: i64) -> Result<()> {
        self.conn.update_one(
            "UPDATE motions SET status = 'decided', outcome = $1, closed_at = $2 WHERE id = $3 AND status <> 'decided'",
            &[outcome.code().into(), at.into(), id.0.into()],
        )
    }

    fn lock_motion(&mut self, id: MotionId) -> Result<()> {
        if self.conn.backend() == crate::Backend::Postgres {
            self.conn.query("SELECT id FROM motions WHERE id = $1 FOR UPDATE", &[id.0.into()], &mut |_| Ok(()))?;
        }
        Ok(())
    }

    fn set_motion_text(&mut self, id: MotionId, text: &str) -> Result<()> {
        self.conn.update_one(
            "UPDATE motions SET text = $1 WHERE id = $2 AND status = 'pending'",
            &[text.into(), id.0.into()],
        )
    }

    fn insert_candidate(&mut self, motion: MotionId, person: PersonId) -> Result<i64> {
        self.conn.insert_returning_id(
            "INSERT INTO candidates (motion_id, person_id) VALUES ($1, $2) RETURNING id",
            &[motion.0.into(), person.0.into()],
        )
    }

    fn candidates(&mut self, motion: MotionId) -> Result<Vec<CandidateRecord>> {
        self.conn.query_vec(
            "SELECT c.id, c.motion_id, c.person_id, pe.given_names, pe.first_surname, pe.second_surname \
             FROM candidates c JOIN persons pe ON pe.id = c.person_id WHERE c.motion_id = $1 ORDER BY c.id",
            &[motion.0.into()],
            |row| {
                Ok(CandidateRecord {
                    id: row.i64(0)?,
                    motion_id: MotionId(row.i64(1)?),
                    person_id: PersonId(row.i64(2)?),
                    name: name_at(row, 3)?,
                })
            },
        )
    }

    fn registered_in(&mut self, persons: &[PersonId]) -> Result<Vec<(PersonId, BodyId)>> {
        // One statement text for every call (a fixed number of placeholders, the unused ones
        // NULL, which matches nothing), so that it is prepared once; three scans per chunk.
        let list = (1..=REGISTERED_CHUNK).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ");
        let sql = format!(
            "SELECT person_id, body_id FROM households WHERE ended_on IS NULL AND person_id IN ({list}) \
             UNION SELECT person_id, body_id FROM memberships WHERE until IS NULL AND person_id IN ({list}) \
             UNION SELECT person_id, body_id FROM offices WHERE ended_on IS NULL AND person_id IN ({list})"
        );
        let mut out = Vec::new();
        for chunk in persons.chunks(REGISTERED_CHUNK) {
            let mut params: Vec<Value<'_>> = chunk.iter().map(|p| p.0.into()).collect();
            params.resize(REGISTERED_CHUNK, Value::Null);
            out.extend(self.conn.query_vec(&sql, &params, |row| Ok((PersonId(row.i64(0)?), BodyId(row.i64(1)?))))?);
        }
        out.sort();
        out.dedup();
        Ok(out)
    }

    fn set_vote_count(&mut self, motion: MotionId, option: &str, count: u64) -> Result<()> {
        self.conn.execute(
            "INSERT INTO vote_counts (motion_id, option, count) VALUES ($1, $2, $3) \
             ON CONFLICT (motion_id, option) DO UPDATE SET count = excluded.count",
            &[motion.0.into(), option.into(), n(count)],
        )?;
        Ok(())
    }

    fn add_votes(&mut self, motion: MotionId, option: &str, n: u64) -> Result<()> {
        let n = i64::try_from(n).map_err(|_| StoreError::Internal(format!("{n} votes do not fit a count")))?;
        self.conn.execute(
            "INSERT INTO vote_counts (motion_id, option, count) VALUES ($1, $2, $3) \
             ON CONFLICT (motion_id, option) DO UPDATE SET count = vote_counts.count + excluded.count",
            &[motion.0.into(), option.into(), n.into()],
        )?;
        Ok(())
    }

    fn vote_counts(&mut self, motion: MotionId) -> Result<Vec<(String, u64)>> {
        self.conn.query_vec(
            "SELECT option, count FROM vote_counts WHERE motion_id = $1 ORDER BY option",
            &[motion.0.into()],
            options_from_rows,
        )
    }

    fn insert_roll_call(&mut self, motion: MotionId, person: PersonId, option: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO roll_call_votes (motion_id, person_id, option) VALUES ($1, $2, $3)",
            &[motion.0.into(), person.0.into(), option.into()],
        )?;
        Ok(())
    }

    fn roll_call(&mut self, motion: MotionId) -> Result<Vec<RollCallRecord>> {
        self.conn.query_vec(
            "SELECT r.person_id, pe.given_names, pe.first_surname, pe.second_surname, r.option \
             FROM roll_call_votes r JOIN persons pe ON pe.id = r.person_id WHERE r.motion_id = $1 \
             ORDER BY pe.first_surname, pe.second_surname, pe.given_names, r.person_id",
            &[motion.0.into()],
            |row| Ok(RollCallRecord { person_id: PersonId(row.i64(0)?), name: name_at(row, 1)?, option: row.text(4)? }),
        )
    }

    fn insert_ballot_codes(&mut self, motion: MotionId, hashes: &[String]) -> Result<()> {
        for hash in hashes {
            self.conn.execute(
                "INSERT INTO ballot_codes (code_hash, motion_id, used) VALUES ($1, $2, 0)",
                &[hash.as_str().into(), motion.0.into()],
            )?;
        }
        Ok(())
    }

    fn use_ballot_code(&mut self, motion: MotionId, hash: &str) -> Result<bool> {
        let changed = self.conn.execute(
            "UPDATE ballot_codes SET used = 1 WHERE code_hash = $1 AND motion_id = $2 AND used = 0",
            &[hash.into(), motion.0.into()],
        )?;
        Ok(changed == 1)
    }

    fn ballot_code_counts(&mut self, motion: MotionId) -> Result<(u64, u64)> {
        self.conn
            .query_opt(
                "SELECT count(*), count(CASE WHEN used = 1 THEN 1 END) FROM ballot_codes WHERE motion_id = $1",
                &[motion.0.into()],
                |row| Ok((count("ballot_codes (count)", row.i64(0)?)?, count("ballot_codes.used", row.i64(1)?)?)),
            )?
            .ok_or_else(|| StoreError::Internal("count(*) returned no row".into()))
    }

    fn delete_ballot_codes(&mut self, motion: MotionId) -> Result<()> {
        self.conn.execute("DELETE FROM ballot_codes WHERE motion_id = $1", &[motion.0.into()])?;
        Ok(())
    }

    fn ballot_code_used(&mut self, motion: MotionId, hash: &str) -> Result<Option<bool>> {
        self.conn.query_opt(
            "SELECT used FROM ballot_codes WHERE code_hash = $1 AND motion_id = $2",
            &[hash.into(), motion.0.into()],
            |row| match row.i64(0)? {
                0 => Ok(false),
                1 => Ok(true),
                v => Err(StoreError::corrupt("ballot_codes.used", &v.to_string())),
            },
        )
    }

    fn insert_tickets(&mut self, assembly: AssemblyId, hashes: &[String], at: i64) -> Result<()> {
        // PostgreSQL: one statement per 10,000 tickets through `UNNEST` rather than one per ticket
        // (a round trip each).
        if self.conn.backend() == crate::Backend::Postgres {
            for chunk in hashes.chunks(10_000) {
                let columns = [
                    ArrayColumn::Text(chunk.iter().map(|h| Some(h.clone())).collect()),
                    ArrayColumn::I64(vec![Some(assembly.0)]),
                    ArrayColumn::I64(vec![Some(at)]),
                ];
                let sql = "INSERT INTO tickets (ticket_hash, assembly_id, issued_at) \
                           SELECT t.h, ($2::bigint[])[1], ($3::bigint[])[1] FROM UNNEST($1::text[]) AS t(h)";
                match self.conn.execute_arrays(sql, &columns) {
                    Some(done) => done?,
                    None => return Err(StoreError::Internal("no batch insert on PostgreSQL".into())),
                };
            }
            return Ok(());
        }
        // SQLite: multi-row `INSERT … VALUES`, the assembly and the time bound once per statement.
        let rows: Vec<[Value<'_>; 1]> = hashes.iter().map(|h| [h.as_str().into()]).collect();
        self.insert_rows(
            "INSERT INTO tickets (assembly_id, issued_at, ticket_hash) VALUES ",
            &[assembly.0.into(), at.into()],
            &rows,
        )
    }

    fn count_tickets(&mut self, assembly: AssemblyId) -> Result<u64> {
        self.conn
            .query_opt("SELECT count(*) FROM tickets WHERE assembly_id = $1", &[assembly.0.into()], |row| {
                count("tickets (count)", row.i64(0)?)
            })?
            .ok_or_else(|| StoreError::Internal("count(*) returned no row".into()))
    }

    fn phone_tally(&mut self, motion: MotionId) -> Result<Vec<(String, u64)>> {
        self.conn.query_vec(
            "SELECT option, count(*) FROM phone_votes WHERE motion_id = $1 GROUP BY option ORDER BY option",
            &[motion.0.into()],
            options_from_rows,
        )
    }

    fn phone_voters(&mut self, motion: MotionId) -> Result<u64> {
        self.conn
            .query_opt(
                "SELECT count(DISTINCT ticket_hash) FROM phone_votes WHERE motion_id = $1",
                &[motion.0.into()],
                |row| count("phone_votes (count)", row.i64(0)?),
            )?
            .ok_or_else(|| StoreError::Internal("count(*) returned no row".into()))
    }

    fn ticket_batches(&mut self, assembly: AssemblyId) -> Result<Vec<TicketBatch>> {
        self.conn.query_vec(
            "SELECT first_serial, count, issued_at FROM ticket_batches WHERE assembly_id = $1 ORDER BY first_serial",
            &[assembly.0.into()],
            |row| {
                Ok(TicketBatch {
                    first: count("ticket_batches.first_serial", row.i64(0)?)?,
                    count: count("ticket_batches.count", row.i64(1)?)?,
                    issued_at: row.i64(2)?,
                })
            },
        )
    }

    fn insert_ticket_batch(&mut self, assembly: AssemblyId, batch: &TicketBatch) -> Result<()> {
        self.conn.execute(
            "INSERT INTO ticket_batches (assembly_id, first_serial, count, issued_at) VALUES ($1, $2, $3, $4)",
            &[assembly.0.into(), n(batch.first), n(batch.count), batch.issued_at.into()],
        )?;
        Ok(())
    }

    fn tickets_used(&mut self, assembly: AssemblyId) -> Result<u64> {
        self.conn
            .query_opt(
                "SELECT count(DISTINCT p.ticket_hash) FROM phone_votes p JOIN motions m ON m.id = p.motion_id \
                 WHERE m.assembly_id = $1",
                &[assembly.0.into()],
                |row| count("phone_votes (count)", row.i64(0)?),
            )?
            .ok_or_else(|| StoreError::Internal("count(*) returned no row".into()))
    }

    fn crowd_estimate(&mut self, assembly: AssemblyId) -> Result<Option<u64>> {
        self.conn.query_opt(
            "SELECT estimate FROM crowd_estimates WHERE assembly_id = $1",
            &[assembly.0.into()],
            |row| count("crowd_estimates.estimate", row.i64(0)?),
        )
    }

    fn set_crowd_estimate(&mut self, assembly: AssemblyId, estimate: Option<u64>) -> Result<()> {
        self.conn.execute("DELETE FROM crowd_estimates WHERE assembly_id = $1", &[assembly.0.into()])?;
        if let Some(estimate) = estimate {
            self.conn.execute(
                "INSERT INTO crowd_estimates (assembly_id, estimate) VALUES ($1, $2)",
                &[assembly.0.into(), n(estimate)],
            )?;
        }
        Ok(())
    }

    fn insert_resolution(&mut self, r: &NewResolution, public_id: PublicId) -> Result<ResolutionRecord> {
        let number = self
            .conn
            .query_opt(
                "SELECT COALESCE(max(number), 0) + 1 FROM resolutions WHERE body_id = $1 AND year = $2",
                &[r.body_id.0.into(), i64::from(r.year).into()],
                |row| row.i64(0),
            )?
            .unwrap_or(1);
        let id = self.conn.insert_returning_id(
            "INSERT INTO resolutions (body_id, year, number, motion_id, title, text, adopted_on, public_id) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
            &[
                r.body_id.0.into(),
                i64::from(r.year).into(),
                number.into(),
                r.motion_id.map(|m| m.0).into(),
                r.title.as_str().into(),
                r.text.as_str().into(),
                r.adopted_on.into(),
                public_id.into(),
            ],
        )?;
        Ok(ResolutionRecord {
            id,
            public_id,
            body_id: r.body_id,
            year: r.year,
            number,
            motion_id: r.motion_id,
            title: r.title.clone(),
            text: r.text.clone(),
            adopted_on: r.adopted_on,
        })
    }

    fn resolution(&mut self, id: i64) -> Result<Option<ResolutionRecord>> {
        let sql = format!("{RESOLUTION_SELECT} WHERE id = $1");
        self.conn.query_opt(&sql, &[id.into()], resolution_from_row)
    }

    fn resolution_by_public_id(&mut self, public_id: PublicId) -> Result<Option<ResolutionRecord>> {
        let sql = format!("{RESOLUTION_SELECT} WHERE public_id = $1");
        self.conn.query_opt(&sql, &[public_id.into()], resolution_from_row)
    }

    fn resolution_of_motion(&mut self, motion: MotionId) -> Result<Option<ResolutionRecord>> {
        let sql = format!("{RESOLUTION_SELECT} WHERE motion_id = $1");
        self.conn.query_opt(&sql, &[motion.0.into()], resolution_from_row)
    }

    fn resolutions(&mut self, body: BodyId, limit: u64) -> Result<Vec<ResolutionRecord>> {
        let sql = format!("{RESOLUTION_SELECT} WHERE body_id = $1 ORDER BY year DESC, number DESC LIMIT $2");
        self.conn.query_vec(&sql, &[body.0.into(), n(limit)], resolution_from_row)
    }

    fn insert_acta(&mut self, assembly: AssemblyId, body: BodyId, notes: &str, public_id: PublicId) -> Result<i64> {
        self.conn.insert_returning_id(
            "INSERT INTO actas (assembly_id, body_id, notes, status, public_id) \
             VALUES ($1, $2, $3, 'draft', $4) RETURNING id",
            &[assembly.0.into(), body.0.into(), notes.into(), public_id.into()],
        )
    }

    fn acta_by_public_id(&mut self, public_id: PublicId) -> Result<Option<ActaRecord>> {
        let sql = format!("{ACTA_SELECT} WHERE public_id = $1");
        self.conn.query_opt(&sql, &[public_id.into()], acta_from_row)
    }

    fn acta_of(&mut self, assembly: AssemblyId) -> Result<Option<ActaRecord>> {
        let sql = format!("{ACTA_SELECT} WHERE assembly_id = $1");
        self.conn.query_opt(&sql, &[assembly.0.into()], acta_from_row)
    }

    fn set_acta_notes(&mut self, id: i64, notes: &str) -> Result<()> {
        self.conn
            .update_one("UPDATE actas SET notes = $1 WHERE id = $2 AND status = 'draft'", &[notes.into(), id.into()])
    }

    fn seal_acta(&mut self, id: i64, s: &ActaSeal) -> Result<()> {
        self.conn.update_one(
            "UPDATE actas SET status = 'sealed', seq = $1, content = $2, content_hash = $3, prev_hash = $4, \
             chain_hash = $5, sealed_at = $6 WHERE id = $7 AND status = 'draft'",
            &[
                n(s.seq),
                s.content.as_str().into(),
                s.content_hash.as_str().into(),
                s.prev_hash.as_ref().into(),
                s.chain_hash.as_str().into(),
                s.sealed_at.into(),
                id.into(),
            ],
        )
    }

    fn sealed_actas(&mut self, body: BodyId) -> Result<Vec<ActaRecord>> {
        let sql = format!("{ACTA_SELECT} WHERE body_id = $1 AND status = 'sealed' ORDER BY seq, id");
        self.conn.query_vec(&sql, &[body.0.into()], acta_from_row)
    }

    fn bodies_with_sealed_actas(&mut self) -> Result<Vec<BodyId>> {
        self.conn.query_vec("SELECT DISTINCT body_id FROM actas WHERE status = 'sealed' ORDER BY body_id", &[], |row| {
            Ok(BodyId(row.i64(0)?))
        })
    }

    fn chain_head(&mut self, body: BodyId) -> Result<ChainHead> {
        let sealed = self.conn.query_opt(
            "SELECT COUNT(*) FROM actas WHERE body_id = $1 AND status = 'sealed'",
            &[body.0.into()],
            |row| count("actas.seq", row.i64(0)?),
        )?;
        let last = self.conn.query_opt(
            "SELECT chain_hash FROM actas WHERE body_id = $1 AND status = 'sealed' ORDER BY seq DESC, id DESC LIMIT 1",
            &[body.0.into()],
            |row| row.opt_text(0),
        )?;
        Ok(ChainHead { count: sealed.unwrap_or(0), hash: last.flatten().unwrap_or_default() })
    }

    fn unsealed_with_seal(&mut self, body: BodyId) -> Result<Vec<ActaRecord>> {
        let sql = format!(
            "{ACTA_SELECT} WHERE body_id = $1 AND status <> 'sealed' AND (seq IS NOT NULL OR content IS NOT NULL \
             OR content_hash IS NOT NULL OR prev_hash IS NOT NULL OR chain_hash IS NOT NULL OR sealed_at IS NOT NULL) \
             ORDER BY id"
        );
        self.conn.query_vec(&sql, &[body.0.into()], acta_from_row)
    }

    fn unsealed_closed_assemblies(&mut self, body: Option<BodyId>) -> Result<Vec<UnsealedAssembly>> {
        let sql = "SELECT a.id, a.body_id, a.title, a.scheduled_for, a.closed_at FROM assemblies a \
             WHERE a.status = 'closed' AND ($1 = 0 OR a.body_id = $1) AND NOT EXISTS \
             (SELECT 1 FROM actas t WHERE t.assembly_id = a.id AND t.status = 'sealed') \
             ORDER BY a.closed_at, a.id";
        self.conn.query_vec(sql, &[body.map_or(0, |b| b.0).into()], |row| {
            let when = row.text(3)?;
            let id = row.i64(0)?;
            Ok(UnsealedAssembly {
                id: AssemblyId(id),
                body_id: BodyId(row.i64(1)?),
                title: row.text(2)?,
                scheduled_for: DateTime::parse_from_str(&when, DATETIME_FORMAT)
                    .map_err(|_| corrupt("assemblies.scheduled_for", &when))?,
                closed_at: row.opt_i64(4)?.ok_or_else(|| StoreError::missing("assemblies.closed_at", id))?,
            })
        })
    }

    fn insert_chain_head(&mut self, h: &ChainHeadRecord) -> Result<()> {
        self.conn.execute(
            "INSERT INTO chain_heads (keeper_id, body_id, acta_count, chain_hash, acta_public_id, source, \
             recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
             ON CONFLICT (keeper_id, body_id, acta_count, chain_hash) DO NOTHING",
            &[
                h.keeper_id.0.into(),
                h.body_id.0.into(),
                n(h.head.count),
                h.head.hash.as_str().into(),
                h.acta_public_id.into(),
                h.source.code().into(),
                h.recorded_by.as_str().into(),
                h.recorded_at.into(),
            ],
        )?;
        Ok(())
    }

    fn chain_heads_of(&mut self, body: BodyId) -> Result<Vec<ChainHeadRecord>> {
        self.conn.query_vec(
            "SELECT keeper_id, body_id, acta_count, chain_hash, acta_public_id, source, recorded_by, recorded_at \
             FROM chain_heads WHERE body_id = $1 ORDER BY acta_count, id",
            &[body.0.into()],
            |row| {
                Ok(ChainHeadRecord {
                    keeper_id: BodyId(row.i64(0)?),
                    body_id: BodyId(row.i64(1)?),
                    head: ChainHead { count: count("chain_heads.acta_count", row.i64(2)?)?, hash: row.text(3)? },
                    acta_public_id: row.public_id(4)?,
                    source: parsed("chain_heads.source", row.text(5)?)?,
                    recorded_by: row.text(6)?,
                    recorded_at: row.i64(7)?,
                })
            },
        )
    }

    fn bodies_with_chain_heads(&mut self) -> Result<Vec<BodyId>> {
        self.conn
            .query_vec("SELECT DISTINCT body_id FROM chain_heads ORDER BY body_id", &[], |row| Ok(BodyId(row.i64(0)?)))
    }

    fn insert_signature(&mut self, s: &SignatureRecord) -> Result<()> {
        // A signature as the holder of an office keeps an empty role: the office is in
        // `signature_offices`.
        let role = match &s.signed_as {
            SignedAs::Role(role) => role.code(),
            SignedAs::Office { .. } => "",
        };
        let id = self.conn.insert_returning_id(
            "INSERT INTO acta_signatures (acta_id, account_id, role, public_key, signature, signed_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            &[
                s.acta_id.into(),
                s.account_id.0.into(),
                role.into(),
                s.public_key.as_str().into(),
                s.signature.as_str().into(),
                s.signed_at.into(),
            ],
        )?;
        if let SignedAs::Office { office, person_id, .. } = &s.signed_as {
            self.conn.execute(
                "INSERT INTO signature_offices (signature_id, person_id, office) VALUES ($1, $2, $3)",
                &[id.into(), person_id.0.into(), office.as_str().into()],
            )?;
        }
        Ok(())
    }

    fn signatures(&mut self, acta: i64) -> Result<Vec<SignatureRecord>> {
        self.conn.query_vec(
            "SELECT s.acta_id, s.account_id, a.display_name, s.role, s.public_key, s.signature, s.signed_at, \
             o.office, o.person_id, pe.given_names, pe.first_surname, pe.second_surname \
             FROM acta_signatures s JOIN accounts a ON a.id = s.account_id \
             LEFT JOIN signature_offices o ON o.signature_id = s.id LEFT JOIN persons pe ON pe.id = o.person_id \
             WHERE s.acta_id = $1 ORDER BY s.id",
            &[acta.into()],
            |row| {
                let signed_as = match (row.opt_text(7)?, row.opt_i64(8)?) {
                    (Some(office), Some(person)) => {
                        SignedAs::Office { office, person_id: PersonId(person), name: name_at(row, 9)? }
                    }
                    _ => SignedAs::Role(parsed("acta_signatures.role", row.text(3)?)?),
                };
                Ok(SignatureRecord {
                    acta_id: row.i64(0)?,
                    account_id: AccountId(row.i64(1)?),
                    signer: row.text(2)?,
                    signed_as,
                    public_key: row.text(4)?,
                    signature: row.text(5)?,
                    signed_at: row.i64(6)?,
                })
            },
        )
    }

    fn delete_signatures(&mut self, acta: i64) -> Result<()> {
        self.conn.execute(
            "DELETE FROM signature_offices WHERE signature_id IN (SELECT id FROM acta_signatures WHERE acta_id = $1)",
            &[acta.into()],
        )?;
        self.conn.execute("DELETE FROM acta_signatures WHERE acta_id = $1", &[acta.into()])?;
        Ok(())
    }

    fn set_convener(&mut self, assembly: AssemblyId, person: PersonId, office: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO assembly_conveners (assembly_id, person_id, office) VALUES ($1, $2, $3)",
            &[assembly.0.into(), person.0.into(), office.into()],
        )?;
        Ok(())
    }

    fn convener(&mut self, assembly: AssemblyId) -> Result<Option<Convener>> {
        self.conn.query_opt(
            "SELECT c.person_id, pe.given_names, pe.first_surname, pe.second_surname, c.office \
             FROM assembly_conveners c JOIN persons pe ON pe.id = c.person_id WHERE c.assembly_id = $1",
            &[assembly.0.into()],
            |row| Ok(Convener { person_id: PersonId(row.i64(0)?), name: name_at(row, 1)?, office: row.text(4)? }),
        )
    }

    fn insert_account_key(&mut self, k: &AccountKey) -> Result<()> {
        self.conn.execute(
            "INSERT INTO account_keys (account_id, public_key, salt, created_at) VALUES ($1, $2, $3, $4)",
            &[k.account_id.0.into(), k.public_key.as_str().into(), k.salt.as_str().into(), k.created_at.into()],
        )?;
        Ok(())
    }

    fn account_keys(&mut self, account: AccountId) -> Result<Vec<AccountKey>> {
        self.conn.query_vec(
            "SELECT account_id, public_key, salt, created_at FROM account_keys WHERE account_id = $1 ORDER BY id",
            &[account.0.into()],
            |row| {
                Ok(AccountKey {
                    account_id: AccountId(row.i64(0)?),
                    public_key: row.text(1)?,
                    salt: row.text(2)?,
                    created_at: row.i64(3)?,
                })
            },
        )
    }
}
