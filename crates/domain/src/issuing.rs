//! Outgoing documents (drafts, submissions, issued documents) as the rest of the organisation
//! meets them — the rules the outgoing use cases ask, each decided here once:
//! - what access control sees of one, to read it ([`facts`]) and to act at its step
//!   ([`act_facts`]); who holds a step no one is named at ([`holds_as_pool`]); who may open it
//!   ([`may_read`]); which actions the caller is offered now ([`offered`]); who may edit a
//!   draft ([`may_edit`]); who may ask for opinions on it ([`may_request_opinions`]);
//! - which office numbers and issues it ([`issuing_office`], over [`pool_scope`]), and the
//!   drafting unit's part of its notation ([`drafting_abbreviation`]);
//! - the fields a draft may carry ([`check_fields`]);
//! - the Decision 28 status a recipient's copy reports back ([`copy_status`]).

use crate::access::{self, Action, Denied, DocumentFacts, Principal};
use crate::catalogues::Catalogues;
use crate::document::{Document, FileRef};
use crate::error::{DomainError, DomainResult};
use crate::ids::UnitId;
use crate::organisation::Organisation;
use crate::outgoing::{Addressee, DraftFields, Outgoing, RECALL_ISSUE};
use crate::reference::Confidentiality;
use crate::workflow::{ActionDef, Condition, Definition, Effect};

/// How far up a unit tree a walk goes before it stops (a tree is never this deep; a cycle in
/// corrupt data must not hang a request).
const MAX_DEPTH: usize = 64;

/// The document as access control sees it for reading: kept by its office's registers,
/// handled in the current step's scope (or the drafting unit), routed to its named holders.
pub fn facts(state: &Outgoing) -> DocumentFacts {
    DocumentFacts {
        register_units: state.office.into_iter().collect(),
        units: state
            .scope
            .or(state.unit)
            .into_iter()
            .chain(state.unit)
            .collect(),
        routed_positions: state.routed.iter().copied().collect(),
        pool_roles: Vec::new(),
        confidentiality: state
            .fields
            .as_ref()
            .map_or(Confidentiality::Normal, |f| f.confidentiality),
    }
}

/// The facts for acting: only the current step's scope counts (the drafting unit reads, it
/// does not act at a step held elsewhere).
pub fn act_facts(state: &Outgoing) -> DocumentFacts {
    DocumentFacts {
        units: state.scope.or(state.unit).into_iter().collect(),
        ..facts(state)
    }
}

/// Every file the document carries: the current ones (signed copies included) and every
/// version's and every version's editable source (the .docx its main PDF was made from),
/// which a new version or a marked-up copy may attach again. Whoever reads the document
/// reads these; what is issued is `state.files` alone.
pub fn carried_files(state: &Outgoing) -> Vec<&FileRef> {
    state
        .files
        .iter()
        .chain(state.versions.iter().flat_map(|v| v.files.iter()))
        .chain(state.versions.iter().filter_map(|v| v.source.as_ref()))
        .collect()
}

/// The caller holds the document's current step as one of its pool: the process goes on,
/// the step's roles include the caller's, no one else is named there, and they may act in
/// the step's scope.
pub fn holds_as_pool(
    state: &Outgoing,
    definition: &Definition,
    principal: &Principal,
    organisation: &Organisation,
) -> bool {
    let Some(acting) = principal.acting.as_ref() else {
        return false;
    };
    !state.finished
        && definition
            .steps
            .get(&state.step)
            .is_some_and(|step| step.roles.contains(&acting.role))
        && state.holds(acting.position)
        && access::authorize(
            Some(principal),
            organisation,
            &Action::ActOnDocument {
                facts: &act_facts(state),
                named: false,
            },
        )
        .is_ok()
}

/// Who may open the document: whom the read rules admit, and the holders of the pool it
/// waits at (a clerk of another office checking its format reads what they act on).
pub fn may_read(
    state: &Outgoing,
    definition: Option<&Definition>,
    principal: &Principal,
    organisation: &Organisation,
) -> Result<(), Denied> {
    let read = access::authorize(
        Some(principal),
        organisation,
        &Action::ReadDocument(&facts(state)),
    );
    match read {
        Err(_) if definition.is_some_and(|d| holds_as_pool(state, d, principal, organisation)) => {
            Ok(())
        }
        other => other,
    }
}

/// The actions of the current step the caller is offered now, in the position they act in:
/// those their role and situation allow, that they hold the step for (a recall needs only
/// to have sent it), that access lets them take — and a recall of an issue only once.
pub fn offered<'d>(
    state: &Outgoing,
    definition: &'d Definition,
    principal: &Principal,
    organisation: &Organisation,
) -> Vec<(&'d str, &'d ActionDef)> {
    let Some(acting) = principal.acting.as_ref() else {
        return Vec::new();
    };
    let situation = state.situation(acting.position);
    let facts = act_facts(state);
    let named = state.named(acting.position);
    definition
        .available(&state.step, &acting.role, &situation)
        .into_iter()
        .filter(|(name, def)| {
            if *name == RECALL_ISSUE && state.recalled {
                return false;
            }
            let recall = def.when == Some(Condition::SenderBeforeAction);
            (recall || state.holds(acting.position))
                && access::authorize(
                    Some(principal),
                    organisation,
                    &Action::ActOnDocument {
                        facts: &facts,
                        named: named || recall,
                    },
                )
                .is_ok()
        })
        .collect()
}

/// May the caller edit the draft now — its files, summary, recipients, signer (a new
/// version, `Outgoing::add_version`)? Whoever holds the current step and whose role acts
/// there (the drafter at the draft; the head or the clerk reviewing it at their step), whom
/// access lets act on it, before it is numbered. The document page offers the edit when
/// this holds; the use case asks the same access rule and the decider the same state rule.
pub fn may_edit(
    state: &Outgoing,
    definition: &Definition,
    principal: &Principal,
    organisation: &Organisation,
    today: chrono::NaiveDate,
) -> bool {
    acting_holder(state, principal, organisation, today)
        .is_some_and(|actor| state.may_add_version(definition, &actor).is_ok())
}

/// The caller as the actor they act as, if access lets them act on the document (by name
/// when they hold it or sent it).
fn acting_holder(
    state: &Outgoing,
    principal: &Principal,
    organisation: &Organisation,
    today: chrono::NaiveDate,
) -> Option<crate::document::Actor> {
    let acting = principal.acting.as_ref()?;
    access::authorize(
        Some(principal),
        organisation,
        &Action::ActOnDocument {
            facts: &act_facts(state),
            named: state.named(acting.position),
        },
    )
    .ok()?;
    Some(crate::document::Actor {
        by: crate::document::ActedBy {
            person: principal.person,
            position: acting.position,
        },
        role: acting.role.clone(),
        today,
    })
}

/// May the caller change the recipients of the numbered document now
/// ([`Outgoing::may_change_recipients`]), as access lets them act on it? The document page
/// offers the change when this holds; the use case asks the same rules.
pub fn may_change_recipients(
    state: &Outgoing,
    definition: &Definition,
    principal: &Principal,
    organisation: &Organisation,
    today: chrono::NaiveDate,
) -> bool {
    acting_holder(state, principal, organisation, today)
        .is_some_and(|actor| state.may_change_recipients(definition, &actor).is_ok())
}

/// May the caller ask for opinions on the document now? While its process goes on, whoever
/// holds its step: named there (or its sender), or one of the step's pool
/// ([`holds_as_pool`]: their role acts there and access lets them act in its scope).
/// Refused `NOT_A_HANDLER`; the decider checks the rest (`Outgoing::request_opinions`).
pub fn may_request_opinions(
    state: &Outgoing,
    definition: &Definition,
    principal: &Principal,
    organisation: &Organisation,
) -> DomainResult<()> {
    let refused = || {
        DomainError::forbidden(
            "NOT_A_HANDLER",
            "only the person holding the draft asks for opinions",
        )
    };
    let acting = principal.acting.as_ref().ok_or_else(refused)?;
    let named = state.named(acting.position);
    let by_name = named
        && access::authorize(
            Some(principal),
            organisation,
            &Action::ActOnDocument {
                facts: &act_facts(state),
                named: true,
            },
        )
        .is_ok();
    if state.finished
        || !(by_name || (!named && holds_as_pool(state, definition, principal, organisation)))
    {
        return Err(refused());
    }
    Ok(())
}

/// May the caller take `action` now (before anything they typed is looked at)? A named
/// holder acts by name; the sender recalling acts by name too.
pub fn may_act(
    state: &Outgoing,
    definition: &Definition,
    action: &str,
    principal: &Principal,
    organisation: &Organisation,
) -> Result<(), Denied> {
    let recall = definition
        .steps
        .get(&state.step)
        .and_then(|s| s.actions.get(action))
        .is_some_and(|a| a.when == Some(Condition::SenderBeforeAction));
    let named = principal
        .acting
        .as_ref()
        .is_some_and(|a| state.named(a.position));
    access::authorize(
        Some(principal),
        organisation,
        &Action::ActOnDocument {
            facts: &act_facts(state),
            named: named || recall,
        },
    )
}

/// The unit whose holders of `roles` act at a step of a document drafted in `unit`: the
/// nearest unit at or above it in which an active position has one of the roles.
pub fn pool_scope(organisation: &Organisation, unit: UnitId, roles: &[String]) -> Option<UnitId> {
    if roles.is_empty() {
        return None;
    }
    let holders: Vec<UnitId> = organisation
        .positions
        .values()
        .filter(|p| p.active && roles.contains(&p.role))
        .map(|p| p.unit)
        .collect();
    let mut cursor = Some(unit);
    let mut steps = 0;
    while let Some(u) = cursor {
        if holders.iter().any(|h| organisation.is_within(*h, u)) {
            return Some(u);
        }
        cursor = organisation.units.get(&u).and_then(|x| x.parent);
        steps += 1;
        if steps > MAX_DEPTH {
            break;
        }
    }
    None
}

/// The office that numbers and issues documents of `definition` drafted in `unit`: the office
/// over the pool of the step that numbers (or, without one, issues) — the drafting unit's own
/// office in P4, the ministry's in P3. Without such a step, the drafting unit's office.
pub fn issuing_office(
    organisation: &Organisation,
    definition: &Definition,
    unit: UnitId,
) -> Option<UnitId> {
    let with = |effect: Effect| {
        definition
            .steps
            .values()
            .find(|s| s.actions.values().any(|a| a.effects.contains(&effect)))
    };
    with(Effect::AssignNumber)
        .or_else(|| with(Effect::Issue))
        .and_then(|step| pool_scope(organisation, unit, &step.roles))
        .and_then(|scope| organisation.office_of(scope))
        .or_else(|| organisation.office_of(unit))
}

/// The abbreviation of the unit that drafted a document numbered by `office`: the unit right
/// under the office that contains the drafting unit (none when the office itself drafted).
pub fn drafting_abbreviation(
    organisation: &Organisation,
    office: UnitId,
    unit: UnitId,
) -> Option<String> {
    let mut cursor = Some(unit);
    let mut depth = 0;
    while let Some(u) = cursor {
        let here = organisation.units.get(&u)?;
        if here.parent == Some(office) {
            return Some(here.abbreviation.clone());
        }
        if u == office {
            return None;
        }
        cursor = here.parent;
        depth += 1;
        if depth > MAX_DEPTH {
            return None;
        }
    }
    None
}

/// Every recipient exists: a unit of this installation not dissolved, or an external agency
/// of the directory (`UNKNOWN_UNIT`, `UNKNOWN_AGENCY` on `recipients`).
pub fn check_recipients(
    organisation: &Organisation,
    catalogues: &Catalogues,
    recipients: &[crate::outgoing::Recipient],
) -> DomainResult<()> {
    for r in recipients {
        match r.to {
            Addressee::Unit(u) => {
                if organisation.units.get(&u).is_none_or(|u| u.dissolved) {
                    return Err(DomainError::validation(
                        "recipients",
                        "UNKNOWN_UNIT",
                        "no such unit",
                    ));
                }
            }
            Addressee::Agency(a) => {
                if !catalogues.external_agencies.contains_key(&a) {
                    return Err(DomainError::validation(
                        "recipients",
                        "UNKNOWN_AGENCY",
                        "no such external agency",
                    ));
                }
            }
        }
    }
    Ok(())
}

/// What a draft drafted in `unit` may carry: a catalogue document type still in use;
/// recipient units that exist and are not dissolved (any agency's: its clerk registers the
/// copy), recipient agencies of the directory; a signer who holds an active position in the
/// drafter's agency.
pub fn check_fields(
    organisation: &Organisation,
    catalogues: &Catalogues,
    unit: UnitId,
    fields: &DraftFields,
) -> DomainResult<()> {
    if !catalogues
        .document_types
        .get(&fields.document_type)
        .is_some_and(|t| t.active)
    {
        return Err(DomainError::validation(
            "documentType",
            "UNKNOWN_DOCUMENT_TYPE",
            "no such document type",
        ));
    }
    check_recipients(organisation, catalogues, &fields.recipients)?;
    if let Some(signer) = fields.signer {
        let position = organisation
            .positions
            .get(&signer)
            .filter(|p| p.active)
            .ok_or_else(|| {
                DomainError::validation("signerPositionId", "UNKNOWN_POSITION", "no such position")
            })?;
        let agency = |u: UnitId| organisation.agency_of(u).map(|a| a.id);
        if agency(position.unit) != agency(unit) {
            return Err(DomainError::validation(
                "signerPositionId",
                "OUTSIDE_THE_AGENCY",
                "the signer belongs to another agency",
            ));
        }
    }
    Ok(())
}

/// A recipient's copy's Decision 28 status: 01 received (awaiting registration), 02 refused,
/// 03 registered (still where registering put it), 04 assigned (sent on since), 06 done.
pub fn copy_status(copy: &Document) -> &'static str {
    match (copy.registration.is_some(), copy.finished) {
        (false, true) => "02",
        (false, false) => "01",
        (true, true) => "06",
        (true, false) if copy.sent_from.is_some() && copy.sent_from != copy.registered_at => "04",
        (true, false) => "03",
    }
}
