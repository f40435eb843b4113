"""`signalmatch federation init`: a table's CA, certificates, keys and one config per process.

Layout of DIR (every directory 0700, every private key 0600)::

    federation.toml                 public directory: table, partners, chairs, matcher (no secrets)
    ca/ca.crt ca/ca.key             the table CA (ECDSA P-256); keep ca.key offline
    matcher/matcher.toml            + ca.crt tls.crt tls.key signing.key log.key
    keyholder/keyholder.toml        + ca.crt tls.crt tls.key at-rest.key oprf-epoch-1.key
    nodes/<id>/node.toml            + ca.crt tls.crt tls.key operator.crt operator.key signing.key
                                      encryption.key vault.key table-secret-epoch-1.key
                                      disclosure-policy.toml
    chairs/<name>/chair.toml        + ca.crt tls.crt tls.key signing.key encryption.key
    officers/<id>/officer.toml      + ca.crt tls.crt tls.key  (a partner's privacy officer)
    officers/tafel/officer.toml     + ca.crt tls.crt tls.key  (the table's privacy officer)

Each process directory is self-contained (it carries a copy of ca.crt) so it can be moved to the
machine that runs the process. The table's pseudonymisation secret exists only under nodes/; the
keyholder's OPRF secret only under keyholder/ (nodes and federation.toml carry its public key).
The keyholder is meant to be run by a party other than the matcher's operator.
Certificates carry their identity as a SPIFFE-style URI SAN (see signalmatch.transport).
"""

from __future__ import annotations

import base64
import datetime
import errno
import ipaddress
import os
import shutil
import socket
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path

import tomli_w
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from signalmatch import crypto, i18n, oprf
from signalmatch.config import DEFAULT_POLICY, ID_PATTERN, PARTNER_KINDS
from signalmatch.errors import FederationExistsError, ValidationError, Violation
from signalmatch.transport import parse_spiffe, server_name, spiffe_uri

CA_VALIDITY = datetime.timedelta(days=5 * 365)
CERT_VALIDITY = datetime.timedelta(days=365)
CLOCK_SKEW = datetime.timedelta(minutes=5)
FIRST_EPOCH = 1
MIN_PARTNERS = 2
# Keyholder defaults: evaluations per partner per hour, and when a partner's volume is alarming.
DEFAULT_QUOTA_PER_HOUR = 200_000
DEFAULT_ALERT_FACTOR = 5
DEFAULT_ALERT_THRESHOLD = 50_000

i18n.register(
    {
        "federation.id_format": {
            "nl": "{value!r} is ongeldig: alleen kleine letters, cijfers en '-' (1-63 tekens, niet beginnend met '-')",
            "en": "{value!r} is invalid: lowercase letters, digits and '-' only "
            "(1-63 characters, not starting with '-')",
        },
        "federation.kind_unknown": {
            "nl": "onbekende partnersoort {value!r}; kies uit {choices}",
            "en": "unknown partner kind {value!r}; choose one of {choices}",
        },
        "federation.duplicate": {
            "nl": "{value!r} komt meer dan eens voor",
            "en": "{value!r} occurs more than once",
        },
        "federation.too_few": {
            "nl": "minstens {minimum} nodig, {count} opgegeven",
            "en": "at least {minimum} needed, {count} given",
        },
        "federation.port_range": {
            "nl": "poorten {first}-{last} vallen buiten 1-65535",
            "en": "ports {first}-{last} fall outside 1-65535",
        },
        "federation.exists": {
            "nl": "{path} bestaat al en is niet leeg; kies een nieuwe map "
            "(een bestaande federatie wordt nooit overschreven)",
            "en": "{path} already exists and is not empty; choose a new directory "
            "(an existing federation is never overwritten)",
        },
    }
)


@dataclass(frozen=True)
class PartnerSpec:
    id: str
    kind: str


def infer_kind(partner_id: str) -> str:
    """The partner kind suggested by an id, e.g. "gemeente-hilversum" -> "gemeente"."""
    if partner_id == "vtgv" or partner_id.startswith("veilig-thuis"):
        return "veilig_thuis"
    prefixes = {
        "gemeente-": "gemeente",
        "politie": "politie",
        "zorgcoordinator": "zorgcoordinator",
        "riec": "riec",
    }
    for prefix, kind in prefixes.items():
        if partner_id.startswith(prefix):
            return kind
    return {"nla": "nla", "om": "om", "kmar": "kmar"}.get(partner_id, "other")


TABLE_OFFICER = "tafel"  # the table's privacy officer: officers/tafel/, reserved as a partner id

i18n.register(
    {
        "federation.reserved": {
            "nl": "{value!r} is gereserveerd (de functionaris gegevensbescherming van de tafel)",
            "en": "{value!r} is reserved (the table's data protection officer)",
        }
    }
)


def validate_inputs(
    table: str, partners: list[str], chairs: list[str], base_port: int | None = None
) -> list[PartnerSpec]:
    """The partner specs ("id" or "id=kind") if all inputs are valid; else a ValidationError
    that lists every broken rule with its field."""
    violations: list[Violation] = []

    def bad(field: str, rule: str, **values: object) -> None:
        violations.append(Violation(field, rule, i18n.t(rule, **values)))

    if not ID_PATTERN.fullmatch(table):
        bad("table", "federation.id_format", value=table)
    specs: list[PartnerSpec] = []
    for index, entry in enumerate(partners):
        partner_id, has_kind, kind = entry.strip().partition("=")
        partner_id, kind = partner_id.strip(), kind.strip()
        if not ID_PATTERN.fullmatch(partner_id):
            bad(f"partners[{index}]", "federation.id_format", value=partner_id)
        elif partner_id in (s.id for s in specs):
            bad(f"partners[{index}]", "federation.duplicate", value=partner_id)
        elif partner_id == TABLE_OFFICER:
            bad(f"partners[{index}]", "federation.reserved", value=partner_id)
        elif has_kind and kind not in PARTNER_KINDS:
            bad(
                f"partners[{index}]",
                "federation.kind_unknown",
                value=kind,
                choices=", ".join(PARTNER_KINDS),
            )
        else:
            specs.append(PartnerSpec(partner_id, kind if has_kind else infer_kind(partner_id)))
    if len(partners) < MIN_PARTNERS:
        bad("partners", "federation.too_few", minimum=MIN_PARTNERS, count=len(partners))
    for index, name in enumerate(chairs):
        if not ID_PATTERN.fullmatch(name):
            bad(f"chairs[{index}]", "federation.id_format", value=name)
        elif name in chairs[:index]:
            bad(f"chairs[{index}]", "federation.duplicate", value=name)
    if not chairs:
        bad("chairs", "federation.too_few", minimum=1, count=0)
    last_port = None if base_port is None else base_port + len(partners) + 1  # + the keyholder
    if last_port is not None and not (1 <= base_port and last_port <= 65535):
        bad("base_port", "federation.port_range", first=base_port, last=last_port)
    if violations:
        raise ValidationError(violations)
    return specs


def init_federation(
    directory: Path,
    table: str,
    partners: list[str],
    chairs: list[str] = ["voorzitter"],  # noqa: B006 - never mutated
    base_port: int | None = None,
    fuzzy_matching: bool = DEFAULT_POLICY.fuzzy_matching,
) -> Path:
    """Creates a complete federation in `directory` (which must not exist or be empty).

    `fuzzy_matching` is the table policy's switch for similarity matching (TablePolicy.fuzzy_matching).

    `partners` are ids, optionally "id=kind". With `base_port` N the matcher listens on N, the
    nodes on N+1.. in partner order and the keyholder on the port after the last node; without
    it free loopback ports are picked. Returns the
    absolute directory. Raises ValidationError for bad input and FederationExistsError if
    `directory` holds anything; on any failure nothing is left behind.
    """
    specs = validate_inputs(table, partners, chairs, base_port)
    count = 2 + len(specs)  # matcher, nodes, keyholder
    target = Path(directory).absolute()
    if _non_empty(target):
        raise FederationExistsError(i18n.t("federation.exists", path=target))
    ports = _free_ports(count) if base_port is None else list(range(base_port, base_port + count))

    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.init-", dir=target.parent))
    try:
        _Builder(staging, table, specs, list(chairs), ports, fuzzy_matching).build()
        try:
            os.rename(staging, target)  # atomic; replaces `target` only if it is an empty dir
        except OSError as exc:
            if exc.errno not in (errno.ENOTEMPTY, errno.EEXIST, errno.ENOTDIR, errno.EISDIR):
                raise
            raise FederationExistsError(i18n.t("federation.exists", path=target)) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target


def _non_empty(path: Path) -> bool:
    if not path.exists() and not path.is_symlink():
        return False
    return not path.is_dir() or path.is_symlink() or any(path.iterdir())


def _free_ports(count: int) -> list[int]:
    """Distinct ports that are free on 127.0.0.1 right now (all held open until all are known)."""
    sockets = []
    try:
        for _ in range(count):
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sockets.append(sock)
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


DISCLOSURE_POLICY_TEMPLATE = """\
# Automatic decisions on disclosure requests addressed to this partner.
# Without rules, a privacy officer decides every request (signalmatch node requests/approve/refuse).
# A rule approves a request when ALL its categories are listed here and its legal basis is too:
#
# [[auto_approve]]
# id = "omstandigheden-convenant"
# categories = ["circumstances"]
# legal_bases = ["riec-convenant"]
auto_approve = []
"""


class _Builder:
    """Writes one federation into an empty staging directory."""

    def __init__(
        self,
        root: Path,
        table: str,
        partners: list[PartnerSpec],
        chairs: list[str],
        ports: list[int],
        fuzzy_matching: bool = DEFAULT_POLICY.fuzzy_matching,
    ):
        self.root = root
        self.fuzzy_matching = fuzzy_matching
        self.table = table
        self.partners = partners
        self.chairs = chairs
        self.matcher_address = f"127.0.0.1:{ports[0]}"
        self.node_addresses = {p.id: f"127.0.0.1:{port}" for p, port in zip(partners, ports[1:-1], strict=True)}
        self.keyholder_address = f"127.0.0.1:{ports[-1]}"
        self.now = datetime.datetime.now(datetime.UTC)
        self.table_secret = crypto.new_secret()  # one for the whole table, copied to every node

    def build(self) -> None:
        os.chmod(self.root, 0o700)
        self._make_ca()
        matcher_dir = self._dir("matcher")
        matcher_signing = self._signing_key(matcher_dir)
        log_key = Ed25519PrivateKey.generate()
        crypto.write_private(matcher_dir / "log.key", crypto.private_key_pem(log_key))
        matcher_entry = {
            "address": self.matcher_address,
            "signing_public_key": crypto.public_key_b64(matcher_signing),
            "log_public_key": crypto.public_key_b64(log_key),
        }
        policy = {
            "purposes": list(DEFAULT_POLICY.purposes),
            "legal_bases": list(DEFAULT_POLICY.legal_bases),
            "disclose_to_partners": DEFAULT_POLICY.disclose_to_partners,
            "request_ttl_hours": DEFAULT_POLICY.request_ttl_hours,
            "municipalities": list(DEFAULT_POLICY.municipalities),
            "fuzzy_matching": self.fuzzy_matching,
            "fuzzy_threshold_person": DEFAULT_POLICY.fuzzy_threshold_person,
            "fuzzy_threshold_address": DEFAULT_POLICY.fuzzy_threshold_address,
        }

        # Keys and certificates first; the configs then carry the table's public directory.
        partners = {spec.id: {"kind": spec.kind, **self._node_keys(spec)} for spec in self.partners}
        chairs = {name: self._chair_keys(name) for name in self.chairs}
        directory = {"partners": partners, "chairs": chairs}
        keyholder_entry = self._keyholder()
        for spec in self.partners:
            self._write_node_config(spec, matcher_entry, keyholder_entry, policy, directory)
        for name in self.chairs:
            self._write_toml(
                self.root / "chairs" / name / "chair.toml",
                {
                    "role": "chair",
                    "table": self.table,
                    "name": name,
                    "signing_key": "signing.key",
                    "encryption_key": "encryption.key",
                    "tls": _tls_entry("tls"),
                    "matcher": matcher_entry,
                    "policy": policy,
                    "partners": partners,
                },
            )
        for spec in self.partners:
            self._officer(
                spec.id, spec.id, matcher_entry, self.node_addresses[spec.id], partners[spec.id]["signing_public_key"]
            )
        self._officer(TABLE_OFFICER, "", matcher_entry, "")

        self._process_files(matcher_dir, "matcher", server=True)
        self._write_toml(
            matcher_dir / "matcher.toml",
            {
                "role": "matcher",
                "table": self.table,
                "listen": self.matcher_address,
                "data_dir": "data",
                "retention_days": 365,
                "epochs_active": [FIRST_EPOCH],
                "signing_key": "signing.key",
                "log_key": "log.key",
                "tls": _tls_entry("tls"),
                "policy": policy,
                **directory,
            },
        )
        self._write_toml(
            self.root / "federation.toml",
            {"table": self.table, "matcher": matcher_entry, "keyholder": keyholder_entry, "policy": policy, **directory},
        )

    def _keyholder(self) -> dict:
        """keyholder/: its certificate, at-rest key and the epoch-1 OPRF key; returns the public
        entry (address and published key per epoch) that every node pins."""
        keyholder_dir = self._dir("keyholder")
        self._process_files(keyholder_dir, "keyholder", server=True)
        crypto.write_private(keyholder_dir / "at-rest.key", crypto.secret_to_text(crypto.new_secret()))
        key = oprf.generate_key_pair()
        crypto.write_private(keyholder_dir / oprf_key_name(FIRST_EPOCH), crypto.secret_to_text(key.secret))
        self._write_toml(
            keyholder_dir / "keyholder.toml",
            {
                "role": "keyholder",
                "table": self.table,
                "listen": self.keyholder_address,
                "data_dir": "data",
                "at_rest_key": "at-rest.key",
                "partners": [spec.id for spec in self.partners],
                "quota_per_hour": DEFAULT_QUOTA_PER_HOUR,
                "alert_factor": DEFAULT_ALERT_FACTOR,
                "alert_threshold": DEFAULT_ALERT_THRESHOLD,
                "tls": _tls_entry("tls"),
                "oprf_keys": {str(FIRST_EPOCH): oprf_key_name(FIRST_EPOCH)},
            },
        )
        return {
            "address": self.keyholder_address,
            "public_keys": {str(FIRST_EPOCH): base64.b64encode(key.public).decode("ascii")},
        }

    def _node_keys(self, spec: PartnerSpec) -> dict:
        node_dir = self._dir("nodes", spec.id)
        public = self._member_keys(node_dir)
        self._process_files(node_dir, "partner", spec.id, server=True)
        self._issue(node_dir / "operator", spiffe_uri(self.table, "operator", spec.id), server=False)
        crypto.write_private(node_dir / "vault.key", crypto.secret_to_text(crypto.new_secret()))
        crypto.write_private(node_dir / _table_secret_name(FIRST_EPOCH), crypto.secret_to_text(self.table_secret))
        (node_dir / "disclosure-policy.toml").write_text(DISCLOSURE_POLICY_TEMPLATE, encoding="utf-8")
        return public

    def _write_node_config(
        self, spec: PartnerSpec, matcher_entry: dict, keyholder_entry: dict, policy: dict, directory: dict
    ) -> None:
        self._write_toml(
            self.root / "nodes" / spec.id / "node.toml",
            {
                "role": "node",
                "table": self.table,
                "partner": spec.id,
                "kind": spec.kind,
                "listen": self.node_addresses[spec.id],
                "data_dir": "data",
                "epoch": FIRST_EPOCH,
                "signing_key": "signing.key",
                "encryption_key": "encryption.key",
                "vault_key": "vault.key",
                "disclosure_policy": "disclosure-policy.toml",
                "table_secrets": {str(FIRST_EPOCH): _table_secret_name(FIRST_EPOCH)},
                "tls": _tls_entry("tls"),
                "operator_tls": _tls_entry("operator"),
                "matcher": matcher_entry,
                "keyholder": keyholder_entry,
                "policy": policy,
                **directory,
            },
        )

    def _chair_keys(self, name: str) -> dict:
        chair_dir = self._dir("chairs", name)
        public = self._member_keys(chair_dir)
        self._process_files(chair_dir, "chair", name, server=False)
        return public

    def _officer(
        self, name: str, partner: str, matcher_entry: dict, node_address: str, node_key: str = ""
    ) -> None:
        officer_dir = self._dir("officers", name)
        self._process_files(officer_dir, "officer", name, server=False)
        document = {
            "role": "officer",
            "table": self.table,
            "name": name,
            "partner": partner,
            "data_dir": "data",
            "tls": _tls_entry("tls"),
            "matcher": matcher_entry,
        }
        if node_address:
            document["node_address"] = node_address
            document["node_signing_public_key"] = node_key  # verifies the node's own log
        self._write_toml(officer_dir / "officer.toml", document)

    # -- keys and certificates -------------------------------------------------------------------

    def _make_ca(self) -> None:
        ca_dir = self._dir("ca")
        self.ca_key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name(
            [
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, "signalmatch"),
                x509.NameAttribute(NameOID.COMMON_NAME, f"signalmatch {self.table} CA"),
            ]
        )
        public = self.ca_key.public_key()
        self.ca_cert = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(public)
            .serial_number(x509.random_serial_number())
            .not_valid_before(self.now - CLOCK_SKEW)
            .not_valid_after(self.now + CA_VALIDITY)
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(
                x509.KeyUsage(
                    digital_signature=False,
                    content_commitment=False,
                    key_encipherment=False,
                    data_encipherment=False,
                    key_agreement=False,
                    key_cert_sign=True,
                    crl_sign=True,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            )
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
            .sign(self.ca_key, hashes.SHA256())
        )
        self.ca_pem = self.ca_cert.public_bytes(serialization.Encoding.PEM)
        (ca_dir / "ca.crt").write_bytes(self.ca_pem)
        crypto.write_private(ca_dir / "ca.key", crypto.private_key_pem(self.ca_key))

    def _issue(self, stem: Path, uri: str, server: bool) -> None:
        """Writes `stem`.crt and `stem`.key: a leaf certificate whose identity is `uri`."""
        key = ec.generate_private_key(ec.SECP256R1())
        names: list[x509.GeneralName] = [x509.UniformResourceIdentifier(uri)]
        if server:
            names += [
                x509.DNSName(server_name(parse_spiffe(uri))),
                x509.DNSName("localhost"),
                x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
                x509.IPAddress(ipaddress.ip_address("::1")),
            ]
        cert = (
            x509.CertificateBuilder()
            .subject_name(
                x509.Name(
                    [
                        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "signalmatch"),
                        x509.NameAttribute(NameOID.COMMON_NAME, uri.removeprefix("spiffe://")),
                    ]
                )
            )
            .issuer_name(self.ca_cert.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(self.now - CLOCK_SKEW)
            .not_valid_after(self.now + CERT_VALIDITY)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(
                x509.KeyUsage(
                    digital_signature=True,
                    content_commitment=False,
                    key_encipherment=False,
                    data_encipherment=False,
                    key_agreement=False,
                    key_cert_sign=False,
                    crl_sign=False,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            )
            .add_extension(
                x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH]),
                critical=False,
            )
            .add_extension(x509.SubjectAlternativeName(names), critical=False)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(self.ca_key.public_key()),
                critical=False,
            )
            .sign(self.ca_key, hashes.SHA256())
        )
        stem.with_suffix(".crt").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        crypto.write_private(stem.with_suffix(".key"), crypto.private_key_pem(key))

    def _process_files(self, where: Path, role: str, name: str = "", *, server: bool) -> None:
        (where / "ca.crt").write_bytes(self.ca_pem)
        self._issue(where / "tls", spiffe_uri(self.table, role, name), server=server)

    @staticmethod
    def _signing_key(where: Path) -> Ed25519PrivateKey:
        key = Ed25519PrivateKey.generate()
        crypto.write_private(where / "signing.key", crypto.private_key_pem(key))
        return key

    def _member_keys(self, where: Path) -> dict[str, str]:
        """Signing and encryption key pair of a partner or chair; returns the public halves."""
        signing = self._signing_key(where)
        encryption = X25519PrivateKey.generate()
        crypto.write_private(where / "encryption.key", crypto.private_key_pem(encryption))
        return {
            "signing_public_key": crypto.public_key_b64(signing),
            "encryption_public_key": crypto.public_key_b64(encryption),
        }

    # -- files -----------------------------------------------------------------------------------

    def _dir(self, *parts: str) -> Path:
        path = self.root.joinpath(*parts)
        for level in range(1, len(parts) + 1):
            sub = self.root.joinpath(*parts[:level])
            if not sub.exists():
                sub.mkdir(mode=0o700)
                os.chmod(sub, 0o700)  # regardless of the umask
        return path

    @staticmethod
    def _write_toml(path: Path, document: dict) -> None:
        path.write_bytes(tomli_w.dumps(document).encode("utf-8"))


def _tls_entry(stem: str) -> dict[str, str]:
    return {"ca": "ca.crt", "cert": f"{stem}.crt", "key": f"{stem}.key"}


def _table_secret_name(epoch: int) -> str:
    return f"table-secret-epoch-{epoch}.key"


def oprf_key_name(epoch: int) -> str:
    return f"oprf-epoch-{epoch}.key"


# -- key epochs: rotation and crypto-shredding ----------------------------------------------------

i18n.register(
    {
        "federation.epoch.rotating": {
            "nl": "er loopt al een rotatie (actieve epochs {epochs}); vernietig epoch {oldest} eerst, "
            "zodra elke node opnieuw heeft ingediend",
            "en": "a rotation is already under way (active epochs {epochs}); destroy epoch {oldest} first, "
            "once every node has re-submitted",
        },
        "federation.epoch.mixed": {
            "nl": "de nodes hebben niet dezelfde huidige epoch ({epochs}); herstel de configuraties eerst",
            "en": "the nodes do not share one current epoch ({epochs}); repair the configurations first",
        },
        "federation.epoch.current": {
            "nl": "epoch {epoch} is de huidige epoch en kan niet vernietigd worden; roteer eerst "
            "(signalmatch federation rotate)",
            "en": "epoch {epoch} is the current epoch and cannot be destroyed; rotate first "
            "(signalmatch federation rotate)",
        },
        "federation.epoch.unknown": {
            "nl": "epoch {epoch} is geen actieve epoch van deze federatie (actief: {active})",
            "en": "epoch {epoch} is not an active epoch of this federation (active: {active})",
        },
        "federation.epoch.no_nodes": {
            "nl": "{path} bevat geen nodes/*/node.toml: geen federatiemap",
            "en": "{path} holds no nodes/*/node.toml: not a federation directory",
        },
    }
)


def _load_toml(path: Path) -> dict:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def _replace_toml(path: Path, document: dict) -> None:
    """Write a config atomically (a crash leaves the old or the new file, never half of one)."""
    staging = path.with_name(f".{path.name}.new")
    staging.write_bytes(tomli_w.dumps(document).encode("utf-8"))
    os.chmod(staging, path.stat().st_mode & 0o777)
    os.replace(staging, path)


def _shred(path: Path) -> None:
    """Overwrite a key file with zeros, flush, and delete it. (On copy-on-write or journalling
    storage the overwrite is best effort; the deletion and the keys' uselessness are what count.)"""
    if not path.exists():
        return
    size = path.stat().st_size
    with path.open("r+b") as handle:
        handle.write(b"\0" * size)
        handle.flush()
        os.fsync(handle.fileno())
    path.unlink()


class _Epochs:
    """The configs of a federation directory that know about key epochs."""

    def __init__(self, directory: Path):
        self.root = Path(directory).absolute()
        self.node_files = sorted(self.root.glob("nodes/*/node.toml"))
        if not self.node_files:
            raise ValidationError(
                [Violation("dir", "federation.epoch.no_nodes", i18n.t("federation.epoch.no_nodes", path=self.root))]
            )
        self.nodes = {path: _load_toml(path) for path in self.node_files}
        self.keyholder_file = self.root / "keyholder" / "keyholder.toml"
        self.keyholder = _load_toml(self.keyholder_file)
        self.matcher_file = self.root / "matcher" / "matcher.toml"
        self.matcher = _load_toml(self.matcher_file)
        self.federation_file = self.root / "federation.toml"
        self.federation = _load_toml(self.federation_file) if self.federation_file.exists() else None
        currents = sorted({doc["epoch"] for doc in self.nodes.values()})
        if len(currents) != 1:
            raise ValidationError(
                [
                    Violation(
                        "epoch",
                        "federation.epoch.mixed",
                        i18n.t("federation.epoch.mixed", epochs=", ".join(map(str, currents))),
                    )
                ]
            )
        self.current = currents[0]
        first = next(iter(self.nodes.values()))
        self.active = sorted(first.get("epochs_active", [self.current]))

    def write(self) -> None:
        for path, document in self.nodes.items():
            _replace_toml(path, document)
        _replace_toml(self.keyholder_file, self.keyholder)
        _replace_toml(self.matcher_file, self.matcher)
        if self.federation is not None:
            _replace_toml(self.federation_file, self.federation)


def rotate_epoch(directory: Path) -> int:
    """`signalmatch federation rotate DIR`: start key epoch N+1 and return it.

    Writes a new table secret to every node directory and a new OPRF key to the keyholder
    directory, publishes the key's public half in every node config and federation.toml, and
    makes N+1 the nodes' current epoch while N stays active (``epochs_active``): until N is
    destroyed, nodes submit every identifier in both. Processes pick it up when restarted
    (keyholder and matcher first, then the nodes); each node then re-pseudonymises its live signals from its
    vault in the background (node.rotation). Destroy N once every node has done so.
    """
    fed = _Epochs(directory)
    if len(fed.active) > 1:  # at most two epochs at a time: every signal is sent once per active epoch
        epochs = ", ".join(map(str, fed.active))
        rule = "federation.epoch.rotating"
        raise ValidationError([Violation("dir", rule, i18n.t(rule, epochs=epochs, oldest=fed.active[0]))])
    epoch = max([fed.current, *fed.active]) + 1
    secret = crypto.new_secret()
    for path in fed.node_files:
        crypto.write_private(path.parent / _table_secret_name(epoch), crypto.secret_to_text(secret))
    key = oprf.generate_key_pair()
    crypto.write_private(fed.root / "keyholder" / oprf_key_name(epoch), crypto.secret_to_text(key.secret))
    public = base64.b64encode(key.public).decode("ascii")
    for document in fed.nodes.values():
        document["table_secrets"][str(epoch)] = _table_secret_name(epoch)
        document["keyholder"]["public_keys"][str(epoch)] = public
        document["epochs_active"] = [*fed.active, epoch]
        document["epoch"] = epoch
    fed.keyholder["oprf_keys"][str(epoch)] = oprf_key_name(epoch)
    fed.matcher["epochs_active"] = [*fed.active, epoch]
    if fed.federation is not None:
        fed.federation["keyholder"]["public_keys"][str(epoch)] = public
    fed.write()
    return epoch


def destroy_epoch(directory: Path, epoch: int) -> None:
    """`signalmatch federation destroy-epoch DIR N`: crypto-shredding of key epoch N.

    Deletes the epoch's table secret from every node directory and its OPRF key from the keyholder
    directory, and takes N out of every config: the nodes' active epochs, secrets and published
    keys, the keyholder's keys (and lists N under ``destroyed_epochs``, so on its next start it
    deletes the sealed key from its database) and the matcher's ``destroyed_epochs`` (on its next
    start, and in every expiry round, it deletes all tokens of N and re-matches the hits
    concerned). The current epoch cannot be destroyed.
    """
    fed = _Epochs(directory)
    if epoch == fed.current:
        raise ValidationError(
            [Violation("epoch", "federation.epoch.current", i18n.t("federation.epoch.current", epoch=epoch))]
        )
    if epoch not in fed.active:
        raise ValidationError(
            [
                Violation(
                    "epoch",
                    "federation.epoch.unknown",
                    i18n.t("federation.epoch.unknown", epoch=epoch, active=", ".join(map(str, fed.active))),
                )
            ]
        )
    name = str(epoch)
    for document in fed.nodes.values():
        document["table_secrets"].pop(name, None)
        document["keyholder"]["public_keys"].pop(name, None)
        document["epochs_active"] = [e for e in fed.active if e != epoch]
    fed.keyholder["oprf_keys"].pop(name, None)
    fed.keyholder["destroyed_epochs"] = sorted({*fed.keyholder.get("destroyed_epochs", []), epoch})
    fed.matcher["destroyed_epochs"] = sorted({*fed.matcher.get("destroyed_epochs", []), epoch})
    fed.matcher["epochs_active"] = [e for e in fed.active if e != epoch]
    if fed.federation is not None:
        fed.federation["keyholder"]["public_keys"].pop(name, None)
    fed.write()  # configs first: no config ever names a key file that is gone
    for path in fed.node_files:
        _shred(path.parent / _table_secret_name(epoch))
    _shred(fed.root / "keyholder" / oprf_key_name(epoch))
