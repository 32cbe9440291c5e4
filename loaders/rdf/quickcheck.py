"""A fast first pass over the SHACL shapes: does a graph certainly conform?

pyshacl spends ~25 ms on a document graph (its per-shape and per-constraint set-up, and rdflib
Memory store lookups); nearly every document conforms. This module reads ``ontology/shapes.ttl``
once into plain Python checks over a dict index of the graph, and answers only one question:
*would pyshacl find no violation?* ``True`` means certainly none; anything else means "ask
pyshacl", which then writes the report. So the reports are always pyshacl's, and a document is
only waved through when every constraint is certainly met.

It knows the SHACL Core subset the shapes use (targets, IRI / alternative / sequence / inverse
paths, cardinality, value type, value range, string, property-pair, logical and shape-based
constraints) and mirrors pyshacl's reading of each (e.g. sh:pattern searches ``str`` of the
value; sh:class follows ``rdf:type/rdfs:subClassOf*``). Where it is not sure a value passes (an
ill-typed or unusual literal, a datatype it does not know) it answers "unknown", never "passes".
A shapes file using anything else (sh:sparql, sh:not, sh:closed, implicit class targets, ...)
is refused as a whole at load time: every graph then goes to pyshacl, as before.

Each check gives ``True`` (conforms), ``False`` (certainly violates) or ``None`` (not sure).
Only sh:xone needs the difference between ``False`` and ``None``: it counts conforming shapes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date
from itertools import chain

from rdflib import OWL, RDF, RDFS, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

SH = Namespace("http://www.w3.org/ns/shacl#")
# rdflib makes a new URIRef on every ``RDF.type``: the terms read per value are made once here
_TYPE, _SUBCLASS = RDF.type, RDFS.subClassOf
_STRING, _LANG_STRING, _INTEGER, _DATE = XSD.string, RDF.langString, XSD.integer, XSD.date

Index = dict[Node, dict[Node, set[Node]]]
Check = Callable[["_View", Node, set[Node]], "bool | None"]


class Unsupported(ValueError):
    """The shapes use SHACL this module does not evaluate: leave every graph to pyshacl."""


# -- the data: a dict index of the graph, with the fixed ontology part laid over it ---------------

def _put(index: Index, key: Node, sub: Node, value: Node) -> None:
    """index[key][sub] ∋ value (no empty dicts or sets made when they exist already)."""
    inner = index.get(key)
    if inner is None:
        index[key] = {sub: {value}}
        return
    values = inner.get(sub)
    if values is None:
        inner[sub] = {value}
    else:
        values.add(value)


def _merged(mine: Index, theirs: Index, key: Node, sub: Node) -> set[Node]:
    """index[key][sub] of the graph and of the ontology part together (a stored set when only one has it)."""
    own = mine.get(key)
    own = own.get(sub) if own else None
    other = theirs.get(key)
    other = other.get(sub) if other else None
    if other is None:
        return own if own is not None else set()
    return other if own is None else own | other


def _index(triples: Iterable, reverse: frozenset[Node] | None = None) -> tuple[Index, Index]:
    """subject → predicate → objects, and predicate → object → subjects (for the predicates in
    ``reverse`` only, when given: the ones targets, inverse paths and rdf:type lookups read)."""
    spo: Index = {}
    pos: Index = {}
    for s, p, o in triples:
        _put(spo, s, p, o)
        if reverse is None or p in reverse:
            _put(pos, p, o, s)
    return spo, pos


class _View:
    """The data graph as pyshacl sees it: the graph plus the ontology part (class hierarchy, kinds)."""

    __slots__ = ("spo", "pos", "onto", "reverse")

    def __init__(self, triples: Iterable, onto: _Ontology, reverse: frozenset[Node] | None = None) -> None:
        self.spo, self.pos = _index(triples, reverse)
        self.onto = onto
        self.reverse = reverse

    def objects(self, s: Node, p: Node) -> set[Node]:
        """The objects of (s, p) in the graph or the ontology part (the index's own set: read only)."""
        return _merged(self.spo, self.onto.spo, s, p)

    def subjects(self, p: Node, o: Node) -> set[Node]:
        return _merged(self.pos, self.onto.pos, p, o)

    def subjects_of(self, p: Node) -> set[Node]:
        out: set[Node] = set()
        for index in (self.pos, self.onto.pos):
            for subs in index.get(p, {}).values():
                out |= subs
        if self.reverse is not None and p not in self.reverse:
            out |= {s for s, by_p in self.spo.items() if p in by_p}
        return out

    def objects_of(self, p: Node) -> set[Node]:
        out = set(self.pos.get(p, {})) | set(self.onto.pos.get(p, {}))
        if self.reverse is not None and p not in self.reverse:
            for by_p in self.spo.values():
                out |= by_p.get(p, set())
        return out

    def is_instance(self, node: Node, cls: Node) -> bool:
        supers = self.onto.supers
        return any(t == cls or cls in supers.get(t, ()) for t in self.objects(node, _TYPE))

    def instances(self, cls: Node) -> set[Node]:
        out = set(self.subjects(_TYPE, cls))
        for sub in self.onto.subs.get(cls, ()):
            out |= self.subjects(_TYPE, sub)
        return out


class _Ontology:
    """The triples validation mixes into every graph, indexed once, and the subclass closure."""

    def __init__(self, triples: Iterable) -> None:
        self.spo, self.pos = _index(triples)
        direct: dict[Node, set[Node]] = {}
        for sub, sups in ((s, ps.get(_SUBCLASS)) for s, ps in self.spo.items()):
            if sups:
                direct[sub] = set(sups)
        self.supers: dict[Node, frozenset[Node]] = {c: frozenset(_closure(c, direct)) for c in direct}
        subs: dict[Node, set[Node]] = {}
        for c, sups in self.supers.items():
            for sup in sups:
                if sup != c:
                    subs.setdefault(sup, set()).add(c)
        self.subs = subs


def _closure(start: Node, edges: dict[Node, set[Node]]) -> set[Node]:
    seen = {start}
    frontier = [start]
    while frontier:
        for nxt in edges.get(frontier.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                frontier.append(nxt)
    return seen


# -- the shapes ------------------------------------------------------------------------------------

_SINGLE = {SH.path, SH.minCount, SH.maxCount, SH.datatype, SH.pattern, SH.flags, SH["in"], SH.nodeKind,
           SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive, SH.minLength, SH.maxLength,
           SH.uniqueLang, SH.deactivated}
_MULTI = {SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode, SH.property, SH.node,
          SH["class"], SH.hasValue, SH.lessThanOrEquals, SH["or"], SH.xone, SH["and"]}
_IGNORED = {SH.message, SH.name, SH.description, SH.severity, SH.order, SH.group, SH.defaultValue}
_NODE_KINDS = {SH.IRI: (URIRef,), SH.BlankNode: (BNode,), SH.Literal: (Literal,),
               SH.BlankNodeOrIRI: (BNode, URIRef), SH.BlankNodeOrLiteral: (BNode, Literal),
               SH.IRIOrLiteral: (URIRef, Literal)}
_SHAPE_TYPES = {SH.NodeShape, SH.PropertyShape}


class _Shape:
    __slots__ = ("node", "path", "checks", "properties")

    def __init__(self, node: Node) -> None:
        self.node = node
        self.path: Callable[[_View, Node], set[Node]] | None = None
        self.checks: list[Check] = []
        self.properties: list[_Shape] = []

    def evaluate(self, view: _View, focus: Node) -> bool | None:
        values = {focus} if self.path is None else self.path(view, focus)
        return _all(chain((check(view, focus, values) for check in self.checks),
                          (prop.evaluate(view, value) for prop in self.properties for value in values)))


def _all(verdicts: Iterable[bool | None]) -> bool | None:
    """Three-valued 'and', lazily: False at the first False; None (pyshacl decides) if any was unsure."""
    result: bool | None = True
    for verdict in verdicts:
        if verdict is False:
            return False
        if verdict is None:
            result = None
    return result


class _Compiler:
    def __init__(self, sg: Graph) -> None:
        self.sg = sg
        self.shapes: dict[Node, _Shape] = {}
        self.compiling: set[Node] = set()
        self.reverse: set[Node] = {RDF.type, RDFS.subClassOf}    # predicates read object → subject

    def values(self, node: Node, p: URIRef) -> list[Node]:
        return list(self.sg.objects(node, p))

    def one(self, node: Node, p: URIRef) -> Node | None:
        found = self.values(node, p)
        if len(found) > 1:
            raise Unsupported(f"{node}: {len(found)} values of {p}")
        return found[0] if found else None

    def items(self, node: Node) -> list[Node]:
        if node != RDF.nil and (node, RDF.first, None) not in self.sg:
            raise Unsupported(f"{node} is not an RDF list")
        return list(Collection(self.sg, node))

    def shape(self, node: Node) -> _Shape:
        if node in self.compiling:
            raise Unsupported(f"{node} refers to itself (pyshacl stops such a walk at a depth limit)")
        known = self.shapes.get(node)
        if known is not None:
            return known
        self.compiling.add(node)
        shape = self.shapes[node] = _Shape(node)
        for p, o in self.sg.predicate_objects(node):
            if p == RDF.type:
                if o not in _SHAPE_TYPES:
                    raise Unsupported(f"{node} is a {o} (an implicit class target?)")
            elif str(p).startswith(str(SH)) and p not in _SINGLE | _MULTI | _IGNORED:
                raise Unsupported(f"{node}: {p}")
        if self.one(node, SH.deactivated) is not None:
            raise Unsupported(f"{node}: sh:deactivated")
        path = self.one(node, SH.path)
        if path is not None:
            shape.path = self.path(path)
        shape.checks = self.checks(node)
        shape.properties = [self.shape(p) for p in self.values(node, SH.property)]
        self.compiling.discard(node)
        return shape

    def path(self, node: Node) -> Callable[[_View, Node], set[Node]]:
        if isinstance(node, URIRef):
            return lambda view, focus: view.objects(focus, node)
        alternatives = self.one(node, SH.alternativePath)
        if alternatives is not None:
            parts = [self.path(item) for item in self.items(alternatives)]
            return lambda view, focus: set().union(*(part(view, focus) for part in parts))
        inverse = self.one(node, SH.inversePath)
        if isinstance(inverse, URIRef):
            self.reverse.add(inverse)
            return lambda view, focus: view.subjects(inverse, focus)
        if (node, RDF.first, None) in self.sg:
            steps = [self.path(item) for item in self.items(node)]

            def sequence(view: _View, focus: Node) -> set[Node]:
                current = {focus}
                for step in steps:
                    current = set().union(*(step(view, n) for n in current)) if current else set()
                return current
            return sequence
        raise Unsupported(f"path {node}")

    def checks(self, node: Node) -> list[Check]:
        out: list[Check] = []
        number = self._int
        if (n := self.one(node, SH.minCount)) is not None:
            out.append(_min_count(number(n)))
        if (n := self.one(node, SH.maxCount)) is not None:
            out.append(_max_count(number(n)))
        if (dt := self.one(node, SH.datatype)) is not None:
            out.append(_datatype(dt))
        if (kind := self.one(node, SH.nodeKind)) is not None:
            if kind not in _NODE_KINDS:
                raise Unsupported(f"node kind {kind}")
            out.append(_node_kind(_NODE_KINDS[kind]))
        for cls in self.values(node, SH["class"]):
            out.append(_class(cls))
        for value in self.values(node, SH.hasValue):
            out.append(_has_value(value))
        if (members := self.one(node, SH["in"])) is not None:
            out.append(_in(frozenset(self.items(members))))
        for p in (SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive):
            if (bound := self.one(node, p)) is not None:
                out.append(_range(p, bound))
        if (n := self.one(node, SH.minLength)) is not None:
            out.append(_length(number(n), at_least=True))
        if (n := self.one(node, SH.maxLength)) is not None:
            out.append(_length(number(n), at_least=False))
        if (pattern := self.one(node, SH.pattern)) is not None:
            out.append(_pattern(pattern, self.one(node, SH.flags)))
        elif self.one(node, SH.flags) is not None:
            raise Unsupported(f"{node}: sh:flags without sh:pattern")
        if (unique := self.one(node, SH.uniqueLang)) is not None:
            if not isinstance(unique, Literal) or unique.value is not True:
                raise Unsupported(f"{node}: sh:uniqueLang {unique}")
            out.append(_unique_lang)
        for other in self.values(node, SH.lessThanOrEquals):
            if not isinstance(other, URIRef):
                raise Unsupported(f"{node}: sh:lessThanOrEquals {other}")
            out.append(_less_or_equal(other))
        for target in self.values(node, SH.node):
            out.append(_node(self.shape(target)))
        for p, combine in ((SH["or"], _any), (SH["and"], _all), (SH.xone, _exactly_one)):
            for members in self.values(node, p):
                out.append(_logical([self.shape(m) for m in self.items(members)], combine))
        return out

    @staticmethod
    def _int(node: Node) -> int:
        if not isinstance(node, Literal) or type(node.value) is not int or node.value < 0:
            raise Unsupported(f"not a non-negative integer: {node}")
        return node.value


# -- constraints: each (view, focus, value nodes) -> True / False / None --------------------------

def _min_count(n: int) -> Check:
    return lambda view, focus, values: len(values) >= n


def _max_count(n: int) -> Check:
    return lambda view, focus, values: len(values) <= n


# pyshacl's _assert_actual_datatype: the Python type a value of these datatypes must parse to; it
# passes any other datatype whose literal is not ill-typed ("We don't know how to check other
# datatypes. Assume pass.")
_PYTHON_TYPES: dict[URIRef, type] = {XSD.string: str, XSD.integer: int, XSD.boolean: bool, XSD.date: date}
_PYSHACL_CHECKED = {XSD.string, RDF.langString, XSD.integer, XSD.float, XSD.decimal, XSD.boolean, XSD.date,
                    XSD.time, XSD.dateTime}


def _datatype(dt: Node) -> Check:
    """Passes a literal of exactly that datatype (an xsd:string also as a plain literal) that is not
    ill-typed and whose value has the Python type pyshacl expects; anything else is left to pyshacl."""
    if dt in (RDFS.Literal, RDFS.Datatype, RDF.langString):
        raise Unsupported(f"sh:datatype {dt}")
    python_type = _PYTHON_TYPES.get(dt) if isinstance(dt, URIRef) else None
    checked = dt in _PYSHACL_CHECKED

    def check(view: _View, focus: Node, values: set[Node]) -> bool | None:
        for v in values:
            if not isinstance(v, Literal):
                return False
            if not (v.datatype == dt or (dt == _STRING and v.datatype is None and v.language is None)):
                return None
            if getattr(v, "ill_typed", None) is True:
                return None
            if not checked:
                continue
            if python_type is None or not isinstance(v.value, python_type) \
                    or (python_type is int and isinstance(v.value, bool)):
                return None
        return True
    return check


def _node_kind(kinds: tuple[type, ...]) -> Check:
    return lambda view, focus, values: all(isinstance(v, kinds) for v in values)


def _class(cls: Node) -> Check:
    return lambda view, focus, values: all(not isinstance(v, Literal) and view.is_instance(v, cls)
                                           for v in values)


def _has_value(value: Node) -> Check:
    return lambda view, focus, values: value in values


def _in(members: frozenset[Node]) -> Check:
    return lambda view, focus, values: all(v in members for v in values)


def _plain_number(node: Node) -> int | None:
    if isinstance(node, Literal) and node.datatype == _INTEGER and getattr(node, "ill_typed", None) is not True:
        value = node.value
        if type(value) is int:
            return value
    return None


def _range(kind: URIRef, bound: Node) -> Check:
    """Integer bounds on xsd:integer values; any other value is left to pyshacl."""
    limit = _plain_number(bound)
    if limit is None:
        raise Unsupported(f"{kind} {bound}: only integer bounds are checked here")
    ok: Callable[[int], bool] = {
        SH.minInclusive: lambda v: v >= limit, SH.maxInclusive: lambda v: v <= limit,
        SH.minExclusive: lambda v: v > limit, SH.maxExclusive: lambda v: v < limit}[kind]

    def check(view: _View, focus: Node, values: set[Node]) -> bool | None:
        for v in values:
            number = _plain_number(v)
            if number is None or not ok(number):
                return None
        return True
    return check


def _string(v: Node) -> str:
    """pyshacl's value_node_to_string."""
    if isinstance(v, Literal) and v.value is not None and v.datatype in (None, _LANG_STRING, _STRING):
        return str(v.value)
    return str(v)


def _length(n: int, *, at_least: bool) -> Check:
    def check(view: _View, focus: Node, values: set[Node]) -> bool | None:
        for v in values:
            if at_least and n == 0:
                continue
            if isinstance(v, BNode):
                return False
            size = len(_string(v))
            if (size < n) if at_least else (size > n):
                return False
        return True
    return check


def _pattern(pattern: Node, flags: Node | None) -> Check:
    re_flags = 0
    if flags is not None:
        text = str(flags).lower()
        re_flags |= re.I if "i" in text else 0
        re_flags |= re.M if "m" in text else 0
    matcher = re.compile(str(pattern), re_flags)

    def check(view: _View, focus: Node, values: set[Node]) -> bool | None:
        return all(not isinstance(v, BNode) and matcher.search(_string(v)) is not None for v in values)
    return check


def _unique_lang(view: _View, focus: Node, values: set[Node]) -> bool | None:
    seen: set[str] = set()
    for v in values:
        if isinstance(v, Literal) and v.language:
            lang = v.language.lower()
            if lang in seen:
                return False
            seen.add(lang)
    return True


def _comparable(node: Node) -> tuple[type, object] | None:
    number = _plain_number(node)
    if number is not None:
        return int, number
    if isinstance(node, Literal) and node.datatype == _DATE and getattr(node, "ill_typed", None) is not True \
            and type(node.value) is date:
        return date, node.value
    return None


def _less_or_equal(other: URIRef) -> Check:
    """Both sides xsd:integer, or both xsd:date; anything else is left to pyshacl."""
    def check(view: _View, focus: Node, values: set[Node]) -> bool | None:
        bounds = view.objects(focus, other)
        if not values or not bounds:
            return True
        for v in values:
            left = _comparable(v)
            for b in bounds:
                right = _comparable(b)
                if left is None or right is None or left[0] is not right[0] or not left[1] <= right[1]:
                    return None
        return True
    return check


def _node(shape: _Shape) -> Check:
    def check(view: _View, focus: Node, values: set[Node]) -> bool | None:
        return _all(shape.evaluate(view, v) for v in values)
    return check


def _any(verdicts: list[bool | None]) -> bool | None:
    return True if True in verdicts else (None if None in verdicts else False)


def _exactly_one(verdicts: list[bool | None]) -> bool | None:
    return None if None in verdicts else verdicts.count(True) == 1


def _logical(shapes: list[_Shape], combine: Callable[[list[bool | None]], bool | None]) -> Check:
    def check(view: _View, focus: Node, values: set[Node]) -> bool | None:
        return _all([combine([s.evaluate(view, v) for s in shapes]) for v in values])
    return check


# -- the entry point -------------------------------------------------------------------------------

class QuickCheck:
    """The shapes with targets, compiled; ``conforms(graph)`` is True only when pyshacl would agree."""

    def __init__(self, shapes: Graph, ontology_part: Iterable) -> None:
        compiler = _Compiler(shapes)
        targeted = {s for p in (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode)
                    for s in shapes.subjects(p, None)}
        if any(True for c in (RDFS.Class, OWL.Class) for _ in shapes.subjects(RDF.type, c)):
            raise Unsupported("a class in the shapes graph (an implicit class target?)")
        self.targets: list[tuple[_Shape, list[Node], list[Node], list[Node], list[Node]]] = []
        for node in sorted(targeted, key=str):
            self.targets.append((compiler.shape(node), compiler.values(node, SH.targetClass),
                                 compiler.values(node, SH.targetSubjectsOf),
                                 compiler.values(node, SH.targetObjectsOf), compiler.values(node, SH.targetNode)))
        for node in set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(RDF.type, SH.PropertyShape)):
            compiler.shape(node)        # a shape only referred to still has to be one we can read
        self.reverse = frozenset(compiler.reverse | {p for _, _, subjects_of, objects_of, _ in self.targets
                                                     for p in (*subjects_of, *objects_of)})
        self.ontology = _Ontology(ontology_part)

    def conforms(self, triples: Iterable) -> bool:
        return self.check(triples)[0]

    def check(self, triples: Iterable) -> tuple[bool, _View]:
        """(certainly conforms?, the index of the triples, for reading more of them cheaply)."""
        view = _View(triples, self.ontology, self.reverse)
        if _SUBCLASS in view.pos:
            return False, view     # the graph changes the class hierarchy: leave it to pyshacl
        for shape, classes, subjects_of, objects_of, nodes in self.targets:
            focus: set[Node] = set(nodes)
            for cls in classes:
                focus |= view.instances(cls)
            for p in subjects_of:
                focus |= view.subjects_of(p)
            for p in objects_of:
                focus |= view.objects_of(p)
            for f in focus:
                if shape.evaluate(view, f) is not True:
                    return False, view
        return True, view
