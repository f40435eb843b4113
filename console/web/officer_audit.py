"""The privacy officer's audit pages: the log, the verification panel, per-entry inclusion checks
and the DPIA report.

Everything is fetched over gRPC with the officer's own certificate and checked here, on the
officer's machine, with the same code as `signalmatch audit` (console/audit.py, audit/verify.py,
audit/merkle.py): the server's word is never taken for "verified".

- ``/audit``: entries this officer may see (the server scopes them by certificate), newest first,
  with filters (action prefix and period at the server; organisation, role and object here) and
  paging; a partner's officer switches between the matcher's log and its node's own log. The
  server pages newest first, and a view fetches only down to the page shown (plus one entry, and
  at least FETCH_AHEAD entries per call so a short result is counted exactly in one call); when
  the log was not read to its start, the count and the page total are lower bounds ("500+").
  Organisation, role and object are filtered here, so with one of them set a view reads down
  until enough entries match: up to the whole visible log for a rare match or a far page.
- ``/audit/controle``: per log a green or red panel from :func:`console.audit.verify_as` /
  :func:`console.audit.verify_node_log`; "nu controleren" (POST) runs it again and, like the CLI,
  keeps a verified checkpoint as seen.
- ``/audit/{log}/{index}``: one entry, its leaf hash and its RFC 9162 inclusion proof, checked
  locally against the latest checkpoint this officer verified.
- ``/audit/rapport`` and ``/audit/rapport.csv`` (console/web/dpia.py): the DPIA report of
  :func:`console.audit.fetch_entries` over a period of months, as tables and SVG bar charts.

The filters of these pages are codes, ids and dates, never personal data, so they are GET
parameters; the report and the log hold opaque references and counts only.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlencode

import grpc
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from signalmatch import clock, i18n, transport
from signalmatch.audit import merkle
from signalmatch.audit.checkpoint import Checkpoint
from signalmatch.audit.checkpoint_store import CheckpointStore, LogKey
from signalmatch.audit.log import ROLES, AuditEntry
from signalmatch.audit.merkle import ProofError
from signalmatch.audit.service import MAX_PAGE as SERVER_MAX_PAGE
from signalmatch.audit.service import partner_filter
from signalmatch.audit.verify import SourceError, VerifyResult
from signalmatch.config import OfficerConfig
from signalmatch.console import audit as audit_cli
from signalmatch.console.web import app
from signalmatch.console.web.app import NavItem
from signalmatch.console.web.dpia import (
    BASIS_METRICS,
    PARTNER_DISCLOSURES,
    PARTNER_SIGNALS,
    csv_text,
    dpia_charts,
    fetch_dpia,
    metric,
    month_values,
    report_period,
)
from signalmatch.errors import AuthenticationError, SignalmatchError
from signalmatch.v1 import audit_pb2, audit_pb2_grpc

PAGE_SIZE = 50
MAX_PAGE = 99_999
FETCH_AHEAD = 500  # entries asked of the server per call at least (it answers at most audit.service.MAX_PAGE)
LOGS = ("matcher", "node")
# Common action prefixes, offered in the log filter (any prefix the server accepts may be typed).
ACTION_HINTS = (
    "audit.read",
    "batch.",
    "batch.accepted",
    "batch.rejected",
    "disclosure.",
    "disclosure.requested",
    "disclosure.approved",
    "disclosure.refused",
    "disclosure.opened",
    "hit.",
    "hit.created",
    "hit.viewed",
    "hits.listed",
    "signal.",
    "subject.looked_up",
)


# -- the logs this officer can see -------------------------------------------------------------------


def logs_of(cfg: OfficerConfig) -> tuple[str, ...]:
    """The matcher's log, and for a partner's officer its node's own log."""
    return LOGS if cfg.partner and cfg.node_signing_public_key else ("matcher",)


def log_title(cfg: OfficerConfig, log: str) -> str:
    return i18n.t(f"web.audit.log.{log}", partner=cfg.partner)


def _key(cfg: OfficerConfig, log: str) -> LogKey:
    return audit_cli.matcher_log_key(cfg) if log == "matcher" else audit_cli.node_log_key(cfg)


def _store(cfg: OfficerConfig, log: str, key: LogKey) -> CheckpointStore:
    name = audit_cli.STORE_NAME if log == "matcher" else audit_cli.NODE_STORE_NAME
    return CheckpointStore.load(cfg.data_dir / name, key.origin)


def _channel(cfg: OfficerConfig, log: str) -> grpc.Channel:
    if log == "matcher":
        return transport.matcher_channel(cfg.table, cfg.matcher_address, cfg.tls)
    return audit_cli.node_channel(cfg)


def _largest(key: LogKey, store: CheckpointStore) -> tuple[Checkpoint, str] | None:
    """The largest validly signed checkpoint in the store, with when it was seen."""
    found = store.largest(key)
    return (found[0], found[1].seen_time) if found else None


def short_hash(value: bytes, chars: int = 16) -> str:
    return value.hex()[:chars]


def duration(seconds: float | None) -> str:
    """A time span as shown: minutes below an hour, hours below two days, else days ("–" if none)."""
    if seconds is None:
        return "–"
    if seconds < 3600:
        return i18n.t("web.audit.duration.minutes", value=round(seconds / 60))
    if seconds < 2 * 86400:
        return i18n.t("web.audit.duration.hours", value=f"{seconds / 3600:.1f}")
    return i18n.t("web.audit.duration.days", value=f"{seconds / 86400:.1f}")


def when(value: str) -> str:
    """An RFC 3339 UTC time as shown: "2026-03-14 12:05"."""
    return value[:16].replace("T", " ") if value else ""


# -- 1. the log ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    index: int
    entry: AuditEntry | None  # None: the stored bytes are not a canonical entry


@dataclass(frozen=True)
class LogFilter:
    """The log page's filters, as typed (GET parameters); codes and dates only."""

    log: str = "matcher"
    action: str = ""  # prefix, checked by the server
    org: str = ""
    role: str = ""
    object: str = ""  # exact, e.g. hits/7
    start: str = ""  # YYYY-MM-DD
    end: str = ""  # YYYY-MM-DD, inclusive
    page: int = 1

    PARAMS = {"log": "log", "action": "actie", "org": "organisatie", "role": "rol", "object": "object",
              "start": "van", "end": "tot", "page": "pagina"}  # fmt: skip

    @classmethod
    def from_query(cls, params: Mapping[str, str], logs: tuple[str, ...]) -> LogFilter:
        def text(name: str) -> str:
            return str(params.get(cls.PARAMS[name], "")).strip()[:128]

        page = text("page")
        log = text("log")
        role = text("role")
        return cls(
            log=log if log in logs else "matcher",
            action=text("action"),
            org=text("org"),
            role=role if role in ROLES else "",
            object=text("object"),
            start=text("start"),
            end=text("end"),
            page=app.whole_number(page, 1, MAX_PAGE),
        )

    def period(self) -> tuple[str, str, dict[str, str]]:
        """(start time, end time (exclusive), errors by parameter name) of the date filters."""
        errors: dict[str, str] = {}
        times = []
        for name, value, shift in (("van", self.start, 0), ("tot", self.end, 1)):
            if not value:
                times.append("")
                continue
            try:
                day = date.fromisoformat(value) + timedelta(days=shift)
            except ValueError:
                errors[name] = i18n.t("web.audit.date")
                times.append("")
                continue
            times.append(f"{day.isoformat()}T00:00:00.000000Z")
        if times[0] and times[1] and times[1] <= times[0]:
            errors["tot"] = i18n.t("web.audit.range")
        return times[0], times[1], errors

    def matches(self, row: Row) -> bool:
        if row.entry is None:
            return not (self.org or self.role or self.object)
        e = row.entry
        return (
            (not self.org or e.actor_org == self.org)
            and (not self.role or e.actor_role == self.role)
            and (not self.object or self.object in e.objects)
        )

    def query(self, **changes: str | int) -> str:
        """The query string of these filters (with `changes`), for links; defaults left out."""
        values = {**vars(self), **changes}
        defaults = {"log": "matcher", "page": 1}
        pairs = [(self.PARAMS[k], str(v)) for k, v in values.items() if v and v != defaults.get(k)]
        return urlencode(pairs)


class AtLeast(int):
    """A lower bound, shown as "500+": a count or page total of a log not read to its start."""

    def __format__(self, spec: str) -> str:
        return f"{int(self):{spec}}+"

    def __str__(self) -> str:
        return f"{int(self)}+"


@dataclass(frozen=True)
class LogPage:
    rows: list[Row]  # the entries of the page shown, newest first
    total: int  # entries that match; AtLeast(...) when the log was not read to its start
    page: int  # the page shown (the last one when a page beyond the end was asked for)
    pages: int  # AtLeast(...) like total


def _row(index: int, data: bytes) -> Row:
    try:
        return Row(index, AuditEntry.from_bytes(data, index=index))
    except ProofError:
        return Row(index, None)


def list_log(cfg: OfficerConfig, flt: LogFilter, start: str, end: str) -> LogPage:
    """Page `flt.page` of the entries of `flt.log` this officer may see that match, newest first
    (blocking). Reads newest first from the server and stops once it has one entry more than the
    pages up to the one shown (see the module docstring for the cost of the local filters)."""
    want = flt.page * PAGE_SIZE + 1
    local_filter = bool(flt.org or flt.role or flt.object)
    request = audit_pb2.ListAuditEntriesRequest(
        action=flt.action, start_time=clock.to_timestamp(start), end_time=clock.to_timestamp(end), newest_first=True
    )
    matched: list[Row] = []
    complete = False
    with _channel(cfg, flt.log) as channel:
        stub = audit_pb2_grpc.AuditServiceStub(channel)
        while len(matched) < want:
            ask = SERVER_MAX_PAGE if local_filter else max(want - len(matched), FETCH_AHEAD)
            request.page_size = min(ask, SERVER_MAX_PAGE)
            answer = stub.ListAuditEntries(request, timeout=60)
            matched += [row for row in (_row(e.index, e.entry) for e in answer.entries) if flt.matches(row)]
            if not answer.next_page_token:
                complete = True
                break
            request.page_token = answer.next_page_token
    pages = max(1, -(-len(matched) // PAGE_SIZE))
    if complete:
        page = min(flt.page, pages)
        total = len(matched)
    else:  # more than `want` matched: page flt.page is full and another follows
        page, total, pages = flt.page, AtLeast(len(matched)), AtLeast(pages)
    return LogPage(matched[(page - 1) * PAGE_SIZE : page * PAGE_SIZE], total, page, pages)


# -- 2. verification --------------------------------------------------------------------------------

# Which check each finding belongs to (by code prefix); a check without findings passed.
CHECKS = (
    ("signature", ("checkpoint.invalid",)),
    ("consistency", ("log.truncated", "log.rewritten", "log.fork", "entry.changed")),
    ("receipts", ("receipt.",)),
    ("entries", ("entry.altered", "entry.not_canonical", "entry.listing_differs")),
    ("proofs", ("proof.",)),
)


@dataclass(frozen=True)
class CheckLine:
    name: str  # signature | consistency | receipts | entries | proofs
    checked: int | None  # how many were checked; None: not applicable to this log / officer
    failed: int


@dataclass
class LogCheck:
    """One run of the verifier over one log, as the panel shows it."""

    log: str
    checked_at: str
    result: VerifyResult | None = None
    seen_before: int = 0  # checkpoints kept from earlier checks
    previous_size: int | None = None  # the largest of them
    kept: int = 0  # checkpoints kept after this check
    error: str = ""  # the check could not run (server unreachable, unreadable store)

    @property
    def ok(self) -> bool:
        return self.result is not None and self.result.ok and not self.error

    @property
    def fetched_at(self) -> str:
        return self.result.verified[0].seen_time if self.result and self.result.verified else ""

    def lines(self) -> list[CheckLine]:
        return check_lines(self.result, receipts_apply=self.log == "matcher") if self.result else []


def check_lines(result: VerifyResult, receipts_apply: bool) -> list[CheckLine]:
    """The panel's checklist: per check how many items were checked and how many findings failed it."""
    counts = {
        "signature": result.checkpoints,
        "consistency": max(0, result.checkpoints - 1),
        "receipts": result.receipts if receipts_apply and result.receipts else None,
        "entries": result.entries,
    }
    lines = []
    for name, prefixes in CHECKS:
        failed = sum(1 for f in result.findings if f.code.startswith(prefixes))
        if name == "proofs" and not failed:
            continue
        lines.append(CheckLine(name, counts.get(name, failed), failed))
    return lines


def run_check(cfg: OfficerConfig, log: str, full: bool = True) -> LogCheck:
    """Verify one log as the CLI does (blocking); a verified checkpoint is kept as seen.

    In full, or the matcher's log incrementally with `full=False` ("alleen nieuwe regels"); the node
    log always in full."""
    key = _key(cfg, log)
    before = _store(cfg, log, key)
    largest = _largest(key, before)
    result, store = audit_cli.verify_as(cfg, [], full=full) if log == "matcher" else audit_cli.verify_node_log(cfg)
    # Two checks may find the same fault (a rewritten entry is both listed and behind a receipt).
    result.findings = list(dict.fromkeys(result.findings))
    return LogCheck(
        log=log,
        checked_at=clock.now(),
        result=result,
        seen_before=len(before.checkpoints),
        previous_size=largest[0].size if largest else None,
        kept=len(store.checkpoints),
    )


async def _check_all(request: Request, cfg: OfficerConfig, full: bool = True) -> dict[str, LogCheck]:
    checks = {}
    for log in logs_of(cfg):
        try:
            checks[log] = await app.call(run_check, cfg, log, full)
        except grpc.RpcError as exc:
            checks[log] = LogCheck(log, clock.now(), error=app.rpc_message(request, exc)[1])
        except SignalmatchError as exc:
            checks[log] = LogCheck(log, clock.now(), error=str(exc))
    return checks


# -- 3. one entry -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class InclusionCheck:
    """One entry, checked locally against a checkpoint with its RFC 9162 inclusion proof."""

    log: str
    index: int
    size: int  # of the checkpoint proven against
    basis: str  # i18n text: which checkpoint and why it is trusted
    trusted: bool = False  # the checkpoint is one this officer verified, or provably extends one
    root_hash: bytes = b""
    leaf_hash: bytes = b""
    computed_root: bytes = b""  # where the proof leads from the leaf
    proof: tuple[bytes, ...] = ()
    entry: AuditEntry | None = None
    ok: bool = False
    reason: str = ""  # why not, in the user's language


class EntryNotShown(SignalmatchError):
    """The entry does not exist or is not part of this officer's view (the message says which)."""


def check_inclusion(cfg: OfficerConfig, log: str, index: int) -> InclusionCheck:
    """The entry at `index` with its inclusion proof (blocking).

    Proven against the largest checkpoint this officer verified when it covers the entry, else
    against the server's current checkpoint once its signature and its consistency with that
    verified checkpoint are checked here."""
    key = _key(cfg, log)
    verified = _largest(key, _store(cfg, log, key))
    with _channel(cfg, log) as channel:
        stub = audit_pb2_grpc.AuditServiceStub(channel)
        source = audit_cli.GrpcLogSource(stub)
        trusted = verified is not None
        if verified and index < verified[0].size:
            target = verified[0]
            basis = i18n.t("web.audit.basis.verified", size=target.size, time=when(verified[1]))
        else:
            note = stub.GetCheckpoint(audit_pb2.GetCheckpointRequest(), timeout=30).checkpoint
            try:
                target = key.open(note)
            except (AuthenticationError, ProofError) as exc:
                reason = i18n.t("web.audit.entry.bad_checkpoint", reason=exc)
                return InclusionCheck(log, index, 0, basis=reason, reason=reason)
            if index >= target.size:
                raise EntryNotShown(i18n.t("web.audit.entry.absent", index=index, size=target.size))
            if verified is None:
                basis = i18n.t("web.audit.basis.unverified", size=target.size)
            else:
                old = verified[0]
                basis = i18n.t("web.audit.basis.current", size=target.size, old=old.size)
                try:
                    proof = source.consistency_proof(old.size, target.size)
                    merkle.verify_consistency(old.size, target.size, old.root_hash, target.root_hash, proof)
                except (SourceError, ProofError) as exc:
                    reason = i18n.t("web.audit.entry.inconsistent", size=target.size, old=old.size, reason=exc)
                    return InclusionCheck(
                        log, index, target.size, basis, trusted=True, root_hash=target.root_hash, reason=reason
                    )
        try:
            proof, data = source.inclusion_proof(index, target.size)
        except SourceError as exc:
            reason = i18n.t("web.audit.entry.no_proof", reason=exc)
            return InclusionCheck(
                log, index, target.size, basis, trusted=trusted, root_hash=target.root_hash, reason=reason
            )
    if log == "matcher" and cfg.partner and not partner_filter(cfg.partner)(_json(data)):
        raise EntryNotShown(i18n.t("web.audit.entry.hidden", index=index))
    return replace(inclusion_result(log, index, target, basis, proof, data), trusted=trusted)


def _json(data: bytes) -> dict:
    try:
        obj = json.loads(data)
    except ValueError:
        return {}
    return obj if isinstance(obj, dict) else {}


def inclusion_result(
    log: str, index: int, target: Checkpoint, basis: str, proof: list[bytes], data: bytes
) -> InclusionCheck:
    """Check `data` at `index` against `target` with `proof` (pure)."""
    leaf = merkle.leaf_hash(data)
    check = InclusionCheck(
        log, index, target.size, basis, root_hash=target.root_hash, leaf_hash=leaf, proof=tuple(proof)
    )
    try:
        computed = merkle.root_from_inclusion_proof(leaf, index, target.size, proof)
        check = replace(check, computed_root=computed)
        merkle.verify_inclusion(leaf, index, target.size, proof, target.root_hash)
    except ProofError as exc:
        check = replace(check, reason=i18n.t("web.audit.entry.altered", reason=exc))
    try:
        check = replace(check, entry=AuditEntry.from_bytes(data, index=index))
    except ProofError as exc:
        if not check.reason:
            check = replace(check, reason=i18n.t("web.audit.entry.not_canonical", reason=exc))
    return replace(check, ok=not check.reason)


# -- pages ------------------------------------------------------------------------------------------


def _today() -> date:
    return datetime.now(UTC).date()


def pages(cfg: OfficerConfig) -> tuple[tuple[NavItem, ...], list[Route]]:
    """The audit pages of this officer: navigation and routes."""
    logs = logs_of(cfg)
    last_checks: dict[str, LogCheck] = {}  # the panel's latest results, for every session of this console

    async def log_page(request: Request) -> Response:
        flt = LogFilter.from_query(request.query_params, logs)
        start, end, errors = flt.period()
        shown = LogPage([], 0, 1, 1)
        if not errors:
            try:
                shown = await app.call(list_log, cfg, flt, start, end)
            except grpc.RpcError as exc:
                found = app.field_errors(exc)
                if not found:
                    raise
                errors = {LogFilter.PARAMS.get(k, k): v for k, v in found.items()}
        return app.render(
            request,
            "officer/audit_log.html",
            flt=flt,
            errors=errors,
            rows=shown.rows,
            total=shown.total,
            page=shown.page,
            pages=shown.pages,
            logs=logs,
            log_title=lambda log: log_title(cfg, log),
            roles=ROLES,
            action_hints=ACTION_HINTS,
            partner=cfg.partner,
            when=when,
        )

    async def verify_page(request: Request) -> Response:
        if not last_checks:
            last_checks.update(await _check_all(request, cfg))
        return app.render(
            request,
            "officer/audit_verify.html",
            checks=[last_checks[log] for log in logs if log in last_checks],
            log_title=lambda log: log_title(cfg, log),
            when=when,
            short_hash=short_hash,
        )

    async def verify_again(request: Request) -> Response:
        # In full, unless the form asks for new entries only (snel=1, "alleen nieuwe regels").
        full = (await request.form()).get("snel") != "1"
        last_checks.update(await _check_all(request, cfg, full))
        return app.redirect(
            "/audit/controle", notice=i18n.t("web.audit.verify.done", time=when(clock.now())), request=request
        )

    async def entry_page(request: Request) -> Response:
        log, index = request.path_params["log"], app.path_number(request, "index")
        if log not in logs:
            return app.error_page(request, 404, i18n.t("web.page_not_found"))
        try:
            check = await app.call(check_inclusion, cfg, log, index)
        except EntryNotShown as exc:
            return app.error_page(request, 404, str(exc))
        return app.render(
            request,
            "officer/audit_entry.html",
            check=check,
            log_title=log_title(cfg, log),
            back="/audit" + ("?log=node" if log == "node" else ""),
            when=when,
        )

    async def report_page(request: Request) -> Response:
        first, last, months, errors = report_period(request.query_params, _today())
        dpia = await app.call(fetch_dpia, cfg, months) if months else None
        return app.render(
            request,
            "officer/audit_report.html",
            first=first,
            last=last,
            errors=errors,
            dpia=dpia,
            charts=dpia_charts(dpia) if dpia else {},
            csv_query=urlencode({"van": first, "tot": last}),
            metric=metric,
            month_values=month_values,
            duration=duration,
            partner_signals=PARTNER_SIGNALS,
            partner_disclosures=PARTNER_DISCLOSURES,
            basis_metrics=BASIS_METRICS,
        )

    async def report_csv(request: Request) -> Response:
        first, last, months, errors = report_period(request.query_params, _today())
        if errors:
            return app.error_page(request, 400, "; ".join(f"{k}: {v}" for k, v in errors.items()))
        dpia = await app.call(fetch_dpia, cfg, months)
        return Response(
            csv_text(dpia),
            media_type="text/csv; charset=utf-8",
            headers={"content-disposition": f'attachment; filename="dpia-rapport-{first}-{last}.csv"'},
        )

    nav = (
        NavItem("/audit", "web.audit.nav.log"),
        NavItem("/audit/controle", "web.audit.nav.verify"),
        NavItem("/audit/rapport", "web.audit.nav.report"),
    )
    routes = [
        Route("/audit", log_page),
        Route("/audit/controle", verify_page),
        Route("/audit/controle", verify_again, methods=["POST"]),
        Route("/audit/rapport", report_page),
        Route("/audit/rapport.csv", report_csv),
        Route("/audit/{log}/{index}", entry_page),
    ]
    return nav, routes
