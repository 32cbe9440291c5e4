"""Extraction → the JSON object of the extraction contract (shared/eval/CONTRACT.md).

Field names of the contract are never renamed; extra fields (spans, keys, signing mode) are added.
"""

from __future__ import annotations

from pathlib import Path

from loaders.extract.model import Deadline, Extraction, OrganRef


def _names(refs: list[OrganRef]) -> list[str]:
    return [r.name for r in refs]


def _deadline(d: Deadline | None) -> dict | None:
    if d is None:
        return None
    out: dict = {"text": d.text}
    for key in ("date", "month", "quarter", "working_days", "days", "recurring", "reason"):
        value = getattr(d, key)
        if value:
            out[key] = value
    if d.anchor:
        out["from"] = d.anchor
    return out


def to_contract(x: Extraction) -> dict:
    d = x.document
    return {
        "source": Path(x.source).name,
        "document": {
            "kind": d.kind, "symbol": d.symbol, "date": d.date, "province": d.province,
            "issuer": d.issuer, "signer": d.signer, "signer_post": d.signer_post,
            "signing_mode": d.signing_mode, "title": d.title,
            "recipients": _names(d.recipients),
        },
        "meetings": [{"date": m.date, "kind": m.kind, "chairs": m.chairs,
                      "attendees": _names(m.attendees)} for m in x.meetings],
        "citations": [{
            "symbol": c.symbol, "kind": c.kind, "date": c.date, "issuer": c.issuer,
            "title": c.title, "relation": c.relation, "number": c.number,
            "symbol_inferred": c.symbol_inferred,
            "span": [c.span.start, c.span.end] if c.span else None,
        } for c in x.citations],
        "organs": _names(x.organs),
        "people": [{"name": p.name, "posts": p.posts} for p in x.people],
        "tasks": [{
            "ref": t.ref, "kind": t.kind, "text": t.text,
            "leads": _names(t.leads), "coordinators": _names(t.coordinators),
            "executors": _names(t.executors), "report_to": _names(t.report_to), "via": _names(t.via),
            "deadline": _deadline(t.deadline), "recurrence": t.recurrence,
            "span": [t.span.start, t.span.end] if t.span else None,
        } for t in x.tasks],
    }
