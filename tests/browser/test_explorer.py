"""The explorer in a browser, on the seed corpus: what a policy officer does, page by page."""

from __future__ import annotations

import re
import time
from pathlib import Path
from urllib.parse import unquote

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"


HA_NAM_NOTICE = "doc/file/000-13a6090d2288f5d4"       # Thông báo kết luận của Bí thư Tỉnh ủy (Hà Nam)
HA_NAM_NEWS = "doc/file/001-64293d846974a11e"         # the news article on the same dialogue (Hà Nam)
HA_TINH_NOTICE = "doc/file/002-bccb50dbba11b639"      # Thông báo kết luận của Thường trực Tỉnh ủy (Hà Tĩnh)

UPLOAD_TEXT = """TỈNH ỦY HÀ NAM
BAN THƯỜNG VỤ
Số 99-TB/TU
Hà Nam, ngày 10 tháng 3 năm 2022

THÔNG BÁO
KẾT LUẬN CỦA BAN THƯỜNG VỤ TỈNH ỦY
về công tác bồi dưỡng cán bộ trẻ năm 2022

Thực hiện Kết luận số 74-KL/TW, ngày 22/5/2020 của Bộ Chính trị, Ban Thường vụ Tỉnh ủy kết luận như sau:

1. Giao Ban Tổ chức Tỉnh ủy chủ trì, phối hợp với Ban Thường vụ Tỉnh đoàn xây dựng kế hoạch bồi dưỡng cán bộ \
trẻ, báo cáo Thường trực Tỉnh ủy trước ngày 30/6/2022.

2. Ban Dân vận Tỉnh ủy theo dõi, đôn đốc việc thực hiện, định kỳ hằng quý báo cáo Ban Thường vụ Tỉnh ủy.

Nơi nhận:
- Thường trực Tỉnh ủy,
- Ban Tổ chức Tỉnh ủy,
- Lưu Văn phòng Tỉnh ủy.

T/L BAN THƯỜNG VỤ
CHÁNH VĂN PHÒNG

Nguyễn Văn Thử
"""


def wait_idle(page, settle_s: float = 0.4) -> None:
    """Wait until Streamlit has finished running the page script and the page has stopped changing."""
    page.wait_for_selector("[data-testid=stMain]")
    page.wait_for_timeout(300)
    page.wait_for_function(
        "() => { const app = document.querySelector('[data-testid=stApp]');"
        " return app && app.getAttribute('data-test-script-state') === 'notRunning'"
        " && !document.querySelector('[data-testid=stSpinner]')"
        " && !document.querySelector('[data-testid=stSkeleton]'); }", timeout=60_000)
    last, same = -1, 0
    for _ in range(40):                       # the rendered text stays the same for 3 polls in a row
        size = len(page.inner_text("[data-testid=stMain]"))
        same = same + 1 if size == last else 0
        if same >= 2:
            break
        last = size
        page.wait_for_timeout(250)
    page.wait_for_timeout(int(settle_s * 1000))


def open_page(page, path: str) -> None:
    page.goto(page.app_url + path)
    wait_idle(page)


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    target = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(target), full_page=True)
    return target


def wait_for_url(page, pattern: str) -> None:
    """Wait for a URL matching ``pattern`` once percent-escapes are decoded (switch_page writes %2F)."""
    page.wait_for_url(lambda url: re.search(pattern, unquote(url)) is not None)


def main_text(page) -> str:
    return page.inner_text("[data-testid=stMain]")


def hrefs(page, selector: str) -> list[str]:
    return [a.get_attribute("href") or "" for a in page.locator(selector).all()]


def loaded_count(page) -> int:
    """'Văn bản đã nạp toàn văn' on the status page."""
    metric = page.locator("[data-testid=stMetric]", has_text="Văn bản đã nạp toàn văn").first
    return int(metric.locator("[data-testid=stMetricValue]").inner_text().strip())


def test_search_symbol_reaches_citing_notice(page):
    open_page(page, "/")
    box = page.get_by_label("Tìm kiếm", exact=True)
    box.fill("74-KL/TW")
    box.press("Enter")
    wait_for_url(page, r"van-ban\?id=doc/vn/74-kl-tw/2020")
    wait_idle(page)
    assert "74-KL/TW" in page.locator("h2").first.inner_text()
    assert "Kết luận" in main_text(page)
    cited_by = hrefs(page, ".dkg-cited-by a")
    assert any(HA_TINH_NOTICE in h for h in cited_by), cited_by
    page.locator(".dkg-cited-by a", has_text="KẾT LUẬN CỦA THƯỜNG TRỰC TỈNH ỦY").first.click()
    wait_for_url(page, re.escape(HA_TINH_NOTICE))
    wait_idle(page, settle_s=1.0)
    text = main_text(page)
    assert "Hà Tĩnh" in text and "Thông báo" in text
    assert "74-KL/TW" in page.locator(".dkg-cites").inner_text()      # it cites 74-KL/TW, with its relation
    assert "căn cứ" in page.locator(".dkg-cites").inner_text()
    screenshot(page, "search-to-document")


def test_search_results_are_grouped_with_province(page):
    open_page(page, "/?q=T%E1%BB%89nh%20%C4%91o%C3%A0n")           # ?q=Tỉnh đoàn: a bookmarkable search
    text = main_text(page)
    assert "Cơ quan, tổ chức (" in text
    assert "Hà Nam" in text and "Hà Tĩnh" in text
    assert any("co-quan?id=organ/" in h for h in hrefs(page, ".dkg-hit a"))
    screenshot(page, "search")


def test_search_page_answers_at_its_own_address_too(page):
    # the search is the root URL; a typed or bookmarked /tim-kiem?q=... is the same page, not "Page not found"
    open_page(page, "/tim-kiem?q=T%E1%BB%89nh%20%C4%91o%C3%A0n")
    assert "Page not found" not in page.inner_text("body")
    text = main_text(page)
    assert "Cơ quan, tổ chức (" in text and "Hà Nam" in text and "Hà Tĩnh" in text
    assert page.get_by_label("Tìm kiếm", exact=True).input_value() == "Tỉnh đoàn"
    screenshot(page, "search-own-address")


def test_document_page_lists_both_citing_seed_texts(page):
    open_page(page, "/van-ban?id=doc/ha-nam/01-da-tu/2021")
    assert "01-ĐA/TU" in page.locator("h2").first.inner_text()
    assert "Được dẫn chiếu bởi (2)" in main_text(page)
    cited_by = hrefs(page, ".dkg-cited-by a")
    assert any(HA_NAM_NOTICE in h for h in cited_by), cited_by
    assert any(HA_NAM_NEWS in h for h in cited_by), cited_by
    assert "triển khai thực hiện" in page.locator(".dkg-cited-by").inner_text()
    # the sentence behind each edge, from the original file, the span highlighted
    marks = page.locator(".dkg-quote mark")
    assert marks.count() >= 2
    assert any("01" in m.inner_text() for m in marks.all())
    # the citation graph renders (vis-network inlined, no CDN)
    frame = page.frame_locator("iframe").first
    frame.locator("#mynetwork canvas").wait_for()
    assert int(frame.locator("body").get_attribute("data-dkg-nodes")) == 3
    screenshot(page, "document")


def test_organ_page_shows_yearly_monitoring_task(page):
    open_page(page, "/co-quan?id=organ/ha-nam/ban-thuong-vu-tinh-doan")
    assert page.locator("h2").first.inner_text().strip() == "Ban Thường vụ Tỉnh đoàn"
    text = main_text(page)
    assert "Hà Nam" in text and "Chủ trì thực hiện" in text
    row = page.locator("table.dkg tr", has_text="theo dõi, giám sát").first
    row_text = row.inner_text()
    assert "Hằng năm" in row_text
    assert "Thường trực Tỉnh ủy" in row_text                 # reports to
    assert "KẾT LUẬN CỦA BÍ THƯ TỈNH ỦY" in row_text        # the document that assigned it
    assert page.frame_locator("iframe").first.locator("#mynetwork canvas").count() == 1
    screenshot(page, "organ")


def test_compare_page_shows_provinces_side_by_side(page):
    open_page(page, "/so-sanh")
    page.wait_for_selector(".vega-embed")
    ha_nam = page.locator("h4", has_text="Hà Nam").first.bounding_box()
    ha_tinh = page.locator("h4", has_text="Hà Tĩnh").first.bounding_box()
    assert ha_nam and ha_tinh
    assert abs(ha_nam["y"] - ha_tinh["y"]) < 5 and ha_tinh["x"] > ha_nam["x"] + 200   # side by side
    text = main_text(page)
    for block in ("Văn bản theo loại và năm", "Văn bản Trung ương", "Ai chủ trì nhiệm vụ", "Cách ghi thời hạn",
                  "Chủ đề"):
        assert block in text
    assert page.locator(".vega-embed").count() >= 4                      # one chart per block
    central = page.locator("table.dkg tr", has_text="74-KL/TW").first.inner_text()
    assert "KẾT LUẬN CỦA THƯỜNG TRỰC TỈNH ỦY" in central               # cited by Hà Tĩnh's notice
    screenshot(page, "compare")


def _node_count(page) -> int:
    return int(page.locator(".dkg-node-count").inner_text())


def test_cypher_create_is_refused_and_changes_nothing(page, data_home: Path):
    open_page(page, "/truy-van?ngon_ngu=Cypher")
    before = _node_count(page)
    assert before > 0
    editor = page.get_by_label("Truy vấn Cypher", exact=True)
    editor.fill("CREATE (p:Province {uri: 'https://example.org/x', label: 'X'}) RETURN p")
    page.get_by_role("button", name="Chạy").click()
    wait_idle(page)
    error = page.locator("[data-testid=stAlertContentError]").first.inner_text()
    assert "từ chối" in error and "CREATE" in error
    assert "Traceback" not in main_text(page)
    screenshot(page, "console-refused")
    page.reload()
    wait_idle(page)
    assert _node_count(page) == before
    # a read runs, shows a table and a graph of the nodes it returns
    editor = page.get_by_label("Truy vấn Cypher", exact=True)
    editor.fill("MATCH (a:Document)-[r:cites]->(b:Document) RETURN a, r, b LIMIT 20")
    page.get_by_role("button", name="Chạy").click()
    wait_idle(page, settle_s=1.0)
    assert "dòng" in page.locator("[data-testid=stAlertContentSuccess]").first.inner_text()
    assert page.locator("[data-testid=stDataFrame]").count() == 1
    assert page.frame_locator("iframe").first.locator("#mynetwork canvas").count() == 1
    screenshot(page, "console")


def test_sparql_update_is_refused_and_runaway_query_stops(page):
    open_page(page, "/truy-van?ngon_ngu=SPARQL")
    page.get_by_label("Truy vấn SPARQL", exact=True).fill("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    page.get_by_role("button", name="Chạy").click()
    wait_idle(page)
    error = page.locator("[data-testid=stAlertContentError]").first.inner_text()
    assert "từ chối" in error and "INSERT" in error
    # a query that would run for hours ends at the time limit with a message; the app answers on
    page.get_by_label("Giới hạn thời gian (giây)", exact=True).fill("2")
    page.get_by_label("Giới hạn thời gian (giây)", exact=True).press("Enter")
    wait_idle(page)
    page.get_by_label("Truy vấn SPARQL", exact=True).fill(
        "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }")
    started = time.monotonic()
    page.get_by_role("button", name="Chạy").click()
    wait_idle(page)
    error = page.locator("[data-testid=stAlertContentError]").first.inner_text()
    assert "thời gian" in error, error
    assert time.monotonic() - started < 20
    assert "Traceback" not in main_text(page)
    open_page(page, "/van-ban?id=doc/vn/74-kl-tw/2020")
    assert "74-KL/TW" in page.locator("h2").first.inner_text()


def test_named_query_with_parameters(page):
    """The picklist of named queries, parameters as form fields (here filled from a bookmarked URL)."""
    for lang in ("SPARQL", "Cypher"):
        open_page(page, f"/truy-van?ngon_ngu={lang}&ten=cited_by&p.symbol=01-%C4%90A/TU&p.province=H%C3%A0%20Nam")
        assert page.get_by_label("symbol *", exact=True).input_value() == "01-ĐA/TU"
        page.get_by_role("button", name="Chạy").click()
        wait_idle(page, settle_s=1.0)
        assert "dòng" in page.locator("[data-testid=stAlertContentSuccess]").first.inner_text()
        table = page.locator("[data-testid=stDataFrame]").first
        table.wait_for()
        csv = page.locator("[data-testid=stDownloadButton]", has_text="Tải CSV")
        with page.expect_download() as download:
            csv.click()
        text = Path(download.value.path()).read_text(encoding="utf-8-sig")
        assert "KẾT LUẬN CỦA BÍ THƯ TỈNH ỦY" in text, text[:500]
        assert "001_64293d846974a11e" in text, text[:500]
    screenshot(page, "console-named")


def test_graph_view_expands_one_hop(page):
    open_page(page, "/do-thi?id=doc/vn/74-kl-tw/2020")
    frame = page.frame_locator("iframe").first
    frame.locator("#mynetwork canvas").wait_for()
    first = int(frame.locator("body").get_attribute("data-dkg-nodes"))
    assert first >= 2
    page.get_by_label("Mở rộng thêm một bước từ nút", exact=True).click()
    page.get_by_role("option", name=re.compile("KẾT LUẬN CỦA THƯỜNG TRỰC")).click()
    page.get_by_role("button", name="Mở rộng").click()
    wait_for_url(page, r"mo=doc/file/002")
    wait_idle(page, settle_s=1.5)
    frame = page.frame_locator("iframe").first
    frame.locator("#mynetwork canvas").wait_for()
    assert int(frame.locator("body").get_attribute("data-dkg-nodes")) > first
    assert "Văn bản" in page.locator(".dkg-legend").inner_text()
    screenshot(page, "graph")
    # shortest path from an organ to a central document: organ → task → notice → 74-KL/TW
    open_page(page, "/do-thi?id=organ/ha-tinh/ban-thuong-vu-tinh-doan&den=doc/vn/74-kl-tw/2020")
    found = page.locator("[data-testid=stAlertContentSuccess]").first.inner_text()
    assert "Đường đi dài 3 bước" in found and found.strip().endswith("74-KL/TW"), found
    frame = page.frame_locator("iframe").first
    frame.locator("#mynetwork canvas").wait_for()
    assert int(frame.locator("body").get_attribute("data-dkg-nodes")) >= 4
    screenshot(page, "graph-path")


def test_upload_adds_document_and_bad_file_changes_nothing(page, data_home: Path):
    open_page(page, "/du-lieu")
    before = loaded_count(page)
    screenshot(page, "status")
    uploader = page.locator("[data-testid=stFileUploaderDropzoneInput]")
    uploader.set_input_files(files=[{"name": "../../thong-bao-thu.txt", "mimeType": "text/plain",
                                     "buffer": UPLOAD_TEXT.encode("utf-8")}])
    page.get_by_role("button", name="Nạp").click()
    page.wait_for_selector("[data-testid=stAlertContentSuccess]", timeout=120_000)
    wait_idle(page)
    assert "Đã nạp" in page.locator("[data-testid=stAlertContentSuccess]").first.inner_text()
    saved = sorted((data_home / "uploads").iterdir())
    assert [p.name for p in saved] == ["thong-bao-thu.txt"]                # the name made safe, inside the home
    assert not (data_home.parent / "thong-bao-thu.txt").exists()
    screenshot(page, "upload")
    page.locator("a", has_text="99-TB/TU").first.click()
    wait_for_url(page, r"van-ban\?id=doc/ha-nam/99-tb-tu/2022")
    wait_idle(page)
    assert "99-TB/TU" in page.locator("h2").first.inner_text()
    assert "74-KL/TW" in page.locator(".dkg-cites").inner_text()
    assert "Ban Tổ chức Tỉnh ủy" in page.locator("table.dkg", has_text="Chủ trì").first.inner_text()

    open_page(page, "/du-lieu")
    assert loaded_count(page) == before + 1
    junk = bytes(range(256)) * 64                                          # binary junk named .txt
    page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(
        files=[{"name": "hong.txt", "mimeType": "text/plain", "buffer": junk}])
    page.get_by_role("button", name="Nạp").click()
    page.wait_for_selector("[data-testid=stAlertContentError]", timeout=120_000)
    wait_idle(page)
    message = page.locator("[data-testid=stAlertContentError]").first.inner_text()
    assert "Không nạp được" in message and "hong.txt" in message
    assert sorted(p.name for p in (data_home / "uploads").iterdir()) == ["thong-bao-thu.txt"]
    open_page(page, "/du-lieu")
    assert loaded_count(page) == before + 1
    screenshot(page, "upload-refused")


def test_no_external_requests(page, external_requests: list[str]):
    """Runs last: every page (graphs, charts, fonts, icons) was served by the app itself."""
    for path in ("/", "/van-ban?id=doc/ha-nam/01-da-tu/2021", "/do-thi?id=organ/ha-nam/tinh-doan", "/so-sanh",
                 "/doi-tuong?id=person/ha-nam/le-thi-thuy"):
        open_page(page, path)
    page.wait_for_timeout(1500)
    assert external_requests == []
