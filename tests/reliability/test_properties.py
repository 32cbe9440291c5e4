"""Property-based tests (hypothesis) of the reader and the extractor together (issue 6, item 1).

Generated input: raw bytes (some behind format magic numbers), and Vietnamese-ish text assembled from
the seed texts' sentences, document symbols written well and oddly, real and impossible dates, organ
names from the gazetteer, structural markers and noise, in several encodings.  Whatever comes in, the
reader returns a ``Text`` or raises ``ReadError`` naming the file, and the extractor returns an
``Extraction`` whose spans lie inside the text and survive the JSON round trip; nothing else.

``DKG_FUZZ_EXAMPLES`` sets the number of examples per property (default 100; 1,000 with ``--long``).
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest
from fuzz_read_extract import (
    CUES,
    KINDS,
    MARKERS,
    NOISE,
    PARTY,
    PREFIXES,
    STATE,
    check_extraction,
    organ_names,
    province_names,
    sentences,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rel_support import long_mode

from loaders.extract import extract
from loaders.read import ReadError, read_file

EXAMPLES = int(os.environ.get("DKG_FUZZ_EXAMPLES", "1000" if long_mode() else "100"))
PROPERTY = settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.function_scoped_fixture])

numbers = st.one_of(st.integers(0, 99_999).map(str), st.sampled_from(["", "0", "01a", "-1", "1.000", "９"]))
joiners = st.sampled_from(["-", "/", " - ", " /", "/ ", "–", "", "  ", "\n"])
symbols = st.builds(lambda n, j, k: f"{n}{j}{k}", numbers, joiners,
                    st.sampled_from(PARTY + STATE).flatmap(lambda k: st.sampled_from([k, k.lower(), k.upper()])))
dates = st.one_of(
    st.builds(lambda d, m, y: f"{d}/{m}/{y}", st.integers(0, 40), st.integers(0, 15), st.integers(0, 3000)),
    st.builds(lambda d, m, y: f"ngày {d} tháng {m} năm {y}", st.integers(0, 40), st.integers(0, 15),
              st.integers(1900, 2100)),
    st.builds(lambda m, y: f"tháng {m}/{y}", st.integers(0, 15), st.integers(1900, 2100)),
    st.builds(lambda q, y: f"quý {q}/{y}", st.sampled_from(["I", "II", "III", "IV", "V", "0"]), st.integers(0, 3000)),
)
fragments = st.one_of(
    st.sampled_from(sentences()),
    st.builds(lambda k, s: f"{k} số {s}", st.sampled_from(KINDS), symbols),
    dates,
    st.builds(lambda c, d: f"{c} {d}", st.sampled_from(CUES), dates),
    st.sampled_from(organ_names()),
    st.sampled_from(province_names()),
    st.sampled_from(MARKERS),
    st.sampled_from(NOISE),
    st.text(max_size=30),
)
documents = st.lists(
    st.tuples(fragments, st.sampled_from([" ", "\n", ", ", "; ", " của ", "\n\n", ". "])), max_size=60,
).map(lambda parts: "".join(f + sep for f, sep in parts))
codecs = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "nfd"])


def encoded(text: str, codec: str) -> bytes:
    if codec == "nfd":
        return unicodedata.normalize("NFD", text).encode("utf-8", errors="surrogatepass")
    return text.encode(codec, errors="surrogatepass")


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("properties")


def read_and_extract(path: Path) -> None:
    try:
        text = read_file(path)
    except ReadError as error:
        assert str(error).startswith(f"{path}: ") and "\n" not in str(error)
        return
    assert len(text.text) == len(text.display)
    assert unicodedata.is_normalized("NFC", text.display)
    check_extraction(extract(text), len(text.text))


@PROPERTY
@given(text=documents, codec=codecs, cut=st.one_of(st.none(), st.integers(0, 20_000)))
def test_generated_documents_are_read_and_extracted(folder, text, codec, cut):
    data = encoded(text, codec)
    path = folder / "doc.txt"
    path.write_bytes(data if cut is None else data[:cut])
    read_and_extract(path)


@PROPERTY
@given(text=documents, navigation=st.booleans())
def test_generated_web_pages_are_read_and_extracted(folder, text, navigation):
    paragraphs = "".join(f"<p>{line}</p>" for line in text.splitlines())
    nav = "<nav><a href='/'>Trang chủ</a><a href='/tin'>Tin tức</a></nav>" if navigation else ""
    path = folder / "page.html"
    path.write_text(f"<html><body>{nav}{paragraphs}</body></html>", encoding="utf-8", errors="surrogatepass")
    read_and_extract(path)


@PROPERTY
@given(data=st.one_of(st.binary(max_size=4000),
                      st.tuples(st.sampled_from(PREFIXES), st.binary(max_size=4000)).map(b"".join)),
       suffix=st.sampled_from([".txt", ".html", ".docx", ".pdf"]))
def test_random_bytes_are_read_or_refused(folder, data, suffix):
    path = folder / f"bytes{suffix}"
    path.write_bytes(data)
    read_and_extract(path)


@PROPERTY
@given(parts=st.lists(st.tuples(symbols, dates), min_size=1, max_size=200))
def test_symbol_soup_is_extracted(folder, parts):
    text = "Căn cứ " + "; ".join(f"văn bản số {s} ngày {d}" for s, d in parts) + ".\n"
    path = folder / "soup.txt"
    path.write_text(text, encoding="utf-8")
    read_and_extract(path)
