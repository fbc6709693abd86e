"""Imported history keeps its own dates and states: last year's handled avvikelser and
klagomål come in closed (nothing new to do), an open one counts its deadlines from its own
days (and may be overdue), and dates out of order are reported per row."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from kvalitet_desktop.domain.roles import Role
from kvalitet_desktop.exchange.imports import reading
from kvalitet_desktop.exchange.imports.engine import SheetImport, target_of
from kvalitet_desktop.exchange.imports.mapping import ColumnMapping, suggest
from kvalitet_desktop.exchange.imports.reading import open_sheet
from kvalitet_desktop.services import organisation
from kvalitet_desktop.services.audit_check import check_chain, check_trails
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.dashboard import load_dashboard
from kvalitet_desktop.services.history import record_history
from kvalitet_desktop.services.imports import list_choices, unit_choices
from kvalitet_desktop.services.todo import TodoItem
from kvalitet_desktop.store.database import Database
from kvalitet_desktop.workflows.complaints.models import Complaint
from kvalitet_desktop.workflows.deviations.models import Deviation
from kvalitet_desktop.workflows.deviations.service import rules_in

UNIT = "Daglig verksamhet Solrosen"
YEAR = date.today().year - 1  # last year's sheet
DEVIATION_HEADER = "Datum;Registrerad;Enhet;Rubrik;Beskrivning;Status;Slutsats;Avslutad"
COMPLAINT_HEADER = (
    "Inkom;Enhet;Rubrik;Typ;Kanal;Avsändare;Namn;Ämne;Beskrivning;Besvarad;Svarssätt;Avslutat"
)


def _sheet(tmp_path: Path, name: str, lines: list[str]) -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _job(ctx: Context, kind: str, path: Path, **values: dict[str, str]) -> SheetImport:
    target = target_of(kind)
    header = reading.header_of(open_sheet(path))
    mapping = ColumnMapping(kind, suggest(header, target.fields), dict(values))
    return SheetImport(ctx, target, open_sheet(path), mapping)


def _due(ctx: Context) -> list[TodoItem]:
    """The avvikelser's and klagomål's items on the dashboard (due soon or overdue)."""
    board = load_dashboard(ctx)
    kinds = ("avvikelse", "klagomal")
    return [item for s in board.sections for item in s.items if item.kind in kinds]


def _handled_deviations(tmp_path: Path) -> Path:
    return _sheet(
        tmp_path,
        "avvikelser.csv",
        [
            DEVIATION_HEADER,
            f"{YEAR}-02-03 08:15;{YEAR}-02-04;{UNIT};Fall i badrum;Brukaren halkade;Klar;"
            f"Halkmatta köpt in;{YEAR}-03-01",
            f"{YEAR}-05-10;{YEAR}-05-10;{UNIT};Fel medicin;Fel dos gavs;avslutad;;{YEAR}-06-02",
            f"{YEAR}-09-12;;{UNIT};Nyckel borta;Nyckeln hittades inte;;;{YEAR}-09-30",
        ],
    )


def _handled_complaints(tmp_path: Path) -> Path:
    return _sheet(
        tmp_path,
        "klagomal.csv",
        [
            COMPLAINT_HEADER,
            f"{YEAR}-03-01;{UNIT};Maten kall;klagomål;telefon;närstående;Eva;måltider;"
            f"Kall mat;{YEAR}-03-05;brev;{YEAR}-03-20",
            f"{YEAR}-04-02;{UNIT};Tack;beröm;e-post;anonym;;bemötande;Bra personal;;;{YEAR}-04-03",
        ],
    )


def test_suggestions_know_the_history_columns() -> None:
    fields = target_of("avvikelse").fields
    found = suggest(DEVIATION_HEADER.split(";"), fields)
    assert (found["Registrerad"], found["Status"], found["Avslutad"]) == (
        "reported_at",
        "status",
        "closed_on",
    )
    assert suggest(["Rapporterad", "Slutsats"], fields) == {
        "Rapporterad": "reported_at",
        "Slutsats": "conclusion",
    }
    fields = target_of("klagomal").fields
    found = suggest(["Inkom", "Svarsdatum", "Svarssätt", "Avslutat", "Status"], fields)
    assert found == {
        "Inkom": "received_on",
        "Svarsdatum": "replied_on",
        "Svarssätt": "reply_method",
        "Avslutat": "closed_on",
        "Status": "status",
    }


def test_last_years_handled_sheets_add_nothing_to_the_dashboard(
    admin: Context, unit_id: str, tmp_path: Path
) -> None:
    before = _due(admin)
    deviations = _job(
        admin, "avvikelse", _handled_deviations(tmp_path), status={"Klar": "avslutad"}
    )
    report = deviations.validate()
    assert report.ok, report.problems
    assert deviations.run().created == 3
    complaints = _job(admin, "klagomal", _handled_complaints(tmp_path))
    assert complaints.validate().ok
    assert complaints.run().created == 2

    assert _due(admin) == before
    with admin.reading() as session:
        rows = session.scalars(select(Deviation).order_by(Deviation.occurred_at)).all()
        assert [r.status for r in rows] == ["avslutad"] * 3
        assert [r.closed_on for r in rows] == [
            date(YEAR, 3, 1),
            date(YEAR, 6, 2),
            date(YEAR, 9, 30),
        ]
        first = rows[0]
        assert first.reported_at == datetime(YEAR, 2, 4)
        assert first.conclusion == "Halkmatta köpt in"
        assert first.number.startswith(f"AV-{YEAR}-")
        # The closing was the earlier system's: nobody here closed it.
        assert first.closed_by_id is None
        # Deadlines count from the day it was registered there, by the kind's rules.
        rules = rules_in(session)
        assert first.start_due == rules.start_due(date(YEAR, 2, 4))
        assert first.close_due == rules.close_due(date(YEAR, 2, 4))
        # Without a registration date it counts from the day it happened, never the import.
        assert rows[2].reported_at == datetime(YEAR, 9, 12)
        complaint_rows = session.scalars(select(Complaint).order_by(Complaint.received_on)).all()
        assert [
            (c.status, c.replied_on, c.reply_method, c.response_days) for c in complaint_rows
        ] == [
            ("avslutad", date(YEAR, 3, 5), "brev", 4),
            ("avslutad", None, None, None),
        ]
        assert complaint_rows[0].closed_on == date(YEAR, 3, 20)


def test_a_closed_import_says_in_its_history_that_the_earlier_system_closed_it(
    admin: Context, unit_id: str, tmp_path: Path
) -> None:
    _job(admin, "avvikelse", _handled_deviations(tmp_path), status={"Klar": "avslutad"}).run()
    with admin.reading() as session:
        first = session.scalars(select(Deviation).order_by(Deviation.occurred_at)).first()
        assert first is not None
    entries = record_history(admin, "avvikelse", first.id)
    noted = [e for e in entries if e.action == "Importerad"]
    assert len(noted) == 1
    assert [(c.field, c.after) for c in noted[0].changes] == [
        ("Avslutad i det tidigare systemet", f"{YEAR}-03-01")
    ]
    created = next(e for e in entries if e.action == "Skapad")
    assert ("Status", "avslutad") in [(c.field, c.after) for c in created.changes]


def test_open_historical_rows_are_overdue_by_their_own_dates(
    admin: Context, unit_id: str, tmp_path: Path
) -> None:
    occurred = date.today() - timedelta(days=200)
    registered = occurred + timedelta(days=2)
    deviations = _sheet(
        tmp_path,
        "avvikelser.csv",
        [
            "Datum;Registrerad;Enhet;Rubrik;Beskrivning",
            f"{occurred.isoformat()};{registered.isoformat()};{UNIT};Dörr olåst;Dörren stod öppen",
        ],
    )
    assert _job(admin, "avvikelse", deviations).run().created == 1
    complaints = _sheet(
        tmp_path,
        "klagomal.csv",
        [
            "Inkom;Enhet;Rubrik;Typ;Kanal;Avsändare;Namn;Ämne;Beskrivning",
            f"{occurred.isoformat()};{UNIT};Sen tid;klagomål;brev;brukare;Per;bemötande;Kom sent",
        ],
    )
    assert _job(admin, "klagomal", complaints).run().created == 1

    items = _due(admin)
    with admin.reading() as session:
        rules = rules_in(session)
    deviation_items = sorted((i.when, i.overdue) for i in items if i.kind == "avvikelse")
    assert deviation_items == [
        (rules.start_due(registered), True),
        (rules.close_due(registered), True),
    ]
    complaint_items = [i for i in items if i.kind == "klagomal"]
    assert len(complaint_items) == 1 and complaint_items[0].overdue
    assert complaint_items[0].when is not None and complaint_items[0].when < date.today()


def test_history_dates_out_of_order_are_reported_per_row(
    admin: Context, unit_id: str, tmp_path: Path
) -> None:
    future = (date.today() + timedelta(days=5)).isoformat()
    path = _sheet(
        tmp_path,
        "avvikelser.csv",
        [
            DEVIATION_HEADER,
            f"{YEAR}-03-10;{YEAR}-03-09;{UNIT};Före händelsen;Text;;;",
            f"{YEAR}-03-10;;{UNIT};Avslut i framtiden;Text;;;{future}",
            f"{YEAR}-03-10;{YEAR}-03-12;{UNIT};Avslut före registrering;Text;;;{YEAR}-03-11",
            f"{YEAR}-03-10;;{UNIT};Status öppen men datum;Text;registrerad;;{YEAR}-04-01",
            f"{YEAR}-03-10;;{UNIT};Avslutad utan datum;Text;avslutad;;",
        ],
    )
    report = _job(admin, "avvikelse", path).validate()
    found = {(p.line, p.column): p.message for p in report.problems}
    assert found[(2, "Registrerad")].startswith(f"Registreringen ({YEAR}-03-09) kan inte ligga")
    assert "efter dagens datum" in found[(3, "Avslutad")]
    assert "före registreringen" in found[(4, "Avslutad")]
    assert "”registrerad” stämmer inte med avslutsdatumet" in found[(5, "Status")]
    assert "saknar avslutsdatum" in found[(6, "Avslutad")]
    assert report.bad_lines == {2, 3, 4, 5, 6}


def test_a_complaints_reply_and_closing_follow_the_complaint_rules(
    admin: Context, unit_id: str, tmp_path: Path
) -> None:
    start = f"{YEAR}-03-10;{UNIT};Rubrik;klagomål;telefon"
    path = _sheet(
        tmp_path,
        "klagomal.csv",
        [
            COMPLAINT_HEADER,
            f"{start};närstående;Eva;måltider;Text;{YEAR}-03-09;brev;",
            f"{start};anonym;;måltider;Text;{YEAR}-03-12;brev;",
            f"{start};närstående;Eva;måltider;Text;;;{YEAR}-03-20",
            f"{start};närstående;Eva;måltider;Text;{YEAR}-03-12;;",
            f"{start};närstående;Eva;måltider;Text;{YEAR}-03-12;brev;{YEAR}-03-11",
        ],
    )
    report = _job(admin, "klagomal", path).validate()
    found = {(p.line, p.column): p.message for p in report.problems}
    assert "före mottagandet" in found[(2, "Besvarad")]
    assert "anonym avsändare kan inte få något svar" in found[(3, "Besvarad")]
    assert "Registrera svaret" in found[(4, "Besvarad")]
    assert "Ange hur svaret gavs" in found[(5, "Svarssätt")]
    assert "före svaret" in found[(6, "Avslutat")]
    assert report.bad_lines == {2, 3, 4, 5, 6}


def test_a_reply_method_default_fills_an_old_register_of_reply_days(
    admin: Context, unit_id: str, tmp_path: Path
) -> None:
    path = _sheet(
        tmp_path,
        "klagomal.csv",
        [
            COMPLAINT_HEADER,
            f"{YEAR}-03-01;{UNIT};Maten kall;klagomål;telefon;närstående;Eva;måltider;"
            f"Kall mat;{YEAR}-03-05;;",
        ],
    )
    job = _job(admin, "klagomal", path)
    job.mapping.defaults["reply_method"] = "telefon"
    assert job.validate().ok
    job.run()
    with admin.reading() as session:
        row = session.scalars(select(Complaint)).one()
    # Answered but not closed: nothing due (the reply is there), the status says so.
    assert (row.status, row.reply_method, row.reply_text) == ("besvarad", "telefon", None)
    assert _due(admin) == []


def test_the_imported_history_leaves_the_audit_trail_whole(
    admin: Context, unit_id: str, tmp_path: Path
) -> None:
    _job(admin, "avvikelse", _handled_deviations(tmp_path), status={"Klar": "avslutad"}).run()
    _job(admin, "klagomal", _handled_complaints(tmp_path)).run()
    # Every record's trail replays to what is stored, and the chain of entries is unbroken.
    assert check_trails(admin.db)[1] == []
    assert check_chain(admin.db).findings == []


def test_a_complaint_under_investigation_there_is_under_investigation_here(
    admin: Context, unit_id: str, tmp_path: Path
) -> None:
    path = _sheet(
        tmp_path,
        "klagomal.csv",
        [
            "Inkom;Enhet;Rubrik;Typ;Kanal;Avsändare;Ämne;Beskrivning;Status",
            f"{YEAR}-11-02;{UNIT};Buller;synpunkt;brev;anonym;bemötande;Högt ljud;pågår",
        ],
    )
    _job(admin, "klagomal", path, status={"pågår": "under utredning"}).run()
    with admin.reading() as session:
        row = session.scalars(select(Complaint)).one()
    assert (row.status, row.closed_on) == ("under utredning", None)


def test_the_demo_municipalitys_dashboard_is_unchanged_by_last_years_handled_sheets(
    demo_copy: Callable[[date], Path], tmp_path: Path
) -> None:
    today = date.today()
    db = Database.open(demo_copy(today))
    try:
        ctx = Context.for_login(db, "admin")
        before = load_dashboard(ctx, today)
        unit = unit_choices(ctx)[0].label
        topic = list_choices(ctx, target_of("klagomal"))["topic"][0].value
        deviations = _sheet(
            tmp_path,
            "avvikelser.csv",
            [
                DEVIATION_HEADER,
                f"{YEAR}-04-03;{YEAR}-04-04;{unit};Larm utan svar;Larmet besvarades sent;"
                f"avslutad;Rutin ändrad;{YEAR}-05-02",
            ],
        )
        complaints = _sheet(
            tmp_path,
            "klagomal.csv",
            [
                COMPLAINT_HEADER,
                f"{YEAR}-04-01;{unit};Sen hjälp;klagomål;telefon;brukare;Ali;{topic};"
                f"Hjälpen kom sent;{YEAR}-04-08;telefon;{YEAR}-04-15",
            ],
        )
        assert _job(ctx, "avvikelse", deviations).run().created == 1
        assert _job(ctx, "klagomal", complaints).run().created == 1
        after = load_dashboard(ctx, today)
        assert [(s.key, s.total, s.items) for s in after.sections] == [
            (s.key, s.total, s.items) for s in before.sections
        ]
        assert after.units == before.units  # no unit counts one more open or late record
    finally:
        db.close()


def test_a_registration_day_without_time_on_the_day_it_happened_is_not_before_it(
    admin: Context, unit_id: str, tmp_path: Path
) -> None:
    path = _sheet(
        tmp_path,
        "avvikelser.csv",
        [
            "Datum;Registrerad;Enhet;Rubrik;Beskrivning",
            f"{YEAR}-06-01 14:30;{YEAR}-06-01;{UNIT};Samma dag;Registrerad samma dag",
            f"{YEAR}-06-01 14:30;{YEAR}-06-03 09:00;{UNIT};Senare;Registrerad två dagar senare",
        ],
    )
    assert _job(admin, "avvikelse", path).run().created == 2
    with admin.reading() as session:
        found = dict(session.execute(select(Deviation.title, Deviation.reported_at)).all())
    assert found == {
        "Samma dag": datetime(YEAR, 6, 1, 14, 30),
        "Senare": datetime(YEAR, 6, 3, 9, 0),
    }


def test_a_quality_coordinator_imports_last_years_handled_sheets(
    admin: Context, unit_id: str, tmp_path: Path
) -> None:
    organisation.save_user(
        admin,
        organisation.UserInput("samordnare", "Sara", None, [Role.QUALITY_COORDINATOR], [unit_id]),
    )
    coordinator = Context.for_login(admin.db, "samordnare")
    job = _job(coordinator, "avvikelse", _handled_deviations(tmp_path), status={"Klar": "avslutad"})
    assert job.run().created == 3
    assert _job(coordinator, "klagomal", _handled_complaints(tmp_path)).run().created == 2
    with admin.reading() as session:
        assert set(session.scalars(select(Deviation.status))) == {"avslutad"}
        assert set(session.scalars(select(Complaint.status))) == {"avslutad"}
    assert _due(coordinator) == []
