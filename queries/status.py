"""Status of a task as of a date, in the four states the tracking systems use, plus "no deadline".

The government's task tracking (Quyết định 42/2014/QĐ-TTg) and the party's (Quy chế 08-QC/TW)
report each task as done on time, done late, open within the deadline, or open and overdue.

A task is done only when a later document reports on it: the caller passes ``done_date`` from
a ``dkg:fulfils`` link (the report's date) or from a meta file marking it done.  Nothing here
guesses completion from dates alone.  A report dated after ``as_of`` did not exist yet on that
day, so as of that day the task is still open.
"""

from __future__ import annotations

from datetime import date

DONE_ON_TIME = "done_on_time"
DONE_LATE = "done_late"
OPEN_ON_TRACK = "open"
OPEN_OVERDUE = "overdue"
NO_DEADLINE = "no_deadline"
DEADLINE_UNRESOLVED = "deadline_unresolved"   # a deadline the text gives but that is not a date yet

STATUSES = (DONE_ON_TIME, DONE_LATE, OPEN_ON_TRACK, OPEN_OVERDUE, NO_DEADLINE, DEADLINE_UNRESOLVED)

STATUS_LABELS_VI = {
    DONE_ON_TIME: "Hoàn thành đúng hạn",
    DONE_LATE: "Hoàn thành quá hạn",
    OPEN_ON_TRACK: "Đang thực hiện trong hạn",
    OPEN_OVERDUE: "Quá hạn chưa hoàn thành",
    NO_DEADLINE: "Không có thời hạn",
    DEADLINE_UNRESOLVED: "Thời hạn chưa quy ra ngày",
}


def _as_date(value: date | str | None, name: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(f"{name}: not an ISO date: {value!r}") from exc


def task_status(deadline_date: date | str | None, done_date: date | str | None, as_of: date | str,
                relative_deadline: bool = False) -> str:
    """One of DONE_ON_TIME, DONE_LATE, OPEN_ON_TRACK, OPEN_OVERDUE, NO_DEADLINE.

    * done (``done_date`` on or before ``as_of``): on time when done on or before the deadline,
      late after it; a done task with no deadline counts as done on time (it cannot be late);
    * open: DEADLINE_UNRESOLVED when the text gives a deadline that is not a date yet
      (``relative_deadline``: "45 ngày làm việc kể từ ngày ban hành" with no issue date), NO_DEADLINE
      without any deadline,
      OPEN_ON_TRACK up to and including the deadline day, OPEN_OVERDUE from the day after.
    ISO strings are accepted; anything else that is not a date raises ValueError naming the argument.
    """
    deadline = _as_date(deadline_date, "deadline_date")
    done = _as_date(done_date, "done_date")
    when = _as_date(as_of, "as_of")
    if when is None:
        raise ValueError("as_of: a date is required")
    if done is not None and done <= when:
        if deadline is None or done <= deadline:
            return DONE_ON_TIME
        return DONE_LATE
    if deadline is None:
        return DEADLINE_UNRESOLVED if relative_deadline else NO_DEADLINE
    return OPEN_ON_TRACK if when <= deadline else OPEN_OVERDUE


def status_label(status: str) -> str:
    """The Vietnamese label of a status constant."""
    return STATUS_LABELS_VI[status]
