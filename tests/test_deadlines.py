"""Deadlines: dates in Vietnamese text, deadline forms, recurrences, and resolving them to dates."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import holidays
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from loaders.extract.dates import find_date_mentions, find_dates, parse_date, parse_month
from loaders.extract.deadlines import parse_deadline, parse_recurrence
from loaders.extract.model import Deadline
from loaders.resolve.deadlines import (
    NO_ISSUE_DATE,
    add_working_days,
    next_due,
    resolve_deadline,
)
from loaders.text import Text, analysis_form

SEEDS = Path("/work/shared/seeds")
if not SEEDS.is_dir():
    SEEDS = Path(__file__).resolve().parents[1] / "data" / "corpus"


def seed_sentence(name: str, starts_with: str) -> str:
    """The analysis form of the seed paragraph that begins with ``starts_with``."""
    path = SEEDS / name
    if not path.exists():
        pytest.skip(f"seed {name} not found in {SEEDS}")
    text = Text(str(path), path.read_text(encoding="utf-8"))
    for para in text.text.splitlines():
        if para.strip().startswith(analysis_form(starts_with)):
            return para
    raise AssertionError(f"no paragraph of {name} starts with {starts_with!r}")


def p(sentence: str, doc_year: int | None = None) -> Deadline | None:
    return parse_deadline(analysis_form(sentence), doc_year)


def library_working_days(start: date, count: int) -> date:
    """Independent count from the library's own holiday dates and weekend working days."""
    cal = holidays.country_holidays("VN", years=range(start.year, start.year + 2))
    day, done = start, 0
    while done < count:
        day += timedelta(days=1)
        working = day in cal.weekend_workdays if day.weekday() >= 5 else day not in cal
        done += working
    return day


# --- dates --------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("28/9/2021", date(2021, 9, 28)),
    ("22-5-2020", date(2020, 5, 22)),
    ("28.9.2021", date(2021, 9, 28)),
    ("ngày 17 tháng 11 năm 2021", date(2021, 11, 17)),
    ("Ngày 05 tháng 6 năm 2021", date(2021, 6, 5)),
    ("ngày 28/ 9 /2021.", date(2021, 9, 28)),
    ("2021-09-28", date(2021, 9, 28)),
])
def test_parse_date_forms(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["31/02/2021", "29/2/2021", "12/13/2021", "ngày 32 tháng 1 năm 2021",
                                  "30/6", "", "Thông báo số 677-TB/TU", "0/0/0000"])
def test_parse_date_rejects_what_is_not_a_real_full_date(text):
    assert parse_date(text) is None


def test_parse_date_accepts_leap_day_only_in_leap_years():
    assert parse_date("29/2/2020") == date(2020, 2, 29)
    assert parse_date("29/2/2021") is None


def test_find_dates_in_a_seed_sentence_with_symbols_and_numbering():
    sentence = seed_sentence("002_bccb50dbba11b639.txt", "Theo tinh thần Kết luận số 74-KL/TW")
    found = find_dates(sentence)
    assert [d for _, _, d in found] == [date(2020, 5, 22), date(2018, 7, 20)]
    start, end, _ = found[0]
    assert sentence[start:end] == "22/5/2020"


def test_find_date_mentions_keeps_year_less_dates_but_not_heading_numbers_or_ranges():
    text = "3.1. Giao ... trước ngày 05/6 và 05/12 hàng năm; 2-3 lần; nhiệm kỳ 2017-2022"
    mentions = find_date_mentions(text)
    assert [(m.day, m.month, m.year) for m in mentions] == [(5, 6, None), (5, 12, None)]


def test_find_dates_skips_impossible_dates():
    text = "ngày 31/02/2021 và ngày 28/02/2021"
    start = text.index("28/02")
    assert find_dates(text) == [(start, start + len("28/02/2021"), date(2021, 2, 28))]


@pytest.mark.parametrize("text, expected", [
    ("tháng 7/2021", "2021-07"), ("tháng 7 năm 2021", "2021-07"), ("07-2021", "2021-07"),
    ("trong tháng 12/2022", "2022-12"), ("tháng 13/2021", None), ("tháng 0/2021", None), ("tháng 7", None),
])
def test_parse_month(text, expected):
    assert parse_month(text) == expected


# --- deadline forms -------------------------------------------------------------------------------

@pytest.mark.parametrize("sentence, doc_year, expected_date, expected_text", [
    ("Các sở, ngành báo cáo kết quả về Ban Tổ chức Tỉnh ủy trước ngày 31/12/2021.", None,
     "2021-12-31", "trước ngày 31/12/2021"),
    ("Sở Nội vụ hoàn thành trước 15-8-2022.", None, "2022-08-15", "hoàn thành trước 15-8-2022"),
    ("Ban Tuyên giáo Tỉnh ủy tổng hợp, báo cáo chậm nhất ngày 05 tháng 6 năm 2021.", None,
     "2021-06-05", "chậm nhất ngày 05 tháng 6 năm 2021"),
    ("Văn phòng Tỉnh ủy xây dựng dự thảo, xong trước 30/6.", 2021, "2021-06-30", "xong trước 30/6"),
    ("Thời hạn hoàn thành: trước  ngày 30 / 9 / 2021.", None, "2021-09-30", None),
    ("Ủy ban nhân dân tỉnh chỉ đạo hoàn thành trong năm 2022.", None, "2022-12-31",
     "hoàn thành trong năm 2022"),
    ("Hoàn thành việc sáp nhập trước năm 2025.", None, "2024-12-31", None),
])
def test_absolute_and_year_deadlines(sentence, doc_year, expected_date, expected_text):
    d = p(sentence, doc_year)
    assert d is not None and d.date == expected_date
    assert d.text in analysis_form(sentence)
    if expected_text:
        assert d.text == analysis_form(expected_text)


def test_year_less_date_without_a_document_year_keeps_the_words_and_says_why():
    d = p("Văn phòng Tỉnh ủy xây dựng dự thảo, xong trước 30/6.")
    assert d is not None and d.date is None and d.text == "xong trước 30/6" and d.reason


def test_month_deadline_from_seed_003():
    sentence = seed_sentence("003_d1bd400ed74c462d.txt", "- Các cấp uỷ phải khẩn trương cập nhật")
    d = parse_deadline(sentence, 2021)
    assert d is not None
    assert d.month == "2021-07" and d.date == "2021-07-31" and d.text == "trong tháng 7/2021"


@pytest.mark.parametrize("sentence, doc_year, month", [
    ("Ban Thường vụ Tỉnh đoàn báo cáo kết quả TRONG THÁNG 7 NĂM 2021.", None, "2021-07"),
    ("Các huyện ủy hoàn thành trong tháng 9.", 2022, "2022-09"),
    ("Hoàn thành trước tháng 7/2021.", None, "2021-06"),       # before July: by the end of June
    ("Hoàn thành trước tháng 1/2022.", None, "2021-12"),
    ("Thời gian thực hiện: từ tháng 7/2021 đến tháng 12/2021.", None, "2021-12"),
])
def test_month_deadlines(sentence, doc_year, month):
    d = p(sentence, doc_year)
    assert d is not None and d.month == month


@pytest.mark.parametrize("sentence, doc_year, quarter", [
    ("Sở Tư pháp tổ chức sơ kết trong quý I/2020.", None, "2020-Q1"),
    ("Hoàn thành quý 3 năm 2022.", None, "2022-Q3"),
    ("Ban Dân vận Tỉnh ủy tổng kết trong quý IV.", 2021, "2021-Q4"),
    ("Hoàn thành trước quý I/2022.", None, "2021-Q4"),
])
def test_quarter_deadlines(sentence, doc_year, quarter):
    d = p(sentence, doc_year)
    assert d is not None and d.quarter == quarter


def test_half_year_only_when_phrased_as_a_deadline():
    sentence = seed_sentence("003_d1bd400ed74c462d.txt", "- Nắm sát tình hình, diễn biến")
    d = parse_deadline(sentence, 2021)
    assert d is not None and d.date == "2021-12-31" and "6 tháng cuối năm" in d.text
    assert p("Các sở hoàn thành trong 6 tháng đầu năm 2022.").date == "2022-06-30"
    # a period, not a deadline
    narrative = seed_sentence("003_d1bd400ed74c462d.txt", "Tuy nhiên, trong 6 tháng đầu năm")
    assert parse_deadline(narrative, 2021) is None
    assert p("1. Kết quả đạt được 6 tháng đầu năm", 2021) is None


def test_working_days_relative_deadline_from_seed_000():
    sentence = seed_sentence("000_13a6090d2288f5d4.txt", "Thời gian thực hiện chậm nhất")
    d = parse_deadline(sentence)
    assert d is not None
    assert d.working_days == 45 and d.anchor == "issue" and d.days is None and d.date is None
    assert d.text == "chậm nhất sau 45 ngày làm việc kể từ ngày ban hành"


@pytest.mark.parametrize("sentence, days, working, anchor", [
    ("Trong vòng 30 ngày kể từ ngày ký, các đơn vị gửi báo cáo.", 30, None, "issue"),
    ("Báo cáo trong vòng 15 (mười lăm) ngày làm việc, kể từ ngày nhận được văn bản.", None, 15, "receipt"),
    ("Chậm nhất 10 ngày làm việc kể từ ngày Quyết định này được ký ban hành.", None, 10, "issue"),
    ("Hoàn thành trong vòng 2 tuần kể từ ngày ban hành Thông báo.", 14, None, "issue"),
    ("Các đơn vị báo cáo trong vòng 20 ngày.", 20, None, None),
])
def test_relative_deadlines(sentence, days, working, anchor):
    d = p(sentence)
    assert d is not None
    assert (d.days, d.working_days, d.anchor) == (days, working, anchor)
    assert d.date is None


def test_recurring_dates():
    d = p("Các huyện ủy gửi báo cáo về Ban Thường vụ Tỉnh ủy trước ngày 05/6 và 05/12 hàng năm.")
    assert d is not None
    assert d.recurring == ["06-05", "12-05"] and d.date is None
    assert d.text == "trước ngày 05/6 và 05/12 hàng năm"
    assert p("Báo cáo trước ngày 15/12 hằng năm.").recurring == ["12-15"]


@pytest.mark.parametrize("sentence", [
    "Ngày 22/7/2021, Thường trực Tỉnh ủy tổ chức Hội nghị giao ban.",
    "Theo Kết luận số 74-KL/TW, ngày 22/5/2020 của Bộ Chính trị, tạm dừng việc sáp nhập.",
    "Trong tháng 7/2021, tỉnh đã tổ chức 20 hội nghị.",
    "Trong năm 2021, Tỉnh đoàn đã hoàn thành tốt nhiệm vụ.",
    "kết quả nổi bật của tỉnh đã đạt được trong năm 2021, nhất là công tác phòng, chống dịch.",
    "Có hiệu lực kể từ ngày 01/01/2022.",
    "Các huyện đã hoàn thành trước ngày 30/6/2021 việc rà soát.",
    "xin nghỉ hưu trước hạn.",
    "",
])
def test_no_deadline_without_a_deadline_cue(sentence):
    assert p(sentence, 2021) is None


def test_seed_sentences_with_dates_but_no_deadline():
    for name, start in [("002_bccb50dbba11b639.txt", "Ngày 22/7/2021"),
                        ("000_13a6090d2288f5d4.txt", "Ngày 17/11/2021"),
                        ("003_d1bd400ed74c462d.txt", "Ngày 29/6/2021")]:
        assert parse_deadline(seed_sentence(name, start), 2021) is None, start


@pytest.mark.parametrize("sentence", ["Báo cáo trước ngày 31/02/2021.", "Hoàn thành trong tháng 13/2021."])
def test_impossible_dates_give_no_date_and_no_exception(sentence):
    d = p(sentence)
    assert d is None or (d.date is None and d.month is None and d.reason)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="0123456789/.- ngàytháng nămquýIVtrướcchậm nhấthoàn thànhkể từ", max_size=80))
def test_parsers_never_raise(text):
    parse_deadline(text, 2021)
    parse_recurrence(text)
    parse_date(text)
    find_dates(text)


# --- recurrence -----------------------------------------------------------------------------------

@pytest.mark.parametrize("sentence, expected", [
    ("định kỳ hàng năm báo cáo Thường trực Tỉnh ủy về kết quả giám sát", "yearly"),
    ("Hằng năm, Ban Dân vận Tỉnh ủy tổng hợp, báo cáo.", "yearly"),
    ("Sở Nội vụ báo cáo hằng quý.", "quarterly"),
    ("Định kỳ hàng quý báo cáo Ủy ban nhân dân tỉnh.", "quarterly"),
    ("Các đơn vị báo cáo hàng tháng.", "monthly"),
    ("Tổ chức sơ kết 6 tháng một lần.", "half-yearly"),
    ("Định kỳ 6 tháng báo cáo Thường trực Tỉnh ủy.", "half-yearly"),
    ("Báo cáo 6 tháng, 1 năm về Ban Thường vụ Tỉnh ủy.", "half-yearly"),
    ("Báo cáo hằng quý, 6 tháng và hằng năm.", "quarterly"),    # the most frequent wins
    ("theo dõi, đôn đốc việc thực hiện các nội dung trên, định kỳ báo cáo Thường trực Tỉnh ủy.", "periodic"),
])
def test_recurrence_positives(sentence, expected):
    assert parse_recurrence(analysis_form(sentence)) == expected


@pytest.mark.parametrize("sentence", [
    "tình hình, kết quả lãnh đạo thực hiện nhiệm vụ 6 tháng đầu năm",
    "nhiệm vụ, giải pháp trọng tâm 6 tháng cuối năm 2021",
    "Nghị quyết năm 2021 của Tỉnh ủy",
    "sản xuất và tiêu thụ một số mặt hàng năm 2021 gặp khó khăn",
    "hỗ trợ tiền lương hằng tháng cho cán bộ",
    "",
])
def test_recurrence_negatives(sentence):
    assert parse_recurrence(analysis_form(sentence)) is None


def test_recurrence_in_seeds():
    monitor = seed_sentence("002_bccb50dbba11b639.txt", "Ban Dân vận Tỉnh ủy theo dõi")
    assert parse_recurrence(monitor) == "periodic"
    yearly = seed_sentence("000_13a6090d2288f5d4.txt", "4. Đồng chí Bí thư tỉnh ủy giao")
    assert parse_recurrence(yearly) == "yearly"
    assert parse_deadline(yearly) is None
    title = seed_sentence("003_d1bd400ed74c462d.txt", "KẾT LUẬN TẠI HỘI NGHỊ BAN CHẤP HÀNH")
    assert parse_recurrence(title) is None


# --- resolving --------------------------------------------------------------------------------------

def test_working_days_hand_checked():
    # Friday 19/11/2021: Mon 22, Tue 23, Wed 24, Thu 25, Fri 26.
    assert add_working_days(date(2021, 11, 19), 5) == date(2021, 11, 26)
    # Thursday 18/11/2021, across the weekend: Fri 19, Mon 22.
    assert add_working_days(date(2021, 11, 18), 2) == date(2021, 11, 22)
    # Tết Nhâm Dần: offices closed Sat 29/1 to Sun 6/2/2022.
    # From Wed 26/1: Thu 27, Fri 28, Mon 7, Tue 8, Wed 9.
    assert add_working_days(date(2022, 1, 26), 5) == date(2022, 2, 9)
    assert add_working_days(date(2021, 11, 19), 0) == date(2021, 11, 19)


def test_working_days_across_tet_follow_the_holiday_library():
    issued = date(2022, 1, 26)
    cal = holidays.country_holidays("VN", years=2022)
    tet = [day for day, name in cal.items() if "Lunar New Year" in name]
    assert tet, "the holidays library lists Tết for Vietnam"
    due = add_working_days(issued, 10)
    assert due == library_working_days(issued, 10)
    weekday_holidays = [d for d in tet if issued < d <= due and d.weekday() < 5]
    assert weekday_holidays, "the count crosses Tết"
    weekdays = sum(1 for i in range(1, (due - issued).days + 1) if (issued + timedelta(days=i)).weekday() < 5)
    assert weekdays - len(weekday_holidays) == 10


def test_working_days_honour_the_librarys_weekend_working_days():
    cal = holidays.country_holidays("VN", years=2019)
    swapped = sorted(d for d in cal.weekend_workdays if d.year == 2019)
    if not swapped:
        pytest.skip("this version of the holidays library lists no weekend working days for 2019")
    saturday = swapped[0]
    assert add_working_days(saturday - timedelta(days=1), 1) == saturday
    assert add_working_days(date(2019, 1, 2), 3) == library_working_days(date(2019, 1, 2), 3)


def test_relative_deadline_stays_relative_without_issue_date_and_resolves_from_meta(tmp_path):
    sentence = seed_sentence("000_13a6090d2288f5d4.txt", "Thời gian thực hiện chậm nhất")
    d = parse_deadline(sentence)
    unresolved = resolve_deadline(d, None)
    assert unresolved.date is None
    assert unresolved.reason == NO_ISSUE_DATE
    assert unresolved.reason == ("Chưa rõ ngày ban hành: thời hạn tính từ ngày ban hành "
                                 "nên chưa quy ra ngày được.")
    assert unresolved.working_days == 45 and unresolved.text == d.text

    meta = tmp_path / "000_13a6090d2288f5d4.meta.yaml"
    meta.write_text("province: Hà Nam\nkind: Thông báo\ndate: 2021-11-22\n", encoding="utf-8")
    issue_date = yaml.safe_load(meta.read_text(encoding="utf-8"))["date"]
    resolved = resolve_deadline(unresolved, issue_date)
    assert resolved.reason is None
    assert resolved.date == library_working_days(date(2021, 11, 22), 45).isoformat()
    assert resolved.working_days == 45 and resolved.anchor == "issue"   # the words and form are kept
    assert d.date is None                                                # the input is not changed


def test_calendar_days_and_other_anchors():
    d = p("Trong vòng 30 ngày kể từ ngày ký, các đơn vị gửi báo cáo.")
    assert resolve_deadline(d, date(2021, 12, 15)).date == "2022-01-14"
    assert resolve_deadline(d, "2021-12-15").date == "2022-01-14"
    receipt = resolve_deadline(p("Báo cáo trong vòng 15 ngày làm việc kể từ ngày nhận được văn bản."),
                               date(2021, 12, 15))
    assert receipt.date is None and "ngày nhận" in receipt.reason
    bare = resolve_deadline(p("Các đơn vị báo cáo trong vòng 20 ngày."), date(2021, 12, 15))
    assert bare.date is None and bare.reason


@pytest.mark.parametrize("deadline, expected", [
    (Deadline(text="trong tháng 7/2021", month="2021-07"), "2021-07-31"),
    (Deadline(text="trong tháng 2/2020", month="2020-02"), "2020-02-29"),
    (Deadline(text="trong tháng 2/2021", month="2021-02"), "2021-02-28"),
    (Deadline(text="trong quý I/2020", quarter="2020-Q1"), "2020-03-31"),
    (Deadline(text="quý 3 năm 2022", quarter="2022-Q3"), "2022-09-30"),
    (Deadline(text="trong quý IV/2021", quarter="2021-Q4"), "2021-12-31"),
    (Deadline(text="trước ngày 31/12/2021", date="2021-12-31"), "2021-12-31"),
])
def test_month_quarter_and_fixed_dates_resolve_without_an_issue_date(deadline, expected):
    assert resolve_deadline(deadline, None).date == expected


def test_parse_then_resolve_month_and_quarter():
    assert resolve_deadline(p("báo cáo trong tháng 7/2021."), None).date == "2021-07-31"
    assert resolve_deadline(p("tổ chức sơ kết trong quý I/2020."), None).date == "2020-03-31"


def test_recurring_dates_resolve_to_the_next_occurrence():
    d = p("Các huyện ủy gửi báo cáo trước ngày 05/6 và 05/12 hàng năm.")
    assert resolve_deadline(d, date(2021, 3, 1)).date == "2021-06-05"
    assert resolve_deadline(d, date(2021, 3, 1), as_of=date(2021, 7, 1)).date == "2021-12-05"
    assert resolve_deadline(d, None, as_of=date(2021, 12, 6)).date == "2022-06-05"
    assert resolve_deadline(d, None, as_of=date(2021, 6, 5)).date == "2021-06-05"
    unknown = resolve_deadline(d, None)
    assert unknown.date is None and unknown.reason
    leap = resolve_deadline(Deadline(text="ngày 29/2 hằng năm", recurring=["02-29"]), date(2021, 3, 1))
    assert leap.date == "2024-02-29"


@pytest.mark.parametrize("recurrence, anchor, as_of, expected", [
    ("yearly", date(2021, 11, 17), date(2022, 3, 1), date(2022, 11, 17)),
    ("yearly", date(2021, 11, 17), date(2022, 11, 17), date(2022, 11, 17)),
    ("yearly", date(2021, 11, 17), date(2022, 11, 18), date(2023, 11, 17)),
    ("yearly", date(2021, 11, 17), date(2021, 11, 17), date(2022, 11, 17)),   # first due one period on
    ("half-yearly", date(2021, 7, 20), date(2021, 7, 21), date(2022, 1, 20)),
    ("quarterly", date(2021, 1, 31), date(2021, 5, 1), date(2021, 7, 31)),
    ("monthly", date(2021, 1, 31), date(2021, 2, 1), date(2021, 2, 28)),
    ("monthly", date(2021, 1, 31), date(2021, 3, 1), date(2021, 3, 31)),
    ("periodic", date(2021, 1, 1), date(2021, 3, 3), None),
    ("yearly", None, date(2021, 3, 3), None),
    (None, date(2021, 1, 1), date(2021, 3, 3), None),
])
def test_next_due(recurrence, anchor, as_of, expected):
    assert next_due(recurrence, anchor, as_of) == expected
