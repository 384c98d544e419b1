//! The classic trap of PostgreSQL event stores: positions are taken at insert but become
//! visible at commit, so a reader resuming "after the last position seen" can skip an event
//! whose transaction commits late. Here a writer holds its transaction open while later appends
//! commit; the subscriber must receive every event exactly once, in position order.
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

/// The tests of this file run one at a time: readers of `$all` wait for a gap while *any*
/// transaction of the cluster whose id lies within it still runs, so another test's open
/// transaction (they share one cluster) would hold back what these tests expect to read at
/// once.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

async fn pg_store() -> (TestDb, PgEventStore) {
    let db = TestDb::new().await;
    let store = PgEventStore::new(db.pool.clone(), db.config.clone());
    store.migrate().await.unwrap();
    (db, store)
}

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
    assert!(store.head_position().await.unwrap() <= before.last_position);
    // What has been committed is known all the same: a catch-up waits for it.
    assert_eq!(
        store.committed_position().await.unwrap(),
        later.last().unwrap().last_position
    );

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

/// One test, both cases in turn: a transaction held open in the cluster holds back every
/// reader of every database, so two of these must not run at the same time.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_transaction_finishing_late_is_never_skipped() {
    let _alone = ONE_AT_A_TIME.lock().await;
    // Committing late: its events are delivered in their place.
    held_open_transaction_case(true).await;
    // Rolling back late: no hole is waited for forever, no ghost appears.
    held_open_transaction_case(false).await;
}

/// Readers wait only for writes that may still fill a gap in the positions: a transaction
/// that appends nothing (a read-model batch, say) holds nobody back however long it stays
/// open, while an append in flight holds back the events after it, and a permanent gap (an
/// append rolled back) is read past even while an unrelated transaction runs.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_an_append_in_flight_holds_readers_back() {
    let _alone = ONE_AT_A_TIME.lock().await;
    let (db, store) = pg_store().await;
    let first = store
        .append(&stream("first"), ExpectedRevision::NoStream, events(2))
        .await
        .unwrap();

    // A transaction that writes something else, and has a transaction id, stays open.
    let bystander = db.connect().await;
    bystander
        .batch_execute(
            "BEGIN; CREATE TEMP TABLE bystander (n int); INSERT INTO bystander VALUES (1)",
        )
        .await
        .unwrap();
    let bystander_xid: String = bystander
        .query_one("SELECT pg_current_xact_id()::text", &[])
        .await
        .unwrap()
        .get(0);
    assert!(!bystander_xid.is_empty());

    let second = store
        .append(&stream("second"), ExpectedRevision::NoStream, events(3))
        .await
        .unwrap();
    let read = store.read_all(first.last_position, 100).await.unwrap();
    assert_eq!(
        read.iter().map(|e| e.global_position).collect::<Vec<_>>(),
        (second.first_position.0..=second.last_position.0)
            .map(GlobalPosition)
            .collect::<Vec<_>>(),
        "an open transaction that appends nothing holds nothing back"
    );
    assert_eq!(store.head_position().await.unwrap(), second.last_position);

    // An append in flight does hold back what follows it, and only that.
    let slow = db.connect().await;
    let slow_position = begin_append(&slow, &stream("slow"), &events(1)).await;
    let third = store
        .append(&stream("third"), ExpectedRevision::NoStream, events(2))
        .await
        .unwrap();
    assert!(third.first_position.0 as i64 > slow_position);
    assert!(
        store
            .read_all(second.last_position, 100)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(store.head_position().await.unwrap(), second.last_position);

    // Rolled back: a permanent gap, read past at once — the bystander, still running, began
    // before the slow append took its id, so it cannot be the gap's owner.
    slow.batch_execute("ROLLBACK").await.unwrap();
    let read = store.read_all(second.last_position, 100).await.unwrap();
    assert_eq!(
        read.iter().map(|e| e.global_position).collect::<Vec<_>>(),
        (third.first_position.0..=third.last_position.0)
            .map(GlobalPosition)
            .collect::<Vec<_>>()
    );
    assert_eq!(store.head_position().await.unwrap(), third.last_position);
    bystander.batch_execute("COMMIT").await.unwrap();
    assert!(verify_all(&store).await.unwrap().is_intact());
}

/// Calls `chancery_append` with one batch of appends (each with expectation `any`) on
/// `client`, inside whatever transaction it is in; returns each append's outcome.
async fn append_batch(
    client: &tokio_postgres::Client,
    appends: &[(&StreamId, &[NewEvent])],
) -> Vec<(String, Option<i64>)> {
    let all: Vec<(&StreamId, &NewEvent)> = appends
        .iter()
        .flat_map(|(s, batch)| batch.iter().map(move |e| (*s, e)))
        .collect();
    let metadata: Vec<serde_json::Value> = all
        .iter()
        .map(|(_, e)| serde_json::to_value(&e.metadata).unwrap())
        .collect();
    let content: Vec<Vec<u8>> = all
        .iter()
        .zip(&metadata)
        .map(|((s, e), m)| {
            content_hash(&e.event_id, s.as_str(), &e.event_type, 1, &e.payload, m).to_vec()
        })
        .collect();
    let rows = client
        .query(
            "SELECT outcome, first_position FROM chancery_append($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ORDER BY idx",
            &[
                &appends.iter().map(|(s, _)| s.as_str()).collect::<Vec<&str>>(),
                &appends.iter().map(|_| -1i64).collect::<Vec<i64>>(),
                &appends.iter().map(|(_, b)| b.len() as i32).collect::<Vec<i32>>(),
                &all.iter().map(|(_, e)| e.event_id).collect::<Vec<Uuid>>(),
                &all.iter().map(|(_, e)| e.event_type.clone()).collect::<Vec<String>>(),
                &all.iter().map(|_| 1i32).collect::<Vec<i32>>(),
                &all.iter().map(|(_, e)| e.payload.clone()).collect::<Vec<serde_json::Value>>(),
                &metadata,
                &all.iter().map(|(_, e)| e.metadata.recorded_at).collect::<Vec<_>>(),
                &content,
            ],
        )
        .await
        .unwrap();
    rows.iter()
        .map(|r| (r.get::<_, String>(0), r.get(1)))
        .collect()
}

/// A batch whose first append collides with a concurrent append to the same stream: the
/// plain insert of the whole batch hits the unique index, and the batch is inserted again
/// with only the collision left out — the other append lands, the colliding one answers
/// `moved` (its writer decides again), and nothing of it is stored.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_collision_in_a_batch_withdraws_only_the_colliding_append() {
    let _alone = ONE_AT_A_TIME.lock().await;
    let (db, store) = pg_store().await;
    let contested = stream("contested");
    let free = stream("free");
    let first = db.pool.get().await.unwrap();
    begin_append(&first, &contested, &events(1)).await;

    // The second batch sees no head for either stream (the first append is not committed)
    // and waits on the unique index for the first transaction's outcome.
    let second = db.pool.get().await.unwrap();
    let second_pid: i32 = second
        .query_one("SELECT pg_backend_pid()", &[])
        .await
        .unwrap()
        .get(0);
    let (losing, landing) = (events(2), events(3));
    let batch = {
        let (contested, free) = (contested.clone(), free.clone());
        tokio::spawn(async move {
            second.batch_execute("BEGIN").await.unwrap();
            let outcomes = append_batch(&second, &[(&contested, &losing), (&free, &landing)]).await;
            second.batch_execute("COMMIT").await.unwrap();
            outcomes
        })
    };
    let observer = db.pool.get().await.unwrap();
    let deadline = std::time::Instant::now() + PATIENCE;
    loop {
        let waiting: bool = observer
            .query_one(
                "SELECT count(*) > 0 FROM pg_stat_activity WHERE pid = $1 AND wait_event_type = 'Lock'",
                &[&second_pid],
            )
            .await
            .unwrap()
            .get(0);
        if waiting {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the second batch never waited"
        );
        tokio::task::yield_now().await;
    }
    first.batch_execute("COMMIT").await.unwrap();

    let outcomes = tokio::time::timeout(PATIENCE, batch)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(outcomes[0], ("moved".to_owned(), None));
    assert_eq!(outcomes[1].0, "appended");
    assert!(outcomes[1].1.is_some());
    let read = |s: StreamId| {
        let store = store.clone();
        async move {
            store
                .read_stream(
                    &s,
                    chancery_event_store::ReadDirection::Forwards,
                    chancery_event_store::ReadFrom::Start,
                    100,
                )
                .await
                .unwrap()
        }
    };
    assert_eq!(read(contested.clone()).await.len(), 1);
    assert_eq!(read(free.clone()).await.len(), 3);
    // The chains verify: nothing half-written.
    assert!(verify_all(&store).await.unwrap().is_intact());
}
