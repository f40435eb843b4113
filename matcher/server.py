"""The matcher process: Submission, Hit and Feedback services over mTLS, plus retention expiry."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import grpc

from signalmatch import clock, crypto, logs
from signalmatch import config as config_mod
from signalmatch.audit.integrity import store_checks as audit_store_checks
from signalmatch.audit.restores import announce_restores, restore_info
from signalmatch.audit.service import AuditServicer, MatcherAuditPolicy
from signalmatch.directory import Directory
from signalmatch.faults import crash_point
from signalmatch.health import store_check
from signalmatch.matcher.directory_service import DirectoryServicer, DirectoryState, apply_to_matcher
from signalmatch.matcher.disclosure_service import DisclosureServicer
from signalmatch.matcher.disclosure_store import Disclosures
from signalmatch.matcher.metrics import matcher_samples
from signalmatch.matcher.service import FeedbackServicer, HitServicer, Matcher, SubmissionServicer
from signalmatch.matcher.store import MatchStore
from signalmatch.metrics import Gauges
from signalmatch.process import DataDirLock, ServiceHost, serve_until_signalled
from signalmatch.stores import Problem, require_intact
from signalmatch.transport import Identity
from signalmatch.v1 import (
    audit_pb2,
    audit_pb2_grpc,
    directory_pb2,
    directory_pb2_grpc,
    disclosure_pb2,
    disclosure_pb2_grpc,
    hits_pb2,
    hits_pb2_grpc,
    submission_pb2,
    submission_pb2_grpc,
)

if TYPE_CHECKING:
    from rich.console import Console

log = logging.getLogger("signalmatch.matcher")

SERVICES = [
    submission_pb2.DESCRIPTOR.services_by_name["SubmissionService"].full_name,
    hits_pb2.DESCRIPTOR.services_by_name["HitService"].full_name,
    hits_pb2.DESCRIPTOR.services_by_name["FeedbackService"].full_name,
    disclosure_pb2.DESCRIPTOR.services_by_name["DisclosureService"].full_name,
    audit_pb2.DESCRIPTOR.services_by_name["AuditService"].full_name,
    directory_pb2.DESCRIPTOR.services_by_name["DirectoryService"].full_name,
]


def store_checks(cfg: config_mod.MatcherConfig, full: bool = False) -> list[Callable[[], list[Problem]]]:
    """The checks of the matcher's store (and its audit log against the last checkpoint it signed)."""
    log_key = crypto.load_ed25519_private(cfg.log_key).public_key()
    return audit_store_checks(cfg.data_dir / "matcher.sqlite", f"{cfg.table}/matcher", log_key, full)


class MatcherProcess:
    def __init__(self, cfg: config_mod.MatcherConfig, expiry_interval: float = 3600.0, directory_interval: float = 1.0):
        self.cfg = cfg
        require_intact(store_checks(cfg))  # a damaged store is never served
        self.lock = DataDirLock(cfg.data_dir).acquire()  # one process per store; restore waits for stop
        self.store = MatchStore(cfg.data_dir / "matcher.sqlite", cfg.policy.linkage_thresholds())
        self.matcher = Matcher(cfg, self.store)
        self.restores = announce_restores(
            self.store.transaction, self.matcher.audit, "matcher", "matcher", f"spiffe://{cfg.table}/matcher"
        )
        self.disclosures = Disclosures(self.matcher)
        # The table's directory: verified from the operator's store, applied live (see directory_service).
        self.directory = DirectoryState(cfg, self.matcher)
        self.directory.membership.subscribe(self._apply_directory)
        self.audit_servicer: AuditServicer | None = None

        def register(server: grpc.Server) -> None:
            submission_pb2_grpc.add_SubmissionServiceServicer_to_server(SubmissionServicer(self.matcher), server)
            hits_pb2_grpc.add_HitServiceServicer_to_server(HitServicer(self.matcher), server)
            hits_pb2_grpc.add_FeedbackServiceServicer_to_server(FeedbackServicer(self.matcher), server)
            disclosure_pb2_grpc.add_DisclosureServiceServicer_to_server(DisclosureServicer(self.disclosures), server)
            audit = AuditServicer(
                self.matcher.audit,
                self.matcher.audit.origin,  # key name = origin = f"{table}/matcher"
                self.matcher.log_key,
                cfg.table,
                MatcherAuditPolicy(frozenset(cfg.partners)),
                self.store.transaction,
            )
            audit_pb2_grpc.add_AuditServiceServicer_to_server(audit, server)
            self.audit_servicer = audit
            directory_pb2_grpc.add_DirectoryServiceServicer_to_server(DirectoryServicer(self.directory), server)

        path = cfg.data_dir / "matcher.sqlite"
        self.host = ServiceHost("matcher", cfg.service)
        self.port = self.host.serve(
            cfg.listen,
            cfg.tls,
            register,
            {name: ("store",) for name in SERVICES},
            checks=[store_check("store", path)],
            gauges=[Gauges("matcher", matcher_samples(path, self.matcher.audit))],
            stores={"matcher": path},
            certificates={"server": cfg.tls.cert, "ca": cfg.tls.ca},
            info=lambda: restore_info(self.restores),
            identify=self.directory.membership.identify,
            trust_bundle=self.directory.membership.trust_bundle,
        )
        self.server = self.host.server
        self._expiry_interval = expiry_interval
        self._closing = threading.Event()  # stop() began: the expiry loop ends
        self._stopped = threading.Event()  # stop() finished: wait() returns
        self._expiry = threading.Thread(target=self._expire_loop, name="expiry", daemon=True)
        self._directory_interval = directory_interval
        self._follow = threading.Thread(target=self._follow_loop, name="directory", daemon=True)

    def start(self) -> None:
        self.destroy_epochs()  # before serving: no destroyed token is matched or read again
        self.drop_encodings()
        self.matcher.relink("policy")  # thresholds or model changed since the stored pairs were decided
        self.store.checkpoint()
        self.directory.record_versions()
        self.host.start()
        self._expiry.start()
        self._follow.start()
        log.info("matcher for table %s serving on port %d", self.cfg.table, self.port, extra={"event": "server.started"})

    def expire_now(self) -> None:
        count = "SELECT count(*) FROM signals"
        with self.store.transaction() as conn:
            before = conn.execute(count).fetchone()[0]
            changes = self.store.expire(clock.now(), self.cfg.retention_days)
            self.matcher.record_changes(changes)
            purged = before - conn.execute(count).fetchone()[0]
            if purged:
                system = Identity(self.cfg.table, "matcher", "")
                self.matcher.audit.append(
                    self.matcher.entry(system, "retention.purged", count=purged, retention_days=self.cfg.retention_days)
                )
                crash_point("expiry.applied")  # the fault matrix (signalmatch/faults.py); inert otherwise
        if purged:
            crash_point("expiry.committed")
        self.destroy_epochs()
        self.disclosures.expire_disclosures()
        self.matcher.relink("refit")  # a model `signalmatch matcher refit` stored meanwhile
        self.refit_if_due()
        self.store.checkpoint()  # expired tokens leave the WAL file too (secure_delete does the pages)

    def refit_if_due(self) -> None:
        """Refit the linkage model on the matcher's own data when the policy's interval has passed."""
        hours = self.cfg.policy.linkage_refit_hours
        if hours <= 0:
            return
        fitted = self.store.model.fitted_at if self.store.model_id else ""
        if fitted and datetime.fromisoformat(fitted) > datetime.now(UTC) - timedelta(hours=hours):
            return
        self.matcher.refit()

    def destroy_epochs(self) -> None:
        """Delete the tokens and encodings of every destroyed key epoch (config ``destroyed_epochs``, written by
        `federation destroy-epoch`) and re-match the hits concerned; audited as ``epoch.destroyed``
        with the count. Runs on start and in every expiry round; nothing to do once they are gone."""
        system = Identity(self.cfg.table, "matcher", "")
        for epoch in self.cfg.destroyed_epochs:
            with self.store.transaction():
                tokens, encodings, changes = self.store.destroy_epoch(epoch, clock.now())
                if tokens or encodings:
                    self.matcher.record_changes(changes)
                    self.matcher.audit.append(
                        self.matcher.entry(
                            system, "epoch.destroyed", [f"epochs/{epoch}"], tokens=tokens, encodings=encodings
                        )
                    )
                    log.info("key epoch %d destroyed: %d tokens, %d encodings deleted", epoch, tokens, encodings)

    def drop_encodings(self) -> None:
        """When the table policy turns fuzzy matching off, delete every stored encoding and re-match
        the hits concerned (links that rested on similarity go); audited as ``encodings.dropped``."""
        if self.cfg.policy.fuzzy_matching:
            return
        with self.store.transaction():
            count, changes = self.store.drop_encodings(clock.now())
            if count:
                self.matcher.record_changes(changes)
                system = Identity(self.cfg.table, "matcher", "")
                self.matcher.audit.append(self.matcher.entry(system, "encodings.dropped", count=count))
                log.info("fuzzy matching is off: %d encodings deleted", count)

    def _follow_loop(self) -> None:
        """New versions from the operator's store, and the epoch steps the matcher may publish."""
        while not self._closing.wait(self._directory_interval):
            try:
                self.directory.refresh()
                self.directory.advance_epochs()
                self.directory.renew_own()
            except Exception:  # keep serving; the next round retries
                log.exception("following the directory failed")

    def _apply_directory(self, old: Directory, new: Directory) -> None:
        """A new directory version in force: members, keys, policy and epochs, at once."""
        apply_to_matcher(self.matcher, new)
        self.cfg = self.matcher.cfg
        self.disclosures.policy = new.policy
        if self.audit_servicer is not None:
            self.audit_servicer._policy = MatcherAuditPolicy(frozenset(new.partners))
        for partner in sorted(set(old.partners) - set(new.partners)):
            self.remove_partner(partner)
        if old.policy.fuzzy_matching and not new.policy.fuzzy_matching:
            self.drop_encodings()
        if set(new.epochs.destroyed) - set(old.epochs.destroyed):
            self.destroy_epochs()
            self.directory.forget_epochs(new.epochs.destroyed)
        self.directory.record_versions()

    def remove_partner(self, partner: str) -> None:
        """A partner left the table: its signals leave the matcher (tokens, links, hits re-matched)."""
        system = Identity(self.cfg.table, "matcher", "")
        with self.store.transaction() as conn:
            refs = [r[0] for r in conn.execute("SELECT signal_ref FROM signals WHERE partner = ?", (partner,))]
            now = clock.now()
            for ref in refs:
                self.matcher.record_changes(self.store.withdraw(partner, ref, now, reason="member.removed"))
            self.matcher.audit.append(
                self.matcher.entry(system, "partner.removed", [f"partners/{partner}"], signals=len(refs))
            )
        log.info("partner %s removed from the table: %d signals withdrawn", partner, len(refs))

    def _expire_loop(self) -> None:
        while True:
            try:
                self.expire_now()
            except Exception:  # keep serving; the next round retries
                log.exception("retention expiry failed")
            if self._closing.wait(self._expiry_interval):
                return

    def stop(self, grace: float | None = None) -> None:
        """Graceful (see signalmatch.process): no new calls, calls in flight finish, the expiry
        round in progress completes, the store is closed (its WAL checkpointed and truncated)."""
        if self._closing.is_set():
            return
        self._closing.set()
        self.host.stop(grace)
        for thread in (self._expiry, self._follow):
            if thread.is_alive():
                thread.join()
        self.store.close()  # checkpoints and truncates the WAL
        self.lock.release()
        self._stopped.set()

    def wait(self) -> None:
        self._stopped.wait()


def refit_now(config_path: Path | str, console: Console) -> int:
    """`signalmatch matcher refit`: fit the linkage model on the matcher's database and store it
    (audited, pairs re-evaluated); a running matcher picks it up in its next expiry round."""
    cfg = config_mod.load_matcher(config_path)
    with MatchStore(cfg.data_dir / "matcher.sqlite", cfg.policy.linkage_thresholds()) as store:
        matcher = Matcher(cfg, store)
        if not matcher.refit():
            console.print("te weinig signalen om het model te schatten / too few signals to fit the model")
            return 3
        model = store.model
        console.print(f"linkageModels/{store.model_id}: {model.fitted_at}, {model.data.get('candidate_pairs')} "
                      f"candidate pairs, {model.data.get('random_pairs')} random pairs, prior {model.prior:.3g}")  # fmt: skip
    return 0


def serve(config_path: Path | str) -> None:
    logs.set_process("matcher")
    proc = MatcherProcess(config_mod.load_matcher(config_path))
    serve_until_signalled(proc, f"ready matcher {proc.port}")
