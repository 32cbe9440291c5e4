"""Calendar dates written the Vietnamese way, found and validated.

Forms: "28/9/2021", "22-5-2020", "28.9.2021", "ngày 17 tháng 11 năm 2021", and the
year-less "30/6", "ngày 05 tháng 6".  Nothing here raises on bad input: an
impossible date ("31/02/2021", "tháng 13") is simply not a date.

Pure calendar arithmetic (end of a month, of a quarter, adding months) lives here
too, because it needs no outside facts; holidays are the resolve step's business.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

MIN_YEAR, MAX_YEAR = 1900, 2100

# "28/9/2021", "28 / 9 / 2021", "22-5-2020", "28.9.2021"; year-less "30/6".
# A year-less date must not be the head of a longer number ("05/6/21", "7/2021").
_NUMERIC = re.compile(
    r"(?<![\d/.-])(?P<d>\d{1,2})[ \t]*(?P<s>[/.-])[ \t]*(?P<m>\d{1,2})"
    r"(?:[ \t]*(?P=s)[ \t]*(?P<y>\d{4})(?!\d)|(?![ \t]*[/.-][ \t]*\d|\d))"
)
# "ngày 17 tháng 11 năm 2021", "ngày 05 tháng 6"; the word "ngày" is required in running text.
_WORDY = re.compile(
    r"\bngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})(?:\s*,?\s*năm\s+(?P<y>\d{4}))?(?!\d)",
    re.IGNORECASE,
)
_WORDY_BARE = re.compile(
    r"(?:ngày\s+)?(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})(?:\s*,?\s*năm\s+(?P<y>\d{4}))?",
    re.IGNORECASE,
)
_AFTER_NGAY = re.compile(r"ngày\s*$", re.IGNORECASE)
_ISO = re.compile(r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})")
_DATE_PREFIX = re.compile(r"^\s*(?:ngày\s+)?", re.IGNORECASE)
_TRAILING = re.compile(r"[\s.,;:)]*$")

# "tháng 7/2021", "tháng 7 năm 2021", "7/2021", "07-2021"
_MONTH = re.compile(
    r"^\s*(?:trong\s+)?(?:tháng\s*)?(?P<m>\d{1,2})\s*(?:[/.-]\s*|\s+năm\s+)(?P<y>\d{4})[\s.,;]*$",
    re.IGNORECASE,
)


def make_date(year: int | None, month: int | None, day: int | None) -> date | None:
    """A real calendar date, or None (31/02, month 13, year 0 ...)."""
    if year is None or month is None or day is None:
        return None
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def valid_month_day(month: int, day: int) -> bool:
    """True when day/month exists in some year (29/02 included)."""
    return make_date(2000, month, day) is not None


@dataclass(frozen=True)
class DateMention:
    """A date written in a text; ``year`` is None for "30/6"."""

    start: int
    end: int
    day: int
    month: int
    year: int | None

    def to_date(self, default_year: int | None = None) -> date | None:
        return make_date(self.year if self.year is not None else default_year, self.month, self.day)

    @property
    def valid(self) -> bool:
        if self.year is None:
            return valid_month_day(self.month, self.day)
        return self.to_date() is not None


def find_date_mentions(text: str) -> list[DateMention]:
    """Every date written in ``text``, year-less and impossible ones included, by position.

    A year-less numeric date counts only with "/" ("30/6") or after the word "ngày"
    ("ngày 30-6"): "3.1" is a heading number and "2-3" a range, not dates.
    """
    found: list[DateMention] = []
    for m in _WORDY.finditer(text):
        found.append(DateMention(m.start(), m.end(), int(m["d"]), int(m["m"]),
                                 int(m["y"]) if m["y"] else None))
    taken = [(d.start, d.end) for d in found]
    for m in _NUMERIC.finditer(text):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        after_ngay = _AFTER_NGAY.search(text, max(0, m.start() - 8), m.start())
        if m["y"] is None and m["s"] != "/" and not after_ngay:
            continue
        found.append(DateMention(m.start(), m.end(), int(m["d"]), int(m["m"]),
                                 int(m["y"]) if m["y"] else None))
    return sorted(found, key=lambda d: d.start)


def find_dates(text: str) -> list[tuple[int, int, date]]:
    """Complete, valid dates in ``text`` as (start, end, date), by position."""
    out = []
    for mention in find_date_mentions(text):
        if mention.year is not None and (value := mention.to_date()) is not None:
            out.append((mention.start, mention.end, value))
    return out


def parse_date(text: str) -> date | None:
    """The date that ``text`` is: "28/9/2021", "ngày 17 tháng 11 năm 2021", "2021-09-28"; else None."""
    if not text:
        return None
    value = _TRAILING.sub("", _DATE_PREFIX.sub("", text))
    if m := _ISO.fullmatch(value):
        return make_date(int(m["y"]), int(m["m"]), int(m["d"]))
    m = _NUMERIC.fullmatch(value) or _WORDY_BARE.fullmatch(value)
    if m is None or m["y"] is None:
        return None
    return make_date(int(m["y"]), int(m["m"]), int(m["d"]))


def parse_month(text: str) -> str | None:
    """ "tháng 7/2021", "tháng 7 năm 2021", "07-2021" → "2021-07"; else None."""
    m = _MONTH.match(text or "")
    if m is None:
        return None
    year, month = int(m["y"]), int(m["m"])
    if not (1 <= month <= 12 and MIN_YEAR <= year <= MAX_YEAR):
        return None
    return f"{year:04d}-{month:02d}"


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def quarter_end(year: int, quarter: int) -> date:
    return month_end(year, 3 * quarter)


def add_months(value: date, months: int) -> date:
    """Same day ``months`` later, clamped to the month's end (31/1 + 1 month → 28/2)."""
    index = value.year * 12 + value.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(value.day, calendar.monthrange(year, month)[1]))
