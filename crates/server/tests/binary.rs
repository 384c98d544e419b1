//! The binary answers `--help` and lists its subcommands. (Also makes `cargo test` build the
//! `chancery` binary that the end-to-end tests in `tests/` run.)
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

use std::process::Command;

#[test]
fn help_lists_the_subcommands() {
    let out = Command::new(env!("CARGO_BIN_EXE_chancery"))
        .arg("--help")
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for command in ["serve", "migrate", "projections", "events", "bench"] {
        assert!(text.contains(command), "{command} missing from:\n{text}");
    }
}
