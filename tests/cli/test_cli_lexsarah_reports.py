"""``kvalitet report`` for lex Sarah: the four kinds, who may print them, Swedish refusals."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from cli_helpers import with_passwords
from lexsarah_answers import investigation_answers, notification_answers, report_answers
from pypdf import PdfReader

from kvalitet_desktop import registry
from kvalitet_desktop.cli import REPORT_NAMES, main
from kvalitet_desktop.domain.roles import Role
from kvalitet_desktop.services import organisation
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.workflows.lexsarah import service as lexsarah

KINDS = ("lexsarah-rapport", "lexsarah-utredning", "ivo-anmalan", "lexsarah-apt")


@pytest.fixture
def cases(
    admin: Context, manager: Context, unit_id: str, lex_sarah_individual: str
) -> dict[str, str]:
    """An open serious case notified to IVO, and a closed case with learning material."""
    for login, name, role in (
        ("lena.lind", "Lena Lind", Role.LEX_SARAH),
        ("eva.ek", "Eva Ek", Role.INVESTIGATOR),
    ):
        organisation.save_user(admin, organisation.UserInput(login, name, None, [role], [unit_id]))
    ansvarig = Context.for_login(admin.db, "lena.lind")
    utredare = Context.for_login(admin.db, "eva.ek")

    def case(seriousness: str) -> str:
        case_id = lexsarah.file_report(
            manager,
            lexsarah.ReportInput("Larmet fungerade inte", report_answers(unit_id, admin.actor.id)),
        ).id
        lexsarah.receive(
            ansvarig,
            case_id,
            lexsarah.ReceiptInput(datetime(2026, 3, 2, 10), True, None, utredare.actor.id),
        )
        lexsarah.save_investigation(
            utredare,
            case_id,
            investigation_answers(utredare.actor.id, ansvarig.actor.id, seriousness),
        )
        return case_id

    open_case = case("allvarligt missförhållande")
    lexsarah.notify_ivo(
        ansvarig, open_case, notification_answers(unit_id, ansvarig.actor.id, attached=True)
    )
    closed = case("missförhållande")
    lexsarah.close(ansvarig, closed)
    lexsarah.set_learning_material(
        utredare, closed, "Ett larm var urkopplat en natt.", ["Hur testar vi larm?"]
    )
    with_passwords(admin.db)
    admin.db.close()
    return {"open": open_case, "closed": closed}


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def report(
    capsys: pytest.CaptureFixture[str], db: Path, kind: str, user: str, case_id: str, out: Path
) -> tuple[int, str, str]:
    return run(
        capsys,
        "report",
        kind,
        "--db",
        str(db),
        "--user",
        user,
        "--id",
        case_id,
        "--out",
        str(out),
    )


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(path).pages).split())


def test_the_kinds_are_offered_and_built() -> None:
    assert set(KINDS) <= set(REPORT_NAMES)
    assert set(REPORT_NAMES) == {r.key for r in registry.reports()}
    assert {"riskanalys", "uppfoljning", "atgardsplan"} <= set(REPORT_NAMES)


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("lexsarah-rapport", "Rapport enligt lex Sarah"),
        ("lexsarah-utredning", "Utredning enligt lex Sarah"),
        ("ivo-anmalan", "Anmälan enligt lex Sarah till Inspektionen för vård och omsorg (IVO)"),
        ("lexsarah-apt", "Lärande från en lex Sarah-utredning"),
    ],
)
def test_each_kind_is_written_for_the_lex_sarah_ansvarig(
    capsys: pytest.CaptureFixture[str],
    db_path: Path,
    cases: dict[str, str],
    tmp_path: Path,
    kind: str,
    expected: str,
) -> None:
    out = tmp_path / "ut" / f"{kind}.pdf"
    case_id = cases["closed" if kind == "lexsarah-apt" else "open"]
    code, stdout, err = report(capsys, db_path, kind, "lena.lind", case_id, out)
    assert code == 0, err
    assert f"Rapporten är sparad i {out}" in stdout
    assert expected in pdf_text(out)


def test_the_investigator_may_print_the_utredning(
    capsys: pytest.CaptureFixture[str], db_path: Path, cases: dict[str, str], tmp_path: Path
) -> None:
    out = tmp_path / "utredning.pdf"
    code, _, err = report(capsys, db_path, "lexsarah-utredning", "eva.ek", cases["open"], out)
    assert code == 0, err
    assert "Dokumenterat 2026-03-05 av Eva Ek" in pdf_text(out)


@pytest.mark.parametrize("kind", KINDS)
def test_an_enhetschef_is_refused_and_no_file_is_written(
    capsys: pytest.CaptureFixture[str],
    db_path: Path,
    cases: dict[str, str],
    tmp_path: Path,
    kind: str,
) -> None:
    out = tmp_path / f"{kind}.pdf"
    case_id = cases["closed" if kind == "lexsarah-apt" else "open"]
    code, stdout, err = report(capsys, db_path, kind, "enhetschef", case_id, out)
    assert code == 1 and stdout == ""
    assert "Lex Sarah-ärenden kan bara öppnas av lex Sarah-ansvariga" in err
    assert "Traceback" not in err
    assert list(tmp_path.glob(f"{kind}.pdf*")) == []


def test_apt_for_an_open_case_is_refused(
    capsys: pytest.CaptureFixture[str], db_path: Path, cases: dict[str, str], tmp_path: Path
) -> None:
    out = tmp_path / "apt.pdf"
    code, _, err = report(capsys, db_path, "lexsarah-apt", "lena.lind", cases["open"], out)
    assert code == 1 and not out.exists()
    assert "Lärandematerial för APT skrivs ut för avslutade ärenden." in err


def test_lex_sarah_kinds_need_an_id(
    capsys: pytest.CaptureFixture[str], db_path: Path, cases: dict[str, str], tmp_path: Path
) -> None:
    code, _, err = run(
        capsys,
        "report",
        "ivo-anmalan",
        "--db",
        str(db_path),
        "--user",
        "lena.lind",
        "--out",
        str(tmp_path / "x.pdf"),
    )
    assert code == 2 and "Rapporten ivo-anmalan behöver --id." in err
