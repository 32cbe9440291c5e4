"""Find organ mentions in a text with the gazetteer.

Three mechanisms, all driven by data/gazetteer:
* every writing of every organ (full names, aliases, their abbreviated forms), longest match wins;
* lists of departments after "các sở, ngành:" ("Lao động, Thương binh và Xã hội, Nội vụ, ..."
  or "LĐ-TB&XH, KH&ĐT, TC") expanded into one Sở each;
* mentions inside quoted titles are not mentions of organs (the subject of a cited document).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

import yaml

from loaders.extract.gazetteer import Form, OrganEntry, display_name, gazetteer
from loaders.extract.model import OrganRef, Span
from loaders.extract.scan import Scanner, fold_char, start_words, word_of
from loaders.extract.spans import Spans
from loaders.text import LOWER, UPPER, normalize, slug

_WORD = r"[\wÀ-ỹ]"


_SEPARATORS = ("-", ",", "&")


def _atoms(text: str) -> list[str]:
    return list(_atoms_of(text))


@lru_cache(maxsize=16384)
def _atoms_of(text: str) -> tuple[str, ...]:
    """A writing as regex atoms: each character escaped; a run of spaces is one or more spaces;
    '-', ',' and '&' with any spacing around them ("LĐ-TB&XH" = "LĐ - TB & XH")."""
    atoms: list[str] = []
    for token in re.split(r"(\s*[-,&]\s*|\s+)", text):
        if not token:
            continue
        stripped = token.strip()
        if stripped in _SEPARATORS:
            atoms.append(r"\s*" + re.escape(stripped) + r"\s*")
        elif not stripped:
            atoms.append(r"\s+")
        else:
            atoms.extend(re.escape(ch) for ch in token)
    return tuple(atoms)


def _form_pattern(text: str) -> str:
    return "".join(_atoms(text))


def _trie_pattern(keys) -> str:
    """One regex for many writings, factored by common prefixes (a trie), so the engine tries each
    first character once instead of every writing at every position. Longer writings are tried
    first (greedy optional tails), as in an alternation sorted longest-first."""
    trie: dict = {}
    for key in keys:
        node = trie
        for atom in _atoms(key):
            node = node.setdefault(atom, {})
        node[""] = {}

    def emit(node: dict) -> str:
        end = "" in node
        branches = [atom + emit(child) for atom, child in sorted(node.items()) if atom]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if end:
            return "(?:" + body + ")?" if len(branches) > 1 or len(body) > 1 else body + "?"
        return body

    return emit(trie)


@dataclass
class Matcher:
    exact: re.Pattern
    loose: re.Pattern
    by_exact: dict[str, Form]
    by_loose: dict[str, Form]

    def __post_init__(self) -> None:
        # the start words of a trie are those of its writings (cached by writing: the matchers of
        # the provinces share most of them)
        self.exact_scan = Scanner(self.exact, _union(_writing_words(k, 0) for k in self.by_exact))
        self.loose_scan = Scanner(self.loose, _union(_writing_words(k, re.IGNORECASE) for k in self.by_loose))


@cache
def _writing_words(key: str, flags: int) -> frozenset | None:
    word = word_of(_atoms(key), flags)
    return None if word is None else frozenset([word])


def _union(parts) -> frozenset | None:
    out: set = set()
    for part in parts:
        if part is None:
            return None   # one writing may start anywhere: the scanner reads the whole pattern
        out |= part
    return frozenset(out)


def _compile(forms: list[Form]) -> Matcher:
    exact = {f.text: f for f in forms if f.exact}
    loose: dict[str, Form] = {}
    for f in forms:
        if not f.exact:
            loose.setdefault(f.text.lower(), f)

    def alternation(keys):
        return rf"(?<!{_WORD})(?:" + _trie_pattern(keys) + rf")(?!{_WORD})"

    return Matcher(
        exact=re.compile(alternation(exact)),
        loose=re.compile(alternation(loose), re.IGNORECASE),
        by_exact=exact,
        by_loose=loose,
    )


@cache
def _forms(city: bool, province: str | None) -> tuple[Form, ...]:
    """The writings to look for in a text of this province: 'Báo Nghệ An' is 'Báo tỉnh' there."""
    gz = gazetteer()
    forms = gz.forms + (gz.city_forms if city else [])
    if province:
        forms = forms + [Form(f.text[: -len(" tỉnh")] + " " + province, f.entry, f.exact, f.bare)
                         for f in gz.forms if f.text.endswith(" tỉnh") and f.entry.level in ("province", "department")]
    return tuple(forms)


@cache
def _matcher(city: bool, province: str | None = None) -> Matcher:
    return _compile(list(_forms(city, province)))


_SPACED_SEPARATOR = re.compile(r"\s*([-,&])\s*")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=8192)
def _squash(value: str) -> str:
    return _SPACES.sub(" ", _SPACED_SEPARATOR.sub(r"\1", value)).strip()


@cache
def _lookup_index(city: bool, province: str | None = None) -> tuple[dict[str, Form], dict[str, Form]]:
    m = _matcher(city, province)
    return ({_squash(k): f for k, f in m.by_exact.items()},
            {_squash(k): f for k, f in m.by_loose.items()})


def make_ref(entry: OrganEntry, surface: str, start: int, end: int, city: bool = False) -> OrganRef:
    return OrganRef(
        name=display_name(entry, city), organ_id=entry.id,
        level="group" if entry.level in ("group", "post") else
        ("province" if entry.level == "department" else entry.level),
        surface=surface, span=Span(start, end), category=entry.category,
    )


_DEPT_LIST = re.compile(
    r"(?<!\w)(?:[Cc]ác\s+)?(?:[Ss]ở|SỞ)(?:\s*,\s*(?:ban|ngành))*(?:\s*,\s*ngành)?\s*(?:chức năng\s*)?:\s*",
)
_DEPT_LIST_SCAN = Scanner(_DEPT_LIST)
_QUOTED = re.compile(r"[“\"]([^”\"\n]{3,400})[”\"]")


def quoted_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _QUOTED.finditer(text)]


@cache
def _department_patterns() -> tuple[tuple[re.Pattern, OrganEntry], ...]:
    items = sorted(gazetteer().departments, key=lambda it: len(it[0]), reverse=True)
    return tuple((re.compile(_form_pattern(writing) + rf"(?!{_WORD})",
                             re.IGNORECASE if writing.lower() != writing.upper() else 0), entry)
                 for writing, entry in items)


_LIST_SEPARATOR = re.compile(r"[\s,]*(?:và\s+)?")


@cache
def _department_firsts() -> tuple[str | None, ...]:
    """The folded first character each department pattern must start with (None: any)."""
    out: list[str | None] = []
    for pattern, _ in _department_patterns():
        words = start_words(pattern.pattern, pattern.flags)
        firsts = {w[0][0] for w in words} if words else set()
        # a literal's regex is its escaped character: keep it when it is one character
        out.append(next(iter(firsts)) if len(firsts) == 1 and len(next(iter(firsts))) == 1 else None)
    return tuple(out)


@lru_cache(maxsize=1024)
def _department_patterns_at(first: str) -> tuple[tuple[re.Pattern, OrganEntry], ...]:
    """The department patterns that can match where the (folded) character ``first`` is, in order."""
    return tuple(item for item, f in zip(_department_patterns(), _department_firsts(), strict=True)
                 if f is None or f == first)


def _department_list(text: str, start: int, city: bool) -> list[OrganRef]:
    """Expand 'Lao động, Thương binh và Xã hội, Nội vụ, ...' after a 'các sở, ngành:' cue."""
    out: list[OrganRef] = []
    pos = start
    while pos < len(text):
        pos = _LIST_SEPARATOR.match(text, pos).end()
        for pattern, entry in _department_patterns_at(fold_char(text[pos:pos + 1])):
            m = pattern.match(text, pos)
            if m:
                out.append(make_ref(entry, m.group(0), pos, m.end(), city))
                pos = m.end()
                break
        else:
            break
    return out


def find_organs(text: str, city: bool = False, province: str | None = None) -> list[OrganRef]:
    """Every organ mention in ``text`` (analysis form), in order, overlaps resolved longest-first."""
    matcher = _matcher(city, province)
    exact_index, loose_index = _lookup_index(city, province)
    candidates: list[tuple[int, int, Form]] = []
    for m in matcher.loose_scan.finditer(text):
        f = loose_index.get(_squash(m.group(0)).lower())
        if f:
            candidates.append((m.start(), m.end(), f))
    for m in matcher.exact_scan.finditer(text):
        f = exact_index.get(_squash(m.group(0)))
        if f:
            candidates.append((m.start(), m.end(), f))
    quoted = Spans(quoted_spans(text))
    occupied = Spans()
    chosen: dict[tuple[int, int], OrganRef] = {}
    for start, end, form in sorted(candidates, key=lambda c: (-(c[1] - c[0]), c[0])):
        if start in quoted or occupied.overlapping(start, end) or _rejected(text, start, end, form):
            continue
        entry = form.entry
        if entry.category in _STANDING and _POST_BEFORE.search(text[max(0, start - 30):start]) and entry.parent:
            # "Phó Bí thư Thường trực Tỉnh ủy": a post of the Tỉnh ủy, not its Thường trực
            standing = _STANDING_PREFIX.match(text, start, end)
            if standing and standing.end() < end:
                entry = gazetteer().entry(entry.parent) or entry
                start = standing.end()
        occupied.add(start, end)
        chosen[(start, end)] = make_ref(entry, text[start:end], start, end, city)
    for start, end, pattern in _pattern_matches(text):
        if start in quoted:
            continue
        overlapping = occupied.overlapping(start, end)
        if all(s >= start and e <= end for s, e in overlapping):
            for span in overlapping:   # the pattern's longer name wins over the bare writings inside it
                occupied.remove(*span)
                del chosen[span]
            surface = text[start:end]
            name = normalize(surface)
            occupied.add(start, end)
            chosen[(start, end)] = OrganRef(name=name, organ_id=f"{pattern['prefix']}-{slug(name)}",
                                            level=pattern["level"], surface=surface, span=Span(start, end),
                                            category=pattern["category"])
    for m in _DEPT_LIST_SCAN.finditer(text):
        for ref in _department_list(text, m.end(), city):
            if not occupied.overlapping(ref.span.start, ref.span.end):
                occupied.add(ref.span.start, ref.span.end)
                chosen[(ref.span.start, ref.span.end)] = ref
    return sorted(chosen.values(), key=lambda r: r.span.start)


_STANDING = ("standing-board",)
_STANDING_PREFIX = re.compile(r"(?:Thường trực|TT\.?)\s*", re.IGNORECASE)
_POST_BEFORE = re.compile(r"(?:Phó Bí thư|Phó Chủ tịch|Phó Trưởng [Bb]an|Phó Chủ nhiệm)\s*$", re.IGNORECASE)
# A bare writing ("Ban Thường vụ", "Ủy ban Kiểm tra") followed by a lower-level committee belongs to it.
_LOWER_LEVEL_AFTER = re.compile(r"^\s+(?:Huyện ủy|Thị ủy|Thành ủy|Quận ủy|Đảng ủy|Chi bộ|huyện|thị xã|quận|xã|phường|"
                                r"thị trấn|thành phố|Huyện|Quận|Xã|Phường)\b")


@cache
def _patterns() -> list[tuple[re.Pattern, dict]]:
    from loaders.extract.gazetteer import GAZETTEER_DIR

    with open(GAZETTEER_DIR / "organs.yaml", encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    def compiled(regex: str) -> re.Pattern:
        regex = regex.replace("{U}", UPPER).replace("{L}", LOWER)
        return re.compile(rf"(?<![\wÀ-ỹ])(?:{regex})(?![\wÀ-ỹ])")

    return [(compiled(p["regex"]), p) for p in data.get("patterns", [])]


@cache
def _pattern_scanners() -> list[tuple[Scanner, dict]]:
    return [(Scanner(rx), p) for rx, p in _patterns()]


def _pattern_matches(text: str) -> list[tuple[int, int, dict]]:
    return [(m.start(), m.end(), p) for rx, p in _pattern_scanners() for m in rx.finditer(text)]


def _rejected(text: str, start: int, end: int, form: Form) -> bool:
    """Writings that look like an organ but are not one in this place."""
    if form.bare and _LOWER_LEVEL_AFTER.match(text[end:end + 20]):
        return True
    if form.bare and form.entry.category in _STANDING and (
            _POST_BEFORE.search(text[max(0, start - 30):start])
            or re.search(r"cơ quan\s*$", text[max(0, start - 10):start], re.IGNORECASE)
            or re.match(r"\s+(?:Ban|của)\b", text[end:end + 8])):
        return True   # "Phó Trưởng ban Thường trực", "cơ quan thường trực Ban Chỉ đạo": not the Thường trực Tỉnh ủy
    if form.entry.id == "quoc-hoi" and text[max(0, start - 12):start].lower().rstrip().endswith("đại biểu"):
        return True   # "đại biểu Quốc hội": deputies, not the assembly
    if form.entry.level == "group" and form.entry.id in ("cap-uy",) \
            and text[max(0, start - 12):start].lower().rstrip().endswith("người đứng đầu"):
        return True
    return False


def unique_organs(refs: list[OrganRef]) -> list[OrganRef]:
    """Each organ once, in order of first mention."""
    seen: dict[str, OrganRef] = {}
    for r in refs:
        seen.setdefault(r.organ_id, r)
    return list(seen.values())
