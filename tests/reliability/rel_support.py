"""Shared helpers of the reliability suite: running ``dkg``, canonical dumps of both stores, corpora.

Imported by the tests of this folder (pytest puts the folder on ``sys.path``) and by the fuzz harness.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "data" / "corpus"          # the demo corpus: the four seed texts
SEED_FILES = sorted(SEEDS.glob("*.txt"))
NO_LIMIT = 10**9


def long_mode(config: Any = None) -> bool:
    """``--long`` on the pytest command line or ``DKG_LONG=1`` in the environment."""
    if os.environ.get("DKG_LONG", "") not in ("", "0"):
        return True
    if config is not None:
        try:
            return bool(config.getoption("--long"))
        except ValueError:
            return False
    return False


# --- the command line -------------------------------------------------------------------------------

DKG_CMD = [sys.executable, "-c", "from dkg.cli import app; app()"]


def dkg_env(**extra: str) -> dict[str, str]:
    """A clean environment for ``dkg``: no graph server, wide lines, the repo importable."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "DKG_"))}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH", "")]))
    env.update(extra)
    return env


def run_dkg(*args: str | Path, env: dict[str, str] | None = None, timeout: float = 600,
            cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*DKG_CMD, *map(str, args)], capture_output=True, text=True, timeout=timeout,
                          env=env or dkg_env(), cwd=cwd or REPO)


def popen_dkg(*args: str | Path, env: dict[str, str] | None = None, output: Any = subprocess.PIPE
              ) -> subprocess.Popen[str]:
    return subprocess.Popen([*DKG_CMD, *map(str, args)], stdout=output, stderr=output,
                            text=True, env=env or dkg_env(), cwd=REPO)


# --- canonical dumps ------------------------------------------------------------------------------

def rdf_dump(home: Path, snapshot: bool = True) -> bytes:
    """Every quad of the store as sorted N-Quads: the published snapshot, or the build's own store."""
    from loaders.stores.rdf_store import RdfStore

    with RdfStore.open(home, read_only=snapshot) as store:
        data = store.export("nq") or b""
    return b"".join(sorted(set(data.splitlines(keepends=True))))


def _plain(value: Any) -> Any:
    """A property value as JSON can hold it; the engine's internal ids (``_ID``, ``_SRC`` ...) dropped."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in sorted(value.items()) if not k.startswith("_")}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def graph_dump(home: Path) -> str:
    """Every node and relationship of the property graph with all properties, one sorted JSON line each."""
    from loaders.stores.graph_store import open_graph_store

    store = open_graph_store(home, engine="ladybug", read_only=True)
    lines: list[str] = []
    try:
        tables = store.tables()
        for name, kind in sorted(tables.items()):
            label = "`" + name.replace("`", "``") + "`"
            if kind == "NODE":
                rows = store.query(f"MATCH (n:{label}) RETURN n", limit=NO_LIMIT).rows
                lines += [json.dumps(["node", name, _plain(n)], ensure_ascii=False, sort_keys=True)
                          for (n,) in rows]
            elif kind == "REL":
                rows = store.query(f"MATCH (a)-[r:{label}]->(b) RETURN label(a), a.uri, r, label(b), b.uri",
                                   limit=NO_LIMIT).rows
                lines += [json.dumps(["rel", name, la, a, _plain(r), lb, b], ensure_ascii=False, sort_keys=True)
                          for la, a, r, lb, b in rows]
    finally:
        store.close()
    return "\n".join(sorted(lines)) + "\n"


def graph_counts(home: Path) -> dict[str, dict[str, int]]:
    from loaders.stores.graph_store import open_graph_store

    store = open_graph_store(home, engine="ladybug", read_only=True)
    try:
        return store.counts()
    finally:
        store.close()


def first_difference(a: str | bytes, b: str | bytes, context: int = 3) -> str:
    """Where two dumps differ (for an assertion message that helps)."""
    if isinstance(a, bytes):
        a, b = a.decode(), b.decode()  # type: ignore[union-attr]
    la, lb = a.splitlines(), b.splitlines()  # type: ignore[union-attr]
    only_a = sorted(set(la) - set(lb))[:context]
    only_b = sorted(set(lb) - set(la))[:context]
    return f"{len(la)} vs {len(lb)} lines; only in first: {only_a}; only in second: {only_b}"


# --- corpora --------------------------------------------------------------------------------------

def copy_seeds(folder: Path, names: list[str] | None = None) -> list[Path]:
    """The seed texts copied into ``folder`` (all of them, or the given stems' files)."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for seed in SEED_FILES:
        if names is None or seed.stem in names or seed.name in names:
            out.append(Path(shutil.copy(seed, folder / seed.name)))
    return out


PROVINCES = ["Hà Nam", "Hà Tĩnh", "Nghệ An", "Quảng Ninh", "Hải Phòng", "Đắk Lắk", "Ninh Bình", "Thanh Hóa"]
_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(20\d\d)\b")


def variant(text: str, index: int) -> str:
    """A seed rewritten a little: another province, other days of the month, an extra closing line."""
    province = PROVINCES[index % len(PROVINCES)]
    text = text.replace("Hà Nam", province)

    def shift(match: re.Match[str]) -> str:
        day = (int(match.group(1)) + index) % 28 + 1
        return f"{day}/{match.group(2)}/{match.group(3)}"

    text = _DATE.sub(shift, text)
    return text + f"\nBản sao số {index} lưu tại Văn phòng Tỉnh ủy {province}.\n"


def variant_corpus(folder: Path, count: int) -> list[Path]:
    """``count`` files made from the seeds with ``variant`` (used when ``dkg synth`` is not there)."""
    folder.mkdir(parents=True, exist_ok=True)
    seeds = [s.read_text(encoding="utf-8") for s in SEED_FILES]
    out = []
    for i in range(count):
        path = folder / f"v{i:04d}_{SEED_FILES[i % len(seeds)].stem}.txt"
        path.write_text(variant(seeds[i % len(seeds)], i), encoding="utf-8")
        out.append(path)
    return out


def dkg_has(command: str) -> bool:
    """Whether the CLI has this command yet (other engineers are still adding some)."""
    result = run_dkg("--help", timeout=60)
    return re.search(rf"^\s*[│|]?\s*{re.escape(command)}\b", result.stdout, re.MULTILINE) is not None
