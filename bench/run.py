"""Run the benchmarks of issue 7 and write bench/RESULTS.md.

    python bench/run.py                   # the full run (about 18 minutes on 2 quiet cores)
    python bench/run.py --quick           # small sizes, under two minutes (CI)
    python bench/run.py --only latency    # one benchmark (or several: --only rdf,store)

Each benchmark runs in a child process of its own (its peak memory is its own), prints its figures
and the ratio against its baseline, and returns a ``Result``; the results are rewritten into their
block of RESULTS.md (``--results`` elsewhere, ``--no-results`` nowhere). Corpora, data homes and the
extraction cache are kept in the work folder (``--work``, default ``$TMPDIR/dkg-bench``) and reused.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib
import os
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):            # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import FULL, QUICK, REPO, Context, Result, Sizes, machine  # noqa: E402
from bench.report import render_machine, update  # noqa: E402

# name → module, in the order they run (the build leaves the data home the latency benchmark
# queries and the extractions the RDF benchmark reuses; the RDF benchmark leaves the N-Quads the
# store and graph benchmarks load)
BENCHMARKS = {
    "extraction": "bench.extraction",
    "build": "bench.full_build",
    "rdf": "bench.rdf_build",
    "store": "bench.rdf_store",
    "graph": "bench.graph_load",
    "latency": "bench.query_latency",
    "profile": "bench.profile_build",
}


BUILD_DOCS_ENV = "DKG_BENCH_BUILD_DOCS"


def _sizes(quick: bool) -> Sizes:
    """The run's sizes; ``--build-docs N`` (passed to the children as DKG_BENCH_BUILD_DOCS) sets the
    size of the end-to-end build and of the stores the latency benchmark queries."""
    sizes = QUICK if quick else FULL
    docs = os.environ.get(BUILD_DOCS_ENV)
    return dataclasses.replace(sizes, build_docs=int(docs)) if docs else sizes


def _child(name: str, work: Path, quick: bool, out: Path) -> int:
    ctx = Context(work=work, sizes=_sizes(quick), quick=quick)
    ctx.work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    result: Result = importlib.import_module(BENCHMARKS[name]).run(ctx)
    result.seconds = time.perf_counter() - started
    out.write_text(result.to_json(), encoding="utf-8")
    return 0


def _run_one(name: str, work: Path, quick: bool) -> Result:
    import subprocess

    with tempfile.TemporaryDirectory(prefix="dkg-bench-") as tmp:
        out = Path(tmp) / "result.json"
        command = [sys.executable, "-m", "bench.run", "--child", name, "--work", str(work), "--out", str(out)]
        if quick:
            command.append("--quick")
        env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]))
        started = time.perf_counter()
        code = subprocess.run(command, cwd=REPO, env=env).returncode
        if code == 0 and out.exists():
            return Result.from_json(out.read_text(encoding="utf-8"))
        failed = Result(name, f"{name}: FAILED", seconds=time.perf_counter() - started)
        failed.note(f"the benchmark process ended with exit code {code}; its output above says why")
        return failed


def _selected(only: list[str] | None, quick: bool) -> list[str]:
    if not only:
        names = list(BENCHMARKS)
        return [n for n in names if n != "profile" or _sizes(quick).profile_docs]
    names = [n.strip() for part in only for n in part.split(",") if n.strip()]
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        raise SystemExit(f"unknown benchmark(s) {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}")
    return [n for n in BENCHMARKS if n in names]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, under two minutes")
    parser.add_argument("--only", action="append", metavar="NAME", help=f"one of {', '.join(BENCHMARKS)}")
    parser.add_argument("--work", type=Path, default=None, help="corpora, data homes, caches (kept)")
    parser.add_argument("--results", type=Path, default=REPO / "bench" / "RESULTS.md")
    parser.add_argument("--no-results", action="store_true", help="print only; do not write RESULTS.md")
    parser.add_argument("--build-docs", type=int, metavar="N",
                        help="documents of the end-to-end build and of the stores queried for latency "
                             "(default: 100 quick, 10,000 full; 100000 for the issue's targets)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.build_docs:
        os.environ[BUILD_DOCS_ENV] = str(args.build_docs)
    mode = "quick" if args.quick else "full"
    work = (args.work or Path(os.environ.get("DKG_BENCH_WORK") or Path(tempfile.gettempdir()) / "dkg-bench")
            / mode).resolve()
    if args.child:
        return _child(args.child, work, args.quick, args.out)

    names = _selected(args.only, args.quick)
    info = machine()
    print(f"machine: {info['nproc']} cores ({info['cpu']}), {info['memory']}, Python {info['python']}; "
          f"{info['packages']}; commit {info['commit']}", flush=True)
    print(f"mode: {mode}; benchmarks: {', '.join(names)}; work folder: {work}", flush=True)
    started = time.perf_counter()
    results = []
    for name in names:
        print(f"\n== {name} ==", flush=True)
        results.append(_run_one(name, work, args.quick))
        print(f"== {name}: {results[-1].seconds:.0f} s", flush=True)
    seconds = time.perf_counter() - started

    print("\n== summary ==")
    for r in results:
        for label, value, baseline in r.ratios:
            print(f"RATIO {r.name}: {label} = {value:.2f}x (baseline: {baseline})")
    for r in results:
        for text, measured, met in r.targets:
            word = {True: "met", False: "NOT met", None: "not measured"}[met]
            print(f"TARGET {r.name}: {text}: {word} ({measured})")
    failed = [r.name for r in results if r.title.endswith("FAILED")]
    print(f"total {seconds:.0f} s" + (f"; FAILED: {', '.join(failed)}" if failed else ""))
    if not args.no_results:
        when = time.strftime("%Y-%m-%d %H:%M %Z")
        text = render_machine(info, when, seconds, str(work), names)
        update(args.results, mode, text, results, list(BENCHMARKS), stamp=f"measured {when}, commit {info['commit']}; ")
        print(f"results written to {args.results}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
