"""Log-in, passwords and the wrapped database key, on real encrypted files in tmp_path."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from kvalitet_desktop.domain.errors import PermissionDenied, ValidationFailed
from kvalitet_desktop.domain.passwords import LOCK_AFTER, SLOW_DOWN_AFTER, password_problem
from kvalitet_desktop.domain.roles import Role
from kvalitet_desktop.services import accounts, organisation
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.store.database import SQLITE_HEADER
from kvalitet_desktop.store.keyring import KeyFile, key_file_for
from kvalitet_desktop.store.models import AuditEntry, User
from kvalitet_desktop.workflows.risk.models import RiskAnalysis

PASSWORD = "Ett långt lösenord i vinter"
OTHER = "Ett annat långt lösenord"
SETUP = organisation.SetupInput(
    municipality="Exempelå kommun",
    org_number="212000-0142",
    admin_login="asa.admin",
    admin_name="Åsa Administratör",
)


@pytest.fixture
def created(tmp_path: Path) -> accounts.Created:
    made = accounts.create_database(tmp_path / "k.sqlite", SETUP, PASSWORD, PASSWORD)
    yield made
    made.ctx.db.close()


def _reopen(ctx: Context, login: str, password: str) -> Context:
    path = ctx.db.path
    ctx.db.close()
    return accounts.log_in(path, login, password)


def _audit_actions(ctx: Context) -> list[tuple[str, str | None]]:
    with ctx.reading() as session:
        rows = session.execute(
            select(AuditEntry.action, AuditEntry.user_login).order_by(AuditEntry.seq)
        ).all()
    return [(action, login) for action, login in rows]


def test_a_new_database_is_encrypted_and_opens_with_the_password_only(
    created: accounts.Created,
) -> None:
    path = created.ctx.db.path
    assert created.recovery_key and len(created.recovery_key) == 39
    ctx = _reopen(created.ctx, "asa.admin", PASSWORD)
    assert ctx.actor.roles == frozenset({Role.ADMIN})
    ctx.db.close()
    raw = path.read_bytes()
    assert not raw.startswith(SQLITE_HEADER)
    assert b"Exempel" not in raw and "Åsa".encode() not in raw
    keys_text = key_file_for(path).read_text(encoding="utf-8")
    assert "asa.admin" not in keys_text  # the key file does not list the accounts
    assert oct(key_file_for(path).stat().st_mode & 0o777) == "0o600"
    with pytest.raises(accounts.LoginFailed) as wrong:
        accounts.log_in(path, "asa.admin", "fel lösenord")
    with pytest.raises(accounts.LoginFailed) as unknown:
        accounts.log_in(path, "ingen.alls", PASSWORD)
    # One message that does not tell whether the login exists.
    assert str(wrong.value) == str(unknown.value) == accounts.WRONG_LOGIN


def test_failed_log_ins_slow_down_then_lock_and_are_in_the_audit_log(
    created: accounts.Created,
) -> None:
    path = created.ctx.db.path
    created.ctx.db.close()
    waits: list[float] = []
    for _ in range(LOCK_AFTER):
        with pytest.raises(accounts.LoginFailed):
            accounts.log_in(path, "asa.admin", "fel", wait=waits.append)
    assert waits[0] == 1.0 and waits == sorted(waits) and len(waits) == LOCK_AFTER - SLOW_DOWN_AFTER
    # Locked: even the right password is refused for a while, without trying it.
    with pytest.raises(accounts.LoginFailed, match="För många misslyckade"):
        accounts.log_in(path, "asa.admin", PASSWORD, wait=waits.append)
    keys = KeyFile.load(key_file_for(path))
    count, last = keys.failures("asa.admin")
    assert count == LOCK_AFTER
    assert last is not None
    keys.data["failures"][keys.login_id("asa.admin")]["last"] = (
        last - timedelta(minutes=16)
    ).isoformat()
    keys.save()
    assert "asa.admin" not in key_file_for(path).read_text(encoding="utf-8")
    ctx = accounts.log_in(path, "asa.admin", PASSWORD, wait=waits.append)
    try:
        actions = _audit_actions(ctx)
        assert actions.count(("login_failed", "asa.admin")) == LOCK_AFTER
        assert ("account_locked", "asa.admin") in actions
        assert actions[-1] == ("login", "asa.admin")
        assert KeyFile.load(key_file_for(path)).failures("asa.admin") == (0, None)
    finally:
        ctx.db.close()


def test_a_password_change_rewraps_the_key_and_the_old_password_stops_working(
    created: accounts.Created,
) -> None:
    path = created.ctx.db.path
    database_key = created.ctx.db.key
    salt = path.read_bytes()[:16]
    with pytest.raises(ValidationFailed) as wrong_current:
        accounts.change_password(created.ctx, "fel", OTHER, OTHER)
    assert wrong_current.value.for_field("current")
    with pytest.raises(ValidationFailed) as too_short:
        accounts.change_password(created.ctx, PASSWORD, "kort", "kort")
    assert too_short.value.for_field("password")
    accounts.change_password(created.ctx, PASSWORD, OTHER, OTHER)
    created.ctx.db.close()
    # Nothing re-encrypted: the same database key (and file salt), wrapped anew.
    assert path.read_bytes()[:16] == salt
    assert KeyFile.load(key_file_for(path)).unwrap("asa.admin", OTHER) == database_key
    with pytest.raises(accounts.LoginFailed):
        accounts.log_in(path, "asa.admin", PASSWORD)
    ctx = accounts.log_in(path, "asa.admin", OTHER)
    assert organisation.municipality(ctx).name == "Exempelå kommun"
    ctx.db.close()


def test_reset_gives_a_temporary_password_that_must_be_changed(
    created: accounts.Created,
) -> None:
    admin = created.ctx
    tree = organisation.organisation_tree(admin)
    unit = organisation.add_unit(admin, tree[0].areas[0].id, "Solrosen")
    data = organisation.UserInput("marta.ek", "Marta Ek", None, [Role.STAFF], [unit])
    with pytest.raises(ValidationFailed) as no_password:
        accounts.save_account(admin, data)
    assert no_password.value.for_field("password")
    user_id = accounts.save_account(
        admin, data, None, "Ny start i januari 2027", "Ny start i januari 2027"
    )
    assert accounts.has_password(admin)["marta.ek"]
    marta = _reopen(admin, "marta.ek", "Ny start i januari 2027")
    assert accounts.must_change_password(marta)
    with pytest.raises(PermissionDenied):
        accounts.reset_password(marta, user_id, OTHER, OTHER)
    accounts.change_password(marta, "Ny start i januari 2027", OTHER, OTHER)
    assert not accounts.must_change_password(marta)
    marta = _reopen(marta, "marta.ek", OTHER)
    with marta.reading() as session:
        stored = session.scalar(select(User.password_hash).where(User.id == user_id))
        entries = session.scalars(
            select(AuditEntry.changes).where(AuditEntry.entity == "users")
        ).all()
    assert stored and stored.startswith("$argon2id$")
    # The audit trail shows that the password changed, never the hash itself.
    assert not any(stored in text for text in entries)
    logged = [json.loads(text).get("password_hash", [None, None])[1] for text in entries]
    assert any(str(value).startswith("sha256:") for value in logged)
    marta.db.close()


def test_a_deactivated_or_renamed_account(created: accounts.Created) -> None:
    admin = created.ctx
    data = organisation.UserInput("per.lund", "Per Lund", None, [Role.QUALITY_COORDINATOR], [])
    user_id = accounts.save_account(admin, data, None, OTHER, OTHER)
    renamed = organisation.UserInput(
        "per.lundgren", "Per Lund", None, [Role.QUALITY_COORDINATOR], []
    )
    accounts.save_account(admin, renamed, user_id)
    path = admin.db.path
    per = _reopen(admin, "per.lundgren", OTHER)
    per.db.close()
    with pytest.raises(accounts.LoginFailed):
        accounts.log_in(path, "per.lund", OTHER)
    admin = accounts.log_in(path, "asa.admin", PASSWORD)
    inactive = organisation.UserInput(
        "per.lundgren", "Per Lund", None, [Role.QUALITY_COORDINATOR], [], active=False
    )
    accounts.save_account(admin, inactive, user_id)
    assert not KeyFile.load(key_file_for(path)).has("per.lundgren")
    admin.db.close()
    with pytest.raises(accounts.LoginFailed):
        accounts.log_in(path, "per.lundgren", OTHER)


def test_the_recovery_key_lets_an_administrator_choose_a_new_password(
    created: accounts.Created,
) -> None:
    path = created.ctx.db.path
    recovery = created.recovery_key
    assert recovery is not None
    created.ctx.db.close()
    with pytest.raises(accounts.LoginFailed, match="Återställningsnyckeln"):
        accounts.recover_with_key(path, "AAAA-" + recovery[5:], "asa.admin", OTHER, OTHER)
    ctx = accounts.recover_with_key(
        path, recovery.lower().replace("-", " "), "asa.admin", OTHER, OTHER
    )
    ctx.db.close()
    ctx = accounts.log_in(path, "asa.admin", OTHER)
    assert ("password_reset", "asa.admin") in _audit_actions(ctx)
    ctx.db.close()


def test_password_rules() -> None:
    assert password_problem("kort") == "Lösenordet ska ha minst 12 tecken."
    assert "vanligaste" in (password_problem("sommar2026!!!!") or "")
    assert "vanligaste" in (password_problem("Password123456") or "")
    assert "få olika" in (password_problem("aaaaaaaaaaaaab") or "")
    assert "namn" in (password_problem("asa.admin är bäst", login="asa.admin") or "")
    assert "namn" in (password_problem("Administratör 2026", name="Åsa Administratör") or "")
    assert password_problem("Tre glada hästar i snön") is None


def test_a_development_database_kept_unencrypted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(accounts.UNENCRYPTED_ENV, "1")
    path = tmp_path / "dev.sqlite"
    made = accounts.create_database(path, SETUP, PASSWORD, PASSWORD)
    assert made.recovery_key is None and made.ctx.db.key is None
    made.ctx.db.close()
    assert path.read_bytes().startswith(SQLITE_HEADER)
    with pytest.raises(accounts.LoginFailed):
        accounts.log_in(path, "asa.admin", OTHER)
    accounts.log_in(path, "asa.admin", PASSWORD).db.close()
    monkeypatch.delenv(accounts.UNENCRYPTED_ENV)
    # Without the switch the program will not work in a plain file: it is converted first.
    with pytest.raises(accounts.NeedsConversion):
        accounts.log_in(path, "asa.admin", PASSWORD)


def test_the_demo_is_encrypted_with_one_password_for_every_account(tmp_path: Path) -> None:
    from kvalitet_desktop.demo.world import create_demo

    path = tmp_path / "demo.sqlite"
    recovery = accounts.create_demo_database(path, OTHER, lambda db: create_demo(db))
    assert recovery
    raw = path.read_bytes()
    assert b"Norrvik" not in raw and not raw.startswith(SQLITE_HEADER)
    ctx = accounts.log_in(path, "admin", OTHER)
    logins = [u.login for u in organisation.list_users(ctx) if u.active]
    ctx.db.close()
    for login in logins[:3]:
        accounts.log_in(path, login, OTHER).db.close()


@pytest.mark.parametrize("schema", ["0001", "0002"])
def test_an_old_unencrypted_database_is_encrypted_at_the_administrators_first_log_in(
    tmp_path: Path, schema: str
) -> None:
    import shutil
    import sqlite3

    path = tmp_path / "gammal.sqlite"
    shutil.copy(Path(__file__).parents[1] / "fixtures" / f"schema-{schema}.sqlite", path)
    with sqlite3.connect(path) as plain:
        units = plain.execute("SELECT name FROM units ORDER BY name").fetchall()
        analyses = plain.execute("SELECT count(*) FROM risk_analyses").fetchone()[0]
    assert accounts.file_state(path) is accounts.FileState.PLAIN
    with pytest.raises(accounts.NeedsConversion):
        accounts.log_in(path, "admin", PASSWORD)
    # Someone who is not an administrator cannot do it (and learns nothing of the login).
    with pytest.raises(accounts.LoginFailed):
        accounts.convert_plain_database(path, "oskar.eriksson", PASSWORD, PASSWORD)
    with pytest.raises(ValidationFailed):
        accounts.convert_plain_database(path, "admin", "kort", "kort")
    assert accounts.file_state(path) is accounts.FileState.PLAIN

    converted = accounts.convert_plain_database(path, "admin", PASSWORD, PASSWORD)
    ctx = converted.ctx
    try:
        assert accounts.file_state(path) is accounts.FileState.ENCRYPTED
        assert converted.removed_backup is not None and not converted.removed_backup.exists()
        assert [u.name for u in organisation.units(ctx)] == [name for (name,) in units]
        with ctx.reading() as session:
            count = session.execute(select(func.count()).select_from(RiskAnalysis)).scalar()
        assert count == analyses
    finally:
        ctx.db.close()
    # No plain copy is left anywhere beside it (the migration's backup is encrypted too).
    for file in tmp_path.rglob("*"):
        if file.is_file() and not file.name.endswith(".keys"):
            assert not file.read_bytes().startswith(SQLITE_HEADER), file
    accounts.log_in(path, "admin", PASSWORD).db.close()
    # The others have no password yet: an administrator gives them one.
    with pytest.raises(accounts.LoginFailed):
        accounts.log_in(path, "oskar.eriksson", PASSWORD)
