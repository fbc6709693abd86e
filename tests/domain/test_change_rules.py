"""The one rule for when a person affected by a change is next due for a contact."""

from __future__ import annotations

from datetime import date

import pytest

from kvalitet_desktop.workflows.changes.domain import (
    ContactFacts,
    contact_interval,
    contact_overdue,
    next_contact_due,
)

START = date(2026, 3, 16)


def _facts(**changes: object) -> ContactFacts:
    base: dict[str, object] = {"starts_on": START, "interval_days": 14}
    base.update(changes)
    return ContactFacts(**base)  # type: ignore[arg-type]


def test_before_any_contact_the_first_is_due_by_the_start() -> None:
    assert next_contact_due(_facts()) == START


def test_after_a_contact_the_chosen_interval_follows() -> None:
    assert next_contact_due(_facts(last_contact_on=date(2026, 3, 10))) == date(2026, 3, 24)


@pytest.mark.parametrize(
    ("probability", "consequence", "days"),
    [(1, 1, 14), (2, 3, 14), (2, 4, 7), (3, 3, 7), (3, 4, 3), (4, 4, 3)],
)
def test_higher_risk_shortens_the_interval(probability: int, consequence: int, days: int) -> None:
    facts = _facts(last_contact_on=START, probability=probability, consequence=consequence)
    assert (next_contact_due(facts) - START).days == days  # type: ignore[operator]


def test_one_who_paused_their_insats_is_contacted_twice_as_often() -> None:
    assert next_contact_due(_facts(last_contact_on=START, paused_self=True)) == date(2026, 3, 23)
    assert contact_interval(14, 16, True) == 2  # never under two days
    assert contact_interval(3, None, True) == 2


def test_an_attempt_that_reached_no_one_is_repeated_within_a_week() -> None:
    facts = _facts(last_contact_on=START, last_reached=False, interval_days=30)
    assert next_contact_due(facts) == date(2026, 3, 23)


def test_an_agreed_next_contact_comes_first_when_it_is_earlier() -> None:
    earlier = _facts(last_contact_on=START, agreed_next_on=date(2026, 3, 20))
    later = _facts(last_contact_on=START, agreed_next_on=date(2026, 5, 1))
    assert next_contact_due(earlier) == date(2026, 3, 20)
    assert next_contact_due(later) == date(2026, 3, 30)


def test_no_contact_is_due_once_settled_and_overdue_means_the_day_has_passed() -> None:
    assert next_contact_due(_facts(settled=True)) is None
    assert not contact_overdue(None, START)
    assert not contact_overdue(START, START)
    assert contact_overdue(START, date(2026, 3, 17))


def test_someone_whose_insats_began_after_the_change_started_is_due_a_week_later() -> None:
    start = date(2026, 10, 22)
    late = ContactFacts(start, 14, insats_from=date(2026, 11, 16))
    assert next_contact_due(late) == date(2026, 11, 23)
    early = ContactFacts(start, 14, insats_from=date(2025, 1, 1))
    assert next_contact_due(early) == start
    assert next_contact_due(ContactFacts(start, 14)) == start
