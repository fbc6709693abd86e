"""The command line as different users: ``kvalitet list``, ``report`` and ``backup`` do what the
role × action table lets each role do and no more, refusals in one Swedish line, and every
refusal, export and backup is in the audit log."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import run_as, with_passwords
from lexsarah_answers import report_answers
from sqlalchemy import select

from kvalitet_desktop import registry
from kvalitet_desktop.domain.roles import ALL_UNITS, BACKUP, EXPORT, Role
from kvalitet_desktop.services import organisation
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.store.database import Database
from kvalitet_desktop.store.models import AuditEntry
from kvalitet_desktop.workflows.lexsarah import service as lexsarah
from kvalitet_desktop.workflows.measures import service as measures
from kvalitet_desktop.workflows.risk import service as risk

TABLE = registry.permission_table()
LOGINS = {
    Role.ADMIN: "c.admin",
    Role.QUALITY_COORDINATOR: "c.kvalitet",
    Role.UNIT_MANAGER: "c.enhetschef",
    Role.INVESTIGATOR: "c.utredare",
    Role.LEX_SARAH: "c.lexsarah",
    Role.STAFF: "c.medarbetare",
}
BY_LOGIN = {login: role for role, login in LOGINS.items()}


@pytest.fixture
def records(
    admin: Context, unit_id: str, other_unit_id: str, lex_sarah_individual: str
) -> dict[str, str]:
    """A user per role, each of the first unit; records of both units; a lex Sarah case."""
    for role, login in LOGINS.items():
        organisation.save_user(
            admin, organisation.UserInput(login, login.title(), None, [role], [unit_id])
        )
    handler = Context.for_login(admin.db, LOGINS[Role.LEX_SARAH])
    mine = risk.save_analysis(admin, risk.RiskAnalysisInput("Egen enhets analys", unit_id)).id
    theirs = risk.save_analysis(
        admin, risk.RiskAnalysisInput("Annan enhets analys", other_unit_id)
    ).id
    measures.create_measure(
        admin, measures.MeasureInput("Rutin", unit_id, None, admin.actor.id, date.today())
    )
    case = lexsarah.file_report(
        handler, lexsarah.ReportInput("Larmet", report_answers(unit_id, handler.actor.id))
    ).id
    lexsarah.receive(
        handler,
        case,
        lexsarah.ReceiptInput(datetime(2026, 3, 2, 10, 0), True, None, handler.actor.id),
    )
    with_passwords(admin.db)
    admin.db.close()
    return {"mine": mine, "theirs": theirs, "case": case, "unit": unit_id}


def audit(db_path: Path, action: str, login: str) -> list[dict[str, Any]]:
    db = Database.open(db_path)
    try:
        with db.session() as session:
            rows = session.execute(
                select(AuditEntry.entity_id, AuditEntry.changes)
                .where(AuditEntry.action == action, AuditEntry.user_login == login)
                .order_by(AuditEntry.seq)
            ).all()
    finally:
        db.close()
    return [{"entity_id": entity_id, **json.loads(changes)} for entity_id, changes in rows]


@pytest.mark.parametrize("login", list(BY_LOGIN))
def test_list_shows_each_role_what_it_may_see(
    capsys: pytest.CaptureFixture[str], db_path: Path, records: dict[str, str], login: str
) -> None:
    code, out, err = run_as(capsys, login, "list", "riskanalys", "--db", str(db_path), "--json")
    assert code == 0, err
    expected = {records["mine"]}
    if TABLE.allows({BY_LOGIN[login]}, ALL_UNITS):
        expected.add(records["theirs"])
    assert {row["id"] for row in json.loads(out)} == expected


@pytest.mark.parametrize("login", list(BY_LOGIN))
def test_lex_sarah_cases_are_listed_only_for_those_who_may_read_them(
    capsys: pytest.CaptureFixture[str], db_path: Path, records: dict[str, str], login: str
) -> None:
    code, out, err = run_as(capsys, login, "list", "lexsarah", "--db", str(db_path), "--json")
    assert code == 0, err
    may_read = TABLE.allows({BY_LOGIN[login]}, TABLE.get("lexsarah.read"))
    assert [row["id"] for row in json.loads(out)] == ([records["case"]] if may_read else [])
    assert "Larmet" not in out or may_read


@pytest.mark.parametrize("login", list(BY_LOGIN))
def test_report_is_saved_by_those_who_may_read_and_export(
    capsys: pytest.CaptureFixture[str],
    db_path: Path,
    records: dict[str, str],
    tmp_path: Path,
    login: str,
) -> None:
    pdf = tmp_path / "riskanalys.pdf"
    args = ("report", "riskanalys", "--db", str(db_path), "--id", records["mine"])
    code, out, err = run_as(capsys, login, *args, "--out", str(pdf))
    if TABLE.allows({BY_LOGIN[login]}, EXPORT):
        assert code == 0 and pdf.read_bytes().startswith(b"%PDF"), err
        assert audit(db_path, "export", login) == [
            {"entity_id": records["mine"], "report": "riskanalys", "file": str(pdf)}
        ]
        assert audit(db_path, "denied", login) == []
    else:
        assert code != 0 and out == "" and not pdf.exists()
        assert err.strip() == (
            "kvalitet: Du har inte behörighet att spara rapporter och listor som filer "
            "(PDF, Excel, CSV)."
        )
        assert audit(db_path, "denied", login) == [{"entity_id": "", "action": "export"}]
        assert audit(db_path, "export", login) == []


def test_a_report_of_another_unit_is_refused(
    capsys: pytest.CaptureFixture[str], db_path: Path, records: dict[str, str], tmp_path: Path
) -> None:
    pdf = tmp_path / "annan.pdf"
    login = LOGINS[Role.UNIT_MANAGER]
    args = ("report", "riskanalys", "--db", str(db_path), "--id", records["theirs"])
    code, _, err = run_as(capsys, login, *args, "--out", str(pdf))
    assert code != 0 and not pdf.exists()
    assert err.strip() == "kvalitet: Du har inte behörighet till den enheten."
    assert [d["attempted"] for d in audit(db_path, "denied", login)] == ["riskanalys.read"]


@pytest.mark.parametrize("login", list(BY_LOGIN))
def test_a_lex_sarah_report_only_for_those_who_may_read_the_case(
    capsys: pytest.CaptureFixture[str],
    db_path: Path,
    records: dict[str, str],
    tmp_path: Path,
    login: str,
) -> None:
    pdf = tmp_path / "rapport.pdf"
    args = ("report", "lexsarah-rapport", "--db", str(db_path), "--id", records["case"])
    code, _, err = run_as(capsys, login, *args, "--out", str(pdf))
    role = BY_LOGIN[login]
    if TABLE.allows({role}, TABLE.get("lexsarah.read")):
        assert code == 0 and pdf.exists(), err
        assert [e["entity_id"] for e in audit(db_path, "open", login)] == [records["case"]]
        return
    assert code != 0 and not pdf.exists()
    assert audit(db_path, "open", login) == []
    refused = audit(db_path, "denied", login)
    if TABLE.allows({role}, EXPORT):
        assert "Lex Sarah-ärenden kan bara öppnas" in err
        assert refused == [{"entity_id": records["case"], "action": "lexsarah.read"}]
    else:  # refused before the case is even read
        assert refused == [{"entity_id": "", "action": "export"}]


@pytest.mark.parametrize("login", list(BY_LOGIN))
def test_backup_only_for_those_the_table_lets_copy_everything(
    capsys: pytest.CaptureFixture[str],
    db_path: Path,
    records: dict[str, str],
    tmp_path: Path,
    login: str,
) -> None:
    copy = tmp_path / "kopia.sqlite"
    code, out, err = run_as(capsys, login, "backup", "--db", str(db_path), "--out", str(copy))
    if TABLE.allows({BY_LOGIN[login]}, BACKUP):
        assert code == 0 and copy.exists(), err
        assert audit(db_path, "backup", login) == [{"entity_id": "", "file": str(copy)}]
        return
    assert code != 0 and out == "" and not copy.exists()
    assert err.strip() == "kvalitet: Du har inte behörighet att säkerhetskopiera hela databasen."
    assert audit(db_path, "denied", login) == [{"entity_id": "", "action": "backup"}]


def test_backup_needs_someone_to_act_as(
    capsys: pytest.CaptureFixture[str],
    db_path: Path,
    records: dict[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Without --user the operating system's login is used; one the database does not know
    copies nothing."""
    monkeypatch.setattr("getpass.getuser", lambda: "okand.person")
    copy = tmp_path / "kopia.sqlite"
    code, _, err = run_as(capsys, None, "backup", "--db", str(db_path), "--out", str(copy))
    assert code != 0 and not copy.exists()
    # The one line of every failed log-in: it does not say whether the login exists.
    assert err == "kvalitet: Fel inloggning eller lösenord.\n"
