"""An interruption of a KVP programme (illness, care for family …) and the re-entry after it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtWidgets import QLineEdit, QWidget

from navdesk.i18n import _
from navdesk.services import kvp
from navdesk.services.plan_types import KvpView
from navdesk.ui.context import UiContext
from navdesk.ui.plans.plan_form import PlanDialog
from navdesk.ui.setup.form import date_edit, from_qdate, hint


class InterruptDialog(PlanDialog):
    def __init__(self, ctx: UiContext, programme: KvpView, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Interrupt the programme"), parent, save_text=_("&Interrupt"))
        self.programme = programme
        self.starts_on = date_edit(date.today())
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(_("e.g. illness, care for a family member"))
        self.add_field(_("&From"), "starts_on", self.starts_on)
        self.add_field(_("&Reason"), "reason", self.reason)
        self.form.addRow("", hint(_("Time interrupted is not counted in the programme period; the end dates move "
                                    "out when the person comes back.")))
        self.starts_on.setFocus()

    def operation(self) -> Callable[[], Any]:
        db, actor, programme = self.ctx.db, self.ctx.actor, self.programme
        starts_on, reason = from_qdate(self.starts_on.date()), self.reason.text()
        return lambda: kvp.interrupt_kvp(db, actor, programme.programme_id, programme.version, starts_on, reason)


class ReentryDialog(PlanDialog):
    def __init__(self, ctx: UiContext, programme: KvpView, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Back in the programme"), parent, save_text=_("&Record re-entry"))
        self.programme = programme
        self.on = date_edit(date.today())
        self.add_field(_("&Back on"), "ends_on", self.on)
        self.on.setFocus()

    def operation(self) -> Callable[[], Any]:
        db, actor, programme = self.ctx.db, self.ctx.actor, self.programme
        on = from_qdate(self.on.date())
        return lambda: kvp.resume_kvp(db, actor, programme.programme_id, programme.version, on)
