"""Whole-corpus tables kept on disk per store version, so a restarted explorer does not read them again.

``home/app-cache/<version digest>/<name>.pickle``; written atomically (a temporary file, then
``os.replace``), and the folders of other versions are removed when a new one is written, so at most
the current version's tables stay.  Only this app writes these files, from data it read from the
stores of the same data home; a file that cannot be read (truncated, from another Python) is read
again from the stores and rewritten.  A data home that cannot be written (read-only) just gets no
cache.  ``DKG_APP_CACHE=0`` turns it off; ``DKG_APP_CACHE=/some/folder`` keeps it there instead (one
sub-folder per data home), e.g. for a data home that must not be written.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import shutil
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
FOLDER = "app-cache"
FORMAT = 1                       # bump when a cached table changes shape
log = logging.getLogger(__name__)
_locks: dict[str, threading.Lock] = {}
_guard = threading.Lock()


def _setting() -> str:
    return os.environ.get("DKG_APP_CACHE", "").strip()


def enabled() -> bool:
    return _setting().lower() not in ("0", "false", "no", "off")


def folder(home: Path, version: str) -> Path:
    """The folder of one version's tables."""
    digest = hashlib.sha256(f"{FORMAT}|{version}".encode()).hexdigest()[:20]
    setting = _setting()
    if setting and setting.lower() not in ("1", "true", "yes", "on"):
        place = hashlib.sha256(str(home.resolve()).encode()).hexdigest()[:12]
        return Path(setting) / place / digest
    return home / FOLDER / digest


def _lock(key: str) -> threading.Lock:
    with _guard:
        return _locks.setdefault(key, threading.Lock())


def cached(home: Path, version: str, name: str, compute: Callable[[], T]) -> T:
    """The table ``name`` of this version: from disk when there, else computed and saved."""
    if not enabled() or not version.strip("|0"):
        return compute()
    target = folder(home, version) / f"{name}.pickle"
    with _lock(str(target)):          # two sessions asking at once: one computes, the other reads
        try:
            with open(target, "rb") as handle:
                return pickle.load(handle)
        except FileNotFoundError:
            pass
        except Exception as exc:  # noqa: BLE001 - a damaged cache file is read again from the stores
            log.warning("app cache %s unreadable (%s): reading the stores again", target, exc)
        value = compute()
        _save(target, value)
        return value


def _save(target: Path, value: object) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        with open(tmp, "wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, target)
        for other in target.parent.parent.iterdir():
            if other.is_dir() and other != target.parent:
                shutil.rmtree(other, ignore_errors=True)
    except OSError as exc:
        log.info("app cache not written (%s): %s", target, exc)
