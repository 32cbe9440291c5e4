"""Whole-store versions switched by a pointer file: how a build replaces a store under running readers.

A writer builds a new version in a fresh directory ``ROOT/<prefix>-<time>``, then publishes it by
replacing the small file ``ROOT/CURRENT`` (``os.replace``, atomic on POSIX) with that directory's
name.  A reader opens the version CURRENT names and holds a shared ``flock`` on its ``.readers``
file for as long as it keeps it open, so the writer deletes only versions no reader holds.  A build
killed at any point leaves CURRENT naming the previous complete version; its half-built directory
is removed by the next writer.  Locks die with their process, so a killed reader blocks nothing.

One writer at a time: ``writer_lock()`` takes ``ROOT/WRITER.lock`` or raises ``StoreBusy``.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

from loaders.stores.errors import StoreBusy

CURRENT = "CURRENT"
READERS = ".readers"
WRITER_LOCK = "WRITER.lock"


class Lease:
    """A reader's hold on one version: keeps the writer from deleting it until released."""

    def __init__(self, path: Path, fd: int) -> None:
        self.path = path
        self._fd: int | None = fd

    def release(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __del__(self) -> None:
        self.release()


class VersionedDir:
    """The versions of one store under ``root`` (e.g. ``home/ladybug``)."""

    def __init__(self, root: str | Path, prefix: str = "v") -> None:
        self.root = Path(root)
        self.prefix = prefix

    # --- readers ---------------------------------------------------------------------------
    def current(self) -> Path | None:
        """The published version's directory, or None before the first build."""
        try:
            name = (self.root / CURRENT).read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
        if not name or "/" in name or name.startswith("."):
            return None
        path = self.root / name
        return path if path.is_dir() else None

    def lease_current(self, attempts: int = 20) -> Lease | None:
        """Hold the current version for reading; None if nothing has been published."""
        for _ in range(attempts):
            path = self.current()
            if path is None:
                return None
            try:
                fd = os.open(path / READERS, os.O_RDWR | os.O_CREAT, 0o644)
            except FileNotFoundError:
                continue  # deleted between reading CURRENT and opening: read CURRENT again
            fcntl.flock(fd, fcntl.LOCK_SH)
            if self.current() == path and (path / READERS).exists():
                return Lease(path, fd)
            os.close(fd)  # superseded meanwhile
        raise OSError(f"{self.root}: the current version keeps changing; try again")

    def lease(self, name: str) -> Lease | None:
        """Hold the version called ``name`` (current or not) for reading; None if it is gone."""
        if not name or "/" in name or name.startswith("."):
            return None
        path = self.root / name
        try:
            fd = os.open(path / READERS, os.O_RDWR)   # no O_CREAT: a deleted version stays deleted
        except OSError:
            return None
        fcntl.flock(fd, fcntl.LOCK_SH)
        if not (path / READERS).exists():
            os.close(fd)
            return None
        return Lease(path, fd)

    # --- the writer ------------------------------------------------------------------------
    @contextlib.contextmanager
    def writer_lock(self) -> Iterator[None]:
        self.root.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.root / WRITER_LOCK, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise StoreBusy(f"Một tiến trình khác đang ghi vào {self.root}; hãy chờ nó xong.") from None
            yield
        finally:
            os.close(fd)

    def new_version(self) -> Path:
        """A fresh, empty directory for the next version (not yet published)."""
        self.root.mkdir(parents=True, exist_ok=True)
        stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
        path = self.root / f"{self.prefix}-{stamp}-{time.time_ns() % 10**9:09d}-{os.getpid()}"
        path.mkdir()
        (path / READERS).touch()
        return path

    def publish(self, path: Path) -> None:
        """Make ``path`` the current version (atomic), then delete versions nobody reads."""
        tmp = self.root / f".{CURRENT}.{os.getpid()}.tmp"
        with open(tmp, "w", encoding="utf-8") as handle:
            handle.write(path.name + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, self.root / CURRENT)
        _fsync_dir(self.root)
        self.collect_garbage()

    def versions(self) -> list[Path]:
        if not self.root.is_dir():
            return []
        return sorted(p for p in self.root.iterdir() if p.is_dir() and p.name.startswith(self.prefix + "-"))

    def collect_garbage(self) -> list[Path]:
        """Delete every version except the current one and those a reader holds; return the deleted.

        Call it only while holding the writer lock (a version being built is not current either)."""
        current = self.current()
        deleted = []
        for path in self.versions():
            if path == current:
                continue
            try:
                fd = os.open(path / READERS, os.O_RDWR | os.O_CREAT, 0o644)
            except OSError:
                continue
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                continue  # a reader still has it open
            try:
                (path / READERS).unlink(missing_ok=True)  # new readers now find it gone
                shutil.rmtree(path, ignore_errors=True)
                deleted.append(path)
            finally:
                os.close(fd)
        for stale in self.root.glob(f".{CURRENT}.*.tmp"):
            stale.unlink(missing_ok=True)
        return deleted


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
