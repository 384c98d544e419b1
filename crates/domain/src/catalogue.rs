//! The catalogue of every event type this build knows: current versions, upcasters, the
//! typed decoding used by golden-fixture tests, and one-line summaries for the audit log.

use serde_json::Value;

use crate::events::{DomainEvent, EventTypeError, StoredShape, Upcasters, encode};
use crate::system::InstallationInitialised;

/// Every event type and its current schema version.
pub const EVENT_TYPES: &[(&str, u32)] = &[(
    InstallationInitialised::EVENT_TYPE,
    InstallationInitialised::SCHEMA_VERSION,
)];

/// The upcasters of every shipped event type.
pub fn upcasters() -> Upcasters {
    EVENT_TYPES
        .iter()
        .fold(Upcasters::new(), |u, (t, v)| u.current(t, *v))
}

/// Any known event, typed.
#[derive(Debug, Clone, PartialEq)]
pub enum AnyEvent {
    InstallationInitialised(InstallationInitialised),
}

/// Decodes a stored event of any known type (upcasting it first).
pub fn decode(upcasters: &Upcasters, shape: StoredShape) -> Result<AnyEvent, EventTypeError> {
    match shape.event_type.as_str() {
        InstallationInitialised::EVENT_TYPE => upcasters
            .decode(shape)
            .map(AnyEvent::InstallationInitialised),
        _ => Err(EventTypeError::Shape {
            event_type: shape.event_type,
            version: shape.schema_version,
            reason: "unknown event type".to_owned(),
        }),
    }
}

/// Encodes a typed event back into its current stored shape.
pub fn encode_any(event: &AnyEvent) -> Result<StoredShape, serde_json::Error> {
    match event {
        AnyEvent::InstallationInitialised(e) => encode(e),
    }
}

/// A short, language-neutral summary of an event for the audit log. Screens render their
/// own localised text from the type and payload; this one is for auditors' exports and logs.
pub fn summarize(event_type: &str, payload: &Value) -> String {
    let text = |key: &str| payload.get(key).and_then(Value::as_str).unwrap_or("?");
    match event_type {
        InstallationInitialised::EVENT_TYPE => format!(
            "Installation {} initialised by chancery {} on {}",
            text("installation_id"),
            text("chancery_version"),
            text("event_store")
        ),
        other => other.to_owned(),
    }
}
