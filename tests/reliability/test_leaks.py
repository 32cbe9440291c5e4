"""Nothing leaks (issue 6, item 4): the app binds 127.0.0.1, Neo4j credentials never reach a message,
a log or the output, and an uploaded file cannot be written outside the data home."""

from __future__ import annotations

import logging
import os
import signal
import socket
import subprocess
import time
import traceback
from pathlib import Path

import pytest
from rel_support import DKG_CMD, REPO, copy_seeds, dkg_env, run_dkg

from loaders.pipeline import build
from loaders.stores.errors import StoreError


def neo4j_query(cypher: str = "MATCH (n) RETURN count(n)") -> None:
    """A query through the Neo4j store configured from the environment, with short driver retries."""
    from loaders.stores.neo4j_store import Neo4jStore

    store = Neo4jStore(read_only=True, retry_s=0.2)
    try:
        store.query(cypher, timeout_s=2)
    finally:
        store.close()

PASSWORD = "Pw-S3cret-7f3a9c"        # what must never be seen
URI_PASSWORD = "Uri-S3cret-2b8e1d"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def unreachable() -> str:
    return f"127.0.0.1:{free_port()}"          # nothing listens there


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("leaks")
    copy_seeds(root / "corpus", ["000_13a6090d2288f5d4"])
    assert build([root / "corpus"], root / "home").ok
    return root / "home"


# --- Neo4j credentials ------------------------------------------------------------------------------

@pytest.mark.parametrize("uri", [
    "bolt://{addr}", "neo4j://{addr}", "bolt+s://{addr}",
    "bolt://neo4j:" + URI_PASSWORD + "@{addr}",
    "neo4j://admin:" + URI_PASSWORD + "@{addr}?policy=x",
])
def test_neo4j_errors_carry_no_credentials(monkeypatch, caplog, uri):
    monkeypatch.setenv("NEO4J_URI", uri.format(addr=unreachable()))
    monkeypatch.setenv("NEO4J_USER", "dkg-reader")
    monkeypatch.setenv("NEO4J_PASSWORD", PASSWORD)
    caplog.set_level(logging.DEBUG)
    with pytest.raises(StoreError) as failed:
        neo4j_query()
    everything = "".join(traceback.format_exception(failed.value)) + repr(failed.value) + caplog.text
    for secret in (PASSWORD, URI_PASSWORD, "dkg-reader"):
        assert secret not in everything


def test_neo4j_error_names_the_server_it_could_not_reach(monkeypatch):
    addr = unreachable()
    monkeypatch.setenv("NEO4J_URI", f"bolt://{addr}")
    monkeypatch.setenv("NEO4J_PASSWORD", PASSWORD)
    with pytest.raises(StoreError) as failed:
        neo4j_query("RETURN 1")
    assert f"bolt://{addr}" in str(failed.value)


def test_neo4j_error_keeps_the_neo4j_scheme_readable(monkeypatch):
    addr = unreachable()
    monkeypatch.setenv("NEO4J_URI", f"neo4j://{addr}")
    monkeypatch.setenv("NEO4J_PASSWORD", PASSWORD)
    monkeypatch.delenv("NEO4J_USER", raising=False)
    with pytest.raises(StoreError) as failed:
        neo4j_query("RETURN 1")
    assert f"neo4j://{addr}" in str(failed.value)


@pytest.fixture(scope="module")
def cli_with_unreachable_neo4j(home, tmp_path_factory):
    """`dkg query --cypher` and `dkg build` with NEO4J_URI pointing nowhere, run side by side (the
    driver retries for ~15 s before giving up)."""
    corpus = tmp_path_factory.mktemp("neo4j-corpus")
    copy_seeds(corpus, ["001_64293d846974a11e"])
    env = dkg_env(NEO4J_URI=f"bolt://{unreachable()}", NEO4J_USER="dkg-reader", NEO4J_PASSWORD=PASSWORD,
                  COLUMNS="1000")
    commands = {
        "query": ["query", "--cypher", "MATCH (n) RETURN count(n)", "--home", str(home)],
        "build": ["build", str(corpus), "--home", str(tmp_path_factory.mktemp("neo4j-home")), "-q"],
    }
    procs = {name: subprocess.Popen([*DKG_CMD, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                    text=True, env=env, cwd=REPO) for name, args in commands.items()}
    out = {}
    for name, proc in procs.items():
        stdout, stderr = proc.communicate(timeout=300)
        out[name] = (proc.returncode, stdout + stderr)
    return out


@pytest.mark.parametrize("command", ["query", "build"])
def test_cli_output_carries_no_neo4j_credentials(cli_with_unreachable_neo4j, command):
    code, output = cli_with_unreachable_neo4j[command]
    assert code != 0
    assert PASSWORD not in output and "dkg-reader" not in output
    assert "Không kết nối được Neo4j" in output


def test_query_cli_reports_the_unreachable_server_in_one_line(cli_with_unreachable_neo4j):
    code, output = cli_with_unreachable_neo4j["query"]
    assert code == 1
    assert "Traceback" not in output
    assert sum(line.startswith("lỗi") for line in output.splitlines()) == 1


def test_build_cli_reports_the_unreachable_server_in_one_line(cli_with_unreachable_neo4j):
    """A store that cannot be reached is one line and a failing exit code, never a traceback."""
    code, output = cli_with_unreachable_neo4j["build"]
    assert code != 0
    assert "Traceback" not in output
    errors = [line for line in output.splitlines() if line.startswith("lỗi")]
    assert len(errors) == 1 and "Không kết nối được Neo4j tại bolt://127.0.0.1:" in errors[0], errors


# --- the app binds 127.0.0.1 ------------------------------------------------------------------------

def _listening(pid: int) -> list[tuple[str, int]]:
    import psutil

    found = []
    for proc in [psutil.Process(pid), *psutil.Process(pid).children(recursive=True)]:
        try:
            connections = proc.net_connections(kind="inet")
        except psutil.Error:
            continue
        found += [(c.laddr.ip, c.laddr.port) for c in connections if c.status == psutil.CONN_LISTEN]
    return found


def test_app_listens_on_127_0_0_1_only(home):
    pytest.importorskip("psutil", reason="psutil lists the app's listening sockets")
    if run_dkg("app", "--help", timeout=60).returncode != 0:
        pytest.skip("`dkg app` is not there yet")
    port = free_port()
    env = dkg_env(NEO4J_PASSWORD=PASSWORD)
    proc = subprocess.Popen([*DKG_CMD, "app", "--port", str(port), "--home", str(home)], env=env, cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        deadline = time.monotonic() + 90
        sockets: list[tuple[str, int]] = []
        while time.monotonic() < deadline and proc.poll() is None:
            sockets = _listening(proc.pid)
            if any(p == port for _, p in sockets):
                break
            time.sleep(0.3)
        assert proc.poll() is None, "the app stopped"
        print(f"\nthe app listens on {sockets}")
        assert ("127.0.0.1", port) in sockets, sockets
        assert all(ip == "127.0.0.1" for ip, _ in sockets), f"the app listens beyond this machine: {sockets}"
        with socket.create_connection(("127.0.0.1", port), timeout=10):
            pass
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            output, _ = proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            output, _ = proc.communicate()
    assert PASSWORD not in output


# --- uploads stay inside the data home ----------------------------------------------------------------

HOSTILE_NAMES = [
    "../../x.txt", "../../../../../../tmp/x.txt", "/etc/cron.d/x.txt", "..\\..\\x.txt", "C:\\Windows\\x.txt",
    "a/../../b.txt", "./../x.txt", "..", "../", ".txt", "...txt", "..%2f..%2fx.txt", "%2e%2e/x.txt",
    "x.txt\x00.sh", "\x00", "uploads/../../x.txt", "~/x.txt", "~root/x.txt", "$HOME/x.txt", "x" * 400 + ".txt",
    "\u202ex.txt", "ｘ／．．／y.txt", "..\u2215..\u2215x.txt", "CON.txt", "x.txt/", "x.txt\n../y.txt",
    "Thông báo số 12-TB/TU.txt", "Thông báo số 12-TB\\TU.docx",
]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_upload_names_cannot_leave_the_data_home(tmp_path, monkeypatch, name):
    data = pytest.importorskip("app.data", reason="the app's upload-saving function is not there yet")
    home = tmp_path / "home"
    monkeypatch.setenv("DKG_HOME", str(home))
    outside_before = {p for p in tmp_path.rglob("*") if home not in p.parents and p != home}
    try:
        saved = data.save_upload(name, "Thông báo số 12-TB/TU\n".encode())
    except (ValueError, OSError) as refused:
        assert str(refused)
        saved = None
    if saved is not None:
        uploads = (home / data.UPLOAD_DIR).resolve()
        assert saved.resolve().parent == uploads, saved
        assert saved.is_file() and not saved.name.startswith("."), saved   # a hidden file is never built
        assert "\x00" not in saved.name and "\n" not in saved.name
    outside_after = {p for p in tmp_path.rglob("*") if home not in p.parents and p != home}
    assert outside_after == outside_before
    assert not Path("/tmp/x.txt").exists() or Path("/tmp/x.txt").stat().st_mtime < time.time() - 60
