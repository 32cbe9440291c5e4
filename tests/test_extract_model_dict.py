"""Extraction.to_dict is dataclasses.asdict, and extraction_from_dict its inverse (both by msgspec)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from loaders.extract import extract
from loaders.extract.model import extraction_from_dict
from loaders.read import read_file

CORPUS = Path(__file__).parent / "corpus" / "texts"


def test_to_dict_is_asdict_on_the_corpus() -> None:
    for path in sorted(CORPUS.glob("*.txt")):
        x = extract(read_file(path))
        assert x.to_dict() == dataclasses.asdict(x)
        assert json.dumps(x.to_dict(), ensure_ascii=False) == json.dumps(dataclasses.asdict(x), ensure_ascii=False)


def test_from_dict_is_the_inverse_of_to_dict_on_the_corpus() -> None:
    for path in sorted(CORPUS.glob("*.txt")):
        x = extract(read_file(path))
        again = extraction_from_dict(json.loads(json.dumps(x.to_dict(), ensure_ascii=False)))
        assert again == x and again.to_dict() == x.to_dict()
