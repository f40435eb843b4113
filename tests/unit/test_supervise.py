"""deploy/supervise.py with stand-in children (a few lines of Python that print "ready" and sleep):
a child that dies is reported and restarted with backoff, up to a limit; stop leaves nothing running;
SIGTERM, SIGHUP and SIGINT to a supervising process stop every child it started."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
from support import wait_for

from signalmatch.deploy.supervise import Supervisor, describe_exit, spawn

SLEEPER = (sys.executable, "-c", "import time; print('ready', flush=True); time.sleep(600)")


def gone(pid: int) -> bool:
    """No such process, or only a zombie left for its parent to reap."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] == "Z"
    except FileNotFoundError:
        return True


def test_a_child_that_dies_is_reported_and_restarted_with_backoff_up_to_a_limit(tmp_path: Path):
    said: list[str] = []
    sup = Supervisor(tmp_path, report=said.append, max_restarts=2, backoff=0.05, command=SLEEPER)
    try:
        child = sup.start("matcher", [])
        other = sup.start("node-vtgv", [])
        sup.watch(interval=0.02)
        first = child.pid
        os.kill(first, signal.SIGKILL)
        wait_for(lambda: any(line.startswith("matcher draait weer") for line in said), what="the restart")
        assert f"matcher (pid {first}) is gestopt: signaal SIGKILL" in said
        assert any(line.startswith("matcher wordt over 0.1 s opnieuw gestart (poging 1 van 2)") for line in said)
        assert f"matcher draait weer (pid {child.pid})" in said
        assert other.popen.poll() is None  # the others were left alone
        os.kill(child.pid, signal.SIGKILL)
        wait_for(lambda: sum(line.startswith("matcher draait weer") for line in said) == 2, what="the second restart")
        os.kill(child.pid, signal.SIGKILL)
        wait_for(lambda: child.given_up, what="giving up")
        assert not sup.alive() and any("niet meer herstart" in line for line in said)
    finally:
        sup.stop(timeout=5)
    assert gone(child.pid) and gone(other.pid)


def test_describe_exit():
    assert describe_exit(3) == "exitcode 3" and describe_exit(-signal.SIGKILL) == "signaal SIGKILL"


SUPERVISING = textwrap.dedent(
    """
    import signal, sys, time
    from pathlib import Path
    from signalmatch.deploy.supervise import Supervisor, Stopped
    # as started from a terminal, even when the test run was started with SIGINT ignored (a
    # background job): Python installs no KeyboardInterrupt handler for an ignored SIGINT
    signal.signal(signal.SIGINT, signal.default_int_handler)
    sup = Supervisor(Path(sys.argv[1]), command={command!r})
    try:
        sup.stop_on_signals()
        children = [sup.start(name, []) for name in ("matcher", "keyholder", "node")]
        sup.watch()
        print(" ".join(str(c.pid) for c in children), flush=True)
        while True:
            time.sleep(0.1)
    except (KeyboardInterrupt, Stopped):
        pass
    finally:
        sup.stop()
    """
)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_a_signal_to_the_supervisor_stops_every_child(tmp_path: Path, sig: signal.Signals):
    script = SUPERVISING.format(command=SLEEPER)
    proc = subprocess.Popen([sys.executable, "-c", script, str(tmp_path)], stdout=subprocess.PIPE, text=True)
    pids = [int(p) for p in proc.stdout.readline().split()]
    assert len(pids) == 3 and not any(gone(p) for p in pids)
    proc.send_signal(sig)
    assert proc.wait(30) == 0
    wait_for(lambda: all(gone(p) for p in pids), timeout=10, what="every child stopped")


def test_children_die_with_a_supervisor_that_is_killed(tmp_path: Path):
    """Even SIGKILL, which no handler sees: the kernel sends each child SIGTERM (PR_SET_PDEATHSIG)."""
    script = SUPERVISING.format(command=SLEEPER)
    proc = subprocess.Popen([sys.executable, "-c", script, str(tmp_path)], stdout=subprocess.PIPE, text=True)
    pids = [int(p) for p in proc.stdout.readline().split()]
    proc.kill()
    proc.wait()
    wait_for(lambda: all(gone(p) for p in pids), timeout=10, what="the orphans gone")


def test_stop_restores_a_signal_handler_that_was_not_installed_from_python(tmp_path: Path, monkeypatch):
    """signal.signal() answers None for a handler set outside Python (a C program embedding this
    one); stop() then puts the default back instead of failing with TypeError (found by mypy)."""
    real = signal.signal

    def outside_python(sig: int, handler: object) -> object:
        real(sig, handler)  # raises TypeError for None, as CPython does
        return None

    monkeypatch.setattr(signal, "signal", outside_python)
    sup = Supervisor(tmp_path, report=lambda _: None, command=SLEEPER)
    sup.stop_on_signals()
    sup.stop()
    assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL
    assert signal.getsignal(signal.SIGHUP) == signal.SIG_DFL


_FORKS: list[int] = []
_COUNT_FORKS = threading.Event()
os.register_at_fork(before=lambda: _COUNT_FORKS.is_set() and _FORKS.append(1))

# Writes its parent-death signal (prctl PR_GET_PDEATHSIG) to stderr, i.e. its log, then is ready.
PROBE = (
    sys.executable,
    "-c",
    "import ctypes, sys, time; s = ctypes.c_int(); ctypes.CDLL(None).prctl(2, ctypes.byref(s)); "
    "print(s.value, file=sys.stderr, flush=True); print('ready', flush=True); time.sleep(600)",
)


def test_a_child_is_started_without_forking_this_interpreter(tmp_path: Path):
    # The regression: test_a_child_that_dies... failed in full runs because a SLEEPER never printed
    # its ready line. A preexec_fn makes Python fork this interpreter (running its at-fork hooks),
    # and a fork of a process with gRPC's threads can hang the child before its exec.
    _COUNT_FORKS.set()
    try:
        popen = spawn("probe", [], tmp_path, command=PROBE)
    finally:
        _COUNT_FORKS.clear()
    try:
        assert _FORKS == []
        # and it still gets SIGTERM when the thread that started it dies
        assert (tmp_path / "probe.log").read_text().split() == [str(int(signal.SIGTERM))]
    finally:
        popen.kill()
        popen.wait()
