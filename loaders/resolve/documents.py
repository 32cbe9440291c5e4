"""Which document a text is, and which document each of its citations names.

Key = scope + symbol + year (DESIGN.md "Identity"): ``01-ĐA/TU`` of Hà Nam is not ``01-ĐA/TU`` of
Hà Tĩnh, ``74-KL/TW`` is national.  Party numbers restart every term and state numbers every
year, so a mention with a date or a year names ``doc/{scope}/{symbol}/{year}``.  A mention without
one names a year only when exactly one known document (a text of the batch or a dated citation
elsewhere) has the same scope and symbol; otherwise it stays ``.../unknown`` and unresolved.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from loaders.extract.model import Citation, OrganRef
from loaders.resolve.keys import (
    NATIONAL_SCOPE,
    named_doc_key,
    short_slug,
    symbol_doc_key,
    symbol_slug,
)
from loaders.resolve.references import congress, congress_slug, titled_slug
from loaders.resolve.symbols import (
    NATIONAL,
    PROVINCIAL,
    SymbolParts,
    clean_symbol,
    infer_symbol,
    kind_code,
    normalize_number,
    organ_id_for_name,
    parse_symbol,
    symbol_scope,
)
from loaders.text import slug

_ISO_YEAR = re.compile(r"^(\d{4})-")


def year_of(date: str | None) -> int | None:
    m = _ISO_YEAR.match(date or "")
    return int(m.group(1)) if m else None


def scope_hint(scope: str | None, ref: OrganRef | None) -> str | None:
    """What the extractor says about a scope: Citation.scope, else the level of the issuer."""
    if scope in (NATIONAL, PROVINCIAL):
        return scope
    if ref is not None and ref.level:
        return NATIONAL if ref.level == "central" else PROVINCIAL
    return None


@dataclass(frozen=True)
class DocTarget:
    """A document named by its symbol: what its key is built from."""

    scope: str                  # "vn", "ha-nam", "unknown-003-..."
    symbol: str                 # cleaned: "01-ĐA/TU"
    year: int | None
    date: str | None = None
    ident_slug: str = ""        # slug(symbol), made once (a corpus asks it of every mention)
    key_slug: str = ""          # keys.symbol_slug(symbol), made once too

    def __post_init__(self) -> None:
        if not self.ident_slug:
            object.__setattr__(self, "ident_slug", slug(self.symbol))
        if not self.key_slug:
            object.__setattr__(self, "key_slug", symbol_slug(self.symbol))

    @property
    def ident(self) -> tuple[str, str]:
        return self.scope, self.ident_slug

    def key(self, year: int | None = None) -> str:
        return symbol_doc_key(self.scope, self.key_slug, year or self.year)


def symbol_target(symbol: str, date: str | None, year: int | None, province_scope: str,
                  hint: str | None = None) -> DocTarget:
    """Scope from the issuer code (data), else the extractor's hint, else the province: a symbol of
    an unknown issuer is kept provincial, which never merges documents of two provinces."""
    parts = parse_symbol(symbol)
    scope = symbol_scope(parts) or hint or PROVINCIAL
    return DocTarget(
        scope=NATIONAL_SCOPE if scope == NATIONAL else province_scope,
        symbol=clean_symbol(symbol),
        year=year or parts.year or year_of(date),
        date=date,
    )


@dataclass
class DocumentIndex:
    """Every document the batch knows by symbol: its own texts and the dated citation targets."""

    batch_keys: set[str] = field(default_factory=set)
    years: dict[tuple[str, str], set[int]] = field(default_factory=lambda: defaultdict(set))
    by_number: dict[str, list[tuple[DocTarget, SymbolParts]]] = field(
        default_factory=lambda: defaultdict(list))

    def add(self, target: DocTarget) -> None:
        if target.year:
            self.years[target.ident].add(target.year)
            parts = parse_symbol(target.symbol)
            if parts.number:
                self.by_number[parts.number].append((target, parts))

    def add_batch_key(self, key: str) -> None:
        self.batch_keys.add(key)

    def locate(self, target: DocTarget) -> tuple[str, bool]:
        """(key, resolved): the dated key, else the only year known for this scope and symbol."""
        if target.year:
            key = target.key()
        else:
            years = self.years.get(target.ident, set())
            key = target.key(next(iter(years))) if len(years) == 1 else target.key()
        return key, key in self.batch_keys

    def locate_number(self, number: str, kind: str | None, date: str | None, year: int | None,
                      scopes: Iterable[str]) -> str | None:
        """A citation with a number and a kind but no issuer we can turn into a code: the only known
        document of those scopes with that number, kind and date (or year)."""
        wanted = normalize_number(re.sub(r"\s+", "", number))
        scopes = set(scopes)
        found: set[str] = set()
        for target, parts in self.by_number.get(wanted, ()):
            if target.scope not in scopes:
                continue
            if kind and parts.kind_code and kind_code(kind, parts.party) != parts.kind_code:
                continue
            if date and target.date and date != target.date:
                continue
            if (year or year_of(date)) and (year or year_of(date)) != target.year:
                continue
            found.add(target.key())
        return next(iter(found)) if len(found) == 1 else None


def citation_symbol(citation: Citation) -> str | None:
    """The symbol a citation carries or implies ("Đề án số 01 ... của Ban Thường vụ Tỉnh ủy" → 01-ĐA/TU)."""
    if citation.symbol:
        return citation.symbol
    if citation.number:
        organ_id = citation.issuer_ref.organ_id if citation.issuer_ref else organ_id_for_name(citation.issuer)
        return infer_symbol(citation.number, citation.kind, organ_id)
    return None


def citation_target(citation: Citation, province_scope: str) -> DocTarget | None:
    symbol = citation_symbol(citation)
    if not symbol:
        return None
    return symbol_target(symbol, citation.date, citation.year, province_scope,
                         scope_hint(citation.scope, citation.issuer_ref))


def named_key(citation: Citation, province_scope: str, fallback: str) -> str:
    """Key of a reference without a symbol: a party congress, a titled document, else ``fallback``."""
    text = " ".join(p for p in (citation.kind, citation.title) if p)
    found = congress(text) if text else None
    if found:
        scope = NATIONAL_SCOPE if found.national else province_scope
        return named_doc_key(scope, congress_slug(found, citation.kind, citation.title or text))
    hint = scope_hint(citation.scope, citation.issuer_ref)
    scope = NATIONAL_SCOPE if hint == NATIONAL else province_scope
    if citation.title:
        return named_doc_key(scope, titled_slug(citation.kind, citation.title))
    return named_doc_key(scope, fallback)


def number_fallback_key(citation: Citation, province_scope: str) -> str:
    """A number and kind we cannot tie to an issuer or a known document: its own, unresolved key."""
    name = short_slug(f"{citation.kind or 'van ban'} so {citation.number}")
    year = citation.year or year_of(citation.date)
    return f"doc/{province_scope}/{name}/{year or 'unknown'}"
