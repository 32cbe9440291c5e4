"""Which later document reports on which task (``fulfils``), and when a task was done.

A task is done when a later document reports on it: a Báo cáo or Thông báo whose issuer leads the
task and which cites the assigning document (issue 4), or when a meta file marks it done with a
date.  Never guessed from dates alone: dates only rule out a report older than the task.

Both functions read keys, so ``resolve`` must have run first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import PurePosixPath

from loaders.extract.model import Extraction
from loaders.resolve.symbols import tables
from loaders.text import fold

REPORT_KINDS = frozenset({"bao cao", "thong bao"})


@dataclass(frozen=True)
class Completion:
    task: str                   # the task's key
    date: str | None            # ISO date it was done: the report's issue date or the meta file's
    document: str | None        # key of the report; None when only a meta file says so
    source: str                 # the file that says so


def _require_keys(extractions: list[Extraction]) -> None:
    for ex in extractions:
        if not ex.document.key:
            raise ValueError(f"{ex.source}: document has no key; run loaders.resolve.resolve() first")


def _organ_id(key: str) -> tuple[str, str]:
    """'organ/ha-nam/tinh-doan' → ('organ/ha-nam', 'tinh-doan')."""
    head, _, tail = key.rpartition("/")
    return head, tail


def same_reporter(report_issuer: str | None, lead: str | None) -> bool:
    """The issuer of a report answers for a lead (organ keys): the same organ, or an organ and its
    own standing committee (a Ban Thường vụ signs for the organ it belongs to)."""
    if not report_issuer or not lead:
        return False
    if report_issuer == lead:
        return True
    (scope_a, id_a), (scope_b, id_b) = _organ_id(report_issuer), _organ_id(lead)
    if scope_a != scope_b:
        return False
    parents = tables().organ_parent
    for body, organ in ((id_a, id_b), (id_b, id_a)):
        if body.startswith("ban-thuong-vu-") and parents.get(body) == organ:
            return True
    return False


@dataclass(frozen=True)
class Filed:
    """A resolved document as fulfilment sees it."""

    key: str
    source: str
    kind: str | None
    date: str | None
    issuer: str | None                               # organ key
    cites: tuple[str, ...]                           # keys of the documents it cites and we know
    tasks: tuple[tuple[str, tuple[str, ...]], ...]   # (task key, organ keys of its leads)
    done: tuple[tuple[str, str | None], ...] = ()    # its meta file's done: (task ref, ISO date)


def fulfilments(filed: list[Filed]) -> dict[str, list[str]]:
    """Report document key → the keys of the tasks it reports on (sorted, each once)."""
    by_key = {f.key: i for i, f in enumerate(filed)}
    out: dict[str, set[str]] = {}
    for i, report in enumerate(filed):
        if fold(report.kind or "") not in REPORT_KINDS or report.issuer is None:
            continue
        for cited in report.cites:
            j = by_key.get(cited)
            if j is None or j == i:
                continue
            assigning = filed[j]
            if report.date and assigning.date and report.date < assigning.date:
                continue            # a report cannot answer a task assigned after it
            for task, leads in assigning.tasks:
                if any(same_reporter(report.issuer, lead) for lead in leads):
                    out.setdefault(report.key, set()).add(task)
    return {key: sorted(tasks) for key, tasks in sorted(out.items())}


def completions(filed: list[Filed], reports: dict[str, list[str]]) -> dict[str, tuple[str | None, str | None]]:
    """Task key → (date, report key) it was done: a meta file's ``done:`` (of the assigning document,
    report key None) wins over a report; among reports the earliest dated one counts."""
    return {task: (c.date, c.document) for task, c in _completions(filed, reports).items()}


def _completions(filed: list[Filed], reports: dict[str, list[str]]) -> dict[str, Completion]:
    by_key = {f.key: f for f in filed}
    out: dict[str, Completion] = {}
    candidates = sorted(
        ((by_key[doc].date, doc, task) for doc, tasks in reports.items() for task in tasks),
        key=lambda item: (item[0] is None, item[0] or "", item[1]),
    )
    for date, doc, task in candidates:
        out.setdefault(task, Completion(task, date, doc, by_key[doc].source))
    for f in sorted(filed, key=lambda f: f.source):
        keys = {key.rsplit("/", 1)[-1]: key for key, _ in f.tasks}
        for ref, date in f.done:
            if ref not in keys:
                known = ", ".join(sorted(keys)) or "none"
                raise ValueError(f"{f.source}: done: no task {ref!r} in this document (tasks: {known})")
            out[keys[ref]] = Completion(keys[ref], date, None, f.source)
    return out


def _filed(extractions: list[Extraction], meta_by_source: dict[str, dict] | None = None) -> list[Filed]:
    """Resolved extractions as fulfilment sees them."""
    _require_keys(extractions)
    out = []
    for ex in extractions:
        doc = ex.document
        meta = _meta_for(ex.source, meta_by_source or {})
        out.append(Filed(
            key=doc.key, source=ex.source, kind=doc.kind, date=doc.date,
            issuer=doc.issuer_ref.key if doc.issuer_ref is not None else None,
            cites=tuple(c.key for c in ex.citations if c.resolved),
            tasks=tuple((t.key, tuple(lead.key for lead in t.leads)) for t in ex.tasks),
            done=tuple(meta_done(ex.source, meta)) if meta else (),
        ))
    return out


def find_fulfilments(extractions: list[Extraction]) -> dict[str, list[str]]:
    """Report document key → the keys of the tasks it reports on (sorted, each once)."""
    return fulfilments(_filed(extractions))


def _iso(value: object, source: str, ref: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(str(value).strip()).isoformat()
    except ValueError as exc:
        raise ValueError(f"{source}: done: task {ref!r} has date {value!r}, expected YYYY-MM-DD") from exc


def meta_done(source: str, meta: dict) -> list[tuple[str, str | None]]:
    """A meta file's ``done:`` as (task ref, ISO date) pairs.  Accepted forms::

        done:                          done:
          - {task: "3.1", date: 2021-10-01}     "3.1": 2021-10-01
          - "3.2"        # done, date unknown
    """
    done = meta.get("done") if isinstance(meta, dict) else None
    if done is None:
        return []
    if isinstance(done, dict):
        return [(str(ref).strip(), _iso(date, source, str(ref))) for ref, date in done.items()]
    if not isinstance(done, list):
        raise ValueError(f"{source}: done: expected a list of {{task, date}} or a mapping task → date")
    out: list[tuple[str, str | None]] = []
    for item in done:
        if isinstance(item, (str, int, float)):
            out.append((str(item).strip(), None))
        elif isinstance(item, dict) and ("task" in item or "ref" in item):
            ref = str(item.get("task", item.get("ref"))).strip()
            out.append((ref, _iso(item.get("date"), source, ref)))
        else:
            raise ValueError(f"{source}: done: cannot read entry {item!r}; "
                             'write {task: "3.1", date: 2021-10-01}')
    return out


def _meta_for(source: str, meta_by_source: dict[str, dict]) -> dict | None:
    if source in meta_by_source:
        return meta_by_source[source]
    name = PurePosixPath(source.replace("\\", "/")).name
    matches = [m for s, m in meta_by_source.items() if PurePosixPath(s.replace("\\", "/")).name == name]
    return matches[0] if len(matches) == 1 else None


def task_completions(extractions: list[Extraction],
                     meta_by_source: dict[str, dict] | None = None) -> dict[str, Completion]:
    """Task key → how it was done.  A meta file's ``done:`` (of the assigning document) wins over a
    report; among reports the earliest dated one counts."""
    filed = _filed(extractions, meta_by_source)
    return _completions(filed, fulfilments(filed))
