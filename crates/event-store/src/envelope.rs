//! The envelope every event carries, on the way in ([`NewEvent`]) and out ([`RecordedEvent`]).

use chrono::{DateTime, SubsecRound as _, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::port::StoreError;

/// Longest stream id accepted.
pub const MAX_STREAM_ID_LEN: usize = 200;
/// Longest event type string accepted.
pub const MAX_EVENT_TYPE_LEN: usize = 100;
/// Largest payload accepted, in bytes of JSON (attachments never travel inside events).
pub const MAX_PAYLOAD_BYTES: usize = 256 * 1024;
/// Most events one append may carry.
pub const MAX_EVENTS_PER_APPEND: usize = 10_000;

/// A stream id such as `document-0193…`: `<category>-<id>`. Ids starting with `$` are reserved.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct StreamId(String);

impl StreamId {
    pub fn new(value: impl Into<String>) -> Result<Self, StoreError> {
        let value = value.into();
        if value.is_empty() || value.len() > MAX_STREAM_ID_LEN {
            return Err(StoreError::Invalid(format!(
                "stream id must be 1..={MAX_STREAM_ID_LEN} bytes"
            )));
        }
        if value.starts_with('$') {
            return Err(StoreError::Invalid(format!(
                "stream id {value:?}: ids starting with '$' are reserved"
            )));
        }
        if value.chars().any(|c| c.is_control() || c.is_whitespace()) {
            return Err(StoreError::Invalid(format!(
                "stream id {value:?} contains whitespace or control characters"
            )));
        }
        Ok(Self(value))
    }

    /// `<category>-<id>` for an entity id.
    pub fn for_entity(category: &str, id: Uuid) -> Result<Self, StoreError> {
        Self::new(format!("{category}-{id}"))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The part before the first `-`.
    pub fn category(&self) -> &str {
        self.0.split_once('-').map_or(&self.0, |(c, _)| c)
    }
}

impl TryFrom<String> for StreamId {
    type Error = StoreError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::new(value)
    }
}

impl From<StreamId> for String {
    fn from(value: StreamId) -> Self {
        value.0
    }
}

impl std::fmt::Display for StreamId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Position in `$all`. Strictly increasing in the order subscribers receive events; `0` is
/// "before the first event". Not dense: rolled-back appends leave gaps.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct GlobalPosition(pub u64);

impl GlobalPosition {
    pub const START: Self = Self(0);
}

impl std::fmt::Display for GlobalPosition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// What the writer believes about the stream it appends to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExpectedRevision {
    /// No check (the store still serialises appends to one stream).
    Any,
    /// The stream must not exist yet.
    NoStream,
    /// The stream must exist, at any revision.
    StreamExists,
    /// The stream's last event must have exactly this revision (revisions start at 0).
    Exact(u64),
}

/// The person acting, in the position and unit they act in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub user_id: Uuid,
    pub position_id: Option<Uuid>,
    pub unit_id: Option<Uuid>,
}

/// Delegated authority: the actor acts for this person and position, under this signing
/// authority (Decree 30: `KT.`, `TL.`, `TUQ.`, `TM.`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OnBehalfOf {
    pub user_id: Uuid,
    pub position_id: Option<Uuid>,
    pub authority: String,
}

/// Fixed metadata on every event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventMetadata {
    /// `None` only for events the system records on its own (installation, schedulers).
    pub actor: Option<Actor>,
    pub on_behalf_of: Option<OnBehalfOf>,
    pub correlation_id: Uuid,
    pub causation_id: Option<Uuid>,
    pub command_id: Uuid,
    /// When the command was decided; microsecond precision (what PostgreSQL keeps).
    #[serde(with = "micros")]
    pub recorded_at: DateTime<Utc>,
}

impl EventMetadata {
    /// Metadata for a command with no parent: correlation id = command id.
    pub fn for_command(command_id: Uuid, actor: Option<Actor>, now: DateTime<Utc>) -> Self {
        Self {
            actor,
            on_behalf_of: None,
            correlation_id: command_id,
            causation_id: None,
            command_id,
            recorded_at: now.trunc_subsecs(6),
        }
    }
}

mod micros {
    use chrono::{DateTime, SecondsFormat, SubsecRound as _, Utc};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(
            &t.trunc_subsecs(6)
                .to_rfc3339_opts(SecondsFormat::Micros, true),
        )
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
        let s = String::deserialize(d)?;
        DateTime::parse_from_rfc3339(&s)
            .map(|t| t.with_timezone(&Utc))
            .map_err(serde::de::Error::custom)
    }
}

/// An event to append.
#[derive(Debug, Clone, PartialEq)]
pub struct NewEvent {
    pub event_id: Uuid,
    pub event_type: String,
    pub schema_version: u32,
    pub payload: Value,
    pub metadata: EventMetadata,
}

impl NewEvent {
    /// The `index`-th event decided by the command in `metadata`; its id is derived from the
    /// command id so that retrying the command appends nothing new.
    pub fn new(
        index: u32,
        event_type: impl Into<String>,
        schema_version: u32,
        payload: Value,
        metadata: EventMetadata,
    ) -> Self {
        Self {
            event_id: derive_event_id(metadata.command_id, index),
            event_type: event_type.into(),
            schema_version,
            payload,
            metadata,
        }
    }

    /// The metadata as it will be stored (and hashed), and the event's content hash in
    /// `stream` (see [`crate::hash`]). Every adapter stores exactly these.
    pub fn stored_form(&self, stream: &StreamId) -> Result<(Value, [u8; 32]), StoreError> {
        let raw_metadata =
            serde_json::to_value(&self.metadata).map_err(|e| StoreError::Invalid(e.to_string()))?;
        let content = crate::hash::content_hash(
            &self.event_id,
            stream.as_str(),
            &self.event_type,
            self.schema_version,
            &self.payload,
            &raw_metadata,
        );
        Ok((raw_metadata, content))
    }

    /// Checks limits a hostile or careless caller could break.
    pub fn validate(&self) -> Result<(), StoreError> {
        let t = &self.event_type;
        if t.is_empty()
            || t.len() > MAX_EVENT_TYPE_LEN
            || !t
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-')
        {
            return Err(StoreError::Invalid(format!(
                "event type {t:?} must be 1..={MAX_EVENT_TYPE_LEN} of [a-z0-9.-]"
            )));
        }
        if self.schema_version == 0 || self.schema_version > i32::MAX as u32 {
            return Err(StoreError::Invalid(format!(
                "event {t}: schema version {} out of range",
                self.schema_version
            )));
        }
        if !self.payload.is_object() {
            return Err(StoreError::Invalid(format!(
                "event {t}: payload must be a JSON object"
            )));
        }
        let size = crate::hash::canonical_json(&self.payload).len();
        if size > MAX_PAYLOAD_BYTES {
            return Err(StoreError::Invalid(format!(
                "event {t}: payload of {size} bytes exceeds {MAX_PAYLOAD_BYTES}"
            )));
        }
        if contains_nul(&self.payload) {
            return Err(StoreError::Invalid(format!(
                "event {t}: payload contains a NUL character"
            )));
        }
        Ok(())
    }
}

fn contains_nul(value: &Value) -> bool {
    match value {
        Value::String(s) => s.contains('\0'),
        Value::Array(items) => items.iter().any(contains_nul),
        Value::Object(map) => map.iter().any(|(k, v)| k.contains('\0') || contains_nul(v)),
        _ => false,
    }
}

/// An event as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordedEvent {
    pub event_id: Uuid,
    pub stream_id: StreamId,
    /// 0 for the first event of the stream.
    pub stream_revision: u64,
    pub global_position: GlobalPosition,
    pub event_type: String,
    pub schema_version: u32,
    pub payload: Value,
    /// The metadata exactly as stored (hashed in this form); see [`Self::metadata`].
    pub raw_metadata: Value,
    /// `SHA-256(previous hash ‖ revision ‖ content hash)`; see [`crate::hash`].
    pub hash: [u8; 32],
}

impl RecordedEvent {
    /// The typed metadata.
    pub fn metadata(&self) -> Result<EventMetadata, serde_json::Error> {
        EventMetadata::deserialize(&self.raw_metadata)
    }
}

/// What an append did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AppendOutcome {
    /// Revision of the last event appended (or found, for a replayed command).
    pub stream_revision: u64,
    pub first_position: GlobalPosition,
    /// Global position of the last event: give it to queries that must see this write.
    pub last_position: GlobalPosition,
    /// `true` when the events were already in the store (a retried command): nothing new.
    pub already_appended: bool,
}

/// A UUIDv7 derived from a command id and the event's index within the command.
///
/// The timestamp is the command id's own when the command id is a v7 (ids Chancery
/// generates are), so event ids sort by time; the remaining bits come from
/// `SHA-256(command id ‖ index)`. The same command always yields the same event ids.
pub fn derive_event_id(command_id: Uuid, index: u32) -> Uuid {
    let digest = Sha256::new()
        .chain_update(b"chancery-event-id")
        .chain_update(command_id.as_bytes())
        .chain_update(index.to_be_bytes())
        .finalize();
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    if command_id.get_version_num() == 7 {
        bytes[..6].copy_from_slice(&command_id.as_bytes()[..6]);
    }
    bytes[6] = (bytes[6] & 0x0f) | 0x70; // version 7
    bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
    Uuid::from_bytes(bytes)
}

/// The command id of a client's idempotency `key`, for one `person`: a UUIDv7 whose random
/// bits come from `SHA-256("chancery-idempotency" ‖ person ‖ key)` (the key's timestamp is
/// kept when it is a v7). The pair is hashed, never mixed reversibly: knowing someone's key
/// gives no key of one's own that collides with it, so nobody can replay or block another's
/// command.
pub fn derive_keyed_command_id(person: Uuid, key: Uuid) -> Uuid {
    let digest = Sha256::new()
        .chain_update(b"chancery-idempotency")
        .chain_update(person.as_bytes())
        .chain_update(key.as_bytes())
        .finalize();
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    if key.get_version_num() == 7 {
        bytes[..6].copy_from_slice(&key.as_bytes()[..6]);
    }
    bytes[6] = (bytes[6] & 0x0f) | 0x70; // version 7
    bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
    Uuid::from_bytes(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keyed_command_ids_hash_the_pair_so_no_key_collides_with_anothers() {
        let (a, b) = (Uuid::now_v7(), Uuid::now_v7());
        let key = Uuid::now_v7();
        let id = derive_keyed_command_id(a, key);
        assert_eq!(id, derive_keyed_command_id(a, key));
        assert_ne!(id, derive_keyed_command_id(b, key));
        // The XOR mix this replaces: B's key = A's key ^ A ^ B gave A's command id.
        let forged = Uuid::from_u128(key.as_u128() ^ a.as_u128() ^ b.as_u128());
        assert_ne!(id, derive_keyed_command_id(b, forged));
        assert_eq!(id.get_version_num(), 7);
        assert_eq!(id.as_bytes()[..6], key.as_bytes()[..6]);
    }

    #[test]
    fn event_ids_are_deterministic_v7_and_distinct_per_index() {
        let command = Uuid::now_v7();
        let a = derive_event_id(command, 0);
        assert_eq!(a, derive_event_id(command, 0));
        assert_ne!(a, derive_event_id(command, 1));
        assert_ne!(a, derive_event_id(Uuid::now_v7(), 0));
        assert_eq!(a.get_version_num(), 7);
        assert_eq!(a.get_variant(), uuid::Variant::RFC4122);
        assert_eq!(
            a.as_bytes()[..6],
            command.as_bytes()[..6],
            "keeps the command's time"
        );
        assert_eq!(derive_event_id(Uuid::new_v4(), 3).get_version_num(), 7);
    }

    #[test]
    fn stream_ids_refuse_reserved_and_oversized_values() {
        assert!(StreamId::new("document-1").is_ok());
        assert_eq!(StreamId::new("document-1").unwrap().category(), "document");
        assert!(StreamId::new("$all").is_err());
        assert!(StreamId::new("").is_err());
        assert!(StreamId::new("a b").is_err());
        assert!(StreamId::new("x".repeat(MAX_STREAM_ID_LEN + 1)).is_err());
    }

    #[test]
    fn metadata_round_trips_with_microseconds() {
        let t = DateTime::parse_from_rfc3339("2026-11-22T08:30:00.123456789Z")
            .unwrap()
            .with_timezone(&Utc);
        let m = EventMetadata::for_command(Uuid::now_v7(), None, t);
        let json = serde_json::to_value(&m).unwrap();
        assert_eq!(json["recorded_at"], "2026-11-22T08:30:00.123456Z");
        let back: EventMetadata = serde_json::from_value(json).unwrap();
        assert_eq!(back, m);
    }

    #[test]
    fn validation_refuses_what_a_careless_caller_sends() {
        let m = EventMetadata::for_command(Uuid::now_v7(), None, Utc::now());
        let ok = NewEvent::new(0, "document.registered", 1, serde_json::json!({"a": 1}), m);
        assert!(ok.validate().is_ok());
        let bad_type = NewEvent {
            event_type: "Document Registered".into(),
            ..ok.clone()
        };
        assert!(bad_type.validate().is_err());
        let not_object = NewEvent {
            payload: serde_json::json!([1]),
            ..ok.clone()
        };
        assert!(not_object.validate().is_err());
        let nul = NewEvent {
            payload: serde_json::json!({"a": "x\u{0}y"}),
            ..ok.clone()
        };
        assert!(nul.validate().is_err());
        let huge = NewEvent {
            payload: serde_json::json!({"a": "x".repeat(MAX_PAYLOAD_BYTES)}),
            ..ok.clone()
        };
        assert!(huge.validate().is_err());
        let zero = NewEvent {
            schema_version: 0,
            ..ok
        };
        assert!(zero.validate().is_err());
    }
}
