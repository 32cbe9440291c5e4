"""Search over symbols, names and subjects: a SQLite FTS5 index at ``home/search.sqlite``.

Built from the same rows as the property graph (``pg_mapping.rows_from_rdf`` over the published RDF
snapshot, or the node files ``pg_stream`` streams them to), so it never holds facts the stores lack.  Each searchable node (documents, organs,
people, meetings, tasks, provinces, posts) is one row:

* ``names`` / ``names_f``: labels, preferred and alternative names, titles, as written and folded
  (``loaders.text.fold``: "Tỉnh đoàn" → "tinh doan"), so a query typed with or without diacritics
  finds it;
* ``symbols``: the document symbol in several writings — "74-KL/TW" is indexed as ``74 kl tw``,
  ``74kl``, ``kl74``, ``kltw``, ``74kltw`` — so "74-KL/TW", "KL 74", "kl74", "số 74-KL" and
  "74 KL TW" all find it;
* ``body`` / ``body_f``: other text (task sentences, meeting kinds, issuer and signer names), with a
  low weight.

Ranking: an exact symbol or name match first; then the words as a phrase (the last word may be
cut short: "tỉnh đo" finds "Tỉnh đoàn" as you type), then all the words
anywhere, then all the words with the last one as a prefix ("tỉnh đo"), each tier by FTS5's bm25
with column weights; only when all the words together find nothing, entries with any of them.  A
query is never handed to FTS5 as syntax: it is cut into word tokens and each is quoted, so quotes,
parentheses, AND/OR/NEAR, ``*`` and ``-`` in user input are just text.

The index is rebuilt into a temporary file and moved over the old one (``os.replace``); each
search opens the file anew, read-only, so it always sees the last complete index.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from loaders.stores.pg_mapping import MappedRows, Schema
from loaders.text import fold, normalize, slug

INDEX_FILE = "search.sqlite"

#: Node table → search kind; tables not listed are not searched (provenance nodes, deadlines).
KIND_BY_TABLE = {"Document": "document", "Organ": "organ", "Person": "person", "Meeting": "meeting",
                 "Task": "task", "Province": "province", "Post": "post"}
NAME_COLUMNS = ("label", "prefLabel", "altLabel", "hiddenLabel", "title", "name")
SYMBOL_COLUMNS = ("id_local", "symbol")
#: Columns that are codes, file names or offsets: not searched.
SKIP_COLUMNS = frozenset({"uri", "type", "types", "sourceFile", "sourceText", "scope", "level", "category",
                          "relation", "anchor", "recurrence", "signingMode", "taskKind", "taskRef",
                          "dueQuarter", "dueMonth", "recurringDate", "unresolvedReason", "organId",
                          "number", "notation"})
DATE_COLUMNS = ("date_document", "meetingDate", "date", "inXSDDate")
#: Words that precede a symbol and are not part of it ("số 74-KL").
SYMBOL_STOPWORDS = frozenset({"so", "ky", "hieu", "van", "ban"})
WEIGHTS = {"names": 10.0, "names_f": 8.0, "symbols": 20.0, "body": 1.5, "body_f": 1.0}
TEXT_COLUMNS = tuple(WEIGHTS)

_SCHEMA = f"""
CREATE VIRTUAL TABLE entries USING fts5(
    {", ".join(TEXT_COLUMNS)},
    uri UNINDEXED, kind UNINDEXED, label UNINDEXED, symbol UNINDEXED, province UNINDEXED,
    province_key UNINDEXED, date UNINDEXED, symkey UNINDEXED, namekeys UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 0'
);
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
"""

_ALNUM = re.compile(r"[a-z0-9]+")
_WORD = re.compile(r"\w+")
_LETTER_DIGIT = re.compile(r"(?<=[a-z])(?=[0-9])|(?<=[0-9])(?=[a-z])")


@dataclass(frozen=True)
class Hit:
    uri: str
    kind: str
    label: str
    symbol: str | None
    province: str | None
    date: str | None
    score: float        # bm25, lower is better; exact matches come first whatever their score
    exact: bool


@dataclass
class Entry:
    uri: str
    kind: str
    label: str
    names: list[str]
    symbols: list[str]
    body: list[str]
    province: str | None = None
    date: str | None = None


# --------------------------------------------------------------------------------------------
# Tokens
# --------------------------------------------------------------------------------------------

def folded_tokens(text: str) -> list[str]:
    """'KL74' → ['kl', '74']; 'Tỉnh đoàn' → ['tinh', 'doan']."""
    return _ALNUM.findall(_LETTER_DIGIT.sub(" ", fold(text)))


def written_tokens(text: str) -> list[str]:
    """Words as written, lower case, diacritics kept: 'Tỉnh Đoàn' → ['tỉnh', 'đoàn']."""
    return [w.lower() for w in _WORD.findall(normalize(text)) if w != "_"]


def symbol_key(symbol: str) -> str:
    """'74-KL/TW' → '74kltw': the form exact symbol matches compare."""
    return "".join(folded_tokens(symbol))


def symbol_writings(symbol: str) -> list[str]:
    """The writings of a symbol that the index holds: tokens, number+kind both ways, kind+issuer, all joined."""
    tokens = folded_tokens(symbol)
    if not tokens:
        return []
    out = [" ".join(tokens), "".join(tokens)]
    numbers = [t for t in tokens if t.isdigit()]
    words = [t for t in tokens if not t.isdigit()]
    if numbers and words:
        out += [numbers[0] + words[0], words[0] + numbers[0]]
    if len(words) >= 2:
        out.append("".join(words))
    return list(dict.fromkeys(out))


# --------------------------------------------------------------------------------------------
# Building
# --------------------------------------------------------------------------------------------

def _strings(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v) for v in value if v not in (None, "")]
    return [str(value)] if value != "" else []


def display_label(row: dict[str, Any]) -> str:
    """The label an entry (or a province) is shown with: label, preferred label, title, symbol, else the IRI."""
    for col in ("label", "prefLabel", "title", *SYMBOL_COLUMNS):
        if row.get(col):
            return str(row[col])
    return row["uri"]


def entry_for(schema: Schema, table: str, row: dict[str, Any], province: str | None) -> Entry | None:
    """The search entry of one node row of ``table`` (None when the table is not searched)."""
    kind = KIND_BY_TABLE.get(table)
    if kind is None:
        return None
    names: list[str] = []
    symbols: list[str] = []
    body: list[str] = []
    parts = {"symbols": symbols, "names": names, "body": body}
    text_columns, date_columns = _searched_columns(schema, table)
    for name, part in text_columns:
        parts[part] += _strings(row.get(name))
    when = None
    for col in [c for c in DATE_COLUMNS if c in row] + date_columns:
        if isinstance(row.get(col), date):
            when = row[col].isoformat()
            break
    return Entry(row["uri"], kind, display_label(row), names, symbols, body, province or None, when)


# (schema, table) → the schema (kept, so that its id is not reused), its searched columns
_SEARCHED: dict[tuple[int, str], tuple[Schema, list[tuple[str, str]], list[str]]] = {}


def _searched_columns(schema: Schema, table: str) -> tuple[list[tuple[str, str]], list[str]]:
    """(text column, the part of an entry it goes to) and the date columns of a node table, in its
    column order (read once per table, not once per row)."""
    key = (id(schema), table)
    if key not in _SEARCHED or _SEARCHED[key][0] is not schema:
        columns = schema.node_tables[table].columns
        text = [(name, "symbols" if name in SYMBOL_COLUMNS else "names" if name in NAME_COLUMNS else "body")
                for name, column in columns.items() if name not in SKIP_COLUMNS and column.base_type == "STRING"]
        dates = [c for c, col in columns.items() if col.base_type == "DATE" and c not in ("validFrom", "validTo")]
        _SEARCHED[key] = (schema, text, dates)
    return _SEARCHED[key][1], _SEARCHED[key][2]


PROVINCE_TABLES = frozenset(t for t, k in KIND_BY_TABLE.items() if k == "province")


def entries_from_rows(schema: Schema, rows: MappedRows) -> list[Entry]:
    """One search entry per searchable node of the mapped rows.

    A node's province: that of its first relationship to a province node (relationship tables in
    order, then edges in order); else that of the first document (by IRI) it points to."""
    by_uri: dict[str, tuple[str, dict[str, Any]]] = {}
    for table, table_rows in rows.nodes.items():
        for row in table_rows:
            by_uri[row["uri"]] = (table, row)

    # Province of each node: a relationship to a province node; else that of a document it points to.
    province_of: dict[str, str] = {}
    neighbours: dict[str, list[str]] = {}
    for edges in rows.rels.values():
        for edge in edges:
            if edge.dst_table in PROVINCE_TABLES:
                province_of.setdefault(edge.src, display_label(by_uri[edge.dst][1]) if edge.dst in by_uri else "")
            neighbours.setdefault(edge.src, []).append(edge.dst)
    for uri, (table, row) in by_uri.items():
        if table in PROVINCE_TABLES:
            province_of[uri] = display_label(row)

    entries = []
    for uri, (table, row) in sorted(by_uri.items()):
        if table not in KIND_BY_TABLE:
            continue
        province = province_of.get(uri)
        if province is None:
            for other in sorted(neighbours.get(uri, [])):
                if other in province_of and by_uri.get(other, ("",))[0] == "Document":
                    province = province_of[other]
                    break
        entry = entry_for(schema, table, row, province)
        assert entry is not None
        entries.append(entry)
    return entries


def _row(entry: Entry) -> dict[str, Any]:
    symbol = entry.symbols[0] if entry.symbols else None
    writings = [w for s in entry.symbols for w in symbol_writings(s)]
    return {
        "names": " \n".join(entry.names),
        "names_f": " \n".join(fold(n) for n in entry.names),
        "symbols": " \n".join(entry.symbols + writings),
        "body": " \n".join(entry.body),
        "body_f": " \n".join(fold(b) for b in entry.body),
        "uri": entry.uri, "kind": entry.kind, "label": entry.label, "symbol": symbol,
        "province": entry.province, "province_key": slug(entry.province) if entry.province else None,
        "date": entry.date, "symkey": symbol_key(symbol) if symbol else None,
        "namekeys": "|" + "|".join(sorted({" ".join(folded_tokens(n)) for n in [entry.label, *entry.names]})) + "|",
    }


_COLUMNS = [*TEXT_COLUMNS, "uri", "kind", "label", "symbol", "province", "province_key", "date", "symkey", "namekeys"]
_INSERT = f"INSERT INTO entries({', '.join(_COLUMNS)}) VALUES ({', '.join(':' + c for c in _COLUMNS)})"


_INSERT_ROWID = f"INSERT INTO entries(rowid, {', '.join(_COLUMNS)}) VALUES (:rowid, {', '.join(':' + c for c in _COLUMNS)})"


def insert_entries(conn: sqlite3.Connection, entries: Iterable[Entry]) -> int:
    """Add ``entries`` to an open index; return how many."""
    count = 0
    for entry in entries:
        conn.execute(_INSERT, _row(entry))
        count += 1
    return count


def insert_numbered(conn: sqlite3.Connection, entries: Iterable[tuple[int, Entry]]) -> int:
    """Add ``(rowid, entry)`` pairs to an open index (in any order); return how many."""
    count = 0
    for rowid, entry in entries:
        conn.execute(_INSERT_ROWID, {"rowid": rowid, **_row(entry)})
        count += 1
    return count


def write_atomically(path: str | Path, fill: Callable[[sqlite3.Connection], int]) -> int:
    """Write an index file through a temporary file: ``fill(connection)`` writes it and returns its size;
    the file is synced and renamed over ``path`` only when all went well."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    conn = sqlite3.connect(tmp)
    try:
        count = fill(conn)
        conn.commit()
    except BaseException:
        conn.close()
        tmp.unlink(missing_ok=True)
        raise
    conn.close()
    with open(tmp, "rb+") as handle:
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    return count


def write_index(path: str | Path, entries: Iterable[Entry], numbered: bool = False) -> int:
    """Write a complete index to ``path`` through a temporary file and ``os.replace``; return its size.
    ``numbered``: ``entries`` are ``(rowid, entry)`` pairs (the streamed build writes them table by
    table, each with the rowid it has when all are written in IRI order)."""
    def fill(conn: sqlite3.Connection) -> int:
        conn.executescript(_SCHEMA)
        count = insert_numbered(conn, entries) if numbered else insert_entries(conn, entries)  # type: ignore[arg-type]
        conn.execute("INSERT INTO meta VALUES ('entries', ?)", (str(count),))
        conn.execute("INSERT INTO entries(entries) VALUES ('optimize')")
        return count

    return write_atomically(path, fill)


def build_search_index(home: str | Path, schema: Schema, rows: MappedRows) -> int:
    """Rebuild ``home/search.sqlite`` from the mapped rows; return the number of entries."""
    return write_index(Path(home) / INDEX_FILE, entries_from_rows(schema, rows))


# --------------------------------------------------------------------------------------------
# Searching
# --------------------------------------------------------------------------------------------

def _query_tokens(text: str) -> tuple[list[str], list[str]]:
    """(written, folded) tokens of user text, without 'số' and the like before a symbol."""
    written = written_tokens(text)
    folded = folded_tokens(text)
    if any(t.isdigit() for t in folded):
        folded = [t for t in folded if t not in SYMBOL_STOPWORDS] or folded
        written = [t for t in written if fold(t) not in SYMBOL_STOPWORDS] or written
    return written, folded


def _quoted(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def build_match(text: str, mode: str = "all") -> str | None:
    """The FTS5 MATCH expression for user text (None when it holds no word).

    ``mode``: ``phrase`` (the words next to each other), ``phrase_prefix`` (the same, the last word
    as a prefix: "tỉnh đo" finds "Tỉnh đoàn"), ``all`` (every word), ``prefix`` (every word, the
    last one as a prefix), ``any`` (at least one word).  Every token is quoted, so nothing
    the user types is FTS5 syntax."""
    written, folded = _query_tokens(text)
    if not folded and not written:
        return None

    def expression(tokens: list[str]) -> str:
        if mode in ("phrase", "phrase_prefix"):
            phrase = '"' + " ".join(t.replace('"', '""') for t in tokens) + '"'
            return phrase + ("*" if mode == "phrase_prefix" else "")
        quoted = [_quoted(t) for t in tokens]
        if mode == "prefix":
            quoted[-1] += "*"
        return f" {'OR' if mode == 'any' else 'AND'} ".join(quoted)

    parts = []
    if written:
        parts.append(f"{{names body}} : ({expression(written)})")
    if folded:
        parts.append(f"{{names_f symbols body_f}} : ({expression(folded)})")
    return " OR ".join(f"({p})" for p in parts)


SEARCH_TIERS = ("phrase", "phrase_prefix", "all", "prefix", "any")


class SearchIndex:
    """Read side of the index; every call opens the current file read-only."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    @classmethod
    def open(cls, home: str | Path) -> SearchIndex:
        return cls(Path(home) / INDEX_FILE)

    def _connect(self) -> sqlite3.Connection:
        if not self.path.exists():
            from loaders.stores.errors import StoreNotBuilt
            raise StoreNotBuilt("Chưa có chỉ mục tìm kiếm: hãy chạy `dkg build` trước.")
        return sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)

    def count(self) -> int:
        with self._connect() as conn:
            return conn.execute("SELECT count(*) FROM entries").fetchone()[0]

    def search(self, text: str, kind: str | None = None, province: str | None = None,
               limit: int = 50) -> list[Hit]:
        """Ranked hits for ``text``; ``kind`` (document, organ, person, meeting, task, province, post)
        and ``province`` (any writing: "Hà Nam", "ha nam", "ha-nam") filter them."""
        if not text or not text.strip():
            return []
        qkey = "".join(t for t in folded_tokens(text) if t not in SYMBOL_STOPWORDS)
        qlabel = " ".join(folded_tokens(text))
        weights = ", ".join(str(w) for w in WEIGHTS.values())
        filters, params = [], {"qkey": qkey, "qlabel": qlabel, "limit": max(1, int(limit))}
        if kind:
            filters.append("kind = :kind")
            params["kind"] = kind
        if province:
            filters.append("province_key = :province")
            params["province"] = slug(province)
        where = "".join(f" AND {f}" for f in filters)
        sql = (f"SELECT uri, kind, label, symbol, province, date, bm25(entries, {weights}) AS score, "
               f"(symkey = :qkey OR instr(namekeys, '|' || :qlabel || '|') > 0) AS exact "
               f"FROM entries WHERE entries MATCH :match{where} "
               f"ORDER BY exact DESC, score ASC, label ASC LIMIT :limit")
        hits: dict[str, Hit] = {}
        with self._connect() as conn:
            for mode in SEARCH_TIERS:
                if mode == "any" and hits:
                    break            # single words only when all of them together found nothing
                match = build_match(text, mode)
                if match is None:
                    return []
                try:
                    rows = conn.execute(sql, {**params, "match": match}).fetchall()
                except sqlite3.OperationalError:
                    rows = []
                for uri, kind_, label, symbol, prov, when, score, exact in rows:
                    hits.setdefault(uri, Hit(uri, kind_, label, symbol, prov, when, score, bool(exact)))
                if len(hits) >= params["limit"]:
                    break
        ranked = sorted(hits.values(), key=lambda h: not h.exact)   # stable: tiers, then bm25
        return ranked[: params["limit"]]
