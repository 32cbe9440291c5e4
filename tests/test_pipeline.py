"""End to end: texts → extraction → resolution → validated RDF → both stores."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from loaders.pipeline import build
from loaders.stores.graph_store import open_graph_store
from loaders.stores.rdf_store import RdfStore

CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"
DKG = "https://w3id.org/vn-directives/ontology#"
ID = "https://w3id.org/vn-directives/id/"

HA_TINH_PLAN = """TỈNH ỦY HÀ TĨNH
Số 12-TB/TU
Hà Tĩnh, ngày 05 tháng 10 năm 2021

THÔNG BÁO
KẾT LUẬN CỦA BAN THƯỜNG VỤ TỈNH ỦY

Ngày 01/10/2021, Ban Thường vụ Tỉnh ủy họp nghe báo cáo việc triển khai Đề án số 01-ĐA/TU ngày 10/3/2021 của Ban Thường vụ Tỉnh ủy về phát triển du lịch.

1. Giao Ban Tuyên giáo Tỉnh ủy chủ trì, phối hợp với Sở Văn hóa, Thể thao và Du lịch xây dựng kế hoạch tuyên truyền, báo cáo Thường trực Tỉnh ủy trước ngày 30/11/2021.

Nơi nhận:
- Thường trực Tỉnh ủy,
- Lưu Văn phòng Tỉnh ủy.

T/L BAN THƯỜNG VỤ
CHÁNH VĂN PHÒNG

Nguyễn Văn Hải
"""


def _sparql(home: Path, query: str) -> list[list]:
    with RdfStore.open(home, read_only=True) as store:
        return store.query(f"PREFIX dkg: <{DKG}>\nPREFIX eli: <http://data.europa.eu/eli/ontology#>\n{query}").rows


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(CORPUS, folder)
    (folder / "ha_tinh_12.txt").write_text(HA_TINH_PLAN, encoding="utf-8")
    return folder


def test_build_loads_every_document_valid(corpus: Path, tmp_path: Path) -> None:
    summary = build([corpus], tmp_path / "home")
    assert summary.failed == [] and summary.invalid == []
    assert summary.documents == 5
    graph = open_graph_store(tmp_path / "home", read_only=True)
    try:
        counts = graph.counts()
    finally:
        graph.close()
    assert counts["nodes"]["Document"] >= 5
    assert counts["relationships"]["lead"] >= 10


def test_same_symbol_in_two_provinces_is_two_documents(corpus: Path, tmp_path: Path) -> None:
    build([corpus], tmp_path / "home")
    rows = _sparql(tmp_path / "home", 'SELECT DISTINCT ?d WHERE { ?d eli:id_local "01-ĐA/TU" }')
    keys = sorted(r[0].removeprefix(ID) for r in rows)
    assert keys == ["doc/ha-nam/01-da-tu/2021", "doc/ha-tinh/01-da-tu/2021"]


def test_notice_and_news_share_the_meeting_and_the_de_an(corpus: Path, tmp_path: Path) -> None:
    build([corpus], tmp_path / "home")
    citing = _sparql(tmp_path / "home", f"""SELECT DISTINCT ?src WHERE {{
        ?doc dkg:cites <{ID}doc/ha-nam/01-da-tu/2021> ; dkg:sourceFile ?src }}""")
    assert sorted(Path(r[0]).name for r in citing) == ["000_13a6090d2288f5d4.txt", "001_64293d846974a11e.txt"]
    meetings = _sparql(tmp_path / "home", f"""SELECT DISTINCT ?m WHERE {{
        ?m a dkg:Meeting . FILTER(STRSTARTS(STR(?m), "{ID}meeting/ha-nam/2021-11-17")) }}""")
    assert len(meetings) == 1


def test_province_stays_unknown_when_the_text_names_none(corpus: Path, tmp_path: Path) -> None:
    build([corpus], tmp_path / "home")
    rows = _sparql(tmp_path / "home", """SELECT ?p WHERE {
        ?d dkg:sourceFile ?f . FILTER(CONTAINS(?f, "003_")) OPTIONAL { ?d dkg:inProvince ?p } }""")
    assert rows and all(r[0] is None for r in rows)


def test_building_twice_changes_nothing(corpus: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    build([corpus], home)
    with RdfStore.open(home, read_only=True) as store:
        first = store.export("nq")
    again = build([corpus], home)
    assert again.loaded == 0 and again.unchanged == 5
    with RdfStore.open(home, read_only=True) as store:
        assert store.export("nq") == first


def test_changed_document_replaces_its_old_facts(corpus: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    build([corpus], home)
    doc = corpus / "ha_tinh_12.txt"
    doc.write_text(HA_TINH_PLAN.replace("Ban Tuyên giáo Tỉnh ủy chủ trì", "Ban Tổ chức Tỉnh ủy chủ trì"), encoding="utf-8")
    build([corpus], home)
    leads = _sparql(home, """SELECT DISTINCT ?label WHERE { ?t dkg:assignedBy ?d ; dkg:lead ?o . ?o <http://www.w3.org/2000/01/rdf-schema#label> ?label .
        ?d dkg:sourceFile ?f . FILTER(CONTAINS(?f, "ha_tinh_12")) }""")
    assert [r[0] for r in leads] == ["Ban Tổ chức Tỉnh ủy"]


def test_removed_document_is_unloaded(corpus: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    build([corpus], home)
    (corpus / "ha_tinh_12.txt").unlink()
    summary = build([corpus], home)
    assert summary.removed == 1 and summary.documents == 4
    assert _sparql(home, 'SELECT ?d WHERE { ?d eli:id_local "12-TB/TU" }') == []


def test_a_bad_file_is_reported_and_the_others_load(corpus: Path, tmp_path: Path) -> None:
    (corpus / "junk.txt").write_bytes(bytes(range(256)) * 40)
    summary = build([corpus], tmp_path / "home")
    assert [Path(f).name for f, _ in summary.failed] == ["junk.txt"]
    assert "junk.txt" in summary.failed[0][1]
    assert summary.documents == 5


def test_a_document_whose_key_changes_leaves_no_stale_graph(corpus: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    build([corpus], home)
    (corpus / "ha_tinh_12.txt").write_text(HA_TINH_PLAN.replace("Số 12-TB/TU", "Số 13-TB/TU"), encoding="utf-8")
    summary = build([corpus], home)
    assert summary.documents == 5
    assert _sparql(home, 'SELECT ?d WHERE { ?d eli:id_local "12-TB/TU" }') == []
    assert _sparql(home, 'SELECT ?d WHERE { ?d eli:id_local "13-TB/TU" }') != []


def test_a_build_that_wrote_many_graphs_compacts_the_store_and_a_small_one_does_not(
        corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import loaders.pipeline as pipeline

    compacted: list[int] = []
    real = RdfStore.compact

    def counted(self: RdfStore) -> None:
        compacted.append(1)
        real(self)                    # Oxigraph's own optimize runs: the store must stay whole

    monkeypatch.setattr(RdfStore, "compact", counted)
    monkeypatch.setattr(pipeline, "COMPACT_AFTER", 5)
    home = tmp_path / "home"
    build([corpus], home)
    assert compacted == [1]
    with RdfStore.open(home, read_only=True) as store:
        first = store.export("nq")
    (corpus / "ha_tinh_12.txt").write_text(HA_TINH_PLAN + "\n", encoding="utf-8")
    again = build([corpus], home)
    assert again.loaded == 1 and compacted == [1]
    with RdfStore.open(home, read_only=True) as store:
        assert store.export("nq") == first
