"""Step 1 of the pipeline: files → ``Text``.

    read_file(path) -> Text          one file, or ReadError("<path>: <reason>")
    discover(paths) -> list[Path]    files and folders → the files to read
    SUPPORTED_SUFFIXES               .txt .docx .pdf .html .htm .xhtml

Formats are plugins (``registry.READERS``), one module each: ``txt``, ``docx``,
``pdf``, ``html``. ``read_file`` never raises anything but ``ReadError`` for a
bad file: hostile input (binary junk, scans, zip bombs, legacy encodings)
gets one line naming the file and the problem. An optional ``NAME.meta.yaml``
beside the file fills ``Text.meta`` (see ``meta.py`` for the two accepted names).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from loaders.read.base import Content, ReadError, Refused
from loaders.read.meta import SUFFIX as META_SUFFIX
from loaders.read.meta import is_meta_file, read_meta
from loaders.read.registry import BY_SUFFIX, READERS, reader_for, register
from loaders.text import Text

__all__ = ["Content", "READERS", "ReadError", "SUPPORTED_SUFFIXES", "discover", "read_file", "register"]

# The suffixes of the built-in readers; ``registry.BY_SUFFIX`` also holds any registered later.
SUPPORTED_SUFFIXES: tuple[str, ...] = tuple(sorted(BY_SUFFIX))


def read_file(path: str | Path) -> Text:
    """Read one document. Raises ``ReadError`` (and only that) when the file cannot be read."""
    path = Path(path)
    plugin = reader_for(path)
    if plugin is None:
        supported = " ".join(sorted(BY_SUFFIX))
        raise ReadError(path, f"unsupported file type '{path.suffix or path.name}' (supported: {supported})",
                        "unsupported")
    if not path.exists():
        raise ReadError(path, "file not found", "not_found")
    if not path.is_file():
        raise ReadError(path, "not a file", "not_found")
    meta = read_meta(path)
    try:
        content = plugin.load()(path)
    except ReadError:
        raise
    except Refused as refusal:
        raise ReadError(path, refusal.reason, refusal.code) from refusal
    except OSError as error:
        raise ReadError(path, f"cannot read: {error.strerror or error}", "unreadable") from error
    except MemoryError as error:
        raise ReadError(path, f"too large to read into memory as {plugin.name}", "too_large") from error
    except Exception as error:  # noqa: BLE001 - hostile files break parsers in every way; say which
        raise ReadError(path, f"damaged {plugin.name} file ({type(error).__name__}: {error})"[:300],
                        "damaged") from error
    return Text(source=str(path), display=content.display, format=content.format, meta=meta,
                pages=content.pages)


def discover(paths: Iterable[str | Path]) -> list[Path]:
    """Files to read: folders are expanded recursively to supported files, sorted.

    Inside folders, hidden files and folders (``.x``), Office lock files (``~$x.docx``)
    and ``*.meta.yaml`` are skipped. A path named directly is kept even when it is not
    supported or does not exist, so that ``read_file`` reports it; only ``*.meta.yaml``
    is dropped. Each file appears once, in the order the paths were given.
    """
    found: list[Path] = []
    seen: set[str] = set()

    def add(path: Path, key: str | None = None) -> None:
        key = key or str(path.resolve() if path.exists() else path.absolute())
        if key not in seen:
            seen.add(key)
            found.append(path)

    for given in paths:
        path = Path(given)
        if path.is_dir():
            for file, key in _walk(path):
                add(file, key)
        elif not is_meta_file(path):
            add(path)
    return found


def _walk(folder: Path) -> list[tuple[Path, str]]:
    """(path, the real path that identifies it) of each supported file under ``folder``, sorted; the
    real path of a folder is asked once, of a file only when it is a link."""
    files: list[tuple[str, str]] = []

    def visit(path: str, real: str) -> None:
        with os.scandir(path) as entries:
            for entry in entries:
                name = entry.name
                if name.startswith("."):
                    continue
                if entry.is_dir(follow_symlinks=False):
                    visit(entry.path, os.path.join(real, name))
                elif not name.startswith("~$") and not name.endswith(META_SUFFIX) \
                        and os.path.splitext(name)[1].lower() in BY_SUFFIX:
                    files.append((entry.path, os.path.realpath(entry.path) if entry.is_symlink()
                                  else os.path.join(real, name)))

    visit(str(folder), os.path.realpath(folder))
    files.sort(key=lambda item: item[0].replace(os.sep, "/"))
    return [(Path(path), real) for path, real in files]
