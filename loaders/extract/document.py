"""The document itself: kind, symbol, date, province, issuer, signer, signing mode, recipients, title."""

from __future__ import annotations

import re
from functools import lru_cache

from loaders.extract.dates import parse_date
from loaders.extract.gazetteer import gazetteer, province_names
from loaders.extract.model import DocumentInfo, OrganRef, Span
from loaders.extract.organs import find_organs, make_ref, unique_organs
from loaders.extract.people import leading_post_title
from loaders.extract.scan import Scanner
from loaders.extract.structure import Layout
from loaders.extract.symbols import parse_symbol
from loaders.text import LOWER, UPPER, fold, normalize

_HEAD = 1500   # the header of an official document sits in its first lines
_OWN_SYMBOL = re.compile(r"^\s*(?:Số|SỐ|số)\s*:?\s*(?P<sym>[^\s,;]+(?:\s*[-/]\s*[^\s,;]+)*)", re.MULTILINE)
_PLACE_DATE = re.compile(
    rf"(?:^|\s{{2,}})\s*(?P<place>[{UPPER}][\w.-]*(?:[ ]{{1,2}}[{UPPER}-][\w.-]*){{0,4}})\s*,\s*ngày\s+(?P<d>\d{{1,2}})\s+tháng\s+(?P<m>\d{{1,2}})\s+năm\s+(?P<y>\d{{4}})",
    re.MULTILINE,
)
# "tỉnh Hà Nam", "Tỉnh ủy Hà Tĩnh", "UBND thành phố Hải Phòng": a unit word, then up to four words.
_PROVINCE_CUE = re.compile(
    r"(?:Tỉnh ủy|TỈNH ỦY|Thành ủy|THÀNH ỦY|\b(?:tỉnh|Tỉnh|TỈNH|thành phố|Thành phố|THÀNH PHỐ|TP\.?)|quê hương)\s+"
    r"(?P<words>\w+(?:\s*-\s*\w+|\s+\w+){0,3})"
)
_PROVINCE_CUE_SCAN = Scanner(_PROVINCE_CUE)
_SIGN = re.compile(r"^\s*(?P<mode>K/T|KT\.?|T/L|TL\.?|T/M|TM\.?|Q\.|TUQ\.?)\s+(?P<of>[^\n]+)$", re.MULTILINE)
_MODES = {"KT": "K/T", "TL": "T/L", "TM": "T/M", "Q": "Q", "TUQ": "TUQ"}
# Titles in a signature block and the organ whose head signs with them (party / state documents).
_SIGNER_TITLES = [
    (r"CHÁNH VĂN PHÒNG", "van-phong-tinh-uy", "van-phong-ubnd"),
    (r"BÍ THƯ", "tinh-uy", "tinh-uy"),
    (r"CHỦ TỊCH", "ubnd-tinh", "ubnd-tinh"),
    (r"TRƯỞNG BAN", None, None),
    (r"GIÁM ĐỐC", None, None),
]
_NAME_LINE = re.compile(rf"^\s*(?P<name>(?:[{UPPER}][{LOWER}]+\s+){{1,4}}[{UPPER}][{LOWER}]+)\s*$", re.MULTILINE)
_NEWS_DATE = re.compile(r"^\s*(?:Cập nhật|Ngày đăng|Đăng ngày|Ngày cập nhật|Thứ \w+,)?\s*:?\s*"
                        r"(?P<d>\d{1,2}/\d{1,2}/\d{4})(?:\s*[-|]?\s*\d{1,2}:\d{2}(?::\d{2})?)?\s*$", re.MULTILINE | re.IGNORECASE)
# the "^..." patterns are tried at line starts only
_OWN_SYMBOL_SCAN, _SIGN_SCAN = Scanner(_OWN_SYMBOL), Scanner(_SIGN)
_NAME_LINE_SCAN, _NEWS_DATE_SCAN = Scanner(_NAME_LINE), Scanner(_NEWS_DATE)
_PLACE_DATE_CUE = re.compile(r",\s*ngày")   # every match of _PLACE_DATE holds one


@lru_cache(maxsize=8)
def _place_date(head: str) -> re.Match | None:
    """``_PLACE_DATE.search(head)``, once per header (the document and its province both ask)."""
    return _PLACE_DATE.search(head) if _PLACE_DATE_CUE.search(head) else None


_NEWS_HINT = re.compile(r"Tin theo lĩnh vực|Tin tức|Tin hoạt động|Skip to main content|Bài và ảnh|\(Nguồn:", re.I)


def _kind_headings(text: str) -> str | None:
    """The first capitals line that names a kind: 'THÔNG BÁO', 'THÔNG BÁO KẾT LUẬN' (a Thông báo), 'KẾ HOẠCH ...'."""
    names = sorted(((k.upper(), v) for k, v in gazetteer().kind_names.items() if len(k) > 3), key=lambda kv: len(kv[0]))
    for line in text[:_HEAD * 2].split("\n"):
        s = normalize(line).strip(" #*")
        if not s or s.upper() != s or len(s) > 80:
            continue
        for name, kind in names:
            if s == name or s.startswith(name + " "):
                return kind
    return None


def find_province(text: str, meta_province: str | None = None) -> str | None:
    """The province the text says it belongs to: the header place, else the most named one."""
    if meta_province:
        return normalize(meta_province)
    names = province_names()
    m = _place_date(text[:_HEAD * 2])
    if m and fold(m.group("place").strip()) in names:
        return names[fold(m.group("place").strip())]["name"]
    counts: dict[str, int] = {}
    for m in _PROVINCE_CUE_SCAN.finditer(text):
        words = m.group("words").replace("-", " - ").split()
        for size in (4, 3, 2, 1):
            cand = words[:size]
            if not cand or not all(w[0].isupper() or w == "-" for w in cand):
                continue
            rec = names.get(fold(" ".join(cand)))
            if rec:
                counts[rec["name"]] = counts.get(rec["name"], 0) + 1
                break
    if not counts:
        return None
    return max(counts.items(), key=lambda kv: kv[1])[0]


def _is_city(province: str | None) -> bool:
    if not province:
        return False
    rec = province_names().get(fold(province))
    return bool(rec and rec.get("type") == "thành phố")


def is_city(province: str | None) -> bool:
    return _is_city(province)


def _header_organ(text: str, city: bool, province: str | None) -> OrganRef | None:
    """The issuing organ of the header: the lowest organ line above 'Số:' ('UBND TỈNH X / SỞ NỘI VỤ')."""
    head = text[:_HEAD]
    m = _OWN_SYMBOL_SCAN.search(head)
    block = head[:m.start()] if m else "\n".join(head.split("\n")[:6])
    block = block.split("CỘNG HÒA XÃ HỘI")[0].split("ĐẢNG CỘNG SẢN VIỆT NAM")[-1]
    refs = [r for r in find_organs(block, city, province) if r.level != "group"]
    return refs[-1] if refs else None


def _post_case(upper: str, city: bool) -> str:
    """'PHÓ CHỦ TỊCH' → 'Phó Chủ tịch', 'BÍ THƯ TỈNH ỦY' → 'Bí thư Tỉnh ủy' (titles as people.yaml writes them)."""
    title = leading_post_title(upper)
    if title is None:
        return upper.capitalize()
    rest = upper[len(title):].strip()
    if not rest:
        return title
    organs = find_organs(rest, city)
    if len(organs) == 1 and organs[0].span.end - organs[0].span.start == len(rest):
        return f"{title} {organs[0].name}"
    return f"{title} {rest.lower()}"


def _signature(text: str, lay: Layout, party: bool, city: bool) -> tuple[str | None, str | None, str | None,
                                                                         OrganRef | None, Span | None]:
    """(signing mode, signer post, signer, issuer organ, span) from the signature block."""
    region_start = lay.signature[0] if lay.signature else min(lay.body_end, max(0, len(text) - 900))
    region = text[region_start:]
    mode = post = signer = None
    issuer: OrganRef | None = None
    m = _SIGN_SCAN.search(region)
    lines = [ln for ln in region.split("\n") if ln.strip()]
    if m:
        mode = _MODES.get(m.group("mode").replace("/", "").rstrip("."), m.group("mode"))
        of = normalize(m.group("of")).strip(" *")
        refs = find_organs(of, city)
        if refs:
            issuer = refs[0]
        else:
            issuer = _title_organ(of, party, city)
            if issuer is None and of.upper() == of and "BAN THƯỜNG VỤ" in of:
                issuer = make_ref(gazetteer().entry("ban-thuong-vu-tinh-uy"), of, 0, 0, city)
        idx = next((i for i, ln in enumerate(lines) if m.group(0).strip() in normalize(ln)), None)
        if idx is not None and idx + 1 < len(lines):
            nxt = normalize(lines[idx + 1]).strip(" *")
            if nxt.isupper():
                post = _post_case(nxt, city)
    names = list(_NAME_LINE_SCAN.finditer(region))
    if names:
        signer = normalize(names[-1].group("name"))
    if post is None:
        caps = [normalize(ln).strip(" *") for ln in lines if normalize(ln).strip(" *").isupper()]
        posts = [c for c in caps if leading_post_title(c)]
        if posts:   # the last line in capitals that names a post ("QUYẾT ĐỊNH:" does not)
            post = _post_case(posts[-1], city)
    if issuer is None and post:
        issuer = _title_organ(post.upper(), party, city)
    span = Span(region_start, len(text)) if (mode or signer) else None
    return mode, post, signer, issuer, span


def _title_organ(title: str, party: bool, city: bool) -> OrganRef | None:
    for pattern, party_id, state_id in _SIGNER_TITLES:
        if re.search(pattern, title.upper()):
            organ_id = party_id if party else state_id
            entry = gazetteer().entry(organ_id) if organ_id else None
            if entry:
                return make_ref(entry, title, 0, 0, city)
    return None


def _is_party_document(text: str, symbol: str | None) -> bool:
    if symbol:
        sym = parse_symbol(symbol)
        if sym:
            return sym.party
    return bool(_PARTY_MARK.search(text))


_PARTY_MARK = Scanner(re.compile(r"ĐẢNG CỘNG SẢN VIỆT NAM|Lưu\s*:?\s*(?:VPTU|Văn phòng Tỉnh ủy|VP Tỉnh ủy)|\bVPTU\b"))


def extract_document(text: str, lay: Layout, meta: dict) -> DocumentInfo:
    doc = DocumentInfo()
    m = _OWN_SYMBOL_SCAN.search(text[:_HEAD])
    if m:
        sym = parse_symbol(m.group("sym"))
        if sym:
            doc.symbol = sym.text
    m = _place_date(text[:_HEAD * 2])
    if m:
        d = parse_date(f"{m.group('d')}/{m.group('m')}/{m.group('y')}")
        doc.date = d.isoformat() if d else None
        doc.place = normalize(m.group("place"))
    own = parse_symbol(doc.symbol) if doc.symbol else None
    doc.kind = (own.kind if own else None) or _kind_headings(text)
    if doc.kind is None and (not lay.recipients or _NEWS_HINT.search(text[:_HEAD])):
        doc.kind = "Tin"
    doc.province = find_province(text, meta.get("province"))
    city = _is_city(doc.province)
    party = _is_party_document(text, doc.symbol)
    mode, post, signer, issuer, span = _signature(text, lay, party, city) if doc.kind != "Tin" else (None,) * 5
    doc.signing_mode, doc.signer_post, doc.signer, doc.span = mode, post, signer, span
    header = _header_organ(text, city, doc.province) if doc.kind != "Tin" else None
    if header is not None and mode not in ("T/M", "T/L") and not (issuer and issuer.category == "party-office"):
        issuer = header   # the header names the issuer; a head signing directly or "K/T" signs for it
    if doc.kind == "Tin" and doc.date is None:
        m = _NEWS_DATE_SCAN.search("\n".join(text[:_HEAD].split("\n")[:12]))
        d = parse_date(m.group("d")) if m else None
        doc.date = d.isoformat() if d else None
    if issuer is None and doc.kind != "Tin":
        m = re.search(r"(Văn phòng Tỉnh ủy|Văn phòng UBND tỉnh|Văn phòng Ủy ban nhân dân tỉnh)\s+(?:xin\s+)?"
                      r"(?:thông báo|truyền đạt)", text[lay.body_start:lay.body_end])
        if m:
            issuer = find_organs(m.group(1), city)[0]
    if issuer:
        doc.issuer_ref = issuer
        doc.issuer = issuer.name
    for block in (lay.addressees, lay.recipients):
        if block:
            s, e = block
            doc.recipients = unique_organs(doc.recipients + _shift(find_organs(text[s:e], city, doc.province), s))
    doc.title = _title(text)
    for key in ("kind", "symbol", "date", "issuer", "signer", "title"):
        if meta.get(key):
            setattr(doc, key, normalize(str(meta[key])))
    return doc


def _shift(refs: list[OrganRef], offset: int) -> list[OrganRef]:
    for r in refs:
        if r.span:
            r.span = Span(r.span.start + offset, r.span.end + offset)
    return refs


def _authority_line(line: str) -> bool:
    """'ỦY BAN NHÂN DÂN TỈNH QUẢNG NAM', 'CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG': the line of a decision
    that names who decides, after its subject (an organ, maybe after a post, maybe before a place)."""
    if not line.isupper():
        return False
    organs = find_organs(line)
    if len(organs) != 1:
        return False
    head = line[:organs[0].span.start].strip()
    tail = line[organs[0].span.end:].strip()
    post = leading_post_title(head)
    return (not head or (post is not None and len(post) == len(head))) and (not tail or fold(tail) in province_names())


def _title(text: str) -> str | None:
    """The subject: the heading lines after the kind heading, up to the first paragraph."""
    lines = [normalize(ln).strip(" #*") for ln in text[:_HEAD * 2].split("\n")]
    names = {k.upper() for k in gazetteer().kind_names}
    for i, line in enumerate(lines):
        if line and line.isupper() and line in names:
            title = []
            for nxt in lines[i + 1:i + 6]:
                if not nxt or set(nxt) <= set("-_*"):
                    if title:
                        break
                    continue
                if re.match(r"^(Ngày|Sáng|Chiều|Căn cứ|Thực hiện)\b", nxt) or (title and _authority_line(nxt)):
                    break
                title.append(nxt)
            return " ".join(title) or None
    return None
