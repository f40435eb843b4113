"""Issue 10, defects 4 and 5 over the wire: out-of-range numbers and loose parsing.

Before the fix: GetHit("hits/99999999999999999999999") and a page token carrying an id of 2^70
answered INTERNAL (an OverflowError in SQLite); "hits/１" was taken as hits/1; page tokens were
unauthenticated (a negative or boolean id went through); a date of birth 1990-13-01, a given name of
only spaces and a NUL byte in the explanation were accepted.
"""

from __future__ import annotations

import base64
import json

import grpc
import pytest
from support import drained, wait_for

from signalmatch.node.signal import Person, Signal, to_proto
from signalmatch.v1 import audit_pb2, audit_pb2_grpc, hits_pb2, intake_pb2, officer_pb2, officer_pb2_grpc

pytestmark = pytest.mark.slow


def code_and_fields(call) -> tuple[grpc.StatusCode, set[str]]:
    from signalmatch.transport import bad_request_violations

    with pytest.raises(grpc.RpcError) as err:
        call()
    return err.value.code(), {v.field for v in bad_request_violations(err.value)}


def old_token(*items) -> str:
    """A page token of the kind the servers made before: base64 of JSON, no MAC."""
    return base64.urlsafe_b64encode(json.dumps(list(items)).encode()).decode().rstrip("=")


INVALID = grpc.StatusCode.INVALID_ARGUMENT


def signal(external_id: str, **changes) -> Signal:
    base = dict(
        external_id=external_id,
        observed_at="2026-03-14",
        municipality="Utrecht",
        exploitation_types=("onbekend",),
        persons=(Person(role="betrokkene", surname="Jansen", phones=("0612345678",)),),
    )
    return Signal(**{**base, **changes})


def test_numbers_names_and_page_tokens_from_requests(federation):
    federation.start_matcher()
    federation.start_node("vtgv")
    federation.start_node("nla")
    intake = federation.intake("vtgv")
    for i in range(3):  # three hits, so listings have pages
        phone = f"06123456{i:02d}"
        person = (Person(role="betrokkene", surname="Jansen", phones=(phone,)),)
        for partner, stub in (("vtgv", intake), ("nla", federation.intake("nla"))):
            request = intake_pb2.CreateSignalRequest(signal=to_proto(signal(f"{partner}-{i}", persons=person)))
            stub.CreateSignal(request, timeout=10)
    wait_for(lambda: drained(federation, ["vtgv", "nla"]), what="delivered")
    hits = federation.hits()
    wait_for(lambda: hits.ListHits(hits_pb2.ListHitsRequest(), timeout=10).total_size == 3, what="three hits")

    # Resource names: ASCII digits in range only.
    for name in ("hits/99999999999999999999999", "hits/１", "hits/-1", "hits/0"):
        assert code_and_fields(lambda n=name: hits.GetHit(hits_pb2.GetHitRequest(name=n), timeout=10)) == (
            INVALID,
            {"name"},
        ), name

    # Page tokens: the server's own, for this caller and this query.
    page = hits.ListHits(hits_pb2.ListHitsRequest(page_size=1), timeout=10)
    assert page.next_page_token
    second = hits.ListHits(hits_pb2.ListHitsRequest(page_size=1, page_token=page.next_page_token), timeout=10)
    assert second.hits[0].name != page.hits[0].name
    forged = [old_token("2026-01-01T00:00:00.000000+00:00", 2**70, "x"), old_token(2**70, "x"), old_token(-1, "x"),
              old_token(True, "x"), page.next_page_token + "A", "not a token"]  # fmt: skip
    for token in forged:
        request = hits_pb2.ListHitsRequest(page_size=1, page_token=token)
        assert code_and_fields(lambda r=request: hits.ListHits(r, timeout=10)) == (INVALID, {"page_token"})
    other_filter = hits_pb2.ListHitsRequest(page_size=1, page_token=page.next_page_token, municipality="Utrecht")
    assert code_and_fields(lambda: hits.ListHits(other_filter, timeout=10)) == (INVALID, {"page_token"})

    listed = intake.ListSignals(intake_pb2.ListSignalsRequest(page_size=1), timeout=10)
    assert listed.next_page_token
    for token in ("2026-01-01|abc", listed.next_page_token[::-1]):
        request = intake_pb2.ListSignalsRequest(page_size=1, page_token=token)
        assert code_and_fields(lambda r=request: intake.ListSignals(r, timeout=10)) == (INVALID, {"page_token"})

    # Positions in the audit log and the receipts' cursor went to SQLite as 10^19 - 1.
    officer = federation.officer_config("vtgv")
    from signalmatch import transport

    matcher_audit = audit_pb2_grpc.AuditServiceStub(federation.channel_to_matcher(officer.tls))
    request = audit_pb2.ListAuditEntriesRequest(page_token="9999999999999999999")
    assert code_and_fields(lambda: matcher_audit.ListAuditEntries(request, timeout=10)) == (INVALID, {"page_token"})
    node = federation.node_config("vtgv")
    channel = transport.secure_channel(node.listen, officer.tls, expect=transport.Identity(node.table, "partner", "vtgv"))
    federation.running.append(channel)
    receipts = officer_pb2_grpc.OfficerServiceStub(channel)
    request = officer_pb2.ListReceiptsRequest(page_token="9999999999999999999")
    assert code_and_fields(lambda: receipts.ListReceipts(request, timeout=10)) == (INVALID, {"page_token"})


def test_strict_dates_plain_text_and_no_blank_fields_at_intake(federation):
    federation.start_matcher()
    federation.start_node("vtgv")
    intake = federation.intake("vtgv")

    def refused(sig: Signal) -> set[tuple[str, str]]:
        from signalmatch.transport import bad_request_violations

        with pytest.raises(grpc.RpcError) as err:
            intake.CreateSignal(intake_pb2.CreateSignalRequest(signal=to_proto(sig)), timeout=10)
        assert err.value.code() == INVALID
        return {(v.field, v.rule) for v in bad_request_violations(err.value)}

    person = Person(role="betrokkene", surname="Jansen", date_of_birth="1990-13-01")
    assert ("persons[0].date_of_birth", "date_of_birth.format") in refused(signal("S-1", persons=(person,)))
    person = Person(role="betrokkene", given_names="   ", surname="Jansen", phones=("0612345678",))
    assert refused(signal("S-2", persons=(person,))) == {("persons[0].given_names", "text.blank")}
    assert refused(signal("S-3", explanation="eerste regel\nmet een \x00 erin")) == {("explanation", "text.control")}
    assert ("place", "text.control") in refused(signal("S-4", place="\x1b[31mrood"))
    # What is fine stays fine: day-first and ISO dates, newlines in the explanation.
    for i, born in enumerate(("1990-01-13", "13-01-1990", "13/1/90")):
        person = Person(role="betrokkene", surname="Jansen", date_of_birth=born)
        sig = signal(f"OK-{i}", persons=(person,), explanation="regel 1\nregel 2")
        assert intake.CreateSignal(intake_pb2.CreateSignalRequest(signal=to_proto(sig)), timeout=10).created
