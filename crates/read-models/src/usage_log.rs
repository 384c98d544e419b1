//! `usage_log` (nhật ký sử dụng): each person's logins, failures, lockouts, logouts, password
//! and second-factor changes and session revocations, newest first; and the interface
//! language each person chose for their account (`languages`, the latest choice).

use async_trait::async_trait;
use chancery_event_store::RecordedEvent;
use chancery_pg::Migration;
use chancery_projector::{Projection, ProjectionError};
use chrono::{DateTime, Utc};
use serde_json::Value;
use tokio_postgres::GenericClient;
use uuid::Uuid;

pub const NAME: &str = "usage_log";

const SCHEMA: &[Migration] = &[
    Migration {
        name: "usage_log/0001_entries",
        sql: include_str!("../../../projections/usage_log/0001_entries.sql"),
    },
    Migration {
        name: "usage_log/0002_languages",
        sql: include_str!("../../../projections/usage_log/0002_languages.sql"),
    },
];

/// The event recording a person's choice of interface language.
const LANGUAGE_CHOSEN: &str = "identity.language-chosen";

/// The projection.
#[derive(Debug, Clone, Copy)]
pub struct UsageLog;

#[async_trait]
impl Projection for UsageLog {
    fn name(&self) -> &'static str {
        NAME
    }

    fn schema(&self) -> &'static [Migration] {
        SCHEMA
    }

    fn version(&self) -> u32 {
        1
    }

    async fn apply(
        &self,
        tx: &deadpool_postgres::Transaction<'_>,
        events: &[RecordedEvent],
    ) -> Result<(), ProjectionError> {
        for event in events {
            if !event.event_type.starts_with("identity.") {
                continue;
            }
            let metadata = event.metadata().map_err(|e| ProjectionError::Handler {
                projection: NAME.to_owned(),
                position: event.global_position.0,
                reason: format!("metadata: {e}"),
            })?;
            let p = &event.payload;
            let person: Option<Uuid> = p
                .get("person_id")
                .and_then(Value::as_str)
                .and_then(|s| s.parse().ok());
            let text = |pointer: &str| {
                p.pointer(pointer)
                    .and_then(Value::as_str)
                    .map(str::to_owned)
            };
            let position = i64::try_from(event.global_position.0).unwrap_or(i64::MAX);
            tx.execute(
                "INSERT INTO entries (global_position, recorded_at, person_id, username, event_type, ip, user_agent, detail) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (global_position) DO NOTHING",
                &[
                    &position,
                    &metadata.recorded_at,
                    &person,
                    &text("/username"),
                    &event.event_type,
                    &text("/client/ip"),
                    &text("/client/user_agent"),
                    p,
                ],
            )
            .await?;
            if event.event_type == LANGUAGE_CHOSEN
                && let (Some(person), Some(language)) = (person, text("/language"))
            {
                tx.execute(
                    "INSERT INTO languages (person_id, language, global_position) VALUES ($1, $2, $3) \
                     ON CONFLICT (person_id) DO UPDATE SET language = EXCLUDED.language, \
                     global_position = EXCLUDED.global_position \
                     WHERE languages.global_position < EXCLUDED.global_position",
                    &[&person, &language, &position],
                )
                .await?;
            }
        }
        Ok(())
    }
}

/// One row of the usage log.
#[derive(Debug, Clone, PartialEq)]
pub struct UsageEntry {
    pub global_position: i64,
    pub recorded_at: DateTime<Utc>,
    pub person_id: Option<Uuid>,
    pub username: Option<String>,
    pub event_type: String,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub detail: Value,
}

/// Entries of one person (or everyone's when `None`), newest first, keyset by position.
pub async fn entries(
    client: &impl GenericClient,
    person: Option<Uuid>,
    before: Option<i64>,
    limit: i64,
) -> Result<Vec<UsageEntry>, tokio_postgres::Error> {
    let rows = client
        .query(
            "SELECT global_position, recorded_at, person_id, username, event_type, ip, user_agent, detail \
             FROM usage_log.entries \
             WHERE ($1::uuid IS NULL OR person_id = $1) AND ($2::bigint IS NULL OR global_position < $2) \
             ORDER BY global_position DESC LIMIT $3",
            &[&person, &before, &limit.clamp(1, 200)],
        )
        .await?;
    Ok(rows
        .iter()
        .map(|r| UsageEntry {
            global_position: r.get(0),
            recorded_at: r.get(1),
            person_id: r.get(2),
            username: r.get(3),
            event_type: r.get(4),
            ip: r.get(5),
            user_agent: r.get(6),
            detail: r.get(7),
        })
        .collect())
}

/// The interface language `person` last chose for their account (`vi`, `en`, `lo`), if any.
pub async fn language_of(
    client: &impl GenericClient,
    person: Uuid,
) -> Result<Option<String>, tokio_postgres::Error> {
    let row = client
        .query_opt(
            "SELECT language FROM usage_log.languages WHERE person_id = $1",
            &[&person],
        )
        .await?;
    Ok(row.map(|r| r.get(0)))
}
