"""The documents of one province before any of them is written: who holds which post,
which documents exist, when, in which thread (a central document → provincial resolution →
plan → notice → report), and their numbers.

Numbers follow REFERENCE.md: party numbers restart per kind at every term of the provincial
committee (so 01-NQ/TU exists twice), state numbers per kind every year.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from dkg.synth.data import CentralDocument, Data, Province
from dkg.synth.writer import ROMAN, DocRef, pick

PARTY_CODES = {"NQ", "CT", "KH", "TB", "BC", "BB"}


@dataclass
class Person:
    name: str
    female: bool
    posts: list[str] = field(default_factory=list)


@dataclass
class Term:
    index: int                 # 1 for the term that began in 2015, 2 for 2020
    start: date                # the provincial party congress
    ordinal: int               # "Đại hội Đảng bộ tỉnh lần thứ XIX"
    holders: dict[str, list[Person]] = field(default_factory=dict)   # post id → people

    @property
    def roman(self) -> str:
        return ROMAN[self.ordinal]

    def holder(self, post: str, rng: random.Random | None = None) -> Person:
        people = self.holders[post]
        return people[0] if rng is None else pick(rng, people)


@dataclass
class PlannedDoc:
    """A document to generate; ``refs`` are the citations its thread requires."""

    thread: str
    layout: str                  # party_resolution, party_directive, party_plan, party_notice, party_report,
                                 # state_plan, state_directive, state_notice, state_report, council, news
    code: str | None             # NQ, CT, KH, TB, BC ; None for news
    issuer: str                  # organ id
    day: date
    topic: str
    refs: list[tuple[object, str]] = field(default_factory=list)     # (PlannedDoc | CentralDocument, relation)
    meeting: dict | None = None  # {"day": date, "kind": str} shared by a notice and a news article
    normative: bool = False      # a legal-normative Nghị quyết HĐND: "12/2021/NQ-HĐND"
    seq: int = 0                 # creation order, breaks ties between equal dates
    number: str = ""
    symbol: str | None = None
    source: str = ""
    ref: DocRef | None = None

    @property
    def party(self) -> bool:
        return self.layout.startswith("party")


class ProvinceContext:
    """One province: its terms, people and organ set, and a random stream of its own."""

    def __init__(self, data: Data, province: Province, seed: int):
        self.data = data
        self.province = province
        self.rng = random.Random(f"{seed}:{province.name}")
        rng = self.rng
        years = data.templates["years"]
        self.first_day = date(years[0], 1, 1)
        self.last_day = date(years[1], 12, 31)
        ordinal = rng.randint(11, 21)
        self.terms = [
            Term(1, date(2015, rng.randint(8, 10), rng.randint(1, 28)), ordinal - 1),
            Term(2, date(2020, rng.randint(8, 10), rng.randint(1, 28)), ordinal),
        ]
        self.bloc_split = rng.random() < 0.5          # two bloc party committees, or one joined
        self.has_economy_board = rng.random() < 0.5
        used: set[str] = set()
        for term in self.terms:
            self._staff(term, used)

    # ----------------------------------------------------------------- people
    def _name(self, used: set[str]) -> Person:
        names = self.data.templates["names"]
        rng = self.rng
        while True:
            female = rng.random() < 0.3
            surname = pick(rng, names["surnames"])
            if rng.random() < 0.08:
                surname += " " + pick(rng, names["surnames"])
            middle = pick(rng, names["female_middle" if female else "male_middle"])
            given = pick(rng, names["female_given" if female else "male_given"])
            name = f"{surname} {middle} {given}"
            if name not in used and len(set(name.split())) == len(name.split()):
                used.add(name)
                return Person(name, female)

    def _staff(self, term: Term, used: set[str]) -> None:
        rng = self.rng
        h = term.holders

        def new(*posts: str) -> Person:
            person = self._name(used)
            person.posts = list(posts)
            for post in posts:
                h.setdefault(post, []).append(person)
            return person

        secretary = ["bi-thu"] + (["uv-tw"] if rng.random() < 0.4 else [])
        if rng.random() < 0.5:
            new(*secretary, "ct-hdnd")
        else:
            new(*secretary)
            new("pho-bi-thu", "ct-hdnd")
        new("pho-bi-thu-tt")
        new("pho-bi-thu", "ct-ubnd")
        new("uv-btv", "pct-ubnd")
        new("pct-ubnd")
        new("pct-ubnd")
        new("pct-hdnd")
        new("uv-btv", "cvp-tu")
        new("pcvp-tu")
        new("pcvp-tu")
        new("cvp-ubnd")
        new("pcvp-ubnd")
        new("pcvp-ubnd")
        new("uv-btv", "tb-dan-van")
        new("uv-btv", "tb-to-chuc")
        new("uv-btv", "tb-tuyen-giao")
        new("uv-btv", "ct-mttq")
        new("bt-tinh-doan")

    def term_at(self, day: date) -> Term:
        return self.terms[1] if day >= self.terms[1].start else self.terms[0]

    # ----------------------------------------------------------------- organs
    def available(self, organ_id: str, day: date) -> bool:
        organ = self.data.organ(organ_id)
        if not organ.valid_at(day):
            return False
        if organ_id in ("dang-uy-khoi-co-quan", "dang-uy-khoi-doanh-nghiep"):
            return self.bloc_split
        if organ_id == "dang-uy-khoi-co-quan-doanh-nghiep":
            return not self.bloc_split
        if organ_id == "ban-kinh-te-tinh-uy":
            return self.has_economy_board
        return True

    def pool(self, name: str, day: date) -> list[str]:
        """Organ ids of a role pool of templates.yaml that exist in this province at ``day``."""
        ids = self.data.templates["roles"][name]
        if ids == "departments":
            ids = self.data.departments
        return [i for i in ids if self.available(i, day)]

    # ------------------------------------------------------------------ topics
    def topic(self, day: date) -> str:
        text = pick(self.rng, self.data.templates["topics"])
        start = day.year - (day.year - 2016) % 5
        return "về " + text.replace("{y5}", f"{start} - {start + 4}").replace("{y}", str(day.year))


# ---------------------------------------------------------------------- threads
def _after(day: date, rng: random.Random, low: int, high: int) -> date:
    return day + timedelta(days=rng.randint(low, high))


def _central(ctx: ProvinceContext, before: date, kinds: set[str] | None = None) -> CentralDocument | None:
    pool = [c for c in ctx.data.central if c.date < before and (kinds is None or c.kind in kinds)]
    if not pool:
        return None
    return ctx.rng.choices(pool, weights=[c.weight for c in pool])[0]


def _start(ctx: ProvinceContext, span_days: int) -> date:
    last = ctx.last_day - timedelta(days=span_days)
    if last <= ctx.first_day:
        last = ctx.first_day + timedelta(days=1)
    return ctx.first_day + timedelta(days=ctx.rng.randrange((last - ctx.first_day).days))


def _doc(ctx: ProvinceContext, thread: str, layout: str, code: str | None, issuer: str, day: date,
         topic: str | None = None, **kw) -> PlannedDoc:
    return PlannedDoc(thread=thread, layout=layout, code=code, issuer=issuer, day=day,
                      topic=topic or ctx.topic(day), **kw)


def thread_chain(ctx: ProvinceContext) -> list[PlannedDoc]:
    rng = ctx.rng
    start = _start(ctx, 500)
    central = _central(ctx, start, {"Nghị quyết", "Kết luận", "Chỉ thị", "Quy định"})
    if central is None:
        return thread_briefing(ctx)
    day = max(start, _after(central.date, rng, 20, 150))
    topic = central.title if central.title.startswith("về ") else None
    if rng.random() < 0.65:
        issuer = "tinh-uy" if rng.random() < 0.5 else "ban-thuong-vu-tinh-uy"
        first = _doc(ctx, "chain", "party_resolution", "NQ", issuer, day, topic, refs=[(central, "implements")])
    else:
        first = _doc(ctx, "chain", "party_plan", "KH", "ban-thuong-vu-tinh-uy", day, topic,
                     refs=[(central, "implements")])
    docs = [first]
    plan = _doc(ctx, "chain", "state_plan", "KH", "ubnd-tinh", _after(first.day, rng, 15, 90), topic,
                refs=[(first, "implements")] + ([(central, "based_on")] if rng.random() < 0.4 else []))
    docs.append(plan)
    notice = _doc(ctx, "chain", "party_notice", "TB", "ban-thuong-vu-tinh-uy", _after(plan.day, rng, 60, 300),
                  refs=[(first, "implements"), (plan, "cites")])
    docs.append(notice)
    docs.append(_doc(ctx, "chain", "party_report", "BC", "ban-thuong-vu-tinh-uy", _after(first.day, rng, 300, 900),
                     refs=[(first, "cites")]))
    if rng.random() < 0.3:
        docs.append(_doc(ctx, "chain", "state_report", "BC", "ubnd-tinh", _after(plan.day, rng, 180, 400),
                         refs=[(plan, "cites")]))
    return [d for d in docs if d.day <= ctx.last_day]


def thread_directive(ctx: ProvinceContext) -> list[PlannedDoc]:
    rng = ctx.rng
    start = _start(ctx, 200)
    central = _central(ctx, start, {"Kết luận", "Chỉ thị", "Quy định", "Nghị quyết"})
    if central is None:
        return thread_briefing(ctx)
    day = max(start, _after(central.date, rng, 20, 120))
    directive = _doc(ctx, "directive", "party_directive", "CT", "ban-thuong-vu-tinh-uy", day,
                     refs=[(central, "based_on")])
    docs = [directive]
    docs.append(_doc(ctx, "directive", "state_plan", "KH", "ubnd-tinh", _after(day, rng, 10, 60), directive.topic,
                     refs=[(directive, "implements")]))
    if rng.random() < 0.5:
        docs.append(_doc(ctx, "directive", "state_directive", "CT", "ubnd-tinh", _after(day, rng, 10, 90),
                         directive.topic, refs=[(directive, "implements")]))
    return [d for d in docs if d.day <= ctx.last_day]


def thread_council(ctx: ProvinceContext) -> list[PlannedDoc]:
    rng = ctx.rng
    day = _start(ctx, 800)
    decree = _central(ctx, day, {"Nghị định", "Nghị quyết", "Quyết định"})
    refs = [(decree, "based_on")] if decree is not None and decree.issuer in ("chinh-phu", "thu-tuong") else []
    council = _doc(ctx, "council", "council", "NQ", "hdnd-tinh", day, refs=refs, normative=rng.random() < 0.6)
    docs = [council]
    docs.append(_doc(ctx, "council", "state_plan", "KH", "ubnd-tinh", _after(day, rng, 15, 60), council.topic,
                     refs=[(council, "implements")]))
    if rng.random() < 0.5:
        docs.append(_doc(ctx, "council", "council", "NQ", "hdnd-tinh", _after(day, rng, 200, 700), council.topic,
                         refs=[(council, "amends")], normative=council.normative))
    return [d for d in docs if d.day <= ctx.last_day]


def thread_briefing(ctx: ProvinceContext) -> list[PlannedDoc]:
    day = _start(ctx, 10)
    issuer = "thuong-truc-tinh-uy" if ctx.rng.random() < 0.5 else "ban-thuong-vu-tinh-uy"
    return [_doc(ctx, "briefing", "party_notice", "TB", issuer, day)]


def thread_suspension(ctx: ProvinceContext) -> list[PlannedDoc]:
    doc = thread_briefing(ctx)[0]
    doc.thread = "suspension"
    return [doc]


def thread_state_notice(ctx: ProvinceContext) -> list[PlannedDoc]:
    return [_doc(ctx, "state_notice", "state_notice", "TB", "ubnd-tinh", _start(ctx, 10))]


def thread_report(ctx: ProvinceContext) -> list[PlannedDoc]:
    return [_doc(ctx, "report", "state_report", "BC", "ubnd-tinh", _start(ctx, 10))]


def thread_news(ctx: ProvinceContext) -> list[PlannedDoc]:
    rng = ctx.rng
    day = _start(ctx, 20)
    meeting = {"day": day, "kind": pick(rng, ["giao_ban", "doi_thoai", "lam_viec"])}
    news = _doc(ctx, "news", "news", None, "tinh-uy", day, meeting=meeting)
    notice = _doc(ctx, "news", "party_notice", "TB", "thuong-truc-tinh-uy", _after(day, rng, 2, 12), news.topic,
                  meeting=meeting)
    return [news, notice] if notice.day <= ctx.last_day else [news]


def thread_replacement(ctx: ProvinceContext) -> list[PlannedDoc]:
    rng = ctx.rng
    day = _start(ctx, 500)
    first = _doc(ctx, "replacement", "state_plan", "KH", "ubnd-tinh", day)
    second = _doc(ctx, "replacement", "state_plan", "KH", "ubnd-tinh", _after(day, rng, 200, 500), first.topic,
                  refs=[(first, "replaces")])
    return [first, second] if second.day <= ctx.last_day else [first]


THREADS = {
    "chain": thread_chain, "directive": thread_directive, "council": thread_council,
    "briefing": thread_briefing, "suspension": thread_suspension, "state_notice": thread_state_notice,
    "report": thread_report, "news": thread_news, "replacement": thread_replacement,
}


def plan_province(ctx: ProvinceContext, count: int) -> list[PlannedDoc]:
    """``count`` documents of the province in date order, numbered, each citing only earlier ones."""
    rng = ctx.rng
    spec = ctx.data.templates["threads"]
    names = [n for n in spec if n in THREADS]
    weights = [spec[n] for n in names]
    docs: list[PlannedDoc] = []
    while len(docs) < count:
        docs.extend(THREADS[rng.choices(names, weights=weights)[0]](ctx))
    docs = docs[:count]
    for i, doc in enumerate(docs):
        doc.seq = i
    docs.sort(key=lambda d: (d.day, d.seq))
    _number(ctx, docs)
    return docs


def _number(ctx: ProvinceContext, docs: list[PlannedDoc]) -> None:
    rng = ctx.rng
    counters: dict[tuple, int] = {}
    prov = ctx.province
    width = max(6, len(str(len(docs))))
    for index, doc in enumerate(docs):
        doc.source = f"{prov.slug}_{index:0{width}d}.txt"
        if doc.code is None:
            continue
        if doc.party:
            key = ("TU", doc.code, ctx.term_at(doc.day).index)
        else:
            key = (doc.issuer, doc.code, doc.day.year)
        cited = {target.symbol for target, _ in doc.refs}
        counters[key] = counters.get(key, 0) + rng.randint(1, 3)
        doc.symbol = _symbol(doc, counters[key])
        while doc.symbol in cited:   # never the number of a document it cites (an earlier term, year)
            counters[key] += 1
            doc.symbol = _symbol(doc, counters[key])
        doc.number = doc.symbol.split("/")[0].split("-")[0]
        kind = ctx.data.kinds[doc.code]
        words = ("Thông báo kết luận", "Thông báo") if doc.code == "TB" else (kind,)
        doc.ref = DocRef(symbol=doc.symbol, kind=kind, date=doc.day, issuer=doc.issuer, title=doc.topic,
                         scope=prov.slug, party=doc.party, number=doc.number, source=doc.source, kind_words=words)


def _symbol(doc: PlannedDoc, number: int) -> str:
    n = f"{number:02d}"
    if doc.party:
        return f"{n}-{doc.code}/TU"
    if doc.layout == "council":
        return f"{n}/{doc.day.year}/NQ-HĐND" if doc.normative else f"{n}/NQ-HĐND"
    return f"{n}/{doc.code}-UBND"


def central_ref(data: Data, doc: CentralDocument) -> DocRef:
    return DocRef(symbol=doc.symbol, kind=doc.kind, date=doc.date, issuer=doc.issuer, title=doc.title,
                  scope="vn", party="/TW" in doc.symbol, number=doc.symbol.split("/")[0].split("-")[0],
                  term=doc.term)
