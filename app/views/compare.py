"""So sánh tỉnh: two or more provinces side by side (Hà Nam and Hà Tĩnh by default): documents by kind
and year, the central documents each implements or cites (shared ones first), who leads tasks (by organ
type), deadline styles, topics.  Each block: an Altair chart and the table behind it.

URL: ``so-sanh?tinh=Hà Nam&tinh=Hà Tĩnh``.
"""

from __future__ import annotations

from collections import Counter, defaultdict

import altair as alt
import pandas as pd
import streamlit as st

from app import data, ui
from app.labels import category_label, relation_label
from loaders.text import fold

DEFAULT = ("Hà Nam", "Hà Tĩnh")
UNKNOWN_YEAR = "Không rõ năm"


def render() -> None:
    st.header("So sánh các tỉnh")
    if not data.is_built():
        st.info(data.not_built_message(), icon=":material/info:")
        return
    v = data.version()
    provinces = data.provinces(v)
    asked = set(ui.param_list("tinh"))
    names = [p.label for p in provinces if p.documents or p.label in asked]
    if len(names) < 2:
        st.info("Cần dữ liệu của ít nhất hai tỉnh để so sánh.", icon=":material/info:")
        return
    wanted = [n for n in ui.param_list("tinh") if n in names]
    if not wanted:
        wanted = [n for n in DEFAULT if n in names] or names[:2]
        if len(wanted) < 2:
            wanted = (wanted + [n for n in names if n not in wanted])[:2]
    chosen = st.multiselect("Các tỉnh, thành phố so sánh", names, default=wanted, max_selections=6)
    if len(chosen) < 2:
        st.warning("Chọn ít nhất hai tỉnh.", icon=":material/warning:")
        return
    ui.set_params(tinh=chosen if set(chosen) != set(DEFAULT) else None)
    by_label = {p.label: p for p in provinces}
    selected = [by_label[n] for n in chosen]

    docs = [d for d in data.documents(v).values() if d.province_label in chosen]
    facts = [f for f in data.task_facts(v) if f["province"] in {p.uri for p in selected}]
    label_of = {p.uri: p.label for p in selected}
    _summary(selected, docs, facts)
    _documents_by_kind_year(chosen, docs)
    _central_documents(v, chosen)
    _leads(v, chosen, facts, label_of)
    _deadline_styles(chosen, facts, label_of)
    _topics(v, chosen, docs)


def _summary(selected: list[data.Province], docs: list[data.DocInfo], facts: list[dict]) -> None:
    cols = st.columns(len(selected))
    for col, province in zip(cols, selected, strict=True):
        mine = [d for d in docs if d.province == province.uri]
        with col.container(border=True):
            st.markdown(f"#### {province.label}")
            ui.show(ui.link(province.uri, "Trang của tỉnh"))
            a, b, c = st.columns(3)
            a.metric("Văn bản đã nạp", sum(1 for d in mine if d.source))
            b.metric("Văn bản được biết", len(mine))
            c.metric("Nhiệm vụ", sum(1 for f in facts if f["province"] == province.uri))


def _chart(frame: pd.DataFrame, x: str, y: str, colour: str, title: str, horizontal: bool = False,
           column: str | None = None) -> alt.Chart:
    if horizontal:
        chart = alt.Chart(frame).mark_bar().encode(
            y=alt.Y(f"{x}:N", sort="-x", title=None, axis=alt.Axis(labelLimit=320)),
            x=alt.X(f"{y}:Q", title=y, axis=alt.Axis(format="d", tickMinStep=1)),
            color=alt.Color(f"{colour}:N", title=colour),
            yOffset=alt.YOffset(f"{colour}:N"), tooltip=list(frame.columns))
    else:
        chart = alt.Chart(frame).mark_bar().encode(
            x=alt.X(f"{x}:N", title=x, axis=alt.Axis(labelAngle=0, labelLimit=160)),
            y=alt.Y(f"{y}:Q", title=y, stack=True, axis=alt.Axis(format="d", tickMinStep=1)),
            color=alt.Color(f"{colour}:N", title=colour),
            tooltip=list(frame.columns))
        if column:
            chart = chart.facet(column=alt.Column(f"{column}:N", title=None))
    return chart.properties(title=title)


def _pivot_table(frame: pd.DataFrame, index: str, columns: str, values: str, chosen: list[str]) -> None:
    table = frame.pivot_table(index=index, columns=columns, values=values, aggfunc="sum", fill_value=0)
    table = table.reindex(columns=[c for c in chosen if c in table.columns])
    table["Tổng"] = table.sum(axis=1)
    table = table.sort_values("Tổng", ascending=False)
    st.dataframe(table, use_container_width=True)


def _documents_by_kind_year(chosen: list[str], docs: list[data.DocInfo]) -> None:
    st.subheader("Văn bản theo loại và năm")
    only_loaded = st.toggle("Chỉ tính văn bản đã nạp toàn văn", value=False, key="only-loaded")
    counts = Counter((d.province_label, d.kind_label or "Không rõ loại", str(d.year) if d.year else UNKNOWN_YEAR)
                     for d in docs if d.source or not only_loaded)
    if not counts:
        st.caption("Không có văn bản.")
        return
    frame = pd.DataFrame([{"Tỉnh": p, "Loại văn bản": k, "Năm": y, "Số văn bản": n}
                          for (p, k, y), n in sorted(counts.items())])
    left, right = st.columns([3, 2])
    left.altair_chart(_heatmap(frame, chosen), use_container_width=False)
    with right:
        _pivot_table(frame.assign(**{"Loại, năm": frame["Loại văn bản"] + " " + frame["Năm"]}),
                     "Loại, năm", "Tỉnh", "Số văn bản", chosen)


def _heatmap(frame: pd.DataFrame, chosen: list[str]) -> alt.FacetChart:
    """Kind × year, one panel per province, the count written in each cell."""
    years = sorted(frame["Năm"].unique(), key=lambda y: (y == UNKNOWN_YEAR, y))
    base = alt.Chart(frame).encode(
        x=alt.X("Năm:O", sort=years, title=None, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("Loại văn bản:N", title=None, axis=alt.Axis(labelLimit=200)))
    cells = base.mark_rect(stroke="#ffffff").encode(
        color=alt.Color("Số văn bản:Q", scale=alt.Scale(scheme="blues"), legend=None),
        tooltip=list(frame.columns))
    text = base.mark_text(fontSize=13).encode(text="Số văn bản:Q", color=alt.value("#111827"))
    return (cells + text).properties(width=max(120, 70 * len(years)), height=alt.Step(34)).facet(
        column=alt.Column("Tỉnh:N", title=None, sort=chosen)).properties(title="Số văn bản theo loại và năm")


def _central_documents(v: str, chosen: list[str]) -> None:
    st.subheader("Văn bản Trung ương được triển khai hoặc dẫn chiếu")
    docs = data.documents(v)
    rows: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    relations: dict[str, set[str]] = defaultdict(set)
    for (a, b), edge in data.citations(v).items():
        citing, cited = docs.get(a), docs.get(b)
        if citing is None or cited is None or citing.province_label not in chosen:
            continue
        if cited.scope != "national" and not ui.key_of(b).startswith("doc/vn/"):
            continue
        rows[b][citing.province_label].add(a)
        relations[b].update(edge.relations)
    if not rows:
        st.caption("Các tỉnh đã chọn chưa dẫn chiếu văn bản Trung ương nào.")
        return
    order = sorted(rows, key=lambda b: (-len(rows[b]), -sum(len(s) for s in rows[b].values()),
                                        fold(docs[b].display)))
    table = []
    for b in order:
        shared = len(rows[b]) > 1
        cells = [ui.link(b, docs[b].display) + (" " + ui.badge("chung", "#2563eb") if shared else ""),
                 "".join(ui.rel(relation_label(r)) for r in sorted(relations[b]))]
        for province in chosen:
            citing = sorted(rows[b].get(province, set()))
            cells.append(ui.links([(a, docs[a].display) for a in citing], sep="<br>") if citing
                         else '<span class="dkg-muted">—</span>')
        table.append(cells)
    frame = pd.DataFrame([{"Văn bản Trung ương": docs[b].display[:60], "Tỉnh": p, "Số văn bản dẫn chiếu": len(s)}
                          for b in order for p, s in rows[b].items()])
    st.altair_chart(_chart(frame, "Văn bản Trung ương", "Số văn bản dẫn chiếu", "Tỉnh",
                           "Văn bản Trung ương (văn bản chung của các tỉnh ở trên cùng)", horizontal=True),
                    use_container_width=True)
    ui.show(ui.html_table(["Văn bản Trung ương", "Quan hệ", *[f"Văn bản của {p}" for p in chosen]], table))


def _leads(v: str, chosen: list[str], facts: list[dict], label_of: dict[str, str]) -> None:
    st.subheader("Ai chủ trì nhiệm vụ (theo nhóm cơ quan)")
    organs = data.organ_categories(v)
    counts: Counter = Counter()
    examples: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for fact in facts:
        province = label_of[fact["province"]]
        for lead in fact["leads"]:
            code, name, _prov = organs.get(lead, (None, lead, None))
            group = category_label(code)
            counts[(province, group)] += 1
            examples[(province, group)][name] += 1
    if not counts:
        st.caption("Chưa có nhiệm vụ có cơ quan chủ trì.")
        return
    frame = pd.DataFrame([{"Tỉnh": p, "Nhóm cơ quan": g, "Số nhiệm vụ": n,
                           "Cơ quan": ", ".join(name for name, _ in examples[(p, g)].most_common(4))}
                          for (p, g), n in sorted(counts.items())])
    left, right = st.columns([3, 2])
    left.altair_chart(_chart(frame, "Nhóm cơ quan", "Số nhiệm vụ", "Tỉnh", "Nhiệm vụ theo nhóm cơ quan chủ trì",
                             horizontal=True), use_container_width=True)
    with right:
        _pivot_table(frame, "Nhóm cơ quan", "Tỉnh", "Số nhiệm vụ", chosen)
    with st.expander("Cơ quan chủ trì cụ thể"):
        st.dataframe(frame, use_container_width=True, hide_index=True)


def _deadline_styles(chosen: list[str], facts: list[dict], label_of: dict[str, str]) -> None:
    st.subheader("Cách ghi thời hạn")
    counts = Counter((label_of[f["province"]], data.deadline_style(f)) for f in facts)
    if not counts:
        st.caption("Chưa có nhiệm vụ.")
        return
    frame = pd.DataFrame([{"Tỉnh": p, "Cách ghi thời hạn": s, "Số nhiệm vụ": n} for (p, s), n in sorted(counts.items())])
    left, right = st.columns([3, 2])
    left.altair_chart(_chart(frame, "Cách ghi thời hạn", "Số nhiệm vụ", "Tỉnh", "Nhiệm vụ theo cách ghi thời hạn",
                             horizontal=True), use_container_width=True)
    with right:
        _pivot_table(frame, "Cách ghi thời hạn", "Tỉnh", "Số nhiệm vụ", chosen)


def _topics(v: str, chosen: list[str], docs: list[data.DocInfo]) -> None:
    st.subheader("Chủ đề")
    st.caption("Một văn bản thuộc một chủ đề khi trích yếu, nhiệm vụ hoặc hội nghị của nó có cụm từ của chủ đề "
               "(danh sách chủ đề: app/topics.yaml).")
    lexicon = data.topic_lexicon()
    texts = data.document_texts(v)
    counts: Counter = Counter()
    for doc in docs:
        body = fold(" ".join(texts.get(doc.uri, [])))
        if not body:
            continue
        for topic, phrases in lexicon.items():
            if any(p in body for p in phrases):
                counts[(doc.province_label, topic)] += 1
    if not counts:
        st.caption("Chưa đủ nội dung để nhận ra chủ đề.")
        return
    frame = pd.DataFrame([{"Tỉnh": p, "Chủ đề": t, "Số văn bản": n} for (p, t), n in sorted(counts.items())])
    left, right = st.columns([3, 2])
    left.altair_chart(_chart(frame, "Chủ đề", "Số văn bản", "Tỉnh", "Văn bản theo chủ đề", horizontal=True),
                      use_container_width=True)
    with right:
        _pivot_table(frame, "Chủ đề", "Tỉnh", "Số văn bản", chosen)
