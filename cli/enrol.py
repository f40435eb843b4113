"""The enrolment commands of the `signalmatch` CLI (the work is in deploy/enrol.py and deploy/table_admin.py)."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path

from rich.console import Console

from signalmatch import config, i18n, transport
from signalmatch.deploy import enrol, keyfiles, table_admin
from signalmatch.deploy.federation import install_deal
from signalmatch.membership import renew_certificates
from signalmatch.transport import Identity


def run_enrolment(args: argparse.Namespace, console: Console) -> int:
    say = lambda text: console.print(text, markup=False, soft_wrap=True)  # noqa: E731
    if args.command == "table":
        return _table(args, say)
    if args.action == "init":
        if args.command == "partner":
            path, request = enrol.partner_init(args.dir, args.table, args.partner, args.kind, args.oin, args.listen)
        elif args.command == "officer":
            path, request = enrol.officer_init(args.dir, args.table, args.officer)
        elif args.command == "chair":
            path, request = enrol.chair_init(args.dir, args.table, args.chair)
        else:
            path, request = enrol.keyholder_init(args.dir, args.table, args.listen)
        say(i18n.t("enrol.request_written", who=request.who, path=path, fingerprint=request.fingerprint()))
        return 0
    if args.action == "renew":
        return _renew(args, say)
    if args.action == "cosign":
        target, changes, version = table_admin.officer_cosign(args.config, args.pending, args.out)
        say(i18n.t("enrol.cosign_show", version=version, changes=", ".join(changes)))
        say(i18n.t("enrol.cosigned", path=target))
        return 0
    # install: an enrolment response, or (a partner) a dealt table secret
    data = json.loads(Path(args.response).read_text(encoding="utf-8"))
    if args.command == "partner" and "signature" in data and "body" in data:
        epoch = install_deal(args.config, args.response)
        say(i18n.t("enrol.cli.deal_installed", epoch=epoch, dir=Path(args.config).parent / "secrets"))
        return 0
    head, fingerprint = enrol.install(args.config, args.response, args.expect)
    say(i18n.t("enrol.installed", config=args.config, version=head.version, fingerprint=fingerprint))
    return 0


def _table(args: argparse.Namespace, say: Callable[[str], None]) -> int:
    if args.action == "init":
        path, fingerprint = table_admin.table_init(args.dir, args.table, args.listen, online_issuing=not args.offline_issuing)
        say(i18n.t("enrol.table_made", table=args.table, path=path, fingerprint=fingerprint, root=path.parent / "root"))
        return 0
    if args.action == "admit":
        for request in args.requests:
            loaded = enrol.Request.load(request)
            say(i18n.t("enrol.request_fingerprint", who=loaded.who, fingerprint=loaded.fingerprint()))
        admission, result = table_admin.admit_and_publish(args.config, args.requests, args.out, args.expect, args.days)
        number = admission.version.directory().version
        if isinstance(result, Path):
            say(i18n.t("enrol.pending", version=number, changes=", ".join(admission.changes), path=result))
            return 0
        if not admission.renewal:
            say(i18n.t("enrol.published", version=number, changes=", ".join(admission.changes) or "-"))
        for path in result:
            say(i18n.t("enrol.response", who=path.stem.removeprefix("enrolment-response-"), path=path))
        return 0
    if args.action in ("trust", "policy"):
        if args.action == "trust":
            admission = table_admin.table_trust(args.config, args.anchor, args.name)
        else:
            admission = table_admin.table_policy(args.config, args.file)
        number = admission.version.directory().version
        pending = table_admin.publish_or_pend(args.config, admission)
        changes = ", ".join(admission.changes) or "-"
        if pending is not None:
            say(i18n.t("enrol.pending", version=number, changes=changes, path=pending))
        else:
            say(i18n.t("enrol.published", version=number, changes=changes))
        return 0
    if args.action == "renew-matcher":
        until = table_admin.table_renew_matcher(args.config)
        say(i18n.t("enrol.cli.renewed", until=until.strftime("%Y-%m-%d")))
        return 0
    if args.action == "dealer":
        head = table_admin.table_dealer(args.config, args.partner)
        say(i18n.t("enrol.published", version=head.version, changes=f"dealer={head.dealer}"))
        return 0
    if args.action == "publish":
        for path in table_admin.table_publish(args.config, args.cosigned, args.out):
            say(i18n.t("enrol.response", who=path.stem.removeprefix("enrolment-response-"), path=path))
        return 0
    if args.action == "remove":
        head = table_admin.table_remove(args.config, args.member)
        say(i18n.t("enrol.removed", who=args.member, version=head.version))
        if head.epochs.pending:
            say(i18n.t("enrol.epoch_requested", epoch=head.epochs.pending))
        return 0
    say(i18n.t("enrol.cli.rotate", epoch=table_admin.table_rotate(args.config)))
    return 0


def _renew(args: argparse.Namespace, say: Callable[[str], None]) -> int:
    if args.offline:
        request = enrol.member_request(args.config)
        path = args.out or Path(args.config).absolute().parent / "renewal-request.json"
        keyfiles.write_public(path, json.dumps(request.document(), indent=1, sort_keys=True) + "\n")
        say(i18n.t("enrol.request_written", who=request.who, path=path, fingerprint=request.fingerprint()))
        return 0
    cfg = config.load_any(args.config)
    if isinstance(cfg, config.NodeConfig):
        files = [
            (cfg.tls, Identity(cfg.table, "partner", cfg.partner), True),
            (cfg.operator_tls, Identity(cfg.table, "operator", cfg.partner), False),
        ]
    elif isinstance(cfg, config.KeyholderConfig):
        files = [(cfg.tls, Identity(cfg.table, "keyholder", ""), True)]
    elif isinstance(cfg, config.ChairConfig | config.OfficerConfig):
        files = [
            (
                cfg.tls,
                Identity(cfg.table, "chair" if isinstance(cfg, config.ChairConfig) else "officer", cfg.name),
                False,
            )
        ]
    else:
        raise AssertionError(type(cfg))
    with transport.matcher_channel(cfg.table, cfg.directory.matcher.address, cfg.tls) as channel:
        leaves = renew_certificates(channel, files)
    say(i18n.t("enrol.cli.renewed", until=leaves[0].not_valid_after_utc.strftime("%Y-%m-%d")))
    return 0
