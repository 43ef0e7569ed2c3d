"""One headless chromium for every browser test of the web pages."""

from __future__ import annotations

import pytest
from live import launched_browser


@pytest.fixture(scope="session")
def browser():
    with launched_browser() as b:
        yield b
