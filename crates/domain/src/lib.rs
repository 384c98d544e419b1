//! The pure domain of Chancery: identifiers, the catalogue of event types with their schema
//! versions and upcasters, and (as later issues add them) the deciders of each process.
//!
//! Architecture invariant: nothing in this crate does I/O, reads a clock, generates random
//! values or is `async`. Time, identifiers and the acting person arrive with the command.

pub mod abbreviations;
pub mod access;
pub mod book;
pub mod calendar;
pub mod cancellation;
pub mod catalogue;
pub mod catalogues;
pub mod confirmation;
pub mod corrections;
pub mod document;
pub mod error;
pub mod events;
pub mod handling;
pub mod identity;
pub mod ids;
pub mod issuing;
pub mod organisation;
pub mod outgoing;
pub mod processes;
pub mod reason;
pub mod reference;
pub mod register;
pub mod routing;
pub mod signing;
pub mod system;
pub mod text;
pub mod value;
pub mod workflow;

pub use error::{DomainError, DomainResult, ErrorKind};
pub use events::{DomainEvent, EventTypeError, StoredShape, Upcaster, Upcasters};
