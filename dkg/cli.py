"""The one entry point, ``dkg``: each command lives in its own module under dkg/commands."""

from __future__ import annotations

import typer

app = typer.Typer(
    help="Knowledge graph of Vietnamese party and government directives.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)



@app.callback()
def main() -> None:
    """Đồ thị tri thức văn bản chỉ đạo: ai trích dẫn gì, ai phải làm gì, đến bao giờ."""


# Each module registers its commands on ``app`` when imported.
from dkg.commands import app as _app  # noqa: E402,F401
from dkg.commands import build as _build  # noqa: E402,F401
from dkg.commands import extract as _extract  # noqa: E402,F401
from dkg.commands import query as _query  # noqa: E402,F401
from dkg.commands import search as _search  # noqa: E402,F401
from dkg.commands import stats as _stats  # noqa: E402,F401
from dkg.commands import store_admin as _store_admin  # noqa: E402,F401
from dkg.commands import synth as _synth  # noqa: E402,F401
from dkg.commands import tasks as _tasks  # noqa: E402,F401

if __name__ == "__main__":
    app()
