"""The keyholder process: KeyholderService over mTLS, with health checking and reflection."""

from __future__ import annotations

import datetime
import logging
import threading
from collections.abc import Sequence

import grpc

from signalmatch import config as config_mod
from signalmatch import crypto, transport
from signalmatch.keyholder.service import KeyholderServicer
from signalmatch.keyholder.store import KeyholderStore, Limits
from signalmatch.process import serve_until_signalled
from signalmatch.v1 import keyholder_pb2, keyholder_pb2_grpc

log = logging.getLogger("signalmatch.keyholder")

SERVICES = [keyholder_pb2.DESCRIPTOR.services_by_name["KeyholderService"].full_name]


class KeyholderProcess:
    """A running keyholder; `start()` then `wait()` or `stop()`. Used by the CLI, demo and tests."""

    def __init__(self, cfg: config_mod.KeyholderConfig, interceptors: Sequence[grpc.ServerInterceptor] = ()):
        self.cfg = cfg
        cfg.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.store = KeyholderStore(cfg.data_dir / "keyholder.sqlite", crypto.load_secret(cfg.at_rest_key), cfg.table)
        now = datetime.datetime.now(datetime.UTC)
        for epoch in cfg.destroyed_epochs:  # `federation destroy-epoch`: the key goes for good
            self.store.destroy_key(epoch, now)
        for epoch, key_file in sorted(cfg.oprf_keys.items()):
            self.store.import_key(epoch, key_file, now)
        limits = Limits(cfg.quota_per_hour, cfg.alert_factor, cfg.alert_threshold)
        servicer = KeyholderServicer(cfg.table, cfg.partners, self.store, limits)

        def register(server: grpc.Server) -> None:
            keyholder_pb2_grpc.add_KeyholderServiceServicer_to_server(servicer, server)

        self.server, self.port = transport.make_server(
            cfg.listen, cfg.tls, register, SERVICES, interceptors=interceptors
        )
        self._stopped = threading.Event()

    def start(self) -> None:
        self.server.start()
        log.info("keyholder for table %s serving on port %d", self.cfg.table, self.port)

    def stop(self, grace: float = 2.0) -> None:
        if self._stopped.is_set():
            return
        self._stopped.set()
        self.server.stop(grace).wait()
        self.store.close()

    def wait(self) -> None:
        self._stopped.wait()


def serve(config_path) -> None:
    """Run until SIGTERM/SIGINT, then shut down cleanly."""
    proc = KeyholderProcess(config_mod.load_keyholder(config_path))
    serve_until_signalled(proc, f"ready keyholder {proc.port}")
