"""The keyholder's part in the live table: it follows the directory (partners it serves, epochs),
makes and announces the key of each epoch the directory asks for, and destroys the keys of
destroyed epochs — without a restart. Its keys never leave it: it announces public halves only,
signed, and the operator merely publishes them (signalmatch.directory)."""

from __future__ import annotations

import base64
import datetime
import logging
from typing import TYPE_CHECKING

import grpc

from signalmatch import transport
from signalmatch.config import KeyholderConfig, oprf_key_name
from signalmatch.directory import Directory
from signalmatch.keyholder import keys
from signalmatch.membership import LiveMember, Membership
from signalmatch.v1 import directory_pb2

if TYPE_CHECKING:
    from signalmatch.keyholder.server import KeyholderProcess

log = logging.getLogger("signalmatch.keyholder.live")


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


class KeyholderLive(LiveMember):
    def __init__(self, process: KeyholderProcess, cfg: KeyholderConfig, interval: float = 2.0):
        self.process = process
        self.cfg = cfg
        self.home = cfg.path.parent
        self._announced: set[int] = set()
        membership = Membership.from_cache(cfg.directory_path, cfg.directory_key, cfg.table)
        address = membership.head.matcher.address
        self.channel = transport.RenewableChannel(lambda: transport.matcher_channel(cfg.table, address, cfg.tls))
        super().__init__(membership, self.channel, cfg.signing_key, interval, "keys")

    def stop(self, timeout: float = 10.0) -> None:
        super().stop(timeout)
        self.channel.close()

    def on_version(self, old: Directory, new: Directory) -> None:
        self.process.servicer.use_partners(new.partners)
        now = _now()
        for epoch in new.epochs.destroyed:
            self.process.store.destroy_key(epoch, now)
        keys.shred_destroyed(self.home, new)
        self.wake()

    def round(self) -> None:
        try:
            self.announce_pending()
        except grpc.RpcError as exc:
            log.warning("announcing a key: %s; retrying", exc.code().name)
        except Exception:
            log.exception("announcing a key failed")

    def announce_pending(self) -> bool:
        """Make (once) and announce the key of the epoch the directory asks for."""
        d = self.membership.head
        epoch = d.epochs.pending
        if not epoch or epoch in self._announced or (d.keyholder and epoch in d.keyholder.oprf_keys):
            return False
        key_file = self.home / oprf_key_name(epoch)
        if key_file.exists():
            announced = keys.announce(key_file, d.table, epoch, self._signing)
        else:
            announced = keys.make_key(self.home, d.table, epoch, self._signing)
            log.info("OPRF key of epoch %d made", epoch)
        self.process.store.import_key(epoch, key_file, _now())  # served once nodes have it published
        self._stub.AnnounceOprfKey(
            directory_pb2.AnnounceOprfKeyRequest(
                epoch=epoch,
                public_key=base64.b64decode(announced.public_key),
                signature=base64.b64decode(announced.signature),
            ),
            timeout=30,
        )
        self._announced.add(epoch)
        log.info("OPRF key of epoch %d announced", epoch)
        return True
