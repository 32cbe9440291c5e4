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

Cost: ~0.5 ms for a document graph of ~400 triples (median over 1,016 synthetic and seed
documents on the 2-core build machine; the previous generator-based version took ~1.3 ms), of
which ~0.1 ms is indexing the triples. What makes it cheap: the triples are indexed once
(subject → predicate → objects, only the predicates some shape reads); a subject's shapes are
found from its classes and predicates; a property shape with an IRI path reads the focus node's
predicate dict; a shape whose path reaches no value has its verdict fixed at load time; and the
top-level walk (``holds``) stops at the first constraint not certainly met, the three-valued
walk (``evaluate``) being needed only under sh:or / sh:and / sh:xone / sh:node.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from itertools import chain

from rdflib import OWL, RDF, RDFS, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

SH = Namespace("http://www.w3.org/ns/shacl#")
# rdflib makes a new URIRef on every ``RDF.type``: the terms read per value are made once here
_TYPE, _SUBCLASS = RDF.type, RDFS.subClassOf
_STRING, _LANG_STRING, _INTEGER, _DATE = XSD.string, RDF.langString, XSD.integer, XSD.date

Index = dict[Node, dict[Node, list[Node]]]
Check = Callable[["_View", Node, Sequence[Node]], "bool | None"]


class Unsupported(ValueError):
    """The shapes use SHACL this module does not evaluate: leave every graph to pyshacl."""


# -- the data: a dict index of the graph, with the fixed ontology part laid over it ---------------
#
# Terms are rdflib objects whose ``==`` is a Python call. The compiled shapes keep one object per
# term (``Terms``: the first one registered), and the index of a graph is keyed by those objects,
# so that reading it is a dict hit by identity. Within a graph the builder reuses its term objects:
# each is looked up in ``Terms`` once per graph (``local``), not once per triple.

Terms = dict[Node, Node]
_EMPTY: dict[Node, list[Node]] = {}
_NONE: tuple[Node, ...] = ()
_UNSEEN = object()


def _index(triples: Iterable, terms: Terms, read: frozenset[Node] | None = None) -> tuple[Index, bool]:
    """subject → predicate → objects (lists: the triples are distinct), the predicates and the
    classes of rdf:type the shapes' own objects; only the predicates in ``read`` when given (the
    ones the shapes read); and whether a triple states rdfs:subClassOf."""
    spo: Index = {}
    local: dict[Node, Node | None] = {}
    hierarchy = False
    type_, subclass, unseen = _TYPE, _SUBCLASS, _UNSEEN
    for s, p, o in triples:
        c = local.get(p, unseen)
        if c is unseen:
            c = terms.get(p, p)
            if c is subclass:
                hierarchy = True
            if read is not None and c not in read:
                c = None
            local[p] = c
        if c is None:
            continue
        if c is type_:
            t = local.get(o)
            if t is None:
                t = local[o] = terms.get(o, o)
            o = t
        by_p = spo.get(s)
        if by_p is None:
            spo[s] = {c: [o]}
        else:
            objects = by_p.get(c)
            if objects is None:
                by_p[c] = [o]
            else:
                objects.append(o)
    return spo, hierarchy


def _merge(mine: dict[Node, list[Node]], theirs: dict[Node, list[Node]]) -> dict[Node, list[Node]]:
    """The predicates and objects of one node in the graph and in the ontology part together."""
    out = dict(theirs)
    for p, objects in mine.items():
        other = out.get(p)
        out[p] = objects if other is None else objects + [o for o in other if o not in objects]
    return out


class _View:
    """The data graph as pyshacl sees it: the graph plus the ontology part (class hierarchy, kinds)."""

    __slots__ = ("spo", "onto", "hierarchy", "triples", "read", "_by_object")

    def __init__(self, triples: Iterable, onto: _Ontology, terms: Terms, read: frozenset[Node]) -> None:
        spo, self.hierarchy = _index(triples, terms, read)
        self.triples = triples      # the predicates no shape reads are only here
        self.read = read
        onto_spo = onto.spo
        for s, by_p in spo.items():
            extra = onto_spo.get(s)
            if extra is not None:
                spo[s] = _merge(by_p, extra)
        self.spo = spo
        self.onto = onto
        self._by_object: dict[Node, dict[Node, list[Node]]] = {}

    def po(self, node: Node) -> dict[Node, list[Node]]:
        """predicate → objects of a node, in the graph or the ontology part (read only)."""
        by_p = self.spo.get(node)
        return by_p if by_p is not None else self.onto.spo.get(node, _EMPTY)

    def objects(self, s: Node, p: Node) -> list[Node]:
        return self.po(s).get(p, [])

    def subjects(self, p: Node, o: Node) -> list[Node]:
        by_object = self._by_object.get(p)
        if by_object is None:       # made on the first inverse-path read of p
            by_object = self._by_object[p] = {}
            for index in (self.onto.spo, self.spo):
                for s, by_p in index.items():
                    if index is self.onto.spo and s in self.spo:
                        continue    # merged into the graph's own entry
                    for obj in by_p.get(p, _NONE):
                        by_object.setdefault(obj, []).append(s)
        return by_object.get(o, [])

    def subjects_of(self, p: Node) -> set[Node]:
        out = {s for s, by_p in self.onto.spo.items() if p in by_p}
        if p in self.read:
            return out | {s for s, by_p in self.spo.items() if p in by_p}
        return out | {s for s, q, _ in self.triples if q == p}

    def objects_of(self, p: Node) -> set[Node]:
        out = {o for by_p in self.onto.spo.values() for o in by_p.get(p, _NONE)}
        if p in self.read:
            return out | {o for by_p in self.spo.values() for o in by_p.get(p, _NONE)}
        return out | {o for _, q, o in self.triples if q == p}


class _Ontology:
    """The triples validation mixes into every graph, indexed once, and the subclass closure."""

    def __init__(self, triples: Iterable, terms: Terms) -> None:
        triples = set(triples)
        for s, p, o in triples:
            for term in (p, o) if p == _TYPE or p == _SUBCLASS else (p,):
                terms.setdefault(term, term)
            if p == _SUBCLASS:
                terms.setdefault(s, s)
        self.spo, _ = _index(triples, terms)
        direct: dict[Node, set[Node]] = {}
        for s, by_p in self.spo.items():
            sups = by_p.get(_SUBCLASS)
            if sups:
                direct[s] = {terms.get(c, c) for c in sups}
        self.supers: dict[Node, frozenset[Node]] = {c: frozenset(_closure(c, direct)) for c in direct}
        subs: dict[Node, set[Node]] = {}
        for c, sups in self.supers.items():
            for sup in sups:
                if sup != c:
                    subs.setdefault(sup, set()).add(c)
        self.subs = subs

    def kinds_of(self, cls: Node) -> frozenset[Node]:
        """The classes whose instances are instances of ``cls``: itself and its subclasses."""
        return frozenset({cls} | self.subs.get(cls, set()))


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
_CHEAP_FIRST = 0    # sort key of the count checks: they read no value


class _Shape:
    """A compiled shape: how to read its value nodes, its constraints, its property shapes.

    ``evaluate`` is the three-valued verdict (True / False / None, as the module docstring says);
    ``holds`` is ``evaluate(...) is True``, stopping at the first constraint that is not certainly
    met. Both are given the focus node's ``predicate → objects`` (``po``), read once per node.
    """

    __slots__ = ("node", "predicate", "path", "checks", "properties", "empty")

    def __init__(self, node: Node) -> None:
        self.node = node
        self.predicate: Node | None = None     # the path, when it is one IRI: read straight from po
        self.path: Path | None = None
        self.checks: list[Check] = []
        self.properties: list[_Shape] = []
        self.empty: bool | None = True          # the verdict when the path reaches no value

    def values(self, view: _View, focus: Node, po: dict[Node, list[Node]]) -> Sequence[Node]:
        if self.predicate is not None:
            return po.get(self.predicate, _NONE)
        if self.path is None:
            return (focus,)
        return self.path(view, focus, po)

    def evaluate(self, view: _View, focus: Node, po: dict[Node, list[Node]]) -> bool | None:
        values = self.values(view, focus, po)
        if not values:
            return self.empty
        result: bool | None = True
        for check in self.checks:
            verdict = check(view, focus, values)
            if verdict is not True:
                if verdict is False:
                    return False
                result = None
        if self.properties:
            for value in values:
                value_po = po if value is focus else view.po(value)
                for prop in self.properties:
                    verdict = prop.evaluate(view, value, value_po)
                    if verdict is not True:
                        if verdict is False:
                            return False
                        result = None
        return result

    def holds(self, view: _View, focus: Node, po: dict[Node, list[Node]]) -> bool:
        predicate = self.predicate
        if predicate is not None:
            values = po.get(predicate, _NONE)
        elif self.path is None:
            values = (focus,)
        else:
            values = self.path(view, focus, po)
        if not values:
            return self.empty is True
        for check in self.checks:
            if check(view, focus, values) is not True:
                return False
        if not self.properties:
            return True
        if values[0] is focus and len(values) == 1:     # a node shape: its property shapes, inline
            for prop in self.properties:
                predicate = prop.predicate
                if predicate is None or prop.properties:
                    if not prop.holds(view, focus, po):
                        return False
                    continue
                prop_values = po.get(predicate)
                if not prop_values:
                    if prop.empty is not True:
                        return False
                    continue
                for check in prop.checks:
                    if check(view, focus, prop_values) is not True:
                        return False
            return True
        for value in values:
            value_po = po if value is focus else view.po(value)
            for prop in self.properties:
                if not prop.holds(view, value, value_po):
                    return False
        return True


Path = Callable[[_View, Node, dict[Node, list[Node]]], Sequence[Node]]


def _all(verdicts: Iterable[bool | None]) -> bool | None:
    """Three-valued 'and', lazily: False at the first False; None (pyshacl decides) if any was unsure."""
    result: bool | None = True
    for verdict in verdicts:
        if verdict is False:
            return False
        if verdict is None:
            result = None
    return result


def _distinct(parts: list[Sequence[Node]]) -> Sequence[Node]:
    """The values of several paths, each once (as pyshacl's set of value nodes)."""
    found = [part for part in parts if part]
    if len(found) <= 1:
        return found[0] if found else _NONE
    return list(dict.fromkeys(chain.from_iterable(found)))


class _Compiler:
    def __init__(self, sg: Graph, terms: Terms, onto: _Ontology) -> None:
        self.sg = sg
        self.terms = terms
        self.onto = onto
        self.shapes: dict[Node, _Shape] = {}
        self.compiling: set[Node] = set()
        self.read: set[Node] = {_TYPE}

    def term(self, node: Node) -> Node:
        """The one object the compiled shapes and the graph index use for this term."""
        return self.terms.setdefault(node, node)

    def predicate(self, node: Node) -> Node:
        """A predicate the shapes read: the graph index keeps its triples."""
        node = self.term(node)
        self.read.add(node)
        return node

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
        if isinstance(path, URIRef):
            shape.predicate = self.predicate(path)
        elif path is not None:
            shape.path = self.path(path)
        checks = self.checks(node)
        # a check given no value reads neither the view nor the focus node: its verdict is fixed
        shape.empty = _all(check(None, None, _NONE) for check in checks)  # type: ignore[arg-type]
        shape.checks = sorted(checks, key=lambda check: getattr(check, "order", 1))
        shape.properties = [self.shape(p) for p in self.values(node, SH.property)]
        self.compiling.discard(node)
        return shape

    def path(self, node: Node) -> Path:
        if isinstance(node, URIRef):
            p = self.predicate(node)
            return lambda view, focus, po: po.get(p, _NONE)
        alternatives = self.one(node, SH.alternativePath)
        if alternatives is not None:
            parts = [self.path(item) for item in self.items(alternatives)]
            return lambda view, focus, po: _distinct([part(view, focus, po) for part in parts])
        inverse = self.one(node, SH.inversePath)
        if isinstance(inverse, URIRef):
            p = self.predicate(inverse)
            return lambda view, focus, po: view.subjects(p, focus)
        if (node, RDF.first, None) in self.sg:
            steps = [self.path(item) for item in self.items(node)]

            def sequence(view: _View, focus: Node, po: dict[Node, list[Node]]) -> Sequence[Node]:
                current: Sequence[Node] = (focus,)
                for step in steps:
                    current = _distinct([step(view, n, view.po(n)) for n in current])
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
        typed = None
        if (dt := self.one(node, SH.datatype)) is not None:
            typed = _datatype(dt)
            out.append(typed)
        if (kind := self.one(node, SH.nodeKind)) is not None:
            if kind not in _NODE_KINDS:
                raise Unsupported(f"node kind {kind}")
            out.append(_node_kind(_NODE_KINDS[kind]))
        for cls in self.values(node, SH["class"]):
            out.append(_class(self.onto.kinds_of(self.term(cls))))
        for value in self.values(node, SH.hasValue):
            out.append(_has_value(value))
        if (members := self.one(node, SH["in"])) is not None:
            out.append(_in(frozenset(self.items(members))))
        ranges = [_range(p, bound) for p in (SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive)
                  if (bound := self.one(node, p)) is not None]
        if typed is not None and ranges and dt == _INTEGER:
            out[out.index(typed)] = _integers(typed, ranges)
        else:
            out += ranges
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
            out.append(_less_or_equal(self.predicate(other)))
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
    def check(view: _View, focus: Node, values: Sequence[Node]) -> bool | None:
        return len(values) >= n
    check.order = _CHEAP_FIRST     # type: ignore[attr-defined]
    return check


def _max_count(n: int) -> Check:
    def check(view: _View, focus: Node, values: Sequence[Node]) -> bool | None:
        return len(values) <= n
    check.order = _CHEAP_FIRST     # type: ignore[attr-defined]
    return check


# pyshacl's _assert_actual_datatype: the Python type a value of these datatypes must parse to; it
# passes any other datatype whose literal is not ill-typed ("We don't know how to check other
# datatypes. Assume pass.")
_PYTHON_TYPES: dict[URIRef, type] = {XSD.string: str, XSD.integer: int, XSD.boolean: bool, XSD.date: date}
_PYSHACL_CHECKED = {XSD.string, RDF.langString, XSD.integer, XSD.float, XSD.decimal, XSD.boolean, XSD.date,
                    XSD.time, XSD.dateTime}


_text_eq = str.__eq__


def _same_iri(node: Node | None, iri: URIRef) -> bool:
    """``node == iri`` for an rdflib URIRef ``iri``, without a call to rdflib's Python-level ``==``."""
    return node is iri or (node.__class__ is URIRef and _text_eq(node, iri))  # type: ignore[arg-type]


def _datatype(dt: Node) -> Check:
    """Passes a literal of exactly that datatype (an xsd:string also as a plain literal) that is not
    ill-typed and whose value has the Python type pyshacl expects; anything else is left to pyshacl."""
    if dt in (RDFS.Literal, RDFS.Datatype, RDF.langString):
        raise Unsupported(f"sh:datatype {dt}")
    python_type = _PYTHON_TYPES.get(dt) if isinstance(dt, URIRef) else None
    checked = dt in _PYSHACL_CHECKED
    plain_string = dt == _STRING
    is_dt: Callable[[Node | None], bool] = \
        (lambda d: _same_iri(d, dt)) if dt.__class__ is URIRef else (lambda d: d == dt)  # type: ignore[arg-type]

    def check(view: _View, focus: Node, values: Sequence[Node]) -> bool | None:
        for v in values:
            if not isinstance(v, Literal):
                return False
            datatype = v.datatype
            if not (is_dt(datatype) or (plain_string and datatype is None and v.language is None)):
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


def _class(kinds: frozenset[Node]) -> Check:
    """Each value has an rdf:type that is the class or one of its subclasses (sh:class reads
    ``rdf:type/rdfs:subClassOf*``; the graph itself never changes the hierarchy here)."""
    def check(view: _View, focus: Node, values: Sequence[Node]) -> bool | None:
        for v in values:
            if v.__class__ is not URIRef and isinstance(v, Literal):    # (isinstance of an ABC is slow)
                return False
            for t in view.po(v).get(_TYPE, _NONE):
                if t in kinds:
                    break
            else:
                return False
        return True
    return check


def _has_value(value: Node) -> Check:
    return lambda view, focus, values: value in values


def _in(members: frozenset[Node]) -> Check:
    return lambda view, focus, values: all(v in members for v in values)


def _plain_number(node: Node) -> int | None:
    """The int of a well-typed xsd:integer literal (read often: written for speed)."""
    cls = node.__class__
    if cls is Literal or (cls is not URIRef and isinstance(node, Literal)):   # isinstance of an ABC is slow
        datatype = node.datatype      # type: ignore[attr-defined]
        if (datatype is _INTEGER or (datatype.__class__ is URIRef and _text_eq(datatype, _INTEGER))) \
                and getattr(node, "ill_typed", None) is not True:
            value = node.value      # type: ignore[attr-defined]
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

    def check(view: _View, focus: Node, values: Sequence[Node]) -> bool | None:
        for v in values:
            number = _plain_number(v)
            if number is None or not ok(number):
                return None
        return True
    check.ok = ok      # type: ignore[attr-defined]
    return check


def _integers(typed: Check, ranges: list[Check]) -> Check:
    """sh:datatype xsd:integer and integer bounds together: each value read once when all are
    plain integers within the bounds (then both pass); else the checks one by one, as they are."""
    bounds: list[Callable[[int], bool]] = [check.ok for check in ranges]  # type: ignore[attr-defined]
    checks = [typed, *ranges]

    def check(view: _View, focus: Node, values: Sequence[Node]) -> bool | None:
        for v in values:
            number = _plain_number(v)
            if number is None:
                break
            for ok in bounds:
                if not ok(number):
                    break
            else:
                continue
            break
        else:
            return True
        return _all(c(view, focus, values) for c in checks)
    return check


def _string(v: Node) -> str:
    """pyshacl's value_node_to_string."""
    if isinstance(v, Literal) and v.value is not None and v.datatype in (None, _LANG_STRING, _STRING):
        return str(v.value)
    return str(v)


def _length(n: int, *, at_least: bool) -> Check:
    def check(view: _View, focus: Node, values: Sequence[Node]) -> bool | None:
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

    def check(view: _View, focus: Node, values: Sequence[Node]) -> bool | None:
        return all(not isinstance(v, BNode) and matcher.search(_string(v)) is not None for v in values)
    return check


def _unique_lang(view: _View, focus: Node, values: Sequence[Node]) -> bool | None:
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
    if isinstance(node, Literal) and _same_iri(node.datatype, _DATE) and getattr(node, "ill_typed", None) is not True \
            and type(node.value) is date:
        return date, node.value
    return None


def _less_or_equal(other: URIRef) -> Check:
    """Both sides xsd:integer, or both xsd:date; anything else is left to pyshacl."""
    def check(view: _View, focus: Node, values: Sequence[Node]) -> bool | None:
        if not values:
            return True
        bounds = view.objects(focus, other)
        if not bounds:
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
    def check(view: _View, focus: Node, values: Sequence[Node]) -> bool | None:
        return _all(shape.evaluate(view, v, view.po(v)) for v in values)
    return check


def _any(verdicts: list[bool | None]) -> bool | None:
    return True if True in verdicts else (None if None in verdicts else False)


def _exactly_one(verdicts: list[bool | None]) -> bool | None:
    return None if None in verdicts else verdicts.count(True) == 1


def _logical(shapes: list[_Shape], combine: Callable[[list[bool | None]], bool | None]) -> Check:
    def check(view: _View, focus: Node, values: Sequence[Node]) -> bool | None:
        verdicts = []
        for v in values:
            po = view.po(v)
            verdicts.append(combine([s.evaluate(view, v, po) for s in shapes]))
        return _all(verdicts)
    return check


# -- the entry point -------------------------------------------------------------------------------

Target = tuple[_Shape, list[Node], list[Node], list[Node], list[Node]]


class QuickCheck:
    """The shapes with targets, compiled; ``conforms(graph)`` is True only when pyshacl would agree."""

    def __init__(self, shapes: Graph, ontology_part: Iterable) -> None:
        targeted = {s for p in (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode)
                    for s in shapes.subjects(p, None)}
        if any(True for c in (RDFS.Class, OWL.Class) for _ in shapes.subjects(RDF.type, c)):
            raise Unsupported("a class in the shapes graph (an implicit class target?)")
        self.terms: Terms = {_TYPE: _TYPE, _SUBCLASS: _SUBCLASS}
        self.ontology = _Ontology(ontology_part, self.terms)
        compiler = _Compiler(shapes, self.terms, self.ontology)
        term, predicate = compiler.term, compiler.predicate
        self.targets: list[Target] = []
        for node in sorted(targeted, key=str):
            self.targets.append((compiler.shape(node), [term(c) for c in compiler.values(node, SH.targetClass)],
                                 [predicate(p) for p in compiler.values(node, SH.targetSubjectsOf)],
                                 [predicate(p) for p in compiler.values(node, SH.targetObjectsOf)],
                                 compiler.values(node, SH.targetNode)))
        for node in set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(RDF.type, SH.PropertyShape)):
            compiler.shape(node)        # a shape only referred to still has to be one we can read
        self.read = frozenset(compiler.read)
        # what makes a subject a focus node: one of its classes (or a superclass), one of its predicates
        by_class: dict[Node, list[_Shape]] = {}
        self._by_predicate: list[tuple[Node, _Shape]] = []
        for shape, classes, subjects_of, _, _ in self.targets:
            for cls in classes:
                for kind in self.ontology.kinds_of(cls):
                    if shape not in by_class.setdefault(kind, []):
                        by_class[kind].append(shape)
            self._by_predicate += [(p, shape) for p in subjects_of]
        self._by_class = {cls: tuple(shapes) for cls, shapes in by_class.items()}
        self._by_object = [(p, shape) for shape, _, _, objects_of, _ in self.targets for p in objects_of]
        self._fixed = [(node, shape) for shape, _, _, _, nodes in self.targets for node in nodes]
        # the ontology part's own nodes that are focus nodes whatever the graph says
        self._ontology_focus = [(s, self._focus_shapes(by_p)) for s, by_p in self.ontology.spo.items()]
        self._ontology_focus = [(s, found) for s, found in self._ontology_focus if found]

    def _focus_shapes(self, po: dict[Node, list[Node]]) -> list[_Shape]:
        """The shapes whose class or subjects-of targets pick a node with these predicates and objects."""
        found: list[_Shape] = []
        by_class = self._by_class
        for t in po.get(_TYPE, _NONE):
            for shape in by_class.get(t, _NONE):
                if shape not in found:
                    found.append(shape)
        for p, shape in self._by_predicate:
            if p in po and shape not in found:
                found.append(shape)
        return found

    def conforms(self, triples: Iterable) -> bool:
        return self.check(triples)[0]

    def check(self, triples: Iterable) -> tuple[bool, _View]:
        """(certainly conforms?, the index of the triples, for reading more of them cheaply)."""
        if not isinstance(triples, (set, frozenset)) and type(triples) is not Graph:
            triples = set(triples)      # the index counts values: each triple once
        view = _View(triples, self.ontology, self.terms, self.read)
        if view.hierarchy:
            return False, view     # the graph changes the class hierarchy: leave it to pyshacl
        spo = view.spo
        for s, po in spo.items():
            for shape in self._focus_shapes(po):
                if not shape.holds(view, s, po):
                    return False, view
        for s, shapes in self._ontology_focus:
            if s not in spo:
                po = view.po(s)
                if not all(shape.holds(view, s, po) for shape in shapes):
                    return False, view
        for p, shape in self._by_object:
            for o in view.objects_of(p):
                if not shape.holds(view, o, view.po(o)):
                    return False, view
        for node, shape in self._fixed:
            if not shape.holds(view, node, view.po(node)):
                return False, view
        return True, view
