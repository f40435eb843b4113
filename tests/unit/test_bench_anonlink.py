"""The pure helpers of bench/bench_anonlink.py (they need neither anonlink nor clkhash)."""

from __future__ import annotations

from datetime import date

from bench.bench_anonlink import (
    CLK_SCHEMA,
    best_threshold,
    pairs_from_groups,
    ratio,
    span,
    standardise,
    standardise_code,
    standardise_date,
    standardise_text,
)
from signalmatch.console.eval import Metrics
from signalmatch.synthetic.corrupt import FIELDS, LinkageRecord


def test_standardise_text_folds_case_diacritics_and_punctuation() -> None:
    assert standardise_text("  Ré-Anne  d'Arc ") == "re anne d arc"
    assert standardise_text("Çelik") == "celik"
    assert standardise_text("") == ""


def test_standardise_code_keeps_letters_and_digits() -> None:
    assert standardise_code("3526 KL") == standardise_code("3526-kl") == "3526kl"
    assert standardise_code("12 - a") == standardise_code("12A") == "12a"


def test_standardise_date_reads_day_first_and_iso() -> None:
    assert standardise_date("03/04/1998") == "19980403"
    assert standardise_date("3.4.1998") == "19980403"
    assert standardise_date("1998-04-03") == "19980403"
    assert standardise_date("") == ""


def test_standardise_date_puts_a_two_digit_year_in_the_last_century() -> None:
    today = date(2025, 1, 1)
    assert standardise_date("03-04-98", today) == "19980403"
    assert standardise_date("03-04-05", today) == "20050403"
    assert standardise_date("03-04-25", today) == "20250403"
    assert standardise_date("03-04-26", today) == "19260403"


def test_standardise_date_keeps_the_digits_of_what_it_cannot_read() -> None:
    assert standardise_date("31-13-1990") == "31131990"
    assert standardise_date("1990") == "1990"


def test_standardise_gives_the_schema_order() -> None:
    record = LinkageRecord("a1", "Jan", "van den Berg", "3-4-1998", "Oudegracht", "12 a", "3511 AB", "Utrecht")
    assert standardise(record) == ["jan", "van den berg", "19980403", "oudegracht", "12a", "3511ab", "utrecht"]
    assert [f["identifier"] for f in CLK_SCHEMA["features"]] == list(FIELDS)
    assert CLK_SCHEMA["clkConfig"]["l"] == 1024


def test_pairs_from_groups_maps_indices_to_ids() -> None:
    groups = [((0, 1), (1, 0)), ((1, 2), (0, 0)), ((0, 2),)]
    assert pairs_from_groups(groups, ["a0", "a1", "a2"], ["b0", "b1", "b2"]) == {("a1", "b0"), ("a0", "b2")}


def test_best_threshold_prefers_f1_then_the_higher_threshold() -> None:
    low, high, worse = Metrics(8, 10, 10), Metrics(8, 10, 10), Metrics(5, 10, 10)
    assert best_threshold([(0.7, low), (0.8, high), (0.9, worse)]) == (0.8, high)


def test_ratio_and_span() -> None:
    assert ratio(3.0, 2.0) == 1.5
    assert ratio(1.0, 0.0) is None
    assert span([0.9761, 0.9779], ".3f") == "0.976–0.978"
    assert span([0.9781, 0.9779], ".3f") == "0.978"
