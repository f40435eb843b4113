"""Command-line console for a partner's staff, talking to their own node with an operator certificate."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import grpc
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from signalmatch import enums, i18n, transport
from signalmatch.config import NodeConfig, load_node
from signalmatch.errors import ValidationError, Violation
from signalmatch.node.importer import read_rows
from signalmatch.node.signal import from_json, to_proto
from signalmatch.v1 import common_pb2, intake_pb2, intake_pb2_grpc, signal_pb2

# Short state names (as in `node signals --state`) -> SignalState values.
SIGNAL_STATES = {name: enums.number(signal_pb2.SignalState, name) for name in enums.choices(signal_pb2.SignalState)}


@dataclass
class ImportReport:
    path: str
    accepted: int = 0
    already: int = 0
    rejected: list[tuple[int, tuple[Violation, ...]]] = field(default_factory=list)
    refs: dict[str, str] = field(default_factory=dict)  # external_id -> signal ref

    def to_json(self) -> dict:
        return {
            "file": self.path,
            "accepted": self.accepted,
            "already": self.already,
            "rejected": [
                {"line": line, "violations": [v.__dict__ for v in violations]} for line, violations in self.rejected
            ],
        }


def intake_stub(cfg: NodeConfig) -> tuple[grpc.Channel, intake_pb2_grpc.IntakeServiceStub]:
    channel = transport.secure_channel(
        cfg.listen, cfg.operator_tls, expect=transport.Identity(cfg.table, "partner", cfg.partner)
    )
    return channel, intake_pb2_grpc.IntakeServiceStub(channel)


# Rows per ImportSignals message, and about the most bytes: one stream message costs the importer and
# the node more CPU than validating a signal (well under gRPC's 4 MiB message limit).
IMPORT_BATCH = 100
IMPORT_BATCH_BYTES = 1 << 20


def import_file(
    stub: intake_pb2_grpc.IntakeServiceStub,
    path: Path,
    partner: str,
    advance: Callable[[int], None] = lambda n: None,
) -> ImportReport:
    """Stream the valid rows to the node; rows rejected locally or by the node land in the report."""
    report = ImportReport(str(path))
    external_ids: dict[int, str] = {}

    def requests() -> Iterator[intake_pb2.ImportSignalsRequest]:
        batch = intake_pb2.ImportSignalsRequest()
        size = 0
        for row in read_rows(path, partner):
            if row.signal is None:
                report.rejected.append((row.line, row.violations))
                advance(1)
                continue
            external_ids[row.line] = row.signal.external_id
            item = batch.items.add(sequence=row.line, signal=to_proto(row.signal))
            size += item.ByteSize()
            if len(batch.items) >= IMPORT_BATCH or size >= IMPORT_BATCH_BYTES:
                yield batch
                batch, size = intake_pb2.ImportSignalsRequest(), 0
        if batch.items:
            yield batch

    for answer in stub.ImportSignals(requests()):
        for response in answer.items or [answer]:
            _count(report, response, external_ids, advance)
    report.rejected.sort(key=lambda item: item[0])
    return report


def _count(
    report: ImportReport,
    response: intake_pb2.ImportSignalsResponse,
    external_ids: dict[int, str],
    advance: Callable[[int], None],
) -> None:
    """One item's answer from the node, into the report."""
    advance(1)
    if response.violations:
        violations = tuple(Violation(v.field, v.rule, v.description) for v in response.violations)
        report.rejected.append((response.sequence, violations))
        return
    if response.created:
        report.accepted += 1
    else:
        report.already += 1
    report.refs[external_ids[response.sequence]] = response.signal_name.removeprefix("signals/")


def import_partner(config_path: Path, path: Path) -> ImportReport:
    """Import `path` into the node of `config_path`; for running several importers in parallel processes."""
    cfg = load_node(config_path)
    channel, stub = intake_stub(cfg)
    with channel:
        return import_file(stub, path, cfg.partner)


def count_lines(path: Path) -> int:
    with path.open("rb") as handle:
        lines = sum(1 for line in handle if line.strip())
    return lines - 1 if path.suffix.lower() == ".csv" else lines


def run_import(cfg: NodeConfig, path: Path, as_json: bool, console: Console) -> int:
    channel, stub = intake_stub(cfg)
    with channel:
        if as_json:
            report = import_file(stub, path, cfg.partner)
        else:
            columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
            with Progress(*columns, console=console, transient=True) as progress:
                task = progress.add_task(i18n.t("import.progress", name=path.name), total=count_lines(path))
                report = import_file(stub, path, cfg.partner, lambda n: progress.advance(task, n))
    if as_json:
        print(json.dumps(report.to_json(), ensure_ascii=False))
    else:
        print_report(report, console)
    return 0 if not report.rejected else 3


def print_report(report: ImportReport, console: Console) -> None:
    console.print(
        i18n.t("import.summary", accepted=report.accepted, already=report.already, rejected=len(report.rejected))
    )
    if report.rejected:
        table = Table(title=i18n.t("import.errors"))
        for key in ("col.line", "col.field", "col.rule"):
            table.add_column(i18n.t(key), no_wrap=True)
        table.add_column(i18n.t("col.problem"))
        for line, violations in report.rejected:
            for v in violations:
                table.add_row(str(line), v.field, v.rule, v.description)
        console.print(table)


@dataclass(frozen=True)
class NodeStatus:
    partner: str
    signals: int
    outbox_pending: int  # operations accepted, not yet acknowledged by the matcher
    batches_acknowledged: int
    last_error: str  # the current error towards the matcher or keyholder; "" when healthy
    operations_rejected: int  # in batches the matcher refused for good (parked, never resent)
    signals_refused: int = 0  # refused by the matcher: they need a correction and a resubmission


def fetch_status(stub: intake_pb2_grpc.IntakeServiceStub) -> NodeStatus:
    s = stub.GetNodeStatus(intake_pb2.GetNodeStatusRequest(), timeout=10)
    return NodeStatus(
        s.partner,
        s.signals,
        s.outbox_pending,
        s.batches_acknowledged,
        s.last_error,
        s.operations_rejected,
        s.signals_refused,
    )


def signal_name(ref: str) -> str:
    """The resource name of a signal ref ("signals/<ref>"); a full name is returned as it is."""
    return ref if ref.startswith("signals/") else f"signals/{ref}"


def withdraw(stub: intake_pb2_grpc.IntakeServiceStub, ref: str) -> signal_pb2.Signal:
    return stub.WithdrawSignal(intake_pb2.WithdrawSignalRequest(name=signal_name(ref)), timeout=10).signal


def run_status(cfg: NodeConfig, as_json: bool, console: Console) -> int:
    channel, stub = intake_stub(cfg)
    with channel:
        status = fetch_status(stub)
    if as_json:
        print(
            json.dumps(
                {
                    "partner": status.partner,
                    "signals": status.signals,
                    "outbox_pending": status.outbox_pending,
                    "batches_acknowledged": status.batches_acknowledged,
                    "last_error": status.last_error,
                    "operations_rejected": status.operations_rejected,
                    "signals_refused": status.signals_refused,
                }
            )
        )
        return 0
    console.print(
        i18n.t(
            "status.line",
            partner=status.partner,
            signals=status.signals,
            pending=status.outbox_pending,
            acked=status.batches_acknowledged,
        )
    )
    if status.last_error:
        console.print(i18n.t("status.error", error=status.last_error), style="red", markup=False)
    if status.signals_refused:
        console.print(i18n.t("status.refused", count=status.signals_refused), style="red", markup=False)
    return 0


def signals_page(
    stub: intake_pb2_grpc.IntakeServiceStub, page_size: int, token: str = "", state: str = ""
) -> tuple[list[signal_pb2.Signal], str]:
    """One page of the node's signals (only those in `state`, a short state name, when given),
    newest first, and the next page's token ("" at the end). The node audits each page it shows
    ("signals.listed")."""
    request = intake_pb2.ListSignalsRequest(page_size=page_size, page_token=token, state=SIGNAL_STATES.get(state, signal_pb2.SIGNAL_STATE_UNSPECIFIED))
    page = stub.ListSignals(request, timeout=30)
    return list(page.signals), page.next_page_token


def refusal_of(signal: signal_pb2.Signal) -> list[Violation]:
    """Why the matcher refused `signal` (empty unless its state is refused)."""
    return [Violation(v.field, v.rule, v.description) for v in signal.refusal.violations]


@dataclass(frozen=True)
class HitFeedback:
    """Where the table's review of one hit with this signal stands, as the node last heard it."""

    hit: str  # "hits/{id}"
    status: str  # short HitStatus name: "nieuw", "in_behandeling", ..., "afgesloten"
    referred_to: str  # short PartnerKind name when doorgeleid, else ""
    update_time: str  # RFC 3339; "" when unknown
    partner_count: int = 0  # partners with a signal in the hit, this one included
    kinds: tuple[str, ...] = ()  # short IdentifierKind names the hit's signals share

    def to_json(self) -> dict:
        return {**self.__dict__, "kinds": list(self.kinds)}

    def __str__(self) -> str:
        return f"{self.hit} {self.status}" + (f" → {self.referred_to}" if self.referred_to else "")


def feedback_of(signal: signal_pb2.Signal) -> tuple[HitFeedback, ...]:
    """The table's feedback per hit of `signal`; a hit the node has no status for yet counts as nieuw."""
    known = {f.hit: f for f in signal.hit_feedback}
    rows = []
    for hit in signal.hits:
        f = known.get(hit)
        rows.append(
            HitFeedback(
                hit=hit,
                status=enums.short(common_pb2.HitStatus, f.status) if f and f.status else "nieuw",
                referred_to=enums.short(common_pb2.PartnerKind, f.referred_to) if f else "",
                update_time=f.update_time.ToJsonString() if f and f.HasField("update_time") else "",
                partner_count=f.partner_count if f else 0,
                kinds=tuple(enums.short(common_pb2.IdentifierKind, k) for k in f.identifier_kinds) if f else (),
            )
        )
    return tuple(rows)


def run_signals(cfg: NodeConfig, as_json: bool, console: Console, state: str = "") -> int:
    channel, stub = intake_stub(cfg)
    signals: list[signal_pb2.Signal] = []
    token = ""
    with channel:
        while True:
            page, token = signals_page(stub, 500, token, state)
            signals.extend(page)
            if not token:
                break
    feedback = [feedback_of(s) for s in signals]
    rows: list[dict[str, Any]] = [
        {
            "name": s.name,
            "external_id": s.external_id,
            "state": enums.short(signal_pb2.SignalState, s.state),
            "municipality": s.municipality,
            "created": s.create_time.ToJsonString(),
            "hits": list(s.hits),
            "feedback": [f.to_json() for f in hits],
            "refusal": [v.__dict__ for v in refusal_of(s)],
        }
        for s, hits in zip(signals, feedback, strict=True)
    ]
    if as_json:
        print(json.dumps(rows, ensure_ascii=False))
        return 0
    table = Table()
    for column in ("name", "external_id", "state", "municipality", "created", "hits"):
        table.add_column(column)
    for row, hits, s in zip(rows, feedback, signals, strict=True):
        state_text = "\n".join([i18n.t(f"signals.state.{row['state']}"), *(str(v) for v in refusal_of(s))])
        columns = (row[k] for k in ("name", "external_id"))
        table.add_row(*columns, state_text, row["municipality"], row["created"], "\n".join(str(f) for f in hits))
    console.print(table)
    return 0


def resubmit(
    stub: intake_pb2_grpc.IntakeServiceStub, ref: str, signal: signal_pb2.Signal | None = None
) -> signal_pb2.Signal:
    """Queue a signal the matcher refused again: corrected (`signal`) or as stored."""
    request = intake_pb2.ResubmitSignalRequest(name=signal_name(ref))
    if signal is not None:
        request.signal.CopyFrom(signal)
    return stub.ResubmitSignal(request, timeout=10).signal


def read_signal_file(path: Path) -> signal_pb2.Signal:
    """One signal as a JSON object (the JSONL import format) from `path`; ValidationError otherwise."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        data = None
    if not isinstance(data, dict):
        raise ValidationError([Violation("file", "file.format", i18n.t("resubmit.file", path=path))])
    return to_proto(from_json(data, ignore=("partner",)))


def run_resubmit(cfg: NodeConfig, ref: str, path: Path | None, console: Console) -> int:
    corrected = read_signal_file(path) if path is not None else None
    channel, stub = intake_stub(cfg)
    with channel:
        signal = resubmit(stub, ref, corrected)
    console.print(i18n.t("resubmit.done", name=signal.name), markup=False)
    return 0


def run_withdraw(cfg: NodeConfig, ref: str, console: Console) -> int:
    channel, stub = intake_stub(cfg)
    with channel:
        signal = withdraw(stub, ref)
    console.print(f"{signal.name}: {signal_pb2.SignalState.Name(signal.state)}")
    return 0
