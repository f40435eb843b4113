"""Federation init (deploy/federation.py) and config loading (signalmatch/config.py)."""

from __future__ import annotations

import base64
import stat
import tomllib
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import ExtendedKeyUsageOID

from signalmatch import config, crypto
from signalmatch.deploy.federation import infer_kind, init_federation
from signalmatch.errors import ConfigError, FederationExistsError, ValidationError
from signalmatch.keyholder.store import key_pair
from signalmatch.transport import parse_spiffe, server_name

TABLE = "midden-nederland"
PARTNERS = ["vtgv", "gemeente-hilversum", "politie-avim", "nla", "zorgcoordinator"]
CHAIRS = ["voorzitter", "plaatsvervanger"]


@pytest.fixture(scope="module")
def fed(tmp_path_factory) -> Path:
    return init_federation(tmp_path_factory.mktemp("fed") / "federation", TABLE, PARTNERS, CHAIRS)


def process_dirs(fed: Path) -> dict[str, Path]:
    dirs = {"matcher": fed / "matcher", "keyholder": fed / "keyholder"}
    dirs |= {f"partner/{p}": fed / "nodes" / p for p in PARTNERS}
    dirs |= {f"chair/{c}": fed / "chairs" / c for c in CHAIRS}
    dirs |= {f"officer/{o}": fed / "officers" / o for o in [*PARTNERS, "tafel"]}
    return dirs


def load_cert(path: Path) -> x509.Certificate:
    return x509.load_pem_x509_certificate(path.read_bytes())


# -- layout and file modes -----------------------------------------------------------------------


def test_layout(fed):
    files = {p.relative_to(fed).as_posix() for p in fed.rglob("*") if p.is_file()}
    expected = {"federation.toml", "ca/ca.crt", "ca/ca.key"}
    expected |= {f"matcher/{f}" for f in ["matcher.toml", "ca.crt", "tls.crt", "tls.key", "signing.key", "log.key"]}
    expected |= {
        f"keyholder/{f}" for f in ["keyholder.toml", "ca.crt", "tls.crt", "tls.key", "at-rest.key", "oprf-epoch-1.key"]
    }
    for p in PARTNERS:
        expected |= {
            f"nodes/{p}/{f}"
            for f in [
                "node.toml",
                "ca.crt",
                "tls.crt",
                "tls.key",
                "operator.crt",
                "operator.key",
                "signing.key",
                "encryption.key",
                "vault.key",
                "table-secret-epoch-1.key",
                "disclosure-policy.toml",
            ]
        }
    for officer in [*PARTNERS, "tafel"]:
        expected |= {f"officers/{officer}/{f}" for f in ["officer.toml", "ca.crt", "tls.crt", "tls.key"]}
    for c in CHAIRS:
        expected |= {
            f"chairs/{c}/{f}" for f in ["chair.toml", "ca.crt", "tls.crt", "tls.key", "signing.key", "encryption.key"]
        }
    assert files == expected
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
    # ca + matcher, keyholder, per node, per chair, per officer
    assert checked == 1 + 3 + 3 + 6 * len(PARTNERS) + 3 * len(CHAIRS) + (len(PARTNERS) + 1)


def test_table_secret_is_shared_by_nodes_only(fed):
    secrets = {crypto.load_secret(fed / "nodes" / p / "table-secret-epoch-1.key") for p in PARTNERS}
    assert len(secrets) == 1
    (secret,) = secrets
    vaults = {crypto.load_secret(fed / "nodes" / p / "vault.key") for p in PARTNERS}
    assert len(vaults) == len(PARTNERS) and secret not in vaults
    needles = [secret, base64.b64encode(secret)]
    for path in fed.rglob("*"):
        if path.is_file() and "nodes" not in path.relative_to(fed).parts:
            content = path.read_bytes()
            assert not any(n in content for n in needles), path
            assert "table-secret" not in path.name


def test_oprf_secret_is_at_the_keyholder_only_and_published_as_public_key(fed):
    keyholder = config.load_keyholder(fed / "keyholder" / "keyholder.toml")
    assert keyholder.oprf_keys == {1: fed / "keyholder" / "oprf-epoch-1.key"}
    secret = crypto.load_secret(keyholder.oprf_keys[1])
    pair = key_pair(secret)
    needles = [secret, base64.b64encode(secret)]
    for path in fed.rglob("*"):
        if path.is_file() and path.relative_to(fed).parts[0] != "keyholder":
            content = path.read_bytes()
            assert not any(n in content for n in needles), path
    published = base64.b64encode(pair.public).decode()
    for partner in PARTNERS:
        node = config.load_node(fed / "nodes" / partner / "node.toml")
        assert node.keyholder_public_keys == {1: published}
        assert node.keyholder_address == keyholder.listen
    assert tomllib.loads((fed / "federation.toml").read_text())["keyholder"]["public_keys"] == {"1": published}
    # the keyholder holds neither the table's HMAC secret (checked above) nor any signing key
    assert not list((fed / "keyholder").glob("*signing*"))


def test_keyholder_config(fed):
    keyholder = config.load_any(fed / "keyholder" / "keyholder.toml")
    assert isinstance(keyholder, config.KeyholderConfig)
    assert keyholder.table == TABLE and keyholder.partners == tuple(PARTNERS)
    assert keyholder.data_dir == fed / "keyholder" / "data"
    assert (keyholder.quota_per_hour, keyholder.alert_factor, keyholder.alert_threshold) == (200_000, 5.0, 50_000)
    assert keyholder.tls.cert == fed / "keyholder" / "tls.crt"


def test_federation_toml_is_public(fed):
    text = (fed / "federation.toml").read_text()
    assert "PRIVATE" not in text and ".key" not in text
    directory = tomllib.loads(text)
    assert directory["table"] == TABLE
    assert list(directory["partners"]) == PARTNERS
    assert directory["partners"]["gemeente-hilversum"]["kind"] == "gemeente"
    assert set(directory["chairs"]) == set(CHAIRS)
    matcher = config.load_matcher(fed / "matcher" / "matcher.toml")
    assert directory["matcher"]["address"] == matcher.listen


# -- certificates --------------------------------------------------------------------------------


def test_ca_certificate(fed):
    ca = load_cert(fed / "ca" / "ca.crt")
    constraints = ca.extensions.get_extension_for_class(x509.BasicConstraints)
    assert constraints.critical and constraints.value.ca and constraints.value.path_length == 0
    ca.verify_directly_issued_by(ca)
    years = (ca.not_valid_after_utc - ca.not_valid_before_utc).days / 365
    assert 4.9 < years < 5.1


def test_certificates_carry_identity_and_chain_to_ca(fed):
    ca = load_cert(fed / "ca" / "ca.crt")
    expected = {
        name: (d / "tls", name in ("matcher", "keyholder") or name.startswith("partner/"))
        for name, d in process_dirs(fed).items()
    }
    expected |= {f"operator/{p}": (fed / "nodes" / p / "operator", False) for p in PARTNERS}
    for name, (stem, server) in expected.items():
        cert = load_cert(stem.with_suffix(".crt"))
        cert.verify_directly_issued_by(ca)
        assert stem.with_suffix(".crt").parent.joinpath("ca.crt").read_bytes() == (fed / "ca" / "ca.crt").read_bytes()
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        assert san.get_values_for_type(x509.UniformResourceIdentifier) == [f"spiffe://{TABLE}/{name}"]
        dns = san.get_values_for_type(x509.DNSName)
        ips = {str(ip) for ip in san.get_values_for_type(x509.IPAddress)}
        pinned = server_name(parse_spiffe(f"spiffe://{TABLE}/{name}"))
        assert (dns, ips) == (([pinned, "localhost"], {"127.0.0.1", "::1"}) if server else ([], set()))
        eku = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
        assert set(eku) == {ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH}
        assert not cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
        key = serialization.load_pem_private_key(stem.with_suffix(".key").read_bytes(), None)
        assert key.public_key() == cert.public_key()
        assert 360 <= (cert.not_valid_after_utc - cert.not_valid_before_utc).days <= 370


def test_foreign_federation_has_its_own_ca(fed, tmp_path):
    other = init_federation(tmp_path / "other", TABLE, ["vtgv", "nla"], base_port=41000)
    foreign = load_cert(other / "nodes" / "nla" / "tls.crt")
    with pytest.raises(InvalidSignature):
        foreign.verify_directly_issued_by(load_cert(fed / "ca" / "ca.crt"))


# -- configs -------------------------------------------------------------------------------------


def test_configs_load_and_match_the_keys(fed):
    matcher = config.load_any(fed / "matcher" / "matcher.toml")
    assert isinstance(matcher, config.MatcherConfig)
    assert matcher.table == TABLE and matcher.retention_days == 365
    assert matcher.data_dir == fed / "matcher" / "data"
    assert list(matcher.partners) == PARTNERS and list(matcher.chairs) == CHAIRS
    matcher_public = crypto.public_key_b64(crypto.load_ed25519_private(matcher.signing_key))

    listens = {matcher.listen}
    for partner in PARTNERS:
        node = config.load_any(fed / "nodes" / partner / "node.toml")
        assert isinstance(node, config.NodeConfig)
        assert (node.table, node.partner, node.kind, node.epoch) == (
            TABLE,
            partner,
            infer_kind(partner),
            1,
        )
        assert node.table_secrets == {1: fed / "nodes" / partner / "table-secret-epoch-1.key"}
        assert node.tls.cert == fed / "nodes" / partner / "tls.crt"
        assert node.operator_tls.cert == fed / "nodes" / partner / "operator.crt"
        assert node.matcher_address == matcher.listen
        assert node.matcher_signing_public_key == matcher_public
        info = matcher.partners[partner]
        assert info.kind == node.kind
        assert info.signing_public_key == crypto.public_key_b64(crypto.load_ed25519_private(node.signing_key))
        assert info.encryption_public_key == crypto.public_key_b64(crypto.load_x25519_private(node.encryption_key))
        listens.add(node.listen)
    listens.add(config.load_keyholder(fed / "keyholder" / "keyholder.toml").listen)
    assert len(listens) == 2 + len(PARTNERS)

    for name in CHAIRS:
        chair = config.load_any(fed / "chairs" / name / "chair.toml")
        assert isinstance(chair, config.ChairConfig)
        assert chair.name == name and chair.matcher_address == matcher.listen
        assert chair.matcher_signing_public_key == matcher_public
        assert matcher.chairs[name].encryption_public_key == crypto.public_key_b64(
            crypto.load_x25519_private(chair.encryption_key)
        )


def test_base_port_and_explicit_kinds(tmp_path):
    fed = init_federation(tmp_path / "f", "t", ["alpha=riec", "vtgv", "beta"], chairs=["c"], base_port=20000)
    assert config.load_matcher(fed / "matcher" / "matcher.toml").listen == "127.0.0.1:20000"
    nodes = [config.load_node(fed / "nodes" / p / "node.toml") for p in ["alpha", "vtgv", "beta"]]
    assert [n.listen for n in nodes] == ["127.0.0.1:20001", "127.0.0.1:20002", "127.0.0.1:20003"]
    assert config.load_keyholder(fed / "keyholder" / "keyholder.toml").listen == "127.0.0.1:20004"
    assert [n.kind for n in nodes] == ["riec", "veilig_thuis", "other"]


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
    assert (tmp_path / "empty" / "federation.toml").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty", "file"]


# -- config errors name the file and the key -----------------------------------------------------


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


@pytest.mark.parametrize(
    "config_file, old, new, key",
    [
        ("nodes/nla/node.toml", 'cert = "tls.crt"\n', "", "tls.cert"),
        ("nodes/nla/node.toml", 'cert = "tls.crt"', 'cert = "nope.crt"', "tls.cert"),
        ("nodes/nla/node.toml", "epoch = 1", "epoch = 2", "epoch"),
        ("nodes/nla/node.toml", "epoch = 1", 'epoch = "1"', "epoch"),
        ("nodes/nla/node.toml", 'kind = "nla"', 'kind = "ngo"', "kind"),
        ("nodes/nla/node.toml", 'listen = "127.0.0.1:', 'listen = "127.0.0.1', "listen"),
        (
            "nodes/nla/node.toml",
            'signing_public_key = "',
            'signing_public_key = "AAAA',
            "matcher.signing_public_key",
        ),
        ("matcher/matcher.toml", "retention_days = 365", "retention_days = 0", "retention_days"),
        ("nodes/nla/node.toml", '[keyholder.public_keys]\n1 = "', '[keyholder.public_keys]\n2 = "', "epoch"),
        ("nodes/nla/node.toml", '[keyholder.public_keys]\n1 = "', '[keyholder.public_keys]\n1 = "AA', "keyholder.public_keys.1"),
        ("nodes/nla/node.toml", '[keyholder]\naddress = "', '[keyholder]\nadres = "', "keyholder.address"),
        ("keyholder/keyholder.toml", "quota_per_hour = 200000", "quota_per_hour = 0", "quota_per_hour"),
        ("keyholder/keyholder.toml", "alert_factor = 5", "alert_factor = -1.5", "alert_factor"),
        ("keyholder/keyholder.toml", '[oprf_keys]\n1 = "', '[oprf_keys]\nx = "', "oprf_keys.x"),
        ("keyholder/keyholder.toml", 'at_rest_key = "at-rest.key"', 'at_rest_key = "no.key"', "at_rest_key"),
        ("matcher/matcher.toml", 'kind = "nla"', 'kind = "x"', "partners.nla.kind"),
        ("chairs/voorzitter/chair.toml", 'role = "chair"', 'role = "node"', "role"),
        (
            "chairs/voorzitter/chair.toml",
            '[matcher]\naddress = "',
            '[matcher]\nadres = "',
            "matcher.address",
        ),
    ],
)
def test_config_errors_name_file_and_key(tmp_path, config_file, old, new, key):
    fed = init_federation(tmp_path / "f", TABLE, ["vtgv", "nla"], base_port=30000)
    path = fed / config_file
    _edit(path, old, new)
    loader = {
        "node.toml": config.load_node,
        "matcher.toml": config.load_matcher,
        "keyholder.toml": config.load_keyholder,
    }.get(path.name, config.load_chair)
    with pytest.raises(ConfigError) as info:
        loader(path)
    assert str(path) in str(info.value) and f": {key}:" in str(info.value)


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
