//! `outgoing`: outgoing documents and submissions — who must act on each now (named holders,
//! or the holders of the step's roles in its scope), each person's drafts, the office's
//! issued documents with every recipient's copy, opinion requests with who has answered,
//! and the outgoing register book (Decree 30 Appendix IV).
//!
//! Idempotent per event: a document row remembers the last position applied to it; rows
//! keyed by the event's own identity (a number, a request and person) are inserted once.

use async_trait::async_trait;
use chancery_domain::catalogue::{self, AnyEvent};
use chancery_domain::outgoing::{Addressee, Delivery};
use chancery_event_store::RecordedEvent;
use chancery_pg::Migration;
use chancery_projector::{Projection, ProjectionError};
use chrono::{DateTime, NaiveDate, Utc};
use tokio_postgres::GenericClient;
use uuid::Uuid;

use crate::inbox::{decode, recorded_at};

pub const NAME: &str = "outgoing";

const SCHEMA: &[Migration] = &[
    Migration {
        name: "outgoing/0001_tables",
        sql: include_str!("../../../projections/outgoing/0001_tables.sql"),
    },
    Migration {
        name: "outgoing/0002_definition_version",
        sql: include_str!("../../../projections/outgoing/0002_definition_version.sql"),
    },
    Migration {
        name: "outgoing/0003_routed",
        sql: include_str!("../../../projections/outgoing/0003_routed.sql"),
    },
    Migration {
        name: "outgoing/0004_list_order",
        sql: include_str!("../../../projections/outgoing/0004_list_order.sql"),
    },
];

/// The projection.
#[derive(Debug, Clone, Copy)]
pub struct OutgoingProjection;

#[async_trait]
impl Projection for OutgoingProjection {
    fn name(&self) -> &'static str {
        NAME
    }

    fn schema(&self) -> &'static [Migration] {
        SCHEMA
    }

    fn version(&self) -> u32 {
        // 2: `routed_to`, written with every change of a document.
        2
    }

    async fn apply(
        &self,
        tx: &deadpool_postgres::Transaction<'_>,
        events: &[RecordedEvent],
    ) -> Result<(), ProjectionError> {
        let upcasters = catalogue::upcasters();
        for recorded in events {
            let wanted = recorded.event_type.starts_with("outgoing.")
                || recorded.event_type == "register.outgoing-number-taken";
            if !wanted {
                continue;
            }
            let event = decode(NAME, &upcasters, recorded)?;
            let at = recorded_at(NAME, recorded)?;
            let position = i64::try_from(recorded.global_position.0).unwrap_or(i64::MAX);
            apply_one(tx, event, position, at)
                .await
                .map_err(|e| ProjectionError::Handler {
                    projection: NAME.to_owned(),
                    position: recorded.global_position.0,
                    reason: e.to_string(),
                })?;
        }
        Ok(())
    }
}

fn delivery_code(d: Delivery) -> &'static str {
    match d {
        Delivery::ElectronicOnly => "electronic_only",
        Delivery::ElectronicAndPaper => "electronic_and_paper",
    }
}

/// Runs `sql` on the document's row only if the event at `position` is new to it.
async fn on_document(
    tx: &deadpool_postgres::Transaction<'_>,
    document: Uuid,
    position: i64,
    at: DateTime<Utc>,
    set: &str,
    params: &[&(dyn tokio_postgres::types::ToSql + Sync)],
) -> Result<bool, tokio_postgres::Error> {
    let n = params.len();
    let sql = format!(
        "UPDATE documents SET {set}, applied_position = ${}, updated_at = ${} \
         WHERE document_id = ${} AND applied_position < ${}",
        n + 1,
        n + 2,
        n + 3,
        n + 1
    );
    let mut all: Vec<&(dyn tokio_postgres::types::ToSql + Sync)> = params.to_vec();
    all.push(&position);
    all.push(&at);
    all.push(&document);
    let applied = tx.execute(&sql, &all).await? > 0;
    if applied {
        sync_routed(tx, document).await?;
    }
    Ok(applied)
}

/// Makes `routed_to` say what the document's row says: one row per position in `routed`
/// (routed only grows), each with the document's `updated_at`.
async fn sync_routed(
    tx: &deadpool_postgres::Transaction<'_>,
    document: Uuid,
) -> Result<(), tokio_postgres::Error> {
    tx.execute(
        "INSERT INTO routed_to (position_id, document_id, own, updated_at) \
         SELECT DISTINCT r, d.document_id, r = d.creator_position, d.updated_at \
         FROM documents d, unnest(d.routed) r WHERE d.document_id = $1 \
         ON CONFLICT (document_id, position_id) DO UPDATE SET updated_at = EXCLUDED.updated_at \
         WHERE routed_to.updated_at IS DISTINCT FROM EXCLUDED.updated_at",
        &[&document],
    )
    .await?;
    Ok(())
}

async fn apply_one(
    tx: &deadpool_postgres::Transaction<'_>,
    event: AnyEvent,
    position: i64,
    at: DateTime<Utc>,
) -> Result<(), tokio_postgres::Error> {
    match event {
        AnyEvent::DraftCreated(e) => {
            let f = &e.fields;
            tx.execute(
                "INSERT INTO documents (document_id, unit_id, office_id, definition, step, start_step, step_roles, \
                     scope_id, holder_main, holders, creator_position, creator_person, document_type, summary, \
                     urgency, confidentiality, deadline, versions, routed, created_at, updated_at, applied_position, \
                     definition_version) \
                 VALUES ($1, $2, $3, $4, $5, $5, '{}', NULL, $6, ARRAY[$6]::uuid[], $6, $7, $8, $9, $10, $11, $12, 1, \
                     ARRAY[$6]::uuid[], $13, $13, $14, $15) \
                 ON CONFLICT (document_id) DO NOTHING",
                &[
                    &e.document_id,
                    &e.unit_id.0,
                    &e.office_id.0,
                    &e.definition,
                    &e.step,
                    &e.by.position.0,
                    &e.by.person.0,
                    &f.document_type,
                    &f.summary,
                    &f.urgency.code(),
                    &f.confidentiality.code(),
                    &f.reply_deadline,
                    &at,
                    &position,
                    &i32::try_from(e.definition_version).unwrap_or(i32::MAX),
                ],
            )
            .await?;
            sync_routed(tx, e.document_id).await?;
        }
        AnyEvent::VersionAdded(e) => {
            let f = &e.fields;
            on_document(
                tx,
                e.document_id,
                position,
                at,
                "versions = $1, document_type = $2, summary = $3, urgency = $4, confidentiality = $5, \
                 deadline = $6, signed = false, routed = array_append(array_remove(routed, $7), $7)",
                &[
                    &i32::try_from(e.version).unwrap_or(i32::MAX),
                    &f.document_type,
                    &f.summary,
                    &f.urgency.code(),
                    &f.confidentiality.code(),
                    &f.reply_deadline,
                    &e.by.position.0,
                ],
            )
            .await?;
        }
        AnyEvent::OutgoingActionTaken(e) => {
            let recall = e.action == chancery_domain::document::RECALL;
            let moves = e.moves() || recall;
            let mut routed: Vec<Uuid> = e.recipients.all().map(|p| p.0).collect();
            routed.push(e.by.position.0);
            if moves {
                // Named holders: the recipients; back to the drafter: the creator; a recall:
                // the sender; otherwise the pool.
                let (main, co): (Option<Uuid>, Vec<Uuid>) = if recall {
                    (Some(e.by.position.0), Vec::new())
                } else {
                    (
                        e.recipients.main.map(|p| p.0),
                        e.recipients.co.iter().map(|p| p.0).collect(),
                    )
                };
                on_document(
                    tx,
                    e.document_id,
                    position,
                    at,
                    "step = $1, step_roles = $2, scope_id = $3, \
                     holder_main = CASE WHEN $4::uuid IS NULL AND $1 = start_step AND NOT $8 THEN creator_position ELSE $4::uuid END, \
                     holders = CASE WHEN $4::uuid IS NULL AND $1 = start_step AND NOT $8 THEN ARRAY[creator_position] \
                                    ELSE array_remove(ARRAY[$4::uuid], NULL) || $5::uuid[] END, \
                     sender_position = CASE WHEN $8 THEN NULL ELSE $6::uuid END, \
                     finished = $7, recalled = recalled OR $9, \
                     routed = routed || $10::uuid[]",
                    &[
                        &e.to_step,
                        &e.to_roles,
                        &e.to_scope.map(|u| u.0),
                        &main,
                        &co,
                        &e.by.position.0,
                        &e.ends,
                        &recall,
                        &(e.action == chancery_domain::outgoing::RECALL_ISSUE),
                        &routed,
                    ],
                )
                .await?;
            } else {
                on_document(
                    tx,
                    e.document_id,
                    position,
                    at,
                    "routed = routed || $1::uuid[]",
                    &[&routed],
                )
                .await?;
            }
        }
        AnyEvent::DocumentSigned(e) => {
            on_document(
                tx,
                e.document_id,
                position,
                at,
                "signed = true, routed = routed || ARRAY[$1::uuid]",
                &[&e.by.position.0],
            )
            .await?;
        }
        AnyEvent::OutgoingNumbered(e) => {
            on_document(
                tx,
                e.document_id,
                position,
                at,
                "number_notation = $1",
                &[&e.number_notation],
            )
            .await?;
        }
        AnyEvent::DocumentIssued(e) => {
            let applied = on_document(
                tx,
                e.document_id,
                position,
                at,
                "issued_at = $1, recalled = false",
                &[&at],
            )
            .await?;
            if applied {
                tx.execute(
                    "DELETE FROM deliveries WHERE document_id = $1",
                    &[&e.document_id],
                )
                .await?;
                for d in &e.deliveries {
                    let (kind, id) = match d.recipient.to {
                        Addressee::Unit(u) => ("unit", u.0),
                        Addressee::Agency(a) => ("agency", a.0),
                    };
                    tx.execute(
                        "INSERT INTO deliveries (document_id, recipient_kind, recipient_id, delivery, copy_id) \
                         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
                        &[
                            &e.document_id,
                            &kind,
                            &id,
                            &delivery_code(d.recipient.delivery),
                            &d.copy_id,
                        ],
                    )
                    .await?;
                }
                let recipients = i32::try_from(e.deliveries.len()).unwrap_or(i32::MAX);
                tx.execute(
                    "UPDATE book SET recipients = $2, sent_at = $3 WHERE document_id = $1",
                    &[&e.document_id, &recipients, &at],
                )
                .await?;
            }
        }
        AnyEvent::IssueRecalled(e) => {
            let applied =
                on_document(tx, e.document_id, position, at, "recalled = true", &[]).await?;
            if applied {
                tx.execute(
                    "UPDATE deliveries SET withdrawn = true WHERE document_id = $1",
                    &[&e.document_id],
                )
                .await?;
            }
        }
        AnyEvent::OpinionsRequested(e) => {
            for asked in &e.asked {
                tx.execute(
                    "INSERT INTO opinions (document_id, request_id, position_id, asked_by, question, deadline, asked_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
                    &[
                        &e.document_id,
                        &e.request_id,
                        &asked.0,
                        &e.by.position.0,
                        &e.question,
                        &e.deadline,
                        &at,
                    ],
                )
                .await?;
            }
            let asked: Vec<Uuid> = e.asked.iter().map(|p| p.0).collect();
            on_document(
                tx,
                e.document_id,
                position,
                at,
                "routed = routed || $1::uuid[]",
                &[&asked],
            )
            .await?;
        }
        AnyEvent::OpinionGiven(e) => {
            tx.execute(
                "UPDATE opinions SET answered_at = $3, opinion = $4 \
                 WHERE request_id = $1 AND position_id = $2 AND answered_at IS NULL",
                &[&e.request_id, &e.by.position.0, &at, &e.opinion],
            )
            .await?;
        }
        AnyEvent::OutgoingNumberTaken(e) => {
            let x = &e.entry;
            tx.execute(
                "INSERT INTO book (register_id, year, number, document_id, number_notation, issue_date, \
                     document_type, summary, signer_name, drafting_unit_id, urgency, confidentiality, global_position) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT DO NOTHING",
                &[
                    &e.register_id.0,
                    &e.year,
                    &i64::try_from(e.number).unwrap_or(i64::MAX),
                    &e.document_id,
                    &x.number_notation,
                    &x.issue_date,
                    &x.document_type,
                    &x.summary,
                    &x.signer_name,
                    &x.drafting_unit_id.0,
                    &x.urgency.code(),
                    &x.confidentiality.code(),
                    &position,
                ],
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

/// One row of a work list.
#[derive(Debug, Clone)]
pub struct WorkRow {
    pub document_id: Uuid,
    pub unit_id: Uuid,
    pub office_id: Uuid,
    pub definition: String,
    /// The version of it the document runs.
    pub definition_version: i32,
    pub step: String,
    pub document_type: String,
    pub summary: String,
    pub urgency: String,
    pub confidentiality: String,
    pub deadline: Option<NaiveDate>,
    pub versions: i32,
    pub signed: bool,
    pub number_notation: Option<String>,
    pub issued_at: Option<DateTime<Utc>>,
    pub recalled: bool,
    pub finished: bool,
    pub creator_position: Uuid,
    pub updated_at: DateTime<Utc>,
}

const WORK_COLUMNS: &str = "document_id, unit_id, office_id, definition, step, document_type, summary, urgency, \
     confidentiality, deadline, versions, signed, number_notation, issued_at, recalled, finished, \
     creator_position, updated_at, definition_version";

/// How many columns [`WORK_COLUMNS`] names (what a query selects after them follows).
fn work_len() -> usize {
    WORK_COLUMNS.split(", ").count()
}

fn work_row(r: &tokio_postgres::Row) -> WorkRow {
    WorkRow {
        document_id: r.get(0),
        unit_id: r.get(1),
        office_id: r.get(2),
        definition: r.get(3),
        step: r.get(4),
        document_type: r.get(5),
        summary: r.get(6),
        urgency: r.get(7),
        confidentiality: r.get(8),
        deadline: r.get(9),
        versions: r.get(10),
        signed: r.get(11),
        number_notation: r.get(12),
        issued_at: r.get(13),
        recalled: r.get(14),
        finished: r.get(15),
        creator_position: r.get(16),
        updated_at: r.get(17),
        definition_version: r.get(18),
    }
}

/// Which list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum List {
    /// Waiting for the person to act: named holder, or the step's pool.
    ToDo,
    /// The person's own drafts still in progress (not issued, not ended).
    MyDrafts,
    /// Issued by the person's office, or drafted by the person (newest first).
    Issued,
    /// Sent to the person, and acted on by them (no longer waiting for them), not their own
    /// drafts: what a leader reviewed, approved or signed.
    Processed,
    /// Every document of the lists above (and the awaiting-issuance one's office), for
    /// searching.
    All,
    /// Signed and waiting at a step of the person's role in their office to be numbered and
    /// issued (never issued, or recalled): the clerk's awaiting-issuance list.
    AwaitingIssuance,
}

/// Who asks: the position, its role, every unit from its own up to the root (a pool's
/// scope must be one of them), and the office it keeps registers for (clerks).
#[derive(Debug, Clone)]
pub struct Asker {
    pub position: Uuid,
    pub role: String,
    pub units_up: Vec<Uuid>,
    pub office: Option<Uuid>,
    /// Confidentiality codes the person is cleared for.
    pub cleared: Vec<String>,
}

/// A list's size is counted up to this many documents: beyond, the list says "more than
/// this" ([`Total::more`]) instead of counting a list that may hold tens of thousands.
pub const COUNT_CAP: i64 = 1_000;

/// The size of a whole list (not of the page).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Total {
    /// The documents in the list, at most [`COUNT_CAP`].
    pub count: i64,
    /// The list holds more than [`COUNT_CAP`] documents (`count` is then the cap).
    pub more: bool,
}

/// One part of a list, read in the list's order from one index: its rows (`d`, the
/// documents, or `r`, `routed_to` joined to them) and its condition. A list is the union
/// of its parts; each part reads at most a page (or the count's cap) in order, so a page
/// costs about a page of index entries per part, however long the list.
struct Part {
    /// `true`: from `routed_to r` joined to `documents d` (ordered by r's copy of the
    /// document's `updated_at`); `false`: from `documents d`.
    routed: bool,
    filter: &'static str,
}

const fn docs(filter: &'static str) -> Part {
    Part {
        routed: false,
        filter,
    }
}

const fn routed(filter: &'static str) -> Part {
    Part {
        routed: true,
        filter,
    }
}

/// The step pool of the asker ($2 the role, $3 the units up): documents with no named
/// holder at a step of the role, in one of the units.
const POOL: &str = "NOT d.finished AND cardinality(d.holders) = 0 AND $2 = ANY(d.step_roles) \
     AND d.scope_id = ANY($3::uuid[])";

/// The parts of each list. $1 is the position, $2 its role, $3 the units up, $4 the office
/// it keeps registers for. Every named holder, the drafter and everyone an action or an
/// opinion request named is in `routed` (so in `routed_to`); `holder_main` is always among
/// `holders`.
///
/// The plans (EXPLAIN ANALYZE with 25,000 outgoing documents beside 100,000 incoming):
/// - to do: a BitmapOr of `documents_holders` (GIN, `holders @>`) and `documents_pool`,
///   then a sort of those few rows (what waits for one person now);
/// - my drafts: `documents_drafts` in order, stopping after the page;
/// - issued: a Merge Append of `documents_office_issued` and `documents_creator_issued`,
///   each in order, stopping after the page;
/// - processed: `routed_to_list` (position, not own) in order, each row joined to its
///   document by primary key, stopping after the page;
/// - all: the Merge Append of `routed_to_list` (own, and not own), the pool and the office's
///   issued documents, each in order; with words to find, each part is filtered as it is
///   read, so a page of common words stops early, a rare word reads the person's documents
///   once;
/// - awaiting issuance: `documents_awaiting` in order (signed, not ended, in the office).
fn parts(list: List) -> Vec<Part> {
    match list {
        List::ToDo => vec![docs(
            "NOT d.finished AND (d.holders @> ARRAY[$1::uuid] OR (cardinality(d.holders) = 0 \
             AND $2 = ANY(d.step_roles) AND d.scope_id = ANY($3::uuid[])))",
        )],
        List::MyDrafts => vec![docs("NOT d.finished AND d.creator_position = $1")],
        List::Issued => vec![
            docs("d.issued_at IS NOT NULL AND d.office_id = $4"),
            docs("d.issued_at IS NOT NULL AND d.creator_position = $1"),
        ],
        // Sent to the person, acted on by them (no longer waiting for them), not their own
        // drafts.
        List::Processed => vec![routed(
            "r.position_id = $1 AND NOT r.own AND (d.finished OR NOT d.holders @> ARRAY[$1::uuid])",
        )],
        List::All => vec![
            routed("r.position_id = $1 AND r.own"),
            routed("r.position_id = $1 AND NOT r.own"),
            docs(POOL),
            docs("d.issued_at IS NOT NULL AND d.office_id = $4"),
        ],
        List::AwaitingIssuance => vec![docs(
            "d.signed AND NOT d.finished AND d.office_id = $4 AND $2 = ANY(d.step_roles) \
             AND (d.issued_at IS NULL OR d.recalled)",
        )],
    }
}

/// The union of `list`'s parts, each read in order: the documents the asker may see
/// ($5 the levels cleared) with every word of $6 (when not null), after the cursor ($8, $9)
/// when `keyset`, at most `limit` (a parameter's number) of each.
fn union(list: List, keyset: bool, limit: &str) -> String {
    let columns = WORK_COLUMNS
        .split(", ")
        .map(|c| format!("d.{}", c.trim()))
        .collect::<Vec<_>>()
        .join(", ");
    parts(list)
        .iter()
        .map(|part| {
            let (from, k) = if part.routed {
                (
                    "outgoing.routed_to r JOIN outgoing.documents d ON d.document_id = r.document_id",
                    "r",
                )
            } else {
                ("outgoing.documents d", "d")
            };
            let after = if keyset {
                format!(" AND ({k}.updated_at, {k}.document_id) < ($8, $9)")
            } else {
                String::new()
            };
            format!(
                "(SELECT {columns} FROM {from} WHERE {filter} AND d.confidentiality = ANY($5){after} \
                   AND ($6::text[] IS NULL OR (SELECT bool_and(inbox.fold(d.summary || ' ' || \
                        coalesce(d.number_notation, '')) LIKE inbox.fold(w)) FROM unnest($6::text[]) w)) \
                 ORDER BY {k}.updated_at DESC, {k}.document_id DESC LIMIT {limit})",
                filter = part.filter
            )
        })
        .collect::<Vec<_>>()
        .join(" UNION ")
}

/// A page of a work list, newest first (keyset paging on `(updated_at, document_id)`, so a
/// page stays cheap however deep the client reads), and the size of the whole list, counted
/// up to [`COUNT_CAP`].
pub async fn work(
    client: &impl GenericClient,
    asker: &Asker,
    list: List,
    text: Option<&str>,
    after: Option<(DateTime<Utc>, Uuid)>,
    limit: i64,
) -> Result<(Vec<WorkRow>, Total), tokio_postgres::Error> {
    use tokio_postgres::types::{ToSql, Type};
    // Every word of `text` in the summary or the number and notation (accents and case
    // ignored, as the inbox's search folds them).
    let words = crate::word_patterns(text);
    let (after_at, after_id) = after.unzip();
    let asked: [(&(dyn ToSql + Sync), Type); 6] = [
        (&asker.position, Type::UUID),
        (&asker.role, Type::TEXT),
        (&asker.units_up, Type::UUID_ARRAY),
        (&asker.office, Type::UUID),
        (&asker.cleared, Type::TEXT_ARRAY),
        (&words, Type::TEXT_ARRAY),
    ];
    let page_sql = format!(
        "SELECT * FROM ({}) l ORDER BY l.updated_at DESC, l.document_id DESC LIMIT $7",
        union(list, after.is_some(), "$7")
    );
    let mut params = asked.to_vec();
    params.push((&limit, Type::INT8));
    if after.is_some() {
        params.push((&after_at, Type::TIMESTAMPTZ));
        params.push((&after_id, Type::UUID));
    }
    let rows: Vec<WorkRow> = client
        .query_typed(&page_sql, &params)
        .await?
        .iter()
        .map(work_row)
        .collect();
    let len = i64::try_from(rows.len()).unwrap_or(i64::MAX);
    let total = if after.is_none() && len < limit {
        // The whole list is on this page.
        Total {
            count: len,
            more: false,
        }
    } else {
        let cap = COUNT_CAP + 1;
        let count_sql = format!("SELECT count(*) FROM ({}) c", union(list, false, "$7"));
        let mut params = asked.to_vec();
        params.push((&cap, Type::INT8));
        let n: i64 = client.query_typed_one(&count_sql, &params).await?.get(0);
        Total {
            count: n.min(COUNT_CAP),
            more: n > COUNT_CAP,
        }
    };
    Ok((rows, total))
}

/// A document's row (access facts and list fields).
pub async fn document(
    client: &impl GenericClient,
    id: Uuid,
) -> Result<Option<(WorkRow, Vec<Uuid>, Option<Uuid>)>, tokio_postgres::Error> {
    let sql = format!(
        "SELECT {WORK_COLUMNS}, routed, scope_id FROM outgoing.documents WHERE document_id = $1"
    );
    Ok(client
        .query_opt(&sql, &[&id])
        .await?
        .map(|r| (work_row(&r), r.get(work_len()), r.get(work_len() + 1))))
}

/// One recipient's copy.
#[derive(Debug, Clone)]
pub struct DeliveryRow {
    pub recipient_kind: String,
    pub recipient_id: Uuid,
    pub delivery: String,
    pub copy_id: Option<Uuid>,
    pub withdrawn: bool,
}

pub async fn deliveries(
    client: &impl GenericClient,
    id: Uuid,
) -> Result<Vec<DeliveryRow>, tokio_postgres::Error> {
    Ok(client
        .query(
            "SELECT recipient_kind, recipient_id, delivery, copy_id, withdrawn FROM outgoing.deliveries \
             WHERE document_id = $1 ORDER BY recipient_kind DESC, recipient_id",
            &[&id],
        )
        .await?
        .iter()
        .map(|r| DeliveryRow {
            recipient_kind: r.get(0),
            recipient_id: r.get(1),
            delivery: r.get(2),
            copy_id: r.get(3),
            withdrawn: r.get(4),
        })
        .collect())
}

/// One person asked for an opinion.
#[derive(Debug, Clone)]
pub struct OpinionRow {
    pub document_id: Uuid,
    pub request_id: Uuid,
    pub position_id: Uuid,
    pub asked_by: Uuid,
    pub question: String,
    pub deadline: NaiveDate,
    pub asked_at: DateTime<Utc>,
    pub answered_at: Option<DateTime<Utc>>,
    pub opinion: Option<String>,
}

fn opinion_row(r: &tokio_postgres::Row) -> OpinionRow {
    OpinionRow {
        document_id: r.get(0),
        request_id: r.get(1),
        position_id: r.get(2),
        asked_by: r.get(3),
        question: r.get(4),
        deadline: r.get(5),
        asked_at: r.get(6),
        answered_at: r.get(7),
        opinion: r.get(8),
    }
}

const OPINION_COLUMNS: &str = "document_id, request_id, position_id, asked_by, question, deadline, asked_at, answered_at, opinion";

/// Every opinion asked on a document, with the answers so far.
pub async fn opinions_on(
    client: &impl GenericClient,
    id: Uuid,
) -> Result<Vec<OpinionRow>, tokio_postgres::Error> {
    let sql = format!(
        "SELECT {OPINION_COLUMNS} FROM outgoing.opinions WHERE document_id = $1 ORDER BY asked_at, position_id"
    );
    Ok(client
        .query(&sql, &[&id])
        .await?
        .iter()
        .map(opinion_row)
        .collect())
}

/// The opinions a position has been asked for and not given yet.
pub async fn opinions_asked_of(
    client: &impl GenericClient,
    position: Uuid,
) -> Result<Vec<OpinionRow>, tokio_postgres::Error> {
    let sql = format!(
        "SELECT {OPINION_COLUMNS} FROM outgoing.opinions WHERE position_id = $1 AND answered_at IS NULL \
         ORDER BY deadline, asked_at"
    );
    Ok(client
        .query(&sql, &[&position])
        .await?
        .iter()
        .map(opinion_row)
        .collect())
}

/// A row of the outgoing register book.
#[derive(Debug, Clone, PartialEq)]
pub struct BookRow {
    pub number: i64,
    pub document_id: Uuid,
    pub number_notation: String,
    pub issue_date: NaiveDate,
    pub document_type: String,
    pub summary: String,
    pub signer_name: String,
    pub drafting_unit_id: Uuid,
    pub urgency: String,
    pub confidentiality: String,
    pub recipients: Option<i32>,
    pub sent_at: Option<DateTime<Utc>>,
}

/// The outgoing book of a register's year, by number: after `after` (a number), at most
/// `limit` rows (all when `None`); with `text`, only the rows whose summary, number and
/// notation or signer contain every word of it (accents and case ignored); only the rows of
/// the `cleared` confidentiality levels (its readers, the register's keepers and auditors,
/// read every row their clearance allows: `ReadScope`).
pub async fn book(
    client: &impl GenericClient,
    register: Uuid,
    year: i32,
    after: Option<i64>,
    limit: Option<i64>,
    text: Option<&str>,
    cleared: &[String],
) -> Result<Vec<BookRow>, tokio_postgres::Error> {
    let words = crate::word_patterns(text);
    Ok(client
        .query(
            "SELECT number, document_id, number_notation, issue_date, document_type, summary, signer_name, \
                 drafting_unit_id, urgency, confidentiality, recipients, sent_at \
             FROM outgoing.book b WHERE register_id = $1 AND year = $2 AND number > coalesce($3::bigint, 0) \
               AND confidentiality = ANY($6) \
               AND ($5::text[] IS NULL OR (SELECT bool_and(lower(public.unaccent(concat_ws(' ', \
                   b.summary, b.number_notation, b.signer_name, b.number::text))) \
                   LIKE lower(public.unaccent(w))) FROM unnest($5::text[]) AS w)) \
             ORDER BY number LIMIT $4",
            &[&register, &year, &after, &limit, &words, &cleared],
        )
        .await?
        .iter()
        .map(|r| BookRow {
            number: r.get(0),
            document_id: r.get(1),
            number_notation: r.get(2),
            issue_date: r.get(3),
            document_type: r.get(4),
            summary: r.get(5),
            signer_name: r.get(6),
            drafting_unit_id: r.get(7),
            urgency: r.get(8),
            confidentiality: r.get(9),
            recipients: r.get(10),
            sent_at: r.get(11),
        })
        .collect())
}
