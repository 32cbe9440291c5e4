"""Analytics that Cypher does poorly, with networkx, fed from the RDF store (no second copy kept).

    summary_counts(store) -> dict  documents, organs, tasks, meetings, people, citations (end of a build)
    corpus_stats(store) -> dict    counts by type, province and kind; most-cited documents (in-degree,
                                   PageRank); organ workload by role; clusters of related documents.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

import networkx as nx

from loaders.stores.rdf_store import RdfStore

PREFIX = """PREFIX dkg: <https://w3id.org/vn-directives/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
"""
DKG = "https://w3id.org/vn-directives/ontology#"
ROLES = ("lead", "coordinator", "executor", "reportTo", "via", "monitor")


def _rows(store: RdfStore, query: str) -> list[list[Any]]:
    return store.query(PREFIX + query, limit=1_000_000).rows


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def summary_counts(store: RdfStore) -> dict[str, int]:
    """What the graph holds, in the few figures a build ends with (labels in Vietnamese)."""
    types = dict(_rows(store, """
        SELECT ?t (COUNT(DISTINCT ?s) AS ?n) WHERE {
          VALUES ?t { dkg:Document dkg:Organ dkg:Task dkg:Meeting dkg:Person } ?s a ?t } GROUP BY ?t"""))
    cites = _rows(store, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?a ?b WHERE { ?a dkg:cites ?b } }")
    labels = {"Document": "Văn bản (kể cả văn bản được dẫn)", "Organ": "Cơ quan", "Task": "Nhiệm vụ",
              "Meeting": "Cuộc họp", "Person": "Người"}
    out = {label: int(types.get(DKG + name, 0)) for name, label in labels.items()}
    out["Quan hệ trích dẫn"] = int(cites[0][0]) if cites else 0
    return out


def corpus_stats(store: RdfStore, top: int = 10) -> dict:
    types = {_local(t): int(n) for t, n in _rows(store, """
        SELECT ?t (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?t FILTER(STRSTARTS(STR(?t), STR(dkg:))) } GROUP BY ?t""")}
    docs = _rows(store, """
        SELECT DISTINCT ?d ?label ?kind ?prov ?source WHERE {
          ?d a dkg:Document ; rdfs:label ?label .
          OPTIONAL { ?d dkg:hasKind/skos:prefLabel ?kind }
          OPTIONAL { ?d dkg:inProvince/rdfs:label ?prov }
          OPTIONAL { ?d dkg:sourceFile ?source } }""")
    label = {d: lab for d, lab, *_ in docs}
    own = {d: (k, p) for d, _, k, p, s in docs if s}     # documents read from a file of their own
    by_province = Counter(p or "(không rõ)" for _, p in own.values())
    by_kind = Counter(k or "(không rõ)" for k, _ in own.values())
    citations = _rows(store, "SELECT DISTINCT ?a ?b WHERE { ?a dkg:cites ?b }")
    graph = nx.DiGraph()
    graph.add_edges_from((a, b) for a, b in citations)
    indegree = sorted(graph.in_degree(), key=lambda kv: (-kv[1], label.get(kv[0], kv[0])))[:top]
    pagerank = nx.pagerank(graph) if graph.number_of_edges() else {}
    clusters = sorted((sorted(label.get(n, _local(n)) for n in c)
                       for c in nx.weakly_connected_components(graph) if len(c) > 1), key=len, reverse=True)
    workload: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for role in ROLES:
        for _organ, name, prov, n in _rows(store, f"""
            SELECT ?o ?name ?prov (COUNT(DISTINCT ?t) AS ?n) WHERE {{
              ?t dkg:{role} ?o . ?o rdfs:label ?name . OPTIONAL {{ ?o dkg:inProvince/rdfs:label ?prov }} }}
            GROUP BY ?o ?name ?prov"""):
            workload[(name, prov or "")][role] += int(n)
    return {
        "counts": dict(sorted(types.items())),
        "documents_by_province": dict(sorted(by_province.items())),
        "documents_by_kind": dict(sorted(by_kind.items())),
        "most_cited": [{"document": label.get(d, _local(d)), "uri": d, "cited_by": n,
                        "pagerank": round(pagerank.get(d, 0.0), 4)} for d, n in indegree if n],
        "clusters": clusters[:top],
        "organ_workload": [{"organ": name, "province": prov, **dict(c), "total": sum(c.values())}
                           for (name, prov), c in sorted(workload.items(), key=lambda kv: -sum(kv[1].values()))][:top * 3],
    }
