//! A forward-only migration runner. Each migration is a named SQL script, applied once, in
//! order, inside a transaction, and recorded with its checksum in `schema_migrations`; a
//! script edited after it was applied is refused instead of being silently skipped.
//! Concurrent runners (two servers starting together) serialise on an advisory lock.

use sha2::{Digest, Sha256};
use tokio_postgres::Client;

use crate::PgError;

/// One migration script.
#[derive(Debug, Clone, Copy)]
pub struct Migration {
    /// Unique, ordered name such as `event_store/0001_events`.
    pub name: &'static str,
    pub sql: &'static str,
}

/// Applies migration sets.
#[derive(Debug, Default)]
pub struct Migrator {
    migrations: Vec<Migration>,
}

/// Advisory-lock key taken while migrating (two-int key space, class "CHMG").
const MIGRATION_LOCK: (i32, i32) = (0x4348_4d47, 1);

impl Migrator {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a set of migrations; they run in the order added.
    #[must_use]
    pub fn with(mut self, migrations: &[Migration]) -> Self {
        self.migrations.extend_from_slice(migrations);
        self
    }

    /// Applies every migration not applied yet. Returns the names applied now.
    pub async fn run(&self, client: &mut Client) -> Result<Vec<&'static str>, PgError> {
        client
            .batch_execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations (
                    name text PRIMARY KEY,
                    checksum text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now())",
            )
            .await
            .or_else(ignore_concurrent_create)?;
        client
            .execute(
                "SELECT pg_advisory_lock($1, $2)",
                &[&MIGRATION_LOCK.0, &MIGRATION_LOCK.1],
            )
            .await?;
        let result = self.run_locked(client).await;
        let unlock = client
            .execute(
                "SELECT pg_advisory_unlock($1, $2)",
                &[&MIGRATION_LOCK.0, &MIGRATION_LOCK.1],
            )
            .await;
        let applied = result?;
        unlock?;
        Ok(applied)
    }

    async fn run_locked(&self, client: &mut Client) -> Result<Vec<&'static str>, PgError> {
        let mut applied_now = Vec::new();
        for migration in &self.migrations {
            let checksum = hex::encode(Sha256::digest(migration.sql.as_bytes()));
            let row = client
                .query_opt(
                    "SELECT checksum FROM schema_migrations WHERE name = $1",
                    &[&migration.name],
                )
                .await?;
            if let Some(row) = row {
                let applied: String = row.get(0);
                if applied != checksum {
                    return Err(PgError::MigrationChanged {
                        name: migration.name.to_owned(),
                        applied,
                        current: checksum,
                    });
                }
                continue;
            }
            let tx = client.transaction().await?;
            tx.batch_execute(migration.sql)
                .await
                .map_err(|source| PgError::Migration {
                    name: migration.name.to_owned(),
                    source,
                })?;
            tx.execute(
                "INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)",
                &[&migration.name, &checksum],
            )
            .await?;
            tx.commit().await?;
            tracing::info!(migration = migration.name, "applied migration");
            applied_now.push(migration.name);
        }
        Ok(applied_now)
    }
}

/// `CREATE TABLE IF NOT EXISTS` can still fail with a unique violation on the catalog when two
/// sessions create the same table at once; the table exists afterwards, which is all we need.
fn ignore_concurrent_create(error: tokio_postgres::Error) -> Result<(), PgError> {
    match error.code() {
        Some(code) if *code == tokio_postgres::error::SqlState::UNIQUE_VIOLATION => Ok(()),
        _ => Err(error.into()),
    }
}
