"""Văn bản: metadata, what it cites and what cites it (tree and graph), its meeting, its tasks, and
the sentence behind every edge, from the original file with the span highlighted.

URL: ``van-ban?id=doc/ha-nam/01-da-tu/2021&sau=2&ngay=2022-01-01``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import streamlit as st

from app import data, graphview, ui
from app.labels import relation_label, term_label
from app.views import common

MAX_DEPTH = 5


def render() -> None:
    if not data.is_built():
        st.info(data.not_built_message(), icon=":material/info:")
        return
    v = data.version()
    docs = data.documents(v)
    key = ui.param("id")
    if not key:
        st.header("Văn bản")
        chosen = common.picker("Chọn văn bản", {u: d.display for u, d in docs.items()}, "Gõ số ký hiệu hoặc tên…")
        if chosen:
            ui.go(chosen)
        return
    uri = ui.uri_of(key)
    doc = docs.get(uri)
    if doc is None:
        st.header("Văn bản")
        st.warning(f"Không có văn bản “{key}” trong kho dữ liệu.", icon=":material/warning:")
        return
    entity = data.entity(v, uri)

    st.header(doc.display)
    sub = [x for x in (doc.kind_label, doc.province_label, ui.fmt_date(doc.date.isoformat()) if doc.date else None)
           if x]
    st.caption(" · ".join(sub))
    _metadata(doc, entity)

    depth = _depth()
    ui.set_params(id=key, sau=depth if depth != 2 else None, ngay=ui.param("ngay") or None)
    out_tree = data.citation_tree(v, uri, depth, "out")
    in_tree = data.citation_tree(v, uri, depth, "in")
    left, right = st.columns(2)
    with left:
        st.subheader(f"Văn bản này dẫn chiếu ({len(data.tree_nodes(out_tree))})")
        ui.show(_tree_html(out_tree, docs, "dkg-cites") if out_tree
                else '<p class="dkg-muted">Không dẫn chiếu văn bản nào.</p>')
    with right:
        st.subheader(f"Được dẫn chiếu bởi ({len(data.tree_nodes(in_tree))})")
        ui.show(_tree_html(in_tree, docs, "dkg-cited-by") if in_tree
                else '<p class="dkg-muted">Chưa văn bản nào dẫn chiếu.</p>')
    if out_tree or in_tree:
        with st.expander("Đồ thị dẫn chiếu", expanded=True, icon=":material/hub:"):
            _graph(uri, doc, out_tree, in_tree, docs)

    _meetings(v, uri)
    _tasks(v, uri)
    _provenance(v, uri, doc, docs)


def _depth() -> int:
    try:
        default = min(MAX_DEPTH, max(1, int(ui.param("sau", "2"))))
    except ValueError:
        default = 2
    column, _ = st.columns([1, 2])
    return column.slider("Độ sâu dẫn chiếu (bắc cầu)", 1, MAX_DEPTH, default, key="depth")


def _metadata(doc: data.DocInfo, entity: data.Entity | None) -> None:
    first = entity.first if entity else (lambda _p: None)
    signer = ", ".join(x for x in (first("signerName"), first("signerPost")) if x)
    if first("signingMode"):
        signer += f" (ký {first('signingMode')})"
    rows = [
        ("Loại văn bản", ui.link(doc.kind, doc.kind_label) if doc.kind else ""),
        ("Số, ký hiệu", ui.esc(doc.symbol or "")),
        ("Ngày ban hành", ui.esc(ui.fmt_date(doc.date.isoformat()) if doc.date else (doc.year or ""))),
        ("Cơ quan ban hành", ui.link(doc.issuer, doc.issuer_label) if doc.issuer
         else ui.esc(first("issuerName") or "")),
        ("Người ký", ui.esc(signer)),
        ("Tỉnh, thành phố", ui.link(doc.province, doc.province_label) if doc.province else
         ui.esc("Trung ương" if doc.scope == "national" else "")),
        ("Trích yếu", ui.esc(doc.title or "")),
        ("Tệp nguồn", ui.esc(doc.source) if doc.source else
         '<span class="dkg-muted">Chưa có toàn văn: chỉ biết qua các văn bản dẫn chiếu.</span>'),
    ]
    ui.show(ui.html_table(["Thuộc tính", "Giá trị"], [(ui.esc(k), val) for k, val in rows if val]))
    if doc.source and Path(doc.source).is_file():
        path = Path(doc.source)
        st.download_button("Tải tệp gốc", path.read_bytes(), file_name=path.name, icon=":material/download:")


def _doc_meta(doc: data.DocInfo | None) -> str:
    if doc is None:
        return ""
    parts = [p for p in (doc.kind_label, doc.province_label or ("Trung ương" if doc.scope == "national" else None),
                         ui.fmt_date(doc.date.isoformat()) if doc.date else None) if p]
    return f' <span class="dkg-muted">{ui.esc(" · ".join(parts))}</span>' if parts else ""


def _tree_html(nodes: list[data.TreeNode], docs: dict[str, data.DocInfo], css: str = "") -> str:
    items = []
    for node in nodes:
        doc = docs.get(node.uri)
        rels = "".join(ui.rel(relation_label(r)) for r in node.relations)
        again = ' <span class="dkg-muted">(đã nêu ở trên)</span>' if node.repeated else ""
        children = _tree_html(node.children, docs) if node.children else ""
        items.append(f"<li>{rels}{ui.link(node.uri, doc.display if doc else None)}{_doc_meta(doc)}{again}"
                     f"{children}</li>")
    return f'<ul class="dkg-tree {css}">' + "".join(items) + "</ul>"


def _graph(uri: str, doc: data.DocInfo, out_tree: list[data.TreeNode], in_tree: list[data.TreeNode],
           docs: dict[str, data.DocInfo]) -> None:
    nodes = {uri: graphview.Node(uri, doc.display, "Document", url=ui.entity_href(uri), highlight=True)}
    edges: list[graphview.Edge] = []

    def walk(parent: str, children: list[data.TreeNode], outgoing: bool) -> None:
        for child in children:
            info = docs.get(child.uri)
            nodes.setdefault(child.uri, graphview.Node(child.uri, info.display if info else child.uri, "Document",
                                                       url=ui.entity_href(child.uri)))
            for relation in child.relations:
                edges.append(graphview.Edge(parent, child.uri, relation) if outgoing
                             else graphview.Edge(child.uri, parent, relation))
            walk(child.uri, child.children, outgoing)

    walk(uri, out_tree, True)
    walk(uri, in_tree, False)
    page = graphview.render(nodes.values(), edges, height=420, filename="dan-chieu.png", hierarchical=True)
    graphview.show(page, height=420)
    ui.show(graphview.legend_html(["Document"]) + '<p class="dkg-muted">Mũi tên đi từ văn bản dẫn chiếu đến '
            'văn bản được dẫn chiếu; nhãn là loại quan hệ.</p>')


def _meetings(v: str, uri: str) -> None:
    meetings = data.meetings_of(v, uri)
    if not meetings:
        return
    st.subheader("Hội nghị")
    rows = []
    for m in meetings:
        rows.append((ui.link(m["m"], m["label"]), ui.esc(m["kind"] or ""),
                     ui.esc(ui.fmt_date(m["date"].isoformat()) if m["date"] else ""), ui.esc(term_label(m["how"]))))
    ui.show(ui.html_table(["Hội nghị", "Loại", "Ngày", "Quan hệ với văn bản"], rows))


def _tasks(v: str, uri: str) -> None:
    tasks = data.tasks(v, "document", uri)
    st.subheader(f"Nhiệm vụ văn bản giao ({len(tasks)})")
    if not tasks:
        st.caption("Văn bản này không giao nhiệm vụ nào (hoặc chưa trích xuất được).")
        return
    column, _ = st.columns([1, 3])
    with column:
        as_of = common.as_of_date()
    ui.set_params(id=ui.param("id"), sau=ui.param("sau") or None,
                  ngay=as_of.isoformat() if as_of != date.today() else None)
    ui.show(common.task_table(tasks, as_of))


def _provenance(v: str, uri: str, doc: data.DocInfo, docs: dict[str, data.DocInfo]) -> None:
    st.subheader("Căn cứ của từng quan hệ")
    st.caption("Câu trong văn bản gốc mà mỗi quan hệ được rút ra; phần tô vàng là đoạn đã trích.")
    edges = data.citations(v)
    outgoing = [e for (a, _b), e in edges.items() if a == uri]
    incoming = [e for (_a, b), e in edges.items() if b == uri]
    blocks = []
    for edge in outgoing + incoming:
        citing = docs.get(edge.citing)
        cited = docs.get(edge.cited)
        for ev in edge.evidence or [None]:
            head = (f"{ui.link(edge.citing, citing.display if citing else None)} "
                    f"{ui.rel(relation_label(ev.relation if ev else edge.relations[0]))} "
                    f"{ui.link(edge.cited, cited.display if cited else None)}")
            body = (common.quote(citing.source if citing else None, ev.start, ev.end, ev.text) if ev
                    else '<div class="dkg-muted">(không có câu nguồn)</div>')
            blocks.append(f"<div>{head}</div>{body}")
    if blocks:
        st.markdown("**Dẫn chiếu**")
        ui.show("".join(blocks))
    tasks = data.tasks(v, "document", uri)
    if tasks:
        with st.expander(f"Nhiệm vụ ({len(tasks)})", icon=":material/task_alt:"):
            parts = []
            for task in tasks:
                roles = "; ".join(f"{common.role_label(r)}: {', '.join(label for _u, label in members)}"
                                  for r, members in task.roles.items())
                parts.append(f"<div>{common.task_text(task, 80)} <span class='dkg-muted'>{ui.esc(roles)}</span></div>"
                             + common.quote(doc.source, task.start, task.end, task.text))
            ui.show("".join(parts))
    mentions = data.mentions_in(v, uri)
    if mentions:
        with st.expander(f"Cơ quan, cá nhân, hội nghị được nhắc đến ({len(mentions)})", icon=":material/label:"):
            parts = []
            for m in mentions:
                parts.append(f"<div>{ui.rel(term_label(m['prop']))}{ui.link(m['about'], m['label'])}</div>"
                             + common.quote(doc.source, m["start"], m["end"], m["text"]))
            ui.show("".join(parts))
