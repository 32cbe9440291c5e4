"""`dkg extract PATH...`: files or folders → extraction JSON (the contract) or a table."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from dkg.cli import app
from loaders.extract import extract
from loaders.extract.contract import to_contract
from loaders.read import ReadError, discover, read_file


class OutputFormat(StrEnum):
    json = "json"
    table = "table"


@app.command("extract")
def extract_command(
    paths: list[Path] = typer.Argument(..., help="Files (.txt .docx .pdf .html) or folders."),
    format: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f", help="json: the extraction contract."),
) -> None:
    """Extract documents, meetings, citations, organs, people and tasks; print them. Stores nothing."""
    err = Console(stderr=True)
    results: list[dict] = []
    failed = 0
    for path in discover(paths):
        try:
            results.append(to_contract(extract(read_file(path))))
        except ReadError as error:
            failed += 1
            err.print(f"[red]lỗi[/red] {error}", highlight=False)
    if format is OutputFormat.json:
        json.dump(results, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        _print_table(results)
    if failed:
        raise typer.Exit(code=2 if not results else 1)


def _print_table(results: list[dict]) -> None:
    console = Console()
    table = Table(title="Kết quả trích xuất")
    for column in ("Tệp", "Loại", "Số ký hiệu", "Ngày", "Tỉnh", "Trích dẫn", "Cơ quan", "Nhiệm vụ"):
        table.add_column(column)
    for r in results:
        d = r["document"]
        table.add_row(r["source"], d["kind"] or "", d["symbol"] or "", d["date"] or "", d["province"] or "",
                      str(len(r["citations"])), str(len(r["organs"])), str(len(r["tasks"])))
    console.print(table)
