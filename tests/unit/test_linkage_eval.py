"""Linkage evaluation: the corruption model (synthetic/corrupt.py), the metric and decision functions,
CSV loading and `signalmatch eval linkage` (console/eval.py) on the real encoder and matcher."""

from __future__ import annotations

import json
import random
import re
import secrets
from collections import Counter
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from signalmatch import i18n
from signalmatch.cli import main
from signalmatch.console.eval import (
    LINK_THRESHOLDS,
    PROBES,
    Candidate,
    check_csv_arguments,
    decide,
    decide_zones,
    evaluate,
    load_csv,
    load_truth,
    metrics,
    new_key,
    parse_mapping,
)
from signalmatch.encoding import ADDRESS_FIELDS, PERSON_FIELDS
from signalmatch.errors import ValidationError
from signalmatch.matcher.fuzzy import similarities
from signalmatch.matcher.linkage import LINK, REVIEW, default_model, zone
from signalmatch.node.fuzzy import DEFAULT_HARDENING, AddressRecord, PersonRecord, encode_address, encode_person
from signalmatch.synthetic.corrupt import (
    DATE_STYLES,
    FIELDS,
    KEYBOARD_NEIGHBOURS,
    OCR_CONFUSIONS,
    OPERATIONS,
    PHONETIC_VARIANTS,
    CorruptionConfig,
    LinkageRecord,
    Population,
    Style,
    corrupt,
    linkage_dataset,
    render,
    split_particle,
    write_csv,
)
from signalmatch.synthetic.data import strip_diacritics


@pytest.fixture(autouse=True)
def english():
    i18n.set_language("en")
    yield
    i18n.set_language("nl")


# -- the corruption model -------------------------------------------------------------------------------


def test_dataset_is_deterministic_per_seed():
    first, again, other = linkage_dataset(7, 300), linkage_dataset(7, 300), linkage_dataset(8, 300)
    assert first == again
    assert first.a != other.a and first.b != other.b


def test_dataset_shape_truth_and_hard_negatives():
    config = CorruptionConfig(overlap=0.5, look_alikes=0.05, housemates=0.02)
    ds = linkage_dataset(3, 1000, config)
    a = {r.record_id: r for r in ds.a}
    b = {r.record_id: r for r in ds.b}
    assert len(a) == len(ds.a) == 1000 and len(b) == len(ds.b) == 1000
    assert len(ds.truth) == 500
    assert {a_id for a_id, _ in ds.truth} <= set(a) and {b_id for _, b_id in ds.truth} <= set(b)
    assert len({b_id for _, b_id in ds.truth}) == 500  # one to one
    assert set(ds.corruptions) == {b_id for _, b_id in ds.truth}
    kinds = Counter(ds.negatives.values())
    assert kinds == {"look_alike": 50, "housemate": 20}
    assert not set(ds.negatives) & ds.truth
    for (a_id, b_id), kind in ds.negatives.items():
        x, y = a[a_id], b[b_id]
        if kind == "look_alike":  # same name and date of birth, another address
            assert (x.given_names, x.surname) == (y.given_names, y.surname)
            assert _date(x.date_of_birth) == _date(y.date_of_birth)
            assert (x.postcode.replace(" ", ""), x.house_number) != (y.postcode.replace(" ", ""), y.house_number)
        else:  # same surname and address, another given name and birthday
            assert x.surname == y.surname and x.street == y.street and x.house_number == y.house_number
            assert x.given_names != y.given_names and _date(x.date_of_birth) != _date(y.date_of_birth)
    # Unrelated people never share a name and birthday with anyone in A.
    keys_a = Counter((r.given_names, r.surname, _date(r.date_of_birth)) for r in ds.a)
    assert max(keys_a.values()) == 1


def test_every_corruption_type_occurs_and_the_rate_is_respected():
    ds = linkage_dataset(11, 2000, CorruptionConfig(rate=2.0))
    applied = Counter(op for ops in ds.corruptions.values() for op in ops)
    assert set(applied) == set(OPERATIONS)
    mean = sum(applied.values()) / len(ds.corruptions)
    assert 1.5 < mean <= 2.0  # Poisson(2), minus operations that do not apply to a record
    clean = linkage_dataset(11, 300, CorruptionConfig(rate=0))
    assert not any(clean.corruptions.values())


def test_config_is_checked():
    with pytest.raises(ValueError, match="unknown corruption operations"):
        CorruptionConfig(weights={"typo.teleport": 1})
    with pytest.raises(ValueError, match="overlap"):
        CorruptionConfig(overlap=1.5)
    with pytest.raises(ValueError):
        Style("us", "spaced")


# Each operation, applied alone, changes the record in exactly the way it claims to.
STYLE = Style("dmy0", "spaced")


def _date(text: str) -> date:
    """Day-first or ISO date with a four-digit year (the house styles)."""
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text):
        return date(int(m[1]), int(m[2]), int(m[3]))
    d, mth, y = re.split(r"[-/.]", text)
    return date(int(y), int(mth), int(d))


def _single_edits(before: str, after: str) -> bool:
    return len(after) == len(before) + 1 and any(after[:i] + after[i + 1 :] == before for i in range(len(after)))


def _one_replacement(before: str, after: str, rules: list[tuple[str, str]], flags: int = 0) -> bool:
    for pattern, repl in rules:
        for m in re.finditer(pattern, before, flags):
            for r in (repl, repl[:1].upper() + repl[1:]):
                if before[: m.start()] + r + before[m.end() :] == after:
                    return True
    return False


def _changed(clean: LinkageRecord, dirty: LinkageRecord) -> dict[str, tuple[str, str]]:
    return {f: (getattr(clean, f), getattr(dirty, f)) for f in FIELDS if getattr(clean, f) != getattr(dirty, f)}


def _check(op: str, clean: LinkageRecord, dirty: LinkageRecord) -> None:  # noqa: C901 - one branch per operation
    changed = _changed(clean, dirty)
    assert changed, op
    only = next(iter(changed.values())) if len(changed) == 1 else None
    if op in ("typo.insert", "typo.delete", "typo.substitute", "typo.transpose", "ocr", "phonetic", "missing"):
        assert only is not None, (op, changed)
        before, after = only
    if op == "typo.insert":
        assert _single_edits(before, after)
    elif op == "typo.delete":
        assert _single_edits(after, before)
    elif op == "typo.substitute":
        diff = [(x, y) for x, y in zip(before, after, strict=True) if x != y]
        assert len(diff) == 1
        x, y = (strip_diacritics(c).lower() for c in diff[0])
        assert y in KEYBOARD_NEIGHBOURS[x]
    elif op == "typo.transpose":
        i = next(i for i, (x, y) in enumerate(zip(before, after, strict=True)) if x != y)
        assert after == before[:i] + before[i + 1] + before[i] + before[i + 2 :]
    elif op == "ocr":
        assert _one_replacement(before, after, [(re.escape(x), y) for x, y in OCR_CONFUSIONS])
    elif op == "phonetic":
        assert _one_replacement(before, after, list(PHONETIC_VARIANTS), re.IGNORECASE)
    elif op == "missing":
        assert before and not after
    elif op == "format.case":
        assert all(after in (before.upper(), before.lower()) for before, after in changed.values())
    elif op == "format.diacritics":
        assert all(after == strip_diacritics(before) for before, after in changed.values())
    elif op == "format.tussenvoegsel_abbreviated":
        particle, core = split_particle(clean.surname)
        assert particle.startswith("van") and dirty.surname.endswith(" " + core)
        assert dirty.surname.startswith("v")
        assert len(dirty.surname) < len(clean.surname)
    elif op == "format.tussenvoegsel_moved":
        particle, core = split_particle(clean.surname)
        assert dirty.surname in (f"{core}, {particle}", f"{core} {particle}", core)
        if dirty.given_names != clean.given_names:
            assert dirty.given_names == f"{clean.given_names} {particle}" and dirty.surname == core
    elif op == "format.initials":
        letters = [w[0].upper() for w in clean.given_names.split()]
        assert dirty.given_names.replace(".", "").replace(" ", "") in ("".join(letters), letters[0])
    elif op == "format.first_given_only":
        assert dirty.given_names == clean.given_names.split()[0] != clean.given_names
    elif op == "swap.names":
        assert (dirty.given_names, dirty.surname) == (clean.surname, clean.given_names)
    elif op == "date.day_month":
        born = _date(clean.date_of_birth)
        assert _date(dirty.date_of_birth) == born.replace(day=born.month, month=born.day) != born
    elif op == "date.two_digit_year":
        born = _date(clean.date_of_birth)
        assert dirty.date_of_birth == f"{born.day:02d}-{born.month:02d}-{born.year % 100:02d}"
    elif op == "address.house_number":
        squash = lambda s: re.sub(r"[\s/-]", "", s).upper()  # noqa: E731
        assert squash(dirty.house_number) == squash(clean.house_number)
    elif op == "address.number_in_street":
        assert dirty.street == f"{clean.street} {clean.house_number}" and dirty.house_number == ""
    elif op == "address.postcode":
        assert re.sub(r"[\s-]", "", dirty.postcode).upper() == clean.postcode.replace(" ", "")
    elif op == "address.street_abbreviated":
        assert len(dirty.street) < len(clean.street) and "." in dirty.street
    else:
        raise AssertionError(f"no check for {op}")


@pytest.mark.parametrize("op", sorted(OPERATIONS))
def test_each_operation_does_what_it_says(op):
    rng = random.Random(op)
    population = Population(rng)
    config = CorruptionConfig(rate=10, max_corruptions=1, weights={op: 1})
    applied = 0
    for i in range(400):
        person = population.person()
        clean = render(person, f"r{i}", STYLE)
        dirty, ops = corrupt(clean, person, rng, config, STYLE.date)
        assert ops in ((), (op,))
        if ops:
            applied += 1
            _check(op, clean, dirty)
        else:
            assert dirty == clean
    assert applied >= 10, f"{op} applied only {applied} times"


def test_keyboard_neighbours_are_symmetric_and_local():
    assert set(KEYBOARD_NEIGHBOURS["g"]) == set("ftyhbv")
    assert "q" not in KEYBOARD_NEIGHBOURS["p"]
    assert all(c in KEYBOARD_NEIGHBOURS[d] for c, ds in KEYBOARD_NEIGHBOURS.items() for d in ds)


def test_every_house_style_renders_a_parseable_date():
    born = date(1998, 4, 3)
    assert {_date(render_date(born.day, born.month, born.year)) for render_date in DATE_STYLES.values()} == {born}


# -- metrics and the decision rule -----------------------------------------------------------------------


def test_metrics_on_hand_made_truth():
    truth = {("a1", "b1"), ("a2", "b2"), ("a4", "b4"), ("a5", "b5")}
    predicted = [("a1", "b1"), ("a2", "b2"), ("a3", "b9"), ("a1", "b1")]  # a duplicate counts once
    m = metrics(predicted, truth)
    assert (m.true_positives, m.pairs_found, m.pairs_true) == (2, 3, 4)
    assert m.precision == pytest.approx(2 / 3)
    assert m.recall == pytest.approx(1 / 2)
    assert m.f1 == pytest.approx(4 / 7)
    assert metrics([("a4", "b5")], truth).f1 == 0.0  # nothing right
    assert metrics([], truth).precision == 0.0
    assert metrics([], []).recall == 0.0
    perfect = metrics(truth, truth)
    assert (perfect.precision, perfect.recall, perfect.f1) == (1.0, 1.0, 1.0)


pairs = st.sets(st.tuples(st.sampled_from("abcdef"), st.sampled_from("uvwxyz")), max_size=12)


@settings(derandomize=True, max_examples=200, deadline=None)
@given(pairs, pairs)
def test_metrics_are_consistent(predicted, truth):
    m = metrics(predicted, truth)
    assert m.true_positives == len(predicted & truth)
    assert 0 <= m.precision <= 1 and 0 <= m.recall <= 1
    assert min(m.precision, m.recall) - 1e-12 <= m.f1 <= max(m.precision, m.recall) + 1e-12


def pair(a: str, b: str, person: float | None = None, address: float | None = None) -> Candidate:
    """A candidate whose person fields all score `person` (the date of birth the same) and whose
    address fields all score `address` (None: a side has none)."""
    similar: dict[str, float] = {}
    if person is not None:
        similar.update({PERSON_FIELDS: person, "name": person, "birth_date": 1.0})
    if address is not None:
        similar.update({ADDRESS_FIELDS: address, "number": address, "street": address, "postcode": address})
        similar["place"] = address
    return Candidate(a, b, similar)


def test_zones_are_the_matchers_and_the_link_zone_is_one_to_one():
    model = default_model()
    grid = [round(0.05 * i, 2) for i in range(8, 21)]
    candidates = [pair(f"a{p}-{q}", f"b{p}-{q}", p, q) for p in grid for q in [*grid, None]]
    zones = decide_zones(candidates, model)
    assert zones.linked == {(c.a_id, c.b_id) for c in candidates if zone(model, c.evidence()) == LINK}
    assert zones.review == {(c.a_id, c.b_id) for c in candidates if zone(model, c.evidence()) == REVIEW}
    assert zones.linked and zones.review  # the grid reaches both
    # A person alone, however similar, is never in the link zone; one record is linked once, best first.
    assert decide_zones([pair("a", "b", 1.0, None)], model).linked == set()
    rivals = [pair("a", "b1", 0.62, 0.95), pair("a", "b2", 1.0, 1.0)]
    assert decide_zones(rivals, model).linked == {("a", "b2")}


def test_decision_is_one_to_one_best_first():
    candidates = [
        pair("a1", "b1", person=0.90, address=0.95),  # strongest: taken
        pair("a1", "b2", person=0.99, address=None),  # a1 already linked
        pair("a2", "b1", person=0.92, address=0.93),  # b1 already linked
        pair("a2", "b3", person=0.85, address=None),  # a2's best remaining
        pair("a3", "b4", person=0.70, address=0.60),  # below the threshold
    ]
    thresholds = {PERSON_FIELDS: 0.8, ADDRESS_FIELDS: 0.8}
    assert decide(candidates, thresholds) == {("a1", "b1"), ("a2", "b3")}
    assert decide(candidates, {PERSON_FIELDS: 0.5, ADDRESS_FIELDS: 0.5}) == {
        ("a1", "b1"),
        ("a2", "b3"),
        ("a3", "b4"),
    }
    assert decide(candidates[1:2], {PERSON_FIELDS: 0.995, ADDRESS_FIELDS: 0.8}) == set()


# -- CSV input ---------------------------------------------------------------------------------------------


def _violations(excinfo) -> list[tuple[str, str, str]]:
    return [(v.field, v.rule, v.description) for v in excinfo.value.violations]


def test_mapping_parses_and_joins_columns():
    assert parse_mapping("given_names=first, surname = last,street=addr1+addr2") == {
        "given_names": ("first",),
        "surname": ("last",),
        "street": ("addr1", "addr2"),
    }


@pytest.mark.parametrize(
    ("text", "rule", "words"),
    [
        ("givenname=first", "eval.map.unknown_field", ["givenname", "given_names, surname"]),
        ("surname", "eval.map.syntax", ["surname", "field=column"]),
        ("surname=", "eval.map.syntax", ["surname="]),
        ("surname=a,surname=b", "eval.map.duplicate", ["surname"]),
        ("", "eval.map.empty", ["field=column"]),
    ],
)
def test_mapping_errors_name_the_field_and_rule(text, rule, words):
    with pytest.raises(ValidationError) as excinfo:
        parse_mapping(text)
    ((where, got, description),) = _violations(excinfo)
    assert (where, got) == ("--map", rule)
    assert all(w in description for w in words)


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_csv_loads_with_mapping_and_any_delimiter(tmp_path):
    a = _write(tmp_path / "a.csv", "rec_id, first, last, dob\nr1, Jan, van den Berg, 3-4-1998\n\nr2,Émile,Dijk,\n")
    b = _write(tmp_path / "b.csv", "rec_id;first;last;dob\nx1;J.;v.d. Berg;03/04/98\n")
    mapping = parse_mapping("given_names=first,surname=last,date_of_birth=dob")
    assert load_csv(a, "rec_id", mapping) == [
        LinkageRecord("r1", given_names="Jan", surname="van den Berg", date_of_birth="3-4-1998"),
        LinkageRecord("r2", given_names="Émile", surname="Dijk"),
    ]
    assert load_csv(b, "rec_id", mapping) == [
        LinkageRecord("x1", given_names="J.", surname="v.d. Berg", date_of_birth="03/04/98")
    ]
    joined = load_csv(a, "rec_id", parse_mapping("surname=first+last"))
    assert joined[0].surname == "Jan van den Berg"


def test_csv_errors_name_file_column_line_and_rule(tmp_path):
    mapping = parse_mapping("given_names=first,surname=last")
    a = _write(tmp_path / "a.csv", "id,first,surname\n1,Jan,Berg\n")
    with pytest.raises(ValidationError) as excinfo:
        load_csv(a, "rec_id", mapping)
    found = _violations(excinfo)
    assert [(w, r) for w, r, _ in found] == [(str(a), "eval.csv.missing_column")] * 2
    assert "'rec_id' (for id)" in found[0][2] and "'last' (for surname)" in found[1][2]
    assert "id, first, surname" in found[0][2]

    rows = _write(tmp_path / "rows.csv", "id,first,last\n1,Jan,Berg\n,Piet,Dijk\n1,Kees,Bos\n2,Ans\n")
    with pytest.raises(ValidationError) as excinfo:
        load_csv(rows, "id", mapping)
    assert [(w, r) for w, r, _ in _violations(excinfo)] == [
        (f"{rows}:3", "eval.csv.missing_id"),
        (f"{rows}:4", "eval.csv.duplicate_id"),
        (f"{rows}:5", "eval.csv.row_length"),
    ]
    descriptions = [d for _, _, d in _violations(excinfo)]
    assert "'id'" in descriptions[0] and "line 2" in descriptions[1]

    with pytest.raises(ValidationError) as excinfo:
        load_csv(_write(tmp_path / "empty.csv", "\n"), "id", mapping)
    assert _violations(excinfo)[0][1] == "eval.csv.no_header"
    with pytest.raises(ValidationError) as excinfo:
        load_csv(tmp_path / "absent.csv", "id", mapping)
    assert _violations(excinfo)[0][:2] == (str(tmp_path / "absent.csv"), "eval.file.missing")


def test_truth_file_with_or_without_header(tmp_path):
    a_ids, b_ids = ["a1", "a2"], ["b1", "b2"]
    with_header = _write(tmp_path / "t1.csv", "left,right\na1,b1\na2,b2\n")
    without = _write(tmp_path / "t2.csv", "a1,b1\na2,b2\n")
    assert load_truth(with_header, a_ids, b_ids) == load_truth(without, a_ids, b_ids) == {("a1", "b1"), ("a2", "b2")}
    bad = _write(tmp_path / "t3.csv", "a,b\na1,b9\na2\n")
    with pytest.raises(ValidationError) as excinfo:
        load_truth(bad, a_ids, b_ids)
    found = _violations(excinfo)
    assert [(w, r) for w, r, _ in found] == [(f"{bad}:2", "eval.truth.unknown_id"), (f"{bad}:3", "eval.truth.columns")]
    assert "b9 is not in B" in found[0][2]
    with pytest.raises(ValidationError) as excinfo:
        load_truth(_write(tmp_path / "t4.csv", "a,b\n"), a_ids, b_ids)
    assert _violations(excinfo)[0][1] == "eval.truth.empty"


def test_file_arguments_come_together():
    assert check_csv_arguments(None, None, "", "", None) is None
    with pytest.raises(ValidationError) as excinfo:
        check_csv_arguments(Path("a.csv"), None, "id", "", None)
    assert [(w, r) for w, r, _ in _violations(excinfo)] == [
        ("--b", "eval.args.required"),
        ("--map", "eval.args.required"),
        ("--truth", "eval.args.required"),
    ]


def test_cli_reports_mapping_errors_clearly(tmp_path, capsys):
    a = _write(tmp_path / "a.csv", "id,first,last\n1,Jan,Berg\n")
    truth = _write(tmp_path / "truth.csv", "1,1\n")
    args = ["eval", "linkage", "--a", str(a), "--b", str(a), "--id-column", "id", "--truth", str(truth)]
    assert main([*args, "--map", "given_names=first,surname=lastname"]) == 2
    out = " ".join(capsys.readouterr().out.split())  # the console wraps long lines
    assert "column 'lastname' (for surname) is not in the header" in out and "eval.csv.missing_column" in out
    assert main([*args, "--map", "voornaam=first"]) == 2
    assert "unknown field 'voornaam'" in " ".join(capsys.readouterr().out.split())


# -- the real pipeline (node/fuzzy.py encodes, matcher/fuzzy.py matches) ------------------------------------


@pytest.fixture(scope="module")
def key():
    return new_key(secrets.token_bytes(32))


def test_evaluation_reports_the_expected_structure(key):
    ds = linkage_dataset(5, 300)
    report = evaluate(ds.a, ds.b, ds.truth, key=key, negatives=ds.negatives)
    result = report.to_json()
    for name in ("precision", "recall", "f1", "recall_with_review"):
        assert 0.0 <= result[name] <= 1.0
    assert result["pairs_true"] == len(ds.truth) == 150
    assert result["pairs_found"] == report.default.pairs_found
    assert result["recall_with_review"] >= result["recall"]
    assert result["review_pairs"] >= 0 and result["lookalikes_linked"] == 0
    assert result["lookalikes"] == 15 and result["lookalikes_in_review"] <= 15
    assert set(result["corruptions"]) == {"none", *PROBES}
    assert all(0 <= c["recall"] <= c["recall_with_review"] <= 1 for c in result["corruptions"].values())
    assert [row["threshold"] for row in result["thresholds"]] == list(LINK_THRESHOLDS)
    assert result["blocking_recall_loss"] == pytest.approx(report.brute_force.recall - report.default.recall)
    assert result["blocking_recall_loss"] >= -1e-9  # blocking only ever removes candidates
    assert set(result["hard_negatives"]) == {"look_alike", "housemate"}
    assert result["model"]["data"]["random_pairs"] > 0 and result["model"]["fitted_at"]
    assert result["f1"] > 0.8  # a sanity floor on 300 records; the README reports the real numbers


def test_csv_route_gives_the_same_result_as_generated_data(key, tmp_path):
    ds = linkage_dataset(6, 120)
    a_path, b_path, truth_path = write_csv(ds, tmp_path)
    mapping = parse_mapping(",".join(f"{f}={f}" for f in FIELDS))
    a, b = load_csv(a_path, "id", mapping), load_csv(b_path, "id", mapping)
    assert (tuple(a), tuple(b)) == (ds.a, ds.b)
    truth = load_truth(truth_path, (r.record_id for r in a), (r.record_id for r in b))
    assert truth == ds.truth
    direct = evaluate(ds.a, ds.b, ds.truth, key=key, brute_force=False, probes=False)
    via_csv = evaluate(a, b, truth, key=key, brute_force=False, probes=False)
    assert via_csv.default == direct.default and via_csv.table == direct.table


def test_cli_json_on_generated_data(key, capsys, tmp_path):
    saved = tmp_path / "model.json"
    assert main(["eval", "linkage", "--records", "80", "--seed", "2", "--json", "--save-model", str(saved)]) == 0
    result = json.loads(capsys.readouterr().out)
    wanted = {"precision", "recall", "f1", "review_pairs", "recall_with_review", "lookalikes_linked",
              "lookalikes_in_review", "corruptions", "pairs_true", "pairs_found", "blocking_recall_loss"}  # fmt: skip
    assert wanted <= set(result)
    assert result["pairs_true"] == 40 and result["data"]["generated"] is True
    assert result["hardening"] == DEFAULT_HARDENING and result["rule"] == "link"
    assert json.loads(saved.read_text())["data"]["data"]["seed"] == 2
    assert main(["eval", "linkage", "--records", "20", "--rule", "similarity", "--json", "--no-brute-force"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["rule"] == "similarity" and result["brute_force"] is None


def test_common_name_and_birthday_alone_do_not_link_two_people(key):
    """The hard-negative rule: same common name and date of birth, same municipality, other address."""
    model = default_model()
    jan = PersonRecord("Jan", "de Vries", "1990-03-04")
    namesake = PersonRecord("Jan", "de Vries", "04-03-1990")
    home = AddressRecord("Kerkstraat", "12", "3511 AB", "Utrecht")
    elsewhere = AddressRecord("Biltstraat", "140", "3572 BN", "Utrecht")
    persons = similarities(PERSON_FIELDS, encode_person(key, jan).bits, encode_person(key, namesake).bits)
    addresses = similarities(ADDRESS_FIELDS, encode_address(key, home).bits, encode_address(key, elsewhere).bits)
    assert persons[PERSON_FIELDS] >= 0.95  # the encodings do look alike
    assert zone(model, Candidate("a", "b", persons).evidence()) != LINK
    assert zone(model, Candidate("a", "b", {**persons, **addresses}).evidence()) == REVIEW  # at most
    # The same person written differently, at the same address, is linked.
    same = similarities(
        ADDRESS_FIELDS, encode_address(key, home).bits, encode_address(key, replace(home, postcode="3511AB")).bits
    )
    assert decide_zones([Candidate("a-jan", "b-jan", {**persons, **same})], model).linked == {("a-jan", "b-jan")}
