"""What a query returns, from any store."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

DEFAULT_TIMEOUT_S = 30.0
DEFAULT_LIMIT = 10_000


@dataclass
class QueryResult:
    """Columns and rows of one query; ``truncated`` when the row limit cut it short.

    Unpacks as ``columns, rows = store.query(...)``.
    """

    columns: list[str]
    rows: list[list[Any]]
    truncated: bool = False
    elapsed_s: float = 0.0
    notes: list[str] = field(default_factory=list)

    @classmethod
    def limited(cls, columns: list[str], rows: list[list[Any]], truncated: bool, elapsed_s: float,
                limit: int) -> QueryResult:
        """An engine's answer cut at ``limit`` rows, with the note that says so when it was cut."""
        return cls(columns, rows, truncated, elapsed_s, [f"Chỉ hiển thị {limit} dòng đầu."] if truncated else [])

    def __iter__(self) -> Iterator[Any]:
        return iter((self.columns, self.rows))

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=False)) for row in self.rows]
