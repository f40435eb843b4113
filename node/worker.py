"""The node's background threads share one loop: a round, a pause, and backoff on failure.

A round runs at once when woken (e.g. after new intake or a decision), else every `interval`
seconds. A failing round is retried with exponential backoff and jitter up to `max_backoff`;
only the error's gRPC code or type is logged, since messages may hold request content.
"""

from __future__ import annotations

import logging
import random

import grpc

from signalmatch.rounds import Rounds

log = logging.getLogger("signalmatch.node")


class Worker(Rounds):
    name = "worker"

    def __init__(self, interval: float, max_backoff: float):
        super().__init__(interval, self.name)
        self._max_backoff = max_backoff
        self.last_error = ""

    def failed(self, exc: Exception) -> bool:
        """Handle a failure the subclass can deal with (True: go on without backoff)."""
        return False

    def describe(self, exc: Exception) -> str:
        return exc.code().name if isinstance(exc, grpc.RpcError) else type(exc).__name__

    def stop(self, timeout: float = 5.0) -> None:
        super().stop(timeout)

    def _run(self) -> None:
        backoff = 0.0
        while not self._stop.is_set():
            self._wake.clear()  # a wake-up during this round starts the next one at once
            try:
                self.round()
            except Exception as exc:  # never let the thread die; the work waits in the vault
                self.last_error = self.describe(exc)
                if self.failed(exc):
                    continue
                backoff = min(self._max_backoff, max(0.2, backoff * 2))
                log.warning(
                    "%s round failed (%s); retrying in %.1fs",
                    self.name,
                    self.last_error,
                    backoff,
                    extra={"event": f"{self.name}.failed"},
                )
                self._stop.wait(backoff * random.uniform(0.8, 1.2))
                continue
            self.last_error = ""
            backoff = 0.0
            self._wake.wait(self._interval)
