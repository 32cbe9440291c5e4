"""Where the stores live (the data home) and which graph engine to use."""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_HOME = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share")) / "dkg"


def data_home(home: str | Path | None = None) -> Path:
    """``--home`` if given, else ``$DKG_HOME``, else ``~/.local/share/dkg``; created if missing."""
    path = Path(home) if home else Path(os.environ["DKG_HOME"]) if os.environ.get("DKG_HOME") else DEFAULT_HOME
    path.mkdir(parents=True, exist_ok=True)
    return path


def graph_engine() -> str:
    """'neo4j' when NEO4J_URI is set, else the embedded 'ladybug'."""
    return "neo4j" if os.environ.get("NEO4J_URI") else "ladybug"
