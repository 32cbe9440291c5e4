"""PDF with a text layer, through pypdf: the text of each page, ``Content.pages`` = where each starts.

A scanned PDF has no text to read: refused ("no text layer"), never guessed.
An encrypted PDF opens when its user password is empty (owner-only
restrictions are common on official PDFs); otherwise it is refused. Words cut
with a hyphen at a line end are joined; other line breaks are kept.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from loaders.read.base import Content, Refused, read_bytes
from loaders.read.cleanup import drop_leading_navigation, finish
from loaders.read.sniff import binary_kind

MAX_BYTES = 500_000_000
MIN_LETTERS_PER_PAGE = 10
_PAGE_SEPARATOR = "\n"
_HYPHEN_AT_LINE_END = re.compile(r"(\w)([-\u00ad])[ \t]*\n[ \t]*(\w)")
_TRAILING_SPACES = re.compile(r"[ \t]+\n")


def read(path: Path) -> Content:
    data = read_bytes(path, MAX_BYTES)
    if b"%PDF-" not in data[:1024]:
        raise Refused(f"not a PDF file ({binary_kind(data) or 'no %PDF header'})", "not_pdf")
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

    try:
        with _quiet_pypdf():
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                raise Refused("password-protected PDF", "encrypted")
            pages = [page_text(page.extract_text()) for page in reader.pages]
            if pages:      # a web page printed to PDF: its furniture lines, before offsets are taken
                pages[0] = drop_leading_navigation(pages[0])
    except FileNotDecryptedError as error:
        raise Refused("password-protected PDF", "encrypted") from error
    except DependencyError as error:      # AES without the 'cryptography' package
        raise Refused(f"encrypted PDF, cannot decrypt here ({error})", "encrypted") from error
    except PdfReadError as error:
        raise Refused(f"damaged PDF ({error})", "damaged") from error
    letters = sum(ch.isalpha() for text in pages for ch in text)
    if letters < MIN_LETTERS_PER_PAGE * max(len(pages), 1):
        raise Refused("no text layer (scanned PDF?)", "scanned_pdf")
    offsets, parts, position = [], [], 0
    for text in pages:
        offsets.append(position)
        parts.append(text)
        position += len(text) + len(_PAGE_SEPARATOR)
    return Content(_PAGE_SEPARATOR.join(parts), "pdf", offsets)


@contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """pypdf logs every repair it makes to a damaged file; the reader reports in one line instead."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def page_text(raw: str | None) -> str:
    """One page's text, final form (offsets are computed on it): tidy, NFC, hyphenation joined."""
    text = _TRAILING_SPACES.sub("\n", finish(raw or ""))
    return _HYPHEN_AT_LINE_END.sub(_join_hyphenated, text).strip("\n")


def _join_hyphenated(match: re.Match) -> str:
    before, hyphen, after = match.groups()
    if hyphen == "\u00ad":
        return before + after              # a soft hyphen only ever marks a cut word
    if before.isascii() and after.isascii() and before.islower() and after.islower():
        return before + after              # "infor-\nmation": a word cut in two
    return before + "-" + after            # "01-\nĐA/TU", "kinh tế-\nxã hội": the hyphen is real
