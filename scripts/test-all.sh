#!/usr/bin/env bash
# Everything the README's "Test it" promises, in order: the Rust workspace's tests (unit,
# projection, API and end-to-end over HTTP, each binary on its own private PostgreSQL cluster),
# then the web client's check (web/test.sh: npm ci, typecheck, unit tests, production build
# with the first-load size budget, browser specs against `chancery serve --demo`, which uses
# the debug binary the Rust tests built). Exits non-zero as soon as either fails.
set -euo pipefail
cd "$(dirname "$0")/.."

# What the tests need that a fresh machine lacks, installed here (not only in .ci/run), so a
# newcomer's `bash scripts/test-all.sh` works on its own: PostgreSQL's server binaries (every
# test binary starts its own private cluster) and the independent PDF-signature verifiers
# (poppler's pdfsig, pyHanko) that the signing and P4 tests run, and LibreOffice (headless, with
# fonts for Vietnamese) that converts a draft's .docx to PDF. web/test.sh installs Chromium.
SUDO=""
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null; then SUDO="sudo"; fi
if ! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    printf '\n== PostgreSQL server binaries\n'
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql
fi
printf '\n== PDF-signature verifiers (pdfsig, pyHanko)\n'
bash crates/signing/install-verifiers.sh
# LibreOffice (headless) and fonts for Vietnamese: the .docx conversion tests run the real one.
bash scripts/install-libreoffice.sh

printf '\n== Rust tests\n'
cargo test --workspace --locked

printf '\n== web client (web/test.sh)\n'
bash web/test.sh
