"""`bench/run.py --quick` completes, prints a ratio for every benchmark and writes its results.

No timing is asserted here (speed targets are reported by the benchmarks, never tested): the test
checks that every benchmark ran to the end, printed its ratios against a baseline measured in the
same run, reported the issue's targets, and wrote a results file describing the machine.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
RUN = REPO / "bench" / "run.py"
EXPECTED = ("extraction", "build", "rdf", "store", "graph", "latency")
RATIO = re.compile(r"^RATIO (\w+): .+ = (\d[\d,]*\.\d+)x \(baseline: .+\)$", re.M)
TARGET = re.compile(r"^TARGET (\w+): .+: (met|NOT met|not measured) \(.+\)$", re.M)


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess, Path]:
    tmp = tmp_path_factory.mktemp("bench")
    results = tmp / "RESULTS.md"
    done = subprocess.run([sys.executable, str(RUN), "--quick", "--work", str(tmp / "work"),
                           "--results", str(results)], cwd=REPO, capture_output=True, text=True, timeout=900)
    return done, results


def test_quick_run_completes(quick_run) -> None:
    done, _ = quick_run
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "FAILED" not in done.stdout
    for name in EXPECTED:
        assert f"== {name}: " in done.stdout, f"{name} did not finish"


def test_every_benchmark_prints_ratios(quick_run) -> None:
    done, _ = quick_run
    ratios = RATIO.findall(done.stdout)
    assert {name for name, _ in ratios} == set(EXPECTED)
    for name, value in ratios:
        assert float(value.replace(",", "")) > 0, f"{name}: ratio {value}"


def test_targets_are_reported_not_asserted(quick_run) -> None:
    done, _ = quick_run
    reported = {name for name, _ in TARGET.findall(done.stdout)}
    assert {"extraction", "build", "graph", "latency"} <= reported


def test_results_file_describes_the_machine_and_each_benchmark(quick_run) -> None:
    _, results = quick_run
    text = results.read_text(encoding="utf-8")
    assert "<!-- bench:quick begin -->" in text and "<!-- bench:full begin -->" not in text
    assert re.search(r"- machine: \d+ cores \(.+\), .+ memory", text)
    assert re.search(r"- Python 3\.\d+\.\d+; rdflib [\d.]+, pyoxigraph [\d.]+", text)
    for name in EXPECTED:
        assert f"<!-- bench:quick:{name} begin -->" in text
        block = text.split(f"<!-- bench:quick:{name} begin -->")[1].split(f"<!-- bench:quick:{name} end -->")[0]
        assert "| ratio | value | baseline (same run) |" in block
        assert "peak MB" in block


def test_only_rewrites_its_own_block(quick_run, tmp_path: Path) -> None:
    """--only NAME replaces that benchmark's block and keeps the others as they were."""
    done, results = quick_run
    copy = tmp_path / "RESULTS.md"
    before = results.read_text(encoding="utf-8")
    copy.write_text(before + "\nHand-written analysis stays.\n", encoding="utf-8")
    work = results.parent / "work"
    again = subprocess.run([sys.executable, str(RUN), "--quick", "--only", "graph", "--work", str(work),
                            "--results", str(copy)], cwd=REPO, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stdout[-3000:] + again.stderr[-3000:]
    after = copy.read_text(encoding="utf-8")
    assert "Hand-written analysis stays." in after

    def block(text: str, name: str) -> str:
        return text.split(f"<!-- bench:quick:{name} begin -->")[1].split(f"<!-- bench:quick:{name} end -->")[0]

    assert block(after, "extraction") == block(before, "extraction")
    assert "| ratio | value | baseline (same run) |" in block(after, "graph")
    assert "by a run of graph (" in after and "by a run of extraction, build" not in after
