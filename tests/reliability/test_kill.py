"""SIGKILL in the middle of a build, then a restart (issue 6, item 2).

A corpus is generated (``dkg synth``, or the seeds with variations while synth is not there) and built
cleanly once for reference.  Then ``dkg build`` runs in a subprocess of its own and the main process
gets SIGKILL at a seeded random moment (and, in long mode, at several more moments and at the two
store writes).  Afterwards both embedded stores reopen, hold either nothing or a complete build (never
a partial batch), and a restarted build ends equal to the clean one, node for node and edge for edge,
in the RDF store (its own store and the readers' snapshot) and in the property graph.

Default (CI): 70 documents, one kill.  ``--long`` / ``DKG_LONG=1``: 200 documents, six random kills, a
kill while each store is written, and a kill during an incremental rebuild.  ``DKG_KILL_SEED`` sets
the seed.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from rel_support import (
    dkg_has,
    first_difference,
    graph_dump,
    popen_dkg,
    rdf_dump,
    run_dkg,
    variant_corpus,
)

from loaders.stores.graph_store import open_graph_store
from loaders.stores.rdf_store import RdfStore
from loaders.stores.versions import VersionedDir

SEED = int(os.environ.get("DKG_KILL_SEED", "20211117"))
WORKERS = "2"


@dataclass
class Reference:
    corpus: Path
    home: Path
    seconds: float
    rdf: bytes
    graph: str


def _orphans(home: Path) -> list[int]:
    """Processes still running whose command line names ``home`` (worker processes of a killed build)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
            status = (entry / "stat").read_text()
        except OSError:
            continue
        if str(home).encode() in cmdline and ") Z " not in status:
            found.append(int(entry.name))
    return found


def _children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    out.append(int(entry.name))
            except (OSError, ValueError, IndexError):
                continue
    return out


def reap_orphans(home: Path, grace: float = 5) -> list[int]:
    """Wait ``grace`` seconds for the killed build's workers to end; SIGKILL (by pid) those that do not,
    so that the next steps run on a quiet machine.  Returns the pids that outlived the grace period."""
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline and _orphans(home):
        time.sleep(0.1)
    left = _orphans(home)
    for pid in left:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    return left


def make_corpus(folder: Path, docs: int) -> Path:
    """A synthetic corpus (with ground truth), or the seeds with variations while synth is not there.

    Synthetic corpora hold documents of one province and symbol whose date the extractor misses
    (one document key, several files): the kill test covers them too."""
    if dkg_has("synth"):
        result = run_dkg("synth", "--docs", docs, "--seed", 6, "--out", folder)
        assert result.returncode == 0, result.stderr
    else:
        variant_corpus(folder, docs)
    return folder


def shared_graphs(home: Path) -> dict[str, list[str]]:
    manifest = json.loads((home / "manifest.json").read_text(encoding="utf-8"))
    graphs: dict[str, list[str]] = {}
    for source, entry in manifest.items():
        graphs.setdefault(entry["graph"], []).append(source)
    return {graph: sources for graph, sources in graphs.items() if len(sources) > 1}


def clean_build(corpus: Path, home: Path) -> Reference:
    started = time.perf_counter()
    result = run_dkg("build", corpus, "--home", home, "-q", "-j", WORKERS)
    seconds = time.perf_counter() - started
    assert result.returncode == 0, result.stderr
    assert not shared_graphs(home), f"files sharing a document graph: {shared_graphs(home)}"
    return Reference(corpus, home, seconds, rdf_dump(home), graph_dump(home))


@pytest.fixture(scope="module")
def reference(tmp_path_factory, long) -> Reference:
    root = tmp_path_factory.mktemp("kill")
    corpus = make_corpus(root / "corpus", 200 if long else 70)
    return clean_build(corpus, root / "clean")


def kill_build(corpus: Path, home: Path, *, after: float | None = None, when_exists: str | None = None,
               with_workers: bool = False, timeout: float = 600) -> str:
    """Start ``dkg build`` and SIGKILL its main process (only it, as the OOM killer would) ``after``
    seconds, as soon as a new path matching the glob ``when_exists`` appears under ``home``, or as soon as
    it has worker processes (``with_workers``); returns what happened, for the log.  Workers that
    outlive it are reaped (see ``test_no_worker_outlives_a_killed_build``)."""
    existing = set(home.glob(when_exists)) if when_exists else set()
    proc = popen_dkg("build", corpus, "--home", home, "-q", "-j", WORKERS, output=subprocess.DEVNULL)
    started = time.monotonic()
    try:
        while proc.poll() is None and time.monotonic() - started < timeout:
            if after is not None and time.monotonic() - started >= after:
                break
            if when_exists is not None and set(home.glob(when_exists)) - existing:
                break
            if with_workers and _children(proc.pid):
                break
            time.sleep(0.005 if when_exists or with_workers else 0.02)
        finished = proc.poll() is not None
        if not finished:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    at = time.monotonic() - started
    reaped = reap_orphans(home)
    what = f"finished before the kill ({at:.1f} s)" if finished else f"killed at {at:.2f} s"
    return what + (f", {len(reaped)} orphaned workers reaped" if reaped else "")


def assert_stores_reopen_whole(home: Path, ref: Reference, previous: Reference | None = None) -> None:
    """After the kill: both stores open, and what they show is a complete build (the previous one or
    nothing, or the finished new one), never a part of one."""
    complete_rdf = {ref.rdf} | ({previous.rdf} if previous else set())
    complete_graph = {ref.graph} | ({previous.graph} if previous else set())
    if (home / "oxigraph").exists():
        with RdfStore.open(home) as store:                   # the build's own store, as a writer would
            store.count()
    if VersionedDir(home / "oxigraph-snapshots", prefix="snap").current() is not None:
        assert rdf_dump(home) in complete_rdf, "the readers' RDF snapshot is a partial build"
    if VersionedDir(home / "ladybug", prefix="db").current() is not None:
        graph = open_graph_store(home, engine="ladybug", read_only=True)
        try:
            graph.counts()
        finally:
            graph.close()
        assert graph_dump(home) in complete_graph, "the property graph is a partial build"


def assert_equal_to_clean(home: Path, ref: Reference) -> None:
    rdf = rdf_dump(home)
    assert rdf == ref.rdf, "RDF snapshot differs from a clean build: " + first_difference(rdf, ref.rdf)
    own = rdf_dump(home, snapshot=False)
    assert own == ref.rdf, "the build's RDF store differs from a clean build: " + first_difference(own, ref.rdf)
    graph = graph_dump(home)
    assert graph == ref.graph, "property graph differs from a clean build: " + first_difference(graph, ref.graph)
    versions = VersionedDir(home / "ladybug", prefix="db").versions()
    assert len(versions) == 1, f"half-built graph versions left behind: {versions}"


def kill_and_restart(ref: Reference, home: Path, **when) -> str:
    what = kill_build(ref.corpus, home, **when)
    assert_stores_reopen_whole(home, ref)
    result = run_dkg("build", ref.corpus, "--home", home, "-q", "-j", WORKERS)
    assert result.returncode == 0, result.stderr
    assert_equal_to_clean(home, ref)
    return what


def test_sigkill_at_a_random_moment_then_restart(reference, tmp_path):
    moment = random.Random(SEED).uniform(0.1, 0.9) * reference.seconds
    what = kill_and_restart(reference, tmp_path / "home", after=moment)
    print(f"\nclean build {reference.seconds:.1f} s; {what}")


@pytest.mark.slow
@pytest.mark.parametrize("point", range(6))
def test_sigkill_at_more_random_moments(reference, tmp_path, long, point):
    if not long:
        pytest.skip("more kill points run with --long or DKG_LONG=1")
    moment = random.Random(SEED + 1 + point).uniform(0.02, 1.0) * reference.seconds
    what = kill_and_restart(reference, tmp_path / "home", after=moment)
    print(f"\nkill point {point}: {what}")


@pytest.mark.slow
@pytest.mark.parametrize("where, glob", [
    ("while the RDF store is written", "oxigraph/*"),
    ("while the RDF snapshot is written", "oxigraph-snapshots/snap-*"),
    ("while the property graph is loaded", "ladybug/db-*/graph.lbug*"),
])
def test_sigkill_while_a_store_is_written(reference, tmp_path, long, where, glob):
    if not long:
        pytest.skip("kills at the store writes run with --long or DKG_LONG=1")
    what = kill_and_restart(reference, tmp_path / "home", when_exists=glob)
    print(f"\n{where}: {what}")


@pytest.mark.slow
@pytest.mark.parametrize("point", ["random", "graph"])
def test_sigkill_during_an_incremental_rebuild(tmp_path, long, point):
    """A corpus built, then changed (documents edited, one removed): kill the rebuild (at a random moment,
    or once the RDF store is updated and the property graph is being rebuilt), restart, compare with a
    clean build of the changed corpus."""
    if not long:
        pytest.skip("the incremental kill runs with --long or DKG_LONG=1")
    corpus = tmp_path / "corpus"
    make_corpus(corpus, 120)
    home = tmp_path / "home"
    before = clean_build(corpus, home)
    manifest = json.loads((home / "manifest.json").read_text(encoding="utf-8"))
    rng = random.Random(SEED)
    edited = rng.sample(sorted(source for source in manifest if source.endswith(".txt")), 10)
    for source in edited[:-1]:
        path = Path(source)
        path.write_text(path.read_text(encoding="utf-8") + "\nGiao Sở Nội vụ chủ trì theo dõi, báo cáo "
                        "Thường trực Tỉnh ủy trước ngày 30/6/2022.\n", encoding="utf-8")
    Path(edited[-1]).unlink()
    after = clean_build(corpus, tmp_path / "clean-after")
    if point == "random":
        what = kill_build(corpus, home, after=rng.uniform(0.03, 0.3) * after.seconds)
    else:
        what = kill_build(corpus, home, when_exists="ladybug/db-*/graph.lbug*")
    assert_stores_reopen_whole(home, after, previous=before)
    result = run_dkg("build", corpus, "--home", home, "-q", "-j", WORKERS)
    assert result.returncode == 0, result.stderr
    assert_equal_to_clean(home, after)
    print(f"\nincremental rebuild, {point}: {what}")


def test_no_worker_outlives_a_killed_build(reference, tmp_path):
    """Found by this suite: the extraction workers used to outlive a killed build forever (waiting on
    their task queue, holding its stdout open); they now die with it."""
    home = tmp_path / "home"
    what = kill_build(reference.corpus, home, with_workers=True)
    assert "orphaned" not in what, what
