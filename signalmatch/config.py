"""Process configuration: one TOML file per process, written by the enrolment commands
(deploy/enrol.py), completed by the table's signed directory (signalmatch.directory).

A config holds what is the member's own (addresses it listens on, paths to its keys, the directory
key pinned at enrolment); who the other members are, their keys, the table policy and the key
epochs come from the newest verified directory version (the member's ``directory.json``, the
matcher's store of versions).

Every config starts with ``role = "matcher" | "keyholder" | "node" | "chair" | "officer"``. Paths inside a config are
relative to the config file and come back as absolute :class:`~pathlib.Path` objects. Public keys
stay base64 text (raw 32 bytes, see :func:`signalmatch.crypto.public_key_b64`) but are checked on
load. Any missing or malformed key raises :class:`~signalmatch.errors.ConfigError` naming the file
and the key, e.g. ``nodes/nla/node.toml: tls.cert: missing``.
"""

from __future__ import annotations

import base64
import os
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from signalmatch import enums, i18n
from signalmatch.crypto import ed25519_public_from_b64
from signalmatch.errors import ConfigError
from signalmatch.v1 import common_pb2

ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{0,62}")
"""Table names, partner ids, chair names: lowercase, safe as a URI path segment and a dir name."""

PARTNER_KINDS: tuple[str, ...] = enums.choices(common_pb2.PartnerKind)
"""Lowercase names of proto enum signalmatch.v1.PartnerKind, e.g. "veilig_thuis"."""

CONFIG_ROLES = ("matcher", "keyholder", "node", "chair", "officer")


@dataclass(frozen=True)
class ServiceOptions:
    """How a server process runs as a service (optional top-level keys of its config).

    ``metrics_listen``: plaintext HTTP port for Prometheus' ``/metrics`` (default 127.0.0.1, any
    free port, logged at start; give a fixed one for a scrape config); ``health_listen``: optional
    plaintext HTTP port with ``/livez`` and ``/readyz`` for orchestrators that cannot do mTLS probes
    (off unless set); ``shutdown_grace_seconds``: how long SIGTERM lets calls in flight finish.
    Both HTTP ports serve only counts and statuses; keep them on 127.0.0.1 or a management network.
    """

    metrics_listen: str = "127.0.0.1:0"
    health_listen: str = ""
    shutdown_grace_seconds: float = 5.0


@dataclass(frozen=True)
class TlsFiles:
    """PEM files for mutual TLS: the table CA, this process's certificate and its private key."""

    ca: Path
    cert: Path
    key: Path


@dataclass(frozen=True)
class PartnerInfo:
    id: str
    kind: str  # one of PARTNER_KINDS
    signing_public_key: str  # base64 raw Ed25519
    encryption_public_key: str  # base64 raw X25519


@dataclass(frozen=True)
class ChairInfo:
    name: str
    signing_public_key: str  # base64 raw Ed25519
    encryption_public_key: str  # base64 raw X25519


@dataclass(frozen=True)
class TablePolicy:
    """The table's disclosure policy, the same in every config of the federation."""

    purposes: tuple[str, ...]  # ids a disclosure request may name as its purpose
    legal_bases: tuple[str, ...]  # ids a disclosure request may name as its legal basis
    disclose_to_partners: bool  # approved payloads also sealed to the other partners in the hit
    request_ttl_hours: int  # disclosure requests expire after this
    # The table's region. A signal's municipality must be one of these: it is the only place
    # the matcher sees, and a closed list keeps it from carrying anything else.
    municipalities: tuple[str, ...]
    # Fuzzy matching on keyed Bloom-filter encodings (node/fuzzy.py, matcher/fuzzy.py). Encodings
    # are keyed by the table secret only (they cannot pass the keyholder's OPRF): a table that wants
    # the keyholder guarantee for everything turns this off, and then nodes send no encodings and
    # the matcher refuses them.
    fuzzy_matching: bool = True
    # The linkage zones as match probabilities of the matcher's fitted model (matcher/linkage.py,
    # docs/linkage.md): a pair links at `link_probability` or more (and only with evidence beyond a
    # name and date of birth: an identifier, or an address that reaches `link_probability` also
    # against a look-alike in the same place), goes to the chair's review list at
    # `review_probability` or more. The defaults are matcher.linkage's (tests hold them equal;
    # repeated here so that loading a config does not import the matcher). Changing them
    # re-evaluates the stored pairs at the matcher's next start.
    link_probability: float = 0.99
    review_probability: float = 0.2
    # The matcher refits its linkage model on its own data this often (0: only on command).
    linkage_refit_hours: int = 24

    def linkage_thresholds(self) -> dict[str, float]:
        """The zone thresholds as matcher.linkage.Thresholds takes them."""
        return {"link": self.link_probability, "review": self.review_probability}


def policy_document(policy: TablePolicy) -> dict[str, Any]:
    """The policy as the TOML/JSON table it is written as (configs, the signed directory)."""
    return {
        "purposes": list(policy.purposes),
        "legal_bases": list(policy.legal_bases),
        "disclose_to_partners": policy.disclose_to_partners,
        "request_ttl_hours": policy.request_ttl_hours,
        "municipalities": list(policy.municipalities),
        "fuzzy_matching": policy.fuzzy_matching,
        "link_probability": policy.link_probability,
        "review_probability": policy.review_probability,
        "linkage_refit_hours": policy.linkage_refit_hours,
    }


def parse_policy(data: Any, source: str) -> TablePolicy:
    """A policy table (see policy_document) checked like a config's; ConfigError naming `source`."""
    return _Reader(Path(source), {"policy": data}).policy("policy")


# The municipalities of Midden-Nederland (province of Utrecht with Gooi en Vechtstreek).
MIDDEN_NEDERLAND = (
    "Amersfoort", "Baarn", "Blaricum", "Bunnik", "Bunschoten", "De Bilt", "De Ronde Venen", "Eemnes",
    "Gooise Meren", "Hilversum", "Houten", "Huizen", "IJsselstein", "Laren", "Leusden", "Lopik", "Montfoort",
    "Nieuwegein", "Oudewater", "Renswoude", "Rhenen", "Soest", "Stichtse Vecht", "Utrecht",
    "Utrechtse Heuvelrug", "Veenendaal", "Vijfheerenlanden", "Wijdemeren", "Wijk bij Duurstede", "Woerden",
    "Woudenberg", "Zeist",
)  # fmt: skip

DEFAULT_POLICY = TablePolicy(
    purposes=("signaalbeoordeling", "doorverwijzing", "gezamenlijke-aanpak"),
    legal_bases=("riec-convenant", "wpg-art-20", "avg-art-6-1-e"),
    disclose_to_partners=False,
    request_ttl_hours=72,
    municipalities=MIDDEN_NEDERLAND,
)


@dataclass(frozen=True)
class MatcherConfig:
    path: Path
    table: str
    listen: str
    data_dir: Path
    tls: TlsFiles
    signing_key: Path
    partners: dict[str, PartnerInfo]
    chairs: dict[str, ChairInfo]
    retention_days: int
    log_key: Path  # Ed25519 key that signs the audit log's checkpoints
    policy: TablePolicy
    # Key epochs destroyed (in the directory): their tokens are deleted on start and in the expiry
    # loop, and tokens of these epochs in a submission are dropped (match nothing).
    destroyed_epochs: tuple[int, ...] = ()
    # Key epochs a submission may carry tokens of; a submission naming any other epoch is refused.
    active_epochs: tuple[int, ...] = (1,)
    directory_versions: Path = Path()  # the operator's store of signed directory versions
    directory_key: str = ""  # pinned: the key every version must be signed with
    directory_signing_key: Path | None = None  # lets the matcher publish epoch steps itself
    issuing: TlsFiles | None = None  # the issuing CA, when the operator lets renewal run online
    directory: Any = None  # signalmatch.directory.Directory: the verified head
    service: ServiceOptions = ServiceOptions()


@dataclass(frozen=True)
class NodeConfig:
    path: Path
    table: str
    partner: str
    kind: str
    listen: str  # the node's local intake (server, mTLS with operator certificates)
    data_dir: Path
    tls: TlsFiles  # server cert of the intake and client cert towards the matcher
    operator_tls: TlsFiles  # client cert for the partner's own staff/CLI
    matcher_address: str
    matcher_signing_public_key: str
    signing_key: Path
    encryption_key: Path
    vault_key: Path
    epoch: int  # current key epoch (0 until the keyholder's first key is published)
    table_secrets: dict[int, Path]  # epoch -> pseudonymisation secret file (those dealt so far)
    matcher_log_public_key: str  # verifies the matcher's checkpoints
    partners: dict[str, PartnerInfo]  # public directory of the table
    chairs: dict[str, ChairInfo]
    disclosure_policy: Path  # TOML with [[auto_approve]] rules (may hold none)
    policy: TablePolicy
    keyholder_address: str  # the oblivious keyholder (KeyholderService, mTLS, pinned identity)
    # Published OPRF public key per epoch (base64 of the 32-byte ristretto255 element): the node
    # verifies every evaluation's proof against it, so the keyholder cannot switch keys unnoticed.
    keyholder_public_keys: dict[int, str]
    # Epochs the node submits tokens in, oldest first; the current `epoch` is the last. Two
    # during a key rotation, until the old one is destroyed.
    active_epochs: tuple[int, ...] = ()
    secrets_dir: Path = Path()  # table secrets dealt to this node, one file per epoch
    directory_path: Path = Path()  # the newest verified directory version (this node's cache)
    directory_key: str = ""  # pinned at enrolment
    directory: Any = None  # signalmatch.directory.Directory
    service: ServiceOptions = ServiceOptions()
    # Processes that blind and finalise the OPRF (node.tokenworkers); 0 = in the node's process.
    token_workers: int = 0


MAX_TOKEN_WORKERS = 32


def default_token_workers() -> int:
    """2 on a machine with two cores or more, else 0: two workers tokenise about as fast as one
    keyholder process evaluates (docs/operations.md); on one core a worker would add nothing."""
    return 2 if (os.cpu_count() or 1) >= 2 else 0


@dataclass(frozen=True)
class KeyholderConfig:
    """The oblivious keyholder (RFC 9497 VOPRF): evaluates blinded elements for partner nodes."""

    path: Path
    table: str
    listen: str
    data_dir: Path
    tls: TlsFiles
    at_rest_key: Path  # AES-256-GCM key that seals the OPRF secrets in the keyholder's database
    oprf_keys: dict[int, Path]  # epoch -> OPRF secret file, imported (sealed) on start
    partners: tuple[str, ...]  # partner nodes that may evaluate
    quota_per_hour: int  # evaluations per partner per clock hour (UTC)
    alert_factor: float  # alert when the last hour exceeds this x the median hourly volume
    alert_threshold: int  # ... or, on a partner's first day, this many evaluations in an hour
    destroyed_epochs: tuple[int, ...] = ()  # their OPRF keys are deleted from the database on start
    signing_key: Path = Path()  # signs the OPRF public keys it announces, and its audit log's checkpoints
    directory_path: Path = Path()
    directory_key: str = ""
    directory: Any = None
    service: ServiceOptions = ServiceOptions()


@dataclass(frozen=True)
class ChairConfig:
    path: Path
    table: str
    name: str
    matcher_address: str
    matcher_signing_public_key: str
    tls: TlsFiles
    signing_key: Path
    encryption_key: Path
    matcher_log_public_key: str
    partners: dict[str, PartnerInfo]  # to check who sealed a disclosure
    policy: TablePolicy
    directory_path: Path = Path()
    directory_key: str = ""
    directory: Any = None


@dataclass(frozen=True)
class OfficerConfig:
    """A privacy officer (FG): of one partner (partner set, node_address set) or of the table."""

    path: Path
    table: str
    name: str  # the partner id, or "tafel" for the table's officer
    partner: str  # "" for the table's officer
    matcher_address: str
    matcher_signing_public_key: str
    matcher_log_public_key: str
    node_address: str  # "" for the table's officer
    tls: TlsFiles
    data_dir: Path  # checkpoints seen before, for consistency checks
    node_signing_public_key: str = ""  # verifies the checkpoints of the node's own log
    signing_key: Path | None = None  # the table's officer: co-signs directory versions
    directory_path: Path = Path()
    directory_key: str = ""
    directory: Any = None


def table_secret_name(epoch: int) -> str:
    return f"table-secret-epoch-{epoch}.key"


def oprf_key_name(epoch: int) -> str:
    return f"oprf-epoch-{epoch}.key"


# -- loaders -------------------------------------------------------------------------------------


def _partner_infos(d: Any) -> dict[str, PartnerInfo]:
    return {
        p.id: PartnerInfo(p.id, p.kind, p.signing_public_key, p.encryption_public_key) for p in d.partners.values()
    }


def _chair_infos(d: Any) -> dict[str, ChairInfo]:
    return {c.name: ChairInfo(c.name, c.signing_public_key, c.encryption_public_key) for c in d.chairs.values()}


def load_matcher(path: Path | str) -> MatcherConfig:
    r = _Reader.open(path, "matcher")
    versions = r.path_of("directory.versions", must_exist=False)
    pinned = r.public_key("directory.key", ed25519=True)
    table = r.ident("table")
    d = r.chain(versions, pinned, table)
    issuing = None
    if "issuing" in r.data:
        issuing = TlsFiles(ca=r.path_of("tls.ca"), cert=r.path_of("issuing.cert"), key=r.path_of("issuing.key"))
    return MatcherConfig(
        path=r.path,
        table=table,
        listen=r.address("listen"),
        data_dir=r.path_of("data_dir", must_exist=False),
        tls=r.tls("tls"),
        signing_key=r.path_of("signing_key"),
        partners=_partner_infos(d),
        chairs=_chair_infos(d),
        retention_days=r.positive_int("retention_days"),
        log_key=r.path_of("log_key"),
        policy=d.policy,
        destroyed_epochs=d.epochs.destroyed,
        active_epochs=d.epochs.active,
        directory_versions=versions,
        directory_key=pinned,
        directory_signing_key=r.path_of("directory_signing_key") if "directory_signing_key" in r.data else None,
        issuing=issuing,
        directory=d,
        service=r.service(),
    )


def load_node(path: Path | str) -> NodeConfig:
    r = _Reader.open(path, "node")
    d, directory_path, pinned = r.directory("partner")
    partner = r.ident("partner")
    secrets_dir = r.path_of("secrets_dir", must_exist=False)
    secrets = {
        e: secrets_dir / table_secret_name(e)
        for e in (*d.epochs.active, d.epochs.pending)
        if e and (secrets_dir / table_secret_name(e)).is_file()
    }
    entry = d.partners.get(partner)
    return NodeConfig(
        path=r.path,
        table=r.ident("table"),
        partner=partner,
        kind=entry.kind if entry else r.kind("kind"),
        listen=r.address("listen"),
        data_dir=r.path_of("data_dir", must_exist=False),
        tls=r.tls("tls"),
        operator_tls=r.tls("operator_tls"),
        matcher_address=d.matcher.address,
        matcher_signing_public_key=d.matcher.signing_public_key,
        signing_key=r.path_of("signing_key"),
        encryption_key=r.path_of("encryption_key"),
        vault_key=r.path_of("vault_key"),
        epoch=d.epochs.current,
        table_secrets=secrets,
        matcher_log_public_key=d.matcher.log_public_key,
        partners=_partner_infos(d),
        chairs=_chair_infos(d),
        disclosure_policy=r.path_of("disclosure_policy"),
        policy=d.policy,
        keyholder_address=d.keyholder.address if d.keyholder else "",
        keyholder_public_keys=d.oprf_public_keys(),
        active_epochs=d.epochs.active,
        secrets_dir=secrets_dir,
        directory_path=directory_path,
        directory_key=pinned,
        directory=d,
        service=r.service(),
        token_workers=r.token_workers(),
    )


def load_keyholder(path: Path | str) -> KeyholderConfig:
    r = _Reader.open(path, "keyholder")
    d, directory_path, pinned = r.directory("keyholder")
    destroyed = d.epochs.destroyed
    keys = {}
    for key_file in sorted(r.path.parent.glob("oprf-epoch-*.key")):
        number = key_file.stem.removeprefix("oprf-epoch-")
        if number.isdigit() and int(number) not in destroyed:
            keys[int(number)] = key_file
    return KeyholderConfig(
        path=r.path,
        table=r.ident("table"),
        listen=r.address("listen"),
        data_dir=r.path_of("data_dir", must_exist=False),
        tls=r.tls("tls"),
        at_rest_key=r.path_of("at_rest_key"),
        oprf_keys=keys,
        partners=tuple(sorted(d.partners)),
        quota_per_hour=r.positive_int("quota_per_hour"),
        alert_factor=r.positive_number("alert_factor"),
        alert_threshold=r.positive_int("alert_threshold"),
        destroyed_epochs=destroyed,
        signing_key=r.path_of("signing_key"),
        directory_path=directory_path,
        directory_key=pinned,
        directory=d,
        service=r.service(),
    )


def load_chair(path: Path | str) -> ChairConfig:
    r = _Reader.open(path, "chair")
    d, directory_path, pinned = r.directory("chair")
    return ChairConfig(
        path=r.path,
        table=r.ident("table"),
        name=r.ident("name"),
        matcher_address=d.matcher.address,
        matcher_signing_public_key=d.matcher.signing_public_key,
        tls=r.tls("tls"),
        signing_key=r.path_of("signing_key"),
        encryption_key=r.path_of("encryption_key"),
        matcher_log_public_key=d.matcher.log_public_key,
        partners=_partner_infos(d),
        policy=d.policy,
        directory_path=directory_path,
        directory_key=pinned,
        directory=d,
    )


def load_officer(path: Path | str) -> OfficerConfig:
    r = _Reader.open(path, "officer")
    d, directory_path, pinned = r.directory("officer")
    partner = r.text("partner")
    if partner and not ID_PATTERN.fullmatch(partner):
        r.fail("partner", i18n.t("config.reason.id"))
    entry = d.partners.get(partner) if partner else None
    return OfficerConfig(
        path=r.path,
        table=r.ident("table"),
        name=r.ident("name"),
        partner=partner,
        matcher_address=d.matcher.address,
        matcher_signing_public_key=d.matcher.signing_public_key,
        matcher_log_public_key=d.matcher.log_public_key,
        node_address=entry.address if entry else "",
        tls=r.tls("tls"),
        data_dir=r.path_of("data_dir", must_exist=False),
        node_signing_public_key=entry.signing_public_key if entry else "",
        signing_key=r.path_of("signing_key") if "signing_key" in r.data else None,
        directory_path=directory_path,
        directory_key=pinned,
        directory=d,
    )


def service_options(path: Path | str) -> ServiceOptions:
    """Only the service keys of any server's config (`signalmatch health`, `backup`): no key file
    of the config needs to be readable here."""
    return _Reader.open(path, None).service()


AnyConfig = MatcherConfig | KeyholderConfig | NodeConfig | ChairConfig | OfficerConfig


def load_any(path: Path | str) -> AnyConfig:
    """Loads a config of any role, dispatching on its top-level ``role`` key."""
    role = _Reader.open(path, None).text("role")
    loaders: dict[str, Callable[[Path | str], AnyConfig]] = {
        "matcher": load_matcher,
        "keyholder": load_keyholder,
        "node": load_node,
        "chair": load_chair,
        "officer": load_officer,
    }
    if role not in loaders:
        raise ConfigError(
            i18n.t(
                "config.invalid",
                path=path,
                field="role",
                reason=i18n.t("config.reason.kind", choices=", ".join(CONFIG_ROLES)),
            )
        )
    return loaders[role](path)


def split_address(address: str) -> tuple[str, int]:
    """ "127.0.0.1:50051" -> ("127.0.0.1", 50051), "[::1]:5" -> ("::1", 5); else ValueError."""
    host, sep, port = address.rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 <= int(port) <= 65535:
        raise ValueError(address)
    if host.startswith("["):
        if not host.endswith("]") or len(host) < 3:
            raise ValueError(address)
        host = host[1:-1]
    elif ":" in host:
        raise ValueError(address)  # IPv6 literals need brackets
    return host, int(port)


class _Reader:
    """Typed access to one parsed TOML document; every failure names the file and the key."""

    def __init__(self, path: Path, data: dict[str, Any]):
        self.path = path
        self.data = data

    @classmethod
    def open(cls, path: Path | str, role: str | None) -> _Reader:
        path = Path(path).absolute()
        try:
            with path.open("rb") as handle:
                data = tomllib.load(handle)
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(i18n.t("config.unreadable", path=path, reason=exc)) from None
        reader = cls(path, data)
        if role is not None and reader.text("role") != role:
            reader.fail("role", i18n.t("config.reason.role", expected=role, found=data["role"]))
        return reader

    def fail(self, key: str, reason: str) -> None:
        raise ConfigError(i18n.t("config.invalid", path=self.path, field=key, reason=reason))

    def get(self, key: str, expected: type | tuple[type, ...], type_name: str) -> Any:
        node: Any = self.data
        for part in key.split("."):
            if not isinstance(node, dict) or part not in node:
                raise ConfigError(i18n.t("config.missing", path=self.path, field=key))
            node = node[part]
        if not isinstance(node, expected) or (expected is int and isinstance(node, bool)):
            self.fail(key, i18n.t("config.reason.type", expected=type_name))
        return node

    def text(self, key: str) -> str:
        return self.get(key, str, "string")

    def table_of(self, key: str) -> dict[str, Any]:
        return self.get(key, dict, "table")

    def ident(self, key: str) -> str:
        value = self.text(key)
        if not ID_PATTERN.fullmatch(value):
            self.fail(key, i18n.t("config.reason.id"))
        return value

    def kind(self, key: str) -> str:
        value = self.text(key)
        if value not in PARTNER_KINDS:
            self.fail(key, i18n.t("config.reason.kind", choices=", ".join(PARTNER_KINDS)))
        return value

    def address(self, key: str) -> str:
        value = self.text(key)
        try:
            split_address(value)
        except ValueError:
            self.fail(key, i18n.t("config.reason.address"))
        return value

    def positive_number(self, key: str) -> float:
        value = self.get(key, (int, float), "number")
        if isinstance(value, bool) or value <= 0:
            self.fail(key, i18n.t("config.reason.positive"))
        return float(value)

    def positive_int(self, key: str) -> int:
        value = self.get(key, int, "integer")
        if value < 1:
            self.fail(key, i18n.t("config.reason.positive"))
        return value

    def public_key(self, key: str, ed25519: bool = False) -> str:
        value = self.text(key)
        try:
            raw = base64.b64decode(value, validate=True)
            if len(raw) != 32:
                raise ValueError(len(raw))
            if ed25519:
                ed25519_public_from_b64(value)
        except (ValueError, ConfigError):
            self.fail(key, i18n.t("config.reason.public_key"))
        return value

    def ids(self, key: str) -> tuple[str, ...]:
        values = self.get(key, list, "list")
        if not values or not all(isinstance(v, str) and ID_PATTERN.fullmatch(v) for v in values):
            self.fail(key, i18n.t("config.reason.id"))
        return tuple(values)

    def policy(self, key: str) -> TablePolicy:
        flag = self.get(f"{key}.disclose_to_partners", bool, "boolean")
        policy = TablePolicy(
            purposes=self.ids(f"{key}.purposes"),
            legal_bases=self.ids(f"{key}.legal_bases"),
            disclose_to_partners=flag,
            request_ttl_hours=self.positive_int(f"{key}.request_ttl_hours"),
            municipalities=self.names(f"{key}.municipalities"),
            fuzzy_matching=self.optional(f"{key}.fuzzy_matching", bool, "boolean", DEFAULT_POLICY.fuzzy_matching),
            link_probability=self.probability(f"{key}.link_probability", DEFAULT_POLICY.link_probability),
            review_probability=self.probability(f"{key}.review_probability", DEFAULT_POLICY.review_probability),
            linkage_refit_hours=self.optional(
                f"{key}.linkage_refit_hours", int, "integer", DEFAULT_POLICY.linkage_refit_hours
            ),
        )
        if policy.review_probability > policy.link_probability:
            self.fail(f"{key}.review_probability", i18n.t("config.reason.review_above_link"))
        return policy

    def optional(self, key: str, expected: type | tuple[type, ...], type_name: str, default: Any) -> Any:
        """Like get(), with `default` when the key is absent (configs written before it existed)."""
        parent, _, name = key.rpartition(".")
        node = self.data
        for part in parent.split(".") if parent else ():
            node = node.get(part, {}) if isinstance(node, dict) else {}
        if not isinstance(node, dict) or name not in node:
            return default
        return self.get(key, expected, type_name)

    def service(self) -> ServiceOptions:
        """The optional top-level keys of :class:`ServiceOptions`."""
        defaults = ServiceOptions()
        addresses = {}
        for key in ("metrics_listen", "health_listen"):
            value = self.optional(key, str, "string", getattr(defaults, key))
            if value:
                try:
                    split_address(value)
                except ValueError:
                    self.fail(key, i18n.t("config.reason.address"))
            addresses[key] = value
        grace = self.optional("shutdown_grace_seconds", (int, float), "number", defaults.shutdown_grace_seconds)
        if isinstance(grace, bool) or grace <= 0:
            self.fail("shutdown_grace_seconds", i18n.t("config.reason.positive"))
        return ServiceOptions(shutdown_grace_seconds=float(grace), **addresses)

    def token_workers(self) -> int:
        """The node's optional `token_workers`: 0 to MAX_TOKEN_WORKERS, default_token_workers()."""
        value: int = self.optional("token_workers", int, "integer", default_token_workers())
        if not 0 <= value <= MAX_TOKEN_WORKERS:
            self.fail("token_workers", i18n.t("config.reason.range", low=0, high=MAX_TOKEN_WORKERS))
        return value

    def probability(self, key: str, default: float) -> float:
        value = self.optional(key, (int, float), "number", default)
        if isinstance(value, bool) or not 0 < value < 1:
            self.fail(key, i18n.t("config.reason.probability"))
        return float(value)

    def names(self, key: str) -> tuple[str, ...]:
        values = self.get(key, list, "list")
        if not values or not all(isinstance(v, str) and v.strip() for v in values):
            self.fail(key, i18n.t("config.reason.type", expected="list of names"))
        return tuple(values)

    def path_of(self, key: str, must_exist: bool = True) -> Path:
        """A path relative to the config file; ``${NAME}`` parts are taken from the environment, so a
        systemd unit's config can name ``${CREDENTIALS_DIRECTORY}/vault.key`` or
        ``${STATE_DIRECTORY}/data`` (deploy/systemd/)."""
        resolved = (self.path.parent / os.path.expandvars(self.text(key))).resolve()
        if must_exist and not resolved.is_file():
            self.fail(key, i18n.t("config.reason.file_missing", file=resolved))
        return resolved

    def directory(self, role: str) -> tuple[Any, Path, str]:
        """The member's cached directory version (verified when it was stored; its signature is
        checked again against the key pinned at enrolment): (directory, file, pinned key)."""
        from signalmatch import directory as dirmod

        pinned = self.optional("pins.directory_key", str, "string", "")
        file = self.path_of("directory", must_exist=False)
        if not pinned or not file.is_file():
            raise ConfigError(i18n.t("config.not_enrolled", path=self.path, role=role))
        self.public_key("pins.directory_key", ed25519=True)
        try:
            d = dirmod.Chain(pinned, self.ident("table")).trust(dirmod.SignedVersion.load(file))
        except dirmod.DirectoryRefused as exc:
            raise ConfigError(i18n.t("config.invalid", path=self.path, field="directory", reason=exc)) from None
        return d, file, pinned

    def chain(self, versions: Path, pinned: str, table: str) -> Any:
        """The head of the operator's store of versions, every one verified from version 1."""
        from signalmatch import directory as dirmod

        chain = dirmod.Chain(pinned, table)
        number = 1
        try:
            while (file := versions / f"{number:06d}.json").is_file():
                chain.accept(dirmod.SignedVersion.load(file))
                number += 1
        except dirmod.DirectoryRefused as exc:
            raise ConfigError(i18n.t("config.invalid", path=self.path, field=f"directory v{number}", reason=exc)) from None
        if chain.head is None:
            raise ConfigError(i18n.t("config.invalid", path=self.path, field="directory.versions", reason="empty"))
        return chain.head

    def tls(self, key: str) -> TlsFiles:
        return TlsFiles(
            ca=self.path_of(f"{key}.ca"),
            cert=self.path_of(f"{key}.cert"),
            key=self.path_of(f"{key}.key"),
        )
