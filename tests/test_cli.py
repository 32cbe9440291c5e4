"""The `dkg` commands a user runs after a build: search, stats, validate, export, extract."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dkg.cli import app

CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"
runner = CliRunner()


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("home")
    result = runner.invoke(app, ["build", str(CORPUS), "--home", str(home), "--quiet"])
    assert result.exit_code == 0, result.output
    return home


def test_search_without_diacritics_finds_tinh_doan_of_both_provinces(home: Path) -> None:
    result = runner.invoke(app, ["search", "tinh doan", "--kind", "organ", "--format", "json", "--home", str(home)])
    assert result.exit_code == 0, result.output
    hits = json.loads(result.stdout)
    provinces = {h["province"] for h in hits if h["label"] == "Tỉnh đoàn"}
    assert provinces == {"Hà Nam", "Hà Tĩnh"}


@pytest.mark.parametrize("writing", ["74-KL/TW", "KL 74", "kl74", "số 74-KL"])
def test_search_finds_a_symbol_in_any_writing(home: Path, writing: str) -> None:
    result = runner.invoke(app, ["search", writing, "--format", "json", "--home", str(home)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["symbol"] == "74-KL/TW"


def test_stats_json_is_stable_across_rebuilds(home: Path) -> None:
    first = runner.invoke(app, ["stats", "--format", "json", "--home", str(home)])
    rebuild = runner.invoke(app, ["build", str(CORPUS), "--home", str(home), "--quiet"])
    second = runner.invoke(app, ["stats", "--format", "json", "--home", str(home)])
    assert rebuild.exit_code == 0 and first.exit_code == 0
    assert first.stdout == second.stdout
    stats = json.loads(first.stdout)
    assert stats["documents_by_province"] == {"(không rõ)": 1, "Hà Nam": 2, "Hà Tĩnh": 1}
    cited = {row["document"]: row["cited_by"] for row in stats["most_cited"]}
    assert cited["Nghị quyết Đại hội XIII của Đảng"] == 3     # 000, 001 and 003
    assert cited["01-ĐA/TU"] == 2                              # 000 and 001, one document


def test_validate_reports_a_conforming_store(home: Path) -> None:
    result = runner.invoke(app, ["validate", "--home", str(home)])
    assert result.exit_code == 0, result.output
    assert "0 có vi phạm" in result.stdout


@pytest.mark.parametrize("fmt,marker", [("ttl", "@prefix"), ("nt", "<https://w3id.org/vn-directives/"),
                                        ("graphml", "<graphml")])
def test_export_formats(home: Path, fmt: str, marker: str) -> None:
    result = runner.invoke(app, ["export", "--format", fmt, "--home", str(home)])
    assert result.exit_code == 0, result.output
    assert marker in result.stdout


def test_extract_json_follows_the_contract() -> None:
    result = runner.invoke(app, ["extract", str(CORPUS / "002_bccb50dbba11b639.txt"), "--format", "json"])
    assert result.exit_code == 0, result.output
    (doc,) = json.loads(result.stdout)
    assert set(doc) >= {"source", "document", "meetings", "citations", "organs", "people", "tasks"}
    assert {c["symbol"]: c["relation"] for c in doc["citations"]} == {
        "04-NQ/TU": "implements", "68/NQ-CP": "implements", "74-KL/TW": "based_on", "677-TB/TU": "suspends"}


def test_build_of_a_missing_folder_is_one_clear_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["build", str(tmp_path / "nope"), "--home", str(tmp_path / "h")])
    assert result.exit_code == 2
    assert "nope" in result.output and "Traceback" not in result.output


def test_build_ends_with_what_the_graph_holds(tmp_path: Path) -> None:
    """The closing table counts documents, organs, tasks, meetings and citations in the store."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    seed = CORPUS / "002_bccb50dbba11b639.txt"
    (corpus / seed.name).write_bytes(seed.read_bytes())
    result = runner.invoke(app, ["build", str(corpus), "--home", str(tmp_path / "home"), "--quiet"])
    assert result.exit_code == 0, result.output
    counts = {}
    for line in result.stdout.splitlines():
        cells = [c.strip() for c in line.strip("│ ").split("│")]
        if len(cells) == 2 and cells[1].isdigit():
            counts[cells[0]] = int(cells[1])
    assert counts["Văn bản trong kho"] == 1
    assert counts["Nhiệm vụ"] >= 4 and counts["Quan hệ trích dẫn"] >= 1 and counts["Cơ quan"] > 10
    assert counts["Cuộc họp"] == 1
