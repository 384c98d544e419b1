//! Connection pools over `deadpool-postgres`.

use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
use tokio_postgres::NoTls;

use crate::PgError;

/// Pool settings.
#[derive(Debug, Clone)]
pub struct PoolOptions {
    pub max_size: usize,
    /// Application name reported to PostgreSQL (visible in `pg_stat_activity`).
    pub application_name: String,
}

impl Default for PoolOptions {
    fn default() -> Self {
        Self {
            max_size: 16,
            application_name: "chancery".to_owned(),
        }
    }
}

/// Builds a pool for `config`. No connection is opened until the first `get()`.
pub fn connect_pool(
    mut config: tokio_postgres::Config,
    options: &PoolOptions,
) -> Result<Pool, PgError> {
    config.application_name(&options.application_name);
    // NOTICEs such as "relation already exists, skipping" are not worth a log line.
    if config.get_options().is_none() {
        config.options("-c client_min_messages=warning");
    }
    let manager = Manager::from_config(
        config,
        NoTls,
        ManagerConfig {
            recycling_method: RecyclingMethod::Fast,
        },
    );
    Pool::builder(manager)
        .max_size(options.max_size)
        .runtime(deadpool_postgres::Runtime::Tokio1)
        .build()
        .map_err(|e| PgError::Config(e.to_string()))
}

/// Opens one connection outside any pool (for LISTEN and for session-level advisory locks
/// whose lifetime must be the connection's) and drives it on a spawned task.
pub async fn connect_single(
    config: &tokio_postgres::Config,
) -> Result<(tokio_postgres::Client, tokio::task::JoinHandle<()>), PgError> {
    let (client, connection) = config.connect(NoTls).await?;
    let handle = tokio::spawn(async move {
        if let Err(error) = connection.await {
            tracing::debug!(%error, "dedicated PostgreSQL connection ended");
        }
    });
    Ok((client, handle))
}
