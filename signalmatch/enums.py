"""Proto enums <-> the short lowercase names used in the domain, configs, CLIs and audit entries.

`HitStatus.HIT_STATUS_IN_BEHANDELING` <-> "in_behandeling"; the UNSPECIFIED value <-> "".
"""

from __future__ import annotations

import re
from functools import cache

from google.protobuf.internal.enum_type_wrapper import EnumTypeWrapper


@cache
def _prefix(enum_type: EnumTypeWrapper) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", enum_type.DESCRIPTOR.name).upper() + "_"


def short(enum_type: EnumTypeWrapper, number: int) -> str:
    """The short name of `number`; "" for 0. ValueError for a number the enum does not have."""
    return enum_type.Name(number).removeprefix(_prefix(enum_type)).lower() if number else ""


def number(enum_type: EnumTypeWrapper, name: str) -> int:
    """The number of short `name`; 0 for "". ValueError for a name the enum does not have."""
    return enum_type.Value(_prefix(enum_type) + name.upper()) if name else 0


def choices(enum_type: EnumTypeWrapper) -> tuple[str, ...]:
    """Every short name except the unspecified one, in declaration order."""
    return tuple(short(enum_type, n) for n in enum_type.values() if n)


def known(enum_type: EnumTypeWrapper, value: int) -> bool:
    return value != 0 and value in enum_type.values()
