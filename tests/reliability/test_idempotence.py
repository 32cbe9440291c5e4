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
    """Twice into one home: nothing changes; once into a fresh home (no extraction cache): the same."""
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

    fresh = tmp_path / "fresh"
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


SAME_SYMBOL_A = """TỈNH ỦY BẮC NINH
Số: 03-NQ/TU

NGHỊ QUYẾT
CỦA BAN THƯỜNG VỤ TỈNH ỦY
Về công tác cán bộ

Thực hiện Nghị quyết số 26-NQ/TW ngày 19/5/2018 của Ban Chấp hành Trung ương Đảng, Ban Thường vụ Tỉnh ủy quyết nghị:

1. Giao Ban Tổ chức Tỉnh ủy chủ trì, phối hợp với Sở Nội vụ tham mưu xây dựng đề án, báo cáo Ban Thường vụ Tỉnh ủy trước ngày 30/9/2019.
"""
SAME_SYMBOL_B = """TỈNH ỦY BẮC NINH
Số: 03-NQ/TU

NGHỊ QUYẾT
CỦA BAN THƯỜNG VỤ TỈNH ỦY
Về xử lý kỷ luật đảng viên vi phạm

Thực hiện Quy định số 102-QĐ/TW ngày 15/11/2017 của Bộ Chính trị, Ban Thường vụ Tỉnh ủy quyết nghị:

1. Giao Ủy ban Kiểm tra Tỉnh ủy chủ trì, phối hợp với Văn phòng Tỉnh ủy theo dõi, báo cáo Thường trực Tỉnh ủy trước ngày 31/12/2021.
"""


def test_two_files_of_one_document_key_lose_nothing_when_one_changes(tmp_path):
    """Found by this suite (with `dkg synth --docs 200`): two files resolving to one document key shared
    one named graph, and changing one file dropped the other's facts, silently."""
    corpus, home, fresh = tmp_path / "corpus", tmp_path / "home", tmp_path / "fresh"
    corpus.mkdir()
    (corpus / "a.txt").write_text(SAME_SYMBOL_A, encoding="utf-8")
    (corpus / "b.txt").write_text(SAME_SYMBOL_B, encoding="utf-8")
    build([corpus], home)
    assert b"26-nq-tw" in rdf_dump(home) and b"102-qd-tw" in rdf_dump(home)
    (corpus / "b.txt").write_text(SAME_SYMBOL_B + "\n2. Giao Sở Nội vụ chủ trì rà soát, báo cáo Ban Thường vụ "
                                  "Tỉnh ủy trong tháng 3/2022.\n", encoding="utf-8")
    summary = build([corpus], home)
    reported = any("a.txt" in f"{path} {reason}" for path, reason in summary.failed)
    assert reported or b"26-nq-tw" in rdf_dump(home), "a.txt's citation vanished and the build said nothing"
    build([corpus], fresh)
    assert_same_store(home, fresh)


def test_byte_identical_copies_are_separate_files(corpus, tmp_path):
    """Found by this suite: the extraction cache, keyed by bytes, handed a copy the path of its original,
    so the copy was never loaded and the original's facts outlived its deletion."""
    home = tmp_path / "home"
    original = corpus / "000_13a6090d2288f5d4.txt"
    copy = corpus / "copy_of_000.txt"
    copy.write_bytes(original.read_bytes())
    build([corpus], home)
    manifest = (home / "manifest.json").read_text(encoding="utf-8")
    assert str(copy) in manifest
    original.unlink()
    summary = build([corpus], home)
    assert summary.ok
    stored = rdf_dump(home)
    assert str(original).encode() not in stored and str(copy).encode() in stored
