#!/usr/bin/env bash
# The web client's whole check: dependencies, types, unit tests, production build (with the
# first-load size), then the browser end-to-end specs against a real `chancery serve --demo`
# on a private database and port. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")"
WEB="$PWD"
ROOT="$(cd .. && pwd)"

# Debian's Chromium drives the browser specs (playwright cannot download browsers here), with
# fonts for Vietnamese and Lao. Installed only when missing; as root, or through sudo.
if [ ! -x /usr/bin/chromium ]; then
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-core
fi
# openssl makes the PKCS#12 key the signing-key administration spec uploads.
if ! command -v openssl >/dev/null; then
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openssl
fi

# Exactly the committed lock file (package.json pins rollup through "overrides" to a version
# whose every platform binary the registry serves, so the lock file is complete).
npm ci --no-audit --no-fund
npm run gen
npm run typecheck
npx vitest run
npm run build

# The debug binary: the Rust tests (scripts/test-all.sh runs them first) have built it already.
CHANCERY_BIN="${CARGO_TARGET_DIR:-$ROOT/target}/debug/chancery"
if [ ! -x "$CHANCERY_BIN" ]; then
  (cd "$ROOT" && cargo build --locked -p chancery)
fi

DATA="$(mktemp -d /tmp/chancery-web-e2e-XXXXXX)"
chmod 755 "$DATA"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID"
    for _ in $(seq 1 60); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.5; done
  fi
  rm -rf "$DATA"
}
trap cleanup EXIT

# No DATABASE_URL: the server starts its own PostgreSQL cluster in the private data folder.
# Started as this script's own background job (env changes folder and replaces itself with
# the server), so SERVER_PID is the server's and the cleanup stops it (a subshell's PID
# would be stopped alone, leaving the server running after the script).
env -C "$DATA" -u DATABASE_URL \
  CHANCERY__HTTP__ADDR="127.0.0.1:$PORT" \
  CHANCERY__HTTP__WEB_DIR="$WEB/dist" \
  CHANCERY__DATABASE__DATA_DIR="$DATA/pgdata" \
  CHANCERY__FILES__DIR="$DATA/files" \
  RUST_LOG=warn \
  "$CHANCERY_BIN" serve --demo >"$DATA/server.log" 2>&1 &
SERVER_PID=$!

for i in $(seq 1 120); do
  if curl -fsS "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then cat "$DATA/server.log"; echo "server exited"; exit 1; fi
  sleep 1
  if [ "$i" = 120 ]; then cat "$DATA/server.log"; echo "server not ready"; exit 1; fi
done

E2E_BASE_URL="http://127.0.0.1:$PORT" node e2e/run.mjs || { tail -50 "$DATA/server.log"; exit 1; }
