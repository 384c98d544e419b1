//! `document_history`: every event of every document as one history line (quá trình xử lý):
//! when, which event and action, from which step to which, who acted in which position (the
//! event's `by`; the metadata's actor for `document.reopened`, which has none), on whose
//! behalf and with which authority when under a delegation (the metadata's on-behalf-of),
//! the note, the deadline and the recipients. Outgoing documents (`outgoing.*` events) have
//! their history here too, under their own id: drafted, new versions, the review chain's
//! actions, signatures, number, issuance and recall, opinions asked and given.
//!
//! A history says what happened, once: registering is one line (the registration and the
//! step it moves the document on are two events of one command: the move is written into
//! the registration's line), and a position opening the document is one line per time the
//! document reached a new point (re-opening it before anyone acted again adds nothing; the
//! audit log keeps every opening).

use async_trait::async_trait;
use chancery_domain::catalogue::{self, AnyEvent};
use chancery_event_store::RecordedEvent;
use chancery_pg::Migration;
use chancery_projector::{Projection, ProjectionError};
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{Value, json};
use tokio_postgres::GenericClient;
use tokio_postgres::types::ToSql;
use uuid::Uuid;

use crate::inbox::decode;

pub const NAME: &str = "document_history";

/// The event types whose lines are written by a rule of their own.
const REGISTERED: &str = "document.registered";
const ACTION_TAKEN: &str = "document.action-taken";
const READ: &str = "document.read";

const SCHEMA: &[Migration] = &[Migration {
    name: "document_history/0001_entries",
    sql: include_str!("../../../projections/document_history/0001_entries.sql"),
}];

/// The projection.
#[derive(Debug, Clone, Copy)]
pub struct DocumentHistory;

/// One history line, before it is written.
#[derive(Default)]
struct Line {
    document_id: Uuid,
    action: Option<String>,
    from_step: Option<String>,
    to_step: Option<String>,
    person: Option<Uuid>,
    position: Option<Uuid>,
    note: Option<String>,
    deadline: Option<NaiveDate>,
    recipients: Option<Value>,
    detail: Value,
}

fn line(event: AnyEvent) -> Option<Line> {
    Some(match event {
        AnyEvent::DocumentReceived(e) => Line {
            document_id: e.document_id,
            to_step: Some(e.step),
            person: Some(e.by.person.0),
            position: Some(e.by.position.0),
            note: e.metadata.notes.clone(),
            deadline: e.metadata.deadline,
            detail: json!({
                "unit_id": e.unit_id,
                "definition": e.definition,
                "definition_version": e.definition_version,
                "parent_id": e.parent_id,
                "channel": e.channel,
                "files": e.files,
                // What a later correction is compared with (the history names what changed).
                "metadata": e.metadata,
            }),
            ..Line::default()
        },
        AnyEvent::DocumentRegistered(e) => Line {
            document_id: e.document_id,
            person: Some(e.by.person.0),
            position: Some(e.by.position.0),
            detail: json!({"register_id": e.register_id, "year": e.year, "number": e.number}),
            ..Line::default()
        },
        AnyEvent::MetadataUpdated(e) => Line {
            document_id: e.document_id,
            person: Some(e.by.person.0),
            position: Some(e.by.position.0),
            detail: json!({"metadata": e.metadata}),
            ..Line::default()
        },
        AnyEvent::ActionTaken(e) => Line {
            document_id: e.document_id,
            action: Some(e.action),
            from_step: Some(e.from_step),
            to_step: Some(e.to_step),
            person: Some(e.by.person.0),
            position: Some(e.by.position.0),
            note: e.note,
            deadline: e.deadline,
            recipients: serde_json::to_value(&e.recipients).ok(),
            detail: json!({"units": e.units, "files": e.files}),
        },
        AnyEvent::DocumentRead(e) => Line {
            document_id: e.document_id,
            person: Some(e.by.person.0),
            position: Some(e.by.position.0),
            detail: json!({"at": e.at}),
            ..Line::default()
        },
        AnyEvent::DocumentReopened(e) => Line {
            document_id: e.document_id,
            to_step: Some(e.step),
            note: Some(e.note),
            detail: json!({"child_id": e.child_id, "child_unit_id": e.child_unit_id}),
            ..Line::default()
        },
        AnyEvent::PartCompleted(e) => Line {
            document_id: e.document_id,
            action: Some(chancery_domain::document::COMPLETE_PART.to_owned()),
            person: Some(e.by.person.0),
            position: Some(e.by.position.0),
            note: e.note,
            detail: json!({}),
            ..Line::default()
        },
        AnyEvent::DocumentWithdrawn(e) => Line {
            document_id: e.document_id,
            action: Some("withdraw".to_owned()),
            from_step: Some(e.step),
            to_step: Some(chancery_domain::document::WITHDRAWN_STEP.to_owned()),
            person: Some(e.by.person.0),
            position: Some(e.by.position.0),
            note: Some(e.note).filter(|n| !n.is_empty()),
            detail: json!({"outgoing_id": e.outgoing_id}),
            ..Line::default()
        },
        AnyEvent::DocumentCancelled(e) => Line {
            document_id: e.document_id,
            action: Some("cancel_receipt".to_owned()),
            from_step: Some(e.step),
            person: Some(e.by.person.0),
            position: Some(e.by.position.0),
            note: Some(e.note),
            detail: json!({}),
            ..Line::default()
        },
        AnyEvent::DocumentSignaturesVerified(e) => Line {
            document_id: e.document_id,
            action: Some("verify_signatures".to_owned()),
            detail: json!({
                "file_sha256": e.file_sha256,
                "file_name": e.file_name,
                "signatures": e.signatures,
            }),
            ..Line::default()
        },
        AnyEvent::DocumentReinstated(e) => Line {
            document_id: e.document_id,
            action: Some("reinstate".to_owned()),
            from_step: Some(chancery_domain::document::WITHDRAWN_STEP.to_owned()),
            to_step: Some(e.step),
            person: Some(e.by.person.0),
            position: Some(e.by.position.0),
            detail: json!({"outgoing_id": e.outgoing_id}),
            ..Line::default()
        },
        AnyEvent::DraftCreated(e) => Line {
            document_id: e.document_id,
            to_step: Some(e.step),
            person: Some(e.by.person.0),
            position: Some(e.by.position.0),
            detail: json!({
                "unit_id": e.unit_id,
                "definition": e.definition,
                "definition_version": e.definition_version,
                "files": e.files,
            }),
            ..Line::default()
        },
        AnyEvent::VersionAdded(e) => Line {
            document_id: e.document_id,
            person: Some(e.by.person.0),
            position: Some(e.by.position.0),
            note: e.note,
            detail: json!({"version": e.version, "files": e.files}),
            ..Line::default()
        },
        AnyEvent::OutgoingActionTaken(e) => Line {
            document_id: e.document_id,
            action: Some(e.action),
            from_step: Some(e.from_step),
            to_step: Some(e.to_step),
            person: Some(e.by.person.0),
            position: Some(e.by.position.0),
            note: e.note,
            deadline: e.deadline,
            recipients: serde_json::to_value(&e.recipients).ok(),
            detail: json!({"to_scope": e.to_scope}),
        },
        AnyEvent::DocumentSigned(e) => Line {
            document_id: e.document_id,
            person: Some(e.by.person.0),
            position: Some(e.by.position.0),
            detail: json!({
                "kind": e.kind,
                "signer_name": e.signer_name,
                "certificate_serial": e.certificate_serial,
                "signed_at": e.signed_at,
            }),
            ..Line::default()
        },
        AnyEvent::OutgoingNumbered(e) => Line {
            document_id: e.document_id,
            person: Some(e.by.person.0),
            position: Some(e.by.position.0),
            detail: json!({"number": e.number, "number_notation": e.number_notation}),
            ..Line::default()
        },
        AnyEvent::IssuanceRequested(e) => Line {
            document_id: e.document_id,
            action: Some(e.action),
            person: Some(e.by.person.0),
            position: Some(e.by.position.0),
            ..Line::default()
        },
        AnyEvent::DocumentIssued(e) => Line {
            document_id: e.document_id,
            person: Some(e.by.person.0),
            position: Some(e.by.position.0),
            detail: json!({"number_notation": e.number_notation, "deliveries": e.deliveries.len()}),
            ..Line::default()
        },
        AnyEvent::IssueRecalled(e) => Line {
            document_id: e.document_id,
            person: Some(e.by.person.0),
            position: Some(e.by.position.0),
            note: Some(e.note).filter(|n| !n.is_empty()),
            detail: json!({"withdrawn": e.withdrawn}),
            ..Line::default()
        },
        AnyEvent::RecipientsChanged(e) => Line {
            document_id: e.document_id,
            person: Some(e.by.person.0),
            position: Some(e.by.position.0),
            note: e.note,
            detail: json!({"added": e.added, "removed": e.removed}),
            ..Line::default()
        },
        AnyEvent::OpinionsRequested(e) => Line {
            document_id: e.document_id,
            person: Some(e.by.person.0),
            position: Some(e.by.position.0),
            note: Some(e.question),
            deadline: Some(e.deadline),
            recipients: Some(json!({"info": e.asked})),
            detail: json!({"request_id": e.request_id}),
            ..Line::default()
        },
        AnyEvent::OpinionGiven(e) => Line {
            document_id: e.document_id,
            person: Some(e.by.person.0),
            position: Some(e.by.position.0),
            note: Some(e.opinion),
            detail: json!({"request_id": e.request_id}),
            ..Line::default()
        },
        AnyEvent::SignaturesVerified(e) => Line {
            document_id: e.document_id,
            action: Some("verify_signatures".to_owned()),
            detail: json!({
                "file_sha256": e.file_sha256,
                "file_name": e.file_name,
                "signatures": e.signatures,
            }),
            ..Line::default()
        },
        _ => return None,
    })
}

#[async_trait]
impl Projection for DocumentHistory {
    fn name(&self) -> &'static str {
        NAME
    }

    fn schema(&self) -> &'static [Migration] {
        SCHEMA
    }

    fn version(&self) -> u32 {
        // 4: a received document's line keeps its metadata (corrections are compared with it).
        // 5: registering is one line; re-opening adds none until someone else acts.
        5
    }

    /// One INSERT per document event (an action of a registration's command updates its
    /// line instead; a repeated opening writes nothing); `ON CONFLICT DO NOTHING` and the
    /// conditions make it idempotent.
    async fn apply(
        &self,
        tx: &deadpool_postgres::Transaction<'_>,
        events: &[RecordedEvent],
    ) -> Result<(), ProjectionError> {
        let upcasters = catalogue::upcasters();
        const COLUMNS: &str = "global_position, document_id, recorded_at, event_type, action, from_step, \
             to_step, actor_person_id, actor_position_id, on_behalf_of_user_id, authority, note, deadline, \
             recipients, detail";
        const VALUES: &str = "$1::bigint, $2::uuid, $3::timestamptz, $4::text, $5::text, $6::text, $7::text, \
             $8::uuid, $9::uuid, $10::uuid, $11::text, $12::text, $13::date, $14::jsonb, $15::jsonb";
        let statement = tx
            .prepare_cached(&format!(
                "INSERT INTO entries ({COLUMNS}) VALUES ({VALUES}) ON CONFLICT (global_position) DO NOTHING"
            ))
            .await?;
        // An opening: a line only when the position has neither opened nor acted on the
        // document since someone else last acted on it.
        let read = tx
            .prepare_cached(&format!(
                "INSERT INTO entries ({COLUMNS}) SELECT {VALUES} \
                 WHERE NOT EXISTS (SELECT 1 FROM entries e WHERE e.document_id = $2 \
                     AND e.actor_position_id IS NOT DISTINCT FROM $9 AND e.global_position < $1 \
                     AND e.global_position > coalesce((SELECT max(o.global_position) FROM entries o \
                         WHERE o.document_id = $2 AND o.event_type <> $4 AND o.global_position < $1 \
                           AND o.actor_position_id IS DISTINCT FROM $9), 0)) \
                 ON CONFLICT (global_position) DO NOTHING"
            ))
            .await?;
        // An action: written into the line of the registration its command made, if any.
        let action = tx
            .prepare_cached(&format!(
                "WITH merged AS (UPDATE entries SET action = $5, from_step = $6, to_step = $7, \
                     note = coalesce($12, note), deadline = coalesce($13, deadline), \
                     recipients = coalesce($14, recipients) \
                     WHERE document_id = $2 AND event_type = '{REGISTERED}' AND global_position < $1 \
                       AND detail->>'command_id' = $16::text \
                     RETURNING 1) \
                 INSERT INTO entries ({COLUMNS}) SELECT {VALUES} \
                 WHERE NOT EXISTS (SELECT 1 FROM merged) \
                 ON CONFLICT (global_position) DO NOTHING"
            ))
            .await?;
        let mut lines = Vec::new();
        for recorded in events {
            if !recorded.event_type.starts_with("document.")
                && !recorded.event_type.starts_with("outgoing.")
            {
                continue;
            }
            let Some(mut line) = line(decode(NAME, &upcasters, recorded)?) else {
                continue;
            };
            let metadata = recorded.metadata().map_err(|e| ProjectionError::Handler {
                projection: NAME.to_owned(),
                position: recorded.global_position.0,
                reason: format!("metadata: {e}"),
            })?;
            if line.person.is_none()
                && let Some(actor) = &metadata.actor
            {
                line.person = Some(actor.user_id);
                line.position = actor.position_id;
            }
            if recorded.event_type == REGISTERED
                && let Value::Object(detail) = &mut line.detail
            {
                detail.insert("command_id".to_owned(), json!(metadata.command_id));
            }
            let position = i64::try_from(recorded.global_position.0).unwrap_or(i64::MAX);
            let behalf = metadata.on_behalf_of.as_ref().map(|b| b.user_id);
            let authority = metadata.on_behalf_of.as_ref().map(|b| b.authority.clone());
            lines.push((
                position,
                line,
                metadata.recorded_at,
                behalf,
                authority,
                recorded,
                metadata.command_id.to_string(),
            ));
        }
        // Independent rows: sent pipelined, answered together.
        crate::inbox::in_order(
            lines
                .iter()
                .map(
                    |(position, line, recorded_at, behalf, authority, recorded, command)| {
                        let (statement, extra): (_, Option<&(dyn ToSql + Sync)>) =
                            match recorded.event_type.as_str() {
                                READ => (&read, None),
                                ACTION_TAKEN => (&action, Some(command as &(dyn ToSql + Sync))),
                                _ => (&statement, None),
                            };
                        let mut params: Vec<&(dyn ToSql + Sync)> = vec![
                            position,
                            &line.document_id,
                            recorded_at,
                            &recorded.event_type,
                            &line.action,
                            &line.from_step,
                            &line.to_step,
                            &line.person,
                            &line.position,
                            behalf,
                            authority,
                            &line.note,
                            &line.deadline,
                            &line.recipients,
                            &line.detail,
                        ];
                        params.extend(extra);
                        crate::inbox::exec(tx, statement, params)
                    },
                )
                .collect(),
        )
        .await?;
        Ok(())
    }
}

/// One line of a document's history.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryEntry {
    pub global_position: i64,
    pub document_id: Uuid,
    pub recorded_at: DateTime<Utc>,
    pub event_type: String,
    pub action: Option<String>,
    pub from_step: Option<String>,
    pub to_step: Option<String>,
    pub actor_person_id: Option<Uuid>,
    pub actor_position_id: Option<Uuid>,
    pub on_behalf_of_user_id: Option<Uuid>,
    pub authority: Option<String>,
    pub note: Option<String>,
    pub deadline: Option<NaiveDate>,
    /// `{"main": …, "co": […], "info": […]}` for actions.
    pub recipients: Option<Value>,
    pub detail: Value,
}

/// The history of `document_id`, oldest first.
pub async fn history(
    client: &impl GenericClient,
    document_id: Uuid,
) -> Result<Vec<HistoryEntry>, tokio_postgres::Error> {
    let rows = client
        .query(
            "SELECT global_position, document_id, recorded_at, event_type, action, from_step, to_step, \
                    actor_person_id, actor_position_id, on_behalf_of_user_id, authority, note, deadline, \
                    recipients, detail \
             FROM document_history.entries WHERE document_id = $1 ORDER BY global_position",
            &[&document_id],
        )
        .await?;
    Ok(rows
        .iter()
        .map(|r| HistoryEntry {
            global_position: r.get(0),
            document_id: r.get(1),
            recorded_at: r.get(2),
            event_type: r.get(3),
            action: r.get(4),
            from_step: r.get(5),
            to_step: r.get(6),
            actor_person_id: r.get(7),
            actor_position_id: r.get(8),
            on_behalf_of_user_id: r.get(9),
            authority: r.get(10),
            note: r.get(11),
            deadline: r.get(12),
            recipients: r.get(13),
            detail: r.get(14),
        })
        .collect())
}
