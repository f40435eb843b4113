"""Checks of a process's SQLite stores before it serves, and on demand (`signalmatch check`).

Every server checks each of its stores at start (:func:`require_intact`): SQLite's
``PRAGMA quick_check`` (``integrity_check`` with ``full``), plus whatever checks the store's owner
adds (the audit log's tree against its last signed checkpoint: signalmatch.audit.integrity). A
damaged store stops the process before it serves, with a message naming the file and what failed,
and exit code :data:`EXIT_DAMAGED` — never a server that answers every call with INTERNAL.

Checks open the file read-only and never create one: a store that does not exist yet is fine (the
process makes it). Schema versions and migrations of the same stores belong next to this module.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from signalmatch import i18n, sqlite
from signalmatch.errors import SignalmatchError

EXIT_DAMAGED = 5  # the exit code of a process (or `signalmatch check`) that found a damaged store


MAX_REPORTED = 10  # lines of integrity_check output kept per store


@dataclass(frozen=True)
class Problem:
    """What is wrong with one store file."""

    path: Path
    what: str

    def __str__(self) -> str:
        return f"{self.path}: {self.what}"


class StoreDamagedError(SignalmatchError):
    """A store failed its checks; the process must not serve from it (exit code EXIT_DAMAGED)."""

    def __init__(self, problems: list[Problem]):
        self.problems = tuple(problems)
        super().__init__("\n  ".join([i18n.t("stores.damaged"), *map(str, self.problems)]))


def sqlite_problems(path: Path, full: bool = False) -> list[Problem]:
    """SQLite's own check of the file: quick_check (b-tree structure, cells, freelist), or with
    `full` integrity_check (also every index against its table). [] for a file not yet made."""
    if not path.exists():
        return []
    pragma = "integrity_check" if full else "quick_check"
    try:
        conn = sqlite.open_read_only(path)
        try:
            rows = [str(r[0]) for r in conn.execute(f"PRAGMA {pragma}({MAX_REPORTED})")]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:  # not a database, a malformed header or root page
        rows = [str(exc)]
    if rows == ["ok"]:
        return []
    return [Problem(path, i18n.t("stores.pragma", pragma=pragma, result="; ".join(rows)))]


def require_intact(checks: Iterable[Callable[[], list[Problem]]]) -> None:
    """Run every check; StoreDamagedError listing all problems found, if any."""
    problems = [p for check in checks for p in check()]
    if problems:
        raise StoreDamagedError(problems)
