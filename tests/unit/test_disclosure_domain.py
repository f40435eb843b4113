"""Disclosure at the node without a network: categories, payload, sealing, request checks, policy,
and the review store on a real vault."""

from __future__ import annotations

import base64
import os
from pathlib import Path

import nacl.public
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from signalmatch import crypto, enums
from signalmatch.config import DEFAULT_POLICY, ChairInfo, PartnerInfo
from signalmatch.deploy.enrol import DISCLOSURE_POLICY_TEMPLATE
from signalmatch.errors import AuthenticationError, ConfigError, ConflictError, NotFoundError, ValidationError
from signalmatch.node import disclosure
from signalmatch.node.intake import Intake
from signalmatch.node.pseudonymise import TokenKey
from signalmatch.node.reviews import APPROVED, EXPIRED, PENDING, REFUSED, Decider, Reviews
from signalmatch.node.signal import from_proto
from signalmatch.node.vault import Actor, Vault
from signalmatch.protocol import DATA_CATEGORIES
from signalmatch.v1 import common_pb2, disclosure_pb2, signal_pb2

D = disclosure_pb2
ALL = tuple(enums.number(D.DataCategory, c) for c in DATA_CATEGORIES)


def full_signal(n: int = 1) -> signal_pb2.Signal:
    """A signal with every field filled in, values unique per `n`."""
    return signal_pb2.Signal(
        external_id=f"ZAAK-{n}",
        observed_at="2026-01-14",
        municipality="Utrecht",
        place=f"Achterkamer van de kapsalon {n}",
        reporter=signal_pb2.Reporter(name=f"Meldster Geheim{n}", contact=f"melder{n}@example.org"),
        exploitation_types=[common_pb2.EXPLOITATION_TYPE_ARBEIDSUITBUITING],
        explanation=f"Toelichting nummer {n}: slapen op de werkplek",
        persons=[
            signal_pb2.Person(
                role=common_pb2.SUBJECT_ROLE_MOGELIJK_SLACHTOFFER,
                given_names="Jan",
                surname=f"Jansen{'x' * n}",
                date_of_birth="1990-02-03",
                bsn="111222333",
                phones=["06 12345678"],
                emails=[f"jan{n}@example.nl"],
            ),
            signal_pb2.Person(role=common_pb2.SUBJECT_ROLE_MOGELIJKE_DADER, phones=["06 87654321"]),
        ],
        addresses=[signal_pb2.Address(street="Oudegracht", house_number="5", postcode="3511 AB", city="Utrecht")],
        vehicles=[signal_pb2.Vehicle(kenteken="12-ABC-3")],
        companies=[signal_pb2.Company(name="Schoon BV", kvk="12345678", ibans=["NL91ABNA0417164300"])],
        adverts=[signal_pb2.Advert(url="https://example.nl/advert/1")],
    )


# -- categories ----------------------------------------------------------------------------------


def test_category_names_follow_the_proto_enum():
    assert list(DATA_CATEGORIES) == [
        "persons",
        "identity_numbers",
        "contact_details",
        "addresses",
        "vehicles",
        "companies",
        "adverts",
        "circumstances",
        "explanation",
    ]
    assert disclosure.parse_categories(["contact_details", "persons", "persons"]) == (
        D.DATA_CATEGORY_PERSONS,
        D.DATA_CATEGORY_CONTACT_DETAILS,
    )
    with pytest.raises(ValidationError) as info:
        disclosure.parse_categories(["persons", "reporter"])
    assert [(v.field, v.rule) for v in info.value.violations] == [("categories[1]", "disclosure.category.unknown")]
    with pytest.raises(ValidationError):
        disclosure.parse_categories([])


def test_each_category_covers_exactly_its_fields():
    s = full_signal()
    r = disclosure.restrict(s, [D.DATA_CATEGORY_CONTACT_DETAILS])
    assert [(list(p.phones), list(p.emails), p.given_names, p.bsn, p.role) for p in r.persons] == [
        (["06 12345678"], ["jan1@example.nl"], "", "", 0),
        (["06 87654321"], [], "", "", 0),
    ]
    assert not r.addresses and not r.explanation and not r.place and not r.companies
    r = disclosure.restrict(s, [D.DATA_CATEGORY_PERSONS])
    assert [(p.given_names, p.surname, p.date_of_birth, p.role, p.bsn, list(p.phones)) for p in r.persons] == [
        ("Jan", "Jansenx", "1990-02-03", common_pb2.SUBJECT_ROLE_MOGELIJK_SLACHTOFFER, "", []),
        ("", "", "", common_pb2.SUBJECT_ROLE_MOGELIJKE_DADER, "", []),
    ]
    r = disclosure.restrict(s, [D.DATA_CATEGORY_IDENTITY_NUMBERS])
    assert [p.bsn for p in r.persons] == ["111222333"]  # the second person has no BSN: dropped
    r = disclosure.restrict(s, [D.DATA_CATEGORY_CIRCUMSTANCES])
    assert (r.observed_at, r.place, r.municipality, list(r.exploitation_types)) == (
        s.observed_at,
        s.place,
        s.municipality,
        list(s.exploitation_types),
    )
    assert not r.persons and not r.explanation
    assert disclosure.restrict(s, [D.DATA_CATEGORY_EXPLANATION]) == signal_pb2.Signal(explanation=s.explanation)
    assert list(disclosure.restrict(s, [D.DATA_CATEGORY_COMPANIES]).companies) == list(s.companies)
    assert list(disclosure.restrict(s, [D.DATA_CATEGORY_VEHICLES]).vehicles) == list(s.vehicles)
    assert list(disclosure.restrict(s, [D.DATA_CATEGORY_ADVERTS]).adverts) == list(s.adverts)
    assert list(disclosure.restrict(s, [D.DATA_CATEGORY_ADDRESSES]).addresses) == list(s.addresses)


def _present(r: signal_pb2.Signal) -> set[int]:
    """The categories whose fields are filled in `r`."""
    checks = {
        D.DATA_CATEGORY_PERSONS: any(p.given_names or p.surname or p.date_of_birth or p.role for p in r.persons),
        D.DATA_CATEGORY_IDENTITY_NUMBERS: any(p.bsn for p in r.persons),
        D.DATA_CATEGORY_CONTACT_DETAILS: any(p.phones or p.emails for p in r.persons),
        D.DATA_CATEGORY_ADDRESSES: bool(r.addresses),
        D.DATA_CATEGORY_VEHICLES: bool(r.vehicles),
        D.DATA_CATEGORY_COMPANIES: bool(r.companies),
        D.DATA_CATEGORY_ADVERTS: bool(r.adverts),
        D.DATA_CATEGORY_CIRCUMSTANCES: bool(r.observed_at or r.place or r.municipality or r.exploitation_types),
        D.DATA_CATEGORY_EXPLANATION: bool(r.explanation),
    }
    return {category for category, filled in checks.items() if filled}


@settings(max_examples=60, deadline=None)
@given(st.sets(st.sampled_from(ALL)), st.integers(1, 5))
def test_restriction_holds_exactly_the_asked_categories_and_never_the_reporter(categories, n):
    s = full_signal(n)
    r = disclosure.restrict(s, categories)
    assert _present(r) == set(categories)
    data = r.SerializeToString()
    for secret in (s.reporter.name, s.reporter.contact, s.external_id):
        assert secret.encode() not in data
    assert not r.HasField("reporter") and not r.external_id and not r.name
    assert disclosure.restrict(r, categories) == r  # idempotent


def test_payload_leaves_out_withdrawn_signals():
    payload = disclosure.build_payload(
        "disclosures/7", "nla", [D.DATA_CATEGORY_EXPLANATION], [("aaa", full_signal(1)), ("bbb", None)]
    )
    assert [s.signal_ref for s in payload.signals] == ["aaa"]
    assert payload.disclosure == "disclosures/7" and payload.partner == "nla"
    assert list(payload.categories) == [D.DATA_CATEGORY_EXPLANATION]


# -- sealing -------------------------------------------------------------------------------------


def _request(**overrides) -> disclosure_pb2.Disclosure:
    request = disclosure_pb2.Disclosure(
        name="disclosures/7",
        hit="hits/3",
        requester="voorzitter",
        categories=[D.DATA_CATEGORY_PERSONS, D.DATA_CATEGORY_CONTACT_DETAILS],
        purpose="signaalbeoordeling",
        legal_basis="riec-convenant",
        answers=[
            disclosure_pb2.PartnerAnswer(partner="nla", state=D.ANSWER_STATE_PENDING, signal_refs=["aaa", "bbb"]),
            disclosure_pb2.PartnerAnswer(partner="vtgv", state=D.ANSWER_STATE_PENDING, signal_refs=["ccc"]),
        ],
        recipients=["chair/voorzitter"],
    )
    for key, value in overrides.items():
        field = getattr(request, key)
        if isinstance(value, list):
            del field[:]
            field.extend(value)
        else:
            setattr(request, key, value)
    return request


def test_sealed_payload_opens_only_for_the_recipient_and_proves_the_sender():
    nla, vtgv, chair, other_chair = (nacl.public.PrivateKey.generate() for _ in range(4))
    request = _request()
    payload = disclosure.build_payload(request.name, "nla", request.categories, [("aaa", full_signal())])
    sealed = disclosure.seal(payload, nla, chair.public_key)
    assert b"Jansen" not in sealed and len(sealed) > 24
    assert disclosure.open_sealed(sealed, chair, nla.public_key, request, "nla") == payload
    for key in (other_chair, vtgv, nla):  # another chair, another partner, the sender itself as "recipient"
        with pytest.raises(AuthenticationError):
            disclosure.open_sealed(sealed, key, nla.public_key, request, "nla")
    with pytest.raises(AuthenticationError):  # claimed to come from vtgv: not boxed with vtgv's key
        disclosure.open_sealed(sealed, chair, vtgv.public_key, request, "vtgv")
    tampered = bytearray(sealed)
    tampered[-1] ^= 1
    with pytest.raises(AuthenticationError):
        disclosure.open_sealed(bytes(tampered), chair, nla.public_key, request, "nla")


@pytest.mark.parametrize(
    "change",
    ["other_disclosure", "other_partner", "unrequested_category", "foreign_signal", "extra_field"],
)
def test_a_payload_that_does_not_fit_its_request_is_refused(change):
    nla, chair = nacl.public.PrivateKey.generate(), nacl.public.PrivateKey.generate()
    request = _request()
    payload = disclosure.build_payload(request.name, "nla", request.categories, [("aaa", full_signal())])
    if change == "other_disclosure":
        payload.disclosure = "disclosures/8"
    elif change == "other_partner":
        payload.partner = "vtgv"
    elif change == "unrequested_category":
        payload.categories.append(D.DATA_CATEGORY_EXPLANATION)
    elif change == "foreign_signal":
        payload.signals[0].signal_ref = "ccc"
    else:
        payload.signals[0].signal.reporter.name = "Meldster Geheim"
    sealed = disclosure.seal(payload, nla, chair.public_key)
    with pytest.raises(AuthenticationError):
        disclosure.open_sealed(sealed, chair, nla.public_key, request, "nla")


def test_key_files_of_federation_init_load_as_nacl_keys(tmp_path):
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    key = X25519PrivateKey.generate()
    crypto.write_private(tmp_path / "enc.key", crypto.private_key_pem(key))
    loaded = crypto.load_box_private(tmp_path / "enc.key")
    assert loaded.public_key == crypto.box_public_from_b64(crypto.public_key_b64(key))


# -- checking relayed requests -------------------------------------------------------------------


def _directory():
    def key() -> str:
        return base64.b64encode(bytes(nacl.public.PrivateKey.generate().public_key)).decode()

    partners = {p: PartnerInfo(p, "other", "", key()) for p in ("nla", "vtgv")}
    chairs = {"voorzitter": ChairInfo("voorzitter", "", key())}
    return partners, chairs


def test_a_valid_request_passes_the_check():
    partners, chairs = _directory()
    assert disclosure.check_request(_request(), "nla", DEFAULT_POLICY, partners, chairs) == []


@pytest.mark.parametrize(
    ("overrides", "rule"),
    [
        ({"purpose": "nieuwsgierigheid"}, "disclosure.purpose.unknown"),
        ({"legal_basis": "geen"}, "disclosure.legal_basis.unknown"),
        ({"categories": []}, "disclosure.categories.required"),
        ({"categories": [0]}, "disclosure.category.unknown"),
        ({"categories": [42]}, "disclosure.category.unknown"),
        ({"recipients": ["chair/voorzitter", "partner/vtgv"]}, "disclosure.recipient.partner_not_allowed"),
        ({"recipients": ["chair/voorzitter", "chair/onbekend"]}, "disclosure.recipient.unknown"),
        ({"recipients": ["chair/voorzitter", "matcher"]}, "disclosure.recipient.unknown"),
        ({"recipients": ["partner/onbekend", "chair/voorzitter"]}, "disclosure.recipient.unknown"),
        ({"recipients": []}, "disclosure.recipient.chair_required"),
        ({"answers": []}, "disclosure.answer.missing"),
        ({"name": "disclosures/a b"}, "disclosure.name.format"),
        ({"hit": "hits/x"}, "disclosure.hit.format"),
    ],
)
def test_the_node_checks_what_the_matcher_relays(overrides, rule):
    partners, chairs = _directory()
    violations = disclosure.check_request(_request(**overrides), "nla", DEFAULT_POLICY, partners, chairs)
    assert rule in {v.rule for v in violations}


def test_partners_may_be_recipients_where_the_table_allows_it():
    from dataclasses import replace

    partners, chairs = _directory()
    request = _request(recipients=["chair/voorzitter", "partner/nla", "partner/vtgv"])
    assert (
        disclosure.check_request(request, "nla", replace(DEFAULT_POLICY, disclose_to_partners=True), partners, chairs)
        == []
    )


# -- auto-approve policy -------------------------------------------------------------------------


def test_the_policy_template_of_federation_init_has_no_rules(tmp_path):
    path = tmp_path / "policy.toml"
    path.write_text(DISCLOSURE_POLICY_TEMPLATE)
    policy = disclosure.load_policy(path, DEFAULT_POLICY)
    assert (
        policy.rules == () and policy.match([D.DATA_CATEGORY_CIRCUMSTANCES], "riec-convenant", "doorverwijzing") is None
    )


def test_a_rule_approves_only_its_categories_under_its_legal_bases(tmp_path):
    path = tmp_path / "policy.toml"
    path.write_text(
        '[[auto_approve]]\nid = "omstandigheden"\ncategories = ["circumstances", "explanation"]\n'
        'legal_bases = ["riec-convenant"]\n\n'
        '[[auto_approve]]\ncategories = ["vehicles"]\nlegal_bases = ["wpg-art-20"]\npurposes = ["doorverwijzing"]\n'
    )
    policy = disclosure.load_policy(path, DEFAULT_POLICY)
    circ, expl = D.DATA_CATEGORY_CIRCUMSTANCES, D.DATA_CATEGORY_EXPLANATION
    assert policy.match([circ], "riec-convenant", "signaalbeoordeling").id == "omstandigheden"
    assert policy.match([circ, expl], "riec-convenant", "doorverwijzing").id == "omstandigheden"
    assert policy.match([circ, D.DATA_CATEGORY_PERSONS], "riec-convenant", "doorverwijzing") is None
    assert policy.match([circ], "wpg-art-20", "doorverwijzing") is None
    assert policy.match([D.DATA_CATEGORY_VEHICLES], "wpg-art-20", "doorverwijzing").id == "rule-2"
    assert policy.match([D.DATA_CATEGORY_VEHICLES], "wpg-art-20", "signaalbeoordeling") is None


@pytest.mark.parametrize(
    "text",
    [
        '[[auto_approve]]\ncategories = ["reporter"]\nlegal_bases = ["riec-convenant"]\n',
        '[[auto_approve]]\ncategories = ["persons"]\nlegal_bases = ["onbekend"]\n',
        '[[auto_approve]]\ncategories = []\nlegal_bases = ["riec-convenant"]\n',
        '[[auto_approve]]\ncategories = ["persons"]\n',
        '[[auto_approve]]\ncategories = ["persons"]\nlegal_bases = ["riec-convenant"]\nalways = true\n',
        '[[auto_approve]]\nid = "x"\ncategories = ["persons"]\nlegal_bases = ["riec-convenant"]\n' * 2,
        "auto_approve = 3\n",
        "not toml [",
    ],
)
def test_a_bad_policy_file_is_a_config_error(tmp_path, text):
    path = tmp_path / "policy.toml"
    path.write_text(text)
    with pytest.raises(ConfigError):
        disclosure.load_policy(path, DEFAULT_POLICY)


# -- the review store on a real vault -------------------------------------------------------------

OPERATOR = Actor("nla", "operator", "spiffe://midden-nederland/operator/nla")
OFFICER = Decider("officer", "spiffe://midden-nederland/officer/nla")
NOW = "2026-03-01T10:00:00.000000Z"
LATER = "2026-03-01T11:00:00.000000Z"


@pytest.fixture
def store(tmp_path: Path):
    vault = Vault(tmp_path / "vault.sqlite", os.urandom(32), "midden-nederland/partner/nla")
    intake = Intake(vault, TokenKey("midden-nederland", 1, os.urandom(32)), DEFAULT_POLICY.municipalities)
    refs = [intake.create(from_proto(full_signal(n)), OPERATOR)[0].ref for n in (1, 2)]
    yield vault, intake, Reviews(vault, "nla"), refs
    vault.close()


def _timed(refs, expire: str = "2026-03-02T10:00:00Z", name: str = "disclosures/7") -> disclosure_pb2.Disclosure:
    request = _request(name=name)
    del request.answers[0].signal_refs[:]
    request.answers[0].signal_refs.extend(refs)
    request.answers[0].sealed.add(recipient="chair/voorzitter", ciphertext=b"x")  # never stored
    request.expire_time.FromJsonString(expire)
    return request


def _audit(vault: Vault) -> list:
    return vault.audit.entries(0, vault.audit.size())


def test_a_review_goes_from_received_to_decided_to_sent_with_audit_entries(store):
    vault, _, reviews, refs = store
    request = _timed(refs)
    assert reviews.receive(request, NOW) is True
    assert reviews.receive(request, NOW) is False  # the next poll: known already
    review = reviews.get("disclosures/7", NOW)
    assert review.state == PENDING and not review.delivered
    assert not any(a.sealed for a in review.request.answers)
    assert reviews.undelivered(NOW) == []
    payload = reviews.payload(review)
    assert [s.signal_ref for s in payload.signals] == refs
    assert payload.signals[0].signal.persons[0].surname == "Jansenx"
    assert not payload.signals[0].signal.explanation

    decided = reviews.decide("disclosures/7", True, "", OFFICER, LATER)
    assert (decided.state, decided.decided_by, decided.decide_time) == (APPROVED, OFFICER.user, LATER)
    with pytest.raises(ConflictError):
        reviews.decide("disclosures/7", False, "toch niet", OFFICER, LATER)
    assert [r.name for r in reviews.undelivered(LATER)] == ["disclosures/7"]
    reviews.mark_delivered("disclosures/7", refs, LATER)
    reviews.mark_delivered("disclosures/7", refs, LATER)  # twice is harmless
    assert reviews.undelivered(LATER) == [] and reviews.get("disclosures/7", LATER).delivered

    entries = [e for e in _audit(vault) if e.action.startswith("disclosure.")]
    assert [e.action for e in entries] == ["disclosure.received", "disclosure.approved", "disclosure.sent"]
    approved = entries[1]
    assert (approved.actor_role, approved.actor_user, approved.actor_org) == ("officer", OFFICER.user, "nla")
    assert approved.objects == ("disclosures/7", "hits/3", *(f"signals/{r}" for r in refs))
    assert approved.data_categories == ("persons", "contact_details")
    assert (approved.purpose, approved.legal_basis, approved.recipients) == (
        "signaalbeoordeling",
        "riec-convenant",
        ("chair/voorzitter",),
    )
    assert dict(entries[2].details) == {"answer": "approved"}


def test_an_automatic_decision_commits_with_the_request_and_names_its_rule(store):
    vault, _, reviews, refs = store
    reviews.receive(_timed(refs), NOW, (True, "", Decider("system", "node/nla", "omstandigheden")))
    review = reviews.get("disclosures/7", NOW)
    assert (review.state, review.decided_by) == (APPROVED, "policy:omstandigheden")
    approved = [e for e in _audit(vault) if e.action == "disclosure.approved"]
    assert [(e.actor_role, dict(e.details)) for e in approved] == [("system", {"rule": "omstandigheden"})]


def test_a_refusal_keeps_its_reason_out_of_the_audit_log(store):
    vault, _, reviews, refs = store
    reviews.receive(_timed(refs), NOW)
    with pytest.raises(NotFoundError):
        reviews.decide("disclosures/8", False, "niet-noodzakelijk", OFFICER, NOW)
    review = reviews.decide("disclosures/7", False, "Lopend strafrechtelijk onderzoek", OFFICER, NOW)
    assert (review.state, review.reason) == (REFUSED, "Lopend strafrechtelijk onderzoek")
    log_bytes = b"".join(e.canonical_bytes() for e in _audit(vault))
    assert b"strafrechtelijk" not in log_bytes and b"Jansen" not in log_bytes


def test_a_request_past_its_expire_time_cannot_be_decided(store):
    vault, _, reviews, refs = store
    reviews.receive(_timed(refs, expire="2026-03-01T10:30:00Z"), NOW)
    assert reviews.get("disclosures/7", NOW).state == PENDING
    assert reviews.get("disclosures/7", LATER).state == EXPIRED  # reads as expired at once
    assert [r.name for r in reviews.list_reviews(LATER, 10, state=PENDING)[0]] == []
    with pytest.raises(ConflictError):
        reviews.decide("disclosures/7", True, "", OFFICER, LATER)
    assert reviews.expire(LATER) == ["disclosures/7"]
    assert reviews.expire(LATER) == []
    assert [e.action for e in _audit(vault)][-1] == "disclosure.expired"


def test_withdrawn_signals_drop_out_of_the_payload(store):
    _, intake, reviews, refs = store
    reviews.receive(_timed(refs), NOW)
    intake.withdraw(refs[0], OPERATOR)
    payload = reviews.payload(reviews.get("disclosures/7", NOW))
    assert [s.signal_ref for s in payload.signals] == [refs[1]]


def test_reviews_list_newest_first_in_pages_and_by_state(store):
    _, _, reviews, refs = store
    for i in range(5):
        reviews.receive(_timed(refs, name=f"disclosures/{i}"), f"2026-03-01T10:00:0{i}.000000Z")
    reviews.decide("disclosures/3", True, "", OFFICER, NOW)
    names, token = [], ""
    while True:
        page, token = reviews.list_reviews(NOW, 2, token)
        names += [r.name for r in page]
        if not token:
            break
    assert names == [f"disclosures/{i}" for i in (4, 3, 2, 1, 0)]
    assert [r.name for r in reviews.list_reviews(NOW, 10, state=APPROVED)[0]] == ["disclosures/3"]
    assert len(reviews.list_reviews(NOW, 10, state=PENDING)[0]) == 4


def test_an_invalid_request_can_still_be_stored_and_audited(store):
    vault, _, reviews, refs = store
    request = _timed(refs)
    request.purpose = "vrije tekst met spaties"
    request.categories.append(42)
    reviews.receive(request, NOW, (False, "ongeldig", Decider("system", "node/nla", "invalid-request")))
    entry = [e for e in _audit(vault) if e.action == "disclosure.refused"][0]
    assert entry.purpose == "invalid" and "invalid" in entry.data_categories
