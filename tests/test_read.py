"""Reading step: files of every supported kind and encoding → Text (loaders.read)."""

from __future__ import annotations

import pickle
import sys
import unicodedata
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # the fixture builders beside this file

from fixtures_read import (  # noqa: E402
    SAMPLE,
    SAMPLE_LINES,
    SAMPLE_WORDS,
    TCVN3_LINES,
    VNI_LINES,
    article_html,
    encode_cp1258,
    encode_legacy,
    encrypt_pdf,
    legacy_bytes,
    legacy_expected,
    make_docx,
    make_pdf,
    write,
)

from loaders.read import SUPPORTED_SUFFIXES, ReadError, discover, read_file, registry  # noqa: E402

CORPUS = Path(__file__).parents[1] / "data" / "corpus"


def assert_sample(text) -> None:
    for words in SAMPLE_WORDS:
        assert words in text.display, words
    assert unicodedata.is_normalized("NFC", text.display)


# --- the seeds ----------------------------------------------------------------------------------

def test_seed_texts_read_unchanged_as_utf8():
    seeds = sorted(CORPUS.glob("*.txt"))
    assert len(seeds) >= 4
    for seed in seeds:
        text = read_file(seed)
        assert text.format == "txt"
        assert text.source == str(seed)
        assert "Tỉnh" in text.display
        raw = unicodedata.normalize("NFC", seed.read_text(encoding="utf-8")).replace("\r\n", "\n")
        assert raw.endswith(text.display)          # nothing changed but furniture at the very start


def test_seed_001_loses_sharepoint_furniture_lines():
    text = read_file(next(CORPUS.glob("001_*.txt")))
    assert "Skip Ribbon Commands" not in text.display
    assert "Skip to main content" not in text.display
    assert text.display.startswith("Hội nghị đối thoại giữa người đứng đầu cấp ủy")


def test_furniture_lines_are_dropped_only_at_the_start(tmp_path):
    body = "Skip to main content\n\nThông báo kết luận\nSkip to main content\nTỉnh ủy Hà Tĩnh\n"
    text = read_file(write(tmp_path / "a.txt", body))
    assert text.display == "Thông báo kết luận\nSkip to main content\nTỉnh ủy Hà Tĩnh\n"


def test_furniture_lines_are_dropped_at_the_start_of_docx_and_pdf(tmp_path):
    import docx

    document = docx.Document()
    for line in ("Skip Ribbon Commands", "Skip to main content", SAMPLE_LINES[4]):
        document.add_paragraph(line)
    document.save(str(tmp_path / "web.docx"))
    assert read_file(tmp_path / "web.docx").display == SAMPLE_LINES[4]
    pdf = read_file(make_pdf(tmp_path / "web.pdf", [["Skip Ribbon Commands", SAMPLE_LINES[4]], ["Trang 2"]]))
    assert pdf.display == SAMPLE_LINES[4] + "\nTrang 2"
    assert pdf.display[pdf.pages[1]:] == "Trang 2"


# --- .txt encodings -------------------------------------------------------------------------------

@pytest.mark.parametrize("codec", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_unicode_encodings(tmp_path, codec):
    data = SAMPLE.encode(codec)
    if codec in ("utf-16-le", "utf-16-be"):
        data = (b"\xff\xfe" if codec.endswith("le") else b"\xfe\xff") + data   # with BOM here
    text = read_file(write(tmp_path / f"{codec}.txt", data))
    assert text.display == SAMPLE
    assert not text.display.startswith("\ufeff")


def test_windows_1258_with_combining_tones_becomes_nfc(tmp_path):
    data = encode_cp1258(SAMPLE)
    assert b"\xf2" in data or b"\xec" in data       # tones really are separate bytes
    text = read_file(write(tmp_path / "cp1258.txt", data))
    assert_sample(text)
    assert text.display == SAMPLE


@pytest.mark.parametrize("lines", [TCVN3_LINES, VNI_LINES], ids=["tcvn3", "vni"])
def test_legacy_font_encodings_are_converted(tmp_path, lines):
    text = read_file(write(tmp_path / "legacy.txt", legacy_bytes(lines)))
    assert text.display.splitlines() == legacy_expected(lines)


@pytest.mark.parametrize("lines", [TCVN3_LINES, VNI_LINES], ids=["tcvn3", "vni"])
def test_legacy_font_text_saved_as_unicode_is_converted(tmp_path, lines):
    # Word saves .VnTime / VNI-Times text as the Latin-1 look-alike characters, in UTF-8.
    text = read_file(write(tmp_path / "legacy-utf8.txt", "\n".join(lines)))
    assert text.display.splitlines() == legacy_expected(lines)


@pytest.mark.parametrize("name", ["vni", "tcvn3"])
def test_whole_seed_in_a_legacy_encoding_is_detected(tmp_path, name):
    seed = next(CORPUS.glob("002_*.txt"))
    original = unicodedata.normalize("NFC", seed.read_text(encoding="utf-8"))
    text = read_file(write(tmp_path / "legacy.txt", encode_legacy(original, name)))
    if name == "vni":
        assert text.display == original
    else:                     # TCVN3 has no codes for most accented capitals ("Ủy" comes back "ủy")
        assert text.display.lower() == original.lower()
        assert "THÔNG BÁO\nKẾT LUẬN CỦA THƯỜNG TRỰC TỈNH ỦY" in text.display   # headings in capitals


def test_plain_vietnamese_is_never_taken_for_a_legacy_encoding(tmp_path):
    words = "Về việc tổ chức hội nghị; ông Đỗ Văn Tú, bà Lê Thị Thúy; ý kiến; ô tô; à ạ; ủy; ưu tiên"
    text = read_file(write(tmp_path / "a.txt", words))
    assert text.display == words


def test_nfd_input_becomes_nfc(tmp_path):
    text = read_file(write(tmp_path / "nfd.txt", unicodedata.normalize("NFD", SAMPLE)))
    assert text.display == SAMPLE


def test_old_tone_style_kept_for_display_normalised_for_analysis(tmp_path):
    text = read_file(write(tmp_path / "a.txt", "Ban Thường vụ Tỉnh uỷ; hoà giải\n"))
    assert "Tỉnh uỷ" in text.display and "hoà" in text.display
    assert "Tỉnh ủy" in text.text and "hòa" in text.text
    assert len(text.text) == len(text.display)


def test_line_ends_and_controls_are_tidied(tmp_path):
    data = "Thông báo\r\nDòng 2\rDòng 3\x07\n".encode()
    text = read_file(write(tmp_path / "a.txt", data))
    assert text.display == "Thông báo\nDòng 2\nDòng 3\n"


def test_web_page_saved_as_txt_is_read_as_html(tmp_path):
    text = read_file(write(tmp_path / "page.txt", article_html()))
    assert text.format == "html"
    assert "Skip Ribbon Commands" not in text.display
    assert SAMPLE_LINES[4] in text.display


# --- .docx ------------------------------------------------------------------------------------------

def test_docx_paragraphs_and_tables_in_document_order(tmp_path):
    text = read_file(make_docx(tmp_path / "notice.docx"))
    assert text.format == "docx"
    lines = text.display.splitlines()
    assert lines[:5] == ["TỈNH ỦY HÀ TĨNH", "ĐẢNG CỘNG SẢN VIỆT NAM", "Số 45-TB/TU",
                         "Hà Tĩnh, ngày 20 tháng 8 năm 2021", "THÔNG BÁO"]
    order = [lines.index(line) for line in (SAMPLE_LINES[4], "Ban cán sự đảng Ủy ban nhân dân tỉnh",
                                            SAMPLE_LINES[5], "T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ")]
    assert order == sorted(order)
    assert lines.count("Văn phòng Tỉnh ủy theo dõi, đôn đốc") == 1     # merged over three columns
    assert_sample(text)


def test_docx_nested_table_is_read_in_place(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("Trước bảng")
    outer = document.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "Ô ngoài"
    inner = outer.cell(0, 1).add_table(rows=1, cols=1)
    inner.cell(0, 0).text = "Ô trong: Sở Nội vụ"
    document.add_paragraph("Sau bảng")
    document.save(str(tmp_path / "nested.docx"))
    lines = read_file(tmp_path / "nested.docx").display.splitlines()
    assert lines == ["Trước bảng", "Ô ngoài", "Ô trong: Sở Nội vụ", "Sau bảng"]


# --- .pdf -------------------------------------------------------------------------------------------

def test_pdf_text_layer_with_page_offsets(tmp_path):
    page_one, page_two = SAMPLE_LINES[:3], SAMPLE_LINES[3:]
    text = read_file(make_pdf(tmp_path / "notice.pdf", [page_one, page_two]))
    assert text.format == "pdf"
    assert len(text.pages) == 2 and text.pages[0] == 0
    assert text.display[: text.pages[1]].splitlines() == page_one
    assert text.display[text.pages[1]:].splitlines() == page_two     # line breaks kept
    assert_sample(text)


def test_pdf_hyphenated_words_are_joined_and_real_hyphens_kept(tmp_path):
    lines = ["Kế hoạch số 01-", "KH/TU về công tác infor-", "mation; phát triển kinh tế-", "xã hội."]
    text = read_file(make_pdf(tmp_path / "hyphen.pdf", [lines]))
    assert "01-KH/TU" in text.display
    assert "information" in text.display
    assert "kinh tế-xã hội" in text.display


def test_pdf_with_owner_password_only_opens(tmp_path):
    plain = make_pdf(tmp_path / "plain.pdf", [SAMPLE_LINES])
    text = read_file(encrypt_pdf(plain, tmp_path / "restricted.pdf", user_password=""))
    assert_sample(text)


# --- .html ------------------------------------------------------------------------------------------

def test_html_article_without_navigation(tmp_path):
    text = read_file(write(tmp_path / "tin.html", article_html()))
    assert text.format == "html"
    lines = text.display.splitlines()
    assert lines[0] == "Hội nghị đối thoại với thanh niên năm 2021"
    assert SAMPLE_LINES[4] in lines
    assert "Dự hội nghị có lãnh đạo các sở, ban, ngành" in lines      # inline tags, source breaks
    assert "và đại diện Ủy ban Mặt trận Tổ quốc tỉnh." in lines        # <br> is a line break
    assert lines[-4:] == ["Nhiệm vụ", "Thời hạn", "Báo cáo kết quả", "Tháng 12/2021"]
    for junk in ("Skip Ribbon Commands", "Skip to main content", "Trang chủ", "Giới thiệu", "Tin tức",
                 "_spPageContextInfo", "color: red", "biên tập viên", "Nội dung ẩn", "Tin liên quan",
                 "Bản quyền", "Duyệt"):
        assert junk not in text.display, junk


def test_html_legacy_charset_declared_in_meta(tmp_path):
    page = article_html().replace('<meta charset="utf-8">', '<meta charset="windows-1258">')
    text = read_file(write(tmp_path / "cp1258.htm", encode_cp1258(page)))
    assert SAMPLE_LINES[4] in text.display


def test_html_article_header_inside_article_is_content(tmp_path):
    page = ("<html><body><header>Cổng thông tin</header><article><header><h1>Chỉ thị số 05-CT/TU</h1>"
            "</header><p>Ban Thường vụ Tỉnh ủy yêu cầu các cấp ủy triển khai thực hiện.</p></article>"
            "</body></html>")
    text = read_file(write(tmp_path / "a.html", page))
    assert text.display.splitlines() == ["Chỉ thị số 05-CT/TU",
                                         "Ban Thường vụ Tỉnh ủy yêu cầu các cấp ủy triển khai thực hiện."]


# --- NAME.meta.yaml ---------------------------------------------------------------------------------

def test_meta_beside_the_file(tmp_path):
    doc = write(tmp_path / "000_x.txt", SAMPLE)
    write(tmp_path / "000_x.meta.yaml", "province: Hà Tĩnh\nkind: Thông báo\ndate: 2021-08-20\n"
                                        "symbol: 45-TB/TU\ndone: 45-TB/TU#1\n")
    meta = read_file(doc).meta
    assert meta == {"province": "Hà Tĩnh", "kind": "Thông báo", "date": "2021-08-20", "symbol": "45-TB/TU",
                    "done": ["45-TB/TU#1"]}


def test_meta_full_name_wins_over_stem_key_by_key(tmp_path):
    doc = write(tmp_path / "000_x.txt", SAMPLE)
    write(tmp_path / "000_x.meta.yaml", "province: Hà Nam\nissuer: Tỉnh ủy\n")
    write(tmp_path / "000_x.txt.meta.yaml", "province: Hà Tĩnh\ndate: 20/8/2021\n")
    meta = read_file(doc).meta
    assert meta == {"province": "Hà Tĩnh", "issuer": "Tỉnh ủy", "date": "2021-08-20"}


def test_meta_absent_gives_empty_dict(tmp_path):
    assert read_file(write(tmp_path / "a.txt", SAMPLE)).meta == {}


def test_meta_strings_become_nfc(tmp_path):
    doc = write(tmp_path / "a.txt", SAMPLE)
    write(tmp_path / "a.meta.yaml", unicodedata.normalize("NFD", "province: Hà Tĩnh\n"))
    assert read_file(doc).meta["province"] == "Hà Tĩnh"


@pytest.mark.parametrize("body, reason", [
    ("province: [Hà Nam\n", "invalid YAML"),
    ("- a\n- b\n", "must be a mapping"),
    ("date: 31/02/2021\n", "does not exist"),
    ("date: tháng 13\n", "not YYYY-MM-DD"),
])
def test_bad_meta_is_a_read_error_naming_the_meta_file(tmp_path, body, reason):
    doc = write(tmp_path / "a.txt", SAMPLE)
    meta = write(tmp_path / "a.txt.meta.yaml", body)
    with pytest.raises(ReadError) as caught:
        read_file(doc)
    assert caught.value.path == str(meta)
    assert str(caught.value).startswith(f"{meta}: ")
    assert reason in str(caught.value)


# --- discover, registry, errors ---------------------------------------------------------------------

def test_discover_expands_folders_sorted_and_skips_what_is_not_a_document(tmp_path):
    for name in ("b/2.pdf", "b/1.docx", "a.txt", "c.HTML", "a.txt.meta.yaml", "a.meta.yaml", ".hidden.txt",
                 ".git/x.txt", "~$1.docx", "notes.doc", "img.jpg", "b/deep/3.htm"):
        write(tmp_path / name, "x")
    found = [p.relative_to(tmp_path).as_posix() for p in discover([tmp_path])]
    assert found == ["a.txt", "b/1.docx", "b/2.pdf", "b/deep/3.htm", "c.HTML"]


def test_discover_keeps_named_files_in_order_once_and_drops_meta(tmp_path):
    a, b = write(tmp_path / "a.txt", "x"), write(tmp_path / "b.doc", "x")
    missing = tmp_path / "missing.txt"
    meta = write(tmp_path / "a.meta.yaml", "kind: x")
    assert discover([b, a, missing, meta, a, tmp_path / "." / "a.txt"]) == [b, a, missing]


def test_discover_survives_a_symlink_loop(tmp_path):
    write(tmp_path / "docs" / "a.txt", "x")
    (tmp_path / "docs" / "loop").symlink_to(tmp_path / "docs", target_is_directory=True)
    assert discover([tmp_path / "docs"]) == [tmp_path / "docs" / "a.txt"]


def test_registry_names_one_reader_per_format():
    assert set(registry.READERS) == {"txt", "docx", "pdf", "html"}
    assert set(SUPPORTED_SUFFIXES) >= {".txt", ".docx", ".pdf", ".html", ".htm"}
    for plugin in registry.READERS.values():
        assert callable(plugin.load())


def test_a_new_format_is_one_registration(tmp_path, monkeypatch):
    monkeypatch.setattr(registry, "READERS", dict(registry.READERS))
    monkeypatch.setattr(registry, "BY_SUFFIX", dict(registry.BY_SUFFIX))
    with pytest.raises(ReadError, match="unsupported file type '.md'"):
        read_file(write(tmp_path / "a.md", SAMPLE))
    registry.register("markdown", "loaders.read.txt", (".md",))
    assert read_file(tmp_path / "a.md").display == SAMPLE


def test_read_error_is_one_line_naming_the_file_and_survives_pickling(tmp_path):
    path = write(tmp_path / "Thông báo rỗng.txt", b"")
    with pytest.raises(ReadError) as caught:
        read_file(path)
    error = caught.value
    assert str(error) == f"{path}: empty"
    assert "\n" not in str(error)
    assert error.vi.startswith(f"{path}: ") and "rỗng" in error.vi
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.path, copy.reason, copy.code) == (error.path, error.reason, error.code)
    assert str(copy) == str(error)


def test_missing_and_unsupported_files(tmp_path):
    with pytest.raises(ReadError, match="file not found"):
        read_file(tmp_path / "missing.txt")
    with pytest.raises(ReadError, match=r"unsupported file type '\.doc'"):
        read_file(write(tmp_path / "old.doc", b"x"))
    (tmp_path / "folder.txt").mkdir()
    with pytest.raises(ReadError, match="not a file"):
        read_file(tmp_path / "folder.txt")


def test_a_hard_wrapped_line_is_one_sentence_in_the_analysis_form() -> None:
    """A line that starts with a small letter continues the sentence before it (same length, so spans
    stay valid in the display text); a heading in capitals and a lettered item keep their line."""
    from loaders.text import Text

    t = Text("x.txt", "Căn cứ Luật Tổ chức HĐND\nvà UBND ngày 26/11/2003;\nKẾ HOẠCH\nthực hiện Nghị quyết\na) Giao Sở")
    assert t.text == "Căn cứ Luật Tổ chức HĐND và UBND ngày 26/11/2003;\nKẾ HOẠCH\nthực hiện Nghị quyết\na) Giao Sở"
    assert len(t.text) == len(t.display)
