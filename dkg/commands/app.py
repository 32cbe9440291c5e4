"""`dkg app`: the explorer (Streamlit) on 127.0.0.1, headless, on the data home's stores."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import typer

from dkg.cli import app
from dkg.config import REPO_ROOT, data_home

MAIN = REPO_ROOT / "app" / "main.py"


def streamlit_command(port: int, host: str) -> list[str]:
    """The `streamlit run` command line: headless, no usage statistics, no file watching, no tracebacks."""
    return [
        sys.executable, "-m", "streamlit", "run", str(MAIN),
        "--server.address", host,
        "--server.port", str(port),
        "--server.headless", "true",
        "--server.fileWatcherType", "none",
        "--server.runOnSave", "false",
        "--server.maxUploadSize", "50",
        "--browser.gatherUsageStats", "false",
        "--browser.serverAddress", host,
        "--client.showErrorDetails", "none",
        "--client.toolbarMode", "minimal",
        "--global.developmentMode", "false",
        "--theme.base", "light",
    ]


@app.command("app")
def app_command(
    port: int = typer.Option(8501, "--port", "-p", help="Port to listen on."),
    home: Path = typer.Option(None, "--home", help="Data home (else $DKG_HOME, else ~/.local/share/dkg)."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind (default: this machine only)."),
) -> None:
    """Start the explorer (Streamlit) at http://HOST:PORT on the data home's stores."""
    if not MAIN.is_file():
        typer.echo(f"lỗi: không thấy {MAIN}", err=True)
        raise typer.Exit(2)
    env = dict(os.environ)
    env["DKG_HOME"] = str(data_home(home).resolve())
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH", "")]))
    typer.echo(f"Trình khám phá: http://{host}:{port}  (dữ liệu: {env['DKG_HOME']}; Ctrl+C để dừng)", err=True)
    command = streamlit_command(port, host)
    os.execve(command[0], command, env)
