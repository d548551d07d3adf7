//! What a body has decided and announced, as others read it: its resolutions, those of the bodies
//! below it, and its convocatorias for the public page and feed.

use cabildo_domain::access::Action;
use cabildo_domain::assembly::AssemblyStatus;
use cabildo_domain::{Body, BodyId};
use cabildo_store::Store;

use super::{AssemblyRecord, ResolutionRecord};
use crate::registry::resolve_body;
use crate::{Ctx, Result, ServiceError};

/// A convocatoria as the public sees it: the assembly and its agenda.
pub type PublicAssembly = (AssemblyRecord, Vec<String>);

/// The convocatorias of a body that publishes its page (for its Atom feed), and the head of its
/// chain of sealed actas: no personal data.
pub fn public_assemblies(store: &Store, code: &str) -> Result<(Body, Vec<PublicAssembly>, cabildo_store::ChainHead)> {
    store.read(|repo| {
        let body = resolve_body(repo, code)?;
        if !body.published {
            return Err(ServiceError::UnknownBody { reference: code.to_string() });
        }
        let mut out = Vec::new();
        for a in repo.assemblies(body.id, 30)? {
            if a.status != AssemblyStatus::Cancelled {
                let agenda = repo.agenda(a.id)?;
                out.push((a, agenda));
            }
        }
        let head = repo.chain_head(body.id)?;
        Ok((body, out, head))
    })
}

/// A body's resolutions, newest first ("Resolución 12/2026").
pub fn resolutions(store: &Store, ctx: &Ctx, body: &str, limit: u64) -> Result<(Body, Vec<ResolutionRecord>)> {
    store.read(|repo| {
        let body = resolve_body(repo, body)?;
        ctx.require(repo, Action::ViewBody, body.id)?;
        let list = repo.resolutions(body.id, limit)?;
        Ok((body, list))
    })
}

/// Resolutions of the bodies below `body` that may be brought up as motions.
pub fn sub_body_resolutions(store: &Store, ctx: &Ctx, body: BodyId) -> Result<Vec<(Body, ResolutionRecord)>> {
    store.read(|repo| {
        ctx.require(repo, Action::ViewBody, body)?;
        let children: Vec<Body> = repo.bodies()?.into_iter().filter(|b| b.parent_id == Some(body)).collect();
        let mut out = Vec::new();
        for child in children {
            for r in repo.resolutions(child.id, 20)? {
                out.push((child.clone(), r));
            }
        }
        Ok(out)
    })
}
