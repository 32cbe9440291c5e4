"""Memory handed back between the steps of a build."""

from __future__ import annotations

import ctypes


def release_memory() -> None:
    """Give the heap pages that freed objects left back to the system (glibc keeps them otherwise),
    so that the next step's peak does not sit on top of the last one's."""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):     # not glibc: nothing to do
        pass
