"""The program's one log file: the GUI and the command line write the same rotating file.

Every line has a timestamp. No line holds what users wrote: an exception is logged as its type,
its traceback frames (file, line, function, source line) and a scrubbed message. Messages are
kept only where Python, SQLite or the operating system wrote them (attribute and import errors,
SQLite's own message, an OSError's errno and text); SQLAlchemy's ``[parameters: …]`` are cut
out; any other exception's message may carry a title or a description and is left out.

The log files are owner-only (``store.files``), like everything else the program writes.

Plain Python (no Qt, no SQLAlchemy): the start window imports it before its first paint.
"""

from __future__ import annotations

import logging
import re
import sys
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the handler's module is imported when the file is first opened
    from logging.handlers import RotatingFileHandler

LOG_FILE_NAME = "kvalitet.log"
LOGGER_NAME = "kvalitet_desktop"
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
MAX_LOG_BYTES = 1_000_000
LOG_BACKUPS = 5
OMITTED = "[meddelandet loggas inte: det kan innehålla uppgifter ur posterna]"

log = logging.getLogger(LOGGER_NAME)

_handler: RotatingFileHandler | None = None

# Exceptions whose message Python itself writes from names and types in the code.
_CODE_MESSAGES: tuple[type[BaseException], ...] = (
    AttributeError,
    NameError,
    ImportError,
    TypeError,
    NotImplementedError,
    RecursionError,
    MemoryError,
    ZeroDivisionError,
)
# The drivers whose messages SQLite writes (sqlcipher3's exceptions live in sqlcipher3.dbapi2).
_SQLITE_MODULES = ("sqlite3", "sqlcipher3")
# SQLAlchemy writes the bound values of a failed statement on a line of their own.
_PARAMETERS = re.compile(r"^\s*\[parameters: .*$", re.MULTILINE)
_PARAMETERS_INLINE = re.compile(r"\[parameters: [^\n]*\]")


def log_folder() -> Path:
    from kvalitet_desktop.paths import log_dir

    return log_dir()


def log_file() -> Path:
    """The log file currently written to (or the one that would be)."""
    if _handler is not None:
        return Path(_handler.baseFilename)
    return log_folder() / LOG_FILE_NAME


def setup_logging(folder: Path | None = None, *, warn: bool = True) -> Path | None:
    """Log INFO and above from the program to the rotating file; returns its path.

    Calling it again with another folder moves the log there. If the file cannot be opened the
    program still runs: None is returned (and, with ``warn``, one line goes to stderr).
    """
    global _handler
    target = (folder or log_folder()) / LOG_FILE_NAME
    if _handler is not None:
        if Path(_handler.baseFilename) == target.resolve():
            return Path(_handler.baseFilename)
        shutdown_logging()
    log.setLevel(logging.INFO)
    try:
        from kvalitet_desktop.private_files import make_private_dirs

        make_private_dirs(target.parent)
        handler = _private_handler(target)
    except OSError as exc:
        if warn:
            print(f"Loggfilen {target} kan inte skrivas: {exc.strerror}.", file=sys.stderr)
        return None
    handler.setFormatter(SafeFormatter(LOG_FORMAT))
    log.addHandler(handler)
    _handler = handler
    return Path(handler.baseFilename)


def _private_handler(target: Path) -> RotatingFileHandler:
    """A rotating handler whose files (the current one and each rotated one) are owner-only."""
    from logging.handlers import RotatingFileHandler

    from kvalitet_desktop.private_files import make_private

    class PrivateRotatingFileHandler(RotatingFileHandler):
        def _open(self) -> Any:
            stream = super()._open()
            make_private(Path(self.baseFilename))
            return stream

    return PrivateRotatingFileHandler(
        target, maxBytes=MAX_LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8"
    )


def shutdown_logging() -> None:
    global _handler
    if _handler is not None:
        log.removeHandler(_handler)
        _handler.close()
        _handler = None


def without_parameters(text: str) -> str:
    """``text`` without the SQL parameters SQLAlchemy quotes in its messages (the values of a
    record being written: titles, descriptions)."""
    return _PARAMETERS_INLINE.sub("", _PARAMETERS.sub("", text))


def safe_message(exc: BaseException) -> str:
    """What of ``exc``'s message may be logged (see the module's docstring)."""
    module = type(exc).__module__ or ""
    if module.startswith("sqlalchemy"):
        orig, statement = getattr(exc, "orig", None), getattr(exc, "statement", None)
        if isinstance(orig, BaseException) and isinstance(statement, str):  # StatementError
            kind = f"{type(orig).__module__}.{type(orig).__qualname__}"
            return f"({kind}) {safe_message(orig)}\n[SQL: {statement.strip()}]"
        return without_parameters(str(exc)).rstrip()
    if module.split(".")[0] in _SQLITE_MODULES or isinstance(exc, _CODE_MESSAGES):
        # A damaged text's error quotes the text: keep only the words before it.
        return str(exc).split(" with text ", 1)[0]
    if isinstance(exc, OSError):
        return f"[Errno {exc.errno}] {exc.strerror}" if exc.errno is not None else OMITTED
    return OMITTED if str(exc) else ""


def safe_traceback(exc: BaseException) -> str:
    """The traceback of ``exc`` and its causes as Python prints it, each message scrubbed."""
    chain: list[tuple[BaseException, str]] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    link = ""
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        chain.append((current, link))
        if current.__cause__ is not None:
            current, link = current.__cause__, "The above exception was the direct cause of:"
        elif current.__context__ is not None and not current.__suppress_context__:
            current, link = current.__context__, "During handling of the above exception:"
        else:
            current = None
    parts: list[str] = []
    for item, joined_by in reversed(chain):
        frames = traceback.extract_tb(item.__traceback__)
        block = "Traceback (most recent call last):\n" if frames else ""
        block += "".join(traceback.format_list(frames))
        name = type(item).__qualname__
        module = type(item).__module__
        if module not in ("builtins", "__main__"):
            name = f"{module}.{name}"
        message = safe_message(item)
        block += f"{name}: {message}" if message else name
        parts.append(block)
        if joined_by:
            parts.append(f"\n{joined_by}\n")
    return "\n".join(parts)


class SafeFormatter(logging.Formatter):
    """Formats tracebacks with :func:`safe_traceback`; cuts SQL parameters from messages."""

    def format(self, record: logging.LogRecord) -> str:
        record.message = without_parameters(record.getMessage())
        record.asctime = self.formatTime(record, self.datefmt)
        text = self.formatMessage(record)
        if record.exc_info and record.exc_info[1] is not None:
            text += "\n" + safe_traceback(record.exc_info[1])
        if record.stack_info:
            text += "\n" + self.formatStack(record.stack_info)
        return text


def log_unexpected(exc: BaseException, logger: logging.Logger = log) -> Path | None:
    """Write ``exc`` (a bug) to the log file; returns the file, None if it cannot be written.

    Opens the file for this one entry if no one has (the command line), else uses it.
    """
    opened_here = _handler is None
    path = setup_logging(warn=False) if opened_here else log_file()
    if path is None:
        return None
    try:
        logger.error("Oväntat fel (%s)", type(exc).__name__, exc_info=exc)
    finally:
        if opened_here:
            shutdown_logging()
    return path
