"""Text → Extraction: the document, its meetings, citations, organs, people and tasks."""

from __future__ import annotations

from loaders.extract.citations import find_citations
from loaders.extract.document import extract_document, is_city
from loaders.extract.meetings import find_meetings
from loaders.extract.model import Extraction, OrganRef
from loaders.extract.organs import find_organs, unique_organs
from loaders.extract.people import find_people
from loaders.extract.structure import layout
from loaders.extract.tasks import find_tasks
from loaders.text import Text

__all__ = ["extract", "Extraction"]


def _listed_organs(mentions: list[OrganRef], tasks) -> list[OrganRef]:
    """Each organ once; a generic group only when the document gives it a task role."""
    from loaders.extract.gazetteer import gazetteer

    gz = gazetteer()
    in_roles = {r.organ_id for t in tasks
                for r in (*t.leads, *t.coordinators)}
    out = []
    for ref in unique_organs(mentions):
        entry = gz.entry(ref.organ_id)
        if ref.level == "group" and (entry is None or entry.audience or entry.level == "post"
                                     or ref.organ_id not in in_roles):
            continue
        out.append(ref)
    return out


def extract(text: Text) -> Extraction:
    t = text.text
    lay = layout(t)
    doc = extract_document(t, lay, text.meta)
    organs = find_organs(t, is_city(doc.province), doc.province)
    citations = find_citations(t, organs, 0, lay.body_end, doc.symbol, is_city(doc.province))
    people = find_people(t, 0, lay.body_end, organs)
    meetings = find_meetings(t, lay, organs, people, doc.title, int(doc.date[:4]) if doc.date else None)
    year = int(doc.date[:4]) if doc.date else (int(meetings[0].date[:4]) if meetings and meetings[0].date else None)
    tasks = find_tasks(t, lay, organs, doc.kind, year)
    return Extraction(
        source=text.source, document=doc, meetings=meetings, citations=citations,
        organs=_listed_organs(organs + ([doc.issuer_ref] if doc.issuer_ref else []), tasks),
        people=people, tasks=tasks,
    )
