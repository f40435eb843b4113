"""Enrolment of separate organisations into a table, the members' side: each member (``partner
init``, ``chair init``, ``officer init``, ``keyholder init``) makes its keys and certificate
signing requests at home and writes an *enrolment request* with public material only, printing its
*request fingerprint*; after the operator admitted it (deploy/table_admin.py) it runs ``... install
RESPONSE``, which checks its certificates against its own keys and the root, verifies the directory
chain from version 1 and pins the directory key. Who runs what where, and the files each party
keeps: docs/federation.md."""

from __future__ import annotations

import dataclasses
import datetime
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from signalmatch import crypto, i18n, pki
from signalmatch import directory as dirmod
from signalmatch.config import ID_PATTERN, PARTNER_KINDS, split_address
from signalmatch.deploy.keyfiles import (
    free_ports,
    make_dir,
    new_ed25519,
    new_tls_key,
    new_x25519,
    read_toml,
    tls_entry,
    utc_now,
    write_public,
    write_toml,
)
from signalmatch.directory import Directory, SignedVersion
from signalmatch.errors import ConfigError, ValidationError, Violation
from signalmatch.keyholder import keys
from signalmatch.transport import Identity, server_name

REQUEST_FORMAT = "signalmatch.enrolment-request.v1"
RESPONSE_FORMAT = "signalmatch.enrolment-response.v1"
FIRST_EPOCH = 1
DEFAULT_QUOTA_PER_HOUR = 200_000
DEFAULT_ALERT_FACTOR = 5
DEFAULT_ALERT_THRESHOLD = 50_000
MEMBER_ROLES = ("partner", "chair", "officer", "keyholder")
CONFIG_FILE = {"partner": "node.toml", "chair": "chair.toml", "officer": "officer.toml", "keyholder": "keyholder.toml"}

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


def check_inputs(
    table: str, name: str | None = None, kind: str | None = None, oin: str = "", listen: str | None = None
) -> None:
    violations: list[Violation] = []

    def bad(field: str, rule: str, **values: object) -> None:
        violations.append(Violation(field, rule, i18n.t(rule, **values)))

    if not ID_PATTERN.fullmatch(table):
        bad("table", "enrol.id_format", value=table)
    if name is not None and not ID_PATTERN.fullmatch(name):
        bad("name", "enrol.id_format", value=name)
    if kind is not None and kind not in PARTNER_KINDS:
        bad("kind", "enrol.kind", value=kind, choices=", ".join(PARTNER_KINDS))
    if oin and not pki.OIN.fullmatch(oin):
        bad("oin", "enrol.oin", value=oin)
    if listen:
        try:
            split_address(listen)
        except ValueError:
            bad("listen", "enrol.address", value=listen)
    if violations:
        raise ValidationError(violations)


# -- members: init ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Request:
    """An enrolment request: public material only."""

    table: str
    role: str
    name: str
    csrs: dict[str, str]  # "tls" (and "operator" for a partner) -> PEM
    kind: str = ""
    oin: str = ""
    address: str = ""
    signing_public_key: str = ""
    encryption_public_key: str = ""
    oprf_keys: dict[str, dict[str, str]] = dataclasses.field(default_factory=dict)  # keyholder

    def document(self) -> dict[str, Any]:
        return {"format": REQUEST_FORMAT, **dataclasses.asdict(self)}

    def fingerprint(self) -> str:
        return crypto.short_fingerprint(dirmod.canonical(self.document()))

    @property
    def who(self) -> str:
        return f"{self.role}/{self.name}" if self.name else self.role

    @classmethod
    def load(cls, path: Path) -> Request:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
            if data.pop("format") != REQUEST_FORMAT:
                raise ValueError("format")
            request = cls(**data)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ConfigError(i18n.t("enrol.bad_request", path=path, reason=exc)) from None
        return request


def write_request(directory: Path, request: Request) -> Path:
    path = directory / "enrolment-request.json"
    write_public(path, json.dumps(request.document(), indent=1, sort_keys=True) + "\n")
    return path


def _csr(key: pki.PrivateKey, table: str, role: str, name: str, server: bool) -> str:
    identity = Identity(table, role, name)
    return pki.pem(pki.make_csr(key, identity.uri, [server_name(identity)] if server else [])).decode("ascii")


def partner_init(
    directory: Path, table: str, partner: str, kind: str, oin: str = "", listen: str | None = None
) -> tuple[Path, Request]:
    """`signalmatch partner init`: the node's keys and CSRs; returns (request file, request)."""
    check_inputs(table, partner, kind, oin, listen)
    if partner == dirmod.TABLE_OFFICER:
        raise ValidationError([Violation("partner", "enrol.reserved", i18n.t("enrol.reserved", value=partner))])
    root = make_dir(directory)
    new_tls_key(root / "tls.key")
    new_tls_key(root / "operator.key")
    new_ed25519(root / "signing.key")
    new_x25519(root / "encryption.key")
    crypto.write_private(root / "vault.key", crypto.secret_to_text(crypto.new_secret()))
    write_public(root / "disclosure-policy.toml", DISCLOSURE_POLICY_TEMPLATE)
    write_toml(
        root / "node.toml",
        {
            "role": "node",
            "table": table,
            "partner": partner,
            "kind": kind,
            "oin": oin,
            "listen": listen or f"127.0.0.1:{free_ports(1)[0]}",
            "data_dir": "data",
            "signing_key": "signing.key",
            "encryption_key": "encryption.key",
            "vault_key": "vault.key",
            "secrets_dir": "secrets",
            "directory": "directory.json",
            "disclosure_policy": "disclosure-policy.toml",
            "tls": tls_entry("tls"),
            "operator_tls": tls_entry("operator"),
        },
    )
    return _request_of(root / "node.toml")


def chair_init(directory: Path, table: str, chair: str) -> tuple[Path, Request]:
    check_inputs(table, chair)
    root = make_dir(directory)
    new_tls_key(root / "tls.key")
    new_ed25519(root / "signing.key")
    new_x25519(root / "encryption.key")
    write_toml(
        root / "chair.toml",
        {
            "role": "chair",
            "table": table,
            "name": chair,
            "signing_key": "signing.key",
            "encryption_key": "encryption.key",
            "directory": "directory.json",
            "tls": tls_entry("tls"),
        },
    )
    return _request_of(root / "chair.toml")


def officer_init(directory: Path, table: str, officer: str) -> tuple[Path, Request]:
    """A privacy officer: of partner `officer`, or the table's (``tafel``, who co-signs)."""
    check_inputs(table, officer)
    root = make_dir(directory)
    new_tls_key(root / "tls.key")
    document: dict[str, Any] = {
        "role": "officer",
        "table": table,
        "name": officer,
        "partner": "" if officer == dirmod.TABLE_OFFICER else officer,
        "data_dir": "data",
        "directory": "directory.json",
        "tls": tls_entry("tls"),
    }
    if officer == dirmod.TABLE_OFFICER:
        new_ed25519(root / "signing.key")
        document["signing_key"] = "signing.key"
    write_toml(root / "officer.toml", document)
    return _request_of(root / "officer.toml")


def keyholder_init(directory: Path, table: str, listen: str | None = None) -> tuple[Path, Request]:
    """The keyholder: TLS and signing keys, its at-rest key and the OPRF key of epoch 1, whose
    public half it announces (signed) in its request."""
    check_inputs(table, listen=listen)
    root = make_dir(directory)
    new_tls_key(root / "tls.key")
    signing = new_ed25519(root / "signing.key")
    crypto.write_private(root / "at-rest.key", crypto.secret_to_text(crypto.new_secret()))
    keys.make_key(root, table, FIRST_EPOCH, signing)
    write_toml(
        root / "keyholder.toml",
        {
            "role": "keyholder",
            "table": table,
            "listen": listen or f"127.0.0.1:{free_ports(1)[0]}",
            "data_dir": "data",
            "at_rest_key": "at-rest.key",
            "signing_key": "signing.key",
            "directory": "directory.json",
            "quota_per_hour": DEFAULT_QUOTA_PER_HOUR,
            "alert_factor": DEFAULT_ALERT_FACTOR,
            "alert_threshold": DEFAULT_ALERT_THRESHOLD,
            "tls": tls_entry("tls"),
        },
    )
    return _request_of(root / "keyholder.toml")


def _request_of(config_path: Path) -> tuple[Path, Request]:
    request = member_request(config_path)
    return write_request(config_path.parent, request), request


def member_request(config_path: Path) -> Request:
    """The enrolment request of the member whose config is `config_path`, made from its own keys
    (fresh CSRs of the same keys: also what a renewal sends)."""
    config_path = Path(config_path).absolute()
    base = config_path.parent
    doc = read_toml(config_path)
    table = doc["table"]
    role = {"node": "partner"}.get(doc["role"], doc["role"])
    name = doc["partner"] if doc["role"] == "node" else doc.get("name", "")

    def tls(stem: str, csr_role: str, server: bool) -> str:
        key = pki.load_private((base / f"{stem}.key").read_bytes())
        return _csr(key, table, csr_role, name, server)

    def public(file: str) -> str:
        return crypto.public_key_b64(_load_any_private(base / file))

    if role == "partner":
        return Request(
            table=table,
            role=role,
            name=name,
            csrs={"tls": tls("tls", "partner", True), "operator": tls("operator", "operator", False)},
            kind=doc["kind"],
            oin=doc.get("oin", ""),
            address=doc["listen"],
            signing_public_key=public(doc["signing_key"]),
            encryption_public_key=public(doc["encryption_key"]),
        )
    if role == "chair":
        return Request(
            table=table,
            role=role,
            name=name,
            csrs={"tls": tls("tls", "chair", False)},
            signing_public_key=public(doc["signing_key"]),
            encryption_public_key=public(doc["encryption_key"]),
        )
    if role == "officer":
        return Request(
            table=table,
            role=role,
            name=name,
            csrs={"tls": tls("tls", "officer", False)},
            signing_public_key=public(doc["signing_key"]) if "signing_key" in doc else "",
        )
    signing = crypto.load_ed25519_private(base / doc["signing_key"])
    announced = {}
    for path in sorted(base.glob("oprf-epoch-*.key")):
        epoch = int(path.stem.removeprefix("oprf-epoch-"))
        key = keys.announce(path, table, epoch, signing)
        announced[str(epoch)] = {"public_key": key.public_key, "signature": key.signature}
    return Request(
        table=table,
        role="keyholder",
        name="",
        csrs={"tls": tls("tls", "keyholder", True)},
        address=doc["listen"],
        signing_public_key=crypto.public_key_b64(signing),
        oprf_keys=announced,
    )


def _load_any_private(path: Path) -> Ed25519PrivateKey | X25519PrivateKey:
    from cryptography.hazmat.primitives import serialization

    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey | X25519PrivateKey):
        raise ConfigError(f"{path} is not an Ed25519 or X25519 private key")
    return key


# -- members: install ---------------------------------------------------------------------------------


def read_response(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        if data["format"] != RESPONSE_FORMAT:
            raise ValueError("format")
        return data
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ConfigError(i18n.t("enrol.bad_request", path=path, reason=exc)) from None


def install(
    config_path: Path, response_path: Path, expect: str = "", now: datetime.datetime | None = None
) -> tuple[Directory, str]:
    """`signalmatch partner|chair|officer|keyholder install RESPONSE`: check the certificates
    against the member's own keys and the table's root, verify the directory chain from version 1
    (pinning its key), compare the table fingerprint with `expect` when given, then write the
    certificates, ca.crt and directory.json. Returns (directory head, table fingerprint)."""
    now = now or utc_now()
    config_path = Path(config_path).absolute()
    base = config_path.parent
    document = read_toml(config_path)
    response = read_response(response_path)
    role = {"node": "partner"}.get(document["role"], document["role"])
    name = document["partner"] if document["role"] == "node" else document.get("name", "")
    if document["table"] != response["table"] or (response["role"], response["name"]) != (role, name):
        raise ConfigError(
            i18n.t("enrol.wrong_response", found=f"{response['role']}/{response['name']}", expected=f"{role}/{name}")
        )
    versions = [SignedVersion.from_json(json.dumps(v)) for v in response["versions"]]
    head = versions[-1].directory()
    fingerprint = dirmod.table_fingerprint(head.table, response["ca_root"], head.directory_key)
    if expect and expect.split() != fingerprint.split():
        raise ConfigError(i18n.t("enrol.fingerprint_mismatch", found=fingerprint, what="de tafel", expected=expect))
    if response["ca_root"] != head.ca_root:
        raise ConfigError(i18n.t("enrol.certificate_chain", name="ca_root", reason="not the directory's root"))
    chain = dirmod.Chain(head.directory_key, head.table)
    accepted = chain.accept_all(versions)[-1]  # from version 1: signatures, co-signatures, hash links
    root = pki.load_certificates(response["ca_root"].encode("ascii"))
    keys = {"tls": document["tls"]["key"]}
    if role == "partner":
        keys["operator"] = document["operator_tls"]["key"]
    for stem, key_file in keys.items():
        certs = pki.load_certificates(response["certificates"][stem].encode("ascii"))
        own = pki.load_private((base / key_file).read_bytes())
        if pki.spki(certs[0]) != pki.spki(own):
            raise ConfigError(i18n.t("enrol.certificate_key", name=stem, key=key_file))
        try:
            pki.verify_chain(certs[0], certs[1:], root, now)
        except ValueError as exc:
            raise ConfigError(i18n.t("enrol.certificate_chain", name=stem, reason=exc)) from None
    for stem in keys:
        write_public(base / f"{stem}.crt", response["certificates"][stem])
    write_public(base / "ca.crt", response["ca_root"])
    save_directory(base / document.get("directory", "directory.json"), versions[-1])
    document["pins"] = {"directory_key": head.directory_key, "table_fingerprint": fingerprint}
    write_toml(config_path, document)
    return accepted, fingerprint


def save_directory(path: Path, signed: SignedVersion) -> None:
    """The member's cache of the newest verified version (written only after verification)."""
    write_public(path, signed.to_json() + "\n")
