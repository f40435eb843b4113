"""The benchmarks' server processes: `signalmatch <args>` started as the demo starts them (each
waits for its ready line, stderr to a log), stopped with SIGTERM and, after a grace period, SIGKILL."""

from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path

from signalmatch.deploy.supervise import spawn


def start(named_args: list[tuple[str, list[str]]], log_dir: Path) -> dict[str, subprocess.Popen]:
    """name -> process, each ready; if one fails to start, those already started are stopped."""
    processes: dict[str, subprocess.Popen] = {}
    try:
        for name, args in named_args:
            processes[name] = spawn(name, args, log_dir)
    except BaseException:
        stop(processes)
        raise
    return processes


def stop(processes: dict[str, subprocess.Popen], timeout: float = 10.0) -> None:
    for popen in processes.values():
        if popen.poll() is None:
            popen.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + timeout
    for popen in processes.values():
        try:
            popen.wait(max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            popen.kill()
            popen.wait()
