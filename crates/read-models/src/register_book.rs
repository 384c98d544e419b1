//! `register_book`: the incoming register book (sổ đăng ký văn bản đến, Decree 30 Appendix IV
//! §VI) of each register and year, as it is printed and bound: (1) arrival date, (2) arrival
//! number, (3) issuing body, (4) number and notation, (5) document date, (6) type and
//! summary, (7) receiving unit or person, (8) date forwarded, (9) signature (on paper), (10)
//! notes — plus urgency and confidentiality.
//!
//! `register.number-taken` writes a row with everything known at registration, so the book is
//! complete even before the document's own events are applied. The document's events add
//! the rest, whichever comes first (they are kept per document and joined when read):
//! columns (7) and (8) from the first `document.action-taken` after `document.registered`
//! that names a main handler (the position, and the time it was recorded; a recall of that
//! very forward clears them so the next forward fills them), the notes (from
//! `document.received` and `document.metadata-updated`), and the metadata as the clerk
//! corrected it after registration (`document.metadata-updated`), which the book then shows
//! instead of the values recorded with the number.

use async_trait::async_trait;
use chancery_domain::catalogue::{self, AnyEvent};
use chancery_event_store::RecordedEvent;
use chancery_pg::Migration;
use chancery_projector::{Projection, ProjectionError};
use chrono::{DateTime, NaiveDate, Utc};
use tokio_postgres::GenericClient;
use uuid::Uuid;

use chancery_domain::document::RECALL;

use crate::inbox::{decode, recorded_at};

pub const NAME: &str = "register_book";

const SCHEMA: &[Migration] = &[Migration {
    name: "register_book/0001_tables",
    sql: include_str!("../../../projections/register_book/0001_tables.sql"),
}];

/// The projection.
#[derive(Debug, Clone, Copy)]
pub struct RegisterBook;

#[async_trait]
impl Projection for RegisterBook {
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
        let upcasters = catalogue::upcasters();
        for recorded in events {
            let wanted = matches!(
                recorded.event_type.as_str(),
                "register.number-taken"
                    | "document.received"
                    | "document.registered"
                    | "document.metadata-updated"
                    | "document.action-taken"
            );
            if !wanted {
                continue;
            }
            let event = decode(NAME, &upcasters, recorded)?;
            let at = recorded_at(NAME, recorded)?;
            let position = i64::try_from(recorded.global_position.0).unwrap_or(i64::MAX);
            apply_one(tx, event, position, at).await?;
        }
        Ok(())
    }
}

/// The document's row (created empty if needed), unless the event at `position` was already
/// applied to it: (registered, forwarded_position, last_move_position).
async fn document(
    tx: &deadpool_postgres::Transaction<'_>,
    id: Uuid,
    position: i64,
) -> Result<Option<(bool, bool, Option<i64>, Option<i64>)>, tokio_postgres::Error> {
    tx.execute(
        "INSERT INTO documents (document_id, applied_position) VALUES ($1, 0) ON CONFLICT (document_id) DO NOTHING",
        &[&id],
    )
    .await?;
    let row = tx
        .query_opt(
            "SELECT registered, forwarded_to IS NOT NULL, forwarded_position, last_move_position \
             FROM documents WHERE document_id = $1 AND applied_position < $2",
            &[&id, &position],
        )
        .await?;
    Ok(row.map(|r| (r.get(0), r.get(1), r.get(2), r.get(3))))
}

async fn apply_one(
    tx: &deadpool_postgres::Transaction<'_>,
    event: AnyEvent,
    position: i64,
    at: DateTime<Utc>,
) -> Result<(), tokio_postgres::Error> {
    match event {
        AnyEvent::NumberTaken(e) => {
            let b = &e.entry;
            tx.execute(
                "INSERT INTO entries (register_id, year, number, document_id, unit_id, clerk_id, arrived_at, \
                     issuing_body, number_notation, document_date, document_type, summary, urgency, \
                     confidentiality, global_position) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) \
                 ON CONFLICT (register_id, year, number) DO NOTHING",
                &[
                    &e.register_id.0,
                    &e.year,
                    &i64::try_from(e.number).unwrap_or(i64::MAX),
                    &e.document_id,
                    &e.unit_id.0,
                    &e.clerk.0,
                    &b.arrived_at,
                    &b.issuing_body,
                    &b.number_notation,
                    &b.document_date,
                    &b.document_type,
                    &b.summary,
                    &b.urgency.code(),
                    &b.confidentiality.code(),
                    &position,
                ],
            )
            .await?;
        }
        AnyEvent::DocumentReceived(e) => {
            if document(tx, e.document_id, position).await?.is_none() {
                return Ok(());
            }
            tx.execute(
                "UPDATE documents SET notes = $2, applied_position = $3 WHERE document_id = $1",
                &[&e.document_id, &e.metadata.notes, &position],
            )
            .await?;
        }
        AnyEvent::DocumentRegistered(e) => {
            if document(tx, e.document_id, position).await?.is_none() {
                return Ok(());
            }
            tx.execute(
                "UPDATE documents SET registered = true, applied_position = $2 WHERE document_id = $1",
                &[&e.document_id, &position],
            )
            .await?;
        }
        AnyEvent::MetadataUpdated(e) => {
            if document(tx, e.document_id, position).await?.is_none() {
                return Ok(());
            }
            let m = &e.metadata;
            tx.execute(
                "UPDATE documents SET corrected = true, notes = $2, issuing_body = $3, number_notation = $4, \
                     document_date = $5, document_type = $6, summary = $7, urgency = $8, confidentiality = $9, \
                     applied_position = $10 \
                 WHERE document_id = $1",
                &[
                    &e.document_id,
                    &m.notes,
                    &m.issuing_body,
                    &m.number_notation,
                    &m.document_date,
                    &m.document_type,
                    &m.summary,
                    &m.urgency.code(),
                    &m.confidentiality.code(),
                    &position,
                ],
            )
            .await?;
        }
        AnyEvent::ActionTaken(e) => {
            let Some((registered, mut forwarded, forwarded_position, last_move)) =
                document(tx, e.document_id, position).await?
            else {
                return Ok(());
            };
            let recall = e.action == RECALL;
            if recall
                && forwarded
                && forwarded_position.is_some()
                && forwarded_position == last_move
            {
                // The forward the book shows was taken back: the next one counts.
                tx.execute(
                    "UPDATE documents SET forwarded_to = NULL, forwarded_at = NULL, forwarded_position = NULL \
                     WHERE document_id = $1",
                    &[&e.document_id],
                )
                .await?;
                forwarded = false;
            }
            if !recall
                && registered
                && !forwarded
                && let Some(main) = e.recipients.main
            {
                tx.execute(
                    "UPDATE documents SET forwarded_to = $2, forwarded_at = $3, forwarded_position = $4 \
                     WHERE document_id = $1",
                    &[&e.document_id, &main.0, &at, &position],
                )
                .await?;
            }
            let last_move = if e.moves() { Some(position) } else { last_move };
            tx.execute(
                "UPDATE documents SET last_move_position = $2, applied_position = $3 WHERE document_id = $1",
                &[&e.document_id, &last_move, &position],
            )
            .await?;
        }
        _ => {}
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Queries
// ---------------------------------------------------------------------------------------

/// Largest page a book query returns.
pub const MAX_PAGE: i64 = 500;

/// One line of the incoming register book.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookRow {
    pub register_id: Uuid,
    pub year: i32,
    /// (2) Số đến.
    pub number: i64,
    pub document_id: Uuid,
    pub unit_id: Uuid,
    /// (1) Ngày đến.
    pub arrived_at: DateTime<Utc>,
    /// (3) Tác giả.
    pub issuing_body: String,
    /// (4) Số, ký hiệu.
    pub number_notation: String,
    /// (5) Ngày tháng văn bản.
    pub document_date: NaiveDate,
    /// (6) Tên loại và trích yếu.
    pub document_type: String,
    pub summary: String,
    pub urgency: String,
    pub confidentiality: String,
    /// (7) Đơn vị hoặc người nhận: the position first forwarded to.
    pub forwarded_to: Option<Uuid>,
    /// (8) Ngày chuyển (the book prints its date in the agency's time zone).
    pub forwarded_at: Option<DateTime<Utc>>,
    /// (10) Ghi chú.
    pub notes: Option<String>,
}

const BOOK: &str = "SELECT e.register_id, e.year, e.number, e.document_id, e.unit_id, e.arrived_at, \
        CASE WHEN d.corrected THEN d.issuing_body ELSE e.issuing_body END AS issuing_body, \
        CASE WHEN d.corrected THEN d.number_notation ELSE e.number_notation END AS number_notation, \
        CASE WHEN d.corrected THEN d.document_date ELSE e.document_date END AS document_date, \
        CASE WHEN d.corrected THEN d.document_type ELSE e.document_type END AS document_type, \
        CASE WHEN d.corrected THEN d.summary ELSE e.summary END AS summary, \
        CASE WHEN d.corrected THEN d.urgency ELSE e.urgency END AS urgency, \
        CASE WHEN d.corrected THEN d.confidentiality ELSE e.confidentiality END AS confidentiality, \
        d.forwarded_to, d.forwarded_at, d.notes \
     FROM register_book.entries e LEFT JOIN register_book.documents d ON d.document_id = e.document_id \
     WHERE e.register_id = $1 AND e.year = $2";

/// The book of `register_id` in `year`, by arrival number, after `after_number`.
pub async fn book(
    client: &impl GenericClient,
    register_id: Uuid,
    year: i32,
    after_number: Option<i64>,
    limit: i64,
) -> Result<Vec<BookRow>, tokio_postgres::Error> {
    let rows = client
        .query(
            &format!("{BOOK} AND e.number > $3 ORDER BY e.number LIMIT $4"),
            &[
                &register_id,
                &year,
                &after_number.unwrap_or(0),
                &limit.clamp(1, MAX_PAGE),
            ],
        )
        .await?;
    Ok(rows
        .iter()
        .map(|r| BookRow {
            register_id: r.get(0),
            year: r.get(1),
            number: r.get(2),
            document_id: r.get(3),
            unit_id: r.get(4),
            arrived_at: r.get(5),
            issuing_body: r.get(6),
            number_notation: r.get(7),
            document_date: r.get(8),
            document_type: r.get(9),
            summary: r.get(10),
            urgency: r.get(11),
            confidentiality: r.get(12),
            forwarded_to: r.get(13),
            forwarded_at: r.get(14),
            notes: r.get(15),
        })
        .collect())
}

/// A digest of one register's book for a year (for comparing a read model with a rebuild).
pub async fn digest(
    client: &impl GenericClient,
    register_id: Uuid,
    year: i32,
) -> Result<(i64, String), tokio_postgres::Error> {
    let row = client
        .query_one(
            &format!(
                "SELECT count(*), coalesce(md5(string_agg(b::text, '|' ORDER BY b.number)), '') FROM ({BOOK}) b"
            ),
            &[&register_id, &year],
        )
        .await?;
    Ok((row.get(0), row.get(1)))
}
