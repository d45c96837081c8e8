"""A veileder's reminders (huskelapp) about one person: write one, change it, tick it off, delete it.

The list on top holds the reader's reminders about the person (and those of a colleague they cover
for), done ones included; the form below writes a new one, or changes the one chosen in the list.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from navdesk.domain.errors import UserError, ValidationFailed
from navdesk.i18n import _, format_date
from navdesk.services import reminders
from navdesk.services.reminders import ReminderItem
from navdesk.ui.context import UiContext
from navdesk.ui.setup.callbacks import while_alive
from navdesk.ui.setup.form import FormErrors, OptionalDate
from navdesk.ui.worker import show_error

REMINDER_CHANGES = "worklist"
DEFAULT_DAYS_AHEAD = 7


def reminder_text(item: ReminderItem) -> str:
    when = format_date(item.deadline) if item.deadline else _("No deadline")
    text = f"{when} — {item.text}"
    if item.done:
        return _("Done: {reminder}").format(reminder=text)
    if item.overdue:
        return _("Overdue: {reminder}").format(reminder=text)
    return text


class ReminderDialog(QDialog):
    def __init__(self, ctx: UiContext, person_id: uuid.UUID, person_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.person_id = person_id
        self.items: tuple[ReminderItem, ...] = ()
        self.busy = False
        self.errors = FormErrors()
        self.setWindowTitle(_("Reminders — {name}").format(name=person_name))
        self.setMinimumWidth(560)

        title = QLabel(_("Your reminders about {name}").format(name=person_name))
        title.setObjectName("dialogTitle")
        self.list = QListWidget()
        self.list.setObjectName("reminderList")
        self.list.setAccessibleName(_("Your reminders"))
        self.list.currentRowChanged.connect(self._chosen)
        self.empty = QLabel(_("No reminders about this person yet. Write one below."))
        self.empty.setObjectName("hint")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.shown = QStackedWidget()
        self.shown.addWidget(self.empty)
        self.shown.addWidget(self.list)
        self.shown.setFixedHeight(150)

        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        close.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.shown)
        layout.addLayout(self._form())
        layout.addWidget(self.errors.general)
        layout.addLayout(self._actions())
        layout.addWidget(close)
        self.start_new()
        self.load()

    def _form(self) -> QFormLayout:
        """The text and the deadline, for a new reminder or the one chosen in the list."""
        self.text = QLineEdit()
        self.text.setMaxLength(reminders.TEXT_MAX)
        self.text.setPlaceholderText(_("What to remember, e.g. “Call about the job interview”"))
        self.text.returnPressed.connect(self.save)
        self.deadline = OptionalDate(_("Remind me by"))
        form = QFormLayout()
        self.form_title = QLabel()
        self.form_title.setFont(_bold(self.font()))
        form.addRow(self.form_title)
        text_label = QLabel(_("&Text"))
        text_label.setBuddy(self.text)
        form.addRow(text_label, self.errors.wrap("text", self.text))
        deadline_label = QLabel(_("&Deadline"))
        deadline_label.setBuddy(self.deadline)
        form.addRow(deadline_label, self.errors.wrap("deadline", self.deadline, self.deadline.enabled))
        return form

    def _actions(self) -> QHBoxLayout:
        self.new_button = QPushButton(_("&New reminder"))
        self.new_button.clicked.connect(self.start_new)
        self.save_button = QPushButton(_("&Save"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.done_button = QPushButton(_("&Mark done"))
        self.done_button.clicked.connect(self.toggle_done)
        self.delete_button = QPushButton(_("De&lete"))
        self.delete_button.clicked.connect(self.delete)
        actions = QHBoxLayout()
        for button in (self.new_button, self.save_button, self.done_button, self.delete_button):
            actions.addWidget(button)
        actions.addStretch(1)
        return actions

    # --- the list -------------------------------------------------------------------------------------

    def load(self, select: uuid.UUID | None = None, *, keep_message: bool = False) -> None:
        """Read the list again; then `select` is chosen, or the form is ready for a new reminder."""
        db, actor, person_id = self.ctx.db, self.ctx.actor, self.person_id
        self.ctx.worker.run(lambda: reminders.reminders(db, actor, person_id=person_id, include_done=True),
                            while_alive(self, lambda items: self._loaded(items, select, keep_message)), parent=self)

    def _loaded(self, items: tuple[ReminderItem, ...], select: uuid.UUID | None, keep_message: bool) -> None:
        # Open ones first (soonest deadline first, as the service orders them), then the done ones.
        self.items = tuple(sorted(items, key=lambda item: item.done))
        self.list.blockSignals(True)
        self.list.clear()
        for item in self.items:
            entry = QListWidgetItem(reminder_text(item))
            entry.setToolTip(_("Written by {name}").format(name=item.staff))
            if item.done:
                entry.setForeground(self.palette().placeholderText())
            self.list.addItem(entry)
        self.list.setCurrentRow(-1)
        self.list.blockSignals(False)
        self.shown.setCurrentWidget(self.list if self.items else self.empty)
        row = next((i for i, item in enumerate(self.items) if item.id == select), -1)
        if row >= 0:
            self.list.setCurrentRow(row)
        else:
            message = self.errors.general.text() if keep_message else ""
            self.start_new()
            self.errors.general.show_message(message)

    def chosen(self) -> ReminderItem | None:
        row = self.list.currentRow()
        return self.items[row] if 0 <= row < len(self.items) else None

    def _chosen(self, _row: int) -> None:
        item = self.chosen()
        if item is None:
            return
        self.errors.clear()
        self.form_title.setText(_("Change the chosen reminder"))
        self.text.setText(item.text)
        self.deadline.set_value(item.deadline)
        self._update_buttons()

    def start_new(self) -> None:
        """An empty form for a new reminder, due in a week unless the user says otherwise."""
        self.list.blockSignals(True)
        self.list.setCurrentRow(-1)
        self.list.blockSignals(False)
        self.errors.clear()
        self.form_title.setText(_("New reminder"))
        self.text.clear()
        self.deadline.set_value(date.today() + timedelta(days=DEFAULT_DAYS_AHEAD))
        self._update_buttons()
        self.text.setFocus()

    def _update_buttons(self) -> None:
        item = self.chosen()
        self.done_button.setEnabled(item is not None and not self.busy)
        self.delete_button.setEnabled(item is not None and not self.busy)
        self.save_button.setEnabled(not self.busy)
        self.done_button.setText(_("&Not done after all") if item is not None and item.done else _("&Mark done"))

    # --- changes --------------------------------------------------------------------------------------

    def save(self) -> None:
        if self.busy:
            return
        db, actor, person_id = self.ctx.db, self.ctx.actor, self.person_id
        text, deadline, item = self.text.text(), self.deadline.value(), self.chosen()
        if item is None:
            self._run(lambda: reminders.add(db, actor, person_id, text, deadline), keep_chosen=False)
        else:
            self._run(lambda: reminders.edit(db, actor, item.id, item.version, text, deadline), keep_chosen=True)

    def toggle_done(self) -> None:
        item = self.chosen()
        if item is not None and not self.busy:
            db, actor = self.ctx.db, self.ctx.actor
            self._run(lambda: reminders.set_done(db, actor, item.id, item.version, not item.done), keep_chosen=True)

    def delete(self) -> None:
        item = self.chosen()
        if item is None or self.busy:
            return
        answer = QMessageBox.question(self, _("Delete reminder"),
                                      _("Delete the reminder “{text}”?").format(text=item.text))
        if answer != QMessageBox.StandardButton.Yes:
            return
        db, actor = self.ctx.db, self.ctx.actor
        self._run(lambda: reminders.delete(db, actor, item.id, item.version), keep_chosen=False)

    def _run(self, operation: Callable[[], ReminderItem | None], *, keep_chosen: bool) -> None:
        """Save on the worker; afterwards the list is read again, with the changed reminder still chosen
        (`keep_chosen`) or the form ready for the next new one."""
        self.busy = True
        self._update_buttons()

        def done(result: ReminderItem | None) -> None:
            self.busy = False
            self.load(select=result.id if keep_chosen and result is not None else None)

        self.ctx.worker.run(operation, while_alive(self, done), while_alive(self, self._failed),
                            changes=REMINDER_CHANGES, parent=self)

    def _failed(self, error: BaseException) -> None:
        self.busy = False
        self._update_buttons()
        if isinstance(error, ValidationFailed):
            self.errors.show(error.errors)
        elif isinstance(error, UserError):
            # Changed or removed meanwhile (by a deputy, say): say so, and show the list as it is now.
            self.errors.show({"": error.message})
            self.load(keep_message=True)
        else:
            show_error(self, error)


def _bold(font: QFont) -> QFont:
    bold = QFont(font)
    bold.setBold(True)
    return bold

