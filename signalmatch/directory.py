"""The table's signed directory: who is a member, with which keys, and under which policy.

One version is a canonical JSON document (sorted keys, no spaces, UTF-8) that the table operator
signs with the directory key (Ed25519, label ``signalmatch.v1.Directory``). Versions are numbered
from 1 and hash-chained: each names the SHA-256 of the previous version's bytes. A version that
widens who sees data (a new partner, chair or officer, a member's keys, the keyholder, a trust
anchor, the co-signer, or a policy change such as turning fuzzy matching on) also needs the
signature of the table's privacy officer (the *co-signer* named in the version before). Every
process pins the directory key at enrolment and accepts only the next version of the chain it
holds, so a forged, rolled-back, re-ordered or un-co-signed version is refused everywhere.

The keyholder signs each OPRF public key it announces (``signalmatch.v1.OprfKey``); a version is
valid only if every published key carries the keyholder's signature, so neither the operator nor
the matcher can slip in a key of their own.

Pure: no files, no network. The operator's tools (deploy/table_admin.py) write versions, the matcher
serves them (DirectoryService), every process verifies them with :class:`Chain`.
"""

from __future__ import annotations

import base64
import dataclasses
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from signalmatch import crypto, i18n
from signalmatch.errors import AuthenticationError, ConfigError, ValidationError, Violation

if TYPE_CHECKING:
    from signalmatch.config import TablePolicy

FORMAT = "signalmatch.directory.v1"
LABEL = "signalmatch.v1.Directory"
OPRF_KEY_LABEL = "signalmatch.v1.OprfKey"
TABLE_OFFICER = "tafel"  # the table's privacy officer; reserved as a partner id


class DirectoryRefused(AuthenticationError):
    """A directory version (or something claiming to be one) that this process does not accept."""


# -- the document --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PartnerEntry:
    id: str
    kind: str
    signing_public_key: str  # base64 raw Ed25519: batches, deals, renewal requests
    encryption_public_key: str  # base64 raw X25519: disclosures and dealt table secrets
    tls: str = ""  # SPKI SHA-256 pin of the node's certificate ("" when known by OIN only)
    operator_tls: str = ""  # SPKI pin of the partner's staff certificate (its own intake)
    address: str = ""  # the node's listen address (its own staff and officer connect there)
    oin: str = ""  # 20-digit OIN when its node presents a certificate of an external PKI


@dataclass(frozen=True)
class ChairEntry:
    name: str
    signing_public_key: str
    encryption_public_key: str
    tls: str


@dataclass(frozen=True)
class OfficerEntry:
    name: str  # the partner id, or "tafel"
    partner: str  # "" for the table's officer
    tls: str
    signing_public_key: str = ""  # the co-signer's key (the table's officer)


@dataclass(frozen=True)
class MatcherEntry:
    address: str
    signing_public_key: str
    log_public_key: str
    tls: str


@dataclass(frozen=True)
class OprfKey:
    epoch: int
    public_key: str  # base64 of the 32-byte ristretto255 element
    signature: str  # base64 Ed25519 signature of the keyholder over (table, epoch, key)


@dataclass(frozen=True)
class KeyholderEntry:
    address: str
    signing_public_key: str
    tls: str
    oprf_keys: Mapping[int, OprfKey] = field(default_factory=dict)


@dataclass(frozen=True)
class Epochs:
    current: int = 0  # 0 until the keyholder's first key is published
    active: tuple[int, ...] = ()
    destroyed: tuple[int, ...] = ()
    pending: int = 0  # requested next epoch (keyholder makes its key, dealer deals), 0 if none


@dataclass(frozen=True)
class Anchor:
    """An external trust anchor (e.g. a PKIoverheid Private Services root), PEM."""

    name: str
    pem: str


@dataclass(frozen=True)
class Directory:
    table: str
    version: int
    previous: str  # hex SHA-256 of the previous version's bytes, "" for version 1
    issued: str  # RFC 3339
    directory_key: str  # base64 raw Ed25519 public key that signs every version
    ca_root: str  # PEM of the table's root CA
    matcher: MatcherEntry
    policy: Any  # signalmatch.config.TablePolicy
    keyholder: KeyholderEntry | None = None
    partners: Mapping[str, PartnerEntry] = field(default_factory=dict)
    chairs: Mapping[str, ChairEntry] = field(default_factory=dict)
    officers: Mapping[str, OfficerEntry] = field(default_factory=dict)
    epochs: Epochs = Epochs()
    dealer: str = ""  # the partner that deals the table secrets
    cosigner: str = ""  # the officer whose signature widening changes need ("" until admitted)
    anchors: tuple[Anchor, ...] = ()

    def oprf_public_keys(self) -> dict[int, str]:
        return {} if self.keyholder is None else {e: k.public_key for e, k in self.keyholder.oprf_keys.items()}

    def member_names(self) -> list[str]:
        """Every member as role/name, e.g. "partner/nla", for messages and audit details."""
        names = [f"partner/{p}" for p in self.partners] + [f"chair/{c}" for c in self.chairs]
        names += [f"officer/{o}" for o in self.officers]
        return names + (["keyholder"] if self.keyholder else [])


def to_document(d: Directory) -> dict[str, Any]:
    from signalmatch.config import policy_document

    document: dict[str, Any] = {
        "format": FORMAT,
        "table": d.table,
        "version": d.version,
        "previous": d.previous,
        "issued": d.issued,
        "directory_key": d.directory_key,
        "ca_root": d.ca_root,
        "anchors": [dataclasses.asdict(a) for a in d.anchors],
        "cosigner": d.cosigner,
        "dealer": d.dealer,
        "matcher": dataclasses.asdict(d.matcher),
        "keyholder": None,
        "partners": {k: _without(dataclasses.asdict(v), "id") for k, v in sorted(d.partners.items())},
        "chairs": {k: _without(dataclasses.asdict(v), "name") for k, v in sorted(d.chairs.items())},
        "officers": {k: _without(dataclasses.asdict(v), "name") for k, v in sorted(d.officers.items())},
        "policy": policy_document(d.policy),
        "epochs": {
            "current": d.epochs.current,
            "active": list(d.epochs.active),
            "destroyed": list(d.epochs.destroyed),
            "pending": d.epochs.pending,
        },
    }
    if d.keyholder is not None:
        document["keyholder"] = {
            "address": d.keyholder.address,
            "signing_public_key": d.keyholder.signing_public_key,
            "tls": d.keyholder.tls,
            "oprf_keys": {
                str(e): {"public_key": k.public_key, "signature": k.signature}
                for e, k in sorted(d.keyholder.oprf_keys.items())
            },
        }
    return document


def _without(mapping: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in mapping.items() if k != key}


def canonical(document: Mapping[str, Any]) -> bytes:
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def from_document(document: Mapping[str, Any]) -> Directory:
    """The directory in `document`, with every field checked; DirectoryRefused otherwise."""
    from signalmatch.config import parse_policy

    version = document.get("version", "?") if isinstance(document, Mapping) else "?"
    try:
        return _parse(document, parse_policy)
    except (ConfigError, KeyError, TypeError, ValueError, AttributeError) as exc:
        reason = str(exc) if isinstance(exc, ConfigError | ValueError) else f"{type(exc).__name__}: {exc}"
        raise DirectoryRefused(i18n.t("directory.malformed", version=version, reason=reason)) from None


def _text(value: Any, what: str, allow_empty: bool = True) -> str:
    if not isinstance(value, str) or (not allow_empty and not value):
        raise ValueError(f"{what}: expected a {'non-empty ' if not allow_empty else ''}string")
    return value


def _key(value: Any, what: str, ed25519: bool = False, allow_empty: bool = False) -> str:
    text = _text(value, what)
    if not text and allow_empty:
        return text
    try:
        raw = base64.b64decode(text, validate=True)
        if len(raw) != 32:
            raise ValueError(len(raw))
        if ed25519:
            Ed25519PublicKey.from_public_bytes(raw)
    except ValueError:
        raise ValueError(f"{what}: not a base64 public key of 32 bytes") from None
    return text


def _pin(value: Any, what: str, allow_empty: bool = True) -> str:
    text = _text(value, what)
    if (text or not allow_empty) and (len(text) != 64 or any(c not in "0123456789abcdef" for c in text)):
        raise ValueError(f"{what}: expected the hex SHA-256 of a public key")
    return text


def _int(value: Any, what: str, minimum: int = 0) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise ValueError(f"{what}: expected a whole number from {minimum}")
    return value


def _epoch_list(value: Any, what: str) -> tuple[int, ...]:
    if not isinstance(value, list):
        raise ValueError(f"{what}: expected a list")
    return tuple(sorted({_int(v, what, 1) for v in value}))


def _parse(doc: Mapping[str, Any], parse_policy: Callable[[Any, str], TablePolicy]) -> Directory:
    from signalmatch.config import ID_PATTERN, PARTNER_KINDS, split_address

    if doc.get("format") != FORMAT:
        raise ValueError(f"format: expected {FORMAT}")
    table = _text(doc["table"], "table")
    if not ID_PATTERN.fullmatch(table):
        raise ValueError("table: not a valid id")

    def ident(value: Any, what: str) -> str:
        if not isinstance(value, str) or not ID_PATTERN.fullmatch(value):
            raise ValueError(f"{what}: not a valid id")
        return value

    def address(value: Any, what: str) -> str:
        text = _text(value, what)
        if text:
            split_address(text)
        return text

    m = doc["matcher"]
    matcher = MatcherEntry(
        address(m["address"], "matcher.address"),
        _key(m["signing_public_key"], "matcher.signing_public_key", ed25519=True),
        _key(m["log_public_key"], "matcher.log_public_key", ed25519=True),
        _pin(m["tls"], "matcher.tls", allow_empty=False),
    )
    partners = {}
    for pid, p in dict(doc["partners"]).items():
        ident(pid, "partners")
        if pid == TABLE_OFFICER:
            raise ValueError(f"partners.{pid}: reserved for the table's officer")
        if p["kind"] not in PARTNER_KINDS:
            raise ValueError(f"partners.{pid}.kind: unknown kind")
        oin = _text(p.get("oin", ""), f"partners.{pid}.oin")
        if oin and (len(oin) != 20 or not oin.isdigit()):
            raise ValueError(f"partners.{pid}.oin: expected 20 digits")
        partners[pid] = PartnerEntry(
            pid,
            p["kind"],
            _key(p["signing_public_key"], f"partners.{pid}.signing_public_key", ed25519=True),
            _key(p["encryption_public_key"], f"partners.{pid}.encryption_public_key"),
            _pin(p.get("tls", ""), f"partners.{pid}.tls", allow_empty=bool(oin)),
            _pin(p.get("operator_tls", ""), f"partners.{pid}.operator_tls"),
            address(p.get("address", ""), f"partners.{pid}.address"),
            oin,
        )
    chairs = {
        name: ChairEntry(
            ident(name, "chairs"),
            _key(c["signing_public_key"], f"chairs.{name}.signing_public_key", ed25519=True),
            _key(c["encryption_public_key"], f"chairs.{name}.encryption_public_key"),
            _pin(c["tls"], f"chairs.{name}.tls", allow_empty=False),
        )
        for name, c in dict(doc["chairs"]).items()
    }
    officers = {}
    for name, o in dict(doc["officers"]).items():
        partner = _text(o.get("partner", ""), f"officers.{name}.partner")
        if (name == TABLE_OFFICER) != (partner == "") or (partner and partner != name):
            raise ValueError(f"officers.{name}: a partner's officer is named after its partner, the table's is 'tafel'")
        officers[ident(name, "officers")] = OfficerEntry(
            name,
            partner,
            _pin(o["tls"], f"officers.{name}.tls", allow_empty=False),
            _key(
                o.get("signing_public_key", ""), f"officers.{name}.signing_public_key", ed25519=True, allow_empty=True
            ),
        )
    keyholder = None
    if doc.get("keyholder") is not None:
        k = doc["keyholder"]
        signing = _key(k["signing_public_key"], "keyholder.signing_public_key", ed25519=True)
        keys = {}
        for text, entry in dict(k.get("oprf_keys", {})).items():
            epoch = _int(int(text) if str(text).isdigit() else -1, f"keyholder.oprf_keys.{text}", 1)
            key = OprfKey(
                epoch,
                _key(entry["public_key"], f"keyholder.oprf_keys.{text}.public_key"),
                _text(entry["signature"], f"keyholder.oprf_keys.{text}.signature"),
            )
            verify_oprf_key(table, signing, key)
            keys[epoch] = key
        keyholder = KeyholderEntry(
            address(k["address"], "keyholder.address"),
            signing,
            _pin(k["tls"], "keyholder.tls", allow_empty=False),
            keys,
        )
    e = doc["epochs"]
    epochs = Epochs(
        _int(e["current"], "epochs.current"),
        _epoch_list(e["active"], "epochs.active"),
        _epoch_list(e["destroyed"], "epochs.destroyed"),
        _int(e.get("pending", 0), "epochs.pending"),
    )
    published = set() if keyholder is None else set(keyholder.oprf_keys)
    if epochs.current and (epochs.current not in epochs.active or not set(epochs.active) <= published):
        raise ValueError("epochs: the current epoch must be active and every active epoch needs a published key")
    if set(epochs.active) & set(epochs.destroyed) or (not epochs.current and epochs.active):
        raise ValueError("epochs: an epoch is active and destroyed at once, or active without a current epoch")
    dealer = _text(doc.get("dealer", ""), "dealer")
    if dealer and dealer not in partners:
        raise ValueError("dealer: must be one of the partners")
    cosigner = _text(doc.get("cosigner", ""), "cosigner")
    if cosigner and not (cosigner in officers and officers[cosigner].signing_public_key):
        raise ValueError("cosigner: must be an officer with a signing key")
    anchors = tuple(
        Anchor(_text(a["name"], "anchors.name", False), _text(a["pem"], "anchors.pem", False))
        for a in doc.get("anchors", [])
    )
    return Directory(
        table=table,
        version=_int(doc["version"], "version", 1),
        previous=_text(doc["previous"], "previous"),
        issued=_text(doc["issued"], "issued"),
        directory_key=_key(doc["directory_key"], "directory_key", ed25519=True),
        ca_root=_text(doc["ca_root"], "ca_root", False),
        matcher=matcher,
        policy=parse_policy(doc["policy"], f"directory v{doc['version']}"),
        keyholder=keyholder,
        partners=partners,
        chairs=chairs,
        officers=officers,
        epochs=epochs,
        dealer=dealer,
        cosigner=cosigner,
        anchors=anchors,
    )


# -- OPRF key announcements (made and signed by the keyholder) -------------------------------------


def oprf_key_payload(table: str, epoch: int, public_key: str) -> bytes:
    return crypto.encode_fields(table, str(epoch), base64.b64decode(public_key))


def announce_oprf_key(key: Ed25519PrivateKey, table: str, epoch: int, public_key: str) -> OprfKey:
    signature = crypto.sign(key, OPRF_KEY_LABEL, oprf_key_payload(table, epoch, public_key))
    return OprfKey(epoch, public_key, base64.b64encode(signature).decode("ascii"))


def verify_oprf_key(table: str, keyholder_signing_key: str, key: OprfKey) -> None:
    try:
        signature = base64.b64decode(key.signature, validate=True)
        crypto.verify(
            crypto.ed25519_public_from_b64(keyholder_signing_key),
            OPRF_KEY_LABEL,
            oprf_key_payload(table, key.epoch, key.public_key),
            signature,
        )
    except (AuthenticationError, ConfigError, ValueError):
        raise DirectoryRefused(i18n.t("directory.oprf_signature", epoch=key.epoch)) from None


# -- signed versions -----------------------------------------------------------------------------


@dataclass(frozen=True)
class SignedVersion:
    """The exact bytes of one version with the operator's signature and, when needed, the co-signature."""

    body: bytes
    signature: bytes
    cosignature: bytes = b""

    @property
    def digest(self) -> str:
        return crypto.sha256(self.body).hex()

    def directory(self) -> Directory:
        try:
            document = json.loads(self.body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise DirectoryRefused(i18n.t("directory.malformed", version="?", reason="not JSON")) from None
        if not isinstance(document, dict) or canonical(document) != self.body:
            raise DirectoryRefused(i18n.t("directory.malformed", version="?", reason="not canonical JSON"))
        return from_document(document)

    def to_json(self) -> str:
        return json.dumps(
            {
                "body": base64.b64encode(self.body).decode("ascii"),
                "signature": base64.b64encode(self.signature).decode("ascii"),
                "cosignature": base64.b64encode(self.cosignature).decode("ascii"),
            },
            indent=1,
        )

    @classmethod
    def from_json(cls, text: str | bytes) -> SignedVersion:
        try:
            data = json.loads(text)
            return cls(*(base64.b64decode(data[k], validate=True) for k in ("body", "signature", "cosignature")))
        except (ValueError, KeyError, TypeError):
            raise DirectoryRefused(i18n.t("directory.malformed", version="?", reason="not a signed version")) from None

    def save(self, path: Path) -> None:
        path.write_text(self.to_json() + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> SignedVersion:
        return cls.from_json(Path(path).read_bytes())


def sign(directory: Directory, key: Ed25519PrivateKey) -> SignedVersion:
    body = canonical(to_document(directory))
    return SignedVersion(body, crypto.sign(key, LABEL, body))


def cosign(signed: SignedVersion, key: Ed25519PrivateKey) -> SignedVersion:
    return dataclasses.replace(signed, cosignature=crypto.sign(key, LABEL, signed.body))


# -- what widens who sees data -----------------------------------------------------------------


def widening_changes(old: Directory | None, new: Directory) -> list[str]:
    """The changes from `old` to `new` that need the co-signer (codes such as "partner+nla")."""
    if old is None:
        return []
    changes: list[str] = []

    def members(kind: str, before: Mapping[str, Any], after: Mapping[str, Any]) -> None:
        for name, entry in sorted(after.items()):
            previous = before.get(name)
            if previous is None:
                changes.append(f"{kind}+{name}")
            elif _identity(previous) != _identity(entry):
                changes.append(f"{kind}~{name}")

    members("partner", old.partners, new.partners)
    members("chair", old.chairs, new.chairs)
    members("officer", old.officers, new.officers)
    if _identity(old.keyholder) != _identity(new.keyholder):
        changes.append("keyholder~")
    if new.cosigner != old.cosigner:
        changes.append(f"cosigner~{new.cosigner}")
    if {a.pem for a in new.anchors} - {a.pem for a in old.anchors}:
        changes.append("anchors+")
    if new.ca_root != old.ca_root:
        changes.append("ca~")
    changes += [f"policy:{c}" for c in policy_widening(old.policy, new.policy)]
    return changes


def _identity(entry: Any) -> tuple:
    """The fields of a member entry that decide who it is and who can read what is sealed to it
    (not its address)."""
    if entry is None:
        return ()
    values = dataclasses.asdict(entry)
    values.pop("address", None)
    values.pop("oprf_keys", None)
    return tuple(sorted(values.items()))


def policy_widening(old: Any, new: Any) -> list[str]:
    changes = []
    if new.fuzzy_matching and not old.fuzzy_matching:
        changes.append("fuzzy_matching")
    if new.disclose_to_partners and not old.disclose_to_partners:
        changes.append("disclose_to_partners")
    for name in ("purposes", "legal_bases", "municipalities"):
        if set(getattr(new, name)) - set(getattr(old, name)):
            changes.append(name)
    for name in ("link_probability", "review_probability"):  # lower: links more
        if getattr(new, name) < getattr(old, name):
            changes.append(name)
    if new.request_ttl_hours > old.request_ttl_hours:
        changes.append("request_ttl_hours")
    return changes


# -- verification: the chain a process holds -----------------------------------------------------


class Chain:
    """The directory versions a process has accepted: it pins the directory key (from enrolment)
    and accepts only the next version, checking signature, co-signature and hash link."""

    def __init__(self, directory_key: str, table: str):
        self.directory_key = directory_key
        self.table = table
        self._public = crypto.ed25519_public_from_b64(directory_key)
        self.head: Directory | None = None
        self.head_signed: SignedVersion | None = None

    @property
    def version(self) -> int:
        return 0 if self.head is None else self.head.version

    def check(self, signed: SignedVersion) -> Directory:
        """The directory of `signed` if it is the valid next version; DirectoryRefused otherwise."""
        new = signed.directory()
        current = self.head
        if new.table != self.table:
            raise DirectoryRefused(i18n.t("directory.table", version=new.version, found=new.table, expected=self.table))
        if current is not None and new.version <= current.version:
            raise DirectoryRefused(i18n.t("directory.rollback", version=new.version, current=current.version))
        try:
            crypto.verify(self._public, LABEL, signed.body, signed.signature)
        except AuthenticationError:
            raise DirectoryRefused(i18n.t("directory.signature", version=new.version)) from None
        if new.directory_key != self.directory_key:
            raise DirectoryRefused(i18n.t("directory.signature", version=new.version))
        if current is None:
            if new.version != 1 or new.previous:
                raise DirectoryRefused(i18n.t("directory.genesis", version=new.version))
        else:
            if new.version != current.version + 1:
                raise DirectoryRefused(i18n.t("directory.gap", version=new.version, current=current.version))
            assert self.head_signed is not None
            if new.previous != self.head_signed.digest:
                raise DirectoryRefused(i18n.t("directory.chain", version=new.version, current=current.version))
        changes = widening_changes(current, new)
        if changes and current is not None:
            self._check_cosignature(current, new, signed, changes)
        return new

    def _check_cosignature(self, current: Directory, new: Directory, signed: SignedVersion, changes: list[str]) -> None:
        summary = ", ".join(changes)
        if not current.cosigner:
            # Bootstrap: until a co-signer exists, the only widening allowed is admitting the
            # table's officer as the co-signer.
            allowed = {f"officer+{TABLE_OFFICER}", f"cosigner~{TABLE_OFFICER}"}
            if new.cosigner == TABLE_OFFICER and set(changes) <= allowed:
                return
            raise DirectoryRefused(i18n.t("directory.no_cosigner", version=new.version, changes=summary))
        key = current.officers[current.cosigner].signing_public_key
        try:
            crypto.verify(crypto.ed25519_public_from_b64(key), LABEL, signed.body, signed.cosignature)
        except AuthenticationError:
            raise DirectoryRefused(
                i18n.t("directory.cosignature", version=new.version, changes=summary, cosigner=current.cosigner)
            ) from None

    def accept(self, signed: SignedVersion) -> Directory:
        new = self.check(signed)
        self.head, self.head_signed = new, signed
        return new

    def accept_all(self, versions: list[SignedVersion]) -> list[Directory]:
        """Accept versions in order; stops at (and raises) the first refused one, keeping those before."""
        return [self.accept(v) for v in versions]

    def trust(self, signed: SignedVersion) -> Directory:
        """Take `signed` as head without the chain before it: only for this process's own cache,
        written after it had verified the chain (DirectoryRefused if the signature is bad)."""
        new = signed.directory()
        try:
            crypto.verify(self._public, LABEL, signed.body, signed.signature)
        except AuthenticationError:
            raise DirectoryRefused(i18n.t("directory.signature", version=new.version)) from None
        if new.table != self.table:
            raise DirectoryRefused(i18n.t("directory.table", version=new.version, found=new.table, expected=self.table))
        self.head, self.head_signed = new, signed
        return new


def next_version(current: Directory, current_signed: SignedVersion, issued: str, **changes: Any) -> Directory:
    """The successor of `current` with `changes` applied (version + 1, hash link, issue time)."""
    return dataclasses.replace(
        current, version=current.version + 1, previous=current_signed.digest, issued=issued, **changes
    )


# -- key epochs ------------------------------------------------------------------------------------


def _epoch_refused(field_name: str, rule: str, **values: object) -> ValidationError:
    return ValidationError([Violation(field_name, rule, i18n.t(rule, **values))])


def requested_epoch(d: Directory, queue: bool = False) -> dict[str, Any]:
    """Changes that ask for the next key epoch. One rotation at a time: while two epochs are
    active this is refused, unless `queue` (a removal), when the epoch starts after the old one
    is destroyed."""
    e = d.epochs
    if e.pending or not e.current:
        return {}
    if len(e.active) > 1 and not queue:
        epochs = ", ".join(map(str, e.active))
        raise _epoch_refused("epoch", "directory.epoch.rotating", epochs=epochs, oldest=e.active[0])
    return {"epochs": dataclasses.replace(e, pending=max([e.current, *e.active, *e.destroyed]) + 1)}


def started_epoch(d: Directory, key: OprfKey) -> dict[str, Any]:
    """Changes that start the requested epoch with the keyholder's signed key: it becomes current
    while the epoch before stays active until every partner has switched."""
    e = d.epochs
    if d.keyholder is None or key.epoch != e.pending:
        raise _epoch_refused("epoch", "directory.epoch.not_requested", epoch=key.epoch, pending=e.pending)
    if len(e.active) > 1:
        active = ", ".join(map(str, e.active))
        raise _epoch_refused("epoch", "directory.epoch.rotating", epochs=active, oldest=e.active[0])
    verify_oprf_key(d.table, d.keyholder.signing_public_key, key)
    keyholder = dataclasses.replace(d.keyholder, oprf_keys={**d.keyholder.oprf_keys, key.epoch: key})
    epochs = Epochs(key.epoch, tuple(sorted({*e.active, key.epoch})), e.destroyed, 0)
    return {"keyholder": keyholder, "epochs": epochs}


def finished_epoch(d: Directory, epoch: int) -> dict[str, Any]:
    """Changes that destroy an old epoch (crypto-shredding): out of the active epochs and the
    published keys, listed as destroyed."""
    e = d.epochs
    if epoch == e.current:
        raise _epoch_refused("epoch", "directory.epoch.current", epoch=epoch)
    if epoch not in e.active:
        raise _epoch_refused("epoch", "directory.epoch.unknown", epoch=epoch, active=", ".join(map(str, e.active)))
    assert d.keyholder is not None
    keys = {n: k for n, k in d.keyholder.oprf_keys.items() if n != epoch}
    return {
        "keyholder": dataclasses.replace(d.keyholder, oprf_keys=keys),
        "epochs": Epochs(
            e.current, tuple(n for n in e.active if n != epoch), tuple(sorted({*e.destroyed, epoch})), e.pending
        ),
    }


def table_fingerprint(table: str, ca_root_pem: str, directory_key: str) -> str:
    """What the operator reads out and every member compares when installing: the table's root
    CA and directory key."""
    return crypto.short_fingerprint(table, ca_root_pem.encode("ascii"), base64.b64decode(directory_key))
