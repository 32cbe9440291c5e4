"""``resolve``: many Extractions → one set of entities with stable keys (fills every ``key`` in place).

Deterministic: the keys depend on what the batch contains, never on its order.  The only I/O is
reading the gazetteer (``data/gazetteer/*.yaml``).
"""

from __future__ import annotations

import importlib.util
from collections import defaultdict
from collections.abc import Callable, Iterator

from loaders.extract.model import Deadline, Extraction, Meeting, OrganRef
from loaders.resolve.documents import (
    DocTarget,
    DocumentIndex,
    citation_target,
    named_key,
    number_fallback_key,
    scope_hint,
    symbol_target,
    year_of,
)
from loaders.resolve.keys import (
    NATIONAL_SCOPE,
    file_doc_key,
    file_stem,
    meeting_key,
    organ_key,
    person_key,
    task_key,
    task_refs,
    unknown_scope,
)
from loaders.resolve.meetings import canonical_kind, merge_kinds
from loaders.resolve.provinces import find_province
from loaders.text import slug


def province_scope(extraction: Extraction) -> str:
    """The province slug of a text, only from ``document.province`` (the text or its meta file);
    ``unknown-{file stem}`` when it names none.  A name the gazetteer lacks is kept (slugged) and
    reported in ``errors``."""
    name = extraction.document.province
    if not name or not name.strip():
        return unknown_scope(extraction.source)
    info = find_province(name)
    if info is not None:
        return info.slug
    message = (f"{extraction.source}: tỉnh “{name}” không có trong danh mục tỉnh "
               f"(data/gazetteer/provinces.yaml)")
    if message not in extraction.errors:
        extraction.errors.append(message)
    return slug(name)


def organ_refs(extraction: Extraction) -> Iterator[OrganRef]:
    """Every OrganRef of an extraction, wherever it sits."""
    doc = extraction.document
    yield from extraction.organs
    if doc.issuer_ref is not None:
        yield doc.issuer_ref
    yield from doc.recipients
    for meeting in extraction.meetings:
        yield from meeting.attendees
    for citation in extraction.citations:
        if citation.issuer_ref is not None:
            yield citation.issuer_ref
    for task in extraction.tasks:
        yield from (*task.leads, *task.coordinators, *task.executors, *task.report_to, *task.via)


def _deadline_resolver() -> Callable | None:
    """``loaders.resolve.deadlines.resolve_deadline`` when that module is installed."""
    if importlib.util.find_spec("loaders.resolve.deadlines") is None:
        return None
    from loaders.resolve.deadlines import resolve_deadline
    return resolve_deadline


def _document_target(extraction: Extraction, scope: str) -> DocTarget | None:
    doc = extraction.document
    if not doc.symbol:
        return None
    return symbol_target(doc.symbol, doc.date, None, scope, scope_hint(None, doc.issuer_ref))


def resolve(extractions: list[Extraction]) -> list[Extraction]:
    """Fill every ``key`` (documents, citations, organs, people, meetings, tasks) in place."""
    scopes = [province_scope(ex) for ex in extractions]
    index = DocumentIndex()

    # 1. every document known by symbol: the texts themselves and the citation targets
    doc_targets = [_document_target(ex, scope) for ex, scope in zip(extractions, scopes, strict=True)]
    cite_targets = [[citation_target(c, scope) for c in ex.citations]
                    for ex, scope in zip(extractions, scopes, strict=True)]
    for target in doc_targets:
        if target is not None:
            index.add(target)
    for targets in cite_targets:
        for target in targets:
            if target is not None:
                index.add(target)

    # 2. the documents' own keys
    file_keys: dict[str, str] = {}
    for ex, target in zip(extractions, doc_targets, strict=True):
        if target is not None:
            ex.document.key = index.locate(target)[0]
        else:
            ex.document.key = file_doc_key(ex.source)
            other = file_keys.setdefault(ex.document.key, ex.source)
            if other != ex.source:
                first, second = sorted((other, ex.source))
                raise ValueError(f"{second}: same file name as {first}; "
                                 f"both would be {ex.document.key}: rename one of them")
        index.add_batch_key(ex.document.key)

    # 3. citations
    for ex, scope, targets in zip(extractions, scopes, cite_targets, strict=True):
        for number, (citation, target) in enumerate(zip(ex.citations, targets, strict=True), start=1):
            if target is not None:
                citation.key, citation.resolved = index.locate(target)
            elif citation.number:
                found = index.locate_number(citation.number, citation.kind, citation.date, citation.year,
                                            (scope, NATIONAL_SCOPE))
                citation.key = found or number_fallback_key(citation, scope)
                citation.resolved = citation.key in index.batch_keys
            else:
                fallback = f"unnamed/{slug(file_stem(ex.source))}-{number}"
                citation.key = named_key(citation, scope, fallback)
                citation.resolved = citation.key in index.batch_keys

    # 4. organs and people
    for ex, scope in zip(extractions, scopes, strict=True):
        for ref in organ_refs(ex):
            ref.key = organ_key(ref, scope)
        for person in ex.people:
            person.key = person_key(scope, person.name)

    _resolve_meetings(extractions, scopes)
    _resolve_tasks(extractions)
    return extractions


def _resolve_meetings(extractions: list[Extraction], scopes: list[str]) -> None:
    """One key per meeting; meetings of one province and date with compatible kinds are one."""
    groups: dict[tuple[str, str], list[tuple[Meeting, str]]] = defaultdict(list)
    for ex, scope in zip(extractions, scopes, strict=True):
        for meeting in ex.meetings:
            date = meeting.date or f"undated-{slug(file_stem(ex.source))}"
            groups[(scope, date)].append((meeting, canonical_kind(meeting.kind)))
    for (scope, date), members in groups.items():
        chosen = merge_kinds([kind for _, kind in members])
        for meeting, kind in members:
            meeting.key = meeting_key(scope, date, chosen[kind])


def _issue_dates(extractions: list[Extraction]) -> dict[str, str]:
    """A document's issue date: its own, else the one date every dated citation of it agrees on."""
    cited: dict[str, set[str]] = defaultdict(set)
    for ex in extractions:
        for citation in ex.citations:
            if citation.date and citation.key:
                cited[citation.key].add(citation.date)
    out: dict[str, str] = {}
    for ex in extractions:
        key = ex.document.key
        if ex.document.date:
            out[key] = ex.document.date
        elif len(cited.get(key, ())) == 1 and year_of(next(iter(cited[key]))):
            out[key] = next(iter(cited[key]))
    return out


def _resolve_tasks(extractions: list[Extraction]) -> None:
    resolve_deadline = _deadline_resolver()
    issue_dates = _issue_dates(extractions)
    for ex in extractions:
        doc_key = ex.document.key
        for task, ref in zip(ex.tasks, task_refs([t.ref for t in ex.tasks]), strict=True):
            task.key = task_key(doc_key, ref)
            if resolve_deadline is not None and task.deadline is not None:
                result = resolve_deadline(task.deadline, issue_dates.get(doc_key))
                if isinstance(result, Deadline):
                    task.deadline = result
