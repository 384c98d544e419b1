//! The `document_history` projection on a real PostgreSQL: every document event as a history
//! line, including one done under a delegation; a registration and the move it makes are one
//! line, and re-opening a document before anyone acts again adds none.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use chancery_domain::DomainEvent;
use chancery_domain::document::{
    ActedBy, ActionTaken, Channel, DocumentRead, DocumentReceived, DocumentRegistered,
    DocumentReopened, Metadata, Recipients,
};
use chancery_domain::ids::{PositionId, RegisterId, UnitId, UserId};
use chancery_domain::reference::{Confidentiality, Urgency};
use chancery_event_store::postgres::PgEventStore;
use chancery_event_store::{
    Actor, EventMetadata, EventStore, ExpectedRevision, GlobalPosition, NewEvent, OnBehalfOf,
    StreamId,
};
use chancery_projector::ProjectionEngine;
use chancery_read_models::document_history::{self, DocumentHistory};
use chancery_test_support::TestDb;
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::json;
use tokio::sync::watch;
use uuid::Uuid;

const PATIENCE: Duration = Duration::from_secs(30);

struct World {
    db: TestDb,
    store: Arc<PgEventStore>,
    engine: Arc<ProjectionEngine>,
    /// The last position appended (what `catch_up` waits for).
    last: AtomicU64,
    _stop: watch::Sender<bool>,
}

async fn world() -> World {
    let support::Running {
        db,
        store,
        engine,
        stop,
    } = support::running(Arc::new(DocumentHistory), Some(2)).await;
    World {
        db,
        store,
        engine,
        last: AtomicU64::new(0),
        _stop: stop,
    }
}

fn someone() -> ActedBy {
    ActedBy {
        person: UserId(Uuid::new_v4()),
        position: PositionId(Uuid::new_v4()),
    }
}

impl World {
    /// Appends `events` to `doc`'s stream in one append (one command), as `by`.
    async fn emit_together(
        &self,
        doc: Uuid,
        by: ActedBy,
        events: Vec<chancery_domain::events::StoredShape>,
    ) {
        let metadata = EventMetadata::for_command(
            Uuid::now_v7(),
            Some(Actor {
                user_id: by.person.0,
                position_id: Some(by.position.0),
                unit_id: None,
            }),
            Utc::now(),
        );
        let new = events
            .into_iter()
            .enumerate()
            .map(|(i, shape)| {
                NewEvent::new(
                    u32::try_from(i).unwrap(),
                    shape.event_type,
                    shape.schema_version,
                    shape.payload,
                    metadata.clone(),
                )
            })
            .collect();
        let position = self
            .store
            .append(
                &StreamId::new(format!("document-{doc}")).unwrap(),
                ExpectedRevision::Any,
                new,
            )
            .await
            .unwrap()
            .last_position;
        self.last.fetch_max(position.0, Ordering::SeqCst);
    }

    /// Appends `event` to `doc`'s stream as `by`, optionally on behalf of someone.
    async fn emit<E: DomainEvent + serde::Serialize>(
        &self,
        doc: Uuid,
        by: ActedBy,
        behalf: Option<OnBehalfOf>,
        event: &E,
    ) -> DateTime<Utc> {
        let shape = chancery_domain::events::encode(event).unwrap();
        let mut metadata = EventMetadata::for_command(
            Uuid::now_v7(),
            Some(Actor {
                user_id: by.person.0,
                position_id: Some(by.position.0),
                unit_id: None,
            }),
            Utc::now(),
        );
        metadata.on_behalf_of = behalf;
        let at = metadata.recorded_at;
        let position = self
            .store
            .append(
                &StreamId::new(format!("document-{doc}")).unwrap(),
                ExpectedRevision::Any,
                vec![NewEvent::new(
                    0,
                    shape.event_type,
                    shape.schema_version,
                    shape.payload,
                    metadata,
                )],
            )
            .await
            .unwrap()
            .last_position;
        self.last.fetch_max(position.0, Ordering::SeqCst);
        at
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_document_event_is_a_history_line_with_its_delegation() {
    let w = world().await;
    let doc = Uuid::now_v7();
    let other = Uuid::now_v7();
    let clerk = someone();
    let deputy = someone();
    let leader = someone();
    let head = someone();
    let specialist = someone();
    let deadline = NaiveDate::from_ymd_opt(2025, 4, 30).unwrap();
    let metadata = Metadata {
        issuing_body: "Bộ Tài chính".into(),
        number_notation: "12/BTC-NSNN".into(),
        document_date: NaiveDate::from_ymd_opt(2025, 4, 1).unwrap(),
        document_type: "cong_van".into(),
        summary: "Về việc lập dự toán".into(),
        language: "vi".into(),
        page_count: 3,
        signer_name: None,
        signer_position: None,
        urgency: Urgency::Normal,
        confidentiality: Confidentiality::Normal,
        recipients: None,
        deadline: None,
        notes: None,
    };
    let received_at = w
        .emit(
            doc,
            clerk,
            None,
            &DocumentReceived {
                document_id: doc,
                unit_id: UnitId(Uuid::new_v4()),
                definition: "p2-incoming-unit".into(),
                definition_version: 1,
                step: "receive".into(),
                roles: vec!["unit_clerk".into()],
                parent_id: None,
                channel: Channel::Electronic,
                sender_agency: None,
                metadata: metadata.clone(),
                files: vec![],
                by: clerk,
            },
        )
        .await;
    let register = Uuid::new_v4();
    w.emit(
        doc,
        clerk,
        None,
        &DocumentRegistered {
            document_id: doc,
            register_id: RegisterId(register),
            year: 2025,
            number: 42,
            by: clerk,
        },
    )
    .await;
    // Another document's event between: not in this history.
    w.emit(
        other,
        clerk,
        None,
        &DocumentRead {
            document_id: other,
            by: clerk,
            at: Utc::now(),
        },
    )
    .await;
    // The deputy directs it on the leader's behalf (KT.).
    let action = ActionTaken {
        document_id: doc,
        action: "forward_to_department".into(),
        from_step: "direct".into(),
        to_step: "department".into(),
        to_roles: vec!["department_head".into()],
        ends: false,
        note: Some("Giao phòng Kế hoạch chủ trì".into()),
        deadline: Some(deadline),
        recipients: Recipients {
            main: Some(head.position),
            co: vec![],
            info: vec![specialist.position],
        },
        units: vec![],
        files: vec![],
        by: deputy,
    };
    w.emit(
        doc,
        deputy,
        Some(OnBehalfOf {
            user_id: leader.person.0,
            position_id: Some(leader.position.0),
            authority: "KT.".into(),
        }),
        &action,
    )
    .await;
    w.emit(
        doc,
        head,
        None,
        &DocumentRead {
            document_id: doc,
            by: head,
            at: Utc::now(),
        },
    )
    .await;
    let child = Uuid::now_v7();
    w.emit(
        doc,
        clerk,
        None,
        &DocumentReopened {
            document_id: doc,
            step: "propose".into(),
            roles: vec!["general_affairs_officer".into()],
            child_id: child,
            child_unit_id: UnitId(Uuid::new_v4()),
            note: "Không thuộc chức năng".into(),
        },
    )
    .await;

    let last = GlobalPosition(w.last.load(Ordering::SeqCst));
    w.engine
        .wait_for(last, &[document_history::NAME], PATIENCE)
        .await
        .unwrap();
    let client = w.db.pool.get().await.unwrap();
    let history = document_history::history(&**client, doc).await.unwrap();
    assert_eq!(
        history
            .iter()
            .map(|h| h.event_type.as_str())
            .collect::<Vec<_>>(),
        vec![
            "document.received",
            "document.registered",
            "document.action-taken",
            "document.read",
            "document.reopened",
        ]
    );
    assert!(
        history
            .windows(2)
            .all(|p| p[0].global_position < p[1].global_position)
    );
    assert!(history.iter().all(|h| h.document_id == doc));

    let received = &history[0];
    assert_eq!(received.recorded_at, received_at);
    assert_eq!(received.to_step.as_deref(), Some("receive"));
    assert_eq!(received.actor_person_id, Some(clerk.person.0));
    assert_eq!(received.actor_position_id, Some(clerk.position.0));
    assert_eq!(received.on_behalf_of_user_id, None);

    assert_eq!(
        (
            &history[1].detail["register_id"],
            &history[1].detail["number"]
        ),
        (&json!(register), &json!(42))
    );

    let forwarded = &history[2];
    assert_eq!(forwarded.action.as_deref(), Some("forward_to_department"));
    assert_eq!(
        (forwarded.from_step.as_deref(), forwarded.to_step.as_deref()),
        (Some("direct"), Some("department"))
    );
    assert_eq!(forwarded.actor_person_id, Some(deputy.person.0));
    assert_eq!(forwarded.actor_position_id, Some(deputy.position.0));
    assert_eq!(forwarded.on_behalf_of_user_id, Some(leader.person.0));
    assert_eq!(forwarded.authority.as_deref(), Some("KT."));
    assert_eq!(
        forwarded.note.as_deref(),
        Some("Giao phòng Kế hoạch chủ trì")
    );
    assert_eq!(forwarded.deadline, Some(deadline));
    assert_eq!(
        forwarded.recipients,
        Some(json!({"main": head.position, "co": [], "info": [specialist.position]}))
    );

    assert_eq!(history[3].actor_person_id, Some(head.person.0));
    assert_eq!(history[3].action, None);

    let reopened = &history[4];
    assert_eq!(reopened.to_step.as_deref(), Some("propose"));
    assert_eq!(reopened.note.as_deref(), Some("Không thuộc chức năng"));
    assert_eq!(
        reopened.actor_person_id,
        Some(clerk.person.0),
        "no `by`: the metadata's actor"
    );
    assert_eq!(reopened.detail["child_id"], json!(child));

    assert_eq!(
        document_history::history(&**client, other)
            .await
            .unwrap()
            .len(),
        1
    );
    // Rebuilt: the same lines.
    w.engine.rebuild(document_history::NAME).await.unwrap();
    assert_eq!(
        document_history::history(&**client, doc).await.unwrap(),
        history
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_registration_is_one_line_and_repeated_openings_are_one() {
    let w = world().await;
    let doc = Uuid::now_v7();
    let clerk = someone();
    let leader = someone();
    let register = Uuid::new_v4();
    let open = |by: ActedBy| DocumentRead {
        document_id: doc,
        by,
        at: Utc::now(),
    };
    // Registering: the number and the move, two events of one command.
    w.emit_together(
        doc,
        clerk,
        vec![
            chancery_domain::events::encode(&DocumentRegistered {
                document_id: doc,
                register_id: RegisterId(register),
                year: 2025,
                number: 7,
                by: clerk,
            })
            .unwrap(),
            chancery_domain::events::encode(&ActionTaken {
                document_id: doc,
                action: "register".into(),
                from_step: "receive".into(),
                to_step: "submit".into(),
                to_roles: vec!["unit_clerk".into()],
                ends: false,
                note: None,
                deadline: None,
                recipients: Recipients::default(),
                units: vec![],
                files: vec![],
                by: clerk,
            })
            .unwrap(),
        ],
    )
    .await;
    // The clerk opens it three times (what they just did: no line), the leader once (a
    // line); the clerk sends it on; the clerk opens it twice more (no line), the leader once
    // (a line: the clerk acted since).
    for _ in 0..3 {
        w.emit(doc, clerk, None, &open(clerk)).await;
    }
    w.emit(doc, leader, None, &open(leader)).await;
    w.emit(
        doc,
        clerk,
        None,
        &ActionTaken {
            document_id: doc,
            action: "submit_to_leader".into(),
            from_step: "submit".into(),
            to_step: "direct".into(),
            to_roles: vec!["unit_leader".into()],
            ends: false,
            note: None,
            deadline: None,
            recipients: Recipients {
                main: Some(leader.position),
                co: vec![],
                info: vec![],
            },
            units: vec![],
            files: vec![],
            by: clerk,
        },
    )
    .await;
    for by in [clerk, clerk, leader] {
        w.emit(doc, by, None, &open(by)).await;
    }

    let last = GlobalPosition(w.last.load(Ordering::SeqCst));
    w.engine
        .wait_for(last, &[document_history::NAME], PATIENCE)
        .await
        .unwrap();
    let client = w.db.pool.get().await.unwrap();
    let history = document_history::history(&**client, doc).await.unwrap();
    let lines: Vec<_> = history
        .iter()
        .map(|h| {
            (
                h.event_type.as_str(),
                h.action.as_deref(),
                h.actor_position_id,
            )
        })
        .collect();
    assert_eq!(
        lines,
        vec![
            (
                "document.registered",
                Some("register"),
                Some(clerk.position.0)
            ),
            ("document.read", None, Some(leader.position.0)),
            (
                "document.action-taken",
                Some("submit_to_leader"),
                Some(clerk.position.0)
            ),
            ("document.read", None, Some(leader.position.0)),
        ]
    );
    let registered = &history[0];
    assert_eq!(
        (
            registered.from_step.as_deref(),
            registered.to_step.as_deref()
        ),
        (Some("receive"), Some("submit"))
    );
    assert_eq!(registered.detail["number"], json!(7));
    // Rebuilt: the same lines.
    w.engine.rebuild(document_history::NAME).await.unwrap();
    assert_eq!(
        document_history::history(&**client, doc).await.unwrap(),
        history
    );
}
