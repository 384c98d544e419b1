//! PostgreSQL plumbing shared by the event store, the projector, the server and the tests:
//! a private cluster started from the installed server binaries ([`cluster`]), connection
//! pools ([`pool`]) and a small forward-only migration runner ([`migrate`]).
//!
//! Nothing here knows about events or read models; it only knows how to get a working
//! PostgreSQL database.

pub mod cluster;
pub mod migrate;
pub mod pool;

pub use cluster::{ClusterOptions, PrivateCluster};
pub use migrate::{Migration, Migrator};
pub use pool::{PoolOptions, connect_pool};

/// Errors of the PostgreSQL plumbing.
#[derive(Debug, thiserror::Error)]
pub enum PgError {
    #[error(
        "PostgreSQL server binaries not found ({missing}); install the Debian package \
         `postgresql` (apt-get install postgresql) or set DATABASE_URL to an existing server"
    )]
    BinariesMissing { missing: String },
    #[error("cannot prepare the data folder {path}: {reason}")]
    DataDir { path: String, reason: String },
    #[error("{command} failed: {output}")]
    Command { command: String, output: String },
    #[error("the private PostgreSQL cluster did not become ready: {0}")]
    NotReady(String),
    #[error("invalid database configuration: {0}")]
    Config(String),
    #[error("migration {name} failed: {source}")]
    Migration {
        name: String,
        #[source]
        source: tokio_postgres::Error,
    },
    #[error("migration {name} was changed after it was applied (checksum {applied} != {current})")]
    MigrationChanged {
        name: String,
        applied: String,
        current: String,
    },
    #[error(transparent)]
    Postgres(#[from] tokio_postgres::Error),
    #[error(transparent)]
    Pool(#[from] deadpool_postgres::PoolError),
    #[error(transparent)]
    Io(#[from] std::io::Error),
}
