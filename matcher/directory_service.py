"""The matcher's side of the directory: serving it, relaying what members send, epoch steps, renewal.

- The operator publishes signed versions into its store (``directory/versions``, deploy/table_admin.py);
  the matcher verifies every one from version 1 with the pinned directory key (and the officer's
  co-signature where needed), applies it at once (members, keys, policy, epochs — a removed
  partner's signals leave the matcher) and writes an audit entry per version, so the officers'
  log verification covers who was admitted and removed, and when.
- DirectoryService: members fetch the versions; the dealer hands over sealed table secret deals
  and partners fetch theirs (the matcher checks the dealer's signature against the directory, can
  open none, and stores the ciphertext only); the keyholder announces OPRF keys it signed itself;
  partners report that they switched to a new epoch; members renew their certificates.
- Epoch steps, when the operator lets the matcher hold the directory key: it starts a requested
  epoch once the keyholder's signed key and the dealer's deal to every partner are in, and
  destroys the old epoch once every partner reported the switch. It never widens who sees data.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime
import json
import logging
import threading

import grpc
from cryptography import x509

from signalmatch import crypto, i18n, pki, transport
from signalmatch import directory as dirmod
from signalmatch.config import MatcherConfig, TlsFiles
from signalmatch.deal import SignedDeal, verify_deal
from signalmatch.directory import Directory, DirectoryRefused, SignedVersion
from signalmatch.errors import ConfigError, ConflictError, PermissionDeniedError, ValidationError, Violation
from signalmatch.matcher.service import Matcher
from signalmatch.membership import Membership, VersionStore, pinned_key
from signalmatch.transport import Identity, server_name
from signalmatch.v1 import directory_pb2, directory_pb2_grpc

log = logging.getLogger("signalmatch.matcher.directory")

PAGE = 100


class DirectoryState:
    """The verified chain of the operator's store, and the relay state in its own SQLite file."""

    def __init__(self, cfg: MatcherConfig, matcher: Matcher):
        self.cfg = cfg
        self.matcher = matcher
        self.store = VersionStore(cfg.directory_versions)
        chain = dirmod.Chain(cfg.directory_key, cfg.table)
        chain.accept_all(self.store.read_after(0))
        self.membership = Membership(chain)
        self._key = crypto.load_ed25519_private(cfg.directory_signing_key) if cfg.directory_signing_key else None
        self._issuer = None
        if cfg.issuing is not None:
            self._issuer = (
                pki.load_private(cfg.issuing.key.read_bytes()),
                pki.load_certificates(cfg.issuing.cert.read_bytes())[0],
            )
        self._lock = threading.RLock()
        self._db = matcher.store.transaction  # the matcher's store: backed up, versioned, checked with it

    @property
    def head(self) -> Directory:
        return self.membership.head

    # -- following the operator's store --------------------------------------------------------

    def refresh(self) -> int:
        """Accept the versions the operator published since; a version that does not verify is
        refused (and logged), the one in force stays."""
        with self._lock:
            newer = self.store.read_after(self.membership.version)
            try:
                return self.membership.advance(newer)
            except DirectoryRefused:
                return 0

    def record_versions(self) -> None:
        """An audit entry per directory version in force not recorded yet, in order, once each:
        the entry and its marker are written in one transaction of the matcher's store."""
        with self._lock, self._db() as conn:
            done = {row[0] for row in conn.execute("SELECT version FROM directory_versions_recorded")}
            previous: Directory | None = None
            for signed in self.store.read_after(0):
                d = signed.directory()
                if d.version > self.membership.version:
                    break
                if d.version not in done:
                    added, removed = _member_changes(previous, d)
                    members = [f"member+{m}" for m in added] + [f"member-{m}" for m in removed]
                    self.matcher.audit.append(
                        self.matcher.entry(
                            Identity(self.cfg.table, "matcher", ""),
                            "directory.version",
                            [f"directory/versions/{d.version}", *members],
                            sha256=signed.digest,
                            cosigned="yes" if signed.cosignature else "no",
                            widening=len(dirmod.widening_changes(previous, d)),
                            epoch=d.epochs.current,
                            pending_epoch=d.epochs.pending or "",
                        )
                    )
                    conn.execute("INSERT INTO directory_versions_recorded (version) VALUES (?)", (d.version,))
                previous = d

    def versions_after(self, after: int) -> list[SignedVersion]:
        self.refresh()
        return [v for v in self.store.read_after(after, PAGE) if v.directory().version <= self.membership.version]

    # -- relay ---------------------------------------------------------------------------------

    def put_deal(self, who: Identity, signed: SignedDeal) -> None:
        d = self.head
        if who.role != "partner" or who.name != d.dealer:
            raise PermissionDeniedError(i18n.t("directory.service.not_dealer", who=who.uri, dealer=d.dealer))
        deal = verify_deal(signed, d)  # the dealer's own signature, the epoch the directory asks for
        if deal.dealer != who.name:
            raise PermissionDeniedError(i18n.t("directory.service.not_dealer", who=who.uri, dealer=d.dealer))
        with self._lock, self._db() as conn:
            cursor = conn.execute(
                "INSERT OR IGNORE INTO directory_deals (epoch, dealer, recipients, body, signature) VALUES (?, ?, ?, ?, ?)",
                (deal.epoch, deal.dealer, json.dumps(sorted(deal.sealed)), signed.body, signed.signature),
            )
            if cursor.rowcount:
                self.matcher.audit.append(
                    self.matcher.entry(who, "secret.dealt", [f"epochs/{deal.epoch}"], recipients=len(deal.sealed))
                )
            log.info("table secret of epoch %d dealt by %s to %d partners", deal.epoch, who.name, len(deal.sealed))
        self.advance_epochs()

    def forget_epochs(self, epochs: tuple[int, ...]) -> None:
        """Destroyed epochs: their deals (ciphertext of a secret that is gone) are deleted too."""
        with self._lock, self._db() as conn:
            for epoch in epochs:
                conn.execute("DELETE FROM directory_deals WHERE epoch = ?", (epoch,))
                conn.execute("DELETE FROM directory_announcements WHERE epoch = ?", (epoch,))

    def deals_for(self, partner: str, epoch: int = 0) -> list[SignedDeal]:
        with self._db() as conn:
            rows = conn.execute(
                "SELECT recipients, body, signature FROM directory_deals WHERE (? = 0 OR epoch = ?) ORDER BY id",
                (epoch, epoch),
            ).fetchall()
        return [SignedDeal(bytes(body), bytes(sig)) for recipients, body, sig in rows if partner in json.loads(recipients)]

    def announce(self, who: Identity, key: dirmod.OprfKey) -> None:
        d = self.head
        if d.keyholder is None:
            raise PermissionDeniedError(i18n.t("membership.not_member", who=who.uri, table=d.table, version=d.version))
        dirmod.verify_oprf_key(d.table, d.keyholder.signing_public_key, key)
        if key.epoch != d.epochs.pending and key.epoch not in d.keyholder.oprf_keys:
            raise ConflictError(i18n.t("directory.service.not_requested", epoch=key.epoch, version=d.version))
        with self._lock, self._db() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO directory_announcements (epoch, public_key, signature) VALUES (?, ?, ?)",
                (key.epoch, key.public_key, key.signature),
            )
            self.matcher.audit.append(self.matcher.entry(who, "oprf_key.announced", [f"epochs/{key.epoch}"]))
        self.advance_epochs()

    def switched(self, who: Identity, epoch: int) -> None:
        with self._lock, self._db() as conn:
            cursor = conn.execute(
                "INSERT OR IGNORE INTO directory_switches (partner, epoch) VALUES (?, ?)", (who.name, epoch)
            )
            if cursor.rowcount:
                self.matcher.audit.append(self.matcher.entry(who, "epoch.switched", [f"epochs/{epoch}"]))
        self.advance_epochs()

    # -- epoch steps ---------------------------------------------------------------------------

    def advance_epochs(self) -> None:
        """Publish the next epoch step when its conditions hold (only with the directory key)."""
        if self._key is None:
            return
        with self._lock:
            self.refresh()
            d = self.head
            e = d.epochs
            changes: dict | None = None
            with self._db() as conn:
                if e.pending and len(e.active) <= 1:
                    row = conn.execute(
                        "SELECT public_key, signature FROM directory_announcements WHERE epoch = ?", (e.pending,)
                    ).fetchone()
                    covered = {
                        p
                        for (recipients,) in conn.execute(
                            "SELECT recipients FROM directory_deals WHERE epoch = ? AND dealer = ?",
                            (e.pending, d.dealer),
                        )
                        for p in json.loads(recipients)
                    }
                    if row and set(d.partners) <= covered:
                        changes = dirmod.started_epoch(d, dirmod.OprfKey(e.pending, row[0], row[1]))
                elif len(e.active) > 1:
                    query = "SELECT partner FROM directory_switches WHERE epoch = ?"
                    reported = {p for (p,) in conn.execute(query, (e.current,))}
                    if set(d.partners) <= reported:
                        changes = dirmod.finished_epoch(d, min(e.active))
            if changes is None:
                return
            new = dirmod.next_version(d, self.membership_signed(), _rfc3339_now(), **changes)
            try:
                self.store.publish(dirmod.sign(new, self._key))
            except ConfigError:  # the operator published that number first: follow theirs
                pass
            self.refresh()
            log.info("directory version %d published: epochs %s", new.version, new.epochs)

    def renew_own(self) -> bool:
        """With the issuing CA online, the matcher renews its own certificate too."""
        if self._issuer is None:
            return False
        return renew_own_certificate(self.cfg.tls, *self._issuer, self.cfg.table, _utcnow())

    def membership_signed(self) -> SignedVersion:
        signed = self.store.read_after(self.membership.version - 1, 1)
        return signed[0]

    # -- renewal -------------------------------------------------------------------------------

    def renew(self, who: Identity, csrs: list[bytes]) -> list[bytes]:
        """New certificates for the keys the directory pins for the caller (CSRs signed by them)."""
        if self._issuer is None:
            raise ConflictError(i18n.t("directory.service.offline"))
        key, issuer = self._issuer
        d = self.head
        allowed = [who] + ([Identity(who.table, "operator", who.name)] if who.role == "partner" else [])
        chains = []
        for index, pem in enumerate(csrs):
            problem = ""
            try:
                csr, content = pki.read_csr(pem)
                identity = transport.parse_spiffe(content.uri)
            except (ValueError, x509.InvalidVersion) as exc:
                problem, identity = str(exc), None
            if identity is not None and identity not in allowed:
                problem = f"{content.uri} is not the caller"
            elif identity is not None and pinned_key(d, identity) != content.spki:
                problem = "not a key the directory pins; a new key is a new admission (signalmatch table admit)"
            elif identity is not None:
                server = identity.role in ("partner", "keyholder", "matcher")
                if content.dns_names != ((server_name(identity),) if server else ()):
                    problem = f"unexpected DNS names {list(content.dns_names)}"
            if problem:
                message = i18n.t("directory.service.csr", index=index, reason=problem)
                raise ValidationError([Violation(f"csrs[{index}]", "csr.invalid", message)])
            cert = pki.issue(key, issuer, csr.public_key(), content.uri, content.dns_names, _utcnow())
            chains.append(pki.pem(cert) + pki.pem(issuer))
        self.matcher.record(self.matcher.entry(who, "certificate.renewed", count=len(chains)))
        return chains


def renew_own_certificate(tls: TlsFiles, issuing_key: pki.PrivateKey, issuing: x509.Certificate, table: str,
                          now: datetime.datetime, fraction: float = 1 / 3) -> bool:
    """The matcher's own certificate, renewed for its own key in the last `fraction` of its life
    (the TLS layer picks the new file up on the next handshake)."""
    cert = pki.load_certificates(tls.cert.read_bytes())[0]
    if cert.not_valid_after_utc - now > (cert.not_valid_after_utc - cert.not_valid_before_utc) * fraction:
        return False
    identity = Identity(table, "matcher", "")
    key = pki.load_private(tls.key.read_bytes())
    fresh = pki.issue(issuing_key, issuing, key.public_key(), identity.uri, [server_name(identity)], now)
    staging = tls.cert.with_name(f".{tls.cert.name}.new")
    staging.write_bytes(pki.pem(fresh) + pki.pem(issuing))
    staging.replace(tls.cert)
    log.info("the matcher's certificate renewed until %s", fresh.not_valid_after_utc.isoformat())
    return True


def _utcnow() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


def _rfc3339_now() -> str:
    return _utcnow().strftime("%Y-%m-%dT%H:%M:%SZ")


def _member_changes(old: Directory | None, new: Directory) -> tuple[list[str], list[str]]:
    before = set(old.member_names()) if old else set()
    after = set(new.member_names())
    return sorted(after - before), sorted(before - after)


class DirectoryServicer(directory_pb2_grpc.DirectoryServiceServicer):
    def __init__(self, state: DirectoryState):
        self._state = state
        self._table = state.cfg.table

    def ListDirectoryVersions(
        self, request: directory_pb2.ListDirectoryVersionsRequest, context: grpc.ServicerContext
    ) -> directory_pb2.ListDirectoryVersionsResponse:
        transport.authorize(context, self._table, ("partner", "operator", "chair", "officer", "keyholder", "matcher"))
        versions = self._state.versions_after(request.after_version)
        return directory_pb2.ListDirectoryVersionsResponse(
            versions=[
                directory_pb2.SignedDirectoryVersion(body=v.body, signature=v.signature, cosignature=v.cosignature)
                for v in versions
            ]
        )

    def PutTableSecretDeal(
        self, request: directory_pb2.PutTableSecretDealRequest, context: grpc.ServicerContext
    ) -> directory_pb2.PutTableSecretDealResponse:
        who = transport.authorize(context, self._table, "partner")
        self._state.put_deal(who, SignedDeal(request.deal.body, request.deal.signature))
        return directory_pb2.PutTableSecretDealResponse()

    def ListTableSecretDeals(
        self, request: directory_pb2.ListTableSecretDealsRequest, context: grpc.ServicerContext
    ) -> directory_pb2.ListTableSecretDealsResponse:
        who = transport.authorize(context, self._table, "partner")
        deals = self._state.deals_for(who.name, request.epoch)
        return directory_pb2.ListTableSecretDealsResponse(
            deals=[directory_pb2.TableSecretDeal(body=d.body, signature=d.signature) for d in deals]
        )

    def AnnounceOprfKey(
        self, request: directory_pb2.AnnounceOprfKeyRequest, context: grpc.ServicerContext
    ) -> directory_pb2.AnnounceOprfKeyResponse:
        who = transport.authorize(context, self._table, "keyholder")
        key = dirmod.OprfKey(
            request.epoch, base64.b64encode(request.public_key).decode(), base64.b64encode(request.signature).decode()
        )
        self._state.announce(who, key)
        return directory_pb2.AnnounceOprfKeyResponse()

    def ReportEpochSwitched(
        self, request: directory_pb2.ReportEpochSwitchedRequest, context: grpc.ServicerContext
    ) -> directory_pb2.ReportEpochSwitchedResponse:
        who = transport.authorize(context, self._table, "partner")
        self._state.switched(who, request.epoch)
        return directory_pb2.ReportEpochSwitchedResponse()

    def RenewCertificate(
        self, request: directory_pb2.RenewCertificateRequest, context: grpc.ServicerContext
    ) -> directory_pb2.RenewCertificateResponse:
        who = transport.authorize(context, self._table, ("partner", "chair", "officer", "keyholder"))
        chains = self._state.renew(who, list(request.csrs))
        return directory_pb2.RenewCertificateResponse(certificate_chains=chains)


def apply_to_matcher(matcher: Matcher, d: Directory) -> None:
    """The matcher's domain follows the directory: members, keys, policy, epochs."""
    from signalmatch.config import ChairInfo, PartnerInfo

    matcher.cfg = dataclasses.replace(
        matcher.cfg,
        partners={p.id: PartnerInfo(p.id, p.kind, p.signing_public_key, p.encryption_public_key) for p in d.partners.values()},
        chairs={c.name: ChairInfo(c.name, c.signing_public_key, c.encryption_public_key) for c in d.chairs.values()},
        policy=d.policy,
        destroyed_epochs=d.epochs.destroyed,
        active_epochs=d.epochs.active,
        directory=d,
    )
    matcher.configure()

