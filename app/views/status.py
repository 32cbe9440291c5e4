"""Dữ liệu và nạp văn bản: what is loaded (counts by type, provinces, last build, SHACL violations with
file and sentence) and an upload box: a .txt/.docx/.pdf/.html file is saved under the data home (its
name made safe), extracted, validated and loaded with a progress bar; a bad file gets a clear message
and changes nothing.
"""

from __future__ import annotations

from collections import defaultdict

import pandas as pd
import streamlit as st

from app import data, ui
from app.labels import NODE_TYPES, term_label, type_label

STAGES = {"extract": "Đọc và trích xuất", "resolve": "Hợp nhất thực thể", "rdf": "RDF và kiểm tra SHACL",
          "store": "Ghi kho RDF", "graph": "Nạp đồ thị thuộc tính", "search": "Lập chỉ mục tìm kiếm"}
MAX_HTML_ROWS = 500       # more loaded files than this: a scrolling table instead of HTML


def render() -> None:
    st.header("Dữ liệu và nạp văn bản")
    _upload()
    if not data.is_built():
        st.info(data.not_built_message(), icon=":material/info:")
        return
    v = data.version()
    _loaded(v)
    _violations()


def _loaded(v: str) -> None:
    st.subheader("Dữ liệu đang có")
    when = data.last_build_time()
    manifest = data.manifest()
    docs = data.documents(v)
    cols = st.columns(4)
    cols[0].metric("Văn bản đã nạp toàn văn", sum(1 for d in docs.values() if d.source))
    cols[1].metric("Văn bản được biết (cả qua dẫn chiếu)", len(docs))
    cols[2].metric("Bộ ba RDF", f"{data.triple_count():,}".replace(",", "."))
    cols[3].metric("Lần xây dựng gần nhất", when.strftime("%d/%m/%Y %H:%M") if when else "—")
    st.caption(f"Thư mục dữ liệu: {data.home()} · bộ máy đồ thị: {data.graph_engine_name()} · "
               f"{len(manifest)} tệp nguồn trong danh mục.")

    left, right = st.columns(2)
    counts = data.type_counts(v)
    frame = pd.DataFrame([{"Loại nút": type_label(t), "Số lượng (RDF)": counts.get(t, 0)}
                          for t in NODE_TYPES if counts.get(t)])
    try:
        graph_counts = data.graph_counts(v)
        frame["Số lượng (đồ thị thuộc tính)"] = [graph_counts.get("nodes", {}).get(t, 0)
                                                 for t in NODE_TYPES if counts.get(t)]
    except Exception as exc:  # noqa: BLE001 - the RDF side still shows
        graph_counts = {}
        ui.error(f"Không đọc được đồ thị thuộc tính: {exc}")
    with left:
        st.markdown("**Số nút theo loại**")
        st.dataframe(frame, hide_index=True, use_container_width=True)
    with right:
        rels = graph_counts.get("relationships", {})
        if rels:
            st.markdown("**Số quan hệ theo loại**")
            rel_frame = pd.DataFrame([{"Quan hệ": term_label(r), "Mã": r, "Số lượng": n}
                                      for r, n in sorted(rels.items(), key=lambda kv: -kv[1]) if n])
            st.dataframe(rel_frame, hide_index=True, use_container_width=True, height=300)

    st.markdown("**Theo tỉnh**")
    rows = []
    provinces = data.provinces(v)
    names = {p.uri: p.label for p in provinces}
    by_province: dict[str, list[data.DocInfo]] = defaultdict(list)
    for d in docs.values():
        by_province[d.province or ""].append(d)
    for p in provinces:
        mine = by_province.get(p.uri, [])
        if not mine:
            continue
        successor = f" (nay thuộc {ui.link(p.successor, names.get(p.successor))})" if p.successor else ""
        rows.append((ui.link(p.uri, p.label) + successor, ui.esc(sum(1 for d in mine if d.source)),
                     ui.esc(len(mine))))
    ui.show(ui.html_table(["Tỉnh, thành phố", "Văn bản đã nạp", "Văn bản được biết"], rows))
    st.caption(f"{len(rows)} trong {len(provinces)} tỉnh, thành phố của danh mục có văn bản.")
    loaded = sorted((d for d in docs.values() if d.source), key=lambda d: (d.province_label or "", d.label))
    with st.expander(f"Các tệp đã nạp ({len(loaded)})"):
        if len(loaded) <= MAX_HTML_ROWS:
            ui.show(ui.html_table(["Văn bản", "Tỉnh", "Tệp nguồn"],
                                  [(ui.link(d.uri, d.display), ui.esc(d.province_label or ""), ui.esc(d.source))
                                   for d in loaded]))
        else:                       # thousands of rows: a scrolling table, not one huge HTML fragment
            frame = pd.DataFrame([{"Văn bản": d.display, "Tỉnh": d.province_label or "", "Tệp nguồn": d.source,
                                   "Mở": ui.entity_href(d.uri)} for d in loaded])
            st.dataframe(frame, hide_index=True, use_container_width=True, height=420, column_config={
                "Mở": st.column_config.LinkColumn("Mở", display_text="Mở trang")})


def _violations() -> None:
    st.subheader("Vi phạm ràng buộc SHACL")
    log = data.build_log()
    invalid = [(entry.get("time", ""), line) for entry in log for line in entry.get("invalid", [])]
    failed = [(entry.get("time", ""), f"{path}: {reason}" if not str(reason).startswith(str(path)) else reason)
              for entry in log for path, reason in entry.get("failed", [])]
    if not log:
        st.caption("Kho chỉ nhận văn bản hợp lệ: văn bản vi phạm ràng buộc bị giữ lại ngoài kho và được báo khi "
                   "xây dựng (`dkg build`). Các lần nạp từ trang này được ghi lại dưới đây.")
    elif not invalid and not failed:
        st.success("Các lần nạp gần đây không có vi phạm nào.", icon=":material/verified:")
    for when, text in invalid:
        st.warning(f"{when} — {text}", icon=":material/rule:")
    for when, text in failed:
        st.error(f"{when} — {ui.redact(text)}", icon=":material/error:")
    if st.button("Kiểm tra lại toàn bộ kho bằng SHACL", icon=":material/fact_check:"):
        _revalidate()


def _revalidate() -> None:
    from rdflib import Graph

    from loaders.rdf.validate import validate
    rdf = data.stores().rdf()
    graphs = rdf.documents()
    bar = st.progress(0.0, text="Đang kiểm tra…")
    problems = []
    for i, graph_iri in enumerate(graphs, 1):
        import pyoxigraph as ox
        with data.stores().lock:
            triples = [q.triple for q in rdf.quads(graph_iri)]
        graph = Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8"),
                              format="nt")
        report = validate(graph)
        if not report.conforms:
            problems.append(report.describe())
        bar.progress(i / max(1, len(graphs)), text=f"Đã kiểm tra {i}/{len(graphs)} văn bản")
    bar.empty()
    if problems:
        for text in problems:
            st.warning(text, icon=":material/rule:")
    else:
        st.success(f"Cả {len(graphs)} đồ thị văn bản đều hợp lệ.", icon=":material/verified:")


def _upload() -> None:
    with st.container(border=True):
        st.subheader("Nạp thêm văn bản")
        st.caption("Tệp .txt, .docx, .pdf hoặc .html. Tệp được lưu vào thư mục dữ liệu (uploads/), rồi được đọc, "
                   "trích xuất, kiểm tra và nạp vào cả hai kho. Tệp lỗi không làm thay đổi dữ liệu.")
        with st.form("upload", clear_on_submit=True, border=False):
            files = st.file_uploader("Chọn tệp", type=[s.lstrip(".") for s in data.UPLOAD_SUFFIXES],
                                     accept_multiple_files=True)
            submitted = st.form_submit_button("Nạp", type="primary", icon=":material/upload:")
        if submitted and files:
            for upload in files:
                _load_one(upload.name, upload.getvalue())
        for message in st.session_state.pop("upload-messages", []):
            kind, text = message
            (st.success if kind == "ok" else st.error)(text)


def _load_one(name: str, payload: bytes) -> None:
    try:
        path = data.save_upload(name, payload)
    except (ValueError, OSError) as exc:
        ui.error(exc)
        return
    bar = st.progress(0.0, text=f"{path.name}: bắt đầu…")
    order = list(STAGES)

    def progress(stage: str, done: int, total: int) -> None:
        index = order.index(stage) if stage in order else 0
        fraction = (index + (done / total if total else 1)) / len(order)
        bar.progress(min(1.0, fraction), text=f"{path.name}: {STAGES.get(stage, stage)} ({done}/{total})")

    try:
        result = data.build_upload(path, progress)
    except Exception as exc:  # noqa: BLE001 - one clear line, never a traceback
        path.unlink(missing_ok=True)
        result = data.UploadResult(False, f"{path.name}: không nạp được ({type(exc).__name__}: {exc})")
    bar.empty()
    if result.ok:
        st.success(result.message, icon=":material/check_circle:")
        st.cache_data.clear()
        if result.document:
            doc = data.documents(data.version()).get(result.document)
            ui.show(f"<p>Mở văn bản vừa nạp: {ui.link(result.document, doc.display if doc else None)}</p>")
    else:
        ui.error(f"Không nạp được — {result.message}")
    for line in result.details:
        st.warning(line, icon=":material/rule:")
