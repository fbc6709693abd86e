"""The search index survives writers killed with SIGKILL in the middle of their saves.

Each writer is a fork of the test process that registers, investigates and voids avvikelser
through the services in a loop until it is killed at a random moment; over a pipe it reports a
save only after the service returned. After every kill the file is opened again: SQLite's
integrity check passes, ``kvalitet check``'s comparison of the index with the records finds
nothing, and every reported record is found by its words (voided ones are not).
"""

from __future__ import annotations

import os
import random
import signal
import time
from pathlib import Path
from typing import NoReturn

import pytest
from deviation_inputs import investigation, registration

from kvalitet_desktop.services import maintenance, organisation, search
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.store.database import Database
from kvalitet_desktop.workflows.deviations import service as deviations

KILLS = 8
SETUP = organisation.SetupInput("Exempelå kommun", "212000-0142", "admin", "Åsa Administratör")


def _line(fd: int, text: str) -> None:
    os.write(fd, (text + "\n").encode("utf-8"))


def _writer(path: Path, unit_id: str, first: int, fd: int) -> NoReturn:
    try:
        db = Database.open(path)
        ctx = Context.for_login(db, "admin")
        n = first
        while True:
            n += 1
            _line(fd, f"saving {n}")
            saved = deviations.register(
                ctx,
                registration(unit_id, title=f"Händelse {n}", description=f"Ordet kod{n} här."),
            )
            if n % 3 == 0:
                cause = deviations.CauseInput(f"Orsaken orsak{n}", "verksamhet", "rutiner")
                deviations.save_investigation(ctx, saved.id, investigation(causes=[cause]))
            if n % 2 == 0:
                deviations.void(ctx, saved.id, "Dubblett")
                _line(fd, f"voided {n}")
            else:
                _line(fd, f"saved {n}")
    except BaseException as exc:
        _line(fd, f"error {type(exc).__name__}: {str(exc)[:200]}")
    finally:
        os._exit(1)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="SIGKILL and fork are POSIX")
def test_the_index_matches_the_records_after_every_sigkill(tmp_path: Path) -> None:
    path = tmp_path / "krasch.sqlite"
    db = Database.open(path)
    organisation.setup_municipality(db, SETUP)
    ctx = Context.for_login(db, "admin")
    area = organisation.organisation_tree(ctx)[0].areas[0]
    unit_id = organisation.add_unit(ctx, area.id, "Hemtjänst Norr")
    deviations.register(ctx, registration(unit_id, title="Uppvärmning", description="Första."))
    db.close()  # no connection of this process may be open in a fork that writes

    rng = random.Random(20261201)
    saved: set[int] = set()
    voided: set[int] = set()
    killed_saving = 0
    for kill in range(KILLS):
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read_fd)
            _writer(path, unit_id, (kill + 1) * 1000, write_fd)
        os.close(write_fd)
        wanted = rng.randrange(2, 7)  # saves begun before the kill comes
        with os.fdopen(read_fd, "rb") as reader:
            begun = 0
            lines = []
            while begun < wanted:
                raw = reader.readline()
                assert raw.endswith(b"\n") and not raw.startswith(b"error"), raw
                lines.append(raw.decode("utf-8").rstrip("\n"))
                begun += raw.startswith(b"saving")
            time.sleep(rng.uniform(0, 0.05))
            os.kill(pid, signal.SIGKILL)
            _, status = os.waitpid(pid, 0)
            lines += reader.read().decode("utf-8").split("\n")[:-1]
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
        assert not any(line.startswith("error") for line in lines), lines
        killed_saving += bool(lines) and lines[-1].startswith("saving")
        for line in lines:
            word, number = line.split(" ")
            (saved if word == "saved" else voided if word == "voided" else set()).add(int(number))

        assert maintenance.quick_integrity(path)
        db = Database.open(path)
        try:
            item = {i.name: i for i in maintenance.check_database(db).items}
            assert item[maintenance.SEARCH_INDEX_CHECK].ok, item[maintenance.SEARCH_INDEX_CHECK]
            ctx = Context.for_login(db, "admin")
            for n in saved:
                hits = search.search(ctx, f"kod{n}").hits
                assert [h.title.split(" ", 1)[1] for h in hits] == [f"Händelse {n}"], n
            for n in voided:
                assert search.search(ctx, f"kod{n}").hits == (), n
        finally:
            db.close()
    print(f"sökindex efter krasch: {KILLS} avbrott, {killed_saving} mitt i en sparning")
    assert saved and voided and killed_saving > 0
