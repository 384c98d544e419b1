//! The pure domain of Chancery: identifiers, the catalogue of event types with their schema
//! versions and upcasters, and (as later issues add them) the deciders of each process.
//!
//! Architecture invariant: nothing in this crate does I/O, reads a clock, generates random
//! values or is `async`. Time, identifiers and the acting person arrive with the command.

pub mod catalogue;
pub mod events;
pub mod ids;
pub mod system;

pub use events::{DomainEvent, EventTypeError, StoredShape, Upcaster, Upcasters};
