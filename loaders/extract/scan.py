"""Faster scans of a whole text with patterns that start with a lookbehind (``(?<![\\wÀ-ỹ])...``).

Python's regex engine skips quickly to where a match can begin only when the pattern starts with a
literal or a character set; a pattern that starts with a lookbehind, a ``\\b`` or an optional group
is tried at every position of the text, which costs about as much as the work of the match itself.

``Scanner(pattern)`` finds the literal words every match must start with (from the parsed pattern),
searches for them with a second pattern that has such a prefix, and tries ``pattern`` only there.
``Scanner.finditer``/``search`` give exactly what ``pattern.finditer``/``search`` give (same
matches, same order): a match can start only where one of the words starts, and ``pattern.match``
at a position reads the text before it (lookbehinds, ``\\b``) as ``search`` does. When the words
cannot be found (a pattern may start with anything, inline flags, a match may be empty), the
scanner simply calls the pattern; a pattern whose every match starts with "^" (MULTILINE) is tried at
the starts of lines only.

For a case-insensitive pattern the words are searched in a folded copy of the text (one per
text, same length): each character replaced by the representative of the characters the engine
takes as equal to it when ignoring case (its simple lower case, then ``re._casefix`` classes).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

try:   # the regex engine's own tables (CPython 3.11+)
    from re import _casefix, _parser
    from re import _constants as _c
except ImportError:   # pragma: no cover - another Python: scanners fall back to the plain pattern
    _casefix = _parser = _c = None

_MAX_WORD = 8        # atoms of each start word that are searched for
_MIN_WORD = 2        # a shorter start word (a letter) would find too many places: use the plain pattern
_MAX_WORDS = 4096


def _fold_table() -> dict[int, str]:
    """Characters the engine takes as equal ignoring case → one representative of their class."""
    table: dict[int, str] = {}
    for low, others in (_casefix._EXTRA_CASES.items() if _casefix else ()):
        rep = min((low, *others))
        for cp in (low, *others):
            if cp != rep:
                table[cp] = chr(rep)
    return table


_FOLD = _fold_table()
_FOLD_NEEDED = re.compile("[" + "".join(re.escape(chr(c)) for c in _FOLD) + "]") if _FOLD else None


@lru_cache(maxsize=4096)
def fold_char(ch: str) -> str:
    """``fold_text`` of one character (or of "")."""
    return _fold(ch)


@lru_cache(maxsize=8)
def fold_text(text: str) -> str:
    """``text`` with every character replaced by its case-insensitive representative (the last few
    texts kept: every scanner of a text reads the same copy)."""
    return _fold(text)


def _fold(text: str) -> str:
    """``text`` with every character replaced by its case-insensitive representative; same length.

    ``str.lower`` is the engine's simple lower case for every character but U+0130 (two characters),
    and Greek final sigma, whose class the table then merges."""
    if "\u0130" in text:
        text = text.replace("\u0130", "i")
    out = text.lower()
    if _FOLD_NEEDED is not None and _FOLD_NEEDED.search(out):
        out = out.translate(_FOLD)
    return out


# A start word is a tuple of atoms, each a piece of regex matching one item of the pattern: a
# literal character (case-folded when the pattern ignores case) or a repeated character class
# ("\\s+" for the flexible spaces of a writing). The first atom of a word is always a character.
Atom = tuple[str, bool]            # (regex, is a literal character)
_CATEGORIES = {"CATEGORY_SPACE": r"\s", "CATEGORY_NOT_SPACE": r"\S", "CATEGORY_DIGIT": r"\d",
               "CATEGORY_NOT_DIGIT": r"\D", "CATEGORY_WORD": r"\w", "CATEGORY_NOT_WORD": r"\W"}
# Classes that fold to themselves: the same characters of a text and of its folded copy are in them.
_FOLD_SAFE = {"CATEGORY_SPACE", "CATEGORY_NOT_SPACE", "CATEGORY_DIGIT", "CATEGORY_NOT_DIGIT"}


def _rare(word: tuple[Atom, ...]) -> bool:
    """A start word of one character that is not a letter ("6", "("): few places start with it."""
    return len(word) == 1 and not word[0][0].isalpha()


class _Unknown(Exception):
    """The start of a match cannot be told from the pattern."""


def _literal(code: int, folded: bool) -> Atom:
    ch = chr(code)
    return re.escape(fold_char(ch) if folded else ch), True


def _class(op, av, folded: bool) -> str | None:
    """The regex of one parsed character item (a literal, a class, any character), or None."""
    if op is _c.LITERAL:
        return _literal(av, folded)[0]
    if op is _c.NOT_LITERAL:
        return "[^" + _literal(av, folded)[0] + "]"
    if op is _c.ANY:
        return None
    if op is not _c.IN:
        return None
    parts = []
    for kind, value in av:
        if kind is _c.NEGATE:
            parts.append("^")
        elif kind is _c.LITERAL:
            parts.append(_literal(value, folded)[0])
        elif kind is _c.RANGE and not folded:
            parts.append(re.escape(chr(value[0])) + "-" + re.escape(chr(value[1])))
        elif kind is _c.CATEGORY and str(value) in _CATEGORIES and (not folded or str(value) in _FOLD_SAFE):
            parts.append(_CATEGORIES[str(value)])
        else:
            return None
    return "[" + "".join(parts) + "]"


def _starts(items: list, budget: int, folded: bool) -> set[tuple[Atom, ...]]:
    """Start words (up to ``budget`` atoms) one of which begins every match of ``items`` (a sequence
    of parsed regex items); the empty word when a match may begin with anything."""
    if budget == 0 or not items:
        return {()}
    op, av = items[0]
    rest = items[1:]
    if op is _c.LITERAL:
        return {(_literal(av, folded), *w) for w in _starts(rest, budget - 1, folded)}
    if op is _c.IN and len(av) <= 8 and all(kind is _c.LITERAL for kind, _ in av):
        tails = _starts(rest, budget - 1, folded)      # a few letters: one word for each
        return {(_literal(value, folded), *w) for _, value in av for w in tails}
    if op in (_c.IN, _c.NOT_LITERAL):
        cls = _class(op, av, folded)
        return {((cls, False), *w) for w in _starts(rest, budget - 1, folded)} if cls else {()}
    if op in (_c.ASSERT, _c.ASSERT_NOT, _c.AT):
        return _starts(rest, budget, folded)   # zero width: the words that follow still begin the match
    if op is _c.SUBPATTERN:
        group, add_flags, del_flags, sub = av
        if add_flags or del_flags:
            raise _Unknown   # case rules change inside: the words would not be searched right
        return _starts(list(sub.data) + rest, budget, folded)
    if op is _c.BRANCH:
        out: set[tuple[Atom, ...]] = set()
        for branch in av[1]:
            out |= _starts(list(branch.data) + rest, budget, folded)
        return out
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
        low, high, sub = av
        if len(sub.data) == 1 and (cls := _class(*sub.data[0], folded)) is not None:
            # one character class repeated ("\s+", "\s*"): one atom, and the words go on after it
            count = "{" + f"{low},{'' if high == _c.MAXREPEAT else high}" + "}"
            return {((f"(?:{cls}){count}", False), *w) for w in _starts(rest, budget - 1, folded)}
        alone = _starts(list(sub.data), budget, folded)   # what follows may be another repetition
        return alone if low >= 1 else alone | _starts(rest, budget, folded)
    return {()}   # anything else (a back-reference, a conditional): the words end here


def _trie(words: set[tuple[Atom, ...]]) -> str:
    """One pattern that matches the first character of each place where one of ``words`` starts
    (the rest of the word in a lookahead, so that no place is skipped), factored by prefixes."""
    root: dict = {}
    for word in words:
        node = root
        for atom, _ in word:
            node = node.setdefault(atom, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [atom + emit(child) for atom, child in sorted(node.items()) if atom]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return "(?:" + body + ")?" if "" in node else body

    return "|".join(atom + ("(?=" + tail + ")" if (tail := emit(child)) else "")
                    for atom, child in sorted(root.items()))


# A pattern "^..." (MULTILINE) is tried only where lines start: at 0 and after each line break.
_LINE_STARTS = re.compile(r"\n")


def _at_line_start(pattern: re.Pattern) -> bool:
    """Whether every match of ``pattern`` starts with "^" in MULTILINE mode (at the start of a line)."""
    if _parser is None or not pattern.flags & re.MULTILINE or not isinstance(pattern.pattern, str):
        return False
    try:
        parsed = _parser.parse(pattern.pattern, pattern.flags)
    except re.error:
        return False
    items = list(parsed.data)
    while items and items[0][0] is _c.SUBPATTERN and not (items[0][1][1] or items[0][1][2]):
        items = list(items[0][1][3].data) + items[1:]
    return bool(items) and items[0] == (_c.AT, _c.AT_BEGINNING) and parsed.getwidth()[0] > 0


def start_words(regex: str, flags: int = 0) -> frozenset[tuple[Atom, ...]] | None:
    """The start words of ``regex`` (see ``_starts``), or None when a match may begin anywhere."""
    folded = bool(flags & re.IGNORECASE)
    if _parser is None or flags & (re.ASCII | re.LOCALE):
        return None
    try:
        parsed = _parser.parse(regex, flags)
        if parsed.getwidth()[0] == 0 or parsed.state.flags & ~re.UNICODE != flags & ~re.UNICODE:
            return None
        words = _starts(list(parsed.data), _MAX_WORD, folded)
    except (_Unknown, RecursionError, re.error):
        return None
    return frozenset(words) if _usable(words) else None


def _usable(words) -> bool:
    """Not when a match may begin anywhere, or with a class, or a word is a single letter."""
    return bool(words) and len(words) <= _MAX_WORDS and all(
        w and w[0][1] and (len(w) >= _MIN_WORD or _rare(w)) for w in words)


def word_of(pieces: list[str], flags: int = 0) -> tuple[Atom, ...] | None:
    """The start word of a regex written as ``pieces`` that hold no alternatives (a literal character,
    "\\s+", "\\s*-\\s*" ...): their start words one after the other, each piece parsed once."""
    out: list[Atom] = []
    for piece in pieces:
        words = _piece_words(piece, flags)
        if words is None or len(words) != 1:
            return None
        (word,) = words
        out.extend(word)
        if len(out) >= _MAX_WORD:
            return tuple(out[:_MAX_WORD])
    return tuple(out)


@lru_cache(maxsize=4096)
def _piece_words(piece: str, flags: int) -> frozenset[tuple[Atom, ...]] | None:
    try:
        parsed = _parser.parse(piece, flags)
        return frozenset(_starts(list(parsed.data), _MAX_WORD, bool(flags & re.IGNORECASE)))
    except (_Unknown, RecursionError, re.error):
        return None


class Scanner:
    """``pattern``'s ``finditer``/``search``, trying the pattern only where a match can start.

    ``words``: start words already known for the pattern (the union of ``start_words`` of the
    alternatives it is made of, when it is built from many); by default read from the pattern."""

    def __init__(self, pattern: re.Pattern, words: frozenset[tuple[Atom, ...]] | None = None) -> None:
        self.pattern = pattern
        self.folded = bool(pattern.flags & re.IGNORECASE)
        self.words: tuple[str, ...] = ()
        self.prefilter: re.Pattern | None = None
        if not isinstance(pattern.pattern, str):
            return
        if words is None:
            words = start_words(pattern.pattern, pattern.flags)
        if words is not None and _usable(words):
            self.words = tuple(sorted("".join(atom for atom, _ in w) for w in words))
            self.prefilter = re.compile(_trie(words))
        elif _at_line_start(pattern):
            self.prefilter = _LINE_STARTS   # "^..." over lines: a match starts where a line does


    def _places(self, text: str, pos: int, end: int) -> Iterator[int]:
        """Where, in text[pos:end], a match may start (in order)."""
        if self.prefilter is _LINE_STARTS:
            if pos == 0 or text[pos - 1] == "\n":
                yield pos
            for hit in _LINE_STARTS.finditer(text, pos, end):
                yield hit.end()
            return
        key = fold_text(text) if self.folded else text
        for hit in self.prefilter.finditer(key, pos, end):
            yield hit.start()

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[re.Match]:
        if self.prefilter is None:
            yield from (self.pattern.finditer(text, pos, endpos) if endpos is not None
                        else self.pattern.finditer(text, pos))
            return
        end = len(text) if endpos is None else min(endpos, len(text))
        match = self.pattern.match
        for at in self._places(text, pos, end):
            if at < pos:
                continue   # inside the last match
            m = match(text, at, end)
            if m is not None:
                yield m
                pos = m.end()

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match | None:
        return next(self.finditer(text, pos, endpos), None)
