"""Fuzz the first two steps of the pipeline: generated files → ``read_file`` → ``extract``.

    python tests/reliability/fuzz_read_extract.py --cases 10000 [--seed S] [--keep DIR]

Each case is a file written into a temporary folder: random bytes (some behind the magic numbers of
the formats), or Vietnamese-ish text assembled from the seed texts' sentences, document symbols
(well and oddly written), dates (real and impossible), organ names from the gazetteer and structural
markers, with noise, in a random encoding (UTF-8/16 with and without BOM, Windows-1258, NFD, legacy
bytes), sometimes cut short, named .txt or wrapped as .html.  The reader must either return a
``Text`` or raise ``ReadError`` (one line naming the file); the extractor must return an
``Extraction`` whose spans lie inside the text and that survives the JSON round trip the build's
cache makes.  Anything else is a crash: the case is saved under ``--keep`` (default
``fuzz-crashes/`` in the working directory) with its traceback, and the exit code is 1.

The cases come from ``random.Random(seed)``: the same seed gives the same cases.  Under pytest,
``test_fuzz_harness.py`` runs a short round; ``--long`` / ``DKG_LONG=1`` runs 10,000.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
import time
import traceback
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
for path in (str(REPO), str(HERE.parent)):          # the project, and tests/ for the fixture builders
    if path not in sys.path:
        sys.path.insert(0, path)

from fixtures_read import encode_cp1258  # noqa: E402

from loaders.extract import extract  # noqa: E402
from loaders.extract.model import extraction_from_dict  # noqa: E402
from loaders.read import ReadError, read_file  # noqa: E402

SEEDS = REPO / "data" / "corpus"
PREFIXES = [b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
            b"%PDF-1.4\n", b"<html><body><p>", b"\x00\x00\xfe\xff", b"{\\rtf1"]
PARTY = ["KL/TW", "NQ/TW", "CT/TW", "QĐ/TW", "TB/TU", "KH/TU", "ĐA/TU", "NQ/TU", "BC/TU", "HD/BTGTU", "CV/VPTU"]
STATE = ["QĐ-UBND", "NQ-CP", "CT-TTg", "QĐ-TTg", "NQ-HĐND", "KH-UBND", "SNV-CCVC", "UBND-VX", "TTr-SNV", "BC-UBND"]
KINDS = ["Nghị quyết", "Chỉ thị", "Kết luận", "Thông báo", "Kế hoạch", "Quyết định", "Đề án", "Công văn",
         "Báo cáo", "Hướng dẫn", "Quy định", "Chương trình"]
CUES = ["trước ngày", "chậm nhất ngày", "trong tháng", "hằng tháng", "hằng quý", "định kỳ 6 tháng",
        "trong quý", "trước", "xong trước", "đã hoàn thành trước ngày", "trong vòng 15 ngày làm việc kể từ ngày",
        "năm", "trước Tết Nguyên đán", "trong năm"]
MARKERS = ["Số:", "Nơi nhận:", "T/M BAN THƯỜNG VỤ", "K/T CHỦ TỊCH", "TL. BAN THƯỜNG VỤ", "I.", "II.", "1.",
           "2.1.", "a)", "-", "+", "*", "•", "THÔNG BÁO", "KẾT LUẬN", "NGHỊ QUYẾT", "ĐẢNG CỘNG SẢN VIỆT NAM",
           "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Lưu VT.", "(để b/c)",
           "giao", "chủ trì", "phối hợp với", "báo cáo", "(qua Văn phòng Tỉnh ủy)", "tham mưu", "đồng chí"]
NOISE = ["\u200b", "\u00ad", "\ufeff", "\u0301", "\u0323", "\u0300\u0301\u0303", "\t", "\r", "\r\n", "\x0b",
         "\x0c", "\u2028", "\u00a0", "\u3000", "😀", "\u202e", "\ufffd", "—", "–", "…", "“", "”", "«", "»",
         "\\", "{", "}", "<", ">", "&amp;", "%", "$", "`", "'", '"', "(", ")", "[", "]", "/", "//", "/*", "#",
         "\u0000", "𝔗𝔦𝔫𝔥", "ǅ", "ß", "İ", "ﬁ"]


@cache
def sentences() -> list[str]:
    """Sentences of the seed texts (split on ., ; and lines)."""
    out: list[str] = []
    for seed in sorted(SEEDS.glob("*.txt")):
        for line in seed.read_text(encoding="utf-8").splitlines():
            out += [s.strip() for s in re.split(r"(?<=[.;:])\s+", line) if s.strip()]
    return out


@cache
def organ_names() -> list[str]:
    from loaders.extract.gazetteer import gazetteer

    gz = gazetteer()
    names = sorted({entry.name for entry in gz.entries.values()} | {form.text for form in gz.forms})
    return names or ["Ban Thường vụ Tỉnh ủy"]


@cache
def province_names() -> list[str]:
    from loaders.extract.gazetteer import gazetteer

    names = sorted({p.get("name", "") for p in gazetteer().provinces if p.get("name")})
    return names or ["Hà Nam", "Hà Tĩnh"]


def symbol(rng: random.Random) -> str:
    number = rng.choice([str(rng.randint(1, 3000)), "0", "00", "999999999", "", "01a", "-1"])
    kind = rng.choice(PARTY + STATE)
    joiner = "-" if kind in PARTY else "/"
    joiner = rng.choice([joiner, joiner, joiner, " - ", " /", "/ ", "–", "", "  "])
    kind = kind if rng.random() < 0.8 else rng.choice([kind.lower(), kind.upper(), kind.replace("/", " / ")])
    return f"{number}{joiner}{kind}"


def a_date(rng: random.Random) -> str:
    day, month, year = rng.randint(0, 33), rng.randint(0, 14), rng.choice([rng.randint(1945, 2035), 99, 0, 20211])
    forms = [f"{day}/{month}/{year}", f"{day:02d}/{month:02d}/{year}", f"ngày {day} tháng {month} năm {year}",
             f"tháng {month}/{year}", f"tháng {month} năm {year}", f"quý {rng.choice(['I', 'II', 'IV', 'V', 'X'])}/{year}",
             f"năm {year}", f"{day}-{month}-{year}", f"6 tháng đầu năm {year}", f"ngày {day}/{month}"]
    return rng.choice(forms)


def sentence(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randint(1, 8)):
        pick = rng.random()
        if pick < 0.3:
            parts.append(rng.choice(sentences()))
        elif pick < 0.45:
            parts.append(f"{rng.choice(KINDS)} số {symbol(rng)}")
        elif pick < 0.6:
            parts.append(a_date(rng))
        elif pick < 0.75:
            parts.append(rng.choice(organ_names()))
        elif pick < 0.82:
            parts.append(rng.choice(CUES) + " " + a_date(rng))
        elif pick < 0.9:
            parts.append(rng.choice(MARKERS))
        elif pick < 0.95:
            parts.append(rng.choice(province_names()))
        else:
            parts.append("".join(rng.choice(NOISE) for _ in range(rng.randint(1, 6))))
    return rng.choice([" ", ", ", " của ", "; ", "\n"]).join(parts)


def vietnamese_text(rng: random.Random) -> str:
    lines = [sentence(rng) for _ in range(rng.randint(1, 25))]
    if rng.random() < 0.3:       # a header like a real notice
        lines[:0] = [f"TỈNH ỦY {rng.choice(province_names()).upper()}", f"Số {symbol(rng)}",
                     rng.choice(KINDS).upper(), f"{rng.choice(province_names())}, {a_date(rng)}"]
    if rng.random() < 0.05:      # one very long line
        lines.append(" ".join(sentence(rng) for _ in range(200)))
    if rng.random() < 0.05:      # many symbols
        lines.append("; ".join(f"số {symbol(rng)} ngày {a_date(rng)}" for _ in range(rng.randint(100, 800))))
    text = "\n".join(lines)
    if rng.random() < 0.1:
        text = unicodedata.normalize("NFD", text)
    return text


def encode(text: str, rng: random.Random) -> bytes:
    codec = rng.choice(["utf-8", "utf-8", "utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1258",
                        "latin-1", "utf-32"])
    if codec == "cp1258":
        try:
            return encode_cp1258(text)
        except UnicodeEncodeError:
            codec = "utf-8"
    return text.encode(codec, errors="ignore" if codec == "latin-1" else "surrogatepass")


@dataclass
class Case:
    name: str
    data: bytes
    kind: str


def make_case(rng: random.Random, index: int) -> Case:
    pick = rng.random()
    if pick < 0.2:
        data = rng.choice(PREFIXES) + rng.randbytes(rng.randint(0, 3000))
        kind = "bytes"
    else:
        data = encode(vietnamese_text(rng), rng)
        kind = "text"
        if rng.random() < 0.1:       # cut short, anywhere (inside a character too)
            data = data[: rng.randint(0, len(data))]
        if rng.random() < 0.05:      # a few damaged bytes
            damaged = bytearray(data)
            for _ in range(rng.randint(1, 5)):
                if damaged:
                    damaged[rng.randrange(len(damaged))] = rng.randrange(256)
            data = bytes(damaged)
    suffix = ".txt"
    roll = rng.random()
    if kind == "bytes" and roll < 0.15:
        return Case(f"case{index:06d}{rng.choice(['.docx', '.pdf'])}", data, kind)
    if kind == "text" and roll < 0.03:
        return Case(f"case{index:06d}.docx", docx_bytes(data.decode("utf-8", errors="replace"), rng), "docx")
    if rng.random() < 0.15:
        suffix = ".html"
        if kind == "text" and rng.random() < 0.7:
            body = data.decode("utf-8", errors="replace")
            paragraphs = "".join(f"<p>{line}</p>" for line in body.splitlines())
            nav = "<nav><a href='/'>Trang chủ</a></nav>" if rng.random() < 0.5 else ""
            data = f"<html><head><meta charset='utf-8'></head><body>{nav}{paragraphs}</body></html>".encode()
    return Case(f"case{index:06d}{suffix}", data, kind)


_XML_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def docx_bytes(text: str, rng: random.Random) -> bytes:
    """The text as a Word document: paragraphs, and some lines as a table's cells."""
    import io

    import docx

    document = docx.Document()
    lines = [_XML_UNSAFE.sub("", line) for line in text.splitlines()] or [""]
    for line in lines:
        if rng.random() < 0.15:
            cells = line.split(",")[:4] or [""]
            table = document.add_table(rows=1, cols=len(cells))
            for cell, value in zip(table.rows[0].cells, cells, strict=True):
                cell.text = value
        else:
            document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@dataclass
class Report:
    cases: int = 0
    read: int = 0
    refused: Counter = field(default_factory=Counter)
    crashes: list[tuple[str, str]] = field(default_factory=list)
    citations: int = 0
    tasks: int = 0
    seconds: float = 0.0
    slowest: tuple[float, str] = (0.0, "")

    def summary(self) -> str:
        refused = ", ".join(f"{code} {n}" for code, n in self.refused.most_common())
        return (f"{self.cases} cases in {self.seconds:.0f} s: {self.read} read and extracted "
                f"({self.citations} citations, {self.tasks} tasks), {sum(self.refused.values())} refused "
                f"({refused}), {len(self.crashes)} crashes; slowest case {self.slowest[0]:.2f} s "
                f"({self.slowest[1]})")


def check_extraction(extraction, length: int) -> None:
    """Invariants of an extraction: spans inside the text, JSON round trip unchanged."""
    data = extraction.to_dict()

    def spans(value):
        if isinstance(value, dict):
            if set(value) >= {"start", "end"} and isinstance(value.get("start"), int):
                yield value
            for item in value.values():
                yield from spans(item)
        elif isinstance(value, list):
            for item in value:
                yield from spans(item)

    for span in spans(data):
        assert 0 <= span["start"] <= span["end"] <= length, f"span {span} outside 0..{length}"
    again = extraction_from_dict(json.loads(json.dumps(data, ensure_ascii=False))).to_dict()
    assert again == data, "the JSON round trip changed the extraction"


def run_case(case: Case, folder: Path, report: Report) -> None:
    path = folder / case.name
    path.write_bytes(case.data)
    started = time.perf_counter()
    try:
        try:
            text = read_file(path)
        except ReadError as error:
            message = str(error)
            assert message.startswith(f"{path}: ") and "\n" not in message, f"bad ReadError line: {message!r}"
            report.refused[error.code] += 1
            return
        assert len(text.text) == len(text.display)
        extraction = extract(text)
        check_extraction(extraction, len(text.text))
        report.read += 1
        report.citations += len(extraction.citations)
        report.tasks += len(extraction.tasks)
    finally:
        elapsed = time.perf_counter() - started
        if elapsed > report.slowest[0]:
            report.slowest = (elapsed, case.name)
        path.unlink(missing_ok=True)


def fuzz(cases: int, seed: int = 0, keep: Path | None = None, progress: bool = False) -> Report:
    rng = random.Random(seed)
    report = Report()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="dkg-fuzz-") as tmp:
        for index in range(cases):
            case = make_case(rng, index)
            report.cases += 1
            try:
                run_case(case, Path(tmp), report)
            except Exception:  # noqa: BLE001 - a crash is what we are looking for
                trace = traceback.format_exc()
                report.crashes.append((case.name, trace.strip().splitlines()[-1]))
                if keep is not None:
                    keep.mkdir(parents=True, exist_ok=True)
                    (keep / case.name).write_bytes(case.data)
                    (keep / f"{case.name}.traceback.txt").write_text(trace, encoding="utf-8")
            if progress and (index + 1) % 500 == 0:
                print(f"  {index + 1}/{cases} ({time.perf_counter() - started:.0f} s, "
                      f"{len(report.crashes)} crashes)", file=sys.stderr, flush=True)
    report.seconds = time.perf_counter() - started
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", type=Path, default=Path("fuzz-crashes"), help="where crashing inputs are saved")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    report = fuzz(args.cases, args.seed, args.keep, progress=not args.quiet)
    print(report.summary())
    for name, last in report.crashes[:20]:
        print(f"  crash {name}: {last}")
    return 1 if report.crashes else 0


if __name__ == "__main__":
    sys.exit(main())
