"""The derived views: property graph and search index, rebuilt from the published RDF snapshot.

    summary = rebuild_views(home)          # after RdfStore.publish()

Reads every quad of the current RDF snapshot once, maps it with the ontology
(``pg_mapping``), loads the graph store (a full, atomic replace) and rewrites the search index.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Graph

from loaders.stores.graph_store import open_graph_store
from loaders.stores.pg_mapping import DKG, MappingReport, Schema, rows_from_rdf, schema_from_ontology
from loaders.stores.rdf_store import RdfStore
from loaders.stores.search_index import build_search_index


@dataclass
class ViewsSummary:
    engine: str
    counts: dict[str, dict[str, int]]
    search_entries: int
    report: MappingReport
    warnings: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)


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
    """Rebuild the property graph and the search index of ``home`` from its published RDF snapshot."""
    seconds: dict[str, Any] = {}
    started = time.perf_counter()
    schema = schema or load_schema(ontology)
    with RdfStore.open(home, read_only=True) as rdf:
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
    return ViewsSummary(graph.engine, counts, entries, rows.report, list(schema.warnings), seconds)
