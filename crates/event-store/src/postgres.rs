//! PostgreSQL adapter (the default).
//!
//! Appends go through `chancery_append` (see `migrations/0001_events.sql`), which checks each
//! append's expected revision, chains the hashes and inserts, after taking the transaction id
//! and positions under a short ordering lock. Group commit: concurrent callers' appends are
//! gathered by a few committer tasks into one call and one transaction (a batch is whatever
//! queued up while the previous one was committing), so 16 writers cost a handful of commits
//! instead of 16. Each append still succeeds or fails on its own.
//! Global order. Positions are taken at insert but become visible at commit, so a reader
//! resuming "after the last position seen" could see position 101 commit before 100 and skip
//! 100 for ever. Two rules close that hole:
//! 1. Writers (`migrations/0001_events.sql`): an append takes its transaction id and all its
//!    positions together under a short ordering lock, before any other write of its
//!    transaction, so across appending transactions id order equals position order.
//! 2. Readers (`classified`): committed events are returned in position order up to the first
//!    gap in the positions that a transaction still running may fill. A gap between committed
//!    events at positions a < b, written by transactions xa <= xb, can only belong to an
//!    appending transaction whose id lies strictly between xa and xb; if none of the
//!    snapshot's running transactions does, the gap is for ever empty (a rolled-back or
//!    withdrawn append) and reading goes on. Transactions that append nothing (read-model
//!    batches, sessions) leave no gap and never hold readers back; a running transaction that
//!    happens to lie in a permanent gap's range holds readers back until it ends, which is
//!    safe. (Readers used to stop at the oldest running transaction of any kind, so every
//!    projection's batch transaction delayed every other projection's reading.)
//!
//! Waking readers: a local append wakes local readers at once; a debounced `NOTIFY` (sent by a
//! background task, never inside an append, so commits are not serialised by the notification
//! queue lock) wakes readers in other processes; a reader whose next event is held back by an
//! older transaction looks again after a few milliseconds, then less and less often (any
//! transaction ending may release it, and only appends announce themselves); an idle poll
//! catches everything else.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use async_trait::async_trait;
use chancery_pg::Migration;
use deadpool_postgres::{Object, Pool};
use futures::StreamExt as _;
use serde_json::Value;
use tokio::sync::{Notify, OnceCell, mpsc, oneshot, watch};
use tokio_postgres::error::SqlState;
use tokio_postgres::{AsyncMessage, NoTls, Row};
use uuid::Uuid;

use crate::envelope::{
    AppendOutcome, ExpectedRevision, GlobalPosition, NewEvent, RecordedEvent, StreamId,
};
use crate::port::{
    ActualRevision, EventStore, ReadDirection, ReadFrom, StoreError, validate_append,
};
use crate::subscription::Subscription;

/// The event store's schema.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        name: "event_store/0001_events",
        sql: include_str!("../migrations/0001_events.sql"),
    },
    Migration {
        name: "event_store/0002_plain_insert",
        sql: include_str!("../migrations/0002_plain_insert.sql"),
    },
    Migration {
        name: "event_store/0003_ordered_insert",
        sql: include_str!("../migrations/0003_ordered_insert.sql"),
    },
];

const NOTIFY_CHANNEL: &str = "chancery_events";
/// Appends retried when another writer took the revision first and the caller expected `Any`.
const ANY_RETRIES: usize = 50;

const APPEND: &str = "SELECT idx, outcome, last_revision, first_position, last_position \
     FROM chancery_append($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
/// Appends larger than this go in a transaction of their own.
const SOLO_EVENTS: usize = 64;
/// Most appends and events one group commit carries.
const GROUP_APPENDS: usize = 128;
const GROUP_EVENTS: usize = 2_000;
/// Committer tasks: batches in flight at once (overlaps one batch's commit with the next).
const COMMITTERS: usize = 2;
/// Scheduler turns a committer waits for more appends before committing what it has.
const GATHER_TURNS: usize = 16;
const COLUMNS: &str = "global_position, event_id, stream_id, stream_revision, event_type, \
     schema_version, payload, metadata, hash";
/// The oldest transaction still running: every event of an older transaction is readable.
/// Scalar subqueries are evaluated once per statement (an InitPlan): written inline,
/// `pg_current_snapshot()` would be rebuilt for every row the scan looks at — the same value,
/// as a statement has one snapshot, but not the same cost.
const XMIN: &str = "(SELECT pg_snapshot_xmin(pg_current_snapshot()))";
/// The transaction of the newest committed event at or before `$1` (zero before the first).
const PREVIOUS_XID: &str = "(SELECT coalesce((SELECT p.transaction_id FROM events p \
     WHERE p.global_position <= $1 ORDER BY p.global_position DESC LIMIT 1), '0'::xid8))";

/// The readers' rule (see the module documentation) over the next `$2` committed
/// events after `$1`: each is marked `held_back` when it, or an earlier one of them, lies beyond
/// a gap in the positions that a write still in flight may fill. A gap between committed events
/// at positions a < b, of transactions xa <= xb, can only belong to a transaction whose id lies
/// strictly between xa and xb (the writers' rule), so it may still fill only while such a
/// transaction is running. Transactions that append nothing — read-model batches, sessions,
/// anything else — leave no gap, and never hold readers back.
fn classified() -> String {
    format!(
        "(SELECT c.*, bool_or(c.gap AND c.transaction_id >= {XMIN} \
           AND EXISTS (SELECT 1 FROM pg_snapshot_xip(pg_current_snapshot()) AS running(x) \
                        WHERE running.x > c.previous_xid AND running.x < c.transaction_id)) \
             OVER (ORDER BY c.global_position) AS held_back \
           FROM (SELECT e.*, e.global_position <> lag(e.global_position, 1, $1) OVER w + 1 AS gap, \
                        lag(e.transaction_id, 1, {PREVIOUS_XID}) OVER w AS previous_xid \
                   FROM (SELECT * FROM events WHERE global_position > $1 \
                          ORDER BY global_position LIMIT $2) e \
                 WINDOW w AS (ORDER BY e.global_position)) c) r"
    )
}

/// Whether the first committed event after `$1` is readable (no row: nothing is committed).
fn next_readable() -> String {
    format!(
        "SELECT n.global_position = $1 + 1 OR n.transaction_id < {XMIN} \
           OR NOT EXISTS (SELECT 1 FROM pg_snapshot_xip(pg_current_snapshot()) AS running(x) \
                           WHERE running.x > {PREVIOUS_XID} AND running.x < n.transaction_id) \
           FROM (SELECT global_position, transaction_id FROM events WHERE global_position > $1 \
                  ORDER BY global_position LIMIT 1) n"
    )
}

/// Events looked at per statement while finding the readable head.
const HEAD_STEP: i64 = 4_096;
/// While the next event is held back by a write in flight, a waiting reader looks again after
/// this long, doubling each time for the same position up to its timeout: a committed append
/// announces itself, but a rolled-back one does not, nor does an unrelated transaction whose
/// id happens to lie in a permanent gap's range.
const HELD_BACK_FIRST_LOOK: Duration = Duration::from_millis(5);
/// Positions whose readers are waiting out a held-back event, remembered for the doubling.
const HELD_BACK_READERS: usize = 64;

/// The PostgreSQL event store. Clones share the pool and background tasks.
#[derive(Clone)]
pub struct PgEventStore {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for PgEventStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgEventStore").finish_non_exhaustive()
    }
}

struct Inner {
    pool: Pool,
    config: tokio_postgres::Config,
    /// Bumped whenever events may have been appended (locally or, via LISTEN, elsewhere).
    generation: watch::Sender<u64>,
    /// Asks the notifier task to send one `NOTIFY`.
    notify_others: Arc<Notify>,
    listener: OnceCell<tokio::task::JoinHandle<()>>,
    notifier: tokio::task::JoinHandle<()>,
    /// Appends waiting for a group commit.
    queue: mpsc::Sender<Request>,
    committers: Vec<tokio::task::JoinHandle<()>>,
    /// Readers waiting out a held-back event: (after, their next look's delay).
    held_back: std::sync::Mutex<std::collections::VecDeque<(u64, Duration)>>,
    /// The last readable head found: the readable prefix only grows, so the next search
    /// starts here.
    readable_head: std::sync::atomic::AtomicU64,
}

impl Inner {
    /// How long a reader after `after` waits before looking again at a held-back event.
    fn held_back_delay(&self, after: u64, timeout: Duration) -> Duration {
        let Ok(mut held) = self.held_back.lock() else {
            return timeout;
        };
        let delay = match held.iter().position(|(a, _)| *a == after) {
            Some(i) => held.remove(i).map_or(HELD_BACK_FIRST_LOOK, |(_, d)| d * 2),
            None => HELD_BACK_FIRST_LOOK,
        }
        .min(timeout);
        if held.len() >= HELD_BACK_READERS {
            held.pop_front();
        }
        held.push_back((after, delay));
        delay
    }

    fn not_held_back(&self, after: u64) {
        if let Ok(mut held) = self.held_back.lock() {
            held.retain(|(a, _)| *a != after);
        }
    }
}

impl Drop for Inner {
    fn drop(&mut self) {
        self.notifier.abort();
        for committer in &self.committers {
            committer.abort();
        }
        if let Some(listener) = self.listener.get() {
            listener.abort();
        }
    }
}

impl PgEventStore {
    /// Wraps a pool. `config` reaches the same database (for the LISTEN connection).
    /// Must be called inside a Tokio runtime.
    pub fn new(pool: Pool, config: tokio_postgres::Config) -> Self {
        let notify_others = Arc::new(Notify::new());
        let notifier = tokio::spawn(notifier(pool.clone(), notify_others.clone()));
        let generation = watch::channel(0).0;
        let (queue, receiver) = mpsc::channel(4 * GROUP_APPENDS);
        let receiver = Arc::new(tokio::sync::Mutex::new(receiver));
        let committers = (0..COMMITTERS)
            .map(|_| {
                tokio::spawn(committer(
                    pool.clone(),
                    receiver.clone(),
                    generation.clone(),
                    notify_others.clone(),
                ))
            })
            .collect();
        Self {
            inner: Arc::new(Inner {
                pool,
                config,
                generation,
                notify_others,
                listener: OnceCell::new(),
                notifier,
                queue,
                committers,
                held_back: std::sync::Mutex::new(std::collections::VecDeque::new()),
                readable_head: std::sync::atomic::AtomicU64::new(0),
            }),
        }
    }

    pub fn pool(&self) -> &Pool {
        &self.inner.pool
    }

    /// Creates or updates the event store's tables.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        let mut client = self.client().await?;
        chancery_pg::Migrator::new()
            .with(MIGRATIONS)
            .run(&mut client)
            .await
            .map_err(|e| StoreError::Backend(e.to_string()))?;
        Ok(())
    }

    async fn client(&self) -> Result<Object, StoreError> {
        self.inner.pool.get().await.map_err(pool_error)
    }

    /// What follows `after`: nothing committed, an event readable now, or one held back by
    /// a write in flight (two index probes, where reading may fetch a whole batch).
    async fn next_after(&self, after: GlobalPosition) -> Result<Next, StoreError> {
        let client = self.client().await?;
        let statement = client
            .prepare_cached(&next_readable())
            .await
            .map_err(pg_error)?;
        let row = client
            .query_opt(&statement, &[&as_i64(after.0)])
            .await
            .map_err(pg_error)?;
        Ok(match row.map(|r| r.get::<_, bool>(0)) {
            None => Next::Nothing,
            Some(true) => Next::Readable,
            Some(false) => Next::HeldBack,
        })
    }

    async fn ensure_listener(&self) {
        let generation = self.inner.generation.clone();
        let config = self.inner.config.clone();
        self.inner
            .listener
            .get_or_init(|| std::future::ready(tokio::spawn(listen(config, generation))))
            .await;
    }
}

/// One append's arguments, as the arrays `chancery_append` takes.
struct AppendColumns {
    ids: Vec<Uuid>,
    types: Vec<String>,
    versions: Vec<i32>,
    payloads: Vec<Value>,
    metadata: Vec<Value>,
    recorded: Vec<chrono::DateTime<chrono::Utc>>,
    content: Vec<Vec<u8>>,
}

impl AppendColumns {
    fn new(stream: &StreamId, events: Vec<NewEvent>) -> Result<Self, StoreError> {
        let n = events.len();
        let mut c = Self {
            ids: Vec::with_capacity(n),
            types: Vec::with_capacity(n),
            versions: Vec::with_capacity(n),
            payloads: Vec::with_capacity(n),
            metadata: Vec::with_capacity(n),
            recorded: Vec::with_capacity(n),
            content: Vec::with_capacity(n),
        };
        for event in events {
            let (metadata, content) = event.stored_form(stream)?;
            let version = i32::try_from(event.schema_version)
                .map_err(|_| StoreError::Invalid("schema version out of range".to_owned()))?;
            c.content.push(content.to_vec());
            c.ids.push(event.event_id);
            c.types.push(event.event_type);
            c.versions.push(version);
            c.payloads.push(event.payload);
            c.recorded.push(event.metadata.recorded_at);
            c.metadata.push(metadata);
        }
        Ok(c)
    }
}

#[async_trait]
impl EventStore for PgEventStore {
    fn backend(&self) -> &'static str {
        "postgres"
    }

    async fn append(
        &self,
        stream: &StreamId,
        expected: ExpectedRevision,
        events: Vec<NewEvent>,
    ) -> Result<AppendOutcome, StoreError> {
        validate_append(&events)?;
        let first_id = events.first().map(|e| e.event_id).unwrap_or_default();
        let solo = events.len() > SOLO_EVENTS;
        let columns = Arc::new(AppendColumns::new(stream, events)?);
        let mut attempt = 0;
        loop {
            attempt += 1;
            let request = Request {
                stream: stream.clone(),
                expected,
                columns: columns.clone(),
                reply: None,
            };
            let raw = if solo {
                let client = self.client().await?;
                let mut outcomes = commit_group(&client, &[&request]).await?;
                self.inner
                    .generation
                    .send_modify(|g| *g = g.wrapping_add(1));
                self.inner.notify_others.notify_one();
                outcomes
                    .pop()
                    .ok_or_else(|| StoreError::Backend("no outcome".to_owned()))?
            } else {
                let (reply, answer) = oneshot::channel();
                self.inner
                    .queue
                    .send(Request {
                        reply: Some(reply),
                        ..request
                    })
                    .await
                    .map_err(|_| StoreError::Transient("the append queue is closed".to_owned()))?;
                answer.await.map_err(|_| {
                    StoreError::Transient("the group committer stopped".to_owned())
                })??
            };
            let conflict = |actual| StoreError::WrongExpectedRevision {
                stream: stream.clone(),
                expected,
                actual,
            };
            return match raw {
                RawOutcome::Appended(outcome) => Ok(outcome),
                RawOutcome::Conflict(last) if last < 0 => Err(conflict(ActualRevision::NoStream)),
                RawOutcome::Conflict(last) => Err(conflict(ActualRevision::At(as_u64(last)))),
                RawOutcome::NoStream => Err(conflict(ActualRevision::NoStream)),
                RawOutcome::IdConflict => Err(StoreError::IdConflict { event_id: first_id }),
                RawOutcome::Moved => {
                    let retry = matches!(
                        expected,
                        ExpectedRevision::Any | ExpectedRevision::StreamExists
                    );
                    if retry && attempt < ANY_RETRIES {
                        continue;
                    }
                    Err(conflict(ActualRevision::Moved))
                }
            };
        }
    }

    async fn read_stream(
        &self,
        stream: &StreamId,
        direction: ReadDirection,
        from: ReadFrom,
        max: usize,
    ) -> Result<Vec<RecordedEvent>, StoreError> {
        let client = self.client().await?;
        // Reading on from a revision after the first (a cache catching up), the row just
        // before it comes along: it shows the stream exists, so finding nothing new takes no
        // second look to tell an empty answer from a stream that is not there.
        let peek = matches!(
            (direction, from),
            (ReadDirection::Forwards, ReadFrom::Revision(r)) if r > 0
        );
        let limit = i64::try_from(max)
            .unwrap_or(i64::MAX)
            .saturating_add(i64::from(peek));
        let (condition, order, start) = match (direction, from) {
            (ReadDirection::Forwards, ReadFrom::Start) => (">=", "ASC", 0),
            (ReadDirection::Forwards, ReadFrom::End) => (">", "ASC", i64::MAX),
            (ReadDirection::Forwards, ReadFrom::Revision(r)) => {
                (">=", "ASC", as_i64(r) - i64::from(peek))
            }
            (ReadDirection::Backwards, ReadFrom::Start) => ("<=", "DESC", 0),
            (ReadDirection::Backwards, ReadFrom::End) => ("<=", "DESC", i64::MAX),
            (ReadDirection::Backwards, ReadFrom::Revision(r)) => ("<=", "DESC", as_i64(r)),
        };
        let sql = format!(
            "SELECT {COLUMNS} FROM events WHERE stream_id = $1 AND stream_revision {condition} $2 \
             ORDER BY stream_revision {order} LIMIT $3"
        );
        let statement = client.prepare_cached(&sql).await.map_err(pg_error)?;
        let mut rows = client
            .query(&statement, &[&stream.as_str(), &start, &limit])
            .await
            .map_err(pg_error)?;
        if peek && rows.first().is_some_and(|r| r.get::<_, i64>(3) == start) {
            rows.remove(0);
            return rows.iter().map(decode_row).collect();
        }
        rows.truncate(max);
        if rows.is_empty() {
            let exists = client
                .query_opt(
                    "SELECT 1 FROM events WHERE stream_id = $1 LIMIT 1",
                    &[&stream.as_str()],
                )
                .await
                .map_err(pg_error)?
                .is_some();
            if !exists {
                return Err(StoreError::StreamNotFound(stream.clone()));
            }
        }
        rows.iter().map(decode_row).collect()
    }

    async fn read_all(
        &self,
        after: GlobalPosition,
        max: usize,
    ) -> Result<Vec<RecordedEvent>, StoreError> {
        let client = self.client().await?;
        // The readable events are a prefix, in position order, of the committed ones, so
        // classifying the next `max` committed events gives exactly the next `max` readable
        // ones (or fewer, up to the first gap a write in flight may still fill).
        let sql = format!(
            "SELECT {COLUMNS} FROM {} WHERE NOT r.held_back ORDER BY global_position",
            classified()
        );
        let statement = client.prepare_cached(&sql).await.map_err(pg_error)?;
        let rows = client
            .query(
                &statement,
                &[&as_i64(after.0), &i64::try_from(max).unwrap_or(i64::MAX)],
            )
            .await
            .map_err(pg_error)?;
        rows.iter().map(decode_row).collect()
    }

    async fn head_position(&self) -> Result<GlobalPosition, StoreError> {
        let client = self.client().await?;
        // Start from the head found last time (the readable prefix only grows) or, the first
        // time, from the newest event older than the oldest running transaction (the scan back
        // passes only events appended since that transaction began); then classify what
        // follows, a step at a time, up to the first gap a write in flight may fill.
        let known = self.inner.readable_head.load(Ordering::Relaxed);
        let mut head = if known > 0 {
            as_i64(known)
        } else {
            let start = client
                .prepare_cached(&format!(
                    "SELECT global_position FROM events WHERE transaction_id < {XMIN} \
                     ORDER BY global_position DESC LIMIT 1"
                ))
                .await
                .map_err(pg_error)?;
            client
                .query_opt(&start, &[])
                .await
                .map_err(pg_error)?
                .map_or(0, |r| r.get::<_, i64>(0))
        };
        let step = client
            .prepare_cached(&format!(
                "SELECT count(*), count(*) FILTER (WHERE NOT r.held_back), \
                        max(r.global_position) FILTER (WHERE NOT r.held_back) FROM {}",
                classified()
            ))
            .await
            .map_err(pg_error)?;
        loop {
            let row = client
                .query_one(&step, &[&head, &HEAD_STEP])
                .await
                .map_err(pg_error)?;
            let (looked_at, readable): (i64, i64) = (row.get(0), row.get(1));
            if let Some(last) = row.get::<_, Option<i64>>(2) {
                head = last;
            }
            if looked_at < HEAD_STEP || readable < looked_at {
                self.inner
                    .readable_head
                    .fetch_max(as_u64(head), Ordering::Relaxed);
                return Ok(GlobalPosition(as_u64(head)));
            }
        }
    }

    async fn committed_position(&self) -> Result<GlobalPosition, StoreError> {
        let client = self.client().await?;
        let statement = client
            .prepare_cached("SELECT max(global_position) FROM events")
            .await
            .map_err(pg_error)?;
        let row = client.query_one(&statement, &[]).await.map_err(pg_error)?;
        let max: Option<i64> = row.get(0);
        Ok(GlobalPosition(max.map_or(0, as_u64)))
    }

    async fn wait_for_events(&self, after: GlobalPosition, timeout: Duration) {
        self.ensure_listener().await;
        let mut receiver = self.inner.generation.subscribe();
        receiver.mark_unchanged();
        let wait = match self.next_after(after).await {
            Ok(Next::Readable) => {
                self.inner.not_held_back(after.0);
                return;
            }
            // Readable as soon as the append in flight ends — committed (it announces
            // itself) or rolled back (it does not): look again soon.
            Ok(Next::HeldBack) => self.inner.held_back_delay(after.0, timeout),
            Ok(Next::Nothing) | Err(_) => {
                self.inner.not_held_back(after.0);
                timeout
            }
        };
        let _ = tokio::time::timeout(wait, receiver.changed()).await;
    }

    async fn subscribe_all(&self, after: GlobalPosition) -> Result<Subscription, StoreError> {
        Ok(Subscription::spawn_polling(Arc::new(self.clone()), after))
    }
}

/// What follows a position in `$all`.
enum Next {
    Nothing,
    Readable,
    HeldBack,
}

/// One caller's append, queued for a group commit.
struct Request {
    stream: StreamId,
    expected: ExpectedRevision,
    columns: Arc<AppendColumns>,
    reply: Option<oneshot::Sender<Result<RawOutcome, StoreError>>>,
}

/// What `chancery_append` answered for one append.
#[derive(Debug)]
enum RawOutcome {
    Appended(AppendOutcome),
    Conflict(i64),
    NoStream,
    Moved,
    IdConflict,
}

fn expected_code(expected: ExpectedRevision) -> i64 {
    match expected {
        ExpectedRevision::Any => -1,
        ExpectedRevision::NoStream => -2,
        ExpectedRevision::StreamExists => -3,
        ExpectedRevision::Exact(n) => as_i64(n),
    }
}

/// Takes whatever appends are queued (waiting for at least one), commits them together and
/// answers each caller.
async fn committer(
    pool: Pool,
    queue: Arc<tokio::sync::Mutex<mpsc::Receiver<Request>>>,
    generation: watch::Sender<u64>,
    notify_others: Arc<Notify>,
) {
    // Appends held back because their stream already had one in the batch being formed:
    // `chancery_append` takes at most one append per stream.
    let mut carried: std::collections::VecDeque<Request> = std::collections::VecDeque::new();
    loop {
        let mut batch: Vec<Request> = Vec::new();
        let mut streams = std::collections::HashSet::new();
        let mut events = 0;
        let full = |batch: &Vec<Request>, events: usize| {
            batch.len() >= GROUP_APPENDS || events >= GROUP_EVENTS
        };
        let mut still = std::collections::VecDeque::new();
        while let Some(request) = carried.pop_front() {
            if full(&batch, events) || streams.contains(&request.stream) {
                still.push_back(request);
            } else {
                streams.insert(request.stream.clone());
                events += request.columns.ids.len();
                batch.push(request);
            }
        }
        carried = still;
        // An idle committer waits for work holding the queue; one that already has carried
        // appends must not wait behind it, so it only gathers if the queue is free.
        let receiver = if batch.is_empty() {
            Some(queue.lock().await)
        } else {
            queue.try_lock().ok()
        };
        if let Some(mut receiver) = receiver {
            if batch.is_empty() {
                let Some(first) = receiver.recv().await else {
                    return;
                };
                streams.insert(first.stream.clone());
                events += first.columns.ids.len();
                batch.push(first);
            }
            // Give writers that were just answered a moment to queue their next append, so
            // the batch is not just the first one to arrive (a few scheduler turns, no timer).
            let mut idle_turns = 0;
            while !full(&batch, events) {
                match receiver.try_recv() {
                    Ok(request) if streams.contains(&request.stream) => carried.push_back(request),
                    Ok(request) => {
                        streams.insert(request.stream.clone());
                        events += request.columns.ids.len();
                        batch.push(request);
                    }
                    Err(_) if idle_turns < GATHER_TURNS => {
                        idle_turns += 1;
                        tokio::task::yield_now().await;
                    }
                    Err(_) => break,
                }
            }
        }
        tracing::trace!(appends = batch.len(), "group commit");
        let result = match pool.get().await {
            Ok(client) => {
                let requests: Vec<&Request> = batch.iter().collect();
                commit_group(&client, &requests).await
            }
            Err(error) => Err(pool_error(error)),
        };
        match result {
            Ok(outcomes) => {
                if outcomes
                    .iter()
                    .any(|o| matches!(o, RawOutcome::Appended(_)))
                {
                    generation.send_modify(|g| *g = g.wrapping_add(1));
                    notify_others.notify_one();
                }
                for (request, outcome) in batch.into_iter().zip(outcomes) {
                    if let Some(reply) = request.reply {
                        let _ = reply.send(Ok(outcome));
                    }
                }
            }
            Err(error) => {
                let text = error.to_string();
                let transient = error.is_transient();
                for request in batch {
                    if let Some(reply) = request.reply {
                        let _ = reply.send(Err(if transient {
                            StoreError::Transient(text.clone())
                        } else {
                            StoreError::Backend(text.clone())
                        }));
                    }
                }
            }
        }
    }
}

/// One `chancery_append` call (one transaction) for `requests`; an outcome per request.
async fn commit_group(
    client: &Object,
    requests: &[&Request],
) -> Result<Vec<RawOutcome>, StoreError> {
    let total: usize = requests.iter().map(|r| r.columns.ids.len()).sum();
    let mut streams = Vec::with_capacity(requests.len());
    let mut expected = Vec::with_capacity(requests.len());
    let mut counts = Vec::with_capacity(requests.len());
    let mut ids = Vec::with_capacity(total);
    let mut types = Vec::with_capacity(total);
    let mut versions = Vec::with_capacity(total);
    let mut payloads = Vec::with_capacity(total);
    let mut metadata = Vec::with_capacity(total);
    let mut recorded = Vec::with_capacity(total);
    let mut content = Vec::with_capacity(total);
    for request in requests {
        let c = &request.columns;
        streams.push(request.stream.as_str());
        expected.push(expected_code(request.expected));
        counts.push(i32::try_from(c.ids.len()).unwrap_or(i32::MAX));
        ids.extend_from_slice(&c.ids);
        types.extend(c.types.iter().map(String::as_str));
        versions.extend_from_slice(&c.versions);
        payloads.extend(c.payloads.iter());
        metadata.extend(c.metadata.iter());
        recorded.extend_from_slice(&c.recorded);
        content.extend(c.content.iter().map(Vec::as_slice));
    }
    let result = async {
        let statement = client.prepare_cached(APPEND).await?;
        client
            .query(
                &statement,
                &[
                    &streams, &expected, &counts, &ids, &types, &versions, &payloads, &metadata,
                    &recorded, &content,
                ],
            )
            .await
    }
    .await;
    let rows = match result {
        Ok(rows) => rows,
        Err(error) => {
            // Never hand a connection back to the pool holding the ordering lock.
            if !client.is_closed() {
                let _ = client
                    .batch_execute("SELECT pg_advisory_unlock_all()")
                    .await;
            }
            return Err(pg_error(error));
        }
    };
    let mut outcomes: Vec<Option<RawOutcome>> = (0..requests.len()).map(|_| None).collect();
    for row in rows {
        let index = usize::try_from(row.get::<_, i32>(0) - 1).unwrap_or(usize::MAX);
        let last: Option<i64> = row.get(2);
        let last = last.unwrap_or(-1);
        let outcome = match row.get::<_, &str>(1) {
            "appended" | "duplicate" => RawOutcome::Appended(AppendOutcome {
                stream_revision: as_u64(last),
                first_position: GlobalPosition(as_u64(row.get::<_, Option<i64>>(3).unwrap_or(0))),
                last_position: GlobalPosition(as_u64(row.get::<_, Option<i64>>(4).unwrap_or(0))),
                already_appended: row.get::<_, &str>(1) == "duplicate",
            }),
            "conflict" => RawOutcome::Conflict(last),
            "no-stream" => RawOutcome::NoStream,
            "id-conflict" => RawOutcome::IdConflict,
            _ => RawOutcome::Moved,
        };
        if let Some(slot) = outcomes.get_mut(index) {
            *slot = Some(outcome);
        }
    }
    outcomes
        .into_iter()
        .map(|o| {
            o.ok_or_else(|| StoreError::Backend("chancery_append skipped an append".to_owned()))
        })
        .collect()
}

fn decode_row(row: &Row) -> Result<RecordedEvent, StoreError> {
    let hash: Vec<u8> = row.get(8);
    let hash: [u8; 32] = hash
        .try_into()
        .map_err(|_| StoreError::Backend("stored hash is not 32 bytes".to_owned()))?;
    let version: i32 = row.get(5);
    Ok(RecordedEvent {
        global_position: GlobalPosition(as_u64(row.get(0))),
        event_id: row.get(1),
        stream_id: StreamId::new(row.get::<_, String>(2))?,
        stream_revision: as_u64(row.get(3)),
        event_type: row.get(4),
        schema_version: u32::try_from(version).unwrap_or(0),
        payload: row.get(6),
        raw_metadata: row.get(7),
        hash,
    })
}

fn as_u64(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

fn as_i64(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

/// Sends at most one `NOTIFY` per burst of local appends.
async fn notifier(pool: Pool, wanted: Arc<Notify>) {
    loop {
        wanted.notified().await;
        match pool.get().await {
            Ok(client) => {
                if let Err(error) = client
                    .batch_execute(&format!("NOTIFY {NOTIFY_CHANNEL}"))
                    .await
                {
                    tracing::debug!(%error, "NOTIFY failed; readers elsewhere will poll");
                }
            }
            Err(error) => tracing::debug!(%error, "NOTIFY skipped; readers elsewhere will poll"),
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

/// Listens for other processes' appends and bumps `generation`. Reconnects after failures.
async fn listen(config: tokio_postgres::Config, generation: watch::Sender<u64>) {
    loop {
        match config.connect(NoTls).await {
            Ok((client, mut connection)) => {
                let mut messages = futures::stream::poll_fn(move |cx| connection.poll_message(cx));
                let listen = client.batch_execute("LISTEN chancery_events");
                // The LISTEN completes only while the connection is polled.
                let mut listen = Box::pin(listen);
                let mut listening = false;
                loop {
                    tokio::select! {
                        result = &mut listen, if !listening => {
                            if result.is_err() { break; }
                            listening = true;
                        }
                        message = messages.next() => match message {
                            Some(Ok(AsyncMessage::Notification(_))) => {
                                generation.send_modify(|g| *g = g.wrapping_add(1));
                            }
                            Some(Ok(_)) => {}
                            Some(Err(_)) | None => break,
                        }
                    }
                }
            }
            Err(error) => tracing::debug!(%error, "LISTEN connection failed; retrying"),
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

fn pool_error(error: deadpool_postgres::PoolError) -> StoreError {
    match error {
        deadpool_postgres::PoolError::Backend(e) => pg_error(e),
        other => StoreError::Transient(other.to_string()),
    }
}

/// Connection problems, shutdowns, resource exhaustion and serialization failures are
/// transient; everything else is a backend failure.
pub(crate) fn pg_error(error: tokio_postgres::Error) -> StoreError {
    if error.is_closed() {
        return StoreError::Transient(error.to_string());
    }
    let transient = error.code().is_some_and(|code| {
        let c = code.code();
        c.starts_with("08")
            || c.starts_with("53")
            || c.starts_with("57P")
            || *code == SqlState::T_R_SERIALIZATION_FAILURE
            || *code == SqlState::T_R_DEADLOCK_DETECTED
            || *code == SqlState::LOCK_NOT_AVAILABLE
            || *code == SqlState::QUERY_CANCELED
    }) || error.code().is_none();
    let text = match error.as_db_error() {
        Some(db) => format!("{}: {}", db.code().code(), db.message()),
        None => error.to_string(),
    };
    if transient {
        StoreError::Transient(text)
    } else {
        StoreError::Backend(text)
    }
}
