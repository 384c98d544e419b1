//! Incoming documents (and the copies units receive) as the rest of the organisation meets
//! them — the rules the incoming use cases and pages ask, decided here once: what access
//! control sees of one ([`facts`]: its office, whom it was routed to, and the roles of the
//! pool it waits at when no one is named) and which actions the caller is offered now
//! ([`offered`]).

use crate::access::{self, Action, DocumentFacts, Principal};
use crate::document::{ActedBy, Actor, Document};
use crate::organisation::Organisation;
use crate::reference::Confidentiality;
use crate::workflow::{ActionDef, Condition, Definition, Effect, Need};

/// The document as access control sees it: kept and handled in its office; routed to its
/// named holders; when nobody is named at its current step, the step's roles hold it as a
/// pool (their holders read what they are to act on). `definition` is the one it runs.
pub fn facts(state: &Document, definition: Option<&Definition>) -> DocumentFacts {
    let unit: Vec<_> = state.unit.into_iter().collect();
    let pooled = !state.finished && state.holders.main.is_none() && state.holders.co.is_empty();
    let pool_roles = if pooled {
        definition
            .and_then(|d| d.steps.get(&state.step))
            .map(|step| step.roles.clone())
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    DocumentFacts {
        register_units: unit.clone(),
        units: unit,
        routed_positions: state.routed.iter().copied().collect(),
        pool_roles,
        confidentiality: state
            .metadata
            .as_ref()
            .map_or(Confidentiality::Normal, |m| m.confidentiality),
    }
}

/// An action the caller is offered.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Offer<'d> {
    /// An action of the current step.
    Step(&'d str, &'d ActionDef),
    /// A co-handler's own "my part is done" (`document::COMPLETE_PART`), at whatever step.
    CompletePart,
}

/// What the caller may do now on `state`, in the position they act in:
/// - the current step's actions their role and situation allow, if they hold the step and
///   access lets them act (a named holder by name);
/// - a recall only for its sender, before the next holder acted;
/// - a co-handler acts in place only: moving the document on is the main handler's;
/// - refusing an assignment (re-opening the parent) only on a unit's copy of a fan-out;
/// - registering only once;
/// - and a co-handler's "my part is done" while their part is open.
pub fn offered<'d>(
    state: &Document,
    definition: &'d Definition,
    facts: &DocumentFacts,
    principal: &Principal,
    organisation: &Organisation,
) -> Vec<Offer<'d>> {
    let Some(acting) = principal.acting.as_ref() else {
        return Vec::new();
    };
    let may = |named: bool| {
        access::authorize(
            Some(principal),
            organisation,
            &Action::ActOnDocument { facts, named },
        )
        .is_ok()
    };
    let me = acting.position;
    let holds = state.holds(me);
    let named = state.holders.main == Some(me) || state.holders.co.contains(&me);
    let co_only = state.holders.main != Some(me) && state.holders.co.contains(&me);
    let situation = state.situation(me);
    let mut offers: Vec<Offer<'d>> = definition
        .available(&state.step, &acting.role, &situation)
        .into_iter()
        .filter(|(name, def)| {
            if def.when == Some(Condition::SenderBeforeAction) {
                return may(true);
            }
            if state.parent.is_none()
                && def
                    .effects
                    .iter()
                    .any(|e| matches!(e, Effect::ReopenParent { .. }))
            {
                return false;
            }
            if *name == "register" && state.registration.is_some() {
                return false;
            }
            let moves = def.to != state.step || def.needs.contains(&Need::Recipients);
            holds && !(co_only && moves) && may(named)
        })
        .map(|(name, def)| Offer::Step(name, def))
        .collect();
    if state.co_open.contains(&me) && may(true) {
        offers.push(Offer::CompletePart);
    }
    offers
}

/// Who the principal acts as on a document today, as the deciders take it.
fn actor_of(principal: &Principal, today: chrono::NaiveDate) -> Option<Actor> {
    let acting = principal.acting.as_ref()?;
    Some(Actor {
        by: ActedBy {
            person: principal.person,
            position: acting.position,
        },
        role: acting.role.clone(),
        today,
    })
}

/// May the caller cancel the document as received by mistake now? One of its office's
/// clerks (`KeepRegistersOf`), on a paper document not registered yet, at its start step
/// (`Document::may_cancel`). The document page offers it when this holds.
pub fn may_cancel(
    state: &Document,
    definition: &Definition,
    principal: &Principal,
    organisation: &Organisation,
    today: chrono::NaiveDate,
) -> bool {
    let (Some(unit), Some(actor)) = (state.unit, actor_of(principal, today)) else {
        return false;
    };
    access::authorize(
        Some(principal),
        organisation,
        &Action::KeepRegistersOf { unit },
    )
    .is_ok()
        && state.may_cancel(definition, &actor).is_ok()
}

/// May the caller correct the document's metadata now? Whoever may act on it at its current
/// step (`ActOnDocument`, named when they hold it) and whose role acts there, while the
/// process runs (`Document::may_update_metadata`): the clerk before and at registration, the
/// handlers at the steps the process gives them.
pub fn may_update_metadata(
    state: &Document,
    definition: &Definition,
    facts: &DocumentFacts,
    principal: &Principal,
    organisation: &Organisation,
    today: chrono::NaiveDate,
) -> bool {
    let Some(actor) = actor_of(principal, today) else {
        return false;
    };
    let me = actor.by.position;
    let named = state.holders.main == Some(me) || state.holders.co.contains(&me);
    access::authorize(
        Some(principal),
        organisation,
        &Action::ActOnDocument { facts, named },
    )
    .is_ok()
        && state.may_update_metadata(definition, &actor).is_ok()
}

/// May the caller see the page of a document they just wrote? Whoever may read it; and its
/// office's register keepers, who still see the document they refused or sent on (the answer
/// to their own action) though it no longer waits with them.
pub fn may_see_after_writing(
    state: &Document,
    facts: &DocumentFacts,
    principal: &Principal,
    organisation: &Organisation,
) -> Result<(), access::Denied> {
    access::authorize(Some(principal), organisation, &Action::ReadDocument(facts)).or_else(|e| {
        let keeper = state.unit.is_some_and(|unit| {
            access::authorize(
                Some(principal),
                organisation,
                &Action::KeepRegistersOf { unit },
            )
            .is_ok()
        });
        if keeper { Ok(()) } else { Err(e) }
    })
}
