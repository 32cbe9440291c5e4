"""The explorer's whole-corpus tables (app/tables.py through SPARQL, app/pgtables.py through Cypher) and
their disk cache (app/diskcache.py), on the seed corpus built into a temporary data home.

The two readings must give the same tables; the documents table must also match the original
one-query SPARQL (GROUP BY with OPTIONALs: correct, but too slow past a few thousand documents), used
here as the oracle at seed size.
"""

from __future__ import annotations

import dataclasses
import pickle
from pathlib import Path
from typing import Any

import pytest

from app import diskcache, pgtables, tables
from app.data import PREFIX
from dkg.config import REPO_ROOT
from loaders.pipeline import build
from loaders.stores.graph_store import open_graph_store
from loaders.stores.rdf_store import RdfStore

SEEDS = REPO_ROOT / "data" / "corpus"
TABLES = ("documents", "provinces", "citations", "organ_categories", "task_facts", "document_texts")


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory):
    home = tmp_path_factory.mktemp("dkg-home")
    summary = build([SEEDS], home)
    assert summary.documents == 4, summary
    rdf = RdfStore.open(home, read_only=True)
    graph = open_graph_store(home, read_only=True)
    yield rdf, graph
    rdf.close()
    graph.close()


def sparql_rows(rdf: RdfStore):
    return lambda text: rdf.query(PREFIX + text, limit=1_000_000, in_process=True).records()


def cypher_rows(graph: Any):
    return lambda text: graph.query(text, limit=1_000_000).records()


def plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value):
        return {k: plain(getattr(value, k)) for k in value.__dataclass_fields__}
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


@pytest.mark.parametrize("name", TABLES)
def test_property_graph_and_sparql_give_the_same_table(stores, name: str) -> None:
    rdf, graph = stores
    by_sparql = plain(getattr(tables, name)(sparql_rows(rdf)))
    by_cypher = plain(getattr(pgtables, name)(cypher_rows(graph)))
    assert by_sparql, f"{name} is empty on the seed corpus"
    assert by_cypher == by_sparql


ORIGINAL_DOCUMENTS = """
    SELECT ?d (SAMPLE(?l) AS ?label) (SAMPLE(?s) AS ?symbol) (SAMPLE(?t) AS ?title) (SAMPLE(?k) AS ?kind)
           (SAMPLE(?kl) AS ?kindLabel) (SAMPLE(?dt) AS ?date) (SAMPLE(?p) AS ?province)
           (SAMPLE(?pl) AS ?provinceLabel) (MAX(?src) AS ?source) (SAMPLE(?i) AS ?issuer)
    WHERE {
      ?d a dkg:Document .
      OPTIONAL { ?d rdfs:label ?l } OPTIONAL { ?d eli:id_local ?s } OPTIONAL { ?d dcterms:title ?t }
      OPTIONAL { ?d dkg:hasKind ?k . OPTIONAL { ?k skos:prefLabel ?kl } }
      OPTIONAL { ?d eli:date_document ?dt }
      OPTIONAL { ?d dkg:inProvince ?p . OPTIONAL { ?p rdfs:label ?pl } }
      OPTIONAL { ?d dkg:sourceFile ?src } OPTIONAL { ?d dkg:issuer ?i }
    } GROUP BY ?d"""


def test_documents_match_the_original_query(stores) -> None:
    rdf, graph = stores
    expected = sparql_rows(rdf)(ORIGINAL_DOCUMENTS)
    for reading in (tables.documents(sparql_rows(rdf)), pgtables.documents(cypher_rows(graph))):
        assert set(reading) == {r["d"] for r in expected}
        for r in expected:
            doc = reading[r["d"]]
            assert (doc.symbol, doc.title, doc.kind, doc.kind_label, doc.date, doc.source, doc.issuer) == (
                r["symbol"], r["title"], r["kind"], r["kindLabel"], tables.as_date(r["date"]), r["source"],
                r["issuer"]), r["d"]
            assert doc.label == (r["label"] or r["symbol"] or doc.label)
            if r["province"]:
                assert (doc.province, doc.province_label) == (r["province"], r["provinceLabel"])
    loaded = [d for d in reading.values() if d.source]
    assert len(loaded) == 4 and any(d.province_label for d in loaded)


def test_provinces_count_the_documents_that_name_them(stores) -> None:
    rdf, _graph = stores
    docs = tables.documents(sparql_rows(rdf))
    for province in tables.provinces(sparql_rows(rdf)):
        stated = sum(1 for r in sparql_rows(rdf)("SELECT DISTINCT ?d ?p WHERE { ?d a dkg:Document ; dkg:inProvince ?p }")
                     if r["p"] == province.uri)
        assert province.documents == stated
    assert any(p.documents for p in tables.provinces(sparql_rows(rdf))), "no province has a document"
    assert {d.province for d in docs.values() if d.source} - {None} <= {p.uri for p in tables.provinces(sparql_rows(rdf))}


def test_values_block_takes_only_plain_iris() -> None:
    assert tables.iri_values(["https://w3id.org/vn-directives/id/a"]) == "<https://w3id.org/vn-directives/id/a>"
    for bad in ("https://x.org/a> } ?s ?p ?o {", "not an iri", "https://x.org/a b"):
        with pytest.raises(ValueError):
            tables.iri_values([bad])


def test_disk_cache_computes_once_per_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DKG_APP_CACHE", raising=False)
    calls: list[str] = []

    def compute(value: str):
        def run() -> dict:
            calls.append(value)
            return {"value": value}
        return run

    assert diskcache.cached(tmp_path, "snap-1|db-1|5", "t", compute("a")) == {"value": "a"}
    assert diskcache.cached(tmp_path, "snap-1|db-1|5", "t", compute("b")) == {"value": "a"}
    assert calls == ["a"]
    first = diskcache.folder(tmp_path, "snap-1|db-1|5")
    assert (first / "t.pickle").is_file()
    # a new build: computed again, the old version's folder removed
    assert diskcache.cached(tmp_path, "snap-2|db-2|6", "t", compute("c")) == {"value": "c"}
    assert not first.exists() and calls == ["a", "c"]
    # a damaged file is read again from the stores and rewritten
    target = diskcache.folder(tmp_path, "snap-2|db-2|6") / "t.pickle"
    target.write_bytes(b"not a pickle")
    assert diskcache.cached(tmp_path, "snap-2|db-2|6", "t", compute("d")) == {"value": "d"}
    assert pickle.loads(target.read_bytes()) == {"value": "d"}
    # nothing built yet: never cached
    assert diskcache.cached(tmp_path, "||0", "t", compute("e")) == {"value": "e"}
    assert not diskcache.folder(tmp_path, "||0").exists()


def test_disk_cache_can_be_off_or_elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home, elsewhere = tmp_path / "home", tmp_path / "cache"
    home.mkdir()
    monkeypatch.setenv("DKG_APP_CACHE", "0")
    diskcache.cached(home, "snap-1|db-1|5", "t", lambda: 1)
    assert not (home / diskcache.FOLDER).exists()
    monkeypatch.setenv("DKG_APP_CACHE", str(elsewhere))
    assert diskcache.cached(home, "snap-1|db-1|5", "t", lambda: 2) == 2
    assert diskcache.cached(home, "snap-1|db-1|5", "t", lambda: 3) == 2
    assert not (home / diskcache.FOLDER).exists() and list(elsewhere.rglob("t.pickle"))


def test_shortest_paths_are_as_short_as_on_the_whole_graph(stores) -> None:
    """The two-ended search against networkx on the whole graph read at once (what the app did)."""
    import networkx as nx

    from app import paths
    from app.labels import NODE_TYPES, PROVENANCE_TYPES, local
    rdf, _graph = stores
    rows = sparql_rows(rdf)
    kinds: dict[str, str] = {}
    for r in rows("SELECT DISTINCT ?n ?t WHERE { ?n a ?t }"):
        if local(r["t"]) in NODE_TYPES and r["t"].startswith(tables.DKG):
            kinds.setdefault(r["n"], local(r["t"]))
    whole = nx.MultiGraph()
    whole.add_nodes_from(n for n, t in kinds.items() if t not in PROVENANCE_TYPES)
    for r in rows("SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o . "
                  "FILTER(isIRI(?o) && ?p != rdf:type && ?p != prov:wasDerivedFrom) }"):
        if r["s"] in whole and r["o"] in whole:
            whole.add_edge(r["s"], r["o"], prop=local(r["p"]))
    exclude = {"DocumentKind", "Province"}
    nodes = sorted(whole)
    pairs = [(a, b) for a in nodes[::13] for b in nodes[3::19]]
    assert len(pairs) > 40
    found = 0
    for a, b in pairs:
        view = nx.subgraph_view(whole, filter_node=lambda n, a=a, b=b: n in (a, b) or kinds[n] not in exclude)
        try:
            expected = nx.shortest_path_length(view, a, b)
        except nx.NetworkXNoPath:
            expected = None
        got = paths.shortest_path(rows, a, b, exclude)
        if expected is None:
            assert got is None, (a, b)
            continue
        found += 1
        path_nodes, path_edges = got
        assert len(path_edges) == expected, (a, b)
        assert path_nodes[0][0] == a and path_nodes[-1][0] == b
        for (x, _lx, _tx), (y, _ly, _ty), (src, dst, prop) in zip(path_nodes[:-1], path_nodes[1:], path_edges,
                                                                   strict=True):
            assert {src, dst} == {x, y}
            assert prop in {d["prop"] for d in whole.get_edge_data(x, y).values()}
    assert found > 10


def test_a_mention_is_labelled_by_its_words_and_a_labelled_node_by_its_label(stores) -> None:
    rdf, _graph = stores
    rows = sparql_rows(rdf)
    found = rows("SELECT ?m ?t ?o ?l WHERE { ?m a dkg:Mention ; dkg:sourceText ?t ; dkg:aboutOrgan ?o . "
                 "?o skos:prefLabel|rdfs:label ?l } LIMIT 1")[0]
    assert not rows(f"SELECT ?l WHERE {{ <{found['m']}> rdfs:label ?l }}")      # mentions carry no label
    labels, types = tables.labels_and_types(rows, [found["m"], found["o"]])
    assert labels[found["m"]] == f"“{found['t']}”" and types[found["m"]] == "Mention"
    assert labels[found["o"]] != labels[found["m"]] and types[found["o"]] == "Organ"
