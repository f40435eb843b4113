"""`signalmatch federation init|rotate|destroy-epoch`: a whole table on one machine, as a thin
script over the enrolment steps each organisation runs itself (deploy/table_admin.py, deploy/enrol.py),
for the demo and the tests. One code path: nothing here makes a key or a certificate that those, the node
(node/secrets.py) or the keyholder (keyholder/keys.py) would not make in a real table.

Layout of DIR: one directory per organisation, and everything that passes between them in
``exchange/`` (requests, responses, pending versions, sealed table secrets: public material only)::

    organisations/operator/   table.toml, root/, issuing/, directory/, matcher/   (the table operator)
    organisations/keyholder/  keyholder.toml + its keys                         (another organisation)
    organisations/tafel/      officer.toml + its keys                           (the table's privacy officer)
    organisations/<partner>/  node/node.toml, officer/officer.toml + their keys (each partner)
    organisations/<chair>/    chair.toml + its keys                             (each chair)
    exchange/                 requests/, responses/, pending/, deals/
"""

from __future__ import annotations

import dataclasses
import errno
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from signalmatch import crypto, i18n
from signalmatch.config import DEFAULT_POLICY, ID_PATTERN, PARTNER_KINDS, load_keyholder, load_node, oprf_key_name
from signalmatch.deal import SignedDeal
from signalmatch.deploy import enrol, keyfiles, table_admin
from signalmatch.directory import TABLE_OFFICER, Chain, SignedVersion
from signalmatch.errors import FederationExistsError, ValidationError, Violation
from signalmatch.keyholder import keys as keyholder_keys
from signalmatch.node import secrets

MIN_PARTNERS = 2
RESERVED_ORGANISATIONS = ("operator", "keyholder", TABLE_OFFICER)


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
        elif partner_id in RESERVED_ORGANISATIONS:
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
        elif name in chairs[:index] or name in (s.id for s in specs):
            bad(f"chairs[{index}]", "federation.duplicate", value=name)
        elif name in RESERVED_ORGANISATIONS:
            bad(f"chairs[{index}]", "federation.reserved", value=name)
    if not chairs:
        bad("chairs", "federation.too_few", minimum=1, count=0)
    # matcher, nodes and keyholder, then their metrics ports in the same order
    if base_port is not None:
        last_port = base_port + 2 * (len(partners) + 2) - 1
        if not (1 <= base_port and last_port <= 65535):
            bad("base_port", "federation.port_range", first=base_port, last=last_port)
    if violations:
        raise ValidationError(violations)
    return specs


# -- the layout of a whole table on one machine ------------------------------------------------------


@dataclass(frozen=True)
class Layout:
    """Where each organisation's directory and config is in a federation directory."""

    root: Path

    def org(self, name: str) -> Path:
        return self.root / "organisations" / name

    @property
    def exchange(self) -> Path:
        return self.root / "exchange"

    @property
    def operator(self) -> Path:
        return self.org("operator")

    @property
    def table_toml(self) -> Path:
        return self.operator / "table.toml"

    @property
    def matcher_toml(self) -> Path:
        return self.operator / "matcher" / "matcher.toml"

    @property
    def keyholder_toml(self) -> Path:
        return self.org("keyholder") / "keyholder.toml"

    def node_toml(self, partner: str) -> Path:
        return self.org(partner) / "node" / "node.toml"

    def officer_toml(self, name: str) -> Path:
        return (
            self.org(TABLE_OFFICER) / "officer.toml"
            if name == TABLE_OFFICER
            else self.org(name) / "officer" / "officer.toml"
        )

    def chair_toml(self, name: str) -> Path:
        return self.org(name) / "chair.toml"

    def partners(self) -> list[str]:
        return sorted(p.parent.parent.name for p in self.root.glob("organisations/*/node/node.toml"))

    def members(self) -> list[Path]:
        """Every member's config (not the operator's)."""
        found = [self.keyholder_toml, self.officer_toml(TABLE_OFFICER)]
        found += sorted(self.root.glob("organisations/*/node/node.toml"))
        found += sorted(self.root.glob("organisations/*/officer/officer.toml"))
        found += sorted(self.root.glob("organisations/*/chair.toml"))
        return [p for p in found if p.is_file()]


def _exchange_dir(layout: Layout, kind: str) -> Path:
    keyfiles.sub_dir(layout.root, "exchange")
    return keyfiles.sub_dir(layout.exchange, kind)


def _exchange(layout: Layout, kind: str, source: Path, name: str | None = None) -> Path:
    """Put a public file in exchange/<kind>/ (what travels between organisations)."""
    target = _exchange_dir(layout, kind) / (name or source.name)
    shutil.copyfile(source, target)
    return target


class Ceremony:
    """The set-up of a table as separate organisations would run it, each step by the party
    whose directory it touches; what passes between them goes through exchange/."""

    def __init__(self, layout: Layout, table: str, report: Callable[[str], object] = lambda text: None):
        self.layout = layout
        self.table = table
        self.report = report
        self.fingerprint = ""
        self.requests: dict[str, tuple[Path, str]] = {}  # who -> (request in exchange/, fingerprint)

    def operator_init(self, listen: str, fuzzy_matching: bool) -> str:
        policy = dataclasses.replace(DEFAULT_POLICY, fuzzy_matching=fuzzy_matching)
        _, self.fingerprint = table_admin.table_init(self.layout.operator, self.table, listen, policy)
        self.report(i18n.t("ceremony.operator", table=self.table, fingerprint=self.fingerprint))
        return self.fingerprint

    def member_init(self, who: str, made: tuple[Path, enrol.Request]) -> None:
        path, request = made
        self.requests[who] = (
            _exchange(self.layout, "requests", path, f"{who.replace('/', '-')}.json"),
            request.fingerprint(),
        )

    def admit(self, whos: list[str]) -> list[Path]:
        """The operator admits `whos` (comparing each request's fingerprint as read out by phone);
        a version that widens who sees data goes through the table officer's co-signature."""
        requests = [self.requests[w][0] for w in whos]
        expect = [self.requests[w][1] for w in whos]
        responses = _exchange_dir(self.layout, "responses")
        admission, result = table_admin.admit_and_publish(self.layout.table_toml, requests, responses, expect)
        version = admission.version.directory().version
        cosigned = ""
        if not isinstance(result, list):
            pending = _exchange(self.layout, "pending", result)
            signed_file, _, _ = table_admin.officer_cosign(self.layout.officer_toml(TABLE_OFFICER), pending)
            result = table_admin.table_publish(self.layout.table_toml, signed_file, responses)
            cosigned = i18n.t("ceremony.cosigned")
        who = whos[0] if len(whos) == 1 else i18n.t("ceremony.members", count=len(whos))
        self.report(i18n.t("ceremony.admitted", who=who, version=version, cosigned=cosigned))
        return result

    def install(self, responses: list[Path]) -> None:
        for response in responses:
            data = json.loads(response.read_text(encoding="utf-8"))
            config_path = self._config_of(data["role"], data["name"])
            enrol.install(config_path, response, expect=self.fingerprint)

    def _config_of(self, role: str, name: str) -> Path:
        if role == "partner":
            return self.layout.node_toml(name)
        if role == "officer":
            return self.layout.officer_toml(name)
        if role == "chair":
            return self.layout.chair_toml(name)
        return self.layout.keyholder_toml

    def deal_offline(self, epoch: int) -> Path:
        """The dealer seals `epoch`'s secret to every partner (a file in exchange/deals/); each
        partner installs its copy. (Live, the same deal travels through the matcher.)"""
        sync_members(self.layout)
        dealer_cfg = load_node(self.layout.node_toml(self._dealer()))
        signed = secrets.deal(
            dealer_cfg.secrets_dir,
            dealer_cfg.partner,
            crypto.load_ed25519_private(dealer_cfg.signing_key),
            dealer_cfg.directory,
            epoch,
            dealer_cfg.directory.partners,
        )
        assert signed is not None
        path = _exchange_dir(self.layout, "deals") / f"epoch-{epoch}-{dealer_cfg.directory.version}.json"
        path.write_text(signed.to_json() + "\n", encoding="utf-8")
        for partner in self.layout.partners():
            install_deal(self.layout.node_toml(partner), path)
        self.report(
            i18n.t("ceremony.dealt", dealer=dealer_cfg.partner, epoch=epoch, count=len(dealer_cfg.directory.partners))
        )
        return path

    def _dealer(self) -> str:
        versions = table_admin.read_versions(self.layout.operator / "directory" / "versions")
        return versions[-1].directory().dealer


def install_deal(node_toml: Path, deal_file: Path) -> int:
    """`signalmatch partner install DEAL`: verify a dealt table secret against this node's
    directory, open this partner's copy and keep it."""
    cfg = load_node(node_toml)
    signed = SignedDeal.from_json(Path(deal_file).read_bytes())
    key = crypto.load_x25519_private(cfg.encryption_key)
    return secrets.accept_deal(cfg.secrets_dir, cfg.partner, key, cfg.directory, signed)


def sync_member(config_path: Path, versions: Path) -> int:
    """Bring a member's cached directory up to the operator's store, verifying every version after
    the one it holds (live, the same happens through the matcher's DirectoryService)."""
    document = keyfiles.read_toml(config_path)
    cache = config_path.parent / document.get("directory", "directory.json")
    chain = Chain(document["pins"]["directory_key"], document["table"])
    chain.trust(SignedVersion.load(cache))
    newer = table_admin.read_versions(versions, chain.version)
    if newer:
        chain.accept_all(newer)
        assert chain.head_signed is not None
        enrol.save_directory(cache, chain.head_signed)
    return chain.version


def sync_members(layout: Layout) -> None:
    versions = layout.operator / "directory" / "versions"
    for config_path in layout.members():
        sync_member(config_path, versions)


def init_federation(
    directory: Path,
    table: str,
    partners: list[str],
    chairs: list[str] = ["voorzitter"],  # noqa: B006 - never mutated
    base_port: int | None = None,
    fuzzy_matching: bool = DEFAULT_POLICY.fuzzy_matching,
    report: Callable[[str], object] = lambda text: None,
) -> Path:
    """`signalmatch federation init`: a whole table in `directory` (which must not exist or be
    empty), made by the ceremony of separate organisations (see Ceremony), epoch 1 dealt.

    `partners` are ids, optionally "id=kind". With `base_port` N the matcher listens on N, the
    nodes on N+1.. in partner order and the keyholder on the port after the last node, and their
    Prometheus metrics ports (``metrics_listen``) follow in the same order; without it free
    loopback ports are picked. Returns the absolute directory. Raises ValidationError for
    bad input and FederationExistsError if `directory` holds anything; on any failure nothing is
    left behind.
    """
    specs = validate_inputs(table, partners, chairs, base_port)
    count = 2 + len(specs)  # matcher, nodes, keyholder
    target = Path(directory).absolute()
    if _non_empty(target):
        raise FederationExistsError(i18n.t("federation.exists", path=target))
    ports = keyfiles.free_ports(2 * count) if base_port is None else list(range(base_port, base_port + 2 * count))
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.init-", dir=target.parent))
    try:
        os.chmod(staging, 0o700)
        layout = Layout(staging)
        run_ceremony(layout, table, specs, list(chairs), ports[:count], fuzzy_matching, report=report)
        _metrics_ports(layout, specs, ports[count:])
        _relocate(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target


def run_ceremony(
    layout: Layout,
    table: str,
    specs: list[PartnerSpec],
    chairs: list[str],
    ports: list[int],
    fuzzy_matching: bool,
    deal: bool = True,
    report: Callable[[str], object] = lambda text: None,
) -> Ceremony:
    """Every organisation's steps in order: the operator makes the table; each member makes its
    keys and request; the operator admits the table's officer, then everyone else (co-signed);
    each member installs its response; the dealer deals epoch 1 (unless `deal` is off: then the
    dealer's node deals it live, through the matcher)."""
    ceremony = Ceremony(layout, table, report)
    ceremony.operator_init(f"127.0.0.1:{ports[0]}", fuzzy_matching)
    ceremony.member_init("keyholder", enrol.keyholder_init(layout.org("keyholder"), table, f"127.0.0.1:{ports[-1]}"))
    ceremony.member_init(
        f"officer/{TABLE_OFFICER}", enrol.officer_init(layout.org(TABLE_OFFICER), table, TABLE_OFFICER)
    )
    for spec, port in zip(specs, ports[1:-1], strict=True):
        made = enrol.partner_init(layout.org(spec.id) / "node", table, spec.id, spec.kind, listen=f"127.0.0.1:{port}")
        ceremony.member_init(f"partner/{spec.id}", made)
        ceremony.member_init(f"officer/{spec.id}", enrol.officer_init(layout.org(spec.id) / "officer", table, spec.id))
    for name in chairs:
        ceremony.member_init(f"chair/{name}", enrol.chair_init(layout.org(name), table, name))
    orgs = len(list((layout.root / "organisations").iterdir())) - 1  # all but the operator
    report(i18n.t("ceremony.requests", count=len(ceremony.requests), orgs=orgs))
    ceremony.install(ceremony.admit([f"officer/{TABLE_OFFICER}"]))
    others = ["keyholder", *(f"partner/{s.id}" for s in specs), *(f"officer/{s.id}" for s in specs)]
    responses = ceremony.admit([*others, *(f"chair/{c}" for c in chairs)])
    ceremony.install(responses)
    report(i18n.t("ceremony.installed", count=len(responses) + 1))
    if deal:
        ceremony.deal_offline(enrol.FIRST_EPOCH)
    return ceremony


def _metrics_ports(layout: Layout, specs: list[PartnerSpec], ports: list[int]) -> None:
    """Give each server a fixed metrics port (``metrics_listen``, plaintext HTTP on loopback), in
    the order matcher, nodes, keyholder: what a Prometheus scrape config names."""
    configs = [layout.matcher_toml, *(layout.node_toml(s.id) for s in specs), layout.keyholder_toml]
    for path, port in zip(configs, ports, strict=True):
        document = keyfiles.read_toml(path)
        document["metrics_listen"] = f"127.0.0.1:{port}"
        keyfiles.write_toml(path, document)


def _relocate(staging: Path, target: Path) -> None:
    """Move the finished federation into place atomically (configs use relative paths)."""
    try:
        os.rename(staging, target)  # replaces `target` only if it is an empty dir
    except OSError as exc:
        if exc.errno not in (errno.ENOTEMPTY, errno.EEXIST, errno.ENOTDIR, errno.EISDIR):
            raise
        raise FederationExistsError(i18n.t("federation.exists", path=target)) from None


def _non_empty(path: Path) -> bool:
    if not path.exists() and not path.is_symlink():
        return False
    return not path.is_dir() or path.is_symlink() or any(path.iterdir())


# -- key epochs on one machine: rotation and crypto-shredding ---------------------------------------


def rotate_epoch(directory: Path) -> int:
    """`signalmatch federation rotate DIR`: key epoch N+1, each step by its own party: the operator
    asks for it, the keyholder makes and announces its key, the operator publishes it, the dealer
    deals the new secret and every partner installs its copy. Running processes pick it up from
    the directory; restarted ones on start. Returns N+1."""
    layout = Layout(Path(directory).absolute())
    epoch = table_admin.table_rotate(layout.table_toml)  # ValidationError while a rotation is under way
    keyholder = load_keyholder(layout.keyholder_toml)
    key_file = keyholder.path.parent / oprf_key_name(epoch)
    signing = crypto.load_ed25519_private(keyholder.signing_key)
    announced = (
        keyholder_keys.announce(key_file, keyholder.table, epoch, signing)
        if key_file.exists()
        else keyholder_keys.make_key(keyholder.path.parent, keyholder.table, epoch, signing)
    )
    sync_members(layout)
    Ceremony(layout, keyholder.table).deal_offline(epoch)
    table_admin.table_start_epoch(layout.table_toml, announced)
    sync_members(layout)
    return epoch


def destroy_epoch(directory: Path, epoch: int) -> None:
    """`signalmatch federation destroy-epoch DIR N`: crypto-shredding of key epoch N (once every
    node has re-submitted): the operator publishes N as destroyed, and every party applies it —
    the nodes shred their secrets, the keyholder its key (and deletes it from its database on
    start), the matcher deletes every epoch-N token."""
    layout = Layout(Path(directory).absolute())
    table_admin.table_destroy_epoch(layout.table_toml, epoch)
    sync_members(layout)
    for partner in layout.partners():
        cfg = load_node(layout.node_toml(partner))
        secrets.shred_destroyed(cfg.secrets_dir, cfg.directory)
    keyholder = load_keyholder(layout.keyholder_toml)
    keyholder_keys.shred_destroyed(keyholder.path.parent, keyholder.directory)
