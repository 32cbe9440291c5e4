"""Uploaded file names cannot write outside ``home/uploads`` (no browser needed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app import data


@pytest.mark.parametrize("name, expected", [
    ("../../x.txt", "x.txt"),
    ("..\\..\\windows\\x.TXT", "x.txt"),
    ("/etc/passwd.txt", "passwd.txt"),
    (".bashrc.txt", "bashrc.txt"),
    ("Thông báo số 1.docx", "Thông báo số 1.docx"),
    ("a\x00b<>|:*?.pdf", "a_b.pdf"),
    ("....txt", "van-ban.txt"),
])
def test_safe_filename(name: str, expected: str) -> None:
    assert data.safe_filename(name) == expected


def test_save_upload_stays_in_the_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("DKG_HOME", str(home))
    first = data.save_upload("../../../evil.txt", b"noi dung")
    second = data.save_upload("../evil.txt", b"noi dung khac")
    uploads = (home / "uploads").resolve()
    assert first.parent == uploads and second.parent == uploads
    assert (first.name, second.name) == ("evil.txt", "evil-2.txt")
    assert first.read_bytes() == b"noi dung"
    assert not (tmp_path / "evil.txt").exists()
    for bad, why in (("x.exe", "chỉ nhận"), ("empty.txt", "rỗng")):
        with pytest.raises(ValueError, match=why):
            data.save_upload(bad, b"" if why == "rỗng" else b"MZ")
