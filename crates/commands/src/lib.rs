//! Command handling: a command's path from "someone asked" to "events are stored".
//!
//! For a stream-backed aggregate (the organisation, the catalogues) a [`Commands`] keeps the
//! state in memory, catches it up from the stream before each decision (one read of the
//! events after the cached revision), asks the pure decider, and appends the decided events
//! expecting exactly the revision it decided on. Another process deciding meanwhile makes
//! the append fail with a revision conflict; the state is caught up and the command decided
//! again, a bounded number of times. Retrying a command with the same command id appends
//! nothing new (event ids derive from it).

pub mod accounts;
pub mod caller;
pub mod checkpoints;
pub mod custody;
pub mod documents;
pub mod files;
pub mod incoming;
pub mod outgoing;
pub mod processes;
pub mod reactions;
pub mod seed;
pub mod signatures;
pub mod signing;

use std::sync::Arc;

use chancery_domain::catalogue::{self, AnyEvent};
use chancery_domain::catalogues::{self, CatalogueCommand, CatalogueEvent, Catalogues};
use chancery_domain::events::{StoredShape, Upcasters};
use chancery_domain::organisation::{self, OrgCommand, OrgEvent, Organisation};
use chancery_domain::register::{self, NumberTaken};
use chancery_domain::{DomainError, catalogue::encode_any};
use chancery_event_store::{
    Actor, EventMetadata, EventStore, ExpectedRevision, GlobalPosition, NewEvent, OnBehalfOf,
    ReadDirection, ReadFrom, StoreError, StreamId,
};
use chrono::{DateTime, Utc};
use tokio::sync::Mutex;
use uuid::Uuid;

/// How many times a command is decided again after losing a race for the stream.
pub(crate) const CONFLICT_RETRIES: usize = 8;
/// How many times a clerk's registration tries for the next number of a busy register (each
/// round, one of the clerks racing gets a number; the others try the next one).
const NUMBER_RETRIES: usize = 200;
/// Events read per round while catching a state up.
const READ_BATCH: usize = 1_000;

/// Who issues a command, when, and under which command id.
#[derive(Debug, Clone)]
pub struct CommandContext {
    pub command_id: Uuid,
    pub correlation_id: Uuid,
    pub causation_id: Option<Uuid>,
    pub actor: Option<Actor>,
    pub on_behalf_of: Option<OnBehalfOf>,
    pub now: DateTime<Utc>,
}

impl CommandContext {
    /// A new command at `now` (its own correlation).
    pub fn new(actor: Option<Actor>, now: DateTime<Utc>) -> Self {
        let command_id = Uuid::now_v7();
        Self {
            command_id,
            correlation_id: command_id,
            causation_id: None,
            actor,
            on_behalf_of: None,
            now,
        }
    }

    /// A follow-up command caused by this one (same request, same actor): its own command
    /// id, so its events get ids of their own, in the same correlation.
    #[must_use]
    pub fn follow_up(&self) -> Self {
        Self {
            command_id: Uuid::now_v7(),
            causation_id: Some(self.command_id),
            ..self.clone()
        }
    }

    fn metadata(&self) -> EventMetadata {
        EventMetadata {
            on_behalf_of: self.on_behalf_of.clone(),
            correlation_id: self.correlation_id,
            causation_id: self.causation_id,
            ..EventMetadata::for_command(self.command_id, self.actor.clone(), self.now)
        }
    }
}

/// What a command did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcome {
    /// Events appended (0 when the command changed nothing).
    pub events: usize,
    /// Global position of the last event appended, for read-your-writes waits.
    pub position: Option<GlobalPosition>,
}

/// Why a command failed.
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    #[error(transparent)]
    Refused(#[from] DomainError),
    #[error("the stream kept changing under the command; try again")]
    Contended,
    #[error("event store: {0}")]
    Store(#[from] StoreError),
    #[error("stored event does not decode: {0}")]
    Corrupt(String),
    #[error("files: {0}")]
    Files(#[from] chancery_files::FileError),
    /// A failure inside (a library, a broken stored file): logged, never shown.
    #[error("{0}")]
    Internal(String),
    /// `domain::access` refused the caller.
    #[error(transparent)]
    Denied(#[from] chancery_domain::access::Denied),
}

/// When a stored event was recorded (its envelope's time), for states that remember when
/// someone acted.
pub(crate) fn recorded_at(raw_metadata: &serde_json::Value) -> Result<DateTime<Utc>, CommandError> {
    serde_json::from_value::<EventMetadata>(raw_metadata.clone())
        .map(|m| m.recorded_at)
        .map_err(|e| CommandError::Corrupt(e.to_string()))
}

/// A state rebuilt from one stream, with the revision it reflects.
struct Cached<S> {
    state: Arc<S>,
    next: u64,
    /// When the last catch-up began: a caller that arrived before it can use its result
    /// (it read everything appended before the caller arrived), so concurrent requests share
    /// one read instead of queueing for one each.
    caught_up_from: Option<std::time::Instant>,
}

impl<S: Default> Default for Cached<S> {
    fn default() -> Self {
        Self {
            state: Arc::new(S::default()),
            next: 0,
            caught_up_from: None,
        }
    }
}

/// An aggregate kept in one stream.
trait StreamState: Default + Clone + Send + Sync + 'static {
    fn apply(&mut self, event: AnyEvent);
}

impl StreamState for Organisation {
    fn apply(&mut self, event: AnyEvent) {
        if let Some(e) = org_event(event) {
            self.evolve(&e);
        }
    }
}

/// The events of the processes stream, in order (`crate::processes::Workflows` applies
/// them on top of the shipped definitions).
#[derive(Default, Clone)]
struct ProcessLog(Vec<chancery_domain::processes::ProcessEvent>);

impl StreamState for ProcessLog {
    fn apply(&mut self, event: AnyEvent) {
        if let Some(e) = crate::processes::process_event(event) {
            self.0.push(e);
        }
    }
}

impl StreamState for Catalogues {
    fn apply(&mut self, event: AnyEvent) {
        if let Some(e) = catalogue_event(event) {
            self.evolve(&e);
        }
    }
}

/// The command side of the organisation and catalogues, plus the usage-log recorder.
pub struct Commands {
    store: Arc<dyn EventStore>,
    upcasters: Upcasters,
    organisation: Mutex<Cached<Organisation>>,
    catalogues: Mutex<Cached<Catalogues>>,
    keys: Mutex<Cached<chancery_domain::signing::KeyRing>>,
    processes: Mutex<Cached<ProcessLog>>,
}

impl Commands {
    pub fn new(store: Arc<dyn EventStore>) -> Self {
        Self {
            store,
            upcasters: catalogue::upcasters(),
            organisation: Mutex::default(),
            catalogues: Mutex::default(),
            keys: Mutex::default(),
            processes: Mutex::default(),
        }
    }

    pub fn store(&self) -> &Arc<dyn EventStore> {
        &self.store
    }

    /// The organisation as of now: it includes every event appended before this call.
    /// It knows which units own registers (from the catalogues).
    pub async fn organisation(&self) -> Result<Arc<Organisation>, CommandError> {
        let arrived = std::time::Instant::now();
        let catalogues = self.catalogues().await?;
        let mut cached = self.organisation.lock().await;
        if cached.caught_up_from.is_none_or(|t| t <= arrived) {
            self.catch_up(organisation::STREAM, &mut cached).await?;
        }
        let owners: std::collections::BTreeSet<_> = catalogues
            .registers
            .values()
            .filter(|r| r.active)
            .map(|r| r.owner_unit_id)
            .collect();
        if cached.state.register_owners != owners {
            Arc::make_mut(&mut cached.state).register_owners = owners;
        }
        Ok(cached.state.clone())
    }

    /// The catalogues as of now: they include every event appended before this call.
    pub async fn catalogues(&self) -> Result<Arc<Catalogues>, CommandError> {
        let arrived = std::time::Instant::now();
        let mut cached = self.catalogues.lock().await;
        if cached.caught_up_from.is_some_and(|t| t > arrived) {
            return Ok(cached.state.clone());
        }
        self.catch_up(catalogues::STREAM, &mut cached).await?;
        Ok(cached.state.clone())
    }

    /// The events of the processes stream after the first `seen`, as of now (a catch-up
    /// is shared by concurrent callers like the organisation's).
    pub async fn process_events_after(
        &self,
        seen: u64,
    ) -> Result<Vec<chancery_domain::processes::ProcessEvent>, CommandError> {
        let arrived = std::time::Instant::now();
        let mut cached = self.processes.lock().await;
        if cached.caught_up_from.is_none_or(|t| t <= arrived) {
            self.catch_up(chancery_domain::processes::STREAM, &mut cached)
                .await?;
        }
        let seen = usize::try_from(seen).unwrap_or(usize::MAX);
        Ok(cached.state.0.get(seen..).unwrap_or_default().to_vec())
    }

    /// Decodes a stored event of any known type.
    pub(crate) fn decode(
        &self,
        event: &chancery_event_store::RecordedEvent,
    ) -> Result<AnyEvent, CommandError> {
        catalogue::decode(
            &self.upcasters,
            StoredShape {
                event_type: event.event_type.clone(),
                schema_version: event.schema_version,
                payload: event.payload.clone(),
            },
        )
        .map_err(|e| CommandError::Corrupt(e.to_string()))
    }

    /// Decides and appends an organisation command.
    pub async fn organisation_command(
        &self,
        context: &CommandContext,
        command: OrgCommand,
    ) -> Result<Outcome, CommandError> {
        for _ in 0..CONFLICT_RETRIES {
            let (state, revision) = {
                let mut cached = self.organisation.lock().await;
                self.catch_up(organisation::STREAM, &mut cached).await?;
                (cached.state.clone(), cached.next)
            };
            let events: Vec<AnyEvent> = state
                .decide(command.clone())?
                .into_iter()
                .map(org_any)
                .collect();
            match self
                .append(organisation::STREAM, revision, context, &events)
                .await
            {
                Err(StoreError::WrongExpectedRevision { .. }) => continue,
                other => return Ok(other?),
            }
        }
        Err(CommandError::Contended)
    }

    /// Decides and appends a catalogue command (checked against the organisation too).
    pub async fn catalogue_command(
        &self,
        context: &CommandContext,
        command: CatalogueCommand,
    ) -> Result<Outcome, CommandError> {
        for _ in 0..CONFLICT_RETRIES {
            let organisation = self.organisation().await?;
            let (state, revision) = {
                let mut cached = self.catalogues.lock().await;
                self.catch_up(catalogues::STREAM, &mut cached).await?;
                (cached.state.clone(), cached.next)
            };
            let events: Vec<AnyEvent> = state
                .decide(&organisation, command.clone())?
                .into_iter()
                .map(catalogue_any)
                .collect();
            match self
                .append(catalogues::STREAM, revision, context, &events)
                .await
            {
                Err(StoreError::WrongExpectedRevision { .. }) => continue,
                other => return Ok(other?),
            }
        }
        Err(CommandError::Contended)
    }

    /// Records events that need no decision (the usage log) at the end of `stream`.
    pub async fn record(
        &self,
        stream: &str,
        context: &CommandContext,
        events: &[AnyEvent],
    ) -> Result<Outcome, CommandError> {
        let stream = StreamId::new(stream)?;
        let new = self.new_events(context, events)?;
        if new.is_empty() {
            return Ok(Outcome {
                events: 0,
                position: None,
            });
        }
        let outcome = self
            .store
            .append(&stream, ExpectedRevision::Any, new)
            .await?;
        Ok(Outcome {
            events: events.len(),
            position: Some(outcome.last_position),
        })
    }

    /// Takes the next number of a register's year for a document: the number is the
    /// stream's length, appended expecting exactly the revision read, so two clerks can never
    /// get the same number and no number is skipped. Retrying the same command (same
    /// command id) returns the number it already got.
    pub async fn take_number(
        &self,
        context: &CommandContext,
        event: NumberTaken,
    ) -> Result<(u64, GlobalPosition), CommandError> {
        let (register_id, year) = (event.register_id, event.year);
        self.take_next_number(context, register_id, year, |number, previous| {
            // Rows in arrival order: never earlier than the number before.
            let before = previous.and_then(|p| {
                serde_json::from_value(p.payload["entry"]["arrived_at"].clone()).ok()
            });
            let mut entry = event.entry.clone();
            entry.arrived_at = register::arrival_after(entry.arrived_at, before);
            NumberTaken {
                number,
                entry,
                ..event.clone()
            }
            .into()
        })
        .await
    }

    /// Takes the next number of `register`'s `year`, with the event `make` builds for that
    /// number from the previous number's event (arrival and outgoing numbers share this: one
    /// series per register and year).
    pub(crate) async fn take_next_number(
        &self,
        context: &CommandContext,
        register: chancery_domain::ids::RegisterId,
        year: i32,
        make: impl Fn(u64, Option<&chancery_event_store::RecordedEvent>) -> AnyEvent,
    ) -> Result<(u64, GlobalPosition), CommandError> {
        let stream = StreamId::new(register::stream(register, year))?;
        for attempt in 0..NUMBER_RETRIES {
            let last = match self
                .store
                .read_stream(&stream, ReadDirection::Backwards, ReadFrom::End, 1)
                .await
            {
                Ok(mut events) => events.pop(),
                Err(StoreError::StreamNotFound(_)) => None,
                Err(e) => return Err(e.into()),
            };
            let (expected, number) = match last.as_ref().map(|e| e.stream_revision) {
                None => (ExpectedRevision::NoStream, register::number_at(0)),
                Some(r) => (ExpectedRevision::Exact(r), register::number_at(r + 1)),
            };
            let new = self.new_events(context, &[make(number, last.as_ref())])?;
            match self.store.append(&stream, expected, new).await {
                Ok(outcome) => {
                    return Ok((
                        register::number_at(outcome.stream_revision),
                        outcome.last_position,
                    ));
                }
                Err(StoreError::WrongExpectedRevision { .. }) => {
                    // Another clerk took this number; spread the retries a little.
                    if attempt > 2 {
                        tokio::task::yield_now().await;
                    }
                }
                Err(e) => return Err(e.into()),
            }
        }
        Err(CommandError::Contended)
    }

    async fn append(
        &self,
        stream: &str,
        next_revision: u64,
        context: &CommandContext,
        events: &[AnyEvent],
    ) -> Result<Outcome, StoreError> {
        if events.is_empty() {
            return Ok(Outcome {
                events: 0,
                position: None,
            });
        }
        let stream = StreamId::new(stream)?;
        let expected = match next_revision {
            0 => ExpectedRevision::NoStream,
            n => ExpectedRevision::Exact(n - 1),
        };
        let new = self
            .new_events(context, events)
            .map_err(|e| StoreError::Invalid(e.to_string()))?;
        let outcome = self.store.append(&stream, expected, new).await?;
        Ok(Outcome {
            events: events.len(),
            position: Some(outcome.last_position),
        })
    }

    fn new_events(
        &self,
        context: &CommandContext,
        events: &[AnyEvent],
    ) -> Result<Vec<NewEvent>, CommandError> {
        let metadata = context.metadata();
        events
            .iter()
            .enumerate()
            .map(|(i, event)| {
                let shape = encode_any(event).map_err(|e| CommandError::Corrupt(e.to_string()))?;
                Ok(NewEvent::new(
                    u32::try_from(i).unwrap_or(u32::MAX),
                    shape.event_type,
                    shape.schema_version,
                    shape.payload,
                    metadata.clone(),
                ))
            })
            .collect()
    }

    async fn catch_up<S: StreamState>(
        &self,
        stream: &str,
        cached: &mut Cached<S>,
    ) -> Result<(), CommandError> {
        let stream = StreamId::new(stream)?;
        let started = std::time::Instant::now();
        let mut state: Option<S> = None;
        loop {
            let batch = match self
                .store
                .read_stream(
                    &stream,
                    ReadDirection::Forwards,
                    ReadFrom::Revision(cached.next),
                    READ_BATCH,
                )
                .await
            {
                Ok(batch) => batch,
                Err(StoreError::StreamNotFound(_)) => Vec::new(),
                Err(e) => return Err(e.into()),
            };
            let done = batch.len() < READ_BATCH;
            for recorded in batch {
                let shape = StoredShape {
                    event_type: recorded.event_type,
                    schema_version: recorded.schema_version,
                    payload: recorded.payload,
                };
                let event = catalogue::decode(&self.upcasters, shape)
                    .map_err(|e| CommandError::Corrupt(e.to_string()))?;
                state
                    .get_or_insert_with(|| (*cached.state).clone())
                    .apply(event);
                cached.next = recorded.stream_revision + 1;
            }
            if done {
                break;
            }
        }
        if let Some(state) = state {
            cached.state = Arc::new(state);
        }
        cached.caught_up_from = Some(started);
        Ok(())
    }
}

macro_rules! conversions {
    ($to_any:ident, $from_any:ident, $enum:ident { $($variant:ident),* }) => {
        fn $to_any(event: $enum) -> AnyEvent {
            match event {
                $($enum::$variant(e) => AnyEvent::$variant(e),)*
            }
        }

        fn $from_any(event: AnyEvent) -> Option<$enum> {
            match event {
                $(AnyEvent::$variant(e) => Some($enum::$variant(e)),)*
                _ => None,
            }
        }
    };
}

conversions!(
    org_any,
    org_event,
    OrgEvent {
        UnitCreated,
        UnitUpdated,
        UnitMoved,
        UnitDissolved,
        RoleDefined,
        PersonRegistered,
        PersonUpdated,
        PersonDeactivated,
        PositionAssigned,
        PositionEnded,
        DelegationGranted,
        DelegationRevoked
    }
);

conversions!(
    catalogue_any,
    catalogue_event,
    CatalogueEvent {
        DocumentTypeDefined,
        FieldDefined,
        ExternalAgencyRecorded,
        RegisterDefined,
        CalendarSet
    }
);
