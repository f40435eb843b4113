"""The chair's review workflow of a hit, shared by the matcher that enforces it and the consoles
that offer it: the statuses in order, which moves are allowed, and the referral targets."""

from __future__ import annotations

NIEUW = "nieuw"
IN_BEHANDELING = "in_behandeling"
INFO_OPGEVRAAGD = "info_opgevraagd"
BESPROKEN = "besproken"
DOORGELEID = "doorgeleid"
AFGESLOTEN = "afgesloten"

# Forward order; doorgeleid and afgesloten are alternative outcomes of the same step.
RANK = {NIEUW: 0, IN_BEHANDELING: 1, INFO_OPGEVRAAGD: 2, BESPROKEN: 3, DOORGELEID: 4, AFGESLOTEN: 4}
STATUSES = tuple(RANK)
# Statuses from which a hit may be reopened (back to in_behandeling), and which make new
# signals resurface as new evidence.
DISCUSSED = frozenset({BESPROKEN, DOORGELEID, AFGESLOTEN})
# Where a hit can be referred to ("doorgeleid naar"): short names of common.PartnerKind.
REFERRAL_TARGETS = ("politie", "nla", "zorgcoordinator", "veilig_thuis", "gemeente", "om", "kmar")


def allowed_targets(current: str) -> tuple[str, ...]:
    """Statuses a hit in status `current` may move to (excluding `current` itself)."""
    forward = tuple(s for s in STATUSES if RANK[s] > RANK[current])
    back = (IN_BEHANDELING,) if current in DISCUSSED else ()
    return back + forward
