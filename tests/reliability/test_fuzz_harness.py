"""The fuzz harness (``fuzz_read_extract.py``) as a test: a short round by default, 10,000 cases with
``--long`` / ``DKG_LONG=1`` (``DKG_FUZZ_CASES`` overrides the number, ``DKG_FUZZ_SEED`` the seed)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import fuzz_read_extract as harness

HARNESS = Path(harness.__file__)


def test_fuzz_read_and_extract(long, tmp_path):
    cases = int(os.environ.get("DKG_FUZZ_CASES", "10000" if long else "300"))
    seed = int(os.environ.get("DKG_FUZZ_SEED", "0"))
    report = harness.fuzz(cases, seed, keep=tmp_path / "crashes")
    print("\n" + report.summary())
    assert report.cases == cases
    assert not report.crashes, report.summary() + "\n" + "\n".join(f"{n}: {e}" for n, e in report.crashes[:10])
    # the generator reaches both outcomes and the extractor finds things: the round tested something
    assert report.read > cases // 2 and sum(report.refused.values()) > cases // 20
    assert report.citations > cases and report.tasks > cases // 10


def test_the_same_seed_gives_the_same_cases():
    import random

    first = [harness.make_case(random.Random(5), i) for i in range(3)]
    again = [harness.make_case(random.Random(5), i) for i in range(3)]
    assert first == again


def test_the_harness_runs_as_a_script(tmp_path):
    result = subprocess.run([sys.executable, str(HARNESS), "--cases", "20", "--seed", "9", "--quiet",
                             "--keep", str(tmp_path / "crashes")], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("20 cases in ")
