//! Commands on documents: arrival, registration (with a number from the register's own
//! stream), and the actions of their process. The effects the definition names — fan-out
//! to units (one child document per unit, each running its own process), re-opening the
//! parent when a unit refuses its assignment — are reactions to the stored action
//! (`crate::reactions`), as are the notices to the agency that sent a document.
//!
//! A document's stream is short, so it is read whole for each decision; the append expects
//! the revision the decision was made on, and a lost race re-decides (two people acting on
//! the same step at once: one wins, the other is told the step has moved on).

use chancery_domain::access;
use chancery_domain::catalogue::AnyEvent;
use chancery_domain::catalogues::RegisterKind;
use chancery_domain::document::{
    self, ActedBy, ActionInput, Actor, CopyEvent, Document, DocumentEvent, DocumentId,
    DocumentRead, ExchangeStatus, ReceiveInput, SenderNotified,
};
use chancery_domain::events::StoredShape;
use chancery_domain::ids::{PositionId, RegisterId};
use chancery_domain::reference::Confidentiality;
use chancery_domain::register::{BookEntry, NumberTaken};
use chancery_domain::workflow::{Definition, Effect};
use chancery_domain::{DomainError, catalogue};
use chancery_event_store::{
    ExpectedRevision, GlobalPosition, ReadDirection, ReadFrom, StoreError, StreamId,
};
use uuid::Uuid;

use crate::{CONFLICT_RETRIES, CommandContext, CommandError, Commands, Outcome};

pub use crate::processes::Workflows;

/// The document as access control sees it: when nobody is named at its current step, the
/// step's roles hold it as a pool (their holders read what they are to act on).
pub fn facts(state: &Document, workflows: &Workflows) -> access::DocumentFacts {
    chancery_domain::handling::facts(
        state,
        workflows
            .get(&state.definition.0, state.definition.1)
            .ok()
            .as_deref(),
    )
}

/// Where and when a document is registered.
#[derive(Debug, Clone, Copy)]
pub struct Registration {
    pub register_id: RegisterId,
    /// The register's year (numbering restarts every 1 January).
    pub year: i32,
    pub arrived_at: chrono::DateTime<chrono::Utc>,
}

fn document_any(event: DocumentEvent) -> AnyEvent {
    match event {
        DocumentEvent::Received(e) => AnyEvent::DocumentReceived(e),
        DocumentEvent::Registered(e) => AnyEvent::DocumentRegistered(e),
        DocumentEvent::MetadataUpdated(e) => AnyEvent::MetadataUpdated(e),
        DocumentEvent::ActionTaken(e) => AnyEvent::ActionTaken(e),
        DocumentEvent::Read(e) => AnyEvent::DocumentRead(e),
        DocumentEvent::Reopened(e) => AnyEvent::DocumentReopened(e),
        DocumentEvent::PartCompleted(e) => AnyEvent::PartCompleted(e),
        DocumentEvent::Cancelled(e) => AnyEvent::DocumentCancelled(e),
    }
}

fn document_event(event: AnyEvent) -> Option<DocumentEvent> {
    Some(match event {
        AnyEvent::DocumentReceived(e) => DocumentEvent::Received(e),
        AnyEvent::DocumentRegistered(e) => DocumentEvent::Registered(e),
        AnyEvent::MetadataUpdated(e) => DocumentEvent::MetadataUpdated(e),
        AnyEvent::ActionTaken(e) => DocumentEvent::ActionTaken(e),
        AnyEvent::DocumentRead(e) => DocumentEvent::Read(e),
        AnyEvent::DocumentReopened(e) => DocumentEvent::Reopened(e),
        AnyEvent::PartCompleted(e) => DocumentEvent::PartCompleted(e),
        AnyEvent::DocumentCancelled(e) => DocumentEvent::Cancelled(e),
        _ => return None,
    })
}

/// Applies a stored document event (a process event or a copy's withdrawal) to `state`.
fn evolve_document(state: &mut Document, event: AnyEvent) {
    match event {
        AnyEvent::DocumentWithdrawn(e) => state.evolve_copy(&CopyEvent::Withdrawn(e)),
        AnyEvent::DocumentSignaturesVerified(e) => state.evolve_verified(&e),
        AnyEvent::DocumentReinstated(e) => state.evolve_copy(&CopyEvent::Reinstated(e)),
        other => {
            if let Some(e) = document_event(other) {
                state.evolve(&e);
            }
        }
    }
}

fn copy_any(event: CopyEvent) -> AnyEvent {
    match event {
        CopyEvent::Withdrawn(e) => AnyEvent::DocumentWithdrawn(e),
        CopyEvent::Reinstated(e) => AnyEvent::DocumentReinstated(e),
    }
}

/// The command under which `command` withdraws (`step` 0) or reinstates (`step` 1) copy
/// `copy`: derived from both, so a retried recall finds what it already did to each copy.
fn copy_command(command: Uuid, copy: DocumentId, step: u32) -> Uuid {
    chancery_event_store::derive_event_id(
        Uuid::from_u128(command.as_u128() ^ copy.as_u128()),
        2 + step,
    )
}

/// What withdrawing a copy did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Withdrawal {
    /// This command withdrew it (now, or in an earlier attempt); the event's position.
    Withdrew(Option<GlobalPosition>),
    /// Another recall of the same outgoing document had already withdrawn it.
    AlreadyWithdrawn,
}

/// The command id of taking a register number for document `id`: one per document.
fn numbering_command(id: DocumentId) -> Uuid {
    chancery_event_store::derive_event_id(id, u32::MAX)
}

impl Commands {
    /// A document's state and the revision it was read at (`None`: no such document).
    pub async fn document(&self, id: DocumentId) -> Result<(Document, Option<u64>), CommandError> {
        let (state, revision, _) = self.document_and_ids(id).await?;
        Ok((state, revision))
    }

    /// Every stored event of a document, in order (for auditors: replay and verification).
    pub async fn document_events(
        &self,
        id: DocumentId,
    ) -> Result<Vec<chancery_event_store::RecordedEvent>, CommandError> {
        let stream = StreamId::new(document::stream(id))?;
        match self
            .store
            .read_stream(&stream, ReadDirection::Forwards, ReadFrom::Start, 100_000)
            .await
        {
            Ok(events) => Ok(events),
            Err(StoreError::StreamNotFound(_)) => Ok(Vec::new()),
            Err(e) => Err(e.into()),
        }
    }

    /// A document as it stood at `at`: its stream replayed up to the last event recorded
    /// then (`None` revision: it did not exist yet).
    pub async fn document_as_of(
        &self,
        id: DocumentId,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<(Document, Option<u64>), CommandError> {
        let mut state = Document::default();
        let mut revision = None;
        for recorded in self.document_events(id).await? {
            let recorded_at = recorded
                .metadata()
                .map_err(|e| CommandError::Corrupt(e.to_string()))?
                .recorded_at;
            if recorded_at > at {
                break;
            }
            revision = Some(recorded.stream_revision);
            self.apply_stored(&mut state, recorded, None)?;
        }
        Ok((state, revision))
    }

    /// Applies one stored event to `state` (an act awaiting its time gets the event's), and
    /// keeps it in `history` when asked and it is one of the process's.
    fn apply_stored(
        &self,
        state: &mut Document,
        recorded: chancery_event_store::RecordedEvent,
        history: Option<&mut Vec<DocumentEvent>>,
    ) -> Result<(), CommandError> {
        let shape = StoredShape {
            event_type: recorded.event_type,
            schema_version: recorded.schema_version,
            payload: recorded.payload,
        };
        let event = catalogue::decode(&self.upcasters, shape)
            .map_err(|e| CommandError::Corrupt(e.to_string()))?;
        if let Some(history) = history
            && let Some(e) = document_event(event.clone())
        {
            history.push(e);
        }
        evolve_document(state, event);
        if state.awaits_stamp() {
            state.stamp(crate::recorded_at(&recorded.raw_metadata)?);
        }
        Ok(())
    }

    /// Also the id and position of every stored event (to recognise a retried command).
    async fn document_and_ids(
        &self,
        id: DocumentId,
    ) -> Result<(Document, Option<u64>, Vec<(Uuid, GlobalPosition)>), CommandError> {
        let stream = StreamId::new(document::stream(id))?;
        let events = match self
            .store
            .read_stream(&stream, ReadDirection::Forwards, ReadFrom::Start, 10_000)
            .await
        {
            Ok(events) => events,
            Err(StoreError::StreamNotFound(_)) => {
                return Ok((Document::default(), None, Vec::new()));
            }
            Err(e) => return Err(e.into()),
        };
        let mut state = Document::default();
        let mut revision = None;
        let mut ids = Vec::with_capacity(events.len());
        for recorded in events {
            revision = Some(recorded.stream_revision);
            ids.push((recorded.event_id, recorded.global_position));
            self.apply_stored(&mut state, recorded, None)?;
        }
        Ok((state, revision, ids))
    }

    async fn append_document(
        &self,
        id: DocumentId,
        revision: Option<u64>,
        context: &CommandContext,
        events: Vec<DocumentEvent>,
    ) -> Result<Outcome, StoreError> {
        let next = revision.map_or(0, |r| r + 1);
        let events: Vec<AnyEvent> = events.into_iter().map(document_any).collect();
        self.append(&document::stream(id), next, context, &events)
            .await
    }

    /// A document arrives (paper, electronic, or routed by a fan-out).
    pub async fn receive_document(
        &self,
        context: &CommandContext,
        definition: &Definition,
        actor: &Actor,
        input: ReceiveInput,
    ) -> Result<Outcome, CommandError> {
        let id = input.document_id;
        let received = Document::default().receive(definition, actor, input)?;
        match self
            .append_document(id, None, context, vec![DocumentEvent::Received(received)])
            .await
        {
            Err(StoreError::WrongExpectedRevision { .. }) => Err(CommandError::Refused(
                DomainError::conflict("DUPLICATE_ID", "the document already exists"),
            )),
            other => Ok(other?),
        }
    }

    /// Registers a document: checks the step allows it, takes the next number of the
    /// register's year, then records the registration on the document.
    pub async fn register_document(
        &self,
        context: &CommandContext,
        workflows: &Workflows,
        actor: &Actor,
        id: DocumentId,
        registration: Registration,
    ) -> Result<(u64, Outcome), CommandError> {
        let Registration {
            register_id,
            year,
            arrived_at,
        } = registration;
        let (state, _, ids) = self.document_and_ids(id).await?;
        // The same request again: answer as the first time did.
        let first_event = chancery_event_store::derive_event_id(context.command_id, 0);
        if let (Some((_, position)), Some((_, _, number))) = (
            ids.iter().find(|(event, _)| *event == first_event),
            state.registration,
        ) {
            return Ok((
                number,
                Outcome {
                    events: 0,
                    position: Some(*position),
                },
            ));
        }
        let definition = workflows.get(&state.definition.0, state.definition.1)?;
        let definition = &*definition;
        state.may_register(definition, actor)?;
        let metadata = state
            .metadata
            .clone()
            .ok_or_else(|| DomainError::not_found("documentId", "no such document"))?;
        let unit = state
            .unit
            .ok_or_else(|| DomainError::not_found("documentId", "no such document"))?;
        let catalogues = self.catalogues().await?;
        let register = catalogues.registers.get(&register_id).ok_or_else(|| {
            DomainError::validation("registerId", "NO_SUCH_REGISTER", "no such register")
        })?;
        if register.owner_unit_id != unit {
            return Err(DomainError::validation(
                "registerId",
                "NOT_YOUR_REGISTER",
                "the register belongs to another office",
            )
            .into());
        }
        register.takes(
            RegisterKind::Incoming,
            &metadata.document_type,
            metadata.confidentiality,
        )?;
        // The number's event id derives from the document alone: two clerks registering the
        // same document at once (or one clicking twice) take ONE number — the second append
        // finds the first's event and gets its number back (same register) or is refused
        // (another register) — so the register never gets a number nobody uses.
        let mut numbering = context.follow_up();
        numbering.command_id = numbering_command(id);
        let taken = self
            .take_number(
                &numbering,
                NumberTaken {
                    register_id,
                    year,
                    number: 0,
                    document_id: id,
                    unit_id: unit,
                    clerk: actor.by.person,
                    entry: BookEntry {
                        arrived_at,
                        issuing_body: metadata.issuing_body,
                        number_notation: metadata.number_notation,
                        document_date: metadata.document_date,
                        document_type: metadata.document_type,
                        summary: metadata.summary,
                        urgency: metadata.urgency,
                        confidentiality: metadata.confidentiality,
                    },
                },
            )
            .await;
        let number = match taken {
            Ok((number, _)) => number,
            Err(CommandError::Store(StoreError::IdConflict { .. })) => {
                return Err(DomainError::conflict(
                    "ALREADY_REGISTERED",
                    "the document is being registered in another register",
                )
                .into());
            }
            Err(e) => return Err(e),
        };
        for _ in 0..CONFLICT_RETRIES {
            let (state, revision) = self.document(id).await?;
            if let Some((_, _, registered)) = state.registration {
                // Registered meanwhile by another request of the same register (it took this
                // very number).
                return Err(DomainError::conflict(
                    "ALREADY_REGISTERED",
                    format!("the document was just registered as number {registered}"),
                )
                .into());
            }
            let events = state.register(definition, actor, register_id, year, number)?;
            match self.append_document(id, revision, context, events).await {
                Err(StoreError::WrongExpectedRevision { .. }) => continue,
                Err(e) => return Err(e.into()),
                // The sender of an electronic document is told by a reaction.
                Ok(outcome) => return Ok((number, outcome)),
            }
        }
        Err(CommandError::Contended)
    }

    /// Tells the agency that sent an electronic document what became of it (its queue of
    /// status notices), as of the event at `revision` of its stream. Nothing for paper or
    /// routed documents.
    pub(crate) async fn notify_sender_of(
        &self,
        context: &CommandContext,
        id: DocumentId,
        revision: u64,
        by: document::ActedBy,
        status: ExchangeStatus,
        note: Option<String>,
    ) -> Result<Option<GlobalPosition>, CommandError> {
        let (state, _) = self.document_before(id, revision + 1).await?;
        let (Some(agency), Some(id), Some(unit), Some(metadata)) = (
            state.sender_agency,
            state.id,
            state.unit,
            state.metadata.as_ref(),
        ) else {
            return Ok(None);
        };
        let notice = SenderNotified {
            document_id: id,
            agency_id: agency,
            unit_id: unit,
            number_notation: metadata.number_notation.clone(),
            status,
            note,
            by,
        };
        let stream = StreamId::new(document::sender_stream(agency))?;
        let new = self.new_events(context, &[notice.into()])?;
        let outcome = self
            .store
            .append(&stream, ExpectedRevision::Any, new)
            .await?;
        Ok(Some(outcome.last_position))
    }

    /// A document as its events before `revision` left it (what an action at `revision`
    /// decided on), with those of its process (not its copies' withdrawals or checks).
    pub(crate) async fn document_before(
        &self,
        id: DocumentId,
        revision: u64,
    ) -> Result<(Document, Vec<DocumentEvent>), CommandError> {
        let stream = StreamId::new(document::stream(id))?;
        let mut state = Document::default();
        let mut history = Vec::new();
        if revision == 0 {
            return Ok((state, history));
        }
        let events = self
            .store
            .read_stream(
                &stream,
                ReadDirection::Forwards,
                ReadFrom::Start,
                usize::try_from(revision).unwrap_or(usize::MAX),
            )
            .await?;
        for recorded in events {
            self.apply_stored(&mut state, recorded, Some(&mut history))?;
        }
        Ok((state, history))
    }

    /// Corrects a document's metadata (the clerk's "update" of P1, or before registering).
    pub async fn update_document_metadata(
        &self,
        context: &CommandContext,
        workflows: &Workflows,
        actor: &Actor,
        id: DocumentId,
        metadata: document::Metadata,
    ) -> Result<Outcome, CommandError> {
        for _ in 0..CONFLICT_RETRIES {
            let (state, revision, ids) = self.document_and_ids(id).await?;
            if revision.is_none() {
                return Err(DomainError::not_found("documentId", "no such document").into());
            }
            let first_event = chancery_event_store::derive_event_id(context.command_id, 0);
            if let Some((_, position)) = ids.iter().find(|(event, _)| *event == first_event) {
                return Ok(Outcome {
                    events: 0,
                    position: Some(*position),
                });
            }
            let definition = workflows.get(&state.definition.0, state.definition.1)?;
            let definition = &*definition;
            let updated = state.update_metadata(definition, actor, metadata.clone())?;
            // A registered document stays what its register takes (the rule registering
            // applied): no correction makes it more confidential than its register allows.
            if let Some((register_id, _, _)) = state.registration {
                let catalogues = self.catalogues().await?;
                if let Some(register) = catalogues.registers.get(&register_id) {
                    register
                        .takes(
                            RegisterKind::Incoming,
                            &updated.metadata.document_type,
                            updated.metadata.confidentiality,
                        )
                        .or_else(|e| {
                            // A register closed since still holds what it numbered.
                            if e.code == "NO_SUCH_REGISTER" {
                                Ok(())
                            } else {
                                Err(e)
                            }
                        })?;
                }
            }
            match self
                .append_document(
                    id,
                    revision,
                    context,
                    vec![DocumentEvent::MetadataUpdated(updated)],
                )
                .await
            {
                Err(StoreError::WrongExpectedRevision { .. }) => continue,
                other => return Ok(other?),
            }
        }
        Err(CommandError::Contended)
    }

    /// A co-handler completes their part (the document stays with its main handler).
    pub async fn complete_document_part(
        &self,
        context: &CommandContext,
        actor: &Actor,
        id: DocumentId,
        note: Option<String>,
    ) -> Result<Outcome, CommandError> {
        let first_event = chancery_event_store::derive_event_id(context.command_id, 0);
        for _ in 0..CONFLICT_RETRIES {
            let (state, revision, ids) = self.document_and_ids(id).await?;
            if revision.is_none() {
                return Err(DomainError::not_found("documentId", "no such document").into());
            }
            if let Some((_, position)) = ids.iter().find(|(event, _)| *event == first_event) {
                return Ok(Outcome {
                    events: 0,
                    position: Some(*position),
                });
            }
            let done = state.complete_part(actor, note.clone())?;
            match self
                .append_document(
                    id,
                    revision,
                    context,
                    vec![DocumentEvent::PartCompleted(done)],
                )
                .await
            {
                Err(StoreError::WrongExpectedRevision { .. }) => continue,
                other => return Ok(other?),
            }
        }
        Err(CommandError::Contended)
    }

    /// Cancels a document received by mistake, before it is registered
    /// (`Document::cancel`). A repeated command cancels once.
    pub async fn cancel_document(
        &self,
        context: &CommandContext,
        workflows: &Workflows,
        actor: &Actor,
        id: DocumentId,
        note: Option<String>,
    ) -> Result<Outcome, CommandError> {
        let first_event = chancery_event_store::derive_event_id(context.command_id, 0);
        for _ in 0..CONFLICT_RETRIES {
            let (state, revision, ids) = self.document_and_ids(id).await?;
            if revision.is_none() {
                return Err(DomainError::not_found("documentId", "no such document").into());
            }
            if let Some((_, position)) = ids.iter().find(|(event, _)| *event == first_event) {
                return Ok(Outcome {
                    events: 0,
                    position: Some(*position),
                });
            }
            let definition = workflows.get(&state.definition.0, state.definition.1)?;
            let cancelled = state.cancel(&definition, actor, note.as_deref())?;
            match self
                .append_document(
                    id,
                    revision,
                    context,
                    vec![DocumentEvent::Cancelled(cancelled)],
                )
                .await
            {
                Err(StoreError::WrongExpectedRevision { .. }) => continue,
                other => return Ok(other?),
            }
        }
        Err(CommandError::Contended)
    }

    /// Records that someone opened the document (it is no longer unread for them).
    pub async fn mark_document_read(
        &self,
        context: &CommandContext,
        by: document::ActedBy,
        id: DocumentId,
    ) -> Result<Outcome, CommandError> {
        let stream = StreamId::new(document::stream(id))?;
        let read = DocumentRead {
            document_id: id,
            by,
            at: context.now,
        };
        let new = self.new_events(context, &[read.into()])?;
        match self
            .store
            .append(&stream, ExpectedRevision::StreamExists, new)
            .await
        {
            Ok(outcome) => Ok(Outcome {
                events: 1,
                position: Some(outcome.last_position),
            }),
            Err(StoreError::WrongExpectedRevision { .. } | StoreError::StreamNotFound(_)) => {
                Err(DomainError::not_found("documentId", "no such document").into())
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Withdraws the electronic copy `copy` of outgoing document `outgoing_id` (its issue
    /// was recalled): appended expecting the revision it was decided on, so a recipient
    /// registering (or refusing, or correcting) it at the same time either acts first — and
    /// the withdrawal is refused with `RECIPIENT_ACTED` — or finds it withdrawn (`WITHDRAWN`).
    /// The event id derives from the recall's command and the copy: a retried recall finds
    /// its withdrawal.
    pub async fn withdraw_copy(
        &self,
        context: &CommandContext,
        copy: DocumentId,
        outgoing_id: Uuid,
        note: &str,
        by: ActedBy,
    ) -> Result<Withdrawal, CommandError> {
        let mut withdrawing = context.follow_up();
        withdrawing.command_id = copy_command(context.command_id, copy, 0);
        let first_event = chancery_event_store::derive_event_id(withdrawing.command_id, 0);
        for _ in 0..CONFLICT_RETRIES {
            let (state, revision, ids) = self.document_and_ids(copy).await?;
            if revision.is_none() {
                return Err(DomainError::not_found("documentId", "no such document").into());
            }
            if let Some((_, position)) = ids.iter().find(|(event, _)| *event == first_event) {
                return Ok(Withdrawal::Withdrew(Some(*position)));
            }
            if state
                .withdrawn
                .as_ref()
                .is_some_and(|(by_recall, _)| *by_recall == outgoing_id)
            {
                return Ok(Withdrawal::AlreadyWithdrawn);
            }
            let withdrawn = state.withdraw(outgoing_id, note, by)?;
            match self
                .append_copy(
                    copy,
                    revision,
                    &withdrawing,
                    CopyEvent::Withdrawn(withdrawn),
                )
                .await
            {
                Err(StoreError::WrongExpectedRevision { .. }) => continue,
                Err(e) => return Err(e.into()),
                Ok(outcome) => return Ok(Withdrawal::Withdrew(outcome.position)),
            }
        }
        Err(CommandError::Contended)
    }

    /// Undoes the withdrawal of `copy` made under `context` (the recall that made it was
    /// refused in the end): the copy is back in its queue. Nothing when this command did not
    /// withdraw it or it is no longer withdrawn.
    pub async fn reinstate_copy(
        &self,
        context: &CommandContext,
        workflows: &Workflows,
        copy: DocumentId,
        outgoing_id: Uuid,
        by: ActedBy,
    ) -> Result<Option<GlobalPosition>, CommandError> {
        let withdrawal =
            chancery_event_store::derive_event_id(copy_command(context.command_id, copy, 0), 0);
        let mut reinstating = context.follow_up();
        reinstating.command_id = copy_command(context.command_id, copy, 1);
        let first_event = chancery_event_store::derive_event_id(reinstating.command_id, 0);
        for _ in 0..CONFLICT_RETRIES {
            let (state, revision, ids) = self.document_and_ids(copy).await?;
            if let Some((_, position)) = ids.iter().find(|(event, _)| *event == first_event) {
                return Ok(Some(*position));
            }
            if !ids.iter().any(|(event, _)| *event == withdrawal) || state.withdrawn.is_none() {
                return Ok(None);
            }
            let definition = workflows.get(&state.definition.0, state.definition.1)?;
            let definition = &*definition;
            let reinstated = state.reinstate(definition, outgoing_id, by)?;
            match self
                .append_copy(
                    copy,
                    revision,
                    &reinstating,
                    CopyEvent::Reinstated(reinstated),
                )
                .await
            {
                Err(StoreError::WrongExpectedRevision { .. }) => continue,
                Err(e) => return Err(e.into()),
                Ok(outcome) => return Ok(outcome.position),
            }
        }
        Err(CommandError::Contended)
    }

    /// Records what verifying the signatures of one of an incoming document's files found.
    /// A retried command (same id) records it once.
    pub async fn record_document_verification(
        &self,
        context: &CommandContext,
        verified: chancery_domain::signing::DocumentSignaturesVerified,
    ) -> Result<Outcome, CommandError> {
        crate::signing::check_signature_count(verified.signatures.len())?;
        let first_event = chancery_event_store::derive_event_id(context.command_id, 0);
        for _ in 0..CONFLICT_RETRIES {
            let (_, revision, ids) = self.document_and_ids(verified.document_id).await?;
            let Some(revision) = revision else {
                return Err(DomainError::not_found("documentId", "no such document").into());
            };
            if let Some((_, position)) = ids.iter().find(|(event, _)| *event == first_event) {
                return Ok(Outcome {
                    events: 0,
                    position: Some(*position),
                });
            }
            match self
                .append(
                    &document::stream(verified.document_id),
                    revision + 1,
                    context,
                    &[AnyEvent::DocumentSignaturesVerified(verified.clone())],
                )
                .await
            {
                Err(StoreError::WrongExpectedRevision { .. }) => continue,
                other => return Ok(other?),
            }
        }
        Err(CommandError::Contended)
    }

    async fn append_copy(
        &self,
        id: DocumentId,
        revision: Option<u64>,
        context: &CommandContext,
        event: CopyEvent,
    ) -> Result<Outcome, StoreError> {
        let next = revision.map_or(0, |r| r + 1);
        self.append(&document::stream(id), next, context, &[copy_any(event)])
            .await
    }

    /// Takes an action of the document's process. What the action's effects call for (a
    /// fan-out's copies, a parent re-opened, the sender told) follows in a reaction to the
    /// stored action (`crate::reactions`).
    pub async fn act_on_document(
        &self,
        context: &CommandContext,
        workflows: &Workflows,
        actor: &Actor,
        id: DocumentId,
        input: ActionInput,
    ) -> Result<Outcome, CommandError> {
        let first_event = chancery_event_store::derive_event_id(context.command_id, 0);
        for _ in 0..CONFLICT_RETRIES {
            let (state, revision, ids) = self.document_and_ids(id).await?;
            if revision.is_none() {
                return Err(DomainError::not_found("documentId", "no such document").into());
            }
            // The same request again (a double click, a retry after a lost answer): it
            // already acted; answer as the first time did.
            if let Some((_, position)) = ids.iter().find(|(event, _)| *event == first_event) {
                return Ok(Outcome {
                    events: 0,
                    position: Some(*position),
                });
            }
            let definition = workflows.get(&state.definition.0, state.definition.1)?;
            let definition = &*definition;
            let taken = state.act(definition, actor, input.clone())?;
            // Handing on (a recall only takes the document back to whom already held it).
            let confidentiality = state
                .metadata
                .as_ref()
                .map_or(Confidentiality::Normal, |m| m.confidentiality);
            let named: Vec<PositionId> = taken.recipients.all().collect();
            // Without a main handler or a co-handler, the step's roles take it as a pool.
            let pool = taken.recipients.main.is_none() && taken.recipients.co.is_empty();
            let no_roles: [String; 0] = [];
            let handover = access::Handover {
                confidentiality,
                unit: state
                    .unit
                    .ok_or_else(|| DomainError::not_found("documentId", "no such document"))?,
                named: &named,
                pool_roles: if pool { &taken.to_roles } else { &no_roles },
            };
            if taken.moves()
                && !taken.ends
                && taken.action != document::RECALL
                && handover.needs_checking()
            {
                let organisation = self.organisation().await?;
                access::hand_over(&organisation, &handover).map_err(|denied| match denied {
                    access::Denied::Forbidden(code) => DomainError::forbidden(
                        code,
                        "the document is more confidential than its recipients are cleared for",
                    ),
                    access::Denied::Unauthenticated => {
                        DomainError::forbidden("NOT_CLEARED", "not cleared")
                    }
                })?;
            }
            let effects = definition
                .steps
                .get(&taken.from_step)
                .and_then(|s| s.actions.get(&taken.action))
                .map(|a| a.effects.clone())
                .unwrap_or_default();
            // A fan-out starts, in each unit, the version of the child process in force
            // there today (refused now if there is none, rather than failing in the
            // reaction), and hands a copy to the unit's pool (its first step's roles): a
            // document above Normal goes only where one cleared holder at least takes it.
            for effect in &effects {
                if let Effect::FanOut { definition } = effect {
                    let processes = workflows.fresh(self).await?;
                    let organisation = self.organisation().await?;
                    let today = crate::caller::local_today(context.now);
                    for unit in &taken.units {
                        let child = processes
                            .in_force(&organisation, definition, Some(*unit), today)
                            .ok_or_else(|| {
                                DomainError::validation(
                                    "units",
                                    "PROCESS_NOT_IN_FORCE",
                                    "the units' process is not in force in one of these units",
                                )
                            })?;
                        if !handover.needs_checking() {
                            continue;
                        }
                        let roles = child
                            .steps
                            .get(&child.start)
                            .map(|s| s.roles.clone())
                            .unwrap_or_default();
                        access::hand_over(
                            &organisation,
                            &access::Handover {
                                confidentiality,
                                unit: *unit,
                                named: &[],
                                pool_roles: &roles,
                            },
                        )
                        .map_err(|_| {
                            DomainError::validation(
                                "units",
                                "NO_CLEARED_HOLDER",
                                "nobody who receives documents in this unit is cleared for it",
                            )
                        })?;
                    }
                }
            }
            match self
                .append_document(
                    id,
                    revision,
                    context,
                    vec![DocumentEvent::ActionTaken(taken.clone())],
                )
                .await
            {
                Err(StoreError::WrongExpectedRevision { .. }) => continue,
                Err(e) => return Err(e.into()),
                // Its effects (a fan-out's copies, a parent re-opened, the sender told)
                // are reactions to this event: `crate::reactions`.
                Ok(outcome) => return Ok(outcome),
            }
        }
        Err(CommandError::Contended)
    }
}
