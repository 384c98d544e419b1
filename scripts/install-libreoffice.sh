#!/usr/bin/env bash
# LibreOffice, headless, for converting a draft's Word file (.docx) to the PDF that is signed
# (chancery-files' Converter runs `soffice --headless --convert-to pdf`), with fonts that
# cover Vietnamese (DejaVu, Liberation: metric-compatible with Times New Roman and Arial).
# Installed with apt-get, as root or through sudo, only when `soffice` is missing. Called by
# scripts/run-demo.sh and scripts/test-all.sh.
set -euo pipefail

if command -v soffice >/dev/null 2>&1 || [ -x /usr/lib/libreoffice/program/soffice ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null; then SUDO="sudo"; fi
printf '\n== LibreOffice (headless) for .docx to PDF\n'
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
  libreoffice-writer-nogui fonts-dejavu-core fonts-liberation
