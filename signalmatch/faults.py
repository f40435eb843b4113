"""Crash points for the fault matrix (docs/reliability.md): inert unless a test asks for one.

A process started with ``SIGNALMATCH_CRASH_AT=<point>`` kills itself with SIGKILL — no cleanup, no
flush, exactly as a power cut or the OOM killer would — when it reaches that point:
:func:`crash_point` at once, :func:`crash_during` from a second thread a moment after the guarded
work began (e.g. while SQLite copies the WAL into the database). Points are named where they are
placed (``batch.applied``, ``batch.committed``, ``wal.checkpoint``, ...).
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from collections.abc import Iterator

VARIABLE = "SIGNALMATCH_CRASH_AT"


def _armed(point: str) -> bool:
    return os.environ.get(VARIABLE, "") == point


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def _die_after(seconds: float) -> None:
    time.sleep(seconds)
    _die()


def crash_point(point: str) -> None:
    """SIGKILL this process here, when the environment names this point."""
    if _armed(point):
        _die()


@contextlib.contextmanager
def crash_during(point: str, after: float = 0.002) -> Iterator[None]:
    """SIGKILL this process `after` seconds into the block, when the environment names this point."""
    if _armed(point):
        threading.Thread(target=_die_after, args=(after,), daemon=True).start()
    yield
