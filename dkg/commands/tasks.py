"""`dkg tasks`: who must do what, by when, and where each task stands on a given day.

    dkg tasks --organ "Tỉnh đoàn" --province "Hà Nam" --as-of 2022-03-01 [--role lead] [--format json]

One row per task: its status as of the day (done on time, done late, open within the deadline, open
and overdue, no deadline), the document that assigned it, the deadline (a date, or the words of the
text and why they are not a date yet), and the whole responsibility chain (lead, executors,
coordinators, report receivers and the organ reports pass through, monitor).

Organ matching (done by ``queries.runner``): the name is compared without case and diacritics and
with the usual abbreviations spelled out ("UBND tỉnh" = "Ủy ban nhân dân tỉnh"); an organ also
brings in its parts, i.e. organs ``dkg:partOf`` it and organs of the same province named "<body>
<its name>" ("Ban Thường vụ Tỉnh đoàn" for "Tỉnh đoàn"), and the groups it belongs to ("các sở,
ngành" for Sở Nội vụ, when the graph knows the members).  Without ``--organ``: every task of the
province.  The "Vai trò" column says which matched organ holds which role and why it matched.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import typer
from rich.console import Console

from dkg.cli import app
from dkg.commands.build import HOME_HELP
from dkg.commands.query import check_format, exit_code, fail, notes_to_stderr, write_records
from dkg.config import data_home
from loaders.stores.errors import StoreError
from queries.runner import run_named

ROLES = ("lead", "executor", "coordinator", "reportTo", "via", "monitor")
ROLE_LABELS = {"lead": "chủ trì", "coordinator": "phối hợp", "executor": "thực hiện",
               "reportTo": "nhận báo cáo", "via": "đầu mối nhận báo cáo (qua)", "monitor": "theo dõi, đôn đốc"}
RECURRENCE_LABELS = {"yearly": "hằng năm", "half-yearly": "6 tháng một lần", "quarterly": "hằng quý",
                     "monthly": "hằng tháng", "periodic": "định kỳ"}
COLUMNS = ("status_label", "task", "document", "deadline", "lead", "executor", "coordinator", "report_to",
           "monitor", "roles_of_organ")
HEADERS = {"status_label": "Trạng thái", "task": "Nhiệm vụ", "document": "Văn bản giao", "deadline": "Thời hạn",
           "lead": "Chủ trì", "executor": "Thực hiện", "coordinator": "Phối hợp",
           "report_to": "Báo cáo về (qua)", "monitor": "Theo dõi, đôn đốc", "roles_of_organ": "Vai trò của cơ quan"}


def _ref_key(ref: str | None) -> tuple:
    """'3.10' after '3.2': numbers compared as numbers."""
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", ref or ""))


def vn_date(value: Any) -> str:
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value or "")


def deadline_words(task: dict[str, Any]) -> str:
    """The deadline as people read it: a date, else the text's words and why they are not a date."""
    parts = []
    if task["deadline"]:
        parts.append(vn_date(task["deadline"]))
        if task["deadline_text"]:
            parts.append(f"({task['deadline_text']})")
    elif task["deadline_text"]:
        parts.append(task["deadline_text"])
        parts.append("— chưa quy ra ngày" + (f": {task['deadline_reason']}" if task["deadline_reason"] else ""))
    if task["recurrence"]:
        every = RECURRENCE_LABELS.get(task["recurrence"], task["recurrence"])
        parts.append("[định kỳ]" if every == "định kỳ" else f"[định kỳ: {every}]")
    if task["done"]:
        parts.append(f"; báo cáo hoàn thành ngày {vn_date(task['done'])}")
    return " ".join(parts) if parts else "không có"


def collect(rows: list[dict[str, Any]], chains: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One entry per task from organ_tasks rows (task × organ × role) and task_roles rows."""
    tasks: dict[str, dict[str, Any]] = {}
    for r in rows:
        t = tasks.setdefault(r["task"], {
            "task": r["task"], "ref": r["task_ref"], "label": r["task_label"],
            "text": r["task_text"] or r["task_label"], "kind": r["task_kind"],
            "status": r["status"], "status_label": r["status_label"], "document": r["document"],
            "document_label": r["document_label"], "document_date": r["document_date"],
            "deadline": r["deadline"], "deadline_text": r["deadline_text"],
            "deadline_reason": r["deadline_reason"], "recurrence": r["recurrence"], "done": r["done"],
            "roles_of_organ": [], **{role: [] for role in ROLES}})
        entry = {"organ": r["organ"], "label": r["organ_label"], "role": r["role"],
                 "role_label": ROLE_LABELS.get(r["role"], r["role"]), "match": r.get("match") or ""}
        if entry not in t["roles_of_organ"]:
            t["roles_of_organ"].append(entry)
    for c in chains:
        t = tasks.get(c["task"])
        if t is not None and c["role"] in ROLES:
            item = {"organ": c["organ"], "label": c["organ_label"], "group": bool(c["is_group"])}
            if item not in t[c["role"]]:
                t[c["role"]].append(item)
    return sorted(tasks.values(), key=lambda t: (str(t["document_label"] or ""), str(t["document"]),
                                                 _ref_key(t["ref"]), t["task"]))


def _names(items: list[dict[str, Any]]) -> str:
    return "; ".join(f"{i['label']}{' (nhóm)' if i['group'] else ''}" for i in items)


def table_row(t: dict[str, Any], with_roles: bool) -> dict[str, str]:
    status = t["status_label"]
    if t["status"] == "no_deadline" and t["deadline_text"]:
        status += " (hạn chưa quy ra ngày)"
    text = t["label"] or t["text"] or ""
    document = t["document_label"] or t["document"]
    if t["document_date"]:
        document += f", ngày {vn_date(t['document_date'])}"
    report_to = _names(t["reportTo"])
    if t["via"]:
        report_to += (" " if report_to else "") + f"(qua {_names(t['via'])})"
    roles = "; ".join(f"{r['label']}: {r['role_label']}" + (f" [{r['match']}]" if r["match"] else "")
                      for r in t["roles_of_organ"]) if with_roles else ""
    return {"status_label": status, "task": text, "document": document, "deadline": deadline_words(t),
            "lead": _names(t["lead"]), "executor": _names(t["executor"]),
            "coordinator": _names(t["coordinator"]), "report_to": report_to, "monitor": _names(t["monitor"]),
            "roles_of_organ": roles}


JSON_COLUMNS = ("task", "ref", "label", "text", "kind", "status", "status_label", "document", "document_label",
                "document_date", "deadline", "deadline_text", "deadline_reason", "recurrence", "done",
                "roles_of_organ", *ROLES)
CSV_COLUMNS = ("task", "ref", "text", "status", "status_label", "document", "document_label", "document_date",
               "deadline", "deadline_text", "deadline_reason", "recurrence", "done", *ROLES, "roles_of_organ")


def csv_row(t: dict[str, Any]) -> dict[str, Any]:
    row = {k: t[k] for k in CSV_COLUMNS if k not in ROLES and k != "roles_of_organ"}
    for role in ROLES:
        row[role] = [i["label"] for i in t[role]]
    row["roles_of_organ"] = [f"{r['label']}: {r['role']}" for r in t["roles_of_organ"]]
    return row


@app.command("tasks")
def tasks_command(
    organ: str = typer.Option(None, "--organ", "-o", help='Organ name or URI, e.g. "Tỉnh đoàn", "UBND tỉnh".'),
    province: str = typer.Option(None, "--province", "-p", help='Province, e.g. "Hà Nam".'),
    as_of: str = typer.Option(None, "--as-of", help="Status as of this day, YYYY-MM-DD (default: today)."),
    role: str = typer.Option("any", "--role", "-r",
                             help="any | lead | coordinator | executor | reportTo | via | monitor"),
    format: str = typer.Option("table", "--format", "-f", help="table | csv | json"),
    lang: str = typer.Option("sparql", "--lang", "-l", help="sparql (pyoxigraph) | cypher (property graph)."),
    home: Path = typer.Option(None, "--home", help=HOME_HELP),
) -> None:
    """Responsibilities of an organ (or of a whole province) with their status as of a date."""
    check_format(format)
    if not organ and not province:
        raise fail("cần --organ hoặc --province (hoặc cả hai).", 2)
    day = date.today().isoformat() if as_of is None else as_of
    try:
        where = data_home(home)
        found = run_named("organ_tasks", {"organ": organ, "province": province, "role": role, "as_of": day},
                          lang=lang, home=where, page_size=0)     # every task, not one page
        rows = found.records()
        uris = sorted({r["task"] for r in rows})
        chains = run_named("task_roles", {"tasks": uris}, lang=lang, home=where).records() if uris else []
    except (StoreError, ValueError) as error:
        raise fail(str(error), exit_code(error)) from None
    notes_to_stderr(found.notes)
    tasks = collect(rows, chains)
    if format == "json":
        write_records(tasks, JSON_COLUMNS, "json")
        return
    if format == "csv":
        write_records([csv_row(t) for t in tasks], CSV_COLUMNS, "csv")
        return
    who = f"{organ} " if organ else ""
    title = f"Nhiệm vụ {who}{'(' + province + ') ' if province else ''}tính đến ngày {vn_date(date.fromisoformat(day))}"
    columns = [c for c in COLUMNS if organ or c != "roles_of_organ"]
    write_records([table_row(t, bool(organ)) for t in tasks], columns, "table", title=title, headers=HEADERS)
    if not tasks:
        Console(stderr=True).print("Không có nhiệm vụ nào.", highlight=False)
