"""How Vietnamese does a decoded text look? Used to choose between candidate encodings.

A wrong decoding of Vietnamese bytes yields words no Vietnamese syllable can be
("Vieät", "TØnh", "Viờũt"); the right one yields syllables that follow the
language's structure: onset + vowel nucleus + coda, with at most one tone mark.
Only words with a non-ASCII letter are judged: plain ASCII words look the same
in every candidate.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

_ONSETS = "ngh ng nh ch gh gi kh ph qu th tr b c d đ g h k l m n p r s t v x".split()
_NUCLEI = (
    "a ă â e ê i o ô ơ u ư y "
    "ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi oo ua uâ uê ui uô uơ uy ưa ưi ươ ưu yê "
    "iêu oai oao oay oeo uây uôi uya uyê uyu ươi ươu yêu"
).split()
_CODAS = "ch nh ng c m n p t".split()
_SYLLABLE = re.compile("(?:{})?(?:{})(?:{})?".format(
    *("|".join(sorted(part, key=len, reverse=True)) for part in (_ONSETS, _NUCLEI, _CODAS))))
_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=65536)
def is_syllable(word: str) -> bool:
    """True when ``word`` (any case, any normal form) can be one Vietnamese syllable."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = sum(1 for ch in decomposed if ch in _TONE_MARKS)
    if tones > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONE_MARKS))
    return _SYLLABLE.fullmatch(bare) is not None


@dataclass(frozen=True)
class Score:
    valid: int      # words with a non-ASCII letter that are Vietnamese syllables
    invalid: int    # words with a non-ASCII letter that are not

    @property
    def total(self) -> int:
        return self.valid + self.invalid

    @property
    def ratio(self) -> float:
        return self.valid / self.total if self.total else 1.0

    @property
    def value(self) -> int:
        return self.valid - 2 * self.invalid


def score(text: str) -> Score:
    """Valid and invalid words of ``text`` (words with a non-ASCII letter only).

    Counted per whitespace-separated token (no word crosses white space), each distinct token
    judged once: a text repeats its syllables, and documents share most of theirs."""
    valid = invalid = 0
    for token, count in Counter(unicodedata.normalize("NFC", text).split()).items():
        if token.isascii():
            continue
        v, i = _token_score(token) if len(token) <= 32 else _words_score(token)
        valid += v * count
        invalid += i * count
    return Score(valid, invalid)


def _words_score(token: str) -> tuple[int, int]:
    valid = invalid = 0
    for word in _WORD.findall(token):
        if word.isascii():
            continue
        if len(word) <= 8 and is_syllable(word):
            valid += 1
        else:
            invalid += 1
    return valid, invalid


_token_score = lru_cache(maxsize=65536)(_words_score)


def sample(text: str, size: int = 96_000) -> str:
    """Head, middle and tail of a long text: enough to judge it, in bounded time."""
    if len(text) <= 3 * size:
        return text
    middle = len(text) // 2
    return "\n".join((text[:size], text[middle:middle + size], text[-size:]))
