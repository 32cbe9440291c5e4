"""What extraction produces: plain dataclasses, one Extraction per text.

Every item keeps the character span of the sentence it came from (offsets
into ``Text.text`` / ``Text.display``, which have the same length).  The
``key`` fields are empty after extraction and filled by ``loaders.resolve``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import msgspec


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
        """``dataclasses.asdict(self)``, made by msgspec (the same dict, several times faster)."""
        return msgspec.to_builtins(self)


def extraction_from_dict(data: dict) -> Extraction:
    """The inverse of ``Extraction.to_dict`` (a ``msgspec.ValidationError`` when ``data`` is not one)."""
    return msgspec.convert(data, Extraction)
