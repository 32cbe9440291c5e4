"""The whole build end to end (``loaders.pipeline.build``) of N synthetic documents, then an
incremental rebuild after changing a few files.

Each build runs in a fresh process, as ``dkg build`` would. Wall time (of ``build()`` itself), the
time of each stage (from the build's progress callback: extract, resolve, rdf, store, graph =
property graph + search index), and peak memory of the process tree. The data home
starts empty (no cached extraction). The incremental rebuild changes ``changed_files`` texts spread
over the corpus (a task sentence added before "Nơi nhận", so their extraction and their graphs
change), rebuilds, then puts the original texts back. The data home is left for the query
benchmark, and its extractions are shared with the other benchmarks (content-addressed cache).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

from bench.common import (
    MODIFIED_FLAG,
    REPO,
    Context,
    Memory,
    Result,
    corpus,
    home_path,
    link_cache,
    loadavg,
    peak_rss_mb,
    text_files,
)

TARGET_DOCS = 100_000
TARGET_BUILD_MIN = 15
TARGET_MEMORY_GIB = 4
TARGET_INCREMENTAL_S = 30
PROJECT_FROM = 5000
ADDED = "\n{n}. Giao Sở Nội vụ chủ trì, phối hợp với Văn phòng Tỉnh ủy rà soát hồ sơ lưu trữ, báo cáo kết quả trước ngày 30/6/2026.\n"


class Stages:
    """Seconds per stage of one build, from its progress callback (and each stage's wall-clock span,
    to find its peak memory in the sampler's timeline)."""

    def __init__(self) -> None:
        self.start: dict[str, float] = {}
        self.seconds: dict[str, float] = {}
        self.spans: dict[str, list[float]] = {}       # stage → [time.time() at start, at end]

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.perf_counter()
        if done == 0:
            self.start[stage] = now
            self.spans[stage] = [time.time(), time.time()]
        if done >= total:
            self.seconds[stage] = now - self.start.get(stage, now)
            self.spans.setdefault(stage, [time.time(), time.time()])[1] = time.time()

    def memory(self, mem: Memory) -> str:
        """Peak memory of the process tree during each stage."""
        parts = []
        for stage, (start, end) in self.spans.items():
            peak = mem.peak_between(start, end)
            if peak is not None:
                parts.append(f"{stage} {peak:,.0f} MB")
        return ", ".join(parts) or "not sampled"

    def describe(self, wall: float) -> str:
        parts = [f"{k} {v:.1f} s" for k, v in self.seconds.items()]
        parts.append(f"other {max(0.0, wall - sum(self.seconds.values())):.1f} s")
        return ", ".join(parts)


def _change(files: list[Path], k: int) -> dict[Path, bytes]:
    """Add a task sentence to ``k`` files spread over the corpus; return their original bytes."""
    chosen = files[:: max(1, len(files) // k)][:k]
    originals = {}
    for i, path in enumerate(chosen, 1):
        raw = path.read_bytes()
        originals[path] = raw
        text = raw.decode("utf-8")
        added = ADDED.format(n=90 + i)
        at = text.find("\nNơi nhận")
        text = text + added if at < 0 else text[:at] + added + text[at:]
        path.write_text(text, encoding="utf-8")
    return originals


def _build_in_child(folder: Path, home: Path) -> tuple[SimpleNamespace, Stages, float]:
    """``build([folder], home)`` in a fresh process (as ``dkg build`` runs it: its peak memory is its
    own, not what an earlier build left in this one); (summary, stages, seconds inside build())."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]))
    done = subprocess.run([sys.executable, "-m", "bench.full_build", str(folder), str(home)], cwd=REPO, env=env,
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"the build process failed ({done.returncode}):\n{done.stderr[-4000:]}")
    data = json.loads(done.stdout.strip().splitlines()[-1])
    stages = Stages()
    stages.seconds = data.pop("stages")
    stages.spans = data.pop("spans")
    seconds = data.pop("wall")
    return SimpleNamespace(**data), stages, seconds


def _main(folder: str, home: str) -> None:
    """One build, in this process; its summary as one JSON line (for ``_build_in_child``)."""
    from loaders.pipeline import build

    stages = Stages()
    started = time.perf_counter()
    summary = build([Path(folder)], Path(home), progress=stages)
    wall = time.perf_counter() - started
    print(json.dumps({"wall": wall, "stages": stages.seconds, "spans": stages.spans, "files": summary.files,
                      "extracted": summary.extracted, "reused": summary.reused,
                      "failed": summary.failed, "invalid": [v.describe() for v in summary.invalid],
                      "loaded": summary.loaded, "unchanged": summary.unchanged, "documents": summary.documents},
                     ensure_ascii=False))


def _summary(summary) -> str:
    return (f"{summary.files:,} files: {summary.extracted:,} extracted, {summary.reused:,} from the cache, "
            f"{len(summary.failed)} failed, {len(summary.invalid)} invalid; {summary.loaded:,} graphs written, "
            f"{summary.unchanged:,} unchanged; {summary.documents:,} document graphs in the store")


def run(ctx: Context) -> Result:
    r = Result("build", "Full build end to end (build()), then an incremental rebuild")
    r.load.append(loadavg())
    mem = Memory(r)
    n = ctx.sizes.build_docs
    folder = corpus(ctx, n)
    files = text_files(folder)
    size = sum(f.stat().st_size for f in files)
    home = home_path(ctx, n)
    shutil.rmtree(home, ignore_errors=True)
    r.ran = (f"{n:,} synthetic documents ({size / 1e6:.0f} MB), empty data home, all cores; "
             f"then {ctx.sizes.changed_files} files changed" + ("" if n >= TARGET_DOCS else "; 100,000 documents not run (see the note)"))

    with mem.phase(f"full build of {n:,}"):
        summary, stages, full_s = _build_in_child(folder, home)
    t_full = SimpleNamespace(seconds=full_s)
    peak_mb = r.memory[-1][1] if r.memory else peak_rss_mb()
    r.fig("full build: wall time", f"{t_full.seconds:.1f} s ({n / t_full.seconds:.1f} documents/s)")
    r.fig("full build: stages", stages.describe(t_full.seconds))
    r.fig("full build: peak memory per stage", stages.memory(mem))
    r.fig("full build: result", _summary(summary))
    per_doc = t_full.seconds / n
    projected_min = per_doc * TARGET_DOCS / 60
    # a verdict from a projection only where the fixed costs (imports, pools, schema) no longer weigh
    projectable = n >= PROJECT_FROM
    r.target(f"full build of {TARGET_DOCS:,} documents < {TARGET_BUILD_MIN} min",
             f"{t_full.seconds / 60:.1f} min for {n:,}" + (f" = {projected_min:.0f} min projected linearly"
                                                         if projectable else ""),
             (projected_min < TARGET_BUILD_MIN) if n >= TARGET_DOCS or
             (projectable and projected_min >= TARGET_BUILD_MIN) else None)
    r.target(f"peak memory of the build of {TARGET_DOCS:,} < {TARGET_MEMORY_GIB} GiB",
             f"{peak_mb / 1024:.2f} GiB at {n:,} documents",
             peak_mb / 1024 < TARGET_MEMORY_GIB if n >= TARGET_DOCS else
             (False if peak_mb / 1024 >= TARGET_MEMORY_GIB else None))
    linked = link_cache(home / "cache", ctx.xcache)
    if linked:
        print(f"  (shared {linked:,} cached extractions with the other benchmarks)", flush=True)

    flag = folder / MODIFIED_FLAG
    flag.write_text("files changed by bench/full_build.py; regenerate if this stays\n", encoding="utf-8")
    originals = _change(files, ctx.sizes.changed_files)
    try:
        with mem.phase(f"incremental rebuild ({len(originals)} changed)"):
            again, stages, inc_s = _build_in_child(folder, home)
        t_inc = SimpleNamespace(seconds=inc_s)
    finally:
        for path, raw in originals.items():
            path.write_bytes(raw)
        flag.unlink()
    r.fig("incremental: wall time", f"{t_inc.seconds:.1f} s")
    r.fig("incremental: stages", stages.describe(t_inc.seconds))
    r.fig("incremental: peak memory per stage", stages.memory(mem))
    r.fig("incremental: result", _summary(again))
    r.ratio("incremental rebuild over full build", t_inc.seconds / t_full.seconds, "the full build")
    met = t_inc.seconds < TARGET_INCREMENTAL_S if n >= TARGET_DOCS else \
        (False if t_inc.seconds >= TARGET_INCREMENTAL_S else None)
    r.target(f"incremental rebuild after changing 10 files < {TARGET_INCREMENTAL_S} s at {TARGET_DOCS:,}",
             f"{t_inc.seconds:.1f} s at {n:,} documents", met)
    if n < TARGET_DOCS:
        r.note(f"{TARGET_DOCS:,} documents were not built: at {per_doc * 1000:.0f} ms per document the build alone "
               f"would take at least {projected_min:.0f} minutes. Targets at {TARGET_DOCS:,} are 'not met' when "
               "the measurement at this size already misses them (every cost grows with N), else 'not measured'.")
    mem.close()
    r.load.append(loadavg())
    return r


if __name__ == "__main__":
    _main(sys.argv[1], sys.argv[2])
