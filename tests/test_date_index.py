"""The date indexes read by SPARQL ``cited_by`` at depth 1 (dkg:citedOn) and ``organ_tasks``
(dkg:taskedOn): the page they give is the page the citations or tasks give, also where the index
cannot answer alone (a document dated only in another file, a document whose two files give two
dates), so that it is left for the walk over the citations or tasks."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.stores.rdf_store import RdfStore
from queries.runner import close_stores, run_named

PREFIXES = """@prefix dkg: <https://w3id.org/vn-directives/ontology#> .
@prefix eli: <http://data.europa.eu/eli/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""
ID = "https://w3id.org/vn-directives/id/"
CITED = ID + "doc/vn/01-ct-tw/2020"


def _citing(name: str, date: str | None, cites: bool = True) -> str:
    """One file of document ``name``: its date (if any), its citation of the cited document with the
    evidence the page reads, and the index entry the RDF step writes beside a dated citation."""
    doc = f"<{ID}doc/t/{name}>"
    text = f"{doc} a dkg:Document ; rdfs:label \"{name}\" .\n"
    if date:
        text += f"{doc} eli:date_document \"{date}\"^^xsd:date .\n"
    if cites:
        text += (f"{doc} dkg:cites <{CITED}> .\n"
                 f"<{ID}evidence/{name}-{date}> dkg:citing {doc} ; dkg:cited <{CITED}> ; "
                 "dkg:relation \"cites\" .\n")
        if date:
            text += f"<{CITED}> dkg:citedOn \"{date}\"^^xsd:date .\n"
    return PREFIXES + text


def _home(where: Path, files: dict[str, str]) -> Path:
    with RdfStore.open(where) as store:
        store.replace_document("https://w3id.org/vn-directives/graph/cited", fmt="turtle", data=
                               PREFIXES + f"<{CITED}> a dkg:Document ; rdfs:label \"01-CT/TW\" .")
        for name, text in files.items():
            store.replace_document(f"https://w3id.org/vn-directives/graph/{name}", text, fmt="turtle")
        store.publish()
    return where


def _pages(home: Path, name: str, params: dict, column: str, size: int) -> list[str]:
    """The last segment of ``column`` in the rows of ``name``, page after page of ``size`` (SPARQL)."""
    found: list[str] = []
    for page in range(1, 20):
        answer = run_named(name, {**params, "page": page}, lang="sparql", home=home, page_size=size)
        if not answer.rows:
            return found
        at = answer.columns.index(column)
        found += [row[at].rsplit("/", 1)[-1] for row in answer.rows]
    raise AssertionError(f"{name}: more than 19 pages")


def _order(home: Path, size: int) -> list[str]:
    """The citing documents of depth 1, in the order of the pages."""
    return _pages(home, "cited_by", {"symbol": CITED, "depth": 1}, "document", size)


FILES = {
    "newest": _citing("newest", "2024-06-01"),
    "two-dates-a": _citing("two-dates", "2023-05-01"),            # cites, dated 2023 in this file ...
    "two-dates-b": _citing("two-dates", "2022-01-01", cites=False),  # ... 2022 in its other file
    "older": _citing("older", "2021-01-01"),
    "oldest": _citing("oldest", "2020-01-01"),
    "undated": _citing("undated", None),
}
ORDER = ["newest", "two-dates", "older", "oldest", "undated"]


@pytest.fixture(autouse=True)
def _closed():
    yield
    close_stores()


@pytest.mark.parametrize("size", [1, 2, 3, 5])
def test_the_index_gives_the_order_of_the_citations(tmp_path: Path, size: int) -> None:
    """A document with two dates sorts by its earliest: page 1 of size 2 cannot come from the index's
    entries alone (its 2023 entry is no longer on or after the cut); the undated document comes last."""
    assert _order(_home(tmp_path, FILES), size) == ORDER


@pytest.mark.parametrize("size", [1, 2])
def test_a_document_dated_only_in_another_file_is_not_missed(tmp_path: Path, size: int) -> None:
    """Its citing file has no date, so the index has no entry for it; its other file dates it newest."""
    files = {**FILES, "late-a": _citing("late", None), "late-b": _citing("late", "2025-01-01", cites=False)}
    assert _order(_home(tmp_path, files), size) == ["late", *ORDER]


def test_without_the_index_the_order_is_the_same(tmp_path: Path) -> None:
    """The walk over the citations alone (a store built before the index) answers alike."""
    files = {name: "\n".join(line for line in text.splitlines() if "citedOn" not in line)
             for name, text in FILES.items()}
    assert _order(_home(tmp_path, files), 1) == ORDER


# -- organ_tasks: dkg:taskedOn -------------------------------------------------------------------

ORGAN = ID + "organ/t/so-noi-vu"


def _assigning(name: str, date: str | None, tasks: int = 1) -> str:
    """One file of document ``name`` giving the organ ``tasks`` tasks, with the index entry the RDF
    step writes when the file dates its document; ``tasks`` 0: the file only dates the document."""
    doc = f"<{ID}doc/t/{name}>"
    text = (f"{doc} a dkg:Document ; rdfs:label \"{name}\" .\n"
            f"<{ORGAN}> a dkg:Organ ; rdfs:label \"Sở Nội vụ\" .\n")
    if date:
        text += f"{doc} eli:date_document \"{date}\"^^xsd:date .\n"
    for n in range(1, tasks + 1):
        text += (f"<{ID}task/{name}-{n}> a dkg:Task ; dkg:assignedBy {doc} ; dkg:lead <{ORGAN}> ; "
                 f"dkg:taskRef \"{n}\" ; rdfs:label \"{name} {n}\" .\n")
    if date and tasks:
        text += f"<{ORGAN}> dkg:taskedOn \"{date}\"^^xsd:date .\n"
    return PREFIXES + text


def _task_order(home: Path, size: int) -> list[str]:
    """The organ's tasks, in the order of the pages."""
    return _pages(home, "organ_tasks", {"organ": ORGAN, "as_of": "2025-01-01"}, "task", size)


TASK_FILES = {
    "newest": _assigning("newest", "2024-06-01"),
    "two-dates-a": _assigning("two-dates", "2023-05-01"),
    "two-dates-b": _assigning("two-dates", "2022-01-01", tasks=0),
    "older": _assigning("older", "2021-01-01"),
    "two-tasks": _assigning("two-tasks", "2020-06-01", tasks=2),
    "undated": _assigning("undated", None),
}
TASK_ORDER = ["newest-1", "two-dates-1", "older-1", "two-tasks-1", "two-tasks-2", "undated-1"]


@pytest.mark.parametrize("size", [1, 2, 3])
def test_the_task_index_gives_the_order_of_the_assigning_documents(tmp_path: Path, size: int) -> None:
    assert _task_order(_home(tmp_path, TASK_FILES), size) == TASK_ORDER


@pytest.mark.parametrize("size", [1, 2])
def test_a_task_document_dated_only_in_another_file_is_not_missed(tmp_path: Path, size: int) -> None:
    files = {**TASK_FILES, "late-a": _assigning("late", None), "late-b": _assigning("late", "2025-01-01", tasks=0)}
    assert _task_order(_home(tmp_path, files), size) == ["late-1", *TASK_ORDER]
