"""Processes killed with SIGKILL at random moments while they save lose nothing committed.

The test process has imported everything already; each writer is a fork of it (no interpreter
start-up per kill), opens the encrypted database with its key (SQLCipher, as users' files are)
and saves through the real services — risk analyses, measures with a follow-up, lex Sarah
reports — and through the editors' draft store, until it is killed (after a random number of
saves, at a random moment). Over a pipe it reports each save only after the service returned
(after the commit). After every kill this process checks
the file: SQLite's integrity check, every reported record present, every reported draft
restorable with its newest content or a later one. The seed is printed; set
``KVALITET_CRASH_SEED`` to repeat a run exactly, ``KVALITET_CRASH_KILLS`` for more kills.
"""

from __future__ import annotations

import gc
import os
import random
import shutil
import signal
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import NoReturn

import pytest
from lexsarah_answers import report_answers
from sqlalchemy import select

import proof
from kvalitet_desktop.domain.individuals import IndividualInput
from kvalitet_desktop.services import accounts, drafts, individuals, maintenance, organisation
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.store.database import Database
from kvalitet_desktop.store.keyring import key_file_for
from kvalitet_desktop.workflows.followups import service as followups
from kvalitet_desktop.workflows.followups.models import FollowUp
from kvalitet_desktop.workflows.lexsarah import service as lexsarah
from kvalitet_desktop.workflows.lexsarah.models import LexSarahCase
from kvalitet_desktop.workflows.measures import service as measures
from kvalitet_desktop.workflows.measures.models import Measure
from kvalitet_desktop.workflows.risk import service as risk
from kvalitet_desktop.workflows.risk.models import RiskAnalysis

KILLS = int(os.environ.get("KVALITET_CRASH_KILLS", "200"))
# A writer is killed after a random number of saves (up to MOST_SAVES; on a busy machine a
# fixed time might not see one finish), then at a random moment up to LONGEST_WAIT seconds
# later: in the middle of the next save most of the time, sometimes between two.
MOST_SAVES = 4
LONGEST_WAIT = 0.03
PASSWORD = "Ett långt lösenord i krasch"
SETUP = organisation.SetupInput("Exempelå kommun", "212000-0142", "asa.admin", "Åsa Administratör")
TABLES = {
    "riskanalys": RiskAnalysis,
    "atgard": Measure,
    "uppfoljning": FollowUp,
    "lexsarah": LexSarahCase,
}
# Shaped like the editors' draft keys (kind, then "ny" or the record's id).
DRAFT_KEYS = ("riskanalys:ny", "atgard:ny", "uppfoljning:ny")
Save = Callable[[Context, str, int], list[tuple[str, str]]]


def _draft_text(seq: int) -> str:
    return f"Utkast {seq}: personalen på Solrosen beskriver kvällen – åäö " * 20


def _save_analysis(ctx: Context, unit_id: str, n: int) -> list[tuple[str, str]]:
    saved = risk.save_analysis(
        ctx,
        risk.RiskAnalysisInput(
            f"Riskanalys {n} – nattbemanning",
            unit_id,
            scope_description="Nattpasset på Solrosen. " * 40,
            events=[
                risk.EventInput(
                    "Brukare faller på väg till toaletten", probability=3, consequence=3
                )
            ],
        ),
    )
    return [("riskanalys", saved.id)]


def _save_measure(ctx: Context, unit_id: str, n: int) -> list[tuple[str, str]]:
    measure = measures.create_measure(
        ctx,
        measures.MeasureInput(
            f"Åtgärd {n} – rörelsevakt", unit_id, "Text " * 50, ctx.actor.id, date.today()
        ),
    )
    plan = followups.plan_follow_up(
        ctx,
        measure.id,
        followups.PlanInput(date.today() + timedelta(days=30), "Samtal", ctx.actor.id),
    )
    return [("atgard", measure.id), ("uppfoljning", plan.id)]


def _file_report(ctx: Context, unit_id: str, n: int) -> list[tuple[str, str]]:
    case = lexsarah.file_report(
        ctx, lexsarah.ReportInput(f"Rapport {n}", report_answers(unit_id, ctx.actor.id))
    )
    return [("lexsarah", case.id)]


SAVES: tuple[Save, ...] = (_save_analysis, _save_measure, _file_report)


def _write_line(fd: int, text: str) -> None:
    os.write(fd, (text + "\n").encode("utf-8"))  # one short write: whole in the pipe, or not


def _writer(
    path: Path, key: bytes, login: str, unit_id: str, seed: int, first: int, fd: int
) -> NoReturn:
    """The forked child: save until killed; report each save once it has returned. Its saves
    are numbered from ``first`` (numbers grow across the writers: a newer draft has a higher
    one)."""
    try:
        db = Database.open(path, key=key)
        ctx = Context.for_login(db, login)
        rng = random.Random(seed)
        _write_line(fd, "ready")
        n = first
        while True:
            n += 1
            if rng.random() < 0.4:
                form_key = rng.choice(DRAFT_KEYS)
                _write_line(fd, f"drafting {form_key} {n}")
                payload = {"seq": n, "text": _draft_text(n)}
                drafts.save_draft(ctx, form_key, f"Utkast {n}", payload)
                _write_line(fd, f"draft {form_key} {n}")
            else:
                _write_line(fd, f"saving {n}")
                for kind, record_id in rng.choice(SAVES)(ctx, unit_id, n):
                    _write_line(fd, f"saved {kind} {record_id}")
    except BaseException as exc:  # reported to the parent, which fails the test
        _write_line(fd, f"error {type(exc).__name__}: {str(exc)[:300]}")
    finally:
        os._exit(1)


@dataclass
class Tally:
    kills: int = 0
    killed_in_save: int = 0
    damaged: int = 0
    record_checks: int = 0  # a record is checked again after every later kill
    lost: set[str] = field(default_factory=set)
    drafts_checked: int = 0
    drafts_restored: int = 0
    drafts_lost: int = 0
    committed: dict[str, set[str]] = field(default_factory=lambda: {k: set() for k in TABLES})
    # form key → (newest seq reported saved, newest seq attempted)
    drafts: dict[str, tuple[int, int]] = field(default_factory=dict)


def _take_reports(lines: list[str], tally: Tally) -> None:
    """Take the child's lines (a line cut by the kill is not one: it has no newline)."""
    if lines and lines[-1].split(" ")[0] in ("saving", "drafting"):
        tally.killed_in_save += 1
    for raw in lines:
        word, *rest = raw.split(" ")
        if word == "error":
            pytest.fail(f"the writer failed before it was killed: {raw}")
        if word == "saved":
            tally.committed[rest[0]].add(rest[1])
        elif word in ("drafting", "draft"):
            seq = int(rest[1])
            saved, attempted = tally.drafts.get(rest[0], (0, 0))
            if word == "draft":
                saved = max(saved, seq)
            tally.drafts[rest[0]] = (saved, max(attempted, seq))


def _verify(path: Path, key: bytes, login: str, tally: Tally) -> None:
    if not maintenance.quick_integrity(path, key):
        tally.damaged += 1
        return
    db = Database.open(path, key=key)
    try:
        with db.session() as session:
            for kind, model in TABLES.items():
                stored = set(session.scalars(select(model.id)))
                tally.record_checks += len(tally.committed[kind])
                tally.lost |= tally.committed[kind] - stored
        ctx = Context.for_login(db, login)
        for form_key, (saved, attempted) in tally.drafts.items():
            if saved == 0:
                continue  # no save of it returned yet: nothing was promised
            tally.drafts_checked += 1
            draft = drafts.load_draft(ctx, form_key)
            seq = draft.payload.get("seq") if draft is not None else None
            # The newest draft that returned, or a later one whose commit the kill overtook.
            if (
                draft is not None
                and isinstance(seq, int)
                and saved <= seq <= attempted
                and draft.payload.get("text") == _draft_text(seq)
            ):
                tally.drafts_restored += 1
            else:
                tally.drafts_lost += 1
    finally:
        db.close()


def _kill_one(path: Path, key: bytes, login: str, unit_id: str, seed: int, tally: Tally) -> None:
    first = (tally.kills + 1) * 1_000_000
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        os.close(read_fd)
        _writer(path, key, login, unit_id, seed, first, write_fd)
    os.close(write_fd)
    rng = random.Random(seed)
    saves_first = rng.randrange(MOST_SAVES + 1)
    with os.fdopen(read_fd, "rb") as reader:
        lines: list[str] = []
        started = 0  # saves begun; the kill waits until ``saves_first`` of them have ended
        while started <= saves_first:
            raw = reader.readline()
            if not raw.endswith(b"\n") or raw.startswith(b"error"):
                os.waitpid(pid, 0)
                pytest.fail(f"the writer stopped on its own: {lines[-3:]} {raw!r}")
            line = raw.decode("utf-8").rstrip("\n")
            lines.append(line)
            started += line.startswith(("saving", "drafting"))
        time.sleep(rng.uniform(0, LONGEST_WAIT))
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        lines += reader.read().decode("utf-8").split("\n")[:-1]
    _take_reports(lines, tally)  # a writer that failed on its own fails the test here
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    tally.kills += 1


@pytest.fixture
def memory_folder(tmp_path: Path) -> Iterator[Path]:
    """A folder in memory (/dev/shm) where there is one, else the test's own. A SIGKILL ends
    the process, not the machine: what it wrote is in the operating system's cache either
    way, so the disk's flushes (seconds, over 200 runs) test nothing here."""
    shm = Path("/dev/shm")
    if not (shm.is_dir() and os.access(shm, os.W_OK)):
        yield tmp_path
        return
    folder = Path(tempfile.mkdtemp(prefix="kvalitet-krasch-", dir=shm))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "fork"), reason="SIGKILL and fork are POSIX")
def test_sigkills_at_random_moments_lose_nothing_committed(memory_folder: Path) -> None:
    seed = int(os.environ.get("KVALITET_CRASH_SEED", str(random.SystemRandom().randrange(10**6))))
    print(f"krasch: frö {seed}, {KILLS} avbrott (KVALITET_CRASH_SEED={seed} upprepar)")
    rng = random.Random(seed)
    path = memory_folder / "krasch.sqlite"
    with pytest.MonkeyPatch.context() as env:
        env.delenv(accounts.UNENCRYPTED_ENV, raising=False)
        made = accounts.create_database(path, SETUP, PASSWORD, PASSWORD)
    ctx = made.ctx
    key = ctx.db.key
    assert key is not None and key_file_for(path).exists()
    area = organisation.organisation_tree(ctx)[0].areas[0]
    unit_id = organisation.add_unit(ctx, area.id, "Daglig verksamhet Solrosen")
    # The person the lex Sarah answers name, in the unit's register: a rapport names no other.
    individuals.save_individual(ctx, IndividualInput("SB-0312", unit_id))
    login = ctx.actor.login
    # Each save once here: the forks inherit SQLAlchemy's configured mappers and compiled
    # statements, so their time goes to saving, not to warming up.
    for save in SAVES:
        save(ctx, unit_id, 0)
    drafts.save_draft(ctx, DRAFT_KEYS[0], "Utkast 0", {"seq": 0, "text": _draft_text(0)})
    ctx.db.close()  # no connection of this process may be open in a fork that writes

    tally = Tally()
    started = time.monotonic()
    # What the parent holds is frozen out of the garbage collector's way: a fork then copies
    # only the pages it writes, not every page the collector would touch.
    gc.freeze()
    try:
        for _ in range(KILLS):
            _kill_one(path, key, login, unit_id, rng.randrange(2**32), tally)
            _verify(path, key, login, tally)
    finally:
        gc.unfreeze()
    seconds = time.monotonic() - started

    db = Database.open(path, key=key)
    try:
        report = maintenance.check_database(db)
    finally:
        db.close()
    assert report.ok, [(i.name, i.detail) for i in report.items if not i.ok]
    records = sum(len(ids) for ids in tally.committed.values())
    proof.record(
        "Krasch",
        avbrott=tally.kills,
        mitt_i_en_sparning=tally.killed_in_save,
        skadade_filer=tally.damaged,
        sparade_poster=records,
        kontroller_av_poster=tally.record_checks,
        poster_förlorade=len(tally.lost),
        utkast_kontrollerade=tally.drafts_checked,
        utkast_återställda=tally.drafts_restored,
        utkast_förlorade=tally.drafts_lost,
    )
    proof.note("Krasch", f"frö {seed}")
    print(f"krasch: {tally.kills} avbrott, {records} poster, {seconds:.1f} s")
    assert tally.kills == KILLS >= 200 or "KVALITET_CRASH_KILLS" in os.environ
    assert tally.damaged == 0, f"seed {seed}"
    assert not tally.lost, f"seed {seed}"
    assert tally.drafts_lost == 0 and tally.drafts_restored == tally.drafts_checked, seed
    assert records >= KILLS and tally.killed_in_save > KILLS // 2  # saved; killed saving
    assert tally.drafts_checked > 0
