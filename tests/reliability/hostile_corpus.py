"""The hostile corpus: every kind of bad input issue 6 names, written into a folder beside good seed texts.

``write_hostile_corpus(folder)`` returns ``{file name: Expect}``: what the build must do with each file
(load it, or refuse it in one line whose reason contains ``reason``).  Used by the build test and by
docs/reliability.md's table (``python tests/reliability/hostile_corpus.py`` prints the outcomes).
"""

from __future__ import annotations

import random
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))   # tests/: the fixture builders

from fixtures_read import (  # noqa: E402
    NAVIGATION_ONLY_HTML,
    SAMPLE_LINES,
    TCVN3_LINES,
    VNI_LINES,
    encode_cp1258,
    encrypt_pdf,
    legacy_bytes,
    make_ole,
    make_pdf,
    make_scanned_pdf,
    make_zip_bomb,
    write,
)
from rel_support import SEEDS  # noqa: E402

GOOD_SEEDS = ["000_13a6090d2288f5d4.txt", "003_d1bd400ed74c462d.txt"]
PARTY_KINDS = ["KL/TW", "NQ/TW", "CT/TW", "TB/TU", "KH/TU", "QĐ/TW"]
STATE_KINDS = ["QĐ-UBND", "NQ-CP", "CT-TTg", "NQ-HĐND", "KH-UBND", "QĐ-TTg"]



def header(number: int) -> str:
    """A notice's head; each text has its own number (one symbol, one document)."""
    return f"TỈNH ỦY HÀ NAM\nSố {number}-TB/TU\nTHÔNG BÁO\nKết luận của Thường trực Tỉnh ủy\n\n"


BAD_DATES = header(12) + (
    "Ngày 31/02/2021, Thường trực Tỉnh ủy họp nghe báo cáo của Sở Nội vụ.\n"
    "1. Giao Sở Nội vụ chủ trì, phối hợp với Văn phòng Tỉnh ủy tham mưu kế hoạch, báo cáo Thường trực "
    "Tỉnh ủy trước ngày 31/02/2021.\n"
    "2. Giao Ủy ban nhân dân tỉnh chỉ đạo thực hiện, báo cáo kết quả trong tháng 13/2021.\n"
    "3. Giao Ban Tuyên giáo Tỉnh ủy hướng dẫn, hoàn thành trước ngày 30 tháng 13 năm 2021 và trước "
    "ngày 29/02/2021.\n"
    "Hà Nam, ngày 32 tháng 12 năm 2021\n")

ODD_SYMBOLS = header(13) + (
    "Thực hiện Kết luận số 100 - KL/TW ngày 10/5/2021 của Bộ Chính trị, Công văn số 2071 /SNV-CCVC "
    "ngày 3/8/2021 của Sở Nội vụ và Chỉ thị số 19/CT-TTG ngày 4/4/2021 của Thủ tướng Chính phủ, "
    "Thường trực Tỉnh ủy kết luận:\n"
    "1. Giao Sở Nội vụ chủ trì tham mưu, báo cáo Thường trực Tỉnh ủy trước ngày 30/9/2021.\n")


def many_symbols(count: int, seed: int = 6) -> str:
    """A notice citing ``count`` distinct documents, party and state symbols alternating."""
    rng = random.Random(seed)
    cited = []
    for i in range(1, count + 1):
        symbol = f"{i}-{rng.choice(PARTY_KINDS)}" if i % 2 else f"{i}/{rng.choice(STATE_KINDS)}"
        cited.append(f"văn bản số {symbol} ngày {rng.randint(1, 28)}/{rng.randint(1, 12)}/{rng.randint(2015, 2024)}")
    return header(14) + "Căn cứ " + "; ".join(cited) + ".\n"


@dataclass(frozen=True)
class Expect:
    what: str                        # what the file is, for the docs table
    loaded: bool                     # True: the build loads it; False: one line naming it and `reason`
    reason: str = ""


def seed_text(name: str) -> str:
    return (SEEDS / name).read_text(encoding="utf-8")


def write_hostile_corpus(folder: Path, symbols: int = 1000) -> dict[str, Expect]:
    folder.mkdir(parents=True, exist_ok=True)
    expect: dict[str, Expect] = {}
    for name in GOOD_SEEDS:
        write(folder / name, seed_text(name))
        expect[name] = Expect("seed text (good)", True)

    # the same seed in the encodings offices send (each must read as the seed does)
    other = seed_text("002_bccb50dbba11b639.txt")
    utf8 = other.encode()
    cut = utf8[: utf8.rindex("ệ".encode()) + 1]                       # ends inside a character
    write(folder / "truncated_utf8.txt", cut)
    expect["truncated_utf8.txt"] = Expect("UTF-8 cut inside a character", True)
    write(folder / "utf16le_no_bom.txt", other.encode("utf-16-le"))
    expect["utf16le_no_bom.txt"] = Expect("UTF-16 LE without BOM", True)
    write(folder / "windows1258.txt", encode_cp1258(other))
    expect["windows1258.txt"] = Expect("Windows-1258 (combining tones)", True)
    write(folder / "nfd.txt", unicodedata.normalize("NFD", seed_text("001_64293d846974a11e.txt")))
    expect["nfd.txt"] = Expect("NFD (decomposed) Unicode", True)
    write(folder / "vni.txt", legacy_bytes(VNI_LINES))
    expect["vni.txt"] = Expect("VNI font encoding, four lines", True)
    write(folder / "tcvn3.txt", legacy_bytes(TCVN3_LINES))
    expect["tcvn3.txt"] = Expect("TCVN3 (ABC) font encoding, four lines", True)

    # files that cannot be read
    write(folder / "empty.txt", b"")
    expect["empty.txt"] = Expect("empty file", False, "empty")
    write(folder / "binary_junk.txt", random.Random(6).randbytes(30_000))
    expect["binary_junk.txt"] = Expect("random bytes named .txt", False, "not a text file")
    make_ole(folder / "old_word.docx")
    expect["old_word.docx"] = Expect(".doc (OLE) renamed .docx", False, "old Word .doc")
    make_zip_bomb(folder / "zip_bomb.docx")
    expect["zip_bomb.docx"] = Expect("zip bomb .docx (40 KB → 40 MB)", False, "zip bomb")
    make_scanned_pdf(folder / "scanned.pdf")
    expect["scanned.pdf"] = Expect("scanned PDF, no text layer", False, "no text layer")
    plain = make_pdf(folder.parent / "plain.pdf", [SAMPLE_LINES])
    encrypt_pdf(plain, folder / "password.pdf", user_password="mật-khẩu")
    plain.unlink()
    expect["password.pdf"] = Expect("password-protected PDF", False, "password-protected")
    write(folder / "navigation.html", NAVIGATION_ONLY_HTML)
    expect["navigation.html"] = Expect("HTML page that is all navigation", False, "navigation only")

    # texts that read but are odd inside
    write(folder / "many_symbols.txt", many_symbols(symbols))
    expect["many_symbols.txt"] = Expect(f"notice citing {symbols:,} documents", True)
    write(folder / "bad_dates.txt", BAD_DATES)
    expect["bad_dates.txt"] = Expect("dates that do not exist (31/02/2021, tháng 13)", True)
    write(folder / "odd_symbols.txt", ODD_SYMBOLS)
    expect["odd_symbols.txt"] = Expect('odd symbol spacing ("100 - KL/TW", "2071 /SNV-CCVC", "19/CT-TTG")', True)
    return expect


if __name__ == "__main__":
    import tempfile

    from loaders.read import ReadError, read_file

    with tempfile.TemporaryDirectory() as tmp:
        for name, exp in write_hostile_corpus(Path(tmp) / "c").items():
            try:
                text = read_file(Path(tmp) / "c" / name)
                print(f"{name:24} read, {len(text.display):>8} characters   ({exp.what})")
            except ReadError as error:
                print(f"{name:24} refused: {error.reason}   ({exp.what})")
