"""The key file beside the database (``<database>.keys``): the database key, wrapped per user.

The database is encrypted with one random key. The key file holds that key once per user,
encrypted (AES-256-GCM) under a key derived from the user's password with Argon2id, and once
under the recovery key the municipality keeps in a safe. A password change re-wraps one entry
and re-encrypts nothing. Entries are found by a salted hash of the login, so the file does not
list the accounts.

It also holds what must be written while the database is still locked: failed log-ins per
login (the slow-down and the lock) and the audit events about them, sealed with a public key
whose private half is kept inside the encrypted database, so that only someone who can open
the database reads them.
"""

from __future__ import annotations

import base64
import contextlib
import errno
import hashlib
import json
import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from argon2 import low_level, profiles
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from kvalitet_desktop.store.errors import DatabaseError

FORMAT = 1
KEY_BYTES = 32
SUFFIX = ".keys"
RECOVERY_ENTRY = "recovery"
# argon2-cffi's recommended parameters (RFC 9106, low-memory profile: t=3, 64 MiB, p=4).
KDF = profiles.RFC_9106_LOW_MEMORY
_PENDING_INFO = b"kvalitet-desktop pending audit events"


class KeyFileNotWritten(DatabaseError):
    """The key file could not be written; the file as it was is still in place."""


class KeyFileReadOnly(KeyFileNotWritten):
    """The key file or its folder cannot be written (a read-only medium, a protected file)."""


# A write refused because the medium or the file may not be written (not a full disk).
_READ_ONLY_ERRNOS = frozenset({errno.EROFS, errno.EACCES, errno.EPERM})


class WrongSecret(Exception):
    """The password (or recovery key) does not open this entry, or there is no such entry."""


def key_file_for(database: Path) -> Path:
    return database.with_name(database.name + SUFFIX)


def new_database_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"))


def derive_key(secret: str, salt: bytes) -> bytes:
    """Argon2id: the key that wraps the database key for one password (~0.2 s on purpose)."""
    return low_level.hash_secret_raw(
        secret.encode("utf-8"),
        salt,
        time_cost=KDF.time_cost,
        memory_cost=KDF.memory_cost,
        parallelism=KDF.parallelism,
        hash_len=KEY_BYTES,
        type=low_level.Type.ID,
    )


@dataclass(frozen=True)
class Wrapper:
    """A derived wrapping key with its salt; derive once and wrap many entries with it
    (the demo gives every account one password)."""

    salt: bytes
    key: bytes

    @classmethod
    def for_secret(cls, secret: str) -> Wrapper:
        salt = secrets.token_bytes(16)
        return cls(salt, derive_key(secret, salt))


def _wrap(wrapper: Wrapper, database_key: bytes) -> dict[str, Any]:
    nonce = secrets.token_bytes(12)
    return {
        "salt": _b64(wrapper.salt),
        "nonce": _b64(nonce),
        "key": _b64(AESGCM(wrapper.key).encrypt(nonce, database_key, None)),
        "kdf": {
            "name": "argon2id",
            "time_cost": KDF.time_cost,
            "memory_cost": KDF.memory_cost,
            "parallelism": KDF.parallelism,
        },
    }


def _unwrap(entry: dict[str, Any], secret: str) -> bytes:
    kek = derive_key(secret, _unb64(entry["salt"]))
    try:
        return AESGCM(kek).decrypt(_unb64(entry["nonce"]), _unb64(entry["key"]), None)
    except InvalidTag as exc:
        raise WrongSecret from exc


class KeyFile:
    """The key file's content; ``save()`` writes it atomically, readable by the owner only."""

    def __init__(self, path: Path, data: dict[str, Any]) -> None:
        self.path = path
        self.data = data

    # --- life cycle ---------------------------------------------------------------------------

    @classmethod
    def create(cls, path: Path, database_key: bytes | None, recovery_key: str | None) -> KeyFile:
        """A new key file. Without a database key (a development database kept unencrypted)
        it holds only the failed log-ins."""
        data: dict[str, Any] = {
            "format": FORMAT,
            "salt": _b64(secrets.token_bytes(16)),
            "wraps": {},
            "pending": [],
            "failures": {},
        }
        if database_key is not None:
            public = (
                _event_key(database_key)
                .public_key()
                .public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
            )
            data["event_key"] = _b64(public)
            if recovery_key is not None:
                data[RECOVERY_ENTRY] = _wrap(
                    Wrapper.for_secret(normalise_recovery_key(recovery_key)), database_key
                )
        return cls(path, data)

    @property
    def encrypted(self) -> bool:
        return "event_key" in self.data

    @classmethod
    def load(cls, path: Path) -> KeyFile:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise DatabaseError(f"Nyckelfilen {path} saknas.") from exc
        except (OSError, ValueError) as exc:
            raise DatabaseError(f"Nyckelfilen {path} kan inte läsas.") from exc
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise DatabaseError(f"Nyckelfilen {path} har ett okänt format.")
        return cls(path, data)

    def save(self, path: Path | None = None) -> Path:
        """Write the file whole or not at all (a partial copy, then renamed over the file).
        Raises ``KeyFileReadOnly`` where nothing may be written, ``KeyFileNotWritten`` for
        other failures; either way the file as it was stays."""
        target = path or self.path
        partial = target.with_name(target.name + ".partial")
        text = json.dumps(self.data, ensure_ascii=False, indent=1, sort_keys=True)
        try:
            fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    fh.write(text)
                    fh.flush()
                    os.fsync(fh.fileno())
                os.replace(partial, target)
            except BaseException:
                with contextlib.suppress(OSError):
                    partial.unlink()
                raise
        except OSError as exc:
            kind = KeyFileReadOnly if exc.errno in _READ_ONLY_ERRNOS else KeyFileNotWritten
            raise kind(f"Nyckelfilen {target} kunde inte skrivas: {exc.strerror}.") from exc
        return target

    # --- entries ------------------------------------------------------------------------------

    def login_id(self, login: str) -> str:
        salt = _unb64(self.data["salt"])
        return hashlib.sha256(salt + login.strip().casefold().encode("utf-8")).hexdigest()

    def has(self, login: str) -> bool:
        return self.login_id(login) in self.data["wraps"]

    def wrap(self, login: str, wrapper: Wrapper, database_key: bytes) -> None:
        self.data["wraps"][self.login_id(login)] = _wrap(wrapper, database_key)

    def unwrap(self, login: str, password: str) -> bytes:
        entry = self.data["wraps"].get(self.login_id(login))
        if entry is None:
            # The same work as for a real entry: the time taken tells nothing about the login.
            derive_key(password, secrets.token_bytes(16))
            raise WrongSecret
        return _unwrap(entry, password)

    def unwrap_recovery(self, recovery_key: str) -> bytes:
        return _unwrap(self.data[RECOVERY_ENTRY], normalise_recovery_key(recovery_key))

    def remove(self, login: str) -> None:
        self.data["wraps"].pop(self.login_id(login), None)

    def rename(self, old_login: str, new_login: str) -> None:
        entry = self.data["wraps"].pop(self.login_id(old_login), None)
        if entry is not None:
            self.data["wraps"][self.login_id(new_login)] = entry

    # --- failed log-ins -----------------------------------------------------------------------

    def failures(self, login: str) -> tuple[int, datetime | None]:
        """(failed attempts in a row, when the last one was)."""
        found = self.data["failures"].get(self.login_id(login))
        if not found:
            return 0, None
        return int(found["count"]), datetime.fromisoformat(found["last"])

    def record_failure(self, login: str, at: datetime) -> int:
        count = self.failures(login)[0] + 1
        self.data["failures"][self.login_id(login)] = {"count": count, "last": at.isoformat()}
        return count

    def clear_failures(self, login: str) -> None:
        self.data["failures"].pop(self.login_id(login), None)

    # --- events written while the database is locked ------------------------------------------

    def seal_event(self, event: dict[str, Any]) -> None:
        """Keep an audit event readable only by someone who can open the database."""
        if not self.encrypted:
            return
        ephemeral = X25519PrivateKey.generate()
        shared = ephemeral.exchange(
            X25519PublicKey.from_public_bytes(_unb64(self.data["event_key"]))
        )
        key = HKDF(SHA256(), KEY_BYTES, None, _PENDING_INFO).derive(shared)
        nonce = secrets.token_bytes(12)
        sealed = AESGCM(key).encrypt(nonce, json.dumps(event).encode("utf-8"), None)
        public = ephemeral.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        self.data["pending"].append(
            {"from": _b64(public), "nonce": _b64(nonce), "event": _b64(sealed)}
        )

    def take_events(self, database_key: bytes) -> Iterator[dict[str, Any]]:
        """The sealed events, opened; they are removed from the file (save it afterwards)."""
        private = _event_key(database_key)
        pending, self.data["pending"] = self.data["pending"], []
        for item in pending:
            shared = private.exchange(X25519PublicKey.from_public_bytes(_unb64(item["from"])))
            key = HKDF(SHA256(), KEY_BYTES, None, _PENDING_INFO).derive(shared)
            try:
                plain = AESGCM(key).decrypt(_unb64(item["nonce"]), _unb64(item["event"]), None)
            except InvalidTag:
                yield {"action": "login_failed", "note": "oläsbar händelse i nyckelfilen"}
                continue
            yield json.loads(plain)


def _event_key(database_key: bytes) -> X25519PrivateKey:
    """The private key for sealed events, derived from the database key (never stored)."""
    seed = HKDF(SHA256(), KEY_BYTES, None, b"kvalitet-desktop event key").derive(database_key)
    return X25519PrivateKey.from_private_bytes(seed)


# --- the recovery key ----------------------------------------------------------------------------

_RECOVERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud, typed back


def new_recovery_key() -> str:
    """32 characters in groups of four (160 bits), to print and keep in a safe."""
    chars = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(32))
    return "-".join(chars[i : i + 4] for i in range(0, 32, 4))


def normalise_recovery_key(text: str) -> str:
    chars = "".join(c for c in text.upper() if c.isalnum())
    return "-".join(chars[i : i + 4] for i in range(0, len(chars), 4))
