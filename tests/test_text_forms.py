"""loaders.text: the fast paths of the analysis form give what the plain regex substitutions give."""

from __future__ import annotations

import random
import re

from loaders.text import _OPEN_WORDS, _TONE_RE, _unwrap, _unwrap_lines, _wrapped_lines, new_tone_style

PIECES = [*_OPEN_WORDS, "Căn cứ", "KẾ HOẠCH", "Quốc hội", "a)", "b.", "đ)", "x", "HĐND", "ủy", "uỷ", "hoà", "quý",
          "Quỷ", "thuộc", "xcủa", "củax", " ", "  ", "\t", "\n", "\n\n", " \n", "\t\n  ", ".", ",", ";", "-", "\u2003"]


def _texts(n: int) -> list[str]:
    rnd = random.Random(11)
    return ["".join(rnd.choice(PIECES) for _ in range(rnd.randrange(0, 40))) for _ in range(n)]


def test_unwrap_lines_is_the_regex_substitution() -> None:
    pattern = _wrapped_lines()
    for text in _texts(4000) + ["của\nvà\nQuốc hội", "KẾ HOẠCH\nthực hiện", "x \t\nviệc", "do\n a) b"]:
        assert _unwrap_lines(text) == pattern.sub(lambda m, t=text: _unwrap(t, m), text), repr(text)


def test_tone_pattern_finds_what_the_plain_lookbehind_finds() -> None:
    plain = re.compile(r"(?<![qQ])([uUoO][ỷýỳỹỵỶÝỲỸỴàáảãạÀÁẢÃẠèéẻẽẹÈÉẺẼẸ])(?![\wÀ-ỹ])")
    for text in _texts(3000) + ["quỷ uỷ Quý Uỷ hoà qoà"]:
        assert [(m.span(), m.group(1)) for m in _TONE_RE.finditer(text)] == \
            [(m.span(), m.group(1)) for m in plain.finditer(text)], repr(text)
    assert new_tone_style("Tỉnh uỷ, hoà, quý, Quỷ") == "Tỉnh ủy, hòa, quý, Quỷ"


def test_vietnamese_score_counts_every_word_as_one_pass_over_the_words_does() -> None:
    import unicodedata
    from pathlib import Path

    from loaders.read import vietnamese

    def plain(text: str) -> vietnamese.Score:
        valid = invalid = 0
        for word in vietnamese._WORD.findall(unicodedata.normalize("NFC", text)):
            if word.isascii():
                continue
            if len(word) <= 8 and vietnamese.is_syllable(word):
                valid += 1
            else:
                invalid += 1
        return vietnamese.Score(valid, invalid)

    corpus = Path(__file__).parent / "corpus" / "texts"
    texts = [p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.txt"))]
    texts += _texts(500) + ["Vieät Nam TØnh Th«ng b¸o x" * 3, "a" * 40 + "ệ" + " ệ" * 3, "Việt_Nam 12ệ3 ệ\u2003ệ"]
    for text in texts:
        assert vietnamese.score(text) == plain(text)


def test_fold_drops_exactly_the_combining_marks_of_every_character() -> None:
    """``fold`` removes marks through a translate table; the plain definition walks the characters."""
    import unicodedata

    from loaders.text import fold, normalize

    def plain(value: str) -> str:
        value = unicodedata.normalize("NFD", normalize(value).lower().replace("đ", "d"))
        return "".join(ch for ch in value if unicodedata.category(ch) != "Mn")

    every = "".join(chr(c) for c in range(0x20, 0x30000) if not 0xD800 <= c < 0xE000)
    for start in range(0, len(every), 4096):
        chunk = every[start:start + 4096]
        assert fold(chunk) == plain(chunk)
    assert fold("Tỉnh uỷ Hà Nam") == fold("Tỉnh ủy Hà Nam") == "tinh uy ha nam"
