"""`dkg build [PATH...]`: read → extract → resolve → RDF → validate → both stores, with a progress bar."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from dkg.cli import app
from dkg.config import REPO_ROOT, data_home
from loaders.pipeline import build
from loaders.stores.errors import StoreError
from loaders.stores.rdf_store import RdfStore
from queries.analytics import summary_counts

STAGES = {"extract": "Đọc và trích xuất", "resolve": "Hợp nhất thực thể", "rdf": "RDF và kiểm tra SHACL",
          "store": "Ghi kho RDF", "graph": "Nạp đồ thị thuộc tính", "search": "Lập chỉ mục tìm kiếm"}
HOME_HELP = "Data home (else $DKG_HOME, else ~/.local/share/dkg)."


@app.command("build")
def build_command(
    paths: list[Path] = typer.Argument(None, help="Files or folders (default: data/corpus of this project)."),
    home: Path = typer.Option(None, "--home", help=HOME_HELP),
    workers: int = typer.Option(None, "--workers", "-j", help="Worker processes for extraction and RDF."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
) -> None:
    """Build the graph: extract every document, validate it, load both stores. Exit 1 if some files failed."""
    paths = paths or [REPO_ROOT / "data" / "corpus"]
    for p in paths:
        if not p.exists():
            Console(stderr=True).print(f"[red]lỗi[/red] {p}: không tồn tại (no such file or folder)", highlight=False)
            raise typer.Exit(2)
    console = Console(stderr=True, soft_wrap=True)   # one line per problem, even in a log
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console, disable=quiet, transient=True) as bar:
        tasks: dict[str, int] = {}

        def progress(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(STAGES.get(stage, stage), total=total)
            bar.update(tasks[stage], completed=done, total=total)

        try:
            summary = build(paths, data_home(home), workers=workers, progress=progress)
        except StoreError as error:   # a store that cannot be opened or reached: one line, no traceback
            bar.stop()
            console.print(f"[red]lỗi[/red] {error}", highlight=False)
            raise typer.Exit(2) from None
    table = Table(title="Kết quả xây dựng đồ thị", show_header=False)
    rows = [("Tệp đọc được", summary.files), ("Trích xuất mới", summary.extracted),
            ("Dùng lại (không đổi)", summary.reused), ("Văn bản nạp/cập nhật", summary.loaded),
            ("Không đổi", summary.unchanged), ("Gỡ bỏ (tệp đã xóa)", summary.removed),
            ("Văn bản trong kho", summary.documents), ("Tệp lỗi", len(summary.failed)),
            ("Vi phạm SHACL (không nạp)", len(summary.invalid)), ("Thời gian (giây)", f"{summary.seconds:.1f}")]
    rows += list(_holdings(data_home(home)).items())
    for name, value in rows:
        table.add_row(name, str(value))
    Console().print(table)
    for path, reason in summary.failed:
        console.print(f"[red]lỗi[/red] {reason if reason.startswith(path) else f'{path}: {reason}'}", highlight=False)
    for report in summary.invalid:
        console.print(f"[yellow]vi phạm[/yellow] {report.describe()}", highlight=False)
    if not summary.ok:
        raise typer.Exit(1)


def _holdings(home: Path) -> dict[str, int]:
    """Documents, organs, tasks, meetings, people and citations now in the graph."""
    try:
        with RdfStore.open(home, read_only=True) as store:
            return summary_counts(store)
    except StoreError:
        return {}
