"""One resolved Extraction → the rdflib Graph of its facts: the document's named graph.

The keys come from ``loaders.resolve`` and are used as given (``ID[key]``). The only nodes minted
here hang off this one document and carry no identity of their own:

* the deadline of a task: ``{task key}/deadline``;
* the provenance nodes: ``evidence/{document key with / as _}/citation-{n}`` (dkg:CitationEvidence)
  and ``mention/{…}/{meeting|person|organ}-{n}`` (dkg:Mention);
* posts: ``post/{scope}/{slug(post)}``, the scope read from the key of the person or the meeting.

What the ontology says as data (organ category → class, relation code → property, kind → concept,
kind → meeting link) comes from ``loaders.rdf.vocabulary``. Nothing here decides identity.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import logging
import re
from collections.abc import Iterable
from functools import lru_cache

from rdflib import RDF as _RDF
from rdflib import RDFS as _RDFS
from rdflib import SKOS as _SKOS
from rdflib import XSD as _XSD
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS as _DCTERMS
from rdflib.term import Node

from loaders.extract.model import Citation, Deadline, Extraction, Meeting, OrganRef, Person, Span, Task
from loaders.rdf.vocabulary import UnknownCode, Vocabulary, vocabulary
from loaders.resolve.provinces import find_province
from loaders.text import Text, fold, normalize, slug
from ontology import DKG as _DKG
from ontology import ELI as _ELI
from ontology import GRAPH, ID, bind_prefixes
from ontology import PROV as _PROV
from ontology import TIME as _TIME


class _Terms:
    """A namespace whose terms are made once: rdflib builds a new URIRef on every ``DKG.lead``."""

    def __init__(self, namespace) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> URIRef:
        term = getattr(self._namespace, name)
        setattr(self, name, term)
        return term


DKG, ELI, PROV, TIME = _Terms(_DKG), _Terms(_ELI), _Terms(_PROV), _Terms(_TIME)
RDF, RDFS, SKOS, XSD, DCTERMS = _Terms(_RDF), _Terms(_RDFS), _Terms(_SKOS), _Terms(_XSD), _Terms(_DCTERMS)

_BAD_IRI_CHARS = re.compile(r'[\s<>"{}|\\^`]')
_YEAR = re.compile(r"^(\d{4})")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_KEY_YEAR = re.compile(r"^doc/[^/]+/[^/]+/(\d{4})$")
_LABEL_MAX = 160

Triple = tuple[Node, Node, Node]


class BuildError(ValueError):
    """An Extraction that cannot become a graph (missing key, unknown code, span outside the text)."""


def graph_iri(extraction: Extraction) -> URIRef:
    """The named graph holding what one source file says: ``…/graph/{document key}/{file hash}``.

    Two files may resolve to one document (a copy, a scan and its text): each keeps its own graph,
    so replacing or removing one never touches what the other said.
    """
    key = extraction.document.key
    if not key:
        raise BuildError(f"{extraction.source}: văn bản chưa có khóa (key); hãy chạy loaders.resolve trước")
    return GRAPH[f"{key}/{hashlib.sha1(extraction.source.encode()).hexdigest()[:10]}"]


def build_triples(extraction: Extraction, text: Text | str | None = None) -> set[Triple]:
    """The facts of one document as a plain set of triples: what ``build_graph`` puts in a graph.
    ``text`` may also be given as its ``display`` string alone (all the builder reads of it).

    Five times cheaper to make than filling an rdflib Graph; ``validate_triples`` and
    ``canonical_ntriples`` take it as it is (the build's path: no Graph unless SHACL finds a problem)."""
    return _Builder(extraction, text, vocabulary()).build()


def build_graph(extraction: Extraction, text: Text | None = None) -> Graph:
    """The facts of one document as a graph; ``text`` (optional) supplies the sentences behind spans.

    The graph lives in rdflib's SimpleMemory store (no named-graph bookkeeping: 2.5x cheaper to fill
    than the default Memory store); copy it into a ``Graph()`` where a context-aware store is needed."""
    return graph_of(build_triples(extraction, text))


def graph_of(triples: Iterable[Triple]) -> Graph:
    """Triples in a Graph (SimpleMemory store) with the project's prefixes bound."""
    graph = bind_prefixes(Graph(store="SimpleMemory", bind_namespaces="core"))
    graph.addN((s, p, o, graph) for s, p, o in triples)
    return graph


def canonical_ntriples(triples: Graph | Iterable[Triple]) -> bytes:
    """A graph (or a set of triples) as N-Triples, one line per triple, lines sorted: the bytes
    stored and hashed.

    The same lines as ``graph.serialize(format="nt")`` sorted, without the round trip through one
    string split again (which would also split a literal holding U+2028, U+0085, \\x1c… in two).
    Each line is rdflib's ``_nt_row``; an IRI is written once per call, a literal as ``_literal_nt``."""
    iris: dict[URIRef, str] = {}
    lines = set()
    for s, p, o in triples:
        s_nt = iris.get(s) if s.__class__ is URIRef else None
        if s_nt is None:
            s_nt = _iri_nt(s, iris) if s.__class__ is URIRef else s.n3()
        p_nt = iris.get(p) if p.__class__ is URIRef else None
        if p_nt is None:
            p_nt = _iri_nt(p, iris) if p.__class__ is URIRef else p.n3()
        if o.__class__ is URIRef:
            o_nt = iris.get(o) or _iri_nt(o, iris)
        elif isinstance(o, Literal):
            o_nt = _literal_nt(o)
        else:
            o_nt = o.n3()
        lines.add(f"{s_nt} {p_nt} {o_nt} .\n")
    return "".join(sorted(lines)).encode()


_NOT_IN_IRI = re.compile(r'[<>" {}|\\^`]')   # what rdflib's URIRef.n3 refuses (its _is_valid_uri)


def _iri_nt(iri: URIRef, known: dict[URIRef, str]) -> str:
    """``iri.n3()`` (which raises for an IRI holding a character of ``_NOT_IN_IRI``), kept in ``known``."""
    text = known[iri] = iri.n3() if _NOT_IN_IRI.search(iri) else f"<{iri}>"
    return text


def _literal_nt(literal: Literal) -> str:
    """rdflib's ``_quoteLiteral``: the same escapes, language tag and datatype."""
    encoded = literal.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"').replace("\r", "\\r")
    language, datatype = literal.language, literal.datatype
    if language:
        if datatype:
            raise Exception("Literal has datatype AND language!")
        return f'"{encoded}"@{language}'
    if datatype:
        return f'"{encoded}"^^<{datatype}>'
    return f'"{encoded}"'


@lru_cache(maxsize=8192)
def vi(value: str) -> Literal:
    """A Vietnamese literal; one object per text in a process (a Literal never changes, and the
    names and labels a worker's documents repeat are then made once)."""
    return Literal(value, lang="vi")


@lru_cache(maxsize=8192)
def iri(key: str) -> URIRef:
    """``ID[key]``, one object per key in a process (organs, people, posts recur across documents)."""
    return ID[key]


@lru_cache(maxsize=4096, typed=True)
def plain(value: str | int | bool) -> Literal:
    """``Literal(value)``, one object per value and type (1 and True are different literals)."""
    return Literal(value)


def clip(value: str, limit: int = _LABEL_MAX) -> str:
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


def document_label(kind: str | None, symbol: str | None, title: str | None,
                   number: str | None, fallback: str) -> str:
    """A symbol when there is one (so every graph names a document the same way), else its title."""
    if symbol:
        return symbol
    if title:
        starts_with_kind = kind and fold(title).startswith(fold(kind))
        return clip(title if not kind or starts_with_kind else f"{kind}: {title}")
    if kind and number:
        return f"{kind} số {number}"
    return f"{kind or 'Văn bản'} ({fallback})"


@lru_cache(maxsize=4096)
def date_literal(value: str) -> Literal:
    """An xsd:date literal; a malformed value is kept as written, for SHACL to report with its sentence.
    One object per value in a process, like ``vi``."""
    try:
        if not _ISO_DATE.match(value):
            raise ValueError(value)
        _dt.date.fromisoformat(value)
        return Literal(value, datatype=XSD.date)
    except ValueError:
        term_logger = logging.getLogger("rdflib.term")
        level = term_logger.level
        term_logger.setLevel(logging.CRITICAL)     # rdflib logs a traceback for an ill-typed literal
        try:
            return Literal(value, datatype=XSD.date)
        finally:
            term_logger.setLevel(level)


def _year(date: str | None) -> int | None:
    match = _YEAR.match(date or "")
    return int(match[1]) if match else None


def _first(*values):
    return next((v for v in values if v not in (None, "")), None)


class _Builder:
    def __init__(self, extraction: Extraction, text: Text | str | None, vocab: Vocabulary) -> None:
        self.ex = extraction
        self.display = text.display if isinstance(text, Text) else text
        self.vocab = vocab
        self.source = extraction.source
        self.file_name = extraction.source.replace("\\", "/").rsplit("/", 1)[-1]
        self.g: set[Triple] = set()      # a Graph's add and ``in``, without rdflib's store
        self.doc = self.node(extraction.document.key, "văn bản")
        self.tag = extraction.document.key.replace("/", "_")
        self.province: URIRef | None = None
        self.province_slug: str | None = None
        self.people = {fold(p.name): self.node(p.key, f"cá nhân “{p.name}”") for p in extraction.people}
        self._organs: dict[URIRef, str] = {}
        self._listed_names = {ref.key: ref.name for ref in reversed(extraction.organs) if ref.key}
        self._mentions: dict[URIRef, int] = {}
        self._dated: dict[URIRef, set[URIRef]] = {DKG.citedOn: set(), DKG.taskedOn: set()}   # date indexes

    # -- helpers ----------------------------------------------------------------------------
    def fail(self, message: str) -> BuildError:
        return BuildError(f"{self.source}: {message}")

    def node(self, key: str, what: str) -> URIRef:
        if not key:
            raise self.fail(f"{what} chưa có khóa (key); hãy chạy loaders.resolve trước")
        if _BAD_IRI_CHARS.search(key):
            raise self.fail(f"khóa “{key}” của {what} có ký tự không dùng được trong IRI")
        return iri(key)

    def add(self, s: URIRef, p: URIRef, o) -> None:
        if o is not None and o != "":
            self.g.add((s, p, o))

    def typed(self, node: URIRef, cls: URIRef) -> None:
        typed(self.g, self.vocab, node, cls)

    def provenance(self, node: URIRef, span: Span | None, fallback_text: str | None = None) -> None:
        """Sentence, span and source document of an item that has a single source."""
        self.g.add((node, PROV.wasDerivedFrom, self.doc))
        sentence = fallback_text
        if span is not None:
            self.g.add((node, DKG.spanStart, plain(span.start)))
            self.g.add((node, DKG.spanEnd, plain(span.end)))
            if self.display is not None:
                if not 0 <= span.start <= span.end <= len(self.display):
                    raise self.fail(f"vị trí {span.start}–{span.end} nằm ngoài văn bản "
                                    f"({len(self.display)} ký tự)")
                sentence = self.display[span.start:span.end]
        if sentence and sentence.strip():
            self.g.add((node, DKG.sourceText, vi(sentence.strip())))

    def scope_of(self, key: str, prefix: str) -> str:
        parts = key.split("/")
        if len(parts) < 3 or parts[0] != prefix:
            raise self.fail(f"khóa “{key}” không có dạng {prefix}/{{tỉnh}}/…")
        return parts[1]

    def in_province(self, node: URIRef, key: str) -> None:
        """Organs and meetings of this document's province (their key starts with its slug)."""
        if self.province is not None and key.split("/")[1:2] == [self.province_slug]:
            self.g.add((node, DKG.inProvince, self.province))

    def post(self, scope: str, title: str) -> URIRef:
        node = iri(f"post/{scope}/{slug(title)}")
        if (node, RDF.type, DKG.Post) not in self.g:
            self.typed(node, DKG.Post)
            self.g.add((node, RDFS.label, vi(normalize(title))))
        return node

    # -- the pieces ---------------------------------------------------------------------------
    def build(self) -> set[Triple]:
        self.add_province()
        self.add_document()
        self.add_people()
        self.add_organ_mentions()
        self.add_meetings()
        self.add_citations()
        self.add_tasks()
        self.add_date_indexes()
        for task_key in self.ex.document.fulfils:
            self.g.add((self.doc, DKG.fulfils, iri(task_key)))
        named = graph_iri(self.ex)
        self.g.add((named, RDF.type, PROV.Entity))
        self.g.add((named, PROV.wasDerivedFrom, self.doc))
        return self.g

    def add_province(self) -> None:
        name = self.ex.document.province
        if not name or not name.strip():
            return
        key, label = province_key_and_name(name)
        self.province_slug = key.split("/", 1)[1]
        self.province = iri(key)
        describe_province(self.g, self.vocab, self.province, label)

    def organ(self, ref: OrganRef) -> URIRef:
        """The organ's node; its name is the one the document's organ list gives (the body text),
        so that a signature block naming it otherwise cannot give it a second preferred name."""
        node = self.node(ref.key, f"cơ quan “{ref.name}”")
        if node not in self._organs:
            name = self._listed_names.get(ref.key, ref.name)
            try:
                self.g.update(organ_description(self.vocab, node, name, ref.category, ref.organ_id, ref.level))
            except UnknownCode as error:
                raise self.fail(f"{error} (cơ quan “{ref.name}”)") from None
            self._organs[node] = normalize(name)
            self.in_province(node, ref.key)
        for other in (ref.name, ref.surface):
            if other and normalize(other) != self._organs[node]:
                self.g.add((node, SKOS.altLabel, vi(normalize(other))))
        return node

    def kind(self, node: URIRef, label: str | None) -> None:
        if not label:
            return
        concept = self.vocab.kind(label)
        if concept is None:     # left for SHACL to report: the kind is not in the scheme
            concept = URIRef(f"https://w3id.org/vn-directives/kind/{slug(label)}")
            self.g.add((concept, RDFS.label, vi(normalize(label))))
        else:
            for triple in self.vocab.kind_triples[concept]:
                self.g.add(triple)
        self.g.add((node, DKG.hasKind, concept))

    def describe_document(self, node: URIRef, *, kind: str | None, symbol: str | None, date: str | None,
                          year: int | None, title: str | None, number: str | None, issuer: str | None,
                          issuer_ref: OrganRef | None, resolved: bool, scope: str | None,
                          fallback: str) -> None:
        self.typed(node, DKG.Document)
        self.g.add((node, RDFS.label, vi(document_label(kind, symbol, title, number, fallback))))
        self.kind(node, kind)
        self.add(node, ELI.id_local, plain(symbol) if symbol else None)
        self.add(node, ELI.date_document, date_literal(date) if date else None)
        self.add(node, DKG.year, plain(year) if year else None)
        self.add(node, DCTERMS.title, vi(clip(title, 2000)) if title else None)
        self.add(node, DKG.number, plain(number) if number else None)
        self.add(node, DKG.scope, plain(scope) if scope else None)
        self.add(node, DKG.issuerName, vi(normalize(issuer)) if issuer else None)
        if issuer_ref is not None:
            self.g.add((node, DKG.issuer, self.organ(issuer_ref)))
        self.g.add((node, DKG.resolved, plain(resolved)))

    def add_document(self) -> None:
        d = self.ex.document
        match = _KEY_YEAR.match(d.key)
        self.describe_document(
            self.doc, kind=d.kind, symbol=d.symbol, date=d.date,
            year=_year(d.date) or (int(match[1]) if match else None), title=d.title, number=None,
            issuer=d.issuer, issuer_ref=d.issuer_ref, resolved=True, scope=None,
            fallback=self.file_name)
        self.g.add((self.doc, DKG.sourceFile, plain(self.source)))
        if self.province is not None:
            self.g.add((self.doc, DKG.inProvince, self.province))
        self.add(self.doc, DKG.place, vi(normalize(d.place)) if d.place else None)
        self.add(self.doc, DKG.signingMode, plain(d.signing_mode) if d.signing_mode else None)
        self.add(self.doc, DKG.signerPost, vi(normalize(d.signer_post)) if d.signer_post else None)
        if d.signer:
            self.g.add((self.doc, DKG.signerName, vi(normalize(d.signer))))
            person = self.people.get(fold(d.signer))
            if person is not None:
                self.g.add((self.doc, DKG.signer, person))
        for ref in d.recipients:
            self.g.add((self.doc, DKG.recipient, self.organ(ref)))

    def mention(self, what: str, about: URIRef, target: URIRef, span: Span | None, words: str | None) -> None:
        """The n-th mention of ``target`` in the text (its node named by the target and n, so that a
        sentence added to the text leaves the other mentions' nodes and targets as they were)."""
        n = self._mentions[target] = self._mentions.get(target, 0) + 1
        name = str(target).removeprefix(str(ID)).split("/", 1)[-1].replace("/", ".")
        node = ID[f"mention/{self.tag}/{what}-{name}-{n}"]
        self.typed(node, DKG.Mention)          # no label: the app shows its words (one triple in eight)
        self.g.add((node, DKG.mentionIn, self.doc))
        self.g.add((node, about, target))
        self.provenance(node, span, words)

    def add_people(self) -> None:
        for person in self.ex.people:
            node = self.people[fold(person.name)]
            self.describe_person(node, person)
            self.mention("person", DKG.aboutPerson, node, person.span, person.name)

    def describe_person(self, node: URIRef, person: Person) -> None:
        self.typed(node, DKG.Person)
        self.g.add((node, RDFS.label, vi(normalize(person.name))))
        scope = self.scope_of(person.key, "person")
        for title in person.posts:
            if title and title.strip():
                self.g.add((node, DKG.holds, self.post(scope, title)))

    def add_organ_mentions(self) -> None:
        for ref in self.ex.organs:
            self.mention("organ", DKG.aboutOrgan, self.organ(ref), ref.span, ref.surface or ref.name)

    def add_meetings(self) -> None:
        concept = self.vocab.kind(self.ex.document.kind)
        link = self.vocab.meeting_links.get(concept, DKG.reportsOnMeeting)
        for meeting in self.ex.meetings:
            node = self.node(meeting.key, f"hội nghị “{meeting.kind}”")
            self.describe_meeting(node, meeting)
            if link == DKG.reportsOnMeeting:
                self.g.add((self.doc, link, node))
            else:
                self.g.add((node, link, self.doc))
            self.mention("meeting", DKG.aboutMeeting, node, meeting.span, None)

    def describe_meeting(self, node: URIRef, meeting: Meeting) -> None:
        self.typed(node, DKG.Meeting)
        kind = normalize(meeting.kind) if meeting.kind else "Hội nghị"
        when = meeting.date or ""
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", when):
            when = f"{when[8:10]}/{when[5:7]}/{when[0:4]}"
        self.g.add((node, RDFS.label, vi(f"{kind} ngày {when}" if when else kind)))
        self.add(node, DKG.meetingDate, date_literal(meeting.date) if meeting.date else None)
        self.add(node, DKG.meetingKind, vi(kind) if meeting.kind else None)
        scope = self.scope_of(meeting.key, "meeting")
        for chair in meeting.chairs:
            if not chair or not chair.strip():
                continue
            self.g.add((node, DKG.chairText, vi(normalize(chair))))
            person = self.people.get(fold(chair))
            if person is not None:
                self.g.add((node, DKG.chairPerson, person))
            else:
                self.g.add((node, DKG.chair, self.post(scope, chair)))
        for ref in meeting.attendees:
            self.g.add((node, DKG.attendee, self.organ(ref)))
        self.in_province(node, meeting.key)

    def add_citations(self) -> None:
        merged = _merge_cited(self.ex.citations)
        for key, c in merged.items():
            node = self.node(key, f"văn bản được dẫn chiếu “{c.symbol or c.title or ''}”")
            if node == self.doc:
                continue        # a document naming its own symbol: its own description stands
            if c.resolved and c.symbol:
                # a document of the corpus: its own graph describes it; say only what names it, so
                # that the union of the graphs has one label, kind, date and title for it
                self.typed(node, DKG.Document)
                self.g.add((node, RDFS.label, vi(c.symbol)))
                self.g.add((node, ELI.id_local, plain(c.symbol)))
                self.g.add((node, DKG.resolved, plain(True)))
                continue
            self.describe_document(
                node, kind=c.kind, symbol=c.symbol, date=c.date, year=c.year or _year(c.date),
                title=c.title, number=c.number, issuer=c.issuer, issuer_ref=c.issuer_ref,
                resolved=c.resolved, scope=c.scope, fallback=key.rsplit("/", 1)[-1])
        for n, c in enumerate(self.ex.citations, 1):
            cited = self.node(c.key, f"văn bản được dẫn chiếu “{c.symbol or c.title or ''}”")
            self.g.add((self.doc, DKG.cites, cited))
            if cited != self.doc:
                self._dated[DKG.citedOn].add(cited)
            prop = self.vocab.relation(c.relation)
            if prop is not None:
                self.g.add((self.doc, prop, cited))
            self.add_evidence(n, c, cited)

    def add_evidence(self, n: int, c: Citation, cited: URIRef) -> None:
        node = ID[f"evidence/{self.tag}/citation-{n}"]
        self.typed(node, DKG.CitationEvidence)
        what = c.symbol or c.title or (f"{c.kind} số {c.number}" if c.number else c.kind) or "văn bản"
        self.g.add((node, RDFS.label, vi(clip(f"{c.relation}: {what}"))))
        self.g.add((node, DKG.citing, self.doc))
        self.g.add((node, DKG.cited, cited))
        self.g.add((node, DKG.relation, plain(c.relation)))
        self.g.add((node, DKG.symbolInferred, plain(bool(c.symbol_inferred))))
        self.provenance(node, c.span)

    def add_tasks(self) -> None:
        for task in self.ex.tasks:
            self.add_task(task)

    def add_date_indexes(self) -> None:
        """The document's date on what it cites (``dkg:citedOn``) and on the organs its tasks give a
        role (``dkg:taskedOn``), in its own graph: a newest-first listing of a document's citing
        documents or of an organ's tasks then reads the dates with the citations or roles, instead of
        looking each document's date up (ontology, "date indexes")."""
        date = self.ex.document.date
        if not date or not _ISO_DATE.match(date):
            return
        try:
            _dt.date.fromisoformat(date)
        except ValueError:       # left to SHACL to report; an index of it would sort nowhere
            return
        value = date_literal(date)
        for prop, nodes in self._dated.items():
            for node in nodes:
                self.g.add((node, prop, value))

    def add_task(self, task: Task) -> None:
        node = self.node(task.key, f"nhiệm vụ “{task.ref}”")
        self.typed(node, DKG.Task)
        label = f"{task.ref}. {task.text}" if task.ref else task.text
        self.g.add((node, RDFS.label, vi(clip(label, 120))))
        self.add(node, DKG.taskRef, plain(task.ref) if task.ref else None)
        self.add(node, DKG.taskText, vi(" ".join(task.text.split())) if task.text else None)
        self.add(node, DKG.taskKind, plain(task.kind) if task.kind else None)
        self.g.add((node, DKG.assignedBy, self.doc))
        lead_role = DKG.monitor if task.kind == "monitoring" else DKG.lead
        roles: Iterable[tuple[URIRef, list[OrganRef]]] = (
            (lead_role, task.leads), (DKG.coordinator, task.coordinators), (DKG.executor, task.executors),
            (DKG.reportTo, task.report_to), (DKG.via, task.via))
        for role, refs in roles:
            for ref in refs:
                organ = self.organ(ref)
                self.g.add((node, role, organ))
                self._dated[DKG.taskedOn].add(organ)
        self.add(node, DKG.recurrence, plain(task.recurrence) if task.recurrence else None)
        self.add(node, DKG.doneDate, date_literal(task.done) if task.done else None)
        if task.deadline is not None:
            self.g.add((node, DKG.hasDeadline, self.deadline(task.key, task.deadline)))
        self.provenance(node, task.span, task.text)

    def deadline(self, task_key: str, d: Deadline) -> URIRef:
        node = ID[f"{task_key}/deadline"]
        self.typed(node, DKG.Deadline)
        label = d.date or d.month or d.quarter or (d.text and clip(d.text, 80)) or "thời hạn"
        self.g.add((node, RDFS.label, vi(label)))
        self.add(node, TIME.inXSDDate, date_literal(d.date) if d.date else None)
        self.add(node, DKG.deadlineText, vi(" ".join(d.text.split())) if d.text else None)
        self.add(node, DKG.workingDays, plain(d.working_days) if d.working_days is not None else None)
        self.add(node, DKG.days, plain(d.days) if d.days is not None else None)
        self.add(node, DKG.anchor, plain(d.anchor) if d.anchor else None)
        self.add(node, DKG.dueMonth, Literal(d.month, datatype=XSD.gYearMonth) if d.month else None)
        self.add(node, DKG.dueQuarter, plain(d.quarter) if d.quarter else None)
        for day in d.recurring:
            self.g.add((node, DKG.recurringDate, Literal(f"--{day}", datatype=XSD.gMonthDay)))
        self.add(node, DKG.unresolvedReason, vi(d.reason) if d.reason else None)
        return node


def typed(graph: Graph | set[Triple], vocab: Vocabulary, node: URIRef, cls: URIRef) -> None:
    for c in vocab.classes_of(cls):
        graph.add((node, RDF.type, c))


def province_key_and_name(name: str) -> tuple[str, str]:
    """The key and canonical name of a province as the gazetteer writes it ("TP.HCM" → Hồ Chí Minh),
    the same key loaders.resolve uses in every provincial key; a name it lacks is slugged as is."""
    info = find_province(name)
    return (info.key, info.name) if info else (f"province/{slug(name)}", normalize(name))


def describe_province(graph: Graph | set[Triple], vocab: Vocabulary, node: URIRef, name: str) -> None:
    typed(graph, vocab, node, DKG.Province)
    graph.add((node, RDFS.label, vi(name)))
    graph.add((node, SKOS.prefLabel, vi(name)))


@lru_cache(maxsize=4096)
def organ_description(vocab: Vocabulary, node: URIRef, name: str, category: str, organ_id: str,
                      level: str) -> tuple[Triple, ...]:
    """The triples of ``describe_organ`` for an organ of these names and codes, made once per process
    (an organ is described alike in every document naming it)."""
    triples: set[Triple] = set()
    describe_organ(triples, vocab, node, OrganRef(name=name, organ_id=organ_id, level=level, category=category))
    return tuple(triples)


def describe_organ(graph: Graph | set[Triple], vocab: Vocabulary, node: URIRef, ref: OrganRef) -> None:
    """Class (from the category code), names, gazetteer id, level and category of an organ."""
    cls = vocab.organ_class(ref.category)
    name = normalize(ref.name)
    typed(graph, vocab, node, cls)
    graph.add((node, RDFS.label, vi(name)))
    graph.add((node, SKOS.prefLabel, vi(name)))
    for value, prop in ((ref.organ_id, DKG.organId), (ref.level, DKG.level), (ref.category, DKG.category)):
        if value:
            graph.add((node, prop, plain(value)))


def _merge_cited(citations: list[Citation]) -> dict[str, Citation]:
    """One description per cited key: the first non-empty value of each field across its citations
    (a document cited twice, once with its subject and once by symbol alone, is one node)."""
    merged: dict[str, Citation] = {}
    for c in citations:
        if not c.key:
            continue
        seen = merged.get(c.key)
        if seen is None:
            merged[c.key] = Citation(**{**c.__dict__})
            continue
        for name in ("symbol", "kind", "date", "year", "number", "issuer", "issuer_ref", "title", "scope"):
            setattr(seen, name, _first(getattr(seen, name), getattr(c, name)))
        seen.resolved = seen.resolved or c.resolved
    return merged
