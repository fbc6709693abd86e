"""Legal references and IVO's regional departments, kept as data an administrator can edit.

Forms and reports name a reference by its code; no paragraph number lives in the code. The
defaults below are written into the database on first use (audited like any record) and are
marked "att verifiera" until someone has checked them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kvalitet_desktop.domain.errors import Collector, NotFound
from kvalitet_desktop.domain.roles import SETTINGS_CHANGE
from kvalitet_desktop.domain.text_rules import (
    TextKind,
    clean_day,
    clean_optional_text,
    clean_text,
    known_id,
)
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.store.models import IvoDepartment, LegalReference

UNVERIFIED = "att verifiera"

# (code, title, reference, note, historical)
DEFAULT_REFERENCES: tuple[tuple[str, str, str, str, bool], ...] = (
    (
        "sosfs_2011_9",
        "Ledningssystem för systematiskt kvalitetsarbete",
        "SOSFS 2011:9",
        "Ändrad t.o.m. HSLF-FS 2023:27.",
        False,
    ),
    (
        "sosfs_2011_5",
        "Socialstyrelsens föreskrifter och allmänna råd om lex Sarah",
        "SOSFS 2011:5",
        "Ändrad t.o.m. SOSFS 2013:16.",
        False,
    ),
    (
        "sosfs_2011_5_5kap",
        "Dokumentation av utredningen",
        "5 kap. SOSFS 2011:5",
        "",
        False,
    ),
    (
        "sol_2001_453_14kap_3_7",
        "Rapportera, utreda, avhjälpa och anmäla (lex Sarah)",
        "14 kap. 3–7 §§ socialtjänstlagen (2001:453)",
        "Historisk hänvisning: lagen ersattes av SFS 2025:400 den 1 juli 2025.",
        True,
    ),
    (
        "lss_24a_24g",
        "Lex Sarah i verksamhet enligt LSS",
        "24 a–24 g §§ LSS (1993:387)",
        "",
        False,
    ),
    (
        "sol_2025_400",
        "Socialtjänstlag",
        "SFS 2025:400",
        "Var bestämmelserna om lex Sarah finns i den nya lagen är inte kontrollerat.",
        False,
    ),
    (
        "osl_26_1",
        "Sekretess inom socialtjänsten",
        "26 kap. 1 § offentlighets- och sekretesslagen (2009:400)",
        "",
        False,
    ),
)

# IVO's six regional departments and their counties; to be checked against IVO's own pages.
DEFAULT_DEPARTMENTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "IVO avdelning nord",
        ("Norrbottens län", "Västerbottens län", "Västernorrlands län", "Jämtlands län"),
    ),
    (
        "IVO avdelning mitt",
        (
            "Dalarnas län",
            "Gävleborgs län",
            "Uppsala län",
            "Värmlands län",
            "Västmanlands län",
            "Örebro län",
        ),
    ),
    ("IVO avdelning Stockholm", ("Stockholms län", "Gotlands län")),
    ("IVO avdelning väst", ("Västra Götalands län", "Hallands län")),
    (
        "IVO avdelning sydost",
        ("Jönköpings län", "Kalmar län", "Östergötlands län", "Södermanlands län"),
    ),
    ("IVO avdelning syd", ("Skåne län", "Blekinge län", "Kronobergs län")),
)


@dataclass(frozen=True)
class ReferenceView:
    id: str
    code: str
    title: str
    reference: str
    note: str | None
    historical: bool
    verified_on: date | None

    @property
    def display(self) -> str:
        """The reference as printed: marked until it has been checked."""
        marker = "" if self.verified_on else f" ({UNVERIFIED})"
        return f"{self.reference}{marker}"


@dataclass(frozen=True)
class DepartmentView:
    id: str
    name: str
    counties: tuple[str, ...]
    postal_address: str | None
    verified_on: date | None


def _ensure_defaults(ctx: Context) -> None:
    """Write the default references whose codes are missing, and the departments if there are
    none. References have fixed codes, so one added by hand never blocks the others."""
    with ctx.reading() as session:
        have = set(session.scalars(select(LegalReference.code)))
        has_departments = session.scalar(select(func.count()).select_from(IvoDepartment))
    missing = [d for d in DEFAULT_REFERENCES if d[0] not in have]
    if not missing and has_departments:
        return
    with ctx.unit_of_work() as uow:
        session = uow.session
        have = set(session.scalars(select(LegalReference.code)))
        for code, title, reference, note, historical in DEFAULT_REFERENCES:
            if code not in have:
                session.add(
                    LegalReference(
                        code=code,
                        title=title,
                        reference=reference,
                        note=note or None,
                        historical=historical,
                    )
                )
        if not session.scalar(select(func.count()).select_from(IvoDepartment)):
            for name, counties in DEFAULT_DEPARTMENTS:
                session.add(IvoDepartment(name=name, counties="\n".join(counties)))


def references(ctx: Context) -> list[ReferenceView]:
    _ensure_defaults(ctx)
    with ctx.reading() as session:
        rows = session.scalars(select(LegalReference).order_by(LegalReference.code)).all()
        return [_reference_view(r) for r in rows]


def reference_map(ctx: Context) -> dict[str, ReferenceView]:
    return {r.code: r for r in references(ctx)}


def _reference_view(row: LegalReference) -> ReferenceView:
    return ReferenceView(
        row.id, row.code, row.title, row.reference, row.note, row.historical, row.verified_on
    )


def save_reference(
    ctx: Context,
    code: str,
    title: str,
    reference: str,
    note: str | None = None,
    *,
    historical: bool = False,
    verified_on: date | None = None,
) -> None:
    """Add or change a reference (administrators)."""
    ctx.require(SETTINGS_CHANGE)
    code = clean_text("code", code, TextKind.CODE)
    title = clean_text("title", title, TextKind.SHORT)
    reference = clean_text("reference", reference, TextKind.SHORT)
    note = clean_optional_text("note", note, TextKind.MEDIUM)
    clean_day("verified_on", verified_on)
    _ensure_defaults(ctx)
    errors = Collector()
    errors.require("code", code, "Ange en kod.")
    errors.require("title", title, "Ange en benämning.")
    errors.require("reference", reference, "Ange lagrummet.")
    errors.raise_if_any()
    with ctx.unit_of_work() as uow:
        session = uow.session
        row = session.scalar(select(LegalReference).where(LegalReference.code == code.strip()))
        if row is None:
            row = LegalReference(code=code.strip(), title=title, reference=reference)
            session.add(row)
        values = {
            "title": title.strip(),
            "reference": reference.strip(),
            "note": (note or "").strip() or None,
            "historical": historical,
            "verified_on": verified_on,
        }
        for key, value in values.items():
            if getattr(row, key) != value:
                setattr(row, key, value)


def departments(ctx: Context) -> list[DepartmentView]:
    _ensure_defaults(ctx)
    with ctx.reading() as session:
        rows = session.scalars(
            select(IvoDepartment)
            .where(IvoDepartment.archived_at.is_(None))
            .order_by(IvoDepartment.name)
        ).all()
        return [_department_view(r) for r in rows]


def _department_view(row: IvoDepartment) -> DepartmentView:
    counties = tuple(c.strip() for c in row.counties.splitlines() if c.strip())
    return DepartmentView(row.id, row.name, counties, row.postal_address, row.verified_on)


def department_for_county(ctx: Context, county: str | None) -> DepartmentView | None:
    """The department that supervises activities in ``county`` (None if unknown)."""
    if not county:
        return None
    wanted = county.strip().casefold()
    for department in departments(ctx):
        if any(c.casefold() == wanted for c in department.counties):
            return department
    return None


def save_department(
    ctx: Context,
    name: str,
    counties: list[str],
    postal_address: str | None,
    department_id: str | None = None,
    verified_on: date | None = None,
) -> str:
    ctx.require(SETTINGS_CHANGE)
    name = clean_text("name", name, TextKind.SHORT)
    if not isinstance(counties, list | tuple):
        counties = [counties] if isinstance(counties, str) else []
    counties = [clean_text("counties", c, TextKind.SHORT) for c in counties]
    postal_address = clean_optional_text("postal_address", postal_address, TextKind.MEDIUM)
    clean_day("verified_on", verified_on)
    _ensure_defaults(ctx)
    errors = Collector()
    errors.require("name", name, "Ange avdelningens namn.")
    if not [c for c in counties if c.strip()]:
        errors.add("counties", "Ange minst ett län.")
    errors.raise_if_any()
    with ctx.unit_of_work() as uow:
        session: Session = uow.session
        if department_id is None:
            row = IvoDepartment(name=name.strip(), counties="")
            session.add(row)
        else:
            found = session.get(IvoDepartment, known_id(department_id, "Avdelningen finns inte."))
            if found is None:
                raise NotFound("Avdelningen finns inte.")
            row = found
        values = {
            "name": name.strip(),
            "counties": "\n".join(c.strip() for c in counties if c.strip()),
            "postal_address": (postal_address or "").strip() or None,
            "verified_on": verified_on,
        }
        for key, value in values.items():
            if getattr(row, key) != value:
                setattr(row, key, value)
        session.flush()
        return row.id
