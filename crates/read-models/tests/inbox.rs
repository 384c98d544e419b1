//! The `inbox` projection on a real PostgreSQL: a document's P2 route through everyone's
//! pending, processed and for-information boxes, recalls, pools, ordering, search, paging and
//! idempotency.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use chancery_domain::DomainEvent;
use chancery_domain::document::{
    ActedBy, ActionTaken, Channel, DocumentRead, DocumentReceived, DocumentRegistered, Metadata,
    Recipients,
};
use chancery_domain::ids::{PositionId, RegisterId, UnitId, UserId};
use chancery_domain::reference::{Confidentiality, Urgency};
use chancery_event_store::postgres::PgEventStore;
use chancery_event_store::{
    Actor, EventMetadata, EventStore, ExpectedRevision, GlobalPosition, NewEvent, StreamId,
};
use chancery_projector::{Projection, ProjectionEngine};
use chancery_read_models::inbox::{self, Inbox, InboxBox, InboxQuery, InboxRow};
use chancery_test_support::TestDb;
use chrono::{NaiveDate, Utc};
use tokio::sync::watch;
use uuid::Uuid;

const PATIENCE: Duration = Duration::from_secs(30);

// ---------------------------------------------------------------------------------------
// A small world: people in positions, documents as events.
// ---------------------------------------------------------------------------------------

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

    fn holding(&self) -> Vec<(Uuid, Uuid, String)> {
        vec![(self.position, self.unit, self.role.to_owned())]
    }
}

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
    } = support::running(Arc::new(Inbox), Some(3)).await;
    World {
        db,
        store,
        engine,
        last: AtomicU64::new(0),
        _stop: stop,
    }
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 3, d).unwrap()
}

fn metadata(summary: &str, urgency: Urgency) -> Metadata {
    Metadata {
        issuing_body: "Bộ Nội vụ".into(),
        number_notation: "05/BNV-VP".into(),
        document_date: day(1),
        document_type: "cong_van".into(),
        summary: summary.into(),
        language: "vi".into(),
        page_count: 2,
        signer_name: None,
        signer_position: None,
        urgency,
        confidentiality: Confidentiality::Normal,
        recipients: None,
        deadline: None,
        notes: Some("Bản giấy gửi sau".into()),
    }
}

/// An action of the process, as the decider would record it.
struct Act<'a> {
    action: &'a str,
    from: &'a str,
    to: &'a str,
    to_roles: &'a [&'a str],
    main: Option<&'a Person>,
    co: &'a [&'a Person],
    info: &'a [&'a Person],
    deadline: Option<NaiveDate>,
}

impl<'a> Act<'a> {
    fn new(action: &'a str, from: &'a str, to: &'a str, to_roles: &'a [&'a str]) -> Self {
        Self {
            action,
            from,
            to,
            to_roles,
            main: None,
            co: &[],
            info: &[],
            deadline: None,
        }
    }
    fn main(mut self, p: &'a Person) -> Self {
        self.main = Some(p);
        self
    }
    fn co(mut self, p: &'a [&'a Person]) -> Self {
        self.co = p;
        self
    }
    fn info(mut self, p: &'a [&'a Person]) -> Self {
        self.info = p;
        self
    }
    fn deadline(mut self, d: NaiveDate) -> Self {
        self.deadline = Some(d);
        self
    }
}

impl World {
    async fn emit<E: DomainEvent + serde::Serialize>(
        &self,
        document: Uuid,
        who: &Person,
        event: &E,
    ) -> GlobalPosition {
        let shape = chancery_domain::events::encode(event).unwrap();
        let metadata = EventMetadata::for_command(
            Uuid::now_v7(),
            Some(Actor {
                user_id: who.person,
                position_id: Some(who.position),
                unit_id: Some(who.unit),
            }),
            Utc::now(),
        );
        let stream = StreamId::new(format!("document-{document}")).unwrap();
        let position = self
            .store
            .append(
                &stream,
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
        position
    }

    async fn receive(&self, clerk: &Person, summary: &str, urgency: Urgency) -> Uuid {
        let id = Uuid::now_v7();
        self.emit(
            id,
            clerk,
            &DocumentReceived {
                document_id: id,
                unit_id: UnitId(clerk.unit),
                definition: "p2-incoming-unit".into(),
                definition_version: 1,
                step: "receive".into(),
                roles: vec!["unit_clerk".into()],
                parent_id: None,
                channel: Channel::Electronic,
                sender_agency: None,
                metadata: metadata(summary, urgency),
                files: vec![],
                by: clerk.by(),
            },
        )
        .await;
        id
    }

    async fn register(&self, document: Uuid, clerk: &Person, number: u64) {
        self.emit(
            document,
            clerk,
            &DocumentRegistered {
                document_id: document,
                register_id: RegisterId(Uuid::nil()),
                year: 2025,
                number,
                by: clerk.by(),
            },
        )
        .await;
        self.act(
            document,
            clerk,
            Act::new("register", "receive", "update", &["unit_clerk"]),
        )
        .await;
    }

    async fn act(&self, document: Uuid, who: &Person, act: Act<'_>) -> GlobalPosition {
        self.emit(
            document,
            who,
            &ActionTaken {
                document_id: document,
                action: act.action.into(),
                from_step: act.from.into(),
                to_step: act.to.into(),
                to_roles: act.to_roles.iter().map(|r| (*r).to_owned()).collect(),
                // The shipped P2 definition's end steps that these tests reach.
                ends: matches!(act.to, "finished" | "refused"),
                note: Some("Đề nghị xử lý".into()),
                deadline: act.deadline,
                recipients: Recipients {
                    main: act.main.map(|p| PositionId(p.position)),
                    co: act.co.iter().map(|p| PositionId(p.position)).collect(),
                    info: act.info.iter().map(|p| PositionId(p.position)).collect(),
                },
                units: vec![],
                files: vec![],
                by: who.by(),
            },
        )
        .await
    }

    async fn read(&self, document: Uuid, who: &Person) {
        self.emit(
            document,
            who,
            &DocumentRead {
                document_id: document,
                by: who.by(),
                at: Utc::now(),
            },
        )
        .await;
    }

    /// Waits until the projection has applied everything appended so far.
    async fn catch_up(&self) {
        let last = GlobalPosition(self.last.load(Ordering::SeqCst));
        self.engine
            .wait_for(last, &[inbox::NAME], PATIENCE)
            .await
            .unwrap();
    }

    async fn query(&self, query: &InboxQuery) -> Vec<InboxRow> {
        let client = self.db.pool.get().await.unwrap();
        inbox::inbox(&**client, query).await.unwrap()
    }

    async fn boxed(&self, who: &Person, r#box: InboxBox) -> Vec<InboxRow> {
        self.query(&InboxQuery {
            positions: who.holding(),
            r#box,
            limit: 200,
            ..Default::default()
        })
        .await
    }

    /// (pending, processed, info) document ids of `who`.
    async fn boxes(&self, who: &Person) -> (Vec<Uuid>, Vec<Uuid>, Vec<Uuid>) {
        let ids = |rows: Vec<InboxRow>| rows.into_iter().map(|r| r.document_id).collect();
        (
            ids(self.boxed(who, InboxBox::Pending).await),
            ids(self.boxed(who, InboxBox::Processed).await),
            ids(self.boxed(who, InboxBox::Info).await),
        )
    }

    async fn counts(&self, who: &Person) -> (i64, i64, i64) {
        let client = self.db.pool.get().await.unwrap();
        inbox::unread_counts(&**client, &who.holding(), Default::default())
            .await
            .unwrap()
    }
}

type Boxes = (Vec<Uuid>, Vec<Uuid>, Vec<Uuid>);

fn pending(doc: Uuid) -> Boxes {
    (vec![doc], vec![], vec![])
}
fn processed(doc: Uuid) -> Boxes {
    (vec![], vec![doc], vec![])
}
fn info(doc: Uuid) -> Boxes {
    (vec![], vec![], vec![doc])
}
fn nothing() -> Boxes {
    (vec![], vec![], vec![])
}

/// A unit with two clerks, a leader, two departments (heads and specialists), and a clerk of
/// another unit.
struct Org {
    clerk: Person,
    clerk2: Person,
    other_clerk: Person,
    leader: Person,
    head1: Person,
    head2: Person,
    specialist: Person,
    specialist2: Person,
}

fn org() -> Org {
    let unit = Uuid::new_v4();
    let other = Uuid::new_v4();
    let dept1 = Uuid::new_v4();
    let dept2 = Uuid::new_v4();
    Org {
        clerk: Person::new(unit, "unit_clerk"),
        clerk2: Person::new(unit, "unit_clerk"),
        other_clerk: Person::new(other, "unit_clerk"),
        leader: Person::new(unit, "unit_head"),
        head1: Person::new(dept1, "department_head"),
        head2: Person::new(dept2, "department_head"),
        specialist: Person::new(dept1, "specialist"),
        specialist2: Person::new(dept1, "specialist"),
    }
}

// ---------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_p2_document_moves_through_everyones_boxes() {
    let w = world().await;
    let o = org();
    let doc = w
        .receive(&o.clerk, "Về việc triển khai kế hoạch", Urgency::Urgent)
        .await;
    w.catch_up().await;
    // Received: every clerk of the unit has it pending (through the pool), unread.
    assert_eq!(w.boxes(&o.clerk).await, pending(doc));
    assert_eq!(w.boxes(&o.clerk2).await, pending(doc));
    assert_eq!(w.boxes(&o.leader).await, nothing());
    let row = &w.boxed(&o.clerk, InboxBox::Pending).await[0];
    assert_eq!(
        (row.kind.as_str(), row.pool_role.as_deref(), row.read),
        ("pool", Some("unit_clerk"), false)
    );
    assert_eq!(w.counts(&o.clerk).await, (1, 1, 0));

    // Opened and registered: still the clerks' (the update step is theirs), now read for the
    // clerk who opened it, not for the other one.
    w.read(doc, &o.clerk).await;
    w.register(doc, &o.clerk, 7).await;
    w.catch_up().await;
    assert_eq!(w.boxes(&o.clerk).await, pending(doc));
    assert_eq!(w.boxes(&o.clerk2).await, pending(doc));
    let row = &w.boxed(&o.clerk, InboxBox::Pending).await[0];
    assert_eq!(row.arrival_number, Some(7));
    assert_eq!(row.step, "update");
    assert_eq!(w.counts(&o.clerk).await, (1, 0, 0));
    assert_eq!(w.counts(&o.clerk2).await, (1, 1, 0));

    // Submitted to the leader.
    w.act(
        doc,
        &o.clerk,
        Act::new(
            "submit_to_leader",
            "update",
            "direct",
            &["unit_head", "unit_deputy"],
        )
        .main(&o.leader),
    )
    .await;
    w.catch_up().await;
    assert_eq!(w.boxes(&o.clerk).await, processed(doc));
    assert_eq!(w.boxes(&o.clerk2).await, nothing(), "clerk2 never acted");
    assert_eq!(w.boxes(&o.leader).await, pending(doc));
    let row = &w.boxed(&o.leader, InboxBox::Pending).await[0];
    assert_eq!(
        (row.kind.as_str(), row.sent_by, row.read),
        ("main", Some(o.clerk.position), false)
    );

    // The leader directs it to department 1 (main), department 2 (co), a specialist (info).
    w.act(
        doc,
        &o.leader,
        Act::new(
            "forward_to_department",
            "direct",
            "department",
            &["department_head"],
        )
        .main(&o.head1)
        .co(&[&o.head2])
        .info(&[&o.specialist])
        .deadline(day(20)),
    )
    .await;
    w.catch_up().await;
    assert_eq!(w.boxes(&o.leader).await, processed(doc));
    assert_eq!(w.boxes(&o.head1).await, pending(doc));
    assert_eq!(w.boxes(&o.head2).await, pending(doc));
    assert_eq!(w.boxes(&o.specialist).await, info(doc));
    let head2 = &w.boxed(&o.head2, InboxBox::Pending).await[0];
    assert_eq!(
        (head2.kind.as_str(), head2.deadline, head2.sent_by),
        ("co", Some(day(20)), Some(o.leader.position))
    );
    assert_eq!(w.counts(&o.specialist).await, (0, 0, 1));
    w.read(doc, &o.specialist).await;
    w.catch_up().await;
    assert_eq!(w.counts(&o.specialist).await, (0, 0, 0));

    // Department 1 files it into a dossier (in place): still pending, marked acted.
    w.act(
        doc,
        &o.head1,
        Act::new("file", "department", "department", &["department_head"]),
    )
    .await;
    w.catch_up().await;
    let head1 = &w.boxed(&o.head1, InboxBox::Pending).await[0];
    assert!(head1.acted);
    assert_eq!(head1.state, "pending");

    // Department 1 hands it to the second specialist; the co-handler keeps co-ordinating.
    w.act(
        doc,
        &o.head1,
        Act::new(
            "forward_to_specialist",
            "department",
            "handle",
            &["specialist"],
        )
        .main(&o.specialist2)
        .deadline(day(15)),
    )
    .await;
    w.catch_up().await;
    assert_eq!(w.boxes(&o.head1).await, processed(doc));
    assert_eq!(w.boxes(&o.head2).await, pending(doc));
    assert_eq!(w.boxes(&o.specialist).await, info(doc));
    assert_eq!(w.boxes(&o.specialist2).await, pending(doc));
    assert_eq!(
        w.boxed(&o.specialist2, InboxBox::Pending).await[0].deadline,
        Some(day(15))
    );

    // The specialist finishes it: everyone is done, the for-information copy stays.
    w.act(
        doc,
        &o.specialist2,
        Act::new("finish", "handle", "finished", &[]),
    )
    .await;
    w.catch_up().await;
    assert_eq!(w.boxes(&o.specialist2).await, processed(doc));
    assert_eq!(w.boxes(&o.head2).await, processed(doc));
    assert_eq!(w.boxes(&o.head1).await, processed(doc));
    assert_eq!(w.boxes(&o.leader).await, processed(doc));
    assert_eq!(w.boxes(&o.clerk).await, processed(doc));
    assert_eq!(w.boxes(&o.specialist).await, info(doc));
    assert_eq!(w.boxes(&o.clerk2).await, nothing());
    let client = w.db.pool.get().await.unwrap();
    let state = inbox::document(&**client, doc).await.unwrap().unwrap();
    assert!(state.finished);
    assert_eq!(state.step, "finished");
    let row = &w.boxed(&o.clerk, InboxBox::Processed).await[0];
    assert!(row.finished);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_recall_takes_the_forward_back() {
    let w = world().await;
    let o = org();
    let doc = w
        .receive(&o.clerk, "Báo cáo tình hình", Urgency::Normal)
        .await;
    w.register(doc, &o.clerk, 1).await;

    // Sent to the leader by mistake, taken back before the leader acts.
    w.act(
        doc,
        &o.clerk,
        Act::new(
            "submit_to_leader",
            "update",
            "direct",
            &["unit_head", "unit_deputy"],
        )
        .main(&o.leader),
    )
    .await;
    w.read(doc, &o.leader).await;
    w.catch_up().await;
    assert_eq!(w.boxes(&o.leader).await, pending(doc));
    w.act(
        doc,
        &o.clerk,
        Act::new("recall", "direct", "update", &["unit_clerk"]),
    )
    .await;
    w.catch_up().await;
    assert_eq!(
        w.boxes(&o.leader).await,
        nothing(),
        "the recipient never acted: the item is gone"
    );
    assert_eq!(w.boxes(&o.clerk).await, pending(doc));
    let row = &w.boxed(&o.clerk, InboxBox::Pending).await[0];
    assert_eq!((row.kind.as_str(), row.step.as_str()), ("main", "update"));

    // Later: to a department (main), then the head forwards to a specialist and recalls.
    w.act(
        doc,
        &o.clerk,
        Act::new(
            "forward_to_department",
            "update",
            "department",
            &["department_head"],
        )
        .main(&o.head1)
        .info(&[&o.specialist])
        .deadline(day(25)),
    )
    .await;
    w.act(
        doc,
        &o.head1,
        Act::new(
            "forward_to_specialist",
            "department",
            "handle",
            &["specialist"],
        )
        .main(&o.specialist2)
        .co(&[&o.specialist])
        .deadline(day(21)),
    )
    .await;
    w.catch_up().await;
    assert_eq!(w.boxes(&o.specialist2).await, pending(doc));
    assert_eq!(
        w.boxes(&o.specialist).await,
        pending(doc),
        "from information to co-handler"
    );
    assert_eq!(w.boxes(&o.head1).await, processed(doc));
    w.act(
        doc,
        &o.head1,
        Act::new("recall", "handle", "department", &["department_head"]),
    )
    .await;
    w.catch_up().await;
    assert_eq!(w.boxes(&o.specialist2).await, nothing());
    assert_eq!(
        w.boxes(&o.specialist).await,
        info(doc),
        "what the recalled forward changed is put back"
    );
    let head1 = &w.boxed(&o.head1, InboxBox::Pending).await[0];
    assert_eq!(
        (head1.kind.as_str(), head1.deadline, head1.sent_by),
        ("main", Some(day(25)), Some(o.clerk.position)),
        "the sender's own item back as it was"
    );
    let client = w.db.pool.get().await.unwrap();
    let state = inbox::document(&**client, doc).await.unwrap().unwrap();
    assert_eq!(state.step, "department");
    assert_eq!(state.step_main, Some(o.head1.position));
    assert_eq!(state.step_deadline, Some(day(25)));
    assert_eq!(w.boxes(&o.clerk).await, processed(doc));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pool_item_is_seen_by_every_holder_of_the_role_in_the_unit_only() {
    let w = world().await;
    let o = org();
    let doc = w.receive(&o.clerk, "Giấy mời họp", Urgency::Normal).await;
    // A document received by the other unit.
    let elsewhere = w
        .receive(&o.other_clerk, "Giấy mời họp", Urgency::Normal)
        .await;
    w.catch_up().await;
    assert_eq!(w.boxes(&o.clerk).await, pending(doc));
    assert_eq!(w.boxes(&o.clerk2).await, pending(doc));
    assert_eq!(w.boxes(&o.other_clerk).await, pending(elsewhere));
    assert_eq!(w.boxes(&o.leader).await, nothing());
    // A person holding two positions sees each document once.
    let mut both = o.clerk.holding();
    both.extend(o.other_clerk.holding());
    both.push((Uuid::new_v4(), o.clerk.unit, "unit_clerk".to_owned()));
    let rows = w
        .query(&InboxQuery {
            positions: both.clone(),
            limit: 10,
            ..Default::default()
        })
        .await;
    let mut ids: Vec<Uuid> = rows.iter().map(|r| r.document_id).collect();
    ids.sort();
    let mut expected = vec![doc, elsewhere];
    expected.sort();
    assert_eq!(ids, expected);
    let client = w.db.pool.get().await.unwrap();
    assert_eq!(
        inbox::unread_counts(&**client, &both, Default::default())
            .await
            .unwrap(),
        (2, 2, 0)
    );
    // Once one clerk moves it on, the pool is gone for everyone.
    w.register(doc, &o.clerk2, 3).await;
    w.act(
        doc,
        &o.clerk2,
        Act::new(
            "forward_to_person",
            "update",
            "handle",
            &["specialist", "department_head", "unit_head", "unit_deputy"],
        )
        .main(&o.specialist)
        .deadline(day(30)),
    )
    .await;
    w.catch_up().await;
    assert_eq!(w.boxes(&o.clerk).await, nothing());
    assert_eq!(w.boxes(&o.clerk2).await, processed(doc));
    assert_eq!(w.boxes(&o.specialist).await, pending(doc));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_pending_box_is_urgent_first_then_by_deadline_and_pages_with_a_cursor() {
    let w = world().await;
    let o = org();
    // (urgency, deadline) of each document sent to the leader.
    let cases = [
        (Urgency::Normal, Some(day(10))),
        (Urgency::Flash, Some(day(20))),
        (Urgency::Urgent, Some(day(5))),
        (Urgency::Normal, Some(day(3))),
        (Urgency::Flash, None),
        (Urgency::VeryUrgent, Some(day(28))),
        (Urgency::Normal, None),
        (Urgency::Normal, None),
        (Urgency::Flash, Some(day(20))),
    ];
    let mut docs = Vec::new();
    for (i, (urgency, deadline)) in cases.iter().enumerate() {
        let doc = w
            .receive(&o.clerk, &format!("Văn bản số {i}"), *urgency)
            .await;
        let mut act = Act::new(
            "submit_to_leader",
            "update",
            "direct",
            &["unit_head", "unit_deputy"],
        )
        .main(&o.leader);
        act.deadline = *deadline;
        w.act(doc, &o.clerk, act).await;
        docs.push((doc, *urgency, *deadline));
    }
    w.catch_up().await;
    let rank = |u: Urgency| inbox::urgency_rank(u);
    let mut expected = docs.clone();
    expected.sort_by_key(|(id, u, d)| (rank(*u), d.is_none(), *d, *id));
    let expected: Vec<Uuid> = expected.iter().map(|(id, _, _)| *id).collect();
    let all: Vec<Uuid> = w
        .boxed(&o.leader, InboxBox::Pending)
        .await
        .iter()
        .map(|r| r.document_id)
        .collect();
    assert_eq!(all, expected);
    assert_eq!(
        w.boxed(&o.leader, InboxBox::Pending).await[0].urgency,
        "flash"
    );

    // Pages of two, each row once, in the same order.
    let mut paged = Vec::new();
    let mut after = None;
    loop {
        let page = w
            .query(&InboxQuery {
                positions: o.leader.holding(),
                after,
                limit: 2,
                ..Default::default()
            })
            .await;
        if page.is_empty() {
            break;
        }
        assert!(page.len() <= 2);
        after = page.last().map(InboxRow::cursor);
        paged.extend(page.iter().map(|r| r.document_id));
    }
    assert_eq!(paged, expected);

    // Filters: urgency, overdue.
    let flash = w
        .query(&InboxQuery {
            positions: o.leader.holding(),
            urgency: Some(Urgency::Flash),
            limit: 50,
            ..Default::default()
        })
        .await;
    assert_eq!(flash.len(), 3);
    assert!(flash.iter().all(|r| r.urgency == "flash"));
    let overdue = w
        .query(&InboxQuery {
            positions: o.leader.holding(),
            overdue_only: true,
            today: Some(day(10)),
            limit: 50,
            ..Default::default()
        })
        .await;
    let overdue: Vec<Option<NaiveDate>> = overdue.iter().map(|r| r.deadline).collect();
    assert_eq!(overdue, vec![Some(day(5)), Some(day(3))]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn processed_and_info_are_latest_first_boxes_merge_targets_and_urgency_follows_corrections() {
    let w = world().await;
    let o = org();
    let mut docs = Vec::new();
    for i in 0..5 {
        docs.push(
            w.receive(&o.clerk, &format!("Văn bản số {i}"), Urgency::Normal)
                .await,
        );
    }
    // The clerk passes them on in another order than they came, the leader kept informed
    // of each: the processed box and the leader's info box list the latest first.
    let order = [2, 0, 4, 1, 3];
    for (n, &i) in order.iter().enumerate() {
        w.register(docs[i], &o.clerk, n as u64 + 1).await;
        w.act(
            docs[i],
            &o.clerk,
            Act::new(
                "forward_to_department",
                "update",
                "department",
                &["department_head"],
            )
            .main(&o.head1)
            .info(&[&o.leader]),
        )
        .await;
    }
    w.catch_up().await;
    let latest_first: Vec<Uuid> = order.iter().rev().map(|&i| docs[i]).collect();
    let ids = |rows: Vec<InboxRow>| rows.into_iter().map(|r| r.document_id).collect::<Vec<_>>();
    assert_eq!(
        ids(w.boxed(&o.clerk, InboxBox::Processed).await),
        latest_first
    );
    assert_eq!(ids(w.boxed(&o.leader, InboxBox::Info).await), latest_first);
    // Paged by two, each once, in the same order.
    let mut paged = Vec::new();
    let mut after = None;
    loop {
        let page = w
            .query(&InboxQuery {
                positions: o.clerk.holding(),
                r#box: InboxBox::Processed,
                after,
                limit: 2,
                ..Default::default()
            })
            .await;
        let Some(last) = page.last() else {
            break;
        };
        after = Some(last.cursor());
        paged.extend(ids(page));
    }
    assert_eq!(paged, latest_first);

    // Someone holding two targets (the head's position, and the clerks' pool of the unit
    // for a new document) gets one merged box, in the box's order, a page at a time.
    let fresh = w.receive(&o.clerk, "Văn bản mới", Urgency::Flash).await;
    w.catch_up().await;
    let both: Vec<(Uuid, Uuid, String)> = o
        .head1
        .holding()
        .into_iter()
        .chain(o.clerk2.holding())
        .collect();
    let merged = w
        .query(&InboxQuery {
            positions: both.clone(),
            limit: 50,
            ..Default::default()
        })
        .await;
    assert_eq!(merged[0].document_id, fresh);
    assert_eq!(merged.len(), 6);
    let mut paged = Vec::new();
    let mut after = None;
    loop {
        let page = w
            .query(&InboxQuery {
                positions: both.clone(),
                after,
                limit: 4,
                ..Default::default()
            })
            .await;
        let Some(last) = page.last() else {
            break;
        };
        after = Some(last.cursor());
        paged.extend(ids(page));
    }
    assert_eq!(paged, ids(merged));

    // A correction making a document flash puts it first in the head's pending box.
    let last = *docs.last().unwrap();
    let before = ids(w.boxed(&o.head1, InboxBox::Pending).await);
    assert_ne!(before[0], last);
    w.emit(
        last,
        &o.clerk,
        &chancery_domain::document::MetadataUpdated {
            document_id: last,
            metadata: metadata("Văn bản số 4", Urgency::Flash),
            by: o.clerk.by(),
        },
    )
    .await;
    w.catch_up().await;
    let after_correction = w.boxed(&o.head1, InboxBox::Pending).await;
    assert_eq!(
        (
            after_correction[0].document_id,
            after_correction[0].urgency.as_str()
        ),
        (last, "flash")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn text_search_ignores_accents_and_case_and_escapes_like() {
    let w = world().await;
    let o = org();
    let wanted = w
        .receive(
            &o.clerk,
            "Về việc triển khai kế hoạch cải cách hành chính",
            Urgency::Normal,
        )
        .await;
    let _other = w
        .receive(&o.clerk, "Giấy mời dự hội nghị", Urgency::Normal)
        .await;
    w.catch_up().await;
    let search = |text: &str| InboxQuery {
        positions: o.clerk.holding(),
        text: Some(text.to_owned()),
        limit: 50,
        ..Default::default()
    };
    for text in ["trien khai", "TRIỂN KHAI", "Triển", "ke hoach cai cach"] {
        let rows = w.query(&search(text)).await;
        assert_eq!(
            rows.iter().map(|r| r.document_id).collect::<Vec<_>>(),
            vec![wanted],
            "{text}"
        );
    }
    // Issuing body, number/notation and notes are searched too.
    assert_eq!(w.query(&search("bo noi vu")).await.len(), 2);
    assert_eq!(w.query(&search("05/bnv")).await.len(), 2);
    assert_eq!(w.query(&search("ban giay")).await.len(), 2);
    // LIKE wildcards are literal.
    assert!(w.query(&search("%")).await.is_empty());
    assert!(w.query(&search("_")).await.is_empty());
    assert!(w.query(&search("trien%khai")).await.is_empty());
    assert_eq!(w.query(&search("  ")).await.len(), 2, "blank: no filter");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn applying_the_events_again_or_rebuilding_gives_the_same_rows() {
    let w = world().await;
    let o = org();
    for i in 0..3 {
        let doc = w
            .receive(&o.clerk, &format!("Công văn {i}"), Urgency::Urgent)
            .await;
        w.read(doc, &o.clerk2).await;
        w.register(doc, &o.clerk, i + 1).await;
        w.act(
            doc,
            &o.clerk,
            Act::new(
                "forward_to_department",
                "update",
                "department",
                &["department_head"],
            )
            .main(&o.head1)
            .co(&[&o.head2])
            .info(&[&o.specialist])
            .deadline(day(20)),
        )
        .await;
        if i > 0 {
            w.act(
                doc,
                &o.head1,
                Act::new(
                    "forward_to_specialist",
                    "department",
                    "handle",
                    &["specialist"],
                )
                .main(&o.specialist2)
                .deadline(day(18)),
            )
            .await;
        }
        if i == 1 {
            w.act(
                doc,
                &o.head1,
                Act::new("recall", "handle", "department", &["department_head"]),
            )
            .await;
        }
        if i == 2 {
            w.act(
                doc,
                &o.specialist2,
                Act::new("finish", "handle", "finished", &[]),
            )
            .await;
        }
    }
    w.catch_up().await;
    let client = w.db.pool.get().await.unwrap();
    let live = inbox::digest(&**client).await.unwrap();
    assert!(live.0 > 0);

    // The same events applied once more over the live model: nothing changes.
    let events = w.store.read_all(GlobalPosition::START, 1000).await.unwrap();
    {
        let mut client = w.db.pool.get().await.unwrap();
        let tx = client.transaction().await.unwrap();
        tx.batch_execute("SET LOCAL search_path TO inbox, public")
            .await
            .unwrap();
        Inbox.apply(&tx, &events).await.unwrap();
        Inbox.apply(&tx, &events[events.len() / 2..]).await.unwrap();
        tx.commit().await.unwrap();
    }
    assert_eq!(inbox::digest(&**client).await.unwrap(), live);

    // Rebuilt from scratch: the same rows.
    w.engine.rebuild(inbox::NAME).await.unwrap();
    assert_eq!(inbox::digest(&**client).await.unwrap(), live);
    assert_eq!(
        w.boxes(&o.head1).await.0.len(),
        2,
        "the one never forwarded on, and the recalled one"
    );

    // Every event in one batch (each document's events applied in a row, documents side by
    // side) into empty tables: the same rows as the live model built three events at a time.
    {
        let mut client = w.db.pool.get().await.unwrap();
        let tx = client.transaction().await.unwrap();
        tx.batch_execute(
            "ALTER SCHEMA inbox RENAME TO inbox_live; CREATE SCHEMA inbox; \
             SET LOCAL search_path TO inbox, public",
        )
        .await
        .unwrap();
        for migration in Inbox.schema() {
            tx.batch_execute(migration.sql).await.unwrap();
        }
        Inbox.apply(&tx, &events).await.unwrap();
        assert_eq!(inbox::digest(&*tx).await.unwrap(), live);
        tx.rollback().await.unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forward_within_a_step_moves_it_on_and_a_reopened_document_is_pending_again() {
    let w = world().await;
    let o = org();
    let doc = w
        .receive(&o.clerk, "Đề nghị phối hợp", Urgency::VeryUrgent)
        .await;
    w.act(
        doc,
        &o.clerk,
        Act::new(
            "forward_to_person",
            "update",
            "handle",
            &["specialist", "department_head", "unit_head", "unit_deputy"],
        )
        .main(&o.specialist)
        .deadline(day(12)),
    )
    .await;
    // `forward` stays at `handle` but names someone else: the document moves on.
    w.act(
        doc,
        &o.specialist,
        Act::new(
            "forward",
            "handle",
            "handle",
            &["specialist", "department_head", "unit_head", "unit_deputy"],
        )
        .main(&o.specialist2)
        .deadline(day(11)),
    )
    .await;
    w.catch_up().await;
    assert_eq!(w.boxes(&o.specialist).await, processed(doc));
    assert_eq!(w.boxes(&o.specialist2).await, pending(doc));
    assert_eq!(
        w.boxed(&o.specialist2, InboxBox::Pending).await[0].sent_by,
        Some(o.specialist.position)
    );

    // Refused by the unit it was routed to: the process re-opens here, for the clerks.
    w.act(
        doc,
        &o.specialist2,
        Act::new("finish", "handle", "finished", &[]),
    )
    .await;
    w.catch_up().await;
    let client = w.db.pool.get().await.unwrap();
    assert!(
        inbox::document(&**client, doc)
            .await
            .unwrap()
            .unwrap()
            .finished
    );
    w.emit(
        doc,
        &o.other_clerk,
        &chancery_domain::document::DocumentReopened {
            document_id: doc,
            step: "update".into(),
            roles: vec!["unit_clerk".into()],
            child_id: Uuid::now_v7(),
            child_unit_id: UnitId(o.other_clerk.unit),
            note: "Không đúng thẩm quyền".into(),
        },
    )
    .await;
    w.catch_up().await;
    let state = inbox::document(&**client, doc).await.unwrap().unwrap();
    assert!(!state.finished);
    assert_eq!(state.step, "update");
    assert_eq!(w.boxes(&o.clerk2).await, pending(doc));
    assert_eq!(w.boxes(&o.other_clerk).await, nothing());
    assert_eq!(w.boxes(&o.specialist2).await, processed(doc));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_boxes_filter_by_type_issuing_body_document_date_and_deadline() {
    let w = world().await;
    let o = org();
    // (document type, issuing body, document date, deadline) of each document sent to the
    // leader.
    let cases = [
        ("cong_van", "Bộ Nội vụ", day(1), Some(day(5))),
        (
            "quyet_dinh",
            "Ủy ban nhân dân tỉnh Lào Cai",
            day(10),
            Some(day(12)),
        ),
        ("cong_van", "Sở Tài chính", day(20), None),
        ("to_trinh", "Bộ Tài chính (100%)", day(15), Some(day(8))),
    ];
    let mut docs = Vec::new();
    for (i, (document_type, issuing_body, document_date, deadline)) in cases.iter().enumerate() {
        let id = Uuid::now_v7();
        w.emit(
            id,
            &o.clerk,
            &DocumentReceived {
                document_id: id,
                unit_id: UnitId(o.clerk.unit),
                definition: "p2-incoming-unit".into(),
                definition_version: 1,
                step: "receive".into(),
                roles: vec!["unit_clerk".into()],
                parent_id: None,
                channel: Channel::Electronic,
                sender_agency: None,
                metadata: Metadata {
                    document_type: (*document_type).into(),
                    issuing_body: (*issuing_body).into(),
                    document_date: *document_date,
                    ..metadata(&format!("Văn bản {i}"), Urgency::Normal)
                },
                files: vec![],
                by: o.clerk.by(),
            },
        )
        .await;
        let mut act = Act::new(
            "submit_to_leader",
            "update",
            "direct",
            &["unit_head", "unit_deputy"],
        )
        .main(&o.leader);
        act.deadline = *deadline;
        w.act(id, &o.clerk, act).await;
        docs.push(id);
    }
    w.catch_up().await;
    let found = |rows: Vec<InboxRow>| rows.into_iter().map(|r| r.document_id).collect::<Vec<_>>();
    let query = || InboxQuery {
        positions: o.leader.holding(),
        limit: 50,
        ..Default::default()
    };
    // Without filters: by deadline, none last.
    assert_eq!(
        found(w.query(&query()).await),
        vec![docs[0], docs[3], docs[1], docs[2]]
    );

    let by_type = |t: &str| InboxQuery {
        document_type: Some(t.to_owned()),
        ..query()
    };
    assert_eq!(
        found(w.query(&by_type("cong_van")).await),
        vec![docs[0], docs[2]]
    );
    assert!(w.query(&by_type("cong")).await.is_empty(), "the exact code");
    assert_eq!(w.query(&by_type("  ")).await.len(), 4, "blank: no filter");

    let by_body = |b: &str| InboxQuery {
        issuing_body: Some(b.to_owned()),
        ..query()
    };
    assert_eq!(found(w.query(&by_body("UY BAN")).await), vec![docs[1]]);
    assert_eq!(found(w.query(&by_body("lào cai")).await), vec![docs[1]]);
    assert_eq!(
        found(w.query(&by_body("tai chinh")).await),
        vec![docs[3], docs[2]]
    );
    assert_eq!(found(w.query(&by_body("%")).await), vec![docs[3]]);
    assert!(w.query(&by_body("bo%chinh")).await.is_empty());
    assert!(
        w.query(&by_body("van ban")).await.is_empty(),
        "the summary is not the issuing body"
    );

    let dated = |from: Option<u32>, to: Option<u32>| InboxQuery {
        document_date_from: from.map(day),
        document_date_to: to.map(day),
        ..query()
    };
    assert_eq!(
        found(w.query(&dated(Some(10), None)).await),
        vec![docs[3], docs[1], docs[2]]
    );
    assert_eq!(
        found(w.query(&dated(None, Some(10))).await),
        vec![docs[0], docs[1]]
    );
    assert_eq!(
        found(w.query(&dated(Some(10), Some(15))).await),
        vec![docs[3], docs[1]]
    );

    // Deadline on or before the day (no deadline: left out).
    let due = |d: u32| InboxQuery {
        deadline_before: Some(day(d)),
        ..query()
    };
    assert_eq!(found(w.query(&due(8)).await), vec![docs[0], docs[3]]);
    assert_eq!(found(w.query(&due(7)).await), vec![docs[0]]);
    assert!(w.query(&due(4)).await.is_empty());

    // Filters together, with the text, and paged with the cursor.
    assert_eq!(
        found(
            w.query(&InboxQuery {
                document_type: Some("cong_van".into()),
                deadline_before: Some(day(12)),
                text: Some("van ban".into()),
                ..query()
            })
            .await
        ),
        vec![docs[0]]
    );
    let mut paged = Vec::new();
    let mut after = None;
    loop {
        let page = w
            .query(&InboxQuery {
                deadline_before: Some(day(31)),
                after,
                limit: 1,
                ..query()
            })
            .await;
        let Some(last) = page.last() else {
            break;
        };
        after = Some(last.cursor());
        paged.extend(found(page));
    }
    assert_eq!(paged, vec![docs[0], docs[3], docs[1]]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_home_counts_are_the_counts_of_the_lists_they_link_to() {
    let w = world().await;
    let o = org();
    // Sent to the leader with deadlines 3 (overdue on the 5th), 5 (today), 7 (soon), 9 (later),
    // none; one opened by the leader; one confidential (the leader is not cleared).
    let mut docs = Vec::new();
    for deadline in [Some(day(3)), Some(day(5)), Some(day(7)), Some(day(9)), None] {
        let id = w.receive(&o.clerk, "Văn bản", Urgency::Normal).await;
        let mut act = Act::new(
            "submit_to_leader",
            "update",
            "direct",
            &["unit_head", "unit_deputy"],
        )
        .main(&o.leader);
        act.deadline = deadline;
        w.act(id, &o.clerk, act).await;
        docs.push(id);
    }
    w.read(docs[4], &o.leader).await;
    let secret = Uuid::now_v7();
    w.emit(
        secret,
        &o.clerk,
        &DocumentReceived {
            document_id: secret,
            unit_id: UnitId(o.clerk.unit),
            definition: "p2-incoming-unit".into(),
            definition_version: 1,
            step: "receive".into(),
            roles: vec!["unit_clerk".into()],
            parent_id: None,
            channel: Channel::Electronic,
            sender_agency: None,
            metadata: Metadata {
                confidentiality: Confidentiality::Secret,
                ..metadata("Mật", Urgency::Normal)
            },
            files: vec![],
            by: o.clerk.by(),
        },
    )
    .await;
    w.act(
        secret,
        &o.clerk,
        Act::new(
            "submit_to_leader",
            "update",
            "direct",
            &["unit_head", "unit_deputy"],
        )
        .main(&o.leader)
        .deadline(day(1)),
    )
    .await;
    w.catch_up().await;

    let client = w.db.pool.get().await.unwrap();
    let (today, soon_until) = (day(5), day(7));
    let counts = inbox::work_counts(
        &**client,
        &o.leader.holding(),
        Confidentiality::Normal,
        today,
        soon_until,
    )
    .await
    .unwrap();
    let world = &w;
    let holding = o.leader.holding();
    let listed = |q: InboxQuery| {
        let positions = holding.clone();
        async move {
            world
                .query(&InboxQuery {
                    positions,
                    limit: 200,
                    today: Some(today),
                    ..q
                })
                .await
                .len() as i64
        }
    };
    assert_eq!(counts.pending, listed(InboxQuery::default()).await);
    assert_eq!(
        counts.pending, 5,
        "the secret document is neither listed nor counted"
    );
    assert_eq!(counts.pending_unread, 4);
    assert_eq!(
        counts.overdue,
        listed(InboxQuery {
            overdue_only: true,
            ..InboxQuery::default()
        })
        .await
    );
    assert_eq!(counts.overdue, 1);
    assert_eq!(
        counts.due_soon,
        listed(InboxQuery {
            deadline_from: Some(today),
            deadline_before: Some(soon_until),
            ..InboxQuery::default()
        })
        .await
    );
    assert_eq!(counts.due_soon, 2);
    // Cleared, the leader sees the secret one counted as it is listed.
    let cleared = inbox::work_counts(
        &**client,
        &o.leader.holding(),
        Confidentiality::Secret,
        today,
        soon_until,
    )
    .await
    .unwrap();
    assert_eq!((cleared.pending, cleared.overdue), (6, 2));
}
