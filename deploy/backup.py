"""`signalmatch backup` and `signalmatch restore`: copies of a server's stores, made while it serves.

**Backup** (`backup --config FILE OUT`): every SQLite store of the process (the matcher's
database, a node's vault, the keyholder's database) is copied with SQLite's online backup API in
one step — one read transaction, so the copy is a consistent snapshot even under heavy writes, and
the server (WAL) keeps writing meanwhile. Each copy is checked (``PRAGMA quick_check``) and
described in ``OUT/manifest.json``: table, role and name of the process, schema version, the audit
log's size and root hash, SHA-256 and size of the file. OUT is built in a staging directory next to
it and renamed into place, so a crash never leaves half a backup under the final name. A backup
holds what the store holds (a node's sealed signals, the matcher's tokens): keep it as the store
itself — encrypted, access-controlled, and deleted with the retention period.

**Restore** (`restore --config FILE BACKUP [--force]`): only while the process is stopped (its data
directory lock), only a backup of this very process (table, role, partner), whose files match the
manifest and whose schema this signalmatch understands. It refuses to overwrite a store that is
newer — a larger audit log or a newer schema — than the backup unless ``--force``. The restored
copy records the restore (time, backup time, audit log sizes before and after); on its next start
the process writes a ``store.restored`` audit entry once and says so in its log and health report
at every start. A matcher restored to an older state is then reported by every node and officer
that holds a later checkpoint or receipt (see node.logwatch and audit.verify).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console

from signalmatch import clock, i18n, sqlite
from signalmatch.audit.log import AuditLog, log_size
from signalmatch.errors import ConfigError, SignalmatchError
from signalmatch.keyholder.store import SCHEMA as KEYHOLDER_SCHEMA
from signalmatch.matcher.schema import SCHEMA as MATCHER_SCHEMA
from signalmatch.node.vault import SCHEMA as VAULT_SCHEMA
from signalmatch.process import DataDirLock, version

FORMAT = "signalmatch-backup/1"
MANIFEST = "manifest.json"


class BackupError(SignalmatchError):
    """A backup could not be made or restored; the message says why and what to do."""


@dataclass(frozen=True)
class Store:
    """One SQLite store of a process."""

    name: str  # "matcher", "vault", "keyholder"
    path: Path
    schema: sqlite.Schema
    origin: str  # its audit log's origin


@dataclass(frozen=True)
class Process:
    """Which process a config is of, and its stores."""

    table: str
    role: str
    name: str  # the partner id of a node, "" for the matcher and the keyholder
    data_dir: Path
    stores: tuple[Store, ...]

    @property
    def label(self) -> str:
        return f"{self.table}/{self.role}" + (f"/{self.name}" if self.name else "")


def process_of(path: Path) -> Process:
    """The process of the config at `path` and its stores; ConfigError for a chair's or officer's
    config. Reads only role, table, partner and data_dir: a backup needs no key of the process (a
    systemd unit's backup runs without the service's credentials)."""
    path = Path(path).absolute()
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
        role, table = document["role"], document["table"]
        data_dir = (path.parent / os.path.expandvars(document["data_dir"])).resolve()
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ConfigError(i18n.t("config.unreadable", path=path, reason=exc)) from None
    if role == "matcher":
        store = Store("matcher", data_dir / "matcher.sqlite", MATCHER_SCHEMA, f"{table}/matcher")
        return Process(table, "matcher", "", data_dir, (store,))
    if role == "node":
        partner = str(document.get("partner", ""))
        vault = Store("vault", data_dir / "vault.sqlite", VAULT_SCHEMA, f"{table}/partner/{partner}")
        return Process(table, "node", partner, data_dir, (vault,))
    if role == "keyholder":
        store = Store("keyholder", data_dir / "keyholder.sqlite", KEYHOLDER_SCHEMA, f"{table}/keyholder")
        return Process(table, "keyholder", "", data_dir, (store,))
    raise ConfigError(i18n.t("backup.no_store", path=path, role=role))


# -- describing a store file ---------------------------------------------------------------------


@dataclass(frozen=True)
class StoreState:
    schema_version: int
    audit_size: int
    audit_root: str  # hex
    check: str  # quick_check's answer: "ok" when sound


def inspect(path: Path, origin: str) -> StoreState:
    """Schema version, audit log size and root, and quick_check of a store file (read-only)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None, timeout=30)
    try:
        conn.execute("BEGIN")
        check = "; ".join(str(r[0]) for r in conn.execute("PRAGMA quick_check(10)"))
        size = log_size(conn)
        root = AuditLog(conn, origin).root(size).hex()
        return StoreState(sqlite.schema_version(conn), size, root, check)
    finally:
        conn.close()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# -- backup --------------------------------------------------------------------------------------


def copy_store(source: Path, target: Path) -> None:
    """A consistent copy of `source` (a live WAL database) at `target`, a single self-contained file."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)  # pages=-1: all in one step, one read transaction, one snapshot
        dst.execute("PRAGMA journal_mode = DELETE")  # no -wal beside the copy
    finally:
        dst.close()
        src.close()
    os.chmod(target, 0o600)
    _fsync(target)


def backup(config_path: Path, out: Path) -> dict[str, Any]:
    """Back up every store of the process of `config_path` into the new directory `out`; returns
    the manifest. Safe while the process serves."""
    process = process_of(config_path)
    out = out.absolute()
    if out.exists():
        raise BackupError(i18n.t("backup.exists", path=out))
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.partial-", dir=out.parent))
    try:
        stores: dict[str, Any] = {}
        for store in process.stores:
            if not store.path.exists():
                raise BackupError(i18n.t("backup.missing_store", path=store.path))
            target = staging / f"{store.name}.sqlite"
            copy_store(store.path, target)
            state = inspect(target, store.origin)
            if state.check != "ok":
                raise BackupError(i18n.t("backup.damaged", path=store.path, result=state.check))
            stores[store.name] = {
                "file": target.name,
                "sha256": _sha256(target),
                "bytes": target.stat().st_size,
                "schema_version": state.schema_version,
                "audit_origin": store.origin,
                "audit_size": state.audit_size,
                "audit_root": state.audit_root,
            }
        manifest = {
            "format": FORMAT,
            "created": clock.now(),
            "signalmatch": version(),
            "table": process.table,
            "role": process.role,
            "name": process.name,
            "stores": stores,
        }
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        _fsync(staging / MANIFEST)
        _fsync(staging)
        os.rename(staging, out)
        _fsync(out.parent)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return manifest


# -- restore -------------------------------------------------------------------------------------


def read_manifest(backup_dir: Path) -> dict[str, Any]:
    path = backup_dir / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        if manifest.get("format") != FORMAT or not isinstance(manifest.get("stores"), dict):
            raise ValueError(f"format {manifest.get('format')!r}")
    except (OSError, ValueError) as exc:
        raise BackupError(i18n.t("restore.manifest", path=backup_dir, reason=exc)) from None
    return manifest


def _check_file(backup_dir: Path, store: Store, entry: dict[str, Any]) -> Path:
    path = backup_dir / str(entry.get("file", ""))
    if not path.is_file() or _sha256(path) != entry.get("sha256"):
        raise BackupError(i18n.t("restore.file", path=path, what="sha256"))
    found = int(entry.get("schema_version", 0))
    if found > store.schema.version:
        raise sqlite.StoreTooNewError(path, found, store.schema.version)
    state = inspect(path, store.origin)
    if state.check != "ok" or state.audit_size != entry.get("audit_size") or state.audit_root != entry.get("audit_root"):
        raise BackupError(i18n.t("restore.file", path=path, what=state.check if state.check != "ok" else "audit"))
    return path


@dataclass(frozen=True)
class Restored:
    name: str
    restore: sqlite.Restore


def restore(config_path: Path, backup_dir: Path, force: bool = False) -> list[Restored]:
    """Put the backup in `backup_dir` back as the stores of the (stopped) process of `config_path`."""
    process = process_of(config_path)
    manifest = read_manifest(backup_dir)
    found = f"{manifest.get('table')}/{manifest.get('role')}" + (f"/{manifest['name']}" if manifest.get("name") else "")
    if found != process.label:
        raise BackupError(i18n.t("restore.other_process", found=found, want=process.label))
    files = {}
    for store in process.stores:
        entry = manifest["stores"].get(store.name)
        if not isinstance(entry, dict):
            raise BackupError(i18n.t("restore.manifest", path=backup_dir, reason=f"no store {store.name!r}"))
        files[store.name] = (_check_file(backup_dir, store, entry), entry)
    done = []
    with DataDirLock(process.data_dir):  # refuses while the process runs
        replaced: dict[str, int | None] = {}
        for store in process.stores:
            entry = files[store.name][1]
            replaced[store.name] = None
            if not store.path.exists():
                continue
            try:
                state = inspect(store.path, store.origin)
            except sqlite3.DatabaseError:
                continue  # unreadable: what the restore is for
            if state.check != "ok":
                continue
            replaced[store.name] = state.audit_size
            newer = state.audit_size > entry["audit_size"] or state.schema_version > entry["schema_version"]
            if newer and not force:
                raise BackupError(
                    i18n.t(
                        "restore.newer",
                        path=store.path,
                        current=state.audit_size,
                        current_schema=state.schema_version,
                        backup=entry["audit_size"],
                        backup_schema=entry["schema_version"],
                    )
                )
        for store in process.stores:
            path, entry = files[store.name]
            record = sqlite.Restore(clock.now(), manifest["created"], entry["audit_size"], replaced[store.name])
            _put_in_place(path, store.path, record)
            done.append(Restored(store.name, record))
    return done


def _put_in_place(source: Path, target: Path, record: sqlite.Restore) -> None:
    """Copy `source` next to `target`, record the restore in the copy, then replace `target` (and
    drop its -wal and -shm, which belong to the replaced database) with one rename."""
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    staging = target.with_name(target.name + ".restoring")
    shutil.copyfile(source, staging)
    os.chmod(staging, 0o600)
    conn = sqlite3.connect(staging)
    try:
        with conn:
            sqlite.record_restore(conn, record)
    finally:
        conn.close()
    _fsync(staging)
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    os.replace(staging, target)
    _fsync(target.parent)


# -- commands ------------------------------------------------------------------------------------


def run_backup(config_path: Path, out: Path, as_json: bool, console: Console) -> int:
    manifest = backup(config_path, out)
    if as_json:
        print(json.dumps({"dir": str(out), **manifest}, ensure_ascii=False))
        return 0
    stores = ", ".join(
        i18n.t("backup.store", name=name, schema=s["schema_version"], size=s["audit_size"])
        for name, s in manifest["stores"].items()
    )
    console.print(i18n.t("backup.made", path=out, stores=stores), markup=False)
    return 0


def run_restore(config_path: Path, backup_dir: Path, force: bool, as_json: bool, console: Console) -> int:
    done = restore(config_path, backup_dir, force)
    if as_json:
        print(json.dumps([{"store": d.name, **d.restore.to_json()} for d in done], ensure_ascii=False))
        return 0
    for d in done:
        replaced = d.restore.replaced_audit_size
        console.print(
            i18n.t(
                "restore.done",
                name=d.name,
                time=d.restore.backup_time,
                backup=d.restore.backup_audit_size,
                replaced=i18n.t("restore.unknown") if replaced is None else replaced,
            ),
            markup=False,
        )
    return 0
