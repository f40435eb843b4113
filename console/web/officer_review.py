"""A partner's privacy officer in the web console: disclosure requests with the preview of exactly
what approval sends, the decision, and the art. 15 GDPR subject look-up — all at the partner's own
node (OfficerService, officer certificate), with the CLI's functions (console/officer.py,
console/audit.py).

- ``/verstrekking``: the requests to this partner, open ones on top with a count, then the rest
  newest first; per request the hit, the requesting chair, categories, purpose, legal basis,
  recipients, expiry and state (open / approved / auto-approved / refused / expired).
- ``/verstrekking/{id}``: one request with the preview (GetDisclosureReview: the signals and
  fields approval sends, to each recipient, as a table) and the "goedkeuren" / "weigeren" forms,
  each with a required "Ik heb de voorvertoning gecontroleerd" checkbox; once decided: the
  decision and what went (or goes) to whom. The preview is the page's only personal data, and
  the node audits every time it gives it (``disclosure.previewed``).
- ``/inzage``: the art. 15 look-up. The identifiers are personal data, so they travel only in a
  POST body and the answer is rendered on the response; the node audits it (``subject.looked_up``)
  and its validation messages are shown next to the fields.

The labels of categories, disclosed fields and refusal reasons are the chair console's
(console/web/labels.py): the officer previews exactly the rows the chair will see once opened.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

import grpc
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from signalmatch import i18n
from signalmatch.config import OfficerConfig
from signalmatch.console import audit as audit_cli
from signalmatch.console import chair as chair_cli
from signalmatch.console import officer as officer_cli
from signalmatch.console.web import app
from signalmatch.console.web.app import NavItem
from signalmatch.console.web.labels import disclosed_rows, label, when_text
from signalmatch.node import disclosure
from signalmatch.protocol import REFUSAL_REASONS
from signalmatch.v1 import officer_pb2

QUEUE = "/verstrekking"
SUBJECT = "/inzage"
CONFIRM = "gecontroleerd"  # the confirmation checkbox of both decision forms
STATES = ("open", "approved", "auto_approved", "refused", "expired")  # as shown, in the queue's order
_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
_LIST_FIELD = re.compile(r"^(phones|emails)\[(\d+)\]$")

i18n.register(
    {
        "web.review.nav.queue": {"nl": "Verzoeken", "en": "Requests"},
        "web.review.nav.subject": {"nl": "Inzageverzoek", "en": "Subject access"},
        # the queue
        "web.review.queue.title": {
            "nl": "Verstrekkingsverzoeken aan {partner}",
            "en": "Disclosure requests to {partner}",
        },
        "web.review.queue.intro": {
            "nl": "De voorzitter van de tafel vraagt om gegevens bij een hit. U beslist per verzoek; open een verzoek "
            "om eerst precies te zien wat er verstuurd wordt.",
            "en": "The table's chair asks for information on a hit. You decide per request; open a request to see "
            "exactly what would be sent first.",
        },
        "web.review.queue.open_count": {"nl": "wachten op uw besluit", "en": "await your decision"},
        "web.review.queue.none": {
            "nl": "Er zijn geen verstrekkingsverzoeken.",
            "en": "There are no disclosure requests.",
        },
        "web.review.queue.none_open": {
            "nl": "Er wacht niets op uw besluit.",
            "en": "Nothing awaits your decision.",
        },
        "web.review.queue.open": {"nl": "Wachten op uw besluit", "en": "Awaiting your decision"},
        "web.review.queue.done": {"nl": "Afgehandeld", "en": "Handled"},
        "web.review.queue.action": {"nl": "Bekijken en beslissen", "en": "Review and decide"},
        "web.review.queue.view": {"nl": "Bekijken", "en": "View"},
        # columns and properties
        "web.review.col.request": {"nl": "Verzoek", "en": "Request"},
        "web.review.col.hit": {"nl": "Hit", "en": "Hit"},
        "web.review.col.requester": {"nl": "Aangevraagd door", "en": "Requested by"},
        "web.review.col.categories": {"nl": "Gevraagde gegevens", "en": "Information asked"},
        "web.review.col.purpose": {"nl": "Doel", "en": "Purpose"},
        "web.review.col.legal_basis": {"nl": "Grondslag", "en": "Legal basis"},
        "web.review.col.recipients": {"nl": "Ontvangers", "en": "Recipients"},
        "web.review.col.recipient": {"nl": "Ontvanger", "en": "Recipient"},
        "web.review.col.expires": {"nl": "Verloopt", "en": "Expires"},
        "web.review.col.state": {"nl": "Status", "en": "State"},
        "web.review.col.decided": {"nl": "Besloten", "en": "Decided"},
        "web.review.col.decided_by": {"nl": "Besloten door", "en": "Decided by"},
        "web.review.col.reason": {"nl": "Reden", "en": "Reason"},
        "web.review.col.signals": {"nl": "Uw signalen in de hit", "en": "Your signals in the hit"},
        "web.review.col.delivered": {"nl": "Verzonden", "en": "Sent"},
        "web.review.col.field": {"nl": "Gegeven", "en": "Field"},
        "web.review.col.value": {"nl": "Waarde", "en": "Value"},
        "web.review.col.receives": {"nl": "Ontvangt", "en": "Receives"},
        # states
        "web.review.state.open": {"nl": "open", "en": "open"},
        "web.review.state.approved": {"nl": "goedgekeurd", "en": "approved"},
        "web.review.state.auto_approved": {"nl": "automatisch goedgekeurd", "en": "approved automatically"},
        "web.review.state.refused": {"nl": "geweigerd", "en": "refused"},
        "web.review.state.expired": {"nl": "verlopen", "en": "expired"},
        # who
        "web.review.who.chair": {"nl": "voorzitter {name}", "en": "chair {name}"},
        "web.review.who.partner": {"nl": "partner {name}", "en": "partner {name}"},
        "web.review.who.policy": {"nl": "verstrekkingsbeleid (regel {rule})", "en": "disclosure policy (rule {rule})"},
        "web.review.who.officer": {"nl": "functionaris {name}", "en": "officer {name}"},
        # one request
        "web.review.title": {"nl": "Verzoek {id}", "en": "Request {id}"},
        "web.review.back": {"nl": "← Alle verzoeken", "en": "← All requests"},
        "web.review.about": {"nl": "Het verzoek", "en": "The request"},
        "web.review.preview.title": {
            "nl": "Voorvertoning: dit verstuurt goedkeuring",
            "en": "Preview: what approval sends",
        },
        "web.review.preview.pending_send": {
            "nl": "Dit wordt nu verstuurd: het besluit is genomen maar de matcher heeft het antwoord nog niet.",
            "en": "This is being sent: the decision is made but the matcher does not have the answer yet.",
        },
        "web.review.preview.intro": {
            "nl": "Precies deze gegevens gaan, versleuteld voor elke ontvanger afzonderlijk, naar:",
            "en": "Exactly this information goes, encrypted for each recipient separately, to:",
        },
        "web.review.preview.receives": {"nl": "{signals} · {categories}", "en": "{signals} · {categories}"},
        "web.review.count.signal.one": {"nl": "{n} signaal", "en": "{n} signal"},
        "web.review.count.signal.many": {"nl": "{n} signalen", "en": "{n} signals"},
        "web.review.count.request.one": {"nl": "{n} verstrekkingsverzoek", "en": "{n} disclosure request"},
        "web.review.count.request.many": {"nl": "{n} verstrekkingsverzoeken", "en": "{n} disclosure requests"},
        "web.review.preview.signal": {"nl": "Signaal {ref}", "en": "Signal {ref}"},
        "web.review.preview.empty": {
            "nl": "Niets: de gevraagde gegevens staan niet (meer) in uw signalen. Goedkeuren verstuurt een leeg antwoord.",
            "en": "Nothing: the information asked is not (or no longer) in your signals. Approving sends an empty answer.",
        },
        "web.review.preview.not_sent": {
            "nl": "Niet gevraagd en dus nooit verstuurd: {categories}; evenmin de melder, het zaaknummer of de "
            "status van het signaal.",
            "en": "Not asked and so never sent: {categories}; nor the reporter, the case number or the signal's state.",
        },
        "web.review.preview.not_sent_any": {
            "nl": "Nooit verstuurd: de melder, het zaaknummer en de status van het signaal.",
            "en": "Never sent: the reporter, the case number and the signal's state.",
        },
        "web.review.preview.audited": {
            "nl": "Het bekijken van deze voorvertoning is vastgelegd in het auditlog van uw node.",
            "en": "Viewing this preview has been recorded in your node's audit log.",
        },
        "web.review.decide.title": {"nl": "Uw besluit", "en": "Your decision"},
        "web.review.decide.final": {
            "nl": "Een besluit is definitief en wordt direct aan de voorzitter gemeld.",
            "en": "A decision is final and is reported to the chair at once.",
        },
        "web.review.approve.title": {"nl": "Goedkeuren", "en": "Approve"},
        "web.review.approve.explain": {
            "nl": "Verstuurt de voorvertoning hierboven aan {recipients}.",
            "en": "Sends the preview above to {recipients}.",
        },
        "web.review.approve.button": {"nl": "Goedkeuren en versturen", "en": "Approve and send"},
        "web.review.refuse.title": {"nl": "Weigeren", "en": "Refuse"},
        "web.review.refuse.explain": {
            "nl": "Er worden geen gegevens verstuurd; de voorvertoning gaat niet mee, alleen de reden.",
            "en": "No information is sent; the preview does not go, only the reason.",
        },
        "web.review.refuse.button": {"nl": "Weigeren", "en": "Refuse"},
        "web.review.refuse.reason": {"nl": "Reden van weigering", "en": "Reason for refusal"},
        "web.review.refuse.choose": {"nl": "— kies een reden —", "en": "— choose a reason —"},
        "web.review.confirm": {"nl": "Ik heb de voorvertoning gecontroleerd", "en": "I have checked the preview"},
        "web.review.confirm.required": {
            "nl": "Vink aan dat u de voorvertoning hebt gecontroleerd.",
            "en": "Tick that you have checked the preview.",
        },
        "web.review.reason.required": {"nl": "Kies een reden van weigering.", "en": "Choose a reason for refusal."},
        "web.review.errors": {
            "nl": "Er is niets besloten: vul het formulier aan.",
            "en": "Nothing was decided: complete the form.",
        },
        "web.review.conflict": {"nl": "Niet besloten: {details}", "en": "Not decided: {details}"},
        "web.review.approved": {
            "nl": "Verzoek {id} goedgekeurd; het antwoord gaat naar {recipients}.",
            "en": "Request {id} approved; the answer goes to {recipients}.",
        },
        "web.review.refused": {
            "nl": "Verzoek {id} geweigerd ({reason}); de reden gaat naar {recipients}.",
            "en": "Request {id} refused ({reason}); the reason goes to {recipients}.",
        },
        "web.review.decision.title": {"nl": "Besluit", "en": "Decision"},
        "web.review.decision.sent": {
            "nl": "Het antwoord is bij de matcher afgeleverd.",
            "en": "The answer was delivered to the matcher.",
        },
        "web.review.decision.sending": {
            "nl": "Het antwoord wacht op verzending naar de matcher.",
            "en": "The answer is waiting to be sent to the matcher.",
        },
        "web.review.decision.expired": {
            "nl": "Dit verzoek is verlopen zonder besluit; er is niets verstuurd.",
            "en": "This request expired undecided; nothing was sent.",
        },
        "web.review.sent.title": {"nl": "Wat naar wie ging", "en": "What went to whom"},
        "web.review.sent.title_pending": {"nl": "Wat naar wie gaat", "en": "What goes to whom"},
        "web.review.sent.approved": {
            "nl": "Gegevens: {categories} uit uw signalen {signals} (voor zover nog aanwezig bij verzending).",
            "en": "Information: {categories} from your signals {signals} (as far as still present when sent).",
        },
        "web.review.sent.approved_by": {
            "nl": "Versleuteld alleen voor de ontvanger; de matcher krijgt alleen versleutelde gegevens.",
            "en": "Encrypted for the recipient alone; the matcher only gets ciphertext.",
        },
        "web.review.sent.refused": {
            "nl": "Alleen de weigering met reden; geen gegevens.",
            "en": "Only the refusal with its reason; no information.",
        },
        # the subject look-up
        "web.review.subject.title": {
            "nl": "Inzageverzoek (art. 15 AVG)",
            "en": "Subject access request (GDPR art. 15)",
        },
        "web.review.subject.intro": {
            "nl": "Zoek alle signalen, hits en verstrekkingen over één persoon op deze node. Vul in wat u van de "
            "persoon weet; elk gegeven wordt genormaliseerd zoals bij invoer. De zoekvraag wordt vastgelegd in het "
            "auditlog van de node en komt niet in een adres (URL) of logbestand.",
            "en": "Find every signal, hit and disclosure about one person at this node. Fill in what you know of the "
            "person; each identifier is normalised as at intake. The look-up is recorded in the node's audit log and "
            "never goes into an address (URL) or log file.",
        },
        "web.review.subject.ids": {"nl": "Nummers en contact", "en": "Numbers and contact"},
        "web.review.subject.person": {
            "nl": "Naam en geboortedatum (alle drie)",
            "en": "Name and date of birth (all three)",
        },
        "web.review.subject.address": {
            "nl": "Adres (postcode en huisnummer)",
            "en": "Address (postcode and house number)",
        },
        "web.review.subject.bsn": {"nl": "BSN", "en": "BSN"},
        "web.review.subject.phones": {"nl": "Telefoonnummers", "en": "Phone numbers"},
        "web.review.subject.emails": {"nl": "E-mailadressen", "en": "E-mail addresses"},
        "web.review.subject.many": {"nl": "één per regel", "en": "one per line"},
        "web.review.subject.given_names": {"nl": "Voornamen", "en": "Given names"},
        "web.review.subject.surname": {"nl": "Achternaam", "en": "Surname"},
        "web.review.subject.date_of_birth": {"nl": "Geboortedatum", "en": "Date of birth"},
        "web.review.subject.dob_hint": {"nl": "bijv. 12-04-1991", "en": "e.g. 12-04-1991"},
        "web.review.subject.postcode": {"nl": "Postcode", "en": "Postcode"},
        "web.review.subject.house_number": {"nl": "Huisnummer", "en": "House number"},
        "web.review.subject.addition": {"nl": "Toevoeging", "en": "Addition"},
        "web.review.subject.submit": {"nl": "Zoeken", "en": "Search"},
        "web.review.subject.clear": {"nl": "Nieuwe zoekvraag", "en": "New look-up"},
        "web.review.subject.item": {"nl": "nr. {number}: {message}", "en": "no. {number}: {message}"},
        "web.review.subject.result": {"nl": "Resultaat", "en": "Result"},
        "web.review.subject.found": {
            "nl": "{signals} en {disclosures} over deze persoon.",
            "en": "{signals} and {disclosures} about this person.",
        },
        "web.review.subject.audited": {
            "nl": "Deze zoekvraag is vastgelegd in het auditlog van de node (subject.looked_up).",
            "en": "This look-up has been recorded in the node's audit log (subject.looked_up).",
        },
        "web.review.subject.none_disclosed": {
            "nl": "Geen verstrekkingsverzoeken betroffen deze signalen.",
            "en": "No disclosure requests covered these signals.",
        },
        "web.review.subject.col.signal": {"nl": "Signaal", "en": "Signal"},
        "web.review.subject.col.external_id": {"nl": "Zaaknummer", "en": "Case number"},
        "web.review.subject.col.created": {"nl": "Ingevoerd", "en": "Entered"},
        "web.review.subject.col.state": {"nl": "Status", "en": "State"},
        "web.review.subject.col.hits": {"nl": "Hits", "en": "Hits"},
        "web.review.subject.col.matched_on": {"nl": "Gevonden op", "en": "Matched on"},
    }
)


# -- labels ------------------------------------------------------------------------------------------


def party(name: str) -> str:
    """ "chair/voorzitter" -> "voorzitter voorzitter", "partner/vtgv" -> "partner vtgv"."""
    kind, _, who = name.partition("/")
    return i18n.t(f"web.review.who.{kind}", name=who) if kind in ("chair", "partner") and who else name


def decider(decided_by: str) -> str:
    """ "policy:<rule>" or an officer certificate's URI (spiffe://<table>/officer/<partner>)."""
    if decided_by.startswith("policy:"):
        return i18n.t("web.review.who.policy", rule=decided_by.removeprefix("policy:"))
    if "/officer/" in decided_by:
        return i18n.t("web.review.who.officer", name=decided_by.rsplit("/", 1)[1])
    return decided_by


def review_state(summary: Mapping) -> str:
    """The state as shown: open, approved, auto_approved (by the node's policy), refused or expired."""
    state = summary["state"]
    if state == "pending":
        return "open"
    if state == "approved" and summary["decided_by"].startswith("policy:"):
        return "auto_approved"
    return state


def kind_label(kind: str) -> str:
    texts = chair_cli.KIND_LABELS.get(kind)
    return texts[i18n.language()] if texts else kind


# -- requests ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PreviewSignal:
    ref: str
    rows: tuple[tuple[str, str], ...]  # (field label, value), as the chair will see them


@dataclass(frozen=True)
class ReviewView:
    id: str
    hit: str  # "hits/3"
    requester: str
    categories: tuple[str, ...]  # labels
    not_requested: tuple[str, ...]  # labels of the categories not asked for
    purpose: str
    legal_basis: str
    recipients: tuple[str, ...]  # labels
    signal_refs: tuple[str, ...]
    expires: str
    state: str  # one of STATES
    decided_by: str
    decided: str
    reason: str  # label of the refusal reason
    delivered: bool
    preview: tuple[PreviewSignal, ...] | None  # None: the node shows none (decided and sent, expired)

    @property
    def is_open(self) -> bool:
        return self.state == "open"


def review_view(summary: Mapping) -> ReviewView:
    """A review summary (console/officer.py review_summary) for the pages."""
    preview = summary.get("preview")
    return ReviewView(
        id=summary["name"].removeprefix("disclosures/"),
        hit=summary["hit"],
        requester=party(f"chair/{summary['requester']}"),  # the matcher relays the chair's name
        categories=tuple(label("category", c) for c in summary["categories"]),
        not_requested=tuple(label("category", c) for c in disclosure.CATEGORIES if c not in summary["categories"]),
        purpose=summary["purpose"],
        legal_basis=summary["legal_basis"],
        recipients=tuple(party(r) for r in summary["recipients"]),
        signal_refs=tuple(summary["signal_refs"]),
        expires=when_text(summary["expire_time"]),
        state=review_state(summary),
        decided_by=decider(summary["decided_by"]),
        decided=when_text(summary["decide_time"]),
        reason=label("refusal", summary["reason"]),
        delivered=summary["delivered"],
        preview=None
        if preview is None
        else tuple(PreviewSignal(s["signal_ref"], disclosed_rows(s["fields"])) for s in preview),
    )


@dataclass(frozen=True)
class Queue:
    open: tuple[ReviewView, ...]  # newest first
    done: tuple[ReviewView, ...]  # newest first
    counts: Mapping[str, int]  # per state, every state present


def queue(views: list[ReviewView]) -> Queue:
    """The node lists newest first; open requests go on top, each group keeps that order."""
    counts = Counter(v.state for v in views)
    return Queue(
        open=tuple(v for v in views if v.is_open),
        done=tuple(v for v in views if not v.is_open),
        counts={state: counts.get(state, 0) for state in STATES},
    )


@dataclass(frozen=True)
class Decision:
    """One of the two decision forms as posted."""

    approve: bool
    confirmed: bool
    reason: str = ""

    @property
    def form(self) -> str:
        return "approve" if self.approve else "refuse"

    def errors(self) -> dict[str, str]:
        """{form.field: message}: the confirmation is required on both forms, a reason on refusal."""
        errors = {}
        if not self.confirmed:
            errors[f"{self.form}.{CONFIRM}"] = i18n.t("web.review.confirm.required")
        if not self.approve and self.reason not in REFUSAL_REASONS:
            errors["refuse.reason"] = i18n.t("web.review.reason.required")
        return errors


def decision_of(form: Mapping[str, str], approve: bool) -> Decision:
    return Decision(approve, form.get(CONFIRM) == "ja", "" if approve else str(form.get("reason", "")).strip())


# -- the subject look-up -----------------------------------------------------------------------------


def _lines(text: str) -> list[str]:
    return [item.strip() for item in re.split(r"[\n,;]", text) if item.strip()]


@dataclass(frozen=True)
class SubjectForm:
    """The look-up form as filled in; phones and e-mails one per line (or comma-separated)."""

    bsn: str = ""
    phones: str = ""
    emails: str = ""
    given_names: str = ""
    surname: str = ""
    date_of_birth: str = ""
    postcode: str = ""
    house_number: str = ""
    addition: str = ""

    @classmethod
    def parse(cls, form: Mapping[str, str]) -> SubjectForm:
        return cls(**{name: str(form.get(name, "")).strip() for name in cls.__dataclass_fields__})

    def request(self) -> officer_pb2.LookupSubjectRequest:
        return officer_pb2.LookupSubjectRequest(
            bsn=self.bsn,
            phones=_lines(self.phones),
            emails=_lines(self.emails),
            given_names=self.given_names,
            surname=self.surname,
            date_of_birth=self.date_of_birth,
            postcode=self.postcode,
            house_number=self.house_number,
            addition=self.addition,
        )


def subject_errors(node_errors: Mapping[str, str]) -> dict[str, str]:
    """The node's field violations by form field: "phones[1]" -> "phones" ("nr. 2: ..."); the
    whole request ("request": nothing given) stays "request"."""
    errors: dict[str, list[str]] = {}
    for path, message in node_errors.items():
        item = _LIST_FIELD.match(path)
        if item:
            errors.setdefault(item.group(1), []).append(
                i18n.t("web.review.subject.item", number=int(item.group(2)) + 1, message=message)
            )
        else:
            errors.setdefault(path, []).append(message)
    return {name: "; ".join(messages) for name, messages in errors.items()}


@dataclass(frozen=True)
class SubjectSignalView:
    ref: str
    external_id: str
    created: str
    state: str
    hits: tuple[str, ...]
    matched_on: tuple[str, ...]


@dataclass(frozen=True)
class SubjectDisclosureView:
    id: str
    hit: str
    state: str  # one of STATES
    recipients: tuple[str, ...]
    purpose: str
    legal_basis: str
    decided: str


@dataclass(frozen=True)
class SubjectResult:
    signals: tuple[SubjectSignalView, ...]
    disclosures: tuple[SubjectDisclosureView, ...]


def subject_result(summary: Mapping) -> SubjectResult:
    """console/audit.py subject_summary for the page."""
    return SubjectResult(
        signals=tuple(
            SubjectSignalView(
                ref=s["signal"].removeprefix("signals/"),
                external_id=s["external_id"],
                created=when_text(s["create_time"]),
                state=label("signal_state", s["state"]),
                hits=tuple(s["hits"]),
                matched_on=tuple(kind_label(k) for k in s["matched_on"]),
            )
            for s in summary["signals"]
        ),
        disclosures=tuple(
            SubjectDisclosureView(
                id=d["disclosure"].removeprefix("disclosures/"),
                hit=d["hit"],
                state="open" if d["state"] == "pending" else d["state"],
                recipients=tuple(party(r) for r in d["recipients"]),
                purpose=d["purpose"],
                legal_basis=d["legal_basis"],
                decided=when_text(d["decide_time"]),
            )
            for d in summary["disclosures"]
        ),
    )


# -- calls to the node (blocking; run through app.call) ----------------------------------------------


def list_reviews(cfg: OfficerConfig) -> list[dict]:
    channel, stub = officer_cli.officer_stub(cfg)
    with channel:
        return [officer_cli.review_summary(r, cfg.partner) for r in officer_cli.fetch_reviews(stub)]


def load_review(cfg: OfficerConfig, name: str) -> dict:
    """The summary, with the preview while the node gives one (it audits showing it)."""
    channel, stub = officer_cli.officer_stub(cfg)
    with channel:
        return officer_cli.review_summary(officer_cli.get_review(stub, name), cfg.partner)


# -- handlers ----------------------------------------------------------------------------------------


def _name(request: Request) -> str:
    """ "disclosures/<id>" of the path; 404 for anything that cannot be an id."""
    found = request.path_params["id"]
    if not _ID.fullmatch(found):
        raise HTTPException(404)
    return f"disclosures/{found}"


def pages(cfg: OfficerConfig) -> tuple[tuple[NavItem, ...], list[Route]]:
    """The navigation items and routes of these pages, for console/web/officer.py."""

    async def requests_page(request: Request) -> Response:
        summaries = await app.call(list_reviews, cfg)
        return app.render(
            request,
            "officer/review_list.html",
            partner=cfg.partner,
            queue=queue([review_view(s) for s in summaries]),
            **_helpers(),
        )

    async def review_page(request: Request) -> Response:
        return await _review(request, _name(request))

    async def _review(
        request: Request,
        name: str,
        errors: Mapping[str, str] | None = None,
        problem: str = "",
        filled: Decision | None = None,
    ) -> Response:
        summary = await app.call(load_review, cfg, name)
        status = 200 if not (errors or problem) else 409 if problem else 400
        return app.render(
            request,
            "officer/review_detail.html",
            status_code=status,
            review=review_view(summary),
            errors=errors or {},
            problem=problem,
            filled=filled or Decision(True, False),
            reasons=tuple((code, label("refusal", code)) for code in REFUSAL_REASONS),
            confirm=CONFIRM,
            **_helpers(),
        )

    def decide_handler(approve: bool):
        async def handler(request: Request) -> Response:
            name = _name(request)
            decision = decision_of(await request.form(), approve)
            errors = decision.errors()
            if errors:
                return await _review(request, name, errors, filled=decision)
            try:
                decided = await app.call(officer_cli.decide, cfg, name, approve, decision.reason)
            except grpc.RpcError as err:
                node_errors = app.field_errors(err)
                if node_errors:
                    errors = {f"{decision.form}.{k}": v for k, v in node_errors.items()}
                    return await _review(request, name, errors, filled=decision)
                if err.code() == grpc.StatusCode.FAILED_PRECONDITION:
                    problem = i18n.t("web.review.conflict", details=err.details() or "")
                    return await _review(request, name, problem=problem)
                raise
            view = review_view(officer_cli.review_summary(decided, cfg.partner))
            recipients = ", ".join(view.recipients)
            if approve:
                notice = i18n.t("web.review.approved", id=view.id, recipients=recipients)
            else:
                notice = i18n.t("web.review.refused", id=view.id, reason=view.reason, recipients=recipients)
            return app.redirect(f"{QUEUE}/{view.id}", notice=notice, request=request)

        return handler

    async def subject_page(request: Request) -> Response:
        form = SubjectForm()
        errors: dict[str, str] = {}
        result = None
        if request.method == "POST":
            form = SubjectForm.parse(await request.form())
            try:
                result = subject_result(await app.call(audit_cli.lookup_subject, cfg, form.request()))
            except grpc.RpcError as err:
                errors = subject_errors(app.field_errors(err))
                if not errors:
                    raise
        return app.render(
            request,
            "officer/review_subject.html",
            status_code=400 if errors else 200,
            form=form,
            errors=errors,
            result=result,
            **_helpers(),
        )

    nav = (NavItem(QUEUE, "web.review.nav.queue"), NavItem(SUBJECT, "web.review.nav.subject"))
    routes = [
        Route(QUEUE, requests_page),
        Route(QUEUE + "/{id}", review_page),
        Route(QUEUE + "/{id}/goedkeuren", decide_handler(True), methods=["POST"]),
        Route(QUEUE + "/{id}/weigeren", decide_handler(False), methods=["POST"]),
        Route(SUBJECT, subject_page, methods=["GET", "POST"]),
    ]
    return nav, routes


def count(n: int, noun: str) -> str:
    """ "1 signaal", "3 signalen" (noun: signal | request)."""
    return i18n.t(f"web.review.count.{noun}.{'one' if n == 1 else 'many'}", n=n)


def _helpers() -> dict:
    return {"state_label": lambda state: i18n.t(f"web.review.state.{state}"), "count": count, "queue_path": QUEUE}
