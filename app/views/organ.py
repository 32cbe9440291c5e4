"""Cơ quan: what an organ must do (tasks it leads, coordinates, carries out, receives reports for,
monitors), with deadlines and status as of a chosen date, the documents that assigned them, its parent
and child organs, the people who held its posts; a table and an organ → task → document graph.

URL: ``co-quan?id=organ/ha-nam/ban-thuong-vu-tinh-doan&ngay=2022-06-30&vai_tro=lead``.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import streamlit as st

from app import data, graphview, ui
from app.labels import TASK_ROLES, category_label, role_label, term_label
from app.views import common


def render() -> None:
    if not data.is_built():
        st.info(data.not_built_message(), icon=":material/info:")
        return
    v = data.version()
    key = ui.param("id")
    if not key:
        st.header("Cơ quan, tổ chức")
        organs = data.organ_categories(v)
        chosen = common.picker("Chọn cơ quan", {u: f"{label} ({prov or 'Trung ương'})" for u, (_c, label, prov)
                                                in organs.items()}, "Gõ tên cơ quan…")
        if chosen:
            ui.go(chosen)
        return
    uri = ui.uri_of(key)
    organ = data.entity(v, uri)
    if organ is None or organ.node_type != "Organ":
        st.header("Cơ quan, tổ chức")
        st.warning(f"Không có cơ quan “{key}” trong kho dữ liệu.", icon=":material/warning:")
        return

    st.header(organ.label)
    province = (organ.all("inProvince") or [None])[0]
    category = organ.first("category")
    st.caption(" · ".join(x for x in (category_label(category), province.label if province else None,
                                      "Trung ương" if organ.first("level") == "central" else None) if x))
    _metadata(organ)

    groups = organ.incoming.get("hasMember", [])          # "các sở, ngành" it belongs to
    parts = organ.incoming.get("partOf", [])              # its own units (Ban Thường vụ of a Tỉnh đoàn)
    scope = st.columns([1, 1, 2])
    with_groups = scope[0].toggle(f"Gồm nhiệm vụ giao chung cho nhóm ({len(groups)})", value=ui.param("nhom") != "0",
                                  disabled=not groups, help="Nhiệm vụ giao cho “các sở, ngành”, “các đoàn thể” … "
                                  "mà cơ quan này là thành viên.")
    with_parts = scope[1].toggle(f"Gồm nhiệm vụ của đơn vị trực thuộc ({len(parts)})", value=ui.param("con") == "1",
                                 disabled=not parts)
    holders = {uri: organ.label}
    if with_groups:
        holders.update({g.value: g.label or g.value for g in groups})
    if with_parts:
        holders.update({p.value: p.label or p.value for p in parts})
    by_uri: dict[str, data.TaskInfo] = {}
    for holder in holders:
        for task in data.tasks(v, "organ", holder):
            by_uri.setdefault(task.uri, task)
    tasks = sorted(by_uri.values(), key=lambda t: (t.document or "", t.ref or "", t.uri))
    role_of: dict[str, list[str]] = defaultdict(list)
    for task in tasks:
        for role in TASK_ROLES:
            if any(o in holders for o, _l in task.roles.get(role, [])):
                role_of[task.uri].append(role)
    st.subheader(f"Nhiệm vụ ({len(tasks)})")
    if not tasks:
        st.caption("Chưa văn bản nào giao nhiệm vụ cho cơ quan này.")
        ui.set_params(id=key, nhom=None if with_groups or not groups else "0", con="1" if with_parts else None)
    else:
        cols = st.columns([1, 3])
        with cols[0]:
            as_of = common.as_of_date()
        counts = {r: sum(1 for t in tasks if r in role_of[t.uri]) for r in TASK_ROLES}
        options = [r for r in TASK_ROLES if counts[r]]
        wanted = [r for r in ui.param_list("vai_tro") if r in options] or options
        with cols[1]:
            chosen = st.pills("Vai trò", options, default=wanted, selection_mode="multi",
                              format_func=lambda r: f"{role_label(r).capitalize()} ({counts[r]})") or options
        ui.set_params(id=key, ngay=as_of.isoformat() if as_of != date.today() else None,
                      vai_tro=chosen if set(chosen) != set(options) else None,
                      nhom=None if with_groups or not groups else "0", con="1" if with_parts else None)
        shown = [t for t in tasks if set(role_of[t.uri]) & set(chosen)]
        docs = data.documents(v)
        for role in chosen:
            mine = [t for t in shown if role in role_of[t.uri]]
            if not mine:
                continue
            st.markdown(f"**{_role_heading(role)}** ({len(mine)})")
            ui.show(common.task_table(mine, as_of, with_document=True, docs=docs))
        with st.expander("Đồ thị cơ quan → nhiệm vụ → văn bản", expanded=True, icon=":material/hub:"):
            links = ([graphview.Edge(g.value, uri, "hasMember") for g in groups if g.value in holders]
                     + [graphview.Edge(p.value, uri, "partOf") for p in parts if p.value in holders])
            _graph(uri, holders, links, shown, docs)

    _related(v, organ)


_HEADINGS = {
    "lead": "Chủ trì thực hiện",
    "coordinator": "Phối hợp",
    "executor": "Thực hiện",
    "reportTo": "Nhận báo cáo",
    "monitor": "Theo dõi, đôn đốc",
    "via": "Báo cáo qua (đầu mối)",
}


def _role_heading(role: str) -> str:
    return _HEADINGS.get(role, role_label(role).capitalize())


def _metadata(organ: data.Entity) -> None:
    rows = []
    if organ.first("prefLabel"):
        rows.append(("Tên chính thức", ui.esc(organ.first("prefLabel"))))
    alt = [x.value for x in organ.all("altLabel")]
    if alt:
        rows.append(("Tên gọi khác", ui.esc(", ".join(alt))))
    rows.append(("Nhóm", ui.esc(category_label(organ.first("category")))))
    province = organ.all("inProvince")
    if province:
        rows.append(("Tỉnh, thành phố", ui.links([(p.value, p.label or p.value) for p in province])))
    if organ.first("level"):
        rows.append(("Cấp", ui.esc({"central": "Trung ương", "province": "Tỉnh", "district": "Huyện"}.get(
            organ.first("level"), organ.first("level")))))
    for prop, label in (("validFrom", "Hiệu lực từ"), ("validTo", "Hiệu lực đến")):
        if organ.first(prop):
            rows.append((label, ui.esc(ui.fmt_date(str(organ.first(prop))))))
    ui.show(ui.html_table(["Thuộc tính", "Giá trị"], [(ui.esc(k), val) for k, val in rows]))


def _related(v: str, organ: data.Entity) -> None:
    def items(values: list[data.Value]) -> str:
        return ui.links([(x.value, x.label or x.value) for x in values], sep="<br>")

    sections = [
        ("Trực thuộc", organ.all("partOf")),
        ("Đơn vị trực thuộc", organ.incoming.get("partOf", [])),
        ("Thuộc nhóm", organ.incoming.get("hasMember", [])),
        ("Gồm các cơ quan", organ.all("hasMember")),
    ]
    st.subheader("Cơ quan cấp trên, cấp dưới")
    present = [(title, values) for title, values in sections if values]
    if present:
        ui.show(ui.html_table([t for t, _ in present], [[items(values) for _t, values in present]]))
    else:
        st.caption("Chưa có dữ liệu về cơ quan cấp trên hay đơn vị trực thuộc.")

    st.subheader("Người giữ chức danh")
    people = []
    for post in organ.incoming.get("postIn", []):
        holder = data.entity(v, post.value)
        for person in (holder.incoming.get("holds", []) if holder else []):
            people.append((ui.link(person.value, person.label), ui.link(post.value, post.label)))
    if people:
        ui.show(ui.html_table(["Người", "Chức danh"], people))
    else:
        st.caption("Chưa có dữ liệu về người giữ chức danh của cơ quan này.")

    docs = organ.incoming
    lists = [("Văn bản ban hành", docs.get("issuer", [])), ("Văn bản nhận", docs.get("recipient", [])),
             ("Hội nghị tham dự", docs.get("attendee", []))]
    present = [(t, vals) for t, vals in lists if vals]
    if present:
        st.subheader("Văn bản và hội nghị")
        ui.show(ui.html_table([f"{t} ({len(vals)})" for t, vals in present],
                              [[items(vals) for _t, vals in present]]))
    mentions = docs.get("aboutOrgan", [])
    if mentions:
        st.caption(f"Được nhắc đến {len(mentions)} lần trong các văn bản ({term_label('aboutOrgan')}).")


def _graph(uri: str, holders: dict[str, str], links: list[graphview.Edge], tasks: list[data.TaskInfo],
           docs: dict[str, data.DocInfo]) -> None:
    """organ (and the groups or units counted with it) → task → document."""
    nodes = {uri: graphview.Node(uri, holders[uri], "Organ", url=ui.entity_href(uri), highlight=True)}
    edges = []
    for task in tasks[: graphview.MAX_NODES // 2]:
        nodes[task.uri] = graphview.Node(task.uri, f"{task.ref or ''} {task.text or ''}".strip(), "Task",
                                         title=task.text, url=ui.entity_href(task.uri))
        for role, members in task.roles.items():
            for organ, _label in members:
                if organ in holders:
                    nodes.setdefault(organ, graphview.Node(organ, holders[organ], "Organ", url=ui.entity_href(organ)))
                    edges.append(graphview.Edge(organ, task.uri, role))
        if task.document:
            doc = docs.get(task.document)
            nodes.setdefault(task.document, graphview.Node(task.document, doc.display if doc else task.document,
                                                           "Document", url=ui.entity_href(task.document)))
            edges.append(graphview.Edge(task.uri, task.document, "assignedBy"))
    edges += [link for link in links if link.src in nodes]
    if len(tasks) > graphview.MAX_NODES // 2:
        st.info(f"Đồ thị chỉ vẽ {graphview.MAX_NODES // 2} nhiệm vụ đầu tiên trong {len(tasks)}.")
    page = graphview.render(nodes.values(), edges, height=460, filename="co-quan.png")
    graphview.show(page, height=460)
    ui.show(graphview.legend_html(["Organ", "Task", "Document"]))
