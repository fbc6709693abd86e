"""Log-in, passwords and the database key: who may open the file, and as whom.

Every entry point (the GUI's start, every command) gets its ``Context`` from ``log_in`` or
``create_database``; ``Context.for_login`` alone trusts its caller and is for code that already
knows who is working (tests, the demo).

A database is encrypted unless the development switch ``KVALITET_UNENCRYPTED=1`` is set; the
window's title and status bar then say so. Passwords are stored as Argon2id hashes, and the
database key is wrapped once per user under a key derived from the password (``store.keyring``).
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError

from kvalitet_desktop.domain.errors import FieldError, KvalitetError, NotFound, ValidationFailed
from kvalitet_desktop.domain.passwords import (
    delay_before_attempt,
    locked_until,
    password_problem,
)
from kvalitet_desktop.domain.roles import USERS_ADMINISTER, Role
from kvalitet_desktop.services.context import Context, UnknownUser, load_actor
from kvalitet_desktop.services.organisation import (
    SetupInput,
    UserInput,
    check_user,
    save_user,
    setup_municipality,
)
from kvalitet_desktop.store.audit import AuditAction, record_event
from kvalitet_desktop.store.backup import BEFORE_ENCRYPTION_KEPT_REASON, BEFORE_ENCRYPTION_REASON
from kvalitet_desktop.store.base import utcnow
from kvalitet_desktop.store.database import SQLITE_HEADER, Database
from kvalitet_desktop.store.errors import DatabaseDamaged, WrongKey, sqlite_code
from kvalitet_desktop.store.keyring import (
    KDF,
    KeyFile,
    KeyFileReadOnly,
    Wrapper,
    WrongSecret,
    key_file_for,
    new_database_key,
    new_recovery_key,
)
from kvalitet_desktop.store.models import User, UserRole
from kvalitet_desktop.store.unit_of_work import UnitOfWork

UNENCRYPTED_ENV = "KVALITET_UNENCRYPTED"
WRONG_LOGIN = "Fel inloggning eller lösenord."
_hasher = PasswordHasher.from_parameters(KDF)


class LoginFailed(KvalitetError):
    """Wrong login or password (the message never says which), or a locked account."""


class NeedsConversion(KvalitetError):
    """The file is an unencrypted database from before log-in: an administrator converts it."""


class FileState(StrEnum):
    NEW = "new"  # missing or empty: the first-run dialog creates it
    ENCRYPTED = "encrypted"
    PLAIN = "plain"  # unencrypted: from before this version, or a development database


def encryption_required() -> bool:
    return os.environ.get(UNENCRYPTED_ENV) != "1"


def file_state(path: Path) -> FileState:
    if not path.exists() or (path.is_file() and path.stat().st_size == 0):
        return FileState.NEW
    if path.is_file():
        with path.open("rb") as fh:
            if fh.read(len(SQLITE_HEADER)) == SQLITE_HEADER:
                return FileState.PLAIN
    # Not a plain database: an encrypted one has its key file; anything else Database.open
    # refuses (without writing to it) when it is tried.
    return FileState.ENCRYPTED if key_file_for(path).exists() else FileState.PLAIN


def _open(path: Path, key: bytes | None, read_only: bool = False) -> Database:
    """Open the database; every backup of it (before a migration too) gets the key file.
    ``read_only``: only read it (another window has it open)."""
    return Database.open(
        path,
        key=key,
        after_backup=lambda target: _keys_beside(path, target),
        read_only=read_only,
    )


def _keys_beside(database: Path, backup: Path) -> None:
    """A backup opens with the same passwords as the database it was taken from (as they were
    then): it gets a copy of the key file, without the failed log-ins."""
    source = key_file_for(database)
    if not source.exists():
        return
    keys = KeyFile.load(source)
    keys.data["failures"], keys.data["pending"] = {}, []
    keys.save(key_file_for(backup))


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def _hash_matches(stored: str | None, password: str) -> bool:
    if not stored:
        return False
    try:
        return _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def _all_problems(*checks: Callable[[], object]) -> None:
    """Run every check and raise one ValidationFailed with all their field errors."""
    problems: list[FieldError] = []
    for check in checks:
        try:
            check()
        except ValidationFailed as exc:
            problems.extend(exc.errors)
    if problems:
        raise ValidationFailed(problems)


def check_new_password(password: str, repeated: str, *, login: str, name: str) -> None:
    """Raise ValidationFailed (fields ``password`` / ``password_again``) for a bad choice."""
    problem = password_problem(password, login=login, name=name)
    if problem:
        raise ValidationFailed([FieldError("password", problem)])
    if password != repeated:
        raise ValidationFailed([FieldError("password_again", "Lösenorden är inte lika.")])


# --- creating a database -------------------------------------------------------------------------


@dataclass(frozen=True)
class Created:
    ctx: Context
    recovery_key: str | None  # shown once; None for a development database kept unencrypted


def create_database(path: Path, setup: SetupInput, password: str, repeated: str) -> Created:
    """First start: the encrypted file, its key file, the municipality and its administrator."""
    from kvalitet_desktop.services.organisation import validate_setup

    # Every problem at once: the municipality's fields and the password together.
    _all_problems(
        lambda: validate_setup(setup),
        lambda: check_new_password(
            password, repeated, login=setup.admin_login, name=setup.admin_name
        ),
    )
    if file_state(path) is not FileState.NEW:
        raise KvalitetError(f"Databasfilen {path} finns redan.")
    encrypted = encryption_required()
    database_key = new_database_key() if encrypted else None
    recovery = new_recovery_key() if encrypted else None
    keys = KeyFile.create(key_file_for(path), database_key, recovery)
    # The key file is written first: a database never exists without the key that opens it.
    keys.save()
    try:
        db = _open(path, database_key)
    except BaseException:
        keys.path.unlink(missing_ok=True)
        raise
    try:
        login = setup_municipality(db, setup)
        _store_password(db, login, password, keys, database_key, must_change=False)
        ctx = Context.for_login(db, login)
        ctx.log_event(AuditAction.LOGIN)
    except BaseException:
        db.close()
        raise
    return Created(ctx, recovery)


# --- logging in ----------------------------------------------------------------------------------


def log_in(
    path: Path,
    login: str,
    password: str,
    *,
    wait: Callable[[float], None] = time.sleep,
    before_reading: Callable[[Database], None] | None = None,
    record: bool = True,
    read_only: bool = False,
) -> Context:
    """Open the database at ``path`` as ``login``. Raises LoginFailed with one Swedish line
    that does not tell whether the login exists; NeedsConversion for an old plain file.
    ``read_only``: the file is only read, and nothing of the log-in is written to it.

    ``before_reading`` is called with the opened database before the accounts are read (the
    check of the file runs there, so that damage anywhere is reported, not raised).
    ``record=False`` (commands that only check, like ``kvalitet check``) writes nothing of a
    successful log-in, so the files keep every byte; a failed one is counted all the same."""
    login = login.strip().lower()
    state = file_state(path)
    if state is FileState.NEW:
        raise KvalitetError(f"Databasfilen {path} finns inte.")
    if state is FileState.PLAIN and encryption_required():
        raise NeedsConversion(
            "Databasen är inte krypterad. En administratör loggar in i programmet och "
            "krypterar den först."
        )
    key_path = key_file_for(path)
    keys = KeyFile.load(key_path) if key_path.exists() else KeyFile.create(key_path, None, None)
    _hold_back(keys, login, wait)
    if state is FileState.ENCRYPTED:
        try:
            database_key: bytes | None = keys.unwrap(login, password)
        except WrongSecret:
            raise _failed(keys, login, None) from None
        try:
            db = _open(path, database_key, read_only)
        except WrongKey as exc:
            # The key file's own check proved the key right: what cannot be read is damaged.
            raise DatabaseDamaged(
                f"Databasfilen {path} är skadad: dess början kan inte läsas med rätt nyckel. "
                "Den har inte ändrats. Återställ databasen från en säkerhetskopia."
            ) from exc
    else:
        database_key = None
        db = _open(path, None, read_only)
    try:
        if before_reading is not None:
            before_reading(db)
        with db.session() as session:
            user = session.scalar(select(User).where(User.login == login))
            known = user is not None and user.active
            if state is FileState.PLAIN and not (
                user is not None and _hash_matches(user.password_hash, password)
            ):
                known = False
        if not known:
            raise _failed(keys, login, db)
        ctx = Context.for_login(db, login)
        if record and db.writes_refused is None:
            _take_sealed_events(keys, ctx)
            keys.clear_failures(login)
            keys.save()
            ctx.log_event(AuditAction.LOGIN)
        # else: a read-only file, read as it is (nothing of the log-in can be written)
    except DBAPIError as exc:
        db.close()
        if sqlite_code(exc) is None:
            raise
        raise DatabaseDamaged(
            f"Databasfilen {path} är skadad och kan inte läsas ({type(exc.orig).__name__}). "
            "Kör kontrollen (kvalitet check) och återställ databasen från en säkerhetskopia."
        ) from exc
    except BaseException:
        db.close()
        raise
    return ctx


def _hold_back(keys: KeyFile, login: str, wait: Callable[[float], None]) -> None:
    failures, last = keys.failures(login)
    until = locked_until(failures, last)
    if until is not None and until > utcnow():
        minutes = max(1, round((until - utcnow()).total_seconds() / 60))
        raise LoginFailed(
            f"För många misslyckade inloggningar. Försök igen om {minutes} minuter "
            "eller be en administratör om hjälp."
        )
    delay = delay_before_attempt(failures)
    if delay:
        wait(delay)


def _failed(keys: KeyFile, login: str, db: Database | None) -> LoginFailed:
    """Count the failure (in the key file: the database may not open) and log it.

    On a read-only medium neither can be written: the refusal is the same one line, and
    the attempt is not counted (whoever holds a read-only copy can copy it anyway)."""
    now = utcnow()
    count = keys.record_failure(login, now)
    events = [{"action": AuditAction.LOGIN_FAILED.value, "login": login, "at": now.isoformat()}]
    if locked_until(count, now) is not None and locked_until(count - 1, now) is None:
        events.append(
            {"action": AuditAction.ACCOUNT_LOCKED.value, "login": login, "at": now.isoformat()}
        )
    if db is not None and db.key is None and db.writes_refused is None:
        _write_events(db, events)
    else:
        for event in events:
            keys.seal_event(event)
    with contextlib.suppress(KeyFileReadOnly):
        keys.save()
    return LoginFailed(WRONG_LOGIN)


def _write_events(db: Database, events: list[dict[str, str]]) -> None:
    with UnitOfWork(db, None, "system") as uow:
        for event in events:
            uow.session.info["actor_login"] = event.get("login", "okänd")
            record_event(
                uow.session,
                AuditAction(event.get("action", AuditAction.LOGIN_FAILED.value)),
                details={"tidpunkt": event.get("at", "")},
            )


def _take_sealed_events(keys: KeyFile, ctx: Context) -> None:
    if ctx.db.key is None:
        return
    events = list(keys.take_events(ctx.db.key))
    if events:
        _write_events(ctx.db, events)


def verify_password(ctx: Context, password: str) -> bool:
    """Whether ``password`` is the logged-in user's (the lock screen asks)."""
    with ctx.reading() as session:
        user = session.get(User, ctx.actor.id)
        return user is not None and _hash_matches(user.password_hash, password)


def must_change_password(ctx: Context) -> bool:
    with ctx.reading() as session:
        user = session.get(User, ctx.actor.id)
        return bool(user and user.must_change_password)


# --- passwords -----------------------------------------------------------------------------------


def _keys_for(db: Database) -> KeyFile:
    path = key_file_for(db.path)
    return KeyFile.load(path) if path.exists() else KeyFile.create(path, None, None)


def _store_password(
    db: Database,
    login: str,
    password: str,
    keys: KeyFile,
    database_key: bytes | None,
    *,
    must_change: bool,
    actor: Context | None = None,
) -> None:
    """The hash in the database and, when encrypted, the key wrapped for this password."""
    if database_key is not None:
        keys.wrap(login, Wrapper.for_secret(password), database_key)
        keys.save()
    actor_id = actor.actor.id if actor else None
    actor_login = actor.actor.login if actor else login
    with UnitOfWork(db, actor_id, actor_login) as uow:
        user = uow.session.scalar(select(User).where(User.login == login))
        if user is None:
            raise NotFound("Användaren finns inte.")
        if actor is None:
            uow.session.info["actor_id"] = user.id
        user.password_hash = hash_password(password)
        user.must_change_password = must_change
        user.password_changed_at = utcnow()


def change_password(ctx: Context, current: str, new: str, repeated: str) -> None:
    """The logged-in user chooses a new password (also when a reset requires it)."""
    if not verify_password(ctx, current):
        raise ValidationFailed([FieldError("current", "Det nuvarande lösenordet stämmer inte.")])
    check_new_password(new, repeated, login=ctx.actor.login, name=ctx.actor.name)
    if new == current:
        raise ValidationFailed(
            [FieldError("password", "Välj ett annat lösenord än det nuvarande.")]
        )
    _store_password(ctx.db, ctx.actor.login, new, _keys_for(ctx.db), ctx.db.key, must_change=False)
    ctx.log_event(AuditAction.PASSWORD_CHANGED, "users", ctx.actor.id)


def reset_password(ctx: Context, user_id: str, temporary: str, repeated: str) -> None:
    """An administrator gives a user a temporary password, to be changed at next log-in."""
    ctx.require(USERS_ADMINISTER)
    with ctx.reading() as session:
        user = session.get(User, user_id)
        if user is None:
            raise NotFound("Användaren finns inte.")
        login, name, active = user.login, user.name, user.active
    if not active:
        raise ValidationFailed(
            [FieldError("password", "Kontot är inaktiverat. Aktivera det först.")]
        )
    check_new_password(temporary, repeated, login=login, name=name)
    must_change = user_id != ctx.actor.id
    _store_password(
        ctx.db, login, temporary, _keys_for(ctx.db), ctx.db.key, must_change=must_change, actor=ctx
    )
    ctx.log_event(AuditAction.PASSWORD_RESET, "users", user_id)


def account_saved(ctx: Context, old_login: str | None, login: str, active: bool) -> None:
    """Keep the key file in step with an account: a new login moves its entry, a deactivated
    account loses it (it can no longer open the database)."""
    keys = _keys_for(ctx.db)
    if old_login and old_login != login:
        keys.rename(old_login, login)
    if not active:
        keys.remove(login)
    keys.save()


def has_password(ctx: Context) -> dict[str, bool]:
    """login → whether the account can log in (has a password and, when encrypted, a key)."""
    ctx.require(USERS_ADMINISTER)
    keys = _keys_for(ctx.db)
    with ctx.reading() as session:
        rows = session.execute(select(User.login, User.password_hash)).all()
    return {
        login: bool(hashed) and (ctx.db.key is None or keys.has(login)) for login, hashed in rows
    }


# --- an unencrypted database from before log-in --------------------------------------------------


@dataclass(frozen=True)
class Converted:
    ctx: Context
    recovery_key: str
    removed_backup: Path | None


def convert_plain_database(
    path: Path, login: str, password: str, repeated: str, backup_dir: Path | None = None
) -> Converted:
    """An administrator's first log-in to a database made before this version: they choose
    their password (or give the one they have), and the file is encrypted in place."""
    from kvalitet_desktop.store.encryption import encrypt_plain_database

    login = login.strip().lower()
    if file_state(path) is not FileState.PLAIN:
        raise KvalitetError("Databasen är redan krypterad.")
    # Not migrated yet: a migration's backup of the plain file would be left unencrypted. The
    # encrypted file is migrated (with an encrypted backup) when it is opened below.
    db = Database.open(path, migrate=False)
    try:
        with db.session() as session:
            # Only columns every released schema has: the file may be from schema 0001.
            found = session.execute(
                select(User.id, User.name, User.active, User.password_hash).where(
                    User.login == login
                )
            ).first()
            is_admin = found is not None and (
                session.scalar(
                    select(UserRole.id).where(
                        UserRole.user_id == found.id, UserRole.role == Role.ADMIN.value
                    )
                )
                is not None
            )
    finally:
        db.close()
    if found is None or not found.active:
        raise LoginFailed(WRONG_LOGIN)
    if found.password_hash:
        if not _hash_matches(found.password_hash, password):
            raise LoginFailed(WRONG_LOGIN)
    else:
        check_new_password(password, repeated, login=login, name=found.name)
    if not is_admin:
        raise LoginFailed(
            "Databasen är inte krypterad ännu. En administratör loggar in först och krypterar den."
        )
    database_key = new_database_key()
    recovery = new_recovery_key()
    keys = KeyFile.create(key_file_for(path), database_key, recovery)
    result = encrypt_plain_database(
        path, database_key, backup_dir or path.parent / "säkerhetskopior"
    )
    keys.save()
    db = _open(path, database_key)
    try:
        _store_password(db, login, password, keys, database_key, must_change=False)
        ctx = Context.for_login(db, login)
        # The plain backup the conversion made is a backup too: logged for the administrator
        # who converted (the log could not be written to before the file was encrypted).
        reason = (
            BEFORE_ENCRYPTION_REASON
            if result.plain_backup_removed
            else BEFORE_ENCRYPTION_KEPT_REASON
        )
        ctx.log_event(
            AuditAction.BACKUP, details={"file": str(result.plain_backup), "reason": reason}
        )
        ctx.log_event(AuditAction.LOGIN, details={"krypterad": "ja"})
    except BaseException:
        db.close()
        raise
    removed = result.plain_backup if result.plain_backup_removed else None
    return Converted(ctx, recovery, removed)


def recover_with_key(
    path: Path, recovery_key: str, login: str, password: str, repeated: str
) -> Context:
    """Every administrator's password is lost: the recovery key opens the database, and the
    administrator ``login`` chooses a new password."""
    login = login.strip().lower()
    keys = KeyFile.load(key_file_for(path))
    try:
        database_key = keys.unwrap_recovery(recovery_key)
    except (WrongSecret, KeyError):
        raise LoginFailed("Återställningsnyckeln stämmer inte.") from None
    db = _open(path, database_key)
    try:
        try:
            with db.session() as session:
                actor = load_actor(session, login)
        except UnknownUser:
            raise ValidationFailed(
                [FieldError("login", "Det finns ingen aktiv administratör med den inloggningen.")]
            ) from None
        if Role.ADMIN not in actor.roles:
            raise ValidationFailed(
                [FieldError("login", "Det finns ingen aktiv administratör med den inloggningen.")]
            )
        check_new_password(password, repeated, login=login, name=actor.name)
        _store_password(db, login, password, keys, database_key, must_change=False)
        keys.clear_failures(login)
        keys.save()
        ctx = Context.for_login(db, login)
        ctx.log_event(
            AuditAction.PASSWORD_RESET, "users", actor.id, {"med": "återställningsnyckel"}
        )
    except BaseException:
        db.close()
        raise
    return ctx


# --- the demo ------------------------------------------------------------------------------------

DEMO_PASSWORD = "Norrvik-demo-2026"  # stated in the README


def create_demo_database(
    path: Path, password: str, fill: Callable[[Database], object]
) -> str | None:
    """A new (encrypted) database filled by ``fill``; every account then gets ``password``.
    Returns the recovery key (None for a development database kept unencrypted)."""
    if file_state(path) is not FileState.NEW:
        raise KvalitetError("Demokommunen skapas bara i en ny databas; filen finns redan.")
    encrypted = encryption_required()
    database_key = new_database_key() if encrypted else None
    recovery = new_recovery_key() if encrypted else None
    keys = KeyFile.create(key_file_for(path), database_key, recovery)
    keys.save()
    db = _open(path, database_key)
    try:
        fill(db)
        give_every_account(db, password)
    finally:
        db.close()
    return recovery


def give_every_account(db: Database, password: str) -> None:
    """Every active account gets ``password`` (the demo; test databases)."""
    keys = _keys_for(db)
    # One derivation for all accounts: they all get the same password anyway.
    wrapper = Wrapper.for_secret(password)
    hashed = hash_password(password)
    with UnitOfWork(db, None, "system") as uow:
        for user in uow.session.scalars(select(User).where(User.active.is_(True))):
            user.password_hash = hashed
            user.password_changed_at = utcnow()
            if db.key is not None:
                keys.wrap(user.login, wrapper, db.key)
    keys.save()


# --- accounts as the administrator keeps them ----------------------------------------------------


def save_account(
    ctx: Context,
    data: UserInput,
    user_id: str | None = None,
    password: str | None = None,
    repeated: str | None = None,
) -> str:
    """Create or change an account; a new one gets its temporary ``password`` (to be changed at
    its first log-in). The key file follows a changed login and a deactivation."""
    ctx.require(USERS_ADMINISTER)
    if user_id is None:

        def check_password() -> None:
            if not password:
                raise ValidationFailed(
                    [FieldError("password", "Ge användaren ett tillfälligt lösenord.")]
                )
            check_new_password(password, repeated or "", login=data.login, name=data.name)

        # The account's fields and the password are checked together: every problem at once.
        _all_problems(lambda: check_user(ctx, data, None), check_password)
        old_login = None
    else:
        with ctx.reading() as session:
            old_login = session.scalar(select(User.login).where(User.id == user_id))
    saved = save_user(ctx, data, user_id)
    account_saved(ctx, old_login, data.login, data.active)
    if user_id is None and password:
        reset_password(ctx, saved, password, repeated or "")
    return saved
