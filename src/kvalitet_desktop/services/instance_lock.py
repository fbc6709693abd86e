"""One program window per database file, and a warning for files on network shares.

The lock is a small owner-only file beside the database (``<db>.lock``) holding the process id,
the computer's name and a token. SQLite itself would let two windows write one file safely,
but each would show the other's changes only after reloading, and an editor open in both could
overwrite what the other saved: the second window is told instead. A lock left by a program
that is no longer running on this computer (a crash, a power cut) is taken over. Commands that
only read (``kvalitet list``, ``check``, ``report`` …) never look at it.

Plain Python (no Qt, no SQLAlchemy).
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

from kvalitet_desktop.domain.errors import KvalitetError
from kvalitet_desktop.domain.i18n import QT_TRANSLATE_NOOP
from kvalitet_desktop.private_files import OWNER_FILE_MODE

LOCK_SUFFIX = ".lock"
_CONTEXT = "InstanceLock"
# File systems whose locking SQLite's documentation warns about.
NETWORK_FILESYSTEMS = frozenset(
    {"nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "sshfs", "fuse.sshfs", "afs", "ncpfs"}
)
ALREADY_OPEN = QT_TRANSLATE_NOOP(
    _CONTEXT, "Databasen är redan öppen i ett annat fönster på den här datorn"
)
OPEN_ELSEWHERE = QT_TRANSLATE_NOOP(_CONTEXT, "Databasen är redan öppen på datorn {host}")
NETWORK_WARNING = QT_TRANSLATE_NOOP(
    _CONTEXT,
    "Databasen ligger på en nätverksenhet ({kind}). SQLite kan inte alltid låsa filer på "
    "nätverksenheter säkert: om två datorer skriver samtidigt kan databasen skadas. Flytta den "
    "till datorns egen disk, eller se till att bara en dator i taget har den öppen.",
)


@dataclass(frozen=True)
class LockOwner:
    pid: int
    host: str
    token: str = ""

    @property
    def here(self) -> bool:
        return self.host == socket.gethostname()


class AlreadyOpen(KvalitetError):
    """Another running program holds the database's lock."""

    def __init__(self, owner: LockOwner, lock_file: Path) -> None:
        self.owner = owner
        self.lock_file = lock_file
        if owner.here:
            message = ALREADY_OPEN + "."
        else:
            message = (
                OPEN_ELSEWHERE.format(host=owner.host)
                + f". Om programmet inte längre är öppet där kan låsfilen {lock_file} tas bort."
            )
        super().__init__(message)


def lock_file_for(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + LOCK_SUFFIX)


class InstanceLock:
    """``InstanceLock.acquire(db_path)`` or ``AlreadyOpen``; ``release()`` when the window
    closes (a lock left behind by a crash is taken over by the next start)."""

    def __init__(self, path: Path, owner: LockOwner) -> None:
        self.path = path
        self.owner = owner

    @classmethod
    def acquire(cls, db_path: Path) -> InstanceLock:
        path = lock_file_for(Path(db_path))
        me = LockOwner(os.getpid(), socket.gethostname(), uuid.uuid4().hex)
        for _attempt in range(3):
            if _create(path, me):
                if read_owner(path) == me:  # another start may have taken it over meanwhile
                    return cls(path, me)
                continue
            holder = read_owner(path)
            if holder is not None and not _stale(holder):
                raise AlreadyOpen(holder, path)
            # Unreadable (a start that died while writing it) or its program has ended.
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
        holder = read_owner(path)
        raise AlreadyOpen(holder or LockOwner(0, socket.gethostname()), path)

    def release(self) -> None:
        if read_owner(self.path) == self.owner:
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()

    def __enter__(self) -> InstanceLock:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.release()


def held_by_other(db_path: Path) -> LockOwner | None:
    """The running program holding the database's lock, if any (for writing commands)."""
    holder = read_owner(lock_file_for(Path(db_path)))
    if holder is None or _stale(holder) or holder.pid == os.getpid():
        return None
    return holder


def read_owner(path: Path) -> LockOwner | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return LockOwner(int(data["pid"]), str(data["host"]), str(data.get("token", "")))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _create(path: Path, owner: LockOwner) -> bool:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, OWNER_FILE_MODE)
    except FileExistsError:
        return False
    text = json.dumps({"pid": owner.pid, "host": owner.host, "token": owner.token})
    with os.fdopen(fd, "w", encoding="utf-8") as file:
        file.write(text)
    return True


def _stale(owner: LockOwner) -> bool:
    """Only a lock of this computer can be judged: another computer's process ids mean
    nothing here."""
    return owner.here and not pid_running(owner.pid)


def pid_running(pid: int) -> bool:
    if pid <= 0:
        return False
    if sys.platform == "win32":
        return _windows_pid_running(pid)
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, owned by someone else
    return True


def _windows_pid_running(pid: int) -> bool:  # pragma: no cover - Windows only
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    query_limited_information, still_active = 0x1000, 259
    handle = kernel32.OpenProcess(query_limited_information, False, pid)
    if not handle:
        return False
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == still_active
    finally:
        kernel32.CloseHandle(handle)


# --- network shares -----------------------------------------------------------------------


def network_filesystem(db_path: Path, mounts: Path = Path("/proc/mounts")) -> str | None:
    """The kind of network file system the database lies on ("nfs4", "cifs", "UNC" …), or
    None on a local disk (or where it cannot be told)."""
    if sys.platform == "win32":  # pragma: no cover - Windows only
        return _windows_network_drive(str(db_path))
    return linux_network_filesystem(Path(db_path), mounts)


def linux_network_filesystem(path: Path, mounts: Path) -> str | None:
    try:
        lines = mounts.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    target = str(path.expanduser().resolve())
    best, kind = "", None
    for line in lines:
        parts = line.split()
        if len(parts) < 3:
            continue
        point = _unescape(parts[1])
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, kind = point, parts[2]
    if kind is None:
        return None
    return kind if kind in NETWORK_FILESYSTEMS or kind.startswith("nfs") else None


def _unescape(field: str) -> str:
    """/proc/mounts writes a space as \\040, a tab as \\011 …"""
    out, i = [], 0
    while i < len(field):
        chunk = field[i + 1 : i + 4]
        if field[i] == "\\" and len(chunk) == 3 and chunk.isdigit():
            out.append(chr(int(chunk, 8)))
            i += 4
        else:
            out.append(field[i])
            i += 1
    return "".join(out)


def windows_network_path(path: str, drive_type: int | None) -> str | None:
    """A UNC path (``\\\\server\\share\\…``) or a drive whose type is DRIVE_REMOTE (4)."""
    if path.startswith(("\\\\", "//")):
        return "UNC"
    if drive_type == 4:
        return "nätverksenhet"
    return None


def _windows_network_drive(path: str) -> str | None:  # pragma: no cover - Windows only
    import ctypes

    drive = os.path.splitdrive(os.path.abspath(path))[0]
    kind = ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") if drive else None  # type: ignore[attr-defined]
    return windows_network_path(path, kind)


def network_warning(db_path: Path) -> str | None:
    kind = network_filesystem(db_path)
    return None if kind is None else NETWORK_WARNING.format(kind=kind)
