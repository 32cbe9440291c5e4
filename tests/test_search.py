"""The search index: with or without diacritics, symbols in any writing, hostile input, atomic rebuild."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from rdflib import Graph
from test_stores import DOCS, MINI_ONTOLOGY, T, turtle

from loaders.stores.errors import StoreNotBuilt
from loaders.stores.pg_mapping import DKG, rows_from_rdf, schema_from_ontology
from loaders.stores.search_index import (
    INDEX_FILE,
    SearchIndex,
    build_match,
    build_search_index,
    entries_from_rows,
    symbol_key,
    symbol_writings,
)

ID = "https://example.org/id/"
ROOT = Path(__file__).resolve().parent.parent
DATA = "https://w3id.org/vn-directives/id/"


@pytest.fixture(scope="module")
def mini():
    schema = schema_from_ontology(turtle(MINI_ONTOLOGY), namespace=T)
    data = [t for text in DOCS.values() for t in turtle(text)]
    return schema, rows_from_rdf(data, schema)


@pytest.fixture
def index(tmp_path, mini):
    schema, rows = mini
    assert build_search_index(tmp_path, schema, rows) == 7
    return SearchIndex.open(tmp_path)


def uris(hits):
    return [h.uri for h in hits]


def test_symbol_writings():
    assert symbol_key("74-KL/TW") == symbol_key("74 kl tw") == "74kltw"
    assert symbol_key("01-ĐA/TU") == "01datu"
    assert set(symbol_writings("74-KL/TW")) >= {"74 kl tw", "74kltw", "74kl", "kl74", "kltw"}
    assert "2071snv" in symbol_writings("2071/SNV-CCVC")


@pytest.mark.parametrize("query", ["74-KL/TW", "KL 74", "kl74", "số 74-KL", "74 KL TW", "kl 74/tw", "74kltw"])
def test_a_symbol_in_any_writing(index, query):
    assert uris(index.search(query))[0] == ID + "kl74"


def test_exact_symbol_first(index):
    hits = index.search("74-KL/TW")
    assert hits[0].exact and hits[0].symbol == "74-KL/TW" and hits[0].kind == "document"
    assert not index.search("KL 74")[0].exact


@pytest.mark.parametrize("query", ["tinh doan", "Tỉnh đoàn", "TỈNH ĐOÀN", "tỉnh doan", "tinh đoàn"])
def test_with_or_without_diacritics(index, query):
    hits = index.search(query)
    assert hits[0].uri == ID + "td" and hits[0].exact and hits[0].kind == "organ"
    assert hits[0].province == "Hà Tĩnh"


def test_prefix_as_you_type(index):
    assert ID + "td" in uris(index.search("tinh do"))


def test_filters(index):
    assert uris(index.search("Tỉnh", kind="organ")) and all(
        h.kind == "organ" for h in index.search("Tỉnh", kind="organ"))
    assert uris(index.search("thông báo", province="ha nam")) == [ID + "n1"]
    assert uris(index.search("thông báo", province="Hà Tĩnh")) == [ID + "n2"]
    assert uris(index.search("thong bao", province="ha-tinh")) == [ID + "n2"]
    assert index.search("Tỉnh đoàn", kind="document") == []
    hit = index.search("677-TB/TU")[0]
    assert (hit.date, hit.province, hit.label) == ("2021-03-04", "Hà Nam", "Thông báo 677-TB/TU")


@pytest.mark.parametrize("hostile", [
    '"', '""', "'", "(", ")", "tinh\" OR (doan", "NEAR(tinh doan)", "tinh AND", "OR OR", "*", "-", "- tinh",
    "tinh*", "^tinh", "{names}: x", "names: tinh", "tinh + doan", ";DROP TABLE entries;--", "\\", "\x00",
    "   ", "",
])
def test_fts_syntax_in_user_input_is_just_text(index, hostile):
    hits = index.search(hostile)                     # never raises
    assert isinstance(hits, list)
    assert index.count() == 7                        # and never changes the index


def test_match_expression_quotes_every_token():
    expression = build_match('tinh" OR NEAR(x)', "all")
    assert expression.count('"tinh"') == 2 and '"or"' in expression and '"near"' in expression


def test_any_word_when_all_words_find_nothing(index):
    hits = index.search("Tỉnh đoàn xyzzy")
    assert ID + "td" in uris(hits)


def test_not_built(tmp_path):
    with pytest.raises(StoreNotBuilt):
        SearchIndex.open(tmp_path).search("x")


def test_rebuild_is_atomic_for_readers(tmp_path, mini):
    schema, rows = mini
    build_search_index(tmp_path, schema, rows)
    index = SearchIndex.open(tmp_path)
    errors: list[Exception] = []
    stop = threading.Event()

    def read():
        while not stop.is_set():
            try:
                assert index.search("74-KL/TW")[0].uri == ID + "kl74"
            except Exception as exc:  # noqa: BLE001 - collected for the assertion below
                errors.append(exc)

    reader = threading.Thread(target=read)
    reader.start()
    for _ in range(15):
        build_search_index(tmp_path, schema, rows)
    stop.set()
    reader.join()
    assert errors == []
    assert [p.name for p in tmp_path.iterdir()] == [INDEX_FILE]     # no temporary file left
    with sqlite3.connect(tmp_path / INDEX_FILE) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_rebuild_replaces_old_entries(tmp_path, mini):
    schema, rows = mini
    build_search_index(tmp_path, schema, rows)
    smaller = rows_from_rdf(turtle(DOCS["https://example.org/graph/n1"]), schema)
    assert build_search_index(tmp_path, schema, smaller) == 4
    index = SearchIndex.open(tmp_path)
    assert index.search("Tỉnh đoàn") == [] or ID + "td" not in uris(index.search("Tỉnh đoàn"))
    assert uris(index.search("677-TB/TU"))[0] == ID + "n1"


def test_entries_from_the_project_ontology():
    ontology_file = ROOT / "ontology" / "directives.ttl"
    if not ontology_file.exists():
        pytest.skip("ontology/directives.ttl is not written yet")
    schema = schema_from_ontology(Graph().parse(ontology_file), namespace=DKG)
    data = turtle(f"""
        @prefix dkg: <{DKG}> . @prefix eli: <http://data.europa.eu/eli/ontology#> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        <{DATA}province/ha-nam> a dkg:Province ; rdfs:label "Hà Nam"@vi .
        <{DATA}province/ha-tinh> a dkg:Province ; rdfs:label "Hà Tĩnh"@vi .
        <{DATA}organ/ha-nam/tinh-doan> a dkg:YouthUnion , dkg:MassOrganisation , dkg:Organ ;
            skos:prefLabel "Tỉnh đoàn"@vi ; rdfs:label "Tỉnh đoàn"@vi ; dkg:inProvince <{DATA}province/ha-nam> .
        <{DATA}organ/ha-tinh/tinh-doan> a dkg:YouthUnion , dkg:MassOrganisation , dkg:Organ ;
            skos:prefLabel "Tỉnh đoàn"@vi ; skos:altLabel "Đoàn Thanh niên"@vi ; dkg:inProvince <{DATA}province/ha-tinh> .
        <{DATA}doc/ha-nam/01-da-tu/2021> a dkg:Document ; eli:id_local "01-ĐA/TU" ; rdfs:label "01-ĐA/TU"@vi ;
            eli:date_document "2021-09-28"^^xsd:date ; dkg:inProvince <{DATA}province/ha-nam> ;
            dkg:hasKind <https://w3id.org/vn-directives/kind/de-an> .
    """)
    rows = rows_from_rdf(data, schema)
    assert rows.report.clean, rows.report.problems()
    entries = {e.uri.rsplit("/id/", 1)[1]: e for e in entries_from_rows(schema, rows)}
    assert entries["organ/ha-tinh/tinh-doan"].province == "Hà Tĩnh"
    assert entries["doc/ha-nam/01-da-tu/2021"].date == "2021-09-28"
    assert entries["doc/ha-nam/01-da-tu/2021"].symbols == ["01-ĐA/TU"]
    assert "kind/de-an" not in entries                  # document kinds are not search targets


def test_the_project_ontology_finds_tinh_doan_of_both_provinces(tmp_path):
    ontology_file = ROOT / "ontology" / "directives.ttl"
    if not ontology_file.exists():
        pytest.skip("ontology/directives.ttl is not written yet")
    schema = schema_from_ontology(Graph().parse(ontology_file), namespace=DKG)
    data = turtle(f"""
        @prefix dkg: <{DKG}> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        <{DATA}province/ha-nam> a dkg:Province ; rdfs:label "Hà Nam"@vi .
        <{DATA}province/ha-tinh> a dkg:Province ; rdfs:label "Hà Tĩnh"@vi .
        <{DATA}organ/ha-nam/tinh-doan> a dkg:YouthUnion , dkg:Organ ; skos:prefLabel "Tỉnh đoàn"@vi ;
            dkg:inProvince <{DATA}province/ha-nam> .
        <{DATA}organ/ha-tinh/tinh-doan> a dkg:YouthUnion , dkg:Organ ; skos:prefLabel "Tỉnh đoàn"@vi ;
            dkg:inProvince <{DATA}province/ha-tinh> .
        <{DATA}organ/ha-tinh/ubnd> a dkg:PeoplesCommittee , dkg:Organ ; skos:prefLabel "Ủy ban nhân dân tỉnh"@vi ;
            dkg:inProvince <{DATA}province/ha-tinh> .
    """)
    build_search_index(tmp_path, schema, rows_from_rdf(data, schema))
    hits = SearchIndex.open(tmp_path).search("tinh doan")
    assert sorted(h.province for h in hits[:2]) == ["Hà Nam", "Hà Tĩnh"]
    assert all(h.exact for h in hits[:2])
