"""What the plan dialogs and pages share: a dialog that saves through the worker and shows the service's
errors next to its fields, and a few small widgets (text boxes, choice lists, read-only lists that fit).

A dialog reads its fields on the GUI thread into a closure that runs on the worker; nothing is saved
until the service accepts everything. A conflict (someone else saved first) or a refusal is told inside
the dialog, so that what the user typed stays there to copy.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from navdesk.domain.errors import Conflict, UserError, ValidationFailed
from navdesk.i18n import _, format_date
from navdesk.services import partners
from navdesk.services.actor import Actor
from navdesk.services.plan_choices import PlanChoices, plan_choices
from navdesk.services.plan_types import PartnerContactView, PlanOverview, PlanRef
from navdesk.store.engine import Database
from navdesk.ui.context import UiContext
from navdesk.ui.people.card.widgets import RowsList, empty_state
from navdesk.ui.setup.callbacks import while_alive
from navdesk.ui.setup.form import FormErrors
from navdesk.ui.worker import show_error

# The worker's change tag that reloads the person card (and with it the Plans tab).
PERSON = "person"


@dataclass(frozen=True)
class PlanOption:
    """A plan of the person that goals and measures can be written into or linked into."""

    ref: PlanRef
    label: str


@dataclass(frozen=True)
class People:
    """Who a plan form can name: colleagues and the contacts of the partner register."""

    choices: PlanChoices
    contacts: tuple[PartnerContactView, ...]

    @property
    def staff(self) -> tuple[tuple[uuid.UUID, str], ...]:
        return self.choices.staff

    def contact_choices(self) -> list[tuple[uuid.UUID, str]]:
        return [(contact.contact_id, contact.label) for contact in self.contacts]


def load_people(ctx: UiContext, widget: QWidget, done: Callable[[People], None]) -> None:
    """Fetch the colleagues and partner contacts a form offers, then call `done` (if `widget` still lives)."""
    db, actor = ctx.db, ctx.actor
    ctx.worker.run(lambda: People(plan_choices(db, actor), partners.contact_choices(db, actor)),
                   while_alive(widget, done), parent=widget)


class PlanDialog(QDialog):
    """A form over the person's plans: fields in `self.form`, Save runs `operation()` on the worker."""

    saved = Signal(object)  # what the service returned

    def __init__(self, ctx: UiContext, title: str, parent: QWidget | None = None, *, save_text: str = "",
                 width: int = 560, changes: str = PERSON) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.changes = changes
        self.errors = FormErrors()
        self.saving = False
        self.setWindowTitle(title)
        self.setMinimumWidth(width)
        layout = QVBoxLayout(self)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        layout.addLayout(self.form, 1)
        layout.addWidget(self.errors.general)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(save_text or _("&Save"))
        self.save_button.setDefault(True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def showEvent(self, event: QShowEvent) -> None:
        # QFormLayout can size its label column from the rows visible at one moment and clip a later label
        # (rows are shown and hidden as the user chooses); every label gets the width of the widest.
        labels = [item.widget() for row in range(self.form.rowCount())
                  if (item := self.form.itemAt(row, QFormLayout.ItemRole.LabelRole)) is not None and item.widget()]
        widest = max((label.sizeHint().width() for label in labels), default=0)
        for label in labels:
            label.setMinimumWidth(widest)
        super().showEvent(event)

    def add_field(self, caption: str, name: str, widget: QWidget, focus: QWidget | None = None) -> QWidget:
        """A row of the form with the error label of service field `name` under the field; returns the row's
        field (to show or hide the row with `self.form.setRowVisible`)."""
        box = self.errors.wrap(name, widget, focus)
        self.form.addRow(caption, box)
        return box

    # What a dialog provides --------------------------------------------------------------------------

    def operation(self) -> Callable[[], Any]:
        """Read the fields now (GUI thread) and return the work to run on the worker thread."""
        raise NotImplementedError

    def error_fields(self, errors: dict[str, str]) -> dict[str, str]:
        """The service's field names as this form names them (most forms use the same names)."""
        return errors

    # Saving -------------------------------------------------------------------------------------------

    def save(self) -> None:
        if self.saving:
            return
        work = self.operation()
        self._set_saving(True)
        self.ctx.worker.run(work, while_alive(self, self._saved), while_alive(self, self.failed),
                            changes=self.changes, parent=self)

    def _set_saving(self, saving: bool) -> None:
        self.saving = saving
        self.save_button.setEnabled(not saving)

    def _saved(self, result: Any) -> None:
        self._set_saving(False)
        self.errors.clear()
        self.saved.emit(result)
        self.accept()

    def failed(self, error: BaseException) -> None:
        self._set_saving(False)
        if isinstance(error, ValidationFailed):
            self.errors.show(self.error_fields(error.errors))
        elif isinstance(error, Conflict):
            self.errors.show({})
            self.errors.general.show_message(error.message)
            # Show the other desk's version behind the dialog; what was typed here stays to copy.
            self.ctx.worker.changed.emit(self.changes)
        elif isinstance(error, UserError):
            self.errors.show({})
            self.errors.general.show_message(error.message)
        else:
            show_error(self, error)


class TextBox(QPlainTextEdit):
    """A multi-line field as tall as `lines` to begin with (Qt's default is a tall box that makes every form
    longer than the screen); Tab leaves it, so the keyboard user moves on instead of typing a tab."""

    def __init__(self, lines: int) -> None:
        super().__init__()
        self.setTabChangesFocus(True)
        self._height = self.fontMetrics().lineSpacing() * lines + 14
        self.setMinimumHeight(self._height)

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self._height)


def text_box(lines: int = 3) -> TextBox:
    return TextBox(lines)


class ChoiceBox(QComboBox):
    """A drop-down of (value, label) pairs, optionally with a first "none" entry whose value is None."""

    def __init__(self, none_text: str = "") -> None:
        super().__init__()
        self.none_text = none_text

    def set_choices(self, choices: Iterable[tuple[object, str]], selected: object = None) -> None:
        self.blockSignals(True)
        self.clear()
        if self.none_text:
            self.addItem(self.none_text, None)
        for value, text in choices:
            self.addItem(text, value)
        self.blockSignals(False)
        self.select(selected)

    def select(self, value: object) -> None:
        index = next((i for i in range(self.count()) if self.itemData(i) == value), 0 if self.count() else -1)
        self.setCurrentIndex(index)

    def value(self) -> Any:
        return self.currentData()


def fit_rows(view: RowsList, *, most: int = 8) -> None:
    """A list inside a scrolling page is as tall as its rows (up to `most`), so the page scrolls, not it."""
    rows = max(1, min(view.topLevelItemCount(), most))
    row = view.sizeHintForRow(0) if view.topLevelItemCount() else view.fontMetrics().height() + 6
    view.setFixedHeight(view.header().sizeHint().height() + row * rows + 2 * view.frameWidth() + 4)
    view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)


def rows_list(headers: Sequence[str], stretch: Iterable[int]) -> RowsList:
    """A read-only list whose columns share the width: the `stretch` columns (free text) take what the
    others (dates, names, numbers) leave, and long text ends in "…" (the tooltip holds all of it)."""
    view = RowsList(headers)
    header = view.header()
    header.setStretchLastSection(False)
    wide = set(stretch)
    for column in range(len(headers)):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch if column in wide
                                    else QHeaderView.ResizeMode.ResizeToContents)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return view


def section_title(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("planSection")
    return label


def value_label() -> QLabel:
    """A read-only value that wraps and can be selected and copied."""
    label = QLabel()
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def button(text: str, slot: Callable[[], None], tip: str = "") -> QPushButton:
    """A button that never takes Enter from a dialog's Save (Qt makes every button in a dialog "auto default")."""
    widget = QPushButton(text)
    widget.setAutoDefault(False)
    widget.clicked.connect(lambda _checked=False: slot())
    if tip:
        widget.setToolTip(tip)
    return widget


def period_text(starts: date | None, ends: date | None) -> str:
    if starts is None and ends is None:
        return ""
    if ends is None:
        return _("from {date}").format(date=format_date(starts))
    return f"{format_date(starts)} – {format_date(ends)}"


def or_dash(text: str) -> str:
    return text if text.strip() else "—"


class PlanPage(QWidget):
    """One section of the Plans tab: a chooser when the person has several (plans, groups, programmes),
    the section's buttons, then its content in a scrolling area — or what to do when there is nothing."""

    selection_changed = Signal()

    def __init__(self, empty_text: str) -> None:
        super().__init__()
        self.stale = True
        self.selector = ChoiceBox()
        self.selector.currentIndexChanged.connect(lambda _index: self.selection_changed.emit())
        self.header = QHBoxLayout()
        self.header.addWidget(self.selector)
        self.buttons = QHBoxLayout()
        self.header.addStretch(1)
        self.header.addLayout(self.buttons)
        self.empty = empty_state(empty_text)
        self.empty_buttons = QHBoxLayout()
        self.empty_buttons.setContentsMargins(4, 0, 0, 0)
        self.empty_buttons.addStretch(1)
        self.empty_page = QWidget()
        empty_layout = QVBoxLayout(self.empty_page)
        empty_layout.setContentsMargins(0, 0, 0, 0)
        empty_layout.addWidget(self.empty)
        empty_layout.addLayout(self.empty_buttons)
        empty_layout.addStretch(1)
        self.body = QWidget()
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setContentsMargins(0, 0, 8, 0)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setWidget(self.body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(self.header)
        layout.addWidget(self.empty_page, 1)
        layout.addWidget(self.scroll_area, 1)
        self.selector.hide()

    # What each section provides ---------------------------------------------------------------------

    def pick(self, overview: PlanOverview, remembered: uuid.UUID | None) -> uuid.UUID | None:
        """Which plan, group or programme to show: the one shown before if it is still there."""
        raise NotImplementedError

    def fetch(self, db: Database, actor: Actor, person_id: uuid.UUID, selected: uuid.UUID | None) -> Any:
        """Read the section's content (worker thread: touches no widget)."""
        raise NotImplementedError

    def set_overview(self, person_id: uuid.UUID, overview: PlanOverview, options: Sequence[PlanOption],
                     selected: uuid.UUID | None) -> None:
        raise NotImplementedError

    def show_detail(self, detail: Any) -> None:
        raise NotImplementedError

    # Helpers ------------------------------------------------------------------------------------------

    def set_selector(self, choices: Iterable[tuple[uuid.UUID, str]], selected: uuid.UUID | None) -> None:
        entries = list(choices)
        self.selector.blockSignals(True)
        self.selector.set_choices(entries, selected)
        self.selector.blockSignals(False)
        self.selector.setVisible(len(entries) > 1)

    def selected(self) -> uuid.UUID | None:
        value = self.selector.value()
        return value if isinstance(value, uuid.UUID) else None

    def show_content(self, has_content: bool) -> None:
        self.scroll_area.setVisible(has_content)
        self.empty_page.setVisible(not has_content)
        for index in range(self.buttons.count()):
            widget = self.buttons.itemAt(index).widget()
            if widget is not None:
                widget.setVisible(has_content)

    def add_empty_button(self, widget: QWidget) -> None:
        """A button under the empty state's text (before its stretch)."""
        self.empty_buttons.insertWidget(self.empty_buttons.count() - 1, widget)


def facts_grid(rows: Iterable[tuple[str, QLabel]]) -> QGridLayout:
    """Caption and value pairs, two pairs a line, captions quiet."""
    grid = QGridLayout()
    grid.setHorizontalSpacing(12)
    grid.setVerticalSpacing(4)
    for index, (caption, value) in enumerate(rows):
        row, column = divmod(index, 2)
        label = QLabel(caption)
        label.setObjectName("factCaption")
        grid.addWidget(label, row, column * 2, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(value, row, column * 2 + 1, Qt.AlignmentFlag.AlignTop)
    grid.setColumnStretch(1, 1)
    grid.setColumnStretch(3, 1)
    return grid


def select_row(view: RowsList, value: object) -> None:
    """Put the cursor back on the row holding `value` (after a reload), if it is still there."""
    for index in range(view.topLevelItemCount()):
        item = view.topLevelItem(index)
        if value is not None and item.data(0, Qt.ItemDataRole.UserRole) == value:
            view.setCurrentItem(item)
            return
