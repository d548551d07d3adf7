//! What the assembly pages and API share: reading form values, the options of the selects,
//! handing a phone vote to the vote box and a secret ballot to the ballot box.

use std::collections::HashMap;

use std::time::Duration;

use cabildo_domain::assembly::{AssemblyKind, BallotOption, DecisionRule, ElectionRule, MotionId, VoteMethod};
use cabildo_domain::{DomainError, Field};
use cabildo_i18n::Lang;
use cabildo_services::ServiceError;
use cabildo_services::assembly::{self, BallotReceipt, PhoneAnswer};

use crate::http::Fields;
use crate::state::AppState;
use crate::ui::text::options;

/// A submitted form's values by name.
pub(super) type Values = HashMap<String, String>;

/// A form value, trimmed ("" when missing).
pub(super) fn val(values: &Values, name: &str) -> String {
    values.get(name).map_or_else(String::new, |v| v.trim().to_string())
}

pub(super) fn kind_options(lang: Lang) -> Vec<(String, String)> {
    options(lang, "assembly-kind", AssemblyKind::ALL.iter().map(|k| k.code()))
}

/// The vote methods offered: phone voting only where it fits the assembly (`phone_voting`).
pub(super) fn method_options(lang: Lang, phone_voting: bool) -> Vec<(String, String)> {
    let methods = VoteMethod::ALL.iter().filter(|m| phone_voting || **m != VoteMethod::Phone);
    options(lang, "vote-method", methods.map(|k| k.code()))
}

pub(super) fn rule_options(lang: Lang) -> Vec<(String, String)> {
    options(lang, "decision-rule", DecisionRule::ALL.iter().map(|k| k.code()))
}

pub(super) fn election_rule_options(lang: Lang) -> Vec<(String, String)> {
    options(lang, "election-rule", ElectionRule::ALL.iter().map(|k| k.code()))
}

/// A count typed in a form (empty is zero); a failure is noted next to the field.
pub(super) fn parse_count(form: &mut Fields, name: &str, field: Field) -> Option<u64> {
    form.check(name, |v| {
        let v = v.trim();
        if v.is_empty() {
            return Ok(0);
        }
        v.parse::<u64>().map_err(|_| DomainError::BadNumber { field, value: v.to_string() })
    })
}

/// Hands a phone vote to the vote box and waits, without a blocking thread, until its batch has
/// committed: only then is the phone told it was counted.
pub(super) async fn cast_phone_vote(
    state: &AppState,
    motion: MotionId,
    ticket: &str,
    option: &str,
) -> Result<PhoneAnswer, ServiceError> {
    let (sender, answer) = tokio::sync::oneshot::channel();
    state.phones.submit(&state.store, motion, ticket, option, move |result| {
        drop(sender.send(result));
    });
    answer.await.map_err(|_| ServiceError::Unavailable("the vote box stopped".into()))?
}

/// How long a voter's request waits for its ballot to be written with others before the answer
/// says it is in the box. Where people vote at once, most hear "counted"; a lone voter is not kept.
pub(super) const BALLOT_WAIT: Duration = Duration::from_secs(2);

/// Puts a secret ballot in the ballot box and waits, without holding a worker, up to
/// [`BALLOT_WAIT`] for its batch to be written: counted, or still in the box.
pub(super) async fn cast_ballot(
    state: &AppState,
    motion: MotionId,
    code: String,
    option: BallotOption,
) -> Result<BallotReceipt, ServiceError> {
    let (sender, sealed) = tokio::sync::oneshot::channel();
    let reply: assembly::BallotReply = Box::new(move |result| drop(sender.send(result)));
    let receipt =
        state.run(move |store| assembly::deposit_secret_ballot(store, motion, &code, option, Some(reply))).await?;
    if receipt == BallotReceipt::Counted {
        return Ok(receipt);
    }
    match tokio::time::timeout(BALLOT_WAIT, sealed).await {
        Ok(Ok(Ok(()))) => Ok(BallotReceipt::Counted),
        Ok(Ok(Err(e))) => Err(e),
        // Not written yet (or the box was dropped): in the box, as far as anyone can tell now.
        Ok(Err(_)) | Err(_) => Ok(BallotReceipt::InTheBox),
    }
}
