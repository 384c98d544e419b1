//! Verifies stored history: every stream's revisions run 0, 1, 2… in `$all` order and every
//! event's hash is the chain of its predecessor's hash and its own content.
//!
//! Detects a modified event (payload, metadata, type, id), a deleted event (except the last
//! event of a stream, which leaves no trace in the chain: anchoring stream heads outside the
//! database is the remedy) and reordered events.

use std::collections::HashMap;

use crate::envelope::{GlobalPosition, RecordedEvent};
use crate::hash::{ZERO_HASH, chain, content_hash};
use crate::port::{EventStore, StoreError};

/// One thing wrong with stored history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The event's content or predecessor differs from what its hash was computed over.
    HashMismatch {
        stream: String,
        revision: u64,
        position: GlobalPosition,
    },
    /// Revisions of a stream are not consecutive in `$all` order: an event was deleted or
    /// moved.
    RevisionOutOfSequence {
        stream: String,
        expected: u64,
        found: u64,
        position: GlobalPosition,
    },
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::HashMismatch {
                stream,
                revision,
                position,
            } => write!(
                f,
                "stream {stream} revision {revision} (position {position}): hash mismatch — the event or its predecessor was altered"
            ),
            Self::RevisionOutOfSequence {
                stream,
                expected,
                found,
                position,
            } => write!(
                f,
                "stream {stream} (position {position}): revision {found} where {expected} was expected — an event was deleted or reordered"
            ),
        }
    }
}

/// The outcome of a verification.
#[derive(Debug, Default, Clone)]
pub struct VerifyReport {
    pub events_checked: u64,
    pub streams_checked: u64,
    pub problems: Vec<Problem>,
}

impl VerifyReport {
    pub fn is_intact(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Checks one event against the state of its stream so far; updates the state.
fn check(
    streams: &mut HashMap<String, (u64, [u8; 32])>,
    event: &RecordedEvent,
    problems: &mut Vec<Problem>,
) {
    let stream = event.stream_id.as_str();
    let (expected, previous) = streams.get(stream).copied().unwrap_or((0, ZERO_HASH));
    if event.stream_revision != expected {
        problems.push(Problem::RevisionOutOfSequence {
            stream: stream.to_owned(),
            expected,
            found: event.stream_revision,
            position: event.global_position,
        });
    }
    let content = content_hash(
        &event.event_id,
        stream,
        &event.event_type,
        event.schema_version,
        &event.payload,
        &event.raw_metadata,
    );
    if chain(&previous, event.stream_revision, &content) != event.hash {
        problems.push(Problem::HashMismatch {
            stream: stream.to_owned(),
            revision: event.stream_revision,
            position: event.global_position,
        });
    }
    // Continue from what is stored, so one problem is reported once, not for every later event.
    streams.insert(stream.to_owned(), (event.stream_revision + 1, event.hash));
}

/// Verifies every stream in the store.
pub async fn verify_all<S: EventStore + ?Sized>(store: &S) -> Result<VerifyReport, StoreError> {
    let mut streams = HashMap::new();
    let mut report = VerifyReport::default();
    let mut position = GlobalPosition::START;
    loop {
        let events = store.read_all(position, 2_000).await?;
        let Some(last) = events.last() else { break };
        position = last.global_position;
        for event in &events {
            check(&mut streams, event, &mut report.problems);
            report.events_checked += 1;
        }
    }
    report.streams_checked = streams.len() as u64;
    Ok(report)
}

/// Verifies the events of one stream, given in revision order (an auditor checking one
/// document's history).
pub fn verify_stream(events: &[RecordedEvent]) -> Vec<Problem> {
    let mut streams = HashMap::new();
    let mut problems = Vec::new();
    for event in events {
        check(&mut streams, event, &mut problems);
    }
    problems
}
