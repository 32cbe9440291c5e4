"""loaders.extract.scan: a Scanner finds exactly what its pattern finds, only faster."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from loaders.extract.scan import Scanner, fold_text

CORPUS = Path(__file__).parent / "corpus" / "texts"

PATTERNS = [
    re.compile(r"(?<![\wÀ-ỹ])(?:giao(?:\s+cho)?|phân công|đề nghị)(?![\wÀ-ỹ])", re.IGNORECASE),
    re.compile(r"(?<![\wÀ-ỹ])(?:Ủy ban nhân dân|UBND|Sở\s+Nội vụ)(?![\wÀ-ỹ])"),
    re.compile(r"(?<!\w)(?:[Cc]ác\s+)?(?:[Ss]ở|SỞ)(?:\s*,\s*(?:ban|ngành))*\s*:\s*"),
    re.compile(r"\b(?:tỉnh|Tỉnh|TP\.?)\s+(?P<w>\w+)"),
    re.compile(r"(?<![\wÀ-ỹ])(?:sửa|ſửa|kiểm|ık)\w*", re.IGNORECASE),
    re.compile(r"(?<![\wÀ-ỹ])(?:σας|ΣΑΣ)", re.IGNORECASE),
    re.compile(r"(?<![\wÀ-ỹ])gửi[^.;()]{0,60}?\s(?:về|đến)\s+\d*", re.IGNORECASE),
    re.compile(r"(?<!\w)Số\s*[0-9A-Z]{1,3}\S"),
    re.compile(r"^\s*(?:Số|SỐ|số)\s*:?\s*(?P<sym>[^\s,;]+)", re.MULTILINE),     # tried at line starts
    re.compile(r"^\s*Nơi\s+nhận\s*:?", re.IGNORECASE | re.MULTILINE),
]
TEXTS = [
    "Giao UBND tỉnh, các sở, ngành: Nội vụ; GIAO   CHO Sở  Nội vụ; xgiao không; đề nghị.",
    "Các SỞ, ban, ngành : Tài chính; tỉnh Hà Nam, TP. Huế, Tỉnh-ủy; ſửa, SỬA, İk, ık, IK, Kık",
    "ΣΑΣ σας ΣΑς Σας x σαςa; ỦY BAN NHÂN DÂN, Ủy ban nhân dân; giao\ncho; phân  công",
    "Số: 12/QĐ\n  số 5\n\n\nNƠI NHẬN:\nx Số 7\n Nơi  nhận\n",
    "GỬI báo cáo về 12; gửi (x) về; Gửi\tvề\n3 Số 12a Số12 SốAB: số 1 gửi về",
    "",
]


def _found(matches) -> list:
    return [(m.span(), m.groups()) for m in matches]


@pytest.mark.parametrize("pattern", PATTERNS, ids=lambda p: p.pattern[:30])
def test_same_matches_as_the_pattern(pattern: re.Pattern) -> None:
    scanner = Scanner(pattern)
    texts = TEXTS + [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    rnd = random.Random(7)
    for text in texts:
        assert _found(scanner.finditer(text)) == _found(pattern.finditer(text))
        for _ in range(30):   # a window of the text: lookbehinds still read what comes before it
            i = rnd.randrange(len(text) + 1)
            j = rnd.randrange(i, len(text) + 1)
            assert _found(scanner.finditer(text, i, j)) == _found(pattern.finditer(text, i, j))
            got, want = scanner.search(text, i, j), pattern.search(text, i, j)
            assert (got and (got.span(), got.groups())) == (want and (want.span(), want.groups()))


def test_the_scanner_is_used_where_start_words_are_known() -> None:
    assert Scanner(PATTERNS[0]).prefilter is not None
    assert {w[:2] for w in Scanner(PATTERNS[2]).words} == {"Cá", "cá", "Sở", "sở", "SỞ"}
    # a match may start with any letter: the scanner is the plain pattern
    assert Scanner(re.compile(r"(?<!\w)\w+ ủy")).prefilter is None
    assert Scanner(re.compile(r"(?i:giao)|phân công")).prefilter is None   # inline case rules
    assert Scanner(re.compile(r"^\s*x|y", re.MULTILINE)).prefilter is None  # not every match at a line start


def test_fold_is_the_engines_case_insensitive_equality() -> None:
    """Each character folds to the least member of its class under the engine's own case-insensitive
    equality (its simple lower case, joined by the ``re._casefix`` table), so two characters the
    engine takes as equal always fold alike, and no others do."""
    _sre = pytest.importorskip("_sre", reason="the check reads CPython's regex engine tables")
    casefix = pytest.importorskip("re._casefix", reason="the check reads CPython's regex engine tables")
    extra = casefix._EXTRA_CASES
    chars = "".join(chr(cp) for cp in range(0x110000) if not 0xD800 <= cp <= 0xDFFF)
    folded = fold_text(chars)
    assert len(folded) == len(chars)
    for ch, f in zip(chars, folded, strict=True):
        low = _sre.unicode_tolower(ord(ch))
        assert ord(f) == min((low, *extra.get(low, ()))), (ch, f)
    samples = ["ſ", "s", "S", "ı", "I", "i", "İ", "σ", "ς", "Σ", "K", "k", "\u212a", "Ủ", "ủ", "đ", "Đ"]
    for a in samples:   # and the engine agrees on a few
        for b in samples:
            same = re.compile(re.escape(a), re.IGNORECASE).fullmatch(b) is not None
            assert same == (fold_text(a) == fold_text(b)), (a, b)


def test_organ_matchers_start_words_are_those_read_from_their_patterns() -> None:
    """The organ matchers take the start words of each writing (cached across provinces); they are
    the words the scanner reads from the whole trie pattern."""
    from loaders.extract.organs import _matcher

    for city, province in ((False, None), (True, None), (False, "Nghệ An"), (True, "Hà Nội")):
        m = _matcher(city, province)
        for given, pattern in ((m.loose_scan, m.loose), (m.exact_scan, m.exact)):
            read = Scanner(pattern)
            assert given.prefilter is not None
            assert given.words == read.words
