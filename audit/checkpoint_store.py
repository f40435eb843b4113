"""The officer's local store of the checkpoints it has seen (JSON, written atomically), and the
key that checks them. The store keeps the signed notes themselves, so one officer's store can
serve as another's witness (`audit verify --witness`)."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from signalmatch import i18n
from signalmatch.audit.checkpoint import Checkpoint, verify_checkpoint
from signalmatch.audit.merkle import ProofError
from signalmatch.errors import AuthenticationError, ConfigError

STORE_VERSION = 1


@dataclass(frozen=True)
class LogKey:
    """Who signs the log's checkpoints: origin, signed-note key name and Ed25519 public key."""

    origin: str
    key_name: str
    public_key: Ed25519PublicKey

    def open(self, note: str) -> Checkpoint:
        """The checkpoint in a signed note; AuthenticationError or ProofError if it is not valid."""
        return verify_checkpoint(note, self.key_name, self.public_key, origin=self.origin)


@dataclass(frozen=True)
class SeenCheckpoint:
    """A signed checkpoint someone was given, with where it came from."""

    note: str
    source: str  # "matcher", "receipt:<batch id>", or a witness label
    seen_time: str = ""
    verified: bool = False  # the latest of a successful run that checked every entry listed up to it

    def to_json(self) -> dict:
        data: dict[str, str | bool] = {"note": self.note, "source": self.source, "seen_time": self.seen_time}
        if self.verified:
            data["verified"] = True
        return data


class CheckpointStore:
    """The checkpoints an officer has seen, as JSON in its data_dir (written atomically).

    The file keeps the signed notes themselves, so it can serve as another party's witness."""

    def __init__(self, path: Path, origin: str, checkpoints: list[SeenCheckpoint] | None = None):
        self.path = path
        self.origin = origin
        self.checkpoints = checkpoints or []

    @classmethod
    def load(cls, path: Path, origin: str, must_exist: bool = False) -> CheckpointStore:
        if not path.exists() and not must_exist:
            return cls(path, origin)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("version") != STORE_VERSION:
                raise ValueError(f"unknown version {data.get('version')!r}")
            found = data["origin"]
            items = [
                SeenCheckpoint(c["note"], c["source"], c.get("seen_time", ""), c.get("verified") is True)
                for c in data["checkpoints"]
            ]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ConfigError(i18n.t("verify.store.unreadable", path=path, reason=exc)) from None
        if found != origin:
            raise ConfigError(i18n.t("verify.store.origin", path=path, found=found, want=origin))
        return cls(path, origin, items)

    def add(self, items: Iterable[SeenCheckpoint]) -> None:
        known = {c.note: n for n, c in enumerate(self.checkpoints)}
        for item in items:
            if item.note not in known:
                known[item.note] = len(self.checkpoints)
                self.checkpoints.append(item)
            elif item.verified and not self.checkpoints[known[item.note]].verified:
                self.checkpoints[known[item.note]] = item

    def largest(self, key: LogKey, verified_only: bool = False) -> tuple[Checkpoint, SeenCheckpoint] | None:
        """The largest validly signed checkpoint in the store (only those marked verified, if asked)."""
        best: tuple[Checkpoint, SeenCheckpoint] | None = None
        for item in self.checkpoints:
            if verified_only and not item.verified:
                continue
            try:
                cp = key.open(item.note)
            except (AuthenticationError, ProofError):
                continue
            if best is None or cp.size > best[0].size:
                best = (cp, item)
        return best

    def largest_verified(self, key: LogKey) -> SeenCheckpoint | None:
        """The largest validly signed checkpoint marked verified (None: the next run must be full).

        Only the mark counts: a checkpoint merely seen (from a receipt, or stored before marks
        existed) says nothing about which entries below it were checked."""
        found = self.largest(key, verified_only=True)
        return found[1] if found and found[0].size > 0 else None

    def save(self) -> None:
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        data = {
            "version": STORE_VERSION,
            "origin": self.origin,
            "checkpoints": [c.to_json() for c in self.checkpoints],
        }
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".checkpoints-")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, indent=1, ensure_ascii=False)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, self.path)
