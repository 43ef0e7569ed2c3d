"""A real uvicorn server on a free loopback port, for tests that talk HTTP to the app."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import uvicorn


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(app) -> Iterator[str]:
    """The base URL of ``app`` served in a thread until the block ends (ready when
    ``/api/counts`` answers)."""
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=free_port(), log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{srv.config.port}"
    for _ in range(200):
        try:
            if httpx.get(base + "/api/counts", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.05)
    try:
        yield base
    finally:
        srv.should_exit = True
        thread.join(10)


CHROMIUM = "/usr/bin/chromium"  # Debian's package, driven by Playwright
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@contextmanager
def launched_browser():
    """Headless Debian chromium for the browser tests."""
    from pathlib import Path

    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Debian's chromium package is needed (apt-get install chromium)"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def follow(page, target) -> None:
    """Click ``target`` (a locator) and wait until the page it leads to has loaded: the click
    returns once the navigation commits, and ``count()`` and inner texts do not wait, so a
    read right after it can see the old page or a half-built new one."""
    target.click()
    page.wait_for_load_state()


@contextmanager
def browser_page(browser, server: str, viewport: dict | None = None, **options):
    """A page in a fresh browser context at ``viewport`` (1280 x 900 by default); when ``server``
    is given, any request to another origin fails the test (nothing may leave the machine) and
    the page's dialogs are kept in ``page.dialogs``."""
    context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900}, **options)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.outside, page.dialogs = [], []
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    if server:
        page.on("request", lambda r: None if r.url.startswith(server) else page.outside.append(r.url))
    try:
        yield page
        assert page.outside == [], page.outside
    finally:
        context.close()
