"""The reliability proof, with figures measured in this run (issue 9).

Tests that put the program through faults add what they counted::

    import proof
    proof.record("Krasch", kills=200, damaged=0, lost=0)

Figures with the same name add up across tests. At the end of the run one table, "Bevis:
tillförlitlighet", lists every area with its figures; the tests themselves assert the zeros, so
a figure printed here is one that held. A test that did not run (deselected, skipped) adds
nothing, and an area none of its tests reached is listed as not measured.
"""

from __future__ import annotations

import textwrap
from collections import Counter

import pytest

# The areas in the order the issue lists them; an area recorded outside this list comes last.
AREAS = ("Krasch", "Fel i miljön", "Fientlig indata", "Säkerhetskopior")
TITLE = "Bevis: tillförlitlighet"

_figures: dict[str, Counter[str]] = {}
_notes: dict[str, list[str]] = {}


def record(area: str, **figures: int) -> None:
    """Add ``figures`` (name → count) to ``area``'s totals for this run."""
    totals = _figures.setdefault(area, Counter())
    for name, value in figures.items():
        totals[name] += int(value)  # a 0 is kept and shown: "lost 0" is the point


def note(area: str, text: str) -> None:
    """A fact about ``area`` that is no count (the seed a random run used)."""
    _notes.setdefault(area, []).append(text)


def figures() -> dict[str, dict[str, int]]:
    """What was recorded so far (for the plugin's own test)."""
    return {area: dict(totals) for area, totals in _figures.items()}


def table() -> list[str]:
    """The proof as lines of text, one area a line."""
    areas = list(AREAS) + sorted(a for a in _figures if a not in AREAS)
    width = max(len(a) for a in areas)
    lines = []
    for area in areas:
        totals = _figures.get(area)
        if not totals:
            text = "inte mätt i den här körningen"
        else:
            parts = [f"{name.replace('_', ' ')} {value}" for name, value in totals.items()]
            text = ", ".join(parts + _notes.get(area, []))
        lines.extend(
            textwrap.wrap(
                text,
                width=100,
                initial_indent=f"{area.ljust(width)}  ",
                subsequent_indent=" " * (width + 2),
                break_on_hyphens=False,
            )
        )
    return lines


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not _figures:
        return  # a run of tests that measure nothing of this: no empty table
    terminalreporter.section(TITLE)
    for line in table():
        terminalreporter.write_line(line)
