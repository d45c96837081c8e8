"""The fields of one activity type, built from its `FieldSpec`s: a widget per field, its error label
beside it, and the values read back in the shape `ActivityForm.details` takes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import time

from PySide6.QtCore import QTime
from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QPlainTextEdit, QSpinBox, QTimeEdit, QWidget

from navdesk.domain.plans import TEXT_MAX, FieldKind, FieldSpec, label
from navdesk.i18n import _
from navdesk.ui.setup.form import FormErrors, select_data, time_edit

LONG_TEXT_HEIGHT = 64
DEFAULT_MEETING_TIME = time(9, 0)


class DetailFields:
    """The type's own fields in `form`, with their errors in `errors`."""

    def __init__(self, specs: Sequence[FieldSpec], form: QFormLayout, errors: FormErrors) -> None:
        self.specs = tuple(specs)
        self.widgets: dict[str, QWidget] = {}
        for spec in self.specs:
            widget = self._widget(spec)
            self.widgets[spec.name] = widget
            caption = spec.label + (" *" if spec.required else "")
            form.addRow(caption, errors.wrap(spec.name, widget))

    @property
    def names(self) -> set[str]:
        return {spec.name for spec in self.specs}

    def first(self) -> QWidget | None:
        return self.widgets[self.specs[0].name] if self.specs else None

    @staticmethod
    def _widget(spec: FieldSpec) -> QWidget:
        if spec.kind is FieldKind.LONG_TEXT:
            text = QPlainTextEdit()
            text.setTabChangesFocus(True)
            text.setFixedHeight(LONG_TEXT_HEIGHT)
            return text
        if spec.kind is FieldKind.NUMBER:
            number = QSpinBox()
            # One below the lowest allowed number stands for "not given".
            number.setRange(spec.low - 1, spec.high)
            number.setSpecialValueText("—")
            number.setValue(spec.low - 1)
            number.setMaximumWidth(140)
            return number
        if spec.kind is FieldKind.CHOICE:
            combo = QComboBox()
            combo.addItem(_("Choose…") if spec.required else "—", "")
            for choice in spec.choices:
                combo.addItem(label(choice), choice.value)
            combo.setMaximumWidth(320)
            return combo
        if spec.kind is FieldKind.TIME:
            clock = time_edit(DEFAULT_MEETING_TIME)
            clock.setMaximumWidth(120)
            return clock
        line = QLineEdit()
        line.setMaxLength(TEXT_MAX)
        return line

    def values(self) -> dict[str, object]:
        values: dict[str, object] = {}
        for spec in self.specs:
            widget = self.widgets[spec.name]
            if isinstance(widget, QPlainTextEdit):
                values[spec.name] = widget.toPlainText()
            elif isinstance(widget, QSpinBox):
                if widget.value() != widget.minimum():
                    values[spec.name] = widget.value()
            elif isinstance(widget, QComboBox):
                values[spec.name] = widget.currentData() or ""
            elif isinstance(widget, QTimeEdit):
                values[spec.name] = widget.time().toString("HH:mm")
            elif isinstance(widget, QLineEdit):
                values[spec.name] = widget.text()
        return values

    def set_values(self, values: Mapping[str, object]) -> None:
        for spec in self.specs:
            widget, value = self.widgets[spec.name], values.get(spec.name)
            if isinstance(widget, QPlainTextEdit):
                widget.setPlainText("" if value is None else str(value))
            elif isinstance(widget, QSpinBox):
                widget.setValue(value if isinstance(value, int) else widget.minimum())
            elif isinstance(widget, QComboBox):
                select_data(widget, value or "", fallback=0)
            elif isinstance(widget, QTimeEdit):
                if isinstance(value, str) and len(value) == 5:
                    widget.setTime(QTime.fromString(value, "HH:mm"))
            elif isinstance(widget, QLineEdit):
                widget.setText("" if value is None else str(value))

    def set_read_only(self, read_only: bool) -> None:
        for widget in self.widgets.values():
            if isinstance(widget, QLineEdit | QPlainTextEdit):
                widget.setReadOnly(read_only)  # still readable and selectable
            else:
                widget.setEnabled(not read_only)
