"""Named queries: every question in SPARQL on pyoxigraph and in Cypher on LadybugDB, same answers.

The seed corpus (data/corpus) is built once into a temporary data home with the pipeline; each
named query runs with a few parameter sets in both languages and the answers are compared as sorted
sets of tuples of strings.  Parameters are data, never code; writes are refused.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dkg.cli import app
from dkg.config import REPO_ROOT
from loaders.pipeline import build
from loaders.stores.errors import QueryRefused
from loaders.stores.results import QueryResult
from queries.runner import (
    KIND_INT,
    KIND_ORGAN,
    NamedQuery,
    _hop_bounds,
    _narrowed,
    _order_columns,
    _page_window,
    _units_by_level,
    _values_blocks,
    close_stores,
    load_queries,
    name_variants,
    named_queries,
    parse_header,
    run_cypher,
    run_named,
    run_sparql,
    validate_params,
)

SEEDS = REPO_ROOT / "data" / "corpus"
QUERY_DIR = REPO_ROOT / "queries"
ID = "https://w3id.org/vn-directives/id/"

# Each named query with parameter sets; at least one set per query has a non-empty answer on the seeds
# (organ_tree: when the build loads the gazetteer's organ tree).
CASES: dict[str, list[dict]] = {
    "cites": [{"symbol": "doc/file/002-bccb50dbba11b639"}, {"symbol": "doc/file/000-13a6090d2288f5d4", "depth": 5},
              {"symbol": "677-TB/TU", "province": "Hà Tĩnh", "depth": 1}],
    "cited_by": [{"symbol": "01-ĐA/TU", "province": "Hà Nam"}, {"symbol": "74-KL/TW", "depth": 2},
                 {"symbol": "Nghị quyết Đại hội XIII của Đảng"}],
    "path": [{"from": "doc/file/000-13a6090d2288f5d4", "to": "doc/file/001-64293d846974a11e"},
             {"from": "677-TB/TU", "to": "74-KL/TW"}, {"from": "01-ĐA/TU", "to": "Tỉnh đoàn", "max_length": 3}],
    "organ_tasks": [{"organ": "Tỉnh đoàn", "province": "Hà Nam", "as_of": "2022-03-01"},
                    {"province": "Hà Tĩnh", "as_of": "2022-03-01"},
                    {"organ": "UBND tỉnh", "province": "Hà Tĩnh", "role": "executor"},
                    {"organ": "Ban Dân vận Tỉnh ủy", "role": "monitor"}],
    "province_documents": [{"province": "Hà Nam"}, {"province": "Hà Tĩnh", "kind": "NQ", "year": 2021},
                           {"province": "Hà Nam, Hà Tĩnh", "kind": "Thông báo"}],
    "province_implements": [{}, {"provinces": "Hà Tĩnh"}],
    "organ_tree": [{}, {"organ": "Tỉnh ủy", "province": "Hà Tĩnh"}, {"province": "Hà Nam"}],
    "meeting_notices": [{}, {"province": "Hà Nam"}],
    "overdue_tasks": [{"as_of": "2022-03-01"}, {"as_of": "2021-07-15"}, {"province": "Hà Tĩnh", "as_of": "2030-01-01"}],
    "document_tasks": [{"symbol": "01-ĐA/TU", "province": "Hà Nam", "as_of": "2022-03-01"},
                       {"symbol": "doc/file/002-bccb50dbba11b639", "depth": 0}],
    "organ_workload": [{}, {"province": "Hà Tĩnh, Hà Nam"}],
    "task_roles": [{"tasks": [f"{ID}task/doc_file_002-bccb50dbba11b639/3.2",
                              f"{ID}task/doc_file_000-13a6090d2288f5d4/2"]}],
}


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = tmp_path_factory.mktemp("dkg-home")
    summary = build([SEEDS], where)
    assert summary.documents == 4, summary
    yield where
    close_stores()


def as_strings(rows: list[list]) -> list[tuple[str, ...]]:
    return sorted(tuple("" if v is None else str(v) for v in row) for row in rows)


def both(name: str, params: dict, home: Path):
    sparql = run_named(name, params, lang="sparql", home=home)
    cypher = run_named(name, params, lang="cypher", home=home, engine="ladybug")
    return sparql, cypher


# --------------------------------------------------------------------------------------------
# The files
# --------------------------------------------------------------------------------------------

def test_every_named_query_has_both_languages_and_a_test_case() -> None:
    queries = named_queries()
    assert set(queries) == set(CASES), "add a case to CASES for every named query (and only for them)"
    for query in queries.values():
        assert query.sparql and query.cypher, query.name
        assert query.description and not query.name.startswith("_")
        for p in query.params:
            assert p.description, f"{query.name}: parameter {p.name} has no description"


def test_every_sparql_file_declares_its_prefixes() -> None:
    """A .rq file runs as it is in any SPARQL tool: no prefix comes from our store's defaults."""
    import pyoxigraph

    for path in sorted(QUERY_DIR.glob("*.rq")):
        pyoxigraph.Store().query(path.read_text(encoding="utf-8"))


def test_the_header_is_parsed() -> None:
    header = parse_header("# name: x\n# description: Mô tả\n# param: symbol (bắt buộc, văn bản) Số ký hiệu\n"
                          "# param: depth = 3 (tối đa 5) Độ sâu\n# param: role = any (một trong any|lead) Vai trò\n"
                          "# status: overdue\nSELECT * WHERE {}", "x.rq")
    symbol, depth, role = header["params"]
    assert (symbol.name, symbol.required, symbol.kind, symbol.default) == ("symbol", True, "document", None)
    assert (depth.default, depth.kind, depth.maximum, depth.required) == (3, KIND_INT, 5, False)
    assert role.choices == ("any", "lead") and role.default == "any"
    assert header["status"] == "overdue" and header["description"] == "Mô tả"


def test_a_query_file_without_a_name_is_refused_naming_the_file(tmp_path: Path) -> None:
    (tmp_path / "broken.rq").write_text("SELECT * WHERE {}\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"broken\.rq.*name"):
        load_queries(tmp_path)


def test_the_same_query_must_declare_the_same_parameters_in_both_files(tmp_path: Path) -> None:
    (tmp_path / "q.rq").write_text("# name: q\n# description: a\n# param: x (bắt buộc) X\nSELECT ?_x WHERE {}\n")
    (tmp_path / "q.cypher").write_text("// name: q\n// description: a\n// param: y (bắt buộc) Y\nRETURN $y AS y\n")
    with pytest.raises(ValueError, match=r"q\.(rq|cypher).*tham số"):
        load_queries(tmp_path)


# --------------------------------------------------------------------------------------------
# Same answers in SPARQL and Cypher
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "params"), [(n, p) for n, ps in CASES.items() for p in ps],
                         ids=[f"{n}-{i}" for n, ps in CASES.items() for i in range(len(ps))])
def test_sparql_and_cypher_give_the_same_answer(home: Path, name: str, params: dict) -> None:
    sparql, cypher = both(name, params, home)
    assert sparql.columns == cypher.columns
    assert as_strings(sparql.rows) == as_strings(cypher.rows)
    assert sparql.notes == cypher.notes


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_query_answers_something_on_the_seeds(home: Path, name: str) -> None:
    answered = [p for p in CASES[name] if run_named(name, p, lang="sparql", home=home).rows]
    if name == "organ_tree" and not answered:
        pytest.skip("the seed build holds no dkg:partOf / dkg:hasMember edges (gazetteer organ tree not loaded)")
    assert answered, f"{name}: every case is empty on the seeds"


def test_cited_by_lists_both_ha_nam_seed_texts(home: Path) -> None:
    for lang in ("sparql", "cypher"):
        result = run_named("cited_by", {"symbol": "01-ĐA/TU", "province": "Hà Nam"}, lang=lang, home=home)
        files = {Path(r["source_file"]).name for r in result.records() if r["source_file"]}
        assert {"000_13a6090d2288f5d4.txt", "001_64293d846974a11e.txt"} <= files, lang
        assert {r["relation"] for r in result.records()} == {"implements"}
        assert {r["depth"] for r in result.records()} == {1}
        assert {r["via_label"] for r in result.records()} == {"01-ĐA/TU"}


def test_cited_by_of_a_symbol_in_another_province_finds_nothing(home: Path) -> None:
    result = run_named("cited_by", {"symbol": "01-ĐA/TU", "province": "Hà Tĩnh"}, home=home)
    assert result.rows == []
    assert any("Không tìm thấy văn bản" in n for n in result.notes)


def test_cites_gives_relations_and_kinds(home: Path) -> None:
    result = run_named("cites", {"symbol": "doc/file/002-bccb50dbba11b639"}, lang="cypher", home=home)
    by_symbol = {r["symbol"]: r for r in result.records()}
    assert by_symbol["677-TB/TU"]["relation"] == "suspends"
    assert by_symbol["74-KL/TW"]["relation"] == "based_on"
    assert by_symbol["68/NQ-CP"]["kind"] == "Nghị quyết"
    assert by_symbol["74-KL/TW"]["kind"] == "Kết luận"


def test_path_keeps_only_the_shortest(home: Path) -> None:
    result = run_named("path", {"from": "677-TB/TU", "to": "74-KL/TW"}, home=home)
    assert result.rows and {r["length"] for r in result.records()} == {2}
    for r in result.records():
        nodes = r["nodes"].split()
        assert nodes[0] == f"{ID}doc/ha-tinh/677-tb-tu/2018" and nodes[-1] == f"{ID}doc/vn/74-kl-tw/2020"
        assert len(r["relations"].split()) == 2


def test_organ_tasks_match_names_without_diacritics_and_parts(home: Path) -> None:
    exact = run_named("organ_tasks", {"organ": "Tỉnh đoàn", "province": "Hà Nam", "as_of": "2022-03-01"}, home=home)
    folded = run_named("organ_tasks", {"organ": "tinh doan", "province": "ha nam", "as_of": "2022-03-01"}, home=home)
    assert as_strings(exact.rows) == as_strings(folded.rows)
    records = exact.records()
    assert {r["task_ref"] for r in records} >= {"2", "4"}
    matched = {(r["organ_label"], r["match"]) for r in records}
    # the organ's part (by name, or dkg:partOf when the build loads the gazetteer's organ tree) ...
    assert any(label == "Ban Thường vụ Tỉnh đoàn" and "thuộc Tỉnh đoàn" in how for label, how in matched)
    # ... and, when the graph knows group members, the groups it belongs to; nothing else
    assert all(how.endswith("Tỉnh đoàn") for _, how in matched)
    lead = [r for r in records if r["task_ref"] == "4" and r["role"] == "lead"]
    assert [r["organ_label"] for r in lead] == ["Ban Thường vụ Tỉnh đoàn"]


def test_abbreviations_are_spelled_out() -> None:
    assert "uy ban nhan dan tinh" in name_variants("UBND tỉnh")
    assert "ban can su dang uy ban nhan dan tinh" in name_variants("BCS đảng UBND tỉnh")


# --------------------------------------------------------------------------------------------
# Parameters
# --------------------------------------------------------------------------------------------

def test_unknown_and_missing_parameters_are_refused_in_vietnamese(home: Path) -> None:
    with pytest.raises(ValueError, match="không có tham số"):
        run_named("cites", {"symbol": "01-ĐA/TU", "color": "red"}, home=home)
    with pytest.raises(ValueError, match="cần tham số “symbol”"):
        run_named("cites", {}, home=home)
    with pytest.raises(ValueError, match="số nguyên"):
        run_named("cites", {"symbol": "01-ĐA/TU", "depth": "ba"}, home=home)
    with pytest.raises(ValueError, match="tối đa là 5"):
        run_named("cites", {"symbol": "01-ĐA/TU", "depth": 9}, home=home)
    with pytest.raises(ValueError, match="một trong"):
        run_named("organ_tasks", {"organ": "Tỉnh đoàn", "role": "boss"}, home=home)
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        run_named("organ_tasks", {"organ": "Tỉnh đoàn", "as_of": "1/3/2022"}, home=home)
    with pytest.raises(ValueError, match="Không có truy vấn"):
        run_named("no_such_query", {}, home=home)


def test_defaults_are_filled() -> None:
    query = named_queries()["cites"]
    assert validate_params(query, {"symbol": "x"}) == {"symbol": "x", "province": None, "depth": 3}
    organ = next(p for p in named_queries()["organ_tasks"].params if p.name == "organ")
    assert organ.kind == KIND_ORGAN


HOSTILE = [
    '01-ĐA/TU" } UNION { ?s ?p ?o } #',
    "x') RETURN 1 AS a UNION MATCH (n) DETACH DELETE n //",
    '"}{$symbol}', "'; DROP GRAPH <urn:x> ; '", "Tỉnh đoàn\" . ?s ?p ?o . FILTER(true",
    "${symbol} ?_symbol $province", "\\u0022 } #",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_parameters_are_data_not_code(home: Path, value: str) -> None:
    before = run_sparql("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", home).rows[0][0]
    nodes = run_cypher("MATCH (n) RETURN count(n) AS n", home, engine="ladybug").rows[0][0]
    # the value comes back unchanged: it was bound, not parsed
    assert run_sparql("SELECT ?_v WHERE {}", home, {"_v": value}).rows == [[value]]
    assert run_cypher("RETURN $v AS v", home, {"v": value}, engine="ladybug").rows == [[value]]
    for lang in ("sparql", "cypher"):
        for name, params in (("cited_by", {"symbol": value}), ("organ_tasks", {"organ": value, "province": value}),
                             ("path", {"from": value, "to": value}), ("province_documents", {"province": value})):
            result = run_named(name, params, lang=lang, home=home)
            assert result.rows == [], (name, lang)
    assert run_sparql("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", home).rows[0][0] == before
    assert run_cypher("MATCH (n) RETURN count(n) AS n", home, engine="ladybug").rows[0][0] == nodes


# --------------------------------------------------------------------------------------------
# Read-only
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }", "DELETE WHERE { ?s ?p ?o }", "CLEAR ALL",
    "# comment\ndrop graph <urn:x>", "LOAD <http://example.org/x.ttl>",
])
def test_sparql_updates_are_refused(home: Path, text: str) -> None:
    before = run_sparql("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", home).rows[0][0]
    with pytest.raises(QueryRefused):
        run_sparql(text, home)
    assert run_sparql("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", home).rows[0][0] == before


@pytest.mark.parametrize("text", [
    "CREATE (n:Document {uri: 'x'})", "MATCH (n) DETACH DELETE n", "match (d:Document) set d.label = 'x'",
    "MERGE (n:Organ {uri: 'y'})", "/* look */ MATCH (n:Task) REMOVE n.label", "DROP TABLE Document",
])
def test_cypher_writes_are_refused(home: Path, text: str) -> None:
    before = run_cypher("MATCH (n) RETURN count(n) AS n", home, engine="ladybug").rows[0][0]
    with pytest.raises(QueryRefused):
        run_cypher(text, home, engine="ladybug")
    assert run_cypher("MATCH (n) RETURN count(n) AS n", home, engine="ladybug").rows[0][0] == before


def test_row_limit(home: Path) -> None:
    result = run_named("organ_workload", {}, home=home, limit=3)
    assert len(result.rows) == 3 and result.truncated


# --------------------------------------------------------------------------------------------
# dkg query
# --------------------------------------------------------------------------------------------

def test_cli_cited_by_json_lists_both_ha_nam_seed_texts(home: Path) -> None:
    result = CliRunner().invoke(app, ["query", "cited_by", "--param", "symbol=01-ĐA/TU", "--param",
                                      "province=Hà Nam", "--format", "json", "--home", str(home)])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert isinstance(rows, list) and all(isinstance(r, dict) for r in rows)
    assert list(rows[0]) == ["depth", "relation", "document", "label", "symbol", "date", "kind", "province",
                             "source_file", "via", "via_label"]
    names = {Path(r["source_file"]).name for r in rows}
    assert {"000_13a6090d2288f5d4.txt", "001_64293d846974a11e.txt"} <= names


def test_cli_cypher_and_csv(home: Path) -> None:
    result = CliRunner().invoke(app, ["query", "province_implements", "--lang", "cypher", "--format", "csv",
                                      "--param", "provinces=Hà Tĩnh", "--home", str(home)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert lines[0] == "province,document,label,symbol,kind,relation,citing_documents"
    assert any("74-KL/TW" in line and "based_on" in line for line in lines[1:])


@pytest.mark.parametrize(("option", "text"), [("--cypher", "MATCH (n) DETACH DELETE n"),
                                              ("--sparql", "INSERT DATA { <urn:a> <urn:b> <urn:c> }")])
def test_cli_refuses_a_write_with_one_line_and_exit_2(home: Path, option: str, text: str) -> None:
    result = CliRunner().invoke(app, ["query", option, text, "--home", str(home)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and "từ chối" in result.stderr


def test_cli_reads_a_query_file_and_lists_queries(home: Path, tmp_path: Path) -> None:
    file = tmp_path / "count.rq"
    file.write_text("PREFIX dkg: <https://w3id.org/vn-directives/ontology#>\n"
                    "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d dkg:sourceFile ?f }\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["query", "--sparql", str(file), "--format", "json", "--home", str(home)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [{"n": 4}]
    listed = CliRunner().invoke(app, ["query", "--list"])
    assert listed.exit_code == 0 and all(name in listed.stdout for name in CASES)


def test_cli_bad_parameter_exits_2(home: Path) -> None:
    result = CliRunner().invoke(app, ["query", "cites", "--param", "depth=3", "--home", str(home)])
    assert result.exit_code == 2 and "symbol" in result.stderr


def test_named_query_objects_are_what_the_app_reads() -> None:
    query = named_queries()["cited_by"]
    assert isinstance(query, NamedQuery)
    assert [p.name for p in query.params] == ["symbol", "province", "depth", "page"]
    assert query.text("sparql").lstrip().startswith("# name: cited_by")
    assert query.text("cypher", engine="ladybug").lstrip().startswith("// name: cited_by")
    assert "allShortestPaths" in named_queries()["path"].text("cypher", engine="neo4j")


@pytest.mark.parametrize("lang", ["sparql", "cypher"])
def test_lookups_kept_for_a_store_version_are_renewed_by_a_build(tmp_path: Path, lang: str) -> None:
    """The organ/document lookup rows are reused while the store version stays; a build that adds an
    organ publishes a new version, and the next query finds it."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    seed = SEEDS / "002_bccb50dbba11b639.txt"
    (corpus / seed.name).write_bytes(seed.read_bytes())
    build([corpus], tmp_path / "home")
    before = run_named("organ_tasks", {"organ": "Huyện ủy Kỳ Anh", "province": "Hà Tĩnh"}, lang=lang,
                       home=tmp_path / "home")
    assert before.rows == [] and any("Không tìm thấy" in n for n in before.notes)
    (corpus / "new.txt").write_text(
        "TỈNH ỦY HÀ TĨNH\nSố 99-TB/TU\nHà Tĩnh, ngày 02 tháng 3 năm 2022\nTHÔNG BÁO\nKết luận về quy hoạch\n\n"
        "1. Giao Huyện ủy Kỳ Anh chủ trì rà soát, báo cáo Ban Thường vụ Tỉnh ủy trước ngày 30/6/2022.\n",
        encoding="utf-8")
    build([corpus], tmp_path / "home")
    after = run_named("organ_tasks", {"organ": "Huyện ủy Kỳ Anh", "province": "Hà Tĩnh"}, lang=lang,
                      home=tmp_path / "home")
    assert after.rows, after.notes


# --------------------------------------------------------------------------------------------
# Pages (# page:)
# --------------------------------------------------------------------------------------------

def test_a_narrowed_page_is_asked_only_as_deep_as_its_units_need() -> None:
    query = named_queries()["cited_by"]
    assert query.narrow == "depth"
    counted = _units_by_level(query, QueryResult(["depth", "total"], [[2, 30], [1, 150], [3, 400], [1, 0]],
                                                 False, 0.0, []))
    assert counted == {1: 150, 2: 30, 3: 400}
    values = {"symbol": [ID + "doc/x"], "depth": 3, "page": 1}
    assert _narrowed(query, values, counted, 1, 100)["depth"] == 1      # 150 direct pairs hold page 1
    assert _narrowed(query, values, counted, 2, 90)["depth"] == 2       # 150 + 30 reach 180
    assert _narrowed(query, values, counted, 2, 100)["depth"] == 3      # 180 do not reach 200
    assert _narrowed(query, {**values, "depth": 2}, counted, 9, 100)["depth"] == 2   # never deeper than asked
    assert values["depth"] == 3                                          # the caller's values are left alone
    with pytest.raises(ValueError, match="narrow"):
        _units_by_level(query, QueryResult(["total"], [[580]], False, 0.0, []))


def test_hop_bounds_are_written_from_the_depth_asked() -> None:
    cited_by, document_tasks = named_queries()["cited_by"], named_queries()["document_tasks"]
    for depth, bound in ((1, 0), (3, 2), (5, 4)):
        text = _hop_bounds(cited_by, cited_by.text("cypher", "ladybug"), {"depth": depth})
        assert f"[walk:cites*0..{bound}]" in text
        assert "citing*1..1" in text                                   # a line without the mark is left alone
    text = _hop_bounds(document_tasks, document_tasks.text("cypher", "ladybug"), {"depth": 0})
    assert "cites*0..0" in text
    line = "MATCH (a)-[w:cites*1..4]->(b)-[k:hasKind*0..1]->(c) // hops: depth - 1\n"
    query = dataclasses.replace(cited_by, cypher=line)
    assert _hop_bounds(query, line, {"depth": 9}) == line                        # never above the text's bound
    assert _hop_bounds(query, line, {"depth": 1}).startswith("MATCH (a)-[w:cites*1..1]->(b)-[k:hasKind*0..1]")
    with pytest.raises(ValueError, match="hops"):
        _hop_bounds(query, line.replace("depth - 1", "symbol"), {"symbol": "x"})


def test_a_narrow_header_needs_a_page_by_an_integer_parameter_of_its_name(tmp_path: Path) -> None:
    body = ("# name: q\n# description: d\n# param: x (bắt buộc) X\n# param: depth = 3 (số) D\n"
            "# param: page = 1 (số, tối thiểu 1) Trang\n# page: 10 by depth, x\n# narrow: depth\n"
            "PREFIX dkg: <https://w3id.org/vn-directives/ontology#>\n"
            "SELECT ?_x ?_depth WHERE { } LIMIT 10 # page\n")
    (tmp_path / "q.rq").write_text(body, encoding="utf-8")
    assert load_queries(tmp_path)["q"].narrow == "depth"
    for wrong in (body.replace("# narrow: depth", "# narrow: x"), body.replace("# page: 10 by depth, x", "# page: 10 by x")):
        (tmp_path / "q.rq").write_text(wrong, encoding="utf-8")
        with pytest.raises(ValueError, match="narrow"):
            load_queries(tmp_path)


@pytest.mark.parametrize("lang", ["sparql", "cypher"])
@pytest.mark.parametrize("params", [{"symbol": "01-ĐA/TU", "province": "Hà Nam"},
                                    {"symbol": "01-ĐA/TU", "province": "Hà Nam", "depth": 1}])
def test_cited_by_pages_put_together_are_every_row_in_order(home: Path, lang: str, params: dict) -> None:
    """Pages of one pair each, asked one after the other, give every row once and in the order of the
    whole answer; each page says which it is, how many there are and how to see the next one."""
    engine = "ladybug" if lang == "cypher" else None
    whole = run_named("cited_by", params, lang=lang, home=home, engine=engine, page_size=0)
    pairs = list(dict.fromkeys((r[0], r[9], r[2]) for r in whole.rows))      # depth, via, document
    assert len(pairs) >= 2, "the case needs at least two pairs to page"
    rows = []
    for page in range(1, len(pairs) + 1):
        part = run_named("cited_by", {**params, "page": page}, lang=lang, home=home, engine=engine, page_size=1)
        assert {(r[0], r[9], r[2]) for r in part.rows} == {pairs[page - 1]}
        note = next(n for n in part.notes if n.startswith("Trang"))
        assert f"Trang {page}/{len(pairs)}" in note and f"trong {len(pairs)}" in note
        assert ("page=" + str(page + 1) in note) == (page < len(pairs))
        rows += part.rows
    assert rows == whole.rows
    beyond = run_named("cited_by", {**params, "page": len(pairs) + 1}, lang=lang, home=home, engine=engine,
                       page_size=1)
    assert beyond.rows == [] and any(f"chỉ có {len(pairs)} trang" in n for n in beyond.notes)


def test_the_default_page_holds_the_whole_answer_on_the_seeds_and_says_nothing(home: Path) -> None:
    for lang, engine in (("sparql", None), ("cypher", "ladybug")):
        first = run_named("cited_by", {"symbol": "74-KL/TW"}, lang=lang, home=home, engine=engine)
        whole = run_named("cited_by", {"symbol": "74-KL/TW"}, lang=lang, home=home, engine=engine, page_size=0)
        assert first.rows == whole.rows and not any(n.startswith("Trang") for n in first.notes)


def test_the_page_window_is_written_by_the_runner_as_integers_only() -> None:
    sparql = "SELECT ?x WHERE { ?x ?p ?o } ORDER BY ?x\n    LIMIT 100 # page\n"
    assert "LIMIT 20 OFFSET 40 # page" in _page_window(sparql, "sparql", 20, 40)
    assert "LIMIT" not in _page_window(sparql, "sparql", 0, 0)
    cypher = "MATCH (n) WITH n ORDER BY n.uri\nLIMIT 100 // page\nRETURN n.uri"
    assert "SKIP 40 LIMIT 20 // page" in _page_window(cypher, "cypher", 20, 40)
    assert "SKIP 0 // page" in _page_window(cypher, "cypher", 0, 0)
    # a page line written again keeps one window
    again = _page_window(_page_window(cypher, "cypher", 20, 40), "cypher", 5, 0)
    assert again.count("LIMIT") == 1 and "SKIP 0 LIMIT 5" in again
    # an inner "page end" cut keeps every group up to the end of the page, the page line its window
    inner = "SELECT ?x WHERE { { SELECT ?g WHERE { ?g ?p ?o } ORDER BY ?g LIMIT 100 # page end } ?x ?q ?g }\n" \
            "ORDER BY ?x\nLIMIT 100 # page\n"
    written = _page_window(inner, "sparql", 20, 40)
    assert "LIMIT 60 # page end" in written and "LIMIT 20 OFFSET 40 # page\n" in written
    assert "LIMIT" not in _page_window(inner, "sparql", 0, 0)
    cypher_end = "MATCH (d) WITH DISTINCT d ORDER BY d.uri LIMIT 100 // page end\nMATCH (d)--(n)\n" \
                 "WITH n ORDER BY n.uri LIMIT 100 // page\nRETURN n.uri"
    written = _page_window(cypher_end, "cypher", 20, 40)
    assert "LIMIT 60 // page end" in written and "SKIP 40 LIMIT 20 // page\n" in written
    assert _page_window(cypher_end, "cypher", 0, 0).count("SKIP 0 //") == 2


def test_order_columns_read_descending_terms() -> None:
    assert _order_columns("SELECT * WHERE {} ORDER BY ?depth DESC(?date) ?document") == [
        ("depth", False), ("date", True), ("document", False)]
    assert _order_columns("SELECT * WHERE {} ORDER BY ?a STR(?b)") == []


def test_a_page_header_needs_a_page_parameter_and_one_page_line(tmp_path: Path) -> None:
    body = ("# name: q\n# description: d\n# param: x (bắt buộc) X\n# page: 10 by x\n"
            "PREFIX dkg: <https://w3id.org/vn-directives/ontology#>\nSELECT ?_x WHERE { } LIMIT 10 # page\n")
    (tmp_path / "q.rq").write_text(body, encoding="utf-8")
    with pytest.raises(ValueError, match="page"):
        load_queries(tmp_path)
    (tmp_path / "q.rq").write_text(body.replace("# param: x (bắt buộc) X", "# param: x (bắt buộc) X\n"
                                                "# param: page = 1 (số, tối thiểu 1) Trang")
                                   .replace(" LIMIT 10 # page", ""), encoding="utf-8")
    with pytest.raises(ValueError, match="page"):
        load_queries(tmp_path)


@pytest.mark.parametrize("lang", ["sparql", "cypher"])
def test_organ_tasks_pages_put_together_are_every_row_in_order(home: Path, lang: str) -> None:
    engine = "ladybug" if lang == "cypher" else None
    params = {"province": "Hà Tĩnh", "as_of": "2022-03-01"}
    whole = run_named("organ_tasks", params, lang=lang, home=home, engine=engine, page_size=0)
    assert len(whole.rows) >= 3, "the case needs rows to page"
    size, rows, page = 2, [], 1
    while True:
        part = run_named("organ_tasks", {**params, "page": page}, lang=lang, home=home, engine=engine, page_size=size)
        if not part.rows:
            break
        assert len(part.rows) <= size
        rows += part.rows
        page += 1
    assert rows == whole.rows
    assert page - 1 == -(-len(whole.rows) // size)


def test_organ_tasks_in_both_languages_are_the_same_rows_in_the_same_order(home: Path) -> None:
    for params in CASES["organ_tasks"]:
        sparql, cypher = both("organ_tasks", params, home)
        assert sparql.rows == cypher.rows, params


@pytest.mark.parametrize("bad", ["https://x.org/a> } ; DROP ALL #", "https://x.org/a b", "no-scheme"])
def test_values_blocks_take_only_plain_iris(bad: str) -> None:
    query = named_queries()["organ_tasks"]
    good = _values_blocks(query, query.sparql, {"organ": [ID + "organ/ha-nam/tinh-doan"]})
    assert f"VALUES ?organ {{ <{ID}organ/ha-nam/tinh-doan> }}" in good
    with pytest.raises(ValueError, match="URI"):
        _values_blocks(query, query.sparql, {"organ": [bad]})
