"""A process started on a store restored from a backup says so: once in its audit log
(``store.restored``, visible to every officer) and at every start in its log and health report."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from contextlib import AbstractContextManager

from signalmatch import clock, sqlite
from signalmatch.audit.log import AuditEntry, AuditLog

log = logging.getLogger(__name__)


def announce_restores(
    transaction: Callable[[], AbstractContextManager[sqlite3.Connection]],
    audit: AuditLog,
    system: str,
    actor_org: str,
    actor_user: str,
) -> list[sqlite.Restore]:
    """Audit each restore not yet announced (in one transaction with marking it), log every
    restore recorded at WARNING, and return them all (oldest first) for the health report."""
    with transaction() as conn:
        recorded = sqlite.restores(conn)
        for restore in recorded:
            if restore.announced:
                continue
            details = {
                "backup_size": str(restore.backup_audit_size),
                "backup_time": restore.backup_time,
                "replaced_size": "" if restore.replaced_audit_size is None else str(restore.replaced_audit_size),
            }
            audit.append(
                AuditEntry(
                    time=clock.now(),
                    actor_org=actor_org,
                    actor_role="system",
                    actor_user=actor_user,
                    action="store.restored",
                    system=system,
                    details=tuple((k, v) for k, v in details.items() if v),
                )
            )
        if any(not r.announced for r in recorded):
            sqlite.mark_announced(conn)
    for restore in recorded:
        log.warning(
            "this store was restored from a backup of %s at %s: audit log size %d (before the restore: %s); "
            "parties holding later checkpoints or receipts report a rollback",
            restore.backup_time,
            restore.restore_time,
            restore.backup_audit_size,
            "unknown" if restore.replaced_audit_size is None else restore.replaced_audit_size,
            extra={"event": "store.restored"},
        )
    return recorded


def restore_info(recorded: list[sqlite.Restore]) -> dict[str, object]:
    """The health report's ``restored`` field: the last restore, if the store was ever restored."""
    return {"restored": recorded[-1].to_json()} if recorded else {}
