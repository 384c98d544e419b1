//! The reactions of the document processes: what must happen because something happened,
//! carried out by the reaction runners of `chancery_projector::reactions` (own checkpoint,
//! one runner across processes), never inside the request that recorded the cause.
//!
//! - [`DocumentEffects`] follows `document.action-taken` and `document.registered`: a
//!   fan-out's children (one per unit that does not hold a copy already), a unit's refusal
//!   re-opening its parent, the status notices to the agency that sent an electronic
//!   document (registered, refused).
//! - [`Issuance`] follows `outgoing.issuance-requested`: the organisation's seal over the
//!   numbered document and the issuance, as the clerk who asked (numbering and issuing are
//!   one click; a crash between them leaves the issuance to this reaction, not to a retry).
//! - [`IssuanceCopies`] follows `outgoing.issued`: one copy per internal recipient, each
//!   carrying the check of the issued files' signatures.
//! - [`ArrivalChecks`] follows `document.received` from outside (paper, or electronic from
//!   another agency): the signatures its files carry are checked and the result recorded.
//!
//! Every command here takes its ids, actor and time from the event that caused it
//! ([`caused_by`]): reacting to the same event again stores nothing new and completes what
//! an interrupted attempt left undone.

use std::collections::BTreeSet;
use std::sync::Arc;

use async_trait::async_trait;
use chancery_domain::DomainError;
use chancery_domain::catalogue::{self, AnyEvent};
use chancery_domain::document::{
    self, ActedBy, ActionTaken, Actor, Channel, DocumentId, DocumentReopened, ExchangeStatus,
    ReceiveInput,
};
use chancery_domain::events::{DomainEvent, StoredShape};
use chancery_domain::ids::UnitId;
use chancery_domain::outgoing::{Addressee, DocumentIssued, IssuanceRequested};
use chancery_domain::processes::ProcessPublished;
use chancery_domain::workflow::{Definition, Effect};
use chancery_event_store::{
    ExpectedRevision, GlobalPosition, RecordedEvent, StoreError, StreamId, derive_event_id,
};
use chancery_files::FileStore;
use chancery_projector::{Reaction, ReactionError};
use uuid::Uuid;

use crate::documents::Workflows;
use crate::signatures::Verifier;
use crate::{CommandContext, CommandError, Commands};

/// The command a reaction issues for `cause`, told apart from its other commands for the
/// same cause by `salt`: its id derives from both, and its actor, delegation, correlation
/// and time are the cause's, so issuing it again yields the very same events.
pub fn caused_by(cause: &RecordedEvent, salt: u128) -> Result<CommandContext, CommandError> {
    let metadata = cause
        .metadata()
        .map_err(|e| CommandError::Corrupt(e.to_string()))?;
    Ok(CommandContext {
        command_id: derive_event_id(Uuid::from_u128(cause.event_id.as_u128() ^ salt), 0x5EAC),
        correlation_id: metadata.correlation_id,
        causation_id: Some(cause.event_id),
        actor: metadata.actor,
        on_behalf_of: metadata.on_behalf_of,
        now: metadata.recorded_at,
    })
}

/// The id of the copy a fan-out caused by event `cause` gives `unit`.
pub fn child_id(cause: Uuid, unit: UnitId) -> DocumentId {
    derive_event_id(Uuid::from_u128(cause.as_u128() ^ unit.0.as_u128()), 0)
}

/// Salts telling apart the commands one cause issues (besides per-unit ones, salted by the
/// unit's id).
const REOPEN: u128 = 1;
const NOTICE: u128 = 2;
const VERIFY: u128 = 3;
const ISSUE: u128 = 4;

fn decode(commands: &Commands, event: &RecordedEvent) -> Result<AnyEvent, ReactionError> {
    catalogue::decode(
        &commands.upcasters,
        StoredShape {
            event_type: event.event_type.clone(),
            schema_version: event.schema_version,
            payload: event.payload.clone(),
        },
    )
    .map_err(|e| ReactionError::Failed(format!("the event does not decode: {e}")))
}

/// How a command's failure counts for a reaction: a refusal is for good; a store or
/// server failure may pass.
fn judged(error: CommandError) -> ReactionError {
    match error {
        CommandError::Refused(e) => ReactionError::Failed(format!("{}: {}", e.code, e.detail)),
        CommandError::Denied(e) => ReactionError::Failed(e.to_string()),
        CommandError::Corrupt(e) => ReactionError::Failed(format!("corrupt history: {e}")),
        CommandError::Store(StoreError::Invalid(e)) => ReactionError::Failed(e),
        other => ReactionError::Retry(other.to_string()),
    }
}

/// Whether a command failed only because an earlier attempt of the same reaction already
/// stored its result (a document with the derived id exists, or the derived event ids are
/// taken).
fn already_done(error: &CommandError) -> bool {
    match error {
        CommandError::Refused(e) => e.code == "DUPLICATE_ID",
        CommandError::Store(StoreError::IdConflict { .. }) => true,
        _ => false,
    }
}

/// A check that could not run (a file missing or unreadable): for good, as far as this
/// event goes.
fn unverifiable(error: CommandError) -> ReactionError {
    ReactionError::Failed(format!("the signatures could not be checked: {error}"))
}

fn later(a: Option<GlobalPosition>, b: Option<GlobalPosition>) -> Option<GlobalPosition> {
    a.max(b)
}

/// The actor a reaction acts as: whoever took the action that caused it, in `role`.
fn actor_of(cause: &RecordedEvent, by: ActedBy, role: String) -> Result<Actor, CommandError> {
    let metadata = cause
        .metadata()
        .map_err(|e| CommandError::Corrupt(e.to_string()))?;
    Ok(Actor {
        by,
        role,
        today: crate::caller::local_today(metadata.recorded_at),
    })
}

/// Fan-outs, re-opened parents and notices to senders (see the module documentation).
pub struct DocumentEffects {
    commands: Arc<Commands>,
    workflows: Arc<Workflows>,
    /// The (step, action) pairs of any process whose effects are this reaction's: those
    /// known at start, and those of every version published since, taken from the
    /// `process.published` events as they pass (in order, so before any document runs them).
    effectful: std::sync::Mutex<BTreeSet<(String, String)>>,
    /// Documents seen arriving without a sending agency (paper, fan-out children, copies):
    /// their registration and their end tell nobody, so they are none of this reaction's
    /// business unless an action of theirs has an effect. Learnt from `document.received` as
    /// it passes, in order; a document not in it (received before this process started, or
    /// forgotten when the set was full) is looked at.
    senderless: std::sync::Mutex<std::collections::HashSet<Uuid>>,
}

/// The most documents [`DocumentEffects`] remembers as senderless (then it starts afresh).
const SENDERLESS_MAX: usize = 200_000;

/// The (step, action) pairs of a definition with a fan-out or a re-opening.
fn effectful_pairs(definition: &Definition) -> impl Iterator<Item = (String, String)> + '_ {
    definition.steps.iter().flat_map(|(step, s)| {
        s.actions
            .iter()
            .filter(|(_, a)| {
                a.effects
                    .iter()
                    .any(|e| matches!(e, Effect::FanOut { .. } | Effect::ReopenParent { .. }))
            })
            .map(move |(action, _)| (step.clone(), action.clone()))
    })
}

impl DocumentEffects {
    pub fn new(commands: Arc<Commands>, workflows: Arc<Workflows>) -> Self {
        let effectful = workflows
            .all()
            .iter()
            .flat_map(|d| effectful_pairs(d).collect::<Vec<_>>())
            .collect();
        Self {
            commands,
            workflows,
            effectful: std::sync::Mutex::new(effectful),
            senderless: std::sync::Mutex::default(),
        }
    }

    fn is_effectful(&self, step: &str, action: &str) -> bool {
        let Ok(pairs) = self.effectful.lock() else {
            // Unknown: let the reaction look.
            return true;
        };
        pairs.contains(&(step.to_owned(), action.to_owned()))
    }

    /// Whether the document is known to have arrived without a sending agency.
    fn is_senderless(&self, payload: &serde_json::Value) -> bool {
        let Some(id) = payload["document_id"]
            .as_str()
            .and_then(|d| Uuid::parse_str(d).ok())
        else {
            return false;
        };
        self.senderless
            .lock()
            .is_ok_and(|known| known.contains(&id))
    }

    /// Remembers how a document arrived (see `senderless`).
    fn arrived(&self, payload: &serde_json::Value) {
        let Some(id) = payload["document_id"]
            .as_str()
            .and_then(|d| Uuid::parse_str(d).ok())
        else {
            return;
        };
        if let Ok(mut known) = self.senderless.lock() {
            if payload["sender_agency"].is_null() {
                if known.len() >= SENDERLESS_MAX {
                    known.clear();
                }
                known.insert(id);
            } else {
                known.remove(&id);
            }
        }
    }
}

#[async_trait]
impl Reaction for DocumentEffects {
    fn name(&self) -> &'static str {
        "document_effects"
    }

    fn concerns(&self, event: &RecordedEvent) -> bool {
        let payload = &event.payload;
        match event.event_type.as_str() {
            // An action with a fan-out or a re-opening, or one that ends the process (a
            // refusal before registration tells the sender).
            <ActionTaken as DomainEvent>::EVENT_TYPE => {
                match (payload["from_step"].as_str(), payload["action"].as_str()) {
                    (Some(step), Some(action)) if self.is_effectful(step, action) => true,
                    (Some(_), Some(_)) => payload["ends"] == true && !self.is_senderless(payload),
                    _ => true,
                }
            }
            // How it arrived decides whether its registration and end concern anyone.
            <document::DocumentReceived as DomainEvent>::EVENT_TYPE => {
                self.arrived(payload);
                false
            }
            // A new version: its effectful actions are known from now on, and the
            // reaction brings the definitions up to date.
            <ProcessPublished as DomainEvent>::EVENT_TYPE => {
                if let Ok(definition) =
                    serde_json::from_value::<Definition>(payload["definition"].clone())
                    && let Ok(mut pairs) = self.effectful.lock()
                {
                    pairs.extend(effectful_pairs(&definition));
                }
                true
            }
            // The sender of an electronic document is told.
            <document::DocumentRegistered as DomainEvent>::EVENT_TYPE => {
                !self.is_senderless(payload)
            }
            _ => false,
        }
    }

    async fn react(&self, event: &RecordedEvent) -> Result<Option<GlobalPosition>, ReactionError> {
        match decode(&self.commands, event)? {
            AnyEvent::ActionTaken(taken) => self.action_taken(event, &taken).await.map_err(judged),
            AnyEvent::ProcessPublished(_) => {
                self.workflows
                    .refresh(&self.commands)
                    .await
                    .map_err(judged)?;
                Ok(None)
            }
            AnyEvent::DocumentRegistered(registered) => self
                .commands
                .notify_sender_of(
                    &caused_by(event, NOTICE).map_err(judged)?,
                    registered.document_id,
                    event.stream_revision,
                    registered.by,
                    ExchangeStatus::Registered,
                    None,
                )
                .await
                .map_err(judged),
            _ => Ok(None),
        }
    }
}

impl DocumentEffects {
    async fn action_taken(
        &self,
        cause: &RecordedEvent,
        taken: &ActionTaken,
    ) -> Result<Option<GlobalPosition>, CommandError> {
        let commands = &self.commands;
        // The document as the action found it: what it decided on.
        let (before, history) = commands
            .document_before(taken.document_id, cause.stream_revision)
            .await?;
        let process = self
            .workflows
            .definition(commands, &before.definition.0, before.definition.1)
            .await?;
        let process = &*process;
        let effects = process
            .steps
            .get(&taken.from_step)
            .and_then(|s| s.actions.get(&taken.action))
            .map(|a| a.effects.clone())
            .unwrap_or_default();
        let mut last = None;
        for effect in &effects {
            match effect {
                Effect::FanOut { definition } => {
                    // Each unit's child starts with the version in force there on the day
                    // of the approval (the definitions read from the stream again if one
                    // is not known here yet).
                    let organisation = commands.organisation().await?;
                    let day = crate::caller::local_today(
                        cause
                            .metadata()
                            .map_err(|e| CommandError::Corrupt(e.to_string()))?
                            .recorded_at,
                    );
                    let mut processes = self.workflows.fresh(commands).await?;
                    if taken.units.iter().any(|u| {
                        processes
                            .in_force(&organisation, definition, Some(*u), day)
                            .is_none()
                    }) {
                        processes = self.workflows.refresh(commands).await?;
                    }
                    let metadata = before.metadata.clone().ok_or_else(|| {
                        CommandError::Corrupt("a document without metadata".into())
                    })?;
                    let mut files = before.files.clone();
                    files.extend(taken.files.iter().cloned());
                    let actor = actor_of(cause, taken.by, String::new())?;
                    let holding = document::units_holding_copies(process, &history);
                    for unit in document::units_given_copies(&holding, taken) {
                        let child_definition = processes
                            .in_force(&organisation, definition, Some(unit), day)
                            .ok_or_else(|| {
                                CommandError::Refused(DomainError::validation(
                                    "units",
                                    "PROCESS_NOT_IN_FORCE",
                                    format!("{definition} is not in force in unit {unit}"),
                                ))
                            })?;
                        let input = ReceiveInput {
                            document_id: child_id(cause.event_id, unit),
                            unit_id: unit,
                            parent_id: before.id,
                            channel: Channel::Routed,
                            sender_agency: None,
                            metadata: metadata.clone(),
                            files: files.clone(),
                        };
                        let context = caused_by(cause, unit.0.as_u128())?;
                        match commands
                            .receive_document(&context, child_definition, &actor, input)
                            .await
                        {
                            Ok(outcome) => last = later(last, outcome.position),
                            Err(e) if already_done(&e) => {}
                            Err(e) => return Err(e),
                        }
                    }
                }
                Effect::ReopenParent { step } => {
                    let (Some(parent), Some(me), Some(unit)) =
                        (before.parent, before.id, before.unit)
                    else {
                        continue;
                    };
                    let (parent_state, _) = commands.document(parent).await?;
                    let parent_definition = self
                        .workflows
                        .definition(
                            commands,
                            &parent_state.definition.0,
                            parent_state.definition.1,
                        )
                        .await?;
                    let roles = parent_definition
                        .steps
                        .get(step)
                        .map(|s| s.roles.clone())
                        .unwrap_or_default();
                    let reopened = DocumentReopened {
                        document_id: parent,
                        step: step.clone(),
                        roles,
                        child_id: me,
                        child_unit_id: unit,
                        note: taken.note.clone().unwrap_or_default(),
                    };
                    let stream = StreamId::new(document::stream(parent))?;
                    let new =
                        commands.new_events(&caused_by(cause, REOPEN)?, &[reopened.into()])?;
                    // Appended wherever the parent stands; a second attempt finds its
                    // events stored (same ids) and appends nothing.
                    let outcome = commands
                        .store
                        .append(&stream, ExpectedRevision::Any, new)
                        .await?;
                    last = later(last, Some(outcome.last_position));
                }
                // Outgoing documents' effects run in their own use cases and reactions;
                // filing and urging have no effect on the document's own streams.
                Effect::Sign
                | Effect::AssignNumber
                | Effect::Issue
                | Effect::File
                | Effect::Urge => {}
            }
        }
        // Refused before registration: the sender of an electronic document is told why.
        if taken.ends && before.registration.is_none() {
            let notice = commands
                .notify_sender_of(
                    &caused_by(cause, NOTICE)?,
                    taken.document_id,
                    cause.stream_revision,
                    taken.by,
                    ExchangeStatus::Refused,
                    taken.note.clone(),
                )
                .await?;
            last = later(last, notice);
        }
        Ok(last)
    }
}

/// The issuance the clerk asked for (see the module documentation).
pub struct Issuance {
    pub commands: Arc<Commands>,
    pub workflows: Arc<Workflows>,
    pub files: Arc<FileStore>,
    pub vault: Arc<crate::signatures::Vault>,
}

#[async_trait]
impl Reaction for Issuance {
    fn name(&self) -> &'static str {
        "issuance"
    }

    fn concerns(&self, event: &RecordedEvent) -> bool {
        event.event_type == <IssuanceRequested as DomainEvent>::EVENT_TYPE
    }

    async fn react(&self, event: &RecordedEvent) -> Result<Option<GlobalPosition>, ReactionError> {
        match decode(&self.commands, event)? {
            AnyEvent::IssuanceRequested(requested) => {
                self.issue(event, &requested).await.map_err(judged)
            }
            _ => Ok(None),
        }
    }
}

impl Issuance {
    /// Seals the numbered main file (and the attachments) with the office's key and records
    /// the issuance, as the clerk who asked. Nothing when the issuance was carried out
    /// already (by an earlier attempt, or for an earlier request) or recalled since.
    async fn issue(
        &self,
        cause: &RecordedEvent,
        requested: &IssuanceRequested,
    ) -> Result<Option<GlobalPosition>, CommandError> {
        let commands = &self.commands;
        let (state, _) = commands.outgoing(requested.document_id).await?;
        if state.issuance_requested.is_none() {
            return Ok(None);
        }
        let numbered = state.number.clone().ok_or_else(|| {
            DomainError::conflict("NOT_NUMBERED", "the document has no number yet")
        })?;
        let fields = state
            .fields
            .clone()
            .ok_or_else(|| CommandError::Corrupt("an outgoing document without fields".into()))?;
        let organisation = commands.organisation().await?;
        let processes = self.workflows.fresh(commands).await?;
        let metadata = cause
            .metadata()
            .map_err(|e| CommandError::Corrupt(e.to_string()))?;
        let day = crate::caller::local_today(metadata.recorded_at);
        let receiving = crate::outgoing::receiving_units(&processes, &organisation, &fields, day)?;
        let role = organisation
            .positions
            .get(&requested.by.position)
            .map(|p| p.role.clone())
            .unwrap_or_default();
        let actor = actor_of(cause, requested.by, role)?;
        let signatures = crate::signatures::Signatures {
            commands,
            files: &self.files,
            vault: &self.vault,
        };
        let signed = signatures
            .sign_organisation(
                requested.by,
                &organisation,
                &state,
                &numbered.number_notation,
                numbered.issue_date,
            )
            .await?;
        match commands
            .issue_outgoing(
                &caused_by(cause, ISSUE)?,
                &self.workflows,
                &actor,
                requested.document_id,
                &requested.action,
                crate::outgoing::Issuance {
                    organisation_signature: signed.signed,
                    verified: signed.verified,
                    receiving,
                },
            )
            .await
        {
            Ok(outcome) => Ok(outcome.position),
            Err(e) if already_done(&e) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// The copies of an issued document (see the module documentation).
pub struct IssuanceCopies {
    pub commands: Arc<Commands>,
    pub workflows: Arc<Workflows>,
    pub files: Arc<FileStore>,
}

#[async_trait]
impl Reaction for IssuanceCopies {
    fn name(&self) -> &'static str {
        "issuance_copies"
    }

    fn concerns(&self, event: &RecordedEvent) -> bool {
        event.event_type == <DocumentIssued as DomainEvent>::EVENT_TYPE
    }

    async fn react(&self, event: &RecordedEvent) -> Result<Option<GlobalPosition>, ReactionError> {
        match decode(&self.commands, event)? {
            AnyEvent::DocumentIssued(issued) => self.copies(event, &issued).await,
            _ => Ok(None),
        }
    }
}

impl IssuanceCopies {
    async fn copies(
        &self,
        cause: &RecordedEvent,
        issued: &DocumentIssued,
    ) -> Result<Option<GlobalPosition>, ReactionError> {
        let (last, copies) = self.deliver(cause, issued).await.map_err(judged)?;
        if copies.is_empty() {
            return Ok(last);
        }
        // Each copy carries the check of what it received: the issued files are verified
        // once, the result recorded on every copy.
        let verifier = Verifier {
            commands: &self.commands,
            files: &self.files,
        };
        let found = verifier
            .verify_files(&issued.files)
            .await
            .map_err(unverifiable)?;
        let mut last = last;
        for copy in copies {
            let context = caused_by(cause, VERIFY ^ copy.as_u128()).map_err(judged)?;
            match verifier.record_incoming(&context, copy, &found).await {
                Ok(position) => last = later(last, position),
                Err(e) if already_done(&e) => {}
                Err(e) => return Err(judged(e)),
            }
        }
        Ok(last)
    }

    /// The copies themselves: the position written and the copies' ids.
    async fn deliver(
        &self,
        cause: &RecordedEvent,
        issued: &DocumentIssued,
    ) -> Result<(Option<GlobalPosition>, Vec<DocumentId>), CommandError> {
        let commands = &self.commands;
        let organisation = commands.organisation().await?;
        let processes = self.workflows.fresh(commands).await?;
        let issued_at = cause
            .metadata()
            .map_err(|e| CommandError::Corrupt(e.to_string()))?
            .recorded_at;
        let (state, _) = commands.outgoing(issued.document_id).await?;
        let metadata =
            crate::outgoing::copies::copy_metadata(&organisation, &self.files, &state, issued)
                .await?;
        let mut last = None;
        let mut copies = Vec::new();
        for delivered in &issued.deliveries {
            let (Addressee::Unit(unit), Some(copy)) = (delivered.recipient.to, delivered.copy_id)
            else {
                continue;
            };
            // Recalled before its copies were made (the reaction lagged): a copy that was
            // never delivered is not made afterwards.
            if !state.delivers_copy(copy) && commands.document(copy).await?.1.is_none() {
                continue;
            }
            copies.push(copy);
            let (office, definition, receiving_role) = crate::incoming::receiving_route(
                &processes,
                &organisation,
                unit,
                crate::caller::local_today(issued_at),
            )?;
            let input = ReceiveInput {
                document_id: copy,
                unit_id: office,
                parent_id: None,
                channel: Channel::Electronic,
                sender_agency: None,
                metadata: metadata.clone(),
                files: issued.files.clone(),
            };
            let receiver = actor_of(cause, issued.by, receiving_role)?;
            match commands
                .receive_document(
                    &caused_by(cause, unit.0.as_u128())?,
                    &definition,
                    &receiver,
                    input,
                )
                .await
            {
                Ok(outcome) => last = later(last, outcome.position),
                Err(e) if already_done(&e) => {}
                Err(e) => return Err(e),
            }
        }
        Ok((last, copies))
    }
}

/// The check of what a document from outside carries (see the module documentation).
pub struct ArrivalChecks {
    pub commands: Arc<Commands>,
    pub files: Arc<FileStore>,
}

#[async_trait]
impl Reaction for ArrivalChecks {
    fn name(&self) -> &'static str {
        "arrival_checks"
    }

    fn concerns(&self, event: &RecordedEvent) -> bool {
        // Paper, or sent by another agency: a fan-out's copies carry their parent's files
        // (checked when it arrived), an issuance's copies are checked by `IssuanceCopies`.
        event.event_type == <document::DocumentReceived as DomainEvent>::EVENT_TYPE
            && (event.payload["channel"] == "paper" || !event.payload["sender_agency"].is_null())
    }

    async fn react(&self, event: &RecordedEvent) -> Result<Option<GlobalPosition>, ReactionError> {
        let AnyEvent::DocumentReceived(received) = decode(&self.commands, event)? else {
            return Ok(None);
        };
        let verifier = Verifier {
            commands: &self.commands,
            files: &self.files,
        };
        let context = caused_by(event, VERIFY).map_err(judged)?;
        // A file that cannot be checked (missing, unreadable) is recorded as a failure and
        // passed: anyone may ask for the check again (`verifySignatures`).
        let found = verifier
            .verify_files(&received.files)
            .await
            .map_err(unverifiable)?;
        match verifier
            .record_incoming(&context, received.document_id, &found)
            .await
        {
            Ok(position) => Ok(position),
            Err(e) if already_done(&e) => Ok(None),
            Err(e) => Err(judged(e)),
        }
    }
}

/// Every reaction of the document processes.
pub fn all(
    commands: &Arc<Commands>,
    workflows: &Arc<Workflows>,
    files: &Arc<FileStore>,
    vault: &Arc<crate::signatures::Vault>,
) -> Vec<Arc<dyn Reaction>> {
    vec![
        Arc::new(DocumentEffects::new(commands.clone(), workflows.clone())),
        Arc::new(Issuance {
            commands: commands.clone(),
            workflows: workflows.clone(),
            files: files.clone(),
            vault: vault.clone(),
        }),
        Arc::new(IssuanceCopies {
            commands: commands.clone(),
            workflows: workflows.clone(),
            files: files.clone(),
        }),
        Arc::new(ArrivalChecks {
            commands: commands.clone(),
            files: files.clone(),
        }),
    ]
}
