"""Key formats: the path after ``https://w3id.org/vn-directives/id/`` for every kind of entity.

Only string building lives here; deciding *which* document, meeting or scope a mention stands for
is the job of the other modules of ``loaders.resolve``.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from loaders.extract.model import OrganRef
from loaders.resolve.symbols import clean_symbol
from loaders.text import slug

ID_BASE = "https://w3id.org/vn-directives/id/"
NATIONAL_SCOPE = "vn"
UNKNOWN_YEAR = "unknown"
MAX_SLUG = 80
_SAFE_REF = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.\-]*$")


def file_stem(source: str) -> str:
    """'data/corpus/000_13a6.txt' → '000_13a6'."""
    return PurePosixPath(source.replace("\\", "/")).stem


def unknown_scope(source: str) -> str:
    """Stands for the province of a text that names none: never guessed, never shared."""
    return f"unknown-{slug(file_stem(source))}"


def short_slug(text: str, limit: int = MAX_SLUG) -> str:
    """A slug cut at a word boundary so that long subjects make usable keys."""
    value = slug(text)
    if len(value) <= limit:
        return value
    cut = value[:limit + 1]
    return cut[:cut.rfind("-")] if "-" in cut else value[:limit]


def symbol_slug(symbol: str) -> str:
    """'01 - ĐA/TU' → '01-da-tu': the symbol's part of a document key."""
    return slug(clean_symbol(symbol))


def symbol_doc_key(scope: str, symbol_slug: str, year: int | str | None) -> str:
    """'ha-nam', '01-da-tu' (``symbol_slug``), 2021 → 'doc/ha-nam/01-da-tu/2021'."""
    return f"doc/{scope}/{symbol_slug}/{year if year else UNKNOWN_YEAR}"


def file_doc_key(source: str) -> str:
    return f"doc/file/{slug(file_stem(source))}"


def named_doc_key(scope: str, name_slug: str) -> str:
    return f"doc/{scope}/{name_slug}"


def organ_key(ref: OrganRef, province_scope: str) -> str:
    """Central organs are national; groups and post groups live under ``group/`` of the province."""
    organ_id = ref.organ_id or slug(ref.name)
    if ref.level == "central":
        return f"organ/{NATIONAL_SCOPE}/{organ_id}"
    if ref.level in ("group", "post") or ref.category in ("group", "post-group"):
        return f"organ/{province_scope}/group/{organ_id}"
    return f"organ/{province_scope}/{organ_id}"


def person_key(province_scope: str, name: str) -> str:
    return f"person/{province_scope}/{slug(name)}"


def meeting_key(province_scope: str, date: str, kind_slug: str) -> str:
    return f"meeting/{province_scope}/{date}/{kind_slug}"


def task_key(doc_key: str, ref: str) -> str:
    """'doc/ha-nam/01-da-tu/2021', '3.1' → 'task/doc_ha-nam_01-da-tu_2021/3.1'."""
    return f"task/{doc_key.replace('/', '_')}/{ref}"


def task_refs(refs: list[str]) -> list[str]:
    """One key fragment per task, in order: its own numbering when usable, else its position;
    repeats get a suffix ('3.1', '3.1-2')."""
    out: list[str] = []
    seen: set[str] = set()
    for index, ref in enumerate(refs, start=1):
        ref = (ref or "").strip().rstrip(".")
        base = ref if _SAFE_REF.match(ref) else (slug(ref) or str(index))
        value, n = base, 1
        while value in seen:
            n += 1
            value = f"{base}-{n}"
        seen.add(value)
        out.append(value)
    return out
