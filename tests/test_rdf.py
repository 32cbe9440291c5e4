"""RDF step: a resolved Extraction → graph → SHACL. The Extraction is built by hand (keys filled as
loaders.resolve would), on a notice written for these tests in the style of the seeds."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import RDF, RDFS, SKOS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from loaders.extract.model import (
    Citation,
    Deadline,
    DocumentInfo,
    Extraction,
    Meeting,
    OrganRef,
    Person,
    Span,
    Task,
)
from loaders.rdf.build import BuildError, build_graph, graph_iri
from loaders.rdf.validate import validate
from loaders.text import Text
from ontology import (
    DKG,
    ELI,
    ID,
    KIND,
    PROV,
    TIME,
    object_properties,
    ontology_graph,
    relationship_pairs,
)

NOTICE = """TỈNH ỦY NGHỆ AN
Số 15-TB/TU
Nghệ An, ngày 10 tháng 3 năm 2022

THÔNG BÁO
KẾT LUẬN CỦA THƯỜNG TRỰC TỈNH ỦY
tại Hội nghị giao ban quý I năm 2022

Ngày 05/3/2022, đồng chí Nguyễn Văn An, Bí thư Tỉnh ủy chủ trì Hội nghị giao ban với lãnh đạo Ủy ban Mặt trận Tổ quốc tỉnh, Sở Nội vụ.
Thực hiện Kết luận số 74-KL/TW, ngày 22/5/2020 của Bộ Chính trị về tiếp tục đổi mới nội dung, phương thức hoạt động của Mặt trận.
Căn cứ Nghị quyết số 09-NQ/TU của Ban Chấp hành Đảng bộ tỉnh.
Theo tinh thần Nghị quyết Đại hội XIII của Đảng, Thường trực Tỉnh ủy kết luận.
Kết luận 74-KL/TW cần được quán triệt sâu rộng.
1. Giao Ban Dân vận Tỉnh ủy chủ trì, phối hợp với Ủy ban Mặt trận Tổ quốc tỉnh xây dựng kế hoạch, báo cáo Thường trực Tỉnh ủy (qua Văn phòng Tỉnh ủy) trước ngày 30/4/2022.
2. Các sở, ngành rà soát, hoàn thành chậm nhất sau 30 ngày làm việc kể từ ngày ban hành.
3. Văn phòng Tỉnh ủy theo dõi, đôn đốc việc thực hiện, định kỳ hằng quý báo cáo Thường trực Tỉnh ủy.

T/L BAN THƯỜNG VỤ
CHÁNH VĂN PHÒNG
Nguyễn Văn Bình
"""

SENTENCES = {
    "meeting": "Ngày 05/3/2022, đồng chí Nguyễn Văn An, Bí thư Tỉnh ủy chủ trì Hội nghị giao ban với lãnh đạo "
               "Ủy ban Mặt trận Tổ quốc tỉnh, Sở Nội vụ.",
    "74": "Thực hiện Kết luận số 74-KL/TW, ngày 22/5/2020 của Bộ Chính trị về tiếp tục đổi mới nội dung, "
          "phương thức hoạt động của Mặt trận.",
    "09": "Căn cứ Nghị quyết số 09-NQ/TU của Ban Chấp hành Đảng bộ tỉnh.",
    "xiii": "Theo tinh thần Nghị quyết Đại hội XIII của Đảng, Thường trực Tỉnh ủy kết luận.",
    "74-again": "Kết luận 74-KL/TW cần được quán triệt sâu rộng.",
    "task1": "Giao Ban Dân vận Tỉnh ủy chủ trì, phối hợp với Ủy ban Mặt trận Tổ quốc tỉnh xây dựng kế hoạch, "
             "báo cáo Thường trực Tỉnh ủy (qua Văn phòng Tỉnh ủy) trước ngày 30/4/2022.",
    "task2": "Các sở, ngành rà soát, hoàn thành chậm nhất sau 30 ngày làm việc kể từ ngày ban hành.",
    "task3": "Văn phòng Tỉnh ủy theo dõi, đôn đốc việc thực hiện, định kỳ hằng quý báo cáo Thường trực Tỉnh ủy.",
}
DOC_KEY = "doc/nghe-an/15-tb-tu/2022"
SOURCE = "data/test/nghe-an-15-tb-tu.txt"


def span_of(text: str, fragment: str) -> Span:
    start = text.index(fragment)
    return Span(start, start + len(fragment))


def organ(name: str, organ_id: str, category: str, level: str = "province", surface: str = "") -> OrganRef:
    scope = "vn" if level == "central" else "nghe-an/group" if level == "group" else "nghe-an"
    start = NOTICE.find(surface or name)
    span = Span(start, start + len(surface or name)) if start >= 0 else None
    return OrganRef(name=name, organ_id=organ_id, level=level, surface=surface, span=span, category=category,
                    key=f"organ/{scope}/{organ_id}")


def make_extraction() -> tuple[Extraction, Text]:
    """A fresh, resolved Extraction of NOTICE and its Text (tests change them freely)."""
    text = Text(source=SOURCE, display=NOTICE)
    bt = organ("Ban Thường vụ Tỉnh ủy", "ban-thuong-vu-tinh-uy", "standing-committee", surface="BAN THƯỜNG VỤ")
    tt = organ("Thường trực Tỉnh ủy", "thuong-truc-tinh-uy", "standing-board")
    dv = organ("Ban Dân vận Tỉnh ủy", "ban-dan-van-tinh-uy", "party-board")
    mt = organ("Ủy ban Mặt trận Tổ quốc tỉnh", "mttq-tinh", "fatherland-front")
    nv = organ("Sở Nội vụ", "so-noi-vu", "department")
    vp = organ("Văn phòng Tỉnh ủy", "van-phong-tinh-uy", "party-office")
    tu = organ("Tỉnh ủy", "tinh-uy", "party-committee", surface="Ban Chấp hành Đảng bộ tỉnh")
    sn = organ("Các sở, ngành", "so-nganh", "group", level="group", surface="Các sở, ngành")
    bct = organ("Bộ Chính trị", "bo-chinh-tri", "politburo", level="central")
    document = DocumentInfo(
        kind="Thông báo", symbol="15-TB/TU", date="2022-03-10", province="Nghệ An",
        issuer="Ban Thường vụ Tỉnh ủy", issuer_ref=bt, signer="Nguyễn Văn Bình", signer_post="Chánh Văn phòng",
        signing_mode="T/L", title="Kết luận của Thường trực Tỉnh ủy tại Hội nghị giao ban quý I năm 2022",
        place="Nghệ An", recipients=[dv, mt], span=span_of(NOTICE, "Số 15-TB/TU"), key=DOC_KEY)
    meeting = Meeting(date="2022-03-05", kind="Hội nghị giao ban",
                      chairs=["Nguyễn Văn An", "Phó Bí thư Thường trực Tỉnh ủy"], attendees=[mt, nv],
                      span=span_of(NOTICE, SENTENCES["meeting"]), key="meeting/nghe-an/2022-03-05/giao-ban")
    citations = [
        Citation(symbol="74-KL/TW", kind="Kết luận", date="2020-05-22", year=2020, number="74", issuer="Bộ Chính trị",
                 issuer_ref=bct, title="tiếp tục đổi mới nội dung, phương thức hoạt động của Mặt trận",
                 relation="implements", scope="national", span=span_of(NOTICE, SENTENCES["74"]),
                 key="doc/vn/74-kl-tw/2020", resolved=False),
        Citation(symbol="09-NQ/TU", kind="Nghị quyết", number="09", issuer="Ban Chấp hành Đảng bộ tỉnh",
                 issuer_ref=tu, relation="based_on", scope="province", span=span_of(NOTICE, SENTENCES["09"]),
                 key="doc/nghe-an/09-nq-tu/unknown", resolved=False),
        Citation(symbol=None, kind="Nghị quyết", title="Nghị quyết Đại hội XIII của Đảng", relation="based_on",
                 scope="national", span=span_of(NOTICE, SENTENCES["xiii"]),
                 key="doc/vn/nghi-quyet-dai-hoi-dang-xiii", resolved=False),
        Citation(symbol="74-KL/TW", kind="Kết luận", year=2020, relation="cites", scope="national",
                 span=span_of(NOTICE, SENTENCES["74-again"]), key="doc/vn/74-kl-tw/2020", resolved=False),
    ]
    people = [
        Person(name="Nguyễn Văn An", posts=["Bí thư Tỉnh ủy"], span=span_of(NOTICE, "Nguyễn Văn An, Bí thư Tỉnh ủy"),
               key="person/nghe-an/nguyen-van-an"),
        Person(name="Nguyễn Văn Bình", posts=["Chánh Văn phòng Tỉnh ủy"], span=span_of(NOTICE, "Nguyễn Văn Bình"),
               key="person/nghe-an/nguyen-van-binh"),
    ]
    task_prefix = "task/" + DOC_KEY.replace("/", "_")
    tasks = [
        Task(ref="1", text=SENTENCES["task1"], span=span_of(NOTICE, SENTENCES["task1"]), leads=[dv],
             coordinators=[mt], report_to=[tt], via=[vp],
             deadline=Deadline(text="trước ngày 30/4/2022", date="2022-04-30"), key=f"{task_prefix}/1"),
        Task(ref="2", text=SENTENCES["task2"], span=span_of(NOTICE, SENTENCES["task2"]), leads=[sn],
             deadline=Deadline(text="chậm nhất sau 30 ngày làm việc kể từ ngày ban hành", working_days=30,
                               anchor="issue", reason="Chưa rõ ngày ban hành"),
             key=f"{task_prefix}/2"),
        Task(ref="3", text=SENTENCES["task3"], span=span_of(NOTICE, SENTENCES["task3"]), kind="monitoring",
             leads=[vp], report_to=[tt], recurrence="quarterly", key=f"{task_prefix}/3"),
    ]
    extraction = Extraction(source=SOURCE, document=document, meetings=[meeting], citations=citations,
                            organs=[bt, tt, dv, mt, nv, vp, tu, sn, bct], people=people, tasks=tasks)
    return extraction, text


XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")
DOC = ID[DOC_KEY]
T74 = ID["doc/vn/74-kl-tw/2020"]
T09 = ID["doc/nghe-an/09-nq-tu/unknown"]
XIII = ID["doc/vn/nghi-quyet-dai-hoi-dang-xiii"]
TASK = "task/doc_nghe-an_15-tb-tu_2022"


@pytest.fixture
def built() -> Graph:
    extraction, text = make_extraction()
    return build_graph(extraction, text)


def _violations(graph: Graph):
    report = validate(graph)
    assert not report.conforms, "the shapes should have rejected this graph"
    return report.violations


# -- the good case ------------------------------------------------------------------------------

def test_a_resolved_extraction_builds_a_graph_that_conforms(built):
    report = validate(built)
    assert report.conforms, report.describe()
    assert report.source == SOURCE


def test_the_named_graph_of_a_file_is_under_graph_with_its_document_key():
    extraction, _ = make_extraction()
    iri = str(graph_iri(extraction))
    assert iri.startswith("https://w3id.org/vn-directives/graph/" + DOC_KEY + "/")
    other = make_extraction()[0]
    other.source = "elsewhere/copy.txt"
    assert str(graph_iri(other)) != iri   # two files of one document keep two graphs


def test_the_named_graph_is_a_prov_entity_derived_from_the_document(built):
    extraction, _ = make_extraction()
    assert (graph_iri(extraction), RDF.type, PROV.Entity) in built
    assert (graph_iri(extraction), PROV.wasDerivedFrom, DOC) in built


def test_the_document_node_says_what_the_text_says(built):
    g = built
    assert g.value(DOC, RDFS.label) == Literal("15-TB/TU", lang="vi")
    assert g.value(DOC, ELI.id_local) == Literal("15-TB/TU")
    assert g.value(DOC, ELI.date_document) == Literal("2022-03-10", datatype=XSD_DATE)
    assert g.value(DOC, DKG.year) == Literal(2022)
    assert g.value(DOC, DKG.hasKind) == KIND["thong-bao"]
    assert (KIND["thong-bao"], SKOS.inScheme, DKG.DocumentKinds) in g
    issuer = g.value(DOC, DKG.issuer)
    assert issuer == ID["organ/nghe-an/ban-thuong-vu-tinh-uy"]
    assert {DKG.StandingCommittee, DKG.PartyOrgan, DKG.Organ} <= set(g.objects(issuer, RDF.type))
    assert g.value(DOC, DKG.signer) == ID["person/nghe-an/nguyen-van-binh"]
    assert g.value(DOC, DKG.signingMode) == Literal("T/L")
    assert set(g.objects(DOC, DKG.recipient)) == {ID["organ/nghe-an/ban-dan-van-tinh-uy"], ID["organ/nghe-an/mttq-tinh"]}
    assert g.value(DOC, DKG.inProvince) == ID["province/nghe-an"]
    assert g.value(ID["province/nghe-an"], RDFS.label) == Literal("Nghệ An", lang="vi")
    assert g.value(DOC, DKG.sourceFile) == Literal(SOURCE)
    assert g.value(DOC, DKG.resolved) == Literal(True)


def test_every_citation_has_its_edge_and_the_sentence_behind_it(built):
    g = built
    assert set(g.objects(DOC, DKG.cites)) == {T74, T09, XIII}
    assert (DOC, DKG.implements, T74) in g and (DOC, DKG.basedOn, T09) in g and (DOC, DKG.basedOn, XIII) in g
    evidence = sorted(g.subjects(RDF.type, DKG.CitationEvidence))
    assert len(evidence) == 4
    expected = {("74", T74, "implements"), ("09", T09, "based_on"), ("xiii", XIII, "based_on"),
                ("74-again", T74, "cites")}
    found = set()
    for node in evidence:
        sentence = str(g.value(node, DKG.sourceText))
        name = next(k for k, v in SENTENCES.items() if v == sentence)
        found.add((name, g.value(node, DKG.cited), str(g.value(node, DKG.relation))))
        assert g.value(node, DKG.citing) == DOC and g.value(node, PROV.wasDerivedFrom) == DOC
        start, end = int(g.value(node, DKG.spanStart)), int(g.value(node, DKG.spanEnd))
        assert NOTICE[start:end] == sentence
    assert found == expected


def test_a_document_cited_twice_is_one_node_with_one_description(built):
    g = built
    assert len(list(g.objects(T74, RDFS.label))) == 1
    assert len(list(g.objects(T74, DCTERMS.title))) == 1
    assert g.value(T74, ELI.date_document) == Literal("2020-05-22", datatype=XSD_DATE)
    assert g.value(T74, DKG.issuer) == ID["organ/vn/bo-chinh-tri"]
    assert DKG.Politburo in set(g.objects(ID["organ/vn/bo-chinh-tri"], RDF.type))


def test_cited_documents_carry_what_the_citation_says(built):
    g = built
    assert g.value(T09, DKG.resolved) == Literal(False)
    assert g.value(T09, ELI.date_document) is None and g.value(T09, DKG.year) is None
    assert g.value(T09, DKG.issuer) == ID["organ/nghe-an/tinh-uy"]
    assert g.value(XIII, RDFS.label) == Literal("Nghị quyết Đại hội XIII của Đảng", lang="vi")
    assert g.value(XIII, ELI.id_local) is None
    assert g.value(XIII, DKG.sourceFile) is None


def test_tasks_carry_roles_deadlines_and_their_sentence(built):
    g = built
    t1, t2, t3 = (ID[f"{TASK}/{n}"] for n in "123")
    assert g.value(t1, DKG.lead) == ID["organ/nghe-an/ban-dan-van-tinh-uy"]
    assert g.value(t1, DKG.coordinator) == ID["organ/nghe-an/mttq-tinh"]
    assert g.value(t1, DKG.reportTo) == ID["organ/nghe-an/thuong-truc-tinh-uy"]
    assert g.value(t1, DKG.via) == ID["organ/nghe-an/van-phong-tinh-uy"]
    d1 = g.value(t1, DKG.hasDeadline)
    assert d1 == ID[f"{TASK}/1/deadline"]
    assert g.value(d1, TIME.inXSDDate) == Literal("2022-04-30", datatype=XSD_DATE)
    d2 = g.value(t2, DKG.hasDeadline)
    assert g.value(d2, TIME.inXSDDate) is None
    assert g.value(d2, DKG.workingDays) == Literal(30) and g.value(d2, DKG.anchor) == Literal("issue")
    assert g.value(d2, DKG.unresolvedReason) == Literal("Chưa rõ ngày ban hành", lang="vi")
    assert DKG.OrganGroup in set(g.objects(g.value(t2, DKG.lead), RDF.type))
    assert g.value(t3, DKG.lead) is None
    assert g.value(t3, DKG.monitor) == ID["organ/nghe-an/van-phong-tinh-uy"]
    assert g.value(t3, DKG.recurrence) == Literal("quarterly")
    for task, name in ((t1, "task1"), (t2, "task2"), (t3, "task3")):
        assert g.value(task, DKG.assignedBy) == DOC and g.value(task, PROV.wasDerivedFrom) == DOC
        assert g.value(task, DKG.sourceText) == Literal(SENTENCES[name], lang="vi")
        assert g.value(task, DKG.taskText) == Literal(SENTENCES[name], lang="vi")
        start, end = int(g.value(task, DKG.spanStart)), int(g.value(task, DKG.spanEnd))
        assert NOTICE[start:end] == SENTENCES[name]


def test_meeting_chairs_attendees_and_mentions(built):
    g = built
    meeting = ID["meeting/nghe-an/2022-03-05/giao-ban"]
    assert g.value(meeting, DKG.meetingDate) == Literal("2022-03-05", datatype=XSD_DATE)
    assert g.value(meeting, DKG.chairPerson) == ID["person/nghe-an/nguyen-van-an"]
    post = g.value(meeting, DKG.chair)
    assert post == ID["post/nghe-an/pho-bi-thu-thuong-truc-tinh-uy"] and (post, RDF.type, DKG.Post) in g
    assert set(g.objects(meeting, DKG.attendee)) == {ID["organ/nghe-an/mttq-tinh"], ID["organ/nghe-an/so-noi-vu"]}
    assert g.value(meeting, DKG.inProvince) == ID["province/nghe-an"]
    mention = g.value(predicate=DKG.aboutMeeting, object=meeting)
    assert g.value(mention, DKG.mentionIn) == DOC
    assert g.value(mention, DKG.sourceText) == Literal(SENTENCES["meeting"], lang="vi")


@pytest.mark.parametrize("kind, link, meeting_first", [
    ("Thông báo", DKG.concludedBy, True), ("Biên bản", DKG.recordedIn, True), ("Tin", DKG.reportsOnMeeting, False),
])
def test_how_a_document_links_to_its_meeting_depends_on_its_kind(kind, link, meeting_first):
    extraction, text = make_extraction()
    extraction.document.kind = kind
    g = build_graph(extraction, text)
    meeting = ID["meeting/nghe-an/2022-03-05/giao-ban"]
    assert ((meeting, link, DOC) if meeting_first else (DOC, link, meeting)) in g
    assert validate(g).conforms


def test_people_hold_posts_and_each_person_and_organ_has_a_mention(built):
    g = built
    an = ID["person/nghe-an/nguyen-van-an"]
    assert g.value(an, DKG.holds) == ID["post/nghe-an/bi-thu-tinh-uy"]
    assert len(list(g.subjects(DKG.aboutPerson, None))) == 2
    organ_mentions = list(g.subjects(DKG.aboutOrgan, None))
    assert len(organ_mentions) == 9
    assert all(g.value(m, DKG.mentionIn) == DOC for m in organ_mentions)


@pytest.mark.parametrize("category, classes", [
    ("party-board", {DKG.PartyBoard, DKG.PartyOrgan, DKG.Organ}),
    ("peoples-committee", {DKG.PeoplesCommittee, DKG.StateOrgan, DKG.Organ}),
    ("youth-union", {DKG.YouthUnion, DKG.MassOrganisation, DKG.Organ}),
    ("government", {DKG.Government, DKG.StateOrgan, DKG.CentralOrgan, DKG.Organ}),
    ("post-group", {DKG.PostGroup, DKG.OrganGroup, DKG.Organ}),
    ("", {DKG.Organ}),
])
def test_an_organ_class_comes_from_its_category_code(category, classes):
    extraction, text = make_extraction()
    extraction.tasks[0].leads[0].category = category
    g = build_graph(extraction, text)
    assert set(g.objects(ID["organ/nghe-an/ban-dan-van-tinh-uy"], RDF.type)) == classes
    assert validate(g).conforms


def test_the_data_respects_every_domain_and_range():
    """What the property-graph loader relies on: each edge joins node tables its property allows."""
    extraction, text = make_extraction()
    g = build_graph(extraction, text)
    onto = ontology_graph()
    tables = {t for t in onto.subjects(DKG.nodeTable, Literal(True))}
    used = set()
    for prop in object_properties(onto):
        pairs = set(relationship_pairs(prop, onto))
        for s, o in g.subject_objects(prop):
            used.add(prop)
            s_tables = set(g.objects(s, RDF.type)) & tables
            o_tables = set(g.objects(o, RDF.type)) & tables
            assert len(s_tables) == 1 and len(o_tables) == 1, (prop, s, o)
            assert (s_tables.pop(), o_tables.pop()) in pairs, (prop, s, o)
    assert len(used) >= 22          # (mentionIn / about… have no table: mentions stay in RDF)


def test_the_graph_loads_into_pyoxigraph_as_its_named_graph():
    extraction, text = make_extraction()
    g = build_graph(extraction, text)
    store = ox.Store()
    store.load(g.serialize(format="nt").encode(), ox.RdfFormat.N_TRIPLES,
               to_graph=ox.NamedNode(str(graph_iri(extraction))))
    assert len(store) == len(g)
    rows = list(store.query(
        "PREFIX dkg: <https://w3id.org/vn-directives/ontology#> PREFIX eli: <http://data.europa.eu/eli/ontology#> "
        "SELECT ?symbol WHERE { GRAPH ?g { ?d dkg:sourceFile ?f ; dkg:implements ?c . ?c eli:id_local ?symbol } }"))
    assert [r["symbol"].value for r in rows] == ["74-KL/TW"]


def test_without_the_text_the_task_keeps_its_own_words():
    extraction, _ = make_extraction()
    g = build_graph(extraction)
    assert g.value(ID[f"{TASK}/1"], DKG.sourceText) == Literal(SENTENCES["task1"], lang="vi")
    evidence = next(iter(g.subjects(RDF.type, DKG.CitationEvidence)))
    assert g.value(evidence, DKG.sourceText) is None and g.value(evidence, DKG.spanStart) is not None
    assert validate(g).conforms


def test_validation_with_rdfs_inference_agrees(built):
    assert validate(built, inference="rdfs").conforms


# -- errors of the input ------------------------------------------------------------------------

def test_an_item_without_a_key_is_an_error_naming_the_file():
    extraction, text = make_extraction()
    extraction.tasks[1].key = ""
    with pytest.raises(BuildError, match=r"nghe-an-15-tb-tu\.txt.*nhiệm vụ “2”.*loaders\.resolve"):
        build_graph(extraction, text)


def test_an_unknown_organ_category_is_an_error_naming_the_file_and_the_code():
    extraction, text = make_extraction()
    extraction.meetings[0].attendees[1].category = "ministry-of-magic"
    with pytest.raises(BuildError, match=r"nghe-an-15-tb-tu\.txt.*ministry-of-magic.*Sở Nội vụ"):
        build_graph(extraction, text)


def test_a_span_outside_the_text_is_an_error():
    extraction, text = make_extraction()
    extraction.citations[0].span = Span(10, len(NOTICE) + 5)
    with pytest.raises(BuildError, match="ngoài văn bản"):
        build_graph(extraction, text)


# -- shapes that must fail ----------------------------------------------------------------------

def _paths(violations) -> set[str | None]:
    return {v.path for v in violations}


def test_a_task_without_assigning_document_fails(built):
    task = ID[f"{TASK}/1"]
    built.remove((task, DKG.assignedBy, None))
    violations = _violations(built)
    hit = [v for v in violations if v.path == "dkg:assignedBy"]
    assert hit and hit[0].focus == str(task) and hit[0].shape == "dkg:TaskShape"
    assert hit[0].source_text == SENTENCES["task1"]
    assert "Nhiệm vụ phải được giao" in hit[0].message


def test_a_task_with_neither_lead_nor_monitor_fails():
    extraction, text = make_extraction()
    extraction.tasks[0].leads = []
    violations = _violations(build_graph(extraction, text))
    assert [v.shape for v in violations] == ["dkg:TaskResponsibleShape"]
    assert "chủ trì" in violations[0].message and violations[0].source_text == SENTENCES["task1"]


def test_a_document_with_two_symbols_fails(built):
    built.add((DOC, ELI.id_local, Literal("16-TB/TU")))
    violations = _violations(built)
    assert "eli:id_local" in _paths(violations)
    assert any("nhiều hơn một số, ký hiệu" in v.message for v in violations)


@pytest.mark.parametrize("symbol", ["Số 15 TB", "15/", "TB/TU-15", "15-TB"])
def test_a_malformed_symbol_fails(symbol):
    extraction, text = make_extraction()
    extraction.document.symbol = symbol
    violations = _violations(build_graph(extraction, text))
    assert _paths(violations) == {"eli:id_local"}


@pytest.mark.parametrize("symbol", ["68/NQ-CP", "30/2020/NĐ-CP", "2071/SNV-CCVC", "123/QĐ-TTg", "01-ĐA/TU",
                                    "05-QC/BTCTU-BDVTU", "35/2023/UBTVQH15", "36-HD/VPTW"])
def test_well_formed_symbols_pass(symbol):
    extraction, text = make_extraction()
    extraction.citations[0].symbol = symbol
    assert validate(build_graph(extraction, text)).conforms


@pytest.mark.parametrize("date", ["10/3/2022", "2022-02-30", "2022-3-10"])
def test_a_malformed_issue_date_fails(date):
    extraction, text = make_extraction()
    extraction.document.date = date
    violations = _violations(build_graph(extraction, text))
    assert "eli:date_document" in _paths(violations)
    assert all(v.focus == str(DOC) for v in violations)


def test_a_malformed_deadline_date_fails_and_names_the_task_sentence():
    extraction, text = make_extraction()
    extraction.tasks[0].deadline.date = "30/4/2022"
    violations = _violations(build_graph(extraction, text))
    assert _paths(violations) == {"time:inXSDDate"}
    assert violations[0].source_text == SENTENCES["task1"]      # the sentence of the task pointing at it


def test_a_bad_citation_relation_fails_with_its_sentence():
    extraction, text = make_extraction()
    extraction.citations[1].relation = "quotes"
    g = build_graph(extraction, text)
    assert (DOC, DKG.cites, T09) in g and (DOC, DKG.basedOn, T09) not in g
    violations = _violations(g)
    assert _paths(violations) == {"dkg:relation"}
    assert violations[0].source_text == SENTENCES["09"]
    assert "Quan hệ trích dẫn" in violations[0].message


def test_a_span_that_ends_before_it_starts_fails():
    extraction, _ = make_extraction()
    extraction.tasks[2].span = Span(500, 400)
    violations = _violations(build_graph(extraction))
    assert [(v.shape, v.path) for v in violations] == [("dkg:SpanShape", "dkg:spanStart")]


def test_a_deadline_with_neither_date_nor_reason_fails():
    extraction, text = make_extraction()
    extraction.tasks[0].deadline = Deadline(text="sớm nhất có thể")
    violations = _violations(build_graph(extraction, text))
    assert [v.shape for v in violations] == ["dkg:DeadlineShape"]
    assert violations[0].focus == str(ID[f"{TASK}/1/deadline"])


def test_a_kind_outside_the_scheme_fails():
    extraction, text = make_extraction()
    extraction.document.kind = "Thư ngỏ"
    violations = _violations(build_graph(extraction, text))
    assert "dkg:hasKind" in _paths(violations)
    assert any("danh mục loại văn bản" in v.message for v in violations)


def test_a_bad_signing_mode_fails():
    extraction, text = make_extraction()
    extraction.document.signing_mode = "KT"
    assert _paths(_violations(build_graph(extraction, text))) == {"dkg:signingMode"}


def test_an_organ_without_a_preferred_name_fails(built):
    built.remove((ID["organ/nghe-an/so-noi-vu"], SKOS.prefLabel, None))
    violations = _violations(built)
    assert [(v.focus, v.path) for v in violations] == [(str(ID["organ/nghe-an/so-noi-vu"]), "skos:prefLabel")]


def test_citation_evidence_without_a_cited_document_fails(built):
    evidence = next(iter(built.subjects(RDF.type, DKG.CitationEvidence)))
    built.remove((evidence, DKG.cited, None))
    violations = _violations(built)
    assert [(v.shape, v.path) for v in violations] == [("dkg:CitationEvidenceShape", "dkg:cited")]


def test_the_reused_shapes_give_the_same_answer_every_time():
    good, text = make_extraction()
    bad, _ = make_extraction()
    bad.citations[0].relation = "quotes"
    first = validate(build_graph(bad, text))
    assert validate(build_graph(good, text)).conforms
    again = validate(build_graph(bad, text))
    assert not first.conforms and [v.describe() for v in first.violations] == [v.describe() for v in again.violations]


# -- the seed corpus through the whole pipeline --------------------------------------------------

def test_the_seed_corpus_builds_graphs_that_conform():
    from pathlib import Path

    pytest.importorskip("loaders.resolve.resolver", reason="loaders.resolve is not present")
    from loaders.extract import extract
    from loaders.read import discover, read_file
    from loaders.resolve.resolver import resolve

    corpus = Path(__file__).resolve().parents[1] / "data" / "corpus"
    texts = [read_file(p) for p in discover([corpus])]
    assert texts, f"no texts in {corpus}"
    extractions = resolve([extract(t) for t in texts])
    for extraction, text in zip(extractions, texts, strict=True):
        g = build_graph(extraction, text)
        report = validate(g)
        assert report.conforms, report.describe()
        for evidence in g.subjects(RDF.type, DKG.CitationEvidence):
            assert g.value(evidence, DKG.sourceText) is not None
        for task in g.subjects(RDF.type, DKG.Task):
            assert g.value(task, DKG.sourceText) is not None and g.value(task, DKG.spanStart) is not None


@pytest.mark.parametrize("folder", ["data/corpus", "tests/corpus/texts"])
def test_a_corpus_and_the_reference_graph_make_one_consistent_union(folder):
    """What the stores hold: every document's graph plus the gazetteer's, validated together."""
    from pathlib import Path

    pytest.importorskip("loaders.resolve.resolver", reason="loaders.resolve is not present")
    from loaders.extract import extract
    from loaders.rdf.reference import reference_graph
    from loaders.read import discover, read_file
    from loaders.resolve.resolver import resolve

    corpus = Path(__file__).resolve().parents[1] / folder
    if not corpus.is_dir():
        pytest.skip(f"{folder} is not in this checkout")
    texts = [read_file(p) for p in discover([corpus])]
    extractions = resolve([extract(t) for t in texts])
    union = Graph()
    for extraction, text in zip(extractions, texts, strict=True):
        union += build_graph(extraction, text)
    union += reference_graph({x.document.province for x in extractions if x.document.province})
    report = validate(union)
    assert report.conforms, report.describe()
    for organ in union.subjects(RDF.type, DKG.Organ):
        assert len(set(union.objects(organ, SKOS.prefLabel))) == 1, organ


def test_a_resolved_citation_only_names_the_document_its_own_graph_describes():
    citing, text = make_extraction()
    own_key = "doc/nghe-an/09-nq-tu/2021"
    citing.citations[1].key, citing.citations[1].resolved = own_key, True
    cited = Extraction(
        source="data/test/nghe-an-09-nq-tu.txt",
        document=DocumentInfo(kind="Nghị quyết", symbol="09-NQ/TU", date="2021-11-02", province="Nghệ An",
                              title="Về công tác dân vận trong tình hình mới", key=own_key))
    g_citing, g_cited = build_graph(citing, text), build_graph(cited)
    node = ID[own_key]
    assert (DOC, DKG.basedOn, node) in g_citing
    assert g_citing.value(node, DCTERMS.title) is None and g_citing.value(node, DKG.hasKind) is None
    assert g_citing.value(node, RDFS.label) == g_cited.value(node, RDFS.label) == Literal("09-NQ/TU", lang="vi")
    union = g_citing + g_cited
    report = validate(union)
    assert report.conforms, report.describe()
    assert len(list(union.objects(node, DCTERMS.title))) == 1
    assert set(union.objects(node, DKG.resolved)) == {Literal(True)}


def test_the_reference_graph_holds_succession_part_of_and_group_members():
    pytest.importorskip("loaders.extract.gazetteer", reason="the gazetteer loader is not present")
    from loaders.rdf.reference import reference_graph, reference_graph_iri

    g = reference_graph(["Hà Nam", "Hồ Chí Minh"])
    ha_nam, ninh_binh = ID["province/ha-nam"], ID["province/ninh-binh"]
    assert g.value(ha_nam, DKG.succeededBy) == ninh_binh
    assert g.value(ha_nam, DKG.validTo) == Literal("2025-06-30", datatype=XSD_DATE)
    assert g.value(ninh_binh, DKG.succeededBy) is None and (ninh_binh, RDF.type, DKG.Province) in g
    members = set(g.objects(ID["organ/ha-nam/group/so-nganh"], DKG.hasMember))
    assert ID["organ/ha-nam/so-noi-vu"] in members and ID["organ/ha-nam/so-tai-chinh"] in members
    assert all((m, RDF.type, DKG.Department) in g for m in members)
    assert g.value(ID["organ/ha-nam/ban-dan-van-tinh-uy"], DKG.partOf) == ID["organ/ha-nam/tinh-uy"]
    assert g.value(ID["organ/ha-nam/ban-dan-van-tinh-uy"], DKG.inProvince) == ha_nam
    assert g.value(ID["organ/vn/bo-chinh-tri"], DKG.partOf) == ID["organ/vn/bch-trung-uong"]
    assert g.value(ID["organ/ho-chi-minh/tinh-uy"], SKOS.prefLabel) == Literal("Thành ủy", lang="vi")
    assert ID["organ/ha-tinh/tinh-uy"] not in set(g.subjects())       # only the provinces asked for
    assert str(reference_graph_iri()).endswith("/graph/reference/gazetteer")
    report = validate(g)
    assert report.conforms, report.describe()


def test_building_is_deterministic_and_uses_no_blank_nodes():
    """Loading a document twice must change nothing: same triples, no blank nodes to rename."""
    from rdflib import BNode

    first_x, text = make_extraction()
    second_x, _ = make_extraction()
    first, second = build_graph(first_x, text), build_graph(second_x, text)
    assert set(first) == set(second)
    assert not any(isinstance(term, BNode) for triple in first for term in triple)


def test_an_organ_keeps_the_name_of_the_organ_list_whatever_a_signature_calls_it():


    extraction, text = make_extraction()
    doc = extraction.document
    doc.issuer_ref = replace(doc.issuer_ref, name="Ban Thường vụ Thành ủy", surface="BAN THƯỜNG VỤ")
    g = build_graph(extraction, text)
    node = ID["organ/nghe-an/ban-thuong-vu-tinh-uy"]
    assert list(g.objects(node, SKOS.prefLabel)) == [Literal("Ban Thường vụ Tỉnh ủy", lang="vi")]
    assert Literal("Ban Thường vụ Thành ủy", lang="vi") in set(g.objects(node, SKOS.altLabel))


def test_a_sentence_added_to_a_text_leaves_the_other_mentions_as_they_were(tmp_path) -> None:
    """A mention's node is named by what it names and its rank among the mentions of that, not by its
    rank in the text: an added sentence naming an organ leaves every other mention pointing where it
    did (an incremental update then moves no relationship into a shared organ)."""
    from loaders.extract import extract
    from loaders.rdf.build import build_triples
    from loaders.read import read_file
    from loaders.resolve.resolver import resolve

    seed = Path(__file__).resolve().parent.parent / "data" / "corpus" / "000_13a6090d2288f5d4.txt"
    text = seed.read_text(encoding="utf-8")
    first = text.index("\n", text.index("Ngày 17/11/2021")) + 1
    edited = tmp_path / seed.name
    edited.write_text(text[:first] + "Sở Y tế và Sở Xây dựng phối hợp chuẩn bị.\n" + text[first:], encoding="utf-8")

    def about(path: Path) -> dict:
        x = resolve([extract(read_file(path))])[0]
        return {s: o for s, p, o in build_triples(x) if p == DKG.aboutOrgan}

    before, after = about(seed), about(edited)
    assert len(after) > len(before) > 10
    moved = {m for m in before.keys() & after.keys() if before[m] != after[m]}
    assert not moved, sorted(moved)[:3]
    assert len(before.keys() & after.keys()) >= len(before) - 2      # a mention ranked after it may be renamed


# -- date indexes (ontology: dkg:citedOn, dkg:taskedOn) ------------------------------------------

ROLES = (DKG.lead, DKG.coordinator, DKG.executor, DKG.reportTo, DKG.via, DKG.monitor)


def test_the_document_date_is_written_on_what_it_cites_and_on_the_organs_its_tasks_name(built):
    g = built
    date = g.value(DOC, ELI.date_document)
    assert date is not None and str(date) == "2022-03-10"
    assert set(g.subjects(DKG.citedOn, None)) == set(g.objects(DOC, DKG.cites)) == {T74, T09, XIII}
    tasked = {o for t in g.subjects(DKG.assignedBy, DOC) for p in ROLES for o in g.objects(t, p)}
    assert tasked and set(g.subjects(DKG.taskedOn, None)) == tasked
    assert set(g.objects(None, DKG.citedOn)) == set(g.objects(None, DKG.taskedOn)) == {date}
    assert validate(g).conforms


@pytest.mark.parametrize("date", [None, "2022-02-30"])
def test_a_document_without_a_valid_date_writes_no_date_index(date):
    extraction, text = make_extraction()
    extraction.document.date = date
    g = build_graph(extraction, text)
    assert set(g.objects(DOC, DKG.cites)) and not set(g.triples((None, DKG.citedOn, None)))
    assert not set(g.triples((None, DKG.taskedOn, None)))


def test_a_document_citing_itself_is_not_dated_by_its_own_citation():
    extraction, text = make_extraction()
    own = replace(extraction.citations[0], key=DOC_KEY)
    extraction.citations.append(own)
    g = build_graph(extraction, text)
    assert (DOC, DKG.citedOn, None) not in g
