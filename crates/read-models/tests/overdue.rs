//! Overdue and due-soon supervision over the `inbox` tables on a real PostgreSQL: the date
//! boundaries, what does not count (finished documents, processed and for-information items,
//! items without a deadline, documents outside the scope), the roll-up per person, unit and
//! every unit above, and the drill-down's filters and paging.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

mod support;

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use chancery_domain::DomainEvent;
use chancery_domain::document::{
    ActedBy, ActionTaken, Channel, DocumentReceived, Metadata, Recipients,
};
use chancery_domain::ids::{PositionId, UnitId, UserId};
use chancery_domain::organisation::{
    OrgEvent, Organisation, PositionAssigned, UnitCreated, UnitKind,
};
use chancery_domain::reference::{Confidentiality, Urgency};
use chancery_event_store::postgres::PgEventStore;
use chancery_event_store::{
    Actor, EventMetadata, EventStore, ExpectedRevision, GlobalPosition, NewEvent, StreamId,
};
use chancery_projector::ProjectionEngine;
use chancery_read_models::inbox::{self, Inbox};
use chancery_read_models::overdue::{
    self, OverdueItem, OverdueItemsQuery, OverdueQuery, OverdueSummary, OverdueWhich,
    PersonOverdue, TargetCount, UnitOverdue,
};
use chancery_test_support::TestDb;
use chrono::{NaiveDate, Utc};
use tokio::sync::watch;
use uuid::Uuid;

const PATIENCE: Duration = Duration::from_secs(30);

// ---------------------------------------------------------------------------------------
// A small world: people in positions, documents as events (as in tests/inbox.rs).
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

    /// Another position of the same person.
    fn also(&self, unit: Uuid, role: &'static str) -> Self {
        Self {
            person: self.person,
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
}

struct World {
    db: TestDb,
    store: Arc<PgEventStore>,
    engine: Arc<ProjectionEngine>,
    last: AtomicU64,
    _stop: watch::Sender<bool>,
}

async fn world() -> World {
    let support::Running {
        db,
        store,
        engine,
        stop,
    } = support::running(Arc::new(Inbox), Some(50)).await;
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

fn metadata(summary: &str) -> Metadata {
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
        urgency: Urgency::Urgent,
        confidentiality: Confidentiality::Normal,
        recipients: None,
        deadline: None,
        notes: None,
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
    ) {
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
    }

    async fn receive(&self, clerk: &Person, summary: &str) -> Uuid {
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
                metadata: metadata(summary),
                files: vec![],
                by: clerk.by(),
            },
        )
        .await;
        id
    }

    async fn act(&self, document: Uuid, who: &Person, act: Act<'_>) {
        self.emit(
            document,
            who,
            &ActionTaken {
                document_id: document,
                action: act.action.into(),
                from_step: act.from.into(),
                to_step: act.to.into(),
                to_roles: act.to_roles.iter().map(|r| (*r).to_owned()).collect(),
                ends: matches!(act.to, "finished" | "refused"),
                note: None,
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
        .await;
    }

    /// Receives a document in the clerk's unit and sends it to the departments.
    async fn routed(&self, clerk: &Person, summary: &str, act: Act<'_>) -> Uuid {
        let doc = self.receive(clerk, summary).await;
        self.act(doc, clerk, act).await;
        doc
    }

    async fn catch_up(&self) {
        let last = GlobalPosition(self.last.load(Ordering::SeqCst));
        self.engine
            .wait_for(last, &[inbox::NAME], PATIENCE)
            .await
            .unwrap();
    }

    async fn counts(&self, query: &OverdueQuery) -> Vec<TargetCount> {
        let client = self.db.pool.get().await.unwrap();
        overdue::counts(&**client, query).await.unwrap()
    }

    async fn items(&self, query: &OverdueItemsQuery) -> Vec<OverdueItem> {
        let client = self.db.pool.get().await.unwrap();
        overdue::items(&**client, query).await.unwrap()
    }

    /// Every page of `query` with pages of `size`.
    async fn all_pages(&self, query: &OverdueItemsQuery, size: i64) -> Vec<OverdueItem> {
        let mut all = Vec::new();
        let mut after = None;
        loop {
            let page = self
                .items(&OverdueItemsQuery {
                    after: after.clone(),
                    limit: size,
                    ..query.clone()
                })
                .await;
            assert!(page.len() <= usize::try_from(size).unwrap());
            let Some(last) = page.last() else {
                break;
            };
            after = Some(last.cursor());
            all.extend(page);
        }
        all
    }
}

fn forward<'a>() -> Act<'a> {
    Act::new(
        "forward_to_department",
        "update",
        "department",
        &["department_head"],
    )
}

/// A ministry (agency) with a unit and two departments in it; another agency with a unit.
struct Org {
    ministry: Uuid,
    unit: Uuid,
    dept1: Uuid,
    dept2: Uuid,
    other_agency: Uuid,
    other_unit: Uuid,
    clerk: Person,
    head1: Person,
    head2: Person,
    specialist: Person,
    /// The same person as `head2`, in a second position in department 1.
    head2_in_dept1: Person,
    other_clerk: Person,
    other_head: Person,
    organisation: Organisation,
}

fn unit_created(id: Uuid, parent: Option<Uuid>, kind: UnitKind, code: &str) -> OrgEvent {
    OrgEvent::UnitCreated(UnitCreated {
        unit_id: UnitId(id),
        parent_id: parent.map(UnitId),
        kind,
        code: code.into(),
        abbreviation: code.to_uppercase(),
        name: code.into(),
        identifier_code: None,
        country: None,
    })
}

fn org() -> Org {
    let ministry = Uuid::new_v4();
    let unit = Uuid::new_v4();
    let dept1 = Uuid::new_v4();
    let dept2 = Uuid::new_v4();
    let other_agency = Uuid::new_v4();
    let other_unit = Uuid::new_v4();
    let clerk = Person::new(unit, "unit_clerk");
    let head1 = Person::new(dept1, "department_head");
    let head2 = Person::new(dept2, "department_head");
    let specialist = Person::new(dept1, "specialist");
    let head2_in_dept1 = head2.also(dept1, "specialist");
    let other_clerk = Person::new(other_unit, "unit_clerk");
    let other_head = Person::new(other_unit, "department_head");
    let mut organisation = Organisation::default();
    let mut events = vec![
        unit_created(ministry, None, UnitKind::Agency, "bnv"),
        unit_created(unit, Some(ministry), UnitKind::Unit, "vp"),
        unit_created(dept1, Some(unit), UnitKind::Department, "p1"),
        unit_created(dept2, Some(unit), UnitKind::Department, "p2"),
        unit_created(other_agency, None, UnitKind::Agency, "btc"),
        unit_created(other_unit, Some(other_agency), UnitKind::Unit, "vp2"),
    ];
    for p in [
        &clerk,
        &head1,
        &head2,
        &specialist,
        &head2_in_dept1,
        &other_clerk,
        &other_head,
    ] {
        events.push(OrgEvent::PositionAssigned(PositionAssigned {
            position_id: PositionId(p.position),
            person_id: UserId(p.person),
            unit_id: UnitId(p.unit),
            role: p.role.into(),
            title: None,
            serves: None,
        }));
    }
    for e in &events {
        organisation.evolve(e);
    }
    Org {
        ministry,
        unit,
        dept1,
        dept2,
        other_agency,
        other_unit,
        clerk,
        head1,
        head2,
        specialist,
        head2_in_dept1,
        other_clerk,
        other_head,
        organisation,
    }
}

fn ids(items: &[OverdueItem]) -> Vec<(Uuid, Option<Uuid>, Option<String>)> {
    items
        .iter()
        .map(|i| (i.document_id, i.position_id, i.pool_role.clone()))
        .collect()
}

fn person(person_id: Uuid, overdue: i64, due_soon: i64) -> PersonOverdue {
    PersonOverdue {
        person_id,
        overdue,
        due_soon,
    }
}

fn unit(unit_id: Uuid, overdue: i64, due_soon: i64) -> UnitOverdue {
    UnitOverdue {
        unit_id,
        overdue,
        due_soon,
    }
}

// ---------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------

/// Today is the 10th; due soon runs to the 12th.
const TODAY: u32 = 10;
const SOON_UNTIL: u32 = 12;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn overdue_and_due_soon_are_counted_per_target_and_rolled_up() {
    let w = world().await;
    let o = org();

    // Overdue (the 9th): department 1 handles, department 2 co-handles, a specialist is
    // informed (an information item never counts).
    let yesterday = w
        .routed(
            &o.clerk,
            "Hạn hôm qua",
            forward()
                .main(&o.head1)
                .co(&[&o.head2])
                .info(&[&o.specialist])
                .deadline(day(TODAY - 1)),
        )
        .await;
    // Due today and on the last due-soon day: due soon; the day after: not counted.
    let today = w
        .routed(
            &o.clerk,
            "Hạn hôm nay",
            forward().main(&o.head1).deadline(day(TODAY)),
        )
        .await;
    let last_soon = w
        .routed(
            &o.clerk,
            "Hạn ngày 12",
            forward().main(&o.head1).deadline(day(SOON_UNTIL)),
        )
        .await;
    let _later = w
        .routed(
            &o.clerk,
            "Hạn ngày 13",
            forward().main(&o.head1).deadline(day(SOON_UNTIL + 1)),
        )
        .await;
    // Nobody named: the department heads' pool in the unit, overdue.
    let pooled = w
        .routed(&o.clerk, "Chưa giao", forward().deadline(day(5)))
        .await;
    // No deadline: never counted.
    let _no_deadline = w
        .routed(&o.clerk, "Không hạn", forward().main(&o.head1))
        .await;
    // Handled by department 1, now with head 2 in their department-1 position (due soon):
    // department 1's own overdue item is processed.
    let handed_on = w
        .routed(
            &o.clerk,
            "Đã chuyển",
            forward().main(&o.head1).deadline(day(2)),
        )
        .await;
    w.act(
        handed_on,
        &o.head1,
        Act::new(
            "forward_to_specialist",
            "department",
            "handle",
            &["specialist"],
        )
        .main(&o.head2_in_dept1)
        .deadline(day(11)),
    )
    .await;
    // Finished long after its deadline: not counted.
    let finished = w
        .routed(
            &o.clerk,
            "Đã xong",
            forward().main(&o.head1).co(&[&o.head2]).deadline(day(1)),
        )
        .await;
    w.act(
        finished,
        &o.head1,
        Act::new("finish", "department", "finished", &[]),
    )
    .await;
    // Another agency's document: outside the scope unless asked for.
    let elsewhere = w
        .routed(
            &o.other_clerk,
            "Cơ quan khác",
            forward().main(&o.other_head).deadline(day(3)),
        )
        .await;
    w.catch_up().await;

    let query = OverdueQuery {
        units: vec![o.unit],
        today: day(TODAY),
        soon_until: day(SOON_UNTIL),
        clearance: auditor().clearance,
    };
    let counts = w.counts(&query).await;
    let target = |position: &Person, overdue, due_soon| TargetCount {
        position_id: Some(position.position),
        pool_unit_id: None,
        pool_role: None,
        document_unit_id: o.unit,
        overdue,
        due_soon,
    };
    let mut expected = vec![
        target(&o.head1, 1, 2),
        target(&o.head2, 1, 0),
        TargetCount {
            position_id: None,
            pool_unit_id: Some(o.unit),
            pool_role: Some("department_head".into()),
            document_unit_id: o.unit,
            overdue: 1,
            due_soon: 0,
        },
        target(&o.head2_in_dept1, 0, 1),
    ];
    assert_eq!(counts.len(), expected.len(), "{counts:#?}");
    for row in &expected {
        assert!(counts.contains(row), "{row:?} in {counts:#?}");
    }
    assert!(
        counts
            .windows(2)
            .all(|w| (w[0].overdue, w[0].due_soon) >= (w[1].overdue, w[1].due_soon)),
        "most overdue first: {counts:#?}"
    );

    // Both agencies in scope: the other agency's document counts too.
    let both = w
        .counts(&OverdueQuery {
            units: vec![o.unit, o.other_unit],
            ..query.clone()
        })
        .await;
    let mut other = target(&o.other_head, 1, 0);
    other.document_unit_id = o.other_unit;
    expected.push(other);
    assert_eq!(both.len(), expected.len());
    assert!(expected.iter().all(|row| both.contains(row)));

    // The roll-up: per person (head 2's two positions together), per unit owing the work,
    // per unit with everything below it.
    let summary = overdue::roll_up(&o.organisation, &both);
    assert_eq!((summary.overdue, summary.due_soon), (4, 3));
    let mut people = vec![
        person(o.head1.person, 1, 2),
        person(o.head2.person, 1, 1),
        person(o.other_head.person, 1, 0),
    ];
    people.sort_by(|a, b| {
        b.overdue
            .cmp(&a.overdue)
            .then(b.due_soon.cmp(&a.due_soon))
            .then(a.person_id.cmp(&b.person_id))
    });
    assert_eq!(summary.people, people);
    let mut units = vec![
        unit(o.dept1, 1, 3),
        unit(o.dept2, 1, 0),
        unit(o.unit, 1, 0),
        unit(o.other_unit, 1, 0),
    ];
    sort_units(&mut units);
    assert_eq!(summary.units, units);
    let mut subtrees = vec![
        unit(o.ministry, 3, 3),
        unit(o.unit, 3, 3),
        unit(o.dept1, 1, 3),
        unit(o.dept2, 1, 0),
        unit(o.other_agency, 1, 0),
        unit(o.other_unit, 1, 0),
    ];
    sort_units(&mut subtrees);
    assert_eq!(summary.subtrees, subtrees);
    let mut agencies = vec![unit(o.ministry, 3, 3), unit(o.other_agency, 1, 0)];
    sort_units(&mut agencies);
    assert_eq!(summary.agencies, agencies);

    // Today's boundary moved by a day: the 10th is overdue, the 12th still due soon.
    let tomorrow = w
        .counts(&OverdueQuery {
            today: day(TODAY + 1),
            ..query.clone()
        })
        .await;
    let head1 = tomorrow
        .iter()
        .find(|r| r.position_id == Some(o.head1.position))
        .unwrap();
    assert_eq!((head1.overdue, head1.due_soon), (2, 1));

    // The drill-down lists the same items, earliest deadline first.
    let list = w
        .items(&OverdueItemsQuery {
            units: vec![o.unit],
            today: day(TODAY),
            soon_until: day(SOON_UNTIL),
            limit: 200,
            scope: auditor(),
            ..Default::default()
        })
        .await;
    let deadlines: Vec<(Uuid, NaiveDate, i32)> = list
        .iter()
        .map(|i| (i.document_id, i.deadline, i.days_late))
        .collect();
    assert_eq!(
        deadlines,
        vec![
            (pooled, day(5), 5),
            (yesterday, day(9), 1),
            (yesterday, day(9), 1),
            (today, day(10), 0),
            (handed_on, day(11), -1),
            (last_soon, day(12), -2),
        ]
    );
    let pool_item = &list[0];
    assert_eq!(
        (
            pool_item.kind.as_str(),
            pool_item.pool_unit_id,
            pool_item.sent_by,
            pool_item.summary.as_str(),
        ),
        ("pool", Some(o.unit), Some(o.clerk.position), "Chưa giao")
    );
    assert!(!list.iter().any(|i| i.document_id == elsewhere));

    let which = |which| OverdueItemsQuery {
        units: vec![o.unit],
        today: day(TODAY),
        soon_until: day(SOON_UNTIL),
        which,
        limit: 200,
        scope: auditor(),
        ..Default::default()
    };
    let overdue_only = w.items(&which(OverdueWhich::Overdue)).await;
    assert_eq!(overdue_only, list[..3].to_vec());
    let soon_only = w.items(&which(OverdueWhich::DueSoon)).await;
    assert_eq!(soon_only, list[3..].to_vec());

    // One person: their positions only (pools left out).
    let head2_items = w
        .items(&OverdueItemsQuery {
            positions: Some(vec![o.head2.position, o.head2_in_dept1.position]),
            ..which(OverdueWhich::Both)
        })
        .await;
    assert_eq!(
        ids(&head2_items),
        vec![
            (yesterday, Some(o.head2.position), None),
            (handed_on, Some(o.head2_in_dept1.position), None),
        ]
    );
    // One unit: the positions in it and its pools.
    let in_unit = w
        .items(&OverdueItemsQuery {
            positions: Some(vec![o.clerk.position]),
            pool_units: Some(vec![o.unit]),
            ..which(OverdueWhich::Both)
        })
        .await;
    assert_eq!(
        ids(&in_unit),
        vec![(pooled, None, Some("department_head".into()))]
    );
    let other_role = w
        .items(&OverdueItemsQuery {
            pool_units: Some(vec![o.unit]),
            pool_role: Some("specialist".into()),
            ..which(OverdueWhich::Both)
        })
        .await;
    assert!(other_role.is_empty());
    let department1 = w
        .items(&OverdueItemsQuery {
            positions: Some(vec![
                o.head1.position,
                o.specialist.position,
                o.head2_in_dept1.position,
            ]),
            pool_units: Some(vec![o.dept1]),
            ..which(OverdueWhich::Overdue)
        })
        .await;
    assert_eq!(
        ids(&department1),
        vec![(yesterday, Some(o.head1.position), None)]
    );
}

/// Orders like [`OverdueSummary`]'s lists: most overdue, most due soon, then by id.
fn sort_units(units: &mut [UnitOverdue]) {
    units.sort_by(|a, b| {
        b.overdue
            .cmp(&a.overdue)
            .then(b.due_soon.cmp(&a.due_soon))
            .then(a.unit_id.cmp(&b.unit_id))
    });
}

#[test]
fn the_roll_up_follows_the_tree_and_keeps_unknown_positions_with_the_document_unit() {
    let o = org();
    let stranger = Uuid::new_v4();
    let rows = vec![
        TargetCount {
            position_id: Some(o.specialist.position),
            pool_unit_id: None,
            pool_role: None,
            document_unit_id: o.unit,
            overdue: 2,
            due_soon: 5,
        },
        TargetCount {
            position_id: Some(o.head1.position),
            pool_unit_id: None,
            pool_role: None,
            document_unit_id: o.unit,
            overdue: 4,
            due_soon: 0,
        },
        // A position the organisation does not know: its document's unit owes it.
        TargetCount {
            position_id: Some(stranger),
            pool_unit_id: None,
            pool_role: None,
            document_unit_id: o.unit,
            overdue: 1,
            due_soon: 1,
        },
        TargetCount {
            position_id: None,
            pool_unit_id: Some(o.dept2),
            pool_role: Some("specialist".into()),
            document_unit_id: o.unit,
            overdue: 0,
            due_soon: 3,
        },
    ];
    let summary = overdue::roll_up(&o.organisation, &rows);
    let mut subtrees = vec![
        unit(o.ministry, 7, 9),
        unit(o.unit, 7, 9),
        unit(o.dept1, 6, 5),
        unit(o.dept2, 0, 3),
    ];
    sort_units(&mut subtrees);
    assert_eq!(
        summary,
        OverdueSummary {
            overdue: 7,
            due_soon: 9,
            people: vec![
                person(o.head1.person, 4, 0),
                person(o.specialist.person, 2, 5),
            ],
            units: vec![unit(o.dept1, 6, 5), unit(o.unit, 1, 1), unit(o.dept2, 0, 3)],
            subtrees,
            agencies: vec![unit(o.ministry, 7, 9)],
        }
    );
    assert_eq!(
        overdue::roll_up(&o.organisation, &[]),
        OverdueSummary::default()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_drill_down_pages_without_duplicates_or_gaps() {
    let w = world().await;
    let o = org();
    // Eight documents, each with a main handler and a co-handler, on three deadlines: many
    // items share a deadline, and two share each document.
    for i in 0..8u32 {
        w.routed(
            &o.clerk,
            &format!("Văn bản {i}"),
            forward()
                .main(&o.head1)
                .co(&[&o.head2])
                .deadline(day(8 + i % 3)),
        )
        .await;
    }
    w.catch_up().await;
    let query = OverdueItemsQuery {
        units: vec![o.unit],
        today: day(TODAY),
        soon_until: day(SOON_UNTIL),
        limit: 200,
        scope: auditor(),
        ..Default::default()
    };
    let all = w.items(&query).await;
    assert_eq!(all.len(), 16);
    let keys: Vec<_> = all
        .iter()
        .map(|i| (i.deadline, i.document_id, i.target.clone()))
        .collect();
    assert!(keys.windows(2).all(|k| k[0] < k[1]), "strictly ordered");
    for size in [1, 2, 3, 5, 16, 17] {
        let paged = w.all_pages(&query, size).await;
        assert_eq!(paged, all, "pages of {size}");
    }
    let unique: HashSet<_> = keys.into_iter().collect();
    assert_eq!(unique.len(), 16);

    // Overdue ones only, in pages: the 8th and 9th.
    let overdue = w
        .all_pages(
            &OverdueItemsQuery {
                which: OverdueWhich::Overdue,
                ..query.clone()
            },
            3,
        )
        .await;
    assert_eq!(overdue.len(), 2 * (3 + 3));
    assert!(overdue.iter().all(|i| i.deadline < day(TODAY)));

    // The limit is clamped.
    let clamped = w
        .items(&OverdueItemsQuery {
            limit: 0,
            ..query.clone()
        })
        .await;
    assert_eq!(clamped.len(), 1);
}

/// The scope of an auditor cleared for every level: everything is listed and readable.
fn auditor() -> chancery_read_models::search::SearchScope {
    chancery_read_models::search::SearchScope {
        everything: true,
        clearance: ["normal", "confidential", "secret", "top_secret"]
            .map(str::to_owned)
            .to_vec(),
        ..Default::default()
    }
}
