"""Browser tests of the explorer: the seed corpus built into a temporary data home, ``dkg app`` started on
a free port of 127.0.0.1, driven with Playwright in Debian's headless Chromium.

Every request the browser makes to another host is recorded (``external_requests``): the app must work
offline.  Screenshots go to ``test-artifacts/browser/``.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts" / "browser"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
LOCAL_PREFIXES = ("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:", "about:")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if Path(str(item.fspath)).parent == Path(__file__).parent:
            item.add_marker(pytest.mark.browser)


def _dkg() -> list[str]:
    exe = Path(sys.executable).with_name("dkg")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "dkg.cli"]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def sync_api():
    if not CHROMIUM.exists():
        pytest.skip(f"chromium not installed: {CHROMIUM} is missing (apt-get install chromium)")
    try:
        from playwright import sync_api
    except ImportError:
        pytest.skip("playwright not installed: pip install playwright")
    return sync_api


@pytest.fixture(scope="session")
def data_home(tmp_path_factory: pytest.TempPathFactory, sync_api) -> Path:
    """The four seed texts of data/corpus, built with `dkg build` into a fresh data home."""
    home = tmp_path_factory.mktemp("dkg-home")
    corpus = tmp_path_factory.mktemp("corpus")
    for path in sorted((ROOT / "data" / "corpus").iterdir()):
        if path.is_file():
            shutil.copy2(path, corpus / path.name)
    done = subprocess.run([*_dkg(), "build", "--home", str(home), "--quiet", str(corpus)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"dkg build failed:\n{done.stdout}\n{done.stderr}"
    return home


@pytest.fixture(scope="session")
def app_url(data_home: Path) -> str:
    """`dkg app` on a free port of 127.0.0.1; stopped (its whole process group) after the session."""
    port = _free_port()
    log = (ARTIFACTS.parent / "browser-app.log")
    log.parent.mkdir(parents=True, exist_ok=True)
    handle = open(log, "w", encoding="utf-8")  # noqa: SIM115 - closed at teardown
    env = dict(os.environ, DKG_HOME=str(data_home))
    proc = subprocess.Popen([*_dkg(), "app", "--port", str(port), "--home", str(data_home)], cwd=ROOT, env=env,
                            stdout=handle, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        if proc.poll() is not None:
            handle.close()
            pytest.fail(f"dkg app exited with {proc.returncode}:\n{log.read_text(encoding='utf-8')}")
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    break
        except OSError:
            pass
        if time.monotonic() > deadline:
            os.killpg(proc.pid, signal.SIGKILL)
            pytest.fail("dkg app did not answer within 90 s")
        time.sleep(0.3)
    yield url
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=5)
    handle.close()


@pytest.fixture(scope="session")
def external_requests() -> list[str]:
    """Every URL the browser asked for that is not the app itself (must stay empty)."""
    return []


@pytest.fixture(scope="session")
def browser(sync_api):
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, app_url: str, external_requests: list[str], request: pytest.FixtureRequest):
    context = browser.new_context(viewport={"width": 1400, "height": 1400}, locale="vi-VN",
                                  accept_downloads=True)
    tab = context.new_page()
    tab.set_default_timeout(30_000)
    tab.on("request", lambda r: None if r.url.startswith(LOCAL_PREFIXES) else external_requests.append(r.url))
    tab.app_url = app_url
    yield tab
    context.close()
