"""The layout of a directive: header, body paragraphs with their numbering, recipients, signature.

A paragraph split by a page break ("... các hoạt\\n\\nđộng Đoàn ...") is joined again: a line that
starts with a lower-case letter continues the paragraph before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from loaders.extract.scan import Scanner
from loaders.text import UPPER

_NUMBERING = re.compile(r"^\s*(?:(?P<article>Điều\s+\d{1,3})\s*[.:]|(?P<num>\d{1,2}(?:\.\d{1,2})*)\s*[.)]|"
                        r"(?P<letter>[a-zđ])\)|(?P<roman>[IVX]{1,5})\.)\s+")
_BULLET = re.compile(r"^\s*[-–•+]\s+")
_RECIPIENTS = re.compile(r"^\s*Nơi\s+nhận\s*:?", re.IGNORECASE | re.MULTILINE)
_ADDRESSEES = re.compile(r"^\s*Kính\s+gửi\s*:?", re.IGNORECASE)
_SIGN_MODE = re.compile(r"^\s*(K/T|KT\.?|T/L|TL\.?|T/M|TM\.?|Q\.|TUQ\.?)\s+\S", re.MULTILINE)
_RECIPIENTS_SCAN, _SIGN_MODE_SCAN = Scanner(_RECIPIENTS), Scanner(_SIGN_MODE)   # tried at line starts only


# '...', '…', '.', '?' or '!' before a capital ("\.(?:\.\.)?" is "\.{3}|\." in the same order, written so
# that the regex engine jumps from stop to stop)
_SENTENCE_END = re.compile(rf"(?:\.(?:\.\.)?|…|\?|!)(?=\s+[\"“(]?[{UPPER}])")


@dataclass
class Sentence:
    start: int
    end: int
    text: str


@dataclass
class Paragraph:
    start: int
    end: int
    text: str
    ref: str = ""             # "3.1", "2", "" ; the numbering written at its start
    bullet: bool = False
    body_start: int = 0       # offset after the numbering / bullet
    sentences: list[Sentence] = field(default_factory=list)


@dataclass
class Layout:
    body_start: int
    body_end: int             # where "Nơi nhận" or the signature block begins
    recipients: tuple[int, int] | None
    signature: tuple[int, int] | None
    addressees: tuple[int, int] | None   # "Kính gửi: ..." block of a Công văn
    paragraphs: list[Paragraph]


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out = []
    pos = start
    for line in text[start:end].split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _starts_lower(line: str) -> bool:
    s = line.lstrip()
    return bool(s) and s[0].islower()


def split_sentences(text: str, start: int, end: int) -> list[Sentence]:
    """Sentences of one paragraph; a full stop, '...' or '?' followed by a capital ends one."""
    out: list[Sentence] = []
    seg = text[start:end]
    cut = 0
    for m in _SENTENCE_END.finditer(seg):
        piece = seg[cut:m.end()]
        if piece.strip():
            out.append(_sentence(text, start + cut, start + m.end()))
        cut = m.end()
    if seg[cut:].strip():
        out.append(_sentence(text, start + cut, end))
    return out


def _sentence(text: str, start: int, end: int) -> Sentence:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Sentence(start, end, text[start:end])


def layout(text: str) -> Layout:
    rec = _RECIPIENTS_SCAN.search(text)
    sig = None
    for m in _SIGN_MODE_SCAN.finditer(text):
        sig = m
    body_end = len(text)
    if rec:
        body_end = rec.start()
    elif sig:
        body_end = sig.start()
    recipients = (rec.start(), sig.start() if sig and sig.start() > rec.start() else len(text)) if rec else None
    signature = (sig.start(), len(text)) if sig else None

    paragraphs: list[Paragraph] = []
    addressees: tuple[int, int] | None = None
    in_addressees = False
    for ls, le in _lines(text, 0, body_end):
        line = text[ls:le]
        if not line.strip():
            continue
        if _ADDRESSEES.match(line):
            in_addressees, addressees = True, (ls, le)
            continue
        if in_addressees:
            if _BULLET.match(line) or (addressees and ls - addressees[1] <= 1 and len(line) < 120):
                addressees = (addressees[0], le)
                continue
            in_addressees = False
        if paragraphs and _starts_lower(line) and not _BULLET.match(line) and not _NUMBERING.match(line):
            p = paragraphs[-1]
            p.end = le
            p.text = text[p.start:p.end]
            continue
        p = Paragraph(ls, le, line, body_start=ls)
        m = _NUMBERING.match(line)
        if m and (m.group("article") or m.group("num") or m.group("letter") or m.group("roman")):
            p.ref = m.group("article") or m.group("num") or m.group("letter") or m.group("roman")
            p.body_start = ls + m.end()
        elif _BULLET.match(line):
            p.bullet = True
            p.body_start = ls + _BULLET.match(line).end()
        paragraphs.append(p)
    for p in paragraphs:
        p.sentences = split_sentences(text, p.body_start, p.end)
    return Layout(0, body_end, recipients, signature, addressees, paragraphs)
