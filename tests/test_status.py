"""Task status as of a date: every branch, and tasks moving between states as the date passes."""

from __future__ import annotations

from datetime import date

import pytest

from loaders.extract.deadlines import parse_deadline
from loaders.resolve.deadlines import resolve_deadline
from loaders.text import analysis_form
from queries.status import (
    DONE_LATE,
    DONE_ON_TIME,
    NO_DEADLINE,
    OPEN_ON_TRACK,
    OPEN_OVERDUE,
    STATUS_LABELS_VI,
    STATUSES,
    status_label,
    task_status,
)

DEADLINE = date(2021, 7, 31)


@pytest.mark.parametrize("deadline, done, as_of, expected", [
    (DEADLINE, date(2021, 7, 20), date(2021, 8, 15), DONE_ON_TIME),
    (DEADLINE, DEADLINE, DEADLINE, DONE_ON_TIME),                     # done on the last day
    (DEADLINE, date(2021, 8, 2), date(2021, 8, 15), DONE_LATE),
    (DEADLINE, None, date(2021, 7, 1), OPEN_ON_TRACK),
    (DEADLINE, None, DEADLINE, OPEN_ON_TRACK),                        # the deadline day is still in time
    (DEADLINE, None, date(2021, 8, 1), OPEN_OVERDUE),
    (None, None, date(2021, 8, 1), NO_DEADLINE),
    (None, date(2021, 7, 20), date(2021, 8, 1), DONE_ON_TIME),        # cannot be late without a deadline
])
def test_every_branch(deadline, done, as_of, expected):
    assert task_status(deadline, done, as_of) == expected


def test_a_report_after_the_as_of_date_does_not_count_yet():
    # reported done on 5/8 (late); on 1/8 nobody knew: it was open and overdue
    assert task_status(DEADLINE, date(2021, 8, 5), date(2021, 8, 1)) == OPEN_OVERDUE
    assert task_status(DEADLINE, date(2021, 8, 5), date(2021, 8, 5)) == DONE_LATE
    # reported on 20/7 (on time); on 10/7 it was open within the deadline
    assert task_status(DEADLINE, date(2021, 7, 20), date(2021, 7, 10)) == OPEN_ON_TRACK
    assert task_status(None, date(2021, 7, 20), date(2021, 7, 10)) == NO_DEADLINE


def test_iso_strings_are_accepted_and_bad_values_are_named():
    assert task_status("2021-07-31", "2021-08-02", "2021-09-01") == DONE_LATE
    with pytest.raises(ValueError, match="deadline_date"):
        task_status("31/07/2021", None, date(2021, 8, 1))
    with pytest.raises(ValueError, match="as_of"):
        task_status(DEADLINE, None, None)


def test_open_task_becomes_done_on_time_once_a_report_arrives():
    """An assigning notice (month deadline) and a later report that fulfils it."""
    sentence = analysis_form("Ban Thường vụ Tỉnh đoàn báo cáo Thường trực Tỉnh ủy trong tháng 7/2021.")
    deadline = resolve_deadline(parse_deadline(sentence), date(2021, 7, 20))
    due = date.fromisoformat(deadline.date)
    report_date = date(2021, 7, 28)      # the date of the report that dkg:fulfils the task
    timeline = [(date(2021, 7, 21), None), (date(2021, 7, 27), None),
                (date(2021, 7, 28), report_date), (date(2021, 9, 1), report_date)]
    states = [task_status(due, done, as_of) for as_of, done in timeline]
    assert states == [OPEN_ON_TRACK, OPEN_ON_TRACK, DONE_ON_TIME, DONE_ON_TIME]


def test_working_day_task_becomes_overdue_as_the_as_of_date_passes():
    sentence = analysis_form("Thời gian thực hiện chậm nhất sau 5 ngày làm việc kể từ ngày ban hành.")
    parsed = parse_deadline(sentence)
    unresolved = resolve_deadline(parsed, None)
    assert task_status(unresolved.date, None, date(2021, 12, 1)) == NO_DEADLINE
    resolved = resolve_deadline(parsed, date(2021, 11, 19))
    due = date.fromisoformat(resolved.date)          # Friday 26/11/2021
    assert due == date(2021, 11, 26)
    assert task_status(due, None, date(2021, 11, 26)) == OPEN_ON_TRACK
    assert task_status(due, None, date(2021, 11, 27)) == OPEN_OVERDUE


def test_labels_in_vietnamese_for_every_status():
    assert set(STATUS_LABELS_VI) == set(STATUSES)
    assert STATUS_LABELS_VI == {
        "done_on_time": "Hoàn thành đúng hạn",
        "done_late": "Hoàn thành quá hạn",
        "open": "Đang thực hiện trong hạn",
        "overdue": "Quá hạn chưa hoàn thành",
        "no_deadline": "Không có thời hạn",
        "deadline_unresolved": "Thời hạn chưa quy ra ngày",
    }


def test_a_relative_deadline_not_yet_a_date_is_its_own_state():
    assert task_status(None, None, date(2022, 1, 1), relative_deadline=True) == "deadline_unresolved"
    assert task_status(None, None, date(2022, 1, 1)) == "no_deadline"
    assert task_status(None, date(2021, 12, 1), date(2022, 1, 1), relative_deadline=True) == "done_on_time"
    assert status_label(OPEN_OVERDUE) == "Quá hạn chưa hoàn thành"
