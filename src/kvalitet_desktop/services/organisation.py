"""The municipality, its organisation and its users."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kvalitet_desktop.domain.errors import Collector, NotFound, RuleViolation
from kvalitet_desktop.domain.organisation import (
    ADDRESS_KIND,
    DEFAULT_AREAS,
    NAME_KIND,
    SETUP_LIMITS,
    USER_LIMITS,
    normalise_org_number,
    valid_login,
)
from kvalitet_desktop.domain.roles import ORGANISATION_ADMINISTER, USERS_ADMINISTER, Role
from kvalitet_desktop.domain.text_rules import (
    TextKind,
    clean_input,
    clean_optional_text,
    clean_text,
    known_id,
)
from kvalitet_desktop.services import references
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.store.database import Database
from kvalitet_desktop.store.models import (
    Area,
    Board,
    Individual,
    Municipality,
    Unit,
    User,
    UserRole,
    UserUnit,
)
from kvalitet_desktop.store.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class SetupInput:
    municipality: str
    org_number: str
    admin_login: str
    admin_name: str
    admin_title: str = "Systemadministratör"
    board: str = "Socialnämnden"


@dataclass(frozen=True)
class UnitInfo:
    id: str
    name: str
    area: str
    board: str
    address: str | None = None  # besöksadress: prefills the notification to IVO


@dataclass(frozen=True)
class MunicipalityInfo:
    id: str
    name: str
    org_number: str
    county: str | None = None  # län: decides which IVO regional department is concerned
    address: str | None = None


@dataclass(frozen=True)
class UserInfo:
    id: str
    login: str
    name: str
    title: str | None
    active: bool
    roles: tuple[Role, ...]
    unit_ids: tuple[str, ...]
    units: tuple[str, ...]


@dataclass
class UserInput:
    login: str
    name: str
    title: str | None = None
    roles: list[Role] = field(default_factory=list)
    unit_ids: list[str] = field(default_factory=list)
    active: bool = True


@dataclass(frozen=True)
class AreaNode:
    id: str
    name: str
    units: tuple[UnitInfo, ...]


@dataclass(frozen=True)
class BoardNode:
    id: str
    name: str
    areas: tuple[AreaNode, ...]


def is_initialised(db: Database) -> bool:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(Municipality)) != 0


def holds_data(db: Database) -> bool:
    with db.session() as session:
        return (
            session.scalar(select(func.count()).select_from(Municipality)) != 0
            or session.scalar(select(func.count()).select_from(User)) != 0
        )


def _check_municipality(errors: Collector, name_key: str, name: str, org_number: str) -> None:
    """The municipality's name and organisationsnummer, as at set-up and when changed."""
    errors.require(name_key, name, "Ange kommunens namn.")
    if not normalise_org_number(org_number):
        errors.add(
            "org_number",
            "Organisationsnumret ska ha formen NNNNNN-NNNN och vara giltigt (kontrollsiffra).",
        )


def validate_setup(data: SetupInput) -> SetupInput:
    """``data`` cleaned (NFC), or ``ValidationFailed`` naming every field that is wrong."""
    data = clean_input(data, SETUP_LIMITS)
    errors = Collector()
    _check_municipality(errors, "municipality", data.municipality, data.org_number)
    if not valid_login(data.admin_login):
        errors.add(
            "admin_login",
            "Inloggningen får innehålla små bokstäver a–z, siffror, punkt, bindestreck och "
            "understreck (2–40 tecken).",
        )
    errors.require("admin_name", data.admin_name, "Ange användarens namn.")
    errors.raise_if_any()
    return data


def setup_municipality(db: Database, data: SetupInput) -> str:
    """First start: the municipality, its board, default areas and the first administrator.

    Returns the administrator's login.
    """
    data = validate_setup(data)
    if is_initialised(db):
        raise RuleViolation("Databasen har redan en kommun.")
    org_number = normalise_org_number(data.org_number)
    assert org_number is not None
    with UnitOfWork(db, None, "system") as uow:
        session = uow.session
        admin = User(login=data.admin_login, name=data.admin_name.strip(), title=data.admin_title)
        session.add(admin)
        session.flush()
        session.info["actor_id"] = admin.id
        session.info["actor_login"] = admin.login
        session.add(UserRole(user_id=admin.id, role=Role.ADMIN.value))
        municipality = Municipality(name=data.municipality.strip(), org_number=org_number)
        session.add(municipality)
        session.flush()
        board = Board(municipality_id=municipality.id, name=data.board)
        session.add(board)
        session.flush()
        for name in DEFAULT_AREAS:
            session.add(Area(board_id=board.id, name=name))
    return data.admin_login


def municipality(ctx: Context) -> MunicipalityInfo:
    with ctx.reading() as session:
        row = session.scalar(select(Municipality))
        if row is None:
            raise NotFound("Databasen har ingen kommun än.")
        return MunicipalityInfo(row.id, row.name, row.org_number, row.county, row.address)


def update_municipality(
    ctx: Context, name: str, org_number: str, county: str | None, address: str | None
) -> None:
    """Change the municipality's name, organisationsnummer, län and address (administrators).

    The county may be left empty; when given it must be one of the counties of IVO's regional
    departments (``references.departments``), since it decides where notifications go.
    """
    ctx.require(ORGANISATION_ADMINISTER)
    name = clean_text("name", name, NAME_KIND)
    org_number = clean_text("org_number", org_number, TextKind.CODE)
    county = clean_optional_text("county", county, TextKind.SHORT)
    address = clean_optional_text("address", address, ADDRESS_KIND)
    errors = Collector()
    _check_municipality(errors, "name", name, org_number)
    county_text = " ".join((county or "").split())
    known = {c.casefold(): c for d in references.departments(ctx) for c in d.counties}
    if county_text and county_text.casefold() not in known:
        errors.add(
            "county",
            f"Länet ”{county_text}” finns inte hos någon av IVO:s avdelningar. Välj ett län "
            "i listan, eller lägg till det under IVO:s avdelningar.",
        )
    errors.raise_if_any()
    org = normalise_org_number(org_number)
    assert org is not None
    values = {
        "name": name.strip(),
        "org_number": org,
        "county": known[county_text.casefold()] if county_text else None,
        "address": "\n".join(
            line.strip() for line in (address or "").strip().splitlines() if line.strip()
        )
        or None,
    }
    with ctx.unit_of_work() as uow:
        row = uow.session.scalar(select(Municipality))
        if row is None:
            raise NotFound("Databasen har ingen kommun än.")
        for key, value in values.items():
            if getattr(row, key) != value:
                setattr(row, key, value)


def _unit_info(unit: Unit) -> UnitInfo:
    return UnitInfo(unit.id, unit.name, unit.area.name, unit.area.board.name, unit.address)


def units(ctx: Context, *, only_visible: bool = True) -> list[UnitInfo]:
    with ctx.reading() as session:
        query = select(Unit).where(Unit.archived_at.is_(None)).order_by(Unit.name)
        visible = ctx.visible_units() if only_visible else None
        if visible is not None:
            query = query.where(Unit.id.in_(visible))
        return [_unit_info(u) for u in session.scalars(query)]


def unit_name(session: Session, unit_id: str) -> str:
    unit = session.get(Unit, unit_id)
    return unit.name if unit else "–"


def organisation_tree(ctx: Context) -> list[BoardNode]:
    with ctx.reading() as session:
        boards = session.scalars(
            select(Board).where(Board.archived_at.is_(None)).order_by(Board.name)
        ).all()
        tree = []
        for board in boards:
            areas = session.scalars(
                select(Area)
                .where(Area.board_id == board.id, Area.archived_at.is_(None))
                .order_by(Area.name)
            ).all()
            nodes = []
            for area in areas:
                area_units = session.scalars(
                    select(Unit)
                    .where(Unit.area_id == area.id, Unit.archived_at.is_(None))
                    .order_by(Unit.name)
                ).all()
                nodes.append(AreaNode(area.id, area.name, tuple(_unit_info(u) for u in area_units)))
            tree.append(BoardNode(board.id, board.name, tuple(nodes)))
        return tree


def add_board(ctx: Context, name: str) -> str:
    ctx.require(ORGANISATION_ADMINISTER)
    name = _require_name(name, "nämndens")
    with ctx.unit_of_work() as uow:
        owner = uow.session.scalar(select(Municipality))
        if owner is None:
            raise NotFound("Databasen har ingen kommun än.")
        board = Board(municipality_id=owner.id, name=name.strip())
        uow.session.add(board)
        uow.session.flush()
        return board.id


def add_area(ctx: Context, board_id: str, name: str) -> str:
    ctx.require(ORGANISATION_ADMINISTER)
    name = _require_name(name, "verksamhetsområdets")
    with ctx.unit_of_work() as uow:
        if uow.session.get(Board, known_id(board_id, "Nämnden finns inte.")) is None:
            raise NotFound("Nämnden finns inte.")
        area = Area(board_id=board_id, name=name.strip())
        uow.session.add(area)
        uow.session.flush()
        return area.id


def add_unit(ctx: Context, area_id: str, name: str, address: str | None = None) -> str:
    ctx.require(ORGANISATION_ADMINISTER)
    name = _require_name(name, "enhetens")
    address = clean_optional_text("address", address, ADDRESS_KIND)
    with ctx.unit_of_work() as uow:
        if uow.session.get(Area, known_id(area_id, "Verksamhetsområdet finns inte.")) is None:
            raise NotFound("Verksamhetsområdet finns inte.")
        unit = Unit(area_id=area_id, name=name.strip(), address=address)
        uow.session.add(unit)
        uow.session.flush()
        return unit.id


def rename(ctx: Context, kind: str, record_id: str, name: str) -> None:
    ctx.require(ORGANISATION_ADMINISTER)
    name = _require_name(name, "det nya")
    with ctx.unit_of_work() as uow:
        row: Board | Area | Unit | None
        if kind == "board":
            row = uow.session.get(Board, known_id(record_id, "Posten finns inte."))
        elif kind == "area":
            row = uow.session.get(Area, known_id(record_id, "Posten finns inte."))
        else:
            row = uow.session.get(Unit, known_id(record_id, "Posten finns inte."))
        if row is None:
            raise NotFound("Posten finns inte.")
        row.name = name.strip()


def _require_name(name: str, whose: str) -> str:
    name = clean_text("name", name, NAME_KIND)
    errors = Collector()
    errors.require("name", name, f"Ange {whose} namn.")
    errors.raise_if_any()
    return name


# --- users -----------------------------------------------------------------------------------


def _user_info(session: Session, user: User) -> UserInfo:
    roles = tuple(
        sorted(
            (
                Role(r)
                for r in session.scalars(select(UserRole.role).where(UserRole.user_id == user.id))
            ),
            key=list(Role).index,
        )
    )
    unit_rows = session.execute(
        select(Unit.id, Unit.name)
        .join(UserUnit, UserUnit.unit_id == Unit.id)
        .where(UserUnit.user_id == user.id)
        .order_by(Unit.name)
    ).all()
    return UserInfo(
        user.id,
        user.login,
        user.name,
        user.title,
        user.active,
        roles,
        tuple(r[0] for r in unit_rows),
        tuple(r[1] for r in unit_rows),
    )


def list_users(ctx: Context) -> list[UserInfo]:
    """Every user with roles and units; for administrators."""
    ctx.require(USERS_ADMINISTER)
    with ctx.reading() as session:
        return [_user_info(session, u) for u in session.scalars(select(User).order_by(User.name))]


def user_choices(ctx: Context) -> list[tuple[str, str]]:
    """(id, name) of active users, for 'responsible' pickers."""
    with ctx.reading() as session:
        rows = session.execute(
            select(User.id, User.name).where(User.active.is_(True)).order_by(User.name)
        )
        return [(uid, name) for uid, name in rows]


def _validate_user(session: Session, data: UserInput, user_id: str | None) -> UserInput:
    data = clean_input(data, USER_LIMITS)
    errors = Collector()
    if not valid_login(data.login):
        errors.add(
            "login",
            "Inloggningen får innehålla små bokstäver a–z, siffror, punkt, bindestreck och "
            "understreck (2–40 tecken).",
        )
    else:
        other = session.scalar(select(User).where(User.login == data.login))
        if other is not None and other.id != user_id:
            errors.add("login", f"Inloggningen ”{data.login}” används redan.")
    errors.require("name", data.name, "Ange användarens namn.")
    if not data.roles:
        errors.add("roles", "Välj minst en roll.")
    wanted = {u for u in data.unit_ids if isinstance(u, str)}
    known = set(session.scalars(select(Unit.id).where(Unit.id.in_(wanted)))) if wanted else set()
    if wanted - known or any(not isinstance(u, str) for u in data.unit_ids):
        # An id no unit has (a stale choice, a hand-made call) is named, not a database error.
        errors.add("unit_ids", "En av de valda enheterna finns inte.")
    errors.raise_if_any()
    return data


def check_user(ctx: Context, data: UserInput, user_id: str | None = None) -> None:
    """Raise ValidationFailed for what ``save_user`` would refuse in ``data``; saves nothing."""
    ctx.require(USERS_ADMINISTER)
    with ctx.reading() as session:
        _validate_user(session, data, user_id)


def save_user(ctx: Context, data: UserInput, user_id: str | None = None) -> str:
    ctx.require(USERS_ADMINISTER)
    with ctx.unit_of_work() as uow:
        session = uow.session
        data = _validate_user(session, data, user_id)
        if user_id is None:
            user = User(
                login=data.login, name=data.name.strip(), title=data.title, active=data.active
            )
            session.add(user)
            session.flush()
        else:
            found = session.get(User, known_id(user_id, "Användaren finns inte."))
            if found is None:
                raise NotFound("Användaren finns inte.")
            user = found
            if user.id == ctx.actor.id and not data.active:
                raise RuleViolation("Du kan inte inaktivera dig själv.")
            user.login, user.name, user.title, user.active = (
                data.login,
                data.name.strip(),
                data.title,
                data.active,
            )
        _sync_links(session, user.id, UserRole, "role", {r.value for r in data.roles})
        _sync_links(session, user.id, UserUnit, "unit_id", set(data.unit_ids))
        return user.id


def _sync_links(
    session: Session,
    user_id: str,
    model: type[UserRole] | type[UserUnit],
    column: str,
    wanted: set[str],
) -> None:
    existing = {
        getattr(row, column): row
        for row in session.scalars(select(model).where(model.user_id == user_id))
    }
    for value, row in existing.items():
        if value not in wanted:
            session.delete(row)
    for value in wanted - set(existing):
        session.add(model(user_id=user_id, **{column: value}))


# --- individuals -----------------------------------------------------------------------------


def individual_code(session: Session, individual_id: str | None) -> str | None:
    if individual_id is None:
        return None
    row = session.get(Individual, individual_id)
    return row.code if row else None
