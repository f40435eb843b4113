"""The partner staff's console: the signaalformulier, the partner's own signals with the table's
feedback (hits), withdrawal, and the node's status.

A gRPC client of the partner's own node (IntakeService at cfg.listen) with the operator
certificate, as the CLI (console/node.py). The node audits every view of a signal's personal data
in its own log ("signal.viewed", "signals.listed"). Deciding on disclosure requests is not here:
that is the partner's privacy officer's (the officer console, officer certificates only).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

import grpc
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from signalmatch import enums, i18n
from signalmatch.config import NodeConfig
from signalmatch.console import node as node_cli
from signalmatch.console.chair import KIND_LABELS
from signalmatch.console.web import app
from signalmatch.console.web.app import NavItem, RoleConsole
from signalmatch.console.web.labels import ZONE, when, when_text
from signalmatch.console.web.labels import label as code_label
from signalmatch.console.web.node_form import (
    LIMITS,
    Filled,
    field_id,
    fits,
    label,
    new_request_id,
    paths,
    required,
    role_choices,
    type_choices,
)
from signalmatch.errors import ValidationError, Violation
from signalmatch.node.signal import Signal, check_choices, from_proto, to_proto
from signalmatch.v1 import intake_pb2, intake_pb2_grpc, signal_pb2

PAGE_SIZE = 25

i18n.register(
    {
        "web.node.title": {"nl": "Console partnermedewerker", "en": "Partner staff console"},
        "web.node.who": {"nl": "medewerker {partner}", "en": "staff of {partner}"},
        "web.node.nav.signals": {"nl": "Eigen signalen", "en": "Own signals"},
        "web.node.nav.new": {"nl": "Nieuw signaal", "en": "New signal"},
        "web.node.nav.status": {"nl": "Status node", "en": "Node status"},
        # the form
        "web.node.form.title": {"nl": "Signaalformulier", "en": "Signal form"},
        "web.node.form.intro": {
            "nl": "Het signaal blijft bij {partner}. Naar de matcher gaan alleen sleutelcodes (pseudoniemen) van "
            "de identificerende gegevens, met gemeente, maand en vorm van uitbuiting. Velden met * zijn verplicht; "
            "lege regels worden overgeslagen.",
            "en": "The signal stays with {partner}. Only keyed codes (pseudonyms) of the identifying data go to the "
            "matcher, with municipality, month and form of exploitation. Fields marked * are required; empty rows "
            "are skipped.",
        },
        "web.node.form.summary": {
            "nl": "Het signaal is nog niet opgeslagen. Verbeter het volgende ({count}):",
            "en": "The signal has not been saved yet. Please correct the following ({count}):",
        },
        "web.node.form.save": {"nl": "Signaal opslaan", "en": "Save signal"},
        "web.node.form.cancel": {"nl": "Annuleren", "en": "Cancel"},
        "web.node.form.choose": {"nl": "— kies —", "en": "— choose —"},
        "web.node.form.more.persons": {"nl": "+ nog een persoon", "en": "+ another person"},
        "web.node.form.more.phones": {
            "nl": "+ meer telefoonnummers per persoon",
            "en": "+ more phone numbers per person",
        },
        "web.node.form.more.emails": {
            "nl": "+ meer e-mailadressen per persoon",
            "en": "+ more e-mail addresses per person",
        },
        "web.node.form.more.addresses": {"nl": "+ nog een adres", "en": "+ another address"},
        "web.node.form.more.vehicles": {"nl": "+ nog een kenteken", "en": "+ another number plate"},
        "web.node.form.more.companies": {"nl": "+ nog een bedrijf", "en": "+ another company"},
        "web.node.form.more.ibans": {"nl": "+ meer IBAN's per bedrijf", "en": "+ more IBANs per company"},
        "web.node.form.more.adverts": {"nl": "+ nog een advertentie", "en": "+ another advert"},
        "web.node.hint.external_id": {
            "nl": "Uw eigen zaaknummer; letters, cijfers en . _ / -",
            "en": "Your own case number; letters, digits and . _ / -",
        },
        "web.node.hint.date_of_birth": {"nl": "bijv. 12-04-1991", "en": "e.g. 12-04-1991"},
        "web.node.hint.phone": {"nl": "bijv. 06-12345678 of +48 ...", "en": "e.g. 06-12345678 or +48 ..."},
        "web.node.hint.explanation": {
            "nl": "Blijft bij {partner}; gaat nooit naar de matcher.",
            "en": "Stays with {partner}; never goes to the matcher.",
        },
        "web.node.external_id.taken": {
            "nl": "dit kenmerk is al gebruikt voor een ander signaal; kies een ander kenmerk",
            "en": "this reference is already used for another signal; choose another one",
        },
        "web.node.request.reused": {
            "nl": "Dit formulier is eerder verzonden met andere gegevens. Controleer de gegevens en sla opnieuw op: "
            "dan wordt het een nieuw signaal.",
            "en": "This form was sent before with other data. Check the data and save again: it then becomes a "
            "new signal.",
        },
        "web.node.created": {
            "nl": "Signaal {external_id} is opgeslagen en staat klaar voor de matcher.",
            "en": "Signal {external_id} is saved and queued for the matcher.",
        },
        "web.node.created.again": {
            "nl": "Dit formulier was al verzonden; er is geen tweede signaal gemaakt.",
            "en": "This form had been sent already; no second signal was made.",
        },
        # own signals
        "web.node.signals.title": {"nl": "Eigen signalen", "en": "Own signals"},
        "web.node.signals.summary": {
            "nl": "{signals} signalen bij {partner} · {pending} nog te verzenden naar de matcher",
            "en": "{signals} signals at {partner} · {pending} still to be sent to the matcher",
        },
        "web.node.signals.none": {"nl": "Er zijn nog geen signalen.", "en": "There are no signals yet."},
        "web.node.signals.refused": {
            "nl": "{count} signalen zijn geweigerd door de matcher en wachten op verbetering.",
            "en": "{count} signals were refused by the matcher and wait for a correction.",
        },
        "web.node.signals.show_refused": {"nl": "Toon alleen geweigerde signalen", "en": "Show refused signals only"},
        "web.node.signals.show_all": {"nl": "Toon alle signalen", "en": "Show all signals"},
        "web.node.refusal.title": {"nl": "Geweigerd door de matcher", "en": "Refused by the matcher"},
        "web.node.refusal.explain": {
            "nl": "De matcher heeft dit signaal niet opgenomen ({time}). Het blijft veilig bij {partner}, maar telt "
            "pas mee als u het verbetert en opnieuw indient. Reden:",
            "en": "The matcher did not take this signal in ({time}). It stays safely at {partner}, but only counts "
            "once you correct and resubmit it. Reason:",
        },
        "web.node.refusal.correct": {"nl": "Verbeteren en opnieuw indienen", "en": "Correct and resubmit"},
        "web.node.refusal.as_is": {"nl": "Ongewijzigd opnieuw indienen", "en": "Resubmit unchanged"},
        "web.node.refusal.too_big": {
            "nl": "Dit signaal heeft meer regels dan het formulier toont; verbeter het met "
            "signalmatch node resubmit --file.",
            "en": "This signal has more rows than the form shows; correct it with signalmatch node resubmit --file.",
        },
        "web.node.correct.title": {"nl": "Signaal {external_id} verbeteren", "en": "Correct signal {external_id}"},
        "web.node.correct.intro": {
            "nl": "De matcher weigerde dit signaal; de redenen staan bij de velden. Verbeter ze en dien het "
            "signaal opnieuw in (het houdt zijn referentie).",
            "en": "The matcher refused this signal; the reasons are shown at the fields. Correct them and resubmit "
            "the signal (it keeps its reference).",
        },
        "web.node.correct.save": {"nl": "Opnieuw indienen", "en": "Resubmit"},
        "web.node.resubmitted": {
            "nl": "Signaal {external_id} is verbeterd en staat opnieuw klaar voor de matcher.",
            "en": "Signal {external_id} was corrected and is queued for the matcher again.",
        },
        "web.node.signals.new": {"nl": "Nieuw signaal invoeren", "en": "Enter a new signal"},
        "web.node.signals.next": {"nl": "Oudere signalen →", "en": "Older signals →"},
        "web.node.signals.first": {"nl": "← Nieuwste signalen", "en": "← Newest signals"},
        "web.node.signals.officer": {
            "nl": "Verzoeken van de tafel om informatie te delen beoordeelt de functionaris gegevensbescherming "
            "van {partner}, in de FG-console; niet hier.",
            "en": "Requests from the table to share information are decided by the data protection officer of "
            "{partner}, in the officer console; not here.",
        },
        "web.node.col.external_id": {"nl": "Kenmerk", "en": "Reference"},
        "web.node.col.observed": {"nl": "Waargenomen", "en": "Observed"},
        "web.node.col.types": {"nl": "Vorm van uitbuiting", "en": "Form of exploitation"},
        "web.node.col.content": {"nl": "Inhoud", "en": "Content"},
        "web.node.col.state": {"nl": "Status", "en": "State"},
        "web.node.col.hits": {"nl": "Terugkoppeling tafel", "en": "Feedback from the table"},
        "web.node.col.created": {"nl": "Ingevoerd", "en": "Entered"},
        "web.node.n.persons.one": {"nl": "{n} persoon", "en": "{n} person"},
        "web.node.n.persons.many": {"nl": "{n} personen", "en": "{n} persons"},
        "web.node.n.addresses.one": {"nl": "{n} adres", "en": "{n} address"},
        "web.node.n.addresses.many": {"nl": "{n} adressen", "en": "{n} addresses"},
        "web.node.n.companies.one": {"nl": "{n} bedrijf", "en": "{n} company"},
        "web.node.n.companies.many": {"nl": "{n} bedrijven", "en": "{n} companies"},
        "web.node.n.vehicles.one": {"nl": "{n} voertuig", "en": "{n} vehicle"},
        "web.node.n.vehicles.many": {"nl": "{n} voertuigen", "en": "{n} vehicles"},
        "web.node.n.adverts.one": {"nl": "{n} advertentie", "en": "{n} advert"},
        "web.node.n.adverts.many": {"nl": "{n} advertenties", "en": "{n} adverts"},
        "web.node.hits.none": {"nl": "geen hit", "en": "no hit"},
        "web.node.hit.name": {"nl": "Hit {id}", "en": "Hit {id}"},
        "web.node.hit.referred": {"nl": "doorgeleid naar {target}", "en": "referred to {target}"},
        # one signal
        "web.node.signal.title": {"nl": "Signaal {external_id}", "en": "Signal {external_id}"},
        "web.node.signal.withdrawn_title": {"nl": "Ingetrokken signaal", "en": "Withdrawn signal"},
        "web.node.signal.withdrawn": {
            "nl": "Dit signaal is ingetrokken. De gegevens zijn bij {partner} verwijderd en bij de matcher "
            "en uit de hits gehaald.",
            "en": "This signal was withdrawn. Its data were deleted at {partner} and removed from the matcher "
            "and from the hits.",
        },
        "web.node.signal.not_found": {
            "nl": "Dit signaal bestaat niet bij {partner}.",
            "en": "This signal does not exist at {partner}.",
        },
        "web.node.signal.ref": {"nl": "Referentie (node)", "en": "Reference (node)"},
        "web.node.signal.hits": {"nl": "Terugkoppeling van de tafel", "en": "Feedback from the table"},
        "web.node.signal.hits.none": {
            "nl": "Geen hit: de matcher heeft (nog) geen overeenkomst met signalen van andere partners gevonden.",
            "en": "No hit: the matcher has not found an overlap with other partners' signals (yet).",
        },
        "web.node.signal.hits.some": {
            "nl": "Dit signaal zit in {count} hit(s): de matcher vond een overeenkomst met signalen van andere "
            "partners. De voorzitter van de tafel beoordeelt de hit en kan om informatie vragen.",
            "en": "This signal is in {count} hit(s): the matcher found an overlap with other partners' signals. "
            "The table's chair reviews the hit and may ask for information.",
        },
        "web.node.signal.hits.polled": {
            "nl": "Stand zoals de node die het laatst van de tafel ontving.",
            "en": "As the node last received it from the table.",
        },
        "web.node.col.hit": {"nl": "Hit", "en": "Hit"},
        "web.node.col.hit_status": {"nl": "Stand bij de tafel", "en": "State at the table"},
        "web.node.col.shared": {"nl": "Overeenkomst op", "en": "Overlap on"},
        "web.node.col.partners": {"nl": "Partners in de hit", "en": "Partners in the hit"},
        "web.node.col.updated": {"nl": "Bijgewerkt", "en": "Updated"},
        "web.node.hit.explain.nieuw": {
            "nl": "Nog niet beoordeeld door de voorzitter.",
            "en": "Not yet reviewed by the chair.",
        },
        "web.node.hit.explain.in_behandeling": {
            "nl": "De voorzitter beoordeelt de hit.",
            "en": "The chair is reviewing the hit.",
        },
        "web.node.hit.explain.info_opgevraagd": {
            "nl": "De tafel heeft partners om informatie gevraagd.",
            "en": "The table has asked partners for information.",
        },
        "web.node.hit.explain.besproken": {"nl": "Besproken aan de tafel.", "en": "Discussed at the table."},
        "web.node.hit.explain.doorgeleid": {
            "nl": "De tafel heeft de zaak doorgeleid.",
            "en": "The table has referred the case.",
        },
        "web.node.hit.explain.afgesloten": {
            "nl": "De tafel heeft de hit afgesloten.",
            "en": "The table has closed the hit.",
        },
        "web.node.signal.audited": {
            "nl": "Het inzien van dit signaal is vastgelegd in het logboek van de node.",
            "en": "Viewing this signal has been recorded in the node's log.",
        },
        "web.node.signal.empty": {"nl": "niet ingevuld", "en": "not filled in"},
        "web.node.withdraw.title": {"nl": "Signaal intrekken", "en": "Withdraw signal"},
        "web.node.withdraw.explain": {
            "nl": "Intrekken verwijdert de gegevens van dit signaal bij {partner} en haalt het weg bij de matcher "
            "en uit de hits. Dit kan niet ongedaan worden gemaakt.",
            "en": "Withdrawing deletes this signal's data at {partner} and removes it from the matcher and from "
            "the hits. This cannot be undone.",
        },
        "web.node.withdraw.start": {"nl": "Signaal intrekken…", "en": "Withdraw signal…"},
        "web.node.withdraw.confirm_title": {
            "nl": "Signaal {external_id} intrekken?",
            "en": "Withdraw signal {external_id}?",
        },
        "web.node.withdraw.confirm": {"nl": "Ja, signaal intrekken", "en": "Yes, withdraw the signal"},
        "web.node.withdraw.cancel": {"nl": "Nee, terug naar het signaal", "en": "No, back to the signal"},
        "web.node.withdraw.done": {"nl": "Het signaal is ingetrokken.", "en": "The signal has been withdrawn."},
        # status
        "web.node.status.title": {"nl": "Status van de node", "en": "Node status"},
        "web.node.status.signals": {"nl": "Signalen opgeslagen", "en": "Signals stored"},
        "web.node.status.pending": {"nl": "Nog te verzenden", "en": "Still to be sent"},
        "web.node.status.acked": {
            "nl": "Batches bevestigd door de matcher",
            "en": "Batches acknowledged by the matcher",
        },
        "web.node.status.rejected": {"nl": "Geparkeerde bewerkingen", "en": "Parked operations"},
        "web.node.status.rejected.explain": {
            "nl": "Bewerkingen in batches die de matcher definitief weigerde. Ze worden niet opnieuw verstuurd; "
            "meld dit aan de beheerder van de node.",
            "en": "Operations in batches the matcher refused for good. They are not resent; tell the node's "
            "administrator.",
        },
        "web.node.status.refused": {"nl": "Geweigerd door de matcher", "en": "Refused by the matcher"},
        "web.node.status.refused.explain": {
            "nl": "Signalen die de matcher weigerde. Verbeter ze en dien ze opnieuw in.",
            "en": "Signals the matcher refused. Correct and resubmit them.",
        },
        "web.node.status.ok": {"nl": "Verbinding met de matcher in orde", "en": "Connection to the matcher is fine"},
        "web.node.status.ok.explain": {
            "nl": "De node heeft geen fout gemeld bij het verzenden.",
            "en": "The node reported no error while sending.",
        },
        "web.node.status.bad": {"nl": "Probleem richting de matcher", "en": "Problem towards the matcher"},
        "web.node.status.bad.explain": {
            "nl": "Laatste fout die de node meldde (signalen blijven veilig bewaard en worden later verzonden):",
            "en": "Last error the node reported (signals stay safely stored and are sent later):",
        },
    }
)


@dataclass(frozen=True)
class SignalView:
    """One of the partner's signals as the node returns it, for the pages."""

    ref: str
    state: str  # "pending" | "submitted" | "withdrawn" | "refused"
    created: str  # local date and time
    feedback: tuple[node_cli.HitFeedback, ...]  # the hits it is in and where the table's review stands
    signal: Signal | None  # None once withdrawn
    refusal: tuple[Violation, ...] = ()  # why the matcher refused it (state refused)
    refused: str = ""  # when, local date and time

    @classmethod
    def of(cls, msg: signal_pb2.Signal) -> SignalView:
        state = enums.short(signal_pb2.SignalState, msg.state)
        return cls(
            ref=msg.name.removeprefix("signals/"),
            state=state,
            created=when(msg.create_time),
            feedback=node_cli.feedback_of(msg),
            signal=None if state == "withdrawn" else from_proto(msg),
            refusal=tuple(node_cli.refusal_of(msg)),
            refused=when(msg.refusal.refuse_time),
        )

    def refusal_lines(self) -> list[tuple[str, str]]:
        """(the field's name on the form, or "", the reason) for each rule the matcher named."""
        return [(label(v.field), v.description or v.rule) for v in self.refusal]

    @property
    def external_id(self) -> str:
        return self.signal.external_id if self.signal else ""

    def content(self) -> list[str]:
        """What the signal holds, counted: ["1 persoon", "2 voertuigen"]."""
        if self.signal is None:
            return []
        counts = [
            (part, len(getattr(self.signal, part)))
            for part in ("persons", "addresses", "companies", "vehicles", "adverts")
        ]
        return [i18n.t(f"web.node.n.{part}.{'one' if n == 1 else 'many'}", n=n) for part, n in counts if n]


def hit_status(feedback: node_cli.HitFeedback) -> str:
    """The status of a hit in words: "in behandeling", "doorgeleid naar politie"."""
    if feedback.status == "doorgeleid" and feedback.referred_to:
        return i18n.t("web.node.hit.referred", target=code_label("target", feedback.referred_to))
    return code_label("status", feedback.status)


def hit_id(feedback: node_cli.HitFeedback) -> str:
    """ "hits/12" -> "Hit 12", as the chair's console names it."""
    return i18n.t("web.node.hit.name", id=feedback.hit.removeprefix("hits/"))


def shared_kinds(feedback: node_cli.HitFeedback) -> str:
    """What the hit's signals share, in words: "BSN, telefoon"."""
    return ", ".join(KIND_LABELS.get(k, {}).get(i18n.language(), k) for k in feedback.kinds)


def local_date(text: str) -> str:
    """An ISO date as people here write it (2026-03-14 -> 14-03-2026); anything else unchanged."""
    try:
        return date.fromisoformat(text).strftime("%d-%m-%Y") if len(text) == 10 else text
    except ValueError:
        return text


class Pages:
    def __init__(self, cfg: NodeConfig, stub: intake_pb2_grpc.IntakeServiceStub):
        self.cfg = cfg
        self.stub = stub

    # -- gRPC, blocking (run through app.call) ---------------------------------------------------

    def _get(self, ref: str) -> SignalView:
        request = intake_pb2.GetSignalRequest(name=node_cli.signal_name(ref))
        return SignalView.of(self.stub.GetSignal(request, timeout=10).signal)

    def _list(self, token: str, state: str = "") -> tuple[list[SignalView], str, node_cli.NodeStatus]:
        page, next_token = node_cli.signals_page(self.stub, PAGE_SIZE, token, state)
        return [SignalView.of(s) for s in page], next_token, node_cli.fetch_status(self.stub)

    def _resubmit(self, ref: str, signal: Signal | None) -> signal_pb2.Signal:
        return node_cli.resubmit(self.stub, ref, to_proto(signal) if signal is not None else None)

    def _create(self, filled: Filled, signal: Signal) -> intake_pb2.CreateSignalResponse:
        request = intake_pb2.CreateSignalRequest(request_id=filled.request_id, signal=to_proto(signal))
        return self.stub.CreateSignal(request, timeout=15)

    # -- pages -----------------------------------------------------------------------------------

    async def signals(self, request: Request) -> Response:
        token = request.query_params.get("na", "")
        refused_only = request.query_params.get("status") == "geweigerd"
        rows, next_token, status = await app.call(self._list, token, "refused" if refused_only else "")
        return app.render(
            request,
            "node/signals.html",
            rows=rows,
            next_token=next_token,
            first=not token,
            status=status,
            refused_only=refused_only,
            local_date=local_date,
            **self._labels(),
        )

    async def new(self, request: Request) -> Response:
        return self._form(request, Filled.empty())

    async def create(self, request: Request) -> Response:
        form = await request.form()
        filled = Filled.from_form([(k, v) for k, v in form.multi_items() if isinstance(v, str)])
        if form.get("meer"):
            return self._form(request, replace(filled, rows=filled.rows.more(str(form["meer"]))))
        signal = filled.to_signal()
        errors = filled.errors(required(signal))
        if not errors:
            try:
                check_choices(signal)  # what to_proto needs; a forged choice is a field error
                response = await app.call(self._create, filled, signal)
            except ValidationError as exc:
                errors = filled.errors({v.field: v.description for v in exc.violations})
            except grpc.RpcError as err:
                errors, filled = self._refused(err, filled)
            else:
                view = SignalView.of(response.signal)
                notice = (
                    i18n.t("web.node.created", external_id=view.external_id)
                    if response.created
                    else i18n.t("web.node.created.again")
                )
                return app.redirect(f"/signalen/{view.ref}", notice=notice, request=request)
        return self._form(request, filled, errors, status_code=400)

    @staticmethod
    def _refused(err: grpc.RpcError, filled: Filled) -> tuple[dict[str, str], Filled]:
        """The form's errors for a refused CreateSignal; other failures are raised (error page)."""
        code = err.code() if hasattr(err, "code") else None
        if code == grpc.StatusCode.INVALID_ARGUMENT:
            return filled.errors(app.field_errors(err) or {"": err.details() or ""}), filled
        if code == grpc.StatusCode.ALREADY_EXISTS:
            return {"external_id": i18n.t("web.node.external_id.taken")}, filled
        if code == grpc.StatusCode.FAILED_PRECONDITION:  # the request id came back with other content
            return {"": i18n.t("web.node.request.reused")}, replace(filled, request_id=new_request_id())
        raise err

    async def correct(self, request: Request) -> Response:
        """GET: the form filled in with a refused signal, the matcher's reasons at the fields."""
        ref = request.path_params["ref"]
        view = await self._view(request, ref)
        if isinstance(view, Response):
            return view
        if view.state != "refused" or view.signal is None:
            return app.redirect(f"/signalen/{ref}")
        if not fits(view.signal):
            return app.error_page(request, 400, i18n.t("web.node.refusal.too_big"))
        filled = Filled.from_signal(view.signal)
        errors = filled.errors({v.field: v.description or v.rule for v in view.refusal})
        return self._form(request, filled, errors, correcting=view)

    async def resubmit(self, request: Request) -> Response:
        """POST: the corrected form (or, with ongewijzigd=ja, the stored signal) goes to the node again."""
        ref = request.path_params["ref"]
        form = await request.form()
        view = await self._view(request, ref)
        if isinstance(view, Response):
            return view
        if view.state != "refused" or view.signal is None:
            return app.redirect(f"/signalen/{ref}")
        as_is = form.get("ongewijzigd") == "ja"
        if as_is:
            filled, signal = Filled.from_signal(view.signal), None
        else:
            filled = Filled.from_form([(k, v) for k, v in form.multi_items() if isinstance(v, str)])
            if form.get("meer"):
                return self._form(request, replace(filled, rows=filled.rows.more(str(form["meer"]))), correcting=view)
            signal = filled.to_signal()
        errors = filled.errors(required(signal)) if signal is not None else {}
        if not errors:
            try:
                if signal is not None:
                    check_choices(signal)
                resubmitted = await app.call(self._resubmit, ref, signal)
            except ValidationError as exc:
                errors = filled.errors({v.field: v.description for v in exc.violations})
            except grpc.RpcError as err:
                if hasattr(err, "code") and err.code() == grpc.StatusCode.FAILED_PRECONDITION:
                    return app.redirect(f"/signalen/{ref}")  # not refused (any more): nothing to correct
                errors, filled = self._refused(err, filled)
            else:
                notice = i18n.t("web.node.resubmitted", external_id=from_proto(resubmitted).external_id)
                return app.redirect(f"/signalen/{ref}", notice=notice, request=request)
        return self._form(request, filled, errors, status_code=400, correcting=view)

    def _form(
        self,
        request: Request,
        filled: Filled,
        errors: dict[str, str] | None = None,
        status_code: int = 200,
        correcting: SignalView | None = None,
    ):
        errors = errors or {}
        order = {path: i for i, path in enumerate(["", *paths(filled.rows)])}
        summary = [
            (field_id(path), label(path), message)
            for path, message in sorted(errors.items(), key=lambda item: order.get(item[0], len(order)))
        ]
        return app.render(
            request,
            "node/form.html",
            status_code=status_code,
            filled=filled,
            rows=filled.rows,
            errors=errors,
            summary=summary,
            limits=LIMITS,
            municipalities=[(m, m) for m in self.cfg.policy.municipalities],
            roles=role_choices(),
            types=type_choices(),
            field_id=field_id,
            today=datetime.now(ZONE).date().isoformat(),
            correcting=correcting,
        )

    async def signal(self, request: Request) -> Response:
        ref = request.path_params["ref"]
        view = await self._view(request, ref)
        if isinstance(view, Response):
            return view
        return app.render(request, "node/signal.html", view=view, local_date=local_date, **self._labels())

    async def withdraw(self, request: Request) -> Response:
        ref = request.path_params["ref"]
        form = await request.form()
        if form.get("bevestigd") == "ja" and ref.isalnum():
            await app.call(node_cli.withdraw, self.stub, ref)
            return app.redirect(f"/signalen/{ref}", notice=i18n.t("web.node.withdraw.done"), request=request)
        view = await self._view(request, ref)
        if isinstance(view, Response):
            return view
        if view.signal is None:  # withdrawn already
            return app.redirect(f"/signalen/{ref}")
        return app.render(request, "node/withdraw.html", view=view, local_date=local_date, **self._labels())

    async def _view(self, request: Request, ref: str) -> SignalView | Response:
        """The signal `ref` (the node audits the view), or the not-found page."""
        try:
            if ref.isalnum():
                return await app.call(self._get, ref)
        except grpc.RpcError as err:
            if not hasattr(err, "code") or err.code() != grpc.StatusCode.NOT_FOUND:
                raise
        return app.error_page(request, 404, i18n.t("web.node.signal.not_found", partner=self.cfg.partner))

    async def status(self, request: Request) -> Response:
        status = await app.call(node_cli.fetch_status, self.stub)
        return app.render(request, "node/status.html", status=status)

    @staticmethod
    def _labels() -> dict:
        return {
            "roles": dict(role_choices()),
            "types": dict(type_choices()),
            "hit_status": hit_status,
            "hit_id": hit_id,
            "shared_kinds": shared_kinds,
            "when_text": when_text,
        }


def build(cfg: NodeConfig) -> RoleConsole:
    _, stub = node_cli.intake_stub(cfg)  # the channel lives as long as the console
    pages = Pages(cfg, stub)
    return RoleConsole(
        role="node",
        title="web.node.title",
        who="web.node.who",
        who_args={"partner": cfg.partner},
        home="/signalen",
        nav=(
            NavItem("/signalen", "web.node.nav.signals"),
            NavItem("/signalen/nieuw", "web.node.nav.new"),
            NavItem("/status", "web.node.nav.status"),
        ),
        routes=[
            Route("/signalen", pages.signals),
            Route("/signalen/nieuw", pages.new),
            Route("/signalen/nieuw", pages.create, methods=["POST"]),
            Route("/signalen/{ref}", pages.signal),
            Route("/signalen/{ref}/intrekken", pages.withdraw, methods=["POST"]),
            Route("/signalen/{ref}/verbeteren", pages.correct),
            Route("/signalen/{ref}/verbeteren", pages.resubmit, methods=["POST"]),
            Route("/status", pages.status),
        ],
        service="web.service.node",
        context={"partner": cfg.partner, "state_label": lambda state: code_label("signal_state", state)},
    )
