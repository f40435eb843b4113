"""`signalmatch demo`: a whole federation on this machine, end to end.

Creates a federation (CA, certificates, keys, configs), generates synthetic signals with planted
cross-partner overlaps, starts the matcher, the oblivious keyholder and one node per partner as
separate processes on loopback with mutual TLS (every token layered through the keyholder), imports each partner's signals into its own node, waits until every
outbox is drained, asks the matcher for the hits as the chair, and compares them with the
planted overlaps.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import sqlite3
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from rich.console import Console

from signalmatch import config, crypto, i18n, transport
from signalmatch.audit.log import AuditLog
from signalmatch.console import audit as audit_console
from signalmatch.console import chair as chair_console
from signalmatch.console import node as node_console
from signalmatch.console import officer as officer_console
from signalmatch.console.web import app as web
from signalmatch.console.web.serve import builder
from signalmatch.deploy.federation import Layout, init_federation
from signalmatch.deploy.supervise import Stopped, Supervisor
from signalmatch.errors import SignalmatchError
from signalmatch.synthetic.generate import DEFAULT_PARTNERS, Overlap, generate, write
from signalmatch.v1 import disclosure_pb2, disclosure_pb2_grpc, hits_pb2, hits_pb2_grpc, intake_pb2, officer_pb2

TABLE = "midden-nederland"
CHAIR = "voorzitter"


class DemoError(SignalmatchError):
    pass


def import_everywhere(node_configs: list[Path], signals_file: Path) -> dict[str, node_console.ImportReport]:
    """Each partner imports the file into its own node, in parallel processes (as on their own machines)."""
    with ProcessPoolExecutor(len(node_configs), mp_context=multiprocessing.get_context("spawn")) as pool:
        reports = list(pool.map(node_console.import_partner, node_configs, [signals_file] * len(node_configs)))
    return {config.load_node(p).partner: report for p, report in zip(node_configs, reports, strict=True)}


def wait_until_delivered(nodes: list[config.NodeConfig], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    pending = -1
    while time.monotonic() < deadline:
        pending = 0
        for cfg in nodes:
            channel, stub = node_console.intake_stub(cfg)
            with channel:
                pending += stub.GetNodeStatus(intake_pb2.GetNodeStatusRequest(), timeout=10).outbox_pending
        if pending == 0:
            return
        time.sleep(0.2)
    raise DemoError(i18n.t("demo.timeout", seconds=timeout, pending=pending))


def disclosure_round(directory: Path, chair_cfg: config.ChairConfig, hit: hits_pb2.Hit, timeout: float = 60.0) -> int:
    """The chair asks every partner in `hit` for persons and contact details; each partner's
    privacy officer approves at its own node; the chair opens the sealed answers on this machine.
    Returns how many partners' answers were delivered and opened."""
    policy = chair_cfg.policy
    key = crypto.load_box_private(chair_cfg.encryption_key)
    with transport.matcher_channel(chair_cfg.table, chair_cfg.matcher_address, chair_cfg.tls) as channel:
        stub = disclosure_pb2_grpc.DisclosureServiceStub(channel)
        request = disclosure_pb2.CreateDisclosureRequest(
            hit=hit.name,
            categories=[disclosure_pb2.DATA_CATEGORY_PERSONS, disclosure_pb2.DATA_CATEGORY_CONTACT_DETAILS],
            purpose=policy.purposes[0],
            legal_basis=policy.legal_bases[0],
            request_id=f"demo-{hit.name.removeprefix('hits/')}",
        )
        name = stub.CreateDisclosure(request, timeout=30).disclosure.name
        for partner in hit.partners:
            officer = config.load_officer(Layout(directory).officer_toml(partner))
            officer_channel, officer_stub = officer_console.officer_stub(officer)
            with officer_channel:
                wait_for(
                    lambda stub=officer_stub: any(r.name == name for r in officer_console.fetch_reviews(stub)),
                    timeout,
                    i18n.t("demo.wait.review", partner=partner),
                )
                officer_stub.DecideDisclosure(officer_pb2.DecideDisclosureRequest(name=name, approve=True), timeout=30)
        approved = disclosure_pb2.ANSWER_STATE_APPROVED

        def all_answered() -> bool:
            d = stub.GetDisclosure(disclosure_pb2.GetDisclosureRequest(name=name), timeout=30).disclosure
            return all(a.state == approved for a in d.answers)

        wait_for(all_answered, timeout, i18n.t("demo.wait.answers"))
        opened = chair_console.open_disclosure(chair_cfg, stub, name, key)
    return sum(1 for answer in opened["answers"] if "signals" in answer)


def verify_audit(directory: Path, partners: list[str]) -> bool:
    """Each partner's privacy officer verifies the matcher's log (signatures, consistency, its
    own receipts); each also checks against the previous officer's checkpoints (no fork)."""
    witnesses: list[Path] = []
    ok = True
    for partner in partners:
        officer = config.load_officer(Layout(directory).officer_toml(partner))
        result, store = audit_console.verify_as(officer, witnesses)
        ok &= result.ok
        witnesses = [store.path]
    return ok


def keyholder_evaluations(directory: Path) -> dict[str, int]:
    """Evaluations per partner, from the keyholder's audit log (``oprf.evaluated`` entries)."""
    cfg = config.load_keyholder(Layout(directory).keyholder_toml)
    db = sqlite3.connect(f"file:{cfg.data_dir / 'keyholder.sqlite'}?mode=ro", uri=True)
    try:
        log = AuditLog(db, origin=f"{cfg.table}/keyholder")
        counts: dict[str, int] = {}
        for entry in log.entries(0, log.size()):
            if entry.action == "oprf.evaluated":
                counts[entry.actor_org] = counts.get(entry.actor_org, 0) + int(dict(entry.details)["count"])
        return counts
    finally:
        db.close()


def wait_for(predicate: Callable[..., object], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise DemoError(i18n.t("demo.wait.timeout", what=what, seconds=timeout))


def evaluate(
    overlaps: list[Overlap], refs: dict[tuple[str, str], str], hits: list[hits_pb2.Hit]
) -> tuple[int, int, int]:
    """(found, missed, unexpected hits): an overlap is found when all its members share one hit."""
    hit_of = {(s.partner, s.signal_ref): h.name for h in hits for s in h.signals}
    found = 0
    explained: set[str] = set()
    for overlap in overlaps:
        member_hits = {hit_of.get((p, refs.get((p, ext), ""))) for p, ext in overlap.members}
        if len(member_hits) == 1 and None not in member_hits:
            found += 1
            explained |= {h for h in member_hits if h is not None}
    return found, len(overlaps) - found, len({h.name for h in hits} - explained)


def demo_consoles(directory: Path, partner: str) -> list[tuple[str, Path]]:
    """The web consoles `--keep-running` serves: the chair's, one partner's staff and officer, the table's officer."""
    return [
        (i18n.t("demo.who.chair"), Layout(directory).chair_toml(CHAIR)),
        (i18n.t("demo.who.staff", partner=partner), Layout(directory).node_toml(partner)),
        (i18n.t("demo.who.officer", partner=partner), Layout(directory).officer_toml(partner)),
        (i18n.t("demo.who.table_officer"), Layout(directory).officer_toml("tafel")),
    ]


def run_demo(
    directory: Path | None, signals: int, seed: int, as_json: bool, keep_running: bool, console: Console
) -> int:
    started = time.monotonic()
    directory = directory or Path(tempfile.mkdtemp(prefix="signalmatch-demo-")) / "federation"
    partners = list(DEFAULT_PARTNERS)
    layout = Layout(init_federation(directory, TABLE, partners, [CHAIR], report=console.print))
    ceremony_s = time.monotonic() - started
    log_dir = directory / "logs"
    log_dir.mkdir()
    console.print(i18n.t("demo.dir", dir=directory))

    dataset = generate(seed, signals, partners)
    signals_file = directory / "signals.jsonl"
    write(dataset, signals_file)

    matcher_cfg = layout.matcher_toml
    node_paths = [layout.node_toml(p) for p in partners]
    node_cfgs = [config.load_node(p) for p in node_paths]
    chair_cfg = config.load_chair(layout.chair_toml(CHAIR))
    # The children are supervised (deploy/supervise.py): one that exits is reported and restarted;
    # SIGINT, SIGTERM and SIGHUP to the demo stop them all, and they die with the demo.
    supervisor = Supervisor(log_dir, report=lambda text: console.print(text, markup=False, soft_wrap=True))
    try:
        supervisor.stop_on_signals()
        supervisor.start("matcher", ["matcher", "serve", "--config", str(matcher_cfg)])
        keyholder_cfg = layout.keyholder_toml
        supervisor.start("keyholder", ["keyholder", "serve", "--config", str(keyholder_cfg)])
        for partner, path in zip(partners, node_paths, strict=True):
            supervisor.start(f"node-{partner}", ["node", "serve", "--config", str(path)])
        supervisor.watch()
        console.print(i18n.t("demo.started", nodes=len(partners)))

        reports = import_everywhere(node_paths, signals_file)
        rejected = sum(len(r.rejected) for r in reports.values())
        console.print(i18n.t("demo.imported", signals=len(dataset.signals), rejected=rejected))
        wait_until_delivered(node_cfgs, timeout=max(60.0, signals / 50))

        with transport.matcher_channel(chair_cfg.table, chair_cfg.matcher_address, chair_cfg.tls) as channel:
            hits, total = chair_console.fetch_hits(
                hits_pb2_grpc.HitServiceStub(channel), hits_pb2.ListHitsRequest(page_size=500)
            )
        refs = {(p, ext): ref for p, report in reports.items() for ext, ref in report.refs.items()}
        found, missed, unexpected = evaluate(dataset.overlaps, refs, hits)
        delivered = disclosure_round(directory, chair_cfg, hits[0]) if hits else 0
        audit_verified = verify_audit(directory, partners)
        # Every token went through the keyholder: each node pins the published key of its epoch
        # (it cannot freeze a batch otherwise) and every partner with signals had them evaluated.
        evaluations = keyholder_evaluations(directory)
        epochs = {cfg.epoch for cfg in node_cfgs}
        with_signals = {p for p, report in reports.items() if report.refs}
        oprf = (
            all(cfg.epoch in cfg.keyholder_public_keys for cfg in node_cfgs)
            and with_signals <= {p for p, n in evaluations.items() if n > 0}
            and bool(with_signals)
        )
        summary = {
            "planted": len(dataset.overlaps),
            "found": found,
            "missed": missed,
            "hits": total,
            "unexpected_hits": unexpected,
            # Hits with similarity evidence ("lijkt op") on a link, and planted overlaps with a misspelt name.
            "fuzzy_links": sum(1 for h in hits if any(link.similar for link in h.links)),
            "fuzzy_planted": sum(1 for o in dataset.overlaps if o.similar),
            "signals": len(dataset.signals),
            "rejected": rejected,
            "disclosures_delivered": delivered,
            "audit_verified": audit_verified,
            "oprf": oprf,
            "epoch": max(epochs),
            "oprf_evaluations": sum(evaluations.values()),
            "elapsed_s": round(time.monotonic() - started, 2),
            "ceremony_s": round(ceremony_s, 2),
            "directory_version": config.load_matcher(matcher_cfg).directory.version,
            "dir": str(directory),
        }
        if as_json:
            print(json.dumps(summary))
        else:
            console.print(chair_console.hits_table(hits[:20], total))
            console.print(
                i18n.t(
                    "demo.summary",
                    planted=summary["planted"],
                    found=found,
                    missed=missed,
                    hits=total,
                    unexpected=unexpected,
                    fuzzy_links=summary["fuzzy_links"],
                    fuzzy_planted=summary["fuzzy_planted"],
                    signals=summary["signals"],
                    elapsed=summary["elapsed_s"],
                )
            )
            console.print(
                i18n.t(
                    "demo.summary.audit",
                    hit=hits[0].name if hits else "-",
                    delivered=delivered,
                    verified=i18n.t("demo.yes" if audit_verified else "demo.no"),
                )
            )
            console.print(
                i18n.t(
                    "demo.summary.oprf",
                    epoch=summary["epoch"],
                    evaluations=summary["oprf_evaluations"],
                    oprf=i18n.t("demo.yes" if oprf else "demo.no"),
                )
            )
        if keep_running:
            console.print(i18n.t("demo.keep", cfg=layout.chair_toml(CHAIR)))
            with contextlib.ExitStack() as consoles:
                for label, path in demo_consoles(directory, partners[0]):
                    announce = lambda url: console.print(i18n.t("web.login_link", url=url), markup=False)  # noqa: E731
                    running = consoles.enter_context(web.serving(builder(path), announce=announce))
                    console.print(i18n.t("demo.console", who=label, url=running.login_url()), markup=False, soft_wrap=True)
                try:
                    while supervisor.alive():
                        time.sleep(1)
                except (KeyboardInterrupt, Stopped):
                    pass  # the normal way to stop a federation that keeps running
        return 0 if missed == 0 and rejected == 0 and audit_verified and oprf and (delivered or not hits) else 1
    except Stopped as stop:
        return 128 + stop.signum
    finally:
        supervisor.stop()
