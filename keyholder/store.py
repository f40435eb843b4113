"""The keyholder's database: OPRF keys per table and epoch, per-partner counters, its audit log.

One SQLite file (WAL, synchronous=FULL, secure_delete) holds:

- ``oprf_keys(table_id, epoch, public, sealed_secret, key_info)``: the epoch's OPRF secret,
  sealed with AES-256-GCM under the keyholder's own at-rest key and bound to table and epoch;
  the public key in the clear (it is published anyway). Since schema version 2 a key is stored
  as its RFC 9497 DeriveKeyPair seed with the public ``key_info`` it was derived with (the seal
  binds that too), so it is evaluated on voprf; a key stored before (``key_info`` NULL) is the
  bare scalar and stays on libsodium. Deleting a row destroys the epoch.
- ``usage(partner, hour, evaluations, alerted)``: evaluations per partner per clock hour (UTC);
  the quota and the volume alert are computed from it. ``partners(partner, first_seen)``.
- the audit log (``audit.log.AuditLog``, origin "<table>/keyholder"): every evaluation batch as
  ``oprf.evaluated`` (partner, count, epoch — never an element), refusals over quota, volume
  alerts and key imports, each in the same transaction as the counter it changes.
"""

from __future__ import annotations

import dataclasses
import datetime
import sqlite3
import statistics
import threading
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

from signalmatch import crypto, i18n, oprf, sqlite
from signalmatch.audit.log import AuditEntry, AuditLog
from signalmatch.errors import ConfigError, NotFoundError, SignalmatchError
from signalmatch.keyholder import keys

HOUR = datetime.timedelta(hours=1)
BASELINE_HOURS = 24  # the volume alert compares the last hour with the median of these before it
KEEP_USAGE = datetime.timedelta(days=8)


class QuotaExceededError(SignalmatchError):
    """The partner's evaluations this hour would exceed its quota. Maps to RESOURCE_EXHAUSTED."""

    def __init__(self, partner: str, limit: int, used: int, requested: int, reset: str):
        super().__init__(
            i18n.t("keyholder.quota", partner=partner, limit=limit, used=used, requested=requested, reset=reset)
        )
        self.partner, self.limit, self.used, self.requested, self.reset = partner, limit, used, requested, reset


@dataclass(frozen=True)
class Limits:
    quota_per_hour: int
    alert_factor: float
    alert_threshold: int


@dataclass(frozen=True)
class VolumeAlert:
    """A partner's evaluations this hour are far above its usual volume (a dictionary attack?)."""

    partner: str
    hour: str
    evaluations: int
    limit: int
    baseline: float  # median hourly volume over the previous 24 h; 0 on the first day


def hour_of(moment: datetime.datetime) -> str:
    """The clock hour (UTC) of `moment`, as the usage table keys it."""
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H")


def _rfc3339(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def next_hour(moment: datetime.datetime) -> datetime.datetime:
    """The start of the clock hour (UTC) after `moment`: when an hourly quota resets."""
    start = moment.astimezone(datetime.UTC).replace(minute=0, second=0, microsecond=0)
    return start + HOUR


def _keys_from_seeds(conn: sqlite3.Connection) -> None:
    """Version 2: a key may be stored as its DeriveKeyPair seed (key_info); the keys stored before
    are bare scalars (key_info NULL) and stay so."""
    if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'oprf_keys'").fetchone():
        conn.execute("ALTER TABLE oprf_keys ADD COLUMN key_info BLOB")


# Version 1 is the first keyholder store; tables new in a version are made below (IF NOT EXISTS).
SCHEMA = sqlite.Schema(
    "keyholder", (sqlite.Migration(2, "OPRF keys stored as DeriveKeyPair seeds (key_info)", _keys_from_seeds),)
)


class KeyholderStore:
    def __init__(self, path: Path, at_rest_key: bytes, table: str):
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        self._key = at_rest_key
        self._table = table
        self._lock = threading.RLock()
        self._pairs: dict[int, oprf.KeyPair] = {}
        self.conn = sqlite.connect(path)
        sqlite.migrate(self.conn, SCHEMA, path)
        self.conn.executescript(
            """
            CREATE TABLE IF NOT EXISTS oprf_keys (
                table_id TEXT NOT NULL, epoch INTEGER NOT NULL, public BLOB NOT NULL,
                sealed_secret BLOB NOT NULL, create_time TEXT NOT NULL, key_info BLOB,
                PRIMARY KEY (table_id, epoch));
            CREATE TABLE IF NOT EXISTS usage (
                partner TEXT NOT NULL, hour TEXT NOT NULL, evaluations INTEGER NOT NULL,
                alerted INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (partner, hour)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS partners (partner TEXT PRIMARY KEY, first_seen TEXT NOT NULL);
            """
        )
        self.audit = AuditLog(self.conn, origin=f"{table}/keyholder")

    def close(self) -> None:
        with self._lock:
            self.conn.close()

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        return sqlite.transaction(self.conn, self._lock)

    def _system(self, now: datetime.datetime, action: str, *objects: str, **details: object) -> AuditEntry:
        return AuditEntry(
            time=_rfc3339(now),
            actor_org="keyholder",
            actor_role="system",
            actor_user=f"spiffe://{self._table}/keyholder",
            action=action,
            objects=objects,
            system="keyholder",
            details=tuple((k, str(v)) for k, v in details.items()),
        )

    # -- keys ------------------------------------------------------------------------------------

    def import_key(self, epoch: int, key_file: Path, now: datetime.datetime) -> oprf.KeyPair:
        """Store the OPRF key of `key_file` (keyholder.keys: a seed, or a bare scalar made before)
        for `epoch`, sealed; harmless when it is already stored, ConfigError when another key is
        stored for that epoch."""
        pair = keys.read_key(key_file, self._table, epoch)
        with self.transaction() as conn:
            row = conn.execute(
                "SELECT public FROM oprf_keys WHERE table_id = ? AND epoch = ?", (self._table, epoch)
            ).fetchone()
            if row is not None:
                if row[0] != pair.public:
                    raise ConfigError(i18n.t("keyholder.key_changed", path=key_file, epoch=epoch))
                return pair
            secret, info = (pair.secret, None) if pair.seed is None else (pair.seed, pair.info)
            sealed = crypto.seal_at_rest(self._key, secret, self._associated(epoch, info))
            conn.execute(
                "INSERT INTO oprf_keys (table_id, epoch, public, sealed_secret, create_time, key_info)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (self._table, epoch, pair.public, sealed, _rfc3339(now), info),
            )
            self.audit.append(self._system(now, "oprf.key_imported", f"epochs/{epoch}"))
        return pair

    def destroy_key(self, epoch: int, now: datetime.datetime) -> bool:
        """Crypto-shredding: delete the epoch's sealed OPRF secret (secure_delete overwrites it,
        the WAL is truncated) and forget it. True if a key was deleted; harmless when none is held."""
        with self.transaction() as conn:
            deleted = conn.execute(
                "DELETE FROM oprf_keys WHERE table_id = ? AND epoch = ?", (self._table, epoch)
            ).rowcount
            self._pairs.pop(epoch, None)
            if deleted:
                self.audit.append(self._system(now, "oprf.key_destroyed", f"epochs/{epoch}"))
        if deleted:
            with self._lock:
                self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return bool(deleted)

    def key(self, epoch: int) -> oprf.KeyPair:
        """The epoch's key pair; NotFoundError if the keyholder has none (never had, or destroyed)."""
        with self._lock:
            pair = self._pairs.get(epoch)
            if pair is None:
                row = self.conn.execute(
                    "SELECT public, sealed_secret, key_info FROM oprf_keys WHERE table_id = ? AND epoch = ?",
                    (self._table, epoch),
                ).fetchone()
                if row is None:
                    raise NotFoundError(i18n.t("keyholder.unknown_epoch", epoch=epoch))
                public, sealed, info = row
                secret = crypto.open_at_rest(self._key, sealed, self._associated(epoch, info))
                if info is None:  # a bare scalar (stored before keys came from seeds)
                    pair = oprf.KeyPair(secret=secret, public=public)
                else:  # DeriveKeyPair's seed
                    pair = oprf.derive_key_pair(secret, info)
                    if pair.public != public:
                        raise ConfigError(i18n.t("keyholder.stored_key", epoch=epoch))
                self._pairs[epoch] = pair
            return pair

    def _associated(self, epoch: int, info: bytes | None = None) -> bytes:
        """What a sealed key is bound to: table and epoch, and for a seed the info it derives with."""
        if info is None:
            return crypto.encode_fields("signalmatch/keyholder/oprf-key", self._table, str(epoch))
        return crypto.encode_fields("signalmatch/keyholder/oprf-seed", self._table, str(epoch), info)

    # -- counting --------------------------------------------------------------------------------

    def record(
        self, partner: str, caller: str, epoch: int, count: int, limits: Limits, now: datetime.datetime
    ) -> VolumeAlert | None:
        """Count `count` evaluations for `partner` this hour and audit the batch, in one transaction.

        Raises QuotaExceededError (audited as ``oprf.quota_exceeded``, nothing counted) when the
        hour's quota would be exceeded. Returns a VolumeAlert (audited as ``oprf.volume_alert``),
        at most once per partner and hour, when the hour's volume is alarming.
        """
        hour = hour_of(now)
        refused: QuotaExceededError | None = None
        alert: VolumeAlert | None = None
        with self.transaction() as conn:
            row = conn.execute(
                "SELECT evaluations, alerted FROM usage WHERE partner = ? AND hour = ?", (partner, hour)
            ).fetchone()
            used, alerted = row if row else (0, 0)
            entry = AuditEntry(
                time=_rfc3339(now),
                actor_org=partner,
                actor_role="partner",
                actor_user=caller,
                action="oprf.evaluated",
                objects=(f"epochs/{epoch}",),
                system="keyholder",
                details=(("count", str(count)), ("epoch", str(epoch))),
            )
            if used + count > limits.quota_per_hour:
                reset = next_hour(now).strftime("%Y-%m-%dT%H:%M:%SZ")
                refused = QuotaExceededError(partner, limits.quota_per_hour, used, count, reset)
                self.audit.append(dataclasses.replace(entry, action="oprf.quota_exceeded", outcome="refused"))
            else:
                used += count
                conn.execute(
                    "INSERT INTO usage (partner, hour, evaluations) VALUES (?, ?, ?)"
                    " ON CONFLICT (partner, hour) DO UPDATE SET evaluations = excluded.evaluations",
                    (partner, hour, used),
                )
                conn.execute(
                    "INSERT OR IGNORE INTO partners (partner, first_seen) VALUES (?, ?)", (partner, _rfc3339(now))
                )
                self.audit.append(entry)
                alert = None if alerted else self._alert(conn, partner, hour, used, limits, now)
                if alert is not None:
                    conn.execute("UPDATE usage SET alerted = 1 WHERE partner = ? AND hour = ?", (partner, hour))
                    self.audit.append(
                        self._system(
                            now,
                            "oprf.volume_alert",
                            f"partners/{partner}",
                            evaluations=used,
                            limit=alert.limit,
                            baseline=f"{alert.baseline:g}",
                        )
                    )
                conn.execute("DELETE FROM usage WHERE hour < ?", (hour_of(now - KEEP_USAGE),))
        if refused is not None:
            raise refused
        return alert

    def _alert(
        self, conn: sqlite3.Connection, partner: str, hour: str, used: int, limits: Limits, now: datetime.datetime
    ) -> VolumeAlert | None:
        """Alarming: above alert_factor x the median of the partner's active hours in the previous
        24 h; on its first day (or without such hours) above the fixed alert_threshold."""
        first_seen = conn.execute("SELECT first_seen FROM partners WHERE partner = ?", (partner,)).fetchone()[0]
        first_day = datetime.datetime.fromisoformat(first_seen) > now - BASELINE_HOURS * HOUR
        history = [
            r[0]
            for r in conn.execute(
                "SELECT evaluations FROM usage WHERE partner = ? AND hour >= ? AND hour < ? AND evaluations > 0",
                (partner, hour_of(now - BASELINE_HOURS * HOUR), hour),
            )
        ]
        if first_day or not history:
            baseline, limit = 0.0, limits.alert_threshold
        else:
            baseline = float(statistics.median(history))
            limit = int(limits.alert_factor * baseline)
        if used <= limit:
            return None
        return VolumeAlert(partner, hour, used, limit, baseline)

    def usage(self, partner: str, now: datetime.datetime) -> int:
        """The partner's evaluations in the clock hour of `now`."""
        with self._lock:
            row = self.conn.execute(
                "SELECT evaluations FROM usage WHERE partner = ? AND hour = ?", (partner, hour_of(now))
            ).fetchone()
        return row[0] if row else 0
