#!/usr/bin/env bash
# The README's run command: everything a fresh machine needs, then Chancery with the demo
# organisation at http://localhost:8080. Installs PostgreSQL's server binaries when missing
# (Chancery starts its own private cluster in ./.chancery with them) and LibreOffice (headless,
# converting drafts' .docx files to PDF) when missing, builds the web client
# (npm ci from the committed lock file, then the production build that `chancery serve`
# serves at /), and runs the release binary. Extra arguments go to `chancery serve`.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null; then SUDO="sudo"; fi
if ! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql
fi
# A draft's main file may be a Word file (.docx), converted to PDF by LibreOffice (headless).
bash scripts/install-libreoffice.sh

(
  cd web
  npm ci --no-audit --no-fund
  npm run gen
  npm run build
)

exec cargo run --release --locked --bin chancery -- serve --demo "$@"
