"""Meetings a text reports: date, kind, chairs and attendees."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.extract import extract
from loaders.extract.model import Meeting
from loaders.text import Text

SEEDS = Path("/work/shared/seeds")
if not SEEDS.is_dir():
    SEEDS = Path(__file__).resolve().parents[1] / "data" / "corpus"


def meetings(source: str) -> list[Meeting]:
    return extract(Text("doc.txt", source)).meetings


def seed_meetings(name: str) -> list[Meeting]:
    path = next(SEEDS.glob(f"{name}*.txt"), None)
    if path is None:
        pytest.skip(f"seed {name} not found under {SEEDS}")
    return extract(Text(path.name, path.read_text(encoding="utf-8"))).meetings


@pytest.mark.parametrize(("seed", "date", "kind"), [
    ("000", "2021-11-17", "Hội nghị đối thoại"),
    ("001", "2021-11-17", "Hội nghị đối thoại"),
    ("002", "2021-07-22", "Hội nghị giao ban"),
    ("003", "2021-06-29", "Hội nghị Ban Chấp hành"),
])
def test_seed_meetings(seed: str, date: str, kind: str) -> None:
    assert (date, kind) in [(m.date, m.kind) for m in seed_meetings(seed)]


def test_seed_chairs_of_the_news_article() -> None:
    chairs = next(m for m in seed_meetings("001") if m.date == "2021-11-17").chairs
    assert "Lê Thị Thủy" in chairs and "Trương Quốc Huy" in chairs


@pytest.mark.parametrize(("source", "date", "kind"), [
    ("THÔNG BÁO\n\nNgày 03/6/2022, Ban Thường vụ Thành ủy họp nghe Ban cán sự đảng Ủy ban nhân dân thành phố "
     "báo cáo tình hình cải cách hành chính.\n", "2022-06-03", "Hội nghị Ban Thường vụ"),
    ("THÔNG BÁO\n\nNgày 15 tháng 3 năm 2023, Tỉnh ủy Nghệ An tổ chức Hội nghị tổng kết công tác dân vận năm "
     "2022.\n", "2023-03-15", "Hội nghị tổng kết"),
    ("THÔNG BÁO\n\nChiều ngày 20/9/2022, Ủy ban nhân dân tỉnh Quảng Ninh tổ chức hội thảo về chuyển đổi số.\n",
     "2022-09-20", "Hội thảo"),
])
def test_meeting_openings(source: str, date: str, kind: str) -> None:
    assert [(m.date, m.kind) for m in meetings(source)] == [(date, kind)]


def test_chair_named_with_honorific_in_the_opening() -> None:
    found = meetings("Tin hoạt động\n\nSáng ngày 25/8/2023, Tỉnh ủy Đắk Lắk tổ chức Hội nghị sơ kết 5 năm thực "
                     "hiện Chỉ thị. Ông Nguyễn Đình Trung - Ủy viên Trung ương Đảng, Bí thư Tỉnh ủy chủ trì hội "
                     "nghị.\n")
    assert [(m.date, m.kind) for m in found] == [("2023-08-25", "Hội nghị sơ kết")]
    assert "Nguyễn Đình Trung" in found[0].chairs


def test_attendees_are_organs() -> None:
    found = meetings("THÔNG BÁO\n\nNgày 22/7/2022, Thường trực Tỉnh ủy tổ chức Hội nghị giao ban. Tham dự Hội "
                     "nghị có: lãnh đạo Ban Dân vận Tỉnh ủy, Ủy ban Mặt trận Tổ quốc tỉnh, Sở Nội vụ.\n")
    names = [o.name for o in found[0].attendees]
    assert {"Ban Dân vận Tỉnh ủy", "Ủy ban Mặt trận Tổ quốc tỉnh", "Sở Nội vụ"} <= set(names)


def test_a_date_that_opens_no_meeting() -> None:
    assert meetings("THÔNG BÁO\n\nNgày 30/6/2022, số hồ sơ trực tuyến toàn trình đạt 45%.\n") == []


# --- behaviour that fails today ---------------------------------------------------------------------

@pytest.mark.parametrize(("source", "date"), [
    ("Tin hoạt động\n\nCập nhật: 26/8/2023\n\nSáng 25/8/2023, Tỉnh ủy Đắk Lắk tổ chức Hội nghị sơ kết 5 năm thực "
     "hiện Chỉ thị số 27-CT/TW.\n", "2023-08-25"),
    ("Tin tức - Sự kiện\n\n14/01/2024\n\nChiều 12/1, Ban Tuyên giáo Tỉnh ủy Quảng Ninh tổ chức Hội nghị tổng kết "
     "công tác tuyên giáo năm 2023.\n", "2024-01-12"),
])
def test_news_opening_without_ngay(source: str, date: str) -> None:
    assert date in [m.date for m in meetings(source)]


def test_working_session() -> None:
    found = meetings("THÔNG BÁO\n\nNgày 28/10/2022, đồng chí Vũ Đại Thắng, Ủy viên Trung ương Đảng, Bí thư Tỉnh "
                     "ủy đã có buổi làm việc với Ban Thường vụ Huyện ủy Bố Trạch về tình hình thực hiện nhiệm vụ.\n")
    assert [(m.date, m.kind) for m in found] == [("2022-10-28", "Buổi làm việc")]


def test_council_session() -> None:
    found = meetings("NGHỊ QUYẾT\n\nNghị quyết này đã được Hội đồng nhân dân tỉnh Lâm Đồng Khóa X Kỳ họp thứ 12 "
                     "thông qua ngày 08 tháng 12 năm 2023 và có hiệu lực từ ngày 20 tháng 12 năm 2023./.\n")
    assert "2023-12-08" in [m.date for m in found]


def test_a_document_issued_on_a_date_is_no_meeting() -> None:
    text = ("Ngày 03/4/2023, UBND tỉnh ban hành Công văn số 845/UBND-TH chỉ đạo các sở, ngành tổ chức sơ kết "
            "việc thực hiện Chỉ thị số 05-CT/TW.\n")
    assert meetings(text) == []
