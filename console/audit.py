"""Command-line console for privacy officers (officer certificate): verify the matcher's log, the
DPIA accountability report, and data-subject look-ups (GDPR art. 15) at the partner's own node.

Exit codes: 0 ok, 1 a remote call failed, 2 bad input or configuration, 4 verification failed.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import grpc
from rich.console import Console
from rich.table import Table

from signalmatch import clock, crypto, i18n, transport
from signalmatch.audit import nen7513
from signalmatch.audit.checkpoint_store import CheckpointStore, LogKey, SeenCheckpoint
from signalmatch.audit.log import AuditEntry
from signalmatch.audit.merkle import ProofError
from signalmatch.audit.report import Report, build_report
from signalmatch.audit.verify import (
    SourceError,
    StoredReceipt,
    VerifyResult,
    verify,
)
from signalmatch.config import OfficerConfig
from signalmatch.console.officer import node_channel, state_name
from signalmatch.directory import KeyholderEntry
from signalmatch.errors import ConfigError, InvalidValue, ValidationError
from signalmatch.v1 import audit_pb2, audit_pb2_grpc, officer_pb2, officer_pb2_grpc

EXIT_VERIFY_FAILED = 4
STORE_NAME = "checkpoints.json"
NODE_STORE_NAME = "node-checkpoints.json"  # the partner's own node log
KEYHOLDER_STORE_NAME = "keyholder-checkpoints.json"  # the keyholder's own log


# -- connections -------------------------------------------------------------------------------------


def matcher_log_key(cfg: OfficerConfig) -> LogKey:
    origin = f"{cfg.table}/matcher"
    return LogKey(origin, origin, crypto.ed25519_public_from_b64(cfg.matcher_log_public_key))


def node_log_key(cfg: OfficerConfig) -> LogKey:
    """The partner's own node log (its checkpoints are signed with the node's signing key)."""
    if not cfg.partner or not cfg.node_signing_public_key:
        raise ConfigError(i18n.t("audit.console.no_node", path=cfg.path))
    origin = f"{cfg.table}/partner/{cfg.partner}"
    return LogKey(origin, origin, crypto.ed25519_public_from_b64(cfg.node_signing_public_key))


def _keyholder(cfg: OfficerConfig) -> KeyholderEntry:
    keyholder = cfg.directory.keyholder if cfg.directory is not None else None
    if keyholder is None:
        raise ConfigError(i18n.t("audit.console.no_keyholder", path=cfg.path))
    return keyholder


def keyholder_log_key(cfg: OfficerConfig) -> LogKey:
    """The keyholder's own log: its checkpoints are signed with the keyholder's signing key, as
    published in the table's directory (like a node's with the node's)."""
    origin = f"{cfg.table}/keyholder"
    return LogKey(origin, origin, crypto.ed25519_public_from_b64(_keyholder(cfg).signing_public_key))


def keyholder_channel(cfg: OfficerConfig) -> grpc.Channel:
    address = _keyholder(cfg).address
    return transport.secure_channel(address, cfg.tls, expect=transport.Identity(cfg.table, "keyholder"))


class GrpcLogSource:
    """Proofs from an AuditService; refusals and errors become SourceError for the verifier."""

    def __init__(self, stub: audit_pb2_grpc.AuditServiceStub):
        self._stub = stub

    def consistency_proof(self, old_size: int, new_size: int) -> list[bytes]:
        try:
            request = audit_pb2.GetConsistencyProofRequest(old_size=old_size, new_size=new_size)
            return list(self._stub.GetConsistencyProof(request, timeout=30).proof)
        except grpc.RpcError as exc:
            raise SourceError(f"{exc.code().name}: {exc.details()}") from None

    def inclusion_proof(self, index: int, tree_size: int) -> tuple[list[bytes], bytes]:
        try:
            request = audit_pb2.GetInclusionProofRequest(index=index, tree_size=tree_size)
            answer = self._stub.GetInclusionProof(request, timeout=30)
        except grpc.RpcError as exc:
            raise SourceError(f"{exc.code().name}: {exc.details()}") from None
        return list(answer.proof), answer.entry


def list_entries(
    stub: audit_pb2_grpc.AuditServiceStub, request: audit_pb2.ListAuditEntriesRequest
) -> Iterator[tuple[int, bytes]]:
    request.page_size = request.page_size or 2000
    while True:
        page = stub.ListAuditEntries(request, timeout=60)
        yield from ((e.index, e.entry) for e in page.entries)
        if not page.next_page_token:
            return
        request.page_token = page.next_page_token


def fetch_receipts(cfg: OfficerConfig) -> list[StoredReceipt]:
    receipts: list[StoredReceipt] = []
    with node_channel(cfg) as channel:
        stub = officer_pb2_grpc.OfficerServiceStub(channel)
        token = ""
        while True:
            page = stub.ListReceipts(officer_pb2.ListReceiptsRequest(page_size=1000, page_token=token), timeout=30)
            receipts += [StoredReceipt(r.receipt, r.signature) for r in page.receipts]
            token = page.next_page_token
            if not token:
                return receipts


# -- verify ------------------------------------------------------------------------------------------


def _listing_since(store: CheckpointStore, key: LogKey, full: bool) -> tuple[SeenCheckpoint | None, str]:
    """(the verified checkpoint to continue from, the ListAuditEntries page token): full -> (None, "")."""
    since = None if full else store.largest_verified(key)
    return since, str(key.open(since.note).size) if since is not None else ""


def verify_as(
    cfg: OfficerConfig, witness_files: list[Path], full: bool = True
) -> tuple[VerifyResult, CheckpointStore]:
    """Verify the matcher's log as this officer; on success the checkpoint is stored for next time.

    With `full=False` (and not on a first run) incremental: only the entries after the largest
    checkpoint this officer verified before are listed (see audit.verify for what that misses)."""
    key = matcher_log_key(cfg)
    store = CheckpointStore.load(cfg.data_dir / STORE_NAME, key.origin)
    since, token = _listing_since(store, key, full)
    witnesses = {
        str(path): CheckpointStore.load(path, key.origin, must_exist=True).checkpoints for path in witness_files
    }
    # Receipts before the checkpoint: every honest receipt is then covered by the latest size.
    receipts = fetch_receipts(cfg) if cfg.partner else []
    with transport.matcher_channel(cfg.table, cfg.matcher_address, cfg.tls) as channel:
        stub = audit_pb2_grpc.AuditServiceStub(channel)
        latest = stub.GetCheckpoint(audit_pb2.GetCheckpointRequest(), timeout=30).checkpoint
        entries = dict(list_entries(stub, audit_pb2.ListAuditEntriesRequest(page_token=token)))
        result = verify(
            key,
            latest,
            GrpcLogSource(stub),
            seen=store.checkpoints,
            receipts=receipts,
            receipt_key=crypto.ed25519_public_from_b64(cfg.matcher_signing_public_key),
            partner=cfg.partner,
            table=cfg.table,
            entries=entries,
            witnesses=witnesses,
            since=since,
        )
    if result.ok:
        store.add(result.verified)
        store.save()
    return result, store


def verify_node_log(cfg: OfficerConfig, full: bool = True) -> tuple[VerifyResult, CheckpointStore]:
    """Verify the partner's own node log (its checkpoints are signed with the node's signing key)."""
    return verify_own_log(cfg, node_log_key(cfg), NODE_STORE_NAME, node_channel(cfg), full)


def verify_keyholder_log(cfg: OfficerConfig, full: bool = True) -> tuple[VerifyResult, CheckpointStore]:
    """Verify the keyholder's own log (key imports and destructions, evaluations, quota refusals, alerts)."""
    return verify_own_log(cfg, keyholder_log_key(cfg), KEYHOLDER_STORE_NAME, keyholder_channel(cfg), full)


def verify_own_log(
    cfg: OfficerConfig, key: LogKey, store_name: str, channel: grpc.Channel, full: bool = True
) -> tuple[VerifyResult, CheckpointStore]:
    """Verify a log without receipts (a node's or the keyholder's) over `channel`.

    Full by default: without receipts, an old entry whose stored bytes were changed with its leaf
    hash left alone is only seen by listing it again (see audit.verify)."""
    store = CheckpointStore.load(cfg.data_dir / store_name, key.origin)
    since, token = _listing_since(store, key, full)
    with channel:
        stub = audit_pb2_grpc.AuditServiceStub(channel)
        latest = stub.GetCheckpoint(audit_pb2.GetCheckpointRequest(), timeout=30).checkpoint
        entries = dict(list_entries(stub, audit_pb2.ListAuditEntriesRequest(page_token=token)))
        result = verify(
            key, latest, GrpcLogSource(stub), seen=store.checkpoints, table=cfg.table, entries=entries, since=since
        )
    if result.ok:
        store.add(result.verified)
        store.save()
    return result, store


def run_verify(
    cfg: OfficerConfig,
    witness_files: list[Path],
    as_json: bool,
    console: Console,
    node: bool = False,
    full: bool = True,
    keyholder: bool = False,
) -> int:
    """`audit verify`: the matcher's log in full, or incrementally (`full=False`, `--incremental`);
    the node log (`node`) and the keyholder's log (`keyholder`) always in full."""
    if keyholder:
        result, store = verify_keyholder_log(cfg)
    else:
        result, store = verify_node_log(cfg) if node else verify_as(cfg, witness_files, full=full)
    if as_json:
        print(json.dumps(result.to_json(), ensure_ascii=False))
    else:
        console.print(result.summary(), style="green" if result.ok else "bold red", markup=False)
        for finding in result.findings:
            console.print(f"  [{finding.code}] {finding}", markup=False)
        if result.ok:
            console.print(i18n.t("audit.console.stored", count=len(store.checkpoints), path=store.path), markup=False)
    return 0 if result.ok else EXIT_VERIFY_FAILED


# -- report ------------------------------------------------------------------------------------------


def parse_when(value: str, field: str) -> str:
    """A date (midnight UTC) or an RFC 3339 time, as the log's UTC time string."""
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise ValidationError([InvalidValue("date.format", i18n.t("audit.console.date")).at(field)]) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def fetch_report(cfg: OfficerConfig, start: str, end: str) -> tuple[Report, int]:
    """The report over [start, end) of the entries this officer may see, and how many were unreadable."""
    entries, unreadable = fetch_entries(cfg, start, end)
    return build_report(entries, start, end), unreadable


def fetch_entries(
    cfg: OfficerConfig, start: str, end: str, log: str = "matcher"
) -> tuple[list[AuditEntry], int]:
    """The entries in [start, end) of `log` ("matcher", "node", "keyholder") this officer may see,
    and how many were unreadable; empty `start` and `end`: the whole log."""
    entries, unreadable = [], 0
    for index, data in list_log(cfg, start, end, log):
        try:
            entries.append(AuditEntry.from_bytes(data, index=index))
        except ProofError:
            unreadable += 1
    return entries, unreadable


def list_log(cfg: OfficerConfig, start: str, end: str, log: str) -> Iterator[tuple[int, bytes]]:
    """(index, bytes) of the entries in [start, end) of `log` ("matcher", "node", "keyholder")."""
    if start and end and end <= start:
        raise ValidationError([InvalidValue("range.order", i18n.t("audit.console.range")).at("to")])
    request = audit_pb2.ListAuditEntriesRequest()
    if start:
        request.start_time.CopyFrom(clock.to_timestamp(start))
    if end:
        request.end_time.CopyFrom(clock.to_timestamp(end))
    channels = {
        "matcher": lambda: transport.matcher_channel(cfg.table, cfg.matcher_address, cfg.tls),
        "node": lambda: node_channel(cfg),
        "keyholder": lambda: keyholder_channel(cfg),
    }
    with channels[log]() as channel:
        yield from list_entries(audit_pb2_grpc.AuditServiceStub(channel), request)


def log_origin(cfg: OfficerConfig, log: str) -> str:
    keys = {"matcher": matcher_log_key, "node": node_log_key, "keyholder": keyholder_log_key}
    return keys[log](cfg).origin


def run_export(cfg: OfficerConfig, start: str, end: str, log: str, as_json: bool, out: Path | None) -> int:
    """`audit export --format nen7513`: every entry this officer may see, one NEN 7513 record each
    (CSV with a header, or JSON lines), to `out` or stdout; unreadable entries are counted on stderr."""
    start = parse_when(start, "from") if start else ""
    end = parse_when(end, "to") if end else ""
    origin = log_origin(cfg, log)
    records, unreadable = [], 0
    for index, data in list_log(cfg, start, end, log):
        try:
            records.append(nen7513.record(origin, index, AuditEntry.from_bytes(data, index=index)))
        except ProofError:
            unreadable += 1
    handle = out.open("w", encoding="utf-8", newline="") if out else sys.stdout
    try:
        if as_json:
            handle.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
        else:
            writer = csv.DictWriter(handle, fieldnames=nen7513.COLUMNS, lineterminator="\n")
            writer.writeheader()
            writer.writerows(records)
    finally:
        if out:
            handle.close()
    if unreadable:
        Console(stderr=True).print(i18n.t("audit.console.unreadable_entries", count=unreadable), style="red")
    return 0


def _table(title: str, headers: list[str], rows: list[list[str]]) -> Table:
    table = Table(title=title)
    for header in headers:
        table.add_column(header)
    for row in rows:
        table.add_row(*row)
    return table


def run_report(cfg: OfficerConfig, start: str, end: str, fmt: str, console: Console) -> int:
    report, unreadable = fetch_report(cfg, parse_when(start, "from"), parse_when(end, "to"))
    if fmt == "json":
        print(json.dumps({**report.to_json(), "unreadable_entries": unreadable}, ensure_ascii=False))
    elif fmt == "csv":
        csv.writer(sys.stdout, lineterminator="\n").writerows(report.csv_rows())
    else:
        console.print(i18n.t("audit.report.title", start=report.start, end=report.end), style="bold")
        totals = [[k, "" if v is None else str(v)] for k, v in report.totals().items()]
        console.print(
            _table(i18n.t("audit.report.totals"), [i18n.t("audit.report.metric"), i18n.t("audit.report.value")], totals)
        )
        if report.partners:  # one column per partner: the metrics would not fit side by side
            partners = sorted(report.partners)
            metrics = list(vars(report.partners[partners[0]]))
            rows = [[m, *(str(getattr(report.partners[p], m)) for p in partners)] for m in metrics]
            console.print(_table(i18n.t("audit.report.partners"), [i18n.t("audit.report.metric"), *partners], rows))
        if report.bases:
            items = sorted(report.bases.items())
            headers = [i18n.t("audit.report.purpose"), i18n.t("audit.report.legal_basis"), *vars(items[0][1]).keys()]
            rows = [[p, b, *(str(v) for v in vars(c).values())] for (p, b), c in items]
            console.print(_table(i18n.t("audit.report.purposes"), headers, rows))
    if unreadable:
        Console(stderr=True).print(i18n.t("audit.console.unreadable_entries", count=unreadable), style="red")
    return 0


# -- subject (GDPR art. 15) --------------------------------------------------------------------------


def subject_summary(response: officer_pb2.LookupSubjectResponse) -> dict:
    return {
        "signals": [
            {
                "signal": f"signals/{s.signal_ref}",
                "external_id": s.external_id,
                "create_time": clock.from_timestamp(s.create_time),
                "state": s.state,
                "hits": list(s.hits),
                "matched_on": list(s.matched_on),
            }
            for s in response.signals
        ],
        "disclosures": [
            {
                "disclosure": d.disclosure,
                "hit": d.hit,
                "state": state_name(d.state),
                "recipients": list(d.recipients),
                "purpose": d.purpose,
                "legal_basis": d.legal_basis,
                "decide_time": clock.from_timestamp(d.decide_time),
            }
            for d in response.disclosures
        ],
    }


def lookup_subject(cfg: OfficerConfig, request: officer_pb2.LookupSubjectRequest) -> dict:
    """subject_summary of the partner's node's answer; the node audits the look-up (subject.looked_up)."""
    with node_channel(cfg) as channel:
        return subject_summary(officer_pb2_grpc.OfficerServiceStub(channel).LookupSubject(request, timeout=30))


def run_subject(cfg: OfficerConfig, request: officer_pb2.LookupSubjectRequest, as_json: bool, console: Console) -> int:
    summary = lookup_subject(cfg, request)
    if as_json:
        print(json.dumps(summary, ensure_ascii=False))
        return 0
    if not summary["signals"]:
        console.print(i18n.t("audit.subject.none"))
        return 0
    columns: tuple[str, ...] = ("signal", "external_id", "created", "state", "hits", "matched_on")
    rows = [
        [
            s["signal"],
            s["external_id"],
            s["create_time"][:19],
            s["state"],
            ", ".join(s["hits"]),
            ", ".join(s["matched_on"]),
        ]
        for s in summary["signals"]
    ]
    console.print(_table(i18n.t("audit.subject.signals"), [i18n.t(f"audit.subject.col.{c}") for c in columns], rows))
    if summary["disclosures"]:
        columns = ("disclosure", "hit", "state", "recipients", "purpose", "legal_basis", "decided")
        rows = [
            [
                d["disclosure"],
                d["hit"],
                d["state"],
                ", ".join(d["recipients"]),
                d["purpose"],
                d["legal_basis"],
                d["decide_time"][:19],
            ]
            for d in summary["disclosures"]
        ]
        console.print(
            _table(i18n.t("audit.subject.disclosures"), [i18n.t(f"audit.subject.col.{c}") for c in columns], rows)
        )
    return 0
