"""Command-line console for a partner's privacy officer at its own node (officer certificate):
see disclosure requests with a preview of exactly what approval would send, approve or refuse."""

from __future__ import annotations

import json

import grpc
from rich.console import Console
from rich.table import Table

from signalmatch import clock, enums, i18n, transport
from signalmatch.config import OfficerConfig
from signalmatch.errors import ConfigError
from signalmatch.node import disclosure
from signalmatch.v1 import disclosure_pb2, officer_pb2, officer_pb2_grpc


def state_name(state: int) -> str:
    """The short name of a disclosure review's state ("pending", "approved", ...); "" for a state
    this console does not know (a newer node)."""
    return enums.short(officer_pb2.ReviewState, state) if enums.known(officer_pb2.ReviewState, state) else ""


def node_channel(cfg: OfficerConfig) -> grpc.Channel:
    """A channel to the officer's own partner node (not for the table's officer, who has none)."""
    if not cfg.partner:
        raise ConfigError(i18n.t("officer.no_node", path=cfg.path))
    return transport.secure_channel(
        cfg.node_address, cfg.tls, expect=transport.Identity(cfg.table, "partner", cfg.partner)
    )


def officer_stub(cfg: OfficerConfig) -> tuple[grpc.Channel, officer_pb2_grpc.OfficerServiceStub]:
    channel = node_channel(cfg)
    return channel, officer_pb2_grpc.OfficerServiceStub(channel)


def disclosure_name(text: str) -> str:
    return text if text.startswith("disclosures/") else f"disclosures/{text}"


def review_summary(review: officer_pb2.DisclosureReview, partner: str) -> dict:
    request = review.request
    out = {
        "name": review.name,
        "hit": request.hit,
        "requester": request.requester,
        "categories": [disclosure.category_name(c) for c in request.categories if disclosure.known_category(c)],
        "purpose": request.purpose,
        "legal_basis": request.legal_basis,
        "recipients": list(request.recipients),
        "signal_refs": list(disclosure.own_signal_refs(request, partner)),
        "expire_time": clock.from_timestamp(request.expire_time),
        "state": state_name(review.state),
        "decided_by": review.decided_by,
        "reason": review.reason,
        "decide_time": clock.from_timestamp(review.decide_time),
        "delivered": review.delivered,
    }
    if review.HasField("preview"):
        out["preview"] = payload_summary(review.preview)
    return out


def payload_summary(payload: disclosure_pb2.DisclosurePayload) -> list[dict]:
    return [{"signal_ref": s.signal_ref, "fields": disclosure.signal_fields(s.signal)} for s in payload.signals]


def flatten(value: object, prefix: str = "") -> list[tuple[str, str]]:
    """{"persons": [{"surname": "X"}]} -> [("persons[0].surname", "X")], for printing."""
    if isinstance(value, dict):
        return [row for key, item in value.items() for row in flatten(item, f"{prefix}.{key}" if prefix else key)]
    if isinstance(value, list):
        if all(isinstance(item, str) for item in value):
            return [(prefix, ", ".join(value))]
        return [row for i, item in enumerate(value) for row in flatten(item, f"{prefix}[{i}]")]
    return [(prefix, str(value))]


def print_signals(signals: list[dict], console: Console) -> None:
    for signal in signals:
        table = Table(title=f"signals/{signal['signal_ref']}", title_justify="left", show_header=False)
        table.add_column()
        table.add_column()
        for key, value in flatten(signal["fields"]):
            table.add_row(key, value)
        console.print(table)


def fetch_reviews(stub: officer_pb2_grpc.OfficerServiceStub) -> list[officer_pb2.DisclosureReview]:
    reviews: list[officer_pb2.DisclosureReview] = []
    token = ""
    while True:
        page = stub.ListDisclosureReviews(
            officer_pb2.ListDisclosureReviewsRequest(page_size=200, page_token=token), timeout=30
        )
        reviews.extend(page.reviews)
        token = page.next_page_token
        if not token:
            return reviews


def get_review(stub: officer_pb2_grpc.OfficerServiceStub, name: str) -> officer_pb2.DisclosureReview:
    """One request; with the preview of what approval sends while it is pending or not yet sent
    (the node audits that showing)."""
    request = officer_pb2.GetDisclosureReviewRequest(name=disclosure_name(name))
    return stub.GetDisclosureReview(request, timeout=30).review


def run_requests(cfg: OfficerConfig, as_json: bool, console: Console) -> int:
    """Every request with its state; the pending ones with the preview of what approval sends."""
    channel, stub = officer_stub(cfg)
    with channel:
        reviews = fetch_reviews(stub)
        reviews = [get_review(stub, r.name) if r.state == officer_pb2.REVIEW_STATE_PENDING else r for r in reviews]
    summaries = [review_summary(r, cfg.partner) for r in reviews]
    if as_json:
        print(json.dumps({"reviews": summaries}, ensure_ascii=False))
        return 0
    if not summaries:
        console.print(i18n.t("officer.none"))
        return 0
    table = Table(title=i18n.t("officer.title", partner=cfg.partner))
    for key in (
        "officer.col.disclosure",
        "officer.col.state",
        "officer.col.categories",
        "officer.col.purpose",
        "officer.col.legal_basis",
        "officer.col.expires",
        "officer.col.decided_by",
        "officer.col.delivered",
    ):
        table.add_column(i18n.t(key), no_wrap=key == "officer.col.disclosure")
    for s in summaries:
        table.add_row(
            s["name"],
            s["state"],
            ", ".join(s["categories"]),
            s["purpose"],
            s["legal_basis"],
            s["expire_time"],
            s["decided_by"],
            "✓" if s["delivered"] else "",
        )
    console.print(table)
    for s in summaries:
        if "preview" not in s:
            continue
        console.print(
            i18n.t(
                "officer.preview",
                name=s["name"],
                hit=s["hit"],
                purpose=s["purpose"],
                legal_basis=s["legal_basis"],
                recipients=", ".join(s["recipients"]),
            ),
            markup=False,
        )
        if not s["preview"]:
            console.print(i18n.t("officer.preview.empty"))
        print_signals(s["preview"], console)
    return 0


def decide(cfg: OfficerConfig, name: str, approve: bool, reason: str) -> officer_pb2.DisclosureReview:
    """Approve or refuse (with a reason code) one request at the node; the decision is final."""
    channel, stub = officer_stub(cfg)
    with channel:
        return stub.DecideDisclosure(
            officer_pb2.DecideDisclosureRequest(name=disclosure_name(name), approve=approve, reason=reason), timeout=30
        ).review


def run_decide(cfg: OfficerConfig, name: str, approve: bool, reason: str, console: Console) -> int:
    review = decide(cfg, name, approve, reason)
    console.print(
        i18n.t("officer.decided", name=review.name, state=state_name(review.state), decided_by=review.decided_by),
        markup=False,
    )
    return 0
