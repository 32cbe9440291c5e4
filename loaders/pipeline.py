"""The build, one visible pipeline: read → extract → resolve → RDF → validate → stores.

    build(paths, home) -> BuildSummary

1. **read + extract** every file (in worker processes for large corpora). The extraction of a file
   is cached under ``home/cache`` by the SHA-256 of its bytes and of its meta file, with the text
   its spans point into (so the RDF step reads no file), and an unchanged file is never extracted
   twice; the workers return only its ``DocumentFacts`` (what resolution needs), kept in
   ``home/facts.msgpack`` with the file's size and time, so that the next build does not even read
   a file whose size and time did not change.
2. **resolve**: the corpus-wide decisions (document and citation keys, meetings, fulfilments of
   tasks) from every document's facts, one ``Outcome`` per document (``loaders.resolve.corpus``).
3. **RDF + validate** each document whose file or outcome changed since the last build (the hash
   of both is in the manifest): its extraction is read from the cache and its keys filled from its
   outcome in the RDF workers; a document that violates the shapes is reported and kept out.
4. **stores**: the changed named graphs replace the old ones in the RDF store as the RDF workers
   yield them, ``STORE_CHUNK`` at a time (each graph whole or not at all; each chunk's manifest
   entries are appended to ``manifest.journal`` after it is written, so the manifest never names a
   graph the store lacks; ``manifest.json`` is written once, at the end), graphs of files that disappeared
   from the corpus are removed, and one snapshot is published for readers at the end.  Then the
   property graph and the search index are brought up to it: left alone when no graph changed,
   updated for the changed graphs when few did, rebuilt in full otherwise (``views.update_views``).
   ``home/store-pending.txt`` lists the graphs written since the last publish: after a killed
   build, the next one removes those no manifest entry owns and publishes.

A bad file never stops the build: it is listed in ``BuildSummary.failed`` with the reason.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import msgspec

from loaders.extract import extract
from loaders.extract.model import Extraction, extraction_from_dict
from loaders.memory import release_memory
from loaders.rdf.build import build_triples, canonical_ntriples, graph_iri
from loaders.rdf.reference import reference_graph, reference_graph_iri, without_reference
from loaders.rdf.validate import ValidationReport, validate, validate_triples
from loaders.read import ReadError, discover, read_file
from loaders.read.meta import meta_paths, read_meta
from loaders.resolve.corpus import DocumentFacts, Outcome, apply, decide, facts_of
from loaders.stores.pg_mapping import Schema
from loaders.stores.rdf_store import RdfStore, canonical_graph
from loaders.stores.versions import Lease
from loaders.stores.views import hold_views_snapshot, load_schema, rebuild_views, update_views

Progress = Callable[[str, int, int], None]   # (stage, done, total)
PARALLEL_FROM = 64    # below this many files, worker processes cost more than they save


@cache
def extractor_fingerprint() -> str:
    """A hash of the reading and extraction code and of the gazetteer: a cached extraction made by
    other code or other rules is never reused."""
    root = Path(__file__).resolve().parent
    files = sorted([*root.glob("read/**/*.py"), *root.glob("read/data/*"), *root.glob("extract/*.py"),
                    *(root.parent / "data" / "gazetteer").glob("*.yaml")])
    h = hashlib.sha256()
    for f in files:
        h.update(f.name.encode())
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


REFERENCE_ENTRY = "<gazetteer>"   # the manifest's entry for the reference graph


@dataclass
class BuildSummary:
    files: int = 0
    extracted: int = 0
    reused: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)       # (file, reason)
    invalid: list[ValidationReport] = field(default_factory=list)
    loaded: int = 0          # named graphs written in this build
    unchanged: int = 0
    removed: int = 0
    documents: int = 0       # named graphs in the store after the build
    mapping_problems: list[str] = field(default_factory=list)   # RDF the property graph cannot hold
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failed and not self.invalid


def _sha(path: Path) -> str:
    h = hashlib.sha256(extractor_fingerprint().encode())
    h.update(path.read_bytes())
    for meta in meta_paths(path):
        if meta.is_file():
            h.update(meta.read_bytes())
    return h.hexdigest()


def _extract_one(path: str, cache_dir: str) -> tuple[str, DocumentFacts | None, str | None, str | None,
                                                 tuple[int, int] | None]:
    """(path, facts, sha, status or error, (size, mtime_ns)) of one file; run in a worker process.
    The extraction itself goes to ``cache_dir`` (by content hash) for the RDF step."""
    p = Path(path)
    try:
        st = p.stat()                  # before the hash: a later change shows in the next build's stat
        sha = _sha(p)
    except OSError as error:
        return path, None, None, f"{path}: không đọc được tệp ({error.strerror or error})", None
    stat = (st.st_size, st.st_mtime_ns)
    status = "cached"
    x = _cached(path, sha, Path(cache_dir))
    if x is None:
        status = None
        try:
            text = read_file(p)
            x = extract(text)
        except ReadError as error:
            return path, None, sha, error.vi, stat
        except Exception as error:  # noqa: BLE001 - one bad file must not stop the build
            return path, None, sha, f"{path}: trích xuất lỗi ({type(error).__name__}: {error})"[:400], stat
        cached = Path(cache_dir) / f"{sha}.json"
        tmp = cached.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(_cache_entry(x, text.display))
        os.replace(tmp, cached)
    try:
        return path, facts_of(x, _meta_of(path)), sha, status, stat
    except ValueError as error:       # a meta file's done: naming no task of the document
        return path, None, sha, str(error)[:400], stat
    except Exception as error:  # noqa: BLE001 - one bad file must not stop the build
        return path, None, sha, f"{path}: đối chiếu lỗi ({type(error).__name__}: {error})"[:400], stat


def _cache_entry(x: Extraction, display: str) -> bytes:
    """The cache's JSON of an extraction: ``x.to_dict()`` and, under ``"display"``, the text its spans
    point into (what the RDF step quotes), so that the RDF step need not read the file again."""
    try:
        return msgspec.json.encode({**x.to_dict(), "display": display})
    except UnicodeEncodeError:      # a lone surrogate in the text: the RDF step reads the file
        return msgspec.json.encode(x)


def _cached(source: str, sha: str | None, cache: Path) -> Extraction | None:
    """The cached extraction of a file's content, or None."""
    return _cached_with_display(source, sha, cache)[0]


def _cached_with_display(source: str, sha: str | None, cache: Path) -> tuple[Extraction | None, str | None]:
    """The cached extraction of a file's content and the display text it was made from (None when
    the entry, made by an older build, lacks it); (None, None) when there is none."""
    if not sha:
        return None, None
    try:
        data = json.loads((cache / f"{sha}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None, None
    if not isinstance(data, dict):
        return None, None     # a damaged entry: the file is extracted again
    display = data.pop("display", None)
    data["source"] = source   # a byte-identical copy elsewhere is another file
    try:
        return extraction_from_dict(data), display if isinstance(display, str) else None
    except msgspec.ValidationError:
        return None, None


def _graph_one(source: str, sha: str | None, outcome: Outcome, cache_dir: str
               ) -> tuple[str, str, bytes | None, ValidationReport | None, str | None]:
    """(source, graph IRI, canonical N-Triples, report, error) of one document: its extraction (from
    the cache, else extracted again) with the keys of its outcome. The file is read only when the
    cache lacks its extraction or its text: the cache entry holds the text the spans point into."""
    try:
        x, display = _cached_with_display(source, sha, Path(cache_dir))
        if x is None or display is None:
            text = read_file(Path(source))
            x = x or extract(text)
            display = text.display
        apply(x, outcome)
        triples = build_triples(x, display)
        report = validate_triples(triples)
        giri = str(graph_iri(x))
        stored = without_reference(triples, x.document.province)
        return x.source, giri, canonical_graph(giri, canonical_ntriples(stored)), report, None
    except ReadError as error:
        return source, "", None, None, error.vi
    except Exception as error:  # noqa: BLE001
        return source, "", None, None, f"{source}: dựng RDF lỗi ({type(error).__name__}: {error})"[:400]


def _map(fn, items: list, workers: int | None, progress: Progress | None, stage: str) -> Iterable:
    total = len(items)
    if progress:
        progress(stage, 0, total)
    if total >= PARALLEL_FROM and (workers or os.cpu_count() or 1) > 1:
        with ProcessPoolExecutor(max_workers=workers, initializer=_die_with_parent) as pool:
            for i, result in enumerate(pool.map(fn, *zip(*items, strict=True), chunksize=16), 1):
                if progress:
                    progress(stage, i, total)
                yield result
    else:
        for i, args in enumerate(items, 1):
            yield fn(*args)
            if progress:
                progress(stage, i, total)


def _die_with_parent() -> None:
    """Worker processes end when the build is killed (Linux PR_SET_PDEATHSIG), never linger."""
    try:
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)   # 1 = PR_SET_PDEATHSIG
        if os.getppid() == 1:
            os._exit(1)   # the parent died before the call took effect
    except (OSError, AttributeError):
        pass


class Manifest:
    """What the store holds, per source file: its content hash and the hash of its graph.

    ``manifest.json`` is written whole at the end of a build; during it, each store write appends
    its entries to ``manifest.journal`` (one JSON line each, synced), which loading replays, so a
    build writes the manifest once instead of once per chunk."""

    def __init__(self, home: Path) -> None:
        self.path = home / "manifest.json"
        self.journal = home / "manifest.journal"
        self.entries: dict[str, dict] = {}
        self._pending: list[tuple[str, dict | None]] = []
        if self.path.exists():
            self.entries = json.loads(self.path.read_text(encoding="utf-8"))
        if self.journal.exists():
            for line in self.journal.read_text(encoding="utf-8").splitlines():
                try:
                    source, entry = json.loads(line)
                except ValueError:
                    break                     # a line torn by a kill: the rest was never written
                if entry is None:
                    self.entries.pop(source, None)
                else:
                    self.entries[source] = entry

    def set(self, source: str, entry: dict) -> None:
        self.entries[source] = entry
        self._pending.append((source, entry))

    def remove(self, source: str) -> None:
        self.entries.pop(source, None)
        self._pending.append((source, None))

    def commit(self) -> None:
        """Append the changes since the last commit to the journal (after the store holds them)."""
        if not self._pending:
            return
        with open(self.journal, "a", encoding="utf-8") as handle:
            handle.write("".join(json.dumps(item, ensure_ascii=False) + "\n" for item in self._pending))
            handle.flush()
            os.fsync(handle.fileno())
        self._pending = []

    def save(self) -> None:
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.entries, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
        os.replace(tmp, self.path)
        self.journal.unlink(missing_ok=True)
        self._pending = []


@cache
def graph_fingerprint() -> str:
    """A hash of the code and rules that turn a file's extraction into its graph (resolution, RDF,
    ontology and shapes): graphs made by other code are rebuilt."""
    root = Path(__file__).resolve().parent
    files = sorted([*root.glob("resolve/*.py"), *root.glob("rdf/*.py"), *(root.parent / "ontology").glob("*.ttl")])
    h = hashlib.sha256(extractor_fingerprint().encode())
    for f in files:
        h.update(f.name.encode())
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


_OUTCOME_BYTES = msgspec.msgpack.Encoder()


def _resolved_hash(sha: str | None, outcome: Outcome) -> str:
    """What a document's graph is made of: its file's content (``sha``), what the corpus decided
    for it and the code: its graph is rebuilt when this changes."""
    h = hashlib.sha256(f"{graph_fingerprint()}:{sha}:".encode())
    h.update(_OUTCOME_BYTES.encode(outcome))
    return h.hexdigest()


RACY_NS = 2_000_000_000     # a file changed this close to the last stat may change again unseen


class FactsState:
    """``home/facts.msgpack``: per source file, its size and time when last read, its content hash
    and its ``DocumentFacts``, so that the next build reads only the files that changed.  A file
    whose time is within ``RACY_NS`` of the last build's start is hashed again (its time cannot
    prove it unchanged); a state made by other code, or unreadable, is ignored (the build then
    hashes every file, as it would without it)."""

    def __init__(self, home: Path) -> None:
        self.path = home / "facts.msgpack"
        self.taken_ns = 0
        self.files: dict[str, tuple[tuple[int, int], str, DocumentFacts]] = {}
        try:
            data = _STATE_DECODER.decode(self.path.read_bytes())
        except (OSError, msgspec.DecodeError, msgspec.ValidationError):
            return
        if data.fingerprint == graph_fingerprint():
            self.taken_ns, self.files = data.taken_ns, data.files

    def trusted(self, source: str) -> tuple[tuple[int, int], str, DocumentFacts] | None:
        known = self.files.get(source)
        if known is None:
            return None
        try:
            st = os.stat(source)
        except OSError:
            return None
        if (st.st_size, st.st_mtime_ns) != tuple(known[0]) or st.st_mtime_ns >= self.taken_ns - RACY_NS:
            return None
        return (st.st_size, st.st_mtime_ns), known[1], known[2]

    def recorded(self, source: str, sha: str | None) -> DocumentFacts | None:
        known = self.files.get(source)
        return known[2] if known is not None and known[1] == sha else None

    def save(self, files: dict, kept: dict, taken_ns: int) -> None:
        data = _State(fingerprint=graph_fingerprint(), taken_ns=taken_ns, files={**kept, **files})
        tmp = self.path.with_suffix(".tmp")
        tmp.write_bytes(msgspec.msgpack.encode(data))
        os.replace(tmp, self.path)


class _State(msgspec.Struct):
    fingerprint: str
    taken_ns: int
    files: dict[str, tuple[tuple[int, int], str, DocumentFacts]]


_STATE_DECODER = msgspec.msgpack.Decoder(_State)


def build(paths: Iterable[str | Path], home: Path, workers: int | None = None,
          progress: Progress | None = None, prune: bool = True) -> BuildSummary:
    started = time.perf_counter()
    summary = BuildSummary()
    roots = [Path(p).resolve() for p in paths]
    graphs, held = _build_rdf(roots, home, workers, progress, prune, summary)
    release_memory()       # the facts, outcomes and manifest of the corpus are gone: hand their pages back
    try:
        summary.mapping_problems = refresh_views(home, progress, graphs=graphs, previous=held)
    finally:
        if held is not None:
            held.release()
    summary.seconds = time.perf_counter() - started
    _write_report(home, roots, summary)
    return summary


def _build_rdf(roots: list[Path], home: Path, workers: int | None, progress: Progress | None, prune: bool,
               summary: BuildSummary) -> tuple[dict[str, str], Lease | None]:
    """Steps 1–4 of ``build``: extract, resolve, RDF + validate, the RDF store (published). Returns
    the content hash of each stored graph and the hold on the snapshot the views showed before."""
    home.mkdir(parents=True, exist_ok=True)
    cache = home / "cache"
    cache.mkdir(exist_ok=True)
    files = discover(roots)
    summary.files = len(files)
    manifest = Manifest(home)

    # 1. read + extract: a file whose size and time are as the facts state recorded them is not read
    #    again; the others are hashed, and extracted unless the cache has their content
    state = FactsState(home)
    taken_ns = time.time_ns()
    facts: dict[str, DocumentFacts] = {}
    shas: dict[str, str] = {}
    stats: dict[str, tuple[int, int]] = {}
    jobs = []
    for f in files:
        known = state.trusted(str(f))
        if known is None:
            jobs.append((str(f), str(cache)))
            continue
        stats[str(f)], shas[str(f)], facts[str(f)] = known
        summary.reused += 1
    for path, one, sha, status, stat in _map(_extract_one, jobs, workers, progress, "extract"):
        if one is None:
            summary.failed.append((path, status or "unknown error"))
            continue
        summary.reused += status == "cached"
        summary.extracted += status != "cached"
        facts[path], shas[path], stats[path] = one, sha, stat
    ordered = [facts[str(f)] for f in files if str(f) in facts]
    # documents loaded earlier from elsewhere take part in resolution too (identity is corpus-wide)
    for source, entry in manifest.entries.items():
        if source == REFERENCE_ENTRY or source in facts or any(_is_under(Path(source), r) for r in roots):
            continue
        one = state.recorded(source, entry.get("sha"))
        if one is None:
            x = _cached(source, entry.get("sha"), cache)
            one = facts_of(x, _meta_of(source)) if x is not None else None
        if one is not None:
            facts[source], shas[source] = one, entry.get("sha")
            ordered.append(one)

    # 2. resolve: the corpus-wide decisions from the facts alone (each document's keys are filled
    #    from its outcome in the RDF workers)
    if progress:
        progress("resolve", 0, 1)
    outcomes = decide(ordered)
    if progress:
        progress("resolve", 1, 1)

    # 3. RDF + validate what changed, 4. stores: graphs go to the RDF store as the workers yield them,
    # STORE_CHUNK at a time (memory bounded by a chunk, not the corpus)
    todo = []
    hashes: dict[str, str] = {}
    for one, outcome in zip(ordered, outcomes, strict=True):
        h = _resolved_hash(shas.get(one.source), outcome)
        hashes[one.source] = h
        entry = manifest.entries.get(one.source)
        if entry and entry.get("resolved") == h:
            summary.unchanged += 1
            continue
        todo.append((one.source, shas.get(one.source), outcome, str(cache)))
    # the gazetteer's reference facts for the provinces of the corpus (organ tree, group members,
    # provinces and their successors): one named graph, replaced when it changes
    provinces = sorted({one.province for one in ordered if one.province})
    reference = reference_graph(provinces)
    ref_nt = canonical_ntriples(reference)
    ref_hash = hashlib.sha256(ref_nt).hexdigest()
    ref_changed = manifest.entries.get(REFERENCE_ENTRY, {}).get("resolved") != ref_hash
    ref_report = validate(reference) if ref_changed else None
    del reference

    with RdfStore.open(home) as store:
        writes = _PendingWrites(home)
        chunk = _Chunk(store, manifest, writes, summary)
        for source, giri, nt, report, error in _map(_graph_one, todo, workers, progress, "rdf"):
            if error:
                summary.failed.append((source, error))
                continue
            if report is not None and not report.conforms:
                report.source = report.source or source
                summary.invalid.append(report)
                continue
            chunk.add(source, giri, nt, {"graph": giri, "resolved": hashes[source],
                                         "sha": shas.get(source) or manifest.entries.get(source, {}).get("sha")})
        del todo
        if progress:
            progress("store", 0, 1)
        if ref_report is not None:
            report = ref_report
            if report.conforms:
                chunk.add(REFERENCE_ENTRY, str(reference_graph_iri()), ref_nt,
                          {"graph": str(reference_graph_iri()), "resolved": ref_hash})
            else:
                report.source = "data/gazetteer"
                summary.invalid.append(report)
        chunk.flush()
        if prune:
            present = set(facts) | {f for f, _ in summary.failed}
            for source, entry in list(manifest.entries.items()):
                if source == REFERENCE_ENTRY:
                    continue
                inside = any(_is_under(Path(source), r) for r in roots)
                if inside and source not in present:
                    writes.note([entry["graph"]])
                    store.remove_document(entry["graph"])
                    manifest.remove(source)
                    summary.removed += 1
        # graphs a killed build wrote (or half wrote) that no manifest entry owns: removed
        recorded = {e["graph"] for e in manifest.entries.values()}
        for graph in writes.orphans(recorded):
            store.remove_document(graph)
        summary.documents = len([g for g in store.documents() if g != str(reference_graph_iri())])
        manifest.save()
        state.save({source: (stats[source], shas[source], one) for source, one in facts.items() if source in stats},
                   {source: known for source, known in state.files.items()
                    if source in manifest.entries and source not in stats}, taken_ns)
        held = hold_views_snapshot(home)   # what the views show now, for an incremental update
        if writes.pending:
            if summary.loaded >= COMPACT_AFTER:
                store.compact()    # one set of files instead of one per chunk: every later read is faster
            store.publish()        # readers see the new graphs all at once, at the end
            writes.done()
        if progress:
            progress("store", 1, 1)
    return {e["graph"]: e.get("resolved", "") for e in manifest.entries.values()}, held


STORE_CHUNK = 500            # graphs per store transaction
COMPACT_AFTER = 2000         # a build that wrote this many graphs compacts the store before publishing


class _PendingWrites:
    """``home/store-pending.txt``: the graph IRIs the build's store was changed in since the last
    publish, written before they are.  While it exists the store holds changes readers have not seen
    (a killed build); the next build removes those graphs no manifest entry owns, then publishes."""

    def __init__(self, home: Path) -> None:
        self.path = home / "store-pending.txt"
        self.pending = self.path.exists()

    def note(self, graphs: list[str]) -> None:
        with open(self.path, "a", encoding="utf-8") as handle:
            handle.write("".join(g + "\n" for g in graphs))
            handle.flush()
            os.fsync(handle.fileno())
        self.pending = True

    def orphans(self, recorded: set[str]) -> list[str]:
        if not self.path.exists():
            return []
        noted = set(self.path.read_text(encoding="utf-8").split())
        return sorted(noted - recorded)

    def done(self) -> None:
        self.path.unlink(missing_ok=True)
        self.pending = False


class _Chunk:
    """Graphs waiting to be written: each ``flush`` writes them (each graph all or nothing), then
    records them in the manifest, which therefore never names a graph the store lacks."""

    def __init__(self, store: RdfStore, manifest: Manifest, writes: _PendingWrites, summary: BuildSummary,
                 size: int | None = None) -> None:
        self.store, self.manifest, self.writes, self.summary = store, manifest, writes, summary
        self.size = size or STORE_CHUNK
        self.items: list[tuple[str, str, bytes, dict]] = []

    def add(self, source: str, graph: str, nt: bytes, entry: dict) -> None:
        self.items.append((source, graph, nt, entry))
        if len(self.items) >= self.size:
            self.flush()

    def flush(self) -> None:
        if not self.items:
            return
        entries = self.manifest.entries
        self.writes.note([g for _, g, _, _ in self.items])
        self.store.replace_documents([(g, nt) for _, g, nt, _ in self.items], fmt="nt", bulk=True)
        new_graphs = {g for _, g, _, _ in self.items}
        for source, graph, _, entry in self.items:
            old = entries.get(source, {}).get("graph")
            if old and old != graph and old not in new_graphs and not any(
                    old == e["graph"] for s, e in entries.items() if s != source):
                self.writes.note([old])
                self.store.remove_document(old)   # the file's facts moved to another graph (its key changed)
            self.manifest.set(source, entry)
            self.summary.loaded += source != REFERENCE_ENTRY
        self.items = []
        self.manifest.commit()


def _write_report(home: Path, roots: list[Path], summary: BuildSummary) -> None:
    """``home/build-report.json``: what the last build did, for `dkg app` (status page) and for scripts."""
    report = {
        "time": time.strftime("%Y-%m-%dT%H:%M:%S"), "paths": [str(r) for r in roots],
        "files": summary.files, "extracted": summary.extracted, "reused": summary.reused,
        "loaded": summary.loaded, "unchanged": summary.unchanged, "removed": summary.removed,
        "documents": summary.documents, "seconds": round(summary.seconds, 2),
        "failed": [list(f) for f in summary.failed],
        "invalid": [r.describe() for r in summary.invalid],
        "mapping_problems": summary.mapping_problems,
    }
    tmp = home / "build-report.json.tmp"
    tmp.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, home / "build-report.json")


def _is_under(path: Path, root: Path) -> bool:
    text, top = str(path), str(root)
    if text == top or text.startswith(top.rstrip(os.sep) + os.sep):
        return True                       # as written (a build lists its files under its roots): no resolve
    try:
        path.resolve().relative_to(root)
        return True
    except ValueError:
        return path.resolve() == root


def _meta_of(source: str) -> dict:
    try:
        return read_meta(Path(source)) or {}
    except ReadError:
        return {}


@cache
def property_graph_schema() -> Schema:
    """The property-graph schema, generated from the ontology once per process."""
    return load_schema()


def refresh_views(home: Path, progress: Progress | None = None, engine: str | None = None,
                  graphs: dict[str, str] | None = None, previous: Lease | None = None) -> list[str]:
    """Bring the property graph and the search index up to the published RDF snapshot: nothing when
    they show it already, an update of what changed when little did, else a full rebuild
    (``views.update_views``); without ``graphs`` (graph IRI → content hash), always a full rebuild.

    Returns the mapping's problems (what the ontology does not cover), for the build summary.
    """
    if progress:
        progress("graph", 0, 1)
    if graphs is None:
        views = rebuild_views(home, engine=engine, schema=property_graph_schema())
    else:
        views = update_views(home, graphs, previous=previous, engine=engine, schema=property_graph_schema())
    if progress:
        progress("graph", 1, 1)
    return views.problems
