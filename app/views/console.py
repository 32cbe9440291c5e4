"""Truy vấn: SPARQL and Cypher consoles, read-only, with a time limit and a row limit.

The named queries of ``queries/`` are a picklist whose parameters become form fields; results show as
a table, as a graph when they hold nodes or paths, and as a CSV download.  A write (SPARQL Update,
Cypher CREATE/MERGE/SET/DELETE …) is refused with a message; an engine error shows its message, never
a traceback.

URL: ``truy-van?ngon_ngu=Cypher&ten=cited_by&p.symbol=01-ĐA/TU`` or ``truy-van?ngon_ngu=SPARQL&q=SELECT…``.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from app import data, graphview, ui
from app.labels import local
from loaders.stores.errors import QueryRefused, QueryTimeout, StoreError

LANGS = {"SPARQL": "sparql", "Cypher": "cypher"}
FREE = "(tự viết truy vấn)"
EXAMPLES = {
    "sparql": ("SELECT ?van_ban ?so_ky_hieu ?trich_dan WHERE {\n"
               "  ?e a dkg:CitationEvidence ; dkg:citing ?van_ban ; dkg:cited ?dich ; dkg:sourceText ?trich_dan .\n"
               "  ?dich eli:id_local ?so_ky_hieu .\n"
               "} LIMIT 50"),
    "cypher": ("MATCH (a:Document)-[r:cites]->(b:Document)\n"
               "RETURN a, r, b\n"
               "LIMIT 50"),
}
ID_BASE = "https://w3id.org/vn-directives/"


def render() -> None:
    st.header("Truy vấn SPARQL và Cypher")
    if not data.is_built():
        st.info(data.not_built_message(), icon=":material/info:")
        return
    st.caption("Chỉ đọc: mọi lệnh ghi (INSERT, DELETE, LOAD, CREATE, MERGE, SET, REMOVE, DROP …) đều bị từ chối. "
               f"Bộ máy đồ thị thuộc tính: {data.graph_engine_name()}. SPARQL chạy trên hợp của mọi đồ thị văn bản.")
    count = _node_count()
    if count is not None:
        ui.show(f'<p>Số nút trong đồ thị thuộc tính: <b class="dkg-node-count">{count}</b></p>')
    cols = st.columns([1, 1, 4])
    timeout_s = cols[0].number_input("Giới hạn thời gian (giây)", 1, 120, 15, key="timeout")
    limit = cols[1].number_input("Giới hạn số dòng", 10, 100_000, 1000, step=100, key="limit")
    current = ui.param("ngon_ngu") if ui.param("ngon_ngu") in LANGS else "SPARQL"
    tabs = st.tabs(list(LANGS), default=current, key="ngon_ngu", on_change="rerun")
    for (name, lang), tab in zip(LANGS.items(), tabs, strict=True):
        if getattr(tab, "open", name == current) is False:
            continue
        with tab:
            _console(lang, float(timeout_s), int(limit))


def _node_count() -> int | None:
    try:
        with data.stores().lock:
            counts = data.stores().graph().counts()
    except Exception:  # noqa: BLE001 - the page works without the count
        return None
    return sum(counts.get("nodes", {}).values())


def _console(lang: str, timeout_s: float, limit: int) -> None:
    queries = data.named_queries()
    names = [FREE, *[n for n, q in queries.items() if (q.sparql if lang == "sparql" else (q.cypher or q.neo4j_cypher))]]
    wanted = ui.param("ten")
    chosen = st.selectbox("Truy vấn mẫu", names, index=names.index(wanted) if wanted in names else 0,
                          key=f"{lang}-named", format_func=lambda n: n if n == FREE else
                          f"{n} — {queries[n].description}")
    if chosen == FREE:
        text = st.text_area(f"Truy vấn {_tab_name(lang)}", value=ui.param("q") or EXAMPLES[lang], height=180,
                            key=f"{lang}-text")
        if st.button("Chạy", type="primary", key=f"{lang}-run", icon=":material/play_arrow:"):
            st.query_params.from_dict({"ngon_ngu": _tab_name(lang), "q": text})
            _run(lang, lambda: data.run_text(text, lang, timeout_s, limit))
    else:
        query = queries[chosen]
        st.caption(query.description)
        with st.form(f"{lang}-form"):
            values: dict[str, Any] = {}
            for p in query.params:
                default = ui.param(f"p.{p.name}") or ("" if p.default is None else str(p.default))
                label = p.name + (" *" if p.required else "")
                if p.choices:
                    options = ["", *p.choices]
                    values[p.name] = st.selectbox(label, options, index=options.index(default) if default in options
                                                  else 0, help=p.description, key=f"{lang}-{chosen}-{p.name}")
                else:
                    values[p.name] = st.text_input(label, value=default, help=p.description,
                                                   key=f"{lang}-{chosen}-{p.name}")
            submitted = st.form_submit_button("Chạy", type="primary", icon=":material/play_arrow:")
        with st.expander("Văn bản truy vấn"):
            try:
                st.code(query.text(lang, data.graph_engine_name()), language="sparql" if lang == "sparql" else "cypher")
            except ValueError as exc:
                st.caption(str(exc))
        if submitted:
            given = {k: v.strip() for k, v in values.items() if isinstance(v, str) and v.strip()}
            st.query_params.from_dict({"ngon_ngu": _tab_name(lang), "ten": chosen,
                                       **{f"p.{k}": v for k, v in given.items()}})
            _run(lang, lambda: data.run_named(chosen, given, lang, timeout_s, limit))
    result = st.session_state.get(f"{lang}-result")
    if result is not None:
        _show(lang, result)


def _tab_name(lang: str) -> str:
    return next(name for name, code in LANGS.items() if code == lang)


def _run(lang: str, call) -> None:
    st.session_state.pop(f"{lang}-result", None)
    try:
        with st.spinner("Đang chạy truy vấn…"):
            st.session_state[f"{lang}-result"] = call()
    except QueryRefused as exc:
        ui.error(f"{exc} Bảng điều khiển này chỉ dùng để đọc dữ liệu.")
    except QueryTimeout as exc:
        ui.error(exc)
    except (StoreError, ValueError) as exc:
        ui.error(exc)
    except Exception as exc:  # noqa: BLE001 - an engine's message for the user, never a traceback
        ui.error(f"Lỗi của bộ máy truy vấn: {type(exc).__name__}: {exc}")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        if "uri" in value:
            return str(value.get("label") or value.get("prefLabel") or value["uri"])
        if "_NODES" in value:
            return " → ".join(_cell(n) for n in value["_NODES"])
        label = value.get("_LABEL") or value.get("_label")
        return f"[{label}]" if label else str(value)
    if isinstance(value, list):
        return ", ".join(_cell(v) for v in value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _show(lang: str, result) -> None:
    for note in result.notes:
        st.caption(note)
    st.success(f"{len(result.rows)} dòng, {result.elapsed_s:.2f} giây" +
               (" (đã cắt ở giới hạn số dòng)" if result.truncated else ""), icon=":material/check:")
    if not result.rows:
        return
    columns = _unique(result.columns)
    frame = pd.DataFrame([[_cell(v) for v in row] for row in result.rows], columns=columns)
    st.dataframe(frame, use_container_width=True, hide_index=True)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    writer.writerows(frame.values.tolist())
    st.download_button("Tải CSV", ("\ufeff" + buffer.getvalue()).encode("utf-8"), file_name="ket-qua.csv",
                       mime="text/csv", key=f"{lang}-csv", icon=":material/download:")
    nodes, edges = result_graph(result)
    if nodes:
        st.markdown(f"**Đồ thị của kết quả** ({len(nodes)} nút, {len(edges)} quan hệ)")
        if len(nodes) > graphview.MAX_NODES:
            st.warning(f"Kết quả có {len(nodes)} nút; chỉ vẽ {graphview.MAX_NODES} nút đầu.")
            keep = set(list(nodes)[: graphview.MAX_NODES])
            nodes = {k: n for k, n in nodes.items() if k in keep}
        page = graphview.render(nodes.values(), edges, height=480, filename="ket-qua.png")
        graphview.show(page, height=480)
        ui.show(graphview.legend_html(sorted({n.node_type for n in nodes.values()})))


def _unique(columns: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for c in columns:
        seen[c] = seen.get(c, 0) + 1
        out.append(c if seen[c] == 1 else f"{c}_{seen[c]}")
    return out


def result_graph(result) -> tuple[dict[str, graphview.Node], list[graphview.Edge]]:
    """Nodes and edges a result holds: Cypher nodes/relationships/paths, or IRIs of the graph (SPARQL)."""
    nodes: dict[str, graphview.Node] = {}
    edges: list[graphview.Edge] = []
    ids: dict[str, str] = {}
    pending: list[tuple[str, str, str]] = []

    def add_node(value: dict) -> str:
        uri = value["uri"]
        label = value.get("label") or value.get("prefLabel") or value.get("title") or local(uri)
        node_type = value.get("_LABEL") or value.get("_label") or "Other"
        nodes.setdefault(uri, graphview.Node(uri, str(label), str(node_type), url=ui.entity_href(uri)))
        if "_ID" in value:
            ids[str(value["_ID"])] = uri
        return uri

    def walk(value: Any) -> list[str]:
        if isinstance(value, dict):
            if "uri" in value:
                return [add_node(value)]
            if "_NODES" in value:
                for n in value["_NODES"]:
                    walk(n)
                for r in value.get("_RELS", []):
                    walk(r)
                return []
            if "_SRC" in value and "_DST" in value:
                pending.append((str(value["_SRC"]), str(value["_DST"]), str(value.get("_LABEL", ""))))
            elif "_src" in value and "_dst" in value and value["_src"] and value["_dst"]:
                edges.append(graphview.Edge(value["_src"], value["_dst"], str(value.get("_label", ""))))
            return []
        if isinstance(value, list):
            found = [u for v in value for u in walk(v)]
            for a, b in zip(found, found[1:], strict=False):       # a Neo4j path: its nodes in order
                if all(isinstance(v, dict) and "uri" in v for v in value):
                    edges.append(graphview.Edge(a, b, "đường đi", plain=True))
            return found
        return []

    if any(isinstance(v, (dict, list)) for row in result.rows for v in row):
        for row in result.rows:
            for value in row:
                walk(value)
        for src, dst, label in pending:
            if src in ids and dst in ids:
                edges.append(graphview.Edge(ids[src], ids[dst], label))
        return nodes, edges

    # SPARQL: IRIs of the data are nodes; a row links its first IRI to the others.
    v = data.version()
    triples = result.columns[:3] == ["subject", "predicate", "object"]
    for row in result.rows:
        if triples:
            s, p, o = row[:3]
            if _is_data(s) and _is_data(o):
                for uri in (s, o):
                    _sparql_node(v, uri, nodes)
                edges.append(graphview.Edge(s, o, local(str(p))))
            continue
        iris = [(c, x) for c, x in zip(result.columns, row, strict=False) if _is_data(x)]
        for _c, uri in iris:
            _sparql_node(v, uri, nodes)
            if len(nodes) > graphview.MAX_NODES:
                break
        for column, uri in iris[1:]:
            edges.append(graphview.Edge(iris[0][1], uri, column, plain=True))
    return nodes, edges


def _is_data(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(ID_BASE + "id/")


def _sparql_node(v: str, uri: str, nodes: dict[str, graphview.Node]) -> None:
    if uri in nodes or len(nodes) > graphview.MAX_NODES:
        return
    info = data.node_info(v, uri)
    nodes[uri] = graphview.Node(uri, info.label if info else local(uri), info.node_type if info else "Other",
                                url=ui.entity_href(uri))
