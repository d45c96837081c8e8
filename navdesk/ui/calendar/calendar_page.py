"""What the week and the office day have in common: a row of tools over the time grid, and what can be done
with a meeting in it — open the person's card, cancel it, book a new one.

A page loads when it is shown and again when meetings change (a booking or a cancellation anywhere in
the program announces "person"); results that arrive after a newer request are dropped.
"""

from __future__ import annotations

import html
import uuid
from collections.abc import Callable
from datetime import date, time
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from navdesk.i18n import _, format_date
from navdesk.services import appointments
from navdesk.services.appointment_choices import CalendarChoices
from navdesk.services.appointments import CalendarEntry
from navdesk.ui.calendar.booking_dialog import BookingDialog
from navdesk.ui.calendar.calendar_text import entry_span
from navdesk.ui.calendar.time_grid import TONES, TimeGrid, Tone
from navdesk.ui.context import UiContext
from navdesk.ui.setup.callbacks import while_alive
from navdesk.ui.setup.form import hint

# Booking and cancelling announce "person" (an open card reloads); the calendar follows the same signal.
CALENDAR_CHANGES = frozenset({"person", "people", "appointments"})
DAY_STARTS, DAY_ENDS = 8, 16  # the grid always shows an ordinary working day, and more when meetings need it


def hour_range(starts: list[time], ends: list[time]) -> tuple[int, int]:
    """Whole hours covering a working day, the opening hours and every meeting shown."""
    first = min([DAY_STARTS, *(moment.hour for moment in starts)])
    last = max([DAY_ENDS, *(moment.hour + (1 if moment.minute or moment.second else 0) for moment in ends)])
    return first, min(last, 24)


def legend() -> QLabel:
    """What the colours mean, in one quiet line under the grid."""
    def swatch(tone: Tone) -> str:
        fill, bar = TONES[tone]
        return (f'<span style="background:{fill.name()}; color:{bar.name()}; border-left: 3px solid {bar.name()};">'
                "&nbsp;■&nbsp;</span>")

    # Translated outside the f-strings: Babel's extractor does not look inside them.
    meanings = ((Tone.OWN, _("Meeting")), (Tone.ELSEWHERE, _("On an office day in another municipality")),
                (Tone.WITHHELD, _("Booked — you may not see whom it is with")))
    label = hint(" &nbsp; ".join(f"{swatch(tone)} {html.escape(text)}" for tone, text in meanings))
    label.setTextFormat(Qt.TextFormat.RichText)
    return label


class CalendarPage(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.choices: CalendarChoices | None = None
        self.dialog: BookingDialog | None = None  # the booking dialog open over the page (for tests)
        self.keep: uuid.UUID | None = None  # the meeting the cursor returns to after a reload
        self.loaded = False
        self._stale = True
        self._request = 0

        self.grid = TimeGrid()
        self.grid.setObjectName("calendarGrid")
        self.title = QLabel()
        self.title.setObjectName("calendarTitle")
        self.title.setStyleSheet("font-size: 12pt; font-weight: 600;")
        self.previous_button = QPushButton("‹")
        self.next_button = QPushButton("›")
        self.today_button = QPushButton(_("&Today"))
        self.today_button.setToolTip(_("Ctrl+T"))
        for button in (self.previous_button, self.next_button):
            button.setFixedWidth(44)
        self.previous_button.clicked.connect(self.previous)
        self.next_button.clicked.connect(self.next)
        self.today_button.clicked.connect(self.today)

        self.new_button = QPushButton(_("&New appointment…"))
        self.new_button.setToolTip(_("Ctrl+N"))
        self.new_button.clicked.connect(lambda: self.new_appointment())
        self.open_button = QPushButton(_("Open &card"))
        self.open_button.setToolTip(_("Enter"))
        self.open_button.clicked.connect(lambda: self.open_entry(self.grid.current()))
        self.cancel_button = QPushButton(_("C&ancel appointment…"))
        self.cancel_button.setToolTip(_("Delete"))
        self.cancel_button.clicked.connect(lambda: self.cancel_entry(self.grid.current()))

        self.grid.activated.connect(self.open_entry)
        self.grid.delete_requested.connect(self.cancel_entry)
        self.grid.current_changed.connect(lambda _entry: self._update_buttons())
        self.grid.new_requested.connect(self._new_at)
        self.scroller = QScrollArea()
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QFrame.Shape.StyledPanel)
        self.scroller.setWidget(self.grid)
        self.scroller.setFocusProxy(self.grid)
        self.selected = QLabel()
        self.selected.setObjectName("calendarSelected")
        self.selected.setWordWrap(True)
        self.selected.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.tools = QHBoxLayout()  # the page puts its chooser first
        self.tools.setSpacing(6)
        heading = QHBoxLayout()
        for widget in (self.previous_button, self.today_button, self.next_button):
            heading.addWidget(widget)
        heading.addSpacing(10)
        heading.addWidget(self.title, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.selected, 1)
        for button in (self.open_button, self.cancel_button, self.new_button):
            actions.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(self.tools)
        layout.addLayout(heading)
        layout.addWidget(self.scroller, 1)
        layout.addLayout(actions)
        layout.addWidget(legend())
        self.setFocusProxy(self.grid)
        ctx.worker.changed.connect(self._changed)
        self._update_buttons()

    def finish_tab_order(self, *tools: QWidget) -> None:
        """The page's choosers first, then moving in time, the grid, and what to do with a meeting."""
        chain = [*tools, self.previous_button, self.today_button, self.next_button, self.grid, self.open_button,
                 self.cancel_button, self.new_button]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    # Loading ----------------------------------------------------------------------------------------

    def set_choices(self, choices: CalendarChoices) -> None:
        self.choices = choices
        self.refresh()

    def refresh(self) -> None:
        self._stale = True
        if self.isVisible():
            self._load()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._stale:
            self._load()

    def _changed(self, what: str) -> None:
        if what in CALENDAR_CHANGES:
            self.refresh()

    def _load(self) -> None:
        operation = self.fetch() if self.choices is not None else None
        if operation is None:
            return
        self._stale = False
        self._request += 1
        request = self._request
        self.ctx.worker.run(operation, while_alive(self, lambda result: self._arrived(request, result)), parent=self)

    def _arrived(self, request: int, result: Any) -> None:
        if request == self._request:
            self.loaded = True
            self.show_result(result)
            self._update_buttons()

    def fetch(self) -> Callable[[], Any] | None:
        """The query for what the page shows now (run in the background), or None when nothing is chosen."""
        raise NotImplementedError

    def show_result(self, result: Any) -> None:
        raise NotImplementedError

    # Moving in time (the page decides by how much) ----------------------------------------------------

    def previous(self) -> None:
        raise NotImplementedError

    def next(self) -> None:
        raise NotImplementedError

    def today(self) -> None:
        raise NotImplementedError

    def show_entry(self, entry: CalendarEntry) -> None:
        """Go to where a meeting is and put the cursor on it (after booking it)."""
        raise NotImplementedError

    def booking_defaults(self) -> tuple[uuid.UUID | None, date]:
        """Whose calendar a new meeting goes into, and on which day, when booked from this page."""
        raise NotImplementedError

    # Acting on a meeting ----------------------------------------------------------------------------

    def _update_buttons(self) -> None:
        entry = self.grid.current()
        known = entry is not None and not entry.withheld
        self.open_button.setEnabled(known)
        self.cancel_button.setEnabled(known)
        if entry is None:
            self.selected.setText("")
        elif entry.withheld:
            self.selected.setText(_("{when}: booked. You may not see whom this meeting is with.").format(
                when=self._when(entry)))
        else:
            self.selected.setText(_("{when}: {person} with {staff}").format(
                when=self._when(entry), person=entry.person, staff=entry.staff)
                + (f" — {entry.purpose}" if entry.purpose else ""))

    @staticmethod
    def _when(entry: CalendarEntry) -> str:
        return f"{format_date(entry.starts_at.date())} {entry_span(entry)}"

    def open_entry(self, entry: CalendarEntry | None) -> None:
        if entry is not None and entry.person_id is not None:
            self.ctx.open_person(entry.person_id)

    def cancel_entry(self, entry: CalendarEntry | None) -> None:
        if entry is None or entry.withheld or entry.cancelled:
            return
        answer = QMessageBox.question(
            self, _("Cancel appointment"),
            _("Cancel the meeting with {person} on {when}?\n\nIt stays on the person's card, marked as cancelled. "
              "Remember to tell the person.").format(person=entry.person, when=self._when(entry)))
        if answer != QMessageBox.StandardButton.Yes:
            return
        db, actor = self.ctx.db, self.ctx.actor
        self.keep = None
        self.ctx.worker.run(lambda: appointments.cancel(db, actor, entry.id, entry.version),
                            changes="person", parent=self)

    def _new_at(self, key: object, at: object) -> None:
        day = key if isinstance(key, date) else None
        self.new_appointment(day, at if isinstance(at, time) else None)

    def new_appointment(self, day: date | None = None, at: time | None = None) -> None:
        if self.choices is None:
            return
        staff_id, default_day = self.booking_defaults()
        dialog = BookingDialog(self.ctx, self.choices, person=None, staff_id=staff_id,
                               day=max(day or default_day, date.today()), at=at, parent=self)
        dialog.booked.connect(self.show_entry)
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda *_args: self._forget(dialog))
        dialog.open()

    def _forget(self, dialog: BookingDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

