//! The port: what every adapter provides.

use std::time::Duration;

use async_trait::async_trait;

use crate::envelope::{
    AppendOutcome, ExpectedRevision, GlobalPosition, NewEvent, RecordedEvent, StreamId,
};
use crate::subscription::Subscription;

/// Errors of the event store. [`StoreError::is_transient`] tells a caller whether retrying the
/// same call may succeed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The stream is not at the expected revision. Re-read, decide again, retry.
    #[error("stream {stream}: expected {expected:?}, but the stream is at {actual}")]
    WrongExpectedRevision {
        stream: StreamId,
        expected: ExpectedRevision,
        actual: ActualRevision,
    },
    #[error("stream {0} not found")]
    StreamNotFound(StreamId),
    /// Bad input: retrying it cannot help.
    #[error("invalid append: {0}")]
    Invalid(String),
    /// The event ids were already used for different events (a reused command id).
    #[error("event {event_id} already exists with different content or in another stream")]
    IdConflict { event_id: uuid::Uuid },
    /// Connection lost, timeout, server shutting down: retry later.
    #[error("event store unavailable: {0}")]
    Transient(String),
    /// Anything else the backend reports.
    #[error("event store failure: {0}")]
    Backend(String),
}

/// Where a stream actually was when an expectation failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActualRevision {
    NoStream,
    At(u64),
    /// Another writer appended at the same moment; the exact revision was not read.
    Moved,
}

impl std::fmt::Display for ActualRevision {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NoStream => f.write_str("no stream"),
            Self::At(r) => write!(f, "revision {r}"),
            Self::Moved => f.write_str("a revision another writer just appended"),
        }
    }
}

impl StoreError {
    pub fn is_transient(&self) -> bool {
        matches!(self, Self::Transient(_))
    }

    pub fn is_conflict(&self) -> bool {
        matches!(self, Self::WrongExpectedRevision { .. })
    }
}

/// Direction of a stream read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadDirection {
    Forwards,
    Backwards,
}

/// Where a stream read starts (inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadFrom {
    Start,
    End,
    Revision(u64),
}

/// The event-store port.
#[async_trait]
pub trait EventStore: Send + Sync + 'static {
    /// Short name of the adapter (`postgres`, `memory`, `kurrentdb`).
    fn backend(&self) -> &'static str;

    /// Appends `events` to `stream` atomically if the stream is at `expected`.
    ///
    /// Idempotent: when the first event's id is already stored in this stream (a retried
    /// command), nothing is appended and the stored outcome is returned with
    /// `already_appended`.
    async fn append(
        &self,
        stream: &StreamId,
        expected: ExpectedRevision,
        events: Vec<NewEvent>,
    ) -> Result<AppendOutcome, StoreError>;

    /// Reads up to `max` events of one stream. A stream with no events is `StreamNotFound`.
    async fn read_stream(
        &self,
        stream: &StreamId,
        direction: ReadDirection,
        from: ReadFrom,
        max: usize,
    ) -> Result<Vec<RecordedEvent>, StoreError>;

    /// Reads up to `max` events of `$all` with a position greater than `after`, in position
    /// order. Never returns an event while an event with a lower position can still appear:
    /// a reader that resumes from the last position it saw skips nothing.
    async fn read_all(
        &self,
        after: GlobalPosition,
        max: usize,
    ) -> Result<Vec<RecordedEvent>, StoreError>;

    /// The position of the last event `read_all` can return now (`START` when empty).
    async fn head_position(&self) -> Result<GlobalPosition, StoreError>;

    /// The position of the last event committed so far. It can be ahead of `head_position`
    /// while an older write is still in flight; `read_all` reaches it once that write ends.
    /// Whoever must apply "everything written until now" (an operator's catch-up, a rebuild)
    /// waits for this, not for the head.
    async fn committed_position(&self) -> Result<GlobalPosition, StoreError> {
        self.head_position().await
    }

    /// Resolves when events may have been appended after `after`, or after `timeout`.
    /// Used by catch-up readers to tail `$all` without busy polling.
    async fn wait_for_events(&self, after: GlobalPosition, timeout: Duration);

    /// Subscribes to `$all` from a checkpoint (exclusive): catches up, then tails live.
    async fn subscribe_all(&self, after: GlobalPosition) -> Result<Subscription, StoreError>;
}

/// Checks an append before it reaches an adapter.
pub fn validate_append(events: &[NewEvent]) -> Result<(), StoreError> {
    if events.is_empty() {
        return Err(StoreError::Invalid(
            "an append needs at least one event".to_owned(),
        ));
    }
    if events.len() > crate::envelope::MAX_EVENTS_PER_APPEND {
        return Err(StoreError::Invalid(format!(
            "{} events in one append; at most {}",
            events.len(),
            crate::envelope::MAX_EVENTS_PER_APPEND
        )));
    }
    let mut ids = std::collections::HashSet::with_capacity(events.len());
    for event in events {
        event.validate()?;
        if !ids.insert(event.event_id) {
            return Err(StoreError::Invalid(format!(
                "event id {} appears twice in one append",
                event.event_id
            )));
        }
    }
    Ok(())
}
