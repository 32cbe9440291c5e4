"""The ontology (directives.ttl) and the SHACL shapes (shapes.ttl) as package data."""

from pathlib import Path

HERE = Path(__file__).resolve().parent
ONTOLOGY_TTL = HERE / "directives.ttl"
SHAPES_TTL = HERE / "shapes.ttl"
