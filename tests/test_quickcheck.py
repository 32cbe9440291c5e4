"""The quick first pass of SHACL validation (loaders.rdf.quickcheck) may only wave a graph through
when pyshacl finds no violation: each shape of ontology/shapes.ttl, broken on purpose, must still
be caught (and reported by pyshacl, as before), and random damage to real graphs must never pass
the quick check while pyshacl rejects it."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, SKOS, BNode, Graph, Literal, Namespace, URIRef
from test_rdf import DOC, make_extraction

from loaders.rdf.build import build_graph, build_triples, canonical_ntriples
from loaders.rdf.quickcheck import QuickCheck, Unsupported
from loaders.rdf.validate import _ontology_for_shapes, _quick, validate, validate_triples
from ontology import DKG, SHAPES_TTL, TIME, ontology_graph, shapes_graph

SH = "http://www.w3.org/ns/shacl#"
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")   # rdflib's closed XSD namespace warns when pytest scans it


@pytest.fixture(scope="module")
def quick() -> QuickCheck:
    checker = _quick()
    assert checker is not None, "shapes.ttl uses SHACL the quick check cannot read: every graph goes to pyshacl"
    return checker


@pytest.fixture
def built() -> Graph:
    extraction, text = make_extraction()
    return build_graph(extraction, text)


def _one(g: Graph, cls: URIRef) -> URIRef:
    return sorted(s for s in g.subjects(RDF.type, cls) if isinstance(s, URIRef))[0]


def _set(g: Graph, s, p, o) -> None:
    g.remove((s, p, None))
    g.add((s, p, o))


def _organ_mention(g: Graph) -> URIRef:
    return sorted(g.subjects(DKG.aboutOrgan, None))[0]


def _task(g: Graph) -> URIRef:
    return _one(g, DKG.Task)


def _span_node(g: Graph) -> URIRef:
    return sorted(g.subjects(DKG.spanStart, None))[0]


# one way to break each shape with a target, and the shape pyshacl then names
BREAKS: dict[str, tuple[str, Callable[[Graph], None]]] = {
    "two labels on the document": ("dkg:DocumentShape", lambda g: g.add((DOC, RDFS.label, Literal("X", lang="vi")))),
    "kind outside the scheme": ("dkg:DocumentShape",
                                lambda g: g.add((DOC, DKG.hasKind, URIRef("https://w3id.org/vn-directives/kind/khac")))),
    "malformed symbol": ("dkg:DocumentShape", lambda g: _set(g, DOC, URIRef("http://data.europa.eu/eli/ontology#id_local"),
                                                              Literal("15 TB TU"))),
    "year out of range": ("dkg:DocumentShape", lambda g: _set(g, DOC, DKG.year, Literal(1800))),
    "described document not resolved": ("dkg:DescribedDocumentShape",
                                        lambda g: _set(g, DOC, DKG.resolved, Literal(False))),
    "task without assigning document": ("dkg:TaskShape", lambda g: g.remove((_task(g), DKG.assignedBy, None))),
    "task lead is a post": ("dkg:TaskShape", lambda g: g.add((_task(g), DKG.lead, _one(g, DKG.Post)))),
    "task without lead or monitor": ("dkg:TaskResponsibleShape",
                                     lambda g: [g.remove((_task(g), p, None)) for p in (DKG.lead, DKG.monitor)]),
    "deadline without a date or reason": ("dkg:DeadlineShape", lambda g: [
        g.remove((_one(g, DKG.Deadline), p, None)) for p in (TIME.inXSDDate, DKG.unresolvedReason,
                                                              DKG.workingDays, DKG.days, DKG.dueMonth,
                                                              DKG.dueQuarter, DKG.recurringDate)]),
    "bad due quarter": ("dkg:DeadlineShape", lambda g: g.add((_one(g, DKG.Deadline), DKG.dueQuarter,
                                                                Literal("2020-Q5")))),
    "bad due month": ("dkg:DeadlineShape", lambda g: g.add((_one(g, DKG.Deadline), DKG.dueMonth,
                                                              Literal("2020-07")))),
    "two preferred names in one language": ("dkg:OrganShape", lambda g: g.add(
        (_one(g, DKG.Organ), SKOS.prefLabel, Literal("Khác", lang="vi")))),
    "organ level outside the list": ("dkg:OrganShape", lambda g: _set(g, _one(g, DKG.Organ), DKG.level,
                                                                       Literal("ward"))),
    "post with two labels": ("dkg:PostShape", lambda g: g.add((_one(g, DKG.Post), RDFS.label, Literal("Y")))),
    "person without label": ("dkg:PersonShape", lambda g: g.remove((_one(g, DKG.Person), RDFS.label, None))),
    "province valid from after valid to": ("dkg:ProvinceShape", lambda g: [
        g.add((_one(g, DKG.Province), DKG.validFrom, Literal("2025-07-01", datatype=XSD.date))),
        g.add((_one(g, DKG.Province), DKG.validTo, Literal("2020-01-01", datatype=XSD.date)))]),
    "meeting date malformed": ("dkg:MeetingShape", lambda g: _set(g, _one(g, DKG.Meeting), DKG.meetingDate,
                                                                   Literal("2022-02-30", datatype=XSD.date))),
    "citation relation unknown": ("dkg:CitationEvidenceShape", lambda g: _set(
        g, _one(g, DKG.CitationEvidence), DKG.relation, Literal("quotes"))),
    "mention about two things": ("dkg:MentionShape", lambda g: g.add(
        (_organ_mention(g), DKG.aboutPerson, _one(g, DKG.Person)))),
    "span that ends before it starts": ("dkg:SpanShape", lambda g: _set(g, _span_node(g), DKG.spanEnd, Literal(0))),
    "negative span start": ("dkg:SpanShape", lambda g: _set(g, _span_node(g), DKG.spanStart, Literal(-1))),
    "span start as a string": ("dkg:SpanShape", lambda g: _set(g, _span_node(g), DKG.spanStart, Literal("3"))),
}


def test_the_shapes_are_read_by_the_quick_check(quick):
    assert quick.targets, "no shape with a target was compiled"


def test_a_good_graph_passes_the_quick_check(quick, built):
    assert quick.conforms(built)
    assert validate(built).conforms and validate(built, quick=False).conforms


def test_every_break_covers_a_shape_with_a_target():
    targeted = {str(s).replace("https://w3id.org/vn-directives/ontology#", "dkg:")
                for p in ("targetClass", "targetSubjectsOf", "targetObjectsOf", "targetNode")
                for s in shapes_graph().subjects(URIRef(SH + p), None)}
    assert targeted == {shape for shape, _ in BREAKS.values()}


@pytest.mark.parametrize("name", sorted(BREAKS))
def test_each_broken_shape_is_still_caught_and_reported_by_pyshacl(quick, built, name):
    shape, breaks = BREAKS[name]
    breaks(built)
    assert not quick.conforms(built), f"the quick check waved through: {name}"
    report = validate(built)
    slow = validate(built, quick=False)
    assert not report.conforms and shape in {v.shape for v in report.violations}, report.describe()
    assert [v.describe() for v in report.violations] == [v.describe() for v in slow.violations]


def _mutate(g: Graph, rnd: random.Random) -> Graph:
    triples = sorted(g, key=lambda t: (t[0].n3(), t[1].n3(), t[2].n3()))
    nodes = sorted({s for s, _, _ in triples if isinstance(s, URIRef)})
    preds = sorted({p for _, p, _ in triples})
    classes = sorted(c for c in ontology_graph().subjects(RDF.type, None) if str(c).startswith(str(DKG)))
    literals = [Literal("x"), Literal("2020-13-45", datatype=XSD.date), Literal(-3), Literal(""), Literal(5000),
                Literal("abc", lang="vi"), Literal(True), Literal("5", datatype=XSD.int), Literal("K/T"),
                Literal("2021-07", datatype=XSD.gYearMonth), Literal("2020-Q1"), Literal(3.5)]
    m = Graph()
    m += g
    op = rnd.randrange(6)
    if op == 0:
        for t in rnd.sample(triples, 2):
            m.remove(t)
    elif op == 1:
        m.add((rnd.choice(nodes), rnd.choice(preds), rnd.choice(literals)))
    elif op == 2:
        m.add((rnd.choice(nodes), rnd.choice(preds), rnd.choice(nodes)))
    elif op == 3:
        m.remove((rnd.choice(nodes), RDF.type, None))
    elif op == 4:
        m.add((rnd.choice(nodes), RDF.type, rnd.choice(classes)))
    else:
        s, p, o = rnd.choice([t for t in triples if isinstance(t[2], Literal)])
        m.remove((s, p, o))
        m.add((s, p, rnd.choice(literals)))
    return m


def test_random_damage_never_passes_the_quick_check_when_pyshacl_rejects_it(quick):
    from loaders.extract import extract
    from loaders.read import discover, read_file
    from loaders.resolve.resolver import resolve

    corpus = Path(__file__).resolve().parents[1] / "data" / "corpus"
    texts = [read_file(p) for p in discover([corpus])]
    assert texts, f"no texts in {corpus}"
    graphs = [build_graph(x, t) for x, t in zip(resolve([extract(t) for t in texts]), texts, strict=True)]
    rnd = random.Random(7)
    rejected = 0
    for _ in range(60):
        m = _mutate(rnd.choice(graphs), rnd)
        slow = validate(m, quick=False)
        rejected += not slow.conforms
        if quick.conforms(m):
            assert slow.conforms, slow.describe()
    assert rejected >= 15, f"only {rejected} of 60 damaged graphs were invalid: the damage is too mild to test"


@pytest.mark.parametrize("extra", [
    f"<urn:s> <{SH}sparql> [ <{SH}select> 'SELECT $this WHERE {{}}' ] .",
    f"<urn:s> <{SH}not> <urn:t> . <urn:t> <{SH}path> <urn:p> ; <{SH}minCount> 1 .",
    f"<urn:s> a <{RDFS}Class> .",
    f"<urn:s> <{SH}property> [ <{SH}path> [ <{SH}zeroOrMorePath> <urn:p> ] ; <{SH}minCount> 1 ] .",
    f"<urn:s> <{SH}property> [ <{SH}path> <urn:p> ; <{SH}datatype> <{RDFS}Literal> ] .",
    f"<urn:s> <{SH}property> [ <{SH}path> <urn:p> ; <{SH}node> <urn:s> ] .",
])
def test_shapes_it_cannot_read_are_refused_whole(extra):
    shapes = Graph().parse(SHAPES_TTL, format="turtle")
    shapes.parse(data=f"<urn:s> a <{SH}NodeShape> ; <{SH}targetClass> <urn:C> . {extra}", format="turtle")
    with pytest.raises(Unsupported):
        QuickCheck(shapes, _ontology_for_shapes())


def test_a_graph_that_changes_the_class_hierarchy_is_left_to_pyshacl(quick, built):
    built.add((DKG.Post, RDFS.subClassOf, DKG.Organ))
    assert not quick.conforms(built)
    assert validate(built).conforms == validate(built, quick=False).conforms


def test_a_blank_node_value_is_not_waved_through(quick, built):
    built.add((_one(built, DKG.Task), DKG.taskText, BNode()))
    assert not quick.conforms(built)


# -- the build's path: a set of triples, no Graph unless SHACL finds a problem ------------------------

def test_the_triples_are_the_graph_and_serialise_to_the_same_sorted_lines():
    extraction, text = make_extraction()
    triples = build_triples(extraction, text)
    graph = build_graph(extraction, text)
    assert triples == set(graph)
    lines = "".join(sorted(graph.serialize(format="nt").splitlines(keepends=True))).encode()
    assert canonical_ntriples(triples) == canonical_ntriples(graph) == lines


def test_a_literal_holding_a_line_separator_stays_on_its_line():
    g = Graph()
    g.add((DOC, DKG.sourceText, Literal("một\u2028hai", lang="vi")))
    g.add((DOC, RDFS.label, Literal("\x1cba", lang="vi")))
    lines = canonical_ntriples(g).decode().split("\n")
    assert len(lines) == 3 and lines[-1] == "" and all(line.endswith(" .") for line in lines[:2])


@pytest.mark.parametrize("name", ["malformed symbol", "mention about two things", "span that ends before it starts"])
def test_validating_triples_reports_what_validating_the_graph_reports(built, name):
    _, breaks = BREAKS[name]
    breaks(built)
    by_triples = validate_triples(set(built))
    by_graph = validate(built, quick=False)
    assert not by_triples.conforms and by_triples.source == by_graph.source
    assert [v.describe() for v in by_triples.violations] == [v.describe() for v in by_graph.violations]


def test_validating_good_triples_names_their_source_file(built):
    report = validate_triples(set(built))
    assert report.conforms and report.source == validate(built).source == "data/test/nghe-an-15-tb-tu.txt"


# -- the index behind the quick check --------------------------------------------------------------

def test_a_triple_given_twice_is_counted_once(quick, built):
    """A plain list may repeat a triple: sh:maxCount 1 counts distinct values, as pyshacl does."""
    label = next(iter(built.triples((DOC, RDFS.label, None))))
    twice = [*built, label]
    assert quick.conforms(twice) and validate(built, quick=False).conforms
    built.add((DOC, RDFS.label, Literal(str(label[2]) + " khác", lang="vi")))
    assert not quick.conforms([*built, label])


def test_the_index_still_reads_predicates_no_shape_reads(quick, built):
    """The index leaves out predicates no shape reads; asking for them reads the triples."""
    conforms, view = quick.check(set(built))
    assert conforms
    seen = Graph()      # what the quick check sees: the graph and the ontology part it mixes in
    seen += built
    for triple in _ontology_for_shapes():
        seen.add(triple)
    for p in (DKG.sourceText, DKG.sourceFile, RDF.type, SKOS.prefLabel):
        assert view.objects_of(p) == set(seen.objects(None, p)) != set(), p
        assert view.subjects_of(p) == set(seen.subjects(p, None)) != set(), p
