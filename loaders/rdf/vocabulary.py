"""What the RDF step reads from the ontology as data: organ category → class, citation relation
code → property, document kind → SKOS concept, kind → how it links to a meeting.

Read once per process from ``ontology/directives.ttl``; a new code is an edit there, never here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, URIRef

from loaders.text import fold
from ontology import DKG, node_table_of, ontology_graph


class UnknownCode(ValueError):
    """A code the ontology has no mapping for."""


@dataclass(frozen=True, eq=False)
class Vocabulary:
    """(Compared and hashed by identity: one per process, a key of the builder's caches.)"""

    category_classes: dict[str, URIRef]
    relation_properties: dict[str, URIRef]
    kinds: dict[str, URIRef]                        # folded label → concept
    kind_triples: dict[URIRef, tuple]               # concept → triples the data copies
    meeting_links: dict[URIRef, URIRef]             # concept → dkg:concludedBy | dkg:recordedIn ...
    ancestors: dict[URIRef, tuple[URIRef, ...]] = field(default_factory=dict)

    def organ_class(self, category: str) -> URIRef:
        """The class of an organ of this gazetteer category; dkg:Organ when no category is given."""
        if not category:
            return DKG.Organ
        try:
            return self.category_classes[category]
        except KeyError:
            known = ", ".join(sorted(self.category_classes))
            raise UnknownCode(f"nhóm cơ quan “{category}” chưa có lớp tương ứng trong ontology "
                              f"(dkg:categoryCode); các mã đã có: {known}") from None

    def relation(self, code: str) -> URIRef | None:
        """The property of a citation relation code; None for a code the ontology does not know."""
        return self.relation_properties.get(code)

    def kind(self, label: str | None) -> URIRef | None:
        return self.kinds.get(fold(label)) if label else None

    def classes_of(self, cls: URIRef) -> tuple[URIRef, ...]:
        """``cls`` and all its dkg: super-classes (what the data states, so no inference is needed)."""
        return self.ancestors.get(cls, (cls,))


def _dkg_ancestors(graph: Graph, cls: URIRef) -> tuple[URIRef, ...]:
    """``cls`` and its dkg: super-classes up to its node table (abstract classes above it are left out)."""
    table = node_table_of(cls, graph)
    found = [c for c in graph.transitive_objects(cls, RDFS.subClassOf)
             if isinstance(c, URIRef) and str(c).startswith(str(DKG))
             and (table is None or table in graph.transitive_objects(c, RDFS.subClassOf))]
    return tuple(dict.fromkeys(found))


def _vi(values) -> list[Literal]:
    return [v for v in values if isinstance(v, Literal) and v.language == "vi"]


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    graph = ontology_graph()
    categories: dict[str, URIRef] = {}
    for cls, code in graph.subject_objects(DKG.categoryCode):
        if str(code) in categories:
            raise ValueError(f"directives.ttl: dkg:categoryCode “{code}” is on two classes")
        categories[str(code)] = cls
    relations = {str(code): prop for prop, code in graph.subject_objects(DKG.relationCode)}
    kinds: dict[str, URIRef] = {}
    kind_triples: dict[URIRef, tuple] = {}
    for concept in graph.subjects(RDF.type, DKG.DocumentKind):
        labels = _vi(graph.objects(concept, SKOS.prefLabel)) + _vi(graph.objects(concept, SKOS.altLabel))
        for label in labels:
            kinds.setdefault(fold(str(label)), concept)
        triples = [(concept, RDF.type, SKOS.Concept), (concept, RDF.type, DKG.DocumentKind),
                   (concept, SKOS.inScheme, DKG.DocumentKinds)]
        triples += [(concept, RDFS.label, lab) for lab in _vi(graph.objects(concept, RDFS.label))]
        triples += [(concept, SKOS.prefLabel, lab) for lab in _vi(graph.objects(concept, SKOS.prefLabel))]
        triples += [(concept, SKOS.notation, n) for n in graph.objects(concept, SKOS.notation)]
        kind_triples[concept] = tuple(triples)
    links = {s: o for s, o in graph.subject_objects(DKG.meetingLink) if isinstance(o, URIRef)}
    classes = {c for c in graph.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)}
    ancestors = {c: _dkg_ancestors(graph, c) for c in classes}
    return Vocabulary(categories, relations, kinds, kind_triples, links, ancestors)
