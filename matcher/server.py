"""The matcher process: Submission, Hit and Feedback services over mTLS, plus retention expiry."""

from __future__ import annotations

import logging
import threading

from signalmatch import clock, transport
from signalmatch import config as config_mod
from signalmatch.audit.service import AuditServicer, MatcherAuditPolicy
from signalmatch.matcher.disclosure import Disclosures
from signalmatch.matcher.disclosure_service import DisclosureServicer
from signalmatch.matcher.service import FeedbackServicer, HitServicer, Matcher, SubmissionServicer
from signalmatch.matcher.store import MatchStore
from signalmatch.process import serve_until_signalled
from signalmatch.transport import Identity
from signalmatch.v1 import (
    audit_pb2,
    audit_pb2_grpc,
    disclosure_pb2,
    disclosure_pb2_grpc,
    hits_pb2,
    hits_pb2_grpc,
    submission_pb2,
    submission_pb2_grpc,
)

log = logging.getLogger("signalmatch.matcher")

SERVICES = [
    submission_pb2.DESCRIPTOR.services_by_name["SubmissionService"].full_name,
    hits_pb2.DESCRIPTOR.services_by_name["HitService"].full_name,
    hits_pb2.DESCRIPTOR.services_by_name["FeedbackService"].full_name,
    disclosure_pb2.DESCRIPTOR.services_by_name["DisclosureService"].full_name,
    audit_pb2.DESCRIPTOR.services_by_name["AuditService"].full_name,
]


class MatcherProcess:
    def __init__(self, cfg: config_mod.MatcherConfig, expiry_interval: float = 3600.0):
        self.cfg = cfg
        cfg.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.store = MatchStore(cfg.data_dir / "matcher.sqlite", cfg.policy.fuzzy_thresholds())
        self.matcher = Matcher(cfg, self.store)
        self.disclosures = Disclosures(self.matcher)

        def register(server):
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

        self.server, self.port = transport.make_server(cfg.listen, cfg.tls, register, SERVICES)
        self._expiry_interval = expiry_interval
        self._stopped = threading.Event()
        self._expiry = threading.Thread(target=self._expire_loop, name="expiry", daemon=True)

    def start(self) -> None:
        self.destroy_epochs()  # before serving: no destroyed token is matched or read again
        self.drop_encodings()
        self.store.checkpoint()
        self.server.start()
        self._expiry.start()
        log.info("matcher for table %s serving on port %d", self.cfg.table, self.port)

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
        self.destroy_epochs()
        self.disclosures.expire_disclosures()
        self.store.checkpoint()  # expired tokens leave the WAL file too (secure_delete does the pages)

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

    def _expire_loop(self) -> None:
        while True:
            try:
                self.expire_now()
            except Exception:  # keep serving; the next round retries
                log.exception("retention expiry failed")
            if self._stopped.wait(self._expiry_interval):
                return

    def stop(self, grace: float = 2.0) -> None:
        if self._stopped.is_set():
            return
        self._stopped.set()
        self.server.stop(grace).wait()
        if self._expiry.is_alive():
            self._expiry.join(10)
        self.store.close()  # checkpoints and truncates the WAL

    def wait(self) -> None:
        self._stopped.wait()


def serve(config_path) -> None:
    proc = MatcherProcess(config_mod.load_matcher(config_path))
    serve_until_signalled(proc, f"ready matcher {proc.port}")
