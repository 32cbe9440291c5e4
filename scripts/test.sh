#!/usr/bin/env bash
# Install everything the tests need (Python packages, Debian's chromium for the browser tests), then
# lint and run the whole test suite. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/pip install -q --upgrade pip
.venv/bin/pip install -q -e '.[dev]'
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && apt-get install -y -qq chromium fonts-dejavu-core >/dev/null) \
      || echo "chromium could not be installed: the browser tests will be skipped and say so"
  else
    echo "chromium is not installed and this is not root: the browser tests will be skipped and say so"
  fi
fi
.venv/bin/ruff check .
.venv/bin/pytest -q "$@"
