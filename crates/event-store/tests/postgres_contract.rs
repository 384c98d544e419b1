//! The contract suite on the PostgreSQL adapter, plus what only PostgreSQL can get wrong: the
//! ordering lock must never leak, history is immutable, and verification catches tampering.
//! (Late-committing transactions: `postgres_ordering.rs`.)
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

mod contract;

use std::sync::Arc;

use chancery_event_store::postgres::PgEventStore;
use chancery_event_store::verify::verify_all;
use chancery_event_store::{EventStore, ExpectedRevision, GlobalPosition};
use chancery_test_support::TestDb;
use contract::{events, stream};

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
    // Conflicts, id reuse and a server-side failure (a statement timeout) on the only
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
            // This database's only: the tests running beside this one share the cluster.
            "SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database \
             WHERE l.locktype = 'advisory' AND d.datname = current_database()",
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
            "UPDATE events SET payload = jsonb_set(payload::jsonb, '{note}', '\"sửa\"')::json WHERE stream_id = $1 AND stream_revision = 1",
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
