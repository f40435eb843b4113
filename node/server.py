"""The node process: local Intake gRPC server plus the outbox pusher towards the matcher."""

from __future__ import annotations

import dataclasses
import logging
import threading
from collections.abc import Callable
from pathlib import Path

import grpc

from signalmatch import config as config_mod
from signalmatch import crypto, logs, transport
from signalmatch.audit.integrity import store_checks as audit_store_checks
from signalmatch.audit.restores import announce_restores, restore_info
from signalmatch.audit.service import AuditServicer, NodeAuditPolicy
from signalmatch.health import Check, remote_check, store_check
from signalmatch.metrics import Gauges
from signalmatch.node import disclosure
from signalmatch.node.disclosure_sync import DisclosureSync
from signalmatch.node.intake import Intake
from signalmatch.node.layering import TokenLayer
from signalmatch.node.live import NodeLive
from signalmatch.node.logwatch import MatcherLogWatch
from signalmatch.node.metrics import node_samples
from signalmatch.node.officer_service import OfficerServicer
from signalmatch.node.outbox import OutboxPusher
from signalmatch.node.pseudonymise import TokenKey
from signalmatch.node.reviews import Reviews
from signalmatch.node.rotation import Repseudonymiser
from signalmatch.node.service import IntakeServicer
from signalmatch.node.vault import Actor, Vault
from signalmatch.process import DataDirLock, ServiceHost, serve_until_signalled
from signalmatch.stores import Problem, require_intact
from signalmatch.v1 import (
    audit_pb2,
    audit_pb2_grpc,
    intake_pb2,
    intake_pb2_grpc,
    keyholder_pb2,
    officer_pb2,
    officer_pb2_grpc,
    submission_pb2,
)

log = logging.getLogger("signalmatch.node")

SUBMISSION_SERVICE = submission_pb2.DESCRIPTOR.services_by_name["SubmissionService"].full_name
KEYHOLDER_SERVICE = keyholder_pb2.DESCRIPTOR.services_by_name["KeyholderService"].full_name


def store_checks(cfg: config_mod.NodeConfig, full: bool = False) -> list[Callable[[], list[Problem]]]:
    """The checks of the node's vault (and its own audit log against the last checkpoint it signed)."""
    key = crypto.load_ed25519_private(cfg.signing_key).public_key()
    return audit_store_checks(cfg.data_dir / "vault.sqlite", f"{cfg.table}/partner/{cfg.partner}", key, full)


class Node:
    """A running node; `start()` then `wait()` or `stop()`. Used by the CLI, demo and tests."""

    def __init__(
        self,
        cfg: config_mod.NodeConfig,
        batch_size: int = 500,
        max_backoff: float = 10.0,
        disclosure_interval: float = 3.0,
        directory_interval: float = 2.0,
        rpc_timeout: float = 30.0,
    ):
        """`rpc_timeout`: the deadline of each call to the matcher and the keyholder."""
        self.cfg = cfg
        active = cfg.active_epochs or (cfg.epoch,)
        require_intact(store_checks(cfg))  # a damaged vault is never served
        self.lock = DataDirLock(cfg.data_dir).acquire()  # one process per store; restore waits for stop
        self.host = ServiceHost(f"node/{cfg.partner}", cfg.service)
        self.vault = Vault(
            cfg.data_dir / "vault.sqlite", crypto.load_secret(cfg.vault_key), f"{cfg.table}/partner/{cfg.partner}"
        )
        self.restores = announce_restores(
            self.vault.transaction, self.vault.audit, "node", cfg.partner, f"spiffe://{cfg.table}/partner/{cfg.partner}"
        )
        # Channels that reconnect after a certificate renewal (node.live), stubs and all.
        self.channel = transport.RenewableChannel(
            lambda: transport.matcher_channel(cfg.table, cfg.matcher_address, cfg.tls)
        )
        self.keyholder_channel = transport.RenewableChannel(
            lambda: transport.secure_channel(
                cfg.keyholder_address, cfg.tls, expect=transport.Identity(cfg.table, "keyholder", "")
            )
        )
        self.token_layer = TokenLayer(
            self.keyholder_channel,
            cfg.keyholder_public_keys,
            active_epochs=active,
            fuzzy=cfg.policy.fuzzy_matching,
            timeout=rpc_timeout,
            workers=cfg.token_workers,
        )
        self.pusher = OutboxPusher(
            self.vault,
            self.channel,
            cfg.table,
            cfg.partner,
            crypto.load_ed25519_private(cfg.signing_key),
            crypto.ed25519_public_from_b64(cfg.matcher_signing_public_key),
            batch_size=batch_size,
            max_backoff=max_backoff,
            layer=self.token_layer.layer,
            timeout=rpc_timeout,
            diagnose=lambda: transport.peer_certificate_problem(cfg.matcher_address, cfg.tls)
            or transport.peer_certificate_problem(cfg.keyholder_address, cfg.tls),
        )
        # The table secrets this node was dealt; a node admitted mid-epoch may have none yet
        # (intake answers UNAVAILABLE until the dealer's copy arrives, see node.live).
        secrets_held = {e: crypto.load_secret(path) for e, path in cfg.table_secrets.items() if e in active}
        token_key = TokenKey(cfg.table, cfg.epoch, secrets_held[cfg.epoch]) if cfg.epoch in secrets_held else None
        # During a key rotation every signal goes out in each active epoch (see node.rotation).
        previous = tuple(TokenKey(cfg.table, e, s) for e, s in sorted(secrets_held.items()) if e != cfg.epoch)
        self.intake = Intake(
            self.vault,
            token_key,
            cfg.policy.municipalities,
            on_queued=self.pusher.wake,
            previous_keys=previous,
            fuzzy=cfg.policy.fuzzy_matching,
        )
        self.repseudonymiser: Repseudonymiser | None = None
        self._keys: tuple[TokenKey | None, tuple[TokenKey, ...]] = (None, ())
        self._keys_lock = threading.Lock()  # directory versions and dealt secrets arrive on two threads
        self._serving = threading.Event()
        self.logwatch = MatcherLogWatch(cfg.data_dir / "vault.sqlite", self.channel, cfg.table, cfg.matcher_log_public_key)
        servicer = IntakeServicer(
            cfg.table, cfg.partner, self.intake, self.vault, lambda: self.logwatch.problem or self.pusher.last_error
        )
        # Disclosure requests: pulled from the matcher, decided by the officer or the policy file.
        self.reviews = Reviews(self.vault, cfg.partner)
        self.disclosures = DisclosureSync(
            self.reviews,
            self.channel,
            crypto.load_box_private(cfg.encryption_key),
            cfg.partners,
            cfg.chairs,
            cfg.policy,
            disclosure.load_policy(cfg.disclosure_policy, cfg.policy),
            interval=disclosure_interval,
            max_backoff=max_backoff,
        )
        self.officer = officer = OfficerServicer(
            cfg.table, cfg.partner, self.reviews, self.vault, token_key, on_decided=self.disclosures.wake
        )
        self.use_keys(token_key, previous)
        # The live table: directory versions, table secrets, epoch switches, renewal (node.live).
        self.live = NodeLive(self, cfg, self.channel, interval=directory_interval)

        def register(server: grpc.Server) -> None:
            intake_pb2_grpc.add_IntakeServiceServicer_to_server(servicer, server)
            officer_pb2_grpc.add_OfficerServiceServicer_to_server(officer, server)
            # The node's own log, for this partner's officer; checkpoints signed with the node's key.
            audit = AuditServicer(
                self.vault.audit,
                self.vault.audit.origin,  # key name = origin = f"{table}/partner/{partner}"
                crypto.load_ed25519_private(cfg.signing_key),
                cfg.table,
                NodeAuditPolicy(cfg.partner),
                self.vault.transaction,
            )
            audit_pb2_grpc.add_AuditServiceServicer_to_server(audit, server)

        path = cfg.data_dir / "vault.sqlite"
        self.port = self.host.serve(
            cfg.listen,
            cfg.tls,
            register,
            {  # signals wait in the outbox while the matcher or keyholder is away: only the vault is needed
                intake_pb2.DESCRIPTOR.services_by_name["IntakeService"].full_name: ("store",),
                officer_pb2.DESCRIPTOR.services_by_name["OfficerService"].full_name: ("store",),
                audit_pb2.DESCRIPTOR.services_by_name["AuditService"].full_name: ("store",),
            },
            checks=[
                store_check("store", path),
                remote_check("matcher", self.channel, SUBMISSION_SERVICE),
                remote_check("keyholder", self.keyholder_channel, KEYHOLDER_SERVICE),
                Check("matcher_log", self.logwatch.check),  # a rolled-back matcher (restored from a backup)
            ],
            gauges=[Gauges("node", node_samples(path, self.vault.audit)), Gauges("logwatch", self.logwatch.samples)],
            stores={"vault": path},
            certificates={"server": cfg.tls.cert, "operator": cfg.operator_tls.cert, "ca": cfg.tls.ca},
            info=lambda: restore_info(self.restores),
            identify=self.live.membership.identify,
            trust_bundle=self.live.membership.trust_bundle,
        )
        self.server = self.host.server
        self._closing = threading.Event()
        self._stopped = threading.Event()

    def use_policy(self, policy: config_mod.TablePolicy) -> None:
        """A new table policy from the directory: intake and token layer follow at once, the
        re-pseudonymisation from its next start."""
        if policy == self.cfg.policy:
            return
        self.cfg = dataclasses.replace(self.cfg, policy=policy)
        self.intake.use_policy(policy.municipalities, policy.fuzzy_matching)
        self.token_layer.use_fuzzy(policy.fuzzy_matching)

    def use_keys(self, token_key: TokenKey | None, previous: tuple[TokenKey, ...]) -> None:
        """The key epochs in force (at start, and when a directory version changes them): intake,
        the officer's subject look-up and the re-pseudonymisation of stored signals follow."""
        epochs = lambda keys: (keys[0] and keys[0].epoch, tuple(k.epoch for k in keys[1]))  # noqa: E731
        with self._keys_lock:
            if epochs((token_key, previous)) != epochs(self._keys):
                self._use_keys(token_key, previous)
                log.info("key epochs in force: %s", epochs(self._keys))

    def _use_keys(self, token_key: TokenKey | None, previous: tuple[TokenKey, ...]) -> None:
        self._keys = (token_key, previous)
        self.intake.use_keys(token_key, previous)
        self.officer.use_key(token_key)
        running = self.repseudonymiser
        if running is not None:
            running.stop()
        self.repseudonymiser = None
        if token_key is not None:
            self.repseudonymiser = Repseudonymiser(
                self.vault,
                token_key,
                previous,
                self.cfg.policy.municipalities,
                Actor(self.cfg.partner, "system", f"node/{self.cfg.partner}"),
                on_queued=self.pusher.wake,
                fuzzy=self.cfg.policy.fuzzy_matching,
            )
            if self._serving.is_set():  # else start() starts it
                self.repseudonymiser.start()

    def switched(self, epoch: int) -> bool:
        """Every live signal went out in `epoch`, the current one here, and was delivered."""
        with self._keys_lock:
            key, running = self._keys[0], self.repseudonymiser
        return (
            key is not None
            and key.epoch == epoch
            and running is not None
            and running.pending() == 0
            and self.vault.outbox_pending() == 0
        )

    def start(self) -> None:
        self.host.start()
        self.pusher.start()
        with self._keys_lock:
            self._serving.set()
            if self.repseudonymiser is not None:
                self.repseudonymiser.start()
        self.disclosures.start()
        self.live.start()
        log.info("node %s serving intake on port %d", self.cfg.partner, self.port, extra={"event": "server.started"})

    def stop(self, grace: float | None = None) -> None:
        """Graceful (see signalmatch.process): no new calls, calls in flight finish, the background
        rounds in progress complete (what they sent is in the vault), then the vault is closed."""
        if self._closing.is_set():
            return
        self._closing.set()
        self.host.stop(grace)
        self.live.stop()
        if self.repseudonymiser is not None:
            self.repseudonymiser.stop()
        self.pusher.stop()
        self.disclosures.stop()
        self.channel.close()
        self.keyholder_channel.close()
        self.token_layer.close()
        self.vault.close()
        self.lock.release()
        self._stopped.set()

    def wait(self) -> None:
        self._stopped.wait()


def serve(config_path: Path | str) -> None:
    """Run until SIGTERM/SIGINT, then shut down cleanly (the outbox survives in the vault)."""
    cfg = config_mod.load_node(config_path)
    logs.set_process(f"node/{cfg.partner}")
    node = Node(cfg)
    serve_until_signalled(node, f"ready node {node.cfg.partner} {node.port}")
