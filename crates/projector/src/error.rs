//! Errors of the projection engine.

use chancery_event_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum ProjectionError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("read-model database: {0}")]
    Postgres(#[from] tokio_postgres::Error),
    #[error("read-model database pool: {0}")]
    Pool(#[from] deadpool_postgres::PoolError),
    #[error("{0}")]
    Setup(#[from] chancery_pg::PgError),
    #[error("projection {projection}: handler failed on event at position {position}: {reason}")]
    Handler {
        projection: String,
        position: u64,
        reason: String,
    },
    #[error("projection {0}: another rebuild of it is running")]
    Busy(String),
    #[error("unknown projection {0}")]
    Unknown(String),
    #[error("invalid projection name {0:?}")]
    InvalidName(String),
    #[error("projections {projections:?} did not reach position {position} within {waited_ms} ms")]
    WaitTimeout {
        projections: Vec<String>,
        position: u64,
        waited_ms: u128,
    },
}
