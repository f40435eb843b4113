"""A background thread that runs rounds: at once when woken, else every `interval` seconds, until
stopped. The directory follower (signalmatch/membership.py), the node's and the keyholder's live
parts (node/live.py, keyholder/live.py) and the node's workers (node/worker.py, which add backoff)
are such threads."""

from __future__ import annotations

import threading


class Rounds:
    """Subclasses implement :meth:`round`, which catches and records what fails: an exception out of
    it would end the thread (node/worker.py's loop catches it and retries with backoff instead)."""

    def __init__(self, interval: float, name: str):
        self._interval = interval
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def round(self) -> None:
        raise NotImplementedError

    def start(self) -> None:
        self._thread.start()

    def wake(self) -> None:
        self._wake.set()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.round()
            self._wake.wait(self._interval)
            self._wake.clear()
