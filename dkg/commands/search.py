"""`dkg search TEXT`: symbols in any writing, organs, people, subjects; with or without diacritics."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from dkg.cli import app
from dkg.commands.build import HOME_HELP
from dkg.config import data_home
from loaders.stores.errors import StoreError
from loaders.stores.search_index import SearchIndex

KINDS_VI = {"document": "Văn bản", "organ": "Cơ quan", "person": "Người", "meeting": "Hội nghị",
            "task": "Nhiệm vụ", "province": "Tỉnh", "post": "Chức vụ"}


@app.command("search")
def search_command(
    text: str = typer.Argument(..., help='e.g. "74-KL/TW", "KL 74", "tinh doan", "Lê Thị Thủy"'),
    kind: str = typer.Option(None, "--kind", help="document | organ | person | meeting | task | province | post"),
    province: str = typer.Option(None, "--province", help="Only this province (any writing)."),
    limit: int = typer.Option(20, "--limit", "-n"),
    format: str = typer.Option("table", "--format", "-f", help="table | json"),
    home: Path = typer.Option(None, "--home", help=HOME_HELP),
) -> None:
    """Find documents, organs, people and meetings by symbol, name or subject words."""
    try:
        hits = SearchIndex.open(data_home(home)).search(text, kind=kind, province=province, limit=limit)
    except StoreError as error:
        Console(stderr=True).print(f"[red]lỗi[/red] {error}", highlight=False)
        raise typer.Exit(2) from None
    if format == "json":
        json.dump([asdict(h) for h in hits], sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return
    table = Table(title=f"Kết quả tìm “{text}”: {len(hits)}")
    for column in ("Loại", "Tên", "Số ký hiệu", "Tỉnh", "Ngày"):
        table.add_column(column)
    for h in hits:
        table.add_row(KINDS_VI.get(h.kind, h.kind), h.label, h.symbol or "", h.province or "", h.date or "")
    Console().print(table)
    if not hits:
        raise typer.Exit(1)
