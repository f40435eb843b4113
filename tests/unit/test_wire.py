"""The one validator of what crosses the wire (signalmatch.wire), pure."""

from __future__ import annotations

from signalmatch import i18n
from signalmatch.v1 import common_pb2, submission_pb2
from signalmatch.wire import (
    SubmissionRules,
    month_text,
    operation_ref,
    operation_violations,
    submission_violations,
    valid_month,
)

RULES = SubmissionRules(frozenset({"Utrecht"}), frozenset({1, 2}))


def good() -> submission_pb2.PseudonymisedSignal:
    msg = submission_pb2.PseudonymisedSignal(signal_ref="ref-000001", epoch=2)
    msg.tokens.add(kind=common_pb2.IDENTIFIER_KIND_PHONE, value=bytes(32))
    msg.tokens.add(kind=common_pb2.IDENTIFIER_KIND_PHONE, value=bytes(32), epoch=1)
    msg.encodings.add(kind=common_pb2.FUZZY_KIND_PERSON, bits=bytes(64), blocks=[bytes(8)], epoch=1)
    msg.metadata.municipality, msg.metadata.month = "Utrecht", "2025-02"
    msg.metadata.exploitation_types.append(common_pb2.EXPLOITATION_TYPE_ARBEIDSUITBUITING)
    msg.metadata.subject_roles.append(common_pb2.SUBJECT_ROLE_BETROKKENE)
    return msg


def rules_broken(msg: submission_pb2.PseudonymisedSignal, rules: SubmissionRules = RULES) -> set[tuple[str, str]]:
    return {(v.field, v.rule) for v in submission_violations(msg, rules)}


def test_a_valid_submission_passes_and_every_rule_is_named_with_its_path():
    assert rules_broken(good()) == set()
    bad = submission_pb2.PseudonymisedSignal(signal_ref="", epoch=0)
    bad.tokens.add(kind=999, value=b"short")
    bad.metadata.municipality, bad.metadata.month = "x", "2025-13"
    assert rules_broken(bad) == {
        ("signal_ref", "signal_ref.format"),
        ("epoch", "epoch.inactive"),
        ("tokens[0].kind", "kind.unknown"),
        ("tokens[0].value", "token.length"),
        ("metadata.month", "month.format"),
        ("metadata.municipality", "municipality.unknown"),
    }


def test_only_active_epochs_are_accepted():
    """Defect 5: tokens of epoch 999 (not an active epoch) were accepted."""
    msg = good()
    msg.tokens[1].epoch = 999
    msg.encodings[0].epoch = 0
    assert rules_broken(msg) == {("tokens[1].epoch", "epoch.inactive")}
    msg = good()
    msg.epoch = 999
    assert ("epoch", "epoch.inactive") in rules_broken(msg)
    with i18n.using("en"):
        text = submission_violations(msg, RULES)[0].description
    assert "999" in text and "1, 2" in text


def test_months_are_four_ascii_digits_a_dash_and_a_month_from_1900():
    """Defect 1: a node sent "1-01" for year 1 (strftime does not pad), which the matcher refused."""
    assert month_text(1, 1) == "0001-01" and month_text(2026, 3) == "2026-03"
    assert valid_month("1900-01") and valid_month("9999-12") and valid_month("2026-03")
    for bad in ("0001-01", "1899-12", "1-01", "2026-13", "2026-00", "2026-3", "２０２６-03", "2026-03\n", ""):
        assert not valid_month(bad), bad


def test_fuzzy_policy_limits_and_lengths():
    msg = good()
    assert rules_broken(msg, SubmissionRules(RULES.municipalities, RULES.epochs, fuzzy_matching=False)) == {
        ("encodings", "encodings.disabled")
    }
    msg.encodings[0].bits = bytes(63)
    msg.encodings[0].blocks.append(bytes(7))
    msg.encodings[0].epoch = 3  # above the signal's
    assert rules_broken(msg) == {
        ("encodings[0].bits", "encoding.length"),
        ("encodings[0].blocks[1]", "block.length"),
        ("encodings[0].epoch", "epoch.range"),
    }
    msg = good()
    del msg.tokens[:]
    msg.tokens.extend(submission_pb2.Token(kind=1, value=bytes(32)) for _ in range(501))
    assert rules_broken(msg) == {("tokens", "tokens.too_many")}


def test_operations_are_judged_with_paths_relative_to_the_operation():
    op = submission_pb2.BatchOperation(submit=good())
    assert operation_violations(op, RULES) == () and operation_ref(op) == "ref-000001"
    op.submit.metadata.month = "1-01"
    assert [(v.field, v.rule) for v in operation_violations(op, RULES)] == [("submit.metadata.month", "month.format")]
    withdraw = submission_pb2.BatchOperation(withdraw="Jan Jansen 06-12345678")
    assert [(v.field, v.rule) for v in operation_violations(withdraw, RULES)] == [("withdraw", "signal_ref.format")]
    assert [v.rule for v in operation_violations(submission_pb2.BatchOperation(), RULES)] == ["operation.empty"]
