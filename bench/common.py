"""What every benchmark shares: sizes, the result record, peak memory, the machine, corpora.

Peak memory is sampled every 0.1 s as the PSS (proportional set size: shared pages divided among
the processes that share them, so forked workers are not counted twice) of this process and all
its descendants, per named phase; ``resource.getrusage`` (``ru_maxrss`` of this process and of its
largest child) is recorded beside it as a cross-check.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

try:
    import psutil
except ImportError:          # dev dependency; without it only ru_maxrss is reported
    psutil = None

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "data" / "corpus"          # the seed texts (the demo corpus)
PACKAGES = ("rdflib", "pyoxigraph", "pyshacl", "ladybug", "pyarrow", "neo4j", "psutil")
MB = 1 << 20


# --------------------------------------------------------------------------------------------
# Sizes
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Sizes:
    """How big each benchmark runs (``--quick`` or the full run)."""

    extraction_docs: int          # synthetic documents extracted on one core and on all cores
    seed_copies: int              # each seed text read this many times (the seed-sized target)
    rdf_ns: tuple[int, ...]       # corpus sizes N of the RDF + SHACL benchmark
    rdf_timed: int                # at most this many documents of each N are timed (a random sample)
    store_docs: int               # corpus size of the RDF store benchmark (pyoxigraph vs rdflib)
    graph_docs: int               # documents whose rows are the property-graph load sample
    build_docs: int               # the end-to-end build (and the stores queried for latency)
    latency_params: int           # distinct parameter values per named query
    latency_repeats: int          # runs of each (query, parameter value, store)
    changed_files: int = 10       # the incremental rebuild
    profile_docs: int = 0         # build() under cProfile with one process (0: not run)
    seed: int = 7


QUICK = Sizes(extraction_docs=100, seed_copies=5, rdf_ns=(70, 100), rdf_timed=100, store_docs=100,
              graph_docs=10, build_docs=100, latency_params=4, latency_repeats=2)
FULL = Sizes(extraction_docs=1000, seed_copies=30, rdf_ns=(1000, 10000), rdf_timed=1000, store_docs=1000,
             graph_docs=100, build_docs=10000, latency_params=8, latency_repeats=3, profile_docs=200)


@dataclass
class Context:
    work: Path                    # corpora, data homes, caches (kept between runs)
    sizes: Sizes
    quick: bool

    @property
    def xcache(self) -> Path:
        """Extractions by content hash, shared by the benchmarks that need resolved extractions."""
        path = self.work / "xcache"
        path.mkdir(parents=True, exist_ok=True)
        return path


# --------------------------------------------------------------------------------------------
# The result of one benchmark
# --------------------------------------------------------------------------------------------

@dataclass
class Result:
    name: str
    title: str
    ran: str = ""                                                   # what was run, in words
    figures: list[list[str]] = field(default_factory=list)          # [label, value]
    ratios: list[list[Any]] = field(default_factory=list)           # [label, ratio, baseline]
    targets: list[list[Any]] = field(default_factory=list)          # [target, measured, met]
    memory: list[list[Any]] = field(default_factory=list)           # [phase, peak MB, growth MB]
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0
    load: list[float] = field(default_factory=list)                 # 1-min load average, start and end

    def fig(self, label: str, value: str) -> None:
        self.figures.append([label, value])
        print(f"  {label}: {value}", flush=True)

    def ratio(self, label: str, value: float, baseline: str) -> None:
        self.ratios.append([label, round(value, 3), baseline])
        print(f"  RATIO {label}: {value:.2f}x  (baseline: {baseline})", flush=True)

    def target(self, text: str, measured: str, met: bool | None) -> None:
        self.targets.append([text, measured, met])
        word = {True: "met", False: "NOT met", None: "not measured"}[met]
        print(f"  TARGET {text}: {word} ({measured})", flush=True)

    def note(self, text: str) -> None:
        self.notes.append(text)
        print(f"  note: {text}", flush=True)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=1)

    @classmethod
    def from_json(cls, text: str) -> Result:
        return cls(**json.loads(text))


# --------------------------------------------------------------------------------------------
# Memory
# --------------------------------------------------------------------------------------------

def _tree_pss() -> int:
    """PSS in bytes of this process and its descendants (RSS where PSS cannot be read)."""
    me = psutil.Process()
    total = 0
    for proc in [me, *me.children(recursive=True)]:
        try:
            try:
                total += proc.memory_full_info().pss
            except (psutil.AccessDenied, AttributeError):
                total += proc.memory_info().rss
        except (psutil.NoSuchProcess, psutil.ZombieProcess):
            continue
    return total


class Memory:
    """Peak memory per phase, sampled in a background thread."""

    def __init__(self, result: Result, interval: float = 0.1) -> None:
        self.result = result
        self.interval = interval
        self._peak = 0
        self.timeline: list[tuple[float, int]] = []     # (time.time(), bytes) of every sample
        self._lock = threading.Lock()      # a sample taken before a phase starts must not land after
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        if psutil is not None:
            self._thread = threading.Thread(target=self._sample, daemon=True)
            self._thread.start()

    def _sample(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                value = _tree_pss()
            except Exception:  # noqa: BLE001 - a process vanishing mid-read must not stop sampling
                continue
            with self._lock:
                self._peak = max(self._peak, value)
                self.timeline.append((time.time(), value))

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        """Record the peak memory (and its growth over the start) of everything run inside."""
        if psutil is None:
            yield
            return
        start = _tree_pss()
        with self._lock:
            self._peak = start
        try:
            yield
        finally:
            with self._lock:
                peak = max(self._peak, _tree_pss())
            self.result.memory.append([name, round(peak / MB), round((peak - start) / MB)])
            print(f"  memory {name}: peak {peak / MB:,.0f} MB (+{(peak - start) / MB:,.0f} MB)", flush=True)

    def peak_between(self, start: float, end: float) -> float | None:
        """Peak MB sampled between two ``time.time()`` values (None without a sample there)."""
        values = [v for t, v in self.timeline if start <= t <= end]
        return max(values) / MB if values else None

    def close(self) -> None:
        self._stop.set()
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024          # KiB on Linux
        child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        self.result.memory.append(["ru_maxrss: this process / largest child", round(own), round(child)])


# --------------------------------------------------------------------------------------------
# Timing helpers
# --------------------------------------------------------------------------------------------

class Timer:
    def __init__(self) -> None:
        self.seconds = 0.0

    def __enter__(self) -> Timer:
        self._start = time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        self.seconds = time.perf_counter() - self._start


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (0–100) by linear interpolation."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * p / 100
    lo = int(k)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def loadavg() -> float:
    return round(os.getloadavg()[0], 2)


# --------------------------------------------------------------------------------------------
# The machine
# --------------------------------------------------------------------------------------------

def machine() -> dict[str, str]:
    """nproc, memory, CPU model, Python and package versions, the commit measured."""
    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "?"
    if psutil is not None:
        memory = f"{psutil.virtual_memory().total / (1 << 30):.1f} GiB"
    versions = []
    for name in PACKAGES:
        try:
            versions.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name} (not installed)")
    try:
        commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit = "?"
    return {
        "nproc": str(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()),
        "memory": memory,
        "cpu": cpu,
        "python": platform.python_version(),
        "os": f"{platform.system()} {platform.release()}",
        "packages": ", ".join(versions),
        "commit": commit or "?",
    }


# --------------------------------------------------------------------------------------------
# Corpora and extractions
# --------------------------------------------------------------------------------------------

MODIFIED_FLAG = ".bench-modified"      # a corpus whose files a benchmark changed and did not restore


def corpus(ctx: Context, docs: int) -> Path:
    """A synthetic corpus of ``docs`` documents over the 34 provinces (generated once, then reused)."""
    from dkg.synth.generate import MARKER, generate

    out = ctx.work / f"corpus-{docs}-s{ctx.sizes.seed}"
    if (out / MARKER).exists() and not (out / MODIFIED_FLAG).exists():
        return out
    if out.exists():
        shutil.rmtree(out)
    started = time.perf_counter()
    generate(out, docs, 34, ctx.sizes.seed, jobs=min(2, os.cpu_count() or 1))
    print(f"  (generated {docs:,} synthetic documents in {time.perf_counter() - started:.1f} s: {out})",
          flush=True)
    return out


def text_files(folder: Path) -> list[Path]:
    from loaders.read import discover

    return discover([folder])


def resolved_extractions(files: list[Path], cache: Path, workers: int | None = None) -> tuple[list, dict, list]:
    """The build's steps 1–2 (extract through its content-hash cache, then the corpus-wide
    decisions) for ``files``.

    Returns (resolved extractions, seconds per step, the RDF step's arguments per extraction); files
    the build would list as failed are left out, as the build leaves them out, and counted in
    ``seconds["failed files"]``."""
    from loaders.pipeline import _cached, _extract_one, _map
    from loaders.resolve.corpus import apply, decide

    seconds: dict[str, float] = {}
    started = time.perf_counter()
    facts, shas, failed = [], [], []
    for _path, one, sha, error, _stat in _map(_extract_one, [(str(f), str(cache)) for f in files], workers,
                                              None, "extract"):
        if one is None:
            failed.append(error)
            continue
        facts.append(one)
        shas.append(sha)
    seconds["failed files"] = len(failed)
    if failed:
        print(f"  ({len(failed)} files failed, left out as the build leaves them out; first: {failed[0]})",
              flush=True)
    seconds["extract (cached where possible)"] = time.perf_counter() - started
    started = time.perf_counter()
    outcomes = decide(facts)
    seconds["resolve"] = time.perf_counter() - started
    extractions = [apply(_cached(f.source, sha, cache), outcome)
                   for f, sha, outcome in zip(facts, shas, outcomes, strict=True)]
    items = [(f.source, sha, outcome, str(cache)) for f, sha, outcome in zip(facts, shas, outcomes, strict=True)]
    return extractions, seconds, items


def link_cache(src: Path, dst: Path) -> int:
    """Hard-link the cached extractions of ``src`` into ``dst`` (content-addressed: always safe)."""
    dst.mkdir(parents=True, exist_ok=True)
    n = 0
    for file in src.glob("*.json"):
        target = dst / file.name
        if not target.exists():
            try:
                os.link(file, target)
            except OSError:
                shutil.copy2(file, target)
            n += 1
    return n


def fmt_rate(n: float, seconds: float, unit: str) -> str:
    return f"{n / seconds:,.1f} {unit}/s" if seconds > 0 else "∞"


def home_path(ctx: Context, docs: int) -> Path:
    """The data home the end-to-end build benchmark leaves for the query benchmark."""
    return ctx.work / f"home-{docs}-s{ctx.sizes.seed}"


def ensure_home(ctx: Context, docs: int, result: Result) -> Path:
    """A built data home of the ``docs``-document corpus (built here, untimed, if none was left)."""
    from loaders.pipeline import build

    home = home_path(ctx, docs)
    if (home / "manifest.json").exists() and (home / "ladybug" / "CURRENT").exists():
        return home
    shutil.rmtree(home, ignore_errors=True)
    result.note(f"no data home of {docs:,} documents was left by the build benchmark: built one first (untimed)")
    build([corpus(ctx, docs)], home)
    return home


def peak_rss_mb() -> float:
    """ru_maxrss of this process plus that of its largest child, in MB (when psutil is missing)."""
    return (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
