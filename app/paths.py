"""A shortest path between two nodes of the store, found by a breadth-first search from both ends.

The graph is that of the explorer's graph page: nodes with a node type (``NODE_TYPES``) other than the
provenance nodes (CitationEvidence, Mention) and the types the caller hides (document kinds and
provinces by default: hubs that make every path trivial; the two ends are always allowed); edges are
the triples between them (not rdf:type, not prov:wasDerivedFrom), direction ignored.  Between two
nodes joined by several properties the path names a specific one rather than dkg:cites.

Each step reads the edges of the smaller frontier (a few hundred nodes a query, ``VALUES``) and the
types and labels of the nodes it reaches, so only the neighbourhoods the search walks are read, never
the whole graph (which is what the explorer did before: past 30 s at 10,000 documents).  The search
gives up after ``MAX_STEPS`` steps or ``MAX_NODES`` nodes reached (then: no path).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from app.labels import PROVENANCE_TYPES, local
from app.tables import Rows, chunks, iri_values, labels_and_types

MAX_STEPS = 40
MAX_NODES = 60_000
_SKIP = "?p != rdf:type && ?p != prov:wasDerivedFrom"


@dataclass(frozen=True)
class Step:
    node: str          # the node the search came from
    prop: str          # local name of the property
    src: str           # subject of the triple


def _edges(rows: Rows, nodes: Iterable[str]) -> list[tuple[str, str, str, str]]:
    """(node, other, property, subject) for every edge at one of ``nodes``."""
    out = []
    for batch in chunks(sorted(nodes)):
        values = iri_values(batch)
        for r in rows(f"SELECT DISTINCT ?n ?p ?o WHERE {{ VALUES ?n {{ {values} }} ?n ?p ?o . "
                      f"FILTER(isIRI(?o) && {_SKIP}) }}"):
            out.append((r["n"], r["o"], local(r["p"]), r["n"]))
        for r in rows(f"SELECT DISTINCT ?n ?p ?o WHERE {{ VALUES ?n {{ {values} }} ?o ?p ?n . "
                      f"FILTER(isIRI(?o) && {_SKIP}) }}"):
            out.append((r["n"], r["o"], local(r["p"]), r["o"]))
    return out


def shortest_path(rows: Rows, a: str, b: str, exclude: Iterable[str]
                  ) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]] | None:
    """([(uri, label, node type)], [(src, dst, property)]) of a shortest path from ``a`` to ``b``."""
    hidden = set(exclude) | set(PROVENANCE_TYPES)
    labels, types = labels_and_types(rows, [a, b])
    if any(types.get(x) is None or types[x] in PROVENANCE_TYPES for x in (a, b)):
        return None
    if a == b:
        return [(a, str(labels.get(a) or local(a)), types[a])], []
    parents: list[dict[str, Step | None]] = [{a: None}, {b: None}]
    frontiers: list[list[str]] = [[a], [b]]
    for _ in range(MAX_STEPS):
        side = 0 if len(frontiers[0]) <= len(frontiers[1]) else 1
        if not frontiers[side] or len(parents[0]) + len(parents[1]) > MAX_NODES:
            return None
        mine, theirs = parents[side], parents[1 - side]
        edges = _edges(rows, frontiers[side])
        new_labels, new_types = labels_and_types(rows, {o for _n, o, _p, _s in edges if o not in mine})
        labels.update(new_labels)
        types.update(new_types)
        reached: list[str] = []
        # the first edge to reach a node is its parent: nodes in order, a specific property before cites
        for node, other, prop, src in sorted(edges, key=lambda e: (e[1], e[0], e[2] == "cites", e[2], e[3])):
            if other in mine:
                continue
            kind = types.get(other)
            if other not in (a, b) and (kind is None or kind in hidden):
                continue
            mine[other] = Step(node, prop, src)
            reached.append(other)
        frontiers[side] = reached
        meeting = sorted(n for n in reached if n in theirs)
        if meeting:
            return _path(meeting[0], parents, labels, types)
    return None


def _path(middle: str, parents: list[dict[str, Step | None]], labels: dict, types: dict
          ) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    left, node = [middle], middle
    while (step := parents[0][node]) is not None:
        node = step.node
        left.append(node)
    left.reverse()
    right, node = [], middle
    while (step := parents[1][node]) is not None:
        node = step.node
        right.append(node)
    path = left + right
    edges = []
    for x, y in zip(path, path[1:], strict=False):
        step = parents[0].get(y) if parents[0].get(y) is not None and parents[0][y].node == x else parents[1][x]
        assert step is not None
        edges.append((step.src, y if step.src == x else x, step.prop))
    return [(n, str(labels.get(n) or local(n)), types.get(n, "Other")) for n in path], edges
