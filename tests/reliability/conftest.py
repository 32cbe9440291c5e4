"""The reliability suite's options: ``--long`` (or ``DKG_LONG=1``) runs the fuzz and kill tests at length.

``--long`` is known to pytest only when this folder is on the command line
(``pytest tests/reliability --long``); ``DKG_LONG=1`` works however the suite is started.
"""

from __future__ import annotations

import pytest
from rel_support import long_mode


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--long", action="store_true", default=False,
                     help="reliability suite at length: 10,000 fuzz cases, several kill points, 50 MB build")


@pytest.fixture(scope="session")
def long(request: pytest.FixtureRequest) -> bool:
    return long_mode(request.config)
