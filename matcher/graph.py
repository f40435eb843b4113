"""The hits as connected components of the link graph, kept up to date inside the store's
transactions (matcher/store.py): a new link joins or merges hits (the oldest survives, with its
status), removed links split a hit into its remaining components or dissolve it. The domain rules
are matcher/match.py's."""

from __future__ import annotations

import sqlite3

from signalmatch import i18n
from signalmatch.errors import NotFoundError
from signalmatch.matcher.match import HitChanges, components
from signalmatch.workflow import DISCUSSED, NIEUW


class Changes:
    """Accumulates the hit changes of one store operation."""

    def __init__(self) -> None:
        self.created: list[int] = []
        self.updated: set[int] = set()
        self.merged: list[tuple[int, int]] = []
        self.dissolved: list[int] = []

    def freeze(self) -> HitChanges:
        gone = {f for f, _ in self.merged} | set(self.dissolved) | set(self.created)
        return HitChanges(
            created=tuple(self.created),
            updated=tuple(sorted(self.updated - gone)),
            merged=tuple(self.merged),
            dissolved=tuple(self.dissolved),
        )


def join(conn: sqlite3.Connection, sid: int, others: list[int], now: str, changes: Changes) -> None:
    """`sid` was just linked to `others`: put them all in one hit, merging hits as needed."""
    members = [sid, *others]
    hit_of = dict(
        conn.execute(
            f"SELECT id, hit_id FROM signals WHERE id IN ({','.join('?' * len(members))})", members
        ).fetchall()
    )
    loose = [m for m in members if hit_of[m] is None]
    hits = sorted({h for h in hit_of.values() if h is not None})
    if not hits:
        hid = conn.execute(
            "INSERT INTO hits (status, create_time, update_time) VALUES (?, ?, ?)", (NIEUW, now, now)
        ).lastrowid
        assert hid is not None
        changes.created.append(hid)
        conn.executemany("UPDATE signals SET hit_id = ? WHERE id = ?", [(hid, m) for m in loose])
        return
    survivor, absorbed = hits[0], hits[1:]
    for other in absorbed:
        conn.execute("UPDATE signals SET hit_id = ? WHERE hit_id = ?", (survivor, other))
        conn.execute(
            "UPDATE hits SET state = 'merged', merged_into = ?, update_time = ? WHERE id = ?",
            (survivor, now, other),
        )
        changes.merged.append((other, survivor))
    conn.executemany("UPDATE signals SET hit_id = ? WHERE id = ?", [(survivor, m) for m in loose])
    status = conn.execute("SELECT status FROM hits WHERE id = ?", (survivor,)).fetchone()[0]
    gained = bool(loose or absorbed)
    conn.execute(
        "UPDATE hits SET update_time = ?, new_evidence = new_evidence OR ? WHERE id = ?",
        (now, gained and status in DISCUSSED, survivor),
    )
    changes.updated.add(survivor)


def recompute(conn: sqlite3.Connection, hit_id: int, now: str, changes: Changes) -> None:
    """After links of `hit_id` were removed: split it into its remaining components.

    The largest component keeps the hit (id and status); other components of two or more
    signals become new hits; single signals leave; with no such component it dissolves.
    """
    members = {r[0] for r in conn.execute("SELECT id FROM signals WHERE hit_id = ?", (hit_id,))}
    edges = conn.execute(
        "SELECT l.a, l.b FROM signals s JOIN links l ON l.a = s.id WHERE s.hit_id = ? AND l.zone = 'link'",
        (hit_id,),
    ).fetchall()
    groups = [g for g in components(members, edges) if len(g) >= 2]
    keep = groups[0] if groups else set()
    conn.executemany(
        "UPDATE signals SET hit_id = NULL WHERE id = ?",
        [(m,) for m in members - set().union(*groups)],
    )
    for group in groups[1:]:
        new_id = conn.execute(
            "INSERT INTO hits (status, create_time, update_time) VALUES (?, ?, ?)", (NIEUW, now, now)
        ).lastrowid
        assert new_id is not None
        changes.created.append(new_id)
        conn.executemany("UPDATE signals SET hit_id = ? WHERE id = ?", [(new_id, m) for m in sorted(group)])
    if keep:
        touch(conn, hit_id, now, changes)
    else:
        conn.execute("UPDATE hits SET state = 'dissolved', update_time = ? WHERE id = ?", (now, hit_id))
        changes.dissolved.append(hit_id)


def touch(conn: sqlite3.Connection, hit_id: int, now: str, changes: Changes) -> None:
    conn.execute("UPDATE hits SET update_time = ? WHERE id = ?", (now, hit_id))
    changes.updated.add(hit_id)


def active_status(conn: sqlite3.Connection, hit_id: int) -> str:
    """The status of an active hit; NotFoundError saying what became of any other."""
    row = conn.execute("SELECT status, state, merged_into FROM hits WHERE id = ?", (hit_id,)).fetchone()
    if row is None:
        raise NotFoundError(i18n.t("match.hit.not_found", hit_id=hit_id))
    status, state, into = row
    if state == "merged":
        while True:  # follow the chain to the hit that absorbed it in the end
            nxt = conn.execute("SELECT state, merged_into FROM hits WHERE id = ?", (into,)).fetchone()
            if nxt[0] != "merged":
                break
            into = nxt[1]
        raise NotFoundError(i18n.t("match.hit.merged", hit_id=hit_id, into=into))
    if state == "dissolved":
        raise NotFoundError(i18n.t("match.hit.dissolved", hit_id=hit_id))
    return status
