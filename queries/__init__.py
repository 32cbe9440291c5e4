"""Named SPARQL (.rq) and Cypher (.cypher) queries, shared by the CLI and the app."""

from pathlib import Path

HERE = Path(__file__).resolve().parent
