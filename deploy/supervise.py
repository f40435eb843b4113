"""Supervision of the demo's server processes: start, watch, restart, stop — nothing left behind.

* Each child is `signalmatch <args>` in its own process group (a Ctrl-C at the terminal reaches the
  supervisor only, which then stops the children in order), started when it prints its ready line,
  and killed by the kernel if the supervisor itself dies (Linux PR_SET_PDEATHSIG, set by util-linux's
  `setpriv` before it execs the child, so this interpreter is never forked: a fork of a process
  with gRPC's threads can hang the child before its exec, which a preexec_fn would risk).
* A child that exits is reported by name and exit status (or signal) and restarted after a
  backoff (doubling, at most `max_backoff`), up to `max_restarts` times in a row; a child that stays
  up for `stable_after` seconds earns its restarts back. So killing the matcher leaves the
  federation serving, and the nodes' outboxes drain when it is back.
* :meth:`Supervisor.stop` sends SIGTERM to every child, waits, then SIGKILLs what is left;
  :meth:`Supervisor.stop_on_signals` turns SIGINT, SIGTERM and SIGHUP to the supervisor into that stop.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

from signalmatch import i18n
from signalmatch.errors import SignalmatchError

# The child's parent-death signal, set by setpriv (util-linux, on every Linux) just before it
# execs the child; without setpriv (not Linux) a child outlives a supervisor that is killed.
_SETPRIV = shutil.which("setpriv")
_DIE_WITH_PARENT = (_SETPRIV, "--pdeathsig", "TERM", "--") if _SETPRIV else ()
COMMAND = (sys.executable, "-m", "signalmatch.cli", "--verbose")  # a child is `signalmatch <args>`


class StartError(SignalmatchError):
    """A child did not print its ready line (it exited, or took too long)."""


class Stopped(BaseException):  # noqa: N818 - a control-flow signal like KeyboardInterrupt, not an error
    """Raised in the main thread when SIGTERM or SIGHUP asks the supervisor to stop."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def describe_exit(code: int) -> str:
    """A Popen return code in words: "exit code 1", "signal SIGKILL"."""
    if code < 0:
        return i18n.t("supervise.status.signal", signal=signal.Signals(-code).name)
    return i18n.t("supervise.status.code", code=code)


@dataclass
class Child:
    name: str
    args: list[str]
    log: Path
    popen: subprocess.Popen
    restarts: int = 0  # in a row (reset once it has been up for a while)
    started: float = field(default_factory=time.monotonic)
    given_up: bool = False

    @property
    def pid(self) -> int:
        return self.popen.pid


def spawn(
    name: str, args: list[str], log_dir: Path, timeout: float = 60.0, command: tuple[str, ...] = COMMAND
) -> subprocess.Popen:
    """Start `signalmatch <args>` (its stderr to log_dir/<name>.log) in its own process group and
    wait for its ready line."""
    log = log_dir / f"{name}.log"
    with log.open("ab") as err:
        popen = subprocess.Popen(
            [*_DIE_WITH_PARENT, *command, *args],  # SIGTERM when the thread that started it dies
            stdout=subprocess.PIPE,
            stderr=err,
            stdin=subprocess.DEVNULL,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
            process_group=0,
        )
    assert popen.stdout is not None
    reader = threading.Thread(target=_await_ready, args=(popen, ready := threading.Event()), daemon=True)
    reader.start()
    if not ready.wait(timeout):
        popen.kill()
        popen.wait()
        raise StartError(i18n.t("supervise.failed", process=name, log=log))
    return popen


def _await_ready(popen: subprocess.Popen, ready: threading.Event) -> None:
    """Read the child's stdout until its ready line, then keep draining it (it must never block)."""
    assert popen.stdout is not None
    for line in popen.stdout:
        if line.startswith("ready"):
            ready.set()
    # stdout closed: the child exited (before or after it was ready)


class Supervisor:
    """The demo's children. `start` them, `watch` them (a thread), `stop` them all."""

    def __init__(
        self,
        log_dir: Path,
        report: Callable[[str], None] = print,
        max_restarts: int = 5,
        backoff: float = 0.5,
        max_backoff: float = 10.0,
        stable_after: float = 60.0,
        command: tuple[str, ...] = COMMAND,
    ):
        self.log_dir = log_dir
        self.command = command
        self.report = report
        self.max_restarts = max_restarts
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.stable_after = stable_after
        self.children: list[Child] = []
        # signal -> the handler before stop_on_signals (None: one not installed from Python)
        self._handlers: dict[int, Callable[[int, FrameType | None], Any] | int | None] = {}
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._watcher: threading.Thread | None = None

    def start(self, name: str, args: list[str]) -> Child:
        child = Child(name, args, self.log_dir / f"{name}.log", spawn(name, args, self.log_dir, command=self.command))
        with self._lock:
            self.children.append(child)
        return child

    def watch(self, interval: float = 0.2) -> None:
        """Watch the children in a background thread until stop()."""
        self._watcher = threading.Thread(target=self._watch, args=(interval,), name="supervisor", daemon=True)
        self._watcher.start()

    def _watch(self, interval: float) -> None:
        while not self._stopping.wait(interval):
            for child in list(self.children):
                if self._stopping.is_set():
                    return
                self.check(child)

    def check(self, child: Child) -> None:
        """Report and restart `child` if it has exited (at most max_restarts times in a row)."""
        code = child.popen.poll()
        if code is None or child.given_up:
            if code is None and child.restarts and time.monotonic() - child.started > self.stable_after:
                child.restarts = 0
            return
        self.report(i18n.t("supervise.exited", process=child.name, pid=child.pid, status=describe_exit(code)))
        if child.restarts >= self.max_restarts:
            child.given_up = True
            self.report(i18n.t("supervise.given_up", process=child.name, limit=self.max_restarts, log=child.log))
            return
        child.restarts += 1
        delay = min(self.max_backoff, self.backoff * 2 ** (child.restarts - 1))
        self.report(
            i18n.t(
                "supervise.restarting", process=child.name, delay=delay, attempt=child.restarts, limit=self.max_restarts
            )
        )
        if self._stopping.wait(delay):
            return
        try:
            popen = spawn(child.name, child.args, self.log_dir, command=self.command)
        except StartError as exc:
            self.report(str(exc))
            return  # the next round sees it exited again and counts another attempt
        with self._lock:
            if self._stopping.is_set():  # stop() ran meanwhile: this one must not outlive it
                _terminate([popen], 10.0)
                return
            child.popen, child.started = popen, time.monotonic()
        self.report(i18n.t("supervise.restarted", process=child.name, pid=popen.pid))

    def alive(self) -> bool:
        """Whether every child is running or will be restarted."""
        return not any(c.given_up for c in self.children)

    def stop_on_signals(self) -> None:
        """From now until stop(): SIGTERM and SIGHUP raise :class:`Stopped` in the main thread
        (SIGINT raises KeyboardInterrupt as always), so the caller's `finally` runs stop()."""

        def handler(signum: int, frame: FrameType | None) -> None:
            raise Stopped(signum)

        for sig in (signal.SIGTERM, signal.SIGHUP):
            self._handlers[sig] = signal.signal(sig, handler)

    def stop(self, timeout: float = 10.0) -> None:
        """SIGTERM every child, wait up to `timeout`, SIGKILL the rest. Idempotent. A second
        signal meanwhile ends the supervisor at once (the children then die with it)."""
        self._stopping.set()
        if threading.current_thread() is threading.main_thread():
            for sig, previous in self._handlers.items():
                signal.signal(sig, signal.SIG_DFL if previous is None else previous)
            self._handlers.clear()
        with self._lock:
            popens = [c.popen for c in self.children]
        _terminate(popens, timeout)
        if self._watcher is not None and self._watcher is not threading.current_thread():
            self._watcher.join(timeout)


def _terminate(popens: list[subprocess.Popen], timeout: float) -> None:
    for popen in popens:
        if popen.poll() is None:
            popen.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + timeout
    for popen in popens:
        try:
            popen.wait(max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            popen.kill()
            popen.wait()
