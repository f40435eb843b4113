"""`signalmatch check --config FILE [--full]`: the checks a process runs at start, on demand.

For every kind of config (matcher, keyholder, node, chair, officer): the config itself (loading
it checks every field and that every file it names exists), and its stores — the SQLite
stores with ``PRAGMA quick_check`` (``--full``: ``integrity_check``) and their audit logs against the
last checkpoint signed of them (``--full``: every entry and subtree hash), an officer's checkpoint
files by reading them. Exit 0 when all is well, 2 for a config or a file that is missing or
unreadable, signalmatch.stores.EXIT_DAMAGED for a damaged store.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rich.console import Console

from signalmatch import config, i18n
from signalmatch.audit.checkpoint_store import CheckpointStore
from signalmatch.console.audit import NODE_STORE_NAME, STORE_NAME, matcher_log_key, node_log_key
from signalmatch.errors import ConfigError
from signalmatch.keyholder.server import store_checks as keyholder_checks
from signalmatch.matcher.server import store_checks as matcher_checks
from signalmatch.node.server import store_checks as node_checks
from signalmatch.stores import EXIT_DAMAGED, Problem

Checks = list[Callable[[], list[Problem]]]


def _checkpoint_files(cfg: config.OfficerConfig) -> Checks:
    stores = [(cfg.data_dir / STORE_NAME, lambda: matcher_log_key(cfg).origin)]
    if cfg.partner and cfg.node_signing_public_key:
        stores.append((cfg.data_dir / NODE_STORE_NAME, lambda: node_log_key(cfg).origin))

    def readable(path: Path, origin: Callable[[], str]) -> Callable[[], list[Problem]]:
        def check() -> list[Problem]:
            try:
                CheckpointStore.load(path, origin())
            except ConfigError as exc:
                return [Problem(path, str(exc))]
            return []

        return check

    return [readable(path, origin) for path, origin in stores]


def store_checks(cfg: object, full: bool) -> Checks:
    if isinstance(cfg, config.MatcherConfig):
        return matcher_checks(cfg, full)
    if isinstance(cfg, config.NodeConfig):
        return node_checks(cfg, full)
    if isinstance(cfg, config.KeyholderConfig):
        return keyholder_checks(cfg, full)
    if isinstance(cfg, config.OfficerConfig):
        return _checkpoint_files(cfg)
    return []  # a chair keeps no store


def run_check(path: Path, full: bool, console: Console) -> int:
    cfg = config.load_any(path)  # ConfigError (exit 2): a field, or a file it names, missing or wrong
    checks = store_checks(cfg, full)  # loads the key that checks the audit log's checkpoints
    problems = [p for check in checks for p in check()]
    if problems:
        console.print(i18n.t("check.problems", path=path), style="red", markup=False, soft_wrap=True)
        for problem in problems:
            console.print(f"  {problem}", markup=False, soft_wrap=True)
        return EXIT_DAMAGED
    role = type(cfg).__name__.removesuffix("Config").lower()
    how = i18n.t("check.how.full" if full else "check.how.quick")
    console.print(
        i18n.t("check.ok", path=path, role=role, stores=len(checks), how=how),
        markup=False,
        soft_wrap=True,
    )
    return 0
