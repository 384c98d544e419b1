#!/usr/bin/env bash
# Installs the independent PDF-signature verifiers that crates/signing/tests use:
# poppler's pdfsig (+ NSS certutil for a trust database) and pyHanko's validator.
set -euo pipefail
SUDO=""
if [ "$(id -u)" != "0" ] && command -v sudo >/dev/null; then SUDO="sudo"; fi
if ! command -v pdfsig >/dev/null || ! command -v certutil >/dev/null; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq poppler-utils libnss3-tools >/dev/null
fi
if ! python3 -c "import pyhanko, pyhanko_certvalidator" 2>/dev/null; then
  python3 -m pip install --quiet --disable-pip-version-check pyhanko pyhanko-certvalidator
fi
(pdfsig -v 2>&1 || true) | head -1
python3 -c "from importlib.metadata import version; print('pyHanko', version('pyhanko'))"
