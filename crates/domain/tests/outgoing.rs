//! Outgoing documents, decided without I/O: numbering and issuing need the competent
//! person's signature on the current file (a new version takes the signatures away), a
//! person signs a version once, and issuance is asked for once numbered and pending until
//! carried out.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;

use chancery_domain::document::{ActedBy, Actor, FileRef, Recipients};
use chancery_domain::ids::{PositionId, RegisterId, UnitId, UserId};
use chancery_domain::organisation::BUILT_IN_ROLES;
use chancery_domain::outgoing::{
    Addressee, Delivery, DocumentIssued, DraftFields, Outgoing, OutgoingActionInput, OutgoingEvent,
    OutgoingNumbered, Recipient, Signature, SignatureKind,
};
use chancery_domain::reference::{Confidentiality, Urgency};
use chancery_domain::workflow::{self, Definition};
use chrono::NaiveDate;
use uuid::Uuid;

fn definition(id: &str) -> Definition {
    let roles: BTreeSet<String> = BUILT_IN_ROLES.iter().map(|r| r.0.to_owned()).collect();
    workflow::load(workflow::SHIPPED, &roles)
        .unwrap()
        .into_iter()
        .find(|d| d.id == id)
        .unwrap()
}

fn person(n: u128, role: &str) -> Actor {
    Actor {
        by: ActedBy {
            person: UserId(Uuid::from_u128(n)),
            position: PositionId(Uuid::from_u128(1000 + n)),
        },
        role: role.to_owned(),
        today: NaiveDate::from_ymd_opt(2026, 12, 3).unwrap(),
    }
}

/// A document of `process` waiting at `step` for its pool, with a recipient and a PDF.
fn at_step(process: &str, step: &str) -> Outgoing {
    Outgoing {
        id: Some(Uuid::from_u128(42)),
        unit: Some(UnitId(Uuid::from_u128(7))),
        office: Some(UnitId(Uuid::from_u128(7))),
        definition: (process.to_owned(), 1),
        fields: Some(DraftFields {
            document_type: "cong-van".to_owned(),
            summary: "Về việc báo cáo biên chế".to_owned(),
            signer: None,
            signing_authority: None,
            recipients: vec![Recipient {
                to: Addressee::Unit(UnitId(Uuid::from_u128(8))),
                delivery: Delivery::ElectronicOnly,
            }],
            urgency: Urgency::Normal,
            confidentiality: Confidentiality::Normal,
            reply_deadline: None,
            related_documents: Vec::new(),
            field: None,
            notes: None,
        }),
        files: vec![pdf()],
        step: step.to_owned(),
        start: "draft".to_owned(),
        ..Outgoing::default()
    }
}

fn pdf() -> FileRef {
    FileRef {
        sha256: "ab".repeat(32),
        name: "du-thao.pdf".to_owned(),
        media_type: "application/pdf".to_owned(),
        size: 1000,
    }
}

fn input(action: &str) -> OutgoingActionInput {
    OutgoingActionInput {
        action: action.to_owned(),
        expected_step: None,
        note: None,
        deadline: None,
        recipients: Recipients::default(),
        marks: None,
    }
}

fn signed_by(actor: &Actor, kind: SignatureKind) -> Signature {
    Signature {
        kind,
        by: actor.by,
        file: pdf(),
    }
}

#[test]
fn issuing_before_the_competent_person_signed_is_refused() {
    let p4 = definition("p4-outgoing-unit");
    let clerk = person(1, "unit_clerk");
    let unsigned = at_step("p4-outgoing-unit", "issuing");
    let refused = unsigned.act(&p4, &clerk, input("issue"), None).unwrap_err();
    assert_eq!(refused.code, "NOT_SIGNED");
    // Only the organisation's signature: still not signed by the competent person.
    let mut sealed_only = unsigned.clone();
    sealed_only
        .signatures
        .push(signed_by(&clerk, SignatureKind::Organisation));
    let refused = sealed_only
        .act(&p4, &clerk, input("issue"), None)
        .unwrap_err();
    assert_eq!(refused.code, "NOT_SIGNED");
    // Signed by the leader: issued.
    let mut signed = unsigned;
    signed
        .signatures
        .push(signed_by(&person(2, "unit_head"), SignatureKind::Personal));
    let taken = signed.act(&p4, &clerk, input("issue"), None).unwrap();
    assert_eq!(taken.to_step, "issued");
}

#[test]
fn numbering_before_the_competent_person_signed_is_refused() {
    let p3 = definition("p3-submission-ministry");
    let clerk = person(1, "ministry_clerk");
    let unsigned = at_step("p3-submission-ministry", "numbering");
    let refused = unsigned
        .act(&p3, &clerk, input("assign_number"), None)
        .unwrap_err();
    assert_eq!(refused.code, "NOT_SIGNED");
}

#[test]
fn a_leader_signs_a_version_once() {
    let p4 = definition("p4-outgoing-unit");
    let leader = person(2, "unit_head");
    let mut state = at_step("p4-outgoing-unit", "leader_review");
    assert!(state.act(&p4, &leader, input("sign"), None).is_ok());
    state
        .signatures
        .push(signed_by(&leader, SignatureKind::Personal));
    let refused = state.act(&p4, &leader, input("sign"), None).unwrap_err();
    assert_eq!(refused.code, "ALREADY_SIGNED");
    // A clerk cannot sign at the leader's step.
    let refused = state
        .act(&p4, &person(1, "unit_clerk"), input("sign"), None)
        .unwrap_err();
    assert_eq!(refused.code, "NOT_YOUR_STEP");
}

#[test]
fn a_draft_recalled_after_the_reviewer_acted_is_refused_naming_who_and_when() {
    // Given a draft the specialist sent to the department head, who asked someone's opinion
    // on it (recorded at 10:15)…
    let p4 = definition("p4-outgoing-unit");
    let specialist = person(5, "specialist");
    let head = person(3, "department_head");
    let mut state = at_step("p4-outgoing-unit", "department_review");
    state.sender = Some(specialist.by);
    state.sent_from = Some("draft".to_owned());
    state.holders = Recipients {
        main: Some(head.by.position),
        ..Recipients::default()
    };
    // (before anyone acted, the sender may recall it)
    assert!(state.act(&p4, &specialist, input("recall"), None).is_ok());
    let asked = state
        .request_opinions(
            &head,
            Uuid::from_u128(900),
            vec![PositionId(Uuid::from_u128(1009))],
            "Ý kiến về số liệu?",
            NaiveDate::from_ymd_opt(2026, 12, 10).unwrap(),
        )
        .unwrap();
    state.evolve(&OutgoingEvent::OpinionsRequested(asked));
    assert!(state.awaits_stamp());
    let asked_at = chrono::DateTime::parse_from_rfc3339("2026-12-03T10:15:00Z")
        .unwrap()
        .to_utc();
    state.stamp(asked_at);
    // When the specialist recalls it, then the refusal says the head acted, and when.
    let refused = state
        .act(&p4, &specialist, input("recall"), None)
        .unwrap_err();
    assert_eq!(refused.code, "RECIPIENT_ACTED");
    assert_eq!(
        refused.fact("actedBy"),
        Some(head.by.person.to_string().as_str())
    );
    assert_eq!(refused.fact("actedAt"), Some("2026-12-03T10:15:00+00:00"));
}

#[test]
fn an_issue_recalled_after_a_recipient_acted_names_who_and_when() {
    // Given an issued document whose copy a recipient's clerk registered at 11:00…
    let mut state = at_step("p4-outgoing-unit", "issued");
    state.issued = Some(chancery_domain::outgoing::DocumentIssued {
        document_id: Uuid::from_u128(42),
        number_notation: "12/VP".to_owned(),
        deliveries: Vec::new(),
        files: Vec::new(),
        by: person(1, "unit_clerk").by,
    });
    let clerk = person(8, "unit_clerk").by;
    let at = chrono::DateTime::parse_from_rfc3339("2026-12-03T11:00:00Z")
        .unwrap()
        .to_utc();
    let acted = [(
        Uuid::from_u128(43),
        Some(chancery_domain::document::ActAt {
            by: clerk,
            at: Some(at),
        }),
    )];
    // When the issuing clerk recalls it, then it is refused naming that clerk and the time.
    let refused = state.may_recall_issue(&acted).unwrap_err();
    assert_eq!(refused.code, "RECIPIENT_ACTED");
    assert_eq!(
        refused.fact("actedBy"),
        Some(clerk.person.to_string().as_str())
    );
    assert_eq!(refused.fact("actedAt"), Some("2026-12-03T11:00:00+00:00"));
    // Nobody acted: the recall may go on.
    assert!(state.may_recall_issue(&[]).is_ok());
}

#[test]
fn given_an_issuance_recalled_when_its_copies_are_due_then_none_is_delivered_any_more() {
    use chancery_domain::outgoing::{Addressee, Delivered, Delivery, DocumentIssued, Recipient};
    let copy = Uuid::from_u128(77);
    let mut state = at_step("p4-outgoing-unit", "issued");
    state.issued = Some(DocumentIssued {
        document_id: Uuid::from_u128(42),
        number_notation: "12/VP".to_owned(),
        deliveries: vec![Delivered {
            recipient: Recipient {
                to: Addressee::Unit(chancery_domain::ids::UnitId(Uuid::from_u128(5))),
                delivery: Delivery::ElectronicOnly,
            },
            copy_id: Some(copy),
        }],
        files: Vec::new(),
        by: person(1, "unit_clerk").by,
    });
    // Given an issued document, its copy is due; another id is not.
    assert!(state.delivers_copy(copy));
    assert!(!state.delivers_copy(Uuid::from_u128(78)));
    // When it is recalled, then the copy is no longer delivered.
    state.recalled = true;
    assert!(!state.delivers_copy(copy));
}

#[test]
fn given_a_signed_p4_document_when_the_clerk_asks_for_its_issuance_then_it_needs_its_number_and_is_pending_until_issued()
 {
    let p4 = definition("p4-outgoing-unit");
    let clerk = person(1, "unit_clerk");
    let mut signed = at_step("p4-outgoing-unit", "issuing");
    signed
        .signatures
        .push(signed_by(&person(2, "unit_head"), SignatureKind::Personal));
    // Not numbered yet: the number comes first (in the same append, for P4).
    let refused = signed.request_issuance(&p4, &clerk, "issue").unwrap_err();
    assert_eq!(refused.code, "NOT_NUMBERED");
    let mut numbered = signed.clone();
    numbered.evolve(&OutgoingEvent::Numbered(OutgoingNumbered {
        document_id: Uuid::from_u128(42),
        register_id: RegisterId(Uuid::from_u128(9)),
        year: 2026,
        number: 5,
        number_notation: "05/UBND".to_owned(),
        issue_date: NaiveDate::from_ymd_opt(2026, 12, 3).unwrap(),
        by: clerk.by,
    }));
    // Only an action that issues, by whoever may take it.
    let refused = numbered
        .request_issuance(&p4, &clerk, "return_to_creator")
        .unwrap_err();
    assert_eq!(refused.code, "ACTION_NOT_ALLOWED");
    let refused = numbered
        .request_issuance(&p4, &person(3, "specialist"), "issue")
        .unwrap_err();
    assert_ne!(refused.code, "ACTION_NOT_ALLOWED", "{refused:?}");
    let requested = numbered.request_issuance(&p4, &clerk, "issue").unwrap();
    assert_eq!(requested.action, "issue");
    numbered.evolve(&OutgoingEvent::IssuanceRequested(requested));
    assert!(
        numbered.issuance_requested.is_some(),
        "pending until issued"
    );
    numbered.evolve(&OutgoingEvent::Issued(DocumentIssued {
        document_id: Uuid::from_u128(42),
        number_notation: "05/UBND".to_owned(),
        deliveries: Vec::new(),
        files: vec![pdf()],
        by: clerk.by,
    }));
    assert!(numbered.issuance_requested.is_none(), "carried out");
}

/// A document numbered, issued to one unit and recalled: back at the issuing step, held by
/// the office's clerks (no one named).
fn recalled() -> Outgoing {
    let clerk = person(1, "unit_clerk");
    let mut state = at_step("p4-outgoing-unit", "issuing");
    state
        .signatures
        .push(signed_by(&person(2, "unit_head"), SignatureKind::Personal));
    state.evolve(&OutgoingEvent::Numbered(OutgoingNumbered {
        document_id: Uuid::from_u128(42),
        register_id: RegisterId(Uuid::from_u128(9)),
        year: 2026,
        number: 5,
        number_notation: "05/UBND".to_owned(),
        issue_date: NaiveDate::from_ymd_opt(2026, 12, 3).unwrap(),
        by: clerk.by,
    }));
    state.evolve(&OutgoingEvent::Issued(DocumentIssued {
        document_id: Uuid::from_u128(42),
        number_notation: "05/UBND".to_owned(),
        deliveries: Vec::new(),
        files: vec![pdf()],
        by: clerk.by,
    }));
    state.recalled = true;
    state
}

fn to_unit(n: u128) -> Recipient {
    Recipient {
        to: Addressee::Unit(UnitId(Uuid::from_u128(n))),
        delivery: Delivery::ElectronicOnly,
    }
}

#[test]
fn given_an_issued_document_when_the_clerk_changes_its_recipients_then_it_must_be_recalled_first() {
    let p4 = definition("p4-outgoing-unit");
    let clerk = person(1, "unit_clerk");
    let mut issued = recalled();
    issued.recalled = false;
    let refused = issued
        .change_recipients(&p4, &clerk, vec![to_unit(8), to_unit(9)], None)
        .unwrap_err();
    assert_eq!(refused.code, "ISSUED");
    // Not numbered yet: the draft is edited instead.
    let draft = at_step("p4-outgoing-unit", "issuing");
    let refused = draft
        .change_recipients(&p4, &clerk, vec![to_unit(8), to_unit(9)], None)
        .unwrap_err();
    assert_eq!(refused.code, "NOT_NUMBERED");
}

#[test]
fn given_a_recalled_document_when_its_clerk_adds_a_recipient_then_the_next_issuance_goes_to_both() {
    let p4 = definition("p4-outgoing-unit");
    let clerk = person(1, "unit_clerk");
    let mut state = recalled();
    // A specialist does not act at the issuing step.
    let refused = state
        .change_recipients(
            &p4,
            &person(3, "specialist"),
            vec![to_unit(8), to_unit(9)],
            None,
        )
        .unwrap_err();
    assert_eq!(refused.code, "NOT_A_HANDLER");
    // Nothing changed, nobody left, or a unit named twice: refused on the field.
    for (recipients, code) in [
        (vec![to_unit(8)], "UNCHANGED"),
        (Vec::new(), "REQUIRED"),
        (vec![to_unit(9), to_unit(9)], "DUPLICATE_RECIPIENT"),
    ] {
        let refused = state
            .change_recipients(&p4, &clerk, recipients, None)
            .unwrap_err();
        assert_eq!(refused.code, code);
        assert_eq!(refused.field, Some("recipients"));
    }
    let changed = state
        .change_recipients(
            &p4,
            &clerk,
            vec![to_unit(9), to_unit(8)],
            Some("  Bổ sung nơi nhận "),
        )
        .unwrap();
    assert_eq!(
        changed.added,
        vec![Addressee::Unit(UnitId(Uuid::from_u128(9)))]
    );
    assert!(changed.removed.is_empty());
    assert_eq!(changed.note.as_deref(), Some("Bổ sung nơi nhận"));
    state.evolve(&OutgoingEvent::RecipientsChanged(changed));
    assert_eq!(
        state.fields.as_ref().unwrap().recipients,
        vec![to_unit(8), to_unit(9)]
    );
    // The issuance asked for now goes to both; while it is pending nothing changes.
    let requested = state.request_issuance(&p4, &clerk, "issue").unwrap();
    state.evolve(&OutgoingEvent::IssuanceRequested(requested));
    let refused = state
        .change_recipients(&p4, &clerk, vec![to_unit(8)], None)
        .unwrap_err();
    assert_eq!(refused.code, "ISSUANCE_PENDING");
}

fn docx() -> FileRef {
    FileRef {
        sha256: "cd".repeat(32),
        name: "du-thao.docx".to_owned(),
        media_type: chancery_domain::outgoing::DOCX_MEDIA_TYPE.to_owned(),
        size: 900,
    }
}

#[test]
fn a_docx_source_is_its_versions_readable_but_never_issued() {
    use chancery_domain::outgoing::{DraftInput, SourceKept};
    let p4 = definition("p4-outgoing-unit");
    let drafter = person(1, "specialist");
    let template = at_step("p4-outgoing-unit", "draft");
    let created = Outgoing::default()
        .create(
            &p4,
            &drafter,
            DraftInput {
                document_id: Uuid::from_u128(42),
                unit_id: UnitId(Uuid::from_u128(7)),
                office_id: UnitId(Uuid::from_u128(7)),
                fields: template.fields.clone().unwrap(),
                files: vec![pdf()],
            },
        )
        .unwrap();
    // The main file must be the PDF and the source a Word file.
    assert_eq!(
        SourceKept::of(Uuid::from_u128(42), 1, &[docx()], docx())
            .unwrap_err()
            .code,
        "NOT_A_PDF"
    );
    assert_eq!(
        SourceKept::of(Uuid::from_u128(42), 1, &created.files, pdf())
            .unwrap_err()
            .code,
        "NOT_A_DOCX"
    );
    let kept = SourceKept::of(Uuid::from_u128(42), 1, &created.files, docx()).unwrap();
    assert_eq!(kept.pdf, pdf().sha256);

    let mut state = Outgoing::default();
    state.evolve(&OutgoingEvent::Created(created));
    state.evolve(&OutgoingEvent::SourceKept(kept.clone()));
    assert_eq!(state.versions[0].source, Some(docx()));
    // Readers of the draft read the source; what is signed and issued is the PDF alone.
    assert_eq!(state.files, vec![pdf()]);
    assert!(
        chancery_domain::issuing::carried_files(&state)
            .iter()
            .any(|f| **f == docx())
    );

    // A source naming another PDF than the version's main file is not that version's.
    let mut other = kept;
    other.version = 2;
    state.evolve(&OutgoingEvent::SourceKept(other));
    assert_eq!(state.versions.len(), 1);

    // A later version uploaded as a PDF has no source; the first keeps its own.
    let mut second = pdf();
    second.sha256 = "ef".repeat(32);
    let added = state
        .add_version(&p4, &drafter, vec![second.clone()], None, None)
        .unwrap();
    state.evolve(&OutgoingEvent::VersionAdded(added));
    assert_eq!(state.versions[1].source, None);
    assert_eq!(state.versions[0].source, Some(docx()));
    assert_eq!(state.files, vec![second]);
}
