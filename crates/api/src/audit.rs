//! What auditors read: a document's history (incoming or outgoing, under the rule that
//! opens the document) and the audit log of every recorded act, filtered by person, unit,
//! document, event type and period. Both name the person who acted and, under a
//! delegation, the one on whose behalf (`actedBy`, `onBehalfOfPerson`). Who reads how much
//! of the audit log is `domain::access::audit_log_reach`; a row about a document above the
//! reader's clearance keeps who, when and what, never its summary.

use async_graphql::connection::{Connection, Edge, EmptyFields, OpaqueCursor};
use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use chancery_domain::DomainEvent;
use chancery_domain::access::{self, Action, AuditReach};
use chancery_domain::ids::{PositionId, UnitId, UserId};
use chancery_domain::organisation::Organisation;
use chancery_read_models::{audit_log, document_history};
use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use crate::ApiError;
use crate::auth::{api, guard};
use crate::documents::{PositionRef, position_ref, working};
use crate::error::bounded;
use crate::organisation::parse_id;

/// A person as a history or log line names them.
#[derive(SimpleObject, Clone)]
pub struct PersonRef {
    pub person_id: ID,
    pub name: String,
}

fn person_ref(organisation: &Organisation, id: Uuid) -> PersonRef {
    PersonRef {
        person_id: ID(id.to_string()),
        name: organisation
            .people
            .get(&UserId(id))
            .map(|p| p.full_name.clone())
            .unwrap_or_default(),
    }
}

#[derive(SimpleObject)]
pub struct HistoryEntryView {
    pub position: String,
    pub recorded_at: DateTime<Utc>,
    pub event_type: String,
    pub action: Option<String>,
    pub from_step: Option<String>,
    pub to_step: Option<String>,
    /// The action's and steps' titles in the request's language, from the document's
    /// process definition (none for what is not a step of it).
    pub action_title: Option<String>,
    pub from_step_title: Option<String>,
    pub to_step_title: Option<String>,
    /// The position acted in, with its holder.
    pub actor: Option<PositionRef>,
    /// The person who acted: under a delegation, the delegate (the position's holder is
    /// then `onBehalfOfPerson`).
    pub acted_by: Option<PersonRef>,
    /// Acting by delegation for this person, with this authority (KT., TL., TUQ., TM.).
    pub on_behalf_of: Option<ID>,
    pub on_behalf_of_person: Option<PersonRef>,
    pub authority: Option<String>,
    pub note: Option<String>,
    pub deadline: Option<NaiveDate>,
    pub recipients: Option<async_graphql::Json<serde_json::Value>>,
    /// Whom the entry sent the document to (an action's main handler, co-handlers, people
    /// for information, and units given a copy), named: the edges of the processing flow.
    pub sent_to: Vec<SentTo>,
}

/// How a person or unit received the document from a history entry.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum SentToKind {
    /// Xử lý chính.
    Main,
    /// Phối hợp.
    Co,
    /// Xem để biết.
    Info,
    /// A unit given its own copy (a fan-out).
    Unit,
}

/// One recipient of a history entry.
#[derive(SimpleObject)]
pub struct SentTo {
    pub kind: SentToKind,
    /// The position sent to (none for a unit).
    pub position: Option<PositionRef>,
    /// The unit sent to (a unit's copy), or the position's unit.
    pub unit_name: String,
}

/// The recipients an entry names, in order: main, co-handlers, for information, units.
fn sent_to(
    organisation: &chancery_domain::organisation::Organisation,
    recipients: Option<&serde_json::Value>,
    detail: &serde_json::Value,
) -> Vec<SentTo> {
    let ids = |v: Option<&serde_json::Value>| -> Vec<uuid::Uuid> {
        match v {
            Some(serde_json::Value::Array(list)) => list
                .iter()
                .filter_map(|x| x.as_str().and_then(|s| s.parse().ok()))
                .collect(),
            Some(serde_json::Value::String(s)) => s.parse().ok().into_iter().collect(),
            _ => Vec::new(),
        }
    };
    let person = |kind: SentToKind, id: uuid::Uuid| {
        let position = position_ref(organisation, PositionId(id));
        SentTo {
            kind,
            unit_name: position.unit_name.clone(),
            position: Some(position),
        }
    };
    let mut out = Vec::new();
    if let Some(r) = recipients {
        out.extend(
            ids(r.get("main"))
                .into_iter()
                .map(|id| person(SentToKind::Main, id)),
        );
        out.extend(
            ids(r.get("co"))
                .into_iter()
                .map(|id| person(SentToKind::Co, id)),
        );
        out.extend(
            ids(r.get("info"))
                .into_iter()
                .map(|id| person(SentToKind::Info, id)),
        );
    }
    out.extend(ids(detail.get("units")).into_iter().map(|id| {
        SentTo {
            kind: SentToKind::Unit,
            position: None,
            unit_name: organisation
                .units
                .get(&chancery_domain::ids::UnitId(id))
                .map(|u| u.name.clone())
                .unwrap_or_default(),
        }
    }));
    out
}

/// Which kind of document an audit-log row is about.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum DocumentKind {
    Incoming,
    Outgoing,
}

/// One row of the audit log.
#[derive(SimpleObject)]
pub struct AuditEntry {
    pub position: String,
    pub recorded_at: DateTime<Utc>,
    pub event_type: String,
    /// The person who acted (under a delegation, the delegate).
    pub acted_by: Option<PersonRef>,
    /// The position acted in.
    pub actor_position: Option<PositionRef>,
    pub unit_name: Option<String>,
    /// Under a delegation: on whose behalf, with which authority.
    pub on_behalf_of: Option<PersonRef>,
    pub authority: Option<String>,
    pub document_id: Option<ID>,
    pub document_kind: Option<DocumentKind>,
    /// A one-line technical summary; `null` when withheld (`withheld`).
    pub summary: Option<String>,
    /// The row is about a document above the reader's clearance: its summary is withheld.
    pub withheld: bool,
}

/// What to look for in the audit log; every filter given must match.
#[derive(InputObject, Default)]
pub struct AuditLogFilter {
    /// Acts of this person, or done on their behalf.
    pub person_id: Option<ID>,
    /// Acts done in this unit or a unit below it.
    pub unit_id: Option<ID>,
    /// Acts on this document (incoming or outgoing).
    pub document_id: Option<ID>,
    /// Exactly this event type (`document.action-taken`).
    pub event_type: Option<String>,
    /// Event types of this area (`document`, `outgoing`, `organisation`, `identity`…).
    pub category: Option<String>,
    /// From this moment (inclusive).
    pub from: Option<DateTime<Utc>>,
    /// Up to this moment (exclusive).
    pub to: Option<DateTime<Utc>>,
}

#[derive(Default)]
pub struct AuditQuery;

#[Object]
impl AuditQuery {
    /// Every event of a document (incoming or outgoing), oldest first, with actor,
    /// position, delegation and note; for whoever may open the document.
    async fn document_history(
        &self,
        ctx: &Context<'_>,
        document_id: ID,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<crate::ListConnection<HistoryEntryView>> {
        let guard = working(ctx).await?;
        let api = api(ctx)?;
        let id = parse_id(&document_id, "documentId")?;
        let (_, incoming) = api.commands.document(id).await.map_err(ApiError::from)?;
        let (process, version) = if incoming.is_some() {
            crate::documents::readable(api, &guard, id)
                .await?
                .0
                .definition
        } else {
            // Not an incoming document: an outgoing one, opened as its page is.
            api.outgoing()
                .readable(&guard.caller(None)?, id)
                .await
                .map_err(ApiError::from)?
                .0
                .definition
        };
        let definition = api.workflows.get(&process, version).ok();
        let definition = definition.as_deref();
        let language = crate::auth::lang(ctx);
        let step_title = |step: &Option<String>| {
            step.as_ref()
                .map(|s| crate::actions::step_title(definition, s, language))
        };
        let action_title = |action: &Option<String>| {
            crate::actions::action_title(definition, action.as_ref()?, language)
        };
        let client = api.read_client().await?;
        let entries = document_history::history(&**client, id)
            .await
            .map_err(ApiError::internal)?;
        let organisation = &guard.organisation;
        // A correction's note says what it changed, compared with the metadata before it.
        let mut metadata: Option<chancery_domain::document::Metadata> = None;
        let corrections: Vec<Option<String>> = entries
            .iter()
            .map(|e| {
                let now = e
                    .detail
                    .get("metadata")
                    .and_then(|m| serde_json::from_value(m.clone()).ok());
                let said = match (&metadata, &now) {
                    (Some(before), Some(after))
                        if e.event_type
                            == chancery_domain::document::MetadataUpdated::EVENT_TYPE =>
                    {
                        let changes =
                            chancery_domain::corrections::changes(before, after, language);
                        Some(chancery_domain::corrections::describe(&changes, language))
                            .filter(|s| !s.is_empty())
                    }
                    _ => None,
                };
                if now.is_some() {
                    metadata = now;
                }
                said
            })
            .collect();
        let entries = entries
            .into_iter()
            .zip(corrections)
            .map(|(e, correction)| HistoryEntryView {
                position: e.global_position.to_string(),
                recorded_at: e.recorded_at,
                event_type: e.event_type,
                action_title: action_title(&e.action),
                from_step_title: step_title(&e.from_step),
                to_step_title: step_title(&e.to_step),
                action: e.action,
                from_step: e.from_step,
                to_step: e.to_step,
                actor: e
                    .actor_position_id
                    .map(|p| position_ref(organisation, PositionId(p))),
                acted_by: e.actor_person_id.map(|p| person_ref(organisation, p)),
                on_behalf_of: e.on_behalf_of_user_id.map(|u| ID(u.to_string())),
                on_behalf_of_person: e.on_behalf_of_user_id.map(|u| person_ref(organisation, u)),
                authority: e.authority,
                note: correction.or(e.note),
                deadline: e.deadline,
                sent_to: sent_to(organisation, e.recipients.as_ref(), &e.detail),
                recipients: e.recipients.map(async_graphql::Json),
            })
            .collect();
        Ok(crate::paged(entries, first, after)?)
    }

    /// The audit log, newest first: every recorded act with who acted (and on whose
    /// behalf), where, when and on which document. Auditors read all of it, administrators
    /// the rows about no document; a row about a document above the reader's clearance
    /// comes without its summary.
    async fn audit_log(
        &self,
        ctx: &Context<'_>,
        filter: Option<AuditLogFilter>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Connection<OpaqueCursor<i64>, AuditEntry, EmptyFields, EmptyFields>>
    {
        let guard = guard(ctx, &Action::ReadAuditLog).await?;
        let principal = guard.principal.as_ref().ok_or(ApiError::Unauthenticated)?;
        let reach = access::audit_log_reach(principal).map_err(ApiError::from)?;
        let api = api(ctx)?;
        let filter = filter.unwrap_or_default();
        let organisation = &guard.organisation;
        let parse =
            |id: &Option<ID>, field: &str| id.as_ref().map(|i| parse_id(i, field)).transpose();
        let unit_ids = match parse(&filter.unit_id, "filter.unitId")? {
            None => Vec::new(),
            Some(unit) => {
                if !organisation.units.contains_key(&UnitId(unit)) {
                    return Err(
                        ApiError::invalid("filter.unitId", "NOT_FOUND", "no such unit").into(),
                    );
                }
                organisation
                    .units
                    .keys()
                    .filter(|u| organisation.is_within(**u, UnitId(unit)))
                    .map(|u| u.0)
                    .collect()
            }
        };
        if let (Some(from), Some(to)) = (filter.from, filter.to)
            && to < from
        {
            return Err(ApiError::invalid(
                "filter.to",
                "END_BEFORE_START",
                "the period ends before it starts",
            )
            .into());
        }
        let after = crate::decode_after::<i64>(after.as_deref())?;
        let limit = first.unwrap_or(50).clamp(1, 200);
        let query = audit_log::AuditQuery {
            actor_user_id: parse(&filter.person_id, "filter.personId")?,
            unit_ids,
            document_id: parse(&filter.document_id, "filter.documentId")?,
            event_type: bounded("filter.eventType", filter.event_type, 100)?,
            category: bounded("filter.category", filter.category, 100)?,
            from: filter.from,
            to: filter.to,
            without_documents: reach == AuditReach::Administration,
            cleared: Some(crate::read_scope(&guard)?.clearance),
            newest_first: true,
            after_position: after.map(|p| u64::try_from(p).unwrap_or(0)),
            limit: u32::try_from(limit + 1).unwrap_or(51),
            ..audit_log::AuditQuery::default()
        };
        let client = api.read_client().await?;
        let mut rows = audit_log::query(&**client, &query)
            .await
            .map_err(ApiError::internal)?;
        let more = rows.len() > usize::try_from(limit).unwrap_or(50);
        rows.truncate(usize::try_from(limit).unwrap_or(50));
        let mut connection = Connection::new(after.is_some(), more);
        connection.edges.extend(rows.into_iter().map(|r| {
            let outgoing = r.event_type.starts_with("outgoing.")
                || r.event_type == "register.outgoing-number-taken";
            let withheld = r.summary.is_none();
            Edge::new(
                OpaqueCursor(i64::try_from(r.global_position).unwrap_or(i64::MAX)),
                AuditEntry {
                    position: r.global_position.to_string(),
                    recorded_at: r.recorded_at,
                    acted_by: r.actor_user_id.map(|p| person_ref(organisation, p)),
                    actor_position: r
                        .actor_position_id
                        .map(|p| position_ref(organisation, PositionId(p))),
                    unit_name: r
                        .actor_unit_id
                        .and_then(|u| organisation.units.get(&UnitId(u)).map(|u| u.name.clone())),
                    on_behalf_of: r.on_behalf_of_user_id.map(|p| person_ref(organisation, p)),
                    authority: r.authority,
                    document_id: r.document_id.map(|d| ID(d.to_string())),
                    document_kind: r.document_id.map(|_| {
                        if outgoing {
                            DocumentKind::Outgoing
                        } else {
                            DocumentKind::Incoming
                        }
                    }),
                    event_type: r.event_type,
                    summary: r.summary,
                    withheld,
                },
            )
        }));
        Ok(connection)
    }
}
