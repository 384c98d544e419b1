//! The `register_book` projection on a real PostgreSQL: the Decree 30 incoming register book
//! filled from register numbers and document events, paging, and rebuild equality.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use chancery_domain::DomainEvent;
use chancery_domain::document::{
    ActedBy, ActionTaken, Channel, DocumentReceived, DocumentRegistered, Metadata, MetadataUpdated,
    Recipients,
};
use chancery_domain::ids::{PositionId, RegisterId, UnitId, UserId};
use chancery_domain::reference::{Confidentiality, Urgency};
use chancery_domain::register::{BookEntry, NumberTaken};
use chancery_event_store::postgres::PgEventStore;
use chancery_event_store::{
    Actor, EventMetadata, EventStore, ExpectedRevision, GlobalPosition, NewEvent, StreamId,
};
use chancery_projector::{Projection, ProjectionEngine};
use chancery_read_models::register_book::{self, RegisterBook};
use chancery_test_support::TestDb;
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
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
    unit: Uuid,
    clerk: ActedBy,
    leader: ActedBy,
    head: ActedBy,
}

async fn world() -> World {
    let support::Running {
        db,
        store,
        engine,
        stop,
    } = support::running(Arc::new(RegisterBook), Some(4)).await;
    let someone = || ActedBy {
        person: UserId(Uuid::new_v4()),
        position: PositionId(Uuid::new_v4()),
    };
    World {
        db,
        store,
        engine,
        unit: Uuid::new_v4(),
        clerk: someone(),
        leader: someone(),
        head: someone(),
        last: AtomicU64::new(0),
        _stop: stop,
    }
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 3, d).unwrap()
}

fn arrival(d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, d, 2, 30, 0).unwrap()
}

fn metadata(summary: &str) -> Metadata {
    Metadata {
        issuing_body: "UBND tỉnh Lào Cai".into(),
        number_notation: format!("{}/UBND-VX", summary.len()),
        document_date: day(1),
        document_type: "cong_van".into(),
        summary: summary.into(),
        language: "vi".into(),
        page_count: 1,
        signer_name: None,
        signer_position: None,
        urgency: Urgency::Urgent,
        confidentiality: Confidentiality::Normal,
        recipients: None,
        deadline: None,
        notes: Some("Kèm bản giấy".into()),
    }
}

impl World {
    /// Waits until the projection has applied everything appended so far.
    async fn catch_up(&self) {
        let last = GlobalPosition(self.last.load(Ordering::SeqCst));
        self.engine
            .wait_for(last, &[register_book::NAME], PATIENCE)
            .await
            .unwrap();
    }

    async fn emit<E: DomainEvent + serde::Serialize>(
        &self,
        stream: &str,
        by: ActedBy,
        event: &E,
    ) -> DateTime<Utc> {
        let shape = chancery_domain::events::encode(event).unwrap();
        let metadata = EventMetadata::for_command(
            Uuid::now_v7(),
            Some(Actor {
                user_id: by.person.0,
                position_id: Some(by.position.0),
                unit_id: Some(self.unit),
            }),
            Utc::now(),
        );
        let at = metadata.recorded_at;
        let position = self
            .store
            .append(
                &StreamId::new(stream).unwrap(),
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

    async fn number(&self, register: Uuid, year: i32, number: u64, doc: Uuid, summary: &str) {
        let m = metadata(summary);
        self.emit(
            &format!("register-{register}-{year}"),
            self.clerk,
            &NumberTaken {
                register_id: RegisterId(register),
                year,
                number,
                document_id: doc,
                unit_id: UnitId(self.unit),
                clerk: self.clerk.person,
                entry: BookEntry {
                    arrived_at: arrival(u32::try_from(number).unwrap()),
                    issuing_body: m.issuing_body,
                    number_notation: m.number_notation,
                    document_date: m.document_date,
                    document_type: m.document_type,
                    summary: m.summary,
                    urgency: m.urgency,
                    confidentiality: m.confidentiality,
                },
            },
        )
        .await;
    }

    async fn receive(&self, doc: Uuid, summary: &str) {
        self.emit(
            &format!("document-{doc}"),
            self.clerk,
            &DocumentReceived {
                document_id: doc,
                unit_id: UnitId(self.unit),
                definition: "p2-incoming-unit".into(),
                definition_version: 1,
                step: "receive".into(),
                roles: vec!["unit_clerk".into()],
                parent_id: None,
                channel: Channel::Paper,
                sender_agency: None,
                metadata: metadata(summary),
                files: vec![],
                by: self.clerk,
            },
        )
        .await;
    }

    async fn registered(&self, register: Uuid, doc: Uuid, number: u64) {
        self.emit(
            &format!("document-{doc}"),
            self.clerk,
            &DocumentRegistered {
                document_id: doc,
                register_id: RegisterId(register),
                year: 2025,
                number,
                by: self.clerk,
            },
        )
        .await;
        self.act(doc, self.clerk, "register", "receive", "update", None)
            .await;
    }

    async fn act(
        &self,
        doc: Uuid,
        by: ActedBy,
        action: &str,
        from: &str,
        to: &str,
        main: Option<ActedBy>,
    ) -> DateTime<Utc> {
        self.emit(
            &format!("document-{doc}"),
            by,
            &ActionTaken {
                document_id: doc,
                action: action.into(),
                from_step: from.into(),
                to_step: to.into(),
                to_roles: vec![],
                ends: matches!(to, "finished" | "refused"),
                note: None,
                deadline: main.map(|_| day(20)),
                recipients: Recipients {
                    main: main.map(|m| m.position),
                    co: vec![],
                    info: vec![],
                },
                units: vec![],
                files: vec![],
                by,
            },
        )
        .await
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_book_has_the_appendix_iv_columns_and_the_first_forward() {
    let w = world().await;
    let register = Uuid::new_v4();
    let [d1, d2, d3, d4] = [(); 4].map(|()| Uuid::now_v7());

    // 1: registered, corrected, submitted to the leader, then sent on to a department.
    w.receive(d1, "Về việc tổ chức hội nghị").await;
    w.number(register, 2025, 1, d1, "Về việc tổ chức hội nghị")
        .await;
    w.registered(register, d1, 1).await;
    let mut corrected = metadata("Về việc tổ chức hội nghị tổng kết");
    corrected.notes = Some("Đã sửa trích yếu".into());
    w.emit(
        &format!("document-{d1}"),
        w.clerk,
        &MetadataUpdated {
            document_id: d1,
            metadata: corrected,
            by: w.clerk,
        },
    )
    .await;
    let first = w
        .act(
            d1,
            w.clerk,
            "submit_to_leader",
            "update",
            "direct",
            Some(w.leader),
        )
        .await;
    w.act(
        d1,
        w.leader,
        "forward_to_department",
        "direct",
        "department",
        Some(w.head),
    )
    .await;

    // 2: forwarded to the leader by mistake and recalled, then forwarded to the head.
    w.receive(d2, "Về việc báo cáo số liệu").await;
    w.number(register, 2025, 2, d2, "Về việc báo cáo số liệu")
        .await;
    w.registered(register, d2, 2).await;
    w.act(
        d2,
        w.clerk,
        "submit_to_leader",
        "update",
        "direct",
        Some(w.leader),
    )
    .await;
    w.act(d2, w.clerk, "recall", "direct", "update", None).await;
    let second = w
        .act(
            d2,
            w.clerk,
            "forward_to_department",
            "update",
            "department",
            Some(w.head),
        )
        .await;

    // 3: the document's events are applied before the number's (the book joins them).
    w.receive(d3, "Về việc tuyển dụng").await;
    w.registered(register, d3, 3).await;
    let third = w
        .act(
            d3,
            w.clerk,
            "forward_to_person",
            "update",
            "handle",
            Some(w.head),
        )
        .await;
    w.number(register, 2025, 3, d3, "Về việc tuyển dụng").await;

    // 4: registered, not forwarded yet. And a number of another year.
    w.receive(d4, "Giấy mời").await;
    w.number(register, 2025, 4, d4, "Giấy mời").await;
    w.registered(register, d4, 4).await;
    w.number(register, 2024, 1, Uuid::now_v7(), "Năm trước")
        .await;

    w.catch_up().await;
    let client = w.db.pool.get().await.unwrap();
    let book = register_book::book(&**client, register, 2025, None, 100, None, &auditor())
        .await
        .unwrap();
    assert_eq!(
        book.iter().map(|r| r.number).collect::<Vec<_>>(),
        vec![1, 2, 3, 4]
    );
    let one = &book[0];
    assert_eq!(one.document_id, d1);
    assert_eq!(one.unit_id, w.unit);
    assert_eq!(one.arrived_at, arrival(1));
    assert_eq!(one.issuing_body, "UBND tỉnh Lào Cai");
    assert_eq!(one.document_date, day(1));
    assert_eq!(one.document_type, "cong_van");
    assert_eq!(
        one.summary, "Về việc tổ chức hội nghị tổng kết",
        "the clerk's correction"
    );
    assert_eq!(one.urgency, "urgent");
    assert_eq!(one.confidentiality, "normal");
    assert_eq!(one.notes.as_deref(), Some("Đã sửa trích yếu"));
    assert_eq!(
        one.forwarded_to,
        Some(w.leader.position.0),
        "the first forward"
    );
    assert_eq!(one.forwarded_at, Some(first));

    assert_eq!(book[1].summary, "Về việc báo cáo số liệu");
    assert_eq!(book[1].notes.as_deref(), Some("Kèm bản giấy"));
    assert_eq!(
        (book[1].forwarded_to, book[1].forwarded_at),
        (Some(w.head.position.0), Some(second)),
        "the recalled forward does not count"
    );
    assert_eq!(
        (book[2].forwarded_to, book[2].forwarded_at),
        (Some(w.head.position.0), Some(third))
    );
    assert_eq!(book[2].arrived_at, arrival(3));
    assert_eq!((book[3].forwarded_to, book[3].forwarded_at), (None, None));

    // The filter: every word, accents and case ignored, over the whole book (the corrected
    // summary, not the registered one); LIKE's wildcards are only characters.
    let filtered = |text: &'static str| {
        let client = &client;
        async move {
            register_book::book(
                &***client,
                register,
                2025,
                None,
                100,
                Some(text),
                &auditor(),
            )
            .await
            .unwrap()
            .iter()
            .map(|r| r.number)
            .collect::<Vec<_>>()
        }
    };
    assert_eq!(filtered("HOI NGHI tong ket").await, vec![1]);
    assert_eq!(
        filtered("lao cai").await,
        vec![1, 2, 3, 4],
        "the issuing body"
    );
    assert_eq!(filtered("bao cao").await, vec![2]);
    assert_eq!(filtered("hội nghị báo cáo").await, Vec::<i64>::new());
    assert_eq!(filtered("%").await, Vec::<i64>::new());
    assert_eq!(filtered("   ").await, vec![1, 2, 3, 4]);

    // Paging by number; the other year is its own book.
    let page = register_book::book(&**client, register, 2025, Some(1), 2, None, &auditor())
        .await
        .unwrap();
    assert_eq!(
        page.iter().map(|r| r.number).collect::<Vec<_>>(),
        vec![2, 3]
    );
    let last_year = register_book::book(&**client, register, 2024, None, 100, None, &auditor())
        .await
        .unwrap();
    assert_eq!(last_year.len(), 1);
    assert_eq!(last_year[0].summary, "Năm trước");
    assert!(
        register_book::book(&**client, Uuid::new_v4(), 2025, None, 100, None, &auditor())
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rebuilt_book_equals_the_live_one_row_for_row() {
    let w = world().await;
    let register = Uuid::new_v4();
    for n in 1..=6u64 {
        let doc = Uuid::now_v7();
        let summary = format!("Công văn {n}");
        w.receive(doc, &summary).await;
        w.number(register, 2025, n, doc, &summary).await;
        w.registered(register, doc, n).await;
        if n % 2 == 0 {
            w.act(
                doc,
                w.clerk,
                "submit_to_leader",
                "update",
                "direct",
                Some(w.leader),
            )
            .await;
        }
        if n == 4 {
            w.act(doc, w.clerk, "recall", "direct", "update", None)
                .await;
        }
    }
    w.catch_up().await;
    let client = w.db.pool.get().await.unwrap();
    let live = register_book::digest(&**client, register, 2025)
        .await
        .unwrap();
    assert_eq!(live.0, 6);
    let rows = register_book::book(&**client, register, 2025, None, 100, None, &auditor())
        .await
        .unwrap();
    let forwarded: Vec<i64> = rows
        .iter()
        .filter(|r| r.forwarded_to.is_some())
        .map(|r| r.number)
        .collect();
    assert_eq!(forwarded, vec![2, 6]);

    w.engine.rebuild(register_book::NAME).await.unwrap();
    assert_eq!(
        register_book::digest(&**client, register, 2025)
            .await
            .unwrap(),
        live
    );
    assert_eq!(
        register_book::book(&**client, register, 2025, None, 100, None, &auditor())
            .await
            .unwrap(),
        rows
    );

    // Every event in one batch (each document's events in a row, documents side by side)
    // into empty tables: the same book as the live one, built four events at a time.
    let events = w.store.read_all(GlobalPosition::START, 1000).await.unwrap();
    let mut client = w.db.pool.get().await.unwrap();
    let tx = client.transaction().await.unwrap();
    tx.batch_execute(
        "ALTER SCHEMA register_book RENAME TO register_book_live; CREATE SCHEMA register_book; \
         SET LOCAL search_path TO register_book, public",
    )
    .await
    .unwrap();
    for migration in RegisterBook.schema() {
        tx.batch_execute(migration.sql).await.unwrap();
    }
    RegisterBook.apply(&tx, &events).await.unwrap();
    assert_eq!(
        register_book::digest(&*tx, register, 2025).await.unwrap(),
        live
    );
    tx.rollback().await.unwrap();
}

/// A reader of everything (an auditor cleared for every level).
fn auditor() -> chancery_read_models::search::SearchScope {
    chancery_read_models::search::SearchScope {
        everything: true,
        clearance: ["normal", "confidential", "secret", "top_secret"]
            .map(str::to_owned)
            .to_vec(),
        ..Default::default()
    }
}
