"""The one way the CLI and the app run queries: named queries from files, or SPARQL/Cypher text.

    named_queries()                                   -> {name: NamedQuery}
    run_named("cited_by", {"symbol": "01-ĐA/TU", "province": "Hà Nam"}, lang="cypher", home=home)
    run_sparql("SELECT ...", home, params={"x": "..."})
    run_cypher("MATCH ...", home, params={"x": "..."}, engine=None)

All three return a ``loaders.stores.results.QueryResult`` and are read-only: the text is checked
(``loaders.stores.readonly``) and the stores are opened read-only.  Every query has a time limit and
a row limit; an engine's error arrives as a ``loaders.stores.errors.StoreError`` subclass whose
message is fit for a user (``QueryRefused`` for a write, ``QuerySyntaxError``, ``QueryTimeout``,
``StoreNotBuilt``).  A bad parameter raises ``ValueError`` with a Vietnamese message.

Named query files
-----------------
``queries/NAME.rq`` (SPARQL), ``queries/NAME.cypher`` (Cypher both engines run) and, only where the
dialects differ, ``queries/NAME.neo4j.cypher`` (used instead of NAME.cypher on Neo4j).  Each file
starts with a header of comment lines (``#`` in SPARQL, ``//`` in Cypher)::

    # name: cited_by
    # description: Các văn bản trích dẫn văn bản đã cho ...
    # param: symbol (bắt buộc, văn bản) Số ký hiệu hoặc URI của văn bản
    # param: province (tỉnh) Tỉnh của văn bản
    # param: depth = 3 (số, tối thiểu 1, tối đa 5) Độ sâu
    # status: all            (optional) add status columns computed from `deadline` and `done`
    # shortest: length       (optional) keep only the rows with the smallest value of this column
    # anchor: from, to       (optional) SPARQL gets these entity parameters as one IRI at a time
    # deepen: max_length     (optional) SPARQL is asked with 1, 2, ... up to the value, until rows come
    # merge: min depth       (optional) anchored SPARQL runs: rows equal but for `depth` keep the smallest
    # values: organ          (optional) SPARQL gets these parameters' IRIs as ``VALUES ?x { <iri> ... }``
                             on each line ``VALUES ?x { } # values: organ``; an organ parameter left
                             empty is every organ (of the ``tỉnh`` parameter's provinces when one is
                             given), in every language: the runner fills it
    # page: 100 by depth, via, document (cặp trích dẫn)
                             (optional) one page of 100 units at a time, a unit being the rows that
                             share these columns; needs a ``page`` parameter and ``_NAME_total``;
                             the runner writes the ``LIMIT 100 # page`` line (Cypher ``// page``), and
                             any ``LIMIT n # page end`` line keeps the first page × 100 (an inner cut:
                             the groups the page's rows are among)
    # narrow: depth          (optional, with page) rows come depth by depth: a page is asked only
                             as deep as its units need (``_NAME_total`` counts them by depth)

A param line is ``NAME [= DEFAULT] [(FLAGS)] DESCRIPTION``.  Flags, comma-separated: ``bắt buộc``
(required); the kind of value: ``số`` (integer), ``ngày`` (ISO date), ``danh sách`` (URIs, a list or
a comma-separated string), ``văn bản`` (a document: URI, key, symbol or title), ``cơ quan`` (an
organ: URI or name), ``tỉnh`` (one or more provinces, comma-separated), ``thực thể`` (any node: URI,
key, symbol or label); ``một trong a|b|c`` (allowed values); ``tối thiểu N`` / ``tối đa N``.  Names
starting with ``_`` are internal (lookups used by this module) and are not listed.

How parameters reach the engines
--------------------------------
Always as parameters, never pasted into the text.  Cypher sees ``$name``.  SPARQL sees the variable
``?_name``: Oxigraph substitutes only variables the query projects, so a query projects every
parameter it uses (also through its sub-queries) and the runner drops the columns starting with
``_`` from the answer.  Only parameters a text mentions are passed.  An optional parameter left out
is passed as an empty value of its kind (``""``, ``0``, an empty list) so that a query tests
``$x = ''`` / ``?_x = ""`` (Oxigraph's ``BOUND`` does not see substituted variables).

Entity parameters (``văn bản``, ``cơ quan``, ``tỉnh``, ``thực thể``) are looked up first, in the same
engine, and reach the query as a set of URIs: a list for Cypher (``n.uri IN $organ``) and a string
``" uri1 uri2 "`` for SPARQL (``CONTAINS(?_organ, CONCAT(" ", STR(?o), " "))``).  What was found
and how is told in ``QueryResult.notes``.  Names are matched with ``loaders.text.fold`` (case and
diacritics ignored); an organ named by the user also brings in its parts: organs ``dkg:partOf`` it,
and organs of the same province whose name is its name preceded by a word ("Ban Thường vụ Tỉnh
đoàn" is a part of "Tỉnh đoàn"), and the groups (``dkg:hasMember``) it belongs to.

A ``# deepen: PARAM`` query is asked in SPARQL with PARAM = 1, 2, ... up to the value given, until
one answers (the shortest path: Oxigraph then never walks four hops when two suffice).

Parameters named in ``# anchor:`` reach SPARQL as one IRI each (``?_from`` is the node itself): the
runner runs the query once per combination, merges the rows and sorts them again by the query's
``ORDER BY`` (plain variables).  Oxigraph walks from a bound node but would scan the whole store for
a variable one (a path with a variable predicate).  An optional anchored parameter left empty is
not bound at all (``?_organ`` then matches every node); ``?_NAME_all``, when the text mentions it,
is the whole set as usual (``" uri1 uri2 "``, ``""`` when empty), to tell the two cases apart.  With
``# merge: min COLUMN`` the merged rows that are equal but for COLUMN (the `_` columns left out) are
one row with the smallest COLUMN, and the rows are sorted again by the query's ``ORDER BY`` (plain
variables): a document found from two starting documents keeps its shortest distance, as when the
query is asked with the whole set at once.

A ``# page:`` query answers one page (``page`` = 1, 2, ...; ``run_named(..., page_size=0)`` asks for
every row): its text marks the line that cuts the page, ``LIMIT 100 # page`` (SPARQL) or
``LIMIT 100 // page`` (Cypher), and the runner writes there the page's window (``LIMIT n OFFSET o``,
``SKIP o LIMIT n``; integers it computed, never text from the user). The internal query
``_NAME_total`` (same parameters, one column ``total``) counts the units; a note tells the page, the
number of pages and the total, and how to ask for the next page. Anchored SPARQL runs each ask for the
first ``page × size`` units and the runner cuts the page from their merged rows (their totals are
added: a unit found from two anchors counts twice, the note says "at most").

With ``# narrow: depth`` (a page split by a ``depth`` column whose rows come level by level, from
an integer parameter of the same name that bounds the levels), ``_NAME_total`` counts the units of
each level (a ``depth`` column beside ``total``), and the runner asks for a page with the parameter
lowered to the smallest level whose units, with those before it, reach the end of the page: the
first page of a document cited 11,000 times directly is found among its direct citations, without
walking the 40,000 indirect ones (one run only: a unit found from two SPARQL anchors would count twice).
The levels are counted only until ``COUNT_ENOUGH`` units (or the page's end, if further) are reached:
SPARQL asks ``_NAME_total`` level after level (counting the level after one of 11,000 documents looks
each of them up), Cypher asks for the first level, then for all of them at once, and the runner keeps
the same levels; the note then tells the total as a lower bound ("ít nhất") and the level it was
counted to.

In Cypher, a line ending in ``// hops: depth - 1`` (or ``// hops: depth``) has its first ``*a..b``
written by the runner with the parameter's value (minus 1) as upper bound: the engines take
variable-length bounds only as literals, and a walk longer than the query keeps is then never taken.

A ``# values: organ`` parameter reaches SPARQL as a VALUES block the runner writes (IRIs it looked
up, each checked to be a plain IRI), so that one query walks from every organ of the set: no run per
organ, as an anchor would need. The parameter left empty is every organ (of the provinces asked for),
looked up like the others, in both languages. An anchored parameter may be named too
(``cited_by``: ``values: symbol``), for the parts of a query that read a whole side at once, such as
the right side of a MINUS, where a bound anchor does not reach.

Writing SPARQL for this store: the default graph is the union of the document graphs, and a triple
stated by several documents (an organ's label, a cited document's date) comes back once per graph.
The queries write ``p+`` (a property path, answered as a set) instead of ``p`` where that matters,
for properties whose values never chain (``rdfs:label+``, ``a+ dkg:Organ``), never for ``dkg:cites``
or ``dkg:partOf``; and they aggregate with ``MIN`` where the property graph keeps one value.
"""

from __future__ import annotations

import atexit
import itertools
import re
import threading
import time
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from rdflib import RDF, RDFS, SKOS

from loaders.stores.errors import QueryRefused
from loaders.stores.graph_store import default_engine, open_graph_store
from loaders.stores.rdf_store import RdfStore, iri
from loaders.stores.readonly import check_cypher_read_only, check_sparql_read_only
from loaders.stores.results import DEFAULT_LIMIT, DEFAULT_TIMEOUT_S, QueryResult
from loaders.text import fold, normalize
from ontology import DKG, KIND, ontology_graph
from queries import HERE
from queries.status import status_label, task_status

ID_BASE = "https://w3id.org/vn-directives/id/"
KIND_BASE = str(KIND)
GAZETTEER_DIR = Path(__file__).resolve().parents[1] / "data" / "gazetteer"
NOTHING = "urn:dkg:nothing"          # stands for "looked up, found nothing": matches no node
LANGS = ("sparql", "cypher")
LOOKUP_LIMIT = 200_000
COUNT_ENOUGH = 1_000                 # units a narrowed page's total counts before it stops (see above)

KIND_TEXT, KIND_INT, KIND_DATE, KIND_LIST = "text", "int", "date", "list"
KIND_DOCUMENT, KIND_ORGAN, KIND_PROVINCE, KIND_ENTITY = "document", "organ", "province", "entity"
KIND_DOC_KIND = "document_kind"
ENTITY_KINDS = (KIND_DOCUMENT, KIND_ORGAN, KIND_PROVINCE, KIND_ENTITY, KIND_DOC_KIND)
SET_KINDS = (*ENTITY_KINDS, KIND_LIST)
_FLAG_KINDS = {"số": KIND_INT, "ngày": KIND_DATE, "danh sách": KIND_LIST, "văn bản": KIND_DOCUMENT,
               "cơ quan": KIND_ORGAN, "tỉnh": KIND_PROVINCE, "thực thể": KIND_ENTITY,
               "loại văn bản": KIND_DOC_KIND}
KIND_WORDS = {KIND_TEXT: "chữ", KIND_INT: "số nguyên", KIND_DATE: "ngày (YYYY-MM-DD)",
              KIND_LIST: "danh sách URI", KIND_DOCUMENT: "văn bản (số ký hiệu hoặc URI)",
              KIND_ORGAN: "cơ quan (tên hoặc URI)", KIND_PROVINCE: "tỉnh (tên, có thể nhiều, cách nhau dấu phẩy)",
              KIND_ENTITY: "thực thể (URI, số ký hiệu hoặc tên)",
              KIND_DOC_KIND: "loại văn bản (tên hoặc chữ viết tắt: Nghị quyết, NQ)"}


# --------------------------------------------------------------------------------------------
# Named queries: the files
# --------------------------------------------------------------------------------------------

@dataclass
class Param:
    """One parameter of a named query, as its header declares it."""

    name: str
    description: str
    default: Any = None
    required: bool = False
    kind: str = KIND_TEXT
    choices: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None


@dataclass
class NamedQuery:
    """A named query: its texts in each language, its parameters and how its answer is finished."""

    name: str
    description: str
    params: list[Param]
    sparql: str | None
    cypher: str | None
    neo4j_cypher: str | None
    status: str | None = None          # None | "all" | statuses to keep, comma-separated
    shortest: str | None = None        # keep only rows with the smallest value of this column
    anchor: tuple[str, ...] = ()       # entity params SPARQL gets as one IRI at a time
    deepen: str | None = None          # integer param SPARQL is asked with 1, 2, ... until rows come
    merge_min: str | None = None       # anchored runs: rows equal but for this column keep its smallest
    page_size: int | None = None       # rows come a page at a time: this many units a page ...
    page_by: tuple[str, ...] = ()      # ... a unit being the rows equal in these columns
    page_unit: str = ""                # what a unit is, for the note (Vietnamese)
    values: tuple[str, ...] = ()       # organ params SPARQL gets as a VALUES block; empty: every organ
    narrow: str | None = None          # paged: integer param a page is asked with lowered to its level
    files: list[Path] = field(default_factory=list)

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)

    def text(self, lang: str, engine: str | None = None) -> str:
        """The query text for a language (and, for Cypher, an engine)."""
        if lang == "sparql":
            text = self.sparql
        elif lang == "cypher":
            text = self.neo4j_cypher if (engine or default_engine()) == "neo4j" and self.neo4j_cypher else self.cypher
        else:
            raise ValueError(f"Ngôn ngữ truy vấn không hợp lệ: {lang!r} (dùng sparql hoặc cypher).")
        if text is None:
            raise ValueError(f"Truy vấn “{self.name}” chưa có bản {lang.upper()}.")
        return text


class QueryFileError(ValueError):
    """A named query file whose header cannot be read."""


_HEADER_LINE = re.compile(r"^\s*(?:#|//)\s?(.*)$")
_FIELD = re.compile(r"^(name|description|param|status|shortest|anchor|deepen|merge|page|narrow|values)\s*:\s*(.*)$")
_PARAM = re.compile(r"^(?P<name>[A-Za-z_]\w*)\s*(?:=\s*(?P<default>[^\s(]+))?\s*(?:\((?P<flags>[^)]*)\))?\s*(?P<desc>.*)$")


def _parse_flags(param: Param, flags: str, where: str) -> None:
    for flag in (f.strip() for f in flags.split(",")):
        if not flag:
            continue
        if flag == "bắt buộc":
            param.required = True
        elif flag in _FLAG_KINDS:
            param.kind = _FLAG_KINDS[flag]
        elif flag.startswith("một trong "):
            param.choices = tuple(c.strip() for c in flag.removeprefix("một trong ").split("|") if c.strip())
        elif re.fullmatch(r"tối (thiểu|đa) -?\d+", flag):
            bound = int(flag.rsplit(" ", 1)[1])
            if "thiểu" in flag:
                param.minimum = bound
            else:
                param.maximum = bound
        else:
            raise QueryFileError(f"{where}: tham số “{param.name}”: không hiểu “{flag}”")


def parse_header(text: str, where: str) -> dict[str, Any]:
    """The header of one query file: name, description, params, status, shortest."""
    out: dict[str, Any] = {"params": []}
    for line in text.splitlines():
        if not line.strip():
            continue
        comment = _HEADER_LINE.match(line)
        if not comment:
            break
        found = _FIELD.match(comment.group(1).strip())
        if not found:
            continue
        key, value = found.group(1), found.group(2).strip()
        if key != "param":
            out[key] = value
            continue
        m = _PARAM.match(value)
        if not m:
            raise QueryFileError(f"{where}: dòng tham số không đọc được: “{value}”")
        param = Param(m["name"], m["desc"].strip())
        _parse_flags(param, m["flags"] or "", where)
        if m["default"] is not None:
            param.default = m["default"]
            if param.kind == KIND_TEXT and re.fullmatch(r"-?\d+", m["default"]):
                param.kind = KIND_INT
            param.default = _coerce(param, m["default"], where)
        out["params"].append(param)
    if "name" not in out:
        raise QueryFileError(f"{where}: thiếu dòng “name:” ở đầu tệp")
    if not out.get("description"):
        raise QueryFileError(f"{where}: thiếu dòng “description:” ở đầu tệp")
    return out


_CACHE: dict[tuple, dict[str, NamedQuery]] = {}


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix in (".rq", ".cypher") and p.is_file())


def load_queries(folder: Path = HERE, include_internal: bool = False) -> dict[str, NamedQuery]:
    """Parse every query file of ``folder`` (cached until a file changes)."""
    files = _files(folder)
    key = (str(folder), include_internal, tuple((p.name, p.stat().st_mtime_ns) for p in files))
    if key in _CACHE:
        return _CACHE[key]
    parts: dict[str, dict[str, tuple[Path, str, dict]]] = {}
    for path in files:
        if path.name.endswith(".neo4j.cypher"):
            stem, lang = path.name.removesuffix(".neo4j.cypher"), "neo4j_cypher"
        else:
            stem, lang = path.stem, "sparql" if path.suffix == ".rq" else "cypher"
        text = path.read_text(encoding="utf-8")
        header = parse_header(text, path.name)
        if header["name"] != stem:
            raise QueryFileError(f"{path.name}: “name: {header['name']}” phải trùng tên tệp ({stem})")
        parts.setdefault(stem, {})[lang] = (path, text, header)
    queries: dict[str, NamedQuery] = {}
    for name, by_lang in sorted(parts.items()):
        if name.startswith("_") and not include_internal:
            continue
        first_path, _, first = next(iter(by_lang.values()))
        signature = [(p.name, p.kind, p.required, p.default, p.choices) for p in first["params"]]
        for path, _, header in by_lang.values():
            other = [(p.name, p.kind, p.required, p.default, p.choices) for p in header["params"]]
            if other != signature:
                raise QueryFileError(f"{path.name}: tham số khác với {first_path.name}")
        preferred = by_lang.get("sparql") or by_lang.get("cypher") or first
        queries[name] = NamedQuery(
            name=name, description=preferred[2]["description"], params=first["params"],
            sparql=by_lang["sparql"][1] if "sparql" in by_lang else None,
            cypher=by_lang["cypher"][1] if "cypher" in by_lang else None,
            neo4j_cypher=by_lang["neo4j_cypher"][1] if "neo4j_cypher" in by_lang else None,
            status=preferred[2].get("status"), shortest=preferred[2].get("shortest"),
            anchor=tuple(a.strip() for a in (preferred[2].get("anchor") or "").split(",") if a.strip()),
            deepen=preferred[2].get("deepen"),
            values=tuple(v.strip() for v in (preferred[2].get("values") or "").split(",") if v.strip()),
            merge_min=_merge_column(preferred[2].get("merge"), preferred[0].name),
            narrow=preferred[2].get("narrow"),
            files=[p for p, _, _ in by_lang.values()])
        _set_page(queries[name], preferred[2].get("page"), preferred[0].name)
        _check_narrow(queries[name], preferred[0].name)
    for old in [k for k in _CACHE if k[:2] == key[:2]]:     # one version per (folder, internal or not)
        del _CACHE[old]
    _CACHE[key] = queries
    return queries


_VALUES_LINE = re.compile(r"VALUES\s+\?(?P<var>\w+)\s*\{\s*\}(?P<mark>\s*#\s*values:\s*(?P<param>\w+))")
_PLAIN_IRI = re.compile(r"[a-z][a-z0-9+.-]*:[^\s<>\"{}|^`\\]+", re.IGNORECASE)


def _values_blocks(query: NamedQuery, text: str, values: Mapping[str, Any]) -> str:
    """The SPARQL text with each ``VALUES ?x { } # values: PARAM`` line holding the parameter's IRIs."""
    def block(match: re.Match[str]) -> str:
        param = match.group("param")
        if param not in query.values:
            raise QueryFileError(f"{query.name}: “# values: {param}” nhưng tham số không có trong dòng “values:”")
        uris = sorted(set(values.get(param) or [])) or [NOTHING]
        for uri in uris:
            if not _PLAIN_IRI.fullmatch(uri):
                raise ValueError(f"Tham số “{param}”: “{uri}” không phải một URI hợp lệ.")
            iri(uri)                      # Oxigraph's own check
        return f"VALUES ?{match.group('var')} {{ " + " ".join(f"<{u}>" for u in uris) + " }" + match.group("mark")
    return _VALUES_LINE.sub(block, text)


_PAGE_HEADER = re.compile(r"(\d+)\s+by\s+([\w\s,]+?)\s*(?:\((?P<unit>[^)]*)\))?")
_PAGE_MARK = re.compile(r"(?:SKIP\s+\d+\s+)?LIMIT\s+\d+(?:\s+OFFSET\s+\d+)?(?P<mark>\s*(?:#|//)\s*page\b)(?!\s*end\b)")
# an inner cut that keeps everything up to the end of the page (SPARQL: the groups a page's rows are among)
_PAGE_END_MARK = re.compile(r"LIMIT\s+\d+(?P<mark>\s*(?:#|//)\s*page\s+end\b)")


_HOPS_LINE = re.compile(r"^(?P<line>.*?)(?P<mark>//\s*hops:\s*(?P<param>\w+)(?:\s*-\s*(?P<minus>\d+))?)[ \t]*$",
                        re.MULTILINE)
_HOPS = re.compile(r"\*(\d+)\.\.(\d+)")


def _hop_bounds(query: NamedQuery, text: str, values: Mapping[str, Any]) -> str:
    """The Cypher text with the first ``*a..b`` of each line marked ``// hops: PARAM [- k]`` bounded
    by the parameter's value (minus k) instead of b (never above b, never below a): a walk the query
    drops anyway (``length(walk) < $depth``) is then not taken at all.  Integers only."""
    def bound(match: re.Match[str]) -> str:
        param = query.param(match["param"])
        if param is None or param.kind != KIND_INT:
            raise QueryFileError(f"{query.name}: “hops: {match['param']}” không phải một tham số số")
        hops = int(values.get(param.name) or 0) - int(match["minus"] or 0)
        line, found = _HOPS.subn(lambda m: f"*{m[1]}..{max(int(m[1]), min(hops, int(m[2])))}", match["line"], count=1)
        if not found:
            raise QueryFileError(f"{query.name}: dòng “hops:” không có bước *a..b")
        return line + match["mark"]
    return _HOPS_LINE.sub(bound, text)


def _set_page(query: NamedQuery, value: str | None, where: str) -> None:
    """``# page: 100 by depth, via, document (unit)``: page size, unit columns, unit name."""
    if value is None:
        return
    found = _PAGE_HEADER.fullmatch(value.strip())
    if not found or int(found.group(1)) < 1:
        raise QueryFileError(f"{where}: “page: {value}” phải có dạng “page: 100 by CỘT, CỘT (đơn vị)”")
    param = query.param("page")
    if param is None or param.kind != KIND_INT:
        raise QueryFileError(f"{where}: “page:” cần tham số số nguyên “page”")
    for lang, text in (("sparql", query.sparql), ("cypher", query.cypher), ("neo4j", query.neo4j_cypher)):
        if text is not None and len(_PAGE_MARK.findall(text)) != 1:
            raise QueryFileError(f"{where}: bản {lang} cần đúng một dòng “LIMIT {found.group(1)} # page” "
                                 "(Cypher: “// page”)")
    query.page_size = int(found.group(1))
    query.page_by = tuple(c.strip() for c in found.group(2).split(",") if c.strip())
    query.page_unit = (found.group("unit") or "nhóm dòng").strip()


def _page_window(text: str, lang: str, limit: int, offset: int) -> str:
    """The text with its page line cutting ``limit`` units after ``offset`` (limit 0: no cut), and
    each ``LIMIT n # page end`` line keeping the first ``offset + limit`` (the groups a page's rows are among)."""
    def window(match: re.Match[str]) -> str:
        if limit <= 0:       # Cypher: a WITH ... ORDER BY must be followed by SKIP or LIMIT
            return ("" if lang == "sparql" else "SKIP 0") + match.group("mark")
        if lang == "sparql":
            return f"LIMIT {int(limit)} OFFSET {int(offset)}" + match.group("mark")
        return f"SKIP {int(offset)} LIMIT {int(limit)}" + match.group("mark")

    def to_end(match: re.Match[str]) -> str:
        if limit <= 0:
            return ("" if lang == "sparql" else "SKIP 0") + match.group("mark")
        return f"LIMIT {int(offset) + int(limit)}" + match.group("mark")
    return _PAGE_END_MARK.sub(to_end, _PAGE_MARK.sub(window, text, count=1))


def _check_narrow(query: NamedQuery, where: str) -> None:
    """``# narrow: depth`` needs a page, an integer parameter of that name and a unit column of it."""
    if query.narrow is None:
        return
    param = query.param(query.narrow)
    if not query.page_size or param is None or param.kind != KIND_INT or query.narrow not in query.page_by:
        raise QueryFileError(f"{where}: “narrow: {query.narrow}” cần “page:” chia theo cột {query.narrow} "
                             f"và một tham số số cùng tên")


def _merge_column(value: str | None, where: str) -> str | None:
    """The column of a ``# merge: min COLUMN`` line."""
    if value is None:
        return None
    found = re.fullmatch(r"min\s+([A-Za-z]\w*)", value.strip())
    if not found:
        raise QueryFileError(f"{where}: “merge: {value}” phải có dạng “merge: min CỘT”")
    return found.group(1)


def named_queries() -> dict[str, NamedQuery]:
    """The named queries of ``queries/``, by name (internal ones left out)."""
    return load_queries(HERE)


def _internal(name: str) -> NamedQuery:
    return load_queries(HERE, include_internal=True)[name]


# --------------------------------------------------------------------------------------------
# Parameters
# --------------------------------------------------------------------------------------------

def _coerce(param: Param, value: Any, where: str = "") -> Any:
    """A user's value (often a string from a form or the command line) as the param's kind."""
    prefix = f"{where}: " if where else ""
    label = f"Tham số “{param.name}”"
    if param.kind == KIND_INT:
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            raise ValueError(f"{prefix}{label} phải là số nguyên, không phải {value!r}.")
        try:
            number = int(str(value).strip())
        except ValueError:
            raise ValueError(f"{prefix}{label} phải là số nguyên, không phải “{value}”.") from None
        if param.minimum is not None and number < param.minimum:
            raise ValueError(f"{prefix}{label} phải từ {param.minimum} trở lên (nhận được {number}).")
        if param.maximum is not None and number > param.maximum:
            raise ValueError(f"{prefix}{label} tối đa là {param.maximum} (nhận được {number}).")
        return number
    if param.kind == KIND_DATE:
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value).strip())
        except ValueError:
            raise ValueError(f"{prefix}{label} phải là ngày dạng YYYY-MM-DD, không phải “{value}”.") from None
    if param.kind == KIND_LIST:
        items = value if isinstance(value, (list, tuple, set)) else re.split(r"[,\s]+", str(value))
        return [str(v).strip() for v in items if str(v).strip()]
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        raise ValueError(f"{prefix}{label} phải là chữ, không phải {type(value).__name__}.")
    text = normalize(str(value)).strip()
    if param.choices and text not in param.choices:
        raise ValueError(f"{prefix}{label} phải là một trong: {', '.join(param.choices)} (nhận được “{text}”).")
    return text


def validate_params(query: NamedQuery, params: Mapping[str, Any] | None) -> dict[str, Any]:
    """Check names and values against the header; fill defaults.  Missing optional → None."""
    given = {k: v for k, v in (params or {}).items() if v is not None and v != ""}
    known = {p.name for p in query.params}
    unknown = sorted(set(given) - known)
    if unknown:
        allowed = ", ".join(sorted(known)) or "không có"
        raise ValueError(f"Truy vấn “{query.name}” không có tham số {', '.join(unknown)} (các tham số: {allowed}).")
    out: dict[str, Any] = {}
    for p in query.params:
        if p.name in given:
            out[p.name] = _coerce(p, given[p.name])
        elif p.default is not None:
            out[p.name] = p.default
        elif p.required:
            raise ValueError(f"Truy vấn “{query.name}” cần tham số “{p.name}”: {p.description}.")
        else:
            out[p.name] = None
    return out


def _empty(kind: str) -> Any:
    return 0 if kind == KIND_INT else [] if kind in SET_KINDS else ""


def engine_value(kind: str, value: Any, lang: str) -> Any:
    """A validated (and looked-up) value as the engine takes it."""
    if value is None:
        value = _empty(kind)
    if kind in SET_KINDS:
        uris = sorted(set(value))
        return (" " + " ".join(uris) + " " if uris else "") if lang == "sparql" else uris
    return value


def _mentions(text: str, name: str, lang: str) -> bool:
    pattern = rf"\?_{name}\b" if lang == "sparql" else rf"\${name}\b"
    return re.search(pattern, text) is not None


# --------------------------------------------------------------------------------------------
# Stores (kept open per data home, refreshed when a build publishes a new version)
# --------------------------------------------------------------------------------------------

_STORES: dict[tuple[str, str], Any] = {}
_LOCKS: dict[tuple[str, str], threading.Lock] = {}
_GUARD = threading.Lock()


def _store(home: str | Path | None, kind: str) -> tuple[Any, threading.Lock]:
    """The read-only RDF store (kind 'oxigraph') or graph store (kind = engine) of a data home."""
    if home is None:
        from dkg.config import data_home  # the CLI's rule: --home, else $DKG_HOME, else the default
        home = data_home()
    key = (str(Path(home).resolve()), kind)
    with _GUARD:
        lock = _LOCKS.setdefault(key, threading.Lock())
        store = _STORES.get(key)
        if store is None:
            store = RdfStore.open(home, read_only=True) if kind == "oxigraph" else \
                open_graph_store(home, engine=kind, read_only=True)
            _STORES[key] = store
    refresh = getattr(store, "refresh_if_changed", None)
    if refresh is not None:
        with lock:
            refresh()
    return store, lock


# The rows of the lookup queries (every organ, document, province with its names) for one version of a
# store: a store version never changes, so the next query on it reuses them (2.5 s for the organs of
# 10,000 documents in SPARQL). Stores without versions (Neo4j) are asked every time.
_LOOKUP_ROWS: dict[tuple, list[dict[str, Any]]] = {}
_LOOKUP_ROWS_MAX = 32
# What is worked out from one list of lookup rows (the folded names of each organ row, the organs under
# each key prefix), kept with the list: 60 ms of folding per organ parameter at 10,000 documents.
_DERIVED: dict[tuple[int, str], tuple[list[dict[str, Any]], Any]] = {}


def _derived(rows: list[dict[str, Any]], what: str, make: Any) -> Any:
    """``make(rows)``, computed once per list of lookup rows (kept while the list is kept)."""
    key = (id(rows), what)
    with _GUARD:
        found = _DERIVED.get(key)
    if found is not None and found[0] is rows:
        return found[1]
    value = make(rows)
    with _GUARD:
        live = {id(r) for r in _LOOKUP_ROWS.values()}
        for old in [k for k in _DERIVED if k[0] not in live]:
            del _DERIVED[old]
        _DERIVED[key] = (rows, value)
    return value


def _organ_names(rows: list[dict[str, Any]], provinces: set[str] | None) -> tuple[dict[str, set[str]], dict[str, str]]:
    """The folded names of each organ (of ``provinces`` when given) and the name it is shown with."""
    names: dict[str, set[str]] = {}
    shown: dict[str, str] = {}
    for r, row_names in zip(rows, _derived(rows, "folded", _folded_names), strict=True):
        if provinces and r.get("province") not in provinces and _key_province(r["organ"]) not in provinces:
            continue
        names.setdefault(r["organ"], set()).update(row_names)
        if r.get("name"):
            shown[r["organ"]] = min(shown.get(r["organ"]) or r["name"], r["name"])
    return names, shown


def _organ_links(rows: list[dict[str, Any]]) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """The parts (``dkg:partOf``) and the groups of each organ, from the ``_organ_links`` rows."""
    children: dict[str, set[str]] = {}
    groups_of: dict[str, set[str]] = {}
    for link in rows:
        if link["link"] == "partOf":
            children.setdefault(link["parent"], set()).add(link["child"])
        else:
            groups_of.setdefault(link["child"], set()).add(link["parent"])
    return children, groups_of


def _folded_names(rows: list[dict[str, Any]]) -> list[set[str]]:
    return [{fold(n) for n in _names(r)} for r in rows]


def _scopes(organs: list[str]) -> dict[str, list[str]]:
    """Key prefix ending in "/" → the organs whose key starts with it (groups left out)."""
    out: dict[str, list[str]] = {}
    for organ in organs:
        if "/group/" in organ:
            continue
        cut = organ.find("/")
        while cut != -1:
            out.setdefault(organ[:cut + 1], []).append(organ)
            cut = organ.find("/", cut + 1)
    return out


def _store_version(home: str | Path | None, kind: str) -> str | None:
    """The published version the store of ``home`` reads now (its snapshot or LadybugDB directory)."""
    try:
        store, _ = _store(home, kind)
    except Exception:  # noqa: BLE001 - no version, no sharing; the query itself reports the problem
        return None
    version = getattr(store, "version", None)   # Neo4j has none
    return str(version) if version else None


def close_stores() -> None:
    """Close every store this module opened (their worker processes end)."""
    with _GUARD:
        stores = list(_STORES.values())
        _STORES.clear()
    for store in stores:
        try:
            store.close()
        except Exception:  # noqa: BLE001 - closing is best effort at exit
            pass


atexit.register(close_stores)


# --------------------------------------------------------------------------------------------
# Running text
# --------------------------------------------------------------------------------------------

def run_sparql(text: str, home: str | Path | None = None, params: Mapping[str, Any] | None = None,
               timeout_s: float = DEFAULT_TIMEOUT_S, limit: int = DEFAULT_LIMIT) -> QueryResult:
    """Read-only SPARQL over the union of all document graphs of the data home."""
    check_sparql_read_only(text)
    store, lock = _store(home, "oxigraph")
    with lock:
        return store.query(text, params=dict(params or {}), timeout_s=timeout_s, limit=limit)


def run_sparql_together(requests: list[tuple[str, Mapping[str, Any], int]], home: str | Path | None = None,
                        timeout_s: float = DEFAULT_TIMEOUT_S) -> list[QueryResult]:
    """Several read-only SPARQL queries (text, params, row limit) run side by side in the store's
    worker, within one time limit; their answers in the same order."""
    for text, _, _ in requests:
        check_sparql_read_only(text)
    store, lock = _store(home, "oxigraph")
    with lock:
        return store.query_together([(text, dict(params), limit) for text, params, limit in requests],
                                    timeout_s=timeout_s)


def run_cypher(text: str, home: str | Path | None = None, params: Mapping[str, Any] | None = None,
               engine: str | None = None, timeout_s: float = DEFAULT_TIMEOUT_S,
               limit: int = DEFAULT_LIMIT) -> QueryResult:
    """Read-only Cypher on the property graph (``engine``: 'ladybug', 'neo4j'; default from the environment)."""
    check_cypher_read_only(text)
    store, lock = _store(home, engine or default_engine())
    with lock:
        return store.query(text, params=dict(params or {}), timeout_s=timeout_s, limit=limit)


def run_text(text: str, lang: str, home: str | Path | None = None, params: Mapping[str, Any] | None = None,
             engine: str | None = None, timeout_s: float = DEFAULT_TIMEOUT_S,
             limit: int = DEFAULT_LIMIT) -> QueryResult:
    if lang == "sparql":
        return run_sparql(text, home, params, timeout_s=timeout_s, limit=limit)
    if lang == "cypher":
        return run_cypher(text, home, params, engine=engine, timeout_s=timeout_s, limit=limit)
    raise ValueError(f"Ngôn ngữ truy vấn không hợp lệ: {lang!r} (dùng sparql hoặc cypher).")


@dataclass
class _Plan:
    """One query's text and engine parameters, ready to run (values looked up, page window written)."""

    query: NamedQuery
    text: str
    passed: dict[str, Any]
    anchored: list[tuple[str, list[str]]]
    runs: int
    size: int
    window: int
    past_end: bool


def _plan(query: NamedQuery, values: Mapping[str, Any], lang: str, engine: str | None,
          page_size: int | None, total: int | None) -> _Plan:
    text = query.text(lang, engine)
    size = (query.page_size if page_size is None else page_size) if query.page_size else 0
    page = max(1, int(values.get("page") or 1))
    past_end = total is not None and page > _pages(total, size)
    window = 1 if past_end else page
    passed = {}
    anchored: list[tuple[str, list[str]]] = []
    for p in query.params:
        if not _mentions(text, p.name, lang):
            continue
        if lang == "sparql" and p.name in query.anchor and p.kind in SET_KINDS:
            uris = sorted(set(values.get(p.name) or []))
            if _mentions(text, p.name + "_all", lang):
                passed["_" + p.name + "_all"] = engine_value(p.kind, values.get(p.name), lang)
            if uris or p.required:
                anchored.append(("_" + p.name, uris or [NOTHING]))
            continue
        passed[("_" if lang == "sparql" else "") + p.name] = engine_value(p.kind, values.get(p.name), lang)
    runs = 1
    for _, uris in anchored:
        runs *= len(uris)
    if lang == "sparql" and query.values:
        text = _values_blocks(query, text, values)
    if lang == "cypher":
        text = _hop_bounds(query, text, values)
    if query.page_size:
        # one run: the engine cuts the page; several: each gives its first page × size units
        text = _page_window(text, lang, size * (window if runs > 1 else 1), 0 if runs > 1 else (window - 1) * size)
    return _Plan(query, text, passed, anchored, runs, size, window, past_end)


def _run_plan(plan: _Plan, lang: str, home: str | Path | None, engine: str | None, timeout_s: float,
              limit: int) -> QueryResult:
    if plan.anchored:
        return _run_anchored(plan.text, home, plan.passed, plan.anchored, timeout_s, limit)
    return run_text(plan.text, lang, home, plan.passed, engine=engine, timeout_s=timeout_s, limit=limit)


def _run_pair(first: tuple[_Plan, int], second: tuple[_Plan, int], lang: str, home: str | Path | None,
              engine: str | None, timeout_s: float) -> tuple[QueryResult, QueryResult]:
    """Two plans with their row limits, finished: side by side when both are one SPARQL run (their
    anchors bound to their one IRI; Oxigraph answers one query on one core), else one after the other."""
    if lang == "sparql" and first[0].runs == second[0].runs == 1:
        requests = []
        for plan, limit in (first, second):
            params = dict(plan.passed)
            params.update({name: iri(uris[0]) for name, uris in plan.anchored})
            requests.append((plan.text, params, limit))
        answers = run_sparql_together(requests, home, timeout_s)
    else:
        answers = [_run_plan(plan, lang, home, engine, timeout_s, limit) for plan, limit in (first, second)]
    return _finish(first[0], answers[0]), _finish(second[0], answers[1])


def _finish(plan: _Plan, result: QueryResult) -> QueryResult:
    """Drop the `_` columns; merge, sort and cut the rows of several anchored runs."""
    keep = [i for i, c in enumerate(result.columns) if not c.startswith("_")]
    if len(keep) != len(result.columns):
        result.columns = [result.columns[i] for i in keep]
        result.rows = [[row[i] for i in keep] for row in result.rows]
    if plan.query.merge_min and plan.runs > 1:
        _merge_min(plan.query, result, _order_columns(plan.text))
    elif plan.runs > 1:
        _sort(result, _order_columns(plan.text))
    if plan.size:
        if plan.runs > 1:
            _cut_page(plan.query, result, (plan.window - 1) * plan.size, plan.size)
        if plan.past_end:
            result.rows = []
    return result


def _execute(query: NamedQuery, values: Mapping[str, Any], lang: str, home: str | Path | None,
             engine: str | None, timeout_s: float, limit: int, page_size: int | None = None) -> QueryResult:
    """Run one query's text with already validated and looked-up values; drop the `_` columns.

    A ``# page:`` query answers the page ``values["page"]`` of ``page_size`` units (default: the
    header's size; 0: every row, no page) and tells its total (``_NAME_total``) in a note."""
    size = (query.page_size if page_size is None else page_size) if query.page_size else 0
    page = max(1, int(values.get("page") or 1))
    total = None
    narrowing = bool(size and query.narrow and (lang != "sparql" or all(len(values.get(a) or []) <= 1
                                                                        for a in query.anchor)))
    guess: tuple[_Plan, QueryResult] | None = None
    counted_to: int | None = None
    if size and narrowing:
        # counted first, only as deep as the page and COUNT_ENOUGH need; the page is then asked only
        # as deep as its units need (in SPARQL the first level's page is asked beside the first count,
        # and kept when that level holds the page)
        units, counted_to, guess = _count_levels(query, values, page, size, lang, home, engine, timeout_s,
                                                 limit, page_size)
        total = sum(units.values())
        values = _narrowed(query, values, units, page, size)
    elif size and page > 1:
        # counted first: a page past the end is not asked for (rows skipped past the end of an
        # ordered WITH crashed LadybugDB 0.22); the columns then come from page 1, without its rows.
        counting = _plan(_total_query(query), values, lang, engine, None, None)
        counted = _finish(counting, _run_plan(counting, lang, home, engine, timeout_s, LOOKUP_LIMIT))
        total = _total_of(query, counted)
    plan = _plan(query, values, lang, engine, page_size, total)
    if guess is not None and (guess[0].text, guess[0].passed) == (plan.text, plan.passed):
        result = guess[1]
    elif size and total is None:
        counting = _plan(_total_query(query), values, lang, engine, None, None)
        result, counted = _run_pair((plan, limit), (counting, LOOKUP_LIMIT), lang, home, engine, timeout_s)
        total = _total_of(query, counted)
    else:
        result = _finish(plan, _run_plan(plan, lang, home, engine, timeout_s, limit))
    if size:
        assert total is not None
        _page_note(query, result, total, page, size, plan.runs, counted_to)
    return result


def _count_levels(query: NamedQuery, values: Mapping[str, Any], page: int, size: int, lang: str,
                  home: str | Path | None, engine: str | None, timeout_s: float, limit: int,
                  page_size: int | None) -> tuple[dict[int, int], int | None, tuple[_Plan, QueryResult] | None]:
    """The units of a ``# narrow:`` query by level, counted until ``COUNT_ENOUGH`` units or the end
    of the page are reached: (units by level, the level the count stopped at when levels below the
    one asked were left uncounted, else None; the SPARQL page asked at the first level beside the
    first count). SPARQL counts level after level; Cypher counts the first level, then, when that is
    not enough, every level at once and keeps the same levels, so that both tell the same total."""
    assert query.narrow is not None
    asked, lowest = int(values[query.narrow]), _lowest(query)
    enough = max(COUNT_ENOUGH, page * size)
    guess = None
    units: dict[int, int] = {}
    levels = list(range(lowest, asked + 1)) if lang == "sparql" else sorted({lowest, asked})
    for level in levels:
        counting = _plan(_total_query(query), {**values, query.narrow: level}, lang, engine, None, None)
        if lang == "sparql" and guess is None:
            first = _plan(query, {**values, query.narrow: lowest}, lang, engine, page_size, None)
            counted, guessed = _run_pair((counting, LOOKUP_LIMIT), (first, limit), lang, home, engine, timeout_s)
            guess = (first, guessed)
        else:
            counted = _finish(counting, _run_plan(counting, lang, home, engine, timeout_s, LOOKUP_LIMIT))
        units = _units_by_level(query, counted)
        at = _level_reaching(units, enough)
        if at is not None:
            if at < asked:
                return {k: n for k, n in units.items() if k <= at}, at, guess
            return units, None, guess
    return units, None, guess


def _cut_page(query: NamedQuery, result: QueryResult, offset: int, size: int) -> None:
    """Keep the units ``offset`` .. ``offset + size - 1`` of sorted rows (a unit: rows equal in ``page_by``)."""
    missing = [c for c in query.page_by if c not in result.columns]
    if missing:
        raise QueryFileError(f"{query.name}: “page: … by {', '.join(missing)}” nhưng truy vấn không trả các cột đó")
    positions = [result.columns.index(c) for c in query.page_by]
    units: dict[tuple, int] = {}
    kept = []
    for row in result.rows:
        n = units.setdefault(tuple(repr(row[i]) for i in positions), len(units))
        if offset <= n < offset + size:
            kept.append(row)
    result.rows = kept


def _total_query(query: NamedQuery) -> NamedQuery:
    return _internal(f"_{query.name}_total")


def _total_of(query: NamedQuery, counted: QueryResult) -> int:
    """The number of units of a paged query, from the rows of its ``_NAME_total``."""
    if "total" not in counted.columns:
        raise QueryFileError(f"_{query.name}_total: truy vấn đếm phải trả cột total")
    i = counted.columns.index("total")
    return sum(int(row[i] or 0) for row in counted.rows)


def _lowest(query: NamedQuery) -> int:
    """The smallest value of a ``# narrow:`` parameter (its first level)."""
    param = query.param(query.narrow or "")
    assert param is not None, query.name
    return param.minimum if param.minimum is not None else 1


def _units_by_level(query: NamedQuery, counted: QueryResult) -> dict[int, int]:
    """The units of each level, from the rows of a ``# narrow:`` query's ``_NAME_total``."""
    assert query.narrow is not None
    if query.narrow not in counted.columns or "total" not in counted.columns:
        raise QueryFileError(f"_{query.name}_total: “narrow: {query.narrow}” cần cột {query.narrow} "
                             "(số đơn vị của mỗi mức) và cột total")
    level_at, total_at = counted.columns.index(query.narrow), counted.columns.index("total")
    units: dict[int, int] = defaultdict(int)
    for row in counted.rows:
        units[int(row[level_at])] += int(row[total_at] or 0)
    return dict(units)


def _narrowed(query: NamedQuery, values: Mapping[str, Any], units: Mapping[int, int], page: int,
              size: int) -> Mapping[str, Any]:
    """``values`` with the ``# narrow:`` parameter lowered to the smallest level whose units, with
    those of the levels before it, reach the end of the page (the rows are ordered by level first,
    and the rows of levels up to L are the same whatever the parameter above L)."""
    assert query.narrow is not None
    level = _level_reaching(units, page * size)
    return values if level is None else {**values, query.narrow: min(level, int(values[query.narrow]))}


def _level_reaching(units: Mapping[int, int], wanted: int) -> int | None:
    """The smallest level whose units, with those of the levels before it, number ``wanted`` or more."""
    reached = 0
    for level in sorted(units):
        reached += units[level]
        if reached >= wanted:
            return level
    return None


def _pages(total: int, size: int) -> int:
    return max(1, -(-total // size))


def _page_note(query: NamedQuery, result: QueryResult, total: int, page: int, size: int, runs: int,
               counted_to: int | None = None) -> None:
    """Tell which page this is and how to see the next one; ``counted_to``: the level a narrowed
    total was counted to (deeper levels left uncounted: the total is a lower bound)."""
    if counted_to is not None:
        first, last = (page - 1) * size + 1, min(page * size, total)
        result.notes.append(
            f"Trang {page}: {query.page_unit} {first}–{last} trong ít nhất {total} (mỗi trang {size}; "
            f"chỉ đếm tới {query.narrow}={counted_to}). Xem trang sau: tham số page={page + 1} "
            f"(dòng lệnh: --param page={page + 1}).")
        return
    if total <= size and page == 1:
        return
    pages = _pages(total, size)
    about = "tối đa " if runs > 1 else ""
    if page > pages:
        result.notes.append(f"Không có trang {page}: chỉ có {pages} trang ({about}{total} {query.page_unit}, "
                            f"mỗi trang {size}).")
        return
    first, last = (page - 1) * size + 1, min(page * size, total)
    text = f"Trang {page}/{pages}: {query.page_unit} {first}–{last} trong {about}{total} (mỗi trang {size})."
    if page < pages:
        text += f" Xem trang sau: tham số page={page + 1} (dòng lệnh: --param page={page + 1})."
    result.notes.append(text)


def _order_columns(text: str) -> list[tuple[str, bool]]:
    """(variable, descending) of a SPARQL text's last ``ORDER BY`` when its terms are all ``?var``,
    ``ASC(?var)`` or ``DESC(?var)`` (else none)."""
    found = re.findall(r"ORDER\s+BY\s+([^\n{}]*)", text, flags=re.IGNORECASE)
    if not found:
        return []
    terms = [re.fullmatch(r"(?:(ASC|DESC)\()?\?(\w+)\)?", t, flags=re.IGNORECASE) for t in found[-1].split()]
    if not all(terms):
        return []
    return [(m.group(2), (m.group(1) or "").upper() == "DESC") for m in terms if m]


def _sort_key(value: Any) -> tuple:
    return (value is not None, str(type(value).__name__), value) if value is not None else (False, "", "")


def _merge_min(query: NamedQuery, result: QueryResult, order: list[tuple[str, bool]]) -> None:
    """Rows equal but for ``query.merge_min``: one row with its smallest value; then sorted by ``order``."""
    column = query.merge_min
    if column not in result.columns:
        raise QueryFileError(f"{query.name}: “merge: min {column}” nhưng truy vấn không trả cột {column}")
    i = result.columns.index(column)
    best: dict[tuple, list[Any]] = {}
    for row in result.rows:
        key = tuple(repr(v) for j, v in enumerate(row) if j != i)
        kept = best.get(key)
        if kept is None or (row[i] is not None and (kept[i] is None or row[i] < kept[i])):
            best[key] = row
    result.rows = list(best.values())
    _sort(result, order)


def _sort(result: QueryResult, order: list[tuple[str, bool]]) -> None:
    """The rows of several anchored runs sorted again by the query's ``ORDER BY`` columns (a stable
    sort per column, the last first; an empty value is the smallest, as in SPARQL)."""
    for column, descending in reversed(order):
        if column in result.columns:
            p = result.columns.index(column)
            result.rows.sort(key=lambda row, p=p: _sort_key(row[p]), reverse=descending)


def _execute_deepening(query: NamedQuery, values: Mapping[str, Any], home: str | Path | None,
                       timeout_s: float, limit: int) -> QueryResult:
    """SPARQL asked with the ``# deepen:`` parameter at 1, 2, ... up to its value, until rows come."""
    param = query.param(query.deepen or "")
    if param is None:
        raise QueryFileError(f"{query.name}: “deepen: {query.deepen}” không phải tham số của truy vấn")
    started = time.monotonic()
    result: QueryResult | None = None
    for bound in range(max(1, param.minimum or 1), int(values[param.name]) + 1):
        left = max(0.1, timeout_s - (time.monotonic() - started))
        result = _execute(query, {**values, param.name: bound}, "sparql", home, None, left, limit)
        if result.rows:
            break
    assert result is not None
    result.elapsed_s = time.monotonic() - started
    return result


def _run_anchored(text: str, home: str | Path | None, passed: dict[str, Any],
                  anchored: list[tuple[str, list[str]]], timeout_s: float, limit: int) -> QueryResult:
    """SPARQL with some entity parameters bound to one IRI each (``# anchor:``): Oxigraph walks from a
    bound node but scans the store for a variable one.  One run per combination, rows merged."""
    merged: QueryResult | None = None
    seen: set[tuple] = set()
    started = time.monotonic()
    for combination in itertools.product(*(uris for _, uris in anchored)):
        params = dict(passed)
        params.update({name: iri(uri) for (name, _), uri in zip(anchored, combination, strict=True)})
        left = max(0.1, timeout_s - (time.monotonic() - started))
        result = run_sparql(text, home, params, timeout_s=left, limit=limit)
        if merged is None:
            merged = QueryResult(result.columns, [], False, 0.0, [])
        for row in result.rows:
            key = tuple(repr(v) for v in row)
            if key not in seen:
                seen.add(key)
                merged.rows.append(row)
        merged.truncated = merged.truncated or result.truncated or len(merged.rows) > limit
        merged.notes = sorted(set(merged.notes) | set(result.notes))
    assert merged is not None
    merged.rows = merged.rows[:limit]
    merged.elapsed_s = time.monotonic() - started
    return merged


# --------------------------------------------------------------------------------------------
# Looking up entity parameters
# --------------------------------------------------------------------------------------------

@dataclass
class Lookup:
    """What an entity parameter was resolved to."""

    uris: set[str] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)
    how: dict[str, str] = field(default_factory=dict)     # uri → how it matched (organs)


class _Resolver:
    def __init__(self, lang: str, home: str | Path | None, engine: str | None, timeout_s: float) -> None:
        self.lang, self.home, self.engine, self.timeout_s = lang, home, engine, timeout_s
        self._cache: dict[tuple, list[dict[str, Any]]] = {}

    def rows(self, query_name: str, **params: Any) -> list[dict[str, Any]]:
        key = (query_name, tuple(sorted(params.items())))
        if key not in self._cache:
            version = _store_version(self.home, "oxigraph" if self.lang == "sparql" else
                                     self.engine or default_engine())
            shared = (version, self.lang, *key) if version else None
            if shared is not None and shared in _LOOKUP_ROWS:
                self._cache[key] = _LOOKUP_ROWS[shared]
            else:
                query = _internal(query_name)
                values = validate_params(query, params)
                result = _execute(query, values, self.lang, self.home, self.engine, self.timeout_s, LOOKUP_LIMIT)
                self._cache[key] = result.records()
                if shared is not None:
                    with _GUARD:
                        if len(_LOOKUP_ROWS) >= _LOOKUP_ROWS_MAX:
                            _LOOKUP_ROWS.pop(next(iter(_LOOKUP_ROWS)))
                        _LOOKUP_ROWS[shared] = self._cache[key]
        return self._cache[key]

    # -- provinces ------------------------------------------------------------------------------
    def provinces(self, value: str) -> Lookup:
        out = Lookup()
        rows = self.rows("_provinces")
        for wanted in (w.strip() for w in re.split(r"[,;]", value) if w.strip()):
            key = fold(wanted)
            found = {r["province"] for r in rows
                     if wanted in (r["province"], r["province"].rsplit("/", 1)[-1])
                     or any(fold(n) == key for n in _names(r))}
            if not found:
                out.notes.append(f"Không tìm thấy tỉnh “{wanted}”.")
            out.uris |= found
        return out

    # -- documents ------------------------------------------------------------------------------
    def documents(self, value: str, provinces: set[str] | None) -> Lookup:
        out = Lookup()
        uri = _as_uri(value)
        if uri:
            out.uris.add(uri)
            return out
        text = re.sub(r"^(số|so)\s*[:.]?\s*", "", normalize(value).strip(), flags=re.IGNORECASE)
        compact = re.sub(r"\s+", "", text)
        rows = self.rows("_documents", name=text, compact=compact)
        for r in rows:
            if provinces and not (_document_provinces(r) & provinces):
                continue
            out.uris.add(r["document"])
        if not out.uris:
            where = " ở tỉnh đã chọn" if provinces else ""
            out.notes.append(f"Không tìm thấy văn bản “{value}”{where}.")
        elif len(out.uris) > 1:
            out.notes.append(f"“{value}” khớp {len(out.uris)} văn bản: {', '.join(sorted(out.uris))}.")
        return out

    # -- organs ---------------------------------------------------------------------------------
    def organs(self, value: str, provinces: set[str] | None) -> Lookup:
        out = Lookup()
        every = self.rows("_organs")
        names, shown = _derived(every, "names " + " ".join(sorted(provinces or ())),
                                lambda rows: _organ_names(rows, provinces))
        scopes = _derived(every, "scopes", lambda rows: _scopes(sorted({r["organ"] for r in rows})))

        def title(organ: str) -> str:
            return shown.get(organ) or _short(organ)

        uri = _as_uri(value)
        if uri:
            seeds = {uri}
            queried = names.get(uri, set())
        else:
            queried = name_variants(value)
            seeds = {o for o, ns in names.items() if ns & queried}
            if not seeds:
                seeds = {o for o, ns in names.items() if any(f" {q} " in f" {n} " for n in ns for q in queried)}
                for o in seeds:
                    out.how[o] = "tên chứa “" + value + "”"
        for o in seeds:
            out.how.setdefault(o, "chính cơ quan này")
        found = set(seeds)
        # parts: dkg:partOf (transitively) and "<body> <organ name>" in the same province
        children, groups_of = _derived(self.rows("_organ_links"), "links", _organ_links)
        frontier = sorted(seeds, reverse=True)
        while frontier:
            organ = frontier.pop()
            parts = set(children.get(organ, ()))
            scope = organ.rsplit("/", 1)[0] + "/"
            own = names.get(organ, set()) | (queried if organ in seeds else set())
            for other in scopes.get(scope, ()):
                if other in found or other not in names:
                    continue
                if any(n.endswith(" " + o) for n in names[other] for o in own if o):
                    parts.add(other)
            for part in sorted(parts - found):
                found.add(part)
                out.how[part] = "bộ phận, tổ chức thuộc " + title(organ)
                frontier.append(part)
        for organ in sorted(found):
            for group in sorted(groups_of.get(organ, ())):
                if group not in found:
                    found.add(group)
                    out.how[group] = "nhóm có " + title(organ)
        out.uris = found
        if not found:
            where = " ở tỉnh đã chọn" if provinces else ""
            out.notes.append(f"Không tìm thấy cơ quan “{value}”{where}.")
        return out

    # -- anything ------------------------------------------------------------------------------
    def entities(self, value: str) -> Lookup:
        out = Lookup()
        uri = _as_uri(value)
        if uri:
            out.uris.add(uri)
            return out
        out.uris |= self.documents(value, None).uris
        text = normalize(value).strip()
        out.uris |= {r["node"] for r in self.rows("_entities", name=text)}
        if not out.uris:
            out.notes.append(f"Không tìm thấy “{value}”.")
        return out


@lru_cache(maxsize=1)
def document_kinds() -> dict[str, dict[str, Any]]:
    """Kind IRI → {"label": Vietnamese label, "names": folded label, alt labels and notation}, from the
    ontology (the kinds are its SKOS concepts; the property graph does not copy their labels)."""
    graph = ontology_graph()
    out: dict[str, dict[str, Any]] = {}
    for kind in graph.subjects(RDF.type, DKG.DocumentKind):
        label = next((str(v) for v in graph.objects(kind, RDFS.label) if getattr(v, "language", None) == "vi"), None)
        names = {fold(str(v)) for p in (RDFS.label, SKOS.prefLabel, SKOS.altLabel, SKOS.notation)
                 for v in graph.objects(kind, p)}
        out[str(kind)] = {"label": label or str(kind).rsplit("/", 1)[-1], "names": names}
    return out


def kind_label(value: Any) -> Any:
    """A document kind IRI as its Vietnamese label (other values unchanged)."""
    if isinstance(value, str) and value.startswith(KIND_BASE):
        known = document_kinds().get(value)
        return known["label"] if known else value.rsplit("/", 1)[-1]
    return value


def _resolve_kinds(value: str) -> Lookup:
    out = Lookup()
    kinds = document_kinds()
    for wanted in (w.strip() for w in re.split(r"[,;]", value) if w.strip()):
        key = fold(wanted)
        found = {k for k, info in kinds.items() if wanted == k or key in info["names"]
                 or key == k.rsplit("/", 1)[-1]}
        if not found:
            out.notes.append(f"Không có loại văn bản “{wanted}”.")
        out.uris |= found
    return out


@lru_cache(maxsize=1)
def _abbreviations() -> list[tuple[str, str]]:
    """(folded short form, folded long form) from data/gazetteer/abbreviations.yaml, longest first."""
    path = GAZETTEER_DIR / "abbreviations.yaml"
    try:
        table = yaml.safe_load(path.read_text(encoding="utf-8")).get("name_abbreviations") or {}
    except (OSError, AttributeError, yaml.YAMLError):
        return []
    pairs = [(fold(short), fold(long)) for long, shorts in table.items() for short in shorts or []]
    return sorted(pairs, key=lambda pair: -len(pair[0]))


def name_variants(value: str) -> set[str]:
    """The folded name and its spelled-out forms ("UBND tỉnh" → "uy ban nhan dan tinh")."""
    key = " ".join(fold(value).split())
    out = {key}
    expanded = key
    for short, long in _abbreviations():
        expanded = re.sub(rf"(?<![\w&]){re.escape(short)}(?![\w&])", long, expanded)
    out.add(" ".join(expanded.split()))
    return {v for v in out if v}


def _names(row: Mapping[str, Any]) -> list[str]:
    """Every name a lookup row gives: `name`, and in Cypher also `pref` and the list `alt`."""
    out: list[str] = []
    for column in ("name", "pref", "alt"):
        value = row.get(column)
        if isinstance(value, (list, tuple)):
            out.extend(str(v) for v in value if v)
        elif value:
            out.append(str(value))
    return out


def _short(uri: str) -> str:
    return uri.removeprefix(ID_BASE)


def _as_uri(value: str) -> str | None:
    value = value.strip()
    if re.match(r"^[a-z][a-z0-9+.-]*://\S+$", value, re.IGNORECASE) or value.startswith("urn:"):
        return value
    if re.match(r"^(doc|organ|province|person|meeting|task|post)/\S+$", value):
        return ID_BASE + value
    return None


def _key_province(uri: str) -> str | None:
    """'…/id/organ/ha-nam/x' or '…/id/doc/ha-nam/y/2021' → '…/id/province/ha-nam'."""
    parts = uri.removeprefix(ID_BASE).split("/")
    if len(parts) < 3 or parts[1] in ("vn", "file") or parts[1].startswith("unknown-"):
        return None
    return f"{ID_BASE}province/{parts[1]}"


def _document_provinces(row: Mapping[str, Any]) -> set[str]:
    found = {row["province"]} if row.get("province") else set()
    scope = _key_province(row["document"])
    return found | ({scope} if scope else set())


def resolve_params(query: NamedQuery, values: dict[str, Any], lang: str, home: str | Path | None,
                   engine: str | None, timeout_s: float) -> tuple[dict[str, Any], list[str], dict[str, str]]:
    """Look up entity parameters in the engine: (values with URI sets, notes, how organs matched)."""
    resolver = _Resolver(lang, home, engine, timeout_s)
    out = dict(values)
    notes: list[str] = []
    how: dict[str, str] = {}
    provinces: set[str] | None = None
    ordered = sorted(query.params, key=lambda p: p.kind != KIND_PROVINCE)   # provinces first
    for p in ordered:
        value = values.get(p.name)
        if p.kind not in ENTITY_KINDS or value is None:
            continue
        if p.kind == KIND_PROVINCE:
            found = resolver.provinces(value)
            provinces = (provinces or set()) | found.uris
        elif p.kind == KIND_DOCUMENT:
            found = resolver.documents(value, provinces)
        elif p.kind == KIND_ORGAN:
            found = resolver.organs(value, provinces)
            how.update(found.how)
        elif p.kind == KIND_DOC_KIND:
            found = _resolve_kinds(value)
        else:
            found = resolver.entities(value)
        notes.extend(found.notes)
        out[p.name] = sorted(found.uris) or [NOTHING]
    for p in query.params:
        if p.name in query.values and p.kind == KIND_ORGAN and values.get(p.name) is None:
            asked = [q for q in query.params if q.kind == KIND_PROVINCE and values.get(q.name) is not None]
            within = {uri for q in asked for uri in out[q.name]} if asked else None
            out[p.name] = sorted({r["organ"] for r in resolver.rows("_organs")
                                  if within is None or r.get("province") in within}) or [NOTHING]
    return out, notes, how


# --------------------------------------------------------------------------------------------
# Running a named query
# --------------------------------------------------------------------------------------------

def _finish_status(query: NamedQuery, result: QueryResult, values: Mapping[str, Any]) -> None:
    """Add `status` and `status_label` from the `deadline` and `done` columns as of the `as_of` value
    (a `done` later than that day is blanked: the report did not exist yet); keep what is asked."""
    if "deadline" not in result.columns or "done" not in result.columns:
        raise QueryFileError(f"{query.name}: “status:” cần hai cột deadline và done")
    as_of = values.get("as_of") or date.today()
    i_deadline, i_done = result.columns.index("deadline"), result.columns.index("done")
    keep = None if query.status in (None, "all") else {s.strip() for s in query.status.split(",")}
    rows = []
    for row in result.rows:
        done = _date(row[i_done])
        if done is not None and done > as_of:
            row[i_done] = None          # the report did not exist yet on that day
        text = row[result.columns.index("deadline_text")] if "deadline_text" in result.columns else None
        status = task_status(_date(row[i_deadline]), done, as_of, relative_deadline=bool(text))
        if keep is None or status in keep:
            rows.append([*row, status, status_label(status)])
    result.columns = [*result.columns, "status", "status_label"]
    result.rows = rows


def _date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _finish_shortest(query: NamedQuery, result: QueryResult) -> None:
    column = query.shortest
    if column not in result.columns:
        raise QueryFileError(f"{query.name}: “shortest: {column}” nhưng truy vấn không trả cột {column}")
    i = result.columns.index(column)
    values = [row[i] for row in result.rows if row[i] is not None]
    if values:
        best = min(values)
        result.rows = [row for row in result.rows if row[i] == best]


def run_named(name: str, params: Mapping[str, Any] | None = None, lang: str = "sparql",
              home: str | Path | None = None, engine: str | None = None,
              timeout_s: float = DEFAULT_TIMEOUT_S, limit: int = DEFAULT_LIMIT,
              page_size: int | None = None) -> QueryResult:
    """Run a named query in SPARQL (pyoxigraph) or Cypher (LadybugDB / Neo4j).

    ``params`` are checked against the query's header (unknown or missing → ValueError, in
    Vietnamese), entity parameters are looked up in the same engine, and every value reaches the
    engine as a parameter.  Notes on the lookups are in ``QueryResult.notes``.  A query with a
    ``# page:`` header answers the page ``params["page"]`` (default 1) of the header's size;
    ``page_size`` sets another size, 0 asks for every row.
    """
    queries = named_queries()
    query = queries.get(name)
    if query is None:
        raise ValueError(f"Không có truy vấn tên “{name}” (có: {', '.join(sorted(queries))}).")
    if lang not in LANGS:
        raise ValueError(f"Ngôn ngữ truy vấn không hợp lệ: {lang!r} (dùng sparql hoặc cypher).")
    query.text(lang, engine)          # fails early if the language is missing
    values = validate_params(query, params)
    values, notes, how = resolve_params(query, values, lang, home, engine, timeout_s)
    if lang == "sparql" and query.deepen and isinstance(values.get(query.deepen), int):
        result = _execute_deepening(query, values, home, timeout_s, limit)
    else:
        result = _execute(query, values, lang, home, engine, timeout_s, limit, page_size)
    for i, column in enumerate(result.columns):
        if column == "kind" or column.endswith("_kind"):
            for row in result.rows:
                row[i] = kind_label(row[i])
    if query.shortest:
        _finish_shortest(query, result)
    if query.status:
        _finish_status(query, result, values)
    result.notes = notes + result.notes
    if how and "organ" in result.columns:
        i = result.columns.index("organ")
        result.columns.append("match")
        for row in result.rows:
            row.append(how.get(row[i], ""))
    return result


def describe(query: NamedQuery) -> str:
    """One line per parameter, for --list and the app's forms."""
    lines = [f"{query.name}: {query.description}"]
    for p in query.params:
        bits = [KIND_WORDS[p.kind]]
        if p.required:
            bits.append("bắt buộc")
        if p.default is not None:
            bits.append(f"mặc định {p.default}")
        if p.choices:
            bits.append("một trong " + "|".join(p.choices))
        lines.append(f"  --param {p.name}=…  {p.description} ({', '.join(bits)})")
    return "\n".join(lines)


__all__ = ["NamedQuery", "Param", "QueryFileError", "QueryRefused", "close_stores", "describe", "load_queries",
           "named_queries", "run_cypher", "run_named", "run_sparql", "run_text", "validate_params"]
