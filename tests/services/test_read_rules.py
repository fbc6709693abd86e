"""A kind's rules kept as a setting: stored ones are read; none, or a damaged one, gives the
defaults and never stops the program."""

from __future__ import annotations

import json

import pytest

from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.settings import read_rules
from kvalitet_desktop.store.models import Setting
from kvalitet_desktop.workflows.deviations.domain import DeadlineRules

KEY = "prov_tidsfrister"


def _store(admin: Context, value: object) -> None:
    with admin.unit_of_work() as uow:
        uow.session.add(Setting(key=KEY, value=json.dumps(value)))


def test_none_stored_gives_the_default(admin: Context) -> None:
    with admin.reading() as session:
        assert read_rules(session, KEY, DeadlineRules.from_dict, DeadlineRules()) == (
            DeadlineRules()
        )


def test_stored_rules_are_read(admin: Context) -> None:
    _store(admin, {"start_within_days": 5, "close_within_days": 40, "remind_days_before": 2})
    with admin.reading() as session:
        rules = read_rules(session, KEY, DeadlineRules.from_dict, DeadlineRules())
    assert (rules.start_within_days, rules.close_within_days) == (5, 40)


@pytest.mark.parametrize("damaged", [["lista"], {"start_within_days": "tre"}, "text"])
def test_a_damaged_setting_gives_the_default(admin: Context, damaged: object) -> None:
    _store(admin, damaged)
    with admin.reading() as session:
        assert read_rules(session, KEY, DeadlineRules.from_dict, DeadlineRules()) == (
            DeadlineRules()
        )
