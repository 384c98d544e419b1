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

use std::collections::HashMap;

use async_trait::async_trait;
use chancery_domain::catalogue::{self, AnyEvent};
use chancery_event_store::RecordedEvent;
use chancery_pg::Migration;
use chancery_projector::{Projection, ProjectionError};
use chrono::{DateTime, NaiveDate, Utc};
use tokio_postgres::{GenericClient, Row, Statement};
use uuid::Uuid;

use chancery_domain::document::RECALL;

use crate::inbox::{Decoded, decode, exec, in_order, recorded_at};
use crate::search::{DocumentColumns, SearchScope, Statement as Built, scope_condition};

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

    /// As the inbox does: the batch's events grouped by document, documents applied side by
    /// side (each one's events in order, documents being independent here), their rows
    /// created and read once for the batch and then followed in memory, so statements travel
    /// pipelined instead of waiting for each other.
    async fn apply(
        &self,
        tx: &deadpool_postgres::Transaction<'_>,
        events: &[RecordedEvent],
    ) -> Result<(), ProjectionError> {
        let upcasters = catalogue::upcasters();
        let mut documents: Vec<(Uuid, Vec<Decoded>)> = Vec::new();
        let mut index: HashMap<Uuid, usize> = HashMap::new();
        // Documents whose own events are in the batch: they get a row (empty until filled).
        let mut rows: Vec<Uuid> = Vec::new();
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
            let document = match &event {
                AnyEvent::NumberTaken(e) => e.document_id,
                AnyEvent::DocumentReceived(e) => e.document_id,
                AnyEvent::DocumentRegistered(e) => e.document_id,
                AnyEvent::MetadataUpdated(e) => e.document_id,
                AnyEvent::ActionTaken(e) => e.document_id,
                _ => continue,
            };
            if !matches!(event, AnyEvent::NumberTaken(_)) && !rows.contains(&document) {
                rows.push(document);
            }
            let decoded = Decoded {
                event,
                position: i64::try_from(recorded.global_position.0).unwrap_or(i64::MAX),
                at: recorded_at(NAME, recorded)?,
            };
            let slot = *index.entry(document).or_insert_with(|| {
                documents.push((document, Vec::new()));
                documents.len() - 1
            });
            documents[slot].1.push(decoded);
        }
        if documents.is_empty() {
            return Ok(());
        }
        let sql = Sql::prepare(tx).await?;
        // Sent together: the rows are made, then read.
        type Answer<'a> = std::pin::Pin<
            Box<
                dyn std::future::Future<Output = Result<Vec<Row>, tokio_postgres::Error>>
                    + Send
                    + 'a,
            >,
        >;
        let answers = in_order::<_, _, Answer<'_>>(vec![
            Box::pin(async { tx.execute(&sql.create, &[&rows]).await.map(|_| Vec::new()) }),
            Box::pin(async { tx.query(&sql.known, &[&rows]).await }),
        ])
        .await?;
        let mut known: HashMap<Uuid, Book> = answers
            .into_iter()
            .flatten()
            .map(|r| {
                (
                    r.get(0),
                    Book {
                        registered: r.get(1),
                        forwarded: r.get(2),
                        forwarded_position: r.get(3),
                        last_move: r.get(4),
                        applied: r.get(5),
                    },
                )
            })
            .collect();
        let sql = &sql;
        in_order(
            documents
                .into_iter()
                .map(|(id, events)| apply_document(tx, sql, known.remove(&id), events))
                .collect(),
        )
        .await?;
        Ok(())
    }
}

/// What the handlers need of a document's row, as of the last event applied to it.
struct Book {
    registered: bool,
    /// `forwarded_to` is set.
    forwarded: bool,
    forwarded_position: Option<i64>,
    last_move: Option<i64>,
    /// The row's `applied_position`: events at or before it are skipped.
    applied: i64,
}

/// The handlers' statements, prepared (once per connection: `prepare_cached`).
struct Sql {
    create: Statement,
    known: Statement,
    entry: Statement,
    received: Statement,
    registered: Statement,
    metadata: Statement,
    unforward: Statement,
    forward: Statement,
    moved: Statement,
}

/// The texts of [`Sql`], in its field order.
const TEXTS: [&str; 9] = [
    // create: an empty row for each document of the batch that has none.
    "INSERT INTO documents (document_id, applied_position) SELECT d, 0 FROM unnest($1::uuid[]) AS d \
     ON CONFLICT (document_id) DO NOTHING",
    // known
    "SELECT document_id, registered, forwarded_to IS NOT NULL, forwarded_position, last_move_position, \
         applied_position \
     FROM documents WHERE document_id = ANY($1::uuid[])",
    // entry
    "INSERT INTO entries (register_id, year, number, document_id, unit_id, clerk_id, arrived_at, \
         issuing_body, number_notation, document_date, document_type, summary, urgency, \
         confidentiality, global_position) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) \
     ON CONFLICT (register_id, year, number) DO NOTHING",
    // received
    "UPDATE documents SET notes = $2, applied_position = $3 WHERE document_id = $1",
    // registered
    "UPDATE documents SET registered = true, applied_position = $2 WHERE document_id = $1",
    // metadata
    "UPDATE documents SET corrected = true, notes = $2, issuing_body = $3, number_notation = $4, \
         document_date = $5, document_type = $6, summary = $7, urgency = $8, confidentiality = $9, \
         applied_position = $10 \
     WHERE document_id = $1",
    // unforward
    "UPDATE documents SET forwarded_to = NULL, forwarded_at = NULL, forwarded_position = NULL \
     WHERE document_id = $1",
    // forward
    "UPDATE documents SET forwarded_to = $2, forwarded_at = $3, forwarded_position = $4 \
     WHERE document_id = $1",
    // moved
    "UPDATE documents SET last_move_position = $2, applied_position = $3 WHERE document_id = $1",
];

impl Sql {
    async fn prepare(
        tx: &deadpool_postgres::Transaction<'_>,
    ) -> Result<Self, tokio_postgres::Error> {
        let prepared = in_order(TEXTS.iter().map(|t| tx.prepare_cached(t)).collect()).await?;
        let mut s = prepared.into_iter();
        let mut next = move || {
            s.next()
                .unwrap_or_else(|| unreachable!("one text per statement"))
        };
        Ok(Self {
            create: next(),
            known: next(),
            entry: next(),
            received: next(),
            registered: next(),
            metadata: next(),
            unforward: next(),
            forward: next(),
            moved: next(),
        })
    }
}

/// Applies one document's events of the batch, in order, from its row as `book` (`None`:
/// no row: only `register.number-taken` of it is in the batch).
async fn apply_document(
    tx: &deadpool_postgres::Transaction<'_>,
    sql: &Sql,
    mut book: Option<Book>,
    events: Vec<Decoded>,
) -> Result<(), tokio_postgres::Error> {
    for decoded in &events {
        apply_one(tx, sql, &mut book, decoded).await?;
    }
    Ok(())
}

async fn apply_one(
    tx: &deadpool_postgres::Transaction<'_>,
    sql: &Sql,
    book: &mut Option<Book>,
    decoded: &Decoded,
) -> Result<(), tokio_postgres::Error> {
    let position = &decoded.position;
    let at = &decoded.at;
    if let AnyEvent::NumberTaken(e) = &decoded.event {
        let b = &e.entry;
        let number = i64::try_from(e.number).unwrap_or(i64::MAX);
        let urgency = b.urgency.code();
        let confidentiality = b.confidentiality.code();
        tx.execute(
            &sql.entry,
            &[
                &e.register_id.0,
                &e.year,
                &number,
                &e.document_id,
                &e.unit_id.0,
                &e.clerk.0,
                &b.arrived_at,
                &b.issuing_body,
                &b.number_notation,
                &b.document_date,
                &b.document_type,
                &b.summary,
                &urgency,
                &confidentiality,
                position,
            ],
        )
        .await?;
        return Ok(());
    }
    // The document's row as of the last event applied to it (skipped: already applied).
    let Some(d) = book.as_mut().filter(|d| d.applied < *position) else {
        return Ok(());
    };
    match &decoded.event {
        AnyEvent::DocumentReceived(e) => {
            tx.execute(
                &sql.received,
                &[&e.document_id, &e.metadata.notes, position],
            )
            .await?;
        }
        AnyEvent::DocumentRegistered(e) => {
            tx.execute(&sql.registered, &[&e.document_id, position])
                .await?;
            d.registered = true;
        }
        AnyEvent::MetadataUpdated(e) => {
            let m = &e.metadata;
            let urgency = m.urgency.code();
            let confidentiality = m.confidentiality.code();
            tx.execute(
                &sql.metadata,
                &[
                    &e.document_id,
                    &m.notes,
                    &m.issuing_body,
                    &m.number_notation,
                    &m.document_date,
                    &m.document_type,
                    &m.summary,
                    &urgency,
                    &confidentiality,
                    position,
                ],
            )
            .await?;
        }
        AnyEvent::ActionTaken(e) => {
            let main = e.recipients.main.map(|m| m.0);
            let last_move = if e.moves() {
                Some(*position)
            } else {
                d.last_move
            };
            let mut statements = Vec::new();
            let recall = e.action == RECALL;
            if recall
                && d.forwarded
                && d.forwarded_position.is_some()
                && d.forwarded_position == d.last_move
            {
                // The forward the book shows was taken back: the next one counts.
                statements.push(exec(tx, &sql.unforward, vec![&e.document_id]));
                d.forwarded = false;
                d.forwarded_position = None;
            }
            if !recall
                && d.registered
                && !d.forwarded
                && let Some(main) = &main
            {
                statements.push(exec(
                    tx,
                    &sql.forward,
                    vec![&e.document_id, main, at, position],
                ));
                d.forwarded = true;
                d.forwarded_position = Some(*position);
            }
            statements.push(exec(
                tx,
                &sql.moved,
                vec![&e.document_id, &last_move, position],
            ));
            in_order(statements).await?;
            d.last_move = last_move;
        }
        _ => return Ok(()),
    }
    d.applied = *position;
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

/// The book of `register_id` in `year`, by arrival number, after `after_number`: only the
/// rows whose document `scope` admits (the reader's [`ReadScope`](chancery_domain::access::ReadScope):
/// a confidential row is never returned to a reader not cleared for it, nor to a leader it
/// was not routed to).
///
/// With `text`, only the rows whose summary, number and notation, issuing body or notes
/// contain every word of it (accents and case ignored).
pub async fn book(
    client: &impl GenericClient,
    register_id: Uuid,
    year: i32,
    after_number: Option<i64>,
    limit: i64,
    text: Option<&str>,
    scope: &SearchScope,
) -> Result<Vec<BookRow>, tokio_postgres::Error> {
    let mut s = Built::new();
    // $1 and $2 are the register and year of BOOK.
    s.param(register_id);
    s.param(year);
    let after = s.param(after_number.unwrap_or(0));
    let limit = s.param(limit.clamp(1, MAX_PAGE));
    let words = s.param(crate::word_patterns(text));
    let Some(visible) = scope_condition(
        &mut s,
        scope,
        &DocumentColumns {
            unit: "b.unit_id",
            confidentiality: "b.confidentiality",
            document: "b.document_id",
        },
    ) else {
        return Ok(Vec::new());
    };
    let sql = format!(
        "SELECT * FROM ({BOOK} AND e.number > {after}) b \
         WHERE {visible} AND ({words}::text[] IS NULL OR (SELECT bool_and(lower(public.unaccent(concat_ws(' ', \
             b.summary, b.number_notation, b.issuing_body, b.notes, b.number::text))) \
             LIKE lower(public.unaccent(w))) FROM unnest({words}::text[]) AS w)) \
         ORDER BY b.number LIMIT {limit}"
    );
    let rows = client.query(&sql, &s.params()).await?;
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
