"""Autosaved drafts: what the user typed in an editor survives a crash or a power cut.

Every few seconds the editor's ``form_state()`` is compared with the last saved state; when it
differs it is stored with ``drafts.save_draft``. A real save, or a deliberate "Släng", removes
the draft. When an editor opens and a draft exists for its form, the user is asked whether to
restore it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer
from PySide6.QtWidgets import QWidget

from kvalitet_desktop.domain.errors import KvalitetError
from kvalitet_desktop.services import drafts
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui.toolkit.fields import StandardButton, ask

AUTOSAVE_INTERVAL_MS = 5000

FormState = dict[str, Any]


def _tr(text: str) -> str:
    return QCoreApplication.translate("Autosaver", text)


def local_time_text(saved_at: datetime) -> str:
    """Drafts are stamped in UTC; the user wants their own clock, to the minute."""
    moment = saved_at if saved_at.tzinfo else saved_at.replace(tzinfo=UTC)
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


class Autosaver(QObject):
    """Keeps a draft of one form. ``state`` returns the form as a JSON-serialisable dict."""

    def __init__(
        self,
        ctx: Context,
        form_key: str,
        state: Callable[[], FormState],
        title: Callable[[], str],
        parent: QObject | None = None,
        *,
        interval_ms: int = AUTOSAVE_INTERVAL_MS,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._form_key = form_key
        self._state = state
        self._title = title
        self._baseline: FormState | None = None
        self._drafted: FormState | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.save_now)

    @property
    def form_key(self) -> str:
        return self._form_key

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def set_interval(self, interval_ms: int) -> None:
        self._timer.setInterval(interval_ms)

    def set_baseline(self, state: FormState | None = None) -> None:
        """The form now matches what is stored for real (after loading or saving)."""
        self._baseline = state if state is not None else self._state()

    def is_dirty(self) -> bool:
        return self._state() != self._baseline

    def save_now(self) -> bool:
        """Store a draft if the form changed; returns whether one was written."""
        state = self._state()
        if state == self._drafted:
            return False
        if state == self._baseline:
            # Back to what is saved: an old draft would only cause a pointless question.
            if self._drafted is not None:
                self._discard()
            return False
        try:
            drafts.save_draft(self._ctx, self._form_key, self._title(), state)
        except KvalitetError:
            return False  # a draft is a safety net; failing to write one must not disturb
        self._drafted = state
        return True

    def saved(self, state: FormState | None = None, *, form_key: str | None = None) -> None:
        """A real save succeeded: the draft is no longer needed.

        ``form_key`` changes the key (a new record got its id); the old key's draft goes too.
        """
        self._discard()
        if form_key is not None and form_key != self._form_key:
            self._form_key = form_key
            self._discard()
        self.set_baseline(state)

    def discard(self) -> None:
        """The user threw the changes away on purpose."""
        self._discard()

    def offer_restore(self, parent: QWidget | None, restore: Callable[[FormState], None]) -> bool:
        """If a draft exists, ask whether to restore it; returns whether it was restored."""
        try:
            info = drafts.load_draft(self._ctx, self._form_key)
        except KvalitetError:
            return False
        if info is None:
            return False
        answer = ask(
            parent,
            _tr("Osparade ändringar"),
            _tr(
                "Det finns osparade ändringar från {when} (programmet avslutades oväntat?). "
                "Vill du återställa dem?"
            ).format(when=local_time_text(info.saved_at)),
            [
                (StandardButton.Yes, _tr("Återställ")),
                (StandardButton.Discard, _tr("Släng")),
            ],
            StandardButton.Yes,
            escape=StandardButton.Yes,  # Esc must never throw work away
        )
        if answer == StandardButton.Yes:
            restore(info.payload)
            self._drafted = self._state()
            return True
        self._discard()
        return False

    def _discard(self) -> None:
        self._drafted = None
        with contextlib.suppress(KvalitetError):
            drafts.discard_draft(self._ctx, self._form_key)
