"""`dkg stats [--format json]`: what the graph holds, most-cited documents, organ workload."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from dkg.cli import app
from dkg.commands.build import HOME_HELP
from dkg.config import data_home
from loaders.stores.errors import StoreError
from loaders.stores.rdf_store import RdfStore
from queries.analytics import corpus_stats


@app.command("stats")
def stats_command(
    format: str = typer.Option("table", "--format", "-f", help="table | json (stable, machine-readable)"),
    home: Path = typer.Option(None, "--home", help=HOME_HELP),
) -> None:
    """Counts by type, province and kind; most-cited documents (in-degree, PageRank); organ workload."""
    try:
        with RdfStore.open(data_home(home), read_only=True) as store:
            stats = corpus_stats(store)
    except StoreError as error:
        Console(stderr=True).print(f"[red]lỗi[/red] {error}", highlight=False)
        raise typer.Exit(2) from None
    if format == "json":
        json.dump(stats, sys.stdout, ensure_ascii=False, indent=1, sort_keys=True)
        sys.stdout.write("\n")
        return
    console = Console()
    for title, data in (("Số lượng theo loại", stats["counts"]),
                        ("Văn bản theo tỉnh", stats["documents_by_province"]),
                        ("Văn bản theo loại", stats["documents_by_kind"])):
        t = Table(title=title)
        t.add_column("")
        t.add_column("Số lượng", justify="right")
        for k, v in data.items():
            t.add_row(k, str(v))
        console.print(t)
    t = Table(title="Văn bản được trích dẫn nhiều nhất")
    for c in ("Văn bản", "Số lần được dẫn", "PageRank"):
        t.add_column(c)
    for row in stats["most_cited"]:
        t.add_row(row["document"], str(row["cited_by"]), f"{row['pagerank']:.3f}")
    console.print(t)
    t = Table(title="Khối lượng nhiệm vụ của cơ quan")
    for c in ("Cơ quan", "Tỉnh", "Chủ trì", "Phối hợp", "Thực hiện", "Nhận báo cáo", "Tổng"):
        t.add_column(c)
    for row in stats["organ_workload"]:
        t.add_row(row["organ"], row["province"], *(str(row.get(k, 0)) for k in ("lead", "coordinator", "executor", "reportTo")),
                  str(row["total"]))
    console.print(t)
