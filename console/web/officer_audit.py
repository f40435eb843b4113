"""The privacy officer's audit pages: the log, the verification panel, per-entry inclusion checks
and the DPIA report.

Everything is fetched over gRPC with the officer's own certificate and checked here, on the
officer's machine, with the same code as `signalmatch audit` (console/audit.py, audit/verify.py,
audit/merkle.py): the server's word is never taken for "verified".

- ``/audit``: entries this officer may see (the server scopes them by certificate), newest first,
  with filters (action prefix and period at the server; organisation, role and object here) and
  paging; a partner's officer switches between the matcher's log and its node's own log. The
  server pages newest first, and a view fetches only down to the page shown (plus one entry, and
  at least FETCH_AHEAD entries per call so a short result is counted exactly in one call); when
  the log was not read to its start, the count and the page total are lower bounds ("500+").
  Organisation, role and object are filtered here, so with one of them set a view reads down
  until enough entries match: up to the whole visible log for a rare match or a far page.
- ``/audit/controle``: per log a green or red panel from :func:`console.audit.verify_as` /
  :func:`console.audit.verify_node_log`; "nu controleren" (POST) runs it again and, like the CLI,
  keeps a verified checkpoint as seen.
- ``/audit/{log}/{index}``: one entry, its leaf hash and its RFC 9162 inclusion proof, checked
  locally against the latest checkpoint this officer verified.
- ``/audit/rapport`` and ``/audit/rapport.csv`` (console/web/dpia.py): the DPIA report of
  :func:`console.audit.fetch_entries` over a period of months, as tables and SVG bar charts.

The filters of these pages are codes, ids and dates, never personal data, so they are GET
parameters; the report and the log hold opaque references and counts only.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlencode

import grpc
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from signalmatch import clock, i18n, transport
from signalmatch.audit import merkle
from signalmatch.audit.checkpoint import Checkpoint
from signalmatch.audit.checkpoint_store import CheckpointStore, LogKey
from signalmatch.audit.log import ROLES, AuditEntry
from signalmatch.audit.merkle import ProofError
from signalmatch.audit.service import MAX_PAGE as SERVER_MAX_PAGE
from signalmatch.audit.service import partner_filter
from signalmatch.audit.verify import SourceError, VerifyResult
from signalmatch.config import OfficerConfig
from signalmatch.console import audit as audit_cli
from signalmatch.console.web import app
from signalmatch.console.web.app import NavItem
from signalmatch.console.web.dpia import (
    BASIS_METRICS,
    PARTNER_DISCLOSURES,
    PARTNER_SIGNALS,
    csv_text,
    dpia_charts,
    fetch_dpia,
    metric,
    month_values,
    report_period,
)
from signalmatch.errors import AuthenticationError, SignalmatchError
from signalmatch.v1 import audit_pb2, audit_pb2_grpc

PAGE_SIZE = 50
MAX_PAGE = 99_999
FETCH_AHEAD = 500  # entries asked of the server per call at least (it answers at most audit.service.MAX_PAGE)
LOGS = ("matcher", "node")
# Common action prefixes, offered in the log filter (any prefix the server accepts may be typed).
ACTION_HINTS = (
    "audit.read",
    "batch.",
    "batch.accepted",
    "batch.rejected",
    "disclosure.",
    "disclosure.requested",
    "disclosure.approved",
    "disclosure.refused",
    "disclosure.opened",
    "hit.",
    "hit.created",
    "hit.viewed",
    "hits.listed",
    "signal.",
    "subject.looked_up",
)

i18n.register(
    {
        "web.audit.nav.log": {"nl": "Auditlog", "en": "Audit log"},
        "web.audit.nav.verify": {"nl": "Controle", "en": "Verification"},
        "web.audit.nav.report": {"nl": "DPIA-rapport", "en": "DPIA report"},
        "web.audit.log.matcher": {"nl": "Log van de matcher", "en": "The matcher's log"},
        "web.audit.log.node": {"nl": "Log van uw node ({partner})", "en": "Your node's log ({partner})"},
        "web.audit.log.short.matcher": {"nl": "Matcher", "en": "Matcher"},
        "web.audit.log.short.node": {"nl": "Eigen node", "en": "Own node"},
        # -- log page
        "web.audit.log.title": {"nl": "Auditlog", "en": "Audit log"},
        "web.audit.log.scope.table": {
            "nl": "U ziet alle regels van de log (functionaris van de tafel).",
            "en": "You see every entry of the log (the table's officer).",
        },
        "web.audit.log.scope.partner": {
            "nl": "U ziet de regels over {partner}: wat {partner} deed of ontving. De server bepaalt dit aan de hand van uw certificaat.",
            "en": "You see the entries about {partner}: what {partner} did or received. The server decides this from your certificate.",
        },
        "web.audit.log.scope.node": {
            "nl": "De eigen log van uw node: invoer, intrekkingen, verzonden batches en besluiten over verstrekkingen.",
            "en": "Your node's own log: intake, withdrawals, batches sent and disclosure decisions.",
        },
        "web.audit.filter.action": {"nl": "Actie (begint met)", "en": "Action (starts with)"},
        "web.audit.filter.org": {"nl": "Organisatie", "en": "Organisation"},
        "web.audit.filter.role": {"nl": "Rol", "en": "Role"},
        "web.audit.filter.any": {"nl": "alle", "en": "any"},
        "web.audit.filter.object": {"nl": "Object (bijv. hits/7)", "en": "Object (e.g. hits/7)"},
        "web.audit.filter.from": {"nl": "Van", "en": "From"},
        "web.audit.filter.to": {"nl": "Tot en met", "en": "Up to and including"},
        "web.audit.filter.apply": {"nl": "Filteren", "en": "Filter"},
        "web.audit.filter.clear": {"nl": "Alle filters wissen", "en": "Clear all filters"},
        "web.audit.date": {"nl": "verwacht een datum (JJJJ-MM-DD)", "en": "expected a date (YYYY-MM-DD)"},
        "web.audit.range": {"nl": "moet na de begindatum liggen", "en": "must be after the start date"},
        "web.audit.log.count": {
            "nl": "{count} regels gevonden, nieuwste eerst",
            "en": "{count} entries found, newest first",
        },
        "web.audit.log.none": {"nl": "Geen regels die aan de filters voldoen.", "en": "No entries match the filters."},
        "web.audit.log.reads": {
            "nl": "Elke keer dat u deze pagina opent, legt de server dat zelf vast als audit.read.",
            "en": "Every time you open this page the server records it as audit.read.",
        },
        "web.audit.col.index": {"nl": "Nr.", "en": "No."},
        "web.audit.col.time": {"nl": "Tijdstip (UTC)", "en": "Time (UTC)"},
        "web.audit.col.action": {"nl": "Actie", "en": "Action"},
        "web.audit.col.actor": {"nl": "Wie", "en": "Who"},
        "web.audit.col.objects": {"nl": "Objecten", "en": "Objects"},
        "web.audit.col.basis": {"nl": "Doel / grondslag", "en": "Purpose / legal basis"},
        "web.audit.col.outcome": {"nl": "Uitkomst", "en": "Outcome"},
        "web.audit.unreadable": {"nl": "onleesbaar (niet canoniek)", "en": "unreadable (not canonical)"},
        "web.audit.check_entry": {"nl": "controleer", "en": "check"},
        "web.audit.check_entry.label": {"nl": "controleer logregel {index}", "en": "check entry {index}"},
        "web.audit.page": {"nl": "Pagina {page} van {pages}", "en": "Page {page} of {pages}"},
        "web.audit.prev": {"nl": "← Nieuwer", "en": "← Newer"},
        "web.audit.next": {"nl": "Ouder →", "en": "Older →"},
        # -- verification panel
        "web.audit.verify.title": {"nl": "Controle van de auditlog", "en": "Audit log verification"},
        "web.audit.verify.intro": {
            "nl": "Deze console controleert de log zelf: handtekeningen op de checkpoints, consistentie met wat u eerder zag, de ontvangstbewijzen van uw node en elke regel die u mag zien.",
            "en": "This console checks the log itself: the signatures on the checkpoints, consistency with what you saw before, your node's receipts and every entry you may see.",
        },
        "web.audit.verify.again": {"nl": "Nu controleren", "en": "Check now"},
        "web.audit.verify.quick": {
            "nl": "Alleen nieuwe regels controleren",
            "en": "Check new entries only",
        },
        "web.audit.verify.done": {"nl": "Controle uitgevoerd om {time} UTC.", "en": "Checked at {time} UTC."},
        "web.audit.verify.ok": {"nl": "In orde: {log} is niet gewijzigd", "en": "All right: {log} was not altered"},
        "web.audit.verify.bad": {"nl": "Controle mislukt: {log}", "en": "Verification failed: {log}"},
        "web.audit.verify.error": {"nl": "Controle niet uitgevoerd: {log}", "en": "Not verified: {log}"},
        "web.audit.verify.checked_at": {"nl": "Gecontroleerd", "en": "Checked"},
        "web.audit.verify.size": {"nl": "Laatste checkpoint", "en": "Latest checkpoint"},
        "web.audit.verify.size.value": {"nl": "{size} regels", "en": "{size} entries"},
        "web.audit.verify.root": {"nl": "Root-hash", "en": "Root hash"},
        "web.audit.verify.fetched": {"nl": "Opgehaald", "en": "Fetched"},
        "web.audit.verify.before": {"nl": "Eerder gezien", "en": "Seen before"},
        "web.audit.verify.before.none": {
            "nl": "nog niets: dit is uw eerste controle van deze log",
            "en": "nothing yet: this is your first check of this log",
        },
        "web.audit.verify.before.some": {
            "nl": "{count} checkpoints, de grootste met {size} regels",
            "en": "{count} checkpoints, the largest with {size} entries",
        },
        "web.audit.verify.before.one": {
            "nl": "1 checkpoint met {size} regels",
            "en": "1 checkpoint with {size} entries",
        },
        "web.audit.verify.kept": {
            "nl": "U bewaart nu {count} checkpoints van deze log voor de volgende controle.",
            "en": "You now keep {count} checkpoints of this log for the next check.",
        },
        "web.audit.verify.not_kept": {
            "nl": "Het nieuwe checkpoint is niet bewaard: het is niet in orde bevonden.",
            "en": "The new checkpoint was not kept: it was not found to be in order.",
        },
        "web.audit.verify.findings": {"nl": "Wat er niet klopt", "en": "What is wrong"},
        "web.audit.verify.what_now": {
            "nl": "Meld dit direct aan de voorzitter van de tafel en de beheerder van de matcher. Bewaar deze pagina (afdrukken) als bewijs.",
            "en": "Report this at once to the table's chair and the matcher's administrator. Keep this page (print it) as evidence.",
        },
        "web.audit.check.signature": {"nl": "Handtekening checkpoints", "en": "Checkpoint signatures"},
        "web.audit.check.consistency": {
            "nl": "Consistent met eerder gezien",
            "en": "Consistent with what was seen before",
        },
        "web.audit.check.receipts": {"nl": "Ontvangstbewijzen van uw node", "en": "Your node's receipts"},
        "web.audit.check.entries": {"nl": "Logregels", "en": "Entries"},
        "web.audit.check.proofs": {"nl": "Bewijzen van de server", "en": "Proofs from the server"},
        "web.audit.check.ok": {"nl": "in orde", "en": "in order"},
        "web.audit.check.failed": {"nl": "mislukt ({count})", "en": "failed ({count})"},
        "web.audit.check.na": {"nl": "niet van toepassing", "en": "not applicable"},
        "web.audit.check.count": {"nl": "{count} gecontroleerd", "en": "{count} checked"},
        "web.audit.col.check": {"nl": "Controle", "en": "Check"},
        "web.audit.col.checked": {"nl": "Aantal", "en": "Number"},
        "web.audit.col.result": {"nl": "Resultaat", "en": "Result"},
        "web.audit.col.subject": {"nl": "Wat", "en": "What"},
        "web.audit.col.reason": {"nl": "Waarom", "en": "Why"},
        # -- entry page
        "web.audit.entry.title": {"nl": "Logregel {index}", "en": "Entry {index}"},
        "web.audit.entry.hidden": {
            "nl": "Logregel {index} hoort niet bij uw deel van de log.",
            "en": "Entry {index} is not part of your view of the log.",
        },
        "web.audit.entry.absent": {
            "nl": "Logregel {index} bestaat niet: de log heeft {size} regels.",
            "en": "Entry {index} does not exist: the log has {size} entries.",
        },
        "web.audit.entry.ok": {
            "nl": "Opgenomen: deze regel zit ongewijzigd in checkpoint {size}",
            "en": "Included: this entry is unchanged in checkpoint {size}",
        },
        "web.audit.entry.bad": {"nl": "Niet opgenomen in checkpoint {size}", "en": "Not included in checkpoint {size}"},
        "web.audit.entry.altered": {
            "nl": "de inhoud van de regel leidt met het bewijs niet tot de root-hash van het checkpoint: de regel is gewijzigd ({reason})",
            "en": "the entry's content does not lead to the checkpoint's root hash with the proof: the entry was altered ({reason})",
        },
        "web.audit.entry.not_canonical": {
            "nl": "de regel is geen geldige, canonieke logregel: {reason}",
            "en": "the entry is not a valid canonical entry: {reason}",
        },
        "web.audit.entry.no_proof": {
            "nl": "de server gaf geen inclusiebewijs: {reason}",
            "en": "the server gave no inclusion proof: {reason}",
        },
        "web.audit.entry.bad_checkpoint": {
            "nl": "het checkpoint van de server is niet geldig ondertekend: {reason}",
            "en": "the server's checkpoint is not validly signed: {reason}",
        },
        "web.audit.entry.inconsistent": {
            "nl": "het checkpoint van de server ({size}) is niet consistent met uw gecontroleerde checkpoint {old}: {reason}",
            "en": "the server's checkpoint ({size}) is not consistent with your verified checkpoint {old}: {reason}",
        },
        "web.audit.basis.verified": {
            "nl": "checkpoint {size}, door u gecontroleerd (gezien {time})",
            "en": "checkpoint {size}, verified by you (seen {time})",
        },
        "web.audit.basis.current": {
            "nl": "checkpoint {size} van de server: handtekening geldig en consistent met uw gecontroleerde checkpoint {old}",
            "en": "checkpoint {size} from the server: valid signature and consistent with your verified checkpoint {old}",
        },
        "web.audit.basis.unverified": {
            "nl": "checkpoint {size} van de server: handtekening geldig, maar u heeft deze log nog niet gecontroleerd",
            "en": "checkpoint {size} from the server: valid signature, but you have not verified this log yet",
        },
        "web.audit.entry.against": {"nl": "Gecontroleerd tegen", "en": "Checked against"},
        "web.audit.entry.leaf": {
            "nl": "Bladhash (SHA-256 van 0x00 ‖ regel)",
            "en": "Leaf hash (SHA-256 of 0x00 ‖ entry)",
        },
        "web.audit.entry.root": {"nl": "Root-hash van het checkpoint", "en": "Root hash of the checkpoint"},
        "web.audit.entry.computed": {"nl": "Root-hash volgens het bewijs", "en": "Root hash from the proof"},
        "web.audit.entry.proof": {
            "nl": "Inclusiebewijs (RFC 9162): {count} hashes",
            "en": "Inclusion proof (RFC 9162): {count} hashes",
        },
        "web.audit.entry.content": {"nl": "Inhoud van de regel", "en": "Content of the entry"},
        "web.audit.entry.back": {"nl": "← Terug naar de log", "en": "← Back to the log"},
        "web.audit.field.time": {"nl": "Tijdstip", "en": "Time"},
        "web.audit.field.actor_org": {"nl": "Organisatie", "en": "Organisation"},
        "web.audit.field.actor_role": {"nl": "Rol", "en": "Role"},
        "web.audit.field.actor_user": {"nl": "Gebruiker (certificaat)", "en": "User (certificate)"},
        "web.audit.field.action": {"nl": "Actie", "en": "Action"},
        "web.audit.field.objects": {"nl": "Objecten", "en": "Objects"},
        "web.audit.field.purpose": {"nl": "Doel", "en": "Purpose"},
        "web.audit.field.legal_basis": {"nl": "Grondslag", "en": "Legal basis"},
        "web.audit.field.data_categories": {"nl": "Gegevenscategorieën", "en": "Data categories"},
        "web.audit.field.recipients": {"nl": "Ontvangers", "en": "Recipients"},
        "web.audit.field.outcome": {"nl": "Uitkomst", "en": "Outcome"},
        "web.audit.field.system": {"nl": "Systeem", "en": "System"},
        "web.audit.field.details": {"nl": "Details", "en": "Details"},
        # -- report
        "web.audit.report.title": {"nl": "DPIA-rapportage", "en": "DPIA report"},
        "web.audit.report.intro": {
            "nl": "Verantwoording uit de log van de matcher over {start} tot en met {end}: alleen codes, partners en aantallen, geen persoonsgegevens.",
            "en": "Accountability from the matcher's log over {start} up to and including {end}: codes, partners and counts only, no personal data.",
        },
        "web.audit.report.from": {"nl": "Van maand", "en": "From month"},
        "web.audit.report.to": {"nl": "Tot en met maand", "en": "Up to and including month"},
        "web.audit.report.show": {"nl": "Tonen", "en": "Show"},
        "web.audit.report.csv": {"nl": "Download als CSV", "en": "Download as CSV"},
        "web.audit.report.month_format": {"nl": "verwacht een maand (JJJJ-MM)", "en": "expected a month (YYYY-MM)"},
        "web.audit.report.month_order": {
            "nl": "moet op of na de beginmaand liggen",
            "en": "must be on or after the first month",
        },
        "web.audit.report.too_long": {"nl": "hoogstens {months} maanden", "en": "at most {months} months"},
        "web.audit.report.unreadable": {
            "nl": "{count} logregels waren onleesbaar en zijn niet meegeteld. Voer de controle uit.",
            "en": "{count} entries were unreadable and are not counted. Run the verification.",
        },
        "web.audit.report.per_month": {"nl": "Per maand", "en": "Per month"},
        "web.audit.report.per_partner": {"nl": "Per partner", "en": "Per partner"},
        "web.audit.report.per_partner.signals": {"nl": "Signalen per partner", "en": "Signals per partner"},
        "web.audit.report.per_partner.disclosures": {
            "nl": "Verstrekkingen per partner",
            "en": "Disclosures per partner",
        },
        "web.audit.report.per_basis": {"nl": "Per doel en grondslag", "en": "Per purpose and legal basis"},
        "web.audit.report.per_action": {"nl": "Per actie", "en": "Per action"},
        "web.audit.report.none": {"nl": "Geen gegevens in deze periode.", "en": "No data in this period."},
        "web.audit.col.month": {"nl": "Maand", "en": "Month"},
        "web.audit.col.partner": {"nl": "Partner", "en": "Partner"},
        "web.audit.col.purpose": {"nl": "Doel", "en": "Purpose"},
        "web.audit.col.legal_basis": {"nl": "Grondslag", "en": "Legal basis"},
        "web.audit.metric.entries": {"nl": "logregels", "en": "entries"},
        "web.audit.metric.hits_created": {"nl": "hits gevonden", "en": "hits found"},
        "web.audit.metric.hits_merged": {"nl": "hits samengevoegd", "en": "hits merged"},
        "web.audit.metric.hits_dissolved": {"nl": "hits opgeheven", "en": "hits dissolved"},
        "web.audit.metric.batches_rejected": {"nl": "batches geweigerd", "en": "batches rejected"},
        "web.audit.metric.disclosures_requested": {"nl": "informatieverzoeken", "en": "information requests"},
        "web.audit.metric.decisions_timed": {"nl": "besluiten met doorlooptijd", "en": "decisions timed"},
        "web.audit.metric.median_decision_seconds": {
            "nl": "mediane tijd tot besluit",
            "en": "median time to decision",
        },
        "web.audit.duration.minutes": {"nl": "{value} min", "en": "{value} min"},
        "web.audit.duration.hours": {"nl": "{value} uur", "en": "{value} h"},
        "web.audit.duration.days": {"nl": "{value} dagen", "en": "{value} days"},
        "web.audit.entry.untrusted": {
            "nl": "Voer eerst de controle van de hele log uit: pas dan weet u dat dit checkpoint past bij wat u eerder zag.",
            "en": "Run the verification of the whole log first: only then do you know this checkpoint fits what you saw before.",
        },
        "web.audit.metric.expired_answers": {"nl": "verlopen antwoorden", "en": "expired answers"},
        "web.audit.metric.purges": {"nl": "verwijderd na bewaartermijn", "en": "purged after retention"},
        "web.audit.metric.signals_withdrawn": {"nl": "signalen ingetrokken", "en": "signals withdrawn"},
        "web.audit.metric.audit_reads": {"nl": "inzages in de log", "en": "log reads"},
        "web.audit.metric.batches": {"nl": "batches", "en": "batches"},
        "web.audit.metric.signals_submitted": {"nl": "signalen ingediend", "en": "signals submitted"},
        "web.audit.metric.disclosures_approved": {"nl": "verstrekt", "en": "approved"},
        "web.audit.metric.disclosures_refused": {"nl": "geweigerd", "en": "refused"},
        "web.audit.metric.disclosures_expired": {"nl": "verlopen", "en": "expired"},
        "web.audit.metric.disclosures_delivered": {"nl": "afgeleverd", "en": "delivered"},
        "web.audit.metric.disclosures_opened": {"nl": "geopend", "en": "opened"},
        "web.audit.metric.requested": {"nl": "gevraagd", "en": "requested"},
        "web.audit.metric.approved": {"nl": "verstrekt", "en": "approved"},
        "web.audit.metric.refused": {"nl": "geweigerd", "en": "refused"},
        "web.audit.metric.expired": {"nl": "verlopen", "en": "expired"},
        "web.audit.metric.opened": {"nl": "geopend", "en": "opened"},
    }
)


# -- the logs this officer can see -------------------------------------------------------------------


def logs_of(cfg: OfficerConfig) -> tuple[str, ...]:
    """The matcher's log, and for a partner's officer its node's own log."""
    return LOGS if cfg.partner and cfg.node_signing_public_key else ("matcher",)


def log_title(cfg: OfficerConfig, log: str) -> str:
    return i18n.t(f"web.audit.log.{log}", partner=cfg.partner)


def _key(cfg: OfficerConfig, log: str) -> LogKey:
    return audit_cli.matcher_log_key(cfg) if log == "matcher" else audit_cli.node_log_key(cfg)


def _store(cfg: OfficerConfig, log: str, key: LogKey) -> CheckpointStore:
    name = audit_cli.STORE_NAME if log == "matcher" else audit_cli.NODE_STORE_NAME
    return CheckpointStore.load(cfg.data_dir / name, key.origin)


def _channel(cfg: OfficerConfig, log: str) -> grpc.Channel:
    if log == "matcher":
        return transport.matcher_channel(cfg.table, cfg.matcher_address, cfg.tls)
    return audit_cli.node_channel(cfg)


def _largest(key: LogKey, store: CheckpointStore) -> tuple[Checkpoint, str] | None:
    """The largest validly signed checkpoint in the store, with when it was seen."""
    found = store.largest(key)
    return (found[0], found[1].seen_time) if found else None


def short_hash(value: bytes, chars: int = 16) -> str:
    return value.hex()[:chars]


def duration(seconds: float | None) -> str:
    """A time span as shown: minutes below an hour, hours below two days, else days ("–" if none)."""
    if seconds is None:
        return "–"
    if seconds < 3600:
        return i18n.t("web.audit.duration.minutes", value=round(seconds / 60))
    if seconds < 2 * 86400:
        return i18n.t("web.audit.duration.hours", value=f"{seconds / 3600:.1f}")
    return i18n.t("web.audit.duration.days", value=f"{seconds / 86400:.1f}")


def when(value: str) -> str:
    """An RFC 3339 UTC time as shown: "2026-03-14 12:05"."""
    return value[:16].replace("T", " ") if value else ""


# -- 1. the log ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    index: int
    entry: AuditEntry | None  # None: the stored bytes are not a canonical entry


@dataclass(frozen=True)
class LogFilter:
    """The log page's filters, as typed (GET parameters); codes and dates only."""

    log: str = "matcher"
    action: str = ""  # prefix, checked by the server
    org: str = ""
    role: str = ""
    object: str = ""  # exact, e.g. hits/7
    start: str = ""  # YYYY-MM-DD
    end: str = ""  # YYYY-MM-DD, inclusive
    page: int = 1

    PARAMS = {"log": "log", "action": "actie", "org": "organisatie", "role": "rol", "object": "object",
              "start": "van", "end": "tot", "page": "pagina"}  # fmt: skip

    @classmethod
    def from_query(cls, params, logs: tuple[str, ...]) -> LogFilter:
        def text(name: str) -> str:
            return str(params.get(cls.PARAMS[name], "")).strip()[:128]

        page = text("page")
        log = text("log")
        role = text("role")
        return cls(
            log=log if log in logs else "matcher",
            action=text("action"),
            org=text("org"),
            role=role if role in ROLES else "",
            object=text("object"),
            start=text("start"),
            end=text("end"),
            page=app.whole_number(page, 1, MAX_PAGE),
        )

    def period(self) -> tuple[str, str, dict[str, str]]:
        """(start time, end time (exclusive), errors by parameter name) of the date filters."""
        errors: dict[str, str] = {}
        times = []
        for name, value, shift in (("van", self.start, 0), ("tot", self.end, 1)):
            if not value:
                times.append("")
                continue
            try:
                day = date.fromisoformat(value) + timedelta(days=shift)
            except ValueError:
                errors[name] = i18n.t("web.audit.date")
                times.append("")
                continue
            times.append(f"{day.isoformat()}T00:00:00.000000Z")
        if times[0] and times[1] and times[1] <= times[0]:
            errors["tot"] = i18n.t("web.audit.range")
        return times[0], times[1], errors

    def matches(self, row: Row) -> bool:
        if row.entry is None:
            return not (self.org or self.role or self.object)
        e = row.entry
        return (
            (not self.org or e.actor_org == self.org)
            and (not self.role or e.actor_role == self.role)
            and (not self.object or self.object in e.objects)
        )

    def query(self, **changes: object) -> str:
        """The query string of these filters (with `changes`), for links; defaults left out."""
        values = {**vars(self), **changes}
        defaults = {"log": "matcher", "page": 1}
        pairs = [(self.PARAMS[k], str(v)) for k, v in values.items() if v and v != defaults.get(k)]
        return urlencode(pairs)


class AtLeast(int):
    """A lower bound, shown as "500+": a count or page total of a log not read to its start."""

    def __format__(self, spec: str) -> str:
        return f"{int(self):{spec}}+"

    def __str__(self) -> str:
        return f"{int(self)}+"


@dataclass(frozen=True)
class LogPage:
    rows: list[Row]  # the entries of the page shown, newest first
    total: int  # entries that match; AtLeast(...) when the log was not read to its start
    page: int  # the page shown (the last one when a page beyond the end was asked for)
    pages: int  # AtLeast(...) like total


def _row(index: int, data: bytes) -> Row:
    try:
        return Row(index, AuditEntry.from_bytes(data, index=index))
    except ProofError:
        return Row(index, None)


def list_log(cfg: OfficerConfig, flt: LogFilter, start: str, end: str) -> LogPage:
    """Page `flt.page` of the entries of `flt.log` this officer may see that match, newest first
    (blocking). Reads newest first from the server and stops once it has one entry more than the
    pages up to the one shown (see the module docstring for the cost of the local filters)."""
    want = flt.page * PAGE_SIZE + 1
    local_filter = bool(flt.org or flt.role or flt.object)
    request = audit_pb2.ListAuditEntriesRequest(
        action=flt.action, start_time=clock.to_timestamp(start), end_time=clock.to_timestamp(end), newest_first=True
    )
    matched: list[Row] = []
    complete = False
    with _channel(cfg, flt.log) as channel:
        stub = audit_pb2_grpc.AuditServiceStub(channel)
        while len(matched) < want:
            ask = SERVER_MAX_PAGE if local_filter else max(want - len(matched), FETCH_AHEAD)
            request.page_size = min(ask, SERVER_MAX_PAGE)
            answer = stub.ListAuditEntries(request, timeout=60)
            matched += [row for row in (_row(e.index, e.entry) for e in answer.entries) if flt.matches(row)]
            if not answer.next_page_token:
                complete = True
                break
            request.page_token = answer.next_page_token
    pages = max(1, -(-len(matched) // PAGE_SIZE))
    if complete:
        page = min(flt.page, pages)
        total = len(matched)
    else:  # more than `want` matched: page flt.page is full and another follows
        page, total, pages = flt.page, AtLeast(len(matched)), AtLeast(pages)
    return LogPage(matched[(page - 1) * PAGE_SIZE : page * PAGE_SIZE], total, page, pages)


# -- 2. verification --------------------------------------------------------------------------------

# Which check each finding belongs to (by code prefix); a check without findings passed.
CHECKS = (
    ("signature", ("checkpoint.invalid",)),
    ("consistency", ("log.truncated", "log.rewritten", "log.fork", "entry.changed")),
    ("receipts", ("receipt.",)),
    ("entries", ("entry.altered", "entry.not_canonical", "entry.listing_differs")),
    ("proofs", ("proof.",)),
)


@dataclass(frozen=True)
class CheckLine:
    name: str  # signature | consistency | receipts | entries | proofs
    checked: int | None  # how many were checked; None: not applicable to this log / officer
    failed: int


@dataclass
class LogCheck:
    """One run of the verifier over one log, as the panel shows it."""

    log: str
    checked_at: str
    result: VerifyResult | None = None
    seen_before: int = 0  # checkpoints kept from earlier checks
    previous_size: int | None = None  # the largest of them
    kept: int = 0  # checkpoints kept after this check
    error: str = ""  # the check could not run (server unreachable, unreadable store)

    @property
    def ok(self) -> bool:
        return self.result is not None and self.result.ok and not self.error

    @property
    def fetched_at(self) -> str:
        return self.result.verified[0].seen_time if self.result and self.result.verified else ""

    def lines(self) -> list[CheckLine]:
        return check_lines(self.result, receipts_apply=self.log == "matcher") if self.result else []


def check_lines(result: VerifyResult, receipts_apply: bool) -> list[CheckLine]:
    """The panel's checklist: per check how many items were checked and how many findings failed it."""
    counts = {
        "signature": result.checkpoints,
        "consistency": max(0, result.checkpoints - 1),
        "receipts": result.receipts if receipts_apply and result.receipts else None,
        "entries": result.entries,
    }
    lines = []
    for name, prefixes in CHECKS:
        failed = sum(1 for f in result.findings if f.code.startswith(prefixes))
        if name == "proofs" and not failed:
            continue
        lines.append(CheckLine(name, counts.get(name, failed), failed))
    return lines


def run_check(cfg: OfficerConfig, log: str, full: bool = True) -> LogCheck:
    """Verify one log as the CLI does (blocking); a verified checkpoint is kept as seen.

    In full, or the matcher's log incrementally with `full=False` ("alleen nieuwe regels"); the node
    log always in full."""
    key = _key(cfg, log)
    before = _store(cfg, log, key)
    largest = _largest(key, before)
    result, store = audit_cli.verify_as(cfg, [], full=full) if log == "matcher" else audit_cli.verify_node_log(cfg)
    # Two checks may find the same fault (a rewritten entry is both listed and behind a receipt).
    result.findings = list(dict.fromkeys(result.findings))
    return LogCheck(
        log=log,
        checked_at=clock.now(),
        result=result,
        seen_before=len(before.checkpoints),
        previous_size=largest[0].size if largest else None,
        kept=len(store.checkpoints),
    )


async def _check_all(request: Request, cfg: OfficerConfig, full: bool = True) -> dict[str, LogCheck]:
    checks = {}
    for log in logs_of(cfg):
        try:
            checks[log] = await app.call(run_check, cfg, log, full)
        except grpc.RpcError as exc:
            checks[log] = LogCheck(log, clock.now(), error=app.rpc_message(request, exc)[1])
        except SignalmatchError as exc:
            checks[log] = LogCheck(log, clock.now(), error=str(exc))
    return checks


# -- 3. one entry -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class InclusionCheck:
    """One entry, checked locally against a checkpoint with its RFC 9162 inclusion proof."""

    log: str
    index: int
    size: int  # of the checkpoint proven against
    basis: str  # i18n text: which checkpoint and why it is trusted
    trusted: bool = False  # the checkpoint is one this officer verified, or provably extends one
    root_hash: bytes = b""
    leaf_hash: bytes = b""
    computed_root: bytes = b""  # where the proof leads from the leaf
    proof: tuple[bytes, ...] = ()
    entry: AuditEntry | None = None
    ok: bool = False
    reason: str = ""  # why not, in the user's language


class EntryNotShown(SignalmatchError):
    """The entry does not exist or is not part of this officer's view (the message says which)."""


def check_inclusion(cfg: OfficerConfig, log: str, index: int) -> InclusionCheck:
    """The entry at `index` with its inclusion proof (blocking).

    Proven against the largest checkpoint this officer verified when it covers the entry, else
    against the server's current checkpoint once its signature and its consistency with that
    verified checkpoint are checked here."""
    key = _key(cfg, log)
    verified = _largest(key, _store(cfg, log, key))
    with _channel(cfg, log) as channel:
        stub = audit_pb2_grpc.AuditServiceStub(channel)
        source = audit_cli.GrpcLogSource(stub)
        trusted = verified is not None
        if verified and index < verified[0].size:
            target = verified[0]
            basis = i18n.t("web.audit.basis.verified", size=target.size, time=when(verified[1]))
        else:
            note = stub.GetCheckpoint(audit_pb2.GetCheckpointRequest(), timeout=30).checkpoint
            try:
                target = key.open(note)
            except (AuthenticationError, ProofError) as exc:
                reason = i18n.t("web.audit.entry.bad_checkpoint", reason=exc)
                return InclusionCheck(log, index, 0, basis=reason, reason=reason)
            if index >= target.size:
                raise EntryNotShown(i18n.t("web.audit.entry.absent", index=index, size=target.size))
            if verified is None:
                basis = i18n.t("web.audit.basis.unverified", size=target.size)
            else:
                old = verified[0]
                basis = i18n.t("web.audit.basis.current", size=target.size, old=old.size)
                try:
                    proof = source.consistency_proof(old.size, target.size)
                    merkle.verify_consistency(old.size, target.size, old.root_hash, target.root_hash, proof)
                except (SourceError, ProofError) as exc:
                    reason = i18n.t("web.audit.entry.inconsistent", size=target.size, old=old.size, reason=exc)
                    return InclusionCheck(
                        log, index, target.size, basis, trusted=True, root_hash=target.root_hash, reason=reason
                    )
        try:
            proof, data = source.inclusion_proof(index, target.size)
        except SourceError as exc:
            reason = i18n.t("web.audit.entry.no_proof", reason=exc)
            return InclusionCheck(
                log, index, target.size, basis, trusted=trusted, root_hash=target.root_hash, reason=reason
            )
    if log == "matcher" and cfg.partner and not partner_filter(cfg.partner)(_json(data)):
        raise EntryNotShown(i18n.t("web.audit.entry.hidden", index=index))
    return replace(inclusion_result(log, index, target, basis, proof, data), trusted=trusted)


def _json(data: bytes) -> dict:
    try:
        obj = json.loads(data)
    except ValueError:
        return {}
    return obj if isinstance(obj, dict) else {}


def inclusion_result(
    log: str, index: int, target: Checkpoint, basis: str, proof: list[bytes], data: bytes
) -> InclusionCheck:
    """Check `data` at `index` against `target` with `proof` (pure)."""
    leaf = merkle.leaf_hash(data)
    check = InclusionCheck(
        log, index, target.size, basis, root_hash=target.root_hash, leaf_hash=leaf, proof=tuple(proof)
    )
    try:
        computed = merkle.root_from_inclusion_proof(leaf, index, target.size, proof)
        check = replace(check, computed_root=computed)
        merkle.verify_inclusion(leaf, index, target.size, proof, target.root_hash)
    except ProofError as exc:
        check = replace(check, reason=i18n.t("web.audit.entry.altered", reason=exc))
    try:
        check = replace(check, entry=AuditEntry.from_bytes(data, index=index))
    except ProofError as exc:
        if not check.reason:
            check = replace(check, reason=i18n.t("web.audit.entry.not_canonical", reason=exc))
    return replace(check, ok=not check.reason)


# -- pages ------------------------------------------------------------------------------------------


def _today() -> date:
    return datetime.now(UTC).date()


def pages(cfg: OfficerConfig) -> tuple[tuple[NavItem, ...], list[Route]]:
    """The audit pages of this officer: navigation and routes."""
    logs = logs_of(cfg)
    last_checks: dict[str, LogCheck] = {}  # the panel's latest results, for every session of this console

    async def log_page(request: Request) -> Response:
        flt = LogFilter.from_query(request.query_params, logs)
        start, end, errors = flt.period()
        shown = LogPage([], 0, 1, 1)
        if not errors:
            try:
                shown = await app.call(list_log, cfg, flt, start, end)
            except grpc.RpcError as exc:
                found = app.field_errors(exc)
                if not found:
                    raise
                errors = {LogFilter.PARAMS.get(k, k): v for k, v in found.items()}
        return app.render(
            request,
            "officer/audit_log.html",
            flt=flt,
            errors=errors,
            rows=shown.rows,
            total=shown.total,
            page=shown.page,
            pages=shown.pages,
            logs=logs,
            log_title=lambda log: log_title(cfg, log),
            roles=ROLES,
            action_hints=ACTION_HINTS,
            partner=cfg.partner,
            when=when,
        )

    async def verify_page(request: Request) -> Response:
        if not last_checks:
            last_checks.update(await _check_all(request, cfg))
        return app.render(
            request,
            "officer/audit_verify.html",
            checks=[last_checks[log] for log in logs if log in last_checks],
            log_title=lambda log: log_title(cfg, log),
            when=when,
            short_hash=short_hash,
        )

    async def verify_again(request: Request) -> Response:
        # In full, unless the form asks for new entries only (snel=1, "alleen nieuwe regels").
        full = (await request.form()).get("snel") != "1"
        last_checks.update(await _check_all(request, cfg, full))
        return app.redirect(
            "/audit/controle", notice=i18n.t("web.audit.verify.done", time=when(clock.now())), request=request
        )

    async def entry_page(request: Request) -> Response:
        log, index = request.path_params["log"], app.path_number(request, "index")
        if log not in logs:
            return app.error_page(request, 404, i18n.t("web.page_not_found"))
        try:
            check = await app.call(check_inclusion, cfg, log, index)
        except EntryNotShown as exc:
            return app.error_page(request, 404, str(exc))
        return app.render(
            request,
            "officer/audit_entry.html",
            check=check,
            log_title=log_title(cfg, log),
            back="/audit" + ("?log=node" if log == "node" else ""),
            when=when,
        )

    async def report_page(request: Request) -> Response:
        first, last, months, errors = report_period(request.query_params, _today())
        dpia = await app.call(fetch_dpia, cfg, months) if months else None
        return app.render(
            request,
            "officer/audit_report.html",
            first=first,
            last=last,
            errors=errors,
            dpia=dpia,
            charts=dpia_charts(dpia) if dpia else {},
            csv_query=urlencode({"van": first, "tot": last}),
            metric=metric,
            month_values=month_values,
            duration=duration,
            partner_signals=PARTNER_SIGNALS,
            partner_disclosures=PARTNER_DISCLOSURES,
            basis_metrics=BASIS_METRICS,
        )

    async def report_csv(request: Request) -> Response:
        first, last, months, errors = report_period(request.query_params, _today())
        if errors:
            return app.error_page(request, 400, "; ".join(f"{k}: {v}" for k, v in errors.items()))
        dpia = await app.call(fetch_dpia, cfg, months)
        return Response(
            csv_text(dpia),
            media_type="text/csv; charset=utf-8",
            headers={"content-disposition": f'attachment; filename="dpia-rapport-{first}-{last}.csv"'},
        )

    nav = (
        NavItem("/audit", "web.audit.nav.log"),
        NavItem("/audit/controle", "web.audit.nav.verify"),
        NavItem("/audit/rapport", "web.audit.nav.report"),
    )
    routes = [
        Route("/audit", log_page),
        Route("/audit/controle", verify_page),
        Route("/audit/controle", verify_again, methods=["POST"]),
        Route("/audit/rapport", report_page),
        Route("/audit/rapport.csv", report_csv),
        Route("/audit/{log}/{index}", entry_page),
    ]
    return nav, routes
