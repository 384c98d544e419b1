//! Reactions (process managers): runners of `$all` that issue commands instead of writing
//! tables. "Something happened, so something else must now happen" — a fan-out's children,
//! a refusal re-opening its parent, an issued document's copies — runs here, never as a
//! second write inside the request that recorded the cause.
//!
//! The guarantees:
//! - **Nothing lost.** A reaction's checkpoint (its position in `$all`) moves past an event
//!   only after [`Reaction::react`] returned for it; a crash at any point leaves the event
//!   before the checkpoint, and it is reacted to again on restart (here or on the process
//!   that takes the lease over).
//! - **Nothing repeated.** Every command a reaction issues takes its ids from the event that
//!   caused it (`derive_event_id` of the cause's id), and its content from the cause (its
//!   actor, its time), so reacting again appends nothing that is already stored: the event
//!   store answers a replayed append with what it stored the first time. A reaction that
//!   crashed half way completes what was not done.
//! - **One runner.** One process runs a reaction at a time (a session advisory lock, as
//!   projections have); the others stand by.
//! - **Never re-run by a rebuild.** The checkpoints are their own table; rebuilding a read
//!   model does not touch them. A new reaction starts at the head of `$all` as it stands
//!   when its checkpoint is first created (at start-up, before any command of the process):
//!   history recorded before it existed was carried out by the code of its time.
//! - **Refusals do not block.** An effect the domain refuses for good (the parent was
//!   deleted, the unit dissolved) is recorded in `reaction_failures` with the event and the
//!   reason, shown by `status`, and the reaction moves on; a transient failure (the store
//!   unreachable) is retried with back-off on the same event.
//! - **Read-your-effects.** [`ReactionEngine::wait_for`] waits until every reaction has
//!   passed a position and answers the last position they wrote: a request that recorded a
//!   cause waits for its effects, then for the read models to show them.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use async_trait::async_trait;
use chancery_event_store::{EventStore, GlobalPosition, RecordedEvent};
use deadpool_postgres::Pool;
use serde::Serialize;
use tokio::sync::watch;

use crate::ProjectionError;
use crate::engine::{key, session_lock, stopping, to_i64, to_u64, wait_or_shutdown};
use crate::tail::Tail;

/// Advisory-lock class of reaction leases ("CHRE").
const REACTION_CLASS: i32 = 0x4348_5245;
/// How often a waiter looks at the checkpoint table for reactions run by another process.
const REMOTE_POLL: Duration = Duration::from_millis(25);
const LOCAL_POLL: Duration = Duration::from_millis(250);
/// Most events of one write looked at to tell which reactions it concerns.
const WRITE_EVENTS: u64 = 16;

/// Why a reaction could not carry out what an event calls for.
#[derive(Debug, thiserror::Error)]
pub enum ReactionError {
    /// May work later (the store or a server unreachable, contention): the same event is
    /// tried again, with back-off; the reaction waits on it.
    #[error("{0}")]
    Retry(String),
    /// Refused for good (the domain says no): recorded as a failure and passed.
    #[error("{0}")]
    Failed(String),
}

/// A process manager over `$all`.
#[async_trait]
pub trait Reaction: Send + Sync + 'static {
    /// Stable name, `[a-z][a-z0-9_]*`: the checkpoint key.
    fn name(&self) -> &'static str;

    /// Whether `event` may call for something (checked before [`Self::react`], on every
    /// event of `$all`, so it looks only at the event: its type, a field of its payload).
    /// A write none of whose events concern any reaction answers without waiting for them.
    fn concerns(&self, event: &RecordedEvent) -> bool;

    /// Carries out what `event` calls for, idempotently (see the module documentation).
    /// Answers the position of the last event it appended (`None`: nothing, or nothing new).
    async fn react(&self, event: &RecordedEvent) -> Result<Option<GlobalPosition>, ReactionError>;
}

/// The reactions' own tables.
pub const MIGRATIONS: &[chancery_pg::Migration] = &[chancery_pg::Migration {
    name: "projector/0003_reactions",
    sql: include_str!("../migrations/0003_reactions.sql"),
}];

/// How far one reaction is.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ReactionStatus {
    pub name: String,
    /// Global position of the last event reacted to (or passed).
    pub position: u64,
    /// Last position readable from `$all`.
    pub head: u64,
    /// Events the reaction is behind.
    pub lag: u64,
    /// Whether this process holds the reaction's lease (runs it).
    pub running_here: bool,
    /// The last transient failure, cleared when the event finally goes through.
    pub last_error: Option<String>,
    /// Effects refused for good so far (`reaction_failures`).
    pub failed: u64,
}

/// Tuning of the reaction runners.
#[derive(Debug, Clone)]
pub struct ReactionOptions {
    /// Events read from `$all` per round.
    pub batch_size: usize,
    /// How often a standby process tries to take over a lease.
    pub lease_retry: Duration,
    /// Longest wait for new events before reading `$all` anyway.
    pub idle_wait: Duration,
    /// Streams reacted to at once within a batch.
    pub parallel: usize,
}

impl Default for ReactionOptions {
    fn default() -> Self {
        Self {
            batch_size: 200,
            lease_retry: Duration::from_secs(2),
            idle_wait: Duration::from_secs(1),
            parallel: 8,
        }
    }
}

/// Where a runner stands: the position passed and the last position it wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Progress {
    position: u64,
    written: u64,
}

struct Entry {
    reaction: Arc<dyn Reaction>,
    progress: watch::Sender<Progress>,
    /// The position passed alone, for watchers of this process ([`ReactionEngine::watch`]).
    position: watch::Sender<u64>,
    leader: AtomicBool,
    /// The progress last stored in `reaction_checkpoints`, and when.
    stored: std::sync::Mutex<(Progress, Instant)>,
}

/// How long a runner may go without storing a checkpoint while the events it passes concern
/// it not at all (a batch it reacted in is stored at once, and so is any progress when it
/// falls idle). Losing such a checkpoint in a crash means reading again events that call for
/// nothing.
const IDLE_CHECKPOINT: Duration = Duration::from_secs(1);

/// Runs the reactions of one process.
pub struct ReactionEngine {
    store: Arc<dyn EventStore>,
    pool: Pool,
    config: tokio_postgres::Config,
    entries: Vec<Entry>,
    options: ReactionOptions,
    /// The runners' (and waiters') shared reads of `$all`.
    tail: Arc<Tail>,
}

impl std::fmt::Debug for ReactionEngine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReactionEngine")
            .field("reactions", &self.names())
            .finish_non_exhaustive()
    }
}

impl ReactionEngine {
    /// `config` reaches the read-model database (for lease connections); `pool` too.
    pub fn new(
        store: Arc<dyn EventStore>,
        pool: Pool,
        config: tokio_postgres::Config,
        reactions: Vec<Arc<dyn Reaction>>,
        options: ReactionOptions,
    ) -> Result<Self, ProjectionError> {
        let mut entries: Vec<Entry> = Vec::with_capacity(reactions.len());
        for reaction in reactions {
            let name = reaction.name();
            if !crate::engine::valid_name(name) || entries.iter().any(|e| e.reaction.name() == name)
            {
                return Err(ProjectionError::InvalidName(name.to_owned()));
            }
            entries.push(Entry {
                reaction,
                progress: watch::channel(Progress::default()).0,
                position: watch::channel(0).0,
                leader: AtomicBool::new(false),
                stored: std::sync::Mutex::new((Progress::default(), Instant::now())),
            });
        }
        Ok(Self {
            tail: Arc::new(Tail::new(store.clone())),
            store,
            pool,
            config,
            entries,
            options,
        })
    }

    pub fn names(&self) -> Vec<&'static str> {
        self.entries.iter().map(|e| e.reaction.name()).collect()
    }

    /// Follows `$all` with the projections of this process: while both keep up with the
    /// head, each new event is read from the store once for all of them. Only over the same
    /// event store (the same `Arc`); otherwise this engine keeps reading on its own.
    #[must_use]
    pub fn reading_with(mut self, projections: &crate::ProjectionEngine) -> Self {
        if projections.tail.reads_from(&self.store) {
            self.tail = projections.tail.clone();
        }
        self
    }

    /// The position up to which this process has reacted with `name`, announced event by
    /// event (for measuring how soon effects follow; a request waits with
    /// [`Self::wait_for`]).
    pub fn watch(&self, name: &str) -> Result<watch::Receiver<u64>, ProjectionError> {
        self.entries
            .iter()
            .find(|e| e.reaction.name() == name)
            .map(|e| e.position.subscribe())
            .ok_or_else(|| ProjectionError::Unknown(name.to_owned()))
    }

    /// Creates the tables and every reaction's checkpoint not yet there, at the head of
    /// `$all` (see the module documentation). Run at start-up, before any command.
    pub async fn migrate(&self) -> Result<(), ProjectionError> {
        let mut client = self.pool.get().await?;
        chancery_pg::Migrator::new()
            .with(MIGRATIONS)
            .run(&mut client)
            .await?;
        let head = to_i64(self.store.committed_position().await?.0);
        for entry in &self.entries {
            let name = entry.reaction.name();
            client
                .execute(
                    "INSERT INTO reaction_checkpoints (name, position, written) VALUES ($1, $2, 0) \
                     ON CONFLICT (name) DO NOTHING",
                    &[&name, &head],
                )
                .await?;
        }
        Ok(())
    }

    /// Starts one runner per reaction plus the lag monitor; they stop when `shutdown`
    /// becomes `true`.
    pub fn spawn(
        self: &Arc<Self>,
        shutdown: watch::Receiver<bool>,
    ) -> Vec<tokio::task::JoinHandle<()>> {
        let mut handles: Vec<_> = (0..self.entries.len())
            .map(|index| tokio::spawn(self.clone().run(index, shutdown.clone())))
            .collect();
        handles.push(tokio::spawn(self.clone().monitor(shutdown)));
        handles
    }

    async fn run(self: Arc<Self>, index: usize, mut shutdown: watch::Receiver<bool>) {
        let Some(entry) = self.entries.get(index) else {
            return;
        };
        let name = entry.reaction.name();
        while !*shutdown.borrow() {
            let lease = match session_lock(&self.config, REACTION_CLASS, key(name)).await {
                Ok(Some(lease)) => lease,
                Ok(None) => {
                    wait_or_shutdown(&mut shutdown, self.options.lease_retry).await;
                    continue;
                }
                Err(error) => {
                    tracing::warn!(reaction = name, %error, "cannot take the reaction lease");
                    wait_or_shutdown(&mut shutdown, self.options.lease_retry).await;
                    continue;
                }
            };
            match self.load(name).await {
                Ok(progress) => {
                    entry.progress.send_replace(progress);
                    if let Ok(mut stored) = entry.stored.lock() {
                        *stored = (progress, Instant::now());
                    }
                }
                Err(error) => {
                    tracing::warn!(reaction = name, %error, "cannot read the reaction checkpoint");
                    drop(lease);
                    wait_or_shutdown(&mut shutdown, self.options.lease_retry).await;
                    continue;
                }
            }
            tracing::info!(reaction = name, "running reaction (lease taken)");
            entry.leader.store(true, Ordering::SeqCst);
            while !*shutdown.borrow() && !lease.is_closed() {
                match self.round(entry, &shutdown).await {
                    Ok(0) => {
                        // Nothing new: what was passed without storing is stored now.
                        if let Err(error) = self.store_checkpoint(entry, true).await {
                            tracing::warn!(reaction = name, %error, "cannot store the reaction checkpoint");
                        }
                        let position = GlobalPosition(entry.progress.borrow().position);
                        tokio::select! {
                            () = self.store.wait_for_events(position, self.options.idle_wait) => {}
                            () = stopping(&mut shutdown) => {}
                        }
                    }
                    Ok(_) => {}
                    Err(error) => {
                        tracing::error!(reaction = name, %error, "reaction round failed");
                        wait_or_shutdown(&mut shutdown, Duration::from_secs(1)).await;
                    }
                }
            }
            entry.leader.store(false, Ordering::SeqCst);
            tracing::info!(reaction = name, "reaction lease released");
        }
    }

    async fn load(&self, name: &str) -> Result<Progress, ProjectionError> {
        let client = self.pool.get().await?;
        let row = client
            .query_opt(
                "SELECT position, written FROM reaction_checkpoints WHERE name = $1",
                &[&name],
            )
            .await?
            .ok_or_else(|| ProjectionError::Unknown(name.to_owned()))?;
        Ok(Progress {
            position: to_u64(row.get(0)),
            written: to_u64(row.get(1)),
        })
    }

    /// Reacts to the next events after the checkpoint, then stores the checkpoint (at once
    /// when it reacted to any, see [`IDLE_CHECKPOINT`] otherwise). Answers
    /// how many events it passed (0: none were there, or it was stopped).
    ///
    /// The events of one stream are reacted to in order; different streams' at once (at
    /// most [`ReactionOptions::parallel`]), since what one document calls for never waits
    /// for another's. Waiters of this process are told as soon as every event up to theirs
    /// went through (a slow effect of a later document does not hold them up); the stored
    /// checkpoint moves past the batch once every event of it went through. Stopped part
    /// way, the rest of the batch is reacted to again next time (which repeats nothing).
    async fn round(
        &self,
        entry: &Entry,
        shutdown: &watch::Receiver<bool>,
    ) -> Result<usize, ProjectionError> {
        use futures::{FutureExt as _, StreamExt as _};
        let name = entry.reaction.name();
        let start = *entry.progress.borrow();
        let events = self
            .tail
            .read(start.position, self.options.batch_size.max(1))
            .await?;
        let Some(last) = events.last().map(|e| e.global_position.0) else {
            return Ok(0);
        };
        let mut streams: Vec<Vec<&RecordedEvent>> = Vec::new();
        let mut by_stream: HashMap<&str, usize> = HashMap::new();
        let mut reacted = false;
        for event in events.iter().filter(|e| entry.reaction.concerns(e)) {
            reacted = true;
            let index = *by_stream
                .entry(event.stream_id.as_str())
                .or_insert_with(|| {
                    streams.push(Vec::new());
                    streams.len() - 1
                });
            streams[index].push(event);
        }
        // The streams not through yet, by their first event's position: every event before
        // the first of them went through, and its waiters (of this process) may go.
        let mut open: std::collections::BTreeSet<(u64, usize)> = std::collections::BTreeSet::new();
        let mut tasks = Vec::with_capacity(streams.len());
        for (index, stream) in streams.into_iter().enumerate() {
            if let Some(first) = stream.first() {
                open.insert((first.global_position.0, index));
            }
            let mut shutdown = shutdown.clone();
            tasks.push(
                async move {
                    let mut written = 0;
                    for event in stream {
                        match self.react(entry, event, &mut shutdown).await? {
                            Some(w) => written = written.max(w),
                            None => return Ok::<_, ProjectionError>(None),
                        }
                    }
                    Ok(Some(written))
                }
                .map(move |outcome| (index, outcome))
                .boxed(),
            );
        }
        let mut running =
            futures::stream::iter(tasks).buffer_unordered(self.options.parallel.max(1));
        let mut progress = start;
        let mut failed = None;
        let mut stopped = false;
        while let Some((index, outcome)) = running.next().await {
            match outcome {
                Ok(Some(written)) => {
                    progress.written = progress.written.max(written);
                    open.retain(|(_, i)| *i != index);
                    let through = open.first().map_or(last, |(first, _)| first - 1);
                    if through > progress.position {
                        progress.position = through;
                        entry.progress.send_replace(progress);
                        entry.position.send_replace(through);
                    }
                }
                // Stopped: what went through counts; the rest is reacted to again.
                Ok(None) => stopped = true,
                Err(error) => {
                    failed.get_or_insert(error);
                }
            }
        }
        drop(running);
        if let Some(error) = failed {
            return Err(error);
        }
        if stopped {
            return Ok(0);
        }
        progress.position = last;
        entry.progress.send_replace(progress);
        entry.position.send_replace(progress.position);
        self.store_checkpoint(entry, reacted).await?;
        metrics::counter!("chancery_reaction_events_total", "reaction" => name)
            .increment(events.len() as u64);
        Ok(events.len())
    }

    /// Stores the runner's progress in `reaction_checkpoints`: at once when `now` (it
    /// reacted, or fell idle), otherwise only once [`IDLE_CHECKPOINT`] passed since the last
    /// store. Nothing is written when nothing moved.
    async fn store_checkpoint(&self, entry: &Entry, now: bool) -> Result<(), ProjectionError> {
        let progress = *entry.progress.borrow();
        let due = entry.stored.lock().map_or(true, |stored| {
            stored.0 != progress && (now || stored.1.elapsed() >= IDLE_CHECKPOINT)
        });
        if !due {
            return Ok(());
        }
        // Committed without waiting for the WAL to reach the disk, as the projections'
        // batches are: the runner goes on at once, and a checkpoint lost in a crash only
        // means reacting again to events whose effects are stored (nothing is repeated).
        // One round trip; the name is a checked identifier (`valid_name`).
        let client = self.pool.get().await?;
        client
            .batch_execute(&format!(
                "SET LOCAL synchronous_commit TO off; \
                 UPDATE reaction_checkpoints SET position = {}, written = {}, last_error = NULL, \
                 updated_at = now() WHERE name = '{}'",
                to_i64(progress.position),
                to_i64(progress.written),
                entry.reaction.name()
            ))
            .await?;
        if let Ok(mut stored) = entry.stored.lock() {
            *stored = (progress, Instant::now());
        }
        Ok(())
    }

    /// Reacts to one event until it goes through or is refused for good. Answers the
    /// position written (0: nothing), or `None` when stopped before it went through.
    async fn react(
        &self,
        entry: &Entry,
        event: &RecordedEvent,
        shutdown: &mut watch::Receiver<bool>,
    ) -> Result<Option<u64>, ProjectionError> {
        let name = entry.reaction.name();
        let mut backoff = Duration::from_millis(100);
        loop {
            match entry.reaction.react(event).await {
                Ok(written) => return Ok(Some(written.map_or(0, |p| p.0))),
                Err(ReactionError::Failed(reason)) => {
                    tracing::warn!(
                        reaction = name,
                        position = event.global_position.0,
                        event_type = %event.event_type,
                        %reason,
                        "effect refused; recorded and passed"
                    );
                    let client = self.pool.get().await?;
                    client
                        .execute(
                            "INSERT INTO reaction_failures (name, position, event_id, event_type, reason) \
                             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (name, position) DO NOTHING",
                            &[
                                &name,
                                &to_i64(event.global_position.0),
                                &event.event_id,
                                &event.event_type,
                                &reason,
                            ],
                        )
                        .await?;
                    metrics::counter!("chancery_reaction_failures_total", "reaction" => name)
                        .increment(1);
                    return Ok(Some(0));
                }
                Err(ReactionError::Retry(reason)) => {
                    tracing::warn!(
                        reaction = name,
                        position = event.global_position.0,
                        %reason,
                        "effect failed; retrying"
                    );
                    if let Ok(client) = self.pool.get().await {
                        let _ = client
                            .execute(
                                "UPDATE reaction_checkpoints SET last_error = $2 WHERE name = $1",
                                &[&name, &reason],
                            )
                            .await;
                    }
                    if *shutdown.borrow() {
                        return Ok(None);
                    }
                    wait_or_shutdown(shutdown, backoff).await;
                    if *shutdown.borrow() {
                        return Ok(None);
                    }
                    backoff = (backoff * 2).min(Duration::from_secs(30));
                }
            }
        }
    }

    /// Position, head, lag and failures of every reaction.
    pub async fn status(&self) -> Result<Vec<ReactionStatus>, ProjectionError> {
        let head = self.store.head_position().await?.0;
        let client = self.pool.get().await?;
        let rows = client
            .query(
                "SELECT c.name, c.position, c.last_error, \
                        (SELECT count(*) FROM reaction_failures f WHERE f.name = c.name) \
                   FROM reaction_checkpoints c",
                &[],
            )
            .await?;
        let stored: HashMap<String, (u64, Option<String>, i64)> = rows
            .iter()
            .map(|r| {
                (
                    r.get::<_, String>(0),
                    (to_u64(r.get(1)), r.get(2), r.get::<_, i64>(3)),
                )
            })
            .collect();
        Ok(self
            .entries
            .iter()
            .map(|entry| {
                let name = entry.reaction.name();
                let (position, last_error, failed) =
                    stored.get(name).cloned().unwrap_or((0, None, 0));
                // Run here: the runner's own progress (its checkpoint is stored at most
                // `IDLE_CHECKPOINT` later while nothing concerns it).
                let running_here = entry.leader.load(Ordering::SeqCst);
                let position = if running_here {
                    position.max(entry.progress.borrow().position)
                } else {
                    position
                };
                ReactionStatus {
                    name: name.to_owned(),
                    position,
                    head,
                    lag: head.saturating_sub(position),
                    running_here,
                    last_error,
                    failed: to_u64(failed),
                }
            })
            .collect())
    }

    async fn monitor(self: Arc<Self>, mut shutdown: watch::Receiver<bool>) {
        while !*shutdown.borrow() {
            if let Ok(status) = self.status().await {
                for s in status {
                    metrics::gauge!("chancery_reaction_lag_events", "reaction" => s.name.clone())
                        .set(s.lag as f64);
                    metrics::gauge!("chancery_reaction_failures", "reaction" => s.name)
                        .set(s.failed as f64);
                }
            }
            wait_or_shutdown(&mut shutdown, Duration::from_secs(5)).await;
        }
    }

    /// Waits until every reaction concerned by the write whose last event is at `position`
    /// has passed it, or `timeout` passes. Answers the last position any of them wrote by
    /// then (what the read models must reach to show the effects; `position` itself when
    /// no reaction is concerned), or the timeout.
    pub async fn wait_for(
        &self,
        position: GlobalPosition,
        timeout: Duration,
    ) -> Result<GlobalPosition, ProjectionError> {
        let write = self.write_ending_at(position).await?;
        let concerned: Vec<&Entry> = self
            .entries
            .iter()
            .filter(|e| write.is_empty() || write.iter().any(|ev| e.reaction.concerns(ev)))
            .collect();
        if concerned.is_empty() {
            return Ok(position);
        }
        let mut receivers: Vec<_> = concerned.iter().map(|e| e.progress.subscribe()).collect();
        let names: Vec<String> = concerned
            .iter()
            .map(|e| e.reaction.name().to_owned())
            .collect();
        let started = Instant::now();
        let deadline = tokio::time::Instant::now() + timeout;
        let here = concerned.iter().all(|e| e.leader.load(Ordering::SeqCst));
        loop {
            let local: Vec<Progress> = receivers.iter().map(|r| *r.borrow()).collect();
            if here && local.iter().all(|p| p.position >= position.0) {
                let written = local.iter().map(|p| p.written).max().unwrap_or(0);
                return Ok(GlobalPosition(written.max(position.0)));
            }
            if !here {
                let client = self.pool.get().await?;
                let statement = client
                    .prepare_cached(
                        "SELECT count(*) FILTER (WHERE coalesce(c.position, 0) < $2), \
                                coalesce(max(c.written), 0) \
                           FROM unnest($1::text[]) AS n(name) \
                           LEFT JOIN reaction_checkpoints c USING (name)",
                    )
                    .await?;
                let row = client
                    .query_one(&statement, &[&names, &to_i64(position.0)])
                    .await?;
                drop(client);
                if row.get::<_, i64>(0) == 0 {
                    let written = to_u64(row.get(1));
                    return Ok(GlobalPosition(written.max(position.0)));
                }
            }
            if tokio::time::Instant::now() >= deadline {
                return Err(ProjectionError::WaitTimeout {
                    projections: names,
                    position: position.0,
                    waited_ms: started.elapsed().as_millis(),
                });
            }
            let every = if here { LOCAL_POLL } else { REMOTE_POLL };
            let changed =
                futures::future::select_all(receivers.iter_mut().map(|r| Box::pin(r.changed())));
            let _ =
                tokio::time::timeout_at(deadline.min(tokio::time::Instant::now() + every), changed)
                    .await;
        }
    }

    /// The events of the append whose last event is at `position` (those of the same
    /// command just before it, at most [`WRITE_EVENTS`]); empty when that event is not
    /// readable (yet), which counts as "every reaction may be concerned".
    async fn write_ending_at(
        &self,
        position: GlobalPosition,
    ) -> Result<Vec<RecordedEvent>, ProjectionError> {
        // Usually read already by the runners (or by them from this read).
        let events = self
            .tail
            .between(position.0.saturating_sub(WRITE_EVENTS), position.0)
            .await?;
        let Some(last) = events.last().filter(|e| e.global_position == position) else {
            return Ok(Vec::new());
        };
        let command = last.metadata().map(|m| m.command_id).ok();
        Ok(events
            .into_iter()
            .rev()
            .take_while(|e| e.metadata().map(|m| m.command_id).ok() == command)
            .collect())
    }

    /// Reacts to everything committed so far for every reaction, taking each lease first
    /// (waiting for it): for commands and tests run without the server.
    pub async fn catch_up(&self) -> Result<u64, ProjectionError> {
        let head = self.store.committed_position().await?.0;
        let (_stop, shutdown) = watch::channel(false);
        let mut passed = 0;
        for entry in &self.entries {
            let name = entry.reaction.name();
            let lease = loop {
                if let Some(lease) = session_lock(&self.config, REACTION_CLASS, key(name)).await? {
                    break lease;
                }
                tokio::time::sleep(self.options.lease_retry).await;
            };
            let loaded = self.load(name).await?;
            entry.progress.send_replace(loaded);
            if let Ok(mut stored) = entry.stored.lock() {
                *stored = (loaded, Instant::now());
            }
            while entry.progress.borrow().position < head {
                let n = self.round(entry, &shutdown).await?;
                if n == 0 {
                    break;
                }
                passed += n as u64;
            }
            self.store_checkpoint(entry, true).await?;
            drop(lease);
        }
        Ok(passed)
    }
}
