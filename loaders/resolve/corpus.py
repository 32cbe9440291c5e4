"""Resolution in three steps, so that a build never needs every extraction at once:

* ``facts_of(extraction, meta)``: what the corpus-wide decisions need of one document (its symbol,
  the targets of its citations, its meetings' dates and kinds, its issuer, its tasks' numbering and
  leads).  Small, a function of the file alone: a build keeps it between runs.
* ``decide(facts)``: the corpus-wide decisions over every document's facts (document and citation
  keys, meetings of one province and date, issue dates, fulfilments, completions): one ``Outcome``
  per document, in the order of ``facts``.
* ``apply(extraction, outcome)``: fills the keys of one extraction; the rest of its keys (organs,
  people, tasks, deadlines) depend on the document alone.

``resolver.resolve`` runs the three on a batch in memory; the build runs ``facts_of`` in its
extraction workers, ``decide`` in the parent and ``apply`` in its RDF workers, and rebuilds a graph
only when its file or its outcome changed.  Deterministic: an outcome depends on what the corpus
contains, never on the order of files with different keys.
"""

from __future__ import annotations

import importlib.util
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from loaders.extract.model import Deadline, Extraction, OrganRef
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
from loaders.resolve.fulfilment import Filed, completions, fulfilments, meta_done
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


@dataclass(frozen=True)
class CitationFacts:
    target: DocTarget | None      # the document its symbol names, when it has or implies one
    number: str | None            # else its number, for a unique match among known documents
    kind: str | None
    date: str | None
    year: int | None
    fallback: str                 # its key when nothing in the corpus names it


@dataclass(frozen=True)
class TaskFacts:
    ref: str                      # the key fragment (``keys.task_refs``)
    leads: tuple[str, ...]        # organ keys of the leads


@dataclass(frozen=True)
class DocumentFacts:
    source: str
    scope: str
    province: str | None
    target: DocTarget | None
    date: str | None
    kind: str | None
    issuer: str | None            # organ key of the issuer
    citations: tuple[CitationFacts, ...]
    meetings: tuple[tuple[str, str], ...]      # (date or "undated-{file}", canonical kind)
    tasks: tuple[TaskFacts, ...]
    done: tuple[tuple[str, str | None], ...]   # the meta file's done: (task ref, ISO date)


@dataclass(frozen=True)
class Outcome:
    """What the corpus decides for one document."""

    key: str
    citations: tuple[tuple[str, bool], ...]    # (key, resolved) per citation
    meetings: tuple[str, ...]                  # key per meeting
    issue_date: str | None                     # its own date, else the one its citations agree on
    fulfils: tuple[str, ...]                   # task keys it reports on
    done: tuple[tuple[str | None, str | None] | None, ...]   # (date, document) per task, when done


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


def facts_of(extraction: Extraction, meta: dict | None = None) -> DocumentFacts:
    """What ``decide`` needs of one document.  A meta file's ``done:`` naming no task of the
    document is a ``ValueError`` naming the file."""
    scope = province_scope(extraction)
    doc = extraction.document
    stem = slug(file_stem(extraction.source))
    citations = []
    for number, c in enumerate(extraction.citations, start=1):
        target = citation_target(c, scope)
        if target is None and c.number:
            fallback = number_fallback_key(c, scope)
        else:
            fallback = named_key(c, scope, f"unnamed/{stem}-{number}")
        citations.append(CitationFacts(target, c.number, c.kind, c.date, c.year, fallback))
    refs = task_refs([t.ref for t in extraction.tasks])
    done = tuple(meta_done(extraction.source, meta)) if meta else ()
    unknown = [ref for ref, _ in done if ref not in refs]
    if unknown:
        known = ", ".join(sorted(refs)) or "none"
        raise ValueError(f"{extraction.source}: done: no task {unknown[0]!r} in this document (tasks: {known})")
    return DocumentFacts(
        source=extraction.source,
        scope=scope,
        province=doc.province,
        target=(symbol_target(doc.symbol, doc.date, None, scope, scope_hint(None, doc.issuer_ref))
                if doc.symbol else None),
        date=doc.date,
        kind=doc.kind,
        issuer=organ_key(doc.issuer_ref, scope) if doc.issuer_ref is not None else None,
        citations=tuple(citations),
        meetings=tuple((m.date or f"undated-{stem}", canonical_kind(m.kind)) for m in extraction.meetings),
        tasks=tuple(TaskFacts(ref, tuple(organ_key(lead, scope) for lead in t.leads))
                    for ref, t in zip(refs, extraction.tasks, strict=True)),
        done=done,
    )


def _document_keys(facts: list[DocumentFacts], index: DocumentIndex) -> list[str]:
    keys: list[str] = []
    file_keys: dict[str, str] = {}
    for f in facts:
        if f.target is not None:
            key = index.locate(f.target)[0]
        else:
            key = file_doc_key(f.source)
            other = file_keys.setdefault(key, f.source)
            if other != f.source:
                first, second = sorted((other, f.source))
                raise ValueError(f"{second}: same file name as {first}; "
                                 f"both would be {key}: rename one of them")
        index.add_batch_key(key)
        keys.append(key)
    return keys


def _citation_keys(f: DocumentFacts, index: DocumentIndex) -> tuple[tuple[str, bool], ...]:
    out = []
    for c in f.citations:
        if c.target is not None:
            out.append(index.locate(c.target))
            continue
        key = (index.locate_number(c.number, c.kind, c.date, c.year, (f.scope, NATIONAL_SCOPE))
               if c.number else None) or c.fallback
        out.append((key, key in index.batch_keys))
    return tuple(out)


def _meeting_keys(facts: list[DocumentFacts]) -> list[tuple[str, ...]]:
    """One key per meeting; meetings of one province and date with compatible kinds are one."""
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for f in facts:
        for date, kind in f.meetings:
            groups[(f.scope, date)].append(kind)
    chosen = {group: merge_kinds(kinds) for group, kinds in groups.items()}
    return [tuple(meeting_key(f.scope, date, chosen[(f.scope, date)][kind]) for date, kind in f.meetings)
            for f in facts]


def _issue_dates(facts: list[DocumentFacts], keys: list[str],
                 cited_keys: list[tuple[tuple[str, bool], ...]]) -> dict[str, str]:
    """A document's issue date: its own, else the one date every dated citation of it agrees on."""
    cited: dict[str, set[str]] = defaultdict(set)
    for f, found in zip(facts, cited_keys, strict=True):
        for c, (key, _) in zip(f.citations, found, strict=True):
            if c.date and key:
                cited[key].add(c.date)
    out: dict[str, str] = {}
    for f, key in zip(facts, keys, strict=True):
        if f.date:
            out[key] = f.date
        elif len(cited.get(key, ())) == 1 and year_of(next(iter(cited[key]))):
            out[key] = next(iter(cited[key]))
    return out


def decide(facts: list[DocumentFacts]) -> list[Outcome]:
    """The corpus-wide decisions: one Outcome per document of ``facts``, in its order."""
    index = DocumentIndex()
    for f in facts:
        if f.target is not None:
            index.add(f.target)
    for f in facts:
        for c in f.citations:
            if c.target is not None:
                index.add(c.target)
    keys = _document_keys(facts, index)
    cited_keys = [_citation_keys(f, index) for f in facts]
    meetings = _meeting_keys(facts)
    issue_dates = _issue_dates(facts, keys, cited_keys)
    filed = [Filed(key=key, source=f.source, kind=f.kind, date=f.date, issuer=f.issuer,
                   cites=tuple(k for k, resolved in found if resolved),
                   tasks=tuple((task_key(key, t.ref), t.leads) for t in f.tasks),
                   done=f.done)
             for f, key, found in zip(facts, keys, cited_keys, strict=True)]
    reports = fulfilments(filed)
    done = completions(filed, reports)
    return [Outcome(key=key, citations=found, meetings=meeting_keys, issue_date=issue_dates.get(key),
                    fulfils=tuple(reports.get(key, ())), done=tuple(done.get(task) for task, _ in one.tasks))
            for key, found, meeting_keys, one in zip(keys, cited_keys, meetings, filed, strict=True)]


def _deadline_resolver() -> Callable | None:
    """``loaders.resolve.deadlines.resolve_deadline`` when that module is installed."""
    if importlib.util.find_spec("loaders.resolve.deadlines") is None:
        return None
    from loaders.resolve.deadlines import resolve_deadline
    return resolve_deadline


def apply(extraction: Extraction, outcome: Outcome) -> Extraction:
    """Fill every key of ``extraction`` (in place) from its outcome and its own content."""
    scope = province_scope(extraction)
    doc = extraction.document
    doc.key = outcome.key
    doc.fulfils = list(outcome.fulfils)
    for citation, (key, resolved) in zip(extraction.citations, outcome.citations, strict=True):
        citation.key, citation.resolved = key, resolved
    for ref in organ_refs(extraction):
        ref.key = organ_key(ref, scope)
    for person in extraction.people:
        person.key = person_key(scope, person.name)
    for meeting, key in zip(extraction.meetings, outcome.meetings, strict=True):
        meeting.key = key
    resolve_deadline = _deadline_resolver()
    refs = task_refs([t.ref for t in extraction.tasks])
    for task, ref, done in zip(extraction.tasks, refs, outcome.done, strict=True):
        task.key = task_key(outcome.key, ref)
        if resolve_deadline is not None and task.deadline is not None:
            result = resolve_deadline(task.deadline, outcome.issue_date)
            if isinstance(result, Deadline):
                task.deadline = result
        if done is not None:
            task.done, task.done_by = done
    return extraction
