"""Walk-ins: one keystroke per henvendelse at the counter, by category, per office and day.

The counter is busy: a category is one big button or one digit key (1–9), the day's counts update at
once, and the last registration of one's own can be taken back. No person is recorded. Leaders see
the month below, by category and by weekday and hour, for deciding opening hours.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, datetime, timedelta

from PySide6.QtCore import QDate, QSize, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from navdesk.domain.codes import Role
from navdesk.i18n import _, format_date, format_number, ngettext
from navdesk.services import walkins
from navdesk.services.walkins import DayRegister, WalkInCategory, WalkInEntry
from navdesk.ui.context import UiContext
from navdesk.ui.navigation import Area
from navdesk.ui.people.card.widgets import RowsList, empty_state
from navdesk.ui.setup.callbacks import while_alive
from navdesk.ui.setup.form import date_edit, from_qdate, hint, select_data
from navdesk.ui.walkins.walkins_stats import WalkInStatsPanel

COLUMNS = 4
CHANGES = "walkins"
STYLE = """
QPushButton#category { min-height: 64px; padding: 6px 10px; text-align: left; }
QLabel#categoryName { font-size: 11pt; font-weight: 600; color: #00347d; }
QLabel#categoryCount { font-size: 18pt; font-weight: 600; color: #1a1f26; }
QLabel#dayTotal { font-size: 12pt; font-weight: 600; }
"""


class CategoryButton(QPushButton):
    """A big button: the key and the category on top, the day's count below."""

    def __init__(self, key: int, category: WalkInCategory, text: str) -> None:
        super().__init__()
        self.category = category
        self.setObjectName("category")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setToolTip(_("Press {key} to register").format(key=key))
        self.name = QLabel(f"{key}  {text}")
        self.name.setObjectName("categoryName")
        self.name.setWordWrap(True)
        self.count = QLabel("0")
        self.count.setObjectName("categoryCount")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        for label in (self.name, self.count):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            layout.addWidget(label)
        self.setAccessibleName(text)

    def sizeHint(self) -> QSize:
        hint_ = super().sizeHint()
        hint_.setHeight(max(hint_.height(), self.layout().sizeHint().height()))
        return hint_


class WalkInsView(QWidget):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.day_register: DayRegister | None = None
        self._undoing: uuid.UUID | None = None  # a second Ctrl+Z before the first is back takes nothing more
        self._request = 0
        self.setStyleSheet(STYLE)
        self.office = QComboBox()
        self.day = date_edit(date.today())
        self.day.setMaximumDate(QDate.currentDate())
        self.place = QComboBox()
        for combo in (self.office, self.place):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        top = QHBoxLayout()
        for caption, field in ((_("&Office"), self.office), (_("&Day"), self.day), (_("&Where"), self.place)):
            label = QLabel(caption)
            label.setBuddy(field)
            top.addWidget(label)
            top.addWidget(field)
            top.addSpacing(12)
        top.addStretch(1)
        self.not_today = hint(_("Walk-ins are registered as they happen: choose today to register more."))
        self.no_office = empty_state(_("You do not work at any office yet, so there is no walk-in register for "
                                       "you. An administrator adds you to your office under Set-up."))

        self.categories = list(WalkInCategory)
        self.buttons: dict[WalkInCategory, CategoryButton] = {}
        grid = QGridLayout()
        for index, category in enumerate(self.categories):
            button = CategoryButton(index + 1, category, walkins.category_label(category))
            button.clicked.connect(lambda _checked=False, c=category: self.register_category(c))
            self.buttons[category] = button
            grid.addWidget(button, index // COLUMNS, index % COLUMNS)
        self.total = QLabel()
        self.total.setObjectName("dayTotal")

        self.entries = RowsList([_("Time"), _("Category"), _("Where")])
        self.entries_empty = empty_state(_("Nothing registered yet. Press a category (or its number) for each "
                                           "walk-in."))
        self.undo_button = QPushButton(_("&Undo last"))
        self.undo_button.setToolTip(_("Ctrl+Z — your own, within {minutes} minutes").format(
            minutes=walkins.UNDO_MINUTES))
        self.undo_button.clicked.connect(self.undo_last)
        undo_row = QHBoxLayout()
        undo_row.addWidget(self.undo_button)
        undo_row.addStretch(1)
        entries_caption = QLabel(_("Registrations this day"))
        side = QVBoxLayout()
        side.addWidget(entries_caption)
        side.addWidget(self.entries_empty, 1, Qt.AlignmentFlag.AlignTop)
        side.addWidget(self.entries, 1)
        side.addLayout(undo_row)

        left = QVBoxLayout()
        left.addLayout(grid)
        left.addWidget(self.total)
        left.addStretch(1)
        body = QHBoxLayout()
        body.addLayout(left, 3)
        body.addLayout(side, 2)

        self.stats = WalkInStatsPanel(ctx) if ctx.actor.has(Role.LEADER) else None
        title = QLabel(_("Walk-ins"))
        title.setObjectName("pageTitle")
        self.content = QWidget()
        content = QVBoxLayout(self.content)
        content.setContentsMargins(0, 0, 0, 0)
        content.addLayout(top)
        content.addWidget(self.not_today)
        content.addLayout(body, 1)
        if self.stats is not None:
            content.addWidget(self.stats, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.no_office)
        layout.addWidget(self.content, 1)
        self.no_office.hide()
        self.not_today.hide()
        self._shortcuts()
        self.office.currentIndexChanged.connect(lambda _index: self._office_changed())
        self.day.dateChanged.connect(lambda _value: self.reload())
        self._set_registering(False)
        db, actor = ctx.db, ctx.actor
        ctx.worker.run(lambda: walkins.my_offices(db, actor), while_alive(self, self._show_offices), parent=self)

    def _shortcuts(self) -> None:
        # Digits only while this area has focus; a date being typed keeps its digits (the editor claims them).
        for index, category in enumerate(self.categories[:9]):
            shortcut = QShortcut(QKeySequence(str(index + 1)), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda c=category: self.register_category(c))
        undo = QShortcut(QKeySequence.StandardKey.Undo, self)
        undo.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        undo.activated.connect(self.undo_last)

    # Loading ------------------------------------------------------------------------------------------

    def _show_offices(self, offices: tuple[walkins.OfficeChoice, ...]) -> None:
        self.no_office.setVisible(not offices)
        self.content.setVisible(bool(offices))
        self.office.blockSignals(True)
        for office in offices:
            self.office.addItem(office.name, office.id)
        self.office.blockSignals(False)
        if offices:
            self._office_changed()
            self.buttons[self.categories[0]].setFocus()

    def office_id(self) -> uuid.UUID | None:
        value = self.office.currentData()
        return value if isinstance(value, uuid.UUID) else None

    def chosen_day(self) -> date:
        return from_qdate(self.day.date())

    def is_today(self) -> bool:
        return self.chosen_day() == date.today()

    def _office_changed(self) -> None:
        self.reload()
        if self.stats is not None:
            self.stats.show_office(self.office_id())

    def reload(self) -> None:
        office_id, day = self.office_id(), self.chosen_day()
        if office_id is None:
            return
        db, actor = self.ctx.db, self.ctx.actor
        self._run(lambda: walkins.day_register(db, actor, office_id, day))

    def _run(self, operation: Callable[[], DayRegister], changes: str | None = None) -> None:
        self._request += 1
        request = self._request

        def done(result: DayRegister) -> None:
            # Results come back in order; only the latest for the office and day on screen is shown.
            if request == self._request and result.office_id == self.office_id() and result.day == self.chosen_day():
                self._show(result)

        self.ctx.worker.run(operation, while_alive(self, done), changes=changes, parent=self)

    def _show(self, register: DayRegister) -> None:
        self.day_register = register
        for category, _label, count in register.by_category:
            self.buttons[category].count.setText(format_number(count))
        total = len(register.entries)
        self.total.setText(ngettext("{count} walk-in on {day}", "{count} walk-ins on {day}", total).format(
            count=format_number(total), day=format_date(register.day, "long")))
        self.entries.set_rows(((entry.at.strftime("%H:%M"), entry.label, entry.place or register.office), entry)
                              for entry in register.entries)
        self.entries.setVisible(bool(register.entries))
        self.entries_empty.setVisible(not register.entries)
        chosen = self.place.currentData()
        self.place.blockSignals(True)
        self.place.clear()
        for municipality_id, name in register.places:
            self.place.addItem(name, municipality_id)
        select_data(self.place, chosen, fallback=0)
        self.place.blockSignals(False)
        self._set_registering(self.is_today())

    def _set_registering(self, on_today: bool) -> None:
        self.not_today.setVisible(not on_today and self.day_register is not None)
        for button in self.buttons.values():
            button.setEnabled(on_today)
        self.place.setEnabled(on_today and self.place.count() > 1)
        self.undo_button.setEnabled(on_today and self.last_own() is not None)

    # Registering --------------------------------------------------------------------------------------

    def register_category(self, category: WalkInCategory) -> None:
        office_id = self.office_id()
        if office_id is None or not self.is_today() or not self.buttons[category].isEnabled():
            return
        db, actor, place = self.ctx.db, self.ctx.actor, self.place.currentData()
        self._run(lambda: walkins.register(db, actor, office_id, category.value, municipality_id=place),
                  changes=CHANGES)
        self._refresh_month()

    def last_own(self) -> WalkInEntry | None:
        """The newest registration of one's own that may still be taken back."""
        register = self.day_register
        if register is None:
            return None
        mine = next((entry for entry in register.entries if entry.mine), None)
        if mine is None or mine.id == self._undoing:
            return None
        registered = datetime.combine(register.day, mine.at)
        return mine if datetime.now() - registered <= timedelta(minutes=walkins.UNDO_MINUTES) else None

    def undo_last(self) -> None:
        entry = self.last_own()
        if entry is None or not self.is_today():
            return
        db, actor = self.ctx.db, self.ctx.actor
        self._undoing = entry.id
        self._run(lambda: walkins.undo(db, actor, entry.id), changes=CHANGES)
        self._refresh_month()

    def _refresh_month(self) -> None:
        if self.stats is not None and self.stats.showing_today():
            self.stats.reload()


AREA = Area(
    key="walkins",
    label=lambda: _("Walk-ins"),
    factory=WalkInsView,
    visible=lambda actor: actor.has(Role.VEILEDER, Role.LEADER),
    order=40,
)
