//! People as the documents name them: "Jhonny Yupanqui, Secretario de Actas". An account is
//! linked to the person it belongs to; that person's office in the body (or in a body above it)
//! is what a convocatoria, a proposal and a signature name.

use cabildo_domain::{Body, BodyId, Date, Office, PersonId, text};
use cabildo_store::Repo;

use crate::{Actor, Ctx, Result};

/// The person the acting account is linked to, if any.
pub(crate) fn linked_person(repo: &mut dyn Repo, ctx: &Ctx) -> Result<Option<PersonId>> {
    match &ctx.actor {
        Actor::Account { id, .. } => Ok(repo.account(*id)?.and_then(|a| a.person_id)),
        _ => Ok(None),
    }
}

/// The body and the bodies above it, nearest first.
pub fn body_and_ancestors(repo: &mut dyn Repo, body: &Body) -> Result<Vec<Body>> {
    let mut out = vec![body.clone()];
    let mut next = body.parent_id;
    // A tree has no cycles, but a damaged one must not loop: never more steps than bodies seen.
    while let Some(id) = next.filter(|id| out.len() < 64 && !out.iter().any(|b| b.id == *id)) {
        match repo.body(id)? {
            Some(parent) => {
                next = parent.parent_id;
                out.push(parent);
            }
            None => break,
        }
    }
    Ok(out)
}

/// The offices of `offices` (a body's directiva) whose holders serve on `day`: in their term, or
/// past its end but not ended and with nobody taken into the same office since — *prorrogado*,
/// as officers stay until their successors take office.
pub fn serving(offices: &[Office], day: Date) -> Vec<&Office> {
    offices
        .iter()
        .filter(|o| {
            let started = o.term_start <= day && o.ended_on.is_none_or(|end| day < end);
            let in_term = o.term_end.is_none_or(|end| day <= end);
            let succeeded = offices.iter().any(|other| {
                other.id != o.id
                    && text::fold(&other.title) == text::fold(&o.title)
                    && other.term_start > o.term_start
                    && other.term_start <= day
            });
            started && (in_term || !succeeded)
        })
        .collect()
}

/// The offices `person` holds in `body` on `day` (see [`serving`]).
pub(crate) fn offices_held(repo: &mut dyn Repo, person: PersonId, body: BodyId, day: Date) -> Result<Vec<Office>> {
    let offices = repo.offices(body)?;
    Ok(serving(&offices, day).into_iter().filter(|o| o.person_id == person).cloned().collect())
}

/// Whether `person` holds the office titled `title` in `body` on `day` (titles compared as people
/// type them: case, accents and spacing aside).
pub(crate) fn holds_office(
    repo: &mut dyn Repo,
    person: PersonId,
    body: BodyId,
    title: &str,
    day: Date,
) -> Result<bool> {
    let wanted = text::fold(title);
    Ok(offices_held(repo, person, body, day)?.iter().any(|o| text::fold(&o.title) == wanted))
}

/// The acting account's person and the office they hold on `day` in `body`, or else in the
/// nearest body above it ("Secretario General — Federación Trópico"); `None` when the account is
/// not linked to anyone holding an office there.
pub(crate) fn actor_office(
    repo: &mut dyn Repo,
    ctx: &Ctx,
    body: &Body,
    day: Date,
) -> Result<Option<(PersonId, String)>> {
    let Some(person) = linked_person(repo, ctx)? else {
        return Ok(None);
    };
    for b in body_and_ancestors(repo, body)? {
        if let Some(office) = offices_held(repo, person, b.id, day)?.into_iter().next() {
            let title = if b.id == body.id { office.title } else { format!("{} — {}", office.title, b.name) };
            return Ok(Some((person, title)));
        }
    }
    Ok(None)
}

/// How a proposal by the acting account is signed: "Jhonny Yupanqui, Secretario de Actas" when
/// the account is linked to an office holder, the person's name when linked to someone without
/// an office, the account's name otherwise.
pub(crate) fn actor_as_proposer(repo: &mut dyn Repo, ctx: &Ctx, body: &Body, day: Date) -> Result<String> {
    if let Some((person, office)) = actor_office(repo, ctx, body, day)?
        && let Some(name) = repo.person_name(person)?
    {
        return Ok(format!("{}, {office}", name.display()));
    }
    if let Some(person) = linked_person(repo, ctx)?
        && let Some(name) = repo.person_name(person)?
    {
        return Ok(name.display());
    }
    Ok(match &ctx.actor {
        Actor::Account { id, .. } => repo.account(*id)?.map_or_else(|| ctx.actor_name(), |a| a.display_name),
        _ => ctx.actor_name(),
    })
}
