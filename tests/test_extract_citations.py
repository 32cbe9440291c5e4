"""Citations: kind, number, date, issuer, subject and the relation named by the words before them."""

from __future__ import annotations

import pytest

from loaders.extract.citations import find_citations, relation_before
from loaders.extract.model import Citation
from loaders.extract.organs import find_organs
from loaders.text import Text


def cite(source: str, city: bool = False) -> list[Citation]:
    text = Text("sentence.txt", source).text
    return find_citations(text, find_organs(text, city), 0, len(text))


def one(source: str, city: bool = False) -> Citation:
    found = cite(source, city)
    assert len(found) == 1, [c.symbol or c.title for c in found]
    return found[0]


# --- seeds ------------------------------------------------------------------------------------------

def test_seed_suspension_under_a_conclusion() -> None:
    found = cite("Theo tinh thần Kết luận số 74-KL/TW, ngày 22/5/2020 của Bộ Chính trị, tạm thời dừng việc "
                 "thực hiện sáp nhập các tổ chức hội quần chúng đặc thù hoạt động trên địa bàn tỉnh Hà Tĩnh theo "
                 "Thông báo kết luận số 677-TB/TU, ngày 20/7/2018 của Ban Thường vụ Tỉnh ủy để sơ kết")
    by_symbol = {c.symbol: c for c in found}
    assert by_symbol["74-KL/TW"].relation == "based_on"
    assert by_symbol["74-KL/TW"].date == "2020-05-22"
    assert by_symbol["74-KL/TW"].issuer == "Bộ Chính trị"
    assert by_symbol["677-TB/TU"].relation == "suspends"
    assert by_symbol["677-TB/TU"].kind == "Thông báo"
    assert by_symbol["677-TB/TU"].date == "2018-07-20"


def test_seed_project_with_quoted_subject() -> None:
    c = one("- Quán triệt, triển khai thực hiện hiệu quả Đề án số 01-ĐA/TU ngày 28/9/2021 của Ban Thường vụ "
            "Tỉnh ủy về ***“Tăng cường sự lãnh đạo của Đảng đối với việc đổi mới nội dung”***; thực hiện")
    assert (c.symbol, c.kind, c.date, c.issuer, c.relation) == (
        "01-ĐA/TU", "Đề án", "2021-09-28", "Ban Thường vụ Tỉnh ủy", "implements")
    assert c.title.startswith("Tăng cường sự lãnh đạo")


def test_seed_minutes_are_recorded() -> None:
    c = one("Ngày 29/6/2021, Ban Chấp hành Đảng bộ tỉnh họp (Biên bản số 104-BB/TU) cho ý kiến")
    assert (c.symbol, c.kind, c.relation) == ("104-BB/TU", "Biên bản", "records")


def test_seed_unnumbered_congress_resolutions() -> None:
    found = cite("nhất là những quan điểm, tư tưởng, mục tiêu Nghị quyết Đại hội XIII của Đảng, Nghị quyết "
                 "Đại hội Đảng bộ tỉnh lần thứ XX; các Nghị quyết")
    titles = [c.title for c in found]
    assert any("Đại hội XIII" in t for t in titles)
    assert any("Đảng bộ tỉnh lần thứ XX" in t for t in titles)
    assert all(c.symbol is None for c in found)


# --- other provinces, organs and kinds ----------------------------------------------------------------

@pytest.mark.parametrize(("source", "expected"), [
    ("Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học.",
     ("57-NQ/TW", "Nghị quyết", "2024-12-22", "Bộ Chính trị", "implements")),
    ("Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ về công tác văn thư;",
     ("30/2020/NĐ-CP", "Nghị định", "2020-03-05", "Chính phủ", "based_on")),
    ("Căn cứ Thông tư số 03/2013/TT-BNV ngày 16/4/2013 của Bộ Nội vụ quy định chi tiết;",
     ("03/2013/TT-BNV", "Thông tư", "2013-04-16", "Bộ Nội vụ", "based_on")),
    ("Quyết định này có hiệu lực kể từ ngày ký và thay thế Quyết định số 12/2019/QĐ-UBND ngày 20/3/2019 "
     "của Ủy ban nhân dân tỉnh.",
     ("12/2019/QĐ-UBND", "Quyết định", "2019-03-20", "Ủy ban nhân dân tỉnh", "replaces")),
    ("Sửa đổi, bổ sung Điều 3 Quyết định số 15/2020/QĐ-UBND ngày 12/5/2020 của Ủy ban nhân dân tỉnh.",
     ("15/2020/QĐ-UBND", "Quyết định", "2020-05-12", "Ủy ban nhân dân tỉnh", "amends")),
    ("Thực hiện Công văn số 2071/SNV-CCVC ngày 10/8/2022 của Sở Nội vụ về việc rà soát.",
     ("2071/SNV-CCVC", "Công văn", "2022-08-10", "Sở Nội vụ", "implements")),
    ("Triển khai Chỉ thị số 05-CT/TU, ngày 15-3-2022 của Ban Thường vụ Tỉnh ủy về tăng cường công tác.",
     ("05-CT/TU", "Chỉ thị", "2022-03-15", "Ban Thường vụ Tỉnh ủy", "implements")),
    ("Căn cứ Nghị quyết số 15/2022/NQ-HĐND ngày 08/7/2022 của HĐND tỉnh;",
     ("15/2022/NQ-HĐND", "Nghị quyết", "2022-07-08", "Hội đồng nhân dân tỉnh", "based_on")),
    ("sơ kết 5 năm thực hiện Chỉ thị số 27-CT/TW ngày 10/01/2019 của Bộ Chính trị về tiếp tục tăng cường",
     ("27-CT/TW", "Chỉ thị", "2019-01-10", "Bộ Chính trị", "cites")),
])
def test_numbered_citation(source: str, expected: tuple) -> None:
    c = one(source)
    assert (c.symbol, c.kind, c.date, c.issuer, c.relation) == expected


def test_city_issuer_keeps_city_name() -> None:
    c = one("Thực hiện Kế hoạch số 12-KH/TU ngày 10/3/2023 của Ban Thường vụ Thành ủy.", city=True)
    assert c.issuer == "Ban Thường vụ Thành ủy"


def test_repeal_is_its_own_relation() -> None:
    assert one("Bãi bỏ Quyết định số 20/2018/QĐ-UBND ngày 01/6/2018 của UBND tỉnh.").relation == "repeals"


def test_the_documents_own_symbol_is_not_a_citation() -> None:
    text = Text("s.txt", "Kế hoạch số 45-KH/TU thực hiện Nghị quyết số 57-NQ/TW").text
    found = find_citations(text, find_organs(text), 0, len(text), "45-KH/TU")
    assert [c.symbol for c in found] == ["57-NQ/TW"]


def test_one_document_cited_twice_is_one_citation() -> None:
    found = cite("Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị. Quán triệt Nghị quyết "
                 "số 57-NQ/TW đến cán bộ.")
    assert [c.symbol for c in found] == ["57-NQ/TW"]
    assert found[0].date == "2024-12-22"


def test_number_without_symbol_is_built_from_kind_and_issuer() -> None:
    c = one("thực hiện Đề án số 01, ngày 28/9/2021 của Ban Thường vụ Tỉnh ủy về tăng cường")
    assert c.symbol == "01-ĐA/TU" and c.symbol_inferred


@pytest.mark.parametrize(("source", "title_part"), [
    ("quán triệt Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng", "toàn quốc lần thứ XIII"),
    ("thực hiện Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ XIX, nhiệm kỳ 2020 - 2025", "lần thứ XIX"),
    ("thực hiện Nghị quyết Đại hội Đảng bộ thành phố lần thứ XVI", "thành phố lần thứ XVI"),
])
def test_congress_resolutions_of_other_provinces(source: str, title_part: str) -> None:
    c = one(source)
    assert c.symbol is None and title_part in c.title and c.relation == "implements"


@pytest.mark.parametrize(("window", "relation"), [
    ("Căn cứ", "based_on"), ("Theo tinh thần", "based_on"), ("Trên cơ sở", "based_on"),
    ("tạm thời dừng việc thực hiện", "suspends"), ("thay thế", "replaces"),
    ("sửa đổi, bổ sung một số điều của", "amends"), ("Tổ chức sơ kết 5 năm thực hiện", "cites"),
    ("Quán triệt, triển khai thực hiện", "implements"), ("đồng thời", None),
])
def test_relation_words(window: str, relation: str) -> None:
    assert relation_before(window) == relation


# --- behaviour that fails today ---------------------------------------------------------------------

@pytest.mark.parametrize(("source", "symbol", "relation"), [
    ("Thực hiện Kết luận số 100 - KL/TW ngày 09/3/2021 của Ban Bí thư và Chỉ thị số 19/CT-TTG ngày "
     "20/7/2021 của Thủ tướng Chính phủ.", "19/CT-TTg", "implements"),
    ("Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị; Nghị quyết số 03/NQ-CP ngày "
     "09/01/2025 của Chính phủ, Ban Thường vụ Tỉnh ủy ban hành Kế hoạch.", "03/NQ-CP", "implements"),
    ("Căn cứ Nghị định số 45/2010/NĐ-CP ngày 21/4/2010 của Chính phủ quy định về hội; Nghị định số "
     "33/2012/NĐ-CP ngày 13/4/2012 của Chính phủ sửa đổi, bổ sung một số điều;", "33/2012/NĐ-CP", "based_on"),
    ("tiếp tục quán triệt sâu sắc Chỉ thị số 27-CT/TW và Kết luận số 12-KL/TW ngày 06/4/2022 của Bộ Chính trị",
     "12-KL/TW", "implements"),
])
def test_relation_carries_over_a_list(source: str, symbol: str, relation: str) -> None:
    c = next(c for c in cite(source) if c.symbol == symbol)
    assert c.relation == relation


def test_proposal_cited_in_a_decision() -> None:
    c = one("Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 45/TTr-SNV ngày 05/4/2022.")
    assert (c.issuer, c.relation) == ("Sở Nội vụ", "based_on")


def test_issuer_as_subject_of_ban_hanh() -> None:
    c = one("Ủy ban nhân dân tỉnh đã ban hành Kế hoạch số 145/KH-UBND ngày 02/8/2023 triển khai thực hiện.")
    assert c.issuer == "Ủy ban nhân dân tỉnh"


@pytest.mark.parametrize(("source", "title"), [
    ("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;", "Luật Tổ chức chính quyền địa phương"),
    ("quán triệt Luật Phòng cháy, chữa cháy và cứu nạn, cứu hộ; xác định",
     "Luật Phòng cháy, chữa cháy và cứu nạn, cứu hộ"),
    ("thực hiện nghiêm Luật Phòng, chống tham nhũng năm 2018 và", "Luật Phòng, chống tham nhũng"),
])
def test_law_by_name(source: str, title: str) -> None:
    c = one(source)
    assert c.symbol is None and c.kind == "Luật" and title in c.title


def test_a_comma_between_two_laws_still_ends_the_first() -> None:
    text = Text("t.txt", "Căn cứ Luật Đất đai, Luật Nhà ở;").text
    assert [c.title for c in find_citations(text, [], 0, len(text))] == ["Luật Đất đai", "Luật Nhà ở"]


@pytest.mark.parametrize("source", [
    "tổ chức học tập, quán triệt Nghị quyết Trung ương 8 khóa XIII về Chiến lược bảo vệ Tổ quốc",
    "thực hiện Nghị quyết Hội nghị Trung ương 4 khóa XII về tăng cường xây dựng, chỉnh đốn Đảng",
])
def test_plenum_resolution(source: str) -> None:
    c = one(source)
    assert c.symbol is None and "Trung ương" in c.title and "khóa" in c.title


def test_party_regulation_citation() -> None:
    c = one("Căn cứ Quy định số 08-QĐi/TW ngày 25/10/2018 của Ban Chấp hành Trung ương về trách nhiệm nêu gương")
    assert (c.symbol, c.kind, c.relation) == ("08-QĐi/TW", "Quy định", "based_on")


def test_issuer_is_the_head_of_an_organ() -> None:
    c = one("thay thế Quyết định số 1120/QĐ-UBND ngày 15/5/2020 của Chủ tịch Ủy ban nhân dân tỉnh.")
    assert c.issuer in ("Chủ tịch Ủy ban nhân dân tỉnh", "Ủy ban nhân dân tỉnh")


# --- legal bases as decisions write them ------------------------------------------------------------

def test_a_law_with_its_number_is_one_citation() -> None:
    c = one("Căn cứ Luật Đầu tư công số 58/2024/QH15;")
    assert (c.symbol, c.kind, c.title, c.issuer, c.relation) == (
        "58/2024/QH15", "Luật", "Luật Đầu tư công", "Quốc hội", "based_on")


def test_the_amending_law_is_cited_like_the_law_it_amends() -> None:
    found = {c.symbol: c for c in cite("Căn cứ Luật Đất đai số 31/2024/QH15 được sửa đổi, bổ sung bởi "
                                       "Luật số 43/2024/QH15;")}
    assert found["31/2024/QH15"].relation == "based_on"
    assert found["43/2024/QH15"].relation == "based_on"   # not "amends": it amends the other law


def test_a_law_named_again_without_its_number_is_the_same_citation() -> None:
    found = cite("Căn cứ Luật Đầu tư công số 58/2024/QH15; Căn cứ Nghị định số 85/2025/NĐ-CP của Chính phủ "
                 "quy định chi tiết một số điều của Luật Đầu tư công;")
    assert [c.symbol for c in found] == ["58/2024/QH15", "85/2025/NĐ-CP"]


def test_the_symbol_names_the_issuing_department() -> None:
    found = {c.symbol: c for c in cite(
        "Xét đề nghị của Sở Xây dựng tại Tờ trình số 12/TTr-SXD ngày 03/3/2024, 15/TTr-SXD ngày 09/3/2024 "
        "và ý kiến thẩm định của Sở Tư pháp tại Báo cáo số 9/BC-STP ngày 01/3/2024.")}
    assert [found[s].issuer for s in ("12/TTr-SXD", "15/TTr-SXD", "9/BC-STP")] == ["Sở Xây dựng"] * 2 + ["Sở Tư pháp"]
    assert {c.relation for c in found.values()} == {"based_on"}


def test_a_hard_wrapped_legal_basis() -> None:
    """Text copied from a PDF breaks lines inside sentences, also before a capital letter."""
    found = cite("Căn cứ Luật Tổ chức Hội đồng nhân dân\nvà Ủy ban nhân dân ngày 26/11/2003;\n"
                 "Xét đề nghị của Giám đốc\nSở Y tế tại Tờ trình số 77/TTr-SYT ngày 02/02/2020,")
    law, proposal = found
    assert (law.title, law.date) == ("Luật Tổ chức Hội đồng nhân dân và Ủy ban nhân dân", "2003-11-26")
    assert (proposal.symbol, proposal.relation, proposal.issuer) == ("77/TTr-SYT", "based_on", "Sở Y tế")


def test_a_line_that_stops_on_an_open_word_goes_on() -> None:
    found = cite("Căn cứ\nLuật Hoạt động giám sát của\nQuốc hội và Hội đồng nhân dân ngày 20 tháng 11 năm 2015;")
    assert [(c.title, c.date, c.relation) for c in found] == [
        ("Luật Hoạt động giám sát của Quốc hội và Hội đồng nhân dân", "2015-11-20", "based_on")]
