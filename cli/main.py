"""The `signalmatch` command: one entry point for every process and console.

Exit codes: 0 ok, 1 a remote call failed, 2 bad input or configuration, 3 import with rejected rows,
4 audit verification failed, 5 a damaged store (a server refuses to start; `check` found damage),
130 interrupted.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeAlias

import grpc
from rich.console import Console

from signalmatch import enums, i18n, logs
from signalmatch.errors import SignalmatchError, ValidationError
from signalmatch.protocol import CLOSURE_REASONS, REFUSAL_REASONS, REVIEW_CONFIRM_REASONS, REVIEW_REJECT_REASONS
from signalmatch.stores import EXIT_DAMAGED, StoreDamagedError
from signalmatch.v1 import common_pb2, signal_pb2
from signalmatch.workflow import REFERRAL_TARGETS, STATUSES

Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"

SIGNAL_STATES = enums.choices(signal_pb2.SignalState)
EXPLOITATION = enums.choices(common_pb2.ExploitationType)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="signalmatch", description=__doc__.splitlines()[0])
    parser.add_argument("--lang", choices=i18n.LANGUAGES, help="language of messages (default nl)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    parser.add_argument(
        "--log-format",
        choices=logs.FORMATS,
        help="json: one object per line (default for `serve`); text: for a terminal (default otherwise); "
        f"or set {logs.ENV_FORMAT}",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    fed = commands.add_parser("federation", help="set up a federation").add_subparsers(dest="action", required=True)
    init = fed.add_parser("init", help="create CA, certificates, keys and configs")
    init.add_argument("dir", type=Path)
    init.add_argument("--table", required=True)
    init.add_argument("--partners", required=True, help="comma-separated partner ids (id or id=kind)")
    init.add_argument("--chairs", default="voorzitter", help="comma-separated chair names")
    init.add_argument("--base-port", type=int, help="matcher port; nodes follow (default: free ports)")
    rotate = fed.add_parser("rotate", help="start a new key epoch (restart keyholder and matcher, then nodes)")
    rotate.add_argument("dir", type=Path)
    destroy = fed.add_parser("destroy-epoch", help="crypto-shred an old key epoch (restart all processes)")
    destroy.add_argument("dir", type=Path)
    destroy.add_argument("epoch", type=int)

    _enrolment_parsers(commands)

    matcher = commands.add_parser("matcher", help="run the central matcher").add_subparsers(
        dest="action", required=True
    )
    matcher.add_parser("serve").add_argument("--config", type=Path, required=True)
    refit = matcher.add_parser("refit", help="fit the linkage model on the matcher's data now (the server picks it up)")
    refit.add_argument("--config", type=Path, required=True)

    keyholder = commands.add_parser("keyholder", help="run the oblivious keyholder (OPRF)").add_subparsers(
        dest="action", required=True
    )
    keyholder.add_parser("serve").add_argument("--config", type=Path, required=True)
    _member_parsers(keyholder, "keyholder")

    node = commands.add_parser("node", help="run or use a partner node").add_subparsers(dest="action", required=True)
    node.add_parser("serve").add_argument("--config", type=Path, required=True)
    imp = node.add_parser("import", help="import signals from CSV or JSONL")
    imp.add_argument("file", type=Path)
    imp.add_argument("--config", type=Path, required=True)
    imp.add_argument("--json", action="store_true")
    for name in ("status", "signals"):
        sub = node.add_parser(name)
        sub.add_argument("--config", type=Path, required=True)
        sub.add_argument("--json", action="store_true")
        if name == "signals":
            sub.add_argument("--state", choices=SIGNAL_STATES, default="", help="only signals in this state")
    resubmit = node.add_parser("resubmit", help="correct a signal the matcher refused and queue it again")
    resubmit.add_argument("signal")
    resubmit.add_argument("--file", type=Path, help="the corrected signal as one JSON object (default: as stored)")
    resubmit.add_argument("--config", type=Path, required=True)
    withdraw = node.add_parser("withdraw", help="withdraw a signal")
    withdraw.add_argument("signal")
    withdraw.add_argument("--config", type=Path, required=True)
    # The partner's privacy officer (officer.toml): disclosure requests at its own node.
    requests = node.add_parser("requests", help="disclosure requests, with a preview of what approval sends")
    requests.add_argument("--config", type=Path, required=True, help="officer.toml")
    requests.add_argument("--json", action="store_true")
    approve = node.add_parser("approve", help="approve a disclosure request")
    approve.add_argument("disclosure")
    approve.add_argument("--config", type=Path, required=True, help="officer.toml")
    refuse = node.add_parser("refuse", help="refuse a disclosure request, with a reason")
    refuse.add_argument("disclosure")
    refuse.add_argument("--reason", required=True, choices=REFUSAL_REASONS)
    refuse.add_argument("--config", type=Path, required=True, help="officer.toml")

    chair = commands.add_parser("chair", help="review hits as the table's chair").add_subparsers(
        dest="action", required=True
    )
    _member_parsers(chair, "chair")
    hits = chair.add_parser("hits", help="list hits")
    hits.add_argument("--config", type=Path, required=True)
    hits.add_argument("--status", choices=STATUSES)
    hits.add_argument("--exploitation-type", choices=EXPLOITATION)
    hits.add_argument("--municipality", default="")
    hits.add_argument("--partner", default="")
    hits.add_argument("--from", dest="period_from", default="", help="first month (YYYY-MM) or day (YYYY-MM-DD)")
    hits.add_argument("--to", dest="period_to", default="", help="last month or day, included (Dutch time)")
    hits.add_argument(
        "--by", choices=("updated", "created"), default="updated", help="period of the last update or of creation"
    )
    hits.add_argument("--json", action="store_true")
    review = chair.add_parser(
        "review", help="possible matches for review; confirm or reject one (review confirm|reject NAME --reason R)"
    )
    review.add_argument("decision", nargs="?", choices=("confirm", "reject"))
    review.add_argument("candidate", nargs="?", help="reviewCandidates/A-B or A-B")
    review.add_argument("--reason", choices=REVIEW_CONFIRM_REASONS + REVIEW_REJECT_REASONS, default="")
    review.add_argument("--config", type=Path, required=True)
    review.add_argument("--json", action="store_true")
    hit = chair.add_parser("hit", help="show one hit with its evidence")
    hit.add_argument("hit")
    hit.add_argument("--config", type=Path, required=True)
    hit.add_argument("--json", action="store_true")
    status = chair.add_parser("status", help="set a hit's status")
    status.add_argument("hit")
    status.add_argument("status", choices=STATUSES)
    status.add_argument("--config", type=Path, required=True)
    status.add_argument("--referred-to", choices=REFERRAL_TARGETS, default="")
    status.add_argument("--reason", dest="note", choices=CLOSURE_REASONS, default="", help="required with afgesloten")
    request = chair.add_parser("request", help="ask the partners in a hit to disclose")
    request.add_argument("hit")
    request.add_argument("--categories", required=True, help="comma-separated, e.g. persons,contact_details")
    request.add_argument("--purpose", required=True)
    request.add_argument("--legal-basis", required=True)
    request.add_argument("--partners", default="", help="comma-separated partner ids (default: all in the hit)")
    request.add_argument("--config", type=Path, required=True)
    request.add_argument("--json", action="store_true")
    disclosures = chair.add_parser("disclosures", help="list disclosure requests")
    disclosures.add_argument("--hit", default="")
    disclosures.add_argument("--config", type=Path, required=True)
    disclosures.add_argument("--json", action="store_true")
    open_ = chair.add_parser("open", help="decrypt the disclosures of a hit (or one disclosure) here")
    open_.add_argument("target", metavar="HIT_OR_DISCLOSURE")
    open_.add_argument("--config", type=Path, required=True)
    open_.add_argument("--json", action="store_true")

    audit = commands.add_parser(
        "audit", help="privacy officers: verify the log, report, subject access"
    ).add_subparsers(dest="action", required=True)
    verify = audit.add_parser("verify", help="verify the matcher's log: signatures, consistency, receipts, forks")
    verify.add_argument("--config", type=Path, required=True, help="officer.toml")
    verify.add_argument("--witness", type=Path, action="append", default=[], help="another party's checkpoints.json")
    verify.add_argument("--json", action="store_true")
    own_log = verify.add_mutually_exclusive_group()
    own_log.add_argument("--node", action="store_true", help="verify the partner's own node log instead")
    own_log.add_argument(
        "--keyholder", action="store_true", help="verify the keyholder's own log instead (the table's officer)"
    )
    verify.add_argument(
        "--incremental",
        action="store_true",
        help="check only the entries after the last checkpoint you verified (large logs); an old "
        "entry whose bytes were changed without its leaf hash is then caught only through your "
        "receipts, so verify in full regularly (the node log is always checked in full)",
    )
    report = audit.add_parser("report", help="DPIA accountability report over [--from, --to)")
    report.add_argument("--config", type=Path, required=True, help="officer.toml")
    report.add_argument("--from", dest="start", required=True, help="YYYY-MM-DD or RFC 3339 time")
    report.add_argument("--to", dest="end", required=True, help="YYYY-MM-DD or RFC 3339 time (exclusive)")
    report_format = report.add_mutually_exclusive_group()
    report_format.add_argument("--csv", action="store_true")
    report_format.add_argument("--json", action="store_true")
    export = audit.add_parser("export", help="the log's entries as NEN 7513 records (docs/audit-nen7513.md)")
    export.add_argument("--config", type=Path, required=True, help="officer.toml")
    export.add_argument("--format", choices=("nen7513",), default="nen7513")
    export.add_argument("--from", dest="start", default="", help="YYYY-MM-DD or RFC 3339 time (default: the start)")
    export.add_argument("--to", dest="end", default="", help="YYYY-MM-DD or RFC 3339 time, exclusive (default: now)")
    export_log = export.add_mutually_exclusive_group()
    export_log.add_argument("--node", action="store_true", help="the partner's own node log")
    export_log.add_argument("--keyholder", action="store_true", help="the keyholder's own log (the table's officer)")
    export.add_argument("--json", action="store_true", help="JSON lines instead of CSV")
    export.add_argument("--out", type=Path, help="write to this file instead of stdout")
    subject = audit.add_parser("subject", help="GDPR art. 15: signals, hits and disclosures about one person")
    subject.add_argument("--config", type=Path, required=True, help="officer.toml of a partner")
    subject.add_argument("--bsn", default="")
    subject.add_argument("--phone", action="append", default=[])
    subject.add_argument("--email", action="append", default=[])
    subject.add_argument("--given-names", default="")
    subject.add_argument("--surname", default="")
    subject.add_argument("--date-of-birth", default="")
    subject.add_argument("--postcode", default="")
    subject.add_argument("--house-number", default="")
    subject.add_argument("--addition", default="")
    subject.add_argument("--json", action="store_true")

    gen = commands.add_parser("generate", help="write synthetic signals with planted overlaps")
    gen.add_argument("--seed", type=int, default=1)
    gen.add_argument("--signals", type=int, default=1000)
    gen.add_argument("--out", type=Path, required=True)
    gen.add_argument(
        "--partners",
        default="",
        help="comma-separated partner ids (default: the five demo partners)",
    )

    evaluation = commands.add_parser("eval", help="measure quality").add_subparsers(dest="action", required=True)
    linkage = evaluation.add_parser(
        "linkage",
        help="precision, recall and F1 of fuzzy person/address linkage, on generated data or two CSV files",
    )
    linkage.add_argument("--seed", type=int, default=1, help="generated data: random seed")
    linkage.add_argument("--records", type=int, default=2000, help="generated data: records in source A")
    linkage.add_argument("--rate", type=float, default=1.5, help="generated data: mean corruptions per true match")
    linkage.add_argument("--write", type=Path, help="generated data: also write a.csv, b.csv and truth.csv here")
    linkage.add_argument("--a", type=Path, help="CSV file of source A (with a header)")
    linkage.add_argument("--b", type=Path, help="CSV file of source B (with a header)")
    linkage.add_argument("--id-column", default="", help="column holding the record id in both files")
    linkage.add_argument(
        "--map",
        default="",
        help="field=column,... for given_names, surname, date_of_birth, street, house_number, postcode, city "
        "(join columns with +)",
    )
    linkage.add_argument("--truth", type=Path, help="CSV file of true pairs: id in A, id in B")
    linkage.add_argument(
        "--rule",
        choices=("link", "similarity"),
        default="link",
        help="link: the matcher's decision (the fitted model's zones, default); similarity: any kind above a Dice threshold",
    )
    linkage.add_argument("--hardening", help="the encoder's hardening option (default: the encoder's default)")
    linkage.add_argument("--no-brute-force", action="store_true", help="skip the all-against-all comparison")
    linkage.add_argument("--save-model", type=Path, help="write the fitted linkage model (JSON) here")
    linkage.add_argument("--json", action="store_true")

    web = commands.add_parser(
        "console", help="web console for the chair, partner staff or a privacy officer, on 127.0.0.1"
    )
    web.add_argument("--config", type=Path, required=True, help="a chair, node or officer config")
    web.add_argument("--port", type=_bounded(0, 65535), default=0, help="port on 127.0.0.1 (default: any free port)")
    web.add_argument(
        "--idle-minutes", type=_bounded(1, 24 * 60), default=15, help="sign out after this long without activity"
    )

    health = commands.add_parser(
        "health", help="ask a running server's health port (health_listen): exit 0 when ready, 1 when not"
    )
    health.add_argument(
        "--config", type=Path, default=os.environ.get("SIGNALMATCH_CONFIG"), help="default: $SIGNALMATCH_CONFIG"
    )
    health.add_argument("--live", action="store_true", help="only whether the process runs (/livez)")
    backup = commands.add_parser(
        "backup", help="copy every store of a matcher, node or keyholder, consistent while it serves"
    )
    backup.add_argument("--config", type=Path, required=True, help="matcher.toml, node.toml or keyholder.toml")
    backup.add_argument("out", type=Path, help="a new directory for the backup")
    backup.add_argument("--json", action="store_true")
    restore = commands.add_parser("restore", help="put a backup back (the process must be stopped)")
    restore.add_argument("--config", type=Path, required=True, help="matcher.toml, node.toml or keyholder.toml")
    restore.add_argument("backup", type=Path, help="a directory made by `signalmatch backup`")
    restore.add_argument("--force", action="store_true", help="also over a store newer than the backup")
    restore.add_argument("--json", action="store_true")

    check = commands.add_parser(
        "check", help="check a config, the files it names and its stores, as a process does at start"
    )
    check.add_argument("--config", type=Path, required=True, help="any config: matcher, keyholder, node, chair, officer")
    check.add_argument("--full", action="store_true", help="integrity_check and every audit entry (slower)")

    demo = commands.add_parser("demo", help="run a local federation end to end")
    demo.add_argument("--dir", type=Path, help="keep the federation here (must not exist yet)")
    demo.add_argument("--signals", type=int, default=1000)
    demo.add_argument("--seed", type=int, default=1)
    demo.add_argument("--json", action="store_true", help="print only a JSON summary")
    demo.add_argument("--keep-running", action="store_true", help="keep the federation serving until Ctrl-C")
    return parser


def _enrolment_parsers(commands: Subparsers) -> None:
    """`table ...` (the operator), `partner ...` and `officer ...` (members): see deploy/table_admin.py
    and deploy/enrol.py."""
    table = commands.add_parser("table", help="the table operator: CA, directory, admissions").add_subparsers(
        dest="action", required=True
    )
    init = table.add_parser("init", help="root CA, issuing CA, matcher keys, directory key, directory version 1")
    init.add_argument("dir", type=Path)
    init.add_argument("--table", required=True)
    init.add_argument("--listen", help="the matcher's address host:port (default: a free loopback port)")
    init.add_argument(
        "--offline-issuing", action="store_true", help="keep the issuing CA away from the matcher (renewal via admit)"
    )
    admit = table.add_parser("admit", help="sign enrolment requests and add the members to the directory")
    admit.add_argument("requests", type=Path, nargs="+")
    admit.add_argument("--config", type=Path, required=True, help="table.toml")
    admit.add_argument("--expect", action="append", default=[], help="the request fingerprint compared by phone")
    admit.add_argument("--out", type=Path, help="where to write the enrolment responses")
    admit.add_argument("--days", type=int, help="certificate validity in days (default 90)")
    publish = table.add_parser("publish", help="publish a version the table's officer co-signed")
    publish.add_argument("cosigned", type=Path)
    publish.add_argument("--config", type=Path, required=True, help="table.toml")
    publish.add_argument("--out", type=Path, help="where to write the enrolment responses")
    remove = table.add_parser("remove", help="a new directory version without the member")
    remove.add_argument("member", help="partner/ID, chair/NAME, officer/NAME, keyholder, or a unique name")
    remove.add_argument("--config", type=Path, required=True, help="table.toml")
    trust = table.add_parser("trust", help="name an external trust anchor (members known by OIN)")
    trust.add_argument("anchor", type=Path, help="the root CA certificate (PEM)")
    trust.add_argument("--name", required=True)
    trust.add_argument("--config", type=Path, required=True, help="table.toml")
    policy = table.add_parser("policy", help="a new table policy (TOML, the [policy] table of a config)")
    policy.add_argument("file", type=Path)
    policy.add_argument("--config", type=Path, required=True, help="table.toml")
    dealer = table.add_parser("dealer", help="another partner takes over dealing the table secrets")
    dealer.add_argument("partner")
    dealer.add_argument("--config", type=Path, required=True, help="table.toml")
    renew_matcher = table.add_parser("renew-matcher", help="renew the matcher's certificate (issuing CA offline)")
    renew_matcher.add_argument("--config", type=Path, required=True, help="table.toml")
    rotate = table.add_parser("rotate", help="ask for a new key epoch")
    rotate.add_argument("--config", type=Path, required=True, help="table.toml")

    partner = commands.add_parser("partner", help="a partner organisation: enrolment and its node's keys")
    partner_actions = partner.add_subparsers(dest="action", required=True)
    pinit = partner_actions.add_parser("init", help="make the node's keys and an enrolment request here")
    pinit.add_argument("dir", type=Path)
    pinit.add_argument("--table", required=True)
    pinit.add_argument("--partner", required=True)
    pinit.add_argument("--kind", required=True)
    pinit.add_argument("--oin", default="", help="20-digit OIN (external PKI, PKIoverheid style)")
    pinit.add_argument("--listen", help="the node's own address host:port (default: a free loopback port)")
    _install_parser(partner_actions, "partner", "an enrolment response or a dealt table secret")

    officer = commands.add_parser("officer", help="a privacy officer: enrolment and co-signing")
    officer_actions = officer.add_subparsers(dest="action", required=True)
    oinit = officer_actions.add_parser("init", help="make the officer's keys and an enrolment request here")
    oinit.add_argument("dir", type=Path)
    oinit.add_argument("--table", required=True)
    oinit.add_argument("--officer", required=True, help="the partner id, or 'tafel' for the table's officer")
    _install_parser(officer_actions, "officer", "an enrolment response")
    cosign = officer_actions.add_parser("cosign", help="check and co-sign a directory version that widens access")
    cosign.add_argument("pending", type=Path)
    cosign.add_argument("--config", type=Path, required=True, help="officer.toml of the table's officer")
    cosign.add_argument("--out", type=Path)


def _member_parsers(actions: Subparsers, role: str) -> None:
    """`chair init|install`, `keyholder init|install` beside their existing actions."""
    init = actions.add_parser("init", help=f"make the {role}'s keys and an enrolment request here")
    init.add_argument("dir", type=Path)
    init.add_argument("--table", required=True)
    if role == "chair":
        init.add_argument("--chair", required=True)
    else:
        init.add_argument("--listen", help="host:port (default: a free loopback port)")
    _install_parser(actions, role, "an enrolment response")


def _install_parser(actions: Subparsers, role: str, what: str) -> None:
    renew = actions.add_parser("renew", help="renew this member's certificates (same keys) over mTLS")
    renew.add_argument("--config", type=Path, required=True)
    renew.add_argument(
        "--offline", action="store_true", help="write a renewal request for the operator (signalmatch table admit)"
    )
    renew.add_argument("--out", type=Path, help="where to write the renewal request (with --offline)")
    install = actions.add_parser("install", help=f"install {what}")
    install.add_argument("response", type=Path)
    install.add_argument("--config", type=Path, required=True)
    install.add_argument("--expect", default="", help="the table fingerprint, as the operator read it out")


OFFICER_ACTIONS = ("requests", "approve", "refuse")


def _bounded(low: int, high: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = low - 1
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(i18n.t("cli.range", low=low, high=high, value=text))
        return value

    return parse


def _run(args: argparse.Namespace, console: Console) -> int:
    from signalmatch import config

    if args.command in ("table", "partner", "officer") or (
        args.command in ("chair", "keyholder") and args.action in ("init", "install", "renew")
    ):
        from signalmatch.cli.enrol import run_enrolment

        return run_enrolment(args, console)

    if args.command == "federation" and args.action == "rotate":
        from signalmatch.deploy.federation import rotate_epoch

        console.print(f"epoch {rotate_epoch(args.dir)}: {args.dir}")
        return 0
    if args.command == "federation" and args.action == "destroy-epoch":
        from signalmatch.deploy.federation import destroy_epoch

        destroy_epoch(args.dir, args.epoch)
        console.print(f"epoch {args.epoch} destroyed: {args.dir}")
        return 0
    if args.command == "federation":
        from signalmatch.deploy.federation import init_federation

        path = init_federation(
            args.dir,
            args.table,
            [p.strip() for p in args.partners.split(",") if p.strip()],
            [c.strip() for c in args.chairs.split(",") if c.strip()],
            args.base_port,
        )
        console.print(f"federation {args.table}: {path}")
        return 0
    if args.command in ("chair", "audit", "console") or (args.command == "node" and args.action in OFFICER_ACTIONS):
        from signalmatch.membership import refresh_cache

        refresh_cache(args.config)  # the members, keys and policy now in force (verified)
    if args.command == "matcher":
        if args.action == "refit":
            from signalmatch.matcher.server import refit_now

            return refit_now(args.config, console)
        from signalmatch.matcher.server import serve

        serve(args.config)
        return 0
    if args.command == "keyholder":
        from signalmatch.keyholder.server import serve

        serve(args.config)
        return 0
    if args.command == "node":
        if args.action == "serve":
            from signalmatch.node.server import serve

            serve(args.config)
            return 0
        if args.action in OFFICER_ACTIONS:
            from signalmatch.console import officer as officer_console

            officer_cfg = config.load_officer(args.config)
            if args.action == "requests":
                return officer_console.run_requests(officer_cfg, args.json, console)
            approve = args.action == "approve"
            reason = "" if approve else args.reason
            return officer_console.run_decide(officer_cfg, args.disclosure, approve, reason, console)
        from signalmatch.console import node as node_console

        cfg = config.load_node(args.config)
        if args.action == "import":
            return node_console.run_import(cfg, args.file, args.json, console)
        if args.action == "status":
            return node_console.run_status(cfg, args.json, console)
        if args.action == "signals":
            return node_console.run_signals(cfg, args.json, console, args.state)
        if args.action == "resubmit":
            return node_console.run_resubmit(cfg, args.signal, args.file, console)
        return node_console.run_withdraw(cfg, args.signal, console)
    if args.command == "chair":
        from signalmatch.console import chair as chair_console
        from signalmatch.v1 import hits_pb2

        chair_cfg = config.load_chair(args.config)
        if args.action == "hits":
            request = hits_pb2.ListHitsRequest(
                page_size=200,
                status=enums.number(common_pb2.HitStatus, args.status or ""),
                exploitation_type=enums.number(common_pb2.ExploitationType, args.exploitation_type or ""),
                municipality=args.municipality,
                partner=args.partner,
            )
            period = chair_console.time_period(args.period_from, args.period_to, ("--from", "--to"))
            return chair_console.run_hits(chair_cfg, chair_console.with_period(request, period, args.by), args.json, console)
        if args.action == "hit":
            return chair_console.run_hit(chair_cfg, args.hit, args.json, console)
        if args.action == "review":
            if not args.decision:
                return chair_console.run_review(chair_cfg, args.json, console)
            reasons = REVIEW_CONFIRM_REASONS if args.decision == "confirm" else REVIEW_REJECT_REASONS
            if not args.candidate or args.reason not in reasons:
                console.print(i18n.t("cli.review.usage", reasons=", ".join(reasons)), markup=False)
                return 2
            return chair_console.run_decide(chair_cfg, args.candidate, args.decision == "confirm", args.reason, console)
        if args.action == "request":
            return chair_console.run_request(
                chair_cfg, args.hit, args.categories, args.purpose, args.legal_basis, args.partners, args.json, console
            )
        if args.action == "disclosures":
            return chair_console.run_disclosures(chair_cfg, args.hit, args.json, console)
        if args.action == "open":
            return chair_console.run_open(chair_cfg, args.target, args.json, console)
        return chair_console.run_set_status(chair_cfg, args.hit, args.status, args.referred_to, args.note, console)
    if args.command == "audit":
        from signalmatch.console import audit as audit_console

        officer_cfg = config.load_officer(args.config)
        if args.action == "verify":
            return audit_console.run_verify(
                officer_cfg,
                args.witness,
                args.json,
                console,
                node=args.node,
                full=not args.incremental,
                keyholder=args.keyholder,
            )
        if args.action == "export":
            log = "node" if args.node else "keyholder" if args.keyholder else "matcher"
            return audit_console.run_export(officer_cfg, args.start, args.end, log, args.json, args.out)
        if args.action == "report":
            fmt = "csv" if args.csv else "json" if args.json else "table"
            return audit_console.run_report(officer_cfg, args.start, args.end, fmt, console)
        from signalmatch.v1 import officer_pb2

        lookup = officer_pb2.LookupSubjectRequest(
            bsn=args.bsn,
            phones=args.phone,
            emails=args.email,
            given_names=args.given_names,
            surname=args.surname,
            date_of_birth=args.date_of_birth,
            postcode=args.postcode,
            house_number=args.house_number,
            addition=args.addition,
        )
        return audit_console.run_subject(officer_cfg, lookup, args.json, console)
    if args.command == "generate":
        from signalmatch.synthetic.generate import DEFAULT_PARTNERS, generate, write

        partners = [p for p in args.partners.split(",") if p] or list(DEFAULT_PARTNERS)
        truth = write(generate(args.seed, args.signals, partners), args.out)
        console.print(f"{args.out}  ({truth})")
        return 0
    if args.command == "eval":
        from signalmatch.console import eval as eval_console

        csv_source = eval_console.check_csv_arguments(args.a, args.b, args.id_column, args.map, args.truth)
        source = csv_source or eval_console.GeneratedSource(args.seed, args.records, args.rate, args.write)
        return eval_console.run_linkage(
            source, args.rule, not args.no_brute_force, args.hardening, args.json, console, args.save_model
        )
    if args.command == "console":
        from signalmatch.console.web.serve import run_console

        return run_console(args.config, args.port, args.idle_minutes * 60, console)
    if args.command == "health":
        return _health(args.config, args.live)
    if args.command in ("backup", "restore"):
        from signalmatch.deploy import backup as backup_mod

        if args.command == "backup":
            return backup_mod.run_backup(args.config, args.out, args.json, console)
        return backup_mod.run_restore(args.config, args.backup, args.force, args.json, console)
    if args.command == "check":
        from signalmatch.deploy.check import run_check

        return run_check(args.config, args.full, console)
    if args.command == "demo":
        from signalmatch.deploy.demo import run_demo

        return run_demo(args.dir, args.signals, args.seed, args.json, args.keep_running, console)
    raise AssertionError(args.command)


def _health(config_path: Path | None, live: bool) -> int:
    import json

    from signalmatch import config
    from signalmatch.errors import ConfigError
    from signalmatch.process import probe

    if config_path is None:
        raise ConfigError(i18n.t("cli.health.no_config"))
    listen = config.service_options(config_path).health_listen
    if not listen:
        raise ConfigError(i18n.t("cli.health.no_port", path=config_path))
    ready, report = probe(listen, live=live)
    print(json.dumps(report, sort_keys=True))
    return 0 if ready else 1


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.lang:
        i18n.set_language(args.lang)
    logs.setup(
        args.log_format or logs.default_format(getattr(args, "action", "")),
        logging.INFO if args.verbose else logging.WARNING,
    )
    console = Console(stderr=getattr(args, "json", False))
    try:
        return _run(args, console)
    except StoreDamagedError as exc:  # a server refuses to serve a damaged store
        Console(stderr=True).print(i18n.t("cli.error", message=exc), style="red", markup=False, soft_wrap=True)
        return EXIT_DAMAGED
    except ValidationError as exc:
        console.print(i18n.t("cli.invalid"), style="red")
        for violation in exc.violations:
            console.print(f"  {violation}", markup=False)
        return 2
    except SignalmatchError as exc:
        console.print(i18n.t("cli.error", message=exc), style="red", markup=False)
        return 2
    except grpc.RpcError as exc:
        from signalmatch.transport import describe_rpc_error

        details = describe_rpc_error(exc)
        text = "; ".join(details) if isinstance(details, list) else details
        console.print(i18n.t("cli.rpc_error", code=exc.code().name, details=text), style="red", markup=False)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
