"""The signed directory (signalmatch/directory.py), table secret deals (signalmatch/deal.py), HPKE
against the RFC 9180 vectors (signalmatch/crypto.py) and X.509 paths (signalmatch/pki.py): pure."""

from __future__ import annotations

import base64
import dataclasses
import datetime
import json
from pathlib import Path

import pytest
from cryptography.hazmat.bindings._rust import openssl as rust_openssl
from cryptography.hazmat.primitives import hpke
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from signalmatch import crypto, deal, directory, oprf, pki
from signalmatch.config import DEFAULT_POLICY
from signalmatch.directory import DirectoryRefused, Epochs, SignedVersion
from signalmatch.errors import AuthenticationError, ValidationError

VECTORS = Path(__file__).resolve().parents[1] / "vectors" / "rfc9180-hpke.json"
TABLE = "midden-nederland"
NOW = datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC)
PIN = "ab" * 32


def b64(key) -> str:
    return crypto.public_key_b64(key)


@dataclasses.dataclass
class Table:
    """A chain of directory versions made with keys the test holds."""

    key: Ed25519PrivateKey
    officer: Ed25519PrivateKey
    keyholder: Ed25519PrivateKey
    partners: dict[str, tuple[Ed25519PrivateKey, X25519PrivateKey]]
    versions: list[SignedVersion]

    @property
    def head(self) -> directory.Directory:
        return self.versions[-1].directory()

    def next(self, cosign: bool = False, **changes) -> SignedVersion:
        new = directory.next_version(self.head, self.versions[-1], "2026-03-01T00:00:00Z", **changes)
        signed = directory.sign(new, self.key)
        return directory.cosign(signed, self.officer) if cosign else signed

    def publish(self, cosign: bool = False, **changes) -> SignedVersion:
        signed = self.next(cosign, **changes)
        self.versions.append(signed)
        return signed

    def chain(self) -> directory.Chain:
        return directory.Chain(b64(self.key), TABLE)

    def partner_entry(self, name: str) -> directory.PartnerEntry:
        signing, encryption = self.partners.setdefault(
            name, (Ed25519PrivateKey.generate(), X25519PrivateKey.generate())
        )
        return directory.PartnerEntry(name, "nla", b64(signing), b64(encryption), PIN, PIN, "127.0.0.1:1")


@pytest.fixture
def table() -> Table:
    key, officer, keyholder = (Ed25519PrivateKey.generate() for _ in range(3))
    first = directory.Directory(
        table=TABLE,
        version=1,
        previous="",
        issued="2026-03-01T00:00:00Z",
        directory_key=b64(key),
        ca_root="-----BEGIN CERTIFICATE-----\n",
        matcher=directory.MatcherEntry(
            "127.0.0.1:1", b64(Ed25519PrivateKey.generate()), b64(Ed25519PrivateKey.generate()), PIN
        ),
        policy=DEFAULT_POLICY,
    )
    t = Table(key, officer, keyholder, {}, [directory.sign(first, key)])
    tafel = directory.OfficerEntry("tafel", "", PIN, b64(officer))
    t.publish(officers={"tafel": tafel}, cosigner="tafel")  # bootstrap: the operator alone
    announced = announce(keyholder, 1)
    t.publish(
        cosign=True,
        partners={p: t.partner_entry(p) for p in ("vtgv", "nla", "politie-avim")},
        keyholder=directory.KeyholderEntry("127.0.0.1:2", b64(keyholder), PIN, {1: announced}),
        epochs=Epochs(1, (1,)),
        dealer="nla",
    )
    return t


def announce(keyholder: Ed25519PrivateKey, epoch: int) -> directory.OprfKey:
    public = base64.b64encode(oprf.generate_key_pair().public).decode()
    return directory.announce_oprf_key(keyholder, TABLE, epoch, public)


# -- the chain --------------------------------------------------------------------------------------


def test_a_chain_verifies_from_version_one(table):
    chain = table.chain()
    heads = chain.accept_all(table.versions)
    assert [d.version for d in heads] == [1, 2, 3]
    assert chain.head.partners["nla"].kind == "nla" and chain.head.cosigner == "tafel"
    assert table.versions[1].directory().previous == table.versions[0].digest


def test_bytes_round_trip_canonically(table):
    for signed in table.versions:
        assert directory.canonical(directory.to_document(signed.directory())) == signed.body
        assert SignedVersion.from_json(signed.to_json()) == signed


def test_a_forged_signature_is_refused(table):
    chain = table.chain()
    chain.accept_all(table.versions)
    forged = directory.sign(
        directory.next_version(table.head, table.versions[-1], "x", dealer="vtgv"), Ed25519PrivateKey.generate()
    )
    with pytest.raises(DirectoryRefused, match="handtekening"):
        chain.check(forged)
    tampered = dataclasses.replace(
        table.next(dealer="vtgv"), body=table.next(dealer="vtgv").body.replace(b"vtgv", b"nla")
    )
    with pytest.raises(DirectoryRefused):
        chain.check(tampered)


def test_a_widening_version_without_the_cosignature_is_refused(table):
    chain = table.chain()
    chain.accept_all(table.versions)
    new_partners = {**table.head.partners, "om": table.partner_entry("om")}
    with pytest.raises(DirectoryRefused, match="medeondertekening") as refused:
        chain.check(table.next(partners=new_partners))
    assert "partner+om" in str(refused.value)
    wrong = directory.cosign(table.next(partners=new_partners), Ed25519PrivateKey.generate())
    with pytest.raises(DirectoryRefused):
        chain.check(wrong)
    assert chain.check(table.next(cosign=True, partners=new_partners)).partners.keys() >= {"om"}


@pytest.mark.parametrize(
    "change, widens",
    [
        (lambda d: {"policy": dataclasses.replace(d.policy, fuzzy_matching=False)}, []),
        (
            lambda d: {"policy": dataclasses.replace(d.policy, disclose_to_partners=True)},
            ["policy:disclose_to_partners"],
        ),
        (
            lambda d: {"policy": dataclasses.replace(d.policy, purposes=(*d.policy.purposes, "nieuw"))},
            ["policy:purposes"],
        ),
        (
            lambda d: {"policy": dataclasses.replace(d.policy, link_probability=0.9)},
            ["policy:link_probability"],
        ),
        (lambda d: {"policy": dataclasses.replace(d.policy, request_ttl_hours=24)}, []),
        (lambda d: {"partners": {k: v for k, v in d.partners.items() if k != "vtgv"}}, []),
        (lambda d: {"partners": {**d.partners, "nla": dataclasses.replace(d.partners["nla"], address="h:2")}}, []),
        (
            lambda d: {"partners": {**d.partners, "nla": dataclasses.replace(d.partners["nla"], tls="cd" * 32)}},
            ["partner~nla"],
        ),
        (lambda d: {"anchors": (directory.Anchor("pkio", "PEM"),)}, ["anchors+"]),
        (lambda d: {"dealer": "vtgv"}, []),
    ],
)
def test_what_widens_who_sees_data(table, change, widens):
    assert directory.widening_changes(table.head, dataclasses.replace(table.head, **change(table.head))) == widens


def test_a_policy_that_turns_fuzzy_matching_on_needs_the_cosigner(table):
    off = table.publish(policy=dataclasses.replace(table.head.policy, fuzzy_matching=False))
    chain = table.chain()
    chain.accept_all(table.versions)
    assert chain.head_signed == off
    with pytest.raises(DirectoryRefused, match="fuzzy_matching"):
        chain.check(table.next(policy=DEFAULT_POLICY))


def test_rolled_back_replayed_and_skipped_versions_are_refused(table):
    chain = table.chain()
    chain.accept_all(table.versions)
    for old in table.versions:
        with pytest.raises(DirectoryRefused, match="teruggedraaide"):
            chain.check(old)
    first = table.next(dealer="vtgv")
    table.versions.append(first)
    skipped = table.next(dealer="nla")
    with pytest.raises(DirectoryRefused, match="ontbreken"):
        chain.check(skipped)
    # a version that names another predecessor (a fork) is refused too
    fork = directory.sign(dataclasses.replace(first.directory(), previous="00" * 32), table.key)
    with pytest.raises(DirectoryRefused, match="keten"):
        chain.check(fork)


def test_until_a_cosigner_exists_only_the_table_officer_may_be_added(table):
    first = table.versions[0]
    chain = table.chain()
    chain.accept(first)
    partner = {"nla": table.partner_entry("nla")}
    version = directory.sign(directory.next_version(first.directory(), first, "x", partners=partner), table.key)
    with pytest.raises(DirectoryRefused, match="medeondertekenaar"):
        chain.check(version)


def test_an_oprf_key_not_signed_by_the_keyholder_is_refused(table):
    forged = announce(Ed25519PrivateKey.generate(), 2)  # e.g. the operator's own
    keyholder = dataclasses.replace(table.head.keyholder, oprf_keys={**table.head.keyholder.oprf_keys, 2: forged})
    with pytest.raises(DirectoryRefused, match="sleutelhouder"):
        table.next(keyholder=keyholder).directory()


def test_epoch_steps(table):
    asked = directory.requested_epoch(table.head)
    assert asked["epochs"].pending == 2
    table.publish(**asked)
    with pytest.raises(ValidationError):  # a key for another epoch
        directory.started_epoch(table.head, announce(table.keyholder, 3))
    table.publish(**directory.started_epoch(table.head, announce(table.keyholder, 2)))
    assert table.head.epochs == Epochs(2, (1, 2), (), 0)
    with pytest.raises(ValidationError) as refused:
        directory.requested_epoch(table.head)
    assert refused.value.violations[0].rule == "directory.epoch.rotating"
    assert directory.requested_epoch(table.head, queue=True)["epochs"].pending == 3  # a removal queues one
    with pytest.raises(ValidationError):
        directory.finished_epoch(table.head, 2)  # the current epoch
    table.publish(**directory.finished_epoch(table.head, 1))
    assert table.head.epochs == Epochs(2, (2,), (1,), 0) and set(table.head.oprf_public_keys()) == {2}
    table.chain().accept_all(table.versions)  # none of the steps needed the co-signer


# -- deals ---------------------------------------------------------------------------------------


def dealt(table: Table, dealer: str = "nla", epoch: int = 1, secret: bytes = b"s" * 32, recipients=None):
    signing = table.partners[dealer][0] if dealer in table.partners else Ed25519PrivateKey.generate()
    return deal.make_deal(dealer, signing, table.head, epoch, secret, recipients or table.head.partners)


def test_a_deal_opens_for_each_recipient_only(table):
    signed = dealt(table)
    d = deal.verify_deal(signed, table.head)
    for name, (_, encryption) in table.partners.items():
        assert deal.open_deal(d, name, encryption) == b"s" * 32
    with pytest.raises(deal.DealRefused):  # vtgv's copy with nla's key
        deal.open_deal(dataclasses.replace(d, sealed={"nla": d.sealed["vtgv"]}), "nla", table.partners["nla"][1])
    assert deal.SignedDeal.from_json(signed.to_json()) == signed


def test_a_deal_from_anyone_but_the_named_dealer_partner_is_refused(table):
    with pytest.raises(deal.DealRefused, match="gever"):  # a partner, but not the dealer
        deal.verify_deal(dealt(table, "vtgv"), table.head)
    with pytest.raises(deal.DealRefused, match="gever"):  # the chair or the matcher: not a partner
        deal.verify_deal(dealt(table, "voorzitter"), table.head)
    forged = dealt(table)  # the named dealer's name, someone else's key (e.g. the matcher)
    impostor = deal.make_deal("nla", Ed25519PrivateKey.generate(), table.head, 1, b"m" * 32, table.head.partners)
    with pytest.raises(deal.DealRefused, match="handtekening"):
        deal.verify_deal(impostor, table.head)
    swapped = deal.SignedDeal(impostor.body, forged.signature)  # the matcher swaps the ciphertexts
    with pytest.raises(deal.DealRefused):
        deal.verify_deal(swapped, table.head)
    with pytest.raises(deal.DealRefused, match="epoch"):
        deal.verify_deal(dealt(table, epoch=5), table.head)


def test_a_deal_that_does_not_match_its_commitment_is_refused(table):
    d = deal.verify_deal(dealt(table), table.head)
    other = deal.verify_deal(dealt(table, secret=b"t" * 32), table.head)
    with pytest.raises(deal.DealRefused):
        deal.open_deal(dataclasses.replace(d, commitment=other.commitment), "nla", table.partners["nla"][1])


# -- HPKE: RFC 9180 vectors ----------------------------------------------------------------------


@pytest.mark.parametrize("vector", json.loads(VECTORS.read_text())["vectors"], ids=lambda v: f"aead-{v['aead_id']}")
def test_hpke_matches_the_rfc_9180_vectors(vector):
    """Base mode, DHKEM(X25519, HKDF-SHA256), HKDF-SHA256: the key derivation, the encapsulated key
    and the first encryption (sequence 0: what single-shot HPKE is) of the RFC's vectors."""
    aead = {1: hpke.AEAD.AES_128_GCM, 3: hpke.AEAD.CHACHA20_POLY1305}[vector["aead_id"]]
    suite = hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, aead)
    recipient = X25519PrivateKey.from_private_bytes(bytes.fromhex(vector["skRm"]))
    ephemeral = X25519PrivateKey.from_private_bytes(bytes.fromhex(vector["skEm"]))
    assert b64(recipient) == base64.b64encode(bytes.fromhex(vector["pkRm"])).decode()
    assert b64(ephemeral) == base64.b64encode(bytes.fromhex(vector["enc"])).decode()
    first = vector["encryptions"][0]
    sealed = bytes.fromhex(vector["enc"] + first["ct"])
    info, aad = bytes.fromhex(vector["info"]), bytes.fromhex(first["aad"])
    assert rust_openssl.hpke._decrypt_with_aad(suite, sealed, recipient, info=info, aad=aad).hex() == first["pt"]
    if vector["aead_id"] == 3:  # our suite: crypto.HPKE_SUITE is this one
        assert (
            crypto.HPKE_SUITE.decrypt(
                crypto.HPKE_SUITE.encrypt(b"x", recipient.public_key(), info=info), recipient, info=info
            )
            == b"x"
        )
        with pytest.raises(AuthenticationError):
            crypto.hpke_open(recipient, sealed, info)  # the vector has an aad; ours binds by info only


def test_hpke_seal_binds_its_info():
    key = X25519PrivateKey.generate()
    sealed = crypto.hpke_seal(key.public_key(), b"secret", b"table/1/nla")
    assert crypto.hpke_open(key, sealed, b"table/1/nla") == b"secret"
    for info in (b"table/1/vtgv", b"table/2/nla"):
        with pytest.raises(AuthenticationError):
            crypto.hpke_open(key, sealed, info)


# -- X.509 -------------------------------------------------------------------------------------------


def test_pki_chain_expiry_and_oin():
    root_key, root = pki.make_root("root", NOW)
    issuing_key, issuing = pki.make_intermediate(root_key, root, "issuing", NOW)
    leaf_key = pki.new_tls_key()
    csr, content = pki.read_csr(
        pki.pem(pki.make_csr(leaf_key, "spiffe://t/partner/a", ["a.partner.t.signalmatch.internal"]))
    )
    assert content.spki == pki.spki(leaf_key) and content.dns_names == ("a.partner.t.signalmatch.internal",)
    leaf = pki.issue(issuing_key, issuing, csr.public_key(), content.uri, content.dns_names, NOW)
    pki.verify_chain(leaf, [issuing], [root], NOW)
    with pytest.raises(ValueError, match="not valid"):
        pki.verify_chain(leaf, [issuing], [root], NOW + pki.LEAF_VALIDITY + datetime.timedelta(days=1))
    other_key, other = pki.make_root("other", NOW)
    with pytest.raises(ValueError):
        pki.verify_chain(leaf, [issuing], [other], NOW)
    assert pki.oin_of(leaf) == ""
