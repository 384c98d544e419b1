//! Who a document may be routed to (`routing`): given an organisation, when someone acting
//! in a unit names handlers or units, then it is allowed or refused (code and field).
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

mod support;

use chancery_domain::document::Recipients;
use chancery_domain::ids::{PositionId, UnitId};
use chancery_domain::organisation::{Organisation, UnitKind};
use chancery_domain::reference::Confidentiality;
use chancery_domain::routing::{may_route_to_positions, may_route_to_units};
use chancery_domain::{DomainResult, ErrorKind};
use support::*;

// Two agencies: the ministry (R) with its office (A), a department of the office (A1) and a
// dissolved unit (D); another ministry (S) with its office (X).
const R: u128 = 1;
const A: u128 = 2;
const A1: u128 = 3;
const D: u128 = 4;
const S: u128 = 5;
const X: u128 = 6;

// Positions: a clerk of A, a specialist of A1, a clerk of X, and a position of A that ended.
const CLERK: u128 = 1;
const SPECIALIST: u128 = 2;
const FOREIGN_CLERK: u128 = 3;
const ENDED: u128 = 4;

fn given_two_agencies() -> Organisation {
    organisation([
        agency_created(unit(R), "BNV", "BNV"),
        unit_created(unit(A), unit(R), UnitKind::Unit, "VP", "VP"),
        unit_created(unit(A1), unit(A), UnitKind::Department, "VP.HC", "HC"),
        unit_created(unit(D), unit(R), UnitKind::Unit, "OLD", "OLD"),
        unit_dissolved(unit(D)),
        agency_created(unit(S), "BTC", "BTC"),
        unit_created(unit(X), unit(S), UnitKind::Unit, "VP2", "VP2"),
        role_defined("clerk", &[], false),
        role_defined("specialist", &[], false),
        person_registered(person(1), "a", Confidentiality::Normal),
        person_registered(person(2), "b", Confidentiality::Normal),
        person_registered(person(3), "c", Confidentiality::Normal),
        person_registered(person(4), "d", Confidentiality::Normal),
        position_assigned(position(CLERK), person(1), unit(A), "clerk"),
        position_assigned(position(SPECIALIST), person(2), unit(A1), "specialist"),
        position_assigned(position(FOREIGN_CLERK), person(3), unit(X), "clerk"),
        position_assigned(position(ENDED), person(4), unit(A), "specialist"),
        position_ended(position(ENDED)),
    ])
}

fn main_handler(p: PositionId) -> Recipients {
    Recipients {
        main: Some(p),
        co: Vec::new(),
        info: Vec::new(),
    }
}

/// Then: refused as a validation error with this code on this field.
fn then_refused(result: DomainResult<()>, code: &str, field: &str) {
    let error = result.expect_err("refused");
    assert_eq!(
        (error.kind, error.code, error.field),
        (ErrorKind::Validation, code, Some(field)),
        "{error}"
    );
    assert!(!error.detail.is_empty(), "a refusal explains itself");
}

#[test]
fn a_clerk_routes_to_active_positions_of_their_own_agency_in_every_role() {
    let organisation = given_two_agencies();
    let recipients = Recipients {
        main: Some(position(SPECIALIST)),
        co: vec![position(CLERK)],
        info: vec![position(SPECIALIST)],
    };
    assert_eq!(
        may_route_to_positions(&organisation, unit(A), &recipients),
        Ok(())
    );
    // From a department, the whole agency is in reach too (not only the own unit).
    assert_eq!(
        may_route_to_positions(&organisation, unit(A1), &main_handler(position(CLERK))),
        Ok(())
    );
    // Naming nobody is not refused here (the action's own rule says whether it needs someone).
    assert_eq!(
        may_route_to_positions(&organisation, unit(A), &Recipients::default()),
        Ok(())
    );
}

#[test]
fn a_position_of_another_agency_is_out_of_reach_in_any_role() {
    let organisation = given_two_agencies();
    then_refused(
        may_route_to_positions(
            &organisation,
            unit(A),
            &main_handler(position(FOREIGN_CLERK)),
        ),
        "OUTSIDE_THE_AGENCY",
        "recipients",
    );
    let as_information = Recipients {
        main: Some(position(SPECIALIST)),
        co: Vec::new(),
        info: vec![position(FOREIGN_CLERK)],
    };
    then_refused(
        may_route_to_positions(&organisation, unit(A), &as_information),
        "OUTSIDE_THE_AGENCY",
        "recipients",
    );
    // And the other way round.
    then_refused(
        may_route_to_positions(&organisation, unit(X), &main_handler(position(CLERK))),
        "OUTSIDE_THE_AGENCY",
        "recipients",
    );
}

#[test]
fn an_ended_or_unknown_position_is_unknown() {
    let organisation = given_two_agencies();
    then_refused(
        may_route_to_positions(&organisation, unit(A), &main_handler(position(ENDED))),
        "UNKNOWN_POSITION",
        "recipients",
    );
    let co_unknown = Recipients {
        main: Some(position(SPECIALIST)),
        co: vec![PositionId(uuid::Uuid::from_u128(0xdead))],
        info: Vec::new(),
    };
    then_refused(
        may_route_to_positions(&organisation, unit(A), &co_unknown),
        "UNKNOWN_POSITION",
        "recipients",
    );
}

#[test]
fn a_document_is_assigned_to_units_of_the_own_agency_that_still_exist() {
    let organisation = given_two_agencies();
    assert_eq!(
        may_route_to_units(&organisation, unit(A), &[unit(A), unit(A1), unit(R)]),
        Ok(())
    );
    assert_eq!(may_route_to_units(&organisation, unit(A), &[]), Ok(()));
    then_refused(
        may_route_to_units(&organisation, unit(A), &[unit(A1), unit(X)]),
        "OUTSIDE_THE_AGENCY",
        "units",
    );
    then_refused(
        may_route_to_units(&organisation, unit(A), &[unit(D)]),
        "UNKNOWN_UNIT",
        "units",
    );
    then_refused(
        may_route_to_units(
            &organisation,
            unit(A),
            &[UnitId(uuid::Uuid::from_u128(0xbeef))],
        ),
        "UNKNOWN_UNIT",
        "units",
    );
}
