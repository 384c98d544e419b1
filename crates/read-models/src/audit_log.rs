//! `audit_log`: every event as an auditor reads it — time, actor, position and unit,
//! delegated authority, stream, type and a one-line summary.

use async_trait::async_trait;
use chancery_event_store::RecordedEvent;
use chancery_pg::Migration;
use chancery_projector::{Projection, ProjectionError, positions};
use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

pub const NAME: &str = "audit_log";

const SCHEMA: &[Migration] = &[Migration {
    name: "audit_log/0001_entries",
    sql: include_str!("../../../projections/audit_log/0001_entries.sql"),
}];

/// The projection.
#[derive(Debug, Clone, Copy)]
pub struct AuditLog;

#[async_trait]
impl Projection for AuditLog {
    fn name(&self) -> &'static str {
        NAME
    }

    fn schema(&self) -> &'static [Migration] {
        SCHEMA
    }

    fn version(&self) -> u32 {
        1
    }

    /// One multi-row INSERT per batch; `ON CONFLICT DO NOTHING` makes it idempotent.
    async fn apply(
        &self,
        tx: &deadpool_postgres::Transaction<'_>,
        events: &[RecordedEvent],
    ) -> Result<(), ProjectionError> {
        let n = events.len();
        let mut recorded_at = Vec::with_capacity(n);
        let mut event_ids = Vec::with_capacity(n);
        let mut streams = Vec::with_capacity(n);
        let mut revisions = Vec::with_capacity(n);
        let mut types = Vec::with_capacity(n);
        let mut versions = Vec::with_capacity(n);
        let mut actors: Vec<Option<Uuid>> = Vec::with_capacity(n);
        let mut actor_positions: Vec<Option<Uuid>> = Vec::with_capacity(n);
        let mut actor_units: Vec<Option<Uuid>> = Vec::with_capacity(n);
        let mut behalf: Vec<Option<Uuid>> = Vec::with_capacity(n);
        let mut authorities: Vec<Option<String>> = Vec::with_capacity(n);
        let mut correlations = Vec::with_capacity(n);
        let mut commands = Vec::with_capacity(n);
        let mut summaries = Vec::with_capacity(n);
        for event in events {
            let metadata = event.metadata().map_err(|e| ProjectionError::Handler {
                projection: NAME.to_owned(),
                position: event.global_position.0,
                reason: format!("metadata: {e}"),
            })?;
            recorded_at.push(metadata.recorded_at);
            event_ids.push(event.event_id);
            streams.push(event.stream_id.as_str());
            revisions.push(i64::try_from(event.stream_revision).unwrap_or(i64::MAX));
            types.push(event.event_type.as_str());
            versions.push(i32::try_from(event.schema_version).unwrap_or(i32::MAX));
            actors.push(metadata.actor.as_ref().map(|a| a.user_id));
            actor_positions.push(metadata.actor.as_ref().and_then(|a| a.position_id));
            actor_units.push(metadata.actor.as_ref().and_then(|a| a.unit_id));
            behalf.push(metadata.on_behalf_of.as_ref().map(|b| b.user_id));
            authorities.push(metadata.on_behalf_of.as_ref().map(|b| b.authority.clone()));
            correlations.push(metadata.correlation_id);
            commands.push(metadata.command_id);
            summaries.push(chancery_domain::catalogue::summarize(
                &event.event_type,
                &event.payload,
            ));
        }
        let statement = tx
            .prepare_cached(
                "INSERT INTO entries (global_position, recorded_at, event_id, stream_id, stream_revision, \
                 event_type, schema_version, actor_user_id, actor_position_id, actor_unit_id, \
                 on_behalf_of_user_id, authority, correlation_id, command_id, summary) \
                 SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::uuid[], $4::text[], $5::bigint[], \
                 $6::text[], $7::int[], $8::uuid[], $9::uuid[], $10::uuid[], $11::uuid[], $12::text[], \
                 $13::uuid[], $14::uuid[], $15::text[]) \
                 ON CONFLICT (global_position) DO NOTHING",
            )
            .await?;
        tx.execute(
            &statement,
            &[
                &positions(events),
                &recorded_at,
                &event_ids,
                &streams,
                &revisions,
                &types,
                &versions,
                &actors,
                &actor_positions,
                &actor_units,
                &behalf,
                &authorities,
                &correlations,
                &commands,
                &summaries,
            ],
        )
        .await?;
        Ok(())
    }
}

/// One row of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    pub global_position: u64,
    pub recorded_at: DateTime<Utc>,
    pub event_id: Uuid,
    pub stream_id: String,
    pub stream_revision: u64,
    pub event_type: String,
    pub actor_user_id: Option<Uuid>,
    pub actor_position_id: Option<Uuid>,
    pub actor_unit_id: Option<Uuid>,
    pub on_behalf_of_user_id: Option<Uuid>,
    pub authority: Option<String>,
    pub correlation_id: Uuid,
    pub summary: String,
}

/// Filters of an audit-log query. Empty filters match everything.
#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    pub stream_id: Option<String>,
    pub actor_user_id: Option<Uuid>,
    pub unit_id: Option<Uuid>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    /// Keyset cursor: only entries after this position.
    pub after_position: Option<u64>,
    /// Page size, capped at 500.
    pub limit: u32,
}

/// Largest page an audit query returns.
pub const MAX_PAGE: u32 = 500;

/// Entries matching `query`, oldest first, paged by position.
pub async fn query(
    client: &impl tokio_postgres::GenericClient,
    query: &AuditQuery,
) -> Result<Vec<AuditEntry>, tokio_postgres::Error> {
    let limit = i64::from(query.limit.clamp(1, MAX_PAGE));
    let after = query
        .after_position
        .map_or(0, |p| i64::try_from(p).unwrap_or(i64::MAX));
    let rows = client
        .query(
            "SELECT global_position, recorded_at, event_id, stream_id, stream_revision, event_type, \
                    actor_user_id, actor_position_id, actor_unit_id, on_behalf_of_user_id, authority, \
                    correlation_id, summary \
             FROM audit_log.entries \
             WHERE global_position > $1 \
               AND ($2::text IS NULL OR stream_id = $2) \
               AND ($3::uuid IS NULL OR actor_user_id = $3) \
               AND ($4::uuid IS NULL OR actor_unit_id = $4) \
               AND ($5::timestamptz IS NULL OR recorded_at >= $5) \
               AND ($6::timestamptz IS NULL OR recorded_at < $6) \
             ORDER BY global_position LIMIT $7",
            &[
                &after,
                &query.stream_id,
                &query.actor_user_id,
                &query.unit_id,
                &query.from,
                &query.to,
                &limit,
            ],
        )
        .await?;
    Ok(rows
        .iter()
        .map(|r| AuditEntry {
            global_position: u64::try_from(r.get::<_, i64>(0)).unwrap_or(0),
            recorded_at: r.get(1),
            event_id: r.get(2),
            stream_id: r.get(3),
            stream_revision: u64::try_from(r.get::<_, i64>(4)).unwrap_or(0),
            event_type: r.get(5),
            actor_user_id: r.get(6),
            actor_position_id: r.get(7),
            actor_unit_id: r.get(8),
            on_behalf_of_user_id: r.get(9),
            authority: r.get(10),
            correlation_id: r.get(11),
            summary: r.get(12),
        })
        .collect())
}

/// A digest of the whole table (for comparing a read model with a rebuild).
pub async fn digest(
    client: &impl tokio_postgres::GenericClient,
) -> Result<(i64, String), tokio_postgres::Error> {
    let row = client
        .query_one(
            "SELECT count(*), coalesce(md5(string_agg(e::text, '|' ORDER BY global_position)), '') \
             FROM audit_log.entries e",
            &[],
        )
        .await?;
    Ok((row.get(0), row.get(1)))
}
