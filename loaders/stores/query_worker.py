"""A child process that answers read-only queries, so that a runaway query can be killed.

Nothing can interrupt Oxigraph in a big aggregate before its first row, and LadybugDB's own query
timeout is not checked while it builds one huge value (``UNWIND range(1, 2000000000)`` ran 55 s
with a 0.5 s timeout and took 5 GB in 3 s).  So the read-only stores send each query to a worker
(``python -m loaders.stores.query_worker ENGINE PATH``) that runs with a memory ceiling
(``RLIMIT_DATA``, ``DKG_QUERY_MEMORY_MB``, default 4096); the parent waits up to the time limit and
kills the worker if no answer came; the next query starts a fresh one (~0.1 s).  The app's process
never runs a user's query itself, so it stays responsive.  Requests and answers are length-prefixed
pickles over the child's stdin/stdout (both ends are this code).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import resource
import select
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import IO, Any

from loaders.stores.errors import QueryTimeout, StoreError

DEFAULT_MEMORY_MB = 4096
MEMORY_MESSAGE = "Truy vấn cần quá nhiều bộ nhớ và đã bị dừng; hãy thu hẹp truy vấn."
_HEADER = struct.Struct("!Q")
_ROOT = Path(__file__).resolve().parents[2]


def _write(stream: IO[bytes], obj: Any) -> None:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def _read(stream: IO[bytes]) -> Any:
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        raise EOFError
    (size,) = _HEADER.unpack(header)
    data = stream.read(size)
    if len(data) < size:
        raise EOFError
    return pickle.loads(data)


def memory_limit_mb() -> int:
    return int(os.environ.get("DKG_QUERY_MEMORY_MB") or DEFAULT_MEMORY_MB)


def _open(engine: str, path: str) -> Callable[[tuple], Any]:
    """The engine's store, opened read-only, and the function that answers one request on it."""
    if engine == "oxigraph":
        import pyoxigraph as ox

        from loaders.stores.rdf_store import execute as run_sparql

        store = ox.Store.read_only(path)
        return lambda request: run_sparql(store, *request)
    if engine == "ladybug":
        from loaders.stores.ladybug_store import execute as run_cypher
        from loaders.stores.ladybug_store import open_read_only

        _db, conn = open_read_only(path, worker=True)
        return lambda request: run_cypher(conn, *request)
    raise ValueError(f"unknown engine {engine}")


def main(engine: str, path: str) -> None:
    reserved = 0
    if engine == "ladybug":
        from loaders.stores.ladybug_store import address_space_for
        reserved = sum(address_space_for(path))
    limit = (memory_limit_mb() << 20) + reserved
    resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
    answer = _open(engine, path)
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    while True:
        try:
            request = _read(stdin)
        except EOFError:
            return
        try:
            if isinstance(request, list):   # several queries, side by side (each engine call frees the GIL)
                with ThreadPoolExecutor(len(request)) as pool:
                    _write(stdout, ("ok", list(pool.map(answer, request))))
            else:
                _write(stdout, ("ok", answer(request)))
        except MemoryError:
            _write(stdout, ("error", StoreError(MEMORY_MESSAGE)))
        except Exception as exc:  # noqa: BLE001 - handed to the parent, which raises it
            if "bad_alloc" in str(exc) or "memory" in str(exc).lower():
                exc = StoreError(MEMORY_MESSAGE)
            try:
                _write(stdout, ("error", exc))
            except (pickle.PicklingError, TypeError, AttributeError):
                _write(stdout, ("error", StoreError(str(exc))))


class QueryWorker:
    """The parent's handle on one worker process for one engine and one read-only store."""

    def __init__(self, engine: str, path: str | Path) -> None:
        self.engine = engine
        self.path = str(path)
        self._proc: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()     # one request at a time on the pipe (the app has threads)

    def _start(self) -> subprocess.Popen[bytes]:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(_ROOT), env.get("PYTHONPATH", "")]))
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "loaders.stores.query_worker", self.engine, self.path],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env,
        )
        return self._proc

    def run(self, request: tuple, timeout_s: float) -> tuple[list[str], list[list[Any]], bool]:
        """Send one query (the arguments of the engine's ``execute`` after the store: text, params,
        limit, time limit, ...); its answer, or the error it raised, or QueryTimeout."""
        with self._lock:
            return self._run(request, timeout_s)

    def run_together(self, requests: list[tuple], timeout_s: float) -> list[tuple[list[str], list[list[Any]], bool]]:
        """Send several queries (as ``run`` takes them) that the worker runs side by side, within one
        time limit; their answers in the same order (the first error raised is raised here)."""
        with self._lock:
            return self._run(list(requests), timeout_s)

    def _run(self, request: Any, timeout_s: float) -> Any:
        proc = self._proc if self._proc is not None and self._proc.poll() is None else self._start()
        assert proc.stdin is not None and proc.stdout is not None
        try:
            _write(proc.stdin, request)
        except (BrokenPipeError, OSError):
            self.stop(kill=True)
            raise StoreError("Tiến trình truy vấn không chạy; hãy thử lại.") from None
        # The worker checks the deadline between rows; one stuck before its first row is killed.
        deadline = time.monotonic() + timeout_s + 1.0
        ready, _, _ = select.select([proc.stdout], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            self.stop(kill=True)
            raise QueryTimeout(f"Truy vấn vượt quá thời gian cho phép ({timeout_s:g} giây) và đã bị dừng.")
        try:
            status, payload = _read(proc.stdout)
        except EOFError:
            self.stop(kill=True)
            raise StoreError("Tiến trình truy vấn bị dừng bất thường (có thể do thiếu bộ nhớ).") from None
        if status == "error":
            raise payload
        return payload

    def stop(self, kill: bool = False) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        if kill:
            proc.kill()
        with contextlib.suppress(OSError):
            proc.stdin.close()  # type: ignore[union-attr]
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)
        with contextlib.suppress(OSError):
            proc.stdout.close()  # type: ignore[union-attr]

    def __del__(self) -> None:
        with contextlib.suppress(Exception):
            self.stop(kill=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
