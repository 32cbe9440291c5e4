"""One meeting, however many texts describe it.

A notice says "Hội nghị đối thoại trực tuyến ...", a news article about the same day says
"hội nghị đối thoại giữa người đứng đầu ...": both are ``doi-thoai`` on 2021-11-17 in Hà Nam, so they
share ``meeting/ha-nam/2021-11-17/doi-thoai``.  Kinds come from a small canonical set; a meeting
whose kind says nothing specific ("Hội nghị", "Hội nghị trực tuyến") joins the one specific meeting
of its province and date when there is exactly one.
"""

from __future__ import annotations

import re

from loaders.resolve.keys import short_slug
from loaders.text import fold

GENERIC_KIND = "hoi-nghi"

# (canonical slug, folded phrases that name it): first match wins, so the specific forms of a
# meeting come before the organ that holds it ("Hội nghị giao ban của Ban Thường vụ" is a giao ban).
CANONICAL_KINDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("doi-thoai", ("doi thoai",)),
    ("giao-ban", ("giao ban",)),
    ("tiep-xuc-cu-tri", ("tiep xuc cu tri",)),
    ("so-ket", ("so ket",)),
    ("tong-ket", ("tong ket",)),
    ("quan-triet", ("quan triet", "hoc tap, quan triet", "hoc tap nghi quyet")),
    ("ky-hop", ("ky hop",)),
    ("phien-hop", ("phien hop",)),
    ("dai-hoi", ("dai hoi",)),
    ("hoi-nghi-ban-chap-hanh", ("ban chap hanh", "hoi nghi tinh uy", "hoi nghi thanh uy")),
    ("hoi-nghi-ban-thuong-vu", ("ban thuong vu",)),
    ("hoi-nghi-thuong-truc", ("thuong truc",)),
    ("lam-viec", ("lam viec",)),
)
# Words that say nothing about the kind of a meeting.
_FILLER = re.compile(r"\b(?:hoi nghi|cuoc hop|buoi|hop|truc tuyen|truc tiep|mo rong|thuong ky|chuyen de)\b")


def canonical_kind(kind: str | None) -> str:
    """'Hội nghị trực tuyến đối thoại ...' → 'doi-thoai'; 'Hội nghị' → 'hoi-nghi'."""
    folded = fold(kind or "")
    for canonical, phrases in CANONICAL_KINDS:
        if any(re.search(r"\b" + re.escape(p) + r"\b", folded) for p in phrases):
            return canonical
    rest = _FILLER.sub(" ", folded)
    return short_slug(rest, 40) or GENERIC_KIND


def merge_kinds(kinds: list[str]) -> dict[str, str]:
    """Kinds of the meetings of one province and date → the kind each one takes.

    Same canonical kind: one meeting.  A generic kind joins the only specific kind when there is
    exactly one; with none or several it stays generic (never guessed between two meetings).
    """
    specific = sorted({k for k in kinds if k != GENERIC_KIND})
    target = specific[0] if len(specific) == 1 else GENERIC_KIND
    return {k: (target if k == GENERIC_KIND else k) for k in kinds}
