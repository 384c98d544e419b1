//! `audit_log`: every event as an auditor reads it — time, actor, position and unit,
//! delegated authority (the person who acted and the one on whose behalf), stream, type,
//! the document it is about and a one-line summary. It also keeps each document's last
//! confidentiality (`classified`), so [`query`] withholds the summary of a row about a
//! document the reader is not cleared for.

use async_trait::async_trait;
use chancery_event_store::RecordedEvent;
use chancery_pg::Migration;
use chancery_projector::{Projection, ProjectionError, positions};
use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

pub const NAME: &str = "audit_log";

const SCHEMA: &[Migration] = &[
    Migration {
        name: "audit_log/0001_entries",
        sql: include_str!("../../../projections/audit_log/0001_entries.sql"),
    },
    Migration {
        name: "audit_log/0002_documents",
        sql: include_str!("../../../projections/audit_log/0002_documents.sql"),
    },
];

/// The document an event is about: its payload's `document_id`.
fn document_of(payload: &serde_json::Value) -> Option<Uuid> {
    payload
        .get("document_id")
        .and_then(serde_json::Value::as_str)
        .and_then(|s| Uuid::parse_str(s).ok())
}

/// The confidentiality an event gives its document (arrival, corrected metadata, a draft
/// and its versions), as the level's code.
fn classification(event_type: &str, payload: &serde_json::Value) -> Option<String> {
    let pointer = match event_type {
        "document.received" | "document.metadata-updated" => "/metadata/confidentiality",
        "outgoing.draft-created" | "outgoing.version-added" => "/fields/confidentiality",
        _ => return None,
    };
    payload
        .pointer(pointer)
        .and_then(serde_json::Value::as_str)
        .map(str::to_owned)
}

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
        2
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
        let mut documents: Vec<Option<Uuid>> = Vec::with_capacity(n);
        // The last level each document was given in this batch.
        let mut levels: std::collections::BTreeMap<Uuid, String> =
            std::collections::BTreeMap::new();
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
            let document = document_of(&event.payload);
            documents.push(document);
            if let (Some(document), Some(level)) =
                (document, classification(&event.event_type, &event.payload))
            {
                levels.insert(document, level);
            }
        }
        let statement = tx
            .prepare_cached(
                "INSERT INTO entries (global_position, recorded_at, event_id, stream_id, stream_revision, \
                 event_type, schema_version, actor_user_id, actor_position_id, actor_unit_id, \
                 on_behalf_of_user_id, authority, correlation_id, command_id, summary, document_id) \
                 SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::uuid[], $4::text[], $5::bigint[], \
                 $6::text[], $7::int[], $8::uuid[], $9::uuid[], $10::uuid[], $11::uuid[], $12::text[], \
                 $13::uuid[], $14::uuid[], $15::text[], $16::uuid[]) \
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
                &documents,
            ],
        )
        .await?;
        if !levels.is_empty() {
            let (ids, codes): (Vec<Uuid>, Vec<String>) = levels.into_iter().unzip();
            let classify = tx
                .prepare_cached(
                    "INSERT INTO classified (document_id, confidentiality) \
                     SELECT * FROM unnest($1::uuid[], $2::text[]) \
                     ON CONFLICT (document_id) DO UPDATE SET confidentiality = EXCLUDED.confidentiality",
                )
                .await?;
            tx.execute(&classify, &[&ids, &codes]).await?;
        }
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
    /// The person who acted (by delegation: the delegate, not the position's holder).
    pub actor_user_id: Option<Uuid>,
    pub actor_position_id: Option<Uuid>,
    pub actor_unit_id: Option<Uuid>,
    /// By delegation: the person on whose behalf the actor acted.
    pub on_behalf_of_user_id: Option<Uuid>,
    pub authority: Option<String>,
    pub correlation_id: Uuid,
    /// The document the event is about, if any.
    pub document_id: Option<Uuid>,
    /// `None` when withheld: the row is about a document above the reader's clearance.
    pub summary: Option<String>,
}

/// Filters of an audit-log query. Empty filters match everything.
#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    pub stream_id: Option<String>,
    /// The person who acted, or on whose behalf someone acted.
    pub actor_user_id: Option<Uuid>,
    /// Rows of actors acting in one of these units (empty: any unit).
    pub unit_ids: Vec<Uuid>,
    pub document_id: Option<Uuid>,
    /// Exactly this event type.
    pub event_type: Option<String>,
    /// Event types of this category (the part before the `.`: `document`, `outgoing`…).
    pub category: Option<String>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    /// Only rows about no document (an administrator's reach: organisation, accounts,
    /// catalogues, keys).
    pub without_documents: bool,
    /// Confidentiality codes the reader is cleared for: a row about a document of another
    /// level keeps its row but not its summary. `None`: no clearance check (tools).
    pub cleared: Option<Vec<String>>,
    /// Newest first (keyset: `after_position` is then an upper bound).
    pub newest_first: bool,
    /// Keyset cursor: only entries after this position (before it, newest first).
    pub after_position: Option<u64>,
    /// Page size, capped at 500.
    pub limit: u32,
}

/// Largest page an audit query returns.
pub const MAX_PAGE: u32 = 500;

/// Entries matching `query`, oldest first (or newest first), paged by position.
pub async fn query(
    client: &impl tokio_postgres::GenericClient,
    query: &AuditQuery,
) -> Result<Vec<AuditEntry>, tokio_postgres::Error> {
    let limit = i64::from(query.limit.clamp(1, MAX_PAGE));
    let after = query
        .after_position
        .map(|p| i64::try_from(p).unwrap_or(i64::MAX));
    let check_clearance = query.cleared.is_some();
    let cleared = query.cleared.clone().unwrap_or_default();
    let sql = format!(
        "SELECT e.global_position, e.recorded_at, e.event_id, e.stream_id, e.stream_revision, e.event_type, \
                e.actor_user_id, e.actor_position_id, e.actor_unit_id, e.on_behalf_of_user_id, e.authority, \
                e.correlation_id, e.document_id, \
                CASE WHEN NOT $11 OR c.confidentiality IS NULL OR c.confidentiality = ANY($12) \
                     THEN e.summary END \
         FROM audit_log.entries e \
         LEFT JOIN audit_log.classified c ON c.document_id = e.document_id \
         WHERE ($1::bigint IS NULL OR e.global_position {cmp} $1) \
           AND ($2::text IS NULL OR e.stream_id = $2) \
           AND ($3::uuid IS NULL OR e.actor_user_id = $3 OR e.on_behalf_of_user_id = $3) \
           AND (cardinality($4::uuid[]) = 0 OR e.actor_unit_id = ANY($4)) \
           AND ($5::timestamptz IS NULL OR e.recorded_at >= $5) \
           AND ($6::timestamptz IS NULL OR e.recorded_at < $6) \
           AND ($7::uuid IS NULL OR e.document_id = $7) \
           AND ($8::text IS NULL OR e.event_type = $8) \
           AND ($9::text IS NULL OR split_part(e.event_type, '.', 1) = $9) \
           AND (NOT $10 OR e.document_id IS NULL) \
         ORDER BY e.global_position {order} LIMIT $13",
        cmp = if query.newest_first { "<" } else { ">" },
        order = if query.newest_first { "DESC" } else { "ASC" },
    );
    let rows = client
        .query(
            &sql,
            &[
                &after,
                &query.stream_id,
                &query.actor_user_id,
                &query.unit_ids,
                &query.from,
                &query.to,
                &query.document_id,
                &query.event_type,
                &query.category,
                &query.without_documents,
                &check_clearance,
                &cleared,
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
            document_id: r.get(12),
            summary: r.get(13),
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
