#!/usr/bin/env bash
# Install, build the graph from data/corpus into the data home, and open the explorer on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/pip install -q --upgrade pip
.venv/bin/pip install -q -e .
.venv/bin/dkg build data/corpus || echo "some files failed: see the messages above; the others are loaded"
exec .venv/bin/dkg app "$@"
