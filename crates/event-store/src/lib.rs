//! The event store: the port every part of Chancery appends to and reads from, and its
//! adapters — PostgreSQL (the default), in-memory (fast domain tests) and KurrentDB (behind the
//! `kurrentdb` feature, for large deployments).
//!
//! Every event carries an [`envelope`]: a deterministic id derived from the command, its stream
//! and revision, a global position, a stable type string and schema version, JSON payload and
//! metadata, and a per-stream SHA-256 hash chain ([`hash`]) that [`verify`] checks.
//!
//! Architecture invariant: only this crate knows the `events` table and KurrentDB.

pub mod chain;
pub mod envelope;
pub mod hash;
pub mod memory;
pub mod port;
pub mod postgres;
pub mod subscription;
pub mod verify;

#[cfg(feature = "kurrentdb")]
pub mod kurrent;

pub use envelope::{
    Actor, AppendOutcome, EventMetadata, ExpectedRevision, GlobalPosition, NewEvent, OnBehalfOf,
    RecordedEvent, StreamId, derive_event_id, derive_keyed_command_id,
};
pub use port::{EventStore, ReadDirection, ReadFrom, StoreError};
pub use subscription::Subscription;
