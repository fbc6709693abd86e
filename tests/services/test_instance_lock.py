"""One window per database: the lock file beside it, stale locks taken over, network shares."""

from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from kvalitet_desktop.services.instance_lock import (
    ALREADY_OPEN,
    AlreadyOpen,
    InstanceLock,
    held_by_other,
    linux_network_filesystem,
    lock_file_for,
    network_warning,
    read_owner,
    windows_network_path,
)


def _ended_pid() -> int:
    """The id of a process that has run and ended."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _write_lock(db: Path, pid: int, host: str | None = None) -> None:
    lock_file_for(db).write_text(
        json.dumps({"pid": pid, "host": host or socket.gethostname(), "token": "x"}),
        encoding="utf-8",
    )


def test_the_lock_holds_pid_and_host_owner_only_and_goes_on_release(tmp_path: Path) -> None:
    db = tmp_path / "kvalitet.sqlite"
    lock = InstanceLock.acquire(db)
    owner = read_owner(lock_file_for(db))
    assert owner is not None and (owner.pid, owner.host) == (os.getpid(), socket.gethostname())
    if os.name == "posix":
        assert stat.S_IMODE(lock_file_for(db).stat().st_mode) == 0o600
    lock.release()
    assert not lock_file_for(db).exists()


def test_a_second_window_on_this_computer_is_told(tmp_path: Path) -> None:
    db = tmp_path / "kvalitet.sqlite"
    _write_lock(db, os.getppid())  # a running program (the test runner's parent)
    with pytest.raises(AlreadyOpen) as caught:
        InstanceLock.acquire(db)
    assert str(caught.value) == ALREADY_OPEN + "."
    assert str(caught.value).startswith("Databasen är redan öppen i ett annat fönster")
    assert held_by_other(db) is not None


def test_a_lock_left_by_an_ended_program_is_taken_over(tmp_path: Path) -> None:
    db = tmp_path / "kvalitet.sqlite"
    _write_lock(db, _ended_pid())
    assert held_by_other(db) is None
    with InstanceLock.acquire(db) as lock:
        assert read_owner(lock.path) == lock.owner
    assert not lock.path.exists()


def test_an_unreadable_lock_is_taken_over(tmp_path: Path) -> None:
    db = tmp_path / "kvalitet.sqlite"
    lock_file_for(db).write_text("{halv", encoding="utf-8")
    InstanceLock.acquire(db).release()


def test_another_computers_lock_is_never_judged_stale(tmp_path: Path) -> None:
    db = tmp_path / "kvalitet.sqlite"
    _write_lock(db, _ended_pid(), host="annan-dator")
    with pytest.raises(AlreadyOpen) as caught:
        InstanceLock.acquire(db)
    assert "annan-dator" in str(caught.value) and str(lock_file_for(db)) in str(caught.value)


def test_release_leaves_a_lock_another_program_took_over(tmp_path: Path) -> None:
    db = tmp_path / "kvalitet.sqlite"
    lock = InstanceLock.acquire(db)
    _write_lock(db, os.getppid())
    lock.release()
    assert lock_file_for(db).exists()


MOUNTS = """\
/dev/sda1 / ext4 rw 0 0
server:/export /mnt/kommun nfs4 rw 0 0
//fil01/social /mnt/social\\040delad cifs rw 0 0
user@host:/home /mnt/ssh fuse.sshfs rw 0 0
/dev/sdb1 /mnt/kommun/lokal ext4 rw 0 0
"""


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/home/anna/kvalitet.sqlite", None),
        ("/mnt/kommun/kvalitet.sqlite", "nfs4"),
        ("/mnt/social delad/kvalitet.sqlite", "cifs"),
        ("/mnt/ssh/kvalitet.sqlite", "fuse.sshfs"),
        ("/mnt/kommun/lokal/kvalitet.sqlite", None),  # a local disk mounted inside the share
        ("/mnt/kommunen/kvalitet.sqlite", None),  # a name that only begins like the share's
    ],
)
def test_network_file_systems_are_recognised_from_the_mount_table(
    tmp_path: Path, path: str, kind: str | None
) -> None:
    mounts = tmp_path / "mounts"
    mounts.write_text(MOUNTS, encoding="utf-8")
    assert linux_network_filesystem(Path(path), mounts) == kind


@pytest.mark.parametrize(
    ("path", "drive_type", "kind"),
    [
        ("\\\\fil01\\social\\kvalitet.sqlite", None, "UNC"),
        ("S:\\kvalitet.sqlite", 4, "nätverksenhet"),
        ("C:\\Users\\anna\\kvalitet.sqlite", 3, None),
    ],
)
def test_windows_unc_paths_and_network_drives(
    path: str, drive_type: int | None, kind: str | None
) -> None:
    assert windows_network_path(path, drive_type) == kind


def test_a_database_on_the_local_disk_gets_no_warning(tmp_path: Path) -> None:
    assert network_warning(tmp_path / "kvalitet.sqlite") is None
