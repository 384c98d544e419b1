//! Queries for one document's page, over the `inbox` and `register_book` tables: each
//! handler's work item (who has and has not processed it), the units a fan-out sent it to
//! and where each stands, and earlier registrations that look like the same document.
//! No projection of its own.

use chrono::{DateTime, NaiveDate, Utc};
use tokio_postgres::GenericClient;
use uuid::Uuid;

/// One work item of a document: a named handler's or a pool's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkItem {
    pub position_id: Option<Uuid>,
    pub pool_unit_id: Option<Uuid>,
    pub pool_role: Option<String>,
    /// `main`, `co`, `info` or `pool`.
    pub kind: String,
    /// `pending`, `processed` or `info`.
    pub state: String,
    pub deadline: Option<NaiveDate>,
    pub sent_by: Option<Uuid>,
    pub sent_at: Option<DateTime<Utc>>,
    pub read: bool,
}

/// Every work item of `document`, main handlers first.
pub async fn items(
    client: &impl GenericClient,
    document: Uuid,
) -> Result<Vec<WorkItem>, tokio_postgres::Error> {
    let rows = client
        .query(
            "SELECT position_id, pool_unit_id, pool_role, kind, state, deadline, sent_by, sent_at, read \
             FROM inbox.items WHERE document_id = $1 \
             ORDER BY CASE kind WHEN 'main' THEN 0 WHEN 'co' THEN 1 WHEN 'pool' THEN 2 ELSE 3 END, \
                      sent_at, target",
            &[&document],
        )
        .await?;
    Ok(rows
        .iter()
        .map(|r| WorkItem {
            position_id: r.get(0),
            pool_unit_id: r.get(1),
            pool_role: r.get(2),
            kind: r.get(3),
            state: r.get(4),
            deadline: r.get(5),
            sent_by: r.get(6),
            sent_at: r.get(7),
            read: r.get(8),
        })
        .collect())
}

/// Where a document routed to a unit (a fan-out child) stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Child {
    pub document_id: Uuid,
    pub unit_id: Uuid,
    pub step: String,
    pub finished: bool,
    pub arrival_number: Option<i64>,
    pub updated_at: DateTime<Utc>,
}

/// The documents routed from `parent`, by unit.
pub async fn children(
    client: &impl GenericClient,
    parent: Uuid,
) -> Result<Vec<Child>, tokio_postgres::Error> {
    let rows = client
        .query(
            "SELECT document_id, unit_id, step, finished, arrival_number, updated_at \
             FROM inbox.documents WHERE parent_id = $1 ORDER BY unit_id",
            &[&parent],
        )
        .await?;
    Ok(rows
        .iter()
        .map(|r| Child {
            document_id: r.get(0),
            unit_id: r.get(1),
            step: r.get(2),
            finished: r.get(3),
            arrival_number: r.get(4),
            updated_at: r.get(5),
        })
        .collect())
}

/// An earlier document with the same number and notation from the same issuing body: one
/// registered in the office's registers, or one received there and not yet registered nor
/// ended (the same paper received twice).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registered {
    pub document_id: Uuid,
    /// The register, year and number, when registered.
    pub register_id: Option<Uuid>,
    pub year: Option<i32>,
    pub number: Option<i64>,
    /// When it was registered (its book's arrival time), or received.
    pub arrived_at: DateTime<Utc>,
    pub summary: String,
}

/// Documents already registered in `unit`'s registers, or received there and waiting to be
/// registered, with this number and notation from this issuing body (compared without
/// accents, case or surrounding spaces; `issuing_bodies` are the ways of writing it, as
/// `domain::abbreviations::alternatives` gives them), `except` one: a probable duplicate the
/// clerk is warned about before receiving and registering.
pub async fn registered_like(
    client: &impl GenericClient,
    unit: Uuid,
    issuing_bodies: &[String],
    number_notation: &str,
    except: Option<Uuid>,
    scope: &crate::search::SearchScope,
) -> Result<Vec<Registered>, tokio_postgres::Error> {
    let mut s = crate::search::Statement::new();
    s.param(unit);
    s.param(issuing_bodies.to_vec());
    s.param(number_notation.to_owned());
    s.param(except);
    let columns = crate::search::DocumentColumns {
        unit: "unit_id",
        confidentiality: "confidentiality",
        document: "document_id",
    };
    let Some(visible) = crate::search::scope_condition(&mut s, scope, &columns) else {
        return Ok(Vec::new());
    };
    let sql = format!(
        "SELECT document_id, register_id, year, number, arrived_at, summary FROM ( \
           SELECT document_id, register_id, year, number, arrived_at, summary, unit_id, confidentiality \
           FROM register_book.entries \
           WHERE unit_id = $1 \
             AND inbox.fold(btrim(number_notation)) = inbox.fold(btrim($3)) \
             AND inbox.fold(btrim(issuing_body)) = ANY(ARRAY(SELECT inbox.fold(btrim(b)) FROM unnest($2::text[]) AS b)) \
           UNION ALL \
           SELECT document_id, NULL::uuid, NULL::integer, NULL::bigint, received_at, summary, unit_id, confidentiality \
           FROM inbox.documents \
           WHERE unit_id = $1 AND register_id IS NULL AND NOT finished \
             AND inbox.fold(btrim(number_notation)) = inbox.fold(btrim($3)) \
             AND inbox.fold(btrim(issuing_body)) = ANY(ARRAY(SELECT inbox.fold(btrim(b)) FROM unnest($2::text[]) AS b)) \
         ) AS alike \
         WHERE ($4::uuid IS NULL OR document_id <> $4) AND {visible} \
         ORDER BY arrived_at DESC LIMIT 20"
    );
    let rows = client.query(&sql, &s.params()).await?;
    Ok(rows
        .iter()
        .map(|r| Registered {
            document_id: r.get(0),
            register_id: r.get(1),
            year: r.get(2),
            number: r.get(3),
            arrived_at: r.get(4),
            summary: r.get(5),
        })
        .collect())
}

/// An electronic document waiting in an office's queue to be registered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Awaiting {
    pub document_id: Uuid,
    pub sender_agency: Option<Uuid>,
    pub issuing_body: String,
    pub number_notation: String,
    pub summary: String,
    pub document_type: String,
    pub urgency: String,
    pub confidentiality: String,
    pub document_date: NaiveDate,
    pub received_at: DateTime<Utc>,
}

/// The office's electronic documents neither registered nor refused, newest first, after
/// `(received_at, document_id)`.
/// Only the documents of the `cleared` confidentiality codes (the clerk's clearance: an
/// electronic document above it waits for a cleared clerk of the office).
pub async fn awaiting_registration(
    client: &impl GenericClient,
    office: Uuid,
    after: Option<(DateTime<Utc>, Uuid)>,
    limit: i64,
    cleared: &[String],
) -> Result<Vec<Awaiting>, tokio_postgres::Error> {
    let rows = client
        .query(
            "SELECT document_id, sender_agency, issuing_body, number_notation, summary, document_type, \
                    urgency, confidentiality, document_date, received_at \
             FROM inbox.documents \
             WHERE unit_id = $1 AND channel = 'electronic' AND register_id IS NULL AND NOT finished \
               AND confidentiality = ANY($5) \
               AND ($2::timestamptz IS NULL OR (received_at, document_id) < ($2, $3::uuid)) \
             ORDER BY received_at DESC, document_id DESC LIMIT $4",
            &[
                &office,
                &after.map(|a| a.0),
                &after.map(|a| a.1),
                &limit.clamp(1, 200),
                &cleared,
            ],
        )
        .await?;
    Ok(rows
        .iter()
        .map(|r| Awaiting {
            document_id: r.get(0),
            sender_agency: r.get(1),
            issuing_body: r.get(2),
            number_notation: r.get(3),
            summary: r.get(4),
            document_type: r.get(5),
            urgency: r.get(6),
            confidentiality: r.get(7),
            document_date: r.get(8),
            received_at: r.get(9),
        })
        .collect())
}
