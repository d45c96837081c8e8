"""A form field with its error label underneath: errors are shown next to the field they concern."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget


class ErrorLabel(QLabel):
    """A red message under a field; takes no room while there is nothing to say."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "error")
        self.setWordWrap(True)
        self.hide()

    def show_error(self, message: str | None) -> None:
        self.setText(message or "")
        self.setVisible(bool(message))


def add_field(form: QFormLayout, caption: str, field: QWidget) -> ErrorLabel:
    """Add `caption: field` to the form, with an error label under the field; returns the label."""
    holder = QWidget()
    column = QVBoxLayout(holder)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    column.addWidget(field)
    error = ErrorLabel()
    column.addWidget(error)
    label = QLabel(caption)
    label.setBuddy(field)
    form.addRow(label, holder)
    return error


def show_errors(labels: dict[str, ErrorLabel], errors: dict[str, str]) -> None:
    """Show each error beside its field and clear the others."""
    for field, label in labels.items():
        label.show_error(errors.get(field))
