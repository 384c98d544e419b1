//! The global hash chain over `$all`, kept beside the store and outside the append path.
//!
//! Each stream's own chain ([`crate::hash`]) cannot show a stream cut short at its end, a
//! whole stream removed, or a stream rewritten with every later hash recomputed. The global
//! chain closes that: in position order,
//! `global(e) = SHA-256("chancery-all-v1" ‖ global(previous stored event) ‖ position(e) as
//! big-endian u64 ‖ stream hash(e))`, 32 zero bytes before the first event. The stream hash
//! covers the event's content, its revision and its stream's previous hash, so a link covers
//! everything stored about the event.
//!
//! **Not in the append path.** [`GlobalChain`] follows `$all` through the [`EventStore`] port
//! (so it works for every adapter) and writes `(position, stream, revision, global hash)` rows
//! into the `event_chain` table of the PostgreSQL database (for KurrentDB: the read-model
//! database), after the events committed. Appends never wait for it and are never serialised by
//! it. One runner per cluster holds a lease (a session advisory lock on a dedicated connection,
//! as projections do); every batch also commits under a transaction lock after reading the
//! head again, so an operator's `catch_up` beside a running server never forks the chain.
//!
//! **Gaps.** Positions are not dense: an append that rolled back (or, in KurrentDB, the commit
//! positions themselves) leaves gaps. The chain covers what was stored when it was chained;
//! every chained event has its row, so a gap that existed then has no row, and an event deleted
//! later is a row whose event is missing ([`ChainProblem::Missing`], with its stream and
//! revision).
//!
//! **What verification can and cannot tell.** [`GlobalChain::verify`] recomputes every link
//! from the stored events and compares it with the table, and recomputes the chain from the
//! events alone up to a signed checkpoint's position and compares it with the signed head. An
//! attacker who rewrites events *and* the `event_chain` table to match is caught by the signed
//! checkpoint, but only for events up to that checkpoint: events after the latest signed
//! checkpoint are covered by the table alone (and events not yet chained by nothing but their
//! streams' own chains). Sign checkpoints often, and copy them off the machine.

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::Duration;

use deadpool_postgres::Pool;
use sha2::{Digest, Sha256};
use tokio::sync::watch;

use crate::envelope::GlobalPosition;
use crate::hash::ZERO_HASH;
use crate::port::{EventStore, StoreError};

/// The chain table's migrations (run by [`GlobalChain::migrate`]).
pub const MIGRATIONS: &[chancery_pg::Migration] = &[chancery_pg::Migration {
    name: "event_chain/0001_event_chain",
    sql: include_str!("../migrations/chain_0001_event_chain.sql"),
}];

/// The runner's lease (a session advisory lock; the projections' leases use the two-key space).
const LEASE_KEY: i64 = 4_848_211_049_629_896_773;
/// Taken by every batch's transaction, so two writers never chain from the same head.
const WRITE_KEY: i64 = 4_848_211_049_629_896_774;
/// Events chained per batch.
const BATCH: usize = 2_000;
/// Rows of the table read at a time by verification.
const PAGE: i64 = 5_000;

/// One link of the global chain.
pub fn global_link(previous: &[u8; 32], position: u64, stream_hash: &[u8; 32]) -> [u8; 32] {
    Sha256::new()
        .chain_update(b"chancery-all-v1")
        .chain_update(previous)
        .chain_update(position.to_be_bytes())
        .chain_update(stream_hash)
        .finalize()
        .into()
}

/// The chain at one event: its position and global hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChainHead {
    pub position: GlobalPosition,
    pub hash: [u8; 32],
}

/// One thing wrong between the stored events, the chain table and a signed checkpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainProblem {
    /// An event that was chained is no longer stored (deleted, with its stream's later events
    /// or alone, or a whole stream).
    Missing {
        position: GlobalPosition,
        stream: String,
        revision: u64,
    },
    /// The stored event no longer matches the link recorded when it was chained (its content
    /// or its stream hash changed, or the link was rewritten).
    Altered {
        position: GlobalPosition,
        stream: String,
        revision: u64,
    },
    /// Another event is stored where the chain recorded this one.
    Replaced {
        position: GlobalPosition,
        chained_stream: String,
        chained_revision: u64,
        stream: String,
        revision: u64,
    },
    /// An event is stored at a position the chain passed over: it was inserted afterwards.
    Inserted {
        position: GlobalPosition,
        stream: String,
        revision: u64,
    },
    /// The chain recomputed from the stored events up to a signed checkpoint is not the head
    /// that was signed: history up to it was altered (and the chain table too, if no other
    /// problem is named).
    CheckpointMismatch { position: GlobalPosition },
    /// The chain table has no link, or another link, at a signed checkpoint's position.
    TableDiffersFromCheckpoint { position: GlobalPosition },
}

impl std::fmt::Display for ChainProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Missing {
                position,
                stream,
                revision,
            } => write!(
                f,
                "position {position}: stream {stream} revision {revision} was chained and is missing — an event was deleted"
            ),
            Self::Altered {
                position,
                stream,
                revision,
            } => write!(
                f,
                "position {position}: stream {stream} revision {revision} does not match the global chain — the event or its stream's hashes were altered"
            ),
            Self::Replaced {
                position,
                chained_stream,
                chained_revision,
                stream,
                revision,
            } => write!(
                f,
                "position {position}: stream {stream} revision {revision} is stored where stream {chained_stream} revision {chained_revision} was chained"
            ),
            Self::Inserted {
                position,
                stream,
                revision,
            } => write!(
                f,
                "position {position}: stream {stream} revision {revision} was not there when the chain passed — an event was inserted"
            ),
            Self::CheckpointMismatch { position } => write!(
                f,
                "history up to the signed checkpoint at position {position} is not what was signed — events and the chain table were altered"
            ),
            Self::TableDiffersFromCheckpoint { position } => write!(
                f,
                "the chain table does not hold the signed head at position {position} — the chain table was altered"
            ),
        }
    }
}

/// The outcome of [`GlobalChain::verify`].
#[derive(Debug, Default, Clone)]
pub struct ChainReport {
    /// Stored events found chained.
    pub chained: u64,
    /// Stored events after the chain's head (not chained yet).
    pub pending: u64,
    /// The chain table's last link.
    pub head: Option<ChainHead>,
    /// Whether a signed head was compared.
    pub checkpoint_checked: bool,
    pub problems: Vec<ChainProblem>,
}

impl ChainReport {
    pub fn is_intact(&self) -> bool {
        self.problems.is_empty()
    }
}

fn backend(e: impl std::fmt::Display) -> StoreError {
    StoreError::Backend(e.to_string())
}

fn to_i64(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

fn to_u64(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

fn hash32(bytes: &[u8]) -> [u8; 32] {
    let mut out = [0; 32];
    if bytes.len() == 32 {
        out.copy_from_slice(bytes);
    }
    out
}

/// A row of the chain table.
#[derive(Debug, Clone)]
struct Link {
    position: u64,
    stream: String,
    revision: u64,
    hash: [u8; 32],
}

/// The global chain: its table and its runner.
pub struct GlobalChain {
    store: Arc<dyn EventStore>,
    pool: Pool,
    config: tokio_postgres::Config,
}

impl std::fmt::Debug for GlobalChain {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GlobalChain")
            .field("store", &self.store.backend())
            .finish_non_exhaustive()
    }
}

impl GlobalChain {
    /// `pool` and `config` reach the PostgreSQL database holding `event_chain` (`config` opens
    /// the lease's dedicated connection).
    pub fn new(store: Arc<dyn EventStore>, pool: Pool, config: tokio_postgres::Config) -> Self {
        Self {
            store,
            pool,
            config,
        }
    }

    /// Creates the chain table.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        let mut client = self.pool.get().await.map_err(backend)?;
        chancery_pg::Migrator::new()
            .with(MIGRATIONS)
            .run(&mut client)
            .await
            .map_err(backend)?;
        Ok(())
    }

    /// The chain's last link (`None` before the first event is chained).
    pub async fn head(&self) -> Result<Option<ChainHead>, StoreError> {
        let client = self.pool.get().await.map_err(backend)?;
        head_of(&**client).await
    }

    /// The link recorded at `position`, if any.
    pub async fn link_at(&self, position: GlobalPosition) -> Result<Option<[u8; 32]>, StoreError> {
        link_at(&self.pool, position).await
    }

    /// Chains the next batch of events after the head. Returns how many were chained and the
    /// head after the batch.
    pub async fn extend(&self) -> Result<(usize, Option<ChainHead>), StoreError> {
        let seen = self.head().await?;
        let after = seen.map_or(GlobalPosition::START, |h| h.position);
        let events = self.store.read_all(after, BATCH).await?;
        if events.is_empty() {
            return Ok((0, seen));
        }
        let mut client = self.pool.get().await.map_err(backend)?;
        let tx = client.transaction().await.map_err(backend)?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&WRITE_KEY])
            .await
            .map_err(backend)?;
        // Another writer may have chained some of these meanwhile: continue from its head.
        // `read_all` returned every event after `after`, so nothing past that head is skipped.
        let head = head_of(&*tx).await?;
        let (mut previous, from) = head.map_or((ZERO_HASH, 0), |h| (h.hash, h.position.0));
        let mut positions = Vec::with_capacity(events.len());
        let mut streams = Vec::with_capacity(events.len());
        let mut revisions = Vec::with_capacity(events.len());
        let mut hashes: Vec<Vec<u8>> = Vec::with_capacity(events.len());
        for event in events.iter().filter(|e| e.global_position.0 > from) {
            previous = global_link(&previous, event.global_position.0, &event.hash);
            positions.push(to_i64(event.global_position.0));
            streams.push(event.stream_id.as_str());
            revisions.push(to_i64(event.stream_revision));
            hashes.push(previous.to_vec());
        }
        let Some(&last) = positions.last() else {
            return Ok((0, head));
        };
        tx.execute(
            "INSERT INTO event_chain (position, stream_id, stream_revision, global_hash) \
             SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::bytea[])",
            &[&positions, &streams, &revisions, &hashes],
        )
        .await
        .map_err(backend)?;
        tx.commit().await.map_err(backend)?;
        Ok((
            positions.len(),
            Some(ChainHead {
                position: GlobalPosition(to_u64(last)),
                hash: previous,
            }),
        ))
    }

    /// Chains every event committed until now (waiting, bounded, for writes still in flight).
    /// Returns the head.
    pub async fn catch_up(&self) -> Result<Option<ChainHead>, StoreError> {
        let target = self.store.committed_position().await?;
        let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
        loop {
            let (chained, head) = self.extend().await?;
            let at = head.map_or(GlobalPosition::START, |h| h.position);
            if at >= target {
                return Ok(head);
            }
            if chained == 0 {
                if tokio::time::Instant::now() >= deadline {
                    return Err(StoreError::Transient(format!(
                        "the chain did not reach position {target} within a minute (at {at})"
                    )));
                }
                self.store
                    .wait_for_events(at, Duration::from_millis(100))
                    .await;
            }
        }
    }

    /// Runs the chain runner until `shutdown` turns true: takes the lease (or waits for it,
    /// retrying every `lease_retry`) and chains events as they are appended.
    pub fn spawn(
        self: Arc<Self>,
        mut shutdown: watch::Receiver<bool>,
        lease_retry: Duration,
    ) -> tokio::task::JoinHandle<()> {
        tokio::spawn(async move {
            while !*shutdown.borrow() {
                match self.try_lease().await {
                    Ok(Some(lease)) => {
                        tracing::info!("global chain runner: lease taken");
                        if let Err(error) = self.run(&lease, &mut shutdown).await {
                            tracing::warn!(%error, "global chain runner stopped; retrying");
                        }
                    }
                    Ok(None) => {}
                    Err(error) => tracing::warn!(%error, "global chain runner: no lease"),
                }
                tokio::select! {
                    () = tokio::time::sleep(lease_retry) => {}
                    _ = shutdown.changed() => {}
                }
            }
        })
    }

    async fn try_lease(&self) -> Result<Option<tokio_postgres::Client>, StoreError> {
        let (client, _driver) = chancery_pg::pool::connect_single(&self.config)
            .await
            .map_err(backend)?;
        let taken: bool = client
            .query_one("SELECT pg_try_advisory_lock($1)", &[&LEASE_KEY])
            .await
            .map_err(backend)?
            .get(0);
        Ok(taken.then_some(client))
    }

    async fn run(
        &self,
        lease: &tokio_postgres::Client,
        shutdown: &mut watch::Receiver<bool>,
    ) -> Result<(), StoreError> {
        while !*shutdown.borrow() {
            if lease.is_closed() {
                return Err(StoreError::Transient(
                    "the lease's connection closed".into(),
                ));
            }
            let (chained, head) = self.extend().await?;
            if chained == 0 {
                let at = head.map_or(GlobalPosition::START, |h| h.position);
                tokio::select! {
                    () = self.store.wait_for_events(at, Duration::from_secs(1)) => {}
                    _ = shutdown.changed() => {}
                }
            }
        }
        Ok(())
    }

    /// Checks the stored events against the chain table and, given the head of the latest
    /// signed checkpoint, against that head (see the module's doc for what this can tell).
    pub async fn verify(&self, signed: Option<ChainHead>) -> Result<ChainReport, StoreError> {
        let mut report = ChainReport {
            head: self.head().await?,
            checkpoint_checked: signed.is_some(),
            ..ChainReport::default()
        };
        let table_end = report.head.map_or(0, |h| h.position.0);
        let mut table = Table::new(&self.pool);
        // The previous link as the table stores it: each link is checked on its own, so one
        // alteration is named once, not at every later event.
        let mut table_previous = ZERO_HASH;
        // The chain from the stored events alone, for the signed head.
        let mut recomputed = ZERO_HASH;
        let mut at_checkpoint: Option<[u8; 32]> = None;
        let mut position = GlobalPosition::START;
        loop {
            let events = self.store.read_all(position, 2_000).await?;
            let Some(last) = events.last() else { break };
            position = last.global_position;
            for event in &events {
                let p = event.global_position.0;
                while let Some(link) = table.next_before(p).await? {
                    report.problems.push(ChainProblem::Missing {
                        position: GlobalPosition(link.position),
                        stream: link.stream,
                        revision: link.revision,
                    });
                    table_previous = link.hash;
                }
                if let Some(link) = table.take_at(p).await? {
                    report.chained += 1;
                    if link.stream != event.stream_id.as_str()
                        || link.revision != event.stream_revision
                    {
                        report.problems.push(ChainProblem::Replaced {
                            position: event.global_position,
                            chained_stream: link.stream.clone(),
                            chained_revision: link.revision,
                            stream: event.stream_id.as_str().to_owned(),
                            revision: event.stream_revision,
                        });
                    } else if global_link(&table_previous, p, &event.hash) != link.hash {
                        report.problems.push(ChainProblem::Altered {
                            position: event.global_position,
                            stream: link.stream.clone(),
                            revision: link.revision,
                        });
                    }
                    table_previous = link.hash;
                } else if p < table_end {
                    report.problems.push(ChainProblem::Inserted {
                        position: event.global_position,
                        stream: event.stream_id.as_str().to_owned(),
                        revision: event.stream_revision,
                    });
                } else {
                    report.pending += 1;
                }
                if let Some(signed) = signed
                    && at_checkpoint.is_none()
                    && p > signed.position.0
                {
                    at_checkpoint = Some(recomputed);
                }
                recomputed = global_link(&recomputed, p, &event.hash);
            }
        }
        while let Some(link) = table.next_before(u64::MAX).await? {
            report.problems.push(ChainProblem::Missing {
                position: GlobalPosition(link.position),
                stream: link.stream,
                revision: link.revision,
            });
        }
        if let Some(signed) = signed {
            if at_checkpoint.unwrap_or(recomputed) != signed.hash {
                report.problems.push(ChainProblem::CheckpointMismatch {
                    position: signed.position,
                });
            }
            if self.link_at(signed.position).await? != Some(signed.hash) {
                report
                    .problems
                    .push(ChainProblem::TableDiffersFromCheckpoint {
                        position: signed.position,
                    });
            }
        }
        Ok(report)
    }
}

/// The link the chain table records at `position`, if any (`pool` reaches the database holding
/// `event_chain`).
pub async fn link_at(
    pool: &Pool,
    position: GlobalPosition,
) -> Result<Option<[u8; 32]>, StoreError> {
    let client = pool.get().await.map_err(backend)?;
    let row = client
        .query_opt(
            "SELECT global_hash FROM event_chain WHERE position = $1",
            &[&to_i64(position.0)],
        )
        .await
        .map_err(backend)?;
    Ok(row.map(|r| hash32(r.get::<_, &[u8]>(0))))
}

async fn head_of<C: tokio_postgres::GenericClient>(
    client: &C,
) -> Result<Option<ChainHead>, StoreError> {
    let row = client
        .query_opt(
            "SELECT position, global_hash FROM event_chain ORDER BY position DESC LIMIT 1",
            &[],
        )
        .await
        .map_err(backend)?;
    Ok(row.map(|r| ChainHead {
        position: GlobalPosition(to_u64(r.get(0))),
        hash: hash32(r.get::<_, &[u8]>(1)),
    }))
}

/// The chain table read in position order, a page at a time.
struct Table<'a> {
    pool: &'a Pool,
    buffer: VecDeque<Link>,
    after: i64,
    done: bool,
}

impl<'a> Table<'a> {
    fn new(pool: &'a Pool) -> Self {
        Self {
            pool,
            buffer: VecDeque::new(),
            after: -1,
            done: false,
        }
    }

    async fn peek(&mut self) -> Result<Option<&Link>, StoreError> {
        if self.buffer.is_empty() && !self.done {
            let client = self.pool.get().await.map_err(backend)?;
            let rows = client
                .query(
                    "SELECT position, stream_id, stream_revision, global_hash FROM event_chain \
                     WHERE position > $1 ORDER BY position LIMIT $2",
                    &[&self.after, &PAGE],
                )
                .await
                .map_err(backend)?;
            self.done = rows.len() < usize::try_from(PAGE).unwrap_or(usize::MAX);
            for row in rows {
                let position: i64 = row.get(0);
                self.after = position;
                self.buffer.push_back(Link {
                    position: to_u64(position),
                    stream: row.get(1),
                    revision: to_u64(row.get(2)),
                    hash: hash32(row.get::<_, &[u8]>(3)),
                });
            }
        }
        Ok(self.buffer.front())
    }

    /// The next link if it lies before `position`.
    async fn next_before(&mut self, position: u64) -> Result<Option<Link>, StoreError> {
        match self.peek().await? {
            Some(link) if link.position < position => Ok(self.buffer.pop_front()),
            _ => Ok(None),
        }
    }

    /// The next link if it is at `position`.
    async fn take_at(&mut self, position: u64) -> Result<Option<Link>, StoreError> {
        match self.peek().await? {
            Some(link) if link.position == position => Ok(self.buffer.pop_front()),
            _ => Ok(None),
        }
    }
}
