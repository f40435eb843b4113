"""Issue 10, defect 3: the demo supervises its children.

Before the fix, under `demo --keep-running` a SIGKILL of the matcher stopped every node, the
keyholder and the consoles without saying which process died, and a SIGTERM or SIGHUP to the demo
left all its servers running as orphans, holding their ports. (SIGHUP and SIGINT, and a SIGKILL of
the supervisor itself, are shown with stand-in children in tests/unit/test_supervise.py.)
"""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from support import REPO, Federation, drained, wait_for

from signalmatch.node.signal import from_json, to_proto
from signalmatch.synthetic.generate import DEFAULT_PARTNERS
from signalmatch.v1 import intake_pb2

pytestmark = pytest.mark.slow


def children(pid: int) -> dict[int, str]:
    """pid -> command line of the `signalmatch` processes whose parent is `pid` (not, e.g., the
    resource tracker of the demo's import pool)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
                if "signalmatch.cli" in command:
                    found[int(entry.name)] = command
        except (FileNotFoundError, ProcessLookupError, IndexError):
            continue
    return found


def gone(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except FileNotFoundError:
        return True


class Output:
    """The demo's output lines as they come (a reader thread; the demo must never block on its pipe)."""

    def __init__(self, stream):
        self.lines: list[str] = []
        self._queue: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream) -> None:
        for line in stream:
            self._queue.put(line)

    def wait_for(self, text: str, timeout: float = 180.0) -> str:
        def seen() -> str | None:
            while not self._queue.empty():
                self.lines.append(self._queue.get())
            return next((line for line in self.lines if text in line), None)

        return wait_for(seen, timeout=timeout, interval=0.1, what=f"{text!r} in the demo's output")


def test_the_demo_restarts_a_killed_matcher_and_stops_every_child_on_sigterm(tmp_path):
    directory = tmp_path / "fed"
    demo = subprocess.Popen(
        [sys.executable, "-m", "signalmatch.cli", "demo", "--signals", "30", "--keep-running", "--dir", str(directory)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=REPO,
        env={**os.environ, "COLUMNS": "250"},
    )  # fmt: skip
    try:
        out = Output(demo.stdout)
        out.wait_for("De federatie blijft draaien")
        running = children(demo.pid)
        assert len(running) == 2 + len(DEFAULT_PARTNERS), running
        [matcher] = [pid for pid, cmd in running.items() if " matcher serve " in cmd]

        os.kill(matcher, signal.SIGKILL)
        out.wait_for(f"matcher (pid {matcher}) is gestopt: signaal SIGKILL")
        fed = Federation(directory, list(DEFAULT_PARTNERS))
        try:  # accepted while the matcher is away; delivered once it is back
            data = {"external_id": "AFTER-KILL", "observed_at": "2026-03-14", "municipality": "Utrecht",
                    "exploitation_types": ["onbekend"], "vehicles": [{"kenteken": "AB-123-C"}]}  # fmt: skip
            stub = fed.intake("vtgv")
            stub.CreateSignal(intake_pb2.CreateSignalRequest(signal=to_proto(from_json(data))), timeout=10)
            restarted = out.wait_for("matcher draait weer")
            wait_for(lambda: drained(fed, ["vtgv"]), timeout=120, what="the outbox drained after the restart")
        finally:
            fed.stop_all()
        now = children(demo.pid)
        assert {p for p in running if p != matcher} <= set(now)  # nobody else stopped
        assert any(f"pid {pid})" in restarted for pid in now if pid not in running)
        assert demo.poll() is None

        demo.send_signal(signal.SIGTERM)
        assert demo.wait(60) == 0
        everyone = set(running) | set(now)
        wait_for(lambda: all(gone(pid) for pid in everyone), timeout=30, what="no child left running")
    finally:
        if demo.poll() is None:
            demo.kill()
            demo.wait()
