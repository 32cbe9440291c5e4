"""Resolve: many Extractions → stable keys across documents (DESIGN.md "Identity").

* ``resolve(extractions)`` fills every ``key`` in place and returns the list;
* ``find_fulfilments`` / ``task_completions``: which report answers which task (issue 4);
* ``province_key`` / ``province_info``: provinces with validity and successors for the RDF step.
"""

from loaders.resolve.fulfilment import Completion, find_fulfilments, task_completions
from loaders.resolve.keys import ID_BASE
from loaders.resolve.provinces import (
    ProvinceInfo,
    UnknownProvince,
    find_province,
    province_info,
    province_key,
)
from loaders.resolve.resolver import province_scope, resolve

__all__ = [
    "ID_BASE", "Completion", "ProvinceInfo", "UnknownProvince", "find_fulfilments", "find_province",
    "province_info", "province_key", "province_scope", "resolve", "task_completions",
]
