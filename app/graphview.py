"""pyvis graphs that render offline: vis-network inlined, bootstrap's CDN tags removed, physics off after layout.

    html = render(nodes, edges)            # a complete HTML page (≈700 KB: vis-network is inside)
    show(html, height=560)                 # in the page (a sandboxed iframe)

pyvis's default ``cdn_resources='local'`` still loads vis-network from a CDN; ``'in_line'`` puts it
in the page, but its template links bootstrap from a CDN, so those tags are removed here.  The page
itself has a "Tải ảnh PNG" button (the canvas as a PNG), and the caller offers the HTML and CSV.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass

from app.labels import NODE_STYLE, term_label, type_label

MAX_NODES = 300
_CDN_LINK = re.compile(r"<link\b[^>]*\bhref=\"https?://[^\"]*\"[^>]*/?>", re.IGNORECASE | re.DOTALL)
_CDN_SCRIPT = re.compile(r"<script\b[^>]*\bsrc=\"https?://[^\"]*\"[^>]*>\s*</script>", re.IGNORECASE | re.DOTALL)
_COMMENTED = re.compile(r"<!--.*?-->", re.DOTALL)
_EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.IGNORECASE)


@dataclass
class Node:
    id: str
    label: str
    node_type: str
    title: str | None = None          # tooltip (plain text)
    url: str | None = None            # the entity's page (opened in a new tab on double click)
    highlight: bool = False


@dataclass
class Edge:
    src: str
    dst: str
    label: str                        # property local name; shown with its Vietnamese label
    plain: bool = False               # True: show ``label`` as it is (a result column, not a property)


def short(text: str, size: int = 38) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= size else text[: size - 1] + "…"


def strip_external(page: str) -> str:
    """Remove every tag that would fetch from another host (pyvis's bootstrap), and comments."""
    page = _COMMENTED.sub("", page)
    page = _CDN_LINK.sub("", page)
    page = _CDN_SCRIPT.sub("", page)
    return page


def has_external(page: str) -> bool:
    return bool(_EXTERNAL.search(page))


_EXTRA_HEAD = """
<style>
  body {margin: 0; font-family: "Source Sans Pro", "Segoe UI", Arial, sans-serif;}
  #mynetwork {border: 1px solid #e5e7eb !important;}
  #dkg-tools {position: absolute; top: 6px; right: 8px; z-index: 10; font-size: 12px;}
  #dkg-tools button {font-size: 12px; padding: 2px 8px; border: 1px solid #d1d5db; border-radius: 4px;
                     background: #fff; cursor: pointer;}
  #dkg-info {position: absolute; left: 8px; bottom: 6px; z-index: 10; font-size: 12px; color: #374151;
             background: rgba(255,255,255,0.85); padding: 2px 6px; border-radius: 4px; max-width: 80%;}
</style>
"""

_EXTRA_BODY = """
<div id="dkg-tools"><button id="dkg-png" type="button">Tải ảnh PNG</button></div>
<div id="dkg-info">Nhấp đúp vào một nút để mở trang của nó.</div>
<script type="text/javascript">
(function () {
  var urls = %(urls)s;
  var ready = false;
  function freeze() {
    if (ready) { return; }
    ready = true;
    network.setOptions({physics: false});
    network.fit({maxZoomLevel: 1.2});
  }
  network.once("stabilizationIterationsDone", freeze);
  setTimeout(freeze, 3000);
  network.on("doubleClick", function (params) {
    if (params.nodes.length && urls[params.nodes[0]]) { window.open(urls[params.nodes[0]], "_blank"); }
  });
  document.getElementById("dkg-png").addEventListener("click", function () {
    var canvas = document.querySelector("#mynetwork canvas");
    var copy = document.createElement("canvas");
    copy.width = canvas.width; copy.height = canvas.height;
    var ctx = copy.getContext("2d");
    ctx.fillStyle = "#ffffff"; ctx.fillRect(0, 0, copy.width, copy.height); ctx.drawImage(canvas, 0, 0);
    var a = document.createElement("a");
    a.href = copy.toDataURL("image/png"); a.download = %(filename)s;
    document.body.appendChild(a); a.click(); a.remove();
  });
  document.body.setAttribute("data-dkg-nodes", "%(count)d");
})();
</script>
"""


def render(nodes: Iterable[Node], edges: Iterable[Edge], height: int = 560, filename: str = "do-thi.png",
           hierarchical: bool = False) -> str:
    """A self-contained HTML page of the graph (no request leaves the page)."""
    from pyvis.network import Network

    net = Network(height=f"{height}px", width="100%", directed=True, cdn_resources="in_line",
                  notebook=False, bgcolor="#ffffff")
    urls: dict[str, str] = {}
    node_list = list(nodes)
    known = set()
    for node in node_list:
        colour, shape = NODE_STYLE.get(node.node_type, NODE_STYLE["Other"])
        title = node.title or f"{type_label(node.node_type)}: {node.label}"
        options = {"color": colour, "shape": shape, "title": title}
        if shape in ("box", "ellipse", "text"):
            options["font"] = {"color": "#ffffff" if shape != "text" else "#374151", "size": 13}
        else:
            options["size"] = 14
        if node.highlight:
            options["borderWidth"] = 4
            options["color"] = {"background": colour, "border": "#111827"}
        net.add_node(node.id, label=short(node.label), **options)
        known.add(node.id)
        if node.url:
            urls[node.id] = node.url
    for edge in edges:
        if edge.src in known and edge.dst in known:
            text = edge.label if edge.plain else term_label(edge.label)
            net.add_edge(edge.src, edge.dst, label=text, title=text,
                         arrows="to", color="#9ca3af", font={"size": 10, "color": "#6b7280", "strokeWidth": 0})
    options = {
        "physics": {"enabled": True, "solver": "barnesHut",
                    "barnesHut": {"gravitationalConstant": -3500, "centralGravity": 0.4, "springLength": 150,
                                  "springConstant": 0.04, "avoidOverlap": 0.5},
                    "stabilization": {"enabled": True, "iterations": 400, "fit": True}},
        "interaction": {"hover": True, "navigationButtons": False, "tooltipDelay": 150},
        "edges": {"smooth": {"enabled": True, "type": "dynamic"}},
    }
    if hierarchical:
        options["layout"] = {"hierarchical": {"enabled": True, "direction": "LR", "sortMethod": "directed",
                                              "levelSeparation": 360, "nodeSpacing": 60}}
        options["physics"] = {"enabled": False}
    net.set_options(json.dumps(options))
    page = strip_external(net.generate_html(notebook=False))
    page = page.replace("</head>", _EXTRA_HEAD + "</head>", 1)
    body = _EXTRA_BODY % {"urls": json.dumps(urls), "filename": json.dumps(filename), "count": len(known)}
    page = page.replace("</body>", body + "</body>", 1)
    page = page.replace("<h1></h1>", "")
    return page


def show(page: str, height: int = 560) -> None:
    import streamlit.components.v1 as components
    components.html(page, height=height + 20, scrolling=False)


def legend_html(types: Iterable[str]) -> str:
    """The colour key of the node types present in a graph."""
    parts = []
    for node_type in types:
        colour, _ = NODE_STYLE.get(node_type, NODE_STYLE["Other"])
        parts.append(f'<span><i style="background:{colour}"></i>{html.escape(type_label(node_type))}</span>')
    return '<div class="dkg-legend">' + "".join(parts) + "</div>"


def to_csv(nodes: Iterable[Node], edges: Iterable[Edge]) -> bytes:
    """One CSV with the nodes then the edges (a 'kind' column tells them apart), UTF-8 with BOM for Excel."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["kind", "id", "label", "type", "source", "target", "relation"])
    for node in nodes:
        writer.writerow(["node", node.id, node.label, node.node_type, "", "", ""])
    for edge in edges:
        writer.writerow(["edge", "", "", "", edge.src, edge.dst, edge.label])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
