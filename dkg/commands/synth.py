"""``dkg synth``: a synthetic corpus with its ground truth, for tests and benchmarks at scale."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from dkg.cli import app
from dkg.synth.data import SynthDataError
from dkg.synth.generate import generate

_PROGRESS_FROM = 200   # smaller corpora are written without a progress bar


@app.command("synth")
def synth(
    docs: int = typer.Option(1000, "--docs", "-n", help="Số văn bản cần sinh."),
    provinces: int = typer.Option(34, "--provinces", "-k",
                                  help="Số tỉnh, thành phố (34 đơn vị hiện nay trước, rồi các tỉnh đã sáp nhập)."),
    seed: int = typer.Option(1, "--seed", "-s", help="Hạt giống ngẫu nhiên: cùng hạt giống, cùng kết quả."),
    out: Path = typer.Option(..., "--out", "-o", help="Thư mục ghi văn bản, gold/ và truth.jsonl."),
    jobs: int = typer.Option(1, "--jobs", "-j", help="Số tiến trình song song (0: bằng số lõi CPU)."),
    force: bool = typer.Option(False, "--force", help="Ghi đè một kho tổng hợp đã có trong --out."),
) -> None:
    """Sinh kho văn bản tổng hợp (thông báo, nghị quyết, chỉ thị, kế hoạch, báo cáo) kèm dữ liệu chuẩn."""
    import os

    console = Console(stderr=True)
    if jobs == 0:
        jobs = os.cpu_count() or 1
    try:
        if docs >= _PROGRESS_FROM:
            columns = (TextColumn("Sinh văn bản"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
            with Progress(*columns, console=console) as bar:
                task = bar.add_task("synth", total=docs)
                summary = generate(out, docs, provinces, seed, jobs=jobs, force=force,
                                   progress=lambda n: bar.advance(task, n))
        else:
            summary = generate(out, docs, provinces, seed, jobs=jobs, force=force)
    except SynthDataError as exc:
        console.print(f"[red]Lỗi:[/red] {exc}")
        raise typer.Exit(2) from None
    console.print(
        f"Đã ghi {summary.documents:,} văn bản của {summary.provinces} tỉnh, thành phố vào {summary.out} "
        f"({summary.bytes / 1e6:.1f} MB, {summary.seconds:.1f} giây, {summary.per_second:,.0f} văn bản/giây); "
        f"dữ liệu chuẩn: {summary.out / 'gold'} và {summary.out / 'truth.jsonl'}."
    )
