//! The runners of `$all`: projections turn it into read models in PostgreSQL, and
//! reactions ([`reactions`]) turn it into the commands its events call for.
//!
//! A [`Projection`] is a name (also the name of its PostgreSQL schema), the DDL of its tables,
//! and a handler that applies events inside a transaction. The [`ProjectionEngine`] runs one
//! catch-up runner per projection:
//!
//! - the read-model writes and the new checkpoint commit in the same transaction, and the
//!   checkpoint row is locked in it, so a crash at any point neither loses nor double-applies an
//!   event, even if two runners ever overlap;
//! - one runner per projection across every `chancery` process: a session-level advisory lock
//!   on a dedicated connection is the lease; other processes stand by and take over when the
//!   holder's connection ends;
//! - rebuild builds into a fresh schema from position 0 and swaps it in with a rename, while
//!   the old read model keeps serving; a changed schema or handler version triggers it;
//! - lag per projection is a Prometheus gauge and part of [`ProjectionEngine::status`];
//! - [`ProjectionEngine::wait_for`] gives read-your-writes: wait (bounded) until projections
//!   have reached the position a command returned.
//! - the runners of one process read each new event of `$all` from the store once between
//!   them while they keep up with the head, the reactions' runners too
//!   ([`ReactionEngine::reading_with`]).
//!
//! Architecture invariant: handlers only write their own schema's tables (unqualified names;
//! the engine sets `search_path`) and have no other side effects, so a rebuild is safe.

mod engine;
mod error;
pub mod reactions;
mod tail;

pub use engine::{EngineOptions, ProjectionEngine, ProjectionStatus, positions};
pub use error::ProjectionError;
pub use reactions::{Reaction, ReactionEngine, ReactionError, ReactionOptions, ReactionStatus};

use async_trait::async_trait;
use chancery_event_store::RecordedEvent;
use chancery_pg::Migration;

/// The projector's own tables.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        name: "projector/0001_checkpoints",
        sql: include_str!("../migrations/0001_checkpoints.sql"),
    },
    Migration {
        name: "projector/0002_extensions",
        sql: include_str!("../migrations/0002_extensions.sql"),
    },
];

/// A read model built from `$all`.
#[async_trait]
pub trait Projection: Send + Sync + 'static {
    /// Stable name, `[a-z][a-z0-9_]*`: the checkpoint key and the PostgreSQL schema name.
    fn name(&self) -> &'static str;

    /// DDL creating the tables, with unqualified names (run with `search_path` set to the
    /// projection's schema).
    fn schema(&self) -> &'static [Migration];

    /// Bump when the handler's behaviour changes: the read model is then rebuilt.
    fn version(&self) -> u32;

    /// Applies events (in position order) inside `tx`. Must be idempotent per event.
    async fn apply(
        &self,
        tx: &deadpool_postgres::Transaction<'_>,
        events: &[RecordedEvent],
    ) -> Result<(), ProjectionError>;
}
