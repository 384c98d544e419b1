//! Runners, leases, rebuild and status. See the crate documentation for the guarantees.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use chancery_event_store::{EventStore, GlobalPosition, RecordedEvent};
use deadpool_postgres::Pool;
use serde::Serialize;
use sha2::{Digest, Sha256};
use tokio::sync::watch;

use crate::tail::Tail;
use crate::{MIGRATIONS, Projection, ProjectionError};

/// Advisory-lock classes (two-int key space): the runner lease and the rebuild lock.
const LEASE_CLASS: i32 = 0x4348_5052; // "CHPR"
const REBUILD_CLASS: i32 = 0x4348_5242; // "CHRB"
/// Transaction-level lock class serialising the DDL that installs or swaps a read model.
const DDL_CLASS: i32 = 0x4348_4444; // "CHDD"

/// How long a batch's transaction should last. Each transaction holds an id from its first
/// statement (the checkpoint row lock) to its commit, and readers of `$all` see nothing
/// appended after that id until it ends (the event store's ordering rule): a batch of a
/// thousand events taking seconds under load stalls every projection of every process for
/// those seconds. Batches are sized to take about this long (never more than the configured
/// batch size), from how long the last ones took per event.
const BATCH_TARGET: Duration = Duration::from_millis(40);

/// How often `wait_for` looks at the checkpoint table: for projections run by this process
/// (whose runners announce each batch at once) and for those run elsewhere.
const LOCAL_POLL: Duration = Duration::from_millis(250);
const REMOTE_POLL: Duration = Duration::from_millis(25);

/// Tuning of the engine.
#[derive(Debug, Clone)]
pub struct EngineOptions {
    /// Events applied per read-model transaction.
    pub batch_size: usize,
    /// How often a standby process tries to take over a lease.
    pub lease_retry: Duration,
    /// Longest wait for new events before re-reading `$all` anyway.
    pub idle_wait: Duration,
    /// How long a batch should take (default [`BATCH_TARGET`]).
    pub batch_target: Duration,
}

impl Default for EngineOptions {
    fn default() -> Self {
        Self {
            batch_size: 1_000,
            lease_retry: Duration::from_secs(2),
            idle_wait: Duration::from_secs(1),
            batch_target: BATCH_TARGET,
        }
    }
}

/// How far one projection is.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ProjectionStatus {
    pub name: String,
    /// Global position of the last event applied (0: none).
    pub position: u64,
    /// Last position readable from `$all`.
    pub head: u64,
    /// Events the read model is behind.
    pub lag: u64,
    /// Whether this process holds the projection's lease (runs it).
    pub running_here: bool,
    /// The last failure of the runner, cleared by the next successful batch.
    pub last_error: Option<String>,
}

struct Entry {
    projection: Arc<dyn Projection>,
    /// Position this process last saw committed, for local waiters.
    position: watch::Sender<u64>,
    leader: AtomicBool,
    /// Events the next batch takes (see [`BATCH_TARGET`]).
    batch: AtomicUsize,
}

/// The next batch size after `applied` events took `took`: what fits in `target` at that
/// pace, moving at most halfway from `current` at a time, within `1..=max`.
fn next_batch(
    current: usize,
    applied: usize,
    took: Duration,
    max: usize,
    target: Duration,
) -> usize {
    if applied == 0 {
        return current.clamp(1, max);
    }
    let per_event = took.as_secs_f64() / applied as f64;
    let fits = if per_event > 0.0 {
        (target.as_secs_f64() / per_event).min(max as f64) as usize
    } else {
        max
    };
    // A batch cut short by the events available says little about a larger one: only grow
    // from a full one.
    let wanted = if applied < current {
        fits.min(current)
    } else {
        fits
    };
    (current + wanted).div_ceil(2).clamp(1, max)
}

/// Runs the projections of one process.
pub struct ProjectionEngine {
    store: Arc<dyn EventStore>,
    pool: Pool,
    config: tokio_postgres::Config,
    entries: Vec<Entry>,
    options: EngineOptions,
    /// The runners' shared reads of `$all` (shared with the reactions of this process too,
    /// see [`crate::ReactionEngine::reading_with`]).
    pub(crate) tail: Arc<Tail>,
}

impl std::fmt::Debug for ProjectionEngine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProjectionEngine")
            .field("projections", &self.names())
            .finish_non_exhaustive()
    }
}

/// The held lease: the lock lives as long as this connection.
/// A session-level advisory lock, held by the connection's session. The lease's connection
/// is also the one its runner applies batches on: one connection per runner, whose
/// `search_path` is always the projection's, so the statements the handler prepared keep
/// their plans (a pooled connection serving several projections in turn re-planned them
/// whenever the path changed).
struct Lease {
    client: deadpool_postgres::ClientWrapper,
}

pub(crate) fn valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !name.contains("__")
        && name.len() <= 40
}

pub(crate) fn key(name: &str) -> i32 {
    let digest = Sha256::digest(name.as_bytes());
    i32::from_be_bytes([digest[0], digest[1], digest[2], digest[3]])
}

fn fingerprint(projection: &dyn Projection) -> String {
    let mut hasher = Sha256::new();
    hasher.update(projection.version().to_be_bytes());
    for migration in projection.schema() {
        hasher.update(migration.name.as_bytes());
        hasher.update([0]);
        hasher.update(migration.sql.as_bytes());
        hasher.update([0]);
    }
    hex::encode(hasher.finalize())
}

pub(crate) fn to_i64(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

pub(crate) fn to_u64(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

impl ProjectionEngine {
    /// `config` reaches the read-model database (for lease connections); `pool` too.
    pub fn new(
        store: Arc<dyn EventStore>,
        pool: Pool,
        config: tokio_postgres::Config,
        projections: Vec<Arc<dyn Projection>>,
        options: EngineOptions,
    ) -> Result<Self, ProjectionError> {
        let mut entries = Vec::with_capacity(projections.len());
        for projection in projections {
            let name = projection.name();
            if !valid_name(name) || entries.iter().any(|e: &Entry| e.projection.name() == name) {
                return Err(ProjectionError::InvalidName(name.to_owned()));
            }
            entries.push(Entry {
                projection,
                position: watch::channel(0).0,
                leader: AtomicBool::new(false),
                batch: AtomicUsize::new(options.batch_size.max(1)),
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
        self.entries.iter().map(|e| e.projection.name()).collect()
    }

    fn entry(&self, name: &str) -> Result<&Entry, ProjectionError> {
        self.entries
            .iter()
            .find(|e| e.projection.name() == name)
            .ok_or_else(|| ProjectionError::Unknown(name.to_owned()))
    }

    /// Creates the checkpoint table.
    pub async fn migrate(&self) -> Result<(), ProjectionError> {
        let mut client = self.pool.get().await?;
        chancery_pg::Migrator::new()
            .with(MIGRATIONS)
            .run(&mut client)
            .await?;
        Ok(())
    }

    /// Starts one runner per projection plus the lag monitor. They stop when `shutdown`
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
        let name = entry.projection.name();
        let mut backoff = Duration::from_millis(200);
        while !*shutdown.borrow() {
            let mut lease = match self.try_lease(name).await {
                Ok(Some(lease)) => lease,
                Ok(None) => {
                    wait_or_shutdown(&mut shutdown, self.options.lease_retry).await;
                    continue;
                }
                Err(error) => {
                    tracing::warn!(projection = name, %error, "cannot take the projection lease");
                    wait_or_shutdown(&mut shutdown, self.options.lease_retry).await;
                    continue;
                }
            };
            tracing::info!(projection = name, "running projection (lease taken)");
            entry.leader.store(true, Ordering::SeqCst);
            if let Err(error) = self.ensure_installed(entry.projection.as_ref()).await {
                tracing::error!(projection = name, %error, "cannot install the read model");
                self.record_error(name, &error).await;
                entry.leader.store(false, Ordering::SeqCst);
                drop(lease);
                wait_or_shutdown(&mut shutdown, backoff).await;
                backoff = (backoff * 2).min(Duration::from_secs(30));
                continue;
            }
            while !*shutdown.borrow() && !lease.client.is_closed() {
                match self.apply_batch(entry, &mut lease.client).await {
                    Ok(0) => {
                        backoff = Duration::from_millis(200);
                        let position = GlobalPosition(*entry.position.borrow());
                        tokio::select! {
                            () = self.store.wait_for_events(position, self.options.idle_wait) => {}
                            () = stopping(&mut shutdown) => {}
                        }
                    }
                    Ok(_) => backoff = Duration::from_millis(200),
                    Err(error) => {
                        tracing::error!(projection = name, %error, "projection batch failed; retrying");
                        self.record_error(name, &error).await;
                        wait_or_shutdown(&mut shutdown, backoff).await;
                        backoff = (backoff * 2).min(Duration::from_secs(30));
                    }
                }
            }
            entry.leader.store(false, Ordering::SeqCst);
            tracing::info!(projection = name, "projection lease released");
        }
    }

    /// Takes the lease of `name` if no process holds it.
    async fn try_lease(&self, name: &str) -> Result<Option<Lease>, ProjectionError> {
        self.try_session_lock(LEASE_CLASS, name).await
    }

    /// A session-level advisory lock of `class` for `name` (see [`session_lock`]).
    async fn try_session_lock(
        &self,
        class: i32,
        name: &str,
    ) -> Result<Option<Lease>, ProjectionError> {
        Ok(session_lock(&self.config, class, key(name))
            .await?
            .map(|client| Lease { client }))
    }

    /// Creates the read model on first run; rebuilds it when its fingerprint changed.
    async fn ensure_installed(&self, projection: &dyn Projection) -> Result<(), ProjectionError> {
        let name = projection.name();
        let wanted = fingerprint(projection);
        let client = self.pool.get().await?;
        let row = client
            .query_opt(
                "SELECT fingerprint, position FROM projection_checkpoints WHERE name = $1",
                &[&name],
            )
            .await?;
        drop(client);
        match row {
            Some(row) if row.get::<_, String>(0) == wanted => {
                self.publish(name, to_u64(row.get(1)));
                Ok(())
            }
            Some(_) => {
                tracing::info!(
                    projection = name,
                    "read-model definition changed: rebuilding"
                );
                self.rebuild(name).await.map(|_| ())
            }
            None => {
                let mut client = self.pool.get().await?;
                let tx = client.transaction().await?;
                tx.execute(
                    "SELECT pg_advisory_xact_lock($1, $2)",
                    &[&DDL_CLASS, &key(name)],
                )
                .await?;
                let installed = tx
                    .query_opt(
                        "SELECT 1 FROM projection_checkpoints WHERE name = $1",
                        &[&name],
                    )
                    .await?
                    .is_some();
                if installed {
                    // A rebuild installed it meanwhile.
                    return Ok(());
                }
                create_tables(&tx, projection, name).await?;
                tx.execute(
                    "INSERT INTO projection_checkpoints (name, position, fingerprint) VALUES ($1, 0, $2)",
                    &[&name, &wanted],
                )
                .await?;
                tx.commit().await?;
                self.publish(name, 0);
                Ok(())
            }
        }
    }

    /// Applies the next batch after the checkpoint, atomically with the checkpoint.
    /// Returns how many events were applied.
    ///
    /// Only the lease holder calls it, so the checkpoint is known without asking: it is the
    /// position last published here (by this runner's commits, or read from the table when
    /// the lease was taken). The checkpoint row, locked in the batch's transaction, still
    /// has the last word: if a rebuild elsewhere moved it, the batch is dropped and the
    /// stored position published for the next one.
    ///
    /// The batch commits without waiting for its WAL flush (`synchronous_commit` off, for
    /// this transaction only): a read model is derived data whose checkpoint commits with
    /// it, so a server crash can only take back the last batches *together with* their
    /// checkpoint, and they are applied again from the events — which are durable. It saves
    /// a flush per batch, and every reader waiting for the batch gets it sooner.
    async fn apply_batch(
        &self,
        entry: &Entry,
        client: &mut deadpool_postgres::ClientWrapper,
    ) -> Result<usize, ProjectionError> {
        let name = entry.projection.name();
        let position = to_i64(*entry.position.borrow());
        let size = entry.batch.load(Ordering::Relaxed);
        let events = self.read(to_u64(position), size).await?;
        let Some(last) = events.last().map(|e| e.global_position) else {
            return Ok(0);
        };
        let started = Instant::now();
        let tx = client.transaction().await?;
        let lock = tx
            .prepare_cached(
                "SELECT position FROM projection_checkpoints WHERE name = $1 FOR UPDATE",
            )
            .await?;
        // Sent together, answered in one round trip. Handlers run the same few prepared
        // statements over and over (key lookups): planning them once per connection, not at
        // every execution, is a good part of their cost.
        let settings = format!(
            "SET LOCAL search_path TO \"{name}\", public; SET LOCAL synchronous_commit TO off; \
             SET LOCAL plan_cache_mode TO force_generic_plan"
        );
        let params: [&(dyn tokio_postgres::types::ToSql + Sync); 1] = [&name];
        let ((), row) =
            futures::try_join!(tx.batch_execute(&settings), tx.query_one(&lock, &params))?;
        let locked: i64 = row.get(0);
        if locked != position {
            // Someone else (a rebuild swap, an overlapping runner) moved it: start over from
            // where it is now.
            drop(tx);
            self.publish(name, to_u64(locked));
            return Ok(0);
        }
        entry.projection.apply(&tx, &events).await?;
        let advance = tx
            .prepare_cached(
                "UPDATE projection_checkpoints SET position = $2, last_error = NULL, updated_at = now() WHERE name = $1",
            )
            .await?;
        tx.execute(&advance, &[&name, &to_i64(last.0)]).await?;
        tx.commit().await?;
        entry.batch.store(
            next_batch(
                size,
                events.len(),
                started.elapsed(),
                self.options.batch_size.max(1),
                self.options.batch_target,
            ),
            Ordering::Relaxed,
        );
        self.publish(name, last.0);
        metrics::counter!("chancery_projection_events_applied_total", "projection" => name)
            .increment(events.len() as u64);
        Ok(events.len())
    }

    /// The next batch after `after`, from the events other runners here just read if it can
    /// ([`Tail`]).
    async fn read(&self, after: u64, max: usize) -> Result<Vec<RecordedEvent>, ProjectionError> {
        Ok(self.tail.read(after, max).await?)
    }

    fn publish(&self, name: &str, position: u64) {
        if let Ok(entry) = self.entry(name) {
            entry.position.send_if_modified(|p| {
                let changed = *p != position;
                *p = position;
                changed
            });
        }
        metrics::gauge!("chancery_projection_position", "projection" => name.to_owned())
            .set(position as f64);
    }

    async fn record_error(&self, name: &str, error: &ProjectionError) {
        if let Ok(client) = self.pool.get().await {
            let text = error.to_string();
            let _ = client
                .execute(
                    "UPDATE projection_checkpoints SET last_error = $2 WHERE name = $1",
                    &[&name, &text],
                )
                .await;
        }
    }

    /// Applies everything committed before the call for `name` in this process, taking the
    /// lease first (waiting for it). If an older write is still in flight somewhere, it waits
    /// for that write to end rather than stop short. Used by `chancery projections catch-up`.
    pub async fn catch_up(&self, name: &str) -> Result<u64, ProjectionError> {
        let entry = self.entry(name)?;
        let target = self.store.committed_position().await?;
        let mut lease = loop {
            if let Some(lease) = self.try_lease(name).await? {
                break lease;
            }
            tokio::time::sleep(self.options.lease_retry).await;
        };
        self.ensure_installed(entry.projection.as_ref()).await?;
        let mut applied = 0u64;
        loop {
            let n = self.apply_batch(entry, &mut lease.client).await?;
            if n > 0 {
                applied += n as u64;
                continue;
            }
            let at = GlobalPosition(*entry.position.borrow());
            if at >= target {
                break;
            }
            self.store.wait_for_events(at, self.options.idle_wait).await;
        }
        drop(lease);
        Ok(applied)
    }

    /// Rebuilds `name` from position 0 into a fresh schema and swaps it in. The live read
    /// model keeps serving (and its runner keeps running) until the swap.
    pub async fn rebuild(&self, name: &str) -> Result<u64, ProjectionError> {
        let entry = self.entry(name)?;
        let projection = entry.projection.as_ref();
        let Some(_rebuild_lock) = self.try_session_lock(REBUILD_CLASS, name).await? else {
            return Err(ProjectionError::Busy(name.to_owned()));
        };
        let fresh = format!("{name}__rebuild");
        let old = format!("{name}__old");
        let mut client = self.pool.get().await?;
        {
            let tx = client.transaction().await?;
            create_tables(&tx, projection, &fresh).await?;
            tx.commit().await?;
        }
        let started = Instant::now();
        let target = self.store.committed_position().await?;
        let mut position = GlobalPosition::START;
        let mut applied = 0u64;
        let mut size = self.options.batch_size.max(1);
        loop {
            let events = self.store.read_all(position, size).await?;
            let Some(last) = events.last().map(|e| e.global_position) else {
                // Everything committed before the rebuild began goes in, even behind a
                // write still in flight elsewhere.
                if position >= target {
                    break;
                }
                self.store
                    .wait_for_events(position, self.options.idle_wait)
                    .await;
                continue;
            };
            // Paced like the runner's batches, and committed without waiting for the flush
            // for the same reason: a rebuild cut short by a crash starts again from scratch.
            let batch_started = Instant::now();
            let tx = client.transaction().await?;
            tx.batch_execute(&format!(
                "SET LOCAL search_path TO \"{fresh}\", public; SET LOCAL synchronous_commit TO off"
            ))
            .await?;
            projection.apply(&tx, &events).await?;
            tx.commit().await?;
            size = next_batch(
                size,
                events.len(),
                batch_started.elapsed(),
                self.options.batch_size.max(1),
                self.options.batch_target,
            );
            position = last;
            applied += events.len() as u64;
        }
        // Swap: block the live runner on the checkpoint row, apply what arrived meanwhile,
        // rename, move the checkpoint — all or nothing.
        let tx = client.transaction().await?;
        tx.execute(
            "SELECT pg_advisory_xact_lock($1, $2)",
            &[&DDL_CLASS, &key(name)],
        )
        .await?;
        tx.query_opt(
            "SELECT position FROM projection_checkpoints WHERE name = $1 FOR UPDATE",
            &[&name],
        )
        .await?;
        tx.batch_execute(&format!("SET LOCAL search_path TO \"{fresh}\", public"))
            .await?;
        loop {
            let events = self
                .store
                .read_all(position, self.options.batch_size)
                .await?;
            let Some(last) = events.last().map(|e| e.global_position) else {
                break;
            };
            projection.apply(&tx, &events).await?;
            position = last;
            applied += events.len() as u64;
        }
        let live_exists = tx
            .query_opt("SELECT 1 FROM pg_namespace WHERE nspname = $1", &[&name])
            .await?
            .is_some();
        if live_exists {
            tx.batch_execute(&format!(
                "DROP SCHEMA IF EXISTS \"{old}\" CASCADE; \
                 ALTER SCHEMA \"{name}\" RENAME TO \"{old}\";"
            ))
            .await?;
        }
        tx.batch_execute(&format!("ALTER SCHEMA \"{fresh}\" RENAME TO \"{name}\""))
            .await?;
        tx.execute(
            "INSERT INTO projection_checkpoints (name, position, fingerprint) VALUES ($1, $2, $3) \
             ON CONFLICT (name) DO UPDATE SET position = $2, fingerprint = $3, last_error = NULL, updated_at = now()",
            &[&name, &to_i64(position.0), &fingerprint(projection)],
        )
        .await?;
        tx.commit().await?;
        client
            .batch_execute(&format!("DROP SCHEMA IF EXISTS \"{old}\" CASCADE"))
            .await?;
        self.publish(name, position.0);
        tracing::info!(
            projection = name,
            events = applied,
            seconds = started.elapsed().as_secs_f64(),
            "rebuilt"
        );
        Ok(applied)
    }

    /// Position, head and lag of every projection.
    pub async fn status(&self) -> Result<Vec<ProjectionStatus>, ProjectionError> {
        let head = self.store.head_position().await?.0;
        let client = self.pool.get().await?;
        let rows = client
            .query(
                "SELECT name, position, last_error FROM projection_checkpoints",
                &[],
            )
            .await?;
        let stored: HashMap<String, (u64, Option<String>)> = rows
            .iter()
            .map(|r| (r.get::<_, String>(0), (to_u64(r.get(1)), r.get(2))))
            .collect();
        Ok(self
            .entries
            .iter()
            .map(|entry| {
                let name = entry.projection.name();
                let (position, last_error) = stored.get(name).cloned().unwrap_or((0, None));
                ProjectionStatus {
                    name: name.to_owned(),
                    position,
                    head,
                    lag: head.saturating_sub(position),
                    running_here: entry.leader.load(Ordering::SeqCst),
                    last_error,
                }
            })
            .collect())
    }

    async fn monitor(self: Arc<Self>, mut shutdown: watch::Receiver<bool>) {
        while !*shutdown.borrow() {
            if let Ok(status) = self.status().await {
                for s in status {
                    metrics::gauge!("chancery_projection_lag_events", "projection" => s.name.clone())
                        .set(s.lag as f64);
                    metrics::gauge!("chancery_projection_position", "projection" => s.name)
                        .set(s.position as f64);
                }
            }
            wait_or_shutdown(&mut shutdown, Duration::from_secs(5)).await;
        }
    }

    /// The position up to which this process has applied `name` (its runner's batches, a
    /// rebuild), announced the moment each batch commits; projections run by another
    /// process are not seen here. For measuring how soon events become visible; a query that
    /// must see a write uses [`Self::wait_for`].
    pub fn watch(&self, name: &str) -> Result<watch::Receiver<u64>, ProjectionError> {
        Ok(self.entry(name)?.position.subscribe())
    }

    /// Waits until every projection in `names` has applied `position`, or `timeout` passes.
    /// Commands return the position of their last event; a query that must see the write
    /// passes it here. Projections run by other processes are seen through their checkpoint.
    pub async fn wait_for(
        &self,
        position: GlobalPosition,
        names: &[&str],
        timeout: Duration,
    ) -> Result<(), ProjectionError> {
        let mut receivers = Vec::with_capacity(names.len());
        let mut entries = Vec::with_capacity(names.len());
        for name in names {
            let entry = self.entry(name)?;
            receivers.push(entry.position.subscribe());
            entries.push(entry);
        }
        let started = Instant::now();
        let deadline = tokio::time::Instant::now() + timeout;
        let names_owned: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
        let mut polled: Option<tokio::time::Instant> = None;
        loop {
            if receivers.iter().all(|r| *r.borrow() >= position.0) {
                return Ok(());
            }
            // A runner of this process announces every batch at once: the checkpoint table
            // only needs a look now and then (a rebuild elsewhere may have moved it). A
            // projection run by another process is seen only there, so it is polled often.
            let here = entries.iter().all(|e| e.leader.load(Ordering::SeqCst));
            let every = if here { LOCAL_POLL } else { REMOTE_POLL };
            let now = tokio::time::Instant::now();
            let due = match polled {
                None => !here || now >= deadline,
                Some(at) => now >= at + every || now >= deadline,
            };
            if due || polled.is_none() {
                polled = Some(now);
            }
            if due {
                let client = self.pool.get().await?;
                let statement = client
                    .prepare_cached(
                        "SELECT count(*) FROM unnest($1::text[]) AS n(name) \
                         LEFT JOIN projection_checkpoints c USING (name) \
                         WHERE coalesce(c.position, 0) < $2",
                    )
                    .await?;
                let behind: i64 = client
                    .query_one(&statement, &[&names_owned, &to_i64(position.0)])
                    .await?
                    .get(0);
                drop(client);
                if behind == 0 {
                    return Ok(());
                }
            }
            if tokio::time::Instant::now() >= deadline {
                return Err(ProjectionError::WaitTimeout {
                    projections: names_owned,
                    position: position.0,
                    waited_ms: started.elapsed().as_millis(),
                });
            }
            let changed =
                futures::future::select_all(receivers.iter_mut().map(|r| Box::pin(r.changed())));
            let _ =
                tokio::time::timeout_at(deadline.min(tokio::time::Instant::now() + every), changed)
                    .await;
        }
    }
}

/// A session-level advisory lock of `class` for `key`, held by a dedicated connection for as
/// long as the returned connection lives; `None` when another session holds it.
pub(crate) async fn session_lock(
    config: &tokio_postgres::Config,
    class: i32,
    key: i32,
) -> Result<Option<deadpool_postgres::ClientWrapper>, ProjectionError> {
    let (client, driver) = chancery_pg::pool::connect_single(config).await?;
    let taken: bool = client
        .query_one("SELECT pg_try_advisory_lock($1, $2)", &[&class, &key])
        .await?
        .get(0);
    Ok(taken.then(|| deadpool_postgres::ClientWrapper::new(client, driver)))
}

/// (Re)creates `schema` empty and runs the projection's DDL in it, inside `tx`.
async fn create_tables(
    tx: &deadpool_postgres::Transaction<'_>,
    projection: &dyn Projection,
    schema: &str,
) -> Result<(), ProjectionError> {
    tx.batch_execute(&format!(
        "DROP SCHEMA IF EXISTS \"{schema}\" CASCADE; CREATE SCHEMA \"{schema}\"; \
         SET LOCAL search_path TO \"{schema}\", public;"
    ))
    .await?;
    for migration in projection.schema() {
        tx.batch_execute(migration.sql).await?;
    }
    Ok(())
}

pub(crate) async fn wait_or_shutdown(shutdown: &mut watch::Receiver<bool>, duration: Duration) {
    tokio::select! {
        () = tokio::time::sleep(duration) => {}
        () = stopping(shutdown) => {}
    }
}

/// Resolves when `shutdown` changes. If its sender is gone it never does (the runners then
/// run until the process ends), so waits keep their length instead of returning at once
/// and turning the runner into a busy loop.
pub(crate) async fn stopping(shutdown: &mut watch::Receiver<bool>) {
    if shutdown.changed().await.is_err() {
        std::future::pending::<()>().await;
    }
}

/// Convenience for handlers: the events' positions as `i64`s.
pub fn positions(events: &[RecordedEvent]) -> Vec<i64> {
    events.iter().map(|e| to_i64(e.global_position.0)).collect()
}
