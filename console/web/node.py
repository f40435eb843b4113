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
from signalmatch.console.messages import KIND_LABELS
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
    ) -> Response:
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
