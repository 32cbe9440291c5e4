"""Deadlines and recurrences in a task sentence: text → ``Deadline`` (no outside facts).

A deadline is found only after a deadline cue ("trước", "chậm nhất", "hoàn thành",
"trong tháng", "trong quý", "thời hạn", "thời gian thực hiện", "xong trước",
"kể từ ..."), never on any date of the sentence: "Ngày 22/7/2021, Thường trực
Tỉnh ủy tổ chức ..." has none.  The ``text`` of a deadline is the exact words of the
sentence.  A month or quarter also gets its last day as ``date`` (the calendar is all it takes);
filling ``date`` where it needs outside facts (working days from the issue date, the next
recurring date) is ``loaders.resolve.deadlines``'s job.

Forms read here:

* absolute: "trước ngày 31/12/2021", "hoàn thành trước 15-8-2022",
  "chậm nhất ngày 05 tháng 6 năm 2021", "xong trước 30/6" (year from the document);
* month "trong tháng 7/2021" → month "2021-07"; quarter "trong quý I/2020" → "2020-Q1";
  "trước tháng 7/2021" → the month before;
* half-year "hoàn thành trong 6 tháng đầu năm 2022" → date 2022-06-30 (only after a firm cue:
  "trong 6 tháng đầu năm" alone is a period, not a deadline);
* year "trong năm 2022" → date 2022-12-31; "trước năm 2025" → 2024-12-31;
* relative "chậm nhất sau 45 ngày làm việc kể từ ngày ban hành" → working_days 45, anchor "issue";
  "trong vòng 30 ngày kể từ ngày ký" → days 30;
* recurring "trước ngày 05/6 và 05/12 hàng năm" → recurring ["06-05", "12-05"].
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from loaders.extract.dates import find_date_mentions, make_date, month_end, quarter_end, valid_month_day
from loaders.extract.model import Deadline
from loaders.extract.scan import Scanner
from loaders.text import new_tone_style

# --- cue words ----------------------------------------------------------------------------------
# Firm cues say "deadline" on their own; weak ones ("trong", "trước") also introduce periods
# and narrative ("Trong tháng 7/2021, tỉnh đã ..."), so they get an extra check.
FIRM_CUES = (
    "thời gian thực hiện", "thời gian hoàn thành", "thời hạn hoàn thành", "thời hạn thực hiện",
    "thời hạn báo cáo", "thời hạn", "hạn chót", "hạn cuối", "chậm nhất", "muộn nhất",
    "hoàn thành", "hoàn tất", "xong",
)
WEAK_CUES = ("trong vòng", "trong", "trước")
CONNECTORS = ("là", "vào", "ngày", "hết")


def _words(phrase: str) -> str:
    """Regex for a cue phrase: flexible spaces, and in whatever tone style ``loaders.text`` writes it."""
    spellings = dict.fromkeys((phrase, new_tone_style(phrase)))
    return "(?:" + "|".join(r"\s+".join(map(re.escape, p.split())) for p in spellings) + ")"


_CUE_ALT = "|".join(_words(c) for c in sorted(FIRM_CUES + WEAK_CUES + CONNECTORS, key=len, reverse=True))
_FIRM_RE = re.compile(r"\b(?:" + "|".join(_words(c) for c in FIRM_CUES) + r")\b", re.IGNORECASE)
_CUE_RE = re.compile(r"\b(?:" + "|".join(_words(c) for c in FIRM_CUES + WEAK_CUES) + r")\b", re.IGNORECASE)
# "thời gian thực hiện: từ tháng 7/2021 đến tháng 12/2021": the end of a range.
_RANGE = r"từ\s+[^,;.\n]{1,40}?\s+đến(?:\s+hết)?"
# A run of cue words and connectors ending right where the date/period begins.
_CHAIN = re.compile(r"(?:\b(?:" + _CUE_ALT + "|" + _RANGE + r")\s*[:,]?\s*)+\Z", re.IGNORECASE)
_CLAUSE_START = re.compile(r"(?:\A|[.;!?\n])[\s\-+•*\d.)]*\Z")
_THEN_COMMA = re.compile(r"\s*,")
# "...; trước ngày 21/9/2021, báo cáo Thường trực Tỉnh ủy": the clause after the comma is the duty.
_THEN_DUTY = re.compile(r"\s*,\s*(?:phải\s+|cần\s+)?(?:báo cáo|trình|gửi|hoàn thành|tổng hợp|nộp|hoàn tất)\b", re.IGNORECASE)
_DONE_JUST_BEFORE = re.compile(r"\b(?:đã|đã\s+được|vừa)\s*\Z", re.IGNORECASE)
_PAST = re.compile(r"\b(?:đã|vừa\s+qua|vừa)\b", re.IGNORECASE)

# --- periods --------------------------------------------------------------------------------------
_YEAR = r"(?P<y>\d{4})(?!\d)"
_MONTH_RE = re.compile(
    r"\btháng\s*(?P<m>\d{1,2})(?:\s*[/.-]\s*(?P<y>\d{4})(?!\d)|\s+năm\s+(?P<y2>\d{4})(?!\d)"
    r"|(?!\s*[/.-]?\s*\d))",
    re.IGNORECASE,
)
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
_QUARTER_RE = re.compile(
    r"\bquý\s*(?P<q>IV|I{1,3}|[1-4])\b(?:\s*(?:[/.-]|năm)\s*" + _YEAR + ")?",
    re.IGNORECASE,
)
_HALF_RE = re.compile(
    r"\b(?:6|06|sáu)\s+tháng\s+(?P<which>đầu|cuối)\s+năm\b(?:\s*" + _YEAR + ")?", re.IGNORECASE
)
_YEAR_RE = re.compile(r"\b(?:(?P<end>cuối)\s+)?năm\s*" + _YEAR, re.IGNORECASE)

# --- relative -------------------------------------------------------------------------------------
_REL_CUES = "|".join(_words(c) for c in ("chậm nhất", "muộn nhất", "tối đa", "không quá", "trong vòng",
                                          "trong thời hạn", "hoàn thành trong"))
_REL_LEAD = r"(?P<lead>(?:\b(?:" + _REL_CUES + r"|trong|sau|là)\s*[:,]?\s*)*)"
_REL_BODY = (r"(?P<n>\d{1,3})\s*(?:\([^()]{0,40}\)\s*)?(?P<unit>ngày|tuần)(?P<wd>\s+làm\s+việc)?")
_REL_ANCHOR = re.compile(
    _REL_LEAD + _REL_BODY
    + r"\s*,?\s*(?:kể|tính)\s+từ\s+(?:ngày\s+|khi\s+|thời\s+điểm\s+)?(?:[^\s,;.]+\s+){0,5}?"
    r"(?P<anchor>ký\s+ban\s+hành|ban\s+hành|ký|nhận\s+được|tiếp\s+nhận|có\s+hiệu\s+lực)\b",
    re.IGNORECASE,
)
_REL_BARE = re.compile(
    r"(?P<lead>\b(?:" + _REL_CUES + r")\s*[:,]?\s*(?:sau\s+)?)" + _REL_BODY + r"\b",
    re.IGNORECASE,
)
_ANCHORS = {"ký ban hành": "issue", "ban hành": "issue", "ký": "issue",
            "nhận được": "receipt", "tiếp nhận": "receipt", "có hiệu lực": "effective"}

# --- recurrence -----------------------------------------------------------------------------------
_EACH = r"(?:hàng|hằng|mỗi)"
_YEARLY_TAIL = re.compile(r"\s*(?:của\s+)?" + _EACH + r"\s+năm\b", re.IGNORECASE)
_AND = re.compile(r"\s*(?:,|và|hoặc)\s*(?:ngày\s*)?", re.IGNORECASE)

# "mặt hàng năm 2021" (goods of 2021) is not "hàng năm" (yearly).
_NOT_A_NUMBER = r"(?!\s*(?:\d|(?-i:[IVX]+)\b))"
_EVERY = r"\b" + _EACH + r"\s+"
_RECURRENCES = (
    ("monthly", re.compile(_EVERY + r"tháng\b" + _NOT_A_NUMBER, re.IGNORECASE)),
    ("quarterly", re.compile(
        _EVERY + r"quý\b" + _NOT_A_NUMBER + r"|\bđịnh\s+kỳ\s+(?:theo\s+)?quý\b", re.IGNORECASE)),
    ("half-yearly", re.compile(
        r"\b(?:6|06|sáu)\s+tháng\s*(?:/|một|1)\s*lần\b"
        r"|\b(?:định\s+kỳ|hàng|hằng|mỗi|theo)\s+(?:6|06|sáu)\s+tháng\b"
        r"|\b(?:6|06|sáu)\s+tháng\s*(?:,|và|/)\s*(?:1|một|hàng|hằng|cả)\s+năm\b"
        r"|\bnửa\s+năm\s+một\s+lần\b",
        re.IGNORECASE)),
    ("yearly", re.compile(
        _EVERY + r"năm\b" + _NOT_A_NUMBER + r"|\bđịnh\s+kỳ\s+(?:theo\s+)?năm\b", re.IGNORECASE)),
    ("periodic", re.compile(r"\bđịnh\s+kỳ\b", re.IGNORECASE)),
)
_RECURRENCE_SCANS = tuple((name, Scanner(regex)) for name, regex in _RECURRENCES)
# "lương hằng tháng", "thu nhập hàng năm": an amount per period, not a task that recurs.
_AMOUNT_BEFORE = re.compile(
    r"\b(?:lương|thu\s+nhập|phụ\s+cấp|trợ\s+cấp|sinh\s+hoạt\s+phí|doanh\s+thu|chi\s+phí)\s*\Z", re.IGNORECASE
)

INVALID_DATE = "Ngày trong thời hạn không có thật: {words}."
NO_YEAR = "Thời hạn không ghi năm và chưa rõ năm của văn bản nên chưa quy ra ngày được."


@dataclass
class _Candidate:
    start: int
    end: int
    kind: str          # date | month | quarter | half | year
    match: object
    priority: int


def _cue_before(sentence: str, start: int) -> re.Match | None:
    """The run of cue words ending at ``start``, if any of them is a real cue."""
    window_start = max(0, start - 90)
    chain = _CHAIN.search(sentence, window_start, start)
    if chain is None or not _CUE_RE.search(chain.group(0)):
        return None
    return chain


def _is_narrative(sentence: str, chain: re.Match, end: int) -> bool:
    """A weak cue telling what happened, not what is due.

    "Trong tháng 7/2021, tỉnh đã ..." (opens a clause, closed by a comma) and
    "kết quả đã đạt được trong năm 2021" (a past-tense clause), "đã hoàn thành trước ngày 30/6".
    """
    if _DONE_JUST_BEFORE.search(sentence, max(0, chain.start() - 20), chain.start()):
        return True     # "đã hoàn thành trước ngày 30/6": a completion, not a deadline
    if _FIRM_RE.search(chain.group(0)):
        return False
    if (_CLAUSE_START.search(sentence, 0, chain.start()) and _THEN_COMMA.match(sentence, end)
            and not _THEN_DUTY.match(sentence, end)):
        return True
    clause_start = max(sentence.rfind(p, 0, chain.start()) for p in ",.;:!?\n") + 1
    return bool(_PAST.search(sentence, clause_start, chain.start()))


def _cue_start(sentence: str, chain: re.Match) -> int:
    """Where the deadline words begin: the first cue of the chain (connectors before it dropped)."""
    first = _CUE_RE.search(sentence, chain.start(), chain.end())
    return first.start() if first else chain.start()


def _last_cue(chain: re.Match) -> str:
    cues = _CUE_RE.findall(chain.group(0))
    return re.sub(r"\s+", " ", cues[-1].lower()) if cues else ""


_DIGIT = re.compile(r"\d")
_PERIODS = (("month", Scanner(_MONTH_RE), 1), ("quarter", Scanner(_QUARTER_RE), 2),
            ("half", Scanner(_HALF_RE), 3), ("year", Scanner(_YEAR_RE), 4))


def _candidates(sentence: str) -> Iterator[_Candidate]:
    digits = _DIGIT.search(sentence) is not None   # dates, months and years are written with digits
    if digits:
        for mention in find_date_mentions(sentence):
            yield _Candidate(mention.start, mention.end, "date", mention, 0)
    for kind, regex, priority in _PERIODS:
        if not digits and kind in ("month", "year"):
            continue
        for m in regex.finditer(sentence):
            yield _Candidate(m.start(), m.end(), kind, m, priority)


def _non_overlapping(candidates: list[_Candidate]) -> list[_Candidate]:
    kept: list[_Candidate] = []
    for cand in sorted(candidates, key=lambda c: (c.priority, c.start)):
        if not any(k.start < cand.end and cand.start < k.end for k in kept):
            kept.append(cand)
    return sorted(kept, key=lambda c: c.start)


def _year_of(m: re.Match, doc_year: int | None) -> int | None:
    groups = m.groupdict()
    value = groups.get("y") or groups.get("y2")
    return int(value) if value else doc_year


def _recurring_tail(sentence: str, first, end: int) -> tuple[list[str], int] | None:
    """ "05/6 và 05/12 hàng năm" → (["06-05", "12-05"], end of "hàng năm"); None if not yearly."""
    mentions = [first]
    later = [d for d in find_date_mentions(sentence) if d.start >= end]
    while later:
        joint = _AND.match(sentence, end)
        if not joint or joint.end() != later[0].start or later[0].year is not None:
            break
        mentions.append(later.pop(0))
        end = mentions[-1].end
    tail = _YEARLY_TAIL.match(sentence, end)
    if tail is None:
        return None
    return [f"{d.month:02d}-{d.day:02d}" for d in mentions], tail.end()


def _from_candidate(sentence: str, cand: _Candidate, doc_year: int | None) -> tuple[int, Deadline] | None:
    chain = _cue_before(sentence, cand.start)
    if chain is None or _is_narrative(sentence, chain, cand.end):
        return None
    start = _cue_start(sentence, chain)
    deadline = _deadline_at(sentence, chain, start, cand, doc_year)
    return (start, deadline) if deadline is not None else None


def _deadline_at(sentence: str, chain: re.Match, start: int, cand: _Candidate,
                 doc_year: int | None) -> Deadline | None:
    firm = bool(_FIRM_RE.search(chain.group(0)))
    before = _last_cue(chain) == "trước"
    m = cand.match

    def words(end: int = cand.end) -> str:
        return sentence[start:end].strip()

    if cand.kind == "date":
        if m.year is None and (tail := _recurring_tail(sentence, m, cand.end)):
            recurring, end = tail
            if not all(valid_month_day(*map(int, r.split("-"))) for r in recurring):
                return Deadline(text=words(end), reason=INVALID_DATE.format(words=words(end)))
            return Deadline(text=words(end), recurring=recurring)
        if not m.valid:
            return Deadline(text=words(), reason=INVALID_DATE.format(words=words()))
        value = m.to_date(doc_year)
        if value is None:
            return Deadline(text=words(), reason=NO_YEAR)
        return Deadline(text=words(), date=value.isoformat())

    if cand.kind == "month":
        month, year = int(m["m"]), _year_of(m, doc_year)
        if not 1 <= month <= 12:
            return Deadline(text=words(), reason=INVALID_DATE.format(words=words()))
        if year is None:
            return Deadline(text=words(), reason=NO_YEAR)
        if before:  # "trước tháng 7/2021": by the end of June
            year, month = (year - 1, 12) if month == 1 else (year, month - 1)
        return Deadline(text=words(), month=f"{year:04d}-{month:02d}", date=month_end(year, month).isoformat())

    if cand.kind == "quarter":
        raw = m["q"].upper()
        quarter, year = _ROMAN.get(raw) or int(raw), _year_of(m, doc_year)
        if year is None:
            return Deadline(text=words(), reason=NO_YEAR)
        if before:  # "trước quý III/2022": by the end of the second quarter
            year, quarter = (year - 1, 4) if quarter == 1 else (year, quarter - 1)
        return Deadline(text=words(), quarter=f"{year:04d}-Q{quarter}", date=quarter_end(year, quarter).isoformat())

    if cand.kind == "half":
        if not firm:   # "trong 6 tháng đầu năm còn những hạn chế": a period, not a deadline
            return None
        year = _year_of(m, doc_year)
        if year is None:
            return Deadline(text=words(), reason=NO_YEAR)
        day = make_date(year, 6, 30) if m["which"].lower() == "đầu" else make_date(year, 12, 31)
        return Deadline(text=words(), date=day.isoformat()) if day else None

    # year: "trong năm 2022", "hoàn thành vào cuối năm 2022", "trước năm 2025"
    year = int(m["y"]) - (1 if before and not m["end"] else 0)
    day = make_date(year, 12, 31)
    return Deadline(text=words(), date=day.isoformat()) if day else None


def _relative(sentence: str) -> tuple[int, int, Deadline] | None:
    if _DIGIT.search(sentence) is None:
        return None   # both forms count days or weeks in digits
    m = _REL_ANCHOR.search(sentence) or _REL_BARE.search(sentence)
    if m is None:
        return None
    count = int(m["n"]) * (7 if m["unit"].lower() == "tuần" else 1)
    anchor_words = m.groupdict().get("anchor")
    anchor = _ANCHORS.get(re.sub(r"\s+", " ", anchor_words.lower())) if anchor_words else None
    lead = m["lead"] or ""
    start = m.start() + (len(lead) - len(lead.lstrip()))
    deadline = Deadline(text=sentence[start:m.end()].strip(), anchor=anchor)
    if m["wd"] and m["unit"].lower() == "ngày":
        deadline.working_days = count
    else:
        deadline.days = count
    return start, m.end(), deadline


def parse_deadline(sentence: str, doc_year: int | None = None) -> Deadline | None:
    """The first deadline of ``sentence`` (analysis form of the text), or None.

    ``doc_year`` completes year-less dates and periods ("xong trước 30/6", "trong quý I").
    Never raises on odd input: an impossible date gives a Deadline with no date and a reason.
    """
    if not sentence:
        return None
    found: list[tuple[int, Deadline]] = []
    rel = _relative(sentence)
    if rel is not None:
        found.append((rel[0], rel[2]))
    for cand in _non_overlapping(list(_candidates(sentence))):
        if rel is not None and cand.start < rel[1] and rel[0] < cand.end:
            continue  # inside the relative deadline's own words
        if (hit := _from_candidate(sentence, cand, doc_year)) is not None:
            found.append(hit)
            break
    if not found:
        return None
    return min(found, key=lambda item: item[0])[1]


def parse_recurrence(sentence: str) -> str | None:
    """How often a task recurs: yearly | quarterly | monthly | half-yearly | periodic, or None.

    The most frequent period named wins ("hằng quý, 6 tháng và hằng năm" → quarterly).
    "6 tháng đầu năm" (a period) and "năm 2021" are not recurrences.
    """
    if not sentence:
        return None
    for name, regex in _RECURRENCE_SCANS:
        for m in regex.finditer(sentence):
            if name != "periodic" and _AMOUNT_BEFORE.search(sentence, 0, m.start()):
                continue
            return name
    return None
