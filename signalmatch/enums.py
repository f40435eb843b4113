"""Proto enums <-> the short lowercase names used in the domain, configs, CLIs and audit entries.

`HitStatus.HIT_STATUS_IN_BEHANDELING` <-> "in_behandeling"; the UNSPECIFIED value <-> "".
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any, TypeVar, cast

from google.protobuf.internal.enum_type_wrapper import EnumTypeWrapper

E = TypeVar("E", bound=int)


@cache
def _prefix(enum_type: EnumTypeWrapper) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", enum_type.DESCRIPTOR.name).upper() + "_"


def short(enum_type: EnumTypeWrapper, number: int) -> str:
    """The short name of `number`; "" for 0. ValueError for a number the enum does not have."""
    return enum_type.Name(number).removeprefix(_prefix(enum_type)).lower() if number else ""


def number(enum_type: type[E], name: str) -> E:
    """The number of short `name`; 0 for "". ValueError for a name the enum does not have.

    Typed as the generated enum (`common_pb2.HitStatus`), so it fits the message constructors."""
    wrapper = cast(Any, enum_type)
    return cast(E, wrapper.Value(_prefix(wrapper) + name.upper()) if name else 0)


def choices(enum_type: EnumTypeWrapper) -> tuple[str, ...]:
    """Every short name except the unspecified one, in declaration order."""
    return tuple(short(enum_type, n) for n in enum_type.values() if n)


def known(enum_type: EnumTypeWrapper, value: int) -> bool:
    return value != 0 and value in enum_type.values()
