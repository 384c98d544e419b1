//! What the read-model tests share: a fresh database with the event store and one projection
//! running on it.
#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)] // tests fail loudly

use std::sync::Arc;
use std::time::Duration;

use chancery_event_store::postgres::PgEventStore;
use chancery_projector::{EngineOptions, Projection, ProjectionEngine};
use chancery_test_support::TestDb;
use tokio::sync::watch;

/// A fresh database with `projection` running (in batches of `batch_size` events when
/// given, to exercise batch boundaries). The runners stop when `stop` is dropped.
pub struct Running {
    pub db: TestDb,
    pub store: Arc<PgEventStore>,
    pub engine: Arc<ProjectionEngine>,
    pub stop: watch::Sender<bool>,
}

pub async fn running(projection: Arc<dyn Projection>, batch_size: Option<usize>) -> Running {
    let db = TestDb::new().await;
    let store = Arc::new(PgEventStore::new(db.pool.clone(), db.config.clone()));
    store.migrate().await.unwrap();
    let defaults = EngineOptions::default();
    let engine = Arc::new(
        ProjectionEngine::new(
            store.clone(),
            db.pool.clone(),
            db.config.clone(),
            vec![projection],
            EngineOptions {
                batch_size: batch_size.unwrap_or(defaults.batch_size),
                lease_retry: Duration::from_millis(50),
                idle_wait: Duration::from_millis(100),
                ..defaults
            },
        )
        .unwrap(),
    );
    engine.migrate().await.unwrap();
    let (stop, shutdown) = watch::channel(false);
    engine.spawn(shutdown);
    Running {
        db,
        store,
        engine,
        stop,
    }
}
