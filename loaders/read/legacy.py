"""The pre-Unicode Vietnamese font encodings VNI (VNI Windows) and TCVN3 (ABC).

Both put Vietnamese letters in the Latin-1 byte range, so a file typed with
the .VnTime or VNI-Times fonts reads as "Th«ng b¸o" (TCVN3) or "Thoâng baùo"
(VNI). The tables are data files (``data/tcvn3.tsv``, ``data/vni.tsv``); the
code here only applies them. The same tables repair text that has already been
turned into Unicode the naive way (a .docx or UTF-8 file typed in a legacy font).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from loaders.read import vietnamese

DATA = Path(__file__).parent / "data"
ENCODINGS = ("vni", "tcvn3")

# Repair Unicode text only when the original is clearly not Vietnamese and the
# conversion clearly is.
_REPAIR_MAX_ORIGINAL_RATIO = 0.5
_ACCEPT_MIN_RATIO = 0.7
_MIN_WORDS = 3


@cache
def table(name: str) -> dict[str, str]:
    """Legacy sequence (as Latin-1 characters) → Unicode, from ``data/<name>.tsv``."""
    mapping: dict[str, str] = {}
    for number, line in enumerate((DATA / f"{name}.tsv").read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        codes, _, letter = line.partition("\t")
        if not letter:
            raise ValueError(f"{DATA / name}.tsv:{number}: expected 'HEX [HEX]<TAB>letter'")
        mapping["".join(chr(int(code, 16)) for code in codes.split())] = letter.strip()
    return mapping


@cache
def _converter(name: str):
    mapping = table(name)
    if all(len(key) == 1 for key in mapping):
        translation = str.maketrans(mapping)
        return lambda text: text.translate(translation)
    pattern = re.compile("|".join(map(re.escape, sorted(mapping, key=len, reverse=True))))
    return lambda text: pattern.sub(lambda match: mapping[match.group()], text)


def convert(text: str, name: str) -> str:
    """Apply the legacy table ``name`` to text whose legacy bytes appear as Latin-1 characters."""
    text = _converter(name)(text)
    if name == "tcvn3":
        text = _CAPITAL_LINE.sub(_upper_if_all_capitals, text)
        text = _CAPITAL_WORD.sub(_upper_if_capitals, text)
    return text


def decode(data: bytes, name: str) -> str:
    """Legacy bytes → Unicode. Bytes 0x80-0x9F are the Windows punctuation (“ ” – …) around the letters."""
    return convert(data.decode("latin-1").translate(_WINDOWS_PUNCTUATION), name)


def _windows_punctuation() -> dict[int, str]:
    table = {}
    for byte in range(0x80, 0xA0):
        try:
            table[byte] = bytes([byte]).decode("cp1252")
        except UnicodeDecodeError:
            continue
    return table


_WINDOWS_PUNCTUATION = _windows_punctuation()
_CAPITAL_LINE = re.compile(r"^.*[a-zà-ỹđ].*$", re.MULTILINE)
_CAPITAL_WORD = re.compile(r"\b(?=\w*[A-ZĂÂĐÊÔƠƯ])\w*[a-zà-ỹđ]\w*\b")


def _upper_if_all_capitals(match: re.Match) -> str:
    """A heading typed in a .VnXxxH font: every plain letter is a capital, the accented ones came out small."""
    line = match.group()
    plain = [ch for ch in line if "A" <= ch <= "Z" or "a" <= ch <= "z"]
    if len(plain) < 4 or any(ch.islower() for ch in plain) or "ß" in line:
        return line
    return line.upper()


def _upper_if_capitals(match: re.Match) -> str:
    """TCVN3 has no codes for most accented capitals: "THôNG BáO" was typed as "THÔNG BÁO"."""
    word = match.group()
    if any("a" <= ch <= "z" for ch in word):     # a lower-case ASCII letter: the word is not in capitals
        return word
    if sum(ch.isupper() for ch in word) < 2:     # "Bà", "Đà": a capital initial, nothing more to tell
        return word
    return word.upper()


def has_legacy_marks(text: str) -> bool:
    """Cheap pre-check: does the text hold Latin-1 letters or symbols at all?"""
    return any("\u00a1" <= ch <= "\u00ff" for ch in text)


def best_repair(text: str) -> tuple[str, vietnamese.Score] | None:
    """The legacy encoding under which ``text`` (already Unicode) reads as Vietnamese, if any.

    Judged on a sample; returns (encoding name, its score) or None when the text
    should stay as it is.
    """
    sample = vietnamese.sample(text)
    if not has_legacy_marks(sample):
        return None
    original = vietnamese.score(sample)
    if original.total >= _MIN_WORDS and original.ratio > _REPAIR_MAX_ORIGINAL_RATIO:
        return None
    best: tuple[str, vietnamese.Score] | None = None
    for name in ENCODINGS:
        candidate = vietnamese.score(convert(sample, name))
        if candidate.total < _MIN_WORDS or candidate.ratio < _ACCEPT_MIN_RATIO:
            continue
        if candidate.value <= original.value:
            continue
        if best is None or candidate.value > best[1].value:
            best = (name, candidate)
    return best


def repair(text: str) -> tuple[str, str | None]:
    """(text, None) when the text is fine; (converted text, encoding) when it was typed in VNI/TCVN3."""
    found = best_repair(text)
    if found is None:
        return text, None
    return convert(text, found[0]), found[0]
