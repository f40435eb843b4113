"""Fault matrix: the matcher SIGKILLed at many points (docs/reliability.md).

A matcher started with SIGNALMATCH_CRASH_AT=<point> kills itself with SIGKILL there (signalmatch/
faults.py): while a batch is applied (before its commit), after the commit but before the receipt
is sent, while SQLite copies its WAL into the database, while a disclosure answer is stored (before
and after its commit), and while retention expiry purges (before and after its commit). After each
crash the matcher is started again, and: what was acknowledged is stored once, nothing is lost or
duplicated, and the audit log is consistent with every checkpoint handed out before the crash (an
officer's `audit verify`, which checks consistency with all checkpoints it saw and the inclusion of
every receipt the node kept).
"""

from __future__ import annotations

import itertools
import os
import sqlite3
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import tomli_w
from chaos import faketime_env
from support import REPO, TABLE, Federation, drained, wait_for
from test_disclosure_e2e import matcher_actions

from signalmatch import transport
from signalmatch.console import audit as audit_console
from signalmatch.node.signal import from_json, to_proto
from signalmatch.v1 import disclosure_pb2, disclosure_pb2_grpc, hits_pb2, intake_pb2, officer_pb2, officer_pb2_grpc

pytestmark = pytest.mark.slow
NUMBERS = itertools.count(100)


class Matcher:
    """The matcher as a process of its own, so that it can die."""

    def __init__(self, fed: Federation, log: Path):
        self.fed, self.log = fed, log
        self.proc: subprocess.Popen | None = None

    def start(self, crash_at: str = "", faketime: str = "") -> subprocess.Popen:
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        env.pop("SIGNALMATCH_CRASH_AT", None)
        if crash_at:
            env["SIGNALMATCH_CRASH_AT"] = crash_at
        if faketime:
            env = faketime_env(faketime, env)
        args = [sys.executable, "-m", "signalmatch.cli", "--verbose", "matcher", "serve",
                "--config", str(self.fed.matcher_config_path())]  # fmt: skip
        with self.log.open("ab") as err:
            self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=err, text=True, cwd=REPO, env=env)
        self.proc.stdout.readline()  # "ready ...", or "" when it died on the way (a crash point at start)
        return self.proc

    def crashed(self) -> bool:
        assert self.proc is not None
        return self.proc.wait(60) == -9

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


@pytest.fixture
def matcher(federation, tmp_path):
    made = Matcher(federation, tmp_path / "matcher.log")
    yield made
    made.stop()


def signal_json(external_id: str, phone: str) -> dict:
    return {
        "external_id": external_id,
        "observed_at": "2026-03-14",
        "municipality": "Utrecht",
        "exploitation_types": ["arbeidsuitbuiting"],
        "persons": [{"role": "betrokkene", "surname": "Jansen", "phones": [phone]}],
    }


def overlap(fed: Federation) -> dict[str, str]:
    """One signal at vtgv and one at nla sharing a phone number: {partner: ref}."""
    phone = f"0612{next(NUMBERS):06d}"
    refs = {}
    for partner in ("vtgv", "nla"):
        request = intake_pb2.CreateSignalRequest(signal=to_proto(from_json(signal_json(f"{partner}-{phone}", phone))))
        refs[partner] = fed.intake(partner).CreateSignal(request, timeout=10).signal.name.removeprefix("signals/")
    return refs


def matcher_rows(fed: Federation, sql: str) -> list[tuple]:
    db = sqlite3.connect(fed.matcher_config().data_dir / "matcher.sqlite")
    try:
        return db.execute(sql).fetchall()
    finally:
        db.close()


def acknowledged(fed: Federation, partners: list[str]) -> int:
    return sum(fed.intake(p).GetNodeStatus(intake_pb2.GetNodeStatusRequest(), timeout=5).batches_acknowledged for p in partners)


def verified(fed: Federation) -> None:
    """Both partners' officers verify the matcher's log: consistent with every checkpoint they saw
    before (stored by earlier runs), every receipt their node kept included."""
    for partner in ("vtgv", "nla"):
        result, _ = audit_console.verify_as(fed.officer_config(partner), [])
        assert result.ok, result


def stored_once(fed: Federation, refs: set[str]) -> None:
    stored = [r[0] for r in matcher_rows(fed, "SELECT signal_ref FROM signals")]
    assert len(stored) == len(set(stored)) and set(stored) == refs
    assert matcher_actions(fed).count("batch.accepted") == acknowledged(fed, ["vtgv", "nla"])


def test_killed_while_applying_a_batch_after_its_commit_and_during_a_wal_checkpoint(federation, matcher):
    fed = federation
    matcher.start()
    for p in ("vtgv", "nla"):
        fed.start_node(p, max_backoff=0.3)
    refs = set(overlap(fed).values())
    wait_for(lambda: drained(fed, ["vtgv", "nla"]), what="first signals delivered")
    verified(fed)  # the officers have seen checkpoints and the nodes hold receipts before any crash

    for point in ("batch.applied", "batch.committed"):
        matcher.stop()
        matcher.start(crash_at=point)
        refs |= set(overlap(fed).values())
        assert matcher.crashed(), point
        matcher.start()
        wait_for(lambda: drained(fed, ["vtgv", "nla"]), timeout=60, what=f"delivered after {point}")
        stored_once(fed, refs)
        verified(fed)

    # A WAL worth copying: signals stored, then a kill that leaves it behind (no clean close).
    for _ in range(10):
        refs |= set(overlap(fed).values())
    wait_for(lambda: drained(fed, ["vtgv", "nla"]), what="delivered")
    matcher.stop()
    assert Path(f"{fed.matcher_config().data_dir / 'matcher.sqlite'}-wal").stat().st_size > 0
    matcher.start(crash_at="wal.checkpoint")  # the checkpoint at start, killed while it copies
    assert matcher.crashed()
    matcher.start()
    stored_once(fed, refs)
    hits = fed.hits().ListHits(hits_pb2.ListHitsRequest(page_size=100), timeout=10)
    assert hits.total_size == len(refs) // 2  # every overlap one hit, none doubled
    verified(fed)


def test_killed_while_storing_a_disclosure_answer(federation, matcher):
    fed = federation
    matcher.start()
    for p in ("vtgv", "nla"):
        fed.start_node(p, max_backoff=0.3, disclosure_interval=0.1)
    overlap(fed)
    wait_for(lambda: drained(fed, ["vtgv", "nla"]), what="delivered")
    hit = wait_for(lambda: fed.hits().ListHits(hits_pb2.ListHitsRequest(), timeout=10).hits, what="a hit")[0].name
    chair = fed.chair_config()
    disclosures = disclosure_pb2_grpc.DisclosureServiceStub(fed.channel_to_matcher(chair.tls))
    policy = chair.policy
    node = fed.node_config("nla")
    channel = transport.secure_channel(
        node.listen, fed.officer_config("nla").tls, expect=transport.Identity(TABLE, "partner", "nla")
    )
    fed.running.append(channel)
    reviews = officer_pb2_grpc.OfficerServiceStub(channel)

    def reviewed() -> set[str]:
        return {r.name for r in reviews.ListDisclosureReviews(officer_pb2.ListDisclosureReviewsRequest(), timeout=5).reviews}

    for i, point in enumerate(("disclosure.applied", "disclosure.committed")):
        created = disclosures.CreateDisclosure(
            disclosure_pb2.CreateDisclosureRequest(
                hit=hit, categories=[disclosure_pb2.DATA_CATEGORY_PERSONS], purpose=policy.purposes[0],
                legal_basis=policy.legal_bases[0], request_id=f"crash-{i}", partners=["nla"],
            ),
            timeout=10,
        ).disclosure  # fmt: skip
        wait_for(lambda n=created.name: n in reviewed(), what="the request at the node")
        matcher.stop()
        matcher.start(crash_at=point)
        reviews.DecideDisclosure(officer_pb2.DecideDisclosureRequest(name=created.name, approve=True), timeout=10)
        assert matcher.crashed(), point
        matcher.start()

        def answered(name=created.name) -> bool:
            found = disclosures.GetDisclosure(disclosure_pb2.GetDisclosureRequest(name=name), timeout=10).disclosure
            return [a.state for a in found.answers] == [disclosure_pb2.ANSWER_STATE_APPROVED]

        wait_for(answered, timeout=60, what=f"the answer delivered after {point}")
        number = int(created.name.removeprefix("disclosures/"))
        payloads = matcher_rows(fed, f"SELECT count(*) FROM disclosure_payloads WHERE disclosure_id = {number}")
        assert payloads == [(1,)]  # sealed once, to the chair
        assert matcher_actions(fed).count("disclosure.approved") == i + 1
    verified(fed)


def test_killed_during_retention_expiry(federation, matcher):
    fed = federation
    path = fed.matcher_config_path()
    document = tomllib.loads(path.read_text())
    document["retention_days"] = 1
    path.write_text(tomli_w.dumps(document))
    matcher.start()
    for p in ("vtgv", "nla"):
        fed.start_node(p, max_backoff=0.3)
    overlap(fed)
    overlap(fed)
    wait_for(lambda: drained(fed, ["vtgv", "nla"]), what="delivered")
    verified(fed)
    for point in ("expiry.applied", "expiry.committed"):
        matcher.stop()
        matcher.start(crash_at=point, faketime="+2d")  # expiry runs at start: every signal is too old
        assert matcher.crashed(), point
    matcher.start(faketime="+2d")
    wait_for(lambda: matcher_rows(fed, "SELECT count(*) FROM signals") == [(0,)], what="purged")
    actions = matcher_actions(fed)
    assert actions.count("retention.purged") == 1 and actions.count("hit.dissolved") == 2
    assert len(matcher_rows(fed, "SELECT * FROM tombstones")) == 4
    verified(fed)
