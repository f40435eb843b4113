"""One exception hierarchy for the whole project.

Every error says what is wrong and what to do about it. Messages meant for end users are
produced through :mod:`signalmatch.i18n` so they follow the user's language (Dutch by default).
"""

from __future__ import annotations

from dataclasses import dataclass


class SignalmatchError(Exception):
    """Base of every error this project raises on purpose."""


@dataclass(frozen=True)
class Violation:
    """One rule that one input field broke."""

    field: str  # path, e.g. "persons[0].phones[1]"
    rule: str  # machine-readable rule id, e.g. "bsn.elfproef"
    description: str  # human-readable, in the user's language

    def __str__(self) -> str:
        return f"{self.field}: {self.description} [{self.rule}]"


class InvalidValue(SignalmatchError):
    """A single value broke a rule; the caller knows which field it came from."""

    def __init__(self, rule: str, description: str):
        super().__init__(description)
        self.rule = rule
        self.description = description

    def at(self, field: str) -> Violation:
        return Violation(field=field, rule=self.rule, description=self.description)


class ValidationError(SignalmatchError):
    """An input broke one or more rules. Maps to gRPC INVALID_ARGUMENT with BadRequest details."""

    def __init__(self, violations: list[Violation] | tuple[Violation, ...]):
        self.violations = tuple(violations)
        super().__init__("; ".join(str(v) for v in self.violations))


class ConfigError(SignalmatchError):
    """A configuration file or key file is missing or malformed."""


class FederationExistsError(SignalmatchError):
    """`federation init` was asked to overwrite an existing federation."""


class AuthenticationError(SignalmatchError):
    """The caller could not be identified (no or invalid certificate, bad signature)."""


class PermissionDeniedError(SignalmatchError):
    """The caller is identified but its role may not do this."""


class NotFoundError(SignalmatchError):
    """The named resource does not exist (or is not visible to the caller)."""


class ConflictError(SignalmatchError):
    """The request conflicts with the current state (e.g. a status change that is not allowed)."""


class AlreadyExistsError(ConflictError):
    """What the request would create exists already (e.g. a case number used by another signal)."""


class UnavailableError(SignalmatchError):
    """Not possible right now, but it will be (e.g. a node still waiting for its table secret)."""
