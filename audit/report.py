"""DPIA accountability report from audit log entries, for privacy officers. Pure, no I/O.

Counts over the entries whose time lies in [start, end):

- per partner: batches, signals submitted and withdrawn (``batch.accepted`` details), and
  disclosures requested from / approved / refused / expired / delivered / opened for that partner;
- per purpose + legal basis: disclosures requested, answers approved / refused / expired, opened;
- table-wide: hits created / merged / dissolved, batches rejected, retention purges, audit reads,
  and the median time from a disclosure request to a partner's decision (requests made before
  `start` are not in the window, so their decisions are not timed).

The report only ever shows what the entries say: ids, codes and counts.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from datetime import datetime

from signalmatch.audit.log import AuditEntry

PURGE_PREFIXES = ("retention.", "signal.purged", "signals.purged", "signals.expired")


@dataclass
class PartnerCounts:
    batches: int = 0
    signals_submitted: int = 0
    signals_withdrawn: int = 0
    disclosures_requested: int = 0
    disclosures_approved: int = 0
    disclosures_refused: int = 0
    disclosures_expired: int = 0
    disclosures_delivered: int = 0
    disclosures_opened: int = 0


@dataclass
class BasisCounts:
    requested: int = 0
    approved: int = 0
    refused: int = 0
    expired: int = 0
    opened: int = 0


@dataclass
class Report:
    start: str
    end: str
    entries: int = 0
    partners: dict[str, PartnerCounts] = field(default_factory=dict)
    bases: dict[tuple[str, str], BasisCounts] = field(default_factory=dict)  # (purpose, legal basis)
    hits_created: int = 0
    hits_merged: int = 0
    hits_dissolved: int = 0
    batches_rejected: int = 0
    disclosures_requested: int = 0  # requests (one request may ask several partners)
    decisions_timed: int = 0
    median_decision_seconds: float | None = None
    expired_answers: int = 0
    purges: int = 0
    audit_reads: int = 0

    def partner(self, partner: str) -> PartnerCounts:
        return self.partners.setdefault(partner, PartnerCounts())

    def basis(self, purpose: str, legal_basis: str) -> BasisCounts:
        return self.bases.setdefault((purpose, legal_basis), BasisCounts())

    def totals(self) -> dict[str, int | float | None]:
        return {
            "entries": self.entries,
            "hits_created": self.hits_created,
            "hits_merged": self.hits_merged,
            "hits_dissolved": self.hits_dissolved,
            "batches_rejected": self.batches_rejected,
            "disclosures_requested": self.disclosures_requested,
            "decisions_timed": self.decisions_timed,
            "median_decision_seconds": self.median_decision_seconds,
            "expired_answers": self.expired_answers,
            "purges": self.purges,
            "signals_withdrawn": sum(p.signals_withdrawn for p in self.partners.values()),
            "audit_reads": self.audit_reads,
        }

    def to_json(self) -> dict:
        return {
            "from": self.start,
            "to": self.end,
            "totals": self.totals(),
            "partners": {p: vars(c).copy() for p, c in sorted(self.partners.items())},
            "purposes": [
                {"purpose": purpose, "legal_basis": basis, **vars(c)}
                for (purpose, basis), c in sorted(self.bases.items())
            ],
        }

    def csv_rows(self) -> list[tuple[str, str, str, str]]:
        """(section, key, metric, value) rows, header first; cells spreadsheet-safe (safe_cell)."""
        rows = [("section", "key", "metric", "value")]
        rows += [("total", "", k, "" if v is None else str(v)) for k, v in self.totals().items()]
        for partner, counts in sorted(self.partners.items()):
            rows += [("partner", partner, f.name, str(getattr(counts, f.name))) for f in fields(counts)]
        for (purpose, basis), basis_counts in sorted(self.bases.items()):
            rows += [
                ("purpose", f"{purpose}/{basis}", f.name, str(getattr(basis_counts, f.name)))
                for f in fields(basis_counts)
            ]
        return safe_rows(rows)


def safe_cell(value: str) -> str:
    """A CSV cell that a spreadsheet will not run as a formula (OWASP: CSV injection): a leading
    =, +, -, @, tab or carriage return gets a ' in front."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def safe_rows(rows: Iterable[tuple[str, str, str, str]]) -> list[tuple[str, str, str, str]]:
    return [(safe_cell(a), safe_cell(b), safe_cell(c), safe_cell(d)) for a, b, c, d in rows]


def _ids(value: str) -> list[str]:
    return [v for v in value.split(",") if v]


def _seconds(start: str, end: str) -> float:
    return (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds()


def build_report(entries: Iterable[AuditEntry], start: str, end: str) -> Report:
    """The report over the entries with start <= time < end (RFC 3339 UTC strings, as logged)."""
    report = Report(start, end)
    requested_at: dict[str, str] = {}  # disclosure name -> request time
    durations: list[float] = []
    for entry in entries:
        if not start <= entry.time < end:
            continue
        report.entries += 1
        details = dict(entry.details)
        action = entry.action
        disclosure = entry.objects[0] if entry.objects else ""
        if action == "batch.accepted":
            counts = report.partner(entry.actor_org)
            counts.batches += 1
            counts.signals_submitted += int(details.get("submitted", "0"))
            counts.signals_withdrawn += int(details.get("withdrawn", "0"))
        elif action == "batch.rejected":
            report.batches_rejected += 1
        elif action in ("hit.created", "hit.merged", "hit.dissolved"):
            name = "hits_" + action.removeprefix("hit.")
            setattr(report, name, getattr(report, name) + 1)
        elif action == "disclosure.requested":
            report.disclosures_requested += 1
            requested_at.setdefault(disclosure, entry.time)
            asked = _ids(details.get("partners", ""))
            for partner in asked:
                report.partner(partner).disclosures_requested += 1
            report.basis(entry.purpose, entry.legal_basis).requested += 1
        elif action in ("disclosure.approved", "disclosure.refused"):
            state = action.removeprefix("disclosure.")
            counts = report.partner(entry.actor_org)
            setattr(counts, f"disclosures_{state}", getattr(counts, f"disclosures_{state}") + 1)
            basis = report.basis(entry.purpose, entry.legal_basis)
            setattr(basis, state, getattr(basis, state) + 1)
            if disclosure in requested_at:
                durations.append(_seconds(requested_at[disclosure], entry.time))
        elif action == "disclosure.expired":
            expired = _ids(details.get("partners", ""))
            report.expired_answers += len(expired)
            for partner in expired:
                report.partner(partner).disclosures_expired += 1
            report.basis(entry.purpose, entry.legal_basis).expired += len(expired)
        elif action in ("disclosure.delivered", "disclosure.opened"):
            state = action.removeprefix("disclosure.")
            for partner in _ids(details.get("partners", "")):
                counts = report.partner(partner)
                setattr(counts, f"disclosures_{state}", getattr(counts, f"disclosures_{state}") + 1)
            if state == "opened":
                report.basis(entry.purpose, entry.legal_basis).opened += 1
        elif action == "audit.read":
            report.audit_reads += 1
        elif action.startswith(PURGE_PREFIXES):
            report.purges += int(details.get("count", "1"))
    report.decisions_timed = len(durations)
    report.median_decision_seconds = statistics.median(durations) if durations else None
    return report
