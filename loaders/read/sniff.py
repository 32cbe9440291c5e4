"""What a file really is, from its first bytes: for errors that say more than "cannot read"."""

from __future__ import annotations

# Signature → what to tell the user. Checked against the start of the file.
SIGNATURES: dict[bytes, str] = {
    b"%PDF-": "looks like a PDF",
    b"PK\x03\x04": "looks like a zip archive or an Office file",
    b"PK\x05\x06": "looks like an empty zip archive",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1": "looks like an old Office file (.doc/.xls)",
    b"{\\rtf": "looks like an RTF document",
    b"\x89PNG\r\n\x1a\n": "looks like a PNG image",
    b"\xff\xd8\xff": "looks like a JPEG image",
    b"GIF87a": "looks like a GIF image",
    b"GIF89a": "looks like a GIF image",
    b"II*\x00": "looks like a TIFF image",
    b"MM\x00*": "looks like a TIFF image",
    b"\x1f\x8b": "looks like a gzip archive",
    b"Rar!\x1a\x07": "looks like a RAR archive",
    b"7z\xbc\xaf\x27\x1c": "looks like a 7-Zip archive",
    b"\x7fELF": "looks like a program",
}

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP = b"PK\x03\x04"
# The stream name of an encrypted Office file (an OLE container), in UTF-16 LE.
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")


def binary_kind(data: bytes) -> str | None:
    """A short description if ``data`` starts like a known binary format."""
    for signature, kind in SIGNATURES.items():
        if data.startswith(signature):
            return kind
    return None


def is_encrypted_office(data: bytes) -> bool:
    """A password-protected .docx is an OLE file holding an 'EncryptedPackage' stream."""
    return data.startswith(OLE) and ENCRYPTED_PACKAGE in data[:1_000_000]
