//! `domain::issuing`: the rules the outgoing use cases ask — the fields a draft may carry,
//! whom a step may name, which office issues, the drafting unit's part of a notation, who
//! reads a draft waiting at a pool and which actions they are offered, and the status a
//! recipient's copy reports.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

mod support;

use std::collections::BTreeSet;

use chancery_domain::access::{Denied, Principal};
use chancery_domain::catalogues::{
    CatalogueEvent, Catalogues, DocumentTypeDefined, ExternalAgencyRecorded,
};
use chancery_domain::document::Document;
use chancery_domain::ids::{ExternalAgencyId, UnitId};
use chancery_domain::issuing::{
    check_fields, copy_status, drafting_abbreviation, issuing_office, may_edit, may_read, offered,
};
use chancery_domain::organisation::{
    BUILT_IN_ROLES, Names, OrgEvent, Organisation, Permission, UnitKind,
};
use chancery_domain::outgoing::{Addressee, Delivery, DraftFields, Outgoing, Recipient};
use chancery_domain::reference::{Confidentiality, Urgency};
use chancery_domain::routing::{
    LikelyRecipients, likely_opinion_givers, likely_recipients_of_outgoing_action,
    may_name_at_next_step,
};
use chancery_domain::workflow::{self, Definition};
use support::*;
use uuid::Uuid;

// The ministry (R) with its office (A) and the office's department (A1); the personnel unit
// (B); another agency (X).
const R: u128 = 1;
const A: u128 = 2;
const A1: u128 = 3;
const B: u128 = 4;
const X: u128 = 9;

// People and their positions (same numbers).
const CLERK_A: u128 = 2;
const HEAD_A1: u128 = 3;
const SPECIALIST_A1: u128 = 4;
const SPECIALIST_B: u128 = 5;
const CLERK_X: u128 = 9;

fn org() -> Organisation {
    let mut events: Vec<OrgEvent> = vec![
        agency_created(unit(R), "BNV", "BNV"),
        unit_created(unit(A), unit(R), UnitKind::Unit, "VP", "VP"),
        unit_created(unit(A1), unit(A), UnitKind::Department, "VP.HC", "HC"),
        unit_created(unit(B), unit(R), UnitKind::Unit, "TCCB", "TCCB"),
        agency_created(unit(X), "UBND", "UBND"),
    ];
    for (code, permissions) in [
        (
            "unit_clerk",
            vec![Permission::KeepRegisters, Permission::HandleDocuments],
        ),
        (
            "department_head",
            vec![Permission::HandleDocuments, Permission::DirectUnitDocuments],
        ),
        ("specialist", vec![Permission::HandleDocuments]),
    ] {
        events.push(role_defined(code, &permissions, false));
    }
    for (who, username, at, role) in [
        (CLERK_A, "clerk.a", A, "unit_clerk"),
        (HEAD_A1, "head.a1", A1, "department_head"),
        (SPECIALIST_A1, "cv.a1", A1, "specialist"),
        (SPECIALIST_B, "cv.b", B, "specialist"),
        (CLERK_X, "clerk.x", X, "unit_clerk"),
    ] {
        events.push(person_registered(
            person(who),
            username,
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

fn p4() -> Definition {
    let roles: BTreeSet<String> = BUILT_IN_ROLES.iter().map(|r| r.0.to_owned()).collect();
    workflow::load(workflow::SHIPPED, &roles)
        .unwrap()
        .into_iter()
        .find(|d| d.id == "p4-outgoing-unit")
        .unwrap()
}

fn p3() -> Definition {
    let roles: BTreeSet<String> = BUILT_IN_ROLES.iter().map(|r| r.0.to_owned()).collect();
    workflow::load(workflow::SHIPPED, &roles)
        .unwrap()
        .into_iter()
        .find(|d| d.id == "p3-submission-ministry")
        .unwrap()
}

fn agency() -> ExternalAgencyId {
    ExternalAgencyId(Uuid::from_u128(77))
}

fn catalogues() -> Catalogues {
    let mut c = Catalogues::default();
    for (code, active) in [("cong-van", true), ("old-type", false)] {
        c.evolve(&CatalogueEvent::DocumentTypeDefined(DocumentTypeDefined {
            code: code.to_owned(),
            abbreviation: None,
            names: Names {
                vi: code.to_owned(),
                en: code.to_owned(),
                lo: code.to_owned(),
            },
            active,
        }));
    }
    c.evolve(&CatalogueEvent::ExternalAgencyRecorded(
        ExternalAgencyRecorded {
            agency_id: agency(),
            name: "Ủy ban nhân dân tỉnh Ninh Bình".to_owned(),
            identifier_code: None,
            address: None,
            email: None,
            active: true,
        },
    ));
    c
}

fn fields() -> DraftFields {
    DraftFields {
        document_type: "cong-van".to_owned(),
        summary: "Về việc báo cáo biên chế".to_owned(),
        signer: Some(position(HEAD_A1)),
        signing_authority: None,
        recipients: vec![
            Recipient {
                to: Addressee::Unit(unit(B)),
                delivery: Delivery::ElectronicOnly,
            },
            Recipient {
                to: Addressee::Agency(agency()),
                delivery: Delivery::ElectronicAndPaper,
            },
        ],
        urgency: Urgency::Normal,
        confidentiality: Confidentiality::Normal,
        reply_deadline: None,
        related_documents: Vec::new(),
        field: None,
        notes: None,
    }
}

fn code_of(result: chancery_domain::DomainResult<()>) -> &'static str {
    result.err().map_or("OK", |e| e.code)
}

fn principal(org: &Organisation, who: u128) -> Principal {
    Principal::resolve(org, person(who), None, at(9, 0, 0)).unwrap()
}

/// A P4 draft of A1 waiting at `step` in scope `scope`, held by its pool (no one named).
fn draft_at(step: &str, scope: u128) -> Outgoing {
    Outgoing {
        id: Some(Uuid::from_u128(42)),
        unit: Some(unit(A1)),
        office: Some(unit(A)),
        scope: Some(unit(scope)),
        definition: ("p4-outgoing-unit".to_owned(), 1),
        fields: Some(fields()),
        step: step.to_owned(),
        start: "draft".to_owned(),
        ..Outgoing::default()
    }
}

#[test]
fn a_draft_carries_catalogue_types_known_recipients_and_a_signer_of_its_agency() {
    let (org, catalogues) = (org(), catalogues());
    // Given a draft of A1 with a known type, a unit and an agency as recipients, its head
    // signing: accepted
    assert_eq!(
        code_of(check_fields(&org, &catalogues, unit(A1), &fields())),
        "OK"
    );
    // A recipient unit of another agency is fine too (its clerk registers the copy)
    let mut other = fields();
    other.recipients[0].to = Addressee::Unit(unit(X));
    assert_eq!(
        code_of(check_fields(&org, &catalogues, unit(A1), &other)),
        "OK"
    );
    // When the type is unknown or no longer in use, then it is refused
    for code in ["no-such-type", "old-type"] {
        let mut f = fields();
        f.document_type = code.to_owned();
        assert_eq!(
            code_of(check_fields(&org, &catalogues, unit(A1), &f)),
            "UNKNOWN_DOCUMENT_TYPE"
        );
    }
    // When a recipient unit or agency does not exist
    let mut f = fields();
    f.recipients[0].to = Addressee::Unit(UnitId(Uuid::from_u128(555)));
    assert_eq!(
        code_of(check_fields(&org, &catalogues, unit(A1), &f)),
        "UNKNOWN_UNIT"
    );
    let mut f = fields();
    f.recipients[1].to = Addressee::Agency(ExternalAgencyId(Uuid::from_u128(556)));
    assert_eq!(
        code_of(check_fields(&org, &catalogues, unit(A1), &f)),
        "UNKNOWN_AGENCY"
    );
    // When a dissolved unit is named
    let mut dissolved = org.clone();
    dissolved.evolve(&unit_dissolved(unit(B)));
    assert_eq!(
        code_of(check_fields(&dissolved, &catalogues, unit(A1), &fields())),
        "UNKNOWN_UNIT"
    );
    // When the signer is another agency's, or no position at all
    let mut f = fields();
    f.signer = Some(position(CLERK_X));
    assert_eq!(
        code_of(check_fields(&org, &catalogues, unit(A1), &f)),
        "OUTSIDE_THE_AGENCY"
    );
    f.signer = Some(position(999));
    assert_eq!(
        code_of(check_fields(&org, &catalogues, unit(A1), &f)),
        "UNKNOWN_POSITION"
    );
}

#[test]
fn a_p4_draft_is_issued_by_its_units_office_and_notated_with_the_drafting_unit() {
    let org = org();
    // Given P4, whose numbering step the unit clerk holds: a draft of A1 is issued by A
    assert_eq!(issuing_office(&org, &p4(), unit(A1)), Some(unit(A)));
    // The notation names the unit right under the office that drafted it
    assert_eq!(
        drafting_abbreviation(&org, unit(A), unit(A1)).as_deref(),
        Some("HC")
    );
    // The office itself drafting adds nothing; a unit outside the office's tree neither
    assert_eq!(drafting_abbreviation(&org, unit(A), unit(A)), None);
    assert_eq!(drafting_abbreviation(&org, unit(A), unit(B)), None);
}

#[test]
fn the_pool_a_draft_waits_at_reads_it_and_is_offered_its_actions() {
    let (org, p4) = (org(), p4());
    // Given a draft of A1 waiting for the office's clerks (scope A), no one named
    let at_clerks = draft_at("issuing", A);
    // Then A's clerk (the pool) may read it and is offered the step's actions
    let clerk = principal(&org, CLERK_A);
    assert_eq!(may_read(&at_clerks, Some(&p4), &clerk, &org), Ok(()));
    assert!(!offered(&at_clerks, &p4, &clerk, &org).is_empty());
    // And a specialist of another unit is neither let in nor offered anything
    let outsider = principal(&org, SPECIALIST_B);
    assert!(matches!(
        may_read(&at_clerks, Some(&p4), &outsider, &org),
        Err(Denied::Forbidden(_))
    ));
    assert!(offered(&at_clerks, &p4, &outsider, &org).is_empty());
    // And a draft waiting for A1's department head is the head's, not the clerk's
    let at_head = draft_at("department_review", A1);
    assert!(offered(&at_head, &p4, &clerk, &org).is_empty());
    let head = principal(&org, HEAD_A1);
    assert!(!offered(&at_head, &p4, &head, &org).is_empty());
    assert_eq!(may_read(&at_head, Some(&p4), &head, &org), Ok(()));
}

#[test]
fn a_draft_is_edited_by_whoever_holds_it_at_its_step_until_it_is_numbered() {
    let (org, p4) = (org(), p4());
    let today = chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    let edits =
        |state: &Outgoing, who: u128| may_edit(state, &p4, &principal(&org, who), &org, today);
    // Given a draft of A1 at the drafting step, held by its drafter
    let mut drafting = draft_at("draft", A1);
    drafting.holders.main = Some(position(SPECIALIST_A1));
    drafting.routed = [position(SPECIALIST_A1)].into();
    // Then the drafter edits it; the head (whose role drafts too, but who does not hold it)
    // and a specialist of another unit do not
    assert!(edits(&drafting, SPECIALIST_A1));
    assert!(!edits(&drafting, HEAD_A1) && !edits(&drafting, SPECIALIST_B));
    // When it waits for the department head, the head edits it; the drafter no longer does
    let at_head = draft_at("department_review", A1);
    assert!(edits(&at_head, HEAD_A1));
    assert!(!edits(&at_head, SPECIALIST_A1) && !edits(&at_head, CLERK_A));
    // When it waits for the office's clerks to issue it, the clerk edits it
    let at_clerks = draft_at("issuing", A);
    assert!(edits(&at_clerks, CLERK_A) && !edits(&at_clerks, HEAD_A1));
    // When it is numbered, nobody edits it any more
    let mut numbered = at_clerks.clone();
    numbered.number = Some(chancery_domain::outgoing::OutgoingNumbered {
        document_id: Uuid::from_u128(42),
        register_id: register(1),
        year: 2026,
        number: 7,
        number_notation: "7/VP-HC".to_owned(),
        issue_date: today,
        by: chancery_domain::document::ActedBy {
            person: person(CLERK_A),
            position: position(CLERK_A),
        },
    });
    assert!(!edits(&numbered, CLERK_A));
}

#[test]
fn a_recipients_copy_reports_its_decision_28_status() {
    let copy = |registered: bool, finished: bool, sent_on: bool| Document {
        registration: registered.then(|| (register(1), 2026, 1)),
        registered_at: registered.then(|| "assign".to_owned()),
        sent_from: sent_on.then(|| "handle".to_owned()),
        finished,
        ..Document::default()
    };
    assert_eq!(copy_status(&copy(false, false, false)), "01");
    assert_eq!(copy_status(&copy(false, true, false)), "02");
    assert_eq!(copy_status(&copy(true, false, false)), "03");
    assert_eq!(copy_status(&copy(true, false, true)), "04");
    assert_eq!(copy_status(&copy(true, true, true)), "06");
}

// More people for choosing whom to submit to: A's head and deputy, a second specialist of
// A1, B's head (another unit), X's head (another agency), a secretary of the ministry, and
// a deputy of A whose position ended.
const LEADER_A: u128 = 10;
const DEPUTY_A: u128 = 11;
const SPECIALIST2_A1: u128 = 12;
const LEADER_B: u128 = 13;
const LEADER_X: u128 = 14;
const SECRETARY_R: u128 = 15;
const FORMER_DEPUTY_A: u128 = 16;

fn org_with_leaders() -> Organisation {
    let mut org = org();
    org.evolve(&role_defined(
        "unit_head",
        &[
            Permission::HandleDocuments,
            Permission::DirectUnitDocuments,
            Permission::MonitorDeadlines,
        ],
        false,
    ));
    org.evolve(&role_defined(
        "unit_deputy",
        &[Permission::HandleDocuments, Permission::DirectUnitDocuments],
        false,
    ));
    org.evolve(&role_defined(
        "leader_secretary",
        &[Permission::HandleDocuments],
        false,
    ));
    for (who, name, at, role) in [
        // Named so that by name alone the deputy would come first.
        (LEADER_A, "z.leader.a", A, "unit_head"),
        (DEPUTY_A, "a.deputy.a", A, "unit_deputy"),
        (SPECIALIST2_A1, "cv2.a1", A1, "specialist"),
        (LEADER_B, "leader.b", B, "unit_head"),
        (LEADER_X, "leader.x", X, "unit_head"),
        (SECRETARY_R, "secretary.r", R, "leader_secretary"),
        (FORMER_DEPUTY_A, "former.a", A, "unit_deputy"),
    ] {
        org.evolve(&person_registered(
            person(who),
            name,
            Confidentiality::Normal,
        ));
        org.evolve(&position_assigned(
            position(who),
            person(who),
            unit(at),
            role,
        ));
    }
    org.evolve(&position_ended(position(FORMER_DEPUTY_A)));
    org
}

fn likely(
    state: &Outgoing,
    definition: &Definition,
    org: &Organisation,
    who: u128,
    action: &str,
) -> chancery_domain::DomainResult<LikelyRecipients> {
    likely_recipients_of_outgoing_action(state, definition, &principal(org, who), org, action)
}

#[test]
fn a_drafter_submitting_is_offered_who_acts_at_the_next_step_and_nobody_else() {
    let (org, p4) = (org_with_leaders(), p4());
    // Given a P4 draft of A1 held by its drafter
    let mut drafting = draft_at("draft", A1);
    drafting.holders.main = Some(position(SPECIALIST_A1));
    drafting.routed = [position(SPECIALIST_A1)].into();
    // When the drafter submits to the department: the department's head, alone
    assert_eq!(
        likely(&drafting, &p4, &org, SPECIALIST_A1, "submit_to_department").unwrap(),
        LikelyRecipients {
            leaders: vec![position(HEAD_A1)],
            ..LikelyRecipients::default()
        }
    );
    // When they submit to the unit's leaders: A's head first, then its deputy; not the
    // deputy whose position ended, not B's head, not another agency's head
    assert_eq!(
        likely(&drafting, &p4, &org, SPECIALIST_A1, "submit_to_leader").unwrap(),
        LikelyRecipients {
            leaders: vec![position(LEADER_A), position(DEPUTY_A)],
            ..LikelyRecipients::default()
        }
    );
    // When they delete the draft (an end): nobody to name
    assert_eq!(
        likely(&drafting, &p4, &org, SPECIALIST_A1, "delete").unwrap(),
        LikelyRecipients::default()
    );
}

#[test]
fn a_head_passing_a_draft_on_is_offered_the_leaders_and_a_return_names_nobody() {
    let (org, p4) = (org_with_leaders(), p4());
    // Given the draft waiting for A1's head (the pool of the step)
    let at_head = draft_at("department_review", A1);
    assert_eq!(
        likely(&at_head, &p4, &org, HEAD_A1, "submit_to_leader").unwrap(),
        LikelyRecipients {
            leaders: vec![position(LEADER_A), position(DEPUTY_A)],
            ..LikelyRecipients::default()
        }
    );
    // A return goes back to the drafter by itself
    assert_eq!(
        likely(&at_head, &p4, &org, HEAD_A1, "return").unwrap(),
        LikelyRecipients::default()
    );
    // And a leader signing names nobody (the clerks' pool takes it)
    let at_leader = draft_at("leader_review", A);
    assert_eq!(
        likely(&at_leader, &p4, &org, LEADER_A, "sign").unwrap(),
        LikelyRecipients::default()
    );
}

#[test]
fn someone_who_may_not_take_the_action_is_refused_as_today() {
    let (org, p4) = (org_with_leaders(), p4());
    let mut drafting = draft_at("draft", A1);
    drafting.holders.main = Some(position(SPECIALIST_A1));
    drafting.routed = [position(SPECIALIST_A1)].into();
    // Another specialist of the department, a specialist of another unit, another agency's
    // head: the action is not theirs to take
    for who in [SPECIALIST2_A1, SPECIALIST_B, LEADER_X] {
        let error = likely(&drafting, &p4, &org, who, "submit_to_department").unwrap_err();
        assert_eq!(
            (error.kind, error.code),
            (chancery_domain::ErrorKind::Forbidden, "NOT_YOUR_STEP"),
            "{who}"
        );
    }
    // The drafter asking for an action the step does not offer them
    let error = likely(&drafting, &p4, &org, SPECIALIST_A1, "sign").unwrap_err();
    assert_eq!(error.code, "NOT_YOUR_STEP");
}

#[test]
fn an_action_that_needs_recipients_offers_the_next_step_then_ones_own_people_and_units() {
    let (org, p3) = (org_with_leaders(), p3());
    // Given a P3 submission of A1 waiting for A's clerks to check its format
    let mut at_clerks = draft_at("format_check", A);
    at_clerks.definition = ("p3-submission-ministry".to_owned(), 1);
    // When the clerk forwards it to the secretaries (recipients needed): the ministry's
    // secretary first, then the people of the clerk's unit (those who direct first), then
    // the department of the unit and the agency's other units
    let offered = likely(&at_clerks, &p3, &org, CLERK_A, "forward_to_secretary").unwrap();
    assert_eq!(offered.leaders, vec![position(SECRETARY_R)]);
    assert_eq!(
        offered.staff,
        vec![
            position(LEADER_A),
            position(DEPUTY_A),
            position(HEAD_A1),
            position(SPECIALIST_A1),
            position(SPECIALIST2_A1),
        ]
    );
    assert_eq!(offered.units, vec![unit(A1), unit(B)]);
}

#[test]
fn whoever_holds_a_draft_is_offered_their_own_people_and_the_agencys_units_to_ask() {
    let (org, p4) = (org_with_leaders(), p4());
    // Given the draft held by its drafter
    let mut drafting = draft_at("draft", A1);
    drafting.holders.main = Some(position(SPECIALIST_A1));
    drafting.routed = [position(SPECIALIST_A1)].into();
    // Then the drafter is offered their department's people (its head first) and the other
    // units of the agency (B; A is their own unit, X another agency)
    assert_eq!(
        likely_opinion_givers(&drafting, &p4, &principal(&org, SPECIALIST_A1), &org).unwrap(),
        LikelyRecipients {
            leaders: Vec::new(),
            staff: vec![position(HEAD_A1), position(SPECIALIST2_A1)],
            units: vec![unit(B)],
        }
    );
    // When the head holds it at their step (its pool), the same people but the head
    let at_head = draft_at("department_review", A1);
    assert_eq!(
        likely_opinion_givers(&at_head, &p4, &principal(&org, HEAD_A1), &org)
            .unwrap()
            .staff,
        vec![position(SPECIALIST_A1), position(SPECIALIST2_A1)]
    );
    // And whoever does not hold it (a specialist of the head's department whose role does
    // not act at the head's step included), or a document whose process ended, is refused
    for (state, who) in [
        (&drafting, SPECIALIST2_A1),
        (&drafting, SPECIALIST_B),
        (&at_head, SPECIALIST_A1),
    ] {
        let error = likely_opinion_givers(state, &p4, &principal(&org, who), &org).unwrap_err();
        assert_eq!(
            (error.kind, error.code),
            (chancery_domain::ErrorKind::Forbidden, "NOT_A_HANDLER"),
            "{who}"
        );
    }
    let mut ended = drafting.clone();
    ended.finished = true;
    assert_eq!(
        likely_opinion_givers(&ended, &p4, &principal(&org, SPECIALIST_A1), &org)
            .unwrap_err()
            .code,
        "NOT_A_HANDLER"
    );
}

#[test]
fn passing_a_draft_on_names_only_someone_acting_at_the_next_step() {
    let (org, p4, p3) = (org_with_leaders(), p4(), p3());
    let naming = |who: u128| chancery_domain::document::Recipients {
        main: Some(position(who)),
        ..Default::default()
    };
    // Submitting to the department names its head, or nobody (the step's pool)
    let submit = |r: &chancery_domain::document::Recipients| {
        may_name_at_next_step(
            &org,
            &p4,
            Some(unit(A1)),
            "draft",
            "submit_to_department",
            r,
        )
    };
    assert_eq!(submit(&naming(HEAD_A1)), Ok(()));
    assert_eq!(submit(&Default::default()), Ok(()));
    // Never a colleague who could not act there (the document would wait for nobody)
    let error = submit(&naming(SPECIALIST2_A1)).unwrap_err();
    assert_eq!(
        (error.kind, error.code, error.field),
        (
            chancery_domain::ErrorKind::Validation,
            "NOT_AT_THAT_STEP",
            Some("main")
        )
    );
    // Nor, as a co-handler, a leader when it goes to the department
    let with_leader = chancery_domain::document::Recipients {
        main: Some(position(HEAD_A1)),
        co: vec![position(LEADER_A)],
        info: Vec::new(),
    };
    assert_eq!(submit(&with_leader).unwrap_err().code, "NOT_AT_THAT_STEP");
    // Submitting to the leaders names a leader of the draft's own unit, never another unit's
    let to_leader = |who: u128| {
        may_name_at_next_step(
            &org,
            &p4,
            Some(unit(A1)),
            "department_review",
            "submit_to_leader",
            &naming(who),
        )
    };
    assert_eq!(to_leader(LEADER_A), Ok(()));
    assert_eq!(to_leader(LEADER_B).unwrap_err().code, "NOT_AT_THAT_STEP");
    // An action that needs recipients names whom it sends to
    assert_eq!(
        may_name_at_next_step(
            &org,
            &p3,
            Some(unit(A1)),
            "format_check",
            "forward_to_secretary",
            &naming(SPECIALIST_A1)
        ),
        Ok(())
    );
}
