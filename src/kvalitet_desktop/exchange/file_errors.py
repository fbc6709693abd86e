"""Why a file could not be written, in words a user can act on."""

from __future__ import annotations

import errno
from pathlib import Path

from kvalitet_desktop.domain.i18n import QT_TRANSLATE_NOOP

_CONTEXT = "Exchange"
# Windows: another program (Excel) holds the file open.
_SHARING_VIOLATION = 32
_LOCK_VIOLATION = 33

FULL = QT_TRANSLATE_NOOP(
    _CONTEXT,
    "Filen {path} kunde inte sparas: disken är full. Frigör utrymme eller välj en annan plats.",
)
LOCKED = QT_TRANSLATE_NOOP(
    _CONTEXT,
    "Filen {path} är öppen i ett annat program (till exempel Excel). Stäng den där och försök "
    "igen, eller välj ett annat filnamn.",
)
NOT_ALLOWED = QT_TRANSLATE_NOOP(
    _CONTEXT, "Du har inte behörighet att skriva {path}. Välj en annan mapp, till exempel Dokument."
)
READ_ONLY = QT_TRANSLATE_NOOP(
    _CONTEXT, "Filen {path} kunde inte sparas: platsen är skrivskyddad. Välj en annan mapp."
)
NO_FOLDER = QT_TRANSLATE_NOOP(
    _CONTEXT, "Mappen för {path} finns inte och kunde inte skapas. Välj en annan mapp."
)
OTHER = QT_TRANSLATE_NOOP(_CONTEXT, "Filen {path} kunde inte sparas ({reason}).")


def write_problem(path: Path, exc: OSError) -> str:
    """Why ``path`` could not be written, in Swedish, from the error the system gave."""
    return _message_for(exc).format(path=path, reason=exc.strerror or exc)


def _message_for(exc: OSError) -> str:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return FULL
    if getattr(exc, "winerror", None) in (_SHARING_VIOLATION, _LOCK_VIOLATION):
        return LOCKED
    if exc.errno == errno.EROFS:
        return READ_ONLY
    if exc.errno in (errno.EACCES, errno.EPERM):
        return NOT_ALLOWED
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        return NO_FOLDER
    return OTHER
