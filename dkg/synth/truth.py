"""The truth as a perfect extractor would print it (``dkg extract --format json``), for checking
that the scorer reads the generated gold, and as a baseline in benchmarks."""

from __future__ import annotations


def _first(group):
    return group[0] if isinstance(group, list) else group


def as_prediction(truth: dict) -> dict:
    """One truth object → the contract object with one name per organ, as an extractor gives it."""
    doc = dict(truth["document"])
    doc["issuer"] = _first(doc.get("issuer"))
    citations = []
    for c in truth["citations"]:
        if c.get("symbol") is None:
            citations.append({"symbol": None, "kind": c.get("kind"), "title": c["names"][0],
                              "relation": c.get("relation")})
        else:
            citations.append({**c, "issuer": _first(c.get("issuer"))})
    roles = ("leads", "coordinators", "executors", "report_to", "via")
    return {
        "source": truth["source"],
        "document": doc,
        "meetings": [{**m, "kind": _first(m["kind"])} for m in truth["meetings"]],
        "citations": citations,
        "organs": [g[0] for g in truth["organs"]],
        "people": [{"name": p["name"], "posts": [g[0] for g in p["posts"]]} for p in truth["people"]],
        "tasks": [{**t, **{r: [g[0] for g in t[r]] for r in roles}} for t in truth["tasks"]],
    }
