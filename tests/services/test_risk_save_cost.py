"""What saving a risk analysis costs: one unit of work, one commit, a bounded number of statements.

Counted with SQLAlchemy's engine events on the test's own database file. The bound is what the
save needs today plus a little room; a save that loads users one row at a time breaks it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event

from kvalitet_desktop.domain.roles import Role
from kvalitet_desktop.services import organisation
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.workflows.risk import service as risk

# Measured when the test was written: before, the save took 44 statements and the editor's
# re-read 18 more (62, and a re-save looked users up one by one: 7 queries); after, 23 in all,
# the view built in the same unit of work. The bound leaves room for small changes, not for a
# query per event or per user.
MAX_STATEMENTS = 30


@dataclass
class Counts:
    statements: list[str] = field(default_factory=list)
    commits: int = 0


@contextmanager
def counting(ctx: Context) -> Iterator[Counts]:
    counts = Counts()
    engine = ctx.db.engine

    def on_statement(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        counts.statements.append(statement)

    def on_commit(_conn: Any) -> None:
        counts.commits += 1

    event.listen(engine, "before_cursor_execute", on_statement)
    event.listen(engine, "commit", on_commit)
    try:
        yield counts
    finally:
        event.remove(engine, "before_cursor_execute", on_statement)
        event.remove(engine, "commit", on_commit)


def _five_events() -> list[risk.EventInput]:
    return [risk.EventInput(f"Händelse {n}", "Orsak", None, 1 + n % 4, 4 - n % 4) for n in range(5)]


def _colleagues(admin: Context, unit_id: str) -> list[str]:
    ids = []
    for n in range(3):
        ids.append(
            organisation.save_user(
                admin,
                organisation.UserInput(
                    login=f"kollega{n}",
                    name=f"Kollega {n}",
                    roles=[Role.INVESTIGATOR],
                    unit_ids=[unit_id],
                ),
            )
        )
    return ids


def _analysis(manager: Context, unit_id: str, team_ids: list[str]) -> risk.RiskAnalysisInput:
    return risk.RiskAnalysisInput(
        title="Ny bemanning under sommaren",
        unit_id=unit_id,
        leader_id=manager.actor.id,
        team=[
            risk.TeamMemberInput(f"Kollega {n}", "Stödpedagog", i) for n, i in enumerate(team_ids)
        ],
        events=_five_events(),
        decided_by_id=team_ids[0],
    )


def test_saving_an_analysis_with_five_events_is_one_commit(
    admin: Context, manager: Context, unit_id: str
) -> None:
    data = _analysis(manager, unit_id, _colleagues(admin, unit_id))
    with counting(manager) as counts:
        view = risk.save_analysis(manager, data)
    assert counts.commits == 1
    assert len(counts.statements) <= MAX_STATEMENTS, "\n".join(counts.statements)
    assert [e.description for e in view.events] == [f"Händelse {n}" for n in range(5)]
    assert view.leader_name == manager.actor.name


def test_saving_again_reads_the_users_in_one_query(
    admin: Context, manager: Context, unit_id: str
) -> None:
    data = _analysis(manager, unit_id, _colleagues(admin, unit_id))
    analysis_id = risk.save_analysis(manager, data).id
    with counting(manager) as counts:
        view = risk.save_analysis(manager, data, analysis_id)
    user_reads = [
        s
        for s in counts.statements
        if s.lstrip().upper().startswith("SELECT") and "FROM users" in s
    ]
    assert counts.commits == 1
    assert len(user_reads) <= 1, "\n".join(user_reads)
    assert view.decided_by_name == "Kollega 0"
    assert all(a.assessed_by == manager.actor.name for e in view.events for a in e.assessments)
