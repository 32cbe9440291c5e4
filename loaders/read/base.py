"""What every reader shares: the error types and the decoded content they return."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

# Vietnamese wording of each refusal, for people using the app or the CLI.
MESSAGES_VI = {
    "not_found": "không tìm thấy tệp",
    "unsupported": "loại tệp không được hỗ trợ",
    "unreadable": "không đọc được tệp",
    "empty": "tệp rỗng, không có nội dung",
    "too_large": "tệp quá lớn",
    "not_text": "không phải tệp văn bản",
    "unknown_encoding": "không nhận ra bảng mã của văn bản (hãy lưu lại dưới dạng Unicode UTF-8)",
    "legacy_encoding": "văn bản dùng bảng mã cũ VNI/TCVN3: hãy chuyển sang Unicode trước",
    "old_doc": "tệp Word .doc kiểu cũ: hãy lưu lại thành .docx",
    "not_docx": "không phải tệp .docx hợp lệ",
    "zip_bomb": "tệp nén có kích thước giải nén bất thường (nghi zip bomb), đã từ chối",
    "encrypted": "tệp được bảo vệ bằng mật khẩu",
    "not_pdf": "không phải tệp PDF hợp lệ",
    "scanned_pdf": "PDF không có lớp chữ (bản scan?)",
    "navigation_only": "trang web chỉ có phần điều hướng, không có nội dung văn bản",
    "bad_meta": "tệp meta.yaml không hợp lệ",
    "damaged": "tệp bị hỏng, không đọc được",
}


class Refused(Exception):
    """Raised inside a reader: the file cannot be read, for ``reason``; ``read_file`` adds the path."""

    def __init__(self, reason: str, code: str = "unreadable") -> None:
        super().__init__(reason)
        self.reason = reason
        self.code = code


class ReadError(Exception):
    """A file that cannot be read. ``str(error)`` is one line: ``"<path>: <reason>"``.

    ``code`` is a stable identifier of the problem (see ``MESSAGES_VI``) and
    ``vi`` the same line in Vietnamese, for people.
    """

    def __init__(self, path: str | Path, reason: str, code: str = "unreadable") -> None:
        self.path = str(path)
        self.reason = " ".join(str(reason).split())   # always one line
        self.code = code
        super().__init__(f"{self.path}: {self.reason}")

    @property
    def vi(self) -> str:
        """The line for people: the problem in Vietnamese, the technical detail after it."""
        said = MESSAGES_VI.get(self.code)
        if not said or said == self.reason:
            return str(self)
        return f"{self.path}: {said} ({self.reason})"

    def __reduce__(self):  # picklable across worker processes
        return (type(self), (self.path, self.reason, self.code))


@dataclass
class Content:
    """What a format reader hands back: the display text (NFC) and page offsets."""

    display: str
    format: str
    pages: list[int] = field(default_factory=list)


def read_bytes(path: Path, limit: int) -> bytes:
    """The file's bytes, refusing files over ``limit`` bytes before reading them."""
    size = path.stat().st_size
    if size > limit:
        raise Refused(f"file too large ({size / 1e6:.0f} MB, limit {limit / 1e6:.0f} MB)", "too_large")
    return path.read_bytes()
