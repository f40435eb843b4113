"""The chair's web console: hits, evidence, the status workflow, "informatie opvragen" and the
disclosed details — decrypted here, with the chair's own key, never at the matcher.

It is a gRPC client of the matcher's HitService and DisclosureService with the chair's certificate
(the same calls as the CLI in console/chair.py, whose functions it reuses). Every page view that
shows personal data is audited at the matcher: opening a disclosure is recorded there
(RecordDisclosureOpened) each time the hit page shows it.

Pages:
- /hits: filters (status, exploitation type, municipality, partner, period of update or creation),
  counts per status and a table of hits. The matcher filters, counts and pages: one ListHits call
  per view fetches just the page shown (skip jumps to page n), with status_counts for the cards.
- /hits/{id}: the signals' metadata, the evidence as a graph and a table (exact vs "lijkt op"), the
  information requests with their answers and decrypted details, the request form and the status
  workflow with the outcome (doorgeleid naar ... / afgesloten with a reason code).
- /verzoeken: every information request with the state of its answers.
"""

from __future__ import annotations

import re
import uuid
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlencode

import grpc
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from signalmatch import crypto, enums, i18n, transport
from signalmatch.config import ChairConfig
from signalmatch.console import chair as chair_cli
from signalmatch.console.web import app
from signalmatch.console.web.app import NavItem, RoleConsole
from signalmatch.console.web.graph import Graph, GraphLink, GraphSignal, layout, partner_colours
from signalmatch.console.web.labels import disclosed_rows, label, when, when_text
from signalmatch.errors import ValidationError
from signalmatch.node import disclosure
from signalmatch.protocol import CLOSURE_REASONS, DATA_CATEGORIES, REVIEW_CONFIRM_REASONS, REVIEW_REJECT_REASONS
from signalmatch.v1 import common_pb2, disclosure_pb2, disclosure_pb2_grpc, hits_pb2, hits_pb2_grpc
from signalmatch.workflow import DISCUSSED, REFERRAL_TARGETS, STATUSES, allowed_targets

PAGE_SIZE = 25  # hits per page of the overview
MAX_PAGE = 99_999
_MONTH = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])")
PERIOD_ON = ("bijgewerkt", "aangemaakt")  # filter the period on update_time or create_time


def hit_id(name: str) -> str:
    return name.removeprefix("hits/")


def hit_name(request: Request) -> str:
    """ "hits/<id>" of the page's path; 404 for anything that cannot be a hit's id."""
    return f"hits/{app.path_number(request, 'id')}"


def exact_labels(kinds: Sequence[int]) -> tuple[str, ...]:
    return tuple(chair_cli.kind_label(k) for k in kinds)


def similar_labels(links: Sequence[hits_pb2.HitLink]) -> tuple[str, ...]:
    """One "lijkt op: persoon 0,91" per kind of similarity evidence (best score per kind)."""
    return tuple(chair_cli.similar_label([e]) for e in chair_cli.similar_evidence(links))


# -- the hits overview ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class HitFilters:
    """The overview's filters, as in the query string (none of them personal data)."""

    status: str = ""
    exploitation: str = ""
    municipality: str = ""
    partner: str = ""
    month_from: str = ""
    month_to: str = ""
    period_on: str = PERIOD_ON[0]
    page: int = 1

    _PARAMS = (
        ("status", "status"),
        ("exploitation", "uitbuiting"),
        ("municipality", "gemeente"),
        ("partner", "partner"),
        ("month_from", "van"),
        ("month_to", "tot"),
        ("period_on", "op"),
    )

    def query(self, **changes: Any) -> str:
        """The query string of these filters with `changes` (page 1 unless a page is given)."""
        changed = replace(self, **{"page": 1, **changes})
        params = [(param, getattr(changed, attr)) for attr, param in self._PARAMS]
        params = [(p, v) for p, v in params if v and not (p == "op" and v == PERIOD_ON[0])]
        if changed.page > 1:
            params.append(("pagina", str(changed.page)))
        return "?" + urlencode(params) if params else ""

    @property
    def active(self) -> bool:
        return any(getattr(self, attr) for attr, _ in self._PARAMS[:6])

    def request(self) -> hits_pb2.ListHitsRequest:
        """The ListHits call for this page: the matcher filters (months in Dutch time), counts and pages."""
        request = hits_pb2.ListHitsRequest(
            page_size=PAGE_SIZE,
            skip=(self.page - 1) * PAGE_SIZE,
            status=enums.number(common_pb2.HitStatus, self.status),
            exploitation_type=enums.number(common_pb2.ExploitationType, self.exploitation),
            municipality=self.municipality,
            partner=self.partner,
        )
        period = chair_cli.time_period(self.month_from, self.month_to, ("month_from", "month_to"))
        return chair_cli.with_period(request, period, "created" if self.period_on == "aangemaakt" else "updated")


def parse_filters(params: Mapping[str, str], cfg: ChairConfig) -> tuple[HitFilters, dict[str, str]]:
    """Filters from a query string; a value that is not on its list is dropped with an error."""
    choices = {
        "status": STATUSES,
        "exploitation": enums.choices(common_pb2.ExploitationType),
        "municipality": cfg.policy.municipalities,
        "partner": tuple(cfg.partners),
        "period_on": PERIOD_ON,
    }
    values: dict[str, str] = {}
    errors: dict[str, str] = {}
    for attr, param in HitFilters._PARAMS:
        value = params.get(param, "").strip()
        if not value:
            continue
        if attr in ("month_from", "month_to"):
            if not _MONTH.fullmatch(value):
                errors[attr] = i18n.t("web.chair.filter.month")
                continue
        elif value not in choices[attr]:
            errors[attr] = i18n.t("web.chair.filter.unknown")
            continue
        values[attr] = value
    if values.get("month_from") and values.get("month_to") and values["month_from"] > values["month_to"]:
        errors["month_to"] = i18n.t("web.chair.filter.order")
        del values["month_to"]
    return HitFilters(**values, page=app.whole_number(params.get("pagina", ""), 1, MAX_PAGE)), errors


@dataclass(frozen=True)
class HitRow:
    id: str
    status: str
    referred_to: str
    partners: tuple[str, ...]
    signals: int
    exact: tuple[str, ...]
    similar: tuple[str, ...]
    exploitation: tuple[str, ...]
    municipalities: tuple[str, ...]
    updated: str


def hit_row(hit: hits_pb2.Hit) -> HitRow:
    summary = chair_cli.hit_summary(hit)
    return HitRow(
        id=hit_id(hit.name),
        status=summary["status"],
        referred_to=summary["referred_to"],
        partners=tuple(summary["partners"]),
        signals=len(hit.signals),
        exact=exact_labels(hit.identifier_kinds),
        similar=similar_labels(hit.links),
        exploitation=tuple(label("exploitation", e) for e in summary["exploitation_types"]),
        municipalities=tuple(summary["municipalities"]),
        updated=when(hit.update_time),
    )


@dataclass(frozen=True)
class Overview:
    rows: tuple[HitRow, ...]
    counts: dict[str, int]  # per status, within every filter but the status
    total: int  # matching every filter
    page: int
    pages: int


def page_count(total: int) -> int:
    return max(1, -(-total // PAGE_SIZE))


def overview(response: hits_pb2.ListHitsResponse, page: int) -> Overview:
    """Page `page` of the overview as the matcher sent it: its hits, the total and the counts per
    status (under every filter but the status)."""
    counts = {enums.short(common_pb2.HitStatus, c.status): c.count for c in response.status_counts}
    return Overview(
        rows=tuple(hit_row(h) for h in response.hits),
        counts={s: counts.get(s, 0) for s in STATUSES},
        total=response.total_size,
        page=page,
        pages=page_count(response.total_size),
    )


# -- the hit page ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SignalView:
    ref: str
    partner: str
    colour: str
    exploitation: tuple[str, ...]
    municipality: str
    month: str
    roles: tuple[str, ...]
    received: str


@dataclass(frozen=True)
class LinkView:
    a: str
    a_partner: str
    b: str
    b_partner: str
    exact: tuple[str, ...]
    similar: tuple[str, ...]


@dataclass(frozen=True)
class Evidence:
    hit: str  # id
    graph: Graph
    links: tuple[LinkView, ...]
    signals: tuple[SignalView, ...]


def short_ref(ref: str) -> str:
    return ref if len(ref) <= 10 else ref[:8] + "…"


def evidence_view(hit: hits_pb2.Hit) -> Evidence:
    """The signals and links of a hit for the graph and the tables (exact apart from "lijkt op")."""
    colours = partner_colours(list(hit.partners) + [s.partner for s in hit.signals])
    partner_of = {s.signal_ref: s.partner for s in hit.signals}
    links = tuple(
        LinkView(
            a=link.signal_ref_a,
            a_partner=partner_of.get(link.signal_ref_a, ""),
            b=link.signal_ref_b,
            b_partner=partner_of.get(link.signal_ref_b, ""),
            exact=exact_labels(link.kinds),
            similar=similar_labels([link]),
        )
        for link in hit.links
    )
    graph = layout(
        [GraphSignal(ref=s.signal_ref, partner=s.partner, label=short_ref(s.signal_ref)) for s in hit.signals],
        [GraphLink(a=v.a, b=v.b, exact=", ".join(v.exact), similar="; ".join(v.similar)) for v in links],
    )
    signals = tuple(
        SignalView(
            ref=s.signal_ref,
            partner=s.partner,
            colour=colours[s.partner],
            exploitation=tuple(
                label("exploitation", enums.short(common_pb2.ExploitationType, e))
                for e in s.metadata.exploitation_types
            ),
            municipality=s.metadata.municipality,
            month=s.metadata.month,
            roles=tuple(label("role", enums.short(common_pb2.SubjectRole, r)) for r in s.metadata.subject_roles),
            received=when(s.receive_time),
        )
        for s in sorted(hit.signals, key=lambda s: (s.partner, s.signal_ref))
    )
    return Evidence(hit=hit_id(hit.name), graph=graph, links=links, signals=signals)


@dataclass(frozen=True)
class StatusChoices:
    """What the status workflow offers for a hit in its current status."""

    moves: tuple[str, ...]  # plain status changes (buttons)
    reopen: bool  # in_behandeling among the moves is a step back
    refer: bool  # "doorgeleid naar ..." allowed
    close: bool  # "afgesloten" with a reason allowed
    targets: tuple[str, ...] = REFERRAL_TARGETS
    reasons: tuple[str, ...] = CLOSURE_REASONS


def status_choices(current: str) -> StatusChoices:
    allowed = allowed_targets(current)
    return StatusChoices(
        moves=tuple(s for s in allowed if s not in ("doorgeleid", "afgesloten")),
        reopen=current in DISCUSSED,
        refer="doorgeleid" in allowed,
        close="afgesloten" in allowed,
    )


@dataclass(frozen=True)
class DisclosedSignal:
    ref: str
    rows: tuple[tuple[str, str], ...]  # (label, value)


@dataclass(frozen=True)
class AnswerView:
    partner: str
    state: str
    reason: str
    decided: str
    error: str
    signals: tuple[DisclosedSignal, ...]
    opened: bool


@dataclass(frozen=True)
class DisclosureView:
    id: str
    hit: str  # id
    categories: tuple[str, ...]
    purpose: str
    legal_basis: str
    asked: str
    expires: str
    answers: tuple[AnswerView, ...]


def disclosure_view(summary: Mapping) -> DisclosureView:
    """A disclosure summary of console/chair.py (opened or not) for the pages."""
    answers = []
    for a in summary["answers"]:
        answers.append(
            AnswerView(
                partner=a["partner"],
                state=a["state"],
                reason=label("refusal", a["reason"]),
                decided=when_text(a["decide_time"]),
                error=a.get("error", ""),
                signals=tuple(
                    DisclosedSignal(s["signal_ref"], disclosed_rows(s["fields"])) for s in a.get("signals", ())
                ),
                opened="signals" in a,
            )
        )
    return DisclosureView(
        id=summary["name"].removeprefix("disclosures/"),
        hit=hit_id(summary["hit"]),
        categories=tuple(label("category", c) for c in summary["categories"]),
        purpose=summary["purpose"],
        legal_basis=summary["legal_basis"],
        asked=when_text(summary["create_time"]),
        expires=when_text(summary["expire_time"]),
        answers=tuple(answers),
    )


@dataclass(frozen=True)
class RequestForm:
    """The "informatie opvragen" form as filled in (or its defaults)."""

    partners: tuple[str, ...]
    categories: tuple[str, ...]
    purpose: str
    legal_basis: str
    request_id: str  # made when the form is rendered: submitting it twice asks once


def fresh_request_form(hit: hits_pb2.Hit) -> RequestForm:
    return RequestForm(
        partners=tuple(hit.partners), categories=(), purpose="", legal_basis="", request_id=uuid.uuid4().hex
    )


def check_request_form(form: RequestForm, cfg: ChairConfig) -> dict[str, str]:
    """What the matcher would accept but the chair cannot mean: no partners ticked means "ask
    everyone" to the matcher. Plus the required choices, so that all problems show at once."""
    errors: dict[str, str] = {}
    if not form.partners:
        errors["partners"] = i18n.t("web.chair.request.partners_required")
    try:
        disclosure.parse_categories(form.categories)
    except ValidationError as exc:
        errors["categories"] = exc.violations[0].description
    if form.purpose not in cfg.policy.purposes:
        errors["purpose"] = i18n.t("web.chair.request.purpose_required")
    if form.legal_basis not in cfg.policy.legal_bases:
        errors["legal_basis"] = i18n.t("web.chair.request.legal_basis_required")
    return errors


def form_errors(err: grpc.RpcError, fields: Collection[str]) -> dict[str, str]:
    """A refused call's messages by form field ("partners[1]" -> "partners"); what belongs to no
    field of the form (a status change that is not allowed, a bad hidden field) under "". Errors
    that are no refusal of the form are raised, for the core's error page."""
    errors: dict[str, str] = {}
    for path, message in app.field_errors(err).items():
        field = re.split(r"[.\[]", path, maxsplit=1)[0]
        key = field if field in fields else ""
        errors[key] = f"{errors[key]} {message}" if key in errors else message
    if errors:
        return errors
    if err.code() in (grpc.StatusCode.FAILED_PRECONDITION, grpc.StatusCode.INVALID_ARGUMENT):
        return {"": err.details() or ""}
    raise err


# -- gRPC (blocking; called through app.call) --------------------------------------------------------------


def _channel(cfg: ChairConfig) -> grpc.Channel:
    return transport.matcher_channel(cfg.table, cfg.matcher_address, cfg.tls)


def list_hits(cfg: ChairConfig, flt: HitFilters) -> tuple[hits_pb2.ListHitsResponse, int]:
    """One page of the overview and its number: the last page (a second call) when `flt.page` is past
    the end, e.g. a bookmarked page 4 after hits were closed."""
    with _channel(cfg) as channel:
        stub = hits_pb2_grpc.HitServiceStub(channel)
        response = stub.ListHits(flt.request(), timeout=30)
        last = page_count(response.total_size)
        if flt.page > last:
            flt = replace(flt, page=last)
            response = stub.ListHits(flt.request(), timeout=30)
    return response, flt.page


def load_hit(cfg: ChairConfig, key: crypto.BoxPrivateKey, name: str) -> tuple[hits_pb2.Hit, list[dict]]:
    """The hit and its disclosures, newest first; those with an approved answer are opened here,
    with the chair's key, and the opening recorded at the matcher (open_disclosure)."""
    with _channel(cfg) as channel:
        hit = hits_pb2_grpc.HitServiceStub(channel).GetHit(hits_pb2.GetHitRequest(name=name), timeout=10).hit
        stub = disclosure_pb2_grpc.DisclosureServiceStub(channel)
        summaries = []
        for d in chair_cli.fetch_disclosures(stub, name):
            if any(a.state == disclosure_pb2.ANSWER_STATE_APPROVED for a in d.answers):
                summaries.append(chair_cli.open_disclosure(cfg, stub, d.name, key))
            else:
                summaries.append(chair_cli.disclosure_summary(d))
    return hit, summaries


def update_status(cfg: ChairConfig, name: str, status: str, referred_to: str, note: str) -> hits_pb2.Hit:
    request = hits_pb2.UpdateHitStatusRequest(
        name=name,
        status=enums.number(common_pb2.HitStatus, status),
        referred_to=enums.number(common_pb2.PartnerKind, referred_to),
        note=note,
    )
    with _channel(cfg) as channel:
        return hits_pb2_grpc.HitServiceStub(channel).UpdateHitStatus(request, timeout=10).hit


def create_disclosure(cfg: ChairConfig, name: str, form: RequestForm) -> disclosure_pb2.Disclosure:
    request = disclosure_pb2.CreateDisclosureRequest(
        hit=name,
        partners=form.partners,
        categories=disclosure.parse_categories(form.categories),
        purpose=form.purpose,
        legal_basis=form.legal_basis,
        request_id=form.request_id,
    )
    with _channel(cfg) as channel:
        return disclosure_pb2_grpc.DisclosureServiceStub(channel).CreateDisclosure(request, timeout=30).disclosure


def load_review(cfg: ChairConfig) -> hits_pb2.ListReviewCandidatesResponse:
    with _channel(cfg) as channel:
        return chair_cli.fetch_review(hits_pb2_grpc.HitServiceStub(channel))


def decide_review(cfg: ChairConfig, name: str, confirm: bool, reason: str) -> hits_pb2.DecideReviewCandidateResponse:
    decision = hits_pb2.REVIEW_DECISION_CONFIRM if confirm else hits_pb2.REVIEW_DECISION_REJECT
    request = hits_pb2.DecideReviewCandidateRequest(name=name, decision=decision, reason=reason)
    with _channel(cfg) as channel:
        return hits_pb2_grpc.HitServiceStub(channel).DecideReviewCandidate(request, timeout=10)


def list_disclosures(cfg: ChairConfig) -> list[disclosure_pb2.Disclosure]:
    with _channel(cfg) as channel:
        return chair_cli.fetch_disclosures(disclosure_pb2_grpc.DisclosureServiceStub(channel))


# -- the console ------------------------------------------------------------------------------------------


def build(cfg: ChairConfig) -> RoleConsole:
    key = crypto.load_box_private(cfg.encryption_key)  # fails at start-up, not on the first page

    async def hits_page(request: Request) -> Response:
        flt, errors = parse_filters(request.query_params, cfg)
        response, page = await app.call(list_hits, cfg, flt)
        return app.render(
            request,
            "chair/hits.html",
            flt=flt,
            errors=errors,
            view=overview(response, page),
            statuses=STATUSES,
            exploitation_types=enums.choices(common_pb2.ExploitationType),
            municipalities=cfg.policy.municipalities,
            partners=sorted(cfg.partners),
            period_on=PERIOD_ON,
        )

    async def hit_response(
        request: Request,
        status_code: int = 200,
        status_errors: Mapping[str, str] | None = None,
        status_form: Mapping[str, str] | None = None,
        request_errors: Mapping[str, str] | None = None,
        request_form: RequestForm | None = None,
    ) -> Response:
        name = hit_name(request)
        hit, summaries = await app.call(load_hit, cfg, key, name)
        status = enums.short(common_pb2.HitStatus, hit.status)
        views = [disclosure_view(s) for s in summaries]
        return app.render(
            request,
            "chair/hit.html",
            status_code=status_code,
            hit=hit_row(hit),
            created=when(hit.create_time),
            status_note=hit.status_note,
            evidence=evidence_view(hit),
            choices=status_choices(status),
            status_errors=status_errors or {},
            status_form=status_form or {},
            disclosures=views,
            opened=any(a.opened for d in views for a in d.answers),
            request_form=request_form or fresh_request_form(hit),
            request_errors=request_errors or {},
            categories=DATA_CATEGORIES,
            purposes=cfg.policy.purposes,
            legal_bases=cfg.policy.legal_bases,
        )

    async def hit_page(request: Request) -> Response:
        return await hit_response(request)

    async def set_status(request: Request) -> Response:
        form = await request.form()
        values = {k: str(form.get(k, "")) for k in ("status", "referred_to", "note")}
        # The buttons and selects hold these lists; anything else is a forged or stale form. What is
        # missing for the chosen status (a referral target, a reason) the matcher reports by field.
        unknown = {
            field: i18n.t("web.chair.filter.unknown")
            for field, allowed in (("status", STATUSES), ("referred_to", REFERRAL_TARGETS), ("note", CLOSURE_REASONS))
            if values[field] not in allowed and (values[field] or field == "status")
        }
        if unknown:
            return await hit_response(request, 400, unknown, values)
        name = hit_name(request)
        try:
            hit = await app.call(update_status, cfg, name, values["status"], values["referred_to"], values["note"])
        except grpc.RpcError as err:
            errors = form_errors(err, ("referred_to", "note"))
            code = 409 if err.code() == grpc.StatusCode.FAILED_PRECONDITION else 400
            return await hit_response(request, code, errors, values)
        row = hit_row(hit)
        text = label("status", row.status)
        if row.referred_to:
            text = i18n.t("web.chair.hit.referred", target=label("target", row.referred_to))
        notice = i18n.t("web.chair.status.saved", id=row.id, status=text)
        return app.redirect(f"/hits/{row.id}", notice=notice, request=request)

    async def request_info(request: Request) -> Response:
        form = await request.form()
        filled = RequestForm(
            partners=tuple(str(p) for p in form.getlist("partners")),
            categories=tuple(str(c) for c in form.getlist("categories")),
            purpose=str(form.get("purpose", "")),
            legal_basis=str(form.get("legal_basis", "")),
            request_id=str(form.get("request_id", "")),
        )
        errors = check_request_form(filled, cfg)
        if errors:
            return await hit_response(request, 400, request_errors=errors, request_form=filled)
        name = hit_name(request)
        try:
            created = await app.call(create_disclosure, cfg, name, filled)
        except grpc.RpcError as err:
            errors = form_errors(err, ("partners", "categories", "purpose", "legal_basis"))
            if "" in errors and err.code() == grpc.StatusCode.FAILED_PRECONDITION:
                filled = replace(filled, request_id=uuid.uuid4().hex)  # e.g. a reused id: let a resubmit pass
            return await hit_response(request, 400, request_errors=errors, request_form=filled)
        partners = ", ".join(a.partner for a in created.answers)
        notice = i18n.t("web.chair.request.sent", partners=partners)
        return app.redirect(f"/hits/{hit_id(name)}", notice=notice, request=request)

    async def requests_page(request: Request) -> Response:
        found = await app.call(list_disclosures, cfg)
        views = [disclosure_view(chair_cli.disclosure_summary(d)) for d in found]
        states = Counter(a.state for v in views for a in v.answers)
        return app.render(request, "chair/requests.html", disclosures=views, states=states)

    async def review_page(request: Request, status_code: int = 200, error: str = "") -> Response:
        found = await app.call(load_review, cfg)
        m = found.model
        model = i18n.t(
            "web.chair.review.model", source=m.source, fit_time=when(m.fit_time) if m.fit_time.seconds else "-",
            pairs=m.candidate_pairs, link=f"{m.link_probability:g}", review=f"{m.review_probability:g}",
        )  # fmt: skip
        rows = [
            {
                "id": c.name.removeprefix("reviewCandidates/"),
                "signals": [
                    (s.partner, short_ref(s.signal_ref), s.metadata.municipality) for s in (c.signal_a, c.signal_b)
                ],
                "hits": [hit_id(h) for h in (c.hit_a, c.hit_b) if h],
                "probability": i18n.t("web.chair.review.probability", value=chair_cli._number(c.match_probability, 3)),
                "explanation": chair_cli.explain(c),
            }
            for c in found.candidates
        ]
        return app.render(
            request, "chair/review.html", status_code=status_code, rows=rows, model=model, error=error,
            confirm_reasons=REVIEW_CONFIRM_REASONS, reject_reasons=REVIEW_REJECT_REASONS,
        )  # fmt: skip

    async def review_decide(request: Request) -> Response:
        form = await request.form()
        candidate, decision, reason = (str(form.get(k, "")) for k in ("candidate", "decision", "reason"))
        reasons = REVIEW_CONFIRM_REASONS if decision == "confirm" else REVIEW_REJECT_REASONS
        if decision not in ("confirm", "reject") or reason not in reasons or not candidate.replace("-", "").isdigit():
            return await review_page(request, 400, i18n.t("web.chair.filter.unknown"))
        try:
            answer = await app.call(decide_review, cfg, f"reviewCandidates/{candidate}", decision == "confirm", reason)
        except grpc.RpcError as err:
            return await review_page(request, 409, err.details() or "")
        if decision == "confirm":
            notice = i18n.t("web.chair.review.confirmed", hit=hit_id(answer.hit))
        else:
            notice = i18n.t("web.chair.review.rejected")
        return app.redirect("/beoordelen", notice=notice, request=request)

    return RoleConsole(
        role="chair",
        title="web.chair.title",
        who="web.chair.who",
        who_args={"name": cfg.name, "table": cfg.table},
        home="/hits",
        nav=(
            NavItem("/hits", "web.chair.nav.hits"),
            NavItem("/beoordelen", "web.chair.nav.review"),
            NavItem("/verzoeken", "web.chair.nav.requests"),
        ),
        routes=[
            Route("/hits", hits_page),
            Route("/hits/{id}", hit_page),
            Route("/hits/{id}/status", set_status, methods=["POST"]),
            Route("/hits/{id}/verzoek", request_info, methods=["POST"]),
            Route("/verzoeken", requests_page),
            Route("/beoordelen", review_page),
            Route("/beoordelen", review_decide, methods=["POST"]),
        ],
        service="web.service.matcher",
        context={"label": label},
    )
