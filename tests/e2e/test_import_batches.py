"""ImportSignals with several items per message (issue 15: one stream message costs the importer and
the node more CPU than a signal): the same verdicts, texts and order as one item per message, a
response only after its items are stored, and a malformed message refused as a whole."""

from __future__ import annotations

import json
import re

import grpc
import pytest

from signalmatch.console import node as node_console
from signalmatch.console.node import import_file
from signalmatch.node.signal import from_json, to_proto
from signalmatch.synthetic.generate import generate
from signalmatch.transport import bad_request_violations
from signalmatch.v1 import intake_pb2

pytestmark = pytest.mark.slow


def _signals() -> list[dict]:
    """Generated signals, some broken (refused by the node), one case number twice (a conflict)."""
    signals = [{k: v for k, v in s.items() if k != "partner"} for s in generate(21, 40, ["vtgv"]).signals]
    for i in range(0, 40, 7):
        signals[i]["persons"] = [{"role": "betrokkene", "given_names": "Jan", "phones": ["12345"]}]
    signals[30]["external_id"] = signals[3]["external_id"]
    return signals


def _text(description: str) -> str:
    """A violation's text without the (random) ref of the signal it names."""
    return re.sub(r"signals/[a-z0-9]+", "signals/REF", description)


def _verdicts(responses: list[intake_pb2.ImportSignalsResponse]) -> list[tuple]:
    return [
        (r.sequence, bool(r.signal_name), r.created, [(v.field, v.rule, _text(v.description)) for v in r.violations])
        for r in responses
    ]


def _rejected(report: node_console.ImportReport) -> list[tuple]:
    return [
        (line, [(v.field, v.rule, _text(v.description)) for v in violations]) for line, violations in report.rejected
    ]


def test_items_get_the_verdicts_of_one_item_per_message_in_order(federation):
    federation.start_node("vtgv")
    federation.start_node("nla")
    signals = _signals()
    single = [intake_pb2.ImportSignalsRequest(sequence=i, signal=to_proto(from_json(s))) for i, s in enumerate(signals)]
    expected = _verdicts(list(federation.intake("nla").ImportSignals(iter(single), timeout=60)))
    assert {bool(v[3]) for v in expected} == {True, False} and any(
        v[3][0][1] == "external_id.conflict" for v in expected if v[3]
    )

    batches = [
        intake_pb2.ImportSignalsRequest(items=single[:17]),
        single[17],  # one item the old way, between two messages of items
        intake_pb2.ImportSignalsRequest(items=single[18:]),
    ]
    answers = list(federation.intake("vtgv").ImportSignals(iter(batches), timeout=60))
    assert [len(a.items) for a in answers] == [17, 0, len(signals) - 18]
    assert answers[1].sequence == 17 and not answers[0].sequence and not answers[0].signal_name
    assert _verdicts([*answers[0].items, answers[1], *answers[2].items]) == expected


@pytest.mark.parametrize(
    ("request_", "rule"),
    [
        (
            intake_pb2.ImportSignalsRequest(sequence=1, items=[intake_pb2.ImportSignalsRequest(sequence=2)]),
            "import.items.mixed",
        ),
        (
            intake_pb2.ImportSignalsRequest(
                items=[intake_pb2.ImportSignalsRequest(items=[intake_pb2.ImportSignalsRequest(sequence=2)])]
            ),
            "import.items.nested",
        ),
    ],
)
def test_a_message_with_items_and_a_signal_or_nested_items_is_refused(federation, request_, rule):
    federation.start_node("vtgv")
    with pytest.raises(grpc.RpcError) as err:
        list(federation.intake("vtgv").ImportSignals(iter([request_]), timeout=30))
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert [(v.field, v.rule) for v in bad_request_violations(err.value)] == [("items", rule)]


def test_the_importer_packs_rows_and_reports_as_row_by_row(federation, tmp_path, monkeypatch):
    federation.start_node("vtgv")
    federation.start_node("nla")
    path = tmp_path / "signals.jsonl"
    path.write_text("".join(json.dumps(s) + "\n" for s in _signals()) + "not json\n", encoding="utf-8")
    monkeypatch.setattr(node_console, "IMPORT_BATCH", 1)
    one_by_one = import_file(federation.intake("nla"), path, "vtgv")
    monkeypatch.setattr(node_console, "IMPORT_BATCH", 6)
    packed = import_file(federation.intake("vtgv"), path, "vtgv")
    assert (packed.accepted, packed.already) == (one_by_one.accepted, one_by_one.already)
    assert _rejected(packed) == _rejected(one_by_one)
    assert packed.refs.keys() == one_by_one.refs.keys() and packed.accepted > 20 and len(packed.rejected) > 5
