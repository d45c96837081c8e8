"""One tab of the set-up: a list with New / Edit (and Delete where the record may go), an empty state,
and a refresh whenever the worker reports a change."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from navdesk.i18n import _
from navdesk.services import org
from navdesk.ui.context import UiContext
from navdesk.ui.setup.callbacks import while_alive
from navdesk.ui.setup.entity_dialog import EntityDialog
from navdesk.ui.setup.row_model import Column, RowTableModel
from navdesk.ui.worker import show_error

Fetch = Callable[[Any, Any, uuid.UUID], Any]
MAX_COLUMN_WIDTH = 300


class ListTab(QWidget):
    def __init__(
        self,
        ctx: UiContext,
        *,
        columns: Sequence[Column[Any]],
        load: Callable[[], Sequence[Any]],
        fetch: Fetch,
        dialog_class: type[EntityDialog],
        empty_text: Callable[[], str],
        delete: Callable[[uuid.UUID], None] | None = None,
        delete_question: Callable[[Any], str] | None = None,
        delete_caption: Callable[[], str] | None = None,
        dimmed: Callable[[Any], bool] | None = None,
        prepare: Callable[[EntityDialog], None] | None = None,
        toolbar: QWidget | None = None,
    ) -> None:
        super().__init__()
        self.ctx = ctx
        self._load = load
        self._fetch = fetch
        self._dialog_class = dialog_class
        self._empty_text = empty_text
        self._delete = delete
        self._delete_question = delete_question
        self._prepare = prepare
        self._select_id: uuid.UUID | None = None
        self._opening = False
        self.loaded = False
        self.dialog: EntityDialog | None = None

        self.model: RowTableModel[Any] = RowTableModel(columns, dimmed=dimmed, parent=self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setHighlightSections(False)
        # Enter and double-click both "activate" a row.
        self.table.activated.connect(lambda _index: self.edit_current())

        self.empty = QLabel()
        self.empty.setObjectName("emptyState")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)

        self.new_button = QPushButton(_("&New…"))
        self.new_button.setToolTip(_("Ctrl+N or Insert"))
        self.new_button.clicked.connect(lambda: self.open_editor(None))
        self.edit_button = QPushButton(_("&Edit…"))
        self.edit_button.setToolTip(_("Enter or double-click"))
        self.edit_button.clicked.connect(self.edit_current)
        buttons = QHBoxLayout()
        if toolbar is not None:
            buttons.addWidget(toolbar)
        buttons.addStretch(1)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.edit_button)
        self.delete_button: QPushButton | None = None
        if delete is not None:
            self.delete_button = QPushButton(delete_caption() if delete_caption else _("&Delete…"))
            self.delete_button.setToolTip(_("Delete key"))
            self.delete_button.clicked.connect(self.delete_current)
            buttons.addWidget(self.delete_button)

        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.stack, 1)
        self._add_shortcuts()
        self.table.selectionModel().currentRowChanged.connect(lambda *_args: self._update_buttons())
        ctx.worker.changed.connect(while_alive(self, lambda _what: self.refresh()))
        self.setFocusProxy(self.table)
        self.refresh()

    def _add_shortcuts(self) -> None:
        def shortcut(keys: Sequence[QKeySequence], slot: Callable[[], None]) -> None:
            action = QAction(self)
            action.setShortcuts(list(keys))
            # Window-wide, yet only the tab on screen answers: Qt skips actions of hidden widgets.
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(slot)
            self.addAction(action)

        shortcut(
            [QKeySequence.StandardKey.New, QKeySequence(Qt.Key.Key_Insert)], lambda: self.open_editor(None)
        )
        if self._delete is not None:
            self.table.addAction(action := QAction(self.table))
            action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(self.delete_current)

    # --- rows -----------------------------------------------------------------------------------------

    def refresh(self) -> None:
        self.ctx.worker.run(self._load, while_alive(self, self._show_rows), parent=self)

    def current_row(self) -> Any | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def select_id(self, record_id: uuid.UUID) -> bool:
        position = self.model.find(lambda row: row.id == record_id)
        if position >= 0:
            self.table.selectRow(position)
            self.table.scrollTo(self.model.index(position, 0))
        return position >= 0

    def _show_rows(self, rows: Sequence[Any]) -> None:
        current = self.current_row()
        keep = self._select_id or (current.id if current is not None else None)
        self._select_id = None
        self.model.set_rows(rows)
        self._fit_columns()
        if self.model.rowCount() and not (keep is not None and self.select_id(keep)):
            self.table.selectRow(0)
        self.empty.setText(self._empty_text())
        self.stack.setCurrentWidget(self.table if rows else self.empty)
        self.setFocusProxy(self.table if rows else self.new_button)
        self.loaded = True
        self._update_buttons()

    def _fit_columns(self) -> None:
        """Size to the contents plus breathing room, long texts capped (the tooltip shows them whole);
        the last column takes what is left."""
        self.table.resizeColumnsToContents()
        for column in range(self.model.columnCount() - 1):
            self.table.setColumnWidth(column, min(self.table.columnWidth(column) + 12, MAX_COLUMN_WIDTH))

    def _update_buttons(self) -> None:
        has_row = self.current_row() is not None
        self.edit_button.setEnabled(has_row)
        if self.delete_button is not None:
            self.delete_button.setEnabled(has_row)

    # --- editing --------------------------------------------------------------------------------------

    def edit_current(self) -> None:
        row = self.current_row()
        if row is not None:
            self.open_editor(row.id)

    def open_editor(self, record_id: uuid.UUID | None) -> None:
        """Load the choices (and the record) off the GUI thread, then show the dialog."""
        if self._opening or self.dialog is not None:
            return
        self._opening = True
        ctx, fetch = self.ctx, self._fetch

        def load() -> tuple[org.Choices, Any]:
            detail = fetch(ctx.db, ctx.actor, record_id) if record_id is not None else None
            return org.choices(ctx.db, ctx.actor), detail

        def failed(error: BaseException) -> None:
            self._opening = False
            show_error(self, error)

        self.ctx.worker.run(
            load, while_alive(self, self._show_dialog), while_alive(self, failed), parent=self
        )

    def _show_dialog(self, loaded: tuple[org.Choices, Any]) -> None:
        self._opening = False
        choices, detail = loaded
        dialog = self._dialog_class(self.ctx, choices, detail, self)
        if detail is None and self._prepare is not None:
            self._prepare(dialog)
        dialog.saved.connect(self._remember)
        dialog.finished.connect(lambda _result: self._closed(dialog))
        self.dialog = dialog
        dialog.open()

    def _remember(self, detail: Any) -> None:
        self._select_id = detail.id

    def _closed(self, dialog: EntityDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()
        self.table.setFocus()

    def delete_current(self) -> None:
        row = self.current_row()
        if row is None or self._delete is None:
            return
        question = self._delete_question(row) if self._delete_question else _("Delete this record?")
        answer = QMessageBox.question(self, self.delete_button.text().replace("&", ""), question)
        if answer != QMessageBox.StandardButton.Yes:
            return
        delete, record_id = self._delete, row.id
        self.ctx.worker.run(lambda: delete(record_id), None, changes="organisation", parent=self)
