//! `inbox`: each person's work on documents, per position they hold — pending (chờ xử lý),
//! processed (đã xử lý) and for information (xem để biết) — with urgency-first ordering,
//! accent-insensitive search and unread counts.
//!
//! One `documents` row per document (its Decree 30 metadata, arrival number, current step,
//! the roles acting there, its deadline, who sent it there and to whom, finished or not) and
//! `items`: one per document and *target*, a target being a position (kind `main`, `co` or
//! `info`) or a *pool* — every holder of a role in the document's unit (kind `pool`), used
//! while the current step has no named handler. What the events do:
//!
//! - `document.received`, `document.reopened`: a pending pool item per role of the step.
//! - `document.action-taken` that *moves* the document ([`moves`]: to another step, or
//!   naming recipients — `forward` at `handle` stays at `handle` but sends it on):
//!   the actor's item becomes `processed` (created, kind `main`, when they acted through a
//!   pool); every pending pool item goes (the step is done); the pending item of the
//!   previous step's main handler becomes `processed` (a co-handler moved it on). Then:
//!   at an end step (the event's `ends`) the document is finished and every pending item becomes
//!   `processed` (recipients of an end action, e.g. `issue`, get no item: issuance reaches
//!   them as new documents); otherwise named recipients get `main`/`co` pending items and
//!   `info` items (state `info`), all with the action's deadline and `sent_by` the actor;
//!   when no main handler or co-handler is named, the step's roles get pool items.
//!   Co-handlers' items stay pending when the main handler moves the document on: their
//!   co-ordination is not over until they act themselves or the document ends.
//! - `recall` undoes the recalled move exactly: every item that move set is put back as it
//!   was before it (deleted when it did not exist — the recipients never acted, or the domain
//!   would have refused the recall), then the sender gets a pending `main` item (its own
//!   earlier item restored when it had one: deadline and sender kept).
//! - An in-place action (same step, nobody named, e.g. `file`) and `document.metadata-updated`
//!   leave items pending and mark the actor's items `acted`.
//! - `document.withdrawn` (the sender recalled an electronic copy before anyone here acted
//!   on it): every item of the document goes, and it stands finished at the `withdrawn`
//!   pseudo-step — out of the inbox, the counts and the awaiting-registration queue.
//!   `document.reinstated` (that recall was refused in the end) puts it back at its step
//!   with pool items for the step's roles, as on arrival.
//! - `document.read`: the reader's items become read; a pool item counts as read for a caller
//!   who opened (or acted on) the document since the item was set. An item a move sets for
//!   a named recipient starts unread.
//!
//! Handlers are idempotent: each document records the last event applied to it and skips
//! anything at or before it.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::LazyLock;
use std::task::Poll;

use async_trait::async_trait;
use chancery_domain::catalogue::{self, AnyEvent};
use chancery_domain::document::{ActionTaken, Metadata};
use chancery_domain::events::{StoredShape, Upcasters};
use chancery_domain::reference::{Confidentiality, Urgency};
use chancery_event_store::RecordedEvent;
use chancery_pg::Migration;
use chancery_projector::{Projection, ProjectionError};
use chrono::{DateTime, NaiveDate, Utc};
use tokio_postgres::types::ToSql;
use tokio_postgres::{GenericClient, Row, Statement};
use uuid::Uuid;

pub const NAME: &str = "inbox";

const SCHEMA: &[Migration] = &[
    Migration {
        name: "inbox/0001_tables",
        sql: include_str!("../../../projections/inbox/0001_tables.sql"),
    },
    Migration {
        name: "inbox/0002_overdue_search",
        sql: include_str!("../../../projections/inbox/0002_overdue_search.sql"),
    },
    Migration {
        name: "inbox/0003_channel",
        sql: include_str!("../../../projections/inbox/0003_channel.sql"),
    },
    Migration {
        name: "inbox/0004_fillfactor",
        sql: include_str!("../../../projections/inbox/0004_fillfactor.sql"),
    },
    Migration {
        name: "inbox/0005_gin_pending",
        sql: include_str!("../../../projections/inbox/0005_gin_pending.sql"),
    },
    Migration {
        name: "inbox/0006_process",
        sql: include_str!("../../../projections/inbox/0006_process.sql"),
    },
    Migration {
        name: "inbox/0007_box_order",
        sql: include_str!("../../../projections/inbox/0007_box_order.sql"),
    },
];

/// The stored code of a channel.
fn channel_code(channel: chancery_domain::document::Channel) -> &'static str {
    use chancery_domain::document::Channel;
    match channel {
        Channel::Paper => "paper",
        Channel::Electronic => "electronic",
        Channel::Routed => "routed",
    }
}

/// The sort rank of an urgency: flash first, normal last.
pub fn urgency_rank(urgency: Urgency) -> i16 {
    match urgency {
        Urgency::Flash => 0,
        Urgency::VeryUrgent => 1,
        Urgency::Urgent => 2,
        Urgency::Normal => 3,
    }
}

/// The projection.
#[derive(Debug, Clone, Copy)]
pub struct Inbox;

/// Decodes a `document.*` (or other catalogued) event, mapping failures to a handler error.
pub(crate) fn decode(
    projection: &str,
    upcasters: &Upcasters,
    recorded: &RecordedEvent,
) -> Result<AnyEvent, ProjectionError> {
    let shape = StoredShape {
        event_type: recorded.event_type.clone(),
        schema_version: recorded.schema_version,
        payload: recorded.payload.clone(),
    };
    catalogue::decode(upcasters, shape).map_err(|e| ProjectionError::Handler {
        projection: projection.to_owned(),
        position: recorded.global_position.0,
        reason: e.to_string(),
    })
}

/// The time an event was recorded (from its metadata).
pub(crate) fn recorded_at(
    projection: &str,
    recorded: &RecordedEvent,
) -> Result<DateTime<Utc>, ProjectionError> {
    recorded
        .metadata()
        .map(|m| m.recorded_at)
        .map_err(|e| ProjectionError::Handler {
            projection: projection.to_owned(),
            position: recorded.global_position.0,
            reason: format!("metadata: {e}"),
        })
}

#[async_trait]
impl Projection for Inbox {
    fn name(&self) -> &'static str {
        NAME
    }

    fn schema(&self) -> &'static [Migration] {
        SCHEMA
    }

    fn version(&self) -> u32 {
        2
    }

    /// The batch's events are grouped by document, and the documents are applied side by
    /// side (each document's events in order): documents are independent here, and their
    /// statements travel pipelined on the transaction's connection. What each handler needs
    /// of a document's row is read once for the whole batch and then kept up to date in
    /// memory, so no statement waits for another's answer (but a recall's).
    async fn apply(
        &self,
        tx: &deadpool_postgres::Transaction<'_>,
        events: &[RecordedEvent],
    ) -> Result<(), ProjectionError> {
        let upcasters = catalogue::upcasters();
        let mut documents: Vec<(Uuid, Vec<Decoded>)> = Vec::new();
        let mut index: HashMap<Uuid, usize> = HashMap::new();
        for recorded in events {
            if !recorded.event_type.starts_with("document.") {
                continue;
            }
            let event = decode(NAME, &upcasters, recorded)?;
            let Some(document) = document_of(&event) else {
                continue;
            };
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
        let ids: Vec<Uuid> = documents.iter().map(|(id, _)| *id).collect();
        let mut known: HashMap<Uuid, Doc> = tx
            .query(&sql.known, &[&ids])
            .await?
            .iter()
            .map(|r| {
                (
                    r.get(0),
                    Doc {
                        unit_id: r.get(1),
                        step_main: r.get(2),
                        step_deadline: r.get(3),
                        step_entered_at: r.get(4),
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

/// The document an event of the inbox is about.
fn document_of(event: &AnyEvent) -> Option<Uuid> {
    Some(match event {
        AnyEvent::DocumentReceived(e) => e.document_id,
        AnyEvent::DocumentRegistered(e) => e.document_id,
        AnyEvent::MetadataUpdated(e) => e.document_id,
        AnyEvent::ActionTaken(e) => e.document_id,
        AnyEvent::DocumentRead(e) => e.document_id,
        AnyEvent::PartCompleted(e) => e.document_id,
        AnyEvent::DocumentReopened(e) => e.document_id,
        AnyEvent::DocumentWithdrawn(e) => e.document_id,
        AnyEvent::DocumentReinstated(e) => e.document_id,
        AnyEvent::DocumentCancelled(e) => e.document_id,
        _ => return None,
    })
}

/// A decoded event with its position and the time it was recorded.
pub(crate) struct Decoded {
    pub(crate) event: AnyEvent,
    pub(crate) position: i64,
    pub(crate) at: DateTime<Utc>,
}

/// A statement in flight: sent when first polled.
pub(crate) type Pending<'a> =
    Pin<Box<dyn Future<Output = Result<Option<Row>, tokio_postgres::Error>> + Send + 'a>>;

/// `statement` with `params`, executed (answers `None`).
pub(crate) fn exec<'a>(
    tx: &'a deadpool_postgres::Transaction<'_>,
    statement: &'a Statement,
    params: Vec<&'a (dyn ToSql + Sync)>,
) -> Pending<'a> {
    Box::pin(async move { tx.execute(statement, &params).await.map(|_| None) })
}

/// `statement` with `params`, answering exactly one row.
pub(crate) fn one<'a>(
    tx: &'a deadpool_postgres::Transaction<'_>,
    statement: &'a Statement,
    params: Vec<&'a (dyn ToSql + Sync)>,
) -> Pending<'a> {
    Box::pin(async move { tx.query_one(statement, &params).await.map(Some) })
}

/// Runs `futures` side by side, polling them in order (a statement is sent when its future
/// is first polled, so statements of one connection are sent — and run — in this order, and
/// answered together), and returns their outputs in order, or the first error.
pub(crate) async fn in_order<T, E, F>(futures: Vec<F>) -> Result<Vec<T>, E>
where
    F: Future<Output = Result<T, E>>,
{
    let mut futures: Vec<Pin<Box<F>>> = futures.into_iter().map(Box::pin).collect();
    let mut outputs: Vec<Option<T>> = futures.iter().map(|_| None).collect();
    let mut remaining = futures.len();
    std::future::poll_fn(|cx| {
        for (future, output) in futures.iter_mut().zip(outputs.iter_mut()) {
            if output.is_some() {
                continue;
            }
            if let Poll::Ready(result) = future.as_mut().poll(cx) {
                match result {
                    Ok(value) => {
                        *output = Some(value);
                        remaining -= 1;
                    }
                    Err(error) => return Poll::Ready(Err(error)),
                }
            }
        }
        if remaining == 0 {
            Poll::Ready(Ok(()))
        } else {
            Poll::Pending
        }
    })
    .await?;
    Ok(outputs.into_iter().flatten().collect())
}

/// What the handlers need of a document's row, as of the last event applied to it.
struct Doc {
    unit_id: Uuid,
    step_main: Option<Uuid>,
    step_deadline: Option<NaiveDate>,
    step_entered_at: i64,
    /// The row's `applied_position`: events at or before it are skipped.
    applied: i64,
}

/// `SET` clauses recording that the event at `$n` changes an item: the item as it was before
/// the event is kept in `prev` (once per event) for a recall to put back.
/// A new item's urgency: its document's (statement parameter `$1` is the document).
const URGENCY: &str = "coalesce((SELECT urgency_rank FROM documents WHERE document_id = $1), 3)";

fn touched(n: &str) -> String {
    format!(
        "prev = CASE WHEN i.moved_position = {n} THEN i.prev ELSE to_jsonb(i) - 'prev' END, \
         moved_position = {n}, updated_position = {n}"
    )
}

fn search_text(metadata: &Metadata) -> String {
    [
        Some(metadata.summary.as_str()),
        Some(metadata.number_notation.as_str()),
        Some(metadata.issuing_body.as_str()),
        metadata.notes.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ")
}

/// The handlers' statements, prepared (once per connection: `prepare_cached`).
struct Sql {
    known: Statement,
    received: Statement,
    pools: Statement,
    registered: Statement,
    metadata: Statement,
    items_acted: Statement,
    seen: Statement,
    acted_here: Statement,
    read_document: Statement,
    read_items: Statement,
    part_document: Statement,
    part_items: Statement,
    delete_pools: Statement,
    reopened: Statement,
    recall_delete: Statement,
    recall_restore: Statement,
    recall_sender: Statement,
    recall_document: Statement,
    actor_done: Statement,
    main_done: Statement,
    end_all: Statement,
    named: Statement,
    moved: Statement,
    delete_items: Statement,
    withdrawn: Statement,
}

/// The texts of [`Sql`], in its field order.
static TEXTS: LazyLock<Vec<String>> = LazyLock::new(|| {
    vec![
        // known: what the handlers need of the batch's documents.
        "SELECT document_id, unit_id, step_main, step_deadline, step_entered_at, applied_position \
         FROM documents WHERE document_id = ANY($1::uuid[])"
            .to_owned(),
        // received
        "INSERT INTO documents (document_id, unit_id, parent_id, issuing_body, number_notation, summary, \
             document_type, urgency, urgency_rank, confidentiality, document_date, notes, received_at, \
             step, step_roles, step_entered_at, updated_at, search, applied_position, channel, sender_agency, \
             process, process_version) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $13, fold($17), $16, $18, $19, \
             $20, $21) \
         ON CONFLICT (document_id) DO NOTHING"
            .to_owned(),
        // pools: pending pool items for the roles of a step in the document's unit.
        format!(
            "INSERT INTO items AS i (document_id, pool_unit_id, pool_role, kind, state, deadline, sent_by, \
                 sent_at, moved_position, updated_position, urgency_rank) \
             SELECT $1, $2, role, 'pool', 'pending', $3, $4, $5, $6, $6, {URGENCY} \
             FROM (SELECT DISTINCT role FROM unnest($7::text[]) AS r(role)) roles \
             ON CONFLICT (document_id, target) DO UPDATE SET state = 'pending', deadline = EXCLUDED.deadline, \
                 sent_by = EXCLUDED.sent_by, sent_at = EXCLUDED.sent_at, read = false, acted = false, {}",
            touched("$6")
        ),
        // registered
        "UPDATE documents SET register_id = $2, register_year = $3, arrival_number = $4, \
             updated_at = $5, applied_position = $6 \
         WHERE document_id = $1 AND applied_position < $6"
            .to_owned(),
        // metadata
        // (and the urgency its items are listed by)
        "WITH d AS (UPDATE documents SET issuing_body = $2, number_notation = $3, summary = $4, document_type = $5, \
             urgency = $6, urgency_rank = $7, confidentiality = $8, document_date = $9, notes = $10, \
             search = fold($11), acted_here = true, updated_at = $12, applied_position = $13 \
         WHERE document_id = $1 AND applied_position < $13 RETURNING document_id) \
         UPDATE items SET urgency_rank = $7 WHERE document_id IN (SELECT document_id FROM d) AND urgency_rank <> $7"
            .to_owned(),
        // items_acted
        "UPDATE items SET acted = true, updated_position = $3 WHERE document_id = $1 AND position_id = $2"
            .to_owned(),
        // seen: the position has seen the document as of the event (opening it, acting on it).
        "INSERT INTO reads (document_id, position_id, last_position) VALUES ($1, $2, $3) \
         ON CONFLICT (document_id, position_id) DO UPDATE \
         SET last_position = greatest(reads.last_position, EXCLUDED.last_position)"
            .to_owned(),
        // acted_here
        "UPDATE documents SET acted_here = true, updated_at = $2, applied_position = $3 WHERE document_id = $1"
            .to_owned(),
        // read_document
        "UPDATE documents SET applied_position = $2 WHERE document_id = $1 AND applied_position < $2"
            .to_owned(),
        // read_items
        "UPDATE items SET read = true, updated_position = $3 \
         WHERE document_id = $1 AND position_id = $2 AND NOT read"
            .to_owned(),
        // part_document
        "UPDATE documents SET acted_here = true, updated_at = $3, applied_position = $2 \
         WHERE document_id = $1 AND applied_position < $2"
            .to_owned(),
        // part_items
        format!(
            "UPDATE items AS i SET state = 'processed', acted = true, read = true, {} \
             WHERE i.document_id = $1 AND i.position_id = $2 AND i.kind = 'co' AND i.state = 'pending'",
            touched("$3")
        ),
        // delete_pools
        "DELETE FROM items WHERE document_id = $1 AND kind = 'pool' AND state = 'pending'".to_owned(),
        // reopened
        "UPDATE documents SET step = $2, step_roles = $3, step_deadline = NULL, step_sender = NULL, \
             step_main = NULL, step_co = '{}', step_info = '{}', step_entered_at = $4, acted_here = false, \
             finished = false, updated_at = $5, applied_position = $4 \
         WHERE document_id = $1"
            .to_owned(),
        // recall_delete
        "DELETE FROM items WHERE document_id = $1 AND moved_position = $2 AND prev IS NULL".to_owned(),
        // recall_restore
        "UPDATE items SET kind = prev->>'kind', state = prev->>'state', deadline = (prev->>'deadline')::date, \
             sent_by = (prev->>'sent_by')::uuid, sent_at = (prev->>'sent_at')::timestamptz, \
             read = (prev->>'read')::boolean, acted = (prev->>'acted')::boolean, \
             moved_position = (prev->>'moved_position')::bigint, prev = NULL, updated_position = $3 \
         WHERE document_id = $1 AND moved_position = $2 AND prev IS NOT NULL"
            .to_owned(),
        // recall_sender
        format!(
            "INSERT INTO items AS i (document_id, position_id, kind, state, sent_by, sent_at, read, \
                 moved_position, updated_position, urgency_rank) \
             VALUES ($1, $2, 'main', 'pending', $2, $3, true, $4, $4, {URGENCY}) \
             ON CONFLICT (document_id, target) DO UPDATE SET kind = 'main', state = 'pending', acted = false, {} \
             RETURNING deadline",
            touched("$4")
        ),
        // recall_document
        "UPDATE documents SET step = $2, step_roles = $3, step_deadline = $4, step_sender = $5, step_main = $5, \
             step_co = '{}', step_info = '{}', step_entered_at = $6, acted_here = false, finished = $7, \
             updated_at = $8, applied_position = $6 \
         WHERE document_id = $1"
            .to_owned(),
        // actor_done
        format!(
            "INSERT INTO items AS i (document_id, position_id, kind, state, deadline, read, acted, \
                 moved_position, updated_position, urgency_rank) \
             VALUES ($1, $2, 'main', 'processed', $3, true, true, $4, $4, {URGENCY}) \
             ON CONFLICT (document_id, target) DO UPDATE SET state = 'processed', read = true, acted = true, {}",
            touched("$4")
        ),
        // main_done
        format!(
            "UPDATE items i SET state = 'processed', {} \
             WHERE document_id = $1 AND position_id = $2 AND state = 'pending'",
            touched("$3")
        ),
        // end_all
        format!(
            "UPDATE items i SET state = 'processed', {} WHERE document_id = $1 AND state = 'pending'",
            touched("$2")
        ),
        // named
        format!(
            "INSERT INTO items AS i (document_id, position_id, kind, state, deadline, sent_by, sent_at, \
                 moved_position, updated_position, urgency_rank) \
             SELECT $1, r.position_id, r.kind, CASE WHEN r.kind = 'info' THEN 'info' ELSE 'pending' END, \
                 $2, $3, $4, $5, $5, {URGENCY} \
             FROM unnest($6::uuid[], $7::text[]) AS r(position_id, kind) \
             ON CONFLICT (document_id, target) DO UPDATE SET kind = EXCLUDED.kind, state = EXCLUDED.state, \
                 deadline = EXCLUDED.deadline, sent_by = EXCLUDED.sent_by, sent_at = EXCLUDED.sent_at, \
                 read = false, acted = false, {}",
            touched("$5")
        ),
        // moved
        "UPDATE documents SET step = $2, step_roles = $3, step_deadline = $4, step_sender = $5, step_main = $6, \
             step_co = $7, step_info = $8, step_entered_at = $9, acted_here = false, finished = $10, \
             updated_at = $11, applied_position = $9 \
         WHERE document_id = $1"
            .to_owned(),
        // delete_items
        "DELETE FROM items WHERE document_id = $1".to_owned(),
        // withdrawn
        "UPDATE documents SET step = $2, step_roles = '{}', step_deadline = NULL, step_sender = NULL, \
             step_main = NULL, step_co = '{}', step_info = '{}', step_entered_at = $3, finished = true, \
             updated_at = $4, applied_position = $3 \
         WHERE document_id = $1"
            .to_owned(),
    ]
});

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
            known: next(),
            received: next(),
            pools: next(),
            registered: next(),
            metadata: next(),
            items_acted: next(),
            seen: next(),
            acted_here: next(),
            read_document: next(),
            read_items: next(),
            part_document: next(),
            part_items: next(),
            delete_pools: next(),
            reopened: next(),
            recall_delete: next(),
            recall_restore: next(),
            recall_sender: next(),
            recall_document: next(),
            actor_done: next(),
            main_done: next(),
            end_all: next(),
            named: next(),
            moved: next(),
            delete_items: next(),
            withdrawn: next(),
        })
    }
}

/// Applies one document's events of the batch, in order, from its row as `doc` (`None`: no
/// row yet).
async fn apply_document(
    tx: &deadpool_postgres::Transaction<'_>,
    sql: &Sql,
    mut doc: Option<Doc>,
    events: Vec<Decoded>,
) -> Result<(), tokio_postgres::Error> {
    for decoded in &events {
        apply_one(tx, sql, &mut doc, decoded).await?;
    }
    Ok(())
}

/// Applies one event to its document (`doc`, updated to the row as the event leaves it).
async fn apply_one(
    tx: &deadpool_postgres::Transaction<'_>,
    sql: &Sql,
    doc: &mut Option<Doc>,
    decoded: &Decoded,
) -> Result<(), tokio_postgres::Error> {
    let position = &decoded.position;
    let at = &decoded.at;
    // The row exists and the event is after the last one applied to it.
    let fresh = doc.as_ref().is_some_and(|d| d.applied < *position);
    match &decoded.event {
        AnyEvent::DocumentReceived(e) => {
            if doc.is_some() {
                return Ok(());
            }
            let m = &e.metadata;
            let urgency = m.urgency.code();
            let rank = urgency_rank(m.urgency);
            let confidentiality = m.confidentiality.code();
            let search = search_text(m);
            let channel = channel_code(e.channel);
            let agency = e.sender_agency.map(|a| a.0);
            let version = i32::try_from(e.definition_version).unwrap_or(i32::MAX);
            let deadline: Option<NaiveDate> = None;
            let sent_by = Some(e.by.position.0);
            in_order(vec![
                exec(
                    tx,
                    &sql.received,
                    vec![
                        &e.document_id,
                        &e.unit_id.0,
                        &e.parent_id,
                        &m.issuing_body,
                        &m.number_notation,
                        &m.summary,
                        &m.document_type,
                        &urgency,
                        &rank,
                        &confidentiality,
                        &m.document_date,
                        &m.notes,
                        at,
                        &e.step,
                        &e.roles,
                        position,
                        &search,
                        &channel,
                        &agency,
                        &e.definition,
                        &version,
                    ],
                ),
                exec(
                    tx,
                    &sql.pools,
                    vec![
                        &e.document_id,
                        &e.unit_id.0,
                        &deadline,
                        &sent_by,
                        at,
                        position,
                        &e.roles,
                    ],
                ),
            ])
            .await?;
            *doc = Some(Doc {
                unit_id: e.unit_id.0,
                step_main: None,
                step_deadline: None,
                step_entered_at: *position,
                applied: *position,
            });
        }
        AnyEvent::DocumentRegistered(e) => {
            let Some(d) = doc.as_mut().filter(|_| fresh) else {
                return Ok(());
            };
            let number = i64::try_from(e.number).unwrap_or(i64::MAX);
            tx.execute(
                &sql.registered,
                &[
                    &e.document_id,
                    &e.register_id.0,
                    &e.year,
                    &number,
                    at,
                    position,
                ],
            )
            .await?;
            d.applied = *position;
        }
        AnyEvent::MetadataUpdated(e) => {
            let Some(d) = doc.as_mut().filter(|_| fresh) else {
                return Ok(());
            };
            let m = &e.metadata;
            let urgency = m.urgency.code();
            let rank = urgency_rank(m.urgency);
            let confidentiality = m.confidentiality.code();
            let search = search_text(m);
            in_order(vec![
                exec(
                    tx,
                    &sql.metadata,
                    vec![
                        &e.document_id,
                        &m.issuing_body,
                        &m.number_notation,
                        &m.summary,
                        &m.document_type,
                        &urgency,
                        &rank,
                        &confidentiality,
                        &m.document_date,
                        &m.notes,
                        &search,
                        at,
                        position,
                    ],
                ),
                exec(
                    tx,
                    &sql.items_acted,
                    vec![&e.document_id, &e.by.position.0, position],
                ),
                exec(
                    tx,
                    &sql.seen,
                    vec![&e.document_id, &e.by.position.0, position],
                ),
            ])
            .await?;
            d.applied = *position;
        }
        AnyEvent::ActionTaken(e) => {
            let Some(d) = doc.as_mut().filter(|_| fresh) else {
                return Ok(());
            };
            if e.moves() {
                take_step(tx, sql, e, d, *position, *at).await?;
            } else {
                in_order(vec![
                    exec(
                        tx,
                        &sql.seen,
                        vec![&e.document_id, &e.by.position.0, position],
                    ),
                    exec(
                        tx,
                        &sql.items_acted,
                        vec![&e.document_id, &e.by.position.0, position],
                    ),
                    exec(tx, &sql.acted_here, vec![&e.document_id, at, position]),
                ])
                .await?;
            }
            d.applied = *position;
        }
        AnyEvent::DocumentRead(e) => {
            let Some(d) = doc.as_mut().filter(|_| fresh) else {
                return Ok(());
            };
            in_order(vec![
                exec(tx, &sql.read_document, vec![&e.document_id, position]),
                exec(
                    tx,
                    &sql.read_items,
                    vec![&e.document_id, &e.by.position.0, position],
                ),
                exec(
                    tx,
                    &sql.seen,
                    vec![&e.document_id, &e.by.position.0, position],
                ),
            ])
            .await?;
            d.applied = *position;
        }
        AnyEvent::PartCompleted(e) => {
            let Some(d) = doc.as_mut().filter(|_| fresh) else {
                return Ok(());
            };
            in_order(vec![
                exec(tx, &sql.part_document, vec![&e.document_id, position, at]),
                exec(
                    tx,
                    &sql.part_items,
                    vec![&e.document_id, &e.by.position.0, position],
                ),
                exec(
                    tx,
                    &sql.seen,
                    vec![&e.document_id, &e.by.position.0, position],
                ),
            ])
            .await?;
            d.applied = *position;
        }
        AnyEvent::DocumentReopened(e) => {
            let Some(d) = doc.as_mut().filter(|_| fresh) else {
                return Ok(());
            };
            let deadline: Option<NaiveDate> = None;
            let sent_by: Option<Uuid> = None;
            in_order(vec![
                exec(tx, &sql.delete_pools, vec![&e.document_id]),
                exec(
                    tx,
                    &sql.reopened,
                    vec![&e.document_id, &e.step, &e.roles, position, at],
                ),
                exec(
                    tx,
                    &sql.pools,
                    vec![
                        &e.document_id,
                        &d.unit_id,
                        &deadline,
                        &sent_by,
                        at,
                        position,
                        &e.roles,
                    ],
                ),
            ])
            .await?;
            d.step_main = None;
            d.step_deadline = None;
            d.step_entered_at = *position;
            d.applied = *position;
        }
        AnyEvent::DocumentWithdrawn(_) | AnyEvent::DocumentCancelled(_) => {
            // A copy withdrawn by a recall, or a document cancelled as received by mistake:
            // it leaves every box, standing at the pseudo-step that says which.
            let (document_id, step) = match &decoded.event {
                AnyEvent::DocumentWithdrawn(e) => {
                    (&e.document_id, chancery_domain::document::WITHDRAWN_STEP)
                }
                AnyEvent::DocumentCancelled(e) => (
                    &e.document_id,
                    chancery_domain::cancellation::CANCELLED_STEP,
                ),
                _ => return Ok(()),
            };
            let Some(d) = doc.as_mut().filter(|_| fresh) else {
                return Ok(());
            };
            in_order(vec![
                exec(tx, &sql.delete_items, vec![document_id]),
                exec(tx, &sql.withdrawn, vec![document_id, &step, position, at]),
            ])
            .await?;
            d.step_main = None;
            d.step_deadline = None;
            d.step_entered_at = *position;
            d.applied = *position;
        }
        AnyEvent::DocumentReinstated(e) => {
            let Some(d) = doc.as_mut().filter(|_| fresh) else {
                return Ok(());
            };
            let deadline: Option<NaiveDate> = None;
            let sent_by = Some(e.by.position.0);
            in_order(vec![
                exec(
                    tx,
                    &sql.reopened,
                    vec![&e.document_id, &e.step, &e.roles, position, at],
                ),
                exec(
                    tx,
                    &sql.pools,
                    vec![
                        &e.document_id,
                        &d.unit_id,
                        &deadline,
                        &sent_by,
                        at,
                        position,
                        &e.roles,
                    ],
                ),
            ])
            .await?;
            d.step_main = None;
            d.step_deadline = None;
            d.step_entered_at = *position;
            d.applied = *position;
        }
        _ => {}
    }
    Ok(())
}

/// An action that moves the document: the actor's work is done, the step's pool goes, and the
/// document goes to its recipients, to the roles of the next step, or to its end. A recall
/// undoes the recalled move instead. `doc` is updated to the row as the action leaves it.
async fn take_step(
    tx: &deadpool_postgres::Transaction<'_>,
    sql: &Sql,
    e: &ActionTaken,
    doc: &mut Doc,
    position: i64,
    at: DateTime<Utc>,
) -> Result<(), tokio_postgres::Error> {
    let document = &e.document_id;
    let actor = &e.by.position.0;
    let end = &e.ends;
    let entered = doc.step_entered_at;

    if e.action == chancery_domain::document::RECALL {
        // Put back every item the recalled move set (it added the recipients' items, closed
        // the sender's); nobody acted on them since, or the recall would have been refused.
        // Then the sender has it back, as main handler.
        let answers = in_order(vec![
            exec(tx, &sql.seen, vec![document, actor, &position]),
            exec(tx, &sql.recall_delete, vec![document, &entered]),
            exec(tx, &sql.recall_restore, vec![document, &entered, &position]),
            exec(tx, &sql.delete_pools, vec![document]),
            one(
                tx,
                &sql.recall_sender,
                vec![document, actor, &at, &position],
            ),
        ])
        .await?;
        let deadline: Option<NaiveDate> = answers
            .into_iter()
            .flatten()
            .next()
            .and_then(|row| row.get(0));
        tx.execute(
            &sql.recall_document,
            &[
                document,
                &e.to_step,
                &e.to_roles,
                &deadline,
                actor,
                &position,
                end,
                &at,
            ],
        )
        .await?;
        doc.step_main = Some(*actor);
        doc.step_deadline = deadline;
        doc.step_entered_at = position;
        return Ok(());
    }

    let mut named: Vec<Uuid> = Vec::new();
    let mut kinds: Vec<&str> = Vec::new();
    let recipients = &e.recipients;
    let listed = recipients
        .main
        .iter()
        .map(|p| (p.0, "main"))
        .chain(recipients.co.iter().map(|p| (p.0, "co")))
        .chain(recipients.info.iter().map(|p| (p.0, "info")));
    for (target, kind) in listed {
        if !named.contains(&target) {
            named.push(target);
            kinds.push(kind);
        }
    }
    let handlers_named = recipients.main.is_some() || !recipients.co.is_empty();
    let main = doc.step_main.filter(|m| m != actor);
    let sent_by = Some(*actor);
    let step_main = recipients.main.map(|p| p.0);
    let co: Vec<Uuid> = recipients.co.iter().map(|p| p.0).collect();
    let info: Vec<Uuid> = recipients.info.iter().map(|p| p.0).collect();

    let mut statements = vec![
        exec(tx, &sql.seen, vec![document, actor, &position]),
        // The actor's work here is done (an item is created when they acted through a pool).
        exec(
            tx,
            &sql.actor_done,
            vec![document, actor, &doc.step_deadline, &position],
        ),
        // The step is done: nobody else of its roles needs to act on it.
        exec(tx, &sql.delete_pools, vec![document]),
    ];
    // The previous step's main handler is done too (a co-handler moved it on).
    if let Some(main) = &main {
        statements.push(exec(tx, &sql.main_done, vec![document, main, &position]));
    }
    if *end {
        statements.push(exec(tx, &sql.end_all, vec![document, &position]));
    } else {
        if !named.is_empty() {
            statements.push(exec(
                tx,
                &sql.named,
                vec![document, &e.deadline, actor, &at, &position, &named, &kinds],
            ));
        }
        if !handlers_named {
            statements.push(exec(
                tx,
                &sql.pools,
                vec![
                    document,
                    &doc.unit_id,
                    &e.deadline,
                    &sent_by,
                    &at,
                    &position,
                    &e.to_roles,
                ],
            ));
        }
    }
    statements.push(exec(
        tx,
        &sql.moved,
        vec![
            document,
            &e.to_step,
            &e.to_roles,
            &e.deadline,
            actor,
            &step_main,
            &co,
            &info,
            &position,
            end,
            &at,
        ],
    ));
    in_order(statements).await?;
    doc.step_main = step_main;
    doc.step_deadline = e.deadline;
    doc.step_entered_at = position;
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Queries
// ---------------------------------------------------------------------------------------

/// Largest page an inbox query returns.
pub const MAX_PAGE: i64 = 200;

/// Which box of the inbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InboxBox {
    /// Chờ xử lý: items waiting for the caller (named or through a pool).
    #[default]
    Pending,
    /// Đã xử lý: items the caller is done with (documents still pending for them are left
    /// out).
    Processed,
    /// Xem để biết: for information.
    Info,
}

impl InboxBox {
    fn state(self) -> &'static str {
        match self {
            InboxBox::Pending => "pending",
            InboxBox::Processed => "processed",
            InboxBox::Info => "info",
        }
    }
}

/// Keyset position in an inbox listing: the box's order as the items table stores it
/// (`sort_a`, `sort_b`: for the pending box the urgency rank and the deadline with none
/// last, for the others 0 and the latest move, newest first), then the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InboxCursor {
    pub sort_a: i16,
    pub sort_b: i64,
    pub document_id: Uuid,
}

/// An inbox query.
#[derive(Debug, Clone, Default)]
pub struct InboxQuery {
    /// The positions the caller holds (or holds by delegation now): (position, its unit,
    /// its role). Named items match the position; pool items match the unit and role.
    pub positions: Vec<(Uuid, Uuid, String)>,
    pub r#box: InboxBox,
    pub urgency: Option<Urgency>,
    /// Only items whose deadline is before `today`.
    pub overdue_only: bool,
    /// The caller's date (in the agency's time zone), for `overdue_only`.
    pub today: Option<NaiveDate>,
    /// Matches summary, number/notation, issuing body and notes, ignoring accents and case.
    pub text: Option<String>,
    /// Only documents of this type (its code, e.g. `cong_van`); blank: no filter.
    pub document_type: Option<String>,
    /// Only documents whose issuing body contains this, ignoring accents and case.
    pub issuing_body: Option<String>,
    /// Only documents dated on or after this day.
    pub document_date_from: Option<NaiveDate>,
    /// Only documents dated on or before this day.
    pub document_date_to: Option<NaiveDate>,
    /// Only items with a deadline on or before this day.
    pub deadline_before: Option<NaiveDate>,
    /// Only items with a deadline on or after this day.
    pub deadline_from: Option<NaiveDate>,
    /// The caller's clearance: documents above it are never listed, named or pooled (the
    /// `ReadScope` clearance; a pool of a confidential document shows only to its cleared
    /// holders). Normal by default.
    pub clearance: Confidentiality,
    pub after: Option<InboxCursor>,
    pub limit: i64,
}

/// The confidentiality codes a clearance covers, for `confidentiality = ANY(...)`.
fn cleared_codes(clearance: Confidentiality) -> Vec<&'static str> {
    Confidentiality::ALL
        .iter()
        .filter(|level| clearance.clears(**level))
        .map(|level| level.code())
        .collect()
}

/// One document in a caller's box (when several of the caller's items match, the one first
/// in the box's order, then the main one, co, pool, info; `read` is true when any of them is
/// read).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboxRow {
    pub document_id: Uuid,
    pub unit_id: Uuid,
    pub issuing_body: String,
    pub number_notation: String,
    pub summary: String,
    pub document_type: String,
    pub urgency: String,
    pub urgency_rank: i16,
    pub confidentiality: String,
    pub document_date: NaiveDate,
    pub arrival_number: Option<i64>,
    pub step: String,
    pub step_roles: Vec<String>,
    pub step_deadline: Option<NaiveDate>,
    pub finished: bool,
    /// The matching item: its position (None for a pool item), kind, state, deadline.
    pub position_id: Option<Uuid>,
    pub pool_role: Option<String>,
    pub kind: String,
    pub state: String,
    pub deadline: Option<NaiveDate>,
    pub sent_by: Option<Uuid>,
    pub sent_at: Option<DateTime<Utc>>,
    pub read: bool,
    pub acted: bool,
    /// The row's place in its box ([`InboxCursor`]).
    pub sort_a: i16,
    pub sort_b: i64,
}

impl InboxRow {
    /// The cursor of the next page after this row.
    pub fn cursor(&self) -> InboxCursor {
        InboxCursor {
            sort_a: self.sort_a,
            sort_b: self.sort_b,
            document_id: self.document_id,
        }
    }
}

fn unzip_positions(positions: &[(Uuid, Uuid, String)]) -> (Vec<Uuid>, Vec<Uuid>, Vec<String>) {
    let mut ids = Vec::with_capacity(positions.len());
    let mut units = Vec::with_capacity(positions.len());
    let mut roles = Vec::with_capacity(positions.len());
    for (id, unit, role) in positions {
        ids.push(*id);
        units.push(*unit);
        roles.push(role.clone());
    }
    (ids, units, roles)
}

/// The caller's items ($1 positions, $2 units, $3 roles) in states $4, as `mine`, with
/// `seen`: named items by position, pool items by (unit, role) — each branch on its index.
const MINE: &str = "me AS (SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[]) AS m(position_id, unit_id, role)), \
     mine AS ( \
         SELECT i.*, i.read AS seen FROM inbox.items i \
         WHERE i.position_id = ANY($1) AND i.state = ANY($4::text[]) \
         UNION ALL \
         SELECT i.*, EXISTS (SELECT 1 FROM inbox.reads r \
                    WHERE r.document_id = i.document_id AND r.position_id = ANY($1) \
                      AND r.last_position >= i.moved_position) AS seen \
         FROM inbox.items i \
         WHERE i.position_id IS NULL AND i.state = ANY($4::text[]) \
           AND (i.pool_unit_id, i.pool_role) IN (SELECT unit_id, role FROM me))";

/// One page of a caller's box. Pending: most urgent first, then by deadline (none last),
/// then by document. Processed and for information: the latest move first.
///
/// Each of the caller's targets (their positions, and the pools of their roles) is read in
/// that order from its index (`items_position`, `items_pool`: the box's state, then
/// `sort_a, sort_b, document_id`), the filters applied as it goes, and stops after a page;
/// the pages of all targets are merged, a document met through several items kept once
/// (the item first in the box's order, then main, co, pool, info), and the first page of the
/// merge returned. A document on the caller's page is on its target's page too (the rows
/// before it on that target are documents before it), so the merge loses nothing: the cost
/// is a page per target, however large the box.
///
/// Every `EXISTS` probe per row ends in `OFFSET 0`: it keeps PostgreSQL from turning the
/// probe into a hashed subplan, which it chooses from the size of the whole box (it does not
/// count on the `LIMIT`) and which reads the whole items table to build its hash. Measured
/// at one million documents (`bench workflow`): a clerk's processed box answered in 1.29 s
/// with the hash and in 3 ms with a probe per row of the page.
pub async fn inbox(
    client: &impl GenericClient,
    query: &InboxQuery,
) -> Result<Vec<InboxRow>, tokio_postgres::Error> {
    let (ids, units, roles) = unzip_positions(&query.positions);
    let state = query.r#box.state();
    let pattern = query.text.as_deref().and_then(crate::contains_pattern);
    let document_type = query
        .document_type
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty());
    let issuing_body = query
        .issuing_body
        .as_deref()
        .and_then(crate::contains_pattern);
    let urgency = query.urgency.map(Urgency::code);
    let overdue = query.overdue_only;
    let today = query.today;
    // Before the first row of any box.
    let after = query.after.unwrap_or(InboxCursor {
        sort_a: i16::MIN,
        sort_b: i64::MIN,
        document_id: Uuid::nil(),
    });
    let exclude_pending = query.r#box == InboxBox::Processed;
    let limit = query.limit.clamp(1, MAX_PAGE);
    // What a target's item must meet to be on the page ($4 the box's state).
    let filters = "i.state = $4 \
         AND (i.sort_a, i.sort_b, i.document_id) > ($10::smallint, $11::bigint, $12::uuid) \
         AND ($5::text IS NULL OR d.urgency = $5) \
         AND (NOT $6 OR (i.deadline IS NOT NULL AND $7::date IS NOT NULL AND i.deadline < $7)) \
         AND ($8::text IS NULL OR d.search LIKE inbox.fold($8)) \
         AND ($14::text IS NULL OR d.document_type = $14) \
         AND ($15::text IS NULL OR inbox.fold(d.issuing_body) LIKE inbox.fold($15)) \
         AND ($16::date IS NULL OR d.document_date >= $16) \
         AND ($17::date IS NULL OR d.document_date <= $17) \
         AND ($18::date IS NULL OR i.deadline <= $18) \
         AND ($20::date IS NULL OR i.deadline >= $20) \
         AND d.confidentiality = ANY($19::text[]) \
         AND (NOT $9 OR NOT EXISTS (SELECT 1 FROM inbox.items p \
              WHERE p.document_id = i.document_id AND p.state = 'pending' \
                AND (p.position_id = ANY($1) \
                     OR (p.pool_unit_id, p.pool_role) IN (SELECT unit_id, role FROM me)) OFFSET 0))";
    let item = "i.document_id, i.position_id, i.pool_role, i.kind, i.state, i.deadline, i.sent_by, \
         i.sent_at, i.acted, i.target, i.sort_a, i.sort_b";
    let rows = client
        .query(
            &format!(
                "WITH me AS (SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[]) AS m(position_id, unit_id, role)), \
                 candidates AS ( \
                     SELECT x.* FROM (SELECT DISTINCT position_id FROM me) t CROSS JOIN LATERAL ( \
                         SELECT {item}, i.read AS seen \
                         FROM inbox.items i JOIN inbox.documents d ON d.document_id = i.document_id \
                         WHERE i.position_id = t.position_id AND {filters} \
                         ORDER BY i.sort_a, i.sort_b, i.document_id LIMIT $13) x \
                     UNION ALL \
                     SELECT x.* FROM (SELECT DISTINCT unit_id, role FROM me) t CROSS JOIN LATERAL ( \
                         SELECT {item}, EXISTS (SELECT 1 FROM inbox.reads r \
                                    WHERE r.document_id = i.document_id AND r.position_id = ANY($1) \
                                      AND r.last_position >= i.moved_position OFFSET 0) AS seen \
                         FROM inbox.items i JOIN inbox.documents d ON d.document_id = i.document_id \
                         WHERE i.position_id IS NULL AND i.pool_unit_id = t.unit_id AND i.pool_role = t.role \
                           AND {filters} \
                         ORDER BY i.sort_a, i.sort_b, i.document_id LIMIT $13) x), \
                 chosen AS ( \
                     SELECT DISTINCT ON (document_id) * FROM candidates \
                     ORDER BY document_id, sort_a, sort_b, \
                              CASE kind WHEN 'main' THEN 0 WHEN 'co' THEN 1 WHEN 'pool' THEN 2 ELSE 3 END, target), \
                 page AS (SELECT * FROM chosen ORDER BY sort_a, sort_b, document_id LIMIT $13) \
                 SELECT d.document_id, d.unit_id, d.issuing_body, d.number_notation, d.summary, d.document_type, \
                        d.urgency, d.urgency_rank, d.confidentiality, d.document_date, d.arrival_number, d.step, \
                        d.step_roles, d.step_deadline, d.finished, c.position_id, c.pool_role, c.kind, c.state, \
                        c.deadline, c.sent_by, c.sent_at, \
                        c.seen OR EXISTS (SELECT 1 FROM inbox.items j \
                            WHERE j.document_id = c.document_id AND j.state = $4 AND j.position_id = ANY($1) AND j.read \
                            OFFSET 0) \
                          OR EXISTS (SELECT 1 FROM inbox.items j JOIN inbox.reads r \
                                ON r.document_id = j.document_id AND r.position_id = ANY($1) \
                               AND r.last_position >= j.moved_position \
                            WHERE j.document_id = c.document_id AND j.state = $4 AND j.position_id IS NULL \
                              AND (j.pool_unit_id, j.pool_role) IN (SELECT unit_id, role FROM me) OFFSET 0), \
                        c.acted, c.sort_a, c.sort_b \
                 FROM page c JOIN inbox.documents d ON d.document_id = c.document_id \
                 ORDER BY c.sort_a, c.sort_b, c.document_id"
            ),
            &[
                &ids,
                &units,
                &roles,
                &state,
                &urgency,
                &overdue,
                &today,
                &pattern,
                &exclude_pending,
                &after.sort_a,
                &after.sort_b,
                &after.document_id,
                &limit,
                &document_type,
                &issuing_body,
                &query.document_date_from,
                &query.document_date_to,
                &query.deadline_before,
                &cleared_codes(query.clearance),
                &query.deadline_from,
            ],
        )
        .await?;
    Ok(rows
        .iter()
        .map(|r| InboxRow {
            document_id: r.get(0),
            unit_id: r.get(1),
            issuing_body: r.get(2),
            number_notation: r.get(3),
            summary: r.get(4),
            document_type: r.get(5),
            urgency: r.get(6),
            urgency_rank: r.get(7),
            confidentiality: r.get(8),
            document_date: r.get(9),
            arrival_number: r.get(10),
            step: r.get(11),
            step_roles: r.get(12),
            step_deadline: r.get(13),
            finished: r.get(14),
            position_id: r.get(15),
            pool_role: r.get(16),
            kind: r.get(17),
            state: r.get(18),
            deadline: r.get(19),
            sent_by: r.get(20),
            sent_at: r.get(21),
            read: r.get(22),
            acted: r.get(23),
            sort_a: r.get(24),
            sort_b: r.get(25),
        })
        .collect())
}

/// Counts for the caller's badges, in documents: (pending, pending and unread, for
/// information and unread).
/// Documents above `clearance` are not counted (as [`inbox`] does not list them).
pub async fn unread_counts(
    client: &impl GenericClient,
    positions: &[(Uuid, Uuid, String)],
    clearance: Confidentiality,
) -> Result<(i64, i64, i64), tokio_postgres::Error> {
    let (ids, units, roles) = unzip_positions(positions);
    let states = vec!["pending", "info"];
    let cleared = cleared_codes(clearance);
    let row = client
        .query_one(
            &format!(
                "WITH {MINE}, \
                 per_document AS (SELECT m.document_id, m.state, bool_or(m.seen) AS seen FROM mine m \
                     WHERE NOT EXISTS (SELECT 1 FROM inbox.documents d WHERE d.document_id = m.document_id \
                                         AND d.confidentiality <> ALL($5::text[])) \
                     GROUP BY m.document_id, m.state) \
                 SELECT count(*) FILTER (WHERE state = 'pending'), \
                        count(*) FILTER (WHERE state = 'pending' AND NOT seen), \
                        count(*) FILTER (WHERE state = 'info' AND NOT seen) \
                 FROM per_document"
            ),
            &[&ids, &units, &roles, &states, &cleared],
        )
        .await?;
    Ok((row.get(0), row.get(1), row.get(2)))
}

/// What waits for the caller in their inbox, in documents, by the rule of the boxes
/// ([`inbox`]: the caller's items, named or pooled, clearance included).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct WorkCounts {
    /// Documents in the pending box.
    pub pending: i64,
    /// Of them, not opened since they reached the caller.
    pub pending_unread: i64,
    /// Documents for information not opened yet.
    pub info_unread: i64,
    /// Pending documents whose deadline (the caller's item's, as the box shows it) is
    /// before `today`.
    pub overdue: i64,
    /// Pending documents due from `today` to `soon_until`.
    pub due_soon: i64,
}

/// The caller's [`WorkCounts`]. Each document counts once per box, with the item the box
/// shows for it (the main one, then co, pool, info: the same choice as [`inbox`]).
pub async fn work_counts(
    client: &impl GenericClient,
    positions: &[(Uuid, Uuid, String)],
    clearance: Confidentiality,
    today: NaiveDate,
    soon_until: NaiveDate,
) -> Result<WorkCounts, tokio_postgres::Error> {
    let (ids, units, roles) = unzip_positions(positions);
    let states = vec!["pending", "info"];
    let cleared = cleared_codes(clearance);
    let row = client
        .query_one(
            &format!(
                "WITH {MINE}, \
                 chosen AS ( \
                     SELECT DISTINCT ON (document_id, state) document_id, state, deadline, \
                            bool_or(seen) OVER (PARTITION BY document_id, state) AS any_seen \
                     FROM mine \
                     ORDER BY document_id, state, CASE kind WHEN 'main' THEN 0 WHEN 'co' THEN 1 WHEN 'pool' THEN 2 ELSE 3 END, \
                              deadline NULLS LAST, target) \
                 SELECT count(*) FILTER (WHERE c.state = 'pending'), \
                        count(*) FILTER (WHERE c.state = 'pending' AND NOT c.any_seen), \
                        count(*) FILTER (WHERE c.state = 'info' AND NOT c.any_seen), \
                        count(*) FILTER (WHERE c.state = 'pending' AND c.deadline < $6), \
                        count(*) FILTER (WHERE c.state = 'pending' AND c.deadline >= $6 AND c.deadline <= $7) \
                 FROM chosen c JOIN inbox.documents d ON d.document_id = c.document_id \
                 WHERE d.confidentiality = ANY($5::text[])"
            ),
            &[&ids, &units, &roles, &states, &cleared, &today, &soon_until],
        )
        .await?;
    Ok(WorkCounts {
        pending: row.get(0),
        pending_unread: row.get(1),
        info_unread: row.get(2),
        overdue: row.get(3),
        due_soon: row.get(4),
    })
}

/// The caller-independent state of one document (what the inbox knows of it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentState {
    pub document_id: Uuid,
    pub step: String,
    pub step_roles: Vec<String>,
    pub step_deadline: Option<NaiveDate>,
    pub step_sender: Option<Uuid>,
    pub step_main: Option<Uuid>,
    pub step_co: Vec<Uuid>,
    pub step_info: Vec<Uuid>,
    pub acted_here: bool,
    pub finished: bool,
    pub arrival_number: Option<i64>,
}

pub async fn document(
    client: &impl GenericClient,
    id: Uuid,
) -> Result<Option<DocumentState>, tokio_postgres::Error> {
    let row = client
        .query_opt(
            "SELECT document_id, step, step_roles, step_deadline, step_sender, step_main, step_co, step_info, \
                    acted_here, finished, arrival_number \
             FROM inbox.documents WHERE document_id = $1",
            &[&id],
        )
        .await?;
    Ok(row.map(|r| DocumentState {
        document_id: r.get(0),
        step: r.get(1),
        step_roles: r.get(2),
        step_deadline: r.get(3),
        step_sender: r.get(4),
        step_main: r.get(5),
        step_co: r.get(6),
        step_info: r.get(7),
        acted_here: r.get(8),
        finished: r.get(9),
        arrival_number: r.get(10),
    }))
}

/// A digest of both tables (for comparing a read model with a rebuild).
pub async fn digest(client: &impl GenericClient) -> Result<(i64, String), tokio_postgres::Error> {
    let row = client
        .query_one(
            "SELECT (SELECT count(*) FROM inbox.items), \
                    coalesce(md5((SELECT string_agg(d::text, '|' ORDER BY document_id) FROM inbox.documents d) \
                        || '#' || coalesce((SELECT string_agg(i::text, '|' ORDER BY document_id, target) \
                        FROM inbox.items i), '') \
                        || '#' || coalesce((SELECT string_agg(r::text, '|' ORDER BY document_id, position_id) \
                        FROM inbox.reads r), '')), '')",
            &[],
        )
        .await?;
    Ok((row.get(0), row.get(1)))
}
