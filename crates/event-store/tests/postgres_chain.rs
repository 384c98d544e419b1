//! The global chain (`chain::GlobalChain`) against tampering that the per-stream chains cannot
//! see, done as an attacker with database access would: the events table's triggers disabled.
//! Each case checks that the per-stream verifier (`verify::verify_all`) still finds history
//! intact — the case went undetected before the global chain — and that the global chain
//! names the position, stream and revision.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

mod contract;

use std::sync::Arc;

use chancery_event_store::chain::{ChainHead, ChainProblem, GlobalChain};
use chancery_event_store::hash::{ZERO_HASH, chain, content_hash};
use chancery_event_store::postgres::PgEventStore;
use chancery_event_store::verify::verify_all;
use chancery_event_store::{
    EventStore, ExpectedRevision, GlobalPosition, NewEvent, ReadDirection, ReadFrom, StreamId,
};
use chancery_test_support::TestDb;
use contract::{events, metadata, stream};
use serde_json::json;

struct Fixture {
    db: TestDb,
    store: Arc<PgEventStore>,
    chain: GlobalChain,
}

async fn fixture() -> Fixture {
    let db = TestDb::new().await;
    let store = Arc::new(PgEventStore::new(db.pool.clone(), db.config.clone()));
    store.migrate().await.unwrap();
    let chain = GlobalChain::new(store.clone(), db.pool.clone(), db.config.clone());
    chain.migrate().await.unwrap();
    Fixture { db, store, chain }
}

impl Fixture {
    /// Three streams of four events, interleaved in `$all`, all chained.
    async fn history(&self) -> Vec<StreamId> {
        let streams = vec![stream("a"), stream("b"), stream("c")];
        for round in 0..2u64 {
            for s in &streams {
                let expected = if round == 0 {
                    ExpectedRevision::NoStream
                } else {
                    ExpectedRevision::Exact(1)
                };
                self.store.append(s, expected, events(2)).await.unwrap();
            }
        }
        self.chain.catch_up().await.unwrap();
        streams
    }

    async fn attacker(&self) -> tokio_postgres::Client {
        let client = self.db.connect().await;
        client
            .batch_execute("ALTER TABLE events DISABLE TRIGGER ALL")
            .await
            .unwrap();
        client
    }

    async fn position_of(&self, s: &StreamId, revision: i64) -> u64 {
        let client = self.db.connect().await;
        let p: i64 = client
            .query_one(
                "SELECT global_position FROM events WHERE stream_id = $1 AND stream_revision = $2",
                &[&s.as_str(), &revision],
            )
            .await
            .unwrap()
            .get(0);
        u64::try_from(p).unwrap()
    }

    /// The old verifier sees nothing; the global chain sees the problems, which are returned.
    async fn problems(&self, signed: Option<ChainHead>) -> Vec<ChainProblem> {
        let old = verify_all(self.store.as_ref()).await.unwrap();
        assert!(
            old.is_intact(),
            "the per-stream verifier alone catches it: {:?}",
            old.problems
        );
        let report = self.chain.verify(signed).await.unwrap();
        assert!(!report.is_intact(), "the global chain missed it");
        report.problems
    }
}

fn missing(position: u64, s: &StreamId, revision: u64) -> ChainProblem {
    ChainProblem::Missing {
        position: GlobalPosition(position),
        stream: s.as_str().to_owned(),
        revision,
    }
}

#[tokio::test]
async fn intact_history_with_gaps_verifies_clean_and_the_runner_never_forks() {
    let f = fixture().await;
    let streams = f.history().await;
    // A refused append takes positions it never fills: a gap in `$all`.
    assert!(
        f.store
            .append(&streams[0], ExpectedRevision::Exact(0), events(3))
            .await
            .is_err()
    );
    f.store
        .append(&stream("d"), ExpectedRevision::NoStream, events(1))
        .await
        .unwrap();
    let client = f.db.connect().await;
    let row = client
        .query_one("SELECT count(*), max(global_position) FROM events", &[])
        .await
        .unwrap();
    assert!(
        row.get::<_, i64>(0) < row.get::<_, i64>(1),
        "the refused append left a gap"
    );
    // Two writers at once (the runner and an operator's catch-up) chain each event once.
    let other = GlobalChain::new(f.store.clone(), f.db.pool.clone(), f.db.config.clone());
    let (a, b) = tokio::join!(f.chain.catch_up(), other.catch_up());
    assert_eq!(a.unwrap().unwrap().position, b.unwrap().unwrap().position);
    let head = f.chain.head().await.unwrap().unwrap();
    let report = f.chain.verify(Some(head)).await.unwrap();
    assert!(report.is_intact(), "{:?}", report.problems);
    assert_eq!(report.chained, 13);
    assert_eq!(report.pending, 0);
    assert!(report.checkpoint_checked);
    // Not chained yet is not a problem.
    f.store
        .append(&stream("e"), ExpectedRevision::NoStream, events(2))
        .await
        .unwrap();
    contract::wait_head(
        f.store.as_ref(),
        f.store.committed_position().await.unwrap(),
    )
    .await;
    let report = f.chain.verify(Some(head)).await.unwrap();
    assert!(report.is_intact(), "{:?}", report.problems);
    assert_eq!(report.pending, 2);
}

#[tokio::test]
async fn the_runner_chains_what_is_appended_while_it_runs() {
    let f = Arc::new(fixture().await);
    let chain = Arc::new(GlobalChain::new(
        f.store.clone(),
        f.db.pool.clone(),
        f.db.config.clone(),
    ));
    let (stop, shutdown) = tokio::sync::watch::channel(false);
    let runner = chain
        .clone()
        .spawn(shutdown, std::time::Duration::from_millis(50));
    let last = f
        .store
        .append(&stream("live"), ExpectedRevision::NoStream, events(5))
        .await
        .unwrap()
        .last_position;
    let deadline = tokio::time::Instant::now() + contract::PATIENCE;
    while chain
        .head()
        .await
        .unwrap()
        .is_none_or(|h| h.position < last)
    {
        assert!(tokio::time::Instant::now() < deadline, "never chained");
        f.store
            .wait_for_events(last, std::time::Duration::from_millis(20))
            .await;
    }
    stop.send(true).unwrap();
    runner.await.unwrap();
}

#[tokio::test]
async fn the_last_event_of_a_stream_deleted_is_named() {
    let f = fixture().await;
    let streams = f.history().await;
    let position = f.position_of(&streams[1], 3).await;
    f.attacker()
        .await
        .execute(
            "DELETE FROM events WHERE stream_id = $1 AND stream_revision = 3",
            &[&streams[1].as_str()],
        )
        .await
        .unwrap();
    let problems = f.problems(None).await;
    assert_eq!(problems, vec![missing(position, &streams[1], 3)]);
}

#[tokio::test]
async fn a_whole_stream_deleted_is_named_event_by_event() {
    let f = fixture().await;
    let streams = f.history().await;
    let mut expected = Vec::new();
    for revision in 0..4 {
        expected.push(missing(
            f.position_of(&streams[2], revision).await,
            &streams[2],
            u64::try_from(revision).unwrap(),
        ));
    }
    expected.sort_by_key(|p| match p {
        ChainProblem::Missing { position, .. } => *position,
        _ => GlobalPosition::START,
    });
    f.attacker()
        .await
        .execute(
            "DELETE FROM events WHERE stream_id = $1",
            &[&streams[2].as_str()],
        )
        .await
        .unwrap();
    assert_eq!(f.problems(None).await, expected);
}

/// Rewrites revision 1 of `s` and recomputes every later hash of the stream as `hash.rs` does.
async fn rewrite(f: &Fixture, s: &StreamId) {
    let stored = f
        .store
        .read_stream(s, ReadDirection::Forwards, ReadFrom::Start, 100)
        .await
        .unwrap();
    let client = f.attacker().await;
    let mut previous = ZERO_HASH;
    for mut event in stored {
        if event.stream_revision == 1 {
            event.payload = json!({"index": 1, "note": "đã sửa"});
        }
        let content = content_hash(
            &event.event_id,
            s.as_str(),
            &event.event_type,
            event.schema_version,
            &event.payload,
            &event.raw_metadata,
        );
        previous = chain(&previous, event.stream_revision, &content);
        client
            .execute(
                "UPDATE events SET payload = $3::text::json, hash = $4 \
                 WHERE stream_id = $1 AND stream_revision = $2",
                &[
                    &s.as_str(),
                    &i64::try_from(event.stream_revision).unwrap(),
                    &event.payload.to_string(),
                    &previous.to_vec(),
                ],
            )
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn an_event_rewritten_with_its_stream_rehashed_is_named() {
    let f = fixture().await;
    let streams = f.history().await;
    rewrite(&f, &streams[0]).await;
    let problems = f.problems(None).await;
    let mut expected = Vec::new();
    for revision in 1..4u64 {
        expected.push(ChainProblem::Altered {
            position: GlobalPosition(
                f.position_of(&streams[0], i64::try_from(revision).unwrap())
                    .await,
            ),
            stream: streams[0].as_str().to_owned(),
            revision,
        });
    }
    assert_eq!(problems, expected);
}

#[tokio::test]
async fn the_last_number_taken_of_a_register_deleted_is_named() {
    let f = fixture().await;
    f.history().await;
    let register =
        StreamId::new(format!("register-{}-2026", uuid::Uuid::new_v4().simple())).unwrap();
    for number in 1..=3u64 {
        let event = NewEvent::new(
            0,
            "register.number-taken",
            1,
            json!({"number": number}),
            metadata(uuid::Uuid::now_v7()),
        );
        f.store
            .append(
                &register,
                if number == 1 {
                    ExpectedRevision::NoStream
                } else {
                    ExpectedRevision::Exact(number - 2)
                },
                vec![event],
            )
            .await
            .unwrap();
    }
    f.chain.catch_up().await.unwrap();
    let position = f.position_of(&register, 2).await;
    f.attacker()
        .await
        .execute(
            "DELETE FROM events WHERE stream_id = $1 AND stream_revision = 2",
            &[&register.as_str()],
        )
        .await
        .unwrap();
    assert_eq!(
        f.problems(None).await,
        vec![missing(position, &register, 2)]
    );
}

#[tokio::test]
async fn a_chain_table_rewritten_to_match_is_caught_by_the_signed_head() {
    let f = fixture().await;
    let streams = f.history().await;
    let signed = f.chain.head().await.unwrap().unwrap();
    rewrite(&f, &streams[0]).await;
    // The attacker rebuilds the chain table from the altered events.
    let client = f.attacker().await;
    client
        .batch_execute("ALTER TABLE event_chain DISABLE TRIGGER ALL; DELETE FROM event_chain")
        .await
        .unwrap();
    f.chain.catch_up().await.unwrap();
    let without = f.chain.verify(None).await.unwrap();
    assert!(
        without.is_intact(),
        "without a signed head the rewrite is invisible: {:?}",
        without.problems
    );
    let problems = f.problems(Some(signed)).await;
    assert_eq!(
        problems,
        vec![
            ChainProblem::CheckpointMismatch {
                position: signed.position
            },
            ChainProblem::TableDiffersFromCheckpoint {
                position: signed.position
            },
        ]
    );
}
