"""Pieces several pages share: the task table, the sentence behind a fact, pickers, the as-of date."""

from __future__ import annotations

from datetime import date

import streamlit as st

from app import data, ui
from app.labels import STATUS_COLOUR, TASK_ROLES, recurrence_label, role_label, status_label
from queries.status import task_status


def as_of_date(key: str = "ngay") -> date:
    """The 'as of' date of task statuses: ?ngay=YYYY-MM-DD, else today; a date input changes it."""
    try:
        default = date.fromisoformat(ui.param(key)) if ui.param(key) else date.today()
    except ValueError:
        default = date.today()
    chosen = st.date_input("Tình trạng tính đến ngày", value=default, format="DD/MM/YYYY", key=f"asof-{key}",
                           min_value=date(1945, 1, 1))
    return chosen or date.today()


def status_of(task: data.TaskInfo, as_of: date) -> str:
    return task_status(task.deadline_date, task.done_date, as_of, relative_deadline=bool(task.deadline_text))


def status_badge(status: str) -> str:
    return ui.badge(status_label(status), STATUS_COLOUR.get(status, "#6b7280"))


def deadline_html(task: data.TaskInfo) -> str:
    parts = []
    if task.deadline_date:
        parts.append(f"<b>{ui.esc(ui.fmt_date(task.deadline_date.isoformat()))}</b>")
    if task.deadline_text:
        parts.append(f'<span class="dkg-muted">“{ui.esc(task.deadline_text)}”</span>')
    if task.deadline_reason and not task.deadline_date:
        parts.append(f'<span class="dkg-muted">({ui.esc(task.deadline_reason)})</span>')
    return "<br>".join(parts) or '<span class="dkg-muted">—</span>'


def organs_html(task: data.TaskInfo, role: str) -> str:
    return ui.links(task.roles.get(role, []), sep="<br>")


def task_text(task: data.TaskInfo, size: int = 220) -> str:
    text = " ".join((task.text or "").split())
    short = text if len(text) <= size else text[: size - 1] + "…"
    ref = f"{task.ref}. " if task.ref else ""
    return ui.link(task.uri, ref + short) if short else ui.link(task.uri, ref or "Nhiệm vụ")


def task_table(tasks: list[data.TaskInfo], as_of: date, roles: tuple[str, ...] = TASK_ROLES,
               with_document: bool = False, docs: dict[str, data.DocInfo] | None = None,
               role_of: dict[str, list[str]] | None = None) -> str:
    """The tasks as an HTML table: text, organs by role, deadline, recurrence, status as of a date."""
    columns = ["Nhiệm vụ"]
    if role_of is not None:
        columns.append("Vai trò")
    shown_roles = [r for r in roles if any(t.roles.get(r) for t in tasks)]
    columns += [role_label(r).capitalize() for r in shown_roles]
    columns += ["Thời hạn", "Định kỳ", "Tình trạng"]
    if with_document:
        columns.append("Văn bản giao")
    body = []
    for task in tasks:
        row = [task_text(task)]
        if role_of is not None:
            row.append("<br>".join(ui.esc(role_label(r)) for r in role_of.get(task.uri, [])))
        row += [organs_html(task, r) for r in shown_roles]
        row += [deadline_html(task), ui.esc(recurrence_label(task.recurrence)), status_badge(status_of(task, as_of))]
        if with_document:
            doc = (docs or {}).get(task.document or "")
            row.append(ui.link(task.document, doc.display if doc else None) if task.document else "")
        body.append(row)
    return ui.html_table(columns, body)


def quote(source_file: str | None, start: int | None, end: int | None, fallback: str | None) -> str:
    """The sentence behind a fact, from the original file, with the span highlighted."""
    text = data.original_text(source_file)
    before, span, after = data.snippet(text, start, end, fallback)
    if not span and not before:
        return '<div class="dkg-muted">(không có câu nguồn)</div>'
    return ui.quote_block(before, span, after)


def picker(label: str, options: dict[str, str], placeholder: str) -> str | None:
    """A searchable select of entities (IRI → label); returns the chosen IRI."""
    keys = sorted(options, key=lambda k: options[k].lower())
    return st.selectbox(label, keys, index=None, format_func=lambda k: options[k], placeholder=placeholder)
