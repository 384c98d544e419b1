//! Which units a fan-out hands a copy to: a unit holds one copy of a document at a time, and
//! gives it back by refusing the assignment (which re-opens the document).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;

use chancery_domain::document::{
    ActedBy, ActionTaken, DocumentEvent, DocumentReopened, Recipients, units_given_copies,
    units_holding_copies,
};
use chancery_domain::ids::{PositionId, UnitId, UserId};
use chancery_domain::organisation::BUILT_IN_ROLES;
use chancery_domain::workflow::{self, Definition};
use uuid::Uuid;

fn p1() -> Definition {
    let roles: BTreeSet<String> = BUILT_IN_ROLES.iter().map(|r| r.0.to_owned()).collect();
    workflow::load(workflow::SHIPPED, &roles)
        .unwrap()
        .into_iter()
        .find(|d| d.id == "p1-incoming-ministry")
        .unwrap()
}

fn unit(n: u128) -> UnitId {
    UnitId(Uuid::from_u128(n))
}

fn taken(from: &str, action: &str, to: &str, units: &[u128]) -> ActionTaken {
    ActionTaken {
        document_id: Uuid::from_u128(1),
        action: action.to_owned(),
        from_step: from.to_owned(),
        to_step: to.to_owned(),
        to_roles: Vec::new(),
        ends: false,
        note: None,
        deadline: None,
        recipients: Recipients::default(),
        units: units.iter().map(|n| unit(*n)).collect(),
        files: Vec::new(),
        by: ActedBy {
            person: UserId(Uuid::from_u128(7)),
            position: PositionId(Uuid::from_u128(8)),
        },
    }
}

fn refused_by(n: u128) -> DocumentEvent {
    DocumentEvent::Reopened(DocumentReopened {
        document_id: Uuid::from_u128(1),
        step: "propose".to_owned(),
        roles: Vec::new(),
        child_id: Uuid::from_u128(100 + n),
        child_unit_id: unit(n),
        note: "không thuộc chức năng".to_owned(),
    })
}

#[test]
fn given_a_first_approval_when_it_fans_out_then_every_unit_named_gets_a_copy() {
    let p1 = p1();
    let holding = units_holding_copies(&p1, &[]);
    let approve = taken("approve", "approve_assignment", "routed", &[1, 2, 3]);
    assert_eq!(
        units_given_copies(&holding, &approve),
        [unit(1), unit(2), unit(3)]
    );
}

#[test]
fn given_units_holding_copies_when_approved_again_then_only_the_others_get_one() {
    let p1 = p1();
    let history = [DocumentEvent::ActionTaken(taken(
        "approve",
        "approve_assignment",
        "routed",
        &[1, 2, 3],
    ))];
    let holding = units_holding_copies(&p1, &history);
    let again = taken("approve", "approve_assignment", "routed", &[2, 3, 4]);
    assert_eq!(units_given_copies(&holding, &again), [unit(4)]);
}

#[test]
fn given_a_unit_that_refused_when_approved_again_then_it_gets_a_new_copy() {
    let p1 = p1();
    let history = [
        DocumentEvent::ActionTaken(taken("approve", "approve_assignment", "routed", &[1, 2])),
        refused_by(2),
    ];
    let holding = units_holding_copies(&p1, &history);
    assert_eq!(holding, BTreeSet::from([unit(1)]));
    let again = taken("approve", "approve_assignment", "routed", &[1, 2]);
    assert_eq!(units_given_copies(&holding, &again), [unit(2)]);
}

#[test]
fn given_a_proposal_naming_units_when_counted_then_it_handed_no_copies() {
    // Proposing names units but hands nothing: only the approval's fan-out does.
    let p1 = p1();
    let history = [DocumentEvent::ActionTaken(taken(
        "propose",
        "propose_assignment",
        "approve",
        &[1, 2],
    ))];
    assert!(units_holding_copies(&p1, &history).is_empty());
}
