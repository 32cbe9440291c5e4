"""Vietnamese text normalisation shared by every step.

Two forms of a text travel together and have the same length, so that a
character span found in one is valid in the other:

* ``display``: NFC, the author's own tone placement ("Tỉnh uỷ"), for showing;
* ``text``: NFC, one tone-placement style ("Tỉnh ủy"), markdown emphasis
  characters blanked out; every extractor works on this form.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache

# Old-style tone placement ("uỷ", "hoà") written the new way ("ủy", "hòa").
_TONE_MAP = {
    "uỷ": "ủy", "uý": "úy", "uỳ": "ùy", "uỹ": "ũy", "uỵ": "ụy",
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
}
_TONE_MAP.update({k.upper(): v.upper() for k, v in list(_TONE_MAP.items())})
_TONE_MAP.update({k[0].upper() + k[1:]: v[0].upper() + v[1:] for k, v in list(_TONE_MAP.items()) if k.islower()})
# Only an open syllable ending in the pair moves its mark: "hoàn", "Đoàn", "khuỷu" keep theirs;
# after q ("quý", "quả") the u is a glide and the mark stays where it is.
# (the lookbehind sits after the first letter, so that the regex engine jumps from u/o to u/o)
_TONE_RE = re.compile(r"([uUoO](?<![qQ][uUoO])[ỷýỳỹỵỶÝỲỸỴàáảãạÀÁẢÃẠèéẻẽẹÈÉẺẼẸ])(?![\wÀ-ỹ])")

_DASHES = re.compile(r"[\u2010\u2011\u2012\u2013\u2014\u2015\u2212]")
_MARKUP = re.compile(r"[*#_\u200b\ufeff\u00ad]")


def nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value)


def new_tone_style(value: str) -> str:
    """'Tỉnh uỷ' → 'Tỉnh ủy', 'hoà' → 'hòa'; the length never changes."""
    return _TONE_RE.sub(lambda m: _TONE_MAP.get(m.group(1), m.group(1)), value)


@lru_cache(maxsize=16384)
def normalize(value: str) -> str:
    """Canonical form of a short string (names, symbols): NFC, new tone style, single spaces."""
    value = new_tone_style(nfc(value))
    value = _DASHES.sub("-", value)
    return re.sub(r"\s+", " ", value).strip()


def analysis_form(display: str) -> str:
    """The form extractors read: same length as ``display``."""
    out = new_tone_style(display)
    out = _DASHES.sub("-", out)
    out = _MARKUP.sub(" ", out)
    out = out.replace("\u00a0", " ")
    out = _unwrap_lines(out)
    assert len(out) == len(display)
    return out


def _unwrap_lines(text: str) -> str:
    """``_wrapped_lines().sub(lambda m: _unwrap(text, m), text)``, trying the pattern only at the line
    breaks: each of its matches holds one line break and starts on that line, either at an open
    word that ends the line or right after the line's last visible character."""
    pattern = _wrapped_lines()
    pieces: list[str] = []
    done = 0
    brk = text.find("\n")
    while brk >= 0:
        end = brk
        while end > done and text[end - 1] in " \t":
            end -= 1
        starts = sorted({end - len(w) for w in _OPEN_BY_LAST.get(text[end - 1:end], ()) if text.endswith(w, done, end)})
        for start in (*starts, end):
            m = pattern.match(text, start)
            if m is not None:
                pieces.append(text[done:m.start()])
                pieces.append(_unwrap(text, m))
                done = m.end()
                break
        brk = text.find("\n", brk + 1)
    if not pieces:
        return text
    pieces.append(text[done:])
    return "".join(pieces)


class _WithoutMarks(dict):
    """``str.translate`` table dropping every combining mark (Unicode category Mn), filled the first
    time each character is met (the text is walked in C, not one Python call a character)."""

    def __missing__(self, codepoint: int) -> int | None:
        kept = None if unicodedata.category(chr(codepoint)) == "Mn" else codepoint
        self[codepoint] = kept
        return kept


_WITHOUT_MARKS = _WithoutMarks()


@lru_cache(maxsize=16384)
def fold(value: str) -> str:
    """Lower case without diacritics: 'Tỉnh đoàn' → 'tinh doan' (search, keys)."""
    value = normalize(value).lower().replace("đ", "d")
    return unicodedata.normalize("NFD", value).translate(_WITHOUT_MARKS)


def slug(value: str) -> str:
    """A key fragment for IRIs: 'Ban Dân vận Tỉnh ủy' → 'ban-dan-van-tinh-uy', '01-ĐA/TU' → '01-da-tu'."""
    return re.sub(r"[^a-z0-9]+", "-", fold(value)).strip("-")


@dataclass
class Text:
    """A decoded document: what ``loaders.read`` hands to ``loaders.extract``."""

    source: str                      # the file path as given
    display: str                     # NFC, original tone style
    format: str = "txt"              # txt | docx | pdf | html
    meta: dict = field(default_factory=dict)   # from NAME.meta.yaml, if any
    pages: list[int] = field(default_factory=list)  # offsets where pages start (pdf)
    text: str = ""                   # analysis form, filled from display

    def __post_init__(self) -> None:
        self.display = nfc(self.display)
        self.text = analysis_form(self.display)

    @property
    def name(self) -> str:
        return self.source.replace("\\", "/").rsplit("/", 1)[-1]


def _letters(predicate) -> str:
    chars = [chr(c) for c in range(0x41, 0x1EFA) if chr(c).isalpha() and predicate(chr(c))
             and (c < 0x250 or c >= 0x1E00)]
    return "".join(chars)


# Regex classes of Vietnamese (Latin) letters by case: "[" + UPPER + "]".
UPPER = re.escape(_letters(str.isupper))
LOWER = re.escape(_letters(str.islower))


def _unwrap(text: str, m: re.Match) -> str:
    """Spaces for the line break, unless the line before is a heading in capitals ("KẾ HOẠCH")."""
    if m.group("word"):
        return m.group("word") + " " * len(m.group("gap"))
    line = text[text.rfind("\n", 0, m.start()) + 1:m.start()]
    return m.group(0) if line.isupper() else " " * len(m.group(0))


# Words that never end a sentence: a line that stops on one of them goes on in the next line, even
# when that line starts with a capital ("Căn cứ\nLuật ...", "giám sát của\nQuốc hội").
_OPEN_WORDS = ("của", "và", "về", "với", "cho", "tại", "theo", "trong", "các", "những", "số", "là", "được",
               "để", "từ", "đến", "trên", "giữa", "hoặc", "cùng", "thuộc", "do", "bởi", "cứ", "đối", "nhằm")


_OPEN_BY_LAST: dict[str, tuple[str, ...]] = {}
for _word in _OPEN_WORDS:
    _OPEN_BY_LAST[_word[-1]] = (*_OPEN_BY_LAST.get(_word[-1], ()), _word)


@cache
def _wrapped_lines() -> re.Pattern:
    """A line break inside a sentence (a hard-wrapped text): the next line starts with a small letter
    ("Căn cứ Luật Tổ chức HĐND\nvà UBND ngày ..."), not with a lettered item ("a) ..."); or the line
    stops on a word that never ends a sentence."""
    words = "|".join(_OPEN_WORDS)
    return re.compile(rf"(?<![\w{LOWER}{UPPER}])(?P<word>{words})(?P<gap>[ \t]*\n)(?=[ \t]*[{UPPER}{LOWER}])"
                      rf"|(?<=\S)[ \t]*\n(?=[ \t]*[{LOWER}](?![).]))")
