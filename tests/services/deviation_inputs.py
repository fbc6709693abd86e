"""Inputs for avvikelse tests."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from kvalitet_desktop.workflows.deviations import service as deviations


def registration(unit_id: str, **changes: Any) -> deviations.RegistrationInput:
    values: dict[str, Any] = {
        "title": "Insatsen uteblev på morgonen",
        "unit_id": unit_id,
        "occurred_at": datetime.now().replace(second=0, microsecond=0) - timedelta(hours=3),
        "description": "Morgonbesöket blev inte av; den enskilde fick ingen frukost.",
    }
    values.update(changes)
    return deviations.RegistrationInput(**values)


def investigation(**changes: Any) -> deviations.InvestigationInput:
    values: dict[str, Any] = {
        "started_on": date.today(),
        "analysis": "Planeringen visade besöket på fel tid efter ett byte av schema.",
        "causes": [
            deviations.CauseInput("Schemabytet stämdes inte av", "verksamhet", "rutiner"),
        ],
    }
    values.update(changes)
    return deviations.InvestigationInput(**values)
