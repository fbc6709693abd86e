"""The ``kvalitet`` command: the GUI, or headless subcommands acting as a user.

Errors are Swedish on stderr with a non-zero exit code, never a traceback.
"""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import os
import re
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any, NoReturn, overload

from kvalitet_desktop import __version__

USERS_LIST = "anvandare"  # not a record kind: the accounts
UNITS_LIST = "enhet"  # not a record kind: the units (their ids are what --unit takes)


class RegistryNames(Sequence[str]):
    """Names read from the registry when argparse first asks for them, so that starting the
    GUI does not import every record kind before its first window is painted."""

    def __init__(self, read: Callable[[], tuple[str, ...]]) -> None:
        self._read = read
        self._names: tuple[str, ...] | None = None

    def _all(self) -> tuple[str, ...]:
        if self._names is None:
            self._names = self._read()
        return self._names

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...
    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        return self._all()[index]

    def __len__(self) -> int:
        return len(self._all())


def _list_names() -> tuple[str, ...]:
    from kvalitet_desktop import registry

    return (*registry.listed_keys(), UNITS_LIST, USERS_LIST)


def _export_names() -> tuple[str, ...]:
    from kvalitet_desktop import registry

    return registry.listed_keys()


def _report_names() -> tuple[str, ...]:
    from kvalitet_desktop import registry

    return tuple(report.key for report in registry.reports())


def _import_names() -> tuple[str, ...]:
    from kvalitet_desktop import registry

    return tuple(k.key for k in registry.KINDS if k.importer)


LIST_KINDS = RegistryNames(_list_names)
EXPORT_KINDS = RegistryNames(_export_names)
IMPORT_KINDS = RegistryNames(_import_names)
REPORT_NAMES = RegistryNames(_report_names)
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_BROKEN_PIPE = 128 + 13  # what a shell reports for a command ended by SIGPIPE
QT_PLATFORM_ENV = "QT_QPA_PLATFORM"
PASSWORD_ENV = "KVALITET_PASSWORD"
MAX_DEMO_SCALE = 1000  # 100 already makes tens of thousands of records
MAX_FINDINGS_SHOWN = 200  # per check; the count of the rest is printed
MAX_IMPORT_PROBLEMS_SHOWN = 500  # rows of an import's report; the count of the rest is printed

_ARGPARSE_SV = (
    (r"the following arguments are required: (.*)", r"följande måste anges: \1"),
    (
        r"argument (\S+): invalid choice: '?([^']*)'? \(choose from (.*)\)",
        r"\1: ogiltigt val ”\2” (välj bland \3)",
    ),
    (r"unrecognized arguments: (.*)", r"okända argument: \1"),
    (r"argument (\S+): expected one argument", r"\1 behöver ett värde"),
    (r"argument (\S+): invalid int value: '([^']*)'", r"\1: ”\2” är inget heltal"),
    (r"argument (\S+): not allowed with argument (\S+)", r"\1 kan inte kombineras med \2"),
)


class SwedishHelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "användning: " if prefix is None else prefix)


class SwedishArgumentParser(argparse.ArgumentParser):
    """argparse with its own words in Swedish: usage, headings, -h and error messages."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", SwedishHelpFormatter)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self._positionals.title = "argument"
        self._optionals.title = "flaggor"
        self.add_argument("-h", "--help", action="help", help="visa den här hjälpen och avsluta")

    def error(self, message: str) -> NoReturn:
        for pattern, replacement in _ARGPARSE_SV:
            message = re.sub(pattern, replacement, message)
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: fel: {message}\n")


class CliError(Exception):
    """A Swedish message for stderr; ``code`` is the exit code."""

    def __init__(self, message: str, code: int = EXIT_ERROR) -> None:
        super().__init__(message)
        self.code = code


def _common(parser: argparse.ArgumentParser, dest_prefix: str = "") -> None:
    parser.add_argument(
        "--db",
        dest=f"{dest_prefix}db",
        metavar="SÖKVÄG",
        help="databasfil (annars miljövariabeln KVALITET_DB eller standardfilen i datamappen)",
    )
    parser.add_argument(
        "--user",
        dest=f"{dest_prefix}user",
        metavar="INLOGGNING",
        help=(
            "användaren som utför kommandot (standard: operativsystemets användarnamn); "
            f"lösenordet läses från miljövariabeln {PASSWORD_ENV} eller frågas efter"
        ),
    )


def build_parser() -> argparse.ArgumentParser:
    parser = SwedishArgumentParser(
        prog="kvalitet",
        description="Kvalitet Desktop – systematiskt kvalitetsarbete för socialtjänsten.",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"kvalitet {__version__}",
        help="visa programmets version och avsluta",
    )
    _common(parser, dest_prefix="gui_")
    parser.add_argument(
        "--screenshot", metavar="FIL.png", help="rita huvudfönstret till en PNG och avsluta"
    )
    parser.add_argument(
        "--view",
        metavar="VY",
        help="vy att visa (t.ex. dashboard, riskanalyser, atgarder, uppfoljningar)",
    )
    sub = parser.add_subparsers(
        dest="command", metavar="KOMMANDO", parser_class=SwedishArgumentParser
    )

    demo = sub.add_parser("demo", help="skapa demokommunen i en ny databas")
    _common(demo)
    demo.add_argument(
        "--scale",
        type=int,
        default=1,
        metavar="N",
        help="mängdfaktor (100 ger tiotusentals poster)",
    )
    demo.add_argument(
        "--seed", type=int, default=1, metavar="S", help="slumpfrö (samma frö ger samma data)"
    )
    demo.add_argument(
        "--password",
        metavar="LÖSENORD",
        help="lösenordet för alla demokonton (standard: det som står i README)",
    )

    lst = sub.add_parser("list", help="lista poster")
    lst.add_argument("kind", choices=LIST_KINDS, metavar="TYP", help="en av: %(choices)s")
    _common(lst)
    lst.add_argument("--json", action="store_true", help="skriv en JSON-lista")

    report = sub.add_parser("report", help="skriv en rapport som PDF")
    report.add_argument("kind", choices=REPORT_NAMES, metavar="TYP", help="en av: %(choices)s")
    _common(report)
    report.add_argument(
        "--id",
        dest="record_id",
        metavar="ID",
        help="postens id (riskanalys, uppfoljning; ärendets id för lex Sarah-rapporterna)",
    )
    report.add_argument(
        "--unit",
        dest="unit_id",
        metavar="ID",
        help="enhetens id (atgardsplan, egenkontrollplan; se kvalitet list enhet)",
    )
    report.add_argument(
        "--year",
        dest="year",
        metavar="ÅÅÅÅ",
        help="året rapporten gäller (rapporter över en enhets år, t.ex. egenkontrollplan)",
    )
    report.add_argument(
        "--from",
        dest="start",
        metavar="ÅÅÅÅ-MM-DD",
        help="periodens första dag (rapporter över en period, t.ex. sammanstallning)",
    )
    report.add_argument(
        "--to", dest="end", metavar="ÅÅÅÅ-MM-DD", help="periodens sista dag (ingår i perioden)"
    )
    report.add_argument("--out", required=True, metavar="FIL.pdf", help="PDF-filen som skrivs")

    check = sub.add_parser(
        "check", help="kontrollera databasen: schema, integritet, loggkedjan, poster mot loggen"
    )
    _common(check)
    check.add_argument(
        "--repair-index",
        action="store_true",
        help="bygg om sökindexet från posterna först (om det saknas eller inte stämmer)",
    )

    search = sub.add_parser("search", help="sök i alla poster du får se")
    search.add_argument("query", metavar="SÖKORD", help="ord att söka efter (det sista som början)")
    _common(search)
    search.add_argument("--json", action="store_true", help="skriv träffarna som en JSON-lista")
    search.add_argument(
        "--limit", type=int, default=50, metavar="N", help="högst så många träffar (standard 50)"
    )

    backup = sub.add_parser("backup", help="säkerhetskopiera databasen")
    _common(backup)
    backup.add_argument("--out", required=True, metavar="FIL", help="säkerhetskopians fil")
    backup.add_argument("--force", action="store_true", help="skriv över filen om den redan finns")

    gallra = sub.add_parser(
        "gallra", help="gallra personuppgifter ur avslutade ärenden enligt gallringsreglerna"
    )
    _common(gallra)
    gallra.add_argument(
        "--dry-run", action="store_true", help="lista bara vad som skulle gallras, ändra inget"
    )
    gallra.add_argument(
        "--yes", action="store_true", help="gallra utan att fråga (efter att listan skrivits)"
    )
    restore = sub.add_parser(
        "restore", help="ersätt databasen med en säkerhetskopia (den nuvarande sparas först)"
    )
    _common(restore)
    restore.add_argument(
        "--from",
        dest="source",
        required=True,
        metavar="FIL",
        help="säkerhetskopian (med sin nyckelfil bredvid)",
    )
    _add_export(sub)
    imp = sub.add_parser(
        "import", help="importera poster från en CSV- eller Excel-fil (se docs/import-mapping.md)"
    )
    imp.add_argument("kind", choices=IMPORT_KINDS, metavar="TYP", help="en av: %(choices)s")
    _common(imp)
    imp.add_argument("--file", required=True, metavar="FIL", help="CSV- eller XLSX-filen")
    imp.add_argument(
        "--mapping",
        required=True,
        metavar="MAPPNING.json",
        help="vilken kolumn som fyller vilket fält, och värdetabeller",
    )
    imp.add_argument(
        "--dry-run", action="store_true", help="kontrollera bara filen, skriv ingenting"
    )
    return parser


def _add_export(sub: Any) -> None:
    export = sub.add_parser("export", help="spara en lista som Excel-fil (.xlsx) eller CSV (.csv)")
    export.add_argument("kind", choices=EXPORT_KINDS, metavar="TYP", help="en av: %(choices)s")
    _common(export)
    export.add_argument(
        "--out", required=True, metavar="FIL", help="filen som skrivs; .xlsx eller .csv"
    )
    export.add_argument(
        "--from", dest="date_from", metavar="ÅÅÅÅ-MM-DD", help="från och med dagen (listans datum)"
    )
    export.add_argument("--to", dest="date_to", metavar="ÅÅÅÅ-MM-DD", help="till och med dagen")
    export.add_argument(
        "--unit", dest="unit_id", metavar="ID", help="bara en enhet (se kvalitet list enhet)"
    )


def _db_path(value: str | None) -> Path:
    if value:
        return Path(value).expanduser()
    from kvalitet_desktop.paths import default_database_path

    return default_database_path()


def _existing(path: Path) -> Path:
    if not path.exists():
        raise CliError(f"Databasfilen {path} finns inte.")
    return path


def _password() -> str:
    """From the environment, else asked for without echo; never from an argument."""
    password = os.environ.get(PASSWORD_ENV)
    if password is not None:
        return password
    if not sys.stdin.isatty():
        raise CliError(
            f"Lösenordet saknas. Ange det i miljövariabeln {PASSWORD_ENV} eller kör kommandot "
            "i en terminal."
        )
    return getpass.getpass("Lösenord: ")


def _log_in(
    path: Path, login: str | None, before_reading: Any = None, *, record: bool = True
) -> Any:
    """The acting user's context on the database at ``path`` (opened with their password).
    ``record=False`` for commands that only check: they change no byte of the files. Those
    that show or copy records (list, report, backup) log who did it, as secrecy asks."""
    from kvalitet_desktop.services import accounts

    chosen = (login or getpass.getuser()).strip().lower()
    try:
        ctx = accounts.log_in(
            _existing(path), chosen, _password(), before_reading=before_reading, record=record
        )
    except accounts.LoginFailed as exc:
        raise CliError(str(exc)) from None
    if accounts.must_change_password(ctx):
        # A password an administrator chose is for one log-in in the program, where the user
        # picks their own; until then it opens nothing here.
        ctx.db.close()
        raise CliError(
            "Lösenordet måste bytas: starta programmet, logga in och välj ett nytt lösenord."
        )
    return ctx


def cmd_demo(args: argparse.Namespace) -> int:
    from kvalitet_desktop.demo.world import create_demo

    if not 1 <= args.scale <= MAX_DEMO_SCALE:
        raise CliError(f"--scale ska vara ett heltal från 1 till {MAX_DEMO_SCALE}.", EXIT_USAGE)
    from kvalitet_desktop.services import accounts

    path = _db_path(args.db)
    password = accounts.DEMO_PASSWORD if args.password is None else args.password
    interactive = sys.stderr.isatty()

    def progress(done: int, total: int) -> None:
        if interactive and total:
            print(f"\rSkapar demodata … {100 * done // total} %", end="", file=sys.stderr)

    summaries = []

    def fill(db: Any) -> None:
        summaries.append(create_demo(db, scale=args.scale, seed=args.seed, progress=progress))

    recovery = accounts.create_demo_database(path, password, fill)
    if interactive:
        print(file=sys.stderr)
    summary = summaries[0]
    print(
        f"Demokommunen skapad i {path}: {summary.units} enheter, {summary.users} användare, "
        f"{summary.risk_analyses} riskanalyser, {summary.measures} åtgärder, "
        f"{summary.follow_ups} uppföljningar, {summary.lex_sarah_cases} lex Sarah-ärenden, "
        f"{summary.deviations} avvikelser, {summary.complaints} klagomål och synpunkter, "
        f"{summary.self_inspections} egenkontroller, "
        f"{summary.insats_changes} förändringar i insatser. "
        "Administratören loggar in som ”admin”; alla demokonton har samma lösenord."
    )
    if recovery:
        print(f"Återställningsnyckel (visas bara nu): {recovery}")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from kvalitet_desktop.exchange import text_table
    from kvalitet_desktop.services import listing, organisation

    ctx = _log_in(_db_path(args.db), args.user)
    try:
        rows: list[dict[str, Any]]
        if args.kind == USERS_LIST:
            users = organisation.list_users(ctx)
            rows = [
                {
                    "id": u.id,
                    "login": u.login,
                    "name": u.name,
                    "title": u.title,
                    "active": u.active,
                    "roles": [r.value for r in u.roles],
                    "units": list(u.units),
                }
                for u in users
            ]
            table = text_table.user_table(users)
        elif args.kind == UNITS_LIST:
            units = organisation.units(ctx)
            rows = [
                {"id": u.id, "name": u.name, "area": u.area, "board": u.board, "address": u.address}
                for u in units
            ]
            table = text_table.unit_table(units)
        else:
            found: list[listing.Row] = []
            query = listing.ListQuery(limit=1000)
            while True:
                page = listing.fetch(ctx, args.kind, query)
                found.extend(page)
                if len(page) < query.limit:
                    break
                query = query.page(query.offset + query.limit, query.limit)
            rows = [listing.to_json(r) for r in found]
            table = text_table.record_table(listing.spec_for(args.kind), found)
    finally:
        ctx.db.close()
    if args.json:
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        _print_table(table)
    return 0


def _print_table(table: Any) -> None:
    """The list's heading row and rows in the list page's words (``exchange.text_table``)."""
    if not table.rows:
        print("Inga poster.")
        return
    for line in table.lines():
        print(line)
    print(f"{len(table.rows)} poster.")


def cmd_report(args: argparse.Namespace) -> int:
    from kvalitet_desktop import registry
    from kvalitet_desktop.domain.record_kind import ReportScope
    from kvalitet_desktop.reports import render_report
    from kvalitet_desktop.services import exports
    from kvalitet_desktop.services.report_data import build_report

    scope = registry.report(args.kind).scope
    if scope is ReportScope.RECORD and not args.record_id:
        raise CliError(f"Rapporten {args.kind} behöver --id.", EXIT_USAGE)
    year = _year(args.year)
    if scope is ReportScope.UNIT_YEAR and (not args.unit_id or year is None):
        raise CliError(f"Rapporten {args.kind} behöver --unit och --year.", EXIT_USAGE)
    start, end = _day("--from", args.start), _day("--to", args.end)
    if scope is ReportScope.PERIOD:
        _period(args.kind, start, end)
    out = Path(args.out).expanduser()
    ctx = _log_in(_db_path(args.db), args.user)
    try:
        exports.require_export(ctx)
        data = build_report(ctx, args.kind, args.record_id, args.unit_id, year, start, end)
        pdf = render_report(data)
        out = exports.save_report(
            ctx,
            out,
            pdf,
            report=args.kind,
            record_id=args.record_id,
            unit_id=args.unit_id,
            year=year,
            start=start,
            end=end,
        )
    finally:
        ctx.db.close()
    print(f"Rapporten är sparad i {out}.")
    return 0


def _period(report: str, start: date | None, end: date | None) -> None:
    """A period report needs both days, in order: said before anyone logs in."""
    from kvalitet_desktop.domain.compilation import check_period
    from kvalitet_desktop.domain.errors import ValidationFailed

    if start is None or end is None:
        raise CliError(f"Rapporten {report} behöver --from och --to.", EXIT_USAGE)
    try:
        check_period(start, end)
    except ValidationFailed as problem:
        raise CliError(str(problem), EXIT_USAGE) from None


def _year(text: str | None) -> int | None:
    """``--year`` as a year; a clear message for anything that is not one."""
    if text is None:
        return None
    if not re.fullmatch(r"\d{4}", text.strip()):
        raise CliError(f"--year: ”{text}” är inget årtal (skriv till exempel 2026).", EXIT_USAGE)
    return int(text)


def cmd_check(args: argparse.Namespace) -> int:
    from kvalitet_desktop.services import maintenance
    from kvalitet_desktop.services.maintenance import DamageFound, refuse_damaged
    from kvalitet_desktop.store.errors import DatabaseDamaged

    try:
        # SQLite's own checks run before log-in reads the accounts: damage anywhere is reported.
        ctx = _log_in(_db_path(args.db), args.user, refuse_damaged, record=False)
    except DamageFound as damage:
        report = damage.report
    except DatabaseDamaged as damaged:  # so damaged (its schema) that it cannot be opened
        print(f"FEL  Integritet: {damaged}")
        print("Kontrollen hittade fel.", file=sys.stderr)
        return EXIT_ERROR
    else:
        try:
            if args.repair_index:
                from kvalitet_desktop.services.search import repair_index

                print(f"Sökindexet är ombyggt: {repair_index(ctx)} poster.")
            # The rest names records and fields: for those the table lets run the check.
            report = maintenance.check(ctx)
        finally:
            ctx.db.close()
    for item in report.items:
        print(f"{'OK ' if item.ok else 'FEL'}  {item.name}: {item.message}")
        for finding in item.findings[:MAX_FINDINGS_SHOWN]:
            print(f"       – {finding}")
        if len(item.findings) > MAX_FINDINGS_SHOWN:
            print(f"       … och {len(item.findings) - MAX_FINDINGS_SHOWN} till.")
    if not report.ok:
        print("Kontrollen hittade fel.", file=sys.stderr)
        return EXIT_ERROR
    print("Allt är i ordning.")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    from kvalitet_desktop.services import search

    if not 1 <= args.limit <= 1000:
        raise CliError("--limit ska vara ett heltal från 1 till 1000.", EXIT_USAGE)
    ctx = _log_in(_db_path(args.db), args.user)
    try:
        results = search.search(ctx, args.query, limit=args.limit)
    finally:
        ctx.db.close()
    if not results.index_available:
        raise CliError("Sökindexet saknas. Bygg om det med ”kvalitet check --repair-index”.")
    if args.json:
        hits = [
            {"kind": h.kind, "id": h.id, "title": h.title, "snippet": h.snippet.text}
            for h in results.hits
        ]
        json.dump(hits, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    if not results.groups:
        print(f"Inga träffar på ”{args.query}”.")
        return 0
    for group in results.groups:
        print(f"{group.heading[:1].upper()}{group.heading[1:]} ({len(group.hits)})")
        for hit in group.hits:
            unit = f" · {hit.unit}" if hit.unit else ""
            print(f"  {hit.title}{unit} [{hit.id}]")
            if hit.snippet.text and hit.snippet.text != hit.title:
                print(f"    {hit.snippet.text}")
    print(f"{len(results.hits)} träffar.")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from kvalitet_desktop.services.maintenance import backup

    source = _existing(_db_path(args.db))
    target = Path(args.out).expanduser()
    if target.exists() and not args.force:
        raise CliError(f"Filen {target} finns redan. Ange --force för att skriva över den.")
    ctx = _log_in(source, args.user)
    try:
        # A copy of every record: only for those the table lets back up, and logged.
        target = backup(ctx, target)
    finally:
        ctx.db.close()
    print(f"Säkerhetskopian är sparad i {target}.")
    return 0


def cmd_gallra(args: argparse.Namespace) -> int:
    from kvalitet_desktop.services import gallring
    from kvalitet_desktop.services.instance_lock import ALREADY_OPEN, held_by_other

    path = _db_path(args.db)
    if not args.dry_run and held_by_other(path) is not None:
        # The window would keep showing, and could save again, what gallring removes.
        raise CliError(f"{ALREADY_OPEN}. Stäng programmet och gallra sedan.")
    ctx = _log_in(path, args.user, record=not args.dry_run)
    try:
        plan = gallring.plan(ctx)
        _print_gallring_plan(plan)
        if args.dry_run or plan.total == 0:
            return 0
        if not args.yes:
            if not sys.stdin.isatty():
                raise CliError("Gallringen görs inte utan bekräftelse. Ange --yes för att gallra.")
            answer = input(f"Gallra personuppgifterna i {plan.total} poster? Skriv ja: ")
            if answer.strip().lower() != "ja":
                print("Inget gallrades.")
                return 0
        result = gallring.run(ctx, plan)
    finally:
        ctx.db.close()
    print(f"Gallrat: {result.total} poster, {result.individuals} enskildas koder.")
    return 0


def _print_gallring_plan(plan: Any) -> None:
    for kind in plan.kinds:
        print(
            f"{kind.title}: {len(kind.candidates)} att gallra "
            f"(avslutade senast {kind.cutoff.isoformat()}, {kind.years} år)"
        )
        for candidate in kind.candidates:
            print(f"  {candidate.number}\t{candidate.unit}\t{candidate.closed_on.isoformat()}")
    if plan.total == 0:
        print("Inget att gallra.")


def cmd_restore(args: argparse.Namespace) -> int:
    from kvalitet_desktop.services import backups

    ctx = _log_in(_existing(_db_path(args.db)), args.user)
    try:
        summary = backups.inspect_backup(ctx, Path(args.source).expanduser())
        print(f"Säkerhetskopian {summary.path} gjordes {summary.made_at:%Y-%m-%d %H:%M}.")
        for noun, count in summary.counts:
            print(f"  {noun}: {count}")
        result = backups.restore(ctx, summary.path)
    finally:
        ctx.db.close()
    print(f"Databasen är återställd. Den tidigare databasen är sparad i {result.saved_first}.")
    return 0


def cmd_gui(args: argparse.Namespace) -> int:
    path = _db_path(args.gui_db)
    screenshot = Path(args.screenshot).expanduser() if args.screenshot else None
    if screenshot is not None:
        # A screenshot never sets up a new database: like every other command it needs one.
        _existing(path)
        # Nor does it need a display; Qt reads the platform when it is first loaded.
        if not os.environ.get(QT_PLATFORM_ENV):
            os.environ[QT_PLATFORM_ENV] = "offscreen"
    from kvalitet_desktop.ui.app import run_gui

    # The GUI asks for the password in its log-in dialog; a screenshot has no one to ask.
    password = _password() if screenshot is not None else None
    return int(run_gui(path, args.gui_user, screenshot, args.view, password))


def cmd_export(args: argparse.Namespace) -> int:
    from kvalitet_desktop.domain.errors import ValidationFailed
    from kvalitet_desktop.exchange import list_export
    from kvalitet_desktop.services.listing import ListQuery

    out = Path(args.out).expanduser()
    try:
        list_export.format_of(out)
    except list_export.UnknownFormat as exc:
        raise CliError(str(exc), EXIT_USAGE) from None
    query = ListQuery(
        unit_id=args.unit_id,
        date_from=_day("--from", args.date_from),
        date_to=_day("--to", args.date_to),
    )
    try:
        list_export.check_period(query)
    except ValidationFailed as exc:
        names = {list_export.FROM_FIELD: "--from", list_export.TO_FIELD: "--to"}
        problems = (f"{names.get(e.field, e.field)}: {e.message}" for e in exc.errors)
        raise CliError(" ".join(problems), EXIT_USAGE) from None
    ctx = _log_in(_db_path(args.db), args.user)
    try:
        done = list_export.export_list(ctx, args.kind, query, out)
    finally:
        ctx.db.close()
    # Said of the file saved: a refused export says only why (one line).
    warning = list_export.personal_data_warning(args.kind)
    if warning:
        print(f"kvalitet: obs! {warning}", file=sys.stderr)
    rows = "1 rad" if done.rows == 1 else f"{done.rows} rader"
    print(f"Listan är sparad i {done.path} ({rows}).")
    return 0


def _day(option: str, text: str | None) -> Any:
    """A ``YYYY-MM-DD`` option as a date; a clear message for anything else (2021-02-30 too)."""
    if text is None:
        return None
    from datetime import date

    problem = f"{option}: ”{text}” är inget datum (skriv till exempel 2026-03-31)."
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
        raise CliError(problem, EXIT_USAGE)
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise CliError(problem, EXIT_USAGE) from None


def cmd_import(args: argparse.Namespace) -> int:
    from kvalitet_desktop.exchange.imports import engine, mapping, reading

    source = reading.open_sheet(Path(args.file).expanduser())
    column_mapping = mapping.load_mapping(Path(args.mapping).expanduser())
    target = engine.target_of(args.kind)
    ctx = _log_in(_db_path(args.db), args.user, record=not args.dry_run)
    try:
        job = engine.SheetImport(ctx, target, source, column_mapping)
        report = job.validate()
        _print_import_report(source, report)
        if not report.ok:
            print("Inget importerades: rätta raderna ovan och kör igen.", file=sys.stderr)
            return EXIT_ERROR
        if args.dry_run:
            print(
                f"Provkörning: inget har skrivits. {report.new} rader skulle importeras, "
                f"{report.imported_before} är redan importerade."
                + (f" {report.closed} rader är avslutade i filen." if report.closed else "")
            )
            return 0
        outcome = job.run()
    finally:
        ctx.db.close()
    noun = registry_noun(args.kind, outcome.created)
    closed = f" Av dem är {outcome.closed} avslutade, som i filen." if outcome.closed else ""
    print(
        f"Importerade {outcome.created} {noun}; {outcome.skipped} rader var redan importerade "
        f"och hoppades över.{closed}"
    )
    return 0


def registry_noun(kind: str, count: int) -> str:
    from kvalitet_desktop import registry

    nouns = registry.kind(kind).nouns
    return nouns.one if count == 1 else nouns.many


def _print_import_report(source: Any, report: Any) -> None:
    from kvalitet_desktop.exchange.imports import reading

    if source.encoding:
        encoding = reading.ENCODINGS.get(source.encoding, source.encoding)
        delimiter = reading.DELIMITERS.get(source.delimiter, source.delimiter)
        print(f"Fil: {source.name} ({encoding}, {delimiter} mellan värdena)")
    else:
        print(f"Fil: {source.name} (Excel-arbetsbok)")
    problems = [*report.file_problems, *report.problems]
    for problem in problems[:MAX_IMPORT_PROBLEMS_SHOWN]:
        column = f", kolumn ”{problem.column}”" if problem.column else ""
        print(f"Rad {problem.line}{column}: {problem.message}")
    rest = len(report.file_problems) + report.problem_count - MAX_IMPORT_PROBLEMS_SHOWN
    if rest > 0:
        print(f"… och {rest} fel till.")
    print(
        f"{report.rows} rader lästa, {len(report.bad_lines)} med fel, {report.blank} tomma "
        f"rader hoppades över, {report.imported_before} redan importerade."
    )


COMMANDS = {
    "demo": cmd_demo,
    "list": cmd_list,
    "report": cmd_report,
    "check": cmd_check,
    "search": cmd_search,
    "backup": cmd_backup,
    "gallra": cmd_gallra,
    "restore": cmd_restore,
    "export": cmd_export,
    "import": cmd_import,
}


def main(argv: Sequence[str] | None = None) -> int:
    from kvalitet_desktop.private_files import restrict_umask

    restrict_umask()  # every file this process creates is owner-only, whatever creates it
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = COMMANDS.get(args.command or "", cmd_gui)
    try:
        code = handler(args)
        sys.stdout.flush()  # a closed pipe shows here, not in the interpreter's exit
        return code
    except BrokenPipeError:
        return _reader_went_away()
    except CliError as exc:
        print(f"kvalitet: {exc}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        print("kvalitet: avbrutet.", file=sys.stderr)
        return 130
    except Exception as exc:
        from kvalitet_desktop.domain.errors import KvalitetError

        if isinstance(exc, KvalitetError):
            print(f"kvalitet: {exc}", file=sys.stderr)
            return EXIT_ERROR
        damage = _damage_found(exc)
        if damage:
            print(f"kvalitet: {damage}", file=sys.stderr)
            return EXIT_ERROR
        _log_unexpected(exc)
        return EXIT_ERROR


def _damage_found(exc: Exception) -> str | None:
    """What to say when a read ran into a damaged page after log-in (the start's checks read
    only what they need): damage named as such, never as an unexpected error."""
    from kvalitet_desktop.store.errors import DAMAGE_CODES, sqlite_code

    if sqlite_code(exc) not in DAMAGE_CODES:
        return None
    reason = str(getattr(exc, "orig", exc)).split("\n")[0]
    return (
        f"databasfilen är skadad ({reason}). Kör ”kvalitet check” och återställ den från en "
        "säkerhetskopia med ”kvalitet restore”."
    )


def _reader_went_away() -> int:
    """The reader of stdout closed it (``kvalitet list … | head``): end quietly.

    What is still buffered for stdout goes to the null device, so that the interpreter's own
    flush at exit cannot fail again and print a message.
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # no file behind stdout (tests capture it)
        pass
    return EXIT_BROKEN_PIPE


def _log_unexpected(exc: BaseException) -> None:
    """A bug: the traceback goes to the log file, the user gets one Swedish line."""
    from kvalitet_desktop.logfile import log_unexpected

    path = log_unexpected(exc, logging.getLogger("kvalitet_desktop.cli"))
    where = f" Detaljer finns i loggfilen {path}." if path else ""
    print(f"kvalitet: ett oväntat fel inträffade ({type(exc).__name__}).{where}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
