//! The per-stream SHA-256 hash chain.
//!
//! `content = SHA-256("chancery-event-v1" ‖ len‖event id ‖ len‖stream id ‖ len‖type ‖
//! version ‖ len‖canonical payload ‖ len‖canonical metadata)`, each variable field prefixed by
//! its length as a big-endian u64, and
//! `hash(n) = SHA-256(hash(n-1) ‖ revision n as big-endian u64 ‖ content(n))`, with 32 zero
//! bytes before the first event. Changing, removing or reordering any stored event (other than
//! cutting the tail of a stream) breaks the chain from that event on.
//!
//! Canonical JSON: object keys sorted by their UTF-8 bytes, no whitespace, strings escaped as
//! `serde_json` does, numbers as `serde_json` prints them. The store keeps payloads as the JSON
//! text `serde_json` wrote, and reading it back yields the same value, so the hash recomputed
//! from a stored event matches.

use serde_json::Value;
use sha2::{Digest, Sha256};

pub const ZERO_HASH: [u8; 32] = [0; 32];

/// Canonical JSON bytes of `value`.
pub fn canonical_json(value: &Value) -> Vec<u8> {
    let mut out = Vec::with_capacity(128);
    write_canonical(value, &mut out);
    out
}

fn write_canonical(value: &Value, out: &mut Vec<u8>) {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
            out.push(b'{');
            for (i, (key, item)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_string(key, out);
                out.push(b':');
                write_canonical(item, out);
            }
            out.push(b'}');
        }
        Value::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_canonical(item, out);
            }
            out.push(b']');
        }
        Value::String(s) => write_string(s, out),
        Value::Number(n) => out.extend_from_slice(n.to_string().as_bytes()),
        Value::Bool(true) => out.extend_from_slice(b"true"),
        Value::Bool(false) => out.extend_from_slice(b"false"),
        Value::Null => out.extend_from_slice(b"null"),
    }
}

fn write_string(s: &str, out: &mut Vec<u8>) {
    // Serialising a str cannot fail.
    if let Ok(text) = serde_json::to_string(s) {
        out.extend_from_slice(text.as_bytes());
    }
}

fn field(hasher: &mut Sha256, bytes: &[u8]) {
    hasher.update((bytes.len() as u64).to_be_bytes());
    hasher.update(bytes);
}

/// Hash of an event's content (everything but its place in the stream).
pub fn content_hash(
    event_id: &uuid::Uuid,
    stream_id: &str,
    event_type: &str,
    schema_version: u32,
    payload: &Value,
    metadata: &Value,
) -> [u8; 32] {
    let mut hasher = Sha256::new();
    hasher.update(b"chancery-event-v1");
    field(&mut hasher, event_id.as_bytes());
    field(&mut hasher, stream_id.as_bytes());
    field(&mut hasher, event_type.as_bytes());
    hasher.update(schema_version.to_be_bytes());
    field(&mut hasher, &canonical_json(payload));
    field(&mut hasher, &canonical_json(metadata));
    hasher.finalize().into()
}

/// One link of the chain.
pub fn chain(previous: &[u8; 32], revision: u64, content: &[u8; 32]) -> [u8; 32] {
    Sha256::new()
        .chain_update(previous)
        .chain_update(revision.to_be_bytes())
        .chain_update(content)
        .finalize()
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn canonical_json_sorts_keys_and_drops_whitespace() {
        let v: Value =
            serde_json::from_str(r#"{ "b": [1, {"z": 1, "a": "đ"}], "a": null }"#).unwrap();
        assert_eq!(
            String::from_utf8(canonical_json(&v)).unwrap(),
            r#"{"a":null,"b":[1,{"a":"đ","z":1}]}"#
        );
    }

    #[test]
    fn every_field_changes_the_content_hash() {
        let id = uuid::Uuid::now_v7();
        let base = content_hash(&id, "s-1", "t.x", 1, &json!({"a": 1}), &json!({}));
        assert_ne!(
            base,
            content_hash(
                &uuid::Uuid::now_v7(),
                "s-1",
                "t.x",
                1,
                &json!({"a": 1}),
                &json!({})
            )
        );
        assert_ne!(
            base,
            content_hash(&id, "s-2", "t.x", 1, &json!({"a": 1}), &json!({}))
        );
        assert_ne!(
            base,
            content_hash(&id, "s-1", "t.y", 1, &json!({"a": 1}), &json!({}))
        );
        assert_ne!(
            base,
            content_hash(&id, "s-1", "t.x", 2, &json!({"a": 1}), &json!({}))
        );
        assert_ne!(
            base,
            content_hash(&id, "s-1", "t.x", 1, &json!({"a": 2}), &json!({}))
        );
        assert_ne!(
            base,
            content_hash(&id, "s-1", "t.x", 1, &json!({"a": 1}), &json!({"m": 1}))
        );
        // Field boundaries are unambiguous.
        assert_ne!(
            content_hash(&id, "s-1t", ".x", 1, &json!({}), &json!({})),
            content_hash(&id, "s-1", "t.x", 1, &json!({}), &json!({}))
        );
        assert_ne!(chain(&ZERO_HASH, 0, &base), chain(&ZERO_HASH, 1, &base));
    }
}
