//! Attendance obligations in the store contract (a supertrait of [`crate::Repo`], migration 21):
//! the obligations a body states, the visiting officers recorded at an assembly's door, demands
//! for explanation and informes. Whether an obligation was kept is computed above from
//! [`ObligationRepo::obligation_assemblies`] and [`ObligationRepo::obligation_sightings`], never
//! stored.

use cabildo_domain::assembly::{AssemblyId, AssemblyKind, AssemblyStatus, AttendanceStatus, MotionId};
use cabildo_domain::obligation::{Cadence, ObligationId};
use cabildo_domain::{BodyId, BodyKind, Date, OfficeId, PersonId, PersonName, PublicId};

use crate::conn::{Row, Value};
use crate::repo::SqlRepo;
use crate::{Result, StoreError};

/// An obligation as stated, or as stored (`id` and `public_id` are ignored when written).
#[derive(Debug, Clone, PartialEq)]
pub struct ObligationRecord {
    pub id: ObligationId,
    pub public_id: PublicId,
    /// The body that states it and whose officer it binds.
    pub body_id: BodyId,
    /// The office bound (its title in the body's directiva); `None`: the whole directiva.
    pub office_title: Option<String>,
    /// The body whose assemblies are owed; `None`: each body right below `body_id`.
    pub target_body_id: Option<BodyId>,
    /// With `target_body_id` `None`: only bodies below of this kind.
    pub child_kind: Option<BodyKind>,
    /// Only assemblies of this kind count.
    pub assembly_kind: Option<AssemblyKind>,
    pub cadence: Cadence,
    /// From when it binds.
    pub since: Date,
    pub ended_on: Option<Date>,
    pub stated_at: i64,
    pub stated_by: String,
}

/// An assembly of a body an obligation is owed to (read for every assembly of two years of a
/// federation: only what the ledger needs, nothing parsed twice).
#[derive(Debug, Clone, PartialEq)]
pub struct OwedAssembly {
    pub id: AssemblyId,
    pub body_id: BodyId,
    pub title: String,
    /// The day it is held.
    pub day: Date,
    /// Closed: whoever was not recorded there did not come.
    pub closed: bool,
}

/// Someone who held the obligation's office (at some time) recorded at an assembly owed: in its
/// attendance, or as a visitor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sighting {
    pub assembly_id: AssemblyId,
    pub person_id: PersonId,
    pub status: AttendanceStatus,
}

/// A visiting officer recorded at an assembly.
#[derive(Debug, Clone, PartialEq)]
pub struct VisitorRecord {
    pub assembly_id: AssemblyId,
    pub person_id: PersonId,
    pub office_id: OfficeId,
    pub status: AttendanceStatus,
    pub at: i64,
    pub recorded_by: String,
    /// Read back; ignored when written.
    pub name: Option<PersonName>,
}

/// Where a demand for explanation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DemandStatus {
    /// Moved in the base's assembly, not voted yet.
    Moved,
    /// Adopted: waiting for the officer to explain.
    Open,
    /// The officer was present and the item dealt with.
    Closed,
    /// The motion was not adopted.
    NotAdopted,
}

impl DemandStatus {
    pub fn code(self) -> &'static str {
        match self {
            DemandStatus::Moved => "moved",
            DemandStatus::Open => "open",
            DemandStatus::Closed => "closed",
            DemandStatus::NotAdopted => "not_adopted",
        }
    }

    fn parse(code: &str) -> Result<DemandStatus> {
        Ok(match code {
            "moved" => DemandStatus::Moved,
            "open" => DemandStatus::Open,
            "closed" => DemandStatus::Closed,
            "not_adopted" => DemandStatus::NotAdopted,
            other => return Err(StoreError::corrupt("demands.status", other)),
        })
    }
}

/// A demand for explanation.
#[derive(Debug, Clone, PartialEq)]
pub struct DemandRecord {
    pub id: i64,
    pub public_id: PublicId,
    /// The base whose assembly demands.
    pub body_id: BodyId,
    pub motion_id: MotionId,
    /// The office whose holder must explain.
    pub office_id: OfficeId,
    /// Where the informe is heard: the base itself, or the higher body.
    pub venue_body_id: BodyId,
    /// Only an assembly of this kind (an ampliado) of the venue.
    pub venue_kind: Option<AssemblyKind>,
    pub status: DemandStatus,
    pub resolution_id: Option<i64>,
    pub opened_at: Option<i64>,
    pub venue_assembly_id: Option<AssemblyId>,
    pub agenda_item_id: Option<i64>,
    pub closed_at: Option<i64>,
    pub closed_by: Option<String>,
    pub created_at: i64,
}

/// An officer's report attached to an agenda item.
#[derive(Debug, Clone, PartialEq)]
pub struct InformeRecord {
    pub id: i64,
    pub public_id: PublicId,
    pub assembly_id: AssemblyId,
    pub agenda_item_id: i64,
    pub office_id: OfficeId,
    pub text: String,
    pub submitted_at: i64,
    pub submitted_by: String,
}

/// Obligations, visitors, demands and informes in the store contract.
pub trait ObligationRepo {
    fn insert_obligation(&mut self, new: &ObligationRecord, public_id: PublicId) -> Result<ObligationId>;
    fn obligation(&mut self, id: ObligationId) -> Result<Option<ObligationRecord>>;
    /// Ends an obligation on `on` (the last day it binds), if it has not ended: whether it did.
    fn end_obligation(&mut self, id: ObligationId, on: Date) -> Result<bool>;
    fn obligation_by_public_id(&mut self, public_id: PublicId) -> Result<Option<ObligationRecord>>;
    /// The obligations a body states, oldest first.
    fn obligations_of(&mut self, body: BodyId) -> Result<Vec<ObligationRecord>>;
    /// The obligations owed to a body: naming it, or stated by its parent for each body below.
    fn obligations_towards(&mut self, body: BodyId) -> Result<Vec<ObligationRecord>>;
    /// The assemblies (cancelled ones left out) of the bodies an obligation is owed to, of its
    /// assembly kind, scheduled on or after its `since` day, oldest first.
    fn obligation_assemblies(&mut self, ob: &ObligationRecord) -> Result<Vec<OwedAssembly>>;
    /// What was recorded at those assemblies (attendance and visitors) of anyone who ever held the
    /// obligation's office (any office of the body's directiva, when it binds the directiva).
    fn obligation_sightings(&mut self, ob: &ObligationRecord) -> Result<Vec<Sighting>>;

    /// Records a visitor; a second record of the same person at the same assembly is a conflict.
    fn insert_visitor(&mut self, v: &VisitorRecord) -> Result<()>;
    fn visitors(&mut self, assembly: AssemblyId) -> Result<Vec<VisitorRecord>>;

    fn insert_demand(&mut self, d: &DemandRecord, public_id: PublicId) -> Result<i64>;
    /// Writes a demand's status, resolution, venue assembly, agenda item and closing.
    fn update_demand(&mut self, d: &DemandRecord) -> Result<()>;
    fn demand(&mut self, id: i64) -> Result<Option<DemandRecord>>;
    fn demand_by_public_id(&mut self, public_id: PublicId) -> Result<Option<DemandRecord>>;
    fn demand_by_motion(&mut self, motion: MotionId) -> Result<Option<DemandRecord>>;
    /// Demands made by a body or heard at it, newest first.
    fn demands_of_body(&mut self, body: BodyId) -> Result<Vec<DemandRecord>>;
    /// Demands on any office held by a person, newest first.
    fn demands_on_person(&mut self, person: PersonId) -> Result<Vec<DemandRecord>>;
    /// Open demands heard at `venue` not placed on an assembly yet, or whose assembly finished
    /// without closing them.
    fn demands_to_place(&mut self, venue: BodyId) -> Result<Vec<DemandRecord>>;

    /// Appends an item to an assembly's agenda and answers its id.
    fn append_agenda_item(&mut self, assembly: AssemblyId, title: &str) -> Result<i64>;

    fn insert_informe(&mut self, i: &InformeRecord, public_id: PublicId) -> Result<i64>;
    fn informes(&mut self, assembly: AssemblyId) -> Result<Vec<InformeRecord>>;
}

const SELECT: &str = "SELECT o.id, o.public_id, o.body_id, o.office_title, o.target_body_id, o.child_kind, \
     o.assembly_kind, o.cadence, o.since, o.ended_on, o.stated_at, o.stated_by FROM obligations o";

fn parsed<T: std::str::FromStr>(column: &str, value: Option<String>) -> Result<Option<T>> {
    value.map(|v| v.parse::<T>().map_err(|_| StoreError::corrupt(column, &v))).transpose()
}

fn obligation_from_row(row: &dyn Row) -> Result<ObligationRecord> {
    let cadence = row.text(7)?;
    Ok(ObligationRecord {
        id: ObligationId(row.i64(0)?),
        public_id: row.public_id(1)?,
        body_id: BodyId(row.i64(2)?),
        office_title: row.opt_text(3)?,
        target_body_id: row.opt_i64(4)?.map(BodyId),
        child_kind: parsed("obligations.child_kind", row.opt_text(5)?)?,
        assembly_kind: parsed("obligations.assembly_kind", row.opt_text(6)?)?,
        cadence: cadence.parse().map_err(|_| StoreError::corrupt("obligations.cadence", &cadence))?,
        since: row.date(8)?,
        ended_on: row.opt_date(9)?,
        stated_at: row.i64(10)?,
        stated_by: row.text(11)?,
    })
}

const DEMAND_SELECT: &str = "SELECT d.id, d.public_id, d.body_id, d.motion_id, d.office_id, d.venue_body_id, \
     d.venue_kind, d.status, d.resolution_id, d.opened_at, d.venue_assembly_id, d.agenda_item_id, d.closed_at, \
     d.closed_by, d.created_at FROM demands d";

fn demand_from_row(row: &dyn Row) -> Result<DemandRecord> {
    Ok(DemandRecord {
        id: row.i64(0)?,
        public_id: row.public_id(1)?,
        body_id: BodyId(row.i64(2)?),
        motion_id: MotionId(row.i64(3)?),
        office_id: OfficeId(row.i64(4)?),
        venue_body_id: BodyId(row.i64(5)?),
        venue_kind: parsed("demands.venue_kind", row.opt_text(6)?)?,
        status: DemandStatus::parse(&row.text(7)?)?,
        resolution_id: row.opt_i64(8)?,
        opened_at: row.opt_i64(9)?,
        venue_assembly_id: row.opt_i64(10)?.map(AssemblyId),
        agenda_item_id: row.opt_i64(11)?,
        closed_at: row.opt_i64(12)?,
        closed_by: row.opt_text(13)?,
        created_at: row.i64(14)?,
    })
}

fn status_of(column: &str, code: &str) -> Result<AttendanceStatus> {
    // The stored codes first (thousands of rows a page): no folding of what is already a code.
    AttendanceStatus::ALL
        .iter()
        .copied()
        .find(|s| s.code() == code)
        .map_or_else(|| code.parse().map_err(|_| StoreError::corrupt(column, code)), Ok)
}

/// "2026-11-30" as a date, without a format string's parser.
fn iso_day(text: &str) -> Option<Date> {
    let mut parts = text.splitn(3, '-');
    let year = parts.next()?.parse().ok()?;
    let month = parts.next()?.parse().ok()?;
    let day = parts.next()?.parse().ok()?;
    Date::from_ymd_opt(year, month, day)
}

/// The bodies an obligation is owed to, as SQL over the assembly alias `a` (parameter `$1` is
/// the obligation's body, `$2` the target or the kind of body below).
fn owed_clause(ob: &ObligationRecord) -> (&'static str, Value<'static>) {
    match (ob.target_body_id, ob.child_kind) {
        (Some(target), _) => ("CAST($1 AS BIGINT) > 0 AND a.body_id = $2", Value::I64(target.0)),
        // An absent filter is `$2 = ''` on its own, which the planner settles once, rather than
        // `($2 = '' OR c.kind = $2)`, which spoils a prepared statement's generic plan.
        (None, Some(kind)) => (
            "a.body_id IN (SELECT c.id FROM bodies c WHERE c.parent_id = $1 AND c.kind = $2)",
            Value::Text(kind.code()),
        ),
        (None, None) => {
            ("a.body_id IN (SELECT c.id FROM bodies c WHERE c.parent_id = $1) AND $2 = ''", Value::Text(""))
        }
    }
}

impl ObligationRepo for SqlRepo<'_> {
    fn insert_obligation(&mut self, n: &ObligationRecord, public_id: PublicId) -> Result<ObligationId> {
        let id = self.conn.insert_returning_id(
            "INSERT INTO obligations (public_id, body_id, office_title, target_body_id, child_kind, assembly_kind, \
             cadence, since, ended_on, stated_at, stated_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
             RETURNING id",
            &[
                public_id.into(),
                n.body_id.0.into(),
                n.office_title.as_deref().into(),
                n.target_body_id.map(|b| b.0).into(),
                n.child_kind.map(BodyKind::code).into(),
                n.assembly_kind.map(AssemblyKind::code).into(),
                n.cadence.code().into(),
                n.since.into(),
                n.ended_on.into(),
                n.stated_at.into(),
                n.stated_by.as_str().into(),
            ],
        )?;
        Ok(ObligationId(id))
    }

    fn obligation(&mut self, id: ObligationId) -> Result<Option<ObligationRecord>> {
        self.conn.query_opt(&format!("{SELECT} WHERE o.id = $1"), &[id.0.into()], obligation_from_row)
    }

    fn end_obligation(&mut self, id: ObligationId, on: Date) -> Result<bool> {
        let n = self.conn.execute(
            "UPDATE obligations SET ended_on = $2 WHERE id = $1 AND ended_on IS NULL",
            &[id.0.into(), on.into()],
        )?;
        Ok(n == 1)
    }

    fn obligation_by_public_id(&mut self, public_id: PublicId) -> Result<Option<ObligationRecord>> {
        self.conn.query_opt(&format!("{SELECT} WHERE o.public_id = $1"), &[public_id.into()], obligation_from_row)
    }

    fn obligations_of(&mut self, body: BodyId) -> Result<Vec<ObligationRecord>> {
        self.conn.query_vec(
            &format!("{SELECT} WHERE o.body_id = $1 ORDER BY o.id"),
            &[body.0.into()],
            obligation_from_row,
        )
    }

    fn obligations_towards(&mut self, body: BodyId) -> Result<Vec<ObligationRecord>> {
        let sql = format!(
            "{SELECT} WHERE o.target_body_id = $1 OR (o.target_body_id IS NULL AND o.body_id = \
             (SELECT b.parent_id FROM bodies b WHERE b.id = $1) AND (o.child_kind IS NULL OR o.child_kind = \
             (SELECT b.kind FROM bodies b WHERE b.id = $1))) ORDER BY o.id"
        );
        self.conn.query_vec(&sql, &[body.0.into()], obligation_from_row)
    }

    fn obligation_assemblies(&mut self, ob: &ObligationRecord) -> Result<Vec<OwedAssembly>> {
        let (owed, target) = owed_clause(ob);
        let kind_filter = if ob.assembly_kind.is_some() { "a.kind = $4" } else { "$4 = ''" };
        let since = ob.since.format("%Y-%m-%d").to_string();
        let sql = format!(
            "SELECT a.id, a.body_id, a.title, substr(a.scheduled_for, 1, 10), a.status FROM assemblies a \
             WHERE {owed} AND a.scheduled_for >= $3 AND a.status <> 'cancelled' AND {kind_filter} \
             ORDER BY a.scheduled_for, a.id"
        );
        let kind = ob.assembly_kind.map_or("", AssemblyKind::code);
        self.conn.query_vec(&sql, &[ob.body_id.0.into(), target, since.as_str().into(), kind.into()], |row| {
            let day = row.text(3)?;
            Ok(OwedAssembly {
                id: AssemblyId(row.i64(0)?),
                body_id: BodyId(row.i64(1)?),
                title: row.text(2)?,
                day: iso_day(&day).ok_or_else(|| StoreError::corrupt("assemblies.scheduled_for", &day))?,
                closed: row.text(4)? == AssemblyStatus::Closed.code(),
            })
        })
    }

    fn obligation_sightings(&mut self, ob: &ObligationRecord) -> Result<Vec<Sighting>> {
        let (owed, target) = owed_clause(ob);
        let kind_filter = if ob.assembly_kind.is_some() { "a.kind = $4" } else { "$4 = ''" };
        let title_filter = if ob.office_title.is_some() { "f.title = $5" } else { "$5 = ''" };
        let since = ob.since.format("%Y-%m-%d").to_string();
        // Driven from the assemblies owed: each (assembly, holder) pair is one probe of the
        // attendance's unique index, however large the attendance of every other person grows.
        let part = |table: &str| {
            format!(
                "SELECT t.assembly_id, t.person_id, t.status FROM assemblies a \
                 JOIN offices f ON f.body_id = $1 AND {title_filter} \
                 JOIN {table} t ON t.assembly_id = a.id AND t.person_id = f.person_id \
                 WHERE {owed} AND a.scheduled_for >= $3 AND a.status <> 'cancelled' AND {kind_filter}"
            )
        };
        let sql = format!("{} UNION ALL {}", part("attendance"), part("assembly_visitors"));
        let kind = ob.assembly_kind.map_or("", AssemblyKind::code);
        let title = ob.office_title.as_deref().unwrap_or("");
        self.conn.query_vec(
            &sql,
            &[ob.body_id.0.into(), target, since.as_str().into(), kind.into(), title.into()],
            |row| {
                Ok(Sighting {
                    assembly_id: AssemblyId(row.i64(0)?),
                    person_id: PersonId(row.i64(1)?),
                    status: status_of("attendance.status", &row.text(2)?)?,
                })
            },
        )
    }

    fn insert_visitor(&mut self, v: &VisitorRecord) -> Result<()> {
        self.conn.execute(
            "INSERT INTO assembly_visitors (assembly_id, person_id, office_id, status, at, recorded_by) \
             VALUES ($1, $2, $3, $4, $5, $6)",
            &[
                v.assembly_id.0.into(),
                v.person_id.0.into(),
                v.office_id.0.into(),
                v.status.code().into(),
                v.at.into(),
                v.recorded_by.as_str().into(),
            ],
        )?;
        Ok(())
    }

    fn visitors(&mut self, assembly: AssemblyId) -> Result<Vec<VisitorRecord>> {
        self.conn.query_vec(
            "SELECT v.assembly_id, v.person_id, v.office_id, v.status, v.at, v.recorded_by, p.given_names, \
             p.first_surname, p.second_surname FROM assembly_visitors v JOIN persons p ON p.id = v.person_id \
             WHERE v.assembly_id = $1 ORDER BY v.at, v.person_id",
            &[assembly.0.into()],
            |row| {
                Ok(VisitorRecord {
                    assembly_id: AssemblyId(row.i64(0)?),
                    person_id: PersonId(row.i64(1)?),
                    office_id: OfficeId(row.i64(2)?),
                    status: status_of("assembly_visitors.status", &row.text(3)?)?,
                    at: row.i64(4)?,
                    recorded_by: row.text(5)?,
                    name: Some(PersonName {
                        given_names: row.text(6)?,
                        first_surname: row.text(7)?,
                        second_surname: row.opt_text(8)?,
                    }),
                })
            },
        )
    }

    fn insert_demand(&mut self, d: &DemandRecord, public_id: PublicId) -> Result<i64> {
        self.conn.insert_returning_id(
            "INSERT INTO demands (public_id, body_id, motion_id, office_id, venue_body_id, venue_kind, status, \
             created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
            &[
                public_id.into(),
                d.body_id.0.into(),
                d.motion_id.0.into(),
                d.office_id.0.into(),
                d.venue_body_id.0.into(),
                d.venue_kind.map(AssemblyKind::code).into(),
                d.status.code().into(),
                d.created_at.into(),
            ],
        )
    }

    fn update_demand(&mut self, d: &DemandRecord) -> Result<()> {
        self.conn.execute(
            "UPDATE demands SET status = $2, resolution_id = $3, opened_at = $4, venue_assembly_id = $5, \
             agenda_item_id = $6, closed_at = $7, closed_by = $8 WHERE id = $1",
            &[
                d.id.into(),
                d.status.code().into(),
                d.resolution_id.into(),
                d.opened_at.into(),
                d.venue_assembly_id.map(|a| a.0).into(),
                d.agenda_item_id.into(),
                d.closed_at.into(),
                d.closed_by.as_deref().into(),
            ],
        )?;
        Ok(())
    }

    fn demand(&mut self, id: i64) -> Result<Option<DemandRecord>> {
        self.conn.query_opt(&format!("{DEMAND_SELECT} WHERE d.id = $1"), &[id.into()], demand_from_row)
    }

    fn demand_by_public_id(&mut self, public_id: PublicId) -> Result<Option<DemandRecord>> {
        self.conn.query_opt(&format!("{DEMAND_SELECT} WHERE d.public_id = $1"), &[public_id.into()], demand_from_row)
    }

    fn demand_by_motion(&mut self, motion: MotionId) -> Result<Option<DemandRecord>> {
        self.conn.query_opt(&format!("{DEMAND_SELECT} WHERE d.motion_id = $1"), &[motion.0.into()], demand_from_row)
    }

    fn demands_of_body(&mut self, body: BodyId) -> Result<Vec<DemandRecord>> {
        self.conn.query_vec(
            &format!("{DEMAND_SELECT} WHERE d.body_id = $1 OR d.venue_body_id = $1 ORDER BY d.id DESC"),
            &[body.0.into()],
            demand_from_row,
        )
    }

    fn demands_on_person(&mut self, person: PersonId) -> Result<Vec<DemandRecord>> {
        self.conn.query_vec(
            &format!(
                "{DEMAND_SELECT} WHERE d.office_id IN (SELECT f.id FROM offices f WHERE f.person_id = $1) \
                 ORDER BY d.id DESC"
            ),
            &[person.0.into()],
            demand_from_row,
        )
    }

    fn demands_to_place(&mut self, venue: BodyId) -> Result<Vec<DemandRecord>> {
        self.conn.query_vec(
            &format!(
                "{DEMAND_SELECT} WHERE d.venue_body_id = $1 AND d.status = 'open' AND (d.venue_assembly_id IS NULL \
                 OR EXISTS (SELECT 1 FROM assemblies a WHERE a.id = d.venue_assembly_id \
                 AND a.status IN ('closed', 'cancelled'))) ORDER BY d.id"
            ),
            &[venue.0.into()],
            demand_from_row,
        )
    }

    fn append_agenda_item(&mut self, assembly: AssemblyId, title: &str) -> Result<i64> {
        let last = self
            .conn
            .query_opt("SELECT MAX(position) FROM agenda_items WHERE assembly_id = $1", &[assembly.0.into()], |row| {
                row.opt_i64(0)
            })?
            .flatten()
            .unwrap_or(0);
        self.conn.insert_returning_id(
            "INSERT INTO agenda_items (assembly_id, position, title) VALUES ($1, $2, $3) RETURNING id",
            &[assembly.0.into(), (last + 1).into(), title.into()],
        )
    }

    fn insert_informe(&mut self, i: &InformeRecord, public_id: PublicId) -> Result<i64> {
        self.conn.insert_returning_id(
            "INSERT INTO informes (public_id, assembly_id, agenda_item_id, office_id, text, submitted_at, \
             submitted_by) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            &[
                public_id.into(),
                i.assembly_id.0.into(),
                i.agenda_item_id.into(),
                i.office_id.0.into(),
                i.text.as_str().into(),
                i.submitted_at.into(),
                i.submitted_by.as_str().into(),
            ],
        )
    }

    fn informes(&mut self, assembly: AssemblyId) -> Result<Vec<InformeRecord>> {
        self.conn.query_vec(
            "SELECT id, public_id, assembly_id, agenda_item_id, office_id, text, submitted_at, submitted_by \
             FROM informes WHERE assembly_id = $1 ORDER BY id",
            &[assembly.0.into()],
            |row| {
                Ok(InformeRecord {
                    id: row.i64(0)?,
                    public_id: row.public_id(1)?,
                    assembly_id: AssemblyId(row.i64(2)?),
                    agenda_item_id: row.i64(3)?,
                    office_id: OfficeId(row.i64(4)?),
                    text: row.text(5)?,
                    submitted_at: row.i64(6)?,
                    submitted_by: row.text(7)?,
                })
            },
        )
    }
}
