"""Read-only where users query (issue 6, item 3), on a graph built from the seeds.

Every write form is refused by both stores, and the node/triple counts stay as they were after each
attempt; the engines' own read-only modes refuse too when the text check is bypassed; parameters stay
parameters; a runaway query ends with a time-limit message and the store answers the next query; the
row limit applies.  When ``queries/runner.py`` exists, its entry points get the same treatment.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from rel_support import copy_seeds, graph_dump, rdf_dump, run_dkg

from loaders.pipeline import build
from loaders.stores import ladybug_store, rdf_store
from loaders.stores.errors import QueryRefused, QueryTimeout, StoreError
from loaders.stores.graph_store import open_graph_store
from loaders.stores.rdf_store import RdfStore

CYPHER_WRITES = [
    # the clauses
    "CREATE (d:Document {uri: 'x'})",
    "MERGE (d:Document {uri: 'x'}) RETURN d",
    "MATCH (d:Document) SET d.label = 'x'",
    "MATCH (d:Document) DELETE d",
    "MATCH (d:Document) DETACH DELETE d",
    "MATCH (d:Document) REMOVE d.label",
    "DROP TABLE Document",
    "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line",
    "LOAD FROM '/etc/passwd' RETURN *",
    "COPY Document FROM '/tmp/x.csv'",
    "COPY (MATCH (d:Document) RETURN d.uri) TO '/tmp/out.csv'",
    "ALTER TABLE Document ADD x STRING",
    "MATCH (d:Document) FOREACH (x IN [1] | SET d.label = 'x')",
    "CALL { CREATE (d:Document {uri: 'x'}) RETURN d } RETURN 1",
    "UNWIND range(1, 3) AS i CREATE (:Organ {uri: toString(i)})",
    "INSTALL json", "LOAD EXTENSION json", "ATTACH '/tmp/other.lbug' AS o (dbtype lbug)",
    "EXPORT DATABASE '/tmp/dump'", "IMPORT DATABASE '/tmp/dump'", "CHECKPOINT",
    "BEGIN TRANSACTION", "USE other",
    # write and configuration procedures
    "CALL apoc.create.node(['Document'], {uri: 'x'})",
    "CALL apoc.periodic.iterate('MATCH (n) RETURN n', 'DETACH DELETE n', {})",
    "CALL apoc.cypher.runWrite('CREATE (n)', {})",
    "CALL db.createLabel('X')",
    "CALL dbms.security.createUser('u', 'p', false)",
    "CALL timeout=0",
    "CALL threads=64",
    "CALL drop_fts_index('Document', 'x')",
    # hidden: case, comments, strings, several statements
    "match (d:Document) detach delete d",
    "MaTcH (d:Document) DeTaCh DeLeTe d",
    "MATCH (d:Document) /* just reading */ DETACH DELETE d",
    "MATCH (d:Document) // a comment\nDETACH DELETE d",
    "MATCH (d:Document)\n/* RETURN d */\nSET d.label = 'x'",
    "MATCH (d:Document) WHERE d.label <> '//' SET d.label = 'x'",
    "MATCH (d:Document) WHERE d.label <> '/*' SET d.label = '*/'",
    "MATCH (d:Document) WHERE d.label <> 'it\\'s' DELETE d",
    "MATCH (d:Document) WHERE d.label <> \"a\\\"b\" DELETE d",
    "MATCH (`a'b`:Document) DELETE `a'b`",
    "RETURN 1; MATCH (d:Document) DETACH DELETE d",
    "MATCH (d:Document) RETURN d UNION MATCH (d:Document) SET d.label = 'x' RETURN d",
    "MATCH (d:Document)\tSET\td.label='x'",
    "MATCH (d:Document)\nSET\nd.label='x'",
]

SPARQL_UPDATES = [
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "DELETE DATA { <urn:a> <urn:b> <urn:c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "DELETE { ?s ?p ?o } INSERT { ?s ?p 'x' } WHERE { ?s ?p ?o }",
    "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "LOAD <file:///etc/passwd>",
    "LOAD SILENT <http://example.org/x> INTO GRAPH <urn:g>",
    "CLEAR ALL", "CLEAR DEFAULT", "CLEAR SILENT GRAPH <urn:g>",
    "DROP ALL", "DROP SILENT NAMED",
    "CREATE GRAPH <urn:g>",
    "ADD DEFAULT TO <urn:g>", "MOVE <urn:a> TO <urn:b>", "COPY <urn:a> TO DEFAULT",
    "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    # hidden
    "drop all", "DrOp AlL",
    "# a comment\nDROP ALL",
    "PREFIX ex: <http://example.org/> # comment with DROP\nINSERT DATA { ex:a ex:b 'x' }",
    "SELECT * WHERE { ?s ?p '#' } ; DROP ALL",
    "SELECT * WHERE { ?s ?p \"it's\" } ;\nCLEAR ALL",
    "SELECT * WHERE { ?s ?p '''multi\nline''' } ; DROP ALL",
    "PREFIX : <urn:x#> INSERT DATA { :a :b :c }",
    "BASE <urn:x> DELETE WHERE { ?s ?p ?o }",
]


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("readonly")
    copy_seeds(root / "corpus")
    summary = build([root / "corpus"], root / "home")
    assert summary.ok and summary.documents == 4
    return root / "home"


@pytest.fixture(scope="module")
def graph(home):
    store = open_graph_store(home, engine="ladybug", read_only=True)
    yield store
    store.close()


@pytest.fixture(scope="module")
def rdf(home):
    store = RdfStore.open(home, read_only=True)
    yield store
    store.close()


@pytest.fixture(scope="module")
def counts(graph, rdf):
    return graph.counts(), rdf.count()


@pytest.mark.parametrize("cypher", CYPHER_WRITES)
def test_cypher_writes_are_refused_and_change_nothing(graph, rdf, counts, cypher):
    with pytest.raises(QueryRefused) as refused:
        graph.query(cypher)
    assert "chỉ được đọc" in str(refused.value)
    assert (graph.counts(), rdf.count()) == counts


@pytest.mark.parametrize("sparql", SPARQL_UPDATES)
def test_sparql_updates_are_refused_and_change_nothing(graph, rdf, counts, sparql):
    with pytest.raises(QueryRefused):
        rdf.query(sparql)
    assert (graph.counts(), rdf.count()) == counts


@pytest.mark.parametrize("cypher", ["CREATE (d:Document {uri: 'x'})", "MATCH (d:Document) DETACH DELETE d",
                                    "MATCH (d:Document) SET d.label = 'x'", "DROP TABLE CitationEvidence",
                                    "COPY Document FROM '/etc/hostname'"])
def test_the_graph_engine_itself_is_read_only(home, monkeypatch, cypher):
    """The second door: with the text check switched off, the read-only database still refuses."""
    before = graph_dump(home)
    monkeypatch.setattr(ladybug_store, "check_cypher_read_only", lambda text: None)
    store = open_graph_store(home, engine="ladybug", read_only=True)
    try:
        with pytest.raises(StoreError):
            store.query(cypher)
    finally:
        store.close()
    monkeypatch.undo()
    assert graph_dump(home) == before


@pytest.mark.parametrize("sparql", ["INSERT DATA { <urn:a> <urn:b> <urn:c> }", "DROP ALL", "CLEAR ALL",
                                    "DELETE WHERE { ?s ?p ?o }"])
def test_the_sparql_engine_runs_no_update_through_query(home, monkeypatch, sparql):
    """pyoxigraph's ``query`` parses queries only: an update that got past the text check fails there."""
    before = rdf_dump(home)
    monkeypatch.setattr(rdf_store, "check_sparql_read_only", lambda text: None)
    with RdfStore.open(home, read_only=True) as store:
        with pytest.raises(StoreError):
            store.query(sparql)
    monkeypatch.undo()
    assert rdf_dump(home) == before


HOSTILE_VALUES = [
    "x' OR 1=1 //",
    "x\" OR \"1\"=\"1",
    "'}) DETACH DELETE d //",
    "\"} ; DROP ALL ; #",
    "} } ; INSERT DATA { <urn:a> <urn:b> <urn:c> } #",
    "$name",
    "{uri: 'x'}",
    "`Document`",
    "\\' RETURN 1 //",
    "Tỉnh ủy' MATCH (n) DETACH DELETE n RETURN '",
    "<urn:x> . ?s ?p ?o",
]


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_cypher_parameters_stay_parameters(graph, counts, value):
    assert graph.query("RETURN $name AS v", {"name": value}).rows == [[value]]
    found = graph.query("MATCH (d:Document) WHERE d.label = $name OR d.uri = $name RETURN d.uri", {"name": value})
    assert found.rows == []
    assert graph.counts() == counts[0]


def test_cypher_parameter_finds_a_real_label(graph):
    label = graph.query("MATCH (o:Organ) RETURN o.label ORDER BY o.label LIMIT 1").rows[0][0]
    rows = graph.query("MATCH (o:Organ) WHERE o.label = $label RETURN o.label", {"label": label}).rows
    assert rows and all(r == [label] for r in rows)


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_sparql_parameters_stay_parameters(rdf, counts, value):
    assert rdf.query("SELECT ?name WHERE {}", {"name": value}).rows == [[value]]
    found = rdf.query("SELECT ?d ?name WHERE { ?d rdfs:label ?l FILTER(STR(?l) = ?name) }", {"name": value})
    assert found.rows == []
    assert rdf.count() == counts[1]


def test_sparql_parameter_finds_a_real_label(rdf):
    label = rdf.query("SELECT ?l WHERE { ?d a dkg:Organ ; rdfs:label ?l } ORDER BY ?l LIMIT 1").rows[0][0]
    rows = rdf.query("SELECT ?d ?label WHERE { ?d rdfs:label ?l FILTER(STR(?l) = ?label) }", {"label": label}).rows
    assert rows and all(r[1] == label for r in rows)


def test_runaway_cypher_is_stopped_and_the_store_answers_again(graph):
    with pytest.raises(QueryTimeout) as stopped:
        graph.query("MATCH (a), (b), (c), (d) WHERE a.uri + b.uri + c.uri + d.uri <> '' RETURN count(*)",
                    timeout_s=1)
    assert "thời gian" in str(stopped.value)
    assert graph.query("MATCH (d:Document) RETURN count(d)").rows[0][0] > 0


def test_runaway_sparql_is_stopped_and_the_store_answers_again(rdf):
    with pytest.raises(QueryTimeout) as stopped:
        rdf.query("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }", timeout_s=1)
    assert "thời gian" in str(stopped.value)
    assert rdf.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0] == rdf.count()


def test_row_limits_apply(graph, rdf):
    cut = graph.query("MATCH (o:Organ) RETURN o.uri", limit=5)
    assert len(cut.rows) == 5 and cut.truncated and cut.notes
    whole = graph.query("MATCH (d:Document) RETURN d.uri", limit=100_000)
    assert not whole.truncated
    cut = rdf.query("SELECT ?s WHERE { ?s ?p ?o }", limit=7)
    assert len(cut.rows) == 7 and cut.truncated and cut.notes


# --- the query runner and `dkg query` -----------------------------------------------------------------

def _runner():
    if importlib.util.find_spec("queries.runner") is None:
        pytest.skip("queries/runner.py is not in the repository yet")
    import queries.runner as runner

    return runner


@pytest.fixture(scope="module")
def runner():
    module = _runner()
    yield module
    module.close_stores()


@pytest.mark.parametrize("cypher", CYPHER_WRITES[::3])
def test_runner_refuses_cypher_writes(runner, home, graph, rdf, counts, cypher):
    with pytest.raises(QueryRefused):
        runner.run_cypher(cypher, home, engine="ladybug")
    assert (graph.counts(), rdf.count()) == counts


@pytest.mark.parametrize("sparql", SPARQL_UPDATES[::3])
def test_runner_refuses_sparql_updates(runner, home, graph, rdf, counts, sparql):
    with pytest.raises(QueryRefused):
        runner.run_sparql(sparql, home)
    assert (graph.counts(), rdf.count()) == counts


def _named_with_params(runner) -> list[tuple[str, str, str]]:
    """(query, parameter, language) for every named query's text and entity parameters."""
    out = []
    for name, query in sorted(runner.named_queries().items()):
        for param in query.params:
            if param.kind not in ("int", "date"):              # every kind a string can reach
                for lang in runner.LANGS:
                    out.append((name, param.name, lang))
    return out


def test_named_queries_take_hostile_parameter_values_as_values(runner, home, graph, rdf, counts):
    """Every named query, every text-like parameter, both languages, every hostile value: an answer or a
    clear refusal of the value, never an engine error, a write, or an injection."""
    cases = _named_with_params(runner)
    assert cases, "no named query has a text parameter"
    failures = []
    for name, param, lang in cases:
        for value in HOSTILE_VALUES:
            try:
                runner.run_named(name, {param: value}, lang=lang, home=home, timeout_s=20)
            except ValueError as refused:          # the runner's own refusal of a bad value (Vietnamese)
                if not str(refused):
                    failures.append((name, param, lang, value, "empty message"))
            except StoreError as error:
                failures.append((name, param, lang, value, f"{type(error).__name__}: {error}"[:300]))
    assert not failures, failures[:10]
    assert (graph.counts(), rdf.count()) == counts


def test_runner_stops_a_runaway_query_and_answers_the_next(runner, home):
    with pytest.raises(QueryTimeout):
        runner.run_cypher("MATCH (a), (b), (c), (d) WHERE a.uri + b.uri + c.uri + d.uri <> '' RETURN count(*)",
                          home, engine="ladybug", timeout_s=1)
    with pytest.raises(QueryTimeout):
        runner.run_sparql("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }",
                          home, timeout_s=1)
    assert runner.run_cypher("MATCH (d:Document) RETURN count(d)", home, engine="ladybug").rows[0][0] > 0
    assert runner.run_sparql("ASK { ?s ?p ?o }", home).rows == [[True]]


def test_runner_row_limit(runner, home):
    result = runner.run_sparql("SELECT ?s WHERE { ?s ?p ?o }", home, limit=4)
    assert len(result.rows) == 4 and result.truncated


@pytest.mark.parametrize("lang, text", [
    ("--cypher", "MATCH (d:Document) DETACH DELETE d"),
    ("--cypher", "match (d) // x\n set d.label = 'x'"),
    ("--sparql", "DROP ALL"),
    ("--sparql", "# c\nINSERT DATA { <urn:a> <urn:b> <urn:c> }"),
])
def test_dkg_query_refuses_writes_with_exit_2(home, graph, rdf, counts, lang, text):
    if run_dkg("query", "--help", timeout=60).returncode != 0:
        pytest.skip("`dkg query` is not there yet")
    result = run_dkg("query", lang, text, "--home", home, "--engine", "ladybug",
                     timeout=120)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "chỉ được đọc" in result.stderr + result.stdout
    assert "Traceback" not in result.stderr
    assert (graph.counts(), rdf.count()) == counts


def test_dkg_query_time_and_row_limits(home):
    if run_dkg("query", "--help", timeout=60).returncode != 0:
        pytest.skip("`dkg query` is not there yet")
    limited = run_dkg("query", "--sparql", "SELECT ?s WHERE { ?s ?p ?o }", "--limit", "3", "--format", "json",
                      "--home", home, timeout=120)
    assert limited.returncode == 0, limited.stderr
    runaway = run_dkg("query", "--cypher",
                      "MATCH (a), (b), (c), (d) WHERE a.uri + b.uri + c.uri + d.uri <> '' RETURN count(*)",
                      "--timeout", "1", "--engine", "ladybug", "--home", home, timeout=120)
    assert runaway.returncode != 0 and "thời gian" in runaway.stderr + runaway.stdout
    assert "Traceback" not in runaway.stderr


# --- the app's consoles -----------------------------------------------------------------------------

@pytest.mark.parametrize("lang, text", [("cypher", t) for t in CYPHER_WRITES[1::4]]
                         + [("sparql", t) for t in SPARQL_UPDATES[1::4]])
def test_app_console_refuses_writes(home, graph, rdf, counts, monkeypatch, lang, text):
    data = pytest.importorskip("app.data", reason="the app's data module is not there yet")
    monkeypatch.setenv("DKG_HOME", str(home))
    with pytest.raises(QueryRefused):
        data.run_text(text, lang, 5.0, 100)
    stores = data.Stores(home)
    with pytest.raises(QueryRefused):
        (stores.cypher if lang == "cypher" else stores.sparql)(text)
    assert (graph.counts(), rdf.count()) == counts


def test_app_console_stops_a_runaway_query(home, monkeypatch):
    data = pytest.importorskip("app.data", reason="the app's data module is not there yet")
    monkeypatch.setenv("DKG_HOME", str(home))
    with pytest.raises(QueryTimeout):
        data.run_text("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }",
                      "sparql", 1.0, 100)
    assert data.run_text("SELECT ?s WHERE { ?s ?p ?o }", "sparql", 5.0, 3).truncated
