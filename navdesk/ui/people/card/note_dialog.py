"""Writing and editing a journal note, and reading a note's earlier versions.

The side chooser offers only where the signed-in staff member may write (the card's note targets);
an edit keeps the earlier text, and a note changed meanwhile by someone else is not overwritten.
"""

from __future__ import annotations

import uuid
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from navdesk.domain.case_codes import NoteKind, code_label
from navdesk.domain.errors import Conflict, ValidationFailed
from navdesk.i18n import _, format_datetime
from navdesk.services import journal
from navdesk.services.card_types import NoteItem, NoteTarget
from navdesk.ui.context import UiContext
from navdesk.ui.people.card.widgets import ready_to_save_again, save_on_ctrl_enter
from navdesk.ui.setup.callbacks import while_alive
from navdesk.ui.setup.form import FormErrors, date_edit, from_qdate
from navdesk.ui.worker import show_error

SIDE_FIELDS = {"responsible_municipality_id": "side", "service_code": "side", "closed_area_id": "side"}


class NoteDialog(QDialog):
    """A new note (`note` None) or an edit of the title and text of one of the user's own notes."""

    def __init__(self, ctx: UiContext, person_id: uuid.UUID, targets: tuple[NoteTarget, ...],
                 note: NoteItem | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.person_id = person_id
        self.note = note
        self.saving = False
        self.history: NoteHistoryDialog | None = None
        self.errors = FormErrors()
        self.setWindowTitle(_("New journal note") if note is None else _("Edit journal note"))
        self.setMinimumWidth(620)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.target = QComboBox()
        for target in targets:
            self.target.addItem(target.label, target)
        self.kind = QComboBox()
        for kind in NoteKind:
            self.kind.addItem(code_label(kind), kind.value)
        self.noted_on = date_edit(date.today())
        self.title_edit = QLineEdit()
        self.title_edit.setMaxLength(journal.TITLE_MAX)
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        self.text.setMinimumHeight(200)
        if note is None:
            form.addRow(_("&Where"), self.errors.wrap("side", self.target))
            form.addRow(_("&Kind"), self.errors.wrap("kind", self.kind))
            form.addRow(_("&Date"), self.errors.wrap("noted_on", self.noted_on))
        else:
            where = QLabel(f"{note.where} · {note.kind_label}")
            form.addRow(_("Where"), where)
            self.title_edit.setText(note.title)
            self.text.setPlainText(note.text)
        form.addRow(_("&Title"), self.errors.wrap("title", self.title_edit))
        form.addRow(_("Te&xt"), self.errors.wrap("text", self.text))
        layout.addLayout(form)
        layout.addWidget(self.errors.general)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(_("&Save and sign"))
        self.save_button.setToolTip(_("Enter, or Ctrl+Enter from the text"))
        self.save_button.setDefault(True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        if note is not None and note.revisions:
            history = self.buttons.addButton(_("Earlier &versions…"), QDialogButtonBox.ButtonRole.ActionRole)
            history.clicked.connect(self.show_history)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        save_on_ctrl_enter(self, self.save)
        self.first_field: QWidget = self.title_edit if note is not None else self.target
        self.first_field.setFocus()

    def form(self) -> journal.NoteForm:
        target: NoteTarget | None = self.target.currentData()
        return journal.NoteForm(
            side=target.side.value if target else "",
            responsible_municipality_id=target.municipality_id if target else None,
            service_code=target.service_code if target else "",
            closed_area_id=target.closed_area_id if target else None,
            kind=self.kind.currentData(),
            noted_on=from_qdate(self.noted_on.date()),
            title=self.title_edit.text(),
            text=self.text.toPlainText(),
        )

    def save(self) -> None:
        if self.saving:
            return
        db, actor, person_id, note = self.ctx.db, self.ctx.actor, self.person_id, self.note
        form = self.form()

        def operation() -> journal.SavedNote:  # on the worker thread: it touches no widget
            if note is None:
                return journal.add_note(db, actor, person_id, form)
            return journal.edit_note(db, actor, note.note_id, note.version, form.title, form.text)

        self.saving = True
        self.save_button.setEnabled(False)
        self.ctx.worker.run(operation, while_alive(self, self._saved), while_alive(self, self._failed),
                            changes="person", parent=self)

    def _saved(self, _result: journal.SavedNote) -> None:
        self.saving = False
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.saving = False
        if isinstance(error, ValidationFailed):
            # What the side chooser stands for (municipality, service, closed area) is shown beside it.
            self.errors.show({SIDE_FIELDS.get(field, field): message for field, message in error.errors.items()})
        elif isinstance(error, Conflict):
            QMessageBox.warning(self, _("Changed by someone else"), error.message)
        else:
            show_error(self, error)
        ready_to_save_again(self, self.save_button, self.first_field)

    def show_history(self) -> None:
        if self.note is not None:
            self.history = NoteHistoryDialog(self.ctx, self.note, self)
            self.history.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.history.show()


class NoteHistoryDialog(QDialog):
    """Every text a note has had, newest first (reading it is logged)."""

    def __init__(self, ctx: UiContext, note: NoteItem, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.versions: tuple[journal.NoteVersion, ...] = ()
        self.setWindowTitle(_("Earlier versions of “{title}”").format(title=note.title))
        self.resize(720, 480)
        self.list = QListWidget()
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        splitter = QSplitter()
        splitter.addWidget(self.list)
        splitter.addWidget(self.text)
        splitter.setStretchFactor(1, 2)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)
        self.list.currentRowChanged.connect(self._show)
        db, actor = ctx.db, ctx.actor
        ctx.worker.run(lambda: journal.note_history(db, actor, note.note_id), while_alive(self, self._loaded),
                       parent=self)

    def _loaded(self, history: journal.NoteHistory) -> None:
        self.versions = history.versions
        for version in history.versions:
            caption = _("Current text") if version.current else _("Version {number}").format(number=version.revision)
            item = QListWidgetItem(f"{caption}\n{format_datetime(version.written_at)} · {version.signed_by}")
            self.list.addItem(item)
        if self.versions:
            self.list.setCurrentRow(0)
        self.list.setFocus()

    def _show(self, row: int) -> None:
        if 0 <= row < len(self.versions):
            version = self.versions[row]
            self.text.setPlainText(f"{version.title}\n\n{version.text}")
