"""What extraction produces: plain dataclasses, one Extraction per text.

Every item keeps the character span of the sentence it came from (offsets
into ``Text.text`` / ``Text.display``, which have the same length).  The
``key`` fields are empty after extraction and filled by ``loaders.resolve``.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import types
import typing
from dataclasses import dataclass, field


@dataclass
class Span:
    start: int
    end: int


@dataclass
class OrganRef:
    """An organ (or a group of organs, or a post group) named in a text."""

    name: str                     # canonical name from the gazetteer: "Ban Dân vận Tỉnh ủy"
    organ_id: str                 # gazetteer id: "ban-dan-van-tinh-uy"
    level: str                    # central | province | district | group
    surface: str = ""             # as written: "BCS đảng UBND tỉnh"
    span: Span | None = None      # the mention itself
    category: str = ""            # party | state | mass | central | group | post ...
    key: str = ""                 # filled by resolve


@dataclass
class DocumentInfo:
    kind: str | None = None       # Thông báo, Nghị quyết, ..., Tin (news)
    symbol: str | None = None     # 677-TB/TU ; None when the text carries none
    date: str | None = None       # ISO issue date
    province: str | None = None   # only from the text or its meta file
    issuer: str | None = None     # canonical organ name
    issuer_ref: OrganRef | None = None
    signer: str | None = None
    signer_post: str | None = None
    signing_mode: str | None = None   # K/T | T/L | T/M | TM | Q | TUQ
    title: str | None = None      # subject line
    place: str | None = None      # "Hà Tĩnh" in "Hà Tĩnh, ngày ..."
    recipients: list[OrganRef] = field(default_factory=list)
    span: Span | None = None      # the header / signature block
    fulfils: list[str] = field(default_factory=list)   # keys of tasks this document reports on (resolve)
    key: str = ""


@dataclass
class Meeting:
    date: str | None
    kind: str                     # "Hội nghị giao ban", "Hội nghị đối thoại", ...
    chairs: list[str] = field(default_factory=list)        # posts or names
    attendees: list[OrganRef] = field(default_factory=list)
    span: Span | None = None
    key: str = ""


@dataclass
class Citation:
    symbol: str | None            # normalised symbol; None for an unnumbered reference
    kind: str | None              # Nghị quyết, Kết luận ...
    date: str | None = None
    year: int | None = None       # from the symbol or the date
    number: str | None = None     # "01" when the text gives only the number
    issuer: str | None = None     # canonical organ name
    issuer_ref: OrganRef | None = None
    title: str | None = None      # subject, or the name of an unnumbered reference
    relation: str = "cites"       # cites | implements | based_on | suspends | amends | replaces | repeals | records
    symbol_inferred: bool = False  # symbol built from number + kind + issuer
    scope: str | None = None      # national | province
    span: Span | None = None
    key: str = ""                 # the cited document's key, filled by resolve
    resolved: bool = False        # True when the key names a document we know


@dataclass
class Person:
    name: str
    posts: list[str] = field(default_factory=list)
    span: Span | None = None
    key: str = ""


@dataclass
class Deadline:
    text: str                     # the words of the text: "chậm nhất sau 45 ngày làm việc ..."
    date: str | None = None       # resolved ISO date when the text allows it
    month: str | None = None      # "2021-07"
    quarter: str | None = None    # "2020-Q1"
    working_days: int | None = None
    days: int | None = None
    anchor: str | None = None     # "issue" for "kể từ ngày ban hành"
    recurring: list[str] = field(default_factory=list)   # ["06-05", "12-05"] for "05/6 và 05/12 hàng năm"
    reason: str | None = None     # why no date: "ngày ban hành chưa rõ"


@dataclass
class Task:
    ref: str                      # numbering in the text: "3.1", "2", "" ...
    text: str
    span: Span | None = None
    kind: str = "assignment"      # assignment | monitoring
    leads: list[OrganRef] = field(default_factory=list)
    coordinators: list[OrganRef] = field(default_factory=list)
    executors: list[OrganRef] = field(default_factory=list)
    report_to: list[OrganRef] = field(default_factory=list)
    via: list[OrganRef] = field(default_factory=list)
    deadline: Deadline | None = None
    recurrence: str | None = None  # yearly | quarterly | monthly | half-yearly | periodic
    done: str | None = None        # ISO date it was reported done (resolve: a later report or a meta file)
    done_by: str | None = None     # key of the document that says so
    key: str = ""


@dataclass
class Extraction:
    source: str
    document: DocumentInfo
    meetings: list[Meeting] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    organs: list[OrganRef] = field(default_factory=list)   # each organ once
    people: list[Person] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return _plain(self)


# Values that ``copy.deepcopy`` returns as they are (exact types: a subclass takes the general path).
_ATOMIC = frozenset({str, int, float, bool, type(None)})


@functools.cache
def _field_names(tp: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(tp))


def _plain(obj):
    """``dataclasses.asdict(obj)``, the same result, with the fields of each class looked up once and
    strings and numbers not sent through ``copy.deepcopy`` (which returns them as they are)."""
    tp = type(obj)
    if tp in _ATOMIC:
        return obj
    if dataclasses.is_dataclass(tp):
        return {name: _plain(getattr(obj, name)) for name in _field_names(tp)}
    if isinstance(obj, tuple) and hasattr(obj, "_fields"):
        return tp(*[_plain(v) for v in obj])
    if isinstance(obj, (list, tuple)):
        return tp(_plain(v) for v in obj)
    if isinstance(obj, dict):
        return tp((_plain(k), _plain(v)) for k, v in obj.items())
    return copy.deepcopy(obj)


@functools.cache
def _fields(tp: type) -> tuple[tuple[str, object], ...]:
    """(name, type) of each field of a dataclass, its annotations evaluated once per class (this
    module's ``from __future__ import annotations`` makes them strings: ``get_type_hints`` evals
    and compiles each of them on every call)."""
    hints = typing.get_type_hints(tp)
    return tuple((f.name, hints[f.name]) for f in dataclasses.fields(tp))


def _convert(tp, value):
    """Rebuild a value of type ``tp`` from its ``asdict`` form (for cached extractions)."""
    if value is None:
        return None
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(tp) if a is not type(None)]
        return _convert(inner[0], value) if len(inner) == 1 else value
    if origin is list:
        (item,) = typing.get_args(tp)
        return [_convert(item, v) for v in value]
    if dataclasses.is_dataclass(tp):
        return tp(**{name: _convert(hint, value[name]) for name, hint in _fields(tp) if name in value})
    return value


def extraction_from_dict(data: dict) -> Extraction:
    """The inverse of ``Extraction.to_dict``."""
    return _convert(Extraction, data)
