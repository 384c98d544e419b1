//! Event types as a lasting public contract.
//!
//! Every event type has a stable type string (never the Rust type name) and a schema version.
//! Stored events are never rewritten: when a shape changes, the new version gets a JSON Schema
//! in `schemas/events/`, and a one-step upcaster turns raw JSON of version N into version N+1,
//! so events written years ago still load into today's types.

use std::collections::HashMap;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// A typed domain event with its stable identity.
pub trait DomainEvent: Serialize + DeserializeOwned {
    /// Stable type string, `area.past-tense-name`, e.g. `document.registered`.
    const EVENT_TYPE: &'static str;
    /// Current schema version of this type's payload.
    const SCHEMA_VERSION: u32;
}

/// The raw shape of a stored event: its type, the version it was written with, its payload.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredShape {
    pub event_type: String,
    pub schema_version: u32,
    pub payload: Value,
}

/// Errors turning stored JSON into current events.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum EventTypeError {
    #[error("event type {event_type} v{version}: no upcaster to v{}", version + 1)]
    MissingUpcaster { event_type: String, version: u32 },
    #[error("event type {event_type} v{version} is newer than this build knows (v{current})")]
    FromTheFuture {
        event_type: String,
        version: u32,
        current: u32,
    },
    #[error("event type {event_type}: upcaster v{from} -> v{} failed: {reason}", from + 1)]
    UpcastFailed {
        event_type: String,
        from: u32,
        reason: String,
    },
    #[error("event type {event_type} v{version}: payload does not match: {reason}")]
    Shape {
        event_type: String,
        version: u32,
        reason: String,
    },
}

/// A one-step upcaster: payload of version `from` to payload of version `from + 1`.
pub type Upcaster = fn(Value) -> Result<Value, String>;

/// The upcasters of every event type, and each type's current version.
#[derive(Debug, Default, Clone)]
pub struct Upcasters {
    current: HashMap<&'static str, u32>,
    steps: HashMap<(&'static str, u32), Upcaster>,
}

impl Upcasters {
    pub fn new() -> Self {
        Self::default()
    }

    /// Declares the current version of an event type.
    #[must_use]
    pub fn current(mut self, event_type: &'static str, version: u32) -> Self {
        self.current.insert(event_type, version);
        self
    }

    /// Registers the step from `from` to `from + 1`.
    #[must_use]
    pub fn step(mut self, event_type: &'static str, from: u32, upcaster: Upcaster) -> Self {
        self.steps.insert((event_type, from), upcaster);
        self
    }

    /// Current version of `event_type`, if this build knows it.
    pub fn current_version(&self, event_type: &str) -> Option<u32> {
        self.current.get(event_type).copied()
    }

    /// Brings a stored payload to the current version of its type, one step at a time.
    /// Types this build does not know are returned unchanged.
    pub fn upcast(&self, shape: StoredShape) -> Result<StoredShape, EventTypeError> {
        let Some((&key, &current)) = self.current.get_key_value(shape.event_type.as_str()) else {
            return Ok(shape);
        };
        if shape.schema_version > current {
            return Err(EventTypeError::FromTheFuture {
                event_type: shape.event_type,
                version: shape.schema_version,
                current,
            });
        }
        let StoredShape {
            event_type,
            mut schema_version,
            mut payload,
        } = shape;
        while schema_version < current {
            let step = self.steps.get(&(key, schema_version)).ok_or_else(|| {
                EventTypeError::MissingUpcaster {
                    event_type: event_type.clone(),
                    version: schema_version,
                }
            })?;
            payload = step(payload).map_err(|reason| EventTypeError::UpcastFailed {
                event_type: event_type.clone(),
                from: schema_version,
                reason,
            })?;
            schema_version += 1;
        }
        Ok(StoredShape {
            event_type,
            schema_version,
            payload,
        })
    }

    /// Upcasts and deserialises into `E`, checking the type string.
    pub fn decode<E: DomainEvent>(&self, shape: StoredShape) -> Result<E, EventTypeError> {
        if shape.event_type != E::EVENT_TYPE {
            return Err(EventTypeError::Shape {
                event_type: shape.event_type,
                version: shape.schema_version,
                reason: format!("expected type {}", E::EVENT_TYPE),
            });
        }
        let shape = self.upcast(shape)?;
        serde_json::from_value(shape.payload).map_err(|e| EventTypeError::Shape {
            event_type: shape.event_type,
            version: shape.schema_version,
            reason: e.to_string(),
        })
    }
}

/// Serialises a typed event into the raw shape stored in the event store.
pub fn encode<E: DomainEvent>(event: &E) -> Result<StoredShape, serde_json::Error> {
    Ok(StoredShape {
        event_type: E::EVENT_TYPE.to_owned(),
        schema_version: E::SCHEMA_VERSION,
        payload: serde_json::to_value(event)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use serde_json::json;

    /// A made-up type whose shape changed twice: v1 had `name`, v2 split it into
    /// `given`/`family`, v3 added `language` with a default.
    #[derive(Debug, Serialize, Deserialize, PartialEq)]
    struct Greeted {
        given: String,
        family: String,
        language: String,
    }
    impl DomainEvent for Greeted {
        const EVENT_TYPE: &'static str = "test.greeted";
        const SCHEMA_VERSION: u32 = 3;
    }

    fn v1_to_v2(mut p: Value) -> Result<Value, String> {
        let name = p
            .get("name")
            .and_then(Value::as_str)
            .ok_or("missing name")?
            .to_owned();
        let (family, given) = name.split_once(' ').unwrap_or((&name, ""));
        let obj = p.as_object_mut().ok_or("not an object")?;
        obj.remove("name");
        obj.insert("family".into(), json!(family));
        obj.insert("given".into(), json!(given));
        Ok(p)
    }

    fn v2_to_v3(mut p: Value) -> Result<Value, String> {
        p.as_object_mut()
            .ok_or("not an object")?
            .insert("language".into(), json!("vi"));
        Ok(p)
    }

    fn upcasters() -> Upcasters {
        Upcasters::new()
            .current(Greeted::EVENT_TYPE, 3)
            .step(Greeted::EVENT_TYPE, 1, v1_to_v2)
            .step(Greeted::EVENT_TYPE, 2, v2_to_v3)
    }

    #[test]
    fn a_v1_payload_is_upcast_step_by_step_to_the_current_type() {
        let stored = StoredShape {
            event_type: "test.greeted".into(),
            schema_version: 1,
            payload: json!({"name": "Nguyễn Văn An"}),
        };
        let event: Greeted = upcasters().decode(stored).unwrap();
        assert_eq!(
            event,
            Greeted {
                given: "Văn An".into(),
                family: "Nguyễn".into(),
                language: "vi".into()
            }
        );
    }

    #[test]
    fn a_current_payload_passes_unchanged() {
        let event = Greeted {
            given: "An".into(),
            family: "Lê".into(),
            language: "lo".into(),
        };
        let shape = encode(&event).unwrap();
        assert_eq!(shape.schema_version, 3);
        assert_eq!(upcasters().decode::<Greeted>(shape).unwrap(), event);
    }

    #[test]
    fn a_missing_step_and_a_future_version_are_refused() {
        let gap = Upcasters::new()
            .current("test.greeted", 3)
            .step("test.greeted", 2, v2_to_v3);
        let stored = StoredShape {
            event_type: "test.greeted".into(),
            schema_version: 1,
            payload: json!({"name": "A B"}),
        };
        assert_eq!(
            gap.upcast(stored.clone()).unwrap_err(),
            EventTypeError::MissingUpcaster {
                event_type: "test.greeted".into(),
                version: 1
            }
        );
        let future = StoredShape {
            schema_version: 4,
            ..stored
        };
        assert!(matches!(
            upcasters().upcast(future),
            Err(EventTypeError::FromTheFuture {
                version: 4,
                current: 3,
                ..
            })
        ));
    }

    #[test]
    fn a_failing_step_names_the_type_and_version() {
        let stored = StoredShape {
            event_type: "test.greeted".into(),
            schema_version: 1,
            payload: json!({"nom": "x"}),
        };
        let err = upcasters().upcast(stored).unwrap_err();
        assert!(err.to_string().contains("v1 -> v2"), "{err}");
    }
}
