"""Form building blocks for the set-up dialogs: errors next to fields, check lists, optional dates."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, time

from PySide6.QtCore import QDate, QItemSelectionModel, Qt, QTime, Signal
from PySide6.QtGui import QColor, QIcon, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QTabWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from navdesk.i18n import _, current_language

ERROR_STYLE = "color: #b00020;"


def date_display_format() -> str:
    return "dd/MM/yyyy" if current_language() == "en" else "dd.MM.yyyy"


def to_qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def date_edit(value: date | None = None) -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(date_display_format())
    edit.setDate(to_qdate(value or date.today()))
    edit.setMaximumWidth(edit.sizeHint().width() + 24)
    return edit


def time_edit(value: time) -> QTimeEdit:
    edit = QTimeEdit()
    edit.setDisplayFormat("HH:mm")
    edit.setTime(QTime(value.hour, value.minute))
    return edit


def time_of(edit: QTimeEdit) -> time:
    value = edit.time()
    return time(value.hour(), value.minute())


class ErrorLabel(QLabel):
    """The small red message under a field; hidden while the field is fine."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("fieldError")
        self.setStyleSheet(ERROR_STYLE)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def show_message(self, message: str | None) -> None:
        self.setText(message or "")
        self.setVisible(bool(message))


class FormErrors:
    """Pairs each field name the services use with its widget and its error label.

    Messages for fields the form does not know go to the general label (e.g. at the bottom).
    """

    def __init__(self) -> None:
        self._fields: dict[str, tuple[QWidget, ErrorLabel]] = {}
        self.general = ErrorLabel()

    def wrap(self, name: str, widget: QWidget, focus: QWidget | None = None) -> QWidget:
        """The field with its error label underneath, to put into a form layout.

        The form row's label makes the box its buddy, so the box hands focus on to the field: that is
        what makes the label's Alt+letter work. A widget with a focus proxy is no Tab stop of its own.
        """
        label = ErrorLabel()
        self._fields[name] = (focus or widget, label)
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(widget)
        layout.addWidget(label)
        forward_focus(box, focus or widget)
        return box

    def label(self, name: str) -> ErrorLabel:
        return self._fields[name][1]

    def show(self, errors: dict[str, str]) -> None:
        """Show every message next to its field and put the cursor in the first invalid one."""
        for name, (_widget, label) in self._fields.items():
            label.show_message(errors.get(name))
        unknown = [message for name, message in errors.items() if name not in self._fields]
        self.general.show_message("\n".join(unknown))
        self._mark_pages({name for name in errors if name in self._fields})
        first = next((widget for name, (widget, _label) in self._fields.items() if name in errors), None)
        if first is not None:
            reveal(first)
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    def _mark_pages(self, failing: set[str]) -> None:
        """A warning sign on every tab page holding an error, so that no message goes unseen."""
        pages: dict[tuple[QTabWidget, int], bool] = {}
        for name, (widget, _label) in self._fields.items():
            for tabs, index in tab_path(widget):
                pages[(tabs, index)] = pages.get((tabs, index), False) or name in failing
        for (tabs, index), has_error in pages.items():
            icon = (
                tabs.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
                if has_error
                else QIcon()
            )
            tabs.setTabIcon(index, icon)
            tabs.setTabToolTip(index, _("This page has a field to correct.") if has_error else "")

    def clear(self) -> None:
        self.show({})


def forward_focus(holder: QWidget, field: QWidget) -> None:
    """Let `holder` pass focus on to `field` (or, for a plain container, to its first focusable child).

    QLabel moves focus to its buddy only when the buddy's own focus policy accepts focus, so the
    holder takes the policy of the widget that ends up with the focus.
    """
    target = field
    while (proxy := target.focusProxy()) is not None:
        target = proxy
    if target.focusPolicy() == Qt.FocusPolicy.NoFocus:
        child = next((child for child in target.findChildren(QWidget)
                      if child.focusPolicy() & Qt.FocusPolicy.TabFocus), None)
        if child is None:
            return
        field = target = child
    holder.setFocusProxy(field)
    holder.setFocusPolicy(target.focusPolicy())


def tab_path(widget: QWidget) -> list[tuple[QTabWidget, int]]:
    """The tab widgets `widget` sits in, with the index of the page holding it, innermost first."""
    path = []
    child: QWidget | None = widget
    while child is not None:
        parent = child.parentWidget()
        tabs = parent.parentWidget() if parent is not None else None
        if isinstance(tabs, QTabWidget) and tabs.indexOf(child) >= 0:
            path.append((tabs, tabs.indexOf(child)))
        child = parent
    return path


def reveal(widget: QWidget) -> None:
    """Switch every tab page on the way up so that `widget` is on screen."""
    for tabs, index in reversed(tab_path(widget)):
        tabs.setCurrentIndex(index)


class CheckList(QListWidget):
    """A list of things to tick (Space toggles); holds ids, shows labels."""

    changed = Signal()

    def __init__(self, rows_visible: int = 5) -> None:
        super().__init__()
        self._rows_visible = rows_visible
        self.itemChanged.connect(lambda _item: self.changed.emit())

    def set_choices(
        self, choices: Iterable[tuple[uuid.UUID, str]], checked: Iterable[uuid.UUID] = ()
    ) -> None:
        ticked = set(checked)
        self.blockSignals(True)
        self.clear()
        for choice_id, text in choices:
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, choice_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if choice_id in ticked else Qt.CheckState.Unchecked)
            self.addItem(item)
        self.blockSignals(False)
        if self.count():
            # The cursor starts on the first item without looking ticked or selected.
            self.setCurrentRow(0, QItemSelectionModel.SelectionFlag.NoUpdate)
        row_height = max(self.sizeHintForRow(0), 18)
        self.setFixedHeight(
            row_height * min(max(self.count(), 2), self._rows_visible) + 2 * self.frameWidth() + 4
        )
        self.changed.emit()

    def checked(self) -> tuple[uuid.UUID, ...]:
        return tuple(
            self.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.count())
            if self.item(i).checkState() == Qt.CheckState.Checked
        )

    def check_exactly(self, ids: Iterable[uuid.UUID]) -> None:
        wanted = set(ids)
        for i in range(self.count()):
            item = self.item(i)
            ticked = item.data(Qt.ItemDataRole.UserRole) in wanted
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)

    def set_checked(self, choice_id: uuid.UUID, checked: bool) -> None:
        for i in range(self.count()):
            if self.item(i).data(Qt.ItemDataRole.UserRole) == choice_id:
                self.item(i).setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)


class OptionalDate(QWidget):
    """A date that may be left open ("no last day"): a check box switches the date on."""

    def __init__(self, caption: str) -> None:
        super().__init__()
        self.enabled = QCheckBox(caption)
        self.edit = date_edit()
        self.edit.setEnabled(False)
        self.enabled.toggled.connect(self.edit.setEnabled)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.enabled)
        layout.addWidget(self.edit)
        layout.addStretch(1)
        self.setFocusProxy(self.enabled)

    def set_value(self, value: date | None) -> None:
        self.enabled.setChecked(value is not None)
        if value is not None:
            self.edit.setDate(to_qdate(value))

    def value(self) -> date | None:
        return from_qdate(self.edit.date()) if self.enabled.isChecked() else None


def select_data(combo: QComboBox, wanted: object, *, fallback: int = -1) -> None:
    """Choose the item whose data equals `wanted`. QComboBox.findData cannot compare Python objects
    such as UUIDs by value, so the comparison happens here."""
    index = next((i for i in range(combo.count()) if combo.itemData(i) == wanted), fallback)
    combo.setCurrentIndex(index)


def hint(text: str) -> QLabel:
    """A grey line of help under a form section."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setObjectName("hint")
    palette = label.palette()
    ink, background = palette.color(QPalette.ColorRole.WindowText), palette.color(QPalette.ColorRole.Window)
    # Between text and background: quieter than a label, still readable on light and dark themes.
    mixed = QColor(
        (ink.red() * 3 + background.red() * 2) // 5,
        (ink.green() * 3 + background.green() * 2) // 5,
        (ink.blue() * 3 + background.blue() * 2) // 5,
    )
    palette.setColor(QPalette.ColorRole.WindowText, mixed)
    label.setPalette(palette)
    return label
