//! A withdrawn electronic copy on a real PostgreSQL: it leaves the awaiting-registration
//! queue, the clerk's pending box and counts, its history shows the withdrawal, and a
//! reinstatement puts it back — through the `inbox` and `document_history` projections,
//! in batches of any size.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::time::Duration;

use chancery_domain::DomainEvent;
use chancery_domain::document::{
    ActedBy, Channel, DocumentReceived, DocumentReinstated, DocumentWithdrawn, Metadata,
    WITHDRAWN_STEP,
};
use chancery_domain::ids::{PositionId, UnitId, UserId};
use chancery_domain::reference::{Confidentiality, Urgency};
use chancery_event_store::postgres::PgEventStore;
use chancery_event_store::{
    EventMetadata, EventStore, ExpectedRevision, GlobalPosition, NewEvent, StreamId,
};
use chancery_projector::{EngineOptions, ProjectionEngine};
use chancery_test_support::TestDb;
use chrono::{NaiveDate, Utc};
use tokio::sync::watch;
use uuid::Uuid;

use crate::document_history::{self, DocumentHistory};
use crate::document_view;
use crate::inbox::{self, Inbox, InboxBox, InboxQuery};

const PATIENCE: Duration = Duration::from_secs(30);

async fn emit<E: DomainEvent + serde::Serialize>(
    store: &PgEventStore,
    document: Uuid,
    event: &E,
) -> GlobalPosition {
    let shape = chancery_domain::events::encode(event).unwrap();
    let metadata = EventMetadata::for_command(Uuid::now_v7(), None, Utc::now());
    store
        .append(
            &StreamId::new(format!("document-{document}")).unwrap(),
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
        .last_position
}

fn received(id: Uuid, office: Uuid, clerk: ActedBy) -> DocumentReceived {
    DocumentReceived {
        document_id: id,
        unit_id: UnitId(office),
        definition: "p2-incoming-unit".to_owned(),
        definition_version: 1,
        step: "receive".to_owned(),
        roles: vec!["unit_clerk".to_owned()],
        parent_id: None,
        channel: Channel::Electronic,
        sender_agency: None,
        metadata: Metadata {
            issuing_body: "UBND xã".to_owned(),
            number_notation: "01/UBND-VP".to_owned(),
            document_date: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
            document_type: "cong-van".to_owned(),
            summary: "Về việc góp ý dự thảo".to_owned(),
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
        files: Vec::new(),
        by: clerk,
    }
}

/// Runs the scenario with projection batches of `batch_size` events.
async fn scenario(batch_size: usize) {
    let db = TestDb::new().await;
    let store = Arc::new(PgEventStore::new(db.pool.clone(), db.config.clone()));
    store.migrate().await.unwrap();
    let engine = Arc::new(
        ProjectionEngine::new(
            store.clone(),
            db.pool.clone(),
            db.config.clone(),
            vec![Arc::new(Inbox), Arc::new(DocumentHistory)],
            EngineOptions {
                batch_size,
                lease_retry: Duration::from_millis(50),
                idle_wait: Duration::from_millis(100),
                ..EngineOptions::default()
            },
        )
        .unwrap(),
    );
    engine.migrate().await.unwrap();
    let (_stop, shutdown) = watch::channel(false);
    engine.spawn(shutdown);
    let names = [inbox::NAME, document_history::NAME];

    let office = Uuid::now_v7();
    let clerk = (Uuid::now_v7(), office, "unit_clerk".to_owned());
    let sender = ActedBy {
        person: UserId(Uuid::now_v7()),
        position: PositionId(Uuid::now_v7()),
    };
    let outgoing = Uuid::now_v7();
    let copy = Uuid::now_v7();
    let kept = Uuid::now_v7();
    emit(&store, copy, &received(copy, office, sender)).await;
    let last = emit(&store, kept, &received(kept, office, sender)).await;
    engine.wait_for(last, &names, PATIENCE).await.unwrap();
    let client = db.pool.get().await.unwrap();
    let queue = || async {
        document_view::awaiting_registration(&**client, office, None, 50, &["normal".to_owned()])
            .await
            .unwrap()
            .into_iter()
            .map(|a| a.document_id)
            .collect::<Vec<_>>()
    };
    let pending = || async {
        let rows = inbox::inbox(
            &**client,
            &InboxQuery {
                positions: vec![clerk.clone()],
                r#box: InboxBox::Pending,
                limit: 50,
                ..InboxQuery::default()
            },
        )
        .await
        .unwrap();
        let counts =
            inbox::unread_counts(&**client, std::slice::from_ref(&clerk), Default::default())
                .await
                .unwrap();
        (rows.len(), counts.0)
    };
    assert_eq!(queue().await.len(), 2);
    assert_eq!(pending().await, (2, 2));

    // Withdrawn (the event and a later one in the same batch when the batch allows).
    emit(
        &store,
        copy,
        &DocumentWithdrawn {
            document_id: copy,
            outgoing_id: outgoing,
            step: "receive".to_owned(),
            note: "Sai nơi nhận".to_owned(),
            by: sender,
        },
    )
    .await;
    let last = emit(&store, kept, &received(kept, office, sender)).await;
    engine.wait_for(last, &names, PATIENCE).await.unwrap();
    assert_eq!(queue().await, vec![kept]);
    assert_eq!(pending().await, (1, 1));
    assert!(
        document_view::items(&**client, copy)
            .await
            .unwrap()
            .is_empty()
    );
    let state = inbox::document(&**client, copy).await.unwrap().unwrap();
    assert_eq!(state.step, WITHDRAWN_STEP);
    assert!(state.finished);
    let history = document_history::history(&**client, copy).await.unwrap();
    let line = history.last().unwrap();
    assert_eq!(line.event_type, "document.withdrawn");
    assert_eq!(line.action.as_deref(), Some("withdraw"));
    assert_eq!(line.from_step.as_deref(), Some("receive"));
    assert_eq!(line.to_step.as_deref(), Some(WITHDRAWN_STEP));
    assert_eq!(line.note.as_deref(), Some("Sai nơi nhận"));
    assert_eq!(line.actor_person_id, Some(sender.person.0));

    // Put back: in the queue and the pending box again, at its step.
    let last = emit(
        &store,
        copy,
        &DocumentReinstated {
            document_id: copy,
            outgoing_id: outgoing,
            step: "receive".to_owned(),
            roles: vec!["unit_clerk".to_owned()],
            by: sender,
        },
    )
    .await;
    engine.wait_for(last, &names, PATIENCE).await.unwrap();
    let mut in_queue = queue().await;
    in_queue.sort();
    let mut both = vec![copy, kept];
    both.sort();
    assert_eq!(in_queue, both);
    assert_eq!(pending().await, (2, 2));
    let state = inbox::document(&**client, copy).await.unwrap().unwrap();
    assert_eq!(state.step, "receive");
    assert!(!state.finished);
    let history = document_history::history(&**client, copy).await.unwrap();
    assert_eq!(history.last().unwrap().action.as_deref(), Some("reinstate"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_withdrawn_copy_leaves_the_queue_and_a_reinstated_one_comes_back() {
    scenario(1).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_in_large_batches() {
    scenario(500).await;
}
