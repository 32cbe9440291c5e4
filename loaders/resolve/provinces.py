"""Provinces from ``data/gazetteer/provinces.yaml``: names, keys, validity and successors.

Succession is data: on 1 July 2025 Hà Nam became part of Ninh Bình, so ``province_info("Hà Nam")``
says ``valid_to="2025-06-30"`` and ``succeeded_by="Ninh Bình"``.  A document keeps the key of the
province it names (``province/ha-nam``); the RDF step links the two provinces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from loaders.text import fold, normalize, slug

GAZETTEER_DIR = Path(__file__).resolve().parents[2] / "data" / "gazetteer"

# Words written before a province name: "tỉnh Hà Nam", "Thành phố Hồ Chí Minh", "TP. Hà Nội".
_PREFIX = re.compile(r"^(?:tinh|thanh pho|tp\.?)\s+")


class UnknownProvince(ValueError):
    """A province name that ``provinces.yaml`` does not know."""


@dataclass(frozen=True)
class ProvinceInfo:
    name: str                       # "Hà Nam"
    slug: str                       # "ha-nam"
    key: str                        # "province/ha-nam"
    type: str                       # tỉnh | thành phố
    aliases: tuple[str, ...] = ()
    valid_from: str | None = None   # ISO dates; None: no known bound
    valid_to: str | None = None
    succeeded_by: str | None = None  # name of the province it became part of
    successor_key: str | None = None


def load_yaml(name: str) -> dict:
    """One gazetteer file; a missing or malformed file is an error that names it."""
    path = GAZETTEER_DIR / name
    try:
        with open(path, encoding="utf-8") as fh:
            data = yaml.safe_load(fh)
    except (OSError, yaml.YAMLError) as exc:
        raise ValueError(f"{path}: cannot read gazetteer file: {exc}") from exc
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping at the top level")
    return data


def _iso(value: object) -> str | None:
    return None if value is None else str(value)


@cache
def _provinces() -> tuple[dict[str, ProvinceInfo], dict[str, ProvinceInfo]]:
    """(slug → info, folded writing → info)."""
    raw = load_yaml("provinces.yaml").get("provinces") or []
    by_slug: dict[str, ProvinceInfo] = {}
    for item in raw:
        if not isinstance(item, dict) or "name" not in item:
            raise ValueError(f"{GAZETTEER_DIR / 'provinces.yaml'}: a province entry without a name: {item!r}")
        name = normalize(item["name"])
        successor = normalize(item["succeeded_by"]) if item.get("succeeded_by") else None
        info = ProvinceInfo(
            name=name, slug=slug(name), key=f"province/{slug(name)}", type=item.get("type", "tỉnh"),
            aliases=tuple(normalize(a) for a in item.get("aliases", ())),
            valid_from=_iso(item.get("valid_from")), valid_to=_iso(item.get("valid_to")),
            succeeded_by=successor, successor_key=f"province/{slug(successor)}" if successor else None,
        )
        by_slug[info.slug] = info
    by_writing: dict[str, ProvinceInfo] = {}
    for info in by_slug.values():
        for writing in (info.name, *info.aliases):
            by_writing[_writing_key(writing)] = info
            by_writing[slug(writing)] = info
    return by_slug, by_writing


def _writing_key(name: str) -> str:
    return _PREFIX.sub("", fold(name)).strip()


def find_province(name: str | None) -> ProvinceInfo | None:
    """The province a name stands for ("Hà Nam", "tỉnh Hà Nam", "ha nam", "TP.HCM"), or None."""
    if not name or not name.strip():
        return None
    _, by_writing = _provinces()
    return by_writing.get(_writing_key(name)) or by_writing.get(slug(_writing_key(name)))


def province_info(name: str) -> ProvinceInfo:
    """Validity and successor of a province; ``UnknownProvince`` when the gazetteer lacks it."""
    info = find_province(name)
    if info is None:
        raise UnknownProvince(f"province {name!r} is not in {GAZETTEER_DIR / 'provinces.yaml'}")
    return info


def province_slug(name: str) -> str:
    """'Hà Nam' → 'ha-nam' (the key fragment used in every provincial key)."""
    return province_info(name).slug


def province_key(name: str) -> str:
    """'Hà Nam' → 'province/ha-nam'."""
    return province_info(name).key


def all_provinces() -> list[ProvinceInfo]:
    """Every province of the gazetteer, in file order."""
    return list(_provinces()[0].values())
