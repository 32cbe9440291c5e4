"""RDF build + SHACL validation per document: time per 1,000 documents at several corpus sizes N.

For each N a synthetic corpus of N documents is extracted (through a content-hash cache shared by
the benchmarks) and resolved as a whole, as the build does; then the build's own per-document step
(``pipeline._graph_one``: the extraction and the text its spans point into from the cache, build the
triples, validate them (the SHACL quick check; pyshacl when it finds a problem), serialise them as
sorted N-Triples) runs through the build's process pool on a random sample of at most
``rdf_timed`` of the N documents. The sample is what makes N = 10,000 affordable; the per-document
work depends on N only through the resolved keys, which come from the whole corpus.

The ratio (time per 1,000 at the largest N over the smallest) is 1.0 when the step is linear.
A one-core breakdown on a few documents shows where the time of a document goes.
"""

from __future__ import annotations

import random
import time
from pathlib import Path

from bench.common import Context, Memory, Result, Timer, corpus, loadavg, resolved_extractions, text_files

BREAKDOWN_DOCS = 40


def quads_path(ctx: Context, n: int) -> Path:
    return ctx.work / f"quads-{n}-s{ctx.sizes.seed}.nq"


def _as_nquads(nt: bytes, graph_iri: str) -> bytes:
    tail = f" <{graph_iri}> .".encode()
    return b"".join(line[:-2] + tail + b"\n" for line in nt.splitlines() if line)


def _reference_nquads(extractions: list) -> bytes:
    from loaders.rdf.reference import reference_graph, reference_graph_iri

    provinces = sorted({x.document.province for x in extractions if x.document.province})
    nt = reference_graph(provinces).serialize(format="nt", encoding="utf-8")
    return _as_nquads(nt, str(reference_graph_iri()))


def graphs(items: list[tuple], sink=None) -> tuple[int, int, int]:
    """Run the build's per-document RDF step on ``items``; (documents, invalid, failed).
    ``sink``: a binary file that receives every valid graph as N-Quads."""
    from loaders.pipeline import _graph_one, _map

    done = invalid = failed = 0
    for _source, giri, nt, report, error in _map(_graph_one, items, None, None, "rdf"):
        done += 1
        if error:
            failed += 1
        elif report is not None and not report.conforms:
            invalid += 1
        elif sink is not None:
            sink.write(_as_nquads(nt, giri))
    return done, invalid, failed


def write_quads(ctx: Context, n: int) -> Path:
    """The N-Quads of the valid graphs of the N-document corpus (+ the reference graph), for the
    store benchmark; made here when the RDF benchmark did not leave them."""
    path = quads_path(ctx, n)
    if path.exists():
        return path
    extractions, _, items = resolved_extractions(text_files(corpus(ctx, n)), ctx.xcache)
    tmp = path.with_suffix(".tmp")
    with open(tmp, "wb") as sink:
        graphs(items, sink)
        sink.write(_reference_nquads(extractions))
    tmp.replace(path)
    return path


def _breakdown(r: Result, extractions: list) -> None:
    """One core, in this process: where the time of one document goes."""
    from loaders.rdf.build import build_triples, canonical_ntriples
    from loaders.rdf.validate import validate_triples
    from loaders.read import read_file

    sample = extractions[:BREAKDOWN_DOCS]
    parts = {"read_file (the build takes the text from the cache instead)": 0.0, "build_triples": 0.0, "validate (quick pass; pyshacl if needed)": 0.0,
             "canonical N-Triples": 0.0}
    triples = 0
    for x in sample:
        t0 = time.perf_counter()
        text = read_file(x.source)
        t1 = time.perf_counter()
        facts = build_triples(x, text)
        t2 = time.perf_counter()
        validate_triples(facts)
        t3 = time.perf_counter()
        canonical_ntriples(facts)
        t4 = time.perf_counter()
        triples += len(facts)
        for key, dt in zip(parts, (t1 - t0, t2 - t1, t3 - t2, t4 - t3), strict=True):
            parts[key] += dt
    total = sum(parts.values())
    r.fig(f"one core, {len(sample)} documents ({triples / len(sample):.0f} triples each)",
          "; ".join(f"{k} {v / len(sample) * 1000:.1f} ms ({v / total:.0%})" for k, v in parts.items()))


def run(ctx: Context) -> Result:
    r = Result("rdf", "RDF build + SHACL validation per document")
    r.load.append(loadavg())
    mem = Memory(r)
    ns = ctx.sizes.rdf_ns
    r.ran = ", ".join(f"N = {n:,} (timed on {min(n, ctx.sizes.rdf_timed):,})" for n in ns) + \
        "; N = 100,000 not run (see the note)"
    per_1000: dict[int, float] = {}
    for n in ns:
        files = text_files(corpus(ctx, n))
        with mem.phase(f"N={n:,}: extract (cache) + resolve"):
            extractions, seconds, all_items = resolved_extractions(files, ctx.xcache)
        r.fig(f"N={n:,}: resolve {len(extractions):,} extractions", f"{seconds['resolve']:.2f} s "
              f"({seconds['resolve'] / len(extractions) * 1000:.2f} ms per document)")
        if seconds["failed files"]:
            r.note(f"N={n:,}: {seconds['failed files']:.0f} files failed extraction and were left out "
                   "(as the build leaves them out)")
        chosen = range(len(extractions)) if len(extractions) <= ctx.sizes.rdf_timed else \
            sorted(random.Random(ctx.sizes.seed).sample(range(len(extractions)), ctx.sizes.rdf_timed))
        sample = [extractions[i] for i in chosen]
        items = [all_items[i] for i in chosen]
        keep = n == ctx.sizes.store_docs and len(sample) == len(extractions) and not quads_path(ctx, n).exists()
        sink = open(quads_path(ctx, n).with_suffix(".tmp"), "wb") if keep else None
        try:
            with mem.phase(f"N={n:,}: RDF + SHACL of {len(items):,}"), Timer() as t:
                done, invalid, failed = graphs(items, sink)
            if sink is not None:
                sink.write(_reference_nquads(extractions))
        finally:
            if sink is not None:
                sink.close()
                quads_path(ctx, n).with_suffix(".tmp").replace(quads_path(ctx, n))
        per_1000[n] = t.seconds / done * 1000
        r.fig(f"N={n:,}: RDF + SHACL + N-Triples, all cores",
              f"{per_1000[n]:.1f} s per 1,000 documents ({done:,} in {t.seconds:.1f} s; "
              f"{invalid} invalid, {failed} failed)")
        if n == ns[0]:
            _breakdown(r, sample)
    if len(ns) > 1:
        r.ratio(f"time per 1,000 at N={ns[-1]:,} over N={ns[0]:,} (1.0 = linear)",
                per_1000[ns[-1]] / per_1000[ns[0]], f"time per 1,000 at N={ns[0]:,}")
    largest = per_1000[ns[-1]]
    r.fig("projected for 100,000 documents (all cores)", f"{largest * 100 / 60:.1f} min")
    r.note("N = 100,000 was not run: at the measured rate it alone would take "
           f"{largest * 100 / 60:.0f} minutes of the run's budget of about 20.")
    mem.close()
    r.load.append(loadavg())
    return r
