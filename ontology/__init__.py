"""The ontology (directives.ttl) and the SHACL shapes (shapes.ttl) as package data.

Namespaces every step shares, the parsed graphs (parsed once per process), and the
property-graph reading of the ontology (decision 3 at the top of directives.ttl):
which classes are node tables, which stay in the RDF store only, and which FROM/TO pairs each
object property connects.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL

HERE = Path(__file__).resolve().parent
ONTOLOGY_TTL = HERE / "directives.ttl"
SHAPES_TTL = HERE / "shapes.ttl"

ONTOLOGY_IRI = URIRef("https://w3id.org/vn-directives/ontology")
DKG = Namespace("https://w3id.org/vn-directives/ontology#")
KIND = Namespace("https://w3id.org/vn-directives/kind/")
ID = Namespace("https://w3id.org/vn-directives/id/")          # data: ID[key]
GRAPH = Namespace("https://w3id.org/vn-directives/graph/")    # named graph of a document: GRAPH[document key]
ELI = Namespace("http://data.europa.eu/eli/ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")
PROV = Namespace("http://www.w3.org/ns/prov#")
TIME = Namespace("http://www.w3.org/2006/time#")

PREFIXES = {
    "dkg": DKG, "kind": KIND, "id": ID, "eli": ELI, "org": ORG, "prov": PROV, "time": TIME,
    "skos": Namespace("http://www.w3.org/2004/02/skos/core#"),
    "dcterms": Namespace("http://purl.org/dc/terms/"),
    "foaf": Namespace("http://xmlns.com/foaf/0.1/"),
    "xsd": Namespace("http://www.w3.org/2001/XMLSchema#"),
}


def bind_prefixes(graph: Graph) -> Graph:
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, replace=True)
    return graph


@lru_cache(maxsize=1)
def ontology_graph() -> Graph:
    """The parsed ontology, shared: never modify it (copy it first)."""
    return Graph().parse(ONTOLOGY_TTL, format="turtle")


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    """The parsed SHACL shapes, shared: never modify it (copy it first)."""
    return Graph().parse(SHAPES_TTL, format="turtle")


def _is_node_table(graph: Graph, cls: URIRef) -> bool:
    return (cls, DKG.nodeTable, Literal(True)) in graph


def node_tables(graph: Graph | None = None) -> list[URIRef]:
    """Classes that are node tables of the property graph, sorted."""
    graph = graph or ontology_graph()
    return sorted(s for s in graph.subjects(DKG.nodeTable, Literal(True)) if isinstance(s, URIRef))


def node_table_of(cls: URIRef, graph: Graph | None = None) -> URIRef | None:
    """The node table an instance of ``cls`` lives in: ``cls`` or its nearest annotated ancestor."""
    graph = graph or ontology_graph()
    seen: set[URIRef] = set()
    frontier = [cls]
    while frontier:
        current = frontier.pop(0)
        if current in seen:
            continue
        seen.add(current)
        if _is_node_table(graph, current):
            return current
        frontier.extend(o for o in graph.objects(current, RDFS.subClassOf) if isinstance(o, URIRef))
    return None


def tables_for(cls: URIRef, graph: Graph | None = None) -> list[URIRef]:
    """Node tables standing for ``cls``: its own node table, else all node tables below it."""
    graph = graph or ontology_graph()
    own = node_table_of(cls, graph)
    if own is not None:
        return [own]
    return [t for t in node_tables(graph) if cls in graph.transitive_objects(t, RDFS.subClassOf)]


def rdf_only_classes(graph: Graph | None = None) -> list[URIRef]:
    """Classes annotated ``dkg:propertyGraph false``: their nodes stay in the RDF store only."""
    graph = graph or ontology_graph()
    return sorted(s for s in graph.subjects(DKG.propertyGraph, Literal(False))
                  if isinstance(s, URIRef) and (s, RDF.type, OWL.Class) in graph)


def object_properties(graph: Graph | None = None) -> list[URIRef]:
    """Our object properties (the dkg: namespace), sorted: each one is a relationship table, except
    those whose domain is an RDF-only class (``rdf_only_properties``)."""
    return _object_properties(graph or ontology_graph(), rdf_only=False)


def rdf_only_properties(graph: Graph | None = None) -> list[URIRef]:
    """Our object properties whose domain is an RDF-only class: no relationship table."""
    return _object_properties(graph or ontology_graph(), rdf_only=True)


def _object_properties(graph: Graph, rdf_only: bool) -> list[URIRef]:
    kept = set(rdf_only_classes(graph))
    return sorted(p for p in graph.subjects(RDF.type, OWL.ObjectProperty)
                  if isinstance(p, URIRef) and str(p).startswith(str(DKG))
                  and (graph.value(p, RDFS.domain) in kept) == rdf_only)


def relationship_pairs(prop: URIRef, graph: Graph | None = None) -> list[tuple[URIRef, URIRef]]:
    """The (FROM, TO) node-table pairs of an object property, from its domain and range."""
    graph = graph or ontology_graph()
    domain = graph.value(prop, RDFS.domain)
    range_ = graph.value(prop, RDFS.range)
    if not isinstance(domain, URIRef) or not isinstance(range_, URIRef):
        raise ValueError(f"{ONTOLOGY_TTL.name}: {prop} needs a named rdfs:domain and rdfs:range")
    return [(f, t) for f in tables_for(domain, graph) for t in tables_for(range_, graph)]


def local_name(iri: URIRef) -> str:
    text = str(iri)
    return text.rsplit("#", 1)[-1] if "#" in text else text.rstrip("/").rsplit("/", 1)[-1]
