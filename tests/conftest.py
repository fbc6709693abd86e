"""Shared fixtures. Qt runs offscreen; each test gets its own database file in tmp_path."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_QUICK_BACKEND", "software")

import shutil
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest

from kvalitet_desktop.domain.individuals import IndividualInput
from kvalitet_desktop.domain.roles import Role
from kvalitet_desktop.services import individuals, organisation
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.store.database import Database

# The reliability proof's table at the end of the run (tests/proof.py).
pytest_plugins = ("proof",)

_RUN_STARTED_ON = date.today()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test that uses a Qt fixture is a GUI test (run the fast suite with -m 'not gui')."""
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if {"qtbot", "qapp", "qtmodeltester"} & set(fixtures):
            item.add_marker(pytest.mark.gui)


@pytest.fixture(autouse=True)
def todays_date(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """A module's ``TODAY`` is the day its test starts, not the day the run was collected: the
    program asks the clock itself, and a run that crosses midnight must not disagree with it."""
    module = getattr(request, "module", None)
    # Only a TODAY taken from the clock; a module that fixes its day (date(2026, 4, 1)) keeps it.
    if getattr(module, "TODAY", None) == _RUN_STARTED_ON:
        monkeypatch.setattr(module, "TODAY", date.today())


@pytest.fixture(autouse=True)
def isolated_user_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """GUI settings and logs go to the test's own folder, never the developer's."""
    monkeypatch.setenv("KVALITET_SETTINGS_DIR", str(tmp_path / "settings"))
    monkeypatch.setenv("KVALITET_LOG_DIR", str(tmp_path / "logs"))
    monkeypatch.delenv("KVALITET_DB", raising=False)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "kvalitet.sqlite"


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    database = Database.open(db_path)
    yield database
    database.close()


@pytest.fixture
def admin(db: Database) -> Context:
    """A set-up municipality with one unit per default area; acting as the administrator."""
    organisation.setup_municipality(
        db,
        organisation.SetupInput(
            municipality="Exempelå kommun",
            org_number="212000-0142",
            admin_login="admin",
            admin_name="Åsa Administratör",
        ),
    )
    return Context.for_login(db, "admin")


@pytest.fixture
def unit_id(admin: Context) -> str:
    tree = organisation.organisation_tree(admin)
    area = tree[0].areas[0]
    return organisation.add_unit(admin, area.id, "Daglig verksamhet Solrosen")


@pytest.fixture
def other_unit_id(admin: Context) -> str:
    tree = organisation.organisation_tree(admin)
    area = tree[0].areas[1]
    return organisation.add_unit(admin, area.id, "Hemtjänst Öster")


@pytest.fixture
def manager(admin: Context, unit_id: str) -> Context:
    """An enhetschef for the first unit only."""
    organisation.save_user(
        admin,
        organisation.UserInput(
            login="enhetschef",
            name="Märta Enhetschef",
            title="Enhetschef",
            roles=[Role.UNIT_MANAGER],
            unit_ids=[unit_id],
        ),
    )
    return Context.for_login(admin.db, "enhetschef")


class _DemoBuilds:
    """The demo municipality built once per run for each ``today`` the tests ask for."""

    def __init__(self, factory: pytest.TempPathFactory) -> None:
        self._factory = factory
        self._built: dict[date, Path] = {}

    def built(self, today: date) -> Path:
        if today not in self._built:
            from kvalitet_desktop.demo.world import create_demo

            path = self._factory.mktemp("demo-build") / "demo.sqlite"
            database = Database.open(path)
            try:
                create_demo(database, today=today)
            finally:
                database.close()
            self._built[today] = path
        return self._built[today]


@pytest.fixture(scope="session")
def _demo_builds(tmp_path_factory: pytest.TempPathFactory) -> _DemoBuilds:
    return _DemoBuilds(tmp_path_factory)


@pytest.fixture
def demo_copy(tmp_path: Path, _demo_builds: _DemoBuilds) -> Callable[[date], Path]:
    """A fresh copy of the demo municipality as it is on ``today``, built once per run.

    Building the demo takes seconds; tests that change it (gallring, the command line) each
    get their own copy of the one build, so what one test does never reaches another.
    """

    def copy(today: date) -> Path:
        built = _demo_builds.built(today)
        target = tmp_path / built.name
        for part in built.parent.iterdir():  # the file and what lies beside it (its keys)
            shutil.copy2(part, tmp_path / part.name)
        return target

    return copy


@pytest.fixture
def lex_sarah_individual(admin: Context, unit_id: str) -> str:
    """The person the shared lex Sarah answers name (lexsarah_answers.py), in the unit's
    register: a rapport names only registered people."""
    individuals.save_individual(admin, IndividualInput("SB-0312", unit_id))
    return "SB-0312"
