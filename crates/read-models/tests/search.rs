//! Document search over the `inbox` tables on a real PostgreSQL: words matched ignoring
//! accents and case (Vietnamese and Lao), in any order, LIKE wildcards taken literally; each
//! scope rule (auditor, register keeper, leader, routed position, clearance); the filters;
//! newest-first paging; and the plan using the trigram index.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

mod support;

use std::collections::BTreeSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use chancery_domain::DomainEvent;
use chancery_domain::document::{
    ActedBy, ActionTaken, Channel, DocumentReceived, Metadata, Recipients,
};
use chancery_domain::ids::{PositionId, UnitId, UserId};
use chancery_domain::reference::{Confidentiality, Urgency};
use chancery_event_store::postgres::PgEventStore;
use chancery_event_store::{
    Actor, EventMetadata, EventStore, ExpectedRevision, GlobalPosition, NewEvent, StreamId,
};
use chancery_projector::ProjectionEngine;
use chancery_read_models::inbox::{self, Inbox};
use chancery_read_models::search::{self, SearchQuery, SearchRow, SearchScope};
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
}

impl Person {
    fn new(unit: Uuid) -> Self {
        Self {
            person: Uuid::new_v4(),
            position: Uuid::new_v4(),
            unit,
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

/// A document's metadata: a normal-urgency, non-confidential official letter of the
/// Ministry of Home Affairs dated the 1st, unless changed.
fn doc(summary: &str) -> Metadata {
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
        urgency: Urgency::Normal,
        confidentiality: Confidentiality::Normal,
        recipients: None,
        deadline: None,
        notes: None,
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

    /// Receives a document in the clerk's unit.
    async fn receive(&self, clerk: &Person, metadata: Metadata) -> Uuid {
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
                metadata,
                files: vec![],
                by: clerk.by(),
            },
        )
        .await;
        id
    }

    /// `who` moves the document to `to` (naming `main` as its handler, if any).
    async fn act(
        &self,
        document: Uuid,
        who: &Person,
        action: &str,
        to: &str,
        main: Option<&Person>,
    ) {
        self.emit(
            document,
            who,
            &ActionTaken {
                document_id: document,
                action: action.into(),
                from_step: "update".into(),
                to_step: to.into(),
                to_roles: vec!["specialist".into()],
                ends: to == "finished",
                note: None,
                deadline: None,
                recipients: Recipients {
                    main: main.map(|p| PositionId(p.position)),
                    co: vec![],
                    info: vec![],
                },
                units: vec![],
                files: vec![],
                by: who.by(),
            },
        )
        .await;
    }

    async fn catch_up(&self) {
        let last = GlobalPosition(self.last.load(Ordering::SeqCst));
        self.engine
            .wait_for(last, &[inbox::NAME], PATIENCE)
            .await
            .unwrap();
    }

    async fn search(&self, query: &SearchQuery) -> Vec<SearchRow> {
        let client = self.db.pool.get().await.unwrap();
        search::search(&**client, query).await.unwrap()
    }
}

fn all_levels() -> Vec<String> {
    Confidentiality::ALL
        .iter()
        .map(|c| c.code().to_owned())
        .collect()
}

fn levels(levels: &[Confidentiality]) -> Vec<String> {
    levels.iter().map(|c| c.code().to_owned()).collect()
}

fn auditor() -> SearchScope {
    SearchScope {
        everything: true,
        clearance: all_levels(),
        ..Default::default()
    }
}

fn set(rows: &[SearchRow]) -> BTreeSet<Uuid> {
    rows.iter().map(|r| r.document_id).collect()
}

fn of(ids: &[Uuid]) -> BTreeSet<Uuid> {
    ids.iter().copied().collect()
}

/// The documents of the search tests.
struct Library {
    unit: Uuid,
    dept: Uuid,
    other_unit: Uuid,
    specialist: Person,
    guide: Uuid,
    regulation: Uuid,
    lao: Uuid,
    confidential: Uuid,
    percent: Uuid,
    routed: Uuid,
    secret: Uuid,
}

impl Library {
    fn all(&self) -> Vec<Uuid> {
        vec![
            self.guide,
            self.regulation,
            self.lao,
            self.confidential,
            self.percent,
            self.routed,
            self.secret,
        ]
    }
}

/// A unit with a department, another unit, and seven documents across them.
async fn library(w: &World) -> Library {
    let unit = Uuid::new_v4();
    let dept = Uuid::new_v4();
    let other_unit = Uuid::new_v4();
    let clerk = Person::new(unit);
    let dept_clerk = Person::new(dept);
    let other_clerk = Person::new(other_unit);
    let specialist = Person::new(dept);

    let guide = w.receive(&clerk, doc("Văn bản hướng dẫn thi hành")).await;
    let regulation = w
        .receive(
            &clerk,
            Metadata {
                issuing_body: "Ủy ban nhân dân tỉnh".into(),
                number_notation: "12/QĐ-UBND".into(),
                document_type: "quyet_dinh".into(),
                document_date: day(5),
                urgency: Urgency::Urgent,
                ..doc("VĂN BẢN QUY PHẠM PHÁP LUẬT")
            },
        )
        .await;
    let lao = w
        .receive(
            &other_clerk,
            Metadata {
                issuing_body: "ກະຊວງພາຍໃນ".into(),
                number_notation: "88/ກພນ".into(),
                language: "lo".into(),
                document_date: day(3),
                ..doc("ເອກະສານ ກ່ຽວກັບ ກອງປະຊຸມ ປະຈຳປີ")
            },
        )
        .await;
    let confidential = w
        .receive(
            &dept_clerk,
            Metadata {
                confidentiality: Confidentiality::Confidential,
                ..doc("Kế hoạch bảo vệ bí mật nhà nước")
            },
        )
        .await;
    let percent = w
        .receive(&clerk, doc("Tăng trưởng 5% trong năm_2025"))
        .await;
    let routed = w
        .receive(&other_clerk, doc("Công văn gửi phòng chuyên môn"))
        .await;
    let secret = w
        .receive(
            &clerk,
            Metadata {
                confidentiality: Confidentiality::Secret,
                ..doc("Văn bản tối mật")
            },
        )
        .await;
    // Routed to the specialist (one normal, one confidential); the routed one is finished.
    w.act(
        routed,
        &other_clerk,
        "forward_to_person",
        "handle",
        Some(&specialist),
    )
    .await;
    w.act(
        confidential,
        &dept_clerk,
        "forward_to_person",
        "handle",
        Some(&specialist),
    )
    .await;
    w.act(routed, &specialist, "finish", "finished", None).await;
    w.catch_up().await;
    Library {
        unit,
        dept,
        other_unit,
        specialist,
        guide,
        regulation,
        lao,
        confidential,
        percent,
        routed,
        secret,
    }
}

// ---------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn words_match_ignoring_accents_and_case_in_any_order_and_wildcards_are_literal() {
    let w = world().await;
    let l = library(&w).await;
    let text = |text: &str| SearchQuery {
        text: Some(text.to_owned()),
        scope: auditor(),
        limit: 50,
        ..Default::default()
    };
    let found = |rows: Vec<SearchRow>| set(&rows);
    let vb = of(&[l.guide, l.regulation, l.secret]);
    for words in ["van ban", "VĂN BẢN", "Văn bản", "ban van", "  văn   BAN "] {
        assert_eq!(found(w.search(&text(words)).await), vb, "{words}");
    }
    assert_eq!(
        found(w.search(&text("huong dan van")).await),
        of(&[l.guide])
    );
    assert_eq!(
        found(w.search(&text("van ban quy pham")).await),
        of(&[l.regulation])
    );
    assert!(w.search(&text("van ban xyz")).await.is_empty());
    // Issuing body and number/notation are searched too.
    assert_eq!(
        found(w.search(&text("uy ban nhan dan")).await),
        of(&[l.regulation])
    );
    assert_eq!(found(w.search(&text("12/qđ")).await), of(&[l.regulation]));
    // Lao: words of the summary and the issuing body, in any order.
    assert_eq!(found(w.search(&text("ກອງປະຊຸມ")).await), of(&[l.lao]));
    assert_eq!(found(w.search(&text("ປະຈຳປີ ເອກະສານ")).await), of(&[l.lao]));
    assert_eq!(found(w.search(&text("ກະຊວງ")).await), of(&[l.lao]));
    assert!(w.search(&text("ກອງປະຊຸມ văn")).await.is_empty());
    // `%` and `_` are literal: they match only where they are written.
    assert_eq!(found(w.search(&text("%")).await), of(&[l.percent]));
    assert_eq!(found(w.search(&text("_")).await), of(&[l.percent]));
    assert_eq!(found(w.search(&text("5%")).await), of(&[l.percent]));
    assert_eq!(found(w.search(&text("nam_2025")).await), of(&[l.percent]));
    assert!(w.search(&text("tang%2025")).await.is_empty());
    assert!(w.search(&text("nam_2025%")).await.is_empty());
    assert!(w.search(&text("t_ng")).await.is_empty());
    assert!(w.search(&text("\\")).await.is_empty());
    // Blank text: no text condition.
    assert_eq!(found(w.search(&text("   ")).await), of(&l.all()));
    assert_eq!(
        found(
            w.search(&SearchQuery {
                scope: auditor(),
                limit: 50,
                ..Default::default()
            })
            .await
        ),
        of(&l.all())
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_scope_rule_and_the_clearance() {
    let w = world().await;
    let l = library(&w).await;
    let scoped = |scope: SearchScope| SearchQuery {
        scope,
        limit: 50,
        ..Default::default()
    };
    let found = |rows: Vec<SearchRow>| set(&rows);

    // An auditor sees everything they are cleared for.
    assert_eq!(found(w.search(&scoped(auditor())).await), of(&l.all()));
    let mut not_secret = l.all();
    not_secret.retain(|d| *d != l.secret);
    assert_eq!(
        found(
            w.search(&scoped(SearchScope {
                everything: true,
                clearance: levels(&[Confidentiality::Normal, Confidentiality::Confidential]),
                ..Default::default()
            }))
            .await
        ),
        of(&not_secret)
    );

    // A register keeper: their unit's documents, confidential ones included when cleared.
    let keeper = |clearance: &[Confidentiality]| SearchScope {
        keeper_units: vec![l.unit],
        clearance: levels(clearance),
        ..Default::default()
    };
    assert_eq!(
        found(w.search(&scoped(keeper(&[Confidentiality::Normal]))).await),
        of(&[l.guide, l.regulation, l.percent])
    );
    assert_eq!(
        found(
            w.search(&scoped(keeper(&[
                Confidentiality::Normal,
                Confidentiality::Confidential,
                Confidentiality::Secret
            ])))
            .await
        ),
        of(&[l.guide, l.regulation, l.percent, l.secret])
    );

    // A leader of the unit (and its department): the subtree's normal documents only, even
    // when cleared for more.
    let leader = SearchScope {
        lead_units: vec![l.unit, l.dept],
        clearance: all_levels(),
        ..Default::default()
    };
    assert_eq!(
        found(w.search(&scoped(leader.clone())).await),
        of(&[l.guide, l.regulation, l.percent])
    );
    // Routed the confidential document as well: now it is there.
    assert_eq!(
        found(
            w.search(&scoped(SearchScope {
                positions: vec![l.specialist.position],
                ..leader
            }))
            .await
        ),
        of(&[l.guide, l.regulation, l.percent, l.confidential, l.routed])
    );

    // A routed position: what was routed to it (finished or not), within its clearance.
    let routed = |clearance: &[Confidentiality]| SearchScope {
        positions: vec![l.specialist.position],
        clearance: levels(clearance),
        ..Default::default()
    };
    assert_eq!(
        found(w.search(&scoped(routed(&[Confidentiality::Normal]))).await),
        of(&[l.routed])
    );
    assert_eq!(
        found(
            w.search(&scoped(routed(&[
                Confidentiality::Normal,
                Confidentiality::Confidential
            ])))
            .await
        ),
        of(&[l.routed, l.confidential])
    );
    // The other unit's keeper: its two documents.
    assert_eq!(
        found(
            w.search(&scoped(SearchScope {
                keeper_units: vec![l.other_unit],
                clearance: all_levels(),
                ..Default::default()
            }))
            .await
        ),
        of(&[l.lao, l.routed])
    );

    // Nothing in scope, or no clearance at all: nothing.
    assert!(
        w.search(&scoped(SearchScope {
            clearance: all_levels(),
            ..Default::default()
        }))
        .await
        .is_empty()
    );
    assert!(
        w.search(&scoped(SearchScope {
            everything: true,
            ..Default::default()
        }))
        .await
        .is_empty()
    );
    // Someone else's position sees nothing.
    assert!(
        w.search(&scoped(SearchScope {
            positions: vec![Uuid::new_v4()],
            clearance: all_levels(),
            ..Default::default()
        }))
        .await
        .is_empty()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn filters_combine_with_the_text() {
    let w = world().await;
    let l = library(&w).await;
    let base = || SearchQuery {
        scope: auditor(),
        limit: 50,
        ..Default::default()
    };
    let found = |rows: Vec<SearchRow>| set(&rows);
    assert_eq!(
        found(
            w.search(&SearchQuery {
                document_type: Some("quyet_dinh".into()),
                ..base()
            })
            .await
        ),
        of(&[l.regulation])
    );
    assert_eq!(
        found(
            w.search(&SearchQuery {
                urgency: Some(Urgency::Urgent),
                ..base()
            })
            .await
        ),
        of(&[l.regulation])
    );
    assert_eq!(
        found(
            w.search(&SearchQuery {
                issuing_body: Some("UY BAN".into()),
                ..base()
            })
            .await
        ),
        of(&[l.regulation])
    );
    // "van" is in no issuing body, only in summaries.
    assert!(
        w.search(&SearchQuery {
            issuing_body: Some("van".into()),
            ..base()
        })
        .await
        .is_empty()
    );
    assert_eq!(
        found(
            w.search(&SearchQuery {
                document_date_from: Some(day(3)),
                ..base()
            })
            .await
        ),
        of(&[l.regulation, l.lao])
    );
    assert_eq!(
        found(
            w.search(&SearchQuery {
                document_date_from: Some(day(2)),
                document_date_to: Some(day(4)),
                ..base()
            })
            .await
        ),
        of(&[l.lao])
    );
    assert_eq!(
        found(
            w.search(&SearchQuery {
                finished: Some(true),
                ..base()
            })
            .await
        ),
        of(&[l.routed])
    );
    assert_eq!(
        w.search(&SearchQuery {
            finished: Some(false),
            ..base()
        })
        .await
        .len(),
        6
    );
    // Text and filters together.
    assert_eq!(
        found(
            w.search(&SearchQuery {
                text: Some("van ban".into()),
                document_type: Some("cong_van".into()),
                issuing_body: Some("bo noi vu".into()),
                ..base()
            })
            .await
        ),
        of(&[l.guide, l.secret])
    );
    assert_eq!(
        found(
            w.search(&SearchQuery {
                text: Some("van ban".into()),
                document_type: Some("cong_van".into()),
                scope: SearchScope {
                    keeper_units: vec![l.unit],
                    clearance: levels(&[Confidentiality::Normal]),
                    ..Default::default()
                },
                ..base()
            })
            .await
        ),
        of(&[l.guide])
    );
    // The row carries the document's metadata.
    let row = &w
        .search(&SearchQuery {
            text: Some("quy pham".into()),
            ..base()
        })
        .await[0];
    assert_eq!(
        (
            row.number_notation.as_str(),
            row.urgency.as_str(),
            row.confidentiality.as_str(),
            row.document_date,
            row.unit_id,
            row.finished,
        ),
        ("12/QĐ-UBND", "urgent", "normal", day(5), l.unit, false)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn results_are_newest_first_and_page_without_duplicates_or_gaps() {
    let w = world().await;
    let l = library(&w).await;
    let query = SearchQuery {
        scope: auditor(),
        limit: 200,
        ..Default::default()
    };
    let all = w.search(&query).await;
    let ids: Vec<Uuid> = all.iter().map(|r| r.document_id).collect();
    let mut newest_first = l.all();
    newest_first.reverse();
    assert_eq!(ids, newest_first, "received last, listed first");
    for size in [1, 2, 3, 7, 8] {
        let mut paged = Vec::new();
        let mut after = None;
        loop {
            let page = w
                .search(&SearchQuery {
                    after,
                    limit: size,
                    ..query.clone()
                })
                .await;
            assert!(page.len() <= usize::try_from(size).unwrap());
            let Some(last) = page.last() else {
                break;
            };
            after = Some(last.cursor());
            paged.extend(page.iter().map(|r| r.document_id));
        }
        assert_eq!(paged, ids, "pages of {size}");
    }
    // Paging within a text search.
    let first = w
        .search(&SearchQuery {
            text: Some("van ban".into()),
            limit: 2,
            ..query.clone()
        })
        .await;
    let rest = w
        .search(&SearchQuery {
            text: Some("van ban".into()),
            after: first.last().map(SearchRow::cursor),
            limit: 2,
            ..query.clone()
        })
        .await;
    let paged: Vec<Uuid> = first.iter().chain(&rest).map(|r| r.document_id).collect();
    assert_eq!(paged, vec![l.secret, l.regulation, l.guide]);
    // The limit is clamped.
    assert_eq!(
        w.search(&SearchQuery {
            limit: 0,
            ..query.clone()
        })
        .await
        .len(),
        1
    );
}

/// With a realistic number of documents the words are looked up in the trigram index, not
/// by reading every document.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_text_search_uses_the_trigram_index() {
    let w = world().await;
    let l = library(&w).await;
    let client = w.db.pool.get().await.unwrap();
    // Many more documents, written straight into the read model (the projection's handlers
    // are not what this test is about), in a hundred units.
    client
        .batch_execute(
            "INSERT INTO inbox.documents (document_id, unit_id, issuing_body, number_notation, summary, \
                 document_type, urgency, urgency_rank, confidentiality, document_date, received_at, step, \
                 step_roles, step_entered_at, updated_at, search, applied_position) \
             SELECT gen_random_uuid(), ('00000000-0000-0000-0000-' || lpad((n % 100)::text, 12, '0'))::uuid, \
                 'Sở Tài chính', n || '/STC-VP', 'Báo cáo công tác tháng ' || n, 'bao_cao', 'normal', 3, \
                 'normal', date '2025-01-01' + (n % 60), now() - n * interval '1 minute', 'handle', '{}', 0, now(), \
                 inbox.fold('Báo cáo công tác tháng ' || n || ' ' || n || '/STC-VP Sở Tài chính'), 0 \
             FROM generate_series(1, 20000) AS n; \
             ANALYZE inbox.documents;",
        )
        .await
        .unwrap();
    for (text, scope) in [
        ("hướng dẫn thi hành", auditor()),
        ("ກອງປະຊຸມ", auditor()),
        (
            "van ban",
            SearchScope {
                lead_units: (0..100u128)
                    .map(Uuid::from_u128)
                    .chain([l.unit, l.dept])
                    .collect(),
                clearance: all_levels(),
                ..Default::default()
            },
        ),
    ] {
        let query = SearchQuery {
            text: Some(text.to_owned()),
            scope,
            limit: 20,
            ..Default::default()
        };
        let plan = search::explain(&**client, &query).await.unwrap();
        assert!(plan.contains("documents_search"), "{text}:\n{plan}");
        assert!(!w.search(&query).await.is_empty(), "{text}");
    }
}
