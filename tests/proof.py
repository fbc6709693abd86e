"""The reliability and security proofs, with figures measured in this run (issues 9 and 8).

Tests that put the program through faults add what they counted::

    import proof
    proof.record("Krasch", avbrott=200, skadade_filer=0, poster_förlorade=0)

Figures with the same name add up across tests. At the end of the run two tables, "Bevis:
tillförlitlighet" and "Bevis: säkerhet", list every area with its figures; the tests themselves
assert the zeros, so a zero printed here is one that held (a test that fails still adds what it
measured). A test that did not run (deselected, skipped) adds nothing, and an area none of its
tests reached is listed as not measured.
"""

from __future__ import annotations

import textwrap
from collections import Counter

import pytest

# The areas in the order the issue lists them; an area recorded outside this list comes last.
AREAS = ("Krasch", "Fel i miljön", "Fientlig indata", "Säkerhetskopior")
TITLE = "Bevis: tillförlitlighet"
SECURITY_AREAS = ("Behörigheter", "Kryptering", "Granskningslogg")
SECURITY_TITLE = "Bevis: säkerhet"
NOT_MEASURED = "inte mätt i den här körningen"
WIDTH = 100


class Proof:
    """The figures of one run, by area."""

    def __init__(self) -> None:
        self.figures: dict[str, Counter[str]] = {}
        self.notes: dict[str, list[str]] = {}

    def record(self, area: str, **figures: int) -> None:
        """Add ``figures`` (name → count) to ``area``'s totals."""
        totals = self.figures.setdefault(area, Counter())
        for name, value in figures.items():
            totals[name] += int(value)  # a 0 is kept and shown: "förlorade 0" is the point

    def note(self, area: str, text: str) -> None:
        """A fact about ``area`` that is no count (the seed a random run used)."""
        self.notes.setdefault(area, []).append(text)

    def table(self, listed: tuple[str, ...] = AREAS) -> list[str]:
        """The proof of ``listed`` as lines of text: each area with its figures, wrapped; the
        reliability table also lists, last, the areas no table names."""
        areas = list(listed)
        if listed == AREAS:
            named = set(AREAS) | set(SECURITY_AREAS)
            areas += sorted(a for a in self.figures if a not in named)
        width = max(len(a) for a in areas)
        lines: list[str] = []
        for area in areas:
            totals = self.figures.get(area)
            if totals:
                parts = [f"{name.replace('_', ' ')} {value}" for name, value in totals.items()]
                text = ", ".join(parts + self.notes.get(area, []))
            else:
                text = NOT_MEASURED
            lines.extend(
                textwrap.wrap(
                    text,
                    width=WIDTH,
                    initial_indent=f"{area.ljust(width)}  ",
                    subsequent_indent=" " * (width + 2),
                    break_on_hyphens=False,
                )
            )
        return lines


_run = Proof()
record = _run.record
note = _run.note


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    security = set(SECURITY_AREAS)
    for title, listed, measured in (
        (TITLE, AREAS, set(_run.figures) - security),
        (SECURITY_TITLE, SECURITY_AREAS, set(_run.figures) & security),
    ):
        if not measured:
            continue  # a run of tests that measure none of this: no empty table
        terminalreporter.section(title)
        for line in _run.table(listed):
            terminalreporter.write_line(line)
