"""Tìm kiếm (landing page): one box for symbols, organs, people and subjects; filters; grouped results.

URL: ``tim-kiem?q=74-KL/TW&tinh=Hà Tĩnh&loai=document&loai_vb=Thông báo&tu=2021-01-01&den=2021-12-31``.
Submitting a search that has exactly one hit opens that hit's page.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import streamlit as st

from app import data, ui
from app.labels import SEARCH_KIND_VI
from loaders.text import fold

ALL = "Tất cả"
EXAMPLES = ("74-KL/TW", "KL 74", "01-ĐA/TU", "Tỉnh đoàn", "UBND tỉnh", "BCS đảng", "nông thôn mới")
PER_GROUP = 50
LANDING_PER_PROVINCE = 10


def _date_param(name: str) -> date | None:
    try:
        return date.fromisoformat(ui.param(name)) if ui.param(name) else None
    except ValueError:
        return None


def render() -> None:
    st.header("Tìm kiếm văn bản, cơ quan, cá nhân")
    if not data.is_built():
        st.info(data.not_built_message(), icon=":material/info:")
        return
    v = data.version()
    provinces = [p.label for p in data.provinces(v)]
    docs = data.documents(v)
    doc_kinds = sorted({d.kind_label for d in docs.values() if d.kind_label}, key=fold)

    q = ui.param("q")
    province = ui.param("tinh")
    kind = ui.param("loai")
    doc_kind = ui.param("loai_vb")
    since, until = _date_param("tu"), _date_param("den")

    with st.form("search-form", border=False, enter_to_submit=True):
        text = st.text_input("Tìm kiếm", value=q, placeholder="Số ký hiệu (74-KL/TW, KL 74), tên cơ quan "
                             "(Tỉnh đoàn, UBND tỉnh), tên người hoặc nội dung…", label_visibility="collapsed")
        cols = st.columns([2, 2, 2, 2, 2, 1])
        province = cols[0].selectbox("Tỉnh, thành phố", [ALL, *provinces],
                                     index=([ALL, *provinces].index(province) if province in provinces else 0))
        kinds = [ALL, *SEARCH_KIND_VI]
        kind = cols[1].selectbox("Loại kết quả", kinds, index=kinds.index(kind) if kind in kinds else 0,
                                 format_func=lambda k: SEARCH_KIND_VI.get(k, k))
        doc_kind = cols[2].selectbox("Loại văn bản", [ALL, *doc_kinds],
                                     index=([ALL, *doc_kinds].index(doc_kind) if doc_kind in doc_kinds else 0))
        since = cols[3].date_input("Từ ngày", value=since, format="DD/MM/YYYY", min_value=date(1945, 1, 1))
        until = cols[4].date_input("Đến ngày", value=until, format="DD/MM/YYYY", min_value=date(1945, 1, 1))
        submitted = cols[5].form_submit_button("Tìm", type="primary", icon=":material/search:",
                                               use_container_width=True)

    province = None if province == ALL else province
    kind = None if kind == ALL else kind
    doc_kind = None if doc_kind == ALL else doc_kind
    if submitted:
        q = text.strip()
        ui.set_params(q=q, tinh=province, loai=kind, loai_vb=doc_kind,
                      tu=since.isoformat() if since else None, den=until.isoformat() if until else None)
    if not q:
        _landing(v, province)
        return

    hits = data.search(v, q, kind=kind, province=province)
    hits = [h for h in hits if _keep(h, docs, doc_kind, since, until)]
    if submitted and len(hits) == 1:
        ui.go(hits[0].uri)
    if not hits:
        st.warning(f"Không tìm thấy kết quả nào cho “{q}”. Thử viết khác (ví dụ “KL 74” thay cho "
                   "“74-KL/TW”), bỏ dấu, hoặc bỏ bớt bộ lọc.", icon=":material/search_off:")
        return
    st.caption(f"{len(hits)} kết quả cho “{q}”.")
    by_slug = {ui.key_of(p.uri).rsplit("/", 1)[-1]: p.label for p in data.provinces(v)}
    groups: dict[str, list[data.SearchHit]] = defaultdict(list)
    for hit in hits:
        groups[hit.kind].append(hit)
    order = list(groups)          # groups in the order of their best hit (the index ranks exact matches first)
    for group in order:
        items = groups[group]
        st.subheader(f"{SEARCH_KIND_VI.get(group, group)} ({len(items)})")
        ui.show(_hits_html(items[:PER_GROUP], docs, by_slug))
        if len(items) > PER_GROUP:
            st.caption(f"… và {len(items) - PER_GROUP} kết quả khác: thêm bộ lọc để thu hẹp.")


def _keep(hit: data.SearchHit, docs: dict[str, data.DocInfo], doc_kind: str | None, since: date | None,
          until: date | None) -> bool:
    if doc_kind:
        doc = docs.get(hit.uri)
        if doc is None or doc.kind_label != doc_kind:
            return False
    if since or until:
        when = data._as_date(hit.date)
        if when is None or (since and when < since) or (until and when > until):
            return False
    return True


def _province_from_key(uri: str, by_slug: dict[str, str]) -> str | None:
    """organ/ha-nam/…, person/ha-nam/…, post/ha-nam/… → 'Hà Nam' (keys carry the province)."""
    parts = ui.key_of(uri).split("/")
    return by_slug.get(parts[1]) if len(parts) > 2 else None


def _hits_html(hits: list[data.SearchHit], docs: dict[str, data.DocInfo], by_slug: dict[str, str] | None = None
               ) -> str:
    lines = []
    for hit in hits:
        doc = docs.get(hit.uri)
        label = doc.display if doc else hit.label
        meta = []
        if doc and doc.kind_label:
            meta.append(doc.kind_label)
        province = hit.province or (doc.province_label if doc else None) or _province_from_key(hit.uri, by_slug or {})
        if province:
            meta.append(province)
        if hit.date:
            meta.append(ui.fmt_date(hit.date))
        if doc and doc.source:
            meta.append("có toàn văn")
        lines.append(f'<div class="dkg-hit">{ui.link(hit.uri, label)} '
                     f'<span class="dkg-muted">{ui.esc(" · ".join(meta))}</span></div>')
    return "".join(lines)


def _landing(v: str, only: str | None = None) -> None:
    """The examples, then the loaded documents by province, newest first: LANDING_PER_PROVINCE of each
    (all of them for the province chosen in the filter)."""
    examples = " · ".join(f'<a href="{ui.esc(ui.href(ui.PAGE_SEARCH, q=e))}" target="_self">{ui.esc(e)}</a>'
                          for e in EXAMPLES)
    ui.show(f'<p class="dkg-muted">Gõ số ký hiệu văn bản theo bất kỳ cách viết nào, tên hoặc tên viết tắt của '
            f'cơ quan, tên người, hay vài từ trong trích yếu; có dấu hay không dấu đều được. '
            f'Ví dụ: {examples}</p>')
    all_docs = data.documents(v)
    docs = [d for d in all_docs.values() if d.source]
    if not docs:
        return
    st.subheader(f"Văn bản đã nạp toàn văn ({len(docs)})")
    by_province: dict[str, list[data.DocInfo]] = defaultdict(list)
    for doc in docs:
        by_province[doc.province_label or "Chưa rõ tỉnh"].append(doc)
    if only in by_province:
        by_province = {only: by_province[only]}
    for province in sorted(by_province, key=fold):
        items = sorted(by_province[province], key=lambda d: (d.date or date.min, d.label), reverse=True)
        shown = items if only else items[:LANDING_PER_PROVINCE]
        st.markdown(f"**{province}** ({len(items)})")
        ui.show(_hits_html([data.SearchHit(d.uri, "document", d.label, d.symbol, d.province_label,
                                           d.date.isoformat() if d.date else None) for d in shown], all_docs))
        if len(items) > len(shown):
            more = ui.href(ui.PAGE_SEARCH, tinh=province)
            ui.show(f'<p class="dkg-muted">… và {len(items) - len(shown)} văn bản khác: '
                    f'<a href="{ui.esc(more)}" target="_self">xem tất cả văn bản của {ui.esc(province)}</a></p>')
