"""The gallring rule's domain: the period's bounds and the last closing date that is due."""

from __future__ import annotations

from datetime import date

import pytest

from kvalitet_desktop import registry
from kvalitet_desktop.domain.errors import ValidationFailed
from kvalitet_desktop.domain.retention import MAX_YEARS, MIN_YEARS, cutoff, validate_years


def test_the_cutoff_is_whole_years_back() -> None:
    assert cutoff(date(2026, 6, 1), 5) == date(2021, 6, 1)
    assert cutoff(date(2028, 2, 29), 1) == date(2027, 2, 28)  # no 29 February that year


@pytest.mark.parametrize("years", [MIN_YEARS, 5, MAX_YEARS])
def test_periods_in_range_are_accepted(years: int) -> None:
    assert validate_years(years) == years


@pytest.mark.parametrize("years", [0, -1, MAX_YEARS + 1, "5", 5.0, True, None])
def test_other_periods_are_refused_at_the_field(years: object) -> None:
    with pytest.raises(ValidationFailed) as caught:
        validate_years(years)
    assert caught.value.for_field("years")


def test_every_rule_says_what_goes_and_what_stays() -> None:
    rules = [k.retention for k in registry.KINDS if k.retention]
    assert rules
    for rule in rules:
        assert rule.personal and rule.kept and rule.closed_when
        assert MIN_YEARS <= rule.default_years <= MAX_YEARS
