"""A node's part in the live table: it follows the directory, holds its table secrets, deals them
when it is the dealer, reports epoch switches and renews its certificate — all without a restart.

- Every directory version (from the matcher's DirectoryService, verified against the key pinned
  at enrolment) is applied at once: the servers' auth layer uses it on the next call, the key
  epochs in force change the intake, the token layer and the re-pseudonymisation, the disclosure
  sync sees the new members, and secrets of destroyed epochs are shredded.
- Secrets: the node fetches the deals that include it, verifies each against its directory (the
  named dealer's signature, an epoch the directory asks for), opens its copy and keeps it. The
  dealer seals each epoch the directory asks for, and the current ones to every partner that
  lacks them — so a partner admitted mid-epoch gets the current secret by itself.
- Once every live signal went out in the new epoch and was delivered, the node reports the switch;
  when every partner has, the old epoch is destroyed (by the matcher's directory step).
- Renewal: within the last third of its certificate's lifetime the node sends CSRs of the same keys
  over its current mTLS connection, installs the new certificates and reconnects.
"""

from __future__ import annotations

import datetime
import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

import grpc

from signalmatch import crypto, pki
from signalmatch.config import NodeConfig
from signalmatch.deal import DealRefused, SignedDeal
from signalmatch.directory import Directory
from signalmatch.membership import LiveMember, Membership, renew_certificates
from signalmatch.node import secrets
from signalmatch.node.pseudonymise import TokenKey
from signalmatch.transport import Identity, RenewableChannel
from signalmatch.v1 import directory_pb2

if TYPE_CHECKING:
    from signalmatch.node.server import Node

log = logging.getLogger("signalmatch.node.live")

RENEW_FRACTION = 1 / 3  # renew when less than this part of the certificate's lifetime is left


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


class NodeLive(LiveMember):
    def __init__(
        self,
        node: Node,
        cfg: NodeConfig,
        channel: RenewableChannel,
        interval: float = 2.0,
        clock: Callable[[], datetime.datetime] = _now,
    ):
        self.node = node
        self.cfg = cfg
        self.channel = channel
        self.clock = clock
        self._encryption = crypto.load_x25519_private(cfg.encryption_key)
        self._reported: set[int] = set()
        self._secrets_lock = threading.Lock()
        self.refused_deals: list[str] = []  # deals this node refused (tests and status)
        self.renewals = 0
        self.last_error = ""
        membership = Membership.from_cache(cfg.directory_path, cfg.directory_key, cfg.table)
        super().__init__(membership, channel, cfg.signing_key, interval, "secrets")

    @property
    def head(self) -> Directory:
        return self.membership.head

    # -- directory versions --------------------------------------------------------------------

    def on_version(self, old: Directory, new: Directory) -> None:
        with self._secrets_lock:  # a deal being accepted on the other thread sees this version
            secrets.shred_destroyed(self.cfg.secrets_dir, new)
        self.apply(new)
        self.wake()

    def apply(self, d: Directory) -> None:
        """Put the directory's key epochs and members in force in the node's components."""
        node = self.node
        held = {e: secrets.held_secret(self.cfg.secrets_dir, e) for e in d.epochs.active}
        current = held.get(d.epochs.current)
        token_key = TokenKey(d.table, d.epochs.current, current) if current else None
        previous = tuple(
            TokenKey(d.table, e, s) for e, s in sorted(held.items()) if s is not None and e != d.epochs.current
        )
        node.use_policy(d.policy)
        node.use_keys(token_key, previous)
        node.token_layer.use_epochs(d.oprf_public_keys(), d.epochs.active)
        node.disclosures.use_members(d)

    # -- the secrets loop ----------------------------------------------------------------------

    def round(self) -> None:
        try:
            self.sync_secrets()
            self.report_switch()
            self.renew_if_due()
            self.last_error = ""
        except grpc.RpcError as exc:
            self.last_error = exc.code().name
        except Exception as exc:  # the type only: keep going, the next round retries
            self.last_error = type(exc).__name__
            log.exception("table secrets: round failed")

    def sync_secrets(self) -> list[int]:
        """Fetch and accept the deals this node lacks; as the dealer, deal what is missing.
        Returns the epochs newly stored."""
        d = self.head
        wanted = [e for e in (*d.epochs.active, d.epochs.pending) if e]
        stored: list[int] = []
        if not wanted:
            return stored
        deals = [
            SignedDeal(x.body, x.signature)
            for x in self._stub.ListTableSecretDeals(directory_pb2.ListTableSecretDealsRequest(), timeout=30).deals
        ]
        for signed in deals:
            deal = signed.deal()
            with self._secrets_lock:
                now = self.head  # the version in force now: never take a secret of an epoch destroyed since
                if deal.epoch not in (*now.epochs.active, now.epochs.pending) or secrets.held_secret(
                    self.cfg.secrets_dir, deal.epoch
                ):
                    continue
                try:
                    stored.append(
                        secrets.accept_deal(self.cfg.secrets_dir, self.cfg.partner, self._encryption, now, signed)
                    )
                    log.info("table secret of epoch %d received from dealer %s", deal.epoch, deal.dealer)
                except DealRefused as exc:
                    self.refused_deals.append(str(exc))
                    # DealRefused names the dealer, the epoch and the check: no request content.
                    log.warning("table secret deal refused: %s", exc)  # nosemgrep: no-exception-text-in-server-logs
        if d.dealer == self.cfg.partner:
            self._deal(d, wanted, deals)
        if stored:
            self.apply(self.head)
        return stored

    def _deal(self, d: Directory, wanted: list[int], deals: list[SignedDeal]) -> None:
        covered: dict[int, set[str]] = {}
        for signed in deals:
            deal = signed.deal()
            if deal.dealer == self.cfg.partner:
                covered.setdefault(deal.epoch, set()).update(deal.sealed)
        for epoch in wanted:
            missing = set(d.partners) - covered.get(epoch, set())
            if not missing:
                continue
            # A new secret only for a requested epoch nobody has dealt; an active epoch's secret
            # comes from the node's own store or not at all.
            fresh = epoch == d.epochs.pending and epoch not in d.epochs.active and not covered.get(epoch)
            dealt = secrets.deal(self.cfg.secrets_dir, self.cfg.partner, self._signing, d, epoch, missing, fresh)
            if dealt is None:
                log.warning("dealer without the secret of epoch %d: it cannot deal it", epoch)
                continue
            request = directory_pb2.PutTableSecretDealRequest(
                deal=directory_pb2.TableSecretDeal(body=dealt.body, signature=dealt.signature)
            )
            self._stub.PutTableSecretDeal(request, timeout=30)
            log.info("table secret of epoch %d dealt to %d partners", epoch, len(missing))

    def report_switch(self) -> bool:
        """Report the switch to the current epoch once every live signal went out in it."""
        d = self.head
        epoch = d.epochs.current
        if len(d.epochs.active) < 2 or epoch in self._reported or not self.node.switched(epoch):
            return False
        self._stub.ReportEpochSwitched(directory_pb2.ReportEpochSwitchedRequest(epoch=epoch), timeout=30)
        self._reported.add(epoch)
        log.info("switched to key epoch %d", epoch)
        return True

    # -- renewal -------------------------------------------------------------------------------

    def renew_if_due(self) -> bool:
        cert = pki.load_certificates(self.cfg.tls.cert.read_bytes())[0]
        lifetime = cert.not_valid_after_utc - cert.not_valid_before_utc
        if cert.not_valid_after_utc - self.clock() > lifetime * RENEW_FRACTION:
            return False
        self.renew()
        return True

    def renew(self) -> None:
        """New certificates for the node's own keys, over its current mTLS connection."""
        table, partner = self.cfg.table, self.cfg.partner
        files = [
            (self.cfg.tls, Identity(table, "partner", partner), True),
            (self.cfg.operator_tls, Identity(table, "operator", partner), False),
        ]
        leaves = renew_certificates(self.channel, files, self.clock())
        self.channel.reconnect()
        self.node.keyholder_channel.reconnect()
        self.renewals += 1
        log.info("certificates renewed until %s", leaves[0].not_valid_after_utc.isoformat())
