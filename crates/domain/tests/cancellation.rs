//! Cancelling a document received by mistake (`domain::cancellation`), given/when/then on
//! the shipped P2: the clerk cancels a paper document before registering it, with the
//! reason; a registered one, an electronic one, one already ended, one cancelled without a
//! reason or by someone who does not receive documents are refused with their own reasons;
//! and the document page offers the cancellation exactly when it would be accepted.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;

use chancery_domain::cancellation::CANCELLED_STEP;
use chancery_domain::document::{
    ActedBy, ActionInput, Actor, Channel, Document, DocumentEvent, FileRef, Metadata, ReceiveInput,
};
use chancery_domain::ids::{ExternalAgencyId, PositionId, RegisterId, UnitId, UserId};
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

fn actor(n: u128, role: &str) -> Actor {
    Actor {
        by: ActedBy {
            person: UserId(Uuid::from_u128(n)),
            position: PositionId(Uuid::from_u128(1000 + n)),
        },
        role: role.to_owned(),
        today: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
    }
}

fn clerk() -> Actor {
    actor(1, "unit_clerk")
}

fn given_received(channel: Channel) -> Document {
    let mut document = Document::default();
    let event = document
        .receive(
            &p2(),
            &clerk(),
            ReceiveInput {
                document_id: Uuid::from_u128(77),
                unit_id: UnitId(Uuid::from_u128(9)),
                parent_id: None,
                channel,
                sender_agency: (channel == Channel::Electronic)
                    .then(|| ExternalAgencyId(Uuid::from_u128(3))),
                metadata: Metadata {
                    issuing_body: "UBND tỉnh Ninh Bình".to_owned(),
                    number_notation: "1235/UBND-NC".to_owned(),
                    document_date: NaiveDate::from_ymd_opt(2026, 2, 27).unwrap(),
                    document_type: "cong-van".to_owned(),
                    summary: "Về việc báo cáo tình hình".to_owned(),
                    language: "vi".to_owned(),
                    page_count: 1,
                    signer_name: None,
                    signer_position: None,
                    urgency: Urgency::Normal,
                    confidentiality: Confidentiality::Normal,
                    recipients: None,
                    deadline: None,
                    notes: None,
                },
                files: vec![FileRef {
                    sha256: "ab".repeat(32),
                    name: "scan.pdf".to_owned(),
                    media_type: "application/pdf".to_owned(),
                    size: 10,
                }],
            },
        )
        .unwrap();
    document.evolve(&DocumentEvent::Received(event));
    document
}

fn refused<T: std::fmt::Debug>(result: Result<T, DomainError>, kind: ErrorKind, code: &str) {
    let error = result.expect_err("refused");
    assert_eq!((error.kind, error.code), (kind, code), "{error}");
}

#[test]
fn the_clerk_cancels_a_paper_document_received_by_mistake_with_the_reason() {
    let mut d = given_received(Channel::Paper);
    let cancelled = d
        .cancel(&p2(), &clerk(), Some("  Tiếp nhận trùng (nhấn hai lần)  "))
        .unwrap();
    assert_eq!(cancelled.step, "receive");
    assert_eq!(cancelled.note, "Tiếp nhận trùng (nhấn hai lần)");
    assert_eq!(cancelled.by, clerk().by);
    d.evolve(&DocumentEvent::Cancelled(cancelled));
    // It has ended: nothing more is offered or accepted on it.
    assert!(d.finished);
    assert_eq!(d.step, CANCELLED_STEP);
    refused(
        d.cancel(&p2(), &clerk(), Some("again")),
        ErrorKind::Conflict,
        "FINISHED",
    );
    refused(
        d.register(&p2(), &clerk(), RegisterId(Uuid::from_u128(5)), 2026, 1),
        ErrorKind::Conflict,
        "ACTION_NOT_ALLOWED",
    );
}

#[test]
fn a_registered_document_is_never_cancelled() {
    let mut d = given_received(Channel::Paper);
    let registered = d
        .register(&p2(), &clerk(), RegisterId(Uuid::from_u128(5)), 2026, 17)
        .unwrap();
    for e in &registered {
        d.evolve(e);
    }
    refused(
        d.cancel(&p2(), &clerk(), Some("nhầm")),
        ErrorKind::Conflict,
        "REGISTERED_NOT_CANCELLABLE",
    );
}

#[test]
fn an_electronic_document_is_refused_through_its_process_not_cancelled() {
    let d = given_received(Channel::Electronic);
    refused(
        d.cancel(&p2(), &clerk(), Some("nhầm")),
        ErrorKind::Conflict,
        "NOT_CANCELLABLE_CHANNEL",
    );
}

#[test]
fn a_cancellation_needs_its_reason_and_a_clerk_of_the_step() {
    let d = given_received(Channel::Paper);
    refused(
        d.cancel(&p2(), &clerk(), None),
        ErrorKind::Validation,
        "REQUIRED",
    );
    refused(
        d.cancel(&p2(), &clerk(), Some("   ")),
        ErrorKind::Validation,
        "REQUIRED",
    );
    refused(
        d.cancel(&p2(), &actor(2, "unit_head"), Some("nhầm")),
        ErrorKind::Forbidden,
        "NOT_YOUR_STEP",
    );
}

#[test]
fn a_refused_document_is_not_cancelled_afterwards() {
    let mut d = given_received(Channel::Paper);
    let taken = d
        .act(
            &p2(),
            &clerk(),
            ActionInput {
                action: "refuse".to_owned(),
                note: Some("Không đúng thẩm quyền".to_owned()),
                ..ActionInput::default()
            },
        )
        .unwrap();
    d.evolve(&DocumentEvent::ActionTaken(taken));
    refused(
        d.cancel(&p2(), &clerk(), Some("nhầm")),
        ErrorKind::Conflict,
        "FINISHED",
    );
}
