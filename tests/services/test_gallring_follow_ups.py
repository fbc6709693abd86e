"""Gallring of follow-ups: what the individuals said, and who they were, goes; the ratings'
values, the dates and the effect stay for the statistics."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from kvalitet_desktop.domain.individuals import IndividualInput
from kvalitet_desktop.services import gallring, individuals
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.maintenance import check_database
from kvalitet_desktop.store.models import AuditEntry, Individual
from kvalitet_desktop.workflows.followups import service as followups
from kvalitet_desktop.workflows.followups.domain import Dimension, Effect, GatheredBy, Outcome
from kvalitet_desktop.workflows.followups.models import ExperienceRating, FollowUpVoice
from kvalitet_desktop.workflows.measures import service as measures

TODAY = date(2026, 6, 1)  # a five-year rule is due for what was carried out by 2021-06-01
SAID = "Tyckte att de nya tiderna gjorde kvällarna ensamma"


def _followed_up(ctx: Context, unit_id: str, performed: date) -> str:
    if "HT-4711" not in [e.code for e in individuals.register(ctx, unit_id)]:
        individuals.save_individual(ctx, IndividualInput("HT-4711", unit_id))
    measure = measures.create_measure(
        ctx, measures.MeasureInput("Nya besökstider", unit_id, None, ctx.actor.id, performed)
    )
    planned = followups.plan_follow_up(
        ctx, measure.id, followups.PlanInput(performed, None, ctx.actor.id)
    )
    voice = followups.VoiceInput(
        GatheredBy.CONVERSATION,
        "HT-4711",
        SAID,
        {Dimension.SAFETY: followups.RatingInput(2, "Orolig på nätterna")},
    )
    result = followups.ResultInput(
        performed, "Tiderna ändras igen", Effect.PARTLY, voices=[voice], outcome=Outcome.CLOSED
    )
    followups.record_result(ctx, planned.id, result)
    return planned.id


def test_an_old_follow_up_loses_its_voices_personal_data_and_keeps_the_figures(
    admin: Context, unit_id: str
) -> None:
    old = _followed_up(admin, unit_id, date(2020, 11, 3))
    recent = _followed_up(admin, unit_id, date(2024, 2, 1))

    plan = gallring.plan(admin, TODAY)
    [kind] = [k for k in plan.kinds if k.key == "uppfoljning"]
    assert [c.record_id for c in kind.candidates] == [old]  # the recent one is not yet due
    assert kind.candidates[0].closed_on == date(2020, 11, 3)
    result = gallring.run(admin, plan)

    assert result.records["uppfoljning"] == 1
    with admin.db.session() as session:
        voice = session.scalars(
            select(FollowUpVoice).where(FollowUpVoice.follow_up_id == old)
        ).one()
        assert (voice.individual_id, voice.comment) == (None, None)
        assert voice.gathered_by == GatheredBy.CONVERSATION.value
        rating = session.scalars(
            select(ExperienceRating).where(
                ExperienceRating.voice_id == voice.id,
                ExperienceRating.dimension == Dimension.SAFETY.value,
            )
        ).one()
        assert (rating.rating, rating.comment) == (2, None)
        kept = session.scalars(
            select(FollowUpVoice).where(FollowUpVoice.follow_up_id == recent)
        ).one()
        assert kept.comment == SAID and kept.individual_id is not None  # still linked: stays
        codes = session.scalars(select(Individual.code)).all()
        log = "\n".join(session.scalars(select(AuditEntry.changes)))
    assert "HT-4711" in codes  # the recent follow-up still names the person
    assert f'"{SAID}"' in log  # the recent one's entry; the old one's value is gone:
    assert log.count(SAID) == 1
    assert followups.get_follow_up(admin, old).effect == Effect.PARTLY.value
    assert check_database(admin.db).ok
    assert [k.candidates for k in gallring.plan(admin, TODAY).kinds if k.key == "uppfoljning"] in (
        [],
        [()],
        [[]],
    )
