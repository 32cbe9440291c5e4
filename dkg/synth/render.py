"""Document layouts: header, title, meeting, citations, task lists, "Nơi nhận", signature.

One :class:`Renderer` per province writes that province's planned documents in date order,
so a document can cite any earlier one. Every organ, person, citation, meeting and task goes
through the :class:`DocWriter`, which records the truth as it writes.
"""

from __future__ import annotations

import random
import unicodedata
from datetime import date, timedelta

from dkg.synth.data import localise
from dkg.synth.plan import PlannedDoc, ProvinceContext, central_ref
from dkg.synth.writer import ROMAN, DocRef, DocWriter, capitalise, join, pick, write_date

_DEADLINE_FORMS = ("date", "month", "quarter", "working_days")
_DEADLINE_WEIGHTS = (0.4, 0.25, 0.15, 0.2)
_RECURRENCES = ("yearly", "quarterly", "monthly", "periodic")
_RECURRENCE_WEIGHTS = (0.35, 0.15, 0.1, 0.4)
_XIII_CONGRESS = date(2021, 2, 1)


class Renderer:
    """Writes the documents of one province, in date order."""

    def __init__(self, ctx: ProvinceContext):
        self.ctx = ctx
        self.data = ctx.data
        self.t = ctx.data.templates
        self.noise = self.t["noise"]
        self.rng: random.Random = ctx.rng
        self.history: list[PlannedDoc] = []
        self.minutes: dict[int, int] = {}
        self.sessions: dict[int, int] = {}
        self.markdown = False
        self.central_refs = {id(c): central_ref(self.data, c) for c in self.data.central}

    # ================================================================ entry
    def render(self, doc: PlannedDoc) -> tuple[str, dict]:
        w = DocWriter(self.data, self.ctx.province, doc.day, self.rng, self.noise)
        self.markdown = self.rng.random() < 0.15
        layout = getattr(self, "_" + doc.layout)
        info = layout(w, doc)
        self.history.append(doc)
        people = {p["name"] for p in w.people_truth()}
        if info.get("signer") in people:
            raise AssertionError(f"{doc.source}: the signer is also in the body")
        document = {
            "kind": info.get("kind", doc.ref.kind if doc.ref else None),
            "symbol": doc.symbol,
            "date": doc.day.isoformat() if doc.symbol else None,
            "province": self.ctx.province.name,
            "issuer": info.get("issuer"),
            "signer": info.get("signer"),
            "title": info.get("title"),
            "key": doc.ref.key if doc.ref else f"doc/file/{doc.source.removesuffix('.txt')}",
        }
        truth = {"source": doc.source, "document": document, "meetings": w.meetings,
                 "citations": w.citations_truth(), "organs": w.organs_truth(), "people": w.people_truth(),
                 "tasks": w.tasks, "thread": doc.thread}
        return w.text(), truth

    # ============================================================ small parts
    def _filler(self, low: int = 2, high: int = 4) -> str:
        rng = self.rng
        text = " ".join(rng.sample(self.t["filler"], rng.randint(low, high)))
        if rng.random() < self.noise["typo"]:
            words = text.split(" ")
            i = rng.randrange(len(words))
            stripped = "".join(c for c in unicodedata.normalize("NFD", words[i]) if not unicodedata.combining(c))
            words[i] = unicodedata.normalize("NFC", stripped)
            text = " ".join(words)
        if rng.random() < self.noise["page_break"]:
            spaces = [i for i, c in enumerate(text) if c == " "]
            if len(spaces) > 4:
                cut = spaces[rng.randrange(len(spaces) // 4, 3 * len(spaces) // 4)]
                text = text[:cut] + "\n\n" + text[cut + 1:]
        return text

    def _action(self) -> str:
        return pick(self.rng, self.t["actions"])

    def _period(self, day: date) -> str:
        return pick(self.rng, self.t["periods"]).replace("{y}", str(day.year))

    def _place_date(self, day: date) -> str:
        d = f"{day.day:02d}" if self.rng.random() < 0.5 else str(day.day)
        return f"{self.ctx.province.name}, ngày {d} tháng {day.month} năm {day.year}"

    def _style(self) -> str:
        return "abbr" if self.rng.random() < 0.2 else "name"

    def _heading(self, text: str) -> str:
        return f"## {text}" if self.markdown else text

    def _symbol_line(self, doc: PlannedDoc) -> str:
        symbol = doc.symbol or ""
        if doc.party and self.rng.random() < self.noise["spaced_symbol"]:
            symbol = symbol.replace("-", " - ", 1)
        return pick(self.rng, ["Số ", "Số: ", "Số: "] if doc.party else ["Số: ", "Số: ", "Số:"]) + symbol

    def _upper_unit(self, organ_id: str, w: DocWriter) -> str:
        return f"{w.organ(organ_id, 'upper')} {self.ctx.province.name.upper()}"

    # =============================================================== headers
    def _party_header(self, w: DocWriter, doc: PlannedDoc) -> None:
        unit = self._upper_unit("tinh-uy", w)
        if self.rng.random() < 0.5:
            w.add(f"{unit:<40}ĐẢNG CỘNG SẢN VIỆT NAM", f"{'*':^30}",
                  f"{self._symbol_line(doc):<40}{self._place_date(doc.day)}", "")
        else:
            w.add(unit, "*", self._symbol_line(doc), "", "ĐẢNG CỘNG SẢN VIỆT NAM", self._place_date(doc.day), "")

    def _state_header(self, w: DocWriter, doc: PlannedDoc, organ_id: str = "ubnd-tinh") -> None:
        unit = self._upper_unit(organ_id, w)
        if self.rng.random() < 0.6:
            w.add(f"{unit:<45}CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", f"{'':<45}Độc lập - Tự do - Hạnh phúc",
                  f"{self._symbol_line(doc):<45}{self._place_date(doc.day)}", "")
        else:
            w.add(unit, self._symbol_line(doc), "", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                  "Độc lập - Tự do - Hạnh phúc", "", self._place_date(doc.day), "")

    # ========================================================== signature etc.
    def _close(self, w: DocWriter, family: str, variants: str, extra: list[str] = ()) -> str:
        """"Nơi nhận" and the signature block; returns the signer's name.

        An organ the signature names only in its bare form ("T/L BAN THƯỜNG VỤ") is also named in
        full among the recipients, so that the document names it whatever a reader makes of the block.
        """
        spec = pick(self.rng, self.t["signatures"][variants])
        extra = list(extra)
        for organ_id in spec.get("organs", ()):
            if not w.mentions(organ_id):
                extra.insert(0, f"Các đồng chí Ủy viên {w.organ(organ_id)}")
        self._recipients(w, family, extra)
        return self._signature(w, spec)

    def _signature(self, w: DocWriter, spec: dict) -> str:
        signer = self.ctx.term_at(w.day).holder(spec["post"], self.rng)
        for organ_id in spec.get("organs", ()):
            w.note_organ(organ_id)
        lines = list(spec["lines"])
        if self.ctx.province.is_city:
            lines = [line.replace("TỈNH ỦY", "THÀNH ỦY") for line in lines]
        if self.markdown:
            w.add("**" + "\n".join(lines) + "**", "", "", f"**{signer.name}**")
        else:
            w.add(*lines, "", "", signer.name)
        return signer.name

    def _recipients(self, w: DocWriter, family: str, extra: list[str] = ()) -> None:
        rng = self.rng
        items = self.t["recipients"][family]
        chosen = rng.sample(items, min(len(items), rng.randint(3, 6)))
        lines = []
        for item in chosen:
            if not all(self.ctx.available(o, w.day) for o, _ in item["organs"]):
                continue
            words = [w.organ(o, style) for o, style in item["organs"]]
            lines.append(localise(item["text"], self.ctx.province).format(*words))
        lines.extend(extra)
        if rng.random() < 0.5:
            depts = [d for d in self.ctx.pool("state_leads", w.day) if self.data.organ(d).name.startswith("Sở ")]
            picked = rng.sample(depts, rng.randint(2, 4))
            if rng.random() < 0.5:
                lines.append("Các sở, ngành: " + ", ".join(w.organ(d, "code") for d in picked))
            else:
                lines.append("Các sở: " + ", ".join(w.organ(d, "short") for d in picked))
        archive = pick(rng, self.t["recipients"][f"{'party' if family == 'party' else 'state'}_archive"])
        lines.append(archive["text"].format(*[w.organ(o, s) for o, s in archive["organs"]]))
        w.add("", "Nơi nhận:", "")
        w.add(*[f"- {line}{'' if line.endswith('.') else ','}" for line in lines], "")

    # ============================================================= citations
    def _earlier(self, doc: PlannedDoc, codes: set[str], party: bool | None = None, years: int = 4,
                 exclude: set[str] = frozenset()) -> PlannedDoc | None:
        limit = doc.day - timedelta(days=365 * years)
        pool = [d for d in self.history[-400:]
                if d.code in codes and d.symbol and limit <= d.day < doc.day - timedelta(days=3)
                and (party is None or d.party == party) and d.ref.key not in exclude and d.symbol not in exclude]
        return pick(self.rng, pool) if pool else None

    def _central(self, doc: PlannedDoc, kinds: set[str] | None = None, exclude: set[str] = frozenset()) -> DocRef | None:
        pool = [c for c in self.data.central
                if c.date < doc.day - timedelta(days=10) and (kinds is None or c.kind in kinds)]
        pool = [c for c in pool if c.symbol not in exclude and self.central_refs[id(c)].key not in exclude]
        if not pool:
            return None
        return self.central_refs[id(self.rng.choices(pool, weights=[c.weight for c in pool])[0])]

    def _ref(self, target) -> DocRef:
        return target.ref if isinstance(target, PlannedDoc) else self.central_refs[id(target)]

    def _cite_sentence(self, w: DocWriter, ref: DocRef, relation: str) -> str:
        template = pick(self.rng, self.t["citation_sentences"][relation])
        return template.replace("{cite}", w.cite(ref, relation)).replace("{A}", self._action())

    def _congress(self, w: DocWriter, doc: PlannedDoc, provincial: bool) -> str:
        rng = self.rng
        if provincial:
            roman = self.ctx.term_at(doc.day).roman
            unit = localise("Đảng bộ tỉnh", self.ctx.province)
            names = [f"Nghị quyết Đại hội {unit} lần thứ {roman}", f"Đại hội {unit} lần thứ {roman}",
                     f"Nghị quyết Đại hội {roman} {unit}", f"Đại hội {roman} {unit}"]
            written = pick(rng, [names[0], names[2]])
            w.note_organ("tinh-uy", unit)
        else:
            roman = "XIII" if doc.day >= _XIII_CONGRESS else "XII"
            names = [f"Nghị quyết Đại hội {roman} của Đảng", f"Nghị quyết Đại hội {roman}",
                     f"Đại hội {roman} của Đảng", f"Nghị quyết Đại hội đại biểu toàn quốc lần thứ {roman} của Đảng"]
            written = pick(rng, [names[0], names[3]])
        return w.named(names, written, "implements", kind="Nghị quyết")

    def _extra_citations(self, w: DocWriter, doc: PlannedDoc, taken: set[str]) -> list[str]:
        """Sentences citing earlier documents of the province and central ones (0 to 3)."""
        rng = self.rng
        out = []
        if rng.random() < 0.5:
            earlier = self._earlier(doc, {"NQ", "CT", "KH"}, party=True, exclude=taken)
            if earlier is not None:
                taken.update((earlier.ref.key, earlier.ref.symbol))
                out.append(self._cite_sentence(w, earlier.ref, "implements"))
        if rng.random() < 0.4:
            central = self._central(doc, exclude=taken)
            if central is not None:
                taken.update((central.key, central.symbol))
                out.append(self._cite_sentence(w, central, pick(rng, ["implements", "based_on"])))
        if rng.random() < 0.2:
            out.append(f"Để thực hiện thắng lợi {self._congress(w, doc, doc.party and rng.random() < 0.5)}, "
                       f"{self._action()}.")
        return out

    # ================================================================= tasks
    def _organs(self, pool: list[str], count: int, avoid: set[str]) -> list[str]:
        options = [o for o in pool if o not in avoid]
        picked = self.rng.sample(options, min(count, len(options)))
        avoid.update(picked)
        return picked

    def _write_role(self, w: DocWriter, ids: list[str]) -> tuple[str, list[tuple[str, str]]]:
        pairs = [(o, w.organ(o, self._style())) for o in ids]
        return join([p[1] for p in pairs], self.rng), pairs

    def _task(self, w: DocWriter, ref: str, family: str, prefix: str, doc_kind: str) -> str:
        """One numbered task sentence (or two, for a chained form); recorded in the truth."""
        rng, day = self.rng, w.day
        form = pick(rng, self.t["task_forms"][family])
        party = family == "party" or (family == "monitor" and prefix == "party")
        avoid: set[str] = set()
        text = form["text"]
        if form.get("caucus"):
            pairs = [p for p in self.t["caucus"] if self.ctx.available(p[0], day)]
            lead, executor = pick(rng, pairs)
            lead_ids, exec_ids = [lead], [executor]
            avoid.update(lead_ids + exec_ids)
        else:
            if family == "monitor":
                pool = self.ctx.pool("party_monitors" if party else "state_via", day)
            elif form.get("pool"):
                pool = self.ctx.pool(form["pool"], day)
            elif party:
                pool = self.ctx.pool("party_leads", day)
            else:
                pool = self.ctx.pool("state_leads", day)
                if rng.random() < 0.15:
                    pool = self.ctx.pool("state_extra_leads", day)
            low, high = form.get("L", [1, 1])
            lead_ids = self._organs(pool, rng.randint(low, high), avoid)
            exec_ids = []
        coord_ids = []
        if "{C}" in text:
            low, high = form.get("C", [1, 2])
            coord_ids = self._organs(self.ctx.pool("party_coordinators" if party else "state_coordinators", day),
                                     rng.randint(low, high), avoid)
        report_ids, via_ids, report2_ids = [], [], []
        if form.get("chain"):
            report_ids = self._organs([o for o in self.ctx.pool("party_leads", day)
                                       if o.startswith("ban-") and o.endswith("tinh-uy")], 1, avoid)
            report2_ids = self._organs(self.ctx.pool("party_report", day), 1, avoid)
        elif "{R}" in text:
            report_ids = self._organs(self.ctx.pool("party_report" if party else "state_report", day), 1, avoid)
        if "{V}" in text:
            via_ids = self._organs(self.ctx.pool("party_via" if party else "state_via", day), 1, avoid)

        leads_w, leads = self._write_role(w, lead_ids)
        exec_w, execs = self._write_role(w, exec_ids)
        coord_w, coords = self._write_role(w, coord_ids)
        report_w, reports = self._write_role(w, report_ids)
        via_w, vias = self._write_role(w, via_ids)
        deadline = recurrence = None
        if "{D}" in text:
            deadline = w.deadline(rng.choices(_DEADLINE_FORMS, _DEADLINE_WEIGHTS)[0], doc_kind)
            text = text.replace("{D}", deadline.text)
        if "{REC}" in text:
            recurrence = rng.choices(_RECURRENCES, _RECURRENCE_WEIGHTS)[0]
            text = text.replace("{REC}", pick(rng, self.t["recurrence"][recurrence]))
        text = (text.replace("{L}", leads_w).replace("{E}", exec_w).replace("{C}", coord_w)
                .replace("{V}", via_w).replace("{A}", self._action()))
        if form.get("chain"):
            report2_w, reports2 = self._write_role(w, report2_ids)
            first, _, second = text.partition(". {R} ")
            first = first.replace("{R}", report_w) + "."
            second = f"{report_w} " + second.replace("{A2}", self._action()).replace("{R2}", report2_w)
            w.task(ref, first, leads=leads, report_to=reports)
            w.task(ref + "b", second, leads=[(report_ids[0], report_w)], report_to=reports2)
            text = first + " " + second
        else:
            text = text.replace("{R}", report_w)
            text = capitalise(text)
            w.task(ref, text, leads=leads, coordinators=coords, executors=execs, report_to=reports, via=vias,
                   deadline=deadline, recurrence=recurrence,
                   kind="monitoring" if family == "monitor" else "assignment")
        return text

    def _group_lead(self, w: DocWriter, family: str) -> tuple[str, list[tuple[str, str]]]:
        spec = pick(self.rng, self.t["group_leads"][family])
        pairs = []
        text = localise(spec["text"], self.ctx.province)
        for organ_id, words in spec["ids"]:
            if not words:
                words = w.organ(organ_id)
                text = text.replace("{mttq}", words)
            else:
                words = localise(words, self.ctx.province)
                if self.data.organ(organ_id).level != "group":
                    w.note_organ(organ_id, words)
            pairs.append((organ_id, words))
        return text, pairs

    def _task_list(self, w: DocWriter, family: str, number: str | None, count: int, doc_kind: str,
                   letters: bool = False) -> None:
        """Numbered tasks: "3.1.", "3.2." under ``number``; "a)", "b)" with ``letters``; "1.", "2." without."""
        for i in range(count):
            if number is None:
                ref, label = str(i + 1), f"{i + 1}."
            elif letters:
                ref, label = f"{number}.{chr(97 + i)}", f"{chr(97 + i)})"
            else:
                ref, label = f"{number}.{i + 1}", f"{number}.{i + 1}."
            w.add(f"{label} {self._task(w, ref, family, family, doc_kind)}", "")

    def _monitor(self, w: DocWriter, party: bool, doc_kind: str, ref: str = "monitor") -> None:
        w.add(self._task(w, ref, "monitor", "party" if party else "state", doc_kind), "")

    def _sub_items(self, w: DocWriter, number: str | None, count: int, cites: list[str]) -> None:
        """Actions without an organ (parts of a task already assigned, never tasks themselves)."""
        for i in range(count):
            text = capitalise(self._action())
            text += "."
            if cites and self.rng.random() < 0.6:
                text += " " + cites.pop(0)
            w.add(f"{i + 1}. {text}" if number is None else f"{number}.{i + 1}. {text}", "")
        for sentence in cites:
            w.add(sentence, "")

    # ============================================================== meetings
    def _meeting_paragraph(self, w: DocWriter, doc: PlannedDoc, kind: str, day: date) -> tuple[str, str]:
        """The opening paragraph of a notice, and the words for whoever concludes."""
        rng = self.rng
        term = self.ctx.term_at(day)
        when = f"Ngày {write_date(day, rng)}"
        if kind == "giao_ban":
            if rng.random() < 0.5:
                chair = w.person(term.holder("pho-bi-thu-tt"), ["pho-bi-thu-tt"])
                chair += " thay mặt " + w.organ("thuong-truc-tinh-uy")
                chairs = ["Phó Bí thư Thường trực Tỉnh ủy"]
            else:
                chair = w.organ("thuong-truc-tinh-uy")
                chairs = ["Thường trực Tỉnh ủy"]
            guests = self._organs(self.ctx.pool("attendees", day), rng.randint(1, 3), set())
            text = (f"{when}, {chair} tổ chức Hội nghị giao ban với lãnh đạo "
                    f"{join([w.organ(g) for g in guests], rng)} để đánh giá tình hình, kết quả thực hiện nhiệm vụ "
                    f"{self._period(day)}, triển khai nhiệm vụ thời gian tới.")
            concluder = w.write_organ("thuong-truc-tinh-uy")
        elif kind == "btv":
            concluder = w.organ("ban-thuong-vu-tinh-uy")
            chairs = ["Ban Thường vụ Tỉnh ủy"]
            text = f"{when}, {concluder} họp cho ý kiến {doc.topic}."
        elif kind == "bch":
            concluder = w.organ("tinh-uy", "alias") if rng.random() < 0.8 else w.organ("tinh-uy")
            chairs = []
            text = f"{when}, {concluder} họp"
            if rng.random() < 0.6:
                counter = self.minutes.setdefault(term.index, 0) + rng.randint(1, 4)
                self.minutes[term.index] = counter
                symbol = f"{counter:02d}-BB/TU"
                text += f" (Biên bản số {symbol})"
                w.cite_minutes(symbol, self.ctx.province.slug, day.year)
            text += f" cho ý kiến {doc.topic}."
        elif kind == "lam_viec":
            chair = w.person(term.holder("bi-thu"), ["bi-thu"])
            chairs = ["Bí thư Tỉnh ủy"]
            host = pick(rng, self.ctx.pool("attendees", day))
            text = f"{when}, {chair} có buổi làm việc với {w.organ(host)} {doc.topic}."
            concluder = "đồng chí Bí thư " + w.write_organ("tinh-uy")
        else:  # doi_thoai
            secretary, _ = w.post_words("bi-thu")
            chairman, _ = w.post_words("ct-ubnd")
            chairs = [secretary, chairman]
            text = (f"{when}, {w.organ('tinh-uy', 'province')} tổ chức Hội nghị đối thoại giữa {secretary}, "
                    f"{chairman} với cán bộ, đoàn viên, hội viên, thanh niên năm {day.year}.")
            concluder = "đồng chí " + secretary
        w.meeting(day, kind, chairs)
        return text, concluder

    # ================================================================ layouts
    def _party_notice(self, w: DocWriter, doc: PlannedDoc) -> dict:
        rng = self.rng
        self._party_header(w, doc)
        if doc.meeting:
            kind, day = doc.meeting["kind"], doc.meeting["day"]
        else:
            day = doc.day - timedelta(days=rng.randint(1, 12))
            if doc.issuer == "thuong-truc-tinh-uy":
                kind = pick(rng, ["giao_ban", "giao_ban", "lam_viec", "doi_thoai"])
            else:
                kind = "btv" if rng.random() < 0.7 else "bch"
        paragraph, concluder = self._meeting_paragraph(w, doc, kind, day)
        title = f"KẾT LUẬN CỦA {concluder.upper()}"
        w.add(self._heading("THÔNG BÁO"), title, capitalise(doc.topic), "")
        w.add(paragraph, "")
        if rng.random() < 0.6:
            post, _ = w.post_words(pick(rng, ["tb-dan-van", "tb-to-chuc", "ct-mttq"]))
            guests = self._organs(self.ctx.pool("attendees", day), rng.randint(1, 3), set())
            w.add(f"Cùng dự Hội nghị có các đồng chí: {post}, đại diện lãnh đạo "
                  f"{join([w.organ(g, self._style()) for g in guests], rng)}.", "")
        reporter = pick(rng, self.ctx.pool("attendees", day))
        w.add(f"Sau khi nghe đại diện lãnh đạo {w.organ(reporter)} trình bày tình hình, kết quả thực hiện nhiệm vụ "
              f"và ý kiến phát biểu của các đại biểu, {concluder} kết luận:", "")

        taken: set[str] = {doc.symbol} if doc.symbol else set()
        required = []   # (sentence, where) for the thread's own references
        for target, relation in doc.refs:
            ref = self._ref(target)
            taken.update((ref.key, ref.symbol))
            required.append(self._cite_sentence(w, ref, relation))
        if doc.thread == "suspension":
            required.extend(self._suspension(w, doc, taken))
        extra = self._extra_citations(w, doc, taken)
        w.add(f"1. {self._filler(2, 4)}", "", self._filler(1, 3), "")
        cites = required + extra
        number = 2
        if rng.random() < 0.6:
            text, pairs = self._group_lead(w, "party")
            sentence = f"{capitalise(concluder)} đề nghị {text} tập trung thực hiện tốt một số nhiệm vụ trọng tâm sau:"
            w.add(f"{number}. {sentence}", "")
            w.task(str(number), sentence, leads=pairs)
            self._sub_items(w, str(number), rng.randint(2, 4), cites)
            number += 1
        else:
            for sentence in cites:
                w.add(sentence, "")
        w.add(f"{number}. {pick(rng, ['Về các kiến nghị, đề xuất', 'Tổ chức thực hiện', 'Giao nhiệm vụ cụ thể'])}", "")
        self._task_list(w, "party", str(number), rng.randint(2, 5), "Thông báo kết luận")
        if rng.random() < 0.6:
            self._monitor(w, True, "Thông báo kết luận")
        w.add(f"{w.organ('van-phong-tinh-uy')} thông báo ý kiến kết luận của {concluder} để các cơ quan, đơn vị "
              "biết, thực hiện./.")
        signer = self._close(w, "party", "party_notice")
        issuer = w.alias_group(doc.issuer) + [self.data.organ("van-phong-tinh-uy").name]
        return {"kind": "Thông báo", "issuer": issuer, "signer": signer, "title": doc.topic}

    def _suspension(self, w: DocWriter, doc: PlannedDoc, taken: set[str]) -> list[str]:
        earlier = self._earlier(doc, {"TB"}, party=True, years=6, exclude=taken)
        if earlier is None or earlier.day > doc.day - timedelta(days=120):
            return []
        taken.update((earlier.ref.key, earlier.ref.symbol))
        head = ""
        central = self._central(doc, {"Kết luận", "Chỉ thị", "Quy định"}, exclude=taken)
        if central is not None:
            taken.update((central.key, central.symbol))
            head = f"Theo tinh thần {w.cite(central, 'based_on')}, "
        what = localise(pick(self.rng, self.t["suspended"]), self.ctx.province)
        sentence = (f"{head}tạm thời dừng việc thực hiện {what} theo {w.cite(earlier.ref, 'suspends')} "
                    "để sơ kết, đánh giá tình hình, kết quả triển khai thực hiện.")
        return [capitalise(sentence)]

    def _party_resolution(self, w: DocWriter, doc: PlannedDoc) -> dict:
        rng = self.rng
        self._party_header(w, doc)
        term = self.ctx.term_at(doc.day)
        session = self.sessions[term.index] = self.sessions.get(term.index, 0) + 1
        if doc.issuer == "tinh-uy":
            body = w.organ("tinh-uy", "alias")
            w.add(self._heading("NGHỊ QUYẾT"), f"HỘI NGHỊ LẦN THỨ {session} {body.upper()} KHÓA {term.roman}",
                  capitalise(doc.topic), "")
            day = doc.day - timedelta(days=rng.randint(0, 5))
            w.add(f"Ngày {write_date(day, rng)}, Hội nghị lần thứ {session} {body} khóa {term.roman} đã thảo luận, "
                  f"thống nhất ban hành Nghị quyết {doc.topic}.", "")
            w.meeting(day, "bch", [])
            signature = "party_resolution"
        else:
            body = w.organ("ban-thuong-vu-tinh-uy")
            w.add(self._heading("NGHỊ QUYẾT"), f"CỦA {body.upper()}", capitalise(doc.topic), "")
            signature = "party_resolution_btv"
        w.add("I. TÌNH HÌNH VÀ NGUYÊN NHÂN", "", self._filler(3, 5), "")
        taken: set[str] = {doc.symbol} if doc.symbol else set()
        for target, relation in doc.refs:
            ref = self._ref(target)
            taken.update((ref.key, ref.symbol))
            sentence = self._filler(1, 1)
            w.add(f"Thực hiện {w.cite(ref, relation)}, {sentence[0].lower()}{sentence[1:]}", "")
        for sentence in self._extra_citations(w, doc, taken):
            w.add(sentence, "")
        w.add("II. MỤC TIÊU, NHIỆM VỤ VÀ GIẢI PHÁP", "", "1. Mục tiêu", "", self._filler(2, 3), "",
              "2. Nhiệm vụ, giải pháp", "")
        self._sub_items(w, "2", rng.randint(3, 5), [])
        w.add("III. TỔ CHỨC THỰC HIỆN", "")
        text, pairs = self._group_lead(w, "party")
        sentence = f"{capitalise(text)} tổ chức học tập, quán triệt và xây dựng kế hoạch thực hiện Nghị quyết."
        w.add(f"1. {sentence}", "")
        w.task("1", sentence, leads=pairs)
        for i in range(rng.randint(1, 3)):
            w.add(f"{i + 2}. {self._task(w, str(i + 2), 'party', 'party', 'Nghị quyết')}", "")
        self._monitor(w, True, "Nghị quyết")
        w.add("Nghị quyết này được phổ biến đến chi bộ./.")
        signer = self._close(w, "party", signature, self._central_recipients(w, "central_recipients"))
        return {"kind": "Nghị quyết", "issuer": w.alias_group(doc.issuer), "signer": signer, "title": doc.topic}

    def _central_recipients(self, w: DocWriter, pool: str) -> list[str]:
        ids = [o for o in self.t["roles"][pool] if self.ctx.available(o, w.day)]
        picked = self.rng.sample(ids, self.rng.randint(0, 2))
        return [f"{w.organ(o)} (để báo cáo)" for o in picked]

    def _party_directive(self, w: DocWriter, doc: PlannedDoc) -> dict:
        rng = self.rng
        self._party_header(w, doc)
        btv = w.organ("ban-thuong-vu-tinh-uy")
        w.add(self._heading("CHỈ THỊ"), f"của {btv}", doc.topic, "", self._filler(2, 4), "")
        taken: set[str] = {doc.symbol} if doc.symbol else set()
        lead_in = ""
        for target, relation in doc.refs:
            ref = self._ref(target)
            taken.update((ref.key, ref.symbol))
            lead_in = f"{pick(rng, ['Theo tinh thần', 'Căn cứ', 'Trên cơ sở'])} {w.cite(ref, relation)}, "
        text, pairs = self._group_lead(w, "party")
        sentence = (f"{lead_in}để tạo chuyển biến rõ nét, {btv} yêu cầu {text} "
                    "thực hiện tốt một số nhiệm vụ trọng tâm sau:")
        w.add(capitalise(sentence), "")
        w.task("0", capitalise(sentence), leads=pairs)
        w.add("1. Nhiệm vụ trọng tâm", "")
        self._sub_items(w, "1", rng.randint(2, 4), self._extra_citations(w, doc, taken))
        w.add("2. Tổ chức thực hiện", "")
        self._task_list(w, "party", "2", rng.randint(2, 4), "Chỉ thị")
        self._monitor(w, True, "Chỉ thị")
        w.add("Chỉ thị này được phổ biến đến chi bộ./.")
        signer = self._close(w, "party", "party_directive", self._central_recipients(w, "central_recipients"))
        return {"kind": "Chỉ thị", "issuer": w.alias_group(doc.issuer), "signer": signer, "title": doc.topic}

    def _party_plan(self, w: DocWriter, doc: PlannedDoc) -> dict:
        rng = self.rng
        self._party_header(w, doc)
        w.add(self._heading("KẾ HOẠCH"))
        taken: set[str] = {doc.symbol} if doc.symbol else set()
        implemented = [(self._ref(t), r) for t, r in doc.refs]
        for ref, relation in implemented:
            taken.update((ref.key, ref.symbol))
            w.add(f"Triển khai thực hiện {w.cite(ref, relation)}", "")
        if not implemented:
            w.add(capitalise(doc.topic), "")
        btv = w.organ("ban-thuong-vu-tinh-uy")
        for ref, relation in implemented:
            w.add(f"Thực hiện {w.cite(ref, relation)}, {btv} ban hành Kế hoạch triển khai thực hiện như sau:", "")
        w.add("I. MỤC ĐÍCH, YÊU CẦU", "", self._filler(2, 3), "", "II. NỘI DUNG", "")
        self._sub_items(w, None, rng.randint(2, 4), self._extra_citations(w, doc, taken))
        w.add("III. TỔ CHỨC THỰC HIỆN", "")
        self._task_list(w, "party", None, rng.randint(2, 4), "Kế hoạch")
        self._monitor(w, True, "Kế hoạch")
        signer = self._close(w, "party", "party_plan")
        return {"kind": "Kế hoạch", "issuer": w.alias_group(doc.issuer), "signer": signer, "title": doc.topic}

    def _party_report(self, w: DocWriter, doc: PlannedDoc) -> dict:
        rng = self.rng
        self._party_header(w, doc)
        w.add(self._heading("BÁO CÁO"))
        subject = doc.topic
        for target, relation in doc.refs:
            ref = self._ref(target)
            years = max(1, doc.day.year - ref.date.year)
            subject = f"sơ kết {years} năm thực hiện {w.cite(ref, relation)}"
        w.add(capitalise(subject), "")
        btv = w.organ("ban-thuong-vu-tinh-uy")
        w.add(f"{btv} đánh giá kết quả {subject if not doc.refs else 'thực hiện'} như sau:", "")
        w.add("I. KẾT QUẢ THỰC HIỆN", "", self._filler(2, 4), "")
        self._achievements(w, self.ctx.pool("party_leads", doc.day))
        w.add("II. HẠN CHẾ, NGUYÊN NHÂN", "", self._filler(2, 4), "", "III. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI", "")
        self._sub_items(w, None, rng.randint(2, 4), [])
        signer = self._close(w, "party", "party_report", self._central_recipients(w, "central_recipients"))
        return {"kind": "Báo cáo", "issuer": w.alias_group(doc.issuer), "signer": signer, "title": subject}

    def _achievements(self, w: DocWriter, pool: list[str]) -> None:
        for organ_id in self.rng.sample(pool, min(len(pool), self.rng.randint(1, 3))):
            w.add(f"{w.organ(organ_id)} đã {pick(self.rng, self.t['achievements'])}.", "")

    def _state_plan(self, w: DocWriter, doc: PlannedDoc) -> dict:
        rng = self.rng
        self._state_header(w, doc)
        w.add(self._heading("KẾ HOẠCH"))
        implements = [(self._ref(t), r) for t, r in doc.refs if r == "implements"]
        others = [(self._ref(t), r) for t, r in doc.refs if r not in ("implements", "replaces")]
        replaces = [self._ref(t) for t, r in doc.refs if r == "replaces"]
        taken = {doc.symbol} | {x for ref, _ in implements + others for x in (ref.key, ref.symbol)}
        taken |= {x for ref in replaces for x in (ref.key, ref.symbol)}
        if implements:
            w.add(f"Triển khai thực hiện {w.cite(*implements[0])}", "")
        else:
            w.add(f"Thực hiện nhiệm vụ {doc.topic}", "")
        for ref, relation in others:
            w.add(f"Căn cứ {w.cite(ref, relation)};")
        if others:
            w.add("")
        ubnd = w.organ("ubnd-tinh", self._style())
        if implements:
            w.add(f"Thực hiện {w.cite(*implements[0])}, {ubnd} ban hành Kế hoạch triển khai thực hiện như sau:", "")
        else:
            w.add(f"{ubnd} ban hành Kế hoạch thực hiện như sau:", "")
        w.add("I. MỤC ĐÍCH, YÊU CẦU", "", "1. Mục đích", "", self._filler(1, 3), "", "2. Yêu cầu", "",
              self._filler(1, 2), "", "II. NHIỆM VỤ, GIẢI PHÁP", "")
        self._sub_items(w, None, rng.randint(2, 4), self._extra_citations(w, doc, taken))
        w.add("III. TỔ CHỨC THỰC HIỆN", "")
        count = rng.randint(2, 6)
        self._task_list(w, "state", None, count, "Kế hoạch")
        if rng.random() < 0.4:
            text, pairs = self._group_lead(w, "state")
            sentence = f"{capitalise(text)} {self._action()}."
            w.add(f"{count + 1}. {sentence}", "")
            w.task(str(count + 1), sentence, leads=pairs)
        for ref in replaces:
            w.add(f"Kế hoạch này thay thế {w.cite(ref, 'replaces')}./.", "")
        signer = self._close(w, "state", "state", self._central_recipients(w, "state_central_recipients"))
        return {"kind": "Kế hoạch", "issuer": w.alias_group("ubnd-tinh"), "signer": signer, "title": doc.topic}

    def _state_directive(self, w: DocWriter, doc: PlannedDoc) -> dict:
        rng = self.rng
        self._state_header(w, doc)
        w.add(self._heading("CHỈ THỊ"), capitalise(doc.topic), "", self._filler(2, 4), "")
        taken: set[str] = {doc.symbol} if doc.symbol else set()
        chairman, _ = w.post_words("ct-ubnd")
        lead_in = ""
        for target, relation in doc.refs:
            ref = self._ref(target)
            taken.update((ref.key, ref.symbol))
            lead_in = f"Thực hiện {w.cite(ref, relation)}, "
        w.add(capitalise(f"{lead_in}{chairman} yêu cầu:"), "")
        count = rng.randint(3, 5)
        self._task_list(w, "state", None, count, "Chỉ thị")
        for sentence in self._extra_citations(w, doc, taken):
            w.add(sentence, "")
        self._monitor(w, False, "Chỉ thị")
        signer = self._close(w, "state", "state", self._central_recipients(w, "state_central_recipients"))
        return {"kind": "Chỉ thị", "issuer": w.alias_group("ubnd-tinh"), "signer": signer, "title": doc.topic}

    def _state_notice(self, w: DocWriter, doc: PlannedDoc) -> dict:
        rng = self.rng
        self._state_header(w, doc)
        day = doc.day - timedelta(days=rng.randint(1, 10))
        term = self.ctx.term_at(day)
        post = "ct-ubnd" if rng.random() < 0.5 else "pct-ubnd"
        chair = term.holder(post, rng)
        chair_posts = [p for p in chair.posts if p in ("uv-btv", "pho-bi-thu", post)]
        title = f"Kết luận của {w.person(chair, [post], 'dash')} tại cuộc họp {doc.topic}"
        w.add(self._heading("THÔNG BÁO"), capitalise(title), "")
        guests = self._organs(self.ctx.pool("state_leads", day), rng.randint(2, 4), set())
        w.add(f"Ngày {write_date(day, rng)}, {w.person(chair, chair_posts)} chủ trì cuộc họp {doc.topic}. "
              f"Tham dự cuộc họp có lãnh đạo: {join([w.organ(g) for g in guests], rng)}.", "")
        w.meeting(day, "cuoc_hop", [w.post_words(post)[0]])
        w.add(f"Sau khi nghe {w.organ(guests[0])} trình bày và ý kiến của các đại biểu dự họp, đồng chí "
              f"{'Chủ tịch' if post == 'ct-ubnd' else 'Phó Chủ tịch'} kết luận như sau:", "")
        w.add(f"1. {self._filler(2, 3)}", "")
        taken: set[str] = {doc.symbol} if doc.symbol else set()
        for sentence in self._extra_citations(w, doc, taken):
            w.add(sentence, "")
        w.add("2. Giao nhiệm vụ cụ thể:", "")
        self._task_list(w, "state", "2", rng.randint(2, 5), "Thông báo", letters=True)
        w.add(f"{w.organ('van-phong-ubnd')} thông báo để các cơ quan, đơn vị biết, thực hiện./.")
        signer = self._close(w, "state", "state_notice")
        return {"kind": "Thông báo", "issuer": w.alias_group("ubnd-tinh") + [self.data.organ("van-phong-ubnd").name],
                "signer": signer, "title": title}

    def _state_report(self, w: DocWriter, doc: PlannedDoc) -> dict:
        rng = self.rng
        self._state_header(w, doc)
        w.add(self._heading("BÁO CÁO"))
        refs = [(self._ref(t), r) for t, r in doc.refs]
        if not refs:
            earlier = self._earlier(doc, {"KH"}, party=False, years=3)
            if earlier is not None:
                refs = [(earlier.ref, "cites")]
        period = self._period(doc.day)
        if refs:
            subject = f"tình hình, kết quả thực hiện {w.cite(*refs[0])} {period}"
        else:
            subject = f"kết quả thực hiện nhiệm vụ {doc.topic.removeprefix('về ')} {period}"
        w.add(capitalise(subject), "")
        w.add(f"{w.organ('ubnd-tinh', self._style())} đánh giá tình hình, kết quả thực hiện như sau:", "")
        w.add("I. KẾT QUẢ THỰC HIỆN", "", self._filler(2, 4), "")
        self._achievements(w, self.ctx.pool("state_leads", doc.day))
        w.add("II. TỒN TẠI, HẠN CHẾ", "", self._filler(2, 3), "", "III. NHIỆM VỤ TRỌNG TÂM THỜI GIAN TỚI", "")
        self._sub_items(w, None, rng.randint(2, 4), [])
        signer = self._close(w, "state", "state", self._central_recipients(w, "state_central_recipients"))
        return {"kind": "Báo cáo", "issuer": w.alias_group("ubnd-tinh"), "signer": signer, "title": subject}

    def _council(self, w: DocWriter, doc: PlannedDoc) -> dict:
        rng = self.rng
        self._state_header(w, doc, "hdnd-tinh")
        amends = [self._ref(t) for t, r in doc.refs if r == "amends"]
        bases = [self._ref(t) for t, r in doc.refs if r == "based_on"]
        w.add(self._heading("NGHỊ QUYẾT"))
        if amends:
            title = f"Sửa đổi, bổ sung một số điều của {w.cite(amends[0], 'amends')}"
        else:
            title = capitalise(doc.topic.removeprefix("về "))
        w.add(title, "")
        council = w.organ("hdnd-tinh")
        ordinal = self.ctx.terms[0].ordinal - 2 + (1 if doc.day >= date(2021, 6, 1) else 0)
        session = rng.randint(2, 20)
        w.add(f"{council.upper()} {self.ctx.province.name.upper()}",
              f"KHÓA {ROMAN[ordinal]}, KỲ HỌP THỨ {session}", "")
        law = pick(rng, self.t["laws"])
        law_day = date.fromisoformat(str(law["date"]))
        written = f"{law['name']} ngày {law_day.day} tháng {law_day.month} năm {law_day.year}"
        w.add(f"Căn cứ {w.named([law['name']], law['name'], 'based_on', 'Luật', law_day)}"
              f"{written[len(law['name']):]};")
        for ref in bases:
            w.add(f"Căn cứ {w.cite(ref, 'based_on')};")
        w.add(f"Xét đề nghị của {w.organ('ubnd-tinh', self._style())}; ý kiến thảo luận của đại biểu "
              f"{w.organ('hdnd-tinh')} tại kỳ họp.", "", "QUYẾT NGHỊ:", "")
        if amends:
            w.add(f"Điều 1. Sửa đổi, bổ sung một số điều của {w.cite(amends[0], 'amends')} như sau:", "",
                  self._filler(2, 3), "")
        else:
            w.add(f"Điều 1. {self._filler(2, 3)}", "")
        w.add("Điều 2. Tổ chức thực hiện", "")
        ubnd = w.organ("ubnd-tinh", self._style())
        first = f"Giao {ubnd} tổ chức thực hiện Nghị quyết này."
        w.add(f"1. {first}")
        w.task("2.1", first, leads=[("ubnd-tinh", ubnd)])
        standing = w.organ("thuong-truc-hdnd", self._style())
        second = f"Giao {standing} giám sát việc thực hiện Nghị quyết này."
        w.add(f"2. {second}", "")
        w.task("2.2", second, leads=[("thuong-truc-hdnd", standing)], kind="monitoring")
        w.add(f"Nghị quyết này đã được {council} khóa {ROMAN[ordinal]}, Kỳ họp thứ {session} thông qua và có "
              "hiệu lực thi hành kể từ ngày ký./.")
        signer = self._close(w, "state", "council", self._central_recipients(w, "state_central_recipients"))
        return {"kind": "Nghị quyết", "issuer": w.alias_group("hdnd-tinh"), "signer": signer, "title": title}

    def _news(self, w: DocWriter, doc: PlannedDoc) -> dict:
        rng = self.rng
        day, kind = doc.meeting["day"], doc.meeting["kind"]
        term = self.ctx.term_at(day)
        secretary = term.holder("bi-thu")
        chairman = term.holder("ct-ubnd")
        titles = {"giao_ban": f"Hội nghị giao ban {self._period(day)}",
                  "doi_thoai": f"Hội nghị đối thoại giữa người đứng đầu với đoàn viên, hội viên, thanh niên năm {day.year}",
                  "lam_viec": "Buổi làm việc " + doc.topic}
        title = titles[kind]
        w.add(title, "")
        spec = self.t["meetings"][kind]
        unit = w.organ("tinh-uy", "province")
        sec_posts = [p for p in ("uv-tw", "bi-thu", "ct-hdnd") if p in secretary.posts]
        w.add(f"{pick(rng, ['Sáng', 'Chiều'])} ngày {write_date(day, rng)}, {unit} tổ chức "
              f"{spec['written'][0].lower()}{spec['written'][1:]} {doc.topic}. "
              f"{w.person(secretary, sec_posts, 'news')} và {w.person(chairman, ['pho-bi-thu', 'ct-ubnd'], 'news')}"
              " chủ trì hội nghị.", "")
        w.meeting(day, kind, [w.post_words("bi-thu")[0]])
        guests = self._organs(self.ctx.pool("attendees", day), rng.randint(1, 3), set())
        w.add(f"Dự hội nghị có lãnh đạo {join([w.organ(g, self._style()) for g in guests], rng)}.", "")
        w.add(self._filler(3, 5), "")
        w.add(f"Phát biểu kết luận hội nghị, {w.person(secretary, ['bi-thu'], 'before')} đề nghị thời gian tới "
              f"tập trung {self._action()}.", "")
        taken: set[str] = {doc.symbol} if doc.symbol else set()
        for sentence in self._extra_citations(w, doc, taken):
            w.add(sentence, "")
        if kind == "doi_thoai" or rng.random() < 0.3:
            youth = term.holder("bt-tinh-doan")
            w.add(f"{w.person(youth, ['bt-tinh-doan'], 'news')} phát biểu tiếp thu ý kiến tại hội nghị./.")
        return {"kind": "Tin", "issuer": None, "signer": None, "title": title}
