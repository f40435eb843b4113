"""The matcher's store: links, hits, withdrawal, expiry, review workflow, listing, persistence."""

from __future__ import annotations

import hashlib
import tempfile
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from signalmatch.errors import ConflictError, NotFoundError, ValidationError
from signalmatch.matcher.match import (
    HitChanges,
    HitFilter,
    Metadata,
    SignalIn,
    TokenIn,
    canonical_time,
)
from signalmatch.matcher.store import MatchStore
from signalmatch.workflow import STATUSES

T0 = datetime(2025, 3, 1, 10, 0, tzinfo=UTC)
MD = Metadata(("arbeidsuitbuiting",), "Utrecht", "2025-02", ("mogelijk_slachtoffer",))


def at(minutes: float = 0) -> str:
    return (T0 + timedelta(minutes=minutes)).isoformat()


def tok(name: str, kind: str = "phone") -> TokenIn:
    return TokenIn(kind, hashlib.sha256(f"{kind}:{name}".encode()).digest())


def sig(partner: str, ref: str, *tokens: TokenIn, md: Metadata = MD) -> SignalIn:
    return SignalIn(partner, ref, 1, tuple(tokens), md)


def digest(signal: SignalIn) -> bytes:
    return hashlib.sha256(repr(signal).encode()).digest()


def submit(store: MatchStore, signal: SignalIn, now: str | None = None) -> HitChanges:
    with store.transaction():
        return store.submit(signal, digest(signal), now or at())


def withdraw(store: MatchStore, partner: str, ref: str, now: str | None = None) -> HitChanges:
    with store.transaction():
        return store.withdraw(partner, ref, now or at())


def set_status(store: MatchStore, hit_id: int, status: str, referred_to: str = "", note: str = "", now: str = ""):
    with store.transaction():
        return store.set_status(hit_id, status, referred_to, note, now or at(1))


def all_hits(store: MatchStore):
    hits, token, _ = store.list_hits(HitFilter(), 1000, "")
    assert token == ""
    return hits


def members(hit) -> set[tuple[str, str]]:
    return {(s.partner, s.signal_ref) for s in hit.signals}


@pytest.fixture
def store(tmp_path: Path):
    s = MatchStore(tmp_path / "matcher.db")
    yield s
    s.close()


# --- links and hits ------------------------------------------------------------------------


def test_links_only_across_partners(store):
    assert not submit(store, sig("nla", "n1", tok("x")))
    assert not submit(store, sig("nla", "n2", tok("x")))  # same partner: no link
    assert all_hits(store) == []
    changes = submit(store, sig("politie", "p1", tok("x")))
    (hit,) = all_hits(store)
    assert changes.created == (hit.id,)
    assert members(hit) == {("nla", "n1"), ("nla", "n2"), ("politie", "p1")}
    pairs = {frozenset((link.a, link.b)) for link in hit.links}
    assert pairs == {
        frozenset({("nla", "n1"), ("politie", "p1")}),
        frozenset({("nla", "n2"), ("politie", "p1")}),
    }
    assert hit.partners == ("nla", "politie")
    assert hit.status == "nieuw" and not hit.new_evidence


def test_link_records_kinds_and_times_never_values(store):
    submit(store, sig("nla", "n1", tok("x", "phone"), tok("a", "address"), tok("only-n1", "email")))
    submit(store, sig("politie", "p1", tok("a", "address"), tok("x", "phone"), tok("b", "bsn")), now=at(5))
    (hit,) = all_hits(store)
    (link,) = hit.links
    assert link.kinds == ("address", "phone")
    assert link.first_seen == link.last_seen == canonical_time(at(5))
    assert hit.kinds == ("address", "phone")
    assert [s.receive_time for s in hit.signals] == [canonical_time(at()), canonical_time(at(5))]
    assert hit.signals[0].metadata == MD
    assert store.signal_count() == 2 and store.token_count() == 6


def test_chain_forms_one_hit(store):
    submit(store, sig("nla", "n1", tok("x")))
    submit(store, sig("politie", "p1", tok("x"), tok("y", "email")))
    submit(store, sig("gemeente", "g1", tok("y", "email"), tok("z", "kenteken")))
    submit(store, sig("nla", "n2", tok("z", "kenteken")))
    (hit,) = all_hits(store)
    assert members(hit) == {("nla", "n1"), ("politie", "p1"), ("gemeente", "g1"), ("nla", "n2")}
    assert len(hit.links) == 3
    assert hit.kinds == ("email", "kenteken", "phone")


def test_merge_keeps_oldest_id_and_status(store):
    first, second = make_hit(store, "x"), make_hit(store, "y")
    assert first < second
    set_status(store, first, "in_behandeling")
    set_status(store, second, "besproken")

    changes = submit(store, sig("om", "o1", tok("x"), tok("y")))
    assert changes == HitChanges(updated=(first,), merged=((second, first),))
    (hit,) = all_hits(store)
    assert hit.id == first and hit.status == "in_behandeling"
    assert not hit.new_evidence  # in_behandeling is not yet discussed
    assert len(hit.signals) == 5 and len(hit.links) == 6  # o1 links to all four
    with pytest.raises(NotFoundError, match=str(first)):
        store.get_hit(second)
    with pytest.raises(NotFoundError):
        set_status(store, second, "afgesloten", note="dubbel")


def test_merged_chain_points_to_final_hit(store):
    ids = []
    for n in range(3):
        submit(store, sig("nla", f"n{n}", tok(f"t{n}")))
        ids += submit(store, sig("politie", f"p{n}", tok(f"t{n}"))).created
    submit(store, sig("om", "o1", tok("t1"), tok("t2")))  # hit 2 and 3 merge into 2
    submit(store, sig("om", "o2", tok("t0"), tok("t1")))  # then 2 into 1
    (hit,) = all_hits(store)
    assert hit.id == ids[0]
    with pytest.raises(NotFoundError, match=f"{ids[0]}"):
        store.get_hit(ids[2])


def test_withdraw_splits_hit_into_components(store):
    # n1 - p1 - g1 - n2 - p2 - g2 (a path); withdrawing g1 leaves {n1,p1} and {n2,p2,g2}
    submit(store, sig("nla", "n1", tok("a")))
    hit_id = submit(store, sig("politie", "p1", tok("a"), tok("b"))).created[0]
    submit(store, sig("gemeente", "g1", tok("b"), tok("c")))
    submit(store, sig("nla", "n2", tok("c"), tok("d")))
    submit(store, sig("politie", "p2", tok("d"), tok("e")))
    submit(store, sig("gemeente", "g2", tok("e")))
    set_status(store, hit_id, "besproken")

    changes = withdraw(store, "gemeente", "g1", now=at(10))
    assert changes.updated == (hit_id,) and len(changes.created) == 1
    kept, split = store.get_hit(hit_id), store.get_hit(changes.created[0])
    assert members(kept) == {("nla", "n2"), ("politie", "p2"), ("gemeente", "g2")}
    assert kept.status == "besproken" and kept.update_time == canonical_time(at(10))
    assert members(split) == {("nla", "n1"), ("politie", "p1")}
    assert split.status == "nieuw" and len(split.links) == 1
    assert store.signal_count() == 5


def test_withdraw_drops_loose_signals_and_dissolves(store):
    submit(store, sig("nla", "n1", tok("a")))
    submit(store, sig("politie", "p1", tok("a"), tok("b")))
    hit_id = all_hits(store)[0].id
    submit(store, sig("gemeente", "g1", tok("b")))
    changes = withdraw(store, "politie", "p1")  # n1 and g1 are no longer linked
    assert changes.dissolved == (hit_id,) and changes.created == () and changes.updated == ()
    assert all_hits(store) == []
    with pytest.raises(NotFoundError):
        store.get_hit(hit_id)
    assert store.token_count() == 2
    # the survivors still match new signals, in a new hit
    changes = submit(store, sig("om", "o1", tok("a")))
    (hit,) = all_hits(store)
    assert changes.created == (hit.id,) and hit.id != hit_id
    assert members(hit) == {("nla", "n1"), ("om", "o1")}


def test_tombstone_stops_resurrection(store):
    s = sig("nla", "n1", tok("a"))
    submit(store, s)
    submit(store, sig("politie", "p1", tok("a")))
    withdraw(store, "nla", "n1")
    assert store.is_tombstoned("nla", "n1")
    assert not submit(store, s)  # late retry of the original submission
    assert not submit(store, sig("nla", "n1", tok("a"), tok("b")))  # nor an edit
    assert store.signal_count() == 1 and all_hits(store) == []
    # withdrawing again, or a ref never seen, changes nothing
    assert not withdraw(store, "nla", "n1")
    assert not withdraw(store, "nla", "never-seen")
    assert not submit(store, sig("nla", "never-seen", tok("a")))
    assert store.signal_count() == 1


def test_resubmission_with_same_content_is_a_no_op(store):
    s = sig("nla", "n1", tok("a"))
    submit(store, s)
    submit(store, sig("politie", "p1", tok("a")))
    before = all_hits(store)
    assert not submit(store, s, now=at(60))
    assert all_hits(store) == before
    assert store.signal_count() == 2 and store.token_count() == 2


def test_edited_signal_is_rematched(store):
    submit(store, sig("nla", "n1", tok("a")))
    first = submit(store, sig("politie", "p1", tok("a"))).created[0]
    submit(store, sig("gemeente", "g1", tok("b")))
    # the node edits n1: it no longer has token a but token b
    changes = submit(store, sig("nla", "n1", tok("b")), now=at(30))
    assert changes.dissolved == (first,)
    (hit,) = all_hits(store)
    assert changes.created == (hit.id,)
    assert members(hit) == {("nla", "n1"), ("gemeente", "g1")}
    assert hit.signals[0].receive_time == canonical_time(at())  # first receipt counts
    assert store.token_count() == 3


def test_edit_keeping_a_link_updates_evidence_and_metadata(store):
    submit(store, sig("nla", "n1", tok("a")))
    hit_id = submit(store, sig("politie", "p1", tok("a"), tok("e", "email"))).created[0]
    md2 = Metadata(("seksuele_uitbuiting",), "Amersfoort", "2025-01", ("mogelijke_dader",))
    changes = submit(store, sig("nla", "n1", tok("a"), tok("e", "email"), md=md2), now=at(30))
    assert changes == HitChanges(updated=(hit_id,))
    hit = store.get_hit(hit_id)
    (link,) = hit.links
    assert link.kinds == ("email", "phone")
    assert link.first_seen == canonical_time(at()) and link.last_seen == canonical_time(at(30))
    assert {s.signal_ref: s.metadata for s in hit.signals}["n1"] == md2


def test_edit_can_split_and_merge_in_one_step(store):
    submit(store, sig("nla", "n1", tok("a")))
    old = submit(store, sig("politie", "p1", tok("a"), tok("b"))).created[0]
    submit(store, sig("gemeente", "g1", tok("b")))
    submit(store, sig("om", "o1", tok("c")))
    other = submit(store, sig("kmar", "k1", tok("c"))).created[0]
    # p1 now links to o1 instead of n1: n1 leaves; {p1, g1} keeps `old` and merges with `other`
    submit(store, sig("politie", "p1", tok("b"), tok("c")))
    (hit,) = all_hits(store)
    assert hit.id == old
    assert members(hit) == {("politie", "p1"), ("gemeente", "g1"), ("om", "o1"), ("kmar", "k1")}
    with pytest.raises(NotFoundError):
        store.get_hit(other)


def test_expiry_withdraws_old_signals(store):
    submit(store, sig("nla", "n1", tok("a")), now=at(0))
    submit(store, sig("politie", "p1", tok("a")), now=at(60 * 24 * 5))
    submit(store, sig("gemeente", "g1", tok("a")), now=at(60 * 24 * 10))
    hit_id = all_hits(store)[0].id
    with store.transaction():
        changes = store.expire(at(60 * 24 * 12), retention_days=7)  # cut-off: day 5
    assert changes == HitChanges(updated=(hit_id,))
    assert members(store.get_hit(hit_id)) == {("politie", "p1"), ("gemeente", "g1")}
    assert store.is_tombstoned("nla", "n1") and store.signal_count() == 2
    with store.transaction():
        changes = store.expire(at(60 * 24 * 16), retention_days=7)
    assert changes == HitChanges(dissolved=(hit_id,))
    assert store.signal_count() == 1 and store.token_count() == 1


# --- review workflow -----------------------------------------------------------------------


def make_hit(store: MatchStore, name: str = "a", municipality: str = "Utrecht", now: str = "") -> int:
    md = Metadata(("arbeidsuitbuiting",), municipality, "2025-02", ())
    submit(store, sig("nla", f"n-{name}", tok(name), md=md), now=now)
    return submit(store, sig("politie", f"p-{name}", tok(name), md=md), now=now).created[0]


PATH = {
    "nieuw": [],
    "in_behandeling": [("in_behandeling", "", "")],
    "info_opgevraagd": [("info_opgevraagd", "", "")],
    "besproken": [("besproken", "", "")],
    "doorgeleid": [("doorgeleid", "politie", "")],
    "afgesloten": [("afgesloten", "", "geen aanwijzingen")],
}


@pytest.mark.parametrize(
    "current,target,referred_to,note",
    [
        ("nieuw", "in_behandeling", "", ""),
        ("nieuw", "besproken", "", ""),  # forward may skip steps
        ("nieuw", "afgesloten", "", "dubbele melding"),
        ("in_behandeling", "info_opgevraagd", "", ""),
        ("info_opgevraagd", "doorgeleid", "zorgcoordinator", "traject gestart"),
        ("besproken", "in_behandeling", "", "heropend"),
        ("doorgeleid", "in_behandeling", "", ""),
        ("afgesloten", "in_behandeling", "", ""),
    ],
)
def test_allowed_transitions(store, current, target, referred_to, note):
    hit_id = make_hit(store)
    for step in PATH[current]:
        set_status(store, hit_id, *step)
    hit = set_status(store, hit_id, target, referred_to, note)
    assert hit.status == target
    assert hit.referred_to == referred_to and hit.status_note == note
    assert store.get_hit(hit_id) == hit


@pytest.mark.parametrize(
    "current,target",
    [
        ("in_behandeling", "nieuw"),
        ("besproken", "nieuw"),
        ("info_opgevraagd", "in_behandeling"),
        ("besproken", "info_opgevraagd"),
        ("doorgeleid", "afgesloten"),
        ("afgesloten", "besproken"),
    ],
)
def test_forbidden_transitions(store, current, target):
    hit_id = make_hit(store)
    for step in PATH[current]:
        set_status(store, hit_id, *step)
    with pytest.raises(ConflictError, match=f"{current}.*{target}"):
        set_status(store, hit_id, target, "politie", "reden")
    assert store.get_hit(hit_id).status == current


def test_required_fields(store):
    hit_id = make_hit(store)
    cases = [
        ("doorgeleid", "", "", "referred_to"),
        ("doorgeleid", "buurman", "", "referred_to"),
        ("afgesloten", "", "   ", "note"),
        ("gesloten", "", "x", "status"),
    ]
    for status, referred_to, note, field in cases:
        with pytest.raises(ValidationError) as info:
            set_status(store, hit_id, status, referred_to, note)
        assert [v.field for v in info.value.violations] == [field]
    assert store.get_hit(hit_id).status == "nieuw"
    with pytest.raises(NotFoundError):
        set_status(store, 999, "in_behandeling")


def test_same_status_is_a_no_op(store):
    hit_id = make_hit(store)
    hit = set_status(store, hit_id, "doorgeleid", "nla")
    with store.transaction():
        again = store.set_status(hit_id, "doorgeleid", "", "", at(99))
    assert again == hit


def test_new_evidence_flag(store):
    hit_id = make_hit(store, "a")
    set_status(store, hit_id, "in_behandeling")
    submit(store, sig("gemeente", "g1", tok("a")))
    assert not store.get_hit(hit_id).new_evidence  # not yet discussed
    set_status(store, hit_id, "besproken")
    submit(store, sig("om", "o1", tok("a")))
    hit = store.get_hit(hit_id)
    assert hit.new_evidence and hit.status == "besproken"
    submit(store, sig("kmar", "k1", tok("a")))
    assert store.get_hit(hit_id).new_evidence  # stays until the next status change
    assert not set_status(store, hit_id, "in_behandeling", note="heropend").new_evidence
    set_status(store, hit_id, "afgesloten", note="afgehandeld")
    submit(store, sig("veilig_thuis", "v1", tok("a")))
    assert store.get_hit(hit_id).new_evidence


def test_new_evidence_when_absorbing_another_hit(store):
    discussed = make_hit(store, "a")
    set_status(store, discussed, "doorgeleid", "nla")
    make_hit(store, "b")
    submit(store, sig("om", "o1", tok("a"), tok("b")))
    hit = store.get_hit(discussed)
    assert hit.new_evidence and len(hit.signals) == 5


# --- listing -------------------------------------------------------------------------------


def test_list_filters_paging_and_total(store):
    ids = [make_hit(store, f"h{i}", "Utrecht" if i % 2 else "Zeist", now=at(i)) for i in range(5)]
    md = Metadata(("seksuele_uitbuiting",), "Baarn", "2025-01", ())
    submit(store, sig("om", "o1", tok("h0"), md=md), now=at(10))
    set_status(store, ids[1], "besproken", now=at(20))

    # newest update first: ids[1] (status change), ids[0] (gained o1), then ids[4], ids[3], ids[2]
    order = [ids[1], ids[0], ids[4], ids[3], ids[2]]
    seen, token, pages = [], "", 0
    while True:
        hits, token, total = store.list_hits(HitFilter(), 2, token)
        assert total == 5 and len(hits) <= 2
        seen += [h.id for h in hits]
        pages += 1
        if not token:
            break
    assert seen == order and pages == 3

    def ids_of(flt: HitFilter) -> list[int]:
        hits, _, total = store.list_hits(flt, 0, "")
        assert total == len(hits)
        return [h.id for h in hits]

    assert ids_of(HitFilter(status="besproken")) == [ids[1]]
    assert ids_of(HitFilter(status="nieuw")) == [ids[0], ids[4], ids[3], ids[2]]
    assert ids_of(HitFilter(municipality="Utrecht")) == [ids[1], ids[3]]
    assert ids_of(HitFilter(municipality="Baarn")) == [ids[0]]
    assert ids_of(HitFilter(exploitation_type="seksuele_uitbuiting")) == [ids[0]]
    assert ids_of(HitFilter(exploitation_type="arbeidsuitbuiting")) == order
    assert ids_of(HitFilter(partner="om")) == [ids[0]]
    assert ids_of(HitFilter(partner="om", status="besproken")) == []
    assert ids_of(HitFilter(status="nieuw", municipality="Zeist")) == [ids[0], ids[4], ids[2]]


def test_list_rejects_bad_input(store):
    for i in range(3):
        make_hit(store, f"h{i}")
    _, token, _ = store.list_hits(HitFilter(), 1, "")
    assert token
    for flt, size, page_token, field in [
        (HitFilter(), 1, "not-a-token", "page_token"),
        (HitFilter(status="nieuw"), 1, token, "page_token"),  # token of another filter
        (HitFilter(), -1, "", "page_size"),
        (HitFilter(status="open"), 1, "", "status"),
    ]:
        with pytest.raises(ValidationError) as info:
            store.list_hits(flt, size, page_token)
        assert info.value.violations[0].field == field


def period_hits(store: MatchStore) -> list[int]:
    """Six hits created an hour apart from 10:00 UTC (Utrecht odd, Zeist even); hit 0 is updated
    (besproken) at 20:00 and hit 1 (in_behandeling) at 21:00. Returns their ids."""
    ids = [make_hit(store, f"t{i}", "Utrecht" if i % 2 else "Zeist", now=at(60 * i)) for i in range(6)]
    set_status(store, ids[0], "besproken", now=at(600))
    set_status(store, ids[1], "in_behandeling", now=at(660))
    return ids


def test_list_period_filters_are_half_open_and_combine_with_the_others(store):
    h = period_hits(store)

    def ids_of(**fields: str) -> list[int]:
        hits, _, total = store.list_hits(HitFilter(**fields), 0, "")
        assert total == len(hits)
        return [hit.id for hit in hits]

    # Created in [11:00, 14:00): 11:00 is in, 14:00 is out; still listed by update time, newest first.
    assert ids_of(created_from=at(60), created_before=at(240)) == [h[1], h[3], h[2]]
    # The same instants in another offset, and with a Z, select the same hits.
    assert ids_of(created_from="2025-03-01T12:00:00+01:00", created_before="2025-03-01T14:00:00Z") == [h[1], h[3], h[2]]
    # Updated in [15:00, 21:00): hit 5 (created 15:00) and hit 0 (20:00), not hit 1 (21:00).
    assert ids_of(updated_from=at(300), updated_before=at(660)) == [h[0], h[5]]
    assert ids_of(updated_from=at(600)) == [h[1], h[0]]  # open end
    assert ids_of(updated_before=at(180)) == [h[2]]  # open start; hit 3 updated at 13:00 exactly is out
    assert ids_of(updated_from=at(300), updated_before=at(300)) == []  # empty period, not an error
    # Periods on both times, and with status, municipality, partner and exploitation type.
    assert ids_of(created_before=at(120), updated_from=at(630)) == [h[1]]
    assert ids_of(created_from=at(60), created_before=at(240), municipality="Utrecht") == [h[1], h[3]]
    assert ids_of(created_from=at(60), created_before=at(240), municipality="Utrecht", status="nieuw") == [h[3]]
    assert ids_of(updated_from=at(300), partner="nla", exploitation_type="arbeidsuitbuiting") == [h[1], h[0], h[5]]
    assert ids_of(updated_from=at(300), partner="om") == []


def test_list_counts_per_status_under_every_filter_but_the_status(store):
    h = period_hits(store)
    page = store.list_hits_page(HitFilter(), 0, "")
    assert list(page.status_counts) == list(STATUSES)  # every status, in workflow order
    assert page.status_counts == dict.fromkeys(STATUSES, 0) | {"nieuw": 4, "besproken": 1, "in_behandeling": 1}
    assert page.total_size == 6

    period = {"created_from": at(60), "created_before": at(240)}  # hits 1, 2, 3
    expected = dict.fromkeys(STATUSES, 0) | {"nieuw": 2, "in_behandeling": 1}
    for status, total, shown in [("", 3, [h[1], h[3], h[2]]), ("nieuw", 2, [h[3], h[2]]), ("besproken", 0, [])]:
        page = store.list_hits_page(HitFilter(status=status, **period), 0, "")
        assert page.status_counts == expected  # the status filter does not change the cards
        assert (page.total_size, [hit.id for hit in page.hits]) == (total, shown)
    utrecht = store.list_hits_page(HitFilter(municipality="Utrecht", status="besproken", **period), 0, "")
    assert utrecht.status_counts == dict.fromkeys(STATUSES, 0) | {"nieuw": 1, "in_behandeling": 1}
    assert utrecht.total_size == 0
    nothing = store.list_hits_page(HitFilter(updated_from=at(900)), 0, "")
    assert nothing.status_counts == dict.fromkeys(STATUSES, 0) and nothing.total_size == 0


def test_list_pages_through_a_period_filter_with_tokens_and_skip(store):
    h = period_hits(store)
    flt = HitFilter(created_from=at(60))  # hits 1..5, by update time: 1, 5, 4, 3, 2
    order = [h[1], h[5], h[4], h[3], h[2]]
    seen, token, pages = [], "", []
    while True:
        page = store.list_hits_page(flt, 2, token)
        assert page.total_size == 5 and page.status_counts["nieuw"] == 4  # the same on every page
        pages.append([hit.id for hit in page.hits])
        token = page.next_page_token
        if not token:
            break
    seen = [i for p in pages for i in p]
    assert seen == order and len(pages) == 3

    first = store.list_hits_page(flt, 2, "")
    # The same period spelled in another offset is the same filter: its token fits.
    same = HitFilter(created_from="2025-03-01T12:00:00+01:00")
    assert [hit.id for hit in store.list_hits_page(same, 2, first.next_page_token).hits] == order[2:4]
    # Another period, or none, is another filter: the token does not fit.
    for other in (HitFilter(), HitFilter(created_from=at(120)), HitFilter(created_from=at(60), updated_before=at(900))):
        with pytest.raises(ValidationError) as info:
            store.list_hits_page(other, 2, first.next_page_token)
        assert info.value.violations[0].field == "page_token"

    # skip jumps ahead (page 2 at once), also after a token; the token it returns goes on from there.
    jumped = store.list_hits_page(flt, 2, "", skip=2)
    assert [hit.id for hit in jumped.hits] == order[2:4]
    assert [hit.id for hit in store.list_hits_page(flt, 2, jumped.next_page_token).hits] == order[4:]
    assert [hit.id for hit in store.list_hits_page(flt, 2, first.next_page_token, skip=1).hits] == order[3:5]
    beyond = store.list_hits_page(flt, 2, "", skip=10)
    assert (beyond.hits, beyond.next_page_token, beyond.total_size) == ([], "", 5)


def test_list_rejects_bad_periods_naming_the_field(store):
    make_hit(store, "a")
    for flt, fields in [
        (HitFilter(updated_from=at(60), updated_before=at(0)), ["update_period.end_time"]),
        (HitFilter(created_from=at(60), created_before=at(59.99)), ["create_period.end_time"]),
        (HitFilter(created_from="gisteren"), ["create_period.start_time"]),
        (HitFilter(updated_before="2025-03-01T10:00:00"), ["update_period.end_time"]),  # no time zone
        (
            HitFilter(updated_from="x", created_from=at(1), created_before=at(0)),
            ["update_period.start_time", "create_period.end_time"],
        ),
    ]:
        with pytest.raises(ValidationError) as info:
            store.list_hits(flt, 0, "")
        assert [v.field for v in info.value.violations] == fields
    with pytest.raises(ValidationError) as info:
        store.list_hits_page(HitFilter(), 0, "", skip=-1)
    assert info.value.violations[0].field == "skip"


def partner_hits(store: MatchStore, partner: str, page_size: int = 0) -> list:
    """Every page of `partner`'s hits, as a node polls them."""
    hits, token = [], ""
    while True:
        page = store.partner_hits_page(partner, page_size, token)
        hits += page.hits
        token = page.next_page_token
        if not token:
            return hits


def test_partner_hits(store):
    a = make_hit(store, "a")  # nla + politie
    submit(store, sig("gemeente", "g1", tok("b")))
    b = submit(store, sig("politie", "p2", tok("b"))).created[0]
    submit(store, sig("gemeente", "g2", tok("lonely")))
    assert [h.id for h in partner_hits(store, "politie")] == [a, b]  # by hit id
    assert [h.id for h in partner_hits(store, "nla")] == [a]
    assert [h.id for h in partner_hits(store, "gemeente")] == [b]
    assert partner_hits(store, "om") == []
    (seen,) = partner_hits(store, "gemeente")
    assert (seen.signal_refs, seen.partner_count, seen.kinds, seen.status) == (("g1",), 2, ("phone",), "nieuw")


def test_partner_hits_page_in_sql_by_hit_id(store):
    ids = [make_hit(store, f"h{i}", now=at(i)) for i in range(7)]
    submit(store, sig("politie", "p-extra", tok("h2"), tok("x", "email")), now=at(10))  # politie twice in h2
    first = store.partner_hits_page("politie", 3)
    assert [h.id for h in first.hits] == ids[:3] and first.next_page_token
    # A hit that changes between pages (it would move to the front by update time) is still seen once.
    set_status(store, ids[1], "in_behandeling", now=at(20))
    set_status(store, ids[4], "in_behandeling", now=at(20))
    second = store.partner_hits_page("politie", 3, first.next_page_token)
    assert [h.id for h in second.hits] == ids[3:6] and second.hits[1].status == "in_behandeling"
    last = store.partner_hits_page("politie", 3, second.next_page_token)
    assert [h.id for h in last.hits] == ids[6:] and last.next_page_token == ""
    assert first.hits[2].signal_refs == ("p-h2", "p-extra") and first.hits[2].partner_count == 2
    assert [h.id for h in partner_hits(store, "nla", 2)] == ids == [h.id for h in partner_hits(store, "nla", 7)]
    assert store.partner_hits_page("nla", 0).next_page_token == ""  # the default page holds all seven
    # Withdrawing a signal that dissolves a hit drops it from the listing.
    withdraw(store, "nla", "n-h0")
    assert [h.id for h in partner_hits(store, "politie", 2)] == ids[1:]
    for token, partner in [("not-a-token", "politie"), (first.next_page_token, "nla")]:  # nla's ≠ politie's
        with pytest.raises(ValidationError) as info:
            store.partner_hits_page(partner, 3, token)
        assert info.value.violations[0].field == "page_token"
    with pytest.raises(ValidationError) as info:
        store.partner_hits_page("politie", -1)
    assert info.value.violations[0].field == "page_size"


# --- transactions, receipts, persistence ---------------------------------------------------


def test_mutations_need_a_transaction_and_roll_back(store):
    with pytest.raises(RuntimeError):
        store.submit(sig("nla", "n1"), b"x" * 32, at())
    with pytest.raises(ValueError), store.transaction():
        store.submit(sig("nla", "n1", tok("a")), b"x" * 32, at())
        raise ValueError("the audit log failed")
    assert store.signal_count() == 0 and store.token_count() == 0
    with pytest.raises(RuntimeError), store.transaction(), store.transaction():
        pass


def test_invalid_signal_is_rejected(store):
    """The wire is validated before (signalmatch.wire, tests/unit/test_wire.py); the store only guards."""
    bad = SignalIn("nla", "", 0, (TokenIn("Phone!", b"short"),), Metadata((), "x", "2025-13", ()))
    with pytest.raises(ValueError, match="validated"):
        submit(store, bad)  # the store's own guard: a programming error, not a client's
    assert store.signal_count() == 0
    with pytest.raises(ValidationError):
        submit(store, sig("nla", "n1"), now="2025-03-01 10:00")  # no time zone


def test_receipts(store):
    with store.transaction():
        assert store.get_receipt("nla", "b1") is None
        store.put_receipt("nla", "b1", b"h" * 32, b"receipt", b"sig")
    assert store.get_receipt("nla", "b1") == (b"h" * 32, b"receipt", b"sig")
    assert store.get_receipt("politie", "b1") is None
    with pytest.raises(ConflictError), store.transaction():
        store.put_receipt("nla", "b1", b"h" * 32, b"receipt", b"sig")


def test_concurrent_writers_and_readers(store):
    """The gRPC server calls the store from many threads: writes serialise, reads see snapshots."""
    model = {
        (p, f"r{i}"): frozenset({UNIVERSE[i % len(UNIVERSE)], UNIVERSE[(i * 3 + 1) % len(UNIVERSE)]})
        for p in PARTNERS
        for i in range(20)
    }
    errors: list[BaseException] = []

    def writer(partner: str) -> None:
        try:
            for (p, ref), tokens in sorted(model.items()):
                if p == partner:
                    submit(store, sig(p, ref, *sorted(tokens, key=lambda t: (t.kind, t.value))))
        except BaseException as exc:  # reported below
            errors.append(exc)

    def reader() -> None:
        try:
            for _ in range(20):
                for hit in all_hits(store):
                    assert len(hit.signals) >= 2 and len(hit.partners) >= 2
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(p,)) for p in PARTNERS]
    threads += [threading.Thread(target=reader) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    check_against_scratch(store, model)


def test_withdrawn_tokens_leave_no_bytes_on_disk(tmp_path):
    secret = tok("+31612345678")
    with MatchStore(tmp_path / "matcher.db") as store:
        submit(store, sig("nla", "n1", secret, tok("other")))
        submit(store, sig("politie", "p1", secret))

        def on_disk() -> bytes:
            return b"".join(p.read_bytes() for p in tmp_path.iterdir())

        store.checkpoint()
        assert secret.value in on_disk()
        withdraw(store, "nla", "n1")
        withdraw(store, "politie", "p1")
        store.checkpoint()
        assert store.token_count() == 0
        assert secret.value not in on_disk()


def test_changes_of_a_batch_add_up():
    first = HitChanges(created=(1,), updated=(2, 3))
    second = HitChanges(created=(4,), updated=(1, 2), merged=((3, 2),), dissolved=(5,))
    assert first + second == HitChanges(created=(1, 4), updated=(2,), merged=((3, 2),), dissolved=(5,))
    assert not HitChanges() and first


def test_reopen_keeps_state(tmp_path):
    path = tmp_path / "matcher.db"
    with MatchStore(path) as store:
        hit_id = make_hit(store, "a")
        set_status(store, hit_id, "besproken")
        make_hit(store, "b")
        withdraw(store, "nla", "n-b")
        with store.transaction():
            store.put_receipt("nla", "b1", b"h" * 32, b"r", b"s")
        before = all_hits(store), store.signal_count(), store.token_count()
    with MatchStore(path) as store:
        assert (all_hits(store), store.signal_count(), store.token_count()) == before
        assert store.get_receipt("nla", "b1") == (b"h" * 32, b"r", b"s")
        assert not submit(store, sig("nla", "n-b", tok("b")))  # tombstone survived
        submit(store, sig("om", "o1", tok("a")))  # the token index survived
        hit = store.get_hit(hit_id)
        assert len(hit.signals) == 3 and hit.new_evidence


# --- property: incremental hits == components from scratch ---------------------------------

PARTNERS = ("nla", "politie", "gemeente")
UNIVERSE = [tok(str(i), kind) for i in range(4) for kind in ("phone", "address")]

# Mostly submits (some of them edits of an earlier ref), and withdrawals; tuned so that many
# examples split a hit into two or more components.
operations = st.lists(
    st.tuples(
        st.sampled_from(("submit",) * 4 + ("withdraw",)),
        st.sampled_from(PARTNERS),
        st.integers(0, 7),
        st.frozensets(st.sampled_from(UNIVERSE), min_size=1, max_size=2),
    ),
    max_size=60,
)


def expected_links(signals: dict[tuple[str, str], frozenset[TokenIn]]) -> dict[frozenset, tuple[str, ...]]:
    links = {}
    keys = sorted(signals)
    for i, a in enumerate(keys):
        for b in keys[i + 1 :]:
            shared = signals[a] & signals[b]
            if a[0] != b[0] and shared:
                links[frozenset({a, b})] = tuple(sorted({t.kind for t in shared}))
    return links


def expected_hits(signals, links) -> set[frozenset]:
    parent = {k: k for k in signals}

    def find(x):
        while parent[x] != x:
            x = parent[x]
        return x

    for pair in links:
        a, b = sorted(pair)
        parent[find(a)] = find(b)
    groups: dict = {}
    for k in signals:
        groups.setdefault(find(k), set()).add(k)
    return {frozenset(g) for g in groups.values() if len(g) >= 2}


def check_against_scratch(store: MatchStore, model: dict[tuple[str, str], frozenset[TokenIn]]) -> None:
    links = expected_links(model)
    hits = all_hits(store)
    assert {frozenset(members(h)) for h in hits} == expected_hits(model, links)
    assert sum(len(h.signals) for h in hits) == len({m for h in hits for m in members(h)})
    assert {frozenset((link.a, link.b)): link.kinds for h in hits for link in h.links} == links
    assert store.signal_count() == len(model)
    assert store.token_count() == sum(len(t) for t in model.values())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(operations)
def test_incremental_hits_equal_components_from_scratch(ops):
    """After every submit, edit or withdrawal the hits are the components computed afresh."""
    model: dict[tuple[str, str], frozenset[TokenIn]] = {}
    gone: set[tuple[str, str]] = set()
    with tempfile.TemporaryDirectory() as tmp, MatchStore(Path(tmp) / "m.db") as store:
        for step, (op, partner, n, tokens) in enumerate(ops):
            key = (partner, f"r{n}")
            with store.transaction():
                if op == "submit":
                    signal = sig(partner, key[1], *sorted(tokens, key=lambda t: (t.kind, t.value)))
                    store.submit(signal, digest(signal), at(step))
                    if key not in gone:
                        model[key] = tokens
                else:
                    store.withdraw(partner, key[1], at(step))
                    model.pop(key, None)
                    gone.add(key)
            check_against_scratch(store, model)
