"""Search across every kind: Swedish letters, prefixes, who sees which hit, and the index kept
by the unit of work on every write."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest
from deviation_inputs import investigation, registration
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lexsarah_answers import report_answers
from sqlalchemy import text

from kvalitet_desktop import registry
from kvalitet_desktop.domain.errors import PermissionDenied
from kvalitet_desktop.domain.roles import Role
from kvalitet_desktop.domain.search import MATCH_END, MATCH_START, match_expression
from kvalitet_desktop.services import organisation, search
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.maintenance import SEARCH_INDEX_CHECK, check_database
from kvalitet_desktop.store.models import Unit
from kvalitet_desktop.store.search_index import compare
from kvalitet_desktop.workflows.deviations import service as deviations
from kvalitet_desktop.workflows.lexsarah import service as lexsarah
from kvalitet_desktop.workflows.measures import service as measures


def _titles(ctx: Context, typed: str) -> set[str]:
    return {hit.title.split(" ", 1)[1] for hit in search.search(ctx, typed).hits}


def _register(ctx: Context, unit_id: str, title: str, description: str) -> str:
    return deviations.register(ctx, registration(unit_id, title=title, description=description)).id


def test_swedish_letters_are_letters_of_their_own(admin: Context, unit_id: str) -> None:
    _register(admin, unit_id, "Brukaren får inte sin medicin", "Dosen saknades.")
    _register(admin, unit_id, "Ingen far kontaktades", "Anhörig nåddes inte.")
    _register(admin, unit_id, "Fel på hissen i ö-huset", "Hissen stannade mellan våningarna.")
    _register(admin, unit_id, "Larm i o-huset", "Larmet gick vid åttatiden.")
    assert _titles(admin, "får") == {"Brukaren får inte sin medicin"}
    assert _titles(admin, "far") == {"Ingen far kontaktades"}
    assert _titles(admin, "FÅR") == {"Brukaren får inte sin medicin"}  # case folds, å stays
    assert _titles(admin, "ö-huset") == {"Fel på hissen i ö-huset"}
    assert _titles(admin, "o-huset") == {"Larm i o-huset"}
    assert _titles(admin, "våningarna") == {"Fel på hissen i ö-huset"}
    assert _titles(admin, "vaningarna") == set()
    assert _titles(admin, "åtta") == {"Larm i o-huset"}  # a prefix: "åttatiden"
    assert _titles(admin, "atta") == set()


def test_the_last_word_is_a_prefix_and_every_word_must_occur(admin: Context, unit_id: str) -> None:
    _register(admin, unit_id, "Läkemedel gavs för sent", "Kvällsdosen gavs två timmar sent.")
    _register(admin, unit_id, "Läkemedelslistan saknades", "Listan fanns inte i pärmen.")
    assert _titles(admin, "läk") == {"Läkemedel gavs för sent", "Läkemedelslistan saknades"}
    assert _titles(admin, "läkemedel") == {"Läkemedel gavs för sent", "Läkemedelslistan saknades"}
    assert _titles(admin, "läkemedel kvälls") == {"Läkemedel gavs för sent"}
    # Only the last word is a prefix: "läk" as a first word must be a whole word.
    assert _titles(admin, "läk sent") == set()
    assert search.search(admin, "   ").groups == ()


def test_a_very_common_word_ranks_only_its_newest_matches(
    admin: Context, unit_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kvalitet_desktop.store import search_index

    monkeypatch.setattr(search_index, "RANK_WINDOW", 3)
    for n in range(1, 6):
        _register(admin, unit_id, f"Trappan nummer {n}", f"Händelse {n} i trapphuset.")
    assert _titles(admin, "trappan") == {f"Trappan nummer {n}" for n in (3, 4, 5)}
    # A second word narrows the matches, and the older record is ranked again.
    assert _titles(admin, "trappan händelse 1") == {"Trappan nummer 1"}
    monkeypatch.setattr(search_index, "RANK_WINDOW", 2000)
    assert len(_titles(admin, "trappan")) == 5


def test_hits_are_grouped_by_kind_in_registry_order_with_a_marked_snippet(
    admin: Context, unit_id: str
) -> None:
    _register(admin, unit_id, "Rollatorn stod i vägen", "Brukaren snubblade över rollatorn.")
    measures.create_measure(
        admin,
        measures.MeasureInput(
            "Rollatorer ställs vid väggen",
            unit_id,
            "En plats för rollatorer.",
            admin.actor.id,
            date.today(),
        ),
    )
    results = search.search(admin, "rollator")
    order = [k.key for k in registry.KINDS]
    assert [g.kind for g in results.groups] == sorted(
        [g.kind for g in results.groups], key=order.index
    )
    assert [g.heading for g in results.groups] == [
        registry.kind(g.kind).nouns.many for g in results.groups
    ]
    hit = results.hits[0]
    assert hit.snippet.marks
    for start, end in hit.snippet.marks:
        assert hit.snippet.text[start:end].casefold().startswith("rollator")
    assert MATCH_START not in hit.snippet.text and MATCH_END not in hit.snippet.text
    # Hits of the same title tell themselves apart by their unit.
    with admin.reading() as session:
        unit = session.get(Unit, unit_id)
        assert unit is not None
        assert {h.unit for h in results.hits} == {unit.name}


def test_the_index_follows_create_update_and_archive(
    admin: Context, manager: Context, unit_id: str
) -> None:
    deviation_id = _register(admin, unit_id, "Nyckeln försvann", "Nyckelskåpet stod öppet.")
    assert _titles(manager, "nyckelskåpet") == {"Nyckeln försvann"}
    # An update of a part (a cause found in the investigation) is indexed with its record.
    cause = deviations.CauseInput("Kvittenslistan användes inte", "verksamhet", "rutiner")
    deviations.save_investigation(manager, deviation_id, investigation(causes=[cause]))
    assert _titles(manager, "kvittenslistan") == {"Nyckeln försvann"}
    deviations.void(manager, deviation_id, "Registrerad två gånger")
    assert _titles(manager, "nyckel") == set()
    with admin.reading() as session:
        assert compare(session).ok


def test_a_failed_save_leaves_the_index_as_it_was(admin: Context, unit_id: str) -> None:
    class Stop(Exception):
        pass

    with pytest.raises(Stop), admin.unit_of_work() as uow:
        deviations.register_in(
            uow.session, admin, registration(unit_id, title="Aldrig sparad", description="Nej.")
        )
        uow.session.flush()
        raise Stop
    assert _titles(admin, "aldrig") == set()
    with admin.reading() as session:
        assert compare(session).ok


@pytest.fixture
def lex_sarah_people(admin: Context, unit_id: str) -> dict[str, Context]:
    def user(login: str, role: Role) -> Context:
        organisation.save_user(
            admin, organisation.UserInput(login, login.title(), None, [role], [unit_id])
        )
        return Context.for_login(admin.db, login)

    return {
        "ansvarig": user("lena", Role.LEX_SARAH),
        "personal": user("asa", Role.STAFF),
        "chef": user("per", Role.UNIT_MANAGER),
    }


def test_a_lex_sarah_case_never_appears_for_those_without_the_right(
    admin: Context,
    unit_id: str,
    lex_sarah_people: dict[str, Context],
    lex_sarah_individual: str,
) -> None:
    staff = lex_sarah_people["personal"]
    lexsarah.file_report(
        staff,
        lexsarah.ReportInput(
            "Trygghetslarmet tystnade",
            report_answers(unit_id, lex_sarah_people["ansvarig"].actor.id),
        ),
    )
    _register(admin, unit_id, "Trygghetslarmet laddades inte", "Batteriet var slut.")
    for who in ("personal", "chef"):
        results = search.search(lex_sarah_people[who], "trygghetslarmet")
        assert {g.kind for g in results.groups} == {"avvikelse"}
        shown = " ".join(h.title + h.snippet.text for h in results.hits)
        assert "tystnade" not in shown
        assert search.search(lex_sarah_people[who], "tystnade").hits == ()
        # The report's own words (its form) are as hidden as its title.
        assert search.search(lex_sarah_people[who], "golvet").hits == ()
    for who in (lex_sarah_people["ansvarig"], admin):
        assert {g.kind for g in search.search(who, "tystn").groups} == {"lexsarah"}
        found = search.search(who, "golvet").hits
        assert [h.kind for h in found] == ["lexsarah"]
        assert "golvet" in found[0].snippet.text
        # The reporter's name is not indexed (the reporter may need protection).
        assert search.search(who, "Öberg").hits == ()
    # The secret case is in the index all the same (the database is encrypted in use).
    with admin.reading() as session:
        found = session.execute(
            text("SELECT count(*) FROM search_index WHERE search_index MATCH :q"),
            {"q": '"tystnade"'},
        ).scalar_one()
    assert found == 1


def test_a_kind_the_user_may_not_read_is_left_out_not_refused(
    admin: Context, manager: Context, unit_id: str
) -> None:
    """A signed analysis of the unit matches, but a medarbetare may not read analyses: the
    search shows the rest (it never asks the kind's own rule, which would refuse)."""
    from datetime import timedelta

    from kvalitet_desktop.workflows.analysis import service as analyses

    organisation.save_user(
        admin, organisation.UserInput("personal", "Per Sonal", None, [Role.STAFF], [unit_id])
    )
    staff = Context.for_login(admin.db, "personal")
    today = date.today()
    data = analyses.AnalysisInput(
        "Vårens fallolyckor", today - timedelta(days=90), today, unit_id, None, "Text.", "Mer."
    )
    analyses.sign(admin, analyses.start_analysis(admin, data).id)
    _register(admin, unit_id, "Fallolyckor i trappan", "Räcket saknades.")
    assert {g.kind for g in search.search(manager, "fallolyckor").groups} == {
        "avvikelse",
        "analys",
    }
    assert {g.kind for g in search.search(staff, "fallolyckor").groups} == {"avvikelse"}


def test_only_administrators_rebuild_the_index(manager: Context) -> None:
    with pytest.raises(PermissionDenied):
        search.repair_index(manager)


def test_only_the_units_one_sees(
    admin: Context, manager: Context, unit_id: str, other_unit_id: str
) -> None:
    _register(admin, unit_id, "Dörren var olåst", "Entrédörren på kvällen.")
    _register(admin, other_unit_id, "Dörren gick i baklås", "Entrédörren på morgonen.")
    assert _titles(manager, "entrédörren") == {"Dörren var olåst"}
    assert _titles(admin, "entrédörren") == {"Dörren var olåst", "Dörren gick i baklås"}


def test_a_users_own_hit_is_found_behind_many_better_ones_of_other_units(
    admin: Context, manager: Context, unit_id: str, other_unit_id: str
) -> None:
    for n in range(12):
        _register(admin, other_unit_id, f"Sängen {n}", "Sängen sängen sängen var trasig.")
    _register(admin, unit_id, "Sängen i rum 4", "Grinden satt löst.")
    hits = search.search(manager, "sängen", limit=5).hits
    assert [h.title.split(" ", 1)[1] for h in hits] == ["Sängen i rum 4"]


def test_a_search_writes_nothing(admin: Context, unit_id: str) -> None:
    _register(admin, unit_id, "Vattenskada i köket", "Diskmaskinen läckte.")
    with admin.reading() as session:
        before = session.execute(text("SELECT count(*) FROM audit_log")).scalar_one()
    search.search(admin, "diskmaskinen")
    with admin.reading() as session:
        assert session.execute(text("SELECT count(*) FROM audit_log")).scalar_one() == before


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    typed=st.one_of(
        st.text(max_size=60),
        st.lists(
            st.sampled_from(
                [
                    '"',
                    "'",
                    "NEAR",
                    "NEAR(",
                    "AND",
                    "OR",
                    "NOT",
                    "(",
                    ")",
                    "*",
                    "^",
                    ":",
                    "-",
                    "+",
                    "title:",
                    "{title body}:",
                    "\x00",
                    "\x1f",
                    "å",
                    "fall",
                    "\\",
                    "%",
                    ";",
                ]
            ),
            max_size=12,
        ).map(" ".join),
    )
)
def test_hostile_input_never_reaches_fts5_as_syntax(admin: Context, typed: str) -> None:
    results = search.search(admin, typed)  # raises on an FTS5 syntax error
    assert results.text == typed
    expression = match_expression(typed)
    if expression is not None:
        with sqlite3.connect(":memory:") as conn:
            conn.execute("CREATE VIRTUAL TABLE t USING fts5(body)")
            conn.execute("SELECT * FROM t WHERE t MATCH ?", (expression,)).fetchall()
        conn.close()


def test_repair_rebuilds_a_dropped_index_and_check_reports_it(admin: Context, unit_id: str) -> None:
    _register(admin, unit_id, "Matleveransen kom inte", "Kylbilen var trasig.")
    with admin.db.engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE search_index")
    item = {i.name: i for i in check_database(admin.db).items}[SEARCH_INDEX_CHECK]
    assert not item.ok and "saknas" in item.message
    assert not search.search(admin, "kylbilen").index_available
    # Writes go on without the index; the rebuild takes them in.
    _register(admin, unit_id, "Matleveransen kom sent", "Kylbilen fastnade i kön.")
    assert search.repair_index(admin) >= 2
    assert _titles(admin, "kylbilen") == {"Matleveransen kom inte", "Matleveransen kom sent"}
    assert {i.name: i for i in check_database(admin.db).items}[SEARCH_INDEX_CHECK].ok


def test_check_names_what_the_index_lacks(admin: Context, unit_id: str) -> None:
    deviation_id = _register(admin, unit_id, "Glasögonen försvann", "De låg i tvättstugan.")
    with admin.db.engine.begin() as conn:
        conn.exec_driver_sql(
            "DELETE FROM search_index WHERE rowid IN "
            "(SELECT rowid FROM search_keys WHERE record_id = ?)",
            (deviation_id,),
        )
        conn.exec_driver_sql("DELETE FROM search_keys WHERE record_id = ?", (deviation_id,))
    item = {i.name: i for i in check_database(admin.db).items}[SEARCH_INDEX_CHECK]
    assert not item.ok
    assert [f.record for f in item.findings] == [f"avvikelse {deviation_id}"]


def test_an_empty_index_is_filled_when_the_database_is_opened(admin: Context, unit_id: str) -> None:
    _register(admin, unit_id, "Sängen var obäddad", "Lakanen saknades.")
    with admin.db.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM search_index")
        conn.exec_driver_sql("DELETE FROM search_keys")
    path = admin.db.path
    admin.db.close()
    from kvalitet_desktop.store.database import Database

    reopened = Database.open(path)
    try:
        ctx = Context.for_login(reopened, "admin")
        assert _titles(ctx, "lakanen") == {"Sängen var obäddad"}
    finally:
        reopened.close()


@pytest.mark.parametrize("kind", search.searchable_kinds(), ids=lambda k: k.key)
def test_the_index_keeps_the_unit_the_list_limits_by(kind: object) -> None:
    """The index query applies the lists' plain rule by the unit it keeps: for each kind that
    is its records table's unit, the column its list limits by (unless the list has a rule
    of its own, applied through the list itself)."""
    from kvalitet_desktop.domain.record_kind import RecordKind
    from kvalitet_desktop.services import listing

    assert isinstance(kind, RecordKind)
    spec = listing.spec_for(kind.key)
    _stmt, _cols, unit_col, _status, archived_col = spec.build()
    records_table = next(iter(kind.search_tables))
    assert kind.search_tables[records_table] == "id"
    assert (unit_col.table.name, unit_col.name) == (records_table, "unit_id")
    assert archived_col.table.name == records_table


def test_an_index_made_by_an_older_version_is_made_again_when_the_database_is_opened(
    admin: Context, unit_id: str
) -> None:
    """What a kind indexes changes between versions; the new version's first open indexes
    again, so ``kvalitet check`` does not find every record stale afterwards."""
    from kvalitet_desktop.store.database import Database
    from kvalitet_desktop.store.search_index import FORMAT, FORMAT_TABLE, index_format

    _register(admin, unit_id, "Dörren var olåst", "Ytterdörren stod öppen på natten.")
    with admin.db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE search_index SET body = 'gammal text'")
        conn.exec_driver_sql(f"DROP TABLE {FORMAT_TABLE}")  # as indexed before formats
    item = {i.name: i for i in check_database(admin.db).items}[SEARCH_INDEX_CHECK]
    assert not item.ok
    path = admin.db.path
    admin.db.close()
    reopened = Database.open(path)
    try:
        ctx = Context.for_login(reopened, "admin")
        assert _titles(ctx, "ytterdörren") == {"Dörren var olåst"}
        with reopened.engine.connect() as conn:
            assert index_format(conn) == FORMAT
        item = {i.name: i for i in check_database(reopened).items}[SEARCH_INDEX_CHECK]
        assert item.ok, item.findings
    finally:
        reopened.close()
