"""Tasks a document assigns: who leads, who coordinates, who carries out, to whom they report, by when.

A task starts where a sentence assigns work to organs:
* by a trigger followed by organs: "giao Ban Thường vụ Tỉnh đoàn ...", "đề nghị Ủy ban MTTQ tỉnh ...";
* by organs as the subject of a sentence inside a numbered or bulleted part of the text:
  "Văn phòng Tỉnh ủy, Văn phòng UBND tỉnh chỉ đạo ...", "Ban Dân vận Tỉnh ủy theo dõi, đôn đốc ...".
Sentences of the same part that name no new subject continue the task (its deadline, its report).
Not a task: a numbered part that reviews the past, an exhortation ("X cần ..."), the closing formula
("Văn phòng Tỉnh ủy thông báo ... để ... biết, thực hiện"), anything in a news article.
All trigger words are data (data/gazetteer/triggers.yaml).
"""

from __future__ import annotations

import re
from functools import cache

from loaders.extract.citations import _triggers
from loaders.extract.deadlines import parse_deadline, parse_recurrence
from loaders.extract.model import OrganRef, Span, Task
from loaders.extract.scan import Scanner
from loaders.extract.spans import Mentions
from loaders.extract.structure import Layout, Sentence

_SEP = re.compile(r"^(?:\s*[,;:]\s*|\s+và\s+|\s+cùng\s+|\s+)")
_LEADING = re.compile(r"^(?:Từng|Mỗi|Đồng thời,?|Trong đó,?)\s+", re.IGNORECASE)
_NOT_A_VERB = re.compile(r"^\s*(?:của|thuộc|về|là|với)\b", re.IGNORECASE)
# The head of an organ written before it: "Giám đốc Sở Nội vụ", "Chủ tịch UBND các huyện" → the organ.
_HEAD = re.compile(r"^\s*(?:Phó\s+)?(?:Chánh(?=\s+Văn phòng)|Giám đốc|Chủ tịch|Thủ trưởng|Trưởng [Bb]an|Chỉ huy trưởng|"
                   r"Bí thư|Người đứng đầu|Tổng Giám đốc|Cục trưởng)\s+(?=\S)")
# Words that narrow an organ without ending the list: "các sở, ban, ngành tỉnh", "tổ chức đảng trực thuộc Tỉnh ủy".
_QUALIFIER = re.compile(r"^(?:\s+(?:tỉnh|thành phố|cấp tỉnh|cấp huyện|các cấp|trong tỉnh|có liên quan|liên quan|"
                        r"trực thuộc(?:\s+(?:Tỉnh ủy|Thành ủy))?|chức năng))+(?![\wÀ-ỹ])")
# "4. Chế độ báo cáo: Định kỳ hằng tháng, các sở ... báo cáo": a label and a fronted adverbial before the subject.
_ADVERBIAL = r"(?:Định kỳ|Hằng|Hàng|Trong|Trước|Sau|Đối với|Về|Để|Từ|Khi|Ngoài ra|Đồng thời|Căn cứ)[^,;:.\n]{0,40},\s*"
_LEAD_IN = re.compile(rf"^[^:;.\n]{{2,40}}:\s*(?:{_ADVERBIAL})?|^{_ADVERBIAL}", re.IGNORECASE)
_RESPONSIBLE = re.compile(r"\b(?:có|chịu)\s+trách nhiệm\b", re.IGNORECASE)
_PROPOSAL = re.compile(r"^(?:đề nghị|kiến nghị|đề xuất)", re.IGNORECASE)
_PAST = re.compile(r"(?:\bđã|\bđược)\s*$", re.IGNORECASE)


@cache
def _compiled(name: str) -> re.Pattern:
    pats = _triggers()[name]
    return re.compile(r"(?<![\wÀ-ỹ])(?:" + "|".join(f"(?:{p})" for p in pats) + r")(?![\wÀ-ỹ])", re.IGNORECASE)


@cache
def _scanner(name: str) -> Scanner:
    return Scanner(_compiled(name))


class _Organs(Mentions):
    """Organ mentions of a text, and the lists of them written one after another."""

    def _at(self, text: str, pos: int, limit: int) -> OrganRef | None:
        """The organ starting at ``pos`` (after spaces and the title of its head)."""
        for skip in (re.match(r"^\s*", text[pos:limit]), _HEAD.match(text[pos:limit])):
            if skip is not None and (ref := self.by_start.get(pos + skip.end())) is not None:
                return ref
        return None

    def list_at(self, text: str, pos: int, limit: int) -> tuple[list[OrganRef], int]:
        """Organs written one after another from ``pos``: 'X, Y và Z', 'Giám đốc các sở: Nội vụ, Tài chính'."""
        out: list[OrganRef] = []
        while pos < limit:
            ref = self._at(text, pos, limit)
            if ref is None:
                break
            pos = ref.span.end
            qualifier = _QUALIFIER.match(text[pos:limit])
            if qualifier:
                pos += qualifier.end()
            sep = _SEP.match(text[pos:limit])
            if not (ref.level == "group" and sep and ":" in sep.group(0)):
                out.append(ref)   # a group followed by its list ("các sở: Nội vụ, ...") is the list
            if not sep or self._at(text, pos + sep.end(), limit) is None:
                break
            pos += sep.end()
        return out, pos


def _after_trigger(name: str, text: str, s: Sentence, organs: _Organs, start: int | None = None
                   ) -> list[tuple[int, list[OrganRef], int]]:
    """(trigger start, organs right after it, end) for each trigger of ``name`` in the sentence."""
    out = []
    for m in _scanner(name).finditer(text, start or s.start, s.end):
        if organs.inside(m.start()):
            continue
        if name == "assign" and _PAST.search(text[max(s.start, m.start() - 8):m.start()]):
            continue   # "đã giao Sở X ...": a past fact, not an assignment
        if name == "report" and re.search(r"\bđể\b[^;.]*$", text[s.start:m.start()]):
            continue   # "gửi về Sở Nội vụ để tổng hợp, báo cáo UBND tỉnh": the receiver's own report
        refs, end = organs.list_at(text, m.end(), s.end)
        if refs:
            out.append((m.start(), refs, end))
    return out


def _subject(text: str, s: Sentence, organs: _Organs) -> tuple[list[OrganRef], int]:
    starts = [s.start]
    lead_in = _LEAD_IN.match(text[s.start:s.end])
    if lead_in and organs.starting_in(s.start - 1, s.start + lead_in.end() - 1) is None:
        starts.append(s.start + lead_in.end())
    for pos in starts:
        leading = _LEADING.match(text[pos:s.end])
        if leading:
            pos += leading.end()
        refs, end = organs.list_at(text, pos, s.end)
        rest = text[end:s.end]
        if refs and (not _NOT_A_VERB.match(rest) or _RESPONSIBLE.search(rest)) and not re.match(r"^\s*(?:đã|đang)\b", rest):
            return refs, end
    return [], s.start


def _ids(refs: list[OrganRef]) -> set[str]:
    return {r.organ_id for r in refs}


def _add(target: list[OrganRef], refs: list[OrganRef]) -> None:
    for r in refs:
        if r.organ_id not in _ids(target):
            target.append(r)


def _fill_roles(task: Task, text: str, s: Sentence, organs: _Organs, from_pos: int, doc_year: int | None) -> None:
    for _, refs, _ in _after_trigger("coordinate", text, s, organs, from_pos):
        _add(task.coordinators, refs)
    for _, refs, _ in _after_trigger("execute", text, s, organs, from_pos):
        _add(task.executors, [r for r in refs if r.organ_id not in _ids(task.leads)])
    for _, refs, _ in _after_trigger("report", text, s, organs, from_pos):
        _add(task.report_to, refs)
    for _, refs, _ in _after_trigger("via", text, s, organs, from_pos):
        _add(task.via, refs)
    if task.deadline is None:
        task.deadline = parse_deadline(s.text, doc_year)
    if task.recurrence is None:
        task.recurrence = parse_recurrence(s.text)


def find_tasks(text: str, lay: Layout, organs: list[OrganRef], doc_kind: str | None,
               doc_year: int | None) -> list[Task]:
    if doc_kind == "Tin":
        return []   # a news article reports; it assigns nothing
    reporting = doc_kind in ("Báo cáo", "Tờ trình")   # proposals to a superior assign nothing
    index = _Organs(organs)
    tasks: list[Task] = []
    current: Task | None = None
    item_ref = ""
    in_items = False
    review = False
    for p in lay.paragraphs:
        if p.ref and "." not in p.ref and not re.fullmatch(r"[a-zđ]", p.ref):
            item_ref, current, in_items = p.ref, None, True
            first = p.sentences[0].text if p.sentences else ""
            review = bool(_scanner("review").search(first))
        elif p.ref:
            in_items = True
        elif p.bullet:
            in_items = True
        for s in p.sentences:
            if _scanner("closing").search(s.text):
                current = None
                continue
            leads: list[OrganRef] = []
            lead_end = s.start
            explicit = _after_trigger("assign", text, s, index)
            if reporting:   # in a report, "đề nghị Ban Thường vụ ..." is a proposal to a superior
                explicit = [e for e in explicit if not _PROPOSAL.match(text[e[0]:e[0] + 12])]
            if explicit:
                _, leads, lead_end = explicit[0]
            elif in_items and not review:
                leads, lead_end = _subject(text, s, index)
                if leads and _scanner("exhortation").search(" ".join(text[lead_end:s.end].split()[:6])):
                    leads = []
            if leads:
                if current and not explicit and _ids(leads) <= _ids(current.leads) and not p.ref:
                    current.text += " " + s.text
                    current.span = Span(current.span.start, s.end)
                else:
                    n = sum(1 for t in tasks if t.ref.startswith(p.ref or item_ref))
                    ref = (p.ref or item_ref or "0") + ("" if n == 0 and p.ref else f"-{n + 1}")
                    current = Task(ref=ref, text=s.text, span=Span(s.start, s.end), leads=list(leads))
                    monitor = _compiled("monitor").match(text, lead_end + (len(text[lead_end:]) - len(text[lead_end:].lstrip())))
                    if monitor:
                        current.kind = "monitoring"
                    tasks.append(current)
                _fill_roles(current, text, s, index, lead_end, doc_year)
            elif current is not None:
                current.text += " " + s.text
                current.span = Span(current.span.start, s.end)
                _fill_roles(current, text, s, index, s.start, doc_year)
    return tasks
