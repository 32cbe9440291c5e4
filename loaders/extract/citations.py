"""Citations: documents a text refers to, with kind, date, issuer, subject and relation.

Three shapes are found:
* a symbol, with the kind named before it and the date / issuer / subject after it
  ("Nghị quyết số 68/NQ-CP, ngày 01/7/2021 của Chính phủ về ...");
* a number without a symbol ("Đề án số 01, ngày 28/9/2021 của Ban Thường vụ Tỉnh ủy"): the symbol
  is rebuilt from the issuer's code when the gazetteer knows it (``symbol_inferred``);
* an unnumbered, named reference ("Nghị quyết Đại hội XIII của Đảng").
The relation comes from the trigger phrase nearest before the citation (data/gazetteer/triggers.yaml).
"""

from __future__ import annotations

import bisect
import re
from functools import cache

import yaml

from loaders.extract.dates import parse_date
from loaders.extract.gazetteer import GAZETTEER_DIR, gazetteer
from loaders.extract.model import Citation, OrganRef, Span
from loaders.extract.organs import make_ref
from loaders.extract.scan import Scanner
from loaders.extract.spans import Mentions, Spans
from loaders.extract.symbols import build_symbol, find_symbols
from loaders.text import UPPER, normalize

_DATE_AFTER = re.compile(
    r"^\s*,?\s*(?:ban hành\s+)?(?:ngày|ngáy)?\s*"
    r"(?P<date>\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4})",
    re.IGNORECASE,
)
_OF = re.compile(r"^\s*,?\s*(?:của|do)\s+" + r"(?:(?:Phó\s+)?(?:Chủ tịch|Giám đốc|Chánh Văn phòng|Trưởng ban|Bí thư|Thủ trưởng|Tổng Bí thư|Bộ trưởng)\s+)?",
                 re.IGNORECASE)
_ABOUT = re.compile(r"^\s*,?\s*(?:về|V/v|về việc)\s+", re.IGNORECASE)
_QUOTE = re.compile(r"^[\s“\"]*[“\"](?P<q>[^”\"\n]{3,400})[”\"]")
_ROMAN = r"[IVXLC]+"
_CONGRESS = re.compile(
    r"Nghị quyết\s+(?:của\s+)?Đại hội\s+(?:đại biểu\s+)?(?:toàn quốc\s+)?"
    rf"(?:(?:lần thứ\s+)?(?:{_ROMAN}|\d{{1,2}})\s+(?:của\s+)?(?:Đảng bộ (?:tỉnh|thành phố)|Đảng(?:\s+Cộng sản Việt Nam)?)"
    rf"|Đảng bộ (?:tỉnh|thành phố)\s+(?:lần thứ|khóa)\s+(?:{_ROMAN}|\d{{1,2}})"
    rf"|(?:lần thứ\s+)?(?:{_ROMAN})(?!\w))"
)
_PLENUM = (r"Nghị quyết\s+(?:Hội nghị\s+)?(?:lần thứ\s+)?(?:Trung ương|Ban Chấp hành Trung ương(?: Đảng)?)\s+"
           rf"(?:lần thứ\s+)?(?:{_ROMAN}|\d{{1,2}})(?:\s+Ban Chấp hành Trung ương(?: Đảng)?)?\s+khóa\s+(?:{_ROMAN}|\d{{1,2}})"
           r"|Nghị quyết\s+Hội nghị\s+(?:lần thứ\s+)?(?:\d{1,2}|" + _ROMAN + r")\s+Ban Chấp hành Trung ương(?: Đảng)?\s+khóa\s+"
           rf"(?:{_ROMAN}|\d{{1,2}})")


def _law_titles_with_commas() -> str:
    """data/gazetteer/laws.yaml: official law titles that hold commas, as one alternation."""
    with open(GAZETTEER_DIR / "laws.yaml", encoding="utf-8") as fh:
        titles = yaml.safe_load(fh).get("titles_with_commas") or []
    return "|".join(re.escape(t).replace(",", r"\s*,") for t in sorted(titles, key=len, reverse=True))


_LAW = (r"(?P<law>(?:Bộ\s+)?[Ll]uật\s+(?:sửa đổi, bổ sung một số điều của (?:các\s+)?[Ll]uật\s+)?"
        rf"(?:(?:{_law_titles_with_commas()})(?![\wÀ-ỹ])|[{UPPER}][^;:,.\n()“”\"]{{2,90}}?))")
_LAW += r"(?=\s+(?:ngày|số|năm|được|đã|có|và\s+(?:Luật|Nghị định|Nghị quyết))\b|\s*[;:,.\n(“”\"]|$)"
_NAMED = re.compile(rf"{_CONGRESS.pattern}|{_PLENUM}|(?<![\wÀ-ỹ]){_LAW}|Hiến pháp(?:\s+nước Cộng hòa xã hội chủ nghĩa Việt Nam)?(?:\s+năm\s+\d{{4}})?")
_NAMED_SCAN = Scanner(_NAMED)
# Between two citations of one list: separators, "và", their date/issuer already consumed.
_LIST_GAP = re.compile(r"^[^.\n]{0,400}?(?:[;,)]|\s(?:và|cùng|hoặc)(?:\s+các)?)\s*$|^\s*$"
                       # "Luật A được sửa đổi, bổ sung bởi Luật B": B goes with A
                       r"|^\s*,?\s*(?:đã\s+)?được\s+(?:sửa đổi|bổ sung|thay thế|hợp nhất)[^.;\n]{0,40}?\s(?:bởi|tại|theo)\s*$"
                       # "tại Tờ trình số ... và ý kiến thẩm định của Sở Tư pháp tại Báo cáo số ...": one list
                       r"|^\s*,?\s*và\s[^.;\n]{0,100}?\s(?:tại|theo)\s*$")
_PASSIVE_BEFORE = re.compile(r"(?:được|đã được)\s+$")
_PASSIVE_AFTER = re.compile(r"[^.;\n]{0,30}?\sbởi\b")
# "của Giám đốc Sở Nội vụ tại Tờ trình số", "UBND tỉnh đã ban hành Kế hoạch số": the issuer before the kind.
_HEAD_TITLE = r"(?:(?:Phó\s+)?(?:Chủ tịch|Giám đốc|Chánh Văn phòng|Trưởng ban|Trưởng Ban|Bí thư|Thủ trưởng|Tổng Bí thư|Thủ tướng|Bộ trưởng)\s+)"
_ISSUER_BEFORE = re.compile(r"(?:\s+(?:đã\s+)?(?:ban hành|có|trình)\s+|\s+tại\s+)$")
_WRAP = re.compile(r"(?<=[^.;:!?\s])[ \t]*\n(?=[ \t]*[^\s\-+•])|\n\s*(?=[a-zđà-ỹ])")
_NUMBER_AFTER = re.compile(r"\s+số\s*:?\s*")
_NUMBERED = re.compile(
    r"(?P<kind>Nghị quyết|Chỉ thị|Kết luận|Thông báo(?: kết luận)?|Đề án|Kế hoạch|Chương trình(?: hành động)?|"
    r"Quyết định|Quy định|Hướng dẫn|Công văn|Báo cáo|Biên bản|Tờ trình)\s+số\s+(?P<num>\d{1,5})(?![\d/-])"
)


@cache
def _triggers() -> dict:
    with open(GAZETTEER_DIR / "triggers.yaml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@cache
def _relation_patterns() -> list[tuple[str, re.Pattern]]:
    return [(rel, re.compile(p, re.IGNORECASE)) for rel, pats in _triggers()["relations"].items() for p in pats]


@cache
def _relation_scanners() -> list[tuple[str, Scanner]]:
    return [(rel, Scanner(pattern)) for rel, pattern in _relation_patterns()]


def relation_before(window: str) -> str | None:
    """The relation named by the trigger phrase that ends nearest to the end of ``window``."""
    best: tuple[int, int, str] | None = None
    for rel, pattern in _relation_scanners():
        for m in pattern.finditer(window):
            if _PASSIVE_BEFORE.search(window, 0, m.start()) or _PASSIVE_AFTER.match(window, m.end()):
                continue   # "Luật A được sửa đổi, bổ sung bởi Luật B": B amends A, not this document
            cand = (m.end(), m.end() - m.start(), rel)
            if best is None or cand[:2] > best[:2]:
                best = cand
    return best[2] if best else None


def _kind_before(text: str, start: int) -> tuple[str | None, int]:
    """'Nghị quyết số ' right before a symbol → ('Nghị quyết', start of the kind words)."""
    window = text[max(0, start - 60):start]
    m = re.search(r"([A-ZĐa-zđÀ-ỹ][\wÀ-ỹ ]{1,40}?)\s*(?:số|Số|SỐ)?\s*:?\s*$", window)
    if not m:
        return None, start
    words = m.group(1).strip()
    names = gazetteer().kind_names
    for size in range(min(4, len(words.split())), 0, -1):
        tail = " ".join(words.split()[-size:])
        if tail.lower() in names:
            return names[tail.lower()], start - (len(window) - window.rfind(tail))
    return None, start


def issuer_text(ref: OrganRef) -> str:
    """The issuer as the text names it when that is a full name, else the canonical name."""
    surface = normalize(ref.surface)
    if surface.isupper() or re.search(r"\b[A-ZĐ]{2,}\b", surface):
        return ref.name
    return surface[0].upper() + surface[1:] if surface else ref.name


def _tail(text: str, pos: int, organs: Mentions, cit: Citation, limit: int) -> int:
    """Read date, issuer and subject after a citation; returns the end offset."""
    m = _DATE_AFTER.match(text[pos:limit])
    if m:
        d = parse_date(m.group("date"))
        if d:
            cit.date = d.isoformat()
            cit.year = cit.year or d.year
        pos += m.end()
    m = _OF.match(text[pos:limit])
    if m:
        ref = organs.by_start.get(pos + m.end())
        if ref:
            cit.issuer_ref = ref
            cit.issuer = issuer_text(ref)
            pos = ref.span.end
    m = _ABOUT.match(text[pos:limit])
    if m:
        q = _QUOTE.match(text[pos + m.end() - 1:limit]) or _QUOTE.match(text[pos + m.end():limit])
        if q:
            cit.title = normalize(q.group("q")).strip(" *")
            pos = pos + m.end() + q.end()
        else:
            rest = re.match(r"[^;\n]{3,200}?(?=[;\n]|\.\s|,\s+(?:ngày|của)\s|$)", text[pos + m.end():limit])
            if rest:
                cit.title = normalize(rest.group(0)).strip(" *,")
                pos = pos + m.end() + rest.end()
    return pos


def _issuer_before(text: str, kstart: int, organs: Mentions, cit: Citation) -> None:
    """'UBND tỉnh đã ban hành Kế hoạch số ...', 'của Giám đốc Sở Nội vụ tại Tờ trình số ...'."""
    m = _ISSUER_BEFORE.search(text, max(0, kstart - 30), kstart)
    if not m or m.end() != kstart:
        return
    ref = organs.by_end.get(m.start())
    if ref is not None:
        cit.issuer_ref = ref
        cit.issuer = issuer_text(ref)


def find_citations(text: str, organs: list[OrganRef], start: int, end: int,
                   own_symbol: str | None = None, city: bool = False) -> list[Citation]:
    """Citations in ``text[start:end]`` (the body), in order of appearance."""
    out: list[tuple[int, Citation]] = []
    occupied = Spans()
    lookup = Mentions(organs)
    symbols = [sym for sym in find_symbols(text[start:end]) if not (own_symbol and sym.text == own_symbol)]
    numbered = list(_NUMBERED.finditer(text, start, end))
    named = list(_NAMED_SCAN.finditer(text, start, end))
    starts = sorted([_kind_before(text, sym.start + start)[1] for sym in symbols]
                    + [m.start() for m in numbered] + [m.start() for m in named])

    def limit_after(pos: int) -> int:
        i = bisect.bisect_right(starts, pos)
        return starts[i] if i < len(starts) else end

    for sym in symbols:
        s, e = sym.start + start, sym.end + start
        kind, kstart = _kind_before(text, s)
        cit = Citation(symbol=sym.text, kind=kind or sym.kind, year=sym.year,
                       number=sym.number, scope=sym.scope)
        if sym.kind and kind and kind != sym.kind and sym.kind_code:
            cit.kind = sym.kind   # the symbol's own code is the better witness ("Thông báo kết luận số 677-TB/TU")
        tail_end = _tail(text, e, lookup, cit, limit_after(e))
        if cit.issuer_ref is None:
            _issuer_before(text, kstart, lookup, cit)
        if cit.issuer_ref is None and cit.issuer is None and len(sym.issuer_codes) == 1:
            entry = gazetteer().symbol_issuers.get(re.sub(r"\d+$", "", sym.issuer_codes[0]))
            if entry is not None:   # "501/TTr-STC": the symbol names its issuer, Sở Tài chính
                cit.issuer_ref = make_ref(entry, entry.name, s, e, city)
                cit.issuer = cit.issuer_ref.name
        out.append((kstart, cit))
        cit.span = Span(kstart, tail_end)
        occupied.add(kstart, tail_end)
    for m in numbered:
        if m.start() in occupied:
            continue
        kind = gazetteer().kind_names.get(m.group("kind").lower(), m.group("kind"))
        cit = Citation(symbol=None, kind=kind, number=m.group("num"))
        tail_end = _tail(text, m.end(), lookup, cit, limit_after(m.end()))
        if not (cit.date or cit.issuer):
            continue   # "Kế hoạch số 5" alone is too thin to be a reference
        cit.symbol = build_symbol(cit.number, cit.kind, cit.issuer_ref.organ_id if cit.issuer_ref else None)
        cit.symbol_inferred = cit.symbol is not None
        cit.span = Span(m.start(), tail_end)
        out.append((m.start(), cit))
        occupied.add(m.start(), tail_end)
    for m in named:
        if m.start() in occupied:
            continue
        title = normalize(m.group(0)).rstrip(" ,")
        kind = "Luật" if m.group("law") else "Hiến pháp" if title.startswith("Hiến pháp") else "Nghị quyết"
        numbered = _NUMBER_AFTER.match(text, m.end()) if kind == "Luật" else None
        if numbered:   # "Luật Tổ chức chính quyền địa phương số 72/2025/QH15": one law, its name and number
            at = next((i for i, (_, c) in enumerate(out) if c.symbol and c.span
                       and m.start() < c.span.start <= numbered.end()), None)
            if at is not None:
                law = out[at][1]
                law.kind = law.kind if law.kind in ("Luật", "Bộ luật") else "Luật"
                law.title = law.title or title
                law.span = Span(m.start(), law.span.end)
                out[at] = (m.start(), law)
                occupied.add(m.start(), m.end())
                continue
        cit = Citation(symbol=None, kind=kind, title=title,
                       scope="province" if "Đảng bộ" in title else "national")
        tail_end = _tail(text, m.end(), lookup, cit, limit_after(m.end())) if kind == "Luật" else m.end()
        cit.span = Span(m.start(), tail_end)
        out.append((m.start(), cit))
        occupied.add(m.start(), tail_end)
    out.sort(key=lambda p: p[0])
    previous_end = start
    previous: Citation | None = None
    for pos, cit in out:
        between = text[previous_end:pos]
        # a line break inside a sentence (a hard-wrapped text; a page break before a small letter) is no
        # boundary: a clause ends at . ; : or at a new line after them.
        # (Only the part after the last '.' or ';' is unwrapped: the joins are white space only and none
        # starts right after a '.' or ';', so the last clause is the same as in the whole unwrapped text.)
        stop = max(between.rfind("."), between.rfind(";"))
        clause = _WRAP.sub(" ", between[stop + 1:])
        cut = clause.rfind("\n")
        window = clause[cut + 1:] if cut >= 0 else clause
        relation = relation_before(window[-300:])
        if relation is None and previous is not None and _LIST_GAP.match(between):
            relation = previous.relation     # "Căn cứ A; B" / "thực hiện A và B": one verb for the list
        cit.relation = "records" if cit.kind == "Biên bản" else (relation or "cites")
        previous_end = cit.span.end if cit.span else pos
        previous = cit
    return _dedupe([c for _, c in out])


def _dedupe(cits: list[Citation]) -> list[Citation]:
    """The same document cited twice in one text is one citation (the first, with what later ones add).
    A law named without its number is the same as the numbered citation of that title."""
    seen: dict[str, Citation] = {}
    out: list[Citation] = []
    for c in cits:
        key = c.symbol or (c.title or "").lower()
        title = (c.title or "").lower()
        first = seen.get(key)
        if first is None and c.symbol and title in seen and not seen[title].symbol:
            first = seen[title]
        if first is not None:
            if c.symbol and not first.symbol:   # the number comes later: the citation takes it
                for name in ("symbol", "symbol_inferred", "kind", "year", "number", "scope"):
                    setattr(first, name, getattr(c, name))
                seen[c.symbol] = first
            first.date = first.date or c.date
            first.issuer = first.issuer or c.issuer
            first.issuer_ref = first.issuer_ref or c.issuer_ref
            first.title = first.title or c.title
            continue
        seen[key] = c
        if c.symbol and title:
            seen.setdefault(title, c)
        out.append(c)
    return out
