//! Who a document may be routed to: the positions an action names as handlers (main,
//! co-handlers, for information) and the units a fan-out assigns it to. Each must exist and
//! be in use (an active position, a unit not dissolved) and belong to the sender's own agency:
//! nobody routes into another agency's private units (documents cross agencies through the
//! exchange, as outgoing documents).
//!
//! Also decided here, once: whom a person is likely to send to ([`likely_recipients`]: their
//! leaders, their own unit's staff, the units of their agency; on an outgoing document
//! [`likely_recipients_of_outgoing_action`]: those acting at the step a submission leads to),
//! which unit is a person's own ([`home_unit`]), and who receives for a unit
//! named as a recipient ([`receiver_of_unit`]: its head, else its clerk), which
//! [`resolve_unit_recipients`] applies before an action is recorded, so a recorded action
//! always names positions.

use std::cmp::Reverse;

use crate::access::{DocumentFacts, Principal};
use crate::document::{Document, Recipients};
use crate::error::{DomainError, DomainResult};
use crate::handling::{self, Offer};
use crate::ids::{PositionId, UnitId};
use crate::organisation::{Organisation, Permission, Position, UnitKind};
use crate::outgoing::Outgoing;
use crate::workflow::{Condition, Definition, Need};

/// May someone acting in unit `from` name `recipients` as handlers? Refused with
/// `UNKNOWN_POSITION` (no such active position) or `OUTSIDE_THE_AGENCY`, on `recipients`.
pub fn may_route_to_positions(
    organisation: &Organisation,
    from: UnitId,
    recipients: &Recipients,
) -> DomainResult<()> {
    let my_agency = organisation.agency_of(from).map(|u| u.id);
    for position in recipients.all() {
        let target = organisation
            .positions
            .get(&position)
            .filter(|p| p.active)
            .ok_or_else(|| {
                DomainError::validation(
                    "recipients",
                    "UNKNOWN_POSITION",
                    format!("no position {}", position.0),
                )
            })?;
        if organisation.agency_of(target.unit).map(|u| u.id) != my_agency {
            return Err(DomainError::validation(
                "recipients",
                "OUTSIDE_THE_AGENCY",
                "a recipient belongs to another agency",
            ));
        }
    }
    Ok(())
}

/// May someone acting in unit `from` assign a document to `units`? Refused with
/// `UNKNOWN_UNIT` (no such unit, or dissolved) or `OUTSIDE_THE_AGENCY`, on `units`.
pub fn may_route_to_units(
    organisation: &Organisation,
    from: UnitId,
    units: &[UnitId],
) -> DomainResult<()> {
    let my_agency = organisation.agency_of(from).map(|u| u.id);
    for unit in units {
        let known = organisation
            .units
            .get(unit)
            .filter(|u| !u.dissolved)
            .ok_or_else(|| {
                DomainError::validation("units", "UNKNOWN_UNIT", format!("no unit {}", unit.0))
            })?;
        if organisation.agency_of(known.id).map(|u| u.id) != my_agency {
            return Err(DomainError::validation(
                "units",
                "OUTSIDE_THE_AGENCY",
                "a unit belongs to another agency",
            ));
        }
    }
    Ok(())
}

/// Units named as recipients of an action (a department or unit chosen as main handler,
/// co-handler or for information); each stands for the position that receives for it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UnitRecipients {
    pub main: Option<UnitId>,
    pub co: Vec<UnitId>,
    pub info: Vec<UnitId>,
}

impl UnitRecipients {
    pub fn is_empty(&self) -> bool {
        self.main.is_none() && self.co.is_empty() && self.info.is_empty()
    }
}

/// The people and units someone is likely to send a document to, in the order a dialog
/// offers them, all within the sender's own agency.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LikelyRecipients {
    /// The leaders of the sender's unit who act at the step the action leads to (a clerk
    /// submitting to the leader; a deputy consulting the head), the head first.
    pub leaders: Vec<PositionId>,
    /// The other active positions of the sender's own department or unit (for someone sitting
    /// in an agency itself: only those sitting directly in it), those who direct first.
    pub staff: Vec<PositionId>,
    /// The departments of the sender's unit, then the other units of the agency: each has
    /// someone who receives for it ([`receiver_of_unit`]).
    pub units: Vec<UnitId>,
}

fn grants(organisation: &Organisation, position: &Position, permission: Permission) -> bool {
    organisation
        .roles
        .get(&position.role)
        .is_some_and(|r| r.permissions.contains(&permission))
}

/// Held by an active person in a unit still in use.
fn in_use(organisation: &Organisation, position: &Position) -> bool {
    position.active
        && organisation
            .people
            .get(&position.person)
            .is_some_and(|p| p.active)
        && organisation
            .units
            .get(&position.unit)
            .is_some_and(|u| !u.dissolved)
}

/// The unit a position works in, in the sense of "my unit": the nearest unit or agency at
/// or above `unit` (a department's staff belong to the unit the department is part of).
/// The directory lists the people of the caller's home unit first.
pub fn home_unit(organisation: &Organisation, unit: UnitId) -> UnitId {
    let mut cursor = organisation.units.get(&unit);
    let mut steps = 0;
    while let Some(u) = cursor {
        if u.kind != UnitKind::Department {
            return u.id;
        }
        steps += 1;
        if steps > organisation.units.len() {
            break;
        }
        cursor = u.parent.and_then(|p| organisation.units.get(&p));
    }
    unit
}

/// Sorts positions: those directing documents first, heads (who monitor deadlines) before
/// deputies, then by the holder's name, then by id (a stable order).
fn sort_positions(organisation: &Organisation, positions: &mut [&Position]) {
    positions.sort_by_key(|p| {
        (
            Reverse(grants(organisation, p, Permission::DirectUnitDocuments)),
            Reverse(grants(organisation, p, Permission::MonitorDeadlines)),
            organisation
                .people
                .get(&p.person)
                .map(|person| person.full_name.to_lowercase())
                .unwrap_or_default(),
            p.id,
        )
    });
}

/// The position that receives a document sent to `unit`: its head (an active position
/// sitting in the unit itself whose role directs the unit's documents; the one who also
/// monitors deadlines before deputies), else its clerk (one keeping registers there), else
/// none.
pub fn receiver_of_unit(organisation: &Organisation, unit: UnitId) -> Option<PositionId> {
    let here: Vec<&Position> = organisation
        .positions
        .values()
        .filter(|p| p.unit == unit && in_use(organisation, p))
        .collect();
    let mut heads: Vec<&Position> = here
        .iter()
        .copied()
        .filter(|p| grants(organisation, p, Permission::DirectUnitDocuments))
        .collect();
    sort_positions(organisation, &mut heads);
    if let Some(head) = heads.first() {
        return Some(head.id);
    }
    let mut clerks: Vec<&Position> = here
        .into_iter()
        .filter(|p| grants(organisation, p, Permission::KeepRegisters))
        .collect();
    sort_positions(organisation, &mut clerks);
    clerks.first().map(|p| p.id)
}

/// Whom someone acting in `acting` is likely to send to with an action leading to a step
/// whose roles are `to_roles` ([`LikelyRecipients`]). Nothing outside the sender's agency;
/// nothing of a position that ended, of a person who left, or of a dissolved unit; never the
/// sender's own position.
pub fn likely_recipients(
    organisation: &Organisation,
    acting: PositionId,
    to_roles: &[String],
) -> LikelyRecipients {
    let Some(me) = organisation.positions.get(&acting).filter(|p| p.active) else {
        return LikelyRecipients::default();
    };
    let my_agency = organisation.agency_of(me.unit).map(|u| u.id);
    let home = home_unit(organisation, me.unit);
    let usable = |p: &&Position| {
        p.id != acting
            && in_use(organisation, p)
            && organisation.agency_of(p.unit).map(|u| u.id) == my_agency
            && my_agency.is_some()
    };
    let mut leaders: Vec<&Position> = organisation
        .positions
        .values()
        .filter(usable)
        .filter(|p| {
            p.unit == home
                && to_roles.contains(&p.role)
                && grants(organisation, p, Permission::DirectUnitDocuments)
        })
        .collect();
    sort_positions(organisation, &mut leaders);
    let acting_in_agency = organisation
        .units
        .get(&me.unit)
        .is_some_and(|u| u.kind == UnitKind::Agency);
    let mut staff: Vec<&Position> = organisation
        .positions
        .values()
        .filter(usable)
        .filter(|p| !leaders.iter().any(|l| l.id == p.id))
        .filter(|p| {
            if acting_in_agency {
                p.unit == me.unit
            } else {
                organisation.is_within(p.unit, me.unit)
            }
        })
        .collect();
    sort_positions(organisation, &mut staff);
    // The departments of my unit, then the other units directly under my agency.
    let by_name = |a: &&crate::organisation::Unit, b: &&crate::organisation::Unit| {
        a.name
            .to_lowercase()
            .cmp(&b.name.to_lowercase())
            .then(a.id.cmp(&b.id))
    };
    let candidate = |u: &&crate::organisation::Unit| {
        !u.dissolved
            && u.id != me.unit
            && u.id != home
            && u.kind != UnitKind::Agency
            && receiver_of_unit(organisation, u.id).is_some_and(|r| r != acting)
    };
    let mut own: Vec<&crate::organisation::Unit> = organisation
        .units
        .values()
        .filter(candidate)
        .filter(|u| organisation.is_within(u.id, home))
        .collect();
    own.sort_by(by_name);
    let mut others: Vec<&crate::organisation::Unit> = organisation
        .units
        .values()
        .filter(candidate)
        .filter(|u| u.parent.is_some() && u.parent == my_agency)
        .filter(|u| !organisation.is_within(u.id, home))
        .collect();
    others.sort_by(by_name);
    LikelyRecipients {
        leaders: leaders.iter().map(|p| p.id).collect(),
        staff: staff.iter().map(|p| p.id).collect(),
        units: own.iter().chain(others.iter()).map(|u| u.id).collect(),
    }
}

/// The likely recipients of `action` on a document, for the principal: only an action the
/// document offers them now (`handling::offered`, which asks `access` whether they may act
/// on it), else refused `NOT_YOUR_STEP`; an action that names no recipients has none.
pub fn likely_recipients_of_action(
    state: &Document,
    definition: &Definition,
    facts: &DocumentFacts,
    principal: &Principal,
    organisation: &Organisation,
    action: &str,
) -> DomainResult<LikelyRecipients> {
    let offered = handling::offered(state, definition, facts, principal, organisation)
        .into_iter()
        .find_map(|offer| match offer {
            Offer::Step(name, def) if name == action => Some(def),
            _ => None,
        })
        .ok_or_else(|| {
            DomainError::forbidden(
                "NOT_YOUR_STEP",
                format!("{action} is not offered to you on this document now"),
            )
        })?;
    let Some(acting) = principal.acting.as_ref() else {
        return Err(DomainError::forbidden("NO_POSITION", "act in a position"));
    };
    if !offered.needs.contains(&Need::Recipients) {
        return Ok(LikelyRecipients::default());
    }
    let to_roles = definition
        .steps
        .get(&offered.to)
        .map(|s| s.roles.clone())
        .unwrap_or_default();
    Ok(likely_recipients(organisation, acting.position, &to_roles))
}

/// `recipients` with the units named in `units` replaced by the positions receiving for them
/// ([`receiver_of_unit`]), for someone acting in unit `from`. Each unit must exist and be in
/// use (`UNKNOWN_UNIT`), belong to the sender's agency (`OUTSIDE_THE_AGENCY`) and have a head
/// or a clerk (`NO_RECEIVER`), refused on its field (`mainUnit`, `coUnits`, `infoUnits`); a
/// main handler named both as a person and as a unit is refused (`TWO_MAIN_HANDLERS`, on
/// `mainUnit`). A position named twice in one list is kept once.
pub fn resolve_unit_recipients(
    organisation: &Organisation,
    from: UnitId,
    recipients: Recipients,
    units: &UnitRecipients,
) -> DomainResult<Recipients> {
    if units.is_empty() {
        return Ok(recipients);
    }
    let my_agency = organisation.agency_of(from).map(|u| u.id);
    let receiver = |unit: UnitId, field: &'static str| -> DomainResult<PositionId> {
        let known = organisation
            .units
            .get(&unit)
            .filter(|u| !u.dissolved)
            .ok_or_else(|| {
                DomainError::validation(field, "UNKNOWN_UNIT", format!("no unit {}", unit.0))
            })?;
        if my_agency.is_none() || organisation.agency_of(known.id).map(|u| u.id) != my_agency {
            return Err(DomainError::validation(
                field,
                "OUTSIDE_THE_AGENCY",
                "a unit belongs to another agency",
            ));
        }
        receiver_of_unit(organisation, unit).ok_or_else(|| {
            DomainError::validation(
                field,
                "NO_RECEIVER",
                format!(
                    "{} has neither a head nor a clerk to receive it",
                    known.name
                ),
            )
        })
    };
    let mut resolved = recipients;
    if let Some(unit) = units.main {
        if resolved.main.is_some() {
            return Err(DomainError::validation(
                "mainUnit",
                "TWO_MAIN_HANDLERS",
                "name one main handler: a person or a unit",
            ));
        }
        resolved.main = Some(receiver(unit, "mainUnit")?);
    }
    for unit in &units.co {
        let position = receiver(*unit, "coUnits")?;
        if !resolved.co.contains(&position) {
            resolved.co.push(position);
        }
    }
    for unit in &units.info {
        let position = receiver(*unit, "infoUnits")?;
        if !resolved.info.contains(&position) {
            resolved.info.push(position);
        }
    }
    Ok(resolved)
}

/// The likely recipients of `action` on an outgoing document, for the principal: only an
/// action the document offers them now (`issuing::offered`, which asks `access` whether they
/// may act on it), else refused `NOT_YOUR_STEP`, as for an incoming document.
///
/// An action moving the draft on to a step held by a pool (submitting to the department
/// head, to the unit's leaders) may name who takes it: its leaders are the holders of that
/// step's roles in the scope the step would have (`issuing::pool_scope`), those who direct
/// first, and nobody else is offered. An action that needs recipients also offers the
/// sender's own staff and the units of their agency ([`likely_recipients`]). A return, a
/// recall, an end, and an action that signs, numbers or issues name nobody: empty.
pub fn likely_recipients_of_outgoing_action(
    state: &Outgoing,
    definition: &Definition,
    principal: &Principal,
    organisation: &Organisation,
    action: &str,
) -> DomainResult<LikelyRecipients> {
    let offered = crate::issuing::offered(state, definition, principal, organisation)
        .into_iter()
        .find_map(|(name, def)| (name == action).then_some(def))
        .ok_or_else(|| {
            DomainError::forbidden(
                "NOT_YOUR_STEP",
                format!("{action} is not offered to you on this document now"),
            )
        })?;
    let Some(acting) = principal.acting.as_ref() else {
        return Err(DomainError::forbidden("NO_POSITION", "act in a position"));
    };
    let shape = definition.shape(&state.step, offered);
    let names_nobody = !offered.effects.is_empty()
        || offered.when == Some(Condition::SenderBeforeAction)
        || shape.returns
        || shape.ends;
    let (Some(unit), false) = (state.unit, names_nobody) else {
        return Ok(LikelyRecipients::default());
    };
    let Some(me) = organisation.positions.get(&acting.position) else {
        return Ok(LikelyRecipients::default());
    };
    let my_agency = organisation.agency_of(me.unit).map(|u| u.id);
    let to_roles = definition
        .steps
        .get(&offered.to)
        .map(|s| s.roles.clone())
        .unwrap_or_default();
    let mut leaders: Vec<&Position> =
        match crate::issuing::pool_scope(organisation, unit, &to_roles) {
            Some(scope) => organisation
                .positions
                .values()
                .filter(|p| {
                    p.id != acting.position
                        && in_use(organisation, p)
                        && to_roles.contains(&p.role)
                        && organisation.is_within(p.unit, scope)
                        && my_agency.is_some()
                        && organisation.agency_of(p.unit).map(|u| u.id) == my_agency
                })
                .collect(),
            None => Vec::new(),
        };
    sort_positions(organisation, &mut leaders);
    let leaders: Vec<PositionId> = leaders.iter().map(|p| p.id).collect();
    if !offered.needs.contains(&Need::Recipients) {
        return Ok(LikelyRecipients {
            leaders,
            ..LikelyRecipients::default()
        });
    }
    let around = likely_recipients(organisation, acting.position, &to_roles);
    let mut staff: Vec<PositionId> = around.leaders;
    staff.extend(around.staff);
    staff.retain(|p| !leaders.contains(p));
    Ok(LikelyRecipients {
        leaders,
        staff,
        units: around.units,
    })
}

/// Whom the caller is likely to ask for an opinion on an outgoing document: the people of
/// their own department or unit (those who direct first), then the departments of their
/// unit and the other units of their agency (each asked through its head, else its clerk:
/// [`receiver_of_unit`]). Only for someone who may ask now
/// (`issuing::may_request_opinions`), else refused `NOT_A_HANDLER` as the request would be.
pub fn likely_opinion_givers(
    state: &Outgoing,
    definition: &Definition,
    principal: &Principal,
    organisation: &Organisation,
) -> DomainResult<LikelyRecipients> {
    crate::issuing::may_request_opinions(state, definition, principal, organisation)?;
    let Some(acting) = principal.acting.as_ref() else {
        return Ok(LikelyRecipients::default());
    };
    let around = likely_recipients(organisation, acting.position, &[]);
    let mut staff = around.leaders;
    staff.extend(around.staff);
    Ok(LikelyRecipients {
        leaders: Vec::new(),
        staff,
        units: around.units,
    })
}

/// May an action on an outgoing document that does not need recipients (passing it on to
/// the next step's pool) name `recipients` to take it instead? Each must hold a role acting
/// at the step the action leads to, within the scope that step would have for the document's
/// unit `unit` (`issuing::pool_scope`, as [`likely_recipients_of_outgoing_action`] offers them)
/// — someone else could never act there and the document would wait for nobody, or reach
/// another department. Refused `NOT_AT_THAT_STEP` on `main`. An action that needs
/// recipients names whom it sends to freely ([`may_route_to_positions`] still applies).
pub fn may_name_at_next_step(
    organisation: &Organisation,
    definition: &Definition,
    unit: Option<UnitId>,
    step: &str,
    action: &str,
    recipients: &Recipients,
) -> DomainResult<()> {
    let Some(def) = definition
        .steps
        .get(step)
        .and_then(|s| s.actions.get(action))
    else {
        return Ok(());
    };
    if def.needs.contains(&Need::Recipients) || recipients.is_empty() {
        return Ok(());
    }
    let roles = definition
        .steps
        .get(&def.to)
        .map(|s| s.roles.as_slice())
        .unwrap_or_default();
    let scope = unit.and_then(|u| crate::issuing::pool_scope(organisation, u, roles));
    for position in recipients.all() {
        let acts_there = organisation.positions.get(&position).is_some_and(|p| {
            roles.contains(&p.role) && scope.is_none_or(|s| organisation.is_within(p.unit, s))
        });
        if !acts_there {
            return Err(DomainError::validation(
                "main",
                "NOT_AT_THAT_STEP",
                "the person named does not act at the step the document goes to",
            ));
        }
    }
    Ok(())
}
