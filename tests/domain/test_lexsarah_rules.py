"""The lex Sarah rules without a database: the transition table, the months and the
deadlines of a case in each status."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from kvalitet_desktop.domain.errors import RuleViolation
from kvalitet_desktop.workflows.lexsarah.domain import (
    REFUSALS,
    TRANSITIONS,
    CaseAction,
    CaseStatus,
    DeadlineKey,
    DeadlineRules,
    PlainCaseFacts,
    Seriousness,
    add_months,
    check_transition,
    deadlines,
    is_serious_case,
)

S, A = CaseStatus, CaseAction
ALLOWED = [
    (S.REPORTED, A.RECEIVE, S.RECEIVED),
    (S.RECEIVED, A.INVESTIGATE, S.INVESTIGATING),
    (S.INVESTIGATING, A.INVESTIGATE, S.INVESTIGATING),
    (S.RECEIVED, A.NOTIFY_IVO, S.RECEIVED),
    (S.INVESTIGATING, A.NOTIFY_IVO, S.INVESTIGATING),
    (S.CLOSED, A.NOTIFY_IVO, S.CLOSED),
    (S.RECEIVED, A.SEND_INVESTIGATION, S.RECEIVED),
    (S.INVESTIGATING, A.SEND_INVESTIGATION, S.INVESTIGATING),
    (S.CLOSED, A.SEND_INVESTIGATION, S.CLOSED),
    (S.RECEIVED, A.CLOSE, S.CLOSED),
    (S.INVESTIGATING, A.CLOSE, S.CLOSED),
    (S.CLOSED, A.WRITE_LEARNING, S.CLOSED),
    (S.CLOSED, A.REOPEN, S.INVESTIGATING),
]
REFUSED = [
    (S.RECEIVED, A.RECEIVE, "Rapporten är redan mottagen."),
    (S.INVESTIGATING, A.RECEIVE, "Rapporten är redan mottagen."),
    (S.CLOSED, A.RECEIVE, "Rapporten är redan mottagen."),
    (S.REPORTED, A.INVESTIGATE, "Utredningen kan bara skrivas i ett mottaget ärende"),
    (S.CLOSED, A.INVESTIGATE, "Utredningen kan bara skrivas i ett mottaget ärende"),
    (S.REPORTED, A.NOTIFY_IVO, "Rapporten måste tas emot innan ärendet kan anmälas"),
    (S.REPORTED, A.SEND_INVESTIGATION, "Rapporten måste tas emot innan utredningen"),
    (S.REPORTED, A.CLOSE, "Rapporten måste tas emot innan ärendet kan avslutas."),
    (S.CLOSED, A.CLOSE, "Ärendet är redan avslutat."),
    (S.REPORTED, A.WRITE_LEARNING, "Lärandematerial görs för avslutade ärenden."),
    (S.RECEIVED, A.WRITE_LEARNING, "Lärandematerial görs för avslutade ärenden."),
    (S.INVESTIGATING, A.WRITE_LEARNING, "Lärandematerial görs för avslutade ärenden."),
    (S.REPORTED, A.REOPEN, "Ärendet är inte avslutat"),
    (S.RECEIVED, A.REOPEN, "Ärendet är inte avslutat"),
    (S.INVESTIGATING, A.REOPEN, "Ärendet är inte avslutat"),
]


@pytest.mark.parametrize(("status", "action", "after"), ALLOWED)
def test_allowed_transitions(status: CaseStatus, action: CaseAction, after: CaseStatus) -> None:
    assert check_transition(status, action) is after


@pytest.mark.parametrize(("status", "action", "message"), REFUSED)
def test_refused_transitions(status: CaseStatus, action: CaseAction, message: str) -> None:
    with pytest.raises(RuleViolation, match=message):
        check_transition(status, action)


def test_every_status_and_action_is_either_allowed_or_refused() -> None:
    pairs = {(s, a) for s in CaseStatus for a in CaseAction}
    assert set(TRANSITIONS) | set(REFUSALS) == pairs
    assert not set(TRANSITIONS) & set(REFUSALS)
    assert len(ALLOWED) + len(REFUSED) == len(pairs)


def test_seriousness() -> None:
    assert [s for s in Seriousness if s.is_serious] == [
        Seriousness.SERIOUS,
        Seriousness.SERIOUS_RISK,
    ]
    assert is_serious_case(True, None)
    assert is_serious_case(None, Seriousness.SERIOUS_RISK)
    assert not is_serious_case(False, Seriousness.MISCONDUCT)
    assert not is_serious_case(None, None)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),  # leap year
        (date(2026, 2, 28), 2, date(2026, 4, 28)),
        (date(2028, 2, 29), 12, date(2029, 2, 28)),
        (date(2026, 12, 15), 2, date(2027, 2, 15)),
        (date(2026, 12, 31), 1, date(2027, 1, 31)),
        (date(2026, 11, 30), 2, date(2027, 1, 30)),
    ],
)
def test_add_months(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


def test_day_targets_count_calendar_days_over_weekends_and_month_ends() -> None:
    rules = DeadlineRules(start_within_days=2, finish_within_days=28)
    friday = date(2026, 1, 30)
    assert rules.start_due(friday) == date(2026, 2, 1)  # a Sunday: no moving to Monday
    assert rules.finish_due(friday) == date(2026, 2, 27)
    assert rules.finish_due(date(2026, 12, 20)) == date(2027, 1, 17)
    assert rules.ivo_investigation_due(date(2026, 12, 31)) == date(2027, 2, 28)


REPORTED = PlainCaseFacts(
    status=S.REPORTED,
    reported_at=datetime(2026, 3, 2, 9, 15),
    start_due=None,
    finish_due=None,
    investigation_started_on=None,
    seriousness=None,
    ivo_notified_on=None,
    ivo_investigation_due=None,
    investigation_sent_to_ivo_on=None,
)
RECEIVED = replace(
    REPORTED, status=S.RECEIVED, start_due=date(2026, 3, 4), finish_due=date(2026, 3, 30)
)
INVESTIGATING = replace(RECEIVED, status=S.INVESTIGATING, investigation_started_on=date(2026, 3, 3))
NOTIFIED = replace(
    INVESTIGATING,
    seriousness=Seriousness.SERIOUS,
    ivo_notified_on=date(2026, 3, 10),
    ivo_investigation_due=date(2026, 5, 10),
)


def _open(facts: PlainCaseFacts, today: date) -> dict[DeadlineKey, tuple[date | None, bool]]:
    """The deadlines not done: key -> (due, late)."""
    return {d.key: (d.due, d.late) for d in deadlines(facts, today) if not d.done}


def test_a_reported_case_is_to_be_received_the_same_day() -> None:
    assert _open(REPORTED, date(2026, 3, 2)) == {
        DeadlineKey.RECEIPT: (date(2026, 3, 2), False),
        DeadlineKey.START: (None, False),
        DeadlineKey.FINISH: (None, False),
    }
    assert _open(REPORTED, date(2026, 3, 3))[DeadlineKey.RECEIPT] == (date(2026, 3, 2), True)


def test_a_received_case_is_to_be_started_and_finished() -> None:
    assert _open(RECEIVED, date(2026, 3, 4)) == {
        DeadlineKey.START: (date(2026, 3, 4), False),
        DeadlineKey.FINISH: (date(2026, 3, 30), False),
    }
    assert _open(RECEIVED, date(2026, 3, 5))[DeadlineKey.START] == (date(2026, 3, 4), True)


def test_an_investigation_is_done_only_when_it_is_completed() -> None:
    assert _open(INVESTIGATING, date(2026, 3, 31)) == {
        DeadlineKey.FINISH: (date(2026, 3, 30), True)
    }
    # An assessment in a draft does not finish the investigation; closing does.
    assessed = replace(INVESTIGATING, seriousness=Seriousness.MISCONDUCT)
    assert _open(assessed, date(2026, 3, 31)) == {DeadlineKey.FINISH: (date(2026, 3, 30), True)}
    assert _open(replace(assessed, status=S.CLOSED), date(2026, 3, 31)) == {}


def test_a_notified_case_must_send_its_investigation_to_ivo() -> None:
    assert _open(NOTIFIED, date(2026, 5, 11)) == {
        DeadlineKey.FINISH: (date(2026, 3, 30), True),
        DeadlineKey.IVO: (date(2026, 5, 10), True),
    }
    sent = replace(NOTIFIED, investigation_sent_to_ivo_on=date(2026, 4, 1))
    assert _open(sent, date(2026, 5, 11)) == {}
    keys = [d.key for d in deadlines(REPORTED, date(2026, 3, 2))]
    assert DeadlineKey.IVO not in keys  # the IVO deadline exists once IVO is notified


def test_a_closed_case_has_nothing_left_to_do() -> None:
    closed = replace(NOTIFIED, status=S.CLOSED)
    assert _open(closed, date(2027, 1, 1)) == {}


def test_the_apt_check_finds_personnummer_the_shared_detector_finds() -> None:
    from kvalitet_desktop.workflows.lexsarah.domain import identifying_problem

    problem = identifying_problem("Brukaren 19121212 - 1212 föll.", [], [])
    assert problem is not None and "19121212 - 1212" in problem
    assert identifying_problem("Koden T121212-1212 stod på dörren.", [], [])
    assert identifying_problem("Mötet hölls 2026-03-02.", [], []) is None
