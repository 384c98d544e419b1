#!/usr/bin/env bash
# Everything the README's "Test it" promises, in order: the Rust workspace's tests (unit,
# projection, API and end-to-end over HTTP, each binary on its own private PostgreSQL cluster),
# then the web client's check (web/test.sh: npm ci, typecheck, unit tests, production build
# with the first-load size budget, browser specs against `chancery serve --demo`, which uses
# the debug binary the Rust tests built). Exits non-zero as soon as either fails.
set -euo pipefail
cd "$(dirname "$0")/.."

printf '\n== Rust tests\n'
cargo test --workspace --locked

printf '\n== web client (web/test.sh)\n'
bash web/test.sh
