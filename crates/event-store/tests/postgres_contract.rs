//! The contract suite on the PostgreSQL adapter, plus what only PostgreSQL can get wrong:
//! a transaction that commits late must not be skipped by a catch-up reader, the ordering lock
//! must never leak, and stored history must survive the JSONB round trip unchanged.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

mod contract;

use std::collections::BTreeSet;
use std::sync::Arc;

use chancery_event_store::hash::content_hash;
use chancery_event_store::postgres::PgEventStore;
use chancery_event_store::verify::verify_all;
use chancery_event_store::{EventStore, ExpectedRevision, GlobalPosition, NewEvent, StreamId};
use chancery_test_support::TestDb;
use contract::{PATIENCE, events, stream};
use uuid::Uuid;

async fn store() -> Arc<dyn EventStore> {
    Arc::new(pg_store().await.1)
}

async fn pg_store() -> (TestDb, PgEventStore) {
    let db = TestDb::new().await;
    let store = PgEventStore::new(db.pool.clone(), db.config.clone());
    store.migrate().await.unwrap();
    (db, store)
}

contract_tests!(store);

/// Starts an append on `client` inside an explicit transaction and leaves it open; returns
/// the global position it took.
async fn begin_append(client: &tokio_postgres::Client, s: &StreamId, batch: &[NewEvent]) -> i64 {
    client.batch_execute("BEGIN").await.unwrap();
    let metadata: Vec<serde_json::Value> = batch
        .iter()
        .map(|e| serde_json::to_value(&e.metadata).unwrap())
        .collect();
    let content: Vec<Vec<u8>> = batch
        .iter()
        .zip(&metadata)
        .map(|(e, m)| {
            content_hash(&e.event_id, s.as_str(), &e.event_type, 1, &e.payload, m).to_vec()
        })
        .collect();
    let row = client
        .query_one(
            "SELECT outcome, first_position FROM chancery_append(ARRAY[$1], ARRAY[-1::bigint], ARRAY[cardinality($2::uuid[])], $2, $3, $4, $5, $6, $7, $8)",
            &[
                &s.as_str(),
                &batch.iter().map(|e| e.event_id).collect::<Vec<Uuid>>(),
                &batch.iter().map(|e| e.event_type.clone()).collect::<Vec<String>>(),
                &batch.iter().map(|_| 1i32).collect::<Vec<i32>>(),
                &batch.iter().map(|e| e.payload.clone()).collect::<Vec<serde_json::Value>>(),
                &metadata,
                &batch.iter().map(|e| e.metadata.recorded_at).collect::<Vec<_>>(),
                &content,
            ],
        )
        .await
        .unwrap();
    assert_eq!(row.get::<_, &str>(0), "appended");
    row.get(1)
}

async fn held_open_transaction_case(commit: bool) {
    let (db, store) = pg_store().await;
    let store = Arc::new(store);
    let before = store
        .append(&stream("before"), ExpectedRevision::NoStream, events(5))
        .await
        .unwrap();
    let mut subscription = store.subscribe_all(GlobalPosition::START).await.unwrap();

    // A writer takes the next position and stays in its transaction.
    let slow = db.connect().await;
    let slow_stream = stream("slow");
    let slow_events = events(2);
    let slow_position = begin_append(&slow, &slow_stream, &slow_events).await;
    assert!(slow_position > before.last_position.0 as i64);

    // Meanwhile other writers take later positions and commit.
    let mut later = Vec::new();
    for _ in 0..10 {
        let outcome = store
            .append(&stream("fast"), ExpectedRevision::NoStream, events(3))
            .await
            .unwrap();
        assert!(
            outcome.first_position.0 as i64 > slow_position,
            "the trap is set: later positions committed first"
        );
        later.push(outcome);
    }
    // Committed, but not readable yet: a reader that saw them now would skip the slow event.
    assert_eq!(
        store
            .read_all(before.last_position, 1000)
            .await
            .unwrap()
            .len(),
        0
    );
    assert_eq!(store.head_position().await.unwrap(), before.last_position);

    let mut received = Vec::new();
    for _ in 0..5 {
        received.push(
            tokio::time::timeout(PATIENCE, subscription.next())
                .await
                .unwrap()
                .unwrap()
                .unwrap(),
        );
    }
    slow.batch_execute(if commit { "COMMIT" } else { "ROLLBACK" })
        .await
        .unwrap();

    let expected_total = 5 + if commit { 2 } else { 0 } + 30;
    while received.len() < expected_total {
        received.push(
            tokio::time::timeout(PATIENCE, subscription.next())
                .await
                .expect("every committed event arrives")
                .unwrap()
                .unwrap(),
        );
    }
    assert!(
        received
            .windows(2)
            .all(|w| w[0].global_position < w[1].global_position),
        "position order"
    );
    let ids: BTreeSet<Uuid> = received.iter().map(|e| e.event_id).collect();
    assert_eq!(ids.len(), expected_total, "exactly once");
    let slow_ids: BTreeSet<Uuid> = slow_events.iter().map(|e| e.event_id).collect();
    assert_eq!(slow_ids.is_subset(&ids), commit);
    if commit {
        assert_eq!(
            received[5].global_position.0 as i64, slow_position,
            "the late commit is delivered in its place"
        );
    }
    assert_eq!(
        contract::wait_head(store.as_ref(), later.last().unwrap().last_position).await,
        later.last().unwrap().last_position
    );
    // Nothing more is pending.
    assert!(
        tokio::time::timeout(std::time::Duration::from_millis(300), subscription.next())
            .await
            .is_err()
    );
    assert!(verify_all(store.as_ref()).await.unwrap().is_intact());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_transaction_committing_late_is_not_skipped() {
    held_open_transaction_case(true).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_transaction_rolling_back_late_leaves_no_hole_and_no_ghost() {
    held_open_transaction_case(false).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_appends_never_leave_the_ordering_lock_held() {
    let db = TestDb::with_pool_size(1).await;
    let store = PgEventStore::new(db.pool.clone(), db.config.clone());
    store.migrate().await.unwrap();
    let s = stream("doc");
    store
        .append(&s, ExpectedRevision::NoStream, events(1))
        .await
        .unwrap();
    // Conflicts, id reuse and a server-side failure (a payload jsonb refuses) on the only
    // pooled connection.
    assert!(
        store
            .append(&s, ExpectedRevision::NoStream, events(1))
            .await
            .is_err()
    );
    let batch = events(1);
    store
        .append(&s, ExpectedRevision::Any, batch.clone())
        .await
        .unwrap();
    assert!(
        store
            .append(&stream("x"), ExpectedRevision::Any, batch)
            .await
            .is_err()
    );
    let client = db.pool.get().await.unwrap();
    client
        .batch_execute("SET statement_timeout = '1ms'")
        .await
        .unwrap();
    drop(client);
    let _ = store
        .append(&stream("y"), ExpectedRevision::Any, events(500))
        .await;
    let client = db.pool.get().await.unwrap();
    client
        .batch_execute("RESET statement_timeout")
        .await
        .unwrap();
    let held: i64 = client
        .query_one(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(held, 0);
    drop(client);
    // Another connection can still append.
    let other = PgEventStore::new(
        chancery_pg::connect_pool(db.config.clone(), &Default::default()).unwrap(),
        db.config.clone(),
    );
    other
        .append(&stream("z"), ExpectedRevision::Any, events(1))
        .await
        .unwrap();
}

#[tokio::test]
async fn history_is_immutable_through_ordinary_statements() {
    let (db, store) = pg_store().await;
    store
        .append(&stream("doc"), ExpectedRevision::NoStream, events(2))
        .await
        .unwrap();
    let client = db.connect().await;
    for sql in [
        "UPDATE events SET payload = '{}'",
        "DELETE FROM events",
        "TRUNCATE events",
    ] {
        let err = client.batch_execute(sql).await.unwrap_err();
        assert_eq!(err.code().unwrap().code(), "CH004", "{sql}");
    }
}

#[tokio::test]
async fn verify_detects_modified_deleted_and_reordered_events() {
    let (db, store) = pg_store().await;
    let a = stream("a");
    let b = stream("b");
    let c = stream("c");
    let mut last = GlobalPosition::START;
    for s in [&a, &b, &c] {
        last = store
            .append(s, ExpectedRevision::NoStream, events(4))
            .await
            .unwrap()
            .last_position;
    }
    contract::wait_head(&store, last).await;
    assert!(verify_all(&store).await.unwrap().is_intact());
    let client = db.connect().await;
    client
        .batch_execute("ALTER TABLE events DISABLE TRIGGER USER")
        .await
        .unwrap();

    // A modified payload.
    client
        .execute(
            "UPDATE events SET payload = jsonb_set(payload, '{note}', '\"sửa\"') WHERE stream_id = $1 AND stream_revision = 1",
            &[&a.as_str()],
        )
        .await
        .unwrap();
    // A deleted event.
    client
        .execute(
            "DELETE FROM events WHERE stream_id = $1 AND stream_revision = 1",
            &[&b.as_str()],
        )
        .await
        .unwrap();
    // Two events swapped.
    client
        .execute(
            "UPDATE events SET stream_revision = stream_revision + 1000 \
             WHERE stream_id = $1 AND stream_revision IN (1, 2)",
            &[&c.as_str()],
        )
        .await
        .unwrap();
    client
        .execute(
            "UPDATE events SET stream_revision = CASE stream_revision WHEN 1001 THEN 2 ELSE 1 END \
             WHERE stream_id = $1 AND stream_revision IN (1001, 1002)",
            &[&c.as_str()],
        )
        .await
        .unwrap();
    let report = verify_all(&store).await.unwrap();
    let text: Vec<String> = report.problems.iter().map(ToString::to_string).collect();
    assert!(
        text.iter()
            .any(|t| t.contains(a.as_str()) && t.contains("hash mismatch")),
        "{text:?}"
    );
    assert!(
        text.iter()
            .any(|t| t.contains(b.as_str()) && t.contains("revision 2 where 1")),
        "{text:?}"
    );
    assert!(text.iter().any(|t| t.contains(c.as_str())), "{text:?}");
    assert_eq!(report.events_checked, 11);
}
