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
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

import grpc
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from signalmatch import i18n
from signalmatch.config import OfficerConfig
from signalmatch.console import audit as audit_cli
from signalmatch.console import officer as officer_cli
from signalmatch.console.messages import KIND_LABELS
from signalmatch.console.web import app
from signalmatch.console.web.app import NavItem
from signalmatch.console.web.labels import disclosed_rows, label, when_text
from signalmatch.protocol import DATA_CATEGORIES, REFUSAL_REASONS
from signalmatch.v1 import officer_pb2

QUEUE = "/verstrekking"
SUBJECT = "/inzage"
CONFIRM = "gecontroleerd"  # the confirmation checkbox of both decision forms
STATES = ("open", "approved", "auto_approved", "refused", "expired")  # as shown, in the queue's order
_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
_LIST_FIELD = re.compile(r"^(phones|emails)\[(\d+)\]$")


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
    texts = KIND_LABELS.get(kind)
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
        not_requested=tuple(label("category", c) for c in DATA_CATEGORIES if c not in summary["categories"]),
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


def decision_of(form: Mapping[str, object], approve: bool) -> Decision:
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
    def parse(cls, form: Mapping[str, object]) -> SubjectForm:
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

    def decide_handler(approve: bool) -> Callable[[Request], Awaitable[Response]]:
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
