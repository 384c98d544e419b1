//! `domain::handling`: what access control sees of an incoming document, the actions a
//! caller is offered on it (a co-handler acts in place, registering happens once, refusing
//! an assignment only on a unit's copy), and who sees the page of what they just wrote.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

mod support;

use std::collections::BTreeSet;

use chancery_domain::access::{DocumentFacts, Principal};
use chancery_domain::document::{ActedBy, Channel, Document, Recipients};
use chancery_domain::handling::{
    Offer, facts, may_cancel, may_see_after_writing, may_update_metadata, offered,
};
use chancery_domain::organisation::{BUILT_IN_ROLES, Organisation, Permission, UnitKind};
use chancery_domain::reference::Confidentiality;
use chancery_domain::workflow::{self, Definition};
use support::*;
use uuid::Uuid;

// The ministry (R), its office (A) with a department (A1); another unit (B).
const R: u128 = 1;
const A: u128 = 2;
const A1: u128 = 3;
const B: u128 = 4;

// People and their positions (same numbers).
const CLERK: u128 = 2;
const HEAD: u128 = 3;
const MAIN: u128 = 4;
const CO: u128 = 5;
const OUTSIDER: u128 = 6;

fn org() -> Organisation {
    let mut events = vec![
        agency_created(unit(R), "BNV", "BNV"),
        unit_created(unit(A), unit(R), UnitKind::Unit, "VP", "VP"),
        unit_created(unit(A1), unit(A), UnitKind::Department, "VP.HC", "HC"),
        unit_created(unit(B), unit(R), UnitKind::Unit, "TCCB", "TCCB"),
        role_defined(
            "unit_clerk",
            &[Permission::KeepRegisters, Permission::HandleDocuments],
            false,
        ),
        role_defined(
            "department_head",
            &[Permission::HandleDocuments, Permission::DirectUnitDocuments],
            false,
        ),
        role_defined("specialist", &[Permission::HandleDocuments], false),
    ];
    for (who, name, at, role) in [
        (CLERK, "clerk", A, "unit_clerk"),
        (HEAD, "head", A1, "department_head"),
        (MAIN, "main", A1, "specialist"),
        (CO, "co", A1, "specialist"),
        (OUTSIDER, "outsider", B, "specialist"),
    ] {
        events.push(person_registered(
            person(who),
            name,
            Confidentiality::Normal,
        ));
        events.push(position_assigned(
            position(who),
            person(who),
            unit(at),
            role,
        ));
    }
    organisation(events)
}

fn p2() -> Definition {
    let roles: BTreeSet<String> = BUILT_IN_ROLES.iter().map(|r| r.0.to_owned()).collect();
    workflow::load(workflow::SHIPPED, &roles)
        .unwrap()
        .into_iter()
        .find(|d| d.id == "p2-incoming-unit")
        .unwrap()
}

fn principal(org: &Organisation, who: u128) -> Principal {
    Principal::resolve(org, person(who), None, at(9, 0, 0)).unwrap()
}

/// A P2 document of office A at `step`.
fn at_step(step: &str) -> Document {
    Document {
        id: Some(Uuid::from_u128(42)),
        unit: Some(unit(A)),
        definition: ("p2-incoming-unit".to_owned(), 1),
        step: step.to_owned(),
        ..Document::default()
    }
}

fn offers(state: &Document, who: u128) -> Vec<String> {
    let (org, p2) = (org(), p2());
    let facts: DocumentFacts = facts(state, Some(&p2));
    offered(state, &p2, &facts, &principal(&org, who), &org)
        .into_iter()
        .map(|o| match o {
            Offer::Step(name, _) => name.to_owned(),
            Offer::CompletePart => "complete_part".to_owned(),
        })
        .collect()
}

#[test]
fn a_document_waiting_for_the_offices_clerks_is_their_pools() {
    // Given a document received by office A, nobody named at its first step
    let received = at_step("receive");
    // Then access sees the clerks' pool, and the clerk is offered registering and refusing
    let p2 = p2();
    assert_eq!(facts(&received, Some(&p2)).pool_roles, vec!["unit_clerk"]);
    assert_eq!(offers(&received, CLERK), vec!["refuse", "register"]);
    // And a specialist of another unit is offered nothing
    assert!(offers(&received, OUTSIDER).is_empty());
    // When it is a unit's copy of a fan-out, refusing the assignment is offered too
    let copy = Document {
        parent: Some(Uuid::from_u128(41)),
        ..received.clone()
    };
    assert!(offers(&copy, CLERK).contains(&"refuse_assignment".to_owned()));
    // When it is already registered, registering is not offered again
    let registered = Document {
        registration: Some((register(1), 2026, 7)),
        ..received
    };
    assert!(!offers(&registered, CLERK).contains(&"register".to_owned()));
}

#[test]
fn a_co_handler_acts_in_place_and_completes_their_part() {
    // Given a document sent to MAIN with CO co-handling, CO's part open
    let mut handled = at_step("handle");
    handled.holders = Recipients {
        main: Some(position(MAIN)),
        co: vec![position(CO)],
        info: Vec::new(),
    };
    handled.routed = [position(MAIN), position(CO)].into();
    handled.co_open = [position(CO)].into();
    handled.sender = Some(ActedBy {
        person: person(HEAD),
        position: position(HEAD),
    });
    // Then access sees no pool: named people hold it
    assert!(facts(&handled, Some(&p2())).pool_roles.is_empty());
    // And the main handler may finish, forward or file
    assert_eq!(offers(&handled, MAIN), vec!["file", "finish", "forward"]);
    // And the co-handler only files (in place) and completes their part
    assert_eq!(offers(&handled, CO), vec!["file", "complete_part"]);
    // And the head who sent it may recall it before anyone acted
    assert_eq!(offers(&handled, HEAD), vec!["recall"]);
    // When the co-handler's part is done, only the in-place action remains
    handled.co_open.clear();
    assert_eq!(offers(&handled, CO), vec!["file"]);
}

#[test]
fn the_writer_sees_the_page_of_what_they_wrote_while_they_keep_its_register() {
    let (org, p2) = (org(), p2());
    // Given a document the clerk refused (it ended, no pool holds it any more)
    let mut refused = at_step("refused");
    refused.finished = true;
    let facts = facts(&refused, Some(&p2));
    // Then its office's clerk still sees the page; an outsider does not
    assert_eq!(
        may_see_after_writing(&refused, &facts, &principal(&org, CLERK), &org),
        Ok(())
    );
    assert!(may_see_after_writing(&refused, &facts, &principal(&org, OUTSIDER), &org).is_err());
}

#[test]
fn the_page_offers_cancelling_and_correcting_exactly_when_the_domain_accepts_them() {
    let (org, p2) = (org(), p2());
    let today = chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    let cancel =
        |state: &Document, who: u128| may_cancel(state, &p2, &principal(&org, who), &org, today);
    let correct = |state: &Document, who: u128| {
        may_update_metadata(
            state,
            &p2,
            &facts(state, Some(&p2)),
            &principal(&org, who),
            &org,
            today,
        )
    };
    // Given a paper document received by office A, not registered
    let received = Document {
        channel: Some(Channel::Paper),
        ..at_step("receive")
    };
    // Then its clerk may cancel and correct it; nobody else may
    assert!(cancel(&received, CLERK) && correct(&received, CLERK));
    assert!(!cancel(&received, OUTSIDER) && !correct(&received, OUTSIDER));
    assert!(!cancel(&received, HEAD));
    // When it came electronically, it is refused (the sender is told), never cancelled
    let electronic = Document {
        channel: Some(Channel::Electronic),
        ..received.clone()
    };
    assert!(!cancel(&electronic, CLERK) && correct(&electronic, CLERK));
    // When it is registered, the clerk still corrects it at their step but never cancels it
    let registered = Document {
        registration: Some((register(1), 2026, 7)),
        step: "update".to_owned(),
        ..received.clone()
    };
    assert!(!cancel(&registered, CLERK) && correct(&registered, CLERK));
    // When it was sent to a specialist, the specialist corrects it; the clerk no longer does
    let mut handled = Document {
        step: "handle".to_owned(),
        ..registered
    };
    handled.holders = Recipients {
        main: Some(position(MAIN)),
        co: Vec::new(),
        info: Vec::new(),
    };
    handled.routed = [position(MAIN)].into();
    assert!(correct(&handled, MAIN) && !correct(&handled, CLERK) && !correct(&handled, CO));
    // When it has ended, nothing is corrected any more
    let finished = Document {
        finished: true,
        ..handled
    };
    assert!(!correct(&finished, MAIN));
}
