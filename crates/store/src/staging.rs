//! A padrón import's staging area (a supertrait of [`crate::Repo`], migration 13). An import
//! writes what it will change here in chunks, each chunk a short transaction of its own, and then
//! [`ImportRepo::swap_import`] moves it into the register in one short transaction of plain SQL:
//! the write lock is held per chunk and for the swap, never for the whole file. Nobody else reads
//! the staging tables, so until the swap commits the register shows nothing of the import.

use cabildo_domain::PublicId;
use cabildo_domain::{BodyId, HouseholdData, HouseholdId, ParcelData, ParcelId, PersonData, PersonId, PersonName};

use crate::conn::{ArrayColumn, Row, Value};
use crate::repo::{SqlRepo, person_columns, person_values};
use crate::{Backend, NewHousehold, Result, StoreError};

/// The family a staged parcel belongs to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum HouseholdLink {
    /// A family already in the register.
    Stored(HouseholdId),
    /// A family staged by the same import, by its public id.
    Staged(PublicId),
}

/// A new parcel, staged.
#[derive(Debug, Clone, PartialEq)]
pub struct StagedParcel {
    pub public_id: PublicId,
    pub body_id: BodyId,
    pub household: HouseholdLink,
    pub parcel: ParcelData,
}

/// A staged family, with what identifies it in a file (for rebuilding an import's state).
#[derive(Debug, Clone, PartialEq)]
pub struct StagedHouseholdKey {
    pub public_id: PublicId,
    pub register_number: Option<String>,
    pub name: PersonName,
    pub id_number: Option<String>,
}

/// What a swap moved into the register.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SwapCounts {
    pub households: u64,
    pub parcels: u64,
    pub updates: u64,
}

/// The staging area in the store contract.
pub trait ImportRepo {
    /// Starts an import into `body` at `now` (seconds); drops the staged rows of imports started
    /// before `abandoned_before` (a process that stopped mid-import leaves its rows behind).
    fn begin_import(&mut self, body: BodyId, now: i64, abandoned_before: i64) -> Result<i64>;
    fn stage_households(&mut self, import: i64, batch: &[NewHousehold]) -> Result<()>;
    fn stage_parcels(&mut self, import: i64, batch: &[StagedParcel]) -> Result<()>;
    /// Stages the new value of a registered person; a second one for the same person replaces it.
    fn stage_person_update(&mut self, import: i64, id: PersonId, person: &PersonData) -> Result<()>;
    fn stage_household_update(&mut self, import: i64, id: HouseholdId, household: &HouseholdData) -> Result<()>;
    fn stage_parcel_update(
        &mut self,
        import: i64,
        id: ParcelId,
        household: HouseholdId,
        parcel: &ParcelData,
    ) -> Result<()>;
    /// Families of `body` staged by the import.
    fn staged_households(&mut self, import: i64, body: BodyId) -> Result<Vec<StagedHouseholdKey>>;
    /// Codes of the parcels of `body` staged by the import.
    fn staged_parcel_codes(&mut self, import: i64, body: BodyId) -> Result<Vec<String>>;
    /// The bodies the import stages rows for.
    fn staged_bodies(&mut self, import: i64) -> Result<Vec<BodyId>>;
    /// Moves the import's staged rows into the register and drops them. [`StoreError::NotFound`]
    /// when the import is no longer staged (dropped as abandoned); [`StoreError::Conflict`] when the
    /// staged rows are not the `expected` ones (PostgreSQL empties its unlogged staging tables after
    /// a crash: migration 30), a row to change is gone or a new one collides with one registered
    /// meanwhile.
    fn swap_import(&mut self, import: i64, expected: SwapCounts) -> Result<SwapCounts>;
    /// Drops the import's staged rows.
    fn drop_import(&mut self, import: i64) -> Result<()>;
}

/// The staging tables of new families and parcels, the big ones: the import drops their rows
/// itself (no foreign key does it: on SQLite since migration 30, on PostgreSQL since 32).
const STAGED_ROWS: [&str; 2] = ["import_households", "import_parcels"];

fn area(parcel: &ParcelData) -> Value<'static> {
    parcel.area.map_or(Value::Null, |a| Value::I64(a.square_metres))
}

fn lat_lon(parcel: &ParcelData) -> (Option<f64>, Option<f64>) {
    parcel.coordinates.map_or((None, None), |c| (Some(c.latitude), Some(c.longitude)))
}

impl ImportRepo for SqlRepo<'_> {
    fn begin_import(&mut self, body: BodyId, now: i64, abandoned_before: i64) -> Result<i64> {
        self.conn.execute("DELETE FROM padron_imports WHERE started_at < $1", &[abandoned_before.into()])?;
        // No foreign key drops these with their import (SQLite: migration 30; PostgreSQL: 32).
        for table in STAGED_ROWS {
            let sql = format!("DELETE FROM {table} WHERE import_id NOT IN (SELECT id FROM padron_imports)");
            self.conn.execute(&sql, &[])?;
        }
        self.conn.insert_returning_id(
            "INSERT INTO padron_imports (body_id, started_at) VALUES ($1, $2) RETURNING id",
            &[body.0.into(), now.into()],
        )
    }

    fn stage_households(&mut self, import: i64, batch: &[NewHousehold]) -> Result<()> {
        if batch.is_empty() {
            return Ok(());
        }
        if self.conn.backend() == Backend::Postgres {
            let text = |f: &dyn Fn(&NewHousehold) -> Option<String>| ArrayColumn::Text(batch.iter().map(f).collect());
            let columns: Vec<ArrayColumn> = [
                ArrayColumn::I64(batch.iter().map(|_| Some(import)).collect()),
                ArrayColumn::I64(batch.iter().map(|h| Some(h.body_id.0)).collect()),
                ArrayColumn::PublicId(batch.iter().map(|h| h.public_id).collect()),
                ArrayColumn::PublicId(batch.iter().map(|h| h.person_public_id).collect()),
            ]
            .into_iter()
            .chain(person_columns(batch))
            .chain([
                text(&|h| h.household.register_number.clone()),
                ArrayColumn::Date(batch.iter().map(|h| h.household.affiliated_on).collect()),
            ])
            .collect();
            if let Some(done) = self.conn.execute_arrays(
                "INSERT INTO import_households (import_id, body_id, public_id, person_public_id, given_names, \
                 first_surname, second_surname, id_number, phone, search_key, register_number, affiliated_on) \
                 SELECT a, b, c, d, e, f, g, h, i, j, k, l FROM UNNEST($1::bigint[], $2::bigint[], $3::uuid[], \
                 $4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], \
                 $12::date[]) WITH ORDINALITY AS t(a, b, c, d, e, f, g, h, i, j, k, l, n) ORDER BY n",
                &columns,
            ) {
                return done.map(drop);
            }
        }
        // SQLite: multi-row `INSERT … VALUES`, the import's id bound once per statement.
        let keys: Vec<String> = batch.iter().map(|h| h.person.name.search_key()).collect();
        let rows: Vec<[Value<'_>; 11]> = batch
            .iter()
            .zip(&keys)
            .map(|(h, key)| {
                let [given, first, second, id_number, phone, key] = person_values(&h.person, key);
                [
                    h.body_id.0.into(),
                    h.public_id.into(),
                    h.person_public_id.into(),
                    given,
                    first,
                    second,
                    id_number,
                    phone,
                    key,
                    h.household.register_number.as_ref().into(),
                    h.household.affiliated_on.into(),
                ]
            })
            .collect();
        self.insert_rows(
            "INSERT INTO import_households (import_id, body_id, public_id, person_public_id, given_names, \
             first_surname, second_surname, id_number, phone, search_key, register_number, affiliated_on) VALUES ",
            &[import.into()],
            &rows,
        )
    }

    fn stage_parcels(&mut self, import: i64, batch: &[StagedParcel]) -> Result<()> {
        if batch.is_empty() {
            return Ok(());
        }
        let stored = |p: &StagedParcel| match p.household {
            HouseholdLink::Stored(id) => Some(id.0),
            HouseholdLink::Staged(_) => None,
        };
        let staged = |p: &StagedParcel| match p.household {
            HouseholdLink::Stored(_) => None,
            HouseholdLink::Staged(id) => Some(id),
        };
        if self.conn.backend() == Backend::Postgres {
            // UNNEST cannot carry a NULL uuid in a `PublicId` column: the staged families' ids
            // travel as text, NULL for parcels of registered families.
            let columns = [
                ArrayColumn::I64(batch.iter().map(|_| Some(import)).collect()),
                ArrayColumn::I64(batch.iter().map(|p| Some(p.body_id.0)).collect()),
                ArrayColumn::I64(batch.iter().map(stored).collect()),
                ArrayColumn::Text(batch.iter().map(|p| staged(p).map(|id| id.to_string())).collect()),
                ArrayColumn::PublicId(batch.iter().map(|p| p.public_id).collect()),
                ArrayColumn::Text(batch.iter().map(|p| Some(p.parcel.code.as_str().to_string())).collect()),
                ArrayColumn::I64(batch.iter().map(|p| p.parcel.area.map(|a| a.square_metres)).collect()),
                ArrayColumn::Text(batch.iter().map(|p| p.parcel.place.clone()).collect()),
                ArrayColumn::F64(batch.iter().map(|p| lat_lon(&p.parcel).0).collect()),
                ArrayColumn::F64(batch.iter().map(|p| lat_lon(&p.parcel).1).collect()),
            ];
            if let Some(done) = self.conn.execute_arrays(
                "INSERT INTO import_parcels (import_id, body_id, household_id, household_public_id, public_id, code, \
                 area_m2, place, latitude, longitude) \
                 SELECT a, b, c, d::uuid, e, f, g, h, i, j FROM UNNEST($1::bigint[], $2::bigint[], $3::bigint[], \
                 $4::text[], $5::uuid[], $6::text[], $7::bigint[], $8::text[], $9::float8[], $10::float8[]) \
                 WITH ORDINALITY AS t(a, b, c, d, e, f, g, h, i, j, n) ORDER BY n",
                &columns,
            ) {
                return done.map(drop);
            }
        }
        // SQLite: multi-row `INSERT … VALUES`, the import's id bound once per statement.
        let rows: Vec<[Value<'_>; 9]> = batch
            .iter()
            .map(|p| {
                let (lat, lon) = lat_lon(&p.parcel);
                [
                    p.body_id.0.into(),
                    stored(p).into(),
                    staged(p).into(),
                    p.public_id.into(),
                    p.parcel.code.as_str().into(),
                    area(&p.parcel),
                    p.parcel.place.as_ref().into(),
                    lat.into(),
                    lon.into(),
                ]
            })
            .collect();
        self.insert_rows(
            "INSERT INTO import_parcels (import_id, body_id, household_id, household_public_id, public_id, code, \
             area_m2, place, latitude, longitude) VALUES ",
            &[import.into()],
            &rows,
        )
    }

    fn stage_person_update(&mut self, import: i64, id: PersonId, person: &PersonData) -> Result<()> {
        let key = person.name.search_key();
        self.conn.execute(
            "INSERT INTO import_person_updates (import_id, person_id, given_names, first_surname, second_surname, \
             id_number, phone, search_key) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
             ON CONFLICT (import_id, person_id) DO UPDATE SET given_names = excluded.given_names, \
             first_surname = excluded.first_surname, second_surname = excluded.second_surname, \
             id_number = excluded.id_number, phone = excluded.phone, search_key = excluded.search_key",
            &[&[import.into(), id.0.into()][..], &person_values(person, &key)].concat(),
        )?;
        Ok(())
    }

    fn stage_household_update(&mut self, import: i64, id: HouseholdId, household: &HouseholdData) -> Result<()> {
        self.conn.execute(
            "INSERT INTO import_household_updates (import_id, household_id, register_number, affiliated_on) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (import_id, household_id) DO UPDATE SET \
             register_number = excluded.register_number, affiliated_on = excluded.affiliated_on",
            &[import.into(), id.0.into(), household.register_number.as_ref().into(), household.affiliated_on.into()],
        )?;
        Ok(())
    }

    fn stage_parcel_update(
        &mut self,
        import: i64,
        id: ParcelId,
        household: HouseholdId,
        parcel: &ParcelData,
    ) -> Result<()> {
        let (lat, lon) = lat_lon(parcel);
        self.conn.execute(
            "INSERT INTO import_parcel_updates (import_id, parcel_id, household_id, code, area_m2, place, latitude, \
             longitude) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (import_id, parcel_id) DO UPDATE SET \
             household_id = excluded.household_id, code = excluded.code, area_m2 = excluded.area_m2, \
             place = excluded.place, latitude = excluded.latitude, longitude = excluded.longitude",
            &[
                import.into(),
                id.0.into(),
                household.0.into(),
                parcel.code.as_str().into(),
                area(parcel),
                parcel.place.as_ref().into(),
                lat.into(),
                lon.into(),
            ],
        )?;
        Ok(())
    }

    fn staged_households(&mut self, import: i64, body: BodyId) -> Result<Vec<StagedHouseholdKey>> {
        self.conn.query_vec(
            "SELECT public_id, register_number, given_names, first_surname, second_surname, id_number \
             FROM import_households WHERE import_id = $1 AND body_id = $2 ORDER BY id",
            &[import.into(), body.0.into()],
            |row: &dyn Row| {
                Ok(StagedHouseholdKey {
                    public_id: row.public_id(0)?,
                    register_number: row.opt_text(1)?,
                    name: PersonName {
                        given_names: row.text(2)?,
                        first_surname: row.text(3)?,
                        second_surname: row.opt_text(4)?,
                    },
                    id_number: row.opt_text(5)?,
                })
            },
        )
    }

    fn staged_parcel_codes(&mut self, import: i64, body: BodyId) -> Result<Vec<String>> {
        self.conn.query_vec(
            "SELECT code FROM import_parcels WHERE import_id = $1 AND body_id = $2",
            &[import.into(), body.0.into()],
            |row| row.text(0),
        )
    }

    fn staged_bodies(&mut self, import: i64) -> Result<Vec<BodyId>> {
        self.conn.query_vec(
            "SELECT body_id FROM import_households WHERE import_id = $1 \
             UNION SELECT body_id FROM import_parcels WHERE import_id = $1",
            &[import.into()],
            |row| Ok(BodyId(row.i64(0)?)),
        )
    }

    fn swap_import(&mut self, import: i64, expected: SwapCounts) -> Result<SwapCounts> {
        let id = [Value::I64(import)];
        let staged = |repo: &mut Self, table: &str| -> Result<u64> {
            let sql = format!("SELECT COUNT(*) FROM {table} WHERE import_id = $1");
            let n = repo.conn.query_opt(&sql, &id, |row| row.i64(0))?.unwrap_or(0);
            Ok(u64::try_from(n).unwrap_or(0))
        };
        if self.conn.query_opt("SELECT id FROM padron_imports WHERE id = $1", &id, |row| row.i64(0))?.is_none() {
            return Err(StoreError::NotFound);
        }
        if self.conn.backend() == Backend::Postgres {
            // The swap sorts the staged rows by id: in memory, not in temporary files (the
            // default 4 MB spilled a 40,000-family swap to disk three times).
            self.conn.execute_batch("SET LOCAL work_mem = '64MB'")?;
        }
        // Every row the import staged must still be there: on PostgreSQL the staging tables are
        // unlogged, and a server that crashed since has emptied them.
        let households = staged(self, "import_households")?;
        let parcels = staged(self, "import_parcels")?;
        let mut update_rows = 0;
        for table in ["import_person_updates", "import_household_updates", "import_parcel_updates"] {
            update_rows += staged(self, table)?;
        }
        let found = SwapCounts { households, parcels, updates: update_rows };
        if found != expected {
            return Err(StoreError::Conflict(format!("staged rows: found {found:?}, staged {expected:?}")));
        }
        // Changes to registered families first, so that a number or code a family gives up may
        // be taken by a new one. Each staged change must meet its row.
        let mut updates = 0;
        for (table, sql) in [
            (
                "import_person_updates",
                "UPDATE persons SET given_names = u.given_names, first_surname = u.first_surname, \
                 second_surname = u.second_surname, id_number = u.id_number, phone = u.phone, \
                 search_key = u.search_key FROM import_person_updates u \
                 WHERE persons.id = u.person_id AND u.import_id = $1",
            ),
            (
                "import_household_updates",
                "UPDATE households SET register_number = u.register_number, affiliated_on = u.affiliated_on \
                 FROM import_household_updates u WHERE households.id = u.household_id AND u.import_id = $1",
            ),
            (
                "import_parcel_updates",
                "UPDATE parcels SET household_id = u.household_id, code = u.code, area_m2 = u.area_m2, \
                 place = u.place, latitude = u.latitude, longitude = u.longitude \
                 FROM import_parcel_updates u WHERE parcels.id = u.parcel_id AND u.import_id = $1",
            ),
        ] {
            let expected = staged(self, table)?;
            let done = self.conn.execute(sql, &id)?;
            if done != expected {
                return Err(StoreError::Conflict(format!("{table}: {done} of {expected} rows found")));
            }
            updates += done;
        }
        self.conn.execute(
            "INSERT INTO persons (given_names, first_surname, second_surname, id_number, phone, search_key, public_id) \
             SELECT given_names, first_surname, second_surname, id_number, phone, search_key, person_public_id \
             FROM import_households WHERE import_id = $1 ORDER BY id",
            &id,
        )?;
        let inserted = self.conn.execute(
            "INSERT INTO households (body_id, person_id, register_number, affiliated_on, public_id) \
             SELECT s.body_id, p.id, s.register_number, s.affiliated_on, s.public_id \
             FROM import_households s JOIN persons p ON p.public_id = s.person_public_id \
             WHERE s.import_id = $1 ORDER BY s.id",
            &id,
        )?;
        if inserted != households {
            return Err(StoreError::Conflict(format!("households: {inserted} of {households} inserted")));
        }
        let inserted = self.conn.execute(
            "INSERT INTO parcels (body_id, household_id, code, area_m2, place, latitude, longitude, public_id) \
             SELECT s.body_id, COALESCE(s.household_id, h.id), s.code, s.area_m2, s.place, s.latitude, \
             s.longitude, s.public_id FROM import_parcels s \
             LEFT JOIN households h ON h.public_id = s.household_public_id \
             WHERE s.import_id = $1 ORDER BY s.id",
            &id,
        )?;
        if inserted != parcels {
            return Err(StoreError::Conflict(format!("parcels: {inserted} of {parcels} inserted")));
        }
        self.drop_import(import)?;
        Ok(SwapCounts { households, parcels, updates })
    }

    fn drop_import(&mut self, import: i64) -> Result<()> {
        let id = [Value::I64(import)];
        let postgres = self.conn.backend() == Backend::Postgres;
        if postgres {
            // No import begins until this transaction ends, so none can stage rows that the
            // `TRUNCATE` below would take with it.
            self.conn.execute_batch("LOCK TABLE padron_imports IN EXCLUSIVE MODE")?;
        }
        let others =
            self.conn.query_opt("SELECT COUNT(*) FROM padron_imports WHERE id <> $1", &id, |row| row.i64(0))?;
        if others == Some(0) {
            // The only import staged: its big tables are emptied at once, not row by row (about a
            // second of the Trópico's swap on SQLite).
            let sql = if postgres {
                format!("TRUNCATE {}", STAGED_ROWS.join(", "))
            } else {
                STAGED_ROWS.map(|table| format!("DELETE FROM {table};")).concat()
            };
            self.conn.execute_batch(&sql)?;
        } else {
            for table in STAGED_ROWS {
                self.conn.execute(&format!("DELETE FROM {table} WHERE import_id = $1"), &id)?;
            }
        }
        // Its changes to registered families go with it (`ON DELETE CASCADE`).
        self.conn.execute("DELETE FROM padron_imports WHERE id = $1", &id)?;
        Ok(())
    }
}
