"""The ontology and the shapes: they parse, every term is labelled in Vietnamese and English, every
object property maps to property-graph tables, the codes other steps use all map to terms."""

from __future__ import annotations

import pytest
from pyshacl.entrypoints import meta_validate
from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection

from ontology import (
    DKG,
    ELI,
    ONTOLOGY_IRI,
    ORG,
    PROV,
    SHAPES_TTL,
    TIME,
    local_name,
    node_table_of,
    node_tables,
    object_properties,
    ontology_graph,
    rdf_only_classes,
    rdf_only_properties,
    relationship_pairs,
    shapes_graph,
    tables_for,
)

SH = Namespace("http://www.w3.org/ns/shacl#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


@pytest.fixture(scope="module")
def onto() -> Graph:
    return ontology_graph()


def _own_terms(onto: Graph) -> list[URIRef]:
    return sorted({s for t in TERM_TYPES for s in onto.subjects(RDF.type, t)
                   if isinstance(s, URIRef) and str(s).startswith(str(DKG))})


def _langs(onto: Graph, term: URIRef, prop: URIRef) -> set[str | None]:
    return {o.language for o in onto.objects(term, prop) if isinstance(o, Literal)}


def test_the_ontology_parses_and_declares_itself(onto):
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in onto
    assert len(_own_terms(onto)) > 100


def test_every_own_term_has_vietnamese_and_english_labels_and_a_comment(onto):
    missing = [local_name(t) for t in _own_terms(onto)
               if not {"vi", "en"} <= _langs(onto, t, RDFS.label) or onto.value(t, RDFS.comment) is None]
    assert missing == []


def test_reused_datatype_properties_are_labelled_in_vietnamese(onto):
    reused = [s for s in onto.subjects(RDF.type, OWL.DatatypeProperty) if not str(s).startswith(str(DKG))]
    assert ELI.id_local in reused and TIME.inXSDDate in reused
    assert all("vi" in _langs(onto, p, RDFS.label) for p in reused)


def test_every_object_property_has_a_named_domain_and_range_among_our_classes(onto):
    props = object_properties(onto) + rdf_only_properties(onto)
    assert len(props) >= 35
    for prop in props:
        domains, ranges = list(onto.objects(prop, RDFS.domain)), list(onto.objects(prop, RDFS.range))
        assert len(domains) == 1 and len(ranges) == 1, local_name(prop)
        for cls in domains + ranges:
            assert isinstance(cls, URIRef) and str(cls).startswith(str(DKG)), (local_name(prop), cls)
            assert (cls, RDF.type, OWL.Class) in onto, (local_name(prop), cls)


def test_every_object_property_connects_node_tables(onto):
    tables = set(node_tables(onto))
    for prop in object_properties(onto):
        pairs = relationship_pairs(prop, onto)
        assert pairs, local_name(prop)
        assert all(f in tables and t in tables for f, t in pairs)


def test_node_tables_and_the_abstract_territorial_class(onto):
    names = {local_name(t) for t in node_tables(onto)}
    assert names == {"Province", "Organ", "Post", "Person", "Document", "DocumentKind", "Meeting",
                     "Task", "Deadline", "CitationEvidence"}
    assert node_table_of(DKG.PartyBoard, onto) == DKG.Organ
    assert node_table_of(DKG.PostGroup, onto) == DKG.Organ          # a group fills organ roles
    assert node_table_of(DKG.TerritorialEntity, onto) is None
    assert set(tables_for(DKG.TerritorialEntity, onto)) == {DKG.Document, DKG.Organ, DKG.Meeting}
    assert set(relationship_pairs(DKG.inProvince, onto)) == {
        (DKG.Document, DKG.Province), (DKG.Organ, DKG.Province), (DKG.Meeting, DKG.Province)}


def test_every_own_class_lives_in_a_node_table_or_stands_for_some(onto):
    kept = set(rdf_only_classes(onto))
    for cls in onto.subjects(RDF.type, OWL.Class):
        if isinstance(cls, URIRef) and str(cls).startswith(str(DKG)) and cls not in kept:
            assert tables_for(cls, onto), local_name(cls)


def test_mentions_stay_in_rdf_with_the_properties_of_their_domain(onto):
    """A mention is provenance (the explorer reads it with SPARQL): no node table, no relationship
    table for mentionIn / about…, and the schema the views load agrees."""
    from loaders.stores.pg_mapping import schema_from_ontology

    assert rdf_only_classes(onto) == [DKG.Mention]
    assert set(rdf_only_properties(onto)) == {DKG.mentionIn, DKG.aboutOrgan, DKG.aboutPerson, DKG.aboutMeeting}
    schema = schema_from_ontology(onto)
    assert "Mention" not in schema.node_tables and str(DKG.Mention) not in schema.class_table
    assert not {"mentionIn", "aboutOrgan", "aboutPerson", "aboutMeeting"} & set(schema.rel_tables)
    assert schema.rdf_only_classes == frozenset({str(DKG.Mention)})
    # prov:Entity is above both CitationEvidence and Mention: it names no single table
    assert str(PROV.Entity) not in schema.class_table


def test_no_class_and_property_share_a_name_ignoring_case(onto):
    """Cypher table names are case-insensitive: Province and province would clash."""
    classes = {local_name(c).lower() for c in onto.subjects(RDF.type, OWL.Class) if str(c).startswith(str(DKG))}
    props = {local_name(p).lower() for t in TERM_TYPES[1:] for p in onto.subjects(RDF.type, t)
             if str(p).startswith(str(DKG))}
    assert classes & props == set()


@pytest.mark.parametrize("term, parent", [
    (DKG.Organ, ORG.Organization), (DKG.Post, ORG.Post), (DKG.Person, FOAF.Person),
    (DKG.Document, ELI.LegalResource), (DKG.Deadline, TIME.Instant), (DKG.DocumentKind, SKOS.Concept),
    (DKG.Meeting, PROV.Activity),
])
def test_classes_reuse_standard_vocabularies(onto, term, parent):
    assert parent in onto.transitive_objects(term, RDFS.subClassOf)


@pytest.mark.parametrize("term, parent", [
    (DKG.cites, ELI.cites), (DKG.implements, ELI.cites), (DKG.basedOn, ELI.based_on),
    (DKG.amends, ELI.amends), (DKG.repeals, ELI.repeals), (DKG.issuer, ELI.passed_by),
    (DKG.partOf, ORG.subOrganizationOf), (DKG.holds, ORG.holds), (DKG.postIn, ORG.postIn),
    (DKG.assignedBy, PROV.wasDerivedFrom), (DKG.citing, PROV.wasDerivedFrom),
    (DKG.mentionIn, PROV.wasDerivedFrom), (DKG.hasDeadline, TIME.hasTime),
])
def test_properties_reuse_standard_vocabularies(onto, term, parent):
    assert parent in onto.transitive_objects(term, RDFS.subPropertyOf)


def test_citation_relation_codes_map_to_sub_properties_of_cites(onto):
    codes = {str(code): prop for prop, code in onto.subject_objects(DKG.relationCode)}
    assert set(codes) == {"cites", "implements", "based_on", "suspends", "amends", "replaces", "repeals",
                          "records"}
    for prop in codes.values():
        assert DKG.cites in onto.transitive_objects(prop, RDFS.subPropertyOf)


def test_the_shapes_allow_exactly_the_relation_codes_of_the_ontology(onto):
    shapes = shapes_graph()
    allowed = set()
    for prop_shape in shapes.subjects(SH.path, DKG.relation):
        for values in shapes.objects(prop_shape, SH["in"]):
            allowed |= {str(v) for v in Collection(shapes, values)}
    assert allowed == {str(code) for code in onto.objects(None, DKG.relationCode)}


def test_category_codes_are_unique_and_cover_the_gazetteer(onto):
    codes = [str(c) for c in onto.objects(None, DKG.categoryCode)]
    assert len(codes) == len(set(codes))
    gazetteer = pytest.importorskip("loaders.extract.gazetteer", reason="the extraction gazetteer is not present")
    used = {entry.category for entry in gazetteer.gazetteer().entries.values()}
    assert used - set(codes) == set()


def test_document_kinds_form_a_scheme_with_vietnamese_labels_and_notations(onto):
    kinds = list(onto.subjects(RDF.type, DKG.DocumentKind))
    assert len(kinds) >= 30
    for kind in kinds:
        assert (kind, SKOS.inScheme, DKG.DocumentKinds) in onto
        assert "vi" in _langs(onto, kind, SKOS.prefLabel)
        assert (kind, RDF.type, OWL.NamedIndividual) in onto      # pyshacl copies these into the data
    notations = {str(onto.value(k, SKOS.notation)) for k in kinds}
    assert {"NQ", "CT", "KL", "TB", "ĐA", "KH", "CTr", "QĐ", "HD", "BB", "BC", "CV"} <= notations


def test_every_gazetteer_kind_is_in_the_scheme():
    gazetteer = pytest.importorskip("loaders.extract.gazetteer", reason="the extraction gazetteer is not present")
    from loaders.rdf.vocabulary import vocabulary

    gz = gazetteer.gazetteer()
    names = set(gz.kinds.values()) | set(gz.kind_names.values()) | {"Tin"}
    assert {n for n in names if vocabulary().kind(n) is None} == set()


def test_the_shapes_parse_and_pass_the_shacl_meta_shapes():
    shapes = Graph().parse(SHAPES_TTL, format="turtle")
    conforms, _, text = meta_validate(shapes, inference="none")
    assert conforms, text


def test_every_message_is_vietnamese_and_every_path_and_class_is_declared(onto):
    shapes = shapes_graph()
    messages = list(shapes.objects(None, SH.message))
    assert messages and all(isinstance(m, Literal) and m.language == "vi" for m in messages)
    declared = {s for t in (*TERM_TYPES, RDF.Property) for s in onto.subjects(RDF.type, t)} | {RDFS.label}
    used: set[URIRef] = set()
    for path in shapes.objects(None, SH.path):
        if isinstance(path, URIRef):
            used.add(path)
        else:
            for alternatives in shapes.objects(path, SH.alternativePath):
                used |= set(Collection(shapes, alternatives))
    used |= {c for c in shapes.objects(None, SH["class"])} | {c for c in shapes.objects(None, SH.targetClass)}
    skos_terms = {SKOS.inScheme}
    assert {u for u in used if u not in declared and u not in skos_terms} == set()
