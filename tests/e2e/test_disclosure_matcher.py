"""The matcher side of the disclosure workflow: real servers on loopback (mTLS), real certificates.

Sealing and opening payloads is the nodes' and consoles' job; here partners send ciphertexts of
the right shape, and the matcher only stores and relays them.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import grpc
import pytest
from google.rpc import error_details_pb2
from grpc_status import rpc_status
from hypothesis import given, settings
from hypothesis import strategies as st
from support import TABLE, drained, wait_for

from signalmatch import config
from signalmatch.audit.log import AuditEntry, AuditLog
from signalmatch.config import DEFAULT_POLICY
from signalmatch.errors import ConflictError, ValidationError
from signalmatch.matcher.disclosure import (
    APPROVED,
    EXPIRED,
    PENDING,
    REFUSED,
    Answer,
    AnswerIn,
    Disclosure,
    Sealed,
    check_answer,
    validate_request,
    view_for,
)
from signalmatch.matcher.server import MatcherProcess
from signalmatch.node.signal import from_json, to_proto
from signalmatch.transport import Identity
from signalmatch.v1 import common_pb2, disclosure_pb2, disclosure_pb2_grpc, hits_pb2, intake_pb2

D = disclosure_pb2
REASON = "lopend-onderzoek"
CHAIR = "chair/voorzitter"


def fake_sealed(recipient: str, fill: bytes = b"c", size: int = 96) -> D.SealedPayload:
    """Stands in for nonce || crypto_box ciphertext; the matcher cannot tell the difference."""
    return D.SealedPayload(recipient=recipient, ciphertext=b"\x01" * 24 + fill * (size - 24))


def signal(external_id: str, **subjects) -> intake_pb2.CreateSignalRequest:
    data = {
        "external_id": external_id,
        "observed_at": "2026-03-14T10:30:00+01:00",
        "municipality": "Utrecht",
        "exploitation_types": ["arbeidsuitbuiting"],
        "explanation": "Veel mensen in een klein pand.",
        **subjects,
    }
    return intake_pb2.CreateSignalRequest(signal=to_proto(from_json(data)))


def phone_person(surname: str, phone: str) -> dict:
    return {"persons": [{"role": "mogelijk_slachtoffer", "surname": surname, "phones": [phone]}]}


def start_with_hit(fed, matcher_cfg: config.MatcherConfig | None = None) -> tuple[MatcherProcess, hits_pb2.Hit]:
    """Matcher + the three nodes; vtgv and politie-avim share a phone, nla has an unrelated signal."""
    if matcher_cfg is None:
        proc = fed.start_matcher()
    else:
        proc = MatcherProcess(matcher_cfg)
        proc.start()
        fed.running.append(proc)
    for partner in fed.partners:
        fed.start_node(partner)
    fed.intake("vtgv").CreateSignal(signal("VT-1", **phone_person("Kowalska", "06-12 34 56 78")), timeout=10)
    fed.intake("politie-avim").CreateSignal(signal("POL-1", **phone_person("Nowak", "+31612345678")), timeout=10)
    fed.intake("nla").CreateSignal(signal("NLA-1", vehicles=[{"kenteken": "AB-123-C"}]), timeout=10)
    wait_for(lambda: drained(fed, fed.partners), what="outboxes drained")
    hits = wait_for(lambda: list(fed.hits().ListHits(hits_pb2.ListHitsRequest(), timeout=5).hits), what="a hit")
    assert len(hits) == 1 and sorted(hits[0].partners) == ["politie-avim", "vtgv"]
    return proc, hits[0]


def stub(fed, tls: config.TlsFiles) -> disclosure_pb2_grpc.DisclosureServiceStub:
    return disclosure_pb2_grpc.DisclosureServiceStub(fed.channel_to_matcher(tls))


def chair(fed):
    return stub(fed, fed.chair_config().tls)


def partner(fed, name: str):
    return stub(fed, fed.node_config(name).tls)


def fails(code: grpc.StatusCode, call, *args, **kwargs) -> grpc.RpcError:
    with pytest.raises(grpc.RpcError) as err:
        call(*args, timeout=10, **kwargs)
    assert err.value.code() == code, err.value.details()
    return err.value


def violations(err: grpc.RpcError) -> dict[str, str]:
    assert err.code() == grpc.StatusCode.INVALID_ARGUMENT, err.details()
    detail = error_details_pb2.BadRequest()
    rpc_status.from_call(err).details[0].Unpack(detail)
    return {v.field: v.description for v in detail.field_violations}


def audit_entries(fed) -> list[tuple[AuditEntry, bytes]]:
    db = sqlite3.connect(fed.matcher_config().data_dir / "matcher.sqlite")
    try:
        log = AuditLog(db, origin=f"{TABLE}/matcher")
        rows = db.execute("SELECT entry FROM audit_entries ORDER BY idx").fetchall()
        return [(log.entry(i), bytes(rows[i][0])) for i in range(log.size())]
    finally:
        db.close()


def disclosure_entries(fed) -> list[AuditEntry]:
    return [e for e, _ in audit_entries(fed) if e.action.startswith("disclosure.")]


def request(hit: str, **fields) -> D.CreateDisclosureRequest:
    defaults = {
        "categories": [D.DATA_CATEGORY_PERSONS, D.DATA_CATEGORY_CONTACT_DETAILS],
        "purpose": "signaalbeoordeling",
        "legal_basis": "riec-convenant",
    }
    return D.CreateDisclosureRequest(hit=hit, **{**defaults, **fields})


# -- end to end -------------------------------------------------------------------------------------


def test_request_answers_delivery_and_audit(federation):
    _, hit = start_with_hit(federation)
    refs = {p: [s.signal_ref for s in hit.signals if s.partner == p] for p in hit.partners}
    ch, vt, pol, nla = chair(federation), partner(federation, "vtgv"), partner(federation, "politie-avim"), partner(federation, "nla")

    created = ch.CreateDisclosure(
        request(
            hit.name,
            categories=[D.DATA_CATEGORY_CONTACT_DETAILS, D.DATA_CATEGORY_PERSONS, D.DATA_CATEGORY_CONTACT_DETAILS],
            request_id="req-1",
        ),
        timeout=10,
    ).disclosure
    assert created.name.startswith("disclosures/") and created.hit == hit.name
    assert created.requester == "voorzitter"
    assert list(created.categories) == [D.DATA_CATEGORY_PERSONS, D.DATA_CATEGORY_CONTACT_DETAILS]
    assert list(created.recipients) == [CHAIR]  # the default policy discloses to the chair only
    assert {a.partner: list(a.signal_refs) for a in created.answers} == refs  # defaults: every partner in the hit
    assert {a.state for a in created.answers} == {D.ANSWER_STATE_PENDING}
    assert created.expire_time.ToDatetime() - created.create_time.ToDatetime() == timedelta(hours=72)
    hit_now = federation.hits().GetHit(hits_pb2.GetHitRequest(name=hit.name), timeout=5).hit
    assert hit_now.status == common_pb2.HIT_STATUS_INFO_OPGEVRAAGD

    # Retries with the same request id give the same request; other content under it is refused.
    again = ch.CreateDisclosure(
        request(hit.name, categories=[D.DATA_CATEGORY_PERSONS, D.DATA_CATEGORY_CONTACT_DETAILS], request_id="req-1"),
        timeout=10,
    ).disclosure
    assert again.name == created.name
    fails(grpc.StatusCode.FAILED_PRECONDITION, ch.CreateDisclosure, request(hit.name, purpose="doorverwijzing", request_id="req-1"))
    # Explicit partners: only the one asked gets an answer slot.
    only_vt = ch.CreateDisclosure(request(hit.name, partners=["vtgv"]), timeout=10).disclosure
    assert [a.partner for a in only_vt.answers] == ["vtgv"]

    # Each partner lists what it was asked; nla (not in the hit) sees nothing and cannot open it.
    listed = vt.ListDisclosures(D.ListDisclosuresRequest(state=D.ANSWER_STATE_PENDING), timeout=10).disclosures
    assert [d.name for d in listed] == [only_vt.name, created.name]  # newest first
    assert [d.name for d in pol.ListDisclosures(D.ListDisclosuresRequest(), timeout=10).disclosures] == [created.name]
    assert not nla.ListDisclosures(D.ListDisclosuresRequest(), timeout=10).disclosures
    fails(grpc.StatusCode.NOT_FOUND, nla.GetDisclosure, D.GetDisclosureRequest(name=created.name))
    # Nor can it answer: for nla the request does not exist.
    fails(grpc.StatusCode.NOT_FOUND, nla.AnswerDisclosure,
          D.AnswerDisclosureRequest(name=created.name, approve=False, reason="niet-noodzakelijk"))

    # vtgv approves with one payload per recipient; a retry is harmless; a change of mind is not.
    approve = D.AnswerDisclosureRequest(name=created.name, approve=True, sealed=[fake_sealed(CHAIR, b"v")])
    answered = vt.AnswerDisclosure(approve, timeout=10).disclosure
    mine = next(a for a in answered.answers if a.partner == "vtgv")
    assert mine.state == D.ANSWER_STATE_APPROVED and mine.decide_time.seconds > 0
    assert not mine.sealed  # vtgv is not a recipient, so it does not get the payload back
    assert vt.AnswerDisclosure(approve, timeout=10).disclosure == answered
    fails(grpc.StatusCode.FAILED_PRECONDITION, vt.AnswerDisclosure,
          D.AnswerDisclosureRequest(name=created.name, approve=False, reason="geen-grondslag"))

    # politie-avim refuses; the reason reaches the chair but no other partner, and no log.
    refuse = D.AnswerDisclosureRequest(name=created.name, approve=False, reason=REASON)
    assert pol.AnswerDisclosure(refuse, timeout=10).disclosure.answers[0].state == D.ANSWER_STATE_REFUSED
    pol.AnswerDisclosure(refuse, timeout=10)  # retry: same decision, same state
    fails(grpc.StatusCode.FAILED_PRECONDITION, pol.AnswerDisclosure, approve)

    seen_by_chair = ch.GetDisclosure(D.GetDisclosureRequest(name=created.name), timeout=10).disclosure
    by_partner = {a.partner: a for a in seen_by_chair.answers}
    assert by_partner["politie-avim"].state == D.ANSWER_STATE_REFUSED and by_partner["politie-avim"].reason == REASON
    assert [(s.recipient, s.ciphertext) for s in by_partner["vtgv"].sealed] == [(CHAIR, approve.sealed[0].ciphertext)]
    ch.GetDisclosure(D.GetDisclosureRequest(name=created.name), timeout=10)  # delivered again: logged once
    seen_by_vt = {a.partner: a for a in vt.GetDisclosure(D.GetDisclosureRequest(name=created.name), timeout=10).disclosure.answers}
    assert seen_by_vt["politie-avim"].reason == "" and not seen_by_vt["politie-avim"].signal_refs
    assert list(seen_by_vt["vtgv"].signal_refs) == refs["vtgv"] and not seen_by_vt["vtgv"].sealed
    # Listings never carry payloads.
    chair_list = ch.ListDisclosures(D.ListDisclosuresRequest(hit=hit.name), timeout=10).disclosures
    assert {d.name for d in chair_list} == {created.name, only_vt.name}
    assert all(not a.sealed for d in chair_list for a in d.answers)
    page = ch.ListDisclosures(D.ListDisclosuresRequest(page_size=1), timeout=10)
    rest = ch.ListDisclosures(D.ListDisclosuresRequest(page_size=1, page_token=page.next_page_token), timeout=10)
    assert [page.disclosures[0].name, rest.disclosures[0].name] == [only_vt.name, created.name]
    assert not rest.next_page_token

    # Opening is reported by the recipient, only for payloads it actually received.
    ch.RecordDisclosureOpened(D.RecordDisclosureOpenedRequest(name=created.name, partners=["vtgv"]), timeout=10)
    err = fails(grpc.StatusCode.INVALID_ARGUMENT, ch.RecordDisclosureOpened,
                D.RecordDisclosureOpenedRequest(name=created.name, partners=["politie-avim"]))
    assert "partners[0]" in violations(err)
    fails(grpc.StatusCode.PERMISSION_DENIED, vt.RecordDisclosureOpened,
          D.RecordDisclosureOpenedRequest(name=created.name, partners=["vtgv"]))

    entries = audit_entries(federation)
    actions = [(e.action, e.actor_role, e.actor_org) for e, _ in entries if e.action.startswith(("disclosure.", "hit.status"))]
    assert actions == [
        ("hit.status_changed", "chair", "voorzitter"),
        ("disclosure.requested", "chair", "voorzitter"),
        ("disclosure.requested", "chair", "voorzitter"),
        ("disclosure.approved", "partner", "vtgv"),
        ("disclosure.answer_refused", "partner", "vtgv"),  # the change of mind, refused and logged
        ("disclosure.refused", "partner", "politie-avim"),
        ("disclosure.answer_refused", "partner", "politie-avim"),
        ("disclosure.delivered", "chair", "voorzitter"),
        ("disclosure.opened", "chair", "voorzitter"),
    ]
    requested = next(e for e, _ in entries if e.action == "disclosure.requested")
    assert requested.objects == (created.name, hit.name)
    assert (requested.purpose, requested.legal_basis) == ("signaalbeoordeling", "riec-convenant")
    assert requested.data_categories == ("persons", "contact_details")
    assert requested.recipients == (CHAIR,)
    assert dict(requested.details)["partners"] == "politie-avim,vtgv"
    delivered = next(e for e, _ in entries if e.action == "disclosure.delivered")
    assert delivered.recipients == (CHAIR,) and dict(delivered.details)["partners"] == "vtgv"
    # No free text and nothing of a payload in any entry.
    for _, raw in entries:
        for secret in (REASON.encode(), b"Lopend", approve.sealed[0].ciphertext[24:40], b"toch niet"):
            assert secret not in raw


def test_validation_and_roles(federation):
    _, hit = start_with_hit(federation)
    ch, vt = chair(federation), partner(federation, "vtgv")

    err = fails(grpc.StatusCode.INVALID_ARGUMENT, ch.CreateDisclosure,
                request(hit.name, purpose="nieuwsgierigheid", legal_basis="", categories=[D.DATA_CATEGORY_PERSONS, 99]))
    found = violations(err)
    assert set(found) == {"purpose", "legal_basis", "categories[1]"}
    assert all(p in found["purpose"] for p in DEFAULT_POLICY.purposes)  # names the allowed ids
    assert all(b in found["legal_basis"] for b in DEFAULT_POLICY.legal_bases)
    assert set(violations(fails(grpc.StatusCode.INVALID_ARGUMENT, ch.CreateDisclosure, request(hit.name, categories=[])))) == {"categories"}
    assert set(violations(fails(grpc.StatusCode.INVALID_ARGUMENT, ch.CreateDisclosure,
                                request(hit.name, categories=[D.DATA_CATEGORY_UNSPECIFIED])))) == {"categories[0]"}
    err = fails(grpc.StatusCode.INVALID_ARGUMENT, ch.CreateDisclosure, request(hit.name, partners=["vtgv", "nla"]))
    assert set(violations(err)) == {"partners[1]"}
    assert set(violations(fails(grpc.StatusCode.INVALID_ARGUMENT, ch.CreateDisclosure, request("hit-1")))) == {"hit"}
    fails(grpc.StatusCode.NOT_FOUND, ch.CreateDisclosure, request("hits/999999"))
    assert not ch.ListDisclosures(D.ListDisclosuresRequest(), timeout=10).disclosures  # nothing was created
    assert not disclosure_entries(federation)

    name = ch.CreateDisclosure(request(hit.name), timeout=10).disclosure.name
    bad_answers = {
        "sealed": D.AnswerDisclosureRequest(name=name, approve=True),
        "sealed[1].recipient": D.AnswerDisclosureRequest(
            name=name, approve=True, sealed=[fake_sealed(CHAIR), fake_sealed("partner/nla")]
        ),
        "sealed[0].ciphertext": D.AnswerDisclosureRequest(
            name=name, approve=True, sealed=[D.SealedPayload(recipient=CHAIR, ciphertext=b"x" * 39)]
        ),
        "reason": D.AnswerDisclosureRequest(name=name, approve=False, reason="   "),
    }
    for field, bad in bad_answers.items():
        assert field in violations(fails(grpc.StatusCode.INVALID_ARGUMENT, vt.AnswerDisclosure, bad)), field
    assert "reason" in violations(
        fails(grpc.StatusCode.INVALID_ARGUMENT, vt.AnswerDisclosure, D.AnswerDisclosureRequest(name=name, approve=False, reason="Jan de Vries belde"))
    )
    assert "sealed[1].recipient" in violations(fails(
        grpc.StatusCode.INVALID_ARGUMENT, vt.AnswerDisclosure,
        D.AnswerDisclosureRequest(name=name, approve=True, sealed=[fake_sealed(CHAIR), fake_sealed(CHAIR)]),
    ))
    assert "name" in violations(fails(grpc.StatusCode.INVALID_ARGUMENT, ch.GetDisclosure, D.GetDisclosureRequest(name="disclosures/x")))
    fails(grpc.StatusCode.NOT_FOUND, ch.GetDisclosure, D.GetDisclosureRequest(name="disclosures/999"))

    # Roles: partners cannot ask, chairs cannot answer, other certificates cannot do anything.
    fails(grpc.StatusCode.PERMISSION_DENIED, vt.CreateDisclosure, request(hit.name))
    fails(grpc.StatusCode.PERMISSION_DENIED, ch.AnswerDisclosure,
          D.AnswerDisclosureRequest(name=name, approve=True, sealed=[fake_sealed(CHAIR)]))
    officer = federation.officer_config("tafel")
    for tls in (federation.node_config("vtgv").operator_tls, officer.tls):
        other = stub(federation, tls)
        calls = [
            (other.CreateDisclosure, request(hit.name)),
            (other.GetDisclosure, D.GetDisclosureRequest(name=name)),
            (other.ListDisclosures, D.ListDisclosuresRequest()),
            (other.RecordDisclosureOpened, D.RecordDisclosureOpenedRequest(name=name, partners=["vtgv"])),
            (other.AnswerDisclosure, D.AnswerDisclosureRequest(name=name, approve=False, reason="niet-noodzakelijk")),
        ]
        for call, message in calls:
            fails(grpc.StatusCode.PERMISSION_DENIED, call, message)
    # Nothing but the one request happened.
    assert [e.action for e in disclosure_entries(federation)] == ["disclosure.requested"]
    states = {a.state for a in ch.GetDisclosure(D.GetDisclosureRequest(name=name), timeout=10).disclosure.answers}
    assert states == {D.ANSWER_STATE_PENDING}


def test_payloads_to_partners_and_expiry(federation):
    cfg = federation.matcher_config()
    policy = replace(cfg.policy, disclose_to_partners=True)
    proc, hit = start_with_hit(federation, replace(cfg, policy=policy))
    ch, vt, pol = chair(federation), partner(federation, "vtgv"), partner(federation, "politie-avim")
    created = ch.CreateDisclosure(request(hit.name), timeout=10).disclosure
    recipients = [CHAIR, "partner/politie-avim", "partner/vtgv"]
    assert list(created.recipients) == recipients

    # A recipient that was not asked sees the request but cannot answer it.
    only_vt = ch.CreateDisclosure(request(hit.name, partners=["vtgv"]), timeout=10).disclosure
    assert list(only_vt.recipients) == recipients
    err = fails(grpc.StatusCode.FAILED_PRECONDITION, pol.AnswerDisclosure,
                D.AnswerDisclosureRequest(name=only_vt.name, approve=False, reason="niet-noodzakelijk"))
    assert "politie-avim" in err.details()

    payloads = [fake_sealed(r, fill) for r, fill in zip(recipients, (b"a", b"b", b"c"), strict=True)]
    err = fails(grpc.StatusCode.INVALID_ARGUMENT, vt.AnswerDisclosure,
                D.AnswerDisclosureRequest(name=created.name, approve=True, sealed=payloads[:1]))
    assert "partner/politie-avim" in violations(err)["sealed"]
    vt.AnswerDisclosure(D.AnswerDisclosureRequest(name=created.name, approve=True, sealed=payloads), timeout=10)

    # Every recipient gets exactly its own payload.
    for reader, me in ((ch, CHAIR), (pol, "partner/politie-avim"), (vt, "partner/vtgv")):
        answers = {a.partner: a for a in reader.GetDisclosure(D.GetDisclosureRequest(name=created.name), timeout=10).disclosure.answers}
        expected = next(p for p in payloads if p.recipient == me)
        assert [(s.recipient, s.ciphertext) for s in answers["vtgv"].sealed] == [(me, expected.ciphertext)]
        assert not answers["politie-avim"].sealed
    pol.RecordDisclosureOpened(D.RecordDisclosureOpenedRequest(name=created.name, partners=["vtgv"]), timeout=10)

    # politie-avim (and vtgv for the second request) let it lie; after the ttl those answers
    # expire and can no longer be given.
    later = (datetime.now(UTC) + timedelta(hours=policy.request_ttl_hours, minutes=1)).isoformat()
    assert proc.disclosures.expire_disclosures(later) == 2
    assert proc.disclosures.expire_disclosures(later) == 0
    err = fails(grpc.StatusCode.FAILED_PRECONDITION, pol.AnswerDisclosure,
                D.AnswerDisclosureRequest(name=created.name, approve=False, reason="overig"))
    assert "expired" in err.details()
    got = ch.GetDisclosure(D.GetDisclosureRequest(name=created.name), timeout=10).disclosure
    assert {a.partner: a.state for a in got.answers} == {"vtgv": D.ANSWER_STATE_APPROVED, "politie-avim": D.ANSWER_STATE_EXPIRED}
    assert next(a for a in got.answers if a.partner == "politie-avim").decide_time == got.expire_time
    listed = pol.ListDisclosures(D.ListDisclosuresRequest(state=D.ANSWER_STATE_EXPIRED), timeout=10).disclosures
    assert [d.name for d in listed] == [created.name]
    listed = vt.ListDisclosures(D.ListDisclosuresRequest(state=D.ANSWER_STATE_EXPIRED), timeout=10).disclosures
    assert [d.name for d in listed] == [only_vt.name]

    entries = disclosure_entries(federation)
    delivered = sorted((e.recipients, dict(e.details)["partners"]) for e in entries if e.action == "disclosure.delivered")
    assert delivered == [((r,), "vtgv") for r in recipients]
    opened = [e for e in entries if e.action == "disclosure.opened"]
    assert [(e.actor_org, e.recipients) for e in opened] == [("politie-avim", ("partner/politie-avim",))]
    expired = [(e.objects[0], e.actor_role, dict(e.details)["partners"]) for e in entries if e.action == "disclosure.expired"]
    assert expired == [(created.name, "system", "politie-avim"), (only_vt.name, "system", "vtgv")]


def test_expiry_is_applied_on_read_and_answer(federation):
    cfg = federation.matcher_config()
    _, hit = start_with_hit(federation, replace(cfg, policy=replace(cfg.policy, request_ttl_hours=0)))
    ch, vt = chair(federation), partner(federation, "vtgv")
    created = ch.CreateDisclosure(request(hit.name), timeout=10).disclosure
    assert {a.state for a in created.answers} == {D.ANSWER_STATE_PENDING}  # as created
    err = fails(grpc.StatusCode.FAILED_PRECONDITION, vt.AnswerDisclosure,
                D.AnswerDisclosureRequest(name=created.name, approve=True, sealed=[fake_sealed(CHAIR)]))
    assert "expired" in err.details()
    got = ch.GetDisclosure(D.GetDisclosureRequest(name=created.name), timeout=10).disclosure
    assert {a.state for a in got.answers} == {D.ANSWER_STATE_EXPIRED}
    expired = [e for e in disclosure_entries(federation) if e.action == "disclosure.expired"]
    assert len(expired) == 1 and dict(expired[0].details)["partners"] == "politie-avim,vtgv"


# -- pure rules --------------------------------------------------------------------------------------


def _disclosure(*answers: Answer, recipients=(CHAIR,)) -> Disclosure:
    return Disclosure(1, 7, "voorzitter", ("persons",), "signaalbeoordeling", "riec-convenant", answers,
                      recipients, "2026-01-01T00:00:00.000000+00:00", "2026-01-04T00:00:00.000000+00:00")


def test_validate_request_normalises_and_collects_every_problem():
    ok = validate_request("hits/7", ["vtgv", "nla", "vtgv"], ["contact_details", "persons", "persons"],
                          "doorverwijzing", "wpg-art-20", "", DEFAULT_POLICY)
    assert (ok.hit_id, ok.partners, ok.categories) == (7, ("nla", "vtgv"), ("persons", "contact_details"))
    with pytest.raises(ValidationError) as err:
        validate_request("hits/x", ["Not A Partner"], ["", "persons"], "p", "l", "has space", DEFAULT_POLICY)
    assert {v.field for v in err.value.violations} == {
        "hit", "partners[0]", "categories[0]", "purpose", "legal_basis", "request_id"
    }


def test_check_answer_rules():
    pending = _disclosure(Answer("vtgv", PENDING, "", ("r1",), ""))
    good = AnswerIn(True, "", (Sealed(CHAIR, b"z" * 40),))
    assert check_answer(pending, "vtgv", good) is True
    with pytest.raises(ConflictError):
        check_answer(pending, "nla", good)
    for state, same, other in ((APPROVED, good, AnswerIn(False, "overig", ())), (REFUSED, AnswerIn(False, "overig", ()), good)):
        decided = _disclosure(Answer("vtgv", state, "", ("r1",), "t"))
        assert check_answer(decided, "vtgv", same) is False
        with pytest.raises(ConflictError):
            check_answer(decided, "vtgv", other)
    with pytest.raises(ConflictError, match="expired"):
        check_answer(_disclosure(Answer("vtgv", EXPIRED, "", (), "t")), "vtgv", good)
    with pytest.raises(ValidationError) as err:
        check_answer(pending, "vtgv", AnswerIn(False, "overig", (Sealed(CHAIR, b"z" * 40),)))
    assert {v.field for v in err.value.violations} == {"sealed"}
    with pytest.raises(ValidationError) as err:
        check_answer(pending, "vtgv", AnswerIn(True, "omdat", (Sealed(CHAIR, b"z" * ((1 << 20) + 1)),)))
    assert {v.field for v in err.value.violations} == {"reason", "sealed[0].ciphertext"}


RECIPIENTS = (CHAIR, "chair/plaatsvervanger", "partner/vtgv", "partner/nla", "partner/politie-avim")


@settings(max_examples=100, deadline=None, derandomize=True)
@given(
    st.lists(st.sets(st.sampled_from(RECIPIENTS)), min_size=1, max_size=3),
    st.sampled_from(RECIPIENTS),
)
def test_a_view_never_holds_a_payload_for_someone_else(sealed_to, viewer):
    answers = tuple(
        Answer(p, APPROVED, f"reden {p}", (f"ref-{p}",), "t", tuple(Sealed(r, r.encode() * 8) for r in sorted(to)))
        for p, to in zip(("vtgv", "nla", "politie-avim"), sealed_to, strict=False)
    )
    role, name = viewer.split("/")
    who = Identity(TABLE, role, name)
    view = view_for(_disclosure(*answers, recipients=RECIPIENTS), who)
    assert all(s.recipient == viewer for a in view.answers for s in a.sealed)
    assert sum(len(a.sealed) for a in view.answers) == sum(viewer in to for to in sealed_to)
    for a in view.answers:
        if role == "partner" and a.partner != name:
            assert a.reason == "" and a.signal_refs == ()
        else:
            assert a.reason == f"reden {a.partner}"
    assert not any(a.sealed for a in view_for(_disclosure(*answers, recipients=RECIPIENTS), who, with_sealed=False).answers)
