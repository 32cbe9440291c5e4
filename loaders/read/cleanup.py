"""The last steps every reader shares: tidy line ends and controls, NFC, drop page furniture.

Offsets matter downstream (``Text.pages``, spans), so readers call ``finish``
on each piece *before* computing offsets; ``Text`` then has nothing left to change.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path

import yaml

from loaders.read import legacy
from loaders.read.base import Refused

DATA = Path(__file__).parent / "data"
_NEWLINES = re.compile(r"\r\n?|[\v\f\x85\u2028\u2029]")
_NEWLINE_CHARS = re.compile(r"[\r\v\f\x85\u2028\u2029]")   # the characters _NEWLINES starts with
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_VISIBLE = re.compile(r"[^\s\ufeff\u200b-\u200d\u2060\u00ad]")
_LEADING_SCAN_LINES = 12


@cache
def navigation() -> dict:
    """The page-furniture rules of ``data/navigation.yaml``."""
    with (DATA / "navigation.yaml").open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@cache
def _line_set(key: str) -> frozenset[str]:
    return frozenset(_line_key(line) for line in navigation()[key])


def _line_key(line: str) -> str:
    return " ".join(unicodedata.normalize("NFC", line).split()).casefold()


def is_navigation_line(line: str, key: str = "html_lines") -> bool:
    return _line_key(line) in _line_set(key)


def finish(text: str, repair_legacy: bool = True) -> str:
    """Line ends to ``\\n``, control characters out, legacy-font text converted, NFC."""
    if _NEWLINE_CHARS.search(text):   # (most texts have none: no substitution pass)
        text = _NEWLINES.sub("\n", text)
    text = _CONTROLS.sub("", text)
    if repair_legacy:
        text, _ = legacy.repair(text)
    return unicodedata.normalize("NFC", text)


def drop_leading_navigation(text: str) -> str:
    """Drop web-page furniture lines ("Skip Ribbon Commands" ...) at the very start of a text."""
    lines = text.split("\n", _LEADING_SCAN_LINES)
    dropped = 0
    for line in lines[:_LEADING_SCAN_LINES]:
        if line.strip() and not is_navigation_line(line, "leading_lines"):
            break
        dropped += 1
    if not any(is_navigation_line(line, "leading_lines") for line in lines[:dropped]):
        return text
    return "\n".join(lines[dropped:])


def collapse_spaces(line: str) -> str:
    return _SPACES.sub(" ", line).strip()


def require_text(text: str, what: str = "empty") -> str:
    if not _VISIBLE.search(text):
        raise Refused(what, "empty")
    return text
