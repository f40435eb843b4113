"""Shared fixtures: a fresh federation per test, with every process it started stopped afterwards."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import PARTNERS, TABLE, Federation

from signalmatch.deploy.federation import init_federation


@pytest.fixture
def federation(tmp_path: Path):
    root = tmp_path / "federation"
    init_federation(root, TABLE, PARTNERS, ["voorzitter"])
    fed = Federation(root, PARTNERS)
    fed.start_keyholder()  # every node layers its tokens through it
    yield fed
    fed.stop_all()


@pytest.fixture(autouse=True)
def _default_language():
    """A test that runs the CLI in-process with --lang must not change the language of the next."""
    from signalmatch import i18n

    yield
    i18n.reset_language()


def pytest_collection_modifyitems(config, items):
    """The container test runs only when asked for (`make test-container`: -m container)."""
    if "container" in (config.getoption("markexpr") or ""):
        return
    kept = [item for item in items if item.get_closest_marker("container") is None]
    if len(kept) < len(items):
        config.hook.pytest_deselected(items=[item for item in items if item not in kept])
        items[:] = kept
