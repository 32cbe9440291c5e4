"""The streamed mapping of a whole store (pg_stream.map_store) gives what rows_from_rdf gives."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict
from pathlib import Path

import pyarrow.parquet as pq
import pyoxigraph as ox
import pytest
from rdflib import Graph
from test_stores import MINI_ONTOLOGY
from test_stores import PREFIXES as STORE_PREFIXES

from loaders.stores.pg_mapping import rows_from_rdf, schema_from_ontology
from loaders.stores.pg_stream import _literal, _Select, map_store, streamable
from loaders.stores.search_index import entries_from_rows

T = "https://example.org/t#"

# test_stores' mini ontology, with a kind scheme and a decimal column the streamed mapping must read too
ONTOLOGY = MINI_ONTOLOGY + """
t:Kind a owl:Class .
t:score a owl:DatatypeProperty ; rdfs:domain t:Document ; rdfs:range xsd:decimal .
t:ofKind a owl:ObjectProperty ; rdfs:domain t:Document ; rdfs:range t:Kind .
t:Note a owl:Class ; t:propertyGraph false .
t:noteIn a owl:ObjectProperty ; rdfs:domain t:Note ; rdfs:range t:Document .
t:citedOn a owl:DatatypeProperty ; rdfs:domain t:Document ; rdfs:range xsd:date ; t:propertyGraph false .
t:seenBy a owl:ObjectProperty ; rdfs:domain t:Document ; rdfs:range t:Organ ; t:propertyGraph false .
<https://example.org/kind/nq> a t:Kind , owl:NamedIndividual ;
    rdfs:label "Nghị quyết"@vi , "Resolution"@en .
"""

PREFIXES = STORE_PREFIXES + "@prefix prov: <http://www.w3.org/ns/prov#> .\n"

# Everything rows_from_rdf has a rule for: several graphs stating the same things, values that do
# not convert (twice), unknown classes and properties, untyped subjects, stubs, blank nodes, edges
# outside their domain, literals where nodes belong, descriptions of the named graphs, languages,
# escapes, the ontology's individuals, the default graph, nodes of a class left to the RDF store
# (t:Note, even when also typed with a mapped class) with their own property and shared ones, and
# properties left to the RDF store (t:citedOn, t:seenBy) on any subject, with any object, in one graph
# or several (each statement counted, not read).
GRAPHS = {
    "https://example.org/graph/g1": """
d:x a t:Notice , t:Document , t:Mystery ; t:year "two thousand" , 2021 ; t:colour "red" ; t:issuer d:nobody ;
    rdfs:label "tab\\there\\nnew \\"quoted\\" back\\\\slash\\r end"@vi , "x"@en , "  spaced  " ;
    t:symbol "B-1" , "A-1" ; t:date "2021-03-04"^^xsd:date ; t:resolved true ; t:score 1.50 ;
    t:cites d:kl74 ; eli:cites d:kl74 ; t:inProvince d:ha-nam ; t:ofKind <https://example.org/kind/nq> ;
    skos:altLabel "b" , "a" , "b"@fr .
d:kl74 a t:Document ; t:symbol "74-KL/TW" ; rdfs:label "Kết luận 74-KL/TW"@vi , "même"@fr , "même"@de .
d:tu a t:PartyOrgan , t:Organ ; skos:prefLabel "Tỉnh ủy Hà Nam"@vi ; t:cites d:kl74 ; t:inProvince d:ha-nam .
d:ha-nam a t:Province ; rdfs:label "Hà Nam"@vi .
<https://example.org/graph/g1> a prov:Entity ; rdfs:label "the graph" ; prov:wasDerivedFrom d:x .
d:n1 a t:Note ; t:noteIn d:x ; rdfs:label "a note"@vi ; t:symbol "N-1" ; eli:cites d:kl74 .
d:kl74 t:citedOn "2021-03-04"^^xsd:date .
d:x t:seenBy d:tu .
""",
    "https://example.org/graph/g2": """
d:x a t:Document ; t:year "two thousand" , "2021"^^xsd:integer ; t:issuer "a literal organ" ;
    rdfs:label "x"@en ; t:symbol "weird\\u2028line" .
d:z t:symbol "no type" ; t:cites d:x .
d:w a t:Document ; t:cites d:stub , d:x , _:b ; t:issuer d:nobody ; t:symbol 12 ; t:year 2020.
_:b a t:Document ; rdfs:label "blank" .
d:y a t:Mystery ; t:cites d:x .
d:stub t:symbol "only an object" .
d:t2 a t:Organ ; rdfs:label "Tỉnh đoàn" ; t:inProvince d:ha-tinh , d:ha-nam .
d:ha-tinh a t:Province ; rdfs:label "Hà Tĩnh"@vi .
d:x t:issuer d:t2 .
<https://example.org/graph/g1> prov:wasDerivedFrom d:x ; t:colour "blue" .
<https://example.org/graph/g2> a prov:Entity .
d:w t:cites <https://example.org/graph/g2> ; t:friend d:x , d:kl74 ; t:symbol d:kl74 ; eli:cites d:x .
d:z t:friend d:x .
d:n2 a t:Note , t:Document ; t:noteIn d:w ; t:cites d:x ; t:year 1999 .
d:n1 t:noteIn d:kl74 .
d:w t:friend "a literal friend" ; t:noteIn "not a note" .
d:y prov:wasDerivedFrom "a literal source" , d:x .
d:n2 t:noteIn "a literal of a note" .
d:kl74 t:citedOn "2021-03-04"^^xsd:date , "2020-01-01"^^xsd:date .
d:dated t:citedOn "2020-01-01"^^xsd:date .
d:n2 t:citedOn "1999-01-01"^^xsd:date .
d:w t:citedOn d:x , "not a date" .
<https://example.org/graph/g1> t:citedOn "2020-01-01"^^xsd:date .
d:x t:seenBy "a literal organ" .
""",
}


def _store() -> ox.Store:
    store = ox.Store()
    for name, text in GRAPHS.items():
        store.load(input=(PREFIXES + text).encode(), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(name))
    store.load(input=(PREFIXES + 'd:q a t:Province ; rdfs:label "Quảng Nam"@vi ; t:citedOn "2020-01-01"^^xsd:date .').encode(),
               format=ox.RdfFormat.TURTLE, to_graph=ox.DefaultGraph())
    return store


@pytest.fixture(scope="module")
def schema():
    return schema_from_ontology(Graph().parse(data=ONTOLOGY, format="turtle"), namespace=T)


def _node_rows(mapped) -> dict[str, list[dict]]:
    return {name: pq.read_table(file).to_pylist() for name, (file, _n) in mapped.files.nodes.items()}


def _edges(mapped) -> Counter:
    out: Counter = Counter()
    for name, src, dst, file, _n in mapped.files.rels:
        for row in pq.read_table(file).to_pylist():
            out[(name, row["from"], row["to"], src, dst, tuple(row["sources"]))] += 1
    return out


def test_streamed_mapping_is_rows_from_rdf(schema, tmp_path):
    store = _store()
    assert streamable(schema)
    mapped = map_store(store, schema, tmp_path)
    rows = rows_from_rdf(store.quads_for_pattern(None, None, None, None), schema)
    expected_nodes = {name: [{c: row.get(c) for c in schema.node_tables[name].columns} for row in table_rows]
                      for name, table_rows in rows.nodes.items() if table_rows}
    assert _node_rows(mapped) == expected_nodes
    assert _edges(mapped) == Counter((name, e.src, e.dst, e.src_table, e.dst_table, tuple(e.sources))
                                     for name, edges in rows.rels.items() for e in edges)
    assert asdict(mapped.report) == asdict(rows.report)
    # the data reaches every rule it is meant to
    report = rows.report
    assert report.stub_nodes and report.untyped_nodes and report.unknown_classes and report.multi_values
    assert report.graph_descriptions and report.implied and report.dropped_edges
    assert any("two thousand" in key and n == 2 for key, n in report.dropped_values.items())
    assert any("a literal where a node is expected" in key for key in report.dropped_values)
    assert any("a node where a literal is expected" in key for key in report.dropped_values)
    assert report.unknown_properties[T + "friend"] == 4 and report.implied["http://data.europa.eu/eli/ontology#cites"] == 2
    label = next(r["label"] for r in rows.nodes["Document"] if r["uri"].endswith("/x"))
    assert label == 'tab\there\nnew "quoted" back\\slash\r end'
    # the search entries, numbered as a full build numbers them
    numbered = sorted(mapped.search_entries(schema), key=lambda pair: pair[0])
    entries = entries_from_rows(schema, rows)
    assert [n for n, _ in numbered] == list(range(1, len(entries) + 1))
    assert [e for _, e in numbered] == entries
    assert {e.uri.rsplit("/", 1)[1]: e.province for e in entries if e.kind == "organ"}["t2"] == "Hà Nam"
    # the RDF-only nodes: counted, in no table, no relationship from them, no table for their property
    assert report.kept_in_rdf == Counter({T + "Note": 2, T + "citedOn": 9, T + "seenBy": 2})
    assert "noteIn" not in schema.rel_tables
    assert not any(r["uri"].endswith(("/n1", "/n2")) for table in rows.nodes.values() for r in table)
    assert not any(e.src.endswith(("/n1", "/n2")) for edges in rows.rels.values() for e in edges)
    assert not any(r["from"].endswith(("/n1", "/n2")) for _, _, _, file, _ in mapped.files.rels
                   for r in pq.read_table(file).to_pylist())


def test_streamed_mapping_of_an_empty_store(schema, tmp_path):
    mapped = map_store(ox.Store(), schema, tmp_path)
    rows = rows_from_rdf([], schema)
    assert _node_rows(mapped) == {name: [{c: row.get(c) for c in schema.node_tables[name].columns}
                                         for row in table_rows] for name, table_rows in rows.nodes.items() if table_rows}
    assert not mapped.files.rels and asdict(mapped.report) == asdict(rows.report)


@pytest.mark.parametrize("term", [
    ox.Literal("plain"), ox.Literal("x", language="vi"), ox.Literal('a"b\\c\td\ne\rf'), ox.Literal(""),
    ox.Literal("12", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
    ox.Literal("1.5", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")),
    ox.Literal("true", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")),
    ox.Literal("2021-01-02", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")),
    ox.Literal('say "hi"@en', language="en-gb"), ox.Literal("\u2028\u0085 é"),
])
def test_tsv_literals_read_back(term, tmp_path: Path):
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("https://e/s"), ox.NamedNode("https://e/p"), term, ox.NamedNode("https://e/g")))
    tsv = store.query("SELECT ?o WHERE { GRAPH ?g { ?s ?p ?o } }").serialize(format=ox.QueryResultsFormat.TSV)
    field = tsv.decode().split("\n")[1]
    assert _literal(field) == (term.value, term.language or "")


def test_schema_with_a_shared_column_is_not_streamed():
    ontology = ONTOLOGY + """
        t:code a owl:DatatypeProperty ; rdfs:domain t:Document .
        <https://example.org/u#code> a owl:DatatypeProperty ; rdfs:domain t:Document .
    """
    schema = schema_from_ontology(Graph().parse(data=ontology, format="turtle"), namespace=T)
    assert not streamable(schema)
    with pytest.raises(ValueError):
        map_store(ox.Store(), schema, Path("."))


def test_properties_kept_in_rdf_are_counted_never_read(schema, tmp_path, monkeypatch):
    """t:citedOn and t:seenBy: no column, no relationship table, each statement counted in
    ``kept_in_rdf`` by a COUNT (no SELECT reads them), and the rest mapped as if they were not there."""
    kept = {T + "citedOn", T + "seenBy"}
    assert schema.rdf_only_properties == kept and not schema.rdf_only_classes & kept
    assert "seenBy" not in schema.rel_tables and T + "citedOn" not in schema.datatype_properties
    assert not any("citedOn" in table.columns for table in schema.node_tables.values())
    store = _store()
    asked: list[str] = []
    start = _Select.start
    monkeypatch.setattr(_Select, "start", lambda self, sparql, *a: asked.append(sparql) or start(self, sparql, *a))
    mapped = map_store(store, schema, tmp_path)
    reading = [q for q in asked if any(f"<{p}>" in q for p in kept)]
    assert sorted(reading) == sorted(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s <{p}> ?o }} }}" for p in kept)
    assert mapped.report.kept_in_rdf[T + "citedOn"] == 9 and mapped.report.kept_in_rdf[T + "seenBy"] == 2
    # without those statements: the same rows, relationships and report (but for what is kept in RDF)
    without = ox.Store()
    without.extend(q for q in store.quads_for_pattern(None, None, None, None) if q.predicate.value not in kept)
    (tmp_path / "bare").mkdir()
    bare = map_store(without, schema, tmp_path / "bare")
    assert _node_rows(mapped) == _node_rows(bare) and _edges(mapped) == _edges(bare)
    for prop in kept:
        del mapped.report.kept_in_rdf[prop]
    assert asdict(mapped.report) == asdict(bare.report)
