"""Every cell of the role × action table, walked through the services.

For each action of ``registry.permission_table()`` and each role, a user holding only that role
(and belonging to the unit the records are in) tries the action: where the table allows it the
service does it, where it refuses the service raises ``PermissionDenied`` and a DENIED entry
naming a refused action is in the audit log. The cases are keyed by the table's own actions, so
a new action without a case here fails ``test_every_action_of_the_table_has_a_case``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from lexsarah_answers import investigation_answers, notification_answers, report_answers
from sqlalchemy import select

import proof
from kvalitet_desktop import registry
from kvalitet_desktop.domain.compilation import Period
from kvalitet_desktop.domain.errors import PermissionDenied
from kvalitet_desktop.domain.forms import FormAnswers
from kvalitet_desktop.domain.individuals import IndividualInput
from kvalitet_desktop.domain.roles import Action, Role
from kvalitet_desktop.exchange.imports.engine import SheetImport, target_of
from kvalitet_desktop.exchange.imports.mapping import ColumnMapping
from kvalitet_desktop.exchange.imports.reading import open_sheet
from kvalitet_desktop.reports import render_report
from kvalitet_desktop.services import (
    audit_review,
    backups,
    compilation,
    exports,
    gallring,
    individuals,
    maintenance,
    organisation,
    search,
    settings,
)
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.report_data import build_report
from kvalitet_desktop.store.database import Database
from kvalitet_desktop.store.models import AuditEntry
from kvalitet_desktop.workflows.analysis import service as analyses
from kvalitet_desktop.workflows.changes import service as changes
from kvalitet_desktop.workflows.changes.domain import (
    ChangeInput,
    Channel,
    ClosingInput,
    ContactInput,
    PersonInput,
    Phase,
    WithWhom,
)
from kvalitet_desktop.workflows.complaints import service as complaints
from kvalitet_desktop.workflows.complaints.domain import (
    Channel as ComplaintChannel,
)
from kvalitet_desktop.workflows.complaints.domain import (
    ComplaintKind,
    ReplyMethod,
    SubmitterType,
)
from kvalitet_desktop.workflows.deviations import service as deviations
from kvalitet_desktop.workflows.followups import service as followups
from kvalitet_desktop.workflows.lexsarah import compilation as lexsarah_counts
from kvalitet_desktop.workflows.lexsarah import service as lexsarah
from kvalitet_desktop.workflows.measures import service as measures
from kvalitet_desktop.workflows.risk import service as risk
from kvalitet_desktop.workflows.selfinspection import service as selfinspection
from kvalitet_desktop.workflows.selfinspection.domain import Assessment, Frequency, ReviewedKind

TABLE = registry.permission_table()
LOGINS = {
    Role.ADMIN: "w.admin",
    Role.QUALITY_COORDINATOR: "w.kvalitet",
    Role.UNIT_MANAGER: "w.enhetschef",
    Role.INVESTIGATOR: "w.utredare",
    Role.LEX_SARAH: "w.lexsarah",
    Role.STAFF: "w.medarbetare",
}


@dataclass
class World:
    """One municipality for the whole walk: a home unit every tried user belongs to, another
    unit none of them does, and ``admin`` (the set-up administrator) making what each try
    needs."""

    admin: Context
    home: str
    other: str
    area: str
    folder: Path
    users: dict[Role, Context] = field(default_factory=dict)
    made: int = 0

    def next(self) -> int:
        self.made += 1
        return self.made

    # --- what a try needs, made fresh by the administrator -----------------------------

    def analysis(self, *, assessed: bool = False) -> str:
        events = (
            [risk.EventInput("Fallrisk vid förflyttning", None, None, 3, 2)] if assessed else []
        )
        data = risk.RiskAnalysisInput(f"Analys {self.next()}", self.home, events=events)
        return risk.save_analysis(self.admin, data).id

    def change(self) -> str:
        data = ChangeInput(f"Förändring {self.next()}", [self.home], ["minskad tid"], date.today())
        return changes.save_change(self.admin, data).id

    def affected(self) -> str:
        code = self.registered(f"WALK-{self.next()}")
        return changes.add_person(self.admin, self.change(), PersonInput(code, self.home)).id

    def registered(self, code: str) -> str:
        """``code`` in the home unit's register (the administrator keeps it), ready to name."""
        individuals.save_individual(self.admin, IndividualInput(code, self.home))
        return code

    def backup(self) -> Path:
        return maintenance.backup(self.admin, self.folder / f"kopia-{self.next()}.sqlite")

    def measure(self, unit: str | None = None) -> str:
        data = measures.MeasureInput(
            f"Åtgärd {self.next()}", unit or self.home, None, self.admin.actor.id, date.today()
        )
        return measures.create_measure(self.admin, data).id

    def follow_up(self) -> str:
        return followups.plan_follow_up(self.admin, self.measure(), self.plan()).id

    def plan(self) -> followups.PlanInput:
        return followups.PlanInput(date.today() + timedelta(days=30), "Samtal", self.admin.actor.id)

    def filed_case(self) -> str:
        answers = report_answers(self.home, self.admin.actor.id)
        return lexsarah.file_report(self.admin, lexsarah.ReportInput("Larmet", answers)).id

    def received_case(self, *, serious: bool | None = None) -> str:
        """Received, with the administrator (never the tried user) appointed to investigate."""
        case_id = self.filed_case()
        lexsarah.receive(self.admin, case_id, self.receipt(serious))
        return case_id

    def receipt(self, serious: bool | None = None) -> lexsarah.ReceiptInput:
        return lexsarah.ReceiptInput(
            datetime(2026, 3, 2, 10, 0), True, None, self.admin.actor.id, serious
        )

    def deviation(self, *, investigated: bool = False) -> str:
        """An avvikelse of the home unit, registered (and investigated) by the administrator."""
        data = deviations.RegistrationInput(
            f"Avvikelse {self.next()}",
            self.home,
            datetime.now().replace(second=0, microsecond=0) - timedelta(hours=1),
            "Besöket blev inte av.",
        )
        deviation_id = deviations.register(self.admin, data).id
        if investigated:
            deviations.save_investigation(self.admin, deviation_id, _deviation_investigation())
        return deviation_id

    def assessed_as_nothing(self) -> str:
        """Ready to close on a documented ställningstagande."""
        case_id = self.received_case()
        position = FormAnswers(
            {
                "bedomning": "inte missförhållande",
                "bedomning_motivering": "Larmet hade stängts av på den enskildes begäran.",
                "avslut_form": "ställningstagande",
                "avslut_text": "Inget missförhållande.",
                "avslut_av": self.admin.actor.id,
                "avslut_av_befattning": "Administratör",
                "avslut_datum": "2026-03-04",
            }
        )
        lexsarah.save_investigation(self.admin, case_id, position)
        return case_id


def _self_inspection_item(w: World, responsible_id: str) -> selfinspection.PlanItemInput:
    return selfinspection.PlanItemInput(
        unit_id=w.home,
        year=date.today().year,
        title=f"Brandskydd {w.next()}",
        method="observation",
        frequency=Frequency.CHOSEN_DATES,
        responsible_id=responsible_id,
        on_failure="Avvikelse registreras.",
        form_id="egenkontroll_brandskydd",
        chosen_dates=[date(date.today().year, 12, 31)],
    )


def _planned_check(w: World) -> str:
    item = selfinspection.save_plan_item(w.admin, _self_inspection_item(w, w.admin.actor.id))
    checks = selfinspection.checks_of_year(w.admin, w.home, item.year)
    return next(c.id for c in checks if c.plan_item_id == item.id)


def _performed_check(w: World, ctx: Context) -> Any:
    form = selfinspection.forms.catalog(ctx).get("egenkontroll_brandskydd")
    answers = FormAnswers(
        {f.id: Assessment.MET.value for f in selfinspection.requirements_of(form)}
    )
    done = selfinspection.PerformInput(
        date.today(), [selfinspection.ReviewedInput(ReviewedKind.PREMISES, 4)]
    )
    return selfinspection.perform_check(ctx, _planned_check(w), done, answers)


def _investigation(world: World, *, assessed: bool) -> FormAnswers:
    answers = investigation_answers(world.admin.actor.id, world.admin.actor.id, "missförhållande")
    if not assessed:
        for key in ("bedomning", "bedomning_motivering"):
            answers.values.pop(key)
    return answers


def _deviation_investigation() -> deviations.InvestigationInput:
    cause = deviations.CauseInput("Schemat ändrades utan avstämning", "verksamhet")
    return deviations.InvestigationInput(date.today(), causes=[cause])


@dataclass(frozen=True)
class Case:
    """How to try an action as ``ctx``; ``needs``: further actions the try needs too."""

    attempt: Callable[[World, Context], Any]
    needs: tuple[str, ...] = ()


def _decision(ctx: Context) -> risk.DecisionInput:
    return risk.DecisionInput(
        "Rutin för förflyttning införs.",
        ctx.actor.id,
        date.today(),
        date.today() + timedelta(days=90),
    )


def _renamed_analysis(w: World, ctx: Context) -> Any:
    view = risk.get_analysis(w.admin, w.analysis())
    data = view.to_input()
    data.title += " (ändrad)"
    return risk.save_analysis(ctx, data, view.id)


def _renamed_measure(w: World, ctx: Context) -> Any:
    view = measures.get_measure(w.admin, w.measure())
    data = view.to_input()
    data.title += " (ändrad)"
    return measures.update_measure(ctx, view.id, data)


def _saved_plan(w: World, ctx: Context) -> Any:
    return exports.save_report(
        ctx,
        w.folder / f"atgardsplan-{w.next()}.pdf",
        render_report(build_report(ctx, "atgardsplan", unit_id=w.home)),
        report="atgardsplan",
        unit_id=w.home,
    )


def _imported(w: World, ctx: Context) -> Any:
    """A sheet of one avvikelse in the home unit, imported (a new row each time)."""
    n = w.next()
    path = w.folder / f"avvikelser-{n}.csv"
    path.write_text(
        f"Datum;Enhet;Rubrik;Beskrivning\n2025-01-02;Daglig verksamhet Solrosen;Fall {n};Föll\n",
        encoding="utf-8",
    )
    columns = {"Datum": "occurred_at", "Enhet": "unit_id", "Rubrik": "title"}
    mapping = ColumnMapping("avvikelse", {**columns, "Beskrivning": "description"})
    return SheetImport(ctx, target_of("avvikelse"), open_sheet(path), mapping).run()


def _complaint_input(w: World) -> complaints.ComplaintInput:
    return complaints.ComplaintInput(
        f"Synpunkt {w.next()}",
        w.home,
        date.today(),
        ComplaintChannel.LETTER,
        SubmitterType.RELATIVE,
        ComplaintKind.VIEW,
        "måltider",
        "Maten kommer kall.",
        submitter_name="Karin Berg",
    )


def _complaint(w: World, *, replied: bool = False) -> str:
    complaint_id = complaints.save_complaint(w.admin, _complaint_input(w)).id
    if replied:
        complaints.record_reply(w.admin, complaint_id, _complaint_reply())
    return complaint_id


def _complaint_reply() -> complaints.ReplyInput:
    return complaints.ReplyInput(date.today(), ReplyMethod.LETTER, "Köket ser över leveranserna.")


_QUARTER_DAYS = (date(2025, 1, 1), date(2025, 3, 31))


def _analysis_input(w: World) -> analyses.AnalysisInput:
    return analyses.AnalysisInput("Kvartalet", *_QUARTER_DAYS, w.home, None, "Text.", "Åtgärd.")


def _draft_analysis(w: World) -> str:
    return analyses.start_analysis(w.admin, _analysis_input(w)).id


_QUARTER = Period(*_QUARTER_DAYS)

CASES: dict[str, Case] = {
    "riskanalys.create": Case(
        lambda w, ctx: risk.save_analysis(ctx, risk.RiskAnalysisInput("Ny analys", w.home))
    ),
    "riskanalys.read": Case(lambda w, ctx: risk.get_analysis(ctx, w.analysis())),
    "riskanalys.update": Case(_renamed_analysis),
    "riskanalys.decide": Case(
        lambda w, ctx: risk.decide(ctx, w.analysis(assessed=True), _decision(ctx))
    ),
    "riskanalys.void": Case(lambda w, ctx: risk.archive_analysis(ctx, w.analysis(), "Dubblett")),
    "atgard.create": Case(
        lambda w, ctx: measures.create_measure(
            ctx, measures.MeasureInput("Ny åtgärd", w.home, None, ctx.actor.id, date.today())
        )
    ),
    "atgard.read": Case(lambda w, ctx: measures.get_measure(ctx, w.measure())),
    "atgard.update": Case(_renamed_measure),
    "atgard.void": Case(lambda w, ctx: measures.archive_measure(ctx, w.measure(), "Dubblett")),
    "uppfoljning.create": Case(lambda w, ctx: followups.plan_follow_up(ctx, w.measure(), w.plan())),
    "uppfoljning.read": Case(lambda w, ctx: followups.get_follow_up(ctx, w.follow_up())),
    "uppfoljning.update": Case(lambda w, ctx: followups.update_plan(ctx, w.follow_up(), w.plan())),
    "uppfoljning.void": Case(
        lambda w, ctx: followups.archive_follow_up(ctx, w.follow_up(), "Dubblett")
    ),
    "lexsarah.file": Case(
        lambda w, ctx: lexsarah.file_report(
            ctx, lexsarah.ReportInput("Larmet", report_answers(w.home, w.admin.actor.id))
        )
    ),
    "lexsarah.receive": Case(lambda w, ctx: lexsarah.receive(ctx, w.filed_case(), w.receipt())),
    "lexsarah.investigate": Case(
        lambda w, ctx: lexsarah.save_investigation(
            ctx, w.received_case(), _investigation(w, assessed=False)
        )
    ),
    "lexsarah.assess": Case(
        lambda w, ctx: lexsarah.save_investigation(
            ctx, w.received_case(), _investigation(w, assessed=True)
        ),
        needs=("lexsarah.investigate",),
    ),
    "lexsarah.notify": Case(
        lambda w, ctx: lexsarah.notify_ivo(
            ctx,
            w.received_case(serious=True),
            notification_answers(w.home, w.admin.actor.id, attached=False),
        )
    ),
    "lexsarah.close": Case(lambda w, ctx: lexsarah.close(ctx, w.assessed_as_nothing())),
    "lexsarah.read": Case(lambda w, ctx: lexsarah.get_case(ctx, w.received_case())),
    "lexsarah.count": Case(lambda w, ctx: lexsarah_counts.counts(ctx, _QUARTER)),
    "avvikelse.create": Case(
        lambda w, ctx: deviations.register(
            ctx,
            deviations.RegistrationInput(
                "Ny avvikelse", w.home, datetime.now() - timedelta(hours=1), "Besöket uteblev."
            ),
        )
    ),
    "avvikelse.read": Case(lambda w, ctx: deviations.get_deviation(ctx, w.deviation())),
    "avvikelse.investigate": Case(
        lambda w, ctx: deviations.save_investigation(ctx, w.deviation(), _deviation_investigation())
    ),
    "avvikelse.close": Case(
        lambda w, ctx: deviations.close(
            ctx, w.deviation(investigated=True), "Rutinen ändras.", date.today()
        )
    ),
    "avvikelse.void": Case(lambda w, ctx: deviations.void(ctx, w.deviation(), "Dubblett")),
    "egenkontroll.plan": Case(
        lambda w, ctx: selfinspection.save_plan_item(ctx, _self_inspection_item(w, ctx.actor.id))
    ),
    "egenkontroll.perform": Case(_performed_check),
    "egenkontroll.read": Case(lambda w, ctx: selfinspection.get_check(ctx, _planned_check(w))),
    "egenkontroll.void": Case(
        lambda w, ctx: selfinspection.archive_check(ctx, _planned_check(w), "Dubblett")
    ),
    "insatsforandring.create": Case(
        lambda w, ctx: changes.save_change(
            ctx, ChangeInput("Ny förändring", [w.home], ["besöksförbud"], date.today())
        )
    ),
    "insatsforandring.read": Case(lambda w, ctx: changes.get_change(ctx, w.change())),
    "insatsforandring.update": Case(
        lambda w, ctx: changes.add_person(
            ctx, w.change(), PersonInput(w.registered(f"UPD-{w.next()}"), w.home)
        )
    ),
    "insatsforandring.contact": Case(
        lambda w, ctx: changes.log_contact(
            ctx,
            w.affected(),
            ContactInput(date.today(), Phase.BEFORE, Channel.PHONE, WithWhom.PERSON, "Kim"),
        )
    ),
    "insatsforandring.close": Case(
        lambda w, ctx: changes.close_change(ctx, w.change(), ClosingInput(date.today(), "Lärdom"))
    ),
    "individuals.administer": Case(
        lambda w, ctx: individuals.save_individual(
            ctx, IndividualInput(f"REG-{w.next()}", w.home, "Hemtjänst")
        )
    ),
    "klagomal.register": Case(lambda w, ctx: complaints.save_complaint(ctx, _complaint_input(w))),
    "klagomal.read": Case(lambda w, ctx: complaints.get_complaint(ctx, _complaint(w))),
    "klagomal.handle": Case(
        lambda w, ctx: complaints.record_reply(ctx, _complaint(w), _complaint_reply())
    ),
    "klagomal.close": Case(
        lambda w, ctx: complaints.close_complaint(ctx, _complaint(w, replied=True), "Klart.")
    ),
    "klagomal.void": Case(
        lambda w, ctx: complaints.archive_complaint(ctx, _complaint(w), "Dubblett")
    ),
    "users.administer": Case(lambda w, ctx: organisation.list_users(ctx)),
    "organisation.administer": Case(
        lambda w, ctx: organisation.add_unit(ctx, w.area, f"Enhet {w.next()}")
    ),
    "settings.change": Case(lambda w, ctx: settings.set_confidentiality_line(ctx, "Sekretess")),
    "security.change": Case(lambda w, ctx: settings.set_auto_lock_minutes(ctx, 15)),
    "audit.read": Case(lambda w, ctx: audit_review.fetch(ctx, audit_review.AuditQuery())),
    # A measure of the unit the user does not belong to.
    "units.all": Case(
        lambda w, ctx: measures.get_measure(ctx, w.measure(w.other)), needs=("atgard.read",)
    ),
    "export": Case(_saved_plan, needs=("atgard.read",)),
    "backup": Case(lambda w, ctx: maintenance.backup(ctx, w.folder / f"kopia-{w.next()}.sqlite")),
    "gallring": Case(lambda w, ctx: gallring.plan(ctx)),
    # The world restored from a backup of itself made just before: it stays as it was.
    "restore": Case(lambda w, ctx: backups.restore(ctx, w.backup())),
    "import": Case(_imported, needs=("avvikelse.create",)),
    "analys.read": Case(lambda w, ctx: analyses.get_analysis(ctx, _draft_analysis(w))),
    "analys.write": Case(lambda w, ctx: analyses.start_analysis(ctx, _analysis_input(w))),
    "analys.sign": Case(lambda w, ctx: analyses.sign(ctx, _draft_analysis(w))),
    "analys.void": Case(lambda w, ctx: analyses.archive(ctx, _draft_analysis(w), "Fel period.")),
    "compilation.read": Case(lambda w, ctx: compilation.compile_period(ctx, *_QUARTER_DAYS)),
    "maintenance.check": Case(lambda w, ctx: maintenance.check(ctx)),
    "search.repair": Case(lambda w, ctx: search.repair_index(ctx)),
}


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    folder = tmp_path_factory.mktemp("walk")
    db = Database.open(folder / "kvalitet.sqlite")
    organisation.setup_municipality(
        db,
        organisation.SetupInput("Exempelå kommun", "212000-0142", "admin", "Åsa Administratör"),
    )
    admin = Context.for_login(db, "admin")
    areas = organisation.organisation_tree(admin)[0].areas
    home = organisation.add_unit(admin, areas[0].id, "Daglig verksamhet Solrosen")
    other = organisation.add_unit(admin, areas[1].id, "Hemtjänst Öster")
    built = World(admin, home, other, areas[0].id, folder)
    built.registered("SB-0312")  # the person the shared lex Sarah answers name
    for role, login in LOGINS.items():
        organisation.save_user(
            admin, organisation.UserInput(login, login.title(), None, [role], [home])
        )
        built.users[role] = Context.for_login(db, login)
    yield built
    db.close()


def _denied(ctx: Context) -> list[dict[str, Any]]:
    with ctx.reading() as session:
        rows = session.scalars(
            select(AuditEntry.changes)
            .where(AuditEntry.action == "denied", AuditEntry.user_login == ctx.actor.login)
            .order_by(AuditEntry.seq)
        ).all()
    return [json.loads(r) for r in rows]


def test_every_action_of_the_table_has_a_case() -> None:
    assert sorted(CASES) == sorted(a.key for a in TABLE.actions)


def _holds(role: Role, key: str) -> bool:
    return TABLE.allows({role}, TABLE.get(key))


@pytest.mark.parametrize("role", list(Role), ids=lambda r: LOGINS[r])
@pytest.mark.parametrize("action", TABLE.actions, ids=lambda a: a.key)
def test_the_cell(world: World, action: Action, role: Role) -> None:
    case = CASES[action.key]
    ctx = world.users[role]
    allowed = TABLE.allows({role}, action)
    # The case tries exactly this cell only if what else it needs goes with it.
    assert all(_holds(role, need) for need in case.needs) or not allowed, case.needs
    before = len(_denied(ctx))
    if allowed:
        case.attempt(world, ctx)
        assert len(_denied(ctx)) == before
        proof.record("Behörigheter", celler_tillåtna=1)
        return
    with pytest.raises(PermissionDenied):
        case.attempt(world, ctx)
    logged = _denied(ctx)[before:]
    proof.record("Behörigheter", celler_nekade=1, nekanden_loggade=int(len(logged) == 1))
    assert len(logged) == 1
    refused = logged[0]["action"]
    assert refused in {action.key, *case.needs} and not _holds(role, refused)
