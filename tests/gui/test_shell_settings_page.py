"""Settings page: risk matrix labels, bands and threshold with live preview and validation."""

from __future__ import annotations

import pytest
from helpers import show
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from kvalitet_desktop.domain.risk_matrix import RiskMatrixConfig
from kvalitet_desktop.services import settings
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui.views import settings_page
from kvalitet_desktop.ui.views.settings_page import ColourButton, SettingsPage

pytestmark = pytest.mark.gui


@pytest.fixture
def page(qtbot: QtBot, admin: Context) -> SettingsPage:
    return show(qtbot, SettingsPage(admin), (1100, 760))


def test_shows_current_settings(page: SettingsPage) -> None:
    defaults = RiskMatrixConfig()
    assert [e.text() for e in page.probability_edits] == list(defaults.probability_labels)
    assert [e.text() for e in page.consequence_edits] == list(defaults.consequence_labels)
    assert page.band_table.rowCount() == len(defaults.bands)
    assert page.threshold.value() == defaults.action_threshold
    assert page.confidentiality.text() == settings.DEFAULT_CONFIDENTIALITY
    assert page.probability_edits[0].accessibleName() == "Sannolikhet 1"
    assert page.confidentiality.accessibleName() == "Sekretessrad"
    assert "Åtgärdsgräns 8" in page.preview_note.text()


def test_preview_follows_typing(page: SettingsPage) -> None:
    page.consequence_edits[3].setText("Allvarlig")
    assert page.preview.config().consequence_labels[3] == "Allvarlig"
    page.threshold.setValue(12)
    assert "Åtgärdsgräns 12" in page.preview_note.text()
    assert "Mycket hög risk" in page.preview_note.text()


def test_save_stores_matrix_and_line(
    page: SettingsPage, admin: Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    page.probability_edits[3].setText("Nästan säker")
    page.threshold.setValue(9)
    page.confidentiality.setText("Sekretess enligt OSL 26:1")
    monkeypatch.setattr(settings_page.QColorDialog, "getColor", lambda *args: QColor("#123456"))
    colour = page.band_table.cellWidget(0, 3)
    assert isinstance(colour, ColourButton)
    colour.click()
    assert page.save() is True
    assert page.saved_label.text() == "Inställningarna är sparade."
    stored = settings.risk_matrix(admin)
    assert stored.probability_labels[3] == "Nästan säker"
    assert stored.action_threshold == 9
    assert stored.bands[0].color == "#123456"
    assert settings.confidentiality_line(admin) == "Sekretess enligt OSL 26:1"


def test_empty_label_shown_at_its_field(page: SettingsPage, admin: Context) -> None:
    page.consequence_edits[1].setText("  ")
    assert page.save() is False
    error = page.label_errors[5]  # consequence 2 is the sixth label
    assert not error.isHidden()
    assert error.text() == "Varje steg i skalan behöver en benämning."
    assert page.consequence_edits[1].text() == "  "  # what was typed stays
    assert settings.risk_matrix(admin) == RiskMatrixConfig()


def test_uncovered_scores_shown_under_bands(page: SettingsPage, admin: Context) -> None:
    page.band_table.setCurrentCell(3, 0)
    page.remove_selected_band()
    assert page.band_table.rowCount() == 3
    assert page.save() is False
    assert "12, 16" in page.band_error.text()
    page.add_band()
    assert page.band_table.rowCount() == 4


def test_reset_fills_defaults_without_saving(page: SettingsPage, admin: Context) -> None:
    page.probability_edits[0].setText("Osannolik")
    assert page.save()
    page.reset_to_defaults()
    assert page.probability_edits[0].text() == "Mycket liten"
    assert "Spara för att använda dem" in page.saved_label.text()
    assert settings.risk_matrix(admin).probability_labels[0] == "Osannolik"
