#!/usr/bin/env bash
# Install everything the tests need (Python packages, Debian's chromium for the browser tests), then
# lint and run the whole test suite. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/pip install -q --upgrade pip
.venv/bin/pip install -q -e '.[dev]'
# Debian packages: chromium (browser tests), DejaVu fonts (PDF fixtures with Vietnamese text).
missing=""
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
dpkg -s fonts-dejavu-core >/dev/null 2>&1 || missing="$missing fonts-dejavu-core"
if [ -n "$missing" ]; then
  if [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && apt-get install -y -qq $missing >/dev/null) \
      || echo "could not install$missing: the tests that need them will be skipped and say so"
  else
    echo "not root, cannot install$missing: the tests that need them will be skipped and say so"
  fi
fi
.venv/bin/ruff check .
.venv/bin/pytest -q "$@"
