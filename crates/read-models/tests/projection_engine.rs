//! The projection engine with the real `audit_log` projection, on a real PostgreSQL:
//! catch-up with transactional checkpoints, read-your-writes, rebuild-and-swap, a single
//! runner across engines with take-over, and automatic rebuild when the definition changes.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

use std::sync::Arc;
use std::time::Duration;

use chancery_event_store::postgres::PgEventStore;
use chancery_event_store::{
    Actor, EventMetadata, EventStore, ExpectedRevision, NewEvent, OnBehalfOf, StreamId,
};
use chancery_projector::{EngineOptions, ProjectionEngine, ProjectionError};
use chancery_read_models::audit_log::{self, AuditQuery};
use chancery_test_support::TestDb;
use chrono::Utc;
use serde_json::json;
use tokio::sync::watch;
use uuid::Uuid;

const PATIENCE: Duration = Duration::from_secs(30);

struct World {
    db: TestDb,
    store: Arc<PgEventStore>,
}

async fn world() -> World {
    let db = TestDb::new().await;
    let store = Arc::new(PgEventStore::new(db.pool.clone(), db.config.clone()));
    store.migrate().await.unwrap();
    World { db, store }
}

impl World {
    fn engine(&self, batch_size: usize) -> Arc<ProjectionEngine> {
        Arc::new(
            ProjectionEngine::new(
                self.store.clone(),
                self.db.pool.clone(),
                self.db.config.clone(),
                chancery_read_models::all(),
                EngineOptions {
                    batch_size,
                    lease_retry: Duration::from_millis(100),
                    idle_wait: Duration::from_millis(200),
                    ..EngineOptions::default()
                },
            )
            .unwrap(),
        )
    }

    /// Appends `n` events on `streams` streams, as a user acting for another under `TL.`.
    async fn append(&self, streams: usize, n: usize) -> chancery_event_store::GlobalPosition {
        let user = Uuid::new_v4();
        let mut last = Default::default();
        for s in 0..streams {
            let stream = StreamId::new(format!("document-{}", Uuid::new_v4())).unwrap();
            let command = Uuid::now_v7();
            let mut metadata = EventMetadata::for_command(
                command,
                Some(Actor {
                    user_id: user,
                    position_id: Some(Uuid::new_v4()),
                    unit_id: Some(Uuid::new_v4()),
                }),
                Utc::now(),
            );
            metadata.on_behalf_of = Some(OnBehalfOf {
                user_id: Uuid::new_v4(),
                position_id: None,
                authority: "TL.".into(),
            });
            let events = (0..n)
                .map(|i| {
                    NewEvent::new(
                        i as u32,
                        "test.step-taken",
                        1,
                        json!({"s": s, "i": i}),
                        metadata.clone(),
                    )
                })
                .collect();
            last = self
                .store
                .append(&stream, ExpectedRevision::NoStream, events)
                .await
                .unwrap()
                .last_position;
        }
        last
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_audit_log_catches_up_and_serves_read_your_writes() {
    let w = world().await;
    let before = w.append(3, 4).await;
    let engine = w.engine(5);
    engine.migrate().await.unwrap();
    let (stop, shutdown) = watch::channel(false);
    let handles = engine.spawn(shutdown);

    engine
        .wait_for(before, &[audit_log::NAME], PATIENCE)
        .await
        .unwrap();
    let client = w.db.pool.get().await.unwrap();
    let all = audit_log::query(
        &**client,
        &AuditQuery {
            limit: 500,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(all.len(), 12);
    assert!(
        all.windows(2)
            .all(|p| p[0].global_position < p[1].global_position)
    );
    assert_eq!(all[0].authority.as_deref(), Some("TL."));
    assert!(all[0].actor_user_id.is_some());

    // A new write, then a query that must see it.
    let position = w.append(1, 2).await;
    engine
        .wait_for(position, &[audit_log::NAME], PATIENCE)
        .await
        .unwrap();
    let page = audit_log::query(
        &**client,
        &AuditQuery {
            after_position: Some(before.0),
            limit: 10,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(page.len(), 2);
    assert_eq!(page[1].global_position, position.0);
    let one_stream = audit_log::query(
        &**client,
        &AuditQuery {
            stream_id: Some(page[0].stream_id.clone()),
            limit: 10,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(one_stream.len(), 2);

    let status = engine.status().await.unwrap();
    assert_eq!(status[0].lag, 0);
    assert!(status[0].running_here);

    stop.send(true).unwrap();
    for h in handles {
        tokio::time::timeout(PATIENCE, h).await.unwrap().unwrap();
    }
    // Not running any more: waiting for a later position times out with a typed error.
    let later = w.append(1, 1).await;
    let err = engine
        .wait_for(later, &[audit_log::NAME], Duration::from_millis(100))
        .await
        .unwrap_err();
    assert!(matches!(err, ProjectionError::WaitTimeout { .. }), "{err}");
    assert!(matches!(
        engine
            .wait_for(later, &["nope"], Duration::from_millis(1))
            .await,
        Err(ProjectionError::Unknown(_))
    ));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rebuild_while_writers_and_the_runner_work_equals_the_live_model() {
    let w = world().await;
    let first = w.append(20, 10).await;
    let engine = w.engine(50);
    engine.migrate().await.unwrap();
    let (stop, shutdown) = watch::channel(false);
    let handles = engine.spawn(shutdown);
    // `$all` shows the first 200 events once no older transaction of the cluster is open
    // (other tests run beside this one): wait until the runner has them, so the rebuild
    // below certainly starts with at least those.
    engine
        .wait_for(first, &[audit_log::NAME], PATIENCE)
        .await
        .unwrap();

    let writer = {
        let store = w.store.clone();
        tokio::spawn(async move {
            let mut last = Default::default();
            for _ in 0..30 {
                let stream = StreamId::new(format!("document-{}", Uuid::new_v4())).unwrap();
                let events = (0..5u32)
                    .map(|i| {
                        NewEvent::new(
                            i,
                            "test.step-taken",
                            1,
                            json!({"i": i}),
                            EventMetadata::for_command(Uuid::now_v7(), None, Utc::now()),
                        )
                    })
                    .collect();
                last = store
                    .append(&stream, ExpectedRevision::NoStream, events)
                    .await
                    .unwrap()
                    .last_position;
            }
            last
        })
    };
    let rebuilt = engine.rebuild(audit_log::NAME).await.unwrap();
    assert!(rebuilt >= 200);
    let last = writer.await.unwrap();
    engine
        .wait_for(last, &[audit_log::NAME], PATIENCE)
        .await
        .unwrap();
    let client = w.db.pool.get().await.unwrap();
    let live = audit_log::digest(&**client).await.unwrap();
    assert_eq!(live.0, 350);
    // Rebuild again from scratch, with nothing moving: identical.
    engine.rebuild(audit_log::NAME).await.unwrap();
    assert_eq!(audit_log::digest(&**client).await.unwrap(), live);
    let leftovers: i64 = client
        .query_one(
            "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'audit_log\\_\\_%'",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(leftovers, 0, "no rebuild or old schema left behind");
    stop.send(true).unwrap();
    for h in handles {
        h.await.unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_runner_per_projection_across_engines_and_take_over() {
    let w = world().await;
    let a = w.engine(100);
    let b = w.engine(100);
    a.migrate().await.unwrap();
    let (stop_a, shutdown_a) = watch::channel(false);
    let (stop_b, shutdown_b) = watch::channel(false);
    let handles_a = a.spawn(shutdown_a);
    let handles_b = b.spawn(shutdown_b);

    let position = w.append(10, 10).await;
    a.wait_for(position, &[audit_log::NAME], PATIENCE)
        .await
        .unwrap();
    b.wait_for(position, &[audit_log::NAME], PATIENCE)
        .await
        .unwrap();
    let running: Vec<bool> = vec![
        a.status().await.unwrap()[0].running_here,
        b.status().await.unwrap()[0].running_here,
    ];
    assert_eq!(
        running.iter().filter(|r| **r).count(),
        1,
        "exactly one engine runs audit_log: {running:?}"
    );
    let client = w.db.pool.get().await.unwrap();
    assert_eq!(audit_log::digest(&**client).await.unwrap().0, 100);

    // The runner's process goes away; the standby takes over and continues.
    let (leader_stop, leader_handles, standby) = if running[0] {
        (stop_a, handles_a, b.clone())
    } else {
        (stop_b, handles_b, a.clone())
    };
    leader_stop.send(true).unwrap();
    for h in leader_handles {
        h.await.unwrap();
    }
    let position = w.append(5, 2).await;
    standby
        .wait_for(position, &[audit_log::NAME], PATIENCE)
        .await
        .unwrap();
    assert!(standby.status().await.unwrap()[0].running_here);
    assert_eq!(audit_log::digest(&**client).await.unwrap().0, 110);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_changed_definition_is_rebuilt_on_start() {
    let w = world().await;
    w.append(3, 3).await;
    let engine = w.engine(100);
    engine.migrate().await.unwrap();
    engine.catch_up(audit_log::NAME).await.unwrap();
    let client = w.db.pool.get().await.unwrap();
    let before = audit_log::digest(&**client).await.unwrap();
    // Simulate a build whose audit_log definition differs from the one that built the table,
    // and a read model someone damaged.
    client.batch_execute("UPDATE projection_checkpoints SET fingerprint = 'old' WHERE name = 'audit_log'; DELETE FROM audit_log.entries WHERE stream_revision = 1").await.unwrap();
    assert_ne!(audit_log::digest(&**client).await.unwrap(), before);
    let applied = engine.catch_up(audit_log::NAME).await.unwrap();
    assert_eq!(applied, 0, "the rebuild already applied everything");
    assert_eq!(audit_log::digest(&**client).await.unwrap(), before);
}
