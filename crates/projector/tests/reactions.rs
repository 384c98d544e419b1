//! The reaction engine on a real PostgreSQL: a reaction issues one command per event it is
//! concerned with, with ids derived from the event; it starts at the head as it stood when
//! its checkpoint was created; reacting again (a second engine after the first "crashed"
//! without storing its checkpoint) repeats nothing; a refusal is recorded and passed; a
//! transient failure is retried on the same event; `wait_for` answers what the effects wrote
//! and does not wait for a write no reaction is concerned with; a runner's progress over
//! events that concern it not is stored once it falls idle; the reactions of one engine
//! (and the requests waiting for them) read each event of `$all` from the store once.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use async_trait::async_trait;
use chancery_event_store::postgres::PgEventStore;
use chancery_event_store::{
    AppendOutcome, EventMetadata, EventStore, ExpectedRevision, GlobalPosition, NewEvent,
    ReadDirection, ReadFrom, RecordedEvent, StoreError, StreamId, Subscription, derive_event_id,
};
use chancery_projector::{Reaction, ReactionEngine, ReactionError, ReactionOptions};
use chancery_test_support::TestDb;
use serde_json::json;
use uuid::Uuid;

/// For every `test.asked` event: a `test.done` event on stream `done-<n>`, with its id
/// derived from the cause. `n == 13` is refused for good; `n == 7` fails twice first.
struct Answer {
    store: Arc<dyn EventStore>,
    flaky: AtomicUsize,
}

#[async_trait]
impl Reaction for Answer {
    fn name(&self) -> &'static str {
        "answer"
    }

    fn concerns(&self, event: &RecordedEvent) -> bool {
        event.event_type == "test.asked"
    }

    async fn react(&self, event: &RecordedEvent) -> Result<Option<GlobalPosition>, ReactionError> {
        let n = event.payload["n"].as_u64().unwrap();
        if n == 13 {
            return Err(ReactionError::Failed("thirteen is refused".into()));
        }
        if n == 7 && self.flaky.fetch_add(1, Ordering::SeqCst) < 2 {
            return Err(ReactionError::Retry("the server is busy".into()));
        }
        let metadata = EventMetadata::for_command(
            derive_event_id(event.event_id, 1),
            None,
            event.metadata().unwrap().recorded_at,
        );
        let outcome = self
            .store
            .append(
                &StreamId::new(format!("done-{n}")).unwrap(),
                ExpectedRevision::Any,
                vec![NewEvent::new(0, "test.done", 1, json!({"n": n}), metadata)],
            )
            .await
            .map_err(|e| ReactionError::Retry(e.to_string()))?;
        Ok(Some(outcome.last_position))
    }
}

async fn ask(store: &Arc<dyn EventStore>, n: u64, kind: &str) -> GlobalPosition {
    let metadata = EventMetadata::for_command(Uuid::now_v7(), None, chrono::Utc::now());
    store
        .append(
            &StreamId::new(format!("asked-{n}")).unwrap(),
            ExpectedRevision::Any,
            vec![NewEvent::new(0, kind, 1, json!({"n": n}), metadata)],
        )
        .await
        .unwrap()
        .last_position
}

fn engine(db: &TestDb, store: &Arc<dyn EventStore>) -> ReactionEngine {
    ReactionEngine::new(
        store.clone(),
        db.pool.clone(),
        db.config.clone(),
        vec![Arc::new(Answer {
            store: store.clone(),
            flaky: AtomicUsize::new(0),
        })],
        ReactionOptions {
            lease_retry: Duration::from_millis(100),
            ..ReactionOptions::default()
        },
    )
    .unwrap()
}

async fn done(db: &TestDb) -> Vec<i64> {
    let client = db.connect().await;
    client
        .query(
            "SELECT (payload->>'n')::bigint FROM events WHERE event_type = 'test.done' ORDER BY 1",
            &[],
        )
        .await
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_event_is_answered_once_refusals_are_recorded_and_failures_retried() {
    let db = TestDb::new().await;
    let pg = PgEventStore::new(db.pool.clone(), db.config.clone());
    pg.migrate().await.unwrap();
    let store: Arc<dyn EventStore> = Arc::new(pg);
    // Asked before the reaction existed: history it does not take up.
    let before = ask(&store, 1, "test.asked").await;

    let first = engine(&db, &store);
    first.migrate().await.unwrap();
    for n in [2, 7, 13, 20] {
        ask(&store, n, "test.asked").await;
    }
    ask(&store, 3, "test.other").await;
    first.catch_up().await.unwrap();
    assert_eq!(done(&db).await, [2, 7, 20]);
    let status = first.status().await.unwrap();
    assert_eq!(status[0].failed, 1, "{status:?}");
    assert_eq!(status[0].lag, 3, "its own three answers are after it");
    let client = db.connect().await;
    let reason: String = client
        .query_one(
            "SELECT reason FROM reaction_failures WHERE name = 'answer'",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(reason, "thirteen is refused");

    // A crash before the checkpoint was stored: the next runner reacts again from the
    // start, and nothing is answered twice.
    client
        .execute(
            "UPDATE reaction_checkpoints SET position = $1, written = 0 WHERE name = 'answer'",
            &[&i64::try_from(before.0).unwrap()],
        )
        .await
        .unwrap();
    let second = Arc::new(engine(&db, &store));
    second.migrate().await.unwrap();
    let (stop, shutdown) = tokio::sync::watch::channel(false);
    let runners = second.spawn(shutdown);
    let asked = ask(&store, 30, "test.asked").await;
    let written = second
        .wait_for(asked, Duration::from_secs(30))
        .await
        .unwrap();
    assert!(written > asked, "the answer to 30 comes after it");
    assert_eq!(done(&db).await, [2, 7, 20, 30]);
    // A write no reaction is concerned with is not waited for.
    let other = ask(&store, 4, "test.other").await;
    assert_eq!(
        second
            .wait_for(other, Duration::from_secs(30))
            .await
            .unwrap(),
        other
    );
    // Events that concern no reaction are not each stored as a checkpoint, but the
    // runner's progress is stored once it falls idle, and its status shows it at once.
    let status = second.status().await.unwrap();
    assert!(
        status[0].running_here && status[0].position >= other.0,
        "{status:?}"
    );
    let mut stored = 0;
    for _ in 0..100 {
        stored = client
            .query_one(
                "SELECT position FROM reaction_checkpoints WHERE name = 'answer'",
                &[],
            )
            .await
            .unwrap()
            .get::<_, i64>(0);
        if stored >= i64::try_from(other.0).unwrap() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        stored >= i64::try_from(other.0).unwrap(),
        "stored {stored}, passed {other:?}"
    );
    let _ = stop.send(true);
    for r in runners {
        let _ = r.await;
    }
}

/// The PostgreSQL store, counting the reads of `$all` that reach it.
struct Counting {
    inner: PgEventStore,
    reads: AtomicUsize,
}

#[async_trait]
impl EventStore for Counting {
    fn backend(&self) -> &'static str {
        self.inner.backend()
    }

    async fn append(
        &self,
        stream: &StreamId,
        expected: ExpectedRevision,
        events: Vec<NewEvent>,
    ) -> Result<AppendOutcome, StoreError> {
        self.inner.append(stream, expected, events).await
    }

    async fn read_stream(
        &self,
        stream: &StreamId,
        direction: ReadDirection,
        from: ReadFrom,
        max: usize,
    ) -> Result<Vec<RecordedEvent>, StoreError> {
        self.inner.read_stream(stream, direction, from, max).await
    }

    async fn read_all(
        &self,
        after: GlobalPosition,
        max: usize,
    ) -> Result<Vec<RecordedEvent>, StoreError> {
        self.reads.fetch_add(1, Ordering::SeqCst);
        self.inner.read_all(after, max).await
    }

    async fn head_position(&self) -> Result<GlobalPosition, StoreError> {
        self.inner.head_position().await
    }

    async fn committed_position(&self) -> Result<GlobalPosition, StoreError> {
        self.inner.committed_position().await
    }

    async fn wait_for_events(&self, after: GlobalPosition, timeout: Duration) {
        self.inner.wait_for_events(after, timeout).await;
    }

    async fn subscribe_all(&self, after: GlobalPosition) -> Result<Subscription, StoreError> {
        self.inner.subscribe_all(after).await
    }
}

/// A reaction that is concerned with `test.asked` and does nothing.
struct Quiet(&'static str);

#[async_trait]
impl Reaction for Quiet {
    fn name(&self) -> &'static str {
        self.0
    }

    fn concerns(&self, event: &RecordedEvent) -> bool {
        event.event_type == "test.asked"
    }

    async fn react(&self, _: &RecordedEvent) -> Result<Option<GlobalPosition>, ReactionError> {
        Ok(None)
    }
}

/// Reads of `$all` that reach the store while `names` react to ten asks in catch-up, then
/// while a request waits for the last of them.
async fn reads_for(names: &[&'static str]) -> usize {
    let db = TestDb::new().await;
    let pg = PgEventStore::new(db.pool.clone(), db.config.clone());
    pg.migrate().await.unwrap();
    let counting = Arc::new(Counting {
        inner: pg,
        reads: AtomicUsize::new(0),
    });
    let store: Arc<dyn EventStore> = counting.clone();
    let reactions: Vec<Arc<dyn Reaction>> = names
        .iter()
        .map(|n| Arc::new(Quiet(n)) as Arc<dyn Reaction>)
        .collect();
    let engine = ReactionEngine::new(
        store.clone(),
        db.pool.clone(),
        db.config.clone(),
        reactions,
        ReactionOptions::default(),
    )
    .unwrap();
    engine.migrate().await.unwrap();
    let mut last = GlobalPosition::START;
    for n in 0..10 {
        last = ask(&store, n, "test.asked").await;
    }
    counting.reads.store(0, Ordering::SeqCst);
    engine.catch_up().await.unwrap();
    assert_eq!(
        engine
            .wait_for(last, Duration::from_secs(30))
            .await
            .unwrap(),
        last
    );
    counting.reads.load(Ordering::SeqCst)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_reactions_of_one_engine_read_each_event_once() {
    let one = reads_for(&["first"]).await;
    let three = reads_for(&["first", "second", "third"]).await;
    assert_eq!(
        three, one,
        "three reactions and a waiter read $all as often as one reaction and a waiter"
    );
}
