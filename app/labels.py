"""What the explorer calls things: Vietnamese labels read from the ontology, colours and shapes by type.

Class and property names come from the ontology's ``rdfs:label @vi`` (a new relation or organ
category is a change to ``ontology/directives.ttl``, not to this file); the few labels the ontology
has no term for (task statuses, recurrences, search kinds) are kept here as data.
"""

from __future__ import annotations

from functools import cache

from rdflib import RDFS, Literal, URIRef
from rdflib.namespace import SKOS

from ontology import DKG, ontology_graph
from queries.status import STATUS_LABELS_VI

DKG_NS = str(DKG)

#: Node tables of the property graph, most specific first when a node has several types.
NODE_TYPES = ("Document", "Organ", "Person", "Post", "Meeting", "Task", "Deadline", "Province",
              "DocumentKind", "CitationEvidence", "Mention")
#: Provenance nodes: hidden from the graph view unless asked for.
PROVENANCE_TYPES = ("CitationEvidence", "Mention")

#: Colour and vis-network shape of each node type (the legend of every graph).
NODE_STYLE: dict[str, tuple[str, str]] = {
    "Document": ("#1f77b4", "box"),
    "Organ": ("#d62728", "ellipse"),
    "Person": ("#9467bd", "dot"),
    "Post": ("#c5b0d5", "dot"),
    "Meeting": ("#ff7f0e", "diamond"),
    "Task": ("#2ca02c", "square"),
    "Deadline": ("#98df8a", "triangle"),
    "Province": ("#8c564b", "hexagon"),
    "DocumentKind": ("#7f7f7f", "text"),
    "CitationEvidence": ("#bcbd22", "star"),
    "Mention": ("#dbdb8d", "star"),
    "Other": ("#aaaaaa", "dot"),
}

#: Task roles of an organ, in the order the organ page lists them.
TASK_ROLES = ("lead", "coordinator", "executor", "reportTo", "monitor", "via")
#: Citation properties (the specific relations beside dkg:cites).
CITATION_PROPERTIES = ("cites", "implements", "basedOn", "suspends", "amends", "replaces", "repeals", "records")

#: Terms of other vocabularies the ontology does not label.
EXTRA_TERMS_VI = {"wasDerivedFrom": "rút ra từ", "prefLabel": "tên chính thức", "altLabel": "tên gọi khác",
                  "label": "nhãn", "title": "trích yếu"}

RECURRENCE_VI = {
    "yearly": "Hằng năm",
    "half-yearly": "6 tháng một lần",
    "quarterly": "Hằng quý",
    "monthly": "Hằng tháng",
    "weekly": "Hằng tuần",
    "periodic": "Định kỳ",
}

SEARCH_KIND_VI = {
    "document": "Văn bản",
    "organ": "Cơ quan, tổ chức",
    "person": "Cá nhân",
    "post": "Chức danh",
    "meeting": "Hội nghị",
    "task": "Nhiệm vụ",
    "province": "Tỉnh, thành phố",
}

TASK_KIND_VI = {"assignment": "Giao nhiệm vụ", "monitoring": "Theo dõi, đôn đốc", "report": "Báo cáo",
                "proposal": "Đề xuất", "request": "Đề nghị"}

STATUS_VI = STATUS_LABELS_VI
STATUS_COLOUR = {"done_on_time": "#2ca02c", "done_late": "#ff7f0e", "open": "#1f77b4",
                 "overdue": "#d62728", "no_deadline": "#7f7f7f",
                 "deadline_unresolved": "#9467bd"}


def local(iri: str) -> str:
    """The local name of an IRI: 'https://…/ontology#lead' → 'lead'."""
    return iri.rsplit("#", 1)[-1] if "#" in iri else iri.rstrip("/").rsplit("/", 1)[-1]


@cache
def _vi_labels() -> dict[str, str]:
    graph = ontology_graph()
    out: dict[str, str] = {}
    for subject, label in graph.subject_objects(RDFS.label):
        if isinstance(subject, URIRef) and isinstance(label, Literal) and label.language == "vi":
            out[str(subject)] = str(label)
    for subject, label in graph.subject_objects(SKOS.prefLabel):
        if isinstance(subject, URIRef) and isinstance(label, Literal) and label.language == "vi":
            out.setdefault(str(subject), str(label))
    return out


@cache
def _vi_by_local() -> dict[str, str]:
    """Local name → label, for terms of other vocabularies the ontology labels (skos:prefLabel …);
    a dkg: term wins over another of the same local name."""
    out: dict[str, str] = {}
    for iri, label in sorted(_vi_labels().items(), key=lambda kv: kv[0].startswith(DKG_NS)):
        out[local(iri)] = label
    return out


def term_label(name_or_iri: str) -> str:
    """Vietnamese label of an ontology term given by IRI or local name; the name itself otherwise."""
    if "://" in name_or_iri:
        label = _vi_labels().get(name_or_iri)
        if label:
            return label
    return _vi_by_local().get(local(name_or_iri)) or EXTRA_TERMS_VI.get(local(name_or_iri)) or local(name_or_iri)


def type_label(node_type: str) -> str:
    """'Document' → 'Văn bản' (capitalised ontology label)."""
    label = term_label(node_type)
    return label[:1].upper() + label[1:]


@cache
def _code_map(annotation: str) -> dict[str, str]:
    graph = ontology_graph()
    return {str(code): local(str(term)) for term, code in graph.subject_objects(DKG[annotation])}


def relation_property(code: str) -> str:
    """Citation relation code ('based_on') → property local name ('basedOn')."""
    return _code_map("relationCode").get(code, code)


def relation_label(code_or_property: str) -> str:
    """'based_on' or 'basedOn' → 'căn cứ'."""
    return term_label(relation_property(code_or_property))


def category_class(code: str | None) -> str:
    """Organ category code ('party-committee') → class local name ('PartyCommittee')."""
    if not code:
        return "Organ"
    return _code_map("categoryCode").get(code, "Organ")


def category_label(code: str | None) -> str:
    """Organ category code → the Vietnamese name of its class ('cấp ủy (Ban Chấp hành đảng bộ)')."""
    label = term_label(category_class(code))
    return label[:1].upper() + label[1:]


def role_label(role: str) -> str:
    """Task role property ('reportTo') → 'báo cáo về'."""
    return term_label(role)


def recurrence_label(code: str | None) -> str:
    return RECURRENCE_VI.get(code or "", code or "")


def status_label(status: str) -> str:
    return STATUS_VI.get(status, status)


def node_type_of(types: list[str] | set[str]) -> str:
    """The node table among a node's rdf:types (local names), or 'Other'."""
    names = {local(t) for t in types}
    for node_type in NODE_TYPES:
        if node_type in names:
            return node_type
    return "Other"
