//! What people type, read once. A page form, a JSON request and a command line all arrive as
//! text; the `*Text` types here read that text into domain values with **every** problem found
//! (not only the first), each under the field it is about. The web forms, the API and the CLI
//! share these readers, so a rule (a maximum length, a date format) lives in one place.

use std::fmt;

use crate::body::{self, BodyKind, Composition};
use crate::household::{
    Area, Coordinates, HouseholdData, MAX_NAME, MAX_PLACE, MAX_REGISTER_NUMBER, NewOffice, ParcelCode, ParcelData,
    PersonData, PersonName, validate_id_number, validate_phone,
};
use crate::padron::{parse_coordinate, parse_date, parse_decimal, parse_optional_date};
use crate::{DomainError, Field, text};

/// Every problem of an input, each under the field it is about, in the order of the fields.
#[derive(Debug, Clone, PartialEq)]
pub struct Problems(pub Vec<(Field, DomainError)>);

impl Problems {
    /// The first problem (the one a one-line answer names).
    pub fn first(&self) -> Option<&DomainError> {
        self.0.first().map(|(_, e)| e)
    }
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let texts: Vec<String> = self.0.iter().map(|(field, e)| format!("{field}: {e}")).collect();
        f.write_str(&texts.join("; "))
    }
}

impl std::error::Error for Problems {}

/// Reads fields one by one and keeps every problem.
#[derive(Debug, Default)]
pub struct Checker {
    problems: Vec<(Field, DomainError)>,
}

impl Checker {
    pub fn new() -> Checker {
        Checker::default()
    }

    /// Reads `value` for `field`; a failure is kept under `field`.
    pub fn check<T>(
        &mut self,
        field: Field,
        value: &str,
        read: impl FnOnce(&str) -> Result<T, DomainError>,
    ) -> Option<T> {
        match read(value) {
            Ok(value) => Some(value),
            Err(e) => {
                self.add(field, e);
                None
            }
        }
    }

    /// Keeps a problem under `field`.
    pub fn add(&mut self, field: Field, error: DomainError) {
        self.problems.push((field, error));
    }

    /// Whether a problem was found so far.
    pub fn failed(&self) -> bool {
        !self.problems.is_empty()
    }

    /// The value read, or every problem found.
    pub fn finish<T>(self, value: Option<T>) -> Result<T, Problems> {
        match value {
            Some(value) if self.problems.is_empty() => Ok(value),
            _ => Err(Problems(self.problems)),
        }
    }
}

/// An area in hectares as people write it ("2,5", "1.234,5"), or nothing.
pub fn read_area(value: &str) -> Result<Option<Area>, DomainError> {
    if value.trim().is_empty() {
        return Ok(None);
    }
    Area::from_square_metres(parse_decimal(Field::Area, value, 4)?).map(Some)
}

/// A person's name as typed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NameText {
    pub given_names: String,
    pub first_surname: String,
    pub second_surname: String,
}

impl NameText {
    pub fn read(&self, c: &mut Checker) -> Option<PersonName> {
        let given = c.check(Field::GivenNames, &self.given_names, |v| text::required(Field::GivenNames, v, MAX_NAME));
        let first =
            c.check(Field::FirstSurname, &self.first_surname, |v| text::required(Field::FirstSurname, v, MAX_NAME));
        let second =
            c.check(Field::SecondSurname, &self.second_surname, |v| text::optional(Field::SecondSurname, v, MAX_NAME));
        Some(PersonName { given_names: given?, first_surname: first?, second_surname: second? })
    }
}

/// A person as typed: a name and, optionally, an ID number and a phone (both private).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PersonText {
    pub name: NameText,
    pub id_number: String,
    pub phone: String,
}

impl PersonText {
    pub fn read(&self, c: &mut Checker) -> Option<PersonData> {
        let name = self.name.read(c);
        let id_number = c.check(Field::IdNumber, &self.id_number, validate_id_number);
        let phone = c.check(Field::Phone, &self.phone, validate_phone);
        Some(PersonData { name: name?, id_number: id_number?, phone: phone? })
    }

    pub fn parse(&self) -> Result<PersonData, Problems> {
        let mut c = Checker::new();
        let person = self.read(&mut c);
        c.finish(person)
    }
}

/// A family as typed: its representative and its own register data.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HouseholdText {
    pub person: PersonText,
    pub register_number: String,
    /// `dd/mm/yyyy` (or ISO), or empty.
    pub affiliated_on: String,
}

impl HouseholdText {
    pub fn read(&self, c: &mut Checker) -> Option<(PersonData, HouseholdData)> {
        let person = self.person.read(c);
        let register_number = c.check(Field::RegisterNumber, &self.register_number, |v| {
            text::optional(Field::RegisterNumber, v, MAX_REGISTER_NUMBER)
        });
        let affiliated_on =
            c.check(Field::AffiliatedOn, &self.affiliated_on, |v| parse_optional_date(Field::AffiliatedOn, v));
        Some((person?, HouseholdData { register_number: register_number?, affiliated_on: affiliated_on? }))
    }

    pub fn parse(&self) -> Result<(PersonData, HouseholdData), Problems> {
        let mut c = Checker::new();
        let household = self.read(&mut c);
        c.finish(household)
    }
}

/// A parcel as typed. Coordinates are optional, but come in pairs.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParcelText {
    pub code: String,
    /// Hectares, with a decimal comma or point; empty when unknown.
    pub area: String,
    pub place: String,
    /// WGS84 degrees, at most 7 decimals; empty when unknown.
    pub latitude: String,
    pub longitude: String,
}

impl ParcelText {
    pub fn read(&self, c: &mut Checker) -> Option<ParcelData> {
        let code = c.check(Field::ParcelCode, &self.code, ParcelCode::new);
        let area = c.check(Field::Area, &self.area, read_area);
        let place = c.check(Field::Place, &self.place, |v| text::optional(Field::Place, v, MAX_PLACE));
        let latitude = c.check(Field::Latitude, &self.latitude, |v| parse_coordinate(Field::Latitude, v));
        let longitude = c.check(Field::Longitude, &self.longitude, |v| parse_coordinate(Field::Longitude, v));
        let coordinates = match (latitude?, longitude?) {
            (None, None) => None,
            (Some(latitude), Some(longitude)) => match Coordinates::new(latitude, longitude) {
                Ok(coordinates) => Some(coordinates),
                Err(e) => {
                    c.add(Field::Latitude, e);
                    return None;
                }
            },
            (Some(_), None) => {
                c.add(Field::Longitude, DomainError::Required { field: Field::Longitude });
                return None;
            }
            (None, Some(_)) => {
                c.add(Field::Latitude, DomainError::Required { field: Field::Latitude });
                return None;
            }
        };
        Some(ParcelData { code: code?, area: area?, place: place?, coordinates })
    }

    pub fn parse(&self) -> Result<ParcelData, Problems> {
        let mut c = Checker::new();
        let parcel = self.read(&mut c);
        c.finish(parcel)
    }
}

/// A family to register as typed: the family and its first parcel.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NewHouseholdText {
    pub household: HouseholdText,
    pub parcel: ParcelText,
}

impl NewHouseholdText {
    pub fn parse(&self) -> Result<(PersonData, HouseholdData, ParcelData), Problems> {
        let mut c = Checker::new();
        let household = self.household.read(&mut c);
        let parcel = self.parcel.read(&mut c);
        let read = household.zip(parcel).map(|((person, household), parcel)| (person, household, parcel));
        c.finish(read)
    }
}

/// An office of the directiva given to a person, as typed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OfficeText {
    pub title: String,
    pub holder: NameText,
    /// `dd/mm/yyyy` (or ISO).
    pub term_start: String,
    /// `dd/mm/yyyy` (or ISO), or empty when not known.
    pub term_end: String,
}

impl OfficeText {
    pub fn parse(&self) -> Result<(PersonData, NewOffice), Problems> {
        let mut c = Checker::new();
        let title = c.check(Field::OfficeTitle, &self.title, |v| {
            text::required(Field::OfficeTitle, v, crate::household::MAX_OFFICE_TITLE)
        });
        let holder = self.holder.read(&mut c);
        let start = c.check(Field::TermStart, &self.term_start, |v| parse_date(Field::TermStart, v));
        let end = c.check(Field::TermEnd, &self.term_end, |v| parse_optional_date(Field::TermEnd, v));
        let office = match (title, start, end) {
            (Some(title), Some(start), Some(end)) => c.check(Field::TermEnd, &title, |t| NewOffice::new(t, start, end)),
            _ => None,
        };
        let holder = holder.map(|name| PersonData { name, id_number: None, phone: None });
        c.finish(holder.zip(office))
    }
}

/// A body to create, as typed. The code and the composition may be left empty.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BodyText {
    pub name: String,
    pub code: String,
    pub kind: String,
    pub composition: String,
}

/// A body to create, read: what `registry::create_body` needs besides the parent.
#[derive(Debug, Clone, PartialEq)]
pub struct BodyFields {
    pub name: String,
    pub code: Option<String>,
    pub kind: BodyKind,
    pub composition: Option<Composition>,
}

impl BodyText {
    pub fn parse(&self) -> Result<BodyFields, Problems> {
        let mut c = Checker::new();
        let name = c.check(Field::BodyName, &self.name, body::validate_name);
        let code = c.check(Field::BodyCode, &self.code, |v| {
            if v.trim().is_empty() { Ok(None) } else { body::validate_code(v).map(Some) }
        });
        let kind = c.check(Field::BodyKind, &self.kind, str::parse::<BodyKind>);
        let composition = c.check(Field::Composition, &self.composition, |v| {
            if v.trim().is_empty() { Ok(None) } else { v.trim().parse::<Composition>().map(Some) }
        });
        let read = match (name, code, kind, composition) {
            (Some(name), Some(code), Some(kind), Some(composition)) => {
                Some(BodyFields { name, code, kind, composition })
            }
            _ => None,
        };
        c.finish(read)
    }
}

#[cfg(test)]
#[expect(clippy::expect_used, reason = "tests fail loudly: a panic is a failed assertion")]
mod tests {
    use super::*;

    fn fields(problems: &Problems) -> Vec<Field> {
        problems.0.iter().map(|(f, _)| *f).collect()
    }

    #[test]
    fn a_family_with_every_field_wrong_names_every_field() {
        let text = NewHouseholdText {
            household: HouseholdText {
                person: PersonText {
                    name: NameText {
                        given_names: " ".into(),
                        first_surname: "".into(),
                        second_surname: "x".repeat(101),
                    },
                    id_number: "!!".into(),
                    phone: "abc".into(),
                },
                register_number: "1".repeat(21),
                affiliated_on: "31/02/2020".into(),
            },
            parcel: ParcelText {
                code: "".into(),
                area: "dos".into(),
                place: "".into(),
                latitude: "-16,9".into(),
                longitude: "".into(),
            },
        };
        let problems = text.parse().expect_err("every field is wrong");
        assert_eq!(
            fields(&problems),
            vec![
                Field::GivenNames,
                Field::FirstSurname,
                Field::SecondSurname,
                Field::IdNumber,
                Field::Phone,
                Field::RegisterNumber,
                Field::AffiliatedOn,
                Field::ParcelCode,
                Field::Area,
                Field::Longitude,
            ]
        );
    }

    #[test]
    fn a_family_typed_well_is_read() {
        let text = NewHouseholdText {
            household: HouseholdText {
                person: PersonText {
                    name: NameText {
                        given_names: " Juana ".into(),
                        first_surname: "Mamani".into(),
                        ..NameText::default()
                    },
                    ..PersonText::default()
                },
                register_number: "12".into(),
                affiliated_on: "05/03/1998".into(),
            },
            parcel: ParcelText { code: "L-12".into(), area: "2,5".into(), ..ParcelText::default() },
        };
        let (person, household, parcel) = text.parse().expect("valid");
        assert_eq!(person.name.given_names, "Juana");
        assert_eq!(household.register_number.as_deref(), Some("12"));
        assert_eq!(parcel.area.map(|a| a.hectares_text(',')), Some("2,5".into()));
    }

    #[test]
    fn an_office_ending_before_it_starts_is_about_its_end() {
        let text = OfficeText {
            title: "Secretario General".into(),
            holder: NameText { given_names: "Inti".into(), first_surname: "Choque".into(), ..NameText::default() },
            term_start: "01/01/2027".into(),
            term_end: "01/01/2026".into(),
        };
        let problems = text.parse().expect_err("end before start");
        assert_eq!(fields(&problems), vec![Field::TermEnd]);
    }

    #[test]
    fn a_body_with_an_unknown_kind_and_composition() {
        let text = BodyText { name: "Nueva".into(), code: "".into(), kind: "club".into(), composition: "x".into() };
        let problems = text.parse().expect_err("bad kind");
        assert_eq!(fields(&problems), vec![Field::BodyKind, Field::Composition]);
    }
}
