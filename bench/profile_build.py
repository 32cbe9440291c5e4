"""Where the build's time goes: ``build()`` under cProfile, in one process (``workers=1``, so every
stage runs where the profiler sees it), on a small synthetic corpus and an empty data home.

The full listing (by own time and by cumulative time) goes to ``bench/profiles/build-N.txt``; the
result names the stages' cumulative shares and the functions with the most own time.
"""

from __future__ import annotations

import cProfile
import io
import pstats
import shutil
from pathlib import Path

from bench.common import Context, Memory, Result, Timer, corpus, loadavg

PROFILES = Path(__file__).resolve().parent / "profiles"
#: (label, file suffix, function name) of the pipeline's steps, for their cumulative share
STEPS = (
    ("extract (read + extract + cache)", "loaders/pipeline.py", "_extract_one"),
    ("  of which extract()", "loaders/extract/__init__.py", "extract"),
    ("resolve", "loaders/resolve/resolver.py", "resolve"),
    ("RDF + SHACL per document", "loaders/pipeline.py", "_graph_one"),
    ("  of which build_triples", "loaders/rdf/build.py", "build_triples"),
    ("  of which validate (quick pass; pyshacl if needed)", "loaders/rdf/validate.py", "validate_triples"),
    ("  of which rdflib serialize", "rdflib/graph.py", "serialize"),
    ("RDF store write (replace_documents)", "loaders/stores/rdf_store.py", "replace_documents"),
    ("views: property graph + search index", "loaders/stores/views.py", "rebuild_views"),
    ("  of which rows_from_rdf", "loaders/stores/pg_mapping.py", "rows_from_rdf"),
    ("  of which LadybugDB load (COPY)", "loaders/stores/ladybug_store.py", "load"),
    ("  of which search index", "loaders/stores/search_index.py", "build_search_index"),
)
TOP = 12


def _cumulative(stats: pstats.Stats, suffix: str, func: str) -> float:
    total = 0.0
    for (file, _line, name), (_cc, _nc, _tt, ct, _callers) in stats.stats.items():   # type: ignore[attr-defined]
        if name == func and file.endswith(suffix):
            total = max(total, ct)
    return total


def run(ctx: Context) -> Result:
    from loaders.pipeline import build

    r = Result("profile", "Profile of build() in one process (cProfile)")
    r.load.append(loadavg())
    mem = Memory(r)
    n = ctx.sizes.profile_docs
    folder = corpus(ctx, n)
    home = ctx.work / f"profile-home-{n}"
    shutil.rmtree(home, ignore_errors=True)
    r.ran = f"{n:,} synthetic documents, empty data home, workers=1, cProfile"
    profiler = cProfile.Profile()
    with mem.phase("build under cProfile"), Timer() as t:
        profiler.enable()
        summary = build([folder], home, workers=1)
        profiler.disable()
    shutil.rmtree(home, ignore_errors=True)
    stats = pstats.Stats(profiler)
    total = sum(tt for (_cc, _nc, tt, _ct, _callers) in stats.stats.values())   # type: ignore[attr-defined]
    r.fig("wall time under the profiler", f"{t.seconds:.1f} s ({summary.files:,} files, {len(summary.failed)} failed)")
    for label, suffix, func in STEPS:
        ct = _cumulative(stats, suffix, func)
        r.fig(f"cumulative: {label}", f"{ct:.1f} s ({ct / total:.0%})")
    own = sorted(stats.stats.items(), key=lambda kv: -kv[1][2])[:TOP]          # type: ignore[attr-defined]
    for (file, line, name), (_cc, nc, tt, ct, _callers) in own:
        short = "/".join(Path(file).parts[-2:]) if file.startswith("/") else file
        r.fig(f"own time: {name} ({short}:{line})", f"{tt:.1f} s ({tt / total:.0%}), {nc:,} calls, cumulative {ct:.1f} s")
    PROFILES.mkdir(exist_ok=True)
    listing = io.StringIO()
    out = pstats.Stats(profiler, stream=listing)
    out.sort_stats("tottime").print_stats(50)
    out.sort_stats("cumulative").print_stats(80)
    target = PROFILES / f"build-{n}{'-quick' if ctx.quick else ''}.txt"
    target.write_text(listing.getvalue().replace(str(Path.cwd()) + "/", ""), encoding="utf-8")
    r.note(f"full listing: bench/profiles/{target.name}")
    mem.close()
    r.load.append(loadavg())
    return r
