"""Plain text (.txt): any encoding ``encoding.decode_bytes`` knows; a saved web page is read as HTML."""

from __future__ import annotations

import re
from pathlib import Path

from loaders.read.base import Content, read_bytes
from loaders.read.cleanup import drop_leading_navigation, finish, require_text
from loaders.read.encoding import decode_bytes

MAX_BYTES = 512_000_000
_HTML_START = re.compile(r"\s*(<!doctype\s+html|<html[\s>])", re.IGNORECASE)


def read(path: Path) -> Content:
    decoded = decode_bytes(read_bytes(path, MAX_BYTES))
    if _HTML_START.match(decoded.text[:1000]):
        from loaders.read.html import html_to_text  # a web page saved under a .txt name

        return Content(html_to_text(decoded.text), "html")
    text = drop_leading_navigation(finish(decoded.text))
    return Content(require_text(text), "txt")
