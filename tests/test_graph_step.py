"""The build's per-document RDF step (``pipeline._graph_one``) and what it writes.

* the cache entry of an extraction holds the text its spans point into, so the step reads no file;
  an entry without it (made by an older build) makes the step read the file, for the same graph;
* ``canonical_ntriples`` writes each line as rdflib's ``_nt_row`` does, for every kind of term, and
  refuses an IRI rdflib refuses.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import RDFS, BNode, Literal, URIRef
from rdflib.plugins.serializers.nt import _nt_row

import loaders.pipeline as pipeline
from dkg.synth.generate import generate
from loaders.rdf.build import canonical_ntriples
from loaders.read import read_file
from loaders.resolve.corpus import decide
from ontology import DKG, ID

XSD = "http://www.w3.org/2001/XMLSchema#"     # (rdflib's XSD namespace at module level warns under pytest)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "all"
    generate(out, documents=8, provinces=2, seed=11)
    return out


def _steps(corpus: Path, cache: Path) -> list[tuple[str, str, object, str]]:
    """The RDF step's arguments for every file, extracted through ``cache`` as the build does."""
    cache.mkdir(exist_ok=True)
    extracted = [pipeline._extract_one(str(f), str(cache)) for f in sorted(corpus.glob("*.txt"))]
    assert all(facts is not None for _, facts, _, _, _ in extracted)
    outcomes = decide([facts for _, facts, _, _, _ in extracted])
    return [(path, sha, outcome, str(cache)) for (path, _, sha, _, _), outcome in zip(extracted, outcomes, strict=True)]


def _counting_reads(monkeypatch) -> list[str]:
    read: list[str] = []

    def counted(path):
        read.append(Path(path).name)
        return read_file(path)

    monkeypatch.setattr(pipeline, "read_file", counted)
    return read


def test_the_rdf_step_takes_the_text_from_the_cache_and_makes_the_same_graph(corpus, tmp_path, monkeypatch):
    steps = _steps(corpus, tmp_path / "cache")
    entry = json.loads((tmp_path / "cache" / f"{steps[0][1]}.json").read_text(encoding="utf-8"))
    assert entry["display"] == read_file(steps[0][0]).display
    read = _counting_reads(monkeypatch)
    from_cache = [pipeline._graph_one(*step) for step in steps]
    assert read == [] and all(error is None and nt for _, _, nt, _, error in from_cache)

    for step in steps:                      # entries made before they held the text
        path = Path(step[3]) / f"{step[1]}.json"
        old = json.loads(path.read_text(encoding="utf-8"))
        del old["display"]
        path.write_text(json.dumps(old, ensure_ascii=False), encoding="utf-8")
    from_file = [pipeline._graph_one(*step) for step in steps]
    assert len(read) == len(steps)
    assert [(giri, bytes(nt)) for _, giri, nt, _, _ in from_file] == \
        [(giri, bytes(nt)) for _, giri, nt, _, _ in from_cache]

    no_cache = [(source, sha, outcome, str(tmp_path / "empty")) for source, sha, outcome, _ in steps]
    extracted_again = [pipeline._graph_one(*step) for step in no_cache]
    assert [bytes(nt) for _, _, nt, _, _ in extracted_again] == [bytes(nt) for _, _, nt, _, _ in from_cache]


def test_canonical_lines_are_rdflibs_for_every_kind_of_term():
    doc = ID["doc/nghe-an/1-tb-tu/2024"]
    objects = [Literal('câu "trích" \\ một\ndòng\rhai', lang="vi"), Literal("một\u2028hai\x1cba", lang="vi"),
               Literal("2024-05-01", datatype=URIRef(XSD + "date")), Literal("2024-05", datatype=URIRef(XSD + "gYearMonth")),
               Literal(7), Literal(True), Literal("thuần"), Literal("x", datatype=URIRef("https://example.org/dt")),
               BNode("b1"), URIRef("https://example.org/ä?q=1#f"), doc]
    triples = {(doc, DKG.sourceText, o) for o in objects}
    triples |= {(BNode("b2"), RDFS.label, Literal("nút trống")), (Literal("chủ ngữ"), RDFS.label, doc)}
    assert canonical_ntriples(triples) == "".join(sorted({_nt_row(t) for t in triples})).encode()


def test_an_iri_rdflib_cannot_write_is_refused_as_rdflib_refuses_it():
    for bad in ("https://example.org/a b", "https://example.org/a<b", "https://example.org/a\\b"):
        triple = (URIRef(bad), RDFS.label, Literal("x"))
        with pytest.raises(Exception, match="does not look like a valid URI") as ours:
            canonical_ntriples({triple})
        with pytest.raises(Exception) as theirs:
            _nt_row(triple)
        assert str(ours.value) == str(theirs.value)
