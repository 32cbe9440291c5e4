"""The explorer: ``streamlit run app/main.py`` (or ``dkg app``), data home from ``$DKG_HOME``.

Pages (url paths in Vietnamese, state in the query string, so every view can be bookmarked):
tìm kiếm (landing), văn bản, cơ quan, đối tượng (any other entity), đồ thị, so sánh tỉnh,
truy vấn (SPARQL / Cypher), dữ liệu (status and upload).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:          # `streamlit run app/main.py` puts app/ first, not the project
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from app import data, ui  # noqa: E402
from app.views import compare, console, document, entity, graph, organ, search, status  # noqa: E402
from loaders.stores.errors import StoreError, StoreNotBuilt  # noqa: E402

# page_icon: a local image (a Material icon or an emoji favicon would be fetched from a CDN).
st.set_page_config(page_title="Đồ thị văn bản chỉ đạo", page_icon=str(Path(__file__).with_name("icon.png")),
                   layout="wide",
                   menu_items={"About": "Đồ thị tri thức văn bản chỉ đạo của Đảng và chính quyền địa phương."})

PAGES = {
    # the search is the root URL; Streamlit serves a default page only there, so /tim-kiem (a typed or
    # bookmarked address) is the same page again, hidden from the menu
    ui.PAGE_HOME: st.Page(search.render, title="Tìm kiếm", icon=":material/search:", url_path=ui.PAGE_HOME,
                          default=True),
    ui.PAGE_SEARCH: st.Page(search.render, title="Tìm kiếm", icon=":material/search:", url_path=ui.PAGE_SEARCH,
                            visibility="hidden"),
    ui.PAGE_DOCUMENT: st.Page(document.render, title="Văn bản", icon=":material/description:",
                              url_path=ui.PAGE_DOCUMENT),
    ui.PAGE_ORGAN: st.Page(organ.render, title="Cơ quan", icon=":material/account_balance:", url_path=ui.PAGE_ORGAN),
    ui.PAGE_GRAPH: st.Page(graph.render, title="Đồ thị", icon=":material/hub:", url_path=ui.PAGE_GRAPH),
    ui.PAGE_COMPARE: st.Page(compare.render, title="So sánh tỉnh", icon=":material/compare_arrows:",
                             url_path=ui.PAGE_COMPARE),
    ui.PAGE_CONSOLE: st.Page(console.render, title="Truy vấn", icon=":material/terminal:", url_path=ui.PAGE_CONSOLE),
    ui.PAGE_STATUS: st.Page(status.render, title="Dữ liệu và nạp văn bản", icon=":material/database:",
                            url_path=ui.PAGE_STATUS),
    ui.PAGE_ENTITY: st.Page(entity.render, title="Đối tượng", icon=":material/label:", url_path=ui.PAGE_ENTITY,
                            visibility="hidden"),
}


def main() -> None:
    ui.PAGE_OBJECTS.update(PAGES)
    page = st.navigation(list(PAGES.values()), position="top")
    ui.inject_css()
    if data.is_built():
        data.refresh()
    try:
        page.run()
    except StoreNotBuilt:
        st.info(data.not_built_message(), icon=":material/info:")
    except StoreError as exc:          # an engine's message, never a traceback
        ui.error(exc)


main()
