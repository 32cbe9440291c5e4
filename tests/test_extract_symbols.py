"""Document symbols: both official formats, odd spacing and case, and things that only look like symbols."""

from __future__ import annotations

import pytest

from loaders.extract.symbols import build_symbol, find_symbols, parse_symbol
from loaders.text import Text


def analysed(source: str) -> str:
    return Text("sentence.txt", source).text


def symbols_in(source: str) -> list[str]:
    return [s.text for s in find_symbols(analysed(source))]


@pytest.mark.parametrize(("source", "symbol", "kind"), [
    # seeds
    ("Đề án số 01-ĐA/TU ngày 28/9/2021 của Ban Thường vụ Tỉnh ủy", "01-ĐA/TU", "Đề án"),
    ("theo Nghị quyết số 68/NQ-CP, ngày 01/7/2021 của Chính phủ", "68/NQ-CP", "Nghị quyết"),
    ("Theo tinh thần Kết luận số 74-KL/TW, ngày 22/5/2020 của Bộ Chính trị", "74-KL/TW", "Kết luận"),
    ("Thông báo kết luận số 677-TB/TU, ngày 20/7/2018", "677-TB/TU", "Thông báo"),
    ("(Biên bản số 104-BB/TU)", "104-BB/TU", "Biên bản"),
    # other provinces, other organs, other kinds
    ("Số: 1234/QĐ-UBND", "1234/QĐ-UBND", "Quyết định"),
    ("Số 45-KH/TU", "45-KH/TU", "Kế hoạch"),
    ("Số:123/QĐ-UBND", "123/QĐ-UBND", "Quyết định"),
    ("Số: 12 /QĐ- UBND", "12/QĐ-UBND", "Quyết định"),
    ("Kết luận số 100 - KL/TW ngày 09/3/2021", "100-KL/TW", "Kết luận"),
    ("Kết luận số 7 – KL/TW", "7-KL/TW", "Kết luận"),
    ("Chỉ thị số 19/CT-TTG ngày 20/7/2021", "19/CT-TTg", "Chỉ thị"),
    ("Nghị định số 30/2020/NĐ-CP ngày 05/3/2020", "30/2020/NĐ-CP", "Nghị định"),
    ("Thông tư số 03/2013/TT-BNV", "03/2013/TT-BNV", "Thông tư"),
    ("Tờ trình số 45/TTr-SNV ngày 05/4/2022", "45/TTr-SNV", "Tờ trình"),
    ("Số: 215/BC-UBND", "215/BC-UBND", "Báo cáo"),
    ("Nghị quyết số 11/2022/NQ-HĐND", "11/2022/NQ-HĐND", "Nghị quyết"),
    ("Quy chế số 08-QC/BTCTU-BDVTU", "08-QC/BTCTU-BDVTU", "Quy chế"),
    ("Chương trình số 05-CTr/TU", "05-CTr/TU", "Chương trình"),
    ("Hướng dẫn số 36-HD/VPTW", "36-HD/VPTW", "Hướng dẫn"),
    ("Kế hoạch số 12-KH/HU của Ban Thường vụ Huyện ủy", "12-KH/HU", "Kế hoạch"),
    ("Công điện số 12/CĐ-TTg", "12/CĐ-TTg", "Công điện"),
    ("Công văn số 3456-CV/VPTU ngày 05/12/2023", "3456-CV/VPTU", "Công văn"),
    # a Công văn of a state organ carries no kind code: issuer-unit
    ("Số: 2071/SNV-CCVC", "2071/SNV-CCVC", "Công văn"),
    ("Công văn số 3821/BNV-CCVC ngày 20/7/2022 của Bộ Nội vụ", "3821/BNV-CCVC", "Công văn"),
])
def test_symbol_and_kind(source: str, symbol: str, kind: str) -> None:
    found = find_symbols(analysed(source))
    assert [s.text for s in found] == [symbol]
    assert found[0].kind == kind


@pytest.mark.parametrize(("source", "party"), [
    ("74-KL/TW", True), ("01-ĐA/TU", True), ("68/NQ-CP", False), ("123/QĐ-UBND", False),
])
def test_party_or_state_format(source: str, party: bool) -> None:
    assert find_symbols(analysed(source))[0].party is party


@pytest.mark.parametrize(("source", "scope"), [
    ("74-KL/TW", "national"), ("19/CT-TTg", "national"), ("30/2020/NĐ-CP", "national"),
    ("03/2013/TT-BNV", "national"), ("36-HD/VPTW", "national"),
    ("01-ĐA/TU", "province"), ("123/QĐ-UBND", "province"), ("45/TTr-SNV", "province"),
    ("11/2022/NQ-HĐND", "province"), ("3456-CV/VPTU", "province"), ("12-KH/HU", "province"),
])
def test_scope_from_issuer_code(source: str, scope: str) -> None:
    assert find_symbols(analysed(source))[0].scope == scope


def test_year_inside_a_state_symbol() -> None:
    found = find_symbols(analysed("Quyết định số 12/2019/QĐ-UBND ngày 20/3/2019"))
    assert found[0].year == 2019
    assert find_symbols(analysed("Quyết định số 1234/QĐ-UBND"))[0].year is None


@pytest.mark.parametrize("source", [
    "ngày 28/9/2021", "tháng 7/2021", "trong quý III/2022", "giai đoạn 2021-2025", "nhiệm kỳ 2022 - 2027",
    "đã bàn giao mặt bằng cho 14/18 dự án", "đạt 77,8%", "điện thoại 0274.3822.xxx",
    "Covid -19", "5/NQ",
])
def test_not_a_symbol(source: str) -> None:
    assert symbols_in(source) == []


def test_two_symbols_in_one_sentence() -> None:
    source = ("Thực hiện Kết luận số 100 - KL/TW ngày 09/3/2021 của Ban Bí thư và Chỉ thị số 19/CT-TTG "
              "ngày 20/7/2021 của Thủ tướng Chính phủ")
    assert symbols_in(source) == ["100-KL/TW", "19/CT-TTg"]


def test_spans_point_at_the_symbol() -> None:
    text = analysed("Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024")
    s = find_symbols(text)[0]
    assert text[s.start:s.end] == "57-NQ/TW"


def test_parse_symbol_drops_so_and_spaces() -> None:
    assert parse_symbol("Số: 74 - KL/TW").text == "74-KL/TW"
    assert parse_symbol("Số 125 - TB/TU").text == "125-TB/TU"
    assert parse_symbol("không có số") is None


def test_build_symbol_from_number_kind_and_issuer() -> None:
    assert build_symbol("01", "Đề án", "ban-thuong-vu-tinh-uy") == "01-ĐA/TU"
    assert build_symbol("01", None, "ban-thuong-vu-tinh-uy") is None


def test_party_regulation_code_qdi() -> None:
    found = find_symbols(analysed("Quy định số 08-QĐi/TW ngày 25/10/2018 của Ban Chấp hành Trung ương"))
    assert [s.text for s in found] == ["08-QĐi/TW"]
    assert found[0].kind == "Quy định"
