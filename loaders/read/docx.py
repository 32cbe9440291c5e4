"""Word documents (.docx) through python-docx: paragraphs and tables in document order.

One paragraph per line; a table gives one line per paragraph of each cell, row
by row (the header table of an official document holds the issuer on the left
and the national motto on the right: they must not run together on one line).
The zip container is checked before python-docx opens it: an old .doc renamed,
a password-protected file, something that is no zip at all, or a zip bomb are
refused with their own reason.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

from loaders.read.base import Content, Refused, read_bytes
from loaders.read.cleanup import drop_leading_navigation, finish, require_text
from loaders.read.sniff import OLE, ZIP, binary_kind, is_encrypted_office

MAX_BYTES = 200_000_000
MAX_UNCOMPRESSED = 200_000_000       # all members together, as the zip declares them
MAX_RATIO = 200                      # uncompressed / compressed, per large member
MAX_MEMBERS = 10_000
_RATIO_FLOOR = 10_000_000            # small members may compress as well as they like
_MAIN_PART = "word/document.xml"


def read(path: Path) -> Content:
    data = read_bytes(path, MAX_BYTES)
    check_container(data)
    import docx  # python-docx; imported here so that reading .txt never pays for it

    document = docx.Document(io.BytesIO(data))
    lines = [line for line in _lines(document) if line.strip()]
    if not lines:      # body wrapped in content controls, text boxes ...: every paragraph, plainly
        lines = [line for line in _all_paragraphs(document) if line.strip()]
    text = drop_leading_navigation(finish("\n".join(lines)))
    return Content(require_text(text, "empty (no text in the document)"), "docx")


def check_container(data: bytes) -> None:
    if data.startswith(OLE):
        if is_encrypted_office(data):
            raise Refused("password-protected Word file", "encrypted")
        raise Refused("old Word .doc format, save as .docx", "old_doc")
    if not data:
        raise Refused("empty", "empty")
    if not data.startswith(ZIP):
        kind = binary_kind(data)
        raise Refused(f"not a .docx file ({kind or 'not a zip archive'})", "not_docx")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as error:
        raise Refused(f"damaged .docx (broken zip archive: {error})", "damaged") from error
    if len(members) > MAX_MEMBERS:
        raise Refused(f"zip bomb? {len(members)} parts in the archive", "zip_bomb")
    total = sum(member.file_size for member in members)
    if total > MAX_UNCOMPRESSED:
        raise Refused(f"zip bomb? declares {total / 1e6:.0f} MB uncompressed "
                      f"(limit {MAX_UNCOMPRESSED / 1e6:.0f} MB)", "zip_bomb")
    for member in members:
        if member.file_size > _RATIO_FLOOR and member.file_size > MAX_RATIO * max(member.compress_size, 1):
            ratio = member.file_size // max(member.compress_size, 1)
            raise Refused(f"zip bomb? {member.filename} expands {ratio} times", "zip_bomb")
    if _MAIN_PART not in {member.filename for member in members}:
        raise Refused(f"not a Word document (no {_MAIN_PART} in the archive)", "not_docx")


def _lines(container) -> Iterator[str]:
    """Lines of a document or a table cell, tables expanded in place, merged cells once."""
    from docx.table import Table

    for block in container.iter_inner_content():
        if isinstance(block, Table):
            yield from _table_lines(block)
        else:
            yield from block.text.split("\n")


def _table_lines(table) -> Iterator[str]:
    seen: set = set()                      # the cell elements themselves: ids of proxies may be reused
    for row in table.rows:
        for cell in row.cells:
            if cell._tc in seen:           # a merged cell appears once per spanned column or row
                continue
            seen.add(cell._tc)
            yield from _lines(cell)


def _all_paragraphs(document) -> Iterator[str]:
    from docx.oxml.ns import qn

    for paragraph in document.element.body.iter(qn("w:p")):
        yield "".join(node.text or "" for node in paragraph.iter(qn("w:t")))
