//! Process definitions as data (`domain::processes`): what publishing accepts and refuses,
//! which version new documents start with where and when, and which of two processes that
//! start at the same role is the default.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::collections::BTreeSet;

use chancery_domain::ErrorKind;
use chancery_domain::organisation::{BUILT_IN_ROLES, Organisation, UnitKind};
use chancery_domain::processes::{ProcessCommand, ProcessEvent, Processes};
use chancery_domain::workflow::{self, Definition, Subject};
use chrono::NaiveDate;
use support::*;

const R: u128 = 1;
const A: u128 = 2;
const A1: u128 = 3;
const B: u128 = 4;

fn org() -> Organisation {
    organisation([
        agency_created(unit(R), "BNV", "BNV"),
        unit_created(unit(A), unit(R), UnitKind::Unit, "VP", "VP"),
        unit_created(unit(A1), unit(A), UnitKind::Department, "VP.HC", "HC"),
        unit_created(unit(B), unit(R), UnitKind::Unit, "TCCB", "TCCB"),
    ])
}

fn shipped() -> Vec<Definition> {
    let roles: BTreeSet<String> = BUILT_IN_ROLES.iter().map(|r| r.0.to_owned()).collect();
    workflow::load(workflow::SHIPPED, &roles).unwrap()
}

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2027, m, d).unwrap()
}

/// P2 with a legal review between the specialist's handling and the end: the specialist's
/// "finish" now leads to `legal_review`, where the department head finishes.
fn p2_with_legal_review(version: u32) -> serde_json::Value {
    let mut p2: serde_json::Value = serde_json::to_value(
        shipped()
            .into_iter()
            .find(|d| d.id == "p2-incoming-unit")
            .unwrap(),
    )
    .unwrap();
    p2["version"] = version.into();
    p2["steps"]["handle"]["actions"]["finish"]["to"] = "legal_review".into();
    p2["steps"]["legal_review"] = serde_json::json!({
        "title": {"vi": "Thẩm định pháp lý", "en": "Legal review", "lo": "ກວດສອບດ້ານກົດໝາຍ"},
        "roles": ["department_head"],
        "actions": {
            "finish": {
                "title": {"vi": "Kết thúc", "en": "Finish", "lo": "ສຳເລັດ"},
                "to": "finished",
                "needs": ["note"]
            }
        }
    });
    p2
}

fn publish(json: &serde_json::Value) -> ProcessCommand {
    ProcessCommand::Publish {
        definition: json.to_string(),
        note: Some("Thêm bước thẩm định pháp lý".to_owned()),
    }
}

fn after(processes: &mut Processes, organisation: &Organisation, command: ProcessCommand) {
    for e in processes.decide(organisation, day(1, 1), command).unwrap() {
        processes.evolve(&e);
    }
}

#[test]
fn given_the_shipped_p2_when_its_next_version_adds_a_legal_review_then_it_is_published() {
    let processes = Processes::with_shipped(shipped());
    let events = processes
        .decide(&org(), day(1, 1), publish(&p2_with_legal_review(2)))
        .unwrap();
    let [ProcessEvent::ProcessPublished(published)] = events.as_slice() else {
        panic!("one publication expected, got {events:?}");
    };
    assert_eq!(published.definition.id, "p2-incoming-unit");
    assert_eq!(published.definition.version, 2);
    assert!(published.definition.steps.contains_key("legal_review"));
}

#[test]
fn given_a_definition_with_problems_when_published_then_every_problem_is_named() {
    let processes = Processes::with_shipped(shipped());
    let mut broken = p2_with_legal_review(2);
    broken["steps"]["legal_review"]["actions"]["finish"]["to"] = "nowhere".into();
    broken["steps"]["legal_review"]["roles"] = serde_json::json!(["no_such_role"]);
    let problems = processes
        .check(&org(), &broken.to_string())
        .expect_err("refused");
    let codes: BTreeSet<&str> = problems.iter().map(|p| p.code()).collect();
    assert_eq!(
        codes,
        BTreeSet::from(["PROCESS_UNKNOWN_TARGET", "PROCESS_UNKNOWN_ROLE"])
    );
    assert!(problems.iter().all(|p| p.step() == Some("legal_review")));
    let error = processes
        .decide(&org(), day(1, 1), publish(&broken))
        .expect_err("refused");
    assert_eq!(error.code, "INVALID_PROCESS");
    assert_eq!(error.fact("problems"), Some("2"));
    // Not JSON at all: one syntax problem, no panic.
    let problems = processes.check(&org(), "{ not json").expect_err("refused");
    assert_eq!(problems[0].code(), "PROCESS_SYNTAX");
}

#[test]
fn given_a_process_when_a_version_other_than_the_next_is_published_then_it_is_refused() {
    let processes = Processes::with_shipped(shipped());
    for wrong in [1, 3] {
        let error = processes
            .decide(&org(), day(1, 1), publish(&p2_with_legal_review(wrong)))
            .expect_err("refused");
        assert_eq!(error.kind, ErrorKind::Conflict);
        assert_eq!(error.code, "PROCESS_VERSION_TAKEN");
        assert_eq!(error.fact("nextVersion"), Some("2"));
    }
    let mut other_subject = p2_with_legal_review(2);
    other_subject["subject"] = "task".into();
    let error = processes
        .decide(&org(), day(1, 1), publish(&other_subject))
        .expect_err("refused");
    assert_eq!(error.code, "PROCESS_SUBJECT_CHANGED");
}

#[test]
fn given_a_published_version_when_nobody_activated_it_then_new_documents_keep_the_shipped_one() {
    let organisation = org();
    let mut processes = Processes::with_shipped(shipped());
    after(
        &mut processes,
        &organisation,
        publish(&p2_with_legal_review(2)),
    );
    let in_force = processes
        .in_force(&organisation, "p2-incoming-unit", Some(unit(A1)), day(6, 1))
        .unwrap();
    assert_eq!(in_force.version, 1);
    assert_eq!(processes.latest("p2-incoming-unit").unwrap().version, 2);
}

#[test]
fn given_activations_when_a_document_starts_then_the_most_specific_scope_from_its_date_wins() {
    let organisation = org();
    let mut processes = Processes::with_shipped(shipped());
    after(
        &mut processes,
        &organisation,
        publish(&p2_with_legal_review(2)),
    );
    // Version 2 for unit A (and below) from 1 March; the agency stays at 1.
    after(
        &mut processes,
        &organisation,
        ProcessCommand::Activate {
            process: "p2-incoming-unit".to_owned(),
            version: 2,
            unit_id: Some(unit(A)),
            from: day(3, 1),
        },
    );
    let version = |p: &Processes, u: u128, d: NaiveDate| {
        p.in_force(&organisation, "p2-incoming-unit", Some(unit(u)), d)
            .map(|d| d.version)
    };
    assert_eq!(
        version(&processes, A1, day(2, 28)),
        Some(1),
        "before its date"
    );
    assert_eq!(
        version(&processes, A1, day(3, 1)),
        Some(2),
        "a department of A, from its date"
    );
    assert_eq!(version(&processes, A, day(3, 1)), Some(2));
    assert_eq!(version(&processes, B, day(3, 1)), Some(1), "another unit");
    // Then the whole agency goes back to version 1 from April: A's own activation, more
    // specific, still holds there.
    after(
        &mut processes,
        &organisation,
        ProcessCommand::Activate {
            process: "p2-incoming-unit".to_owned(),
            version: 1,
            unit_id: None,
            from: day(4, 1),
        },
    );
    assert_eq!(version(&processes, A1, day(4, 2)), Some(2));
    assert_eq!(version(&processes, B, day(4, 2)), Some(1));
}

#[test]
fn given_two_incoming_processes_at_one_role_when_the_old_variant_is_activated_then_it_becomes_the_default()
 {
    let organisation = org();
    let mut processes = Processes::with_shipped(shipped());
    let starts_at_ministry_clerk = |d: &Definition| {
        d.subject == Subject::IncomingDocument
            && d.steps
                .get(&d.start)
                .is_some_and(|s| s.roles.iter().any(|r| r == "ministry_clerk"))
    };
    let default = |p: &Processes, d: NaiveDate| {
        p.starting(&organisation, Some(unit(R)), d, starts_at_ministry_clerk)
            .map(|d| d.id.clone())
    };
    assert_eq!(
        default(&processes, day(1, 1)).as_deref(),
        Some("p1-incoming-ministry")
    );
    after(
        &mut processes,
        &organisation,
        ProcessCommand::Activate {
            process: "p1-incoming-ministry-direct".to_owned(),
            version: 1,
            unit_id: None,
            from: day(2, 1),
        },
    );
    assert_eq!(
        default(&processes, day(1, 31)).as_deref(),
        Some("p1-incoming-ministry"),
        "before its date"
    );
    assert_eq!(
        default(&processes, day(2, 1)).as_deref(),
        Some("p1-incoming-ministry-direct")
    );
    // The current process activated again, later: it is the default again.
    after(
        &mut processes,
        &organisation,
        ProcessCommand::Activate {
            process: "p1-incoming-ministry".to_owned(),
            version: 1,
            unit_id: None,
            from: day(3, 1),
        },
    );
    assert_eq!(
        default(&processes, day(3, 1)).as_deref(),
        Some("p1-incoming-ministry")
    );
}

#[test]
fn given_an_activation_when_it_is_wrong_then_it_is_refused_and_a_repeat_records_nothing() {
    let organisation = org();
    let processes = Processes::with_shipped(shipped());
    let activate = |process: &str, version, unit_id, from| ProcessCommand::Activate {
        process: process.to_owned(),
        version,
        unit_id,
        from,
    };
    let refused = |command| {
        processes
            .decide(&organisation, day(1, 10), command)
            .expect_err("refused")
            .code
    };
    assert_eq!(
        refused(activate("p2-incoming-unit", 1, None, day(1, 9))),
        "ACTIVATION_IN_THE_PAST"
    );
    assert_eq!(
        refused(activate("no-such-process", 1, None, day(1, 10))),
        "UNKNOWN_PROCESS"
    );
    assert_eq!(
        refused(activate("p2-incoming-unit", 9, None, day(1, 10))),
        "NOT_FOUND"
    );
    assert_eq!(
        refused(activate("p2-incoming-unit", 1, Some(unit(99)), day(1, 10))),
        "NOT_FOUND"
    );
    let mut processes = processes.clone();
    let command = activate("p2-incoming-unit", 1, Some(unit(B)), day(1, 10));
    after(&mut processes, &organisation, command.clone());
    assert!(
        processes
            .decide(&organisation, day(1, 10), command)
            .unwrap()
            .is_empty()
    );
}
