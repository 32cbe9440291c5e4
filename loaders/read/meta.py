"""``NAME.meta.yaml`` beside a document: what the text itself does not say.

Two names are looked for, for ``data/000_x.txt``:

* ``data/000_x.meta.yaml``      (the stem: shared by 000_x.txt, 000_x.pdf ...)
* ``data/000_x.txt.meta.yaml``  (the full file name: this one file only)

Both may exist; their keys are merged and, key by key, the full-name file wins,
because it is the more specific one. Known keys: province, kind, symbol, date
(ISO ``YYYY-MM-DD``; ``28/9/2021`` is accepted), issuer, signer, title, done
(a list). Other keys are kept as they are. Dates anywhere become ISO strings.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml

from loaders.read.base import ReadError
from loaders.text import nfc

SUFFIX = ".meta.yaml"
MAX_BYTES = 256_000
MAX_NODES = 10_000
LIST_KEYS = ("done",)
_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def meta_paths(path: Path) -> list[Path]:
    """The meta files that may describe ``path``, least specific first."""
    return [path.with_name(path.stem + SUFFIX), path.with_name(path.name + SUFFIX)]


def is_meta_file(path: Path) -> bool:
    return path.name.endswith(SUFFIX)


def read_meta(path: Path) -> dict:
    meta: dict = {}
    for candidate in meta_paths(path):
        if candidate.is_file():
            meta.update(load_meta_file(candidate))
    return meta


def load_meta_file(path: Path) -> dict:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ReadError(path, f"cannot read meta file: {error.strerror or error}", "bad_meta") from error
    if len(raw) > MAX_BYTES:
        raise ReadError(path, f"meta file too large ({len(raw)} bytes)", "bad_meta")
    try:
        data = yaml.safe_load(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise ReadError(path, "meta file is not UTF-8", "bad_meta") from error
    except RecursionError as error:
        raise ReadError(path, "meta file nested too deeply", "bad_meta") from error
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(error, "problem", None) or "syntax error"
        raise ReadError(path, f"invalid YAML{where}: {problem}", "bad_meta") from error
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ReadError(path, f"meta file must be a mapping of keys to values, not {type(data).__name__}",
                        "bad_meta")
    budget = [MAX_NODES]
    try:
        meta = {str(key): _plain(value, budget) for key, value in data.items()}
        if meta.get("date") is not None:
            meta["date"] = _iso_date(meta["date"])
    except RecursionError as error:
        raise ReadError(path, "meta file nested too deeply", "bad_meta") from error
    except ValueError as error:
        raise ReadError(path, str(error), "bad_meta") from error
    for key in LIST_KEYS:
        if key in meta and meta[key] is not None and not isinstance(meta[key], list):
            meta[key] = [meta[key]]
    return meta


def _plain(value, budget: list[int]):
    """YAML values → JSON-friendly values: dates as ISO strings, strings in NFC."""
    budget[0] -= 1
    if budget[0] < 0:
        raise ValueError(f"meta file too complex (more than {MAX_NODES} values)")
    if isinstance(value, dict):
        return {str(k): _plain(v, budget) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_plain(v, budget) for v in value]
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return nfc(value).strip()
    if value is None or isinstance(value, bool | int | float):
        return value
    return str(value)


def _iso_date(value) -> str:
    text = str(value).strip()
    match = _ISO.fullmatch(text)
    if match:
        year, month, day = map(int, match.groups())
    else:
        match = _DMY.fullmatch(text)
        if not match:
            raise ValueError(f"date '{text}' is not YYYY-MM-DD or DD/MM/YYYY")
        day, month, year = map(int, match.groups())
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError as error:
        raise ValueError(f"date '{text}' does not exist") from error
