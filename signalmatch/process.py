"""How every server process runs: start, announce readiness, stop cleanly on SIGTERM/SIGINT."""

from __future__ import annotations

import signal
import threading
from typing import Protocol


class Process(Protocol):
    def start(self) -> None: ...
    def stop(self) -> None: ...
    def wait(self) -> None: ...


def serve_until_signalled(process: Process, ready: str) -> None:
    """Start `process`, print `ready` (the line the demo and tests wait for) and block until a
    SIGTERM/SIGINT has stopped it; stopping runs in its own thread, off the signal handler."""
    process.start()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: threading.Thread(target=process.stop).start())
    print(ready, flush=True)
    process.wait()
