"""Extraction.to_dict is dataclasses.asdict, computed faster."""

from __future__ import annotations

import dataclasses
import json
from collections import namedtuple
from pathlib import Path

from loaders.extract import extract
from loaders.extract.model import _plain
from loaders.read import read_file

CORPUS = Path(__file__).parent / "corpus" / "texts"


def test_to_dict_is_asdict_on_the_corpus() -> None:
    for path in sorted(CORPUS.glob("*.txt")):
        x = extract(read_file(path))
        assert x.to_dict() == dataclasses.asdict(x)
        assert json.dumps(x.to_dict(), ensure_ascii=False) == json.dumps(dataclasses.asdict(x), ensure_ascii=False)


def test_plain_copies_containers_like_asdict() -> None:
    Pair = namedtuple("Pair", "a b")

    @dataclasses.dataclass
    class Box:
        items: list
        pair: tuple
        table: dict
        mark: object

    class Flag(int):
        pass

    box = Box([1, "x", None, 2.5, True, Flag(3)], Pair([1], {"k": (2,)}), {"a": [1, 2]}, {1, 2})
    plain, reference = _plain(box), dataclasses.asdict(box)
    assert plain == reference and type(plain["pair"]) is Pair
    assert plain["items"] is not box.items and plain["table"]["a"] is not box.table["a"]
    assert plain["mark"] is not box.mark and type(plain["items"][5]) is Flag
