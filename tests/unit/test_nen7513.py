"""The NEN 7513 mapping of audit entries (docs/audit-nen7513.md)."""

from __future__ import annotations

import pytest

from signalmatch.audit import nen7513
from signalmatch.audit.log import AuditEntry


@pytest.mark.parametrize(
    ("action", "code"),
    [
        ("signal.created", "C"),
        ("disclosure.requested", "C"),
        ("batch.accepted", "C"),
        ("hits.listed", "R"),
        ("disclosure.opened", "R"),
        ("subject.looked_up", "R"),
        ("audit.read", "R"),
        ("hit.status_changed", "U"),
        ("disclosure.approved", "U"),
        ("signal.withdrawn", "D"),
        ("retention.purged", "D"),
        ("epoch.destroyed", "D"),
        ("oprf.key_destroyed", "D"),
        ("batch.sent", "E"),
        ("oprf.evaluated", "E"),
        ("oprf.volume_alert", "E"),
    ],
)
def test_action_codes(action, code):
    assert nen7513.action_code(action) == code


def test_a_record_has_every_column_and_only_codes():
    entry = AuditEntry(
        time="2026-03-01T10:00:00Z",
        actor_org="nla",
        actor_role="officer",
        actor_user="spiffe://midden-nederland/officer/nla",
        action="disclosure.refused",
        objects=("disclosures/3", "hits/12"),
        purpose="signaalbeoordeling",
        legal_basis="riec-convenant",
        data_categories=("persons", "contact_details"),
        recipients=("chair/voorzitter",),
        outcome="refused",
        system="node",
        details=(("reason", "lopend-onderzoek"),),
    )
    record = nen7513.record("midden-nederland/partner/nla", 7, entry)
    assert tuple(record) == nen7513.COLUMNS
    assert record == {
        "event_id": "midden-nederland/partner/nla/7",
        "event_time": "2026-03-01T10:00:00Z",
        "event_type": "disclosure.refused",
        "event_action": "U",
        "event_outcome": "4",
        "event_outcome_code": "refused",
        "user_id": "spiffe://midden-nederland/officer/nla",
        "user_role": "officer",
        "user_organisation": "nla",
        "object_type": "disclosures;hits",
        "object_id": "disclosures/3;hits/12",
        "object_data_categories": "persons;contact_details",
        "source_system": "node",
        "source_log": "midden-nederland/partner/nla",
        "purpose_of_use": "signaalbeoordeling",
        "legal_basis": "riec-convenant",
        "recipients": "chair/voorzitter",
        "details": "reason=lopend-onderzoek",
    }
    assert nen7513.outcome_indicator("ok") == "0" and nen7513.outcome_indicator("error") == "8"
