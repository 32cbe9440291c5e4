"""RDF store load and three SPARQL queries: pyoxigraph (the store) against rdflib's in-memory store.

The data: the valid named graphs of a synthetic corpus (written by the RDF benchmark) as N-Quads.
Loads compared:
* the build's path: ``RdfStore.replace_documents`` (each graph parsed and canonicalised by
  Oxigraph, then one ``Store.load`` transaction) into a fresh on-disk store;
* ``pyoxigraph.Store.load`` and ``Store.bulk_load`` of the N-Quads file, on disk;
* ``rdflib.Dataset(default_union=True).parse(format="nquads")`` in memory (the baseline).

Queries (the same text for both engines, over the union of the graphs), each for several
parameter values taken from the data: the documents citing a central document transitively
(``dkg:cites+``), the tasks of an organ with their role and document, and a province comparison
(how many documents of each of two provinces cite each central document).
"""

from __future__ import annotations

import gc
import shutil
import statistics
import time
from collections import defaultdict

from bench.common import Context, Memory, Result, Timer, loadavg
from bench.rdf_build import write_quads

DKG = "https://w3id.org/vn-directives/ontology#"
CENTRAL = "https://w3id.org/vn-directives/id/doc/vn/"
PREFIXES = f"PREFIX dkg: <{DKG}>\nPREFIX time: <http://www.w3.org/2006/time#>\n"
ROLES = "dkg:lead dkg:coordinator dkg:executor dkg:reportTo dkg:via dkg:monitor"

QUERIES = {
    "transitive citations": PREFIXES + "SELECT DISTINCT ?d WHERE { ?d dkg:cites+ <{a}> }",
    "tasks of an organ": PREFIXES + "SELECT DISTINCT ?task ?role ?doc ?due WHERE {\n"
    f"  VALUES ?role {{ {ROLES} }}\n"
    "  ?task ?role <{a}> ; dkg:assignedBy ?doc .\n"
    "  OPTIONAL { ?task dkg:hasDeadline/time:inXSDDate ?due } }",
    "province comparison": PREFIXES + "SELECT ?central (COUNT(DISTINCT ?d1) AS ?first) "
    "(COUNT(DISTINCT ?d2) AS ?second) WHERE {\n"
    "  { ?d1 dkg:inProvince <{a}> ; dkg:cites ?central } UNION { ?d2 dkg:inProvince <{b}> ; dkg:cites ?central }\n"
    f'  FILTER(STRSTARTS(STR(?central), "{CENTRAL}")) }}\nGROUP BY ?central ORDER BY ?central',
}
PICKS = {
    "transitive citations": PREFIXES + "SELECT ?a (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d dkg:cites ?a . "
    f'FILTER(STRSTARTS(STR(?a), "{CENTRAL}")) }} GROUP BY ?a ORDER BY DESC(?n) ?a LIMIT {{k}}',
    "tasks of an organ": PREFIXES + "SELECT ?a (COUNT(DISTINCT ?t) AS ?n) WHERE { "
    f"VALUES ?role {{ {ROLES} }} ?t ?role ?a }} GROUP BY ?a ORDER BY DESC(?n) ?a LIMIT {{k}}",
    "province comparison": PREFIXES + "SELECT ?a (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d dkg:inProvince ?a ; "
    "dkg:cites ?c } GROUP BY ?a ORDER BY DESC(?n) ?a LIMIT {k}",
}
PARAMS_PER_QUERY = 3
REPEATS = 3


def _graphs_of(nquads: bytes) -> list[tuple[str, bytes]]:
    """(graph IRI, N-Triples) per named graph of canonical N-Quads lines."""
    by_graph: dict[str, list[bytes]] = defaultdict(list)
    for line in nquads.splitlines():
        if not line:
            continue
        body, graph = line[:-2].rsplit(b" ", 1)
        by_graph[graph[1:-1].decode()].append(body + b" .\n")
    return [(g, b"".join(lines)) for g, lines in by_graph.items()]


def _params(store, k: int) -> dict[str, list[tuple[str, ...]]]:
    out: dict[str, list[tuple[str, ...]]] = {}
    for name, text in PICKS.items():
        limit = 2 * k if name == "province comparison" else k
        rows = [s["a"].value for s in store.query(text.replace("{k}", str(limit)),
                                                   use_default_graph_as_union=True)]
        out[name] = [tuple(rows[i:i + 2]) for i in range(0, len(rows) - 1, 2)] \
            if name == "province comparison" else [(a,) for a in rows]
    return out


def _text(name: str, args: tuple[str, ...]) -> str:
    text = QUERIES[name].replace("{a}", args[0])
    return text.replace("{b}", args[1]) if len(args) > 1 else text


def _time_queries(run, params: dict[str, list[tuple[str, ...]]]) -> dict[str, tuple[list[float], list[int]]]:
    """Per query: the warm times (s) of every (parameter, repeat) after one cold run, and row counts."""
    out = {}
    for name, values in params.items():
        times, sizes = [], []
        for args in values:
            text = _text(name, args)
            sizes.append(len(run(text)))           # cold run: not timed
            for _ in range(REPEATS):
                started = time.perf_counter()
                run(text)
                times.append(time.perf_counter() - started)
        out[name] = (times, sizes)
    return out


def run(ctx: Context) -> Result:
    import pyoxigraph as ox
    from rdflib import Dataset

    from loaders.stores.rdf_store import RdfStore

    r = Result("store", "RDF store: load and three SPARQL queries, pyoxigraph against rdflib (memory)")
    r.load.append(loadavg())
    mem = Memory(r)
    n = ctx.sizes.store_docs
    path = write_quads(ctx, n)
    data = path.read_bytes()
    graphs = _graphs_of(data)
    quads = data.count(b"\n")
    r.ran = (f"the {len(graphs):,} named graphs of the {n:,}-document synthetic corpus: {quads:,} quads, "
             f"{len(data) / 1e6:.0f} MB of N-Quads; each query for {PARAMS_PER_QUERY} parameter values from "
             f"the data, {REPEATS} warm runs each after a cold one")
    scratch = ctx.work / "store-scratch"
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)

    with mem.phase("pyoxigraph: build path (replace_documents), disk"), Timer() as t_build:
        store = RdfStore(scratch / "build")
        store.replace_documents(graphs, fmt="nt")
        store._store.flush()
    store.close()
    del store
    with mem.phase("pyoxigraph: Store.bulk_load, disk"), Timer() as t_bulk:
        bulk = ox.Store(str(scratch / "bulk"))
        bulk.bulk_load(input=data, format=ox.RdfFormat.N_QUADS)
        bulk.flush()
    del bulk
    gc.collect()
    with mem.phase("pyoxigraph: Store.load (one transaction), disk"), Timer() as t_ox:
        oxs = ox.Store(str(scratch / "load"))
        oxs.load(input=data, format=ox.RdfFormat.N_QUADS)
        oxs.flush()
    size = sum(f.stat().st_size for f in (scratch / "load").rglob("*") if f.is_file())
    params = _params(oxs, PARAMS_PER_QUERY)
    with mem.phase("pyoxigraph: queries"):
        ox_times = _time_queries(lambda q: list(oxs.query(q, use_default_graph_as_union=True)), params)
    oxs = None
    gc.collect()
    shutil.rmtree(scratch, ignore_errors=True)

    with mem.phase("rdflib: Dataset.parse (memory)"), Timer() as t_rdflib:
        ds = Dataset(default_union=True)
        ds.parse(data=data, format="nquads")
    with mem.phase("rdflib: queries"):
        rl_times = _time_queries(lambda q: list(ds.query(q)), params)
    rdflib_quads = len(ds)
    ds = None
    gc.collect()

    mq = quads / 1e6
    r.fig("pyoxigraph, the build's path (replace_documents)",
          f"{t_build.seconds:.1f} s ({mq / t_build.seconds:.2f} M quads/s)")
    r.fig("pyoxigraph Store.bulk_load", f"{t_bulk.seconds:.1f} s ({mq / t_bulk.seconds:.2f} M quads/s)")
    r.fig("pyoxigraph Store.load", f"{t_ox.seconds:.1f} s ({mq / t_ox.seconds:.2f} M quads/s); "
          f"{size / 1e6:.0f} MB on disk")
    r.fig("rdflib Dataset.parse", f"{t_rdflib.seconds:.1f} s ({mq / t_rdflib.seconds:.2f} M quads/s); "
          f"{rdflib_quads:,} triples in the union")
    r.ratio("load: rdflib over the build's path", t_rdflib.seconds / t_build.seconds, "pyoxigraph replace_documents")
    r.ratio("load: rdflib over Store.load", t_rdflib.seconds / t_ox.seconds, "pyoxigraph Store.load")
    r.ratio("load: Store.load over Store.bulk_load", t_ox.seconds / t_bulk.seconds, "pyoxigraph Store.bulk_load")
    for name in QUERIES:
        ox_t, ox_rows = ox_times[name]
        rl_t, rl_rows = rl_times[name]
        ox_med, rl_med = statistics.median(ox_t), statistics.median(rl_t)
        r.fig(f"query '{name}' (median warm)", f"pyoxigraph {ox_med * 1000:.1f} ms, rdflib {rl_med * 1000:.1f} ms; "
              f"rows {ox_rows}")
        if ox_rows != rl_rows:
            r.note(f"'{name}': the engines returned different row counts (pyoxigraph {ox_rows}, "
                   f"rdflib {rl_rows})")
        r.ratio(f"query '{name}': rdflib over pyoxigraph", rl_med / ox_med, "pyoxigraph, same query and data")
    mem.close()
    r.load.append(loadavg())
    return r

