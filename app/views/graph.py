"""Đồ thị: start from any node, expand neighbours one hop at a time, filter by node and edge type,
at most 300 nodes, shortest path between two nodes, export PNG / HTML / CSV.

URL: ``do-thi?id=doc/vn/74-kl-tw/2020&mo=doc/file/002-…&loai=Document&loai=Organ&bo=recipient&den=organ/…``
(``mo``: nodes expanded; ``loai``: node types shown; ``bo``: relations hidden; ``den``: path target).
"""

from __future__ import annotations

import streamlit as st

from app import data, graphview, ui
from app.labels import NODE_TYPES, PROVENANCE_TYPES, term_label, type_label
from loaders.text import fold

DEFAULT_HIDDEN_TYPES = (*PROVENANCE_TYPES, "DocumentKind")
# dkg:cites stands beside every specific citation relation (shown once is enough); a notice's recipients
# fan out to dozens of organs: both can be switched on in the filter.
DEFAULT_HIDDEN_RELATIONS = ("cites", "recipient")


def render() -> None:
    st.header("Đồ thị")
    if not data.is_built():
        st.info(data.not_built_message(), icon=":material/info:")
        return
    v = data.version()
    key = ui.param("id")
    if not key:
        _choose_start(v)
        return
    start = ui.uri_of(key)
    info = data.node_info(v, start)
    if info is None:
        st.warning(f"Không có “{key}” trong kho dữ liệu.", icon=":material/warning:")
        _choose_start(v)
        return

    expanded = [start] + [ui.uri_of(k) for k in ui.param_list("mo") if ui.uri_of(k) != start]
    all_nodes: dict[str, data.NodeInfo] = {start: info}
    all_edges: list[data.GraphEdge] = []
    for node in expanded:
        edges, nodes = data.neighbourhood(v, node)
        all_edges += edges
        for uri, n in nodes.items():
            all_nodes.setdefault(uri, n)
        if node not in all_nodes:
            found = data.node_info(v, node)
            if found:
                all_nodes[node] = found

    # --- filters ---------------------------------------------------------------------------
    present_types = [t for t in (*NODE_TYPES, "Other") if any(n.node_type == t for n in all_nodes.values())]
    wanted_types = ui.param_list("loai") or [t for t in present_types if t not in DEFAULT_HIDDEN_TYPES]
    relations = sorted({e.prop for e in all_edges}, key=lambda p: fold(term_label(p)))
    hidden_relations = ui.param_list("bo") if "bo" in st.query_params else list(DEFAULT_HIDDEN_RELATIONS)
    with st.expander("Lọc theo loại nút và loại quan hệ", icon=":material/filter_alt:"):
        types = st.multiselect("Loại nút hiển thị", present_types, default=[t for t in wanted_types
                                                                              if t in present_types],
                               format_func=type_label)
        shown_relations = st.multiselect("Quan hệ hiển thị", relations,
                                         default=[r for r in relations if r not in hidden_relations],
                                         format_func=lambda p: term_label(p))
    hidden_relations = sorted(set(relations) - set(shown_relations)) or []

    # --- shortest path -----------------------------------------------------------------------
    target_key = ui.param("den")
    path_nodes: list[data.NodeInfo] = []
    path_edges: list[data.GraphEdge] = []
    with st.expander("Đường đi ngắn nhất giữa hai nút", expanded=bool(target_key), icon=":material/route:"):
        st.caption(f"Từ nút gốc “{info.label}” đến một nút khác (bỏ qua chiều mũi tên và các loại nút đang ẩn).")
        query = st.text_input("Tìm nút đích", placeholder="Số ký hiệu, tên cơ quan, tên người…", key="path-q")
        options: dict[str, str] = {}
        if target_key:
            target = data.node_info(v, ui.uri_of(target_key))
            if target:
                options[target.uri] = target.label
        if query:
            for hit in data.search(v, query, limit=30):
                options.setdefault(hit.uri, f"{hit.label} ({hit.province or 'không rõ tỉnh'})")
        target = st.selectbox("Nút đích", list(options), format_func=lambda u: options[u], index=0 if options else None,
                              placeholder="Chọn nút đích")
        if target and target != start:
            target_key = ui.key_of(target)
            unchecked = {t for t in present_types if t not in types}
            excluded = tuple(unchecked | ({*DEFAULT_HIDDEN_TYPES} - set(types)))
            found = data.shortest_path(v, start, target, exclude=excluded)
            if found is None:
                st.warning("Không có đường đi giữa hai nút này (với các loại nút đang hiển thị).")
            else:
                path_nodes, path_edges = found
                st.success(f"Đường đi dài {len(path_edges)} bước: " + " → ".join(n.label for n in path_nodes))
        else:
            target_key = None

    # --- the view ------------------------------------------------------------------------------
    for n in path_nodes:
        all_nodes.setdefault(n.uri, n)
    on_path = {n.uri for n in path_nodes}
    visible = {u: n for u, n in all_nodes.items() if n.node_type in types or u in on_path or u == start}
    edges = _dedupe([e for e in all_edges + path_edges
                     if e.src in visible and e.dst in visible
                     and (e.prop in shown_relations or (e in path_edges))])
    connected = {start} | on_path | {e.src for e in edges} | {e.dst for e in edges}
    visible = {u: n for u, n in visible.items() if u in connected}
    if len(visible) > graphview.MAX_NODES:
        keep = [start, *[u for u in expanded if u in visible], *on_path]
        keep += [u for u in visible if u not in keep]
        keep_set = set(keep[: graphview.MAX_NODES])
        st.warning(f"Đồ thị có {len(visible)} nút; chỉ vẽ {graphview.MAX_NODES} nút đầu. Hãy lọc bớt loại nút "
                   "hoặc loại quan hệ để thấy phần còn lại.", icon=":material/warning:")
        visible = {u: n for u, n in visible.items() if u in keep_set}
        edges = [e for e in edges if e.src in visible and e.dst in visible]

    ui.set_params(id=key, mo=[ui.key_of(u) for u in expanded[1:]],
                  loai=types if set(types) != {t for t in present_types if t not in DEFAULT_HIDDEN_TYPES} else None,
                  bo=(hidden_relations or ["-"]) if hidden_relations != sorted(set(DEFAULT_HIDDEN_RELATIONS)
                                                                               & set(relations)) else None,
                  den=target_key)

    nodes = [graphview.Node(u, n.label, n.node_type, url=ui.entity_href(u),
                            highlight=(u == start or u in on_path)) for u, n in visible.items()]
    gedges = [graphview.Edge(e.src, e.dst, e.prop) for e in edges]
    hidden_note = (f" Đang ẩn quan hệ: {', '.join(term_label(r) for r in hidden_relations)} (bật lại trong bộ lọc)."
                   if hidden_relations else "")
    st.caption(f"{len(nodes)} nút, {len(gedges)} quan hệ. Nút gốc: {info.label}. "
               f"Đã mở rộng {len(expanded)} nút.{hidden_note}")
    _expand_controls(visible, expanded, key)
    page = graphview.render(nodes, gedges, height=600, filename=f"do-thi-{fold(info.label)[:40]}.png")
    graphview.show(page, height=600)
    ui.show(graphview.legend_html(sorted({n.node_type for n in nodes}, key=lambda t: (*NODE_TYPES, "Other").index(t))))
    cols = st.columns(3)
    cols[0].download_button("Tải HTML", page.encode("utf-8"), file_name="do-thi.html", mime="text/html",
                            icon=":material/download:")
    cols[1].download_button("Tải CSV (nút và quan hệ)", graphview.to_csv(nodes, gedges), file_name="do-thi.csv",
                            mime="text/csv", icon=":material/download:")
    cols[2].caption("Ảnh PNG: nút “Tải ảnh PNG” ở góc trên bên phải đồ thị.")


def _dedupe(edges: list[data.GraphEdge]) -> list[data.GraphEdge]:
    seen, out = set(), []
    for e in edges:
        if (e.src, e.dst, e.prop) not in seen:
            seen.add((e.src, e.dst, e.prop))
            out.append(e)
    return out


def _expand_controls(visible: dict[str, data.NodeInfo], expanded: list[str], key: str) -> None:
    candidates = sorted((u for u in visible if u not in expanded), key=lambda u: fold(visible[u].label))
    cols = st.columns([4, 1, 1])
    choice = cols[0].selectbox("Mở rộng thêm một bước từ nút", candidates, index=None,
                               format_func=lambda u: f"{visible[u].label} ({type_label(visible[u].node_type)})",
                               placeholder="Chọn một nút trong đồ thị để hiện các nút kề", key="expand-choice")
    if cols[1].button("Mở rộng", icon=":material/add_circle:", disabled=choice is None, use_container_width=True):
        params = {k: st.query_params.get_all(k) for k in st.query_params}
        params["mo"] = [*params.get("mo", []), ui.key_of(choice)]
        st.query_params.from_dict(params)
        st.rerun()
    if cols[2].button("Thu gọn", icon=":material/restart_alt:", disabled=len(expanded) <= 1,
                      use_container_width=True):
        params = {k: st.query_params.get_all(k) for k in st.query_params if k != "mo"}
        st.query_params.from_dict(params)
        st.rerun()


def _choose_start(v: str) -> None:
    st.caption("Chọn nút bắt đầu: một văn bản, cơ quan, người, hội nghị …")
    query = st.text_input("Tìm nút bắt đầu", placeholder="74-KL/TW, Tỉnh đoàn, …", key="start-q")
    if not query:
        return
    hits = data.search(v, query, limit=30)
    if not hits:
        st.warning("Không tìm thấy.")
        return
    rows = [f'<div class="dkg-hit"><a href="{ui.esc(ui.href(ui.PAGE_GRAPH, id=ui.key_of(h.uri)))}" '
            f'target="_self">{ui.esc(h.label)}</a> <span class="dkg-muted">{ui.esc(h.province or "")}</span></div>'
            for h in hits]
    ui.show("".join(rows))
