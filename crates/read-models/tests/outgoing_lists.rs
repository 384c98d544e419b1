//! The `outgoing` projection's work lists on a real PostgreSQL: each list read in its own
//! order (the `routed_to` side table kept in step with every document's changes), keyset
//! paging through a list longer than the count's cap, and the capped count.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

use std::sync::Arc;
use std::time::Duration;

use chancery_domain::catalogue::{AnyEvent, encode_any};
use chancery_domain::document::{ActedBy, FileRef, Recipients};
use chancery_domain::ids::{PositionId, UnitId, UserId};
use chancery_domain::outgoing::{DraftCreated, DraftFields, OutgoingActionTaken};
use chancery_domain::reference::{Confidentiality, Urgency};
use chancery_event_store::postgres::PgEventStore;
use chancery_event_store::{
    Actor, EventMetadata, EventStore, ExpectedRevision, GlobalPosition, NewEvent, StreamId,
};
use chancery_projector::{EngineOptions, ProjectionEngine};
use chancery_read_models::inbox::Inbox;
use chancery_read_models::outgoing::{self, Asker, COUNT_CAP, List, OutgoingProjection, Total};
use chancery_test_support::TestDb;
use chrono::{DateTime, Utc};
use tokio::sync::watch;
use uuid::Uuid;

const PATIENCE: Duration = Duration::from_secs(120);

#[derive(Debug, Clone)]
struct Person {
    person: Uuid,
    position: Uuid,
    unit: Uuid,
    role: &'static str,
}

impl Person {
    fn new(unit: Uuid, role: &'static str) -> Self {
        Self {
            person: Uuid::new_v4(),
            position: Uuid::new_v4(),
            unit,
            role,
        }
    }

    fn by(&self) -> ActedBy {
        ActedBy {
            person: UserId(self.person),
            position: PositionId(self.position),
        }
    }

    fn asker(&self, office: Uuid) -> Asker {
        Asker {
            position: self.position,
            role: self.role.to_owned(),
            units_up: vec![self.unit, office],
            office: Some(office),
            cleared: vec!["normal".to_owned()],
        }
    }
}

fn new_event(event: AnyEvent, who: &Person) -> NewEvent {
    let shape = encode_any(&event).unwrap();
    let metadata = EventMetadata::for_command(
        Uuid::now_v7(),
        Some(Actor {
            user_id: who.person,
            position_id: Some(who.position),
            unit_id: Some(who.unit),
        }),
        Utc::now(),
    );
    NewEvent::new(
        0,
        shape.event_type,
        shape.schema_version,
        shape.payload,
        metadata,
    )
}

fn action(
    id: Uuid,
    by: &Person,
    (name, from, to, roles): (&str, &str, &str, &[&str]),
    main: Option<&Person>,
    scope: Option<Uuid>,
) -> AnyEvent {
    OutgoingActionTaken {
        document_id: id,
        action: name.to_owned(),
        from_step: from.to_owned(),
        to_step: to.to_owned(),
        to_roles: roles.iter().map(|r| (*r).to_owned()).collect(),
        to_scope: scope.map(UnitId),
        ends: false,
        note: None,
        deadline: None,
        recipients: Recipients {
            main: main.map(|m| PositionId(m.position)),
            ..Recipients::default()
        },
        marks: None,
        by: by.by(),
    }
    .into()
}

struct Office {
    unit: Uuid,
    drafter: Person,
    head: Person,
    leader: Person,
    clerk: Person,
}

/// A draft by the office's drafter, through the head, signed by the leader and waiting in
/// the clerk's pool, in one append: the last position.
async fn drafted_and_signed(
    store: &dyn EventStore,
    office: &Office,
    summary: &str,
) -> (Uuid, GlobalPosition) {
    let id = Uuid::now_v7();
    let Office {
        unit,
        drafter,
        head,
        leader,
        ..
    } = office;
    let created: AnyEvent = DraftCreated {
        document_id: id,
        unit_id: UnitId(*unit),
        office_id: UnitId(*unit),
        definition: "p4-outgoing-unit".to_owned(),
        definition_version: 1,
        step: "draft".to_owned(),
        fields: DraftFields {
            document_type: "cong-van".to_owned(),
            summary: summary.to_owned(),
            signer: Some(PositionId(leader.position)),
            signing_authority: None,
            recipients: vec![],
            urgency: Urgency::Normal,
            confidentiality: Confidentiality::Normal,
            reply_deadline: None,
            related_documents: vec![],
            field: None,
            notes: None,
        },
        files: vec![FileRef {
            sha256: "0".repeat(64),
            name: "du-thao.pdf".to_owned(),
            media_type: "application/pdf".to_owned(),
            size: 1,
        }],
        by: drafter.by(),
    }
    .into();
    let events = vec![
        new_event(created, drafter),
        new_event(
            action(
                id,
                drafter,
                (
                    "submit_to_department",
                    "draft",
                    "department_review",
                    &["department_head"],
                ),
                Some(head),
                None,
            ),
            drafter,
        ),
        new_event(
            action(
                id,
                head,
                (
                    "submit_to_leader",
                    "department_review",
                    "leader_review",
                    &["unit_head"],
                ),
                Some(leader),
                None,
            ),
            head,
        ),
        new_event(
            action(
                id,
                leader,
                ("sign", "leader_review", "format_check", &["unit_clerk"]),
                None,
                Some(*unit),
            ),
            leader,
        ),
    ];
    let stream = StreamId::new(chancery_domain::outgoing::stream(id)).unwrap();
    let appended = store
        .append(&stream, ExpectedRevision::NoStream, events)
        .await
        .unwrap();
    (id, appended.last_position)
}

/// Every row of `list` for `asker`, in pages of `size` through the cursor, with the total
/// each page reported.
async fn every_page(
    client: &tokio_postgres::Client,
    asker: &Asker,
    list: List,
    size: i64,
) -> (Vec<(DateTime<Utc>, Uuid)>, Vec<Total>) {
    let mut rows = Vec::new();
    let mut totals = Vec::new();
    let mut after = None;
    loop {
        let (page, total) = outgoing::work(client, asker, list, None, after, size)
            .await
            .unwrap();
        totals.push(total);
        rows.extend(page.iter().map(|r| (r.updated_at, r.document_id)));
        match page.last() {
            Some(last) if i64::try_from(page.len()).unwrap() == size => {
                after = Some((last.updated_at, last.document_id));
            }
            _ => return (rows, totals),
        }
    }
}

/// A fresh database with the event store, and the outgoing projection running beside the
/// inbox one (whose `fold` the searches use). The runners stop when the sender is dropped.
async fn running() -> (
    TestDb,
    Arc<PgEventStore>,
    Arc<ProjectionEngine>,
    watch::Sender<bool>,
) {
    let db = TestDb::new().await;
    let store = Arc::new(PgEventStore::new(db.pool.clone(), db.config.clone()));
    store.migrate().await.unwrap();
    let engine = Arc::new(
        ProjectionEngine::new(
            store.clone(),
            db.pool.clone(),
            db.config.clone(),
            vec![Arc::new(Inbox), Arc::new(OutgoingProjection)],
            EngineOptions {
                lease_retry: Duration::from_millis(50),
                idle_wait: Duration::from_millis(100),
                ..EngineOptions::default()
            },
        )
        .unwrap(),
    );
    engine.migrate().await.unwrap();
    let (stop, shutdown) = watch::channel(false);
    engine.spawn(shutdown);
    (db, store, engine, stop)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lists_longer_than_the_cap_page_in_order_and_count_up_to_it() {
    let (db, store, engine, _stop) = running().await;
    let unit = Uuid::new_v4();
    let office = Office {
        unit,
        drafter: Person::new(unit, "specialist"),
        head: Person::new(unit, "department_head"),
        leader: Person::new(unit, "unit_head"),
        clerk: Person::new(unit, "unit_clerk"),
    };
    let n = usize::try_from(COUNT_CAP).unwrap() + 5;
    let mut ids = Vec::new();
    let mut last = GlobalPosition(0);
    for i in 0..n {
        let (id, position) = drafted_and_signed(&*store, &office, &format!("Công văn {i}")).await;
        ids.push(id);
        last = position;
    }
    engine
        .wait_for(last, &[outgoing::NAME], PATIENCE)
        .await
        .unwrap();
    let client = db.connect().await;

    // The leader signed every one: their processed list is longer than the cap. Paged by
    // 200, it holds each document once, newest first, and every page says "more than the
    // cap".
    let leader = office.leader.asker(unit);
    let (rows, totals) = every_page(&client, &leader, List::Processed, 200).await;
    assert_eq!(rows.len(), n);
    assert!(
        rows.windows(2).all(|w| w[0] > w[1]),
        "newest first, no repeats"
    );
    let mut listed: Vec<Uuid> = rows.iter().map(|r| r.1).collect();
    listed.sort_unstable();
    let mut expected = ids.clone();
    expected.sort_unstable();
    assert_eq!(listed, expected);
    let capped = Total {
        count: COUNT_CAP,
        more: true,
    };
    assert!(totals.iter().all(|t| *t == capped), "{totals:?}");

    // The drafter's own documents are not what they processed; their search over all
    // lists them (capped), the clerk's to-do list is the pool (capped), the head's to-do
    // list is empty and counted exactly.
    let drafter = office.drafter.asker(unit);
    let (rows, totals) = every_page(&client, &drafter, List::Processed, 50).await;
    assert!(rows.is_empty());
    assert_eq!(
        totals,
        vec![Total {
            count: 0,
            more: false
        }]
    );
    let (rows, totals) = every_page(&client, &drafter, List::All, 500).await;
    assert_eq!(rows.len(), n);
    assert_eq!(totals[0], capped);
    let clerk = office.clerk.asker(unit);
    let (rows, _) = every_page(&client, &clerk, List::ToDo, 300).await;
    assert_eq!(rows.len(), n);
    let head = office.head.asker(unit);
    let (_, total) = outgoing::work(&client, &head, List::ToDo, None, None, 50)
        .await
        .unwrap();
    assert_eq!(
        total,
        Total {
            count: 0,
            more: false
        }
    );

    // The clerk accepts the oldest document: it moves to the top of the leader's processed
    // list (the side table follows the document's change), and a short list is counted
    // exactly.
    let oldest = ids[0];
    let accepted = action(
        oldest,
        &office.clerk,
        ("accept", "format_check", "issuing", &["unit_clerk"]),
        None,
        Some(unit),
    );
    let stream = StreamId::new(chancery_domain::outgoing::stream(oldest)).unwrap();
    let position = store
        .append(
            &stream,
            ExpectedRevision::Any,
            vec![new_event(accepted, &office.clerk)],
        )
        .await
        .unwrap()
        .last_position;
    engine
        .wait_for(position, &[outgoing::NAME], PATIENCE)
        .await
        .unwrap();
    let (page, _) = outgoing::work(&client, &leader, List::Processed, None, None, 3)
        .await
        .unwrap();
    assert_eq!(page[0].document_id, oldest);
    assert_eq!(page[0].step, "issuing");
    let (page, total) = outgoing::work(&client, &clerk, List::Processed, None, None, 50)
        .await
        .unwrap();
    assert_eq!(page.len(), 1);
    assert_eq!(
        total,
        Total {
            count: 1,
            more: false
        }
    );
    // A later page counts the whole list too.
    let (first, _) = outgoing::work(&client, &leader, List::Processed, None, None, 1)
        .await
        .unwrap();
    let cursor = (first[0].updated_at, first[0].document_id);
    let (page, total) = outgoing::work(&client, &leader, List::Processed, None, Some(cursor), 1)
        .await
        .unwrap();
    assert_eq!(page.len(), 1);
    assert_ne!(page[0].document_id, oldest);
    assert_eq!(total, capped);
}
