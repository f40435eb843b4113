"""Live membership: the directory a process follows, and the check every server runs on every call.

- :class:`VersionStore`: the operator's folder of signed versions (``NNNNNN.json``, written once).
- :class:`Membership`: the newest directory version this process has verified (from its cache at
  start, then from the matcher), its listeners, and :meth:`Membership.identify`, the servers'
  auth layer: the caller's certificate must be current and belong to a member of *this* version —
  its key pinned in the directory (or, for a member known by OIN, a chain to one of the
  directory's external trust anchors). Python gRPC has no CRL hook, so this check is what makes a
  removal take effect at once on every server, over connections that are already open.
- :class:`DirectoryFollower`: polls the matcher's DirectoryService and feeds new versions to the
  Membership; a version that does not verify is refused and logged, the old one stays in force.
"""

from __future__ import annotations

import datetime
import functools
import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import grpc
from cryptography import x509

from signalmatch import crypto, i18n, pki
from signalmatch.config import TlsFiles
from signalmatch.directory import Chain, Directory, DirectoryRefused, SignedVersion
from signalmatch.errors import AuthenticationError, ConfigError, PermissionDeniedError
from signalmatch.rounds import Rounds
from signalmatch.transport import SCHEME, Identity, auth_values, parse_spiffe
from signalmatch.v1 import directory_pb2, directory_pb2_grpc

log = logging.getLogger("signalmatch.membership")


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


# -- the operator's store of versions -----------------------------------------------------------------


class VersionStore:
    """A folder of signed versions, NNNNNN.json, each written once."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def file(self, number: int) -> Path:
        return self.folder / f"{number:06d}.json"

    def read_after(self, after: int = 0, limit: int | None = None) -> list[SignedVersion]:
        """The stored versions numbered above `after`, in order (up to the first gap)."""
        found: list[SignedVersion] = []
        number = after + 1
        while (limit is None or len(found) < limit) and (path := self.file(number)).exists():
            found.append(SignedVersion.load(path))
            number += 1
        return found

    def publish(self, signed: SignedVersion) -> None:
        """Write version N once: a second writer of the same number fails (a hard link is atomic
        and never replaces), so the operator's tools and the matcher never fork the chain."""
        number = signed.directory().version
        staging = self.folder / f".{number:06d}.{os.getpid()}.{threading.get_ident()}.new"
        staging.write_text(signed.to_json() + "\n", encoding="utf-8")
        try:
            os.link(staging, self.file(number))
        except FileExistsError:
            raise ConfigError(f"{self.file(number)}: directory version {number} exists already") from None
        finally:
            staging.unlink()


# -- the verified head and the auth layer --------------------------------------------------------------


@dataclass(frozen=True)
class PeerCertificate:
    certificate: x509.Certificate
    spki: str
    not_after: datetime.datetime
    identity: Identity | None  # from its spiffe URI SAN
    oin: str  # from its subject serialNumber


@functools.lru_cache(maxsize=1024)
def peer_certificate(pem: bytes) -> PeerCertificate:
    cert = x509.load_pem_x509_certificate(pem)
    identity = None
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        uris = [u for u in san.get_values_for_type(x509.UniformResourceIdentifier) if u.startswith(SCHEME)]
        if len(uris) == 1:
            identity = parse_spiffe(uris[0])
    except (x509.ExtensionNotFound, ValueError):
        identity = None
    return PeerCertificate(cert, pki.spki(cert), cert.not_valid_after_utc, identity, pki.oin_of(cert))


Listener = Callable[[Directory, Directory], None]


class Membership:
    """The newest verified directory of this process (thread-safe), with listeners called after
    each accepted version, in the order they subscribed."""

    def __init__(self, chain: Chain, cache: Path | None = None, clock: Callable[[], datetime.datetime] = _now):
        if chain.head is None:
            raise ConfigError("a membership needs a verified directory version")
        self._chain = chain
        self._cache = cache
        self._lock = threading.RLock()
        self._listeners: list[Listener] = []
        self.clock = clock
        self.refused: list[str] = []  # why versions were refused (newest last), for status and tests

    @classmethod
    def from_cache(cls, cache: Path, directory_key: str, table: str) -> Membership:
        chain = Chain(directory_key, table)
        chain.trust(SignedVersion.load(cache))
        return cls(chain, cache)

    @property
    def head(self) -> Directory:
        head = self._chain.head
        assert head is not None
        return head

    @property
    def version(self) -> int:
        return self._chain.version

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def advance(self, versions: list[SignedVersion]) -> int:
        """Accept `versions` in order (each must be the valid next one); the cache and listeners
        follow each. Returns how many were accepted; a refused one stops the rest, is recorded in
        `refused` and raised as DirectoryRefused."""
        accepted = 0
        with self._lock:
            for signed in versions:
                old = self.head
                try:
                    new = self._chain.accept(signed)
                except DirectoryRefused as exc:
                    self.refused.append(str(exc))
                    # DirectoryRefused names the version and the signature check: no request content.
                    log.warning("directory version refused: %s", exc)  # nosemgrep: no-exception-text-in-server-logs
                    raise
                if self._cache is not None:
                    _write_atomically(self._cache, signed.to_json() + "\n")
                accepted += 1
                log.info("directory version %d in force", new.version)
                for listener in self._listeners:
                    try:
                        listener(old, new)
                    except Exception:  # a listener's failure must not stop the others or the chain
                        log.exception("applying directory version %d failed in a listener", new.version)
        return accepted

    # -- the servers' auth layer --------------------------------------------------------------

    def trust_bundle(self) -> bytes:
        """The roots a server's TLS layer accepts: the table's root and the external anchors."""
        d = self.head
        return (d.ca_root + "".join(a.pem for a in d.anchors)).encode("ascii")

    def identify(self, context: grpc.ServicerContext) -> Identity:
        """The caller, if its certificate is current and a member's of the newest version."""
        pems = auth_values(context, "x509_pem_cert")
        if not pems:
            raise AuthenticationError(i18n.t("membership.no_certificate"))
        peer = peer_certificate(pems[0])
        return self.identify_certificate(peer, auth_values(context, "x509_pem_cert_chain"))

    def identify_certificate(self, peer: PeerCertificate, chain_pems: list[bytes]) -> Identity:
        d = self.head
        now = self.clock()
        who = peer.identity.uri if peer.identity else (peer.oin or peer.certificate.subject.rfc4514_string())
        if now >= peer.not_after:
            when = peer.not_after.strftime("%Y-%m-%d %H:%M UTC")
            raise AuthenticationError(i18n.t("membership.expired", who=who, when=when))
        if peer.identity is not None:
            identity = peer.identity
            pin = pinned_key(d, identity)
            if identity.table != d.table or pin is None:
                raise PermissionDeniedError(i18n.t("membership.not_member", who=who, table=d.table, version=d.version))
            if pin != peer.spki:
                raise PermissionDeniedError(i18n.t("membership.wrong_key", who=who, version=d.version))
            return identity
        partner = next((p for p in d.partners.values() if peer.oin and p.oin == peer.oin), None)
        if partner is None:
            raise PermissionDeniedError(
                i18n.t("membership.unknown_oin", oin=peer.oin, table=d.table, version=d.version)
            )
        anchors = [c for a in d.anchors for c in pki.load_certificates(a.pem.encode("ascii"))]
        intermediates = [
            c for pem in chain_pems for c in pki.load_certificates(pem) if c != peer.certificate and c not in anchors
        ]
        try:
            pki.verify_chain(peer.certificate, intermediates, anchors, now)
        except ValueError as exc:
            raise PermissionDeniedError(i18n.t("membership.anchor", oin=peer.oin, reason=exc)) from None
        # Known by OIN: the external PKI's chain and the OIN are the identity (its CA renews the
        # key on its own schedule, so there is no key to pin).
        return Identity(d.table, "partner", partner.id)


def pinned_key(d: Directory, identity: Identity) -> str | None:
    """The SPKI pin the directory holds for `identity`, None when it is no member."""
    name = identity.name
    if identity.role == "partner":
        return d.partners[name].tls if name in d.partners else None
    if identity.role == "operator":
        return d.partners[name].operator_tls if name in d.partners else None
    if identity.role == "chair":
        return d.chairs[name].tls if name in d.chairs else None
    if identity.role == "officer":
        return d.officers[name].tls if name in d.officers else None
    if identity.role == "keyholder":
        return d.keyholder.tls if d.keyholder else None
    if identity.role == "matcher":
        return d.matcher.tls
    return None


def _write_atomically(path: Path, text: str) -> None:
    staging = path.with_name(f".{path.name}.new")
    staging.write_text(text, encoding="utf-8")
    os.replace(staging, path)


# -- renewal ---------------------------------------------------------------------------------------


def renew_certificates(
    channel: grpc.Channel,
    files: list[tuple[TlsFiles, Identity, bool]],
    now: datetime.datetime | None = None,
    timeout: float = 30.0,
) -> list[x509.Certificate]:
    """Renew the certificates of `files` (TLS files, identity, server?) for the same keys, over the
    caller's current mTLS connection: CSRs signed by those keys, the new chains checked against
    the keys and the table's root, then written in place (each atomically). Returns the leaves."""
    from signalmatch.transport import server_name

    csrs = []
    for tls, identity, server in files:
        key = pki.load_private(tls.key.read_bytes())
        csrs.append(pki.pem(pki.make_csr(key, identity.uri, [server_name(identity)] if server else [])))
    stub = directory_pb2_grpc.DirectoryServiceStub(channel)
    response = stub.RenewCertificate(directory_pb2.RenewCertificateRequest(csrs=csrs), timeout=timeout)
    leaves, chains = [], list(response.certificate_chains)
    for (tls, _, _), chain in zip(files, chains, strict=True):
        certs = pki.load_certificates(chain)
        if pki.spki(certs[0]) != pki.spki(pki.load_private(tls.key.read_bytes())):
            raise AuthenticationError("a renewed certificate is not for this member's key")
        try:
            pki.verify_chain(certs[0], certs[1:], pki.load_certificates(tls.ca.read_bytes()), now or _now())
        except ValueError as exc:
            raise AuthenticationError(f"a renewed certificate does not chain to the table's root: {exc}") from None
        leaves.append(certs[0])
    for (tls, _, _), chain in zip(files, chains, strict=True):
        staging = tls.cert.with_name(f".{tls.cert.name}.new")
        staging.write_bytes(chain)
        os.replace(staging, tls.cert)
    return leaves


# -- following the matcher -------------------------------------------------------------------------


class DirectoryFollower(Rounds):
    """Polls the matcher's DirectoryService for versions after the one in force."""

    def __init__(self, membership: Membership, channel: grpc.Channel, interval: float = 2.0, timeout: float = 10.0):
        super().__init__(interval, "directory")
        self.membership = membership
        self._stub = directory_pb2_grpc.DirectoryServiceStub(channel)
        self._timeout = timeout
        self.polls = 0  # completed polls (tests wait on it, deterministically)
        self.last_error = ""

    def poll_once(self) -> int:
        """Fetch and apply what is newer; returns how many versions were accepted."""
        accepted = 0
        while True:
            response = self._stub.ListDirectoryVersions(
                directory_pb2.ListDirectoryVersionsRequest(after_version=self.membership.version), timeout=self._timeout
            )
            versions = [SignedVersion(v.body, v.signature, v.cosignature) for v in response.versions]
            if not versions:
                return accepted
            accepted += self.membership.advance(versions)

    def round(self) -> None:
        try:
            self.poll_once()
            self.last_error = ""
        except grpc.RpcError as exc:
            self.last_error = f"{exc.code().name}"
        except DirectoryRefused as exc:
            self.last_error = str(exc)
        self.polls += 1


class LiveMember(Rounds):
    """A server's part in the live table (node/live.py, keyholder/live.py): it follows the directory
    through `channel`, hears of every new version (:meth:`on_version`) and runs rounds of its own."""

    def __init__(self, membership: Membership, channel: grpc.Channel, signing_key: Path, interval: float, name: str):
        super().__init__(interval, name)
        self.membership = membership
        self.follower = DirectoryFollower(membership, channel, interval)
        self._stub = directory_pb2_grpc.DirectoryServiceStub(channel)
        self._signing = crypto.load_ed25519_private(signing_key)
        membership.subscribe(self.on_version)

    def on_version(self, old: Directory, new: Directory) -> None:
        raise NotImplementedError

    def start(self) -> None:
        self.follower.start()
        super().start()

    def stop(self, timeout: float = 10.0) -> None:
        self.follower.stop(timeout)
        super().stop(timeout)


def refresh_cache(config_path: Path, timeout: float = 5.0) -> int:
    """Bring a member's cached directory (`directory.json`) up to the matcher's before a console
    command runs, verifying every newer version; returns the version in force. When the matcher
    cannot be reached the cache stands (a console still works on what it verified last)."""
    import tomllib

    from signalmatch import transport

    config_path = Path(config_path).absolute()
    with config_path.open("rb") as handle:
        document = tomllib.load(handle)
    pinned = document.get("pins", {}).get("directory_key", "")
    cache_name = document.get("directory", "")
    if document.get("role") not in ("node", "chair", "officer", "keyholder") or not isinstance(cache_name, str):
        return 0  # the matcher follows the operator's store itself
    cache = config_path.parent / cache_name
    if not pinned or not cache.is_file() or "tls" not in document:
        return 0
    membership = Membership.from_cache(cache, pinned, document["table"])
    tls = TlsFiles(*(config_path.parent / document["tls"][k] for k in ("ca", "cert", "key")))
    try:
        with transport.matcher_channel(document["table"], membership.head.matcher.address, tls) as channel:
            DirectoryFollower(membership, channel, timeout=timeout).poll_once()
    except (grpc.RpcError, ConfigError, DirectoryRefused) as exc:
        log.warning("directory not refreshed (%s); the cached version %d stands", type(exc).__name__, membership.version)
    return membership.version
