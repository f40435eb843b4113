"""Audit entries as NEN 7513 log records, for a care partner's own tooling.

NEN 7513 (logging of actions on electronic health records) asks each log record to say *which
event* happened (what, when, with what result), *which user* did it (identity, role, organisation),
on *which object* (the client / record concerned), from *which source* (system) and for *which
purpose*. The field names below follow the standard's parts; where the standard leans on IHE ATNA
/ ISO 27789 for coded values we use those codes (EventActionCode C/R/U/D/E, EventOutcomeIndicator
0/4/8). The mapping is documented in docs/audit-nen7513.md; the function here is its only
implementation.

The log holds codes and opaque references only, so the export does too: ``object_id`` is a
reference such as ``hits/12`` or ``signals/<ref>``, never a name or number of a person.
"""

from __future__ import annotations

from signalmatch.audit.log import AuditEntry

COLUMNS = (
    "event_id",  # origin + log index: unique and stable
    "event_time",  # RFC 3339, UTC
    "event_type",  # the action code, e.g. disclosure.approved
    "event_action",  # ATNA EventActionCode: C(reate) R(ead) U(pdate) D(elete) E(xecute)
    "event_outcome",  # ATNA EventOutcomeIndicator: 0 success, 4 minor failure (refused), 8 serious failure
    "event_outcome_code",  # the entry's own outcome code (ok, rejected, refused, ...)
    "user_id",  # the certificate identity (spiffe://...) or system name
    "user_role",  # partner | operator | chair | officer | matcher | system
    "user_organisation",  # partner id, "matcher", "keyholder", ...
    "object_type",  # hits, signals, disclosures, batches, epochs, partners, ... (from the reference)
    "object_id",  # the opaque references, ';'-separated
    "object_data_categories",  # categories of personal data concerned (disclosures), ';'-separated
    "source_system",  # matcher | node | keyholder
    "source_log",  # the log's origin, e.g. midden-nederland/matcher
    "purpose_of_use",  # purpose code from the table policy
    "legal_basis",  # legal basis code from the table policy
    "recipients",  # who received data, ';'-separated
    "details",  # the entry's small key=value pairs (counts, statuses), ';'-separated
)

# The last part of an action code -> ATNA EventActionCode.
_ACTIONS = {
    "C": ("created", "requested", "submitted", "accepted", "received", "key_imported", "restored"),
    "R": ("viewed", "listed", "read", "opened", "previewed", "looked_up"),
    "U": ("updated", "status_changed", "merged", "referred", "approved", "refused", "repseudonymised"),
    "D": ("withdrawn", "purged", "expired", "destroyed", "dissolved", "dropped", "key_destroyed"),
}
ACTION_CODES = {verb: code for code, verbs in _ACTIONS.items() for verb in verbs}
SUCCESS, MINOR_FAILURE, SERIOUS_FAILURE = "0", "4", "8"
_MINOR = ("rejected", "refused", "denied", "expired")


def action_code(action: str) -> str:
    """C/R/U/D by the action's verb; E (execute) for everything else (sending, evaluating, alerting)."""
    return ACTION_CODES.get(action.rsplit(".", 1)[-1], "E")


def outcome_indicator(outcome: str) -> str:
    if outcome == "ok":
        return SUCCESS
    return MINOR_FAILURE if outcome in _MINOR else SERIOUS_FAILURE


def record(origin: str, index: int, entry: AuditEntry) -> dict[str, str]:
    """One NEN 7513 record (COLUMNS -> text) for the entry at `index` of the log `origin`."""
    object_types = sorted({ref.split("/", 1)[0] for ref in entry.objects if "/" in ref})
    return {
        "event_id": f"{origin}/{index}",
        "event_time": entry.time,
        "event_type": entry.action,
        "event_action": action_code(entry.action),
        "event_outcome": outcome_indicator(entry.outcome),
        "event_outcome_code": entry.outcome,
        "user_id": entry.actor_user,
        "user_role": entry.actor_role,
        "user_organisation": entry.actor_org,
        "object_type": ";".join(object_types),
        "object_id": ";".join(entry.objects),
        "object_data_categories": ";".join(entry.data_categories),
        "source_system": entry.system,
        "source_log": origin,
        "purpose_of_use": entry.purpose,
        "legal_basis": entry.legal_basis,
        "recipients": ";".join(entry.recipients),
        "details": ";".join(f"{k}={v}" for k, v in entry.details),
    }
