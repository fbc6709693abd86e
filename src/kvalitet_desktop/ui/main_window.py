"""The main window: navigation on the left, one page at a time on the right.

Pages are registered in ``VIEWS`` (one line each) and built the first time they are shown, so
the window opens quickly and this module imports nothing heavy (the CLI reads ``VIEW_KEYS``).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from kvalitet_desktop import APP_NAME, __version__, registry
from kvalitet_desktop.domain import terms
from kvalitet_desktop.domain.roles import (
    BACKUP,
    EXPORT,
    RESTORE,
    SETTINGS_CHANGE,
    USERS_ADMINISTER,
    Action,
    Role,
)
from kvalitet_desktop.ui.settings_store import app_settings

if TYPE_CHECKING:
    from kvalitet_desktop.services.context import Context
    from kvalitet_desktop.ui.lock import LockController

_CONTEXT = "MainWindow"
FORMS_CHECK_LATEST_MS = 3000  # the forms are checked by then even if the first page never loads


@dataclass(frozen=True)
class ViewSpec:
    """A page: ``factory`` is "module:callable", called as ``callable(ctx, *args)``.

    A module name without dots is one of ``kvalitet_desktop.ui.views``. A page that keeps the
    user's own state (filters, sort order …) says ``remembers=True`` and takes ``remember``.
    ``context`` is the translation context of ``label``. ``allowed`` ("module:callable",
    called as ``callable(ctx) -> bool``) is a service's own rule for who sees the page.
    """

    key: str
    label: str
    factory: str
    args: tuple[str, ...] = ()
    permission: Action | None = None
    remembers: bool = False
    order: int = 0
    context: str = _CONTEXT
    allowed: str | None = None

    def visible_to(self, ctx: Context) -> bool:
        if self.permission is not None and not ctx.actor.can(self.permission):
            return False
        if self.allowed is None:
            return True
        module_name, _, attribute = self.allowed.partition(":")
        rule: Callable[[Context], bool] = getattr(importlib.import_module(module_name), attribute)
        return rule(ctx)

    def build(self, ctx: Context, *, remember: bool = True) -> QWidget:
        module_name, _, attribute = self.factory.partition(":")
        if "." not in module_name:
            module_name = f"kvalitet_desktop.ui.views.{module_name}"
        make: Callable[..., QWidget] = getattr(importlib.import_module(module_name), attribute)
        if self.remembers:
            return make(ctx, *self.args, remember=remember)
        return make(ctx, *self.args)


def _kind_views() -> tuple[ViewSpec, ...]:
    """Each record kind's page, as the registry describes it (its own page, or the list)."""
    specs = []
    for kind in registry.KINDS:
        entry = kind.view
        if entry is None:
            continue
        factory, args = (
            (entry.factory, ()) if entry.factory else ("list_page:ListPage", (kind.key,))
        )
        specs.append(
            ViewSpec(
                entry.key,
                entry.label,
                factory,
                args,
                # A kind whose records the user may not read has no page for them.
                permission=kind.read_action,
                remembers=True,
                order=entry.order,
                context="RecordKind",
            )
        )
    return tuple(specs)


# The shared pages; the record kinds' pages come from the registry, placed by their order.
_SHARED_VIEWS: tuple[ViewSpec, ...] = (
    ViewSpec(
        "dashboard", str(QT_TRANSLATE_NOOP("MainWindow", "Att göra")), "dashboard:DashboardView"
    ),
    ViewSpec(
        "organisation",
        terms.ORGANISATION,
        "organisation:OrganisationView",
        permission=USERS_ADMINISTER,
        order=900,
        context=terms.TERMS_CONTEXT,
    ),
    ViewSpec(
        "granskningslogg",
        str(QT_TRANSLATE_NOOP("MainWindow", "Granskningslogg")),
        "audit_log:AuditLogView",
        allowed="kvalitet_desktop.services.audit_review:may_review",
        order=905,
    ),
    ViewSpec(
        "installningar",
        terms.SETTINGS,
        "settings_page:SettingsPage",
        permission=SETTINGS_CHANGE,
        order=910,
        context=terms.TERMS_CONTEXT,
    ),
)
VIEWS: tuple[ViewSpec, ...] = tuple(
    sorted((*_SHARED_VIEWS, *_kind_views()), key=lambda spec: spec.order)
)
VIEW_KEYS: tuple[str, ...] = tuple(spec.key for spec in VIEWS)
DEFAULT_VIEW = "dashboard"


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def roles_text(roles: frozenset[Role]) -> str:
    return ", ".join(role.label for role in sorted(roles, key=list(Role).index))


class MainWindow(QMainWindow):
    def __init__(
        self,
        ctx: Context,
        *,
        initial_view: str | None = None,
        remember: bool = True,
        verify_password: Callable[[str], bool] | None = None,
        idle_lock_ms: int | None = None,
    ) -> None:
        """``remember=False`` (screenshots) neither restores nor saves geometry, the last view
        nor the pages' own state (list filters, sort order, column widths).

        ``verify_password`` checks the password on the lock screen (see ``ui.lock``);
        ``idle_lock_ms`` overrides the administrator's auto-lock setting (tests)."""
        super().__init__()
        self._remember = remember
        from kvalitet_desktop.services import organisation

        self.ctx = ctx
        from kvalitet_desktop.ui import database_wait

        # A write that meets another program's lock waits without freezing the window.
        self.database_wait = database_wait.install(ctx.db)
        self.municipality = organisation.municipality(ctx).name
        # The program's name last: on Windows and Linux Qt appends the application's display
        # name to a title that does not already end with it ("… – X — Kvalitet Desktop").
        self.unencrypted = ctx.db.key is None
        # A development database kept unencrypted says so wherever one looks.
        marker = self.tr(" – OKRYPTERAD (utveckling)") if self.unencrypted else ""
        self.setWindowTitle(f"{self.municipality}{marker} – {APP_NAME}")
        self.views = tuple(spec for spec in VIEWS if spec.visible_to(ctx))
        self._pages: dict[str, QWidget] = {}
        self._guide: QWidget | None = None

        self.navigation = QListWidget()
        self.navigation.setAccessibleName(self.tr("Navigering"))
        self.navigation.setObjectName("navigation")
        nav_font = self.navigation.font()
        nav_font.setPointSizeF(nav_font.pointSizeF() * 1.1)
        self.navigation.setFont(nav_font)
        self.navigation.setSpacing(2)
        for spec in self.views:
            item = QListWidgetItem(QCoreApplication.translate(spec.context, spec.label))
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            self.navigation.addItem(item)
        self.navigation.setMinimumWidth(150)
        self.navigation.currentRowChanged.connect(self._navigated)

        self.stack = QStackedWidget()
        splitter = QSplitter()
        splitter.addWidget(self.navigation)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([165, 1100])
        self.setCentralWidget(splitter)
        self.lock = self._build_lock(verify_password, idle_lock_ms)

        self._build_menus()
        from kvalitet_desktop.ui.search_box import GlobalSearch

        # Ctrl+F and Ctrl+K from every page; the lists' own filters keep their Alt+S.
        self.global_search = GlobalSearch(self, ctx)
        self.menuBar().setCornerWidget(self.global_search, Qt.Corner.TopRightCorner)
        self.user_label = QLabel(
            self.tr("Inloggad: {name} ({roles}) · Databas: {path}").format(
                name=ctx.actor.name, roles=roles_text(ctx.actor.roles), path=self.database_path()
            )
        )
        self.user_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.statusBar().addPermanentWidget(self.user_label, 1)
        if self.unencrypted:
            warning = QLabel(self.tr("⚠ Databasen är OKRYPTERAD (utvecklingsläge)"))
            warning.setStyleSheet("color: #9a3412; font-weight: bold;")
            warning.setAccessibleName(self.tr("Databasen är okrypterad"))
            self.statusBar().addPermanentWidget(warning)
        if ctx.db.read_only:
            self.read_only_banner = QLabel(
                self.tr("🔒 Databasen är skrivskyddad – den kan läsas men inget sparas")
            )
            self.read_only_banner.setObjectName("read_only_banner")
            self.read_only_banner.setStyleSheet("color: #9a3412; font-weight: bold;")
            self.read_only_banner.setAccessibleName(self.tr("Databasen är skrivskyddad"))
            self.read_only_banner.setToolTip(ctx.db.writes_refused or "")
            self.statusBar().addPermanentWidget(self.read_only_banner)
        from kvalitet_desktop.ui import backup_actions

        self.backup_status = backup_actions.last_backup_label(self)
        self.restore_dialog: QWidget | None = None
        self.form_problems: list[str] = []
        self.forms_notice: QLabel | None = None
        self._forms_checked = False

        settings = app_settings()
        geometry = settings.value("main/geometry") if remember else None
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1280, 800)
        last = str(settings.value(self._last_view_key(), "") or "") if remember else ""
        wanted = initial_view or last or DEFAULT_VIEW
        if not self.show_view(wanted):
            self.show_view(DEFAULT_VIEW)
        self._check_forms_after_first_page()

    # --- building ------------------------------------------------------------------------

    def _build_lock(
        self, verify_password: Callable[[str], bool] | None, idle_lock_ms: int | None
    ) -> LockController:
        from kvalitet_desktop.services import settings
        from kvalitet_desktop.ui.lock import LockController

        if idle_lock_ms is None:
            idle_lock_ms = settings.auto_lock_minutes(self.ctx) * 60_000
        return LockController(self, self.ctx, verify_password, idle_ms=idle_lock_ms)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&Arkiv"))
        self.new_record_actions: dict[str, QAction] = {}
        for kind in registry.KINDS:
            if not kind.create_label:
                continue
            label = QCoreApplication.translate("RecordKind", kind.create_label)
            action = QAction("&" + label, self)
            if not self.new_record_actions:  # the first kind that creates records gets Ctrl+N
                action.setShortcut(QKeySequence(QKeySequence.StandardKey.New))
            permission = kind.create_action
            action.setEnabled(permission is None or self.ctx.actor.can(permission))
            action.triggered.connect(lambda _c=False, key=kind.key: self.new_record(key))
            file_menu.addAction(action)
            self.new_record_actions[kind.key] = action
        file_menu.addSeparator()
        self.export_action = QAction(self.tr("E&xportera listan…"), self)
        self.export_action.setShortcut(QKeySequence("Ctrl+E"))
        self.export_action.setEnabled(self.ctx.actor.can(EXPORT))
        self.export_action.triggered.connect(self.export_current_list)
        file_menu.addAction(self.export_action)
        self.backup_action = QAction(self.tr("&Säkerhetskopiera databasen…"), self)
        self.backup_action.triggered.connect(self.backup_database)
        self.backup_action.setEnabled(self.ctx.actor.can(BACKUP))
        file_menu.addAction(self.backup_action)
        self.restore_action = QAction(self.tr("Åt&erställ från säkerhetskopia…"), self)
        self.restore_action.triggered.connect(self.restore_from_backup)
        self.restore_action.setEnabled(self.ctx.actor.can(RESTORE))
        file_menu.addAction(self.restore_action)
        file_menu.addSeparator()
        self.lock_action = QAction(self.tr("&Lås nu"), self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        # From every window of the program, editors included.
        self.lock_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.lock_action.triggered.connect(lambda _checked=False: self.lock.lock())
        file_menu.addAction(self.lock_action)
        file_menu.addSeparator()
        self.password_action = QAction(self.tr("&Byt lösenord…"), self)
        self.password_action.triggered.connect(self.change_password)
        file_menu.addAction(self.password_action)
        file_menu.addSeparator()
        quit_action = QAction(self.tr("A&vsluta"), self)
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        view_menu = bar.addMenu(self.tr("&Visa"))
        self.view_actions: dict[str, QAction] = {}
        group = QActionGroup(self)
        group.setExclusive(True)
        for number, spec in enumerate(self.views, start=1):
            action = QAction(QCoreApplication.translate(spec.context, spec.label), self)
            action.setCheckable(True)
            if number <= 9:
                action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(lambda _checked=False, key=spec.key: self.show_view(key))
            group.addAction(action)
            view_menu.addAction(action)
            self.view_actions[spec.key] = action

        help_menu = bar.addMenu(self.tr("&Hjälp"))
        self.guide_action = QAction(self.tr("&Användarguide"), self)
        self.guide_action.setShortcut(QKeySequence("F1"))
        self.guide_action.triggered.connect(self.show_guide)
        help_menu.addAction(self.guide_action)
        help_menu.addSeparator()
        about = QAction(self.tr("&Om Kvalitet Desktop"), self)
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)

    def _check_forms_after_first_page(self) -> None:
        """Reading the forms catalog takes tens of milliseconds: it waits until the first page
        has shown its data (or a moment, for a page that loads nothing)."""
        loaded = getattr(self.page(self.current_view() or ""), "loaded", None)
        if loaded is not None:
            loaded.connect(lambda: QTimer.singleShot(0, self, self._check_forms))
        QTimer.singleShot(0 if loaded is None else FORMS_CHECK_LATEST_MS, self, self._check_forms)

    def _check_forms(self) -> None:
        """Form definition files that cannot be used are named in the status bar and, once
        per start, in a message; everything else works as usual."""
        if self._forms_checked or not self.isVisible():
            return  # done, or the window was closed before its first page came (its file too)
        self._forms_checked = True
        from kvalitet_desktop.domain.errors import KvalitetError
        from kvalitet_desktop.services import forms

        try:
            problems = forms.catalog(self.ctx).problems
        except KvalitetError:
            return
        if not problems:
            return
        self.form_problems = [problem.message for problem in problems]
        listed = "\n".join(f"• {message}" for message in self.form_problems)
        self.forms_notice = QLabel(
            self.tr("Formulär som inte kan användas: {count}").format(count=len(problems))
        )
        self.forms_notice.setStyleSheet("color: #b00020; font-weight: bold;")
        self.forms_notice.setToolTip(listed)
        self.forms_notice.setAccessibleName(self.forms_notice.text())
        self.forms_notice.setAccessibleDescription(listed)
        self.statusBar().addPermanentWidget(self.forms_notice)
        if self._remember:  # not in screenshots: nobody is there to read it
            QTimer.singleShot(0, self, self.show_form_problems)

    def show_form_problems(self) -> QMessageBox | None:
        if not self.form_problems:
            return None
        from kvalitet_desktop.ui.dialogs.common import message_box

        text = self.tr(
            "Några formulärfiler kan inte användas. Programmet fungerar i övrigt som vanligt, "
            "men det som bygger på dessa formulär går inte att använda förrän filerna är "
            "rättade (eller den egna formulärmappen ändrad under Inställningar):"
        )
        listed = "\n\n".join(f"• {message}" for message in self.form_problems)
        return message_box(
            self,
            QMessageBox.Icon.Warning,
            self.tr("Formulär kan inte användas"),
            f"{text}\n\n{listed}",
        )

    # --- views ---------------------------------------------------------------------------

    def available_views(self) -> tuple[str, ...]:
        return tuple(spec.key for spec in self.views)

    def current_view(self) -> str | None:
        item = self.navigation.currentItem()
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))

    def page(self, key: str) -> QWidget | None:
        """The page for ``key`` if it has been built."""
        return self._pages.get(key)

    def show_view(self, key: str) -> bool:
        """Show page ``key``; False if it does not exist or the user may not see it."""
        keys = self.available_views()
        if key not in keys:
            return False
        row = keys.index(key)
        if self.navigation.currentRow() != row:
            self.navigation.setCurrentRow(row)  # _navigated does the rest
        else:
            self._show_page(key)
        return True

    def _navigated(self, row: int) -> None:
        if 0 <= row < len(self.views):
            self._show_page(self.views[row].key)

    def _show_page(self, key: str) -> None:
        page = self._pages.get(key)
        if page is None:
            spec = next(s for s in self.views if s.key == key)
            page = spec.build(self.ctx, remember=self._remember)
            page.setParent(self.stack)
            self._pages[key] = page
            self.stack.addWidget(page)
            self._connect_page(key, page)
        elif self.stack.currentWidget() is not page:
            activate = getattr(page, "activate", None)
            if callable(activate):
                activate()  # records may have changed on another page
        self.stack.setCurrentWidget(page)
        self.view_actions[key].setChecked(True)
        if self._remember:
            app_settings().setValue(self._last_view_key(), key)

    def _last_view_key(self) -> str:
        """The remembered last view is per database: a new database never opens on a view
        remembered from another one."""
        import hashlib

        path = str(self.database_path().resolve())
        return f"main/last_view/{hashlib.sha1(path.encode()).hexdigest()[:16]}"

    def _connect_page(self, key: str, page: QWidget) -> None:
        unit_chosen = getattr(page, "unitChosen", None)
        if key == "dashboard" and unit_chosen is not None:
            unit_chosen.connect(self.show_unit_measures)
        lock_changed = getattr(page, "autoLockChanged", None)
        if lock_changed is not None:
            lock_changed.connect(lambda minutes: self.lock.set_idle_interval(minutes * 60_000))
        place_requested = getattr(page, "placeRequested", None)
        if place_requested is not None:
            place_requested.connect(self.show_place)

    def show_place(self, view: str, place: str) -> None:
        """Open page ``view`` at ``place`` (a tab or list the page knows by that name)."""
        if self.show_view(view):
            show = getattr(self._pages[view], "show_place", None)
            if callable(show):
                show(place)

    def show_unit_measures(self, unit_id: str) -> None:
        if self.show_view("atgarder"):
            page: Any = self._pages["atgarder"]
            page.set_unit_filter(unit_id)

    # --- actions -------------------------------------------------------------------------

    def database_path(self) -> Path:
        return Path(self.ctx.db.path)

    def new_record(self, kind: str) -> None:
        """A new record of ``kind`` (registry key), with the kind's page shown behind it."""
        from kvalitet_desktop.ui.records import show_new_record_editor
        from kvalitet_desktop.ui.views.list_page import explain_missing_units

        if explain_missing_units(self, self.ctx, kind):
            return
        entry = registry.kind(kind).view
        page: Any = None
        if entry is not None and self.show_view(entry.key):
            page = self._pages.get(entry.key)
        refresh = getattr(page, "refresh", None)
        show_new_record_editor(self, self.ctx, kind, on_saved=refresh)

    def change_password(self) -> None:
        from kvalitet_desktop.ui.dialogs.passwords import ChangePasswordDialog

        dialog = ChangePasswordDialog(self.ctx, self)
        dialog.submitted.connect(
            lambda _r: self.statusBar().showMessage(self.tr("Lösenordet är bytt."), 8000)
        )
        dialog.open()

    def export_current_list(self) -> None:
        """The list of the page on screen (a list page, or the one inside a kind's page) to
        a file; a page without a list says so."""
        from kvalitet_desktop.ui.dialogs.common import show_info
        from kvalitet_desktop.ui.views.list_page import ListPage

        page = self.stack.currentWidget()
        if page is None:
            lists: list[ListPage] = []
        elif isinstance(page, ListPage):
            lists = [page]
        else:
            lists = page.findChildren(ListPage)
        shown = [p for p in lists if p.isVisible()] or lists
        if not shown:
            show_info(
                self,
                self.tr("Den här vyn har ingen lista att exportera. Öppna en lista först."),
                self.tr("Ingen lista"),
            )
            return
        shown[0].export_list()

    def backup_database(self) -> None:
        from kvalitet_desktop.ui.dialogs.common import show_info
        from kvalitet_desktop.ui.dialogs.pdf_preview import documents_folder
        from kvalitet_desktop.ui.operations import run_in_background

        stamp = datetime.now().strftime("%Y-%m-%d %H%M")
        suggested = documents_folder() / f"Kvalitet säkerhetskopia {stamp}.sqlite"
        chosen, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("Säkerhetskopiera databasen"),
            str(suggested),
            self.tr("Databaskopia (*.sqlite)"),
        )
        if not chosen:
            return
        target = Path(chosen)
        ctx = self.ctx

        def work() -> Any:
            from kvalitet_desktop.services import maintenance

            return maintenance.backup(ctx, target)

        def done(_result: Any) -> None:
            self.statusBar().showMessage(self.tr("Säkerhetskopian är sparad."), 8000)
            show_info(
                self,
                self.tr("Säkerhetskopian är sparad:\n{path}").format(path=target),
                self.tr("Säkerhetskopia"),
            )

        run_in_background(self, work, done, busy_text=self.tr("Säkerhetskopierar databasen…"))

    def restore_from_backup(self) -> None:
        from kvalitet_desktop.ui import backup_actions

        backup_actions.restore_from_backup(self)

    def start_automatic_backup(self) -> None:
        from kvalitet_desktop.ui import backup_actions

        backup_actions.start_automatic_backup(self)

    def refresh_backup_status(self) -> None:
        from kvalitet_desktop.ui.views.settings_backups import last_backup_text

        self.backup_status.setStyleSheet("")
        self.backup_status.setText(last_backup_text(self.ctx))

    def restart_session(self) -> None:
        """After a restore: every page is built anew from the restored database."""
        current = self.current_view() or DEFAULT_VIEW
        for page in self._pages.values():
            self.stack.removeWidget(page)
            page.deleteLater()
        self._pages.clear()
        self.ctx = self.ctx.refreshed()
        self.refresh_backup_status()
        if not self.show_view(current):
            self.show_view(DEFAULT_VIEW)

    def about_text(self) -> str:
        from kvalitet_desktop.ui.errors import log_folder

        return self.tr(
            "{app} {version}\n\n"
            "Systematiskt kvalitetsarbete enligt SOSFS 2011:9.\n\n"
            "Databas: {database}\n"
            "Loggfiler: {logs}"
        ).format(
            app=APP_NAME, version=__version__, database=self.database_path(), logs=log_folder()
        )

    def show_guide(self) -> QWidget:
        """The user guide beside the program; one window, brought forward when open."""
        from kvalitet_desktop.ui.help.guide import UserGuide

        if self._guide is None:
            self._guide = UserGuide(self)
        self._guide.show()
        self._guide.raise_()
        self._guide.activateWindow()
        return self._guide

    def show_about(self) -> QMessageBox:
        from kvalitet_desktop.ui.dialogs.common import show_info

        return show_info(self, self.about_text(), self.tr("Om Kvalitet Desktop"))

    # --- closing -------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        self._forms_checked = True  # a closed window checks nothing more (its file may be gone)
        if self.lock.is_locked():
            self.lock.save_drafts()  # the hidden editors are asked nothing
        for page in self._pages.values():
            save_state = getattr(page, "save_state", None)
            if callable(save_state):
                save_state()
        if self._remember:
            app_settings().setValue("main/geometry", self.saveGeometry())
        super().closeEvent(event)
