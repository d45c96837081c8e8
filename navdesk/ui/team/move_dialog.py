"""Moving many people to a named colleague: first the preview, person by person, then the move.

Nothing moves until the leader has read the preview, written why and answered whether the change was
agreed with the people; only those the preview allows are moved, the rest stay where they are.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from navdesk.domain.errors import ValidationFailed
from navdesk.i18n import _, ngettext
from navdesk.services import absence_cover
from navdesk.services.absence_cover import MoveLine, MovePreview, MoveResult
from navdesk.ui.context import UiContext
from navdesk.ui.setup.callbacks import while_alive
from navdesk.ui.setup.form import FormErrors
from navdesk.ui.setup.row_model import Column
from navdesk.ui.team.widgets import RowList, YesNo, field
from navdesk.ui.worker import show_error


def _result(line: MoveLine) -> str:
    return _("Moves") if line.can_move else line.problem


class MoveDialog(QDialog):
    def __init__(self, ctx: UiContext, person_ids: Sequence[uuid.UUID], to_staff_id: uuid.UUID,
                 from_staff_id: uuid.UUID | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.person_ids = tuple(person_ids)
        self.to_staff_id = to_staff_id
        self.from_staff_id = from_staff_id
        self.preview: MovePreview | None = None
        self.result: MoveResult | None = None
        self.saving = False
        self.errors = FormErrors()
        self.setWindowTitle(_("Move people"))
        self.resize(760, 560)
        self.title = QLabel(_("Preparing the preview…"))
        self.title.setObjectName("dialogTitle")
        self.title.setWordWrap(True)
        self.lines: RowList[MoveLine] = RowList([
            Column(lambda: _("Person"), lambda line: line.person),
            Column(lambda: _("Followed up by now"), lambda line: line.current),
            Column(lambda: _("Result"), _result),
        ], _("Nobody to move."), flagged=lambda line: not line.can_move)
        self.note = QPlainTextEdit()
        self.note.setTabChangesFocus(True)
        self.note.setMaximumHeight(80)
        self.note.setPlaceholderText(_("Kept in each person's ownership history, e.g. “Ola is on leave until "
                                       "August.”"))
        self.agreed = YesNo(_("&Yes"), _("N&o"))
        form = QFormLayout()
        form.addRow(_("&Why are they moved?"), field(self.errors, "note", self.note))
        form.addRow(_("Was the change &agreed with the people?"), field(self.errors, "agreed_with_person", self.agreed))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.move_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.move_button.setText(_("&Move"))
        self.move_button.setEnabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self.confirm)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.lines, 1)
        layout.addLayout(form)
        layout.addWidget(self.errors.general)
        layout.addWidget(self.buttons)
        db, actor, ids = ctx.db, ctx.actor, self.person_ids
        ctx.worker.run(lambda: absence_cover.move_preview(db, actor, ids, to_staff_id),
                       while_alive(self, self._previewed), while_alive(self, self._preview_failed), parent=self)

    def _previewed(self, preview: MovePreview) -> None:
        self.preview = preview
        self.lines.set_rows(preview.lines)
        total = len(preview.lines)
        self.title.setText(ngettext(
            "{movable} of {count} person can move to {name}.", "{movable} of {count} people can move to {name}.",
            total).format(movable=preview.movable, count=total, name=preview.to_staff)
            + ("" if preview.movable == total else " " + _("The others stay where they are.")))
        self.move_button.setText(ngettext("&Move {count} person", "&Move {count} people", preview.movable).format(
            count=preview.movable))
        self.move_button.setEnabled(preview.movable > 0)
        self.note.setFocus()

    def _preview_failed(self, error: BaseException) -> None:
        show_error(self, error)
        self.reject()

    def confirm(self) -> None:
        if self.saving or self.preview is None or not self.preview.movable:
            return
        db, actor, ids, to_id, from_id = (self.ctx.db, self.ctx.actor, self.person_ids, self.to_staff_id,
                                          self.from_staff_id)
        agreed, note = self.agreed.value(), self.note.toPlainText()
        self.saving = True
        self.move_button.setEnabled(False)
        self.ctx.worker.run(lambda: absence_cover.move_people(db, actor, ids, to_id, from_id, agreed, note),
                            while_alive(self, self._moved), while_alive(self, self._failed), changes="people",
                            parent=self)

    def _moved(self, result: MoveResult) -> None:
        self.saving = False
        self.result = result
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.saving = False
        self.move_button.setEnabled(True)
        if isinstance(error, ValidationFailed):
            self.errors.show(error.errors)
        else:
            show_error(self, error)
