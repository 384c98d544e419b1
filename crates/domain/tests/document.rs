//! The incoming-document decider on the shipped P2 definition: a full walk, and every
//! refusal the engine owes a careless or hostile user.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;

use chancery_domain::document::{
    ActedBy, ActionInput, Actor, Channel, Document, DocumentEvent, FileRef, Metadata, ReceiveInput,
    Recipients,
};
use chancery_domain::ids::{PositionId, RegisterId, UnitId, UserId};
use chancery_domain::organisation::BUILT_IN_ROLES;
use chancery_domain::reference::{Confidentiality, Urgency};
use chancery_domain::workflow::{self, Definition};
use chancery_domain::{DomainError, ErrorKind};
use chrono::NaiveDate;
use uuid::Uuid;

fn p2() -> Definition {
    let roles: BTreeSet<String> = BUILT_IN_ROLES.iter().map(|r| r.0.to_owned()).collect();
    workflow::load(workflow::SHIPPED, &roles)
        .unwrap()
        .into_iter()
        .find(|d| d.id == "p2-incoming-unit")
        .unwrap()
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 2).unwrap()
}

fn actor(n: u128, role: &str) -> Actor {
    Actor {
        by: ActedBy {
            person: UserId(Uuid::from_u128(n)),
            position: PositionId(Uuid::from_u128(1000 + n)),
        },
        role: role.to_owned(),
        today: today(),
    }
}

fn position(n: u128) -> PositionId {
    PositionId(Uuid::from_u128(1000 + n))
}

const CLERK: u128 = 1;
const LEADER: u128 = 2;
const HEAD: u128 = 3;
const OTHER_HEAD: u128 = 4;
const SPECIALIST: u128 = 5;

fn metadata(summary: &str) -> Metadata {
    Metadata {
        issuing_body: "Bộ Tài chính".to_owned(),
        number_notation: "125/BTC-VP".to_owned(),
        document_date: NaiveDate::from_ymd_opt(2026, 2, 27).unwrap(),
        document_type: "cong-van".to_owned(),
        summary: summary.to_owned(),
        language: "vi".to_owned(),
        page_count: 3,
        signer_name: Some("Nguyễn Văn Ký".to_owned()),
        signer_position: Some("Thứ trưởng".to_owned()),
        urgency: Urgency::Urgent,
        confidentiality: Confidentiality::Normal,
        recipients: None,
        deadline: None,
        notes: None,
    }
}

fn scan() -> FileRef {
    FileRef {
        sha256: "ab".repeat(32),
        name: "cv125.pdf".to_owned(),
        media_type: "application/pdf".to_owned(),
        size: 1234,
    }
}

fn received(parent: Option<Uuid>) -> Document {
    let definition = p2();
    let mut document = Document::default();
    let event = document
        .receive(
            &definition,
            &actor(CLERK, "unit_clerk"),
            ReceiveInput {
                document_id: Uuid::from_u128(77),
                unit_id: UnitId(Uuid::from_u128(9)),
                parent_id: parent,
                channel: Channel::Paper,
                sender_agency: None,
                metadata: metadata("Về việc triển khai Nghị định 30"),
                files: vec![scan()],
            },
        )
        .unwrap();
    document.evolve(&DocumentEvent::Received(event));
    document
}

fn apply(document: &mut Document, events: Vec<DocumentEvent>) {
    for e in &events {
        document.evolve(e);
    }
}

fn act(document: &mut Document, who: &Actor, input: ActionInput) -> Result<(), DomainError> {
    let taken = document.act(&p2(), who, input)?;
    document.evolve(&DocumentEvent::ActionTaken(taken));
    Ok(())
}

fn to(main: u128, deadline: Option<NaiveDate>, note: Option<&str>, action: &str) -> ActionInput {
    ActionInput {
        action: action.to_owned(),
        note: note.map(str::to_owned),
        deadline,
        recipients: Recipients {
            main: Some(position(main)),
            ..Recipients::default()
        },
        ..ActionInput::default()
    }
}

fn refused(result: Result<(), DomainError>, kind: ErrorKind, code: &str) {
    let error = result.expect_err("refused");
    assert_eq!((error.kind, error.code), (kind, code), "{error}");
}

#[test]
fn p2_from_arrival_to_a_specialists_finish() {
    let definition = p2();
    let mut d = received(None);
    assert_eq!(d.step, "receive");
    let registered = d
        .register(
            &definition,
            &actor(CLERK, "unit_clerk"),
            RegisterId(Uuid::from_u128(5)),
            2026,
            17,
        )
        .unwrap();
    apply(&mut d, registered);
    assert_eq!(d.registration.map(|r| r.2), Some(17));
    assert_eq!(d.step, "update");
    // Registering twice is refused.
    let again = d.register(
        &definition,
        &actor(CLERK, "unit_clerk"),
        RegisterId(Uuid::from_u128(5)),
        2026,
        18,
    );
    assert_eq!(again.unwrap_err().code, "ALREADY_REGISTERED");

    let deadline = Some(NaiveDate::from_ymd_opt(2026, 3, 10).unwrap());
    act(
        &mut d,
        &actor(CLERK, "unit_clerk"),
        to(LEADER, None, None, "submit_to_leader"),
    )
    .unwrap();
    assert_eq!(d.step, "direct");
    act(
        &mut d,
        &actor(LEADER, "unit_head"),
        to(
            HEAD,
            deadline,
            Some("Phòng Công chức chủ trì"),
            "forward_to_department",
        ),
    )
    .unwrap();
    assert_eq!(d.step, "department");
    act(
        &mut d,
        &actor(HEAD, "department_head"),
        to(SPECIALIST, deadline, None, "forward_to_specialist"),
    )
    .unwrap();
    let finish = ActionInput {
        action: "finish".to_owned(),
        note: Some("Đã xử lý, lưu hồ sơ".to_owned()),
        ..ActionInput::default()
    };
    // The event says the process ends here (read models need not know step names).
    let taken = d
        .act(
            &definition,
            &actor(SPECIALIST, "specialist"),
            finish.clone(),
        )
        .unwrap();
    assert!(taken.ends && taken.moves());
    act(&mut d, &actor(SPECIALIST, "specialist"), finish).unwrap();
    assert_eq!(d.step, "finished");
    assert!(definition.steps[&d.step].end);
}

#[test]
fn only_the_handlers_the_document_was_sent_to_act_and_only_as_the_step_allows() {
    let definition = p2();
    let mut d = received(None);
    let registered = d
        .register(
            &definition,
            &actor(CLERK, "unit_clerk"),
            RegisterId(Uuid::from_u128(5)),
            2026,
            1,
        )
        .unwrap();
    apply(&mut d, registered);
    act(
        &mut d,
        &actor(CLERK, "unit_clerk"),
        to(LEADER, None, None, "submit_to_leader"),
    )
    .unwrap();
    let deadline = Some(NaiveDate::from_ymd_opt(2026, 3, 10).unwrap());
    act(
        &mut d,
        &actor(LEADER, "unit_head"),
        to(HEAD, deadline, Some("Chủ trì"), "forward_to_department"),
    )
    .unwrap();
    // Another department head was not sent the document.
    refused(
        act(
            &mut d,
            &actor(OTHER_HEAD, "department_head"),
            to(SPECIALIST, deadline, None, "forward_to_specialist"),
        ),
        ErrorKind::Forbidden,
        "NOT_A_HANDLER",
    );
    // A specialist does not act at the department step.
    refused(
        act(
            &mut d,
            &actor(SPECIALIST, "specialist"),
            ActionInput {
                action: "finish".into(),
                note: Some("x".into()),
                ..ActionInput::default()
            },
        ),
        ErrorKind::Forbidden,
        "NOT_YOUR_STEP",
    );
    // An action the step does not have.
    refused(
        act(
            &mut d,
            &actor(HEAD, "department_head"),
            to(SPECIALIST, deadline, None, "sign"),
        ),
        ErrorKind::Conflict,
        "ACTION_NOT_ALLOWED",
    );
    // What the action needs.
    refused(
        act(
            &mut d,
            &actor(HEAD, "department_head"),
            to(SPECIALIST, None, None, "forward_to_specialist"),
        ),
        ErrorKind::Validation,
        "REQUIRED",
    );
    refused(
        act(
            &mut d,
            &actor(HEAD, "department_head"),
            to(
                SPECIALIST,
                Some(NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()),
                None,
                "forward_to_specialist",
            ),
        ),
        ErrorKind::Validation,
        "IN_THE_PAST",
    );
    refused(
        act(
            &mut d,
            &actor(HEAD, "department_head"),
            ActionInput {
                action: "finish".into(),
                ..ActionInput::default()
            },
        ),
        ErrorKind::Validation,
        "REQUIRED",
    );
    let mut twice = to(SPECIALIST, deadline, None, "forward_to_specialist");
    twice.recipients.info = vec![position(SPECIALIST)];
    refused(
        act(&mut d, &actor(HEAD, "department_head"), twice),
        ErrorKind::Validation,
        "DUPLICATE_RECIPIENT",
    );
}

#[test]
fn the_sender_recalls_a_forward_only_before_the_recipient_acts() {
    let definition = p2();
    let mut d = received(None);
    let registered = d
        .register(
            &definition,
            &actor(CLERK, "unit_clerk"),
            RegisterId(Uuid::from_u128(5)),
            2026,
            1,
        )
        .unwrap();
    apply(&mut d, registered);
    act(
        &mut d,
        &actor(CLERK, "unit_clerk"),
        to(LEADER, None, None, "submit_to_leader"),
    )
    .unwrap();
    // The clerk recalls it at once…
    act(
        &mut d,
        &actor(CLERK, "unit_clerk"),
        ActionInput {
            action: "recall".into(),
            ..ActionInput::default()
        },
    )
    .unwrap();
    assert_eq!(d.step, "update");
    // …submits again; another clerk (not the sender) cannot recall it.
    act(
        &mut d,
        &actor(CLERK, "unit_clerk"),
        to(LEADER, None, None, "submit_to_leader"),
    )
    .unwrap();
    refused(
        act(
            &mut d,
            &actor(9, "unit_clerk"),
            ActionInput {
                action: "recall".into(),
                ..ActionInput::default()
            },
        ),
        ErrorKind::Forbidden,
        "NOT_YOUR_STEP",
    );
    // Once the department head has acted (filed it), the leader can no longer recall.
    let deadline = Some(NaiveDate::from_ymd_opt(2026, 3, 10).unwrap());
    act(
        &mut d,
        &actor(LEADER, "unit_head"),
        to(HEAD, deadline, Some("Chủ trì"), "forward_to_department"),
    )
    .unwrap();
    act(
        &mut d,
        &actor(HEAD, "department_head"),
        ActionInput {
            action: "file".into(),
            ..ActionInput::default()
        },
    )
    .unwrap();
    assert_eq!(d.step, "department");
    refused(
        act(
            &mut d,
            &actor(LEADER, "unit_head"),
            ActionInput {
                action: "recall".into(),
                ..ActionInput::default()
            },
        ),
        ErrorKind::Conflict,
        "RECIPIENT_ACTED",
    );
}

#[test]
fn a_recall_refused_because_the_recipient_acted_names_who_and_when() {
    // Given a document the leader forwarded to the department head, who filed a note on it
    // (recorded at 09:30, as the loader stamps it from the event's envelope)…
    let definition = p2();
    let mut d = received(None);
    let registered = d
        .register(
            &definition,
            &actor(CLERK, "unit_clerk"),
            RegisterId(Uuid::from_u128(5)),
            2026,
            1,
        )
        .unwrap();
    apply(&mut d, registered);
    act(
        &mut d,
        &actor(CLERK, "unit_clerk"),
        to(LEADER, None, None, "submit_to_leader"),
    )
    .unwrap();
    let deadline = Some(NaiveDate::from_ymd_opt(2026, 3, 10).unwrap());
    act(
        &mut d,
        &actor(LEADER, "unit_head"),
        to(HEAD, deadline, Some("Chủ trì"), "forward_to_department"),
    )
    .unwrap();
    act(
        &mut d,
        &actor(HEAD, "department_head"),
        ActionInput {
            action: "file".into(),
            ..ActionInput::default()
        },
    )
    .unwrap();
    assert!(d.awaits_stamp());
    let filed_at = chrono::DateTime::parse_from_rfc3339("2026-03-02T09:30:00Z")
        .unwrap()
        .to_utc();
    d.stamp(filed_at);
    assert!(!d.awaits_stamp());
    // When the leader recalls the forward…
    let error = d
        .act(
            &definition,
            &actor(LEADER, "unit_head"),
            ActionInput {
                action: "recall".into(),
                ..ActionInput::default()
            },
        )
        .unwrap_err();
    // …then it is refused because the recipient acted, naming the head and the time.
    assert_eq!(
        (error.kind, error.code),
        (ErrorKind::Conflict, "RECIPIENT_ACTED")
    );
    let head = actor(HEAD, "department_head").by;
    assert_eq!(
        error.fact("actedBy"),
        Some(head.person.to_string().as_str())
    );
    assert_eq!(
        error.fact("actedByPosition"),
        Some(head.position.to_string().as_str())
    );
    assert_eq!(error.fact("actedAt"), Some("2026-03-02T09:30:00+00:00"));
    assert!(error.detail.contains(&head.person.to_string()), "{error}");
    // A recall by someone who did not send it stays NOT_YOUR_STEP.
    refused(
        act(
            &mut d,
            &actor(9, "unit_head"),
            ActionInput {
                action: "recall".into(),
                ..ActionInput::default()
            },
        ),
        ErrorKind::Forbidden,
        "NOT_YOUR_STEP",
    );
}

#[test]
fn a_routed_document_can_be_refused_back_and_others_cannot() {
    let definition = p2();
    let standalone = received(None);
    let refuse = ActionInput {
        action: "refuse_assignment".into(),
        note: Some("Không thuộc chức năng của Vụ".into()),
        ..ActionInput::default()
    };
    assert_eq!(
        standalone
            .act(&definition, &actor(CLERK, "unit_clerk"), refuse.clone())
            .unwrap_err()
            .code,
        "NOT_YOUR_STEP"
    );
    let routed = received(Some(Uuid::from_u128(1)));
    let taken = routed
        .act(&definition, &actor(CLERK, "unit_clerk"), refuse)
        .unwrap();
    assert_eq!(taken.to_step, "refused");
}

#[test]
fn arrivals_are_checked() {
    let definition = p2();
    let input = |summary: &str, files: Vec<FileRef>, date: NaiveDate| ReceiveInput {
        document_id: Uuid::from_u128(78),
        unit_id: UnitId(Uuid::from_u128(9)),
        parent_id: None,
        channel: Channel::Paper,
        sender_agency: None,
        metadata: Metadata {
            document_date: date,
            ..metadata(summary)
        },
        files,
    };
    let ok_date = NaiveDate::from_ymd_opt(2026, 2, 27).unwrap();
    let clerk = actor(CLERK, "unit_clerk");
    let long = "Về việc ".repeat(63);
    assert_eq!(long.chars().count(), 504);
    let error = Document::default()
        .receive(&definition, &clerk, input(&long, vec![scan()], ok_date))
        .unwrap_err();
    assert_eq!((error.code, error.field), ("TOO_LONG", Some("summary")));
    let exactly: String = "ư".repeat(500);
    assert!(
        Document::default()
            .receive(&definition, &clerk, input(&exactly, vec![scan()], ok_date))
            .is_ok()
    );
    let error = Document::default()
        .receive(&definition, &clerk, input("Trích yếu", vec![], ok_date))
        .unwrap_err();
    assert_eq!((error.code, error.field), ("REQUIRED", Some("files")));
    let tomorrow = NaiveDate::from_ymd_opt(2026, 3, 3).unwrap();
    let error = Document::default()
        .receive(
            &definition,
            &clerk,
            input("Trích yếu", vec![scan()], tomorrow),
        )
        .unwrap_err();
    assert_eq!(
        (error.code, error.field),
        ("IN_THE_FUTURE", Some("documentDate"))
    );
    let error = Document::default()
        .receive(
            &definition,
            &actor(SPECIALIST, "specialist"),
            input("Trích yếu", vec![scan()], ok_date),
        )
        .unwrap_err();
    assert_eq!(error.code, "NOT_YOUR_STEP");
}

#[test]
fn a_handler_forwarding_within_the_step_hands_the_document_on() {
    let definition = p2();
    let mut d = received(None);
    let registered = d
        .register(
            &definition,
            &actor(CLERK, "unit_clerk"),
            RegisterId(Uuid::from_u128(5)),
            2026,
            1,
        )
        .unwrap();
    apply(&mut d, registered);
    let deadline = Some(NaiveDate::from_ymd_opt(2026, 3, 10).unwrap());
    act(
        &mut d,
        &actor(CLERK, "unit_clerk"),
        to(SPECIALIST, deadline, None, "forward_to_person"),
    )
    .unwrap();
    assert_eq!(d.step, "handle");
    const COLLEAGUE: u128 = 6;
    act(
        &mut d,
        &actor(SPECIALIST, "specialist"),
        to(COLLEAGUE, deadline, None, "forward"),
    )
    .unwrap();
    assert_eq!(d.step, "handle");
    refused(
        act(
            &mut d,
            &actor(SPECIALIST, "specialist"),
            ActionInput {
                action: "finish".into(),
                note: Some("x".into()),
                ..ActionInput::default()
            },
        ),
        ErrorKind::Forbidden,
        "NOT_A_HANDLER",
    );
    act(
        &mut d,
        &actor(COLLEAGUE, "specialist"),
        ActionInput {
            action: "finish".into(),
            note: Some("Xong".into()),
            ..ActionInput::default()
        },
    )
    .unwrap();
    assert_eq!(d.step, "finished");
}

#[test]
fn a_recall_takes_the_document_back_to_the_step_it_was_sent_from_and_to_the_sender() {
    let definition = p2();
    let mut d = received(None);
    let registered = d
        .register(
            &definition,
            &actor(CLERK, "unit_clerk"),
            RegisterId(Uuid::from_u128(5)),
            2026,
            1,
        )
        .unwrap();
    apply(&mut d, registered);
    act(
        &mut d,
        &actor(CLERK, "unit_clerk"),
        to(LEADER, None, None, "submit_to_leader"),
    )
    .unwrap();
    let deadline = Some(NaiveDate::from_ymd_opt(2026, 3, 10).unwrap());
    act(
        &mut d,
        &actor(LEADER, "unit_head"),
        to(HEAD, deadline, Some("Chủ trì"), "forward_to_department"),
    )
    .unwrap();
    // The leader recalls the forward: back at the leader's own step, held by the leader.
    act(
        &mut d,
        &actor(LEADER, "unit_head"),
        ActionInput {
            action: "recall".into(),
            ..ActionInput::default()
        },
    )
    .unwrap();
    assert_eq!(d.step, "direct");
    assert_eq!(d.holders.main, Some(position(LEADER)));
    // The department head, who never acted on it, no longer reads it (their inbox no longer
    // lists it); those who acted keep it.
    assert!(!d.routed.contains(&position(HEAD)), "{:?}", d.routed);
    assert!(d.routed.contains(&position(LEADER)) && d.routed.contains(&position(CLERK)));
    // The department head no longer holds it; the leader forwards again.
    refused(
        act(
            &mut d,
            &actor(HEAD, "department_head"),
            to(SPECIALIST, deadline, None, "forward_to_specialist"),
        ),
        ErrorKind::Conflict,
        "ACTION_NOT_ALLOWED",
    );
    act(
        &mut d,
        &actor(LEADER, "unit_head"),
        to(HEAD, deadline, Some("Chủ trì"), "forward_to_department"),
    )
    .unwrap();
    assert_eq!(d.step, "department");
}

/// The document at the specialist's step, sent by the head to SPECIALIST with CO1 and CO2
/// co-handling.
fn with_co_handlers() -> Document {
    let definition = p2();
    let deadline = Some(NaiveDate::from_ymd_opt(2026, 3, 10).unwrap());
    let mut d = received(None);
    let registered = d
        .register(
            &definition,
            &actor(CLERK, "unit_clerk"),
            RegisterId(Uuid::from_u128(5)),
            2026,
            17,
        )
        .unwrap();
    apply(&mut d, registered);
    act(
        &mut d,
        &actor(CLERK, "unit_clerk"),
        to(LEADER, None, None, "submit_to_leader"),
    )
    .unwrap();
    act(
        &mut d,
        &actor(LEADER, "unit_head"),
        to(
            HEAD,
            deadline,
            Some("Phòng chủ trì"),
            "forward_to_department",
        ),
    )
    .unwrap();
    let mut forward = to(SPECIALIST, deadline, None, "forward_to_specialist");
    forward.recipients.co = vec![position(CO1), position(CO2)];
    act(&mut d, &actor(HEAD, "department_head"), forward).unwrap();
    d
}

const CO1: u128 = 6;
const CO2: u128 = 7;

#[test]
fn a_co_handler_part_nobody_contributed_to_is_closed_without_contribution_when_the_main_handler_finishes()
 {
    use chancery_domain::document::CoPart;
    // Given a document sent to the specialist with two co-handlers
    let mut d = with_co_handlers();
    assert_eq!(
        d.co_parts.values().copied().collect::<Vec<_>>(),
        vec![CoPart::Open, CoPart::Open]
    );
    // When the first co-handler sends their contribution to the main handler
    let part = d
        .complete_part(
            &actor(CO1, "specialist"),
            Some("Đề nghị bổ sung số liệu quý III".to_owned()),
        )
        .unwrap();
    assert_eq!(
        part.note.as_deref(),
        Some("Đề nghị bổ sung số liệu quý III")
    );
    d.evolve(&DocumentEvent::PartCompleted(part));
    // Then their part is contributed, the other still open
    assert_eq!(d.co_parts[&position(CO1)], CoPart::Contributed);
    assert_eq!(d.co_parts[&position(CO2)], CoPart::Open);
    // When the main handler finishes without waiting for the second
    act(
        &mut d,
        &actor(SPECIALIST, "specialist"),
        ActionInput {
            action: "finish".to_owned(),
            note: Some("Đã xử lý".to_owned()),
            ..ActionInput::default()
        },
    )
    .unwrap();
    // Then the contribution stays, and the silent part is closed without contribution
    // (never shown as done), and nobody can contribute any more
    assert_eq!(d.co_parts[&position(CO1)], CoPart::Contributed);
    assert_eq!(
        d.co_parts[&position(CO2)],
        CoPart::ClosedWithoutContribution
    );
    assert_eq!(
        CoPart::ClosedWithoutContribution.code(),
        "closed_without_contribution"
    );
    let late = d.complete_part(&actor(CO2, "specialist"), None);
    assert_eq!(late.unwrap_err().code, "NOT_A_CO_HANDLER");
}

#[test]
fn a_recall_takes_back_the_open_co_handler_parts_of_the_recalled_move() {
    // Given a document just sent with two co-handlers, nobody acted yet
    let mut d = with_co_handlers();
    // When the head recalls it
    act(
        &mut d,
        &actor(HEAD, "department_head"),
        ActionInput {
            action: "recall".to_owned(),
            ..ActionInput::default()
        },
    )
    .unwrap();
    // Then nobody has a part any more (nor one closed without contribution)
    assert!(d.co_parts.is_empty());
}
