//! The committed SDL is the schema: clients generate their types from it. Run with
//! `CHANCERY_UPDATE_SDL=1` to rewrite it after changing the schema on purpose.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

use std::path::Path;

#[test]
fn the_committed_sdl_is_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schemas/graphql/schema.graphql");
    let current = chancery_api::sdl();
    if std::env::var_os("CHANCERY_UPDATE_SDL").is_some() {
        std::fs::write(&path, &current).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == current,
        "schemas/graphql/schema.graphql is stale: run `CHANCERY_UPDATE_SDL=1 cargo test -p chancery-api --test sdl` and commit it"
    );
}

/// Every list a query returns is a Relay cursor connection (`first`/`after`, `edges`,
/// `pageInfo`), except the fixed enumerations and computed answers named here. A new
/// query returning a bare list fails this test.
#[test]
fn every_list_query_is_a_cursor_connection() {
    use async_graphql::parser::types::{BaseType, TypeKind, TypeSystemDefinition};
    const PLAIN_LISTS: &[&str] = &[
        // The four levels of Decree 30: a fixed enumeration, not a growing list.
        "urgencies",
        "confidentialities",
        // What the caller may do now: a computed answer of a few actions.
        "availableActions",
        // The processes the caller may start a draft of: a few, from the definitions.
        "draftProcesses",
        // The process definitions: a handful, each with its few versions, read whole by the
        // administrators' screen.
        "processes",
    ];
    let document = async_graphql::parser::parse_schema(chancery_api::sdl()).unwrap();
    let query = document
        .definitions
        .iter()
        .find_map(|d| match d {
            TypeSystemDefinition::Type(t) if t.node.name.node == "Query" => match &t.node.kind {
                TypeKind::Object(o) => Some(o.fields.clone()),
                _ => None,
            },
            _ => None,
        })
        .expect("a Query type");
    let mut bare = Vec::new();
    for field in &query {
        let field = &field.node;
        let name = field.name.node.as_str();
        if let BaseType::List(_) = field.ty.node.base {
            if !PLAIN_LISTS.contains(&name) {
                bare.push(name.to_owned());
            }
            continue;
        }
        if let BaseType::Named(type_name) = &field.ty.node.base
            && type_name.ends_with("Connection")
        {
            let args: Vec<&str> = field
                .arguments
                .iter()
                .map(|a| a.node.name.node.as_str())
                .collect();
            assert!(
                args.contains(&"first") && args.contains(&"after"),
                "{name} returns a connection without `first` and `after`"
            );
        }
    }
    assert!(bare.is_empty(), "queries returning bare lists: {bare:?}");
}
