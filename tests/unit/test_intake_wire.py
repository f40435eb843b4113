"""Issue 10, defect 1: what a node accepts at intake, the matcher accepts, and the other way round.

In process: a node's Intake and Vault and the matcher's Matcher on their own SQLite files, with the
keys and configs of a real federation; the batch goes from the node's outbox to Matcher.submit_batch
exactly as the outbox pusher sends it (the keyholder layer only swaps 32-byte tokens for 32-byte tokens).
"""

from __future__ import annotations

import itertools
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import PARTNERS, TABLE, Federation

from signalmatch import crypto
from signalmatch.deploy.federation import init_federation
from signalmatch.errors import ValidationError
from signalmatch.matcher.service import Matcher
from signalmatch.matcher.store import MatchStore
from signalmatch.node.intake import Intake, pseudonymise
from signalmatch.node.outbox import build_batch
from signalmatch.node.pseudonymise import TokenKey
from signalmatch.node.signal import Person, Signal, validate
from signalmatch.node.vault import Actor, Operation, Vault
from signalmatch.transport import Identity
from signalmatch.v1 import submission_pb2

PARTNER = "vtgv"
ACTOR = Actor(PARTNER, "operator", f"spiffe://{TABLE}/operator/{PARTNER}")
_ids = itertools.count()
_batches = itertools.count()


class Pair:
    """A node's intake and the matcher, in this process."""

    def __init__(self, root):
        fed = Federation(root, PARTNERS)
        node, matcher_cfg = fed.node_config(PARTNER), fed.matcher_config()
        self.cfg = node
        self.vault = Vault(root / "vault.sqlite", crypto.load_secret(node.vault_key), f"{TABLE}/partner/{PARTNER}")
        self.key = TokenKey(TABLE, node.epoch, crypto.load_secret(node.table_secrets[node.epoch]))
        self.intake = Intake(self.vault, self.key, node.policy.municipalities, fuzzy=node.policy.fuzzy_matching)
        self.signing_key = crypto.load_ed25519_private(node.signing_key)
        self.store = MatchStore(root / "matcher.sqlite", matcher_cfg.policy.linkage_thresholds())
        self.matcher = Matcher(matcher_cfg, self.store)

    def matcher_accepts(self, payload: bytes) -> bool:
        """Send one submission in a signed batch; True unless the receipt rejects it."""
        batch_id = f"batch-{next(_batches):08d}"
        body, signature = build_batch(
            TABLE, PARTNER, self.signing_key, batch_id, [Operation(1, "submit", "", payload)]
        )
        receipt, _ = self.matcher.submit_batch(Identity(TABLE, "partner", PARTNER), body, signature)
        return not submission_pb2.BatchReceipt.FromString(receipt).rejected


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    root = tmp_path_factory.mktemp("wire")
    init_federation(root / "federation", TABLE, PARTNERS, ["voorzitter"])
    made = Pair(root / "federation")
    yield made
    made.vault.close()
    made.store.close()


TOWNS = ["Utrecht", "utrecht ", "Amersfoort", "Atlantis", "Zeist"]
ZONES = ["Z", "+01:00", "-01:00", "+14:00", "-12:00", ""]


@st.composite
def observed(draw) -> str:
    year = draw(st.one_of(st.integers(1, 9999), st.sampled_from([1, 1899, 1900, 1901])))
    day = date(year, draw(st.integers(1, 12)), draw(st.integers(1, 28))).isoformat()
    if draw(st.booleans()):
        return day
    hour = draw(st.sampled_from(["00:00:00", "00:30:00", "12:00:00", "23:30:00"]))
    return f"{day}T{hour}{draw(st.sampled_from(ZONES))}"


@st.composite
def signals(draw) -> Signal:
    persons = draw(
        st.lists(
            st.builds(
                Person,
                role=st.sampled_from(["mogelijk_slachtoffer", "mogelijke_dader", "betrokkene"]),
                given_names=st.sampled_from(["", "Anna", "Jan"]),
                surname=st.sampled_from(["", "Kowalska", "de Vries"]),
                date_of_birth=st.sampled_from(["", "1990-04-12", "12-04-1991"]),
                phones=st.lists(st.sampled_from(["06-12345678", "+48 601 234 567"]), max_size=2).map(tuple),
            ),
            max_size=3,
        )
    )
    return Signal(
        external_id=f"W-{next(_ids)}",
        observed_at=draw(observed()),
        municipality=draw(st.sampled_from(TOWNS)),
        exploitation_types=tuple(draw(st.lists(st.sampled_from(["arbeidsuitbuiting", "onbekend"]), max_size=2))),
        persons=tuple(persons),
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(signal=signals())
def test_accepted_at_intake_iff_accepted_by_the_matcher(pair, signal):
    try:
        accepted = validate(signal, pair.cfg.policy.municipalities)
    except ValidationError:
        return  # the form itself is refused (no submission exists): nothing crosses the wire
    message, _ = pseudonymise(accepted, f"probe{next(_ids):012d}", pair.key, fuzzy=pair.cfg.policy.fuzzy_matching)
    matcher_accepts = pair.matcher_accepts(message.SerializeToString())
    try:
        stored, _ = pair.intake.create(signal, ACTOR)
    except ValidationError as exc:
        assert not matcher_accepts, f"intake refused what the matcher accepts: {exc}"
        assert all(not v.field.startswith(("metadata", "tokens", "encodings")) for v in exc.violations), (
            "a refusal names the form's field, not the wire's"
        )
        return
    assert matcher_accepts, f"intake accepted {signal.observed_at!r} / {signal.municipality!r}; the matcher refuses it"
    payload = pair.vault.conn.execute("SELECT payload FROM outbox WHERE ref = ?", (stored.ref,)).fetchone()[0]
    assert pair.matcher_accepts(payload)


def test_a_signal_observed_in_year_one_is_refused_at_intake_naming_the_field(pair):
    """The defect as found: observed_at = 0001-01-01T00:00:00Z was accepted and then refused by the
    matcher (metadata.month "1-01"), stranding the signal."""
    signal = Signal(
        external_id="YEAR-1",
        observed_at="0001-01-01T00:00:00Z",
        municipality="Utrecht",
        exploitation_types=("onbekend",),
    )
    with pytest.raises(ValidationError) as err:
        pair.intake.create(signal, ACTOR)
    assert [(v.field, v.rule) for v in err.value.violations] == [("observed_at", "observed_at.range")]
