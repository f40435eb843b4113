"""Federation init (deploy/federation.py) and config loading (signalmatch/config.py)."""

from __future__ import annotations

import base64
import dataclasses
import datetime
import stat
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import ExtendedKeyUsageOID

from signalmatch import config, crypto, directory, pki
from signalmatch.deploy import table_admin
from signalmatch.deploy.federation import Layout, infer_kind, init_federation
from signalmatch.errors import ConfigError, FederationExistsError, ValidationError
from signalmatch.keyholder import keys
from signalmatch.transport import parse_spiffe, server_name

TABLE = "midden-nederland"
PARTNERS = ["vtgv", "gemeente-hilversum", "politie-avim", "nla", "zorgcoordinator"]
CHAIRS = ["voorzitter", "plaatsvervanger"]


@pytest.fixture(scope="module")
def fed(tmp_path_factory) -> Path:
    return init_federation(tmp_path_factory.mktemp("fed") / "federation", TABLE, PARTNERS, CHAIRS)


def layout(fed: Path) -> Layout:
    return Layout(fed)


def load_cert(path: Path) -> x509.Certificate:
    return x509.load_pem_x509_certificates(path.read_bytes())[0]


def organisations(fed: Path) -> dict[str, Path]:
    return {p.name: p for p in (fed / "organisations").iterdir()}


# -- layout, file modes, and where private material lives ------------------------------------------


def test_one_directory_per_organisation_and_an_exchange(fed):
    assert set(organisations(fed)) == {"operator", "keyholder", "tafel", *PARTNERS, *CHAIRS}
    operator = {
        p.relative_to(fed / "organisations" / "operator").as_posix()
        for p in (fed / "organisations" / "operator").rglob("*")
        if p.is_file()
    }
    assert {
        "table.toml",
        "root/root.crt",
        "root/root.key",
        "issuing/issuing.crt",
        "issuing/issuing.key",
        "directory/directory.key",
        "directory/versions/000001.json",
        "matcher/matcher.toml",
        "matcher/tls.key",
        "matcher/signing.key",
        "matcher/log.key",
    } <= operator
    for partner in PARTNERS:
        node = {p.name for p in layout(fed).node_toml(partner).parent.rglob("*") if p.is_file()}
        assert {
            "node.toml",
            "tls.key",
            "operator.key",
            "signing.key",
            "encryption.key",
            "vault.key",
            "table-secret-epoch-1.key",
            "directory.json",
            "ca.crt",
            "tls.crt",
            "operator.crt",
        } <= node
    exchange = {p.relative_to(fed / "exchange").parts[0] for p in (fed / "exchange").rglob("*") if p.is_file()}
    assert exchange == {"requests", "responses", "pending", "deals"}
    # the staging directory was renamed into place, nothing else is left next to it
    assert [p.name for p in fed.parent.iterdir()] == [fed.name]


def test_private_files_are_0600_and_dirs_0700(fed):
    checked = 0
    for path in [fed, *fed.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        if path.is_dir():
            assert mode == 0o700, path
        elif path.suffix == ".key" or b"PRIVATE KEY" in path.read_bytes():
            assert path.suffix == ".key", f"private material in {path}"
            assert mode == 0o600, path
            checked += 1
    # root, issuing, directory, matcher x3; keyholder x4; per node 6; officer 1 (+ the table's signing key); chair 3
    assert checked == 3 + 3 + 4 + 6 * len(PARTNERS) + (len(PARTNERS) + 2) + 3 * len(CHAIRS)


def _private_material(path: Path) -> list[bytes]:
    """A key file's text and its decoded bytes (raw key, PKCS#8 DER, a base64 secret or seed)."""
    text = path.read_bytes()
    found = [text.strip()]
    if b"PRIVATE KEY" in text:
        key = serialization.load_pem_private_key(text, None)
        found.append(
            key.private_bytes(
                serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
        try:
            found.append(
                key.private_bytes(
                    serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
                )
            )
        except ValueError:  # an EC key: its scalar
            found.append(key.private_numbers().private_value.to_bytes(32, "big"))
    else:
        raw = base64.b64decode(text.strip().removeprefix(keys.SEED_PREFIX), validate=True)
        found += [raw, base64.b64encode(raw)]
    return found


def test_no_organisation_holds_another_ones_private_material_nor_does_exchange(fed):
    """Every organisation made its own keys: scan each organisation's directory and exchange/ for
    every other organisation's private key files, their text and their decoded bytes; the table
    secret appears in no directory but the partners' nodes."""
    orgs = organisations(fed)
    own = {name: [f for f in d.rglob("*.key") if f.parent.name != "secrets"] for name, d in orgs.items()}
    private = {name: [(f, m) for f in files for m in _private_material(f)] for name, files in own.items()}
    secrets = {
        m for name in PARTNERS for f in (orgs[name] / "node" / "secrets").glob("*.key") for m in _private_material(f)
    }
    places = {**orgs, "exchange": fed / "exchange"}
    for place, folder in places.items():
        contents = [(f, f.read_bytes()) for f in folder.rglob("*") if f.is_file()]
        for owner, materials in private.items():
            if owner == place:
                continue
            for key_file, material in materials:
                hits = [f for f, content in contents if material in content]
                assert not hits, f"{owner}'s {key_file.name} found in {place}: {hits}"
        if place not in PARTNERS:
            assert not [f for f, content in contents if any(s in content for s in secrets)], place
            assert not list(folder.rglob("table-secret-*"))
    assert len(secrets) == 2  # one secret (raw + base64), the same at every partner


def test_table_secret_is_shared_by_partner_nodes_only(fed):
    found = {
        crypto.load_secret(layout(fed).node_toml(p).parent / "secrets" / "table-secret-epoch-1.key") for p in PARTNERS
    }
    assert len(found) == 1
    vaults = {crypto.load_secret(layout(fed).node_toml(p).parent / "vault.key") for p in PARTNERS}
    assert len(vaults) == len(PARTNERS) and not found & vaults


def test_oprf_key_is_made_by_the_keyholder_and_published_signed(fed):
    keyholder = config.load_keyholder(layout(fed).keyholder_toml)
    assert keyholder.oprf_keys == {1: layout(fed).org("keyholder") / "oprf-epoch-1.key"}
    pair = keys.read_key(keyholder.oprf_keys[1], TABLE, 1)
    assert pair.seed is not None  # RFC 9497 DeriveKeyPair from a fresh seed
    published = base64.b64encode(pair.public).decode()
    for partner in PARTNERS:
        node = config.load_node(layout(fed).node_toml(partner))
        assert node.keyholder_public_keys == {1: published}
        assert node.keyholder_address == keyholder.listen
    signed = keyholder.directory.keyholder.oprf_keys[1]
    directory.verify_oprf_key(TABLE, keyholder.directory.keyholder.signing_public_key, signed)
    assert keyholder.directory.keyholder.signing_public_key == crypto.public_key_b64(
        crypto.load_ed25519_private(keyholder.signing_key)
    )


def test_keyholder_config(fed):
    keyholder = config.load_any(layout(fed).keyholder_toml)
    assert isinstance(keyholder, config.KeyholderConfig)
    assert keyholder.table == TABLE and keyholder.partners == tuple(sorted(PARTNERS))
    assert keyholder.data_dir == layout(fed).org("keyholder") / "data"
    assert (keyholder.quota_per_hour, keyholder.alert_factor, keyholder.alert_threshold) == (200_000, 5.0, 50_000)


def test_the_directory_chain(fed):
    versions = table_admin.read_versions(layout(fed).operator / "directory" / "versions")
    heads = [v.directory() for v in versions]
    assert [d.version for d in heads] == [1, 2, 3]
    assert heads[1].cosigner == "tafel" and not versions[1].cosignature  # bootstrap: the officer's admission
    assert versions[2].cosignature  # everyone else: co-signed
    assert list(heads[2].partners) == sorted(PARTNERS) and set(heads[2].chairs) == set(CHAIRS)
    assert heads[2].partners["gemeente-hilversum"].kind == "gemeente"
    assert heads[2].epochs == directory.Epochs(1, (1,), (), 0) and heads[2].dealer == min(PARTNERS)
    for member in layout(fed).members():  # every member holds the head, verified
        assert directory.SignedVersion.load(member.parent / "directory.json") == versions[-1]


# -- certificates --------------------------------------------------------------------------------


def test_root_and_issuing_ca(fed):
    root = load_cert(layout(fed).operator / "root" / "root.crt")
    issuing = load_cert(layout(fed).operator / "issuing" / "issuing.crt")
    assert root.extensions.get_extension_for_class(x509.BasicConstraints).value.path_length == 1
    assert issuing.extensions.get_extension_for_class(x509.BasicConstraints).value.path_length == 0
    root.verify_directly_issued_by(root)
    issuing.verify_directly_issued_by(root)


def test_certificates_carry_identity_chain_to_the_root_and_are_short_lived(fed):
    root = load_cert(layout(fed).operator / "root" / "root.crt")
    issuing = load_cert(layout(fed).operator / "issuing" / "issuing.crt")
    stems = {
        "matcher": (layout(fed).matcher_toml.parent / "tls", True),
        "keyholder": (layout(fed).org("keyholder") / "tls", True),
    }
    stems |= {f"partner/{p}": (layout(fed).node_toml(p).parent / "tls", True) for p in PARTNERS}
    stems |= {f"operator/{p}": (layout(fed).node_toml(p).parent / "operator", False) for p in PARTNERS}
    stems |= {f"officer/{o}": (layout(fed).officer_toml(o).parent / "tls", False) for o in [*PARTNERS, "tafel"]}
    stems |= {f"chair/{c}": (layout(fed).chair_toml(c).parent / "tls", False) for c in CHAIRS}
    for name, (stem, server) in stems.items():
        leaf, intermediate = x509.load_pem_x509_certificates(stem.with_suffix(".crt").read_bytes())
        assert intermediate == issuing
        leaf.verify_directly_issued_by(issuing)
        assert stem.parent.joinpath("ca.crt").read_bytes() == (layout(fed).operator / "root" / "root.crt").read_bytes()
        pki.verify_chain(leaf, [intermediate], [root], datetime.datetime.now(datetime.UTC))
        san = leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        assert san.get_values_for_type(x509.UniformResourceIdentifier) == [f"spiffe://{TABLE}/{name}"]
        dns = san.get_values_for_type(x509.DNSName)
        ips = {str(ip) for ip in san.get_values_for_type(x509.IPAddress)}
        pinned = server_name(parse_spiffe(f"spiffe://{TABLE}/{name}"))
        assert (dns, ips) == (([pinned], {"127.0.0.1", "::1"}) if server else ([], set()))
        eku = leaf.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
        assert set(eku) == {ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH}
        key = serialization.load_pem_private_key(stem.with_suffix(".key").read_bytes(), None)
        assert key.public_key() == leaf.public_key()
        assert 89 <= (leaf.not_valid_after_utc - leaf.not_valid_before_utc).days <= 91


def test_foreign_federation_has_its_own_ca(fed, tmp_path):
    other = init_federation(tmp_path / "other", TABLE, ["vtgv", "nla"], base_port=41000)
    foreign = load_cert(Layout(other).node_toml("nla").parent / "tls.crt")
    with pytest.raises(InvalidSignature):
        foreign.verify_directly_issued_by(load_cert(layout(fed).operator / "issuing" / "issuing.crt"))


# -- configs -------------------------------------------------------------------------------------


def test_configs_load_and_match_the_keys(fed):
    matcher = config.load_any(layout(fed).matcher_toml)
    assert isinstance(matcher, config.MatcherConfig)
    assert matcher.table == TABLE and matcher.retention_days == 365
    assert matcher.data_dir == layout(fed).matcher_toml.parent / "data"
    assert list(matcher.partners) == sorted(PARTNERS) and set(matcher.chairs) == set(CHAIRS)
    matcher_public = crypto.public_key_b64(crypto.load_ed25519_private(matcher.signing_key))

    listens = {matcher.listen}
    for partner in PARTNERS:
        node = config.load_any(layout(fed).node_toml(partner))
        home = layout(fed).node_toml(partner).parent
        assert isinstance(node, config.NodeConfig)
        assert (node.table, node.partner, node.kind, node.epoch) == (TABLE, partner, infer_kind(partner), 1)
        assert node.table_secrets == {1: home / "secrets" / "table-secret-epoch-1.key"}
        assert node.tls.cert == home / "tls.crt" and node.operator_tls.cert == home / "operator.crt"
        assert node.matcher_address == matcher.listen
        assert node.matcher_signing_public_key == matcher_public
        info = matcher.partners[partner]
        assert info.kind == node.kind
        assert info.signing_public_key == crypto.public_key_b64(crypto.load_ed25519_private(node.signing_key))
        assert info.encryption_public_key == crypto.public_key_b64(crypto.load_x25519_private(node.encryption_key))
        entry = matcher.directory.partners[partner]
        assert entry.tls == pki.spki(load_cert(node.tls.cert)) and entry.operator_tls == pki.spki(
            load_cert(node.operator_tls.cert)
        )
        listens.add(node.listen)
    listens.add(config.load_keyholder(layout(fed).keyholder_toml).listen)
    assert len(listens) == 2 + len(PARTNERS)

    for name in CHAIRS:
        chair = config.load_any(layout(fed).chair_toml(name))
        assert isinstance(chair, config.ChairConfig)
        assert chair.name == name and chair.matcher_address == matcher.listen
        assert chair.matcher_signing_public_key == matcher_public
        assert matcher.chairs[name].encryption_public_key == crypto.public_key_b64(
            crypto.load_x25519_private(chair.encryption_key)
        )
    officer = config.load_officer(layout(fed).officer_toml("nla"))
    assert officer.node_address == config.load_node(layout(fed).node_toml("nla")).listen


def test_base_port_and_explicit_kinds(tmp_path):
    fed = Layout(init_federation(tmp_path / "f", "t", ["alpha=riec", "vtgv", "beta"], chairs=["c"], base_port=20000))
    assert config.load_matcher(fed.matcher_toml).listen == "127.0.0.1:20000"
    nodes = [config.load_node(fed.node_toml(p)) for p in ["alpha", "vtgv", "beta"]]
    assert [n.listen for n in nodes] == ["127.0.0.1:20001", "127.0.0.1:20002", "127.0.0.1:20003"]
    keyholder = config.load_keyholder(fed.keyholder_toml)
    assert keyholder.listen == "127.0.0.1:20004"
    assert [n.kind for n in nodes] == ["riec", "veilig_thuis", "other"]
    # the metrics ports follow, in the same order
    assert config.load_matcher(fed.matcher_toml).service.metrics_listen == "127.0.0.1:20005"
    assert [n.service.metrics_listen for n in nodes] == ["127.0.0.1:20006", "127.0.0.1:20007", "127.0.0.1:20008"]
    assert keyholder.service.metrics_listen == "127.0.0.1:20009"


@pytest.mark.parametrize(
    "partner, kind",
    [
        ("vtgv", "veilig_thuis"),
        ("veilig-thuis-utrecht", "veilig_thuis"),
        ("gemeente-utrecht", "gemeente"),
        ("politie-avim", "politie"),
        ("politie", "politie"),
        ("nla", "nla"),
        ("zorgcoordinator-mn", "zorgcoordinator"),
        ("om", "om"),
        ("riec-mn", "riec"),
        ("kmar", "kmar"),
        ("gemeente", "other"),
        ("omroep", "other"),
    ],
)
def test_infer_kind(partner, kind):
    assert infer_kind(partner) == kind


# -- refusing bad input and overwrites -----------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs, violations",
    [
        (dict(table="Midden"), {("table", "federation.id_format")}),
        (dict(partners=["vtgv"]), {("partners", "federation.too_few")}),
        (dict(partners=["vtgv", "nla", "vtgv"]), {("partners[2]", "federation.duplicate")}),
        (dict(partners=["vtgv", "n_la"]), {("partners[1]", "federation.id_format")}),
        (dict(partners=["vtgv", "-nla"]), {("partners[1]", "federation.id_format")}),
        (dict(partners=["vtgv", "x" * 64]), {("partners[1]", "federation.id_format")}),
        (dict(partners=["vtgv", "nla=ngo"]), {("partners[1]", "federation.kind_unknown")}),
        (dict(chairs=["a", "a"]), {("chairs[1]", "federation.duplicate")}),
        (dict(chairs=[]), {("chairs", "federation.too_few")}),
        (dict(base_port=65534), {("base_port", "federation.port_range")}),
        (dict(base_port=65533), {("base_port", "federation.port_range")}),  # 2 nodes + the keyholder
        (dict(base_port=65529), {("base_port", "federation.port_range")}),  # ... and their metrics ports
        (
            dict(table="", partners=["../etc"]),
            {
                ("table", "federation.id_format"),
                ("partners[0]", "federation.id_format"),
                ("partners", "federation.too_few"),
            },
        ),
    ],
)
def test_bad_input_gives_field_level_errors(tmp_path, kwargs, violations):
    args = dict(table=TABLE, partners=["vtgv", "nla"]) | kwargs
    with pytest.raises(ValidationError) as info:
        init_federation(tmp_path / "f", **args)
    assert {(v.field, v.rule) for v in info.value.violations} == violations
    assert all(v.description for v in info.value.violations)
    assert list(tmp_path.iterdir()) == []


def test_refuses_to_overwrite(fed):
    before = sorted((p, p.stat().st_mtime_ns) for p in fed.rglob("*"))
    with pytest.raises(FederationExistsError):
        init_federation(fed, TABLE, PARTNERS)
    assert sorted((p, p.stat().st_mtime_ns) for p in fed.rglob("*")) == before
    assert [p.name for p in fed.parent.iterdir()] == [fed.name]


def test_refuses_a_file_but_uses_an_empty_dir(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(FederationExistsError):
        init_federation(tmp_path / "file", TABLE, ["vtgv", "nla"])
    (tmp_path / "empty").mkdir()
    init_federation(tmp_path / "empty", TABLE, ["vtgv", "nla"])
    assert Layout(tmp_path / "empty").table_toml.is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty", "file"]


# -- config errors name the file and the key -----------------------------------------------------


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


@pytest.mark.parametrize(
    "config_file, old, new, key",
    [
        ("node", 'cert = "tls.crt"\n', "", "tls.cert"),
        ("node", 'cert = "tls.crt"', 'cert = "nope.crt"', "tls.cert"),
        ("node", 'listen = "127.0.0.1:', 'listen = "127.0.0.1', "listen"),
        ("node", 'directory_key = "', 'directory_key = "AAAA', "pins.directory_key"),
        ("node", 'directory = "directory.json"', 'directory = "other.json"', "directory"),
        ("matcher", "retention_days = 365", "retention_days = 0", "retention_days"),
        ("matcher", 'versions"\nkey = "', 'versions"\nkey = "AAAA', "directory.key"),
        ("keyholder", "quota_per_hour = 200000", "quota_per_hour = 0", "quota_per_hour"),
        ("keyholder", "alert_factor = 5", "alert_factor = -1.5", "alert_factor"),
        ("keyholder", 'at_rest_key = "at-rest.key"', 'at_rest_key = "no.key"', "at_rest_key"),
        ("chair", 'role = "chair"', 'role = "node"', "role"),
    ],
)
def test_config_errors_name_file_and_key(tmp_path, config_file, old, new, key):
    fed = Layout(init_federation(tmp_path / "f", TABLE, ["vtgv", "nla"], base_port=30000))
    path = {
        "node": fed.node_toml("nla"),
        "matcher": fed.matcher_toml,
        "keyholder": fed.keyholder_toml,
        "chair": fed.chair_toml("voorzitter"),
    }[config_file]
    _edit(path, old, new)
    loader = {"node": config.load_node, "matcher": config.load_matcher, "keyholder": config.load_keyholder}
    with pytest.raises(ConfigError) as info:
        loader.get(config_file, config.load_chair)(path)
    message = str(info.value)
    assert str(path) in message and (f": {key}:" in message or "nog niet ingeschreven" in message), message


def test_token_workers_default_and_range(tmp_path):
    fed = Layout(init_federation(tmp_path / "f", TABLE, ["vtgv", "nla"], base_port=30000))
    path = fed.node_toml("nla")
    assert config.load_node(path).token_workers == config.default_token_workers()
    original = path.read_text()
    for value, expected in (("0", 0), ("3", 3), (str(config.MAX_TOKEN_WORKERS), config.MAX_TOKEN_WORKERS)):
        path.write_text(original.replace('role = "node"\n', f'role = "node"\ntoken_workers = {value}\n', 1))
        assert config.load_node(path).token_workers == expected
    for bad in ("-1", str(config.MAX_TOKEN_WORKERS + 1), "true", '"2"', "1.5"):
        path.write_text(original.replace('role = "node"\n', f'role = "node"\ntoken_workers = {bad}\n', 1))
        with pytest.raises(ConfigError, match=": token_workers:"):
            config.load_node(path)


def test_a_tampered_directory_cache_is_refused(tmp_path):
    fed = Layout(init_federation(tmp_path / "f", TABLE, ["vtgv", "nla"]))
    cache = fed.node_toml("nla").parent / "directory.json"
    signed = directory.SignedVersion.load(cache)
    forged = dataclasses.replace(signed, body=signed.body.replace(b'"kind":"nla"', b'"kind":"om"'))
    forged.save(cache)
    with pytest.raises(ConfigError, match="directory"):
        config.load_node(fed.node_toml("nla"))


def test_load_any_rejects_unknown_role_and_unreadable_file(tmp_path):
    path = tmp_path / "x.toml"
    path.write_text('role = "witch"\n')
    with pytest.raises(ConfigError, match="role"):
        config.load_any(path)
    path.write_text("role = \n")
    with pytest.raises(ConfigError, match=str(path)):
        config.load_any(path)
    with pytest.raises(ConfigError, match="missing.toml"):
        config.load_any(tmp_path / "missing.toml")


@pytest.mark.parametrize(
    "address, parsed",
    [
        ("127.0.0.1:5", ("127.0.0.1", 5)),
        ("[::1]:50051", ("::1", 50051)),
        ("localhost:0", ("localhost", 0)),
    ],
)
def test_split_address(address, parsed):
    assert config.split_address(address) == parsed


@pytest.mark.parametrize("address", ["127.0.0.1", ":5", "::1:5", "[::1:5", "h:70000", "h:-1", "h:"])
def test_split_address_rejects(address):
    with pytest.raises(ValueError):
        config.split_address(address)
