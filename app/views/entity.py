"""Đối tượng: the page of any other node (person, post, meeting, task, province, document kind …):
its properties, what it points to and what points to it, each a link; tasks also show their status and
the sentence they came from.

URL: ``doi-tuong?id=person/ha-nam/le-thi-thuy``.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from app import data, ui
from app.labels import TASK_KIND_VI, recurrence_label, term_label, type_label
from app.views import common

#: Literal properties not worth a row (codes the page shows in words elsewhere).
HIDDEN = {"label", "spanStart", "spanEnd", "organId", "symbolInferred", "resolved", "wasDerivedFrom"}


def render() -> None:
    if not data.is_built():
        st.info(data.not_built_message(), icon=":material/info:")
        return
    v = data.version()
    key = ui.param("id")
    if not key:
        st.header("Đối tượng")
        st.caption("Mở một đối tượng từ trang tìm kiếm hoặc từ một liên kết.")
        return
    uri = ui.uri_of(key)
    node = data.entity(v, uri)
    if node is None:
        st.header("Đối tượng")
        st.warning(f"Không có “{key}” trong kho dữ liệu.", icon=":material/warning:")
        return
    if node.node_type in ("Document", "Organ") and page_is_wrong(uri):
        ui.go(uri)
    st.header(node.label)
    st.caption(type_label(node.node_type))
    ui.show(f'<p><a href="{ui.esc(ui.href(ui.PAGE_GRAPH, id=key))}" target="_self">Xem trong đồ thị</a></p>')

    if node.node_type == "Task":
        _task(v, node)
    if node.node_type == "Province":
        link = ui.href(ui.PAGE_COMPARE, tinh=node.label)
        ui.show(f'<p><a href="{ui.esc(link)}" target="_self">So sánh {ui.esc(node.label)} với tỉnh khác</a></p>')

    literal_rows = []
    link_rows = []
    for prop, values in sorted(node.out.items(), key=lambda kv: term_label(kv[0])):
        if prop in HIDDEN:
            continue
        if all(x.is_iri for x in values):
            link_rows.append((ui.esc(term_label(prop).capitalize()), ui.links([(x.value, x.label or x.value) for x in values],
                                                                sep="<br>")))
        else:
            shown = ", ".join(ui.fmt_date(str(x.value)) if isinstance(x.value, date) else str(x.value) for x in values)
            if prop == "recurrence":
                shown = recurrence_label(shown)
            if prop == "taskKind":
                shown = TASK_KIND_VI.get(shown, shown)
            if prop == "sourceText" and node.node_type == "Task":
                continue                      # shown above, in the original text
            literal_rows.append((ui.esc(term_label(prop).capitalize()), ui.esc(shown)))
    if literal_rows:
        st.subheader("Thuộc tính")
        ui.show(ui.html_table(["Thuộc tính", "Giá trị"], literal_rows))
    if link_rows:
        st.subheader("Liên kết đến")
        ui.show(ui.html_table(["Quan hệ", "Đối tượng"], link_rows))
    incoming = [(prop, values) for prop, values in sorted(node.incoming.items(), key=lambda kv: term_label(kv[0]))
                if prop != "wasDerivedFrom"]
    if incoming:
        st.subheader("Được liên kết từ")
        rows = []
        for prop, values in incoming:
            by_type: dict[str, list[data.Value]] = {}
            for x in values:
                by_type.setdefault(x.node_type or "Other", []).append(x)
            for node_type, members in sorted(by_type.items(), key=lambda kv: -len(kv[1])):
                shown = members[:200]
                more = (f'<br><span class="dkg-muted">… và {len(members) - 200} mục khác</span>'
                        if len(members) > 200 else "")
                head = (f"{ui.esc(term_label(prop).capitalize())}<br><span class='dkg-muted'>"
                        f"{ui.esc(type_label(node_type))} ({len(members)})</span>")
                rows.append((head, ui.links([(x.value, x.label or x.value) for x in shown], sep="<br>") + more))
        ui.show(ui.html_table(["Quan hệ", "Đối tượng"], rows))


def page_is_wrong(uri: str) -> bool:
    """A document or organ whose IRI is not under doc/ or organ/ still gets its own page."""
    return ui.page_of(uri) != ui.PAGE_ENTITY


def _task(v: str, node: data.Entity) -> None:
    found = data.tasks(v, "task", node.uri)
    if not found:
        return
    task = found[0]
    column, _ = st.columns([1, 3])
    with column:
        as_of = common.as_of_date()
    docs = data.documents(v)
    ui.show(common.task_table([task], as_of, with_document=True, docs=docs))
    doc = docs.get(task.document or "")
    st.markdown("**Câu gốc**")
    ui.show(common.quote(doc.source if doc else None, task.start, task.end, task.text))
