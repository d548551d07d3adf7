//! The one SQL implementation of [`Repo`], shared by both backends.

use std::collections::HashMap;

use cabildo_domain::{
    Affiliation, AffiliationKind, Area, Body, BodyEvent, BodyEventKind, BodyId, Coordinates, Date, Household,
    HouseholdData, HouseholdId, NewBody, NewOffice, Office, OfficeEnd, OfficeId, Parcel, ParcelCode, ParcelData,
    ParcelId, Person, PersonData, PersonId, PersonName, PublicId,
};

use crate::conn::{ArrayColumn, Conn, Row, Value};
use cabildo_domain::access::{AccountId, Grant, Role};

use crate::{
    Account, ApiToken, AuditEvent, Backend, HouseholdKey, HouseholdSummary, Membership, NewHousehold, NewParcel,
    PadronEntry, Repo, Result, Session, StoreError,
};

/// The repository over any connection.
pub struct SqlRepo<'c> {
    pub conn: &'c mut dyn Conn,
}

fn corrupt(column: &str, value: &str) -> StoreError {
    StoreError::corrupt(column, value)
}

pub(crate) const BODY_COLUMNS: &str =
    "id, parent_id, kind, composition, name, code, created_on, closed_on, published, public_id";

pub(crate) fn body_from_row(row: &dyn Row) -> Result<Body> {
    let kind = row.text(2)?;
    let composition = row.text(3)?;
    Ok(Body {
        id: BodyId(row.i64(0)?),
        parent_id: row.opt_i64(1)?.map(BodyId),
        kind: kind.parse().map_err(|_| corrupt("bodies.kind", &kind))?,
        composition: composition.parse().map_err(|_| corrupt("bodies.composition", &composition))?,
        name: row.text(4)?,
        code: row.text(5)?,
        created_on: row.date(6)?,
        closed_on: row.opt_date(7)?,
        published: row.i64(8)? != 0,
        public_id: row.public_id(9)?,
    })
}

fn person_name_at(row: &dyn Row, i: usize) -> Result<PersonName> {
    Ok(PersonName { given_names: row.text(i)?, first_surname: row.text(i + 1)?, second_surname: row.opt_text(i + 2)? })
}

fn parcel_data_at(row: &dyn Row, i: usize) -> Result<ParcelData> {
    let code = row.text(i)?;
    let area = match row.opt_i64(i + 1)? {
        Some(m2) => Some(Area::from_square_metres(m2).map_err(|_| corrupt("parcels.area_m2", &m2.to_string()))?),
        None => None,
    };
    let coordinates = match (row.opt_f64(i + 3)?, row.opt_f64(i + 4)?) {
        (Some(lat), Some(lon)) => Some(
            Coordinates::new(lat, lon)
                .map_err(|_| corrupt("parcels.latitude, parcels.longitude", &format!("{lat},{lon}")))?,
        ),
        _ => None,
    };
    Ok(ParcelData {
        code: ParcelCode::new(&code).map_err(|_| corrupt("parcels.code", &code))?,
        area,
        place: row.opt_text(i + 2)?,
        coordinates,
    })
}

const PADRON_SELECT: &str = "SELECT p.body_id, h.id, pe.id, p.id, \
     pe.given_names, pe.first_surname, pe.second_surname, pe.id_number, pe.phone, \
     h.register_number, h.affiliated_on, \
     p.code, p.area_m2, p.place, p.latitude, p.longitude \
     FROM parcels p JOIN households h ON h.id = p.household_id JOIN persons pe ON pe.id = h.person_id";

/// Padrón order: numbered households first, by number (shorter numbers first, so 2 < 10), then
/// by name.
const REGISTER_ORDER: &str = "CASE WHEN h.register_number IS NULL THEN 1 ELSE 0 END, \
     length(h.register_number), h.register_number, pe.first_surname, pe.second_surname, pe.given_names, h.id";

fn padron_entry(row: &dyn Row) -> Result<PadronEntry> {
    Ok(PadronEntry {
        body_id: BodyId(row.i64(0)?),
        household_id: HouseholdId(row.i64(1)?),
        person_id: PersonId(row.i64(2)?),
        parcel_id: ParcelId(row.i64(3)?),
        person: PersonData { name: person_name_at(row, 4)?, id_number: row.opt_text(7)?, phone: row.opt_text(8)? },
        household: HouseholdData { register_number: row.opt_text(9)?, affiliated_on: row.opt_date(10)? },
        parcel: parcel_data_at(row, 11)?,
    })
}

const OFFICE_SELECT: &str = "SELECT o.id, o.body_id, o.person_id, pe.given_names, pe.first_surname, \
     pe.second_surname, o.title, o.term_start, o.term_end, o.ended_on, o.end_reason, o.public_id, pe.public_id \
     FROM offices o JOIN persons pe ON pe.id = o.person_id";

fn office_from_row(row: &dyn Row) -> Result<Office> {
    let end_reason = match row.opt_text(10)? {
        Some(code) => Some(OfficeEnd::parse(&code).map_err(|_| corrupt("offices.end_reason", &code))?),
        None => None,
    };
    Ok(Office {
        id: OfficeId(row.i64(0)?),
        public_id: row.public_id(11)?,
        body_id: BodyId(row.i64(1)?),
        person_id: PersonId(row.i64(2)?),
        person_public_id: row.public_id(12)?,
        holder: person_name_at(row, 3)?,
        title: row.text(6)?,
        term_start: row.date(7)?,
        term_end: row.opt_date(8)?,
        ended_on: row.opt_date(9)?,
        end_reason,
    })
}

const HOUSEHOLD_SELECT: &str = "SELECT h.id, h.body_id, h.register_number, h.affiliated_on, pe.id, \
     pe.given_names, pe.first_surname, pe.second_surname, pe.id_number, pe.phone, h.public_id, pe.public_id \
     FROM households h JOIN persons pe ON pe.id = h.person_id";

fn household_from_row(row: &dyn Row) -> Result<Household> {
    Ok(Household {
        id: HouseholdId(row.i64(0)?),
        public_id: row.public_id(10)?,
        body_id: BodyId(row.i64(1)?),
        register_number: row.opt_text(2)?,
        affiliated_on: row.opt_date(3)?,
        representative: Person {
            id: PersonId(row.i64(4)?),
            public_id: row.public_id(11)?,
            name: person_name_at(row, 5)?,
            id_number: row.opt_text(8)?,
            phone: row.opt_text(9)?,
        },
    })
}

const ACCOUNT_SELECT: &str = "SELECT id, username, display_name, password_hash, created_at, disabled_at, person_id \
     FROM accounts LEFT JOIN account_persons ON account_persons.account_id = accounts.id";

fn account_from_row(row: &dyn Row) -> Result<Account> {
    Ok(Account {
        id: AccountId(row.i64(0)?),
        username: row.text(1)?,
        display_name: row.text(2)?,
        password_hash: row.text(3)?,
        created_at: row.i64(4)?,
        disabled_at: row.opt_i64(5)?,
        person_id: row.opt_i64(6)?.map(PersonId),
    })
}

const AFFILIATION_SELECT: &str = "SELECT id, member_id, host_id, kind, since, until FROM affiliations";

fn affiliation_from_row(row: &dyn Row) -> Result<Affiliation> {
    let kind = row.text(3)?;
    Ok(Affiliation {
        id: row.i64(0)?,
        member_id: BodyId(row.i64(1)?),
        host_id: BodyId(row.i64(2)?),
        kind: kind.parse().map_err(|_| corrupt("affiliations.kind", &kind))?,
        since: row.date(4)?,
        until: row.opt_date(5)?,
    })
}

fn area_value(area: Option<Area>) -> Value<'static> {
    area.map_or(Value::Null, |a| Value::I64(a.square_metres))
}

impl SqlRepo<'_> {
    /// Fresh ids from a table's identity sequence (PostgreSQL batch inserts).
    fn next_ids(&mut self, table: &str, n: usize) -> Result<Vec<i64>> {
        let sql = format!("SELECT nextval(pg_get_serial_sequence('{table}', 'id')) FROM generate_series(1, $1)");
        self.conn.query_vec(&sql, &[Value::I64(n as i64)], |row| row.i64(0))
    }
}

impl Repo for SqlRepo<'_> {
    fn backend(&self) -> Backend {
        self.conn.backend()
    }

    fn insert_body(&mut self, body: &NewBody, public_id: PublicId) -> Result<BodyId> {
        self.conn
            .insert_returning_id(
                "INSERT INTO bodies (parent_id, kind, composition, name, code, created_on, public_id) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                &[
                    body.parent_id.map(|p| p.0).into(),
                    body.kind.code().into(),
                    body.composition.code().into(),
                    (&body.name).into(),
                    (&body.code).into(),
                    body.created_on.into(),
                    public_id.into(),
                ],
            )
            .map(BodyId)
    }

    fn body(&mut self, id: BodyId) -> Result<Option<Body>> {
        let sql = format!("SELECT {BODY_COLUMNS} FROM bodies WHERE id = $1");
        self.conn.query_opt(&sql, &[id.0.into()], body_from_row)
    }

    fn body_by_public_id(&mut self, public_id: PublicId) -> Result<Option<Body>> {
        let sql = format!("SELECT {BODY_COLUMNS} FROM bodies WHERE public_id = $1");
        self.conn.query_opt(&sql, &[public_id.into()], body_from_row)
    }

    fn body_by_code(&mut self, code: &str) -> Result<Option<Body>> {
        let sql = format!("SELECT {BODY_COLUMNS} FROM bodies WHERE code = $1");
        self.conn.query_opt(&sql, &[code.to_ascii_uppercase().as_str().into()], body_from_row)
    }

    fn bodies(&mut self) -> Result<Vec<Body>> {
        let sql = format!("SELECT {BODY_COLUMNS} FROM bodies ORDER BY id");
        self.conn.query_vec(&sql, &[], body_from_row)
    }

    fn body_with_ancestors(&mut self, id: BodyId) -> Result<Vec<Body>> {
        // The same walk up the tree as for several bodies at once, one place for both.
        crate::register::RegisterRepo::bodies_with_ancestors(self, &[id])
    }

    fn rename_body(&mut self, id: BodyId, name: &str) -> Result<()> {
        self.conn.update_one("UPDATE bodies SET name = $1 WHERE id = $2", &[name.into(), id.0.into()])
    }

    fn set_body_parent(&mut self, id: BodyId, parent: Option<BodyId>) -> Result<()> {
        self.conn
            .update_one("UPDATE bodies SET parent_id = $1 WHERE id = $2", &[parent.map(|p| p.0).into(), id.0.into()])
    }

    fn set_body_published(&mut self, id: BodyId, published: bool) -> Result<()> {
        self.conn
            .update_one("UPDATE bodies SET published = $1 WHERE id = $2", &[i64::from(published).into(), id.0.into()])
    }

    fn set_body_closed(&mut self, id: BodyId, closed_on: Option<Date>) -> Result<()> {
        self.conn.update_one("UPDATE bodies SET closed_on = $1 WHERE id = $2", &[closed_on.into(), id.0.into()])
    }

    fn insert_body_event(&mut self, event: &BodyEvent) -> Result<()> {
        let (from, to) = event.kind.values();
        self.conn.execute(
            "INSERT INTO body_events (body_id, on_date, kind, from_value, to_value) VALUES ($1, $2, $3, $4, $5)",
            &[
                event.body_id.0.into(),
                event.on.into(),
                event.kind.code().into(),
                from.as_ref().into(),
                to.as_ref().into(),
            ],
        )?;
        Ok(())
    }

    fn body_events(&mut self, id: BodyId) -> Result<Vec<BodyEvent>> {
        self.conn.query_vec(
            "SELECT body_id, on_date, kind, from_value, to_value FROM body_events WHERE body_id = $1 ORDER BY id",
            &[id.0.into()],
            |row| {
                let code = row.text(2)?;
                Ok(BodyEvent {
                    body_id: BodyId(row.i64(0)?),
                    on: row.date(1)?,
                    kind: BodyEventKind::from_stored(&code, row.opt_text(3)?, row.opt_text(4)?)
                        .ok_or_else(|| corrupt("body_events.kind", &code))?,
                })
            },
        )
    }

    fn insert_affiliation(&mut self, member: BodyId, host: BodyId, kind: AffiliationKind, since: Date) -> Result<i64> {
        self.conn.insert_returning_id(
            "INSERT INTO affiliations (member_id, host_id, kind, since) VALUES ($1, $2, $3, $4) RETURNING id",
            &[member.0.into(), host.0.into(), kind.code().into(), since.into()],
        )
    }

    fn end_affiliation(&mut self, id: i64, until: Date) -> Result<()> {
        self.conn.update_one("UPDATE affiliations SET until = $1 WHERE id = $2", &[until.into(), id.into()])
    }

    fn affiliation(&mut self, id: i64) -> Result<Option<Affiliation>> {
        let sql = format!("{AFFILIATION_SELECT} WHERE id = $1");
        self.conn.query_opt(&sql, &[id.into()], affiliation_from_row)
    }

    fn affiliations(&mut self, body: BodyId) -> Result<Vec<Affiliation>> {
        let sql = format!("{AFFILIATION_SELECT} WHERE member_id = $1 OR host_id = $1 ORDER BY since, id");
        self.conn.query_vec(&sql, &[body.0.into()], affiliation_from_row)
    }

    fn insert_person(&mut self, person: &PersonData, public_id: PublicId) -> Result<PersonId> {
        let key = person.name.search_key();
        self.conn
            .insert_returning_id(
                "INSERT INTO persons (given_names, first_surname, second_surname, id_number, phone, search_key, \
                 public_id) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                &[&person_values(person, &key)[..], &[public_id.into()]].concat(),
            )
            .map(PersonId)
    }

    fn update_person(&mut self, id: PersonId, person: &PersonData) -> Result<()> {
        let key = person.name.search_key();
        self.conn.update_one(
            "UPDATE persons SET given_names = $1, first_surname = $2, second_surname = $3, id_number = $4, \
             phone = $5, search_key = $6 WHERE id = $7",
            &[&person_values(person, &key)[..], &[id.0.into()]].concat(),
        )
    }

    fn insert_household(
        &mut self,
        body: BodyId,
        person: PersonId,
        household: &HouseholdData,
        public_id: PublicId,
    ) -> Result<HouseholdId> {
        self.conn
            .insert_returning_id(
                "INSERT INTO households (body_id, person_id, register_number, affiliated_on, public_id) \
                 VALUES ($1, $2, $3, $4, $5) RETURNING id",
                &[
                    body.0.into(),
                    person.0.into(),
                    household.register_number.as_ref().into(),
                    household.affiliated_on.into(),
                    public_id.into(),
                ],
            )
            .map(HouseholdId)
    }

    fn update_household(&mut self, id: HouseholdId, household: &HouseholdData) -> Result<()> {
        self.conn.update_one(
            "UPDATE households SET register_number = $1, affiliated_on = $2 WHERE id = $3",
            &[household.register_number.as_ref().into(), household.affiliated_on.into(), id.0.into()],
        )
    }

    fn household(&mut self, id: HouseholdId) -> Result<Option<Household>> {
        let sql = format!("{HOUSEHOLD_SELECT} WHERE h.id = $1");
        self.conn.query_opt(&sql, &[id.0.into()], household_from_row)
    }

    fn household_by_public_id(&mut self, public_id: PublicId) -> Result<Option<Household>> {
        let sql = format!("{HOUSEHOLD_SELECT} WHERE h.public_id = $1");
        self.conn.query_opt(&sql, &[public_id.into()], household_from_row)
    }

    fn insert_parcel(
        &mut self,
        body: BodyId,
        household: HouseholdId,
        parcel: &ParcelData,
        public_id: PublicId,
    ) -> Result<ParcelId> {
        let (lat, lon) = parcel.coordinates.map_or((None, None), |c| (Some(c.latitude), Some(c.longitude)));
        self.conn
            .insert_returning_id(
                "INSERT INTO parcels (body_id, household_id, code, area_m2, place, latitude, longitude, public_id) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
                &[
                    body.0.into(),
                    household.0.into(),
                    parcel.code.as_str().into(),
                    area_value(parcel.area),
                    parcel.place.as_ref().into(),
                    lat.into(),
                    lon.into(),
                    public_id.into(),
                ],
            )
            .map(ParcelId)
    }

    fn update_parcel(&mut self, id: ParcelId, household: HouseholdId, parcel: &ParcelData) -> Result<()> {
        let (lat, lon) = parcel.coordinates.map_or((None, None), |c| (Some(c.latitude), Some(c.longitude)));
        self.conn.update_one(
            "UPDATE parcels SET household_id = $1, code = $2, area_m2 = $3, place = $4, latitude = $5, \
             longitude = $6 WHERE id = $7",
            &[
                household.0.into(),
                parcel.code.as_str().into(),
                area_value(parcel.area),
                parcel.place.as_ref().into(),
                lat.into(),
                lon.into(),
                id.0.into(),
            ],
        )
    }

    fn parcels_of(&mut self, household: HouseholdId) -> Result<Vec<Parcel>> {
        self.conn.query_vec(
            "SELECT id, body_id, household_id, code, area_m2, place, latitude, longitude, public_id \
             FROM parcels WHERE household_id = $1 ORDER BY code",
            &[household.0.into()],
            |row| {
                let data = parcel_data_at(row, 3)?;
                Ok(Parcel {
                    id: ParcelId(row.i64(0)?),
                    public_id: row.public_id(8)?,
                    body_id: BodyId(row.i64(1)?),
                    household_id: HouseholdId(row.i64(2)?),
                    code: data.code,
                    area: data.area,
                    place: data.place,
                    coordinates: data.coordinates,
                })
            },
        )
    }

    fn find_parcels(&mut self, keys: &[(BodyId, &str)]) -> Result<Vec<Option<PadronEntry>>> {
        let sql = format!("{PADRON_SELECT} WHERE p.body_id = $1 AND p.code = $2");
        keys.iter()
            .map(|(body, code)| self.conn.query_opt(&sql, &[body.0.into(), (*code).into()], padron_entry))
            .collect()
    }

    fn insert_households(&mut self, batch: &[NewHousehold]) -> Result<Vec<HouseholdId>> {
        if batch.is_empty() {
            return Ok(Vec::new());
        }
        if self.conn.backend() == Backend::Postgres {
            let person_ids = self.next_ids("persons", batch.len())?;
            let household_ids = self.next_ids("households", batch.len())?;
            let text = |f: &dyn Fn(&NewHousehold) -> Option<String>| ArrayColumn::Text(batch.iter().map(f).collect());
            let persons: Vec<ArrayColumn> = [ArrayColumn::I64(person_ids.iter().map(|id| Some(*id)).collect())]
                .into_iter()
                .chain(person_columns(batch))
                .chain([ArrayColumn::PublicId(batch.iter().map(|h| h.person_public_id).collect())])
                .collect();
            let households = [
                ArrayColumn::I64(household_ids.iter().map(|id| Some(*id)).collect()),
                ArrayColumn::I64(batch.iter().map(|h| Some(h.body_id.0)).collect()),
                ArrayColumn::I64(person_ids.iter().map(|id| Some(*id)).collect()),
                text(&|h| h.household.register_number.clone()),
                ArrayColumn::Date(batch.iter().map(|h| h.household.affiliated_on).collect()),
                ArrayColumn::PublicId(batch.iter().map(|h| h.public_id).collect()),
            ];
            let done = self.conn.execute_arrays(
                "INSERT INTO persons (id, given_names, first_surname, second_surname, id_number, phone, search_key, \
                 public_id) SELECT * FROM UNNEST($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], \
                 $6::text[], $7::text[], $8::uuid[])",
                &persons,
            );
            if let Some(done) = done {
                done?;
                self.conn
                    .execute_arrays(
                        "INSERT INTO households (id, body_id, person_id, register_number, affiliated_on, public_id) \
                         SELECT * FROM UNNEST($1::bigint[], $2::bigint[], $3::bigint[], $4::text[], $5::date[], \
                         $6::uuid[])",
                        &households,
                    )
                    .unwrap_or(Ok(0))?;
                return Ok(household_ids.into_iter().map(HouseholdId).collect());
            }
        }
        batch
            .iter()
            .map(|h| {
                let person = self.insert_person(&h.person, h.person_public_id)?;
                self.insert_household(h.body_id, person, &h.household, h.public_id)
            })
            .collect()
    }

    fn insert_parcels(&mut self, batch: &[NewParcel]) -> Result<()> {
        if batch.is_empty() {
            return Ok(());
        }
        if self.conn.backend() == Backend::Postgres {
            let columns = [
                ArrayColumn::I64(batch.iter().map(|p| Some(p.body_id.0)).collect()),
                ArrayColumn::I64(batch.iter().map(|p| Some(p.household_id.0)).collect()),
                ArrayColumn::Text(batch.iter().map(|p| Some(p.parcel.code.as_str().to_string())).collect()),
                ArrayColumn::I64(batch.iter().map(|p| p.parcel.area.map(|a| a.square_metres)).collect()),
                ArrayColumn::Text(batch.iter().map(|p| p.parcel.place.clone()).collect()),
                ArrayColumn::F64(batch.iter().map(|p| p.parcel.coordinates.map(|c| c.latitude)).collect()),
                ArrayColumn::F64(batch.iter().map(|p| p.parcel.coordinates.map(|c| c.longitude)).collect()),
                ArrayColumn::PublicId(batch.iter().map(|p| p.public_id).collect()),
            ];
            if let Some(done) = self.conn.execute_arrays(
                "INSERT INTO parcels (body_id, household_id, code, area_m2, place, latitude, longitude, public_id) \
                 SELECT * FROM UNNEST($1::bigint[], $2::bigint[], $3::text[], $4::bigint[], $5::text[], \
                 $6::float8[], $7::float8[], $8::uuid[])",
                &columns,
            ) {
                return done.map(drop);
            }
        }
        for p in batch {
            self.insert_parcel(p.body_id, p.household_id, &p.parcel, p.public_id)?;
        }
        Ok(())
    }

    fn roster(&mut self, body: BodyId) -> Result<Vec<HouseholdSummary>> {
        let mut roster = self.conn.query_vec(
            &format!(
                "SELECT h.id, h.body_id, h.register_number, pe.given_names, pe.first_surname, pe.second_surname, \
                 h.public_id FROM households h JOIN persons pe ON pe.id = h.person_id \
                 WHERE h.body_id = $1 AND h.ended_on IS NULL ORDER BY {REGISTER_ORDER}"
            ),
            &[body.0.into()],
            |row| {
                Ok(HouseholdSummary {
                    id: HouseholdId(row.i64(0)?),
                    public_id: row.public_id(6)?,
                    body_id: BodyId(row.i64(1)?),
                    register_number: row.opt_text(2)?,
                    name: person_name_at(row, 3)?,
                    parcel_codes: Vec::new(),
                })
            },
        )?;
        // The body's parcels in one query (a parcel code is unique within its sindicato).
        let mut codes: HashMap<HouseholdId, Vec<String>> = HashMap::new();
        self.conn.query(
            "SELECT household_id, code FROM parcels WHERE body_id = $1 ORDER BY code",
            &[body.0.into()],
            &mut |row| {
                codes.entry(HouseholdId(row.i64(0)?)).or_default().push(row.text(1)?);
                Ok(())
            },
        )?;
        for household in &mut roster {
            household.parcel_codes = codes.remove(&household.id).unwrap_or_default();
        }
        Ok(roster)
    }

    fn padron(&mut self, bodies: &[BodyId], each: &mut dyn FnMut(PadronEntry) -> Result<()>) -> Result<()> {
        let sql =
            format!("{PADRON_SELECT} WHERE p.body_id = $1 AND h.ended_on IS NULL ORDER BY {REGISTER_ORDER}, p.code");
        for body in bodies {
            self.conn.query(&sql, &[body.0.into()], &mut |row| each(padron_entry(row)?))?;
        }
        Ok(())
    }

    fn max_ids(&mut self) -> Result<(HouseholdId, ParcelId)> {
        let max = |conn: &mut dyn Conn, table: &str| {
            let sql = format!("SELECT MAX(id) FROM {table}");
            conn.query_opt(&sql, &[], |row| row.opt_i64(0)).map(|v| v.flatten().unwrap_or(0))
        };
        Ok((HouseholdId(max(self.conn, "households")?), ParcelId(max(self.conn, "parcels")?)))
    }

    fn households_since(&mut self, body: BodyId, after: HouseholdId) -> Result<Vec<HouseholdKey>> {
        self.conn.query_vec(
            "SELECT h.id, h.register_number, pe.given_names, pe.first_surname, pe.second_surname, pe.id_number \
             FROM households h JOIN persons pe ON pe.id = h.person_id WHERE h.body_id = $1 AND h.id > $2",
            &[body.0.into(), after.0.into()],
            |row| {
                Ok(HouseholdKey {
                    id: HouseholdId(row.i64(0)?),
                    register_number: row.opt_text(1)?,
                    name: person_name_at(row, 2)?,
                    id_number: row.opt_text(5)?,
                })
            },
        )
    }

    fn person_name(&mut self, id: PersonId) -> Result<Option<PersonName>> {
        self.conn.query_opt(
            "SELECT given_names, first_surname, second_surname FROM persons WHERE id = $1",
            &[id.0.into()],
            |row| person_name_at(row, 0),
        )
    }

    fn representatives(&mut self, body: BodyId) -> Result<Vec<(PersonId, PersonName, Option<String>)>> {
        self.conn.query_vec(
            "SELECT pe.id, pe.given_names, pe.first_surname, pe.second_surname, h.register_number \
             FROM households h JOIN persons pe ON pe.id = h.person_id \
             WHERE h.body_id = $1 AND h.ended_on IS NULL ORDER BY h.id",
            &[body.0.into()],
            |row| Ok((PersonId(row.i64(0)?), person_name_at(row, 1)?, row.opt_text(4)?)),
        )
    }

    fn parcel_codes_since(&mut self, body: BodyId, after: ParcelId) -> Result<Vec<String>> {
        self.conn.query_vec(
            "SELECT code FROM parcels WHERE body_id = $1 AND id > $2",
            &[body.0.into(), after.0.into()],
            |row| row.text(0),
        )
    }

    fn analyze(&mut self) -> Result<()> {
        if self.conn.backend() == Backend::Postgres {
            self.conn.execute_batch("ANALYZE persons; ANALYZE households; ANALYZE parcels;")?;
        }
        Ok(())
    }

    fn member_counts(&mut self) -> Result<HashMap<BodyId, u64>> {
        let mut counts: HashMap<BodyId, u64> = HashMap::new();
        let mut add = |row: &dyn Row| {
            let n = u64::try_from(row.i64(1)?).unwrap_or(0);
            *counts.entry(BodyId(row.i64(0)?)).or_default() += n;
            Ok(())
        };
        self.conn.query(
            "SELECT body_id, COUNT(*) FROM households WHERE ended_on IS NULL GROUP BY body_id",
            &[],
            &mut add,
        )?;
        self.conn.query(
            "SELECT body_id, COUNT(*) FROM memberships WHERE until IS NULL GROUP BY body_id",
            &[],
            &mut add,
        )?;
        Ok(counts)
    }

    fn insert_membership(&mut self, body: BodyId, person: PersonId, since: Date) -> Result<i64> {
        self.conn.insert_returning_id(
            "INSERT INTO memberships (body_id, person_id, since) VALUES ($1, $2, $3) RETURNING id",
            &[body.0.into(), person.0.into(), since.into()],
        )
    }

    fn end_membership(&mut self, id: i64, until: Date) -> Result<()> {
        self.conn.update_one("UPDATE memberships SET until = $1 WHERE id = $2", &[until.into(), id.into()])
    }

    fn memberships(&mut self, body: BodyId) -> Result<Vec<Membership>> {
        self.conn.query_vec(
            "SELECT m.id, m.body_id, m.person_id, pe.given_names, pe.first_surname, pe.second_surname, m.since, \
             m.until, pe.public_id FROM memberships m JOIN persons pe ON pe.id = m.person_id WHERE m.body_id = $1 \
             ORDER BY pe.first_surname, pe.given_names, m.id",
            &[body.0.into()],
            |row| {
                Ok(Membership {
                    id: row.i64(0)?,
                    body_id: BodyId(row.i64(1)?),
                    person_id: PersonId(row.i64(2)?),
                    person_public_id: row.public_id(8)?,
                    name: person_name_at(row, 3)?,
                    since: row.date(6)?,
                    until: row.opt_date(7)?,
                })
            },
        )
    }

    fn insert_account(
        &mut self,
        username: &str,
        display_name: &str,
        password_hash: &str,
        now: i64,
    ) -> Result<AccountId> {
        self.conn
            .insert_returning_id(
                "INSERT INTO accounts (username, display_name, password_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
                &[username.into(), display_name.into(), password_hash.into(), now.into()],
            )
            .map(AccountId)
    }

    fn account(&mut self, id: AccountId) -> Result<Option<Account>> {
        let sql = format!("{ACCOUNT_SELECT} WHERE id = $1");
        self.conn.query_opt(&sql, &[id.0.into()], account_from_row)
    }

    fn account_by_username(&mut self, username: &str) -> Result<Option<Account>> {
        let sql = format!("{ACCOUNT_SELECT} WHERE username = $1");
        self.conn.query_opt(&sql, &[username.into()], account_from_row)
    }

    fn count_accounts(&mut self) -> Result<u64> {
        let n = self.conn.query_opt("SELECT COUNT(*) FROM accounts", &[], |row| row.i64(0))?.unwrap_or(0);
        Ok(u64::try_from(n).unwrap_or(0))
    }

    fn set_password_hash(&mut self, id: AccountId, password_hash: &str) -> Result<()> {
        self.conn
            .update_one("UPDATE accounts SET password_hash = $1 WHERE id = $2", &[password_hash.into(), id.0.into()])
    }

    fn insert_grant(&mut self, account: AccountId, body: BodyId, role: Role, now: i64) -> Result<()> {
        self.conn.execute(
            "INSERT INTO grants (account_id, body_id, role, granted_at) VALUES ($1, $2, $3, $4)",
            &[account.0.into(), body.0.into(), role.code().into(), now.into()],
        )?;
        Ok(())
    }

    fn grants(&mut self, account: AccountId) -> Result<Vec<Grant>> {
        self.conn.query_vec(
            "SELECT body_id, role FROM grants WHERE account_id = $1 ORDER BY id",
            &[account.0.into()],
            |row| {
                let role = row.text(1)?;
                Ok(Grant { body: BodyId(row.i64(0)?), role: role.parse().map_err(|_| corrupt("grants.role", &role))? })
            },
        )
    }

    fn insert_session(&mut self, token_hash: &str, session: &Session) -> Result<()> {
        self.conn.execute(
            "INSERT INTO sessions (token_hash, account_id, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
            &[
                token_hash.into(),
                session.account_id.0.into(),
                session.csrf_token.as_str().into(),
                session.created_at.into(),
                session.expires_at.into(),
            ],
        )?;
        Ok(())
    }

    fn session(&mut self, token_hash: &str) -> Result<Option<Session>> {
        self.conn.query_opt(
            "SELECT account_id, csrf_token, created_at, expires_at FROM sessions WHERE token_hash = $1",
            &[token_hash.into()],
            |row| {
                Ok(Session {
                    account_id: AccountId(row.i64(0)?),
                    csrf_token: row.text(1)?,
                    created_at: row.i64(2)?,
                    expires_at: row.i64(3)?,
                })
            },
        )
    }

    fn delete_session(&mut self, token_hash: &str) -> Result<()> {
        self.conn.execute("DELETE FROM sessions WHERE token_hash = $1", &[token_hash.into()])?;
        Ok(())
    }

    fn delete_expired_sessions(&mut self, now: i64) -> Result<u64> {
        self.conn.execute("DELETE FROM sessions WHERE expires_at < $1", &[now.into()])
    }

    fn insert_api_token(&mut self, account: AccountId, name: &str, token_hash: &str, now: i64) -> Result<i64> {
        self.conn.insert_returning_id(
            "INSERT INTO api_tokens (account_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
            &[account.0.into(), name.into(), token_hash.into(), now.into()],
        )
    }

    fn api_token_account(&mut self, token_hash: &str) -> Result<Option<AccountId>> {
        self.conn.query_opt(
            "SELECT account_id FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL",
            &[token_hash.into()],
            |row| Ok(AccountId(row.i64(0)?)),
        )
    }

    fn api_token_use(&mut self, token_hash: &str) -> Result<Option<(AccountId, Option<i64>)>> {
        self.conn.query_opt(
            "SELECT account_id, last_used_at FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL",
            &[token_hash.into()],
            |row| Ok((AccountId(row.i64(0)?), row.opt_i64(1)?)),
        )
    }

    fn record_api_token_use(&mut self, token_hash: &str, now: i64, every: i64) -> Result<bool> {
        let n = self.conn.execute(
            "UPDATE api_tokens SET last_used_at = $1 WHERE token_hash = $2 AND revoked_at IS NULL \
             AND (last_used_at IS NULL OR last_used_at <= $3)",
            &[now.into(), token_hash.into(), (now - every).into()],
        )?;
        Ok(n > 0)
    }

    fn accounts(&mut self) -> Result<Vec<Account>> {
        let sql = format!("{ACCOUNT_SELECT} ORDER BY username");
        self.conn.query_vec(&sql, &[], account_from_row)
    }

    fn set_account_person(&mut self, id: AccountId, person: Option<PersonId>) -> Result<()> {
        self.conn.execute("DELETE FROM account_persons WHERE account_id = $1", &[id.0.into()])?;
        match person {
            Some(person) => self.conn.update_one(
                "INSERT INTO account_persons (account_id, person_id) VALUES ($1, $2)",
                &[id.0.into(), person.0.into()],
            ),
            None => Ok(()),
        }
    }

    fn account_of_person(&mut self, person: PersonId) -> Result<Option<Account>> {
        self.conn.query_opt(&format!("{ACCOUNT_SELECT} WHERE person_id = $1"), &[person.0.into()], account_from_row)
    }

    fn set_account_disabled(&mut self, id: AccountId, disabled_at: Option<i64>) -> Result<()> {
        self.conn.update_one("UPDATE accounts SET disabled_at = $1 WHERE id = $2", &[disabled_at.into(), id.0.into()])
    }

    fn sessions_of(&mut self, account: AccountId) -> Result<Vec<(String, Session)>> {
        self.conn.query_vec(
            "SELECT token_hash, account_id, csrf_token, created_at, expires_at FROM sessions \
             WHERE account_id = $1 ORDER BY created_at DESC, token_hash",
            &[account.0.into()],
            |row| {
                Ok((
                    row.text(0)?,
                    Session {
                        account_id: AccountId(row.i64(1)?),
                        csrf_token: row.text(2)?,
                        created_at: row.i64(3)?,
                        expires_at: row.i64(4)?,
                    },
                ))
            },
        )
    }

    fn delete_sessions_of(&mut self, account: AccountId, keep: Option<&str>) -> Result<u64> {
        match keep {
            Some(keep) => self.conn.execute(
                "DELETE FROM sessions WHERE account_id = $1 AND token_hash <> $2",
                &[account.0.into(), keep.into()],
            ),
            None => self.conn.execute("DELETE FROM sessions WHERE account_id = $1", &[account.0.into()]),
        }
    }

    fn api_tokens(&mut self, account: AccountId) -> Result<Vec<ApiToken>> {
        self.conn.query_vec(
            "SELECT id, account_id, name, created_at, revoked_at, last_used_at FROM api_tokens \
             WHERE account_id = $1 ORDER BY created_at DESC, id DESC",
            &[account.0.into()],
            |row| {
                Ok(ApiToken {
                    id: row.i64(0)?,
                    account_id: AccountId(row.i64(1)?),
                    name: row.text(2)?,
                    created_at: row.i64(3)?,
                    revoked_at: row.opt_i64(4)?,
                    last_used_at: row.opt_i64(5)?,
                })
            },
        )
    }

    fn revoke_api_token(&mut self, account: AccountId, id: i64, now: i64) -> Result<bool> {
        let n = self.conn.execute(
            "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND account_id = $3 AND revoked_at IS NULL",
            &[now.into(), id.into(), account.0.into()],
        )?;
        Ok(n > 0)
    }

    fn revoke_api_tokens_of(&mut self, account: AccountId, now: i64) -> Result<u64> {
        self.conn.execute(
            "UPDATE api_tokens SET revoked_at = $1 WHERE account_id = $2 AND revoked_at IS NULL",
            &[now.into(), account.0.into()],
        )
    }

    fn insert_audit(&mut self, event: &AuditEvent) -> Result<()> {
        self.conn.execute(
            "INSERT INTO audit_events (at, account_id, actor, body_id, action, detail) VALUES ($1, $2, $3, $4, $5, $6)",
            &[
                event.at.into(),
                event.account_id.map(|a| a.0).into(),
                event.actor.as_str().into(),
                event.body_id.map(|b| b.0).into(),
                event.action.as_str().into(),
                event.detail.as_str().into(),
            ],
        )?;
        Ok(())
    }

    fn audit(&mut self, bodies: &[BodyId], limit: u64) -> Result<Vec<AuditEvent>> {
        if bodies.is_empty() {
            return Ok(Vec::new());
        }
        let placeholders: Vec<String> = (2..bodies.len() + 2).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT at, account_id, actor, body_id, action, detail FROM audit_events \
             WHERE body_id IN ({}) ORDER BY id DESC LIMIT $1",
            placeholders.join(", ")
        );
        let mut params: Vec<Value<'_>> = vec![(limit as i64).into()];
        params.extend(bodies.iter().map(|b| Value::I64(b.0)));
        self.conn.query_vec(&sql, &params, |row| {
            Ok(AuditEvent {
                at: row.i64(0)?,
                account_id: row.opt_i64(1)?.map(AccountId),
                actor: row.text(2)?,
                body_id: row.opt_i64(3)?.map(BodyId),
                action: row.text(4)?,
                detail: row.text(5)?,
            })
        })
    }

    fn insert_office(
        &mut self,
        body: BodyId,
        person: PersonId,
        office: &NewOffice,
        public_id: PublicId,
    ) -> Result<OfficeId> {
        self.conn
            .insert_returning_id(
                "INSERT INTO offices (body_id, person_id, title, term_start, term_end, public_id) \
                 VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                &[
                    body.0.into(),
                    person.0.into(),
                    (&office.title).into(),
                    office.term_start.into(),
                    office.term_end.into(),
                    public_id.into(),
                ],
            )
            .map(OfficeId)
    }

    fn end_office(&mut self, id: OfficeId, on: Date, reason: OfficeEnd) -> Result<()> {
        self.conn.update_one(
            "UPDATE offices SET ended_on = $1, end_reason = $2 WHERE id = $3",
            &[on.into(), reason.code().into(), id.0.into()],
        )
    }

    fn office(&mut self, id: OfficeId) -> Result<Option<Office>> {
        let sql = format!("{OFFICE_SELECT} WHERE o.id = $1");
        self.conn.query_opt(&sql, &[id.0.into()], office_from_row)
    }

    fn offices(&mut self, body: BodyId) -> Result<Vec<Office>> {
        let sql = format!("{OFFICE_SELECT} WHERE o.body_id = $1 ORDER BY o.term_start DESC, o.id");
        self.conn.query_vec(&sql, &[body.0.into()], office_from_row)
    }
}

/// The person columns of a batch of new households, as arrays (for `UNNEST`) in the order of
/// [`person_values`].
pub(crate) fn person_columns(batch: &[NewHousehold]) -> [ArrayColumn; 6] {
    let text = |f: &dyn Fn(&NewHousehold) -> Option<String>| ArrayColumn::Text(batch.iter().map(f).collect());
    [
        text(&|h| Some(h.person.name.given_names.clone())),
        text(&|h| Some(h.person.name.first_surname.clone())),
        text(&|h| h.person.name.second_surname.clone()),
        text(&|h| h.person.id_number.clone()),
        text(&|h| h.person.phone.clone()),
        text(&|h| Some(h.person.name.search_key())),
    ]
}

/// A person's columns in the order `persons` and the import's tables keep them: given names,
/// first and second surname, ID number, phone, and the search key made from the name (`key`).
pub(crate) fn person_values<'a>(person: &'a PersonData, key: &'a str) -> [Value<'a>; 6] {
    [
        (&person.name.given_names).into(),
        (&person.name.first_surname).into(),
        person.name.second_surname.as_ref().into(),
        person.id_number.as_ref().into(),
        person.phone.as_ref().into(),
        key.into(),
    ]
}
