"""The review workflow shared by matcher and consoles agrees with the API's enums."""

from signalmatch import enums, workflow
from signalmatch.v1 import common_pb2


def test_statuses_are_the_api_hit_statuses_in_order():
    assert workflow.STATUSES == enums.choices(common_pb2.HitStatus)


def test_referral_targets_are_partner_kinds():
    assert set(workflow.REFERRAL_TARGETS) <= set(enums.choices(common_pb2.PartnerKind))


def test_a_discussed_hit_can_only_be_reopened_or_moved_forward():
    assert workflow.allowed_targets(workflow.NIEUW)[0] == workflow.IN_BEHANDELING
    assert workflow.allowed_targets(workflow.AFGESLOTEN) == (workflow.IN_BEHANDELING,)
    assert workflow.allowed_targets(workflow.BESPROKEN) == (
        workflow.IN_BEHANDELING, workflow.DOORGELEID, workflow.AFGESLOTEN,
    )
