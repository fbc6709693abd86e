"""Every command-line command that acts on the role × action table, tried by each role.

The services have their walk (tests/services/test_permission_walk.py); this is the same table
through ``kvalitet``: every ``list``, ``report`` and ``export`` of the registry's kinds,
``search``, ``import`` (a dry run and a real one), ``gallra`` (both), ``backup``, ``restore`` and
``check`` (with and without ``--repair-index``), each as a user holding one role only. Which
cell is allowed comes from the table (each command names the actions it needs), never from a
matrix written here. A refused cell says one Swedish line on stderr, exits non-zero, writes no
file and nothing but the log-in and one ``denied`` entry naming an action the role lacks; an
allowed one exits 0 with its output.

One demo municipality serves the whole module (built once per run, copied once here): the
tried users belong to every unit, so that what is walked is the table (the units have their
own tests in test_cli_permissions.py).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import run_as, with_passwords
from sqlalchemy import select

import proof
from kvalitet_desktop import registry
from kvalitet_desktop.domain.errors import KvalitetError, PermissionDenied
from kvalitet_desktop.domain.record_kind import RecordKind, ReportScope, ReportSpec
from kvalitet_desktop.domain.roles import (
    ALL_UNITS,
    BACKUP,
    COMPILE,
    EXPORT,
    GALLRING,
    IMPORT,
    MAINTENANCE_CHECK,
    RESTORE,
    SEARCH_REPAIR,
    USERS_ADMINISTER,
    Action,
    Role,
)
from kvalitet_desktop.services import listing, maintenance, organisation
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.report_data import build_report
from kvalitet_desktop.store.database import Database
from kvalitet_desktop.store.models import AuditEntry
from kvalitet_desktop.workflows.analysis import service as analyses
from kvalitet_desktop.workflows.changes.models import AffectedPerson

TABLE = registry.permission_table()
LOGINS = {role: f"walk.{role.name.lower()}" for role in Role}
PROBE = "walk.probe"
TODAY = date.today()
A_YEAR_BACK = TODAY - timedelta(days=365)
# A record report whose id is not one of its kind's list rows: the person of a change.
PART_IDS: dict[str, Callable[[Context], list[str]]] = {
    "insatsforandring-individ": lambda ctx: _ids_of(ctx, AffectedPerson),
}


@dataclass
class World:
    path: Path
    folder: Path
    home: str  # a unit the import's sheet names
    home_name: str
    report_args: dict[str, list[str]] = field(default_factory=dict)
    made: int = 0

    def next(self) -> int:
        self.made += 1
        return self.made


def _ids_of(ctx: Context, model: Any) -> list[str]:
    with ctx.reading() as session:
        return [str(i) for i in session.scalars(select(model.id).limit(40))]


def _record_report_id(ctx: Context, probe: Context, kind: RecordKind, report: ReportSpec) -> str:
    """The first record the administrator can print ``report`` of."""
    if report.key in PART_IDS:
        candidates = PART_IDS[report.key](ctx)
    else:
        query = listing.ListQuery(limit=40, include_archived=True)
        candidates = [str(listing.to_json(r)["id"]) for r in listing.fetch(ctx, kind.key, query)]
    for candidate in candidates:
        try:
            build_report(ctx, report.key, candidate)
        except KvalitetError:
            continue  # a draft, or one the report is not about (an ivo-anmälan needs a notice)
        if not _needs_every_unit(probe, report.key, candidate):
            return candidate
    raise AssertionError(f"the demo has nothing to print {report.key} of")


def _needs_every_unit(probe: Context, key: str, record_id: str) -> bool:
    """Whether a user of every unit without "alla enheter" is refused the record for that
    (a municipality-wide analysis): the walk is of the table, not of the units."""
    try:
        build_report(probe, key, record_id)
    except PermissionDenied as refused:
        return refused.action == ALL_UNITS.key
    except KvalitetError:
        return False
    return False


def _unit_year_args(ctx: Context, report: ReportSpec) -> list[str]:
    for unit in organisation.units(ctx):
        for year in (TODAY.year, TODAY.year - 1):
            try:
                build_report(ctx, report.key, None, unit.id, year)
            except KvalitetError:
                continue
            return ["--unit", unit.id, "--year", str(year)]
    raise AssertionError(f"the demo has no unit and year to print {report.key} of")


def _report_args(ctx: Context, probe: Context) -> dict[str, list[str]]:
    """What each report needs besides its name, found as the administrator."""
    args: dict[str, list[str]] = {}
    for kind in registry.KINDS:
        for report in kind.reports:
            if report.scope is ReportScope.RECORD:
                args[report.key] = ["--id", _record_report_id(ctx, probe, kind, report)]
            elif report.scope is ReportScope.UNIT_YEAR:
                args[report.key] = _unit_year_args(ctx, report)
            elif report.scope is ReportScope.PERIOD:
                args[report.key] = ["--from", A_YEAR_BACK.isoformat(), "--to", TODAY.isoformat()]
            else:
                args[report.key] = []
    return args


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, _demo_builds: Any) -> Iterator[World]:
    built: Path = _demo_builds.built(TODAY)
    folder = tmp_path_factory.mktemp("cli-walk")
    for part in built.parent.iterdir():  # the file and what lies beside it
        shutil.copy2(part, folder / part.name)
    path = folder / built.name
    db = Database.open(path)
    try:
        admin = Context.for_login(db, "admin")
        units = organisation.units(admin)
        for role, login in LOGINS.items():
            organisation.save_user(
                admin,
                organisation.UserInput(login, login.title(), None, [role], [u.id for u in units]),
            )
        # Every role without "alla enheter", in every unit: it finds records of the units.
        bound = [r for r in Role if not TABLE.allows({r}, ALL_UNITS)]
        organisation.save_user(
            admin, organisation.UserInput(PROBE, "Prov", None, bound, [u.id for u in units])
        )
        # The demo's analyses are the whole municipality's: one of a unit, signed.
        data = analyses.AnalysisInput(
            "Enhetens år", A_YEAR_BACK, TODAY, units[0].id, None, "Text.", "Åtgärd."
        )
        analyses.sign(admin, analyses.start_analysis(admin, data).id)
        with_passwords(db)
        made = World(path, folder, units[0].id, units[0].name)
        made.report_args = _report_args(admin, Context.for_login(db, PROBE))
    finally:
        db.close()
    yield made


# --- the commands ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Command:
    """One command line to try: its arguments (given the world and a fresh output path), the
    actions of the table it needs, and what an allowed run prints."""

    name: str
    args: Callable[[World, Path], list[str]]
    needs: tuple[Action, ...]
    allowed: Callable[[World, Path, str], None]
    writes: bool = False  # the output path is a file the command makes

    def __str__(self) -> str:
        return self.name


def _read(kind: RecordKind) -> tuple[Action, ...]:
    """What reading a kind's records needs; a kind whose service decides record by record
    (lex Sarah's need-to-know) lists for everyone what each may see."""
    return (kind.read_action,) if kind.read_action else ()


def _read_one(kind: RecordKind) -> Action:
    """What opening one of the kind's records needs (lex Sarah: its own read action)."""
    return kind.read_action or TABLE.get(f"{kind.key}.read")


def _json_list(world: World, out: Path, stdout: str) -> None:
    assert isinstance(json.loads(stdout), list)


def _file_saved(prefix: str) -> Callable[[World, Path, str], None]:
    def check(world: World, out: Path, stdout: str) -> None:
        assert stdout.startswith(prefix) and out.is_file() and out.stat().st_size > 0, stdout

    return check


def _printed(text: str) -> Callable[[World, Path, str], None]:
    def check(world: World, out: Path, stdout: str) -> None:
        assert text in stdout, stdout

    return check


def _fixed(*argv: str) -> Callable[[World, Path], list[str]]:
    return lambda w, out: list(argv)


def _report_argv(key: str) -> Callable[[World, Path], list[str]]:
    def argv(world: World, out: Path) -> list[str]:
        return ["report", key, *world.report_args[key], "--out", str(out.with_suffix(".pdf"))]

    return argv


def _export_argv(key: str) -> Callable[[World, Path], list[str]]:
    return lambda w, out: ["export", key, "--out", str(out.with_suffix(".xlsx"))]


def _list_commands() -> list[Command]:
    commands = [
        Command(
            f"list-{kind.key}",
            _fixed("list", kind.key, "--json"),
            _read(kind),
            _json_list,
        )
        for kind in registry.KINDS
        if kind.listing
    ]
    commands.append(Command("list-enhet", _fixed("list", "enhet", "--json"), (), _json_list))
    commands.append(
        Command(
            "list-anvandare",
            _fixed("list", "anvandare", "--json"),
            (USERS_ADMINISTER,),
            _json_list,
        )
    )
    return commands


def _report_commands() -> list[Command]:
    commands = []
    for kind in registry.KINDS:
        for report in kind.reports:
            # A period report is the compilation over every kind; the others are the kind's.
            read = COMPILE if report.scope is ReportScope.PERIOD else _read_one(kind)
            commands.append(
                Command(
                    f"report-{report.key}",
                    _report_argv(report.key),
                    (EXPORT, read),
                    lambda w, out, _s: _pdf(out.with_suffix(".pdf")),
                    writes=True,
                )
            )
    return commands


def _pdf(path: Path) -> None:
    assert path.read_bytes().startswith(b"%PDF")


def _export_commands() -> list[Command]:
    return [
        Command(
            f"export-{key}",
            _export_argv(key),
            (EXPORT, *_read(registry.kind(key))),
            lambda w, out, stdout: _file_saved("Listan är sparad")(
                w, out.with_suffix(".xlsx"), stdout
            ),
            writes=True,
        )
        for key in registry.listed_keys()
    ]


def _sheet(world: World, out: Path) -> list[str]:
    """A sheet of one new avvikelse (a new title each time) and its mapping."""
    n = world.next()
    sheet = out.with_name(f"avvikelser-{n}.csv")
    sheet.write_text(
        f"Datum;Enhet;Rubrik;Beskrivning\n2025-01-02;{world.home_name};Fall {n};Föll i hallen\n",
        encoding="utf-8",
    )
    mapping = out.with_name(f"mappning-{n}.json")
    columns = {"Datum": "occurred_at", "Enhet": "unit_id", "Rubrik": "title"}
    mapping.write_text(
        json.dumps(
            {"kind": "avvikelse", "columns": {**columns, "Beskrivning": "description"}},
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    return ["--file", str(sheet), "--mapping", str(mapping)]


def _restore_args(world: World, out: Path) -> list[str]:
    """A backup of the world made by the administrator just before: restored, it stays as
    it was."""
    db = Database.open(world.path)
    try:
        copy = maintenance.backup(Context.for_login(db, "admin"), out.with_name("kopia.sqlite"))
    finally:
        db.close()
    return ["restore", "--from", str(copy)]


def _other_commands() -> list[Command]:
    avvikelse = registry.kind("avvikelse")
    create = avvikelse.create_action
    assert create is not None
    return [
        Command(
            "search",
            _fixed("search", "rutin", "--json"),
            (),
            _json_list,
        ),
        Command(
            "import-dry-run",
            lambda w, out: ["import", "avvikelse", *_sheet(w, out), "--dry-run"],
            (IMPORT, create),
            _printed("Provkörning: inget har skrivits. 1 rader skulle importeras"),
        ),
        Command(
            "import",
            lambda w, out: ["import", "avvikelse", *_sheet(w, out)],
            (IMPORT, create),
            _printed("Importerade 1 "),
        ),
        Command(
            "gallra-dry-run",
            _fixed("gallra", "--dry-run"),
            (GALLRING,),
            _printed("att gallra"),
        ),
        Command(
            "gallra",
            _fixed("gallra", "--yes"),
            (GALLRING,),
            _gallrat,
        ),
        Command(
            "backup",
            lambda w, out: ["backup", "--out", str(out.with_suffix(".sqlite"))],
            (BACKUP,),
            lambda w, out, stdout: _file_saved("Säkerhetskopian är sparad")(
                w, out.with_suffix(".sqlite"), stdout
            ),
            writes=True,
        ),
        Command("restore", _restore_args, (RESTORE,), _printed("Databasen är återställd.")),
        Command(
            "check", lambda w, out: ["check"], (MAINTENANCE_CHECK,), _printed("Allt är i ordning.")
        ),
        Command(
            "check-repair-index",
            _fixed("check", "--repair-index"),
            (MAINTENANCE_CHECK, SEARCH_REPAIR),
            _printed("Sökindexet är ombyggt"),
        ),
    ]


def _gallrat(world: World, out: Path, stdout: str) -> None:
    # The demo has records closed long enough ago (only the administrator clears them, once).
    assert "Gallrat:" in stdout, stdout


COMMANDS = [*_list_commands(), *_report_commands(), *_export_commands(), *_other_commands()]


# --- the walk --------------------------------------------------------------------------------


def _entries(world: World, login: str) -> list[tuple[str, dict[str, Any]]]:
    db = Database.open(world.path)
    try:
        with db.session() as session:
            rows = session.execute(
                select(AuditEntry.action, AuditEntry.changes)
                .where(AuditEntry.user_login == login)
                .order_by(AuditEntry.seq)
            ).all()
    finally:
        db.close()
    return [(action, json.loads(changes)) for action, changes in rows]


def test_every_command_of_the_registry_is_walked() -> None:
    names = {c.name for c in COMMANDS}
    assert {f"list-{k}" for k in registry.listed_keys()} <= names
    assert {f"report-{r.key}" for r in registry.reports()} <= names
    assert {f"export-{k}" for k in registry.listed_keys()} <= names


@pytest.mark.parametrize("role", list(Role), ids=lambda r: LOGINS[r])
@pytest.mark.parametrize("command", COMMANDS, ids=str)
def test_the_command(
    capsys: pytest.CaptureFixture[str],
    world: World,
    tmp_path: Path,
    command: Command,
    role: Role,
) -> None:
    login = LOGINS[role]
    out = tmp_path / "ut"
    args = command.args(world, out)
    allowed = all(TABLE.allows({role}, need) for need in command.needs)
    before = _entries(world, login)
    code, stdout, err = run_as(capsys, login, *args, "--db", str(world.path))
    logged = _entries(world, login)[len(before) :]
    denied = [details for action, details in logged if action == "denied"]
    if allowed:
        assert code == 0, err
        command.allowed(world, out, stdout)
        assert denied == []
        proof.record("Behörigheter", kommandon_tillåtna=1)
        return
    assert code != 0 and stdout == ""
    assert err.count("\n") == 1 and err.startswith("kvalitet: "), err
    if command.writes:
        assert not any(tmp_path.glob("ut.*")), list(tmp_path.iterdir())
    # Nothing but the log-in and the refusal: no record, file or copy was made.
    assert {action for action, _ in logged} <= {"login", "denied"}, logged
    assert len(denied) == 1, logged
    refused = TABLE.get(denied[0]["action"])
    assert refused in command.needs and not TABLE.allows({role}, refused)
    # The table's own sentence, but for a kind whose service decides record by record: it
    # says why (lex Sarah: who may open the cases).
    if refused not in {_read_one(k) for k in registry.KINDS if k.read_action is None}:
        assert err == f"kvalitet: {refused.refusal}\n"
    proof.record("Behörigheter", kommandon_nekade=1)


@pytest.mark.parametrize("role", list(Role), ids=lambda r: LOGINS[r])
def test_a_search_finds_only_kinds_the_role_may_read(
    capsys: pytest.CaptureFixture[str], world: World, role: Role
) -> None:
    """The unit's analysis made for the walk is found by those who may read analyses; for the
    others the same search lists what they may see, and is no refusal."""
    code, stdout, err = run_as(
        capsys, LOGINS[role], "search", "Enhetens år", "--json", "--db", str(world.path)
    )
    assert code == 0, err
    kinds = {hit["kind"] for hit in json.loads(stdout)}
    assert all(TABLE.allows({role}, need) for k in kinds for need in _read(registry.kind(k)))
    assert ("analys" in kinds) == TABLE.allows({role}, _read_one(registry.kind("analys")))
