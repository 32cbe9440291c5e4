"""The derived views: property graph and search index, rebuilt from the published RDF snapshot.

    summary = rebuild_views(home)          # after RdfStore.publish(): a full rebuild
    held = hold_views_snapshot(home)       # before publish(): keep the snapshot the views show
    summary = update_views(home, graphs, previous=held)   # after publish(): only what changed

``rebuild_views`` maps the current RDF snapshot with the ontology, loads the graph store (a full,
atomic replace) and rewrites the search index.  For LadybugDB the store is streamed to the COPY
files one predicate at a time (``pg_stream``: SPARQL SELECTs, never every row of every table in
Python at once) and the index is read back from the node files; for Neo4j every quad goes through
``pg_mapping.rows_from_rdf``.  Both give the same graph and index.

``update_views`` is the build's path.  ``graphs`` maps each named graph of the snapshot to a hash
of its content (the build's manifest has one).  ``home/views-state.json`` records what the views
show: those hashes, the RDF snapshot, the schema, the graph store's version and the index file.
When all match, nothing is done; when few graphs differ (``INCREMENTAL_MAX``) and the engine is
LadybugDB, the changed nodes and relationships are applied to a copy of the current version and of
the index (``views_delta``), each switched atomically as a full rebuild is; else a full rebuild.
The state file is removed before the views change and written after both are done, so a build
killed in between rebuilds them in full next time.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Graph

from loaders.memory import release_memory
from loaders.stores.graph_store import open_graph_store
from loaders.stores.pg_mapping import DKG, MappingReport, Schema, rows_from_rdf, schema_from_ontology
from loaders.stores.rdf_store import RdfStore
from loaders.stores.search_index import INDEX_FILE, build_search_index
from loaders.stores.versions import Lease, VersionedDir

STATE_FILE = "views-state.json"
INCREMENTAL_MAX = 1000        # at most this many changed graphs (and 10% of all) for an update


@dataclass
class ViewsSummary:
    engine: str
    counts: dict[str, dict[str, int]]
    search_entries: int
    report: MappingReport
    warnings: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    mode: str = "full"            # full | incremental | unchanged
    snapshot: str = ""            # the RDF snapshot the views were made from
    problems: list[str] = field(default_factory=list)


def load_schema(ontology: Graph | str | Path | None = None, namespace: str = DKG) -> Schema:
    """The schema of ``ontology`` (a Graph or a Turtle file; default: the project's ontology)."""
    if not isinstance(ontology, Graph):
        if ontology is None:
            from ontology import ONTOLOGY_TTL
            ontology = ONTOLOGY_TTL
        ontology = Graph().parse(str(ontology), format="turtle")
    return schema_from_ontology(ontology, namespace=namespace)


def rebuild_views(home: str | Path, ontology: Graph | str | Path | None = None, engine: str | None = None,
                  schema: Schema | None = None) -> ViewsSummary:
    """Rebuild the property graph and the search index of ``home`` from its published RDF snapshot.

    LadybugDB with a schema ``pg_stream`` can map (the project's): streamed from the store to the
    COPY files and the index, never the whole graph in memory; otherwise (Neo4j) through
    ``rows_from_rdf``."""
    from loaders.stores.graph_store import default_engine
    from loaders.stores.pg_stream import streamable

    schema = schema or load_schema(ontology)
    if (engine or default_engine()) == "ladybug" and streamable(schema):
        return _rebuild_streamed(Path(home), schema)
    seconds: dict[str, Any] = {}
    started = time.perf_counter()
    with RdfStore.open(home, read_only=True) as rdf:
        snapshot = rdf.path.parent.name if rdf.path else ""
        rows = rows_from_rdf(rdf.quads(), schema)
    seconds["map"] = round(time.perf_counter() - started, 3)

    started = time.perf_counter()
    graph = open_graph_store(home, engine=engine)
    try:
        counts = graph.load(schema, rows.nodes, rows.rels)
    finally:
        graph.close()
    seconds["graph"] = round(time.perf_counter() - started, 3)

    started = time.perf_counter()
    entries = build_search_index(home, schema, rows)
    seconds["search"] = round(time.perf_counter() - started, 3)
    return ViewsSummary(graph.engine, counts, entries, rows.report, list(schema.warnings), seconds,
                        snapshot=snapshot, problems=rows.report.problems())


def _rebuild_streamed(home: Path, schema: Schema) -> ViewsSummary:
    """``rebuild_views`` for LadybugDB: the store mapped to Parquet files (``pg_stream.map_store``) in a
    temporary directory of the home, bulk-loaded into a new version while the search index is read
    from them."""
    from loaders.stores.ladybug_store import LadybugStore
    from loaders.stores.pg_stream import map_store
    from loaders.stores.search_index import write_index

    seconds: dict[str, Any] = {}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix=".views-", dir=home) as tmp:
        with RdfStore.open(home, read_only=True) as rdf:
            snapshot = rdf.path.parent.name if rdf.path else ""
            mapped = map_store(rdf._store, schema, Path(tmp))
        release_memory()             # the mapping's dictionaries are gone before LadybugDB's COPY grows
        seconds["map"] = round(time.perf_counter() - started, 3)

        # LadybugDB's COPY (in a thread: it lets go of the GIL) and the search index read the same
        # files, each writing its own: at once, on two cores
        graph = LadybugStore(home / "ladybug", read_only=False)

        def copy() -> dict[str, dict[str, int]]:
            started = time.perf_counter()
            try:
                return graph.load_files(schema, mapped.files)
            finally:
                graph.close()
                seconds["graph"] = round(time.perf_counter() - started, 3)

        with ThreadPoolExecutor(1, thread_name_prefix="dkg-copy") as pool:
            copying = pool.submit(copy)
            started = time.perf_counter()
            entries = write_index(home / INDEX_FILE, mapped.search_entries(schema), numbered=True)
            seconds["search"] = round(time.perf_counter() - started, 3)
            counts = copying.result()      # (an error of the index waits for the COPY, then is raised)
    return ViewsSummary(graph.engine, counts, entries, mapped.report, list(schema.warnings), seconds,
                        snapshot=snapshot, problems=mapped.report.problems())


# --------------------------------------------------------------------------------------------
# The build's path: nothing, an update, or a full rebuild
# --------------------------------------------------------------------------------------------

def _read_state(home: Path) -> dict[str, Any]:
    try:
        return json.loads((home / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _index_stamp(home: Path) -> str:
    try:
        st = (home / INDEX_FILE).stat()
    except OSError:
        return ""
    return f"{st.st_ino}:{st.st_size}:{st.st_mtime_ns}"


def _graph_version(home: Path, engine: str) -> str:
    if engine != "ladybug":
        return ""
    current = VersionedDir(home / "ladybug", prefix="db").current()
    return current.name if current else ""


def _write_state(home: Path, state: dict[str, Any]) -> None:
    tmp = home / f".{STATE_FILE}.{os.getpid()}.tmp"
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump(state, handle, ensure_ascii=False)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, home / STATE_FILE)


def hold_views_snapshot(home: str | Path) -> Lease | None:
    """A hold on the RDF snapshot the views were made from (so that publishing a new one keeps it
    for ``update_views`` to compare with); None if there is none.  Release it after the update."""
    name = _read_state(Path(home)).get("snapshot")
    if not name:
        return None
    return VersionedDir(Path(home) / "oxigraph-snapshots", prefix="snap").lease(name)


def update_views(home: str | Path, graphs: dict[str, str], previous: Lease | None = None,
                 engine: str | None = None, schema: Schema | None = None) -> ViewsSummary:
    """Bring the views of ``home`` up to its published RDF snapshot, whose named graphs have the
    content hashes ``graphs``; ``previous``: the hold from ``hold_views_snapshot`` taken before the
    snapshot was published.  Nothing, an update of what changed, or a full rebuild (module docstring)."""
    from loaders.stores.graph_store import default_engine

    home = Path(home)
    engine = engine or default_engine()
    schema = schema or load_schema()
    state = _read_state(home)
    same_views = (state.get("schema") == schema.fingerprint() and state.get("engine") == engine
                  and state.get("graph_version") == _graph_version(home, engine)
                  and state.get("index") == _index_stamp(home) and _index_stamp(home) != "")
    old_graphs: dict[str, str] = state.get("graphs") or {}
    changed = sorted(g for g in set(graphs) | set(old_graphs) if graphs.get(g) != old_graphs.get(g))
    current = VersionedDir(home / "oxigraph-snapshots", prefix="snap").current()
    if same_views and not changed and current is not None and state.get("snapshot") == current.name:
        return ViewsSummary(engine, {}, 0, MappingReport(), list(schema.warnings), {}, "unchanged",
                            state.get("snapshot", ""), list(state.get("problems") or []))
    (home / STATE_FILE).unlink(missing_ok=True)
    summary = None
    if (same_views and engine == "ladybug" and previous is not None and state.get("snapshot") == previous.path.name
            and len(changed) <= min(INCREMENTAL_MAX, max(10, len(graphs) // 10))):
        summary = _update(home, schema, previous, changed, state)
    if summary is None:
        summary = rebuild_views(home, engine=engine, schema=schema)
    _write_state(home, {"schema": schema.fingerprint(), "engine": engine, "snapshot": summary.snapshot,
                        "graph_version": _graph_version(home, engine), "index": _index_stamp(home),
                        "graphs": graphs, "problems": summary.problems})
    return summary


def _update(home: Path, schema: Schema, previous: Lease, changed: list[str],
            state: dict[str, Any]) -> ViewsSummary | None:
    """The incremental path; None when the delta cannot be applied (a full rebuild is needed)."""
    from loaders.stores.ladybug_store import DB_FILE, LadybugStore, open_read_only
    from loaders.stores.views_delta import (
        apply_to_ladybug,
        apply_to_search_index,
        compute,
        ladybug_tables_of,
        plan,
    )

    seconds: dict[str, Any] = {}
    started = time.perf_counter()
    old = RdfStore(previous.path / "store", read_only=True)
    try:
        with RdfStore.open(home, read_only=True) as new:
            snapshot = new.path.parent.name if new.path else ""
            mentioned = plan(old._store, new._store, changed, schema.rdf_only_properties)
            if mentioned is None:
                return None
            subjects, objects = mentioned
            graph = LadybugStore(home / "ladybug", read_only=False)
            current = graph.versions.current()
            if current is None:
                return None
            db, conn = open_read_only(current / DB_FILE)
            try:
                existing = ladybug_tables_of(conn, schema, subjects | objects)
            finally:
                conn.close()
                db.close()
            delta = compute(new._store, schema, subjects, objects, existing, set(new.documents()))
    finally:
        old.close()
    if delta is None:
        return None
    seconds["map"] = round(time.perf_counter() - started, 3)
    started = time.perf_counter()
    try:
        counts = graph.update(schema, lambda c: apply_to_ladybug(c, schema, delta, existing))
    finally:
        graph.close()
    seconds["graph"] = round(time.perf_counter() - started, 3)
    started = time.perf_counter()
    entries = apply_to_search_index(home / INDEX_FILE, home / INDEX_FILE, delta)
    seconds["search"] = round(time.perf_counter() - started, 3)
    report = MappingReport()
    return ViewsSummary("ladybug", counts, entries, report, list(schema.warnings), seconds, "incremental",
                        snapshot, list(state.get("problems") or []))
