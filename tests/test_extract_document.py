"""The document itself: kind, symbol, date, province, issuer, signer, signing mode, recipients."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from loaders.extract import extract
from loaders.extract.model import DocumentInfo
from loaders.text import Text

SEEDS = Path("/work/shared/seeds")
if not SEEDS.is_dir():
    SEEDS = Path(__file__).resolve().parents[1] / "data" / "corpus"

PARTY_HEADER = """TỈNH ỦY NGHỆ AN
*
Số 45-KH/TU

ĐẢNG CỘNG SẢN VIỆT NAM

Nghệ An, ngày 12 tháng 3 năm 2025

KẾ HOẠCH
thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học

Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị, Ban Thường vụ Tỉnh ủy ban hành Kế hoạch.

Nơi nhận:
- Ban Bí thư (để báo cáo),
- Văn phòng Trung ương Đảng,
- Lưu Văn phòng Tỉnh ủy.

T/M BAN THƯỜNG VỤ
PHÓ BÍ THƯ THƯỜNG TRỰC



Hoàng Nghĩa Hiếu
"""

STATE_HEADER = """ỦY BAN NHÂN DÂN
TỈNH QUẢNG NINH
-------
Số: 1234/QĐ-UBND

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Quảng Ninh, ngày 15 tháng 4 năm 2022

QUYẾT ĐỊNH
Về việc ban hành Quy chế phối hợp quản lý nhà nước về hội

ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH

Căn cứ Nghị định số 45/2010/NĐ-CP ngày 21/4/2010 của Chính phủ quy định về tổ chức, hoạt động và quản lý hội;

QUYẾT ĐỊNH:

Điều 1. Ban hành kèm theo Quyết định này Quy chế phối hợp.

Nơi nhận:
- Bộ Nội vụ (b/c);
- Ban Tổ chức Tỉnh ủy;
- Lưu: VT, NC.

TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH



Cao Tường Huy
"""

CITY_NOTICE = """THÀNH ỦY HẢI PHÒNG
*
Số 125 - TB/TU

ĐẢNG CỘNG SẢN VIỆT NAM

Hải Phòng, ngày 08 tháng 6 năm 2022

THÔNG BÁO KẾT LUẬN
của Ban Thường vụ Thành ủy về công tác cải cách hành chính

Ngày 03/6/2022, Ban Thường vụ Thành ủy họp nghe báo cáo. Ban Thường vụ Thành ủy kết luận như sau:

1. Ủy ban Kiểm tra Thành ủy tăng cường kiểm tra; hằng quý báo cáo Thường trực Thành ủy.

Nơi nhận:
- Thường trực Thành ủy,
- Lưu Văn phòng Thành ủy.

T/M BAN THƯỜNG VỤ
PHÓ BÍ THƯ



Đỗ Mạnh Hiến
"""

DEPARTMENT_LETTER = """UBND TỈNH BÌNH DƯƠNG
SỞ NỘI VỤ
-------
Số: 2071/SNV-CCVC
V/v báo cáo số lượng, chất lượng cán bộ, công chức, viên chức năm 2022

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Bình Dương, ngày 10 tháng 8 năm 2022

Kính gửi:
- Các sở, ban, ngành tỉnh;
- Ủy ban nhân dân các huyện, thị xã, thành phố.

Sở Nội vụ đề nghị Thủ trưởng các sở, ban, ngành tỉnh báo cáo số lượng cán bộ trước ngày 25/8/2022./.

Nơi nhận:
- Như trên;
- UBND tỉnh (b/c);
- Lưu: VT, CCVC.

KT. GIÁM ĐỐC
PHÓ GIÁM ĐỐC



Trần Thị Thanh Hà
"""


def document(source: str, name: str = "doc.txt") -> DocumentInfo:
    return extract(Text(name, source)).document


def seed_document(name: str) -> DocumentInfo:
    path = next(SEEDS.glob(f"{name}*.txt"), None)
    if path is None:
        pytest.skip(f"seed {name} not found under {SEEDS}")
    return extract(Text(path.name, path.read_text(encoding="utf-8"))).document


@pytest.mark.parametrize(("seed", "kind", "province", "signer", "mode"), [
    ("000", "Thông báo", "Hà Nam", "Trần Nguyễn Hiền Anh", "K/T"),
    ("002", "Thông báo", "Hà Tĩnh", "Trần Đình Thuyên", "T/L"),
    ("003", "Thông báo", None, "Tô Thị Tuyết Mai", "K/T"),
])
def test_seed_notices(seed: str, kind: str, province: str | None, signer: str, mode: str) -> None:
    d = seed_document(seed)
    assert (d.kind, d.province, d.signer, d.signing_mode) == (kind, province, signer, mode)
    assert d.symbol is None and d.date is None


def test_seed_news_article() -> None:
    d = seed_document("001")
    assert (d.kind, d.province, d.signer, d.issuer) == ("Tin", "Hà Nam", None, None)


def test_party_header() -> None:
    d = document(PARTY_HEADER)
    assert (d.kind, d.symbol, d.date, d.province) == ("Kế hoạch", "45-KH/TU", "2025-03-12", "Nghệ An")
    assert (d.issuer, d.signer, d.signing_mode) == ("Ban Thường vụ Tỉnh ủy", "Hoàng Nghĩa Hiếu", "T/M")
    assert d.title.startswith("thực hiện Nghị quyết số 57-NQ/TW")


def test_party_recipients() -> None:
    names = [r.name for r in document(PARTY_HEADER).recipients]
    assert "Ban Bí thư" in names and "Văn phòng Trung ương Đảng" in names


def test_state_header() -> None:
    d = document(STATE_HEADER)
    assert (d.kind, d.symbol, d.date, d.province) == ("Quyết định", "1234/QĐ-UBND", "2022-04-15", "Quảng Ninh")
    assert (d.issuer, d.signer) == ("Ủy ban nhân dân tỉnh", "Cao Tường Huy")
    assert d.signing_mode in ("K/T", "T/M")
    assert [r.name for r in d.recipients][:2] == ["Bộ Nội vụ", "Ban Tổ chức Tỉnh ủy"]


def test_signer_is_not_a_person_of_the_text() -> None:
    x = extract(Text("doc.txt", STATE_HEADER))
    assert "Cao Tường Huy" not in [p.name for p in x.people]


def test_odd_spacing_in_own_symbol_and_city() -> None:
    d = document(CITY_NOTICE)
    assert (d.symbol, d.date, d.province, d.signer) == ("125-TB/TU", "2022-06-08", "Hải Phòng", "Đỗ Mạnh Hiến")


def test_nfd_text_with_old_tone_style() -> None:
    source = unicodedata.normalize("NFD", STATE_HEADER.replace("Ủy", "Uỷ").replace("HÒA", "HOÀ"))
    d = document(source)
    assert (d.kind, d.symbol, d.date, d.province, d.signer) == (
        "Quyết định", "1234/QĐ-UBND", "2022-04-15", "Quảng Ninh", "Cao Tường Huy")


def test_department_letter_kind_and_symbol() -> None:
    d = document(DEPARTMENT_LETTER)
    assert (d.kind, d.symbol, d.date, d.province, d.signer, d.signing_mode) == (
        "Công văn", "2071/SNV-CCVC", "2022-08-10", "Bình Dương", "Trần Thị Thanh Hà", "K/T")


def test_province_is_never_guessed() -> None:
    d = document("THÔNG BÁO\n\nBan Thường vụ Tỉnh ủy họp ngày 29/6/2021 cho ý kiến.\n")
    assert d.province is None


# --- behaviour that fails today ---------------------------------------------------------------------

def test_notice_of_conclusion_kind_follows_symbol() -> None:
    assert document(CITY_NOTICE).kind.startswith("Thông báo")


def test_city_issuer_name() -> None:
    assert document(CITY_NOTICE).issuer == "Ban Thường vụ Thành ủy"


def test_department_is_the_issuer() -> None:
    assert document(DEPARTMENT_LETTER).issuer == "Sở Nội vụ"


def test_addressees_are_recipients() -> None:
    ids = {r.organ_id for r in document(DEPARTMENT_LETTER).recipients}
    assert {"so-nganh", "ubnd-huyen"} <= ids


@pytest.mark.parametrize(("source", "expected"), [
    ("Tin tức - Sự kiện\n\nQuảng Ninh tổng kết công tác tuyên giáo năm 2023\n\n14/01/2024\n\nChiều 12/1, Ban "
     "Tuyên giáo Tỉnh ủy Quảng Ninh tổ chức Hội nghị tổng kết.\n", "2024-01-14"),
    ("Tin hoạt động\n\nĐắk Lắk: Sơ kết 5 năm thực hiện Chỉ thị\n\nCập nhật: 26/8/2023 09:15\n\nSáng 25/8/2023, "
     "Tỉnh ủy Đắk Lắk tổ chức Hội nghị sơ kết.\n", "2023-08-26"),
])
def test_news_date(source: str, expected: str) -> None:
    d = document(source)
    assert d.kind == "Tin" and d.date == expected


@pytest.mark.parametrize("title", ["CHỦ TỊCH", "BÍ THƯ", "GIÁM ĐỐC"])
def test_direct_signature(title: str) -> None:
    source = STATE_HEADER.replace("TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH", title)
    assert document(source).signer == "Cao Tường Huy"


def test_peoples_council_is_the_issuer() -> None:
    source = STATE_HEADER.replace("ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NINH", "HỘI ĐỒNG NHÂN DÂN\nTỈNH QUẢNG NINH", 1)
    source = source.replace("QUYẾT ĐỊNH\nVề việc", "NGHỊ QUYẾT\nVề việc").replace("Số: 1234/QĐ-UBND", "Số: 25/2023/NQ-HĐND")
    d = document(source)
    assert (d.kind, d.issuer) == ("Nghị quyết", "Hội đồng nhân dân tỉnh")


def test_signer_post_is_written_as_a_title() -> None:
    text = ("ỦY BAN NHÂN DÂN\nTỈNH QUẢNG TRỊ\n\nSố: 120/KH-UBND\n\nQuảng Trị, ngày 05 tháng 3 năm 2022\n\nKẾ HOẠCH\n"
            "Triển khai công tác dân vận năm 2022\n\n1. Giao Sở Nội vụ chủ trì thực hiện.\n\n"
            "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nHoàng Nam\n")
    doc = extract(Text("kh.txt", text)).document
    assert (doc.signer_post, doc.signer, doc.signing_mode) == ("Phó Chủ tịch", "Hoàng Nam", "K/T")


def test_the_subject_of_a_decision_ends_before_who_decides() -> None:
    text = ("ỦY BAN NHÂN DÂN\nTỈNH QUẢNG TRỊ\nSố: 14/2023/QĐ-UBND\nQuảng Trị, ngày 19 tháng 6 năm 2023\n"
            "QUYẾT ĐỊNH\nBAN HÀNH QUY ĐỊNH CHỨC NĂNG, NHIỆM VỤ\nCỦA SỞ NỘI VỤ TỈNH QUẢNG TRỊ\n"
            "ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ\nCăn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;\n"
            "QUYẾT ĐỊNH:\nĐiều 1. Ban hành kèm theo Quyết định này Quy định.\n")
    doc = extract(Text("qd.txt", text)).document
    assert doc.title == "BAN HÀNH QUY ĐỊNH CHỨC NĂNG, NHIỆM VỤ CỦA SỞ NỘI VỤ TỈNH QUẢNG TRỊ"
    assert doc.signer_post is None   # "QUYẾT ĐỊNH:" is no post
