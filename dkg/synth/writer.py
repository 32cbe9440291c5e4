"""A document being written, and the ground truth of what is written.

Every organ, person, citation, meeting and task reaches the text through a method of
:class:`DocWriter`, which records it in the truth at the same moment it returns the words:
the text is generated from the truth, so the two cannot disagree. Free phrases (topics,
actions, filler) come from templates.yaml and name no organ, date or document.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from typing import TYPE_CHECKING

from dkg.synth.data import Data, Organ, Province, localise
from loaders.text import slug

if TYPE_CHECKING:
    from dkg.synth.plan import Person

ROMAN = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV",
         "XVI", "XVII", "XVIII", "XIX", "XX", "XXI", "XXII", "XXIII", "XXIV", "XXV"]


@dataclass
class DocRef:
    """A document that can be cited: central (from the pool) or provincial (generated)."""

    symbol: str
    kind: str                          # Nghị quyết, Thông báo ...
    date: date
    issuer: str                        # organ id
    title: str                         # "về ..."
    scope: str                         # "vn" or the province slug
    party: bool
    number: str = ""
    term: str | None = None            # "XII" for a central committee's term
    source: str | None = None          # file name when the document is generated too
    kind_words: tuple[str, ...] = ()   # how the kind is written before "số"

    @cached_property
    def key(self) -> str:
        return f"doc/{self.scope}/{slug(self.symbol)}/{self.date.year}"


@dataclass
class Deadline:
    text: str
    truth: dict


def pick(rng: random.Random, seq):
    return seq[rng.randrange(len(seq))]


def write_date(day: date, rng: random.Random) -> str:
    """'15/7/2021', '05/3/2020', sometimes '05/03/2020'."""
    d = f"{day.day:02d}" if day.day < 10 and rng.random() < 0.6 else str(day.day)
    m = f"{day.month:02d}" if day.month < 10 and rng.random() < 0.15 else str(day.month)
    return f"{d}/{m}/{day.year}"


def write_date_words(day: date, rng: random.Random) -> str:
    d = f"{day.day:02d}" if day.day < 10 and rng.random() < 0.5 else str(day.day)
    return f"ngày {d} tháng {day.month} năm {day.year}"


def join(items: list[str], rng: random.Random) -> str:
    if len(items) <= 1:
        return "".join(items)
    if rng.random() < 0.5:
        return ", ".join(items[:-1]) + " và " + items[-1]
    return ", ".join(items)


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


class DocWriter:
    """One document: its lines, and the truth of what the lines say."""

    def __init__(self, data: Data, province: Province, day: date, rng: random.Random, noise: dict):
        self.data = data
        self.province = province
        self.day = day
        self.rng = rng
        self.noise = noise
        self.lines: list[str] = []
        self._organs: dict[str, list[str]] = {}
        self._citations: dict[str, dict] = {}
        self._cite_forms: dict[str, tuple] = {}
        self._people: dict[str, dict] = {}
        self.meetings: list[dict] = []
        self.tasks: list[dict] = []

    # ----------------------------------------------------------------- lines
    def add(self, *lines: str) -> None:
        self.lines.extend(lines)

    def text(self) -> str:
        return "\n".join(self.lines).rstrip() + "\n"

    # ---------------------------------------------------------------- organs
    def _group_of(self, organ: Organ) -> list[str]:
        local = localise(organ.name, self.province)
        out = [organ.name] if local == organ.name else [organ.name, local]
        if organ.level == "group":
            out += [localise(a, self.province) for a in organ.aliases]
        return out

    def note_organ(self, organ_id: str, writing: str | None = None) -> None:
        """Record that the text names ``organ_id`` (groups only through :meth:`role`)."""
        organ = self.data.organ(organ_id)
        if organ.audience:
            return
        names = self._organs.get(organ_id)
        if names is None:
            names = self._organs[organ_id] = self._group_of(organ)
        if writing and writing not in names:
            names.append(writing)

    def mentions(self, organ_id: str) -> bool:
        return organ_id in self._organs

    def write_organ(self, organ_id: str, style: str = "name") -> str:
        """The words for an organ (without recording it)."""
        organ = self.data.organ(organ_id)
        name = localise(organ.name, self.province)
        if style == "abbr":
            for long in self.data.templates["abbreviate"]:
                local_long = localise(long, self.province)
                if local_long in name:
                    name = name.replace(local_long, self.data.abbreviations[long][0], 1)
            return name
        if style == "alias":
            options = [localise(a, self.province) for a in organ.aliases if "{province}" not in a]
            options = [o for o in dict.fromkeys(options) if o != name]
            if organ.level == "group" or not options:
                return name
            return pick(self.rng, options)
        if style == "province":
            options = [localise(a, self.province).replace("{province}", self.province.name)
                       for a in organ.aliases if "{province}" in a]
            return pick(self.rng, options) if options else name
        if style == "upper":
            return name.upper()
        if style == "code" and organ.codes:
            return organ.codes[0]
        if style == "short" and organ.short:
            return organ.short[0]
        return name

    def organ(self, organ_id: str, style: str = "name") -> str:
        """The words for an organ, recorded in the truth."""
        words = self.write_organ(organ_id, style)
        if style in ("code", "short"):
            self.note_organ(organ_id, "Sở " + words)
        elif style == "upper":     # a header line: the organ is named, its writing is no alias
            self.note_organ(organ_id)
        else:
            self.note_organ(organ_id, words)
        return words

    def group_words(self, group_id: str) -> str:
        """A group's words ('các sở, ngành'): not an organ of the document unless it takes a role."""
        organ = self.data.organ(group_id)
        options = [localise(a, self.province) for a in organ.aliases] or [organ.name]
        return pick(self.rng, options[:2])

    def organs_truth(self) -> list[list[str]]:
        return [list(names) for names in self._organs.values()]

    def alias_group(self, organ_id: str, writing: str | None = None) -> list[str]:
        names = self._group_of(self.data.organ(organ_id))
        if writing and writing not in names:
            names.append(writing)
        return names

    # ---------------------------------------------------------------- people
    def post_words(self, post_id: str) -> tuple[str, list[str]]:
        """A post as written and its alias group ('Chủ tịch UBND tỉnh', [...])."""
        spec = self.data.templates["posts"][post_id]
        organ_id = spec["organ"]
        if "written" in spec:
            words = pick(self.rng, spec["written"])
            group = list(spec["written"])
        else:
            role = spec["role"]
            canonical = f"{role} {self.data.organ(organ_id).name}"
            full = f"{role} {self.write_organ(organ_id)}"
            abbr = f"{role} {self.write_organ(organ_id, 'abbr')}"
            words = abbr if self.rng.random() < 0.4 else full
            group = list(dict.fromkeys([canonical, full, abbr]))
            if self.rng.random() < self.noise["lower_tinh_uy"]:
                words = words.replace("Tỉnh ủy", "tỉnh ủy")
        self.note_organ(organ_id, words[len(spec["role"]):].strip())
        for other in spec.get("also", ()):
            self.note_organ(other)
        return words, group

    def person(self, person: Person, posts: list[str], style: str = "comma") -> str:
        """'đồng chí Nguyễn Văn A, Phó Chủ tịch UBND tỉnh' and the like; recorded in people."""
        written = [self.post_words(p) for p in posts]
        entry = self._people.setdefault(person.name, {"name": person.name, "posts": []})
        for _, group in written:
            if group not in entry["posts"]:
                entry["posts"].append(group)
        words = [w for w, _ in written]
        if style == "news":      # "Bà Lê Thị Thủy - Ủy viên Trung ương Đảng - Bí thư Tỉnh ủy"
            title = "Bà" if person.female else "Ông"
            return " - ".join([f"{title} {person.name}"] + words)
        if style == "before":    # "Bí thư Tỉnh ủy Lê Thị Thủy"
            return f"{words[-1]} {person.name}"
        if style == "dash":
            return f"đồng chí {person.name} - " + " - ".join(words)
        return f"đồng chí {person.name}, " + ", ".join(words)

    def people_truth(self) -> list[dict]:
        return list(self._people.values())

    # ------------------------------------------------------------- citations
    def cite(self, ref: DocRef, relation: str, *, allow_number_only: bool = True) -> str:
        """'Nghị quyết số 04-NQ/TU, ngày 15/7/2021 của Ban Chấp hành Đảng bộ tỉnh về ...'."""
        rng, noise = self.rng, self.noise
        key = ref.key
        if key in self._citations:
            if self._citations[key]["relation"] != relation:
                raise ValueError(f"{ref.symbol} cited twice with different relations")
            form = self._cite_forms[key]
        else:
            number_only = (allow_number_only and ref.party and ref.scope != "vn" and ref.number
                           and rng.random() < noise["number_only"])
            with_date = number_only or rng.random() >= noise["no_date"]
            with_title = rng.random() >= noise["no_title"]
            with_issuer = number_only or ref.scope != "vn" or ref.party or rng.random() < 0.9
            date_style = rng.randrange(3)
            issuer_style = rng.random()
            kind_word = pick(rng, ref.kind_words) if ref.kind_words else ref.kind
            spaced = ref.party and not number_only and rng.random() < noise["spaced_symbol"]
            form = (number_only, with_date, with_title, with_issuer, date_style, issuer_style, kind_word, spaced)
            self._cite_forms[key] = form
        number_only, with_date, with_title, with_issuer, date_style, issuer_style, kind_word, spaced = form

        if number_only:
            symbol_words = ref.number
        elif spaced:
            symbol_words = ref.symbol.replace("-", " - ", 1)
        else:
            symbol_words = ref.symbol
        words = f"{kind_word} số {symbol_words}"
        if with_date:
            if date_style == 0:
                words += f", ngày {write_date(ref.date, rng)}"
            elif date_style == 1:
                words += f" ngày {write_date(ref.date, rng)}"
            else:
                words += " " + write_date_words(ref.date, rng)
        issuer_group = None
        if with_issuer:
            issuer_words = self._issuer_words(ref, issuer_style)
            self.note_organ(ref.issuer, issuer_words)
            issuer_group = self.alias_group(ref.issuer, issuer_words)
            words += f" của {issuer_words}"
        if with_title:
            words += f" {ref.title}"
        if key not in self._citations:
            self._citations[key] = {
                "symbol": ref.symbol, "kind": ref.kind,
                "date": ref.date.isoformat() if with_date else None,
                "issuer": issuer_group, "relation": relation,
                "title": ref.title if with_title else None,
                "symbol_inferred": bool(number_only),
                "key": key, "target": ref.source,
            }
        return words

    def _issuer_words(self, ref: DocRef, style: float) -> str:
        if ref.scope == "vn":
            forms = self.data.templates["central_issuer_forms"][ref.issuer]
            forms = [f for f in forms if "{term}" not in f or ref.term]
            return forms[int(style * len(forms))].replace("{term}", ref.term or "")
        if ref.issuer == "tinh-uy":
            return self.write_organ("tinh-uy", "alias") if style < 0.6 else self.write_organ("tinh-uy")
        if ref.issuer in ("ubnd-tinh", "hdnd-tinh") and style < 0.3:
            return self.write_organ(ref.issuer, "abbr")
        return self.write_organ(ref.issuer)

    def named(self, names: list[str], written: str, relation: str, kind: str | None = None,
              day: date | None = None) -> str:
        """An unnumbered reference ('Nghị quyết Đại hội XIII của Đảng')."""
        key = "named:" + names[0]
        if key not in self._citations:
            self._citations[key] = {"symbol": None, "names": list(dict.fromkeys([written] + names)),
                                    "kind": kind, "date": day.isoformat() if day else None, "relation": relation}
        return written

    def cite_minutes(self, symbol: str, scope: str, year: int) -> None:
        """'(Biên bản số 104-BB/TU)' after a meeting: the minutes it records; no date, no issuer written."""
        key = f"doc/{scope}/{slug(symbol)}/{year}"
        self._citations.setdefault(key, {
            "symbol": symbol, "kind": "Biên bản", "date": None, "issuer": None, "relation": "records",
            "title": None, "symbol_inferred": False, "key": key, "target": None})

    def citations_truth(self) -> list[dict]:
        return list(self._citations.values())

    # -------------------------------------------------------------- meetings
    def meeting(self, day: date, kind: str, chairs: list[str]) -> None:
        spec = self.data.templates["meetings"][kind]
        self.meetings.append({"date": day.isoformat(), "kind": list(spec["names"]), "chairs": chairs})

    # ----------------------------------------------------------------- tasks
    def deadline(self, form: str, doc_kind: str) -> Deadline:
        rng, day = self.rng, self.day
        if form == "date":
            target = day + timedelta(days=rng.randint(15, 240))
            words = write_date(target, rng) if rng.random() < 0.75 else write_date_words(target, rng)[5:]
            prefix = pick(rng, ["trước ngày", "trước ngày", "hoàn thành trước ngày", "chậm nhất trước ngày"])
            return Deadline(f"{prefix} {words}", {"date": target.isoformat()})
        if form == "month":
            index = day.year * 12 + day.month - 1 + rng.randint(1, 5)
            year, month = divmod(index, 12)
            month += 1
            words = f"trong tháng {month}/{year}" if rng.random() < 0.7 else f"trong tháng {month} năm {year}"
            return Deadline(words, {"month": f"{year:04d}-{month:02d}"})
        if form == "quarter":
            index = day.year * 4 + (day.month - 1) // 3 + rng.randint(1, 3)
            year, quarter = divmod(index, 4)
            quarter += 1
            end = date(year, 3 * quarter, 31 if quarter in (1, 4) else 30)
            words = (f"trong quý {ROMAN[quarter]}/{year}" if rng.random() < 0.7
                     else f"trong quý {ROMAN[quarter]} năm {year}")
            return Deadline(words, {"quarter": f"{year:04d}-Q{quarter}", "date": end.isoformat()})
        days = pick(rng, [15, 20, 30, 45, 60])
        return Deadline(f"chậm nhất sau {days} ngày làm việc kể từ ngày ban hành {doc_kind}",
                        {"working_days": days, "from": "issue"})

    def task(self, ref: str, text: str, *, leads: list, coordinators: list = (), executors: list = (),
             report_to: list = (), via: list = (), deadline: Deadline | None = None,
             recurrence: str | None = None, kind: str = "assignment") -> None:
        """Record a task; each role is a list of (organ id, writing) already put in the text."""
        def groups(role: list) -> list[list[str]]:
            out = []
            for organ_id, writing in role:
                organ = self.data.organ(organ_id)
                if organ.level == "group":
                    self._note_group(organ_id, writing)
                out.append(self.alias_group(organ_id, writing))
            return out

        self.tasks.append({
            "ref": ref, "text": text, "kind": kind,
            "leads": groups(leads), "coordinators": groups(coordinators), "executors": groups(executors),
            "report_to": groups(report_to), "via": groups(via),
            "deadline": deadline.truth if deadline else None, "recurrence": recurrence,
        })

    def _note_group(self, group_id: str, writing: str) -> None:
        organ = self.data.organ(group_id)
        if organ.audience:
            return
        names = self._organs.get(group_id)
        if names is None:
            names = self._organs[group_id] = self._group_of(organ)
        if writing and writing not in names:
            names.append(writing)


@dataclass
class Truth:
    """The contract object of one generated text (the gold shape of shared/eval/gold)."""

    source: str
    document: dict
    writer: DocWriter
    extra: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        w = self.writer
        return {
            "source": self.source,
            "document": self.document,
            "meetings": w.meetings,
            "citations": w.citations_truth(),
            "organs": w.organs_truth(),
            "people": w.people_truth(),
            "tasks": w.tasks,
            **self.extra,
        }
