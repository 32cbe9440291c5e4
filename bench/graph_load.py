"""Property-graph load into LadybugDB: COPY FROM against UNWIND/MERGE batches against one query per row.

The sample: the rows (``pg_mapping.rows_from_rdf``) of a random set of document graphs of the store
benchmark's corpus. Each method loads the same rows into a fresh scratch database whose tables come
from ``ladybug_store.ddl`` (the DDL is timed apart and left out of the load figures):
* COPY FROM: ``ladybug_store.build_database``, the build's path (rows → Parquet → ``COPY``);
* batches: ``UNWIND $rows AS r MERGE (n:T {uri: r.uri}) SET ...`` per table, 1,000 rows a batch,
  relationships ``UNWIND ... MATCH (a), (b) MERGE (a)-[e:R]->(b)``;
* one ``MERGE`` query per node and per relationship.
The three databases are checked to hold the same numbers of nodes and relationships.

With ``NEO4J_URI`` set, the Neo4j store's own load (constraints, ``UNWIND … MERGE`` batches) runs on
the same rows too; it replaces the nodes an earlier dkg build wrote in that database.
"""

from __future__ import annotations

import os
import random
import shutil
from pathlib import Path
from typing import Any

from bench.common import Context, Memory, Result, Timer, loadavg
from bench.rdf_build import write_quads

BATCH = 1000
TARGET_SPEEDUP = 20


def _rows(ctx: Context, docs: int | None):
    """(schema, nodes, rels, graphs taken): the rows of ``docs`` random document graphs of the store
    benchmark's corpus (``None``: all its graphs, the reference graph too)."""
    import pyoxigraph as ox

    from loaders.pipeline import property_graph_schema
    from loaders.rdf.reference import reference_graph_iri
    from loaders.stores.pg_mapping import rows_from_rdf

    path = write_quads(ctx, ctx.sizes.store_docs)
    if docs is None:
        data = path.read_bytes()
        graphs = len({line[:-3].rsplit(b" ", 1)[1] for line in data.splitlines(keepends=True)}) - 1
    else:
        lines_by_graph: dict[bytes, list[bytes]] = {}
        for line in path.read_bytes().splitlines(keepends=True):
            graph = line[:-3].rsplit(b" ", 1)[1]
            lines_by_graph.setdefault(graph, []).append(line)
        reference = f"<{reference_graph_iri()}>".encode()
        documents = sorted(g for g in lines_by_graph if g != reference)
        chosen = random.Random(ctx.sizes.seed).sample(documents, min(docs, len(documents)))
        data = b"".join(line for g in chosen for line in lines_by_graph[g])
        graphs = len(chosen)
    schema = property_graph_schema()
    rows = rows_from_rdf(ox.parse(data, format=ox.RdfFormat.N_QUADS), schema)
    return schema, rows.nodes, rows.rels, graphs


def _fresh(path: Path, schema) -> tuple[Any, Any, float]:
    import ladybug

    from loaders.stores.ladybug_store import ddl

    shutil.rmtree(path.parent, ignore_errors=True)
    path.parent.mkdir(parents=True)
    db = ladybug.Database(str(path))
    conn = ladybug.Connection(db)
    with Timer() as t:
        for statement in ddl(schema):
            conn.execute(statement)
    return db, conn, t.seconds


def _counts(conn) -> tuple[int, int]:
    nodes = conn.execute("MATCH (n) RETURN count(n)").get_next()[0]
    rels = conn.execute("MATCH ()-[e]->() RETURN count(e)").get_next()[0]
    return nodes, rels


def _node_statement(table, columns: list[str], unwind: bool) -> str:
    from loaders.stores.ladybug_store import quote

    ref = (lambda i: f"r.c{i}") if unwind else (lambda i: f"$c{i}")
    sets = ", ".join(f"n.{quote(c)} = {ref(i)}" for i, c in enumerate(columns) if c != "uri")
    head = "UNWIND $rows AS r " if unwind else ""
    key = ref(columns.index("uri"))
    return f"{head}MERGE (n:{quote(table)} {{uri: {key}}})" + (f" SET {sets}" if sets else "")


def _rel_statement(rel: str, src: str, dst: str, unwind: bool) -> str:
    from loaders.stores.ladybug_store import quote

    s, d, so = ("r.s", "r.d", "r.so") if unwind else ("$s", "$d", "$so")
    head = "UNWIND $rows AS r " if unwind else ""
    return (f"{head}MATCH (a:{quote(src)} {{uri: {s}}}), (b:{quote(dst)} {{uri: {d}}}) "
            f"MERGE (a)-[e:{quote(rel)}]->(b) SET e.sources = {so}")


def _present(rows: list[dict], column: str) -> bool:
    """A column the batch gives a value for (a column that is null or empty in every row of a batch
    is left out: the engine cannot type a parameter list of nothing but nulls)."""
    return any(row.get(column) not in (None, []) for row in rows)


def _load_merge(conn, schema, nodes, rels, batch: int | None) -> int:
    """UNWIND/MERGE batches (``batch`` rows) or, with ``batch=None``, one query per row; queries run."""
    queries = 0
    for name, table in schema.node_tables.items():
        rows = nodes.get(name) or []
        if not rows:
            continue
        if batch is None:
            columns = list(table.columns)
            statement = _node_statement(name, columns, unwind=False)
            prepared = conn.prepare(statement)
            for row in rows:
                conn.execute(prepared, {f"c{i}": row.get(c) for i, c in enumerate(columns)})
                queries += 1
            continue
        for start in range(0, len(rows), batch):
            chunk = rows[start:start + batch]
            columns = [c for c in table.columns if c == "uri" or _present(chunk, c)]
            params = [{f"c{i}": row.get(c) for i, c in enumerate(columns)} for row in chunk]
            conn.execute(_node_statement(name, columns, unwind=True), {"rows": params})
            queries += 1
    for name, edges in rels.items():
        groups: dict[tuple[str, str], list] = {}
        for edge in edges:
            groups.setdefault((edge.src_table, edge.dst_table), []).append(edge)
        for (src, dst), group in sorted(groups.items()):
            if batch is None:
                prepared = conn.prepare(_rel_statement(name, src, dst, unwind=False))
                for e in group:
                    conn.execute(prepared, {"s": e.src, "d": e.dst, "so": e.sources})
                    queries += 1
                continue
            statement = _rel_statement(name, src, dst, unwind=True)
            for start in range(0, len(group), batch):
                params = [{"s": e.src, "d": e.dst, "so": e.sources} for e in group[start:start + batch]]
                conn.execute(statement, {"rows": params})
                queries += 1
    return queries


def _neo4j(r: Result, mem: Memory, schema, nodes, rels, rows: int) -> None:
    if not os.environ.get("NEO4J_URI"):
        r.note("Neo4j driver path not run: NEO4J_URI is not set (no Neo4j server on this machine)")
        return
    from loaders.stores.neo4j_store import Neo4jStore

    store = Neo4jStore()
    try:
        with mem.phase("Neo4j: UNWIND/MERGE batches"), Timer() as t:
            store.load(schema, nodes, rels)
    finally:
        store.close()
    r.fig("Neo4j (the store's load: constraints + UNWIND/MERGE batches)",
          f"{t.seconds:.2f} s ({rows / t.seconds:,.0f} rows/s)")


def run(ctx: Context) -> Result:
    import ladybug

    from loaders.stores.ladybug_store import build_database, ddl

    r = Result("graph", "Property graph load into LadybugDB: COPY FROM vs UNWIND/MERGE batches vs one query per row")
    r.load.append(loadavg())
    mem = Memory(r)
    schema, nodes, rels, docs = _rows(ctx, ctx.sizes.graph_docs)
    n_nodes = sum(len(v) for v in nodes.values())
    n_rels = sum(len(v) for v in rels.values())
    rows = n_nodes + n_rels
    r.ran = (f"the same sample for the three methods: the rows of {docs} random document graphs of the "
             f"{ctx.sizes.store_docs:,}-document corpus, {n_nodes:,} nodes and {n_rels:,} relationships "
             "(nodes only referred to are stubs); then COPY FROM alone on all the corpus' rows; "
             "scratch databases; each load timed up to a closed database (checkpointed)")
    scratch = ctx.work / "graph-scratch"

    # DDL alone, to take it out of the COPY figure (build_database runs it first)
    db, conn, ddl_s = _fresh(scratch / "ddl" / "g.lbug", schema)
    conn.close()
    db.close()
    r.fig("DDL (ladybug_store.ddl)", f"{ddl_s:.2f} s for {len(ddl(schema))} tables")

    shutil.rmtree(scratch / "copy", ignore_errors=True)
    (scratch / "copy").mkdir(parents=True)
    with mem.phase("COPY FROM (build_database)"), Timer() as t_copy_total:
        build_database(scratch / "copy" / "g.lbug", schema, nodes, rels)
    t_copy = max(t_copy_total.seconds - ddl_s, 1e-6)
    db = ladybug.Database(str(scratch / "copy" / "g.lbug"), read_only=True)
    conn = ladybug.Connection(db)
    copy_counts = _counts(conn)
    conn.close()
    db.close()

    results = {}
    for label, batch in (("UNWIND/MERGE batches", BATCH), ("one query per row", None)):
        path = scratch / label.split()[0].lower() / "g.lbug"
        db, conn, _ = _fresh(path, schema)
        with mem.phase(label), Timer() as t:
            queries = _load_merge(conn, schema, nodes, rels, batch)
            conn.close()
            db.close()
        db = ladybug.Database(str(path), read_only=True)
        conn = ladybug.Connection(db)
        results[label] = (t.seconds, queries, _counts(conn))
        conn.close()
        db.close()

    r.fig("COPY FROM", f"{t_copy:.2f} s without DDL ({t_copy_total.seconds:.2f} s with) = "
          f"{rows / t_copy:,.0f} rows/s; {copy_counts[0]:,} nodes, {copy_counts[1]:,} relationships")
    for label, (seconds, queries, counts) in results.items():
        r.fig(label, f"{seconds:.2f} s = {rows / seconds:,.0f} rows/s ({queries:,} queries); "
              f"{counts[0]:,} nodes, {counts[1]:,} relationships")
        if counts != copy_counts:
            r.note(f"{label}: the database holds {counts} (nodes, relationships), COPY FROM {copy_counts}")
    per_row = results["one query per row"][0]
    batches = results["UNWIND/MERGE batches"][0]
    r.ratio("COPY FROM over one query per row", per_row / t_copy, "one MERGE query per row")
    r.ratio("UNWIND/MERGE batches over one query per row", per_row / batches, "one MERGE query per row")
    r.ratio("COPY FROM over UNWIND/MERGE batches", batches / t_copy, "UNWIND/MERGE batches")
    _neo4j(r, mem, schema, nodes, rels, rows)

    # COPY FROM where its fixed costs (a database file, one Parquet file and one COPY per table)
    # weigh less: every row of the corpus
    schema, nodes, rels, docs = _rows(ctx, None)
    all_rows = sum(len(v) for v in nodes.values()) + sum(len(v) for v in rels.values())
    shutil.rmtree(scratch / "copy-all", ignore_errors=True)
    (scratch / "copy-all").mkdir(parents=True)
    with mem.phase("COPY FROM, all rows of the corpus"), Timer() as t_all:
        build_database(scratch / "copy-all" / "g.lbug", schema, nodes, rels)
    copy_rate = all_rows / max(t_all.seconds - ddl_s, 1e-6)
    per_row_rate = rows / per_row
    r.fig(f"COPY FROM, all rows of the {docs:,} graphs", f"{all_rows:,} rows in {t_all.seconds:.2f} s "
          f"= {copy_rate:,.0f} rows/s without DDL")
    r.ratio("COPY FROM (all rows) over one query per row (sample), rows/s", copy_rate / per_row_rate,
            "rows/s of one query per row on the sample (MERGE on the primary key: a cost per row that does "
            "not grow with the table)")
    best = max(per_row / t_copy, per_row / batches, copy_rate / per_row_rate)
    r.target(f"bulk property-graph loading ≥ {TARGET_SPEEDUP}× faster than one query per row",
             f"on the same sample: COPY FROM {per_row / t_copy:,.0f}×, batches {per_row / batches:,.0f}×; "
             f"COPY FROM on all rows {copy_rate / per_row_rate:,.0f}× in rows/s", best >= TARGET_SPEEDUP)
    shutil.rmtree(scratch, ignore_errors=True)
    mem.close()
    r.load.append(loadavg())
    return r
