"""Incremental views: the property graph and search index updated for the graphs that changed.

    subjects, objects = plan(old_store, new_store, changed, schema.rdf_only_properties)   # None: rebuild in full
    delta = compute(new_store, schema, subjects, objects, existing, graph_names)
    apply_to_ladybug(conn, schema, delta, existing)               # on a copy of the current version
    apply_to_search_index(current_index, new_index, delta)        # a copy of the index, then replaced

A full rebuild maps every quad of the store (``pg_mapping.rows_from_rdf``).  When a few named graphs
changed, only the nodes they mention can change: a node's row depends on the triples whose subject
it is (in *every* graph, so a node shared by many documents — an organ, a province, a cited
document — is recomputed from all the graphs that state something about it, read from the store
by subject), and a relationship on the triples stating it.  Only what a changed graph gained or
lost can change anything.  So:

* ``subjects`` = subjects of the statements in one version of a changed graph and not in the other:
  their rows and all their outgoing relationships are recomputed;
* ``objects`` = IRIs those statements point to: their rows are recomputed (a node only pointed to is
  a stub; it disappears when nothing points to it any more);
* the neighbours of both (one more hop, and the types of the next) are read too, as far as each
  relationship's ends need their tables and each search entry its province (types, relationships,
  a province's name: not every name a hub document is given by the graphs that cite it).

The statements of a property left to the RDF store (``schema.rdf_only_properties``: the date
indexes, thousands on a hub organ or document) change nothing in the views: they name no subject or
object and are not mapped.

The rows are mapped with the same ``rows_from_rdf`` over these quads only.  When a node would move to
another node table, or a changed graph holds blank nodes, ``plan`` or ``compute`` gives up (None) and the
caller rebuilds in full.  The mapping report of a delta covers only the nodes it maps.
(``views.update_views`` runs all this.)
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from loaders.stores.pg_mapping import RDF_TYPE, Edge, Schema, rows_from_rdf
from loaders.stores.search_index import PROVINCE_TABLES, entries_from_rows, insert_entries, write_atomically

_TYPE = ox.NamedNode(RDF_TYPE)


@dataclass
class Delta:
    """What to change in the views: rows to upsert, nodes to delete, relationships to redo."""

    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)       # uri → row (recomputed)
    table_of: dict[str, str] = field(default_factory=dict)              # uri → node table (rows above)
    deleted: set[str] = field(default_factory=set)                      # uris that have no row any more
    redo_edges_from: set[str] = field(default_factory=set)              # subjects whose out-edges are redone
    edges: dict[str, list[Edge]] = field(default_factory=dict)          # rel table → edges to create
    entries_for: set[str] = field(default_factory=set)                  # search entries to replace
    entries: list[Any] = field(default_factory=list)                    # the new search entries
    problems: list[str] = field(default_factory=list)


def _statements(store: ox.Store, graph: str) -> set[ox.Triple] | None:
    """The statements of ``graph``; None if it holds a blank node."""
    found = set()
    for q in store.quads_for_pattern(None, None, None, ox.NamedNode(graph)):
        if type(q.subject) is not ox.NamedNode or type(q.object) is ox.BlankNode:
            return None
        found.add(q.triple)
    return found


def _subject_quads(store: ox.Store, schema: Schema, uris: Iterable[str], into: set[ox.Quad]) -> set[str]:
    """Every quad (all graphs) whose subject is one of ``uris``, but those of the properties left to
    the RDF store; returns the IRIs they point to."""
    pointed: set[str] = set()
    rdf_only = {ox.NamedNode(p) for p in schema.rdf_only_properties}
    for uri in uris:
        for q in store.quads_for_pattern(ox.NamedNode(uri), None, None, None):
            if rdf_only and q.predicate in rdf_only:
                continue
            into.add(q)
            if type(q.object) is ox.NamedNode and q.predicate != _TYPE:
                pointed.add(q.object.value)
    return pointed


def _neighbour_quads(store: ox.Store, schema: Schema, uris: Iterable[str], into: set[ox.Quad],
                     edges: bool) -> set[str]:
    """What the delta needs of a neighbour: its types (its node table), all of a province's
    statements (its name is the province of a search entry), and with ``edges`` its relationships
    (a document's province). Not the names and symbols a hub is given in every graph that cites it:
    reading those cost seconds an update at 100,000 documents. Returns the IRIs its edges point to."""
    pointed: set[str] = set()
    provinces = {c for c, t in schema.class_table.items() if t in PROVINCE_TABLES}
    predicates = [ox.NamedNode(p) for p in sorted(schema.object_properties)]
    for uri in uris:
        node = ox.NamedNode(uri)
        typed = list(store.quads_for_pattern(node, _TYPE, None, None))
        into.update(typed)
        if any(q.object.value in provinces for q in typed if type(q.object) is ox.NamedNode):
            into.update(store.quads_for_pattern(node, None, None, None))
        elif edges:
            for predicate in predicates:
                for q in store.quads_for_pattern(node, predicate, None, None):
                    into.add(q)
                    if type(q.object) is ox.NamedNode:
                        pointed.add(q.object.value)
    return pointed


def plan(old: ox.Store, new: ox.Store, changed: Iterable[str],
         rdf_only: Iterable[str] = ()) -> tuple[set[str], set[str]] | None:
    """(subjects, objects) of the statements a changed graph gained or lost, but those of the
    properties ``rdf_only`` (``schema.rdf_only_properties``: they map to nothing); None on blank nodes.

    A statement the old and the new version both hold changes no row, relationship or source list
    (each is a function of the statements of every graph), so a node only the unchanged statements
    name is left alone: a document cited by half the corpus is not re-read because one citing
    notice gained a task."""
    subjects: set[str] = set()
    objects: set[str] = set()
    kept = {ox.NamedNode(p) for p in rdf_only}
    for graph in changed:
        before, after = _statements(old, graph), _statements(new, graph)
        if before is None or after is None:
            return None
        for t in before ^ after:
            if t.predicate in kept:
                continue
            subjects.add(t.subject.value)
            if type(t.object) is ox.NamedNode and t.predicate != _TYPE:
                objects.add(t.object.value)
    return subjects, objects - subjects


def compute(new: ox.Store, schema: Schema, subjects: set[str], objects: set[str], existing: dict[str, str],
            graph_names: set[str]) -> Delta | None:
    """The delta, given the mentioned ``subjects`` and ``objects`` and ``existing`` (uri → node table
    of those the graph store holds now).  None when a node changes table (rebuild in full)."""
    quads: set[ox.Quad] = set()
    hop1 = _subject_quads(new, schema, subjects | objects, quads)
    hop2 = _neighbour_quads(new, schema, hop1 - subjects - objects, quads, edges=True)
    fetched = subjects | objects | hop1
    _neighbour_quads(new, schema, hop2 - fetched, quads, edges=False)      # the tables of the far ends
    # new nodes: relationships from unchanged subjects that pointed at them in vain are made now
    born = {u for u in subjects | objects if u not in existing}
    pointing: set[str] = set()
    for uri in born:
        for q in new.quads_for_pattern(None, None, ox.NamedNode(uri), None):
            if (type(q.subject) is ox.NamedNode and q.subject.value not in subjects
                    and q.predicate.value not in schema.rdf_only_properties):
                quads.add(q)
                pointing.add(q.subject.value)
    for uri in pointing - fetched - hop2:
        for q in new.quads_for_pattern(ox.NamedNode(uri), _TYPE, None, None):
            quads.add(q)

    rows = rows_from_rdf(quads, schema, graph_names=graph_names)
    delta = Delta(problems=rows.report.problems())
    table_of = {row["uri"]: table for table, table_rows in rows.nodes.items() for row in table_rows}
    by_uri = {row["uri"]: row for table_rows in rows.nodes.values() for row in table_rows}
    for uri in subjects | objects:
        table = table_of.get(uri)
        if table is None:
            if uri in existing:
                delta.deleted.add(uri)
            continue
        if uri in existing and existing[uri] != table:
            return None
        delta.nodes[uri] = by_uri[uri]
        delta.table_of[uri] = table
    delta.redo_edges_from = {u for u in subjects if u in existing and u not in delta.deleted}
    for name, edges in rows.rels.items():
        keep = [e for e in edges if e.src in subjects or (e.dst in born and e.src in pointing)]
        if keep:
            delta.edges[name] = keep
    # search entries: the subjects (their rows, edges and neighbours are all known) and nodes born or gone
    delta.entries_for = subjects | born | delta.deleted
    delta.entries = [e for e in entries_from_rows(schema, rows) if e.uri in delta.entries_for]
    return delta


# --------------------------------------------------------------------------------------------
# Applying a delta
# --------------------------------------------------------------------------------------------

def _q(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


def ladybug_tables_of(conn: Any, schema: Schema, uris: set[str]) -> dict[str, str]:
    """uri → node table of those of ``uris`` the database holds."""
    out: dict[str, str] = {}
    wanted = sorted(uris)
    for name in schema.node_tables:
        for start in range(0, len(wanted), 5000):
            result = conn.execute(f"UNWIND $uris AS u MATCH (n:{_q(name)} {{uri: u}}) RETURN n.uri",
                                  {"uris": wanted[start:start + 5000]})
            while result.has_next():
                out[result.get_next()[0]] = name
            result.close()
    return out


def edge_insert(rel: str, src: str, dst: str) -> str:
    """The statement that adds ``$items`` ({s, d, g}) as ``rel`` edges from ``src`` to ``dst`` nodes.
    Two MATCH clauses, so that each end is a primary-key lookup: one comma-joined MATCH is planned as
    a cross product of both tables (10^10 rows at 100,000 documents: the buffer pool runs out)."""
    return (f"UNWIND $items AS e MATCH (a:{_q(src)} {{uri: e.s}}) MATCH (b:{_q(dst)} {{uri: e.d}}) "
            f"CREATE (a)-[:{_q(rel)} {{sources: e.g}}]->(b)")


EdgeKey = tuple[str, str, str, str, str]      # relationship table, source table, target table, source, target


def one_edge(rel: str, src: str, dst: str, then: str) -> str:
    """The statement that finds the ``rel`` edge from ``$s`` to ``$d`` and does ``then`` with ``r``: its
    join order fixed from the source (``UNWIND … MATCH (a {uri: e.s})-[r]->(b)`` is planned as a scan of
    every such edge joined to the list: LadybugDB's buffer pool ran out at 100,000 documents)."""
    return (f"MATCH (a:{_q(src)})-[r:{_q(rel)}]->(b:{_q(dst)}) WHERE a.uri = $s AND b.uri = $d "
            f"HINT (a JOIN r) JOIN b {then}")


def _out_edges(conn: Any, schema: Schema, by_table: dict[str, list[str]]) -> dict[EdgeKey, list[str]]:
    """The relationships the database holds out of the given nodes (node table → uris), with their sources
    (read from the nodes' own adjacency: HINT, as in ``one_edge``)."""
    out: dict[EdgeKey, list[str]] = {}
    for table, uris in by_table.items():
        for rel in schema.rel_tables.values():
            for dst in sorted({d for s, d in rel.pairs if s == table}):
                for start in range(0, len(uris), 5000):
                    result = conn.execute(f"MATCH (a:{_q(table)})-[r:{_q(rel.name)}]->(b:{_q(dst)}) "
                                          f"WHERE a.uri IN $uris HINT (a JOIN r) JOIN b "
                                          f"RETURN a.uri, b.uri, r.sources",
                                          {"uris": uris[start:start + 5000]})
                    while result.has_next():
                        a, b, sources = result.get_next()
                        out[(rel.name, table, dst, a, b)] = list(sources or [])
                    result.close()
    return out


def apply_to_ladybug(conn: Any, schema: Schema, delta: Delta, existing: dict[str, str]) -> None:
    """Apply ``delta`` to an open, writable LadybugDB connection.

    The relationships out of the recomputed nodes are compared with those the database holds: only
    those that went are deleted, only new ones created, and a changed ``sources`` list is set in
    place. (Deleting a relationship whose other end is a hub — an organ, a kind, a province — makes
    LadybugDB rewrite the hub's whole adjacency at the next checkpoint: ~10 s for one edge into an
    organ at 100,000 documents; deleting and creating the same edges again cost 39 s an update.)"""
    def run(cypher: str, params: dict[str, Any] | None = None) -> None:
        result = conn.execute(cypher, params or {})
        for r in result if isinstance(result, list) else [result]:
            r.close()

    by_table: dict[str, list[str]] = {}
    for uri in delta.redo_edges_from:
        by_table.setdefault(existing[uri], []).append(uri)
    held = _out_edges(conn, schema, by_table)
    wanted: dict[EdgeKey, list[str]] = {}
    for name, edges in delta.edges.items():
        for e in edges:
            wanted[(name, e.src_table, e.dst_table, e.src, e.dst)] = list(e.sources)
    for key, sources in sorted(held.items()):      # one statement an edge: ~0.4 ms each
        rel, src, dst, s, d = key
        if key not in wanted:
            run(one_edge(rel, src, dst, "DELETE r"), {"s": s, "d": d})
        elif sorted(wanted[key]) != sorted(sources):
            run(one_edge(rel, src, dst, "SET r.sources = $g"), {"s": s, "d": d, "g": wanted[key]})
    gone: dict[str, list[str]] = {}
    for uri in delta.deleted:
        gone.setdefault(existing[uri], []).append(uri)
    for table, uris in gone.items():
        run(f"MATCH (n:{_q(table)}) WHERE n.uri IN $uris DETACH DELETE n", {"uris": uris})
    # rows in batches, one per table and set of empty columns (a NULL in a batch has no type)
    batches: dict[tuple[str, tuple[str, ...]], list[dict[str, Any]]] = {}
    for uri, row in sorted(delta.nodes.items()):
        table = schema.node_tables[delta.table_of[uri]]
        nulls = tuple(c for c in table.columns if c != "uri" and row.get(c) is None)
        batches.setdefault((table.name, nulls), []).append(
            {c: row.get(c) for c in table.columns if c not in nulls})
    for (table_name, nulls), items in sorted(batches.items()):
        sets = [f"n.{_q(c)} = " + ("NULL" if c in nulls else f"r.{_q(c)}")
                for c in schema.node_tables[table_name].columns if c != "uri"]
        for start in range(0, len(items), 1000):
            run(f"UNWIND $rows AS r MERGE (n:{_q(table_name)} {{uri: r.uri}}) SET {', '.join(sets)}",
                {"rows": items[start:start + 1000]})
    for name, edges in sorted(delta.edges.items()):
        groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for e in edges:
            if (name, e.src_table, e.dst_table, e.src, e.dst) not in held:
                groups.setdefault((e.src_table, e.dst_table), []).append({"s": e.src, "d": e.dst, "g": e.sources})
        for (src, dst), items in sorted(groups.items()):
            for start in range(0, len(items), 1000):
                run(edge_insert(name, src, dst), {"items": items[start:start + 1000]})


def apply_to_search_index(source: Path, target: Path, delta: Delta) -> int:
    """Write ``target``: a copy of the index ``source`` with the delta's entries replaced; return its size."""
    def fill(dst: sqlite3.Connection) -> int:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            src.backup(dst)
        finally:
            src.close()
        uris = sorted(delta.entries_for)
        for start in range(0, len(uris), 500):
            part = uris[start:start + 500]
            dst.execute(f"DELETE FROM entries WHERE uri IN ({', '.join('?' * len(part))})", part)
        insert_entries(dst, delta.entries)
        count = dst.execute("SELECT count(*) FROM entries").fetchone()[0]
        dst.execute("INSERT OR REPLACE INTO meta VALUES ('entries', ?)", (str(count),))
        return count

    return write_atomically(target, fill)
