"""The DPIA report of the officer's console (`/audit/rapport`): the accountability numbers of
:func:`signalmatch.audit.report.build_report` over a period of months, per month, per partner, per
purpose and legal basis and per action, as SVG bar charts and as CSV (formula cells neutralised)."""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from signalmatch import i18n
from signalmatch.audit.log import AuditEntry
from signalmatch.audit.report import Report, build_report, safe_rows
from signalmatch.config import OfficerConfig
from signalmatch.console import audit as audit_cli
from signalmatch.console.web import charts

DEFAULT_MONTHS = 12
MAX_MONTHS = 60

@dataclass(frozen=True)
class Month:
    label: str  # YYYY-MM
    start: str  # RFC 3339, inclusive
    end: str  # RFC 3339, exclusive


def parse_month(value: str) -> date | None:
    try:
        return datetime.strptime(value, "%Y-%m").date() if len(value) == 7 else None
    except ValueError:
        return None


def next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def months_between(first: date, last: date) -> list[Month]:
    """Every calendar month from `first` up to and including `last` (UTC)."""
    months, day = [], date(first.year, first.month, 1)
    while day <= last:
        following = next_month(day)
        months.append(Month(day.strftime("%Y-%m"), _at(day), _at(following)))
        day = following
    return months


def _at(day: date) -> str:
    return f"{day.isoformat()}T00:00:00.000000Z"


def default_period(today: date) -> tuple[str, str]:
    """The last twelve months, this one included: ("YYYY-MM", "YYYY-MM")."""
    first = date(today.year, today.month, 1)
    for _ in range(DEFAULT_MONTHS - 1):
        first = date(first.year - (first.month == 1), (first.month - 2) % 12 + 1, 1)
    return first.strftime("%Y-%m"), today.strftime("%Y-%m")


def report_period(params: Mapping[str, str], today: date) -> tuple[str, str, list[Month], dict[str, str]]:
    """(from, to, the months, errors by parameter) of the report form's GET parameters."""
    default_from, default_to = default_period(today)
    first_text = str(params.get("van", "") or default_from).strip()[:16]
    last_text = str(params.get("tot", "") or default_to).strip()[:16]
    first, last = parse_month(first_text), parse_month(last_text)
    errors = {}
    if first is None:
        errors["van"] = i18n.t("web.audit.report.month_format")
    if last is None:
        errors["tot"] = i18n.t("web.audit.report.month_format")
    if first and last:
        months = months_between(first, last)
        if last < first:
            errors["tot"] = i18n.t("web.audit.report.month_order")
        elif len(months) > MAX_MONTHS:
            errors["tot"] = i18n.t("web.audit.report.too_long", months=MAX_MONTHS)
        if not errors:
            return first_text, last_text, months, errors
    return first_text, last_text, [], errors


@dataclass
class DpiaReport:
    """The CLI's report over the whole period, plus the same report per month and counts per action."""

    report: Report
    unreadable: int
    months: list[tuple[Month, Report]] = field(default_factory=list)
    actions: list[tuple[str, int]] = field(default_factory=list)  # most frequent first


def build_dpia(entries: list[AuditEntry], unreadable: int, months: list[Month]) -> DpiaReport:
    """Pure: the report over the months' span, each month's report and the actions counted."""
    start, end = months[0].start, months[-1].end
    inside = [e for e in entries if start <= e.time < end]
    by_month: dict[str, list[AuditEntry]] = {}
    for entry in inside:
        by_month.setdefault(entry.time[:7], []).append(entry)
    return DpiaReport(
        report=build_report(inside, start, end),
        unreadable=unreadable,
        months=[(m, build_report(by_month.get(m.label, []), m.start, m.end)) for m in months],
        actions=sorted(Counter(e.action for e in inside).items(), key=lambda item: (-item[1], item[0])),
    )


def fetch_dpia(cfg: OfficerConfig, months: list[Month]) -> DpiaReport:
    entries, unreadable = audit_cli.fetch_entries(cfg, months[0].start, months[-1].end)
    return build_dpia(entries, unreadable, months)


MONTH_METRICS = ("signals_submitted", "hits_created", "disclosures_requested")
PARTNER_SIGNALS = ("signals_submitted", "signals_withdrawn")
PARTNER_DISCLOSURES = ("disclosures_requested", "disclosures_approved", "disclosures_refused", "disclosures_expired")
BASIS_METRICS = ("requested", "approved", "refused", "expired", "opened")


def month_values(report: Report) -> dict[str, int]:
    partners = report.partners.values()
    return {
        "entries": report.entries,
        "batches": sum(p.batches for p in partners),
        "signals_submitted": sum(p.signals_submitted for p in partners),
        "hits_created": report.hits_created,
        "disclosures_requested": report.disclosures_requested,
        "disclosures_approved": sum(p.disclosures_approved for p in partners),
        "disclosures_refused": sum(p.disclosures_refused for p in partners),
    }


def metric(name: str) -> str:
    return i18n.t(f"web.audit.metric.{name}")


def dpia_charts(dpia: DpiaReport) -> dict[str, charts.Chart]:
    """The report's bar charts, titled in the user's language."""
    per_month = [month_values(r) for _, r in dpia.months]
    partners = sorted(dpia.report.partners)
    bases = sorted(dpia.report.bases)
    return {
        "months": charts.bar_chart(
            i18n.t("web.audit.report.per_month"),
            [m.label for m, _ in dpia.months],
            [charts.Series(metric(k), tuple(v[k] for v in per_month)) for k in MONTH_METRICS],
        ),
        "partner_signals": charts.bar_chart(
            i18n.t("web.audit.report.per_partner.signals"),
            partners,
            [
                charts.Series(metric(k), tuple(getattr(dpia.report.partners[p], k) for p in partners))
                for k in PARTNER_SIGNALS
            ],
            width=540,
        ),
        "partner_disclosures": charts.bar_chart(
            i18n.t("web.audit.report.per_partner.disclosures"),
            partners,
            [
                charts.Series(metric(k), tuple(getattr(dpia.report.partners[p], k) for p in partners))
                for k in PARTNER_DISCLOSURES
            ],
            width=540,
        ),
        "bases": charts.bar_chart(
            i18n.t("web.audit.report.per_basis"),
            [f"{purpose} / {basis}" for purpose, basis in bases],
            [charts.Series(metric(k), tuple(getattr(dpia.report.bases[b], k) for b in bases)) for k in BASIS_METRICS],
        ),
        "actions": charts.hbar_chart(
            i18n.t("web.audit.report.per_action"), [a for a, _ in dpia.actions], [n for _, n in dpia.actions]
        ),
    }


def csv_rows(dpia: DpiaReport) -> list[tuple[str, str, str, str]]:
    """The CLI's (section, key, metric, value) rows, then the months, the actions and what was unreadable."""
    rows = list(dpia.report.csv_rows())
    for month, report in dpia.months:
        rows += [("month", month.label, k, str(v)) for k, v in month_values(report).items()]
    rows += [("action", action, "entries", str(count)) for action, count in dpia.actions]
    rows.append(("total", "", "unreadable_entries", str(dpia.unreadable)))
    return safe_rows(rows)


def csv_text(dpia: DpiaReport) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(csv_rows(dpia))
    return out.getvalue()
