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
