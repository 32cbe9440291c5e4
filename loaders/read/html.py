"""Web pages (.html, .htm): the document text, without the site's navigation.

Page furniture is removed by the rules in ``data/navigation.yaml``: whole
elements (nav, header, footer, aside, script ...; ARIA roles; ids and classes
such as SharePoint's ribbon) and exact furniture lines ("Skip Ribbon Commands").
Block elements become lines. A page with nothing left but links is refused.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

from bs4 import (
    BeautifulSoup,
    CData,
    MarkupResemblesLocatorWarning,
    NavigableString,
    Tag,
    XMLParsedAsHTMLWarning,
)
from bs4.dammit import EncodingDetector

from loaders.read.base import Content, Refused, read_bytes
from loaders.read.cleanup import collapse_spaces, finish, is_navigation_line, navigation
from loaders.read.encoding import decode_bytes

MAX_BYTES = 100_000_000
BLOCKS = frozenset(
    "address article blockquote body caption center dd details dialog div dl dt fieldset figcaption figure "
    "h1 h2 h3 h4 h5 h6 hr li main ol p pre section summary table tbody td tfoot th thead tr ul".split()
)
_KEEP_WRAPPERS = frozenset({"html", "body", "main", "article"})
_INSIDE_CONTENT = ("article", "main")
_WORD_SPLIT = re.compile(r"[-_\s]+")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_WHITESPACE = re.compile(r"\s+")
_MAX_HEURISTIC_SHARE = 0.5     # a class/role rule never removes more than half of the page
_MAX_LINK_SHARE = 0.85         # nearly all text inside links: a menu, not a document


def read(path: Path) -> Content:
    data = read_bytes(path, MAX_BYTES)
    declared = EncodingDetector.find_declared_encoding(data[:4096], is_html=True)
    decoded = decode_bytes(data, declared)
    return Content(html_to_text(decoded.text), "html")


def html_to_text(markup: str) -> str:
    with warnings.catch_warnings():           # "looks like a filename / like XML": we know what it is
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        soup = BeautifulSoup(markup, "html.parser")
    had_text = bool(_visible_chars(soup))
    _remove_furniture(soup)
    link_chars = sum(_visible_chars(a) for a in soup.find_all("a"))
    all_chars = _visible_chars(soup)
    _mark_blocks(soup)
    lines = []
    for line in finish(soup.get_text()).split("\n"):
        line = collapse_spaces(line)
        if line and not is_navigation_line(line):
            lines.append(line)
    if not lines or (all_chars and link_chars / all_chars >= _MAX_LINK_SHARE):
        if had_text:
            raise Refused("no document text (navigation only)", "navigation_only")
        raise Refused("empty", "empty")
    return "\n".join(lines)


def _visible_chars(node: Tag) -> int:
    return len(_WHITESPACE.sub("", node.get_text()))


def _remove_furniture(soup: BeautifulSoup) -> None:
    rules = navigation()
    for tag in soup.find_all(rules["html_tags"]):
        if tag.decomposed:
            continue
        if tag.name in ("header", "footer") and tag.find_parent(_INSIDE_CONTENT):
            continue                        # an article's own header or footer is content
        tag.decompose()
    for tag in soup.find_all(_is_hidden):
        if not tag.decomposed:
            tag.decompose()
    roles = {role.casefold() for role in rules["html_roles"]}
    words = {word.casefold() for word in rules["html_class_words"]}
    total = _visible_chars(soup) or 1
    for tag in soup.find_all(lambda tag: tag.name not in _KEEP_WRAPPERS and _is_furniture(tag, roles, words)):
        if not tag.decomposed and _visible_chars(tag) <= total * _MAX_HEURISTIC_SHARE:
            tag.decompose()


def _is_hidden(tag: Tag) -> bool:
    attrs = tag.attrs
    return ("hidden" in attrs or str(attrs.get("aria-hidden", "")).lower() == "true"
            or bool(_HIDDEN_STYLE.search(str(attrs.get("style", "")))))


def _is_furniture(tag: Tag, roles: set[str], words: set[str]) -> bool:
    if str(tag.attrs.get("role", "")).casefold() in roles:
        return True
    names = [str(tag.attrs.get("id", ""))]
    classes = tag.attrs.get("class", [])
    names.extend(classes if isinstance(classes, list) else [str(classes)])
    for name in names:
        name = name.casefold()
        if name in words or any(part in words for part in _WORD_SPLIT.split(name) if part):
            return True
    return False


def _mark_blocks(soup: BeautifulSoup) -> None:
    """Source line breaks become spaces; block elements and <br> become line breaks."""
    preformatted = {id(s) for pre in soup.find_all("pre") for s in pre.find_all(string=True)}
    for string in soup.find_all(string=True):
        if type(string) in (NavigableString, CData) and id(string) not in preformatted:
            flat = _WHITESPACE.sub(" ", str(string))
            if flat != string:
                string.replace_with(flat)
    for br in soup.find_all("br"):
        br.replace_with("\n")
    for tag in soup.find_all(BLOCKS):
        tag.insert_before("\n")
        tag.insert_after("\n")
