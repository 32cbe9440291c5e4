"""A child process that answers SPARQL queries on a read-only snapshot, so a runaway query can be killed.

Oxigraph releases the GIL while it evaluates, but nothing can interrupt a query stuck in a big
aggregate before its first row.  The read-only ``RdfStore`` therefore sends each query to this
worker (``python -m loaders.stores.sparql_worker SNAPSHOT``), waits up to the time limit and kills
the worker if no answer came; the next query starts a fresh one (~0.2 s).  Requests and answers are
length-prefixed pickles over the child's stdin/stdout (both ends are this code).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import struct
import subprocess
import sys
import time
from pathlib import Path
from typing import IO, Any

from loaders.stores.errors import QueryTimeout, StoreError

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


def main(path: str) -> None:
    import pyoxigraph as ox

    from loaders.stores.rdf_store import execute

    store = ox.Store.read_only(path)
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    while True:
        try:
            request = _read(stdin)
        except EOFError:
            return
        sparql, substitutions, limit, timeout_s = request
        try:
            _write(stdout, ("ok", execute(store, sparql, substitutions, limit, timeout_s)))
        except Exception as exc:  # noqa: BLE001 - handed to the parent, which raises it
            _write(stdout, ("error", exc))


class SparqlWorker:
    """The parent's handle on one worker process."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self._proc: subprocess.Popen[bytes] | None = None

    def _start(self) -> subprocess.Popen[bytes]:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(_ROOT), env.get("PYTHONPATH", "")]))
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "loaders.stores.sparql_worker", self.path],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env,
        )
        return self._proc

    def run(self, sparql: str, substitutions: dict[str, Any], limit: int,
            timeout_s: float) -> tuple[list[str], list[list[Any]], bool]:
        proc = self._proc if self._proc is not None and self._proc.poll() is None else self._start()
        assert proc.stdin is not None and proc.stdout is not None
        try:
            _write(proc.stdin, (sparql, substitutions, limit, timeout_s))
        except (BrokenPipeError, OSError):
            self.stop(kill=True)
            raise StoreError("Tiến trình truy vấn SPARQL không chạy; hãy thử lại.") from None
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
            raise StoreError("Tiến trình truy vấn SPARQL bị dừng bất thường.") from None
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
    main(sys.argv[1])
