//! Register numbering: each register has, per year, its own stream of numbers
//! ([`stream`]), appended with the expected revision, so numbers are gap-free and never
//! duplicated however many clerks on however many servers register at once: the number is
//! the stream's length, and an append that lost the race is retried with the next one.
//! Numbering restarts at 1 every 1 January (a new year, a new stream).
//!
//! Each number's event carries the register-book columns of Decree 30 Appendix IV known at
//! registration, so the book is complete even before the document's own events arrive.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::document::DocumentId;
use crate::events::DomainEvent;
use crate::ids::{RegisterId, UnitId, UserId};
use crate::reference::{Confidentiality, Urgency};

/// The stream of a register's numbers in one year.
pub fn stream(register: RegisterId, year: i32) -> String {
    format!("register-{register}-{year}")
}

/// The number a stream revision stands for: revision 0 is number 1.
pub fn number_at(revision: u64) -> u64 {
    revision + 1
}

/// The arrival time a register book records for the next number: the time the clerk
/// registered (`requested`), but never before the previous number's (`previous`), so the
/// book's rows are in arrival order whatever order concurrent requests took their numbers
/// in.
pub fn arrival_after(requested: DateTime<Utc>, previous: Option<DateTime<Utc>>) -> DateTime<Utc> {
    previous.map_or(requested, |p| p.max(requested))
}

/// The register-book columns known when the number is taken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BookEntry {
    pub arrived_at: DateTime<Utc>,
    pub issuing_body: String,
    pub number_notation: String,
    pub document_date: NaiveDate,
    pub document_type: String,
    pub summary: String,
    pub urgency: Urgency,
    pub confidentiality: Confidentiality,
}

/// A number of a register was given to a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NumberTaken {
    pub register_id: RegisterId,
    pub year: i32,
    pub number: u64,
    pub document_id: DocumentId,
    pub unit_id: UnitId,
    pub clerk: UserId,
    pub entry: BookEntry,
}

impl DomainEvent for NumberTaken {
    const EVENT_TYPE: &'static str = "register.number-taken";
    const SCHEMA_VERSION: u32 = 1;
}

/// The outgoing register-book columns of Decree 30 Appendix IV known when the number is
/// taken (the recipients and the date sent come with the issuance).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OutgoingBookEntry {
    pub number_notation: String,
    pub issue_date: NaiveDate,
    pub document_type: String,
    pub summary: String,
    pub signer_name: String,
    /// The drafting unit (it keeps the file copy).
    pub drafting_unit_id: UnitId,
    pub urgency: Urgency,
    pub confidentiality: Confidentiality,
}

/// A number of an outgoing register was given to an outgoing document. It sits in the same
/// stream as arrival numbers would (one series per register and year).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OutgoingNumberTaken {
    pub register_id: RegisterId,
    pub year: i32,
    pub number: u64,
    pub document_id: DocumentId,
    pub unit_id: UnitId,
    pub clerk: UserId,
    pub entry: OutgoingBookEntry,
}

impl DomainEvent for OutgoingNumberTaken {
    const EVENT_TYPE: &'static str = "register.outgoing-number-taken";
    const SCHEMA_VERSION: u32 = 1;
}
