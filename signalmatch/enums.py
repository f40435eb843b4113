"""Proto enums <-> the short lowercase names used in the domain, configs, CLIs and audit entries.

`HitStatus.HIT_STATUS_IN_BEHANDELING` <-> "in_behandeling"; the UNSPECIFIED value <-> "".
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any, TypeVar, cast

from google.protobuf.internal.enum_type_wrapper import EnumTypeWrapper

E = TypeVar("E", bound=int)


@cache
def _prefix(enum_type: EnumTypeWrapper) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", enum_type.DESCRIPTOR.name).upper() + "_"


@cache
def _shorts(enum_type: EnumTypeWrapper) -> dict[int, str]:
    return {n: enum_type.Name(n).removeprefix(_prefix(enum_type)).lower() for n in enum_type.values()}


@cache
def _values(enum_type: EnumTypeWrapper) -> frozenset[int]:
    return frozenset(enum_type.values())


def short(enum_type: EnumTypeWrapper, number: int) -> str:
    """The short name of `number`; "" for 0. ValueError for a number the enum does not have."""
    if not number:
        return ""
    found = _shorts(enum_type).get(number) if isinstance(number, int) and not isinstance(number, bool) else None
    return found if found is not None else enum_type.Name(number).removeprefix(_prefix(enum_type)).lower()


def number(enum_type: type[E], name: str) -> E:
    """The number of short `name`; 0 for "". ValueError for a name the enum does not have.

    Typed as the generated enum (`common_pb2.HitStatus`), so it fits the message constructors."""
    return cast(E, _number(cast(Any, enum_type), name) if name else 0)


@lru_cache(maxsize=1024)
def _number(enum_type: Any, name: str) -> int:
    """The number of a short name (memoised, successes only: every signal names a few of them)."""
    value: int = enum_type.Value(_prefix(enum_type) + name.upper())
    return value


def choices(enum_type: EnumTypeWrapper) -> tuple[str, ...]:
    """Every short name except the unspecified one, in declaration order."""
    return tuple(short(enum_type, n) for n in enum_type.values() if n)


def known(enum_type: EnumTypeWrapper, value: int) -> bool:
    return value != 0 and value in _values(enum_type)
