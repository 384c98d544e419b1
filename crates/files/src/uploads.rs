//! [`Uploads`]: who uploaded which bytes, and which bytes are attached, in PostgreSQL (the
//! `files` schema).
//!
//! The content-addressed store cannot tell who brought a file: knowing its hash would be
//! enough to attach it. So `POST /files` records the uploader ([`Uploads::record`]), the
//! attach use case asks whether the caller uploaded the bytes within the retention period
//! ([`Uploads::uploaded_by`]) and marks them attached *before* appending the event that
//! attaches them ([`Uploads::mark_attached`]), and the cleanup ([`crate::cleanup`]) removes
//! only bytes an upload brought into the store, every upload of which is older than the
//! retention period plus a grace, and that nothing attached.

use std::time::Duration;

use chancery_pg::Migration;
use chrono::{DateTime, Utc};
use deadpool_postgres::{Object, Pool};
use uuid::Uuid;

use crate::error::FileError;
use crate::store::is_valid_hash;

/// The `files` schema.
pub const MIGRATIONS: &[Migration] = &[Migration {
    name: "files/0001_uploads",
    sql: include_str!("../migrations/0001_uploads.sql"),
}];

/// How long an upload may wait to be attached by default: 24 hours.
pub const DEFAULT_RETENTION: Duration = Duration::from_secs(24 * 60 * 60);

/// The uploads ledger.
#[derive(Clone)]
pub struct Uploads {
    pool: Pool,
    retention: Duration,
}

impl std::fmt::Debug for Uploads {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Uploads")
            .field("retention", &self.retention)
            .finish_non_exhaustive()
    }
}

fn ledger(e: impl std::fmt::Display) -> FileError {
    FileError::Ledger(e.to_string())
}

impl Uploads {
    /// A ledger in the database of `pool`, where an upload may be attached for `retention`.
    pub fn new(pool: Pool, retention: Duration) -> Self {
        Self { pool, retention }
    }

    /// How long an upload may wait to be attached.
    pub fn retention(&self) -> Duration {
        self.retention
    }

    /// The oldest upload still attachable at `now`.
    pub fn attachable_since(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        now - chrono::Duration::from_std(self.retention).unwrap_or(chrono::Duration::MAX)
    }

    /// Creates or updates the `files` tables.
    pub async fn migrate(&self) -> Result<(), FileError> {
        let mut client = self.client().await?;
        chancery_pg::Migrator::new()
            .with(MIGRATIONS)
            .run(&mut client)
            .await
            .map_err(ledger)?;
        Ok(())
    }

    async fn client(&self) -> Result<Object, FileError> {
        self.pool.get().await.map_err(ledger)
    }

    /// `person` uploaded the bytes `sha256` at `at`; `brought_bytes`: the upload stored them
    /// (they were not in the store before).
    pub async fn record(
        &self,
        person: Uuid,
        sha256: &str,
        brought_bytes: bool,
        at: DateTime<Utc>,
    ) -> Result<(), FileError> {
        if !is_valid_hash(sha256) {
            return Err(FileError::BadHash);
        }
        self.client()
            .await?
            .execute(
                "INSERT INTO files.uploads (person_id, sha256, uploaded_at, brought_bytes) \
                 VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (person_id, sha256) DO UPDATE SET \
                   uploaded_at = GREATEST(files.uploads.uploaded_at, EXCLUDED.uploaded_at), \
                   brought_bytes = files.uploads.brought_bytes OR EXCLUDED.brought_bytes",
                &[&person, &sha256, &at, &brought_bytes],
            )
            .await
            .map_err(ledger)?;
        Ok(())
    }

    /// Whether `person` uploaded the bytes `sha256` within the retention period before `now`.
    pub async fn uploaded_by(
        &self,
        person: Uuid,
        sha256: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, FileError> {
        let row = self
            .client()
            .await?
            .query_opt(
                "SELECT 1 FROM files.uploads \
                 WHERE person_id = $1 AND sha256 = $2 AND uploaded_at >= $3",
                &[&person, &sha256, &self.attachable_since(now)],
            )
            .await
            .map_err(ledger)?;
        Ok(row.is_some())
    }

    /// The bytes `sha256` are (about to be) attached: they are never removed.
    pub async fn mark_attached(
        &self,
        sha256: &[String],
        at: DateTime<Utc>,
    ) -> Result<(), FileError> {
        if sha256.iter().any(|s| !is_valid_hash(s)) {
            return Err(FileError::BadHash);
        }
        self.client()
            .await?
            .execute(
                "INSERT INTO files.attached (sha256, attached_at) \
                 SELECT unnest($1::text[]), $2 ON CONFLICT (sha256) DO NOTHING",
                &[&sha256, &at],
            )
            .await
            .map_err(ledger)?;
        Ok(())
    }

    /// Whether the bytes `sha256` are attached to something.
    pub async fn is_attached(&self, sha256: &str) -> Result<bool, FileError> {
        let row = self
            .client()
            .await?
            .query_opt("SELECT 1 FROM files.attached WHERE sha256 = $1", &[&sha256])
            .await
            .map_err(ledger)?;
        Ok(row.is_some())
    }

    /// Up to `limit` hashes the cleanup may remove: bytes an upload brought into the store,
    /// every upload of which is older than `cutoff`, attached to nothing.
    pub async fn removable(
        &self,
        cutoff: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<String>, FileError> {
        let rows = self
            .client()
            .await?
            .query(
                "SELECT u.sha256 FROM files.uploads u \
                 WHERE NOT EXISTS (SELECT 1 FROM files.attached a WHERE a.sha256 = u.sha256) \
                 GROUP BY u.sha256 \
                 HAVING max(u.uploaded_at) < $1 AND bool_or(u.brought_bytes) \
                 ORDER BY max(u.uploaded_at) LIMIT $2",
                &[&cutoff, &limit],
            )
            .await
            .map_err(ledger)?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }

    /// Forgets the uploads of `sha256` if it is still removable at `cutoff` (no upload since,
    /// not attached meanwhile), in one statement; `true` when they were forgotten and the
    /// bytes may go.
    pub async fn forget(&self, sha256: &str, cutoff: DateTime<Utc>) -> Result<bool, FileError> {
        let deleted = self
            .client()
            .await?
            .execute(
                "DELETE FROM files.uploads WHERE sha256 = $1 \
                 AND NOT EXISTS (SELECT 1 FROM files.uploads n WHERE n.sha256 = $1 AND n.uploaded_at >= $2) \
                 AND NOT EXISTS (SELECT 1 FROM files.attached a WHERE a.sha256 = $1)",
                &[&sha256, &cutoff],
            )
            .await
            .map_err(ledger)?;
        Ok(deleted > 0)
    }
}
