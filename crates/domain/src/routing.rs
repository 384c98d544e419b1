//! Who a document may be routed to: the positions an action names as handlers (main,
//! co-handlers, for information) and the units a fan-out assigns it to. Each must exist and
//! be in use (an active position, a unit not dissolved) and belong to the sender's own agency:
//! nobody routes into another agency's private units (documents cross agencies through the
//! exchange, as outgoing documents).

use crate::document::Recipients;
use crate::error::{DomainError, DomainResult};
use crate::ids::UnitId;
use crate::organisation::Organisation;

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
