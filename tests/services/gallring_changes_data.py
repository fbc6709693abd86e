"""A förändring closed years ago, with two people affected, contacts and a follow-up: the
input of the gallring tests of the kind (service and command line)."""

from __future__ import annotations

from datetime import date

from kvalitet_desktop.domain.individuals import IndividualInput
from kvalitet_desktop.services import individuals
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.workflows.changes import service as changes
from kvalitet_desktop.workflows.changes.domain import (
    ChangeInput,
    Channel,
    ClosingInput,
    ContactInput,
    FollowUpInput,
    NeedsMet,
    PersonInput,
    Phase,
    WithWhom,
)

START, CLOSED = date(2021, 3, 1), date(2021, 9, 30)
SAID = "SOL-21 berättade att hon saknar sina vänner och sover dåligt."
WISH = "Vill ha promenader två gånger i veckan med sin kontaktperson."
PLAN = "Promenader tisdag och torsdag; telefonsamtal varje fredag."


def closed_change(ctx: Context, unit_id: str) -> str:
    individuals.save_individual(ctx, IndividualInput("SOL-21", unit_id, "Daglig verksamhet"))
    left = individuals.save_individual(ctx, IndividualInput("SOL-22", unit_id))
    change = changes.save_change(
        ctx,
        ChangeInput(
            "Solrosen stängs under pandemin",
            [unit_id],
            ["stängning av verksamhet"],
            START,
            reason="Smittspridning i kommunen",
        ),
        today=START,
    )
    kept = changes.add_person(
        ctx,
        change.id,
        PersonInput(
            "SOL-21",
            unit_id,
            what_changes_for_them="Ingen daglig verksamhet",
            probability=3,
            consequence=3,
            risks=["isolering"],
            plan=PLAN,
            representative="Dottern Eva",
            contact_preference="Telefon efter lunch",
        ),
        today=START,
    )
    changes.log_contact(
        ctx,
        kept.id,
        ContactInput(
            START,
            Phase.BEFORE,
            Channel.PHONE,
            WithWhom.PERSON,
            "Kim Ek",
            said=SAID,
            took_part=True,
            wishes=WISH,
        ),
        today=START,
    )
    changes.record_follow_up(
        ctx,
        kept.id,
        FollowUpInput(date(2021, 9, 1), NeedsMet.YES, {"trygghet": 4}, "Mår bättre nu."),
        today=date(2021, 9, 1),
    )
    gone = changes.add_person(ctx, change.id, PersonInput("SOL-22", unit_id), today=START)
    changes.log_contact(
        ctx,
        gone.id,
        ContactInput(START, Phase.BEFORE, Channel.VISIT, WithWhom.RELATIVE, "Kim Ek", said=SAID),
        today=START,
    )
    changes.record_follow_up(
        ctx, gone.id, FollowUpInput(date(2021, 9, 1), NeedsMet.PARTLY), today=date(2021, 9, 1)
    )
    individuals.remove_individual(ctx, left.id, "Flyttat från kommunen")
    changes.close_change(
        ctx, change.id, ClosingInput(CLOSED, "Ring alla före en stängning."), today=CLOSED
    )
    return change.id
