"""Reference facts of the gazetteer as RDF, in a named graph of their own.

* every province: names, validity dates and the province it became part of (dkg:succeededBy:
  Hà Nam → Ninh Bình from 2025-07-01);
* the central organs, and the organs of the provinces asked for: part-of links (dkg:partOf), the
  members of groups (dkg:hasMember: "các sở, ngành" → each Sở) and validity dates.

Organ nodes are written exactly as in the documents' graphs (same keys, names, classes), so the
union of the stores is one consistent graph. Rebuild the whole graph when the gazetteer changes.

A document's graph is built and validated with the description of every organ, province and
document kind it names, but stored without the descriptions this graph states already
(``without_reference``): the organs of a province were otherwise described again in each of its
documents (a third of the store), a kind in each document of that kind. The union of the graphs
is the same set of triples. ``with_reference`` gives a stored graph its descriptions back, to
validate it alone (``dkg validate``).
"""

from __future__ import annotations

from collections.abc import Iterable, Set
from functools import lru_cache

from rdflib import RDF, RDFS, SKOS, Graph, Literal, URIRef
from rdflib.term import Node

from loaders.extract.gazetteer import OrganEntry, gazetteer
from loaders.extract.model import OrganRef
from loaders.extract.organs import make_ref
from loaders.rdf.build import date_literal, describe_organ, describe_province, iri, vi
from loaders.rdf.vocabulary import vocabulary
from loaders.resolve.keys import NATIONAL_SCOPE, organ_key
from loaders.resolve.provinces import ProvinceInfo, UnknownProvince, all_provinces, province_info
from ontology import DKG, GRAPH, PROV, bind_prefixes

REFERENCE_KEY = "reference/gazetteer"


def reference_graph_iri() -> URIRef:
    return GRAPH[REFERENCE_KEY]


def reference_graph(provinces: Iterable[str] = ()) -> Graph:
    """Provinces and central organs always; the provincial organs of each province named."""
    graph = bind_prefixes(Graph())
    vocab = vocabulary()
    graph.add((GRAPH[REFERENCE_KEY], RDF.type, PROV.Entity))
    graph.add((GRAPH[REFERENCE_KEY], RDFS.comment,
               Literal("Dữ liệu tham chiếu từ danh mục cơ quan và tỉnh (data/gazetteer)", lang="vi")))
    for info in all_provinces():
        _province(graph, vocab, info)
    for triples in vocab.kind_triples.values():      # the document kinds, as a document's graph names them
        for triple in triples:
            graph.add(triple)
    entries = gazetteer().entries
    central = [e for e in entries.values() if e.level == "central"]
    _organs(graph, vocab, central, NATIONAL_SCOPE, city=False, entries=entries)
    for name in dict.fromkeys(provinces):
        info = province_info(name)
        local = [e for e in entries.values() if e.level != "central"]
        _organs(graph, vocab, local, info.slug, city=info.type == "thành phố", entries=entries,
                province=iri(info.key))
    return graph


def _province(graph: Graph, vocab, info: ProvinceInfo) -> None:
    node = iri(info.key)
    describe_province(graph, vocab, node, info.name)
    for alias in info.aliases:
        graph.add((node, SKOS.altLabel, vi(alias)))
    if info.valid_from:
        graph.add((node, DKG.validFrom, date_literal(info.valid_from)))
    if info.valid_to:
        graph.add((node, DKG.validTo, date_literal(info.valid_to)))
    if info.successor_key:
        graph.add((node, DKG.succeededBy, iri(info.successor_key)))


def _ref(entry: OrganEntry, city: bool) -> OrganRef:
    ref = make_ref(entry, "", 0, 0, city)
    ref.span = None
    return ref


def _organs(graph: Graph, vocab, chosen: list[OrganEntry], scope: str, *, city: bool,
            entries: dict[str, OrganEntry], province: URIRef | None = None) -> None:
    def key_of(entry: OrganEntry) -> URIRef:
        own_scope = NATIONAL_SCOPE if entry.level == "central" else scope
        return iri(organ_key(_ref(entry, city), own_scope))

    for entry in chosen:
        node = key_of(entry)
        describe_organ(graph, vocab, node, _ref(entry, city))
        if province is not None:
            graph.add((node, DKG.inProvince, province))
        if entry.valid_from:
            graph.add((node, DKG.validFrom, date_literal(entry.valid_from)))
        if entry.valid_to:
            graph.add((node, DKG.validTo, date_literal(entry.valid_to)))
        parent = entries.get(entry.parent) if entry.parent else None
        if parent is not None:
            graph.add((node, DKG.partOf, key_of(parent)))
        for member_id in entry.members:
            member = entries.get(member_id)
            if member is not None:
                graph.add((node, DKG.hasMember, key_of(member)))


Triple = tuple[Node, Node, Node]

#: What describes an organ, a province or a document kind in a document's graph (``describe_organ``,
#: ``describe_province``, ``Builder.in_province``, ``Vocabulary.kind_triples``); other statements
#: about them (a document's alternative name for an organ) are the document's own.
DESCRIPTION = frozenset({RDF.type, RDFS.label, SKOS.prefLabel, DKG.organId, DKG.level, DKG.category,
                         DKG.inProvince, SKOS.notation, SKOS.inScheme})


@lru_cache(maxsize=64)
def _descriptions(provinces: tuple[str, ...]) -> dict[Node, frozenset[Triple]]:
    """Node → its ``DESCRIPTION`` triples in the reference graph of ``provinces``. For a document of
    one province: every province, the central organs and the organs of that province, all of which
    the stored reference graph holds while a document of that province is in the corpus."""
    try:
        graph = reference_graph(provinces)
    except UnknownProvince:
        graph = reference_graph([])
    out: dict[Node, set[Triple]] = {}
    for s, p, o in graph:
        if p in DESCRIPTION:
            out.setdefault(s, set()).add((s, p, o))
    return {s: frozenset(triples) for s, triples in out.items()}


@lru_cache(maxsize=64)
def _all_descriptions(provinces: tuple[str, ...]) -> frozenset[Triple]:
    """Every triple of ``_descriptions(provinces)`` in one set."""
    return frozenset().union(*_descriptions(provinces).values())


def without_reference(triples: Set[Triple], province: str | None) -> set[Triple]:
    """A document's triples less the description of each node the reference graph describes the
    same way: a node whose ``DESCRIPTION`` triples in the document are all reference triples
    loses them (and only them); a node described otherwise (another name) keeps its description."""
    provinces = (province,) if province else ()
    described = _descriptions(provinces)
    ours = triples if isinstance(triples, (set, frozenset)) else set(triples)
    common = ours & _all_descriptions(provinces)        # the reference triples the document states
    # a node the document describes otherwise (another name) keeps its whole description
    described_otherwise = {s for s, p, _ in ours - common if p in DESCRIPTION and s in described}
    return set(triples) - {t for t in common if t[0] not in described_otherwise}


def with_reference(triples: Set[Triple]) -> set[Triple]:
    """A stored document graph with the reference descriptions ``without_reference`` took out: each
    node it names that has no rdf:type in it gets its reference description (and so on for what
    that names: an organ's province)."""
    described = _descriptions(tuple(info.name for info in all_provinces()))
    out = set(triples)
    typed = {s for s, p, _ in out if p == RDF.type}
    pending = [n for t in out for n in (t[0], t[2]) if n in described and n not in typed]
    while pending:
        node = pending.pop()
        if node in typed:
            continue
        typed.add(node)
        for triple in described[node]:
            out.add(triple)
            if triple[2] in described and triple[2] not in typed:
                pending.append(triple[2])
    return out
