"""The RDF → property-graph mapping, written once and read from the ontology at run time.

The shape is close to what neosemantics (n10s) makes of our Turtle with ``handleVocabUris: IGNORE``
(local names everywhere), with a typed schema because LadybugDB wants one:

* **Node tables.**  The classes annotated ``<ns>nodeTable true`` in the ontology are the node tables;
  without any such annotation, every class of our namespace whose super-classes all lie outside it
  is one.  A node lives in the nearest node table among its types and their super-classes (a
  ``dkg:PartyBoard`` lives in ``Organ``).  Every node has ``uri`` (primary key), ``type`` (local name of
  its most specific class) and ``types`` (local names of all its classes of the ontology).
  n10s would give a node one label per class; here the label is the node table, the classes are
  in ``types``.
* **Classes left to the RDF store.**  A class annotated ``<ns>propertyGraph false`` (and its
  sub-classes) is no node table: a node typed with it is not mapped (whatever its other types),
  nor are the statements whose subject it is, and the properties whose domain it is get no
  relationship table or column.  The report counts those nodes per class (``kept_in_rdf``: by
  design, not a problem).  n10s would import them; here they stay provenance in the RDF store.
* **Properties left to the RDF store.**  A datatype or object property annotated
  ``<ns>propertyGraph false`` (an index for SPARQL, such as the date indexes) is no column and no
  relationship table: its statements are not mapped, and are counted per property in ``kept_in_rdf``.
* **Properties.**  Datatype properties of the ontology (plus ``rdfs:label`` and the SKOS labels) are
  columns named by their local name, typed from their ``rdfs:range``: xsd:date → DATE, xsd:integer
  (and the other integer types) → INT64, xsd:boolean → BOOLEAN, xsd:decimal/double/float → DOUBLE,
  anything else → STRING.  A column sits on the node tables of the property's domain, on all of
  them when it has none.  **Multi-valued properties**: ``skos:altLabel``/``skos:hiddenLabel`` and
  properties annotated ``<ns>multiValued true`` are lists (``STRING[]``); any other property is a
  single value, and when the data gives several, one is kept (the Vietnamese one, then the
  smallest; n10s keeps "the last one") and the report counts it.
* **Relationships.**  Each object property of the ontology is a relationship table named by its
  local name, whose FROM/TO pairs are the node tables of its domain and range (a class that is no
  node table and has no node-table ancestor stands for all node tables below it).  Each
  relationship carries ``sources``: the named graphs (source documents) that state it.  A super
  property written out in the data only so that SPARQL needs no inference (``prov:wasDerivedFrom``
  beside ``dkg:assignedBy``) is not a relationship table; its triples are counted as *implied*.

Nothing is dropped silently: classes, properties and values the ontology does not cover are
counted in ``MappingReport``.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from itertools import chain
from typing import Any, NamedTuple

import pyoxigraph as ox
from rdflib import OWL, RDF, RDFS, XSD, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SKOS

DKG = "https://w3id.org/vn-directives/ontology#"
RDF_TYPE = str(RDF.type)

#: Datatype properties every node table has even when the ontology does not declare them.
LABEL_PROPERTIES = (str(RDFS.label), str(SKOS.prefLabel), str(SKOS.altLabel), str(SKOS.hiddenLabel),
                    str(SKOS.notation))
#: Properties that are lists whatever the ontology says (SKOS allows many of each).
MULTIVALUED = frozenset({str(SKOS.altLabel), str(SKOS.hiddenLabel)})
#: Ranges of reused properties as their own vocabularies define them, for an ontology that
#: declares such a property without repeating its range.
KNOWN_RANGES = {
    "http://data.europa.eu/eli/ontology#date_document": str(XSD.date),
    "http://data.europa.eu/eli/ontology#date_publication": str(XSD.date),
    "http://data.europa.eu/eli/ontology#first_date_entry_in_force": str(XSD.date),
    "http://www.w3.org/2006/time#inXSDDate": str(XSD.date),
}

_INTEGER_TYPES = {"integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
                  "negativeInteger", "nonPositiveInteger", "unsignedInt", "unsignedLong",
                  "unsignedShort", "unsignedByte", "gYear"}
XSD_COLUMN_TYPES: dict[str, str] = {str(XSD.date): "DATE", str(XSD.boolean): "BOOLEAN",
                                    str(XSD.decimal): "DOUBLE", str(XSD.double): "DOUBLE",
                                    str(XSD.float): "DOUBLE"}
XSD_COLUMN_TYPES.update({str(XSD) + name: "INT64" for name in _INTEGER_TYPES - {"gYear"}})

#: Column names the mapping itself uses (and LadybugDB's internal ones).
RESERVED_COLUMNS = frozenset({"uri", "type", "types", "_id", "_label", "id", "sources"})


def local_name(iri: str) -> str:
    """'https://…/ontology#Organ' → 'Organ'; 'http://purl.org/dc/terms/title' → 'title'."""
    for sep in ("#", "/", ":"):
        if sep in iri:
            tail = iri.rsplit(sep, 1)[1]
            if tail:
                return tail
    return iri


# --------------------------------------------------------------------------------------------
# The schema
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Column:
    name: str
    type: str                      # STRING | DATE | INT64 | BOOLEAN | DOUBLE, with [] for a list
    properties: tuple[str, ...] = ()   # the RDF properties it holds (empty for uri/type/types/sources)

    @property
    def is_list(self) -> bool:
        return self.type.endswith("[]")

    @property
    def base_type(self) -> str:
        return self.type.removesuffix("[]")


BUILTIN_NODE_COLUMNS = (Column("uri", "STRING"), Column("type", "STRING"), Column("types", "STRING[]"))
BUILTIN_REL_COLUMNS = (Column("sources", "STRING[]"),)


@dataclass
class NodeTable:
    name: str
    class_iri: str
    columns: dict[str, Column] = field(default_factory=dict)


@dataclass
class RelTable:
    name: str
    properties: tuple[str, ...]
    pairs: list[tuple[str, str]]
    columns: dict[str, Column] = field(default_factory=dict)


@dataclass
class Schema:
    """Node and relationship tables derived from an ontology (see the module docstring)."""

    namespace: str
    node_tables: dict[str, NodeTable]
    rel_tables: dict[str, RelTable]
    class_table: dict[str, str]            # class IRI (ours or a reused super-class) → node table
    class_rank: dict[str, int]             # how specific a class is (more ancestors = higher)
    datatype_properties: dict[str, str]    # property IRI → column name
    object_properties: dict[str, str]      # property IRI → relationship table
    implied_properties: frozenset[str]     # super-properties of relationships, not tables themselves
    ontology_terms: frozenset[str]         # classes, properties, the ontology itself (skipped in the data)
    warnings: list[str] = field(default_factory=list)
    # Individuals the ontology defines in a node table (document kinds ...): (s, p, o) rdflib triples.
    individuals: list[tuple[Any, Any, Any]] = field(default_factory=list)
    # Classes annotated ``<ns>propertyGraph false`` (and their sub-classes): their nodes, and the
    # properties whose domain they are, stay in the RDF store only (counted in ``kept_in_rdf``).
    rdf_only_classes: frozenset[str] = frozenset()
    # Properties annotated ``<ns>propertyGraph false``: no column or relationship table; their
    # statements stay in the RDF store only (counted, one per statement, in ``kept_in_rdf``).
    rdf_only_properties: frozenset[str] = frozenset()

    def rdf_only_of(self, classes: Iterable[str]) -> list[str]:
        """The RDF-only classes among a node's types: when there is one, the node stays in RDF only
        (whatever its other types)."""
        return sorted(c for c in classes if c in self.rdf_only_classes)

    def fingerprint(self) -> str:
        """Changes whenever a table, column, type or FROM/TO pair changes, or the properties kept in
        the RDF store (an unknown property annotated so leaves the report, and the views' recorded
        problems only change with a full rebuild)."""
        parts = []
        for table in self.node_tables.values():
            parts.append(f"N {table.name} " + ",".join(f"{c.name}:{c.type}" for c in table.columns.values()))
        for rel in self.rel_tables.values():
            parts.append(f"R {rel.name} {sorted(rel.pairs)} "
                         + ",".join(f"{c.name}:{c.type}" for c in rel.columns.values()))
        if self.rdf_only_properties:          # (only then: the schemas without any keep their fingerprint)
            parts.append("K " + ",".join(sorted(self.rdf_only_properties)))
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]

    def describe(self) -> dict[str, Any]:
        """A plain summary (for `dkg stats`, docs and tests)."""
        return {
            "node_tables": {t.name: {c.name: c.type for c in t.columns.values()}
                            for t in self.node_tables.values()},
            "rel_tables": {r.name: [list(p) for p in r.pairs] for r in self.rel_tables.values()},
            "rdf_only_properties": sorted(self.rdf_only_properties),
        }


def _as_iri_set(graph: Graph, subject: URIRef, predicate: URIRef) -> list[str]:
    """Objects of (subject, predicate), with an ``owl:unionOf`` list expanded to its members."""
    out: list[str] = []
    for obj in graph.objects(subject, predicate):
        if isinstance(obj, URIRef):
            out.append(str(obj))
        elif isinstance(obj, BNode):
            for union in graph.objects(obj, OWL.unionOf):
                out.extend(str(m) for m in Collection(graph, union) if isinstance(m, URIRef))
    return sorted(set(out))


def _is_true(graph: Graph, subject: URIRef, predicate: URIRef) -> bool:
    return any(isinstance(o, Literal) and str(o).lower() in ("true", "1") for o in graph.objects(subject, predicate))


def schema_from_ontology(ontology: Graph, namespace: str = DKG,
                         multivalued: Iterable[str] = MULTIVALUED) -> Schema:
    """Node and relationship tables from an ontology held in an rdflib Graph."""
    warnings: list[str] = []
    node_table_flag = URIRef(namespace + "nodeTable")
    property_graph_flag = URIRef(namespace + "propertyGraph")
    multivalued_flag = URIRef(namespace + "multiValued")

    classes: set[str] = set()
    for kind in (OWL.Class, RDFS.Class):
        classes.update(str(c) for c in ontology.subjects(RDF.type, kind) if isinstance(c, URIRef))
    classes.update(str(c) for c in ontology.subjects(RDFS.subClassOf, None) if isinstance(c, URIRef))
    parents: dict[str, set[str]] = defaultdict(set)
    for sub, sup in ontology.subject_objects(RDFS.subClassOf):
        if isinstance(sub, URIRef) and isinstance(sup, URIRef) and sub != sup:
            parents[str(sub)].add(str(sup))

    def ancestors(cls: str) -> dict[str, int]:
        """Every super-class with its distance (0 for the class itself)."""
        seen = {cls: 0}
        frontier = [cls]
        while frontier:
            nxt = []
            for c in frontier:
                for p in parents.get(c, ()):
                    if p not in seen:
                        seen[p] = seen[c] + 1
                        nxt.append(p)
            frontier = nxt
        return seen

    kept_out = {str(c) for c, flag in ontology.subject_objects(property_graph_flag)
                if isinstance(c, URIRef) and isinstance(flag, Literal) and str(flag).lower() in ("false", "0")}
    # The annotation on a property keeps that property's statements in the RDF store; on anything
    # else (a class), the nodes of that class.
    rdf_only_props = {p for p in kept_out if p in LABEL_PROPERTIES or any(
        (URIRef(p), RDF.type, kind) in ontology for kind in (OWL.DatatypeProperty, OWL.ObjectProperty, RDF.Property))}
    kept_out -= rdf_only_props
    rdf_only = {c for c in classes if kept_out & set(ancestors(c))} | kept_out

    def left_to_rdf(prop: str) -> bool:
        """A property kept in RDF, or whose every domain stays in RDF, gets no column or relationship
        table."""
        if prop in rdf_only_props:
            return True
        domains = _as_iri_set(ontology, URIRef(prop), RDFS.domain)
        return bool(domains) and all(d in rdf_only for d in domains)
    annotated = sorted(c for c in classes if _is_true(ontology, URIRef(c), node_table_flag))
    if annotated:
        table_classes = [c for c in annotated if c not in rdf_only]
    else:
        table_classes = sorted(c for c in classes if c.startswith(namespace) and c not in rdf_only
                               and not any(p.startswith(namespace) for p in parents.get(c, ())))

    node_tables: dict[str, NodeTable] = {}
    table_of_class_iri: dict[str, str] = {}
    for cls in table_classes:
        name = local_name(cls)
        if name.lower() in {n.lower() for n in node_tables}:
            warnings.append(f"two node tables would be called {name}; {cls} is named {name}_2")
            name = f"{name}_2"
        node_tables[name] = NodeTable(name, cls, {c.name: c for c in BUILTIN_NODE_COLUMNS})
        table_of_class_iri[cls] = name

    class_table: dict[str, str] = {}
    class_rank: dict[str, int] = {}
    all_ancestors = {c: ancestors(c) for c in classes}
    for cls in sorted(classes):
        anc = all_ancestors[cls]
        class_rank[cls] = len(anc)
        candidates = sorted((dist, c) for c, dist in anc.items() if c in table_of_class_iri)
        if not candidates:
            continue
        nearest = [c for dist, c in candidates if dist == candidates[0][0]]
        if len(nearest) > 1:
            warnings.append(f"{cls} is below several node tables {nearest}; it is put in the first")
        class_table[cls] = table_of_class_iri[nearest[0]]
    # Reused super-classes (org:Organization, foaf:Person) map to a table when only one is below them.
    below: dict[str, set[str]] = defaultdict(set)
    for cls, anc in all_ancestors.items():
        if cls in class_table:
            for a in anc:
                below[a].add(class_table[cls])
    shared_with_rdf_only = {a for c in rdf_only for a in all_ancestors.get(c, {c: 0})}
    for sup, tables in below.items():
        if sup not in class_table and sup not in classes and len(tables) == 1 and sup not in shared_with_rdf_only:
            class_table[sup] = next(iter(tables))

    all_tables = sorted(node_tables)

    def tables_for(classes_: list[str]) -> list[str]:
        if not classes_:
            return all_tables
        out: set[str] = set()
        for c in classes_:
            if c in class_table:
                out.add(class_table[c])
            else:
                out.update(below.get(c, ()))
        return sorted(out)

    # --- datatype properties → columns --------------------------------------------------------
    functional = {str(p) for p in ontology.subjects(RDF.type, OWL.FunctionalProperty)}
    multivalued = set(multivalued) | {str(p) for p in ontology.subjects(multivalued_flag, None)
                                      if _is_true(ontology, p, multivalued_flag)}
    datatype_props = sorted({str(p) for p in ontology.subjects(RDF.type, OWL.DatatypeProperty)
                             if isinstance(p, URIRef)} | set(LABEL_PROPERTIES))
    datatype_properties: dict[str, str] = {}
    for prop in datatype_props:
        if left_to_rdf(prop):
            continue
        ranges = _as_iri_set(ontology, URIRef(prop), RDFS.range) or (
            [KNOWN_RANGES[prop]] if prop in KNOWN_RANGES else [])
        types = {XSD_COLUMN_TYPES.get(r, "STRING") for r in ranges} or {"STRING"}
        base = types.pop() if len(types) == 1 else "STRING"
        is_list = prop in multivalued and prop not in functional
        name = local_name(prop)
        if name in RESERVED_COLUMNS:
            warnings.append(f"property {prop} would shadow the column {name}; it is called {name}_")
            name += "_"
        datatype_properties[prop] = name
        domains = _as_iri_set(ontology, URIRef(prop), RDFS.domain)
        for table_name in tables_for(domains):
            columns = node_tables[table_name].columns
            column = Column(name, base + ("[]" if is_list else ""), (prop,))
            if name in columns:
                old = columns[name]
                if old.type != column.type:
                    warnings.append(f"{table_name}.{name}: {old.properties} and {prop} disagree on the "
                                    f"type ({old.type}, {column.type}); STRING is used")
                    column = Column(name, "STRING[]" if old.is_list or is_list else "STRING",
                                    old.properties + (prop,))
                else:
                    column = Column(name, old.type, old.properties + (prop,))
            columns[name] = column

    # --- object properties → relationship tables ----------------------------------------------
    object_props = sorted(str(p) for p in ontology.subjects(RDF.type, OWL.ObjectProperty)
                          if isinstance(p, URIRef))
    rel_tables: dict[str, RelTable] = {}
    object_properties: dict[str, str] = {}
    node_names = {n.lower() for n in node_tables}
    for prop in object_props:
        if left_to_rdf(prop):
            continue
        name = local_name(prop)
        if name.lower() in node_names:
            warnings.append(f"object property {prop} has the name of a node table; it is called {name}_rel")
            name += "_rel"
        domains = tables_for(_as_iri_set(ontology, URIRef(prop), RDFS.domain))
        ranges = tables_for(_as_iri_set(ontology, URIRef(prop), RDFS.range))
        pairs = [(d, r) for d in domains for r in ranges]
        if name in rel_tables:
            rel = rel_tables[name]
            warnings.append(f"object properties {rel.properties} and {prop} share the name {name}")
            rel.properties += (prop,)
            rel.pairs = sorted(set(rel.pairs) | set(pairs))
        else:
            rel_tables[name] = RelTable(name, (prop,), pairs, {c.name: c for c in BUILTIN_REL_COLUMNS})
        object_properties[prop] = name

    # Super-properties of relationships that are not relationships themselves.
    super_props: dict[str, set[str]] = defaultdict(set)
    for sub, sup in ontology.subject_objects(RDFS.subPropertyOf):
        if isinstance(sub, URIRef) and isinstance(sup, URIRef):
            super_props[str(sub)].add(str(sup))
    implied: set[str] = set()
    frontier = list(object_properties)
    while frontier:
        nxt = []
        for p in frontier:
            for sup in super_props.get(p, ()):
                if sup not in object_properties and sup not in implied and sup not in rdf_only_props:
                    implied.add(sup)
                    nxt.append(sup)
        frontier = nxt

    # Individuals the ontology itself defines in a node table (kind:nghi-quyet a dkg:DocumentKind):
    # the data points at them, so they are nodes too, with the labels the ontology gives them.
    individual_iris = sorted({str(s) for s, o in ontology.subject_objects(RDF.type)
                              if isinstance(s, URIRef) and str(o) in class_table and str(s) not in classes})
    # Only what the mapping has a place for: their classes and the mapped properties (not
    # owl:NamedIndividual, skos:inScheme or annotations meant for code).
    individuals = [(URIRef(i), p, o) for i in individual_iris for p, o in ontology.predicate_objects(URIRef(i))
                   if (p == RDF.type and str(o) in class_table)
                   or str(p) in datatype_properties or str(p) in object_properties]
    terms = {str(s) for s in ontology.subjects() if isinstance(s, URIRef)} - set(individual_iris)
    return Schema(namespace, node_tables, rel_tables, class_table, class_rank, datatype_properties,
                  object_properties, frozenset(implied), frozenset(terms), warnings, individuals,
                  frozenset(rdf_only), frozenset(rdf_only_props))


# --------------------------------------------------------------------------------------------
# The rows
# --------------------------------------------------------------------------------------------

class Edge(NamedTuple):
    src: str
    dst: str
    src_table: str
    dst_table: str
    sources: list[str]


@dataclass
class MappingReport:
    """What the data holds that the ontology does not cover (counted, never silently dropped)."""

    unknown_classes: Counter = field(default_factory=Counter)      # class IRI → nodes typed with it
    unknown_properties: Counter = field(default_factory=Counter)   # property IRI → triples
    untyped_nodes: Counter = field(default_factory=Counter)        # "subject without rdf:type" → n
    stub_nodes: Counter = field(default_factory=Counter)           # table → nodes known only as objects
    dropped_edges: Counter = field(default_factory=Counter)        # reason → edges
    dropped_values: Counter = field(default_factory=Counter)       # reason → values
    multi_values: Counter = field(default_factory=Counter)         # table.column → nodes with several
    implied: Counter = field(default_factory=Counter)              # super-property → triples skipped
    kept_in_rdf: Counter = field(default_factory=Counter)          # RDF-only class → nodes, property → statements
    graph_descriptions: int = 0                                    # triples about named graphs themselves

    def problems(self) -> list[str]:
        """One line per kind of loss, for the build summary."""
        lines = []
        for label, counter in (("unknown class", self.unknown_classes),
                               ("unknown property", self.unknown_properties),
                               ("untyped node", self.untyped_nodes),
                               ("dropped edge", self.dropped_edges),
                               ("dropped value", self.dropped_values),
                               ("several values, one kept", self.multi_values)):
            lines.extend(f"{label}: {key} ({n})" for key, n in sorted(counter.items()))
        return lines

    @property
    def clean(self) -> bool:
        return not self.problems()


class MappedRows(NamedTuple):
    nodes: dict[str, list[dict[str, Any]]]   # node table → rows (uri, type, types, columns...)
    rels: dict[str, list[Edge]]              # relationship table → edges
    report: MappingReport


# Terms are normalised to: IRI → ("I", iri); blank node → ("I", "_:id"); literal → ("L", lex, dt, lang).
_Term = tuple
_XSD_STRING = str(XSD.string)
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def _norm(term: Any) -> _Term:
    kind = type(term)
    if kind is ox.NamedNode:
        return ("I", term.value)
    if kind is ox.Literal:
        return ("L", term.value, term.datatype.value, term.language or "")
    if kind is ox.BlankNode:
        return ("I", "_:" + term.value)
    if isinstance(term, Literal):
        dt = str(term.datatype) if term.datatype else (_LANG_STRING if term.language else _XSD_STRING)
        return ("L", str(term), dt, term.language or "")
    if isinstance(term, BNode):
        return ("I", "_:" + str(term))
    if isinstance(term, URIRef):
        return ("I", str(term))
    if term is None or kind is ox.DefaultGraph or isinstance(term, Graph):
        return ("I", term.identifier if isinstance(term, Graph) else "")
    raise TypeError(f"not an RDF term: {term!r}")


def _normalised(data: Any) -> Iterable[tuple[str, str, _Term, str]]:
    """(subject, predicate, object, graph) with subject/predicate/graph as strings."""
    if isinstance(data, Graph):
        if getattr(data, "context_aware", False):
            items: Iterable[Any] = data.quads((None, None, None, None))
        else:
            items = ((s, p, o, None) for s, p, o in data)
    else:
        items = data
    # One string object per distinct IRI and one tuple per distinct term: a store repeats each
    # predicate, graph and shared node millions of times, and the mapping keeps them all.
    strings: dict[str, str] = {}
    terms: dict[_Term, _Term] = {}
    same = strings.setdefault
    for item in items:
        if type(item) is ox.Quad:                     # the fast path: RdfStore.quads()
            s, o, g = item.subject, item.object, item.graph_name
            subject = same(s.value, s.value) if type(s) is ox.NamedNode else "_:" + s.value
            graph = same(g.value, g.value) if type(g) is ox.NamedNode else ""
            term = _norm(o)
            term = terms.setdefault(term, term)
            yield subject, same(item.predicate.value, item.predicate.value), term, graph
            continue
        if type(item) is ox.Triple:
            s, p, o, g = item.subject, item.predicate, item.object, None
        elif len(item) == 4:
            s, p, o, g = item
        else:
            (s, p, o), g = item[:3], None
        graph = _norm(g)[1] if g is not None else ""
        yield _norm(s)[1], _norm(p)[1], _norm(o), str(graph)


_LANG_RANK = {"vi": 0, "": 1, "en": 2}


def lang_order(value: tuple[str, str, str]) -> tuple[int, str, str]:
    """Sort key of a literal (lexical form, datatype, language): Vietnamese first, then untagged,
    English, the rest; then by lexical form and language."""
    return _LANG_RANK.get(value[2], 3), value[0], value[2]


def _convert(base_type: str, lex: str, dt: str) -> Any:
    if base_type == "STRING":
        return lex
    if base_type == "DATE":
        return date.fromisoformat(lex[:10])
    if base_type == "INT64":
        value = int(lex)
        if not -(2**63) <= value < 2**63:
            raise ValueError("out of INT64 range")
        return value
    if base_type == "BOOLEAN":
        if lex in ("true", "1"):
            return True
        if lex in ("false", "0"):
            return False
        raise ValueError("not a boolean")
    if base_type == "DOUBLE":
        return float(lex)
    raise ValueError(f"unknown column type {base_type}")


def count_unmapped(prop: str, schema: Schema, report: MappingReport) -> None:
    """Count, in ``report``, one node-valued statement of a property that has no relationship table."""
    if prop in schema.implied_properties:
        report.implied[prop] += 1
    elif prop in schema.datatype_properties:
        report.dropped_values[f"{local_name(prop)}: a node where a literal is expected"] += 1
    else:
        report.unknown_properties[prop] += 1


def known_classes(asserted: set[str], schema: Schema, report: MappingReport) -> list[str]:
    """The classes of a subject the schema knows, most specific first (its node table is the first
    one's); unknown classes, and types that fall in several node tables, are counted in ``report``."""
    known = [t for t in asserted if t in schema.class_table]
    for t in asserted - set(known):
        report.unknown_classes[t] += 1
    if known:
        known.sort(key=lambda t: (-schema.class_rank.get(t, 0), t))
        tables = {schema.class_table[t] for t in known}
        if len(tables) > 1:
            table = schema.class_table[known[0]]
            report.dropped_values[f"types in several node tables {sorted(tables)}: kept in {table}"] += 1
    return known


def rows_from_rdf(data: Any, schema: Schema, graph_names: set[str] | None = None) -> MappedRows:
    """Node rows per table and edges per relationship table from RDF data.

    ``data``: an rdflib Graph or Dataset, or an iterable of pyoxigraph Quads/Triples, or of
    (s, p, o[, g]) tuples of rdflib or pyoxigraph terms.  The individuals the ontology defines in a
    node table (``schema.individuals``) are added.  Skipped: subjects that are classes or properties
    of the ontology (when it was loaded beside the data), and statements about the named graphs
    themselves (their provenance: ``<graph> prov:wasDerivedFrom <document>``), which are counted, as
    are the statements of the properties kept in the RDF store (``schema.rdf_only_properties``: every
    quad, whatever its subject).
    ``graph_names``: the named graphs of the whole store, when ``data`` is only part of it.
    """
    report = MappingReport()
    types: dict[str, set[str]] = defaultdict(set)
    literals: dict[str, dict[str, list[tuple[str, str, str]]]] = defaultdict(lambda: defaultdict(list))
    edges: dict[tuple[str, str, str], set[str]] = defaultdict(set)   # (prop, s, o) → graphs
    subjects: set[str] = set()
    graph_names = set(graph_names or ())

    ontology_terms = schema.ontology_terms
    rdf_only_properties = schema.rdf_only_properties
    for subject, prop, obj, graph in chain(_normalised(schema.individuals), _normalised(data)):
        if graph:
            graph_names.add(graph)
        if prop in rdf_only_properties:
            report.kept_in_rdf[prop] += 1
            continue
        if subject in ontology_terms:
            continue
        subjects.add(subject)
        if obj[0] == "L":
            literals[subject][prop].append(obj[1:])
        elif prop == RDF_TYPE:
            types[subject].add(obj[1])
        else:
            edges[(prop, subject, obj[1])].add(graph)

    # Statements about the named graphs describe the sources, not the domain.
    described = subjects & graph_names
    if described:
        for subject in described:
            report.graph_descriptions += len(types.pop(subject, ())) + sum(
                len(v) for v in literals.pop(subject, {}).values())
        for key in [k for k in edges if k[1] in described]:
            report.graph_descriptions += 1
            del edges[key]
        subjects -= described

    # Nodes of the classes the property graph leaves to the RDF store (dkg:Mention): counted, not mapped.
    if schema.rdf_only_classes:
        kept = set()
        for subject in subjects:
            for cls in schema.rdf_only_of(types.get(subject, ())):
                report.kept_in_rdf[cls] += 1
                kept.add(subject)
        for subject in kept:
            types.pop(subject, None)
            literals.pop(subject, None)
        for key in [k for k in edges if k[1] in kept]:
            del edges[key]
        subjects -= kept

    # --- which table each subject lives in ---------------------------------------------------
    table_of: dict[str, str] = {}
    rows: dict[str, dict[str, Any]] = {}
    for subject in sorted(subjects):
        asserted = types.get(subject, set())
        known = known_classes(asserted, schema, report)
        if not known:
            if not asserted:
                report.untyped_nodes["subject without rdf:type"] += 1
            continue
        table_of[subject] = schema.class_table[known[0]]
        ours = sorted({local_name(t) for t in known if t in schema.class_rank})
        rows[subject] = {"uri": subject, "type": local_name(known[0]), "types": ours}

    # Objects of relationships never described themselves: a stub row when the range is one table
    # (edges in sorted order, so that the first edge to reach a node decides whatever the data's order).
    for (prop, subject, obj) in sorted(edges):
        rel_name = schema.object_properties.get(prop)
        if rel_name is None or obj in table_of or subject not in table_of:
            continue
        rel = schema.rel_tables[rel_name]
        candidates = sorted({dst for src, dst in rel.pairs if src == table_of[subject]})
        if len(candidates) == 1 and obj not in types:
            table_of[obj] = candidates[0]
            table = schema.node_tables[candidates[0]]
            rows[obj] = {"uri": obj, "type": local_name(table.class_iri), "types": [local_name(table.class_iri)]}
            report.stub_nodes[candidates[0]] += 1

    # --- columns -----------------------------------------------------------------------------
    for subject, props in literals.items():
        table_name = table_of.get(subject)
        if table_name is None:
            for prop, values in props.items():
                report.dropped_values[f"{local_name(prop)} on a node without a node table"] += len(values)
            continue
        columns = schema.node_tables[table_name].columns
        row = rows[subject]
        for prop, values in props.items():
            name = schema.datatype_properties.get(prop)
            if name is None:
                if prop in schema.object_properties:
                    report.dropped_values[f"{local_name(prop)}: a literal where a node is expected"] += len(values)
                else:
                    report.unknown_properties[prop] += len(values)
                continue
            column = columns.get(name)
            if column is None:
                report.dropped_values[f"{name} on {table_name}: outside the property's domain"] += len(values)
                continue
            converted = []
            for lex, dt, lang in sorted(values, key=lang_order):
                try:
                    converted.append((lang, _convert(column.base_type, lex, dt)))
                except ValueError:
                    report.dropped_values[f"{table_name}.{name}: {lex!r} is not {column.base_type}"] += 1
            if not converted:
                continue
            if column.is_list:
                merged = set(row.get(name) or []) | {value for _, value in converted}
                row[name] = sorted(merged)
            else:
                # The same text in other languages ("Nghị quyết"@vi, "Resolution"@en) is no conflict.
                best_lang = converted[0][0]
                best = [value for lang, value in converted if lang == best_lang]
                if name in row:
                    best.insert(0, row[name])
                if len(set(best)) > 1:
                    report.multi_values[f"{table_name}.{name}"] += 1
                row[name] = best[0]

    # --- relationships -----------------------------------------------------------------------
    rels: dict[str, list[Edge]] = defaultdict(list)
    pair_sets = {name: set(rel.pairs) for name, rel in schema.rel_tables.items()}
    for (prop, subject, obj), graphs in sorted(edges.items()):
        rel_name = schema.object_properties.get(prop)
        if rel_name is None:
            count_unmapped(prop, schema, report)
            continue
        src, dst = table_of.get(subject), table_of.get(obj)
        if src is None or dst is None:
            report.dropped_edges[f"{rel_name}: an end has no node table"] += 1
            continue
        if (src, dst) not in pair_sets[rel_name]:
            report.dropped_edges[f"{rel_name}: {src}→{dst} is outside its domain/range"] += 1
            continue
        rels[rel_name].append(Edge(subject, obj, src, dst, sorted(g for g in graphs if g)))

    nodes: dict[str, list[dict[str, Any]]] = {name: [] for name in schema.node_tables}
    for subject in sorted(rows):
        nodes[table_of[subject]].append(rows[subject])
    return MappedRows(nodes, dict(rels), report)
