"""signalmatch/enums.py: its lookup tables give exactly what the protobuf enums' own look-ups gave."""

from __future__ import annotations

import re
from typing import Any

import pytest
from google.protobuf.internal.enum_type_wrapper import EnumTypeWrapper
from hypothesis import given
from hypothesis import strategies as st

from signalmatch import enums
from signalmatch.v1 import common_pb2, disclosure_pb2, signal_pb2

ENUMS = [
    value
    for module in (common_pb2, disclosure_pb2, signal_pb2)
    for value in vars(module).values()
    if isinstance(value, EnumTypeWrapper)
]


def _prefix(enum_type: Any) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", enum_type.DESCRIPTOR.name).upper() + "_"


def _outcome(call: Any, *args: Any) -> Any:
    try:
        return ("ok", call(*args))
    except ValueError:
        return ("ValueError",)


# enums.short / number / known as they were before issue 15 (no tables).
def old_short(enum_type: Any, number: int) -> str:
    return enum_type.Name(number).removeprefix(_prefix(enum_type)).lower() if number else ""


def old_number(enum_type: Any, name: str) -> int:
    return enum_type.Value(_prefix(enum_type) + name.upper()) if name else 0


def old_known(enum_type: Any, value: int) -> bool:
    return value != 0 and value in enum_type.values()


@pytest.mark.parametrize("enum_type", ENUMS, ids=lambda e: e.DESCRIPTOR.name)
def test_every_number_and_name_of_every_enum_as_before(enum_type: Any) -> None:
    for n in range(-3, max(enum_type.values()) + 4):
        assert _outcome(enums.short, enum_type, n) == _outcome(old_short, enum_type, n)
        assert enums.known(enum_type, n) == old_known(enum_type, n)
    for name in (*enums.choices(enum_type), "", "unknown", "UNSPECIFIED"):
        for spelling in (name, name.upper(), name.title()):
            assert _outcome(enums.number, enum_type, spelling) == _outcome(old_number, enum_type, spelling)


@given(st.sampled_from(ENUMS), st.integers(-(2**31), 2**31), st.text(max_size=30))
def test_any_number_and_name_as_before(enum_type: Any, n: int, name: str) -> None:
    assert _outcome(enums.short, enum_type, n) == _outcome(old_short, enum_type, n)
    assert enums.known(enum_type, n) == old_known(enum_type, n)
    assert _outcome(enums.number, enum_type, name) == _outcome(old_number, enum_type, name)
