"""SHACL validation of a graph against ``ontology/shapes.ttl``, with the ontology mixed in.

The shapes and the ontology are parsed once per process and the parsed shapes are reused for
every graph (pyshacl would otherwise re-read them for each document). A graph first goes through
``loaders.rdf.quickcheck`` (the same shapes as plain Python checks, ~0.5 ms): when it certainly
conforms, that is the answer; otherwise pyshacl validates it and writes the report, as before
(~25 ms). Each violation names the
focus node, the shape and path, the Vietnamese message, and the sentence behind the focus node
(its dkg:sourceText, or that of a node pointing at it, e.g. the task of a deadline).
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import lru_cache

import pyshacl
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from loaders.rdf.quickcheck import QuickCheck, Unsupported
from ontology import DKG, PREFIXES, ontology_graph, shapes_graph

try:    # pyshacl >= 0.40: a Validator can reuse shapes parsed once
    from pyshacl import Validator
    from pyshacl.graph_abstraction import DataGraph
    from pyshacl.shapes_graph import ShapesGraph
except ImportError:     # older pyshacl: its public entry point, which re-reads the shapes each time
    Validator = DataGraph = ShapesGraph = None

SH = Namespace("http://www.w3.org/ns/shacl#")
_SOURCE_FILE = DKG.sourceFile
INFERENCE = "none"   # the data states every class it needs (see decision 3 in directives.ttl)


@dataclass
class Violation:
    focus: str
    shape: str
    path: str | None
    message: str
    severity: str = "Violation"
    value: str | None = None
    source_text: str | None = None

    def describe(self) -> str:
        where = f" [{self.path}]" if self.path else ""
        sentence = f" — câu: “{self.source_text}”" if self.source_text else ""
        return f"{self.focus}{where}: {self.message}{sentence}"


@dataclass
class ValidationReport:
    conforms: bool
    violations: list[Violation] = field(default_factory=list)
    source: str | None = None      # dkg:sourceFile of the graph's own document, when it has one

    def describe(self) -> str:
        head = f"{self.source}: " if self.source else ""
        if self.conforms:
            return f"{head}hợp lệ"
        lines = [f"{head}{len(self.violations)} vi phạm"]
        lines += [f"  - {v.describe()}" for v in self.violations]
        return "\n".join(lines)


@lru_cache(maxsize=1)
def _shapes():
    """The parsed shapes, built once (pyshacl adds system triples to it: it gets its own copy)."""
    copy = Graph()
    for triple in shapes_graph():
        copy.add(triple)
    shapes = ShapesGraph(copy, False, logging.getLogger("pyshacl"))
    shapes.shapes  # noqa: B018 - parse every shape now, once
    return shapes


@lru_cache(maxsize=1)
def _ontology_for_shapes() -> tuple[tuple, ...]:
    """The part of the ontology the shapes read without inference: the class hierarchy (sh:class)
    and the document-kind scheme (dkg:KindInSchemeShape). Mixing in only these is what pyshacl's
    ont_graph does for them, at a third of the cost."""
    onto = ontology_graph()
    triples = list(onto.triples((None, RDFS.subClassOf, None)))
    for kind in onto.subjects(RDF.type, DKG.DocumentKind):
        triples += list(onto.triples((kind, None, None)))
    return tuple(triples)


@lru_cache(maxsize=1)
def _quick() -> QuickCheck | None:
    """The shapes compiled for the quick first pass; None when they use SHACL it does not read."""
    try:
        return QuickCheck(shapes_graph(), _ontology_for_shapes())
    except Unsupported as error:
        logging.getLogger(__name__).warning("SHACL: every graph goes to pyshacl (%s)", error)
        return None


def validate(graph: Graph, inference: str = INFERENCE, *, quick: bool = True) -> ValidationReport:
    """Validate one graph (a document's named graph, or any union) against the shapes.

    ``inference="none"`` (default) tries the quick check first (``quick=False`` skips it), then lets
    pyshacl validate a copy of the graph with the class hierarchy and the kind scheme mixed in
    (~25–35 ms for a seed document); ``"rdfs"`` (~5x slower) gives pyshacl the whole ontology as
    ont_graph and lets it infer. The graph passed in is never changed.
    """
    if inference == "none":
        checker = _quick() if quick else None
        if checker is not None and checker.conforms(graph):
            return ValidationReport(conforms=True, source=_source_file(graph))
        work = Graph()
        work.addN((s, p, o, work) for s, p, o in graph)
        work.addN((s, p, o, work) for s, p, o in _ontology_for_shapes())
        conforms, report = _run(work, None, "none")
    else:
        data = graph
        if not graph.store.context_aware:      # pyshacl wraps the data graph in a ConjunctiveGraph
            data = Graph()
            data.addN((s, p, o, data) for s, p, o in graph)
        conforms, report = _run(data, ontology_graph(), inference)
    return ValidationReport(conforms=bool(conforms), violations=_violations(report, graph),
                            source=_source_file(graph))


def validate_triples(triples: Collection[tuple[Node, Node, Node]]) -> ValidationReport:
    """``validate`` for a plain set of triples (``build_triples``): the quick check reads them as
    they are; only when it cannot pass them are they put in a Graph for pyshacl."""
    checker = _quick()
    if checker is not None:
        conforms, view = checker.check(triples)
        if conforms:
            files = sorted(str(o) for o in view.objects_of(_SOURCE_FILE))
            return ValidationReport(conforms=True, source=files[0] if files else None)
    graph = Graph()
    graph.addN((s, p, o, graph) for s, p, o in triples)
    return validate(graph, quick=False)


def _run(data: Graph, ontology: Graph | None, inference: str) -> tuple[bool, Graph]:
    if Validator is None:
        conforms, report, _ = pyshacl.validate(data, shacl_graph=shapes_graph(), ont_graph=ontology,
                                               inference=inference, inplace=ontology is None)
        return bool(conforms), report
    options = {"inference": inference, "inplace": ontology is None, "logger": logging.getLogger("pyshacl")}
    validator = Validator(DataGraph.from_rdflib(data), shacl_graph=Graph(), ont_graph=ontology, options=options)
    validator.shacl_graph = _shapes()
    conforms, report, _ = validator.run()
    return bool(conforms), report


def _source_file(graph: Graph) -> str | None:
    files = sorted(str(o) for o in graph.objects(None, DKG.sourceFile))
    return files[0] if files else None


def _shape_text(report: Graph, node: Node | None) -> str:
    """A named shape, or for a property shape (a blank node) the named shape holding it."""
    if isinstance(node, URIRef):
        return _text(report, node) or ""
    parent = shapes_graph().value(predicate=SH.property, object=node) if node is not None else None
    return _text(report, parent) or "" if isinstance(parent, URIRef) else ""


def compact(iri: URIRef) -> str:
    """'dkg:lead' for an IRI under one of the project's prefixes, the IRI itself otherwise."""
    text = str(iri)
    for prefix, namespace in PREFIXES.items():
        if text.startswith(str(namespace)) and len(text) > len(str(namespace)):
            return f"{prefix}:{text[len(str(namespace)):]}"
    for prefix, namespace in (("rdfs", RDFS), ("rdf", RDF)):
        if text.startswith(str(namespace)):
            return f"{prefix}:{text[len(str(namespace)):]}"
    return text


def _text(report: Graph, node: Node | None) -> str | None:
    if node is None:
        return None
    if isinstance(node, Literal):
        return str(node)
    if isinstance(node, URIRef):
        return compact(node)
    return _path_text(report, node)


def _path_text(report: Graph, node: Node) -> str:
    """A SHACL path written out: sequence and alternative paths of blank nodes."""
    alternatives = report.value(node, SH.alternativePath)
    if alternatives is not None:
        return " | ".join(_text(report, item) or "" for item in report.items(alternatives))
    items = list(report.items(node))
    if items:
        return " / ".join(_text(report, item) or "" for item in items)
    return str(node)


def sentence_of(graph: Graph, node: Node) -> str | None:
    """The sentence behind a node: its own dkg:sourceText, else that of a node pointing at it."""
    own = graph.value(node, DKG.sourceText)
    if own is not None:
        return str(own)
    for subject in graph.subjects(None, node):
        text = graph.value(subject, DKG.sourceText)
        if text is not None:
            return str(text)
    return None


def _violations(report: Graph, data: Graph) -> list[Violation]:
    out: list[Violation] = []
    for result in report.objects(None, SH.result):     # top-level results, not their sh:detail
        focus = report.value(result, SH.focusNode)
        messages = [m for m in report.objects(result, SH.resultMessage)]
        vi = [m for m in messages if isinstance(m, Literal) and m.language == "vi"]
        message = str((vi or messages or [""])[0])
        severity = report.value(result, SH.resultSeverity)
        out.append(Violation(
            focus=str(focus),
            shape=_shape_text(report, report.value(result, SH.sourceShape)),
            path=_text(report, report.value(result, SH.resultPath)),
            message=message,
            severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
            value=_text(report, report.value(result, SH.value)),
            source_text=sentence_of(data, focus) if focus is not None else None,
        ))
    out.sort(key=lambda v: (v.focus, v.path or "", v.message))
    return out
