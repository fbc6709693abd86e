"""Files only their owner can read: the database, its -wal/-shm, backups, logs, settings, exports.

On POSIX a file the program creates is 0600 and a folder it creates 0700; a file that already
exists is narrowed to 0600 when the program opens it. On Windows nothing is added: the files
live in the user's profile folder, which other accounts cannot read by default.

Plain Python (no SQLAlchemy, no Qt): the log file and the user interface use it too.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

log = logging.getLogger(__name__)

OWNER_FILE_MODE = 0o600
OWNER_DIR_MODE = 0o700
OWNER_UMASK = 0o077
POSIX = os.name == "posix"
# The files SQLite keeps beside a database while it is open or after a crash.
SIDE_FILE_SUFFIXES = ("-wal", "-shm", "-journal")
_WIPE_CHUNK = 1 << 20


def restrict_umask() -> int | None:
    """From now on the process creates files 0600 and folders 0700; returns the old umask.

    Called first thing at start-up (``cli.main``, ``ui.app.run_gui``) so that files made by
    libraries (Qt's settings, SQLite's side files, a printer spool) are owner-only too.
    """
    if not POSIX:
        return None
    return os.umask(OWNER_UMASK)


def make_private(path: Path) -> None:
    """Narrow an existing file to 0600 (a folder to 0700); a missing path is left alone.

    A file the program may not change (another account's, a read-only disk) keeps its mode;
    that is logged, and opening it is left to fail or succeed on its own terms.
    """
    if not POSIX:
        return
    try:
        mode = OWNER_DIR_MODE if path.is_dir() else OWNER_FILE_MODE
        os.chmod(path, mode)
    except FileNotFoundError:
        return
    except OSError as exc:
        log.warning("Behörigheten för %s kunde inte begränsas: %s", path, exc.strerror)


def make_private_dirs(folder: Path) -> None:
    """Create ``folder`` and its missing parents as 0700; existing folders are not changed.

    Only folders the program creates are narrowed: a database in the user's Documents must not
    change the permissions of Documents itself.
    """
    missing: list[Path] = []
    current = folder
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for part in reversed(missing):
        try:
            part.mkdir(mode=OWNER_DIR_MODE)
        except FileExistsError:
            continue
        make_private(part)  # mkdir's mode is filtered by the umask; say it exactly


def create_private_file(path: Path) -> None:
    """Make sure ``path`` exists as an owner-only file (empty if new) before a library opens it.

    SQLite gives a database's -wal, -shm and journal the permissions of the database file, so a
    database created 0600 keeps every side file 0600 too.
    """
    make_private_dirs(path.parent)
    if POSIX:
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, OWNER_FILE_MODE)
        except FileExistsError:
            make_private(path)
            return
        os.close(fd)
        make_private(path)
    else:
        path.touch(exist_ok=True)


def make_database_private(path: Path) -> None:
    """The database file and whichever of its side files exist become 0600."""
    make_private(path)
    for suffix in SIDE_FILE_SUFFIXES:
        make_private(side_file(path, suffix))


def side_file(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def write_private_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` as an owner-only file, all or nothing (exports, saved PDFs).

    The bytes go to ``<path>.partial`` (created 0600), are flushed to disk, and then replace
    ``path`` in one step: a reader never sees half a file, an old file is never half
    overwritten. Raises ``OSError``; the partial file is removed on failure.
    """
    make_private_dirs(path.parent)
    partial = path.with_name(path.name + ".partial")
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(partial, flags, OWNER_FILE_MODE)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        make_private(partial)  # O_CREAT's mode does not narrow a partial file left earlier
        os.replace(partial, path)
    except OSError:
        partial.unlink(missing_ok=True)
        raise
    fsync_folder(path.parent)


@contextmanager
def private_file_replacing(path: Path) -> Iterator[Path]:
    """A ``<path>.partial`` (created 0600) to write a file into bit by bit; when the block
    ends without an error it replaces ``path`` in one step, else it is removed and ``path``
    stays as it was. For files too large to hold in memory first (exported lists).
    """
    make_private_dirs(path.parent)
    partial = path.with_name(path.name + ".partial")
    try:
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, OWNER_FILE_MODE)
        os.close(fd)
        make_private(partial)  # O_CREAT's mode does not narrow a partial file left earlier
        yield partial
        with partial.open("rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    fsync_folder(path.parent)


def fsync_folder(folder: Path) -> None:
    """Make a rename or removal in ``folder`` durable (POSIX only; Windows has no such call)."""
    if not POSIX:
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def wipe_file(path: Path) -> bool:
    """Overwrite ``path`` with random bytes, flush it to disk and remove it.

    Returns False if there was no such file. On flash storage and copy-on-write file systems
    the old blocks may survive an overwrite; what this guarantees is that the file and its
    contents are gone from the file system. Raises ``OSError`` if it cannot be done.
    """
    import secrets

    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return False
    with path.open("r+b") as fh:
        remaining = size
        while remaining > 0:
            chunk = min(remaining, _WIPE_CHUNK)
            fh.write(secrets.token_bytes(chunk))
            remaining -= chunk
        fh.flush()
        os.fsync(fh.fileno())
    path.unlink()
    fsync_folder(path.parent)
    return True


_TEMP_VARIABLES = ("TMPDIR", "TEMP", "TMP")


@contextmanager
def private_temp_folder() -> Iterator[Path]:
    """While inside, the process's temporary files go to a new owner-only folder, removed after.

    Python's ``tempfile``, Qt's ``QDir.tempPath()`` and the print system's spool file
    (``cupsTempFd``) all read these variables, so a page on its way to the printer never lies in
    a temporary folder that other accounts can list.
    """
    import shutil
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="kvalitet-"))  # 0700 on POSIX
    saved = {name: os.environ.get(name) for name in _TEMP_VARIABLES}
    saved_tempdir = tempfile.tempdir
    for name in _TEMP_VARIABLES:
        os.environ[name] = str(folder)
    tempfile.tempdir = str(folder)
    try:
        yield folder
    finally:
        tempfile.tempdir = saved_tempdir
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        shutil.rmtree(folder, ignore_errors=True)
