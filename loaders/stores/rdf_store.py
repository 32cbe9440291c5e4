"""The RDF store: pyoxigraph on disk, one named graph per source document.

Layout under the data home::

    home/oxigraph/                       the store the build writes (RocksDB; one writer process)
    home/oxigraph-snapshots/CURRENT      names the snapshot readers use
    home/oxigraph-snapshots/snap-*/store a snapshot (``Store.backup``: hard links, cheap)

Why snapshots: RocksDB lets one process open the store for writing, and pyoxigraph documents that
opening it read-only while another process writes is undefined behaviour.  So the build writes
``home/oxigraph`` and, when done, ``publish()``es a snapshot; the app and the CLI open the current
snapshot read-only (``RdfStore.open(home, read_only=True)``) and switch to a newer one with
``refresh_if_changed()``.

Atomicity: ``replace_document`` is one SPARQL update, ``DROP SILENT GRAPH <g> ; INSERT DATA {GRAPH
<g> {...}}``, and Oxigraph runs a whole update request in one transaction, so a SIGKILL leaves the
graph either as it was or as it is meant to be.  A graph the store does not hold yet is written with
``Store.load`` (also one transaction, and ~3x faster).  All parsing is Oxigraph's own: whatever the
caller hands over (an rdflib Graph, N-Triples, Turtle) is parsed by Oxigraph and written back as
canonical N-Triples before it goes into an update, so no input can inject update syntax.

Queries are read-only: the text is checked (``readonly.check_sparql_read_only``) and then run through
``Store.query``, whose parser accepts no update.  The default graph is the union of all graphs.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from loaders.stores.errors import (
    QueryRefused,
    QuerySyntaxError,
    QueryTimeout,
    StoreBusy,
    StoreError,
    StoreNotBuilt,
)
from loaders.stores.query_worker import QueryWorker
from loaders.stores.readonly import check_sparql_read_only
from loaders.stores.results import DEFAULT_LIMIT, DEFAULT_TIMEOUT_S, QueryResult
from loaders.stores.versions import Lease, VersionedDir

XSD = "http://www.w3.org/2001/XMLSchema#"
EXPORT_FORMATS = {
    "nq": ox.RdfFormat.N_QUADS, "nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG,
    "nt": ox.RdfFormat.N_TRIPLES, "ntriples": ox.RdfFormat.N_TRIPLES, "ttl": ox.RdfFormat.TURTLE,
    "turtle": ox.RdfFormat.TURTLE, "jsonld": ox.RdfFormat.JSON_LD, "json-ld": ox.RdfFormat.JSON_LD,
    "rdf": ox.RdfFormat.RDF_XML, "xml": ox.RdfFormat.RDF_XML,
}
INPUT_FORMATS = {"nt": ox.RdfFormat.N_TRIPLES, "ttl": ox.RdfFormat.TURTLE, "turtle": ox.RdfFormat.TURTLE,
                 "nq": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG, "jsonld": ox.RdfFormat.JSON_LD,
                 "rdf": ox.RdfFormat.RDF_XML}
PREFIXES = {
    "dkg": "https://w3id.org/vn-directives/ontology#",
    "eli": "http://data.europa.eu/eli/ontology#",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "time": "http://www.w3.org/2006/time#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": XSD,
}


# --------------------------------------------------------------------------------------------
# Terms and parameters
# --------------------------------------------------------------------------------------------

def iri(value: str) -> ox.NamedNode:
    """A parameter that is an IRI (a plain str parameter is a string literal)."""
    return ox.NamedNode(value)


def to_term(value: Any) -> Any:
    """A Python parameter value as an RDF term: str → string literal, int, float, bool, date → typed."""
    if isinstance(value, (ox.NamedNode, ox.BlankNode, ox.Literal)):
        return value
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=ox.NamedNode(XSD + "boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))
    if isinstance(value, float):
        return ox.Literal(repr(value), datatype=ox.NamedNode(XSD + "double"))
    if isinstance(value, datetime):
        return ox.Literal(value.isoformat(), datatype=ox.NamedNode(XSD + "dateTime"))
    if isinstance(value, date):
        return ox.Literal(value.isoformat(), datatype=ox.NamedNode(XSD + "date"))
    if isinstance(value, str):
        return ox.Literal(value)
    raise TypeError(f"a query parameter cannot be {type(value).__name__}")


def to_python(term: Any) -> Any:
    """An RDF term as a plain value: IRI → str, blank node → '_:id', literal → int/float/bool/date/str."""
    if term is None or isinstance(term, (bool, int, float, str, date)):
        return term
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    if isinstance(term, ox.Literal):
        dt = term.datatype.value if term.datatype else ""
        lex = term.value
        try:
            if dt in (XSD + "integer", XSD + "int", XSD + "long", XSD + "nonNegativeInteger",
                      XSD + "positiveInteger", XSD + "short"):
                return int(lex)
            if dt in (XSD + "decimal", XSD + "double", XSD + "float"):
                return float(lex)
            if dt == XSD + "boolean":
                return lex in ("true", "1")
            if dt == XSD + "date":
                return date.fromisoformat(lex)
        except ValueError:
            return lex
        return lex
    return str(term)


# --------------------------------------------------------------------------------------------
# Query execution (shared by the in-process path and the worker process)
# --------------------------------------------------------------------------------------------

def execute(store: ox.Store, sparql: str, substitutions: Mapping[str, Any], limit: int,
            timeout_s: float, plain: bool = False) -> tuple[list[str], list[list[Any]], bool]:
    """Run one query and collect at most ``limit`` rows (shared with the worker process); ``plain``:
    as Python values (``to_python``), which a worker sends back ~40x faster than pyoxigraph terms."""
    deadline = time.monotonic() + timeout_s
    subs = {ox.Variable(k.lstrip("?$")): v for k, v in substitutions.items()}
    try:
        result = store.query(sparql, use_default_graph_as_union=True, substitutions=subs or None,
                             prefixes=PREFIXES)
    except SyntaxError as exc:
        raise QuerySyntaxError(f"Lỗi cú pháp SPARQL: {exc}") from None
    except RuntimeError as exc:
        raise QuerySyntaxError(f"Truy vấn SPARQL không chạy được: {exc}") from None
    if isinstance(result, ox.QueryBoolean):
        return ["ask"], [[bool(result)]], False
    if isinstance(result, ox.QuerySolutions):
        columns = [v.value for v in result.variables]
        rows_iter: Iterator[list[Any]] = ([solution[c] for c in columns] for solution in result)
    else:  # QueryTriples (CONSTRUCT, DESCRIBE)
        columns = ["subject", "predicate", "object"]
        rows_iter = ([t.subject, t.predicate, t.object] for t in result)
    rows: list[list[Any]] = []
    truncated = False
    for row in rows_iter:
        if len(rows) >= limit:
            truncated = True
            break
        rows.append([to_python(v) for v in row] if plain else row)
        if time.monotonic() > deadline:
            raise QueryTimeout(f"Truy vấn vượt quá thời gian cho phép ({timeout_s:g} giây) và đã bị dừng.")
    return columns, rows, truncated


# --------------------------------------------------------------------------------------------
# The store
# --------------------------------------------------------------------------------------------

def canonical_graph(graph_iri: str, data: Any, fmt: str | None = "nt") -> CanonicalGraph:
    """A graph checked and written as the store takes it, where it is cheap to do so (the build
    calls this in its RDF workers): ``replace_documents`` then writes it without parsing it again.

    N-Triples bytes with one distinct triple a line (``rdf.build.canonical_ntriples``) are only
    parsed, to check them, and kept as they are (writing them again cost as much as the parse)."""
    ox.NamedNode(graph_iri)                      # validates the IRI: no '>' can slip in
    if fmt == "nt" and isinstance(data, bytes) and not isinstance(data, CanonicalGraph):
        try:
            count = sum(1 for _ in ox.parse(data, format=ox.RdfFormat.N_TRIPLES))
        except SyntaxError as exc:
            raise StoreError(f"{graph_iri}: the RDF is not valid N-Triples: {exc}") from None
        if count == data.count(b"\n") and data.endswith(b" .\n"):
            return CanonicalGraph(data, count)
    nt, count = _canonical_ntriples(data, fmt, graph_iri)
    return CanonicalGraph(nt, count)


class CanonicalGraph(bytes):
    """Canonical N-Triples made by ``canonical_graph`` (with their number of triples)."""

    count: int

    def __new__(cls, data: bytes, count: int) -> CanonicalGraph:
        self = super().__new__(cls, data)
        self.count = count
        return self

    def __reduce__(self):   # kept whole across processes
        return CanonicalGraph, (bytes(self), self.count)


def _canonical_ntriples(data: Any, fmt: str | None, graph_iri: str) -> tuple[bytes, int]:
    """Whatever the caller gives, parsed by Oxigraph and written back as canonical N-Triples
    (one triple a line, each ending in " ."), with the number of distinct triples."""
    if isinstance(data, CanonicalGraph):
        return bytes(data), data.count
    if hasattr(data, "serialize") and hasattr(data, "triples"):        # an rdflib Graph
        data, fmt = data.serialize(format="nt", encoding="utf-8"), "nt"
    if isinstance(data, (str, bytes)):
        rdf_format = INPUT_FORMATS.get(fmt or "nt")
        if rdf_format is None:
            raise StoreError(f"{graph_iri}: unknown RDF format {fmt!r}")
        try:
            parsed = ox.parse(data, format=rdf_format)
            triples = {q.triple if type(q) is ox.Quad else q for q in parsed}
        except SyntaxError as exc:
            raise StoreError(f"{graph_iri}: the RDF is not valid {rdf_format.name}: {exc}") from None
    else:                                                                 # pyoxigraph Triples/Quads
        triples = {q.triple if type(q) is ox.Quad else q for q in data}
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), len(triples)


def _as_nquads(ntriples: bytes, graph_iri: str) -> bytes:
    """Canonical N-Triples lines put in a graph: "s p o ." → "s p o <g> ."."""
    tail = f" <{graph_iri}> .".encode()
    return b"".join(line[:-2] + tail + b"\n" for line in ntriples.splitlines() if line)


class RdfStore:
    """pyoxigraph Store with one named graph per document.  ``RdfStore.open(home)`` to get one."""

    def __init__(self, path: str | Path | None, *, read_only: bool = False,
                 snapshots: VersionedDir | None = None, lease: Lease | None = None) -> None:
        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        self._snapshots = snapshots
        self._lease = lease
        self._worker: QueryWorker | None = None
        try:
            if path is None:
                self._store = ox.Store()
            elif read_only:
                self._store = ox.Store.read_only(str(path))
            else:
                Path(path).parent.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(path))
        except OSError as exc:
            if "lock" in str(exc).lower():
                raise StoreBusy(f"Kho RDF {path} đang được một tiến trình khác ghi.") from None
            raise StoreError(f"Không mở được kho RDF {path}: {exc}") from None

    # --- opening -----------------------------------------------------------------------------
    @classmethod
    def open(cls, home: str | Path, read_only: bool = False) -> RdfStore:
        """The build's store (``read_only=False``) or the current published snapshot."""
        home = Path(home)
        snapshots = VersionedDir(home / "oxigraph-snapshots", prefix="snap")
        if not read_only:
            return cls(home / "oxigraph", snapshots=snapshots)
        lease = snapshots.lease_current()
        if lease is None:
            raise StoreNotBuilt("Chưa có dữ liệu RDF: hãy chạy `dkg build` trước.")
        return cls(lease.path / "store", read_only=True, snapshots=snapshots, lease=lease)

    @property
    def version(self) -> Path | None:
        """The published snapshot a read-only store has open (None for the build's own store)."""
        return self._lease.path if self._lease is not None else None

    def refresh_if_changed(self) -> bool:
        """Read-only store: switch to a newer published snapshot if there is one."""
        if not self.read_only or self._snapshots is None or self._lease is None:
            return False
        if self._snapshots.current() in (None, self._lease.path):
            return False
        lease = self._snapshots.lease_current()
        if lease is None:
            return False
        self._stop_worker()
        old = self._lease
        self._store = ox.Store.read_only(str(lease.path / "store"))
        self.path, self._lease = lease.path / "store", lease
        gc.collect()
        old.release()
        return True

    def compact(self) -> None:
        """Merge the files many bulk loads left (Oxigraph's ``optimize``): every later read looks a
        term up in fewer of them (the views read the whole store back; at 10,000 documents written
        in chunks this took the views' reading from 41 to 27 s)."""
        self._require_writable()
        self._store.optimize()

    def publish(self) -> Path:
        """Write a snapshot of the store for readers and make it current; return its directory."""
        self._require_writable()
        if self._snapshots is None:
            raise StoreError("This store has no snapshot directory (open it with RdfStore.open(home)).")
        with self._snapshots.writer_lock():
            target = self._snapshots.new_version()
            self._store.flush()
            self._store.backup(str(target / "store"))
            self._snapshots.publish(target)
        return target

    def close(self) -> None:
        self._stop_worker()
        self._store = None
        gc.collect()
        if self._lease is not None:
            self._lease.release()
            self._lease = None

    def __enter__(self) -> RdfStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _require_writable(self) -> None:
        if self.read_only:
            raise QueryRefused("Kho RDF này được mở chỉ để đọc.")

    def _stop_worker(self) -> None:
        if self._worker is not None:
            self._worker.stop()
            self._worker = None

    # --- writing -----------------------------------------------------------------------------
    def replace_document(self, graph_iri: str, data: Any, fmt: str | None = None) -> int:
        """Replace the named graph ``graph_iri`` with ``data`` in one transaction; return its triples.

        ``data``: an rdflib Graph, N-Triples text (or ``fmt`` = ttl, nq, trig, jsonld, rdf), or
        pyoxigraph Triples.  Loading the same data twice leaves the store unchanged.
        """
        return self.replace_documents([(graph_iri, data)], fmt=fmt)[graph_iri]

    def replace_documents(self, items: Iterable[tuple[str, Any]], fmt: str | None = None,
                          bulk: bool = False) -> dict[str, int]:
        """Replace several graphs: every graph ends up either as it was or as given, never half.

        Graphs the store does not hold yet go in with one ``load`` (one transaction); graphs it
        holds are replaced with one update request (one transaction).  ``bulk``: new graphs go in
        with ``Store.bulk_load`` instead (~2.5x faster, less memory, but not atomic: a kill in the
        middle may leave some of them partly written, so use it only when the caller keeps a record
        of what it is writing and repairs it, as the build does; readers never see it, they read
        published snapshots)."""
        self._require_writable()
        fresh: list[bytes] = []
        updates: list[str] = []
        sizes: dict[str, int] = {}
        for graph_iri, data in items:
            graph = ox.NamedNode(graph_iri)          # validates the IRI: no '>' can slip in
            nt, sizes[graph_iri] = _canonical_ntriples(data, fmt, graph_iri)
            if self._store.contains_named_graph(graph):
                updates.append(f"DROP SILENT GRAPH <{graph_iri}> ;\n"
                               f"INSERT DATA {{ GRAPH <{graph_iri}> {{\n{nt.decode('utf-8')}\n}} }}")
            else:
                fresh.append(_as_nquads(nt, graph_iri))
        # Every graph here was parsed or written by Oxigraph already (``canonical_graph`` in the build's
        # workers, ``_canonical_ntriples`` otherwise) and its IRI checked above: loaded without
        # validating its IRIs again (``lenient``: ~12% less time in the bulk load, measured).
        try:
            if fresh and bulk:
                self._store.bulk_load(input=b"".join(fresh), format=ox.RdfFormat.N_QUADS, lenient=True)
            elif fresh:
                self._store.load(input=b"".join(fresh), format=ox.RdfFormat.N_QUADS, lenient=True)
            if updates:
                self._store.update(" ;\n".join(updates))
        except (SyntaxError, OSError) as exc:
            raise StoreError(f"Could not write graphs {list(sizes)[:3]}…: {exc}") from None
        return sizes

    def remove_document(self, graph_iri: str) -> bool:
        """Drop the named graph; True if it existed."""
        self._require_writable()
        graph = ox.NamedNode(graph_iri)
        existed = self._store.contains_named_graph(graph)
        self._store.update(f"DROP SILENT GRAPH <{graph_iri}>")
        return existed

    def clear(self) -> None:
        self._require_writable()
        self._store.update("DROP SILENT ALL")

    # --- reading -----------------------------------------------------------------------------
    def documents(self) -> list[str]:
        """IRIs of the named graphs (one per source document)."""
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def count(self, graph_iri: str | None = None) -> int:
        """Quads in one graph, or in the whole store."""
        if graph_iri is None:
            return len(self._store)
        return sum(1 for _ in self._store.quads_for_pattern(None, None, None, ox.NamedNode(graph_iri)))

    def quads(self, graph_iri: str | None = None) -> Iterator[ox.Quad]:
        """Every quad (of one graph, if given); feed this to ``pg_mapping.rows_from_rdf``."""
        graph = ox.NamedNode(graph_iri) if graph_iri else None
        return self._store.quads_for_pattern(None, None, None, graph)

    def query(self, sparql: str, params: Mapping[str, Any] | None = None, timeout_s: float = DEFAULT_TIMEOUT_S,
              limit: int = DEFAULT_LIMIT, raw: bool = False, in_process: bool = False) -> QueryResult:
        """Run a read-only SPARQL query over the union of all graphs.

        ``params`` bind variables (``{"symbol": "74-KL/TW"}`` binds ``?symbol`` to a string literal;
        use ``iri(...)`` for an IRI); they are never pasted into the text.  Oxigraph substitutes only
        variables the query projects (SEP-0007): write ``SELECT *`` or list the parameter variables.
        The default graph is the union of the named graphs *as a bag*: a triple that two documents
        state (``d:kl74 a dkg:Document``) matches twice, so write ``SELECT DISTINCT`` / ``COUNT(DISTINCT)``.  Rows hold plain Python
        values (``raw=True``: pyoxigraph terms).  A read-only store runs the query in a worker
        process that is killed at the time limit; the build's store checks the limit between rows.
        ``in_process=True`` runs it in this process even on a read-only store (for the app's own
        queries of known shape that return many rows: no round trip through the worker's pipe, where
        pickling the terms costs ~15 µs each; the time limit is then checked between rows only).
        """
        check_sparql_read_only(sparql)
        substitutions = {k: to_term(v) for k, v in (params or {}).items()}
        started = time.monotonic()
        if self.read_only and self.path is not None and not in_process:
            if self._worker is None:
                self._worker = QueryWorker("oxigraph", self.path)
            columns, rows, truncated = self._worker.run((sparql, substitutions, limit, timeout_s, not raw), timeout_s)
        else:
            columns, rows, truncated = execute(self._store, sparql, substitutions, limit, timeout_s, not raw)
        return QueryResult.limited(columns, rows, truncated, time.monotonic() - started, limit)

    def query_together(self, requests: list[tuple[str, Mapping[str, Any], int]],
                       timeout_s: float = DEFAULT_TIMEOUT_S) -> list[QueryResult]:
        """Several queries (text, params, row limit) at once: a read-only store's worker runs them
        side by side (Oxigraph answers one query on one core), within one time limit; otherwise
        one after the other.  Their answers in the same order, as ``query`` gives them."""
        for sparql, _, _ in requests:
            check_sparql_read_only(sparql)
        asked = [(sparql, {k: to_term(v) for k, v in params.items()}, limit, timeout_s, True)
                 for sparql, params, limit in requests]
        started = time.monotonic()
        if self.read_only and self.path is not None:
            if self._worker is None:
                self._worker = QueryWorker("oxigraph", self.path)
            answers = self._worker.run_together(asked, timeout_s)
        else:
            answers = [execute(self._store, *request) for request in asked]
        elapsed = time.monotonic() - started
        out = []
        for (_, _, limit, _, _), (columns, rows, truncated) in zip(asked, answers, strict=True):
            out.append(QueryResult.limited(columns, rows, truncated, elapsed, limit))
        return out

    def export(self, fmt: str = "nq", output: str | Path | None = None) -> bytes | None:
        """The whole store as N-Quads/TriG/JSON-LD (graphs kept) or Turtle/N-Triples/RDF-XML (their union)."""
        rdf_format = EXPORT_FORMATS.get(fmt.lower())
        if rdf_format is None:
            raise StoreError(f"Định dạng xuất không hỗ trợ: {fmt} (có: {', '.join(sorted(EXPORT_FORMATS))})")
        out = str(output) if output is not None else None
        if rdf_format.supports_datasets:
            return self._store.dump(out, format=rdf_format, prefixes=None)
        triples = sorted({q.triple for q in self._store.quads_for_pattern(None, None, None, None)}, key=str)
        prefixes = PREFIXES if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else None
        return ox.serialize(triples, out, format=rdf_format, prefixes=prefixes)
