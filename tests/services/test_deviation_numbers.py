"""Avvikelse numbers go on past 9999 in a year (the 100× demo makes more than that)."""

from __future__ import annotations

from datetime import date

from deviation_inputs import registration
from sqlalchemy import update

from kvalitet_desktop.services.context import Context
from kvalitet_desktop.workflows.deviations import service as deviations
from kvalitet_desktop.workflows.deviations.models import Deviation


def test_the_number_after_9999_is_10000_and_then_10001(admin: Context, unit_id: str) -> None:
    first = deviations.register(admin, registration(unit_id)).id
    year = date.today().year
    with admin.unit_of_work() as uow:
        uow.session.execute(
            update(Deviation).where(Deviation.id == first).values(number=f"AV-{year}-9999")
        )
    assert deviations.register(admin, registration(unit_id)).number == f"AV-{year}-10000"
    assert deviations.register(admin, registration(unit_id)).number == f"AV-{year}-10001"
