"""Errors the stores raise.  Their messages are shown to users as they are, so they are in Vietnamese.

None of them ever carries a password or a connection string: the Neo4j store wraps the driver's
errors before they reach a log or a page.
"""

from __future__ import annotations


class StoreError(RuntimeError):
    """Something went wrong in a store; the message is fit for a user."""


class QueryRefused(StoreError, ValueError):
    """A query that would write (or reach outside the store) was given where only reading is allowed."""


class QueryTimeout(StoreError):
    """A query ran past its time limit and was stopped."""


class QuerySyntaxError(StoreError, ValueError):
    """The engine could not parse the query."""


class StoreNotBuilt(StoreError):
    """A reader asked for a store that no build has written yet."""


class StoreBusy(StoreError):
    """Another process is writing the store (one writer at a time)."""
