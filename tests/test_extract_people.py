"""People and their posts: "honorific + name - post - post" and "post + name"."""

from __future__ import annotations

import pytest

from loaders.extract.model import Person
from loaders.extract.organs import find_organs
from loaders.extract.people import find_people
from loaders.text import Text


def people(source: str) -> list[Person]:
    text = Text("sentence.txt", source).text
    return find_people(text, 0, len(text), find_organs(text))


def by_name(source: str) -> dict[str, list[str]]:
    return {p.name: p.posts for p in people(source)}


def test_seed_posts_joined_by_dashes() -> None:
    found = by_name("Bà Lê Thị Thủy - Ủy viên Trung ương Đảng - Bí thư  Tỉnh ủy - Chủ tịch HĐND tỉnh và  ông "
                    "Trương Quốc Huy - Phó Bí thư Tỉnh ủy - Chủ tịch UBND tỉnh - Trưởng đoàn Đại biểu Quốc hội "
                    "tỉnh chủ trì hội nghị.")
    assert found["Lê Thị Thủy"] == ["Ủy viên Trung ương Đảng", "Bí thư Tỉnh ủy", "Chủ tịch HĐND tỉnh"]
    assert found["Trương Quốc Huy"] == ["Phó Bí thư Tỉnh ủy", "Chủ tịch UBND tỉnh",
                                        "Trưởng đoàn Đại biểu Quốc hội tỉnh"]


@pytest.mark.parametrize(("source", "name", "posts"), [
    ("Ông Nguyễn Đình Trung - Ủy viên Trung ương Đảng, Bí thư Tỉnh ủy, Trưởng đoàn Đại biểu Quốc hội tỉnh "
     "chủ trì hội nghị.", "Nguyễn Đình Trung",
     ["Ủy viên Trung ương Đảng", "Bí thư Tỉnh ủy", "Trưởng đoàn Đại biểu Quốc hội tỉnh"]),
    ("Dự hội nghị có đồng chí Phạm Ngọc Nghị, Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh; các đồng chí",
     "Phạm Ngọc Nghị", ["Phó Bí thư Tỉnh ủy", "Chủ tịch UBND tỉnh"]),
    ("đồng chí Hoàng Nghĩa Hiếu - Phó Bí thư Thường trực Tỉnh ủy chủ trì.", "Hoàng Nghĩa Hiếu",
     ["Phó Bí thư Thường trực Tỉnh ủy"]),
    ("Bà Võ Thị Minh Sinh - Ủy viên Ban Thường vụ Tỉnh ủy, Chủ tịch Ủy ban MTTQ tỉnh phát biểu.",
     "Võ Thị Minh Sinh", ["Ủy viên Ban Thường vụ Tỉnh ủy", "Chủ tịch Ủy ban MTTQ tỉnh"]),
    ("Theo đồng chí Nguyễn Hồng Phong, Chủ tịch Hội Nông dân tỉnh, năm qua", "Nguyễn Hồng Phong",
     ["Chủ tịch Hội Nông dân tỉnh"]),
    ("Ông Bùi Đình Long, Phó Chủ tịch UBND tỉnh phát biểu.", "Bùi Đình Long", ["Phó Chủ tịch UBND tỉnh"]),
])
def test_honorific_name_and_posts(source: str, name: str, posts: list[str]) -> None:
    assert by_name(source)[name] == posts


def test_each_person_once_with_posts_merged() -> None:
    found = people("Ông Nguyễn Đình Trung - Bí thư Tỉnh ủy chủ trì. Đồng chí Nguyễn Đình Trung - Trưởng đoàn "
                   "Đại biểu Quốc hội tỉnh phát biểu.")
    assert [p.name for p in found] == ["Nguyễn Đình Trung"]
    assert found[0].posts == ["Bí thư Tỉnh ủy", "Trưởng đoàn Đại biểu Quốc hội tỉnh"]


@pytest.mark.parametrize("source", [
    "đồng chí Phó Bí thư Thường trực Tỉnh ủy thay mặt Thường trực Tỉnh ủy",   # a post, no name (seed 002)
    "học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",           # not a person
    "Đoàn Thanh niên Cộng sản Hồ Chí Minh tỉnh",
    "Các đồng chí Ủy viên Ban Thường vụ Tỉnh ủy dự hội nghị.",
])
def test_no_person(source: str) -> None:
    assert people(source) == []


def test_span_covers_the_mention() -> None:
    text = Text("s.txt", "Dự có ông Trần Văn Nam - Phó Giám đốc Sở Y tế.").text
    p = find_people(text, 0, len(text), find_organs(text))[0]
    assert text[p.span.start:p.span.end].startswith("ông Trần Văn Nam")


# --- behaviour that fails today ---------------------------------------------------------------------

@pytest.mark.parametrize(("source", "name", "post"), [
    ("Bí thư Tỉnh ủy Lê Thị Thủy phát biểu khai mạc hội nghị", "Lê Thị Thủy", "Bí thư Tỉnh ủy"),
    ("Khai mạc, Phó Chủ tịch UBND tỉnh Bùi Đình Long phát biểu.", "Bùi Đình Long", "Phó Chủ tịch UBND tỉnh"),
    ("Khai mạc, Giám đốc Sở Nội vụ Nguyễn Viết Hưng báo cáo.", "Nguyễn Viết Hưng", "Giám đốc Sở Nội vụ"),
    ("Phó Bí thư Thường trực Tỉnh ủy Đặng Xuân Phương dự và chỉ đạo hội nghị.", "Đặng Xuân Phương",
     "Phó Bí thư Thường trực Tỉnh ủy"),
    ("Khai mạc, Thủ tướng Chính phủ Phạm Minh Chính chủ trì hội nghị.", "Phạm Minh Chính", "Thủ tướng Chính phủ"),
])
def test_post_then_name(source: str, name: str, post: str) -> None:
    assert post in by_name(source).get(name, [])


@pytest.mark.parametrize(("source", "name", "post"), [
    ("Đồng chí Thái Thanh Quý, Ủy viên Trung ương Đảng, Bí thư Tỉnh ủy, Trưởng Đoàn đại biểu Quốc hội tỉnh "
     "chủ trì.", "Thái Thanh Quý", "Trưởng Đoàn đại biểu Quốc hội tỉnh"),
    ("Đồng chí Vũ Quyết Tiến, Trưởng Ban Tuyên giáo Tỉnh ủy phát biểu.", "Vũ Quyết Tiến",
     "Trưởng Ban Tuyên giáo Tỉnh ủy"),
])
def test_capitalised_post_titles(source: str, name: str, post: str) -> None:
    assert post in by_name(source).get(name, [])


@pytest.mark.parametrize(("source", "name"), [
    ("ông Y Thanh Hà Niê Kđăm - Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh", "Y Thanh Hà Niê Kđăm"),
    ("đồng chí Ksor Phước Hà, Phó Chủ tịch Ủy ban nhân dân tỉnh", "Ksor Phước Hà"),
])
def test_minority_names_after_honorific(source: str, name: str) -> None:
    assert name in by_name(source)


def test_list_of_comrades() -> None:
    found = by_name("Các đồng chí: Nguyễn Văn Thông, Phó Bí thư Thường trực Tỉnh ủy; Nguyễn Văn Đệ, Phó Chủ tịch "
                    "HĐND tỉnh dự hội nghị.")
    assert set(found) == {"Nguyễn Văn Thông", "Nguyễn Văn Đệ"}
    assert found["Nguyễn Văn Thông"] == ["Phó Bí thư Thường trực Tỉnh ủy"]
    assert found["Nguyễn Văn Đệ"] == ["Phó Chủ tịch HĐND tỉnh"]


def test_post_with_va_inside_organ_name() -> None:
    found = by_name("3. Ông Nguyễn Hữu Thoại, Giám đốc Sở Thông tin và Truyền thông - Phó Trưởng ban;")
    assert found["Nguyễn Hữu Thoại"][0] == "Giám đốc Sở Thông tin và Truyền thông"


def test_military_ranks_work_as_honorifics() -> None:
    found = by_name("Dự họp có Đại tá Phan Văn Bình, Giám đốc Công an tỉnh và đồng chí Thiếu tướng Lê Hữu Nghĩa, "
                    "Chỉ huy trưởng Bộ Chỉ huy Quân sự tỉnh.")
    assert found["Phan Văn Bình"] == ["Giám đốc Công an tỉnh"]
    assert found["Lê Hữu Nghĩa"] == ["Chỉ huy trưởng Bộ Chỉ huy Quân sự tỉnh"]


def test_list_of_comrades_named_by_their_body() -> None:
    found = by_name("Tham dự có các đồng chí trong Ban Thường vụ Tỉnh ủy: Hoàng Minh Tâm, Phó Chủ tịch Thường trực "
                    "UBND tỉnh; Thượng tá Vi Văn Lực, Chỉ huy trưởng Bộ Chỉ huy Quân sự tỉnh; Cao Thị Hạnh, "
                    "Trưởng Ban Tuyên giáo Tỉnh ủy.")
    assert set(found) == {"Hoàng Minh Tâm", "Vi Văn Lực", "Cao Thị Hạnh"}
    assert found["Cao Thị Hạnh"] == ["Trưởng Ban Tuyên giáo Tỉnh ủy"]


def test_a_post_ends_with_its_organ() -> None:
    found = by_name("Sáng 9-4, các đồng chí: Trịnh Văn Lâm, Ủy viên dự khuyết Trung ương Đảng, Bí thư Tỉnh ủy; "
                    "Đào Thị Mai, Phó Bí thư Tỉnh ủy đã làm việc với Ban Tổ chức Tỉnh ủy. Đồng chí Lưu Văn Khánh-Ủy "
                    "viên Ban Thường vụ Tỉnh ủy, Chủ tịch HĐND tỉnh tại Hội nghị lần thứ 9 đề nghị.")
    assert found["Trịnh Văn Lâm"] == ["Ủy viên dự khuyết Trung ương Đảng", "Bí thư Tỉnh ủy"]
    assert found["Đào Thị Mai"] == ["Phó Bí thư Tỉnh ủy"]
    assert found["Lưu Văn Khánh"] == ["Ủy viên Ban Thường vụ Tỉnh ủy", "Chủ tịch HĐND tỉnh"]


def test_posts_before_a_name_and_a_list_of_names_after_a_post() -> None:
    found = by_name("Bí thư Tỉnh ủy, Chủ tịch HĐND tỉnh Lê Quang Huy, các Phó Chủ tịch HĐND tỉnh: Đỗ Văn Bình, "
                    "Phan Thị Lan chủ tọa kỳ họp. Chủ tịch UBND các huyện: Kim Bảng, Lý Nhân báo cáo.")
    assert found["Lê Quang Huy"] == ["Bí thư Tỉnh ủy", "Chủ tịch HĐND tỉnh"]
    assert found["Đỗ Văn Bình"] == found["Phan Thị Lan"] == ["Phó Chủ tịch HĐND tỉnh"]
    assert "Kim Bảng" not in found and "Lý Nhân" not in found   # places, not people
