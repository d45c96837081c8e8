"""Oppsett: the organisation set-up (built out by the set-up work)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from navdesk.i18n import _
from navdesk.ui.context import UiContext
from navdesk.ui.navigation import Area


class SetupView(QWidget):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        QVBoxLayout(self).addWidget(QLabel(_("Organisation set-up")))


AREA = Area(
    key="setup",
    label=lambda: _("Set-up"),
    factory=SetupView,
    visible=lambda actor: actor.can_manage_organisation,
    order=90,
)
