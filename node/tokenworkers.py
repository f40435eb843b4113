"""The node's token workers: processes that blind and finalise the OPRF for node.layering.

voprf holds the GIL, so one node process tokenises on one core however many threads it runs.
With ``token_workers = N`` (node config) the token layer hands each batch's chunks to N worker
processes: a worker blinds a chunk and keeps its voprf client states (the blinds) for it; the
node's own process sends the blinded elements to the keyholder and hands the keyholder's answer
back to the same worker, which verifies the chunk's proof and only then finalises.

A worker is a fresh interpreter (``python -m signalmatch.node.tokenworkers``, started by
``subprocess`` with fork + exec, like multiprocessing's spawn): nothing of the node's memory,
threads (gRPC's) or random state is inherited, and it holds no secret — it sees the HMAC tokens
the node process already has, never a key. It talks over its stdin/stdout pipes only (one
request answered before the next; each message a list of fields, each field a list of byte
strings, nothing that decoding could run) and exits when its stdin closes, so it dies with the
node even when the node is killed: the next read finds the pipe closed. A worker
that dies, hangs past the timeout or answers out of turn fails its batch (:class:`WorkerError`,
the outbox retries) and is replaced by a new one before the next batch.
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Sequence

from signalmatch import oprf
from signalmatch.errors import AuthenticationError, InvalidValue, SignalmatchError

_HEADER = 4  # bytes of the big-endian length before each message
_MAX_MESSAGE = 64 * 2**20
_ID = 8  # bytes of a chunk's id
STARTUP_SECONDS = 60.0  # added to a fresh worker's first deadline: the interpreter starts and imports

Fields = list[list[bytes]]


class WorkerError(SignalmatchError):
    """A token worker died, hung or answered wrongly; it is replaced before the next batch."""


# -- the worker's side ---------------------------------------------------------------------------


def _read_exact(fd: int, size: int, deadline: float | None = None) -> bytes | None:
    """`size` bytes from `fd`; None at end of file before the first byte. With a deadline the fd
    is non-blocking and WorkerError is raised when it passes."""
    parts: list[bytes] = []
    while size:
        if deadline is not None:
            _wait(fd, deadline, write=False)
        try:
            part = os.read(fd, size)
        except BlockingIOError:
            continue
        if not part:
            if parts or deadline is not None:
                raise WorkerError("the token worker's pipe closed")
            return None
        parts.append(part)
        size -= len(part)
    return b"".join(parts)


def _wait(fd: int, deadline: float, write: bool) -> None:
    """Until `fd` can be written or read (poll: no limit on the fd's number, unlike select)."""
    poller = select.poll()
    poller.register(fd, select.POLLOUT if write else select.POLLIN)
    if not poller.poll(max(deadline - time.monotonic(), 0) * 1000):
        raise WorkerError("the token worker did not answer in time")


def _write_all(fd: int, data: bytes, deadline: float | None = None) -> None:
    view = memoryview(data)
    while view:
        if deadline is not None:
            _wait(fd, deadline, write=True)
        try:
            view = view[os.write(fd, view) :]
        except BlockingIOError:
            continue


def pack(fields: Fields) -> bytes:
    """A message: the number of fields, then each field as "U" (items of one size: count, size,
    the items) or "V" (count, then each item's length and bytes); the whole length-prefixed."""
    out = [len(fields).to_bytes(4, "big")]
    for items in fields:
        sizes = {len(item) for item in items}
        if len(sizes) <= 1:
            out += [b"U", len(items).to_bytes(4, "big"), (sizes.pop() if sizes else 0).to_bytes(4, "big"), *items]
        else:
            out += [b"V", len(items).to_bytes(4, "big"), *(len(i).to_bytes(4, "big") + i for i in items)]
    data = b"".join(out)
    return len(data).to_bytes(_HEADER, "big") + data


def unpack(data: bytes) -> Fields:
    """The fields of a message made by :func:`pack` (without its length); ValueError if malformed."""
    fields: Fields = []
    at = 4

    def number() -> int:
        nonlocal at
        at += 4
        if at > len(data):
            raise ValueError("message cut short")
        return int.from_bytes(data[at - 4 : at], "big")

    for _ in range(int.from_bytes(data[:4], "big")):
        kind, at = data[at : at + 1], at + 1
        count = number()
        if kind == b"U":
            size = number()
            end = at + size * count
            if end > len(data):
                raise ValueError("message cut short")
            fields.append([data[i : i + size] for i in range(at, end, size)] if size else [b""] * count)
            at = end
        elif kind == b"V":
            items = []
            for _ in range(count):
                size = number()
                if at + size > len(data):
                    raise ValueError("message cut short")
                items.append(data[at : at + size])
                at += size
            fields.append(items)
        else:
            raise ValueError("unknown field kind")
    if at != len(data):
        raise ValueError("trailing bytes")
    return fields


def _handle(states: dict[bytes, oprf.BlindedBatch], request: Fields) -> Fields:
    """One request: blind (id, inputs) -> ok + elements; finish (id, proof, public key,
    evaluated) -> ok + outputs, or refused when a value or the proof does not check (the chunk's
    state is gone either way); drop (ids) -> ok."""
    match request:
        case [[b"blind"], [chunk], inputs]:
            batch = oprf.blind_batch(inputs)
            states[chunk] = batch
            return [[b"ok"], list(batch.elements)]
        case [[b"finish"], [chunk], [proof], [public_key], evaluated]:
            batch = states.pop(chunk)
            try:
                return [[b"ok"], oprf.finalize_batch(batch, evaluated, proof, public_key)]
            except (AuthenticationError, InvalidValue):
                return [[b"refused"]]
        case [[b"drop"], chunks]:
            for chunk in chunks:
                states.pop(chunk, None)
            return [[b"ok"]]
    raise ValueError("unknown request")


def main() -> None:
    """The worker: answer requests on stdin until it closes (the node stopped or died)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a Ctrl-C at the node's terminal is the node's to handle
    out = os.dup(1)
    os.dup2(2, 1)  # stray output goes to the node's stderr, never into the protocol
    states: dict[bytes, oprf.BlindedBatch] = {}
    while True:
        header = _read_exact(0, _HEADER)
        if header is None:
            return
        body = _read_exact(0, int.from_bytes(header, "big"))
        if body is None:
            return
        try:
            reply = _handle(states, unpack(body))
        except Exception as exc:  # the worker stays; the node fails the batch
            reply = [[b"failed"], [type(exc).__name__.encode()]]
        try:
            _write_all(out, pack(reply))
        except BrokenPipeError:
            return


# -- the node's side -----------------------------------------------------------------------------


class Worker:
    """One worker process and its pipes; one request at a time (a lock), each with a deadline."""

    def __init__(self, timeout: float):
        self._timeout = timeout
        self._lock = threading.Lock()
        self.process = subprocess.Popen(  # this interpreter, this module, an argument list: no shell
            [sys.executable, "-m", __name__],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            close_fds=True,
        )
        assert self.process.stdin is not None and self.process.stdout is not None
        self._in, self._out = self.process.stdin.fileno(), self.process.stdout.fileno()
        os.set_blocking(self._in, False)
        os.set_blocking(self._out, False)
        self.broken = False
        self._started = False  # no answer yet: the first call's deadline includes the start-up

    def alive(self) -> bool:
        return not self.broken and self.process.poll() is None

    def call(self, *request: list[bytes]) -> Fields:
        """Send one request and wait for its answer: ok (+ items) or refused; WorkerError (and the
        worker killed) when the worker is gone, hangs or answers something that is not an answer."""
        with self._lock:
            if not self.alive():
                raise WorkerError("the token worker is gone")
            deadline = time.monotonic() + self._timeout + (0.0 if self._started else STARTUP_SECONDS)
            try:
                _write_all(self._in, pack(list(request)), deadline)
                size = int.from_bytes(_read_exact(self._out, _HEADER, deadline) or b"", "big")
                if not 0 < size <= _MAX_MESSAGE:
                    raise WorkerError("the token worker answered out of turn")
                reply = unpack(_read_exact(self._out, size, deadline) or b"")
                if not reply or reply[0] not in ([b"ok"], [b"refused"], [b"failed"]):
                    raise WorkerError("the token worker answered out of turn")
                self._started = True
            except (OSError, ValueError, WorkerError) as exc:
                self.kill()
                if isinstance(exc, WorkerError):
                    raise
                raise WorkerError(f"the token worker failed: {type(exc).__name__}") from None
        if reply[0] == [b"failed"]:
            raise WorkerError(f"the token worker failed: {b''.join(reply[1][:1]).decode(errors='replace')}")
        return reply

    def blind(self, chunk: int, inputs: list[bytes]) -> list[bytes]:
        return self._items(self.call([b"blind"], [chunk.to_bytes(_ID, "big")], inputs), len(inputs))

    def finish(self, chunk: int, evaluated: list[bytes], proof: bytes, public_key: bytes) -> list[bytes]:
        """The chunk's outputs; AuthenticationError when a value or the proof does not check."""
        reply = self.call([b"finish"], [chunk.to_bytes(_ID, "big")], [proof], [public_key], evaluated)
        if reply[0] == [b"refused"]:
            raise AuthenticationError("the keyholder's proof does not verify")
        return self._items(reply, len(evaluated))

    def drop(self, chunks: Sequence[int]) -> None:
        """Forget the states of chunks that will not be finished (a batch that failed)."""
        if chunks and self.alive():
            self.call([b"drop"], [chunk.to_bytes(_ID, "big") for chunk in chunks])

    def _items(self, reply: Fields, count: int) -> list[bytes]:
        """The items of an ok answer, `count` of them, or WorkerError (and the worker killed)."""
        if reply[0] != [b"ok"] or len(reply) != 2 or len(reply[1]) != count:
            self.kill()
            raise WorkerError("the token worker answered out of turn")
        return reply[1]

    def kill(self) -> None:
        self.broken = True
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self._close_pipes()

    def close(self, grace: float = 2.0) -> None:
        """Close its stdin (it exits), wait `grace` seconds, then kill it. A call in flight gets
        `grace` to finish, then the worker is killed, which ends the call at once; the pipes are
        closed only once no call uses them (their fd numbers could be reused by any file)."""
        self.broken = True
        if not self._lock.acquire(timeout=grace):
            self.process.kill()
            self._lock.acquire()
        try:
            self._close_pipes()
            try:
                self.process.wait(grace)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        finally:
            self._lock.release()

    def _close_pipes(self) -> None:
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None and not stream.closed:
                stream.close()


class WorkerPool:
    """`count` workers, replaced when one died; used by one batch at a time."""

    def __init__(self, count: int, timeout: float):
        if count < 1:
            raise ValueError("a pool needs at least one worker")
        self._timeout = timeout
        self._workers = [Worker(timeout) for _ in range(count)]
        self.lock = threading.Lock()  # held by the batch using the workers
        self._closed = False

    @property
    def size(self) -> int:
        return len(self._workers)

    def workers(self) -> list[Worker]:
        """The workers, any dead one replaced first (call with `lock` held)."""
        if self._closed:
            raise WorkerError("the token workers are closed")
        for i, worker in enumerate(self._workers):
            if not worker.alive():
                worker.kill()
                try:
                    self._workers[i] = Worker(self._timeout)
                except OSError as exc:
                    raise WorkerError(f"no new token worker could be started: {exc.strerror}") from None
        return list(self._workers)

    def pids(self) -> list[int]:
        return [worker.process.pid for worker in self._workers]

    def close(self) -> None:
        self._closed = True
        for worker in self._workers:
            worker.close()


if __name__ == "__main__":
    main()
