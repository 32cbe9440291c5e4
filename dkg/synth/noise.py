"""Whole-file noise that real documents carry and a reader must absorb: the old tone style
("Tỉnh uỷ"), doubled spaces, Unicode NFD. None of it changes what the text says, so the truth
stays as it is (the scorer and loaders/text.py normalise all three).
"""

from __future__ import annotations

import random
import re
import unicodedata

# New-style tone placement written the old way; the inverse of loaders/text.py's table.
_OLD = {"ủy": "uỷ", "úy": "uý", "ùy": "uỳ", "ũy": "uỹ", "ụy": "uỵ",
        "òa": "oà", "óa": "oá", "ỏa": "oả", "õa": "oã", "ọa": "oạ",
        "òe": "oè", "óe": "oé", "ỏe": "oẻ", "õe": "oẽ", "ọe": "oẹ"}
_OLD.update({k[0].upper() + k[1:]: v[0].upper() + v[1:] for k, v in list(_OLD.items())})
_OLD_RE = re.compile(r"(?<![qQ])(" + "|".join(map(re.escape, _OLD)) + r")(?!\w)")
_SPACE = re.compile(r"(?<=\w) (?=\w)")


def old_tone_style(text: str) -> str:
    """'Tỉnh ủy' → 'Tỉnh uỷ', 'hòa' → 'hoà' (only where the syllable ends there)."""
    return _OLD_RE.sub(lambda m: _OLD[m.group(1)], text)


def double_spaces(text: str, rng: random.Random, count: int = 6) -> str:
    spaces = [m.start() for m in _SPACE.finditer(text)]
    if not spaces:
        return text
    chosen = sorted(rng.sample(spaces, min(count, len(spaces))), reverse=True)
    for pos in chosen:
        text = text[:pos] + "  " + text[pos + 1:]
    return text


def apply(text: str, rng: random.Random, noise: dict) -> tuple[str, list[str]]:
    """The text with its file-level noise, and the names of what was applied."""
    applied = []
    if rng.random() < noise["old_tone"]:
        text = old_tone_style(text)
        applied.append("old_tone")
    if rng.random() < noise["double_spaces"]:
        text = double_spaces(text, rng, rng.randint(3, 10))
        applied.append("double_spaces")
    if rng.random() < noise["nfd"]:
        text = unicodedata.normalize("NFD", text)
        applied.append("nfd")
    return text, applied
