"""Neo4j behind the GraphStore interface.  Needs a server: NEO4J_URI (+ NEO4J_USER, NEO4J_PASSWORD,
NEO4J_DATABASE).  No Neo4j server can run on the project's machines, so these tests are skipped there,
except the ones that check what happens when the server cannot be reached."""

from __future__ import annotations

import os
import socket
import time

import pytest
from test_stores import DOCS, MINI_ONTOLOGY, T, turtle

from loaders.stores.errors import QueryRefused, QueryTimeout, StoreError
from loaders.stores.neo4j_store import Neo4jStore
from loaders.stores.pg_mapping import rows_from_rdf, schema_from_ontology

ID = "https://example.org/id/"
needs_server = pytest.mark.skipif(not os.environ.get("NEO4J_URI"),
                                  reason="NEO4J_URI not set: no Neo4j server to test against")


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_credentials_never_appear_in_errors():
    secret = "s3cret-Pa55word-xyz"
    store = Neo4jStore(uri=f"bolt://127.0.0.1:{_closed_port()}", user="dkg-admin-user", password=secret,
                       retry_s=0)
    with pytest.raises(StoreError) as caught:
        store.query("MATCH (n) RETURN n", timeout_s=2)
    assert secret not in str(caught.value) and "dkg-admin-user" not in str(caught.value)
    assert "127.0.0.1" in str(caught.value)
    store.close()


def test_the_uri_is_shown_whole_without_credentials():
    """The default user "neo4j" is not hidden (it would turn "neo4j://host" into "***://host"),
    and credentials written into the URI never show."""
    port = _closed_port()
    store = Neo4jStore(uri=f"neo4j://127.0.0.1:{port}", user="neo4j", password="other-secret", retry_s=0)
    with pytest.raises(StoreError) as caught:
        store.query("MATCH (n) RETURN n", timeout_s=2)
    assert f"neo4j://127.0.0.1:{port}" in str(caught.value) and "other-secret" not in str(caught.value)
    store.close()
    with pytest.raises(StoreError) as caught:   # the routing driver refuses credentials in the URI
        Neo4jStore(uri=f"neo4j://admin:pa55-in-uri@127.0.0.1:{port}", password="other-secret", retry_s=0)
    assert f"neo4j://127.0.0.1:{port}" in str(caught.value) and "userinfo" in str(caught.value)
    assert "pa55-in-uri" not in str(caught.value) and "other-secret" not in str(caught.value)


def test_missing_uri_is_a_clear_error(monkeypatch):
    monkeypatch.delenv("NEO4J_URI", raising=False)
    with pytest.raises(StoreError, match="NEO4J_URI"):
        Neo4jStore()


def test_writes_refused_before_any_connection():
    store = Neo4jStore(uri=f"bolt://127.0.0.1:{_closed_port()}", password="x", retry_s=0)
    with pytest.raises(QueryRefused):
        store.query("MATCH (n) DETACH DELETE n")
    store.close()


# --------------------------------------------------------------------------------------------
# Against a server
# --------------------------------------------------------------------------------------------

@pytest.fixture
def neo4j_store():
    if not os.environ.get("NEO4J_URI"):
        pytest.skip("NEO4J_URI not set: no Neo4j server to test against")
    store = Neo4jStore()
    yield store
    store._write("MATCH (n) WHERE n.dkg_build IS NOT NULL DETACH DELETE n RETURN count(*)")
    store.close()


@pytest.fixture(scope="module")
def mini():
    schema = schema_from_ontology(turtle(MINI_ONTOLOGY), namespace=T)
    rows = rows_from_rdf([t for text in DOCS.values() for t in turtle(text)], schema)
    return schema, rows


@needs_server
def test_load_counts_and_queries(neo4j_store, mini):
    schema, rows = mini
    neo4j_store.load(schema, rows.nodes, rows.rels)
    counts = neo4j_store.counts()
    assert counts["nodes"] == {"Document": 3, "Organ": 2, "Province": 2}
    assert counts["relationships"] == {"cites": 3, "inProvince": 4, "issuer": 2}
    result = neo4j_store.query("MATCH (d:Document)-[:cites]->(k:Document {symbol: $s}) "
                               "RETURN d.symbol ORDER BY d.symbol", {"s": "74-KL/TW"})
    assert result.rows == [["12-TB/TĐ"], ["677-TB/TU"]]


@needs_server
def test_load_twice_changes_nothing_and_stale_facts_go(neo4j_store, mini):
    schema, rows = mini
    neo4j_store.load(schema, rows.nodes, rows.rels)
    query = "MATCH (a)-[r]->(b) RETURN a.uri, type(r), b.uri ORDER BY a.uri, type(r), b.uri"
    before = (neo4j_store.counts(), neo4j_store.query(query).rows)
    neo4j_store.load(schema, rows.nodes, rows.rels)
    assert (neo4j_store.counts(), neo4j_store.query(query).rows) == before
    smaller = rows_from_rdf(turtle(DOCS["https://example.org/graph/n1"]), schema)
    neo4j_store.load(schema, smaller.nodes, smaller.rels)
    assert neo4j_store.query("MATCH (n {uri: $u}) RETURN n", {"u": ID + "td"}).rows == []
    assert neo4j_store.counts()["nodes"]["Document"] == 2


@needs_server
@pytest.mark.parametrize("write", ["CREATE (:Document {uri: 'x'})", "match (n) /* */ detach delete n",
                                   "CALL apoc.create.node(['X'], {})"])
def test_writes_are_refused(neo4j_store, mini, write):
    schema, rows = mini
    neo4j_store.load(schema, rows.nodes, rows.rels)
    before = neo4j_store.counts()
    with pytest.raises(QueryRefused):
        neo4j_store.query(write)
    assert neo4j_store.counts() == before


@needs_server
def test_read_transactions_refuse_writes_past_the_text_check(neo4j_store, mini):
    import neo4j
    schema, rows = mini
    neo4j_store.load(schema, rows.nodes, rows.rels)
    with neo4j_store._session(neo4j.READ_ACCESS) as session, pytest.raises(neo4j.exceptions.Neo4jError):
        session.execute_read(lambda tx: tx.run("CREATE (:Document {uri: 'sneaky'})").consume())
    assert neo4j_store.query("MATCH (d {uri: 'sneaky'}) RETURN d").rows == []


@needs_server
@pytest.mark.parametrize("value", ["x' }) DETACH DELETE n //", 'a "quoted" {brace}', "74-KL/TW"])
def test_parameters_stay_parameters(neo4j_store, mini, value):
    schema, rows = mini
    neo4j_store.load(schema, rows.nodes, rows.rels)
    before = neo4j_store.counts()
    found = neo4j_store.query("MATCH (d:Document) WHERE d.symbol = $v RETURN d.uri", {"v": value}).rows
    assert found == ([[ID + "kl74"]] if value == "74-KL/TW" else [])
    assert neo4j_store.counts() == before


@needs_server
def test_runaway_query_is_stopped(neo4j_store):
    started = time.monotonic()
    with pytest.raises(QueryTimeout):
        neo4j_store.query("UNWIND range(1, 100000) AS x UNWIND range(1, 100000) AS y RETURN sum(x * y)",
                          timeout_s=1)
    assert time.monotonic() - started < 30


def test_driver_retries_do_not_print_warnings_on_stderr():
    """The driver's own "will be retried" warnings stay out of the terminal: the user gets one error."""
    import subprocess
    import sys

    code = ("from loaders.stores.neo4j_store import Neo4jStore\n"
            "from loaders.stores.errors import StoreError\n"
            f"s = Neo4jStore(uri='neo4j://127.0.0.1:{_closed_port()}', password='x', retry_s=2)\n"
            "try:\n    s.query('RETURN 1', timeout_s=5)\nexcept StoreError as e:\n    print(e)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert "Không kết nối được Neo4j" in done.stdout
    assert "retried" not in done.stderr and "routing information" not in done.stderr, done.stderr
