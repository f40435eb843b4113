"""Playwright driving Debian's Chromium (installed by `make test`; never a downloaded browser).

Browser tests get the fixtures `browser` and `page` from tests/web/conftest.py (never import them)
and call :func:`shot` on the main pages; with SIGNALMATCH_SCREENSHOTS=<dir> (``make screenshots``)
the pictures land there (docs/screenshots/ in the README), otherwise in the test's tmp dir.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Without the networking flags Chromium keeps calling Google's services, which this closed network
# refuses; the tests only ever talk to 127.0.0.1.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def browser() -> Browser:
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is not installed: run the tests with `make test`, which installs it")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Page:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    context.set_default_timeout(20_000)
    opened = context.new_page()
    yield opened
    context.close()


def shot(page: Page, name: str, tmp_path: Path) -> Path:
    """A full-page screenshot `name`.png, in SIGNALMATCH_SCREENSHOTS when set."""
    folder = Path(os.environ.get("SIGNALMATCH_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
