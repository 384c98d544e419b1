//! In-memory adapter: same contract as the others, for fast domain tests. Not durable.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use async_trait::async_trait;
use tokio::sync::watch;

use crate::envelope::{
    AppendOutcome, ExpectedRevision, GlobalPosition, NewEvent, RecordedEvent, StreamId,
};
use crate::hash::{ZERO_HASH, chain};
use crate::port::{
    ActualRevision, EventStore, ReadDirection, ReadFrom, StoreError, validate_append,
};
use crate::subscription::Subscription;

#[derive(Debug, Default)]
struct State {
    /// Every event; index i holds global position i + 1.
    all: Vec<RecordedEvent>,
    /// Indexes into `all` per stream, in revision order.
    streams: HashMap<StreamId, Vec<usize>>,
    /// Index into `all` per event id.
    ids: HashMap<uuid::Uuid, usize>,
}

/// The in-memory event store. Clones share the same events.
#[derive(Debug, Clone)]
pub struct MemoryEventStore {
    state: Arc<Mutex<State>>,
    head: Arc<watch::Sender<u64>>,
}

impl Default for MemoryEventStore {
    fn default() -> Self {
        Self::new()
    }
}

impl MemoryEventStore {
    pub fn new() -> Self {
        Self {
            state: Arc::default(),
            head: Arc::new(watch::channel(0).0),
        }
    }

    fn lock(&self) -> Result<MutexGuard<'_, State>, StoreError> {
        self.state
            .lock()
            .map_err(|_| StoreError::Backend("in-memory store poisoned".to_owned()))
    }
}

#[async_trait]
impl EventStore for MemoryEventStore {
    fn backend(&self) -> &'static str {
        "memory"
    }

    async fn append(
        &self,
        stream: &StreamId,
        expected: ExpectedRevision,
        events: Vec<NewEvent>,
    ) -> Result<AppendOutcome, StoreError> {
        validate_append(&events)?;
        let mut state = self.lock()?;
        if let Some(&index) = events.first().and_then(|e| state.ids.get(&e.event_id)) {
            return replayed(&state, stream, &events, index);
        }
        if let Some(e) = events.iter().find(|e| state.ids.contains_key(&e.event_id)) {
            return Err(StoreError::IdConflict {
                event_id: e.event_id,
            });
        }
        let last = state
            .streams
            .get(stream)
            .and_then(|s| s.last())
            .map(|&i| (state.all[i].stream_revision, state.all[i].hash));
        let ok = match (expected, last) {
            (ExpectedRevision::Any, _) => true,
            (ExpectedRevision::NoStream, None) => true,
            (ExpectedRevision::StreamExists, Some(_)) => true,
            (ExpectedRevision::Exact(n), Some((r, _))) => n == r,
            _ => false,
        };
        if !ok {
            return Err(StoreError::WrongExpectedRevision {
                stream: stream.clone(),
                expected,
                actual: last.map_or(ActualRevision::NoStream, |(r, _)| ActualRevision::At(r)),
            });
        }
        let (mut revision, mut previous) = last.map_or((0, ZERO_HASH), |(r, h)| (r + 1, h));
        let first_position = GlobalPosition(state.all.len() as u64 + 1);
        for event in events {
            let (raw_metadata, content) = event.stored_form(stream)?;
            let hash = chain(&previous, revision, &content);
            let index = state.all.len();
            state.all.push(RecordedEvent {
                event_id: event.event_id,
                stream_id: stream.clone(),
                stream_revision: revision,
                global_position: GlobalPosition(index as u64 + 1),
                event_type: event.event_type,
                schema_version: event.schema_version,
                payload: event.payload,
                raw_metadata,
                hash,
            });
            state.streams.entry(stream.clone()).or_default().push(index);
            state.ids.insert(event.event_id, index);
            previous = hash;
            revision += 1;
        }
        let last_position = GlobalPosition(state.all.len() as u64);
        drop(state);
        self.head.send_replace(last_position.0);
        Ok(AppendOutcome {
            stream_revision: revision - 1,
            first_position,
            last_position,
            already_appended: false,
        })
    }

    async fn read_stream(
        &self,
        stream: &StreamId,
        direction: ReadDirection,
        from: ReadFrom,
        max: usize,
    ) -> Result<Vec<RecordedEvent>, StoreError> {
        let state = self.lock()?;
        let Some(indexes) = state.streams.get(stream) else {
            return Err(StoreError::StreamNotFound(stream.clone()));
        };
        let len = indexes.len() as u64;
        let picked: Vec<usize> = match (direction, from) {
            (ReadDirection::Forwards, ReadFrom::Start) => {
                indexes.iter().take(max).copied().collect()
            }
            (ReadDirection::Forwards, ReadFrom::End) => Vec::new(),
            (ReadDirection::Forwards, ReadFrom::Revision(r)) => indexes
                .iter()
                .skip(usize::try_from(r.min(len)).unwrap_or(usize::MAX))
                .take(max)
                .copied()
                .collect(),
            (ReadDirection::Backwards, ReadFrom::Start) => {
                indexes.iter().take(1.min(max)).copied().collect()
            }
            (ReadDirection::Backwards, ReadFrom::End) => {
                indexes.iter().rev().take(max).copied().collect()
            }
            (ReadDirection::Backwards, ReadFrom::Revision(r)) => {
                let upto = usize::try_from(r.saturating_add(1).min(len)).unwrap_or(usize::MAX);
                indexes[..upto].iter().rev().take(max).copied().collect()
            }
        };
        Ok(picked.into_iter().map(|i| state.all[i].clone()).collect())
    }

    async fn read_all(
        &self,
        after: GlobalPosition,
        max: usize,
    ) -> Result<Vec<RecordedEvent>, StoreError> {
        let state = self.lock()?;
        let start = usize::try_from(after.0)
            .unwrap_or(usize::MAX)
            .min(state.all.len());
        Ok(state.all[start..].iter().take(max).cloned().collect())
    }

    async fn head_position(&self) -> Result<GlobalPosition, StoreError> {
        Ok(GlobalPosition(self.lock()?.all.len() as u64))
    }

    async fn wait_for_events(&self, after: GlobalPosition, timeout: Duration) {
        let mut receiver = self.head.subscribe();
        let _ = tokio::time::timeout(timeout, receiver.wait_for(|head| *head > after.0)).await;
    }

    async fn subscribe_all(&self, after: GlobalPosition) -> Result<Subscription, StoreError> {
        Ok(Subscription::spawn_polling(Arc::new(self.clone()), after))
    }
}

fn replayed(
    state: &State,
    stream: &StreamId,
    events: &[NewEvent],
    first: usize,
) -> Result<AppendOutcome, StoreError> {
    let mut indexes = Vec::with_capacity(events.len());
    for event in events {
        match state.ids.get(&event.event_id) {
            Some(&i) if state.all[i].stream_id == *stream => indexes.push(i),
            _ => {
                return Err(StoreError::IdConflict {
                    event_id: event.event_id,
                });
            }
        }
    }
    let last = indexes.iter().copied().max().unwrap_or(first);
    Ok(AppendOutcome {
        stream_revision: state.all[last].stream_revision,
        first_position: state.all[first].global_position,
        last_position: state.all[last].global_position,
        already_appended: true,
    })
}
