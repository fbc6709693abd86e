"""A lost laptop reveals nothing: the demo's words are in none of the files the program writes.

The same demo is built twice, encrypted and plain. The plain one shows that the words are
really stored (so the search would find them); the encrypted one's database, WAL, backup and
log file must hold none of them.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import text

import proof
from kvalitet_desktop import logfile
from kvalitet_desktop.demo import data, lexsarah_data
from kvalitet_desktop.demo.world import create_demo
from kvalitet_desktop.services import listing, organisation
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.store.backup import backup_database
from kvalitet_desktop.store.database import Database

MIN_WORD = 7  # long enough that no word turns up in random bytes by chance
# Words of the demo that are also the program's own: "kvalitet" is in every traceback's path.
PROGRAM_WORDS = {"kvalitet"}


@dataclass(frozen=True)
class DemoFiles:
    words: list[str]
    files: dict[str, bytes]  # what the file is -> its bytes


def demo_texts(user_names: list[str]) -> list[str]:
    return [
        data.MUNICIPALITY,
        data.MUNICIPALITY_ADDRESS,
        *(unit.name for unit in data.UNITS),
        *(unit.address for unit in data.UNITS),
        *(staff.title for staff in data.STAFF),
        *(curated.scenario.titles[0] for curated in data.CURATED),
        *(case.title for case in lexsarah_data.CASES),
        *user_names,
    ]


def words_of(texts: list[str]) -> list[str]:
    words = {word.strip(",.:;()”\"'") for item in texts for word in item.split()}
    return sorted(
        w for w in words if len(w) >= MIN_WORD and "{" not in w and w not in PROGRAM_WORDS
    )


def build(folder: Path, key: bytes | None) -> DemoFiles:
    """A demo database in ``folder``; its files' bytes read while it is open and after."""
    db = Database.open(folder / "demo.sqlite", key=key)
    logfile.setup_logging(folder / "logs", warn=False)
    try:
        create_demo(db, seed=1)
        ctx = Context.for_login(db, "admin")
        names = [user.name for user in organisation.list_users(ctx) if user.active]
        listing.fetch(ctx, "riskanalys", listing.ListQuery(text="Solrosen"))
        logfile.log.info("Databasen %s är öppnad", db.path)
        # A failed statement whose parameters and message hold the records' words.
        try:
            with db.session() as session:
                session.execute(
                    text("SELECT saknas FROM units WHERE name = :name"),
                    {"name": data.UNITS[2].name},
                )
        except Exception as exc:
            logfile.log_unexpected(exc)
        logfile.log_unexpected(ValueError(data.CURATED[0].scenario.titles[0]))
        files = {
            "database (open)": db.path.read_bytes(),
            "WAL": db.path.with_name(db.path.name + "-wal").read_bytes(),
        }
        backup = backup_database(db.path, folder / "kopior" / "kopia.sqlite", db.key)
        files["backup"] = backup.read_bytes()
    finally:
        db.close()
        logfile.shutdown_logging()
    files["database (closed)"] = db.path.read_bytes()
    files["log"] = (folder / "logs" / logfile.LOG_FILE_NAME).read_bytes()
    return DemoFiles(words_of(demo_texts(names)), files)


@pytest.fixture(scope="module")
def encrypted(tmp_path_factory: pytest.TempPathFactory) -> DemoFiles:
    return build(tmp_path_factory.mktemp("krypterad"), secrets.token_bytes(32))


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> DemoFiles:
    return build(tmp_path_factory.mktemp("okrypterad"), None)


def found(words: list[str], blob: bytes) -> list[str]:
    """The words found in ``blob``, as written or in lower case (as a search index keeps them)."""
    return [w for w in words if w.encode() in blob or w.lower().encode() in blob]


def test_the_words_are_many_and_stored_in_a_plain_database(plain: DemoFiles) -> None:
    assert len(plain.words) >= 40
    stored = plain.files["database (open)"] + plain.files["WAL"]
    assert found(plain.words, stored) == plain.words
    assert found(plain.words, plain.files["backup"]) == plain.words


@pytest.mark.parametrize("what", ["database (open)", "WAL", "database (closed)", "backup", "log"])
def test_no_word_of_the_demo_in_the_encrypted_files(encrypted: DemoFiles, what: str) -> None:
    blob = encrypted.files[what]
    assert len(blob) > 0
    revealed = found(encrypted.words, blob)
    proof.record(
        "Kryptering", filer_granskade=1, ord_sökta=len(encrypted.words), ord_funna=len(revealed)
    )
    assert revealed == []


def test_the_log_has_entries_but_no_record_text(plain: DemoFiles) -> None:
    """The log is the same for both: it never holds what users wrote, encrypted or not."""
    log = plain.files["log"].decode()
    assert "Oväntat fel (OperationalError)" in log and "Oväntat fel (ValueError)" in log
    assert found(plain.words, plain.files["log"]) == []
