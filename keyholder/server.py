"""The keyholder process: KeyholderService over mTLS, with metrics, health checking and reflection."""

from __future__ import annotations

import datetime
import logging
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

import grpc

from signalmatch import config as config_mod
from signalmatch import crypto, logs
from signalmatch.audit.integrity import store_checks as audit_store_checks
from signalmatch.audit.restores import announce_restores, restore_info
from signalmatch.audit.service import AuditServicer, MatcherAuditPolicy
from signalmatch.health import store_check
from signalmatch.keyholder.live import KeyholderLive
from signalmatch.keyholder.metrics import KeyholderCounters, keyholder_samples
from signalmatch.keyholder.service import KeyholderServicer
from signalmatch.keyholder.store import KeyholderStore, Limits
from signalmatch.metrics import Gauges
from signalmatch.process import DataDirLock, ServiceHost, serve_until_signalled
from signalmatch.stores import Problem, require_intact
from signalmatch.v1 import audit_pb2, audit_pb2_grpc, keyholder_pb2, keyholder_pb2_grpc

log = logging.getLogger("signalmatch.keyholder")

KEYHOLDER_SERVICE = keyholder_pb2.DESCRIPTOR.services_by_name["KeyholderService"].full_name
AUDIT_SERVICE = audit_pb2.DESCRIPTOR.services_by_name["AuditService"].full_name


def store_checks(cfg: config_mod.KeyholderConfig, full: bool = False) -> list[Callable[[], list[Problem]]]:
    """The checks of the keyholder's store, and of its audit log against the last checkpoint it
    signed (with its signing key, when it has one)."""
    key = crypto.load_ed25519_private(cfg.signing_key).public_key() if cfg.signing_key.is_file() else None
    return audit_store_checks(cfg.data_dir / "keyholder.sqlite", f"{cfg.table}/keyholder", key, full)


class KeyholderProcess:
    """A running keyholder; `start()` then `wait()` or `stop()`. Used by the CLI, demo and tests."""

    def __init__(
        self,
        cfg: config_mod.KeyholderConfig,
        interceptors: Sequence[grpc.ServerInterceptor] = (),
        directory_interval: float = 2.0,
    ):
        self.cfg = cfg
        require_intact(store_checks(cfg))  # a damaged store is never served
        self.lock = DataDirLock(cfg.data_dir).acquire()  # one process per store; restore waits for stop
        path = cfg.data_dir / "keyholder.sqlite"
        self.store = KeyholderStore(path, crypto.load_secret(cfg.at_rest_key), cfg.table)
        self.restores = announce_restores(
            self.store.transaction, self.store.audit, "keyholder", "keyholder", f"spiffe://{cfg.table}/keyholder"
        )
        now = datetime.datetime.now(datetime.UTC)
        for epoch in cfg.destroyed_epochs:  # `federation destroy-epoch`: the key goes for good
            self.store.destroy_key(epoch, now)
        for epoch, key_file in sorted(cfg.oprf_keys.items()):
            self.store.import_key(epoch, key_file, now)
        limits = Limits(cfg.quota_per_hour, cfg.alert_factor, cfg.alert_threshold)
        self.host = ServiceHost("keyholder", cfg.service)
        self.servicer = servicer = KeyholderServicer(
            cfg.table, cfg.partners, self.store, limits, counters=KeyholderCounters(self.host.registry)
        )
        # The live table: partners, new epochs' keys, destroyed epochs (keyholder.live).
        self.live = KeyholderLive(self, cfg, directory_interval)
        membership = self.live.membership

        services = [KEYHOLDER_SERVICE]
        audit = None
        if cfg.signing_key.is_file():  # the keyholder's own log, for the table's officer (each partner's: its own)
            services.append(AUDIT_SERVICE)
            # Checkpoints are signed with the keyholder's signing key (published in the directory), like
            # a node's: a signed note's text starts with the origin "<table>/keyholder", which can never
            # be the label of its other signatures ("signalmatch.v1.OprfKey\n"), so the two cannot be confused.
            audit = AuditServicer(
                self.store.audit,
                self.store.audit.origin,  # key name = origin = f"{table}/keyholder"
                crypto.load_ed25519_private(cfg.signing_key),
                cfg.table,
                MatcherAuditPolicy(frozenset(cfg.partners), system="keyholder"),
                self.store.transaction,
            )

        def register(server: grpc.Server) -> None:
            keyholder_pb2_grpc.add_KeyholderServiceServicer_to_server(servicer, server)
            if audit is not None:
                audit_pb2_grpc.add_AuditServiceServicer_to_server(audit, server)

        self.port = self.host.serve(
            cfg.listen,
            cfg.tls,
            register,
            {name: ("store",) for name in services},
            checks=[store_check("store", path)],
            gauges=[Gauges("keyholder", keyholder_samples(path, self.store.audit, cfg.partners, cfg.quota_per_hour))],
            stores={"keyholder": path},
            certificates={"server": cfg.tls.cert, "ca": cfg.tls.ca},
            info=lambda: restore_info(self.restores),
            interceptors=interceptors,
            identify=membership.identify,
            trust_bundle=membership.trust_bundle,
        )
        self.server = self.host.server
        self._stopped = threading.Event()

    def start(self) -> None:
        self.host.start()
        self.live.start()
        log.info("keyholder for table %s serving on port %d", self.cfg.table, self.port, extra={"event": "server.started"})

    def stop(self, grace: float | None = None) -> None:
        if self._stopped.is_set():
            return
        self.host.stop(grace)
        self.live.stop()
        self.store.close()
        self.lock.release()
        self._stopped.set()

    def wait(self) -> None:
        self._stopped.wait()


def serve(config_path: Path | str) -> None:
    """Run until SIGTERM/SIGINT, then shut down cleanly."""
    logs.set_process("keyholder")
    proc = KeyholderProcess(config_mod.load_keyholder(config_path))
    serve_until_signalled(proc, f"ready keyholder {proc.port}")
