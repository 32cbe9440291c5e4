"""The organ gazetteer and abbreviation tables (data/gazetteer/*.yaml) as lookup structures.

Rules are data: a new organ, abbreviation or province is an edit of the YAML files, never of
this module.  Everything here is loaded once per process.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from loaders.text import fold, normalize

GAZETTEER_DIR = Path(__file__).resolve().parents[2] / "data" / "gazetteer"


@dataclass(frozen=True)
class OrganEntry:
    id: str
    name: str
    level: str                 # central | province | group | post
    category: str
    parent: str | None = None
    audience: bool = False     # a group that is an addressee, not an organ ("chính quyền")
    members: tuple[str, ...] = ()
    valid_from: str | None = None
    valid_to: str | None = None


@dataclass(frozen=True)
class Form:
    """One writing of an organ: matched case-insensitively unless ``exact``."""

    text: str
    entry: OrganEntry
    exact: bool = False
    bare: bool = False


@dataclass
class Gazetteer:
    entries: dict[str, OrganEntry] = field(default_factory=dict)
    forms: list[Form] = field(default_factory=list)
    city_forms: list[Form] = field(default_factory=list)   # extra writings in a centrally-run city
    departments: list[tuple[str, OrganEntry]] = field(default_factory=list)  # list items: short/code → entry
    kinds: dict[str, str] = field(default_factory=dict)            # "NQ" → "Nghị quyết"
    kind_names: dict[str, str] = field(default_factory=dict)       # "thông báo kết luận" → "Kết luận"
    issuers: dict[str, dict] = field(default_factory=dict)         # "TU" → {scope, issuer, party}
    name_abbreviations: dict[str, list[str]] = field(default_factory=dict)
    issuer_of_organ: dict[str, dict] = field(default_factory=dict)  # organ id → {code, party}
    provinces: list[dict] = field(default_factory=list)
    # issuer codes of symbols that name one organ ("STC" Sở Tài chính, "TTg", "UBND"); party codes
    # ("TW", "TU") are left out: several organs of a committee issue under them
    symbol_issuers: dict[str, OrganEntry] = field(default_factory=dict)

    def entry(self, organ_id: str) -> OrganEntry | None:
        return self.entries.get(organ_id)


def _load(name: str) -> dict:
    with open(GAZETTEER_DIR / name, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _iso(value) -> str | None:
    return None if value is None else str(value)


def _abbreviated_variants(text: str, table: dict[str, list[str]], bare: bool = False) -> set[str]:
    """All writings of ``text`` with any subset of its long forms written short."""
    present = [(long, shorts) for long, shorts in table.items() if long.lower() in text.lower()]
    out = {text}
    for long, shorts in present:
        for current in list(out):
            pattern = re.compile(re.escape(long), re.IGNORECASE)
            for short in shorts:
                out.add(pattern.sub(short, current))
    if not bare:
        return out
    shorts_only = {s.lower() for _, shorts in present for s in shorts}
    # a bare writing abbreviated to nothing but abbreviations ("TTr" for "Thường trực") names nothing
    return {v for v in out if v == text or not set(v.lower().split()) <= shorts_only}


def _city_variant(text: str) -> str:
    return (text.replace("Tỉnh ủy", "Thành ủy").replace("Tỉnh đoàn", "Thành đoàn")
            .replace(" tỉnh", " thành phố"))


@cache
def gazetteer() -> Gazetteer:
    organs = _load("organs.yaml")
    abbr = _load("abbreviations.yaml")
    gz = Gazetteer()
    gz.kinds = {code: normalize(name) for code, name in abbr["kinds"].items()}
    for kind, writings in abbr["kind_names"].items():
        for w in writings:
            gz.kind_names[normalize(w).lower()] = normalize(kind)
    gz.issuers = {normalize(code): info for code, info in abbr["issuers"].items()}
    gz.name_abbreviations = {normalize(k): [normalize(s) for s in v] for k, v in abbr["name_abbreviations"].items()}
    gz.issuer_of_organ = abbr.get("issuer_of_organ", {})
    gz.provinces = _load("provinces.yaml")["provinces"]

    def add(raw: dict, level: str, category: str | None = None) -> OrganEntry:
        entry = OrganEntry(
            id=raw["id"], name=normalize(raw["name"]), level=level,
            category=category or raw.get("category", level), parent=raw.get("parent"),
            audience=bool(raw.get("audience")), members=tuple(raw.get("members", ())),
            valid_from=_iso(raw.get("valid_from")), valid_to=_iso(raw.get("valid_to")),
        )
        gz.entries[entry.id] = entry
        exact = bool(raw.get("case"))
        writings = [raw["name"], *raw.get("aliases", [])]
        if level == "department":
            writings += [f"Sở {s}" for s in raw.get("short", [])]
            writings += [f"Sở {c}" for c in raw.get("codes", []) if not c.startswith("S")]
        for w in writings:
            if "{" in w:
                continue
            for v in _abbreviated_variants(normalize(w), gz.name_abbreviations):
                gz.forms.append(Form(v, entry, exact=exact))
                if level in ("province", "department") and _city_variant(v) != v:
                    gz.city_forms.append(Form(_city_variant(v), entry, exact=exact))
        for w in raw.get("bare", []):
            for v in _abbreviated_variants(normalize(w), gz.name_abbreviations, bare=True):
                gz.forms.append(Form(v, entry, exact=True, bare=True))
        return entry

    for raw in organs["central"]:
        add(raw, "central")
    for raw in organs["province"]:
        add(raw, "province")
    for raw in organs["departments"]:
        entry = add({"parent": organs.get("department_parent"), **raw}, "department", "department")
        for w in itertools.chain(raw.get("short", []), raw.get("codes", [])):
            gz.departments.append((normalize(w), entry))
    for raw in organs["groups"]:
        add(raw, "group", "group")
    for raw in organs["post_groups"]:
        add(raw, "post", "post-group")
    for code, info in gz.issuers.items():
        if info.get("issuer") and not info.get("party") and info["issuer"] in gz.entries:
            gz.symbol_issuers[code] = gz.entries[info["issuer"]]
    for raw in organs["departments"]:
        for code in raw.get("codes", []):
            if code.startswith("S") and len(code) > 2:
                gz.symbol_issuers.setdefault(normalize(code), gz.entries[raw["id"]])
    dept_ids = tuple(e.id for _, e in gz.departments)
    for raw in organs["groups"]:
        if raw.get("members_from") == "departments":
            e = gz.entries[raw["id"]]
            gz.entries[raw["id"]] = OrganEntry(**{**e.__dict__, "members": tuple(dict.fromkeys(dept_ids))})
    # forms must point at the final entries
    gz.forms = [Form(f.text, gz.entries[f.entry.id], f.exact, f.bare) for f in gz.forms]
    gz.city_forms = [Form(f.text, gz.entries[f.entry.id], f.exact, f.bare) for f in gz.city_forms]
    gz.departments = [(w, gz.entries[e.id]) for w, e in gz.departments]
    return gz


def display_name(entry: OrganEntry, city: bool) -> str:
    """The canonical name, with 'tỉnh' written 'thành phố' for a centrally-run city."""
    return _city_variant(entry.name) if city and entry.level in ("province", "department") else entry.name


@cache
def province_names() -> dict[str, dict]:
    """Folded writing → province record (name, type, validity)."""
    out: dict[str, dict] = {}
    for p in gazetteer().provinces:
        for w in [p["name"], *p.get("aliases", [])]:
            out[fold(w)] = p
    return out
