"""Hostile input to the reading step (issue 6, item 1): every file is read or refused in one clear line.

``DKG_FUZZ_EXAMPLES`` raises the number of generated inputs of the property tests (default 200).
"""

from __future__ import annotations

import os
import random
import sys
import unicodedata
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parents[1]))  # the fixture builders in tests/

from fixtures_read import (  # noqa: E402
    LINK_LIST_HTML,
    NAVIGATION_ONLY_HTML,
    SAMPLE,
    SAMPLE_LINES,
    SAMPLE_WORDS,
    VNI_LINES,
    encrypt_pdf,
    legacy_bytes,
    make_docx,
    make_ole,
    make_pdf,
    make_scanned_pdf,
    make_zip,
    make_zip_bomb,
    write,
)

from loaders.read import ReadError, read_file  # noqa: E402
from loaders.read import docx as docx_reader  # noqa: E402
from loaders.read import txt as txt_reader  # noqa: E402

FUZZ_EXAMPLES = int(os.environ.get("DKG_FUZZ_EXAMPLES", "200"))


def refused(path: Path, reason: str) -> ReadError:
    """Reading ``path`` fails with one line that names the file and contains ``reason``."""
    with pytest.raises(ReadError) as caught:
        read_file(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: "), message
    assert reason in caught.value.reason, message
    assert "\n" not in message
    return caught.value


# --- empty and binary -------------------------------------------------------------------------------

@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n  ", "\ufeff".encode(), "\ufeff \n".encode("utf-16"),
                                  "\u00a0\u3000\n".encode()])
def test_empty_or_blank_text(tmp_path, data):
    assert refused(write(tmp_path / "empty.txt", data), "empty").code == "empty"


@pytest.mark.parametrize("name, data", [
    ("random", random.Random(6).randbytes(20_000)),
    ("png", b"\x89PNG\r\n\x1a\n" + random.Random(1).randbytes(2000)),
    ("pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"),
    ("zip", b"PK\x03\x04" + bytes(200)),
    ("controls", bytes(range(1, 9)) * 500),
])
def test_binary_junk_named_txt(tmp_path, name, data):
    assert refused(write(tmp_path / f"{name}.txt", data), "not a text file").code == "not_text"


def test_unknown_single_byte_encoding_is_refused_clearly(tmp_path):
    rng = random.Random(3)
    letters = [chr(c) for c in range(0xC0, 0x100) if chr(c).isalpha()]
    words = ["".join(rng.choice(letters) for _ in range(5)) for _ in range(300)]
    error = refused(write(tmp_path / "mojibake.txt", " ".join(words).encode("latin-1")), "encoding")
    assert error.code in ("unknown_encoding", "legacy_encoding")


def test_legacy_font_text_too_damaged_to_convert_is_refused_with_advice(tmp_path):
    rng = random.Random(5)
    letters = [chr(c) for c in range(0xC0, 0x100) if chr(c).isalpha()]
    junk = ["".join(rng.choice(letters) for _ in range(4)) for _ in range(150)]
    data = legacy_bytes(VNI_LINES) * 3 + " ".join(junk).encode("latin-1")
    error = refused(write(tmp_path / "vni-damaged.txt", data), "VNI/TCVN3 legacy encoding: convert to Unicode first")
    assert error.code == "legacy_encoding"


# --- damaged and unusual encodings --------------------------------------------------------------

@pytest.mark.parametrize("cut", [1, 2])
def test_truncated_utf8_drops_only_the_cut_character(tmp_path, cut):
    data = (SAMPLE.rstrip("\n") + " Việt").encode()     # ends in t; cut inside "ệ" below
    data = data[: data.rindex("ệ".encode()) + cut]
    text = read_file(write(tmp_path / "cut.txt", data))
    assert text.display.endswith(" Vi")
    for words in SAMPLE_WORDS:
        assert words in text.display


def test_a_few_broken_bytes_in_utf8_are_marked_not_fatal(tmp_path):
    data = SAMPLE.encode() * 5
    data = data[:100] + b"\xff" + data[101:]
    text = read_file(write(tmp_path / "damaged.txt", data))
    assert "\ufffd" in text.display
    assert SAMPLE_LINES[5] in text.display


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom(tmp_path, codec):
    text = read_file(write(tmp_path / "u16.txt", SAMPLE.encode(codec)))
    assert text.display == SAMPLE


def test_utf16_with_odd_byte_count(tmp_path):
    text = read_file(write(tmp_path / "u16.txt", SAMPLE.encode("utf-16")[:-1]))
    assert text.display == SAMPLE[:-1]


def test_nfd_everywhere(tmp_path):
    decomposed = unicodedata.normalize("NFD", SAMPLE)
    assert decomposed != SAMPLE
    for name, data in (("a.txt", decomposed.encode()), ("a.html", f"<p>{decomposed}</p>".encode())):
        text = read_file(write(tmp_path / name, data))
        assert unicodedata.is_normalized("NFC", text.display)
        assert SAMPLE_LINES[5] in text.display


# --- Word -----------------------------------------------------------------------------------------

def test_old_doc_renamed_docx(tmp_path):
    assert refused(make_ole(tmp_path / "cu.docx"), "old Word .doc format, save as .docx").code == "old_doc"


def test_password_protected_docx(tmp_path):
    assert refused(make_ole(tmp_path / "khoa.docx", encrypted=True), "password-protected").code == "encrypted"


def test_text_file_renamed_docx(tmp_path):
    assert refused(write(tmp_path / "a.docx", SAMPLE), "not a .docx file").code == "not_docx"


def test_zip_bomb_by_compression_ratio(tmp_path):
    assert refused(make_zip_bomb(tmp_path / "bom.docx"), "zip bomb").code == "zip_bomb"


def test_zip_bomb_by_declared_total_size(tmp_path, monkeypatch):
    monkeypatch.setattr(docx_reader, "MAX_UNCOMPRESSED", 1_000_000)
    members = {f"word/media/{i}.bin": random.Random(i).randbytes(300_000) for i in range(4)}
    members["word/document.xml"] = b"<w:document/>"
    assert refused(make_zip(tmp_path / "big.docx", members), "zip bomb").code == "zip_bomb"


def test_zip_that_is_not_a_word_document(tmp_path):
    path = make_zip(tmp_path / "a.docx", {"xl/workbook.xml": b"<workbook/>"})
    refused(path, "not a Word document")


def test_truncated_docx(tmp_path):
    whole = make_docx(tmp_path / "whole.docx").read_bytes()
    refused(write(tmp_path / "cut.docx", whole[: len(whole) // 2]), "damaged")


def test_docx_with_broken_xml(tmp_path):
    whole = make_docx(tmp_path / "whole.docx")
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(whole) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            target.writestr(item, data[: len(data) // 2] if item.filename == "word/document.xml" else data)
    refused(broken, "damaged")


def test_empty_docx(tmp_path):
    import docx

    docx.Document().save(str(tmp_path / "blank.docx"))
    assert refused(tmp_path / "blank.docx", "empty").code == "empty"


# --- PDF ------------------------------------------------------------------------------------------

def test_scanned_pdf_without_text_layer(tmp_path):
    error = refused(make_scanned_pdf(tmp_path / "scan.pdf"), "no text layer (scanned PDF?)")
    assert error.code == "scanned_pdf"


@pytest.mark.parametrize("algorithm", ["AES-256", "RC4-128"])
def test_password_protected_pdf(tmp_path, algorithm):
    plain = make_pdf(tmp_path / "plain.pdf", [SAMPLE_LINES])
    locked = encrypt_pdf(plain, tmp_path / "locked.pdf", user_password="mật-khẩu", algorithm=algorithm)
    assert refused(locked, "password-protected PDF").code == "encrypted"


def test_text_named_pdf(tmp_path):
    refused(write(tmp_path / "a.pdf", SAMPLE), "not a PDF file")


def test_truncated_pdf(tmp_path):
    whole = make_pdf(tmp_path / "whole.pdf", [SAMPLE_LINES, SAMPLE_LINES]).read_bytes()
    path = write(tmp_path / "cut.pdf", whole[: len(whole) // 3])
    try:
        text = read_file(path)          # pypdf may recover what precedes the cut
    except ReadError as error:
        assert str(error).startswith(f"{path}: ")
    else:
        assert text.display.strip()


# --- HTML -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("page", [NAVIGATION_ONLY_HTML, LINK_LIST_HTML], ids=["menus", "links"])
def test_html_page_that_is_all_navigation(tmp_path, page):
    assert refused(write(tmp_path / "nav.html", page), "no document text (navigation only)").code == \
        "navigation_only"


@pytest.mark.parametrize("page", ["", "<html><head><title>x</title></head><body></body></html>",
                                  "<script>alert(1)</script>"])
def test_html_without_text(tmp_path, page):
    path = write(tmp_path / "blank.html", page)
    assert refused(path, "").code in ("empty", "navigation_only")


def test_html_nested_very_deep(tmp_path):
    page = "<div>" * 5000 + "Thông báo kết luận của Tỉnh ủy" + "</div>" * 5000
    path = write(tmp_path / "deep.html", page)
    try:
        text = read_file(path)
    except ReadError as error:
        assert str(error).startswith(f"{path}: ")
    else:
        assert "Thông báo kết luận của Tỉnh ủy" in text.display


# --- meta files -------------------------------------------------------------------------------------

def test_meta_yaml_alias_bomb_is_bounded(tmp_path):
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for level in "bcdefghij":
        previous = chr(ord(level) - 1)
        lines.append(f"{level}: &{level} [" + ",".join([f"*{previous}"] * 9) + "]")
    meta = write(tmp_path / "a.meta.yaml", "\n".join(lines) + "\n")
    doc = write(tmp_path / "a.txt", SAMPLE)
    with pytest.raises(ReadError) as caught:
        read_file(doc)
    assert str(caught.value).startswith(f"{meta}: meta file too complex")


def test_meta_nested_very_deep(tmp_path):
    write(tmp_path / "a.txt.meta.yaml", "k: " + "[" * 3000 + "]" * 3000 + "\n")
    doc = write(tmp_path / "a.txt", SAMPLE)
    with pytest.raises(ReadError) as caught:
        read_file(doc)
    assert caught.value.path == str(tmp_path / "a.txt.meta.yaml")


# --- size -----------------------------------------------------------------------------------------

def test_fifty_megabyte_text_reads_whole(tmp_path):
    """The reader's own work on 50 MB (decoding, tidying, NFC); Text building is timed in bench/."""
    block = (SAMPLE * 40).encode()
    count = 50_000_000 // len(block) + 1
    path = tmp_path / "big.txt"
    with path.open("wb") as handle:
        for _ in range(count):
            handle.write(block)
        handle.write("Nơi nhận: Văn phòng Tỉnh ủy.\n".encode())
    content = txt_reader.read(path)
    assert content.display.endswith("Nơi nhận: Văn phòng Tỉnh ủy.\n")
    assert content.display.count(SAMPLE_LINES[5]) == count * 40


@pytest.mark.slow
def test_fifty_megabyte_text_through_read_file(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(SAMPLE.encode() * (50_000_000 // len(SAMPLE.encode()) + 1))
    text = read_file(path)
    assert len(text.display) == len(text.text) > 30_000_000


# --- properties -------------------------------------------------------------------------------------

_PREFIXES = [b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00", b"PK\x03\x04",
             b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"%PDF-1.4\n", b"<html><body><p>", b"Skip to main content\n"]
_TEXTISH = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=400)
_ANY_BYTES = st.one_of(
    st.binary(max_size=2000),
    st.tuples(st.sampled_from(_PREFIXES), st.binary(max_size=2000)).map(b"".join),
    st.tuples(_TEXTISH, st.sampled_from(["utf-8", "utf-16-le", "utf-16-be", "cp1258", "latin-1"]))
      .map(lambda pair: pair[0].encode(pair[1], errors="ignore")),
    st.tuples(st.sampled_from([SAMPLE.encode(), SAMPLE.encode("utf-16")]), st.integers(0, 2000),
              st.binary(max_size=8)).map(lambda t: t[0][: t[1]] + t[2]),
)
_FUZZ = settings(max_examples=FUZZ_EXAMPLES, deadline=None,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.fixture(scope="module")
def fuzz_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@_FUZZ
@given(data=_ANY_BYTES, suffix=st.sampled_from([".txt", ".html"]))
def test_any_bytes_read_or_refused(fuzz_dir, data, suffix):
    path = write(fuzz_dir / f"any{suffix}", data)
    try:
        text = read_file(path)
    except ReadError as error:
        assert str(error).startswith(f"{path}: ") and "\n" not in str(error)
    else:
        assert text.display.strip()
        assert unicodedata.is_normalized("NFC", text.display)
        assert len(text.text) == len(text.display)


@settings(max_examples=max(20, FUZZ_EXAMPLES // 10), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.tuples(st.sampled_from(_PREFIXES), st.binary(max_size=3000)).map(b"".join),
       suffix=st.sampled_from([".docx", ".pdf"]))
def test_any_bytes_as_docx_or_pdf_read_or_refused(fuzz_dir, data, suffix):
    path = write(fuzz_dir / f"any{suffix}", data)
    try:
        read_file(path)
    except ReadError as error:
        assert str(error).startswith(f"{path}: ")
