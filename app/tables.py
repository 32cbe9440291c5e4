"""Whole-corpus tables the explorer reads (documents, provinces, citations, organs, task facts …).

Why they are written this way: the store's default graph is the union of one named graph per source
document *as a bag*, and a node that many documents mention (a province, a central document, an organ)
is stated in each of their graphs.  A pattern such as ``?d a dkg:Document . ?d rdfs:label ?l`` with a
chain of OPTIONALs then multiplies the copies (3.2 million rows for 10,800 documents at 10,000 source
files) and ran past the 30 s limit.  So every table here is read with single-pattern ``SELECT
DISTINCT`` queries (one predicate each, ~0.05-0.2 s at 10,000 documents), restricted to a class through
a ``SELECT DISTINCT`` sub-query when the predicate is shared (``rdfs:label``), and joined in Python.

Where a node has several values of a single-valued column (a cited document labelled differently by
two citing documents), the smallest value is kept, so the answer does not depend on the store's
internal order.  Each function takes ``rows(sparql) -> list[dict]`` (the PREFIX block already added).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from app.labels import CITATION_PROPERTIES, NODE_TYPES, local, relation_property
from loaders.text import fold

Rows = Callable[[str], list[dict[str, Any]]]
ID = "https://w3id.org/vn-directives/"
DKG = "https://w3id.org/vn-directives/ontology#"
#: An IRI that may stand inside <…> in a query (it comes from the store, never from the user).
_SAFE_IRI = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")
VALUES_CHUNK = 400


def as_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str) and len(value) >= 10:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def sort_key(value: Any) -> tuple[str, str]:
    """Orders values of any type (str, int, date …) the same way every time."""
    return (type(value).__name__, str(value))


def smallest(values: Iterable[Any] | None) -> Any:
    """One value of a column that should have one: the smallest (None when there is none)."""
    values = list(values or [])
    return min(values, key=sort_key) if values else None


def pairs(rows: Rows, predicate: str, subjects: str | None = None) -> dict[str, list[Any]]:
    """subject → distinct values of ``predicate``; ``subjects`` is a pattern binding ``?s`` that
    restricts them (run first as a DISTINCT sub-query)."""
    where = f"?s {predicate} ?o"
    if subjects:
        where = f"{{ SELECT DISTINCT ?s WHERE {{ {subjects} }} }} {where}"
    out: dict[str, list[Any]] = defaultdict(list)
    for r in rows(f"SELECT DISTINCT ?s ?o WHERE {{ {where} }}"):
        out[r["s"]].append(r["o"])
    return out


def instances(rows: Rows, cls: str) -> list[str]:
    return [r["s"] for r in rows(f"SELECT DISTINCT ?s WHERE {{ ?s a {cls} }}")]


def iri_values(uris: Iterable[str]) -> str:
    """``<a> <b> …`` for a VALUES block; refuses anything that is not a plain IRI."""
    out = []
    for uri in uris:
        if not _SAFE_IRI.match(uri):
            raise ValueError(f"not an IRI: {uri!r}")
        out.append(f"<{uri}>")
    return " ".join(out)


def chunks(items: Iterable[str], size: int = VALUES_CHUNK) -> Iterable[list[str]]:
    batch: list[str] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def labels_and_types(rows: Rows, uris: Iterable[str]) -> tuple[dict[str, Any], dict[str, str]]:
    """rdfs:label (the smallest) and node type (local name of a NODE_TYPES class) of some IRIs; a node
    without a label (a mention) is shown by the words of its source text."""
    found: dict[str, list[Any]] = defaultdict(list)
    types: dict[str, list[str]] = defaultdict(list)
    node_classes = {DKG + t for t in NODE_TYPES}
    wanted = sorted({u for u in uris if isinstance(u, str) and _SAFE_IRI.match(u)})
    for batch in chunks(wanted):
        values = iri_values(batch)
        for r in rows(f"""SELECT DISTINCT ?n ?l WHERE {{ VALUES ?n {{ {values} }}
                          {{ ?n rdfs:label ?l }} UNION {{ ?n dkg:sourceText ?t FILTER NOT EXISTS {{ ?n rdfs:label ?any }}
                          BIND(CONCAT("“", STR(?t), "”") AS ?l) }} }}"""):
            found[r["n"]].append(r["l"])
        for r in rows(f"SELECT DISTINCT ?n ?t WHERE {{ VALUES ?n {{ {values} }} ?n a ?t }}"):
            if r["t"] in node_classes:       # (a VALUES block for ?t too makes Oxigraph scan each class)
                types[r["n"]].append(local(r["t"]))
    return ({n: smallest(v) for n, v in found.items()},
            {n: min(v, key=NODE_TYPES.index) for n, v in types.items()})


# --------------------------------------------------------------------------------------------
# Documents
# --------------------------------------------------------------------------------------------

@dataclass
class DocInfo:
    uri: str
    label: str
    symbol: str | None = None
    title: str | None = None
    kind: str | None = None          # kind concept IRI
    kind_label: str | None = None
    date: date | None = None
    year: int | None = None
    province: str | None = None
    province_label: str | None = None
    scope: str | None = None
    source: str | None = None
    resolved: bool | None = None
    issuer: str | None = None
    issuer_label: str | None = None

    @property
    def display(self) -> str:
        """'01-ĐA/TU — Tăng cường …' or the label."""
        if self.symbol and self.title and self.title.lower() not in self.label.lower():
            title = self.title if len(self.title) <= 90 else self.title[:88] + "…"
            return f"{self.symbol} — {title}"
        return self.label


def province_labels(rows: Rows) -> dict[str, str]:
    return {p: str(smallest(v)) for p, v in pairs(rows, "rdfs:label", "?s a dkg:Province").items()}


def guess_province(doc: str, provinces: dict[str, str]) -> tuple[str | None, str | None]:
    """A cited provincial document has no dkg:inProvince, but its key names the province."""
    parts = doc.split("/id/doc/", 1)[-1].split("/")
    guess = doc.split("/id/doc/", 1)[0] + "/id/province/" + parts[0]
    return (guess, provinces[guess]) if guess in provinces else (None, None)


def documents(rows: Rows) -> dict[str, DocInfo]:
    """Every document (loaded from a file or only cited), by IRI."""
    docs = instances(rows, "dkg:Document")
    is_doc = "?s a dkg:Document"
    label = pairs(rows, "rdfs:label", is_doc)
    symbol = pairs(rows, "eli:id_local")
    title = pairs(rows, "dcterms:title")
    kind = pairs(rows, "dkg:hasKind")
    kind_label = pairs(rows, "skos:prefLabel", "?x dkg:hasKind ?s")
    when = pairs(rows, "eli:date_document")
    year = pairs(rows, "dkg:year")
    province = pairs(rows, "dkg:inProvince", is_doc)
    provinces = province_labels(rows)
    scope = pairs(rows, "dkg:scope", is_doc)
    source = pairs(rows, "dkg:sourceFile")
    resolved = pairs(rows, "dkg:resolved")
    issuer = pairs(rows, "dkg:issuer")
    issuer_label = pairs(rows, "rdfs:label", "?x dkg:issuer ?s")
    out = {}
    for d in docs:
        day = as_date(smallest(when.get(d)))
        the_kind, the_province, the_issuer = smallest(kind.get(d)), smallest(province.get(d)), smallest(issuer.get(d))
        province_label = provinces.get(the_province) if the_province else None
        if not the_province:
            the_province, province_label = guess_province(d, provinces)
        y = smallest(year.get(d))
        y = y if isinstance(y, int) else (day.year if day else None)
        done = [r for r in resolved.get(d, []) if isinstance(r, bool)]
        the_symbol = smallest(symbol.get(d))
        kind_name = smallest(kind_label.get(the_kind)) if the_kind else None
        out[d] = DocInfo(
            uri=d, label=smallest(label.get(d)) or the_symbol or local(d), symbol=the_symbol,
            title=smallest(title.get(d)), kind=the_kind,
            kind_label=kind_name or (local(the_kind) if the_kind else None), date=day, year=y,
            province=the_province, province_label=province_label, scope=smallest(scope.get(d)),
            source=max(source[d], key=sort_key) if source.get(d) else None, resolved=max(done) if done else None,
            issuer=the_issuer, issuer_label=smallest(issuer_label.get(the_issuer)) if the_issuer else None)
    return out


@dataclass
class Province:
    uri: str
    label: str
    documents: int
    successor: str | None = None


def provinces(rows: Rows) -> list[Province]:
    uris = instances(rows, "dkg:Province")
    labels = province_labels(rows)
    docs = pairs(rows, "dkg:inProvince", "?s a dkg:Document")
    count: dict[str, int] = defaultdict(int)
    for places in docs.values():
        for p in set(places):
            count[p] += 1
    successor = pairs(rows, "dkg:succeededBy", "?s a dkg:Province")
    found = (Province(p, labels.get(p) or local(p), count.get(p, 0), smallest(successor.get(p))) for p in uris)
    return sorted(found, key=lambda p: fold(p.label))


# --------------------------------------------------------------------------------------------
# Citations
# --------------------------------------------------------------------------------------------

@dataclass
class Evidence:
    uri: str
    citing: str
    cited: str
    relation: str
    text: str | None
    start: int | None
    end: int | None
    inferred: bool = False


@dataclass
class CitationEdge:
    citing: str
    cited: str
    relations: list[str] = field(default_factory=list)      # property local names (implements, basedOn …)
    evidence: list[Evidence] = field(default_factory=list)

    def relate(self, prop: str) -> None:
        if prop not in self.relations:
            self.relations.append(prop)

    def witness(self, evidence: Evidence) -> None:
        """The evidence node behind the edge (once), and the relation it names."""
        self.relate(evidence.relation)
        if all(x.uri != evidence.uri for x in self.evidence):
            self.evidence.append(evidence)


def edge_of(edges: dict[tuple[str, str], CitationEdge], citing: str, cited: str) -> CitationEdge:
    return edges.setdefault((citing, cited), CitationEdge(citing, cited))


def finish(edges: dict[tuple[str, str], CitationEdge]) -> dict[tuple[str, str], CitationEdge]:
    """Specific relations only ('cites' when there is none), evidence in text order."""
    for edge in edges.values():
        specific = [p for p in edge.relations if p != "cites"]
        edge.relations = sorted(specific) or ["cites"]
        edge.evidence.sort(key=lambda x: (x.start if x.start is not None else 0, x.uri))
    return edges


def citations(rows: Rows) -> dict[tuple[str, str], CitationEdge]:
    """Every citation edge (citing, cited) with its specific relations and the evidence behind it."""
    edges: dict[tuple[str, str], CitationEdge] = {}
    values = " ".join(f"dkg:{p}" for p in CITATION_PROPERTIES)
    for r in rows(f"SELECT DISTINCT ?a ?p ?b WHERE {{ VALUES ?p {{ {values} }} ?a ?p ?b }}"):
        edge_of(edges, r["a"], r["b"]).relate(local(r["p"]))
    # evidence nodes live in one graph each: one query with OPTIONALs multiplies nothing
    cols: dict[str, dict[str, set[Any]]] = defaultdict(lambda: defaultdict(set))
    for r in rows("""SELECT DISTINCT ?e ?a ?b ?rel ?text ?start ?end ?inf WHERE {
            ?e a dkg:CitationEvidence ; dkg:citing ?a ; dkg:cited ?b .
            OPTIONAL { ?e dkg:relation ?rel } OPTIONAL { ?e dkg:sourceText ?text }
            OPTIONAL { ?e dkg:spanStart ?start } OPTIONAL { ?e dkg:spanEnd ?end }
            OPTIONAL { ?e dkg:symbolInferred ?inf } }"""):
        for name, value in r.items():
            if value is not None:
                cols[r["e"]][name].add(value)
    for e in sorted(cols):
        found = cols[e]
        prop = relation_property(smallest(found["rel"]) or "cites")
        for a in sorted(found["a"], key=sort_key):
            for b in sorted(found["b"], key=sort_key):
                edge_of(edges, a, b).witness(Evidence(
                    e, a, b, prop, smallest(found["text"]), smallest(found["start"]), smallest(found["end"]),
                    any(bool(x) for x in found["inf"])))
    return finish(edges)


# --------------------------------------------------------------------------------------------
# Organs, tasks, texts, counts
# --------------------------------------------------------------------------------------------

def organ_categories(rows: Rows) -> dict[str, tuple[str | None, str, str | None]]:
    """organ IRI → (category code, label, province label)."""
    is_organ = "?s a dkg:Organ"
    organs = instances(rows, "dkg:Organ")
    category = pairs(rows, "dkg:category", is_organ)
    label = pairs(rows, "rdfs:label", is_organ)
    province = pairs(rows, "dkg:inProvince", is_organ)
    places = province_labels(rows)
    out = {}
    for o in organs:
        names = [places[p] for p in province.get(o, []) if p in places]
        out[o] = (smallest(category.get(o)), str(smallest(label.get(o)) or local(o)), smallest(names))
    return out


DEADLINE_COLUMNS = {"date": "time:inXSDDate", "month": "dkg:dueMonth", "quarter": "dkg:dueQuarter",
                    "workdays": "dkg:workingDays", "days": "dkg:days", "yearly": "dkg:recurringDate"}


def task_facts(rows: Rows) -> list[dict[str, Any]]:
    """One row per task of a document that has a province: province, leads and deadline style."""
    doc_province = pairs(rows, "dkg:inProvince", "?x dkg:assignedBy ?s")
    lead = pairs(rows, "dkg:lead")
    # tasks and deadlines live in one graph each: one query with OPTIONALs multiplies nothing
    cols: dict[str, dict[str, set[Any]]] = defaultdict(lambda: defaultdict(set))
    for r in rows("""SELECT DISTINCT ?t ?d ?recurrence ?text ?deadline WHERE { ?t a dkg:Task ; dkg:assignedBy ?d .
            OPTIONAL { ?t dkg:recurrence ?recurrence } OPTIONAL { ?t dkg:taskText ?text }
            OPTIONAL { ?t dkg:hasDeadline ?deadline } }"""):
        for name, value in r.items():
            if value is not None:
                cols[r["t"]][name].add(value)
    parts: dict[str, dict[str, set[Any]]] = defaultdict(lambda: defaultdict(set))
    optional = " ".join(f"OPTIONAL {{ ?dl {pred} ?{name} }}" for name, pred in DEADLINE_COLUMNS.items())
    for r in rows(f"SELECT DISTINCT ?dl {' '.join('?' + n for n in DEADLINE_COLUMNS)} WHERE {{ "
                  f"?t a dkg:Task ; dkg:hasDeadline ?dl . {optional} }}"):
        for name, value in r.items():
            if value is not None:
                parts[r["dl"]][name].add(value)
    found = []
    for t in sorted(cols):
        places = [p for d in cols[t]["d"] for p in doc_province.get(d, [])]
        if not places:
            continue
        dl = smallest(cols[t]["deadline"])
        row: dict[str, Any] = {"t": t, "province": smallest(places), "recurrence": smallest(cols[t]["recurrence"]),
                               "deadline": dl}
        for name in DEADLINE_COLUMNS:
            row[name] = smallest(parts[dl][name]) if dl else None
        row["text"] = smallest(cols[t]["text"])
        row["leads"] = sorted(str(x) for x in set(lead.get(t, [])))
        found.append(row)
    return found


def document_texts(rows: Rows) -> dict[str, list[str]]:
    """doc IRI → texts that say what it is about (title, task texts, meeting kinds)."""
    out: dict[str, set[str]] = defaultdict(set)
    for d, titles in pairs(rows, "dcterms:title", "?s a dkg:Document").items():
        out[d].update(str(t) for t in titles)
    texts = pairs(rows, "dkg:taskText")
    for t, docs in pairs(rows, "dkg:assignedBy").items():
        for d in docs:
            out[d].update(str(x) for x in texts.get(t, []))
    kinds = pairs(rows, "dkg:meetingKind")
    for m, docs in pairs(rows, "dkg:concludedBy").items():
        for d in docs:
            out[d].update(str(x) for x in kinds.get(m, []))
    return {d: sorted(texts) for d, texts in out.items() if texts}


def type_counts(rows: Rows) -> dict[str, int]:
    """Nodes per node table in the RDF store."""
    out = {}
    for t in NODE_TYPES:
        found = rows(f"SELECT (COUNT(*) AS ?count) WHERE {{ SELECT DISTINCT ?n WHERE {{ ?n a dkg:{t} }} }}")
        if found and int(found[0]["count"] or 0):
            out[t] = int(found[0]["count"])
    return out


def is_ours(uri: str) -> bool:
    return uri.startswith(ID)
