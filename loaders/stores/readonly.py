"""Refuse query text that would write, before it reaches an engine.

This is the second door, not the only one: the engines are opened read-only where they can be
(LadybugDB ``read_only=True``, Neo4j read transactions, SPARQL through ``query()``, which cannot run
an update).  The checks first blank out comments, string literals, quoted identifiers and IRIs, so
a write keyword is found however it is hidden (``cReAtE``, ``/* */ CREATE``, after a string that
contains ``//``), and a keyword inside a string (a name such as "Set of documents") is not.

    >>> check_cypher_read_only("MATCH (d:Document) RETURN d.label")
    >>> check_cypher_read_only("match (n) // just looking\\n detach delete n")
    Traceback (most recent call last):
    ...
    loaders.stores.errors.QueryRefused: Truy vấn bị từ chối: chỉ được đọc, không được ghi (DETACH).
"""

from __future__ import annotations

import re

from loaders.stores.errors import QueryRefused

CYPHER_WRITE_KEYWORDS = frozenset({
    "CREATE", "MERGE", "SET", "DELETE", "DETACH", "REMOVE", "DROP", "LOAD", "COPY", "ALTER",
    "INSTALL", "UNINSTALL", "ATTACH", "IMPORT", "EXPORT", "CHECKPOINT", "BEGIN", "COMMIT",
    "ROLLBACK", "GRANT", "DENY", "REVOKE", "TERMINATE", "START", "STOP", "USE", "FOREACH",
})

# Procedures a read-only console may CALL (lower case).  Everything else is refused: write procedures
# (apoc.create.*, apoc.periodic.*, apoc.cypher.run*, db.create*, dbms.*), and LadybugDB's
# configuration calls (CALL timeout=..., CALL threads=...), which would lift the time limit.
READ_PROCEDURES = frozenset({
    "db.labels", "db.relationshiptypes", "db.propertykeys", "db.schema.visualization",
    "db.schema.nodetypeproperties", "db.schema.reltypeproperties", "db.info",
    "db.index.fulltext.querynodes", "db.index.fulltext.queryrelationships", "dbms.components",
    "show_tables", "table_info", "show_connection", "db_version", "show_functions",
    "show_indexes", "show_warnings", "show_projected_graphs",
})

SPARQL_WRITE_KEYWORDS = frozenset({
    "INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY",
    "SERVICE",  # federated query: reaches another server
})

_CYPHER_BLANK = re.compile(
    r"""//[^\n]*                      # line comment
      | /\*.*?(?:\*/|\Z)              # block comment (an unterminated one runs to the end)
      | '(?:\\.|[^'\\])*(?:'|\Z)      # 'string'
      | "(?:\\.|[^"\\])*(?:"|\Z)      # "string"
      | `(?:``|[^`])*(?:`|\Z)         # `quoted identifier`
    """,
    re.VERBOSE | re.DOTALL,
)

_SPARQL_BLANK = re.compile(
    r"""'''.*?(?:'''|\Z)                  # '''long string'''
      | \"\"\".*?(?:\"\"\"|\Z)            # \"\"\"long string\"\"\"
      | '(?:\\.|[^'\\\n])*(?:'|$)         # 'string'
      | "(?:\\.|[^"\\\n])*(?:"|$)         # "string"
      | <[^<>"{}|^`\\\x00-\x20]*>         # <IRI>
      | \#[^\n]*                          # comment
    """,
    re.VERBOSE | re.DOTALL | re.MULTILINE,
)

_WORD = re.compile(r"\w+")
_CALLEE = re.compile(r"\s*(\{|[A-Za-z_][\w.]*)?\s*(\S?)")


def _refuse(keyword: str) -> QueryRefused:
    return QueryRefused(f"Truy vấn bị từ chối: chỉ được đọc, không được ghi ({keyword}).")


def strip_cypher(text: str) -> str:
    """The query with comments, strings and `quoted names` replaced by one space each."""
    return _CYPHER_BLANK.sub(" ", text)


def strip_sparql(text: str) -> str:
    """The query with comments, strings and <IRIs> replaced by one space each."""
    return _SPARQL_BLANK.sub(" ", text)


def _keywords(code: str, *, skip_after: str, skip_before: str) -> list[tuple[str, int]]:
    """Bare words of ``code`` in upper case with their end offsets, leaving out property names,
    parameters, variables and labels."""
    out = []
    for match in _WORD.finditer(code):
        before = code[match.start() - 1] if match.start() else ""
        after = code[match.end()] if match.end() < len(code) else ""
        if (before and before in skip_after) or (after and after in skip_before):
            continue
        out.append((match.group().upper(), match.end()))
    return out


def check_cypher_read_only(text: str) -> None:
    """Raise ``QueryRefused`` if the Cypher text could write or load; return None otherwise."""
    if not text or not text.strip():
        raise QueryRefused("Truy vấn trống.")
    code = strip_cypher(text)
    # n.set, $create, (n:Delete) are names, not clauses.
    for word, end in _keywords(code, skip_after=".$:", skip_before=""):
        if word in CYPHER_WRITE_KEYWORDS:
            raise _refuse(word)
        if word == "CALL":
            callee = _CALLEE.match(code, end)
            name, follower = (callee.group(1) or ""), callee.group(2)
            if name == "{":
                continue  # CALL { subquery }: its clauses are checked like the rest
            if follower == "=" or name.lower() not in READ_PROCEDURES:
                raise _refuse(f"CALL {name}".strip())


def check_sparql_read_only(text: str) -> None:
    """Raise ``QueryRefused`` if the SPARQL text is an update (or calls SERVICE); return None otherwise."""
    if not text or not text.strip():
        raise QueryRefused("Truy vấn trống.")
    code = strip_sparql(text)
    # ?delete and $insert are variables, ex:copy and copy:x are prefixed names.
    for word, _ in _keywords(code, skip_after="?$:", skip_before=":"):
        if word in SPARQL_WRITE_KEYWORDS:
            raise _refuse(word)
