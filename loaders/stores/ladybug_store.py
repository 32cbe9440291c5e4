"""LadybugDB (the maintained successor of Kùzu), the embedded property graph.

Layout under the data home::

    home/ladybug/CURRENT              names the version readers open
    home/ladybug/db-*/graph.lbug      one complete database per build (+ meta.json)

A full load builds a new database in a fresh directory (DDL generated from the ``Schema``; rows
written as Parquet and bulk-loaded with ``COPY FROM``), closes it, then switches ``CURRENT``
(``os.replace``) and deletes the versions no reader holds (see ``versions.py``).  A build killed at
any point leaves the previous version current; a reader never sees a half-built graph, and a build
can run while the app has the graph open.  Readers open the database ``read_only=True`` and call
``refresh_if_changed()`` to move to a newer version.

Queries: the text is checked (``readonly.check_cypher_read_only``), the database is read-only
anyway, and at most ``limit`` rows are fetched.  They run in a worker process with a memory ceiling
that is killed at the time limit (``query_worker.py``: LadybugDB's own ``set_query_timeout`` is set
too, but it is not checked while one huge value is built); ``isolated=False`` runs them in process.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

import ladybug
import pyarrow as pa
import pyarrow.parquet as pq

from loaders.stores.errors import (
    QueryRefused,
    QuerySyntaxError,
    QueryTimeout,
    StoreError,
    StoreNotBuilt,
)
from loaders.stores.graph_store import register_engine
from loaders.stores.pg_mapping import Column, Edge, Schema
from loaders.stores.query_worker import QueryWorker
from loaders.stores.readonly import check_cypher_read_only
from loaders.stores.results import DEFAULT_LIMIT, DEFAULT_TIMEOUT_S, QueryResult
from loaders.stores.versions import Lease, VersionedDir

DB_FILE = "graph.lbug"
META_FILE = "meta.json"
ARROW_TYPES = {"STRING": pa.string(), "DATE": pa.date32(), "INT64": pa.int64(), "BOOLEAN": pa.bool_(),
               "DOUBLE": pa.float64()}


def quote(name: str) -> str:
    """A table or column name for Cypher: `name` (backticks doubled inside)."""
    return "`" + name.replace("`", "``") + "`"


def _arrow_type(column: Column) -> pa.DataType:
    base = ARROW_TYPES[column.base_type]
    return pa.list_(base) if column.is_list else base


def ddl(schema: Schema) -> list[str]:
    """CREATE NODE TABLE / CREATE REL TABLE statements for the schema."""
    statements = []
    for table in schema.node_tables.values():
        cols = ", ".join(f"{quote(c.name)} {c.type}" for c in table.columns.values())
        statements.append(f"CREATE NODE TABLE {quote(table.name)}({cols}, PRIMARY KEY({quote('uri')}))")
    for rel in schema.rel_tables.values():
        if not rel.pairs:
            continue
        pairs = ", ".join(f"FROM {quote(a)} TO {quote(b)}" for a, b in rel.pairs)
        cols = "".join(f", {quote(c.name)} {c.type}" for c in rel.columns.values())
        statements.append(f"CREATE REL TABLE {quote(rel.name)}({pairs}{cols})")
    return statements


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def arrow_type(column: Column) -> pa.DataType:
    """The Arrow type of a column in the COPY files."""
    return _arrow_type(column)


class CopyFiles(NamedTuple):
    """Parquet files to bulk-load: one per node table, any number per relationship table and pair."""

    nodes: dict[str, tuple[Path, int]]              # node table → (file, rows)
    rels: list[tuple[str, str, str, Path, int]]      # (relationship table, FROM, TO, file, rows)


def write_node_file(file: Path, table: Any, rows: list[dict[str, Any]]) -> None:
    """Node rows (dicts) of a ``NodeTable`` as a Parquet file with its columns, in order."""
    arrays = {c.name: pa.array([row.get(c.name) for row in rows], type=_arrow_type(c))
              for c in table.columns.values()}
    pq.write_table(pa.table(arrays), file)


def write_rel_file(file: Path, edges: list[Edge]) -> None:
    """Relationships of one table and FROM/TO pair as a Parquet file (from, to, sources)."""
    arrays = {"from": pa.array([e.src for e in edges], pa.string()),
              "to": pa.array([e.dst for e in edges], pa.string()),
              "sources": pa.array([e.sources for e in edges], pa.list_(pa.string()))}
    pq.write_table(pa.table(arrays), file)


def copy_files(path: Path, schema: Schema, files: CopyFiles) -> dict[str, dict[str, int]]:
    """Write a complete new database file at ``path``: DDL, then ``COPY FROM`` each file (nodes
    first); return the counts loaded."""
    counts: dict[str, dict[str, int]] = {"nodes": {name: 0 for name in schema.node_tables},
                                         "relationships": {name: 0 for name in schema.rel_tables}}
    for name, _src, _dst, _file, n in files.rels:
        counts["relationships"][name] += n
    db = ladybug.Database(str(path))
    conn = ladybug.Connection(db)
    try:
        for statement in ddl(schema):
            conn.execute(statement)
        for name in schema.node_tables:
            file, n = files.nodes.get(name, (None, 0))
            counts["nodes"][name] = n
            if file is not None and n:
                conn.execute(f'COPY {quote(name)} FROM "{file}"')
        for name, src, dst, file, n in files.rels:
            if (src, dst) not in schema.rel_tables[name].pairs:
                raise StoreError(f"{name}: {src}→{dst} is not a pair of the schema")
            if n:
                conn.execute(f'COPY {quote(name)} FROM "{file}" (from="{src}", to="{dst}")')
    finally:
        conn.close()
        db.close()
    return counts


def build_database(path: Path, schema: Schema, nodes: Mapping[str, list[dict[str, Any]]],
                   rels: Mapping[str, list[Edge]]) -> dict[str, dict[str, int]]:
    """Write a complete new database file at ``path`` with COPY FROM; return the counts loaded."""
    with tempfile.TemporaryDirectory(prefix="dkg-copy-", dir=path.parent) as tmp:
        files = CopyFiles({}, [])
        for name, table in schema.node_tables.items():
            rows = nodes.get(name) or []
            if rows:
                file = Path(tmp) / f"n-{len(os.listdir(tmp))}.parquet"
                write_node_file(file, table, rows)
                files.nodes[name] = (file, len(rows))
        for name in schema.rel_tables:
            by_pair: dict[tuple[str, str], list[Edge]] = defaultdict(list)
            for edge in rels.get(name) or []:
                by_pair[(edge.src_table, edge.dst_table)].append(edge)
            for (src, dst), group in sorted(by_pair.items()):
                file = Path(tmp) / f"r-{len(os.listdir(tmp))}.parquet"
                write_rel_file(file, group)
                files.rels.append((name, src, dst, file, len(group)))
        return copy_files(path, schema, files)


def _counts(conn: Any, schema: Schema) -> dict[str, dict[str, int]]:
    """Nodes per node table and relationships per relationship table, as the database holds them."""
    counts: dict[str, dict[str, int]] = {"nodes": {}, "relationships": {}}
    for name in schema.node_tables:
        result = conn.execute(f"MATCH (n:{quote(name)}) RETURN count(n)")
        counts["nodes"][name] = result.get_next()[0]
        result.close()
    for name, rel in schema.rel_tables.items():
        if not rel.pairs:
            counts["relationships"][name] = 0
            continue
        result = conn.execute(f"MATCH ()-[r:{quote(name)}]->() RETURN count(r)")
        counts["relationships"][name] = result.get_next()[0]
        result.close()
    return counts


WORKER_BUFFER_POOL = 512 << 20


def address_space_for(path: str | Path) -> tuple[int, int]:
    """(buffer pool, database mapping) a query worker reserves for the database file at ``path``:
    the mapping is the next power of two above twice the file size, at least 1 GiB."""
    size = max(1, Path(path).stat().st_size * 2)
    return WORKER_BUFFER_POOL, max(1 << 30, 1 << (size - 1).bit_length())


def open_read_only(path: str | Path, worker: bool = False) -> tuple[Any, Any]:
    """(Database, Connection) on a database file, read-only; ``worker``: with bounded address space."""
    if worker:
        pool, mapping = address_space_for(path)
        db = ladybug.Database(str(path), read_only=True, buffer_pool_size=pool, max_db_size=mapping)
    else:
        db = ladybug.Database(str(path), read_only=True)
    return db, ladybug.Connection(db)


def _timeout_message(timeout_s: float) -> str:
    return f"Truy vấn vượt quá thời gian cho phép ({timeout_s:g} giây) và đã bị dừng."


UPDATE_BUFFER_POOL = 1 << 30      # buffer pool of the database an incremental views update writes
PREPARED_KEPT = 8      # query texts a connection keeps prepared (each holds buffer-pool pages)


def forget_prepared(conn: Any, keep: int = PREPARED_KEPT) -> None:
    """Close all but the ``keep`` newest statements ``ladybug.Connection.execute`` keeps prepared.

    The driver prepares each distinct query text (with parameters) once and keeps it for the life of
    the connection, without bound; each holds pages of the buffer pool, so a query worker that
    served a few dozen texts (a page number is part of the text) ran out of its pool. Only the
    driver's private cache gives access to them; without it (another driver version) nothing is done."""
    cache = getattr(conn, "_pybind_implicit_prepared_cache", None)
    if not isinstance(cache, dict) or len(cache) <= keep:
        return
    lock = getattr(conn, "_prepared_cache_lock", None)
    with lock if lock is not None else contextlib.nullcontext():
        while len(cache) > keep:
            prepared = cache.pop(next(iter(cache)))
            close = getattr(prepared, "close", None)
            if callable(close):
                with contextlib.suppress(RuntimeError):
                    close()


def execute(conn: Any, cypher: str, params: Mapping[str, Any], limit: int,
            timeout_s: float) -> tuple[list[str], list[list[Any]], bool]:
    """Run one read-only Cypher query on a connection; at most ``limit`` rows (shared with the worker)."""
    check_cypher_read_only(cypher)
    started = time.monotonic()
    conn.set_query_timeout(max(1, int(timeout_s * 1000)))
    try:
        result = conn.execute(cypher, dict(params or {}))
    except RuntimeError as exc:
        message = str(exc)
        if "interrupt" in message.lower() or "timeout" in message.lower():
            raise QueryTimeout(_timeout_message(timeout_s)) from None
        if "read-only" in message.lower():
            raise QueryRefused("Truy vấn bị từ chối: chỉ được đọc, không được ghi.") from None
        if "bad_alloc" in message or "memory" in message.lower():
            raise StoreError("Truy vấn cần quá nhiều bộ nhớ và đã bị dừng; hãy thu hẹp truy vấn.") from None
        raise QuerySyntaxError(f"Lỗi truy vấn Cypher: {message}") from None
    if isinstance(result, list):          # several statements: the last one answers
        for extra in result[:-1]:
            extra.close()
        result = result[-1]
    try:
        columns = list(result.get_column_names())
        rows: list[list[Any]] = []
        truncated = False
        deadline = started + timeout_s
        while result.has_next():
            if len(rows) >= limit:
                truncated = True
                break
            rows.append(list(result.get_next()))
            if time.monotonic() > deadline:
                raise QueryTimeout(_timeout_message(timeout_s))
    finally:
        result.close()
        forget_prepared(conn)
    return columns, rows, truncated


class LadybugStore:
    """The ``GraphStore`` over LadybugDB versions under ``root`` (``home/ladybug``)."""

    engine = "ladybug"

    def __init__(self, root: str | Path, read_only: bool = True, isolated: bool = True) -> None:
        self.root = Path(root)
        self.read_only = read_only
        self.isolated = isolated
        self._worker: QueryWorker | None = None
        self.versions = VersionedDir(self.root, prefix="db")
        self._lock = threading.RLock()
        self._db: Any = None
        self._conn: Any = None
        self._lease: Lease | None = None

    # --- opening -----------------------------------------------------------------------------
    @property
    def version(self) -> Path | None:
        """The version this store has open (None before the first query)."""
        return self._lease.path if self._lease else None

    def _open_current(self) -> None:
        lease = self.versions.lease_current()
        if lease is None:
            raise StoreNotBuilt("Chưa có đồ thị: hãy chạy `dkg build` trước.")
        try:
            db, conn = (None, None) if self.isolated else open_read_only(lease.path / DB_FILE)
        except Exception as exc:
            lease.release()
            raise StoreError(f"Không mở được đồ thị {lease.path}: {exc}") from None
        self._close_connection()
        self._db, self._conn, self._lease = db, conn, lease

    def _ensure_open(self) -> None:
        if self._lease is None:
            self._open_current()

    def refresh_if_changed(self) -> bool:
        """Move to the newest published version if it is not the one open; True if it moved."""
        with self._lock:
            current = self.versions.current()
            if current is None or (self._lease is not None and current == self._lease.path):
                return False
            self._open_current()
            return True

    def _close_connection(self) -> None:
        if self._worker is not None:
            self._worker.stop()
            self._worker = None
        if self._conn is not None:
            self._conn.close()
        if self._db is not None:
            self._db.close()
        if self._lease is not None:
            self._lease.release()
        self._db = self._conn = self._lease = None

    def close(self) -> None:
        with self._lock:
            self._close_connection()

    def __enter__(self) -> LadybugStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- the build ---------------------------------------------------------------------------
    def load(self, schema: Schema, nodes: Mapping[str, list[dict[str, Any]]],
             rels: Mapping[str, list[Edge]]) -> dict[str, dict[str, int]]:
        """Build a new version from these rows and make it current (all or nothing)."""
        def fill(target: Path, _current: Path | None) -> tuple[dict[str, dict[str, int]], dict[str, Any]]:
            return build_database(target / DB_FILE, schema, nodes, rels), {}

        return self._new_version(schema, fill)

    def load_files(self, schema: Schema, files: CopyFiles) -> dict[str, dict[str, int]]:
        """Build a new version from Parquet files (``CopyFiles``) and make it current (all or nothing)."""
        def fill(target: Path, _current: Path | None) -> tuple[dict[str, dict[str, int]], dict[str, Any]]:
            return copy_files(target / DB_FILE, schema, files), {}

        return self._new_version(schema, fill)

    def update(self, schema: Schema, change: Any) -> dict[str, dict[str, int]]:
        """A new version made from a copy of the current one, changed by ``change(connection)``, then
        made current (all or nothing, as ``load``); return its counts.  The schema must be unchanged."""
        def fill(target: Path, current: Path | None) -> tuple[dict[str, dict[str, int]], dict[str, Any]]:
            if current is None:
                raise StoreNotBuilt("Chưa có đồ thị: hãy chạy `dkg build` trước.")
            for file in current.iterdir():
                if file.is_file() and file.name.startswith(DB_FILE):
                    shutil.copy2(file, target / file.name)
            # a bounded pool: the update reads a few rows, but pages it reads stay cached up to the
            # pool's size (by default most of the machine's memory: 6.7 GB at 100,000 documents)
            db = ladybug.Database(str(target / DB_FILE), buffer_pool_size=UPDATE_BUFFER_POOL)
            conn = ladybug.Connection(db)
            try:
                change(conn)
                return _counts(conn, schema), {"updated_from": current.name}
            finally:
                conn.close()
                db.close()

        return self._new_version(schema, fill)

    def _new_version(self, schema: Schema, fill: Any) -> dict[str, dict[str, int]]:
        """Make a version directory, let ``fill(target, current)`` write its database, record its meta,
        sync it to disk and make it current; on any failure the half-made directory is removed."""
        if self.read_only:
            raise QueryRefused("Đồ thị này được mở chỉ để đọc.")
        started = time.monotonic()
        with self.versions.writer_lock():
            current = self.versions.current()
            target = self.versions.new_version()
            try:
                counts, extra = fill(target, current)
                meta = {"schema": schema.fingerprint(), "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                        "seconds": round(time.monotonic() - started, 3), "counts": counts, **extra}
                (target / META_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=1), "utf-8")
                for file in target.iterdir():
                    if file.is_file():
                        _fsync(file)
                _fsync(target)
            except BaseException:
                shutil.rmtree(target, ignore_errors=True)
                raise
            self.versions.publish(target)
        with self._lock:
            self._open_current()
        return counts

    def meta(self) -> dict[str, Any]:
        """What the current version's build recorded (schema fingerprint, time, counts)."""
        current = self.versions.current()
        if current is None:
            raise StoreNotBuilt("Chưa có đồ thị: hãy chạy `dkg build` trước.")
        return json.loads((current / META_FILE).read_text("utf-8"))

    # --- reading -----------------------------------------------------------------------------
    def query(self, cypher: str, params: Mapping[str, Any] | None = None,
              timeout_s: float = DEFAULT_TIMEOUT_S, limit: int = DEFAULT_LIMIT) -> QueryResult:
        """Read-only Cypher with parameters (``$name``), a time limit and a row limit.

        With ``isolated`` (the default) the query runs in a worker process with a memory ceiling,
        killed at the time limit; otherwise in this process with the engine's own timeout."""
        check_cypher_read_only(cypher)
        started = time.monotonic()
        with self._lock:
            self._ensure_open()
            assert self._lease is not None
            if self.isolated:
                if self._worker is None:
                    self._worker = QueryWorker("ladybug", self._lease.path / DB_FILE)
                columns, rows, truncated = self._worker.run((cypher, dict(params or {}), limit, timeout_s), timeout_s)
            else:
                columns, rows, truncated = execute(self._conn, cypher, params or {}, limit, timeout_s)
        return QueryResult.limited(columns, rows, truncated, time.monotonic() - started, limit)

    def tables(self) -> dict[str, str]:
        """Table name → NODE or REL, as the database's catalog has them."""
        result = self.query("CALL show_tables() RETURN name, type")
        return {name: kind for name, kind in result.rows}

    def counts(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {"nodes": {}, "relationships": {}}
        for name, kind in sorted(self.tables().items()):
            if kind == "NODE":
                out["nodes"][name] = self.query(f"MATCH (n:{quote(name)}) RETURN count(n)").rows[0][0]
            elif kind == "REL":
                out["relationships"][name] = self.query(
                    f"MATCH ()-[r:{quote(name)}]->() RETURN count(r)").rows[0][0]
        return out


def _factory(home: Path, read_only: bool = False) -> LadybugStore:
    return LadybugStore(Path(home) / "ladybug", read_only=read_only)


register_engine("ladybug", _factory)
