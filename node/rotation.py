"""Re-pseudonymisation after a key rotation (`signalmatch federation rotate`).

A node restarted with a new current key epoch finds the live signals it never queued under that
epoch (the vault tracks per signal the epochs it was submitted in), decrypts each from the vault,
computes its tokens (and, when the table policy allows fuzzy matching, its encodings) again in
every active epoch and queues the result through the outbox under the
same signal reference. The matcher treats it as an edit of the signal: the old epoch's tokens
still match the other partners' old tokens and the new epoch's match the new ones, so every link
and hit stays while the partners switch one by one. Runs in the background, in groups, so intake
goes on meanwhile; a restart simply resumes where it stopped.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from signalmatch import clock
from signalmatch.errors import NotFoundError, ValidationError
from signalmatch.node.intake import pseudonymise
from signalmatch.node.pseudonymise import TokenKey
from signalmatch.node.signal import validate
from signalmatch.node.vault import Actor, Resubmission, Vault

log = logging.getLogger("signalmatch.node.rotation")

GROUP = 200  # signals per transaction


class Repseudonymiser:
    """Background thread: queues every live signal again in the current key epoch."""

    def __init__(
        self,
        vault: Vault,
        key: TokenKey,
        previous: tuple[TokenKey, ...],
        municipalities: tuple[str, ...],
        actor: Actor,
        on_queued: Callable[[], None] = lambda: None,
        group: int = GROUP,
        fuzzy: bool = True,
    ):
        self._vault = vault
        self._key = key
        self._previous = previous
        self._municipalities = municipalities
        self._actor = actor
        self._on_queued = on_queued
        self._group = group
        self._fuzzy = fuzzy  # the table policy's fuzzy_matching: re-encode persons and addresses too
        self._epochs = tuple(sorted({key.epoch, *(k.epoch for k in previous)}))
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="repseudonymise", daemon=True)
        self.queued = 0

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def pending(self) -> int:
        """Live signals not yet queued in the current epoch (0 when the switch is complete here)."""
        return len(self._vault.live_without_epoch(self._key.epoch, 1_000_000))

    def _run(self) -> None:
        try:
            while not self._stop.is_set() and self.run_once():
                pass
        except Exception as exc:  # the type only: messages may hold data; the next start resumes
            log.error("re-pseudonymisation stopped (%s); it resumes on the next start", type(exc).__name__)
            return
        if not self._stop.is_set() and self.queued:
            log.info("re-pseudonymisation in epoch %d done: %d signals queued", self._key.epoch, self.queued)

    def run_once(self) -> bool:
        """Queue one group; False when no live signal is left without the current epoch."""
        refs = self._vault.live_without_epoch(self._key.epoch, self._group)
        if not refs:
            return False
        entries: list[Resubmission] = []
        skipped: list[tuple[str, int]] = []
        for ref in refs:
            try:
                stored = self._vault.get(ref)
            except NotFoundError:
                continue
            if stored.signal is None:  # withdrawn meanwhile
                continue
            try:
                accepted = validate(stored.signal, self._municipalities)
            except ValidationError:
                # Stored under older rules that it no longer meets: it keeps its old tokens only.
                log.warning("a stored signal no longer validates; not re-pseudonymised")
                skipped.append((ref, self._key.epoch))
                continue
            message, current = pseudonymise(accepted, ref, self._key, self._previous, self._fuzzy)
            entries.append(
                Resubmission(
                    ref,
                    message.SerializeToString(),
                    tuple((kind.value, value) for kind, value in current),
                    self._epochs,
                )
            )
        self.queued += self._vault.resubmit_many(entries, skipped, clock.now(), self._actor)
        self._on_queued()
        return True
