"""``resolve``: many Extractions → one set of entities with stable keys (fills every ``key`` in place).

Deterministic: the keys depend on what the batch contains, never on its order.  The only I/O is
reading the gazetteer (``data/gazetteer/*.yaml``).  The work is done in three steps
(``loaders.resolve.corpus``: facts of each document, the corpus-wide decisions, keys filled per
document) so that the build can run them without holding every extraction at once.
"""

from __future__ import annotations

from loaders.extract.model import Extraction
from loaders.resolve.corpus import apply, decide, facts_of, organ_refs, province_scope

__all__ = ["organ_refs", "province_scope", "resolve"]


def resolve(extractions: list[Extraction], meta_by_source: dict[str, dict] | None = None) -> list[Extraction]:
    """Fill every ``key`` (documents, citations, organs, people, meetings, tasks) in place, and the
    fulfilments and completions of tasks (from reports of the batch and the meta files' ``done:``)."""
    metas = meta_by_source or {}
    outcomes = decide([facts_of(x, metas.get(x.source)) for x in extractions])
    for x, outcome in zip(extractions, outcomes, strict=True):
        apply(x, outcome)
    return extractions
