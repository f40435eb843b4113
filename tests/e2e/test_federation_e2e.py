"""End to end on loopback with real servers: intake -> pseudonymise -> submit -> match -> review."""

from __future__ import annotations

from datetime import UTC, timedelta

import grpc
import pytest
from google.protobuf.timestamp_pb2 import Timestamp
from google.rpc import error_details_pb2
from grpc_status import rpc_status
from support import drained, wait_for

from signalmatch.node.signal import from_json, to_proto
from signalmatch.v1 import common_pb2, hits_pb2, hits_pb2_grpc, intake_pb2, signal_pb2


def signal_json(external_id: str, **subjects) -> dict:
    data = {
        "external_id": external_id,
        "observed_at": "2026-03-14T10:30:00+01:00",
        "municipality": "Utrecht",
        "place": "Bedrijfspand Kanaalweg",
        "reporter": {"name": "Petra de Wit", "contact": "p.dewit@example.nl"},
        "exploitation_types": ["arbeidsuitbuiting"],
        "explanation": "Veel mensen in een klein pand, busjes rijden 's nachts af en aan.",
    }
    data.update(subjects)
    return data


def create(stub, data: dict, request_id: str = ""):
    return stub.CreateSignal(
        intake_pb2.CreateSignalRequest(request_id=request_id, signal=to_proto(from_json(data))), timeout=10
    )


def all_hits(fed) -> list[hits_pb2.Hit]:
    return list(fed.hits().ListHits(hits_pb2.ListHitsRequest(page_size=100), timeout=10).hits)


def test_overlap_across_partners_becomes_a_hit_with_evidence(federation):
    federation.start_matcher()
    for p in federation.partners:
        federation.start_node(p)
    vt = create(
        federation.intake("vtgv"),
        signal_json(
            "VT-1",
            persons=[{"role": "mogelijk_slachtoffer", "given_names": "Anna", "surname": "Kowalska", "phones": ["06-12 34 56 78"]}],
        ),
    )
    pol = create(
        federation.intake("politie-avim"),
        signal_json(
            "POL-1",
            exploitation_types=["seksuele_uitbuiting"],
            persons=[{"role": "mogelijke_dader", "surname": "Nowak", "phones": ["+31612345678"]}],
            adverts=[{"url": "https://ads.example.nl/a/1"}],
        ),
    )
    # A third, unrelated signal and one of the same partner sharing the phone: neither is linked.
    create(federation.intake("nla"), signal_json("NLA-1", vehicles=[{"kenteken": "AB-123-C"}]))
    create(
        federation.intake("vtgv"),
        signal_json("VT-2", persons=[{"role": "betrokkene", "surname": "Jansen", "phones": ["0031 6 12345678"]}]),
    )
    wait_for(lambda: drained(federation, federation.partners), what="outboxes drained")

    hits = wait_for(lambda: all_hits(federation), what="a hit")
    assert len(hits) == 1
    hit = hits[0]
    refs = {s.signal_ref for s in hit.signals}
    vt_ref = vt.signal.name.removeprefix("signals/")
    pol_ref = pol.signal.name.removeprefix("signals/")
    assert {vt_ref, pol_ref} <= refs
    assert sorted(hit.partners) == ["politie-avim", "vtgv"]
    assert list(hit.identifier_kinds) == [common_pb2.IDENTIFIER_KIND_PHONE]
    assert hit.status == common_pb2.HIT_STATUS_NIEUW
    # Evidence names kinds and signal refs, never token values; metadata is minimised.
    assert all(link.kinds == [common_pb2.IDENTIFIER_KIND_PHONE] for link in hit.links)
    assert {s.metadata.municipality for s in hit.signals} == {"Utrecht"}
    assert {s.metadata.month for s in hit.signals} == {"2026-03"}

    # Terugkoppeling: the node learns which hit its signal is in.
    got = wait_for(
        lambda: (
            s := federation.intake("vtgv").GetSignal(intake_pb2.GetSignalRequest(name=vt.signal.name), timeout=5).signal
        ).hits
        and s,
        what="feedback at the node",
    )
    assert list(got.hits) == [hit.name]
    assert got.state == signal_pb2.SIGNAL_STATE_SUBMITTED


def test_chair_filters_and_status_workflow(federation):
    federation.start_matcher()
    for p in federation.partners:
        federation.start_node(p)
    create(federation.intake("vtgv"), signal_json("VT-1", addresses=[{"postcode": "3526 KL", "house_number": "12"}]))
    create(federation.intake("nla"), signal_json("NLA-1", addresses=[{"postcode": "3526kl", "house_number": " 12 "}]))
    create(
        federation.intake("politie-avim"),
        signal_json("POL-1", municipality="Zeist", companies=[{"name": "Bouw BV", "kvk": "12345678"}]),
    )
    create(federation.intake("nla"), signal_json("NLA-2", municipality="Zeist", companies=[{"kvk": "1234 5678"}]))
    wait_for(lambda: drained(federation, federation.partners), what="outboxes drained")
    stub = federation.hits()
    wait_for(lambda: stub.ListHits(hits_pb2.ListHitsRequest(), timeout=5).total_size == 2, what="two hits")

    zeist = stub.ListHits(hits_pb2.ListHitsRequest(municipality="Zeist"), timeout=5)
    assert zeist.total_size == 1 and list(zeist.hits[0].identifier_kinds) == [common_pb2.IDENTIFIER_KIND_KVK]
    by_partner = stub.ListHits(hits_pb2.ListHitsRequest(partner="vtgv"), timeout=5)
    assert by_partner.total_size == 1
    paged = stub.ListHits(hits_pb2.ListHitsRequest(page_size=1), timeout=5)
    assert len(paged.hits) == 1 and paged.next_page_token
    rest = stub.ListHits(hits_pb2.ListHitsRequest(page_size=1, page_token=paged.next_page_token), timeout=5)
    assert {paged.hits[0].name, rest.hits[0].name} == {h.name for h in all_hits(federation)}
    jumped = stub.ListHits(hits_pb2.ListHitsRequest(page_size=1, skip=1), timeout=5)
    assert [h.name for h in jumped.hits] == [h.name for h in rest.hits] and not jumped.next_page_token
    # A partner node polls the hits its own signals are in page by page (by hit id, keyset token).
    feedback = hits_pb2_grpc.FeedbackServiceStub(federation.channel_to_matcher(federation.node_config("nla").tls))
    one = feedback.ListPartnerHits(hits_pb2.ListPartnerHitsRequest(page_size=1), timeout=5)
    two = feedback.ListPartnerHits(hits_pb2.ListPartnerHitsRequest(page_size=1, page_token=one.next_page_token), timeout=5)
    assert one.next_page_token and not two.next_page_token
    assert [h.name for h in [*one.hits, *two.hits]] == sorted((h.name for h in all_hits(federation)), key=lambda n: int(n[5:]))
    assert all(len(h.signal_refs) == 1 and h.partner_count == 2 for h in [*one.hits, *two.hits])
    with pytest.raises(grpc.RpcError) as err:
        feedback.ListPartnerHits(hits_pb2.ListPartnerHitsRequest(page_token="17"), timeout=5)
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT

    # Periods on update/create time, and the counts per status under the other filters.
    first = min(h.create_time.ToDatetime() for h in all_hits(federation))
    since, later = Timestamp(), Timestamp()
    since.FromDatetime(first)
    later.FromDatetime(first + timedelta(days=1))
    created = stub.ListHits(hits_pb2.ListHitsRequest(create_period=hits_pb2.TimePeriod(start_time=since)), timeout=5)
    assert created.total_size == 2
    assert {(c.status, c.count) for c in created.status_counts if c.count} == {(common_pb2.HIT_STATUS_NIEUW, 2)}
    assert len(created.status_counts) == len(common_pb2.HitStatus.values()) - 1
    before = hits_pb2.TimePeriod(end_time=since)  # half-open: the first hit's own create time is out
    assert stub.ListHits(hits_pb2.ListHitsRequest(create_period=before), timeout=5).total_size == 0
    future = stub.ListHits(
        hits_pb2.ListHitsRequest(update_period=hits_pb2.TimePeriod(start_time=later), municipality="Zeist"), timeout=5
    )
    assert future.total_size == 0 and not future.hits and all(c.count == 0 for c in future.status_counts)
    for request, fields in [
        (hits_pb2.ListHitsRequest(update_period=hits_pb2.TimePeriod(start_time=later, end_time=since)),
         {"update_period.end_time"}),
        (hits_pb2.ListHitsRequest(create_period=hits_pb2.TimePeriod(start_time=Timestamp(seconds=since.seconds, nanos=-1))),
         {"create_period.start_time"}),
        (hits_pb2.ListHitsRequest(update_period=hits_pb2.TimePeriod(end_time=Timestamp(seconds=10**12))),
         {"update_period.end_time"}),
        (hits_pb2.ListHitsRequest(skip=-1), {"skip"}),
    ]:  # fmt: skip
        with pytest.raises(grpc.RpcError) as err:
            stub.ListHits(request, timeout=5)
        assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT
        detail = error_details_pb2.BadRequest()
        rpc_status.from_call(err.value).details[0].Unpack(detail)
        assert {v.field for v in detail.field_violations} == fields

    name = zeist.hits[0].name
    stub.UpdateHitStatus(hits_pb2.UpdateHitStatusRequest(name=name, status=common_pb2.HIT_STATUS_IN_BEHANDELING), timeout=5)
    with pytest.raises(grpc.RpcError) as err:  # doorgeleid needs a target
        stub.UpdateHitStatus(hits_pb2.UpdateHitStatusRequest(name=name, status=common_pb2.HIT_STATUS_DOORGELEID), timeout=5)
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT and "referred_to" in err.value.details()
    with pytest.raises(grpc.RpcError) as err:  # closing takes a reason code, never free text
        stub.UpdateHitStatus(
            hits_pb2.UpdateHitStatusRequest(name=name, status=common_pb2.HIT_STATUS_AFGESLOTEN, note="Jan belde"),
            timeout=5,
        )
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT and "note" in err.value.details()
    done = stub.UpdateHitStatus(
        hits_pb2.UpdateHitStatusRequest(
            name=name, status=common_pb2.HIT_STATUS_DOORGELEID, referred_to=common_pb2.PARTNER_KIND_NLA
        ),
        timeout=5,
    ).hit
    assert done.status == common_pb2.HIT_STATUS_DOORGELEID and done.referred_to == common_pb2.PARTNER_KIND_NLA
    filtered = stub.ListHits(hits_pb2.ListHitsRequest(status=common_pb2.HIT_STATUS_DOORGELEID), timeout=5)
    assert [h.name for h in filtered.hits] == [name]
    with pytest.raises(grpc.RpcError) as err:
        stub.GetHit(hits_pb2.GetHitRequest(name="hits/999999"), timeout=5)
    assert err.value.code() == grpc.StatusCode.NOT_FOUND


def test_withdraw_removes_the_signal_from_its_hit(federation):
    federation.start_matcher()
    for p in federation.partners:
        federation.start_node(p)
    phone = {"persons": [{"role": "mogelijk_slachtoffer", "surname": "Popescu", "phones": ["0612345678"]}]}
    a = create(federation.intake("vtgv"), signal_json("VT-1", **phone))
    create(federation.intake("nla"), signal_json("NLA-1", **phone))
    create(federation.intake("politie-avim"), signal_json("POL-1", **phone))
    wait_for(lambda: drained(federation, federation.partners), what="outboxes drained")
    hit = wait_for(lambda: all_hits(federation), what="a hit")[0]
    assert len(hit.signals) == 3

    withdrawn = federation.intake("vtgv").WithdrawSignal(intake_pb2.WithdrawSignalRequest(name=a.signal.name), timeout=5)
    assert withdrawn.signal.state == signal_pb2.SIGNAL_STATE_WITHDRAWN
    assert not withdrawn.signal.persons  # the raw data is gone from the vault
    wait_for(lambda: drained(federation, ["vtgv"]), what="withdrawal delivered")
    after = all_hits(federation)
    assert len(after) == 1 and len(after[0].signals) == 2
    assert a.signal.name.removeprefix("signals/") not in {s.signal_ref for s in after[0].signals}


def test_intake_validation_idempotency_and_roles(federation):
    federation.start_matcher()
    federation.start_node("vtgv")
    stub = federation.intake("vtgv")

    bad = signal_json(
        "VT-9",
        persons=[{"role": "mogelijk_slachtoffer", "surname": "Smit", "bsn": "123456789", "phones": ["12"]}],
        addresses=[{"postcode": "1234 SA", "house_number": "5"}],
    )
    with pytest.raises(grpc.RpcError) as err:
        create(stub, bad)
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    status = rpc_status.from_call(err.value)
    detail = error_details_pb2.BadRequest()
    status.details[0].Unpack(detail)
    fields = {v.field for v in detail.field_violations}
    assert {"persons[0].bsn", "persons[0].phones[0]", "addresses[0].postcode"} <= fields
    assert "Traceback" not in err.value.details()
    # Nothing of the bad signal was stored.
    assert stub.GetNodeStatus(intake_pb2.GetNodeStatusRequest(), timeout=5).signals == 0

    first = create(stub, signal_json("VT-1", vehicles=[{"kenteken": "AB-123-C"}]), request_id="req-1")
    again = create(stub, signal_json("VT-1", vehicles=[{"kenteken": "AB-123-C"}]), request_id="req-1")
    assert first.created and not again.created and first.signal.name == again.signal.name
    with pytest.raises(grpc.RpcError) as err:  # same case number under a new request id
        create(stub, signal_json("VT-1", vehicles=[{"kenteken": "AB-123-C"}]), request_id="req-2")
    assert err.value.code() == grpc.StatusCode.ALREADY_EXISTS
    assert stub.GetNodeStatus(intake_pb2.GetNodeStatusRequest(), timeout=5).signals == 1

    listed = stub.ListSignals(intake_pb2.ListSignalsRequest(), timeout=5).signals
    assert [s.external_id for s in listed] == ["VT-1"]
    assert listed[0].reporter.name == "Petra de Wit"  # raw data stays readable at the node

    # Only this partner's operators may use its intake: not the node's own cert, not another
    # partner's operator, not the chair.
    node_cfg = federation.node_config("vtgv")
    for tls in (node_cfg.tls, federation.node_config("nla").operator_tls, federation.chair_config().tls):
        with pytest.raises(grpc.RpcError) as err:
            federation.intake("vtgv", tls=tls).GetNodeStatus(intake_pb2.GetNodeStatusRequest(), timeout=5)
        assert err.value.code() == grpc.StatusCode.PERMISSION_DENIED


def test_the_node_keeps_its_own_audit_log(federation):
    import sqlite3

    from signalmatch.audit.log import AuditLog

    federation.start_matcher()
    federation.start_node("vtgv")
    created = create(federation.intake("vtgv"), signal_json("VT-1", vehicles=[{"kenteken": "AB-123-C"}]))
    wait_for(lambda: drained(federation, ["vtgv"]), what="outbox drained")
    federation.intake("vtgv").WithdrawSignal(intake_pb2.WithdrawSignalRequest(name=created.signal.name), timeout=5)
    wait_for(lambda: drained(federation, ["vtgv"]), what="withdrawal delivered")

    db = sqlite3.connect(federation.vault_db("vtgv"))
    log = AuditLog(db, origin="midden-nederland/partner/vtgv")
    entries = [log.entry(i) for i in range(log.size())]
    db.close()
    actions = [e.action for e in entries]
    assert actions.count("signal.created") == 1 and actions.count("signal.withdrawn") == 1
    assert actions.count("batch.sent") == 2
    created_entry = entries[actions.index("signal.created")]
    assert created_entry.objects == (created.signal.name,)
    assert created_entry.actor_role == "operator" and created_entry.actor_user.endswith("/operator/vtgv")
    assert all("AB-123-C" not in e.canonical_bytes().decode() for e in entries)


def test_request_ids_and_case_numbers_never_collide(federation):
    federation.start_matcher()
    federation.start_node("vtgv")
    stub = federation.intake("vtgv")
    create(stub, signal_json("CASE-1", vehicles=[{"kenteken": "AB-123-C"}]))
    # A request id that happens to equal another signal's case number creates a new signal.
    other = create(stub, signal_json("CASE-2", vehicles=[{"kenteken": "XX-99-99"}]), request_id="CASE-1")
    assert other.created and other.signal.external_id == "CASE-2"
    # The same request id with other content is refused, not silently answered with the old signal.
    with pytest.raises(grpc.RpcError) as err:
        create(stub, signal_json("CASE-3", vehicles=[{"kenteken": "XX-99-98"}]), request_id="CASE-1")
    assert err.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    with pytest.raises(grpc.RpcError) as err:
        create(stub, signal_json("CASE-2", vehicles=[{"kenteken": "XX-99-99"}]), request_id="other")
    assert err.value.code() == grpc.StatusCode.ALREADY_EXISTS
    with pytest.raises(grpc.RpcError) as err:
        stub.ListSignals(intake_pb2.ListSignalsRequest(page_token="garbage"), timeout=5)
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT


def test_retention_expiry_dissolves_hits_and_is_audited(federation, monkeypatch):
    import sqlite3
    from datetime import datetime, timedelta

    from signalmatch import clock
    from signalmatch.audit.log import AuditLog

    matcher = federation.start_matcher()
    for p in ("vtgv", "nla"):
        federation.start_node(p)
    phone = {"persons": [{"role": "mogelijk_slachtoffer", "surname": "Popescu", "phones": ["0612345678"]}]}
    create(federation.intake("vtgv"), signal_json("VT-1", **phone))
    create(federation.intake("nla"), signal_json("NLA-1", **phone))
    wait_for(lambda: drained(federation, ["vtgv", "nla"]), what="outboxes drained")
    assert len(wait_for(lambda: all_hits(federation), what="a hit")) == 1

    later = datetime.now(UTC) + timedelta(days=matcher.cfg.retention_days + 1)
    monkeypatch.setattr(clock, "now", lambda: later.strftime("%Y-%m-%dT%H:%M:%S.%fZ"))
    matcher.expire_now()
    assert all_hits(federation) == []
    db = sqlite3.connect(federation.matcher_db())
    log = AuditLog(db, origin="midden-nederland/matcher")
    purged = [log.entry(i) for i in range(log.size()) if log.entry(i).action == "retention.purged"]
    db.close()
    assert len(purged) == 1 and dict(purged[0].details)["count"] == "2"
