"""Shared pieces of the pages: links to entity pages, safe HTML, tables, highlighted sentences, messages.

Every entity name is a link ``<page>?id=<key>`` (the key is the IRI path after ``…/id/``), so a page
can be bookmarked and shared.  HTML goes through ``st.html`` (no Markdown processing, sanitised by
Streamlit), and every piece of data in it is escaped here.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import quote, urlencode

import streamlit as st

ID_PREFIX = "https://w3id.org/vn-directives/id/"

#: url_path of each page (see app/main.py).
PAGE_SEARCH = "tim-kiem"
PAGE_HOME = "trang-chu"        # the search at the root URL (its name is never in a link)
PAGE_DOCUMENT = "van-ban"
PAGE_ORGAN = "co-quan"
PAGE_ENTITY = "doi-tuong"
PAGE_GRAPH = "do-thi"
PAGE_COMPARE = "so-sanh"
PAGE_CONSOLE = "truy-van"
PAGE_STATUS = "du-lieu"

CSS = """
<style>
[data-testid="stMainBlockContainer"] {padding-top: 3.2rem; padding-bottom: 2rem;}
h2 {font-size: 1.9rem !important;}
table.dkg {border-collapse: collapse; width: 100%; font-size: 0.92rem; margin: 0.3rem 0 1rem 0;}
table.dkg th {text-align: left; background: #f0f2f6; padding: 4px 8px; border-bottom: 2px solid #d0d4dc;}
table.dkg td {padding: 4px 8px; border-bottom: 1px solid #e6e8ee; vertical-align: top;}
.dkg-muted {color: #6b7280; font-size: 0.88rem;}
.dkg-badge {display: inline-block; padding: 1px 8px; border-radius: 10px; color: #fff; font-size: 0.8rem;
            white-space: nowrap;}
.dkg-rel {display: inline-block; padding: 0 6px; border-radius: 4px; background: #eef2ff; color: #3730a3;
          font-size: 0.82rem; margin-right: 4px;}
.dkg-quote {border-left: 3px solid #d0d4dc; padding: 4px 10px; margin: 4px 0 8px 0; background: #fafafa;
            white-space: pre-wrap; font-size: 0.9rem;}
.dkg-quote mark {background: #fde68a; padding: 0 1px;}
ul.dkg-tree {list-style: none; padding-left: 1.2rem; margin: 0;}
ul.dkg-tree li {margin: 2px 0;}
ul.dkg-tree li::before {content: "└ "; color: #9ca3af;}
.dkg-hit {margin: 2px 0 6px 0;}
.dkg-legend span {display: inline-block; margin-right: 12px; font-size: 0.85rem;}
.dkg-legend i {display: inline-block; width: 11px; height: 11px; border-radius: 2px; margin-right: 4px;
               vertical-align: middle;}
</style>
"""


def inject_css() -> None:
    st.html(CSS)


# --------------------------------------------------------------------------------------------
# Keys, URLs, links
# --------------------------------------------------------------------------------------------

def key_of(uri: str) -> str:
    """'https://w3id.org/vn-directives/id/doc/vn/74-kl-tw/2020' → 'doc/vn/74-kl-tw/2020'."""
    return uri[len(ID_PREFIX):] if uri.startswith(ID_PREFIX) else uri


def uri_of(key: str) -> str:
    """The inverse of ``key_of`` (a full IRI is returned unchanged)."""
    key = (key or "").strip()
    return key if "://" in key else ID_PREFIX + key.lstrip("/")


def page_of(uri: str) -> str:
    key = key_of(uri)
    if key.startswith("doc/"):
        return PAGE_DOCUMENT
    if key.startswith("organ/"):
        return PAGE_ORGAN
    return PAGE_ENTITY


#: The st.Page objects by url_path, filled in by app/main.py (st.switch_page needs them).
PAGE_OBJECTS: dict[str, Any] = {}


def go(uri: str) -> None:
    """Open the page of an entity (stops this run)."""
    st.switch_page(PAGE_OBJECTS[page_of(uri)], query_params={"id": key_of(uri)})


def href(page: str, **params: Any) -> str:
    """A relative URL of a page with query parameters (lists become repeated parameters)."""
    pairs: list[tuple[str, str]] = []
    for name, value in params.items():
        if value is None or value == "" or value == []:
            continue
        if isinstance(value, (list, tuple)):
            pairs += [(name, str(v)) for v in value]
        else:
            pairs.append((name, str(value)))
    query = urlencode(pairs, quote_via=quote, safe="/")
    path = "./" if page == PAGE_SEARCH else page          # the default page lives at the root URL
    return f"{path}?{query}" if query else path


def entity_href(uri: str, **extra: Any) -> str:
    return href(page_of(uri), id=key_of(uri), **extra)


def esc(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def link(uri: str | None, label: str | None = None, **extra: Any) -> str:
    """HTML link to the page of an entity (plain escaped text when there is no IRI)."""
    if not uri:
        return esc(label or "")
    text = label or key_of(uri)
    return f'<a href="{esc(entity_href(uri, **extra))}" target="_self">{esc(text)}</a>'


def links(items: Iterable[tuple[str, str]], sep: str = ", ") -> str:
    return sep.join(link(uri, label) for uri, label in items)


def badge(text: str, colour: str) -> str:
    return f'<span class="dkg-badge" style="background:{esc(colour)}">{esc(text)}</span>'


def rel(text: str) -> str:
    return f'<span class="dkg-rel">{esc(text)}</span>'


def show(fragment: str) -> None:
    """Render an HTML fragment built with the helpers above."""
    st.html(fragment)


def html_table(columns: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A table of pre-escaped HTML cells (use ``esc``/``link`` for every cell)."""
    head = "".join(f"<th>{esc(c)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f'<table class="dkg"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def quote_block(before: str, span: str, after: str) -> str:
    """A sentence from the original text with the span that yielded the fact highlighted."""
    return f'<div class="dkg-quote">{esc(before)}<mark>{esc(span)}</mark>{esc(after)}</div>'


def fmt_date(value: Any) -> str:
    """2021-09-28 → '28/09/2021' (Vietnamese order); anything else as text."""
    if value is None or value == "":
        return ""
    text = str(value)
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        return f"{text[8:10]}/{text[5:7]}/{text[0:4]}"
    return text


# --------------------------------------------------------------------------------------------
# Query parameters (the state of a page)
# --------------------------------------------------------------------------------------------

def param(name: str, default: str = "") -> str:
    value = st.query_params.get(name)
    return value if value is not None else default


def param_list(name: str) -> list[str]:
    return [v for v in st.query_params.get_all(name) if v]


def set_params(**params: Any) -> None:
    """Replace the query parameters of this page (None or empty removes one); lists repeat the name."""
    clean: dict[str, Any] = {}
    for name, value in params.items():
        if value is None or value == "" or value == []:
            continue
        clean[name] = [str(v) for v in value] if isinstance(value, (list, tuple)) else str(value)
    current = {name: st.query_params.get_all(name) for name in st.query_params}
    wanted = {name: (value if isinstance(value, list) else [value]) for name, value in clean.items()}
    if current != wanted:
        st.query_params.from_dict(clean)


# --------------------------------------------------------------------------------------------
# Messages (never a traceback, never a secret)
# --------------------------------------------------------------------------------------------

_SECRET_VARS = ("NEO4J_PASSWORD", "NEO4J_USER", "NEO4J_USERNAME", "NEO4J_AUTH")


def redact(text: str) -> str:
    """Remove credentials from a message: Neo4j user/password values and user:pass@ in URIs."""
    out = str(text)
    for name in _SECRET_VARS:
        secret = os.environ.get(name)
        if secret and len(secret) >= 3:
            out = out.replace(secret, "***")
    return re.sub(r"(\b[a-z][a-z0-9+.-]*://)[^/@\s]+@", r"\1***@", out)


def error(message: Any) -> None:
    st.error(redact(str(message)), icon=":material/error:")
