"""Live membership (issue 11): processes follow the signed directory without restarts.

Real servers in this process, through the federation fixture: a partner admitted mid-epoch gets
the current table secret from the dealer and matches; a removed partner is refused at once by
every server, its signals leave the matcher, and a new key epoch is made by the keyholder, dealt
to the remaining partners and the old one destroyed once every node switched; forged directory
versions and deals are refused by every node; certificates renew over mTLS; an expired one is
refused with a message that says so.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import sqlite3

import grpc
import pytest
import tomli_w
from support import TABLE, Federation, drained, wait_for
from test_rotation import create, signal, snapshot, tokens_of_epoch

from signalmatch import config, crypto, oprf, pki, transport
from signalmatch import directory as dirmod
from signalmatch.cli.main import main
from signalmatch.deal import make_deal
from signalmatch.deploy import enrol, keyfiles, table_admin
from signalmatch.deploy.federation import Ceremony
from signalmatch.directory import Epochs, SignedVersion
from signalmatch.errors import ConfigError
from signalmatch.membership import VersionStore
from signalmatch.v1 import directory_pb2, directory_pb2_grpc, hits_pb2, keyholder_pb2, keyholder_pb2_grpc

pytestmark = pytest.mark.slow

FAST = 0.2  # directory polling in these tests (production: a few seconds)


def go_live(fed: Federation, partners: list[str]) -> tuple:
    """Matcher, keyholder and nodes polling the directory often."""
    fed.running.remove(fed.keyholder)
    fed.keyholder.stop()
    keyholder = fed.start_keyholder(directory_interval=FAST)
    matcher = fed.start_matcher(directory_interval=0.1)
    nodes = {p: fed.start_node(p, directory_interval=FAST, max_backoff=0.5) for p in partners}
    return matcher, keyholder, nodes


def head(fed: Federation) -> dirmod.Directory:
    return VersionStore(fed.layout.operator / "directory" / "versions").read_after(0)[-1].directory()


def admit_partner(fed: Federation, partner: str, kind: str, oin: str = "") -> None:
    """The newcomer's steps and the operator's, with the table officer's co-signature."""
    d = head(fed)
    ceremony = Ceremony(fed.layout, TABLE)
    ceremony.fingerprint = dirmod.table_fingerprint(d.table, d.ca_root, d.directory_key)
    listen = f"127.0.0.1:{keyfiles.free_ports(1)[0]}"
    ceremony.member_init(
        f"partner/{partner}",
        enrol.partner_init(fed.layout.org(partner) / "node", TABLE, partner, kind, oin, listen=listen),
    )
    ceremony.install(ceremony.admit([f"partner/{partner}"]))


def hit_refs(fed: Federation) -> list[frozenset[str]]:
    return sorted(refs for _, _, refs in snapshot(fed).values())


def test_join_mid_epoch_and_remove_a_partner_without_restarts(federation):
    fed = federation
    matcher, keyholder, nodes = go_live(fed, ["vtgv", "politie-avim", "nla"])
    phone = "0612999001"
    a = create(fed, "vtgv", signal("VT-J1", phone))
    b = create(fed, "politie-avim", signal("POL-J1", phone))
    wait_for(lambda: hit_refs(fed) == [frozenset({a, b})], what="the first hit")

    # Join mid-epoch: the newcomer has no table secret until the dealer (nla) seals it the
    # current one, by itself, once the new directory version is in.
    admit_partner(fed, "om", "om")
    om = nodes["om"] = fed.start_node("om", directory_interval=FAST, max_backoff=0.5)
    wait_for(lambda: om.intake.epochs == (1,) if om.intake._key else None, what="om's copy of the secret")
    assert om.intake._key.secret == nodes["vtgv"].intake._key.secret  # the same epoch-1 secret
    c = create(fed, "om", signal("OM-J1", phone))
    wait_for(lambda: hit_refs(fed) == [frozenset({a, b, c})], what="the newcomer matches existing signals")
    for node in nodes.values():
        wait_for(lambda n=node: "om" in n.live.membership.head.partners, what="every node knows om")

    # An open channel of politie's node, used before the removal.
    politie = fed.node_config("politie-avim")
    directory = directory_pb2_grpc.DirectoryServiceStub(fed.channel_to_matcher(politie.tls))
    directory.ListDirectoryVersions(directory_pb2.ListDirectoryVersionsRequest(), timeout=10)
    keyholder_channel = transport.secure_channel(
        politie.keyholder_address, politie.tls, expect=transport.Identity(TABLE, "keyholder", "")
    )
    fed.running.append(keyholder_channel)
    evaluate = keyholder_pb2_grpc.KeyholderServiceStub(keyholder_channel).EvaluateBatch
    evaluate(keyholder_pb2.EvaluateBatchRequest(epoch=1, blinded_elements=oprf.blind([b"x"])[1]), timeout=10)

    removed = table_admin.table_remove(fed.table_config_path(), "partner/politie-avim")
    assert removed.epochs.pending == 2  # the removed partner knows the secret: a new epoch
    wait_for(lambda: matcher.directory.membership.version >= removed.version, what="the matcher follows")
    with pytest.raises(grpc.RpcError) as refused:  # at once, on the connection already open
        directory.ListDirectoryVersions(directory_pb2.ListDirectoryVersionsRequest(), timeout=10)
    assert refused.value.code() == grpc.StatusCode.PERMISSION_DENIED and "geen lid" in refused.value.details()
    wait_for(lambda: keyholder.live.membership.version >= removed.version, what="the keyholder follows")
    with pytest.raises(grpc.RpcError) as refused:
        evaluate(keyholder_pb2.EvaluateBatchRequest(epoch=1, blinded_elements=oprf.blind([b"x"])[1]), timeout=10)
    assert refused.value.code() == grpc.StatusCode.PERMISSION_DENIED
    wait_for(lambda: hit_refs(fed) == [frozenset({a, c})], what="politie's signal leaves the matcher")

    # The keyholder makes epoch 2's key, the dealer deals its secret to the partners that remain,
    # the matcher starts it; every node re-pseudonymises and reports; epoch 1 is destroyed.
    def settled() -> bool:
        return head(fed).epochs == Epochs(2, (2,), (1,), 0)

    remaining = ["vtgv", "nla", "om"]
    wait_for(settled, timeout=90, what="epoch 2 in force and epoch 1 destroyed")
    wait_for(lambda: tokens_of_epoch(fed, 1) == [], what="epoch-1 tokens deleted at the matcher")
    assert hit_refs(fed) == [frozenset({a, c})]  # standing on epoch-2 tokens alone
    assert not matcher.directory.deals_for("politie-avim", 2)  # never dealt the new secret
    assert {p for deal in matcher.directory.deals_for("nla", 2) for p in deal.deal().sealed} == set(remaining)
    for partner in remaining:
        home = fed.node_dir(partner) / "secrets"
        wait_for(lambda h=home: not (h / "table-secret-epoch-1.key").exists(), what=f"{partner} shreds epoch 1")
        assert (home / "table-secret-epoch-2.key").exists()
    assert not (fed.node_dir("politie-avim") / "secrets" / "table-secret-epoch-2.key").exists()
    key_file = fed.keyholder_config_path().parent / "oprf-epoch-1.key"
    wait_for(lambda: not key_file.exists(), what="the keyholder shreds epoch 1's key")
    d = create(fed, "nla", signal("NLA-J2", phone))  # new signals match in epoch 2
    wait_for(lambda: hit_refs(fed) == [frozenset({a, c, d})], what="a new signal in epoch 2")
    assert drained(fed, remaining)

    # Every version is in the audit log: who was admitted and removed, and when.
    entries = [
        e for e in matcher.matcher.audit.entries(0, matcher.matcher.audit.size()) if e.action == "directory.version"
    ]
    objects = {o for e in entries for o in e.objects}
    assert {"member+partner/om", "member-partner/politie-avim"} <= objects
    actions = {e.action for e in matcher.matcher.audit.entries(0, matcher.matcher.audit.size())}
    assert {"secret.dealt", "oprf_key.announced", "epoch.switched", "epoch.destroyed", "partner.removed"} <= actions
    assert [e.objects[0] for e in entries] == [f"directory/versions/{n}" for n in range(1, head(fed).version + 1)]


def forged_versions(fed: Federation) -> dict[str, SignedVersion]:
    """A bad signature, a widening version without the co-signature, and a rolled-back one."""
    store = VersionStore(fed.layout.operator / "directory" / "versions")
    versions = store.read_after(0)
    current, signed = versions[-1].directory(), versions[-1]
    key = crypto.load_ed25519_private(fed.layout.operator / "directory" / "directory.key")
    intruder = dataclasses.replace(current.partners["nla"], id="intruder")
    widened = dirmod.next_version(
        current, signed, "2026-03-01T00:00:00Z", partners={**current.partners, "intruder": intruder}
    )
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return {
        "signature": dirmod.sign(
            dirmod.next_version(current, signed, "x", dealer="vtgv"), Ed25519PrivateKey.generate()
        ),
        "cosignature": dirmod.sign(widened, key),
        "rollback": versions[-2],
    }


class ForgingDirectory(directory_pb2_grpc.DirectoryServiceServicer):
    """A compromised matcher that serves one forged version to whoever asks."""

    def __init__(self, version: SignedVersion):
        self.version = version

    def ListDirectoryVersions(self, request, context):
        v = self.version
        return directory_pb2.ListDirectoryVersionsResponse(
            versions=[
                directory_pb2.SignedDirectoryVersion(body=v.body, signature=v.signature, cosignature=v.cosignature)
            ]
        )

    def ListTableSecretDeals(self, request, context):
        return directory_pb2.ListTableSecretDealsResponse()


def test_forged_directory_versions_are_refused_by_every_node(federation):
    fed = federation
    matcher, keyholder, nodes = go_live(fed, fed.partners)
    cfg = fed.matcher_config()
    matcher.stop()
    fed.running.remove(matcher)
    followers = [n.live.follower for n in nodes.values()] + [keyholder.live.follower]
    before = {id(f): f.membership.version for f in followers}
    for kind, forged in forged_versions(fed).items():
        server, _ = transport.make_server(
            cfg.listen,
            cfg.tls,
            lambda s, v=forged: directory_pb2_grpc.add_DirectoryServiceServicer_to_server(ForgingDirectory(v), s),
            [],
        )
        server.start()
        try:
            for follower in followers:
                refused = len(follower.membership.refused)
                wait_for(lambda f=follower, r=refused: len(f.membership.refused) > r, what=f"{kind} refused")
                assert follower.membership.version == before[id(follower)]
            reasons = {f.membership.refused[-1].split(":")[0] for f in followers}
            expected = {"signature": "handtekening", "cosignature": "medeondertekening", "rollback": "teruggedraaide"}[
                kind
            ]
            assert all(expected in f.membership.refused[-1] for f in followers), reasons
        finally:
            server.stop(None).wait()


def test_a_deal_signed_by_anyone_but_the_dealer_partner_is_refused(federation):
    fed = federation
    matcher, keyholder, nodes = go_live(fed, fed.partners)
    d = matcher.directory.head
    assert d.dealer == "nla"
    chair_key = crypto.load_ed25519_private(fed.chair_config().signing_key)
    vtgv_key = crypto.load_ed25519_private(fed.node_config("vtgv").signing_key)
    forged = {
        "chair": make_deal("voorzitter", chair_key, d, 1, b"c" * 32, d.partners),  # not a partner
        "partner": make_deal("vtgv", vtgv_key, d, 1, b"v" * 32, d.partners),  # a partner, not the dealer
        "matcher": make_deal(
            "nla", crypto.load_ed25519_private(fed.matcher_config().signing_key), d, 1, b"m" * 32, d.partners
        ),
    }
    # The matcher refuses them from anyone but the dealer...
    for who, tls in (("vtgv", fed.node_config("vtgv").tls), ("voorzitter", fed.chair_config().tls)):
        stub = directory_pb2_grpc.DirectoryServiceStub(fed.channel_to_matcher(tls))
        with pytest.raises(grpc.RpcError) as refused:
            deal = forged["partner"]
            stub.PutTableSecretDeal(
                directory_pb2.PutTableSecretDealRequest(
                    deal=directory_pb2.TableSecretDeal(body=deal.body, signature=deal.signature)
                ),
                timeout=10,
            )
        assert refused.value.code() == grpc.StatusCode.PERMISSION_DENIED, who
    # ... and should a compromised matcher relay them anyway, every node refuses them: it takes no
    # secret but the named dealer's. (The dealer is stopped so that no genuine deal is on offer.)
    nodes.pop("nla").stop()
    db = sqlite3.connect(fed.matcher_db())
    with db:
        db.execute("DELETE FROM directory_deals")
        for deal in forged.values():
            db.execute(
                "INSERT INTO directory_deals (epoch, dealer, recipients, body, signature) VALUES (1, 'x', ?, ?, ?)",
                (json.dumps(sorted(d.partners)), deal.body, deal.signature),
            )
    db.close()
    for partner, node in nodes.items():
        secret = node.live.cfg.secrets_dir / "table-secret-epoch-1.key"
        secret.unlink()  # as if it had not been dealt yet: it would take a copy now
        node.live.wake()
        wait_for(lambda n=node: len(n.live.refused_deals) >= 3, what=f"{partner} refuses the forged deals")
        reasons = " ".join(node.live.refused_deals)
        assert "door 'voorzitter' geweigerd" in reasons and "door 'vtgv' geweigerd" in reasons, reasons
        assert "de handtekening is niet van partner 'nla'" in reasons
        assert not secret.exists()


def test_renewal_over_mtls_and_an_expired_certificate_is_refused_with_a_message(federation, capsys):
    fed = federation
    matcher, keyholder, nodes = go_live(fed, ["vtgv", "nla"])
    node = nodes["vtgv"]
    old = pki.load_certificates(node.cfg.tls.cert.read_bytes())[0]
    # Nothing to do with most of its lifetime left; within the last third it renews.
    assert node.live.renew_if_due() is False
    node.live.clock = lambda: old.not_valid_after_utc - datetime.timedelta(days=20)
    assert node.live.renew_if_due() is True
    new = pki.load_certificates(node.cfg.tls.cert.read_bytes())[0]
    assert new.serial_number != old.serial_number and new.not_valid_after_utc >= old.not_valid_after_utc
    assert pki.spki(new) == pki.spki(old)  # the same key: the directory's pin holds
    phone = "0612999777"
    a = create(fed, "vtgv", signal("VT-R1", phone))
    b = create(fed, "nla", signal("NLA-R1", phone))
    wait_for(lambda: hit_refs(fed) == [frozenset({a, b})], what="the renewed node still submits")
    audit = matcher.matcher.audit
    assert any(e.action == "certificate.renewed" for e in audit.entries(0, audit.size()))
    # The matcher's own certificate: by itself when due (the issuing CA is online here), or by the
    # operator; the TLS layer takes the new file on the next handshake, without a restart.
    assert matcher.directory.renew_own() is False  # not due yet
    served = fed.matcher_dir() / "tls.crt"
    before = served.read_bytes()
    table_admin.table_renew_matcher(fed.table_config_path())
    assert served.read_bytes() != before
    fresh = fed.hits()  # a new connection, to the renewed certificate
    fresh.ListHits(hits_pb2.ListHitsRequest(), timeout=10)

    # A certificate past its end: the server's auth layer says so (here: the matcher's clock moved on).
    hits = fed.hits()
    hits.ListHits(hits_pb2.ListHitsRequest(), timeout=10)
    chair_cert = pki.load_certificates(fed.chair_config().tls.cert.read_bytes())[0]
    matcher.directory.membership.clock = lambda: chair_cert.not_valid_after_utc + datetime.timedelta(minutes=1)
    with pytest.raises(grpc.RpcError) as refused:
        hits.ListHits(hits_pb2.ListHitsRequest(), timeout=10)
    assert refused.value.code() == grpc.StatusCode.UNAUTHENTICATED
    assert "verlopen op" in refused.value.details() and "chair/voorzitter" in refused.value.details()

    # From the command line: a chair renews over mTLS; an officer's renewal request goes through
    # the operator (when the issuing CA is offline, or the certificate has expired): no new version.
    matcher.directory.membership.clock = lambda: datetime.datetime.now(datetime.UTC)
    assert main(["chair", "renew", "--config", str(fed.chair_config_path())]) == 0
    assert "vernieuwd" in capsys.readouterr().out
    version = head(fed).version
    request = fed.root / "exchange" / "renewal-officer-nla.json"
    officer = fed.officer_config_path("nla")
    assert main(["officer", "renew", "--offline", "--config", str(officer), "--out", str(request)]) == 0
    admission, responses = table_admin.admit_and_publish(fed.table_config_path(), [request], fed.root / "exchange")
    assert admission.renewal and head(fed).version == version
    before = officer.parent.joinpath("tls.crt").read_bytes()
    # A response whose certificate is not for the member's own key: refused, naming the key file.
    key_file = officer.parent / config.load_officer(officer).tls.key.name
    own_key = key_file.read_bytes()
    key_file.write_bytes(pki.private_pem(pki.new_tls_key()))
    with pytest.raises(ConfigError, match=key_file.name):
        enrol.install(officer, responses[0])
    assert officer.parent.joinpath("tls.crt").read_bytes() == before
    key_file.write_bytes(own_key)
    enrol.install(officer, responses[0])
    assert officer.parent.joinpath("tls.crt").read_bytes() != before

    # An expired certificate: the command says so before it even connects.
    issuing = fed.layout.operator / "issuing"
    key, issuer = (
        pki.load_private((issuing / "issuing.key").read_bytes()),
        pki.load_certificates((issuing / "issuing.crt").read_bytes())[0],
    )
    chair = fed.chair_config()
    long_ago = datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=100)
    expired = pki.issue(
        key,
        issuer,
        pki.load_private(chair.tls.key.read_bytes()).public_key(),
        "spiffe://midden-nederland/chair/voorzitter",
        [],
        long_ago,
        datetime.timedelta(days=1),
    )
    chair.tls.cert.write_bytes(pki.pem(expired) + pki.pem(issuer))
    capsys.readouterr()
    assert main(["chair", "hits", "--config", str(fed.chair_config_path())]) == 2
    assert "verlopen op" in capsys.readouterr().out


OIN = "00000001234567890000"


def pkioverheid_style(folder, common_name: str, oin: str, root=None) -> tuple[object, object]:
    """A hierarchy in the shape of PKIoverheid Private Services: RSA 3072 root -> intermediate ->
    leaf whose subject serialNumber is the organisation's 20-digit OIN (no SPIFFE URI)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = datetime.datetime.now(datetime.UTC)
    new_key = lambda: rsa.generate_private_key(65537, 3072)  # noqa: E731
    root_key, root_cert = root or pki.make_root("Staat der Nederlanden Private Services (test)", now, key=new_key())
    ca_key, ca_cert = pki.make_intermediate(
        root_key, root_cert, "Test PKIoverheid Organisatie Services CA", now, key=new_key()
    )
    key = new_key()
    leaf = (
        x509.CertificateBuilder()
        .subject_name(
            x509.Name(
                [
                    x509.NameAttribute(NameOID.COUNTRY_NAME, "NL"),
                    x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Openbaar Ministerie"),
                    x509.NameAttribute(NameOID.SERIAL_NUMBER, oin),
                    x509.NameAttribute(NameOID.COMMON_NAME, common_name),
                ]
            )
        )
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(True, False, True, False, False, False, False, False, False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(common_name)]), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    folder.mkdir()
    (folder / "tls.crt").write_bytes(pki.pem(leaf) + pki.pem(ca_cert))
    (folder / "tls.key").write_bytes(pki.private_pem(key))
    (folder / "root.crt").write_bytes(pki.pem(root_cert))
    return folder, (root_key, root_cert)


def test_a_member_known_by_oin_connects_with_an_external_pki_certificate(federation, tmp_path):
    fed = federation
    matcher = fed.start_matcher(directory_interval=0.1)
    admit_partner(fed, "om", "om", oin=OIN)
    trusted, root = pkioverheid_style(tmp_path / "trusted", "om.example.nl", OIN)
    foreign, _ = pkioverheid_style(tmp_path / "foreign", "om.example.nl", OIN)  # another root, the same OIN
    stranger, _ = pkioverheid_style(tmp_path / "stranger", "ander.example.nl", "00000009999999990000", root=root)

    # The operator names the root as a trust anchor; it widens who may connect: co-signed.
    admission = table_admin.table_trust(fed.table_config_path(), trusted / "root.crt", "pkioverheid-private-services")
    assert admission.changes == ["anchors+"] and table_admin.needs_cosignature(admission)
    pending = table_admin.write_pending(fed.table_config_path(), admission)
    cosigned, _, version = table_admin.officer_cosign(fed.officer_config_path("tafel"), pending)
    table_admin.table_publish(fed.table_config_path(), cosigned)
    wait_for(lambda: matcher.directory.membership.version >= version, what="the matcher follows")

    table_root = fed.chair_config().tls.ca  # the client verifies the matcher against the table's root

    def deals(folder):
        tls = config.TlsFiles(ca=table_root, cert=folder / "tls.crt", key=folder / "tls.key")
        stub = directory_pb2_grpc.DirectoryServiceStub(fed.channel_to_matcher(tls))
        return stub.ListTableSecretDeals(directory_pb2.ListTableSecretDealsRequest(), timeout=10)

    deals(trusted)  # known by its OIN: partner/om (ListTableSecretDeals is for partners only)
    with pytest.raises(grpc.RpcError) as refused:  # another root: not even a TLS handshake
        deals(foreign)
    assert refused.value.code() == grpc.StatusCode.UNAVAILABLE
    with pytest.raises(grpc.RpcError) as refused:  # the trusted root, but an OIN not in the directory
        deals(stranger)
    assert (
        refused.value.code() == grpc.StatusCode.PERMISSION_DENIED and "00000009999999990000" in refused.value.details()
    )
    # An OIN on a certificate of the table's own CA is no external PKI identity.
    issuing = fed.layout.operator / "issuing"
    key, ca = (
        pki.load_private((issuing / "issuing.key").read_bytes()),
        pki.load_certificates((issuing / "issuing.crt").read_bytes())[0],
    )
    own = oin_certificate_from(key, ca, OIN)
    (tmp_path / "own").mkdir()
    (tmp_path / "own" / "tls.crt").write_bytes(own[0])
    (tmp_path / "own" / "tls.key").write_bytes(own[1])
    with pytest.raises(grpc.RpcError) as refused:
        deals(tmp_path / "own")
    assert refused.value.code() == grpc.StatusCode.PERMISSION_DENIED and "vertrouwensanker" in refused.value.details()


def oin_certificate_from(issuer_key, issuer, oin: str) -> tuple[bytes, bytes]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = datetime.datetime.now(datetime.UTC)
    key = pki.new_tls_key()
    cert = (
        x509.CertificateBuilder()
        .subject_name(
            x509.Name([x509.NameAttribute(NameOID.SERIAL_NUMBER, oin), x509.NameAttribute(NameOID.COMMON_NAME, "om")])
        )
        .issuer_name(issuer.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("om.example.nl")]), critical=False)
        .sign(issuer_key, hashes.SHA256())
    )
    return pki.pem(cert) + pki.pem(issuer), pki.private_pem(key)


def test_a_policy_change_applies_live_and_turning_fuzzy_matching_on_needs_the_cosigner(federation, tmp_path):
    fed = federation
    matcher, keyholder, nodes = go_live(fed, ["vtgv", "nla"])
    policy = dataclasses.replace(config.DEFAULT_POLICY, fuzzy_matching=False)
    file = tmp_path / "policy.toml"
    file.write_text(tomli_w.dumps({"policy": config.policy_document(policy)}))
    off = table_admin.table_policy(fed.table_config_path(), file)
    assert off.changes == [] and table_admin.publish_or_pend(fed.table_config_path(), off) is None  # narrowing: at once
    wait_for(lambda: not matcher.matcher.cfg.policy.fuzzy_matching, what="the matcher applies the policy")
    for node in nodes.values():
        wait_for(lambda n=node: not n.intake._fuzzy and not n.token_layer._fuzzy, what="every node applies it")
    file.write_text(tomli_w.dumps({"policy": config.policy_document(config.DEFAULT_POLICY)}))
    on = table_admin.table_policy(fed.table_config_path(), file)
    assert on.changes == ["policy:fuzzy_matching"]
    pending = table_admin.publish_or_pend(fed.table_config_path(), on)
    assert pending is not None and head(fed).policy.fuzzy_matching is False  # waits for the officer
    cosigned, changes, version = table_admin.officer_cosign(fed.officer_config_path("tafel"), pending)
    table_admin.table_publish(fed.table_config_path(), cosigned)
    wait_for(lambda: all(n.intake._fuzzy for n in nodes.values()), what="fuzzy matching on again, everywhere")
