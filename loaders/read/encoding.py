"""Bytes of a text file → str, for the encodings Vietnamese offices actually have.

Order of the checks:

1. a byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE) decides;
2. UTF-16 without a BOM shows as NUL bytes at every other position;
3. a known binary signature or NUL bytes → not a text file;
4. UTF-8 (a character cut at the very end is dropped; a few broken bytes in an
   otherwise UTF-8 file become U+FFFD);
5. otherwise one byte per character: Windows-1258, VNI and TCVN3 are tried and
   the candidate that reads most like Vietnamese wins (``vietnamese.score``);
   a file that reads as Vietnamese in none of them is refused.

After decoding, a text with many control characters is refused as binary.
Unicode text typed in a legacy font (a UTF-8 file holding "Th«ng b¸o") is
converted later, for every format alike (``cleanup.finish``).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from loaders.read import legacy, vietnamese
from loaders.read.base import Refused
from loaders.read.sniff import binary_kind

_BOMS = (  # longest first: the UTF-32 LE BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_SNIFF_BYTES = 65_536
_TEXT_BYTES = bytes(range(0x09, 0x0E)) + bytes(range(0x20, 0x7F)) + bytes(range(0x80, 0x100))
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_MAX_CONTROL_SHARE = 0.01
_EIGHT_BIT = ("cp1258", "vni", "tcvn3")
_MIN_WORDS = 5
_MIN_RATIO = 0.5
_LEGACY_MARGIN = 0.15


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str          # utf-8, utf-16-le, utf-32-be, cp1258, vni, tcvn3 ...


def decode_bytes(data: bytes, declared: str | None = None) -> Decoded:
    """Decode a whole file; ``declared`` is an encoding the container names (an HTML meta charset)."""
    if not data:
        raise Refused("empty", "empty")
    decoded = _decode(data, declared)
    _refuse_binary(decoded.text)
    return decoded


def _decode(data: bytes, declared: str | None) -> Decoded:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return Decoded(_decode_dropping_cut_tail(data[len(bom):], codec), codec)
    utf16 = _utf16_without_bom(data)
    if utf16:
        return Decoded(_decode_dropping_cut_tail(data, utf16), utf16)
    kind = binary_kind(data)
    if kind:
        raise Refused(f"not a text file ({kind})", "not_text")
    sample = _byte_sample(data)
    if len(sample.translate(None, _TEXT_BYTES)) > max(2, len(sample) * _MAX_CONTROL_SHARE):
        raise Refused("not a text file (binary data)", "not_text")
    utf8 = _utf8_strict(data)
    if utf8 is not None:
        return Decoded(utf8, "utf-8")
    if declared and _is_unicode_codec(declared) is False:
        try:
            return Decoded(data.decode(declared), codecs.lookup(declared).name)
        except (LookupError, UnicodeDecodeError):
            pass
    utf8 = _utf8_damaged(data)
    if utf8 is not None:
        return Decoded(utf8, "utf-8")
    return _best_eight_bit(data)


def _is_unicode_codec(name: str) -> bool | None:
    try:
        return codecs.lookup(name).name.startswith("utf")
    except LookupError:
        return None


def _decode_dropping_cut_tail(data: bytes, codec: str) -> str:
    """Decode; a character cut off at the very end of the file is dropped, not an error."""
    unit = 4 if "32" in codec else 2 if "16" in codec else 1
    data = data[: len(data) - len(data) % unit]
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        if error.reason == "unexpected end of data" or error.end >= len(data) - 3:
            try:
                return data[: error.start].decode(codec)
            except UnicodeDecodeError:
                pass
    text = data.decode(codec, errors="replace")
    if text.count("\ufffd") > max(1, len(text) // 100):
        raise Refused(f"not a text file (invalid {codec.upper()})", "not_text")
    return text


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 written without a BOM: ASCII letters and spaces leave NUL on one side of each pair."""
    head = data[:_SNIFF_BYTES]
    if len(head) < 4:
        return None
    half = len(head) // 2
    even = head[0::2].count(0) / half
    odd = head[1::2].count(0) / half
    if odd > 0.3 and even < 0.05:
        return "utf-16-le"
    if even > 0.3 and odd < 0.05:
        return "utf-16-be"
    return None


def _utf8_strict(data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.reason == "unexpected end of data" and error.end >= len(data) - 3:
            try:
                return data[: error.start].decode("utf-8")     # truncated in the last character
            except UnicodeDecodeError:
                pass
    return None


def _utf8_damaged(data: bytes) -> str | None:
    """Mostly UTF-8 with a few damaged bytes: keep it, the damage shows as U+FFFD."""
    text = data.decode("utf-8", errors="replace")
    sample = vietnamese.sample(text)
    broken = sample.count("\ufffd")
    multibyte = sum(1 for ch in sample if ch > "\x7f") - broken
    if multibyte >= 20 * broken:
        return text
    return None


def _best_eight_bit(data: bytes) -> Decoded:
    sample = _byte_sample(data)
    scored: list[tuple[vietnamese.Score, str]] = []
    for name in _EIGHT_BIT:
        text = _eight_bit(sample, name)
        if text is not None:
            scored.append((vietnamese.score(text), name))
    if not scored:
        raise Refused("unknown text encoding (not UTF-8, UTF-16, Windows-1258, VNI or TCVN3)",
                      "unknown_encoding")
    best, name = max(scored, key=lambda item: (item[0].value, item[1] == "cp1258"))
    if best.total >= _MIN_WORDS and best.ratio < _MIN_RATIO:
        # Not Vietnamese under any table; but if a font table explains it clearly better than
        # Windows-1258 does, it is most likely a legacy-font file we cannot convert reliably.
        windows = next((s.ratio for s, n in scored if n == "cp1258"), 0.0)
        if any(n in legacy.ENCODINGS and s.valid >= _MIN_WORDS and s.ratio >= windows + _LEGACY_MARGIN
               for s, n in scored):
            raise Refused("VNI/TCVN3 legacy encoding: convert to Unicode first", "legacy_encoding")
        raise Refused("unknown text encoding (not UTF-8, UTF-16, Windows-1258, VNI or TCVN3)",
                      "unknown_encoding")
    text = _eight_bit(data, name)
    if text is None:
        raise Refused("unknown text encoding (not UTF-8, UTF-16, Windows-1258, VNI or TCVN3)",
                      "unknown_encoding")
    return Decoded(text, name)


def _eight_bit(data: bytes, name: str) -> str | None:
    if name in legacy.ENCODINGS:
        return legacy.decode(data, name)
    try:
        return data.decode(name)
    except UnicodeDecodeError:
        return None


def _byte_sample(data: bytes, size: int = 96_000) -> bytes:
    if len(data) <= 3 * size:
        return data
    middle = len(data) // 2
    # cut at line ends so that no multi-byte legacy sequence is split
    parts = (data[:size], data[middle:middle + size], data[-size:])
    return b"\n".join(part[part.find(b"\n") + 1:] if i else part for i, part in enumerate(parts))


def _refuse_binary(text: str) -> None:
    sample = vietnamese.sample(text)
    if not sample:
        return
    controls = len(_CONTROL.findall(sample))
    if controls > max(2, len(sample) * _MAX_CONTROL_SHARE):
        raise Refused("not a text file (binary data)", "not_text")
