"""Document symbols ("số ký hiệu") in both official formats, tolerant of odd spacing and case.

State (Nghị định 30/2020/NĐ-CP): ``123/QĐ-UBND``, ``30/2020/NĐ-CP``, ``2071/SNV-CCVC`` (Công văn).
Party (Hướng dẫn 36-HD/VPTW):   ``74-KL/TW``, ``01-ĐA/TU``, ``08-QC/BTCTU-BDVTU``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from loaders.extract.gazetteer import gazetteer

_CODE = r"[A-ZĐ][A-Za-zĐđ0-9&]{0,11}"
# "(?<![\w/-])\d{1,5}" written with the lookbehind after the first digit, so that the regex engine
# jumps from digit to digit instead of trying every position of the text (same matches).
_PARTY = re.compile(
    rf"(?P<num>\d(?<![\w/-]\d)\d{{0,4}})\s*-\s*(?P<kind>[A-ZĐ][A-Za-zĐđ]{{0,5}})\s*/\s*"
    rf"(?P<iss>{_CODE}(?:\s?-\s?{_CODE})*)(?![\w/])"
)
_STATE = re.compile(
    rf"(?P<num>\d(?<![\w/-]\d)\d{{0,4}})\s*/\s*(?:(?P<year>(?:19|20)\d\d)\s*/\s*)?"
    rf"(?P<kind>{_CODE})(?:\s?-\s?(?P<iss>{_CODE}(?:\s?-\s?{_CODE})*))?(?![\w/])"
)


@dataclass
class Symbol:
    text: str            # normalised: "74-KL/TW", "30/2020/NĐ-CP"
    number: str
    kind_code: str | None
    kind: str | None     # "Kết luận"
    issuer_codes: list[str]
    year: int | None
    party: bool
    start: int
    end: int

    @property
    def scope(self) -> str:
        """'national' or 'province', from the first issuer code (REFERENCE.md)."""
        first = re.sub(r"\d+$", "", self.issuer_codes[0]) if self.issuer_codes else ""
        info = gazetteer().issuers.get(first)
        if info:
            return info["scope"]
        code = self.issuer_codes[0] if self.issuer_codes else ""
        if code.startswith("S") or code.endswith(("TU", "HU", "ĐU")):
            return "province"
        return "national" if code.startswith("B") else "province"


def _canon_code(code: str, table: dict) -> str:
    """'TTG' → 'TTg', 'CTR' → 'CTr': the spelling of the official table, whatever the case."""
    return _by_upper(table).get(code.upper(), code)


_UPPER_INDEX: dict[int, tuple[dict, int, dict[str, str]]] = {}


def _by_upper(table: dict) -> dict[str, str]:
    """Upper-cased code → the table's first code that upper-cases to it (built once per table)."""
    held = _UPPER_INDEX.get(id(table))
    if held is None or held[0] is not table or held[1] != len(table):
        index: dict[str, str] = {}
        for known in table:
            index.setdefault(known.upper(), known)
        held = _UPPER_INDEX[id(table)] = (table, len(table), index)
    return held[2]


def _clean(code: str) -> str:
    return re.sub(r"\s+", "", code)


def find_symbols(text: str) -> list[Symbol]:
    gz = gazetteer()
    out: list[Symbol] = []
    taken: list[tuple[int, int]] = []
    for m in _PARTY.finditer(text):
        kind_code = _canon_code(m.group("kind"), gz.kinds)
        if kind_code not in gz.kinds:
            continue
        issuers = [_canon_code(c, gz.issuers) for c in _clean(m.group("iss")).split("-") if c]
        sym = f"{m.group('num')}-{kind_code}/{'-'.join(issuers)}"
        out.append(Symbol(sym, m.group("num"), kind_code, gz.kinds[kind_code], issuers, None, True,
                          m.start(), m.end()))
        taken.append((m.start(), m.end()))
    for m in _STATE.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        first = _canon_code(m.group("kind"), gz.kinds)
        rest = [_canon_code(c, gz.issuers) for c in _clean(m.group("iss") or "").split("-") if c]
        if first in gz.kinds and rest:
            kind_code, issuers = first, rest
        elif first in gz.kinds and not rest:
            continue   # "5/NQ" alone is not a symbol
        else:
            kind_code, issuers = None, [_canon_code(first, gz.issuers), *rest]   # Công văn: no kind code
        if not any(c.isalpha() for c in "".join(issuers)):
            continue
        year = int(m.group("year")) if m.group("year") else None
        middle = f"{m.group('year')}/" if year else ""
        sym = f"{m.group('num')}/{middle}{kind_code + '-' if kind_code else ''}{'-'.join(issuers)}"
        kind = gz.kinds.get(kind_code) if kind_code else ("Công văn" if not year else None)
        out.append(Symbol(sym, m.group("num"), kind_code, kind, issuers, year, False, m.start(), m.end()))
    out.sort(key=lambda s: s.start)
    return out


def parse_symbol(value: str) -> Symbol | None:
    """The symbol that ``value`` is ("Số: 74 - KL/TW" → 74-KL/TW), or None."""
    found = find_symbols(value)
    return found[0] if found else None


def build_symbol(number: str, kind: str | None, organ_id: str | None) -> str | None:
    """'01', 'Đề án', 'ban-thuong-vu-tinh-uy' → '01-ĐA/TU' (None when a part is unknown)."""
    gz = gazetteer()
    if not (number and kind and organ_id):
        return None
    info = gz.issuer_of_organ.get(organ_id)
    code = next((c for c, k in gz.kinds.items() if k == kind), None)
    if not info or not code:
        return None
    return f"{number}-{code}/{info['code']}" if info.get("party") else f"{number}/{code}-{info['code']}"
