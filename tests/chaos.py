"""Tools of the fault matrix (docs/reliability.md), for tests: a faked clock (libfaketime), a small
disk that fills (tmpfs), and a TCP proxy that partitions (drops, delays, resets). Each fails when
its tool is missing (`make test` installs faketime; mounting needs root, as CI has)."""

from __future__ import annotations

import glob
import os
import socket
import struct
import subprocess
import threading
import time
from pathlib import Path


def faketime_env(offset: str, base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment that runs a process with its clock moved by `offset` ("+1h", "-1h", "+2y",
    "+2d"): libfaketime moves time(), gettimeofday() and the wall clock OpenSSL checks certificates
    with; the monotonic clock (gRPC's deadlines) stays real."""
    found = glob.glob("/usr/lib/*/faketime/libfaketimeMT.so.1")
    assert found, "libfaketime is missing: `make test` installs Debian's faketime"
    return {
        **(base if base is not None else os.environ),
        "LD_PRELOAD": found[0],
        "FAKETIME": offset,
        "FAKETIME_DONT_FAKE_MONOTONIC": "1",
        "FAKETIME_DONT_RESET": "1",
    }


class Tmpfs:
    """A small tmpfs mounted at `path` (root only), and a filler file that takes all but `free` bytes."""

    def __init__(self, path: Path, size: str = "4m"):
        self.path = path
        path.mkdir(parents=True)
        subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(path)], check=True)
        self.filler = path / "filler"

    def fill(self, free: int) -> None:
        stat = os.statvfs(self.path)
        room = stat.f_bavail * stat.f_frsize - free
        with self.filler.open("ab") as handle:
            handle.write(b"\0" * max(0, room))

    def make_room(self) -> None:
        self.filler.unlink(missing_ok=True)

    def unmount(self) -> None:
        subprocess.run(["umount", "-l", str(self.path)], check=False)


class FaultProxy:
    """A TCP proxy to `target` that, on command, drops (connections hang, nothing gets through),
    delays (each chunk after `delay` seconds) or resets (RST) connections; "pass" heals it."""

    def __init__(self, target: tuple[str, int]):
        self.target = target
        self.mode = "pass"
        self.delay = 0.2
        self.attempts: list[float] = []  # time.monotonic() of each connection accepted
        self._server = socket.create_server(("127.0.0.1", 0))
        self._server.settimeout(0.2)
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._open: list[socket.socket] = []
        self._thread = threading.Thread(target=self._accept, name="fault-proxy", daemon=True)

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self._server.getsockname()[1]}"

    def __enter__(self) -> FaultProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(5)
        self.cut()
        self._server.close()

    def cut(self) -> None:
        """Reset every connection open now (a partition that starts mid-stream)."""
        with self._lock:
            sockets, self._open = self._open, []
        for sock in sockets:
            _reset(sock)

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self._server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.attempts.append(time.monotonic())
            if self.mode == "reset":
                _reset(client)
                continue
            with self._lock:
                self._open.append(client)
            if self.mode == "drop":
                continue  # held open, never answered: the caller's deadline fires
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                _reset(client)
                continue
            with self._lock:
                self._open.append(upstream)
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while not self._stop.is_set():
                data = source.recv(65536)
                if not data or self.mode == "reset":
                    break
                if self.mode == "drop":
                    continue  # swallowed
                if self.mode == "delay":
                    time.sleep(self.delay)
                sink.sendall(data)
        except OSError:
            pass
        finally:
            if self.mode == "reset":
                _reset(sink)
            else:
                _close(sink)


def _reset(sock: socket.socket) -> None:
    """Close with SO_LINGER 0: the peer gets a TCP RST."""
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    except OSError:
        pass
    _close(sock)


def _close(sock: socket.socket) -> None:
    try:
        sock.close()
    except OSError:
        pass
