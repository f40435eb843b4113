"""signalmatch/requests.py: ranges, resource names, the one page-token codec, plain text (pure)."""

from __future__ import annotations

import base64
import json
import sys
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from signalmatch.errors import ValidationError, Violation
from signalmatch.requests import MAX_ID, PageTokens, in_range, is_hit_name, parse_hit_name, parse_id, text_violation


def rules(call) -> list[tuple[str, str]]:
    with pytest.raises(ValidationError) as err:
        call()
    return [(v.field, v.rule) for v in err.value.violations]


def test_hit_names_take_ascii_digits_in_range_only():
    assert parse_hit_name("hits/1") == 1 and parse_hit_name(f"hits/{MAX_ID}") == MAX_ID
    for bad in ("hits/１", "hits/99999999999999999999999", f"hits/{MAX_ID + 1}", "hits/0", "hits/-1", "hits/+1",
                "hits/ 1", "hits/1 ", "hits/1\n", "hits/", "hit/1", "hits/1.0", "hits/٣"):  # fmt: skip
        assert rules(lambda b=bad: parse_hit_name(b)) == [("name", "name")], bad
        assert not is_hit_name(bad)
    assert rules(lambda: parse_id("disclosures/１", "disclosures/", "hit")) == [("hit", "name")]


def test_numbers_from_requests_are_range_checked():
    assert in_range(0, "skip") == 0 and in_range(MAX_ID, "index") == MAX_ID
    for bad in (-1, MAX_ID + 1, 2**70, True):
        assert rules(lambda b=bad: in_range(b, "index")) == [("index", "range")]


def test_page_tokens_are_the_servers_own_for_one_caller_and_query():
    tokens = PageTokens()
    token = tokens.encode("spiffe://t/chair/a", "hits status=nieuw", ["2026-03-01T10:00:00.000000+00:00", 12])
    assert tokens.decode(token, "spiffe://t/chair/a", "hits status=nieuw", (str, int)) == (
        "2026-03-01T10:00:00.000000+00:00",
        12,
    )
    wrong = [
        lambda: tokens.decode(token, "spiffe://t/chair/b", "hits status=nieuw", (str, int)),  # another caller
        lambda: tokens.decode(token, "spiffe://t/chair/a", "hits status=besproken", (str, int)),  # another query
        lambda: PageTokens().decode(token, "spiffe://t/chair/a", "hits status=nieuw", (str, int)),  # another process
        lambda: tokens.decode(token, "spiffe://t/chair/a", "hits status=nieuw", (int, int)),  # another shape
        lambda: tokens.decode(token[:-2], "spiffe://t/chair/a", "hits status=nieuw", (str, int)),
        lambda: tokens.decode("x" * 600, "a", "q", (int,)),
        lambda: tokens.decode("", "a", "q", (int,)),
    ]
    for call in wrong:
        assert rules(call) == [("page_token", "page_token")]


@pytest.mark.parametrize("position", [[2**70], [-1], [True], [1.0], ["1"], [None], [], [1, 2]])
def test_even_a_token_with_a_valid_mac_holds_only_ids_in_range(position):
    """Defect 4/5: a page token carrying 2^70 answered INTERNAL; a negative or boolean id was taken."""
    tokens = PageTokens(key=b"k" * 32)
    forged = tokens.encode("c", "q", position)
    assert rules(lambda: tokens.decode(forged, "c", "q", (int,))) == [("page_token", "page_token")]


@given(st.text(max_size=200))
def test_no_text_breaks_the_decoder(text):
    tokens = PageTokens()
    try:
        tokens.decode(text, "c", "q", (int,))
    except ValidationError:
        pass
    # an unauthenticated token of the old kind is refused too
    old = base64.urlsafe_b64encode(json.dumps([1, "0123456789abcdef"]).encode()).decode().rstrip("=")
    assert rules(lambda: tokens.decode(old, "c", "q", (int,))) == [("page_token", "page_token")]


def test_text_without_control_characters_and_not_only_blanks():
    assert text_violation("explanation", "regel 1\nregel 2\ttab", multiline=True) is None
    assert text_violation("place", "") is None and text_violation("surname", "de Vries") is None
    assert text_violation("explanation", "nul\x00byte", multiline=True).rule == "text.control"
    assert text_violation("surname", "two\nlines").rule == "text.control"
    assert text_violation("surname", "bell\x07").rule == "text.control"
    assert text_violation("given_names", "   ").rule == "text.blank"
    assert text_violation("given_names", "\u00a0\u3000").rule == "text.blank"


def _old_text_violation_rule(value: str, multiline: bool) -> str | None:
    """text_violation's rule as it was computed before issue 15: character by character."""
    allowed = frozenset("\n\r\t") if multiline else frozenset()
    if any(unicodedata.category(c) == "Cc" and c not in allowed for c in value):
        return "text.control"
    return "text.blank" if value and not value.strip() else None


def _rule(found: Violation | None) -> str | None:
    return None if found is None else found.rule


def test_control_characters_are_exactly_unicode_category_cc_over_every_code_point():
    every = [chr(code) for code in range(sys.maxunicode + 1)]
    control = [c for c in every if unicodedata.category(c) == "Cc"]
    assert text_violation("f", "".join(c for c in every if unicodedata.category(c) != "Cc")) is None
    for c in control:
        assert _rule(text_violation("f", f"a{c}b")) == "text.control"
        assert _rule(text_violation("f", f"a{c}b", multiline=True)) == (None if c in "\n\r\t" else "text.control")


@given(st.text(), st.booleans())
def test_text_violation_as_before(value: str, multiline: bool):
    assert _rule(text_violation("f", value, multiline)) == _old_text_violation_rule(value, multiline)
