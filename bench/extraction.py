"""Extraction: documents/s and MB/s on one core and on all cores, against the plain cost of reading.

Baselines, measured on the same files in the same run:
* reading the bytes (``Path.read_bytes``) and reading into a ``Text`` (``read_file``: decode, NFC,
  one tone style) on one core;
* the build's own path (``pipeline._extract_one``: hash, read, extract, write the cache entry) on one
  core, then the same through the build's process pool (``pipeline._map``) on all cores.

Run twice: on synthetic documents, and on the seed texts repeated (the issue's target is for
seed-sized texts, which are about four times longer than the synthetic ones).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from bench.common import SEEDS, Context, Memory, Result, Timer, corpus, fmt_rate, loadavg, text_files

TARGET_DOCS_PER_S = 200
WARM = 30


def _measure(r: Result, mem: Memory, label: str, files: list[Path], workers: int) -> float:
    """Time the variants on ``files``; return documents/s of the build's path on all cores."""
    from loaders.extract import extract
    from loaders.pipeline import _extract_one, _map
    from loaders.read import read_file

    n = len(files)
    size = sum(f.stat().st_size for f in files)
    r.fig(f"{label}: files", f"{n:,} ({size / 1e6:.1f} MB, {size / n / 1e3:.1f} kB each)")
    for f in files[:WARM]:      # warm: gazetteers, patterns and the syllable cache load once per process
        extract(read_file(f))

    with Timer() as t_bytes:
        for f in files:
            f.read_bytes()
    with mem.phase(f"{label}: read_file, 1 core"), Timer() as t_read:
        for f in files:
            read_file(f)
    with mem.phase(f"{label}: read + extract, 1 core"), Timer() as t_extract:
        for f in files:
            extract(read_file(f))
    with tempfile.TemporaryDirectory(prefix="bench-x1-") as cache, \
            mem.phase(f"{label}: build path, 1 core"), Timer() as t_one:
        for _ in _map(_extract_one, [(str(f), cache) for f in files], 1, None, "extract"):
            pass
    with tempfile.TemporaryDirectory(prefix="bench-xn-") as cache, \
            mem.phase(f"{label}: build path, {workers} processes"), Timer() as t_all:
        for _ in _map(_extract_one, [(str(f), cache) for f in files], workers, None, "extract"):
            pass
    if n < 64:
        r.note(f"{label}: fewer than 64 files, so the build's pool was not used (PARALLEL_FROM)")

    for name, t in (("read bytes", t_bytes), ("read_file", t_read), ("read + extract, 1 core", t_extract),
                    ("build path (hash, read, extract, cache), 1 core", t_one),
                    (f"build path, {workers} processes", t_all)):
        r.fig(f"{label}: {name}", f"{fmt_rate(n, t.seconds, 'docs')}, {fmt_rate(size / 1e6, t.seconds, 'MB')}"
              f" ({t.seconds:.2f} s)")
    r.ratio(f"{label}: extraction cost over reading (1 core)", t_extract.seconds / t_read.seconds,
            "read_file on the same files")
    r.ratio(f"{label}: speed-up on {workers} processes", t_one.seconds / t_all.seconds,
            "the build path on 1 core")
    return n / t_all.seconds


def _seed_copies(ctx: Context, seeds: list[Path], copies: int) -> list[Path]:
    """Each seed ``copies`` times as distinct files (k trailing newlines make the k-th copy's hash
    differ, so the build's extraction cache never answers for a copy)."""
    folder = ctx.work / f"seeds-x{copies}"
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for seed in seeds:
        raw = seed.read_bytes()
        for k in range(copies):
            path = folder / f"{seed.stem}-{k:03d}{seed.suffix}"
            if not path.exists():
                path.write_bytes(raw + b"\n" * (k + 1))
            out.append(path)
    return out


def run(ctx: Context) -> Result:
    r = Result("extraction", "Extraction throughput (one core, all cores) against reading")
    r.load.append(loadavg())
    mem = Memory(r)
    workers = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    synth = text_files(corpus(ctx, ctx.sizes.extraction_docs))
    r.ran = (f"{len(synth):,} synthetic documents; the {{seeds}} seed texts × {ctx.sizes.seed_copies}; "
             f"{workers} processes for 'all cores'")
    _measure(r, mem, "synthetic", synth, workers)
    seeds = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    if seeds:
        r.ran = r.ran.replace("{seeds}", str(len(seeds)))
        rate = _measure(r, mem, "seeds", _seed_copies(ctx, seeds, ctx.sizes.seed_copies), workers)
        r.target(f"extraction ≥ {TARGET_DOCS_PER_S} documents/s on {workers} cores, seed-sized texts",
                 f"{rate:,.0f} documents/s", rate >= TARGET_DOCS_PER_S)
    else:
        r.ran = r.ran.replace("the {seeds} seed texts", "no seed texts (none found)")
        r.target(f"extraction ≥ {TARGET_DOCS_PER_S} documents/s on {workers} cores, seed-sized texts",
                 "seed texts not found", None)
    mem.close()
    r.load.append(loadavg())
    return r
