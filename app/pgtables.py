"""The whole-corpus tables of ``app.tables``, read from the property graph (LadybugDB or Neo4j).

The property graph holds one node per IRI with its literal values as columns, so a whole table is one
plain ``MATCH`` per node table or relationship (0.1-0.4 s at 10,000 documents through LadybugDB's query
worker, where the SPARQL of ``app.tables`` needs 3-9 s a table).  Only plain Cypher that LadybugDB and
Neo4j read alike: ``MATCH (a:Label)-[:rel]->(b) RETURN a.prop, …``, no engine-specific function
(``label(r)`` / ``type(r)``), so each relationship type is its own query.

The answers are those of ``app.tables`` (tests/test_app_tables.py compares the two on the seed corpus):
where a node has several values of a single-valued column, the property graph kept one when it was
built (``pg_mapping``: the Vietnamese one, then the smallest) and ``app.tables`` keeps the smallest, so
the two can differ on such nodes only.  Each function takes ``cypher(text) -> list[dict]``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from app.labels import CITATION_PROPERTIES, local, relation_property
from app.tables import (
    CitationEdge,
    DocInfo,
    Evidence,
    Province,
    as_date,
    edge_of,
    finish,
    guess_province,
    smallest,
)
from loaders.text import fold

Cypher = Callable[[str], list[dict[str, Any]]]


def _values(value: Any) -> list[Any]:
    """A column as a list of values (list columns as they are, a single value as one item)."""
    if value is None:
        return []
    return [v for v in value if v is not None] if isinstance(value, list) else [value]


def _one(value: Any) -> Any:
    return smallest(_values(value))


def _by(rows: list[dict[str, Any]], key: str, value: str) -> dict[str, list[Any]]:
    """key → its distinct values."""
    out: dict[str, dict[Any, None]] = defaultdict(dict)
    for r in rows:
        for v in _values(r[value]):
            out[r[key]][v] = None
    return {k: list(values) for k, values in out.items()}


def province_labels(cypher: Cypher) -> dict[str, str]:
    return {r["p"]: str(r["label"]) for r in cypher("MATCH (p:Province) RETURN p.uri AS p, p.label AS label")
            if r["label"] is not None}


def documents(cypher: Cypher) -> dict[str, DocInfo]:
    found = cypher("""MATCH (d:Document) RETURN d.uri AS d, d.label AS label, d.id_local AS symbol,
        d.title AS title, d.date_document AS date, d.year AS year, d.scope AS scope, d.sourceFile AS source,
        d.resolved AS resolved""")
    kinds = cypher("MATCH (d:Document)-[:hasKind]->(k) RETURN d.uri AS d, k.uri AS k, k.prefLabel AS label")
    places = cypher("MATCH (d:Document)-[:inProvince]->(p) RETURN d.uri AS d, p.uri AS p")
    issuers = cypher("MATCH (d:Document)-[:issuer]->(o) RETURN d.uri AS d, o.uri AS o, o.label AS label")
    provinces = province_labels(cypher)
    kind, province, issuer = _by(kinds, "d", "k"), _by(places, "d", "p"), _by(issuers, "d", "o")
    kind_label = _by(kinds, "k", "label")
    issuer_label = _by(issuers, "o", "label")
    out = {}
    for r in found:
        d = r["d"]
        day = as_date(r["date"])
        the_kind, the_province, the_issuer = smallest(kind.get(d)), smallest(province.get(d)), smallest(issuer.get(d))
        province_label = provinces.get(the_province) if the_province else None
        if not the_province:
            the_province, province_label = guess_province(d, provinces)
        year = r["year"] if isinstance(r["year"], int) else (day.year if day else None)
        kind_name = smallest(kind_label.get(the_kind)) if the_kind else None
        out[d] = DocInfo(
            uri=d, label=r["label"] or r["symbol"] or local(d), symbol=r["symbol"], title=_one(r["title"]),
            kind=the_kind, kind_label=kind_name or (local(the_kind) if the_kind else None), date=day, year=year,
            province=the_province, province_label=province_label, scope=r["scope"], source=r["source"],
            resolved=r["resolved"] if isinstance(r["resolved"], bool) else None, issuer=the_issuer,
            issuer_label=smallest(issuer_label.get(the_issuer)) if the_issuer else None)
    return out


def provinces(cypher: Cypher) -> list[Province]:
    labels = province_labels(cypher)
    uris = [r["p"] for r in cypher("MATCH (p:Province) RETURN p.uri AS p")]
    count = {r["p"]: int(r["n"]) for r in cypher(
        "MATCH (d:Document)-[:inProvince]->(p:Province) RETURN p.uri AS p, count(DISTINCT d) AS n")}
    successor = _by(cypher("MATCH (p:Province)-[:succeededBy]->(s) RETURN p.uri AS p, s.uri AS s"), "p", "s")
    found = (Province(p, labels.get(p) or local(p), count.get(p, 0), smallest(successor.get(p))) for p in uris)
    return sorted(found, key=lambda p: fold(p.label))


def citations(cypher: Cypher) -> dict[tuple[str, str], CitationEdge]:
    edges: dict[tuple[str, str], CitationEdge] = {}
    for name in CITATION_PROPERTIES:
        for r in cypher(f"MATCH (a)-[:{name}]->(b) RETURN DISTINCT a.uri AS a, b.uri AS b"):
            edge_of(edges, r["a"], r["b"]).relate(name)
    found = cypher("""MATCH (e:CitationEvidence)-[:citing]->(a) MATCH (e)-[:cited]->(b)
        RETURN e.uri AS e, a.uri AS a, b.uri AS b, e.relation AS rel, e.sourceText AS text, e.spanStart AS span_start,
               e.spanEnd AS span_end, e.symbolInferred AS inf""")
    for r in sorted(found, key=lambda r: (r["e"], r["a"], r["b"])):
        prop = relation_property(r["rel"] or "cites")
        edge_of(edges, r["a"], r["b"]).witness(Evidence(r["e"], r["a"], r["b"], prop, r["text"], r["span_start"],
                                                        r["span_end"], bool(r["inf"])))
    return finish(edges)


def organ_categories(cypher: Cypher) -> dict[str, tuple[str | None, str, str | None]]:
    places = province_labels(cypher)
    province = _by(cypher("MATCH (o:Organ)-[:inProvince]->(p) RETURN o.uri AS o, p.uri AS p"), "o", "p")
    out = {}
    for r in cypher("MATCH (o:Organ) RETURN o.uri AS o, o.category AS cat, o.label AS label"):
        names = [places[p] for p in province.get(r["o"], []) if p in places]
        out[r["o"]] = (r["cat"], str(r["label"] or local(r["o"])), smallest(names))
    return out


def task_facts(cypher: Cypher) -> list[dict[str, Any]]:
    places = _by(cypher("MATCH (t:Task)-[:assignedBy]->(d)-[:inProvince]->(p) RETURN t.uri AS t, p.uri AS p"),
                 "t", "p")
    leads = _by(cypher("MATCH (t:Task)-[:lead]->(o) RETURN t.uri AS t, o.uri AS o"), "t", "o")
    deadlines: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in cypher("""MATCH (t:Task)-[:hasDeadline]->(dl) RETURN t.uri AS t, dl.uri AS deadline,
            dl.inXSDDate AS date, dl.dueMonth AS month, dl.dueQuarter AS quarter, dl.workingDays AS workdays,
            dl.days AS days, dl.recurringDate AS yearly"""):
        deadlines[r["t"]].append(r)
    found = []
    for r in sorted(cypher("MATCH (t:Task) RETURN t.uri AS t, t.recurrence AS recurrence, t.taskText AS text"),
                    key=lambda r: r["t"]):
        t = r["t"]
        if not places.get(t):
            continue
        row: dict[str, Any] = {"t": t, "province": smallest(places[t]), "recurrence": r["recurrence"]}
        mine = deadlines.get(t) or []
        dl = min(mine, key=lambda x: x["deadline"]) if mine else None
        row["deadline"] = dl["deadline"] if dl else None
        for name in ("date", "month", "quarter", "workdays", "days", "yearly"):
            row[name] = _one(dl[name]) if dl else None
        row["text"] = r["text"]
        row["leads"] = sorted({str(x) for x in leads.get(t, [])})
        found.append(row)
    return found


def document_texts(cypher: Cypher) -> dict[str, list[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for r in cypher("MATCH (d:Document) RETURN d.uri AS d, d.title AS text"):
        out[r["d"]].update(str(x) for x in _values(r["text"]))
    for r in cypher("MATCH (t)-[:assignedBy]->(d) RETURN DISTINCT d.uri AS d, t.taskText AS text"):
        out[r["d"]].update(str(x) for x in _values(r["text"]))
    for r in cypher("MATCH (m:Meeting)-[:concludedBy]->(d) RETURN DISTINCT d.uri AS d, m.meetingKind AS text"):
        out[r["d"]].update(str(x) for x in _values(r["text"]))
    return {d: sorted(texts) for d, texts in out.items() if texts}
