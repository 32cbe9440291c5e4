"""Deadlines to calendar dates: what needs facts beyond the words of the text.

* month "2021-07" → its last day; quarter "2020-Q1" → the last day of the quarter;
* N working days after the issue date, skipping Saturdays, Sundays and Vietnamese public
  holidays (Tết, the compensatory days and the Saturdays made working days) as the maintained
  ``holidays`` library lists them, never a list of our own;
* N calendar days after the issue date;
* recurring dates ("05/6 và 05/12 hàng năm") → the next occurrence on or after the as-of date
  (or the issue date).

When the anchor is unknown the deadline stays relative and ``reason`` says why, in Vietnamese,
so that the app can show it; once a meta file or a later document supplies the date, the same
deadline resolves.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from functools import lru_cache

import holidays

from loaders.extract.dates import add_months, make_date, month_end, quarter_end
from loaders.extract.model import Deadline

COUNTRY = "VN"

NO_ISSUE_DATE = "Chưa rõ ngày ban hành: thời hạn tính từ ngày ban hành nên chưa quy ra ngày được."
NO_RECEIPT_DATE = "Chưa rõ ngày nhận văn bản: thời hạn tính từ ngày nhận nên chưa quy ra ngày được."
NO_EFFECTIVE_DATE = ("Chưa rõ ngày văn bản có hiệu lực: thời hạn tính từ ngày có hiệu lực "
                     "nên chưa quy ra ngày được.")
NO_ANCHOR = "Chưa rõ mốc tính thời hạn: văn bản không nói tính từ ngày nào nên chưa quy ra ngày được."
NO_REFERENCE_DATE = ("Chưa rõ ngày ban hành: thời hạn lặp lại hằng năm nên cần một mốc ngày "
                     "để tính lần đến hạn tiếp theo.")
UNREADABLE = "Không đọc được thời hạn: {value}."

_ANCHOR_REASONS = {"issue": NO_ISSUE_DATE, "receipt": NO_RECEIPT_DATE, "effective": NO_EFFECTIVE_DATE}

# Months between two due dates of a recurring task.
RECURRENCE_MONTHS = {"monthly": 1, "quarterly": 3, "half-yearly": 6, "yearly": 12}

_MONTH = re.compile(r"(\d{4})-(\d{2})")
_QUARTER = re.compile(r"(\d{4})-Q([1-4])")
_MONTH_DAY = re.compile(r"(\d{2})-(\d{2})")


@lru_cache(maxsize=32)
def _calendar(first_year: int, last_year: int) -> holidays.HolidayBase:
    # All years loaded up front: the library's weekend working days (ngày làm bù) are only
    # known for the years it has populated.
    return holidays.country_holidays(COUNTRY, years=range(first_year, last_year + 1))


def holiday_calendar(start: date, end: date) -> holidays.HolidayBase:
    """Vietnamese public holidays covering ``start`` to ``end`` (from the ``holidays`` library)."""
    return _calendar(start.year, end.year)


def is_working_day(day: date) -> bool:
    return holiday_calendar(day, day).is_working_day(day)


def add_working_days(start: date, count: int) -> date:
    """The ``count``-th working day after ``start`` (``start`` itself is day 0, not counted).

    5 working days from Friday 2021-11-19 is Friday 2021-11-26.
    """
    if count < 0:
        raise ValueError(f"working days must not be negative: {count}")
    # A generous horizon: two calendar days per working day, plus Tết.
    horizon = start + timedelta(days=2 * count + 30)
    return holiday_calendar(start, horizon).get_nth_working_day(start, count) if count else start


def _as_date(value: date | str | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def next_recurring(month_days: list[str], reference: date) -> date | None:
    """The first of ``["06-05", "12-05"]`` (month-day) that falls on or after ``reference``."""
    best: date | None = None
    for item in month_days:
        m = _MONTH_DAY.fullmatch(item)
        if m is None:
            continue
        month, day = int(m[1]), int(m[2])
        for year in range(reference.year, reference.year + 9):   # 29/02 waits for a leap year
            candidate = make_date(year, month, day)
            if candidate is not None and candidate >= reference:
                best = candidate if best is None else min(best, candidate)
                break
    return best


def resolve_deadline(d: Deadline, issue_date: date | str | None, as_of: date | str | None = None) -> Deadline:
    """A copy of ``d`` with ``date`` filled where the facts allow, else ``reason`` saying why not.

    ``issue_date`` is the assigning document's date (from its text, its meta file or a later
    document); ``as_of`` picks the occurrence of a recurring deadline (default: the issue date).
    An ISO string is accepted for either.  A deadline that already has a date is returned as is.
    """
    issued, as_of_day = _as_date(issue_date), _as_date(as_of)
    if d.date:
        return replace(d)
    try:
        if d.month:
            m = _MONTH.fullmatch(d.month)
            if m is None or not 1 <= int(m[2]) <= 12:
                return replace(d, reason=UNREADABLE.format(value=d.month))
            return replace(d, date=month_end(int(m[1]), int(m[2])).isoformat(), reason=None)
        if d.quarter:
            m = _QUARTER.fullmatch(d.quarter)
            if m is None:
                return replace(d, reason=UNREADABLE.format(value=d.quarter))
            return replace(d, date=quarter_end(int(m[1]), int(m[2])).isoformat(), reason=None)
    except ValueError:      # a year the calendar cannot hold
        return replace(d, reason=UNREADABLE.format(value=d.month or d.quarter))

    if d.working_days is not None or d.days is not None:
        if d.anchor != "issue" or issued is None:
            return replace(d, date=None, reason=_ANCHOR_REASONS.get(d.anchor or "", NO_ANCHOR))
        if d.working_days is not None:
            due = add_working_days(issued, d.working_days)
        else:
            due = issued + timedelta(days=d.days or 0)
        return replace(d, date=due.isoformat(), reason=None)

    if d.recurring:
        reference = as_of_day or issued
        if reference is None:
            return replace(d, date=None, reason=NO_REFERENCE_DATE)
        due = next_recurring(d.recurring, reference)
        if due is None:
            return replace(d, reason=UNREADABLE.format(value=", ".join(d.recurring)))
        return replace(d, date=due.isoformat(), reason=None)

    return replace(d)


def next_due(recurrence: str | None, anchor_date: date | str | None,
             as_of: date | str | None = None) -> date | None:
    """The next due date of a recurring task on or after ``as_of`` (default today).

    Due dates fall every period after ``anchor_date`` (usually the assigning document's date):
    yearly, half-yearly, quarterly or monthly; the first one is one period after the anchor.
    None for "periodic" (no period given), an unknown recurrence or an unknown anchor.
    """
    months = RECURRENCE_MONTHS.get(recurrence or "")
    anchor, when = _as_date(anchor_date), _as_date(as_of) or date.today()
    if months is None or anchor is None:
        return None
    elapsed = (when.year - anchor.year) * 12 + (when.month - anchor.month)
    k = max(1, elapsed // months - 1)
    while (due := add_months(anchor, k * months)) < when:
        k += 1
    return due
