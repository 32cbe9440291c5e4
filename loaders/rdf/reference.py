"""Reference facts of the gazetteer as RDF, in a named graph of their own.

* every province: names, validity dates and the province it became part of (dkg:succeededBy:
  Hà Nam → Ninh Bình from 2025-07-01);
* the central organs, and the organs of the provinces asked for: part-of links (dkg:partOf), the
  members of groups (dkg:hasMember: "các sở, ngành" → each Sở) and validity dates.

Organ nodes are written exactly as in the documents' graphs (same keys, names, classes), so the
union of the stores is one consistent graph. Rebuild the whole graph when the gazetteer changes.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import RDF, RDFS, SKOS, Graph, Literal, URIRef

from loaders.extract.gazetteer import OrganEntry, gazetteer
from loaders.extract.model import OrganRef
from loaders.extract.organs import make_ref
from loaders.rdf.build import date_literal, describe_organ, describe_province, vi
from loaders.rdf.vocabulary import vocabulary
from loaders.resolve.keys import NATIONAL_SCOPE, organ_key
from loaders.resolve.provinces import ProvinceInfo, all_provinces, province_info
from ontology import DKG, GRAPH, ID, PROV, bind_prefixes

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
    entries = gazetteer().entries
    central = [e for e in entries.values() if e.level == "central"]
    _organs(graph, vocab, central, NATIONAL_SCOPE, city=False, entries=entries)
    for name in dict.fromkeys(provinces):
        info = province_info(name)
        local = [e for e in entries.values() if e.level != "central"]
        _organs(graph, vocab, local, info.slug, city=info.type == "thành phố", entries=entries,
                province=ID[info.key])
    return graph


def _province(graph: Graph, vocab, info: ProvinceInfo) -> None:
    node = ID[info.key]
    describe_province(graph, vocab, node, info.name)
    for alias in info.aliases:
        graph.add((node, SKOS.altLabel, vi(alias)))
    if info.valid_from:
        graph.add((node, DKG.validFrom, date_literal(info.valid_from)))
    if info.valid_to:
        graph.add((node, DKG.validTo, date_literal(info.valid_to)))
    if info.successor_key:
        graph.add((node, DKG.succeededBy, ID[info.successor_key]))


def _ref(entry: OrganEntry, city: bool) -> OrganRef:
    ref = make_ref(entry, "", 0, 0, city)
    ref.span = None
    return ref


def _organs(graph: Graph, vocab, chosen: list[OrganEntry], scope: str, *, city: bool,
            entries: dict[str, OrganEntry], province: URIRef | None = None) -> None:
    def key_of(entry: OrganEntry) -> URIRef:
        own_scope = NATIONAL_SCOPE if entry.level == "central" else scope
        return ID[organ_key(_ref(entry, city), own_scope)]

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
