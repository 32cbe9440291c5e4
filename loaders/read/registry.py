"""Readers by format, rdflib-plugin style: a name maps to a module that is imported on first use.

A new format is one module with ``read(path: Path) -> Content`` and one
``register`` call; nothing else changes.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from loaders.read.base import Content

Reader = Callable[[Path], Content]


@dataclass(frozen=True)
class ReaderPlugin:
    name: str                        # the format: txt, docx, pdf, html
    module: str                      # module path of the reader
    suffixes: tuple[str, ...]        # lower-case, with the dot
    attr: str = "read"
    _loaded: dict = field(default_factory=dict, compare=False, repr=False)

    def load(self) -> Reader:
        if "reader" not in self._loaded:
            self._loaded["reader"] = getattr(importlib.import_module(self.module), self.attr)
        return self._loaded["reader"]


READERS: dict[str, ReaderPlugin] = {}        # format name → plugin
BY_SUFFIX: dict[str, ReaderPlugin] = {}      # ".txt" → plugin


def register(name: str, module: str, suffixes: tuple[str, ...], attr: str = "read") -> ReaderPlugin:
    plugin = ReaderPlugin(name, module, tuple(s.lower() for s in suffixes), attr)
    READERS[name] = plugin
    for suffix in plugin.suffixes:
        BY_SUFFIX[suffix] = plugin
    return plugin


def reader_for(path: Path) -> ReaderPlugin | None:
    return BY_SUFFIX.get(path.suffix.lower())


register("txt", "loaders.read.txt", (".txt",))
register("docx", "loaders.read.docx", (".docx",))
register("pdf", "loaders.read.pdf", (".pdf",))
register("html", "loaders.read.html", (".html", ".htm", ".xhtml"))
