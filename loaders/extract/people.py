"""People named in a text, with their posts.

Two writings (data/gazetteer/people.yaml gives the surnames, honorifics and post titles):
* honorific + name + " - post - post": "Bà Lê Thị Thủy - Ủy viên Trung ương Đảng - Bí thư Tỉnh ủy";
* post + name: "Bí thư Tỉnh ủy Lê Thị Thủy", "Chủ tịch UBND tỉnh Trương Quốc Huy".
"""

from __future__ import annotations

import re
from functools import cache

import yaml

from loaders.extract.gazetteer import GAZETTEER_DIR
from loaders.extract.model import OrganRef, Person, Span
from loaders.extract.scan import Scanner
from loaders.extract.spans import Mentions
from loaders.text import LOWER, UPPER, normalize

_SYL = rf"[{UPPER}][{LOWER}]*"


@cache
def _data() -> dict:
    with open(GAZETTEER_DIR / "people.yaml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@cache
def _post_titles() -> tuple[str, ...]:
    """The first words of posts, longest first ("Phó Bí thư Thường trực" before "Phó Bí thư")."""
    return tuple(sorted(_data()["post_titles"], key=len, reverse=True))


def leading_post_title(text: str) -> str | None:
    """The post title ``text`` starts with, as people.yaml writes it ('PHÓ CHỦ TỊCH …' → 'Phó Chủ tịch')."""
    m = _patterns()[1].match(text)
    if m is None:
        return None
    return next(t for t in _post_titles() if t.lower() == m.group("title").lower())


def _alternation(words: list[str]) -> str:
    """Words as a regex alternation, longest first; one that never matches when there are none."""
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True)) or "(?!)"


# after an honorific any capitalised run is a name: "ông Y Thanh Hà Niê Kđăm", "đồng chí Ksor Phước Hà"
_ANY_NAME = rf"(?P<name>{_SYL}(?:\s+{_SYL}){{1,4}})(?![\wÀ-ỹ])"


@cache
def _patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    d = _data()
    name = rf"(?P<name>(?:{_alternation(d['surnames'])})(?:\s+{_SYL}){{1,3}})(?![\wÀ-ỹ])"
    hon, ranks = _alternation(d["honorifics"]), _alternation(d.get("ranks") or [])
    honorific = re.compile(rf"(?<![\wÀ-ỹ])(?:(?:{hon})\s+(?:(?:{ranks})\s+)?|(?:{ranks})\s+){_ANY_NAME}")
    post_title = re.compile(rf"(?<![\wÀ-ỹ])(?P<title>{_alternation(d['post_titles'])})(?![\wÀ-ỹ])", re.IGNORECASE)
    bare_name = re.compile(rf"\s+{name}")
    return honorific, post_title, bare_name


@cache
def _scanners() -> tuple[Scanner, Scanner]:
    honorific, post_title, _ = _patterns()
    return Scanner(honorific), Scanner(post_title)


_POST_SEPARATOR = re.compile(r"\s*[-,]\s*")
_PLACE_AFTER = re.compile(rf"\s+(?:tỉnh|thành phố|huyện|thị xã|quận)\s+[{UPPER}][{LOWER}]*(?:\s+[{UPPER}][{LOWER}]*){{0,2}}")
_POST_END = re.compile(r"\s+-\s+|\s+(?:và|chủ trì|phát biểu|mong muốn|cho biết|nhấn mạnh|dự(?!\s+khuyết)|tham dự|đến dự|tới dự)\b|[,.;:()\n]")


def _posts_after(text: str, pos: int, organs: Mentions) -> tuple[list[str], int]:
    """' - Ủy viên Trung ương Đảng - Bí thư Tỉnh ủy - Chủ tịch HĐND tỉnh' → the posts."""
    _, post_title, _ = _patterns()
    posts: list[str] = []
    while True:
        m = _POST_SEPARATOR.match(text, pos)
        if not m:
            break
        t = post_title.match(text, m.end())
        if not t:
            break
        stop = len(text)
        for end in _POST_END.finditer(text, t.end()):
            if not organs.containing(end.start(), strict=True):
                stop = end.start()
                break
        organ = organs.containing(t.end() - 1) or organs.starting_in(t.end() - 1, t.end() + 25)
        if organ is not None and organ.span.end < stop:
            # the post is its title and the organ after it ("Chủ tịch HĐND tỉnh tại Hội nghị ..."),
            # with the place when one follows ("Giám đốc Sở Nội vụ tỉnh Quảng Trị")
            place = _PLACE_AFTER.match(text, organ.span.end)
            stop = min(stop, place.end() if place else organ.span.end)
        posts.append(normalize(text[t.start():stop]))
        pos = stop
    return posts, pos


# "Các đồng chí: Nguyễn Văn A, Phó Bí thư Tỉnh ủy; Nguyễn Văn B, Phó Chủ tịch HĐND tỉnh": a list of
# people, each with their posts, after a plural honorific and a colon.
# (also "các đồng chí trong Ban Thường vụ Tỉnh ủy:", "các đồng chí lãnh đạo tỉnh:")
_LIST_CUE = re.compile(r"(?<![\wÀ-ỹ])(?:[Cc]ác|[Gg]ồm(?: có)?(?: các)?)\s+(?:đồng chí|ông, bà|ông bà|vị)[^.;:\n]{0,60}:\s*")
_LIST_CUE_SCAN = Scanner(_LIST_CUE)
_LIST_NEXT = re.compile(r"\s*(?:;|,|và)\s*(?:\n\s*)?(?:[-+•]\s*)?(?:(?:đồng chí|[Đđ]/[Cc]|ông|bà|Ông|Bà)\s+)?")


@cache
def _rank() -> re.Pattern:
    return re.compile(rf"(?:{_alternation(_data().get('ranks') or [])})\s+")


def _listed_people(text: str, start: int, end: int, organs: Mentions):
    """(name, posts, start, end) of each person in the lists after 'Các đồng chí:'."""
    name = _any_name()
    for cue in _LIST_CUE_SCAN.finditer(text, start, end):
        pos = cue.end()
        while pos < end:
            rank = _rank().match(text, pos, end)
            n = name.match(text, rank.end() if rank else pos, end)
            if not n:
                break
            posts, after = _posts_after(text, n.end(), organs)
            yield n.group("name"), posts, n.start(), after
            if not posts:
                break   # a bare list of names would swallow what follows: stop at the first without a post
            nxt = _LIST_NEXT.match(text, after, end)
            if not nxt or nxt.end() == after:
                break
            pos = nxt.end()


@cache
def _any_name() -> re.Pattern:
    return re.compile(_ANY_NAME)


def find_people(text: str, start: int, end: int, organs: list[OrganRef]) -> list[Person]:
    honorific, post_title, bare_name = _patterns()
    stop = set(_data()["not_people"])
    found: dict[str, Person] = {}

    def add(name: str, posts: list[str], s: int, e: int) -> None:
        name = normalize(name)
        if post_title.match(name):
            return   # "đồng chí Phó Bí thư": a post, not a name
        if name in stop or any(name.startswith(x) for x in stop):
            return
        p = found.setdefault(name, Person(name=name, span=Span(s, e)))
        for post in posts:
            if post not in p.posts:
                p.posts.append(post)

    index = Mentions(organs)
    honorific_scan, post_title_scan = _scanners()
    for m in honorific_scan.finditer(text, start, end):
        if post_title.match(text, m.start("name")):
            continue   # "đồng chí Phó Bí thư": a post, not a name
        posts, pos = _posts_after(text, m.end(), index)
        add(m.group("name"), posts, m.start(), pos)
    for name, posts, s, e in _listed_people(text, start, end, index):
        add(name, posts, s, e)
    pending: list[str] = []      # "Bí thư Tỉnh ủy, Chủ tịch HĐND tỉnh Nguyễn Văn A": posts before the last
    pending_end = -1
    for t in post_title_scan.finditer(text, start, end):
        # the post runs over the organ mention that follows the title, then the name comes
        pos = t.end()
        organ = index.containing(t.start()) or index.starting_in(pos, pos + 2)
        if organ:
            pos = organ.span.end
        post = normalize(text[t.start():pos])
        before = pending if t.start() == pending_end else []
        n = bare_name.match(text, pos)
        if n and n.end() <= end:
            add(n.group("name"), [*before, post], t.start(), n.end())
            pending, pending_end = [], -1
            continue
        listed = _NAME_LIST_CUE.match(text, pos)
        # "các Phó Chủ tịch HĐND tỉnh: Nguyễn Văn B, Trần Văn C"; "Chủ tịch UBND các huyện: ..." lists places
        if listed and not (organ and organ.level == "group"):
            at = listed.end()
            while (n := bare_name.match(text, at, end)) is not None:   # names with a known surname
                add(n.group("name"), [post], n.start(), n.end())
                more = _NAME_LIST_NEXT.match(text, n.end(), end)
                if not more:
                    break
                at = more.end()
            pending, pending_end = [], -1
            continue
        comma = _POST_COMMA.match(text, pos)
        pending, pending_end = ([*before, post], comma.end()) if comma else ([], -1)
    return list(found.values())


_NAME_LIST_CUE = re.compile(r"\s*:")
_NAME_LIST_NEXT = re.compile(r"\s*,|\s+và(?=\s)")
_POST_COMMA = re.compile(r"\s*,\s*")
