"""Calendar: a veileder's week and an office's day, with booking and cancelling.

Keys: Alt+Left and Alt+Right move a week (or a day) back and forth, Ctrl+T goes to today, Ctrl+N books,
Enter on a meeting opens the person's card, Delete cancels it (after asking).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from navdesk.domain.codes import Role
from navdesk.i18n import _
from navdesk.services import appointment_choices
from navdesk.services.actor import Actor
from navdesk.services.appointment_choices import CalendarChoices
from navdesk.ui.calendar.calendar_page import CalendarPage
from navdesk.ui.calendar.office_day_page import OfficeDayPage
from navdesk.ui.calendar.week_page import WeekPage
from navdesk.ui.context import UiContext
from navdesk.ui.navigation import Area
from navdesk.ui.setup.callbacks import while_alive

# Who may look at which calendar, and the offices' hours, change with the organisation and the staff.
CHOICE_CHANGES = frozenset({"organisation", "staff"})


def _works_with_people(actor: Actor) -> bool:
    return actor.has(Role.VEILEDER, Role.LEADER)


class CalendarView(QWidget):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.choices: CalendarChoices | None = None
        title = QLabel(_("Calendar"))
        title.setObjectName("pageTitle")
        self.week = WeekPage(ctx)
        self.office_day = OfficeDayPage(ctx)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.week, _("&Week"))
        self.tabs.addTab(self.office_day, _("Office da&y"))
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.tabs, 1)
        self.setFocusProxy(self.week)
        for keys, slot in (("Alt+Left", lambda: self.page().previous()), ("Alt+Right", lambda: self.page().next()),
                           ("Ctrl+T", lambda: self.page().today()),
                           (QKeySequence.StandardKey.New, lambda: self.page().new_appointment())):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        ctx.worker.changed.connect(self._changed)
        self._load_choices()

    def page(self) -> CalendarPage:
        return self.office_day if self.tabs.currentWidget() is self.office_day else self.week

    def _load_choices(self) -> None:
        db, actor = self.ctx.db, self.ctx.actor
        self.ctx.worker.run(lambda: appointment_choices.calendar_choices(db, actor),
                            while_alive(self, self._choices_loaded), parent=self)

    def _choices_loaded(self, choices: CalendarChoices) -> None:
        self.choices = choices
        self.week.set_choices(choices)
        self.office_day.set_choices(choices)

    def _changed(self, what: str) -> None:
        if what in CHOICE_CHANGES:
            self._load_choices()


AREA = Area(
    key="calendar",
    label=lambda: _("Calendar"),
    factory=CalendarView,
    visible=_works_with_people,
    order=20,
)
