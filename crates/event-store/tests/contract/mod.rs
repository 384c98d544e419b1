//! The contract every event-store adapter passes: append, read, concurrency, idempotency and
//! subscription order. `contract_tests!(factory)` expands to one test per property, where
//! `factory` is an async fn returning an `Arc<dyn EventStore>`. The store need not be empty
//! or private to one test (the KurrentDB suite shares one server): every test works on its
//! own randomly named streams and reads `$all` from the head it found when it started.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;
use std::time::Duration;

use chancery_event_store::port::ActualRevision;
use chancery_event_store::verify::verify_stream;
use chancery_event_store::{
    Actor, EventMetadata, EventStore, ExpectedRevision, GlobalPosition, NewEvent, ReadDirection,
    ReadFrom, StoreError, StreamId,
};
use chrono::Utc;
use serde_json::json;
use uuid::Uuid;

/// Long enough for any honest adapter; a test that hits it has failed.
pub const PATIENCE: Duration = Duration::from_secs(30);

pub fn stream(name: &str) -> StreamId {
    StreamId::new(format!("{name}-{}", Uuid::new_v4().simple())).unwrap()
}

pub fn metadata(command: Uuid) -> EventMetadata {
    let mut m = EventMetadata::for_command(
        command,
        Some(Actor {
            user_id: Uuid::new_v4(),
            position_id: Some(Uuid::new_v4()),
            unit_id: Some(Uuid::new_v4()),
        }),
        Utc::now(),
    );
    m.causation_id = Some(Uuid::new_v4());
    m
}

/// `n` events of one command.
pub fn events(n: u32) -> Vec<NewEvent> {
    let command = Uuid::now_v7();
    (0..n)
        .map(|i| {
            NewEvent::new(
                i,
                "test.something-happened",
                1,
                json!({"index": i, "note": "Công văn số 05/BNV-VP — ເອກະສານ", "nested": {"b": [1, 2], "a": true}}),
                metadata(command),
            )
        })
        .collect()
}

async fn read_whole_stream(
    store: &dyn EventStore,
    s: &StreamId,
) -> Vec<chancery_event_store::RecordedEvent> {
    store
        .read_stream(s, ReadDirection::Forwards, ReadFrom::Start, 100_000)
        .await
        .unwrap()
}

/// Waits until `read_all` can return everything up to `position`. An adapter may hold events
/// back while an older write is still in flight (that is what keeps readers from skipping),
/// so "committed" and "readable from $all" can be a moment apart.
pub async fn wait_head(store: &dyn EventStore, position: GlobalPosition) -> GlobalPosition {
    let deadline = tokio::time::Instant::now() + PATIENCE;
    loop {
        let head = store.head_position().await.unwrap();
        if head >= position {
            return head;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "head never reached {position}"
        );
        store.wait_for_events(head, Duration::from_millis(50)).await;
    }
}

/// Every event after `after` in `$all` that belongs to one of `ours`.
async fn read_ours(
    store: &dyn EventStore,
    after: GlobalPosition,
    ours: &BTreeSet<StreamId>,
) -> Vec<chancery_event_store::RecordedEvent> {
    let mut out = Vec::new();
    let mut after = after;
    loop {
        let page = store.read_all(after, 97).await.unwrap();
        let Some(last) = page.last() else { break };
        after = last.global_position;
        out.extend(page.into_iter().filter(|e| ours.contains(&e.stream_id)));
    }
    out
}

pub async fn append_then_read_back(store: Arc<dyn EventStore>) {
    let s = stream("doc");
    let batch = events(3);
    let outcome = store
        .append(&s, ExpectedRevision::NoStream, batch.clone())
        .await
        .unwrap();
    assert_eq!(outcome.stream_revision, 2);
    assert!(!outcome.already_appended);
    assert!(outcome.first_position < outcome.last_position);

    let read = read_whole_stream(store.as_ref(), &s).await;
    assert_eq!(read.len(), 3);
    for (i, (stored, sent)) in read.iter().zip(&batch).enumerate() {
        assert_eq!(stored.stream_revision, i as u64);
        assert_eq!(stored.event_id, sent.event_id);
        assert_eq!(stored.event_type, sent.event_type);
        assert_eq!(stored.schema_version, 1);
        assert_eq!(stored.payload, sent.payload);
        assert_eq!(stored.metadata().unwrap(), sent.metadata);
        assert_eq!(stored.stream_id, s);
    }
    assert_eq!(read[0].global_position, outcome.first_position);
    assert_eq!(read[2].global_position, outcome.last_position);
    assert!(verify_stream(&read).is_empty(), "fresh history verifies");

    let more = store
        .append(&s, ExpectedRevision::Exact(2), events(2))
        .await
        .unwrap();
    assert_eq!(more.stream_revision, 4);
    assert!(more.first_position > outcome.last_position);
    let read = read_whole_stream(store.as_ref(), &s).await;
    assert_eq!(read.len(), 5);
    assert!(verify_stream(&read).is_empty());
    assert_eq!(
        wait_head(store.as_ref(), more.last_position).await,
        more.last_position
    );
}

pub async fn expected_revisions_are_enforced(store: Arc<dyn EventStore>) {
    let s = stream("doc");
    let err = store
        .append(&s, ExpectedRevision::StreamExists, events(1))
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::WrongExpectedRevision {
                actual: ActualRevision::NoStream,
                ..
            }
        ),
        "{err:?}"
    );
    let err = store
        .append(&s, ExpectedRevision::Exact(0), events(1))
        .await
        .unwrap_err();
    assert!(err.is_conflict(), "{err:?}");

    store
        .append(&s, ExpectedRevision::NoStream, events(2))
        .await
        .unwrap();
    let err = store
        .append(&s, ExpectedRevision::NoStream, events(1))
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::WrongExpectedRevision {
                actual: ActualRevision::At(1),
                ..
            }
        ),
        "{err:?}"
    );
    let err = store
        .append(&s, ExpectedRevision::Exact(0), events(1))
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::WrongExpectedRevision {
                actual: ActualRevision::At(1),
                ..
            }
        ),
        "{err:?}"
    );
    assert!(!err.is_transient());
    let err = store
        .append(&s, ExpectedRevision::Exact(7), events(1))
        .await
        .unwrap_err();
    assert!(err.is_conflict());

    store
        .append(&s, ExpectedRevision::StreamExists, events(1))
        .await
        .unwrap();
    let any = store
        .append(&s, ExpectedRevision::Any, events(1))
        .await
        .unwrap();
    assert_eq!(any.stream_revision, 3);
    // Failed appends left nothing behind.
    assert_eq!(read_whole_stream(store.as_ref(), &s).await.len(), 4);
}

pub async fn a_retried_command_appends_nothing_new(store: Arc<dyn EventStore>) {
    let s = stream("doc");
    let batch = events(3);
    let first = store
        .append(&s, ExpectedRevision::NoStream, batch.clone())
        .await
        .unwrap();
    // The client did not hear the answer and sends the same command again.
    let again = store
        .append(&s, ExpectedRevision::NoStream, batch.clone())
        .await
        .unwrap();
    assert!(again.already_appended);
    assert_eq!(again.first_position, first.first_position);
    assert_eq!(again.last_position, first.last_position);
    assert_eq!(again.stream_revision, first.stream_revision);
    // Also after other events followed.
    store
        .append(&s, ExpectedRevision::Exact(2), events(1))
        .await
        .unwrap();
    let late = store
        .append(&s, ExpectedRevision::Exact(2), batch.clone())
        .await
        .unwrap();
    assert!(late.already_appended);
    assert_eq!(read_whole_stream(store.as_ref(), &s).await.len(), 4);
    // The same ids in another stream are a reused command id, not a retry.
    let err = store
        .append(&stream("other"), ExpectedRevision::Any, batch)
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::IdConflict { .. }), "{err:?}");
}

pub async fn bad_input_is_refused_and_loses_nothing(store: Arc<dyn EventStore>) {
    let s = stream("doc");
    store
        .append(&s, ExpectedRevision::NoStream, events(1))
        .await
        .unwrap();
    let err = store
        .append(&s, ExpectedRevision::Any, Vec::new())
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid(_)));
    let mut bad = events(2);
    bad[1].event_type = "Not A Type".into();
    assert!(matches!(
        store.append(&s, ExpectedRevision::Any, bad).await,
        Err(StoreError::Invalid(_))
    ));
    let mut dup = events(2);
    dup[1].event_id = dup[0].event_id;
    assert!(matches!(
        store.append(&s, ExpectedRevision::Any, dup).await,
        Err(StoreError::Invalid(_))
    ));
    let mut big = events(1);
    big[0].payload = json!({"x": "a".repeat(300 * 1024)});
    assert!(matches!(
        store.append(&s, ExpectedRevision::Any, big).await,
        Err(StoreError::Invalid(_))
    ));
    assert_eq!(read_whole_stream(store.as_ref(), &s).await.len(), 1);
    assert!(StreamId::new("$all").is_err());
}

pub async fn streams_read_forwards_and_backwards(store: Arc<dyn EventStore>) {
    let s = stream("doc");
    store
        .append(&s, ExpectedRevision::NoStream, events(10))
        .await
        .unwrap();
    let revs = |v: Vec<chancery_event_store::RecordedEvent>| -> Vec<u64> {
        v.iter().map(|e| e.stream_revision).collect()
    };
    let f = store
        .read_stream(&s, ReadDirection::Forwards, ReadFrom::Start, 3)
        .await
        .unwrap();
    assert_eq!(revs(f), vec![0, 1, 2]);
    let f = store
        .read_stream(&s, ReadDirection::Forwards, ReadFrom::Revision(7), 10)
        .await
        .unwrap();
    assert_eq!(revs(f), vec![7, 8, 9]);
    let b = store
        .read_stream(&s, ReadDirection::Backwards, ReadFrom::End, 2)
        .await
        .unwrap();
    assert_eq!(revs(b), vec![9, 8]);
    let b = store
        .read_stream(&s, ReadDirection::Backwards, ReadFrom::Revision(2), 10)
        .await
        .unwrap();
    assert_eq!(revs(b), vec![2, 1, 0]);
    let f = store
        .read_stream(&s, ReadDirection::Forwards, ReadFrom::Revision(7), 2)
        .await
        .unwrap();
    assert_eq!(
        revs(f),
        vec![7, 8],
        "at most `max`, reading on from a revision"
    );
    let none = store
        .read_stream(&s, ReadDirection::Forwards, ReadFrom::Revision(10), 10)
        .await
        .unwrap();
    assert!(none.is_empty());
    let none = store
        .read_stream(&s, ReadDirection::Forwards, ReadFrom::Revision(12), 10)
        .await
        .unwrap();
    assert!(none.is_empty(), "past the end of a stream that exists");
    for from in [ReadFrom::Start, ReadFrom::Revision(3)] {
        let err = store
            .read_stream(&stream("missing"), ReadDirection::Forwards, from, 10)
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::StreamNotFound(_)), "{err:?}");
    }
}

pub async fn all_is_read_in_position_order_from_a_checkpoint(store: Arc<dyn EventStore>) {
    let start = store.head_position().await.unwrap();
    let a = stream("a");
    let b = stream("b");
    let ours = BTreeSet::from([a.clone(), b.clone()]);
    let mut last = GlobalPosition::START;
    for i in 0..5u64 {
        let expected = if i == 0 {
            ExpectedRevision::NoStream
        } else {
            ExpectedRevision::Exact(i * 2 - 1)
        };
        store.append(&a, expected, events(2)).await.unwrap();
        last = store
            .append(
                &b,
                if i == 0 {
                    ExpectedRevision::NoStream
                } else {
                    ExpectedRevision::Exact(i - 1)
                },
                events(1),
            )
            .await
            .unwrap()
            .last_position;
    }
    assert!(wait_head(store.as_ref(), last).await >= last);
    let all = read_ours(store.as_ref(), start, &ours).await;
    assert_eq!(all.len(), 15);
    assert!(
        all.windows(2)
            .all(|w| w[0].global_position < w[1].global_position)
    );
    assert_eq!(all[14].global_position, last);
    let middle = all[6].global_position;
    let rest = read_ours(store.as_ref(), middle, &ours).await;
    assert_eq!(rest.len(), 8, "the checkpoint itself is excluded");
    assert_eq!(rest[0].global_position, all[7].global_position);
}

/// 32 writers race for each revision of one stream: exactly one wins each round, the other
/// 31 get the typed conflict, and the stream ends with exactly the winners' events.
pub async fn concurrent_writers_one_winner_per_revision(store: Arc<dyn EventStore>) {
    const WRITERS: usize = 32;
    const ROUNDS: u64 = 8;
    let s = stream("race");
    let barrier = Arc::new(tokio::sync::Barrier::new(WRITERS));
    let mut tasks = Vec::new();
    for writer in 0..WRITERS {
        let store = store.clone();
        let s = s.clone();
        let barrier = barrier.clone();
        tasks.push(tokio::spawn(async move {
            let mut results = Vec::new();
            for round in 0..ROUNDS {
                let expected = if round == 0 {
                    ExpectedRevision::NoStream
                } else {
                    ExpectedRevision::Exact(round - 1)
                };
                let mut batch = events(1);
                batch[0].payload = json!({"writer": writer, "round": round});
                barrier.wait().await;
                let result = store.append(&s, expected, batch.clone()).await;
                results.push((
                    round,
                    batch[0].event_id,
                    result.map_err(|e| e.is_conflict()),
                ));
                barrier.wait().await;
            }
            results
        }));
    }
    let mut winners: HashMap<u64, Vec<Uuid>> = HashMap::new();
    let mut conflicts = 0;
    for task in tasks {
        for (round, id, result) in task.await.unwrap() {
            match result {
                Ok(outcome) => {
                    assert_eq!(outcome.stream_revision, round);
                    winners.entry(round).or_default().push(id);
                }
                Err(true) => conflicts += 1,
                Err(false) => panic!("an append failed with something other than a conflict"),
            }
        }
    }
    for round in 0..ROUNDS {
        assert_eq!(
            winners.get(&round).map(Vec::len),
            Some(1),
            "round {round}: exactly one winner"
        );
    }
    assert_eq!(conflicts, (WRITERS - 1) * ROUNDS as usize);
    let stored = read_whole_stream(store.as_ref(), &s).await;
    assert_eq!(stored.len(), ROUNDS as usize);
    for event in &stored {
        assert_eq!(winners[&event.stream_revision], vec![event.event_id]);
    }
    assert!(verify_stream(&stored).is_empty());
}

/// Many writers with `Any` on one stream: nothing lost, nothing duplicated.
pub async fn concurrent_any_appends_lose_nothing(store: Arc<dyn EventStore>) {
    let s = stream("busy");
    let mut tasks = Vec::new();
    for _ in 0..32 {
        let store = store.clone();
        let s = s.clone();
        tasks.push(tokio::spawn(async move {
            let mut ids = Vec::new();
            for _ in 0..5 {
                let batch = events(2);
                ids.extend(batch.iter().map(|e| e.event_id));
                store
                    .append(&s, ExpectedRevision::Any, batch)
                    .await
                    .unwrap();
            }
            ids
        }));
    }
    let mut sent = BTreeSet::new();
    for task in tasks {
        sent.extend(task.await.unwrap());
    }
    let stored = read_whole_stream(store.as_ref(), &s).await;
    assert_eq!(stored.len(), 320);
    assert_eq!(
        stored.iter().map(|e| e.event_id).collect::<BTreeSet<_>>(),
        sent
    );
    assert!(
        stored
            .iter()
            .enumerate()
            .all(|(i, e)| e.stream_revision == i as u64)
    );
    assert!(verify_stream(&stored).is_empty());
}

/// A subscriber catches up, then tails: every event exactly once, in position order, while
/// writers append concurrently.
pub async fn subscription_catches_up_then_tails_in_order(store: Arc<dyn EventStore>) {
    let start = store.head_position().await.unwrap();
    let before = stream("before");
    let mut ours = BTreeSet::from([before.clone()]);
    store
        .append(&before, ExpectedRevision::NoStream, events(20))
        .await
        .unwrap();
    let mut subscription = store.subscribe_all(start).await.unwrap();

    let mut writers = Vec::new();
    for _ in 0..8 {
        let store = store.clone();
        let s = stream("live");
        ours.insert(s.clone());
        writers.push(tokio::spawn(async move {
            for i in 0..10u64 {
                let expected = if i == 0 {
                    ExpectedRevision::NoStream
                } else {
                    ExpectedRevision::Exact(i * 3 - 1)
                };
                store.append(&s, expected, events(3)).await.unwrap();
            }
        }));
    }
    for w in writers {
        w.await.unwrap();
    }
    let total = 20 + 8 * 10 * 3;
    let mut received = Vec::new();
    while received.len() < total {
        let event = tokio::time::timeout(PATIENCE, subscription.next())
            .await
            .expect("the subscription delivers every event")
            .expect("the subscription is open")
            .unwrap();
        if ours.contains(&event.stream_id) {
            received.push(event);
        }
    }
    assert!(
        received
            .windows(2)
            .all(|w| w[0].global_position < w[1].global_position),
        "position order"
    );
    let ids: BTreeSet<Uuid> = received.iter().map(|e| e.event_id).collect();
    assert_eq!(ids.len(), total, "exactly once");
    let all = read_ours(store.as_ref(), start, &ours).await;
    assert_eq!(all.len(), total);
    assert_eq!(
        all.iter().map(|e| e.event_id).collect::<Vec<_>>(),
        received.iter().map(|e| e.event_id).collect::<Vec<_>>()
    );

    // A second subscriber from the middle gets exactly the rest.
    let middle = received[49].global_position;
    let mut from_middle = store.subscribe_all(middle).await.unwrap();
    let mut rest = Vec::new();
    while rest.len() < total - 50 {
        let event = tokio::time::timeout(PATIENCE, from_middle.next())
            .await
            .unwrap()
            .unwrap()
            .unwrap();
        if ours.contains(&event.stream_id) {
            rest.push(event.event_id);
        }
    }
    assert_eq!(
        rest,
        received[50..]
            .iter()
            .map(|e| e.event_id)
            .collect::<Vec<_>>()
    );

    // Live tail after catching up: the next of our events is the late one.
    let late_stream = stream("late");
    ours.insert(late_stream.clone());
    let late = store
        .append(&late_stream, ExpectedRevision::NoStream, events(1))
        .await
        .unwrap();
    loop {
        let event = tokio::time::timeout(PATIENCE, subscription.next())
            .await
            .unwrap()
            .unwrap()
            .unwrap();
        if ours.contains(&event.stream_id) {
            assert_eq!(event.global_position, late.last_position);
            break;
        }
    }
}

#[macro_export]
macro_rules! contract_tests {
    ($factory:path) => {
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn append_then_read_back() {
            contract::append_then_read_back($factory().await).await;
        }
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn expected_revisions_are_enforced() {
            contract::expected_revisions_are_enforced($factory().await).await;
        }
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn a_retried_command_appends_nothing_new() {
            contract::a_retried_command_appends_nothing_new($factory().await).await;
        }
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn bad_input_is_refused_and_loses_nothing() {
            contract::bad_input_is_refused_and_loses_nothing($factory().await).await;
        }
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn streams_read_forwards_and_backwards() {
            contract::streams_read_forwards_and_backwards($factory().await).await;
        }
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn all_is_read_in_position_order_from_a_checkpoint() {
            contract::all_is_read_in_position_order_from_a_checkpoint($factory().await).await;
        }
        #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
        async fn concurrent_writers_one_winner_per_revision() {
            contract::concurrent_writers_one_winner_per_revision($factory().await).await;
        }
        #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
        async fn concurrent_any_appends_lose_nothing() {
            contract::concurrent_any_appends_lose_nothing($factory().await).await;
        }
        #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
        async fn subscription_catches_up_then_tails_in_order() {
            contract::subscription_catches_up_then_tails_in_order($factory().await).await;
        }
    };
}
