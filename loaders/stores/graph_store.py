"""The property-graph store behind one small interface, engines chosen by name from a registry.

    store = open_graph_store(home)                 # LadybugDB under home/ladybug, or Neo4j if NEO4J_URI
    store.load(schema, nodes, rels)                # full replace (the build)
    columns, rows = store.query("MATCH (d:Document) RETURN d.label LIMIT 5")
    store.counts()                                 # {"nodes": {...}, "relationships": {...}}

An engine is a module that registers a factory with ``register_engine(name, factory)``; adding a
third one is a new module and one line in ``_BUILTIN``, never an if-chain.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from loaders.stores.pg_mapping import Edge, Schema
from loaders.stores.results import DEFAULT_LIMIT, DEFAULT_TIMEOUT_S, QueryResult


@runtime_checkable
class GraphStore(Protocol):
    """What the build, the queries and the app need from a property-graph engine."""

    engine: str

    def load(self, schema: Schema, nodes: Mapping[str, list[dict[str, Any]]],
             rels: Mapping[str, list[Edge]]) -> dict[str, dict[str, int]]:
        """Replace the whole graph with these rows (atomically where the engine allows); return counts."""
        ...

    def query(self, cypher: str, params: Mapping[str, Any] | None = None,
              timeout_s: float = DEFAULT_TIMEOUT_S, limit: int = DEFAULT_LIMIT) -> QueryResult:
        """Run read-only Cypher; refuse any write; stop at the time limit; keep at most ``limit`` rows."""
        ...

    def counts(self) -> dict[str, dict[str, int]]:
        """{"nodes": {table: n}, "relationships": {type: n}}."""
        ...

    def close(self) -> None:
        ...


Factory = Callable[..., GraphStore]
_REGISTRY: dict[str, Factory] = {}
# Engines that ship with the project: name → module that calls register_engine on import.
_BUILTIN = {
    "ladybug": "loaders.stores.ladybug_store",
    "neo4j": "loaders.stores.neo4j_store",
}


def register_engine(name: str, factory: Factory) -> None:
    """``factory(home: Path, read_only: bool) -> GraphStore``."""
    _REGISTRY[name] = factory


def engines() -> list[str]:
    return sorted(set(_REGISTRY) | set(_BUILTIN))


def default_engine() -> str:
    """'neo4j' when NEO4J_URI is set, else the embedded 'ladybug' (``DKG_GRAPH_ENGINE`` overrides)."""
    return os.environ.get("DKG_GRAPH_ENGINE") or ("neo4j" if os.environ.get("NEO4J_URI") else "ladybug")


def open_graph_store(home: str | Path, engine: str | None = None, read_only: bool = False) -> GraphStore:
    """The graph store of the data home: by name, else ``default_engine()``."""
    name = engine or default_engine()
    if name not in _REGISTRY and name in _BUILTIN:
        importlib.import_module(_BUILTIN[name])
    factory = _REGISTRY.get(name)
    if factory is None:
        raise ValueError(f"Không có bộ máy đồ thị '{name}' (có: {', '.join(engines())}).")
    return factory(Path(home), read_only=read_only)
