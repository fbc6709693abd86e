"""The shared input rules: lengths, forbidden characters, NFC, the date range, date order and
personnummer in free text."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

import pytest

from kvalitet_desktop.domain.errors import ValidationFailed
from kvalitet_desktop.domain.organisation import valid_individual_code
from kvalitet_desktop.domain.text_rules import (
    TextKind,
    clean_input,
    clean_text,
    date_problem,
    not_future_problem,
    order_problem,
    personal_number_problem,
    personal_numbers,
    text_problem,
)


def _with_check_digit(nine: str) -> str:
    """The ten digits of ``nine`` and its Luhn check digit."""
    total = 0
    for position, char in enumerate(nine):
        value = int(char) * (2 if position % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return nine + str((10 - total % 10) % 10)


@pytest.mark.parametrize("kind", list(TextKind))
def test_exactly_the_limit_passes_and_one_more_is_refused_naming_the_limit(kind: TextKind) -> None:
    assert text_problem("a" * kind.limit, kind) is None
    problem = text_problem("a" * (kind.limit + 1), kind)
    assert problem is not None
    assert f"högst {kind.limit} tecken" in problem


def test_the_limits_are_stated() -> None:
    assert TextKind.LONG.limit == 100_000
    assert TextKind.SHORT.limit < TextKind.MEDIUM.limit < TextKind.LONG.limit


def test_the_length_is_counted_after_nfc() -> None:
    decomposed = "a\u030a" * TextKind.SHORT.limit  # "å" typed as a + ring: one letter in NFC
    assert text_problem(decomposed, TextKind.SHORT) is None


@pytest.mark.parametrize("kind", list(TextKind))
def test_nul_is_refused_everywhere(kind: TextKind) -> None:
    assert "NUL" in (text_problem("före\x00efter", kind) or "")


@pytest.mark.parametrize("char", ["\x01", "\x07", "\x1b", "\x7f", "\x85", "\x9f", "\x0b", "\x0c"])
@pytest.mark.parametrize("kind", list(TextKind))
def test_control_characters_are_refused_with_their_position(char: str, kind: TextKind) -> None:
    problem = text_problem(f"ab{char}", kind)
    assert problem is not None and "styrtecken" in problem and "position 3" in problem


@pytest.mark.parametrize("char", ["\n", "\t", "\r\n"])
def test_line_breaks_and_tabs_only_in_texts_of_several_lines(char: str) -> None:
    assert text_problem(f"rad ett{char}rad två", TextKind.LONG) is None
    assert text_problem(f"rad ett{char}rad två", TextKind.MEDIUM) is None
    assert "en rad" in (text_problem(f"rad{char}två", TextKind.SHORT) or "")
    assert "en rad" in (text_problem(f"rad{char}två", TextKind.CODE) or "")


@pytest.mark.parametrize("lone", ["\ud800", "\udfff", "x\udc80y"])
def test_unpaired_surrogates_are_refused(lone: str) -> None:
    assert "trasigt tecken" in (text_problem(lone, TextKind.LONG) or "")


def test_emoji_and_right_to_left_text_pass() -> None:
    assert text_problem("Bra möte 👍🏽 مرحبا שלום", TextKind.SHORT) is None


def test_a_text_is_stored_as_nfc() -> None:
    assert clean_text("title", "A\u030bsa", TextKind.SHORT) == "A\u030bsa"  # no composed form
    assert clean_text("title", "a\u030a", TextKind.SHORT) == "å"


def test_a_refused_text_names_its_field() -> None:
    with pytest.raises(ValidationFailed) as caught:
        clean_text("title", "x" * 201, TextKind.SHORT)
    assert "högst 200 tecken" in caught.value.for_field("title")[0]


@pytest.mark.parametrize(
    ("day", "ok"),
    [
        (date(1899, 12, 31), False),
        (date(1900, 1, 1), True),
        (date(2100, 12, 31), True),
        (date(2101, 1, 1), False),
        (date(1, 1, 1), False),
        (date(9999, 12, 31), False),
        (datetime(2100, 12, 31, 23, 59), True),
        (datetime(1899, 12, 31, 23, 59), False),
    ],
)
def test_dates_lie_between_1900_and_2100(day: date, ok: bool) -> None:
    problem = date_problem(day)
    assert (problem is None) is ok
    if not ok:
        assert problem is not None
        assert "1900-01-01" in problem and "2100-12-31" in problem


@pytest.mark.parametrize("wrong", ["2024-01-01", 20240101, None, 1.5])
def test_what_is_not_a_date_is_refused(wrong: object) -> None:
    assert "Ogiltigt datum" in (date_problem(wrong) or "")


def test_an_order_refusal_names_both_dates() -> None:
    message = "Klart {later} kan inte ligga före start {earlier}."
    problem = order_problem(date(2025, 3, 10), date(2025, 3, 9), message)
    assert problem == "Klart 2025-03-09 kan inte ligga före start 2025-03-10."
    assert order_problem(date(2025, 3, 10), date(2025, 3, 10), message) is None
    assert order_problem(None, date(2025, 3, 9), message) is None


def test_a_day_after_today_is_refused_naming_both() -> None:
    message = "{day} är efter {today}."
    assert not_future_problem(date(2025, 1, 2), date(2025, 1, 1), message) == (
        "2025-01-02 är efter 2025-01-01."
    )
    assert not_future_problem(date(2025, 1, 1), date(2025, 1, 1), message) is None


# --- personnummer ---------------------------------------------------------------------------

VALID = "121212-1212"  # a well-known test number with a right check digit


@pytest.mark.parametrize(
    "written",
    [
        "121212-1212",
        "1212121212",
        "121212+1212",  # over a hundred years old
        "19121212-1212",
        "191212121212",
        "121212 1212",
    ],
)
def test_personnummer_is_found_in_every_way_of_writing_it(written: str) -> None:
    assert personal_numbers(f"Brukaren {written} föll i hallen.") == [written]


def test_a_wrong_check_digit_is_not_a_personnummer() -> None:
    assert personal_numbers("Ärende 121212-1213 och 1212121219") == []


def test_an_impossible_date_of_birth_is_not_a_personnummer() -> None:
    number = _with_check_digit("991399123")  # month 13
    assert personal_numbers(number) == []


def test_samordningsnummer_has_the_day_plus_sixty() -> None:
    number = _with_check_digit("121272121")  # born on the 12th: 12 + 60
    assert personal_numbers(f"{number[:6]}-{number[6:]}") == [f"{number[:6]}-{number[6:]}"]
    impossible = _with_check_digit("121292121")  # day 32
    assert personal_numbers(impossible) == []


def test_longer_digit_runs_are_not_taken_apart() -> None:
    assert personal_numbers("Dnr 1121212121212") == []


@pytest.mark.parametrize("code", ["PNR-19121212-1212", "T121212-1212", "X1212121212"])
def test_a_personnummer_behind_a_prefix_is_found_and_is_no_code(code: str) -> None:
    assert personal_numbers(code)
    assert not valid_individual_code(code)


def test_pseudonymous_codes_still_pass() -> None:
    assert valid_individual_code("SOL-014")
    assert valid_individual_code("T-2024-17")


def test_the_warning_names_what_it_found() -> None:
    problem = personal_number_problem("Se 121212-1212.")
    assert problem is not None and "”121212-1212”" in problem
    assert personal_number_problem("Inget nummer här, 2024-01-01.") is None
    assert personal_number_problem(None) is None


# --- whole inputs ---------------------------------------------------------------------------


class Colour(StrEnum):
    RED = "röd"


@dataclass
class Inner:
    name: str


@dataclass
class Sample:
    title: str
    note: str | None = None
    day: date | None = None
    count: int | None = None
    colour: Colour = Colour.RED
    items: list[Inner] = field(default_factory=list)


def test_clean_input_normalises_and_keeps_what_is_right() -> None:
    data = Sample("a\u030a", "rad\nrad", date(2024, 1, 1), 3, Colour.RED, [Inner("e\u0301")])
    cleaned = clean_input(data, {"title": TextKind.SHORT, "items.name": TextKind.SHORT})
    assert cleaned.title == "å" and cleaned.items[0].name == "é"
    assert cleaned.note == "rad\nrad" and cleaned.day == date(2024, 1, 1)


def test_clean_input_names_every_field_at_once() -> None:
    data = Sample(
        "x" * 201,
        "\x00",
        date(1899, 12, 31),
        "abc",  # type: ignore[arg-type]
        "blå",  # type: ignore[arg-type]
        [Inner("ny\nrad")],
    )
    with pytest.raises(ValidationFailed) as caught:
        clean_input(data, {"title": TextKind.SHORT, "items.name": TextKind.SHORT})
    fields = {e.field for e in caught.value.errors}
    assert fields == {"title", "note", "day", "count", "colour", "items.name"}
    assert "heltal" in caught.value.for_field("count")[0]


def test_clean_input_refuses_wrong_types_in_text_and_date_fields() -> None:
    data = Sample(12, day="2024-01-01")  # type: ignore[arg-type]
    with pytest.raises(ValidationFailed) as caught:
        clean_input(data, {})
    assert caught.value.for_field("title") == ["Ogiltigt värde: här ska stå en text."]
    assert "Ogiltigt datum" in caught.value.for_field("day")[0]


def test_an_enum_given_as_its_text_becomes_the_enum() -> None:
    data = Sample("t", colour="röd")  # type: ignore[arg-type]
    assert clean_input(data, {}).colour is Colour.RED
