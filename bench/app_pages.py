"""How long the explorer's data functions and pages take on a data home (issues 5 and 7).

    python bench/app_pages.py --home /tmp/home10k
    python bench/app_pages.py --home /tmp/home10k --root /tmp/before-tree     # an older tree of the project
    python bench/app_pages.py --home /tmp/home10k --pages --shots /tmp/shots  # + page loads in Chromium

Data functions: each one in a fresh child process (so nothing is cached in memory), three ways:
``cold`` reads the stores (``DKG_APP_CACHE=0``); ``disk`` reads the per-version tables the first run
saved (``DKG_APP_CACHE`` pointed at a temporary folder, so the data home is never written); ``again``
is a second call in the same process (Streamlit's in-memory cache). A tree older than the disk cache
prints the same figures for all three. A call that raises (e.g. the 30 s query time limit) is shown
as its error.

Pages (``--pages``): the tree's ``app/main.py`` under Streamlit on a free port of 127.0.0.1 (same
options as ``dkg app``), each page opened in headless Chromium (``/usr/bin/chromium``, Playwright) and
timed until Streamlit is idle, then opened again (``reload``); a page that shows the time-limit
message or an exception counts as failed. The first page pays for the tables the others share
(``first`` is the first load after a start with no disk cache, i.e. the first load after a build).
The load average is printed with the figures: the machine is shared.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ID = "https://w3id.org/vn-directives/id/"
ORGAN = "organ/nghe-an/tinh-doan"
PROVINCE = "province/nghe-an"
DOCUMENT = "doc/vn/74-kl-tw/2020"

#: name → (data function, arguments after the version); the keys of ``ID`` are filled in.
CALLS: dict[str, tuple[str, tuple]] = {
    "provinces": ("provinces", ()),
    "documents": ("documents", ()),
    "citations": ("citations", ()),
    "organ_categories": ("organ_categories", ()),
    "task_facts": ("task_facts", ()),
    "document_texts": ("document_texts", ()),
    "type_counts": ("type_counts", ()),
    "search 'KL 74'": ("search", ("KL 74",)),
    "entity(organ)": ("entity", (ID + ORGAN,)),
    "tasks(organ)": ("tasks", ("organ", ID + ORGAN)),
    "entity(province)": ("entity", (ID + PROVINCE,)),
    "neighbourhood(province)": ("neighbourhood", (ID + PROVINCE,)),
    "entity(KL 74)": ("entity", (ID + DOCUMENT,)),
    "tasks(KL 74)": ("tasks", ("document", ID + DOCUMENT)),
    "shortest_path(organ, KL 74)": ("shortest_path", (ID + ORGAN, ID + DOCUMENT)),
}
PAGES = {
    "search": "?q=KL+74",
    "search (landing)": "",
    "compare": "so-sanh",
    "organ": "co-quan?id=" + ORGAN,
    "document": "van-ban?id=" + DOCUMENT,
    "graph": "do-thi?id=" + PROVINCE,
    "status": "du-lieu",
}
FAILED = ("Truy vấn vượt quá thời gian", "Traceback", "StoreError", "đã bị dừng")


def load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


# --------------------------------------------------------------------------------------------
# Data functions, one child process each
# --------------------------------------------------------------------------------------------

def child(root: str, name: str) -> None:
    """Run one call twice in this process and print {"first": s, "again": s} or {"error": …}."""
    import logging
    import warnings
    sys.path.insert(0, root)
    warnings.filterwarnings("ignore")
    logging.disable(logging.WARNING)
    from app import data
    func, args = CALLS[name]
    v = data.version()
    out: dict[str, object] = {}
    for key in ("first", "again"):
        started = time.perf_counter()
        try:
            getattr(data, func)(v, *args)
        except Exception as exc:  # noqa: BLE001 - the figure is the error
            out["error"] = f"{type(exc).__name__}: {str(exc)[:80]}"
            break
        out[key] = time.perf_counter() - started
    print(json.dumps(out))


def run_child(root: Path, home: Path, name: str, cache: str, timeout: float) -> dict:
    env = dict(os.environ, DKG_HOME=str(home), DKG_APP_CACHE=cache,
               PYTHONPATH=os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH", "")])))
    try:
        done = subprocess.run([sys.executable, __file__, "--child", name, "--root", str(root)], env=env,
                              capture_output=True, text=True, timeout=timeout, cwd=root)
    except subprocess.TimeoutExpired:
        return {"error": f"over {timeout:g} s"}
    lines = [x for x in done.stdout.splitlines() if x.startswith("{")]
    return json.loads(lines[-1]) if lines else {"error": (done.stderr.strip().splitlines() or ["?"])[-1][:80]}


def fmt(result: dict, key: str) -> str:
    if key in result:
        return f"{result[key]:.2f}"
    error = str(result.get("error", "—"))
    return "timeout (30 s)" if error.startswith("QueryTimeout") else error[:40]


def bench_functions(root: Path, home: Path, timeout: float, cold_only: bool = False) -> None:
    print(f"data functions of {root} on {home} (load average {load()} at the start)")
    print(f"| {'call':28} | cold (s) | disk (s) | again (s) |")
    print(f"|{'-' * 30}|---------:|---------:|----------:|")
    with tempfile.TemporaryDirectory(prefix="dkg-app-cache-") as cache:
        for name in CALLS:
            cold = run_child(root, home, name, "0", timeout)
            if cold_only:
                disk = {"error": "—", "again": cold["again"]} if "again" in cold else cold
            else:
                run_child(root, home, name, cache, timeout)              # fills the disk cache
                disk = run_child(root, home, name, cache, timeout)
            print(f"| {name:28} | {fmt(cold, 'first'):>8} | {fmt(disk, 'first'):>8} | {fmt(disk, 'again'):>9} |",
                  flush=True)
    print(f"(load average {load()} at the end)")


# --------------------------------------------------------------------------------------------
# Pages in Chromium
# --------------------------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_app(root: Path, home: Path, cache: str) -> tuple[subprocess.Popen, str]:
    sys.path.insert(0, str(REPO))
    from dkg.commands.app import streamlit_command
    port = _free_port()
    command = streamlit_command(port, "127.0.0.1")
    command[command.index("run") + 1] = str(root / "app" / "main.py")
    env = dict(os.environ, DKG_HOME=str(home), DKG_APP_CACHE=cache,
               PYTHONPATH=os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH", "")])))
    proc = subprocess.Popen(command, env=env, cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return proc, url
        except OSError:
            time.sleep(0.5)
    proc.kill()
    raise SystemExit("the app did not start")


BUSY = ("[data-testid='stStatusWidget'], [data-testid='stSkeleton'], [data-stale='true'], "
        "[data-testid='stSpinner']")
QUIET = 2.0          # seconds with nothing running and nothing changing: the page is done


def open_page(page, url: str, timeout: float) -> tuple[float, str]:
    """Seconds until the page is done (nothing running, nothing stale, no element added for QUIET s;
    the quiet time is not counted) and what went wrong, if anything."""
    started = time.perf_counter()
    page.goto(url)
    done_at, last = time.perf_counter(), -1
    while time.perf_counter() - started < timeout:
        page.wait_for_timeout(200)
        count = page.locator("[data-testid='stMainBlockContainer'] [data-testid]").count()
        if page.locator(BUSY).count() or count != last or count == 0:
            done_at, last = time.perf_counter(), count
        elif time.perf_counter() - done_at >= QUIET:
            break
    seconds = done_at - started
    text = page.locator("[data-testid='stMainBlockContainer']").inner_text()
    problem = next((f for f in FAILED if f in text), "")
    if time.perf_counter() - started >= timeout:
        problem = problem or f"not done after {timeout:g} s"
    return seconds, problem


def bench_pages(root: Path, home: Path, timeout: float, shots: Path | None) -> None:
    from playwright.sync_api import sync_playwright
    print(f"\npages of {root} on {home} (load average {load()} at the start)")
    print(f"| {'page':18} | first (s) | reload (s) | |")
    print(f"|{'-' * 20}|----------:|-----------:|---|")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        for name, path in PAGES.items():
            # a new server and an empty disk cache for each page: 'first' is its first load after a build
            with tempfile.TemporaryDirectory(prefix="dkg-app-cache-") as cache:
                proc, base = start_app(root, home, cache)
                try:
                    page = browser.new_page(viewport={"width": 1400, "height": 1100})
                    open_page(page, f"{base}/truy-van", timeout)   # the server's own start: not counted
                    first, problem = open_page(page, f"{base}/{path}", timeout)
                    again, problem2 = open_page(page, f"{base}/{path}", timeout)
                    if shots:
                        shots.mkdir(parents=True, exist_ok=True)
                        page.screenshot(path=str(shots / f"{name.split()[0]}{'-landing' if '(' in name else ''}.png"),
                                        full_page=False)
                    page.close()
                finally:
                    os.killpg(proc.pid, 15)
                    proc.wait(timeout=20)
            note = problem or problem2 or "ok"
            print(f"| {name:18} | {first:9.1f} | {again:10.1f} | {note} |", flush=True)
        browser.close()
    print(f"(load average {load()} at the end)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--home", type=Path, help="data home (built)")
    parser.add_argument("--root", type=Path, default=REPO, help="tree of the project whose app/ is timed")
    parser.add_argument("--pages", action="store_true", help="also time page loads in headless Chromium")
    parser.add_argument("--no-functions", action="store_true", help="only the pages")
    parser.add_argument("--cold-only", action="store_true", help="data functions: only the 'cold' reading "
                        "(a tree without the disk cache)")
    parser.add_argument("--shots", type=Path, help="save a screenshot of each page here")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds allowed to one call or page")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(str(args.root), args.child)
        return
    if args.home is None:
        parser.error("--home is required")
    root, home = args.root.resolve(), args.home.resolve()
    if not args.no_functions:
        bench_functions(root, home, args.timeout, args.cold_only)
    if args.pages:
        bench_pages(root, home, args.timeout, args.shots)


if __name__ == "__main__":
    main()
