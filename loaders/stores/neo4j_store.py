"""Neo4j 5+ (single server, ``neo4j://`` cluster routing, Aura) behind the ``GraphStore`` interface.

Configuration from the environment: ``NEO4J_URI`` (required), ``NEO4J_USER`` (default ``neo4j``),
``NEO4J_PASSWORD``, ``NEO4J_DATABASE`` (default: the server's default database).

A full load:
1. a uniqueness constraint on ``uri`` for each node label (``CREATE CONSTRAINT … IF NOT EXISTS``),
   which also gives the index the MERGEs use;
2. nodes in batches: ``UNWIND $rows AS r MERGE (n:Label {uri: r.uri}) SET n = r.props,
   n.dkg_build = $build`` (``SET n =`` so properties an older version had and this one lacks go);
3. relationships in batches, the same way, matched on both ends' ``uri``;
4. the nodes and relationships an earlier build wrote (``dkg_build`` set and different) are deleted
   in batches.  Data in the database that has no ``dkg_build`` is never touched.
Each batch is one managed write transaction (``session.execute_write``, retried by the driver).
Unlike LadybugDB's version switch, a reader may see a mix of old and new while a load runs.

Queries run in read transactions (``session.execute_read`` on a READ session, so a cluster routes
them to a reader) with a server-side timeout, after the text check.  The password never appears in
an error message: driver errors are wrapped and scrubbed.
"""

from __future__ import annotations

import logging
import os
import time
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import neo4j
import neo4j.graph
from neo4j import exceptions as neo4j_errors

from loaders.stores.errors import QueryRefused, QuerySyntaxError, QueryTimeout, StoreError
from loaders.stores.graph_store import register_engine
from loaders.stores.pg_mapping import Edge, Schema
from loaders.stores.readonly import check_cypher_read_only
from loaders.stores.results import DEFAULT_LIMIT, DEFAULT_TIMEOUT_S, QueryResult

BATCH_SIZE = 2000
RETRY_S = 10.0        # how long the driver retries a transaction that failed for a transient reason
BUILD_PROPERTY = "dkg_build"


def quote(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


def _plain(value: Any) -> Any:
    """Driver values as plain Python (dates, nodes and relationships as dicts)."""
    if isinstance(value, neo4j.graph.Node):
        return {"_label": next(iter(sorted(value.labels)), None),
                **{k: _plain(v) for k, v in value.items() if k != BUILD_PROPERTY}}
    if isinstance(value, neo4j.graph.Relationship):
        return {"_label": value.type, "_src": value.start_node.get("uri") if value.start_node else None,
                "_dst": value.end_node.get("uri") if value.end_node else None,
                **{k: _plain(v) for k, v in value.items() if k != BUILD_PROPERTY}}
    if isinstance(value, neo4j.graph.Path):
        return [_plain(n) for n in value.nodes]
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if hasattr(value, "to_native"):
        return value.to_native()
    return value


# The driver logs each retry ("Transaction failed and will be retried ...") as a warning; without a
# handler Python prints those on stderr. The outcome reaches the user as one StoreError instead.
logging.getLogger("neo4j").addHandler(logging.NullHandler())

def _without_credentials(uri: str) -> str:
    """The URI as it can be shown: a 'user:password@' part is dropped."""
    parts = urlsplit(uri)
    if "@" in parts.netloc:
        parts = parts._replace(netloc=parts.netloc.rsplit("@", 1)[1])
    return urlunsplit(parts)


class Neo4jStore:
    engine = "neo4j"

    def __init__(self, uri: str | None = None, user: str | None = None, password: str | None = None,
                 database: str | None = None, read_only: bool = False, batch_size: int = BATCH_SIZE,
                 retry_s: float = RETRY_S) -> None:
        self.uri = uri or os.environ.get("NEO4J_URI") or ""
        if not self.uri:
            raise StoreError("NEO4J_URI chưa được đặt: không có máy chủ Neo4j để kết nối.")
        user = user or os.environ.get("NEO4J_USER") or "neo4j"
        password = password if password is not None else os.environ.get("NEO4J_PASSWORD", "")
        # the default user "neo4j" is no secret, and hiding it would mangle "neo4j://" in messages
        self._secrets = [s for s in (password, user if len(user) > 3 and user != "neo4j" else "",
                                     urlsplit(self.uri).password or "") if s]
        self.database = database or os.environ.get("NEO4J_DATABASE") or None
        self.read_only = read_only
        self.batch_size = batch_size
        try:
            self._driver = neo4j.GraphDatabase.driver(self.uri, auth=(user, password), connection_timeout=10,
                                                      max_transaction_retry_time=retry_s)
        except Exception as exc:  # noqa: BLE001 - wrapped so the credentials never travel on
            raise self._wrap(exc) from None

    # --- errors ------------------------------------------------------------------------------
    def _scrub(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, "***")
        return text

    def _wrap(self, exc: BaseException) -> StoreError:
        message = self._scrub(getattr(exc, "message", None) or str(exc) or type(exc).__name__)
        if isinstance(exc, neo4j_errors.ConfigurationError):
            detail = self._scrub(str(exc).replace(self.uri, _without_credentials(self.uri)))
            return StoreError(f"Cấu hình Neo4j không dùng được ({_without_credentials(self.uri)}): {detail}")
        if isinstance(exc, neo4j_errors.AuthError):
            return StoreError("Neo4j từ chối đăng nhập: kiểm tra NEO4J_USER và NEO4J_PASSWORD.")
        if isinstance(exc, neo4j_errors.ServiceUnavailable):
            return StoreError(f"Không kết nối được Neo4j tại {_without_credentials(self.uri)}.")
        code = getattr(exc, "code", "") or ""
        if "TransactionTimedOut" in code or "Terminated" in code:
            return QueryTimeout("Truy vấn vượt quá thời gian cho phép và đã bị dừng.")
        if "AccessMode" in code or "Forbidden" in code or "WriteOnReadOnly" in code:
            return QueryRefused("Truy vấn bị từ chối: chỉ được đọc, không được ghi.")
        if "Syntax" in code or "ParameterMissing" in code:
            return QuerySyntaxError(f"Lỗi truy vấn Cypher: {message}")
        return StoreError(f"Neo4j: {message}")

    def _session(self, access: str) -> neo4j.Session:
        return self._driver.session(database=self.database, default_access_mode=access)

    def close(self) -> None:
        self._driver.close()

    # --- the build ---------------------------------------------------------------------------
    def _write(self, cypher: str, **params: Any) -> int:
        def work(tx: neo4j.ManagedTransaction) -> int:
            record = tx.run(cypher, **params).single()
            return int(record[0]) if record and len(record) else 0
        try:
            with self._session(neo4j.WRITE_ACCESS) as session:
                return session.execute_write(work)
        except neo4j_errors.Neo4jError as exc:
            raise self._wrap(exc) from None
        except neo4j_errors.DriverError as exc:
            raise self._wrap(exc) from None

    def load(self, schema: Schema, nodes: Mapping[str, list[dict[str, Any]]],
             rels: Mapping[str, list[Edge]]) -> dict[str, dict[str, int]]:
        if self.read_only:
            raise QueryRefused("Đồ thị này được mở chỉ để đọc.")
        build = f"{time.strftime('%Y%m%dT%H%M%S', time.gmtime())}-{time.time_ns() % 10**9:09d}"
        for name in schema.node_tables:
            self._write(f"CREATE CONSTRAINT {quote('dkg_' + name + '_uri')} IF NOT EXISTS "
                        f"FOR (n:{quote(name)}) REQUIRE n.uri IS UNIQUE")
        counts: dict[str, dict[str, int]] = {"nodes": {}, "relationships": {}}
        for name in schema.node_tables:
            rows = nodes.get(name) or []
            counts["nodes"][name] = len(rows)
            cypher = (f"UNWIND $rows AS r MERGE (n:{quote(name)} {{uri: r.uri}}) "
                      f"SET n = r.props, n.{BUILD_PROPERTY} = $build RETURN count(n)")
            for start in range(0, len(rows), self.batch_size):
                batch = [{"uri": row["uri"], "props": {k: v for k, v in row.items() if v is not None}}
                         for row in rows[start:start + self.batch_size]]
                self._write(cypher, rows=batch, build=build)
        for name, edges in rels.items():
            counts["relationships"][name] = len(edges)
            by_pair: dict[tuple[str, str], list[Edge]] = defaultdict(list)
            for edge in edges:
                by_pair[(edge.src_table, edge.dst_table)].append(edge)
            for (src, dst), group in sorted(by_pair.items()):
                cypher = (f"UNWIND $rows AS r MATCH (a:{quote(src)} {{uri: r.src}}) "
                          f"MATCH (b:{quote(dst)} {{uri: r.dst}}) MERGE (a)-[e:{quote(name)}]->(b) "
                          f"SET e.sources = r.sources, e.{BUILD_PROPERTY} = $build RETURN count(e)")
                for start in range(0, len(group), self.batch_size):
                    batch = [{"src": e.src, "dst": e.dst, "sources": e.sources}
                             for e in group[start:start + self.batch_size]]
                    self._write(cypher, rows=batch, build=build)
        # What earlier builds wrote and this one did not.
        for cypher in (
            f"MATCH ()-[e]->() WHERE e.{BUILD_PROPERTY} IS NOT NULL AND e.{BUILD_PROPERTY} <> $build "
            f"WITH e LIMIT $n DELETE e RETURN count(*)",
            f"MATCH (n) WHERE n.{BUILD_PROPERTY} IS NOT NULL AND n.{BUILD_PROPERTY} <> $build "
            f"WITH n LIMIT $n DETACH DELETE n RETURN count(*)",
        ):
            while self._write(cypher, build=build, n=self.batch_size):
                pass
        return counts

    # --- reading -----------------------------------------------------------------------------
    def query(self, cypher: str, params: Mapping[str, Any] | None = None,
              timeout_s: float = DEFAULT_TIMEOUT_S, limit: int = DEFAULT_LIMIT) -> QueryResult:
        check_cypher_read_only(cypher)
        started = time.monotonic()

        @neo4j.unit_of_work(timeout=timeout_s)
        def work(tx: neo4j.ManagedTransaction) -> tuple[list[str], list[list[Any]], bool]:
            result = tx.run(cypher, dict(params or {}))
            columns = list(result.keys())
            rows: list[list[Any]] = []
            for record in result:
                if len(rows) >= limit:
                    return columns, rows, True
                rows.append([_plain(v) for v in record.values()])
            return columns, rows, False

        try:
            with self._session(neo4j.READ_ACCESS) as session:
                columns, rows, truncated = session.execute_read(work)
        except (neo4j_errors.Neo4jError, neo4j_errors.DriverError) as exc:
            raise self._wrap(exc) from None
        return QueryResult.limited(columns, rows, truncated, time.monotonic() - started, limit)

    def counts(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {"nodes": {}, "relationships": {}}

        def work(tx: neo4j.ManagedTransaction) -> None:
            for label, n in tx.run(f"MATCH (n) WHERE n.{BUILD_PROPERTY} IS NOT NULL "
                                   "UNWIND labels(n) AS label RETURN label, count(*)"):
                out["nodes"][label] = n
            for kind, n in tx.run(f"MATCH ()-[r]->() WHERE r.{BUILD_PROPERTY} IS NOT NULL "
                                  "RETURN type(r), count(*)"):
                out["relationships"][kind] = n
        try:
            with self._session(neo4j.READ_ACCESS) as session:
                session.execute_read(work)
        except (neo4j_errors.Neo4jError, neo4j_errors.DriverError) as exc:
            raise self._wrap(exc) from None
        out["nodes"] = dict(sorted(out["nodes"].items()))
        out["relationships"] = dict(sorted(out["relationships"].items()))
        return out


def _factory(home: Path, read_only: bool = False) -> Neo4jStore:
    return Neo4jStore(read_only=read_only)


register_engine("neo4j", _factory)
