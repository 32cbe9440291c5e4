"""Loads are idempotent and leave nothing stale (issue 6, item 2).

Every comparison is between canonical dumps of both stores: the RDF store as sorted N-Quads and the
property graph as every node and relationship with all its properties, byte for byte.  A build after
a change must equal a clean build of the changed corpus in a fresh data home.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rel_support import copy_seeds, first_difference, graph_counts, graph_dump, rdf_dump

from loaders.pipeline import build


def dumps(home: Path) -> tuple[bytes, str]:
    return rdf_dump(home), graph_dump(home)


def assert_same_store(home: Path, reference: Path) -> None:
    rdf, graph = dumps(home)
    rdf_ref, graph_ref = dumps(reference)
    assert rdf == rdf_ref, "RDF store differs: " + first_difference(rdf, rdf_ref)
    assert graph == graph_ref, "property graph differs: " + first_difference(graph, graph_ref)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    copy_seeds(folder)
    return folder


def test_building_twice_changes_nothing(corpus, tmp_path):
    home = tmp_path / "home"
    first = build([corpus], home)
    assert first.ok and first.documents == 4, first
    rdf, graph = dumps(home)
    counts = graph_counts(home)
    assert rdf.count(b"\n") > 1000 and graph.count("\n") > 500    # a real graph, not an empty one

    second = build([corpus], home)
    assert second.ok and second.loaded == 0 and second.unchanged == 4 and second.removed == 0
    assert rdf_dump(home) == rdf
    assert rdf_dump(home, snapshot=False) == rdf                   # the build's store and the readers' snapshot
    assert graph_dump(home) == graph
    assert graph_counts(home) == counts


def test_rebuilding_from_an_empty_cache_gives_the_same_graph(corpus, tmp_path):
    """The extraction cache is an optimisation: a home built without it holds the same facts."""
    home, fresh = tmp_path / "home", tmp_path / "fresh"
    build([corpus], home)
    build([corpus], home)
    build([corpus], fresh)
    assert_same_store(home, fresh)


def test_a_changed_document_replaces_its_old_facts(corpus, tmp_path):
    home = tmp_path / "home"
    build([corpus], home)
    before = rdf_dump(home)
    seed = corpus / "003_d1bd400ed74c462d.txt"
    text = seed.read_text(encoding="utf-8")
    assert "Chỉ thị số 05-CT/TW" in text and "báo cáo về Ban Thường vụ Tỉnh uỷ trong tháng 7/2021" in text
    changed = (text.replace("Chỉ thị số 05-CT/TW của Bộ Chính trị", "Chỉ thị số 27-CT/TW của Bộ Chính trị")
                   .replace("báo cáo về Ban Thường vụ Tỉnh uỷ trong tháng 7/2021",
                            "báo cáo về Ban Thường vụ Tỉnh uỷ trong tháng 9/2021"))
    seed.write_text(changed, encoding="utf-8")

    summary = build([corpus], home)
    assert summary.ok and summary.loaded >= 1 and summary.documents == 4
    after = rdf_dump(home)
    assert b"05-ct-tw" in before and b"05-ct-tw" not in after           # the old citation left no edge
    assert b"27-ct-tw" in after
    assert b'"2021-07"' in before and b'"2021-07"' not in after          # nor the old deadline
    fresh = tmp_path / "fresh"
    build([corpus], fresh)
    assert_same_store(home, fresh)


def test_a_removed_document_is_unloaded_by_the_next_build_of_its_folder(corpus, tmp_path):
    home = tmp_path / "home"
    build([corpus], home)
    gone = corpus / "000_13a6090d2288f5d4.txt"
    assert gone.name.encode() in rdf_dump(home)
    gone.unlink()

    summary = build([corpus], home)
    assert summary.ok and summary.removed == 1 and summary.documents == 3
    assert gone.name.encode() not in rdf_dump(home)
    assert gone.name not in graph_dump(home)
    fresh = tmp_path / "fresh"
    build([corpus], fresh)
    assert_same_store(home, fresh)


def test_building_another_folder_keeps_the_first_folders_documents(tmp_path):
    """Pruning is per folder: what was loaded from elsewhere stays until its own folder is rebuilt."""
    home = tmp_path / "home"
    first, second = tmp_path / "a", tmp_path / "b"
    copy_seeds(first, ["000_13a6090d2288f5d4", "001_64293d846974a11e"])
    copy_seeds(second, ["002_bccb50dbba11b639", "003_d1bd400ed74c462d"])
    build([first], home)
    summary = build([second], home)
    assert summary.ok and summary.removed == 0 and summary.documents == 4
    both = tmp_path / "both"
    build([first, second], both)
    assert_same_store(home, both)
