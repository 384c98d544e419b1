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

// ---------------------------------------------------------------------------------------
// Likely recipients, and a unit as a recipient
// ---------------------------------------------------------------------------------------

mod likely {
    use super::*;
    use chancery_domain::organisation::Permission::*;
    use chancery_domain::routing::{
        LikelyRecipients, UnitRecipients, likely_recipients, receiver_of_unit,
        resolve_unit_recipients,
    };

    // The ministry (M) with a unit (V: a head, a deputy, a clerk), its departments P1 (a head,
    // two specialists, one who left), P2 (only a clerk), P3 (nobody), a dissolved department
    // (PD), another unit (W, a head); another agency (N) with a unit (Y, a head).
    const M: u128 = 10;
    const V: u128 = 11;
    const P1: u128 = 12;
    const P2: u128 = 13;
    const P3: u128 = 14;
    const PD: u128 = 15;
    const W: u128 = 16;
    const N: u128 = 17;
    const Y: u128 = 18;

    const HEAD: u128 = 10;
    const DEPUTY: u128 = 11;
    const CLERK_V: u128 = 12;
    const DEPT_HEAD: u128 = 13;
    const SPEC_1: u128 = 14;
    const SPEC_2: u128 = 15;
    const SPEC_LEFT: u128 = 16;
    const CLERK_P2: u128 = 17;
    const HEAD_W: u128 = 18;
    const HEAD_Y: u128 = 19;

    fn roles(names: &[&str]) -> Vec<String> {
        names.iter().map(|r| (*r).to_owned()).collect()
    }

    fn given_a_ministry_and_a_province() -> Organisation {
        let mut events = vec![
            agency_created(unit(M), "BNV", "BNV"),
            unit_created(unit(V), unit(M), UnitKind::Unit, "TCCB", "TCCB"),
            unit_created(unit(P1), unit(V), UnitKind::Department, "CC", "CC"),
            unit_created(unit(P2), unit(V), UnitKind::Department, "TL", "TL"),
            unit_created(unit(P3), unit(V), UnitKind::Department, "EMPTY", "EMPTY"),
            unit_created(unit(PD), unit(V), UnitKind::Department, "OLD", "OLD"),
            unit_dissolved(unit(PD)),
            unit_created(unit(W), unit(M), UnitKind::Unit, "KHTC", "KHTC"),
            agency_created(unit(N), "SNV", "SNV"),
            unit_created(unit(Y), unit(N), UnitKind::Unit, "TCBC", "TCBC"),
            role_defined(
                "unit_head",
                &[
                    DirectUnitDocuments,
                    SignDocuments,
                    HandleDocuments,
                    MonitorDeadlines,
                ],
                false,
            ),
            role_defined(
                "unit_deputy",
                &[DirectUnitDocuments, SignDocuments, HandleDocuments],
                false,
            ),
            role_defined(
                "department_head",
                &[DirectUnitDocuments, HandleDocuments],
                false,
            ),
            role_defined("unit_clerk", &[KeepRegisters, HandleDocuments], false),
            role_defined("specialist", &[HandleDocuments], false),
        ];
        for (n, name) in [
            (HEAD, "head"),
            (DEPUTY, "deputy"),
            (CLERK_V, "clerk"),
            (DEPT_HEAD, "depthead"),
            (SPEC_1, "spec1"),
            (SPEC_2, "spec2"),
            (SPEC_LEFT, "left"),
            (CLERK_P2, "clerk2"),
            (HEAD_W, "headw"),
            (HEAD_Y, "heady"),
        ] {
            events.push(person_registered(person(n), name, Confidentiality::Normal));
        }
        for (p, u, role) in [
            // The deputy first: the head is still the one receiving for the unit.
            (DEPUTY, V, "unit_deputy"),
            (HEAD, V, "unit_head"),
            (CLERK_V, V, "unit_clerk"),
            (DEPT_HEAD, P1, "department_head"),
            (SPEC_1, P1, "specialist"),
            (SPEC_2, P1, "specialist"),
            (SPEC_LEFT, P1, "specialist"),
            (CLERK_P2, P2, "unit_clerk"),
            (HEAD_W, W, "unit_head"),
            (HEAD_Y, Y, "unit_head"),
        ] {
            events.push(position_assigned(position(p), person(p), unit(u), role));
        }
        events.push(person_deactivated(person(SPEC_LEFT)));
        organisation(events)
    }

    fn positions(ns: &[u128]) -> Vec<PositionId> {
        ns.iter().map(|n| position(*n)).collect()
    }

    fn units(ns: &[u128]) -> Vec<UnitId> {
        ns.iter().map(|n| unit(*n)).collect()
    }

    #[test]
    fn a_clerk_submitting_to_the_leader_is_offered_the_head_then_the_deputy_then_their_unit_then_its_departments()
     {
        let organisation = given_a_ministry_and_a_province();
        let likely = likely_recipients(
            &organisation,
            position(CLERK_V),
            &roles(&["unit_head", "unit_deputy"]),
        );
        assert_eq!(
            likely,
            LikelyRecipients {
                leaders: positions(&[HEAD, DEPUTY]),
                // Those who direct first; nobody who left; never the clerk themself.
                staff: positions(&[DEPT_HEAD, CLERK_P2, SPEC_1, SPEC_2]),
                // Their unit's departments that have someone to receive (not the empty one,
                // not the dissolved one), then the agency's other units; never another
                // agency's.
                units: units(&[P1, P2, W]),
            }
        );
    }

    #[test]
    fn a_department_head_forwarding_to_a_specialist_is_offered_their_department_and_no_leaders() {
        let organisation = given_a_ministry_and_a_province();
        let likely = likely_recipients(&organisation, position(DEPT_HEAD), &roles(&["specialist"]));
        assert_eq!(likely.leaders, Vec::<PositionId>::new());
        assert_eq!(likely.staff, positions(&[SPEC_1, SPEC_2]));
        // Their own department is not offered as a recipient of their own.
        assert_eq!(likely.units, units(&[P2, W]));
    }

    #[test]
    fn the_leader_directing_is_offered_the_deputy_and_everyone_of_the_unit_never_another_agency() {
        let organisation = given_a_ministry_and_a_province();
        let likely = likely_recipients(
            &organisation,
            position(HEAD),
            &roles(&["specialist", "department_head", "unit_head", "unit_deputy"]),
        );
        assert_eq!(likely.leaders, positions(&[DEPUTY]));
        assert_eq!(
            likely.staff,
            positions(&[DEPT_HEAD, CLERK_V, CLERK_P2, SPEC_1, SPEC_2])
        );
        assert_eq!(likely.units, units(&[P1, P2, W]));
        let everyone: Vec<PositionId> = likely
            .leaders
            .iter()
            .chain(&likely.staff)
            .copied()
            .collect();
        assert!(!everyone.contains(&position(HEAD_Y)));
    }

    #[test]
    fn someone_whose_position_ended_is_offered_nobody() {
        let mut organisation = given_a_ministry_and_a_province();
        organisation.evolve(&position_ended(position(CLERK_V)));
        assert_eq!(
            likely_recipients(&organisation, position(CLERK_V), &roles(&["unit_head"])),
            LikelyRecipients::default()
        );
    }

    #[test]
    fn a_unit_is_received_by_its_head_else_its_clerk_else_by_nobody() {
        let organisation = given_a_ministry_and_a_province();
        assert_eq!(
            receiver_of_unit(&organisation, unit(V)),
            Some(position(HEAD))
        );
        assert_eq!(
            receiver_of_unit(&organisation, unit(P1)),
            Some(position(DEPT_HEAD))
        );
        assert_eq!(
            receiver_of_unit(&organisation, unit(P2)),
            Some(position(CLERK_P2))
        );
        assert_eq!(receiver_of_unit(&organisation, unit(P3)), None);
    }

    #[test]
    fn departments_named_as_recipients_become_the_positions_receiving_for_them() {
        let organisation = given_a_ministry_and_a_province();
        let resolved = resolve_unit_recipients(
            &organisation,
            unit(V),
            Recipients {
                main: None,
                co: vec![position(SPEC_1)],
                info: vec![],
            },
            &UnitRecipients {
                main: Some(unit(P1)),
                co: vec![unit(P2), unit(P2)],
                info: vec![unit(W)],
            },
        )
        .unwrap();
        assert_eq!(
            resolved,
            Recipients {
                main: Some(position(DEPT_HEAD)),
                co: vec![position(SPEC_1), position(CLERK_P2)],
                info: vec![position(HEAD_W)],
            }
        );
    }

    fn resolving(main: Option<u128>, unit_recipients: UnitRecipients) -> DomainResult<()> {
        resolve_unit_recipients(
            &given_a_ministry_and_a_province(),
            unit(V),
            Recipients {
                main: main.map(position),
                co: vec![],
                info: vec![],
            },
            &unit_recipients,
        )
        .map(|_| ())
    }

    #[test]
    fn a_unit_of_another_agency_an_empty_or_dissolved_unit_or_two_main_handlers_are_refused() {
        then_refused(
            resolving(
                None,
                UnitRecipients {
                    co: vec![unit(Y)],
                    ..UnitRecipients::default()
                },
            ),
            "OUTSIDE_THE_AGENCY",
            "coUnits",
        );
        then_refused(
            resolving(
                None,
                UnitRecipients {
                    main: Some(unit(P3)),
                    ..UnitRecipients::default()
                },
            ),
            "NO_RECEIVER",
            "mainUnit",
        );
        then_refused(
            resolving(
                None,
                UnitRecipients {
                    info: vec![unit(PD)],
                    ..UnitRecipients::default()
                },
            ),
            "UNKNOWN_UNIT",
            "infoUnits",
        );
        then_refused(
            resolving(
                Some(SPEC_1),
                UnitRecipients {
                    main: Some(unit(P1)),
                    ..UnitRecipients::default()
                },
            ),
            "TWO_MAIN_HANDLERS",
            "mainUnit",
        );
    }
}
