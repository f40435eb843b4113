"""Enrolment of separate organisations into a table, the operator's side: ``table init`` makes
the table's root CA (kept offline once the issuing CA exists), the issuing intermediate, the
matcher's keys, the directory key and directory version 1, and prints the *table fingerprint*;
``table admit`` signs a member's CSRs (90-day certificates by default), adds it to a new directory
version and writes its *enrolment response*; a version that widens who sees data goes to the
table's privacy officer first (``officer cosign``, also here) and is published with ``table
publish``; ``table remove|rotate|dealer|trust|policy`` publish further versions. The members' side
is deploy/enrol.py; the runbook is docs/federation.md."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from signalmatch import crypto, i18n, pki
from signalmatch import directory as dirmod
from signalmatch.config import DEFAULT_POLICY, TablePolicy, TlsFiles
from signalmatch.deploy.enrol import FIRST_EPOCH, MEMBER_ROLES, RESPONSE_FORMAT, Request, check_inputs
from signalmatch.deploy.keyfiles import (
    free_ports,
    make_dir,
    new_ed25519,
    new_tls_key,
    read_toml,
    rfc3339,
    sub_dir,
    tls_entry,
    utc_now,
    write_public,
    write_toml,
)
from signalmatch.directory import Directory, SignedVersion
from signalmatch.errors import ConfigError
from signalmatch.membership import VersionStore
from signalmatch.transport import Identity, server_name

PENDING_FORMAT = "signalmatch.pending-version.v1"


# -- the operator: table init ------------------------------------------------------------------------


@dataclass(frozen=True)
class TableFiles:
    """The operator's table.toml, resolved."""

    path: Path
    table: str
    root_cert: Path
    root_key: Path
    issuing_cert: Path
    issuing_key: Path
    directory_key: Path
    versions: Path
    pending: Path
    certificate_days: int

    @classmethod
    def load(cls, path: Path | str) -> TableFiles:
        path = Path(path).absolute()
        data = read_toml(path)
        if data.get("role") != "table":
            raise ConfigError(i18n.t("config.invalid", path=path, field="role", reason="expected 'table'"))
        base = path.parent
        try:
            return cls(
                path=path,
                table=data["table"],
                root_cert=base / data["root"]["cert"],
                root_key=base / data["root"]["key"],
                issuing_cert=base / data["issuing"]["cert"],
                issuing_key=base / data["issuing"]["key"],
                directory_key=base / data["directory_key"],
                versions=base / data["versions"],
                pending=base / data["pending"],
                certificate_days=int(data.get("certificate_days", 90)),
            )
        except (KeyError, TypeError) as exc:
            raise ConfigError(i18n.t("config.missing", path=path, field=exc)) from None

    def issuer(self) -> tuple[pki.PrivateKey, x509.Certificate]:
        key = pki.load_private(self.issuing_key.read_bytes())
        return key, pki.load_certificates(self.issuing_cert.read_bytes())[0]

    def signing_key(self) -> Ed25519PrivateKey:
        return crypto.load_ed25519_private(self.directory_key)


def table_init(
    directory: Path,
    table: str,
    listen: str | None = None,
    policy: TablePolicy = DEFAULT_POLICY,
    online_issuing: bool = True,
    now: datetime.datetime | None = None,
) -> tuple[Path, str]:
    """`signalmatch table init`: returns (table.toml, the table fingerprint)."""
    check_inputs(table, listen=listen)
    now = now or utc_now()
    root = make_dir(directory)
    listen = listen or f"127.0.0.1:{free_ports(1)[0]}"
    root_dir, issuing_dir = sub_dir(root, "root"), sub_dir(root, "issuing")
    root_key, root_cert = pki.make_root(f"signalmatch {table} root CA", now)
    crypto.write_private(root_dir / "root.key", pki.private_pem(root_key))
    write_public(root_dir / "root.crt", pki.pem(root_cert))
    issuing_key, issuing_cert = pki.make_intermediate(root_key, root_cert, f"signalmatch {table} issuing CA", now)
    crypto.write_private(issuing_dir / "issuing.key", pki.private_pem(issuing_key))
    write_public(issuing_dir / "issuing.crt", pki.pem(issuing_cert))

    dir_dir = sub_dir(root, "directory")
    sub_dir(dir_dir, "versions")
    sub_dir(dir_dir, "pending")
    directory_key = new_ed25519(dir_dir / "directory.key")

    matcher_dir = sub_dir(root, "matcher")
    tls_key = new_tls_key(matcher_dir / "tls.key")
    identity = Identity(table, "matcher", "")
    cert = pki.issue(issuing_key, issuing_cert, tls_key.public_key(), identity.uri, [server_name(identity)], now)
    write_public(matcher_dir / "tls.crt", pki.pem(cert) + pki.pem(issuing_cert))
    write_public(matcher_dir / "ca.crt", pki.pem(root_cert))
    matcher_signing = new_ed25519(matcher_dir / "signing.key")
    log_key = new_ed25519(matcher_dir / "log.key")
    matcher_doc: dict[str, Any] = {
        "role": "matcher",
        "table": table,
        "listen": listen,
        "data_dir": "data",
        "retention_days": 365,
        "signing_key": "signing.key",
        "log_key": "log.key",
        "tls": tls_entry("tls"),
        "directory": {"versions": "../directory/versions", "key": crypto.public_key_b64(directory_key)},
        # The matcher publishes the epoch steps itself (a keyholder-signed key, the dealer's deal,
        # every partner switched); it never widens who sees data, which needs the co-signer.
        "directory_signing_key": "../directory/directory.key",
    }
    if online_issuing:  # renewal over mTLS: the matcher forwards CSRs of the same keys to the issuing CA
        matcher_doc["issuing"] = {"cert": "../issuing/issuing.crt", "key": "../issuing/issuing.key"}
    write_toml(matcher_dir / "matcher.toml", matcher_doc)

    first = Directory(
        table=table,
        version=1,
        previous="",
        issued=rfc3339(now),
        directory_key=crypto.public_key_b64(directory_key),
        ca_root=pki.pem(root_cert).decode("ascii"),
        matcher=dirmod.MatcherEntry(
            listen, crypto.public_key_b64(matcher_signing), crypto.public_key_b64(log_key), pki.spki(tls_key)
        ),
        policy=policy,
    )
    publish_version(dir_dir / "versions", dirmod.sign(first, directory_key))
    write_toml(
        root / "table.toml",
        {
            "role": "table",
            "table": table,
            "root": {"cert": "root/root.crt", "key": "root/root.key"},
            "issuing": {"cert": "issuing/issuing.crt", "key": "issuing/issuing.key"},
            "directory_key": "directory/directory.key",
            "versions": "directory/versions",
            "pending": "directory/pending",
            "certificate_days": pki.LEAF_VALIDITY.days,
        },
    )
    fingerprint = dirmod.table_fingerprint(table, first.ca_root, first.directory_key)
    return root / "table.toml", fingerprint


# -- the directory store (versions/NNNNNN.json) ---------------------------------------------------------


def publish_version(versions: Path, signed: SignedVersion) -> None:
    VersionStore(versions).publish(signed)


def read_versions(versions: Path, after: int = 0) -> list[SignedVersion]:
    return VersionStore(versions).read_after(after)


def load_chain(versions: Path, directory_key: str, table: str) -> dirmod.Chain:
    """Every stored version, verified from version 1 (DirectoryRefused at the first bad one)."""
    chain = dirmod.Chain(directory_key, table)
    chain.accept_all(read_versions(versions))
    return chain


# -- the operator: admit, remove, publish ---------------------------------------------------------------


@dataclass
class Admission:
    """What `table admit` decided: the next version and the responses it completes."""

    version: SignedVersion
    base: SignedVersion
    responses: dict[str, dict[str, Any]]  # who -> response document (without the versions)
    changes: list[str]
    renewal: bool = False  # only new certificates for keys already pinned: no new version


def _current(table: TableFiles) -> dirmod.Chain:
    return load_chain(table.versions, crypto.public_key_b64(table.signing_key()), table.table)


def _check_csr(pem: str, expected: Identity, server: bool, pin: str = "") -> pki.CsrContent:
    try:
        _, content = pki.read_csr(pem.encode("ascii"))
    except ValueError as exc:
        raise ConfigError(i18n.t("enrol.bad_request", path=expected.uri, reason=exc)) from None
    wanted = (server_name(expected),) if server else ()
    if content.uri != expected.uri or content.dns_names != wanted:
        raise ConfigError(
            i18n.t(
                "enrol.bad_request", path=expected.uri, reason=f"the CSR names {content.uri} {list(content.dns_names)}"
            )
        )
    if pin and content.spki != pin:
        raise ConfigError(i18n.t("enrol.already_member", who=expected.uri))
    return content


def _entry_for(request: Request, spkis: dict[str, str], current: Directory) -> tuple[str, Any]:
    """The directory entry a request asks for: (collection, entry)."""
    if request.role == "partner":
        return "partners", dirmod.PartnerEntry(
            request.name,
            request.kind,
            request.signing_public_key,
            request.encryption_public_key,
            spkis["tls"],
            spkis["operator"],
            request.address,
            request.oin,
        )
    if request.role == "chair":
        return "chairs", dirmod.ChairEntry(
            request.name, request.signing_public_key, request.encryption_public_key, spkis["tls"]
        )
    if request.role == "officer":
        partner = "" if request.name == dirmod.TABLE_OFFICER else request.name
        return "officers", dirmod.OfficerEntry(request.name, partner, spkis["tls"], request.signing_public_key)
    keys = {int(e): dirmod.OprfKey(int(e), k["public_key"], k["signature"]) for e, k in request.oprf_keys.items()}
    old = current.keyholder.oprf_keys if current.keyholder else {}
    return "keyholder", dirmod.KeyholderEntry(
        request.address, request.signing_public_key, spkis["tls"], {**old, **keys}
    )


def _issue_for(
    table: TableFiles, request: Request, pins: dict[str, str], now: datetime.datetime, days: int | None
) -> tuple[dict[str, str], dict[str, str]]:
    """Checks the request's CSRs and signs them: (SPKI pins, certificate chains as PEM)."""
    key, issuer = table.issuer()
    validity = datetime.timedelta(days=days or table.certificate_days)
    roles = {"tls": (request.role, request.name, request.role in ("partner", "keyholder"))}
    if request.role == "partner":
        roles["operator"] = ("operator", request.name, False)
    spkis, chains = {}, {}
    if set(request.csrs) != set(roles):
        raise ConfigError(i18n.t("enrol.bad_request", path=request.who, reason=f"expected CSRs {sorted(roles)}"))
    for stem, (role, name, server) in roles.items():
        identity = Identity(request.table, role, name)
        content = _check_csr(request.csrs[stem], identity, server, pins.get(stem, ""))
        csr, _ = pki.read_csr(request.csrs[stem].encode("ascii"))
        cert = pki.issue(key, issuer, csr.public_key(), identity.uri, content.dns_names, now, validity)
        spkis[stem] = content.spki
        chains[stem] = (pki.pem(cert) + pki.pem(issuer)).decode("ascii")
    return spkis, chains


def _existing_pins(current: Directory, request: Request) -> dict[str, str]:
    """The SPKI pins a renewal must keep, {} for a new member."""
    if request.role == "partner" and request.name in current.partners:
        p = current.partners[request.name]
        return {"tls": p.tls, "operator": p.operator_tls}
    if request.role == "chair" and request.name in current.chairs:
        return {"tls": current.chairs[request.name].tls}
    if request.role == "officer" and request.name in current.officers:
        return {"tls": current.officers[request.name].tls}
    if request.role == "keyholder" and current.keyholder is not None:
        return {"tls": current.keyholder.tls}
    return {}


def table_admit(
    table_toml: Path,
    requests: Sequence[Path],
    expect: Sequence[str] = (),
    days: int | None = None,
    now: datetime.datetime | None = None,
) -> Admission:
    """`signalmatch table admit`: sign the requests' CSRs and make the next directory version with
    them (renewals — CSRs of the keys already pinned — change no version). `expect` are the request
    fingerprints compared by phone, in order (checked when given)."""
    now = now or utc_now()
    table = TableFiles.load(table_toml)
    chain = _current(table)
    current, current_signed = chain.head, chain.head_signed
    assert current is not None and current_signed is not None
    collections: dict[str, Any] = {
        "partners": dict(current.partners),
        "chairs": dict(current.chairs),
        "officers": dict(current.officers),
        "keyholder": current.keyholder,
    }
    responses: dict[str, dict[str, Any]] = {}
    loaded = [Request.load(path) for path in requests]
    renewal = bool(loaded) and all(_existing_pins(current, r) for r in loaded)
    for index, request in enumerate(loaded):
        if index < len(expect) and expect[index] and expect[index] != request.fingerprint():
            raise ConfigError(
                i18n.t(
                    "enrol.fingerprint_mismatch",
                    found=request.fingerprint(),
                    what=requests[index],
                    expected=expect[index],
                )
            )
        _validate_request(request, table.table, collections)
        spkis, chains = _issue_for(table, request, _existing_pins(current, request), now, days)
        responses[request.who] = {"role": request.role, "name": request.name, "certificates": chains}
        collection, entry = _entry_for(request, spkis, current)
        if collection == "keyholder":
            collections["keyholder"] = entry
        else:
            collections[collection][request.name] = entry
    if renewal:  # the same keys: new certificates, the directory stays as it is
        return Admission(current_signed, current_signed, responses, [], renewal=True)
    partners = collections["partners"]
    dealer = current.dealer if current.dealer in partners else (min(partners) if partners else "")
    epochs = current.epochs
    keyholder = collections["keyholder"]
    if keyholder is not None and not epochs.current and FIRST_EPOCH in keyholder.oprf_keys:
        epochs = dirmod.Epochs(current=FIRST_EPOCH, active=(FIRST_EPOCH,))
    cosigner = current.cosigner
    table_officer = collections["officers"].get(dirmod.TABLE_OFFICER)
    if not cosigner and table_officer is not None and table_officer.signing_public_key:
        cosigner = dirmod.TABLE_OFFICER
    new = dirmod.next_version(
        current,
        current_signed,
        rfc3339(now),
        partners=partners,
        chairs=collections["chairs"],
        officers=collections["officers"],
        keyholder=keyholder,
        dealer=dealer,
        epochs=epochs,
        cosigner=cosigner,
    )
    signed = dirmod.sign(new, table.signing_key())
    return Admission(signed, current_signed, responses, dirmod.widening_changes(current, new))


def _validate_request(request: Request, table: str, collections: dict[str, Any]) -> None:
    if request.table != table:
        raise ConfigError(i18n.t("enrol.bad_request", path=request.who, reason=f"table {request.table!r}"))
    if request.role not in MEMBER_ROLES:
        raise ConfigError(i18n.t("enrol.bad_request", path=request.who, reason=f"role {request.role!r}"))
    if (
        request.role == "officer"
        and request.name != dirmod.TABLE_OFFICER
        and request.name not in collections["partners"]
    ):
        raise ConfigError(i18n.t("enrol.unknown_partner", who=request.who, partner=request.name))
    if request.role == "keyholder" and collections["keyholder"] is not None:
        if collections["keyholder"].signing_public_key != request.signing_public_key:
            raise ConfigError(i18n.t("enrol.already_member", who=request.who))


def table_trust(table_toml: Path, anchor: Path, name: str, now: datetime.datetime | None = None) -> Admission:
    """`signalmatch table trust`: name an external trust anchor (e.g. a PKIoverheid Private
    Services root) in the next version, so members known by the OIN in their certificate's
    subject serialNumber can connect with certificates of that PKI. Widens who may connect: it
    needs the co-signature."""
    table = TableFiles.load(table_toml)
    chain = _current(table)
    current, current_signed = chain.head, chain.head_signed
    assert current is not None and current_signed is not None
    pem = Path(anchor).read_text(encoding="ascii")
    try:
        certs = pki.load_certificates(pem.encode("ascii"))
        constraints = certs[0].extensions.get_extension_for_class(x509.BasicConstraints).value
        if len(certs) != 1 or not constraints.ca:
            raise ValueError("expected one CA certificate")
    except (ValueError, x509.ExtensionNotFound) as exc:
        raise ConfigError(i18n.t("enrol.bad_request", path=anchor, reason=exc)) from None
    anchors = tuple(a for a in current.anchors if a.name != name) + (dirmod.Anchor(name, pem),)
    new = dirmod.next_version(current, current_signed, rfc3339(now or utc_now()), anchors=anchors)
    return Admission(dirmod.sign(new, table.signing_key()), current_signed, {}, dirmod.widening_changes(current, new))


def table_policy(table_toml: Path, policy_file: Path, now: datetime.datetime | None = None) -> Admission:
    """`signalmatch table policy FILE`: the table policy (purposes, legal bases, municipalities,
    request lifetime, disclosure to partners, fuzzy matching and thresholds; the format of
    `[policy]` in a config) in the next version. Needs the co-signature when it widens."""
    from signalmatch.config import parse_policy

    table = TableFiles.load(table_toml)
    chain = _current(table)
    current, current_signed = chain.head, chain.head_signed
    assert current is not None and current_signed is not None
    document = read_toml(policy_file)
    policy = parse_policy(document.get("policy", document), str(policy_file))
    new = dirmod.next_version(current, current_signed, rfc3339(now or utc_now()), policy=policy)
    return Admission(dirmod.sign(new, table.signing_key()), current_signed, {}, dirmod.widening_changes(current, new))


def publish_or_pend(table_toml: Path, admission: Admission) -> Path | None:
    """Publish a change at once, or keep it pending for the co-signer (returns the pending file)."""
    if needs_cosignature(admission):
        return write_pending(table_toml, admission)
    publish(table_toml, admission.version, {}, None)
    return None


def needs_cosignature(admission: Admission) -> bool:
    """Whether the version needs the co-signer before it can be published (see Chain)."""
    base = admission.base.directory()
    return bool(admission.changes) and bool(base.cosigner)


def write_pending(table_toml: Path, admission: Admission) -> Path:
    """Keep an admission that awaits the co-signature: the version (with the base it follows and
    what widens) for the officer, and the responses to hand out once it is published."""
    table = TableFiles.load(table_toml)
    number = admission.version.directory().version
    existing = sorted(table.pending.glob("*.json"))
    if existing:
        raise ConfigError(i18n.t("enrol.pending_exists", version=existing[0].stem.lstrip("0"), path=existing[0]))
    path = table.pending / f"{number:06d}.json"
    write_public(path, json.dumps(pending_document(admission), indent=1) + "\n")
    responses = table.pending / f"{number:06d}.responses"
    write_public(responses, json.dumps(admission.responses, indent=1) + "\n")
    return path


def pending_document(admission: Admission) -> dict[str, Any]:
    return {
        "format": PENDING_FORMAT,
        "base": json.loads(admission.base.to_json()),
        "version": json.loads(admission.version.to_json()),
        "changes": admission.changes,
    }


def read_pending(path: Path) -> tuple[SignedVersion, SignedVersion, list[str]]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        if data["format"] != PENDING_FORMAT:
            raise ValueError("format")
        return (
            SignedVersion.from_json(json.dumps(data["base"])),
            SignedVersion.from_json(json.dumps(data["version"])),
            list(data["changes"]),
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ConfigError(i18n.t("enrol.bad_request", path=path, reason=exc)) from None


def publish(
    table_toml: Path, signed: SignedVersion, responses: dict[str, dict[str, Any]], out: Path | None
) -> list[Path]:
    """Verify `signed` as the next version (co-signature included), store it, and write the
    enrolment responses (to `out`). Returns the response files."""
    table = TableFiles.load(table_toml)
    _current(table).check(signed)  # DirectoryRefused: bad or missing co-signature, not the next version
    publish_version(table.versions, signed)
    return write_responses(table, responses, out)


def write_responses(table: TableFiles, responses: dict[str, dict[str, Any]], out: Path | None) -> list[Path]:
    """One enrolment response per member: its certificates, the root and every directory version."""
    root = table.root_cert.read_text(encoding="ascii")
    versions = [json.loads(v.to_json()) for v in read_versions(table.versions)]
    written = []
    for who, response in responses.items():
        document = {"format": RESPONSE_FORMAT, "table": table.table, **response, "ca_root": root, "versions": versions}
        path = Path(out or table.path.parent) / f"enrolment-response-{who.replace('/', '-')}.json"
        write_public(path, json.dumps(document, indent=1) + "\n")
        written.append(path)
    return written


def table_publish(table_toml: Path, cosigned: Path, out: Path | None = None) -> list[Path]:
    """`signalmatch table publish`: publish a co-signed pending version and hand out its responses."""
    table = TableFiles.load(table_toml)
    _, signed, _ = read_pending(cosigned)
    number = signed.directory().version
    responses_file = table.pending / f"{number:06d}.responses"
    responses = json.loads(responses_file.read_text(encoding="utf-8")) if responses_file.exists() else {}
    current = _current(table)
    if number != current.version + 1:
        raise ConfigError(i18n.t("enrol.stale", version=number, current=current.version))
    written = publish(table_toml, signed, responses, out)
    for stale in (table.pending / f"{number:06d}.json", responses_file):
        stale.unlink(missing_ok=True)
    return written


def admit_and_publish(
    table_toml: Path,
    requests: Sequence[Path],
    out: Path | None = None,
    expect: Sequence[str] = (),
    days: int | None = None,
) -> tuple[Admission, list[Path] | Path]:
    """`table admit` as the CLI runs it: publish at once when no co-signature is needed (returns
    the response files), else keep it pending (returns the pending file for the officer)."""
    admission = table_admit(table_toml, requests, expect, days)
    if admission.renewal:
        return admission, write_responses(TableFiles.load(table_toml), admission.responses, out)
    if needs_cosignature(admission):
        return admission, write_pending(table_toml, admission)
    return admission, publish(table_toml, admission.version, admission.responses, out)


def resolve_member(d: Directory, member: str) -> tuple[str, str]:
    """ "partner/nla", "chair/x", "officer/x", "keyholder" or a bare name -> (role, name)."""
    role, sep, name = member.partition("/")
    if sep:
        found = {"partner": d.partners, "chair": d.chairs, "officer": d.officers}.get(role, {})
        if name in found:
            return role, name
    elif member == "keyholder" and d.keyholder is not None:
        return "keyholder", ""
    else:
        matches = [
            (r, member)
            for r, c in (("partner", d.partners), ("chair", d.chairs), ("officer", d.officers))
            if member in c
        ]
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise ConfigError(i18n.t("enrol.ambiguous", name=member, members=", ".join(f"{r}/{n}" for r, n in matches)))
    raise ConfigError(i18n.t("enrol.not_member", who=member, table=d.table))


def table_remove(table_toml: Path, member: str, now: datetime.datetime | None = None) -> Directory:
    """`signalmatch table remove`: the next version without the member (a partner's officer goes
    with it). Removing a partner asks for a new key epoch, dealt to the partners that remain, and
    hands the dealer's task to another partner when it was the dealer."""
    now = now or utc_now()
    table = TableFiles.load(table_toml)
    chain = _current(table)
    current, current_signed = chain.head, chain.head_signed
    assert current is not None and current_signed is not None
    role, name = resolve_member(current, member)
    changes: dict[str, Any] = {}
    if role == "partner":
        partners = {k: v for k, v in current.partners.items() if k != name}
        changes["partners"] = partners
        changes["officers"] = {k: v for k, v in current.officers.items() if k != name}
        if current.dealer == name:
            changes["dealer"] = min(partners) if partners else ""
        changes.update(dirmod.requested_epoch(current, queue=True))  # the removed partner knows the secret
    elif role == "chair":
        changes["chairs"] = {k: v for k, v in current.chairs.items() if k != name}
    elif role == "officer":
        changes["officers"] = {k: v for k, v in current.officers.items() if k != name}
        if current.cosigner == name:
            changes["cosigner"] = ""
    else:
        changes["keyholder"] = None
    new = dirmod.next_version(current, current_signed, rfc3339(now), **changes)
    signed = dirmod.sign(new, table.signing_key())
    publish(table_toml, signed, {}, None)
    return new


def _publish_changes(
    table_toml: Path, changes_of: Callable[[Directory], dict[str, Any]], now: datetime.datetime | None = None) -> Directory:
    """Publish the next version with the changes `changes_of(current)` returns (none: nothing)."""
    table = TableFiles.load(table_toml)
    chain = _current(table)
    current, current_signed = chain.head, chain.head_signed
    assert current is not None and current_signed is not None
    changes = changes_of(current)
    if not changes:
        return current
    new = dirmod.next_version(current, current_signed, rfc3339(now or utc_now()), **changes)
    publish(table_toml, dirmod.sign(new, table.signing_key()), {}, None)
    return new


def table_dealer(table_toml: Path, partner: str) -> Directory:
    """`signalmatch table dealer PARTNER`: another partner takes over dealing the table secrets
    (it deals new epochs, and current ones to newcomers, from the secrets it holds)."""

    def changes(d: Directory) -> dict:
        if partner not in d.partners:
            raise ConfigError(i18n.t("enrol.not_member", who=f"partner/{partner}", table=d.table))
        return {"dealer": partner} if d.dealer != partner else {}

    return _publish_changes(table_toml, changes)


def table_renew_matcher(table_toml: Path, matcher_toml: Path | None = None) -> datetime.datetime:
    """`signalmatch table renew-matcher`: the operator renews the matcher's certificate with the
    issuing CA (when it keeps that CA offline; otherwise the matcher does so itself)."""
    from signalmatch.matcher.directory_service import renew_own_certificate

    table = TableFiles.load(table_toml)
    matcher = read_toml(matcher_toml or table.path.parent / "matcher" / "matcher.toml")
    base = Path(matcher_toml or table.path.parent / "matcher" / "matcher.toml").parent
    tls = TlsFiles(*(base / matcher["tls"][k] for k in ("ca", "cert", "key")))
    key, issuer = table.issuer()
    renew_own_certificate(tls, key, issuer, table.table, utc_now(), fraction=1.0)
    return pki.load_certificates(tls.cert.read_bytes())[0].not_valid_after_utc


def table_rotate(table_toml: Path) -> int:
    """`signalmatch table rotate`: ask for a new key epoch (the keyholder makes its key, the
    dealer deals the secret; the matcher then starts the epoch). Returns the epoch asked for."""
    return _publish_changes(table_toml, dirmod.requested_epoch).epochs.pending


def table_start_epoch(table_toml: Path, key: dirmod.OprfKey) -> Directory:
    """Start the requested epoch with the keyholder's signed key (what the matcher does by itself
    when it holds the directory key)."""
    return _publish_changes(table_toml, lambda d: dirmod.started_epoch(d, key))


def table_destroy_epoch(table_toml: Path, epoch: int) -> Directory:
    """Destroy an old epoch: every process deletes its secret, key and tokens when it applies it."""
    return _publish_changes(table_toml, lambda d: dirmod.finished_epoch(d, epoch))


# -- the co-signer --------------------------------------------------------------------------------------


def officer_cosign(officer_toml: Path, pending: Path, out: Path | None = None) -> tuple[Path, list[str], int]:
    """`signalmatch officer cosign`: check that the pending version follows the base it names
    (both signed with the pinned directory key), show what it widens, and co-sign it."""
    data = read_toml(officer_toml)
    base_dir = Path(officer_toml).absolute().parent
    pinned = data.get("pins", {}).get("directory_key", "")
    if not pinned:
        raise ConfigError(i18n.t("config.not_enrolled", path=officer_toml, role="officer"))
    base, version, _ = read_pending(pending)
    chain = dirmod.Chain(pinned, data["table"])
    base_directory = chain.trust(base)
    if base_directory.cosigner != data["name"]:
        raise ConfigError(i18n.t("enrol.not_cosigner", who=f"officer/{data['name']}", cosigner=base_directory.cosigner))
    cosigned = dirmod.cosign(version, crypto.load_ed25519_private(base_dir / data["signing_key"]))
    new = chain.check(cosigned)  # the operator's signature, the hash link to the base, this co-signature
    changes = dirmod.widening_changes(base_directory, new)
    target = Path(out or Path(pending).with_suffix(".cosigned.json"))
    write_public(target, json.dumps(pending_document(Admission(cosigned, base, {}, changes)), indent=1) + "\n")
    return target, changes, new.version
