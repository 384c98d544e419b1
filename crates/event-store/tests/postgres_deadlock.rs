//! Two group commits in flight may carry appends to the same streams, queued in different
//! orders. `chancery_append` inserts a batch's events in stream order, so two such batches
//! wait for one another in one direction only: neither fails with a deadlock (`40P01`), and
//! exactly one of each pair of colliding appends lands.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

use chancery_event_store::postgres::PgEventStore;
use chancery_test_support::TestDb;
use uuid::Uuid;

/// Streams each batch appends to (one event each): enough that two batches started together
/// are still inserting when they meet.
const STREAMS: usize = 40;
const ROUNDS: usize = 12;

/// One `chancery_append` call (one group commit) of one event to each of `streams`, in that
/// order, expecting each stream not to exist yet. Answers the outcomes.
async fn batch(
    client: &tokio_postgres::Client,
    streams: &[String],
) -> Result<Vec<String>, tokio_postgres::Error> {
    let n = streams.len();
    let ids: Vec<Uuid> = (0..n).map(|_| Uuid::now_v7()).collect();
    let rows = client
        .query(
            "SELECT outcome FROM chancery_append($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
             ORDER BY idx",
            &[
                &streams,
                &vec![-2i64; n],
                &vec![1i32; n],
                &ids,
                &vec!["test.collided".to_owned(); n],
                &vec![1i32; n],
                &vec![serde_json::json!({}); n],
                &vec![serde_json::json!({}); n],
                &vec![chrono::Utc::now(); n],
                &vec![vec![0u8; 32]; n],
            ],
        )
        .await?;
    Ok(rows.iter().map(|r| r.get::<_, String>(0)).collect())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn batches_colliding_in_opposite_orders_do_not_deadlock() {
    let db = TestDb::new().await;
    PgEventStore::new(db.pool.clone(), db.config.clone())
        .migrate()
        .await
        .unwrap();
    let (first, second) = (db.connect().await, db.connect().await);
    for round in 0..ROUNDS {
        let forwards: Vec<String> = (0..STREAMS)
            .map(|i| format!("collide-{round}-{i:03}"))
            .collect();
        let backwards: Vec<String> = forwards.iter().rev().cloned().collect();
        let (a, b) = tokio::join!(batch(&first, &forwards), batch(&second, &backwards));
        let outcomes = [a, b].map(|r| match r {
            Ok(outcomes) => outcomes,
            Err(e) => panic!(
                "round {round}: {:?} {}",
                e.code().map(|c| c.code().to_owned()),
                e.as_db_error()
                    .map_or(String::new(), |d| d.message().to_owned())
            ),
        });
        // Every stream got one event, from one of the two batches.
        let appended = outcomes
            .iter()
            .flatten()
            .filter(|o| *o == "appended")
            .count();
        assert_eq!(appended, STREAMS, "round {round}: {outcomes:?}");
    }
    let stored: i64 = first
        .query_one(
            "SELECT count(*) FROM events WHERE event_type = 'test.collided'",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(stored, i64::try_from(STREAMS * ROUNDS).unwrap());
}
