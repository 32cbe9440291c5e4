"""Every piece of data the explorer shows, read through the stores and the named-query runner.

* The stores are opened once per server process, read-only (``RdfStore.open(home, read_only=True)``,
  ``open_graph_store(home, read_only=True)``), and moved to a newer build with ``refresh()`` at the
  start of each page run.  One lock serialises access to them (the SPARQL worker and the LadybugDB
  connection are not thread-safe, and Streamlit runs sessions in threads).
* Results are cached with ``st.cache_data``; every cached function takes the store ``version()`` as
  its first argument, so a new build (or an upload) is seen at once and old entries age out.
* Parameters are always passed to the engines as parameters, never pasted into query text.
"""

from __future__ import annotations

import json
import logging
import os
import re
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import streamlit as st

from app import diskcache, pgtables, tables
from app.labels import NODE_TYPES, TASK_ROLES, local, node_type_of
from app.tables import CitationEdge, DocInfo, Evidence, Province, Rows, as_date  # noqa: F401 - re-exported
from dkg.config import data_home
from loaders.stores.errors import StoreError
from loaders.stores.rdf_store import RdfStore, iri
from loaders.stores.results import QueryResult
from loaders.text import fold

DKG = "https://w3id.org/vn-directives/ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
PREFIX = """PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dkg: <https://w3id.org/vn-directives/ontology#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX time: <http://www.w3.org/2006/time#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""
BIG = 2_000_000          # row limit of the internal queries that read a whole table
TTL = 3600               # seconds a cached result lives (a new build changes the version anyway)
log = logging.getLogger(__name__)
UPLOAD_DIR = "uploads"
UPLOAD_SUFFIXES = (".txt", ".docx", ".pdf", ".html", ".htm")
MAX_UPLOAD_BYTES = 50 * 1024 * 1024


def home() -> Path:
    """The data home: ``$DKG_HOME`` (set by ``dkg app --home``), else the default."""
    return data_home()


# --------------------------------------------------------------------------------------------
# Stores (one set per server process)
# --------------------------------------------------------------------------------------------

class Stores:
    """The read-only RDF store and property graph of one data home, opened lazily."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.lock = threading.RLock()
        self._rdf: RdfStore | None = None
        self._graph: Any = None

    def rdf(self) -> RdfStore:
        with self.lock:
            if self._rdf is None:
                self._rdf = RdfStore.open(self.root, read_only=True)
            return self._rdf

    def graph(self) -> Any:
        from loaders.stores.graph_store import open_graph_store
        with self.lock:
            if self._graph is None:
                self._graph = open_graph_store(self.root, read_only=True)
            return self._graph

    def refresh(self) -> None:
        with self.lock:
            if self._rdf is not None:
                try:
                    self._rdf.refresh_if_changed()
                except StoreError:
                    self._rdf.close()
                    self._rdf = None
            if self._graph is not None and hasattr(self._graph, "refresh_if_changed"):
                try:
                    self._graph.refresh_if_changed()
                except StoreError:
                    self._graph.close()
                    self._graph = None

    def sparql(self, text: str, params: Mapping[str, Any] | None = None, timeout_s: float = 30.0,
               limit: int = BIG, in_process: bool = False) -> QueryResult:
        with self.lock:
            return self.rdf().query(text, params=params, timeout_s=timeout_s, limit=limit, in_process=in_process)

    def cypher(self, text: str, params: Mapping[str, Any] | None = None, timeout_s: float = 30.0,
               limit: int = 10_000) -> QueryResult:
        with self.lock:
            return self.graph().query(text, params=params, timeout_s=timeout_s, limit=limit)


@st.cache_resource(show_spinner=False)
def _stores(root: str) -> Stores:
    return Stores(Path(root))


def stores() -> Stores:
    return _stores(str(home()))


def refresh() -> None:
    """Start of a page run: move the open stores to the last published build."""
    stores().refresh()


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8").strip()
    except OSError:
        return ""


def version() -> str:
    """What identifies the loaded data: the published RDF snapshot, graph version and search index."""
    root = home()
    search = root / "search.sqlite"
    stamp = search.stat().st_mtime_ns if search.exists() else 0
    return f"{_read(root / 'oxigraph-snapshots' / 'CURRENT')}|{_read(root / 'ladybug' / 'CURRENT')}|{stamp}"


def is_built() -> bool:
    return bool(_read(home() / "oxigraph-snapshots" / "CURRENT"))


def last_build_time() -> datetime | None:
    current = home() / "oxigraph-snapshots" / "CURRENT"
    return datetime.fromtimestamp(current.stat().st_mtime) if current.exists() else None


def rows(sparql: str, params: Mapping[str, Any] | None = None, limit: int = BIG,
         in_process: bool = False) -> list[dict[str, Any]]:
    """Records of a SPARQL query on the store (the PREFIX block is added); ``in_process`` for the
    app's own queries that return many rows (see ``RdfStore.query``)."""
    return stores().sparql(PREFIX + sparql, params=params, limit=limit, in_process=in_process).records()


def _as_date(value: Any) -> date | None:
    return as_date(value)


# --------------------------------------------------------------------------------------------
# Documents, provinces, citations
# --------------------------------------------------------------------------------------------

def table_source() -> str:
    """Where whole-corpus tables are read: 'graph' (the property graph, falling back to SPARQL when it
    cannot be read) or 'sparql' (``DKG_APP_TABLES=sparql``)."""
    return "sparql" if os.environ.get("DKG_APP_TABLES", "").strip().lower() == "sparql" else "graph"


def _table(v: str, name: str) -> Any:
    """A whole-corpus table of version ``v`` (``app.tables`` / ``app.pgtables``), from the disk cache
    when there, else read from the property graph (or through SPARQL) and saved."""
    def compute() -> Any:
        if table_source() == "graph" and hasattr(pgtables, name):
            try:
                return getattr(pgtables, name)(_cypher_rows)
            except StoreError as exc:
                log.warning("table %s: property graph unreadable (%s); reading it through SPARQL", name, exc)
        return getattr(tables, name)(_table_rows)
    return diskcache.cached(home(), v, name, compute)


def _table_rows(sparql: str) -> list[dict[str, Any]]:
    return rows(sparql, in_process=True)


def _cypher_rows(cypher: str) -> list[dict[str, Any]]:
    return stores().cypher(cypher, limit=BIG).records()


@st.cache_resource(ttl=TTL, show_spinner=False, max_entries=4)
def documents(v: str) -> dict[str, DocInfo]:
    """Every document (loaded from a file or only cited), by IRI (shared: do not change it)."""
    return _table(v, "documents")


@st.cache_resource(ttl=TTL, show_spinner=False, max_entries=4)
def provinces(v: str) -> list[Province]:
    return _table(v, "provinces")


@st.cache_resource(ttl=TTL, show_spinner=False, max_entries=4)
def citations(v: str) -> dict[tuple[str, str], CitationEdge]:
    """Every citation edge (citing, cited) with its specific relations and the evidence behind it."""
    return _table(v, "citations")


@dataclass
class TreeNode:
    uri: str
    relations: list[str]
    children: list[TreeNode]
    repeated: bool = False           # already shown higher up (a cycle or a shared ancestor)


def citation_tree(v: str, root: str, depth: int, direction: str) -> list[TreeNode]:
    """What ``root`` cites (direction 'out') or what cites it ('in'), transitively to ``depth``."""
    by_node: dict[str, list[CitationEdge]] = defaultdict(list)
    for edge in citations(v).values():
        by_node[edge.citing if direction == "out" else edge.cited].append(edge)
    seen = {root}

    def grow(node: str, level: int) -> list[TreeNode]:
        if level > depth:
            return []
        out = []
        for edge in sorted(by_node.get(node, []), key=lambda e: (e.cited if direction == "out" else e.citing)):
            other = edge.cited if direction == "out" else edge.citing
            if other in seen:
                out.append(TreeNode(other, edge.relations, [], repeated=True))
                continue
            seen.add(other)
            out.append(TreeNode(other, edge.relations, grow(other, level + 1)))
        return out

    return grow(root, 1)


def tree_nodes(nodes: list[TreeNode]) -> list[TreeNode]:
    out = []
    for node in nodes:
        out.append(node)
        out += tree_nodes(node.children)
    return out


# --------------------------------------------------------------------------------------------
# Any entity: its properties, incoming edges, label and type
# --------------------------------------------------------------------------------------------

@dataclass
class Value:
    value: Any
    label: str | None = None
    node_type: str | None = None

    @property
    def is_iri(self) -> bool:
        return isinstance(self.value, str) and self.value.startswith(("http://", "https://"))


@dataclass
class Entity:
    uri: str
    label: str
    node_type: str
    types: list[str]
    out: dict[str, list[Value]]
    incoming: dict[str, list[Value]]

    def first(self, prop: str) -> Any:
        values = self.out.get(prop) or []
        return values[0].value if values else None

    def all(self, prop: str) -> list[Value]:
        return self.out.get(prop) or []


def _type_values() -> str:
    return " ".join(f"dkg:{t}" for t in NODE_TYPES)


def _labels_and_types(uris: Any) -> tuple[dict[str, Any], dict[str, str]]:
    return tables.labels_and_types(rows, uris)


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=256)
def entity(v: str, uri: str, incoming_limit: int = 3000) -> Entity | None:
    """Properties of ``uri`` (by local name), the edges pointing at it, with labels and node types.

    The edges first (DISTINCT, so a node stated in many graphs is read once), then the labels and
    types of the nodes at their other ends, a few hundred IRIs a query (``VALUES``)."""
    node = iri(uri)
    found = rows("SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o }", {"s": node})
    if not found:
        return None
    coming = rows("SELECT DISTINCT ?o ?p ?s WHERE { ?s ?p ?o . FILTER(?p != rdf:type) }", {"o": node},
                  limit=incoming_limit)
    labels, node_types = _labels_and_types([r["o"] for r in found] + [r["s"] for r in coming])
    out: dict[str, list[Value]] = defaultdict(list)
    types: list[str] = []
    own_labels = []
    for r in sorted(found, key=lambda r: (r["p"], tables.sort_key(r["o"]))):
        if r["p"] == RDF_TYPE:
            types.append(r["o"])
            continue
        name = local(r["p"])
        if name == "label":
            own_labels.append(r["o"])
        if all(x.value != r["o"] for x in out[name]):
            o = r["o"] if isinstance(r["o"], str) else None
            out[name].append(Value(r["o"], labels.get(o) if o else None, node_types.get(o) if o else None))
    incoming: dict[str, list[Value]] = defaultdict(list)
    for r in sorted(coming, key=lambda r: (r["p"], r["s"])):
        incoming[local(r["p"])].append(Value(r["s"], labels.get(r["s"]), node_types.get(r["s"])))
    for values in list(out.values()) + list(incoming.values()):
        values.sort(key=lambda x: fold(str(x.label or x.value)))
    node_type = node_type_of(types)
    label = tables.smallest(own_labels)
    name = label or (out.get("prefLabel") or [Value(None)])[0].value or local(uri)
    return Entity(uri, str(name), node_type, [local(t) for t in types], dict(out), dict(incoming))


# --------------------------------------------------------------------------------------------
# Tasks
# --------------------------------------------------------------------------------------------

@dataclass
class TaskInfo:
    uri: str
    document: str | None
    ref: str | None
    text: str | None
    kind: str | None
    recurrence: str | None
    start: int | None
    end: int | None
    deadline_text: str | None
    deadline_date: date | None
    deadline_reason: str | None
    done_date: date | None = None
    done_by: str | None = None
    roles: dict[str, list[tuple[str, str]]] = field(default_factory=dict)   # role → [(organ, label)]


_TASK_ANCHORS = {
    "document": "?t dkg:assignedBy ?x .",
    "organ": "?t ?role0 ?x . VALUES ?role0 { " + " ".join(f"dkg:{r}" for r in TASK_ROLES) + " }",
    "task": "?t a dkg:Task . FILTER(?t = ?x)",
    "province": "?t dkg:assignedBy ?doc0 . ?doc0 dkg:inProvince ?x .",
}


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=256)
def tasks(v: str, anchor: str, uri: str) -> list[TaskInfo]:
    """Tasks assigned by a document, given to an organ in any role, or of one province's documents."""
    where = _TASK_ANCHORS[anchor]
    x = iri(uri)
    found: dict[str, TaskInfo] = {}
    for r in rows(f"""
        SELECT ?x ?t (SAMPLE(?d) AS ?doc) (SAMPLE(?ref) AS ?tref) (SAMPLE(?text) AS ?ttext) (SAMPLE(?k) AS ?tkind)
               (SAMPLE(?rec) AS ?trec) (SAMPLE(?s) AS ?start) (SAMPLE(?e) AS ?end) (SAMPLE(?dlt) AS ?dltext)
               (SAMPLE(?dld) AS ?dldate) (SAMPLE(?why) AS ?reason) (MIN(?fd) AS ?done) (SAMPLE(?f) AS ?doneBy)
        WHERE {{
          {where}
          OPTIONAL {{ ?t dkg:assignedBy ?d }}
          OPTIONAL {{ ?t dkg:taskRef ?ref }} OPTIONAL {{ ?t dkg:taskText ?text }}
          OPTIONAL {{ ?t dkg:taskKind ?k }} OPTIONAL {{ ?t dkg:recurrence ?rec }}
          OPTIONAL {{ ?t dkg:spanStart ?s }} OPTIONAL {{ ?t dkg:spanEnd ?e }}
          OPTIONAL {{ ?t dkg:hasDeadline ?dl .
                     OPTIONAL {{ ?dl dkg:deadlineText ?dlt }} OPTIONAL {{ ?dl time:inXSDDate ?dld }}
                     OPTIONAL {{ ?dl dkg:unresolvedReason ?why }} }}
          OPTIONAL {{ ?f dkg:fulfils ?t . OPTIONAL {{ ?f eli:date_document ?fd }} }}
        }} GROUP BY ?x ?t""", {"x": x}):
        found[r["t"]] = TaskInfo(
            uri=r["t"], document=r["doc"], ref=r["tref"], text=r["ttext"], kind=r["tkind"], recurrence=r["trec"],
            start=r["start"], end=r["end"], deadline_text=r["dltext"], deadline_date=_as_date(r["dldate"]),
            deadline_reason=r["reason"], done_date=_as_date(r["done"]), done_by=r["doneBy"])
    if not found:
        return []
    roles = " ".join(f"dkg:{r}" for r in TASK_ROLES)
    for r in rows(f"""
        SELECT DISTINCT ?x ?t ?role ?o (SAMPLE(?l) AS ?olabel) WHERE {{
          {where}
          ?t ?role ?o . VALUES ?role {{ {roles} }}
          OPTIONAL {{ ?o rdfs:label ?l }}
        }} GROUP BY ?x ?t ?role ?o""", {"x": x}):
        task = found.get(r["t"])
        if task is not None:
            task.roles.setdefault(local(r["role"]), []).append((r["o"], r["olabel"] or local(r["o"])))
    for task in found.values():
        for members in task.roles.values():
            members.sort(key=lambda m: fold(m[1]))
    return sorted(found.values(), key=lambda t: (t.document or "", _ref_key(t.ref), t.uri))


def _ref_key(ref: str | None) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"[.\-]", ref or ""))


# --------------------------------------------------------------------------------------------
# Meetings, mentions, original text
# --------------------------------------------------------------------------------------------

@st.cache_data(ttl=TTL, show_spinner=False, max_entries=256)
def meetings_of(v: str, doc: str) -> list[dict[str, Any]]:
    """Meetings a document records, concludes or reports on."""
    return rows("""
        SELECT DISTINCT ?d ?m ?how (SAMPLE(?l) AS ?label) (SAMPLE(?dt) AS ?date) (SAMPLE(?k) AS ?kind) WHERE {
          { ?m dkg:concludedBy ?d BIND("concludedBy" AS ?how) }
          UNION { ?m dkg:recordedIn ?d BIND("recordedIn" AS ?how) }
          UNION { ?d dkg:reportsOnMeeting ?m BIND("reportsOnMeeting" AS ?how) }
          OPTIONAL { ?m rdfs:label ?l } OPTIONAL { ?m dkg:meetingDate ?dt } OPTIONAL { ?m dkg:meetingKind ?k }
        } GROUP BY ?d ?m ?how""", {"d": iri(doc)})


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=256)
def mentions_in(v: str, doc: str) -> list[dict[str, Any]]:
    """Where a document names an organ, person or meeting (dkg:Mention), in text order."""
    found = rows("""
        SELECT DISTINCT ?d ?m ?about ?prop (SAMPLE(?l) AS ?label) (SAMPLE(?t) AS ?text) (SAMPLE(?s) AS ?start)
               (SAMPLE(?e) AS ?end) WHERE {
          ?m dkg:mentionIn ?d ; ?prop ?about . VALUES ?prop { dkg:aboutOrgan dkg:aboutPerson dkg:aboutMeeting }
          OPTIONAL { ?about rdfs:label ?l } OPTIONAL { ?m dkg:sourceText ?t }
          OPTIONAL { ?m dkg:spanStart ?s } OPTIONAL { ?m dkg:spanEnd ?e }
        } GROUP BY ?d ?m ?about ?prop""", {"d": iri(doc)})
    return sorted(found, key=lambda r: (r["start"] if isinstance(r["start"], int) else 0))


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=64)
def _original_text(path: str, mtime_ns: int) -> str | None:
    from loaders.read import ReadError, read_file
    try:
        return read_file(Path(path)).display
    except (ReadError, OSError):
        return None


def original_text(path: str | None) -> str | None:
    """The display text of a source file (spans index into it), or None when the file is gone."""
    if not path:
        return None
    try:
        mtime = Path(path).stat().st_mtime_ns
    except OSError:
        return None
    return _original_text(path, mtime)


def snippet(text: str | None, start: int | None, end: int | None, fallback: str | None = None,
            context: int = 280) -> tuple[str, str, str]:
    """(before, span, after): the paragraph around a span of the original text, or the stored sentence."""
    if text is None or start is None or end is None or not (0 <= start <= end <= len(text)):
        return "", fallback or "", ""
    left = text.rfind("\n", 0, start)
    left = max(left + 1, start - context)
    right = text.find("\n", end)
    right = len(text) if right < 0 else right
    right = min(right, end + context)
    before, after = text[left:start], text[end:right]
    if left > 0 and text[left - 1] != "\n":
        before = "…" + before
    if right < len(text) and text[right] != "\n":
        after += "…"
    return before, text[start:end], after


# --------------------------------------------------------------------------------------------
# Graph neighbourhoods and paths
# --------------------------------------------------------------------------------------------

@dataclass
class GraphEdge:
    src: str
    dst: str
    prop: str


@dataclass
class NodeInfo:
    uri: str
    label: str
    node_type: str


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=512)
def neighbourhood(v: str, uri: str, limit: int = 2000) -> tuple[list[GraphEdge], dict[str, NodeInfo]]:
    """The edges at ``uri`` (both directions, object properties only) and the nodes they reach."""
    node = iri(uri)
    found = [(r, "out") for r in rows("""SELECT DISTINCT ?n ?p ?o WHERE {
        ?n ?p ?o . FILTER(isIRI(?o) && ?p != rdf:type) }""", {"n": node}, limit=limit)]
    if len(found) < limit:
        found += [(r, "in") for r in rows("SELECT DISTINCT ?n ?p ?o WHERE { ?o ?p ?n }", {"n": node},
                                          limit=limit - len(found))]
    labels, node_types = _labels_and_types([r["o"] for r, _dir in found])
    edges: list[GraphEdge] = []
    nodes: dict[str, NodeInfo] = {}
    for r, direction in found:
        other, prop = r["o"], local(r["p"])
        if prop == "wasDerivedFrom":
            continue                     # mirrors assignedBy / citing / mentionIn
        node_type = node_types.get(other, "Other")
        if node_type == "Other" and not other.startswith("https://w3id.org/vn-directives/"):
            continue                     # class IRIs and other vocabulary terms
        nodes[other] = NodeInfo(other, str(labels.get(other) or local(other)), node_type)
        edges.append(GraphEdge(uri, other, prop) if direction == "out" else GraphEdge(other, uri, prop))
    return edges, nodes


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=512)
def node_info(v: str, uri: str) -> NodeInfo | None:
    if not rows("SELECT ?n ?p WHERE { ?n ?p ?o } LIMIT 1", {"n": iri(uri)}, limit=1):
        return None
    labels, node_types = _labels_and_types([uri])
    return NodeInfo(uri, str(labels.get(uri) or local(uri)), node_types.get(uri, "Other"))


def shortest_path(v: str, a: str, b: str, exclude: tuple[str, ...] = ("DocumentKind", "Province")
                  ) -> tuple[list[NodeInfo], list[GraphEdge]] | None:
    """A shortest path between two nodes, ignoring direction, provenance nodes and the node types in
    ``exclude`` (hubs such as document kinds and provinces make every path trivial); None if none."""
    return _shortest_path(v, a, b, tuple(sorted(exclude)))


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=64)
def _shortest_path(v: str, a: str, b: str, exclude: tuple[str, ...]
                   ) -> tuple[list[NodeInfo], list[GraphEdge]] | None:
    from app.paths import shortest_path as search_path
    found = search_path(_table_rows, a, b, exclude)
    if found is None:
        return None
    nodes, edges = found
    return [NodeInfo(*n) for n in nodes], [GraphEdge(*e) for e in edges]


# --------------------------------------------------------------------------------------------
# Search
# --------------------------------------------------------------------------------------------

@dataclass
class SearchHit:
    uri: str
    kind: str
    label: str
    symbol: str | None
    province: str | None
    date: str | None
    exact: bool = False


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=256)
def search(v: str, text: str, kind: str | None = None, province: str | None = None,
           limit: int = 200) -> list[SearchHit]:
    """Hits of the search index (symbols in any writing, names with or without diacritics, subjects)."""
    from loaders.stores.search_index import SearchIndex
    index = SearchIndex.open(home())
    if index.path.exists():
        return [SearchHit(h.uri, h.kind, h.label, h.symbol, h.province, h.date, h.exact)
                for h in index.search(text, kind=kind, province=province, limit=limit)]
    return _scan_search(v, text, kind, province, limit)


def _scan_search(v: str, text: str, kind: str | None, province: str | None, limit: int) -> list[SearchHit]:
    """Used only before the first index exists: folded substring match over labels and symbols."""
    words = fold(text).split()
    if not words:
        return []
    kinds = {"Document": "document", "Organ": "organ", "Person": "person", "Meeting": "meeting",
             "Task": "task", "Province": "province", "Post": "post"}
    hits = []
    docs = documents(v)
    for r in rows(f"""
        SELECT ?n (SAMPLE(?t) AS ?type) (GROUP_CONCAT(DISTINCT ?l; separator=" | ") AS ?labels) WHERE {{
          ?n a ?t . VALUES ?t {{ {" ".join(f"dkg:{k}" for k in kinds)} }}
          {{ ?n rdfs:label ?l }} UNION {{ ?n skos:altLabel ?l }} UNION {{ ?n eli:id_local ?l }}
        }} GROUP BY ?n"""):
        haystack = fold(r["labels"] or "")
        squashed = re.sub(r"[^a-z0-9]", "", haystack)
        if all(w in haystack or re.sub(r"[^a-z0-9]", "", w) in squashed for w in words):
            hit_kind = kinds.get(local(r["type"]), "document")
            if kind and hit_kind != kind:
                continue
            doc = docs.get(r["n"])
            prov = doc.province_label if doc else None
            if province and fold(prov or "") != fold(province):
                continue
            label = (r["labels"] or "").split(" | ")[0]
            hits.append(SearchHit(r["n"], hit_kind, label, doc.symbol if doc else None, prov,
                                  doc.date.isoformat() if doc and doc.date else None))
    return hits[:limit]


# --------------------------------------------------------------------------------------------
# Comparing provinces
# --------------------------------------------------------------------------------------------

@st.cache_resource(ttl=TTL, show_spinner=False, max_entries=4)
def organ_categories(v: str) -> dict[str, tuple[str | None, str, str | None]]:
    """organ IRI → (category code, label, province label)."""
    return _table(v, "organ_categories")


@st.cache_resource(ttl=TTL, show_spinner=False, max_entries=4)
def task_facts(v: str) -> list[dict[str, Any]]:
    """One row per task of a document that has a province: province, leads and deadline style."""
    return _table(v, "task_facts")


def deadline_style(fact: Mapping[str, Any]) -> str:
    """How a task's deadline is written, in words a policy officer uses."""
    if fact.get("workdays") is not None:
        return "Số ngày làm việc kể từ mốc"
    if fact.get("days") is not None:
        return "Số ngày kể từ mốc"
    if fact.get("yearly"):
        return "Ngày cố định hằng năm"
    if fact.get("quarter"):
        return "Trong quý"
    if fact.get("month"):
        return "Trong tháng"
    if fact.get("date"):
        return "Ngày cụ thể / cuối kỳ"
    if fact.get("deadline"):
        return "Thời hạn chưa quy ra ngày"
    if fact.get("recurrence"):
        return "Định kỳ, không ghi hạn"
    return "Không có thời hạn"


@st.cache_resource(ttl=TTL, show_spinner=False, max_entries=4)
def document_texts(v: str) -> dict[str, list[str]]:
    """doc IRI → texts that say what it is about (title, task texts, meeting kinds)."""
    return _table(v, "document_texts")


def topic_lexicon() -> dict[str, list[str]]:
    """Topics and the phrases that signal them (app/topics.yaml: data, not code)."""
    import yaml
    data = yaml.safe_load((Path(__file__).with_name("topics.yaml")).read_text(encoding="utf-8")) or {}
    return {str(k): [fold(str(p)) for p in v] for k, v in data.items()}


# --------------------------------------------------------------------------------------------
# Status
# --------------------------------------------------------------------------------------------

@st.cache_data(ttl=TTL, show_spinner=False, max_entries=4)
def type_counts(v: str) -> dict[str, int]:
    """Nodes per node table in the RDF store."""
    return _table(v, "type_counts")


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=4)
def graph_counts(v: str) -> dict[str, dict[str, int]]:
    with stores().lock:
        return stores().graph().counts()


def graph_engine_name() -> str:
    from loaders.stores.graph_store import default_engine
    return default_engine()


def triple_count() -> int:
    return _triple_count(version())


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=4)
def _triple_count(v: str) -> int:
    """Quads in the store (counting them takes ~1.3 s at 10,000 documents: once per version)."""
    with stores().lock:
        return stores().rdf().count()


def manifest() -> dict[str, dict]:
    path = home() / "manifest.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


BUILD_LOG = "app-builds.json"


def build_log() -> list[dict[str, Any]]:
    """What the builds started from the explorer reported (newest first)."""
    for name in ("build-report.json", BUILD_LOG):
        path = home() / name
        if path.exists():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            if name == BUILD_LOG:
                return data
            return [data] if isinstance(data, dict) else data
    return []


def _record_build(entry: dict[str, Any]) -> None:
    path = home() / BUILD_LOG
    log = []
    if path.exists():
        try:
            log = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            log = []
    log = [entry, *log][:50]
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(log, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    os.replace(tmp, path)


# --------------------------------------------------------------------------------------------
# Upload: save safely under the data home, then run the pipeline on that one file
# --------------------------------------------------------------------------------------------

_UNSAFE = re.compile(r"[^\w.\- ]+", re.UNICODE)


def safe_filename(name: str) -> str:
    """A file name that stays inside its folder: no directories, no '..', no control characters.

    '../../x.txt' → 'x.txt'; 'C:\\a\\b.txt' → 'b.txt'; '.bashrc' → 'bashrc'; '' → 'van-ban'.
    """
    from loaders.text import normalize
    base = re.split(r"[\\/]", normalize(name or ""))[-1]
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    suffix = re.sub(r"[^a-z0-9]", "", suffix.lower())
    stem = re.sub(r"\.{2,}", ".", _UNSAFE.sub("_", stem)).strip(" ._")[:120] or "van-ban"
    return f"{stem}.{suffix}" if suffix else stem


def save_upload(name: str, data: bytes) -> Path:
    """Write an uploaded file to ``home/uploads/`` under a safe, unused name; return its path."""
    folder = (home() / UPLOAD_DIR).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    clean = safe_filename(name)
    if not clean.lower().endswith(UPLOAD_SUFFIXES):
        raise ValueError(f"{name}: chỉ nhận tệp {', '.join(UPLOAD_SUFFIXES)}.")
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValueError(f"{name}: tệp lớn hơn {MAX_UPLOAD_BYTES // (1024 * 1024)} MB.")
    if not data:
        raise ValueError(f"{name}: tệp rỗng.")
    stem, suffix = os.path.splitext(clean)
    target = folder / clean
    n = 2
    while target.exists():
        target = folder / f"{stem}-{n}{suffix}"
        n += 1
    target = target.resolve()
    if target.parent != folder:                     # belt and braces: never outside the folder
        raise ValueError(f"{name}: tên tệp không hợp lệ.")
    with open(target, "xb") as handle:
        handle.write(data)
    return target


@dataclass
class UploadResult:
    ok: bool
    message: str
    document: str | None = None
    details: list[str] = field(default_factory=list)


def check_readable(path: Path) -> str | None:
    """The reader's complaint about a file, or None when it reads."""
    from loaders.read import ReadError, read_file
    try:
        text = read_file(path)
    except ReadError as exc:
        return str(exc)
    except Exception as exc:  # noqa: BLE001 - any reader failure is a message for the user
        return f"{path.name}: không đọc được ({type(exc).__name__}: {exc})"
    if not text.display.strip():
        return f"{path.name}: tệp không có nội dung chữ."
    return None


def build_upload(path: Path, progress: Callable[[str, int, int], None] | None = None) -> UploadResult:
    """Run the pipeline on one saved upload; on failure remove the file so nothing changes."""
    from loaders.pipeline import build
    problem = check_readable(path)
    if problem:
        path.unlink(missing_ok=True)
        return UploadResult(False, problem)
    started = time.time()
    try:
        summary = build([path], home(), progress=progress, prune=False)
    except StoreError as exc:
        path.unlink(missing_ok=True)
        return UploadResult(False, f"{path.name}: {exc}")
    failed = [reason for source, reason in summary.failed if Path(source).resolve() == path.resolve()]
    invalid = [r.describe() for r in summary.invalid]
    entry = {"time": datetime.fromtimestamp(started).isoformat(timespec="seconds"), "file": str(path),
             "loaded": summary.loaded, "failed": [list(f) for f in summary.failed], "invalid": invalid,
             "seconds": round(summary.seconds, 2)}
    _record_build(entry)
    if failed or any(str(path) in r for r in invalid):
        path.unlink(missing_ok=True)
        return UploadResult(False, failed[0] if failed else f"{path.name}: vi phạm ràng buộc SHACL, không nạp.",
                            details=invalid)
    refresh()
    doc = _document_of_source(str(path))
    return UploadResult(True, f"Đã nạp {path.name} ({summary.seconds:.1f} giây).", doc, invalid)


def _document_of_source(source: str) -> str | None:
    found = rows("SELECT ?d ?src WHERE { ?d dkg:sourceFile ?src }", {"src": source}, limit=1)
    return found[0]["d"] if found else None


# --------------------------------------------------------------------------------------------
# Console: named queries and free text, through the runner when it is there
# --------------------------------------------------------------------------------------------

def named_queries() -> dict[str, Any]:
    """The named queries of ``queries/`` (empty until the runner exists)."""
    try:
        from queries.runner import named_queries as load
    except ImportError:
        return {}
    return load()


def run_named(name: str, params: Mapping[str, Any], lang: str, timeout_s: float, limit: int) -> QueryResult:
    from queries.runner import run_named as run
    return run(name, dict(params), lang=lang, home=home(), timeout_s=timeout_s, limit=limit)


def run_text(text: str, lang: str, timeout_s: float, limit: int) -> QueryResult:
    """A console query, through the runner (its own read-only store handles, so a long query does not
    hold up the other pages): checked read-only, run with a time and a row limit."""
    from queries.runner import run_text as run
    return run(text, lang, home(), timeout_s=timeout_s, limit=limit)


def not_built_message() -> str:
    return ("Chưa có dữ liệu trong kho: hãy chạy `dkg build` hoặc tải văn bản lên ở trang "
            "“Dữ liệu và nạp văn bản”.")

