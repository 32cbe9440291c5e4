"""What the generator draws from: the gazetteer (data/gazetteer/*.yaml) and its own phrase tables.

Province and organ names are read from the gazetteer, never written in code: a new province or
organ there is a new province or organ in the synthetic corpus.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

import yaml

from dkg.config import REPO_ROOT
from loaders.text import slug

GAZETTEER_DIR = REPO_ROOT / "data" / "gazetteer"
TEMPLATES = Path(__file__).with_name("templates.yaml")


class SynthDataError(ValueError):
    """A data file the generator needs is missing or malformed."""


@dataclass(frozen=True)
class Organ:
    id: str
    name: str                         # canonical (gazetteer) name
    level: str                        # central | province | department | group
    aliases: tuple[str, ...] = ()
    short: tuple[str, ...] = ()       # departments in a list after "các sở:" ("Nội vụ")
    codes: tuple[str, ...] = ()       # departments in a list after "các sở, ngành:" ("LĐ-TB&XH")
    audience: bool = False            # an addressee that is never listed among the organs
    valid_from: date | None = None
    valid_to: date | None = None

    def valid_at(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True)
class Province:
    name: str
    type: str                         # tỉnh | thành phố
    aliases: tuple[str, ...] = ()
    current: bool = True              # still a province after the 2025 merger

    @property
    def is_city(self) -> bool:
        return self.type == "thành phố"

    @property
    def slug(self) -> str:
        return slug(self.name)


@dataclass(frozen=True)
class CentralDocument:
    symbol: str
    kind: str
    date: date
    issuer: str                       # organ id
    title: str
    term: str | None = None
    weight: int = 1


@dataclass
class Data:
    organs: dict[str, Organ]
    provinces: list[Province]
    kinds: dict[str, str]                         # "NQ" → "Nghị quyết"
    abbreviations: dict[str, list[str]]           # "Ủy ban nhân dân" → ["UBND"]
    central: list[CentralDocument]
    templates: dict
    province_organs: list[str] = field(default_factory=list)
    departments: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)

    def organ(self, organ_id: str) -> Organ:
        try:
            return self.organs[organ_id]
        except KeyError:
            raise SynthDataError(f"{GAZETTEER_DIR / 'organs.yaml'}: no organ with id {organ_id!r}") from None


def _load_yaml(path: Path) -> dict:
    try:
        with open(path, encoding="utf-8") as fh:
            data = yaml.safe_load(fh)
    except FileNotFoundError:
        raise SynthDataError(f"{path}: file not found") from None
    except yaml.YAMLError as exc:
        raise SynthDataError(f"{path}: not valid YAML ({exc})") from None
    if not isinstance(data, dict):
        raise SynthDataError(f"{path}: expected a mapping at the top level")
    return data


def _day(value) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _organ(entry: dict, level: str, path: Path) -> Organ:
    if "id" not in entry or "name" not in entry:
        raise SynthDataError(f"{path}: organ entry without id or name: {entry!r}")
    return Organ(
        id=entry["id"], name=entry["name"], level=level,
        aliases=tuple(entry.get("aliases") or ()), short=tuple(entry.get("short") or ()),
        codes=tuple(entry.get("codes") or ()), audience=bool(entry.get("audience")),
        valid_from=_day(entry.get("valid_from")), valid_to=_day(entry.get("valid_to")),
    )


@cache
def load(gazetteer_dir: Path = GAZETTEER_DIR, templates: Path = TEMPLATES) -> Data:
    """The gazetteer and the phrase tables, loaded once per process."""
    organs_path = gazetteer_dir / "organs.yaml"
    raw = _load_yaml(organs_path)
    organs: dict[str, Organ] = {}
    lists: dict[str, list[str]] = {"province": [], "department": [], "group": []}
    for section, level in (("central", "central"), ("province", "province"),
                           ("departments", "department"), ("groups", "group")):
        for entry in raw.get(section) or []:
            organ = _organ(entry, level, organs_path)
            organs[organ.id] = organ
            if level in lists:
                lists[level].append(organ.id)

    prov_path = gazetteer_dir / "provinces.yaml"
    provinces = [
        Province(name=p["name"], type=p.get("type", "tỉnh"), aliases=tuple(p.get("aliases") or ()),
                 current=p.get("valid_to") is None)
        for p in _load_yaml(prov_path).get("provinces") or []
    ]
    if not provinces:
        raise SynthDataError(f"{prov_path}: no provinces")

    abbr = _load_yaml(gazetteer_dir / "abbreviations.yaml")
    tpl = _load_yaml(templates)
    central = []
    for entry in tpl.get("central_documents") or []:
        central.append(CentralDocument(
            symbol=entry["symbol"], kind=entry["kind"], date=_day(entry["date"]), issuer=entry["issuer"],
            title=entry["title"], term=entry.get("term"), weight=int(entry.get("weight", 1))))
        if entry["issuer"] not in organs:
            raise SynthDataError(f"{templates}: central document {entry['symbol']} has unknown issuer {entry['issuer']!r}")
    return Data(organs=organs, provinces=provinces, kinds=dict(abbr.get("kinds") or {}),
                abbreviations=dict(abbr.get("name_abbreviations") or {}), central=central, templates=tpl,
                province_organs=lists["province"], departments=lists["department"], groups=lists["group"])


def choose_provinces(data: Data, count: int) -> list[Province]:
    """The first ``count`` provinces: the 34 of today first, then those merged in 2025 (gazetteer order)."""
    ordered = [p for p in data.provinces if p.current] + [p for p in data.provinces if not p.current]
    if not 1 <= count <= len(ordered):
        raise SynthDataError(f"--provinces must be between 1 and {len(ordered)} (the gazetteer has {len(ordered)})")
    return ordered[:count]


_CITY_RULES = (
    (re.compile(r"\bTỉnh ủy viên\b"), "Thành ủy viên"),
    (re.compile(r"\bTỉnh ủy\b"), "Thành ủy"),
    (re.compile(r"\bTỉnh đoàn\b"), "Thành đoàn"),
    (re.compile(r"\btỉnh\b"), "thành phố"),
)


def localise(name: str, province: Province) -> str:
    """How a province-level name is written in a centrally-run city: 'Tỉnh ủy' → 'Thành ủy'."""
    if not province.is_city:
        return name
    for pattern, repl in _CITY_RULES:
        name = pattern.sub(repl, name)
    return name
