"""The main window: navigation on the left, the chosen area on the right. It only lays out."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QFont, QFontMetrics, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from navdesk.domain.codes import Role
from navdesk.i18n import LANGUAGES, _, current_language, format_datetime
from navdesk.services import backups
from navdesk.services.backups import BackupInfo
from navdesk.ui.context import UiContext
from navdesk.ui.navigation import Area, areas

NAV_POINT_SIZE = 10.5  # the navigation's font size in resources/style.qss
LANGUAGE_NAMES = {"nb": "Norsk bokmål", "nn": "Norsk nynorsk", "en": "English"}


class MainWindow(QMainWindow):
    logout_requested = Signal()
    lock_requested = Signal()
    change_password_requested = Signal()
    language_requested = Signal(str)
    settings_requested = Signal()

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        ctx.open_person = self.open_person
        self.setObjectName("mainWindow")
        self.setWindowTitle(_("navdesk — {name}").format(name=ctx.actor.name))
        self.resize(1280, 760)
        self._areas: list[Area] = [area for area in areas() if area.visible(ctx.actor)]
        self._pages: dict[str, QWidget] = {}

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.stack = QStackedWidget()
        for index, area in enumerate(self._areas):
            item = QListWidgetItem(area.label())
            item.setData(Qt.ItemDataRole.UserRole, area.key)
            if index < 9:
                item.setToolTip(_("Ctrl+{number}").format(number=index + 1))
            self.nav.addItem(item)
            self.stack.addWidget(QWidget())  # built on first visit
        self.nav.currentRowChanged.connect(self._show_area)

        splitter = QSplitter()
        splitter.addWidget(self.nav)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        # The navigation needs only its (translated) labels' width, and never a horizontal scroll bar.
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        font = QFont(self.nav.font())
        font.setPointSizeF(NAV_POINT_SIZE)
        metrics = QFontMetrics(font)
        nav_width = max((metrics.horizontalAdvance(area.label()) for area in self._areas), default=100) + 56
        self.nav.setMaximumWidth(nav_width + 40)
        splitter.setSizes([nav_width, 1100])
        self.setCentralWidget(splitter)
        self._build_menus()
        self._build_status_bar()
        if self._areas:
            self.nav.setCurrentRow(0)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(_("&File"))
        change_password = QAction(_("Change &password…"), self)
        change_password.triggered.connect(self.change_password_requested)
        lock = QAction(_("&Lock screen"), self)
        lock.setShortcut(QKeySequence("Ctrl+L"))
        lock.triggered.connect(self.lock_requested)
        logout = QAction(_("Log &out"), self)
        logout.triggered.connect(self.logout_requested)
        quit_action = QAction(_("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        for action in (change_password, lock, logout):
            file_menu.addAction(action)
        if self.ctx.actor.has(Role.ADMIN):
            settings = QAction(_("&Settings…"), self)
            settings.triggered.connect(self.settings_requested)
            file_menu.addAction(settings)
        file_menu.addSeparator()
        file_menu.addAction(quit_action)

        language_menu = self.menuBar().addMenu(_("&Language"))
        for code in LANGUAGES:
            action = QAction(LANGUAGE_NAMES[code], self)
            action.setCheckable(True)
            action.setChecked(code == current_language())
            action.triggered.connect(lambda _checked=False, c=code: self.language_requested.emit(c))
            language_menu.addAction(action)

        for index in range(min(9, len(self._areas))):
            action = QAction(self)
            action.setShortcut(QKeySequence(f"Ctrl+{index + 1}"))
            action.triggered.connect(lambda _checked=False, row=index: self.nav.setCurrentRow(row))
            self.addAction(action)
        find = QAction(self)
        find.setShortcut(QKeySequence.StandardKey.Find)
        find.triggered.connect(self.focus_search)
        self.addAction(find)

    def _build_status_bar(self) -> None:
        who = QLabel(_("Signed in as {name} ({login})").format(name=self.ctx.actor.name, login=self.ctx.actor.login))
        self.statusBar().addWidget(who)
        where = self.ctx.db.path or self.ctx.db.url.render_as_string(hide_password=True)
        database = QLabel(_("Database: {where}").format(where=where))
        database.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.statusBar().addPermanentWidget(database)
        self.backup_label = QLabel()
        self.backup_label.setObjectName("lastBackup")
        self.statusBar().addPermanentWidget(self.backup_label)
        db = self.ctx.db
        self.ctx.worker.run(lambda: backups.last_backup(db), self._show_last_backup, self._backup_unknown,
                            parent=self)
        if self.ctx.is_demo:
            demo = QLabel(_("DEMO DATABASE — synthetic people only"))
            demo.setObjectName("demoBadge")
            self.statusBar().addPermanentWidget(demo)

    def _show_last_backup(self, last: BackupInfo | None) -> None:
        if last is not None:
            when = format_datetime(last.made_at)
            text = _("Last backup: {when}").format(when=when)
            self.backup_label.setToolTip(_("Backups are kept in {folder}").format(folder=last.folder))
        elif self.ctx.db.is_sqlite:
            text = _("No backup yet: one is made when navdesk starts")
        else:
            text = _("Backups: made on the database server")
        self.backup_label.setText(text)

    def _backup_unknown(self, _error: BaseException) -> None:
        self.backup_label.setText(_("Last backup: unknown"))

    def _show_area(self, row: int) -> None:
        if row < 0:
            return
        area = self._areas[row]
        page = self._pages.get(area.key)
        if page is None:
            page = area.factory(self.ctx)
            page.setObjectName(f"area_{area.key}")
            self._pages[area.key] = page
            placeholder = self.stack.widget(row)
            self.stack.insertWidget(row, page)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
        self.stack.setCurrentWidget(page)

    def show_area(self, key: str) -> QWidget:
        """Switch to an area by key and return its page (used by tests and shortcuts)."""
        for row, area in enumerate(self._areas):
            if area.key == key:
                self.nav.setCurrentRow(row)
                return self._pages[key]
        raise KeyError(key)

    def focus_search(self) -> None:
        """Ctrl+F anywhere in the window: the People area, its search field ready for typing."""
        if "people" in self.area_keys():
            self.show_area("people").focus_search()  # type: ignore[attr-defined]

    def open_person(self, person_id: uuid.UUID) -> None:
        """Show a person's card in the People area (from the worklist, the calendar, a handover …)."""
        if "people" in self.area_keys():
            self.show_area("people").open_person(person_id)  # type: ignore[attr-defined]

    def area_keys(self) -> list[str]:
        return [area.key for area in self._areas]
