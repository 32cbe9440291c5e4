"""`dkg query`: a named query from queries/, or SPARQL / Cypher text; read-only, with time and row limits.

    dkg query --list
    dkg query cited_by --param symbol=01-ĐA/TU --param province="Hà Nam" [--lang cypher] [--format json]
    dkg query --sparql "SELECT ..." | --sparql FILE.rq
    dkg query --cypher "MATCH ..."  | --cypher FILE.cypher

Exit codes: 0 answered, 1 the store failed (time limit, engine error), 2 the request itself is refused
(a write, a syntax error, an unknown query or parameter, no store built yet).
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from dkg.cli import app
from dkg.commands.build import HOME_HELP
from dkg.config import data_home
from loaders.stores.errors import QueryRefused, QuerySyntaxError, StoreError, StoreNotBuilt
from loaders.stores.results import DEFAULT_LIMIT, DEFAULT_TIMEOUT_S
from queries.runner import ID_BASE, describe, named_queries, run_named, run_text

FORMATS = ("table", "csv", "json")


# --------------------------------------------------------------------------------------------
# Output, shared with `dkg tasks`
# --------------------------------------------------------------------------------------------

def plain(value: Any) -> Any:
    """A value as JSON has it: dates as ISO text, lists and tuples as lists."""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple, set)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def cell(value: Any, short: bool = False) -> str:
    """A value as one table or CSV cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, (list, tuple, set)):
        return "; ".join(cell(v, short) for v in value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    text = str(value)
    if short and ID_BASE in text:
        text = text.replace(ID_BASE, "id:")
    return text


def write_records(records: Sequence[dict[str, Any]], columns: Sequence[str], fmt: str,
                  title: str | None = None, headers: dict[str, str] | None = None) -> None:
    """Print rows as a table (people), CSV or JSON (a list of objects, keys in column order)."""
    if fmt == "json":
        json.dump([{c: plain(r.get(c)) for c in columns} for r in records], sys.stdout,
                  ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    elif fmt == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(columns)
        for r in records:
            writer.writerow([cell(r.get(c)) for c in columns])
    else:
        table = Table(title=title, show_lines=False)
        for c in columns:
            table.add_column((headers or {}).get(c, c), overflow="fold")
        for r in records:
            table.add_row(*(cell(r.get(c), short=True) for c in columns))
        Console().print(table)


def fail(message: str, code: int) -> typer.Exit:
    """One clear line on stderr, then the exit code."""
    Console(stderr=True).print(f"[red]lỗi:[/red] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


def exit_code(error: Exception) -> int:
    if isinstance(error, (QueryRefused, QuerySyntaxError, StoreNotBuilt, ValueError)):
        return 2
    return 1


def check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise fail(f"--format phải là một trong: {', '.join(FORMATS)} (nhận được “{fmt}”).", 2)


def notes_to_stderr(notes: Sequence[str]) -> None:
    for note in notes:
        Console(stderr=True).print(f"[yellow]lưu ý:[/yellow] {note}", highlight=False, soft_wrap=True)


# --------------------------------------------------------------------------------------------
# The command
# --------------------------------------------------------------------------------------------

def parse_params(items: Sequence[str] | None) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in items or []:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise fail(f"--param cần dạng tên=giá trị (nhận được “{item}”).", 2)
        out[name.strip()] = value
    return out


def text_or_file(value: str) -> str:
    """--sparql / --cypher: the text itself, or the path of a file holding it."""
    if "\n" not in value and len(value) < 4096:
        path = Path(value).expanduser()
        try:
            if path.is_file():
                return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise fail(f"{path}: không đọc được tệp truy vấn ({error}).", 2) from None
    return value


def list_queries() -> None:
    for query in named_queries().values():
        langs = [lang for lang, text in (("sparql", query.sparql), ("cypher", query.cypher)) if text]
        Console().print(describe(query) + f"\n  ngôn ngữ: {', '.join(langs)}"
                        + (" (+ bản Neo4j)" if query.neo4j_cypher else "") + "\n", highlight=False)


@app.command("query")
def query_command(
    name: str = typer.Argument(None, help="A named query of queries/ (see --list)."),
    param: list[str] = typer.Option(None, "--param", "-p", help="NAME=VALUE, repeatable."),
    lang: str = typer.Option("sparql", "--lang", "-l", help="sparql (pyoxigraph) | cypher (LadybugDB or Neo4j)."),
    sparql: str = typer.Option(None, "--sparql", help="SPARQL text, or a file holding it."),
    cypher: str = typer.Option(None, "--cypher", help="Cypher text, or a file holding it."),
    format: str = typer.Option("table", "--format", "-f", help="table | csv | json"),
    list_: bool = typer.Option(False, "--list", help="List the named queries and their parameters."),
    engine: str = typer.Option(None, "--engine", help="Graph engine for Cypher: ladybug | neo4j (default: "
                               "neo4j when NEO4J_URI is set)."),
    limit: int = typer.Option(DEFAULT_LIMIT, "--limit", "-n", help="Row limit."),
    timeout: float = typer.Option(DEFAULT_TIMEOUT_S, "--timeout", help="Time limit in seconds."),
    home: Path = typer.Option(None, "--home", help=HOME_HELP),
) -> None:
    """Run a named query or SPARQL/Cypher text, read-only. A write is refused (exit 2)."""
    check_format(format)
    if list_:
        list_queries()
        return
    given = [x for x in (name, sparql, cypher) if x]
    if len(given) != 1:
        raise fail("cần đúng một trong: TÊN truy vấn, --sparql hoặc --cypher (xem dkg query --list).", 2)
    params = parse_params(param)
    if lang not in ("sparql", "cypher"):
        raise fail(f"--lang phải là sparql hoặc cypher (nhận được “{lang}”).", 2)
    try:
        where = data_home(home)
        if name:
            result = run_named(name, params, lang=lang, home=where, engine=engine, timeout_s=timeout, limit=limit)
            title = f"{name} ({lang})"
        else:
            text_lang = "sparql" if sparql else "cypher"
            text = text_or_file(sparql or cypher)
            result = run_text(text, text_lang, where, params, engine=engine, timeout_s=timeout, limit=limit)
            title = text_lang.upper()
    except (StoreError, ValueError) as error:
        raise fail(str(error), exit_code(error)) from None
    notes_to_stderr(result.notes)
    write_records(result.records(), result.columns, format,
                  title=f"{title}: {len(result.rows)} dòng{' (đã cắt)' if result.truncated else ''}")
