"""A staff member's caseload, for a leader to move some or all of it to a named colleague.

Select people (Shift/Ctrl + arrows or Ctrl+A; "Select all"), choose the colleague, and "Preview move…"
shows what would happen before anything changes. Enter on a person opens their card.
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from navdesk.i18n import _, ngettext
from navdesk.services import team_desk
from navdesk.services.team_desk import CaseloadLine, OfficeSetup
from navdesk.ui.context import UiContext
from navdesk.ui.setup.callbacks import while_alive
from navdesk.ui.setup.form import select_data
from navdesk.ui.setup.row_model import Column
from navdesk.ui.team.move_dialog import MoveDialog
from navdesk.ui.team.widgets import RowList


class MovePanel(QWidget):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.dialog: MoveDialog | None = None
        self._request = 0
        self.holder = QComboBox()
        self.holder.setMinimumContentsLength(18)
        self.target = QComboBox()
        self.target.setMinimumContentsLength(18)
        self.people: RowList[CaseloadLine] = RowList([
            Column(lambda: _("Person"), lambda line: line.name),
            Column(lambda: _("Municipality"), lambda line: line.municipality),
        ], _("Choose a veileder above to see the people they follow up."), multi=True)
        self.people.table.setToolTip(_("Shift or Ctrl with the arrow keys or the mouse selects several people; "
                                       "Ctrl+A selects all. Enter opens the person's card."))
        self.select_all_button = QPushButton(_("Select &all"))
        self.select_all_button.clicked.connect(self.select_all)
        self.selected_label = QLabel()
        self.preview_button = QPushButton(_("Pre&view move…"))
        self.preview_button.clicked.connect(self.preview_move)
        self.status = QLabel()
        self.status.setWordWrap(True)

        form = QFormLayout()
        form.addRow(_("&People held by"), self.holder)
        selection = QHBoxLayout()
        selection.addWidget(self.select_all_button)
        selection.addWidget(self.selected_label, 1)
        move = QHBoxLayout()
        move.addWidget(self.target, 1)
        move.addWidget(self.preview_button)
        target_caption = QLabel(_("Move &to"))
        target_caption.setBuddy(self.target)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.people, 1)
        layout.addLayout(selection)
        layout.addWidget(target_caption)
        layout.addLayout(move)
        layout.addWidget(self.status)

        self.holder.currentIndexChanged.connect(lambda _index: self.load_caseload())
        self.target.currentIndexChanged.connect(lambda _index: self._update())
        self.people.activated.connect(lambda line: self.ctx.open_person(line.person_id))
        self.people.current_changed.connect(self._update)
        self._update()

    def set_office(self, setup: OfficeSetup) -> None:
        """The office's veiledere as holders and targets; the chosen ones stay chosen where they still work."""
        for combo in (self.holder, self.target):
            kept = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(_("Choose a veileder…"), None)
            for staff in setup.staff:
                combo.addItem(staff.label, staff.id)
            select_data(combo, kept, fallback=0)
            combo.blockSignals(False)
        self.load_caseload()

    def holder_id(self) -> uuid.UUID | None:
        value = self.holder.currentData()
        return value if isinstance(value, uuid.UUID) else None

    def target_id(self) -> uuid.UUID | None:
        value = self.target.currentData()
        return value if isinstance(value, uuid.UUID) else None

    def load_caseload(self) -> None:
        self._request += 1
        request, staff_id = self._request, self.holder_id()
        if staff_id is None:
            self.people.set_rows([])
            return
        db, actor = self.ctx.db, self.ctx.actor

        def show(lines: tuple[CaseloadLine, ...]) -> None:
            if request == self._request:
                self.people.empty.setText(_("{name} follows up nobody you can see.").format(
                    name=self.holder.currentText()))
                self.people.set_rows(lines)

        self.ctx.worker.run(lambda: team_desk.caseload(db, actor, staff_id), while_alive(self, show), parent=self)

    def select_all(self) -> None:
        self.people.table.selectAll()
        self.people.table.setFocus()

    def _update(self) -> None:
        count = len(self.people.selected())
        self.selected_label.setText(ngettext("{count} person selected", "{count} people selected", count).format(
            count=count) if self.people.rows() else "")
        target = self.target_id()
        self.preview_button.setEnabled(count > 0 and target is not None and target != self.holder_id())

    def preview_move(self) -> None:
        target, chosen = self.target_id(), self.people.selected()
        if target is None or not chosen or self.dialog is not None:
            return
        dialog = MoveDialog(self.ctx, [line.person_id for line in chosen], target, self.holder_id(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _code: self._closed(dialog))
        self.dialog = dialog
        dialog.open()

    def _closed(self, dialog: MoveDialog) -> None:
        if dialog.result is not None:
            moved, skipped = len(dialog.result.moved), len(dialog.result.skipped)
            text = ngettext("Moved {count} person to {name}.", "Moved {count} people to {name}.", moved).format(
                count=moved, name=self.target.currentText())
            if skipped:
                text += " " + ngettext("{count} person stayed.", "{count} people stayed.", skipped).format(
                    count=skipped)
            self.status.setText(text)
        self.dialog = None
        self.people.setFocus()
