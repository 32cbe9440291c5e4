"""Issue 7 (scale): the build resolves from each file's facts and keeps them between builds.

* a file whose size and time did not change is not read again (``home/facts.msgpack``), but one
  changed within the racy window of the last build is, even with the same size;
* a document whose own file did not change is rebuilt when what the corpus decides for it changed
  (a document it cites appears or goes), and every incremental build equals a build from scratch;
* a lost or foreign state only costs time.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from pathlib import Path

import pytest

import loaders.pipeline as pipeline
from dkg.synth.generate import generate
from loaders.pipeline import FactsState, build
from loaders.resolve.corpus import decide

sys.path.insert(0, str(Path(__file__).parent / "reliability"))
from rel_support import rdf_dump  # noqa: E402

HOUR_AGO_NS = time.time_ns() - 3600 * 10**9


@pytest.fixture(scope="module")
def synth(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "all"
    generate(out, documents=40, provinces=4, seed=5)
    return out


def _corpus(synth: Path, folder: Path) -> Path:
    folder.mkdir(parents=True)
    for f in sorted(synth.glob("*.txt")):
        shutil.copy(f, folder / f.name)
        os.utime(folder / f.name, ns=(HOUR_AGO_NS, HOUR_AGO_NS))   # outside the racy window
    return folder


def _counting(monkeypatch) -> list[str]:
    read: list[str] = []
    real = pipeline._extract_one

    def counted(path: str, cache_dir: str):
        read.append(Path(path).name)
        return real(path, cache_dir)

    monkeypatch.setattr(pipeline, "_extract_one", counted)
    return read


def _resolved(home: Path) -> dict[str, str]:
    return {Path(s).name: e["resolved"] for s, e in json.loads((home / "manifest.json").read_text()).items()
            if "sha" in e}


def _fresh(corpus: Path, tmp_path: Path, name: str) -> bytes:
    home = tmp_path / name
    build([corpus], home, workers=1)
    return rdf_dump(home)


def test_unchanged_files_are_not_read_and_a_racy_change_is_seen(synth, tmp_path, monkeypatch):
    corpus = _corpus(synth, tmp_path / "corpus")
    home = tmp_path / "home"
    build([corpus], home, workers=1)
    assert len(FactsState(home).files) == 40

    read = _counting(monkeypatch)
    summary = build([corpus], home, workers=1)
    assert read == [] and summary.reused == 40 and summary.loaded == 0

    # the same size, written just after the build: its time is in the racy window, so it is hashed
    victim = sorted(corpus.glob("*.txt"))[7]
    text = victim.read_text(encoding="utf-8")
    at = next(i for i in range(text.index("Số:"), len(text)) if text[i].isdigit())
    changed = text[:at] + ("7" if text[at] != "7" else "8") + text[at + 1:]   # another number
    assert changed != text and len(changed.encode()) == len(text.encode())
    victim.write_text(changed, encoding="utf-8")
    st = victim.stat()
    os.utime(victim, ns=(st.st_atime_ns, time.time_ns()))
    read.clear()
    build([corpus], home, workers=1)
    assert victim.name in read
    assert rdf_dump(home) == _fresh(corpus, tmp_path, "fresh")


def test_a_document_is_rebuilt_when_what_it_cites_appears_or_goes(synth, tmp_path, monkeypatch):
    corpus = _corpus(synth, tmp_path / "corpus")
    home = tmp_path / "home"
    build([corpus], home, workers=1)
    facts = [known[2] for known in FactsState(home).files.values()]
    outcomes = decide(facts)
    by_key = {o.key: f.source for f, o in zip(facts, outcomes, strict=True)}
    pairs = [(f.source, by_key[key]) for f, o in zip(facts, outcomes, strict=True)
             for key, resolved in o.citations if resolved and by_key.get(key) not in (None, f.source)]
    assert pairs, "the synthetic corpus has citation chains between its documents"
    citing, cited = (Path(p) for p in pairs[0])
    before = _resolved(home)

    kept = tmp_path / cited.name
    shutil.move(cited, kept)
    read = _counting(monkeypatch)
    build([corpus], home, workers=1)
    assert read == []                                 # no file was read: the citing one is rebuilt from its facts
    after = _resolved(home)
    assert cited.name not in after
    assert after[citing.name] != before[citing.name]  # its citation no longer resolves
    assert rdf_dump(home) == _fresh(corpus, tmp_path, "without")

    shutil.move(kept, cited)
    build([corpus], home, workers=1)
    assert _resolved(home)[citing.name] == before[citing.name]
    assert rdf_dump(home) == _fresh(corpus, tmp_path, "with")


def test_a_lost_or_foreign_state_only_costs_time(synth, tmp_path, monkeypatch):
    corpus = _corpus(synth, tmp_path / "corpus")
    home = tmp_path / "home"
    build([corpus], home, workers=1)
    dump = rdf_dump(home)
    read = _counting(monkeypatch)
    (home / "facts.msgpack").write_bytes(b"\x00 not msgpack")
    summary = build([corpus], home, workers=1)
    assert len(read) == 40 and summary.loaded == 0 and rdf_dump(home) == dump
    monkeypatch.setattr(pipeline, "graph_fingerprint", lambda: "other code")
    read.clear()
    build([corpus], home, workers=1)
    assert len(read) == 40


def test_a_damaged_cache_entry_is_extracted_again(synth, tmp_path):
    corpus = _corpus(synth, tmp_path / "corpus")
    home = tmp_path / "home"
    build([corpus], home, workers=1)
    dump = rdf_dump(home)
    entries = sorted((home / "cache").glob("*.json"))
    entries[0].write_text("[1, 2]", encoding="utf-8")          # valid JSON, not an extraction
    entries[1].write_text('{"source": 3}', encoding="utf-8")   # an object of the wrong shape
    (home / "facts.msgpack").unlink()                          # every file is hashed and looked up again
    summary = build([corpus], home, workers=1)
    assert not summary.failed and summary.extracted == 2 and summary.reused == 38
    assert rdf_dump(home) == dump
