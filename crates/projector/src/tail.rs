//! The tail of `$all` as the runners of one engine follow it: while they keep up with the
//! head, one of them reads each new event from the store and the others (and, for reactions,
//! the requests asking which reactions their write concerns) take it from memory, instead of
//! every runner reading and decoding every event.

use std::collections::VecDeque;
use std::sync::Arc;

use chancery_event_store::{EventStore, GlobalPosition, RecordedEvent, StoreError};

/// Most events kept in memory.
const RECENT_EVENTS: usize = 10_000;

/// The latest events of `$all` read by any runner of this engine, for the others.
///
/// It holds every event in `(from, last]`, in order: the event store hands out a position
/// only once every event before it is readable, so a read after `p` that returns events up
/// to `q` returned *all* the events in `(p, q]`, and they never change. A read is served
/// from here only inside that range; anything else goes to the store.
#[derive(Default)]
struct Recent {
    from: u64,
    events: VecDeque<RecordedEvent>,
}

impl Recent {
    fn last(&self) -> u64 {
        self.events
            .back()
            .map_or(self.from, |e| e.global_position.0)
    }

    /// Up to `max` events after `after`, if they are all here (`None`: ask the store).
    fn get(&self, after: u64, max: usize) -> Option<Vec<RecordedEvent>> {
        if after < self.from || after >= self.last() {
            return None;
        }
        let start = self
            .events
            .partition_point(|e| e.global_position.0 <= after);
        Some(self.events.range(start..).take(max).cloned().collect())
    }

    /// Takes in what the store returned for a read after `after`.
    fn extend(&mut self, after: u64, events: &[RecordedEvent]) {
        let Some(last) = events.last() else {
            return;
        };
        if after == self.last() {
            self.events.extend(events.iter().cloned());
        } else if after > self.last() || last.global_position.0 > self.last() {
            // A reader ahead of the range, or the range fell behind every reader: start over
            // from this read.
            self.from = after;
            self.events = events.iter().cloned().collect();
        }
        while self.events.len() > RECENT_EVENTS {
            if let Some(first) = self.events.pop_front() {
                self.from = first.global_position.0;
            }
        }
    }
}

/// Reads of `$all` shared by the runners of one engine (see the module documentation).
pub(crate) struct Tail {
    store: Arc<dyn EventStore>,
    recent: std::sync::Mutex<Recent>,
    /// Taken by a reader reading the tail of `$all` from the store, so readers woken by the
    /// same append share one read instead of each sending its own.
    turn: tokio::sync::Mutex<()>,
}

impl Tail {
    pub(crate) fn new(store: Arc<dyn EventStore>) -> Self {
        Self {
            store,
            recent: std::sync::Mutex::new(Recent::default()),
            turn: tokio::sync::Mutex::new(()),
        }
    }

    /// Whether this tail reads from `store`.
    pub(crate) fn reads_from(&self, store: &Arc<dyn EventStore>) -> bool {
        Arc::ptr_eq(&self.store, store)
    }

    /// Up to `max` readable events after `after`, from what another reader brought in if it
    /// can. At the tail, one reader reads from the store at a time: the others wait for its
    /// read and take their events from what it brought in.
    pub(crate) async fn read(
        &self,
        after: u64,
        max: usize,
    ) -> Result<Vec<RecordedEvent>, StoreError> {
        let cached = |after: u64| {
            let recent = self.recent.lock().ok()?;
            Some((recent.get(after, max), after >= recent.from))
        };
        let at_tail = match cached(after) {
            Some((Some(events), _)) => return Ok(events),
            Some((None, at_tail)) => at_tail,
            None => false,
        };
        let _turn = if at_tail {
            let turn = self.turn.lock().await;
            if let Some((Some(events), _)) = cached(after) {
                return Ok(events);
            }
            Some(turn)
        } else {
            None
        };
        let events = self.store.read_all(GlobalPosition(after), max).await?;
        if let Ok(mut recent) = self.recent.lock() {
            recent.extend(after, &events);
        }
        Ok(events)
    }

    /// The readable events in `(after, upto]`, in order; fewer (up to the first one not
    /// readable yet) when the store cannot hand them all out yet. For a waiter: what follows
    /// the range read so far extends it, but a read ahead of it does not move it.
    pub(crate) async fn between(
        &self,
        after: u64,
        upto: u64,
    ) -> Result<Vec<RecordedEvent>, StoreError> {
        let ahead = self.recent.lock().map_or(true, |r| after > r.last());
        if ahead {
            // The runners have not read up to here yet: a read of its own, which must not
            // start the range over ahead of them.
            let wanted = usize::try_from(upto.saturating_sub(after)).unwrap_or(usize::MAX);
            let mut events = self.store.read_all(GlobalPosition(after), wanted).await?;
            events.retain(|e| e.global_position.0 <= upto);
            return Ok(events);
        }
        let mut events: Vec<RecordedEvent> = Vec::new();
        let mut at = after;
        while at < upto {
            let wanted = usize::try_from(upto - at).unwrap_or(usize::MAX);
            let read = self.read(at, wanted).await?;
            let Some(last) = read.last().map(|e| e.global_position.0) else {
                break;
            };
            events.extend(read.into_iter().filter(|e| e.global_position.0 <= upto));
            at = last;
        }
        Ok(events)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chancery_event_store::StreamId;

    fn event(position: u64) -> RecordedEvent {
        RecordedEvent {
            global_position: GlobalPosition(position),
            event_id: uuid::Uuid::from_u128(u128::from(position)),
            stream_id: StreamId::new(format!("s-{position}")).unwrap(),
            stream_revision: 0,
            event_type: "test".to_owned(),
            schema_version: 1,
            payload: serde_json::Value::Null,
            raw_metadata: serde_json::Value::Null,
            hash: [0; 32],
        }
    }

    fn positions(events: &[RecordedEvent]) -> Vec<u64> {
        events.iter().map(|e| e.global_position.0).collect()
    }

    #[test]
    fn serves_only_inside_what_was_read() {
        let mut recent = Recent::default();
        recent.extend(10, &[event(11), event(12), event(13)]);
        assert_eq!(
            recent.get(9, 10).map(|e| positions(&e)),
            None,
            "before the range"
        );
        assert_eq!(
            recent.get(10, 10).map(|e| positions(&e)),
            Some(vec![11, 12, 13])
        );
        assert_eq!(recent.get(11, 1).map(|e| positions(&e)), Some(vec![12]));
        assert_eq!(
            recent.get(13, 10).map(|e| positions(&e)),
            None,
            "at the tail"
        );
        // The next read at the tail extends the range; one further back starts it over.
        recent.extend(13, &[event(14)]);
        assert_eq!(
            recent.get(12, 10).map(|e| positions(&e)),
            Some(vec![13, 14])
        );
        recent.extend(5, &[event(6), event(15)]);
        assert_eq!(recent.get(5, 10).map(|e| positions(&e)), Some(vec![6, 15]));
        assert_eq!(recent.get(10, 10).map(|e| positions(&e)), Some(vec![15]));
    }
}
