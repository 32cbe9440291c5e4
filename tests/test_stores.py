"""The stores: read-only checks, the RDF → property-graph mapping, pyoxigraph, LadybugDB."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from datetime import date
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from loaders.stores.errors import QueryRefused, QuerySyntaxError, QueryTimeout, StoreError, StoreNotBuilt
from loaders.stores.graph_store import open_graph_store
from loaders.stores.ladybug_store import LadybugStore, ddl
from loaders.stores.pg_mapping import DKG, rows_from_rdf, schema_from_ontology
from loaders.stores.rdf_store import RdfStore, iri
from loaders.stores.readonly import check_cypher_read_only, check_sparql_read_only
from loaders.stores.versions import VersionedDir

ROOT = Path(__file__).resolve().parent.parent
T = "https://example.org/t#"
ID = "https://example.org/id/"

# A tiny ontology of our own, in another namespace than the project's, to show the mapping is generic.
MINI_ONTOLOGY = """
@prefix t: <https://example.org/t#> .
@prefix eli: <http://data.europa.eu/eli/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
t:Document a owl:Class ; rdfs:subClassOf eli:LegalResource .
t:Notice a owl:Class ; rdfs:subClassOf t:Document .
t:Organ a owl:Class ; rdfs:subClassOf org:Organization .
t:PartyOrgan a owl:Class ; rdfs:subClassOf t:Organ .
t:Province a owl:Class .
t:symbol a owl:DatatypeProperty ; rdfs:domain t:Document .
t:date a owl:DatatypeProperty ; rdfs:domain t:Document ; rdfs:range xsd:date .
t:year a owl:DatatypeProperty ; rdfs:domain t:Document ; rdfs:range xsd:integer .
t:resolved a owl:DatatypeProperty ; rdfs:domain t:Document ; rdfs:range xsd:boolean .
t:cites a owl:ObjectProperty ; rdfs:subPropertyOf eli:cites ; rdfs:domain t:Document ; rdfs:range t:Document .
t:issuer a owl:ObjectProperty ; rdfs:domain t:Document ; rdfs:range t:Organ .
t:inProvince a owl:ObjectProperty ; rdfs:range t:Province .
"""

PREFIXES = """
@prefix t: <https://example.org/t#> .
@prefix d: <https://example.org/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix eli: <http://data.europa.eu/eli/ontology#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

# One named graph per source document, as the pipeline writes them.
DOCS = {
    "https://example.org/graph/n1": PREFIXES + """
d:n1 a t:Notice , t:Document ; rdfs:label "Thông báo 677-TB/TU"@vi ; t:symbol "677-TB/TU" ;
   t:date "2021-03-04"^^xsd:date ; t:year 2021 ; t:resolved true ;
   t:cites d:kl74 ; eli:cites d:kl74 ; t:issuer d:tu ; t:inProvince d:ha-nam .
d:kl74 a t:Document ; t:symbol "74-KL/TW" ; rdfs:label "Kết luận 74-KL/TW"@vi .
d:tu a t:PartyOrgan , t:Organ ; skos:prefLabel "Tỉnh ủy Hà Nam"@vi ; skos:altLabel "TU"@vi , "Tỉnh ủy"@vi ;
   t:inProvince d:ha-nam .
d:ha-nam a t:Province ; rdfs:label "Hà Nam"@vi .
""",
    "https://example.org/graph/n2": PREFIXES + """
d:n2 a t:Notice , t:Document ; rdfs:label "Thông báo 12-TB/TĐ"@vi ; t:symbol "12-TB/TĐ" ;
   t:date "2022-05-06"^^xsd:date ; t:cites d:kl74 ; t:cites d:n1 ; t:issuer d:td ; t:inProvince d:ha-tinh .
d:kl74 a t:Document ; t:symbol "74-KL/TW" ; rdfs:label "Kết luận 74-KL/TW"@vi .
d:n1 a t:Document .
d:td a t:Organ ; skos:prefLabel "Tỉnh đoàn Hà Tĩnh"@vi ; skos:altLabel "Tỉnh đoàn"@vi ; t:inProvince d:ha-tinh .
d:ha-tinh a t:Province ; rdfs:label "Hà Tĩnh"@vi .
""",
}


def turtle(text: str) -> Graph:
    return Graph().parse(data=text, format="turtle")


@pytest.fixture(scope="module")
def mini_schema():
    return schema_from_ontology(turtle(MINI_ONTOLOGY), namespace=T)


@pytest.fixture
def rdf(tmp_path):
    store = RdfStore.open(tmp_path)
    for giri, text in DOCS.items():
        store.replace_document(giri, turtle(text))
    yield store
    store.close()


def mapped(schema, data=None):
    return rows_from_rdf(data if data is not None else [q for t in DOCS.values() for q in _quads(t)], schema)


def _quads(text: str):
    return list(turtle(text))


def _build_home(home: Path, schema) -> Path:
    """A data home with the mini graph in the RDF store (published) and in LadybugDB."""
    with RdfStore.open(home) as store:
        for giri, text in DOCS.items():
            store.replace_document(giri, turtle(text))
        store.publish()
        rows = rows_from_rdf(store.quads(), schema)
    writer = LadybugStore(home / "ladybug", read_only=False)
    writer.load(schema, rows.nodes, rows.rels)
    writer.close()
    return home


@pytest.fixture
def built(tmp_path, mini_schema):
    """A home of its own, for tests that build again."""
    return _build_home(tmp_path, mini_schema)


@pytest.fixture(scope="module")
def shared(tmp_path_factory, mini_schema):
    """One home for the tests that only read."""
    return _build_home(tmp_path_factory.mktemp("shared"), mini_schema)


# --------------------------------------------------------------------------------------------
# Read-only text checks
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("cypher", [
    "CREATE (n:Document {uri: 'x'})",
    "match (n) detach delete n",
    "MATCH (n) SET n.label = 'x'",
    "MATCH (n) REMOVE n.label",
    "MERGE (n:Organ {uri: 'x'})",
    "DROP TABLE Document",
    "LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row",
    "COPY Document FROM '/tmp/x.csv'",
    "ALTER TABLE Document ADD x STRING",
    "INSTALL httpfs",
    "MATCH (n) RETURN n // harmless\n; CREATE (m)",
    "MATCH (n) /* a comment */ cReAtE (m)",
    "MATCH (n) WHERE n.label = 'it''s' OR n.label = \"//\" DELETE n",
    "CALL apoc.create.node(['X'], {})",
    "CALL `apoc.create.node`(['X'], {})",
    "CALL apoc.periodic.iterate('MATCH (n) RETURN n', 'DETACH DELETE n', {})",
    "CALL timeout=100000",
    "CALL threads=64",
    "MATCH (n) FOREACH (x IN [1] | SET n.y = x)",
    "UNWIND [1] AS x CALL { WITH x CREATE (:N) } RETURN x",
    "",
])
def test_cypher_writes_are_refused(cypher):
    with pytest.raises(QueryRefused):
        check_cypher_read_only(cypher)


@pytest.mark.parametrize("cypher", [
    "MATCH (d:Document) RETURN d.label",
    "MATCH (d:Document) WHERE d.label = 'CREATE (x) SET y' RETURN d",
    "MATCH (d) WHERE d.title CONTAINS \"delete\" RETURN d.set, d.create, $merge",
    "MATCH (d:Set)-[:DELETE]->(x) RETURN x",
    "MATCH (d) RETURN d // CREATE in a comment",
    "MATCH (d) /* DETACH DELETE d */ RETURN d",
    "CALL db.labels()",
    "CALL show_tables() RETURN *",
    "CALL { MATCH (n) RETURN n } RETURN count(*)",
])
def test_cypher_reads_pass(cypher):
    check_cypher_read_only(cypher)


@pytest.mark.parametrize("sparql", [
    "INSERT DATA { <a:b> <a:c> <a:d> }",
    "delete where { ?s ?p ?o }",
    "PREFIX x: <http://x#> WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "LOAD <http://example.org/data.ttl>",
    "CLEAR ALL",
    "DROP GRAPH <http://g>",
    "CREATE GRAPH <http://g>",
    "ADD <http://a> TO <http://b>",
    "MOVE DEFAULT TO <http://b>",
    "COPY DEFAULT TO <http://b>",
    "SELECT * WHERE { ?s ?p ?o } # harmless\n ; INSERT DATA { <a:b> <a:c> <a:d> }",
    "SELECT * WHERE { SERVICE <http://evil.example/sparql> { ?s ?p ?o } }",
    "   ",
])
def test_sparql_updates_are_refused(sparql):
    with pytest.raises(QueryRefused):
        check_sparql_read_only(sparql)


@pytest.mark.parametrize("sparql", [
    "SELECT ?s WHERE { ?s ?p ?o }",
    "SELECT ?delete WHERE { ?delete <http://x/insert> \"DROP ALL; LOAD <x>\" } # INSERT DATA",
    "PREFIX insert: <http://x#> SELECT * WHERE { ?s insert:copy ?o FILTER(?o < 3) }",
    "ASK { ?s a <http://example.org/Create> }",
])
def test_sparql_reads_pass(sparql):
    check_sparql_read_only(sparql)


# --------------------------------------------------------------------------------------------
# Schema and rows
# --------------------------------------------------------------------------------------------

def test_schema_from_top_level_classes(mini_schema):
    assert set(mini_schema.node_tables) == {"Document", "Organ", "Province"}
    assert mini_schema.class_table[T + "Notice"] == "Document"
    assert mini_schema.class_table[T + "PartyOrgan"] == "Organ"
    # a reused super-class that only one table is below maps to that table
    assert mini_schema.class_table["http://www.w3.org/ns/org#Organization"] == "Organ"
    doc = mini_schema.node_tables["Document"].columns
    assert (doc["uri"].type, doc["types"].type) == ("STRING", "STRING[]")
    assert (doc["date"].type, doc["year"].type, doc["resolved"].type, doc["symbol"].type) == (
        "DATE", "INT64", "BOOLEAN", "STRING")
    assert doc["altLabel"].type == "STRING[]" and doc["label"].type == "STRING"
    assert "symbol" not in mini_schema.node_tables["Organ"].columns        # outside its domain
    assert mini_schema.rel_tables["issuer"].pairs == [("Document", "Organ")]
    # no domain: every node table may have it
    assert set(mini_schema.rel_tables["inProvince"].pairs) == {
        ("Document", "Province"), ("Organ", "Province"), ("Province", "Province")}
    assert "http://data.europa.eu/eli/ontology#cites" in mini_schema.implied_properties


def test_schema_renames_what_would_clash_in_ladybug():
    schema = schema_from_ontology(turtle(MINI_ONTOLOGY + "t:organ a owl:ObjectProperty .\n"), namespace=T)
    assert "organ_rel" in schema.rel_tables and any("organ" in w for w in schema.warnings)


def test_schema_node_table_annotation_wins(mini_schema):
    annotated = MINI_ONTOLOGY + "t:Notice t:nodeTable true . t:Document t:nodeTable true .\n"
    schema = schema_from_ontology(turtle(annotated), namespace=T)
    assert set(schema.node_tables) == {"Notice", "Document"}
    assert schema.class_table[T + "Notice"] == "Notice"
    assert T + "Organ" not in schema.class_table


def test_schema_of_the_project_ontology_builds_in_ladybug(tmp_path):
    ontology_file = ROOT / "ontology" / "directives.ttl"
    if not ontology_file.exists():
        pytest.skip("ontology/directives.ttl is not written yet")
    schema = schema_from_ontology(Graph().parse(ontology_file), namespace=DKG)
    tables = set(schema.node_tables)
    assert {"Document", "Organ", "Person", "Province", "Meeting", "Task"} <= tables
    assert "TerritorialEntity" not in tables                              # abstract, no node table
    assert schema.class_table[DKG + "PartyBoard"] == "Organ"
    assert ("Task", "Organ") in schema.rel_tables["lead"].pairs
    in_province = {src for src, dst in schema.rel_tables["inProvince"].pairs if dst == "Province"}
    assert {"Document", "Organ", "Meeting"} <= in_province                # expanded from TerritorialEntity
    assert schema.node_tables["Document"].columns["date_document"].type == "DATE"
    # every generated statement is valid LadybugDB DDL
    store = LadybugStore(tmp_path / "ladybug", read_only=False)
    counts = store.load(schema, {}, {})
    assert set(counts["nodes"]) == tables
    assert set(store.tables()) == tables | {r.name for r in schema.rel_tables.values() if r.pairs}
    store.close()
    assert len(ddl(schema)) == len(store.tables())


def test_rows_types_values_and_lists(mini_schema):
    rows = mapped(mini_schema)
    docs = {r["uri"]: r for r in rows.nodes["Document"]}
    n1 = docs[ID + "n1"]
    assert n1["type"] == "Notice" and n1["types"] == ["Document", "Notice"]
    assert n1["date"] == date(2021, 3, 4) and n1["year"] == 2021 and n1["resolved"] is True
    organs = {r["uri"]: r for r in rows.nodes["Organ"]}
    assert organs[ID + "tu"]["altLabel"] == ["TU", "Tỉnh ủy"]
    assert organs[ID + "tu"]["type"] == "PartyOrgan"
    cites = {(e.src, e.dst) for e in rows.rels["cites"]}
    assert cites == {(ID + "n1", ID + "kl74"), (ID + "n2", ID + "kl74"), (ID + "n2", ID + "n1")}
    assert rows.report.clean, rows.report.problems()
    assert rows.report.implied["http://data.europa.eu/eli/ontology#cites"] == 1


def test_rows_report_what_the_ontology_lacks(mini_schema):
    data = turtle(PREFIXES + """
        d:x a t:Document , t:Mystery ; t:year "two thousand" ; t:colour "red" ; t:issuer d:nobody .
        d:y a t:Mystery .
        d:z t:symbol "no type" .
        d:w a t:Document ; t:cites d:stub .
    """)
    rows = rows_from_rdf(data, mini_schema)
    report = rows.report
    assert report.unknown_classes[T + "Mystery"] == 2
    assert report.unknown_properties[T + "colour"] == 1
    assert any("two thousand" in key for key in report.dropped_values)
    assert report.untyped_nodes["subject without rdf:type"] == 1
    # an untyped object of t:cites becomes a Document stub (the range is one table) ...
    assert ID + "stub" in {r["uri"] for r in rows.nodes["Document"]}
    assert report.stub_nodes["Document"] == 1
    # ... and so does d:nobody for t:issuer (range Organ)
    assert ID + "nobody" in {r["uri"] for r in rows.nodes["Organ"]}
    assert not report.clean and len(report.problems()) >= 4


def test_rows_take_individuals_from_the_ontology_and_skip_graph_descriptions():
    ontology = MINI_ONTOLOGY + """
        t:Kind a owl:Class .
        t:ofKind a owl:ObjectProperty ; rdfs:domain t:Document ; rdfs:range t:Kind .
        <https://example.org/kind/nq> a t:Kind , owl:NamedIndividual ;
            <http://www.w3.org/2000/01/rdf-schema#label> "Nghị quyết"@vi , "Resolution"@en ;
            <http://www.w3.org/2004/02/skos/core#inScheme> t:Kinds .
    """
    schema = schema_from_ontology(turtle(ontology), namespace=T)
    data = [(s, p, o, URIRef("https://example.org/graph/x")) for s, p, o in turtle(PREFIXES + """
        d:x a t:Document ; t:ofKind <https://example.org/kind/nq> .
        <https://example.org/graph/x> a <http://www.w3.org/ns/prov#Entity> ;
            <http://www.w3.org/ns/prov#wasDerivedFrom> d:x .
    """)]
    rows = rows_from_rdf(data, schema)
    kinds = rows.nodes["Kind"]
    assert [(k["uri"], k["label"]) for k in kinds] == [("https://example.org/kind/nq", "Nghị quyết")]
    assert [(e.src, e.dst) for e in rows.rels["ofKind"]] == [(ID + "x", "https://example.org/kind/nq")]
    assert rows.report.graph_descriptions == 2
    assert rows.report.clean, rows.report.problems()       # no owl:NamedIndividual, no skos:inScheme


def test_rows_keep_one_value_and_count_the_rest(mini_schema):
    data = turtle(PREFIXES + 'd:x a t:Document ; t:symbol "B-1" , "A-1" ; rdfs:label "x"@en , "x vi"@vi .')
    rows = rows_from_rdf(data, mini_schema)
    row = rows.nodes["Document"][0]
    assert row["symbol"] == "A-1" and row["label"] == "x vi"
    assert rows.report.multi_values["Document.symbol"] == 1


def test_properties_kept_in_rdf_get_no_column_or_table_and_are_counted(mini_schema):
    """``propertyGraph false`` on a property (a datatype, an object, a label and an implied super
    property): no column, relationship table or implied counting; its statements are counted in
    ``kept_in_rdf``, one each, and the rest is mapped as if they were not there."""
    skos = "http://www.w3.org/2004/02/skos/core#"
    eli_cites = "http://data.europa.eu/eli/ontology#cites"
    schema = schema_from_ontology(turtle(MINI_ONTOLOGY + f"""
        t:citedOn a owl:DatatypeProperty ; rdfs:domain t:Document ; rdfs:range xsd:date ; t:propertyGraph false .
        t:near a owl:ObjectProperty ; rdfs:domain t:Document ; rdfs:range t:Document ; t:propertyGraph false .
        eli:cites a owl:ObjectProperty ; t:propertyGraph false .
        <{skos}hiddenLabel> t:propertyGraph false .
    """), namespace=T)
    kept = {T + "citedOn", T + "near", eli_cites, skos + "hiddenLabel"}
    assert schema.rdf_only_properties == kept and not schema.rdf_only_classes
    assert set(schema.node_tables) == set(mini_schema.node_tables)
    assert not any({"citedOn", "hiddenLabel"} & set(t.columns) for t in schema.node_tables.values())
    assert "near" not in schema.rel_tables and "cites" in schema.rel_tables
    assert not kept & (set(schema.datatype_properties) | set(schema.object_properties) | schema.implied_properties)
    assert "hiddenLabel" in mini_schema.node_tables["Document"].columns          # (without the annotation)
    assert schema.describe()["rdf_only_properties"] == sorted(kept)
    # a property that had no table or column either (an unknown one) changes the fingerprint: the
    # views' recorded problems no longer count it
    unknown = schema_from_ontology(turtle(MINI_ONTOLOGY + """
        t:colour a <http://www.w3.org/1999/02/22-rdf-syntax-ns#Property> ; t:propertyGraph false .
    """), namespace=T)
    assert unknown.rdf_only_properties == {T + "colour"} and unknown.describe() != mini_schema.describe()
    assert unknown.fingerprint() != mini_schema.fingerprint()
    docs = [q for giri, text in DOCS.items() for q in _quads_in(giri, text)]
    extra = [q for giri, text in {
        "https://example.org/graph/n1": 'd:kl74 t:citedOn "2021-03-04"^^xsd:date . d:tu skos:hiddenLabel "tu" .',
        "https://example.org/graph/n2": 'd:kl74 t:citedOn "2021-03-04"^^xsd:date , d:n1 . d:n2 t:near d:kl74 , "x" .'
                                        ' d:lonely t:citedOn "2020-01-01"^^xsd:date . d:n2 t:near d:n1 .',
    }.items() for q in _quads_in(giri, PREFIXES + text)]
    rows = rows_from_rdf(docs + extra, schema)
    plain = rows_from_rdf([q for q in docs if str(q[1]) not in kept], schema)
    assert rows.report.kept_in_rdf == {T + "citedOn": 4, T + "near": 3, eli_cites: 1, skos + "hiddenLabel": 1}
    assert rows.report.clean and not rows.report.implied, rows.report.problems()
    assert rows.nodes == plain.nodes and rows.rels == plain.rels
    assert not any(r["uri"] == ID + "lonely" for table in rows.nodes.values() for r in table)


def _quads_in(graph: str, text: str) -> list[tuple]:
    return [(s, p, o, URIRef(graph)) for s, p, o in turtle(text)]


# --------------------------------------------------------------------------------------------
# pyoxigraph
# --------------------------------------------------------------------------------------------

def test_rdf_replace_is_idempotent(rdf):
    before = (len(rdf.documents()), rdf.count(), {g: rdf.count(g) for g in rdf.documents()})
    for giri, text in DOCS.items():
        rdf.replace_document(giri, turtle(text))
    after = (len(rdf.documents()), rdf.count(), {g: rdf.count(g) for g in rdf.documents()})
    assert before == after and before[0] == 2


def test_rdf_update_replaces_old_facts(rdf):
    g1 = "https://example.org/graph/n1"
    changed = DOCS[g1].replace('t:symbol "677-TB/TU"', 't:symbol "678-TB/TU"').replace("t:cites d:kl74 ;", "")
    rdf.replace_document(g1, turtle(changed))
    symbols = {r[0] for r in rdf.query(f"SELECT ?s WHERE {{ <{ID}n1> <{T}symbol> ?s }}").rows}
    assert symbols == {"678-TB/TU"}
    cited = rdf.query(f"SELECT ?c WHERE {{ <{ID}n1> <{T}cites> ?c }}").rows
    assert cited == []
    assert rdf.count(g1) == len(turtle(changed))


def test_rdf_remove_document(rdf):
    assert rdf.remove_document("https://example.org/graph/n2") is True
    assert rdf.documents() == ["https://example.org/graph/n1"]
    assert rdf.query(f"ASK {{ <{ID}td> ?p ?o }}").rows == [[False]]
    assert rdf.remove_document("https://example.org/graph/n2") is False


def test_rdf_batch_mixes_new_and_existing_graphs(rdf):
    sizes = rdf.replace_documents([
        ("https://example.org/graph/n1", turtle(DOCS["https://example.org/graph/n1"])),
        ("https://example.org/graph/n3", f'<{ID}n3> <{T}symbol> "1-KH/TU" .'),
    ])
    assert sizes["https://example.org/graph/n3"] == 1
    assert len(rdf.documents()) == 3


def test_rdf_bad_input_names_the_graph(rdf):
    with pytest.raises(Exception, match="graph/bad"):
        rdf.replace_document("https://example.org/graph/bad", "<a> <b> this is not n-triples")
    assert "https://example.org/graph/bad" not in rdf.documents()


def test_rdf_queries_are_read_only_and_take_parameters(rdf):
    before = rdf.count()
    with pytest.raises(QueryRefused):
        rdf.query("INSERT DATA { <http://a> <http://b> <http://c> }")
    with pytest.raises(QueryRefused):
        rdf.query("select * where {?s ?p ?o} ; clear all")
    assert rdf.count() == before
    hostile = "x\" } ; DROP ALL ; INSERT DATA { <a:b> <a:c> \"{'}"
    rows = rdf.query(f"SELECT ?d ?s WHERE {{ ?d <{T}symbol> ?s }}", params={"s": hostile}).rows
    assert rows == [] and rdf.count() == before
    rows = rdf.query(f"SELECT DISTINCT ?d ?s WHERE {{ ?d <{T}symbol> ?s }}", params={"s": "74-KL/TW"}).rows
    assert rows == [[ID + "kl74", "74-KL/TW"]]
    # the union of the graphs is a bag: a triple stated by two documents comes twice without DISTINCT
    rows = rdf.query(f"SELECT ?d ?s WHERE {{ ?d <{T}symbol> ?s }}", params={"s": "74-KL/TW"}).rows
    assert len(rows) == 2
    rows = rdf.query(f"SELECT * WHERE {{ ?d <{T}symbol> ?s }}", params={"d": iri(ID + "n2")}).rows
    assert rows == [[ID + "n2", "12-TB/TĐ"]]


def test_rdf_union_default_graph_and_limit(rdf):
    result = rdf.query(f"SELECT DISTINCT ?d WHERE {{ ?d <{T}cites> <{ID}kl74> }} ORDER BY ?d")
    assert [r[0] for r in result.rows] == [ID + "n1", ID + "n2"]   # facts from two named graphs
    limited = rdf.query("SELECT * WHERE { ?s ?p ?o }", limit=3)
    assert len(limited.rows) == 3 and limited.truncated
    columns, rows = rdf.query(f"SELECT ?d WHERE {{ ?d <{T}year> 2021 }}")
    assert columns == ["d"] and rows == [[ID + "n1"]]


def test_rdf_export(rdf, tmp_path):
    nq = rdf.export("nq").decode()
    assert "<https://example.org/graph/n1>" in nq
    ttl = rdf.export("ttl")
    union = Graph().parse(data=ttl, format="turtle")
    assert len(union) == len({t for text in DOCS.values() for t in turtle(text)})
    rdf.export("trig", tmp_path / "out.trig")
    assert (tmp_path / "out.trig").stat().st_size > 100


def test_rdf_readers_use_published_snapshots(tmp_path):
    with pytest.raises(StoreNotBuilt):
        RdfStore.open(tmp_path, read_only=True)
    writer = RdfStore.open(tmp_path)
    writer.replace_document("https://example.org/graph/n1", turtle(DOCS["https://example.org/graph/n1"]))
    first = writer.publish()
    reader = RdfStore.open(tmp_path, read_only=True)
    assert reader.documents() == ["https://example.org/graph/n1"]
    with pytest.raises(QueryRefused):
        reader.replace_document("https://example.org/graph/x", "")
    # the writer goes on while the reader reads
    writer.replace_document("https://example.org/graph/n2", turtle(DOCS["https://example.org/graph/n2"]))
    assert len(reader.documents()) == 1
    second = writer.publish()
    assert first.exists()                          # the reader still holds the first snapshot
    assert reader.refresh_if_changed() is True
    assert len(reader.documents()) == 2
    assert reader.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0] > 0
    writer.publish()
    assert not first.exists() and second.exists()  # nobody reads the first; the reader holds the second
    reader.close()
    writer.publish()
    assert not second.exists()
    writer.close()


def _published(home: Path, values: list[int]) -> tuple[RdfStore, RdfStore]:
    """(writer, read-only reader) of a store holding one graph: s<i> p "<values[i]>"."""
    writer = RdfStore.open(home)
    writer.replace_document("https://example.org/graph/big",
                            "".join(f"<{ID}s{i}> <{T}p> \"{v}\" .\n" for i, v in enumerate(values)))
    writer.publish()
    return writer, RdfStore.open(home, read_only=True)


def test_rdf_runaway_query_is_stopped(tmp_path):
    writer, reader = _published(tmp_path, list(range(400)))
    started = time.monotonic()
    with pytest.raises(QueryTimeout):
        reader.query("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }",
                     timeout_s=1)
    assert time.monotonic() - started < 10
    assert reader.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows == [[400]]
    reader.close()
    writer.close()


def test_rdf_queries_together_answer_as_one_by_one(tmp_path):
    writer, reader = _published(tmp_path, [i % 7 for i in range(300)])
    asked = [(f"SELECT ?s ?v WHERE {{ ?s <{T}p> ?v }} ORDER BY ?s", {"v": "3"}, 5),
             (f"SELECT ?v (COUNT(*) AS ?n) WHERE {{ ?s <{T}p> ?v }} GROUP BY ?v", {"v": "3"}, 10),
             (f"SELECT ?v (COUNT(*) AS ?n) WHERE {{ ?s <{T}p> ?v }} GROUP BY ?v ORDER BY ?v", {}, 100)]
    together = reader.query_together(asked)
    alone = [reader.query(text, params=params, limit=limit) for text, params, limit in asked]
    assert [(a.columns, a.rows, a.truncated, a.notes) for a in together] == \
        [(a.columns, a.rows, a.truncated, a.notes) for a in alone]
    assert together[0].truncated and len(together[0].rows) == 5 and together[1].rows == [["3", 43]]
    assert [row[1] for row in together[2].rows] == [43, 43, 43, 43, 43, 43, 42]
    # the first error raised is raised; a runaway query stops them all at the limit; the worker comes back
    with pytest.raises(QueryRefused):
        reader.query_together([asked[1], ("DELETE WHERE { ?s ?p ?o }", {}, 1)])
    with pytest.raises(QuerySyntaxError):
        reader.query_together([asked[1], ("SELECT ?s WHERE { ?s ", {}, 1)])
    started = time.monotonic()
    with pytest.raises(QueryTimeout):
        reader.query_together([asked[1], ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . "
                                          "?j ?k ?l }", {}, 1)], timeout_s=1)
    assert time.monotonic() - started < 10
    assert reader.query_together(asked[1:2])[0].rows == [["3", 43]]
    reader.close()
    writer.close()


_RDF_KILL_CHILD = textwrap.dedent("""
    import sys
    from loaders.stores.rdf_store import RdfStore
    home, a, b = sys.argv[1], open(sys.argv[2]).read(), open(sys.argv[3]).read()
    store = RdfStore.open(home)
    print("ready", flush=True)
    i = 0
    while True:
        store.replace_document("https://example.org/graph/doc", a if i % 2 else b)
        i += 1
""")


def test_rdf_replace_survives_sigkill(tmp_path):
    versions = {name: "".join(f"<{ID}{name}{i}> <{T}p> \"{name} {i}\" .\n" for i in range(size))
                for name, size in (("a", 3000), ("b", 1000))}
    for name, text in versions.items():
        (tmp_path / f"{name}.nt").write_text(text)
    rng = random.Random(7)
    for _ in range(3):
        child = subprocess.Popen([sys.executable, "-c", _RDF_KILL_CHILD, str(tmp_path),
                                  str(tmp_path / "a.nt"), str(tmp_path / "b.nt")],
                                 stdout=subprocess.PIPE, cwd=ROOT)
        assert child.stdout.readline().strip() == b"ready"
        time.sleep(rng.uniform(0.2, 0.8))
        child.send_signal(signal.SIGKILL)
        child.wait()
        store = RdfStore.open(tmp_path)
        graph = "https://example.org/graph/doc"
        subjects = {row[0] for row in store.query("SELECT DISTINCT ?s WHERE { ?s ?p ?o }", limit=10**6).rows}
        names = {s[len(ID)] for s in subjects}
        assert len(names) <= 1, "a graph mixes two versions"
        if names:
            assert store.count(graph) == {"a": 3000, "b": 1000}[names.pop()]
        store.close()


# --------------------------------------------------------------------------------------------
# LadybugDB
# --------------------------------------------------------------------------------------------

def test_ladybug_full_load_and_queries(shared, mini_schema):
    store = open_graph_store(shared, read_only=True)
    counts = store.counts()
    assert counts["nodes"] == {"Document": 3, "Organ": 2, "Province": 2}
    assert counts["relationships"] == {"cites": 3, "inProvince": 4, "issuer": 2}
    result = store.query("MATCH (d:Document)-[c:cites]->(k:Document {symbol: $s}) "
                         "RETURN d.symbol, d.date, d.types, c.sources ORDER BY d.symbol", {"s": "74-KL/TW"})
    assert result.columns == ["d.symbol", "d.date", "d.types", "c.sources"]
    assert result.rows[0] == ["12-TB/TĐ", date(2022, 5, 6), ["Document", "Notice"],
                              ["https://example.org/graph/n2"]]
    assert result.rows[1][0] == "677-TB/TU"
    limited = store.query("MATCH (n) RETURN n.uri", limit=2)
    assert len(limited.rows) == 2 and limited.truncated
    store.close()


def test_ladybug_load_twice_changes_nothing(built, mini_schema):
    reader = open_graph_store(built, read_only=True)
    query = "MATCH (a)-[r]->(b) RETURN a.uri, label(r), b.uri, r.sources ORDER BY a.uri, label(r), b.uri"
    before = (reader.counts(), reader.query(query).rows,
              reader.query("MATCH (n) RETURN n.uri, n.type, n.label ORDER BY n.uri").rows)
    with RdfStore.open(built, read_only=True) as rdf:
        rows = rows_from_rdf(rdf.quads(), mini_schema)
    writer = open_graph_store(built, read_only=False)
    writer.load(mini_schema, rows.nodes, rows.rels)
    writer.close()
    assert reader.refresh_if_changed() is True
    after = (reader.counts(), reader.query(query).rows,
             reader.query("MATCH (n) RETURN n.uri, n.type, n.label ORDER BY n.uri").rows)
    assert before == after
    reader.close()


@pytest.mark.parametrize("write", [
    "CREATE (:Document {uri: 'x'})",
    "create (:Document {uri: 'x'})",
    "MATCH (n) RETURN n /* */ ; CREATE (:Document {uri: 'x'})",
    "MATCH (d:Document) WHERE d.label = 'a // b' DETACH DELETE d",
    "MATCH (d:Document) SET d.label = 'x'",
    "CALL timeout=1000000",
])
def test_ladybug_refuses_writes(shared, write):
    store = open_graph_store(shared, read_only=True)
    before = store.counts()
    with pytest.raises(QueryRefused):
        store.query(write)
    assert store.counts() == before
    store.close()


def test_ladybug_engine_itself_is_read_only(shared):
    store = LadybugStore(shared / "ladybug", isolated=False)
    store.query("MATCH (n) RETURN count(n)")
    with pytest.raises(RuntimeError, match="read-only"):
        store._conn.execute("CREATE (:Document {uri: 'sneaky'})")   # past the text check
    assert store.query("MATCH (d:Document {uri: 'sneaky'}) RETURN d").rows == []
    store.close()


@pytest.mark.parametrize("value", [
    "x' }) DETACH DELETE n //", 'a "quoted" {brace} $param', "'; MATCH (n) DELETE n; '", "74-KL/TW"])
def test_ladybug_parameters_stay_parameters(shared, value):
    store = open_graph_store(shared, read_only=True)
    before = store.counts()
    rows = store.query("MATCH (d:Document) WHERE d.symbol = $v RETURN d.uri", {"v": value}).rows
    assert rows == ([[ID + "kl74"]] if value == "74-KL/TW" else [])
    assert store.counts() == before
    store.close()


def test_ladybug_runaway_query_is_stopped(shared):
    store = open_graph_store(shared, read_only=True)
    started = time.monotonic()
    with pytest.raises((QueryTimeout, StoreError)):       # killed at the limit, or out of its memory
        store.query("UNWIND range(1, 2000000000) AS x RETURN sum(x)", timeout_s=0.5)
    assert time.monotonic() - started < 5
    with pytest.raises(QueryTimeout):
        store.query("UNWIND range(1, 200000) AS x UNWIND range(1, 200000) AS y RETURN sum(x * y)",
                    timeout_s=0.5)
    assert time.monotonic() - started < 10
    assert store.query("MATCH (d:Document) RETURN count(d)").rows == [[3]]
    store.close()


def test_ladybug_not_built(tmp_path):
    with pytest.raises(StoreNotBuilt):
        open_graph_store(tmp_path, read_only=True).query("MATCH (n) RETURN n")


_LADYBUG_BUILD_CHILD = textwrap.dedent("""
    import sys, json
    from rdflib import Graph, URIRef
    from loaders.stores.pg_mapping import schema_from_ontology, rows_from_rdf
    from loaders.stores.ladybug_store import LadybugStore
    home, n, ontology, data = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    schema = schema_from_ontology(Graph().parse(data=ontology, format="turtle"),
                                  namespace="https://example.org/t#")
    rows = rows_from_rdf(Graph().parse(data=data, format="turtle"), schema)
    extra = [{"uri": f"https://example.org/id/gen{i}", "type": "Document", "types": ["Document"],
              "symbol": f"{i}-KH/TU"} for i in range(n)]
    rows.nodes["Document"].extend(extra)
    print("building", flush=True)
    print(json.dumps(LadybugStore(home + "/ladybug", read_only=False).load(schema, rows.nodes, rows.rels)))
""")


def _build_in_child(home: Path, extra_nodes: int) -> subprocess.Popen:
    data = "\n".join(DOCS.values())
    return subprocess.Popen([sys.executable, "-c", _LADYBUG_BUILD_CHILD, str(home), str(extra_nodes),
                             MINI_ONTOLOGY, data], stdout=subprocess.PIPE, cwd=ROOT)


def test_ladybug_build_while_a_reader_has_it_open(built):
    reader = LadybugStore(built / "ladybug")
    assert reader.query("MATCH (d:Document) RETURN count(d)").rows == [[3]]
    old = reader.version
    child = _build_in_child(built, 500)
    while child.poll() is None:                    # the reader keeps working during the build
        assert reader.query("MATCH (d:Document) RETURN count(d)").rows == [[3]]
        time.sleep(0.05)
    out = child.stdout.read().decode().splitlines()
    assert child.returncode == 0, out
    assert json.loads(out[-1])["nodes"]["Document"] == 503
    assert old.exists()                            # still held by the reader
    assert reader.query("MATCH (d:Document) RETURN count(d)").rows == [[3]]
    assert reader.refresh_if_changed() is True
    assert reader.query("MATCH (d:Document) RETURN count(d)").rows == [[503]]
    assert reader.refresh_if_changed() is False
    reader.close()
    # the next build deletes the version nobody reads any more
    child = _build_in_child(built, 10)
    child.wait()
    assert child.returncode == 0
    assert not old.exists()
    assert len(LadybugStore(built / "ladybug").versions.versions()) == 1


def test_ladybug_sigkill_mid_build_keeps_the_previous_version(built):
    store = LadybugStore(built / "ladybug")
    current = store.versions.current()
    child = _build_in_child(built, 300_000)
    assert child.stdout.readline().strip() == b"building"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and child.poll() is None:
        partial = [v for v in store.versions.versions() if v != current]
        if partial and any(partial[0].iterdir()):
            break
        time.sleep(0.01)
    assert child.poll() is None, "the build ended before it could be killed"
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert store.versions.current() == current
    assert store.query("MATCH (d:Document) RETURN count(d)").rows == [[3]]
    store.close()
    # a new build cleans the half-built directory away
    child = _build_in_child(built, 5)
    child.wait()
    assert child.returncode == 0
    assert len(store.versions.versions()) == 1
    assert LadybugStore(built / "ladybug").query("MATCH (d:Document) RETURN count(d)").rows == [[8]]


def test_graph_store_registry(tmp_path, monkeypatch):
    monkeypatch.delenv("NEO4J_URI", raising=False)
    monkeypatch.delenv("DKG_GRAPH_ENGINE", raising=False)
    assert open_graph_store(tmp_path).engine == "ladybug"
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:9")   # the driver connects lazily
    store = open_graph_store(tmp_path)
    assert store.engine == "neo4j"
    store.close()
    with pytest.raises(ValueError, match="falkordb"):
        open_graph_store(tmp_path, engine="falkordb")


def test_two_read_only_handles_at_once(shared):
    """Two read-only handles on the same version can be open at once (the app and the CLI)."""
    a, b = LadybugStore(shared / "ladybug"), LadybugStore(shared / "ladybug")
    assert a.query("MATCH (n) RETURN count(n)").rows == b.query("MATCH (n) RETURN count(n)").rows
    a.close()
    b.close()
    assert os.path.exists(shared / "ladybug" / "CURRENT")


def test_read_only_stores_serve_several_threads(shared):
    """The app answers several sessions from threads; each store sends one query at a time to its worker."""
    import threading
    rdf = RdfStore.open(shared, read_only=True)
    graph = open_graph_store(shared, read_only=True)
    expected_rdf = rdf.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows
    errors: list[Exception] = []

    def work():
        for _ in range(15):
            try:
                assert rdf.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows == expected_rdf
                assert graph.query("MATCH (d:Document) RETURN count(d)").rows == [[3]]
            except Exception as exc:  # noqa: BLE001 - collected for the assertion below
                errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    rdf.close()
    graph.close()
    assert errors == []


# --------------------------------------------------------------------------------------------
# Prepared statements of a long-lived query connection
# --------------------------------------------------------------------------------------------

def _distinct_queries(home: Path, pool_mb: int, count: int) -> None:
    """``count`` different query texts (as pages of a named query are) on one connection."""
    import ladybug

    from loaders.stores import ladybug_store

    current = VersionedDir(home / "ladybug", prefix="db").current()
    db = ladybug.Database(str(current / ladybug_store.DB_FILE), read_only=True, buffer_pool_size=pool_mb << 20)
    conn = ladybug.Connection(db)
    try:
        for skip in range(count):
            ladybug_store.execute(conn, f"MATCH (n) WHERE n.uri <> $x RETURN n.uri ORDER BY n.uri SKIP {skip} LIMIT 2",
                                  {"x": ""}, 100, 30)
    finally:
        conn.close()
        db.close()


def test_a_query_connection_does_not_keep_every_statement_prepared(shared, monkeypatch) -> None:
    from loaders.stores import ladybug_store

    _distinct_queries(shared, pool_mb=48, count=120)          # passes: the oldest statements are closed
    monkeypatch.setattr(ladybug_store, "forget_prepared", lambda conn: None)
    with pytest.raises(StoreError, match="bộ nhớ"):            # the driver alone keeps all 120
        _distinct_queries(shared, pool_mb=48, count=120)
