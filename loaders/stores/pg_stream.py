"""The RDF → property-graph mapping of a whole pyoxigraph store, streamed to COPY files.

    if streamable(schema):
        mapped = map_store(store, schema, tmp)      # Parquet files under tmp, the report, search data
        counts = ladybug.load_files(schema, mapped.files)
        write_index(path, mapped.search_entries(schema), numbered=True)

Gives the same rows, relationships, report and search entries as ``pg_mapping.rows_from_rdf`` over
every quad of the store (plus ``schema.individuals``), without holding them all: the store answers
one SPARQL SELECT per predicate (written by Oxigraph as TSV or CSV to a temporary file and read back
as lines, which costs far less than a Python object per term; Oxigraph's own cost is decoding each
term, ~3 µs an IRI, so the SELECTs ask for DISTINCT rows where they can), in this order (the nodes
of a class left to the RDF store, ``schema.rdf_only_classes``, are first counted, then kept out of
each SELECT of a predicate they use by a ``MINUS`` on their type, so their terms are never decoded;
the statements of a property left to the RDF store, ``schema.rdf_only_properties``, are only counted,
one COUNT per property, and no SELECT reads them):

1. ``rdf:type`` (DISTINCT subject, class): the node table, ``type`` and ``types`` of every node;
2. every other predicate's IRI objects, with the named graphs stating them: the relationships, one
   Parquet file per predicate and FROM/TO pair; those with an end that has no node table yet wait
   until the stubs are known (objects never described themselves, as in ``rows_from_rdf``); a
   predicate with no relationship table (``prov:wasDerivedFrom``) is only counted, per subject;
3. every predicate's literals (DISTINCT subject and value; again with their number of copies when
   the report counts them): one column at a time, kept as an Arrow array (compact) until its node
   table's file is written.

Each quad is read once where the schema says what a predicate holds: the SELECT of an object
property (and of ``rdf:type``) takes every object and puts its rare literals aside for step 3, the
literal SELECT of a datatype property counts its rare node objects; ``FILTER(isLiteral(?o))``
decodes every object, and a second SELECT per predicate read all its quads to find next to nothing.

What stays in memory for the whole store: the node table of every node (a dict of IRIs), the node
tables' columns as Arrow arrays, and for the search index the province each node points to.  Only
for schemas where each relationship table and each column holds one RDF property (the project's);
``streamable`` says so, and ``views`` falls back to ``rows_from_rdf`` otherwise.
"""

from __future__ import annotations

import csv
import re
from bisect import bisect_left
from collections import Counter, defaultdict, deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pyoxigraph as ox

from loaders.stores.ladybug_store import CopyFiles, arrow_type, write_rel_file
from loaders.stores.pg_mapping import (
    RDF_TYPE,
    Edge,
    MappingReport,
    Schema,
    _convert,
    _normalised,
    count_unmapped,
    known_classes,
    lang_order,
    local_name,
)
from loaders.stores.search_index import KIND_BY_TABLE, PROVINCE_TABLES, Entry, display_label, entry_for

THREADS = 2              # queries Oxigraph runs at once (each in a thread: it lets go of the GIL)
AHEAD = 8                # queries asked for ahead of the one being read (their results wait on disk)
BATCH = 20_000          # rows per Arrow batch when the search entries read a node file back


def streamable(schema: Schema) -> bool:
    """True when every relationship table and every column holds one RDF property."""
    return (all(len(rel.properties) == 1 for rel in schema.rel_tables.values())
            and all(len(c.properties) <= 1 for t in schema.node_tables.values() for c in t.columns.values()))


_UNESCAPE = {"t": "\t", "n": "\n", "r": "\r", '"': '"', "\\": "\\"}
_ESCAPED = re.compile(r"\\(.)")


def _literal(field: str) -> tuple[str, str]:
    """(lexical form, language) of a literal of a TSV result: ``"…"@vi``, ``"…"^^<…>``, ``"…"``, or a bare
    number or boolean (``12``, ``1.5``, ``true``)."""
    if field[:1] != '"':
        return field, ""
    if field[-1] == '"':
        lex, lang = field[1:-1], ""
    else:
        end = field.rindex('"')
        lex, lang = field[1:end], field[end + 2:] if field[end + 1] == "@" else ""
    if "\\" in lex:
        lex = _ESCAPED.sub(lambda m: _UNESCAPE[m.group(1)], lex)
    return lex, lang


def _is_node(term: str) -> bool:
    """A TSV term that is an IRI or a blank node (anything else is a literal)."""
    return term[:1] == "<" or term[:2] == "_:"


def _bare(term: str) -> str:
    """An IRI of a TSV result without its brackets (a blank node as it is)."""
    return term[1:-1] if term[:1] == "<" else term


class _Select:
    """SELECT results as rows of strings, through a file Oxigraph writes: TSV (terms in their syntax;
    a tab, new line or carriage return inside a value is escaped, so splitting the lines on tabs is
    safe) or, for results that hold no literal, CSV (IRIs and blank nodes as they are).

    Oxigraph runs and writes the queries in threads of their own (it lets go of the GIL), so the
    next ones are written while this process reads the rows of the one before (``start``, ``each``):
    ``THREADS`` at once, and up to ``AHEAD`` waiting for their turn, so that a long query being read
    does not leave a core idle."""

    def __init__(self, store: ox.Store, tmp: Path) -> None:
        self.store = store
        self.tmp = tmp
        self.made = 0
        self.pool = ThreadPoolExecutor(THREADS, thread_name_prefix="dkg-select")

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)

    def _write(self, sparql: str, file: Path, nodes_only: bool) -> Path:
        kind = ox.QueryResultsFormat.CSV if nodes_only else ox.QueryResultsFormat.TSV
        self.store.query(sparql).serialize(str(file), kind)
        return file

    def start(self, sparql: str, nodes_only: bool = False) -> tuple[Future[Path], bool]:
        """Ask for a SELECT now; ``read`` its rows later."""
        self.made += 1
        return self.pool.submit(self._write, sparql, self.tmp / f"select-{self.made}", nodes_only), nodes_only

    def read(self, started: tuple[Future[Path], bool]) -> Iterator[list[str]]:
        future, nodes_only = started
        file = future.result()
        try:
            if nodes_only:
                with open(file, encoding="utf-8", newline="") as handle:
                    reader = csv.reader(handle)
                    next(reader, None)                # the header
                    yield from reader
            else:
                with open(file, encoding="utf-8", newline="\n") as handle:
                    next(handle, None)
                    for line in handle:
                        yield line.rstrip("\n").split("\t")
        finally:
            file.unlink(missing_ok=True)

    def rows(self, sparql: str, nodes_only: bool = False) -> Iterator[list[str]]:
        return self.read(self.start(sparql, nodes_only))

    def each(self, queries: list[tuple[str, bool]]) -> Iterator[Iterator[list[str]]]:
        """The rows of each (sparql, nodes_only) in turn; read each before asking for the next.
        The first ``AHEAD`` are asked for at once (not when the first rows are wanted)."""
        pending = iter(queries)
        ahead = deque(self.start(*query) for query in islice(pending, AHEAD))

        def reading() -> Iterator[Iterator[list[str]]]:
            while ahead:
                current = ahead.popleft()
                following = next(pending, None)
                if following is not None:
                    ahead.append(self.start(*following))
                yield self.read(current)
        return reading()


@dataclass
class _Search:
    """What the search entries need beyond the node rows."""

    province_edge: dict[str, tuple[str, str]] = field(default_factory=dict)   # uri → (property, province uri)
    documents: dict[str, list[str]] = field(default_factory=dict)             # uri → documents it points to


@dataclass
class StreamedViews:
    files: CopyFiles
    report: MappingReport
    search: _Search
    uris: dict[str, list[str]]          # node table → its IRIs, sorted (the rows of its file)

    def search_entries(self, schema: Schema) -> Iterator[tuple[int, Entry]]:
        """(rowid, entry) for every searchable node; rowids as if all were written in IRI order."""
        kinds = sorted(t for t in KIND_BY_TABLE if t in self.uris)
        provinces: dict[str, str] = {}
        for table in sorted(PROVINCE_TABLES & set(kinds)):
            for row in self._rows(table):
                provinces[row["uri"]] = display_label(row)
        doc_province: dict[str, str] = {}
        for uri, (_prop, dst) in self.search.province_edge.items():
            doc_province[uri] = provinces.get(dst, "")

        def rank(uri: str) -> int:
            return 1 + sum(bisect_left(self.uris[t], uri) for t in kinds)

        documents = set(self.uris.get("Document", ()))
        for table in kinds:
            for row in self._rows(table):
                uri = row["uri"]
                if table in PROVINCE_TABLES:
                    province: str | None = provinces[uri]
                else:
                    province = doc_province.get(uri)
                if province is None:
                    for other in sorted(self.search.documents.get(uri, ())):
                        if other in doc_province and other in documents:
                            province = doc_province[other]
                            break
                entry = entry_for(schema, table, row, province)
                assert entry is not None
                yield rank(uri), entry

    def _rows(self, table: str) -> Iterator[dict[str, Any]]:
        file, n = self.files.nodes.get(table, (None, 0))
        if file is None or not n:
            return
        for batch in pq.ParquetFile(file).iter_batches(batch_size=BATCH):
            yield from batch.to_pylist()


def _iri(term: str) -> str:
    return "<" + term + ">"


def map_store(store: ox.Store, schema: Schema, tmp: Path) -> StreamedViews:
    """Map every quad of ``store`` (and ``schema.individuals``) to Parquet files under ``tmp``."""
    if not streamable(schema):
        raise ValueError("map_store needs one RDF property per relationship table and per column")
    select = _Select(store, tmp)
    try:
        return _map(store, schema, tmp, select)
    finally:
        select.close()


def _map(store: ox.Store, schema: Schema, tmp: Path, select: _Select) -> StreamedViews:
    report = MappingReport()
    ontology_terms = schema.ontology_terms
    graph_names = {g.value for g in store.named_graphs() if type(g) is ox.NamedNode}
    graph_strings = {g: g for g in graph_names}

    # Statements the SELECTs over named graphs do not see: the ontology's individuals, the default graph.
    extra_types: list[tuple[str, str]] = []
    extra_literals: dict[str, list[tuple[str, str, str, int]]] = defaultdict(list)
    extra_edges: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    default_graph = store.quads_for_pattern(None, None, None, ox.DefaultGraph())
    rdf_only_properties = schema.rdf_only_properties
    for s, p, o, g in [*_normalised(schema.individuals), *_normalised(default_graph)]:
        if p in rdf_only_properties:
            report.kept_in_rdf[p] += 1
        elif o[0] == "L":
            extra_literals[p].append((s, o[1], o[3], 1))
        elif p == RDF_TYPE:
            extra_types.append((s, o[1]))
        else:
            extra_edges[p].append((s, o[1], g))
    # The questions that do not depend on one another are asked at once: the predicates, and the
    # nodes of the classes left to the RDF store (dkg:Mention) with the predicates they use.
    listed = select.start("SELECT DISTINCT ?p WHERE { GRAPH ?g { ?s ?p ?o } }", True)

    # Nodes of the classes left to the RDF store: counted; the SELECTs of the predicates they use
    # leave them out with a MINUS (a hash anti-join on ids: their terms are never decoded; FILTER NOT
    # EXISTS looked each row up, twice as slow as reading them all).
    touched: set[str] = set()
    keep_out = ""
    using = None
    if schema.rdf_only_classes:
        values = " ".join(_iri(c) for c in sorted(schema.rdf_only_classes))
        counted = select.start(f"SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE {{ VALUES ?c {{ {values} }} "
                               f"GRAPH ?g {{ ?s {_iri(RDF_TYPE)} ?c }} }} GROUP BY ?c", True)
        using = select.start(f"SELECT DISTINCT ?p WHERE {{ VALUES ?c {{ {values} }} GRAPH ?t {{ ?s {_iri(RDF_TYPE)} ?c }} "
                             f"GRAPH ?g {{ ?s ?p ?o }} }}", True)
        for cls, n in select.read(counted):
            if int(n):
                report.kept_in_rdf[cls] += int(n)
        if report.kept_in_rdf:
            keep_out = f"MINUS {{ VALUES ?rdfOnly {{ {values} }} GRAPH ?rdfOnlyGraph {{ ?s {_iri(RDF_TYPE)} ?rdfOnly }} }}"
            # each of those nodes is typed, so rdf:type is among the predicates they use: the SELECT
            # of the types can be asked for before the others are known
            touched.add(RDF_TYPE)

    def quads_of(prop: str) -> str:
        return f"GRAPH ?g {{ ?s {_iri(prop)} ?o }}"

    def where(prop: str, pattern: str) -> str:
        """The WHERE clause of a SELECT over ``prop``: ``pattern``, without the RDF-only nodes when
        they use ``prop``."""
        return f"WHERE {{ {{ {pattern} }} {keep_out} }}" if prop in touched else f"WHERE {{ {pattern} }}"

    # --- 1. node tables from rdf:type ----------------------------------------------------------
    first: dict[str, str] = {}
    more: dict[str, set[str]] = {}
    described: dict[str, set[str]] = defaultdict(set)
    # A predicate's SELECT reads its objects whatever they are, and what is not of the kind the
    # schema expects (a literal of an object property, a node of a datatype property) is put aside
    # for the phase that handles it: FILTER(isLiteral(?o)) decodes every object, so asking twice,
    # once for each kind, read each quad twice to find next to nothing the second time.
    set_aside: dict[str, list[list[str]]] = defaultdict(list)   # predicate → its literal rows (s, o)
    # asked for even when the store has no rdf:type (an empty answer, read from an index)
    type_rows: Iterator[Any] = select.rows("SELECT DISTINCT ?s ?o " + where(RDF_TYPE, quads_of(RDF_TYPE)))
    # The properties left to the RDF store (the date indexes: ~5 statements a document) are counted,
    # never read: one COUNT of a range of an index each, read back when the rest is done.
    kept_counts = [select.start(f"SELECT (COUNT(*) AS ?n) WHERE {{ {quads_of(prop)} }}", True)
                   for prop in sorted(rdf_only_properties)]
    predicates = sorted(({row[0] for row in select.read(listed)} - rdf_only_properties)
                        | set(extra_literals) | set(extra_edges) | ({RDF_TYPE} if extra_types else set()))
    if using is not None:
        found_using = {row[0] for row in select.read(using)}
        if report.kept_in_rdf:
            touched |= found_using

    # The SELECTs of phases 2 and 3 depend only on the predicates and on what the RDF-only nodes use:
    # all asked for now, in the order they are read, while this process reads the types.
    def counted_only(prop: str) -> bool:
        return prop not in schema.object_properties and prop not in extra_edges

    def read_with_literals(prop: str) -> bool:
        """The literal SELECT of a datatype property reads its node objects too (counted there)."""
        return counted_only(prop) and prop in schema.datatype_properties

    # datatype properties' node objects are counted from their literal SELECT (phase 3)
    linked = [prop for prop in predicates if prop != RDF_TYPE and not read_with_literals(prop)]

    def nodes_of(prop: str) -> str:
        return where(prop, f"{quads_of(prop)} FILTER(!isLiteral(?o))")

    def literal_query(prop: str, counted: bool) -> str:
        pattern = where(prop, f"{quads_of(prop)} FILTER(isLiteral(?o))")
        if counted:
            return f"SELECT ?s ?o (COUNT(*) AS ?n) {pattern} GROUP BY ?s ?o"
        return f"SELECT DISTINCT ?s ?o {pattern}"

    def literal_source(prop: str) -> tuple[str, bool] | None:
        """The SELECT of ``prop``'s literals; None when they were put aside with its nodes."""
        if prop == RDF_TYPE or not counted_only(prop):
            return None
        if read_with_literals(prop):
            return f"SELECT DISTINCT ?s ?o {where(prop, quads_of(prop))}", False
        return literal_query(prop, False), False

    queries = [(f"SELECT ?s (COUNT(DISTINCT ?o) AS ?n) {nodes_of(prop)} GROUP BY ?s", True) if counted_only(prop)
               else (f"SELECT ?s ?o ?g {where(prop, quads_of(prop))}", False)
               for prop in linked]
    sources = {prop: literal_source(prop) for prop in predicates}
    asked = select.each(queries + [query for query in sources.values() if query is not None])


    def type_nodes() -> Iterator[tuple[str, str]]:
        for s, o in type_rows:
            if _is_node(o):
                yield _bare(s), _bare(o)
            else:
                set_aside[RDF_TYPE].append([s, o])

    classes: dict[str, str] = {}                             # one string per class IRI
    for s, t in chain(type_nodes(), extra_types):
        if s in ontology_terms:
            continue
        t = classes.setdefault(t, t)
        if s in graph_names:
            described[s].add(t)
        elif s not in first:
            first[s] = t
        elif t != first[s]:
            more.setdefault(s, {first[s]}).add(t)
    for types in described.values():
        report.graph_descriptions += len(types)
    del described

    table_of: dict[str, str] = {}
    base: dict[str, tuple[str, tuple[str, ...]]] = {}       # uri → (type, types), shared tuples
    shared: dict[tuple[str, tuple[str, ...]], tuple[str, tuple[str, ...]]] = {}
    # A subject is typed when it is in table_of (and no stub) or typed with classes of no node table.
    typed_elsewhere: set[str] = set()
    stubs: set[str] = set()
    for subject, one in first.items():
        known = known_classes(more.get(subject) or {one}, schema, report)
        if not known:
            typed_elsewhere.add(subject)
            continue
        table_of[subject] = schema.class_table[known[0]]
        key = (local_name(known[0]), tuple(sorted({local_name(t) for t in known if t in schema.class_rank})))
        base[subject] = shared.setdefault(key, key)
    del first, more, classes
    untyped: set[str] = set()

    # --- 2. relationships ------------------------------------------------------------------------
    files = CopyFiles({}, [])
    search = _Search()
    kinds = set(KIND_BY_TABLE)
    pair_sets = {name: set(rel.pairs) for name, rel in schema.rel_tables.items()}
    waiting: list[tuple[str, str, str, list[str]]] = []     # edges with an end not (yet) in a node table

    def emit(prop: str, edges: list[Edge]) -> None:
        rel_name = schema.object_properties[prop]
        by_pair: dict[tuple[str, str], list[Edge]] = defaultdict(list)
        for edge in edges:
            by_pair[(edge.src_table, edge.dst_table)].append(edge)
            if edge.dst_table in PROVINCE_TABLES:
                key = (prop, edge.dst)
                old = search.province_edge.get(edge.src)
                if old is None or key < old:
                    search.province_edge[edge.src] = key
            if edge.dst_table == "Document" and edge.src_table in kinds:
                search.documents.setdefault(edge.src, []).append(edge.dst)
        for (src, dst), group in sorted(by_pair.items()):
            file = tmp / f"r-{len(files.rels)}.parquet"
            write_rel_file(file, group)
            files.rels.append((rel_name, src, dst, file, len(group)))

    def check(prop: str, subject: str, obj: str, graphs: list[str]) -> Edge | None:
        rel_name = schema.object_properties[prop]
        src, dst = table_of.get(subject), table_of.get(obj)
        if src is None or dst is None:
            report.dropped_edges[f"{rel_name}: an end has no node table"] += 1
            return None
        if (src, dst) not in pair_sets[rel_name]:
            report.dropped_edges[f"{rel_name}: {src}→{dst} is outside its domain/range"] += 1
            return None
        if len(graphs) == 1:
            return Edge(subject, obj, src, dst, [graphs[0]] if graphs[0] else [])
        return Edge(subject, obj, src, dst, sorted(g for g in set(graphs) if g))

    def unmapped(rows: Iterator[list[str]], counter: Counter, key: str) -> None:
        """A predicate with no relationship table whose objects are nodes: count them per subject
        (distinct objects), without reading the objects and graphs themselves."""
        for s, n in rows:
            if s in ontology_terms:
                continue
            if s in graph_names:
                report.graph_descriptions += int(n)
                continue
            if (s not in table_of or s in stubs) and s not in typed_elsewhere:
                untyped.add(s)
            counter[key] += int(n)

    def count_node_objects(prop: str, rows: Iterator[Any]) -> None:
        """(subject, distinct node objects) of a predicate with no relationship table, counted where
        the report says: an implied property, a node where a datatype property wants a literal, or
        an unknown property."""
        if prop in schema.implied_properties:
            unmapped(rows, report.implied, prop)
        elif prop in schema.datatype_properties:
            unmapped(rows, report.dropped_values, f"{local_name(prop)}: a node where a literal is expected")
        else:
            unmapped(rows, report.unknown_properties, prop)

    def edges_of(rows: Iterator[list[str]], prop: str) -> Iterator[tuple[str, str, str]]:
        for s, o, g in rows:
            if _is_node(o):
                yield _bare(s), _bare(o), _bare(g)
            else:
                set_aside[prop].append([s, o])

    for prop, edge_rows in zip(linked, islice(asked, len(linked)), strict=True):
        if counted_only(prop):
            count_node_objects(prop, edge_rows)
            continue
        grouped: dict[tuple[str, str], list[str]] = {}
        targets: dict[str, str] = {}       # one string per object and per graph: a hub is named in
        for s, o, g in chain(edges_of(edge_rows, prop), extra_edges.get(prop, ())):     # millions of rows
            o = targets.setdefault(o, o)
            g = graph_strings.get(g, g)
            key = (s, o)
            got = grouped.get(key)
            if got is None:
                grouped[key] = [g]
            else:
                got.append(g)
        rel_name = schema.object_properties.get(prop)
        ready: list[Edge] = []
        for (s, o), graphs in sorted(grouped.items()):
            if s in ontology_terms:
                continue
            if s in graph_names:
                report.graph_descriptions += 1
                continue
            if s not in table_of and s not in typed_elsewhere:
                untyped.add(s)
            if rel_name is None:
                count_unmapped(prop, schema, report)
            elif s in table_of and o in table_of:
                edge = check(prop, s, o, graphs)
                if edge is not None:
                    ready.append(edge)
            else:
                waiting.append((prop, s, o, graphs))
        del grouped
        if ready:
            emit(prop, ready)

    # Stubs: objects of relationships never described themselves, when the range is one table.
    waiting.sort()
    for prop, subject, obj, _graphs in waiting:
        if obj in table_of or subject not in table_of:
            continue
        rel = schema.rel_tables[schema.object_properties[prop]]
        candidates = sorted({dst for src, dst in rel.pairs if src == table_of[subject]})
        if len(candidates) == 1 and obj not in typed_elsewhere:
            table_of[obj] = candidates[0]
            stubs.add(obj)
            name = local_name(schema.node_tables[candidates[0]].class_iri)
            key = (name, (name,))
            base[obj] = shared.setdefault(key, key)
            report.stub_nodes[candidates[0]] += 1
    by_prop: dict[str, list[Edge]] = defaultdict(list)
    for prop, subject, obj, graphs in waiting:
        edge = check(prop, subject, obj, graphs)
        if edge is not None:
            by_prop[prop].append(edge)
    del waiting
    for prop, edges in sorted(by_prop.items()):
        emit(prop, edges)
    del by_prop

    # --- 3. columns ------------------------------------------------------------------------------
    uris: dict[str, list[str]] = defaultdict(list)
    for subject in sorted(table_of):
        uris[table_of[subject]].append(subject)
    arrays: dict[str, dict[str, pa.Array]] = defaultdict(dict)

    def literals(prop: str, rows: Iterator[list[str]], counted: bool) -> dict[str, Any]:
        """subject → (lexical form, "", language, copies) of ``prop``'s literals; ``counted``: with the
        number of graphs stating each (else DISTINCT, each once: cheaper, and enough for the columns)."""
        # subject → its one value (the common case: no list for each of millions of subjects), or a
        # list of them
        def parsed() -> Iterator[tuple[str, tuple[str, str, str, int]]]:
            for row in rows:
                lex, lang = _literal(row[1])
                yield row[0][1:-1] if row[0][0] == "<" else row[0], (lex, "", lang, int(row[2]) if counted else 1)
            for subject, lex, lang, n in extra_literals.get(prop, ()):
                yield subject, (lex, "", lang, n)

        values: dict[str, Any] = {}
        for subject, value in parsed():
            if subject in ontology_terms:
                continue
            got = values.get(subject)
            if got is None:
                values[subject] = value
            elif type(got) is tuple:
                values[subject] = [got, value]
            else:
                got.append(value)
        return values

    def column_cells(prop: str, values: dict[str, Any],
                     local: MappingReport) -> dict[str, dict[str, Any]]:
        """table → uri → the value of ``prop``'s column (as ``rows_from_rdf`` chooses it); what is
        not mapped is counted in ``local``."""
        name = schema.datatype_properties.get(prop)
        cells: dict[str, dict[str, Any]] = defaultdict(dict)
        # per node table: (column, its base type, is it a list) or None outside the property's domain
        place = {t: ((c, c.base_type, c.is_list) if (c := table.columns.get(name or "")) is not None else None)
                 for t, table in schema.node_tables.items()}
        for subject, found in values.items():
            if type(found) is tuple:
                found = (found,)
            count = found[0][3] if len(found) == 1 else sum(v[3] for v in found)
            if subject in graph_names:
                local.graph_descriptions += count
                continue
            if (subject not in table_of or subject in stubs) and subject not in typed_elsewhere:
                untyped.add(subject)
            table_name = table_of.get(subject)
            if table_name is None:
                local.dropped_values[f"{local_name(prop)} on a node without a node table"] += count
                continue
            if name is None:
                if prop in schema.object_properties:
                    local.dropped_values[f"{local_name(prop)}: a literal where a node is expected"] += count
                else:
                    local.unknown_properties[prop] += count
                continue
            found_place = place[table_name]
            if found_place is None:
                local.dropped_values[f"{name} on {table_name}: outside the property's domain"] += count
                continue
            column, base_type, is_list = found_place
            if len(found) == 1 and base_type == "STRING":      # the common case
                value = found[0][0]
                cells[table_name][subject] = [value] if is_list else value
                continue
            converted = []
            for lex, _dt, lang, n in sorted(found, key=lang_order):
                try:
                    converted.append((lang, _convert(base_type, lex, "")))
                except ValueError:
                    local.dropped_values[f"{table_name}.{name}: {lex!r} is not {base_type}"] += n
            if not converted:
                continue
            if is_list:
                cells[table_name][subject] = sorted({value for _, value in converted})
            else:
                best_lang = converted[0][0]
                best = [value for lang, value in converted if lang == best_lang]
                if len(set(best)) > 1:
                    local.multi_values[f"{table_name}.{name}"] += 1
                cells[table_name][subject] = best[0]
        return cells

    def literal_rows(rows: Iterator[list[str]], node_objects: Counter) -> Iterator[list[str]]:
        """The rows of literals; a node object counted for its subject instead."""
        for row in rows:
            if _is_node(row[1]):
                node_objects[_bare(row[0])] += 1
            else:
                yield row

    for prop in predicates:
        node_objects: Counter = Counter()        # subject → its distinct node objects (datatype properties)
        if sources[prop] is None:
            found = iter([list(row) for row in dict.fromkeys(tuple(row) for row in set_aside.pop(prop, ()))])
        else:
            found = literal_rows(next(asked), node_objects)
        local = MappingReport()
        cells = column_cells(prop, literals(prop, found, counted=False), local)
        if node_objects:
            count_node_objects(prop, iter(node_objects.items()))
        if local.graph_descriptions or local.dropped_values or local.unknown_properties:
            local = MappingReport()          # counts of copies: ask again, with them
            rows = select.rows(literal_query(prop, True))
            cells = column_cells(prop, literals(prop, rows, counted=True), local)
        report.graph_descriptions += local.graph_descriptions
        report.dropped_values.update(local.dropped_values)
        report.unknown_properties.update(local.unknown_properties)
        report.multi_values.update(local.multi_values)
        for table_name, by_uri in cells.items():
            column = schema.node_tables[table_name].columns[schema.datatype_properties[prop]]
            arrays[table_name][column.name] = pa.array([by_uri.get(u) for u in uris[table_name]],
                                                       type=arrow_type(column))
        del cells
    report.untyped_nodes["subject without rdf:type"] += len(untyped - graph_names)
    if not report.untyped_nodes["subject without rdf:type"]:
        del report.untyped_nodes["subject without rdf:type"]
    for prop, started in zip(sorted(rdf_only_properties), kept_counts, strict=True):
        n = sum(int(row[0]) for row in select.read(started))
        if n:
            report.kept_in_rdf[prop] += n

    # --- 4. node files ---------------------------------------------------------------------------
    for name, table in schema.node_tables.items():
        table_uris = uris.get(name) or []
        if not table_uris:
            continue
        got = arrays.pop(name, {})
        columns: dict[str, pa.Array] = {}
        for column in table.columns.values():
            if column.name == "uri":
                columns["uri"] = pa.array(table_uris, pa.string())
            elif column.name == "type":
                columns["type"] = pa.array([base[u][0] for u in table_uris], pa.string())
            elif column.name == "types":
                columns["types"] = pa.array([list(base[u][1]) for u in table_uris], arrow_type(column))
            else:
                array = got.get(column.name)
                columns[column.name] = array if array is not None else pa.nulls(len(table_uris), arrow_type(column))
        file = tmp / f"n-{name}.parquet"
        pq.write_table(pa.table(columns), file)
        files.nodes[name] = (file, len(table_uris))
    return StreamedViews(files, report, search, dict(uris))
