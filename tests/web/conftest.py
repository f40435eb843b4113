"""Chromium fixtures for the consoles' browser tests, loaded only for tests/web/: defined once
here, since a second session-scoped definition (a test module importing them) would start a
second Playwright inside the first."""

from browser import browser, page  # noqa: F401
