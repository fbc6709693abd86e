"""The forms loader, the municipality's own forms folder, editable lists and stored answers."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from kvalitet_desktop.domain.causes import CauseLevel
from kvalitet_desktop.domain.errors import NotFound, PermissionDenied, ValidationFailed
from kvalitet_desktop.domain.forms import (
    FieldDef,
    FieldType,
    FormAnswers,
    FormDef,
    Nature,
    Provenance,
    validate_answers,
)
from kvalitet_desktop.domain.roles import Role
from kvalitet_desktop.paths import shipped_dir
from kvalitet_desktop.services import forms, organisation
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.store.models import AuditEntry, FormDefinitionRecord, FormRecord
from kvalitet_desktop.workflows.lexsarah.domain import (
    CaseType,
    ClosingKind,
    IvoChannel,
    Seriousness,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "forms"
SHIPPED_IDS = {"lex_sarah_rapport", "lex_sarah_utredning", "ivo_anmalan"}
OWNER = "11111111-2222-3333-4444-555555555555"


def shipped() -> forms.FormCatalog:
    return forms.load_definitions([shipped_dir("forms")])


def all_fields(form: FormDef) -> list[FieldDef]:
    found: list[FieldDef] = []
    for _, f in form.fields():
        found += [f, *f.fields]
    return found


def option_values(form: FormDef, field_id: str) -> set[str]:
    return {o.value for o in form.field(field_id).options}


# --- the shipped definitions -----------------------------------------------------------------


def test_shipped_definitions_load_without_problems() -> None:
    catalog = shipped()
    assert catalog.problems == []
    assert {f.id for f in catalog.forms()} == SHIPPED_IDS
    for form in catalog.forms():
        assert form.version >= 1 and form.title and form.reference
        assert form.source_text.startswith("#")
        for f in all_fields(form):
            assert f.label.strip()
            assert f.options_from in (None, *forms.DEFAULT_LISTS)


def test_every_field_type_appears_in_a_shipped_form_and_in_the_fixture() -> None:
    used = {f.type for form in shipped().forms() for f in all_fields(form)}
    assert used == set(FieldType)
    custom = forms.load_definitions([FIXTURES / "custom"]).get("egenkontroll_hygien")
    assert {f.type for f in all_fields(custom)} == set(FieldType)


def test_utredning_follows_the_items_of_the_investigation() -> None:
    form = shipped().get("lex_sarah_utredning")
    assert [s.id for s in form.sections] == [
        "grunduppgifter",
        "handelse",
        "tidpunkt",
        "uppmarksammat",
        "orsaker",
        "tidigare",
        "upprepning",
        "avhjalpande",
        "ovrigt",
        "enskildes_syn",
        "bedomning",
        "avslut",
    ]
    with_provenance = {s.id for s in form.sections if s.provenance}
    assert with_provenance == {
        "handelse",
        "tidpunkt",
        "uppmarksammat",
        "orsaker",
        "tidigare",
        "upprepning",
        "avhjalpande",
        "ovrigt",
        "enskildes_syn",
    }
    causes = form.field("orsaker")
    assert causes.type is FieldType.GROUP
    assert [(c.id, c.type, c.required) for c in causes.fields] == [
        ("beskrivning", FieldType.LONG_TEXT, True),
        ("niva", FieldType.CHOICE, True),
        ("omrade", FieldType.CHOICE, False),
    ]
    assert causes.fields[2].options_from == forms.CAUSE_AREAS
    assert form.field("bedomning_motivering").required
    assert form.field("informerad").motivation_when == "nej"


def test_option_values_match_the_lex_sarah_vocabulary() -> None:
    catalog = shipped()
    rapport = catalog.get("lex_sarah_rapport")
    utredning = catalog.get("lex_sarah_utredning")
    anmalan = catalog.get("ivo_anmalan")
    assert option_values(rapport, "typ") == {t.value for t in CaseType}
    assert rapport.field("kategori").options_from == forms.LEX_SARAH_CATEGORIES
    assert option_values(utredning, "bedomning") == {s.value for s in Seriousness}
    assert {o.value for o in utredning.field("orsaker").fields[1].options} == {
        c.value for c in CauseLevel
    }
    assert option_values(utredning, "avslut_form") == {k.value for k in ClosingKind}
    assert option_values(anmalan, "kategori") == {s.value for s in Seriousness if s.is_serious}
    assert option_values(anmalan, "satt") == {c.value for c in IvoChannel}


COMPLETE_RAPPORT: dict[str, Any] = {
    "rapportor_namn": "Åsa Öberg",
    "rapportor_befattning": "Undersköterska",
    "rapportor_enhet": "enhet-1",
    "mottagen_av": "anvandare-1",
    "mottagen_tid": "2026-03-04 09:15",
    "rapportsatt": "skriftlig",
    "enhet": "enhet-1",
    "enskild": "flera",
    "enskilda": [{"kod": "AB-12"}, {"kod": "CD-34"}],
    "typ": "missförhållande",
    "beskrivning": "Larmet på rum 4 fungerade inte under natten.",
    "intraffade": "2026-03-03 23:40",
    "uppmarksammat_tid": "2026-03-04 06:30",
    "uppmarksammat_hur": "Morgonpersonalen fann den boende på golvet.",
    "konsekvenser": "Blåmärken; kunde ha blivit en fraktur.",
    "kategori": "fysisk miljö och teknik",
    "atgarder_vidtagna": {"svar": "ja", "motivering": ""},
    "omedelbara_atgarder": "Larmet byttes samma morgon.",
}


def test_a_complete_rapport_validates_and_conditions_apply() -> None:
    form = shipped().get("lex_sarah_rapport")
    lists = {k: list(v) for k, v in forms.DEFAULT_LISTS.items()}
    assert validate_answers(form, FormAnswers(dict(COMPLETE_RAPPORT)), lists) == []

    values = {**COMPLETE_RAPPORT, "rapportsatt": "muntlig", "kategori": "okänd kategori"}
    values["atgarder_vidtagna"] = {"svar": "nej", "motivering": ""}
    problems = {e.field for e in validate_answers(form, FormAnswers(values), lists)}
    assert problems == {"nedskriven_av", "kategori", "atgarder_vidtagna.motivering"}


def test_utredning_items_need_provenance() -> None:
    form = shipped().get("lex_sarah_utredning")
    answers = FormAnswers({"handelse_beskrivning": "Larmet var avstängt."})
    problems = {e.field for e in validate_answers(form, answers)}
    assert "handelse_beskrivning.provenance" in problems
    answers.provenance["handelse_beskrivning"] = Provenance(
        "2026-03-05", "Samtal med nattpersonal", Nature.FACT, "Eva Ek, utredare"
    )
    problems = {e.field for e in validate_answers(form, answers)}
    assert "handelse_beskrivning.provenance" not in problems


# --- broken files, the municipality's folder -------------------------------------------------


def test_broken_definitions_are_reported_with_file_and_key() -> None:
    catalog = forms.load_definitions([shipped_dir("forms"), FIXTURES / "broken"])
    assert {f.id for f in catalog.forms()} == {*SHIPPED_IDS, "fungerande"}
    by_file = {p.path.name: p for p in catalog.problems}
    assert set(by_file) == {
        "syntaxfel.toml",
        "okand_typ.toml",
        "saknar_id.toml",
        "felstavad_nyckel.toml",
    }
    for name, problem in by_file.items():
        assert name in problem.message
    assert "rad 4" in by_file["syntaxfel.toml"].message
    assert "TOML" in by_file["syntaxfel.toml"].message
    assert "sections[0].fields[1].type" in by_file["okand_typ.toml"].message
    assert "färg" in by_file["okand_typ.toml"].message
    assert ": id: saknas" in by_file["saknar_id.toml"].message
    assert "sections[0].fields[0].requird" in by_file["felstavad_nyckel.toml"].message
    assert by_file["okand_typ.toml"].form_id == "okand_typ"
    with pytest.raises(NotFound, match="okand_typ"):
        catalog.get("okand_typ")


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ('required = "ja"', "sections[0].fields[0].required"),
        ("min_rows = -1", "sections[0].fields[0].min_rows"),
        ('options = "a, b"', "sections[0].fields[0].options"),
        ('options_from = "okanda"', "sections[0].fields[0].options_from"),
    ],
)
def test_wrongly_typed_values_are_refused(tmp_path: Path, line: str, key: str) -> None:
    options = "" if line.startswith("options =") else 'options = ["x"]\n'
    (tmp_path / "form.toml").write_text(
        'id = "prov"\nversion = 1\ntitle = "Prov"\n[[sections]]\nid = "a"\ntitle = "A"\n'
        f'[[sections.fields]]\nid = "f"\ntype = "choice"\nlabel = "F"\n{options}{line}\n',
        encoding="utf-8",
    )
    catalog = forms.load_definitions([tmp_path])
    assert len(catalog.problems) == 1
    assert key in catalog.problems[0].message


def test_an_override_that_drops_fields_is_refused(tmp_path: Path) -> None:
    """Workflows read fields by id: a municipality's form may add fields, not drop them."""
    (tmp_path / "rapport.toml").write_text(
        'id = "lex_sarah_rapport"\nversion = 5\ntitle = "Kort rapport"\n[[sections]]\n'
        'id = "a"\ntitle = "A"\n[[sections.fields]]\nid = "beskrivning"\ntype = "longtext"\n'
        'label = "Vad hände?"\n',
        encoding="utf-8",
    )
    catalog = forms.load_definitions([shipped_dir("forms"), tmp_path])
    [problem] = catalog.problems
    assert "saknar fält" in problem.message and "kategori" in problem.message
    assert catalog.get("lex_sarah_rapport").version == 1


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    text = (FIXTURES / "broken" / "a_fungerande.toml").read_text(encoding="utf-8")
    (tmp_path / "bom.toml").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    catalog = forms.load_definitions([tmp_path])
    assert catalog.problems == []
    assert "fungerande" in catalog


def test_municipality_folder_adds_forms_and_overrides_only_with_a_newer_version() -> None:
    catalog = forms.load_definitions([shipped_dir("forms"), FIXTURES / "custom"])
    assert "egenkontroll_hygien" in catalog
    rapport = catalog.get("lex_sarah_rapport")
    assert rapport.version == 2 and rapport.title.endswith("(Exempelå kommun)")
    assert catalog.get("lex_sarah_rapport", 1).field("kategori").label == "Kategori"
    assert catalog.versions("lex_sarah_rapport") == [1, 2]
    assert catalog.get("ivo_anmalan").title == "Anmälan till IVO enligt lex Sarah"
    assert catalog.versions("ivo_anmalan") == [2]
    [problem] = catalog.problems
    assert problem.path.name == "ivo_anmalan.toml" and problem.form_id == "ivo_anmalan"
    assert "högre version" in problem.message
    with pytest.raises(NotFound, match="version 7"):
        catalog.get("lex_sarah_rapport", 7)


def test_a_missing_folder_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    catalog = forms.load_definitions([shipped_dir("forms"), tmp_path / "borta"])
    assert {f.id for f in catalog.forms()} == SHIPPED_IDS
    assert "finns inte" in catalog.problems[0].message


def test_catalog_follows_the_setting_and_is_cached(admin: Context, tmp_path: Path) -> None:
    first = forms.catalog(admin)
    assert forms.catalog(admin) is first
    assert forms.forms_folder(admin) is None

    own = tmp_path / "kommunens_formular"
    own.mkdir()
    for name in ("egenkontroll_hygien.toml", "ivo_anmalan.toml"):
        (own / name).write_text((FIXTURES / "custom" / name).read_text("utf-8"), "utf-8")
    problems = forms.set_forms_folder(admin, own)
    assert forms.forms_folder(admin) == own.resolve()
    assert [p.path.name for p in problems] == ["ivo_anmalan.toml"]
    with_own = forms.catalog(admin)
    assert "egenkontroll_hygien" in with_own and "egenkontroll_hygien" not in first
    assert forms.catalog(admin) is with_own

    # A changed file is read again.
    (own / "ivo_anmalan.toml").unlink()
    assert forms.catalog(admin) is not with_own
    assert forms.catalog(admin).problems == []

    assert forms.set_forms_folder(admin, None) == []
    assert forms.forms_folder(admin) is None
    assert "egenkontroll_hygien" not in forms.catalog(admin)


def test_a_folder_that_does_not_exist_is_refused(admin: Context, tmp_path: Path) -> None:
    with pytest.raises(ValidationFailed) as caught:
        forms.set_forms_folder(admin, tmp_path / "finns_inte")
    assert "finns inte" in caught.value.for_field(forms.FORMS_FOLDER)[0]
    a_file = tmp_path / "fil.toml"
    a_file.write_text("", "utf-8")
    with pytest.raises(ValidationFailed, match="inte en mapp"):
        forms.set_forms_folder(admin, a_file)
    with pytest.raises(ValidationFailed, match="programmets egen"):
        forms.set_forms_folder(admin, shipped_dir("forms"))
    assert forms.forms_folder(admin) is None


# --- editable lists and permissions ----------------------------------------------------------


def test_editable_lists_have_defaults_and_can_be_changed(admin: Context) -> None:
    lists = forms.editable_lists(admin)
    assert lists[forms.LEX_SARAH_CATEGORIES][0] == "rättssäkerhet"
    assert "samverkan" in lists[forms.CAUSE_AREAS]

    stored = forms.set_editable_list(
        admin, forms.CAUSE_AREAS, ["  rutiner ", "kompetens", "lokaler  och   utrustning"]
    )
    assert stored == ["rutiner", "kompetens", "lokaler och utrustning"]
    assert forms.editable_lists(admin)[forms.CAUSE_AREAS] == stored
    assert forms.editable_lists(admin)[forms.LEX_SARAH_CATEGORIES][0] == "rättssäkerhet"

    for values, message in (
        (["rutiner", "Rutiner"], "finns redan"),
        (["rutiner", "  "], "tom"),
        ([], "minst ett värde"),
    ):
        with pytest.raises(ValidationFailed, match=message):
            forms.set_editable_list(admin, forms.CAUSE_AREAS, values)
    with pytest.raises(ValidationFailed, match="ingen lista"):
        forms.set_editable_list(admin, "okand_lista", ["a"])
    assert forms.editable_lists(admin)[forms.CAUSE_AREAS] == stored


def test_only_administrators_change_the_forms_folder_and_the_lists(
    admin: Context, manager: Context, tmp_path: Path
) -> None:
    with pytest.raises(PermissionDenied):
        forms.set_forms_folder(manager, tmp_path)
    with pytest.raises(PermissionDenied):
        forms.set_editable_list(manager, forms.CAUSE_AREAS, ["rutiner"])

    organisation.save_user(
        admin,
        organisation.UserInput(
            login="kvalitet", name="Kim Kvalitet", roles=[Role.QUALITY_COORDINATOR]
        ),
    )
    coordinator = Context.for_login(admin.db, "kvalitet")
    forms.set_editable_list(coordinator, forms.LEX_SARAH_CATEGORIES, ["bemötande", "annat"])
    with pytest.raises(PermissionDenied):
        forms.set_forms_folder(coordinator, tmp_path)

    assert forms.set_forms_folder(admin, tmp_path) == []
    assert forms.forms_folder(manager) == tmp_path.resolve()
    assert forms.editable_lists(manager)[forms.LEX_SARAH_CATEGORIES] == ["bemötande", "annat"]


# --- stored answers and definitions ----------------------------------------------------------


def audit_count(ctx: Context, entity: str) -> int:
    with ctx.reading() as session:
        return int(
            session.scalar(
                select(func.count()).select_from(AuditEntry).where(AuditEntry.entity == entity)
            )
            or 0
        )


def test_answers_round_trip_with_swedish_letters(admin: Context) -> None:
    catalog = forms.catalog(admin)
    form = catalog.get("lex_sarah_rapport")
    answers = FormAnswers(
        copy.deepcopy(COMPLETE_RAPPORT),
        {"beskrivning": Provenance("2026-03-04", "Rapportören", Nature.FACT, "Åke Ärlig, chef")},
    )
    with admin.unit_of_work() as uow:
        forms.save_answers(uow.session, "lex_sarah_rapport", OWNER, form, answers)
    with admin.reading() as session:
        loaded = forms.load_answers(session, catalog, "lex_sarah_rapport", OWNER)
        stored_text = session.scalar(select(FormRecord.answers))
        snapshots = session.scalars(select(FormDefinitionRecord)).all()
    assert loaded is not None
    loaded_form, loaded_answers = loaded
    assert loaded_form is form
    assert loaded_answers == answers
    assert loaded_answers.values["rapportor_namn"] == "Åsa Öberg"
    assert stored_text is not None and "Åsa Öberg" in stored_text  # readable, not \u-escaped
    assert [(s.form_id, s.version) for s in snapshots] == [("lex_sarah_rapport", 1)]
    assert snapshots[0].source_text == form.source_text

    # Saving the same answers again writes nothing; a change is one audited update.
    before = audit_count(admin, "form_records")
    with admin.unit_of_work() as uow:
        forms.save_answers(uow.session, "lex_sarah_rapport", OWNER, form, answers)
    assert audit_count(admin, "form_records") == before
    answers.values["beskrivning"] = "Larmet på rum 4 fungerade inte – ändrat."
    with admin.unit_of_work() as uow:
        forms.save_answers(uow.session, "lex_sarah_rapport", OWNER, form, answers)
    assert audit_count(admin, "form_records") == before + 1
    assert audit_count(admin, "form_definitions") == 1

    with admin.reading() as session:
        assert forms.load_answers(session, catalog, "lex_sarah_rapport", "annan") is None


def test_group_rows_get_stable_keys(admin: Context) -> None:
    catalog = forms.catalog(admin)
    form = catalog.get("lex_sarah_utredning")
    rows = [
        {"beskrivning": "Ingen rutin för test av larm", "niva": "verksamhet"},
        {"beskrivning": "Larmleverantören meddelade inte felet", "niva": "system"},
    ]
    answers = FormAnswers({"orsaker": rows})
    with admin.unit_of_work() as uow:
        forms.save_answers(uow.session, "lex_sarah_utredning", OWNER, form, answers)
    keys = [row[forms.ROW_KEY] for row in rows]  # assigned in place, seen by the caller
    assert len(set(keys)) == 2 and all(keys)
    with admin.reading() as session:
        loaded = forms.load_answers(session, catalog, "lex_sarah_utredning", OWNER)
    assert loaded is not None
    again = loaded[1]
    again.values["orsaker"].reverse()
    with admin.unit_of_work() as uow:
        forms.save_answers(uow.session, "lex_sarah_utredning", OWNER, form, again)
    assert [row[forms.ROW_KEY] for row in again.values["orsaker"]] == keys[::-1]


def test_malformed_values_are_not_stored(admin: Context) -> None:
    form = forms.catalog(admin).get("lex_sarah_rapport")
    bad = FormAnswers({"mottagen_tid": "igår", "enskild": "19121212-1212"})
    with pytest.raises(ValidationFailed) as caught, admin.unit_of_work() as uow:
        forms.save_answers(uow.session, "lex_sarah_rapport", OWNER, form, bad)
    assert {e.field for e in caught.value.errors} == {"mottagen_tid", "enskild"}
    # Incomplete is fine: completeness is the caller's rule.
    with admin.unit_of_work() as uow:
        forms.save_answers(
            uow.session, "lex_sarah_rapport", OWNER, form, FormAnswers({"enskild": "okänd"})
        )


VERSION_1 = """\
id = "egen_uppfoljning"
version = 1
title = "Egen uppföljning"

[[sections]]
id = "allmant"
title = "Allmänt"

[[sections.fields]]
id = "gammal_fraga"
type = "text"
label = "Fråga som sedan togs bort"
"""


def test_an_old_record_opens_with_its_stored_definition(admin: Context, tmp_path: Path) -> None:
    (tmp_path / "egen.toml").write_text(VERSION_1, encoding="utf-8")
    old_catalog = forms.load_definitions([tmp_path])
    old_form = old_catalog.get("egen_uppfoljning")
    with admin.unit_of_work() as uow:
        forms.save_answers(
            uow.session, "uppfoljning", OWNER, old_form, FormAnswers({"gammal_fraga": "Svar"})
        )

    new_text = VERSION_1.replace("version = 1", "version = 2").replace("gammal_", "ny_")
    (tmp_path / "egen.toml").write_text(new_text, encoding="utf-8")
    new_catalog = forms.load_definitions([tmp_path])
    assert new_catalog.versions("egen_uppfoljning") == [2]

    with admin.reading() as session:
        loaded = forms.load_answers(session, new_catalog, "uppfoljning", OWNER)
    assert loaded is not None
    form, answers = loaded
    assert form.version == 1 and "sparad kopia" in form.source
    assert form.field("gammal_fraga").label == "Fråga som sedan togs bort"
    assert form.sections == old_form.sections
    assert answers.values == {"gammal_fraga": "Svar"}

    with admin.reading() as session, pytest.raises(NotFound, match="version 5"):
        forms.definition_for(session, new_catalog, "egen_uppfoljning", 5)


def test_a_snapshot_is_kept_once_per_version(admin: Context) -> None:
    form = forms.catalog(admin).get("ivo_anmalan")
    with admin.unit_of_work() as uow:
        forms.ensure_snapshot(uow.session, form)
        forms.ensure_snapshot(uow.session, form)
    with admin.unit_of_work() as uow:
        forms.ensure_snapshot(uow.session, form)
    with admin.reading() as session:
        count = session.scalar(select(func.count()).select_from(FormDefinitionRecord))
    assert count == 1


def test_the_example_in_the_readme_is_a_valid_form() -> None:
    readme = (shipped_dir("forms") / "README.md").read_text(encoding="utf-8")
    example = readme.split("```toml\n", 1)[1].split("```", 1)[0]
    form = forms.parse_definition_text(example, "README.md", strict=True)
    assert form.id == "egenkontroll_hygien"
