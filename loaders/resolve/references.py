"""Unnumbered references by name: one canonical name for every writing of the same document.

Party congress resolutions are cited in many ways: "Nghị quyết Đại hội XIII của Đảng",
"Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII", "Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XX",
"Nghị quyết Đại hội XI Đảng bộ tỉnh", "Đại hội Đảng bộ tỉnh khóa XX", "... lần thứ 20".  They
normalise to (body, ordinal): ("dang", 13) national, ("dang-bo-tinh", 20) provincial, and to the
key slug ``nghi-quyet-dai-hoi-dang-xiii`` / ``nghi-quyet-dai-hoi-dang-bo-tinh-xx``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from loaders.resolve.keys import short_slug
from loaders.text import fold, slug

NATIONAL_BODY = "dang"
PROVINCIAL_BODY = "dang-bo-tinh"

_ROMAN = re.compile(r"^(?=[ivxlc]+$)(c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")
_ROMAN_VALUES = (("c", 100), ("xc", 90), ("l", 50), ("xl", 40), ("x", 10), ("ix", 9), ("v", 5),
                 ("iv", 4), ("i", 1))
_ORDINAL = r"([ivxlc]+|\d{1,2})"
# Where the ordinal sits, in folded text.
_ORDINAL_PLACES = (
    re.compile(r"\blan thu\s+" + _ORDINAL + r"\b"),
    re.compile(r"\bkhoa\s+" + _ORDINAL + r"\b"),
    re.compile(r"\bdai hoi\s+(?:dai bieu\s+)?(?:toan quoc\s+)?" + _ORDINAL + r"\b"),
)
_PROVINCIAL = re.compile(r"\bdang bo (?:tinh|thanh pho)\b")
# Bodies other than the party whose congresses are numbered too: never the party's resolution.
_OTHER_BODY = re.compile(r"\b(?:doan|hoi|cong doan|mat tran|phu nu|cuu chien binh|nong dan|dang bo huyen|"
                         r"dang bo xa|dang bo khoi|dang bo co so|chi bo)\b")
_KINDS_BEFORE = re.compile(r"^(?:cac\s+)?(nghi quyet|van kien|bao cao chinh tri|chuong trinh hanh dong)\s+")


@dataclass(frozen=True)
class Congress:
    body: str        # dang | dang-bo-tinh
    ordinal: int

    @property
    def national(self) -> bool:
        return self.body == NATIONAL_BODY


def roman_to_int(value: str) -> int | None:
    m = _ROMAN.match(value.lower())
    if not value or not m:
        return None
    total, rest = 0, value.lower()
    for letters, number in _ROMAN_VALUES:
        while rest.startswith(letters):
            total += number
            rest = rest[len(letters):]
    return total or None


def int_to_roman(value: int) -> str:
    out = []
    for letters, number in _ROMAN_VALUES:
        while value >= number:
            out.append(letters)
            value -= number
    return "".join(out)


def _ordinal(token: str) -> int | None:
    return int(token) if token.isdigit() else roman_to_int(token)


def congress(text: str) -> Congress | None:
    """The party congress a reference names, or None when it is not one (or its number is missing)."""
    folded = fold(text)
    start = folded.find("dai hoi")
    if start < 0:
        return None
    tail = folded[start:]
    ordinal = None
    for place in _ORDINAL_PLACES:
        m = place.search(tail)
        if m and (ordinal := _ordinal(m.group(1))):
            break
    if not ordinal:
        return None
    if _PROVINCIAL.search(tail):
        return Congress(PROVINCIAL_BODY, ordinal)
    if _OTHER_BODY.search(tail[len("dai hoi"):]) and not re.search(r"\bcua dang\b", tail):
        return None
    return Congress(NATIONAL_BODY, ordinal)


def _kind_prefix(kind: str | None, folded_title: str) -> str:
    m = _KINDS_BEFORE.match(folded_title)
    if m:
        return slug(m.group(1))
    return slug(kind) if kind else "nghi-quyet"


def congress_slug(found: Congress, kind: str | None, title: str) -> str:
    prefix = _kind_prefix(kind, fold(title))
    return f"{prefix}-dai-hoi-{found.body}-{int_to_roman(found.ordinal)}"


def titled_slug(kind: str | None, title: str) -> str:
    """Any other named reference: kind + title, without the kind twice, cut at a word boundary."""
    if kind and fold(title).startswith(fold(kind)):
        return short_slug(title)
    return short_slug(f"{kind} {title}" if kind else title)
