"""Klagomål rules: every (status, action) of the transition table, the reply due date and the
response time (no reply yet, the same day, across month and year ends), the reply target."""

from __future__ import annotations

from datetime import date

import pytest

from kvalitet_desktop.domain.errors import RuleViolation
from kvalitet_desktop.domain.transitions import Refused
from kvalitet_desktop.workflows.complaints.domain import (
    CLOSE_WITHOUT_REPLY,
    TRANSITIONS,
    ComplaintAction,
    ComplaintStatus,
    ReplyTarget,
    SubmitterType,
    check_complaint_transition,
    close_problem,
    reply_due,
    reply_overdue,
    response_days,
)

S, A = ComplaintStatus, ComplaintAction
ALLOWED = {
    (S.RECEIVED, A.SAVE): S.RECEIVED,
    (S.RECEIVED, A.INVESTIGATE): S.INVESTIGATING,
    (S.RECEIVED, A.REPLY): S.REPLIED,
    (S.RECEIVED, A.CLOSE): S.CLOSED,
    (S.RECEIVED, A.ARCHIVE): S.RECEIVED,
    (S.INVESTIGATING, A.SAVE): S.INVESTIGATING,
    (S.INVESTIGATING, A.INVESTIGATE): S.INVESTIGATING,
    (S.INVESTIGATING, A.REPLY): S.REPLIED,
    (S.INVESTIGATING, A.CLOSE): S.CLOSED,
    (S.INVESTIGATING, A.ARCHIVE): S.INVESTIGATING,
    (S.REPLIED, A.SAVE): S.REPLIED,
    (S.REPLIED, A.INVESTIGATE): S.REPLIED,
    (S.REPLIED, A.REPLY): S.REPLIED,
    (S.REPLIED, A.CLOSE): S.CLOSED,
    (S.REPLIED, A.ARCHIVE): S.REPLIED,
    (S.CLOSED, A.REOPEN): S.INVESTIGATING,
    (S.CLOSED, A.ARCHIVE): S.CLOSED,
}
PAIRS = [(s, a) for s in ComplaintStatus for a in ComplaintAction]


def test_the_table_names_every_pair() -> None:
    assert set(TRANSITIONS.rules) == set(PAIRS)


@pytest.mark.parametrize(("status", "action"), PAIRS, ids=lambda v: str(v))
def test_each_pair_is_allowed_or_refused_with_a_reason(
    status: ComplaintStatus, action: ComplaintAction
) -> None:
    if (status, action) in ALLOWED:
        assert check_complaint_transition(status, action) is ALLOWED[(status, action)]
        return
    outcome = TRANSITIONS.outcome(status, action)
    assert isinstance(outcome, Refused) and outcome.message
    with pytest.raises(RuleViolation):
        check_complaint_transition(status, action)


@pytest.mark.parametrize("action", list(ComplaintAction))
def test_an_archived_complaint_refuses_everything(action: ComplaintAction) -> None:
    with pytest.raises(RuleViolation, match="makulerat"):
        check_complaint_transition(S.RECEIVED, action, archived=True)


def test_a_closed_complaint_is_changed_only_after_reopening() -> None:
    for action in (A.SAVE, A.INVESTIGATE, A.REPLY):
        with pytest.raises(RuleViolation, match="Öppna det igen"):
            check_complaint_transition(S.CLOSED, action)


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (date(2026, 3, 2), date(2026, 3, 16)),
        (date(2026, 1, 31), date(2026, 2, 14)),  # a month end
        (date(2026, 2, 20), date(2026, 3, 6)),  # February's 28 days
        (date(2024, 2, 20), date(2024, 3, 5)),  # a leap year's 29
        (date(2026, 12, 25), date(2027, 1, 8)),  # the year's end
    ],
)
def test_the_reply_is_due_fourteen_calendar_days_after_receipt(received: date, due: date) -> None:
    assert reply_due(received, SubmitterType.RELATIVE, ReplyTarget()) == due


def test_an_anonymous_submitter_has_no_reply_due() -> None:
    assert reply_due(date(2026, 3, 2), SubmitterType.ANONYMOUS, ReplyTarget()) is None
    assert close_problem(SubmitterType.ANONYMOUS, None) is None
    assert close_problem(SubmitterType.USER, None) == CLOSE_WITHOUT_REPLY
    assert close_problem(SubmitterType.USER, date(2026, 3, 3)) is None


def test_the_target_is_configurable() -> None:
    assert reply_due(date(2026, 1, 31), SubmitterType.USER, ReplyTarget(30, 5)) == date(2026, 3, 2)


@pytest.mark.parametrize(
    ("received", "replied", "days"),
    [
        (date(2026, 3, 2), None, None),  # no reply yet
        (date(2026, 3, 2), date(2026, 3, 2), 0),  # the same day
        (date(2026, 1, 30), date(2026, 2, 2), 3),  # across a month end
        (date(2024, 2, 28), date(2024, 3, 1), 2),  # over a leap day
        (date(2026, 12, 30), date(2027, 1, 4), 5),  # across the year's end
    ],
)
def test_response_time(received: date, replied: date | None, days: int | None) -> None:
    assert response_days(received, replied) == days


def test_overdue_only_while_open_and_unanswered() -> None:
    due = date(2026, 3, 16)
    assert not reply_overdue(S.RECEIVED, due, None, date(2026, 3, 16))  # the due day itself
    assert reply_overdue(S.RECEIVED, due, None, date(2026, 3, 17))
    assert reply_overdue(S.INVESTIGATING, due, None, date(2026, 3, 17))
    assert not reply_overdue(S.REPLIED, due, date(2026, 3, 20), date(2026, 3, 21))
    assert not reply_overdue(S.CLOSED, due, None, date(2026, 4, 1))
    assert not reply_overdue(S.RECEIVED, None, None, date(2030, 1, 1))  # anonymous


@pytest.mark.parametrize(
    ("stored", "read"),
    [
        (None, ReplyTarget()),
        ({"days": 21, "remind_days": 5}, ReplyTarget(21, 5)),
        ({"days": 0, "remind_days": 0}, ReplyTarget()),
        ({"days": "14"}, ReplyTarget()),
        ({"days": 7}, ReplyTarget(7, 3)),
        ({"days": 2, "remind_days": 9}, ReplyTarget()),
        ([1, 2], ReplyTarget()),
    ],
)
def test_a_damaged_target_setting_falls_back_to_the_default(
    stored: object, read: ReplyTarget
) -> None:
    assert ReplyTarget.from_dict(stored) == read


def test_a_target_out_of_range_says_why() -> None:
    assert ReplyTarget(0, 0).problem()
    assert ReplyTarget(14, 15).problem()
    assert ReplyTarget(366, 0).problem()
    assert ReplyTarget(14, 3).problem() is None
