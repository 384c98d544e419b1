//! Golden fixtures: every stored shape ever shipped still loads.
//!
//! For each file `schemas/fixtures/<type>/v<N>/*.json` the payload must validate against
//! `schemas/events/<type>/v<N>.schema.json`, upcast to the current version, decode into the
//! Rust type, and encode back into a payload valid under the current version's schema.
//! Every catalogued type and version must have a schema and at least one fixture, and every
//! schema must belong to a catalogued type, so a new event cannot ship without them.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chancery_domain::StoredShape;
use chancery_domain::catalogue::{self, EVENT_TYPES};
use serde_json::Value;

fn schemas_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schemas")
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn validator(event_type: &str, version: u32) -> jsonschema::Validator {
    let path = schemas_root().join(format!("events/{event_type}/v{version}.schema.json"));
    let schema = read_json(&path);
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap_or_else(|e| panic!("{}: invalid schema: {e}", path.display()))
}

fn assert_valid(validator: &jsonschema::Validator, instance: &Value, what: &str) {
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{what}: {errors:?}");
}

#[test]
fn every_fixture_loads_into_the_current_types() {
    let upcasters = catalogue::upcasters();
    let mut seen = BTreeSet::new();
    for entry in walk(&schemas_root().join("fixtures")) {
        let fixture = read_json(&entry);
        let shape = StoredShape {
            event_type: fixture["event_type"].as_str().unwrap().to_owned(),
            schema_version: u32::try_from(fixture["schema_version"].as_u64().unwrap()).unwrap(),
            payload: fixture["payload"].clone(),
        };
        let what = entry.display().to_string();
        assert_valid(
            &validator(&shape.event_type, shape.schema_version),
            &shape.payload,
            &what,
        );
        seen.insert((shape.event_type.clone(), shape.schema_version));
        let current = upcasters.current_version(&shape.event_type).unwrap();
        let decoded =
            catalogue::decode(&upcasters, shape.clone()).unwrap_or_else(|e| panic!("{what}: {e}"));
        let encoded = catalogue::encode_any(&decoded).unwrap();
        assert_eq!(encoded.schema_version, current, "{what}");
        assert_valid(
            &validator(&encoded.event_type, current),
            &encoded.payload,
            &format!("{what} re-encoded"),
        );
        if let Some(expected) = fixture.get("expected_current_payload") {
            assert_eq!(&encoded.payload, expected, "{what}");
        } else if shape.schema_version == current {
            assert_eq!(
                encoded.payload, shape.payload,
                "{what}: round trip changed the payload"
            );
        }
    }
    for (event_type, current) in EVENT_TYPES {
        for version in 1..=*current {
            assert!(
                seen.contains(&((*event_type).to_owned(), version)),
                "no golden fixture for {event_type} v{version}"
            );
        }
    }
}

#[test]
fn every_schema_belongs_to_a_catalogued_event_type() {
    let known: BTreeSet<String> = EVENT_TYPES
        .iter()
        .flat_map(|(t, v)| (1..=*v).map(move |n| format!("{t}/v{n}.schema.json")))
        .collect();
    let root = schemas_root().join("events");
    let found: BTreeSet<String> = walk(&root)
        .into_iter()
        .map(|p| p.strip_prefix(&root).unwrap().display().to_string())
        .collect();
    assert_eq!(found, known);
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "json") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}
