"""Ending a KVP programme: the date and the reason. Its open KVP activities are cancelled with the reason."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtWidgets import QLineEdit, QWidget

from navdesk.domain.plans import KvpEndReason, choices
from navdesk.i18n import _, ngettext
from navdesk.services import kvp
from navdesk.services.plan_types import KvpView
from navdesk.ui.context import UiContext
from navdesk.ui.plans.plan_form import ChoiceBox, PlanDialog
from navdesk.ui.setup.form import date_edit, from_qdate, hint


class EndKvpDialog(PlanDialog):
    def __init__(self, ctx: UiContext, programme: KvpView, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("End the KVP programme"), parent, save_text=_("&End programme"))
        self.programme = programme
        self.ended_on = date_edit(date.today())
        self.reason = ChoiceBox()
        self.reason.set_choices(choices(KvpEndReason))
        self.note = QLineEdit()
        self.note.setPlaceholderText(_("Needed when the reason is “other”"))
        self.add_field(_("Ended &on"), "ended_on", self.ended_on)
        self.add_field(_("&Reason"), "reason", self.reason)
        self.add_field(_("&Note"), "note", self.note)
        still_open = sum(1 for activity in programme.activities if not activity.locked)
        if still_open:
            self.form.addRow("", hint(ngettext(
                "{count} KVP activity is still open. It is cancelled with this reason.",
                "{count} KVP activities are still open. They are cancelled with this reason.",
                still_open).format(count=still_open)))
        self.ended_on.setFocus()

    def operation(self) -> Callable[[], Any]:
        db, actor, programme = self.ctx.db, self.ctx.actor, self.programme
        ended_on, reason, note = from_qdate(self.ended_on.date()), self.reason.value(), self.note.text()
        return lambda: kvp.end_kvp(db, actor, programme.programme_id, programme.version, ended_on, reason, note)
