"""Document symbols: their parts, the scope of their issuer, and symbols rebuilt from a number.

Two official formats (REFERENCE.md):

* party (Hướng dẫn 36-HD/VPTW): ``01-ĐA/TU`` = number ``-`` kind ``/`` issuer(s), joint issuers
  joined with ``-`` (``QC/BTCTU-BDVTU``);
* state (Nghị định 30/2020/NĐ-CP): ``68/NQ-CP`` = number ``/`` kind ``-`` issuer, normative
  documents with the year inside (``30/2020/NĐ-CP``), Công văn without a kind (``2071/SNV-CCVC``).

The scope of a symbol comes from its (first) issuer code in ``abbreviations.yaml``: ``national``
(key scope ``vn``) or ``province`` (key scope = the province of the citing document).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from loaders.resolve.provinces import load_yaml
from loaders.text import fold, normalize

NATIONAL = "national"
PROVINCIAL = "province"

_NUMBER = re.compile(r"^(\d+)([a-zA-Z]?)$")
_YEAR = re.compile(r"^(19|20)\d\d$")
_TRAILING_DIGITS = re.compile(r"\d+$")


@dataclass(frozen=True)
class SymbolParts:
    number: str | None                # "01" (at least two digits)
    year: int | None                  # only when written inside the symbol: 30/2020/NĐ-CP
    kind_code: str | None             # "ĐA", "NQ"; None for a Công văn
    issuer_codes: tuple[str, ...]     # ("TU",), ("BTCTU", "BDVTU")
    party: bool                       # party format (number-kind/issuer)


@dataclass(frozen=True)
class _Tables:
    kinds: dict[str, str]                  # code → kind name
    kind_names: dict[str, str]             # folded kind name of the code table → code
    kind_codes: dict[str, str]             # folded writing (kind_names table too) → code
    issuers: dict[str, dict]               # code → {scope, issuer, party}
    folded_issuers: dict[str, str]         # folded code → code
    department_codes: frozenset[str]       # SNV, STC ...
    organ_parent: dict[str, str]           # organ id → parent id
    organ_code: dict[str, str]             # organ id → issuer code
    organ_by_name: dict[str, str]          # folded canonical name → organ id


@cache
def tables() -> _Tables:
    abbr = load_yaml("abbreviations.yaml")
    organs = load_yaml("organs.yaml")
    kinds = {normalize(code): normalize(name) for code, name in (abbr.get("kinds") or {}).items()}
    kind_names: dict[str, str] = {}
    for code, name in kinds.items():
        kind_names.setdefault(fold(name), code)
    kind_codes = dict(kind_names)
    for name, writings in (abbr.get("kind_names") or {}).items():
        code = kind_codes.get(fold(name))
        for writing in writings or ():
            if code:
                kind_codes.setdefault(fold(writing), code)
    issuers = {normalize(code): dict(info or {}) for code, info in (abbr.get("issuers") or {}).items()}
    organ_parent: dict[str, str] = {}
    organ_code: dict[str, str] = {}
    organ_by_name: dict[str, str] = {}
    department_codes: set[str] = set()
    for section in ("central", "province", "departments", "groups", "post_groups"):
        for raw in organs.get(section) or ():
            organ_by_name.setdefault(fold(raw["name"]), raw["id"])
            if raw.get("parent"):
                organ_parent[raw["id"]] = raw["parent"]
            if section == "departments":
                own = [normalize(c) for c in raw.get("codes", ()) if normalize(c).startswith("S")]
                department_codes.update(own)
                if own:
                    organ_code.setdefault(raw["id"], own[0])
    for code, info in issuers.items():
        if info.get("issuer"):
            organ_code.setdefault(info["issuer"], code)
    return _Tables(kinds, kind_names, kind_codes, issuers, {fold(c): c for c in issuers},
                   frozenset(department_codes), organ_parent, organ_code, organ_by_name)


def clean_symbol(symbol: str) -> str:
    """'01 - ĐA/TU' → '01-ĐA/TU'; a one-digit number gets its zero ('1-ĐA/TU' → '01-ĐA/TU')."""
    value = re.sub(r"\s+", "", normalize(symbol))
    value = re.sub(r"^[Ss]ố[:.]?", "", value)
    return re.sub(r"^(\d)(?=[-/])", r"0\1", value)


def normalize_number(value: str) -> str | None:
    """'1' → '01', '12a' → '12a'; None when it is not a document number."""
    m = _NUMBER.match(value)
    if not m:
        return None
    return m.group(1).zfill(2) + m.group(2)


def _issuer_code(code: str) -> str:
    """'UBTVQH15' → 'UBTVQH' (a legislature number is not part of the issuer)."""
    stripped = _TRAILING_DIGITS.sub("", code)
    return stripped or code


@lru_cache(maxsize=65536)
def parse_symbol(symbol: str) -> SymbolParts:
    value = clean_symbol(symbol)
    parts = value.split("/")
    if len(parts) < 2:
        return SymbolParts(normalize_number(value), None, None, (), False)
    head, middle, tail = parts[0], parts[1:-1], parts[-1]
    if "-" in head:                                   # party: 01-ĐA/TU
        number, kind = head.split("-", 1)
        codes = tuple(_issuer_code(c) for c in tail.split("-") if c)
        return SymbolParts(normalize_number(number), None, kind or None, codes, True)
    year = next((int(m) for m in middle if _YEAR.match(m)), None)
    pieces = [p for p in tail.split("-") if p]
    kinds = tables().kinds
    if len(pieces) > 1 and pieces[0] in kinds:        # state: 68/NQ-CP, TTLT-BTC-BNV
        kind, codes = pieces[0], tuple(_issuer_code(c) for c in pieces[1:])
    elif len(pieces) == 1 and pieces[0] in kinds and not year:
        kind, codes = pieces[0], ()
    else:                                             # Công văn 2071/SNV-CCVC; 35/2023/UBTVQH15
        kind, codes = None, tuple(_issuer_code(c) for c in pieces[:1])
    return SymbolParts(normalize_number(head), year, kind, codes, False)


def issuer_info(code: str) -> dict | None:
    t = tables()
    found = t.issuers.get(code) or t.issuers.get(t.folded_issuers.get(fold(code), ""))
    return found


def code_scope(code: str) -> str | None:
    """Scope of one issuer code: national | province | None when nothing says."""
    info = issuer_info(code)
    if info and info.get("scope") in (NATIONAL, PROVINCIAL):
        return info["scope"]
    if code in tables().department_codes:
        return PROVINCIAL
    folded = fold(code)
    if folded.endswith("tw"):          # BCĐTW, BKTTW ...: central party organs
        return NATIONAL
    if folded.endswith(("tu", "hu", "du")):   # Tỉnh ủy, Huyện ủy, Đảng ủy organs
        return PROVINCIAL
    return None


def symbol_scope(parts: SymbolParts) -> str | None:
    """Scope from the first issuer of a symbol; None when the code is unknown."""
    if not parts.issuer_codes:
        return None
    scope = code_scope(parts.issuer_codes[0])
    if scope is None and parts.year is not None:
        return NATIONAL    # a legal-normative symbol (year inside) of an unknown issuer: a ministry
    return scope


def organ_issuer_code(organ_id: str | None) -> str | None:
    """The code an organ signs with: its own, else its parent's (Ban Thường vụ Tỉnh ủy → TU)."""
    t = tables()
    seen: set[str] = set()
    while organ_id and organ_id not in seen:
        if organ_id in t.organ_code:
            return t.organ_code[organ_id]
        seen.add(organ_id)
        organ_id = t.organ_parent.get(organ_id)
    return None


def organ_id_for_name(name: str | None) -> str | None:
    """Canonical organ name → gazetteer id (exact canonical names only; matching is extract's job)."""
    return tables().organ_by_name.get(fold(name)) if name else None


def kind_code(kind: str | None, party: bool) -> str | None:
    """'Đề án' → 'ĐA'; a party Quy định is 'QĐ' (66-QĐ/TW), a state one 'QyĐ'.  The longest kind
    name the writing starts with decides: a "Thông báo kết luận" carries TB (677-TB/TU)."""
    if not kind:
        return None
    t, folded = tables(), fold(kind)
    best = max((name for name in t.kind_names if folded == name or folded.startswith(name + " ")),
               key=len, default=None)
    code = t.kind_names[best] if best else t.kind_codes.get(folded)
    if party and code == "QyĐ":
        return "QĐ"
    return code


def infer_symbol(number: str | None, kind: str | None, organ_id: str | None) -> str | None:
    """Number + kind + issuer → the symbol the document carries ('01', 'Đề án', Ban Thường vụ → 01-ĐA/TU)."""
    num = normalize_number(re.sub(r"\s+", "", number or ""))
    code = organ_issuer_code(organ_id)
    if not num or not code:
        return None
    info = issuer_info(code) or {}
    party = bool(info.get("party"))
    kcode = kind_code(kind, party)
    if not kcode:
        return None
    return f"{num}-{kcode}/{code}" if party else f"{num}/{kcode}-{code}"
