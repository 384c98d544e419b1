//! KurrentDB adapter (feature `kurrentdb`): the event-store port on a KurrentDB server, for
//! deployments that outgrow PostgreSQL. Same contract as the other adapters.
//!
//! # How the envelope is stored
//!
//! Each of our events is one KurrentDB event in the stream of the same name: the payload is the
//! event data (JSON), our type string is the event type and our event id is the KurrentDB event
//! id. What KurrentDB has no native place for goes into the event's user metadata, a JSON object
//! `{"chancery": 1, "schema_version": …, "metadata": <EventMetadata as stored and hashed>,
//! "hash": "<hex>"}`. The `chancery` marker tells our events apart from anything else in `$all`.
//!
//! # Hash chain and expected revisions
//!
//! KurrentDB does not compute our hash chain, so an append first reads the stream's last event
//! (its revision and stored hash), checks the caller's expectation against it exactly like the
//! other adapters, chains the new events on top of it and appends with that exact revision as
//! KurrentDB's expected state. If another writer got there first, the server refuses the append
//! (`WrongExpectedVersion`) and the chain cannot fork: `Exact` and `NoStream` report the
//! conflict, while `Any` and `StreamExists` (whose expectation still holds) re-read the last
//! event and retry, a bounded number of times with a jittered pause.
//!
//! # Idempotency and id reuse
//!
//! KurrentDB only knows event ids per stream, but the port must also refuse a command id reused
//! in another stream. Every append therefore *claims* its first event id, before anything else
//! is written, by creating the stream `chancery.event-id-<id>` (expected state `NoStream`)
//! holding the target stream's name:
//!
//! * the claim is new: nobody appended these events before;
//! * the claim names another stream: [`StoreError::IdConflict`];
//! * the claim names this stream: a retry. The stream is searched (newest first) for the first
//!   event id; when found, the stored outcome is returned with `already_appended`, otherwise the
//!   earlier attempt never landed and the append proceeds.
//!
//! Events a concurrent attempt of the same command appends while this one runs are caught by
//! KurrentDB's own idempotency (same ids at the same expected revision) or by the search after
//! a `WrongExpectedVersion`. Only the first event id of a batch is claimed (batches of derived
//! ids share it); a later id reused on its own in another stream is not detected.
//!
//! Costs: an append takes four round trips (read the last event, claim, append, read back the
//! positions of the first and last appended events, the last two reads in parallel), and leaves
//! one small claim stream per append in the database. The search on a retried command reads the
//! stream backwards from its end until it finds the id (usually at once; a whole stream when an
//! earlier attempt failed). Claim streams carry no `chancery` marker, so readers skip them.
//!
//! # Positions
//!
//! [`GlobalPosition`] is the KurrentDB `$all` commit position. Events appended through the gRPC
//! API each have their own commit position, in `$all` order, so positions are unique and
//! increasing. Stream reads report `$all` positions since EventStoreDB 22.6 (server change
//! kurrent-io/KurrentDB#3459); older servers are refused with a clear error. The
//! connection's user must be allowed to read `$all` (by default, members of `$admins`).
//!
//! `read_all` and `head_position` read `$all` without a server-side filter and skip system
//! events (stream or type starting with `$`) and anything without our marker on the client, so
//! a page that holds only foreign events is never mistaken for the end of `$all`.
//! `subscribe_all` and `wait_for_events` use native catch-up subscriptions filtered to
//! non-system streams.
//!
//! # Runtime
//!
//! [`KurrentEventStore::connect`] must be called inside a Tokio runtime. The `kurrentdb` crate
//! installs rustls' aws-lc-rs crypto provider itself when no provider is installed yet.

use std::time::Duration;

use async_trait::async_trait;
use kurrentdb::{
    AppendToStreamOptions, Client, ClientSettings, CurrentRevision, EventData, Position,
    ReadAllOptions, ReadStreamOptions, ResolvedEvent, StreamPosition, StreamState,
    SubscribeToAllOptions, SubscriptionEvent, SubscriptionFilter,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tokio::sync::mpsc;
use uuid::Uuid;

use crate::envelope::{
    AppendOutcome, ExpectedRevision, GlobalPosition, NewEvent, RecordedEvent, StreamId,
};
use crate::hash::{ZERO_HASH, chain};
use crate::port::{
    ActualRevision, EventStore, ReadDirection, ReadFrom, StoreError, validate_append,
};
use crate::subscription::Subscription;

/// Prefix of the streams that claim an event id for one stream.
const CLAIM_PREFIX: &str = "chancery.event-id-";
/// Event type of a claim.
const CLAIM_TYPE: &str = "chancery.event-id-claimed";
/// Key (and value) marking the user metadata of our events.
const FORMAT_KEY: &str = "chancery";
const FORMAT_VERSION: u64 = 1;
/// Appends retried when another writer took the revision first and the expectation still holds.
const RETRIES: u32 = 200;
/// Longest pause between two such retries, in milliseconds.
const RETRY_PAUSE_MAX_MS: u64 = 25;
/// Events per `$all` read.
const ALL_PAGE: usize = 512;
/// Events per backwards `$all` read when looking for the head.
const HEAD_PAGE: usize = 64;
/// Events per backwards stream read when searching for a retried command's events.
const SCAN_PAGE: usize = 256;
/// Buffered events per subscription.
const CHANNEL: usize = 1024;
/// Pause after a failed subscription before `wait_for_events` returns.
const WAIT_ERROR_PAUSE: Duration = Duration::from_millis(250);

/// gRPC status codes (see the gRPC status code specification) that mean "try again".
const GRPC_CANCELLED: i32 = 1;
const GRPC_UNKNOWN: i32 = 2;
const GRPC_DEADLINE_EXCEEDED: i32 = 4;
const GRPC_RESOURCE_EXHAUSTED: i32 = 8;
const GRPC_ABORTED: i32 = 10;
const GRPC_UNAVAILABLE: i32 = 14;

/// The KurrentDB event store. Clones share the connection.
#[derive(Clone)]
pub struct KurrentEventStore {
    client: Client,
}

impl std::fmt::Debug for KurrentEventStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KurrentEventStore").finish_non_exhaustive()
    }
}

/// The last event of a stream, as far as the hash chain is concerned.
#[derive(Debug, Clone, Copy)]
struct Tail {
    revision: u64,
    hash: [u8; 32],
}

/// An event to append with everything that does not depend on its place in the stream.
struct Prepared {
    event_id: Uuid,
    event_type: String,
    schema_version: u32,
    payload: Value,
    raw_metadata: Value,
    content: [u8; 32],
}

/// Who holds the claim on an event id.
enum Claim {
    /// This append just created it.
    New,
    /// An earlier append to the same stream.
    Ours,
    /// An append to another stream.
    Other,
}

/// Our envelope fields in the KurrentDB user metadata, as written.
#[derive(Serialize)]
struct StoredMetadataOut<'a> {
    chancery: u64,
    schema_version: u32,
    metadata: &'a Value,
    hash: String,
}

/// Our envelope fields in the KurrentDB user metadata, as read.
#[derive(Deserialize)]
struct StoredMetadata {
    schema_version: u32,
    metadata: Value,
    hash: String,
}

/// The data of a claim event.
#[derive(Serialize, Deserialize)]
struct ClaimData {
    stream: String,
}

impl KurrentEventStore {
    /// Connects to the server a `kurrentdb://…` / `esdb://…` connection string names (the
    /// connection itself is opened lazily, by the first call). Must be called inside a Tokio
    /// runtime.
    pub fn connect(url: &str) -> Result<Self, StoreError> {
        let settings: ClientSettings = url.parse().map_err(|error: kurrentdb::ClientSettingsParseError| {
            // The parse error's message may repeat the whole string, password included.
            let detail = match error.error() {
                Some(inner) => inner.to_string(),
                None => error.message().to_owned(),
            };
            StoreError::Invalid(format!(
                "invalid KurrentDB connection string (expected kurrentdb://… or esdb://…): {detail}"
            ))
        })?;
        let handle = tokio::runtime::Handle::try_current().map_err(|_| {
            StoreError::Invalid(
                "the KurrentDB adapter must be created inside a Tokio runtime".to_owned(),
            )
        })?;
        let client = Client::with_runtime_handle(handle, settings)
            .map_err(|error| StoreError::Backend(format!("KurrentDB client: {error:#}")))?;
        Ok(Self { client })
    }

    /// Wraps an existing client.
    pub fn from_client(client: Client) -> Self {
        Self { client }
    }

    /// Reads one page of a stream; `None` when the stream does not exist.
    async fn read_raw(
        &self,
        stream: &str,
        options: &ReadStreamOptions,
    ) -> Result<Option<Vec<kurrentdb::RecordedEvent>>, kurrentdb::Error> {
        let mut read = match self.client.read_stream(stream, options).await {
            Ok(read) => read,
            Err(kurrentdb::Error::ResourceNotFound) => return Ok(None),
            Err(error) => return Err(error),
        };
        let mut events = Vec::new();
        loop {
            match read.next().await {
                Ok(Some(resolved)) => events.extend(original(resolved)),
                Ok(None) => return Ok(Some(events)),
                Err(kurrentdb::Error::ResourceNotFound) => return Ok(None),
                Err(error) => return Err(error),
            }
        }
    }

    /// Reads on the leader, where every acknowledged append is visible.
    async fn read_on_leader(
        &self,
        stream: &str,
        position: StreamPosition<u64>,
        direction: ReadDirection,
        max: usize,
    ) -> Result<Option<Vec<kurrentdb::RecordedEvent>>, StoreError> {
        let options = stream_options(position, direction, max).requires_leader(true);
        self.read_raw(stream, &options).await.map_err(store_error)
    }

    /// The last event of `stream`, `None` when the stream does not exist.
    async fn tail(&self, stream: &StreamId) -> Result<Option<Tail>, StoreError> {
        let page = self
            .read_on_leader(
                stream.as_str(),
                StreamPosition::End,
                ReadDirection::Backwards,
                1,
            )
            .await?;
        let Some(event) = page.and_then(|events| events.into_iter().next()) else {
            return Ok(None);
        };
        let recorded = decode_own(stream, &event)?;
        Ok(Some(Tail {
            revision: recorded.stream_revision,
            hash: recorded.hash,
        }))
    }

    /// The event at `revision` of `stream`.
    async fn event_at(
        &self,
        stream: &StreamId,
        revision: u64,
    ) -> Result<RecordedEvent, StoreError> {
        let page = self
            .read_on_leader(
                stream.as_str(),
                StreamPosition::Position(revision),
                ReadDirection::Forwards,
                1,
            )
            .await?;
        match page.and_then(|events| events.into_iter().next()) {
            Some(event) if event.revision == revision => decode_own(stream, &event),
            _ => Err(StoreError::Backend(format!(
                "stream {stream}: the event at revision {revision} just appended cannot be read back"
            ))),
        }
    }

    /// Claims `event_id` for `stream` (see the module documentation).
    async fn claim(&self, event_id: Uuid, stream: &StreamId) -> Result<Claim, StoreError> {
        let claim_stream = format!("{CLAIM_PREFIX}{}", event_id.simple());
        let data = ClaimData {
            stream: stream.as_str().to_owned(),
        };
        // A random id: KurrentDB must never take a second claim for an idempotent retry.
        let event = EventData::json(CLAIM_TYPE, &data)
            .map_err(|e| StoreError::Invalid(e.to_string()))?
            .id(Uuid::new_v4());
        let options = AppendToStreamOptions::default().stream_state(StreamState::NoStream);
        match self
            .client
            .append_to_stream(claim_stream.as_str(), &options, event)
            .await
        {
            Ok(_) => return Ok(Claim::New),
            Err(kurrentdb::Error::WrongExpectedVersion { .. }) => {}
            Err(error) => return Err(store_error(error)),
        }
        let page = self
            .read_on_leader(
                &claim_stream,
                StreamPosition::Start,
                ReadDirection::Forwards,
                1,
            )
            .await?;
        let Some(event) = page.and_then(|events| events.into_iter().next()) else {
            return Err(StoreError::Backend(format!(
                "claim stream {claim_stream} exists but cannot be read"
            )));
        };
        let claim: ClaimData = serde_json::from_slice(&event.data).map_err(|e| {
            StoreError::Backend(format!(
                "claim stream {claim_stream} holds an unreadable claim: {e}"
            ))
        })?;
        Ok(if claim.stream == stream.as_str() {
            Claim::Ours
        } else {
            Claim::Other
        })
    }

    /// The revision of the event `event_id` among revisions `(after, upto]` of `stream`,
    /// searching newest first.
    async fn find_event(
        &self,
        stream: &StreamId,
        event_id: Uuid,
        after: Option<u64>,
        upto: u64,
    ) -> Result<Option<u64>, StoreError> {
        let mut from = upto;
        loop {
            if after.is_some_and(|after| from <= after) {
                return Ok(None);
            }
            let Some(page) = self
                .read_on_leader(
                    stream.as_str(),
                    StreamPosition::Position(from),
                    ReadDirection::Backwards,
                    SCAN_PAGE,
                )
                .await?
            else {
                return Ok(None);
            };
            for event in &page {
                if after.is_some_and(|after| event.revision <= after) {
                    return Ok(None);
                }
                if event.id == event_id {
                    return Ok(Some(event.revision));
                }
            }
            match page.last() {
                Some(lowest) if page.len() == SCAN_PAGE && lowest.revision > 0 => {
                    from = lowest.revision - 1;
                }
                _ => return Ok(None),
            }
        }
    }

    /// The outcome of a retried command whose first event is at `first_revision`.
    async fn replayed(
        &self,
        stream: &StreamId,
        events: &[Prepared],
        first_revision: u64,
    ) -> Result<AppendOutcome, StoreError> {
        let stored = self
            .read_on_leader(
                stream.as_str(),
                StreamPosition::Position(first_revision),
                ReadDirection::Forwards,
                events.len(),
            )
            .await?
            .unwrap_or_default();
        for (i, event) in events.iter().enumerate() {
            if stored.get(i).is_none_or(|s| s.id != event.event_id) {
                return Err(StoreError::IdConflict {
                    event_id: event.event_id,
                });
            }
        }
        let (Some(first), Some(last)) = (stored.first(), stored.get(events.len() - 1)) else {
            return Err(StoreError::Invalid(
                "an append needs at least one event".to_owned(),
            ));
        };
        let first = decode_own(stream, first)?;
        let last = decode_own(stream, last)?;
        Ok(AppendOutcome {
            stream_revision: last.stream_revision,
            first_position: first.global_position,
            last_position: last.global_position,
            already_appended: true,
        })
    }

    /// The outcome of a successful append of `count` events starting at revision `base`.
    async fn appended(
        &self,
        stream: &StreamId,
        first_id: Uuid,
        base: u64,
        count: u64,
        result: &kurrentdb::WriteResult,
    ) -> Result<AppendOutcome, StoreError> {
        let last_revision = base + count - 1;
        if result.next_expected_version != last_revision {
            return Err(StoreError::Backend(format!(
                "stream {stream}: KurrentDB reports revision {} after appending revisions {base}..={last_revision}",
                result.next_expected_version
            )));
        }
        // Positions are read back from the stream, the same source as `read_stream` and replayed
        // outcomes, rather than trusted from the write result.
        let (first, last) = if count == 1 {
            let event = self.event_at(stream, base).await?;
            (event.clone(), event)
        } else {
            tokio::try_join!(
                self.event_at(stream, base),
                self.event_at(stream, last_revision)
            )?
        };
        if first.event_id != first_id {
            return Err(StoreError::Backend(format!(
                "stream {stream}: revision {base} does not hold the event just appended"
            )));
        }
        Ok(AppendOutcome {
            stream_revision: last_revision,
            first_position: first.global_position,
            last_position: last.global_position,
            already_appended: false,
        })
    }
}

#[async_trait]
impl EventStore for KurrentEventStore {
    fn backend(&self) -> &'static str {
        "kurrentdb"
    }

    async fn append(
        &self,
        stream: &StreamId,
        expected: ExpectedRevision,
        events: Vec<NewEvent>,
    ) -> Result<AppendOutcome, StoreError> {
        validate_append(&events)?;
        let events = prepare(stream, events)?;
        let Some(first_id) = events.first().map(|e| e.event_id) else {
            return Err(StoreError::Invalid(
                "an append needs at least one event".to_owned(),
            ));
        };
        let count = events.len() as u64;

        // Read before claiming: no event of this batch can be at or below this tail unless an
        // earlier attempt claimed the id first.
        let mut tail = self.tail(stream).await?;
        match self.claim(first_id, stream).await? {
            Claim::Other => return Err(StoreError::IdConflict { event_id: first_id }),
            Claim::Ours => {
                if let Some(t) = tail
                    && let Some(revision) =
                        self.find_event(stream, first_id, None, t.revision).await?
                {
                    return self.replayed(stream, &events, revision).await;
                }
            }
            Claim::New => {}
        }

        let mut attempt = 0;
        loop {
            attempt += 1;
            let holds = match (expected, tail) {
                (ExpectedRevision::Any, _) => true,
                (ExpectedRevision::NoStream, None) => true,
                (ExpectedRevision::StreamExists, Some(_)) => true,
                (ExpectedRevision::Exact(n), Some(t)) => n == t.revision,
                _ => false,
            };
            if !holds {
                return Err(StoreError::WrongExpectedRevision {
                    stream: stream.clone(),
                    expected,
                    actual: tail
                        .map_or(ActualRevision::NoStream, |t| ActualRevision::At(t.revision)),
                });
            }
            let (base, previous) = tail.map_or((0, ZERO_HASH), |t| (t.revision + 1, t.hash));
            let data = event_data(&events, base, previous)?;
            let state = tail.map_or(StreamState::NoStream, |t| {
                StreamState::StreamRevision(t.revision)
            });
            let options = AppendToStreamOptions::default().stream_state(state);
            match self
                .client
                .append_to_stream(stream.as_str(), &options, data)
                .await
            {
                Ok(result) => return self.appended(stream, first_id, base, count, &result).await,
                Err(kurrentdb::Error::WrongExpectedVersion { current, .. }) => {
                    let retry = matches!(
                        expected,
                        ExpectedRevision::Any | ExpectedRevision::StreamExists
                    );
                    if !retry {
                        return Err(StoreError::WrongExpectedRevision {
                            stream: stream.clone(),
                            expected,
                            actual: match current {
                                CurrentRevision::Current(r) => ActualRevision::At(r),
                                CurrentRevision::NoStream => ActualRevision::NoStream,
                            },
                        });
                    }
                    if attempt >= RETRIES {
                        return Err(StoreError::WrongExpectedRevision {
                            stream: stream.clone(),
                            expected,
                            actual: ActualRevision::Moved,
                        });
                    }
                    // Another writer appended; maybe a concurrent attempt of this very command.
                    let seen = tail.map(|t| t.revision);
                    let fresh = self.tail(stream).await?;
                    if let Some(t) = fresh
                        && let Some(revision) =
                            self.find_event(stream, first_id, seen, t.revision).await?
                    {
                        return self.replayed(stream, &events, revision).await;
                    }
                    tail = fresh;
                    retry_pause(attempt).await;
                }
                Err(error) => return Err(store_error(error)),
            }
        }
    }

    async fn read_stream(
        &self,
        stream: &StreamId,
        direction: ReadDirection,
        from: ReadFrom,
        max: usize,
    ) -> Result<Vec<RecordedEvent>, StoreError> {
        // Forwards from the end, or no events wanted: only whether the stream exists matters.
        let exists_only =
            max == 0 || (direction == ReadDirection::Forwards && from == ReadFrom::End);
        let (position, direction, max) = if exists_only {
            (StreamPosition::End, ReadDirection::Backwards, 1)
        } else {
            let position = match (direction, from) {
                (ReadDirection::Backwards, ReadFrom::Start) => StreamPosition::Position(0),
                (_, ReadFrom::Start) => StreamPosition::Start,
                (_, ReadFrom::End) => StreamPosition::End,
                (_, ReadFrom::Revision(r)) => StreamPosition::Position(r),
            };
            (position, direction, max)
        };
        let position = match (direction, position) {
            // A backwards read from past the end of a stream starts at its last event in the
            // other adapters; KurrentDB would only look at revisions `r - max + 1 ..= r`.
            (ReadDirection::Backwards, StreamPosition::Position(r)) if r > 0 => {
                let last = self
                    .read_page(stream, StreamPosition::End, ReadDirection::Backwards, 1)
                    .await?;
                match last.first() {
                    Some(last) if last.revision < r => StreamPosition::End,
                    _ => position,
                }
            }
            _ => position,
        };
        let page = self.read_page(stream, position, direction, max).await?;
        // A read from either end of an existing stream returns at least one event; a read from
        // a revision past the end returns none.
        if page.is_empty() && (exists_only || !matches!(from, ReadFrom::Revision(_))) {
            return Err(StoreError::StreamNotFound(stream.clone()));
        }
        if exists_only {
            return Ok(Vec::new());
        }
        page.iter().map(|event| decode_own(stream, event)).collect()
    }

    async fn read_all(
        &self,
        after: GlobalPosition,
        max: usize,
    ) -> Result<Vec<RecordedEvent>, StoreError> {
        let mut out = Vec::new();
        if max == 0 {
            return Ok(out);
        }
        let mut cursor = after.0;
        let mut from = start_after(after);
        loop {
            let want = (max - out.len()).saturating_add(1).clamp(2, ALL_PAGE);
            let page = self
                .read_all_page(from, ReadDirection::Forwards, want)
                .await?;
            let len = page.len();
            let before = cursor;
            for event in page {
                let commit = event.position.commit;
                if commit <= cursor {
                    continue;
                }
                cursor = commit;
                from = StreamPosition::Position(event.position);
                if let Some(recorded) = decode_foreign(&event)? {
                    out.push(recorded);
                    if out.len() >= max {
                        return Ok(out);
                    }
                }
            }
            if len < want {
                return Ok(out);
            }
            if cursor == before {
                return Err(no_progress(before));
            }
        }
    }

    async fn head_position(&self) -> Result<GlobalPosition, StoreError> {
        let mut from = StreamPosition::End;
        let mut cursor = u64::MAX;
        loop {
            let page = self
                .read_all_page(from, ReadDirection::Backwards, HEAD_PAGE)
                .await?;
            let len = page.len();
            let before = cursor;
            for event in page {
                let commit = event.position.commit;
                if commit >= cursor {
                    continue;
                }
                cursor = commit;
                from = StreamPosition::Position(event.position);
                if let Some(recorded) = decode_foreign(&event)? {
                    return Ok(recorded.global_position);
                }
            }
            if len < HEAD_PAGE {
                return Ok(GlobalPosition::START);
            }
            if cursor == before {
                return Err(no_progress(before));
            }
        }
    }

    async fn wait_for_events(&self, after: GlobalPosition, timeout: Duration) {
        let options = SubscribeToAllOptions::default()
            .position(start_after(after))
            .filter(user_streams());
        let mut subscription = self.client.subscribe_to_all(&options).await;
        let wait = async {
            loop {
                match subscription.next().await {
                    Ok(resolved) => {
                        let Some(event) = original(resolved) else {
                            continue;
                        };
                        if event.position.commit > after.0
                            && !matches!(decode_foreign(&event), Ok(None))
                        {
                            return;
                        }
                    }
                    Err(error) => {
                        tracing::debug!(%error, "KurrentDB wait subscription failed");
                        tokio::time::sleep(WAIT_ERROR_PAUSE).await;
                        return;
                    }
                }
            }
        };
        let _ = tokio::time::timeout(timeout, wait).await;
    }

    async fn subscribe_all(&self, after: GlobalPosition) -> Result<Subscription, StoreError> {
        let (tx, rx) = mpsc::channel(CHANNEL);
        let client = self.client.clone();
        let task = tokio::spawn(subscription_task(client, after, tx));
        Ok(Subscription::from_channel(rx, task))
    }
}

impl KurrentEventStore {
    /// Reads one page of a stream for `read_stream`.
    async fn read_page(
        &self,
        stream: &StreamId,
        position: StreamPosition<u64>,
        direction: ReadDirection,
        max: usize,
    ) -> Result<Vec<kurrentdb::RecordedEvent>, StoreError> {
        let options = stream_options(position, direction, max);
        match self.read_raw(stream.as_str(), &options).await {
            Ok(Some(page)) => Ok(page),
            Ok(None) | Err(kurrentdb::Error::ResourceDeleted) => {
                Err(StoreError::StreamNotFound(stream.clone()))
            }
            Err(error) => Err(store_error(error)),
        }
    }

    /// Reads one page of `$all`.
    async fn read_all_page(
        &self,
        from: StreamPosition<Position>,
        direction: ReadDirection,
        max: usize,
    ) -> Result<Vec<kurrentdb::RecordedEvent>, StoreError> {
        let options = ReadAllOptions::default().position(from).max_count(max);
        let options = match direction {
            ReadDirection::Forwards => options.forwards(),
            ReadDirection::Backwards => options.backwards(),
        };
        let mut read = self.client.read_all(&options).await.map_err(store_error)?;
        let mut events = Vec::new();
        while let Some(resolved) = read.next().await.map_err(store_error)? {
            events.extend(original(resolved));
        }
        Ok(events)
    }
}

/// Feeds a [`Subscription`] from a native catch-up subscription to `$all`, resubscribing after
/// transient failures from the last event seen.
async fn subscription_task(
    client: Client,
    after: GlobalPosition,
    tx: mpsc::Sender<Result<RecordedEvent, StoreError>>,
) {
    let mut cursor = after.0;
    let mut from = start_after(after);
    let mut backoff = Duration::from_millis(50);
    loop {
        let options = SubscribeToAllOptions::default()
            .position(from)
            .filter(user_streams());
        let mut subscription = client.subscribe_to_all(&options).await;
        loop {
            let next = tokio::select! {
                next = subscription.next_subscription_event() => next,
                () = tx.closed() => return,
            };
            match next {
                Ok(SubscriptionEvent::EventAppeared(resolved)) => {
                    backoff = Duration::from_millis(50);
                    let Some(event) = original(resolved) else {
                        continue;
                    };
                    let commit = event.position.commit;
                    if commit <= cursor {
                        continue;
                    }
                    cursor = commit;
                    from = StreamPosition::Position(event.position);
                    match decode_foreign(&event) {
                        Ok(Some(recorded)) => {
                            if tx.send(Ok(recorded)).await.is_err() {
                                return;
                            }
                        }
                        Ok(None) => {}
                        Err(error) => {
                            let _ = tx.send(Err(error)).await;
                            return;
                        }
                    }
                }
                Ok(_) => {}
                Err(error) => {
                    let error = store_error(error);
                    if !error.is_transient() {
                        let _ = tx.send(Err(error)).await;
                        return;
                    }
                    tracing::warn!(%error, "KurrentDB subscription dropped; resubscribing");
                    tokio::select! {
                        () = tokio::time::sleep(backoff) => {}
                        () = tx.closed() => return,
                    }
                    backoff = (backoff * 2).min(Duration::from_secs(5));
                    break;
                }
            }
        }
    }
}

/// Computes what does not depend on the events' place in the stream.
fn prepare(stream: &StreamId, events: Vec<NewEvent>) -> Result<Vec<Prepared>, StoreError> {
    events
        .into_iter()
        .map(|event| {
            let (raw_metadata, content) = event.stored_form(stream)?;
            Ok(Prepared {
                event_id: event.event_id,
                event_type: event.event_type,
                schema_version: event.schema_version,
                payload: event.payload,
                raw_metadata,
                content,
            })
        })
        .collect()
}

/// The KurrentDB events of a batch chained on `previous`, the first at revision `base`.
fn event_data(
    events: &[Prepared],
    base: u64,
    previous: [u8; 32],
) -> Result<Vec<EventData>, StoreError> {
    events
        .iter()
        .zip(envelopes(events, base, previous))
        .map(|(event, envelope)| {
            EventData::json(&event.event_type, &event.payload)
                .and_then(|data| data.id(event.event_id).metadata_as_json(&envelope))
                .map_err(|e| StoreError::Invalid(e.to_string()))
        })
        .collect()
}

/// The user metadata of each event of a batch chained on `previous`, the first at `base`.
fn envelopes(events: &[Prepared], base: u64, previous: [u8; 32]) -> Vec<StoredMetadataOut<'_>> {
    let mut previous = previous;
    (base..)
        .zip(events)
        .map(|(revision, event)| {
            let hash = chain(&previous, revision, &event.content);
            previous = hash;
            StoredMetadataOut {
                chancery: FORMAT_VERSION,
                schema_version: event.schema_version,
                metadata: &event.raw_metadata,
                hash: hex::encode(hash),
            }
        })
        .collect()
}

/// Our envelope fields from an event's user metadata: `Ok(None)` without our marker, `Err`
/// with the marker but unusable fields.
fn parse_envelope(custom_metadata: &[u8]) -> Result<Option<(StoredMetadata, [u8; 32])>, String> {
    let Ok(value) = serde_json::from_slice::<Value>(custom_metadata) else {
        return Ok(None);
    };
    if value.get(FORMAT_KEY).and_then(Value::as_u64) != Some(FORMAT_VERSION) {
        return Ok(None);
    }
    let stored = StoredMetadata::deserialize(&value)
        .map_err(|e| format!("unreadable envelope metadata: {e}"))?;
    let hash: [u8; 32] = hex::decode(&stored.hash)
        .ok()
        .and_then(|bytes| bytes.try_into().ok())
        .ok_or_else(|| "stored hash is not 32 hex bytes".to_owned())?;
    Ok(Some((stored, hash)))
}

/// Decodes an event of one of our streams: anything but our own event there is corruption.
fn decode_own(
    stream: &StreamId,
    event: &kurrentdb::RecordedEvent,
) -> Result<RecordedEvent, StoreError> {
    match decode(event)? {
        Some(recorded) if recorded.stream_id == *stream => Ok(recorded),
        _ => Err(StoreError::Backend(format!(
            "stream {stream}: event {} at revision {} was not written by Chancery",
            event.id, event.revision
        ))),
    }
}

/// Decodes an event of `$all`: system events and events not written by Chancery are `None`.
fn decode_foreign(event: &kurrentdb::RecordedEvent) -> Result<Option<RecordedEvent>, StoreError> {
    if event.stream_id().starts_with('$') || event.event_type.starts_with('$') {
        return Ok(None);
    }
    decode(event)
}

/// Decodes an event carrying our marker; `None` when the marker is missing.
fn decode(event: &kurrentdb::RecordedEvent) -> Result<Option<RecordedEvent>, StoreError> {
    let corrupt = |what: &str| {
        StoreError::Backend(format!(
            "event {} in stream {} (revision {}): {what}",
            event.id,
            event.stream_id(),
            event.revision
        ))
    };
    let Some((stored, hash)) = parse_envelope(&event.custom_metadata).map_err(|e| corrupt(&e))?
    else {
        return Ok(None);
    };
    let payload: Value = serde_json::from_slice(&event.data)
        .map_err(|e| corrupt(&format!("payload is not JSON: {e}")))?;
    let commit = event.position.commit;
    if commit == u64::MAX || commit == 0 {
        return Err(corrupt(
            "KurrentDB did not report its $all position (EventStoreDB 22.6 or later is required)",
        ));
    }
    Ok(Some(RecordedEvent {
        event_id: event.id,
        stream_id: StreamId::new(event.stream_id())
            .map_err(|e| corrupt(&format!("unusable stream id: {e}")))?,
        stream_revision: event.revision,
        global_position: GlobalPosition(commit),
        event_type: event.event_type.clone(),
        schema_version: stored.schema_version,
        payload,
        raw_metadata: stored.metadata,
        hash,
    }))
}

/// The recorded event of a read result (links are not resolved, so it is the event itself).
fn original(resolved: ResolvedEvent) -> Option<kurrentdb::RecordedEvent> {
    resolved.event.or(resolved.link)
}

fn stream_options(
    position: StreamPosition<u64>,
    direction: ReadDirection,
    max: usize,
) -> ReadStreamOptions {
    // `position` resets the direction for Start and End, so the direction comes last.
    let options = ReadStreamOptions::default()
        .position(position)
        .max_count(max);
    match direction {
        ReadDirection::Forwards => options.forwards(),
        ReadDirection::Backwards => options.backwards(),
    }
}

/// Where a read or subscription starts so that it delivers what follows `after`.
fn start_after(after: GlobalPosition) -> StreamPosition<Position> {
    if after == GlobalPosition::START {
        StreamPosition::Start
    } else {
        StreamPosition::Position(Position {
            commit: after.0,
            prepare: after.0,
        })
    }
}

/// Server-side filter: streams not starting with `$`.
fn user_streams() -> SubscriptionFilter {
    SubscriptionFilter::on_stream_name().regex("^[^\\$]")
}

/// A full page of `$all` held nothing past `cursor`: reading on would loop forever.
fn no_progress(cursor: u64) -> StoreError {
    StoreError::Backend(format!(
        "KurrentDB returned a page of $all without any event past position {cursor}"
    ))
}

/// A jittered pause before retrying an append that lost a race, growing with `attempt`.
async fn retry_pause(attempt: u32) {
    let ceiling = u64::from(attempt).min(RETRY_PAUSE_MAX_MS);
    let jitter = (Uuid::new_v4().as_u128() as u64) % (ceiling + 1);
    tokio::time::sleep(Duration::from_millis(jitter)).await;
}

/// Connection problems, timeouts, a node that is not the leader and server unavailability are
/// transient; a missing stream outside stream reads and everything else are backend failures.
fn store_error(error: kurrentdb::Error) -> StoreError {
    use kurrentdb::Error as E;
    let transient = match &error {
        E::ConnectionClosed
        | E::GrpcConnectionError(_)
        | E::DeadlineExceeded
        | E::NotLeaderException(_) => true,
        // The client maps Unavailable, Unknown, Internal and DataLoss here, and reselects a node.
        E::ServerError(status) => {
            status.starts_with("status: Unavailable") || status.starts_with("status: Unknown")
        }
        E::Grpc { code, .. } => matches!(
            i32::from(*code),
            GRPC_CANCELLED
                | GRPC_UNKNOWN
                | GRPC_DEADLINE_EXCEEDED
                | GRPC_RESOURCE_EXHAUSTED
                | GRPC_ABORTED
                | GRPC_UNAVAILABLE
        ),
        _ => false,
    };
    if transient {
        StoreError::Transient(error.to_string())
    } else {
        StoreError::Backend(error.to_string())
    }
}

#[cfg(test)]
mod tests {
    use chrono::Utc;
    use serde_json::json;

    use super::*;
    use crate::envelope::EventMetadata;
    use crate::memory::MemoryEventStore;

    fn batch(n: u32) -> Vec<NewEvent> {
        let metadata = EventMetadata::for_command(Uuid::now_v7(), None, Utc::now());
        (0..n)
            .map(|i| {
                NewEvent::new(
                    i,
                    "test.happened",
                    1,
                    json!({"index": i, "note": "Công văn — ເອກະສານ", "nested": {"b": [1, 2.5], "a": true}}),
                    metadata.clone(),
                )
            })
            .collect()
    }

    #[tokio::test]
    async fn the_chain_and_stored_metadata_match_the_in_memory_adapter() {
        let stream = StreamId::new("doc-1").unwrap();
        let (first, second) = (batch(3), batch(2));
        let memory = MemoryEventStore::new();
        memory
            .append(&stream, ExpectedRevision::NoStream, first.clone())
            .await
            .unwrap();
        memory
            .append(&stream, ExpectedRevision::Exact(2), second.clone())
            .await
            .unwrap();
        let stored = memory
            .read_stream(&stream, ReadDirection::Forwards, ReadFrom::Start, 10)
            .await
            .unwrap();

        let first = prepare(&stream, first).unwrap();
        let first_envelopes = envelopes(&first, 0, ZERO_HASH);
        let (_, tail_hash) =
            parse_envelope(&serde_json::to_vec(first_envelopes.last().unwrap()).unwrap())
                .unwrap()
                .unwrap();
        let second = prepare(&stream, second).unwrap();
        let second_envelopes = envelopes(&second, 3, tail_hash);
        let ours: Vec<_> = first_envelopes.iter().chain(&second_envelopes).collect();
        assert_eq!(ours.len(), stored.len());
        for (envelope, recorded) in ours.iter().zip(&stored) {
            assert_eq!(envelope.hash, hex::encode(recorded.hash));
            assert_eq!(envelope.metadata, &recorded.raw_metadata);
            assert_eq!(envelope.schema_version, recorded.schema_version);
        }
    }

    #[test]
    fn envelopes_round_trip_and_foreign_metadata_is_not_ours() {
        let stream = StreamId::new("doc-1").unwrap();
        let prepared = prepare(&stream, batch(1)).unwrap();
        let envelope = &envelopes(&prepared, 0, ZERO_HASH)[0];
        let bytes = serde_json::to_vec(envelope).unwrap();
        let (stored, hash) = parse_envelope(&bytes).unwrap().unwrap();
        assert_eq!(stored.metadata, prepared[0].raw_metadata);
        assert_eq!(stored.schema_version, 1);
        assert_eq!(hex::encode(hash), envelope.hash);

        for foreign in [
            &b""[..],
            b"not json",
            b"[1]",
            b"{}",
            br#"{"chancery": 2}"#,
            br#"{"$correlationId": "x"}"#,
        ] {
            assert!(parse_envelope(foreign).unwrap().is_none());
        }
        let short_hash = br#"{"chancery": 1, "schema_version": 1, "metadata": {}, "hash": "abcd"}"#;
        assert!(parse_envelope(short_hash).is_err());
        assert!(parse_envelope(br#"{"chancery": 1}"#).is_err());
    }

    #[test]
    fn client_errors_map_to_transient_or_backend() {
        use kurrentdb::Error as E;
        assert!(store_error(E::ConnectionClosed).is_transient());
        assert!(store_error(E::DeadlineExceeded).is_transient());
        let unavailable = "status: Unavailable, message: \"node is gone\"";
        assert!(store_error(E::ServerError(unavailable.to_owned())).is_transient());
        let internal = "status: Internal, message: \"bug\"";
        assert!(!store_error(E::ServerError(internal.to_owned())).is_transient());
        let grpc = |code: i32| E::Grpc {
            code: code.into(),
            message: String::new(),
        };
        assert!(store_error(grpc(GRPC_UNAVAILABLE)).is_transient());
        assert!(store_error(grpc(GRPC_ABORTED)).is_transient());
        assert!(!store_error(grpc(3)).is_transient(), "InvalidArgument");
        assert!(matches!(
            store_error(E::AccessDenied),
            StoreError::Backend(_)
        ));
        assert!(matches!(
            store_error(E::ResourceNotFound),
            StoreError::Backend(_)
        ));
    }

    #[test]
    fn connection_strings_are_checked_without_leaking_passwords() {
        let err =
            KurrentEventStore::connect("kurrentdb://admin:s3cret@localhost:notaport").unwrap_err();
        assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");
        assert!(!err.to_string().contains("s3cret"), "{err}");
        assert!(matches!(
            KurrentEventStore::connect("http://localhost:2113"),
            Err(StoreError::Invalid(_))
        ));
        // Outside a Tokio runtime: refused, not a panic.
        assert!(matches!(
            KurrentEventStore::connect("kurrentdb://localhost:2113?tls=false"),
            Err(StoreError::Invalid(_))
        ));
    }

    #[tokio::test]
    async fn a_valid_connection_string_gives_a_store_without_contacting_the_server() {
        let store = KurrentEventStore::connect("esdb://localhost:2113?tls=false").unwrap();
        assert_eq!(store.backend(), "kurrentdb");
    }

    #[test]
    fn reads_after_a_checkpoint_start_at_it() {
        assert_eq!(start_after(GlobalPosition::START), StreamPosition::Start);
        assert_eq!(
            start_after(GlobalPosition(1234)),
            StreamPosition::Position(Position {
                commit: 1234,
                prepare: 1234
            })
        );
    }
}
