"""Resolution across documents: keys for documents, citations, organs, meetings, people, tasks.

The Extractions are built by hand after the seed texts (/work/shared/seeds) and their gold
annotations, so these tests do not depend on the extractor.
"""

from __future__ import annotations

import copy
import datetime as dt
import random

import pytest

from loaders.extract.model import (
    Citation,
    Deadline,
    DocumentInfo,
    Extraction,
    Meeting,
    OrganRef,
    Person,
    Task,
)
from loaders.resolve import (
    UnknownProvince,
    find_fulfilments,
    province_info,
    province_key,
    resolve,
    task_completions,
)
from loaders.resolve import corpus as resolver_module
from loaders.resolve.meetings import canonical_kind
from loaders.resolve.references import congress

SEED_000 = "data/corpus/000_13a6090d2288f5d4.txt"
SEED_001 = "data/corpus/001_64293d846974a11e.txt"
SEED_002 = "data/corpus/002_bccb50dbba11b639.txt"
SEED_003 = "data/corpus/003_d1bd400ed74c462d.txt"
UNKNOWN_003 = "unknown-003-d1bd400ed74c462d"


# --- builders -----------------------------------------------------------------------------------


def organ(organ_id: str, name: str, level: str = "province", category: str = "") -> OrganRef:
    return OrganRef(name=name, organ_id=organ_id, level=level, category=category)


def btv_tinh_uy() -> OrganRef:
    return organ("ban-thuong-vu-tinh-uy", "Ban Thường vụ Tỉnh ủy", category="standing-committee")


def btv_tinh_doan() -> OrganRef:
    return organ("ban-thuong-vu-tinh-doan", "Ban Thường vụ Tỉnh đoàn", category="youth-union")


def thuong_truc() -> OrganRef:
    return organ("thuong-truc-tinh-uy", "Thường trực Tỉnh ủy", category="standing-board")


def dan_van() -> OrganRef:
    return organ("ban-dan-van-tinh-uy", "Ban Dân vận Tỉnh ủy", category="party-board")


def bo_chinh_tri() -> OrganRef:
    return organ("bo-chinh-tri", "Bộ Chính trị", level="central", category="politburo")


def seed_000() -> Extraction:
    """The Hà Nam notice: Kết luận of the Bí thư after the dialogue of 17/11/2021."""
    return Extraction(
        source=SEED_000,
        document=DocumentInfo(
            kind="Thông báo",
            province="Hà Nam",
            issuer="Văn phòng Tỉnh ủy",
            issuer_ref=organ("van-phong-tinh-uy", "Văn phòng Tỉnh ủy"),
            signer="Trần Nguyễn Hiền Anh",
            signing_mode="K/T",
            recipients=[thuong_truc(), organ("bcs-dang-ubnd", "Ban cán sự đảng Ủy ban nhân dân tỉnh")],
        ),
        meetings=[
            Meeting(
                date="2021-11-17",
                kind="Hội nghị đối thoại",
                chairs=["Bí thư Tỉnh ủy"],
                attendees=[organ("so-nganh", "Các sở, ngành", level="group", category="group")],
            )
        ],
        citations=[
            Citation(
                symbol="01-ĐA/TU",
                kind="Đề án",
                date="2021-09-28",
                year=2021,
                issuer="Ban Thường vụ Tỉnh ủy",
                issuer_ref=btv_tinh_uy(),
                relation="implements",
                scope="province",
            ),
            Citation(symbol=None, kind="Nghị quyết", title="Nghị quyết Đại hội XIII của Đảng"),
            Citation(symbol=None, kind="Nghị quyết", title="Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XX"),
            Citation(symbol=None, kind="Nghị quyết", title="Đại hội Đảng bộ tỉnh khóa XX"),
        ],
        organs=[
            organ("tinh-uy", "Tỉnh ủy"),
            btv_tinh_doan(),
            dan_van(),
            organ("trung-uong-doan", "Ban Chấp hành Trung ương Đoàn", level="central"),
        ],
        tasks=[
            Task(
                ref="1",
                text="Các cấp ủy đảng, chính quyền ... nghiêm túc tiếp thu ...",
                leads=[organ("cap-uy", "Các cấp ủy đảng", level="group", category="group")],
            ),
            Task(
                ref="2",
                text="Ban cán sự đảng ... giải quyết ...",
                leads=[organ("bcs-dang-ubnd", "Ban cán sự đảng Ủy ban nhân dân tỉnh"), dan_van()],
                report_to=[btv_tinh_doan(), thuong_truc()],
                via=[dan_van()],
                deadline=Deadline(
                    text="chậm nhất sau 45 ngày làm việc kể từ ngày ban hành", working_days=45, anchor="issue"
                ),
            ),
            Task(
                ref="4",
                text="giao Ban Thường vụ Tỉnh đoàn chủ trì ... theo dõi, giám sát ...",
                leads=[btv_tinh_doan()],
                report_to=[thuong_truc()],
                via=[dan_van()],
                recurrence="yearly",
            ),
        ],
    )


def seed_001(inferred_symbol: bool = False) -> Extraction:
    """The Hà Nam news article about the same dialogue; it cites 'Đề án số 01, ngày 28/9/2021'."""
    de_an = Citation(
        symbol="01-ĐA/TU" if inferred_symbol else None,
        kind="Đề án",
        date="2021-09-28",
        year=2021,
        number="01",
        issuer="Ban Thường vụ Tỉnh ủy",
        issuer_ref=btv_tinh_uy(),
        relation="implements",
        symbol_inferred=inferred_symbol,
    )
    return Extraction(
        source=SEED_001,
        document=DocumentInfo(kind="Tin", province="Hà Nam"),
        meetings=[
            Meeting(
                date="2021-11-17", kind="hội nghị đối thoại", chairs=["Bí thư Tỉnh ủy", "Chủ tịch UBND tỉnh"]
            )
        ],
        citations=[
            de_an,
            Citation(symbol=None, kind="Nghị quyết", title="Nghị quyết Đại hội XIII của Đảng"),
            Citation(symbol=None, kind="Nghị quyết", title="Nghị quyết Đại hội Đảng bộ tỉnh lần thứ 20"),
        ],
        organs=[
            organ("tinh-uy", "Tỉnh ủy"),
            organ("tinh-doan", "Tỉnh đoàn"),
            organ("bch-trung-uong", "Ban Chấp hành Trung ương Đảng", level="central"),
        ],
        people=[
            Person("Lê Thị Thủy", ["Bí thư Tỉnh ủy", "Chủ tịch HĐND tỉnh"]),
            Person("Trương Quốc Huy", ["Phó Bí thư Tỉnh ủy", "Chủ tịch UBND tỉnh"]),
        ],
    )


def seed_002() -> Extraction:
    """The Hà Tĩnh notice after the giao ban of 22/7/2021."""
    return Extraction(
        source=SEED_002,
        document=DocumentInfo(
            kind="Thông báo",
            province="Hà Tĩnh",
            issuer="Văn phòng Tỉnh ủy",
            issuer_ref=organ("van-phong-tinh-uy", "Văn phòng Tỉnh ủy"),
            signer="Trần Đình Thuyên",
        ),
        meetings=[
            Meeting(date="2021-07-22", kind="Hội nghị giao ban", chairs=["Phó Bí thư Thường trực Tỉnh ủy"])
        ],
        citations=[
            Citation(
                symbol="04-NQ/TU",
                kind="Nghị quyết",
                date="2021-07-15",
                year=2021,
                issuer="Ban Chấp hành Đảng bộ tỉnh",
                relation="implements",
            ),
            Citation(
                symbol="68/NQ-CP",
                kind="Nghị quyết",
                date="2021-07-01",
                year=2021,
                issuer="Chính phủ",
                issuer_ref=organ("chinh-phu", "Chính phủ", level="central"),
                relation="implements",
            ),
            Citation(
                symbol="74-KL/TW",
                kind="Kết luận",
                date="2020-05-22",
                year=2020,
                issuer="Bộ Chính trị",
                issuer_ref=bo_chinh_tri(),
                relation="based_on",
            ),
            Citation(
                symbol="677-TB/TU",
                kind="Thông báo",
                date="2018-07-20",
                year=2018,
                issuer="Ban Thường vụ Tỉnh ủy",
                issuer_ref=btv_tinh_uy(),
                relation="suspends",
            ),
        ],
        organs=[organ("tinh-uy", "Tỉnh ủy"), thuong_truc(), dan_van(), bo_chinh_tri()],
        tasks=[
            Task(
                ref="3.1",
                text="Giao Ban Thường vụ Tỉnh đoàn rà soát ...",
                leads=[btv_tinh_doan()],
                report_to=[organ("ban-to-chuc-tinh-uy", "Ban Tổ chức Tỉnh ủy")],
            ),
            Task(
                ref="3.1",
                text="Ban Tổ chức Tỉnh ủy thẩm định ...",
                leads=[organ("ban-to-chuc-tinh-uy", "Ban Tổ chức Tỉnh ủy")],
                report_to=[thuong_truc(), btv_tinh_uy()],
            ),
            Task(
                ref="3.2",
                text="Giao Ban cán sự đảng ... chỉ đạo Ủy ban nhân dân tỉnh ...",
                leads=[organ("bcs-dang-ubnd", "Ban cán sự đảng Ủy ban nhân dân tỉnh")],
                executors=[organ("ubnd-tinh", "Ủy ban nhân dân tỉnh")],
            ),
            Task(
                ref="",
                text="Ban Dân vận Tỉnh ủy theo dõi, đôn đốc ...",
                kind="monitoring",
                leads=[dan_van()],
                report_to=[thuong_truc()],
                recurrence="periodic",
            ),
        ],
    )


def seed_003() -> Extraction:
    """The notice after the Ban Chấp hành meeting of 29/6/2021: the text names no province."""
    return Extraction(
        source=SEED_003,
        document=DocumentInfo(
            kind="Thông báo",
            province=None,
            issuer="Văn phòng Tỉnh ủy",
            issuer_ref=organ("van-phong-tinh-uy", "Văn phòng Tỉnh ủy"),
            signer="Tô Thị Tuyết Mai",
        ),
        meetings=[Meeting(date="2021-06-29", kind="Hội nghị Ban Chấp hành Đảng bộ tỉnh")],
        citations=[
            Citation(symbol="104-BB/TU", kind="Biên bản", relation="records"),
            Citation(symbol="05-CT/TW", kind="Chỉ thị", issuer="Bộ Chính trị", issuer_ref=bo_chinh_tri()),
            Citation(symbol=None, kind="Nghị quyết", title="Nghị quyết Đại hội XIII của Đảng"),
            Citation(symbol=None, kind="Nghị quyết", title="Nghị quyết Đại hội XI Đảng bộ tỉnh"),
        ],
        organs=[organ("tinh-uy", "Tỉnh ủy"), btv_tinh_uy(), bo_chinh_tri()],
        people=[Person("Tô Thị Tuyết Mai", ["Phó Chánh Văn phòng Tỉnh ủy"])],
        tasks=[
            Task(
                ref="",
                text="Từng đồng chí Tỉnh ủy viên ... báo cáo về Ban Thường vụ Tỉnh ủy trong tháng 7/2021.",
                leads=[organ("tinh-uy-vien", "Tỉnh ủy viên", level="post", category="post-group")],
                report_to=[btv_tinh_uy()],
                deadline=Deadline(text="trong tháng 7/2021", month="2021-07"),
            )
        ],
    )


def notice(
    source: str,
    province: str | None,
    symbol: str | None = None,
    date: str | None = None,
    citations: list[Citation] | None = None,
    kind: str = "Thông báo",
    **extra,
) -> Extraction:
    return Extraction(
        source=source,
        document=DocumentInfo(kind=kind, symbol=symbol, date=date, province=province, **extra),
        citations=citations or [],
    )


def all_keys(extractions: list[Extraction]) -> dict[str, list[str]]:
    """Every key of every extraction, by source (to compare two runs)."""
    out: dict[str, list[str]] = {}
    for ex in extractions:
        keys = [ex.document.key]
        keys += [f"{c.key}|{c.resolved}" for c in ex.citations]
        keys += [o.key for o in resolver_module.organ_refs(ex)]
        keys += [m.key for m in ex.meetings] + [p.key for p in ex.people] + [t.key for t in ex.tasks]
        out[ex.source] = keys
    return out


# --- documents and citations ---------------------------------------------------------------------


def test_01_da_tu_of_ha_nam_and_of_ha_tinh_are_two_documents():
    ha_nam = seed_000()
    ha_tinh = notice(
        "data/corpus/ht_2021.txt",
        "Hà Tĩnh",
        citations=[
            Citation(
                symbol="01-ĐA/TU",
                kind="Đề án",
                date="2021-10-05",
                year=2021,
                issuer="Ban Thường vụ Tỉnh ủy",
                issuer_ref=btv_tinh_uy(),
            )
        ],
    )
    resolve([ha_nam, ha_tinh])
    assert ha_nam.citations[0].key == "doc/ha-nam/01-da-tu/2021"
    assert ha_tinh.citations[0].key == "doc/ha-tinh/01-da-tu/2021"
    assert not ha_nam.citations[0].resolved and not ha_tinh.citations[0].resolved


def test_a_party_number_of_another_term_is_another_document():
    first = notice(
        "data/corpus/a.txt", "Hà Nam", citations=[Citation(symbol="01-ĐA/TU", kind="Đề án", year=2016)]
    )
    second = notice(
        "data/corpus/b.txt",
        "Hà Nam",
        citations=[Citation(symbol="01-ĐA/TU", kind="Đề án", date="2021-09-28")],
    )
    resolve([first, second])
    assert first.citations[0].key == "doc/ha-nam/01-da-tu/2016"
    assert second.citations[0].key == "doc/ha-nam/01-da-tu/2021"


def test_74_kl_tw_is_national_from_any_province():
    ha_tinh = seed_002()
    ha_nam = notice(
        "data/corpus/hn_2020.txt",
        "Hà Nam",
        citations=[
            Citation(symbol="74-KL/TW", kind="Kết luận", date="2020-05-22", year=2020, issuer="Bộ Chính trị")
        ],
    )
    resolve([ha_tinh, ha_nam])
    kl = next(c for c in ha_tinh.citations if c.symbol == "74-KL/TW")
    assert kl.key == ha_nam.citations[0].key == "doc/vn/74-kl-tw/2020"
    assert next(c for c in ha_tinh.citations if c.symbol == "68/NQ-CP").key == "doc/vn/68-nq-cp/2021"
    assert next(c for c in ha_tinh.citations if c.symbol == "04-NQ/TU").key == "doc/ha-tinh/04-nq-tu/2021"


def test_year_inside_a_state_symbol_is_its_year():
    ex = notice(
        "data/corpus/x.txt",
        "Hà Tĩnh",
        citations=[
            Citation(symbol="30/2020/NĐ-CP", kind="Nghị định"),
            Citation(symbol="01/2021/TT-BNV", kind="Thông tư"),
        ],
    )
    resolve([ex])
    assert [c.key for c in ex.citations] == ["doc/vn/30-2020-nd-cp/2020", "doc/vn/01-2021-tt-bnv/2021"]


@pytest.mark.parametrize("inferred_symbol", [False, True], ids=["number-only", "symbol-inferred"])
def test_de_an_of_001_is_01_da_tu_of_ha_nam_cited_in_000(inferred_symbol):
    n000, n001 = seed_000(), seed_001(inferred_symbol)
    resolve([n000, n001])
    assert n001.citations[0].key == n000.citations[0].key == "doc/ha-nam/01-da-tu/2021"


def test_a_document_of_the_batch_and_its_citation_share_one_key_and_resolve():
    tb_677 = notice(
        "data/corpus/677_tb_tu.txt",
        "Hà Tĩnh",
        symbol="677-TB/TU",
        date="2018-07-20",
        issuer="Ban Thường vụ Tỉnh ủy",
        issuer_ref=btv_tinh_uy(),
    )
    citing = seed_002()
    resolve([citing, tb_677])
    cite = next(c for c in citing.citations if c.symbol == "677-TB/TU")
    assert tb_677.document.key == cite.key == "doc/ha-tinh/677-tb-tu/2018"
    assert cite.resolved is True
    assert all(not c.resolved for c in citing.citations if c is not cite)


def test_same_symbol_in_another_province_does_not_resolve():
    tb_677_ha_nam = notice("data/corpus/677_hn.txt", "Hà Nam", symbol="677-TB/TU", date="2018-07-20")
    citing = seed_002()
    resolve([citing, tb_677_ha_nam])
    cite = next(c for c in citing.citations if c.symbol == "677-TB/TU")
    assert cite.key == "doc/ha-tinh/677-tb-tu/2018" != tb_677_ha_nam.document.key
    assert cite.resolved is False


def test_undated_citation_resolves_to_the_only_known_document():
    ct_05 = notice("data/corpus/05_ct_tw.txt", None, symbol="05-CT/TW", date="2016-05-15", kind="Chỉ thị")
    n003 = seed_003()
    resolve([n003, ct_05])
    cite = next(c for c in n003.citations if c.symbol == "05-CT/TW")
    assert cite.key == ct_05.document.key == "doc/vn/05-ct-tw/2016"
    assert cite.resolved is True


def test_undated_citation_takes_the_year_of_the_only_dated_citation_elsewhere():
    dated = notice(
        "data/corpus/d.txt",
        "Hà Tĩnh",
        citations=[Citation(symbol="05-CT/TW", kind="Chỉ thị", date="2016-05-15")],
    )
    n003 = seed_003()
    resolve([dated, n003])
    cite = next(c for c in n003.citations if c.symbol == "05-CT/TW")
    assert cite.key == "doc/vn/05-ct-tw/2016"
    assert cite.resolved is False  # known only as a citation target, not loaded


def test_undated_citation_stays_unresolved_between_two_years():
    older = notice("data/corpus/05_2011.txt", None, symbol="05-CT/TW", date="2011-03-01", kind="Chỉ thị")
    newer = notice("data/corpus/05_2016.txt", None, symbol="05-CT/TW", date="2016-05-15", kind="Chỉ thị")
    n003 = seed_003()
    resolve([older, n003, newer])
    cite = next(c for c in n003.citations if c.symbol == "05-CT/TW")
    assert cite.key == "doc/vn/05-ct-tw/unknown"
    assert cite.resolved is False
    assert {older.document.key, newer.document.key} == {"doc/vn/05-ct-tw/2011", "doc/vn/05-ct-tw/2016"}


def test_number_without_issuer_matches_the_only_document_with_that_number_kind_and_date():
    de_an = notice("data/corpus/de_an.txt", "Hà Nam", symbol="01-ĐA/TU", date="2021-09-28", kind="Đề án")
    loose = notice(
        "data/corpus/loose.txt",
        "Hà Nam",
        citations=[Citation(symbol=None, kind="Đề án", number="1", date="2021-09-28")],
    )
    unmatched = notice(
        "data/corpus/other.txt",
        "Hà Nam",
        citations=[Citation(symbol=None, kind="Đề án", number="7", date="2021-09-28")],
    )
    resolve([de_an, loose, unmatched])
    assert loose.citations[0].key == de_an.document.key == "doc/ha-nam/01-da-tu/2021"
    assert loose.citations[0].resolved is True
    assert unmatched.citations[0].key == "doc/ha-nam/de-an-so-7/2021"
    assert unmatched.citations[0].resolved is False


def test_congress_resolutions_meet_however_written():
    n000, n001, n003 = seed_000(), seed_001(), seed_003()
    resolve([n000, n001, n003])
    national = "doc/vn/nghi-quyet-dai-hoi-dang-xiii"
    assert n000.citations[1].key == n001.citations[1].key == n003.citations[2].key == national
    provincial = "doc/ha-nam/nghi-quyet-dai-hoi-dang-bo-tinh-xx"
    assert n000.citations[2].key == n000.citations[3].key == n001.citations[2].key == provincial
    assert n003.citations[3].key == f"doc/{UNKNOWN_003}/nghi-quyet-dai-hoi-dang-bo-tinh-xi"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng", ("dang", 13)),
        ("Nghị quyết Đại hội Đảng bộ tỉnh Hà Tĩnh lần thứ XIX", ("dang-bo-tinh", 19)),
        ("Nghị quyết Đại hội Đảng bộ thành phố lần thứ 17", ("dang-bo-tinh", 17)),
        ("Nghị quyết Đại hội Đoàn toàn quốc lần thứ XII", None),
        ("Nghị quyết đại hội Đảng các cấp", None),
    ],
)
def test_congress_names(text, expected):
    found = congress(text)
    assert (found.body, found.ordinal) == expected if expected else found is None


def test_other_titled_reference_gets_a_slug_of_kind_and_title():
    ex = notice(
        "data/corpus/t.txt",
        "Hà Tĩnh",
        citations=[
            Citation(symbol=None, kind="Nghị quyết", title="Nghị quyết năm 2021 của Tỉnh ủy"),
            Citation(
                symbol=None,
                kind="Chỉ thị",
                title="về tăng cường công tác " + "phòng chống dịch " * 10,
                issuer_ref=bo_chinh_tri(),
            ),
        ],
    )
    resolve([ex])
    assert ex.citations[0].key == "doc/ha-tinh/nghi-quyet-nam-2021-cua-tinh-uy"
    long_key = ex.citations[1].key
    assert long_key.startswith("doc/vn/chi-thi-ve-tang-cuong-cong-tac-phong-chong-dich")
    assert len(long_key.rsplit("/", 1)[1]) <= 80 and not long_key.endswith("-")


def test_document_without_symbol_is_keyed_by_its_file():
    n000 = seed_000()
    resolve([n000])
    assert n000.document.key == "doc/file/000-13a6090d2288f5d4"


def test_two_files_with_one_name_in_two_folders_are_an_error():
    with pytest.raises(ValueError, match="same file name"):
        resolve([notice("a/x.txt", "Hà Nam"), notice("b/x.txt", "Hà Nam")])


# --- provinces ------------------------------------------------------------------------------------


def test_seed_003_names_no_province_and_stays_unknown():
    n003 = seed_003()
    others = [seed_000(), seed_002()]
    resolve([*others, n003])
    keys = all_keys([n003])[SEED_003]
    assert n003.meetings[0].key == f"meeting/{UNKNOWN_003}/2021-06-29/hoi-nghi-ban-chap-hanh"
    assert n003.citations[0].key == f"doc/{UNKNOWN_003}/104-bb-tu/unknown"
    assert n003.organs[0].key == f"organ/{UNKNOWN_003}/tinh-uy"
    assert n003.organs[2].key == "organ/vn/bo-chinh-tri"
    assert n003.people[0].key == f"person/{UNKNOWN_003}/to-thi-tuyet-mai"
    assert n003.tasks[0].leads[0].key == f"organ/{UNKNOWN_003}/group/tinh-uy-vien"
    assert not any("ha-nam" in k or "ha-tinh" in k for k in keys)


def test_province_helpers():
    assert province_key("Hà Nam") == "province/ha-nam"
    assert province_key("tỉnh Hà Tĩnh") == "province/ha-tinh"
    info = province_info("Hà Nam")
    assert (info.valid_to, info.succeeded_by, info.successor_key) == (
        "2025-06-30",
        "Ninh Bình",
        "province/ninh-binh",
    )
    assert province_info("Hà Tĩnh").valid_to is None
    assert province_info("TP.HCM").key == "province/ho-chi-minh"
    with pytest.raises(UnknownProvince, match="Atlantis"):
        province_info("Atlantis")


def test_a_province_the_gazetteer_lacks_is_reported_not_dropped():
    ex = notice("data/corpus/z.txt", "Tỉnh Mới", symbol="01-KH/TU", date="2022-01-01")
    resolve([ex])
    resolve([ex])
    assert ex.document.key == "doc/tinh-moi/01-kh-tu/2022"
    assert len(ex.errors) == 1 and "Tỉnh Mới" in ex.errors[0] and "z.txt" in ex.errors[0]


# --- organs, people, meetings, tasks --------------------------------------------------------------


def test_organ_keys_everywhere():
    n000 = seed_000()
    resolve([n000])
    assert n000.document.issuer_ref.key == "organ/ha-nam/van-phong-tinh-uy"
    assert [r.key for r in n000.document.recipients] == [
        "organ/ha-nam/thuong-truc-tinh-uy",
        "organ/ha-nam/bcs-dang-ubnd",
    ]
    assert n000.meetings[0].attendees[0].key == "organ/ha-nam/group/so-nganh"
    assert n000.citations[0].issuer_ref.key == "organ/ha-nam/ban-thuong-vu-tinh-uy"
    assert n000.organs[3].key == "organ/vn/trung-uong-doan"
    assert n000.tasks[0].leads[0].key == "organ/ha-nam/group/cap-uy"
    assert n000.tasks[1].via[0].key == "organ/ha-nam/ban-dan-van-tinh-uy"
    assert all(ref.key for ref in resolver_module.organ_refs(n000))


def test_the_notice_and_the_news_article_share_one_meeting_and_people_are_provincial():
    n000, n001, n002 = seed_000(), seed_001(), seed_002()
    resolve([n000, n001, n002])
    assert n000.meetings[0].key == n001.meetings[0].key == "meeting/ha-nam/2021-11-17/doi-thoai"
    assert n002.meetings[0].key == "meeting/ha-tinh/2021-07-22/giao-ban"
    assert n001.people[0].key == "person/ha-nam/le-thi-thuy"


def test_meetings_of_one_day_merge_only_when_their_kinds_agree():
    def one(source, province, kind):
        ex = notice(source, province)
        ex.meetings = [Meeting(date="2022-03-01", kind=kind)]
        return ex

    generic, specific = (
        one("a.txt", "Hà Tĩnh", "Hội nghị trực tuyến"),
        one("b.txt", "Hà Tĩnh", "Hội nghị giao ban"),
    )
    other_kind = one("c.txt", "Hà Tĩnh", "Hội nghị sơ kết")
    other_province = one("d.txt", "Hà Nam", "Hội nghị giao ban")
    resolve([generic, specific, other_province])
    assert generic.meetings[0].key == specific.meetings[0].key == "meeting/ha-tinh/2022-03-01/giao-ban"
    assert other_province.meetings[0].key == "meeting/ha-nam/2022-03-01/giao-ban"
    resolve([generic, specific, other_kind])  # two specific kinds: the generic one is not guessed
    assert generic.meetings[0].key == "meeting/ha-tinh/2022-03-01/hoi-nghi"
    assert specific.meetings[0].key != other_kind.meetings[0].key


@pytest.mark.parametrize(
    "kind, canonical",
    [
        ("Hội nghị trực tuyến đối thoại giữa Bí thư Tỉnh ủy ...", "doi-thoai"),
        ("Hội nghị Ban Chấp hành Đảng bộ tỉnh", "hoi-nghi-ban-chap-hanh"),
        ("Hội nghị Ban Thường vụ Tỉnh ủy", "hoi-nghi-ban-thuong-vu"),
        ("Kỳ họp thứ 3 HĐND tỉnh", "ky-hop"),
        ("Hội nghị", "hoi-nghi"),
    ],
)
def test_canonical_meeting_kinds(kind, canonical):
    assert canonical_kind(kind) == canonical


def test_task_keys_use_the_document_key_and_stay_unique():
    n002 = seed_002()
    resolve([n002])
    base = "task/doc_file_002-bccb50dbba11b639"
    assert [t.key for t in n002.tasks] == [f"{base}/3.1", f"{base}/3.1-2", f"{base}/3.2", f"{base}/4"]
    with_symbol = seed_000()
    with_symbol.document.symbol, with_symbol.document.date = "15-TB/TU", "2021-11-20"
    resolve([with_symbol])
    assert with_symbol.tasks[0].key == "task/doc_ha-nam_15-tb-tu_2021/1"


def test_every_task_deadline_goes_through_resolve_deadline(monkeypatch):
    calls = []

    def fake_resolve_deadline(deadline, issue_date, as_of=None):
        calls.append((deadline.text, issue_date))
        return Deadline(text=deadline.text, date="2099-01-01")

    monkeypatch.setattr(resolver_module, "_deadline_resolver", lambda: fake_resolve_deadline)
    n000 = seed_000()
    n000.document.symbol = "15-TB/TU"  # undated: a later text gives its date
    later = notice(
        "data/corpus/later.txt",
        "Hà Nam",
        citations=[Citation(symbol="15-TB/TU", kind="Thông báo", date="2021-11-22")],
    )
    resolve([n000, later])
    assert calls == [("chậm nhất sau 45 ngày làm việc kể từ ngày ban hành", "2021-11-22")]
    assert n000.tasks[1].deadline.date == "2099-01-01"
    assert n000.document.key == "doc/ha-nam/15-tb-tu/2021"


def test_deadline_anchor_stays_unknown_without_any_date(monkeypatch):
    calls = []
    monkeypatch.setattr(
        resolver_module,
        "_deadline_resolver",
        lambda: lambda d, issue_date, as_of=None: calls.append(issue_date),
    )
    resolve([seed_000()])
    assert calls == [None]


# --- determinism ------------------------------------------------------------------------------------


def batch() -> list[Extraction]:
    return [
        seed_000(),
        seed_001(),
        seed_002(),
        seed_003(),
        notice("data/corpus/677_tb_tu.txt", "Hà Tĩnh", symbol="677-TB/TU", date="2018-07-20"),
        notice("data/corpus/05_2011.txt", None, symbol="05-CT/TW", date="2011-03-01"),
        notice(
            "data/corpus/ha_tinh_de_an.txt",
            "Hà Tĩnh",
            citations=[Citation(symbol="01-ĐA/TU", kind="Đề án", date="2021-10-05")],
        ),
    ]


def test_keys_do_not_depend_on_input_order_and_resolving_twice_changes_nothing():
    expected = all_keys(resolve(batch()))
    for seed in range(5):
        shuffled = batch()
        random.Random(seed).shuffle(shuffled)
        assert all_keys(resolve(shuffled)) == expected
    again = resolve(batch())
    assert all_keys(resolve(copy.deepcopy(again))) == expected


# --- fulfils ----------------------------------------------------------------------------------------


def assigning_and_report(
    report_date: str = "2022-01-10", issuer: OrganRef | None = None, kind: str = "Báo cáo"
) -> tuple[Extraction, Extraction]:
    assigning = seed_000()
    assigning.document.symbol, assigning.document.date = "15-TB/TU", "2021-11-20"
    report = notice(
        "data/corpus/bc_tinh_doan.txt",
        "Hà Nam",
        symbol="30-BC/TĐTN",
        date=report_date,
        kind=kind,
        issuer="Ban Thường vụ Tỉnh đoàn",
        issuer_ref=issuer or btv_tinh_doan(),
        citations=[Citation(symbol="15-TB/TU", kind="Thông báo", date="2021-11-20")],
    )
    return assigning, report


def test_a_report_of_the_lead_organ_citing_the_notice_fulfils_its_task():
    assigning, report = assigning_and_report()
    resolve([assigning, report])
    assert find_fulfilments([assigning, report]) == {report.document.key: [assigning.tasks[2].key]}
    done = task_completions([assigning, report])
    assert list(done) == [assigning.tasks[2].key]
    assert (done[assigning.tasks[2].key].date, done[assigning.tasks[2].key].document) == (
        "2022-01-10",
        report.document.key,
    )


def test_the_organ_and_its_standing_committee_answer_for_each_other():
    assigning, report = assigning_and_report(issuer=organ("tinh-doan", "Tỉnh đoàn"))
    resolve([assigning, report])
    assert find_fulfilments([assigning, report]) == {report.document.key: [assigning.tasks[2].key]}


@pytest.mark.parametrize("variant", ["other organ", "older report", "not a report", "no citation"])
def test_no_fulfilment_is_guessed(variant):
    if variant == "other organ":
        assigning, report = assigning_and_report(issuer=organ("ban-to-chuc-tinh-uy", "Ban Tổ chức Tỉnh ủy"))
    elif variant == "older report":
        assigning, report = assigning_and_report(report_date="2021-11-01")
    elif variant == "not a report":
        assigning, report = assigning_and_report(kind="Kế hoạch")
    else:
        assigning, report = assigning_and_report()
        report.citations = []
    resolve([assigning, report])
    assert find_fulfilments([assigning, report]) == {}


def test_a_meta_file_marks_a_task_done_with_a_date():
    assigning, report = assigning_and_report()
    resolve([assigning, report])
    meta = {assigning.source: {"province": "Hà Nam", "done": [{"task": "2", "date": dt.date(2022, 1, 5)}]}}
    done = task_completions([assigning, report], meta)
    task_2 = assigning.tasks[1].key
    assert (done[task_2].date, done[task_2].document, done[task_2].source) == (
        "2022-01-05",
        None,
        assigning.source,
    )
    assert assigning.tasks[2].key in done  # the report still counts


@pytest.mark.parametrize(
    "done, message",
    [
        ([{"task": "9", "date": "2022-01-05"}], "no task '9'"),
        ([{"task": "2", "date": "5/1/2022"}], "expected YYYY-MM-DD"),
        ("2", "expected a list"),
    ],
)
def test_bad_done_entries_name_the_file(done, message):
    assigning = seed_000()
    resolve([assigning])
    with pytest.raises(ValueError, match=message) as err:
        task_completions([assigning], {assigning.source: {"done": done}})
    assert "000_13a6090d2288f5d4" in str(err.value)


def test_fulfilments_need_resolved_keys():
    with pytest.raises(ValueError, match="resolve"):
        find_fulfilments([seed_000()])


def test_number_kind_and_issuer_rebuild_the_symbol_of_a_thong_bao_ket_luan():
    tb_677 = notice("data/corpus/677_tb_tu.txt", "Hà Tĩnh", symbol="677-TB/TU", date="2018-07-20")
    citing = notice(
        "data/corpus/later.txt",
        "Hà Tĩnh",
        citations=[
            Citation(
                symbol=None,
                kind="Thông báo kết luận",
                number="677",
                date="2018-07-20",
                issuer="Ban Thường vụ Tỉnh ủy",
            )
        ],
    )
    resolve([citing, tb_677])
    assert (citing.citations[0].key, citing.citations[0].resolved) == ("doc/ha-tinh/677-tb-tu/2018", True)


def test_deadlines_resolve_once_the_issue_date_is_known():
    if resolver_module._deadline_resolver() is None:
        pytest.skip("loaders.resolve.deadlines is not installed in this checkout")
    undated = seed_000()
    resolve([undated])
    relative = undated.tasks[1].deadline
    assert relative.date is None and relative.reason  # the app shows why
    dated = seed_000()
    dated.document.date = "2021-11-20"
    resolve([dated])
    assert dated.tasks[1].deadline.date is not None and dated.tasks[1].deadline.date > "2021-11-20"
    n003 = seed_003()
    resolve([n003])
    assert n003.tasks[0].deadline.date == "2021-07-31"
