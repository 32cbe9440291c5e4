"""Issue 7 (scale): the build writes the RDF store in chunks and updates the views incrementally.

* chunked store writes: every graph is in the store whole or not at all, the manifest names only
  graphs the store holds, and a build that fails between two chunks is repaired by the next one;
* incremental views: after a changed, an added and a removed file, the property graph and the
  search index the update made are the ones a full rebuild makes from the same snapshot;
* a build with nothing changed leaves the views alone.
"""

from __future__ import annotations

import shutil
import sqlite3
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

import loaders.pipeline as pipeline
from dkg.synth.generate import generate
from loaders.pipeline import build
from loaders.stores import views
from loaders.stores.graph_store import open_graph_store
from loaders.stores.rdf_store import RdfStore
from loaders.stores.search_index import SearchIndex
from loaders.stores.versions import VersionedDir

sys.path.insert(0, str(Path(__file__).parent / "reliability"))
from rel_support import graph_dump, rdf_dump  # noqa: E402

ADDED = "\n9. Giao Sở Nội vụ chủ trì, phối hợp với Văn phòng Tỉnh ủy rà soát hồ sơ lưu trữ, báo cáo trước ngày 30/6/2026.\n"


@pytest.fixture(scope="module")
def synth(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "all"
    generate(out, documents=40, provinces=6, seed=11)
    return out


def _corpus(synth: Path, folder: Path, n: int) -> Path:
    folder.mkdir(parents=True)
    for f in sorted(synth.glob("*.txt"))[:n]:
        shutil.copy(f, folder / f.name)
    return folder


def _search_dump(home: Path) -> list[tuple]:
    conn = sqlite3.connect(home / "search.sqlite")
    try:
        return sorted(conn.execute("SELECT uri, kind, label, symbol, province, province_key, date, names, "
                                   "symbols, body, symkey, namekeys FROM entries").fetchall())
    finally:
        conn.close()


def _graphs_in_manifest(home: Path) -> set[str]:
    """The graphs the manifest names (``manifest.json`` and the journal a stopped build left)."""
    return {entry["graph"] for entry in pipeline.Manifest(home).entries.values()}


def _graph_quads(home: Path) -> dict[str, set[str]]:
    with RdfStore.open(home) as store:
        return {g: {str(q) for q in store.quads(g)} for g in store.documents()}


def test_chunked_writes_keep_each_graph_whole(synth, tmp_path, monkeypatch):
    corpus = _corpus(synth, tmp_path / "corpus", 12)
    clean = tmp_path / "clean"
    build([corpus], clean, workers=1)
    reference = _graph_quads(clean)

    monkeypatch.setattr(pipeline, "STORE_CHUNK", 3)
    writes = []
    original = RdfStore.replace_documents

    def failing(self, items, fmt=None, bulk=False):
        items = list(items)
        if len(writes) == 2:
            raise OSError("disk full (injected)")
        writes.append([g for g, _ in items])
        return original(self, items, fmt=fmt, bulk=bulk)

    monkeypatch.setattr(RdfStore, "replace_documents", failing)
    home = tmp_path / "home"
    with pytest.raises(OSError, match="injected"):
        build([corpus], home, workers=1)
    assert [len(w) for w in writes] == [3, 3], "graphs go to the store 3 at a time"
    stored = _graph_quads(home)
    assert set(stored) == {g for w in writes for g in w}
    for graph, quads in stored.items():
        assert quads == reference[graph], f"{graph} is not whole"
    assert _graphs_in_manifest(home) == set(stored), "the manifest names exactly what the store holds"
    assert (home / "store-pending.txt").exists(), "the unpublished writes are recorded"

    monkeypatch.setattr(RdfStore, "replace_documents", original)
    summary = build([corpus], home, workers=1)
    assert summary.loaded == 12 - 6 and summary.unchanged == 6
    assert not (home / "store-pending.txt").exists()
    assert _graph_quads(home) == reference
    assert rdf_dump(home) == rdf_dump(clean), "the readers' snapshot equals a clean build's"
    assert graph_dump(home) == graph_dump(clean)


def test_incremental_views_equal_a_full_rebuild(synth, tmp_path, monkeypatch):
    corpus = _corpus(synth, tmp_path / "corpus", 30)
    home = tmp_path / "home"
    build([corpus], home, workers=1)
    graph_root = VersionedDir(home / "ladybug", prefix="db")
    first_version = graph_root.current()

    # nothing changed: the views are left as they are
    calls = []
    monkeypatch.setattr(views, "rebuild_views", lambda *a, **k: calls.append(a) or pytest.fail("rebuilt"))
    monkeypatch.setattr(views, "_update", lambda *a, **k: pytest.fail("updated"))
    summary = build([corpus], home, workers=1)
    assert summary.loaded == 0 and not calls
    assert graph_root.current() == first_version
    monkeypatch.undo()

    # a changed file, an added one (of another province: the reference graph changes too), a removed one
    files = sorted(corpus.glob("*.txt"))
    text = files[3].read_text(encoding="utf-8")
    at = text.find("\nNơi nhận")
    files[3].write_text(text[:at] + ADDED + text[at:] if at >= 0 else text + ADDED, encoding="utf-8")
    added = sorted(synth.glob("*.txt"))[-1]
    shutil.copy(added, corpus / added.name)
    files[10].unlink()

    modes = []
    real_update = views._update

    def spy(*args, **kwargs):
        result = real_update(*args, **kwargs)
        modes.append(result.mode if result else None)
        return result

    monkeypatch.setattr(views, "_update", spy)
    summary = build([corpus], home, workers=1)
    assert summary.loaded >= 2 and summary.removed == 1
    assert modes == ["incremental"], "the views were updated, not rebuilt"
    assert graph_root.current() != first_version
    incremental_graph, incremental_search = graph_dump(home), _search_dump(home)
    store = open_graph_store(home, engine="ladybug", read_only=True)
    try:
        counts = store.counts()
        answers = store.query("MATCH (d:Document)-[:cites]->(c:Document) RETURN d.uri, c.uri "
                              "ORDER BY d.uri, c.uri").rows
    finally:
        store.close()
    searches = {q: SearchIndex.open(home).search(q) for q in ("Sở Nội vụ", "nghị quyết", "tinh uy", "kế hoạch")}

    views.rebuild_views(home)
    assert incremental_graph == graph_dump(home)
    assert incremental_search == _search_dump(home)
    store = open_graph_store(home, engine="ladybug", read_only=True)
    try:
        assert counts == store.counts()
        assert answers == store.query("MATCH (d:Document)-[:cites]->(c:Document) RETURN d.uri, c.uri "
                                      "ORDER BY d.uri, c.uri").rows
    finally:
        store.close()
    assert sum(counts["nodes"].values()) > 0
    assert searches == {q: SearchIndex.open(home).search(q) for q in searches}
    assert any(searches.values())


def test_views_rebuilt_in_full_after_a_lost_state(synth, tmp_path):
    corpus = _corpus(synth, tmp_path / "corpus", 8)
    home = tmp_path / "home"
    build([corpus], home, workers=1)
    before = graph_dump(home)
    (home / views.STATE_FILE).unlink()          # as a build killed while the views change leaves it
    summary = build([corpus], home, workers=1)
    assert summary.loaded == 0
    assert (home / views.STATE_FILE).exists()
    assert graph_dump(home) == before


def test_edge_inserts_look_both_ends_up_by_key(synth, tmp_path):
    """Each relationship the incremental update adds finds its two nodes by primary key: a plan
    that scans and crosses both node tables grows with the square of the corpus (at 100,000
    documents it filled LadybugDB's buffer pool and the rebuild failed)."""
    import ladybug

    from loaders.stores.ladybug_store import DB_FILE
    from loaders.stores.views_delta import edge_insert

    home = tmp_path / "home"
    build([_corpus(synth, tmp_path / "corpus", 6)], home, workers=1)
    schema = pipeline.property_graph_schema()
    copy = tmp_path / "copy.lbug"        # EXPLAIN of a write needs a writable database
    shutil.copy(VersionedDir(home / "ladybug", prefix="db").current() / DB_FILE, copy)
    db = ladybug.Database(str(copy))
    conn = ladybug.Connection(db)
    try:
        checked = 0
        for rel in schema.rel_tables.values():
            for src, dst in rel.pairs:
                result = conn.execute("EXPLAIN " + edge_insert(rel.name, src, dst),
                                      {"items": [{"s": "urn:a", "d": "urn:b", "g": ["urn:g"]}]})
                plan = result.get_next()[0]
                result.close()
                assert "CROSS_PRODUCT" not in plan and "SCAN_NODE_TABLE" not in plan, (rel.name, src, dst)
                assert plan.count("PRIMARY_KEY_LOOKUP") >= 1, (rel.name, src, dst)
                checked += 1
        assert checked >= 20
    finally:
        conn.close()
        db.close()


def test_the_plan_names_only_what_a_changed_graph_gained_or_lost():
    from loaders.stores.views_delta import plan

    g = "https://example.org/graph/1"
    old, new = ox.Store(), ox.Store()
    prefix = "@prefix e: <https://example.org/> .\n"
    old.load(input=(prefix + 'e:notice e:cites e:hub ; e:label "a" . e:hub e:label "hub" .').encode(),
             format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(g))
    new.load(input=(prefix + 'e:notice e:cites e:hub ; e:label "b" . e:hub e:label "hub" . '
                             'e:task e:lead e:organ ; e:assignedBy e:notice .').encode(),
             format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(g))
    subjects, objects = plan(old, new, [g])
    e = "https://example.org/"
    assert subjects == {e + "notice", e + "task"}         # not the hub: what it states did not change
    assert objects == {e + "organ"}                      # the hub is pointed to by an unchanged statement
    new.load(input=b"<https://example.org/x> <https://example.org/p> _:b .", format=ox.RdfFormat.N_TRIPLES,
             to_graph=ox.NamedNode(g))
    assert plan(old, new, [g]) is None                   # blank nodes: rebuild in full


def test_statements_kept_in_rdf_change_nothing_in_an_update(monkeypatch):
    """The statements of a property annotated ``propertyGraph false`` (a date index on a hub) name no
    subject or object for the update, and no quad of theirs is mapped: the delta's rows are those a
    full mapping gives."""
    from rdflib import Graph

    from loaders.stores import views_delta
    from loaders.stores.pg_mapping import rows_from_rdf, schema_from_ontology

    e = "https://example.org/"
    prefix = f"@prefix e: <{e}> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
    schema = schema_from_ontology(Graph().parse(data=prefix + """
        @prefix owl: <http://www.w3.org/2002/07/owl#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        e:Document a owl:Class . e:Organ a owl:Class .
        e:cites a owl:ObjectProperty ; rdfs:domain e:Document ; rdfs:range e:Document .
        e:lead a owl:ObjectProperty ; rdfs:domain e:Document ; rdfs:range e:Organ .
        e:citedOn a owl:DatatypeProperty ; rdfs:domain e:Document ; rdfs:range xsd:date ; e:propertyGraph false .
        e:taskedOn a owl:DatatypeProperty ; rdfs:domain e:Organ ; rdfs:range xsd:date ; e:propertyGraph false .
        e:seenBy a owl:ObjectProperty ; rdfs:domain e:Document ; rdfs:range e:Organ ; e:propertyGraph false .
    """, format="turtle"), namespace=e)
    assert schema.rdf_only_properties == {e + "citedOn", e + "taskedOn", e + "seenBy"}
    g, g0 = e + "graph/1", e + "graph/0"
    old, new = ox.Store(), ox.Store()
    for store in (old, new):
        store.load(input=(prefix + 'e:hub a e:Document ; e:citedOn "2019-01-01"^^xsd:date . '
                                   'e:other a e:Document ; e:seenBy e:organ .').encode(),
                   format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(g0))
    old.load(input=(prefix + 'e:notice a e:Document ; e:cites e:hub . e:hub e:citedOn "2020-01-01"^^xsd:date .').encode(),
             format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(g))
    new.load(input=(prefix + 'e:notice a e:Document ; e:cites e:hub ; e:lead e:organ . '
                             'e:hub e:citedOn "2021-01-01"^^xsd:date . e:organ e:taskedOn "2021-01-01"^^xsd:date .').encode(),
             format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(g))
    assert views_delta.plan(old, new, [g]) == ({e + "notice", e + "hub", e + "organ"}, set())     # without the schema
    subjects, objects = views_delta.plan(old, new, [g], schema.rdf_only_properties)
    assert (subjects, objects) == ({e + "notice"}, {e + "organ"})

    mapped: list[set] = []
    monkeypatch.setattr(views_delta, "rows_from_rdf", lambda quads, *a, **k: mapped.append(set(quads))
                        or rows_from_rdf(quads, *a, **k))
    existing = {e + "notice": "Document", e + "hub": "Document", e + "other": "Document"}
    delta = views_delta.compute(new, schema, subjects, objects, existing, {g, g0})
    assert delta is not None and mapped
    assert not any(q.predicate.value in schema.rdf_only_properties for q in mapped[0])
    full = rows_from_rdf(new.quads_for_pattern(None, None, None, None), schema)
    assert full.report.kept_in_rdf == {e + "citedOn": 2, e + "taskedOn": 1, e + "seenBy": 1}
    by_uri = {row["uri"]: row for rows in full.nodes.values() for row in rows}
    assert delta.nodes == {u: by_uri[u] for u in subjects | objects}
    assert delta.edges == full.rels and set(full.rels) == {"cites", "lead"} and not delta.problems
