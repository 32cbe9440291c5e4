"""Builders of input files for the reading tests: every fixture is made here, in tmp_path, offline.

The Vietnamese sample is written for the tests in the style of a provincial
notice (another province than the seeds). Legacy-encoded samples are typed out
literally (not produced from the tables under test), so a wrong table fails.
"""

from __future__ import annotations

import io
import unicodedata
import zipfile
from pathlib import Path

SAMPLE_LINES = [
    "TỈNH ỦY HÀ TĨNH",
    "Số 45-TB/TU",
    "THÔNG BÁO",
    "Kết luận của Thường trực Tỉnh ủy về việc triển khai thực hiện Nghị quyết số 68/NQ-CP "
    "ngày 01/7/2021 của Chính phủ",
    "Ngày 15 tháng 8 năm 2021, đồng chí Phó Bí thư Thường trực Tỉnh ủy chủ trì hội nghị giao ban.",
    "Giao Ban cán sự đảng Ủy ban nhân dân tỉnh chủ trì, phối hợp với Sở Lao động, Thương binh và Xã hội "
    "tham mưu kế hoạch, báo cáo Thường trực Tỉnh ủy (qua Văn phòng Tỉnh ủy) trước ngày 30/9/2021.",
]
SAMPLE = "\n".join(SAMPLE_LINES) + "\n"
SAMPLE_WORDS = ["Thường trực Tỉnh ủy", "Nghị quyết số 68/NQ-CP", "Thương binh và Xã hội", "Văn phòng Tỉnh ủy"]

# The same lines in the pre-Unicode font encodings, as their bytes read in Latin-1.
TCVN3_LINES = {
    "§¶ng Céng s¶n ViÖt Nam": "Đảng Cộng sản Việt Nam",
    "Th\u00adêng trùc TØnh ñy Hµ TÜnh": "Thường trực Tỉnh ủy Hà Tĩnh",
    "Th«ng b¸o kÕt luËn cña Ban Th\u00adêng vô": "Thông báo kết luận của Ban Thường vụ",
    "Uû ban nh©n d©n tØnh chØ ®¹o c¸c së, ngµnh": "Uỷ ban nhân dân tỉnh chỉ đạo các sở, ngành",
}
VNI_LINES = {
    "Ñaûng Coäng saûn Vieät Nam": "Đảng Cộng sản Việt Nam",
    "Thöôøng tröïc Tænh uûy Haø Tónh": "Thường trực Tỉnh ủy Hà Tĩnh",
    "Thoâng baùo keát luaän cuûa Ban Thöôøng vuï": "Thông báo kết luận của Ban Thường vụ",
    "UÛy ban nhaân daân tænh chæ ñaïo caùc sôû, ngaønh": "Ủy ban nhân dân tỉnh chỉ đạo các sở, ngành",
}

# A TrueType font with Vietnamese letters, for PDFs with a real text layer (Debian: fonts-dejavu-core).
UNICODE_FONTS = [
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"),
    Path("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf"),
    Path("/Library/Fonts/Arial Unicode.ttf"),
    Path("C:/Windows/Fonts/arial.ttf"),
]
_TONES = "\u0300\u0301\u0303\u0309\u0323"


def legacy_bytes(lines: dict[str, str]) -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode("latin-1")


def legacy_expected(lines: dict[str, str]) -> list[str]:
    return list(lines.values())


def encode_cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows wrote it: base letter, then a combining tone byte."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        try:
            out.append(ch.encode("cp1258"))
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        tone = "".join(c for c in parts if c in _TONES)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
        out.append((base + tone).encode("cp1258"))
    return b"".join(out)


def encode_legacy(text: str, name: str) -> bytes:
    """A whole Unicode text in VNI/TCVN3 bytes, from the tables under test (for detection tests only:
    table correctness is what the literal samples above check). TCVN3 capitals fall back to small letters."""
    from loaders.read import legacy

    inverse = {letter: sequence for sequence, letter in legacy.table(name).items()}
    return "".join(inverse.get(ch, inverse.get(ch.lower(), ch))
                   for ch in unicodedata.normalize("NFC", text)).encode("cp1252")


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


# --- .docx -----------------------------------------------------------------------------------------

def make_docx(path: Path) -> Path:
    """A notice: header table (issuer | motto), body paragraphs, a task table with a merged cell, closing."""
    import docx

    document = docx.Document()
    header = document.add_table(rows=2, cols=2)
    header.cell(0, 0).text = "TỈNH ỦY HÀ TĨNH"
    header.cell(0, 1).text = "ĐẢNG CỘNG SẢN VIỆT NAM"
    header.cell(1, 0).text = "Số 45-TB/TU"
    header.cell(1, 1).text = "Hà Tĩnh, ngày 20 tháng 8 năm 2021"
    document.add_paragraph("THÔNG BÁO")
    document.add_paragraph(SAMPLE_LINES[3])
    document.add_paragraph(SAMPLE_LINES[4])
    tasks = document.add_table(rows=3, cols=3)
    tasks.cell(0, 0).text = "Nhiệm vụ"
    tasks.cell(0, 1).text = "Cơ quan chủ trì"
    tasks.cell(0, 2).text = "Thời hạn"
    tasks.cell(1, 0).text = "Xây dựng kế hoạch thực hiện"
    tasks.cell(1, 1).text = "Ban cán sự đảng Ủy ban nhân dân tỉnh"
    tasks.cell(1, 2).text = "Tháng 9/2021"
    merged = tasks.cell(2, 0).merge(tasks.cell(2, 2))
    merged.text = "Văn phòng Tỉnh ủy theo dõi, đôn đốc"
    document.add_paragraph(SAMPLE_LINES[5])
    closing = document.add_paragraph("T/M BAN THƯỜNG VỤ")
    closing.add_run().add_break()
    closing.add_run("PHÓ BÍ THƯ")
    document.save(str(path))
    return path


def make_zip(path: Path, members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def make_zip_bomb(path: Path, megabytes: int = 40) -> Path:
    """A .docx-shaped zip whose document.xml inflates from ~40 KB to ``megabytes`` MB of zeros."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as member:
            chunk = b"\0" * 1_000_000
            for _ in range(megabytes):
                member.write(chunk)
    return path


def make_ole(path: Path, encrypted: bool = False) -> Path:
    """The start of an OLE compound file, as an old .doc (or an encrypted .docx) has."""
    body = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    if encrypted:
        body += "EncryptedPackage".encode("utf-16-le") + b"\0" * 64
    body += b"Microsoft Word-Dokument\0" + b"\x01" * 512
    return write(path, body)


# --- .pdf ------------------------------------------------------------------------------------------

def make_pdf(path: Path, pages: list[list[str]]) -> Path:
    """A PDF with a real text layer (DejaVu Sans embedded by fpdf2), one list of lines per page."""
    from fpdf import FPDF

    font = next((font for font in UNICODE_FONTS if font.is_file()), None)
    if font is None:
        import pytest

        pytest.skip("no Unicode TrueType font to write a Vietnamese PDF (apt-get install fonts-dejavu-core)")
    pdf = FPDF()
    pdf.add_font("Unicode", "", str(font))
    pdf.set_font("Unicode", size=11)
    for lines in pages:
        pdf.add_page()
        y = 20
        for line in lines:
            pdf.text(15, y, line)
            y += 7
    pdf.output(str(path))
    return path


def make_scanned_pdf(path: Path, pages: int = 2) -> Path:
    """Pages that carry only a picture of text: no text layer at all."""
    from fpdf import FPDF
    from PIL import Image, ImageDraw

    pdf = FPDF()
    for number in range(pages):
        image = Image.new("L", (800, 1100), 255)
        draw = ImageDraw.Draw(image)
        for row in range(30):
            draw.rectangle((60, 60 + row * 32, 740 - (row * 37 + number * 50) % 300, 76 + row * 32), fill=0)
        pdf.add_page()
        pdf.image(image, x=0, y=0, w=210)
    pdf.output(str(path))
    return path


def encrypt_pdf(source: Path, target: Path, user_password: str, owner_password: str = "chủ sở hữu",
                algorithm: str = "AES-256") -> Path:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(source))
    writer.encrypt(user_password=user_password, owner_password=owner_password, algorithm=algorithm)
    buffer = io.BytesIO()
    writer.write(buffer)
    return write(target, buffer.getvalue())


# --- .html -----------------------------------------------------------------------------------------

ARTICLE_HTML = """<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>Cổng thông tin điện tử tỉnh</title>
<style>.ms-core {{ color: red }}</style><script>var _spPageContextInfo = {{}};</script></head>
<body>
<form method="post" action="./tin.aspx" id="aspnetForm">
<div id="s4-ribbonrow"><a href="javascript:;">Skip Ribbon Commands</a>
  <div class="ms-cui-ribbon"><span>Duyệt</span><span>Trang</span></div></div>
<a href="#mainContent">Skip to main content</a>
<header><a href="/">Trang chủ</a> <a href="/gioi-thieu">Giới thiệu</a></header>
<nav><ul><li><a href="/tin-tuc">Tin tức - Sự kiện</a></li>
<li><a href="/van-ban">Văn bản chỉ đạo</a></li></ul></nav>
<div class="breadcrumb"><a href="/">Trang chủ</a> &gt; <a href="/tin">Tin theo lĩnh vực</a></div>
<div id="mainContent"><article>
<h1>{title}</h1>
<p>{first}</p>
<p>Dự hội nghị có <b>lãnh đạo</b> các sở,
   ban, ngành<br>và đại diện <a href="/mttq">Ủy ban Mặt trận Tổ quốc tỉnh</a>.</p>
<table><tr><td>Nhiệm vụ</td><td>Thời hạn</td></tr>
<tr><td>Báo cáo kết quả</td><td>Tháng 12/2021</td></tr></table>
<!-- ghi chú của biên tập viên: không hiển thị -->
<p style="display:none">Nội dung ẩn không được đọc</p>
</article></div>
<aside><h3>Tin liên quan</h3><a href="/a">Hội nghị khác</a></aside>
<footer>Bản quyền thuộc Cổng thông tin điện tử tỉnh. Địa chỉ: số 1 đường Trần Phú.</footer>
</form></body></html>
"""


def article_html(title: str = "Hội nghị đối thoại với thanh niên năm 2021",
                 first: str = SAMPLE_LINES[4]) -> str:
    return ARTICLE_HTML.format(title=title, first=first)


NAVIGATION_ONLY_HTML = """<!DOCTYPE html><html><head><title>Trang chủ</title></head><body>
<div id="s4-ribbonrow"><a href="javascript:;">Skip Ribbon Commands</a></div>
<a href="#mainContent">Skip to main content</a>
<nav><ul><li><a href="/">Trang chủ</a></li><li><a href="/gioi-thieu">Giới thiệu</a></li>
<li><a href="/tin-tuc">Tin tức</a></li><li><a href="/van-ban">Văn bản</a></li></ul></nav>
<div class="menu-left"><a href="/lanh-dao">Lãnh đạo tỉnh</a><a href="/so-nganh">Các sở, ngành</a></div>
<footer>Bản quyền thuộc Ủy ban nhân dân tỉnh</footer>
</body></html>
"""

LINK_LIST_HTML = """<html><body><div>
<a href="/1">Thông báo số 12-TB/TU</a><br><a href="/2">Kế hoạch số 30-KH/TU</a><br>
<a href="/3">Chỉ thị số 05-CT/TU</a><br><a href="/4">Nghị quyết số 15-NQ/TU</a>
</div></body></html>
"""
