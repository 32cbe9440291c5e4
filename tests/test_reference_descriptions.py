"""Document graphs are stored without the organ and province descriptions the reference graph states
(loaders.rdf.reference.without_reference), and validated with them (with_reference)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, RDFS, SKOS, Literal, URIRef

from loaders.extract import extract
from loaders.rdf.build import build_triples
from loaders.rdf.reference import DESCRIPTION, reference_graph, with_reference, without_reference
from loaders.rdf.validate import validate_triples
from loaders.read import read_file
from loaders.resolve.resolver import resolve
from ontology import DKG

REPO = Path(__file__).resolve().parent.parent
TEXTS = sorted([*(REPO / "data" / "corpus").glob("*.txt"), *(REPO / "tests" / "corpus" / "texts").glob("*.txt")])


@pytest.fixture(scope="module")
def built() -> list[tuple[str | None, set]]:
    """(province, full triples) of every demo and held-out text, resolved together."""
    texts = {str(p): read_file(p) for p in TEXTS}
    extractions = resolve([extract(t) for t in texts.values()])
    return [(x.document.province, build_triples(x, texts[x.source])) for x in extractions]


def test_the_union_of_stored_graphs_and_reference_is_the_union_of_full_graphs(built) -> None:
    assert len(built) >= 8
    provinces = sorted({p for p, _ in built if p})
    reference = set(reference_graph(provinces))
    full_union = set().union(*(t for _, t in built)) | reference
    stored = [without_reference(t, p) for p, t in built]
    assert set().union(*stored) | reference == full_union
    dropped = sum(len(t) - len(s) for (_, t), s in zip(built, stored, strict=True))
    assert dropped > 0.2 * sum(len(t) for _, t in built)      # organ descriptions were a third of a graph
    for (_, full), kept in zip(built, stored, strict=True):
        assert kept <= full
        assert {p for _, p, _ in full - kept} <= DESCRIPTION
        # a document kind of the scheme is named (dkg:hasKind), described only in the reference graph
        kinds = {o for _, p, o in full if p == DKG.hasKind}
        assert kinds and not {t for t in kept if t[0] in kinds}


def test_a_stored_graph_with_its_reference_descriptions_is_valid_and_holds_the_full_graph(built) -> None:
    for province, full in built:
        stored = without_reference(full, province)
        restored = with_reference(stored)
        assert full <= restored
        assert validate_triples(restored).conforms
    # stored alone, a graph that names a gazetteer organ as a task's lead lacks the organ's class
    leads = [(p, t) for p, t in built if any(pred == DKG.lead for _, pred, _ in t)]
    assert leads
    province, full = leads[0]
    assert not validate_triples(without_reference(full, province)).conforms


def test_an_organ_named_otherwise_than_the_gazetteer_keeps_its_whole_description(built) -> None:
    province, full = next((p, t) for p, t in built if p)
    stripped = full - without_reference(full, province)
    organ = next(s for s, p, o in stripped if p == RDF.type and o == DKG.Organ)
    label = next(o for s, p, o in full if s == organ and p == RDFS.label)
    renamed = {t for t in full if not (t[0] == organ and t[1] in (RDFS.label, SKOS.prefLabel))}
    renamed |= {(organ, RDFS.label, Literal("Tên khác", lang="vi")), (organ, SKOS.prefLabel, Literal("Tên khác", lang="vi"))}
    kept = without_reference(renamed, province)
    assert {t for t in renamed if t[0] == organ} <= kept
    assert label != Literal("Tên khác", lang="vi")
    assert isinstance(organ, URIRef)
