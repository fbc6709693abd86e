"""Gallring of avvikelser: a closed one past its period loses its personal data and keeps what
the compiled analysis counts."""

from __future__ import annotations

from datetime import date

from deviation_inputs import investigation, registration
from sqlalchemy import select

from kvalitet_desktop.domain.retention import CLEARED
from kvalitet_desktop.services import gallring
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.maintenance import check_database
from kvalitet_desktop.store.models import AuditEntry
from kvalitet_desktop.workflows.deviations import service as deviations
from kvalitet_desktop.workflows.deviations.models import Deviation, DeviationCause

FAR = date(2100, 1, 1)  # every closed avvikelse is long due then
TEXT = "Morgonbesöket hos HT-2211 blev inte av; hon fick ingen frukost."


def _closed(ctx: Context, unit_id: str) -> str:
    view = deviations.register(ctx, registration(unit_id, description=TEXT, individual="okänd"))
    completed = view.to_registration()
    completed.category = "beviljad insats ej utförd"
    completed.probability, completed.consequence_level = 2, 3
    deviations.complete(ctx, view.id, completed)
    deviations.save_investigation(ctx, view.id, investigation())
    deviations.close(ctx, view.id, "Rutinen för schemabyten ändras.", date.today())
    return view.id


def test_a_closed_avvikelse_loses_its_personal_data_and_keeps_its_figures(
    admin: Context, unit_id: str
) -> None:
    closed = _closed(admin, unit_id)
    open_one = deviations.register(admin, registration(unit_id, title="Larmet tystnade")).id
    assert next(k for k in gallring.plan(admin).kinds if k.key == "avvikelse").candidates == ()

    plan = gallring.plan(admin, FAR)
    [kind] = [k for k in plan.kinds if k.key == "avvikelse"]
    assert [c.record_id for c in kind.candidates] == [closed]  # never the open one
    result = gallring.run(admin, plan)

    assert result.records["avvikelse"] == 1
    with admin.db.session() as session:
        row = session.get_one(Deviation, closed)
        assert (row.title, row.description, row.reporter_name) == (CLEARED,) * 3
        assert (row.individual, row.conclusion, row.reporter_user_id) == (None, None, None)
        assert (row.category, row.score, row.unit_id) == ("beviljad insats ej utförd", 6, unit_id)
        assert row.closed_on == date.today() and row.number.startswith("AV-")
        causes = session.scalars(
            select(DeviationCause).where(DeviationCause.deviation_id == closed)
        )
        assert [(c.description, c.level) for c in causes] == [(CLEARED, "verksamhet")]
        assert session.get_one(Deviation, open_one).title == "Larmet tystnade"
        log = "\n".join(session.scalars(select(AuditEntry.changes)))
    assert TEXT not in log and "HT-2211" not in log
    assert check_database(admin.db).ok
