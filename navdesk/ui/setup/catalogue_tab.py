"""The service catalogue tab: one municipality's catalogue at a time, or all of them."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from navdesk.domain.codes import label
from navdesk.i18n import _, ngettext
from navdesk.services import org
from navdesk.ui.context import UiContext
from navdesk.ui.setup import formatting
from navdesk.ui.setup.callbacks import while_alive
from navdesk.ui.setup.entity_dialog import EntityDialog
from navdesk.ui.setup.form import select_data
from navdesk.ui.setup.list_tab import ListTab
from navdesk.ui.setup.row_model import Column
from navdesk.ui.setup.service_dialog import ServiceDialog


def _days(count: int | None) -> str:
    return ngettext("{count} day", "{count} days", count).format(count=count) if count else ""


COLUMNS: list[Column[org.ServiceRow]] = [
    Column(lambda: _("Municipality"), lambda r: r.municipality),
    Column(
        lambda: _("Service"),
        lambda r: r.name,
        tooltip=lambda r: _("{name} (code {code})").format(name=r.name, code=r.code),
    ),
    Column(lambda: _("Side"), lambda r: label(r.side)),
    Column(lambda: _("Legal basis"), lambda r: r.legal_basis),
    Column(lambda: _("Minimum"), lambda r: _("Yes") if r.is_minimum else ""),
    Column(lambda: _("Deadline"), lambda r: _days(r.processing_days), numeric=True),
    Column(lambda: _("Valid from"), lambda r: formatting.optional_date(r.valid_from)),
    Column(lambda: _("Valid to"), lambda r: formatting.optional_date(r.valid_to)),
]


class CatalogueTab(ListTab):
    def __init__(self, ctx: UiContext) -> None:
        self._municipality_id: uuid.UUID | None = None  # plain state: read by the worker thread
        self.filter = QComboBox()
        self.filter.setMinimumWidth(200)
        caption = QLabel(_("Sho&w:"))
        caption.setBuddy(self.filter)
        toolbar = QWidget()
        line = QHBoxLayout(toolbar)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(caption)
        line.addWidget(self.filter)
        super().__init__(
            ctx,
            columns=COLUMNS,
            load=lambda: org.list_services(ctx.db, ctx.actor, self._municipality_id),
            fetch=org.get_service,
            dialog_class=ServiceDialog,
            empty_text=lambda: _(
                "No services in this catalogue. Choose New (Ctrl+N) to add one; a new municipality "
                "gets the municipal minimum and the state services automatically."
            ),
            dimmed=lambda r: r.valid_to is not None and r.valid_to < date.today(),
            prepare=self._prepare_new,
            toolbar=toolbar,
        )
        self.filter.currentIndexChanged.connect(self._filter_changed)
        ctx.worker.changed.connect(while_alive(self, lambda _what: self._load_filter()))
        self._load_filter()

    def _load_filter(self) -> None:
        ctx = self.ctx
        self.ctx.worker.run(
            lambda: org.list_municipalities(ctx.db, ctx.actor),
            while_alive(self, self._show_filter),
            parent=self,
        )

    def _show_filter(self, rows: Any) -> None:
        self.filter.blockSignals(True)
        self.filter.clear()
        self.filter.addItem(_("All municipalities"), None)
        for row in rows:
            self.filter.addItem(f"{row.name} ({row.number})", row.id)
        select_data(self.filter, self._municipality_id, fallback=0)
        self.filter.blockSignals(False)

    def _filter_changed(self, _index: int) -> None:
        self._municipality_id = self.filter.currentData()
        self.refresh()

    def _prepare_new(self, dialog: EntityDialog) -> None:
        if isinstance(dialog, ServiceDialog):
            dialog.preselect_municipality(self._municipality_id)
