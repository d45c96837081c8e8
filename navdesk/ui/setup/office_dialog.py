"""An office: code, name, address, the municipalities it serves, opening hours and office days elsewhere."""

from __future__ import annotations

import uuid
from datetime import time
from typing import Any

from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QTabWidget, QVBoxLayout, QWidget

from navdesk.domain.codes import weekday_label
from navdesk.domain.org_rules import OfficeDayEntry, Opening
from navdesk.i18n import _
from navdesk.services import org
from navdesk.ui.setup.entity_dialog import EntityDialog
from navdesk.ui.setup.form import CheckList, hint, select_data, time_edit, time_of
from navdesk.ui.setup.rows_editor import EditorRow, RowsEditor

DEFAULT_OPENS, DEFAULT_CLOSES = time(10), time(14)


def weekday_combo(weekday: int) -> QComboBox:
    combo = QComboBox()
    for day in range(7):
        combo.addItem(weekday_label(day), day)
    combo.setCurrentIndex(weekday)
    return combo


def _next_weekday(values: list[Any]) -> int:
    return (values[-1].weekday + 1) % 7 if values else 0


class OfficeDialog(EntityDialog):
    def title(self) -> str:
        return _("New office") if self.is_new else _("Edit office")

    def build_form(self) -> QWidget:
        self.setMinimumWidth(780)  # an office day's row: weekday, place, hours and where
        self.tabs = QTabWidget()
        self.tabs.addTab(self._office_page(), _("Office"))
        self.tabs.addTab(self._hours_page(), _("Opening hours"))
        self.tabs.addTab(self._days_page(), _("Office days elsewhere"))
        return self.tabs

    def _office_page(self) -> QWidget:
        self.code = QLineEdit()
        self.code.setMaxLength(8)
        self.code.setPlaceholderText("GOL")
        self.name = QLineEdit()
        self.name.setMaxLength(100)
        self.address = QLineEdit()
        self.address.setMaxLength(200)
        self.municipalities = CheckList(rows_visible=7)
        self.municipalities.set_choices((m.id, f"{m.name} ({m.number})") for m in self.choices.municipalities)
        page = QWidget()
        form = QFormLayout(page)
        form.addRow(_("&Code:"), self.errors.wrap("code", self.code))
        form.addRow(_("&Name:"), self.errors.wrap("name", self.name))
        form.addRow(_("&Address:"), self.errors.wrap("address", self.address))
        form.addRow(_("Ser&ves:"), self.errors.wrap("municipalities", self.municipalities))
        form.addRow(hint(_("Tick every municipality whose residents this office serves (Space ticks).")))
        return page

    def _hours_page(self) -> QWidget:
        def make(value: Opening) -> EditorRow:
            day, opens, closes = weekday_combo(value.weekday), time_edit(value.opens), time_edit(value.closes)
            return EditorRow(
                [day, opens, closes], lambda: Opening(day.currentData(), time_of(opens), time_of(closes))
            )

        def new(values: list[Any]) -> Opening:
            last = values[-1] if values else None
            return Opening(
                _next_weekday(values),
                last.opens if last else DEFAULT_OPENS,
                last.closes if last else DEFAULT_CLOSES,
            )

        self.hours = RowsEditor(
            [_("Weekday"), _("Opens"), _("Closes")],
            make,
            new,
            add_caption=_("Add &opening"),
            empty_text=_("No opening hours: the office takes no walk-ins. Add an opening for each weekday."),
        )
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.errors.wrap("hours", self.hours))
        layout.addWidget(hint(_("A day with a lunch break gets two openings.")))
        layout.addStretch(1)
        return page

    def _days_page(self) -> QWidget:
        municipalities = [(m.id, m.name) for m in self.choices.municipalities]

        def make(value: OfficeDayEntry) -> EditorRow:
            day = weekday_combo(value.weekday)
            place = QComboBox()
            for municipality_id, name in municipalities:
                place.addItem(name, municipality_id)
            select_data(place, value.municipality_id, fallback=0)
            opens, closes = time_edit(value.opens), time_edit(value.closes)
            location = QLineEdit(value.location)
            location.setMaxLength(200)
            location.setPlaceholderText(_("e.g. the town hall"))
            location.setMinimumWidth(180)
            location.setCursorPosition(0)  # show where the text starts
            return EditorRow(
                [day, place, opens, closes, location],
                lambda: OfficeDayEntry(
                    place.currentData(), day.currentData(), time_of(opens), time_of(closes), location.text()
                ),
            )

        def new(values: list[Any]) -> OfficeDayEntry:
            first = municipalities[0][0] if municipalities else None
            return OfficeDayEntry(first, _next_weekday(values), DEFAULT_OPENS, DEFAULT_CLOSES, "")

        self.days = RowsEditor(
            [_("Weekday"), _("Municipality"), _("Opens"), _("Closes"), _("Where")],
            make,
            new,
            add_caption=_("Add office &day"),
            stretch_column=4,
            empty_text=_(
                "No office days elsewhere. Add one if staff meet residents in another "
                "municipality on a fixed day."
            ),
        )
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.errors.wrap("days_elsewhere", self.days))
        layout.addStretch(1)
        return page

    def fill(self, detail: org.OfficeDetail | None) -> None:
        self.code.setText(detail.code if detail else "")
        self.name.setText(detail.name if detail else "")
        self.address.setText(detail.address if detail else "")
        self.municipalities.check_exactly(detail.municipality_ids if detail else ())
        self.hours.set_values(list(detail.hours) if detail else [])
        self.days.set_values(list(detail.days_elsewhere) if detail else [])
        self.tabs.setCurrentIndex(0)
        self.code.setFocus()

    def draft(self) -> org.OfficeDraft:
        return org.OfficeDraft(
            code=self.code.text(),
            name=self.name.text(),
            address=self.address.text(),
            municipality_ids=self.municipalities.checked(),
            hours=tuple(self.hours.values()),
            days_elsewhere=tuple(self.days.values()),
        )

    def create(self, draft: org.OfficeDraft) -> Any:
        return org.create_office(self.ctx.db, self.ctx.actor, draft)

    def update(self, record_id: uuid.UUID, version: int, draft: org.OfficeDraft) -> Any:
        return org.update_office(self.ctx.db, self.ctx.actor, record_id, version, draft)

    def fetch(self, record_id: uuid.UUID) -> Any:
        return org.get_office(self.ctx.db, self.ctx.actor, record_id)
