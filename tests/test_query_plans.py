"""The LadybugDB texts of cites, cited_by and organ_tasks against the plain Cypher of their Neo4j files.

The LadybugDB texts fix their join order (HINT), read a document's kind and province as a hop of
length 0 or 1, read a task's texts after the page is cut and sort on one joined key, so that they
start from what was asked instead of joining whole tables (see the comments in the files). The
plain texts say what the answer is; run on LadybugDB too, they must give the same rows in the same
order, page by page, and the same totals. A synthetic corpus of two provinces gives documents cited
through several hops and organs with enough tasks to page.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from pathlib import Path

import pytest

from dkg.synth.generate import generate
from loaders.pipeline import build
from queries.runner import (
    NamedQuery,
    _internal,
    _page_window,
    close_stores,
    engine_value,
    load_queries,
    named_queries,
    resolve_params,
    run_cypher,
    run_named,
    validate_params,
)

QUERY_DIR = Path(__file__).resolve().parents[1] / "queries"
HINT = re.compile(r"^\s*HINT\b", re.MULTILINE)
TIMEOUT_S = 60


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = tmp_path_factory.mktemp("plans")
    generate(where / "corpus", documents=150, provinces=2, seed=7)
    summary = build([where / "corpus"], where / "home", workers=1)
    assert summary.documents == 150, summary
    yield where / "home"
    close_stores()


def _top(home: Path, text: str) -> list[str]:
    return [row[0] for row in run_cypher(text, home, engine="ladybug").rows]


def _plain(query: NamedQuery) -> NamedQuery:
    """The query as its Neo4j file says it, made runnable on LadybugDB (type(r) is label(r) there)."""
    assert query.neo4j_cypher, query.name
    return dataclasses.replace(query, cypher=query.neo4j_cypher.replace("type(r)", "label(r)"))


def _same_answers(home: Path, name: str, params: dict, size: int = 7, pages: int = 4) -> int:
    """Compare the two texts on all rows at once and on the first pages of ``size`` units, and their
    totals; the number of rows. Where a page is cut is where the sort matters (the rows of a page are
    sorted again). Each page window is a distinct text: the worker's connection keeps only its newest
    statements prepared (``ladybug_store.forget_prepared``), so dozens of them run in one worker."""
    close_stores()
    query = named_queries()[name]
    values, _notes, _how = resolve_params(query, validate_params(query, params), "cypher", home, "ladybug",
                                          TIMEOUT_S)

    def rows(q: NamedQuery, window: tuple[int, int] | None = None) -> tuple[list[str], list[list]]:
        text = q.text("cypher", "ladybug")
        if window is not None:
            text = _page_window(text, "cypher", *window)
        passed = {p.name: engine_value(p.kind, values.get(p.name), "cypher") for p in q.params if f"${p.name}" in text}
        result = run_cypher(text, home, passed, engine="ladybug", timeout_s=TIMEOUT_S, limit=100_000)
        return result.columns, result.rows

    whole = rows(query, (0, 0) if query.page_size else None)
    assert whole == rows(_plain(query), (0, 0) if query.page_size else None), params
    if query.page_size:
        total = _internal(f"_{name}_total")
        columns, counted = rows(total)
        plain_columns, plain_counted = rows(_plain(total))
        assert (columns, sorted(counted)) == (plain_columns, sorted(plain_counted)), params   # by level too
        units = sum(row[columns.index("total")] for row in counted)
        # no page past the last: LadybugDB 0.22 can crash on those (either text)
        for page in range(1, min(pages, -(-units // size)) + 1):
            window = (size, (page - 1) * size)
            assert rows(query, window) == rows(_plain(query), window), (params, page)
    return len(whole[1])


def test_a_join_order_hint_is_ladybug_only() -> None:
    """HINT is LadybugDB's: a query whose Cypher fixes its join order has a Neo4j file without it."""
    queries = load_queries(QUERY_DIR, include_internal=True)
    hinted = [q for q in queries.values() if q.cypher and HINT.search(q.cypher)]
    assert {q.name for q in hinted} >= {"cites", "cited_by", "_cited_by_total", "organ_tasks", "_organ_tasks_total"}
    for query in hinted:
        assert query.neo4j_cypher and not HINT.search(query.neo4j_cypher), query.name


def test_cites_answers_what_the_plain_text_does(home: Path) -> None:
    starts = _top(home, "MATCH (d:Document)-[:cites]->(c:Document) OPTIONAL MATCH (c)-[:cites]->(e:Document) "
                        "RETURN d.uri, count(DISTINCT e) AS n ORDER BY n DESC, d.uri LIMIT 3")
    rows = [_same_answers(home, "cites", {"symbol": uri, "depth": depth}) for uri in starts for depth in (1, 3, 5)]
    assert max(rows) > 5, rows


def test_cited_by_answers_what_the_plain_text_does_page_by_page(home: Path) -> None:
    cited = _top(home, "MATCH (d:Document)<-[:cites]-(c:Document) RETURN d.uri, count(*) AS n "
                       "ORDER BY n DESC, d.uri LIMIT 3")
    rows = [_same_answers(home, "cited_by", {"symbol": uri, "depth": depth}) for uri in cited for depth in (1, 3, 5)]
    assert max(rows) > 4 * 7, rows          # several pages of 7


def test_organ_tasks_answers_what_the_plain_text_does_page_by_page(home: Path) -> None:
    roles = "lead|coordinator|executor|reportTo|via|monitor"
    organs = _top(home, f"MATCH (t:Task)-[:{roles}]->(o:Organ) RETURN o.uri, count(*) AS n ORDER BY n DESC, o.uri LIMIT 3")
    # the ties the sort key must break like the plain text: task numbers of one document where one
    # begins the other ("2", "2.1"), and two documents of the same date
    prefixed = _top(home, f"MATCH (o:Organ)<-[:{roles}]-(a:Task)-[:assignedBy]->(:Document)<-[:assignedBy]-(b:Task)"
                          f"-[:{roles}]->(o) WHERE a.taskRef <> b.taskRef AND starts_with(b.taskRef, a.taskRef) "
                          "RETURN o.uri, count(*) AS n ORDER BY n DESC, o.uri LIMIT 2")
    same_day = _top(home, f"MATCH (o:Organ)<-[:{roles}]-(:Task)-[:assignedBy]->(d:Document) "
                          "WITH o, d.date_document AS day, count(DISTINCT d) AS n WHERE n > 1 "
                          "RETURN o.uri, n ORDER BY n DESC, o.uri LIMIT 2")
    assert prefixed and same_day, "the corpus must have the ties this test is about"
    rows = [_same_answers(home, "organ_tasks", {"organ": uri, "role": role})
            for uri in organs for role in ("any", "lead", "coordinator")]
    # one unit a page: every cut between two rows is checked
    rows += [_same_answers(home, "organ_tasks", {"organ": uri}, size=1, pages=30) for uri in prefixed + same_day]
    province = _top(home, "MATCH (p:Province)<-[:inProvince]-(:Organ) RETURN p.label, count(*) AS n "
                          "ORDER BY n DESC, p.label LIMIT 1")[0]
    rows.append(_same_answers(home, "organ_tasks", {"province": province}))
    assert max(rows) > 4 * 7, rows


@pytest.mark.parametrize("name, param", [("organ_tasks", "organ"), ("cited_by", "symbol")])
def test_a_page_past_the_end_is_empty_with_a_note(home: Path, name: str, param: str) -> None:
    """Asked for rows past the end of an ordered WITH, LadybugDB 0.22 crashed the query worker: the
    runner counts first and does not ask for them."""
    roles = "lead|coordinator|executor|reportTo|via|monitor"
    top = (f"MATCH (t:Task)-[:{roles}]->(o:Organ) RETURN o.uri, count(*) AS n ORDER BY n DESC, o.uri LIMIT 1"
           if name == "organ_tasks" else
           "MATCH (d:Document)<-[:cites]-(c:Document) RETURN d.uri, count(*) AS n ORDER BY n DESC, d.uri LIMIT 1")
    value = _top(home, top)[0]
    first = run_named(name, {param: value}, lang="cypher", home=home, engine="ladybug")
    assert first.rows and first.columns
    far = run_named(name, {param: value, "page": 999}, lang="cypher", home=home, engine="ladybug")
    assert far.rows == [] and far.columns == first.columns
    assert any(note.startswith("Không có trang 999") for note in far.notes), far.notes
    again = run_named(name, {param: value}, lang="cypher", home=home, engine="ladybug")   # the worker lives on
    assert again.rows == first.rows


def _cited_through_two_hops(home: Path) -> str:
    """The document with the most two-hop citation chains into it."""
    return _top(home, "MATCH (d:Document)<-[:cites]-(:Document)<-[:cites]-(c:Document) "
                      "RETURN d.uri, count(*) AS n ORDER BY n DESC, d.uri LIMIT 1")[0]


@pytest.mark.parametrize("lang", ["sparql", "cypher"])
def test_narrowed_cited_by_pages_put_together_are_the_whole_answer(home: Path, lang: str) -> None:
    """cited_by pages are asked only as deep as their pairs need (# narrow: depth): across the depths
    of a document cited through several hops, the pages of 7 pairs put together are every row."""
    engine = "ladybug" if lang == "cypher" else None
    symbol = _cited_through_two_hops(home)
    whole = run_named("cited_by", {"symbol": symbol}, lang=lang, home=home, engine=engine, page_size=0)
    pairs = list(dict.fromkeys((r[0], r[9], r[2]) for r in whole.rows))    # depth, via, document
    assert {p[0] for p in pairs} >= {1, 2} and len(pairs) > 14, pairs
    rows = []
    for page in range(1, -(-len(pairs) // 7) + 1):
        rows += run_named("cited_by", {"symbol": symbol, "page": page}, lang=lang, home=home, engine=engine,
                          page_size=7).rows
    assert rows == whole.rows


def test_a_sparql_page_at_the_first_depth_is_asked_once_beside_its_count(home: Path, monkeypatch) -> None:
    """Page 1 lies at depth 1: the page asked for beside the first count is the answer (only counts
    are asked after it, level by level); a page that lies deeper is asked again, at the depth its
    pairs need."""
    import queries.runner as runner

    symbol = _cited_through_two_hops(home)
    whole = run_named("cited_by", {"symbol": symbol}, home=home, page_size=0)
    depths = [row[0] for row in whole.rows]
    asked: list[tuple[str, ...]] = []

    def kind(text: str) -> str:
        return "count" if "AS ?total)" in text else "page"
    together, alone = runner.run_sparql_together, runner.run_sparql
    monkeypatch.setattr(runner, "run_sparql_together", lambda requests, *a, **k: asked.append(
        tuple(kind(r[0]) for r in requests)) or together(requests, *a, **k))
    monkeypatch.setattr(runner, "run_sparql", lambda text, *a, **k: asked.append((kind(text),)) or alone(text, *a, **k))
    first = run_named("cited_by", {"symbol": symbol}, home=home, page_size=1)
    assert asked[0] == ("count", "page") and set(asked[1:]) <= {("count",)}, asked
    assert first.rows == whole.rows[:len(first.rows)]
    deeper = len(dict.fromkeys((r[9], r[2]) for r in whole.rows if r[0] == 1)) + 1   # the first pair at depth 2
    asked.clear()
    part = run_named("cited_by", {"symbol": symbol, "page": deeper}, home=home, page_size=1)
    assert asked[0] == ("count", "page") and asked[-1] == ("page",) and set(asked[1:-1]) <= {("count",)}, asked
    assert {row[0] for row in part.rows} == {2}, (asked, depths[:3])



def test_a_total_counted_only_as_deep_as_enough_says_so_alike_in_both_engines(home: Path, monkeypatch) -> None:
    """With fewer units needed than a deeper level holds, the total stops at the level that reaches
    them, as a lower bound ("ít nhất"), in SPARQL (counted level by level) and Cypher (counted at once);
    the pages are the same, and a page further than the count is still found."""
    import queries.runner as runner

    symbol = _cited_through_two_hops(home)
    whole = run_named("cited_by", {"symbol": symbol}, home=home, page_size=0)
    by_depth = Counter(depth for depth, *_ in dict.fromkeys((r[0], r[9], r[2]) for r in whole.rows))
    assert by_depth[1] >= 2 and by_depth[2] >= 1, by_depth
    monkeypatch.setattr(runner, "COUNT_ENOUGH", by_depth[1])
    answers = {lang: run_named("cited_by", {"symbol": symbol}, lang=lang, home=home,
                               engine="ladybug" if lang == "cypher" else None, page_size=1)
               for lang in ("sparql", "cypher")}
    notes = {lang: [n for n in a.notes if n.startswith("Trang")] for lang, a in answers.items()}
    assert notes["sparql"] == notes["cypher"], notes
    assert f"trong ít nhất {by_depth[1]} " in notes["sparql"][0] and "depth=1" in notes["sparql"][0]
    assert answers["sparql"].rows == answers["cypher"].rows == whole.rows[:len(answers["sparql"].rows)]
    monkeypatch.setattr(runner, "COUNT_ENOUGH", 10 ** 6)
    exact = run_named("cited_by", {"symbol": symbol}, home=home, page_size=1)
    assert not any("ít nhất" in n for n in exact.notes)
    assert any(f"trong {sum(by_depth.values())} " in n for n in exact.notes), exact.notes
