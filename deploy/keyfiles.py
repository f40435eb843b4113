"""Files of the enrolment commands: 0700 directories, 0600 private keys made in place, public
files and TOML written atomically, free loopback ports (deploy/enrol.py, deploy/table_admin.py)."""

from __future__ import annotations

import datetime
import os
import socket
import tomllib
from pathlib import Path
from typing import Any

import tomli_w
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from signalmatch import crypto, i18n, pki
from signalmatch.errors import ConfigError, FederationExistsError


def utc_now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


def rfc3339(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def make_dir(path: Path) -> Path:
    """A new empty 0700 directory; FederationExistsError if it holds anything. Directories it
    has to create on the way are 0700 too (existing ones are left as they are)."""
    path = Path(path).absolute()
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise FederationExistsError(i18n.t("enrol.exists", path=path))
    for folder in reversed([path, *path.parents]):
        if not folder.exists():
            folder.mkdir(mode=0o700)
            os.chmod(folder, 0o700)
    os.chmod(path, 0o700)
    return path


def sub_dir(parent: Path, name: str) -> Path:
    path = parent / name
    path.mkdir(mode=0o700, exist_ok=True)
    os.chmod(path, 0o700)
    return path


def write_toml(path: Path, document: dict[str, Any]) -> None:
    """Atomically (a crash leaves the old or the new file)."""
    staging = path.with_name(f".{path.name}.new")
    staging.write_bytes(tomli_w.dumps(document).encode("utf-8"))
    os.replace(staging, path)


def read_toml(path: Path) -> dict[str, Any]:
    try:
        with Path(path).open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(i18n.t("config.unreadable", path=path, reason=exc)) from None


def write_public(path: Path, data: bytes | str) -> None:
    staging = path.with_name(f".{path.name}.new")
    staging.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    os.replace(staging, path)


def new_ed25519(path: Path) -> Ed25519PrivateKey:
    key = Ed25519PrivateKey.generate()
    crypto.write_private(path, crypto.private_key_pem(key))
    return key


def new_x25519(path: Path) -> X25519PrivateKey:
    key = X25519PrivateKey.generate()
    crypto.write_private(path, crypto.private_key_pem(key))
    return key


def new_tls_key(path: Path) -> pki.PrivateKey:
    key = pki.new_tls_key()
    crypto.write_private(path, pki.private_pem(key))
    return key


def free_ports(count: int) -> list[int]:
    """Distinct ports free on 127.0.0.1 right now (all held open until all are known)."""
    sockets = []
    try:
        for _ in range(count):
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sockets.append(sock)
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def tls_entry(stem: str) -> dict[str, str]:
    return {"ca": "ca.crt", "cert": f"{stem}.crt", "key": f"{stem}.key"}
