"""Meetings a text reports: date, kind, chairs and attendees.

"Ngày 22/7/2021, ... tổ chức Hội nghị giao ban ...", "Sáng ngày 17/11/2021, Tỉnh ủy Hà Nam tổ chức hội
nghị đối thoại ...", "Ngày 29/6/2021, Ban Chấp hành Đảng bộ tỉnh họp ...".  The kind is named from a
small canonical list (the words after "Hội nghị" and the title "Tại Hội nghị ..."), so that a notice
and a news article about the same meeting name it the same way.
"""

from __future__ import annotations

import re

from loaders.extract.dates import parse_date
from loaders.extract.model import Meeting, OrganRef, Person, Span
from loaders.extract.structure import Layout
from loaders.text import normalize

_OPENING = re.compile(
    r"(?:^|\n|\.\s)\s*(?:(?:Sáng|Chiều|Tối|Trưa|Trong)\s+(?:ngày\s+)?|(?:ngày|Ngày)\s+)"
    r"(?P<date>\d{1,2}\s*[/.-]\s*\d{1,2}(?:\s*[/.-]\s*\d{4})?|\d{1,2}\s+tháng\s+\d{1,2}(?:\s+năm\s+\d{4})?)"
    r"\s*,\s*(?P<rest>[^\n]{0,400})"
)
_HELD = re.compile(r"\b(?:tổ chức|họp|đã họp|chủ trì|khai mạc|diễn ra|làm việc|buổi làm việc|thảo luận|cho ý kiến)\b", re.IGNORECASE)
_ISSUED = re.compile(r"\b(?:ban hành|đã ký|ký ban hành|có văn bản|gửi văn bản)\b", re.IGNORECASE)
_SESSION = re.compile(r"Kỳ họp thứ\s+(?P<n>\d+|[IVXLC]+)[^.\n]{0,80}?(?:thông qua|khai mạc|bế mạc|họp)\s+(?:vào\s+)?ngày\s+"
                      r"(?P<date>\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4})")
# Canonical meeting kinds, most specific first: (pattern over the sentence, canonical kind).
_KINDS = [
    (r"đối thoại", "Hội nghị đối thoại"),
    (r"giao ban", "Hội nghị giao ban"),
    (r"Ban Chấp hành Đảng bộ (?:tỉnh|thành phố)[^.]{0,40}\bhọp|Hội nghị (?:lần thứ \S+ )?Ban Chấp hành", "Hội nghị Ban Chấp hành"),
    (r"Ban Thường vụ[^.]{0,40}\bhọp|Hội nghị Ban Thường vụ", "Hội nghị Ban Thường vụ"),
    (r"sơ kết", "Hội nghị sơ kết"),
    (r"tổng kết", "Hội nghị tổng kết"),
    (r"hội thảo", "Hội thảo"),
    (r"tọa đàm", "Tọa đàm"),
    (r"làm việc với|buổi làm việc", "Buổi làm việc"),
    (r"phiên họp", "Phiên họp"),
    (r"kỳ họp", "Kỳ họp"),
    (r"hội nghị", "Hội nghị"),
    (r"\bhọp\b", "Cuộc họp"),
]
_ATTEND = re.compile(r"(?:Tham dự|Dự hội nghị|Cùng dự|Dự họp|Tham gia)[^.:]{0,120}?(?:có|:)\s*", re.IGNORECASE)
_CHAIR_POST = re.compile(
    r"đồng chí\s+(?P<post>(?:Phó\s+)?(?:Bí thư|Chủ tịch)(?:\s+Thường trực)?\s+[^,;.]{2,40}?)\s+(?:thay mặt|chủ trì|tổ chức)",
    re.IGNORECASE,
)


def _kind(sentence: str, title: str | None) -> str:
    for source in (sentence, title or ""):
        for pattern, kind in _KINDS:
            if re.search(pattern, source, re.IGNORECASE):
                return kind
    return "Hội nghị"


def _date_with_year(written: str, year: int | None):
    d = parse_date(written)
    if d is None and year:
        d = parse_date(f"{written.strip()}/{year}") if "tháng" not in written else parse_date(f"{written} năm {year}")
    return d


def find_meetings(text: str, lay: Layout, organs: list[OrganRef], people: list[Person],
                  title: str | None, year: int | None = None) -> list[Meeting]:
    out: list[Meeting] = []
    body = text[:lay.body_end]
    for m in _SESSION.finditer(body):
        d = parse_date(m.group("date"))
        if d:
            out.append(Meeting(date=d.isoformat(), kind="Kỳ họp", span=Span(m.start(), m.end())))
    for m in _OPENING.finditer(body):
        rest = m.group("rest")
        sentence_end = m.start("rest") + (re.search(r"\.\s|$", rest).start())
        sentence = body[m.start("date"):sentence_end]
        held = _HELD.search(sentence)
        if not held or _ISSUED.search(sentence, 0, held.start()):
            continue   # "Ngày 01/3, UBND tỉnh ban hành Công văn ... chỉ đạo tổ chức ...": a document, not a meeting
        d = _date_with_year(m.group("date"), year)
        if not d:
            continue
        meeting = Meeting(date=d.isoformat(), kind=_kind(sentence, title),
                          span=Span(m.start("date"), sentence_end))
        para_end = body.find("\n", sentence_end)
        para_end = len(body) if para_end < 0 else para_end
        scope = body[m.start("date"):para_end]
        chair = _CHAIR_POST.search(sentence)
        if chair:
            meeting.chairs.append(normalize(chair.group("post")))
        if re.search(r"chủ trì", scope):
            for p in people:
                if p.span and m.start("date") <= p.span.start < para_end and p.name not in meeting.chairs:
                    meeting.chairs.append(p.name)
        att = _ATTEND.search(scope)
        if att:
            a_start = m.start("date") + att.end()
            a_end = body.find(".", a_start)
            a_end = para_end if a_end < 0 else min(a_end, para_end)
            seen: set[str] = set()
            for o in organs:
                if o.span and a_start <= o.span.start < a_end and o.organ_id not in seen:
                    seen.add(o.organ_id)
                    meeting.attendees.append(o)
        if not any(x.date == meeting.date and x.kind == meeting.kind for x in out):
            out.append(meeting)
    return out
