//! Golden fixtures: every stored shape ever shipped still loads.
//!
//! For each file `schemas/fixtures/<type>/v<N>/*.json` the payload must validate against
//! `schemas/events/<type>/v<N>.schema.json`, upcast to the current version, decode into the
//! Rust type, and encode back into a payload valid under the current version's schema.
//! Every catalogued type and version must have a schema and at least one fixture, and every
//! schema must belong to a catalogued type, so a new event cannot ship without them.
//!
//! The schema of each current version is generated from its Rust type: a generated schema
//! committed in `schemas/events/` must still equal what the Rust type generates, so a shape
//! cannot drift without a new version. `CHANCERY_UPDATE_SCHEMAS=1` writes the schemas of
//! versions that have none yet; it never rewrites a shipped one.
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

/// What a generated schema's `$comment` says; hand-written schemas do not say it.
const GENERATED_MARK: &str = "Generated from the Rust type";

#[test]
fn committed_schemas_match_the_rust_types() {
    let update = std::env::var_os("CHANCERY_UPDATE_SCHEMAS").is_some_and(|v| v == "1");
    let mut problems = Vec::new();
    for (event_type, version, generated) in catalogue::current_schemas() {
        let relative = format!("schemas/events/{event_type}/v{version}.schema.json");
        let path = schemas_root().join(format!("events/{event_type}/v{version}.schema.json"));
        if update && !path.exists() {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            let text = serde_json::to_string_pretty(&generated).unwrap() + "\n";
            std::fs::write(&path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        }
        if !path.exists() {
            problems.push(format!(
                "{relative} is missing: run `CHANCERY_UPDATE_SCHEMAS=1 cargo test -p \
                 chancery-domain --test golden` to write it, review it, and commit it with a \
                 golden fixture in schemas/fixtures/{event_type}/v{version}/"
            ));
            continue;
        }
        let committed = read_json(&path);
        let is_generated = committed
            .get("$comment")
            .and_then(Value::as_str)
            .is_some_and(|c| c.contains(GENERATED_MARK));
        if is_generated && committed != generated {
            let mut differences = Vec::new();
            differing_paths(&committed, &generated, String::new(), &mut differences);
            problems.push(format!(
                "{relative} (shipped) no longer matches the Rust type of {event_type}; they differ \
                 at {differences:?}. A shipped schema version is a lasting contract: never edit \
                 it. If the shape change is intended, bump {event_type}'s SCHEMA_VERSION to \
                 {next}, register an upcaster from v{version} to v{next} (`Upcasters::step` in \
                 `catalogue::upcasters()`), add a golden fixture under \
                 schemas/fixtures/{event_type}/v{next}/ (keep the v{version} ones), and run \
                 `CHANCERY_UPDATE_SCHEMAS=1 cargo test -p chancery-domain --test golden` to \
                 write v{next}.schema.json. Otherwise undo the change to the Rust type.",
                next = version + 1
            ));
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n\n"));
}

/// JSON pointers at which `a` and `b` differ (the shallowest differing places).
fn differing_paths(a: &Value, b: &Value, at: String, out: &mut Vec<String>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let keys: BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            for key in keys {
                let here = format!("{at}/{}", key.replace('~', "~0").replace('/', "~1"));
                match (x.get(key), y.get(key)) {
                    (Some(p), Some(q)) => differing_paths(p, q, here, out),
                    (Some(_), None) => out.push(format!("{here} (only in the committed file)")),
                    (None, _) => out.push(format!("{here} (only in the Rust type)")),
                }
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (p, q)) in x.iter().zip(y).enumerate() {
                differing_paths(p, q, format!("{at}/{i}"), out);
            }
        }
        _ if a != b => out.push(if at.is_empty() { "/".to_owned() } else { at }),
        _ => {}
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
